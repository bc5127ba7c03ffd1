/* Visits: planned, moved, confirmed, dropped, recorded, missed, cancelled,
 * coached; read by scope and day in keyset windows, counted per day from the
 * kept visit_day rows, reviewed per rep and month; the visit settings. */
#include "qudao/visit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/page.h"
#include "qudao/plan.h"
#include "qudao/text.h"
#include "qudao/validate.h"
#include "qudao/visit_rules.h"
#include "qudao/xalloc.h"

static void visit_copy(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	text_copy(dst, size, (const char *)sqlite3_column_text(st, col));
}
#define COPY(field, col) visit_copy((field), sizeof(field), st, (col))

/* "YYYY-MM-DD" and the end of that day for planned_at comparisons. */
static void visit_bounds(qd_date from, qd_date to, char lo[DATE_BUF], char hi[DATE_BUF + 4])
{
	date_format(from, lo);
	char day[DATE_BUF];
	snprintf(hi, DATE_BUF + 4, "%sT99", date_format(to, day));
}

/* ---- lists ----------------------------------------------------------------- */

enum visit_kind { VK_REP, VK_REGION, VK_ALL, VK_DISTRIBUTOR, VK_KINDS };

#define VISIT_COLUMNS                                                                            \
	"v.id, v.version, v.distributor_id, v.rep_id, v.planned_at, v.status, v.purpose,"        \
	" v.objective_kind, v.objective_fen, v.objective, d.code, d.name, coalesce(t.code, '')," \
	" coalesce(r.code, ''), coalesce(r.name, ''), v.display_score, v.coaching_note <> ''"
#define VISIT_FROM                                                      \
	" FROM visits v JOIN distributors d ON d.id = v.distributor_id" \
	" LEFT JOIN territories t ON t.id = d.territory_id LEFT JOIN reps r ON r.id = v.rep_id"
enum { VISIT_NCOLS = 17 };

static const char *const visit_where[VK_KINDS] = {
	[VK_REP] = " WHERE v.rep_id = ?1 AND v.planned_at >= ?2 AND v.planned_at <= ?3",
	[VK_REGION] = " WHERE r.region_id = ?1 AND v.planned_at >= ?2 AND v.planned_at <= ?3",
	[VK_ALL] = " WHERE ?1 = ?1 AND v.planned_at >= ?2 AND v.planned_at <= ?3",
	[VK_DISTRIBUTOR] =
		" WHERE v.distributor_id = ?1 AND v.planned_at >= ?2 AND v.planned_at <= ?3",
};

static struct page_query visit_query(enum visit_kind kind)
{
	return (struct page_query){ VISIT_COLUMNS,
				    VISIT_FROM,
				    visit_where[kind],
				    { { "v.planned_at", PAGE_TEXT, false },
				      { "v.id", PAGE_INT, false } },
				    2,
				    4 };
}

/* The SQL of a kind in a mode, built once for the program's life (the
 * statement cache keys on its address). */
static const char *visit_page_sql(enum visit_kind kind, enum page_mode mode)
{
	static char *sql[VK_KINDS][3];
	if (!sql[kind][mode]) {
		struct page_query q = visit_query(kind);
		sql[kind][mode] = page_sql(&q, false, mode);
	}
	return sql[kind][mode];
}

static enum visit_kind visit_kind_of(const struct visit_filter *f, int64_t *key)
{
	if (f->distributor_id) {
		*key = f->distributor_id;
		return VK_DISTRIBUTOR;
	}
	if (f->scope.rep_id) {
		*key = f->scope.rep_id;
		return VK_REP;
	}
	if (f->scope.region_id) {
		*key = f->scope.region_id;
		return VK_REGION;
	}
	*key = 0;
	return VK_ALL;
}

static void visit_read_row(sqlite3_stmt *st, struct visit_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->version = sqlite3_column_int64(st, 1);
	r->distributor_id = sqlite3_column_int64(st, 2);
	r->rep_id = sqlite3_column_int64(st, 3);
	COPY(r->at, 4);
	COPY(r->status, 5);
	COPY(r->purpose, 6);
	COPY(r->objective_kind, 7);
	r->objective_fen = sqlite3_column_int64(st, 8);
	COPY(r->objective, 9);
	COPY(r->dist_code, 10);
	COPY(r->dist_name, 11);
	COPY(r->territory, 12);
	COPY(r->rep_code, 13);
	COPY(r->rep_name, 14);
	r->rating = sqlite3_column_type(st, 15) == SQLITE_NULL
			    ? -1
			    : visit_rating_of_score(sqlite3_column_int(st, 15));
	r->coached = sqlite3_column_int(st, 16) != 0;
}

int db_visit_page(qd_db *db, const struct visit_filter *f, const struct visit_row *after,
		  bool backward, struct visit_row *out, int max)
{
	int64_t key;
	enum visit_kind kind = visit_kind_of(f, &key);
	struct page_query q = visit_query(kind);
	enum page_mode mode = !after ? PAGE_FIRST : backward ? PAGE_BEFORE : PAGE_AFTER;
	/* The last rows: the first ones read the other way round. */
	bool reverse = backward;
	const char *sql = !after && backward ? NULL : visit_page_sql(kind, mode);
	if (!sql) {
		static char *last_sql[VK_KINDS];
		if (!last_sql[kind])
			last_sql[kind] = page_sql(&q, true, PAGE_FIRST);
		sql = last_sql[kind];
	}
	sqlite3_stmt *st = db_stmt(db, sql);
	char lo[DATE_BUF], hi[DATE_BUF + 4];
	visit_bounds(f->from, f->to, lo, hi);
	if (!st || db_bind(db, st, db_int(key), db_text(lo), db_text(hi)))
		return -1;
	if (after) {
		struct page_anchor a;
		memset(&a, 0, sizeof a);
		text_copy(a.v[0].s, sizeof a.v[0].s, after->at);
		a.v[1].i = after->id;
		if (page_bind_anchor(db, st, &q, &a))
			return -1;
	}
	if (db_bind_at(db, st, page_limit_param(&q), db_int(max)))
		return -1;
	int n = 0, r = 0;
	while (n < max && (r = db_step(db, st, N_("Could not read the visits"))) > 0)
		visit_read_row(st, &out[n++]);
	if (n == max)
		sqlite3_reset(st);
	else if (r < 0)
		return -1;
	if (reverse)
		for (int i = 0; i < n / 2; i++) {
			struct visit_row tmp = out[i];
			out[i] = out[n - 1 - i];
			out[n - 1 - i] = tmp;
		}
	return n;
}

int64_t db_visit_count(qd_db *db, const struct visit_filter *f)
{
	static const char *const sql[VK_KINDS] = {
		[VK_REP] = "SELECT count(*) FROM visits v WHERE v.rep_id = ?1"
			   " AND v.planned_at >= ?2 AND v.planned_at <= ?3",
		[VK_REGION] =
			"SELECT count(*) FROM visits v JOIN reps r ON r.id = v.rep_id"
			" WHERE r.region_id = ?1 AND v.planned_at >= ?2 AND v.planned_at <= ?3",
		[VK_ALL] = "SELECT count(*) FROM visits v WHERE ?1 = ?1"
			   " AND v.planned_at >= ?2 AND v.planned_at <= ?3",
		[VK_DISTRIBUTOR] = "SELECT count(*) FROM visits v WHERE v.distributor_id = ?1"
				   " AND v.planned_at >= ?2 AND v.planned_at <= ?3",
	};
	int64_t key, n;
	enum visit_kind kind = visit_kind_of(f, &key);
	char lo[DATE_BUF], hi[DATE_BUF + 4];
	visit_bounds(f->from, f->to, lo, hi);
	sqlite3_stmt *st = db_stmt(db, sql[kind]);
	if (!st || db_bind(db, st, db_int(key), db_text(lo), db_text(hi)) ||
	    db_int_of(db, st, &n, NULL))
		return -1;
	return n;
}

int db_visit_row(qd_db *db, int64_t id, struct visit_row *out)
{
	static const char sql[] = "SELECT " VISIT_COLUMNS VISIT_FROM " WHERE v.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id)))
		return -1;
	int r = db_step(db, st, N_("Could not read the visit"));
	if (r > 0) {
		visit_read_row(st, out);
		sqlite3_reset(st);
	}
	return r;
}

qd_rc db_visit_days(qd_db *db, const struct visit_scope *scope, qd_date first, qd_date last,
		    struct visit_day_counts *out)
{
	static const char rep_sql[] =
		"SELECT day, planned, confirmed, done, missed, cancelled FROM visit_day"
		" WHERE rep_id = ?1 AND day >= ?2 AND day <= ?3";
	static const char region_sql[] =
		"SELECT k.day, sum(k.planned), sum(k.confirmed), sum(k.done), sum(k.missed),"
		" sum(k.cancelled) FROM visit_day k JOIN reps r ON r.id = k.rep_id"
		" WHERE r.region_id = ?1 AND k.day >= ?2 AND k.day <= ?3 GROUP BY k.day";
	static const char all_sql[] =
		"SELECT day, sum(planned), sum(confirmed), sum(done), sum(missed), sum(cancelled)"
		" FROM visit_day WHERE ?1 = ?1 AND day >= ?2 AND day <= ?3 GROUP BY day";
	int days = date_diff(first, last) + 1;
	if (days < 1 || days > 62)
		return db_fail(db, DB_INVALID, VISIT_FIELD_WHEN,
			       _("Count at most 62 days at once."));
	memset(out, 0, (size_t)days * sizeof *out);
	const char *sql = scope->rep_id ? rep_sql : scope->region_id ? region_sql : all_sql;
	int64_t key = scope->rep_id ? scope->rep_id : scope->region_id;
	char lo[DATE_BUF], hi[DATE_BUF];
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(key), db_text(date_format(first, lo)),
			   db_text(date_format(last, hi))))
		return db_errcode(db);
	int r;
	while ((r = db_step(db, st, N_("Could not read the visits"))) > 0) {
		qd_date d;
		if (date_parse((const char *)sqlite3_column_text(st, 0), &d))
			continue;
		int i = date_diff(first, d);
		if (i < 0 || i >= days)
			continue;
		for (int k = 0; k < 5; k++)
			out[i].n[k] = sqlite3_column_int(st, 1 + k);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* ---- one visit ------------------------------------------------------------------ */

/* clang-format off */
#define VISIT_FULL_COLUMNS \
	"SELECT v.id, v.version, v.distributor_id, v.rep_id, v.planned_at, v.status," \
	" v.purpose, v.objective_kind, v.objective_fen, v.objective, v.objective_met," \
	" v.display_score, coalesce(v.done_at, ''), v.recorded_by, v.coached_by, v.reason," \
	" v.summary, v.coaching_note, v.prep_notes, v.competitor_notes," \
	" coalesce(v.order_id, 0), coalesce(o.total_fen, 0), coalesce(o.order_no, '')," \
	" v.updated_at, d.code, d.name, d.contact, d.phone, d.address, d.tier," \
	" d.credit_limit_fen, coalesce(r.code, ''), coalesce(r.name, '')" \
	" FROM visits v JOIN distributors d ON d.id = v.distributor_id" \
	" LEFT JOIN reps r ON r.id = v.rep_id LEFT JOIN orders o ON o.id = v.order_id"
/* clang-format on */

/* Reads a row of VISIT_FULL_COLUMNS; -1 when its time is damaged. */
static int visit_read_full(sqlite3_stmt *st, struct visit *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->version = sqlite3_column_int64(st, 1);
	out->distributor_id = sqlite3_column_int64(st, 2);
	out->rep_id = sqlite3_column_int64(st, 3);
	if (date_parse_datetime((const char *)sqlite3_column_text(st, 4), &out->day, &out->minutes))
		return -1;
	COPY(out->status, 5);
	COPY(out->purpose, 6);
	COPY(out->objective_kind, 7);
	out->objective_fen = sqlite3_column_int64(st, 8);
	COPY(out->objective, 9);
	out->objective_met =
		sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 10);
	out->rating = sqlite3_column_type(st, 11) == SQLITE_NULL
			      ? -1
			      : visit_rating_of_score(sqlite3_column_int(st, 11));
	COPY(out->done_at, 12);
	COPY(out->recorded_by, 13);
	COPY(out->coached_by, 14);
	COPY(out->reason, 15);
	COPY(out->summary, 16);
	COPY(out->coaching_note, 17);
	COPY(out->prep_notes, 18);
	COPY(out->competitor_notes, 19);
	out->order_id = sqlite3_column_int64(st, 20);
	out->order_total_fen = sqlite3_column_int64(st, 21);
	COPY(out->order_no, 22);
	COPY(out->updated_at, 23);
	COPY(out->dist_code, 24);
	COPY(out->dist_name, 25);
	COPY(out->dist_contact, 26);
	COPY(out->dist_phone, 27);
	COPY(out->dist_address, 28);
	const char *tier = (const char *)sqlite3_column_text(st, 29);
	out->tier = tier && *tier ? *tier : 'C';
	out->credit_limit_fen = sqlite3_column_int64(st, 30);
	COPY(out->rep_code, 31);
	COPY(out->rep_name, 32);
	return 0;
}

qd_rc db_visit_get(qd_db *db, int64_t id, struct visit *out)
{
	static const char sql[] = VISIT_FULL_COLUMNS " WHERE v.id = ?1";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the visit"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, VISIT_FIELD_NONE, _("That visit is not there."));
	int bad = visit_read_full(st, out);
	sqlite3_reset(st);
	return bad ? db_fail(db, DB_CORRUPT, VISIT_FIELD_WHEN, _("The visit's time is damaged."))
		   : DB_OK;
}

qd_rc db_visit_each(qd_db *db, const struct visit_filter *f,
		    int (*each)(void *ctx, const struct visit *v), void *ctx)
{
	static const char *const sql[VK_KINDS] = {
		[VK_REP] = VISIT_FULL_COLUMNS " WHERE v.rep_id = ?1 AND v.planned_at >= ?2"
					      " AND v.planned_at <= ?3 ORDER BY v.planned_at, v.id",
		[VK_REGION] =
			VISIT_FULL_COLUMNS " WHERE r.region_id = ?1 AND v.planned_at >= ?2"
					   " AND v.planned_at <= ?3 ORDER BY v.planned_at, v.id",
		[VK_ALL] = VISIT_FULL_COLUMNS " WHERE ?1 = ?1 AND v.planned_at >= ?2"
					      " AND v.planned_at <= ?3 ORDER BY v.planned_at, v.id",
		[VK_DISTRIBUTOR] =
			VISIT_FULL_COLUMNS " WHERE v.distributor_id = ?1 AND v.planned_at >= ?2"
					   " AND v.planned_at <= ?3 ORDER BY v.planned_at, v.id",
	};
	int64_t key;
	enum visit_kind kind = visit_kind_of(f, &key);
	char lo[DATE_BUF], hi[DATE_BUF + 4];
	visit_bounds(f->from, f->to, lo, hi);
	sqlite3_stmt *st = db_stmt(db, sql[kind]);
	if (!st || db_bind(db, st, db_int(key), db_text(lo), db_text(hi)))
		return db_errcode(db);
	struct visit *v = xmalloc(sizeof *v);
	int r;
	while ((r = db_step(db, st, N_("Could not read the visits"))) > 0) {
		if (visit_read_full(st, v))
			continue; /* a damaged time: qudao check reports the row */
		if (each(ctx, v)) {
			sqlite3_reset(st);
			r = 0;
			break;
		}
	}
	free(v);
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* ---- checks every write shares ---------------------------------------------------- */

/* 1 when sql finds a row for id, 0 when not, -1 on error. */
static int visit_exists(qd_db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id)))
		return -1;
	int r = db_step(db, st, N_("Could not check a reference"));
	if (r > 0)
		sqlite3_reset(st);
	return r;
}

/* The stored state of visit id: its status, version, distributor and when.
 * DB_NOTFOUND when it is gone. */
struct visit_state {
	char status[16];
	int64_t version, distributor_id;
	qd_date day;
	int minutes;
};
static qd_rc visit_state(qd_db *db, int64_t id, struct visit_state *s)
{
	static const char sql[] =
		"SELECT status, version, distributor_id, planned_at FROM visits WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the visit"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, VISIT_FIELD_NONE,
			       _("That visit is not there any more."));
	COPY(s->status, 0);
	s->version = sqlite3_column_int64(st, 1);
	s->distributor_id = sqlite3_column_int64(st, 2);
	int bad =
		date_parse_datetime((const char *)sqlite3_column_text(st, 3), &s->day, &s->minutes);
	sqlite3_reset(st);
	return bad ? db_fail(db, DB_CORRUPT, VISIT_FIELD_WHEN, _("The visit's time is damaged."))
		   : DB_OK;
}

/* The visit as read at version, in one of the statuses (a NULL-ended list). */
static qd_rc visit_expect(qd_db *db, int64_t id, int64_t version, const char *const *statuses,
			  struct visit_state *s)
{
	qd_rc rc = visit_state(db, id, s);
	if (rc)
		return rc;
	if (s->version != version)
		return db_fail(db, DB_CONFLICT, VISIT_FIELD_NONE,
			       _("Someone else changed this visit meanwhile; read it again."));
	for (const char *const *p = statuses; *p; p++)
		if (!strcmp(*p, s->status))
			return DB_OK;
	return db_fail(db, DB_INVALID, VISIT_FIELD_STATUS,
		       _("The visit is %s: that cannot be done now."),
		       _(label_of(&labels_visit_status, s->status)));
}

static const char *const visit_open[] = { "planned", "confirmed", NULL };

static qd_rc visit_text(qd_db *db, const char *text, int max, bool lines, int field)
{
	const char *why = visit_text_check(text, max, lines);
	return why ? db_fail(db, DB_INVALID, field, "%s", _(why)) : DB_OK;
}

/* ---- planning -------------------------------------------------------------------- */

/* Checks p; a product to list is written back as the product's own SKU
 * (bv-001 is BV-001). */
static qd_rc visit_plan_check(qd_db *db, struct visit_plan *p)
{
	static const char dist_sql[] = "SELECT 1 FROM distributors WHERE id = ?1";
	static const char rep_sql[] = "SELECT 1 FROM reps WHERE id = ?1";
	static const char sku_sql[] = "SELECT sku FROM products WHERE sku = ?1 COLLATE NOCASE";
	int r = visit_exists(db, dist_sql, p->distributor_id);
	if (r <= 0)
		return r < 0 ? db_errcode(db)
			     : db_fail(db, DB_NOTFOUND, VISIT_FIELD_DISTRIBUTOR,
				       _("That distributor is not in the database."));
	r = visit_exists(db, rep_sql, p->rep_id);
	if (r <= 0)
		return r < 0 ? db_errcode(db)
			     : db_fail(db, DB_NOTFOUND, VISIT_FIELD_REP,
				       _("That rep is not in the database."));
	if (!date_in_range(p->day) || p->minutes < 0 || p->minutes >= 24 * 60)
		return db_fail(db, DB_INVALID, VISIT_FIELD_WHEN,
			       _("A visit needs a date and a time of day."));
	if (label_index(&labels_visit_purpose, p->purpose) < 0)
		return db_fail(db, DB_INVALID, VISIT_FIELD_PURPOSE,
			       _("That is not a purpose of a visit."));
	int kind = label_index(&labels_visit_objective, p->objective_kind);
	if (kind < 0)
		return db_fail(db, DB_INVALID, VISIT_FIELD_OBJECTIVE,
			       _("That is not a kind of objective."));
	qd_rc rc = visit_text(db, p->objective, VISIT_OBJECTIVE_MAX, false, VISIT_FIELD_OBJECTIVE);
	if (rc)
		return rc;
	const char *k = p->objective_kind;
	if (visit_objective_has_amount(k) && p->objective_fen <= 0)
		return db_fail(db, DB_INVALID, VISIT_FIELD_OBJECTIVE,
			       _("An order or a collection as the objective needs its amount."));
	if (p->objective_fen > VISIT_OBJECTIVE_MAX_FEN) {
		char most[MONEY_BUF];
		return db_fail(db, DB_INVALID, VISIT_FIELD_OBJECTIVE,
			       _("An objective amount is at most %s."),
			       money_format(VISIT_OBJECTIVE_MAX_FEN, most));
	}
	if (!strcmp(k, "other") && !p->objective[0])
		return db_fail(db, DB_INVALID, VISIT_FIELD_OBJECTIVE,
			       _("Say what the objective is."));
	if (!strcmp(k, "listing") && !p->objective[0])
		return db_fail(db, DB_INVALID, VISIT_FIELD_OBJECTIVE,
			       _("A product to list needs its SKU (for example BV-002)."));
	if (!strcmp(k, "listing")) {
		/* A SKU typed in full-width forms (ＢＶ－００２, as a Chinese
		 * input method may) is the SKU it looks like. */
		char *ascii = text_code_fold(p->objective);
		if (ascii && *ascii)
			text_copy(p->objective, sizeof p->objective, ascii);
		free(ascii);
		sqlite3_stmt *st = db_stmt(db, sku_sql);
		if (!st || db_bind(db, st, db_text(p->objective)))
			return db_errcode(db);
		r = db_step(db, st, N_("Could not check a reference"));
		if (r > 0) {
			text_copy(p->objective, sizeof p->objective,
				  (const char *)sqlite3_column_text(st, 0));
			sqlite3_reset(st);
		}
		if (r <= 0)
			return r < 0 ? db_errcode(db)
				     : db_fail(db, DB_NOTFOUND, VISIT_FIELD_OBJECTIVE,
					       _("There is no product with the SKU %s: a product to "
						 "list is named by its SKU (BV-002)."),
					       p->objective);
	}
	return DB_OK;
}

static qd_rc visit_plan_write(qd_db *db, struct visit_plan *p)
{
	static const char insert_sql[] =
		"INSERT INTO visits(id, distributor_id, rep_id, planned_at, status, purpose,"
		" objective_kind, objective_fen, objective, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, 'planned', ?5, ?6, ?7, ?8, ?9, ?9)";
	static const char update_sql[] =
		"UPDATE visits SET planned_at = ?2, purpose = ?3, objective_kind = ?4,"
		" objective_fen = ?5, objective = ?6, rep_id = ?7, version = version + 1,"
		" updated_at = ?8 WHERE id = ?1";
	qd_rc rc = visit_plan_check(db, p);
	if (rc)
		return rc;
	bool has_amount = visit_objective_has_amount(p->objective_kind);
	bool has_text = visit_objective_has_words(p->objective_kind);
	char at[DATETIME_BUF], now[24];
	date_format_datetime(p->day, p->minutes, at);
	db_now_utc(now);
	sqlite3_stmt *st;
	if (!p->id) {
		if (p->new_id < 0)
			return db_fail(db, DB_INVALID, VISIT_FIELD_NONE,
				       _("A visit's id is a number above 0."));
		int64_t id = p->new_id ? p->new_id : ids_new();
		st = db_stmt(db, insert_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(id), db_int(p->distributor_id), db_int(p->rep_id),
				   db_text(at), db_text(p->purpose), db_text(p->objective_kind),
				   db_int(has_amount ? p->objective_fen : 0),
				   db_text(has_text ? p->objective : ""), db_text(now));
		if (!rc)
			rc = db_run(db, st);
		if (!rc) {
			p->id = id;
			p->version = 1;
		}
		return rc;
	}
	struct visit_state s;
	if ((rc = visit_expect(db, p->id, p->version, visit_open, &s)))
		return rc;
	if (s.distributor_id != p->distributor_id)
		return db_fail(db, DB_INVALID, VISIT_FIELD_DISTRIBUTOR,
			       _("A visit stays with its distributor; plan a new one instead."));
	st = db_stmt(db, update_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(p->id), db_text(at), db_text(p->purpose),
			   db_text(p->objective_kind), db_int(has_amount ? p->objective_fen : 0),
			   db_text(has_text ? p->objective : ""), db_int(p->rep_id), db_text(now));
	if (!rc)
		rc = db_run(db, st);
	if (!rc)
		p->version++;
	return rc;
}

qd_rc db_visit_plan_save(qd_db *db, struct visit_plan *p)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, visit_plan_write(db, p));
}

static qd_rc visit_move_write(qd_db *db, int64_t id, int64_t *version, int days)
{
	static const char sql[] = "UPDATE visits SET planned_at = ?2, version = version + 1,"
				  " updated_at = ?3 WHERE id = ?1";
	struct visit_state s;
	qd_rc rc = visit_expect(db, id, *version, visit_open, &s);
	if (rc)
		return rc;
	qd_date day = date_add_days(s.day, days);
	if (!date_in_range(day))
		return db_fail(db, DB_INVALID, VISIT_FIELD_WHEN,
			       _("The date must be in the years %d to %d."), DATE_MIN_YEAR,
			       DATE_MAX_YEAR);
	/* Moving is planning: not onto a day before today. */
	const char *past = visit_plan_day_check(day, date_today());
	if (past)
		return db_fail(db, DB_INVALID, VISIT_FIELD_WHEN, "%s", _(past));
	char at[DATETIME_BUF], now[24];
	db_now_utc(now);
	sqlite3_stmt *st = db_stmt(db, sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_text(date_format_datetime(day, s.minutes, at)),
			   db_text(now));
	if (!rc)
		rc = db_run(db, st);
	if (!rc)
		(*version)++;
	return rc;
}

qd_rc db_visit_move(qd_db *db, int64_t id, int64_t *version, int days)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, visit_move_write(db, id, version, days));
}

static qd_rc visit_drop_write(qd_db *db, int64_t id, int64_t version)
{
	static const char *const only_planned[] = { "planned", NULL };
	static const char sql[] = "DELETE FROM visits WHERE id = ?1";
	struct visit_state s;
	qd_rc rc = visit_expect(db, id, version, only_planned, &s);
	if (rc == DB_INVALID)
		return db_fail(
			db, DB_INVALID, VISIT_FIELD_STATUS,
			_("Only a visit still planned can be dropped; cancel a confirmed one "
			  "with a reason."));
	if (rc)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql);
	rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	return rc ? rc : db_run(db, st);
}

qd_rc db_visit_drop(qd_db *db, int64_t id, int64_t version)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, visit_drop_write(db, id, version));
}

static qd_rc visit_confirm_write(qd_db *db, int64_t rep_id, qd_date first, qd_date last, int *count)
{
	static const char sql[] =
		"UPDATE visits SET status = 'confirmed', version = version + 1, updated_at = ?4"
		" WHERE rep_id = ?1 AND status = 'planned' AND planned_at >= ?2 AND planned_at <= "
		"?3";
	char lo[DATE_BUF], hi[DATE_BUF + 4], now[24];
	visit_bounds(first, last, lo, hi);
	db_now_utc(now);
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db)
		       : db_bind(db, st, db_int(rep_id), db_text(lo), db_text(hi), db_text(now));
	if (!rc)
		rc = db_run(db, st);
	if (!rc && count)
		*count = sqlite3_changes(db_handle(db));
	return rc;
}

qd_rc db_visit_confirm(qd_db *db, int64_t rep_id, qd_date first, qd_date last, int *count)
{
	if (count)
		*count = 0;
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, visit_confirm_write(db, rep_id, first, last, count));
}

static qd_rc visit_confirm_one_write(qd_db *db, int64_t id, int64_t *version)
{
	static const char *const only_planned[] = { "planned", NULL };
	static const char sql[] = "UPDATE visits SET status = 'confirmed', version = version + 1,"
				  " updated_at = ?2 WHERE id = ?1";
	struct visit_state s;
	qd_rc rc = visit_expect(db, id, *version, only_planned, &s);
	if (rc)
		return rc;
	char now[24];
	db_now_utc(now);
	sqlite3_stmt *st = db_stmt(db, sql);
	rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id), db_text(now));
	if (!rc)
		rc = db_run(db, st);
	if (!rc)
		(*version)++;
	return rc;
}

qd_rc db_visit_confirm_one(qd_db *db, int64_t id, int64_t *version)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, visit_confirm_one_write(db, id, version));
}

qd_rc db_visit_in_range(qd_db *db, int64_t lo, int64_t hi, int64_t *id)
{
	static const char sql[] = "SELECT id FROM visits WHERE id BETWEEN ?1 AND ?2"
				  " ORDER BY id LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	bool found = false;
	if (!st || db_bind(db, st, db_int(lo), db_int(hi)) || db_int_of(db, st, id, &found))
		return db_errcode(db);
	return found ? DB_OK
		     : db_fail(db, DB_NOTFOUND, VISIT_FIELD_NONE, _("That visit is not there."));
}

qd_rc db_visit_find(qd_db *db, int64_t distributor_id, qd_date day, int minutes, int64_t *id)
{
	static const char sql[] = "SELECT id FROM visits WHERE distributor_id = ?1"
				  " AND planned_at = ?2 ORDER BY id LIMIT 1";
	char at[DATETIME_BUF];
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(distributor_id),
			   db_text(date_format_datetime(day, minutes, at))))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the visits"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, VISIT_FIELD_NONE, _("That visit is not there."));
	*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return DB_OK;
}

static qd_rc visit_close_write(qd_db *db, int64_t id, int64_t version, const char *status,
			       const char *reason, qd_date today, const char *who)
{
	static const char sql[] = "UPDATE visits SET status = ?2, reason = ?3, recorded_by = ?4, "
				  "version = version + 1,"
				  " updated_at = ?5 WHERE id = ?1";
	bool missed = !strcmp(status, "missed");
	if (!missed && strcmp(status, "cancelled"))
		return db_fail(db, DB_INVALID, VISIT_FIELD_STATUS,
			       _("A visit is closed as missed or cancelled."));
	const char *why = visit_reason_check(reason);
	if (why)
		return db_fail(db, DB_INVALID, VISIT_FIELD_REASON, "%s", _(why));
	qd_rc rc = visit_text(db, reason, VISIT_REASON_MAX, false, VISIT_FIELD_REASON);
	if (rc)
		return rc;
	struct visit_state s;
	if ((rc = visit_expect(db, id, version, visit_open, &s)))
		return rc;
	const char *early = missed ? visit_miss_check(s.day, today) : NULL;
	if (early)
		return db_fail(db, DB_INVALID, VISIT_FIELD_STATUS, "%s", _(early));
	char now[24], by[404];
	db_now_utc(now);
	text_copy(by, sizeof by, who && *who ? who : "?");
	sqlite3_stmt *st = db_stmt(db, sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_text(status), db_text(reason), db_text(by),
			   db_text(now));
	return rc ? rc : db_run(db, st);
}

qd_rc db_visit_close(qd_db *db, int64_t id, int64_t version, const char *status, const char *reason,
		     qd_date today, const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc
		  : db_write_end(db,
				 visit_close_write(db, id, version, status, reason, today, who));
}

static qd_rc visit_coach_write(qd_db *db, int64_t id, int64_t version, const char *note,
			       const char *who)
{
	static const char *const any[] = { "planned", "confirmed", "done",
					   "missed",  "cancelled", NULL };
	static const char sql[] = "UPDATE visits SET coaching_note = ?2, coached_by = ?3,"
				  " version = version + 1, updated_at = ?4 WHERE id = ?1";
	qd_rc rc = visit_text(db, note, VISIT_NOTES_MAX, true, VISIT_FIELD_NOTE);
	if (rc || (rc = db_visit_may_coach(db, who)))
		return rc;
	struct visit_state s;
	if ((rc = visit_expect(db, id, version, any, &s)))
		return rc;
	char now[24], by[404];
	db_now_utc(now);
	text_copy(by, sizeof by, note && *note && who && *who ? who : "");
	sqlite3_stmt *st = db_stmt(db, sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_text(note ? note : ""), db_text(by),
			   db_text(now));
	return rc ? rc : db_run(db, st);
}

qd_rc db_visit_may_coach(qd_db *db, const char *who)
{
	if (!who || !*who)
		return DB_OK;
	struct visit_person p;
	qd_rc rc = db_visit_person(db, who, &p);
	if (rc == DB_NOTFOUND)
		return DB_OK;
	if (rc)
		return rc;
	return p.manager ? DB_OK
			 : db_fail(db, DB_INVALID, VISIT_FIELD_NOTE,
				   _("Only a manager writes coaching notes."));
}

qd_rc db_visit_coach(qd_db *db, int64_t id, int64_t version, const char *note, const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, visit_coach_write(db, id, version, note, who));
}

/* ---- recording -------------------------------------------------------------------- */

/* A product's policy for a tier: list price, suggested retail, tolerance,
 * SKU and name. 1, 0 when it is not there, -1 on error. */
struct visit_policy {
	int64_t price_fen, retail_fen;
	int tolerance_bp;
	char sku[40], name[808];
};
static int visit_policy(qd_db *db, int64_t product_id, char tier, struct visit_policy *p)
{
	static const char sql[] =
		"SELECT CASE ?2 WHEN 'A' THEN price_a_fen WHEN 'B' THEN price_b_fen"
		" WHEN 'C' THEN price_c_fen ELSE price_d_fen END, retail_price_fen, tolerance_bp,"
		" sku, name FROM products WHERE id = ?1";
	char t[2] = { tier, '\0' };
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(product_id), db_text(t)))
		return -1;
	int r = db_step(db, st, N_("Could not read the product"));
	if (r <= 0)
		return r;
	p->price_fen = sqlite3_column_int64(st, 0);
	p->retail_fen = sqlite3_column_int64(st, 1);
	p->tolerance_bp = sqlite3_column_int(st, 2);
	COPY(p->sku, 3);
	COPY(p->name, 4);
	sqlite3_reset(st);
	return 1;
}

static qd_rc visit_incident(qd_db *db, int64_t distributor_id, qd_date day, const char *kind,
			    const char *severity, const char *description)
{
	struct incident x = { 0 };
	x.distributor_id = distributor_id;
	x.occurred_on = day;
	text_copy(x.kind, sizeof x.kind, kind);
	text_copy(x.severity, sizeof x.severity, severity);
	x.description = description;
	return db_incident_add(db, &x);
}

/* A tolerance as "5%" or "2.5%". */
static char *visit_percent(int bp, char *buf, size_t size)
{
	if (bp % 100 == 0)
		snprintf(buf, size, "%d%%", bp / 100);
	else
		snprintf(buf, size, "%d.%02d%%", bp / 100, bp % 100);
	return buf;
}

/* The order taken: numbered, open, dated the visit's day; one new number if
 * the first is taken. */
static qd_rc visit_order(qd_db *db, struct visit_record *r, int64_t distributor_id, struct order *o)
{
	memset(o, 0, sizeof *o);
	o->distributor_id = distributor_id;
	o->order_date = r->day;
	o->lines = r->lines;
	o->nlines = r->nlines;
	text_copy(o->status, sizeof o->status, "open");
	qd_rc rc = DB_DUPLICATE;
	for (int attempt = 0; attempt < 2 && rc == DB_DUPLICATE; attempt++) {
		snprintf(o->order_no, sizeof o->order_no, "V%04d%02d%02d-%06lld", r->day.y % 10000,
			 r->day.m % 100, r->day.d % 100,
			 (long long)((uint64_t)ids_random() % 1000000u));
		rc = db_order_add(db, o);
	}
	if (rc == DB_INVALID || rc == DB_NOTFOUND) {
		int f = db_errfield(db);
		db_set_errfield(db, f / 100 * 100 + VISIT_FIELD_ORDER);
	}
	return rc;
}

/* An order already in the ledger, taken on the visit: the distributor's. */
static qd_rc visit_taken_order(qd_db *db, const struct visit_record *r, int64_t distributor_id)
{
	static const char sql[] = "SELECT 1 FROM orders WHERE id = ?1 AND distributor_id = ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(r->taken_order_id), db_int(distributor_id)))
		return db_errcode(db);
	int found = db_step(db, st, N_("Could not check a reference"));
	if (found > 0)
		sqlite3_reset(st);
	return found < 0   ? db_errcode(db)
	       : found > 0 ? DB_OK
			   : db_fail(db, DB_NOTFOUND, VISIT_FIELD_ORDER,
				     _("That order is not one of the distributor's."));
}

/* Order lines and shelf prices that break the price policy become
 * price_violation incidents with the evidence. */
static qd_rc visit_price_incidents(qd_db *db, struct visit_record *r, int64_t distributor_id,
				   char tier, const char *order_no)
{
	char m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF], m4[MONEY_BUF], pct[16];
	struct visit_policy p;
	for (int i = 0; i < r->nlines; i++) {
		const struct order_line *l = &r->lines[i];
		int found = visit_policy(db, l->product_id, tier, &p);
		if (found < 0)
			return db_errcode(db);
		if (!found ||
		    visit_price_check(p.price_fen, l->unit_price_fen, p.tolerance_bp) == PRICE_OK)
			continue;
		char *text = xasprintf(
			_("Order %s, line %d: %s %s at %s; the tier %c list price is %s, %s either "
			  "way allowed (%s to %s)."),
			order_no, i + 1, p.sku, p.name, money_format(l->unit_price_fen, m1), tier,
			money_format(p.price_fen, m2),
			visit_percent(p.tolerance_bp, pct, sizeof pct),
			money_format(visit_price_floor(p.price_fen, p.tolerance_bp), m3),
			money_format(visit_price_ceiling(p.price_fen, p.tolerance_bp), m4));
		/* Twice the tolerance away (or any way off with none allowed) is high. */
		int64_t off = l->unit_price_fen - p.price_fen;
		bool high = (off < 0 ? -off : off) * 10000 > 2 * p.price_fen * p.tolerance_bp;
		qd_rc rc = visit_incident(db, distributor_id, r->day, "price_violation",
					  high ? "high" : "medium", text);
		free(text);
		if (rc)
			return rc;
		r->violations++;
	}
	for (int i = 0; i < r->nshelves; i++) {
		const struct visit_shelf *s = &r->shelves[i];
		int found = visit_policy(db, s->product_id, tier, &p);
		if (found < 0)
			return db_errcode(db);
		if (!found ||
		    visit_shelf_check(p.retail_fen, s->price_fen, p.tolerance_bp) == PRICE_OK)
			continue;
		char *text = xasprintf(
			_("Shelf price of %s %s: %s; the suggested retail price is %s, at most %s "
			  "below allowed (at least %s)."),
			p.sku, p.name, money_format(s->price_fen, m1),
			money_format(p.retail_fen, m2),
			visit_percent(p.tolerance_bp, pct, sizeof pct),
			money_format(visit_price_floor(p.retail_fen, p.tolerance_bp), m3));
		int64_t off = p.retail_fen - s->price_fen;
		bool high = off * 10000 > 2 * p.retail_fen * p.tolerance_bp;
		qd_rc rc = visit_incident(db, distributor_id, r->day, "price_violation",
					  high ? "high" : "medium", text);
		free(text);
		if (rc)
			return rc;
		r->violations++;
	}
	return DB_OK;
}

/* Contact and phone corrected on the visit go to the distributor, in its
 * history. */
static qd_rc visit_contact(qd_db *db, struct visit_record *r, int64_t distributor_id,
			   const char *who)
{
	if (!r->contact && !r->phone)
		return DB_OK;
	if (r->contact) {
		qd_rc rc = visit_text(db, r->contact, DIST_CONTACT_MAX, false, VISIT_FIELD_CONTACT);
		if (rc)
			return rc;
	}
	if (r->phone && validate_phone(r->phone))
		return db_fail(db, DB_INVALID, VISIT_FIELD_PHONE, "%s",
			       _(validate_phone(r->phone)));
	struct distributor d;
	db_dist_init(&d);
	qd_rc rc = db_dist_get(db, distributor_id, &d);
	bool change = !rc && ((r->contact && strcmp(r->contact, d.contact)) ||
			      (r->phone && strcmp(r->phone, d.phone)));
	char *note = NULL;
	if (change) {
		char day[DATE_BUF];
		date_format(r->day, day);
		const char *c_old = d.contact[0] ? d.contact : "-",
			   *p_old = d.phone[0] ? d.phone : "-";
		if (r->contact && strcmp(r->contact, d.contact) && r->phone &&
		    strcmp(r->phone, d.phone))
			note = xasprintf(
				_("Corrected on the visit of %s: contact %s to %s, phone %s "
				  "to %s"),
				day, c_old, r->contact, p_old, r->phone);
		else if (r->contact && strcmp(r->contact, d.contact))
			note = xasprintf(_("Corrected on the visit of %s: contact %s to %s"), day,
					 c_old, r->contact);
		else
			note = xasprintf(_("Corrected on the visit of %s: phone %s to %s"), day,
					 p_old, r->phone);
		if (r->contact) {
			free(d.contact);
			d.contact = xstrdup(r->contact);
		}
		if (r->phone) {
			free(d.phone);
			d.phone = xstrdup(r->phone);
		}
		rc = db_dist_save(db, &d, who);
		if (rc == DB_INVALID)
			db_set_errfield(db, db_errfield(db) == DIST_FIELD_PHONE
						    ? VISIT_FIELD_PHONE
						    : VISIT_FIELD_CONTACT);
	}
	/* The distributor's history says what changed, when and by whom (its
	 * status stays). */
	if (!rc && change) {
		static const char sql[] =
			"INSERT INTO status_history(id, distributor_id, from_status, to_status,"
			" changed_at, changed_by, note) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)";
		char at[DATETIME_BUF], by[404];
		text_copy(by, sizeof by, who && *who ? who : "?");
		sqlite3_stmt *st = db_stmt(db, sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(ids_new()), db_int(distributor_id),
				   db_text(lifecycle_status_code(d.status)),
				   db_text(date_format_datetime(r->day, r->minutes, at)),
				   db_text(by), db_text(note));
		if (!rc)
			rc = db_run(db, st);
	}
	free(note);
	db_dist_free(&d);
	return rc;
}

static qd_rc visit_record_check(qd_db *db, const struct visit_record *r, qd_date today)
{
	static const char product_sql[] = "SELECT 1 FROM products WHERE id = ?1";
	if (!date_in_range(r->day) || date_cmp(r->day, today) > 0 || r->minutes < 0 ||
	    r->minutes >= 24 * 60)
		return db_fail(db, DB_INVALID, VISIT_FIELD_WHEN,
			       _("A visit is recorded on or before today."));
	qd_rc rc;
	if ((rc = visit_text(db, r->prep_notes, VISIT_NOTES_MAX, true, VISIT_FIELD_PREP)) ||
	    (rc = visit_text(db, r->summary, VISIT_SUMMARY_MAX, true, VISIT_FIELD_SUMMARY)) ||
	    (rc = visit_text(db, r->competitor_notes, VISIT_NOTES_MAX, true,
			     VISIT_FIELD_COMPETITOR)))
		return rc;
	if (r->rating < -1 || r->rating > VISIT_RATING_MAX)
		return db_fail(db, DB_INVALID, VISIT_FIELD_RATING,
			       _("The display is scored 0 to 5."));
	if (r->objective_met < -1 || r->objective_met > 1)
		return db_fail(db, DB_INVALID, VISIT_FIELD_OBJECTIVE,
			       _("The objective was met, or not."));
	if (r->taken_order_id && r->nlines > 0)
		return db_fail(db, DB_INVALID, VISIT_FIELD_ORDER,
			       _("A visit takes one order: its lines, or one already there."));
	if (r->ncounts > VISIT_LINES_MAX || r->nshelves > VISIT_LINES_MAX ||
	    r->nlines > VISIT_LINES_MAX || r->nissues > VISIT_LINES_MAX)
		return db_fail(db, DB_INVALID, VISIT_FIELD_NONE, _("Too many lines."));
	for (int i = 0; i < r->ncounts; i++) {
		int found = visit_exists(db, product_sql, r->counts[i].product_id);
		if (found < 0)
			return db_errcode(db);
		if (!found)
			return db_fail(db, DB_NOTFOUND, 100 * (i + 1) + VISIT_FIELD_COUNT,
				       _("Count %d: no such product."), i + 1);
		if (r->counts[i].quantity < 0 || r->counts[i].quantity > 100000000)
			return db_fail(db, DB_INVALID, 100 * (i + 1) + VISIT_FIELD_COUNT,
				       _("Count %d: a quantity from 0 to 100,000,000."), i + 1);
	}
	for (int i = 0; i < r->nshelves; i++) {
		int found = visit_exists(db, product_sql, r->shelves[i].product_id);
		if (found < 0)
			return db_errcode(db);
		if (!found)
			return db_fail(db, DB_NOTFOUND, 100 * (i + 1) + VISIT_FIELD_SHELF,
				       _("Shelf price %d: no such product."), i + 1);
		const char *why = visit_shelf_price_check(r->shelves[i].price_fen);
		if (why)
			return db_fail(db, DB_INVALID, 100 * (i + 1) + VISIT_FIELD_SHELF,
				       _("Shelf price %d: %s"), i + 1, _(why));
	}
	for (int i = 0; i < r->nissues; i++) {
		const struct visit_issue *x = &r->issues[i];
		if (strcmp(x->kind, "return") && strcmp(x->kind, "quality") &&
		    strcmp(x->kind, "complaint"))
			return db_fail(db, DB_INVALID, 100 * (i + 1) + VISIT_FIELD_ISSUE,
				       _("Issue %d: a return, a quality problem or a complaint."),
				       i + 1);
		if (!x->description || !*x->description)
			return db_fail(db, DB_INVALID, 100 * (i + 1) + VISIT_FIELD_ISSUE,
				       _("Issue %d: describe it."), i + 1);
		if ((rc = visit_text(db, x->description, LEDGER_TEXT_MAX, true,
				     100 * (i + 1) + VISIT_FIELD_ISSUE)))
			return rc;
	}
	return DB_OK;
}

static qd_rc visit_record_write(qd_db *db, struct visit_record *r, qd_date today, const char *who)
{
	static const char tier_sql[] = "SELECT tier FROM distributors WHERE id = ?1";
	static const char count_sql[] =
		"INSERT INTO visit_inventory(id, visit_id, product_id, quantity, created_at, "
		"updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT(visit_id, product_id)"
		" DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at";
	static const char shelf_sql[] =
		"INSERT INTO visit_prices(id, visit_id, product_id, shelf_price_fen, created_at,"
		" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT(visit_id, product_id)"
		" DO UPDATE SET shelf_price_fen = excluded.shelf_price_fen,"
		" updated_at = excluded.updated_at";
	static const char done_sql[] =
		"UPDATE visits SET status = 'done', done_at = ?2, recorded_by = ?3, prep_notes = "
		"?4,"
		" summary = ?5, competitor_notes = ?6, display_score = ?7, objective_met = ?8,"
		" order_id = ?9, version = version + 1, updated_at = ?10 WHERE id = ?1";
	r->order_id = 0;
	r->violations = 0;
	struct visit_state s;
	qd_rc rc = visit_expect(db, r->id, r->version, visit_open, &s);
	if (rc)
		return rc;
	if (date_cmp(s.day, today) > 0)
		return db_fail(db, DB_INVALID, VISIT_FIELD_WHEN,
			       _("A visit is recorded once its day has come."));
	if ((rc = visit_record_check(db, r, today)))
		return rc;
	sqlite3_stmt *st = db_stmt(db, tier_sql);
	if (!st || db_bind(db, st, db_int(s.distributor_id)))
		return db_errcode(db);
	int found = db_step(db, st, N_("Could not read the distributor"));
	if (found < 0)
		return db_errcode(db);
	char tier = 'C';
	if (found) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		tier = t && *t ? *t : 'C';
		sqlite3_reset(st);
	}
	char now[24];
	db_now_utc(now);
	for (int i = 0; i < r->ncounts && !rc; i++) {
		st = db_stmt(db, count_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(ids_new()), db_int(r->id),
				   db_int(r->counts[i].product_id), db_int(r->counts[i].quantity),
				   db_text(now));
		if (!rc)
			rc = db_run(db, st);
	}
	for (int i = 0; i < r->nshelves && !rc; i++) {
		st = db_stmt(db, shelf_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(ids_new()), db_int(r->id),
				   db_int(r->shelves[i].product_id),
				   db_int(r->shelves[i].price_fen), db_text(now));
		if (!rc)
			rc = db_run(db, st);
	}
	struct order o = { 0 };
	if (!rc && r->nlines > 0 && !(rc = visit_order(db, r, s.distributor_id, &o)))
		r->order_id = o.id;
	if (!rc && r->taken_order_id && !(rc = visit_taken_order(db, r, s.distributor_id)))
		r->order_id = r->taken_order_id;
	if (!rc)
		rc = visit_price_incidents(db, r, s.distributor_id, tier, o.order_no);
	for (int i = 0; i < r->nissues && !rc; i++)
		rc = visit_incident(db, s.distributor_id, r->day, r->issues[i].kind, "medium",
				    r->issues[i].description);
	if (!rc)
		rc = visit_contact(db, r, s.distributor_id, who);
	if (rc)
		return rc;
	char done[DATETIME_BUF], by[404];
	date_format_datetime(r->day, r->minutes, done);
	text_copy(by, sizeof by, who && *who ? who : "?");
	st = db_stmt(db, done_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(r->id), db_text(done), db_text(by),
			   db_text(r->prep_notes ? r->prep_notes : ""),
			   db_text(r->summary ? r->summary : ""),
			   db_text(r->competitor_notes ? r->competitor_notes : ""),
			   r->rating >= 0 ? db_int(visit_score_of_rating(r->rating)) : db_null(),
			   r->objective_met >= 0 ? db_int(r->objective_met) : db_null(),
			   db_id_or_null(r->order_id), db_text(now));
	if (!rc)
		rc = db_run(db, st);
	if (!rc)
		r->version++;
	return rc;
}

qd_rc db_visit_record(qd_db *db, struct visit_record *r, qd_date today, const char *who)
{
	qd_rc rc = db_write_begin(db);
	if (rc)
		return rc;
	rc = visit_record_write(db, r, today, who);
	if (rc) {
		r->order_id = 0;
		r->violations = 0;
	}
	return db_write_end(db, rc);
}

int db_visit_lines(qd_db *db, int64_t id, struct visit_line *out, int max)
{
	static const char sql[] =
		"SELECT p.id, p.sku, p.name, coalesce((SELECT quantity FROM visit_inventory"
		" WHERE visit_id = ?1 AND product_id = p.id), -1), coalesce((SELECT shelf_price_fen"
		" FROM visit_prices WHERE visit_id = ?1 AND product_id = p.id), -1)"
		" FROM products p WHERE p.id IN (SELECT product_id FROM visit_inventory"
		" WHERE visit_id = ?1 UNION SELECT product_id FROM visit_prices WHERE visit_id = "
		"?1)"
		" ORDER BY p.sku LIMIT ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id), db_int(max)))
		return -1;
	int n = 0, r = 0;
	while (n < max && (r = db_step(db, st, N_("Could not read the visit"))) > 0) {
		struct visit_line *l = &out[n++];
		l->product_id = sqlite3_column_int64(st, 0);
		COPY(l->sku, 1);
		COPY(l->name, 2);
		l->quantity = sqlite3_column_int64(st, 3);
		l->shelf_fen = sqlite3_column_int64(st, 4);
	}
	if (n == max)
		sqlite3_reset(st);
	else if (r < 0)
		return -1;
	return n;
}

/* ---- what the record form shows ------------------------------------------------------ */

static void visit_product_row(sqlite3_stmt *st, struct visit_product *p)
{
	p->id = sqlite3_column_int64(st, 0);
	COPY(p->sku, 1);
	COPY(p->name, 2);
	COPY(p->unit, 3);
	p->price_fen = sqlite3_column_int64(st, 4);
	p->retail_fen = sqlite3_column_int64(st, 5);
	p->tolerance_bp = sqlite3_column_int(st, 6);
	p->sold_90d = sqlite3_column_int64(st, 7);
	p->last_count =
		sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 8);
}

int db_visit_products(qd_db *db, int64_t distributor_id, qd_date today, struct visit_product *out,
		      int max)
{
	/* clang-format off */
#define VISIT_PRODUCT_COLUMNS \
	"SELECT p.id, p.sku, p.name, p.unit, CASE (SELECT tier FROM distributors WHERE id = ?1)" \
	" WHEN 'A' THEN p.price_a_fen WHEN 'B' THEN p.price_b_fen WHEN 'C' THEN p.price_c_fen" \
	" ELSE p.price_d_fen END, p.retail_price_fen, p.tolerance_bp," \
	" (SELECT coalesce(sum(l.quantity), 0) FROM orders o JOIN order_lines l ON l.order_id = o.id" \
	"   WHERE o.distributor_id = ?1 AND o.status IN ('shipped', 'delivered')" \
	"   AND o.ship_date > ?3 AND o.ship_date <= ?4 AND l.product_id = p.id)," \
	" (SELECT vi.quantity FROM visits v JOIN visit_inventory vi ON vi.visit_id = v.id" \
	"   WHERE v.distributor_id = ?1 AND vi.product_id = p.id ORDER BY v.planned_at DESC LIMIT 1)" \
	" FROM products p"
	static const char carried_sql[] = VISIT_PRODUCT_COLUMNS
		" WHERE p.id IN (SELECT l.product_id FROM orders o JOIN order_lines l"
		"   ON l.order_id = o.id WHERE o.distributor_id = ?1 AND o.order_date > ?2"
		"   UNION SELECT vi.product_id FROM visits v JOIN visit_inventory vi"
		"   ON vi.visit_id = v.id WHERE v.distributor_id = ?1)"
		" ORDER BY p.sku LIMIT ?5";
	static const char all_sql[] = VISIT_PRODUCT_COLUMNS
		" WHERE p.active = 1 AND ?2 = ?2 ORDER BY p.sku LIMIT ?5";
	/* clang-format on */
	char year_ago[DATE_BUF], sales_from[DATE_BUF], day[DATE_BUF];
	date_format(date_add_days(today, -365), year_ago);
	date_format(date_add_days(today, -VISIT_SALES_DAYS), sales_from);
	date_format(today, day);
	int n = 0;
	for (int pass = 0; pass < 2 && n == 0; pass++) {
		sqlite3_stmt *st = db_stmt(db, pass == 0 ? carried_sql : all_sql);
		if (!st || db_bind(db, st, db_int(distributor_id), db_text(year_ago),
				   db_text(sales_from), db_text(day), db_int(max)))
			return -1;
		int r = 0;
		while (n < max && (r = db_step(db, st, N_("Could not read the products"))) > 0)
			visit_product_row(st, &out[n++]);
		if (n == max)
			sqlite3_reset(st);
		else if (r < 0)
			return -1;
	}
	return n;
}

qd_rc db_visit_credit(qd_db *db, int64_t distributor_id, qd_date today, struct visit_credit *out)
{
	static const char sql[] =
		"SELECT d.credit_limit_fen, max(0, s.due_total_fen - s.paid_total_fen)"
		" + (SELECT coalesce(sum(total_fen), 0) FROM orders WHERE distributor_id = d.id"
		" AND status = 'open'), coalesce(s.unpaid_since, '')"
		" FROM distributors d JOIN distributor_stats s ON s.distributor_id = d.id"
		" WHERE d.id = ?1";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(distributor_id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the receivables"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, VISIT_FIELD_DISTRIBUTOR,
			       _("That distributor is not in the database."));
	out->limit_fen = sqlite3_column_int64(st, 0);
	out->open_fen = sqlite3_column_int64(st, 1);
	char since[DATE_BUF + 8];
	COPY(since, 2);
	sqlite3_reset(st);
	char day[DATE_BUF];
	/* Unpaid since a due date that has passed: overdue. */
	if (since[0] && strcmp(since, date_format(today, day)) < 0) {
		text_copy(out->unpaid_since, sizeof out->unpaid_since, since);
		out->overdue = true;
	}
	return DB_OK;
}

/* ---- planning a month ---------------------------------------------------------------- */

struct visit_grow {
	void *rows;
	int n, cap;
	size_t size;
};
static void *visit_grow(struct visit_grow *g)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->rows = xrealloc(g->rows, (size_t)g->cap * g->size);
	}
	return (char *)g->rows + (size_t)g->n++ * g->size;
}

/* A territory and its parent (0 at the top), sorted by id. */
struct visit_up {
	int64_t id, parent;
};
static int visit_up_cmp(const void *a, const void *b)
{
	const struct visit_up *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* Fills each candidate's area: the top territory above its own (a loop of
 * parents in a damaged file ends the walk). */
static qd_rc visit_areas(qd_db *db, struct plan_candidate *c, int n)
{
	static const char sql[] = "SELECT id, coalesce(parent_id, 0) FROM territories";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return db_errcode(db);
	struct visit_grow ups = { NULL, 0, 0, sizeof(struct visit_up) };
	int r;
	while ((r = db_step(db, st, N_("Could not read the territories"))) > 0)
		*(struct visit_up *)visit_grow(&ups) =
			(struct visit_up){ sqlite3_column_int64(st, 0),
					   sqlite3_column_int64(st, 1) };
	if (r < 0) {
		free(ups.rows);
		return db_errcode(db);
	}
	if (ups.n)
		qsort(ups.rows, (size_t)ups.n, sizeof(struct visit_up), visit_up_cmp);
	for (int i = 0; i < n; i++) {
		int64_t at = c[i].territory_id;
		for (int steps = 0; at && steps <= ups.n; steps++) {
			struct visit_up key = { at, 0 };
			const struct visit_up *u = ups.n ? bsearch(&key, ups.rows, (size_t)ups.n,
								   sizeof key, visit_up_cmp)
							 : NULL;
			c[i].area_id = at;
			at = u ? u->parent : 0;
		}
	}
	free(ups.rows);
	return DB_OK;
}

static qd_rc visit_propose_write(qd_db *db, int64_t rep_id, int y, int m, qd_date today,
				 const struct visit_settings *set, uint64_t seed, int *added,
				 int *unplaced)
{
	static const char cand_sql[] =
		"SELECT d.id, coalesce(d.territory_id, 0), d.visit_every_days, s.last_visit_at"
		" FROM distributors d JOIN distributor_stats s ON s.distributor_id = d.id"
		" WHERE d.owner_rep_id = ?1 AND d.status = 'active'";
	/* The rep's visits, and the visits others (a manager) planned to the
	 * rep's distributors. */
	static const char existing_sql[] =
		"SELECT distributor_id, planned_at, 0 FROM visits WHERE rep_id = ?1"
		" AND planned_at > ?2 AND planned_at <= ?3"
		" AND status IN ('planned','confirmed','done')"
		" UNION ALL SELECT v.distributor_id, v.planned_at, 1 FROM distributors d"
		" JOIN visits v ON v.distributor_id = d.id WHERE d.owner_rep_id = ?1"
		" AND d.status = 'active' AND v.rep_id IS NOT ?1 AND v.planned_at > ?2"
		" AND v.planned_at <= ?3 AND v.status IN ('planned','confirmed','done')";
	static const char insert_sql[] =
		"INSERT INTO visits(id, distributor_id, rep_id, planned_at, status, purpose,"
		" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'planned', 'routine', ?5, ?5)";
	qd_date first = { y, m, 1 };
	if (!date_in_range(first))
		return db_fail(db, DB_INVALID, VISIT_FIELD_WHEN,
			       _("The date must be in the years %d to %d."), DATE_MIN_YEAR,
			       DATE_MAX_YEAR);
	qd_date last = { y, m, date_days_in_month(y, m) };
	struct visit_grow cands = { NULL, 0, 0, sizeof(struct plan_candidate) };
	struct visit_grow have = { NULL, 0, 0, sizeof(struct plan_existing) };
	qd_rc rc = DB_OK;
	sqlite3_stmt *st = db_stmt(db, cand_sql);
	if (!st || db_bind(db, st, db_int(rep_id)))
		rc = db_errcode(db);
	int r = 0;
	while (!rc && (r = db_step(db, st, N_("Could not read the distributors"))) > 0) {
		struct plan_candidate *c = visit_grow(&cands);
		memset(c, 0, sizeof *c);
		c->distributor_id = sqlite3_column_int64(st, 0);
		c->territory_id = sqlite3_column_int64(st, 1);
		c->every_days = sqlite3_column_int(st, 2);
		int minutes;
		const char *last_visit = (const char *)sqlite3_column_text(st, 3);
		c->visited =
			last_visit && !date_parse_datetime(last_visit, &c->last_visit, &minutes);
	}
	if (!rc && r < 0)
		rc = db_errcode(db);
	if (!rc)
		rc = visit_areas(db, cands.rows, cands.n);
	char lo[DATE_BUF + 4], hi[DATE_BUF + 4], day[DATE_BUF];
	snprintf(lo, sizeof lo, "%sT99", date_format(today, day));
	snprintf(hi, sizeof hi, "%sT99", date_format(last, day));
	if (!rc && (!(st = db_stmt(db, existing_sql)) ||
		    db_bind(db, st, db_int(rep_id), db_text(lo), db_text(hi))))
		rc = db_errcode(db);
	while (!rc && (r = db_step(db, st, N_("Could not read the visits"))) > 0) {
		struct plan_existing e;
		e.distributor_id = sqlite3_column_int64(st, 0);
		e.by_other = sqlite3_column_int(st, 2) != 0;
		if (date_parse_datetime((const char *)sqlite3_column_text(st, 1), &e.day,
					&e.minutes))
			continue;
		*(struct plan_existing *)visit_grow(&have) = e;
	}
	if (!rc && r < 0)
		rc = db_errcode(db);
	struct plan_visit *plan = NULL;
	int n = 0;
	if (!rc) {
		struct plan_options o = { y, m, today, set->per_day, set->weekends, seed };
		n = plan_propose(&o, cands.rows, cands.n, have.rows, have.n, &plan, unplaced);
	}
	char now[24], at[DATETIME_BUF];
	db_now_utc(now);
	for (int i = 0; i < n && !rc; i++) {
		st = db_stmt(db, insert_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(ids_new()), db_int(plan[i].distributor_id),
				   db_int(rep_id),
				   db_text(date_format_datetime(plan[i].day, plan[i].minutes, at)),
				   db_text(now));
		if (!rc)
			rc = db_run(db, st);
	}
	if (!rc)
		*added = n;
	free(plan);
	free(cands.rows);
	free(have.rows);
	return rc;
}

qd_rc db_visit_propose(qd_db *db, int64_t rep_id, int y, int m, qd_date today,
		       const struct visit_settings *s, uint64_t seed, int *added, int *unplaced)
{
	*added = 0;
	if (unplaced)
		*unplaced = 0;
	qd_rc rc = db_write_begin(db);
	return rc ? rc
		  : db_write_end(db, visit_propose_write(db, rep_id, y, m, today, s, seed, added,
							 unplaced));
}

/* ---- review ------------------------------------------------------------------------- */

qd_rc db_visit_review(qd_db *db, int64_t rep_id, int y, int m, qd_date today,
		      struct visit_review *out)
{
	/* clang-format off */
	static const char rep_sql[] = "SELECT code, name FROM reps WHERE id = ?1";
	static const char counts_sql[] =
		"SELECT count(*) FILTER (WHERE status <> 'cancelled'),"
		" count(*) FILTER (WHERE status = 'planned'), count(*) FILTER (WHERE status = 'confirmed'),"
		" count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'missed'),"
		" count(*) FILTER (WHERE status = 'cancelled'),"
		" count(*) FILTER (WHERE status <> 'cancelled' AND (planned_at < ?4"
		"   OR (substr(planned_at, 1, 10) = ?4 AND status IN ('done', 'missed')))),"
		" count(*) FILTER (WHERE status = 'done' AND substr(planned_at, 1, 10) <= ?4"
		"   AND (done_at IS NULL OR substr(done_at, 1, 10) = substr(planned_at, 1, 10))),"
		" count(*) FILTER (WHERE status = 'done' AND objective_kind <> 'none'),"
		" count(*) FILTER (WHERE status = 'done' AND objective_kind <> 'none'"
		"   AND objective_met = 1)"
		" FROM visits WHERE rep_id = ?1 AND planned_at >= ?2 AND planned_at <= ?3";
	/* Done visits whose 30 days are over with no order, payment or problem
	 * resolved in them. */
	static const char nothing_sql[] =
		"SELECT count(*) FROM visits v WHERE v.rep_id = ?1 AND v.planned_at >= ?2"
		" AND v.planned_at <= ?3 AND v.status = 'done'"
		" AND date(substr(v.planned_at, 1, 10), '+30 days') < ?4"
		" AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.distributor_id = v.distributor_id"
		"   AND o.order_date >= substr(v.planned_at, 1, 10)"
		"   AND o.order_date <= date(substr(v.planned_at, 1, 10), '+30 days')"
		"   AND o.status <> 'cancelled')"
		" AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.distributor_id = v.distributor_id"
		"   AND p.paid_on >= substr(v.planned_at, 1, 10)"
		"   AND p.paid_on <= date(substr(v.planned_at, 1, 10), '+30 days'))"
		" AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.distributor_id = v.distributor_id"
		"   AND i.status = 'resolved' AND i.resolved_on >= substr(v.planned_at, 1, 10)"
		"   AND i.resolved_on <= date(substr(v.planned_at, 1, 10), '+30 days'))";
	/* Visits done per distributor: the rep's active distributors (with 0)
	 * and any other they visited. The rep's done visits of the month come
	 * by the rep's index, grouped per distributor, each marked whether
	 * that distributor is one of the rep's active ones; those of the
	 * rep's active distributors not among them count 0. One query over
	 * the rep's distributors joined to their visits sought each one's
	 * visits of every rep: three times the reading, on every month. */
	static const char spread_sql[] =
		"SELECT count(*), d.owner_rep_id IS ?1 AND d.status = 'active'"
		" FROM visits v JOIN distributors d ON d.id = v.distributor_id"
		" WHERE v.rep_id = ?1 AND v.status = 'done' AND v.planned_at >= ?2"
		"   AND v.planned_at <= ?3 GROUP BY v.distributor_id";
	/* The rep's active distributors (for the spread) and those of them
	 * overdue for a visit, in one reading of their rows. */
	static const char owned_sql[] =
		"SELECT count(*), count(*) FILTER (WHERE " DB_VISIT_OVERDUE("?2") ")"
		" FROM distributors d LEFT JOIN distributor_stats s ON s.distributor_id = d.id"
		" WHERE d.owner_rep_id = ?1 AND d.status = 'active'";
	/* clang-format on */
	memset(out, 0, sizeof *out);
	out->rep_id = rep_id;
	qd_date first = { y, m, 1 }, last = { y, m, date_days_in_month(y, m) };
	char lo[DATE_BUF], hi[DATE_BUF + 4], day[DATE_BUF];
	visit_bounds(first, last, lo, hi);
	date_format(today, day);
	sqlite3_stmt *st = db_stmt(db, rep_sql);
	if (!st || db_bind(db, st, db_int(rep_id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the rep"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, VISIT_FIELD_REP,
			       _("That rep is not in the database."));
	COPY(out->rep_code, 0);
	COPY(out->rep_name, 1);
	sqlite3_reset(st);
	st = db_stmt(db, counts_sql);
	if (!st || db_bind(db, st, db_int(rep_id), db_text(lo), db_text(hi), db_text(day)))
		return db_errcode(db);
	if ((r = db_step(db, st, N_("Could not read the visits"))) < 0)
		return db_errcode(db);
	if (r > 0) {
		int *f[] = { &out->total,	 &out->planned,		&out->confirmed,
			     &out->done,	 &out->missed,		&out->cancelled,
			     &out->due,		 &out->done_as_planned, &out->with_objective,
			     &out->objective_met };
		for (int i = 0; i < 10; i++)
			*f[i] = sqlite3_column_int(st, i);
		sqlite3_reset(st);
	}
	int64_t v;
	st = db_stmt(db, nothing_sql);
	if (!st || db_bind(db, st, db_int(rep_id), db_text(lo), db_text(hi), db_text(day)) ||
	    db_int_of(db, st, &v, NULL))
		return db_errcode(db);
	out->changed_nothing = (int)v;
	st = db_stmt(db, owned_sql);
	if (!st || db_bind(db, st, db_int(rep_id), db_text(day)) ||
	    (r = db_step(db, st, N_("Could not read the distributors"))) < 0)
		return db_errcode(db);
	int64_t owned = r ? sqlite3_column_int64(st, 0) : 0;
	out->overdue = r ? sqlite3_column_int(st, 1) : 0;
	if (r)
		sqlite3_reset(st);
	st = db_stmt(db, spread_sql);
	if (!st || db_bind(db, st, db_int(rep_id), db_text(lo), db_text(hi)))
		return db_errcode(db);
	struct visit_grow counts = { NULL, 0, 0, sizeof(int) };
	while ((r = db_step(db, st, N_("Could not read the visits"))) > 0) {
		*(int *)visit_grow(&counts) = sqlite3_column_int(st, 0);
		owned -= sqlite3_column_int(st, 1);
	}
	if (r < 0) {
		free(counts.rows);
		return db_errcode(db);
	}
	for (; owned > 0; owned--)
		*(int *)visit_grow(&counts) = 0;
	out->distributors = counts.n;
	out->concentration_bp = visit_concentration_bp(counts.rows, counts.n);
	free(counts.rows);
	return DB_OK;
}

int db_visit_reviews(qd_db *db, const struct visit_scope *scope, int y, int m, qd_date today,
		     struct visit_review **out)
{
	static const char sql[] = "SELECT id FROM reps WHERE active = 1 AND (?1 = 0 OR id = ?1)"
				  " AND (?2 = 0 OR region_id = ?2) ORDER BY code";
	*out = NULL;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(scope->rep_id), db_int(scope->region_id)))
		return -1;
	struct visit_grow ids = { NULL, 0, 0, sizeof(int64_t) };
	int r;
	while ((r = db_step(db, st, N_("Could not read the reps"))) > 0)
		*(int64_t *)visit_grow(&ids) = sqlite3_column_int64(st, 0);
	if (r < 0) {
		free(ids.rows);
		return -1;
	}
	struct visit_review *rv = xcalloc((size_t)ids.n + 1, sizeof *rv);
	for (int i = 0; i < ids.n; i++)
		if (db_visit_review(db, ((int64_t *)ids.rows)[i], y, m, today, &rv[i])) {
			free(rv);
			free(ids.rows);
			return -1;
		}
	int n = ids.n;
	free(ids.rows);
	*out = rv;
	return n;
}

int db_visit_overdue(qd_db *db, const struct visit_scope *scope, qd_date today,
		     struct visit_overdue *out, int max, int64_t *total)
{
	/* One query per kind of scope: a rep's distributors come by the owner
	 * index and a region's by its reps', where one query for all three
	 * would read every active distributor whatever the scope. */
	/* clang-format off */
#define VISIT_OVERDUE_JOIN \
	" FROM distributors d JOIN distributor_stats s ON s.distributor_id = d.id" \
	" LEFT JOIN reps r ON r.id = d.owner_rep_id WHERE d.status = 'active'"
#define VISIT_OVERDUE_DUE " AND " DB_VISIT_OVERDUE("?3")
#define VISIT_OVERDUE_REP VISIT_OVERDUE_JOIN \
	" AND d.owner_rep_id = ?1 AND (?2 = 0 OR r.region_id = ?2)" VISIT_OVERDUE_DUE
#define VISIT_OVERDUE_REGION VISIT_OVERDUE_JOIN \
	" AND d.owner_rep_id IN (SELECT id FROM reps WHERE region_id = ?2) AND ?1 = 0" \
	VISIT_OVERDUE_DUE
#define VISIT_OVERDUE_ALL VISIT_OVERDUE_JOIN " AND ?1 = 0 AND ?2 = 0" VISIT_OVERDUE_DUE
#define VISIT_OVERDUE_LIST(from) \
		"SELECT d.id, d.code, d.name, s.last_visit_at = '',"				\
		" CAST(julianday(?3) - julianday(substr(" DB_VISIT_SINCE ", 1, 10)) AS INTEGER)"	\
		"   - d.visit_every_days, d.visit_every_days" from					\
		" ORDER BY s.last_visit_at = '' DESC,"						\
		" julianday(?3) - julianday(substr(" DB_VISIT_SINCE ", 1, 10)) - d.visit_every_days DESC," \
		" d.code LIMIT ?4"
	static const char rep_list_sql[] = VISIT_OVERDUE_LIST(VISIT_OVERDUE_REP);
	static const char region_list_sql[] = VISIT_OVERDUE_LIST(VISIT_OVERDUE_REGION);
	static const char all_list_sql[] = VISIT_OVERDUE_LIST(VISIT_OVERDUE_ALL);
	static const char rep_count_sql[] = "SELECT count(*)" VISIT_OVERDUE_REP;
	static const char region_count_sql[] = "SELECT count(*)" VISIT_OVERDUE_REGION;
	static const char all_count_sql[] = "SELECT count(*)" VISIT_OVERDUE_ALL;
	/* clang-format on */
	const char *count_sql = scope->rep_id	   ? rep_count_sql
				: scope->region_id ? region_count_sql
						   : all_count_sql;
	const char *list_sql = scope->rep_id	  ? rep_list_sql
			       : scope->region_id ? region_list_sql
						  : all_list_sql;
	char day[DATE_BUF];
	date_format(today, day);
	sqlite3_stmt *st = db_stmt(db, count_sql);
	if (!st || db_bind(db, st, db_int(scope->rep_id), db_int(scope->region_id), db_text(day)) ||
	    db_int_of(db, st, total, NULL))
		return -1;
	if (max <= 0)
		return 0;
	st = db_stmt(db, list_sql);
	if (!st || db_bind(db, st, db_int(scope->rep_id), db_int(scope->region_id), db_text(day),
			   db_int(max)))
		return -1;
	int n = 0, r = 0;
	while (n < max && (r = db_step(db, st, N_("Could not read the distributors"))) > 0) {
		struct visit_overdue *o = &out[n++];
		o->distributor_id = sqlite3_column_int64(st, 0);
		COPY(o->code, 1);
		COPY(o->name, 2);
		o->never = sqlite3_column_int(st, 3) != 0;
		o->days = o->never ? sqlite3_column_int(st, 5) : sqlite3_column_int(st, 4);
	}
	if (n == max)
		sqlite3_reset(st);
	else if (r < 0)
		return -1;
	return n;
}

qd_rc db_visit_distributor(qd_db *db, const char *code, int64_t *id, int64_t *owner_rep_id)
{
	static const char sql[] = "SELECT id, coalesce(owner_rep_id, 0) FROM distributors WHERE "
				  "code = ?1 COLLATE NOCASE";
	*id = *owner_rep_id = 0;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(code)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the distributor"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, VISIT_FIELD_DISTRIBUTOR,
			       _("There is no distributor %s."), code);
	*id = sqlite3_column_int64(st, 0);
	*owner_rep_id = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return DB_OK;
}

/* ---- who, and the settings ------------------------------------------------------------ */

qd_rc db_visit_person(qd_db *db, const char *user, struct visit_person *out)
{
	static const char sql[] =
		"SELECT id, coalesce(region_id, 0), role = 'manager', code, name FROM reps"
		" WHERE code = ?1 COLLATE NOCASE OR name = ?1"
		" ORDER BY code = ?1 COLLATE NOCASE DESC, active DESC, code LIMIT 1";
	memset(out, 0, sizeof *out);
	if (!user || !*user)
		return db_fail(db, DB_NOTFOUND, VISIT_FIELD_REP, _("No user is named."));
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(user)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the reps"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, VISIT_FIELD_REP,
			       _("No rep has the code or name %s."), user);
	out->rep_id = sqlite3_column_int64(st, 0);
	out->region_id = sqlite3_column_int64(st, 1);
	out->manager = sqlite3_column_int(st, 2) != 0;
	COPY(out->code, 3);
	COPY(out->name, 4);
	sqlite3_reset(st);
	return DB_OK;
}

qd_rc db_visit_settings_get(qd_db *db, struct visit_settings *out)
{
	static const char sql[] = "SELECT value FROM settings WHERE name = ?1";
	visit_settings_default(out);
	for (int i = 0; i < VSET_COUNT; i++) {
		sqlite3_stmt *st = db_stmt(db, sql);
		if (!st || db_bind(db, st, db_text(visit_setting_names[i])))
			return db_errcode(db);
		int r = db_step(db, st, N_("Could not read the settings"));
		if (r < 0)
			return db_errcode(db);
		if (r > 0) {
			/* A value stored wrong leaves the default. */
			visit_setting_parse(out, (qd_visit_setting)i,
					    (const char *)sqlite3_column_text(st, 0));
			sqlite3_reset(st);
		}
	}
	return DB_OK;
}

static qd_rc visit_settings_write(qd_db *db, const struct visit_settings *s, const char *who)
{
	static const char upsert_sql[] =
		"INSERT INTO settings(id, name, value, updated_at) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT(name) DO UPDATE SET value = excluded.value,"
		" updated_at = excluded.updated_at";
	static const char id_sql[] = "SELECT id FROM settings WHERE name = ?1";
	static const char log_sql[] =
		"INSERT INTO change_log(id, changed_at, changed_by, table_name, row_id, action,"
		" summary) VALUES (?1, ?2, ?3, 'settings', ?4, 'edit', ?5)";
	struct visit_settings was;
	qd_rc rc = db_visit_settings_get(db, &was);
	char now[24], by[404];
	db_now_utc(now);
	text_copy(by, sizeof by, who && *who ? who : "?");
	for (int i = 0; i < VSET_COUNT && !rc; i++) {
		char old[16], value[16];
		visit_setting_format(&was, (qd_visit_setting)i, old);
		visit_setting_format(s, (qd_visit_setting)i, value);
		struct visit_settings check = was;
		const char *why = visit_setting_parse(&check, (qd_visit_setting)i, value);
		if (why)
			return db_fail(db, DB_INVALID, VISIT_FIELD_NONE, "%s: %s",
				       _(visit_setting_labels[i]), _(why));
		if (!strcmp(old, value))
			continue;
		sqlite3_stmt *st = db_stmt(db, upsert_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(ids_new()), db_text(visit_setting_names[i]),
				   db_text(value), db_text(now));
		if (!rc)
			rc = db_run(db, st);
		int64_t id = 0;
		st = rc ? NULL : db_stmt(db, id_sql);
		if (!rc && (!st || db_bind(db, st, db_text(visit_setting_names[i])) ||
			    db_int_of(db, st, &id, NULL)))
			rc = db_errcode(db);
		char *what = xasprintf("%s: %s -> %s", visit_setting_names[i], old, value);
		st = rc ? NULL : db_stmt(db, log_sql);
		if (!rc)
			rc = !st ? db_errcode(db)
				 : db_bind(db, st, db_int(ids_new()), db_text(now), db_text(by),
					   db_int(id), db_text(what));
		if (!rc)
			rc = db_run(db, st);
		free(what);
	}
	return rc;
}

qd_rc db_visit_settings_save(qd_db *db, const struct visit_settings *s, const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, visit_settings_write(db, s, who));
}
