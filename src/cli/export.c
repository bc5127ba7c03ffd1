/* qudao export KIND ...: the exports, one file each (export_*.c) exporting a
 * struct cli_kind, listed in the table below. */
#include <stdio.h>
#include <string.h>

#include "qudao/cli.h"
#include "qudao/i18n.h"

/* The records of each kind, in the order an import reads them back
 * (export_records.c). */
extern const struct cli_kind cli_export_regions, cli_export_territories, cli_export_reps,
	cli_export_products, cli_export_distributors, cli_export_targets, cli_export_amounts_due,
	cli_export_orders, cli_export_payments;

/* Every export, in the order --help lists them. */
/* clang-format off */
static const struct cli_kind *const cli_export_kinds[] = {
	&cli_export_regions,
	&cli_export_territories,
	&cli_export_reps,
	&cli_export_products,
	&cli_export_distributors,
	&cli_export_targets,
	&cli_export_amounts_due,
	&cli_export_orders,
	&cli_export_payments,
	&cli_export_visits,
	&cli_export_territory_map,
	&cli_export_territory_problems,
	&cli_export_scorecard,
	NULL,
};
/* clang-format on */

static int export_run(const struct cli_global *g, int argc, char **argv)
{
	return cli_kind_dispatch("export", cli_export_kinds, g, argc, argv);
}

const struct cli_command cli_export = {
	.name = "export",
	.usage = N_("KIND [options]   (qudao export --help lists the kinds)"),
	.summary = N_("write records out to a file: CSV, TSV, JSON (and iCalendar for visits)"),
	.run = export_run,
};
