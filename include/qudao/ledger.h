/* The distributor's ledger: orders with their lines, amounts due, payments
 * and incidents, written through one set of functions that the screens (a
 * visit's order, a 窜货 incident from the map), the importer and sync all
 * use. Each runs inside the caller's write or its own (db_write_begin), so a
 * thousand of them commit or roll back together; the kept figures follow by
 * themselves. Results are typed: DB_INVALID with db_errfield() one of
 * LEDGER_FIELD_*, DB_DUPLICATE for a number already used, DB_NOTFOUND for a
 * distributor, product, territory or invoice that is not there. */
#ifndef QUDAO_LEDGER_H
#define QUDAO_LEDGER_H

#include <stdint.h>

#include "qudao/date.h"
#include "qudao/db.h"

typedef enum {
	LEDGER_FIELD_NONE,
	LEDGER_FIELD_NUMBER,	  /* order or invoice number */
	LEDGER_FIELD_DISTRIBUTOR, /* the distributor */
	LEDGER_FIELD_DATE,	  /* order, due, payment or incident date */
	LEDGER_FIELD_SHIP_DATE,
	LEDGER_FIELD_STATUS,
	LEDGER_FIELD_TERRITORY, /* ship-to territory */
	LEDGER_FIELD_PRODUCT,	/* of a line; db_errfield() + 100 * line */
	LEDGER_FIELD_QUANTITY,
	LEDGER_FIELD_PRICE,
	LEDGER_FIELD_AMOUNT,
	LEDGER_FIELD_INVOICE, /* the invoice a payment names */
	LEDGER_FIELD_KIND,
	LEDGER_FIELD_SEVERITY,
	LEDGER_FIELD_TEXT,
} qd_ledger_field;

enum { LEDGER_NUMBER_MAX = 40, LEDGER_TEXT_MAX = 2000 };
/* An order line's price a unit, and a line's or an order's amount, at most
 * (fen): ¥1,000,000,000.00 and ¥100,000,000,000.00. */
#define LEDGER_PRICE_MAX_FEN INT64_C(100000000000)
#define LEDGER_AMOUNT_MAX_FEN INT64_C(10000000000000)

struct order_line {
	int64_t product_id;
	int64_t quantity;
	int64_t unit_price_fen;
};

struct order {
	int64_t id; /* 0: a new one gets one */
	char order_no[LEDGER_NUMBER_MAX + 8];
	int64_t distributor_id;
	qd_date order_date;
	int64_t ship_territory_id; /* 0: the distributor's own territory */
	char status[16];	   /* open, shipped, delivered, cancelled */
	qd_date ship_date;	   /* shipped and delivered orders only */
	const struct order_line *lines;
	int nlines;
	int64_t total_fen; /* set by db_order_add: the lines' sum */
};

/* Adds an order and its lines (at least one); the total is the lines' sum.
 * A shipped or delivered order needs its ship date, an open or cancelled one
 * has none. */
qd_rc db_order_add(qd_db *db, struct order *o);
/* The last error's reason without its "Line N: " when it is about one of an
 * order's lines (db_errfield 100 × N + field): for a caller that names the
 * line itself. */
const char *db_order_line_reason(qd_db *db);
/* A large import of orders: begin, just before the caller's write, stops
 * the kept figures following each order and line added; end, in that write
 * before it ends, makes those of every order added since, all at once, and
 * has them followed one by one again. In between, orders are only added
 * (with their lines): changing or deleting one is refused. A write that is
 * not ended is refused at commit; after one rolled back, the next write
 * puts everything back as before. */
qd_rc db_bulk_orders_begin(qd_db *db);
qd_rc db_bulk_orders_end(qd_db *db);
/* Moves an order on: open → shipped (with its ship date) → delivered, or to
 * cancelled. */
qd_rc db_order_set_status(qd_db *db, int64_t order_id, const char *status, qd_date ship_date);

struct amount_due {
	int64_t id;
	char invoice_no[LEDGER_NUMBER_MAX + 8];
	int64_t distributor_id;
	qd_date due_date;
	int64_t amount_fen; /* more than 0 */
};
qd_rc db_due_add(qd_db *db, struct amount_due *a);

struct payment {
	int64_t id;
	int64_t distributor_id;
	qd_date paid_on;
	int64_t amount_fen; /* more than 0 */
	char reference[LEDGER_NUMBER_MAX * 2];
	char invoice_no[LEDGER_NUMBER_MAX + 8]; /* "" when it names none */
};
/* A payment that names an invoice must name one of the same distributor. */
qd_rc db_payment_add(qd_db *db, struct payment *p);

/* ---- reading back what a file may hold again ----
 * Each returns DB_OK with the record, DB_NOTFOUND when there is none, or a
 * database failure. */

/* The order with this number: its head (lines NULL; nlines how many it has,
 * total_fen their sum). */
qd_rc db_order_find(qd_db *db, const char *order_no, struct order *out);
/* The amount due with this invoice number. */
qd_rc db_due_find(qd_db *db, const char *invoice_no, struct amount_due *out);
/* A payment of p's distributor on p's day with p's amount, reference and
 * invoice (the same payment recorded before); *out gets its id. */
qd_rc db_payment_find(qd_db *db, const struct payment *p, int64_t *id);
/* How many payments there are with p's distributor, day, amount, reference
 * and invoice, into *n. */
qd_rc db_payment_count(qd_db *db, const struct payment *p, int64_t *n);

struct incident {
	int64_t id;
	int64_t distributor_id;
	qd_date occurred_on;
	char kind[24];	   /* labels_incident_kind */
	char severity[12]; /* labels_severity */
	const char *description;
};
qd_rc db_incident_add(qd_db *db, struct incident *x);
/* Closes an open incident with what was done about it. */
qd_rc db_incident_resolve(qd_db *db, int64_t id, qd_date on, const char *resolution);

#endif
