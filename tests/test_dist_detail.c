/* db/dist_detail: one distributor's whole picture, checked against the
 * database it was read from. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "demo_fixture.h"
#include "qudao/demo.h"
#include "qudao/dist_detail.h"

static const qd_date today = { 2026, 11, 27 };
static struct dist_detail detail;

static int64_t q(const char *sql)
{
	return fixture_q(fixture_path, sql);
}

START_TEST(test_detail_history_is_newest_first_and_complete)
{
	int64_t id =
		q("SELECT id FROM distributors WHERE status = 'suspended' ORDER BY code LIMIT 1");
	ck_assert_int_eq(db_dist_detail(fixture_db, id, today, &detail), 0);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM status_history WHERE distributor_id = %lld",
		 (long long)id);
	ck_assert_int_eq(detail.nhistory, q(sql));
	ck_assert_str_eq(detail.history[0].to, "suspended");
	ck_assert_str_ne(detail.history[0].reason, "");
	ck_assert_str_eq(detail.history[detail.nhistory - 1].to, "applicant");
	ck_assert(detail.review.present);
	db_dist_detail_free(&detail);
}
END_TEST

START_TEST(test_detail_aging_matches_the_ledger)
{
	/* A distributor with something overdue. */
	int64_t id =
		q("SELECT distributor_id FROM distributor_stats WHERE unpaid_since < '2026-11-27'"
		  " ORDER BY distributor_id LIMIT 1");
	ck_assert_int_eq(db_dist_detail(fixture_db, id, today, &detail), 0);
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT (SELECT total(amount_fen) FROM amounts_due WHERE distributor_id = %lld)"
		 " - (SELECT total(amount_fen) FROM payments WHERE distributor_id = %lld)",
		 (long long)id, (long long)id);
	ck_assert_int_eq(detail.aging.outstanding_fen - detail.aging.credit_fen, q(sql));
	ck_assert_int_gt(detail.aging.overdue_fen, 0);
	ck_assert_int_gt(detail.nopen, 0);
	/* Every open invoice is listed, oldest first, and they add up to what the
	 * aging buckets hold; the paid ones follow, newest first. */
	int64_t open = 0, buckets = 0;
	for (int i = 0; i < detail.nopen; i++) {
		ck_assert_int_gt(detail.dues[i].open_fen, 0);
		if (i > 0)
			ck_assert_int_le(strcmp(detail.dues[i - 1].due, detail.dues[i].due), 0);
		open += detail.dues[i].open_fen;
	}
	for (int b = 0; b < AGING_BUCKETS; b++)
		buckets += detail.aging.bucket_fen[b];
	ck_assert_int_eq(open, detail.aging.outstanding_fen);
	ck_assert_int_eq(buckets, detail.aging.outstanding_fen);
	for (int i = detail.nopen + 1; i < detail.ndues; i++) {
		ck_assert_int_eq(detail.dues[i].open_fen, 0);
		ck_assert_int_ge(strcmp(detail.dues[i - 1].due, detail.dues[i].due), 0);
	}
	db_dist_detail_free(&detail);
}
END_TEST

START_TEST(test_detail_periods_are_this_month_quarter_year)
{
	int64_t id = q("SELECT id FROM distributors WHERE status = 'active' ORDER BY code LIMIT 1");
	ck_assert_int_eq(db_dist_detail(fixture_db, id, today, &detail), 0);
	ck_assert_str_eq(detail.periods[0].period, "2026-11");
	ck_assert_str_eq(detail.periods[1].period, "2026-Q4");
	ck_assert_str_eq(detail.periods[2].period, "2026");
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT amount_fen FROM sales_targets WHERE distributor_id = %lld AND period = "
		 "'2026'",
		 (long long)id);
	ck_assert_int_eq(detail.periods[2].target_fen, q(sql));
	/* Sales are what shipped, by ship date; open orders are not sales. */
	snprintf(sql, sizeof sql,
		 "SELECT total(total_fen) FROM orders WHERE distributor_id = %lld"
		 " AND status IN ('shipped','delivered')"
		 " AND ship_date BETWEEN '2026-01-01' AND '2026-12-31'",
		 (long long)id);
	ck_assert_int_eq(detail.periods[2].sales_fen, q(sql));
	snprintf(sql, sizeof sql,
		 "SELECT total(total_fen) FROM orders WHERE distributor_id = %lld AND status = "
		 "'open'",
		 (long long)id);
	ck_assert_int_eq(detail.open_orders_fen, q(sql));
	db_dist_detail_free(&detail);
}
END_TEST

START_TEST(test_detail_flags_orders_shipped_outside_the_territory)
{
	int64_t id = q("SELECT o.distributor_id FROM orders o JOIN distributors d ON d.id = "
		       "o.distributor_id"
		       " WHERE o.ship_territory_id <> d.territory_id"
		       " ORDER BY o.order_date DESC LIMIT 1");
	ck_assert_int_eq(db_dist_detail(fixture_db, id, today, &detail), 0);
	int flagged = 0;
	for (int i = 0; i < detail.norders; i++)
		flagged += detail.orders[i].cross_territory;
	ck_assert_int_ge(flagged, 1);
	db_dist_detail_free(&detail);
}
END_TEST

START_TEST(test_detail_orders_have_their_ship_date)
{
	/* A distributor with an order shipped and one open: the ship date is
	 * the one the scorecards date its sales by; none when not shipped. */
	int64_t id = q("SELECT distributor_id FROM orders GROUP BY distributor_id"
		       " HAVING sum(status = 'open') > 0 AND sum(ship_date <> order_date) > 0"
		       " ORDER BY distributor_id LIMIT 1");
	ck_assert_int_eq(db_dist_detail(fixture_db, id, today, &detail), 0);
	int shipped = 0, open = 0;
	for (int i = 0; i < detail.norders; i++) {
		const struct detail_order *o = &detail.orders[i];
		char sql[300];
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM orders WHERE order_no = '%s'"
			 " AND coalesce(ship_date, '') = '%s'",
			 o->no, o->ship_date);
		ck_assert_int_eq(q(sql), 1);
		shipped += o->ship_date[0] && strcmp(o->ship_date, o->date) != 0;
		open += !strcmp(o->status, "open") && !o->ship_date[0];
	}
	ck_assert_int_ge(shipped, 1);
	ck_assert_int_ge(open, 1);
	db_dist_detail_free(&detail);
}
END_TEST

START_TEST(test_detail_named_payment_pays_its_invoice_first)
{
	/* A distributor with two open invoices; pay the newer one by name. */
	int64_t id = q("SELECT distributor_id FROM amounts_due a WHERE (SELECT count(*) FROM"
		       " payments p WHERE p.invoice_no = a.invoice_no) = 0 GROUP BY distributor_id"
		       " HAVING count(*) >= 2 ORDER BY distributor_id LIMIT 1");
	ck_assert_int_eq(db_dist_detail(fixture_db, id, today, &detail), 0);
	ck_assert_int_ge(detail.nopen, 2);
	struct detail_due newer = detail.dues[detail.nopen - 1];
	char sql[400];
	snprintf(sql, sizeof sql,
		 "INSERT INTO payments(id, distributor_id, paid_on, amount_fen, reference,"
		 " invoice_no) VALUES (987654321, %lld, '2026-11-27', %lld, '%s', '%s')",
		 (long long)id, (long long)newer.open_fen, newer.invoice, newer.invoice);
	fixture_exec(fixture_path, sql);
	db_dist_detail_free(&detail);
	ck_assert_int_eq(db_dist_detail(fixture_db, id, today, &detail), 0);
	for (int i = 0; i < detail.nopen; i++)
		ck_assert_str_ne(detail.dues[i].invoice, newer.invoice);
	db_dist_detail_free(&detail);
}
END_TEST

START_TEST(test_detail_lists_every_visit_newest_first)
{
	/* The distributor with the most visits: far more than a screenful. */
	int64_t id = q("SELECT distributor_id FROM visits GROUP BY distributor_id"
		       " ORDER BY count(*) DESC, distributor_id LIMIT 1");
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM visits WHERE distributor_id = %lld",
		 (long long)id);
	int64_t all = q(sql);
	ck_assert_int_gt(all, 10);
	ck_assert_int_eq(db_dist_detail(fixture_db, id, today, &detail), 0);
	ck_assert_int_eq(detail.nvisits, all);
	for (int i = 1; i < detail.nvisits; i++)
		ck_assert_int_ge(strcmp(detail.visits[i - 1].at, detail.visits[i].at), 0);
	snprintf(sql, sizeof sql,
		 "SELECT id FROM visits WHERE distributor_id = %lld ORDER BY planned_at LIMIT 1",
		 (long long)id);
	ck_assert_int_eq(detail.visits[detail.nvisits - 1].id, q(sql));
	db_dist_detail_free(&detail);
}
END_TEST

/* A note of 2,000 characters (the most the schema takes), Chinese, comes
 * whole: the row view shows it in full. */
START_TEST(test_detail_history_note_is_read_whole)
{
	int64_t id =
		q("SELECT id FROM distributors WHERE status = 'suspended' ORDER BY code LIMIT 1");
	char sql[300];
	snprintf(sql, sizeof sql,
		 "UPDATE status_history SET note = '尾' || replace(printf('%%.1999c', 'x'),"
		 " 'x', '长') WHERE id = (SELECT id FROM status_history WHERE distributor_id = %lld"
		 " ORDER BY changed_at DESC, created_at DESC LIMIT 1)",
		 (long long)id);
	fixture_exec(fixture_path, sql);
	ck_assert_int_eq(db_dist_detail(fixture_db, id, today, &detail), 0);
	ck_assert_int_eq(strlen(detail.history[0].note), 6000);
	ck_assert_int_eq(memcmp(detail.history[0].note, "尾长", strlen("尾长")), 0);
	db_dist_detail_free(&detail);
}
END_TEST

START_TEST(test_detail_of_an_unknown_id_is_empty_not_an_error)
{
	ck_assert_int_eq(db_dist_detail(fixture_db, 12345, today, &detail), 0);
	ck_assert_int_eq(detail.nhistory, 0);
	ck_assert_int_eq(detail.aging.outstanding_fen, 0);
	db_dist_detail_free(&detail);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_detail_history_is_newest_first_and_complete,
		test_detail_aging_matches_the_ledger,
		test_detail_periods_are_this_month_quarter_year,
		test_detail_flags_orders_shipped_outside_the_territory,
		test_detail_orders_have_their_ship_date,
		test_detail_named_payment_pays_its_invoice_first,
		test_detail_lists_every_visit_newest_first,
		test_detail_history_note_is_read_whole,
		test_detail_of_an_unknown_id_is_empty_not_an_error,
	};
	return fixture_run("dist_detail", tests, sizeof tests / sizeof tests[0]);
}
