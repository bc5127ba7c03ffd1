/* db/ledger: orders with lines, amounts due, payments and incidents written
 * through one set of functions; each refuses what a caller can get wrong,
 * names the field, and composes into a caller's write. */
#include <string.h>

#include "demo_fixture.h"
#include "qudao/ledger.h"
#include "qudao/scorecard.h"
#include "qudao/xalloc.h"

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
	o.ship_date = (qd_date){ 2026, 12, 15 }; /* after today */
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), LEDGER_FIELD_SHIP_DATE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "after today"));
	/* Dated after today, as a payment cannot be: refused on its date. */
	strcpy(o.status, "open");
	o.order_date = date_add_days(date_today(), 1);
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), LEDGER_FIELD_DATE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "after today"));
	o.order_date = day;
	o.distributor_id = 4242;
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_NOTFOUND);
	ck_assert_int_eq(db_errfield(fixture_db), LEDGER_FIELD_DISTRIBUTOR);
	ck_assert_int_eq(q("SELECT count(*) FROM orders WHERE order_no = 'L-0002'"), 0);
	/* Amounts the figures could not add up: a price too high, a line and
	 * an order too large (the first would overflow 64 bits). */
	o.distributor_id = dist(0);
	struct order_line big[] = { { product(0), 100000000, LEDGER_PRICE_MAX_FEN },
				    { product(1), 1, 1 } };
	o.lines = big;
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), 100 + LEDGER_FIELD_PRICE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "100,000,000,000"));
	big[0].unit_price_fen = LEDGER_PRICE_MAX_FEN + 1;
	big[0].quantity = 1;
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "at most"));
	big[0].quantity = 100;
	big[0].unit_price_fen = LEDGER_AMOUNT_MAX_FEN / 100;
	big[1].unit_price_fen = 1;
	o.nlines = 2;
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), 200 + LEDGER_FIELD_PRICE);
	o.nlines = 1;
	ck_assert_int_eq(db_order_add(fixture_db, &o), DB_OK);
	ck_assert_int_eq(q("SELECT total_fen FROM orders WHERE order_no = 'L-0002'"),
			 LEDGER_AMOUNT_MAX_FEN);
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
	/* The same payment again, its invoice in another case, is found
	 * (an import counts it, and adds nothing the second time). */
	int64_t n;
	strcpy(p.invoice_no, "l-inv-1");
	ck_assert_int_eq(db_payment_count(fixture_db, &p, &n), DB_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(db_check(fixture_db, NULL, NULL, NULL), 0);
}
END_TEST

/* A reference names one payment: the distributor's second payment with it
 * is refused, saying which has it (an import took R1 of ¥100 and R1 of
 * ¥200 a day later); another distributor's may have it. */
START_TEST(test_ledger_payment_reference_names_one_payment)
{
	struct payment p = { .distributor_id = dist(4), .paid_on = day, .amount_fen = 10000 };
	strcpy(p.reference, "BANK-0001");
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_OK);
	p.id = 0;
	p.amount_fen = 20000;
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), LEDGER_FIELD_TEXT);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "BANK-0001"));
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "¥100.00"));
	/* In any case, as codes are matched. */
	strcpy(p.reference, "bank-0001");
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_INVALID);
	strcpy(p.reference, "BANK-0001");
	/* A year before is not within a year; a day less is. */
	p.paid_on = date_add_days(day, -364);
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_INVALID);
	p.paid_on = (qd_date){ day.y - 1, day.m, day.d };
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_OK);
	p.id = 0;
	/* Years apart, by the index on the dates (the check does not read a
	 * long account's whole history): not this mistake. */
	p.paid_on = date_add_days(day, -800);
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_OK);
	p.id = 0;
	p.paid_on = day;
	p.distributor_id = dist(5);
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_OK);
	p.id = 0;
	p.reference[0] = '\0';
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_OK);
	p.id = 0;
	ck_assert_int_eq(db_payment_add(fixture_db, &p), DB_OK);
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

/* Every kept figure an order touches, row by row in key order, as text. */
static char *kept_text(qd_db *db)
{
	static const char *const tables[] = {
		"SELECT * FROM dist_month ORDER BY 1, 2",
		"SELECT * FROM territory_month ORDER BY 1, 2",
		"SELECT * FROM cross_orders ORDER BY 1",
		"SELECT * FROM cross_month ORDER BY 1, 2, 3",
		"SELECT * FROM dist_period ORDER BY 1, 2, 3",
		"SELECT * FROM dist_month_category ORDER BY 1, 2, 3",
		NULL,
	};
	size_t cap = 1 << 16, len = 0;
	char *out = xmalloc(cap);
	out[0] = '\0';
	for (int i = 0; tables[i]; i++) {
		sqlite3_stmt *st;
		ck_assert_int_eq(sqlite3_prepare_v2(db_handle(db), tables[i], -1, &st, NULL),
				 SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const char *v = (const char *)sqlite3_column_text(st, c);
				size_t n = (v ? strlen(v) : 4) + 2;
				if (len + n >= cap)
					out = xrealloc(out, cap *= 2);
				len += (size_t)snprintf(out + len, cap - len, "%s%c", v ? v : "NULL",
							c + 1 < sqlite3_column_count(st) ? '|' : '\n');
			}
		sqlite3_finalize(st);
	}
	return out;
}

/* The orders a large import would bring: shipped ten days before an
 * inventory count of their distributor (so the count's days of stock
 * change), some across a border, some not yet shipped or cancelled, some
 * outside the price tolerance. */
static int bulk_orders_add(qd_db *db)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(
		sqlite3_prepare_v2(db_handle(db),
				   "SELECT v.distributor_id, vi.product_id, substr(v.planned_at, 1, 10),"
				   " (SELECT id FROM territories t WHERE t.id IS NOT d.territory_id"
				   "  ORDER BY t.code LIMIT 1), p.price_b_fen"
				   " FROM visits v JOIN visit_inventory vi ON vi.visit_id = v.id"
				   " JOIN distributors d ON d.id = v.distributor_id"
				   " JOIN products p ON p.id = vi.product_id"
				   " WHERE v.status = 'done' ORDER BY v.id, vi.product_id LIMIT 60",
				   -1, &st, NULL),
		SQLITE_OK);
	int n = 0;
	qd_rc rc = DB_OK;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		qd_date count;
		ck_assert_int_eq(date_parse((const char *)sqlite3_column_text(st, 2), &count), 0);
		struct order_line lines[] = {
			{ sqlite3_column_int64(st, 1), 5 + n % 40,
			  n % 3 ? sqlite3_column_int64(st, 4) : sqlite3_column_int64(st, 4) * 2 },
			{ product(n % 5), 1 + n % 7, 1000 + n },
		};
		struct order o = { .id = 7700000000 + n,
				   .distributor_id = sqlite3_column_int64(st, 0),
				   .order_date = date_add_days(count, -12),
				   .ship_date = date_add_days(count, -10),
				   .ship_territory_id = n % 5 == 0 ? sqlite3_column_int64(st, 3) : 0,
				   .lines = lines,
				   .nlines = 1 + n % 2 };
		snprintf(o.order_no, sizeof o.order_no, "BULK-%04d", n);
		strcpy(o.status, n % 7 == 3 ? "open" : n % 7 == 5 ? "cancelled" : "shipped");
		if (n % 7 == 3 || n % 7 == 5)
			o.ship_date = (qd_date){ 0, 0, 0 };
		rc = db_order_add(db, &o);
		n++;
		/* More of the same distributor, in a quarter it sold nothing in:
		 * two days of a month, and another month of the quarter. */
		static const qd_date more[] = { { 2019, 4, 3 }, { 2019, 4, 20 }, { 2019, 5, 10 } };
		for (int k = 0; !rc && k < 3 && n % 4 == 1; k++) {
			o.id = 7700000000 + 1000 * (k + 1) + n;
			o.order_date = o.ship_date = more[k];
			strcpy(o.status, "delivered");
			snprintf(o.order_no, sizeof o.order_no, "BULK-%04d-%d", n, k);
			rc = db_order_add(db, &o);
		}
	}
	sqlite3_finalize(st);
	ck_assert_msg(rc == DB_OK, "%s", db_errmsg(db));
	return n;
}

/* Two copies of the fixture's file, at one and bulk, opened into *a, *b. */
static void two_copies(const char *one, const char *bulk, qd_db **a, qd_db **b)
{
	for (int i = 0; i < 2; i++) {
		char *sql = sqlite3_mprintf("VACUUM INTO %Q", i ? bulk : one);
		fixture_remove(i ? bulk : one);
		ck_assert_int_eq(sqlite3_exec(db_handle(fixture_db), sql, NULL, NULL, NULL),
				 SQLITE_OK);
		sqlite3_free(sql);
	}
	char *err;
	ck_assert_int_eq(db_open(one, DB_OPEN_EXISTING, a, &err), 0);
	ck_assert_int_eq(db_open(bulk, DB_OPEN_EXISTING, b, &err), 0);
}

START_TEST(test_ledger_orders_added_in_bulk_keep_the_same_figures_as_one_by_one)
{
	char one[144], bulk[144];
	snprintf(one, sizeof one, "%s-one.db", fixture_path);
	snprintf(bulk, sizeof bulk, "%s-bulk.db", fixture_path);
	qd_db *a, *b;
	two_copies(one, bulk, &a, &b);
	/* One by one, as the screens add them. */
	ck_assert_int_eq(db_write_begin(a), DB_OK);
	int n = bulk_orders_add(a);
	ck_assert_int_ge(n, 40);
	ck_assert_int_eq(db_write_end(a, DB_OK), DB_OK);
	/* In bulk: in between, nothing but adding is allowed. */
	ck_assert_int_eq(db_write_begin(b), DB_OK);
	ck_assert_int_eq(db_bulk_orders_begin(b), DB_ERROR);
	ck_assert_int_eq(db_write_end(b, DB_OK), DB_OK);
	ck_assert_msg(db_bulk_orders_begin(b) == DB_OK, "%s", db_errmsg(b));
	ck_assert_int_eq(db_write_begin(b), DB_OK);
	ck_assert_int_eq(bulk_orders_add(b), n);
	struct order o;
	ck_assert_int_eq(db_order_find(b, "BULK-0003", &o), DB_OK);
	ck_assert_int_ne(db_order_set_status(b, o.id, "shipped", o.order_date), DB_OK);
	ck_assert_msg(db_bulk_orders_end(b) == DB_OK, "%s", db_errmsg(b));
	ck_assert_int_eq(db_write_end(b, DB_OK), DB_OK);
	char *x = kept_text(a), *y = kept_text(b);
	ck_assert_msg(!strcmp(x, y), "the figures differ");
	free(x);
	free(y);
	ck_assert_int_eq(db_check(b, NULL, NULL, NULL), 0);
	/* After it, an order changes its figures one by one again. */
	ck_assert_int_eq(db_order_set_status(b, o.id, "shipped", o.order_date), DB_OK);
	ck_assert_int_eq(db_check(b, NULL, NULL, NULL), 0);

	/* A bulk import that is not ended is not saved; one rolled back
	 * leaves the figures kept one by one again. */
	int64_t orders = fixture_q(bulk, "SELECT count(*) FROM orders");
	ck_assert_int_eq(db_bulk_orders_begin(b), DB_OK);
	ck_assert_int_eq(db_write_begin(b), DB_OK);
	struct order_line line = { product(0), 1, 100 };
	struct order more = { .distributor_id = dist(0),
			      .order_date = day,
			      .ship_date = day,
			      .lines = &line,
			      .nlines = 1 };
	strcpy(more.order_no, "BULK-MORE");
	strcpy(more.status, "shipped");
	ck_assert_int_eq(db_order_add(b, &more), DB_OK);
	ck_assert_int_eq(db_write_end(b, DB_OK), DB_ERROR);
	ck_assert_int_eq(fixture_q(bulk, "SELECT count(*) FROM orders"), orders);
	more.id = 0;
	ck_assert_int_eq(db_order_add(b, &more), DB_OK);
	ck_assert_int_eq(db_check(b, NULL, NULL, NULL), 0);

	/* A bulk import whose write cannot start (another program holds the
	 * file): the next write, of anything, makes the triggers again. */
	sqlite3 *other;
	ck_assert_int_eq(sqlite3_open(bulk, &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	db_set_busy_timeout(b, 50);
	ck_assert_int_eq(db_bulk_orders_begin(b), DB_OK);
	ck_assert_int_eq(db_write_begin(b), DB_BUSY);
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	strcpy(more.order_no, "BULK-AFTER");
	more.id = 0;
	ck_assert_msg(db_order_add(b, &more) == DB_OK, "%s", db_errmsg(b));
	ck_assert_int_eq(db_check(b, NULL, NULL, NULL), 0);
	db_close(a);
	db_close(b);
	fixture_remove(one);
	fixture_remove(bulk);
}
END_TEST

/* A file's stock figures of distributor d (counts, low, high) as text. */
static void stock_of(qd_db *db, int64_t d, char *buf, size_t size)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(
		sqlite3_prepare_v2(db_handle(db),
				   "SELECT sum(stock_counts), sum(stock_low), sum(stock_high)"
				   " FROM dist_period WHERE distributor_id = ?1",
				   -1, &st, NULL),
		SQLITE_OK);
	sqlite3_bind_int64(st, 1, d);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(buf, size, "%lld %lld %lld", sqlite3_column_int64(st, 0),
		 sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2));
	sqlite3_finalize(st);
}

/* A count's days of stock change with a shipment from the day before it
 * to the window's length before it (SCORE_STOCK_WINDOW_DAYS): in bulk as
 * one by one, at both ends of the window and a day outside each (the bulk
 * figures read only the visits of the days the new shipments can reach). */
START_TEST(test_ledger_bulk_orders_change_the_counts_at_both_ends_of_the_window)
{
	char one[144], bulk[144];
	snprintf(one, sizeof one, "%s-edge-one.db", fixture_path);
	snprintf(bulk, sizeof bulk, "%s-edge-bulk.db", fixture_path);
	static const int before[] = { 0, 1, SCORE_STOCK_WINDOW_DAYS, SCORE_STOCK_WINDOW_DAYS + 1 };
	int changed[4] = { 0 };
	for (int candidate = 0; candidate < 6; candidate++) {
		char sql[400];
		snprintf(sql, sizeof sql,
			 "SELECT v.distributor_id, vi.product_id, substr(v.planned_at, 1, 10)"
			 " FROM visits v JOIN visit_inventory vi ON vi.visit_id = v.id"
			 " WHERE v.status = 'done' AND vi.quantity > 0 ORDER BY v.id, vi.product_id"
			 " LIMIT 1 OFFSET %d",
			 candidate * 7);
		sqlite3_stmt *st;
		ck_assert_int_eq(sqlite3_prepare_v2(db_handle(fixture_db), sql, -1, &st, NULL),
				 SQLITE_OK);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		int64_t d = sqlite3_column_int64(st, 0), p = sqlite3_column_int64(st, 1);
		qd_date count;
		ck_assert_int_eq(date_parse((const char *)sqlite3_column_text(st, 2), &count), 0);
		sqlite3_finalize(st);
		for (int k = 0; k < 4; k++) {
			qd_db *a, *b;
			two_copies(one, bulk, &a, &b);
			char was[64], now[64];
			stock_of(a, d, was, sizeof was);
			/* Many units: the count's days of stock fall. */
			struct order_line line = { p, 100000, 100 };
			struct order o = { .distributor_id = d,
					   .order_date = date_add_days(count, -before[k]),
					   .ship_date = date_add_days(count, -before[k]),
					   .lines = &line,
					   .nlines = 1 };
			snprintf(o.order_no, sizeof o.order_no, "EDGE-%d-%d", candidate, k);
			strcpy(o.status, "shipped");
			ck_assert_msg(db_order_add(a, &o) == DB_OK, "%s", db_errmsg(a));
			o.id = 0;
			ck_assert_int_eq(db_bulk_orders_begin(b), DB_OK);
			ck_assert_int_eq(db_write_begin(b), DB_OK);
			ck_assert_msg(db_order_add(b, &o) == DB_OK, "%s", db_errmsg(b));
			ck_assert_msg(db_bulk_orders_end(b) == DB_OK, "%s", db_errmsg(b));
			ck_assert_int_eq(db_write_end(b, DB_OK), DB_OK);
			stock_of(a, d, now, sizeof now);
			changed[k] += strcmp(was, now) != 0;
			char *x = kept_text(a), *y = kept_text(b);
			ck_assert_msg(!strcmp(x, y), "the figures differ, shipped %d days before",
				      before[k]);
			free(x);
			free(y);
			db_close(a);
			db_close(b);
		}
	}
	/* The ends of the window changed some count's days of stock. */
	ck_assert_int_gt(changed[1], 0);
	ck_assert_int_gt(changed[2], 0);
	fixture_remove(one);
	fixture_remove(bulk);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_ledger_order_total_is_the_lines_sum_and_counts_as_sales_when_shipped,
		test_ledger_order_refuses_what_is_wrong_and_names_the_field,
		test_ledger_payment_naming_an_invoice_pays_it_and_only_its_own,
		test_ledger_payment_reference_names_one_payment,
		test_ledger_incident_opens_and_resolves,
		test_ledger_writes_compose_all_or_nothing,
		test_ledger_orders_added_in_bulk_keep_the_same_figures_as_one_by_one,
		test_ledger_bulk_orders_change_the_counts_at_both_ends_of_the_window,
	};
	return fixture_run("ledger", tests, sizeof tests / sizeof tests[0]);
}
