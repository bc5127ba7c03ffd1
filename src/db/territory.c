/* The territory map's reads and writes. The map reads only small tables:
 * the territories, the kept figures of schema 4 (a few rows per territory
 * and month), the exclusive rights and the reps' coverage; core/terrmap adds
 * them up the tree and finds the problems. */
#include "qudao/territory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/labels.h"
#include "qudao/ledger.h"
#include "qudao/money.h"
#include "qudao/scoring.h"
#include "qudao/setup.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

static void tmap_copy(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	text_copy(dst, size, (const char *)sqlite3_column_text(st, col));
}
#define COPY(field, col) tmap_copy((field), sizeof(field), st, (col))

static qd_date tmap_date(sqlite3_stmt *st, int col)
{
	qd_date d = { 0, 0, 0 };
	const char *s = (const char *)sqlite3_column_text(st, col);
	if (!s || date_parse(s, &d))
		d = (qd_date){ 0, 0, 0 };
	return d;
}

/* A territory as read, before the tree is put in order. */
struct tmap_row {
	struct terrmap_node node;
	int64_t parent_id, region_id;
};

static int tmap_by_id(const void *a, const void *b)
{
	int64_t x = ((const struct terrmap_node *)a)->id, y = ((const struct terrmap_node *)b)->id;
	return (x > y) - (x < y);
}

int db_tmap_find(const struct tmap *m, int64_t territory_id)
{
	int lo = 0, hi = m->n - 1;
	while (m->by_id && lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int64_t id = m->nodes[m->by_id[mid]].id;
		if (id == territory_id)
			return m->by_id[mid];
		if (id < territory_id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Puts rows (sorted by code) in tree order into m->nodes: each followed by
 * those under it. A territory whose parent is not among them (inactive,
 * missing, a loop) is a top one. */
static void tmap_order(struct tmap *m, struct tmap_row *rows, int n)
{
	int *parent = xcalloc((size_t)n + 1, sizeof *parent);
	struct terrmap_node *byid = xcalloc((size_t)n + 1, sizeof *byid);
	for (int i = 0; i < n; i++) {
		byid[i].id = rows[i].node.id;
		byid[i].parent = i; /* the row's index, carried through the sort */
	}
	qsort(byid, (size_t)n, sizeof *byid, tmap_by_id);
	for (int i = 0; i < n; i++) {
		struct terrmap_node key = { .id = rows[i].parent_id };
		struct terrmap_node *hit =
			rows[i].parent_id ? bsearch(&key, byid, (size_t)n, sizeof *byid, tmap_by_id)
					  : NULL;
		parent[i] = hit ? hit->parent : -1;
	}
	/* Parents that loop back make their members top ones. */
	for (int i = 0; i < n; i++) {
		int a = parent[i], steps = 0;
		while (a >= 0 && a != i && steps++ <= n)
			a = parent[a];
		if (a == i)
			parent[i] = -1;
	}
	int *place = xcalloc((size_t)n + 1, sizeof *place);
	int *stack = xcalloc((size_t)n + 1, sizeof *stack);
	m->nodes = xcalloc((size_t)n + 1, sizeof *m->nodes);
	m->n = 0;
	/* Depth first, children by code (rows are by code): walk the rows for
	 * each node's children. n is small (territories). */
	for (int top = 0; top < n; top++) {
		if (parent[top] != -1)
			continue;
		int sp = 0;
		stack[sp++] = top;
		while (sp > 0) {
			int i = stack[--sp];
			place[i] = m->n;
			struct terrmap_node *node = &m->nodes[m->n++];
			*node = rows[i].node;
			node->parent = parent[i] >= 0 ? place[parent[i]] : -1;
			node->region_id =
				rows[i].region_id
					? rows[i].region_id
					: (node->parent >= 0 ? m->nodes[node->parent].region_id
							     : 0);
			for (int c = n - 1; c >= 0; c--)
				if (parent[c] == i)
					stack[sp++] = c;
		}
	}
	/* byid holds the rows by id; map them to their places in the tree. */
	m->by_id = xcalloc((size_t)n + 1, sizeof *m->by_id);
	for (int i = 0; i < n; i++)
		m->by_id[i] = place[byid[i].parent];
	free(stack);
	free(place);
	free(byid);
	free(parent);
}

static qd_rc tmap_territories(qd_db *db, struct tmap *m)
{
	static const char sql[] =
		"SELECT id, coalesce(parent_id, 0), coalesce(region_id, 0), code, name, name_en,"
		" short_name, short_en, level, coalesce(grid_row, -1), coalesce(grid_col, -1)"
		" FROM territories WHERE active = 1 ORDER BY code";
	static const char reps_sql[] = "SELECT DISTINCT rt.territory_id FROM rep_territories rt "
				       "JOIN reps r ON r.id = rt.rep_id"
				       " WHERE r.active = 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return db_errcode(db);
	struct tmap_row *rows = NULL;
	int n = 0, cap = 0, r;
	while ((r = db_step(db, st, N_("Could not read the territories"))) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, (size_t)cap * sizeof *rows);
		}
		struct tmap_row *row = &rows[n++];
		memset(row, 0, sizeof *row);
		row->node.id = sqlite3_column_int64(st, 0);
		row->parent_id = sqlite3_column_int64(st, 1);
		row->region_id = sqlite3_column_int64(st, 2);
		COPY(row->node.code, 3);
		COPY(row->node.name, 4);
		COPY(row->node.name_en, 5);
		COPY(row->node.short_name, 6);
		COPY(row->node.short_en, 7);
		int level = label_index(&labels_level, (const char *)sqlite3_column_text(st, 8));
		row->node.level = level < 0 ? LEVEL_DISTRICT : level;
		row->node.grid_row = sqlite3_column_int(st, 9);
		row->node.grid_col = sqlite3_column_int(st, 10);
	}
	if (r < 0) {
		free(rows);
		return db_errcode(db);
	}
	tmap_order(m, rows, n);
	free(rows);
	if (!(st = db_stmt(db, reps_sql)))
		return db_errcode(db);
	while ((r = db_step(db, st, N_("Could not read the reps' territories"))) > 0) {
		int i = db_tmap_find(m, sqlite3_column_int64(st, 0));
		if (i >= 0)
			m->nodes[i].rep = true;
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* What describes now: the counts, and what is overdue as of today. */
static qd_rc tmap_now(qd_db *db, struct tmap *m)
{
	static const char now_sql[] =
		"SELECT territory_id, total, active, visit_rate, open_cross, open_price"
		" FROM territory_now";
	static const char day_sql[] =
		"SELECT kind, territory_id, sum(n), sum(fen) FROM territory_day WHERE day < ?1"
		" GROUP BY kind, territory_id";
	sqlite3_stmt *st = db_stmt(db, now_sql);
	if (!st)
		return db_errcode(db);
	int r;
	while ((r = db_step(db, st, N_("Could not read the territories' figures"))) > 0) {
		int i = db_tmap_find(m, sqlite3_column_int64(st, 0));
		if (i < 0)
			continue;
		struct terrmap_figures *f = &m->nodes[i].own;
		f->total = sqlite3_column_int64(st, 1);
		f->active = sqlite3_column_int64(st, 2);
		f->visit_rate = sqlite3_column_int64(st, 3);
		f->open_cross = sqlite3_column_int64(st, 4);
		f->open_price = sqlite3_column_int64(st, 5);
	}
	if (r < 0)
		return db_errcode(db);
	char today[DATE_BUF];
	st = db_stmt(db, day_sql);
	if (!st || db_bind(db, st, db_text(date_format(m->today, today))))
		return db_errcode(db);
	while ((r = db_step(db, st, N_("Could not read the territories' figures"))) > 0) {
		int i = db_tmap_find(m, sqlite3_column_int64(st, 1));
		if (i < 0)
			continue;
		struct terrmap_figures *f = &m->nodes[i].own;
		if (!strcmp((const char *)sqlite3_column_text(st, 0), "visit")) {
			f->visits_overdue = sqlite3_column_int64(st, 2);
		} else {
			f->accounts_overdue = sqlite3_column_int64(st, 2);
			f->overdue_fen = sqlite3_column_int64(st, 3);
		}
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* The first and last month of p, "YYYY-MM". */
static void tmap_months(qd_period p, char first[8], char last[8])
{
	qd_date a, b;
	period_range(p, &a, &b);
	terrmap_move_month(a, first);
	terrmap_move_month(b, last);
}

/* The figures of period p, in each node's own; then up the tree. */
static qd_rc tmap_period(qd_db *db, struct tmap *m, qd_period p)
{
	static const char month_sql[] =
		"SELECT territory_id, sum(sales_fen), sum(sales_orders), sum(visits_done),"
		" sum(visits_missed) FROM territory_month WHERE month BETWEEN ?1 AND ?2"
		" GROUP BY territory_id";
	static const char target_sql[] =
		"SELECT territory_id, amount_fen, targets FROM territory_target WHERE period = ?1";
	static const char cross_sql[] =
		"SELECT from_territory_id, to_territory_id, sum(n) FROM cross_month"
		" WHERE month BETWEEN ?1 AND ?2 GROUP BY 1, 2";
	char first[8], last[8], name[PERIOD_BUF];
	tmap_months(p, first, last);
	m->period = p;
	for (int i = 0; i < m->n; i++) {
		struct terrmap_figures *f = &m->nodes[i].own;
		f->sales_fen = f->sales_orders = f->target_fen = 0;
		f->visits_done = f->visits_missed = 0;
		f->has_target = false;
	}
	sqlite3_stmt *st = db_stmt(db, month_sql);
	if (!st || db_bind(db, st, db_text(first), db_text(last)))
		return db_errcode(db);
	int r;
	while ((r = db_step(db, st, N_("Could not read the territories' figures"))) > 0) {
		int i = db_tmap_find(m, sqlite3_column_int64(st, 0));
		if (i < 0)
			continue;
		struct terrmap_figures *f = &m->nodes[i].own;
		f->sales_fen = sqlite3_column_int64(st, 1);
		f->sales_orders = sqlite3_column_int64(st, 2);
		f->visits_done = sqlite3_column_int64(st, 3);
		f->visits_missed = sqlite3_column_int64(st, 4);
	}
	if (r < 0)
		return db_errcode(db);
	st = db_stmt(db, target_sql);
	if (!st || db_bind(db, st, db_text(period_format(p, name))))
		return db_errcode(db);
	while ((r = db_step(db, st, N_("Could not read the territories' figures"))) > 0) {
		int i = db_tmap_find(m, sqlite3_column_int64(st, 0));
		if (i < 0)
			continue;
		m->nodes[i].own.target_fen = sqlite3_column_int64(st, 1);
		m->nodes[i].own.has_target = sqlite3_column_int64(st, 2) > 0;
	}
	if (r < 0)
		return db_errcode(db);
	terrmap_rollup(m->nodes, m->n);
	m->scores = false;
	m->ncross = 0;
	st = db_stmt(db, cross_sql);
	if (!st || db_bind(db, st, db_text(first), db_text(last)))
		return db_errcode(db);
	int cap = 0;
	while ((r = db_step(db, st, N_("Could not read the territories' figures"))) > 0) {
		int from = db_tmap_find(m, sqlite3_column_int64(st, 0));
		int to = db_tmap_find(m, sqlite3_column_int64(st, 1));
		int64_t k = sqlite3_column_int64(st, 2);
		if (from < 0 || to < 0 || k <= 0)
			continue;
		if (m->ncross == cap) {
			cap = cap ? cap * 2 : 64;
			m->cross = xrealloc(m->cross, (size_t)cap * sizeof *m->cross);
		}
		m->cross[m->ncross++] = (struct tmap_cross){ from, to, k };
		terrmap_add_cross(m->nodes, m->n, from, to, k);
	}
	if (r < 0)
		return db_errcode(db);
	terrmap_find_problems(m->nodes, m->n, m->rights, m->nrights, m->today);
	return DB_OK;
}

static qd_rc tmap_rights(qd_db *db, struct tmap *m)
{
	/* CROSS JOIN keeps the rights (a few hundred) as the outer loop: left
	 * to itself, SQLite read every distributor (100,000 rows) to find the
	 * rights' holders when exclusive_rights had no ANALYZE statistics. */
	static const char sql[] = "SELECT e.id, e.distributor_id, e.territory_id, e.category, "
				  "e.start_date, e.end_date,"
				  " d.status, d.code, d.name FROM exclusive_rights e"
				  " CROSS JOIN distributors d ON d.id = e.distributor_id"
				  " ORDER BY e.category, e.start_date, e.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return db_errcode(db);
	int cap = 0, r;
	while ((r = db_step(db, st, N_("Could not read the exclusive rights"))) > 0) {
		if (m->nrights == cap) {
			cap = cap ? cap * 2 : 64;
			m->rights = xrealloc(m->rights, (size_t)cap * sizeof *m->rights);
		}
		struct terrmap_right *x = &m->rights[m->nrights++];
		memset(x, 0, sizeof *x);
		x->id = sqlite3_column_int64(st, 0);
		x->distributor_id = sqlite3_column_int64(st, 1);
		x->territory = db_tmap_find(m, sqlite3_column_int64(st, 2));
		COPY(x->category, 3);
		x->start = tmap_date(st, 4);
		x->end = tmap_date(st, 5);
		if (lifecycle_status_parse((const char *)sqlite3_column_text(st, 6),
					   &x->holder_status))
			x->holder_status = STATUS_TERMINATED;
		COPY(x->holder_code, 7);
		COPY(x->holder_name, 8);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

static qd_rc tmap_lists(qd_db *db, struct tmap *m)
{
	static const char regions_sql[] =
		"SELECT id, code, name FROM regions WHERE active = 1 ORDER BY code";
	static const char categories_sql[] =
		"SELECT DISTINCT category FROM products WHERE active = 1 ORDER BY category";
	sqlite3_stmt *st = db_stmt(db, regions_sql);
	if (!st)
		return db_errcode(db);
	int cap = 0, r;
	while ((r = db_step(db, st, N_("Could not read the regions"))) > 0) {
		if (m->nregions == cap) {
			cap = cap ? cap * 2 : 16;
			m->regions = xrealloc(m->regions, (size_t)cap * sizeof *m->regions);
		}
		struct tmap_region *g = &m->regions[m->nregions++];
		g->id = sqlite3_column_int64(st, 0);
		COPY(g->code, 1);
		COPY(g->name, 2);
	}
	if (r < 0 || !(st = db_stmt(db, categories_sql)))
		return db_errcode(db);
	cap = 0;
	while ((r = db_step(db, st, N_("Could not read the products"))) > 0) {
		if (m->ncategories == cap) {
			cap = cap ? cap * 2 : 16;
			m->categories =
				xrealloc(m->categories, (size_t)cap * sizeof *m->categories);
		}
		COPY(m->categories[m->ncategories++], 0);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

static qd_rc tmap_read(qd_db *db, qd_period p, struct tmap *m)
{
	qd_rc rc = tmap_territories(db, m);
	if (!rc)
		rc = tmap_rights(db, m);
	if (!rc)
		rc = tmap_lists(db, m);
	if (!rc)
		rc = tmap_now(db, m);
	if (!rc)
		rc = tmap_period(db, m, p);
	return rc;
}

qd_rc db_tmap_load(qd_db *db, qd_period p, qd_date today, struct tmap *out)
{
	memset(out, 0, sizeof *out);
	out->today = today;
	out->period = p;
	qd_rc rc = db_read_begin(db);
	if (rc)
		return rc;
	rc = tmap_read(db, p, out);
	db_read_end(db);
	return rc;
}

qd_rc db_tmap_set_period(qd_db *db, struct tmap *m, qd_period p)
{
	qd_rc rc = db_read_begin(db);
	if (rc)
		return rc;
	rc = tmap_period(db, m, p);
	db_read_end(db);
	return rc;
}

qd_rc db_tmap_scores(qd_db *db, struct tmap *m)
{
	if (m->scores)
		return DB_OK;
	struct score_place *places;
	int n = db_scoring_places(db, m->period, m->today, &places);
	if (n < 0)
		return db_errcode(db);
	for (int t = 0; t < n; t++) {
		int i = db_tmap_find(m, places[t].territory_id);
		if (i < 0)
			continue;
		m->nodes[i].all.score_sum = places[t].sum;
		m->nodes[i].all.scored = places[t].distributors;
	}
	free(places);
	m->scores = true;
	return DB_OK;
}

void db_tmap_free(struct tmap *m)
{
	free(m->nodes);
	free(m->regions);
	free(m->rights);
	free(m->cross);
	free(m->categories);
	free(m->by_id);
	memset(m, 0, sizeof *m);
}

/* ---- a panel ---- */

/* Columns of a sold-across-a-border order: c (cross_orders), o, d and the
 * two territories. */
#define TMAP_SHIPMENT_COLS                                                                        \
	"c.order_id, o.order_no, o.order_date, o.ship_date, o.total_fen, d.id, d.code, d.name,"   \
	" coalesce(tf.code, ''), qd_local_name(tf.name, tf.name_en),"                             \
	" coalesce(tt.code, ''), qd_local_name(tt.name, tt.name_en),"                             \
	" coalesce((SELECT incident_id FROM cross_incidents ci WHERE ci.order_id = c.order_id), " \
	"0)"
/* How many: a query that adds a column after them reads it here. */
#define TMAP_SHIPMENT_NCOLS 13
#define TMAP_SHIPMENT_FROM                                         \
	" FROM cross_orders c JOIN orders o ON o.id = c.order_id"  \
	" JOIN distributors d ON d.id = c.distributor_id"          \
	" LEFT JOIN territories tf ON tf.id = c.from_territory_id" \
	" LEFT JOIN territories tt ON tt.id = c.to_territory_id"

static void tmap_shipment_row(sqlite3_stmt *st, struct terrmap_shipment *s)
{
	memset(s, 0, sizeof *s);
	s->order_id = sqlite3_column_int64(st, 0);
	COPY(s->order_no, 1);
	s->order_date = tmap_date(st, 2);
	s->ship_date = tmap_date(st, 3);
	s->total_fen = sqlite3_column_int64(st, 4);
	s->distributor_id = sqlite3_column_int64(st, 5);
	COPY(s->distributor_code, 6);
	COPY(s->distributor_name, 7);
	COPY(s->from_code, 8);
	COPY(s->from_name, 9);
	COPY(s->to_code, 10);
	COPY(s->to_name, 11);
	s->incident_id = sqlite3_column_int64(st, 12);
}

static qd_rc tpanel_reps(qd_db *db, const struct tmap *m, int node, struct tpanel *p)
{
	static const char sql[] = "SELECT r.id, r.code, r.name, r.phone, rt.territory_id, r.active"
				  " FROM rep_territories rt JOIN reps r ON r.id = rt.rep_id"
				  " ORDER BY r.active DESC, r.sort_key, r.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return db_errcode(db);
	int cap = 0, r;
	while ((r = db_step(db, st, N_("Could not read the reps"))) > 0) {
		int t = db_tmap_find(m, sqlite3_column_int64(st, 4));
		if (t < 0 || !(terrmap_within(m->nodes, m->n, node, t) ||
			       terrmap_within(m->nodes, m->n, t, node)))
			continue;
		int64_t id = sqlite3_column_int64(st, 0);
		/* A rep covering it in several ways is listed once. */
		bool seen = false;
		for (int i = 0; i < p->nreps && !seen; i++)
			seen = p->reps[i].id == id;
		if (seen)
			continue;
		if (p->nreps == cap) {
			cap = cap ? cap * 2 : 16;
			p->reps = xrealloc(p->reps, (size_t)cap * sizeof *p->reps);
		}
		struct tpanel_rep *x = &p->reps[p->nreps++];
		memset(x, 0, sizeof *x);
		x->id = id;
		COPY(x->code, 1);
		COPY(x->name, 2);
		COPY(x->phone, 3);
		text_copy(x->through, sizeof x->through, m->nodes[t].code);
		x->active = sqlite3_column_int(st, 5);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

static qd_rc tpanel_shipments(qd_db *db, const struct tmap *m, int node, struct tpanel *p)
{
	/* Into the territory from outside it (or into its own area from under
	 * it: see terrmap_add_cross), and out of it, each by its index; ?1 the
	 * territory, ?2 ?3 the months, ?4 how many. */
	static const char sql[] =
		"WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT t.id FROM territories t"
		" JOIN sub ON t.parent_id = sub.id)"
		" SELECT * FROM (SELECT " TMAP_SHIPMENT_COLS ", 1" TMAP_SHIPMENT_FROM
		" WHERE c.to_territory_id IN sub AND c.month BETWEEN ?2 AND ?3"
		" AND (c.from_territory_id NOT IN sub OR c.to_territory_id = ?1)"
		" UNION ALL SELECT " TMAP_SHIPMENT_COLS ", 0" TMAP_SHIPMENT_FROM
		" WHERE c.from_territory_id IN sub AND c.month BETWEEN ?2 AND ?3"
		" AND c.to_territory_id NOT IN sub)"
		" ORDER BY 4 DESC, 2 DESC LIMIT ?4";
	static const char count_sql[] =
		"WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT t.id FROM territories t"
		" JOIN sub ON t.parent_id = sub.id)"
		" SELECT count(*) FROM cross_orders c WHERE c.month BETWEEN ?2 AND ?3"
		" AND ((c.to_territory_id IN sub) <> (c.from_territory_id IN sub)"
		" OR c.to_territory_id = ?1)";
	char first[8], last[8];
	tmap_months(m->period, first, last);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(m->nodes[node].id), db_text(first), db_text(last),
			   db_int(TPANEL_SHIPMENTS + 1)))
		return db_errcode(db);
	p->shipments = xcalloc(TPANEL_SHIPMENTS + 1, sizeof *p->shipments);
	p->into = xcalloc(TPANEL_SHIPMENTS + 1, sizeof *p->into);
	int r;
	while ((r = db_step(db, st, N_("Could not read the cross-territory sales"))) > 0) {
		if (p->nshipments == TPANEL_SHIPMENTS) {
			sqlite3_reset(st);
			r = 0;
			p->more = 1;
			break;
		}
		tmap_shipment_row(st, &p->shipments[p->nshipments]);
		p->into[p->nshipments++] = sqlite3_column_int(st, TMAP_SHIPMENT_NCOLS);
	}
	if (r < 0)
		return db_errcode(db);
	if (p->more) {
		int64_t total = 0;
		st = db_stmt(db, count_sql);
		if (!st ||
		    db_bind(db, st, db_int(m->nodes[node].id), db_text(first), db_text(last)) ||
		    db_int_of(db, st, &total, NULL))
			return db_errcode(db);
		p->more = total - p->nshipments;
	}
	return DB_OK;
}

qd_rc db_tpanel_load(qd_db *db, const struct tmap *m, int node, struct tpanel *out)
{
	memset(out, 0, sizeof *out);
	if (node < 0 || node >= m->n)
		return db_fail(db, DB_NOTFOUND, TMAP_FIELD_TERRITORY,
			       _("That territory is not on the map."));
	qd_rc rc = db_read_begin(db);
	if (rc)
		return rc;
	rc = tpanel_reps(db, m, node, out);
	if (!rc)
		rc = tpanel_shipments(db, m, node, out);
	db_read_end(db);
	return rc;
}

void db_tpanel_free(struct tpanel *p)
{
	free(p->reps);
	free(p->shipments);
	free(p->into);
	memset(p, 0, sizeof *p);
}

int db_tmap_cross_list(qd_db *db, qd_period p, struct terrmap_shipment **out)
{
	static const char sql[] =
		"SELECT " TMAP_SHIPMENT_COLS TMAP_SHIPMENT_FROM
		" WHERE c.month BETWEEN ?1 AND ?2 ORDER BY o.ship_date, o.order_no";
	char first[8], last[8];
	tmap_months(p, first, last);
	*out = NULL;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(first), db_text(last)))
		return -1;
	int n = 0, cap = 0, r;
	while ((r = db_step(db, st, N_("Could not read the cross-territory sales"))) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		tmap_shipment_row(st, &(*out)[n++]);
	}
	return r < 0 ? -1 : n;
}

qd_rc db_tmap_dist_sales(qd_db *db, const int64_t *ids, int n, qd_period p, int64_t *out)
{
	static const char sql[] =
		"SELECT coalesce(sum(sales_fen), 0) FROM dist_month WHERE distributor_id = ?1"
		" AND month BETWEEN ?2 AND ?3";
	char first[8], last[8];
	tmap_months(p, first, last);
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = db_stmt(db, sql);
		if (!st || db_bind(db, st, db_int(ids[i]), db_text(first), db_text(last)) ||
		    db_int_of(db, st, &out[i], NULL))
			return db_errcode(db);
	}
	return DB_OK;
}

qd_rc db_tmap_shipment(qd_db *db, int64_t order_id, struct terrmap_shipment *out)
{
	static const char sql[] =
		"SELECT " TMAP_SHIPMENT_COLS TMAP_SHIPMENT_FROM " WHERE c.order_id = ?1";
	static const char lines_sql[] =
		"SELECT coalesce(p.name, ''), l.quantity FROM order_lines l"
		" LEFT JOIN products p ON p.id = l.product_id WHERE l.order_id = ?1 ORDER BY l.id";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(order_id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the order"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, TMAP_FIELD_ORDER,
			       _("That order was not sold across a border, or is gone."));
	tmap_shipment_row(st, out);
	sqlite3_reset(st);
	if (!(st = db_stmt(db, lines_sql)) || db_bind(db, st, db_int(order_id)))
		return db_errcode(db);
	struct terrmap_line *lines = NULL;
	int cap = 0;
	while ((r = db_step(db, st, N_("Could not read the order"))) > 0) {
		if (out->nlines == cap) {
			cap = cap ? cap * 2 : 8;
			lines = xrealloc(lines, (size_t)cap * sizeof *lines);
		}
		struct terrmap_line *l = &lines[out->nlines++];
		COPY(l->product, 0);
		l->quantity = sqlite3_column_int64(st, 1);
	}
	out->lines = lines;
	return r < 0 ? db_errcode(db) : DB_OK;
}

void db_tmap_shipment_free(struct terrmap_shipment *s)
{
	free((void *)s->lines);
	s->lines = NULL;
	s->nlines = 0;
}

/* ---- for the forms ---- */

qd_rc db_tmap_dist_by_code(qd_db *db, const char *code, struct tmap_dist *out)
{
	static const char sql[] =
		"SELECT d.id, d.version, d.code, d.name, d.status, coalesce(d.territory_id, 0),"
		" coalesce(t.code, '') FROM distributors d LEFT JOIN territories t"
		" ON t.id = d.territory_id WHERE d.code = ?1 COLLATE NOCASE";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(code ? code : "")))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the distributor"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, TMAP_FIELD_DISTRIBUTOR,
			       _("There is no distributor with the code %s."), code ? code : "");
	out->id = sqlite3_column_int64(st, 0);
	out->version = sqlite3_column_int64(st, 1);
	COPY(out->code, 2);
	COPY(out->name, 3);
	if (lifecycle_status_parse((const char *)sqlite3_column_text(st, 4), &out->status))
		out->status = STATUS_TERMINATED;
	out->territory_id = sqlite3_column_int64(st, 5);
	COPY(out->territory_code, 6);
	sqlite3_reset(st);
	return DB_OK;
}

int db_tmap_category_search(qd_db *db, const char *query, struct ref_item *out, int max)
{
	static const char sql[] =
		"SELECT DISTINCT category FROM products WHERE active = 1"
		" AND (?1 = '' OR instr(category, ?1) > 0 OR qd_pinyin_match(?1, category))"
		" ORDER BY category LIMIT ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(query ? query : ""), db_int(max)))
		return -1;
	int n = 0, r = 0;
	while (n < max && (r = db_step(db, st, N_("Could not read the products"))) > 0) {
		memset(&out[n], 0, sizeof out[n]);
		out[n].id = n + 1;
		COPY(out[n].code, 0);
		COPY(out[n].name, 0);
		n++;
	}
	if (n == max)
		sqlite3_reset(st);
	else if (r < 0)
		return -1;
	return n;
}

int db_tmap_rep_covers(qd_db *db, int64_t rep_id, int64_t territory_id)
{
	static const char sql[] =
		"SELECT 1 FROM rep_territories WHERE rep_id = ?1 AND territory_id = ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(rep_id), db_int(territory_id)))
		return -1;
	int r = db_step(db, st, N_("Could not read the rep's territories"));
	if (r > 0)
		sqlite3_reset(st);
	return r;
}

/* ---- writes ---- */

/* The code and name of a row (distributor, territory, rep) by id, into
 * code and name; DB_NOTFOUND naming `field` when there is none. */
static qd_rc tmap_named(qd_db *db, const char *sql, int64_t id, int field, const char *missing,
			char code[40], char *name, size_t size, int64_t *extra)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not check a reference"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, field, "%s", missing);
	text_copy(code, 40, (const char *)sqlite3_column_text(st, 0));
	text_copy(name, size, (const char *)sqlite3_column_text(st, 1));
	if (extra)
		*extra = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	return DB_OK;
}

static const char tmap_dist_sql[] =
	"SELECT code, name, version, coalesce(territory_id, 0) FROM distributors WHERE id = ?1";
static const char tmap_territory_sql[] = "SELECT code, name, active FROM territories WHERE id = ?1";

/* DB_OK when distributor_id (its code dcode) is active: only an active
 * distributor may be granted a right (a suspended or terminated one holding
 * one is a problem the map flags); else DB_INVALID naming its status. */
static qd_rc tmap_grant_holder(qd_db *db, int64_t distributor_id, const char *dcode)
{
	static const char sql[] = "SELECT status FROM distributors WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(distributor_id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not check a reference"));
	if (r < 0)
		return db_errcode(db);
	qd_status status = STATUS_TERMINATED;
	if (r > 0 && lifecycle_status_parse((const char *)sqlite3_column_text(st, 0), &status))
		status = STATUS_TERMINATED;
	sqlite3_reset(st);
	if (status == STATUS_ACTIVE)
		return DB_OK;
	return db_fail(db, DB_INVALID, TMAP_FIELD_DISTRIBUTOR,
		       _("Distributor %s is %s: only an active distributor can be granted an "
			 "exclusive right."),
		       dcode, _(lifecycle_status_label(status)));
}

/* DB_OK when some product is in category (as stored, so a category spelled
 * differently cannot slip past a right in force); else DB_INVALID. */
static qd_rc tmap_grant_category(qd_db *db, const char *category)
{
	static const char sql[] = "SELECT 1 FROM products WHERE category = ?1 LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(category)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the products"));
	if (r < 0)
		return db_errcode(db);
	sqlite3_reset(st);
	if (r == 0)
		return db_fail(db, DB_INVALID, TMAP_FIELD_CATEGORY,
			       _("No product is in the category %s."), category);
	return DB_OK;
}

static qd_rc tmap_grant(qd_db *db, int64_t distributor_id, int64_t territory_id,
			const char *category, qd_date start, qd_date end, const char *who,
			int64_t *id_out, int *conflicts)
{
	static const char insert_sql[] =
		"INSERT INTO exclusive_rights(id, distributor_id, territory_id, category, "
		"start_date,"
		" end_date, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
		" strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now'))";
	char dcode[40], dname[808], tcode[40], tname[REF_BUF(REF_NAME_MAX)];
	int64_t version, active;
	const char *why = terrmap_grant_check(category, start, end);
	if (why) {
		int field = refdata_category(category) ? TMAP_FIELD_CATEGORY
			    : date_in_range(start)     ? TMAP_FIELD_END
						       : TMAP_FIELD_START;
		return db_fail(db, DB_INVALID, field, "%s", _(why));
	}
	qd_rc rc = tmap_named(db, tmap_dist_sql, distributor_id, TMAP_FIELD_DISTRIBUTOR,
			      _("That distributor is not in the database."), dcode, dname,
			      sizeof dname, &version);
	if (!rc)
		rc = tmap_named(db, tmap_territory_sql, territory_id, TMAP_FIELD_TERRITORY,
				_("That territory is not in the database."), tcode, tname,
				sizeof tname, &active);
	if (rc)
		return rc;
	if (!active)
		return db_fail(db, DB_INVALID, TMAP_FIELD_TERRITORY,
			       _("Territory %s is deactivated."), tcode);
	rc = tmap_grant_holder(db, distributor_id, dcode);
	if (!rc)
		rc = tmap_grant_category(db, category);
	if (rc)
		return rc;
	int64_t id = ids_new();
	char a[DATE_BUF], b[DATE_BUF];
	sqlite3_stmt *st = db_stmt(db, insert_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_int(distributor_id), db_int(territory_id),
			   db_text(category), db_text(date_format(start, a)),
			   db_text(date_format(end, b)));
	if (!rc)
		rc = db_run(db, st);
	if (rc)
		return rc;
	char *summary =
		xasprintf(_("granted %s (%s) the exclusive right to %s in %s (%s), %s to %s"),
			  dname, dcode, category, tname, tcode, a, b);
	rc = db_log_change(db, "exclusive_rights", id, "add", summary, who);
	free(summary);
	if (rc)
		return rc;
	if (id_out)
		*id_out = id;
	if (conflicts) {
		/* The map's rule, over the rights as they now stand. */
		struct tmap m = { 0 };
		*conflicts = 0;
		rc = tmap_territories(db, &m);
		if (!rc)
			rc = tmap_rights(db, &m);
		int self = -1;
		for (int i = 0; !rc && i < m.nrights; i++)
			if (m.rights[i].id == id)
				self = i;
		for (int i = 0; !rc && self >= 0 && i < m.nrights; i++)
			if (i != self && terrmap_rights_conflict(m.nodes, m.n, &m.rights[self],
								 &m.rights[i], date_today()))
				(*conflicts)++;
		db_tmap_free(&m);
	}
	return rc;
}

qd_rc db_tmap_grant(qd_db *db, int64_t distributor_id, int64_t territory_id, const char *category,
		    qd_date start, qd_date end, const char *who, int64_t *id, int *conflicts)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc
		  : db_write_end(db, tmap_grant(db, distributor_id, territory_id, category, start,
						end, who, id, conflicts));
}

static qd_rc tmap_revoke(qd_db *db, int64_t right_id, qd_date on, const char *who)
{
	static const char get_sql[] =
		"SELECT e.start_date, e.end_date, e.category, d.code, t.code FROM exclusive_rights "
		"e"
		" JOIN distributors d ON d.id = e.distributor_id"
		" JOIN territories t ON t.id = e.territory_id WHERE e.id = ?1";
	static const char end_sql[] =
		"UPDATE exclusive_rights SET end_date = ?2,"
		" updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
	static const char delete_sql[] = "DELETE FROM exclusive_rights WHERE id = ?1";
	if (!date_in_range(on))
		return db_fail(db, DB_INVALID, TMAP_FIELD_END, _("The date is not a date."));
	sqlite3_stmt *st = db_stmt(db, get_sql);
	if (!st || db_bind(db, st, db_int(right_id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the exclusive right"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, TMAP_FIELD_NONE,
			       _("That exclusive right is no longer there."));
	qd_date start = tmap_date(st, 0), end = tmap_date(st, 1);
	char category[REF_BUF(REF_CATEGORY_MAX)], dcode[40], tcode[40];
	COPY(category, 2);
	COPY(dcode, 3);
	COPY(tcode, 4);
	sqlite3_reset(st);
	qd_date last = date_add_days(on, -1);
	if (date_cmp(end, last) <= 0)
		return db_fail(db, DB_INVALID, TMAP_FIELD_END, _("That right has ended already."));
	char day[DATE_BUF];
	bool gone = date_cmp(start, last) > 0;
	st = db_stmt(db, gone ? delete_sql : end_sql);
	qd_rc rc = !st	  ? db_errcode(db)
		   : gone ? db_bind(db, st, db_int(right_id))
			  : db_bind(db, st, db_int(right_id), db_text(date_format(last, day)));
	if (!rc)
		rc = db_run(db, st);
	if (rc)
		return rc;
	char *summary =
		gone ? xasprintf(_("revoked %s's exclusive right to %s in %s before it began"),
				 dcode, category, tcode)
		     : xasprintf(_("revoked %s's exclusive right to %s in %s: it ended on %s"),
				 dcode, category, tcode, day);
	rc = db_log_change(db, "exclusive_rights", right_id, gone ? "delete" : "deactivate",
			   summary, who);
	free(summary);
	return rc;
}

qd_rc db_tmap_revoke(qd_db *db, int64_t right_id, qd_date on, const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, tmap_revoke(db, right_id, on, who));
}

static qd_rc tmap_assign_rep(qd_db *db, int64_t rep_id, int64_t territory_id, const char *who)
{
	struct rep_rec rep;
	qd_rc rc = db_setup_rep_get(db, rep_id, &rep);
	if (rc == DB_NOTFOUND)
		db_set_errfield(db, TMAP_FIELD_REP);
	if (rc)
		return rc;
	if (!rep.active)
		return db_fail(db, DB_INVALID, TMAP_FIELD_REP, _("Rep %s is deactivated."),
			       rep.code);
	struct ref_item *covered = NULL;
	int n = db_setup_rep_territories(db, rep_id, &covered);
	if (n < 0)
		return db_errcode(db);
	int64_t *ids = xcalloc((size_t)n + 1, sizeof *ids);
	bool already = false;
	for (int i = 0; i < n; i++) {
		ids[i] = covered[i].id;
		already |= covered[i].id == territory_id;
	}
	free(covered);
	if (!already) {
		ids[n] = territory_id;
		rc = db_setup_rep_save(db, &rep, ids, n + 1, who);
		if (rc == DB_INVALID || rc == DB_NOTFOUND)
			db_set_errfield(db, TMAP_FIELD_TERRITORY);
	}
	free(ids);
	return rc;
}

qd_rc db_tmap_assign_rep(qd_db *db, int64_t rep_id, int64_t territory_id, const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, tmap_assign_rep(db, rep_id, territory_id, who));
}

/* The first max characters of s (UTF-8) into dst of size bytes. */
static void tmap_first_chars(char *dst, size_t size, const char *s, int max)
{
	size_t n = 0;
	for (int chars = 0; s[n] && chars < max; chars++)
		for (n++; ((unsigned char)s[n] & 0xC0) == 0x80; n++)
			;
	text_copy(dst, n + 1 < size ? n + 1 : size, s);
}

static qd_rc tmap_note_move(qd_db *db, int64_t distributor_id, int64_t to, qd_date on,
			    const char *who)
{
	static const char from_sql[] =
		"SELECT coalesce(territory_id, 0) FROM distributors WHERE id = ?1";
	static const char insert_sql[] =
		"INSERT INTO distributor_moves(id, distributor_id, moved_on, seq, "
		"from_territory_id,"
		" to_territory_id, moved_at, moved_by) VALUES (?1, ?2, ?3, (SELECT "
		"coalesce(max(seq),"
		" 0) + 1 FROM distributor_moves WHERE distributor_id = ?2), ?4, ?5, ?6, ?7)";
	int64_t from;
	bool found;
	sqlite3_stmt *st = db_stmt(db, from_sql);
	if (!st || db_bind(db, st, db_int(distributor_id)) || db_int_of(db, st, &from, &found))
		return db_errcode(db);
	if (!found || from == to)
		return DB_OK;
	char day[DATE_BUF], now[24];
	date_format(on, day);
	db_now_utc(now);
	char by[404];
	tmap_first_chars(by, sizeof by, who && *who ? who : "?", 100);
	st = db_stmt(db, insert_sql);
	qd_rc rc = !st ? db_errcode(db)
		       : db_bind(db, st, db_int(ids_new()), db_int(distributor_id), db_text(day),
				 db_id_or_null(from), db_id_or_null(to), db_text(now), db_text(by));
	return rc ? rc : db_run(db, st);
}

qd_rc db_tmap_note_move(qd_db *db, int64_t distributor_id, int64_t to_territory_id, qd_date on,
			const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc
		  : db_write_end(db, tmap_note_move(db, distributor_id, to_territory_id, on, who));
}

static qd_rc tmap_move(qd_db *db, int64_t distributor_id, int64_t version, int64_t territory_id,
		       qd_date on, const char *who)
{
	static const char move_sql[] =
		"UPDATE distributors SET territory_id = ?2, version = version + 1,"
		" updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
		" territory_key = coalesce((SELECT code FROM territories WHERE id = ?2), '')"
		" WHERE id = ?1 AND version = ?3";
	static const char dist_sql[] =
		"SELECT d.code, d.name, d.version, coalesce(t.code, '') FROM distributors d"
		" LEFT JOIN territories t ON t.id = d.territory_id WHERE d.id = ?1";
	char dcode[40], dname[808], tcode[40], tname[REF_BUF(REF_NAME_MAX)], from[40];
	int64_t stored, active;
	if (!date_in_range(on))
		return db_fail(db, DB_INVALID, TMAP_FIELD_NONE, _("The date is not a date."));
	sqlite3_stmt *st = db_stmt(db, dist_sql);
	if (!st || db_bind(db, st, db_int(distributor_id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the distributor"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, TMAP_FIELD_DISTRIBUTOR,
			       _("That distributor is not in the database."));
	COPY(dcode, 0);
	COPY(dname, 1);
	stored = sqlite3_column_int64(st, 2);
	COPY(from, 3);
	sqlite3_reset(st);
	if (stored != version)
		return db_fail(db, DB_CONFLICT, TMAP_FIELD_DISTRIBUTOR,
			       _("Someone else changed this distributor after you opened it; "
				 "nothing was saved."));
	qd_rc rc = tmap_named(db, tmap_territory_sql, territory_id, TMAP_FIELD_TERRITORY,
			      _("That territory is not in the database."), tcode, tname,
			      sizeof tname, &active);
	if (rc)
		return rc;
	if (!active)
		return db_fail(db, DB_INVALID, TMAP_FIELD_TERRITORY,
			       _("Territory %s is deactivated."), tcode);
	if (!strcmp(from, tcode))
		return db_fail(db, DB_INVALID, TMAP_FIELD_TERRITORY, _("%s is in %s already."),
			       dcode, tcode);
	rc = tmap_note_move(db, distributor_id, territory_id, on, who);
	st = rc ? NULL : db_stmt(db, move_sql);
	if (!rc)
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(distributor_id), db_int(territory_id),
				   db_int(version));
	if (!rc)
		rc = db_run(db, st);
	if (rc)
		return rc;
	char day[DATE_BUF];
	char *summary = xasprintf(_("moved %s (%s) from %s to %s (%s) on %s"), dname, dcode,
				  from[0] ? from : "—", tname, tcode, date_format(on, day));
	rc = db_log_change(db, "distributors", distributor_id, "edit", summary, who);
	free(summary);
	return rc;
}

qd_rc db_tmap_move(qd_db *db, int64_t distributor_id, int64_t version, int64_t territory_id,
		   qd_date on, const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc
		  : db_write_end(db, tmap_move(db, distributor_id, version, territory_id, on, who));
}

static qd_rc tmap_record_cross(qd_db *db, int64_t order_id, const char *who, int64_t *id_out)
{
	static const char link_sql[] =
		"INSERT INTO cross_incidents(order_id, incident_id) VALUES (?1, ?2)";
	static const char done_sql[] =
		"SELECT incident_id FROM cross_incidents WHERE order_id = ?1";
	sqlite3_stmt *st = db_stmt(db, done_sql);
	bool found;
	int64_t existing;
	if (!st || db_bind(db, st, db_int(order_id)) || db_int_of(db, st, &existing, &found))
		return db_errcode(db);
	struct terrmap_shipment s;
	qd_rc rc = db_tmap_shipment(db, order_id, &s);
	if (rc) {
		db_tmap_shipment_free(&s);
		return rc;
	}
	if (found) {
		rc = db_fail(db, DB_DUPLICATE, TMAP_FIELD_ORDER,
			     _("An incident is recorded for order %s already."), s.order_no);
		db_tmap_shipment_free(&s);
		return rc;
	}
	char *text = terrmap_evidence(&s);
	struct incident x = { 0 };
	x.distributor_id = s.distributor_id;
	x.occurred_on = s.ship_date;
	snprintf(x.kind, sizeof x.kind, "cross_territory");
	snprintf(x.severity, sizeof x.severity, "high");
	x.description = text;
	rc = db_incident_add(db, &x);
	if (!rc && (st = db_stmt(db, link_sql)) == NULL)
		rc = db_errcode(db);
	if (!rc)
		rc = db_bind(db, st, db_int(order_id), db_int(x.id));
	if (!rc)
		rc = db_run(db, st);
	if (!rc) {
		char *summary = xasprintf(_("recorded a cross-territory incident against %s for "
					    "order %s"),
					  s.distributor_code, s.order_no);
		rc = db_log_change(db, "incidents", x.id, "add", summary, who);
		free(summary);
	}
	if (!rc && id_out)
		*id_out = x.id;
	free(text);
	db_tmap_shipment_free(&s);
	return rc;
}

qd_rc db_tmap_record_cross(qd_db *db, int64_t order_id, const char *who, int64_t *id)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, tmap_record_cross(db, order_id, who, id));
}
