/* The detail screen's data: a handful of small indexed queries per distributor. */
#include "qudao/dist_detail.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

static void detail_copy(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	text_copy(dst, size, (const char *)s);
}

#define COPY(field, col) detail_copy((field), sizeof(field), st, (col))
/* A free text whole, owned; "" for none. */
static char *detail_dup(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	return xstrdup(s ? s : "");
}

#define DUP(field, col) ((field) = detail_dup(st, (col)))

/* Runs a prepared, bound statement and calls row() for each row, at most max.
 * Returns the number of rows or -1. */
static int detail_rows(qd_db *db, sqlite3_stmt *st, int max,
		       void (*row)(sqlite3_stmt *st, void *out, int i), void *out)
{
	int n = 0, rc;
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
		row(st, out, n++);
	if (n < max && rc != SQLITE_DONE) {
		db_fail_sqlite(db, _("Could not read the distributor's details"));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return n;
}

/* A section's rows, into a growing array of size-byte rows. */
struct detail_vec {
	void *rows;
	int n, cap;
	size_t size;
};

static void *detail_add(void *out)
{
	struct detail_vec *v = out;
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->rows = xrealloc(v->rows, (size_t)v->cap * v->size);
	}
	void *row = (char *)v->rows + (size_t)v->n++ * v->size;
	memset(row, 0, v->size);
	return row;
}

static void detail_history_row(sqlite3_stmt *st, void *out, int i)
{
	struct detail_history *h = detail_add(out);
	(void)i;
	COPY(h->from, 0);
	COPY(h->to, 1);
	COPY(h->at, 2);
	COPY(h->by, 3);
	COPY(h->reason, 4);
	DUP(h->note, 5);
}

/* Every visit, into a growing array. */
struct detail_visits {
	struct detail_visit *rows;
	int n, cap;
};

static void detail_visit_row(sqlite3_stmt *st, void *out, int i)
{
	struct detail_visits *all = out;
	(void)i;
	if (all->n == all->cap) {
		all->cap = all->cap ? all->cap * 2 : 32;
		all->rows = xrealloc(all->rows, (size_t)all->cap * sizeof *all->rows);
	}
	struct detail_visit *v = &all->rows[all->n++];
	COPY(v->at, 0);
	COPY(v->status, 1);
	COPY(v->rep, 2);
	DUP(v->summary, 3);
	v->score = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
	v->id = sqlite3_column_int64(st, 5);
}

static void detail_order_row(sqlite3_stmt *st, void *out, int i)
{
	struct detail_order *o = detail_add(out);
	(void)i;
	COPY(o->no, 0);
	COPY(o->date, 1);
	COPY(o->status, 2);
	COPY(o->ship_to, 3);
	o->total_fen = sqlite3_column_int64(st, 4);
	o->cross_territory = sqlite3_column_int(st, 5);
	COPY(o->ship_date, 6);
}

static void detail_payment_row(sqlite3_stmt *st, void *out, int i)
{
	struct detail_payment *p = detail_add(out);
	(void)i;
	COPY(p->date, 0);
	p->amount_fen = sqlite3_column_int64(st, 1);
	DUP(p->reference, 2);
	COPY(p->invoice, 3);
}

static void detail_incident_row(sqlite3_stmt *st, void *out, int i)
{
	struct detail_incident *x = detail_add(out);
	(void)i;
	COPY(x->date, 0);
	COPY(x->kind, 1);
	COPY(x->severity, 2);
	DUP(x->description, 3);
}

static void detail_training_row(sqlite3_stmt *st, void *out, int i)
{
	struct detail_training *t = detail_add(out);
	(void)i;
	COPY(t->date, 0);
	COPY(t->topic, 1);
	COPY(t->attendee, 2);
}

/* Every amount due of the distributor, oldest first, with what payments
 * naming it paid. */
/* One statement, bound with the distributor id, today (?2) and the
 * period's first and last days (?3, ?4), as many as it has parameters. */
static sqlite3_stmt *detail_stmt(qd_db *db, const char *sql, int64_t id, const char *today,
				 const char *first, const char *last)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return NULL;
	const struct db_val v[] = { db_int(id), db_text(today), db_text(first), db_text(last) };
	int n = sqlite3_bind_parameter_count(st);
	return db_bind_values(db, st, 1, v, n < 4 ? n : 4) ? NULL : st;
}

static qd_rc detail_period(qd_db *db, int64_t id, qd_period p, struct detail_period *out)
{
	static const char sales_sql[] =
		"SELECT coalesce(sum(total_fen), 0) FROM orders WHERE distributor_id = ?1"
		" AND ship_date BETWEEN ?3 AND ?4 AND status IN ('shipped','delivered')";
	static const char target_sql[] =
		"SELECT amount_fen FROM sales_targets WHERE distributor_id = ?1 AND period = ?2";
	char f[DATE_BUF], l[DATE_BUF];
	period_range(p, &out->first, &out->last);
	period_format(p, out->period);
	sqlite3_stmt *st = detail_stmt(db, sales_sql, id, "", date_format(out->first, f),
				       date_format(out->last, l));
	if (!st || db_int_of(db, st, &out->sales_fen, NULL))
		return db_errcode(db);
	bool found;
	st = detail_stmt(db, target_sql, id, out->period, NULL, NULL);
	if (!st || db_int_of(db, st, &out->target_fen, &found))
		return db_errcode(db);
	if (!found)
		out->target_fen = -1;
	return DB_OK;
}

/* Runs a statement for a fixed-size list; -1 on error. */
#define DETAIL_LIST(sql, max, row, arr)                               \
	(((st = detail_stmt(db, (sql), id, day, NULL, NULL)) == NULL) \
		 ? -1                                                 \
		 : detail_rows(db, st, (max), (row), (arr)))

/* What the payments up to a day paid on each invoice they name (NULL:
 * none named), in the order of the invoice numbers. */
struct paid_on_invoice {
	char *invoice;
	int64_t fen;
};

static int paid_cmp(const void *key, const void *elem)
{
	const struct paid_on_invoice *p = elem;
	return p->invoice ? strcmp(key, p->invoice) : 1;
}

static void paid_free(struct paid_on_invoice *paid, int n)
{
	for (int i = 0; i < n; i++)
		free(paid[i].invoice);
	free(paid);
}

qd_rc db_receivables_read(qd_db *db, int64_t id, const char *due_upto, const char *paid_upto,
			  qd_date today, struct db_receivables *out)
{
	/* The payments are read once, by the distributor's index, and summed
	 * by invoice here: looking each invoice up among all the payments
	 * read a page of that other index per invoice (57 pages where the
	 * rest of a distributor's picture reads 6 or 7 a section). */
	static const char paid_sql[] =
		"SELECT invoice_no, sum(amount_fen) FROM payments WHERE distributor_id = ?1"
		" AND (?2 IS NULL OR paid_on <= ?2) GROUP BY invoice_no ORDER BY invoice_no";
	static const char dues_sql[] = "SELECT a.id, a.invoice_no, a.due_date, a.amount_fen"
				       " FROM amounts_due a WHERE a.distributor_id = ?1"
				       " AND (?2 IS NULL OR a.due_date <= ?2) ORDER BY a.due_date, a.id";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, paid_sql);
	if (!st || db_bind(db, st, db_int(id), db_text(paid_upto)))
		return db_errcode(db);
	struct paid_on_invoice *paid = NULL;
	int npaid = 0, cap = 0, r;
	while ((r = db_step(db, st, N_("Could not read the distributor's details"))) > 0) {
		if (npaid == cap) {
			cap = cap ? cap * 2 : 16;
			paid = xrealloc(paid, (size_t)cap * sizeof *paid);
		}
		const char *inv = (const char *)sqlite3_column_text(st, 0);
		paid[npaid].invoice = inv ? xstrdup(inv) : NULL;
		paid[npaid].fen = sqlite3_column_int64(st, 1);
		out->paid_fen += paid[npaid++].fen;
	}
	if (r < 0) {
		paid_free(paid, npaid);
		return db_errcode(db);
	}
	/* (The NULL invoice sorts first: the search starts after it.) */
	int named_from = npaid > 0 && !paid[0].invoice;
	st = db_stmt(db, dues_sql);
	if (!st || db_bind(db, st, db_int(id), db_text(due_upto))) {
		paid_free(paid, npaid);
		return db_errcode(db);
	}
	cap = 0;
	int64_t named = 0;
	while ((r = db_step(db, st, N_("Could not read the distributor's details"))) > 0) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->rows = xrealloc(out->rows, (size_t)cap * sizeof *out->rows);
		}
		struct db_receivable *d = &out->rows[out->n];
		memset(d, 0, sizeof *d);
		if (date_parse((const char *)sqlite3_column_text(st, 2), &d->due.due))
			continue;
		d->id = sqlite3_column_int64(st, 0);
		detail_copy(d->invoice, sizeof d->invoice, st, 1);
		d->due.amount_fen = sqlite3_column_int64(st, 3);
		const char *inv = (const char *)sqlite3_column_text(st, 1);
		const struct paid_on_invoice *p =
			inv && npaid > named_from ? bsearch(inv, paid + named_from,
							    (size_t)(npaid - named_from),
							    sizeof *paid, paid_cmp)
						  : NULL;
		d->due.named_fen = p ? p->fen : 0;
		named += d->due.named_fen;
		out->n++;
	}
	paid_free(paid, npaid);
	if (r < 0) {
		db_receivables_free(out);
		return db_errcode(db);
	}
	/* Payments naming an invoice not among these, or none, pay the
	 * oldest: they count against what is owed all the same. */
	struct aging_due *dues = xcalloc((size_t)out->n + 1, sizeof *dues);
	int64_t *open = xcalloc((size_t)out->n + 1, sizeof *open);
	for (int i = 0; i < out->n; i++)
		dues[i] = out->rows[i].due;
	aging_compute(dues, out->n, out->paid_fen - named, today, &out->aging, open);
	for (int i = 0; i < out->n; i++)
		out->rows[i].open_fen = open[i];
	free(dues);
	free(open);
	return DB_OK;
}

void db_receivables_free(struct db_receivables *r)
{
	free(r->rows);
	memset(r, 0, sizeof *r);
}

static qd_rc detail_receivables(qd_db *db, int64_t id, qd_date today, struct dist_detail *out)
{
	struct db_receivables all;
	qd_rc rc = db_receivables_read(db, id, NULL, NULL, today, &all);
	if (rc)
		return rc;
	out->paid_fen = all.paid_fen;
	out->aging = all.aging;
	/* Every open one, oldest first; then the paid ones, newest first. */
	out->dues = xcalloc((size_t)all.n + 1, sizeof *out->dues);
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < all.n; k++) {
			const struct db_receivable *a = &all.rows[pass == 0 ? k : all.n - 1 - k];
			if (pass == 0)
				out->due_fen += a->due.amount_fen;
			if ((pass == 0) != (a->open_fen > 0))
				continue;
			struct detail_due *d = &out->dues[out->ndues++];
			text_copy(d->invoice, sizeof d->invoice, a->invoice);
			date_format(a->due.due, d->due);
			d->amount_fen = a->due.amount_fen;
			d->open_fen = a->open_fen;
			if (pass == 0)
				out->nopen++;
		}
	db_receivables_free(&all);
	return DB_OK;
}

static qd_rc detail_read(qd_db *db, int64_t id, qd_date today, struct dist_detail *out)
{
	/* clang-format off */
	static const char history_sql[] =
		"SELECT coalesce(from_status, ''), to_status, changed_at, changed_by,"
		" coalesce(reason, ''), note FROM status_history WHERE distributor_id = ?1"
		" ORDER BY changed_at DESC, created_at DESC";
	static const char review_sql[] =
		"SELECT reviewed_on, reviewer, note, reputation, financial_strength, sales_network,"
		" product_knowledge, market_development, compliance_record FROM qualification_reviews"
		" WHERE distributor_id = ?1 ORDER BY reviewed_on DESC, created_at DESC LIMIT 1";
	static const char visits_sql[] =
		"SELECT v.planned_at, v.status, coalesce(r.name, ''), v.summary, v.display_score, v.id"
		" FROM visits v LEFT JOIN reps r ON r.id = v.rep_id WHERE v.distributor_id = ?1"
		" AND ?2 = ?2 ORDER BY v.planned_at DESC, v.id DESC";
	static const char orders_sql[] =
		"SELECT o.order_no, o.order_date, o.status, qd_local_name(t.name, t.name_en), o.total_fen,"
		" o.ship_territory_id IS NOT d.territory_id, coalesce(o.ship_date, '')"
		" FROM orders o JOIN distributors d ON d.id = o.distributor_id"
		" LEFT JOIN territories t ON t.id = o.ship_territory_id"
		" WHERE o.distributor_id = ?1 ORDER BY o.order_date DESC, o.order_no DESC";
	static const char open_orders_sql[] =
		"SELECT count(*), coalesce(sum(total_fen), 0) FROM orders"
		" WHERE distributor_id = ?1 AND status = 'open'";
	static const char payments_sql[] =
		"SELECT paid_on, amount_fen, reference, coalesce(invoice_no, '') FROM payments"
		" WHERE distributor_id = ?1 ORDER BY paid_on DESC, id DESC";
	static const char incidents_sql[] =
		"SELECT occurred_on, kind, severity, description FROM incidents"
		" WHERE distributor_id = ?1 AND status = 'open' ORDER BY occurred_on DESC";
	static const char trainings_sql[] =
		"SELECT t.held_on, t.topic, a.attendee FROM training_attendance a"
		" JOIN trainings t ON t.id = a.training_id WHERE a.distributor_id = ?1"
		" ORDER BY t.held_on DESC";
	/* clang-format on */
	char day[DATE_BUF];
	date_format(today, day);
	sqlite3_stmt *st;

	struct detail_vec history = { NULL, 0, 0, sizeof *out->history };
	int n = DETAIL_LIST(history_sql, INT_MAX, detail_history_row, &history);
	out->history = history.rows;
	out->nhistory = history.n;
	if (n < 0)
		return db_errcode(db);
	if (!(st = detail_stmt(db, review_sql, id, day, NULL, NULL)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the distributor's details"));
	if (r < 0)
		return db_errcode(db);
	if (r > 0) {
		out->review.present = 1;
		COPY(out->review.on, 0);
		COPY(out->review.by, 1);
		DUP(out->review.note, 2);
		for (int i = 0; i < 6; i++)
			out->review.scores[i] = sqlite3_column_int(st, 3 + i);
		sqlite3_reset(st);
	}

	const qd_period_kind kinds[3] = { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };
	for (int i = 0; i < 3; i++)
		if (detail_period(db, id, period_of(kinds[i], today), &out->periods[i]))
			return db_errcode(db);
	if (!(st = detail_stmt(db, open_orders_sql, id, day, NULL, NULL)))
		return db_errcode(db);
	if ((r = db_step(db, st, N_("Could not read the distributor's details"))) < 0)
		return db_errcode(db);
	if (r > 0) {
		out->open_orders = sqlite3_column_int(st, 0);
		out->open_orders_fen = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
	}
	if (detail_receivables(db, id, today, out))
		return db_errcode(db);

	struct detail_visits visits = { NULL, 0, 0 };
	r = DETAIL_LIST(visits_sql, INT_MAX, detail_visit_row, &visits);
	out->visits = visits.rows;
	out->nvisits = visits.n;
	if (r < 0)
		return db_errcode(db);
	struct detail_vec orders = { NULL, 0, 0, sizeof *out->orders },
			  payments = { NULL, 0, 0, sizeof *out->payments },
			  incidents = { NULL, 0, 0, sizeof *out->incidents },
			  trainings = { NULL, 0, 0, sizeof *out->trainings };
	bool bad = DETAIL_LIST(orders_sql, INT_MAX, detail_order_row, &orders) < 0 ||
		   DETAIL_LIST(payments_sql, INT_MAX, detail_payment_row, &payments) < 0 ||
		   DETAIL_LIST(incidents_sql, INT_MAX, detail_incident_row, &incidents) < 0 ||
		   DETAIL_LIST(trainings_sql, INT_MAX, detail_training_row, &trainings) < 0;
	out->orders = orders.rows;
	out->norders = orders.n;
	out->payments = payments.rows;
	out->npayments = payments.n;
	out->incidents = incidents.rows;
	out->nincidents = incidents.n;
	out->trainings = trainings.rows;
	out->ntrainings = trainings.n;
	return bad ? db_errcode(db) : DB_OK;
}

qd_rc db_dist_detail(qd_db *db, int64_t id, qd_date today, struct dist_detail *out)
{
	memset(out, 0, sizeof *out);
	qd_rc rc = db_read_begin(db);
	if (rc)
		return rc;
	rc = detail_read(db, id, today, out);
	db_read_end(db);
	return rc;
}

void db_dist_detail_free(struct dist_detail *d)
{
	for (int i = 0; i < d->nhistory; i++)
		free(d->history[i].note);
	for (int i = 0; i < d->nvisits; i++)
		free(d->visits[i].summary);
	for (int i = 0; i < d->npayments; i++)
		free(d->payments[i].reference);
	for (int i = 0; i < d->nincidents; i++)
		free(d->incidents[i].description);
	free(d->review.note);
	d->review.note = NULL;
	free(d->history);
	free(d->orders);
	free(d->payments);
	free(d->incidents);
	free(d->trainings);
	d->history = NULL;
	d->orders = NULL;
	d->payments = NULL;
	d->incidents = NULL;
	d->trainings = NULL;
	d->nhistory = d->norders = d->npayments = d->nincidents = d->ntrainings = 0;
	free(d->dues);
	d->dues = NULL;
	free(d->visits);
	d->visits = NULL;
	d->nvisits = 0;
	d->ndues = d->nopen = 0;
}
