/* db/visit: planning, moving, confirming, dropping, recording in one
 * transaction (order through the ledger, price breaches and issues as
 * incidents, contact corrections in the distributor's history), missing and
 * cancelling with a reason, coaching; lists by scope and day, the kept
 * counts per day, the proposal, the review, the settings. The small demo,
 * today 2026-11-27 (a Friday); tests run in order. */
#include <string.h>

#include "../src/db/db_internal.h"
#include "demo_fixture.h"
#include "qudao/ics.h"
#include "qudao/labels.h"
#include "qudao/visit.h"
#include "qudao/visit_rules.h"

static int64_t q(const char *sql)
{
	return fixture_q(fixture_path, sql);
}

static int64_t qf(const char *fmt, long long a)
{
	char sql[600];
	snprintf(sql, sizeof sql, fmt, a);
	return q(sql);
}

/* Rep R0002 and one of its active distributors. */
static int64_t rep(void)
{
	return q("SELECT id FROM reps WHERE code = 'R0002'");
}

static int64_t dist(void)
{
	return q("SELECT d.id FROM distributors d JOIN reps r ON r.id = d.owner_rep_id"
		 " WHERE r.code = 'R0002' AND d.status = 'active' ORDER BY d.code LIMIT 1");
}

static int64_t product(const char *sku)
{
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT id FROM products WHERE sku = '%s'", sku);
	return q(sql);
}

static struct visit_plan plan_of(qd_date day, int minutes)
{
	struct visit_plan p = { 0 };
	p.distributor_id = dist();
	p.rep_id = rep();
	p.day = day;
	p.minutes = minutes;
	strcpy(p.purpose, "collection");
	strcpy(p.objective_kind, "collect");
	p.objective_fen = 500000;
	return p;
}

static int64_t planned_id;

START_TEST(test_visit_plan_is_listed_and_counted_on_its_day)
{
	struct visit_scope scope = { rep(), 0 };
	qd_date day = { 2026, 12, 3 };
	struct visit_day_counts before[1], after[1];
	ck_assert_int_eq(db_visit_days(fixture_db, &scope, day, day, before), DB_OK);
	struct visit_plan p = plan_of(day, 10 * 60 + 30);
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_OK);
	ck_assert_int_gt(p.id, 0);
	ck_assert_int_eq(p.version, 1);
	planned_id = p.id;
	ck_assert_int_eq(db_visit_days(fixture_db, &scope, day, day, after), DB_OK);
	ck_assert_int_eq(after[0].n[0], before[0].n[0] + 1);
	struct visit_filter f = { scope, 0, day, day };
	struct visit_row rows[64];
	int n = db_visit_page(fixture_db, &f, NULL, false, rows, 64);
	ck_assert_int_gt(n, 0);
	int found = -1;
	for (int i = 0; i < n; i++)
		if (rows[i].id == p.id)
			found = i;
	ck_assert_int_ge(found, 0);
	ck_assert_str_eq(rows[found].at, "2026-12-03T10:30");
	ck_assert_str_eq(rows[found].status, "planned");
	ck_assert_str_eq(rows[found].objective_kind, "collect");
	ck_assert_int_eq(rows[found].objective_fen, 500000);
	ck_assert_int_eq(db_visit_count(fixture_db, &f), n);
	/* Everyone's count for the day holds it too. */
	struct visit_scope all = { 0, 0 };
	struct visit_day_counts everyone[1];
	ck_assert_int_eq(db_visit_days(fixture_db, &all, day, day, everyone), DB_OK);
	ck_assert_int_ge(everyone[0].n[0], after[0].n[0]);
}
END_TEST

START_TEST(test_visit_plan_refuses_what_is_wrong)
{
	struct visit_plan p = plan_of((qd_date){ 2026, 12, 3 }, 9 * 60);
	strcpy(p.purpose, "fun");
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), VISIT_FIELD_PURPOSE);
	strcpy(p.purpose, "routine");
	p.objective_fen = 0;
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), VISIT_FIELD_OBJECTIVE);
	/* ¥99,999,999,999,999 is no objective: at most ¥100,000,000. */
	p.objective_fen = INT64_C(9999999999999900);
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), VISIT_FIELD_OBJECTIVE);
	p.objective_fen = VISIT_OBJECTIVE_MAX_FEN + 1;
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_INVALID);
	p.objective_fen = 0;
	strcpy(p.objective_kind, "listing");
	strcpy(p.objective, "NO-SUCH");
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_NOTFOUND);
	strcpy(p.objective, "bv-002"); /* a SKU without regard to case */
	p.rep_id = 4242;
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_NOTFOUND);
	ck_assert_int_eq(db_errfield(fixture_db), VISIT_FIELD_REP);
	ck_assert_int_eq(p.id, 0);
}
END_TEST

/* A product to list typed in another case is kept as the product's SKU. */
START_TEST(test_visit_plan_keeps_the_listed_product_s_own_sku)
{
	struct visit_plan p = plan_of((qd_date){ 2026, 12, 4 }, 9 * 60);
	strcpy(p.objective_kind, "listing");
	p.objective_fen = 0;
	strcpy(p.objective, "bv-002");
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_OK);
	ck_assert_str_eq(p.objective, "BV-002");
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT objective = 'BV-002' FROM visits WHERE id = %lld",
		 (long long)p.id);
	ck_assert_int_eq(q(sql), 1);
}
END_TEST

START_TEST(test_visit_move_checks_the_version)
{
	int64_t version = 1;
	ck_assert_int_eq(db_visit_move(fixture_db, planned_id, &version, 1), DB_OK);
	ck_assert_int_eq(version, 2);
	ck_assert_int_eq(qf("SELECT planned_at = '2026-12-04T10:30' FROM visits WHERE id = %lld",
			    (long long)planned_id),
			 1);
	int64_t stale = 1;
	ck_assert_int_eq(db_visit_move(fixture_db, planned_id, &stale, -1), DB_CONFLICT);
	ck_assert_int_eq(stale, 1);
	ck_assert_int_eq(db_visit_move(fixture_db, planned_id, &version, -1), DB_OK);
	ck_assert_int_eq(qf("SELECT version FROM visits WHERE id = %lld", (long long)planned_id),
			 3);
	/* Not onto a day before today: a plan of today moves on, not back. */
	struct visit_plan p = plan_of(fixture_today, 17 * 60);
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_OK);
	int64_t v = p.version;
	ck_assert_int_eq(db_visit_move(fixture_db, p.id, &v, -1), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), VISIT_FIELD_WHEN);
	ck_assert_int_eq(v, p.version);
	ck_assert_int_eq(db_visit_move(fixture_db, p.id, &v, 1), DB_OK);
	ck_assert_int_eq(db_visit_drop(fixture_db, p.id, v), DB_OK);
}
END_TEST

START_TEST(test_visit_confirm_and_drop)
{
	struct visit_plan p = plan_of((qd_date){ 2026, 12, 8 }, 14 * 60);
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_OK);
	int count = 0;
	qd_date first = { 2026, 12, 1 }, last = { 2026, 12, 31 };
	int64_t planned =
		qf("SELECT count(*) FROM visits WHERE rep_id = %lld AND status = 'planned'"
		   " AND planned_at LIKE '2026-12-%%'",
		   (long long)rep());
	ck_assert_int_eq(db_visit_confirm(fixture_db, rep(), first, last, &count), DB_OK);
	ck_assert_int_eq(count, planned);
	ck_assert_int_eq(
		qf("SELECT status = 'confirmed' FROM visits WHERE id = %lld", (long long)p.id), 1);
	/* A confirmed visit is not dropped: it is cancelled with a reason. */
	ck_assert_int_eq(db_visit_drop(fixture_db, p.id, 2), DB_INVALID);
	ck_assert_int_eq(db_visit_close(fixture_db, p.id, 2, "cancelled", "", fixture_today, "t"),
			 DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), VISIT_FIELD_REASON);
	/* Missed only once its day has come. */
	ck_assert_int_eq(
		db_visit_close(fixture_db, p.id, 2, "missed", "shop shut", fixture_today, "t"),
		DB_INVALID);
	ck_assert_int_eq(
		db_visit_close(fixture_db, p.id, 2, "cancelled", "店主出差", fixture_today, "王伟"),
		DB_OK);
	ck_assert_int_eq(qf("SELECT status = 'cancelled' AND reason = '店主出差' FROM visits"
			    " WHERE id = %lld",
			    (long long)p.id),
			 1);
	/* A planned one is dropped. */
	struct visit_plan d = plan_of((qd_date){ 2026, 12, 9 }, 9 * 60);
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &d), DB_OK);
	ck_assert_int_eq(db_visit_drop(fixture_db, d.id, 1), DB_OK);
	ck_assert_int_eq(qf("SELECT count(*) FROM visits WHERE id = %lld", (long long)d.id), 0);
}
END_TEST

START_TEST(test_visit_missed_with_a_reason_counts_in_the_month)
{
	struct visit_plan p = plan_of((qd_date){ 2026, 11, 26 }, 9 * 60);
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_OK);
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT coalesce((SELECT visits_missed FROM dist_month WHERE distributor_id = %lld"
		 " AND month = '2026-11'), 0)",
		 (long long)p.distributor_id);
	int64_t before = q(sql);
	/* A reason of nothing but spaces is no reason. */
	ck_assert_int_eq(db_visit_close(fixture_db, p.id, 1, "missed", "   ", fixture_today, "t"),
			 DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), VISIT_FIELD_REASON);
	ck_assert_int_eq(db_visit_close(fixture_db, p.id, 1, "missed", "堵车", fixture_today, "t"),
			 DB_OK);
	ck_assert_int_eq(q(sql), before + 1);
}
END_TEST

static int64_t recorded_id;

START_TEST(test_visit_record_writes_everything_in_one_transaction)
{
	struct visit_plan p = plan_of(fixture_today, 9 * 60);
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_OK);
	recorded_id = p.id;
	int64_t d = p.distributor_id;
	char tier =
		(char)qf("SELECT unicode(tier) FROM distributors WHERE id = %lld", (long long)d);
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT price_%c_fen FROM products WHERE sku = 'BV-001'",
		 tier + 32);
	int64_t list = q(sql);
	int64_t orders =
		qf("SELECT count(*) FROM orders WHERE distributor_id = %lld", (long long)d);
	int64_t incidents = qf("SELECT count(*) FROM incidents WHERE distributor_id = %lld"
			       " AND kind = 'price_violation'",
			       (long long)d);
	int64_t history =
		qf("SELECT count(*) FROM status_history WHERE distributor_id = %lld", (long long)d);
	struct visit_count counts[] = { { product("BV-001"), 40 }, { product("BV-002"), 0 } };
	/* BV-002's shelf price far below its ¥60.00 retail price. */
	struct visit_shelf shelves[] = { { product("BV-001"), 4800 }, { product("BV-002"), 4500 } };
	/* Line 1 at the list price, line 2 at 20 % under it. */
	struct order_line lines[] = { { product("BV-001"), 10, list },
				      { product("BV-001"), 5, list * 8 / 10 } };
	struct visit_issue issues[] = { { "quality", "两箱漏液" } };
	struct visit_record r = { .id = p.id,
				  .version = p.version,
				  .day = fixture_today,
				  .minutes = 9 * 60 + 40,
				  .prep_notes = "带新品价目表",
				  .summary = "补货，陈列整改",
				  .competitor_notes = "农夫山泉买二送一",
				  .rating = 4,
				  .objective_met = 0,
				  .contact = "李新",
				  .phone = "13800138000",
				  .counts = counts,
				  .ncounts = 2,
				  .shelves = shelves,
				  .nshelves = 2,
				  .lines = lines,
				  .nlines = 2,
				  .issues = issues,
				  .nissues = 1 };
	/* A count past the limit: its line named, the limit said. */
	counts[1].quantity = 99999999999999;
	ck_assert_int_eq(db_visit_record(fixture_db, &r, fixture_today, "王伟"), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), 200 + VISIT_FIELD_COUNT);
	ck_assert_msg(strstr(db_errmsg(fixture_db), "Count 2: a quantity from 0 to 100,000,000"),
		      "%s", db_errmsg(fixture_db));
	counts[1].quantity = 0;
	ck_assert_int_eq(db_visit_record(fixture_db, &r, fixture_today, "王伟"), DB_OK);
	ck_assert_int_gt(r.order_id, 0);
	ck_assert_int_eq(r.violations, 2);
	ck_assert_int_eq(
		qf("SELECT count(*) FROM orders WHERE distributor_id = %lld", (long long)d),
		orders + 1);
	ck_assert_int_eq(qf("SELECT total_fen FROM orders WHERE id = %lld", (long long)r.order_id),
			 10 * list + 5 * (list * 8 / 10));
	ck_assert_int_eq(qf("SELECT count(*) FROM incidents WHERE distributor_id = %lld"
			    " AND kind = 'price_violation'",
			    (long long)d),
			 incidents + 2);
	ck_assert_int_eq(qf("SELECT count(*) FROM incidents WHERE distributor_id = %lld"
			    " AND kind = 'price_violation' AND description LIKE '%%BV-002%%'",
			    (long long)d),
			 1);
	ck_assert_int_eq(qf("SELECT count(*) FROM incidents WHERE distributor_id = %lld"
			    " AND kind = 'quality' AND description = '两箱漏液'",
			    (long long)d),
			 1);
	ck_assert_int_eq(
		qf("SELECT count(*) FROM visit_inventory WHERE visit_id = %lld", (long long)p.id),
		2);
	ck_assert_int_eq(qf("SELECT shelf_price_fen FROM visit_prices WHERE visit_id = %lld"
			    " ORDER BY shelf_price_fen LIMIT 1",
			    (long long)p.id),
			 4500);
	ck_assert_int_eq(qf("SELECT status = 'done' AND done_at = '2026-11-27T09:40'"
			    " AND display_score = 80 AND objective_met = 0 AND recorded_by = '王伟'"
			    " AND order_id IS NOT NULL AND competitor_notes = '农夫山泉买二送一'"
			    " FROM visits WHERE id = %lld",
			    (long long)p.id),
			 1);
	ck_assert_int_eq(qf("SELECT contact = '李新' AND phone = '13800138000' FROM distributors"
			    " WHERE id = %lld",
			    (long long)d),
			 1);
	ck_assert_int_eq(
		qf("SELECT count(*) FROM status_history WHERE distributor_id = %lld", (long long)d),
		history + 1);
	ck_assert_int_eq(
		qf("SELECT last_visit_at FROM distributor_stats WHERE distributor_id = %lld"
		   " AND last_visit_at = '2026-11-27T09:00'",
		   (long long)d) != 0,
		1);
	struct visit v;
	ck_assert_int_eq(db_visit_get(fixture_db, p.id, &v), DB_OK);
	ck_assert_int_eq(v.rating, 4);
	ck_assert_str_eq(v.status, "done");
	ck_assert_int_eq(v.order_total_fen, 10 * list + 5 * (list * 8 / 10));
}
END_TEST

START_TEST(test_visit_record_leaves_nothing_when_a_part_fails)
{
	struct visit_plan p = plan_of(fixture_today, 15 * 60);
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_OK);
	int64_t orders = q("SELECT count(*) FROM orders");
	int64_t incidents = q("SELECT count(*) FROM incidents");
	struct order_line lines[] = { { product("BV-001"), 1, 1 } }; /* far under: an incident */
	struct visit_issue issues[] = { { "quality", "" } };	     /* no description */
	struct visit_record r = { .id = p.id,
				  .version = p.version,
				  .day = fixture_today,
				  .minutes = 15 * 60,
				  .rating = -1,
				  .objective_met = -1,
				  .lines = lines,
				  .nlines = 1,
				  .issues = issues,
				  .nissues = 1 };
	ck_assert_int_eq(db_visit_record(fixture_db, &r, fixture_today, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), 100 + VISIT_FIELD_ISSUE);
	ck_assert_int_eq(q("SELECT count(*) FROM orders"), orders);
	ck_assert_int_eq(q("SELECT count(*) FROM incidents"), incidents);
	ck_assert_int_eq(
		qf("SELECT status = 'planned' FROM visits WHERE id = %lld", (long long)p.id), 1);
	/* A product that is not there, in the order's second line. */
	struct order_line bad[] = { { product("BV-001"), 1, 100 }, { 4242, 1, 100 } };
	r.nissues = 0;
	r.lines = bad;
	r.nlines = 2;
	ck_assert_int_eq(db_visit_record(fixture_db, &r, fixture_today, "t"), DB_NOTFOUND);
	ck_assert_int_eq(db_errfield(fixture_db), 200 + VISIT_FIELD_ORDER);
	ck_assert_int_eq(q("SELECT count(*) FROM orders"), orders);
	/* A visit whose day has not come is not recorded. */
	struct visit_plan later = plan_of((qd_date){ 2026, 11, 30 }, 9 * 60);
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &later), DB_OK);
	r.id = later.id;
	r.version = 1;
	r.nlines = 0;
	ck_assert_int_eq(db_visit_record(fixture_db, &r, fixture_today, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), VISIT_FIELD_WHEN);
	/* A shelf price of ¥0 is no price seen: refused, not a 乱价 incident. */
	struct visit_shelf zero[] = { { product("BV-001"), 4800 }, { product("BV-002"), 0 } };
	r.id = p.id;
	r.version = p.version;
	r.shelves = zero;
	r.nshelves = 2;
	ck_assert_int_eq(db_visit_record(fixture_db, &r, fixture_today, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), 200 + VISIT_FIELD_SHELF);
	ck_assert_int_eq(q("SELECT count(*) FROM incidents"), incidents);
	ck_assert_int_eq(
		qf("SELECT status = 'planned' FROM visits WHERE id = %lld", (long long)p.id), 1);
	r.nshelves = 0;
	/* A stale version is a conflict. */
	r.id = p.id;
	r.version = 9;
	ck_assert_int_eq(db_visit_record(fixture_db, &r, fixture_today, "t"), DB_CONFLICT);
}
END_TEST

START_TEST(test_visit_coaching_note_on_any_visit)
{
	struct visit v;
	ck_assert_int_eq(db_visit_get(fixture_db, recorded_id, &v), DB_OK);
	ck_assert_int_eq(
		db_visit_coach(fixture_db, recorded_id, v.version, "先问回款，再谈订单", "黄建华"),
		DB_OK);
	ck_assert_int_eq(db_visit_get(fixture_db, recorded_id, &v), DB_OK);
	ck_assert_str_eq(v.coaching_note, "先问回款，再谈订单");
	ck_assert_str_eq(v.coached_by, "黄建华");
	ck_assert_int_eq(db_visit_coach(fixture_db, recorded_id, v.version - 1, "x", "y"),
			 DB_CONFLICT);
}
END_TEST

START_TEST(test_visit_coaching_note_is_the_managers)
{
	struct visit v;
	ck_assert_int_eq(db_visit_get(fixture_db, recorded_id, &v), DB_OK);
	const char *note = v.coaching_note;
	/* A rep, by code or by name: refused, nothing written. */
	char who[404];
	snprintf(who, sizeof who, "%s", "R0002");
	ck_assert_int_eq(db_visit_coach(fixture_db, recorded_id, v.version, "我自己的点评", who),
			 DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), VISIT_FIELD_NOTE);
	ck_assert_str_eq(db_errmsg(fixture_db), "Only a manager writes coaching notes.");
	ck_assert_int_eq(db_visit_may_coach(fixture_db, "r0002"), DB_INVALID);
	struct visit after;
	ck_assert_int_eq(db_visit_get(fixture_db, recorded_id, &after), DB_OK);
	ck_assert_str_eq(after.coaching_note, note);
	ck_assert_int_eq(after.version, v.version);
	/* A manager may; so may a user the program cannot tell (none
	 * configured). */
	static const char sql[] = "SELECT code FROM reps WHERE role = 'manager' ORDER BY code";
	sqlite3_stmt *st = db_stmt(fixture_db, sql);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(who, sizeof who, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	ck_assert_int_eq(who[0], 'M');
	ck_assert_int_eq(db_visit_coach(fixture_db, recorded_id, v.version, "先问回款", who),
			 DB_OK);
	ck_assert_int_eq(db_visit_get(fixture_db, recorded_id, &after), DB_OK);
	ck_assert_str_eq(after.coached_by, who);
	ck_assert_int_eq(db_visit_may_coach(fixture_db, NULL), DB_OK);
	ck_assert_int_eq(db_visit_may_coach(fixture_db, ""), DB_OK);
}
END_TEST

START_TEST(test_visit_products_show_sales_and_counts)
{
	struct visit_product p[40];
	int n = db_visit_products(fixture_db, dist(), fixture_today, p, 40);
	ck_assert_int_gt(n, 0);
	int bv1 = -1;
	for (int i = 0; i < n; i++)
		if (!strcmp(p[i].sku, "BV-001"))
			bv1 = i;
	ck_assert_int_ge(bv1, 0);
	ck_assert_int_eq(p[bv1].last_count, 40);
	/* Sold means shipped or delivered, by ship date, in the 90 days up to today
	 * (as dist_month and the scorecard count sales): the open order of 15 taken
	 * today at the recorded visit is not sold yet. */
	char sql[600];
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(sum(l.quantity), 0) FROM orders o JOIN order_lines l"
		 " ON l.order_id = o.id WHERE o.distributor_id = %lld"
		 " AND o.status IN ('shipped', 'delivered') AND o.ship_date > '2026-08-29'"
		 " AND o.ship_date <= '2026-11-27' AND l.product_id = %lld",
		 (long long)dist(), (long long)product("BV-001"));
	ck_assert_int_eq(p[bv1].sold_90d, q(sql));
	ck_assert_int_eq(qf("SELECT count(*) FROM visits v JOIN orders o ON o.id = v.order_id"
			    " WHERE v.id = %lld AND o.status = 'open'",
			    (long long)recorded_id),
			 1);
	ck_assert_int_eq(p[bv1].retail_fen, 4800);
	struct visit_credit c;
	ck_assert_int_eq(db_visit_credit(fixture_db, dist(), fixture_today, &c), DB_OK);
	ck_assert_int_ge(c.open_fen, 0);
}
END_TEST

START_TEST(test_visit_proposal_adds_once_and_confirms)
{
	struct visit_settings s;
	visit_settings_default(&s);
	int64_t r = q("SELECT id FROM reps WHERE code = 'R0004'");
	int added = 0, unplaced = 0;
	ck_assert_int_eq(
		db_visit_propose(fixture_db, r, 2027, 1, fixture_today, &s, 7, &added, &unplaced),
		DB_OK);
	ck_assert_int_gt(added, 0);
	ck_assert_int_eq(qf("SELECT count(*) FROM visits WHERE rep_id = %lld AND status = 'planned'"
			    " AND planned_at LIKE '2027-01-%%'",
			    (long long)r),
			 added);
	/* No weekends, at most six a day. */
	ck_assert_int_eq(qf("SELECT count(*) FROM visits WHERE rep_id = %lld"
			    " AND planned_at LIKE '2027-01-%%'"
			    " AND strftime('%%w', substr(planned_at, 1, 10)) IN ('0','6')",
			    (long long)r),
			 0);
	ck_assert_int_le(
		qf("SELECT max(n) FROM (SELECT count(*) AS n FROM visits WHERE rep_id = %lld"
		   " AND planned_at LIKE '2027-01-%%' GROUP BY substr(planned_at, 1, 10))",
		   (long long)r),
		6);
	int again = -1;
	ck_assert_int_eq(
		db_visit_propose(fixture_db, r, 2027, 1, fixture_today, &s, 7, &again, NULL),
		DB_OK);
	ck_assert_int_eq(again, 0);
	int confirmed = 0;
	ck_assert_int_eq(db_visit_confirm(fixture_db, r, (qd_date){ 2027, 1, 1 },
					  (qd_date){ 2027, 1, 31 }, &confirmed),
			 DB_OK);
	ck_assert_int_eq(confirmed, added);
	ck_assert_int_eq(
		q("SELECT count(*) FROM visit_day WHERE day LIKE '2027-01-%' AND planned <> 0"), 0);
}
END_TEST

START_TEST(test_visit_proposal_one_province_a_day_overdue_first)
{
	/* R0001 covers Guangdong (and Foshan in it) and Henan. GD-0007 (every
	 * 30 days, last seen 13 August) has a visit planned on 14 December,
	 * within its 30 days: that visit meets it, none is added before it. */
	struct visit_settings s;
	visit_settings_default(&s);
	int64_t r = q("SELECT id FROM reps WHERE code = 'R0001'");
	int added = 0;
	ck_assert_int_eq(
		db_visit_propose(fixture_db, r, 2026, 12, fixture_today, &s, 7, &added, NULL),
		DB_OK);
	ck_assert_int_gt(added, 0);
	/* No day mixes the two provinces (a city counts as its province) among
	 * the visits just proposed (made in the last minutes). */
	ck_assert_int_eq(qf("SELECT count(*) FROM (SELECT substr(v.planned_at, 1, 10) AS day,"
			    " count(DISTINCT coalesce(t.parent_id, t.id)) AS n FROM visits v"
			    " JOIN distributors d ON d.id = v.distributor_id"
			    " JOIN territories t ON t.id = d.territory_id WHERE v.rep_id = %lld"
			    " AND v.planned_at LIKE '2026-12-%%' AND v.status = 'planned'"
			    " AND v.created_at BETWEEN"
			    " strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now', '-10 minutes')"
			    " AND strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now', '+1 minutes')"
			    " GROUP BY 1) WHERE n > 1",
			    (long long)r),
			 0);
	ck_assert_int_eq(q("SELECT count(*) FROM visits v JOIN distributors d"
			   " ON d.id = v.distributor_id WHERE d.code = 'GD-0007'"
			   " AND v.planned_at BETWEEN '2026-12-01' AND '2026-12-14T99'"),
			 1);
	int again = -1;
	ck_assert_int_eq(
		db_visit_propose(fixture_db, r, 2026, 12, fixture_today, &s, 7, &again, NULL),
		DB_OK);
	ck_assert_int_eq(again, 0);
}
END_TEST

START_TEST(test_visit_proposal_counts_visits_planned_or_confirmed)
{
	/* R0007: SX-0002 (every 14 days, last seen 28 September) is planned on
	 * 7 December; NM-0002 (weekly, last seen 23 November) is confirmed on
	 * 3 December. Neither gets a visit before those; SX-0002 is due again
	 * 14 days after the 7th, where one is already planned (the 21st). */
	ck_assert_int_eq(q("SELECT count(*) FROM visits v JOIN distributors d ON d.id ="
			   " v.distributor_id WHERE (d.code = 'SX-0002' AND v.planned_at LIKE"
			   " '2026-12-07T%' AND v.status = 'planned') OR (d.code = 'NM-0002' AND"
			   " v.planned_at LIKE '2026-12-03T%' AND v.status = 'confirmed')"),
			 2);
	int64_t before = q("SELECT count(*) FROM visits v JOIN distributors d ON d.id ="
			   " v.distributor_id WHERE d.code IN ('SX-0002', 'NM-0002')");
	struct visit_settings s;
	visit_settings_default(&s);
	int64_t r = q("SELECT id FROM reps WHERE code = 'R0007'");
	int added = 0;
	ck_assert_int_eq(
		db_visit_propose(fixture_db, r, 2026, 12, fixture_today, &s, 1, &added, NULL),
		DB_OK);
	ck_assert_int_gt(added, 0);
	ck_assert_int_eq(q("SELECT count(*) FROM visits v JOIN distributors d ON d.id ="
			   " v.distributor_id WHERE d.code = 'SX-0002' AND v.planned_at"
			   " BETWEEN '2026-12-01' AND '2026-12-07T99'"),
			 1);
	ck_assert_int_eq(q("SELECT count(*) FROM visits v JOIN distributors d ON d.id ="
			   " v.distributor_id WHERE d.code = 'NM-0002' AND v.planned_at"
			   " BETWEEN '2026-12-01' AND '2026-12-03T99'"),
			 1);
	/* Due dates continue from the visits in the calendar: SX-0002's 21st
	 * is there already; NM-0002 is met on the 3rd, 10th, 17th and 21st and
	 * due again on the 28th, its one new visit. */
	ck_assert_int_eq(q("SELECT count(*) FROM visits v JOIN distributors d ON d.id ="
			   " v.distributor_id WHERE d.code IN ('SX-0002', 'NM-0002')"),
			 before + 1);
	ck_assert_int_eq(q("SELECT count(*) FROM visits v JOIN distributors d ON d.id ="
			   " v.distributor_id WHERE d.code = 'NM-0002'"
			   " AND v.planned_at LIKE '2026-12-28T%'"),
			 1);
}
END_TEST

/* A visit someone else (a manager) planned for one of the rep's
 * distributors covers it: the proposal plans none over it, and it takes
 * nothing of the rep's day. */
START_TEST(test_visit_proposal_counts_a_managers_visit_to_the_reps_distributor)
{
	int64_t r = q("SELECT id FROM reps WHERE code = 'R0005'");
	/* One of R0005's active ones, visited monthly or less often. */
	int64_t d = q("SELECT d.id FROM distributors d WHERE d.owner_rep_id = (SELECT id FROM reps"
		      " WHERE code = 'R0005') AND d.status = 'active' AND d.visit_every_days >= 30"
		      " ORDER BY d.code LIMIT 1");
	int64_t other = q("SELECT id FROM reps WHERE code <> 'R0005' ORDER BY code LIMIT 1");
	ck_assert_int_gt(d, 0);
	struct visit_plan p = { 0 };
	p.distributor_id = d;
	p.rep_id = other;
	p.day = (qd_date){ 2027, 1, 4 };
	p.minutes = 10 * 60;
	strcpy(p.purpose, "routine");
	strcpy(p.objective_kind, "none");
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_OK);
	struct visit_settings s;
	visit_settings_default(&s);
	int added = 0;
	ck_assert_int_eq(
		db_visit_propose(fixture_db, r, 2027, 1, fixture_today, &s, 1, &added, NULL),
		DB_OK);
	ck_assert_int_gt(added, 0);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM visits WHERE distributor_id = %lld AND rep_id = %lld"
		 " AND planned_at BETWEEN '2027-01-01' AND '2027-01-31T99'",
		 (long long)d, (long long)r);
	ck_assert_int_eq(q(sql), 0);
}
END_TEST

START_TEST(test_visit_review_of_a_month)
{
	struct visit_review rv;
	ck_assert_int_eq(db_visit_review(fixture_db, rep(), 2026, 11, fixture_today, &rv), DB_OK);
	ck_assert_str_eq(rv.rep_code, "R0002");
	ck_assert_int_eq(rv.total, rv.planned + rv.confirmed + rv.done + rv.missed);
	ck_assert_int_le(rv.done_as_planned, rv.done);
	ck_assert_int_ge(rv.with_objective, 1); /* the visit recorded above */
	ck_assert_int_eq(
		rv.distributors,
		qf("SELECT count(*) FROM distributors WHERE owner_rep_id = %lld"
		   " AND status = 'active'",
		   (long long)rep()) +
			qf("SELECT count(DISTINCT v.distributor_id) FROM visits v JOIN"
			   " distributors d ON d.id = v.distributor_id WHERE v.rep_id = %lld"
			   " AND v.status = 'done' AND v.planned_at LIKE '2026-11-%%'"
			   " AND (d.owner_rep_id IS NOT v.rep_id OR d.status <> 'active')",
			   (long long)rep()));
	ck_assert_int_ge(rv.concentration_bp, 0);
	ck_assert_int_le(rv.concentration_bp, 10000);
	/* October's visits have had their 30 days. */
	struct visit_review oct;
	ck_assert_int_eq(db_visit_review(fixture_db, rep(), 2026, 10, fixture_today, &oct), DB_OK);
	ck_assert_int_le(oct.changed_nothing, oct.done);
	struct visit_review *all;
	struct visit_scope everyone = { 0, 0 };
	int n = db_visit_reviews(fixture_db, &everyone, 2026, 11, fixture_today, &all);
	ck_assert_int_eq(n, q("SELECT count(*) FROM reps WHERE active = 1"));
	free(all);
	struct visit_overdue od[5];
	int64_t total = 0;
	struct visit_scope mine = { rep(), 0 };
	int k = db_visit_overdue(fixture_db, &mine, fixture_today, od, 5, &total);
	ck_assert_int_ge(k, 0);
	ck_assert_int_eq(total, rv.overdue);
}
END_TEST

/* "As planned" counts the same visits on both sides: a visit of today
 * closed (done or missed) is due as soon as it is, so done as planned is
 * never more than due, and a visit of today missed adds one to due. */
START_TEST(test_visit_review_counts_today_closed_as_due)
{
	struct visit_review before, after;
	ck_assert_int_eq(db_visit_review(fixture_db, rep(), 2026, 11, fixture_today, &before),
			 DB_OK);
	struct visit_plan p = plan_of(fixture_today, 16 * 60 + 45);
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_OK);
	ck_assert_int_eq(db_visit_review(fixture_db, rep(), 2026, 11, fixture_today, &after),
			 DB_OK);
	ck_assert_int_eq(after.due, before.due); /* still open: not late yet */
	ck_assert_int_eq(
		db_visit_close(fixture_db, p.id, p.version, "missed", "下雨", fixture_today, "t"),
		DB_OK);
	ck_assert_int_eq(db_visit_review(fixture_db, rep(), 2026, 11, fixture_today, &after),
			 DB_OK);
	ck_assert_int_eq(after.missed, before.missed + 1);
	ck_assert_int_eq(after.due, before.due + 1);
	/* Every visit of the rep's month done on its day is among the due. */
	ck_assert_int_eq(after.due,
			 qf("SELECT count(*) FROM visits WHERE rep_id = %lld AND planned_at LIKE "
			    "'2026-11-%%'"
			    " AND status <> 'cancelled' AND (planned_at < '2026-11-27'"
			    "   OR (planned_at < '2026-11-28' AND status IN ('done', 'missed')))",
			    (long long)rep()));
	ck_assert_int_le(after.done_as_planned, after.due);
	/* A visit of today recorded as done counts on both sides. */
	char sql[300];
	snprintf(sql, sizeof sql,
		 "UPDATE visits SET status = 'done', done_at = planned_at, reason = ''"
		 " WHERE id = %lld",
		 (long long)p.id);
	fixture_exec(fixture_path, sql);
	struct visit_review done;
	ck_assert_int_eq(db_visit_review(fixture_db, rep(), 2026, 11, fixture_today, &done), DB_OK);
	ck_assert_int_eq(done.due, after.due);
	ck_assert_int_eq(done.done_as_planned, after.done_as_planned + 1);
}
END_TEST

/* The overdue distributors of a scope as one query for every scope says it,
 * the order and the numbers the calendar shows: the reference the scoped
 * queries must agree with. */
/* Overdue from the last visit, or from the agreement's start when later
 * (one begun today is not overdue). */
#define SINCE                                                                               \
	"(CASE WHEN s.last_visit_at > coalesce(d.agreement_start, '') THEN s.last_visit_at" \
	" ELSE coalesce(d.agreement_start, '') END)"
static const char overdue_reference[] =
	"SELECT d.id, s.last_visit_at = '',"
	" CAST(julianday(?3) - julianday(substr(" SINCE ", 1, 10)) AS INTEGER)"
	"   - d.visit_every_days, d.visit_every_days"
	" FROM distributors d JOIN distributor_stats s ON s.distributor_id = d.id"
	" LEFT JOIN reps r ON r.id = d.owner_rep_id WHERE d.status = 'active'"
	" AND (?1 = 0 OR d.owner_rep_id = ?1) AND (?2 = 0 OR r.region_id = ?2)"
	" AND " SINCE " < date(?3, '-' || d.visit_every_days || ' days')"
	" ORDER BY s.last_visit_at = '' DESC,"
	" julianday(?3) - julianday(substr(" SINCE ", 1, 10)) - d.visit_every_days DESC,"
	" d.code";

/* Runs db_visit_overdue for scope and returns the query plans of the
 * statements it ran, one detail a line, in plans. */
static int overdue_with_plans(const struct visit_scope *scope, struct visit_overdue *out, int max,
			      int64_t *total, char *plans, size_t size)
{
	sqlite3 *h = db_handle(fixture_db);
	sqlite3_stmt *seen[64];
	int runs[64], n = 0;
	for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st && n < 64;
	     st = sqlite3_next_stmt(h, st))
		if (strstr(sqlite3_sql(st), "'')) < date(?3")) {
			seen[n] = st;
			runs[n++] = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_RUN, 0);
		}
	int k = db_visit_overdue(fixture_db, scope, fixture_today, out, max, total);
	/* Statements made by this call were not seen before it. */
	for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st && n < 64;
	     st = sqlite3_next_stmt(h, st)) {
		bool known = false;
		for (int i = 0; i < n; i++)
			known |= seen[i] == st;
		if (!known && strstr(sqlite3_sql(st), "'')) < date(?3")) {
			seen[n] = st;
			runs[n++] = 0;
		}
	}
	plans[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (sqlite3_stmt_status(seen[i], SQLITE_STMTSTATUS_RUN, 0) == runs[i])
			continue;
		char *sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sqlite3_sql(seen[i]));
		sqlite3_stmt *ex;
		ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &ex, NULL), SQLITE_OK);
		while (sqlite3_step(ex) == SQLITE_ROW) {
			size_t len = strlen(plans);
			snprintf(plans + len, size - len, "%s\n", sqlite3_column_text(ex, 3));
		}
		sqlite3_finalize(ex);
		sqlite3_free(sql);
	}
	return k;
}

static void overdue_check(struct visit_scope scope, const char *index)
{
	struct visit_overdue od[8];
	int64_t total = -1;
	char plans[4096];
	int k = overdue_with_plans(&scope, od, 8, &total, plans, sizeof plans);
	sqlite3_stmt *st;
	ck_assert_int_eq(
		sqlite3_prepare_v2(db_handle(fixture_db), overdue_reference, -1, &st, NULL),
		SQLITE_OK);
	char day[DATE_BUF];
	sqlite3_bind_int64(st, 1, scope.rep_id);
	sqlite3_bind_int64(st, 2, scope.region_id);
	sqlite3_bind_text(st, 3, date_format(fixture_today, day), -1, SQLITE_TRANSIENT);
	int64_t want = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (want < 8) {
			ck_assert_int_lt(want, k);
			const struct visit_overdue *o = &od[want];
			ck_assert_int_eq(o->distributor_id, sqlite3_column_int64(st, 0));
			ck_assert_int_eq(o->never, sqlite3_column_int(st, 1));
			ck_assert_int_eq(o->days, sqlite3_column_int(st, o->never ? 3 : 2));
		}
		want++;
	}
	sqlite3_finalize(st);
	ck_assert_int_eq(total, want);
	ck_assert_int_eq(k, want < 8 ? want : 8);
	/* A rep's distributors come by their owner, not by reading every
	 * active distributor. */
	if (index) {
		ck_assert_msg(strstr(plans, index) && !strstr(plans, "distributors_status") &&
				      !strstr(plans, "SCAN d"),
			      "plans:\n%s", plans);
	}
}

START_TEST(test_visit_overdue_by_scope_reads_that_scope_alone)
{
	int64_t region = q("SELECT region_id FROM reps WHERE code = 'R0002'");
	int64_t other = q("SELECT id FROM regions WHERE id <> (SELECT region_id FROM reps"
			  " WHERE code = 'R0002') ORDER BY id LIMIT 1");
	ck_assert_int_gt(region, 0);
	ck_assert_int_gt(other, 0);
	ck_assert_int_gt(qf("SELECT count(*) FROM distributors d JOIN distributor_stats s"
			    " ON s.distributor_id = d.id WHERE d.owner_rep_id = %lld"
			    " AND d.status = 'active' AND s.last_visit_at < date('2026-11-27',"
			    " '-' || d.visit_every_days || ' days')",
			    (long long)rep()),
			 0);
	overdue_check((struct visit_scope){ rep(), 0 }, "distributors_owner");
	/* A region's way depends on how many reps it has: results only. */
	overdue_check((struct visit_scope){ 0, region }, NULL);
	overdue_check((struct visit_scope){ rep(), region }, "distributors_owner");
	overdue_check((struct visit_scope){ rep(), other }, "distributors_owner");
	overdue_check((struct visit_scope){ 0, 0 }, NULL);
}
END_TEST

/* The spread of a rep's done visits over distributors as one query says
 * it: the rep's active distributors, 0 for those not visited, and any
 * other the rep visited. */
static const char spread_reference[] =
	"SELECT count(v.id) FROM distributors d LEFT JOIN visits v ON v.distributor_id = d.id"
	"   AND v.rep_id = ?1 AND v.status = 'done' AND v.planned_at >= ?2 AND v.planned_at <= ?3"
	" WHERE d.owner_rep_id = ?1 AND d.status = 'active' GROUP BY d.id"
	" UNION ALL SELECT count(*) FROM visits v JOIN distributors d ON d.id = v.distributor_id"
	" WHERE v.rep_id = ?1 AND v.status = 'done' AND v.planned_at >= ?2"
	"   AND v.planned_at <= ?3 AND (d.owner_rep_id IS NOT ?1 OR d.status <> 'active')"
	" GROUP BY v.distributor_id";

static void spread_check(int64_t rep_id, int y, int m)
{
	struct visit_review rv;
	ck_assert_int_eq(db_visit_review(fixture_db, rep_id, y, m, fixture_today, &rv), DB_OK);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_handle(fixture_db), spread_reference, -1, &st, NULL),
			 SQLITE_OK);
	char lo[16], hi[16];
	snprintf(lo, sizeof lo, "%04d-%02d-01", y, m);
	snprintf(hi, sizeof hi, "%04d-%02d-31T99", y, m);
	sqlite3_bind_int64(st, 1, rep_id);
	sqlite3_bind_text(st, 2, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, hi, -1, SQLITE_TRANSIENT);
	int counts[4096], n = 0, visits = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < 4096) {
		counts[n] = sqlite3_column_int(st, 0);
		visits += counts[n++];
	}
	sqlite3_finalize(st);
	ck_assert_int_eq(rv.distributors, n);
	ck_assert_int_eq(rv.concentration_bp, visit_concentration_bp(counts, n));
	ck_assert_int_ge(visits, 0);
}

START_TEST(test_visit_review_spread_as_one_query_says)
{
	/* A done visit of R0002 to another rep's distributor counts for R0002
	 * too, beside R0002's own. */
	int64_t other =
		q("SELECT d.id FROM distributors d JOIN reps r ON r.id = d.owner_rep_id"
		  " WHERE r.code <> 'R0002' AND d.status = 'active' ORDER BY d.code LIMIT 1");
	struct visit_plan p = plan_of((qd_date){ 2026, 11, 20 }, 10 * 60);
	p.distributor_id = other;
	ck_assert_int_eq(db_visit_plan_save(fixture_db, &p), DB_OK);
	struct visit_record r = { 0 };
	r.id = p.id;
	r.version = p.version;
	r.day = (qd_date){ 2026, 11, 20 };
	r.minutes = 10 * 60;
	r.rating = -1;
	r.objective_met = -1;
	ck_assert_int_eq(db_visit_record(fixture_db, &r, fixture_today, "test"), DB_OK);
	spread_check(rep(), 2026, 11);
	spread_check(rep(), 2026, 10);
	spread_check(rep(), 2026, 12);
	spread_check(q("SELECT id FROM reps WHERE code = 'R0001'"), 2026, 11);
	spread_check(q("SELECT id FROM reps WHERE code = 'R0003'"), 2026, 9);
}
END_TEST

START_TEST(test_visit_person_by_code_or_name)
{
	struct visit_person p;
	ck_assert_int_eq(db_visit_person(fixture_db, "r0002", &p), DB_OK);
	ck_assert_str_eq(p.code, "R0002");
	ck_assert(!p.manager);
	ck_assert_int_eq(db_visit_person(fixture_db, "黄建华", &p), DB_OK);
	ck_assert_str_eq(p.code, "M001");
	ck_assert(p.manager);
	ck_assert_int_eq(db_visit_person(fixture_db, "nobody", &p), DB_NOTFOUND);
}
END_TEST

START_TEST(test_visit_settings_stored_and_logged)
{
	struct visit_settings s;
	ck_assert_int_eq(db_visit_settings_get(fixture_db, &s), DB_OK);
	ck_assert_int_eq(s.per_day, 6);
	s.per_day = 8;
	s.weekends = true;
	ck_assert_int_eq(db_visit_settings_save(fixture_db, &s, "黄建华"), DB_OK);
	struct visit_settings t;
	ck_assert_int_eq(db_visit_settings_get(fixture_db, &t), DB_OK);
	ck_assert_int_eq(t.per_day, 8);
	ck_assert(t.weekends);
	ck_assert_int_eq(t.every_days[0], 7);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE table_name = 'settings'"), 2);
	/* A value stored wrong (by hand) reads as the default. */
	fixture_exec(fixture_path,
		     "UPDATE settings SET value = 'lots' WHERE name = 'visits_per_day'");
	ck_assert_int_eq(db_visit_settings_get(fixture_db, &t), DB_OK);
	ck_assert_int_eq(t.per_day, 6);
}
END_TEST

/* The visits of November as one calendar, as the export writes it. */
static char *export_twice(void)
{
	struct visit_filter f = { { rep(), 0 }, 0, { 2026, 11, 1 }, { 2026, 12, 31 } };
	struct visit_row rows[400];
	int n = db_visit_page(fixture_db, &f, NULL, false, rows, 400);
	ck_assert_int_gt(n, 0);
	struct ics_buf b = { 0 };
	ics_begin(&b);
	for (int i = 0; i < n; i++) {
		struct visit v;
		ck_assert_int_eq(db_visit_get(fixture_db, rows[i].id, &v), DB_OK);
		struct ics_event e = { v.id,	       v.day,	     v.minutes, 60,
				       v.version,      v.updated_at, v.status,	v.dist_name,
				       v.dist_address, v.summary };
		ics_event(&b, "Asia/Shanghai", &e);
	}
	ics_end(&b);
	return b.s;
}

START_TEST(test_visit_ics_uid_stays_across_exports_and_sequence_rises)
{
	char *a = export_twice();
	char *b = export_twice();
	ck_assert_str_eq(a, b);
	char uid[64], line[120];
	snprintf(line, sizeof line, "UID:%s\r\n", ics_uid(planned_id, uid));
	ck_assert_ptr_nonnull(strstr(a, line));
	int64_t version = qf("SELECT version FROM visits WHERE id = %lld", (long long)planned_id);
	ck_assert_int_eq(db_visit_move(fixture_db, planned_id, &version, 1), DB_OK);
	char *c = export_twice();
	ck_assert_ptr_nonnull(strstr(c, line));
	/* Its SEQUENCE follows its version, one more than before. */
	const char *at = strstr(c, line);
	char seq[40];
	snprintf(seq, sizeof seq, "SEQUENCE:%lld\r\n", (long long)(version - 1));
	ck_assert_ptr_nonnull(strstr(at, seq));
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(test_visit_kept_counts_check_clean)
{
	ck_assert_int_eq(db_check(fixture_db, NULL, NULL, NULL), 0);
	/* A count changed behind the program's back is found. */
	fixture_exec(fixture_path, "UPDATE visit_day SET done = done + 1 WHERE (rep_id, day) IN"
				   " (SELECT rep_id, day FROM visit_day LIMIT 1)");
	ck_assert_int_eq(db_check(fixture_db, NULL, NULL, NULL), 1);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_visit_plan_is_listed_and_counted_on_its_day,
		test_visit_plan_refuses_what_is_wrong,
		test_visit_plan_keeps_the_listed_product_s_own_sku,
		test_visit_move_checks_the_version,
		test_visit_confirm_and_drop,
		test_visit_missed_with_a_reason_counts_in_the_month,
		test_visit_record_writes_everything_in_one_transaction,
		test_visit_record_leaves_nothing_when_a_part_fails,
		test_visit_coaching_note_on_any_visit,
		test_visit_coaching_note_is_the_managers,
		test_visit_products_show_sales_and_counts,
		test_visit_proposal_adds_once_and_confirms,
		test_visit_proposal_one_province_a_day_overdue_first,
		test_visit_proposal_counts_visits_planned_or_confirmed,
		test_visit_proposal_counts_a_managers_visit_to_the_reps_distributor,
		test_visit_review_of_a_month,
		test_visit_review_counts_today_closed_as_due,
		test_visit_overdue_by_scope_reads_that_scope_alone,
		test_visit_review_spread_as_one_query_says,
		test_visit_person_by_code_or_name,
		test_visit_settings_stored_and_logged,
		test_visit_ics_uid_stays_across_exports_and_sequence_rises,
		test_visit_kept_counts_check_clean,
	};
	return fixture_run("visit", tests, sizeof tests / sizeof tests[0]);
}
