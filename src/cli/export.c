/* qudao export KIND ...: the exports, one file each (export_*.c) exporting a
 * struct cli_kind, listed in the table below. */
#include <stdio.h>
#include <string.h>

#include "qudao/cli.h"
#include "qudao/i18n.h"

/* Every export, in the order --help lists them. */
static const struct cli_kind *const cli_export_kinds[] = {
	&cli_export_visits,
	NULL,
};

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
