/* db/ledger: orders with lines, amounts due, payments and incidents written
 * through one set of functions; each refuses what a caller can get wrong,
 * names the field, and composes into a caller's write. */
#include <string.h>

#include "demo_fixture.h"
#include "qudao/ledger.h"

static int64_t q(const char *sql)
{
	return fixture_q(fixture_path, sql);
}

static int64_t dist(int offset)
{
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT id FROM distributors ORDER BY code LIMIT 1 OFFSET %d",
		 offset);
	return q(sql);
}

static int64_t product(int offset)
{
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT id FROM products ORDER BY sku LIMIT 1 OFFSET %d", offset);
	return q(sql);
}

static const qd_date day = { 2026, 11, 20 };

START_TEST(test_ledger_order_total_is_the_lines_sum_and_counts_as_sales_when_shipped)
{
	struct order_line lines[] = { { product(0), 3, 1250 }, { product(1), 2, 999 } };
	struct order o = { .distributor_id = dist(0),
			   .order_date = day,
			   .lines = lines,
			   .nlines = 2,
			   .ship_date = { 2026, 11, 21 } };
	strcpy(o.order_no, "L-0001");
	strcpy(o.status, "shipped");
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT coalesce((SELECT sales_fen FROM dist_month WHERE distributor_id = %lld"
		 " AND month = '2026-11'), 0)",
		 (long long)o.distributor_id);
	int64_t before = q(sql);
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_OK);
	ck_assert_int_eq(o.total_fen, 3 * 1250 + 2 * 999);
	ck_assert_int_eq(q("SELECT total_fen FROM orders WHERE order_no = 'L-0001'"), 5748);
	ck_assert_int_eq(q("SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id"
			   " WHERE o.order_no = 'L-0001'"),
			 2);
	ck_assert_int_eq(q(sql), before + 5748);
	/* Its ship-to territory, not given, is the distributor's own. */
	ck_assert_int_eq(
		q("SELECT o.ship_territory_id IS d.territory_id FROM orders o"
		  " JOIN distributors d ON d.id = o.distributor_id WHERE o.order_no = 'L-0001'"),
		1);
	/* Cancelled, it is no longer a sale. */
	ck_assert_int_eq(db_order_set_status(fixture_db, o.id, "cancelled", day), DB_OK);
	ck_assert_int_eq(q(sql), before);
	ck_assert_int_eq(db_order_set_status(fixture_db, o.id, "shipped", day), DB_INVALID);
}
END_TEST

START_TEST(test_ledger_order_refuses_what_is_wrong_and_names_the_field)
{
	struct order_line lines[] = { { product(0), 1, 100 }, { 4242, 1, 100 } };
	struct order o = {
		.distributor_id = dist(0), .order_date = day, .lines = lines, .nlines = 1
	};
	strcpy(o.status, "open");
	strcpy(o.order_no, "L-0001"); /* used */
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_DUPLICATE);
	ck_assert_int_eq(db_errfield(fixture_db), LEDGER_FIELD_NUMBER);
	strcpy(o.order_no, "L-0002");
	o.nlines = 2; /* the second line's product is not there */
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_NOTFOUND);
	ck_assert_int_eq(db_errfield(fixture_db), 200 + LEDGER_FIELD_PRODUCT);
	o.nlines = 1;
	strcpy(o.status, "shipped"); /* shipped without a ship date */
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), LEDGER_FIELD_SHIP_DATE);
	o.distributor_id = 4242;
	strcpy(o.status, "open");
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_NOTFOUND);
	ck_assert_int_eq(db_errfield(fixture_db), LEDGER_FIELD_DISTRIBUTOR);
	ck_assert_int_eq(q("SELECT count(*) FROM orders WHERE order_no = 'L-0002'"), 0);
}
END_TEST

START_TEST(test_ledger_payment_naming_an_invoice_pays_it_and_only_its_own)
{
	struct amount_due a = { .distributor_id = dist(1),
				.due_date = { 2026, 12, 31 },
				.amount_fen = 50000 };
	strcpy(a.invoice_no, "L-INV-1");
	ck_assert_int_eq(db_due_add(fixture_db, &a), DB_OK);
	ck_assert_int_eq(db_due_add(fixture_db, &a), DB_DUPLICATE);
	struct payment p = { .distributor_id = dist(2), .paid_on = day, .amount_fen = 50000 };
	strcpy(p.invoice_no, "L-INV-1"); /* another distributor's invoice */
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), LEDGER_FIELD_INVOICE);
	strcpy(p.invoice_no, "L-NOPE");
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_NOTFOUND);
	p.distributor_id = dist(1);
	strcpy(p.invoice_no, "L-INV-1");
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_OK);
	p.id = 0;
	p.amount_fen = 0;
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), LEDGER_FIELD_AMOUNT);
	/* Money not received yet is not a payment: tomorrow is refused. */
	p.id = 0;
	p.amount_fen = 100;
	p.paid_on = date_add_days(date_today(), 1);
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), LEDGER_FIELD_DATE);
	p.paid_on = date_today();
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_OK);
	ck_assert_int_eq(db_check(fixture_db, NULL, NULL, NULL), 0);
}
END_TEST

START_TEST(test_ledger_incident_opens_and_resolves)
{
	struct incident x = { .distributor_id = dist(3),
			      .occurred_on = day,
			      .description = "发现货物流入邻近区域" };
	strcpy(x.kind, "cross_territory");
	strcpy(x.severity, "high");
	ck_assert_int_eq(db_incident_add(fixture_db, &x), DB_OK);
	strcpy(x.kind, "gossip");
	x.id = 0;
	ck_assert_int_eq(db_incident_add(fixture_db, &x), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), LEDGER_FIELD_KIND);
	int64_t id = q("SELECT id FROM incidents WHERE description = '发现货物流入邻近区域'");
	ck_assert_int_eq(db_incident_resolve(fixture_db, id, (qd_date){ 2026, 11, 19 }, "x"),
			 DB_INVALID);
	ck_assert_int_eq(db_incident_resolve(fixture_db, id, (qd_date){ 2026, 11, 25 }, "追回"),
			 DB_OK);
	ck_assert_int_eq(db_incident_resolve(fixture_db, id, (qd_date){ 2026, 11, 26 }, "x"),
			 DB_INVALID);
	ck_assert_int_eq(q("SELECT count(*) FROM incidents WHERE status = 'resolved'"
			   " AND resolution = '追回' AND resolved_on = '2026-11-25'"),
			 1);
}
END_TEST

START_TEST(test_ledger_writes_compose_all_or_nothing)
{
	int64_t before = q("SELECT count(*) FROM payments");
	ck_assert_int_eq(db_write_begin(fixture_db), DB_OK);
	qd_rc rc = DB_OK;
	for (int i = 0; i < 500 && !rc; i++) {
		struct payment p = { .distributor_id = dist(i % 7),
				     .paid_on = day,
				     .amount_fen = i == 499 ? -1 : 100 + i };
		rc = db_payment_add(fixture_db, &p);
	}
	ck_assert_int_eq(rc, DB_INVALID);
	ck_assert_int_eq(db_write_end(fixture_db, rc), DB_INVALID);
	ck_assert_int_eq(q("SELECT count(*) FROM payments"), before);
	ck_assert_int_eq(db_check(fixture_db, NULL, NULL, NULL), 0);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_ledger_order_total_is_the_lines_sum_and_counts_as_sales_when_shipped,
		test_ledger_order_refuses_what_is_wrong_and_names_the_field,
		test_ledger_payment_naming_an_invoice_pays_it_and_only_its_own,
		test_ledger_incident_opens_and_resolves,
		test_ledger_writes_compose_all_or_nothing,
	};
	return fixture_run("ledger", tests, sizeof tests / sizeof tests[0]);
}
