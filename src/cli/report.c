/* qudao report KIND ...: the reports, one file each (report_*.c) exporting a
 * struct cli_kind, listed in the table below. */
#include <stdio.h>
#include <string.h>

#include "qudao/cli.h"
#include "qudao/i18n.h"

/* Every report, in the order --help lists them. */
static const struct cli_kind *const cli_report_kinds[] = {
	&cli_report_territories,
	&cli_report_problems,
	&cli_report_scorecard,
	NULL,
};

static int report_run(const struct cli_global *g, int argc, char **argv)
{
	return cli_kind_dispatch("report", cli_report_kinds, g, argc, argv);
}

const struct cli_command cli_report = {
	.name = "report",
	.usage = N_("KIND [options]   (qudao report --help lists the kinds)"),
	.summary = N_("print a report as a table, CSV or JSON"),
	.run = report_run,
};
