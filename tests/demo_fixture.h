/* What the suites that read the small demo share: building it (seed, today
 * 2026-11-27), one-value queries, and a runner that opens it for each test. */
#ifndef QUDAO_TEST_DEMO_FIXTURE_H
#define QUDAO_TEST_DEMO_FIXTURE_H

#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

#include "../src/db/db_internal.h"
#include "qudao/demo.h"
#include "suite.h"

static const qd_date fixture_today = { 2026, 11, 27 };
static char fixture_path[128];
static qd_db *fixture_db;

/* Removes a database file and its WAL companions. */
static inline void fixture_remove(const char *path)
{
	char side[160];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* Builds the small demo at path. 0 or -1; safe outside a test (no ck_assert). */
static inline int fixture_build(const char *path, uint64_t seed)
{
	qd_db *b;
	char *err = NULL;
	struct demo_options o = { DEMO_SMALL, 0, seed, fixture_today, NULL, NULL };
	struct demo_counts n;
	fixture_remove(path);
	if (db_open(path, DB_OPEN_CREATE, &b, &err)) {
		fprintf(stderr, "cannot create %s: %s\n", path, err ? err : "");
		return -1;
	}
	int rc = db_demo_build(b, &o, &n);
	if (rc)
		fprintf(stderr, "cannot build the demo in %s: %s\n", path, db_errmsg(b));
	db_close(b);
	return rc;
}

/* The first column of the first row of sql, read from path. */
static inline int64_t fixture_q(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
		      sqlite3_errmsg(h));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* Another connection to path that writes as qudao's do, with the triggers
 * that keep the figures (the file's guards refuse one without them,
 * db_internal.h); db_handle() gives its SQLite handle. */
static inline qd_db *fixture_writer(const char *path)
{
	qd_db *db;
	char *err = NULL;
	ck_assert_msg(db_open(path, DB_OPEN_EXISTING, &db, &err) == 0, "%s", err ? err : "");
	ck_assert_int_eq(db_kept_install(db), DB_OK);
	db_set_busy_timeout(db, 5000);
	return db;
}

/* Runs SQL on the file at path from another connection, as another qudao
 * process would write: with the triggers that keep the figures (the file's
 * guards refuse a connection without them, db_internal.h). */
static inline void fixture_exec(const char *path, const char *sql)
{
	qd_db *db = fixture_writer(path);
	char *msg = NULL;
	int rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
	sqlite3_free(msg);
	db_close(db);
}

static inline void fixture_open(void)
{
	char *err;
	ck_assert_int_eq(db_open(fixture_path, DB_OPEN_EXISTING, &fixture_db, &err), 0);
	date_set_today(fixture_today);
}

static inline void fixture_close(void)
{
	db_close(fixture_db);
}

/* Builds the demo once, then runs the tests in order in this process (later
 * tests see earlier writes), each with fixture_db open. */
static inline int fixture_run(const char *name, const TTest *const *tests, size_t n)
{
	snprintf(fixture_path, sizeof fixture_path, "/tmp/qudao-test-%s-%ld.db", name,
		 (long)getpid());
	if (fixture_build(fixture_path, 1))
		return EXIT_FAILURE;
	Suite *s = suite_create(name);
	TCase *tc = tcase_create(name);
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, fixture_open, fixture_close);
	for (size_t i = 0; i < n; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	fixture_remove(fixture_path);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
