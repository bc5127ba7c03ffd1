/* db/distributor: the list query (paging, sorting, filters, search with
 * pinyin), saving with validation, and lifecycle moves with history. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "demo_fixture.h"
#include "qudao/demo.h"
#include "qudao/distributor.h"

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
	char name[128];
	ck_assert_int_eq(
		db_dist_territory_by_code(fixture_db, "GD", &f.territory_id, name, sizeof name), 0);
	ck_assert_str_eq(name, "广东省");
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

START_TEST(test_dist_filter_owner_and_flags)
{
	struct dist_filter f = { 0 };
	ck_assert_int_eq(db_dist_rep_by_code(fixture_db, "R0001", &f.owner_rep_id, NULL, 0), 0);
	int n = all(&f, DIST_SORT_NAME, false);
	ck_assert_int_eq(
		n, q("SELECT count(*) FROM distributors d JOIN reps r ON r.id = d.owner_rep_id"
		     " WHERE r.code = 'R0001'"));
	struct dist_filter v = { .visit_overdue = true };
	n = all(&v, DIST_SORT_NAME, false);
	ck_assert_int_gt(n, 0);
	for (int i = 0; i < n; i++)
		ck_assert(rows[i].visit_overdue);
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
	for (int i = 0; i < n; i++)
		ck_assert_msg(strstr(rows[i].name, "广州天河") != NULL, "%s", rows[i].name);
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
		ck_assert_ptr_nonnull(strstr(rows[i].name, "广州天河"));
	strcpy(f.search, "g州th");
	ck_assert_int_eq(all(&f, DIST_SORT_NAME, false), mixed);
	strcpy(f.search, "guang zhou");
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
			 q("SELECT count(*) FROM distributors WHERE name LIKE '广州天河%'"));
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

START_TEST(test_dist_save_new_starts_as_applicant_with_history)
{
	struct distributor d = new_dist("T-0001", "杭州西湖测试商贸有限公司");
	qd_dist_field field;
	ck_assert_int_eq(db_dist_territory_by_code(fixture_db, "ZJ-HZ", &d.territory_id,
						   d.territory_name, sizeof d.territory_name),
			 0);
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "测试员", &field), 0);
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
	qd_dist_field field;
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t", &field), -1);
	ck_assert_int_eq(field, DIST_FIELD_CODE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "GD-0001"));
	ck_assert_int_eq(q("SELECT count(*) FROM distributors WHERE name = '重复编码'"), 0);
	db_dist_free(&d);
}
END_TEST

START_TEST(test_dist_unknown_territory_and_rep_codes_are_refused)
{
	int64_t id;
	ck_assert_int_eq(db_dist_territory_by_code(fixture_db, "XX-NOPE", &id, NULL, 0), -1);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "XX-NOPE"));
	ck_assert_int_eq(db_dist_rep_by_code(fixture_db, "R9999", &id, NULL, 0), -1);
	ck_assert_int_eq(db_dist_rep_by_code(fixture_db, "", &id, NULL, 0), 0);
	ck_assert_int_eq(id, 0);
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
	qd_dist_field field;
	ck_assert_int_eq(db_dist_save(fixture_db, &d, "t", &field), 0);
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
	ck_assert_int_eq(db_dist_transition(fixture_db, id, &c, "王经理"), 0);
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
	/* The same move again is stale: the status is no longer applicant. */
	ck_assert_int_eq(db_dist_transition(fixture_db, id, &c, "王经理"), -1);
	struct lifecycle_change a = { .from = STATUS_REVIEWING,
				      .to = STATUS_ACTIVE,
				      .has_agreement = 1,
				      .agreement_start = today,
				      .agreement_end = { 2028, 11, 26 },
				      .today = today };
	ck_assert_int_eq(db_dist_transition(fixture_db, id, &a, "王经理"), 0);
	snprintf(sql, sizeof sql,
		 "SELECT agreement_end = '2028-11-26' AND status = 'active'"
		 " FROM distributors WHERE id = %lld",
		 (long long)id);
	ck_assert_int_eq(q(sql), 1);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_dist_first_page_is_sorted_by_pinyin,
		test_dist_pages_join_without_gap_or_overlap,
		test_dist_sort_desc_reverses_asc,
		test_dist_filter_by_status_and_tier,
		test_dist_filter_territory_includes_children,
		test_dist_filter_owner_and_flags,
		test_dist_search_by_pinyin_initials,
		test_dist_search_by_full_pinyin_and_mixed,
		test_dist_search_by_chinese_one_and_two_characters,
		test_dist_count_matches_the_search,
		test_dist_only_id_gives_that_row_with_its_keys,
		test_dist_search_by_code_contact_and_phone,
		test_dist_save_new_starts_as_applicant_with_history,
		test_dist_save_refuses_duplicate_code,
		test_dist_unknown_territory_and_rep_codes_are_refused,
		test_dist_edit_changes_fields_and_keeps_status,
		test_dist_transition_records_history_and_review,
	};
	return fixture_run("distributor", tests, sizeof tests / sizeof tests[0]);
}
