/* qudao check: integrity, foreign keys and schema version of a database. */
#include <stdio.h>
#include <stdlib.h>

#include "qudao/cli.h"
#include "qudao/db.h"
#include "qudao/i18n.h"

static void check_report(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
}

static int check_run(const struct cli_global *g, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error("check", _("Unexpected argument \"%s\"."), argv[1]);
	char *path = cli_default_db_path(g, "qudao.db");
	if (!path)
		return CLI_FAILED;
	qd_db *db;
	char *err;
	if (db_open(path, DB_OPEN_EXISTING, &db, &err)) {
		cli_fail("%s", err);
		free(err);
		free(path);
		return CLI_FAILED;
	}
	int problems = db_check(db, check_report, NULL);
	int rc = CLI_OK;
	if (problems < 0) {
		rc = cli_fail(_("The check could not run: %s"), db_errmsg(db));
	} else if (problems > 0) {
		printf(_("%s: %d problems found.\n"), path, problems);
		rc = CLI_FAILED;
	} else {
		printf(_("%s: integrity ok, foreign keys ok, schema version %d.\n"), path,
		       DB_SCHEMA_VERSION);
	}
	db_close(db);
	free(path);
	return rc;
}

const struct cli_command cli_check = {
	.name = "check",
	.usage = N_("[--db PATH]"),
	.summary = N_("check a database: integrity, foreign keys, schema version"),
	.run = check_run,
};
