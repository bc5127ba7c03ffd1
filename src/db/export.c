/* Records as rows of text for files: one query per kind, its columns in the
 * kind's order (columns.h), written as an import reads them back. */
#include "qudao/export.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "qudao/i18n.h"
#include "qudao/money.h"
#include "qudao/refdata.h"

struct export_sql {
	const struct record_kind *kind;
	const char *rows;  /* the kind's columns, in order */
	const char *count; /* how many rows */
};

/* clang-format off */
static const struct export_sql export_sqls[] = {
	{ &columns_regions,
	  "SELECT code, name, active FROM regions ORDER BY code COLLATE NOCASE, id",
	  "SELECT count(*) FROM regions" },
	{ &columns_territories,
	  "SELECT t.code, t.name, t.level, p.code, g.code, t.short_name, t.name_en, t.short_en,"
	  " t.grid_row, t.grid_col, t.active FROM territories t"
	  " LEFT JOIN territories p ON p.id = t.parent_id LEFT JOIN regions g ON g.id = t.region_id"
	  " ORDER BY CASE t.level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END,"
	  " t.code COLLATE NOCASE, t.id",
	  "SELECT count(*) FROM territories" },
	{ &columns_reps,
	  "SELECT r.code, r.name, r.role, g.code, r.phone,"
	  " (SELECT group_concat(code, ', ') FROM (SELECT t.code FROM rep_territories rt"
	  "  JOIN territories t ON t.id = rt.territory_id WHERE rt.rep_id = r.id"
	  "  ORDER BY t.code COLLATE NOCASE)), r.active"
	  " FROM reps r LEFT JOIN regions g ON g.id = r.region_id"
	  " ORDER BY r.code COLLATE NOCASE, r.id",
	  "SELECT count(*) FROM reps" },
	{ &columns_products,
	  "SELECT sku, name, category, unit, price_a_fen, price_b_fen, price_c_fen, price_d_fen,"
	  " retail_price_fen, tolerance_bp, active FROM products ORDER BY sku COLLATE NOCASE, id",
	  "SELECT count(*) FROM products" },
	{ &columns_distributors,
	  "SELECT d.code, d.name, d.type, d.tier, d.status, t.code, r.code, d.contact, d.phone,"
	  " d.address, d.credit_limit_fen, d.agreement_start, d.agreement_end, d.visit_every_days,"
	  " d.notes, h.reason,"
	  /* A registration's note is not a status's: it stays with the record. */
	  " CASE WHEN h.from_status IS NOT NULL THEN h.note END,"
	  /* The day it took its status: a copy terminated in April stays so. */
	  " CASE WHEN h.from_status IS NOT NULL THEN substr(h.changed_at, 1, 10) END"
	  " FROM distributors d"
	  " LEFT JOIN territories t ON t.id = d.territory_id LEFT JOIN reps r ON r.id = d.owner_rep_id"
	  " LEFT JOIN status_history h ON h.id = (SELECT s.id FROM status_history s"
	  "  WHERE s.distributor_id = d.id AND s.to_status = d.status"
	  "  ORDER BY s.changed_at DESC, s.from_status IS NULL, s.created_at DESC LIMIT 1)"
	  /* Codes are unique without regard to case: the index gives the order. */
	  " ORDER BY d.code COLLATE NOCASE",
	  "SELECT n FROM distributor_total" },
	{ &columns_targets,
	  "SELECT d.code, s.period, s.amount_fen FROM sales_targets s"
	  " JOIN distributors d ON d.id = s.distributor_id"
	  " ORDER BY d.code COLLATE NOCASE, s.period",
	  "SELECT count(*) FROM sales_targets" },
	{ &columns_amounts_due,
	  "SELECT a.invoice_no, d.code, a.due_date, a.amount_fen FROM amounts_due a"
	  " JOIN distributors d ON d.id = a.distributor_id ORDER BY a.due_date, a.invoice_no",
	  "SELECT count(*) FROM amounts_due" },
	{ &columns_orders,
	  "SELECT o.order_no, d.code, o.order_date, o.status, o.ship_date, t.code, p.sku,"
	  " l.quantity, l.unit_price_fen FROM orders o"
	  " JOIN distributors d ON d.id = o.distributor_id"
	  " LEFT JOIN territories t ON t.id = o.ship_territory_id"
	  " JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id"
	  " ORDER BY o.order_no, p.sku COLLATE NOCASE, l.quantity, l.unit_price_fen, l.id",
	  "SELECT count(*) FROM order_lines" },
	{ &columns_payments,
	  "SELECT d.code, p.paid_on, p.amount_fen, p.reference, p.invoice_no FROM payments p"
	  " JOIN distributors d ON d.id = p.distributor_id"
	  " ORDER BY p.paid_on, d.code COLLATE NOCASE, p.reference, p.amount_fen, p.id",
	  "SELECT count(*) FROM payments" },
};
/* clang-format on */

static const struct export_sql *export_find(qd_db *db, const struct record_kind *kind)
{
	for (size_t i = 0; i < sizeof export_sqls / sizeof export_sqls[0]; i++)
		if (export_sqls[i].kind == kind)
			return &export_sqls[i];
	db_fail(db, DB_ERROR, 0, _("There is no export of %s."), kind ? kind->name : "?");
	return NULL;
}

int64_t db_export_count(qd_db *db, const struct record_kind *kind)
{
	const struct export_sql *x = export_find(db, kind);
	sqlite3_stmt *st = x ? db_stmt(db, x->count) : NULL;
	int64_t n;
	if (!st || db_int_of(db, st, &n, NULL))
		return -1;
	return n;
}

/* Column c of the row as its file text into buf. NULL for none. */
static const char *export_value(sqlite3_stmt *st, int c, enum column_type type, char *buf,
				size_t size)
{
	if (sqlite3_column_type(st, c) == SQLITE_NULL)
		return NULL;
	switch (type) {
	case COLTYPE_MONEY:
		return money_format_plain(sqlite3_column_int64(st, c), buf);
	case COLTYPE_INT:
	case COLTYPE_BOOL:
		snprintf(buf, size, "%" PRId64, (int64_t)sqlite3_column_int64(st, c));
		return buf;
	default:
		return (const char *)sqlite3_column_text(st, c);
	}
}

int64_t db_export(qd_db *db, const struct record_kind *kind, db_export_row_fn row, void *ctx)
{
	const struct export_sql *x = export_find(db, kind);
	if (!x || db_read_begin(db))
		return -1;
	sqlite3_stmt *st = db_stmt(db, x->rows);
	if (!st) {
		db_read_end(db);
		return -1;
	}
	enum { MAX = 32 };
	char bufs[MAX][MONEY_BUF];
	const char *values[MAX];
	int n = kind->ncols < MAX ? kind->ncols : MAX;
	int64_t rows = 0;
	int r;
	while ((r = db_step(db, st, N_("Could not read the records"))) > 0) {
		for (int c = 0; c < n; c++)
			values[c] =
				export_value(st, c, kind->cols[c].type, bufs[c], sizeof bufs[c]);
		/* The tolerance is basis points in the database, percent in files. */
		if (kind == &columns_products && values[PROD_TOLERANCE])
			values[PROD_TOLERANCE] = refdata_tolerance_format(
				sqlite3_column_int(st, PROD_TOLERANCE), bufs[PROD_TOLERANCE]);
		if (row(ctx, values)) {
			sqlite3_reset(st);
			db_read_end(db);
			db_fail(db, DB_OK, 0, "%s", "");
			return -1;
		}
		rows++;
	}
	db_read_end(db);
	return r < 0 ? -1 : rows;
}
