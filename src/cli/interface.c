/* Starting the interface from the command line: pick the database, build the
 * demo one when asked, then hand over to ui/. */
#include <stdio.h>
#include <stdlib.h>

#include "qudao/cli.h"
#include "qudao/i18n.h"

int cli_interface(const struct cli_global *g, int demo)
{
	char *path = cli_default_db_path(g, demo ? "demo.db" : "qudao.db");
	if (!path)
		return CLI_FAILED;
	if (demo && cli_demo_ensure(path)) {
		free(path);
		return CLI_FAILED;
	}
	free(path);
	return cli_fail(_("The full-screen interface is not available in this version yet; "
	                  "use the commands listed by \"qudao --help\"."));
}
