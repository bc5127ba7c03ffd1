/* Starting the interface from the command line: pick the database (asking on
 * first run), build the demo one when asked, open it, hand over to ui/. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "qudao/cli.h"
#include "qudao/db.h"
#include "qudao/i18n.h"
#include "qudao/ui.h"
#include "qudao/xalloc.h"

int cli_interface(const struct cli_global *g, int demo)
{
	char *path = cli_default_db_path(g, demo ? "demo.db" : "qudao.db");
	if (!path)
		return CLI_FAILED;
	if (!demo && access(path, F_OK) != 0) {
		switch (ui_first_run(path)) {
		case FIRST_RUN_DEMO:
			if (!g->db_path) {
				free(path);
				path = cli_default_db_path(g, "demo.db");
				if (!path)
					return CLI_FAILED;
			}
			demo = 1;
			break;
		case FIRST_RUN_EMPTY:
			break;
		case FIRST_RUN_QUIT:
			free(path);
			return CLI_OK;
		}
	}
	if (demo && cli_demo_ensure(path)) {
		free(path);
		return CLI_FAILED;
	}
	qd_db *db;
	char *err;
	if (db_open(path, DB_OPEN_CREATE, &db, &err)) {
		cli_fail("%s", err);
		free(err);
		free(path);
		return CLI_FAILED;
	}
	free(path);
	char *user = cli_config_value("user");
	const char *who = user ? user : getenv("USER");
	struct ui_options o = { who && *who ? who : "qudao" };
	int rc = ui_run(db, &o) ? CLI_FAILED : CLI_OK;
	free(user);
	db_close(db);
	return rc;
}
