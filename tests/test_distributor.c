/* db/distributor: the list query (paging, sorting, filters, search with
 * pinyin), saving with validation, and lifecycle moves with history. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../src/db/db_internal.h"
#include "demo_fixture.h"
#include "qudao/demo.h"
#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/pinyin.h"
#include "qudao/reference.h"
#include "qudao/territory.h"
#include "qudao/validate.h"

static const qd_date today = { 2026, 11, 27 };

static int64_t q(const char *sql)
{
	return fixture_q(fixture_path, sql);
}

static struct dist_row rows[400];

static int all(const struct dist_filter *f, qd_dist_sort sort, bool desc)
{
	int n = db_dist_page(fixture_db, f, sort, desc, NULL, false, today, rows, 400);
	ck_assert_int_ge(n, 0);
	return n;
}

START_TEST(test_dist_first_page_is_sorted_by_pinyin)
{
	struct dist_filter f = { 0 };
	int n = db_dist_page(fixture_db, &f, DIST_SORT_NAME, false, NULL, false, today, rows, 20);
	ck_assert_int_eq(n, 20);
	for (int i = 1; i < n; i++)
		ck_assert_int_le(strcmp(rows[i - 1].key1, rows[i].key1), 0);
}
END_TEST

START_TEST(test_dist_pages_join_without_gap_or_overlap)
{
	struct dist_filter f = { 0 };
	for (qd_dist_sort s = 0; s < DIST_SORT_COUNT; s++) {
		for (int desc = 0; desc < 2; desc++) {
			int total = all(&f, s, desc);
			ck_assert_int_eq(total, 300);
			static struct dist_row whole[400];
			memcpy(whole, rows, sizeof(struct dist_row) * (size_t)total);
			/* Walk forward 7 at a time. */
			struct dist_row page[7], last;
			int seen = 0, n;
			const struct dist_row *after = NULL;
			while ((n = db_dist_page(fixture_db, &f, s, desc, after, false, today, page,
						 7)) > 0) {
				for (int i = 0; i < n; i++)
					ck_assert_int_eq(page[i].id, whole[seen + i].id);
				seen += n;
				last = page[n - 1];
				after = &last;
			}
			ck_assert_int_eq(seen, total);
			/* And back from the end. */
			n = db_dist_page(fixture_db, &f, s, desc, NULL, true, today, page, 7);
			ck_assert_int_eq(n, 7);
			for (int i = 0; i < n; i++)
				ck_assert_int_eq(page[i].id, whole[total - 7 + i].id);
			struct dist_row first = page[0];
			n = db_dist_page(fixture_db, &f, s, desc, &first, true, today, page, 7);
			ck_assert_int_eq(n, 7);
			for (int i = 0; i < n; i++)
				ck_assert_int_eq(page[i].id, whole[total - 14 + i].id);
		}
	}
}
END_TEST

START_TEST(test_dist_place_is_the_rows_index_in_every_sort_filter_and_search)
{
	/* Every sort, both ways, no filter, a filter and searches of each
	 * kind: each row's place is where the whole read put it. */
	struct dist_filter fs[6] = { { 0 } };
	fs[1].status_mask = 1u << STATUS_ACTIVE;
	snprintf(fs[2].search, sizeof fs[2].search, "%s", "gz");
	snprintf(fs[3].search, sizeof fs[3].search, "%s", "138");
	snprintf(fs[4].search, sizeof fs[4].search, "%s", "广州th");
	/* A province: the name sort's pages read the territory key's index. */
	fs[5].territory_id = q("SELECT territory_id FROM distributors GROUP BY territory_id"
			       " ORDER BY count(*) DESC LIMIT 1");
	for (int k = 0; k < 6; k++)
		for (qd_dist_sort s = 0; s < DIST_SORT_COUNT; s++)
			for (int desc = 0; desc < 2; desc++) {
				int total = all(&fs[k], s, desc);
				ck_assert_int_gt(total, 0);
				for (int i = 0; i < total; i += 1 + total / 9)
					ck_assert_msg(db_dist_place(fixture_db, &fs[k], s, desc,
								    &rows[i], today) == i,
						      "filter %d sort %d desc %d row %d", k, s, desc,
						      i);
				ck_assert_int_eq(db_dist_place(fixture_db, &fs[k], s, desc,
							       &rows[total - 1], today),
						 total - 1);
			}
}
END_TEST

START_TEST(test_dist_sort_desc_reverses_asc)
{
	struct dist_filter f = { 0 };
	static struct dist_row asc[400];
	int n = all(&f, DIST_SORT_CODE, false);
	memcpy(asc, rows, sizeof asc);
	ck_assert_int_eq(all(&f, DIST_SORT_CODE, true), n);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(rows[i].id, asc[n - 1 - i].id);
	ck_assert_int_lt(strcmp(asc[0].code, asc[1].code), 0);
}
END_TEST

START_TEST(test_dist_filter_by_status_and_tier)
{
	struct dist_filter f = { 0 };
	f.status_mask = 1u << STATUS_ACTIVE;
	int n = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_eq(n, q("SELECT count(*) FROM distributors WHERE status = 'active'"));
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(rows[i].status, STATUS_ACTIVE);
	f.tier_mask = 1u << 0;
	n = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_eq(
		n, q("SELECT count(*) FROM distributors WHERE status = 'active' AND tier = 'A'"));
	ck_assert_int_eq(db_dist_count(fixture_db, &f, today, NULL), n);
}
END_TEST

START_TEST(test_dist_filter_territory_includes_children)
{
	struct dist_filter f = { 0 };
	struct ref_item t;
	ck_assert_int_eq(db_ref_territory_by_code(fixture_db, "GD", &t), DB_OK);
	/* Its name in the language shown. */
	ck_assert_str_eq(t.name, i18n_lang() == LANG_EN ? "Guangdong" : "广东省");
	f.territory_id = t.id;
	int n = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_eq(
		n,
		q("SELECT count(*) FROM distributors d JOIN territories t ON t.id = d.territory_id"
		  " WHERE t.code = 'GD' OR t.code LIKE 'GD-%'"));
	ck_assert_int_gt(
		q("SELECT count(*) FROM distributors d JOIN territories t ON t.id = d.territory_id"
		  " WHERE t.code LIKE 'GD-%'"),
		0);
}
END_TEST

/* The same rows, in the same order, with the same keys and flags. */
static void assert_same_rows(const struct dist_row *a, const struct dist_row *b, int n)
{
	for (int i = 0; i < n; i++) {
		ck_assert_int_eq(a[i].id, b[i].id);
		ck_assert_str_eq(a[i].key1, b[i].key1);
		ck_assert_str_eq(a[i].key2, b[i].key2);
		ck_assert_str_eq(a[i].territory, b[i].territory);
		ck_assert_str_eq(a[i].last_visit, b[i].last_visit);
		ck_assert_int_eq(a[i].visit_overdue, b[i].visit_overdue);
		ck_assert_int_eq(a[i].payment_overdue, b[i].payment_overdue);
		ck_assert_int_eq(a[i].expiring, b[i].expiring);
		ck_assert_int_eq(a[i].expired, b[i].expired);
	}
}

/* Every page of territory code's list by name (the territory panel's),
 * forward 7 at a time, from the end and back from a row, both ways round,
 * against the same list with a filter that lets every status through (which
 * reads it the general way). */
static void assert_territory_pages(const char *code)
{
	struct ref_item t;
	ck_assert_int_eq(db_ref_territory_by_code(fixture_db, code, &t), DB_OK);
	struct dist_filter f = { .territory_id = t.id };
	struct dist_filter g = f;
	g.status_mask = (1u << STATUS_COUNT) - 1;
	static struct dist_row want[400], page[7];
	for (int desc = 0; desc < 2; desc++) {
		int total = all(&g, DIST_SORT_NAME, desc);
		memcpy(want, rows, sizeof(struct dist_row) * (size_t)total);
		ck_assert_int_eq(all(&f, DIST_SORT_NAME, desc), total);
		assert_same_rows(rows, want, total);
		struct dist_row last;
		const struct dist_row *after = NULL;
		int seen = 0, n;
		while ((n = db_dist_page(fixture_db, &f, DIST_SORT_NAME, desc, after, false, today,
					 page, 7)) > 0) {
			ck_assert_int_le(seen + n, total);
			assert_same_rows(page, want + seen, n);
			seen += n;
			last = page[n - 1];
			after = &last;
		}
		ck_assert_int_eq(seen, total);
		if (total < 14)
			continue;
		n = db_dist_page(fixture_db, &f, DIST_SORT_NAME, desc, NULL, true, today, page, 7);
		ck_assert_int_eq(n, 7);
		assert_same_rows(page, want + total - 7, 7);
		struct dist_row first = page[0];
		n = db_dist_page(fixture_db, &f, DIST_SORT_NAME, desc, &first, true, today, page,
				 7);
		ck_assert_int_eq(n, 7);
		assert_same_rows(page, want + total - 14, 7);
	}
}

START_TEST(test_dist_territory_list_pages_as_the_general_filter)
{
	/* A province with cities, a city, and both after another program
	 * moved a distributor from one to the other and renamed a code. */
	assert_territory_pages("GD");
	assert_territory_pages("GD-GZ");
	int64_t moved = q("SELECT d.id FROM distributors d JOIN territories t ON t.id = "
			  "d.territory_id WHERE t.code = 'GD-GZ' ORDER BY d.id LIMIT 1");
	int64_t zj = q("SELECT id FROM territories WHERE code = 'ZJ'");
	char sql[200];
	snprintf(sql, sizeof sql, "UPDATE distributors SET territory_id = %lld WHERE id = %lld",
		 (long long)zj, (long long)moved);
	fixture_exec(fixture_path, sql);
	fixture_exec(fixture_path, "UPDATE territories SET code = 'GD-GZX' WHERE code = 'GD-GZ'");
	assert_territory_pages("GD");
	assert_territory_pages("GD-GZX");
	assert_territory_pages("ZJ");
	fixture_exec(fixture_path, "UPDATE territories SET code = 'GD-GZ' WHERE code = 'GD-GZX'");
}
END_TEST

/* Statements that ran, with how many rows each stepped through in a full
 * scan of a table or an index. */
static char *scanned_sql[256];
static int scanned_n, scanned_steps[256];

static int scanned_trace(unsigned type, void *ctx, void *p, void *x)
{
	(void)type;
	(void)ctx;
	(void)x;
	sqlite3_stmt *st = p;
	int steps = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1);
	if (scanned_n < 256) {
		scanned_sql[scanned_n] = sqlite3_expanded_sql(st);
		scanned_steps[scanned_n++] = steps;
	}
	return 0;
}

/* The statement that stepped through the most rows in full scans since the
 * last call, and how many; the statements are forgotten. */
static int scanned_most(char *what, size_t size)
{
	int most = 0;
	snprintf(what, size, "-");
	for (int i = 0; i < scanned_n; i++) {
		if (scanned_steps[i] > most) {
			most = scanned_steps[i];
			snprintf(what, size, "%.300s", scanned_sql[i] ? scanned_sql[i] : "?");
		}
		sqlite3_free(scanned_sql[i]);
	}
	scanned_n = 0;
	return most;
}

START_TEST(test_dist_territory_map_and_panel_read_no_table_of_distributors_in_full)
{
	/* The large demo's statistics (100,000 distributors, none for the
	 * exclusive rights), under which SQLite once read every distributor to
	 * find the rights' holders, and the whole name index to find a
	 * province's first distributors. */
	fixture_exec(fixture_path,
		     "ANALYZE; DELETE FROM sqlite_stat1 WHERE tbl IN ('distributors',"
		     " 'exclusive_rights', 'distributor_stats');"
		     "INSERT INTO sqlite_stat1 VALUES"
		     " ('distributors', 'distributors_sort', '100000 1 1 1'),"
		     " ('distributors', 'distributors_territory_key', '100000 2326 1 1'),"
		     " ('distributors', 'distributors_territory', '100000 2326'),"
		     " ('distributors', 'distributors_status', '100000 20000'),"
		     " ('distributors', 'sqlite_autoindex_distributors_1', '100000 1'),"
		     " ('distributor_stats', 'distributor_stats_last_visit', '100000 91');");
	db_close(fixture_db);
	fixture_open();
	int64_t n = q("SELECT count(*) FROM distributors");
	char what[400];
	sqlite3_trace_v2(db_handle(fixture_db), SQLITE_TRACE_PROFILE, scanned_trace, NULL);
	/* The map's first draw. */
	struct tmap m;
	qd_period p;
	ck_assert_int_eq(period_parse("2026-11", &p), 0);
	ck_assert_int_eq(db_tmap_load(fixture_db, p, today, &m), DB_OK);
	int most = scanned_most(what, sizeof what);
	ck_assert_msg(most < n / 2, "%d rows of %lld stepped through by %s", most, (long long)n,
		      what);
	/* A panel and its first and next window of distributors, of the
	 * territory without others under it whose first name by pinyin comes
	 * last: the whole name index before it. */
	int64_t last = q("SELECT t.id FROM territories t JOIN distributors d"
			 " ON d.territory_id = t.id WHERE NOT EXISTS (SELECT 1 FROM territories c"
			 " WHERE c.parent_id = t.id) GROUP BY t.id HAVING count(*) >= 14"
			 " ORDER BY min(d.sort_key) DESC LIMIT 1");
	struct tpanel panel;
	ck_assert_int_eq(db_tpanel_load(fixture_db, &m, db_tmap_find(&m, last), &panel), DB_OK);
	db_tpanel_free(&panel);
	struct dist_filter f = { .territory_id = last };
	struct dist_row page[7];
	ck_assert_int_eq(
		db_dist_page(fixture_db, &f, DIST_SORT_NAME, false, NULL, false, today, page, 7),
		7);
	ck_assert_int_eq(db_dist_page(fixture_db, &f, DIST_SORT_NAME, false, &page[6], false, today,
				      page, 7),
			 7);
	most = scanned_most(what, sizeof what);
	ck_assert_msg(most < n / 2, "%d rows of %lld stepped through by %s", most, (long long)n,
		      what);
	sqlite3_trace_v2(db_handle(fixture_db), 0, NULL, NULL);
	db_tmap_free(&m);
	fixture_exec(fixture_path, "DELETE FROM sqlite_stat1; ANALYZE;");
}
END_TEST

/* Runs sql as one write of the fixture's connection. */
static void write_sql(const char *sql)
{
	ck_assert_int_eq(db_write_begin(fixture_db), DB_OK);
	ck_assert_int_eq(db_write_end(fixture_db, db_exec(fixture_db, sql)), DB_OK);
}

/* A territory's name is the one of the language shown; in English, the
 * Chinese one where it has no English one. */
START_TEST(test_dist_territory_names_follow_the_language)
{
	struct ref_item t;
	ck_assert_int_eq(i18n_init("zh", NULL), 0);
	ck_assert_int_eq(db_ref_territory_by_code(fixture_db, "GD-SZ", &t), DB_OK);
	ck_assert_str_eq(t.name, "深圳市");
	ck_assert_str_eq(t.detail, "广东省");
	ck_assert_int_eq(i18n_init("en", NULL), 0);
	ck_assert_int_eq(db_ref_territory_by_code(fixture_db, "GD-SZ", &t), DB_OK);
	ck_assert_str_eq(t.name, "Shenzhen");
	ck_assert_str_eq(t.detail, "Guangdong");
	write_sql("UPDATE territories SET name_en = '' WHERE code = 'GD-SZ'");
	ck_assert_int_eq(db_ref_territory_by_code(fixture_db, "GD-SZ", &t), DB_OK);
	ck_assert_str_eq(t.name, "深圳市");
	write_sql("UPDATE territories SET name_en = 'Shenzhen' WHERE code = 'GD-SZ'");
}
END_TEST

START_TEST(test_dist_filter_owner_and_flags)
{
	struct dist_filter f = { 0 };
	struct ref_item r;
	ck_assert_int_eq(db_ref_rep_by_code(fixture_db, "R0001", &r), DB_OK);
	f.owner_rep_id = r.id;
	int n = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_eq(
		n, q("SELECT count(*) FROM distributors d JOIN reps r ON r.id = d.owner_rep_id"
		     " WHERE r.code = 'R0001'"));
	struct dist_filter v = { .visit_overdue = true };
	n = all(&v, DIST_SORT_NAME, false);
	ck_assert_int_gt(n, 0);
	for (int i = 0; i < n; i++)
		ck_assert(rows[i].visit_overdue);
	/* From the last visit, or from the agreement's start when later: the
	 * demo's one active distributor whose agreement began since, never
	 * visited, is not overdue (it was, from its first day). */
	ck_assert_int_eq(n,
			 q("SELECT count(*) FROM distributors d JOIN distributor_stats s"
			   " ON s.distributor_id = d.id WHERE d.status = 'active' AND (CASE WHEN"
			   " s.last_visit_at > coalesce(d.agreement_start, '') THEN s.last_visit_at"
			   " ELSE coalesce(d.agreement_start, '') END)"
			   " < date('2026-11-27', '-' || d.visit_every_days || ' days')"));
	ck_assert_int_eq(q("SELECT count(*) FROM distributors d JOIN distributor_stats s"
			   " ON s.distributor_id = d.id WHERE d.status = 'active'"
			   " AND s.last_visit_at < d.agreement_start"
			   " AND d.agreement_start >= date('2026-11-27', '-' || d.visit_every_days "
			   "|| ' days')"),
			 1);
	struct dist_filter p = { .payment_overdue = true };
	n = all(&p, DIST_SORT_NAME, false);
	ck_assert_int_gt(n, 0);
	for (int i = 0; i < n; i++)
		ck_assert(rows[i].payment_overdue);
	struct dist_filter e = { .expiring = true };
	n = all(&e, DIST_SORT_NAME, false);
	ck_assert_int_eq(
		n, q("SELECT count(*) FROM distributors WHERE status IN ('active','suspended')"
		     " AND agreement_end BETWEEN '2026-11-27' AND '2027-01-26'"));
	ck_assert_int_gt(n, 0);
}
END_TEST

START_TEST(test_dist_search_by_pinyin_initials)
{
	struct dist_filter f = { 0 };
	strcpy(f.search, "gzth");
	int n = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_ge(n, 1);
	/* 广州天河… and 广州通宏… alike: initials g z t h. */
	ck_assert_int_eq(n, q("SELECT count(*) FROM distributors WHERE instr(search_key, 'gzth') > 0"));
	bool tianhe = false;
	for (int i = 0; i < n; i++) {
		ck_assert_msg(strstr(rows[i].name, "广州") != NULL, "%s", rows[i].name);
		tianhe |= strstr(rows[i].name, "广州天河") != NULL;
	}
	ck_assert(tianhe);
}
END_TEST

START_TEST(test_dist_search_by_full_pinyin_and_mixed)
{
	struct dist_filter f = { 0 };
	strcpy(f.search, "guangzhou");
	int full = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_ge(full, 1);
	for (int i = 0; i < full; i++)
		ck_assert_ptr_nonnull(strstr(rows[i].name, "广州"));
	strcpy(f.search, "广州th");
	int mixed = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_ge(mixed, 1);
	for (int i = 0; i < mixed; i++)
		ck_assert_ptr_nonnull(strstr(rows[i].name, "广州"));
	strcpy(f.search, "gzth");
	ck_assert_int_eq(all(&f, DIST_SORT_NAME, false), mixed);
	strcpy(f.search, "g州th");
	ck_assert_int_eq(all(&f, DIST_SORT_NAME, false), mixed);
	strcpy(f.search, "guang zhou");
	ck_assert_int_eq(all(&f, DIST_SORT_NAME, false), full);
	/* Typed full-width by an input method: the same letters. */
	strcpy(f.search, "ｇｕａｎｇｚｈｏｕ");
	ck_assert_int_eq(all(&f, DIST_SORT_NAME, false), full);
}
END_TEST

START_TEST(test_dist_search_by_chinese_one_and_two_characters)
{
	struct dist_filter f = { 0 };
	strcpy(f.search, "广");
	int one = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_eq(one,
			 q("SELECT count(*) FROM distributors WHERE instr(search_key, '广') > 0"));
	ck_assert_int_ge(one, 1);
	strcpy(f.search, "广州");
	int two = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_ge(two, 1);
	ck_assert_int_le(two, one);
}
END_TEST

START_TEST(test_dist_count_matches_the_search)
{
	struct dist_filter f = { 0 };
	bool counted = false;
	strcpy(f.search, "gzth");
	ck_assert_int_eq(db_dist_count(fixture_db, &f, today, &counted),
			 q("SELECT count(*) FROM distributors WHERE instr(search_key, 'gzth') > 0"));
	ck_assert(counted);
	ck_assert_int_eq(db_dist_count(fixture_db, &(struct dist_filter){ 0 }, today, &counted),
			 300);
	/* Two characters would need a full read: not counted. */
	strcpy(f.search, "gd");
	ck_assert_int_eq(db_dist_count(fixture_db, &f, today, &counted), 0);
	ck_assert(!counted);
}
END_TEST

START_TEST(test_dist_only_id_gives_that_row_with_its_keys)
{
	struct dist_filter f = { 0 };
	f.only_id = q("SELECT id FROM distributors WHERE code = 'GD-0001'");
	ck_assert_int_eq(all(&f, DIST_SORT_TERRITORY, false), 1);
	ck_assert_str_eq(rows[0].code, "GD-0001");
	/* Its keys page on from it in the whole list. */
	struct dist_filter none = { 0 };
	struct dist_row page[3];
	ck_assert_int_eq(db_dist_page(fixture_db, &none, DIST_SORT_TERRITORY, false, &rows[0],
				      false, today, page, 3),
			 3);
	ck_assert_int_ne(page[0].id, rows[0].id);
	strcpy(f.search, "zzzzqqq");
	ck_assert_int_eq(all(&f, DIST_SORT_NAME, false), 0);
}
END_TEST

START_TEST(test_dist_search_by_code_contact_and_phone)
{
	struct dist_filter f = { 0 };
	strcpy(f.search, "gd-0001");
	ck_assert_int_eq(all(&f, DIST_SORT_NAME, false), 1);
	ck_assert_str_eq(rows[0].code, "GD-0001");
	char phone[32];
	snprintf(phone, sizeof phone, "%lld",
		 (long long)q("SELECT phone FROM distributors WHERE code = 'GD-0001'"));
	snprintf(f.search, sizeof f.search, "%s", phone + 3);
	ck_assert_int_ge(all(&f, DIST_SORT_NAME, false), 1);
	strcpy(f.search, "zzzzqqq");
	ck_assert_int_eq(all(&f, DIST_SORT_NAME, false), 0);
}
END_TEST

static struct distributor new_dist(const char *code, const char *name)
{
	struct distributor d;
	db_dist_init(&d);
	snprintf(d.code, sizeof d.code, "%s", code);
	free(d.name);
	d.name = strdup(name);
	return d;
}

/* How many distributors a short search finds (and that `where` lets
 * through), counted on the program's own connection (its match is a
 * function of ours). */
static int64_t short_matches_where(const char *query, const char *where)
{
	sqlite3_stmt *st;
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM distributors WHERE qd_key_match(search_key, ?1)%s", where);
	ck_assert_int_eq(sqlite3_prepare_v2(db_handle(fixture_db), sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int64_t short_matches(const char *query)
{
	return short_matches_where(query, "");
}

static bool found(const struct dist_filter *f, const char *code)
{
	int n = all(f, DIST_SORT_NAME, false);
	for (int i = 0; i < n; i++)
		if (!strcmp(rows[i].code, code))
			return true;
	return false;
}

/* Initials match syllable by syllable: "gz" found 杭州 too, whose full pinyin
 * run together (hangzhou) holds the letters g and z side by side. */
START_TEST(test_dist_short_search_matches_whole_syllables)
{
	struct distributor d = new_dist("T-HZ1", "杭州恒大测试商行");
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
	struct dist_filter f = { 0 };
	const char *no[] = { "gz", "an", "ou", "ng" };
	for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
		strcpy(f.search, no[i]);
		ck_assert_msg(!found(&f, "T-HZ1"), "%s found 杭州恒大", no[i]);
	}
	const char *yes[] = { "hz", "zh", "ha", "hd", "t-", "杭州" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		strcpy(f.search, yes[i]);
		ck_assert_msg(found(&f, "T-HZ1"), "%s did not find 杭州恒大", yes[i]);
	}
	/* 广州 still comes for gz. */
	strcpy(f.search, "gz");
	int n = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_gt(n, 0);
	for (int i = 0; i < n; i++)
		ck_assert_msg(strstr(rows[i].name, "广州") || strstr(rows[i].code, "gz") ||
				      strstr(rows[i].code, "GZ"),
			      "%s %s", rows[i].code, rows[i].name);
	ck_assert_int_eq(db_dist_count_all(fixture_db, &f, today), n);
	ck_assert_int_eq(n, short_matches("gz"));
	/* Three letters or more run from a syllable's start too: a third
	 * letter narrows the list, never widens it (gzh found 杭州 again). */
	const char *no3[] = { "gzh", "ngzh", "angzhou" };
	for (size_t i = 0; i < sizeof no3 / sizeof *no3; i++) {
		strcpy(f.search, no3[i]);
		ck_assert_msg(!found(&f, "T-HZ1"), "%s found 杭州恒大", no3[i]);
	}
	const char *yes3[] = { "han", "hangzhou", "hzhd", "zhouheng", "hang zhou" };
	for (size_t i = 0; i < sizeof yes3 / sizeof *yes3; i++) {
		strcpy(f.search, yes3[i]);
		ck_assert_msg(found(&f, "T-HZ1"), "%s did not find 杭州恒大", yes3[i]);
	}
	/* Counted as found. */
	strcpy(f.search, "gzh");
	n = all(&f, DIST_SORT_NAME, false);
	bool counted;
	ck_assert_int_eq(db_dist_count(fixture_db, &f, today, &counted), n);
	db_dist_free(&d);
}
END_TEST

/* An initial then a syllable (cdu: 成都, as people type it) is found, by
 * the trigram index (a substring of the key) and counted so; a match from
 * inside a syllable is not. */
START_TEST(test_dist_search_initials_then_a_syllable)
{
	struct distributor d = new_dist("T-CD1", "成都武侯测试商行");
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
	struct dist_filter f = { 0 };
	const char *yes[] = { "cdu", "chd", "dwu", "whou", "cdwh" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		strcpy(f.search, yes[i]);
		ck_assert_msg(found(&f, "T-CD1"), "%s did not find 成都武侯", yes[i]);
		bool counted;
		ck_assert_int_eq(db_dist_count(fixture_db, &f, today, &counted),
				 all(&f, DIST_SORT_NAME, false));
	}
	const char *no[] = { "engd", "uwu", "uhou" };
	for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
		strcpy(f.search, no[i]);
		ck_assert_msg(!found(&f, "T-CD1"), "%s found 成都武侯", no[i]);
	}
	db_dist_free(&d);
}
END_TEST

START_TEST(test_dist_save_new_starts_as_applicant_with_history)
{
	struct distributor d = new_dist("T-0001", "杭州西湖测试商贸有限公司");
	struct ref_item t;
	ck_assert_int_eq(db_ref_territory_by_code(fixture_db, "ZJ-HZ", &t), DB_OK);
	d.territory_id = t.id;
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "测试员"), DB_OK);
	ck_assert_int_ne(d.id, 0);
	struct distributor got;
	db_dist_init(&got);
	ck_assert_int_eq(db_dist_get(fixture_db, d.id, &got), 0);
	ck_assert_str_eq(got.name, "杭州西湖测试商贸有限公司");
	ck_assert_int_eq(got.status, STATUS_APPLICANT);
	ck_assert_str_eq(got.territory_code, "ZJ-HZ");
	ck_assert_int_eq(q("SELECT count(*) FROM status_history h JOIN distributors d ON d.id = "
			   "h.distributor_id"
			   " WHERE d.code = 'T-0001' AND h.to_status = 'applicant' AND "
			   "h.changed_by = '测试员'"),
			 1);
	/* Without a note in the language of whoever registered it: each
	 * reader's screen says "Registered" in theirs. */
	ck_assert_int_eq(q("SELECT count(*) FROM status_history h JOIN distributors d ON d.id = "
			   "h.distributor_id WHERE d.code = 'T-0001' AND h.note = ''"),
			 1);
	struct dist_filter f = { 0 };
	strcpy(f.search, "hzxh");
	ck_assert_int_ge(all(&f, DIST_SORT_NAME, false), 1);
	db_dist_free(&got);
	db_dist_free(&d);
}
END_TEST

START_TEST(test_dist_save_refuses_duplicate_code)
{
	struct distributor d = new_dist("GD-0001", "重复编码");
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_DUPLICATE);
	ck_assert_int_eq(db_errfield(fixture_db), DIST_FIELD_CODE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "GD-0001"));
	ck_assert_int_eq(q("SELECT count(*) FROM distributors WHERE name = '重复编码'"), 0);
	db_dist_free(&d);
}
END_TEST

START_TEST(test_dist_save_refuses_a_credit_limit_past_ten_billion)
{
	struct distributor d = new_dist("GD-9901", "额度过大");
	d.credit_limit_fen = VALIDATE_CREDIT_MAX_FEN + 1;
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), DIST_FIELD_CREDIT);
	ck_assert_int_eq(q("SELECT count(*) FROM distributors WHERE name = '额度过大'"), 0);
	d.credit_limit_fen = VALIDATE_CREDIT_MAX_FEN;
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
	db_dist_free(&d);
}
END_TEST

START_TEST(test_dist_unknown_territory_and_rep_codes_are_refused)
{
	struct ref_item item;
	ck_assert_int_eq(db_ref_territory_by_code(fixture_db, "XX-NOPE", &item), DB_NOTFOUND);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "XX-NOPE"));
	ck_assert_int_eq(db_ref_rep_by_code(fixture_db, "R9999", &item), DB_NOTFOUND);
	/* A code found without regard to case. */
	ck_assert_int_eq(db_ref_rep_by_code(fixture_db, "r0001", &item), DB_OK);
	ck_assert_str_eq(item.code, "R0001");
}
END_TEST

START_TEST(test_dist_edit_changes_fields_and_keeps_status)
{
	int64_t id = q("SELECT id FROM distributors WHERE code = 'GD-0002'");
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), 0);
	qd_status before = d.status;
	free(d.contact);
	d.contact = strdup("李四");
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
	ck_assert_int_eq(
		q("SELECT count(*) FROM distributors WHERE code = 'GD-0002' AND contact = '李四'"),
		1);
	db_dist_free(&d);
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), 0);
	ck_assert_int_eq(d.status, before);
	db_dist_free(&d);
}
END_TEST

START_TEST(test_dist_transition_records_history_and_review)
{
	int64_t id =
		q("SELECT id FROM distributors WHERE status = 'applicant' ORDER BY code LIMIT 1");
	struct lifecycle_change c = { .from = STATUS_APPLICANT,
				      .to = STATUS_REVIEWING,
				      .scores = { 7, 8, 6, 5, 7, 9 },
				      .has_scores = 1,
				      .today = today,
				      .note = "资料齐全" };
	char why[256];
	ck_assert_int_eq(lifecycle_check(&c, why, sizeof why), 0);
	ck_assert_int_eq(db_dist_transition(fixture_db, id, 1, &c, "王经理"), DB_OK);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM status_history WHERE distributor_id = %lld"
		 " AND from_status = 'applicant' AND to_status = 'reviewing' AND changed_by = "
		 "'王经理'",
		 (long long)id);
	ck_assert_int_eq(q(sql), 1);
	snprintf(sql, sizeof sql,
		 "SELECT reputation * 10 + compliance_record FROM qualification_reviews"
		 " WHERE distributor_id = %lld ORDER BY created_at DESC LIMIT 1",
		 (long long)id);
	ck_assert_int_eq(q(sql), 79);
	/* The same move again is stale: the record has moved on. */
	ck_assert_int_eq(db_dist_transition(fixture_db, id, 1, &c, "王经理"), DB_CONFLICT);
	struct lifecycle_change a = { .from = STATUS_REVIEWING,
				      .to = STATUS_ACTIVE,
				      .has_agreement = 1,
				      .agreement_start = today,
				      .agreement_end = { 2028, 11, 26 },
				      .today = today };
	ck_assert_int_eq(db_dist_transition(fixture_db, id, 2, &a, "王经理"), DB_OK);
	snprintf(sql, sizeof sql,
		 "SELECT agreement_end = '2028-11-26' AND status = 'active'"
		 " FROM distributors WHERE id = %lld",
		 (long long)id);
	ck_assert_int_eq(q(sql), 1);
}
END_TEST

/* Another qudao on the same file. */
static qd_db *second_connection(void)
{
	qd_db *b;
	char *err = NULL;
	ck_assert_msg(db_open(fixture_path, DB_OPEN_EXISTING, &b, &err) == 0, "%s", err);
	return b;
}

/* Two windows open the distributor with this code in their edit forms: a
 * in this program, b in another on the same file. Returns its id. */
static int64_t open_twice(const char *code, qd_db **other, struct distributor *a,
			  struct distributor *b)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT id FROM distributors WHERE code = '%s'", code);
	int64_t id = q(sql);
	*other = second_connection();
	db_dist_init(a);
	db_dist_init(b);
	ck_assert_int_eq(db_dist_get(fixture_db, id, a), DB_OK);
	ck_assert_int_eq(db_dist_get(*other, id, b), DB_OK);
	return id;
}

START_TEST(test_dist_stale_update_from_another_program_is_refused)
{
	qd_db *other;
	struct distributor a, b;
	int64_t id = open_twice("GD-0003", &other, &a, &b);
	free(a.contact);
	a.contact = strdup("甲的联系人");
	ck_assert_int_eq(db_dist_save(fixture_db, &a, "a"), DB_OK);
	free(b.phone);
	b.phone = strdup("13800000000");
	/* B saves what it read before A's save: refused, A's change kept. */
	ck_assert_int_eq(db_dist_save(other, &b, "b"), DB_CONFLICT);
	ck_assert_int_eq(q("SELECT count(*) FROM distributors WHERE code = 'GD-0003'"
			   " AND contact = '甲的联系人' AND phone <> '13800000000'"),
			 1);
	/* Reloaded, B's change goes through on top of A's. */
	struct distributor fresh;
	db_dist_init(&fresh);
	ck_assert_int_eq(db_dist_get(other, id, &fresh), DB_OK);
	ck_assert_str_eq(fresh.contact, "甲的联系人");
	free(fresh.phone);
	fresh.phone = strdup("13800000000");
	ck_assert_int_eq(db_dist_save(other, &fresh, "b"), DB_OK);
	ck_assert_int_eq(q("SELECT count(*) FROM distributors WHERE code = 'GD-0003'"
			   " AND contact = '甲的联系人' AND phone = '13800000000'"),
			 1);
	db_dist_free(&a);
	db_dist_free(&b);
	db_dist_free(&fresh);
	db_close(other);
}
END_TEST

/* Saving what is already stored writes nothing: no new version (which would
 * make another window's edit a false conflict), no log line, no change to
 * sync to other devices. */
START_TEST(test_dist_save_without_a_change_writes_nothing)
{
	qd_db *other;
	struct distributor a, b;
	int64_t id = open_twice("GD-0004", &other, &a, &b);
	int64_t version = a.version, logs = q("SELECT count(*) FROM change_log"),
		synced = q("SELECT count(*) FROM sync_log");
	ck_assert_int_eq(db_dist_save(fixture_db, &a, "a"), DB_OK);
	ck_assert_int_eq(a.version, version);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT version FROM distributors WHERE id = %lld",
		 (long long)id);
	ck_assert_int_eq(q(sql), version);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), logs);
	ck_assert_int_eq(q("SELECT count(*) FROM sync_log"), synced);
	/* The other window's real edit of the same version goes through, and
	 * is logged and recorded for sync (so the counts above could move). */
	free(b.phone);
	b.phone = strdup("13700000004");
	ck_assert_int_eq(db_dist_save(other, &b, "b"), DB_OK);
	ck_assert_int_eq(b.version, version + 1);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), logs + 1);
	ck_assert_int_eq(q("SELECT count(*) FROM sync_log"), synced + 1);
	db_dist_free(&a);
	db_dist_free(&b);
	db_close(other);
}
END_TEST

START_TEST(test_dist_stale_status_change_is_a_conflict_with_a_clear_message)
{
	int64_t id = q("SELECT id FROM distributors WHERE status = 'active' ORDER BY code LIMIT 1");
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), DB_OK);
	/* Another program edits it meanwhile. */
	qd_db *other = second_connection();
	struct distributor e;
	db_dist_init(&e);
	ck_assert_int_eq(db_dist_get(other, id, &e), DB_OK);
	free(e.notes);
	e.notes = strdup("改过了");
	ck_assert_int_eq(db_dist_save(other, &e, "b"), DB_OK);
	struct lifecycle_change c = { .from = STATUS_ACTIVE,
				      .to = STATUS_SUSPENDED,
				      .reason = REASON_PAYMENT,
				      .note = "欠款",
				      .today = today };
	ck_assert_int_eq(db_dist_transition(fixture_db, id, d.version, &c, "a"), DB_CONFLICT);
	ck_assert_ptr_null(strstr(db_errmsg(fixture_db), "constraint"));
	ck_assert_ptr_null(strstr(db_errmsg(fixture_db), "CHECK"));
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), DB_OK);
	ck_assert_int_eq(d.status, STATUS_ACTIVE);
	db_dist_free(&d);
	db_dist_free(&e);
	db_close(other);
}
END_TEST

START_TEST(test_dist_long_fields_round_trip_whole)
{
	/* 3,000 characters of notes, written by another tool: saving an
	 * unrelated field keeps every one of them. */
	int64_t id = q("SELECT id FROM distributors WHERE code = 'GD-0004'");
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), DB_OK);
	char *notes = malloc(3000 * 3 + 1);
	for (int i = 0; i < 3000; i++)
		memcpy(notes + i * 3, "注", 3);
	notes[9000] = '\0';
	free(d.notes);
	d.notes = notes;
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), DB_OK);
	free(d.contact);
	d.contact = strdup("新联系人");
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
	ck_assert_int_eq(q("SELECT length(notes) FROM distributors WHERE code = 'GD-0004'"), 3000);
	db_dist_free(&d);
}
END_TEST

START_TEST(test_dist_field_past_the_schema_cap_is_refused_not_cut)
{
	int64_t id = q("SELECT id FROM distributors WHERE code = 'GD-0004'");
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), DB_OK);
	free(d.address);
	d.address = malloc(DIST_ADDRESS_MAX + 2);
	memset(d.address, 'x', DIST_ADDRESS_MAX + 1);
	d.address[DIST_ADDRESS_MAX + 1] = '\0';
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), DIST_FIELD_ADDRESS);
	ck_assert_int_eq(
		q("SELECT length(address) <= 1000 FROM distributors WHERE code = 'GD-0004'"), 1);
	db_dist_free(&d);
}
END_TEST

START_TEST(test_dist_codes_are_unique_without_regard_to_case)
{
	struct distributor d = new_dist("gd-0001", "小写编码");
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_DUPLICATE);
	ck_assert_int_eq(db_errfield(fixture_db), DIST_FIELD_CODE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "GD-0001"));
	ck_assert_int_eq(q("SELECT count(*) FROM distributors WHERE name = '小写编码'"), 0);
	db_dist_free(&d);
}
END_TEST

START_TEST(test_dist_search_by_phone_ignores_separators_and_country_code)
{
	int64_t id = q("SELECT id FROM distributors WHERE code = 'GD-0005'");
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), DB_OK);
	free(d.phone);
	d.phone = strdup("+86 136 4527 1728");
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
	const char *queries[] = { "136-4527-1728", "13645271728", "136.4527.1728",
				  "+86 136-4527-1728", "0086 13645271728" };
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		struct dist_filter f = { 0 };
		snprintf(f.search, sizeof f.search, "%s", queries[i]);
		int n = all(&f, DIST_SORT_NAME, false);
		ck_assert_msg(n >= 1, "%s found nothing", queries[i]);
		bool hit = false;
		for (int k = 0; k < n; k++)
			hit |= rows[k].id == id;
		ck_assert_msg(hit, "%s did not find GD-0005", queries[i]);
	}
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), DB_OK);
	free(d.phone);
	d.phone = strdup("(020)87654321");
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
	struct dist_filter f = { 0 };
	snprintf(f.search, sizeof f.search, "%s", "(020)87654321");
	ck_assert_int_eq(all(&f, DIST_SORT_NAME, false), 1);
	ck_assert_int_eq(rows[0].id, id);
	db_dist_free(&d);
}
END_TEST

/* A short search is counted whole when asked (a pause of the list's keys),
 * and then known to the quick count until the data changes. */
START_TEST(test_dist_count_all_counts_a_short_search_until_the_data_changes)
{
	struct dist_filter f = { 0 };
	bool counted = true;
	strcpy(f.search, "gd");
	int64_t want = short_matches("gd");
	ck_assert_int_gt(want, 40);
	ck_assert_int_eq(db_dist_count_all(fixture_db, &f, today), want);
	ck_assert_int_eq(db_dist_count(fixture_db, &f, today, &counted), want);
	ck_assert(counted);
	/* A filter besides the search: counted exactly, not remembered. */
	struct dist_filter g = f;
	g.tier_mask = 1 << ('A' - 'A');
	int64_t tier_a = short_matches_where("gd", " AND tier = 'A'");
	ck_assert_int_eq(db_dist_count_all(fixture_db, &g, today), tier_a);
	db_dist_count(fixture_db, &g, today, &counted);
	ck_assert(!counted);
	/* A new one: the quick count no longer knows; asked again, one more. */
	struct distributor d = new_dist("T-GD1", "广东新增测试商行");
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
	ck_assert_int_eq(db_dist_count(fixture_db, &f, today, &counted), 0);
	ck_assert(!counted);
	ck_assert_int_eq(db_dist_count_all(fixture_db, &f, today), want + 1);
	db_dist_free(&d);
}
END_TEST

/* Another program commits a match while a short search is being counted:
 * the count read before it is not remembered as the count after it. */
static qd_db *race_other;
static int race_commits;
static int race_commit(void *arg)
{
	(void)arg;
	if (race_commits++ == 0) {
		struct distributor d = new_dist("T-GD-RACE", "广东竞态测试商行");
		ck_assert_int_eq(db_dist_save(race_other, &d, "t"), DB_OK);
		db_dist_free(&d);
	}
	return 0;
}

START_TEST(test_dist_count_all_is_not_remembered_past_a_commit_during_it)
{
	struct dist_filter f = { 0 };
	strcpy(f.search, "gd");
	race_other = second_connection();
	race_commits = 0;
	sqlite3_progress_handler(db_handle(fixture_db), 1000, race_commit, NULL);
	int64_t during = db_dist_count_all(fixture_db, &f, today);
	sqlite3_progress_handler(db_handle(fixture_db), 0, NULL, NULL);
	ck_assert_int_gt(race_commits, 0);
	int64_t now = short_matches("gd");
	ck_assert_int_ge(during, 1);
	bool counted = true;
	int64_t quick = db_dist_count(fixture_db, &f, today, &counted);
	ck_assert_msg(!counted || quick == now, "remembered %lld, there are %lld",
		      (long long)quick, (long long)now);
	ck_assert_int_eq(db_dist_count_all(fixture_db, &f, today), now);
	db_close(race_other);
}
END_TEST

/* A count a key stops (db_set_stop) fails as stopped, and is whole again
 * once nothing asks it to stop. */
static int stop_asked;
static bool stop_now(void *ctx)
{
	(void)ctx;
	return ++stop_asked > 0;
}

START_TEST(test_dist_count_all_stops_when_asked)
{
	/* Every tier: a filter, so nothing remembered answers for it. */
	struct dist_filter f = { .tier_mask = 0xF };
	strcpy(f.search, "gd");
	stop_asked = 0;
	db_set_stop(fixture_db, stop_now, NULL);
	ck_assert_int_eq(db_dist_count_all(fixture_db, &f, today), -1);
	ck_assert(db_stopped(fixture_db));
	ck_assert_int_gt(stop_asked, 0);
	db_set_stop(fixture_db, NULL, NULL);
	ck_assert(!db_stopped(fixture_db));
	ck_assert_int_eq(db_dist_count_all(fixture_db, &f, today), short_matches("gd"));
}
END_TEST

START_TEST(test_dist_search_count_follows_new_rows)
{
	struct dist_filter f = { 0 };
	snprintf(f.search, sizeof f.search, "%s", "gzth");
	/* gzth is four letters: counted by the trigram index, and remembered. */
	int64_t before = db_dist_count(fixture_db, &f, today, NULL);
	ck_assert_int_ge(before, 1);
	struct distributor d = new_dist("T-GZTH", "广州天河新增测试商行");
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
	ck_assert_int_eq(db_dist_count(fixture_db, &f, today, NULL), before + 1);
	/* Also when another program adds one. */
	qd_db *other = second_connection();
	struct distributor e = new_dist("T-GZTH2", "广州天河另一家测试商行");
	ck_assert_int_eq(db_dist_save(other, &e, "t"), DB_OK);
	db_close(other);
	ck_assert_int_eq(db_dist_count(fixture_db, &f, today, NULL), before + 2);
	db_dist_free(&d);
	db_dist_free(&e);
}
END_TEST

START_TEST(test_dist_active_past_its_agreement_end_is_expired)
{
	int64_t n = q("SELECT count(*) FROM distributors WHERE status = 'active'"
		      " AND agreement_end < '2026-11-27'");
	struct dist_filter f = { .expired = true };
	int got = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_eq(got, n);
	for (int i = 0; i < got; i++) {
		ck_assert(rows[i].expired);
		ck_assert(!rows[i].expiring);
	}
	/* Make one expired and see it flagged. */
	int64_t id = q("SELECT id FROM distributors WHERE status = 'active'"
		       " AND agreement_end > '2027-06-01' ORDER BY code LIMIT 1");
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), DB_OK);
	snprintf(d.agreement_start, sizeof d.agreement_start, "2024-01-01");
	snprintf(d.agreement_end, sizeof d.agreement_end, "2026-11-26");
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
	ck_assert_int_eq(all(&f, DIST_SORT_NAME, false), n + 1);
	struct dist_filter one = { .only_id = id };
	ck_assert_int_eq(all(&one, DIST_SORT_NAME, false), 1);
	ck_assert(rows[0].expired);
	db_dist_free(&d);
}
END_TEST

START_TEST(test_dist_applicant_can_be_rejected_and_reopened)
{
	int64_t id = q("SELECT id FROM distributors WHERE status = 'applicant' ORDER BY code DESC "
		       "LIMIT 1");
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), DB_OK);
	struct lifecycle_change c = { .from = STATUS_APPLICANT,
				      .to = STATUS_REJECTED,
				      .reason = REASON_UNQUALIFIED,
				      .note = "资金实力不足",
				      .today = today };
	char why[256];
	ck_assert_int_eq(lifecycle_check(&c, why, sizeof why), 0);
	ck_assert_int_eq(db_dist_transition(fixture_db, id, d.version, &c, "王经理"), DB_OK);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM status_history WHERE distributor_id = %lld"
		 " AND to_status = 'rejected' AND reason = 'unqualified' AND note = '资金实力不足'",
		 (long long)id);
	ck_assert_int_eq(q(sql), 1);
	struct lifecycle_change r = { .from = STATUS_REJECTED,
				      .to = STATUS_APPLICANT,
				      .note = "补充了资料",
				      .today = today };
	ck_assert_int_eq(lifecycle_check(&r, why, sizeof why), 0);
	ck_assert_int_eq(db_dist_transition(fixture_db, id, d.version + 1, &r, "王经理"), DB_OK);
	ck_assert_int_eq(db_dist_get(fixture_db, id, &d), DB_OK);
	ck_assert_int_eq(d.status, STATUS_APPLICANT);
	db_dist_free(&d);
}
END_TEST

START_TEST(test_dist_a_failure_in_the_1000th_of_1000_writes_leaves_nothing)
{
	int64_t before = q("SELECT count(*) FROM distributors");
	ck_assert_int_eq(db_write_begin(fixture_db), DB_OK);
	qd_rc rc = DB_OK;
	for (int i = 0; i < 1000 && rc == DB_OK; i++) {
		char code[32], name[64];
		/* The last one takes a code that is already used. */
		snprintf(code, sizeof code, i == 999 ? "GD-0001" : "BULK-%04d", i);
		snprintf(name, sizeof name, "批量测试经销商%d", i);
		struct distributor d = new_dist(code, name);
		rc = db_dist_save(fixture_db, &d, "t");
		if (i < 999)
			ck_assert_int_eq(rc, DB_OK);
		db_dist_free(&d);
	}
	ck_assert_int_eq(rc, DB_DUPLICATE);
	ck_assert_int_eq(db_write_end(fixture_db, rc), DB_DUPLICATE);
	ck_assert_int_eq(q("SELECT count(*) FROM distributors"), before);
	ck_assert_int_eq(q("SELECT count(*) FROM distributors WHERE code LIKE 'BULK-%'"), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM status_history h WHERE NOT EXISTS"
			   " (SELECT 1 FROM distributors d WHERE d.id = h.distributor_id)"),
			 0);
	/* The same 999 in one transaction of their own go in, all of them. */
	ck_assert_int_eq(db_write_begin(fixture_db), DB_OK);
	for (int i = 0; i < 999; i++) {
		char code[32];
		snprintf(code, sizeof code, "BULK-%04d", i);
		struct distributor d = new_dist(code, "批量");
		ck_assert_int_eq(db_dist_save(fixture_db, &d, "t"), DB_OK);
		db_dist_free(&d);
	}
	ck_assert_int_eq(db_write_end(fixture_db, DB_OK), DB_OK);
	ck_assert_int_eq(q("SELECT count(*) FROM distributors"), before + 999);
}
END_TEST

START_TEST(test_dist_keys_made_with_another_pinyin_table_are_made_again_on_open)
{
	fixture_exec(fixture_path,
		     "UPDATE settings SET value = 'unihan 1.0, keys 1' WHERE name = 'pinyin_keys';"
		     "UPDATE distributors SET sort_key = '', search_key = '' WHERE code = 'GD-0001';");
	db_close(fixture_db);
	fixture_open();
	ck_assert_int_eq(q("SELECT length(search_key) > 0 AND length(sort_key) > 0"
			   " FROM distributors WHERE code = 'GD-0001'"),
			 1);
	ck_assert_int_eq(q("SELECT value = (SELECT value FROM settings WHERE name = 'pinyin_keys')"
			   " FROM settings WHERE name = 'pinyin_keys'"),
			 1);
	struct dist_filter f = { 0 };
	strcpy(f.search, "gd0001");
	ck_assert_int_eq(all(&f, DIST_SORT_NAME, false), 1);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_dist_first_page_is_sorted_by_pinyin,
		test_dist_pages_join_without_gap_or_overlap,
		test_dist_place_is_the_rows_index_in_every_sort_filter_and_search,
		test_dist_sort_desc_reverses_asc,
		test_dist_filter_by_status_and_tier,
		test_dist_filter_territory_includes_children,
		test_dist_territory_names_follow_the_language,
		test_dist_territory_list_pages_as_the_general_filter,
		test_dist_territory_map_and_panel_read_no_table_of_distributors_in_full,
		test_dist_filter_owner_and_flags,
		test_dist_search_by_pinyin_initials,
		test_dist_search_by_full_pinyin_and_mixed,
		test_dist_search_by_chinese_one_and_two_characters,
		test_dist_count_matches_the_search,
		test_dist_count_all_counts_a_short_search_until_the_data_changes,
		test_dist_count_all_is_not_remembered_past_a_commit_during_it,
		test_dist_count_all_stops_when_asked,
		test_dist_only_id_gives_that_row_with_its_keys,
		test_dist_search_by_code_contact_and_phone,
		test_dist_short_search_matches_whole_syllables,
		test_dist_search_initials_then_a_syllable,
		test_dist_save_new_starts_as_applicant_with_history,
		test_dist_save_refuses_duplicate_code,
		test_dist_save_refuses_a_credit_limit_past_ten_billion,
		test_dist_unknown_territory_and_rep_codes_are_refused,
		test_dist_edit_changes_fields_and_keeps_status,
		test_dist_transition_records_history_and_review,
		test_dist_stale_update_from_another_program_is_refused,
		test_dist_save_without_a_change_writes_nothing,
		test_dist_stale_status_change_is_a_conflict_with_a_clear_message,
		test_dist_long_fields_round_trip_whole,
		test_dist_field_past_the_schema_cap_is_refused_not_cut,
		test_dist_codes_are_unique_without_regard_to_case,
		test_dist_search_by_phone_ignores_separators_and_country_code,
		test_dist_search_count_follows_new_rows,
		test_dist_active_past_its_agreement_end_is_expired,
		test_dist_applicant_can_be_rejected_and_reopened,
		test_dist_a_failure_in_the_1000th_of_1000_writes_leaves_nothing,
		test_dist_keys_made_with_another_pinyin_table_are_made_again_on_open,
	};
	return fixture_run("distributor", tests, sizeof tests / sizeof tests[0]);
}
