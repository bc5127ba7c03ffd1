/* db/db: opening, creating, migrating, refusing and checking databases. */
#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qudao/db.h"
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

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
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

START_TEST(test_db_new_file_is_migrated_to_current_schema)
{
	char *path = tmp_path("new.db");
	qd_db *db = open_ok(path);
	ck_assert_int_eq(db_count(db, "distributors"), 0);
	ck_assert_int_eq(db_count(db, "visits"), 0);
	db_close(db);
	ck_assert_int_eq(raw_int(path, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	ck_assert_int_eq(raw_int(path, "PRAGMA application_id"), DB_APPLICATION_ID);
	/* 22 tables and the search index (its shadow tables left out). */
	ck_assert_int_eq(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
				       " AND name NOT LIKE 'distributor\\_fts\\_%' ESCAPE '\\'"),
			 23);
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

START_TEST(test_db_check_passes_on_fresh_database)
{
	qd_db *db = open_ok(tmp_path("check.db"));
	int lines = 0;
	ck_assert_int_eq(db_check(db, check_line, &lines), 0);
	ck_assert_int_eq(lines, 0);
	db_close(db);
}
END_TEST

START_TEST(test_db_check_reports_broken_foreign_key)
{
	char *path = tmp_path("fk.db");
	qd_db *db = open_ok(path);
	db_close(db);
	raw_exec(path, "PRAGMA foreign_keys = OFF;"
		       "INSERT INTO distributors(id, code, name, territory_id) VALUES (7, 'X-1', "
		       "'测试', 12345);");
	db = open_ok(path);
	int lines = 0;
	ck_assert_int_eq(db_check(db, check_line, &lines), 1);
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
	ck_assert_int_eq(db_check(db, check_line, &lines), 1);
	db_close(db);
	raw_exec(path, "UPDATE distributor_total SET n = 1;");
	db = open_ok(path);
	ck_assert_int_eq(db_check(db, NULL, NULL), 0);
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
		test_db_check_passes_on_fresh_database,
		test_db_check_reports_broken_foreign_key,
		test_db_check_reports_a_wrong_kept_total,
		test_db_constraints_refuse_bad_values,
		test_db_reopen_keeps_data,
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
