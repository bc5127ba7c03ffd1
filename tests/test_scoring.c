/* db/scoring and schema 6: the scorecards' kept figures (periods, sales by
 * category, open incidents) equal a recompute after random writes to every
 * table they follow; period boundaries; the settings' versions; the board's
 * numbers against the figures; the explanation's rows; a territory's
 * average. */
#include <stdio.h>
#include <string.h>

#include "demo_fixture.h"
#include "qudao/ledger.h"
#include "qudao/rng.h"
#include "qudao/scorecard.h"

static int problems;

static void count_problem(void *ctx, const char *line)
{
	(void)ctx;
	if (problems < 20)
		fprintf(stderr, "  %s\n", line);
	problems++;
}

static void assert_kept_equals_recompute(const char *after)
{
	problems = 0;
	int n = db_check(fixture_db, count_problem, NULL, NULL);
	ck_assert_msg(n == 0 && problems == 0, "%d problems after %s", problems, after);
}

/* One value from the fixture's own connection. */
static int64_t q1(const char *sql)
{
	return fixture_q(fixture_path, sql);
}

/* Random writes of every kind the figures follow, from another connection,
 * as any program (sync, an importer, the sqlite3 shell) might make them. */
static int done[32];

static void random_writes(uint64_t seed, int n)
{
	qd_rng r;
	rng_seed(&r, seed);
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(fixture_path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	sqlite3_exec(h, "PRAGMA foreign_keys = ON; BEGIN", NULL, NULL, NULL);
	char sql[1600];
	for (int i = 0; i < n; i++) {
		long long id = (long long)(seed * 100000 + (uint64_t)i) + 2000000000000;
		int op = (int)rng_below(&r, 31);
		char dist[120], visit[200], order[200], product[120];
		snprintf(dist, sizeof dist,
			 "(SELECT id FROM distributors ORDER BY id LIMIT 1 OFFSET %d)",
			 (int)rng_below(&r, 8));
		snprintf(visit, sizeof visit,
			 "(SELECT id FROM visits WHERE distributor_id = %s ORDER BY random() LIMIT "
			 "1)",
			 dist);
		snprintf(order, sizeof order,
			 "(SELECT id FROM orders WHERE distributor_id = %s ORDER BY random() LIMIT "
			 "1)",
			 dist);
		snprintf(product, sizeof product,
			 "(SELECT id FROM products ORDER BY id LIMIT 1 OFFSET %d)",
			 (int)rng_below(&r, 6));
		int day = (int)rng_below(&r, 700);
		switch (op) {
		case 0: /* an order shipped now, its lines after it */
			snprintf(sql, sizeof sql,
				 "INSERT INTO orders(id, order_no, distributor_id, order_date, "
				 "status,"
				 " total_fen, ship_date, ship_territory_id) VALUES (%lld, 'R%lld', "
				 "%s,"
				 " date('2025-01-01', '+%d days'), 'shipped', 99900,"
				 " date('2025-01-01', '+%d days'), (SELECT territory_id FROM"
				 " distributors ORDER BY id LIMIT 1 OFFSET %d));"
				 "INSERT INTO order_lines(id, order_id, product_id, quantity,"
				 " unit_price_fen) VALUES (%lld, %lld, %s, %d, %d), (%lld, %lld, "
				 "%s, %d,"
				 " (SELECT price_b_fen FROM products WHERE id = %s))",
				 id, id, dist, day, day + (int)rng_below(&r, 3),
				 (int)rng_below(&r, 8), id + 1, id, product,
				 1 + (int)rng_below(&r, 400), 100 + (int)rng_below(&r, 9000),
				 id + 2, id, product, 1 + (int)rng_below(&r, 300), product);
			break;
		case 1: /* a line added to an order that may or may not count */
			snprintf(sql, sizeof sql,
				 "INSERT INTO order_lines(id, order_id, product_id, quantity,"
				 " unit_price_fen) SELECT %lld, %s, %s, %d, %d",
				 id, order, product, 1 + (int)rng_below(&r, 500),
				 (int)rng_below(&r, 9000));
			break;
		case 2:
			snprintf(sql, sizeof sql,
				 "UPDATE order_lines SET quantity = quantity + %d, unit_price_fen ="
				 " unit_price_fen * 2, product_id = %s WHERE id = (SELECT l.id FROM"
				 " order_lines l JOIN orders o ON o.id = l.order_id WHERE"
				 " o.distributor_id = %s ORDER BY random() LIMIT 1)",
				 1 + (int)rng_below(&r, 50), product, dist);
			break;
		case 3:
			snprintf(
				sql, sizeof sql,
				"DELETE FROM order_lines WHERE id = (SELECT l.id FROM order_lines l"
				" JOIN orders o ON o.id = l.order_id WHERE o.distributor_id = %s"
				" ORDER BY random() LIMIT 1)",
				dist);
			break;
		case 4:
			snprintf(sql, sizeof sql, "DELETE FROM orders WHERE id = %s", order);
			break;
		case 5: /* status, ship date, total, ship-to, owner */
			snprintf(
				sql, sizeof sql,
				"UPDATE orders SET status = CASE status WHEN 'open' THEN 'shipped'"
				" WHEN 'shipped' THEN 'cancelled' WHEN 'cancelled' THEN 'delivered'"
				" ELSE 'open' END, ship_date = CASE WHEN status = 'delivered' THEN"
				" NULL ELSE coalesce(ship_date, order_date, date('2025-03-01', '+%d"
				" days')) END, total_fen = total_fen + 7, ship_territory_id = "
				"(SELECT"
				" territory_id FROM distributors ORDER BY id LIMIT 1 OFFSET %d)"
				" WHERE id = %s",
				day, (int)rng_below(&r, 8), order);
			break;
		case 6:
			snprintf(sql, sizeof sql,
				 "UPDATE orders SET ship_date = date(ship_date, '+%d days'),"
				 " distributor_id = %s WHERE id = %s AND ship_date IS NOT NULL",
				 (int)rng_below(&r, 60) - 30, dist, order);
			break;
		case 7: /* a visit done, then its counts and prices */
			snprintf(
				sql, sizeof sql,
				"INSERT INTO visits(id, distributor_id, rep_id, planned_at, status)"
				" VALUES (%lld, %s, (SELECT id FROM reps LIMIT 1),"
				" strftime('%%Y-%%m-%%dT10:00', '2025-01-01', '+%d days'), 'done');"
				"INSERT INTO visit_inventory(id, visit_id, product_id, quantity)"
				" VALUES (%lld, %lld, %s, %d);"
				"INSERT INTO visit_prices(id, visit_id, product_id, "
				"shelf_price_fen)"
				" VALUES (%lld, %lld, %s, (SELECT retail_price_fen * %d / 100 FROM"
				" products WHERE id = %s))",
				id, dist, day, id + 1, id, product, (int)rng_below(&r, 3) * 200,
				id + 2, id, product, 80 + (int)rng_below(&r, 40), product);
			break;
		case 8: /* children first, the visit after them (as a bundle may) */
			snprintf(
				sql, sizeof sql,
				"PRAGMA defer_foreign_keys = ON;"
				"INSERT INTO visit_inventory(id, visit_id, product_id, quantity)"
				" VALUES (%lld, %lld, %s, %d);"
				"INSERT INTO visits(id, distributor_id, rep_id, planned_at, status)"
				" VALUES (%lld, %s, (SELECT id FROM reps LIMIT 1),"
				" strftime('%%Y-%%m-%%dT09:30', '2025-01-01', '+%d days'), 'done')",
				id + 1, id, product, (int)rng_below(&r, 100), id, dist, day);
			break;
		case 9:
			snprintf(sql, sizeof sql,
				 "UPDATE visits SET status = CASE status WHEN 'done' THEN 'missed'"
				 " WHEN 'missed' THEN 'planned' ELSE 'done' END, display_score = "
				 "NULL,"
				 " planned_at = strftime('%%Y-%%m-%%dT11:00', planned_at, '+%d "
				 "days')"
				 " WHERE id = %s",
				 (int)rng_below(&r, 80) - 40, visit);
			break;
		case 10:
			snprintf(sql, sizeof sql, "DELETE FROM visits WHERE id = %s", visit);
			break;
		case 11:
			snprintf(sql, sizeof sql,
				 "UPDATE visit_inventory SET quantity = %d, product_id = %s WHERE "
				 "id ="
				 " (SELECT vi.id FROM visit_inventory vi JOIN visits v ON v.id ="
				 " vi.visit_id WHERE v.distributor_id = %s ORDER BY random() LIMIT "
				 "1)",
				 (int)rng_below(&r, 2000), product, dist);
			break;
		case 12:
			snprintf(sql, sizeof sql,
				 "DELETE FROM visit_inventory WHERE id = (SELECT vi.id FROM"
				 " visit_inventory vi JOIN visits v ON v.id = vi.visit_id WHERE"
				 " v.distributor_id = %s ORDER BY random() LIMIT 1)",
				 dist);
			break;
		case 13:
			snprintf(sql, sizeof sql,
				 "UPDATE visit_prices SET shelf_price_fen = shelf_price_fen * %d / "
				 "100"
				 " WHERE id = (SELECT vp.id FROM visit_prices vp JOIN visits v ON "
				 "v.id"
				 " = vp.visit_id WHERE v.distributor_id = %s ORDER BY random() "
				 "LIMIT 1)",
				 60 + (int)rng_below(&r, 80), dist);
			break;
		case 14:
			snprintf(sql, sizeof sql,
				 "DELETE FROM visit_prices WHERE id = (SELECT vp.id FROM "
				 "visit_prices"
				 " vp JOIN visits v ON v.id = vp.visit_id WHERE v.distributor_id = "
				 "%s"
				 " ORDER BY random() LIMIT 1)",
				 dist);
			break;
		case 15: /* targets of every kind */
			snprintf(sql, sizeof sql,
				 "INSERT INTO sales_targets(id, distributor_id, period, amount_fen)"
				 " VALUES (%lld, %s, %s, %d) ON CONFLICT(distributor_id, period)"
				 " DO UPDATE SET amount_fen = excluded.amount_fen",
				 id, dist,
				 rng_chance(&r, 50)   ? "strftime('%Y-%m', '2027-01-01', '+' || "
							"(abs(random()) % 500) || ' days')"
				 : rng_chance(&r, 50) ? "'2027-Q' || (1 + abs(random()) % 4)"
						      : "'2028'",
				 (int)rng_below(&r, 900000));
			break;
		case 16:
			snprintf(
				sql, sizeof sql,
				"DELETE FROM sales_targets WHERE id = (SELECT id FROM sales_targets"
				" WHERE distributor_id = %s ORDER BY random() LIMIT 1)",
				dist);
			break;
		case 17:
			snprintf(sql, sizeof sql,
				 "UPDATE sales_targets SET amount_fen = amount_fen + 100 WHERE id ="
				 " (SELECT id FROM sales_targets WHERE distributor_id = %s ORDER BY"
				 " random() LIMIT 1);"
				 "UPDATE OR IGNORE sales_targets SET distributor_id = %s, period ="
				 " '2029-0' || (1 + abs(random()) %% 9) WHERE id = (SELECT id FROM"
				 " sales_targets ORDER BY random() LIMIT 1)",
				 dist, dist);
			break;
		case 18: {
			bool open = rng_chance(&r, 50);
			char resolved[64] = "NULL";
			if (!open)
				snprintf(resolved, sizeof resolved,
					 "date('2025-01-01', '+%d days')",
					 day + (int)rng_below(&r, 30));
			snprintf(sql, sizeof sql,
				 "INSERT INTO incidents(id, distributor_id, occurred_on, kind, "
				 "status,"
				 " resolved_on) VALUES (%lld, %s, date('2025-01-01', '+%d days'), "
				 "'%s',"
				 " '%s', %s)",
				 id, dist, day,
				 (const char *[]){ "price_violation", "cross_territory", "return",
						   "quality", "complaint" }[rng_below(&r, 5)],
				 open ? "open" : "resolved", resolved);
			break;
		}
		case 19:
			snprintf(sql, sizeof sql,
				 "UPDATE incidents SET status = 'resolved', resolved_on ="
				 " date(occurred_on, '+%d days') WHERE id = (SELECT id FROM "
				 "incidents"
				 " WHERE distributor_id = %s AND status = 'open' ORDER BY random()"
				 " LIMIT 1)",
				 (int)rng_below(&r, 30), dist);
			break;
		case 20:
			snprintf(sql, sizeof sql,
				 "UPDATE incidents SET kind = 'complaint', occurred_on ="
				 " date(occurred_on, '-1 month'), distributor_id = %s WHERE id ="
				 " (SELECT id FROM incidents ORDER BY random() LIMIT 1)",
				 dist);
			break;
		case 21:
			snprintf(sql, sizeof sql,
				 "DELETE FROM incidents WHERE id = (SELECT id FROM incidents WHERE"
				 " distributor_id = %s ORDER BY random() LIMIT 1)",
				 dist);
			break;
		case 22: /* attendance, sometimes a second person of the same one */
			snprintf(sql, sizeof sql,
				 "INSERT INTO training_attendance(id, training_id, distributor_id,"
				 " attendee) VALUES (%lld, (SELECT id FROM trainings ORDER BY "
				 "random()"
				 " LIMIT 1), %s, 'p%d')",
				 id, dist, (int)rng_below(&r, 3));
			break;
		case 23:
			snprintf(sql, sizeof sql,
				 "DELETE FROM training_attendance WHERE id = (SELECT id FROM"
				 " training_attendance WHERE distributor_id = %s ORDER BY random()"
				 " LIMIT 1)",
				 dist);
			break;
		case 24:
			snprintf(sql, sizeof sql,
				 "UPDATE training_attendance SET training_id = (SELECT id FROM "
				 "trainings"
				 " ORDER BY random() LIMIT 1), distributor_id = %s WHERE id = "
				 "(SELECT id"
				 " FROM training_attendance ORDER BY random() LIMIT 1)",
				 dist);
			break;
		case 25:
			snprintf(sql, sizeof sql,
				 "UPDATE trainings SET held_on = date(held_on, '+%d days') WHERE "
				 "id ="
				 " (SELECT id FROM trainings ORDER BY random() LIMIT 1)",
				 (int)rng_below(&r, 90) - 45);
			break;
		case 26:
			snprintf(sql, sizeof sql,
				 rng_chance(&r, 80) ? "SELECT 1"
						    : "DELETE FROM trainings WHERE id = (SELECT id "
						      "FROM trainings"
						      " ORDER BY random() LIMIT 1)");
			break;
		case 27: /* a price policy, a category */
			snprintf(sql, sizeof sql,
				 "UPDATE products SET price_b_fen = price_b_fen * %d / 100, "
				 "tolerance_bp"
				 " = %d, retail_price_fen = retail_price_fen + %d WHERE id = %s",
				 90 + (int)rng_below(&r, 20), (int)rng_below(&r, 1500),
				 (int)rng_below(&r, 3) * 50, product);
			break;
		case 28:
			snprintf(sql, sizeof sql,
				 "UPDATE products SET category = '%s' WHERE id = %s",
				 (const char *[]){ "乳品", "零食", "饮料",
						   "新类" }[rng_below(&r, 4)],
				 product);
			break;
		case 29: /* a tier, a territory */
			snprintf(sql, sizeof sql,
				 "UPDATE distributors SET tier = '%c', territory_id = (SELECT"
				 " territory_id FROM distributors ORDER BY id LIMIT 1 OFFSET %d),"
				 " version = version + 1 WHERE id = %s",
				 "ABCD"[rng_below(&r, 4)], (int)rng_below(&r, 12), dist);
			break;
		default: /* money, as test_kept writes it */
			snprintf(
				sql, sizeof sql,
				"INSERT INTO amounts_due(id, distributor_id, invoice_no, due_date,"
				" amount_fen) VALUES (%lld, %s, 'S%lld', date('2025-01-01', '+%d"
				" days'), %d);"
				"INSERT INTO payments(id, distributor_id, paid_on, amount_fen) "
				"VALUES"
				" (%lld, %s, date('2025-01-01', '+%d days'), %d);"
				"UPDATE payments SET paid_on = date(paid_on, '+40 days') WHERE id ="
				" (SELECT id FROM payments WHERE distributor_id = %s ORDER BY "
				"random()"
				" LIMIT 1)",
				id, dist, id, day, 1 + (int)rng_below(&r, 100000), id + 1, dist,
				(int)rng_below(&r, 700), 1 + (int)rng_below(&r, 90000), dist);
			break;
		}
		char *err = NULL;
		int rc = sqlite3_exec(h, sql, NULL, NULL, &err);
		/* A write the schema's rules refuse (a line of no order) is fine. */
		ck_assert_msg(rc == SQLITE_OK || rc == SQLITE_CONSTRAINT, "%s: %s", sql, err);
		sqlite3_free(err);
		done[op] += rc == SQLITE_OK && sqlite3_changes(h) > 0;
	}
	int rc = sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
	ck_assert_msg(rc == SQLITE_OK, "commit: %s", sqlite3_errmsg(h));
	sqlite3_close(h);
}

START_TEST(test_scoring_kept_figures_hold_after_random_writes)
{
	assert_kept_equals_recompute("the demo");
	for (uint64_t seed = 1; seed <= 8; seed++) {
		random_writes(seed, 300);
		char after[64];
		snprintf(after, sizeof after, "random writes, seed %d", (int)seed);
		assert_kept_equals_recompute(after);
	}
	/* Every kind of write took place, more than once. */
	for (int op = 0; op < 31; op++)
		ck_assert_msg(done[op] > 1, "write %d changed nothing", op);
}
END_TEST

/* Schema 3's kept months cannot follow a distributor deleted with its
 * records in one go (its triggers add to months the delete has just taken
 * away); its records go first, then the distributor and its periods. */
START_TEST(test_scoring_deleting_a_distributor_takes_its_periods)
{
	int64_t id = q1("SELECT id FROM distributors ORDER BY id DESC LIMIT 1");
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM dist_period WHERE distributor_id = %lld",
		 (long long)id);
	ck_assert_int_gt(q1(sql), 0);
	char del[800];
	snprintf(del, sizeof del,
		 "PRAGMA foreign_keys = ON; BEGIN;"
		 " DELETE FROM orders WHERE distributor_id = %lld;"
		 " DELETE FROM payments WHERE distributor_id = %lld;"
		 " DELETE FROM amounts_due WHERE distributor_id = %lld;"
		 " DELETE FROM visits WHERE distributor_id = %lld;"
		 " DELETE FROM incidents WHERE distributor_id = %lld;"
		 " DELETE FROM training_attendance WHERE distributor_id = %lld;"
		 " DELETE FROM sales_targets WHERE distributor_id = %lld; COMMIT",
		 (long long)id, (long long)id, (long long)id, (long long)id, (long long)id,
		 (long long)id, (long long)id);
	fixture_exec(fixture_path, del);
	assert_kept_equals_recompute("a distributor's records deleted");
	snprintf(del, sizeof del,
		 "PRAGMA foreign_keys = ON; DELETE FROM distributors WHERE id = %lld",
		 (long long)id);
	fixture_exec(fixture_path, del);
	ck_assert_int_eq(q1(sql), 0);
	assert_kept_equals_recompute("a distributor deleted");
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_scoring_kept_figures_hold_after_random_writes,
		test_scoring_deleting_a_distributor_takes_its_periods,
	};
	return fixture_run("scoring", tests, sizeof tests / sizeof tests[0]);
}
