/* The ledger's writes: orders and lines, amounts due, payments, incidents.
 * Each checks what a caller can get wrong (dates, amounts, references, a
 * number already used) and says which field, then writes in one composable
 * write; the kept-figure triggers (db_internal.h) keep the figures. */
#include "qudao/ledger.h"

#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/text.h"

/* 1 when the row sql finds for id exists, 0 when not, -1 on error. */
static int ledger_exists(qd_db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id)))
		return -1;
	int r = db_step(db, st, N_("Could not check a reference"));
	if (r > 0)
		sqlite3_reset(st);
	return r;
}

static qd_rc ledger_distributor(qd_db *db, int64_t id)
{
	static const char sql[] = "SELECT 1 FROM distributors WHERE id = ?1";
	int r = ledger_exists(db, sql, id);
	if (r < 0)
		return db_errcode(db);
	return r ? DB_OK
		 : db_fail(db, DB_NOTFOUND, LEDGER_FIELD_DISTRIBUTOR,
			   _("That distributor is not in the database."));
}

static qd_rc ledger_number(qd_db *db, const char *sql, const char *number, int field)
{
	size_t n = strlen(number);
	if (n == 0)
		return db_fail(db, DB_INVALID, field, _("A number is required."));
	if (n > LEDGER_NUMBER_MAX)
		return db_fail(db, DB_INVALID, field, _("A number is 1 to %d characters long."),
			       LEDGER_NUMBER_MAX);
	for (const char *p = number; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return db_fail(db, DB_INVALID, field,
				       _("A number may not hold control characters."));
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(number)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not check a number"));
	if (r < 0)
		return db_errcode(db);
	if (r > 0) {
		sqlite3_reset(st);
		return db_fail(db, DB_DUPLICATE, field, _("The number %s is already used."),
			       number);
	}
	return DB_OK;
}

static qd_rc ledger_date(qd_db *db, qd_date d, int field)
{
	return date_in_range(d) ? DB_OK
				: db_fail(db, DB_INVALID, field,
					  _("The date must be in the years %d to %d."),
					  DATE_MIN_YEAR, DATE_MAX_YEAR);
}

/* A shipped or delivered order's ship date: given, and a date. */
static qd_rc ledger_ship_date(qd_db *db, qd_date d)
{
	if (d.y == 0 && d.m == 0 && d.d == 0)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_SHIP_DATE,
			       _("A shipped or delivered order needs its ship date."));
	/* Not yet shipped is an open order: counted as sales it would fall in
	 * a period that has not begun, where no screen shows it. */
	char today[DATE_BUF];
	if (date_cmp(d, date_today()) > 0)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_SHIP_DATE,
			       _("An order cannot have shipped after today (%s)."),
			       date_format(date_today(), today));
	return ledger_date(db, d, LEDGER_FIELD_SHIP_DATE);
}

static qd_rc ledger_order_check(qd_db *db, const struct order *o)
{
	static const char number_sql[] = "SELECT 1 FROM orders WHERE order_no = ?1 COLLATE NOCASE";
	static const char product_sql[] = "SELECT 1 FROM products WHERE id = ?1";
	static const char territory_sql[] = "SELECT 1 FROM territories WHERE id = ?1";
	qd_rc rc = ledger_distributor(db, o->distributor_id);
	if (!rc)
		rc = ledger_number(db, number_sql, o->order_no, LEDGER_FIELD_NUMBER);
	if (!rc)
		rc = ledger_date(db, o->order_date, LEDGER_FIELD_DATE);
	if (rc)
		return rc;
	/* Ordered is done, as paid is: a date to come is a typing slip. */
	char today[DATE_BUF];
	if (date_cmp(o->order_date, date_today()) > 0)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_DATE,
			       _("An order cannot be dated after today (%s)."),
			       date_format(date_today(), today));
	if (label_index(&labels_order_status, o->status) < 0)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_STATUS,
			       _("An order is open, shipped, delivered or cancelled."));
	bool shipped = !strcmp(o->status, "shipped") || !strcmp(o->status, "delivered");
	if (shipped && (rc = ledger_ship_date(db, o->ship_date)))
		return rc;
	if (shipped && date_cmp(o->ship_date, o->order_date) < 0)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_SHIP_DATE,
			       _("An order cannot ship before it was ordered."));
	if (o->ship_territory_id) {
		int r = ledger_exists(db, territory_sql, o->ship_territory_id);
		if (r <= 0)
			return r < 0 ? db_errcode(db)
				     : db_fail(db, DB_NOTFOUND, LEDGER_FIELD_TERRITORY,
					       _("That territory is not in the database."));
	}
	if (o->nlines < 1)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_PRODUCT,
			       _("An order has at least one line."));
	int64_t total = 0;
	for (int i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];
		int base = 100 * (i + 1);
		int r = ledger_exists(db, product_sql, l->product_id);
		if (r < 0)
			return db_errcode(db);
		/* "Line N: " and the reason, apart: an import that names the
		 * file's line itself drops the first (ledger_line_reason). */
		if (!r)
			return db_fail(db, DB_NOTFOUND, base + LEDGER_FIELD_PRODUCT, _("Line %d: %s"),
				       i + 1, _("that product is not in the database."));
		if (l->quantity <= 0 || l->quantity > 100000000)
			return db_fail(db, DB_INVALID, base + LEDGER_FIELD_QUANTITY, _("Line %d: %s"),
				       i + 1, _("the quantity is a whole number above 0."));
		if (l->unit_price_fen < 0)
			return db_fail(db, DB_INVALID, base + LEDGER_FIELD_PRICE, _("Line %d: %s"),
				       i + 1, _("the price cannot be negative."));
		if (l->unit_price_fen > LEDGER_PRICE_MAX_FEN)
			return db_fail(db, DB_INVALID, base + LEDGER_FIELD_PRICE, _("Line %d: %s"),
				       i + 1, _("a price is at most ¥1,000,000,000.00 a unit."));
		/* Amounts the figures can add up without overflowing: a line, and
		 * the order, at most ¥100,000,000,000.00. */
		if (l->unit_price_fen > LEDGER_AMOUNT_MAX_FEN / l->quantity)
			return db_fail(db, DB_INVALID, base + LEDGER_FIELD_PRICE, _("Line %d: %s"),
				       i + 1,
				       _("it comes to more than ¥100,000,000,000.00 (quantity × "
					 "price); split it into several orders."));
		total += l->quantity * l->unit_price_fen;
		if (total > LEDGER_AMOUNT_MAX_FEN)
			return db_fail(db, DB_INVALID, base + LEDGER_FIELD_PRICE,
				       _("The order comes to more than ¥100,000,000,000.00; split it "
					 "into several orders."));
	}
	return DB_OK;
}

static qd_rc ledger_order_write(qd_db *db, struct order *o)
{
	static const char order_sql[] =
		"INSERT INTO orders(id, order_no, distributor_id, order_date, ship_territory_id,"
		" status, total_fen, ship_date) VALUES (?1, ?2, ?3, ?4, coalesce(?5, (SELECT"
		" territory_id FROM distributors WHERE id = ?3)), ?6, ?7, ?8)";
	static const char line_sql[] =
		"INSERT INTO order_lines(id, order_id, product_id, quantity, unit_price_fen)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";
	qd_rc rc = ledger_order_check(db, o);
	if (rc)
		return rc;
	int64_t total = 0;
	for (int i = 0; i < o->nlines; i++)
		total += o->lines[i].quantity * o->lines[i].unit_price_fen;
	int64_t id = o->id ? o->id : ids_new();
	char day[DATE_BUF], ship[DATE_BUF];
	bool shipped = !strcmp(o->status, "shipped") || !strcmp(o->status, "delivered");
	sqlite3_stmt *st = db_stmt(db, order_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_text(o->order_no), db_int(o->distributor_id),
			   db_text(date_format(o->order_date, day)),
			   db_id_or_null(o->ship_territory_id), db_text(o->status), db_int(total),
			   db_text(shipped ? date_format(o->ship_date, ship) : NULL));
	if (!rc)
		rc = db_run(db, st);
	for (int i = 0; !rc && i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];
		st = db_stmt(db, line_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(ids_new()), db_int(id), db_int(l->product_id),
				   db_int(l->quantity), db_int(l->unit_price_fen));
		if (!rc)
			rc = db_run(db, st);
	}
	if (!rc) {
		o->id = id;
		o->total_fen = total;
	}
	return rc;
}

const char *db_order_line_reason(qd_db *db)
{
	const char *msg = db_errmsg(db);
	int f = db_errfield(db);
	if (f < 100)
		return msg;
	char prefix[64];
	snprintf(prefix, sizeof prefix, _("Line %d: %s"), f / 100, "");
	size_t n = strlen(prefix);
	return strncmp(msg, prefix, n) ? msg : msg + n;
}

qd_rc db_order_add(qd_db *db, struct order *o)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, ledger_order_write(db, o));
}

static qd_rc ledger_order_status(qd_db *db, int64_t id, const char *status, qd_date ship_date)
{
	static const char get_sql[] = "SELECT status, order_date FROM orders WHERE id = ?1";
	static const char set_sql[] =
		"UPDATE orders SET status = ?2, ship_date = ?3,"
		" updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
	if (label_index(&labels_order_status, status) < 0)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_STATUS,
			       _("An order is open, shipped, delivered or cancelled."));
	sqlite3_stmt *st = db_stmt(db, get_sql);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the order"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, LEDGER_FIELD_NONE, _("That order is not there."));
	char was[16], ordered[DATE_BUF];
	text_copy(was, sizeof was, (const char *)sqlite3_column_text(st, 0));
	text_copy(ordered, sizeof ordered, (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	/* open → shipped → delivered; anything not yet delivered can be
	 * cancelled. */
	static const char *const moves[][2] = {
		{ "open", "shipped" },	    { "shipped", "delivered" }, { "open", "cancelled" },
		{ "shipped", "cancelled" }, { "open", "delivered" },
	};
	bool ok = false;
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
		ok |= !strcmp(moves[i][0], was) && !strcmp(moves[i][1], status);
	if (!ok)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_STATUS,
			       _("An order cannot go from %s to %s."),
			       _(label_of(&labels_order_status, was)),
			       _(label_of(&labels_order_status, status)));
	bool shipped = !strcmp(status, "shipped") || !strcmp(status, "delivered");
	char ship[DATE_BUF];
	qd_rc rc = DB_OK;
	if (shipped && (rc = ledger_ship_date(db, ship_date)))
		return rc;
	if (shipped && strcmp(date_format(ship_date, ship), ordered) < 0)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_SHIP_DATE,
			       _("An order cannot ship before it was ordered."));
	st = db_stmt(db, set_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_text(status),
			   db_text(shipped ? date_format(ship_date, ship) : NULL));
	return rc ? rc : db_run(db, st);
}

qd_rc db_order_set_status(qd_db *db, int64_t order_id, const char *status, qd_date ship_date)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, ledger_order_status(db, order_id, status, ship_date));
}

static qd_rc ledger_due_write(qd_db *db, struct amount_due *a)
{
	static const char number_sql[] =
		"SELECT 1 FROM amounts_due WHERE invoice_no = ?1 COLLATE NOCASE";
	static const char sql[] =
		"INSERT INTO amounts_due(id, distributor_id, invoice_no, due_date,"
		" amount_fen) VALUES (?1, ?2, ?3, ?4, ?5)";
	qd_rc rc = ledger_distributor(db, a->distributor_id);
	if (!rc)
		rc = ledger_number(db, number_sql, a->invoice_no, LEDGER_FIELD_NUMBER);
	if (!rc)
		rc = ledger_date(db, a->due_date, LEDGER_FIELD_DATE);
	if (!rc && a->amount_fen <= 0)
		rc = db_fail(db, DB_INVALID, LEDGER_FIELD_AMOUNT,
			     _("An amount due is more than 0."));
	/* As an order: amounts the figures can add up without overflowing. */
	if (!rc && a->amount_fen > LEDGER_AMOUNT_MAX_FEN)
		rc = db_fail(db, DB_INVALID, LEDGER_FIELD_AMOUNT,
			     _("An amount is at most ¥100,000,000,000.00."));
	if (rc)
		return rc;
	int64_t id = a->id ? a->id : ids_new();
	char day[DATE_BUF];
	sqlite3_stmt *st = db_stmt(db, sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_int(a->distributor_id), db_text(a->invoice_no),
			   db_text(date_format(a->due_date, day)), db_int(a->amount_fen));
	if (!rc)
		rc = db_run(db, st);
	if (!rc)
		a->id = id;
	return rc;
}

qd_rc db_due_add(qd_db *db, struct amount_due *a)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, ledger_due_write(db, a));
}

static qd_rc ledger_payment_write(qd_db *db, struct payment *p)
{
	static const char invoice_sql[] =
		"SELECT distributor_id, invoice_no FROM amounts_due WHERE invoice_no = ?1"
		" COLLATE NOCASE ORDER BY invoice_no = ?1 DESC LIMIT 1";
	static const char sql[] = "INSERT INTO payments(id, distributor_id, paid_on, amount_fen,"
				  " reference, invoice_no) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	qd_rc rc = ledger_distributor(db, p->distributor_id);
	if (!rc)
		rc = ledger_date(db, p->paid_on, LEDGER_FIELD_DATE);
	/* Money not yet received is an amount due, not a payment: counted as
	 * collected it would lift the collection score before it happened. */
	char today[DATE_BUF];
	if (!rc && date_cmp(p->paid_on, date_today()) > 0)
		rc = db_fail(db, DB_INVALID, LEDGER_FIELD_DATE,
			     _("A payment cannot be dated after today (%s)."),
			     date_format(date_today(), today));
	if (!rc && p->amount_fen <= 0)
		rc = db_fail(db, DB_INVALID, LEDGER_FIELD_AMOUNT,
			     _("A payment must be more than 0."));
	if (!rc && p->amount_fen > LEDGER_AMOUNT_MAX_FEN)
		rc = db_fail(db, DB_INVALID, LEDGER_FIELD_AMOUNT,
			     _("An amount is at most ¥100,000,000,000.00."));
	if (!rc && strlen(p->reference) > LEDGER_NUMBER_MAX * 2 - 1)
		rc = db_fail(db, DB_INVALID, LEDGER_FIELD_TEXT, _("The reference is too long."));
	if (rc)
		return rc;
	/* A reference names one payment (the bank's number of the transfer):
	 * another of the distributor's with it is a mistake, not a second
	 * payment (an import took R1 of ¥100 and R1 of ¥200 a day later). */
	if (p->reference[0]) {
		/* Less than a year either side, by the index on the dates: the
		 * check costs the same on an account of ten years (a number
		 * reused years apart is not this mistake). In any case, as
		 * codes are matched. */
		static const char ref_sql[] =
			"SELECT paid_on, amount_fen, reference FROM payments WHERE distributor_id "
			"= ?1"
			" AND paid_on > date(?3, '-1 year') AND paid_on < date(?3, '+1 year')"
			" AND reference = ?2 COLLATE NOCASE LIMIT 1";
		char paid[DATE_BUF];
		sqlite3_stmt *st = db_stmt(db, ref_sql);
		if (!st || db_bind(db, st, db_int(p->distributor_id), db_text(p->reference),
				   db_text(date_format(p->paid_on, paid))))
			return db_errcode(db);
		int r = db_step(db, st, N_("Could not check the reference"));
		if (r < 0)
			return db_errcode(db);
		if (r) {
			/* Named as it is stored (R1 for a file's r1). */
			char on[DATE_BUF], amount[MONEY_BUF], ref[sizeof p->reference];
			text_copy(on, sizeof on, (const char *)sqlite3_column_text(st, 0));
			money_format(sqlite3_column_int64(st, 1), amount);
			text_copy(ref, sizeof ref, (const char *)sqlite3_column_text(st, 2));
			sqlite3_reset(st);
			return db_fail(db, DB_INVALID, LEDGER_FIELD_TEXT,
				       _("The reference %s is already on its payment of %s of %s; "
					 "a reference names one payment. Give this one its own, or "
					 "leave the reference empty."),
				       ref, amount, on);
		}
	}
	if (p->invoice_no[0]) {
		sqlite3_stmt *st = db_stmt(db, invoice_sql);
		if (!st || db_bind(db, st, db_text(p->invoice_no)))
			return db_errcode(db);
		int r = db_step(db, st, N_("Could not check the invoice"));
		if (r < 0)
			return db_errcode(db);
		int64_t owner = r ? sqlite3_column_int64(st, 0) : 0;
		/* Kept as the amount due writes it (inv-7 for INV-7). */
		if (r) {
			text_copy(p->invoice_no, sizeof p->invoice_no,
				  (const char *)sqlite3_column_text(st, 1));
			sqlite3_reset(st);
		}
		if (!r)
			return db_fail(db, DB_NOTFOUND, LEDGER_FIELD_INVOICE,
				       _("There is no invoice %s."), p->invoice_no);
		if (owner != p->distributor_id)
			return db_fail(db, DB_INVALID, LEDGER_FIELD_INVOICE,
				       _("Invoice %s is another distributor's."), p->invoice_no);
	}
	int64_t id = p->id ? p->id : ids_new();
	char day[DATE_BUF];
	sqlite3_stmt *st = db_stmt(db, sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_int(p->distributor_id),
			   db_text(date_format(p->paid_on, day)), db_int(p->amount_fen),
			   db_text(p->reference), db_text_or_null(p->invoice_no));
	if (!rc)
		rc = db_run(db, st);
	if (!rc)
		p->id = id;
	return rc;
}

qd_rc db_payment_add(qd_db *db, struct payment *p)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, ledger_payment_write(db, p));
}

static qd_rc ledger_incident_write(qd_db *db, struct incident *x)
{
	static const char sql[] = "INSERT INTO incidents(id, distributor_id, occurred_on, kind,"
				  " severity, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	qd_rc rc = ledger_distributor(db, x->distributor_id);
	if (!rc)
		rc = ledger_date(db, x->occurred_on, LEDGER_FIELD_DATE);
	if (rc)
		return rc;
	if (label_index(&labels_incident_kind, x->kind) < 0)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_KIND,
			       _("That is not a kind of incident."));
	if (label_index(&labels_severity, x->severity) < 0)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_SEVERITY,
			       _("The severity is low, medium or high."));
	const char *text = x->description ? x->description : "";
	if (strlen(text) > LEDGER_TEXT_MAX * 4)
		return db_fail(db, DB_INVALID, LEDGER_FIELD_TEXT,
			       _("The description is too long."));
	int64_t id = x->id ? x->id : ids_new();
	char day[DATE_BUF];
	sqlite3_stmt *st = db_stmt(db, sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_int(x->distributor_id),
			   db_text(date_format(x->occurred_on, day)), db_text(x->kind),
			   db_text(x->severity), db_text(text));
	if (!rc)
		rc = db_run(db, st);
	if (!rc)
		x->id = id;
	return rc;
}

qd_rc db_incident_add(qd_db *db, struct incident *x)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, ledger_incident_write(db, x));
}

static qd_rc ledger_incident_resolve(qd_db *db, int64_t id, qd_date on, const char *resolution)
{
	static const char sql[] =
		"UPDATE incidents SET status = 'resolved', resolved_on = ?2, resolution = ?3,"
		" updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')"
		" WHERE id = ?1 AND status = 'open' AND occurred_on <= ?2";
	static const char get_sql[] = "SELECT status FROM incidents WHERE id = ?1";
	qd_rc rc = ledger_date(db, on, LEDGER_FIELD_DATE);
	if (rc)
		return rc;
	char day[DATE_BUF];
	sqlite3_stmt *st = db_stmt(db, sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_text(date_format(on, day)),
			   db_text(resolution ? resolution : ""));
	if (!rc)
		rc = db_run(db, st);
	if (rc || sqlite3_changes(db_handle(db)) == 1)
		return rc;
	int r = ledger_exists(db, get_sql, id);
	if (r < 0)
		return db_errcode(db);
	return db_fail(db, r ? DB_INVALID : DB_NOTFOUND, LEDGER_FIELD_DATE,
		       r ? _("The incident is resolved already, or the date is before it "
			     "occurred.")
			 : _("That incident is not there."));
}

qd_rc db_incident_resolve(qd_db *db, int64_t id, qd_date on, const char *resolution)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, ledger_incident_resolve(db, id, on, resolution));
}

/* A date column into d ({0} when it is not one). */
static void ledger_column_date(sqlite3_stmt *st, int col, qd_date *d)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	if (!s || date_parse(s, d))
		*d = (qd_date){ 0, 0, 0 };
}

qd_rc db_order_find(qd_db *db, const char *order_no, struct order *out)
{
	static const char sql[] =
		"SELECT o.id, o.order_no, o.distributor_id, o.order_date,"
		" coalesce(o.ship_territory_id, 0), o.status, o.ship_date, o.total_fen,"
		" (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id)"
		" FROM orders o WHERE o.order_no = ?1 COLLATE NOCASE"
		" ORDER BY o.order_no = ?1 DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(order_no)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the order"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, LEDGER_FIELD_NUMBER, _("That order is not there."));
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	text_copy(out->order_no, sizeof out->order_no, (const char *)sqlite3_column_text(st, 1));
	out->distributor_id = sqlite3_column_int64(st, 2);
	ledger_column_date(st, 3, &out->order_date);
	out->ship_territory_id = sqlite3_column_int64(st, 4);
	text_copy(out->status, sizeof out->status, (const char *)sqlite3_column_text(st, 5));
	ledger_column_date(st, 6, &out->ship_date);
	out->total_fen = sqlite3_column_int64(st, 7);
	out->nlines = sqlite3_column_int(st, 8);
	sqlite3_reset(st);
	return DB_OK;
}

qd_rc db_due_find(qd_db *db, const char *invoice_no, struct amount_due *out)
{
	static const char sql[] = "SELECT id, invoice_no, distributor_id, due_date, amount_fen"
				  " FROM amounts_due WHERE invoice_no = ?1 COLLATE NOCASE"
				  " ORDER BY invoice_no = ?1 DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(invoice_no)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the amount due"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, LEDGER_FIELD_NUMBER, _("There is no invoice %s."),
			       invoice_no);
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	text_copy(out->invoice_no, sizeof out->invoice_no,
		  (const char *)sqlite3_column_text(st, 1));
	out->distributor_id = sqlite3_column_int64(st, 2);
	ledger_column_date(st, 3, &out->due_date);
	out->amount_fen = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);
	return DB_OK;
}

/* sql with p's distributor, day, amount, reference and invoice bound: its
 * one number into *n, and whether it had a row into *found. */
static qd_rc payment_alike(qd_db *db, const char *sql, const struct payment *p, int64_t *n,
			   bool *found)
{
	char day[DATE_BUF];
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st ||
	    db_bind(db, st, db_int(p->distributor_id), db_text(date_format(p->paid_on, day)),
		    db_int(p->amount_fen), db_text(p->reference), db_text_or_null(p->invoice_no)) ||
	    db_int_of(db, st, n, found))
		return db_errcode(db);
	return DB_OK;
}

qd_rc db_payment_count(qd_db *db, const struct payment *p, int64_t *n)
{
	return payment_alike(
		db,
		"SELECT count(*) FROM payments WHERE distributor_id = ?1 AND paid_on = ?2"
		" AND amount_fen = ?3 AND reference = ?4 COLLATE NOCASE"
		" AND coalesce(invoice_no, '') = coalesce(?5, '') COLLATE NOCASE",
		p, n, NULL);
}

qd_rc db_payment_find(qd_db *db, const struct payment *p, int64_t *id)
{
	bool found;
	qd_rc rc =
		payment_alike(db,
			      /* A file without the invoice says nothing of it: the payment
			       * with the rest the same is this one (re-imported from a bank
			       * statement, it was refused as a reference used twice). */
			      "SELECT id FROM payments WHERE distributor_id = ?1 AND paid_on = ?2"
			      " AND amount_fen = ?3 AND reference = ?4 COLLATE NOCASE"
			      " AND (?5 IS NULL OR invoice_no = ?5 COLLATE NOCASE)"
			      " LIMIT 1",
			      p, id, &found);
	if (rc)
		return rc;
	return found ? DB_OK
		     : db_fail(db, DB_NOTFOUND, LEDGER_FIELD_NONE, _("There is no such payment."));
}
