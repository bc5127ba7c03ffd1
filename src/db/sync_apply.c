/* Sync, part two: applying another device's changes, finding conflicts,
 * and settling them.
 *
 * Every field is a last-writer-wins register: a change carries its time and
 * device, sync_clock holds the time of each field's last change here, and
 * the later change wins (time, then device id) whatever order the changes
 * arrive in, so every device ends with the same value. A field changed on
 * both sides since they last agreed is a conflict: the losing version is
 * kept in sync_conflicts for review. What cannot be settled by time waits
 * for a person: a row deleted on one side and changed on the other, a
 * duplicate code (or another rule of the schema), a lifecycle move the rules
 * forbid after the other side's move; rows that hang off a row that waits
 * (a new distributor's orders) wait with it.
 *
 * Changes are applied with ordinary SQL, so the triggers keep the kept
 * figures; the search keys and index of touched distributors are made again
 * at the end. None of it is recorded as this device's own change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/date.h"
#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/labels.h"
#include "qudao/lifecycle.h"
#include "qudao/money.h"
#include "qudao/sync.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "sync_internal.h"

/* ---- a small map of strings to integers ------------------------------------ */

struct smap {
	char **keys;
	int64_t *vals;
	size_t cap, n;
};

static uint64_t smap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void smap_put(struct smap *m, const char *key, int64_t val);

static void smap_grow(struct smap *m)
{
	struct smap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i]) {
			smap_put(m, old.keys[i], old.vals[i]);
			free(old.keys[i]);
		}
	free(old.keys);
	free(old.vals);
}

static void smap_put(struct smap *m, const char *key, int64_t val)
{
	if ((m->n + 1) * 2 > m->cap)
		smap_grow(m);
	size_t i = smap_hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	if (!m->keys[i]) {
		m->keys[i] = xstrdup(key);
		m->n++;
	}
	m->vals[i] = val;
}

static bool smap_get(const struct smap *m, const char *key, int64_t *val)
{
	if (!m->cap)
		return false;
	size_t i = smap_hash(key) & (m->cap - 1);
	while (m->keys[i]) {
		if (!strcmp(m->keys[i], key)) {
			if (val)
				*val = m->vals[i];
			return true;
		}
		i = (i + 1) & (m->cap - 1);
	}
	return false;
}

static void smap_free(struct smap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* ---- values ------------------------------------------------------------------ */

static bool val_eq(sqlite3_value *a, sqlite3_value *b)
{
	if (!a || !b)
		return a == b;
	int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);
	if (ta != tb)
		return false;
	switch (ta) {
	case SQLITE_NULL:
		return true;
	case SQLITE_INTEGER:
		return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	case SQLITE_FLOAT:
		return sqlite3_value_double(a) == sqlite3_value_double(b);
	default: {
		int n = sqlite3_value_bytes(a);
		if (n != sqlite3_value_bytes(b))
			return false;
		const void *pa = ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(a)
						   : sqlite3_value_blob(a);
		const void *pb = ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(b)
						   : sqlite3_value_blob(b);
		return n == 0 || memcmp(pa, pb, (size_t)n) == 0;
	}
	}
}

/* A change time and device; "" sorts before every time: a field with no
 * time of its own was set when its row was made. */
struct clock {
	char at[32];
	int64_t device;
};

static int clock_cmp(const struct clock *a, const struct clock *b)
{
	int c = strcmp(a->at, b->at);
	if (c)
		return c;
	return a->device < b->device ? -1 : a->device > b->device;
}

/* ---- the applier ------------------------------------------------------------- */

/* Prepared statements for one table, made on first use. */
struct table_sql {
	sqlite3_stmt *select, *insert, *delete, *bump;
	sqlite3_stmt **update; /* one per column */
	sqlite3_stmt **parent; /* one per reference: is the row it points to here? */
};

struct touched {
	int64_t id;
	char *indexed; /* the key the search index holds; NULL when none */
};

struct sync_apply {
	qd_db *db;
	const struct sync_schema *s;
	struct table_sql *sql;
	int64_t self;
	char from_name[128];
	/* Rows waiting for a conflict, "table\x1fkey" to its id. */
	struct smap held;
	/* Rows this device deleted in the changes it still keeps (read when a
	 * snapshot first needs it), "table\x1fkey". */
	struct smap deleted_here;
	bool deleted_read;
	/* Times a snapshot carries for its fields. */
	struct smap snap_clock_at;
	char **snap_clock_text;
	int nsnap, capsnap;
	/* Distributors and reps to make keys for at the end. */
	struct touched *dist;
	int ndist, capdist;
	struct smap dist_seen, reps_seen;
	int64_t *reps;
	int nreps, capreps;
	bool any_open;
	int64_t changes, conflicts, open;
	/* The last conflict before this import (those after it are counted
	 * in conflicts and open). */
	int64_t first_conflict;
	/* Deletions by a decision held here (open): a change of their row
	 * from the deciding device withdraws one. */
	bool deletions_held;
	/* Conflicts added that wait (held ones too), and the changes of the
	 * bundle that wait with them instead of taking effect. */
	int64_t waits, waiting_changes;
	/* Changes that found their row as they would leave it (a bundle that
	 * came again, a snapshot of rows already here): not counted. */
	int64_t unchanged;
	/* The change being applied. */
	int64_t origin;
	const char *at, *by;
	bool snapshot;
};

static qd_rc fail_prepare(qd_db *db)
{
	return db_fail_sqlite(db, _("Could not apply the changes"));
}

static sqlite3_stmt *prep(qd_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db_handle(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK) {
		fail_prepare(db);
		return NULL;
	}
	return st;
}

/* "a" = ?k AND "b" = ?k+1 ... over the key columns. */
static void where_pk(char *buf, size_t n, const struct sync_table *t, int first)
{
	size_t used = 0;
	int k = first;
	buf[0] = '\0';
	for (int c = 0; c < t->ncol; c++)
		if (t->pk[c])
			used += (size_t)snprintf(buf + used, n - used, "%s\"%s\" = ?%d",
						 k == first ? "" : " AND ", t->cols[c], k),
				k++;
}

static struct table_sql *table_sql(struct sync_apply *a, int ti)
{
	struct table_sql *q = &a->sql[ti];
	if (q->select)
		return q;
	const struct sync_table *t = &a->s->t[ti];
	size_t cap = 256 + (size_t)t->ncol * 48;
	char *cols = xmalloc(cap), *marks = xmalloc(cap), *sql = xmalloc(cap * 2 + 512);
	char where[512];
	size_t cu = 0, mu = 0;
	for (int c = 0; c < t->ncol; c++) {
		cu += (size_t)snprintf(cols + cu, cap - cu, "%s\"%s\"", c ? ", " : "", t->cols[c]);
		mu += (size_t)snprintf(marks + mu, cap - mu, "%s?%d", c ? ", " : "", c + 1);
	}
	where_pk(where, sizeof where, t, 1);
	snprintf(sql, cap * 2 + 512, "SELECT %s FROM \"%s\" WHERE %s", cols, t->name, where);
	q->select = prep(a->db, sql);
	snprintf(sql, cap * 2 + 512, "INSERT INTO \"%s\"(%s) VALUES (%s)", t->name, cols, marks);
	q->insert = prep(a->db, sql);
	snprintf(sql, cap * 2 + 512, "DELETE FROM \"%s\" WHERE %s", t->name, where);
	q->delete = prep(a->db, sql);
	if (t->version_col >= 0) {
		snprintf(sql, cap * 2 + 512, "UPDATE \"%s\" SET version = version + 1 WHERE %s",
			 t->name, where);
		q->bump = prep(a->db, sql);
	}
	q->update = xcalloc((size_t)t->ncol, sizeof *q->update);
	q->parent = xcalloc((size_t)t->nfk + 1, sizeof *q->parent);
	bool parents_ok = true;
	for (int f = 0; f < t->nfk; f++) {
		const struct sync_table *p = &a->s->t[t->fks[f].parent];
		snprintf(sql, cap * 2 + 512, "SELECT 1 FROM \"%s\" WHERE \"%s\" = ?1", p->name,
			 p->cols[t->fks[f].parent_col]);
		if (!(q->parent[f] = prep(a->db, sql)))
			parents_ok = false;
	}
	free(cols);
	free(marks);
	free(sql);
	if (!q->select || !q->insert || !q->delete || (t->version_col >= 0 && !q->bump) ||
	    !parents_ok)
		return NULL;
	return q;
}

static sqlite3_stmt *update_sql(struct sync_apply *a, int ti, int col)
{
	struct table_sql *q = table_sql(a, ti);
	if (!q)
		return NULL;
	if (q->update[col])
		return q->update[col];
	const struct sync_table *t = &a->s->t[ti];
	char where[512], sql[768];
	where_pk(where, sizeof where, t, 2);
	snprintf(sql, sizeof sql, "UPDATE \"%s\" SET \"%s\" = ?1 WHERE %s", t->name, t->cols[col],
		 where);
	q->update[col] = prep(a->db, sql);
	return q->update[col];
}

/* Binds the key columns of vals from parameter first on. */
static void bind_pk(sqlite3_stmt *st, const struct sync_table *t, sqlite3_value **vals, int first)
{
	int k = first;
	for (int c = 0; c < t->ncol; c++)
		if (t->pk[c])
			sqlite3_bind_value(st, k++, vals[c]);
}

/* Reads the local row with the key of vals into row[] (copies the caller
 * frees with row_free). 1 found, 0 not, -1 error. */
static int row_read(struct sync_apply *a, int ti, sqlite3_value **vals, sqlite3_value **row)
{
	struct table_sql *q = table_sql(a, ti);
	if (!q)
		return -1;
	const struct sync_table *t = &a->s->t[ti];
	sqlite3_reset(q->select);
	bind_pk(q->select, t, vals, 1);
	int r = sqlite3_step(q->select);
	if (r == SQLITE_DONE) {
		sqlite3_reset(q->select);
		return 0;
	}
	if (r != SQLITE_ROW) {
		db_fail_sqlite(a->db, _("Could not apply the changes"));
		sqlite3_reset(q->select);
		return -1;
	}
	for (int c = 0; c < t->ncol; c++)
		row[c] = sqlite3_value_dup(sqlite3_column_value(q->select, c));
	sqlite3_reset(q->select);
	return 1;
}

static void row_free(sqlite3_value **row, int n)
{
	for (int c = 0; c < n; c++) {
		sqlite3_value_free(row[c]);
		row[c] = NULL;
	}
}

static qd_rc step_done(struct sync_apply *a, sqlite3_stmt *st)
{
	int r = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (r == SQLITE_DONE)
		return DB_OK;
	return db_fail_sqlite(a->db, _("Could not apply the changes"));
}

static qd_rc savepoint(struct sync_apply *a, const char *sql)
{
	if (sqlite3_exec(db_handle(a->db), sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail_sqlite(a->db, _("Could not apply the changes"));
	return DB_OK;
}

/* ---- field times ------------------------------------------------------------ */

static void clock_get(struct sync_apply *a, const char *tbl, const char *key, const char *col,
		      struct clock *out)
{
	static const char sql[] = "SELECT at, device FROM sync_clock WHERE tbl = ?1 AND key = ?2"
				  " AND col = ?3";
	out->at[0] = '\0';
	out->device = 0;
	sqlite3_stmt *st = db_stmt(a->db, sql);
	if (!st || db_bind(a->db, st, db_text(tbl), db_text(key), db_text(col)))
		return;
	if (db_step(a->db, st, "") > 0) {
		snprintf(out->at, sizeof out->at, "%s", (const char *)sqlite3_column_text(st, 0));
		out->device = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
	}
}

static qd_rc clock_set(struct sync_apply *a, const char *tbl, const char *key, const char *col,
		       const struct clock *c)
{
	static const char sql[] =
		"INSERT INTO sync_clock(tbl, key, col, at, device) VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT(tbl, key, col) DO UPDATE SET at = excluded.at,"
		" device = excluded.device";
	if (!c->at[0])
		return DB_OK;
	sqlite3_stmt *st = db_stmt(a->db, sql);
	qd_rc rc = !st ? db_errcode(a->db)
		       : db_bind(a->db, st, db_text(tbl), db_text(key), db_text(col),
				 db_text(c->at), db_int(c->device));
	return rc ? rc : db_run(a->db, st);
}

/* The time of an incoming field: the change's, or, in a snapshot, the one
 * the snapshot carries for it ("" when none). */
static void clock_incoming(struct sync_apply *a, const char *tbl, const char *key, const char *col,
			   struct clock *out)
{
	if (!a->snapshot) {
		snprintf(out->at, sizeof out->at, "%s", a->at);
		out->device = a->origin;
		return;
	}
	out->at[0] = '\0';
	out->device = 0;
	char *k = xasprintf("%s\x1f%s\x1f%s", tbl, key, col);
	int64_t i;
	if (smap_get(&a->snap_clock_at, k, &i)) {
		const char *text = a->snap_clock_text[i];
		const char *sep = strchr(text, '\x1f');
		if (sep) {
			snprintf(out->at, sizeof out->at, "%.*s", (int)(sep - text), text);
			out->device = strtoll(sep + 1, NULL, 10);
		}
	}
	free(k);
}

/* ---- touched rows ----------------------------------------------------------- */

/* Notes a distributor before it changes: the key the index holds for it
 * (its row's search key when it was there before this import). */
static void touch_distributor(struct sync_apply *a, int64_t id, sqlite3_value **row,
			      const struct sync_table *t)
{
	char k[24];
	snprintf(k, sizeof k, "%lld", (long long)id);
	if (smap_get(&a->dist_seen, k, NULL))
		return;
	smap_put(&a->dist_seen, k, 1);
	if (a->ndist == a->capdist) {
		a->capdist = a->capdist ? a->capdist * 2 : 64;
		a->dist = xrealloc(a->dist, (size_t)a->capdist * sizeof *a->dist);
	}
	struct touched *d = &a->dist[a->ndist++];
	d->id = id;
	d->indexed = NULL;
	if (row)
		for (int c = 0; c < t->ncol; c++)
			if (!strcmp(t->cols[c], "search_key") && row[c] &&
			    sqlite3_value_type(row[c]) == SQLITE_TEXT)
				d->indexed = xstrdup((const char *)sqlite3_value_text(row[c]));
}

static void touch_rep(struct sync_apply *a, int64_t id)
{
	char k[24];
	snprintf(k, sizeof k, "%lld", (long long)id);
	if (smap_get(&a->reps_seen, k, NULL))
		return;
	smap_put(&a->reps_seen, k, 1);
	if (a->nreps == a->capreps) {
		a->capreps = a->capreps ? a->capreps * 2 : 16;
		a->reps = xrealloc(a->reps, (size_t)a->capreps * sizeof *a->reps);
	}
	a->reps[a->nreps++] = id;
}

static void touch(struct sync_apply *a, int ti, sqlite3_value **key_vals, sqlite3_value **row)
{
	const struct sync_table *t = &a->s->t[ti];
	int pk = -1;
	for (int c = 0; c < t->ncol; c++)
		if (t->pk[c])
			pk = c;
	if (pk < 0 || !key_vals[pk])
		return;
	if (!strcmp(t->name, "distributors"))
		touch_distributor(a, sqlite3_value_int64(key_vals[pk]), row, t);
	else if (!strcmp(t->name, "reps"))
		touch_rep(a, sqlite3_value_int64(key_vals[pk]));
}

/* ---- conflicts ------------------------------------------------------------- */

static const char *const kind_codes[] = {
	[SYNC_OVERWRITTEN] = "overwritten",
	[SYNC_KEPT] = "kept",
	[SYNC_UNIQUE] = "unique",
	[SYNC_RULE] = "rule",
	[SYNC_DELETED] = "deleted",
	[SYNC_MISSING] = "missing",
	[SYNC_HELD] = "held",
};

bool sync_conflict_pending(enum sync_conflict_kind k)
{
	return k != SYNC_OVERWRITTEN && k != SYNC_KEPT;
}

/* The column of t holding its code (or SKU, order or invoice number), -1
 * for none. */
int sync_unique_col(const struct sync_table *t)
{
	static const char *const unique[] = { "code", "sku", "order_no", "invoice_no" };
	for (size_t u = 0; u < sizeof unique / sizeof unique[0]; u++)
		for (int c = 0; c < t->ncol; c++)
			if (!strcmp(t->cols[c], unique[u]))
				return c;
	return -1;
}

/* Steps st, a write of a row, unless its number is taken in another case
 * (taken, from sync_number_taken, holds detail then): SQLite's result, or
 * a duplicate's. *ext gets the extended code, detail the refusal's words. */
static int step_unless_taken(struct sync_apply *a, sqlite3_stmt *st, int taken, int *ext,
			     char *detail, size_t size)
{
	if (taken) {
		*ext = SQLITE_CONSTRAINT;
		return SQLITE_CONSTRAINT;
	}
	int r = sqlite3_step(st);
	*ext = sqlite3_extended_errcode(db_handle(a->db));
	snprintf(detail, size, "%s", sqlite3_errmsg(db_handle(a->db)));
	return r;
}

const char *const sync_missing_refusal =
	N_("Theirs is a new record whose distributor (or order) is not here, deleted or "
	   "discarded here: keeping it out would delete it on every device, the one it was "
	   "made on too. It waits until that record comes back (their side keeps it), then "
	   "t takes it in; or until they delete it.");

bool sync_conflict_discards(const struct sync_conflict *c)
{
	return !strcmp(c->op, "insert") && c->kind != SYNC_RULE;
}

/* The distributor a row belongs to, for showing the conflict; 0 when none. */
static int64_t row_distributor(struct sync_apply *a, int ti, sqlite3_value **vals)
{
	const struct sync_table *t = &a->s->t[ti];
	if (t->scope == SCOPE_DISTRIBUTOR && vals[t->scope_col] &&
	    sqlite3_value_type(vals[t->scope_col]) == SQLITE_INTEGER)
		return sqlite3_value_int64(vals[t->scope_col]);
	if (t->scope == SCOPE_PARENT && vals[t->scope_col]) {
		const struct sync_table *p = &a->s->t[t->scope_parent];
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT \"%s\" FROM \"%s\" WHERE \"%s\" = ?1",
			 p->cols[p->scope_col], p->name, sync_pk_name(p));
		sqlite3_stmt *st;
		int64_t d = 0;
		if (sqlite3_prepare_v2(db_handle(a->db), sql, -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_value(st, 1, vals[t->scope_col]);
			if (sqlite3_step(st) == SQLITE_ROW)
				d = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
		return d;
	}
	return 0;
}

struct conflict_rec {
	enum sync_conflict_kind kind;
	int ti;
	const char *key;
	const char *op;
	int64_t distributor_id, parent;
	const char *fields, *mine, *theirs;
	const struct clock *mine_clock;
	const char *detail;
};

/* A new row that already waits here (the same insert sent again, a
 * distributor sent whole once more), or a forbidden move on a row that
 * waits for one (rule_fold): the waiting conflict takes the newer version;
 * no second one is opened for the same row. Its id, 0 for none, -1 on
 * error. */
static int64_t conflict_waiting(struct sync_apply *a, const struct conflict_rec *r)
{
	static const char find_sql[] =
		"SELECT id FROM sync_conflicts WHERE state = 'open' AND tbl = ?1 AND key = ?2"
		" AND (op = 'insert' OR ?4) AND kind = ?3 ORDER BY id LIMIT 1";
	static const char update_sql[] =
		"UPDATE sync_conflicts SET theirs = ?2, theirs_at = ?3, theirs_device = ?4,"
		" theirs_by = ?5, detail = ?6, parent_id = coalesce(?7, parent_id),"
		" fields = coalesce(?8, fields), mine = coalesce(?9, mine) WHERE id = ?1";
	bool rule = r->kind == SYNC_RULE;
	if (!rule && (strcmp(r->op, "insert") ||
		      (r->kind != SYNC_UNIQUE && r->kind != SYNC_MISSING && r->kind != SYNC_HELD)))
		return 0;
	sqlite3_stmt *st = db_stmt(a->db, find_sql);
	int64_t id = 0;
	if (!st ||
	    db_bind(a->db, st, db_text(a->s->t[r->ti].name), db_text(r->key),
		    db_text(kind_codes[r->kind]), db_int(rule)) ||
	    db_int_of(a->db, st, &id, NULL) != DB_OK)
		return -1;
	if (!id)
		return 0;
	st = db_stmt(a->db, update_sql);
	if (!st ||
	    db_bind(a->db, st, db_int(id), db_text(r->theirs), db_text(a->at), db_int(a->origin),
		    db_text(a->by ? a->by : ""), db_text(r->detail ? r->detail : ""),
		    db_id_or_null(r->parent), db_text_or_null(rule ? r->fields : NULL),
		    db_text_or_null(rule ? r->mine : NULL)) ||
	    db_run(a->db, st))
		return -1;
	return id;
}

static qd_rc conflict_add(struct sync_apply *a, const struct conflict_rec *r, int64_t *id)
{
	int64_t waiting = conflict_waiting(a, r);
	if (waiting < 0)
		return db_errcode(a->db);
	if (waiting) {
		if (id)
			*id = waiting;
		/* Counted as the list shows them: what waits only because
		 * another does is under that one, and one this import opened
		 * is counted once. */
		if (r->kind != SYNC_HELD && waiting <= a->first_conflict)
			a->conflicts++;
		a->waits++;
		a->any_open = true;
		return DB_OK;
	}
	static const char sql[] =
		"INSERT INTO sync_conflicts(state, kind, tbl, key, distributor_id, parent_id, op,"
		" fields, mine, theirs, mine_at, mine_device, theirs_at, theirs_device, theirs_by,"
		" detail, detected_at) VALUES ('open', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
		"?11,"
		" ?12, ?13, ?14, ?15, ?16)";
	char now[32];
	sync_now(now);
	sqlite3_stmt *st = db_stmt(a->db, sql);
	const struct clock *mc = r->mine_clock;
	qd_rc rc =
		!st ? db_errcode(a->db)
		    : db_bind(a->db, st, db_text(kind_codes[r->kind]), db_text(a->s->t[r->ti].name),
			      db_text(r->key), db_id_or_null(r->distributor_id),
			      db_id_or_null(r->parent), db_text(r->op),
			      db_text(r->fields ? r->fields : "[]"), db_text(r->mine),
			      db_text(r->theirs), db_text_or_null(mc ? mc->at : NULL),
			      db_id_or_null(mc ? mc->device : 0), db_text(a->at), db_int(a->origin),
			      db_text(a->by ? a->by : ""), db_text(r->detail ? r->detail : ""),
			      db_text(now));
	if (!rc)
		rc = db_run(a->db, st);
	if (rc)
		return rc;
	if (id)
		*id = sqlite3_last_insert_rowid(db_handle(a->db));
	if (r->kind != SYNC_HELD)
		a->conflicts++;
	if (sync_conflict_pending(r->kind) && r->kind != SYNC_HELD)
		a->open++;
	if (sync_conflict_pending(r->kind))
		a->waits++;
	a->any_open = true;
	return DB_OK;
}

static void held_key(char *buf, size_t n, const char *table, const char *key)
{
	snprintf(buf, n, "%s\x1f%s", table, key);
}

/* Open conflicts on row ?2 of table ?1, settled by a decision made on
 * another device (?4) at ?3: the statements below add which. */
#define SETTLE_ELSEWHERE \
	"UPDATE sync_conflicts SET state = 'resolved', resolution = 'elsewhere'," \
	" resolved_at = ?3, resolved_by = ?4 WHERE tbl = ?1 AND key = ?2 AND state = 'open'"

/* Runs sql (SETTLE_ELSEWHERE and its own conditions) on row key of table:
 * ?1 to ?4 bound here, the n values of more from ?5 on. */
static qd_rc settle_run(struct sync_apply *a, const char *sql, const char *table, const char *key,
			const struct db_val *more, int n)
{
	char now[32];
	sync_now(now);
	sqlite3_stmt *st = db_stmt(a->db, sql);
	qd_rc rc = !st ? db_errcode(a->db)
		       : db_bind(a->db, st, db_text(table), db_text(key), db_text(now),
				 db_text(a->from_name));
	if (!rc)
		rc = db_bind_values(a->db, st, 5, more, n);
	return rc ? rc : db_run(a->db, st);
}

/* Pending conflicts on a row that now arrived whole from elsewhere are
 * settled: someone decided on another device. */
static qd_rc resolve_elsewhere(struct sync_apply *a, const char *table, const char *key,
			       const char *kinds)
{
	static const char sql[] = SETTLE_ELSEWHERE " AND instr(?5, ',' || kind || ',') > 0";
	if (!a->any_open)
		return DB_OK;
	qd_rc rc = settle_run(a, sql, table, key, DB_VALS_(db_text(kinds)), 1);
	char hk[512];
	held_key(hk, sizeof hk, table, key);
	if (!rc && smap_get(&a->held, hk, NULL))
		smap_put(&a->held, hk, 0);
	return rc;
}

/* The names of the columns of t marked in mask, as a JSON array
 * (["phone","notes"]); *n, when given, how many. */
static char *cols_json(const struct sync_table *t, const bool *mask, int *n)
{
	struct cs_buf f = { 0 };
	int k = 0;
	cs_put(&f, "[", 1);
	for (int c = 0; c < t->ncol; c++)
		if (mask[c]) {
			char *q = xasprintf("%s\"%s\"", k++ ? "," : "", t->cols[c]);
			cs_put(&f, q, strlen(q));
			free(q);
		}
	cs_put(&f, "]", 2);
	if (n)
		*n = k;
	return (char *)f.p;
}

/* "Mine was later and stayed" is no longer so once a later change of
 * theirs took one of its fields (a decision made there, sent back): that
 * conflict is settled elsewhere rather than left to review with a false
 * account of what the row holds. */
static qd_rc kept_overtaken(struct sync_apply *a, const struct sync_table *t, const char *key,
			    const bool *take)
{
	static const char sql[] = SETTLE_ELSEWHERE
		" AND kind = 'kept' AND EXISTS (SELECT 1 FROM"
		" json_each(fields) f WHERE f.value IN (SELECT value FROM json_each(?5)))";
	if (!a->any_open)
		return DB_OK;
	bool taken[t->ncol];
	for (int c = 0; c < t->ncol; c++)
		taken[c] = take[c] && strcmp(t->cols[c], "updated_at");
	int n;
	char *fields = cols_json(t, taken, &n);
	qd_rc rc = DB_OK;
	if (n)
		rc = settle_run(a, sql, t->name, key, DB_VALS_(db_text(fields)), 1);
	free(fields);
	return rc;
}

/* Conflicts of the kinds listed (",kept,overwritten,") on the row whose
 * every field holds in `brought` what it holds in `here` (a JSON row;
 * NULL: the conflict's own version of mine) are settled elsewhere: both
 * sides now hold the same, by a decision made there.
 * - A decision to keep the row as it was (sync_resolve.c, keep_as_is),
 *   against the row here: it changes no data, so it never wins over a
 *   later change of either side.
 * - "Theirs was later and replaced mine", against a later change of theirs
 *   that brings back what mine was. Any other later change leaves it to
 *   review. */
static qd_rc settle_same(struct sync_apply *a, const struct sync_table *t, const char *key,
			 const char *kinds, const char *brought, const char *here)
{
#define FIELD_OF(json) "json_extract(" json ", '$.\"' || f.value || '\"')"
	static const char sql[] = SETTLE_ELSEWHERE
		" AND instr(?5, ',' || kind || ',') > 0 AND json_array_length(fields) > 0"
		" AND NOT EXISTS (SELECT 1 FROM json_each(fields) f"
		"  WHERE json_type(?6, '$.\"' || f.value || '\"') IS NULL"
		"  OR " FIELD_OF("?6") " IS NOT " FIELD_OF("coalesce(?7, mine)") ")";
#undef FIELD_OF
	if (!a->any_open)
		return DB_OK;
	return settle_run(a, sql, t->name, key,
			  DB_VALS_(db_text(kinds), db_text(brought), db_text_or_null(here)), 3);
}

/* An overwritten conflict that the change, taking what it takes, brings
 * back to what mine was (settle_same). */
static qd_rc overwritten_restored(struct sync_apply *a, const struct sync_table *t,
				  const char *key, sqlite3_value **new, const bool *take)
{
	if (!a->any_open)
		return DB_OK;
	sqlite3_value *taken[t->ncol];
	for (int c = 0; c < t->ncol; c++)
		taken[c] = take[c] ? new[c] : NULL;
	char *brought = sync_json_row(t, taken);
	qd_rc rc = settle_same(a, t, key, ",overwritten,", brought, NULL);
	free(brought);
	return rc;
}

/* The conflict a row waits for (0: it does not wait). */
static int64_t held_by(struct sync_apply *a, const char *table, const char *key)
{
	char hk[512];
	int64_t id = 0;
	held_key(hk, sizeof hk, table, key);
	return smap_get(&a->held, hk, &id) ? id : 0;
}

/* Whether a new row must wait: one of its references points to a row that
 * waits, or to a row that is not here. *parent gets the conflict it waits
 * for (0 when the referenced row is simply missing). */
static int must_wait(struct sync_apply *a, int ti, sqlite3_value **vals, int64_t *parent, char *why,
		     size_t n)
{
	const struct sync_table *t = &a->s->t[ti];
	*parent = 0;
	for (int f = 0; f < t->nfk; f++) {
		sqlite3_value *v = vals[t->fks[f].col];
		if (!v || sqlite3_value_type(v) == SQLITE_NULL)
			continue;
		const struct sync_table *p = &a->s->t[t->fks[f].parent];
		char *key = NULL;
		if (p->pk[t->fks[f].parent_col]) {
			sqlite3_value *kv[p->ncol];
			for (int c = 0; c < p->ncol; c++)
				kv[c] = c == t->fks[f].parent_col ? v : NULL;
			key = sync_key(p, kv);
			int64_t c = held_by(a, p->name, key);
			if (c) {
				*parent = c;
				free(key);
				snprintf(why, n, "%s", p->name);
				return 1;
			}
		}
		free(key);
		struct table_sql *q = table_sql(a, ti);
		if (!q)
			return -1;
		sqlite3_stmt *st = q->parent[f];
		sqlite3_bind_value(st, 1, v);
		int r = sqlite3_step(st);
		sqlite3_reset(st);
		if (r == SQLITE_DONE) {
			snprintf(why, n, "%s", p->name);
			return 1;
		}
		if (r != SQLITE_ROW)
			return -1;
	}
	return 0;
}

/* ---- applying one change ---------------------------------------------------- */

/* The values theirs has for a row: new (or old, for a delete) with the key. */
static void theirs_vals(const struct sync_table *t, int op, sqlite3_value **old,
			sqlite3_value **new, sqlite3_value **out)
{
	for (int c = 0; c < t->ncol; c++)
		out[c] = op == SQLITE_DELETE ? old[c]
					     : (new[c] ? new[c] : (t->pk[c] ? old[c] : NULL));
}

static qd_rc apply_insert(struct sync_apply *a, int ti, sqlite3_value **new);
static qd_rc apply_update(struct sync_apply *a, int ti, sqlite3_value **old, sqlite3_value **new,
			  bool from_insert);
static qd_rc apply_delete(struct sync_apply *a, int ti, sqlite3_value **old);

/* The status column of distributors or visits, or -1. */
int sync_status_col(const struct sync_table *t)
{
	if (strcmp(t->name, "distributors") && strcmp(t->name, "visits"))
		return -1;
	for (int c = 0; c < t->ncol; c++)
		if (!strcmp(t->cols[c], "status"))
			return c;
	return -1;
}

/* The fields closing a visit sets, beside its status: done, its record;
 * missed or cancelled, the reason. On an open visit each is empty (or
 * NULL: null). */
static const struct {
	const char *col;
	bool null;
} visit_closing[] = {
	{ "reason", false },	       { "recorded_by", false }, { "summary", false },
	{ "competitor_notes", false }, { "done_at", true },	 { "display_score", true },
	{ "objective_met", true },     { "order_id", true },
};

/* For a visit: marks every field its close sets as brought, and gives
 * theirs (vals) those their change did not bring as an open visit has
 * them (open: the two values made, for the caller to free). */
static qd_rc closing_fields(struct sync_apply *a, const struct sync_table *t, bool *brought,
			    sqlite3_value **vals, sqlite3_value **open)
{
	if (strcmp(t->name, "visits"))
		return DB_OK;
	/* (SQLite makes a value only as a column of a statement: these two
	 * are copied from one.) */
	sqlite3_stmt *st = db_stmt(a->db, "SELECT '', NULL");
	if (!st)
		return db_errcode(a->db);
	if (sqlite3_step(st) == SQLITE_ROW) {
		open[0] = sqlite3_value_dup(sqlite3_column_value(st, 0));
		open[1] = sqlite3_value_dup(sqlite3_column_value(st, 1));
	}
	sqlite3_reset(st);
	if (!open[0] || !open[1])
		return db_fail(a->db, DB_ERROR, 0, _("Could not apply the changes"));
	for (int c = 0; c < t->ncol; c++)
		for (size_t i = 0; i < sizeof visit_closing / sizeof visit_closing[0]; i++)
			if (!strcmp(t->cols[c], visit_closing[i].col)) {
				brought[c] = true;
				if (!vals[c])
					vals[c] = open[visit_closing[i].null];
			}
	return DB_OK;
}

/* A forbidden move on a row that already waits for one (a visit recorded
 * here, then confirmed and cancelled there: two moves of theirs, each
 * forbidden after mine): the one waiting folds into this one, mine against
 * their latest, so that a person decides once. The fields it brought that
 * this change does not bring keep its values in vals (kept: the copies
 * made, for the caller to free) and stay brought. Deciding the two apart
 * could leave a row neither side made (confirmed, with nothing recorded). */
static qd_rc rule_fold(struct sync_apply *a, const struct sync_table *t, const char *key,
		       bool *brought, sqlite3_value **vals, sqlite3_value **kept)
{
	static const char sql[] =
		"SELECT e.key, e.value, EXISTS (SELECT 1 FROM json_each(c.fields) f"
		" WHERE f.value = e.key) FROM sync_conflicts c, json_each(c.theirs) e"
		" WHERE c.id = (SELECT id FROM sync_conflicts WHERE state = 'open'"
		" AND kind = 'rule' AND tbl = ?1 AND key = ?2 ORDER BY id LIMIT 1)";
	sqlite3_stmt *st = db_stmt(a->db, sql);
	qd_rc rc = !st ? db_errcode(a->db) : db_bind(a->db, st, db_text(t->name), db_text(key));
	int r = 0;
	while (!rc && (r = db_step(a->db, st, N_("Could not apply the changes"))) > 0) {
		const char *col = (const char *)sqlite3_column_text(st, 0);
		for (int c = 0; col && c < t->ncol; c++)
			if (!vals[c] && !strcmp(t->cols[c], col)) {
				kept[c] = vals[c] = sqlite3_value_dup(sqlite3_column_value(st, 1));
				if (!kept[c])
					rc = db_fail(a->db, DB_ERROR, 0,
						     _("Could not apply the changes"));
				brought[c] |= sqlite3_column_int(st, 2) != 0;
			}
	}
	if (st)
		sqlite3_reset(st);
	return rc ? rc : r < 0 ? db_errcode(a->db) : DB_OK;
}

/* Whether a status change to later, made after one to earlier, breaks the
 * rules: a distributor's lifecycle; a visit once closed (done, missed,
 * cancelled) becomes no other (recorded here and cancelled there would
 * otherwise merge into a visit no form makes). Their labels (N_() msgids)
 * go into *from and *to. */
static bool status_forbidden(const struct sync_table *t, const char *earlier, const char *later,
			     const char **from, const char **to)
{
	if (!earlier || !later)
		return false;
	if (!strcmp(t->name, "distributors")) {
		qd_status f, s;
		if (lifecycle_status_parse(earlier, &f) || lifecycle_status_parse(later, &s))
			return false;
		*from = lifecycle_status_label(f);
		*to = lifecycle_status_label(s);
		return !lifecycle_needs(f, s);
	}
	*from = label_of(&labels_visit_status, earlier);
	*to = label_of(&labels_visit_status, later);
	bool closed = !strcmp(earlier, "done") || !strcmp(earlier, "missed") ||
		      !strcmp(earlier, "cancelled");
	return closed && strcmp(earlier, later);
}

/* Reads the deletions of this device's own logged changes. A change stays in
 * the log until every peer has it, so a deletion the sender has not applied
 * yet is always there. */
static qd_rc deleted_here_read(struct sync_apply *a)
{
	static const char sql[] = "SELECT changeset FROM sync_log WHERE origin = ?1";
	a->deleted_read = true;
	sqlite3_stmt *st = db_stmt(a->db, sql);
	qd_rc rc = !st ? db_errcode(a->db) : db_bind(a->db, st, db_int(a->self));
	int r = 0;
	while (!rc && (r = db_step(a->db, st, N_("Could not apply the changes"))) > 0) {
		sqlite3_changeset_iter *it;
		if (sqlite3changeset_start(&it, sqlite3_column_bytes(st, 0),
					   (void *)sqlite3_column_blob(st, 0)) != SQLITE_OK)
			continue;
		while (sqlite3changeset_next(it) == SQLITE_ROW) {
			const char *tab;
			int ncol, op, indirect;
			sqlite3changeset_op(it, &tab, &ncol, &op, &indirect);
			int ti = sync_table_index(a->s, tab);
			if (op != SQLITE_DELETE || ti < 0 || ncol != a->s->t[ti].ncol)
				continue;
			sqlite3_value *old[ncol];
			for (int i = 0; i < ncol; i++)
				if (sqlite3changeset_old(it, i, &old[i]) != SQLITE_OK)
					old[i] = NULL;
			char *key = sync_key(&a->s->t[ti], old);
			char hk[512];
			held_key(hk, sizeof hk, tab, key);
			free(key);
			/* With the distributor it was of (0 for none), to name a
			 * change of theirs to it (deleted_distributor). */
			smap_put(&a->deleted_here, hk, row_distributor(a, ti, old));
		}
		sqlite3changeset_finalize(it);
	}
	if (st)
		sqlite3_reset(st);
	return rc ? rc : r < 0 ? db_errcode(a->db) : DB_OK;
}

/* The distributor of row key of table ti as this device's deletion of it
 * left it (0: not deleted here, or of none), from the deletions of its log
 * read once an apply (deleted_here_read). */
static qd_rc deleted_distributor(struct sync_apply *a, int ti, const char *key, int64_t *dist)
{
	*dist = 0;
	qd_rc rc = a->deleted_read ? DB_OK : deleted_here_read(a);
	char hk[512];
	held_key(hk, sizeof hk, a->s->t[ti].name, key);
	if (!rc)
		smap_get(&a->deleted_here, hk, dist);
	return rc;
}

static qd_rc apply_insert(struct sync_apply *a, int ti, sqlite3_value **new)
{
	const struct sync_table *t = &a->s->t[ti];
	char *key = sync_key(t, new);
	sqlite3_value *row[t->ncol];
	memset(row, 0, sizeof row);
	qd_rc rc = DB_OK;
	int found = row_read(a, ti, new, row);
	if (found < 0) {
		free(key);
		return db_errcode(a->db);
	}
	if (found) {
		/* The row is here (a bundle that came twice, a decision made
		 * elsewhere, a snapshot): field by field, by time. */
		row_free(row, t->ncol);
		free(key);
		return apply_update(a, ti, NULL, new, true);
	}
	/* A snapshot is the sender's state before it had this device's
	 * latest changes: a row deleted here, the deletion on its way to the
	 * sender, is not made again (both sides end without it). */
	if (a->snapshot) {
		char hk[512];
		held_key(hk, sizeof hk, t->name, key);
		if (!a->deleted_read && (rc = deleted_here_read(a))) {
			free(key);
			return rc;
		}
		if (smap_get(&a->deleted_here, hk, NULL)) {
			free(key);
			return DB_OK;
		}
	}
	/* A settings row of this database alone. */
	if (!strcmp(t->name, "settings"))
		for (int c = 0; c < t->ncol; c++)
			if (!strcmp(t->cols[c], "name") && new[c] &&
			    sync_local_setting((const char *)sqlite3_value_text(new[c]))) {
				free(key);
				return DB_OK;
			}
	int64_t parent = 0;
	char why[64] = "";
	int wait = must_wait(a, ti, new, &parent, why, sizeof why);
	if (wait < 0) {
		free(key);
		return db_fail_sqlite(a->db, _("Could not apply the changes"));
	}
	char *theirs = sync_json_row(t, new);
	if (wait) {
		int64_t id;
		/* Kept as what it is, said in the reader's language when
		 * shown (conflict_read). */
		char *detail = parent ? NULL : xasprintf("missing:%s", why);
		struct conflict_rec r = { parent ? SYNC_HELD : SYNC_MISSING,
					  ti,
					  key,
					  "insert",
					  row_distributor(a, ti, new),
					  parent,
					  NULL,
					  NULL,
					  theirs,
					  NULL,
					  detail };
		rc = conflict_add(a, &r, &id);
		free(detail);
		if (!rc) {
			char hk[512];
			held_key(hk, sizeof hk, t->name, key);
			smap_put(&a->held, hk, id);
		}
		free(theirs);
		free(key);
		return rc;
	}
	/* No savepoint of its own: an insert that breaks a rule of the schema
	 * takes back everything it did, its triggers' writes included (SQLite
	 * undoes the failed statement), and any later failure fails the whole
	 * import, which is rolled back. A savepoint per row cost a tenth of a
	 * large import (parsing it, journaling every page a row touches). */
	struct table_sql *q = table_sql(a, ti);
	if (!q)
		rc = db_errcode(a->db);
	if (!rc) {
		touch(a, ti, new, NULL);
		for (int c = 0; c < t->ncol; c++)
			sqlite3_bind_value(q->insert, c + 1, new[c]);
		char detail[256];
		int taken = sync_numbers_taken(a->db, t, new, detail, sizeof detail);
		if (taken < 0) {
			free(theirs);
			free(key);
			return db_errcode(a->db);
		}
		int ext;
		int r = step_unless_taken(a, q->insert, taken, &ext, detail, sizeof detail);
		sqlite3_reset(q->insert);
		sqlite3_clear_bindings(q->insert);
		if (r == SQLITE_DONE && !strcmp(t->name, "distributors") && !a->snapshot) {
			static const char origin_sql[] =
				"INSERT OR IGNORE INTO sync_origin(distributor_id, device) VALUES "
				"(?1, ?2)";
			sqlite3_stmt *st = db_stmt(a->db, origin_sql);
			rc = !st ? db_errcode(a->db)
				 : db_bind(a->db, st,
					   db_int(sqlite3_value_int64(new[t->scope_col])),
					   db_int(a->origin));
			if (!rc)
				rc = db_run(a->db, st);
		}
		if (r == SQLITE_DONE) {
			/* A snapshot's row keeps the times of its fields. */
			for (int c = 0; a->snapshot && c < t->ncol && !rc; c++) {
				struct clock ck;
				clock_incoming(a, t->name, key, t->cols[c], &ck);
				rc = clock_set(a, t->name, key, t->cols[c], &ck);
			}
			if (!rc)
				rc = resolve_elsewhere(a, t->name, key, ",unique,missing,held,");
		} else if ((ext & 0xff) == SQLITE_CONSTRAINT && !db_bulk_refusal(detail)) {
			/* A duplicate code or another rule of the schema: it
			 * waits, and what hangs off it waits with it. SQLite's
			 * message is kept; it is said in words when shown. (A
			 * refusal of orders added in bulk is no rule: it fails
			 * the import, which is done again the usual way.) */
			int64_t id;
			struct conflict_rec cr = {
				SYNC_UNIQUE, ti,   key,	 "insert", row_distributor(a, ti, new),
				0,	     NULL, NULL, theirs,   NULL,
				detail
			};
			if (!rc)
				rc = conflict_add(a, &cr, &id);
			if (!rc) {
				char hk[512];
				held_key(hk, sizeof hk, t->name, key);
				smap_put(&a->held, hk, id);
			}
		} else {
			rc = db_fail_sqlite(a->db, _("Could not apply the changes"));
		}
	}
	free(theirs);
	free(key);
	return rc;
}

/* An update (or an insert of a row that is here: old is NULL). */
static qd_rc apply_update(struct sync_apply *a, int ti, sqlite3_value **old, sqlite3_value **new,
			  bool from_insert)
{
	const struct sync_table *t = &a->s->t[ti];
	sqlite3_value *keyv[t->ncol];
	for (int c = 0; c < t->ncol; c++)
		keyv[c] = t->pk[c] ? (old ? old[c] : new[c]) : NULL;
	char *key = sync_key(t, keyv);
	sqlite3_value *row[t->ncol];
	memset(row, 0, sizeof row);
	int found = row_read(a, ti, keyv, row);
	qd_rc rc = DB_OK;
	if (found < 0) {
		free(key);
		return db_errcode(a->db);
	}
	sqlite3_value *tv[t->ncol];
	theirs_vals(t, SQLITE_UPDATE, old ? old : new, new, tv);
	if (!found) {
		/* They changed a row that is not here: waiting for a conflict
		 * (it waits too), or deleted here. */
		int64_t parent = held_by(a, t->name, key);
		char *theirs = sync_json_row(t, tv);
		/* Whose it is: theirs names it only when they changed it (a
		 * visit moved does not say its distributor); deleted here, the
		 * deletion does. */
		int64_t dist = row_distributor(a, ti, tv);
		if (!dist && !parent && (rc = deleted_distributor(a, ti, key, &dist))) {
			free(theirs);
			row_free(row, t->ncol);
			free(key);
			return rc;
		}
		struct conflict_rec r = { parent ? SYNC_HELD : SYNC_MISSING,
					  ti,
					  key,
					  "update",
					  dist,
					  parent,
					  NULL,
					  NULL,
					  theirs,
					  NULL,
					  NULL };
		rc = conflict_add(a, &r, NULL);
		free(theirs);
		free(key);
		return rc;
	}
	/* The device whose decision deletes the row, held here, writes it
	 * again: it has it, and no longer deletes it (the deletion is
	 * withdrawn, and t on it can no longer delete a record it kept). */
	if (a->deletions_held) {
		static const char sql[] = SETTLE_ELSEWHERE
			" AND kind = 'deleted' AND theirs IS NULL AND theirs_device = ?5";
		rc = settle_run(a, sql, t->name, key, DB_VALS_(db_int(a->origin)), 1);
		if (rc) {
			row_free(row, t->ncol);
			free(key);
			return rc;
		}
	}
	/* Field by field: the later change wins. */
	bool take[t->ncol], contested[t->ncol], same_later[t->ncol];
	struct clock inc[t->ncol], loc[t->ncol];
	int ntake = 0;
	for (int c = 0; c < t->ncol; c++) {
		take[c] = contested[c] = same_later[c] = false;
		if (!new[c] || t->pk[c] || t->derived[c])
			continue;
		clock_incoming(a, t->name, key, t->cols[c], &inc[c]);
		clock_get(a, t->name, key, t->cols[c], &loc[c]);
		/* The value here, set later elsewhere too: the field takes the
		 * later time, or a change made between the two, arriving after,
		 * would win here and lose everywhere else. */
		if (val_eq(row[c], new[c])) {
			same_later[c] = inc[c].at[0] && clock_cmp(&inc[c], &loc[c]) > 0;
			continue;
		}
		/* Changed here since the state theirs started from (for a row
		 * that arrives whole: changed here at all). */
		bool here = old ? !val_eq(row[c], old[c]) : loc[c].at[0] != '\0';
		int cmp = clock_cmp(&inc[c], &loc[c]);
		/* The very change that is here already (a bundle or snapshot
		 * that came again): nothing to do, nothing to report. */
		if (cmp == 0 && loc[c].at[0])
			continue;
		/* When the field was last changed: updated_at follows the later
		 * change, and is never a conflict of its own. */
		bool meta = !strcmp(t->cols[c], "updated_at");
		if (cmp > 0 || (cmp == 0 && !loc[c].at[0])) {
			take[c] = true;
			ntake++;
			if (here && !meta)
				contested[c] = true;
		} else if (!meta && !a->snapshot) {
			/* Mine is later: theirs is lost here, and kept for
			 * review. (A snapshot is the sender's state, not a
			 * change: mine goes to them in its turn.) */
			contested[c] = true;
		}
	}
	/* The same values, set later elsewhere: their time, whatever happens
	 * to the rest of the change (it may wait below). */
	for (int c = 0; c < t->ncol && !rc; c++)
		if (same_later[c])
			rc = clock_set(a, t->name, key, t->cols[c], &inc[c]);
	if (rc) {
		row_free(row, t->ncol);
		free(key);
		return rc;
	}
	/* A lifecycle move that the rules forbid after the other side's: the
	 * later one (theirs, or mine) made after the earlier. Judged the same
	 * way on both devices, so both wait for a person. */
	int sc = sync_status_col(t);
	/* A change whose old and new values are the same is a person's
	 * decision sent again (sync_resolve.c, reassert): it is not judged. */
	bool decided = sc >= 0 && old && old[sc] && new[sc] && val_eq(old[sc], new[sc]);
	if (sc >= 0 && contested[sc] && !decided) {
		const char *from = NULL, *to = NULL;
		sqlite3_value *earlier = take[sc] ? row[sc] : new[sc];
		sqlite3_value *later = take[sc] ? new[sc] : row[sc];
		if (status_forbidden(t, (const char *)sqlite3_value_text(earlier),
				     (const char *)sqlite3_value_text(later), &from, &to)) {
			char *mine = sync_json_row(t, row);
			/* Every field the change brings, since it waits whole
			 * (a visit's reason goes with its status), and every
			 * field a visit's close sets, theirs as an open visit
			 * has them where their change left them alone: the
			 * side chosen brings its whole close (a visit kept
			 * cancelled here and taken as done there kept the
			 * reason it was cancelled for, and the copies
			 * differed). */
			bool brought[t->ncol];
			sqlite3_value *closing[t->ncol];
			for (int c = 0; c < t->ncol; c++) {
				brought[c] = c == sc || ((take[c] || contested[c]) &&
							 strcmp(t->cols[c], "updated_at"));
				closing[c] = tv[c];
			}
			sqlite3_value *open[2] = { NULL, NULL }, *kept[t->ncol];
			memset(kept, 0, sizeof kept);
			rc = closing_fields(a, t, brought, closing, open);
			if (!rc)
				rc = rule_fold(a, t, key, brought, closing, kept);
			char *theirs = rc ? NULL : sync_json_row(t, closing);
			sqlite3_value_free(open[0]);
			sqlite3_value_free(open[1]);
			for (int c = 0; c < t->ncol; c++)
				sqlite3_value_free(kept[c]);
			if (rc) {
				free(mine);
				row_free(row, t->ncol);
				free(key);
				return rc;
			}
			char *fields = cols_json(t, brought, NULL);
			/* Whose move is the one refused: the later (a third
			 * field when it is mine). */
			char *detail =
				xasprintf("rule:%s\t%s%s", from, to, take[sc] ? "" : "\tmine");
			int64_t id;
			struct conflict_rec r = { SYNC_RULE,
						  ti,
						  key,
						  from_insert ? "insert" : "update",
						  row_distributor(a, ti, row),
						  0,
						  fields,
						  mine,
						  theirs,
						  &loc[sc],
						  detail };
			rc = conflict_add(a, &r, &id);
			free(detail);
			free(mine);
			free(theirs);
			free(fields);
			row_free(row, t->ncol);
			free(key);
			return rc;
		}
	}
	if (ntake > 0) {
		rc = savepoint(a, "SAVEPOINT sync_row");
		touch(a, ti, keyv, row);
		/* Field by field; one whose value a CHECK refuses beside the
		 * others as they are yet (a visit cancelled before its rating
		 * is taken away: status = 'done' OR display_score IS NULL) is
		 * written again after the rest, while a pass writes any. */
		bool left[t->ncol];
		int nleft = 0;
		for (int c = 0; c < t->ncol; c++)
			nleft += left[c] = take[c];
		char detail[256] = "";
		bool stuck = false;
		while (!rc && nleft > 0 && !stuck) {
			int wrote = 0;
			for (int c = 0; c < t->ncol && !rc && !stuck; c++) {
				if (!left[c])
					continue;
				sqlite3_stmt *st = update_sql(a, ti, c);
				if (!st) {
					rc = db_errcode(a->db);
					break;
				}
				/* (An order or invoice number another has in
				 * another case is taken too.) */
				int taken =
					sync_number_taken(a->db, t, c, new[c], keyv[sync_pk_col(t)],
							  detail, sizeof detail);
				if (taken < 0) {
					rc = db_errcode(a->db);
					break;
				}
				sqlite3_bind_value(st, 1, new[c]);
				bind_pk(st, t, keyv, 2);
				int ext;
				int r = step_unless_taken(a, st, taken, &ext, detail,
							  sizeof detail);
				sqlite3_reset(st);
				sqlite3_clear_bindings(st);
				if (r == SQLITE_DONE) {
					left[c] = false;
					nleft--;
					wrote++;
				} else if ((ext & 0xff) != SQLITE_CONSTRAINT ||
					   db_bulk_refusal(detail)) {
					rc = db_fail_sqlite(a->db,
							    _("Could not apply the changes"));
				} else if (taken || ext != SQLITE_CONSTRAINT_CHECK) {
					stuck = true;
				}
			}
			stuck |= !rc && nleft > 0 && wrote == 0;
		}
		if (!rc && stuck) {
			/* Their value breaks a rule of the schema here (a code
			 * now taken): the whole change waits. The row is here,
			 * so it is a change of it even when it came as an
			 * insert (both sides gave the same number): settled by
			 * writing fields, never by deleting a new record. */
			rc = savepoint(a, "ROLLBACK TO sync_row; RELEASE sync_row");
			char *mine = sync_json_row(t, row);
			char *theirs = sync_json_row(t, tv);
			struct conflict_rec cr = {
				SYNC_UNIQUE, ti,   key,	 "update", row_distributor(a, ti, row),
				0,	     NULL, mine, theirs,   NULL,
				detail
			};
			if (!rc)
				rc = conflict_add(a, &cr, NULL);
			free(mine);
			free(theirs);
			row_free(row, t->ncol);
			free(key);
			return rc;
		}
		if (!rc && t->version_col >= 0) {
			struct table_sql *q = table_sql(a, ti);
			bind_pk(q->bump, t, keyv, 1);
			rc = step_done(a, q->bump);
		}
		for (int c = 0; c < t->ncol && !rc; c++)
			if (take[c])
				rc = clock_set(a, t->name, key, t->cols[c], &inc[c]);
		if (!rc)
			rc = savepoint(a, "RELEASE sync_row");
		else
			savepoint(a, "ROLLBACK TO sync_row; RELEASE sync_row");
		if (!rc && sc >= 0 && take[sc])
			rc = resolve_elsewhere(a, t->name, key, ",rule,");
		if (!rc)
			rc = kept_overtaken(a, t, key, take);
		if (!rc)
			rc = overwritten_restored(a, t, key, new, take);
	}
	/* Their status is the one here now (a decision made there for mine):
	 * the forbidden move that waited is moot, on this side too. */
	if (!rc && sc >= 0 && !take[sc] && new[sc] && row[sc] && val_eq(new[sc], row[sc]))
		rc = resolve_elsewhere(a, t->name, key, ",rule,");
	/* Both sides changed fields: the losing version is kept, for review
	 * where the value here was made (or came with the row). A device that
	 * only passed the other's on is no side: its "mine" is a third
	 * device's, which that device reviews itself when the later change
	 * reaches it, and a "keep mine" here would write it back everywhere in
	 * this device's name. */
	int nreview = 0, nlost = 0;
	struct clock mine_latest = { "", 0 };
	for (int c = 0; c < t->ncol; c++) {
		if (contested[c] && loc[c].at[0] && loc[c].device != a->self)
			contested[c] = false;
		if (!contested[c])
			continue;
		nreview++;
		nlost += !take[c];
		if (clock_cmp(&loc[c], &mine_latest) > 0)
			mine_latest = loc[c];
	}
	if (!rc && nreview > 0) {
		char *fields = cols_json(t, contested, NULL);
		char *mine = sync_json_row(t, row);
		char *theirs = sync_json_row(t, tv);
		struct conflict_rec r = { nlost == nreview ? SYNC_KEPT : SYNC_OVERWRITTEN,
					  ti,
					  key,
					  from_insert ? "insert" : "update",
					  row_distributor(a, ti, row),
					  0,
					  fields,
					  mine,
					  theirs,
					  &mine_latest,
					  NULL };
		rc = conflict_add(a, &r, NULL);
		free(mine);
		free(theirs);
		free(fields);
	}
	row_free(row, t->ncol);
	free(key);
	return rc;
}

static qd_rc apply_delete(struct sync_apply *a, int ti, sqlite3_value **old)
{
	const struct sync_table *t = &a->s->t[ti];
	char *key = sync_key(t, old);
	sqlite3_value *row[t->ncol];
	memset(row, 0, sizeof row);
	int found = row_read(a, ti, old, row);
	qd_rc rc = DB_OK;
	if (found <= 0) {
		/* Not here: already deleted, or never arrived (it waited).
		 * Either way nothing of theirs is left to apply; what waited
		 * for it is settled by the deletion. */
		rc = found < 0 ? db_errcode(a->db)
			       : resolve_elsewhere(a, t->name, key, ",unique,missing,held,");
		free(key);
		return rc;
	}
	bool changed = false;
	for (int c = 0; c < t->ncol; c++)
		if (!t->derived[c] && old[c] && !val_eq(row[c], old[c]))
			changed = true;
	if (changed) {
		char *mine = sync_json_row(t, row);
		char *theirs = sync_json_row(t, old);
		struct conflict_rec r = {
			SYNC_DELETED, ti,     key,  "delete", row_distributor(a, ti, row), 0, NULL,
			mine,	      theirs, NULL, NULL
		};
		rc = conflict_add(a, &r, NULL);
		free(mine);
		free(theirs);
	} else {
		struct table_sql *q = table_sql(a, ti);
		touch(a, ti, old, row);
		bind_pk(q->delete, t, old, 1);
		rc = q ? step_done(a, q->delete) : db_errcode(a->db);
	}
	row_free(row, t->ncol);
	free(key);
	return rc;
}

/* ---- decisions that travel ------------------------------------------------ */

/* Whether this device kept row (of t) over a new record of theirs that
 * had the same code or number (a duplicate settled here with "mine", or by
 * giving theirs another, which keeps both): a
 * decision from elsewhere to delete it then crosses that one (both sides
 * kept their own, each deleting the other's), and is not applied. 1, 0,
 * or -1 on a failure to read (said in db). */
static int kept_over_theirs(struct sync_apply *a, const struct sync_table *t, sqlite3_value **row)
{
	static const char sql[] =
		"SELECT 1 FROM sync_conflicts WHERE tbl = ?1 AND kind = 'unique' AND op = 'insert'"
		" AND resolution IN ('mine', 'edited')"
		" AND json_extract(theirs, '$.' || ?2) = ?3 COLLATE NOCASE";
	int col = sync_unique_col(t);
	if (col < 0 || !row[col] || sqlite3_value_type(row[col]) != SQLITE_TEXT)
		return 0;
	sqlite3_stmt *st = db_stmt(a->db, sql);
	int64_t one;
	bool found = false;
	if (!st || db_bind(a->db, st, db_text(t->name), db_text(t->cols[col])) ||
	    sqlite3_bind_value(st, 3, row[col]) != SQLITE_OK || db_int_of(a->db, st, &one, &found))
		return -1;
	return found;
}

/* Reads a JSON object of a row into values by column (copies); columns not
 * in it stay NULL pointers. */
qd_rc sync_json_vals(qd_db *db, const struct sync_table *t, const char *json, sqlite3_value **vals)
{
	static const char sql[] = "SELECT key, value FROM json_each(?1)";
	for (int c = 0; c < t->ncol; c++)
		vals[c] = NULL;
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_text(json));
	if (rc)
		return rc;
	int r;
	while ((r = db_step(db, st, N_("Could not read a stored version"))) > 0) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		for (int c = 0; c < t->ncol; c++)
			if (name && !strcmp(t->cols[c], name)) {
				sqlite3_value_free(vals[c]);
				vals[c] = sqlite3_value_dup(sqlite3_column_value(st, 1));
			}
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

void sync_decision_read(const struct sync_table *t, sqlite3_value **vals, struct sync_decision *d)
{
	memset(d, 0, sizeof *d);
	for (int c = 0; c < t->ncol; c++) {
		if (!vals[c] || sqlite3_value_type(vals[c]) != SQLITE_TEXT)
			continue;
		const char *v = (const char *)sqlite3_value_text(vals[c]);
		if (!strcmp(t->cols[c], "tbl"))
			d->tbl = v;
		else if (!strcmp(t->cols[c], "key"))
			d->key = v;
		else if (!strcmp(t->cols[c], "decision"))
			d->decision = v;
		else if (!strcmp(t->cols[c], "row"))
			d->row = v;
	}
}

static bool sync_one_line_column(const char *col);

/* Text that no form or import of qudao stores (not UTF-8, a control
 * character, a line break in a name or a code) in the values of a row of t:
 * the file was made or changed elsewhere, and everything is rolled back
 * with it. The derived keys (their separators are controls) are made again
 * here, never taken. */
static qd_rc plain_text(struct sync_apply *a, const struct sync_table *t, sqlite3_value **vals)
{
	for (int c = 0; c < t->ncol; c++) {
		if (!vals[c] || sqlite3_value_type(vals[c]) != SQLITE_TEXT || t->derived[c])
			continue;
		const char *v = (const char *)sqlite3_value_text(vals[c]);
		if (!text_is_plain(v, (size_t)sqlite3_value_bytes(vals[c]),
				   !sync_one_line_column(t->cols[c])))
			return db_fail(
				a->db, DB_INVALID, 0,
				_("The bundle holds text no qudao writes (in the %s of a row of "
				  "%s: not UTF-8, or a control character); it was changed after "
				  "it was written. Nothing was changed; ask for the bundle "
				  "again."),
				t->cols[c], t->name);
	}
	return DB_OK;
}

/* Marks row key of table as waiting for conflict id (what refers to it in
 * this bundle waits under it). */
static void hold(struct sync_apply *a, const char *table, const char *key, int64_t id)
{
	char hk[512];
	held_key(hk, sizeof hk, table, key);
	smap_put(&a->held, hk, id);
}

/* Records of theirs that came before row key of t and found it missing
 * (an order of a distributor discarded here, now kept back by a decision
 * and waiting as conflict id) wait under it: keeping ours then says they
 * would go, and taking theirs takes them in. */
static qd_rc adopt_missing(struct sync_apply *a, int ti, const char *key, int64_t id)
{
	static const char sql[] =
		"UPDATE sync_conflicts SET kind = 'held', parent_id = ?1, detail = ''"
		" WHERE state = 'open' AND kind = 'missing' AND op = 'insert' AND tbl = ?2"
		" AND json_extract(theirs, '$.\"' || ?3 || '\"') = CAST(?4 AS INTEGER)"
		" RETURNING id";
	qd_rc rc = DB_OK;
	for (int i = 0; i < a->s->n && !rc; i++) {
		const struct sync_table *c = &a->s->t[i];
		int col = sync_fk_col(a->s, c, ti);
		if (col >= 0) {
			sqlite3_stmt *st = db_stmt(a->db, sql);
			rc = !st ? db_errcode(a->db)
				 : db_bind(a->db, st, db_int(id), db_text(c->name),
					   db_text(c->cols[col]), db_text(key));
			/* Those found missing in this import are counted now as
			 * what they wait with. */
			int r = 0;
			while (!rc &&
			       (r = db_step(a->db, st, N_("Could not apply the changes"))) > 0)
				if (sqlite3_column_int64(st, 0) > a->first_conflict) {
					a->conflicts--;
					a->open--;
				}
			if (!rc && r < 0)
				rc = db_errcode(a->db);
		}
	}
	return rc;
}

static qd_rc keep_insert(struct sync_apply *a, int ti, sqlite3_value **vals, const char *key,
			 int64_t *waits);

/* Row key of table went in: what waited under its conflicts here (an
 * order's lines under the order waiting as a duplicate) goes in after it,
 * rather than staying open under a conflict settled elsewhere. */
static qd_rc take_held(struct sync_apply *a, const char *table, const char *key)
{
	static const char sql[] =
		"SELECT h.tbl, h.key, h.theirs FROM sync_conflicts c JOIN sync_conflicts h"
		" ON h.parent_id = c.id WHERE c.tbl = ?1 AND c.key = ?2 AND c.state = 'open'"
		" AND c.op = 'insert' AND c.kind IN ('unique', 'missing', 'held')"
		" AND h.state = 'open' AND h.op = 'insert' AND h.theirs IS NOT NULL ORDER BY h.id";
	if (!a->any_open)
		return DB_OK;
	sqlite3_stmt *st = db_stmt(a->db, sql);
	qd_rc rc = !st ? db_errcode(a->db) : db_bind(a->db, st, db_text(table), db_text(key));
	int n = 0, r = 0;
	char **rows = NULL;
	while (!rc && (r = db_step(a->db, st, N_("Could not apply the changes"))) > 0) {
		rows = xrealloc(rows, (size_t)(n + 3) * sizeof *rows);
		for (int i = 0; i < 3; i++)
			rows[n + i] = xstrdup((const char *)sqlite3_column_text(st, i));
		n += 3;
	}
	if (!rc && r < 0)
		rc = db_errcode(a->db);
	for (int i = 0; i < n; i += 3) {
		int ci = sync_table_index(a->s, rows[i]);
		if (!rc && ci >= 0) {
			const struct sync_table *c = &a->s->t[ci];
			sqlite3_value *vals[c->ncol], *row[c->ncol];
			memset(row, 0, sizeof row);
			rc = sync_json_vals(a->db, c, rows[i + 2], vals);
			int found = rc ? 0 : row_read(a, ci, vals, row);
			int64_t w;
			if (found < 0)
				rc = db_errcode(a->db);
			else if (!rc && !found)
				rc = keep_insert(a, ci, vals, rows[i + 1], &w);
			row_free(row, c->ncol);
			row_free(vals, c->ncol);
		}
		free(rows[i]);
		free(rows[i + 1]);
		free(rows[i + 2]);
	}
	free(rows);
	return rc;
}

/* Puts in a row a decision keeps that is not here: vals, the columns its
 * stored row has (the others, made here such as a version, take their
 * defaults). It waits as a new record of theirs would: under the conflict
 * its parent waits for, or as a duplicate when its code or number is taken
 * here since it was discarded. A row whose parent is not here at all
 * (another rep's distributor, out of this database's scope) is not kept
 * here: it would break a reference, and it is not ours to hold. *waits
 * gets the conflict it waits as, 0 when put in, -1 when left out. */
static qd_rc keep_insert(struct sync_apply *a, int ti, sqlite3_value **vals, const char *key,
			 int64_t *waits)
{
	const struct sync_table *t = &a->s->t[ti];
	*waits = 0;
	for (int c = 0; c < t->ncol; c++)
		if (t->derived[c] && vals[c]) {
			sqlite3_value_free(vals[c]);
			vals[c] = NULL;
		}
	qd_rc rc = plain_text(a, t, vals);
	if (rc)
		return rc;
	int64_t parent = 0;
	char why[64];
	int pw = must_wait(a, ti, vals, &parent, why, sizeof why);
	if (pw < 0)
		return db_fail_sqlite(a->db, _("Could not apply the changes"));
	if (pw > 0 && !parent) {
		*waits = -1;
		return DB_OK;
	}
	char *json = sync_json_row(t, vals);
	if (pw > 0) {
		struct conflict_rec cr = {
			SYNC_HELD, ti,	 key,  "insert", row_distributor(a, ti, vals), parent, NULL,
			NULL,	   json, NULL, NULL
		};
		rc = conflict_add(a, &cr, waits);
		if (!rc)
			hold(a, t->name, key, *waits);
		free(json);
		return rc;
	}
	touch(a, ti, vals, NULL);
	struct cs_buf cols = { 0 }, marks = { 0 };
	int n = 0;
	for (int c = 0; c < t->ncol; c++) {
		if (!vals[c])
			continue;
		char *x = xasprintf("%s\"%s\"", n ? ", " : "", t->cols[c]);
		char *m = xasprintf("%s?%d", n ? ", " : "", n + 1);
		cs_put(&cols, x, strlen(x));
		cs_put(&marks, m, strlen(m));
		free(x);
		free(m);
		n++;
	}
	cs_put(&cols, "", 1);
	cs_put(&marks, "", 1);
	char *sql = xasprintf("INSERT INTO \"%s\"(%s) VALUES (%s)", t->name, (const char *)cols.p,
			      (const char *)marks.p);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_handle(a->db), sql, -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail_sqlite(a->db, _("Could not apply the changes"));
	} else {
		for (int c = 0, k = 1; c < t->ncol; c++)
			if (vals[c])
				sqlite3_bind_value(st, k++, vals[c]);
		char detail[256];
		int taken = sync_numbers_taken(a->db, t, vals, detail, sizeof detail);
		int ext = SQLITE_ERROR;
		int r = taken < 0 ? SQLITE_ERROR
				  : step_unless_taken(a, st, taken, &ext, detail, sizeof detail);
		/* A record kept elsewhere that breaks a rule here (its code
		 * taken since it was discarded) waits, as a new record of
		 * theirs would, with what refers to it. */
		bool wait = taken >= 0 && r != SQLITE_DONE && (ext & 0xff) == SQLITE_CONSTRAINT &&
			    !db_bulk_refusal(detail);
		if (taken < 0)
			rc = db_errcode(a->db);
		else if (r != SQLITE_DONE && !wait)
			rc = db_fail_sqlite(a->db, _("Could not apply the changes"));
		sqlite3_finalize(st);
		/* In: what waited for it here, as a duplicate or missing, is
		 * settled, and its parts follow it in, not under it. */
		if (!rc && r == SQLITE_DONE)
			rc = take_held(a, t->name, key);
		if (!rc && r == SQLITE_DONE)
			rc = resolve_elsewhere(a, t->name, key, ",unique,missing,held,");
		if (!rc && wait) {
			struct conflict_rec cr = {
				SYNC_UNIQUE, ti,   key,	 "insert", row_distributor(a, ti, vals),
				0,	     NULL, NULL, json,	   NULL,
				detail
			};
			rc = conflict_add(a, &cr, waits);
			if (!rc) {
				hold(a, t->name, key, *waits);
				rc = adopt_missing(a, ti, key, *waits);
			}
		}
	}
	free(sql);
	free(json);
	cs_buf_free(&cols);
	cs_buf_free(&marks);
	return rc;
}

/* Whether a part's values (of table p) refer to row key of table ti. */
static bool part_of(const struct sync_apply *a, const struct sync_table *p, sqlite3_value **vals,
		    int ti, const char *key)
{
	int col = sync_fk_col(a->s, p, ti);
	sqlite3_value *v = col >= 0 ? vals[col] : NULL;
	return v && sqlite3_value_type(v) == SQLITE_INTEGER &&
	       sqlite3_value_int64(v) == strtoll(key, NULL, 10);
}

/* The parts a kept row brought ("$parts" of its JSON: an order's lines)
 * that are not here: put in after it, or waiting under it (conflict waits;
 * 0 when it went in). */
static qd_rc keep_parts(struct sync_apply *a, int ti, const char *key, const char *row_json,
			int64_t waits)
{
	/* (Parts of another shape than a writer of qudao gives are passed
	 * over: the record is kept without them.) */
	static const char sql[] =
		"SELECT json_extract(value, '$.tbl'), json_extract(value, '$.row')"
		" FROM json_each(?1, '$.\"$parts\"')"
		" WHERE json_type(?1, '$.\"$parts\"') = 'array' AND type = 'object'"
		" AND json_type(value, '$.row') = 'object'"
		" AND json_type(value, '$.tbl') = 'text'";
	if (!strstr(row_json, "\"$parts\""))
		return DB_OK;
	/* (Its own statement: the rows go in through statements of their
	 * own, which may run this one's cached copy.) */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_handle(a->db), sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail_sqlite(a->db, _("Could not apply the changes"));
	sqlite3_bind_text(st, 1, row_json, -1, SQLITE_STATIC);
	qd_rc rc = DB_OK;
	int r;
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(st, 0);
		const char *part = (const char *)sqlite3_column_text(st, 1);
		int pi = tbl && part ? sync_table_index(a->s, tbl) : -1;
		if (pi < 0 || !sync_is_part(tbl))
			continue;
		const struct sync_table *p = &a->s->t[pi];
		sqlite3_value *vals[p->ncol], *row[p->ncol];
		memset(row, 0, sizeof row);
		rc = sync_json_vals(a->db, p, part, vals);
		/* (Only its own parts: a bundle is untrusted.) */
		bool have_key = !rc && part_of(a, p, vals, ti, key);
		for (int c = 0; c < p->ncol && have_key; c++)
			have_key = !p->pk[c] || vals[c];
		if (have_key && (rc = plain_text(a, p, vals)))
			have_key = false;
		int found = have_key ? row_read(a, pi, vals, row) : 1;
		char *pkey = sync_key(p, vals);
		if (!rc && found < 0) {
			rc = db_errcode(a->db);
		} else if (!rc && !found && waits) {
			int64_t id;
			struct conflict_rec cr = {
				SYNC_HELD, pi,	 pkey, "insert", row_distributor(a, pi, vals),
				waits,	   NULL, NULL, part,	 NULL,
				NULL
			};
			rc = conflict_add(a, &cr, &id);
			if (!rc)
				hold(a, p->name, pkey, id);
		} else if (!rc && !found) {
			int64_t w;
			rc = keep_insert(a, pi, vals, pkey, &w);
		}
		free(pkey);
		row_free(row, p->ncol);
		row_free(vals, p->ncol);
	}
	if (!rc && r != SQLITE_DONE)
		rc = db_fail_sqlite(a->db, _("Could not apply the changes"));
	sqlite3_finalize(st);
	return rc;
}

/* Another device decided about a row deleted on one side and changed on the
 * other: do the same here. */
static qd_rc apply_decision(struct sync_apply *a, sqlite3_value **new)
{
	struct sync_decision dv;
	sync_decision_read(&a->s->t[sync_table_index(a->s, "sync_decisions")], new, &dv);
	const char *tbl = dv.tbl, *key = dv.key, *decision = dv.decision, *row_json = dv.row;
	int ti = tbl ? sync_table_index(a->s, tbl) : -1;
	if (ti < 0 || !key || !decision)
		return DB_OK;
	const struct sync_table *t = &a->s->t[ti];
	/* The row's key from the key text (only single integer keys are ever
	 * deleted by the program). */
	sqlite3_value *vals[t->ncol];
	qd_rc rc = DB_OK;
	if (row_json) {
		rc = sync_json_vals(a->db, t, row_json, vals);
	} else {
		for (int c = 0; c < t->ncol; c++)
			vals[c] = NULL;
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db_handle(a->db), "SELECT CAST(?1 AS INTEGER)", -1, &st,
				       NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) == SQLITE_ROW)
				for (int c = 0; c < t->ncol; c++)
					if (t->pk[c])
						vals[c] = sqlite3_value_dup(
							sqlite3_column_value(st, 0));
			sqlite3_finalize(st);
		}
	}
	sqlite3_value *row[t->ncol];
	memset(row, 0, sizeof row);
	bool have_key = false;
	for (int c = 0; c < t->ncol; c++)
		if (t->pk[c] && vals[c])
			have_key = true;
	int found = rc || !have_key ? 0 : row_read(a, ti, vals, row);
	if (found < 0)
		rc = db_errcode(a->db);
	const char *settles = ",deleted,missing,held,unique,";
	if (!rc && !strcmp(decision, "delete") && found) {
		/* Deleted, unless records here still refer to it (orders made
		 * here for a distributor another device discarded): then it is
		 * kept, and the decision waits here as a conflict, rather than
		 * failing every bundle from now on. */
		/* (A distributor's orders, visits and money would go with it,
		 * its foreign keys cascading: they are records, not its parts.) */
		bool held = false;
		if (!strcmp(t->name, "distributors"))
			rc = sync_dist_has_records(a->db, sqlite3_value_int64(vals[sync_pk_col(t)]),
						   &held, NULL, 0);
		int crossed = rc || held ? 0 : kept_over_theirs(a, t, row);
		if (crossed < 0)
			rc = db_errcode(a->db);
		held |= crossed > 0;
		if (!rc && !held) {
			struct table_sql *q = table_sql(a, ti);
			touch(a, ti, vals, row);
			bind_pk(q->delete, t, vals, 1);
			int r = sqlite3_step(q->delete);
			int ext = sqlite3_extended_errcode(db_handle(a->db));
			sqlite3_reset(q->delete);
			sqlite3_clear_bindings(q->delete);
			held = r != SQLITE_DONE && ext == SQLITE_CONSTRAINT_FOREIGNKEY;
			if (r != SQLITE_DONE && !held)
				rc = db_fail_sqlite(a->db, _("Could not apply the changes"));
		}
		if (held)
			settles = ",missing,held,unique,";
		a->deletions_held |= held;
		/* Kept here as a conflict, so what is deleted is still to be
		 * seen. */
		char *mine = sync_json_row(t, row);
		struct conflict_rec cr = {
			SYNC_DELETED,
			ti,
			key,
			"delete",
			row_distributor(a, ti, row),
			0,
			NULL,
			mine,
			NULL,
			NULL,
			crossed > 0
				? _("A decision made on another device deletes it, but it is the "
				    "record kept here over theirs of the same code or number (each "
				    "side kept its own), so it was kept. Keep it (m), or take "
				    "their "
				    "deletion (t).")
			: held ? _("A decision made on another device deletes it, but records here "
				   "still refer to it (its orders, visits, payments or other "
				   "records), so "
				   "it was "
				   "kept. Keep it (m), or delete those first.")
			       : _("Deleted by a decision made on another device.")
		};
		int64_t id;
		if (!rc)
			rc = conflict_add(a, &cr, &id);
		if (!rc && !held) {
			a->open--;
			a->waits--;
			static const char done_sql[] =
				"UPDATE sync_conflicts SET state = 'resolved', resolution = "
				"'elsewhere',"
				" resolved_at = detected_at, resolved_by = ?2 WHERE id = ?1";
			sqlite3_stmt *st = db_stmt(a->db, done_sql);
			rc = !st ? db_errcode(a->db)
				 : db_bind(a->db, st, db_int(id), db_text(a->from_name));
			if (!rc)
				rc = db_run(a->db, st);
		}
		free(mine);
	} else if (!rc && !strcmp(decision, "keep") && !found && row_json) {
		int64_t waits = 0;
		rc = keep_insert(a, ti, vals, key, &waits);
		if (!rc && waits >= 0)
			rc = keep_parts(a, ti, key, row_json, waits);
		/* (A record kept whose code is taken here waits.) */
		if (waits > 0)
			settles = ",deleted,missing,held,";
	}
	if (!rc && !strcmp(decision, "keep") && found > 0 && row_json) {
		char *here = sync_json_row(t, row);
		rc = settle_same(a, t, key, ",kept,overwritten,", row_json, here);
		free(here);
	}
	/* (What waits after it does not: a deletion kept, its records here,
	 * or a record kept whose code is taken here.) */
	if (!rc)
		rc = resolve_elsewhere(a, tbl, key, settles);
	row_free(row, t->ncol);
	row_free(vals, t->ncol);
	return rc;
}

/* ---- a whole changeset ------------------------------------------------------ */

struct sync_apply *sync_apply_new(qd_db *db, const char *from_name)
{
	const struct sync_schema *s = sync_schema(db);
	if (!s)
		return NULL;
	struct sync_apply *a = xcalloc(1, sizeof *a);
	a->db = db;
	a->s = s;
	a->sql = xcalloc((size_t)s->n, sizeof *a->sql);
	a->self = db_device_id(db);
	snprintf(a->from_name, sizeof a->from_name, "%s", from_name ? from_name : "");
	/* Rows already waiting for a decision: what hangs off them waits. */
	static const char held_sql[] =
		"SELECT tbl, key, id FROM sync_conflicts WHERE state = 'open' AND op = 'insert'"
		" AND kind IN ('unique','missing','held')";
	sqlite3_stmt *st = db_stmt(db, held_sql);
	if (!st) {
		sync_apply_free(a);
		return NULL;
	}
	int r;
	while ((r = db_step(db, st, N_("Could not read the conflicts"))) > 0) {
		a->any_open = true;
		char hk[512];
		held_key(hk, sizeof hk, (const char *)sqlite3_column_text(st, 0),
			 (const char *)sqlite3_column_text(st, 1));
		smap_put(&a->held, hk, sqlite3_column_int64(st, 2));
	}
	if (r < 0) {
		sync_apply_free(a);
		return NULL;
	}
	static const char any_sql[] = "SELECT count(*) FROM sync_conflicts WHERE state = 'open'";
	int64_t nopen = 0;
	st = db_stmt(db, any_sql);
	if (st && !db_int_of(db, st, &nopen, NULL) && nopen > 0)
		a->any_open = true;
	static const char held_del_sql[] = "SELECT 1 FROM sync_conflicts WHERE state = 'open'"
					   " AND kind = 'deleted' AND theirs IS NULL LIMIT 1";
	int64_t one;
	st = db_stmt(db, held_del_sql);
	if (!st || db_int_of(db, st, &one, &a->deletions_held)) {
		sync_apply_free(a);
		return NULL;
	}
	static const char last_sql[] = "SELECT coalesce(max(id), 0) FROM sync_conflicts";
	st = db_stmt(db, last_sql);
	if (!st || db_int_of(db, st, &a->first_conflict, NULL)) {
		sync_apply_free(a);
		return NULL;
	}
	return a;
}

void sync_apply_free(struct sync_apply *a)
{
	if (!a)
		return;
	for (int i = 0; i < a->s->n; i++) {
		struct table_sql *q = &a->sql[i];
		sqlite3_finalize(q->select);
		sqlite3_finalize(q->insert);
		sqlite3_finalize(q->delete);
		sqlite3_finalize(q->bump);
		if (q->update)
			for (int c = 0; c < a->s->t[i].ncol; c++)
				sqlite3_finalize(q->update[c]);
		free(q->update);
		if (q->parent)
			for (int f = 0; f < a->s->t[i].nfk; f++)
				sqlite3_finalize(q->parent[f]);
		free(q->parent);
	}
	free(a->sql);
	smap_free(&a->held);
	smap_free(&a->deleted_here);
	smap_free(&a->snap_clock_at);
	for (int i = 0; i < a->nsnap; i++)
		free(a->snap_clock_text[i]);
	free(a->snap_clock_text);
	for (int i = 0; i < a->ndist; i++)
		free(a->dist[i].indexed);
	free(a->dist);
	smap_free(&a->dist_seen);
	smap_free(&a->reps_seen);
	free(a->reps);
	free(a);
}

qd_rc sync_apply_waiting(struct sync_apply *a, int64_t *n)
{
	/* Of this apply's conflicts, those still open that wait for a person,
	 * as conflict_add counts them: pending, and not under another. */
	static const char sql[] =
		"SELECT count(*) FROM sync_conflicts WHERE id > ?1 AND state = 'open'"
		" AND instr(?2, ',' || kind || ',') > 0";
	char kinds[160] = ",";
	for (int k = 0; k <= SYNC_HELD; k++)
		if (sync_conflict_pending((enum sync_conflict_kind)k) && k != SYNC_HELD) {
			strncat(kinds, kind_codes[k], sizeof kinds - strlen(kinds) - 2);
			strcat(kinds, ",");
		}
	sqlite3_stmt *st = db_stmt(a->db, sql);
	qd_rc rc = !st ? db_errcode(a->db)
		       : db_bind(a->db, st, db_int(a->first_conflict), db_text(kinds));
	return rc ? rc : db_int_of(a->db, st, n, NULL);
}

void sync_apply_counts(const struct sync_apply *a, int64_t *changes, int64_t *conflicts,
		       int64_t *open)
{
	*changes = a->changes - a->waiting_changes - a->unchanged;
	*conflicts = a->conflicts;
	*open = a->open;
}

/* A snapshot's field times ride in it as rows of sync_clock. */
static void snapshot_clock(struct sync_apply *a, sqlite3_value **new)
{
	const char *tbl = (const char *)sqlite3_value_text(new[0]);
	const char *key = (const char *)sqlite3_value_text(new[1]);
	const char *col = (const char *)sqlite3_value_text(new[2]);
	const char *at = (const char *)sqlite3_value_text(new[3]);
	if (!tbl || !key || !col || !at || !new[4])
		return;
	if (a->nsnap == a->capsnap) {
		a->capsnap = a->capsnap ? a->capsnap * 2 : 64;
		a->snap_clock_text = xrealloc(a->snap_clock_text,
					      (size_t)a->capsnap * sizeof *a->snap_clock_text);
	}
	a->snap_clock_text[a->nsnap] =
		xasprintf("%s\x1f%lld", at, (long long)sqlite3_value_int64(new[4]));
	char *k = xasprintf("%s\x1f%s\x1f%s", tbl, key, col);
	smap_put(&a->snap_clock_at, k, a->nsnap++);
	free(k);
}

/* A column whose text is one line in every form and import: a code, a name,
 * a number or a phone. */
static bool sync_one_line_column(const char *col)
{
	size_t n = strlen(col);
	return !strcmp(col, "code") || !strcmp(col, "name") || !strcmp(col, "phone") ||
	       (n > 5 && !strcmp(col + n - 5, "_code")) || (n > 3 && !strcmp(col + n - 3, "_no"));
}

qd_rc sync_apply_changeset(struct sync_apply *a, int64_t origin, const char *at, const char *by,
			   const void *p, size_t n, bool snapshot)
{
	a->origin = origin;
	a->at = at;
	a->by = by;
	a->snapshot = snapshot;
	sqlite3_changeset_iter *it;
	if (n > (size_t)0x7fffffff || !cs_wellformed(p, n) ||
	    sqlite3changeset_start(&it, (int)n, (void *)p) != SQLITE_OK)
		return db_fail(a->db, DB_INVALID, 0,
			       _("The bundle holds a change that cannot be read."));
	qd_rc rc = DB_OK;
	int r;
	while (rc == DB_OK && (r = sqlite3changeset_next(it)) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, indirect;
		unsigned char *pk;
		int npk;
		if (sqlite3changeset_op(it, &tab, &ncol, &op, &indirect) != SQLITE_OK ||
		    sqlite3changeset_pk(it, &pk, &npk) != SQLITE_OK) {
			rc = db_fail(a->db, DB_INVALID, 0,
				     _("The bundle holds a change that cannot be read."));
			break;
		}
		sqlite3_value *old[ncol > 0 ? ncol : 1], *new[ncol > 0 ? ncol : 1];
		for (int i = 0; i < ncol; i++) {
			old[i] = new[i] = NULL;
			if (op != SQLITE_INSERT)
				sqlite3changeset_old(it, i, &old[i]);
			if (op != SQLITE_DELETE)
				sqlite3changeset_new(it, i, &new[i]);
		}
		if (snapshot && !strcmp(tab, "sync_clock") && op == SQLITE_INSERT && ncol == 5) {
			snapshot_clock(a, new);
			continue;
		}
		int ti = sync_table_index(a->s, tab);
		const struct sync_table *t = ti < 0 ? NULL : &a->s->t[ti];
		/* Only the tables that travel, exactly as this schema has them. */
		bool ok = t && ncol == t->ncol;
		for (int c = 0; ok && c < ncol; c++)
			if ((pk[c] != 0) != (t->pk[c] != 0))
				ok = false;
		for (int c = 0; ok && c < ncol; c++)
			if (t->pk[c] && !(op == SQLITE_INSERT ? new[c] : old[c]))
				ok = false;
		if (!ok && t) {
			rc = ncol != t->ncol
				     ? db_fail(a->db, DB_INVALID, 0,
					       _("The bundle changes a %s with %d columns where "
						 "this qudao has %d: it was written by a qudao of "
						 "another schema, or changed after it was written. "
						 "Nothing was changed."),
					       _(sync_table_label(t->name)), ncol, t->ncol)
				     : db_fail(a->db, DB_INVALID, 0,
					       _("The bundle changes a %s by a key this qudao does "
						 "not have: it was written by a qudao of another "
						 "schema, or changed after it was written. Nothing "
						 "was changed."),
					       _(sync_table_label(t->name)));
			break;
		}
		if (!ok) {
			char *clean = xstrdup(tab);
			for (char *c = clean; *c; c++)
				if ((unsigned char)*c < 0x20 || *c == 0x7f)
					*c = '?';
			rc = db_fail(a->db, DB_INVALID, 0,
				     _("The bundle changes a table this qudao does not sync (%s); "
				       "it was not applied."),
				     clean);
			free(clean);
			break;
		}
		if (op != SQLITE_DELETE && (rc = plain_text(a, t, new)))
			break;
		a->changes++;
		int64_t waits = a->waits;
		sqlite3_int64 written = sqlite3_total_changes64(db_handle(a->db));
		if (op == SQLITE_INSERT)
			rc = apply_insert(a, ti, new);
		else if (op == SQLITE_UPDATE)
			rc = apply_update(a, ti, old, new, false);
		else
			rc = apply_delete(a, ti, old);
		if (a->waits > waits)
			a->waiting_changes++;
		else if (!rc && sqlite3_total_changes64(db_handle(a->db)) == written)
			a->unchanged++;
		if (!rc && op == SQLITE_INSERT && !strcmp(tab, "sync_decisions"))
			rc = apply_decision(a, new);
	}
	int fr = sqlite3changeset_finalize(it);
	if (rc == DB_OK && fr != SQLITE_OK)
		rc = db_fail(a->db, DB_INVALID, 0,
			     _("The bundle holds a change that cannot be read."));
	return rc;
}

qd_rc sync_apply_finish(struct sync_apply *a)
{
	qd_rc rc = DB_OK;
	for (int i = 0; i < a->nreps && !rc; i++)
		rc = db_rep_rekey(a->db, a->reps[i]);
	for (int i = 0; i < a->ndist && !rc; i++)
		rc = db_dist_reindex(a->db, a->dist[i].id, a->dist[i].indexed);
	return rc;
}

/* ---- listing and settling ----------------------------------------------- */

/* A synchronised table in words (an N_() msgid; the name itself when it
 * has none). */
const char *sync_table_label(const char *table)
{
	static const char *const names[][2] = {
		{ "distributors", N_("distributor") },
		{ "status_history", N_("status change") },
		{ "qualification_reviews", N_("review") },
		{ "orders", N_("order") },
		{ "order_lines", N_("order line") },
		{ "payments", N_("payment") },
		{ "amounts_due", N_("amount due") },
		{ "visits", N_("visit") },
		{ "visit_inventory", N_("stock count") },
		{ "visit_prices", N_("shelf price") },
		{ "incidents", N_("incident") },
		{ "sales_targets", N_("target") },
		{ "exclusive_rights", N_("exclusive right") },
		{ "regions", N_("region") },
		{ "territories", N_("territory") },
		{ "reps", N_("rep") },
		{ "rep_territories", N_("rep's territory") },
		{ "products", N_("product") },
		{ "settings", N_("setting") },
		{ "trainings", N_("training") },
		{ "training_attendance", N_("attendance") },
		{ "rebate_rules", N_("rebate rule") },
		{ "change_log", N_("change log") },
		{ "score_settings", N_("score settings") },
		{ "distributor_moves", N_("territory move") },
		{ "cross_incidents", N_("窜货 record") },
		{ "sync_decisions", N_("sync decision") },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], table))
			return names[i][1];
	return table;
}

const char *sync_conflict_kind_label(enum sync_conflict_kind k)
{
	switch (k) {
	case SYNC_OVERWRITTEN:
		return _("theirs was later and replaced mine");
	case SYNC_KEPT:
		return _("mine was later and stayed");
	case SYNC_UNIQUE:
		return _("theirs breaks a rule here (a code already used)");
	case SYNC_RULE:
		return _("their status change is not allowed after mine");
	case SYNC_DELETED:
		return _("they deleted what I changed");
	case SYNC_MISSING:
		return _("they changed what is not here");
	case SYNC_HELD:
		return _("waits for another conflict");
	}
	return "";
}

const char *sync_conflict_label(const struct sync_conflict *c)
{
	if (c->kind == SYNC_RULE && c->mine_refused)
		return _("my status change is not allowed after theirs");
	if (c->kind == SYNC_UNIQUE && !c->code_taken)
		return _("theirs holds a value not allowed here");
	if (c->kind == SYNC_UNIQUE && c->number_taken)
		return _("theirs breaks a rule here (a number already used)");
	if (c->kind == SYNC_DELETED && c->by_decision)
		return _("their decision deletes it (kept here)");
	if (c->kind == SYNC_MISSING && !strcmp(c->op, "insert"))
		return _("theirs is new; what it belongs to is not here");
	return sync_conflict_kind_label(c->kind);
}

static int kind_parse(const char *s)
{
	for (int k = 0; k <= SYNC_HELD; k++)
		if (s && !strcmp(kind_codes[k], s))
			return k;
	return SYNC_HELD;
}

void sync_conflict_clear(struct sync_conflict *c)
{
	for (int i = 0; i < c->nfields; i++) {
		free(c->fields[i].name);
		free(c->fields[i].mine);
		free(c->fields[i].theirs);
		free(c->fields[i].mine_shown);
		free(c->fields[i].theirs_shown);
	}
	free(c->fields);
	c->fields = NULL;
	c->nfields = 0;
}

#define CONFLICT_COLS                                                                              \
	"c.id, c.kind, c.state, c.tbl, c.key, c.distributor_id,"                                   \
	" coalesce(d.code || ' ' || d.name, CASE WHEN c.tbl = 'distributors' THEN"                 \
	"   coalesce(json_extract(c.theirs, '$.code') || ' ' || json_extract(c.theirs, '$.name')," \
	"   json_extract(c.mine, '$.code') || ' ' || json_extract(c.mine, '$.name')) END,"         \
	"   (SELECT json_extract(u.theirs, '$.code') || ' ' || json_extract(u.theirs, '$.name')"   \
	"    FROM sync_conflicts u WHERE u.tbl = 'distributors'"                                   \
	"    AND u.key = CAST(c.distributor_id AS TEXT) ORDER BY u.id DESC LIMIT 1), ''),"         \
	" c.op, coalesce(c.mine_at, ''),"                                                          \
	" c.theirs_at, c.detected_at, coalesce(c.resolved_at, ''),"                                \
	" coalesce((SELECT name FROM sync_devices WHERE device_id = c.mine_device),"               \
	"   (SELECT name FROM sync_self WHERE device_id = c.mine_device), ''),"                    \
	" coalesce((SELECT name FROM sync_devices WHERE device_id = c.theirs_device), ''),"        \
	" c.theirs_by, coalesce(c.resolution, ''), coalesce(c.resolved_by, ''), c.detail,"         \
	" (SELECT count(*) FROM sync_conflicts h WHERE h.parent_id = c.id AND h.state = 'open'),"  \
	" c.fields, c.mine, c.theirs,"                                                             \
	" coalesce(json_extract(c.theirs, '$.order_no'), json_extract(c.mine, '$.order_no'),"      \
	"   json_extract(c.theirs, '$.invoice_no'), json_extract(c.mine, '$.invoice_no'),"         \
	"   CASE WHEN c.tbl = 'visits' THEN replace(coalesce(json_extract(c.mine,"                 \
	"   '$.planned_at'), json_extract(c.theirs, '$.planned_at')), 'T', ' ') END, ''),"         \
	" c.theirs_device"

static void conflict_read(sqlite3_stmt *st, struct sync_conflict *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->kind = (enum sync_conflict_kind)kind_parse((const char *)sqlite3_column_text(st, 1));
	c->open = !strcmp((const char *)sqlite3_column_text(st, 2), "open");
#define TXT(i, f) snprintf(c->f, sizeof c->f, "%s", (const char *)sqlite3_column_text(st, i))
	TXT(3, table);
	TXT(4, key);
	c->distributor_id = sqlite3_column_int64(st, 5);
	TXT(6, distributor);
	TXT(7, op);
	TXT(8, mine_at);
	TXT(9, theirs_at);
	TXT(10, detected_at);
	TXT(11, resolved_at);
	TXT(12, mine_device);
	TXT(13, theirs_device);
	TXT(14, theirs_by);
	TXT(15, resolution);
	TXT(16, resolved_by);
	TXT(17, detail);
#undef TXT
	/* Why it waits, in the reader's language: a forbidden move and a
	 * missing parent are kept as what they are, a broken constraint as
	 * SQLite said it; a message an older version kept in English is
	 * translated. */
	char *tab = strchr(c->detail, '\t');
	if (!strncmp(c->detail, "rule:", 5) && tab) {
		*tab = '\0';
		char from[64], to[64];
		snprintf(from, sizeof from, "%s", c->detail + 5);
		char *whose = strchr(tab + 1, '\t');
		if (whose) {
			*whose = '\0';
			c->mine_refused = !strcmp(whose + 1, "mine");
		}
		snprintf(to, sizeof to, "%s", tab + 1);
		snprintf(c->detail, sizeof c->detail, _("The rules do not allow %s → %s."), _(from),
			 _(to));
	} else if (!strncmp(c->detail, "missing:", 8)) {
		char table[64];
		snprintf(table, sizeof table, "%s", c->detail + 8);
		snprintf(c->detail, sizeof c->detail,
			 _("The %s it belongs to is not in this database."),
			 _(sync_table_label(table)));
	} else if (c->detail[0]) {
		char kept[sizeof c->detail];
		snprintf(kept, sizeof kept, "%s", c->detail);
		c->code_taken = strstr(kept, "UNIQUE") != NULL;
		sync_constraint_words(c->detail, sizeof c->detail);
		if (!strcmp(kept, c->detail))
			snprintf(c->detail, sizeof c->detail, "%s", _(kept));
	}
	c->held = sqlite3_column_int(st, 18);
	c->by_decision = c->kind == SYNC_DELETED && sqlite3_column_type(st, 21) == SQLITE_NULL;
	/* An order's or an invoice's number, to name it in a list. */
	text_copy(c->number, sizeof c->number, (const char *)sqlite3_column_text(st, 22));
	c->theirs_device_id = sqlite3_column_int64(st, 23);
	/* A number (an order's, an invoice's), not a code. */
	c->number_taken =
		c->code_taken && (!strcmp(c->table, "orders") || !strcmp(c->table, "amounts_due") ||
				  !strcmp(c->table, "payments"));
}

qd_rc db_sync_conflicts(qd_db *db, bool open_only, struct sync_conflict **out, int *n)
{
	static const char sql[] = "SELECT " CONFLICT_COLS " FROM sync_conflicts c"
				  " LEFT JOIN distributors d ON d.id = c.distributor_id"
				  " WHERE c.kind <> 'held' AND (?1 = 0 OR c.state = 'open')"
				  " ORDER BY c.state = 'open' DESC, c.id DESC LIMIT 10000";
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(open_only));
	if (rc)
		return rc;
	int r, cap = 0;
	while ((r = db_step(db, st, N_("Could not read the conflicts"))) > 0) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		conflict_read(st, &(*out)[(*n)++]);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* "CODE name" of the row of p with this id, or NULL when there is none. */
static char *sync_describe(qd_db *db, const struct sync_table *p, const char *id)
{
	bool has_code = false, has_name = false, has_en = false;
	for (int c = 0; c < p->ncol; c++) {
		has_code |= !strcmp(p->cols[c], "code") || !strcmp(p->cols[c], "sku");
		has_name |= !strcmp(p->cols[c], "name");
		has_en |= !strcmp(p->cols[c], "name_en");
	}
	if (!has_code || !has_name || !*id)
		return NULL;
	bool sku = !strcmp(p->name, "products");
	/* A territory or a region in the language shown (Shanxi, 山西省). */
	char *sql = xasprintf("SELECT %s || ' ' || %s FROM \"%s\" WHERE id = CAST(?1 AS INTEGER)",
			      sku ? "sku" : "code",
			      has_en ? "qd_local_name(name, name_en)" : "name", p->name);
	sqlite3_stmt *st;
	char *out = NULL;
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			out = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	free(sql);
	return out;
}

/* Whether another row here holds, in another case, the order or invoice
 * number column c of t is to take (value v; the row's own id, NULL for a
 * new row): 1 when it does, 0 when not (or c is no such number), -1 when it
 * could not be read (said in db). The unique indexes compare exactly, but
 * SO-1 and so-1 are one order (schema 13's NOCASE indexes), so the value
 * is refused as a duplicate would be, with SQLite's words for one in
 * detail. (The same spelling is left to the unique index.) */
int sync_number_taken(qd_db *db, const struct sync_table *t, int c, sqlite3_value *v,
		      sqlite3_value *id, char *detail, size_t size)
{
	static const struct {
		const char *table, *col, *sql;
	} numbers[] = {
		{ "orders", "order_no",
		  "SELECT 1 FROM orders WHERE order_no = ?1 COLLATE NOCASE AND order_no <> ?1"
		  " AND (?2 IS NULL OR id <> ?2)" },
		{ "amounts_due", "invoice_no",
		  "SELECT 1 FROM amounts_due WHERE invoice_no = ?1 COLLATE NOCASE"
		  " AND invoice_no <> ?1 AND (?2 IS NULL OR id <> ?2)" },
	};
	if (!v || sqlite3_value_type(v) != SQLITE_TEXT)
		return 0;
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		if (strcmp(t->name, numbers[i].table) || strcmp(t->cols[c], numbers[i].col))
			continue;
		sqlite3_stmt *st = db_stmt(db, numbers[i].sql);
		int64_t one;
		bool found = false;
		if (!st || sqlite3_bind_value(st, 1, v) != SQLITE_OK ||
		    (id && sqlite3_bind_value(st, 2, id) != SQLITE_OK) ||
		    db_int_of(db, st, &one, &found))
			return -1;
		if (found)
			snprintf(detail, size, "UNIQUE constraint failed: %s.%s", t->name,
				 t->cols[c]);
		return found;
	}
	return 0;
}

/* The same for every column of a new row of t. */
int sync_numbers_taken(qd_db *db, const struct sync_table *t, sqlite3_value **vals, char *detail,
		       size_t size)
{
	int taken = 0;
	for (int c = 0; c < t->ncol && !taken; c++)
		taken = sync_number_taken(db, t, c, vals[c], NULL, detail, size);
	return taken;
}

/* The record here that holds the code (or SKU, order or invoice number) of
 * their new record, as a version (JSON by column) into *out, or NULL when
 * there is none. Compared without regard to case: a code's or SKU's unique
 * index does so, and an order or invoice number is refused in another case
 * (sync_number_taken). */
static qd_rc clash_here(qd_db *db, const struct sync_table *t, const char *theirs, char **out)
{
	*out = NULL;
	int uc = sync_unique_col(t);
	if (uc < 0)
		return DB_OK;
	const char *col = t->cols[uc];
	struct cs_buf q = { 0 };
	cs_put(&q, "SELECT ", 7);
	for (int c = 0; c < t->ncol; c++) {
		char *x = xasprintf("%s\"%s\"", c ? ", " : "", t->cols[c]);
		cs_put(&q, x, strlen(x));
		free(x);
	}
	/* The same spelling first, when both are here. */
	char *tail = xasprintf(" FROM \"%s\" WHERE \"%s\" = json_extract(?1, '$.%s') COLLATE NOCASE"
			       " ORDER BY \"%s\" = json_extract(?1, '$.%s') DESC LIMIT 1",
			       t->name, col, col, col, col);
	cs_put(&q, tail, strlen(tail) + 1);
	free(tail);
	/* Made for the table at hand: prepared here, not cached (the cache
	 * keys statements by their text's address). */
	sqlite3_stmt *st;
	int r = sqlite3_prepare_v2(db_handle(db), (const char *)q.p, -1, &st, NULL);
	cs_buf_free(&q);
	if (r != SQLITE_OK)
		return db_fail_sqlite(db, _("Could not read the conflicts"));
	qd_rc rc = DB_OK;
	sqlite3_bind_text(st, 1, theirs, -1, SQLITE_TRANSIENT);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		sqlite3_value **vals = xcalloc((size_t)t->ncol, sizeof *vals);
		for (int c = 0; c < t->ncol; c++)
			vals[c] = sqlite3_value_dup(sqlite3_column_value(st, c));
		*out = sync_json_row(t, vals);
		for (int c = 0; c < t->ncol; c++)
			sqlite3_value_free(vals[c]);
		free(vals);
	} else if (r != SQLITE_DONE) {
		rc = db_fail_sqlite(db, _("Could not read the conflicts"));
	}
	sqlite3_finalize(st);
	return rc;
}

void sync_constraint_words(char *detail, size_t size)
{
	const char *words = NULL;
	if (strstr(detail, "UNIQUE") && strstr(detail, "orders.order_no"))
		words = _("Another order here already has this number (in any case: so-1 is "
			  "SO-1).");
	else if (strstr(detail, "UNIQUE") && strstr(detail, "amounts_due.invoice_no"))
		words = _("An amount due here already has this invoice number (in any case: "
			  "inv-1 is INV-1).");
	else if (strstr(detail, "UNIQUE") &&
		 (strstr(detail, ".code") || strstr(detail, ".sku") || strstr(detail, "_no")))
		words = _("Another record here already has this code.");
	else if (strstr(detail, "UNIQUE"))
		words = _("Another record here already has the same values.");
	else if (strstr(detail, "NOT NULL"))
		words = _("A field that must be filled in is empty.");
	else if (strstr(detail, "FOREIGN KEY"))
		words = _("It refers to a record that is not in this database.");
	else if (strstr(detail, "CHECK"))
		words = _("A field holds a value this database does not allow.");
	if (words)
		snprintf(detail, size, "%s", words);
}

qd_rc db_sync_conflict_get(qd_db *db, int64_t id, struct sync_conflict *out)
{
	static const char sql[] = "SELECT " CONFLICT_COLS " FROM sync_conflicts c"
				  " LEFT JOIN distributors d ON d.id = c.distributor_id"
				  " WHERE c.id = ?1";
	/* Both versions, field by field, in the table's column order. */
	static const char fields_sql[] =
		"SELECT t.name, (SELECT CASE WHEN m.type = 'null' THEN '' ELSE m.value END"
		"   FROM json_each(?2) m WHERE m.key = t.name),"
		" (SELECT CASE WHEN h.type = 'null' THEN '' ELSE h.value END"
		"   FROM json_each(?3) h WHERE h.key = t.name),"
		" EXISTS (SELECT 1 FROM json_each(?2) m WHERE m.key = t.name),"
		" EXISTS (SELECT 1 FROM json_each(?3) h WHERE h.key = t.name),"
		" EXISTS (SELECT 1 FROM json_each(?4) f WHERE f.value = t.name)"
		" FROM pragma_table_info(?1) t ORDER BY t.cid";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	if (rc)
		return rc;
	int r = db_step(db, st, N_("Could not read the conflicts"));
	if (r <= 0)
		return r < 0 ? db_errcode(db)
			     : db_fail(db, DB_NOTFOUND, 0, _("That conflict is not there."));
	conflict_read(st, out);
	char *fields = xstrdup((const char *)sqlite3_column_text(st, 19));
	char *mine = sqlite3_column_type(st, 20) == SQLITE_NULL
			     ? NULL
			     : xstrdup((const char *)sqlite3_column_text(st, 20));
	char *theirs = sqlite3_column_type(st, 21) == SQLITE_NULL
			       ? NULL
			       : xstrdup((const char *)sqlite3_column_text(st, 21));
	sqlite3_reset(st);
	const struct sync_schema *s = sync_schema(db);
	int ti = s ? sync_table_index(s, out->table) : -1;
	if (!mine && theirs && ti >= 0 && out->kind == SYNC_UNIQUE && !strcmp(out->op, "insert")) {
		rc = clash_here(db, &s->t[ti], theirs, &mine);
		out->mine_is_clash = mine != NULL;
		if (rc) {
			free(fields);
			free(mine);
			free(theirs);
			return rc;
		}
	}
	st = db_stmt(db, fields_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_text(out->table), db_text(mine ? mine : "{}"),
			   db_text(theirs ? theirs : "{}"), db_text(fields));
	int cap = 0;
	while (!rc && (r = db_step(db, st, N_("Could not read the conflicts"))) > 0) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		bool in_mine = sqlite3_column_int(st, 3), in_theirs = sqlite3_column_int(st, 4);
		if (ti >= 0) {
			int c = -1;
			for (int i = 0; i < s->t[ti].ncol; i++)
				if (!strcmp(s->t[ti].cols[i], name))
					c = i;
			if (c >= 0 && (s->t[ti].derived[c] || s->t[ti].pk[c]))
				continue;
		}
		if (!in_mine && !in_theirs)
			continue;
		if (out->nfields == cap) {
			cap = cap ? cap * 2 : 16;
			out->fields = xrealloc(out->fields, (size_t)cap * sizeof *out->fields);
		}
		struct sync_field *f = &out->fields[out->nfields++];
		memset(f, 0, sizeof *f);
		f->name = xstrdup(name);
		f->mine = in_mine ? xstrdup((const char *)sqlite3_column_text(st, 1)) : NULL;
		f->theirs = in_theirs ? xstrdup((const char *)sqlite3_column_text(st, 2)) : NULL;
		f->differs = in_theirs && (!in_mine || strcmp(f->mine, f->theirs));
		f->contested = sqlite3_column_int(st, 5);
	}
	/* What a choice would be refused for: records of theirs waiting with
	 * it (m discards it), records here of a distributor they delete (t). */
	if (!rc && out->open && sync_conflict_discards(out) && out->kind != SYNC_MISSING) {
		int64_t n;
		char kinds[200];
		rc = sync_records_waiting(db, out->id, &n, kinds, sizeof kinds);
		if (!rc && n > 0)
			sync_refusal_mine(out->refuse_mine, sizeof out->refuse_mine, n, kinds);
	}
	if (!rc && out->open && out->kind == SYNC_MISSING && !strcmp(out->op, "insert") && theirs &&
	    ti >= 0) {
		const struct sync_table *t = &s->t[ti];
		sqlite3_value *vals[t->ncol];
		rc = sync_json_vals(db, t, theirs, vals);
		int d = rc ? 0 : sync_parent_discarded(db, t, vals);
		if (d < 0)
			rc = db_errcode(db);
		else if (d)
			text_copy(out->refuse_mine, sizeof out->refuse_mine,
				  _(sync_missing_refusal));
		/* Theirs cannot go in while what it belongs to is not here. */
		int m = rc ? 0 : sync_parent_missing(db, t, vals);
		if (m < 0)
			rc = db_errcode(db);
		else if (m)
			text_copy(
				out->refuse_theirs, sizeof out->refuse_theirs,
				_("Theirs cannot go in yet: the record it belongs to is not here. "
				  "It waits until that record comes back (their side keeps it); t "
				  "then takes it in."));
		row_free(vals, t->ncol);
	}
	if (!rc && out->open && out->kind == SYNC_DELETED && !strcmp(out->table, "distributors")) {
		bool has;
		char kinds[200];
		rc = sync_dist_has_records(db, strtoll(out->key, NULL, 10), &has, kinds,
					   sizeof kinds);
		if (!rc && has)
			sync_refusal_theirs(out->refuse_theirs, sizeof out->refuse_theirs, kinds);
	}
	/* The record's number (theirs, the record in question beside one
	 * here with its number; mine where theirs is a deletion), and theirs
	 * that taking a crossed deletion brings back. */
	int uc = ti >= 0 ? sync_unique_col(&s->t[ti]) : -1;
	for (int i = 0; i < out->nfields && uc >= 0; i++) {
		const struct sync_field *f = &out->fields[i];
		if (!strcmp(f->name, s->t[ti].cols[uc]))
			text_copy(out->number, sizeof out->number,
				  f->theirs ? f->theirs
				  : f->mine ? f->mine
					    : "");
	}
	if (!rc && uc >= 0 && out->by_decision && mine) {
		const struct sync_table *t = &s->t[ti];
		sqlite3_value *vals[t->ncol];
		int64_t was;
		char *back = NULL;
		rc = sync_json_vals(db, t, mine, vals);
		if (!rc && sync_discarded_for(db, t, vals, out->theirs_device_id, &was, &back) < 0)
			rc = db_errcode(db);
		sqlite3_value *bv[t->ncol];
		if (back) {
			if (!sync_json_vals(db, t, back, bv) && bv[uc])
				text_copy(out->restores, sizeof out->restores,
					  (const char *)sqlite3_value_text(bv[uc]));
			row_free(bv, t->ncol);
		}
		free(back);
		row_free(vals, t->ncol);
	}
	/* Codes shown as their words. */
	static const struct {
		const char *table, *col;
		const struct label_set *set;
	} coded[] = {
		{ "distributors", "type", &labels_dist_type },
		{ "orders", "status", &labels_order_status },
		{ "visits", "status", &labels_visit_status },
		{ "visits", "purpose", &labels_visit_purpose },
		{ "visits", "objective_kind", &labels_visit_objective },
		{ "incidents", "kind", &labels_incident_kind },
		{ "incidents", "severity", &labels_severity },
		{ "incidents", "status", &labels_incident_status },
		{ "reps", "role", &labels_role },
		{ "territories", "level", &labels_level },
	};
	for (int i = 0; i < out->nfields; i++) {
		struct sync_field *f = &out->fields[i];
		bool status = (!strcmp(out->table, "distributors") && !strcmp(f->name, "status")) ||
			      (!strcmp(out->table, "status_history") &&
			       (!strcmp(f->name, "from_status") || !strcmp(f->name, "to_status")));
		for (int side = 0; side < 2; side++) {
			const char *v = side ? f->theirs : f->mine;
			char **shown = side ? &f->theirs_shown : &f->mine_shown;
			if (!v || !*v)
				continue;
			qd_status st;
			if (status && !lifecycle_status_parse(v, &st))
				*shown = xstrdup(_(lifecycle_status_label(st)));
			for (size_t k = 0; k < sizeof coded / sizeof coded[0]; k++)
				if (!strcmp(coded[k].table, out->table) &&
				    !strcmp(coded[k].col, f->name))
					*shown = xstrdup(_(label_of(coded[k].set, v)));
		}
	}
	/* Amounts in yuan, stored times to the minute; what is not typed by
	 * hand is fixed. */
	for (int i = 0; i < out->nfields; i++) {
		struct sync_field *f = &out->fields[i];
		size_t len = strlen(f->name);
		f->money = len > 4 && !strcmp(f->name + len - 4, "_fen");
		bool stamp = !strcmp(f->name, "created_at") || !strcmp(f->name, "updated_at") ||
			     !strcmp(f->name, "changed_at");
		f->fixed = f->mine_shown || f->theirs_shown || stamp ||
			   !strcmp(f->name, "version") || sync_col_lifecycle(out->table, f->name) ||
			   sync_col_computed(out->table, f->name);
		for (int side = 0; side < 2; side++) {
			const char *v = side ? f->theirs : f->mine;
			char **shown = side ? &f->theirs_shown : &f->mine_shown;
			char *end;
			if (!v || !*v || *shown)
				continue;
			long long fen = strtoll(v, &end, 10);
			if (f->money && !*end) {
				char buf[MONEY_BUF];
				*shown = xstrdup(money_format(fen, buf));
			} else if (stamp) {
				char buf[64];
				*shown = xstrdup(date_stamp_shown(v, buf, sizeof buf));
			}
		}
	}
	/* References shown as the code and name of what they point to. */
	for (int i = 0; !rc && ti >= 0 && i < out->nfields; i++) {
		struct sync_field *f = &out->fields[i];
		const struct sync_table *t = &s->t[ti];
		for (int k = 0; k < t->nfk; k++) {
			if (strcmp(t->cols[t->fks[k].col], f->name))
				continue;
			const struct sync_table *p = &s->t[t->fks[k].parent];
			f->mine_shown = f->mine ? sync_describe(db, p, f->mine) : NULL;
			f->theirs_shown = f->theirs ? sync_describe(db, p, f->theirs) : NULL;
			f->fixed = true;
		}
	}
	if (!rc && r < 0)
		rc = db_errcode(db);
	free(fields);
	free(mine);
	free(theirs);
	return rc;
}
