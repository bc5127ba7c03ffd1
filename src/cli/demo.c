/* qudao demo: build a demo database into a new file, atomically. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "qudao/cli.h"
#include "qudao/db.h"
#include "qudao/demo.h"
#include "qudao/i18n.h"
#include "qudao/xalloc.h"

/* Builds into path + ".building-PID", then puts it in place (db_demo_install),
 * so the path holds either the old file, whole, or a whole demo database.
 * 0 or -1 (message printed). */
static int demo_build_file(const char *path, const struct demo_options *o, int quiet)
{
	db_remove_stale(path);
	char *tmp = db_building_path(path, "");
	qd_db *db;
	char *err;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (db_open(tmp, DB_OPEN_CREATE, &db, &err)) {
		cli_fail("%s", err);
		free(err);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	struct demo_counts n;
	int rc = db_demo_build(db, o, &n);
	cli_progress_done();
	if (rc)
		cli_fail_db(_("Building the demo database failed"), db_errmsg(db),
			    db_errdetail(db));
	db_close(db);
	if (!rc && db_demo_install(tmp, path, &err)) {
		cli_fail("%s", err);
		free(err);
		rc = -1;
	}
	if (rc)
		unlink(tmp);
	free(tmp);
	if (rc)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (!quiet) {
		char today[DATE_BUF];
		cli_print(stdout,
			  _("Demo database %s: %lld distributors, %lld orders, %lld visits, %lld "
			    "payments "
			    "(seed %llu, today %s) in %.1f s.\n"),
			  path, (long long)n.distributors, (long long)n.orders, (long long)n.visits,
			  (long long)n.payments, (unsigned long long)o->seed,
			  date_format(o->today, today), secs);
	}
	return 0;
}

static int demo_run(const struct cli_global *g, int argc, char **argv)
{
	struct demo_options o = { DEMO_SMALL, 0, 1, date_today(), cli_progress, NULL };
	int force = 0;
	/* A demo is written: --read-only was taken and the file replaced. */
	if (g->read_only)
		return cli_usage_error("demo", _("demo writes a database; leave out --read-only."));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = NULL;
		if (!strcmp(a, "--force")) {
			force = 1;
			continue;
		}
		if (cli_is_help(a))
			return cli_command_help("demo");
		if (!strcmp(a, "--size") || !strcmp(a, "--seed") || !strcmp(a, "--today")) {
			if (i + 1 >= argc)
				return cli_usage_error("demo", _("%s needs a value."), a);
			v = argv[++i];
		} else {
			return cli_usage_error("demo", _("Unknown option \"%s\"."), a);
		}
		if (!strcmp(a, "--size")) {
			char *end;
			long long n = strtoll(v, &end, 10);
			if (!strcmp(v, "small")) {
				o.size = DEMO_SMALL;
			} else if (!strcmp(v, "large")) {
				o.size = DEMO_LARGE;
			} else if (*v && !*end && n >= 50 && n <= 1000000) {
				/* A number of distributors, for benchmarks; past 10,000 the
				 * large demo's shape (a recent quarter of visits). */
				o.count = n;
				o.size = n > 10000 ? DEMO_LARGE : DEMO_SMALL;
			} else {
				return cli_usage_error(
					"demo",
					_("--size takes small, large or a number of "
					  "distributors from 50 to 1000000, not \"%s\"."),
					v);
			}
		} else if (!strcmp(a, "--seed")) {
			char *end;
			errno = 0;
			unsigned long long seed = strtoull(v, &end, 10);
			if (errno || *end || !*v || v[0] == '-')
				return cli_usage_error(
					"demo", _("--seed takes a whole number, not \"%s\"."), v);
			o.seed = seed;
		} else if (date_parse(v, &o.today) || !date_in_range(o.today)) {
			return cli_usage_error("demo",
					       _("--today takes a date from %d-01-01 to %d-12-31 "
						 "written YYYY-MM-DD, not \"%s\"."),
					       DATE_MIN_YEAR, DATE_MAX_YEAR, v);
		}
	}
	char *path = cli_default_db_path(g, "demo.db");
	if (!path)
		return CLI_FAILED;
	if (!force && access(path, F_OK) == 0) {
		cli_fail(_("%s already exists; remove it, give another --db, or add --force to "
			   "replace it."),
			 path);
		free(path);
		return CLI_FAILED;
	}
	if (cli_make_parent(path)) {
		free(path);
		return CLI_FAILED;
	}
	int rc = demo_build_file(path, &o, 0) ? CLI_FAILED : CLI_OK;
	free(path);
	return rc;
}

int cli_demo_ensure(const char *path)
{
	if (access(path, F_OK) == 0)
		return 0;
	struct demo_options o = { DEMO_SMALL, 0, 1, date_today(), cli_progress, NULL };
	return demo_build_file(path, &o, 1);
}

const struct cli_command cli_demo = {
	.name = "demo",
	.usage = N_(
		"[--db PATH] [--size small|large|COUNT] [--seed N] [--today YYYY-MM-DD] [--force]"),
	.summary = N_("build a demo database with realistic data"),
	.run = demo_run,
};
