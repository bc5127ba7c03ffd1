/* db: the kept figures (what payments leave unpaid, the months, the
 * territories' figures) stay equal to a recompute after random writes of
 * every kind, and agree with the detail's own aging, computed another way
 * (core/aging over the rows). */
#include <stdio.h>
#include <string.h>

#include "demo_fixture.h"
#include "qudao/dist_detail.h"
#include "qudao/rng.h"

static int problems;

static void count_problem(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "  %s\n", line);
	problems++;
}

/* Random inserts, updates and deletes of invoices and payments (some naming
 * an invoice, some another distributor's), orders shipping, visits done,
 * through another qudao connection (its triggers made), as plain SQL. */
static void random_writes(uint64_t seed, int n)
{
	qd_rng r;
	rng_seed(&r, seed);
	qd_db *writer = fixture_writer(fixture_path);
	sqlite3 *h = db_handle(writer);
	sqlite3_exec(h, "PRAGMA foreign_keys = ON; BEGIN", NULL, NULL, NULL);
	char sql[600];
	for (int i = 0; i < n; i++) {
		int64_t id = (int64_t)(seed * 100000 + (uint64_t)i) + 1000000000000;
		int op = (int)rng_below(&r, 100);
		const char *pick = "(SELECT id FROM distributors ORDER BY id LIMIT 1 OFFSET %d)";
		char dist[160];
		snprintf(dist, sizeof dist, pick, (int)rng_below(&r, 6));
		if (op < 30) {
			snprintf(sql, sizeof sql,
				 "INSERT INTO amounts_due(id, distributor_id, invoice_no, due_date,"
				 " amount_fen) VALUES (%lld, %s, 'K%lld', date('2026-01-01', '+%d "
				 "days'),"
				 " %d)",
				 (long long)id, dist, (long long)id, (int)rng_below(&r, 360),
				 1 + (int)rng_below(&r, 100000));
		} else if (op < 65) {
			/* Half of them name an invoice: often their own, sometimes not. */
			snprintf(sql, sizeof sql,
				 "INSERT INTO payments(id, distributor_id, paid_on, amount_fen, "
				 "invoice_no)"
				 " SELECT %lld, %s, date('2026-01-01', '+%d days'), %d,"
				 " CASE WHEN %d THEN (SELECT invoice_no FROM amounts_due"
				 "  WHERE distributor_id = %s ORDER BY random() LIMIT 1) END",
				 (long long)id, dist, (int)rng_below(&r, 360),
				 1 + (int)rng_below(&r, 90000), (int)rng_below(&r, 2), dist);
		} else if (op < 72) {
			snprintf(sql, sizeof sql,
				 "DELETE FROM payments WHERE id = (SELECT id FROM payments"
				 " WHERE distributor_id = %s ORDER BY random() LIMIT 1)",
				 dist);
		} else if (op < 79) {
			snprintf(sql, sizeof sql,
				 "UPDATE payments SET amount_fen = amount_fen + 1234, paid_on = "
				 "'2026-05-05'"
				 " WHERE id = (SELECT id FROM payments WHERE distributor_id = %s"
				 " ORDER BY random() LIMIT 1)",
				 dist);
		} else if (op < 85) {
			snprintf(sql, sizeof sql,
				 "UPDATE amounts_due SET amount_fen = amount_fen / 2 + 1,"
				 " due_date = '2026-02-14' WHERE id = (SELECT id FROM amounts_due"
				 " WHERE distributor_id = %s ORDER BY random() LIMIT 1)",
				 dist);
		} else if (op < 88) {
			snprintf(sql, sizeof sql,
				 "DELETE FROM amounts_due WHERE id = (SELECT id FROM amounts_due a"
				 " WHERE distributor_id = %s AND NOT EXISTS (SELECT 1 FROM "
				 "payments p"
				 " WHERE p.invoice_no = a.invoice_no) ORDER BY random() LIMIT 1)",
				 dist);
		} else if (op < 94) {
			snprintf(
				sql, sizeof sql,
				"UPDATE orders SET status = CASE status WHEN 'open' THEN 'shipped'"
				" WHEN 'shipped' THEN 'cancelled' ELSE 'delivered' END,"
				" ship_date = coalesce(ship_date, order_date) WHERE id = (SELECT id"
				" FROM orders WHERE distributor_id = %s ORDER BY random() LIMIT 1)",
				dist);
		} else {
			snprintf(sql, sizeof sql,
				 "UPDATE visits SET status = CASE status WHEN 'done' THEN 'missed'"
				 " ELSE 'done' END, display_score = NULL WHERE id = (SELECT id FROM"
				 " visits WHERE distributor_id = %s ORDER BY random() LIMIT 1)",
				 dist);
		}
		char *err = NULL;
		int rc = sqlite3_exec(h, sql, NULL, NULL, &err);
		/* A payment naming a missing invoice, and the like, is refused. */
		ck_assert_msg(rc == SQLITE_OK || (rc & 0xff) == SQLITE_CONSTRAINT, "%s: %s", sql,
			      err);
		sqlite3_free(err);
	}
	ck_assert_int_eq(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	db_close(writer);
}

static void assert_kept_equals_recompute(void)
{
	problems = 0;
	ck_assert_int_eq(db_check(fixture_db, count_problem, NULL, NULL), 0);
	ck_assert_int_eq(problems, 0);
}

/* The kept unpaid-since date is the due date of the first invoice the
 * detail's aging (core/aging over the rows) leaves open. */
static void assert_kept_agrees_with_aging(void)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open_v2(fixture_path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h,
					    "SELECT s.distributor_id, coalesce(s.unpaid_since, '')"
					    " FROM distributor_stats s ORDER BY s.distributor_id"
					    " LIMIT 6",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *kept = (const char *)sqlite3_column_text(st, 1);
		struct dist_detail x;
		ck_assert_int_eq(db_dist_detail(fixture_db, id, fixture_today, &x), DB_OK);
		/* The open ones come first, oldest first. */
		const char *first = x.nopen > 0 ? x.dues[0].due : "";
		ck_assert_msg(!strcmp(kept, first), "distributor %lld: kept %s, aging %s",
			      (long long)id, kept, first);
		db_dist_detail_free(&x);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
}

START_TEST(test_kept_figures_hold_after_random_writes)
{
	for (uint64_t seed = 1; seed <= 6; seed++) {
		random_writes(seed, 250);
		assert_kept_equals_recompute();
		assert_kept_agrees_with_aging();
	}
}
END_TEST

START_TEST(test_kept_month_counts_a_shipment_by_its_ship_date)
{
	int64_t id = fixture_q(fixture_path, "SELECT id FROM distributors ORDER BY id LIMIT 1");
	char sql[400];
	snprintf(sql, sizeof sql,
		 "INSERT INTO orders(id, order_no, distributor_id, order_date, status, total_fen,"
		 " ship_date) VALUES (99999901, 'KEPT-1', %lld, '2026-03-31', 'shipped', 5000,"
		 " '2026-04-01')",
		 (long long)id);
	int64_t before_march = 0, before_april = 0;
	char q[300];
	snprintf(q, sizeof q,
		 "SELECT coalesce((SELECT sales_fen FROM dist_month WHERE distributor_id = %lld"
		 " AND month = '2026-03'), 0)",
		 (long long)id);
	before_march = fixture_q(fixture_path, q);
	snprintf(q, sizeof q,
		 "SELECT coalesce((SELECT sales_fen FROM dist_month WHERE distributor_id = %lld"
		 " AND month = '2026-04'), 0)",
		 (long long)id);
	before_april = fixture_q(fixture_path, q);
	fixture_exec(fixture_path, sql);
	ck_assert_int_eq(fixture_q(fixture_path, q), before_april + 5000);
	snprintf(q, sizeof q,
		 "SELECT coalesce((SELECT sales_fen FROM dist_month WHERE distributor_id = %lld"
		 " AND month = '2026-03'), 0)",
		 (long long)id);
	ck_assert_int_eq(fixture_q(fixture_path, q), before_march);
	/* Cancelled, it is no sale at all. */
	fixture_exec(fixture_path, "UPDATE orders SET status = 'cancelled' WHERE id = 99999901");
	snprintf(q, sizeof q,
		 "SELECT coalesce((SELECT sales_fen FROM dist_month WHERE distributor_id = %lld"
		 " AND month = '2026-04'), 0)",
		 (long long)id);
	ck_assert_int_eq(fixture_q(fixture_path, q), before_april);
	assert_kept_equals_recompute();
}
END_TEST

/* Random writes of what the territory figures follow: distributors moving
 * (as plain SQL, so the triggers record the move), changing
 * status and visit frequency, targets, incidents opened and resolved,
 * orders shipped anywhere, and once in a while a city put under another
 * province and back. */
static void random_territory_writes(uint64_t seed, int n)
{
	qd_rng r;
	rng_seed(&r, seed * 7919);
	qd_db *writer = fixture_writer(fixture_path);
	sqlite3 *h = db_handle(writer);
	sqlite3_exec(h, "PRAGMA foreign_keys = ON; BEGIN", NULL, NULL, NULL);
	char sql[900];
	const char *terr = "(SELECT id FROM territories ORDER BY id LIMIT 1 OFFSET %d)";
	for (int i = 0; i < n; i++) {
		int64_t id = (int64_t)(seed * 100000 + (uint64_t)i) + 2000000000000;
		int op = (int)rng_below(&r, 100);
		char dist[200], t[120];
		snprintf(dist, sizeof dist,
			 "(SELECT id FROM distributors WHERE status IN ('active','suspended')"
			 " ORDER BY id LIMIT 1 OFFSET %d)",
			 (int)rng_below(&r, 40));
		snprintf(t, sizeof t, terr, (int)rng_below(&r, 43));
		if (op < 15) {
			snprintf(sql, sizeof sql,
				 "UPDATE distributors SET territory_id = %s WHERE id = %s", t,
				 dist);
		} else if (op < 25) {
			snprintf(sql, sizeof sql,
				 "UPDATE distributors SET status = CASE status WHEN 'active' THEN"
				 " 'suspended' ELSE 'active' END, visit_every_days = %d WHERE id = "
				 "%s",
				 7 + (int)rng_below(&r, 60), dist);
		} else if (op < 40) {
			static const char *const periods[] = { "2026",	  "2026-Q4", "2026-11",
							       "2026-10", "2025",    "2026-Q3" };
			snprintf(sql, sizeof sql,
				 "INSERT INTO sales_targets(id, distributor_id, period, amount_fen)"
				 " VALUES (%lld, %s, '%s', %d) ON CONFLICT(distributor_id, period)"
				 " DO UPDATE SET amount_fen = excluded.amount_fen",
				 (long long)id, dist, periods[rng_below(&r, 6)],
				 (int)rng_below(&r, 1000000));
		} else if (op < 45) {
			snprintf(
				sql, sizeof sql,
				"DELETE FROM sales_targets WHERE id = (SELECT id FROM sales_targets"
				" WHERE distributor_id = %s ORDER BY random() LIMIT 1)",
				dist);
		} else if (op < 60) {
			snprintf(sql, sizeof sql,
				 "INSERT INTO incidents(id, distributor_id, occurred_on, kind)"
				 " VALUES (%lld, %s, '2026-11-01', '%s')",
				 (long long)id, dist,
				 rng_below(&r, 2) ? "cross_territory" : "price_violation");
		} else if (op < 68) {
			snprintf(sql, sizeof sql,
				 "UPDATE incidents SET status = 'resolved', resolved_on = "
				 "'2026-11-27'"
				 " WHERE id = (SELECT id FROM incidents WHERE status = 'open' AND"
				 " occurred_on <= '2026-11-27' ORDER BY random() LIMIT 1)");
		} else if (op < 85) {
			snprintf(
				sql, sizeof sql,
				"INSERT INTO orders(id, order_no, distributor_id, order_date,"
				" ship_territory_id, status, total_fen, ship_date) VALUES (%lld,"
				" 'RT%lld', %s, '2026-%02d-10', %s, 'shipped', %d, '2026-%02d-11')",
				(long long)id, (long long)id, dist, 9 + (int)rng_below(&r, 3), t,
				1 + (int)rng_below(&r, 90000), 9 + (int)rng_below(&r, 3));
		} else if (op < 97) {
			snprintf(sql, sizeof sql,
				 "UPDATE orders SET ship_territory_id = %s WHERE id = (SELECT id "
				 "FROM"
				 " orders WHERE distributor_id = %s ORDER BY random() LIMIT 1)",
				 t, dist);
		} else {
			snprintf(sql, sizeof sql,
				 "UPDATE territories SET parent_id = CASE WHEN parent_id = (SELECT "
				 "id"
				 " FROM territories WHERE code = 'GD') THEN (SELECT id FROM "
				 "territories"
				 " WHERE code = 'ZJ') ELSE (SELECT id FROM territories WHERE code "
				 "= 'GD')"
				 " END, grid_row = 9 + %d, grid_col = 9 WHERE code = 'GD-GZ'",
				 i % 40);
		}
		char *err = NULL;
		int rc = sqlite3_exec(h, sql, NULL, NULL, &err);
		/* An order shipped before it was ordered, and the like, is refused. */
		ck_assert_msg(rc == SQLITE_OK || (rc & 0xff) == SQLITE_CONSTRAINT, "%s: %s", sql,
			      err);
		sqlite3_free(err);
	}
	ck_assert_int_eq(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	db_close(writer);
}

START_TEST(test_kept_territory_figures_hold_after_random_writes)
{
	for (uint64_t seed = 1; seed <= 4; seed++) {
		random_territory_writes(seed, 200);
		random_writes(seed + 10, 100);
		assert_kept_equals_recompute();
	}
	ck_assert_int_gt(fixture_q(fixture_path, "SELECT count(*) FROM distributor_moves"), 10);
	ck_assert_int_gt(fixture_q(fixture_path, "SELECT count(*) FROM cross_orders"), 10);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_kept_figures_hold_after_random_writes,
		test_kept_month_counts_a_shipment_by_its_ship_date,
		test_kept_territory_figures_hold_after_random_writes,
	};
	return fixture_run("kept", tests, sizeof tests / sizeof tests[0]);
}
