/* db/page: keyset paging over typed keys gives exactly the rows of the full
 * ORDER BY, window after window, forward and backward, ascending and
 * descending, with ties and NULLs in the keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/db/db_internal.h"
#include "qudao/page.h"
#include "suite.h"

static qd_db *db;
static char path[64];

/* 500 rows: a text key with many ties, an integer key that is often NULL,
 * and the id. */
static const struct page_query query = {
	.columns = "p.id",
	.from = " FROM temp.paged p",
	.where = " WHERE p.id >= ?1",
	.keys = { { "p.grp", PAGE_TEXT, false },
		  { "p.amount", PAGE_INT, true },
		  { "p.id", PAGE_INT, false } },
	.nkeys = 3,
	.first_param = 2,
};

static void setup(void)
{
	snprintf(path, sizeof path, "/tmp/qudao-test-page-%ld.db", (long)getpid());
	unlink(path);
	char *err;
	ck_assert_int_eq(db_open(path, DB_OPEN_CREATE, &db, &err), 0);
	ck_assert_int_eq(db_exec(db,
				 "CREATE TEMP TABLE paged(id INTEGER PRIMARY KEY, grp TEXT,"
				 " amount INTEGER);"
				 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
				 " WHERE i < 500) INSERT INTO paged SELECT i * 7 % 1009,"
				 " '组' || (i % 17), CASE WHEN i % 5 = 0 THEN NULL ELSE i % 11 END"
				 " FROM n;"),
			 DB_OK);
}

static void teardown(void)
{
	db_close(db);
	unlink(path);
}

/* The ids in the order the full query gives. */
static int full_order(bool desc, int64_t *ids)
{
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT id FROM temp.paged WHERE id >= 0 ORDER BY grp %s, amount IS NOT NULL %s,"
		 " coalesce(amount, 0) %s, id %s",
		 desc ? "DESC" : "ASC", desc ? "DESC" : "ASC", desc ? "DESC" : "ASC",
		 desc ? "DESC" : "ASC");
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* One window of at most max rows; the anchor of its last (or, backward, its
 * first) row into *next. */
static int window(bool desc, enum page_mode mode, const struct page_anchor *after, int max,
		  int64_t *ids, struct page_anchor *next)
{
	char *sql = page_sql(&query, desc, mode);
	sqlite3_stmt *st;
	ck_assert_msg(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK, "%s",
		      sql);
	ck_assert_int_eq(db_bind(db, st, db_int(0)), DB_OK);
	if (after)
		ck_assert_int_eq(page_bind_anchor(db, st, &query, after), DB_OK);
	struct db_val limit = db_int(max);
	ck_assert_int_eq(db_bind_values(db, st, page_limit_param(&query), &limit, 1), DB_OK);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids[n++] = sqlite3_column_int64(st, 0);
		page_read_anchor(st, 1, &query, next);
	}
	sqlite3_finalize(st);
	free(sql);
	return n;
}

static void walk_forward(bool desc)
{
	static int64_t want[600], got[600];
	int total = full_order(desc, want);
	ck_assert_int_eq(total, 500);
	struct page_anchor a;
	int seen = 0, n;
	enum page_mode mode = PAGE_FIRST;
	while ((n = window(desc, mode, mode == PAGE_FIRST ? NULL : &a, 7, got + seen, &a)) > 0) {
		seen += n;
		mode = PAGE_AFTER;
	}
	ck_assert_int_eq(seen, total);
	for (int i = 0; i < total; i++)
		ck_assert_msg(got[i] == want[i], "row %d: %lld, wanted %lld", i, (long long)got[i],
			      (long long)want[i]);
}

START_TEST(test_page_forward_ascending_with_ties_and_nulls)
{
	walk_forward(false);
}
END_TEST

START_TEST(test_page_forward_descending_with_ties_and_nulls)
{
	walk_forward(true);
}
END_TEST

START_TEST(test_page_backward_from_the_end_gives_the_same_rows)
{
	static int64_t want[600], got[600];
	int total = full_order(false, want);
	/* The last 7: the first window of the descending order, reversed. */
	struct page_anchor a, first;
	int64_t tail[7];
	int n = window(true, PAGE_FIRST, NULL, 7, tail, &a);
	ck_assert_int_eq(n, 7);
	int at = total;
	for (int i = 0; i < n; i++)
		got[--at] = tail[i];
	/* Each earlier window: before the first row known, nearest first. */
	first = a;
	while (at > 0) {
		int64_t buf[7];
		struct page_anchor last;
		n = window(false, PAGE_BEFORE, &first, 7, buf, &last);
		ck_assert_int_gt(n, 0);
		for (int i = 0; i < n; i++)
			got[--at] = buf[i];
		first = last;
	}
	for (int i = 0; i < total; i++)
		ck_assert_int_eq(got[i], want[i]);
}
END_TEST

START_TEST(test_page_sql_uses_the_given_parameters)
{
	char *sql = page_sql(&query, false, PAGE_AFTER);
	ck_assert_ptr_nonnull(strstr(sql, "?2"));
	ck_assert_ptr_nonnull(strstr(sql, "LIMIT ?6"));
	ck_assert_int_eq(page_limit_param(&query), 6);
	free(sql);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("page");
	TCase *tc = tcase_create("page");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_page_forward_ascending_with_ties_and_nulls);
	tcase_add_test(tc, test_page_forward_descending_with_ties_and_nulls);
	tcase_add_test(tc, test_page_backward_from_the_end_gives_the_same_rows);
	tcase_add_test(tc, test_page_sql_uses_the_given_parameters);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
