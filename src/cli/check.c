/* qudao check: integrity, foreign keys, the schema against what its version
 * defines, and the kept figures against a recompute. It opens the file
 * read-only and never changes it. */
#include <stdio.h>
#include <stdlib.h>

#include "qudao/cli.h"
#include "qudao/db.h"
#include "qudao/i18n.h"

static void check_report(void *ctx, const char *line)
{
	(void)ctx;
	/* A problem line may hold names from the file (a table called with an
	 * escape sequence): it is printed through the sanitizer. */
	cli_progress_done();
	cli_print(stdout, "%s\n", line);
	fflush(stdout);
}

static void check_progress(void *ctx, const char *stage, double fraction)
{
	cli_progress(ctx, stage, fraction);
}

static int check_run(const struct cli_global *g, int argc, char **argv)
{
	if (argc > 1 && cli_is_help(argv[1]))
		return cli_command_help("check");
	if (argc > 1)
		return cli_usage_error("check", _("Unexpected argument \"%s\"."), argv[1]);
	char *path = cli_default_db_path(g, "qudao.db");
	if (!path)
		return CLI_FAILED;
	qd_db *db;
	char *err;
	if (db_open(path, DB_OPEN_CHECK, &db, &err)) {
		cli_fail("%s", err);
		free(err);
		free(path);
		return CLI_FAILED;
	}
	int problems = db_check(db, check_report, check_progress, NULL);
	cli_progress_done();
	int rc = CLI_OK;
	if (problems < 0) {
		rc = cli_fail_db(_("The check could not run"), db_errmsg(db), db_errdetail(db));
	} else if (problems > 0) {
		cli_print(stdout,
			  ngettext("%s: %d problem found.\n", "%s: %d problems found.\n",
				   (unsigned long)problems),
			  path, problems);
		rc = CLI_FAILED;
	} else if (db_file_version(db) == DB_SCHEMA_VERSION) {
		cli_print(stdout,
			  _("%s: integrity ok, foreign keys ok, schema as its version %d defines, "
			    "kept figures ok.\n"),
			  path, DB_SCHEMA_VERSION);
	} else {
		/* An older file has no kept figures to check yet: say so rather
		 * than call them ok. */
		cli_print(stdout,
			  _("%s: integrity ok, foreign keys ok, schema as its version %d defines. "
			    "qudao upgrades it to version %d when it opens it for writing; its kept "
			    "figures are checked after that.\n"),
			  path, db_file_version(db), DB_SCHEMA_VERSION);
	}
	db_close(db);
	free(path);
	return rc;
}

const struct cli_command cli_check = {
	.name = "check",
	.usage = N_("[--db PATH]"),
	.summary = N_("check a database without changing it: integrity, foreign keys, schema, "
		      "kept figures"),
	.run = check_run,
};
