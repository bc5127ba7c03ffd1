/* db/db: opening, creating, migrating, refusing and checking databases. */
#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../src/db/db_internal.h"
#include "qudao/db.h"
#include "qudao/distributor.h"
#include "qudao/sync.h"
#include "suite.h"

/* Made by main before the tests fork, removed after them. */
static char dir[64];

static char *tmp_path(const char *name)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
	return path;
}

/* The whole content of a file, for byte-for-byte comparisons. */
static char *slurp(const char *path, long *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	*len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)*len + 1);
	ck_assert_int_eq(fread(buf, 1, (size_t)*len, f), (size_t)*len);
	fclose(f);
	return buf;
}

/* qudao_writer() for a plain connection: it passes the file's guards
 * without keeping any figure, as a program writing behind qudao's back. */
static void raw_fn_yes(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, 1);
}

static void raw_forge(sqlite3 *h)
{
	ck_assert_int_eq(sqlite3_create_function(h, "qudao_writer", 0, SQLITE_UTF8, NULL,
						 raw_fn_yes, NULL, NULL),
			 SQLITE_OK);
}

/* Runs SQL from a plain connection that writes behind qudao's back. */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	raw_forge(h);
	char *err = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &err);
	ck_assert_msg(rc == SQLITE_OK, "%s", err ? err : "");
	sqlite3_close(h);
}

static int raw_int(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static qd_db *open_ok(const char *path)
{
	qd_db *db;
	char *err;
	int rc = db_open(path, DB_OPEN_CREATE, &db, &err);
	ck_assert_msg(rc == 0, "open failed: %s", err ? err : "");
	return db;
}

static void check_line(void *ctx, const char *line)
{
	(void)line;
	(*(int *)ctx)++;
}

/* qudao check finds nothing wrong with db. */
static void check_clean(qd_db *db)
{
	int lines = 0;
	ck_assert_int_eq(db_check(db, check_line, NULL, &lines), 0);
	ck_assert_int_eq(lines, 0);
}

static void busy_seen(void *ctx, int waited_ms, int left_ms)
{
	(void)waited_ms;
	(void)left_ms;
	(*(int *)ctx)++;
}

/* Runs SQL on db's own connection, inside whatever it has open. */
static void raw_exec_on(qd_db *db, const char *sql)
{
	ck_assert_int_eq(db_exec(db, sql), DB_OK);
}

START_TEST(test_db_new_file_is_migrated_to_current_schema)
{
	char *path = tmp_path("new.db");
	qd_db *db = open_ok(path);
	ck_assert_int_eq(db_count(db, "distributors"), 0);
	ck_assert_int_eq(db_count(db, "visits"), 0);
	db_close(db);
	ck_assert_int_eq(raw_int(path, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	ck_assert_int_eq(raw_int(path, "PRAGMA application_id"), DB_APPLICATION_ID);
	/* 49 tables and the search index (its shadow tables left out). */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
				       " AND name NOT LIKE 'distributor\\_fts\\_%' ESCAPE '\\'"),
			 50);
	/* The provinces of mainland China come with the schema, on a grid. */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM territories WHERE level = 'province'"
				       " AND grid_row IS NOT NULL AND length(short_name) = 2"),
			 31);
}
END_TEST

START_TEST(test_db_empty_file_is_migrated)
{
	char *path = tmp_path("empty.db");
	int fd = open(path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	qd_db *db = open_ok(path);
	db_close(db);
	ck_assert_int_eq(raw_int(path, "PRAGMA user_version"), DB_SCHEMA_VERSION);
}
END_TEST

START_TEST(test_db_new_file_is_private)
{
	char *path = tmp_path("private.db");
	mode_t old = umask(0);
	qd_db *db = open_ok(path);
	umask(old);
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	db_close(db);
}
END_TEST

START_TEST(test_db_uses_wal_and_foreign_keys)
{
	char *path = tmp_path("wal.db");
	qd_db *db = open_ok(path);
	db_close(db);
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(h);
}
END_TEST

START_TEST(test_db_open_existing_refuses_missing_file)
{
	char *path = tmp_path("missing.db");
	qd_db *db;
	char *err;
	ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "missing.db"));
	free(err);
	ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(test_db_refuses_non_sqlite_file_untouched)
{
	char *path = tmp_path("notes.txt");
	FILE *f = fopen(path, "w");
	fputs("这不是数据库 — just some notes\n", f);
	fclose(f);
	long before_len, after_len;
	char *before = slurp(path, &before_len);
	qd_db *db;
	char *err;
	ck_assert_int_eq(db_open(path, DB_OPEN_CREATE, &db, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a qudao database"));
	free(err);
	char *after = slurp(path, &after_len);
	ck_assert_int_eq(before_len, after_len);
	ck_assert_int_eq(memcmp(before, after, (size_t)before_len), 0);
	free(before);
	free(after);
	ck_assert_int_eq(access(tmp_path("notes.txt-wal"), F_OK), -1);
}
END_TEST

START_TEST(test_db_refuses_foreign_sqlite_database_untouched)
{
	char *path = tmp_path("other.db");
	raw_exec(path, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
	long before_len, after_len;
	char *before = slurp(path, &before_len);
	qd_db *db;
	char *err;
	ck_assert_int_eq(db_open(path, DB_OPEN_CREATE, &db, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a qudao one"));
	free(err);
	char *after = slurp(path, &after_len);
	ck_assert_int_eq(before_len, after_len);
	ck_assert_int_eq(memcmp(before, after, (size_t)before_len), 0);
	free(before);
	free(after);
}
END_TEST

START_TEST(test_db_refuses_newer_schema_without_writing)
{
	char *path = tmp_path("newer.db");
	qd_db *db = open_ok(path);
	db_close(db);
	raw_exec(path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
	long before_len, after_len;
	char *before = slurp(path, &before_len);
	char *err;
	ck_assert_int_eq(db_open(path, DB_OPEN_CREATE, &db, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "newer qudao"));
	free(err);
	char *after = slurp(path, &after_len);
	ck_assert_int_eq(before_len, after_len);
	ck_assert_int_eq(memcmp(before, after, (size_t)before_len), 0);
	free(before);
	free(after);
	ck_assert_int_eq(raw_int(path, "PRAGMA user_version"), 99);
}
END_TEST

/* An upgrade made only of versions that add an index or a column without a
 * reference does not check every reference again (half a minute on the
 * large demo): a file at schema 11 with a row of the history pointing to a
 * missing distributor (left by another program) still opens, and gets
 * schema 12's and 13's indexes. Every version says whether it may move a reference
 * (struct db_migration), so a new one cannot be forgotten in a list. */
START_TEST(test_db_upgrade_adding_an_index_checks_no_reference)
{
	char *path = tmp_path("v11.db");
	qd_db *db = open_ok(path);
	db_close(db);
	raw_exec(path, "DROP INDEX status_history_terminated; DROP INDEX orders_no_nocase;"
		       " DROP INDEX amounts_due_invoice_nocase; PRAGMA user_version = 11;"
		       " PRAGMA foreign_keys = OFF;"
		       " INSERT INTO status_history(id, distributor_id, to_status, changed_at,"
		       " changed_by) VALUES (1, 424242, 'active', '2026-11-27T09:00', 'x');");
	char *err = NULL;
	ck_assert_msg(db_open(path, DB_OPEN_EXISTING, &db, &err) == 0, "%s", err ? err : "");
	db_close(db);
	ck_assert_int_eq(raw_int(path, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM sqlite_schema"
				       " WHERE name = 'status_history_terminated'"),
			 1);
	ck_assert_int_eq(
		raw_int(path, "SELECT count(*) FROM sqlite_schema"
			      " WHERE name IN ('orders_no_nocase', 'amounts_due_invoice_nocase')"),
		2);
}
END_TEST

/* Every output is written beside its name and renamed over it: a device,
 * a pipe or a symbolic link at the name would be replaced itself (an
 * export to /dev/full made it a plain file and said it was written). They
 * are refused, named; a file, or a name not taken, is not. */
START_TEST(test_db_output_check_refuses_what_a_rename_would_replace)
{
	char dbpath[160], file[160], link[160];
	snprintf(dbpath, sizeof dbpath, "%s", tmp_path("out.db"));
	snprintf(file, sizeof file, "%s", tmp_path("out.csv"));
	snprintf(link, sizeof link, "%s", tmp_path("link.csv"));
	qd_db *db = open_ok(dbpath);
	ck_assert_int_eq(db_output_check(db, file), DB_OK);
	FILE *f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(db_output_check(db, file), DB_OK);
	ck_assert_int_eq(symlink(file, link), 0);
	ck_assert_int_ne(db_output_check(db, link), DB_OK);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "symbolic link"));
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), link));
	ck_assert_int_ne(db_output_check(db, "/dev/null"), DB_OK);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "/dev/null"));
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "device"));
	ck_assert_int_ne(db_output_check(db, dbpath), DB_OK);
	db_close(db);
}
END_TEST

START_TEST(test_db_check_passes_on_fresh_database)
{
	qd_db *db = open_ok(tmp_path("check.db"));
	int lines = 0;
	ck_assert_int_eq(db_check(db, check_line, NULL, &lines), 0);
	ck_assert_int_eq(lines, 0);
	db_close(db);
}
END_TEST

START_TEST(test_db_check_reports_broken_foreign_key)
{
	char *path = tmp_path("fk.db");
	qd_db *db = open_ok(path);
	db_close(db);
	qd_db *other = open_ok(path);
	ck_assert_int_eq(db_kept_install(other), DB_OK);
	ck_assert_int_eq(sqlite3_exec(db_handle(other),
				      "PRAGMA foreign_keys = OFF;"
				      "INSERT INTO distributors(id, code, name, territory_id)"
				      " VALUES (7, 'X-1', '测试', 12345);",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	db_close(other);
	db = open_ok(path);
	int lines = 0;
	ck_assert_int_eq(db_check(db, check_line, NULL, &lines), 1);
	ck_assert_int_eq(lines, 1);
	db_close(db);
}
END_TEST

START_TEST(test_db_check_reports_a_wrong_kept_total)
{
	char *path = tmp_path("total.db");
	qd_db *db = open_ok(path);
	db_close(db);
	raw_exec(path, "INSERT INTO distributors(id, code, name) VALUES (1, 'A-1', '甲');"
		       "UPDATE distributor_total SET n = 5;");
	db = open_ok(path);
	int lines = 0;
	ck_assert_int_eq(db_check(db, check_line, NULL, &lines), 1);
	db_close(db);
	raw_exec(path, "UPDATE distributor_total SET n = 1;");
	db = open_ok(path);
	ck_assert_int_eq(db_check(db, NULL, NULL, NULL), 0);
	db_close(db);
}
END_TEST

START_TEST(test_db_constraints_refuse_bad_values)
{
	char *path = tmp_path("constraints.db");
	qd_db *db = open_ok(path);
	db_close(db);
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	raw_forge(h);
	const char *bad[] = {
		"INSERT INTO distributors(id, code, name, status) VALUES (1, 'A', 'n', 'sleeping')",
		"INSERT INTO distributors(id, code, name, tier) VALUES (1, 'A', 'n', 'E')",
		"INSERT INTO distributors(id, code, name, credit_limit_fen) VALUES (1, 'A', 'n', "
		"-1)",
		"INSERT INTO distributors(id, code, name, agreement_start) VALUES (1, 'A', 'n', "
		"'2026-02-30')",
		"INSERT INTO distributors(id, code, name, status) VALUES (1, 'A', 'n', 'active')",
		"INSERT INTO distributors(id, code, name) VALUES (-5, 'A', 'n')",
		"INSERT INTO distributors(id, code, name) VALUES (1, '', 'n')",
		"INSERT INTO sales_targets(id, distributor_id, period, amount_fen) VALUES (1, 1, "
		"'2026-13', 5)",
		"INSERT INTO visits(id, distributor_id, rep_id, planned_at) VALUES (1, 1, 1, "
		"'2026-11-26 9:30')",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(sqlite3_exec(h, bad[i], NULL, NULL, NULL) != SQLITE_OK,
			      "accepted: %s", bad[i]);
	ck_assert_int_eq(
		sqlite3_exec(h, "INSERT INTO distributors(id, code, name) VALUES (1, 'A', '好')",
			     NULL, NULL, NULL),
		SQLITE_OK);
	ck_assert_int_ne(
		sqlite3_exec(h, "INSERT INTO distributors(id, code, name) VALUES (2, 'A', 'dup')",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(h);
}
END_TEST

START_TEST(test_db_reopen_keeps_data)
{
	char *path = tmp_path("reopen.db");
	qd_db *db = open_ok(path);
	db_close(db);
	raw_exec(path, "INSERT INTO regions(id, code, name) VALUES (42, 'S', '华南区')");
	db = open_ok(path);
	ck_assert_int_eq(db_count(db, "regions"), 1);
	ck_assert_int_eq(db_count(db, "no_such_table"), -1);
	db_close(db);
}
END_TEST

/* The main file's bytes and its WAL's, for "left untouched". */
struct snapshot {
	char *main, *wal;
	long main_len, wal_len;
};

static void snap(const char *path, struct snapshot *s)
{
	char wal[200];
	snprintf(wal, sizeof wal, "%s-wal", path);
	s->main = slurp(path, &s->main_len);
	s->wal = access(wal, F_OK) == 0 ? slurp(wal, &s->wal_len) : NULL;
	if (!s->wal)
		s->wal_len = -1;
}

static void assert_unchanged(const char *path, struct snapshot *before)
{
	struct snapshot after;
	snap(path, &after);
	ck_assert_int_eq(before->main_len, after.main_len);
	ck_assert_int_eq(memcmp(before->main, after.main, (size_t)after.main_len), 0);
	ck_assert_int_eq(before->wal_len, after.wal_len);
	if (after.wal)
		ck_assert_int_eq(memcmp(before->wal, after.wal, (size_t)after.wal_len), 0);
	free(before->main);
	free(before->wal);
	free(after.main);
	free(after.wal);
}

/* A current database with a foreign trigger planted in it. */
static char *planted(const char *name)
{
	char *path = tmp_path(name);
	qd_db *db = open_ok(path);
	db_close(db);
	raw_exec(path, "PRAGMA journal_mode = DELETE;"
		       "CREATE TRIGGER evil AFTER UPDATE ON distributors BEGIN"
		       "  DELETE FROM orders; END;");
	return path;
}

START_TEST(test_db_refuses_a_planted_trigger_untouched)
{
	char *path = planted("planted.db");
	struct snapshot before;
	snap(path, &before);
	qd_db *db;
	char *err;
	ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "evil"));
	free(err);
	assert_unchanged(path, &before);
}
END_TEST

START_TEST(test_db_refuses_an_altered_table_and_a_foreign_view)
{
	char *path = tmp_path("altered.db");
	qd_db *db = open_ok(path);
	db_close(db);
	raw_exec(path, "PRAGMA journal_mode = DELETE; ALTER TABLE regions ADD COLUMN x TEXT;"
		       "CREATE VIEW spy AS SELECT * FROM reps;");
	char *err;
	ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "regions"));
	ck_assert_ptr_nonnull(strstr(err, "spy"));
	free(err);
}
END_TEST

/* Every open compares the file's schema with the build's copy by looking
 * names up in it: the copy must be sorted by name, one object a name, or
 * every open would take the slow road (the schema made again in memory). */
START_TEST(test_db_schema_reference_is_sorted_by_name)
{
	int versions = 0;
	for (const struct db_schema_ref *r = db_schema_refs; r->version; r++, versions++)
		for (int i = 1; i < r->n; i++)
			ck_assert_msg(strcmp(r->objects[i - 1].name, r->objects[i].name) < 0,
				      "version %d: %s before %s", r->version,
				      r->objects[i - 1].name, r->objects[i].name);
	ck_assert_int_eq(versions, DB_SCHEMA_VERSION);
}
END_TEST

/* The open compares the schema name by name: a missing index is missed, and
 * a trigger that takes a table's name is not taken for the table. */
START_TEST(test_db_refuses_a_missing_index_and_a_trigger_named_like_a_table)
{
	char *path = tmp_path("missing-index.db");
	qd_db *db = open_ok(path);
	db_close(db);
	raw_exec(path, "PRAGMA journal_mode = DELETE; DROP INDEX territories_grid;");
	char *err;
	ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db, &err), -1);
	ck_assert_msg(strstr(err, "territories_grid") != NULL, "%s", err);
	free(err);
	char *twin = tmp_path("twin-trigger.db");
	db = open_ok(twin);
	db_close(db);
	raw_exec(twin, "PRAGMA journal_mode = DELETE; CREATE TRIGGER regions AFTER INSERT ON reps"
		       " BEGIN DELETE FROM orders; END;");
	ck_assert_int_eq(db_open(twin, DB_OPEN_EXISTING, &db, &err), -1);
	ck_assert_msg(strstr(err, "regions") != NULL, "%s", err);
	free(err);
}
END_TEST

START_TEST(test_db_check_lists_foreign_objects_and_never_writes)
{
	char *path = planted("check-planted.db");
	struct snapshot before;
	snap(path, &before);
	qd_db *db;
	char *err;
	ck_assert_msg(db_open(path, DB_OPEN_CHECK, &db, &err) == 0, "%s", err);
	int lines = 0;
	ck_assert_int_eq(db_check(db, check_line, NULL, &lines), 1);
	ck_assert_int_eq(lines, 1);
	ck_assert_int_eq(db_write_begin(db), DB_READONLY);
	db_close(db);
	assert_unchanged(path, &before);
}
END_TEST

START_TEST(test_db_check_refuses_an_empty_file_and_leaves_it_empty)
{
	char *path = tmp_path("check-empty.db");
	int fd = open(path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	qd_db *db;
	char *err;
	ck_assert_int_eq(db_open(path, DB_OPEN_CHECK, &db, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a qudao database"));
	free(err);
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_size, 0);
}
END_TEST

START_TEST(test_db_refuses_a_symlinked_database_or_wal)
{
	char *path = tmp_path("real.db");
	qd_db *db = open_ok(path);
	db_close(db);
	char link[200], wal[200];
	snprintf(link, sizeof link, "%s/link.db", dir);
	unlink(link);
	ck_assert_int_eq(symlink(path, link), 0);
	char *err;
	ck_assert_int_eq(db_open(link, DB_OPEN_EXISTING, &db, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "symbolic link"));
	free(err);
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	ck_assert_int_eq(symlink("/tmp/elsewhere", wal), 0);
	ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "symbolic link"));
	free(err);
	unlink(wal);
}
END_TEST

START_TEST(test_db_read_only_opens_and_refuses_writes_with_why)
{
	char *path = tmp_path("ro.db");
	qd_db *db = open_ok(path);
	db_close(db);
	char *err;
	ck_assert_int_eq(db_open(path, DB_OPEN_READONLY, &db, &err), 0);
	ck_assert_ptr_nonnull(db_readonly(db));
	ck_assert_int_eq(db_count(db, "distributors"), 0);
	ck_assert_int_eq(db_write_begin(db), DB_READONLY);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "read-only"));
	db_close(db);
	/* A file the user may not write opens the same way (root may write
	 * anything, so only when not root). */
	if (geteuid() != 0) {
		chmod(path, 0400);
		ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db, &err), 0);
		ck_assert_ptr_nonnull(db_readonly(db));
		ck_assert_int_eq(db_write_begin(db), DB_READONLY);
		db_close(db);
		chmod(path, 0600);
	}
}
END_TEST

/* A database with 3,000 distributors; then garbage over the pages of the
 * table (or all of its later pages), as a failing disk leaves it. */
static char *damaged(const char *name, bool whole)
{
	char *path = tmp_path(name);
	qd_db *db = open_ok(path);
	db_close(db);
	raw_exec(path,
		 "PRAGMA journal_mode = DELETE;"
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
		 " INSERT INTO distributors(id, code, name, notes) SELECT i, 'D' || i, '名' || i,"
		 " printf('%.200c', 'x') FROM n;");
	int size = raw_int(path, "PRAGMA page_size");
	int pages = raw_int(path, "PRAGMA page_count");
	/* The distributors' leaf pages, and only those: other objects' pages
	 * (the schema's among them) can lie between them. */
	int *which = calloc((size_t)pages + 1, sizeof *which), n = 0;
	sqlite3 *h;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(
		sqlite3_prepare_v2(h,
				   whole ? "WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL"
					   " SELECT n + 1 FROM p WHERE n + 1 < ?1)"
					   " SELECT n FROM p"
					 : "SELECT pageno FROM dbstat WHERE name = 'distributors'"
					   " AND pagetype = 'leaf' AND pageno < ?1",
				   -1, &st, NULL),
		SQLITE_OK);
	sqlite3_bind_int(st, 1, pages);
	while (sqlite3_step(st) == SQLITE_ROW)
		which[n++] = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	ck_assert_int_gt(n, 0);
	int fd = open(path, O_WRONLY);
	char junk[65536];
	memset(junk, 0xA5, sizeof junk);
	/* Page 1 keeps its 100-byte file header, so it is still an SQLite file. */
	for (int i = 0; i < n; i++) {
		int pg = which[i];
		off_t skip = pg == 1 ? 100 : 0;
		ck_assert_int_eq(pwrite(fd, junk, (size_t)size - (size_t)skip,
					(off_t)size * (pg - 1) + skip),
				 size - skip);
	}
	free(which);
	close(fd);
	return path;
}

START_TEST(test_db_damaged_file_is_reported_as_such_and_not_written)
{
	char *path = damaged("damaged.db", false);
	qd_db *db;
	char *err;
	ck_assert_msg(db_open(path, DB_OPEN_EXISTING, &db, &err) == 0, "%s", err);
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(db, 1500, &d), DB_CORRUPT);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "qudao check"));
	/* From then on, nothing is written to it. */
	ck_assert_int_eq(db_write_begin(db), DB_CORRUPT);
	db_dist_free(&d);
	db_close(db);
}
END_TEST

START_TEST(test_db_file_damaged_past_reading_is_refused_untouched)
{
	char *path = damaged("wrecked.db", true);
	struct snapshot before;
	snap(path, &before);
	qd_db *db;
	char *err;
	ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "damaged"));
	free(err);
	assert_unchanged(path, &before);
}
END_TEST

START_TEST(test_db_busy_is_a_typed_result_after_the_wait)
{
	char *path = tmp_path("busy.db");
	qd_db *db = open_ok(path);
	sqlite3 *other;
	ck_assert_int_eq(sqlite3_open(path, &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	db_set_busy_timeout(db, 300);
	int notified = 0;
	db_set_busy_notify(db, busy_seen, &notified);
	ck_assert_int_eq(db_write_begin(db), DB_BUSY);
	ck_assert_int_ge(notified, 1);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "another program"));
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_OK);
	db_close(db);
}
END_TEST

START_TEST(test_db_nested_writes_roll_back_only_their_part)
{
	char *path = tmp_path("nested.db");
	qd_db *db = open_ok(path);
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	raw_exec_on(db, "INSERT INTO regions(id, code, name) VALUES (1, 'A', '甲')");
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	raw_exec_on(db, "INSERT INTO regions(id, code, name) VALUES (2, 'B', '乙')");
	/* The inner part fails: only it is undone. */
	ck_assert_int_eq(db_write_end(db, DB_INVALID), DB_INVALID);
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_OK);
	ck_assert_int_eq(db_count(db, "regions"), 1);
	/* The outer part fails: everything is undone. */
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	raw_exec_on(db, "INSERT INTO regions(id, code, name) VALUES (3, 'C', '丙')");
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_OK);
	ck_assert_int_eq(db_write_end(db, DB_ERROR), DB_ERROR);
	ck_assert_int_eq(db_count(db, "regions"), 1);
	db_close(db);
}
END_TEST

START_TEST(test_db_generation_moves_with_commits_here_and_elsewhere)
{
	char *path = tmp_path("generation.db");
	qd_db *db = open_ok(path);
	uint64_t g0 = db_generation(db);
	ck_assert_int_eq(db_generation(db), g0);
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_OK);
	uint64_t g1 = db_generation(db);
	ck_assert_int_ne(g1, g0);
	raw_exec(path, "INSERT INTO regions(id, code, name) VALUES (9, 'Z', '外')");
	ck_assert_int_ne(db_generation(db), g1);
	db_close(db);
}
END_TEST

START_TEST(test_db_a_statement_used_again_before_it_finished_is_caught)
{
	char *path = tmp_path("busy-stmt.db");
	qd_db *db = open_ok(path);
	static const char sql[] = "SELECT id FROM territories";
	sqlite3_stmt *st = db_stmt(db, sql);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	/* Reading it again while the first read is under way: refused, not a
	 * silent reset under the first reader's feet. */
	ck_assert_ptr_null(db_stmt(db, sql));
	ck_assert_int_eq(db_errcode(db), DB_ERROR);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	sqlite3_reset(st);
	ck_assert_ptr_nonnull(db_stmt(db, sql));
	db_close(db);
}
END_TEST

START_TEST(test_db_binding_more_values_than_parameters_is_an_error)
{
	char *path = tmp_path("bind.db");
	qd_db *db = open_ok(path);
	static const char sql[] = "SELECT ?1 + ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	ck_assert_int_eq(db_bind(db, st, db_int(1), db_int(2), db_int(3)), DB_ERROR);
	ck_assert_int_eq(db_bind(db, st, db_int(40), db_int(2)), DB_OK);
	int64_t v;
	ck_assert_int_eq(db_int_of(db, st, &v, NULL), DB_OK);
	ck_assert_int_eq(v, 42);
	db_close(db);
}
END_TEST

/* SQLite parses every trigger of a file when it opens it: the triggers that
 * keep the figures (176 KB of SQL, two thirds of the time to the first
 * screen) are not in the file but made by each connection before its first
 * write; the file holds only small guards and rules. */
START_TEST(test_db_file_holds_no_kept_figure_triggers)
{
	char *path = tmp_path("small-schema.db");
	qd_db *db = open_ok(path);
	db_close(db);
	int bytes = raw_int(path, "SELECT coalesce(sum(length(sql)), 0) FROM sqlite_schema"
				  " WHERE type = 'trigger'");
	ck_assert_msg(bytes < 16 * 1024, "the file's triggers hold %d bytes of SQL", bytes);
	ck_assert_int_eq(
		raw_int(path,
			"SELECT count(*) FROM sqlite_schema"
			" WHERE type = 'trigger' AND (name GLOB 's6_*' OR name GLOB '*kept*')"),
		0);
}
END_TEST

/* An order written through qudao keeps its month's figure; a program that
 * writes the file without qudao's triggers is refused, so no figure is left
 * behind. */
START_TEST(test_db_writes_without_the_kept_triggers_are_refused)
{
	char *path = tmp_path("guarded.db");
	qd_db *db = open_ok(path);
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(db_exec(db,
				 "INSERT INTO distributors(id, code, name) VALUES (5, 'G-1', '守');"
				 "INSERT INTO orders(id, order_no, distributor_id, order_date,"
				 " status, total_fen, ship_date) VALUES (9, 'SO-9', 5,"
				 " '2026-11-02', 'shipped', 12345, '2026-11-03');"),
			 DB_OK);
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_OK);
	db_close(db);
	ck_assert_int_eq(raw_int(path, "SELECT sales_fen FROM dist_month WHERE distributor_id = 5"
				       " AND month = '2026-11'"),
			 12345);
	ck_assert_int_eq(raw_int(path, "SELECT sales_fen FROM dist_period WHERE kind = 'Q'"
				       " AND period = '2026-Q4' AND distributor_id = 5"),
			 12345);
	sqlite3 *h;
	char *msg = NULL;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_ne(
		sqlite3_exec(h, "UPDATE orders SET total_fen = 1 WHERE id = 9", NULL, NULL, &msg),
		SQLITE_OK);
	ck_assert_ptr_nonnull(msg);
	ck_assert_ptr_nonnull(strstr(msg, "qudao_writer"));
	sqlite3_free(msg);
	sqlite3_close(h);
	ck_assert_int_eq(raw_int(path, "SELECT total_fen FROM orders WHERE id = 9"), 12345);
	db = open_ok(path);
	check_clean(db);
	db_close(db);
}
END_TEST

/* Runs sql in one write of db, which must succeed. */
static void write_ok(qd_db *db, const char *sql)
{
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(db_exec(db, sql), DB_OK);
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_OK);
}

/* A bulk load that pauses the triggers and then fails rolls back to a
 * connection whose triggers are all in place: its next write keeps the
 * figures. */
START_TEST(test_db_a_failed_bulk_load_leaves_the_triggers_in_place)
{
	char *path = tmp_path("paused.db");
	qd_db *db = open_ok(path);
	write_ok(db, "INSERT INTO distributors(id, code, name) VALUES (5, 'P-1', '停');");
	int made = db_kept_temp_count(db);
	ck_assert_int_gt(made, 50);
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(db_kept_pause(db), DB_OK);
	ck_assert_int_eq(db_kept_temp_count(db), 0);
	ck_assert_int_eq(db_write_end(db, DB_INVALID), DB_INVALID);
	ck_assert_int_eq(db_kept_temp_count(db), made);
	ck_assert_int_eq(db_kept_state(db), DB_KEPT_ON);
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(db_exec(db, "INSERT INTO orders(id, order_no, distributor_id, order_date,"
				     " status, total_fen, ship_date) VALUES (9, 'SO-9', 5,"
				     " '2026-11-02', 'shipped', 500, '2026-11-03');"),
			 DB_OK);
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_OK);
	int lines = 0;
	ck_assert_int_eq(db_check(db, check_line, NULL, &lines), 0);
	db_close(db);
	ck_assert_int_eq(raw_int(path, "SELECT sales_fen FROM dist_month WHERE distributor_id = 5"),
			 500);
}
END_TEST

/* Pauses and resumes inside savepoints: whatever is rolled back, the state
 * the connection keeps matches the triggers it has, and a commit whose
 * figures were not made again is refused. */
START_TEST(test_db_kept_state_follows_savepoint_rollbacks)
{
	qd_db *db = open_ok(tmp_path("savepoints.db"));
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(
		db_exec(db, "INSERT INTO distributors(id, code, name) VALUES (5, 'S-1', '存');"),
		DB_OK);
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_OK);
	int made = db_kept_temp_count(db);
	ck_assert_int_gt(made, 50);
	/* Paused, made again in a savepoint that is rolled back: paused still,
	 * and the commit is refused rather than leaving rows unkept. */
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(db_kept_pause(db), DB_OK);
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(db_kept_resume(db), DB_OK);
	ck_assert_int_eq(db_kept_state(db), DB_KEPT_ON);
	ck_assert_int_eq(db_write_end(db, DB_INVALID), DB_INVALID);
	ck_assert_int_eq(db_kept_state(db), DB_KEPT_PAUSED);
	ck_assert_int_eq(db_kept_temp_count(db), 0);
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_ERROR);
	ck_assert_int_eq(db_kept_state(db), DB_KEPT_ON);
	ck_assert_int_eq(db_kept_temp_count(db), made);
	/* Paused in a savepoint that is rolled back: on again, and a bulk
	 * load after it pauses and makes the figures as usual. */
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	ck_assert_int_eq(db_kept_pause(db), DB_OK);
	ck_assert_int_eq(db_write_end(db, DB_INVALID), DB_INVALID);
	ck_assert_int_eq(db_kept_state(db), DB_KEPT_ON);
	ck_assert_int_eq(db_kept_temp_count(db), made);
	ck_assert_int_eq(db_kept_pause(db), DB_OK);
	ck_assert_int_eq(db_exec(db, "INSERT INTO orders(id, order_no, distributor_id, order_date,"
				     " status, total_fen, ship_date) VALUES (9, 'SO-9', 5,"
				     " '2026-11-02', 'shipped', 700, '2026-11-03');"),
			 DB_OK);
	ck_assert_int_eq(db_kept_resume(db), DB_OK);
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_OK);
	/* Outside a write there is nothing to pause. */
	ck_assert_int_eq(db_kept_pause(db), DB_ERROR);
	ck_assert_int_eq(db_kept_state(db), DB_KEPT_ON);
	check_clean(db);
	db_close(db);
}
END_TEST

/* Every table a kept-figure trigger watches has the file's three guards,
 * but for the summary tables only those triggers write. */
START_TEST(test_db_every_watched_table_is_guarded)
{
	char *path = tmp_path("guards.db");
	qd_db *db = open_ok(path);
	ck_assert_int_eq(db_kept_install(db), DB_OK);
	sqlite3_stmt *st;
	ck_assert_int_eq(
		sqlite3_prepare_v2(
			db_handle(db),
			"SELECT DISTINCT t.tbl_name FROM temp.sqlite_schema t"
			" WHERE t.type = 'trigger' AND t.tbl_name NOT IN ('dist_month',"
			" 'distributor_stats', 'cross_orders', 'kept_recompute')"
			" AND (SELECT count(*) FROM main.sqlite_schema g WHERE g.type = 'trigger'"
			" AND g.tbl_name = t.tbl_name AND g.name GLOB '*_by_qudao_*') <> 3",
			-1, &st, NULL),
		SQLITE_OK);
	ck_assert_msg(sqlite3_step(st) == SQLITE_DONE, "%s has kept figures but no guards",
		      (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	db_close(db);
}
END_TEST

/* A per-distributor stats row deleted behind qudao's back (summary tables
 * have no guards) is reported, not hidden by the checks that join it. */
START_TEST(test_db_check_reports_a_missing_stats_row)
{
	char *path = tmp_path("stats-row.db");
	qd_db *db = open_ok(path);
	write_ok(db, "INSERT INTO distributors(id, code, name) VALUES (5, 'M-1', '缺');");
	db_close(db);
	raw_exec(path, "DELETE FROM distributor_stats WHERE distributor_id = 5");
	db = open_ok(path);
	int lines = 0;
	ck_assert_int_eq(db_check(db, check_line, NULL, &lines), 1);
	ck_assert_int_eq(lines, 1);
	db_close(db);
}
END_TEST

/* The binder by a format of letters (a wrong letter count bound NULL without
 * a word) is gone: every binding goes through the typed db_bind. A weak
 * reference is NULL unless the db layer still defines it. */
extern int db_bindf(qd_db *db, sqlite3_stmt *st, const char *fmt, ...) __attribute__((weak));

START_TEST(test_db_no_binding_by_format_letters)
{
	ck_assert_msg(db_bindf == NULL, "db_bindf, the untyped binder, is still in the db layer");
}
END_TEST

/* Copies a file byte for byte. */
static void copy_file(const char *from, const char *to)
{
	long len;
	char *buf = slurp(from, &len);
	FILE *f = fopen(to, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fwrite(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	free(buf);
}

START_TEST(test_db_schema_v1_file_upgrades_and_checks_clean)
{
	/* A real database written by qudao 0.1 (schema 1), committed. */
	const char *data = getenv("QUDAO_TEST_DATA");
	ck_assert_ptr_nonnull(data);
	char from[512];
	snprintf(from, sizeof from, "%s/schema-v1.db", data);
	char *path = tmp_path("v1.db");
	copy_file(from, path);
	int dists = raw_int(path, "SELECT count(*) FROM distributors");
	int orders = raw_int(path, "SELECT count(*) FROM orders");
	qd_db *db;
	char *err;
	ck_assert_msg(db_open(path, DB_OPEN_EXISTING, &db, &err) == 0, "%s", err);
	db_close(db);
	ck_assert_int_eq(raw_int(path, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM distributors"), dists);
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM orders"), orders);
	/* Payments that named their invoice in the reference now name it. */
	ck_assert_int_gt(
		raw_int(path, "SELECT count(*) FROM payments WHERE invoice_no IS NOT NULL"), 0);
	ck_assert_msg(db_open(path, DB_OPEN_CHECK, &db, &err) == 0, "%s", err);
	check_clean(db);
	db_close(db);
}
END_TEST

/* Removes the scratch directory and whatever the tests left in it. */
static void remove_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char path[400];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* Whether another process finds the database at path read-locked: SQLite's
 * shared lock, held by a connection in WAL mode all the while it is open
 * (it tells a process closing its own connection that the WAL is in use
 * and must stay). Asked from a child: a process's own locks never conflict
 * with its own question. */
static bool locked_at(const char *path, off_t start, off_t len)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = open(path, O_RDWR);
		struct flock fl = {
			.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len
		};
		_exit(fd >= 0 && fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK ? 0 : 1);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static bool locked_elsewhere(const char *path)
{
	return locked_at(path, 0x40000000 + 2, 510); /* SQLite's shared bytes */
}

/* The lock every connection holds on its -shm while it is open (its byte
 * 128: the process closing the file last finds none, and clears it). */
static bool shm_locked_elsewhere(const char *path)
{
	char shm[200];
	snprintf(shm, sizeof shm, "%s-shm", path);
	return locked_at(shm, 128, 1);
}

/* A second connection to the same file in this process (the scorecards
 * read a large board on two) left the first without its locks: opening
 * read the file's header through a descriptor of its own, and closing any
 * descriptor of a file drops every lock the process holds on it. The next
 * process to close the file then took the WAL for unused, checkpointed and
 * deleted it; what the first connection saved after went to the deleted
 * WAL, unseen by every other process, and came back over their writes when
 * it closed (found by ux89: a kept total wrong in qudao check). */
START_TEST(test_db_a_second_connection_leaves_the_first_its_locks)
{
	char *path = strdup(tmp_path("locks.db"));
	qd_db *db = open_ok(path);
	ck_assert_int_eq(db_exec(db, "SELECT count(*) FROM distributors"), DB_OK);
	ck_assert(locked_elsewhere(path));
	for (int mode = 0; mode < 2; mode++) {
		qd_db *other;
		char *err = NULL;
		ck_assert_int_eq(
			db_open(path, mode ? DB_OPEN_EXISTING : DB_OPEN_READONLY, &other, &err), 0);
		db_close(other);
		ck_assert(locked_elsewhere(path));
	}
	/* The -shm or the -wal named as an export or as a bundle, under its
	 * name or a hard link: refused without being opened, the locks kept
	 * (found by ux90: each was opened to find out what it was). */
	ck_assert(shm_locked_elsewhere(path));
	char side[200], link_name[200];
	for (int k = 0; k < 3; k++) {
		snprintf(side, sizeof side, "%s%s", path, k == 1 ? "-wal" : "-shm");
		snprintf(link_name, sizeof link_name, "%s.link", path);
		unlink(link_name);
		if (k == 2)
			ck_assert_int_eq(link(side, link_name), 0);
		const char *name = k == 2 ? link_name : side;
		ck_assert(db_own_file(db, name));
		ck_assert_int_eq(db_output_check(db, name), DB_INVALID);
		struct sync_result res;
		ck_assert_int_eq(db_sync_import(db, name, &res), DB_INVALID);
		ck_assert_msg(strstr(db_errmsg(db), "own files"), "%s", db_errmsg(db));
		ck_assert(locked_elsewhere(path));
		ck_assert(shm_locked_elsewhere(path));
		unlink(link_name);
	}
	/* Another process comes and goes; a save here is then seen there. */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM distributors"), 0);
	raw_exec(path, "INSERT INTO distributors(id, code, name) VALUES (7, 'LK-1', '锁')");
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM distributors"), 1);
	db_close(db);
	free(path);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_db_new_file_is_migrated_to_current_schema,
		test_db_empty_file_is_migrated,
		test_db_new_file_is_private,
		test_db_uses_wal_and_foreign_keys,
		test_db_open_existing_refuses_missing_file,
		test_db_refuses_non_sqlite_file_untouched,
		test_db_refuses_foreign_sqlite_database_untouched,
		test_db_refuses_newer_schema_without_writing,
		test_db_upgrade_adding_an_index_checks_no_reference,
		test_db_output_check_refuses_what_a_rename_would_replace,
		test_db_check_passes_on_fresh_database,
		test_db_check_reports_broken_foreign_key,
		test_db_check_reports_a_wrong_kept_total,
		test_db_constraints_refuse_bad_values,
		test_db_reopen_keeps_data,
		test_db_refuses_a_planted_trigger_untouched,
		test_db_refuses_an_altered_table_and_a_foreign_view,
		test_db_refuses_a_missing_index_and_a_trigger_named_like_a_table,
		test_db_schema_reference_is_sorted_by_name,
		test_db_check_lists_foreign_objects_and_never_writes,
		test_db_check_refuses_an_empty_file_and_leaves_it_empty,
		test_db_refuses_a_symlinked_database_or_wal,
		test_db_read_only_opens_and_refuses_writes_with_why,
		test_db_damaged_file_is_reported_as_such_and_not_written,
		test_db_file_damaged_past_reading_is_refused_untouched,
		test_db_busy_is_a_typed_result_after_the_wait,
		test_db_nested_writes_roll_back_only_their_part,
		test_db_generation_moves_with_commits_here_and_elsewhere,
		test_db_schema_v1_file_upgrades_and_checks_clean,
		test_db_a_statement_used_again_before_it_finished_is_caught,
		test_db_binding_more_values_than_parameters_is_an_error,
		test_db_no_binding_by_format_letters,
		test_db_file_holds_no_kept_figure_triggers,
		test_db_writes_without_the_kept_triggers_are_refused,
		test_db_a_failed_bulk_load_leaves_the_triggers_in_place,
		test_db_kept_state_follows_savepoint_rollbacks,
		test_db_every_watched_table_is_guarded,
		test_db_check_reports_a_missing_stats_row,
		test_db_a_second_connection_leaves_the_first_its_locks,
	};
	strcpy(dir, "/tmp/qudao-test-db-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	int rc = suite_run("db", tests, sizeof tests / sizeof tests[0]);
	remove_dir();
	return rc;
}
