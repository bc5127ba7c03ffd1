/* Sync, part four: bundle files, and making a rep's database.
 *
 * A bundle is a text header, a SHA-256 line, and the payload:
 *
 *   QUDAO-SYNC 1
 *   schema 4
 *   from 1a2b3c4d5e6f7081
 *   from-name 王伟的笔记本          (percent-encoded where needed)
 *   to 0f1e2d3c4b5a6978 | *
 *   created 2026-11-28T02:35:01.123Z
 *   entries 12
 *   changes 340
 *   ack ORIGIN SEQ               (what the sender has applied, per device)
 *   device ID NAME               (names of the devices whose changes it holds)
 *   range ORIGIN FIRST LAST      (the changes it carries, per device)
 *   payload BYTES
 *   sha256 HEX                   (of every byte above this line, then the payload)
 *   <payload>
 *
 * The payload is records: 'S' a snapshot (rows that came into the
 * destination's scope, with their field times), 'L' the distributors that
 * left it (a count, then their ids; format 2), then 'E' entries (origin,
 * seq, time, author, count, changeset), all lengths big-endian and checked.
 * A file is refused whole, before anything is applied, when the header or
 * the checksum do not hold. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/ledger.h"
#include "qudao/sha256.h"
#include "qudao/sync.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "schema.h"
#include "sync_internal.h"

#define BUNDLE_MAGIC "QUDAO-SYNC"
/* Bigger bundles than this are refused before reading (a whole region's
 * first exchange is far smaller). */
#define BUNDLE_MAX ((size_t)1 << 31)

/* ---- header text ---------------------------------------------------------- */

static void pct_encode(struct cs_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= 0x20 || *p == 0x7f || *p == '%') {
			char esc[4];
			snprintf(esc, sizeof esc, "%%%02X", *p);
			cs_put(b, esc, 3);
		} else {
			cs_put(b, p, 1);
		}
	}
}

static char *pct_decode(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && s[i + 1] && s[i + 2]) {
			char hex[3] = { s[i + 1], s[i + 2], 0 };
			char *end;
			long v = strtol(hex, &end, 16);
			if (!*end && v > 0) {
				/* A name from elsewhere: no line breaks or other
				 * controls in what is shown and stored. */
				*o++ = v < 0x20 || v == 0x7f ? ' ' : (char)v;
				i += 2;
				continue;
			}
		}
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

static void line(struct cs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(struct cs_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	cs_put(b, s, strlen(s));
	free(s);
}

static void be(unsigned char *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (unsigned char)v;
		v >>= 8;
	}
}

static uint64_t rd_be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static void hex_of(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* One integer from a query with one bound id (0 when no row). */
static int64_t sync_q_int(qd_db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ---- finding the peer --------------------------------------------------- */

struct peer {
	int64_t id; /* 0: anyone */
	int64_t rep_id;
	char name[128];
};

static qd_rc find_peer(qd_db *db, const char *what, struct peer *out)
{
	static const char sql[] =
		"SELECT d.device_id, coalesce(d.rep_id, 0), d.name,"
		" printf('%016x', d.device_id) = lower(?1), d.peer FROM sync_devices d"
		" LEFT JOIN reps r ON r.id = d.rep_id"
		" WHERE printf('%016x', d.device_id) = lower(?1) OR d.name = ?1"
		"   OR ((r.code = ?1 COLLATE NOCASE OR r.name = ?1) AND d.peer = 1)"
		" ORDER BY 4 DESC, d.peer DESC, d.provisioned_at DESC";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_text(what));
	if (rc)
		return rc;
	int r = db_step(db, st, N_("Could not read the sync peers"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, 0,
			       _("No device \"%s\" is known here: give a device id, a device "
				 "name, a rep code or a rep's name from \"qudao sync status\"."),
			       what);
	out->id = sqlite3_column_int64(st, 0);
	out->rep_id = sqlite3_column_int64(st, 1);
	snprintf(out->name, sizeof out->name, "%s", (const char *)sqlite3_column_text(st, 2));
	bool by_id = sqlite3_column_int(st, 3), peer = sqlite3_column_int(st, 4);
	/* A rep with two laptops, or two peers of one name: which one is for
	 * the user to say, by its id (a bundle for the other is refused
	 * there). Devices known only by name, not peers, do not count. */
	char others[512] = "";
	int n = 1;
	while (!by_id && peer && (r = db_step(db, st, N_("Could not read the sync peers"))) > 0 &&
	       sqlite3_column_int(st, 4)) {
		char hex[17], one[200];
		if (n == 1) {
			db_sync_device_id_text(out->id, hex);
			snprintf(others, sizeof others, "%s %s", out->name, hex);
		}
		db_sync_device_id_text(sqlite3_column_int64(st, 0), hex);
		snprintf(one, sizeof one, "; %s %s", (const char *)sqlite3_column_text(st, 2), hex);
		if (strlen(others) + strlen(one) < sizeof others)
			strcat(others, one);
		n++;
	}
	sqlite3_reset(st);
	if (r < 0)
		return db_errcode(db);
	if (n > 1)
		return db_fail(db, DB_INVALID, 0,
			       _("\"%s\" names %d devices (%s); give the id of the one you "
				 "mean."),
			       what, n, others);
	return DB_OK;
}

/* When device id was forgotten here (qudao sync forget), into at ("" when
 * it was not). */
static qd_rc forgotten_when(qd_db *db, int64_t id, char *at, size_t size)
{
	static const char sql[] = "SELECT forgotten_at FROM sync_devices WHERE device_id = ?1"
				  " AND forgotten_at IS NOT NULL";
	at[0] = '\0';
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	if (rc)
		return rc;
	int r = db_step(db, st, N_("Could not read the sync peers"));
	if (r > 0) {
		date_stamp_shown((const char *)sqlite3_column_text(st, 0), at, size);
		sqlite3_reset(st);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* ---- scope ----------------------------------------------------------------- */

/* The distributors a rep's device sees: in the territories the rep covers
 * (and their children), owned by the rep, or added on that device. schema
 * is "main" or "ho". */
static qd_rc scope_make(qd_db *db, const char *schema, int64_t rep_id, int64_t device)
{
	long long r = (long long)rep_id;
	char *sql = xasprintf(
		"DROP TABLE IF EXISTS temp.sync_scope;"
		"CREATE TEMP TABLE sync_scope (id INTEGER PRIMARY KEY);"
		"WITH RECURSIVE t(id) AS ("
		"  SELECT territory_id FROM %s.rep_territories WHERE rep_id = %lld"
		"  UNION SELECT c.id FROM %s.territories c JOIN t ON c.parent_id = t.id)"
		" INSERT OR IGNORE INTO temp.sync_scope(id)"
		"  SELECT d.id FROM %s.distributors d WHERE d.territory_id IN (SELECT id FROM t)"
		"  UNION SELECT d.id FROM %s.distributors d WHERE d.owner_rep_id = %lld"
		"  UNION SELECT o.distributor_id FROM %s.sync_origin o WHERE o.device = %lld;",
		schema, r, schema, schema, schema, r, schema, (long long)device);
	qd_rc rc = db_exec(db, sql);
	free(sql);
	return rc;
}

/* Whether a change belongs to the scope. vals are the change's values
 * (new or old); missing values are read from the row here. */
struct scoper {
	qd_db *db;
	const struct sync_schema *s;
	sqlite3_stmt *in_scope, *fresh;
	sqlite3_stmt **lookup; /* per table: scope column by key */
	sqlite3_stmt **parent; /* per table (SCOPE_PARENT): the parent's distributor */
};

static void scoper_free(struct scoper *sc)
{
	if (!sc->s)
		return;
	sqlite3_finalize(sc->in_scope);
	sqlite3_finalize(sc->fresh);
	for (int i = 0; i < sc->s->n; i++) {
		sqlite3_finalize(sc->lookup[i]);
		sqlite3_finalize(sc->parent[i]);
	}
	free(sc->lookup);
	free(sc->parent);
}

static qd_rc scoper_init(struct scoper *sc, qd_db *db, const struct sync_schema *s)
{
	memset(sc, 0, sizeof *sc);
	sc->db = db;
	sc->s = s;
	sc->lookup = xcalloc((size_t)s->n, sizeof *sc->lookup);
	sc->parent = xcalloc((size_t)s->n, sizeof *sc->parent);
	if (sqlite3_prepare_v2(db_handle(db), "SELECT 1 FROM temp.sync_scope WHERE id = ?1", -1,
			       &sc->in_scope, NULL) != SQLITE_OK)
		return db_fail_sqlite(db, _("Could not write the bundle"));
	for (int i = 0; i < s->n; i++) {
		const struct sync_table *t = &s->t[i];
		if (t->scope == SCOPE_SHARED)
			continue;
		char *sql = xasprintf("SELECT \"%s\" FROM \"%s\" WHERE \"%s\" = ?1",
				      t->cols[t->scope_col], t->name, sync_pk_name(t));
		int r = sqlite3_prepare_v2(db_handle(db), sql, -1, &sc->lookup[i], NULL);
		free(sql);
		if (r != SQLITE_OK)
			return db_fail_sqlite(db, _("Could not write the bundle"));
		if (t->scope == SCOPE_PARENT) {
			const struct sync_table *p = &s->t[t->scope_parent];
			sql = xasprintf("SELECT \"%s\" FROM \"%s\" WHERE \"%s\" = ?1",
					p->cols[p->scope_col], p->name, sync_pk_name(p));
			r = sqlite3_prepare_v2(db_handle(db), sql, -1, &sc->parent[i], NULL);
			free(sql);
			if (r != SQLITE_OK)
				return db_fail_sqlite(db, _("Could not write the bundle"));
		}
	}
	return DB_OK;
}

static int64_t one_int(sqlite3_stmt *st, sqlite3_value *v, int64_t i, bool *found)
{
	sqlite3_reset(st);
	if (v)
		sqlite3_bind_value(st, 1, v);
	else
		sqlite3_bind_int64(st, 1, i);
	*found = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_INTEGER;
	int64_t r = *found ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return r;
}

static bool scope_has(struct scoper *sc, int64_t id)
{
	sqlite3_reset(sc->in_scope);
	sqlite3_bind_int64(sc->in_scope, 1, id);
	bool in = sqlite3_step(sc->in_scope) == SQLITE_ROW;
	sqlite3_reset(sc->in_scope);
	return in;
}

/* SQL true for the change_log rows in scope: those about a row of a
 * distributor in the temp table scope_tab (read from db_prefix's tables),
 * and with with_shared, those about a shared table. */
static char *log_where(const struct sync_schema *s, const char *db_prefix, const char *scope_tab,
		       bool with_shared)
{
	struct cs_buf b = { 0 }, names = { 0 };
	cs_put(&b, "(0", 2);
	for (int i = 0; i < s->n; i++) {
		const struct sync_table *t = &s->t[i];
		if (t->scope != SCOPE_DISTRIBUTOR && t->scope != SCOPE_PARENT)
			continue;
		char *x = xasprintf("%s'%s'", names.n ? ", " : "", t->name);
		cs_put(&names, x, strlen(x));
		free(x);
		char *in;
		if (t->scope == SCOPE_DISTRIBUTOR)
			in = xasprintf(
				"SELECT \"%s\" FROM %s\"%s\" WHERE \"%s\" IN (SELECT id FROM "
				"temp.%s)",
				sync_pk_name(t), db_prefix, t->name, t->cols[t->scope_col],
				scope_tab);
		else {
			const struct sync_table *p = &s->t[t->scope_parent];
			in = xasprintf(
				"SELECT \"%s\" FROM %s\"%s\" WHERE \"%s\" IN (SELECT \"%s\" FROM "
				"%s\"%s\" WHERE \"%s\" IN (SELECT id FROM temp.%s))",
				sync_pk_name(t), db_prefix, t->name, t->cols[t->scope_col],
				sync_pk_name(p), db_prefix, p->name, p->cols[p->scope_col],
				scope_tab);
		}
		x = xasprintf(" OR (table_name = '%s' AND row_id IN (%s))", t->name, in);
		cs_put(&b, x, strlen(x));
		free(x);
		free(in);
	}
	if (with_shared) {
		cs_put(&names, "", 1);
		char *x = xasprintf(" OR table_name NOT IN (%s)", (const char *)names.p);
		cs_put(&b, x, strlen(x));
		free(x);
	}
	cs_put(&b, ")", 2);
	char *r = xstrdup((const char *)b.p);
	cs_buf_free(&b);
	cs_buf_free(&names);
	return r;
}

/* Whether the row a change_log row names is in scope: a shared table's
 * always, a distributor's row when its distributor is. */
static bool log_in_scope(struct scoper *sc, const struct sync_table *t, int op, sqlite3_value **old,
			 sqlite3_value **new, int64_t *dist)
{
	sqlite3_value *tn = op == SQLITE_DELETE ? old[t->log_col] : new[t->log_col];
	sqlite3_value *rid = op == SQLITE_DELETE ? old[t->scope_col] : new[t->scope_col];
	if (!tn && op == SQLITE_UPDATE)
		tn = old[t->log_col];
	if (!rid && op == SQLITE_UPDATE)
		rid = old[t->scope_col];
	if (!tn || sqlite3_value_type(tn) != SQLITE_TEXT || !rid)
		return true; /* the history is only added to; nothing to judge */
	int ti = sync_table_index(sc->s, (const char *)sqlite3_value_text(tn));
	if (ti < 0)
		return true;
	const struct sync_table *r = &sc->s->t[ti];
	if (r->scope != SCOPE_DISTRIBUTOR && r->scope != SCOPE_PARENT)
		return true;
	bool found;
	int64_t d = one_int(sc->lookup[ti], rid, 0, &found);
	if (found && r->scope == SCOPE_PARENT)
		d = one_int(sc->parent[ti], NULL, d, &found);
	if (!found || !scope_has(sc, d))
		return false;
	*dist = d;
	return true;
}

/* Whether a decision (sync_decisions: about row key of table tbl, with the
 * row as JSON) is in scope: where that row's distributor is; a shared
 * table's always. One whose distributor cannot be told, or is not here
 * (gone, or never here), goes: the destination may hold it, and a decision
 * about a row it lacks changes nothing there but a "keep" with the row,
 * made where the row is. */
static bool decision_in_scope(struct scoper *sc, const struct sync_table *t, sqlite3_value **vals)
{
	static const char json_sql[] = "SELECT json_extract(?1, '$.\"' || ?2 || '\"')";
	struct sync_decision dv;
	sync_decision_read(t, vals, &dv);
	const char *tbl = dv.tbl, *key = dv.key, *row = dv.row;
	int ti = tbl ? sync_table_index(sc->s, tbl) : -1;
	if (ti < 0)
		return true;
	const struct sync_table *r = &sc->s->t[ti];
	if (r->scope != SCOPE_DISTRIBUTOR && r->scope != SCOPE_PARENT)
		return true;
	bool found = false;
	int64_t d = 0;
	sqlite3_stmt *st = row ? db_stmt(sc->db, json_sql) : NULL;
	if (st && !db_bind(sc->db, st, db_text(row), db_text(r->cols[r->scope_col])) &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_INTEGER) {
		d = sqlite3_column_int64(st, 0);
		found = true;
	}
	if (st)
		sqlite3_reset(st);
	if (!found && key) {
		char *end;
		long long k = strtoll(key, &end, 10);
		if (*end)
			return true;
		d = one_int(sc->lookup[ti], NULL, k, &found);
	}
	if (found && r->scope == SCOPE_PARENT)
		d = one_int(sc->parent[ti], NULL, d, &found);
	if (!found || scope_has(sc, d))
		return true;
	/* Out of scope only when the distributor is here to say so: one
	 * deleted here (a new record discarded) may be the destination's. */
	int di = sync_table_index(sc->s, "distributors");
	if (di >= 0)
		one_int(sc->lookup[di], NULL, d, &found);
	return !found;
}

/* 1 when a change is in scope (*dist: its distributor, 0 for shared
 * rows), 0 when not. */
static bool change_in_scope(struct scoper *sc, int ti, int op, sqlite3_value **old,
			    sqlite3_value **new, int64_t *dist)
{
	const struct sync_table *t = &sc->s->t[ti];
	*dist = 0;
	if (op == SQLITE_INSERT && !strcmp(t->name, "sync_decisions"))
		return decision_in_scope(sc, t, new);
	if (t->scope == SCOPE_SHARED)
		return true;
	if (t->scope == SCOPE_LOG)
		return log_in_scope(sc, t, op, old, new, dist);
	int pk = -1;
	for (int c = 0; c < t->ncol; c++)
		if (t->pk[c])
			pk = c;
	sqlite3_value *key = op == SQLITE_INSERT ? new[pk] : old[pk];
	/* The scope column's values before and after, read from the row when
	 * the change does not carry them. */
	int64_t ids[2];
	int nid = 0;
	bool found;
	sqlite3_value *o = op == SQLITE_INSERT ? NULL : old[t->scope_col];
	sqlite3_value *n = op == SQLITE_DELETE ? NULL : new[t->scope_col];
	if (o && sqlite3_value_type(o) == SQLITE_INTEGER)
		ids[nid++] = sqlite3_value_int64(o);
	if (n && sqlite3_value_type(n) == SQLITE_INTEGER)
		ids[nid++] = sqlite3_value_int64(n);
	if (nid == 0 && key) {
		int64_t v = one_int(sc->lookup[ti], key, 0, &found);
		if (found)
			ids[nid++] = v;
	}
	for (int i = 0; i < nid; i++) {
		int64_t d = ids[i];
		if (t->scope == SCOPE_PARENT) {
			/* The parent's distributor, by the parent's id. */
			d = one_int(sc->parent[ti], NULL, d, &found);
			if (!found)
				continue;
		}
		if (scope_has(sc, d)) {
			*dist = d;
			return true;
		}
	}
	return false;
}

/* Writes into out the changes of a changeset that are in scope; returns how
 * many, or -1 when it cannot be read. */
static int filter_changeset(struct scoper *sc, const void *p, int n, struct cs_buf *out)
{
	sqlite3_changeset_iter *it;
	if (sqlite3changeset_start(&it, n, (void *)p) != SQLITE_OK)
		return -1;
	const char *last = NULL;
	int kept = 0;
	while (sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, indirect;
		sqlite3changeset_op(it, &tab, &ncol, &op, &indirect);
		int ti = sync_table_index(sc->s, tab);
		if (ti < 0 || ncol != sc->s->t[ti].ncol)
			continue;
		const struct sync_table *t = &sc->s->t[ti];
		sqlite3_value *old[ncol], *new[ncol];
		for (int i = 0; i < ncol; i++) {
			old[i] = new[i] = NULL;
			if (op != SQLITE_INSERT)
				sqlite3changeset_old(it, i, &old[i]);
			if (op != SQLITE_DELETE)
				sqlite3changeset_new(it, i, &new[i]);
		}
		int64_t dist;
		if (!change_in_scope(sc, ti, op, old, new, &dist))
			continue;
		/* A distributor sent whole in this very bundle already holds
		 * every change made to it, except deletions: a whole
		 * distributor cannot say a row is gone, and the destination may
		 * hold that row from an earlier copy it has not acknowledged
		 * yet. A deletion of a row it never had changes nothing there. */
		if (dist && sc->fresh && op != SQLITE_DELETE) {
			sqlite3_reset(sc->fresh);
			sqlite3_bind_int64(sc->fresh, 1, dist);
			bool fresh = sqlite3_step(sc->fresh) == SQLITE_ROW;
			sqlite3_reset(sc->fresh);
			if (fresh)
				continue;
		}
		if (last != t->name) {
			cs_table(out, t->name, ncol, t->pk);
			last = t->name;
		}
		cs_change(out, op, indirect, ncol, old, new);
		kept++;
	}
	return sqlite3changeset_finalize(it) == SQLITE_OK ? kept : -1;
}

/* ---- snapshots of distributors entering a scope ------------------------------ */

/* Every row of the given distributors (temp.sync_new) and what hangs off
 * them, as inserts, after the field times of those rows. */
static qd_rc snapshot_make(qd_db *db, const struct sync_schema *s, struct cs_buf *out,
			   int64_t *rows)
{
	*rows = 0;
	/* Field times first, so they are known when the rows are applied. */
	static const unsigned char clock_pk[5] = { 1, 1, 1, 0, 0 };
	bool clock_header = false;
	qd_rc rc = DB_OK;
	/* The distributors before every row hanging off them: the list puts
	 * their moves first for changes (see sync_table_names), but a
	 * destination new to a distributor needs it before its moves. */
	int first = sync_table_index(s, "distributors");
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (int k = -1; k < s->n && !rc; k++) {
			int i = k < 0 ? first : k;
			if (i < 0 || (k >= 0 && i == first))
				continue;
			const struct sync_table *t = &s->t[i];
			if (t->scope == SCOPE_SHARED)
				continue;
			char *where;
			if (t->scope == SCOPE_LOG)
				where = log_where(s, "", "sync_new", false);
			else if (t->scope == SCOPE_DISTRIBUTOR)
				where = xasprintf("\"%s\" IN (SELECT id FROM temp.sync_new)",
						  t->cols[t->scope_col]);
			else {
				const struct sync_table *p = &s->t[t->scope_parent];
				where = xasprintf(
					"\"%s\" IN (SELECT \"%s\" FROM \"%s\" WHERE \"%s\" IN"
					" (SELECT id FROM temp.sync_new))",
					t->cols[t->scope_col], sync_pk_name(p), p->name,
					p->cols[p->scope_col]);
			}
			char *sql =
				pass == 0
					? xasprintf("SELECT c.tbl, c.key, c.col, c.at, c.device"
						    " FROM sync_clock c WHERE c.tbl = '%s' AND"
						    " CAST(c.key AS INTEGER) IN (SELECT \"%s\" FROM"
						    " \"%s\" WHERE %s)",
						    t->name, sync_pk_name(t), t->name, where)
					: xasprintf("SELECT * FROM \"%s\" WHERE %s", t->name,
						    where);
			free(where);
			sqlite3_stmt *st;
			if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
				free(sql);
				rc = db_fail_sqlite(db, _("Could not write the bundle"));
				break;
			}
			free(sql);
			bool header = false;
			int r;
			while ((r = sqlite3_step(st)) == SQLITE_ROW) {
				int ncol = sqlite3_column_count(st);
				sqlite3_value *vals[ncol];
				for (int c = 0; c < ncol; c++)
					vals[c] = sqlite3_column_value(st, c);
				if (pass == 0 && !clock_header) {
					cs_table(out, "sync_clock", 5, clock_pk);
					clock_header = true;
				} else if (pass == 1 && !header) {
					cs_table(out, t->name, t->ncol, t->pk);
					header = true;
				}
				cs_change(out, SQLITE_INSERT, 0, ncol, NULL, vals);
				if (pass == 1)
					(*rows)++;
			}
			if (r != SQLITE_DONE)
				rc = db_fail_sqlite(db, _("Could not write the bundle"));
			sqlite3_finalize(st);
		}
	return rc;
}

/* ---- writing files ---------------------------------------------------------- */

/* Writes data to path through a temporary file beside it, renamed into
 * place: the path holds the old file or the whole new one. */
static qd_rc write_file(qd_db *db, const char *path, const struct cs_buf *head,
			const struct cs_buf *payload)
{
	char *tmp = xasprintf("%s.writing-%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	qd_rc rc = DB_OK;
	if (fd < 0) {
		rc = db_fail(db, DB_IO, 0, _("Cannot write %s: %s."), path, strerror(errno));
		free(tmp);
		return rc;
	}
	const struct cs_buf *parts[2] = { head, payload };
	for (int i = 0; i < 2 && !rc; i++) {
		size_t off = 0;
		while (off < parts[i]->n) {
			ssize_t w = write(fd, parts[i]->p + off, parts[i]->n - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = db_fail(db, errno == ENOSPC ? DB_FULL : DB_IO, 0,
					     _("Cannot write %s: %s."), path, strerror(errno));
				break;
			}
			off += (size_t)w;
		}
	}
	if (!rc && fsync(fd) != 0)
		rc = db_fail(db, DB_IO, 0, _("Cannot write %s: %s."), path, strerror(errno));
	close(fd);
	if (!rc && rename(tmp, path) != 0)
		rc = db_fail(db, DB_IO, 0, _("Cannot write %s: %s."), path, strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* ---- export ------------------------------------------------------------------ */

static qd_rc self_device(qd_db *db, struct sync_device *me)
{
	qd_rc rc = db_sync_device(db, me);
	if (rc)
		return rc;
	if (!me->id)
		return db_fail(db, DB_ERROR, 0,
			       _("This database has no device identity yet; open it once where "
				 "it can be written."));
	return sync_schema(db) ? DB_OK : db_errcode(db);
}

qd_rc db_sync_export_target(qd_db *db, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return errno == ENOENT ? DB_OK
				       : db_fail(db, DB_IO, 0, _("Cannot write %s: %s."), path,
						 strerror(errno));
	if (S_ISDIR(st.st_mode))
		return db_fail(db, DB_INVALID, 0,
			       _("%s is a folder; give a file name for the bundle."), path);
	/* Its -wal or -shm too, by inode, before its head is read below
	 * (closing it would drop this process's locks on it). */
	if (db_own_file(db, path))
		return db_fail(db, DB_INVALID, 0,
			       _("%s is this database; give another name for the bundle."), path);
	char head[sizeof BUNDLE_MAGIC] = "";
	FILE *f = S_ISREG(st.st_mode) ? fopen(path, "rb") : NULL;
	size_t n = f ? fread(head, 1, sizeof head - 1, f) : 0;
	if (f)
		fclose(f);
	head[n] = 0;
	if (strcmp(head, BUNDLE_MAGIC))
		return db_fail(
			db, DB_INVALID, 0,
			_("%s exists and is not a qudao bundle; qudao does not write over it. "
			  "Give another name."),
			path);
	return DB_DUPLICATE;
}

qd_rc db_sync_export(qd_db *db, const char *for_peer, const char *path, struct sync_result *out)
{
	memset(out, 0, sizeof *out);
	qd_rc target = db_sync_export_target(db, path);
	if (target != DB_OK && target != DB_DUPLICATE)
		return target;
	struct sync_device me;
	qd_rc rc = self_device(db, &me);
	if (rc)
		return rc;
	const struct sync_schema *s = sync_schema(db);
	struct peer to = { 0 };
	if (for_peer)
		rc = find_peer(db, for_peer, &to);
	else if (me.parent_id) {
		char hex[17];
		db_sync_device_id_text(me.parent_id, hex);
		rc = find_peer(db, hex, &to);
	}
	if (rc)
		return rc;
	if (to.id == me.id)
		return db_fail(db, DB_INVALID, 0,
			       _("A bundle for this very database makes no sense."));
	char forgotten[32];
	if (to.id && (rc = forgotten_when(db, to.id, forgotten, sizeof forgotten)))
		return rc;
	if (to.id && forgotten[0])
		return db_fail(db, DB_INVALID, 0,
			       _("%s was forgotten here on %s: no bundle is written for it. Make "
				 "the rep a new database with \"qudao sync provision\"."),
			       to.name, forgotten);
	out->peer_id = to.id;
	snprintf(out->peer_name, sizeof out->peer_name, "%s", to.name);
	/* A rep's device gets only its scope, from a database above it. */
	bool scoped = to.id && to.rep_id && me.parent_id != to.id;
	/* Bookkeeping, not a change to send: nothing of it is recorded. */
	db_capture_pause(db);
	rc = db_write_begin(db);
	if (rc) {
		db_capture_resume(db);
		return rc;
	}
	struct scoper sc = { 0 };
	struct cs_buf payload = { 0 }, head = { 0 }, filtered = { 0 };
	int64_t snapshot_no = 0;
	char now[32];
	sync_now(now);
	if (scoped)
		rc = scope_make(db, "main", to.rep_id, to.id);
	if (!rc && scoped)
		rc = scoper_init(&sc, db, s);
	/* Distributors new to the scope go whole. Those that left it are
	 * listed until the rep acknowledges the bundle (marked by the negative
	 * of its snapshot number: a lost bundle's list goes again), so the rep
	 * drops them; back in scope, they go whole again. One sent whole and
	 * not yet acknowledged keeps the number of the first snapshot it went
	 * in: every later one holds it whole too, so the rep's acknowledging
	 * any of them delivers it (a newer number each time never caught up
	 * with a rep that writes its bundle before reading ours). */
	if (!rc && scoped) {
		long long p = (long long)to.id;
		snapshot_no = sync_q_int(db,
					 "SELECT snapshots_sent + 1 FROM sync_devices"
					 " WHERE device_id = ?1",
					 to.id);
		char *sql = xasprintf(
			"DROP TABLE IF EXISTS temp.sync_new;"
			"CREATE TEMP TABLE sync_new (id INTEGER PRIMARY KEY);"
			"INSERT INTO temp.sync_new SELECT id FROM temp.sync_scope WHERE id NOT IN"
			" (SELECT distributor_id FROM sync_sent WHERE peer = %lld AND delivered = "
			"1);"
			"UPDATE sync_sent SET snapshot = -%lld, delivered = 0 WHERE peer = %lld"
			" AND snapshot >= 0 AND distributor_id NOT IN"
			" (SELECT id FROM temp.sync_scope);"
			"INSERT INTO sync_sent(peer, distributor_id, snapshot, delivered)"
			" SELECT %lld, id, %lld, 0 FROM temp.sync_new WHERE true"
			" ON CONFLICT(peer, distributor_id) DO UPDATE SET snapshot ="
			" CASE WHEN snapshot > 0 AND delivered = 0 THEN snapshot"
			" ELSE excluded.snapshot END;",
			p, (long long)snapshot_no, p, p, (long long)snapshot_no);
		rc = db_exec(db, sql);
		free(sql);
		/* The 'L' record: the ids of those that left. */
		static const char left_sql[] =
			"SELECT distributor_id FROM sync_sent WHERE peer = ?1"
			" AND snapshot < 0 ORDER BY distributor_id";
		struct cs_buf left = { 0 };
		sqlite3_stmt *lq = rc ? NULL : db_stmt(db, left_sql);
		if (!rc)
			rc = !lq ? db_errcode(db) : db_bind(db, lq, db_int(to.id));
		int lr = 0;
		while (!rc && (lr = db_step(db, lq, N_("Could not write the bundle"))) > 0) {
			unsigned char id[8];
			be(id, (uint64_t)sqlite3_column_int64(lq, 0), 8);
			cs_put(&left, id, 8);
			out->left++;
		}
		if (!rc && lr < 0)
			rc = db_errcode(db);
		if (!rc && out->left) {
			unsigned char h[5] = { 'L' };
			be(h + 1, (uint64_t)out->left, 4);
			cs_put(&payload, h, 5);
			cs_put(&payload, left.p, left.n);
		}
		cs_buf_free(&left);
		struct cs_buf snap = { 0 };
		int64_t rows = 0;
		if (!rc)
			rc = snapshot_make(db, s, &snap, &rows);
		if (!rc && snap.n) {
			unsigned char h[5] = { 'S' };
			be(h + 1, snap.n, 4);
			cs_put(&payload, h, 5);
			cs_put(&payload, snap.p, snap.n);
			out->changes += rows;
		}
		cs_buf_free(&snap);
		if (!rc &&
		    sqlite3_prepare_v2(db_handle(db), "SELECT 1 FROM temp.sync_new WHERE id = ?1",
				       -1, &sc.fresh, NULL) != SQLITE_OK)
			rc = db_fail_sqlite(db, _("Could not write the bundle"));
		if (!rc) {
			sqlite3_stmt *st = NULL;
			sqlite3_prepare_v2(db_handle(db), "SELECT count(*) FROM temp.sync_new", -1,
					   &st, NULL);
			if (st && sqlite3_step(st) == SQLITE_ROW)
				out->distributors = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
	}
	/* The changes the peer has not acknowledged. */
	static const char entries_sql[] =
		"SELECT l.origin, l.seq, l.at, l.by, l.changes, l.changeset FROM sync_log l"
		" WHERE l.origin <> ?1 AND l.seq > coalesce((SELECT seq FROM sync_acks"
		"   WHERE peer = ?1 AND origin = l.origin), 0)"
		" ORDER BY l.id";
	struct range {
		int64_t origin, first, last;
	} *ranges = NULL;
	int nranges = 0;
	sqlite3_stmt *st = rc ? NULL : db_stmt(db, entries_sql);
	if (!rc && !st)
		rc = db_errcode(db);
	if (!rc)
		rc = db_bind(db, st, db_int(to.id));
	int r = 0;
	int64_t total = 0;
	while (!rc && (r = db_step(db, st, N_("Could not write the bundle"))) > 0) {
		int64_t origin = sqlite3_column_int64(st, 0), seq = sqlite3_column_int64(st, 1);
		const char *at = (const char *)sqlite3_column_text(st, 2);
		const char *by = (const char *)sqlite3_column_text(st, 3);
		int64_t changes = sqlite3_column_int64(st, 4);
		const void *cs = sqlite3_column_blob(st, 5);
		int csn = sqlite3_column_bytes(st, 5);
		if (scoped) {
			filtered.n = 0;
			int kept = filter_changeset(&sc, cs, csn, &filtered);
			if (kept < 0) {
				rc = db_fail(
					db, DB_CORRUPT, 0,
					_("A recorded change is damaged; run \"qudao check\"."));
				break;
			}
			cs = filtered.p;
			csn = (int)filtered.n;
			changes = kept;
		}
		size_t atn = strlen(at), byn = strlen(by);
		if (byn > 65535)
			byn = 65535;
		unsigned char h[1 + 8 + 8 + 1];
		h[0] = 'E';
		be(h + 1, (uint64_t)origin, 8);
		be(h + 9, (uint64_t)seq, 8);
		h[17] = (unsigned char)(atn > 255 ? 255 : atn);
		cs_put(&payload, h, sizeof h);
		cs_put(&payload, at, h[17]);
		unsigned char b2[2];
		be(b2, byn, 2);
		cs_put(&payload, b2, 2);
		cs_put(&payload, by, byn);
		unsigned char b8[8];
		be(b8, (uint64_t)changes, 4);
		be(b8 + 4, (uint64_t)csn, 4);
		cs_put(&payload, b8, 8);
		cs_put(&payload, cs, (size_t)csn);
		out->entries++;
		out->changes += changes;
		int k = 0;
		while (k < nranges && ranges[k].origin != origin)
			k++;
		if (k == nranges) {
			ranges = xrealloc(ranges, (size_t)(nranges + 1) * sizeof *ranges);
			ranges[nranges++] = (struct range){ origin, seq, seq };
		}
		ranges[k].last = seq;
		if ((++total & 255) == 0)
			db_progress(_("writing the bundle"), 0.5);
	}
	if (!rc && r < 0)
		rc = db_errcode(db);
	if (r > 0)
		sqlite3_reset(st);
	/* The header. */
	char hex[17], tohex[17];
	db_sync_device_id_text(me.id, hex);
	db_sync_device_id_text(to.id, tohex);
	if (!rc) {
		/* Format 1 unless it lists departures: a qudao that knows
		 * only format 1 still reads the others. */
		line(&head, "%s %d\n", BUNDLE_MAGIC, out->left ? SYNC_FORMAT_VERSION : 1);
		line(&head, "schema %d\n", DB_SYNC_DATA_VERSION);
		line(&head, "from %s\n", hex);
		line(&head, "from-name ");
		pct_encode(&head, me.name);
		line(&head, "\nfrom-rep ");
		pct_encode(&head, me.rep_code[0] ? me.rep_code : "-");
		line(&head, "\nto %s\n", to.id ? tohex : "*");
		line(&head, "created %s\n", now);
		if (out->distributors || out->left)
			line(&head, "snapshot %lld\n", (long long)snapshot_no);
		if (to.id) {
			int64_t applied = sync_q_int(db,
						     "SELECT snapshot_applied FROM sync_devices"
						     " WHERE device_id = ?1",
						     to.id);
			if (applied > 0)
				line(&head, "ack-snapshot %lld\n", (long long)applied);
		}
		line(&head, "entries %lld\n", (long long)out->entries);
		line(&head, "changes %lld\n", (long long)out->changes);
		static const char acks_sql[] =
			"SELECT origin, seq FROM sync_applied ORDER BY origin";
		sqlite3_stmt *a = db_stmt(db, acks_sql);
		if (!a)
			rc = db_errcode(db);
		while (!rc && (r = db_step(db, a, N_("Could not write the bundle"))) > 0) {
			char oh[17];
			db_sync_device_id_text(sqlite3_column_int64(a, 0), oh);
			line(&head, "ack %s %lld\n", oh, (long long)sqlite3_column_int64(a, 1));
		}
		if (!rc && r < 0)
			rc = db_errcode(db);
		static const char names_sql[] = "SELECT device_id, name FROM sync_devices";
		sqlite3_stmt *d = rc ? NULL : db_stmt(db, names_sql);
		if (!rc && !d)
			rc = db_errcode(db);
		while (!rc && (r = db_step(db, d, N_("Could not write the bundle"))) > 0) {
			char dh[17];
			db_sync_device_id_text(sqlite3_column_int64(d, 0), dh);
			line(&head, "device %s ", dh);
			pct_encode(&head, (const char *)sqlite3_column_text(d, 1));
			line(&head, "\n");
		}
		if (!rc && r < 0)
			rc = db_errcode(db);
		for (int k = 0; k < nranges && !rc; k++) {
			char oh[17];
			db_sync_device_id_text(ranges[k].origin, oh);
			line(&head, "range %s %lld %lld\n", oh, (long long)ranges[k].first,
			     (long long)ranges[k].last);
		}
		line(&head, "payload %zu\n", payload.n);
		struct sha256 sha;
		unsigned char digest[SHA256_SIZE];
		char dhex[2 * SHA256_SIZE + 1];
		sha256_start(&sha);
		sha256_add(&sha, head.p, head.n);
		sha256_add(&sha, payload.p, payload.n);
		sha256_finish(&sha, digest);
		hex_of(digest, SHA256_SIZE, dhex);
		line(&head, "sha256 %s\n", dhex);
	}
	if (!rc)
		rc = write_file(db, path, &head, &payload);
	static const char peer_sql[] =
		"UPDATE sync_devices SET peer = 1, last_export_at = ?2, last_export_changes = ?3,"
		" snapshots_sent = max(snapshots_sent, ?4) WHERE device_id = ?1";
	if (!rc && to.id) {
		st = db_stmt(db, peer_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(to.id), db_text(now), db_int(out->changes),
				   db_int(out->distributors || out->left ? snapshot_no : 0));
		if (!rc)
			rc = db_run(db, st);
	}
	scoper_free(&sc);
	free(ranges);
	cs_buf_free(&payload);
	cs_buf_free(&head);
	cs_buf_free(&filtered);
	db_capture_resume(db);
	return db_write_end(db, rc);
}

/* ---- import ------------------------------------------------------------------ */

struct bundle {
	unsigned char *data;
	size_t n;
	int format, schema;
	int64_t from, to; /* to 0: anyone */
	char *from_name, *from_rep;
	char created[40];
	int64_t entries, changes;
	int64_t snapshot, ack_snapshot;
	struct {
		int64_t origin, seq;
	} * acks;
	int nacks;
	struct {
		int64_t id;
		char *name;
	} * devices;
	int ndevices;
	const unsigned char *payload;
	size_t payload_n;
};

static void bundle_free(struct bundle *b)
{
	free(b->data);
	free(b->from_name);
	free(b->from_rep);
	free(b->acks);
	for (int i = 0; i < b->ndevices; i++)
		free(b->devices[i].name);
	free(b->devices);
}

static bool parse_hex_id(const char *s, int64_t *out)
{
	if (strlen(s) != 16)
		return false;
	char *end;
	unsigned long long v = strtoull(s, &end, 16);
	if (*end || v == 0 || v > (unsigned long long)INT64_MAX)
		return false;
	*out = (int64_t)v;
	return true;
}

static qd_rc damaged(qd_db *db, const char *path, const char *what)
{
	return db_fail(db, DB_INVALID, 0,
		       _("%s is not a whole qudao bundle (%s). Nothing was changed; ask for the "
			 "bundle again."),
		       path, what);
}

/* A record of a bundle's payload: 'S', decisions (data, n); or 'E', one
 * transaction of a device: its origin and sequence, when and by whom, its
 * count of changes and its changeset (data, n). */
struct bundle_rec {
	char kind;
	const unsigned char *data;
	size_t n;
	int64_t origin, seq, changes;
	char at[256];
	const unsigned char *by;
	size_t byn;
};

enum { REC_END = 0, REC_OK = 1, REC_CUT = -1, REC_UNREADABLE = -2 };

/* Reads the record at *p into r and moves *p past it: REC_OK, REC_END at
 * the payload's end, or why it cannot be read. */
static int bundle_next(const unsigned char **p, const unsigned char *end, struct bundle_rec *r)
{
	const unsigned char *at = *p;
	if (at >= end)
		return REC_END;
	memset(r, 0, sizeof *r);
	if (*at == 'S') {
		if (end - at < 5 || rd_be(at + 1, 4) > (uint64_t)(end - at - 5))
			return REC_CUT;
		r->kind = 'S';
		r->n = (size_t)rd_be(at + 1, 4);
		r->data = at + 5;
		*p = at + 5 + r->n;
		return REC_OK;
	}
	/* 'L': a count, then that many distributor ids of 8 bytes. */
	if (*at == 'L') {
		if (end - at < 5 || rd_be(at + 1, 4) > (uint64_t)(end - at - 5) / 8)
			return REC_CUT;
		r->kind = 'L';
		r->n = (size_t)rd_be(at + 1, 4) * 8;
		r->data = at + 5;
		*p = at + 5 + r->n;
		return REC_OK;
	}
	if (*at != 'E' || end - at < 18)
		return REC_UNREADABLE;
	r->kind = 'E';
	r->origin = (int64_t)rd_be(at + 1, 8);
	r->seq = (int64_t)rd_be(at + 9, 8);
	size_t atn = at[17];
	const unsigned char *q = at + 18;
	if ((size_t)(end - q) < atn + 2)
		return REC_CUT;
	memcpy(r->at, q, atn);
	r->at[atn] = 0;
	q += atn;
	r->byn = (size_t)rd_be(q, 2);
	q += 2;
	if ((size_t)(end - q) < r->byn + 8)
		return REC_CUT;
	r->by = q;
	q += r->byn;
	r->changes = (int64_t)rd_be(q, 4);
	r->n = (size_t)rd_be(q + 4, 4);
	q += 8;
	if ((size_t)(end - q) < r->n || r->origin <= 0 || r->seq <= 0)
		return REC_CUT;
	r->data = q;
	*p = q + r->n;
	return REC_OK;
}

/* Reads and checks a bundle: header, checksum, versions, destination. */
static qd_rc bundle_read(qd_db *db, const char *path, int64_t self, struct bundle *b)
{
	memset(b, 0, sizeof *b);
	/* This database (or its WAL, its shared memory) is no bundle, and is
	 * not opened to find out: closing a descriptor of it would drop this
	 * process's locks on it (db.c, db_files). */
	if (db_own_file(db, path))
		return db_fail(db, DB_INVALID, 0,
			       _("%s is this database or one of its own files, not a sync bundle; "
				 "give the bundle's file."),
			       path);
	/* Not blocking: a pipe nobody writes to would hold the open for ever
	 * (and the interface with it); it is refused below as not a file.
	 * A file's reads do not block either way. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return db_fail(db, DB_IO, 0, _("Cannot read %s: %s."), path, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return db_fail(db, DB_INVALID, 0, _("%s is not a file."), path);
	}
	if ((size_t)sb.st_size > BUNDLE_MAX) {
		close(fd);
		return damaged(db, path, _("it is larger than any bundle"));
	}
	b->n = (size_t)sb.st_size;
	b->data = xmalloc(b->n + 1);
	/* A database given for a bundle (rep.db for rep.qsync) is said to be
	 * one, not a bundle cut short. */
	static const char sqlite_magic[] = "SQLite format 3";
	size_t off = 0;
	while (off < b->n) {
		ssize_t r = read(fd, b->data + off, b->n - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		off += (size_t)r;
	}
	close(fd);
	if (off != b->n)
		return damaged(db, path, _("it could not be read whole"));
	if (b->n >= sizeof sqlite_magic && !memcmp(b->data, sqlite_magic, sizeof sqlite_magic))
		return db_fail(db, DB_INVALID, 0,
			       _("%s is a database, not a bundle: a bundle is written by "
				 "\"qudao sync export\" (or w in the Sync tab). Nothing was changed."),
			       path);
	b->data[b->n] = 0;
	/* The header: lines up to and including "sha256". */
	size_t pos = 0, sha_start = 0;
	char digest_hex[65] = "";
	size_t payload_n = 0;
	bool have_payload = false, have_from = false, have_to = false;
	int lines = 0;
	while (pos < b->n) {
		unsigned char *nl = memchr(b->data + pos, '\n', b->n - pos);
		if (!nl || nl - (b->data + pos) > 4096 || ++lines > 100000)
			return damaged(db, path, _("its header is cut off"));
		*nl = 0;
		char *ln = (char *)b->data + pos;
		size_t start = pos;
		pos = (size_t)(nl - b->data) + 1;
		char word[32] = "";
		char *rest = strchr(ln, ' ');
		if (!rest)
			return damaged(db, path, _("its header is not readable"));
		snprintf(word, sizeof word, "%.*s", (int)(rest - ln), ln);
		rest++;
		if (lines == 1) {
			if (strcmp(word, BUNDLE_MAGIC))
				return damaged(db, path, _("it does not start like a bundle"));
			b->format = atoi(rest);
			continue;
		}
		if (!strcmp(word, "sha256")) {
			snprintf(digest_hex, sizeof digest_hex, "%s", rest);
			sha_start = start;
			break;
		} else if (!strcmp(word, "schema")) {
			b->schema = atoi(rest);
		} else if (!strcmp(word, "from")) {
			have_from = parse_hex_id(rest, &b->from);
		} else if (!strcmp(word, "from-name")) {
			free(b->from_name);
			b->from_name = pct_decode(rest);
		} else if (!strcmp(word, "from-rep")) {
			free(b->from_rep);
			b->from_rep = pct_decode(rest);
		} else if (!strcmp(word, "to")) {
			have_to =
				!strcmp(rest, "*") ? (b->to = 0, true) : parse_hex_id(rest, &b->to);
		} else if (!strcmp(word, "created")) {
			snprintf(b->created, sizeof b->created, "%s", rest);
		} else if (!strcmp(word, "snapshot")) {
			b->snapshot = strtoll(rest, NULL, 10);
		} else if (!strcmp(word, "ack-snapshot")) {
			b->ack_snapshot = strtoll(rest, NULL, 10);
		} else if (!strcmp(word, "entries")) {
			b->entries = strtoll(rest, NULL, 10);
		} else if (!strcmp(word, "changes")) {
			b->changes = strtoll(rest, NULL, 10);
		} else if (!strcmp(word, "ack")) {
			char oh[40];
			long long seq;
			int64_t origin;
			if (sscanf(rest, "%39s %lld", oh, &seq) != 2 ||
			    !parse_hex_id(oh, &origin) || seq < 0)
				return damaged(db, path, _("an acknowledgement is not readable"));
			b->acks = xrealloc(b->acks, (size_t)(b->nacks + 1) * sizeof *b->acks);
			b->acks[b->nacks].origin = origin;
			b->acks[b->nacks++].seq = seq;
		} else if (!strcmp(word, "device")) {
			char *sp = strchr(rest, ' ');
			int64_t id;
			if (!sp || sp - rest != 16)
				continue;
			char idtext[17];
			memcpy(idtext, rest, 16);
			idtext[16] = 0;
			if (!parse_hex_id(idtext, &id))
				continue;
			b->devices = xrealloc(b->devices,
					      (size_t)(b->ndevices + 1) * sizeof *b->devices);
			b->devices[b->ndevices].id = id;
			b->devices[b->ndevices++].name = pct_decode(sp + 1);
		} else if (!strcmp(word, "payload")) {
			char *end;
			unsigned long long v = strtoull(rest, &end, 10);
			have_payload = !*end;
			payload_n = (size_t)v;
		}
		/* Unknown words are for later versions of the same format. */
	}
	if (!digest_hex[0])
		return damaged(db, path, _("its checksum line is missing"));
	if (!have_payload || payload_n != b->n - pos)
		return damaged(db, path, _("it is cut off or has bytes added"));
	/* The checksum covers every byte before its line, then the payload. The
	 * header was cut into strings above: put the newlines back. */
	for (size_t i = 0; i < sha_start; i++)
		if (b->data[i] == 0)
			b->data[i] = '\n';
	struct sha256 sha;
	unsigned char digest[SHA256_SIZE];
	char hex[2 * SHA256_SIZE + 1];
	sha256_start(&sha);
	sha256_add(&sha, b->data, sha_start);
	sha256_add(&sha, b->data + pos, b->n - pos);
	sha256_finish(&sha, digest);
	hex_of(digest, SHA256_SIZE, hex);
	if (strcmp(hex, digest_hex))
		return damaged(db, path,
			       _("its checksum does not match: it was changed or damaged "
				 "on the way"));
	/* Format 2 only adds the list of departures: 1 is read too. */
	if (b->format < 1 || b->format > SYNC_FORMAT_VERSION)
		return db_fail(
			db, DB_INVALID, 0,
			b->format > SYNC_FORMAT_VERSION
				? _("%s was written by a newer qudao (bundle format %d). "
				    "Nothing was changed; install a newer qudao.")
				: _("%s is in an old bundle format (%d). Nothing was changed."),
			path, b->format);
	if (b->schema > DB_SYNC_DATA_VERSION)
		return db_fail(db, DB_INVALID, 0,
			       _("%s comes from a newer qudao (schema %d; this one knows up to "
				 "%d). Nothing was changed; install a newer qudao, then import "
				 "it again."),
			       path, b->schema, DB_SYNC_DATA_VERSION);
	if (b->schema != DB_SYNC_DATA_VERSION)
		return db_fail(db, DB_INVALID, 0,
			       _("%s comes from an older qudao (schema %d; this one has %d). "
				 "Nothing was changed; the sender needs this version of qudao, "
				 "then a new bundle."),
			       path, b->schema, DB_SYNC_DATA_VERSION);
	if (!have_from || !have_to)
		return damaged(db, path, _("its header does not say who wrote it or for whom"));
	if (b->from == self)
		return db_fail(db, DB_INVALID, 0,
			       _("%s was written by this very database; import it on the other "
				 "device. Nothing was changed."),
			       path);
	if (b->to && b->to != self) {
		char want[17], mine[17];
		db_sync_device_id_text(b->to, want);
		db_sync_device_id_text(self, mine);
		return db_fail(db, DB_INVALID, 0,
			       _("%s is meant for device %s, and this database is %s. Nothing "
				 "was changed; import it on that device."),
			       path, want, mine);
	}
	if (!b->from_name || !*b->from_name) {
		free(b->from_name);
		b->from_name = xstrdup("?");
	}
	b->payload = b->data + pos;
	b->payload_n = b->n - pos;
	return DB_OK;
}

static qd_rc note_device(qd_db *db, int64_t id, const char *name, const char *rep_code, bool peer)
{
	static const char sql[] =
		"INSERT INTO sync_devices(device_id, name, rep_id, peer) VALUES (?1, ?2,"
		" (SELECT id FROM reps WHERE code = ?3), ?4)"
		" ON CONFLICT(device_id) DO UPDATE SET name = excluded.name,"
		" rep_id = coalesce(excluded.rep_id, rep_id), peer = max(peer, excluded.peer)";
	/* Names from a file: sanitized, and within the column's limit. */
	char *clean = text_sanitize(name);
	char cut[101];
	text_copy(cut, sizeof cut, clean[0] ? clean : "?");
	free(clean);
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db)
		       : db_bind(db, st, db_int(id), db_text(cut),
				 db_text(rep_code && strcmp(rep_code, "-") ? rep_code : NULL),
				 db_int(peer));
	return rc ? rc : db_run(db, st);
}

/* Drops log entries every peer has acknowledged (a peer never needs its own
 * changes back). With no peer at all nothing is dropped. */
static qd_rc trim_log(qd_db *db)
{
	static const char sql[] =
		"DELETE FROM sync_log WHERE EXISTS (SELECT 1 FROM sync_devices WHERE peer = 1)"
		" AND NOT EXISTS (SELECT 1 FROM sync_devices d WHERE d.peer = 1"
		"   AND d.device_id <> sync_log.origin"
		"   AND coalesce((SELECT seq FROM sync_acks k WHERE k.peer = d.device_id"
		"     AND k.origin = sync_log.origin), 0) < sync_log.seq)";
	return db_exec(db, sql);
}

/* Whether a bundle's orders can be added the way a large import of orders
 * adds them, their figures made all at once at the end
 * (db_bulk_orders_begin): it adds SYNC_BULK_LINES order lines or more and
 * otherwise changes no order or line, deletes nothing (a deletion may reach
 * orders through their distributor) and carries no decision (one may change
 * anything); none of the orders it adds is here already, and no change
 * waits here to be tried again at its end (sync_retry_waiting). A bundle
 * that needs an order's figures kept one by one after all is refused by
 * the bulk path's guards, and imported again the usual way
 * (db_sync_import). */
enum { SYNC_BULK_LINES = 2000 };

bool sync_bulk_always;

static bool bundle_adds_orders(qd_db *db, const struct bundle *b)
{
	static const char here_sql[] = "SELECT count(*) FROM orders WHERE id = ?1";
	static const char waiting_sql[] = "SELECT count(*) FROM sync_conflicts"
					  " WHERE state = 'open' AND kind = 'unique'";
	const unsigned char *p = b->payload, *end = b->payload + b->payload_n;
	const struct sync_schema *s = sync_schema(db);
	struct bundle_rec rec;
	int64_t lines = 0, waiting = 1;
	if (!s)
		return false;
	sqlite3_stmt *st = db_stmt(db, waiting_sql);
	if (!st || db_int_of(db, st, &waiting, NULL) || waiting)
		return false;
	bool ok = true;
	int k;
	while (ok && (k = bundle_next(&p, end, &rec)) == REC_OK) {
		sqlite3_changeset_iter *it;
		if (rec.kind != 'E' || rec.n > (size_t)0x7fffffff || !cs_wellformed(rec.data, rec.n) ||
		    sqlite3changeset_start(&it, (int)rec.n, (void *)rec.data) != SQLITE_OK)
			return false;
		while (ok && sqlite3changeset_next(it) == SQLITE_ROW) {
			const char *tab;
			int ncol, op, indirect;
			if (sqlite3changeset_op(it, &tab, &ncol, &op, &indirect) != SQLITE_OK) {
				ok = false;
				break;
			}
			/* Read as the import reads it: a change it could not
			 * take stops the look ahead at once (a file from
			 * elsewhere may hold anything past it). */
			int ti = s ? sync_table_index(s, tab) : -1;
			if (ti < 0 || ncol != s->t[ti].ncol) {
				ok = false;
				break;
			}
			bool order = !strcmp(tab, "orders"), line = !strcmp(tab, "order_lines");
			if (op == SQLITE_DELETE || ((order || line) && op != SQLITE_INSERT)) {
				ok = false;
			} else if (line) {
				lines++;
			} else if (order) {
				unsigned char *pk;
				int npk;
				sqlite3_value *id = NULL;
				int64_t here = 1;
				ok = sqlite3changeset_pk(it, &pk, &npk) == SQLITE_OK && npk > 0 &&
				     pk[0] && sqlite3changeset_new(it, 0, &id) == SQLITE_OK && id &&
				     (st = db_stmt(db, here_sql)) &&
				     !db_bind(db, st, db_int(sqlite3_value_int64(id))) &&
				     !db_int_of(db, st, &here, NULL) && here == 0;
			}
		}
		if (sqlite3changeset_finalize(it) != SQLITE_OK)
			ok = false;
	}
	return ok && k == REC_END && lines >= SYNC_BULK_LINES;
}

static qd_rc sync_import_apply(qd_db *db, const char *path, const struct sync_device *me,
			       const struct bundle *b, bool bulk, struct sync_result *out);

/* This device, for a command that writes (an import, a forget). */
static qd_rc self_writable(qd_db *db, struct sync_device *me)
{
	qd_rc rc = self_device(db, me);
	if (!rc && db_readonly(db))
		rc = db_fail(db, DB_READONLY, 0, _("The database cannot be written: %s."),
			     db_readonly(db));
	return rc;
}

qd_rc db_sync_import(qd_db *db, const char *path, struct sync_result *out)
{
	memset(out, 0, sizeof *out);
	struct sync_device me;
	qd_rc rc = self_writable(db, &me);
	if (rc)
		return rc;
	struct bundle b;
	rc = bundle_read(db, path, me.id, &b);
	if (rc) {
		bundle_free(&b);
		return rc;
	}
	/* A rep's database holds only the rep's distributors: a bundle written
	 * for any device carries every region's. */
	if (me.parent_id && !b.to) {
		char mine[17];
		db_sync_device_id_text(me.id, mine);
		rc = db_fail(db, DB_INVALID, 0,
			     _("%s was written by %s for any device, with every region's "
			       "distributors, and this database is a rep's: it takes only bundles "
			       "written for it. Nothing was changed; ask for one written with "
			       "\"qudao sync export --for %s\" (this device, %s)."),
			     path, b.from_name, mine, me.name);
		bundle_free(&b);
		return rc;
	}
	/* A forgotten device's changes were given up: applying some of them
	 * now would bring back half of what it did. */
	char forgotten[32];
	rc = forgotten_when(db, b.from, forgotten, sizeof forgotten);
	if (!rc && forgotten[0])
		rc = db_fail(db, DB_INVALID, 0,
			     _("%s comes from %s, a device forgotten here on %s: nothing was "
			       "applied. Make the rep a new database with \"qudao sync "
			       "provision\"."),
			     path, b.from_name, forgotten);
	if (rc) {
		bundle_free(&b);
		return rc;
	}
	bool bulk = sync_bulk_always || bundle_adds_orders(db, &b);
	rc = sync_import_apply(db, path, &me, &b, bulk, out);
	/* The orders in bulk, refused after all (a line for an order from
	 * before, an order changed by a waiting change retried): everything
	 * was rolled back; the usual way says what really stands in the way,
	 * if anything. */
	if (rc && bulk)
		rc = sync_import_apply(db, path, &me, &b, false, out);
	bundle_free(&b);
	return rc;
}

/* Drops distributor id from this database (it left this rep's scope),
 * with everything that hangs off it and its search entry; its conflicts
 * still open are settled elsewhere (it is not this device's to decide any
 * more); *n counts it when it was here. Not recorded: no device is told it
 * was deleted. */
static qd_rc drop_distributor(qd_db *db, int64_t id, int64_t *n)
{
	static const char key_sql[] = "SELECT search_key FROM distributors WHERE id = ?1";
	static const char del_sql[] = "DELETE FROM distributors WHERE id = ?1";
	static const char settled_sql[] =
		"UPDATE sync_conflicts SET state = 'resolved', resolution = 'elsewhere',"
		" resolved_at = ?2, resolved_by = 'qudao' WHERE distributor_id = ?1"
		" AND state = 'open'";
	sqlite3_stmt *st = db_stmt(db, key_sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	if (rc)
		return rc;
	int r = db_step(db, st, N_("Could not read the distributors"));
	if (r <= 0)
		return r < 0 ? db_errcode(db) : DB_OK;
	char *key = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	/* What hangs off it first, the last tables first (payments before
	 * the amounts they pay), while it is there for the kept figures'
	 * triggers to update; then the row, which takes those figures and its
	 * moves (history, which goes only with it). */
	const struct sync_schema *s = sync_schema(db);
	if (!s)
		rc = db_errcode(db);
	for (int i = s ? s->n - 1 : -1; i >= 0 && !rc; i--) {
		const struct sync_table *t = &s->t[i];
		if (t->scope != SCOPE_DISTRIBUTOR || !strcmp(t->name, "distributors") ||
		    !strcmp(t->name, "distributor_moves"))
			continue;
		char *sql = xasprintf("DELETE FROM \"%s\" WHERE \"%s\" = ?1", t->name,
				      t->cols[t->scope_col]);
		sqlite3_stmt *d;
		if (sqlite3_prepare_v2(db_handle(db), sql, -1, &d, NULL) != SQLITE_OK) {
			rc = db_fail_sqlite(db, _("Could not apply the changes"));
		} else {
			sqlite3_bind_int64(d, 1, id);
			if (sqlite3_step(d) != SQLITE_DONE)
				rc = db_fail_sqlite(db, _("Could not apply the changes"));
			sqlite3_finalize(d);
		}
		free(sql);
	}
	st = rc ? NULL : db_stmt(db, del_sql);
	if (!rc)
		rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	if (!rc)
		rc = db_run(db, st);
	if (!rc)
		rc = db_dist_reindex(db, id, key);
	free(key);
	if (!rc) {
		char now[32];
		sync_now(now);
		st = db_stmt(db, settled_sql);
		rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id), db_text(now));
		if (!rc)
			rc = db_run(db, st);
	}
	if (!rc)
		(*n)++;
	return rc;
}

static qd_rc sync_import_apply(qd_db *db, const char *path, const struct sync_device *me,
			       const struct bundle *b, bool bulk, struct sync_result *out)
{
	memset(out, 0, sizeof *out);
	const unsigned char *left = NULL;
	size_t nleft = 0;
	/* The last snapshot of the sender's applied here, before this one. */
	int64_t snapshot_was = sync_q_int(
		db, "SELECT snapshot_applied FROM sync_devices WHERE device_id = ?1", b->from);
	out->peer_id = b->from;
	snprintf(out->peer_name, sizeof out->peer_name, "%s", b->from_name);
	/* A large bundle touches pages all over a large file (the rows, their
	 * indexes, the kept figures of each distributor): with a cache of 2
	 * or 16 MB (the interface's, a command's) they were written out to the
	 * log and read back again before the commit. The cache grows for the
	 * import only. */
	int cache_was = db_cache_size(db);
	db_set_cache_mb(db, 256);
	/* Another device's changes are not this device's to record. */
	db_capture_pause(db);
	qd_rc rc = bulk ? db_bulk_orders_begin(db) : DB_OK;
	if (!rc)
		rc = db_write_begin(db);
	if (rc) {
		db_capture_resume(db);
		db_cache_size_set(db, cache_was);
		return rc;
	}
	struct sync_apply *a = sync_apply_new(db, b->from_name);
	if (!a)
		rc = db_errcode(db);
	/* Names of the devices, and the sender as a peer. */
	for (int i = 0; i < b->ndevices && !rc; i++)
		if (b->devices[i].id != me->id)
			rc = note_device(db, b->devices[i].id, b->devices[i].name, NULL, false);
	if (!rc)
		rc = note_device(db, b->from, b->from_name, b->from_rep, true);
	static const char applied_sql[] = "SELECT seq FROM sync_applied WHERE origin = ?1";
	static const char set_applied_sql[] =
		"INSERT INTO sync_applied(origin, seq) VALUES (?1, ?2)"
		" ON CONFLICT(origin) DO UPDATE SET seq = excluded.seq";
	static const char log_sql[] =
		"INSERT OR IGNORE INTO sync_log(origin, seq, at, by, changes, changeset)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	const unsigned char *p = b->payload, *end = b->payload + b->payload_n;
	int64_t done = 0;
	struct bundle_rec rec;
	int k;
	while (!rc && (k = bundle_next(&p, end, &rec)) != REC_END) {
		if (k != REC_OK) {
			rc = damaged(db, path,
				     k == REC_CUT ? _("a record is cut off")
						  : _("a record is not readable"));
			break;
		}
		if (rec.kind == 'S') {
			char at[32];
			sync_now(at);
			rc = sync_apply_changeset(a, b->from, at, b->from_name, rec.data, rec.n, true);
			continue;
		}
		if (rec.kind == 'L') {
			/* Only a head office tells a rep's device what left its
			 * scope: anywhere else the list would delete records. */
			if (!me->parent_id || b->from != me->parent_id) {
				rc = db_fail(db, DB_INVALID, 0,
					     _("%s lists distributors to take off this database, "
					       "and says it comes from %s: only this database's "
					       "head office may send such a list. Nothing was "
					       "changed."),
					     path, b->from_name);
				break;
			}
			/* An older bundle imported again: its list is stale (one
			 * that left may have come back since, whole). */
			if (b->snapshot > snapshot_was) {
				left = rec.data;
				nleft = rec.n / 8;
			}
			continue;
		}
		int64_t origin = rec.origin, seq = rec.seq, changes = rec.changes;
		const char *at = rec.at;
		const unsigned char *q = rec.data;
		size_t csn = rec.n;
		/* Its own changes come back from a peer: nothing to do. Already
		 * applied: skipped. Out of order: left for a bundle that
		 * carries what is missing. */
		int64_t applied = 0;
		sqlite3_stmt *st = db_stmt(db, applied_sql);
		rc = !st ? db_errcode(db) : db_bind(db, st, db_int(origin));
		if (!rc)
			rc = db_int_of(db, st, &applied, NULL);
		if (!rc && (origin == me->id || seq <= applied || seq > applied + 1)) {
			out->skipped++;
			continue;
		}
		char *by = xmalloc(rec.byn + 1);
		memcpy(by, rec.by, rec.byn);
		by[rec.byn] = 0;
		char *clean_by = text_sanitize(by);
		free(by);
		if (!rc)
			rc = sync_apply_changeset(a, origin, at, clean_by, q, csn, false);
		if (!rc)
			rc = sync_clock_seen(db, at);
		st = rc ? NULL : db_stmt(db, log_sql);
		if (!rc)
			rc = !st ? db_errcode(db)
				 : db_bind(db, st, db_int(origin), db_int(seq), db_text(at),
					   db_text(clean_by), db_int(changes));
		free(clean_by);
		if (!rc && sqlite3_bind_blob(st, 6, q, (int)csn, SQLITE_STATIC) != SQLITE_OK)
			rc = db_fail_sqlite(db, _("Could not apply the changes"));
		if (!rc)
			rc = db_run(db, st);
		st = rc ? NULL : db_stmt(db, set_applied_sql);
		if (!rc)
			rc = !st ? db_errcode(db) : db_bind(db, st, db_int(origin), db_int(seq));
		if (!rc)
			rc = db_run(db, st);
		out->entries++;
		if ((++done & 63) == 0 && b->entries > 0)
			db_progress(_("applying the bundle"), (double)done / (double)b->entries);
	}
	/* What the sender has applied: its acknowledgements. */
	static const char ack_sql[] =
		"INSERT INTO sync_acks(peer, origin, seq) VALUES (?1, ?2, ?3)"
		" ON CONFLICT(peer, origin) DO UPDATE SET seq = max(seq, excluded.seq)";
	for (int i = 0; i < b->nacks && !rc; i++) {
		sqlite3_stmt *st = db_stmt(db, ack_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(b->from), db_int(b->acks[i].origin),
				   db_int(b->acks[i].seq));
		if (!rc)
			rc = db_run(db, st);
	}
	int retried = 0;
	if (!rc)
		rc = sync_retry_waiting(db, &retried);
	if (!rc)
		rc = sync_apply_finish(a);
	if (!rc) {
		sync_apply_counts(a, &out->changes, &out->conflicts, &out->open);
		out->open = out->open > retried ? out->open - retried : 0;
		/* Those a decision later in the bundle settled wait no more
		 * (a third device, given a deletion and the decision that
		 * kept the record, said "2 waiting" of none). */
		int64_t waiting = 0;
		rc = sync_apply_waiting(a, &waiting);
		if (waiting < out->open)
			out->open = waiting;
		char now[32];
		sync_now(now);
		static const char peer_sql[] =
			"UPDATE sync_devices SET last_import_at = ?2, last_import_changes = ?3,"
			" snapshot_applied = max(snapshot_applied, ?4) WHERE device_id = ?1";
		/* The snapshots the sender says it has applied have arrived; so
		 * have the lists of those that left its scope (their rows go). */
		static const char delivered_sql[] =
			"UPDATE sync_sent SET delivered = 1 WHERE peer = ?1 AND delivered = 0"
			" AND snapshot >= 0 AND snapshot <= ?2;";
		static const char left_sql[] = "DELETE FROM sync_sent WHERE peer = ?1 AND snapshot "
					       "< 0 AND -snapshot <= ?2";
		/* A bundle that brought nothing new leaves no trace, so importing
		 * one twice changes nothing the second time. */
		sqlite3_stmt *st = NULL;
		if (!rc && (out->entries > 0 || b->snapshot > 0)) {
			st = db_stmt(db, peer_sql);
			rc = !st ? db_errcode(db)
				 : db_bind(db, st, db_int(b->from), db_text(now),
					   db_int(out->changes), db_int(b->snapshot));
			if (!rc)
				rc = db_run(db, st);
		}
		for (int q = 0; q < 2 && !rc; q++) {
			st = db_stmt(db, q ? left_sql : delivered_sql);
			rc = !st ? db_errcode(db)
				 : db_bind(db, st, db_int(b->from), db_int(b->ack_snapshot));
			if (!rc)
				rc = db_run(db, st);
		}
	}
	if (!rc)
		rc = trim_log(db);
	if (!rc && bulk)
		rc = db_bulk_orders_end(db);
	out->orders_in_bulk = !rc && bulk;
	/* Distributors that left this rep's scope at the head office: dropped
	 * here with all that hangs off them, as nothing this device did (its
	 * unsent changes to them are in its log and still go). */
	for (size_t i = 0; !rc && i < nleft; i++)
		rc = drop_distributor(db, (int64_t)rd_be(left + 8 * i, 8), &out->left);
	sync_apply_free(a);
	db_capture_resume(db);
	rc = db_write_end(db, rc);
	db_cache_size_set(db, cache_was);
	return rc;
}

/* ---- forgetting a device ------------------------------------------------------ */

qd_rc db_sync_forget(qd_db *db, const char *device, struct sync_result *out)
{
	memset(out, 0, sizeof *out);
	struct sync_device me;
	qd_rc rc = self_writable(db, &me);
	if (rc)
		return rc;
	char self_hex[17];
	db_sync_device_id_text(me.id, self_hex);
	if (!strcasecmp(device, self_hex) || !strcmp(device, me.name))
		return db_fail(db, DB_INVALID, 0,
			       _("%s is this database's own device: a database cannot forget "
				 "itself."),
			       me.name);
	struct peer p;
	if ((rc = find_peer(db, device, &p)))
		return rc;
	out->peer_id = p.id;
	snprintf(out->peer_name, sizeof out->peer_name, "%s", p.name);
	if (p.id == me.parent_id)
		return db_fail(db, DB_INVALID, 0,
			       _("%s is the database this one was made from: it cannot be "
				 "forgotten here."),
			       p.name);
	char when[32];
	if ((rc = forgotten_when(db, p.id, when, sizeof when)))
		return rc;
	if (when[0])
		return db_fail(db, DB_INVALID, 0, _("%s was already forgotten, on %s."), p.name,
			       when);
	/* Only a peer holds anything back here: a device known by name only
	 * (a rep's other laptop, seen on a laptop) is the head office's to
	 * forget. */
	if (!sync_q_int(db, "SELECT peer FROM sync_devices WHERE device_id = ?1", p.id))
		return db_fail(db, DB_INVALID, 0,
			       _("%s has never exchanged bundles with this database: there is "
				 "nothing to forget here. A lost laptop is forgotten on the head "
				 "office's database."),
			       p.name);
	static const char forget_sql[] =
		"UPDATE sync_devices SET peer = 0, forgotten_at = ?2 WHERE device_id = ?1";
	static const char *const drop_sql[] = { "DELETE FROM sync_acks WHERE peer = ?1",
						"DELETE FROM sync_sent WHERE peer = ?1" };
	/* Bookkeeping, not a change to send. */
	db_capture_pause(db);
	rc = db_write_begin(db);
	if (rc) {
		db_capture_resume(db);
		return rc;
	}
	char now[32];
	sync_now(now);
	sqlite3_stmt *st = db_stmt(db, forget_sql);
	rc = !st ? db_errcode(db) : db_bind(db, st, db_int(p.id), db_text(now));
	if (!rc)
		rc = db_run(db, st);
	for (size_t k = 0; !rc && k < sizeof drop_sql / sizeof *drop_sql; k++) {
		st = db_stmt(db, drop_sql[k]);
		rc = !st ? db_errcode(db) : db_bind(db, st, db_int(p.id));
		if (!rc)
			rc = db_run(db, st);
	}
	/* What waited for it alone goes now. */
	if (!rc)
		rc = trim_log(db);
	db_capture_resume(db);
	return db_write_end(db, rc);
}

/* ---- provisioning a rep's database --------------------------------------------- */

/* A rep's new database is written with 16 KiB pages, not SQLite's 4 KiB:
 * copying the widest rep's rows into it took a fifth less time. */
enum { PROVISION_PAGE_SIZE = 16384 };

/* A new, empty database file at path (mode 0600) with the page size above;
 * db_open then makes the schema in it as in any new file. NULL, or why it
 * could not be made (to free). */
static char *provision_new_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return xasprintf(_("Cannot write %s: %s."), path, strerror(errno));
	close(fd);
	sqlite3 *h = NULL;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA page_size = %d; VACUUM;", PROVISION_PAGE_SIZE);
	char *why = NULL;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) !=
		    SQLITE_OK ||
	    sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		why = xasprintf(_("Cannot write %s: %s."), path,
				h ? sqlite3_errmsg(h) : strerror(ENOMEM));
	sqlite3_close(h);
	return why;
}

/* Attaches the head office's file read-only as ho, and sets up a file that
 * is being built, which nobody else sees:
 * - its rollback journal in memory (a failure removes the file; the
 *   defensive mode every connection runs in refuses no journal at all,
 *   and a write-ahead log wrote every page twice);
 * - its foreign keys already checked where the rows come from;
 * - every row already held to the same CHECK constraints in a database of
 *   the same schema (testing them again cost a quarter of copying the kept
 *   figures). */
static qd_rc provision_attach(qd_db *to, qd_db *report, const char *ho_path)
{
	char *esc = sqlite3_mprintf("%q", ho_path);
	char *sql = xasprintf("ATTACH 'file:%s?mode=ro' AS ho", esc);
	sqlite3_free(esc);
	qd_rc rc = DB_OK;
	if (sqlite3_exec(db_handle(to), sql, NULL, NULL, NULL) != SQLITE_OK)
		rc = db_fail(report, DB_IO, 0, _("Cannot read %s: %s."), ho_path,
			     sqlite3_errmsg(db_handle(to)));
	free(sql);
	if (!rc)
		rc = db_exec(to,
			     "PRAGMA main.journal_mode = MEMORY; PRAGMA main.synchronous = OFF;"
			     " PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;");
	return rc;
}

/* The rep's distributors in temp.sync_scope, read from the head office's
 * file (the connection's first read of it), and whether they are more than
 * an eighth of all (*wide): the copies of the largest tables then read them
 * whole, in order, rather than through an index by distributor. */
static qd_rc provision_scope(qd_db *db, int64_t rep_id, int64_t *wide)
{
	*wide = 0;
	qd_rc rc = scope_make(db, "ho", rep_id, 0);
	if (!rc)
		rc = db_exec(db, "DROP TABLE IF EXISTS temp.sync_wide;"
				 "CREATE TEMP TABLE sync_wide AS SELECT"
				 " (SELECT count(*) FROM temp.sync_scope) * 8"
				 " > (SELECT count(*) FROM ho.distributors) AS wide;");
	sqlite3_stmt *q = rc ? NULL : db_stmt(db, "SELECT wide FROM temp.sync_wide");
	if (!rc)
		rc = !q ? db_errcode(db) : db_int_of(db, q, wide, NULL);
	return rc;
}

/* Provisioning runs on two connections at once. The second copies into a
 * file of its own the source tables below (each held to its distributor,
 * and no table is found through them) and the per-distributor kept figures
 * of the sets below, and makes their indexes there, while the first copies
 * the rest into the rep's file, makes its indexes and the search index.
 * Then each of the second's tables is moved whole into the rep's file,
 * which SQLite does by copying each record as it is (its transfer of a
 * table into an empty one with the same indexes), not row by row.
 * The widest rep of the large demo (22,279 distributors): 9.0-9.5 s, where
 * one connection with 4 KiB pages and a write-ahead log took 18.6 s. */
static const char *const provision_side_tables[] = { "sales_targets", "amounts_due", "payments",
						     NULL };
static const struct db_kept *const provision_side_kept[] = { &db_schema_v3_kept, &db_schema_v6_kept,
							     NULL };

static bool provision_listed(const char *const *list, const char *table)
{
	for (const char *const *n = list; n && *n; n++)
		if (!strcmp(*n, table))
			return true;
	return false;
}

/* Whether the second connection fills table (its indexes are made there). */
static bool provision_on_side(const char *table)
{
	bool on = provision_listed(provision_side_tables, table);
	for (int i = 0; !on && provision_side_kept[i]; i++)
		on = provision_listed(provision_side_kept[i]->copied, table);
	return on;
}

/* The statement copying table i of s from ho into main: wide, each table
 * read whole in key order, testing each row (the "+" keeps SQLite off the
 * index: looking its rows up by distributor, then sorting them by key, read
 * a quarter more for the widest rep), a row hanging off another tested
 * against the copy of that table already made in main; narrow, through the
 * head office's tables. */
static char *provision_copy_sql(const struct sync_schema *s, int i, bool wide)
{
	const struct sync_table *t = &s->t[i];
	char *where;
	if (t->scope == SCOPE_SHARED)
		where = xstrdup("1");
	else if (t->scope == SCOPE_LOG)
		where = log_where(s, "ho.", "sync_scope", true);
	else if (t->scope == SCOPE_DISTRIBUTOR)
		where = xasprintf("%s\"%s\" IN (SELECT id FROM temp.sync_scope)", wide ? "+" : "",
				  t->cols[t->scope_col]);
	else if (wide && t->scope_parent < i && !provision_on_side(s->t[t->scope_parent].name)) {
		const struct sync_table *p = &s->t[t->scope_parent];
		where = xasprintf("+\"%s\" IN (SELECT \"%s\" FROM main.\"%s\")",
				  t->cols[t->scope_col], sync_pk_name(p), p->name);
	} else {
		const struct sync_table *p = &s->t[t->scope_parent];
		where = xasprintf("\"%s\" IN (SELECT \"%s\" FROM ho.\"%s\" WHERE \"%s\" IN"
				  " (SELECT id FROM temp.sync_scope))",
				  t->cols[t->scope_col], sync_pk_name(p), p->name,
				  p->cols[p->scope_col]);
	}
	/* In key order, so each table grows at its end. */
	char *sql = xasprintf("INSERT INTO main.\"%s\" SELECT * FROM ho.\"%s\" WHERE %s"
			      " ORDER BY \"%s\";",
			      t->name, t->name, where, sync_pk_name(t));
	free(where);
	return sql;
}

/* The sync clocks of table t's rows copied into main. */
static char *provision_clock_sql(const struct sync_table *t)
{
	return xasprintf("INSERT INTO main.sync_clock SELECT * FROM ho.sync_clock c"
			 " WHERE c.tbl = '%s' AND CAST(c.key AS INTEGER) IN"
			 " (SELECT \"%s\" FROM main.\"%s\");",
			 t->name, sync_pk_name(t), t->name);
}

/* The indexes of a file's tables (and the triggers that refuse other
 * programs' writes), to drop while rows are copied in and make after:
 * far quicker than keeping them up row by row, and those triggers, run for
 * each of millions of rows qudao itself copies, cost a sixth of the whole. */
struct provision_index {
	char *drop, *make, *table;
	bool index, made;
};

static qd_rc provision_indexes(qd_db *db, struct provision_index **out, int *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(db_handle(db),
			       "SELECT upper(type), name, sql, tbl_name FROM main.sqlite_schema"
			       " WHERE (type = 'index' AND sql IS NOT NULL)"
			       " OR (type = 'trigger' AND sql LIKE '%qudao_writer()%')",
			       -1, &q, NULL) != SQLITE_OK)
		return db_fail_sqlite(db, _("Could not read the schema"));
	while (sqlite3_step(q) == SQLITE_ROW) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		struct provision_index *x = &(*out)[(*n)++];
		const char *type = (const char *)sqlite3_column_text(q, 0);
		x->drop = xasprintf("DROP %s main.\"%s\"", type, sqlite3_column_text(q, 1));
		x->make = xstrdup((const char *)sqlite3_column_text(q, 2));
		x->table = xstrdup((const char *)sqlite3_column_text(q, 3));
		x->index = !strcmp(type, "INDEX");
		x->made = false;
	}
	sqlite3_finalize(q);
	qd_rc rc = DB_OK;
	for (int i = 0; i < *n && !rc; i++)
		rc = db_exec(db, (*out)[i].drop);
	return rc;
}

static void provision_indexes_free(struct provision_index *x, int n)
{
	for (int i = 0; i < n; i++) {
		free(x[i].drop);
		free(x[i].make);
		free(x[i].table);
	}
	free(x);
}

/* Makes the indexes of the tables that side says (true: those the second
 * connection fills; false: the others) not made yet; with triggers, the
 * triggers too. */
static qd_rc provision_indexes_make(qd_db *db, struct provision_index *x, int n, bool side,
				    bool triggers)
{
	qd_rc rc = DB_OK;
	for (int i = 0; i < n && !rc; i++) {
		if (x[i].made || (!x[i].index && !triggers) ||
		    (x[i].index && provision_on_side(x[i].table) != side))
			continue;
		rc = db_exec(db, x[i].make);
		x[i].made = !rc;
	}
	return rc;
}

/* The second connection's work, into a file of its own at path, read from
 * the head office's file as the first connection reads it (see
 * db_sync_provision). */
struct provision_side {
	const char *ho, *path;
	int64_t rep_id;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* How far it is, each step said under the lock: the second connection
	 * is ready to read (SIDE_READY), may read (SIDE_GO, said by the first;
	 * with stop, it must not), and has begun its read (SIDE_READING). A
	 * failure says the last step at once. */
	enum { SIDE_STARTING, SIDE_READY, SIDE_GO, SIDE_READING } step;
	bool stop;
	qd_rc early; /* DB_OK, or how it failed before its read began */
	qd_rc rc;    /* read only once the thread is joined, with msg */
	char *msg;   /* why it failed */
};

static void provision_side_say(struct provision_side *p, int step, qd_rc rc)
{
	pthread_mutex_lock(&p->lock);
	if (p->step < SIDE_READING && rc && !p->early)
		p->early = rc;
	if (rc)
		step = SIDE_READING;
	if ((int)p->step < step)
		p->step = step;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/* Waits until the step is reached; the failure before its read, if any. */
static qd_rc provision_side_wait(struct provision_side *p, int step)
{
	pthread_mutex_lock(&p->lock);
	while ((int)p->step < step && !p->early)
		pthread_cond_wait(&p->cond, &p->lock);
	qd_rc rc = p->early;
	pthread_mutex_unlock(&p->lock);
	return rc;
}

/* The first connection's go (or, with stop, its no). */
static void provision_side_go(struct provision_side *p, bool stop)
{
	pthread_mutex_lock(&p->lock);
	p->stop = stop;
	if (p->step < SIDE_GO)
		p->step = SIDE_GO;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

static qd_rc provision_side_copy(qd_db *db, struct provision_side *p)
{
	const struct sync_schema *s = sync_schema(db);
	if (!s)
		return db_errcode(db);
	/* A file nobody keeps: written outside db_write_begin, without the
	 * connection's kept figures (its rows go into a file whose figures are
	 * made, not into this one) and without the triggers of the file. */
	qd_rc rc = db_exec(db, "BEGIN");
	struct provision_index *x = NULL;
	int nx = 0;
	if (!rc)
		rc = provision_indexes(db, &x, &nx);
	if (!rc)
		rc = db_kept_forsake(db);
	/* Ready; its first read of the head office's file once the first
	 * connection holds the head office's lock, then the first begins its
	 * own. */
	provision_side_say(p, SIDE_READY, rc);
	if (!rc) {
		pthread_mutex_lock(&p->lock);
		while (p->step < SIDE_GO)
			pthread_cond_wait(&p->cond, &p->lock);
		bool stop = p->stop;
		pthread_mutex_unlock(&p->lock);
		if (stop)
			rc = DB_ERROR;
	}
	int64_t wide = 0;
	if (!rc)
		rc = provision_scope(db, p->rep_id, &wide);
	provision_side_say(p, SIDE_READING, rc);
	for (int i = 0; i < s->n && !rc; i++) {
		if (!provision_listed(provision_side_tables, s->t[i].name))
			continue;
		/* provision_copy_sql would look for a parent's rows in this
		 * file, where there are none. */
		if (s->t[i].scope != SCOPE_DISTRIBUTOR) {
			rc = db_fail(db, DB_ERROR, 0,
				     _("Internal error: a table copied apart is not held to its "
				       "distributor."));
			break;
		}
		char *sql = provision_copy_sql(s, i, wide);
		rc = db_exec(db, sql);
		free(sql);
	}
	for (int i = 0; provision_side_kept[i] && !rc; i++)
		rc = db_exec(db, provision_side_kept[i]->copy);
	if (!rc)
		rc = provision_indexes_make(db, x, nx, true, false);
	provision_indexes_free(x, nx);
	if (!rc)
		rc = db_exec(db, "COMMIT");
	return rc;
}

static void *provision_side_run(void *arg)
{
	struct provision_side *p = arg;
	qd_db *db = NULL;
	char *err = NULL;
	if ((p->msg = provision_new_file(p->path)) != NULL) {
		p->rc = DB_IO;
	} else if (db_open(p->path, DB_OPEN_CREATE, &db, &err) != 0) {
		p->rc = DB_IO;
		p->msg = err;
	} else {
		p->rc = provision_attach(db, db, p->ho);
		if (!p->rc)
			p->rc = db_exec(db, "PRAGMA cache_size = -131072;");
		if (!p->rc)
			p->rc = provision_side_copy(db, p);
		if (p->rc)
			p->msg = xstrdup(db_errmsg(db));
	}
	provision_side_say(p, SIDE_READING, p->rc);
	db_close(db);
	return NULL;
}

char **db_sync_provision_files(const char *path)
{
	static const char *const names[] = { "",	  "-side",     "-journal",
					     "-wal",	  "-shm",      "-side-journal",
					     "-side-wal", "-side-shm", NULL };
	char **f = xcalloc(sizeof names / sizeof names[0], sizeof *f);
	for (int i = 0; names[i]; i++)
		f[i] = db_building_path(path, names[i]);
	return f;
}

/* Puts the built file tmp at path, where nothing may be: another
 * provisioning to the same path, begun after this one looked, must not have
 * its file replaced. 0, or the errno (EEXIST when something is there). */
static int provision_put(const char *tmp, const char *path)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return errno;
	/* A file system without it: a hard link is refused on a name taken
	 * too. */
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return 0;
	}
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP)
		return errno;
	/* Neither (a FAT stick): look, then rename. */
	struct stat sb;
	if (lstat(path, &sb) == 0)
		return EEXIST;
	return rename(tmp, path) == 0 ? 0 : errno;
}

qd_rc db_sync_provision(qd_db *db, const char *rep_code, const char *path, struct sync_result *out)
{
	memset(out, 0, sizeof *out);
	struct sync_device me;
	qd_rc rc = self_device(db, &me);
	if (rc)
		return rc;
	/* Only the head office hands out databases: a rep's holds only the
	 * rep's scope, and a device made from it would sync through the rep. */
	if (me.parent_id)
		return db_fail(db, DB_INVALID, 0,
			       _("This database is a rep's (made from the head office's); make "
				 "a rep's database from the head office's database."));
	static const char rep_sql[] = "SELECT id, name, code FROM reps WHERE code = ?1"
				      " COLLATE NOCASE";
	sqlite3_stmt *st = db_stmt(db, rep_sql);
	rc = !st ? db_errcode(db) : db_bind(db, st, db_text(rep_code));
	if (rc)
		return rc;
	int r = db_step(db, st, N_("Could not read the reps"));
	if (r <= 0)
		return r < 0 ? db_errcode(db)
			     : db_fail(db, DB_NOTFOUND, 0,
				       _("No rep has the code \"%s\"; the reps are in Setup (tab "
					 "5)."),
				       rep_code);
	int64_t rep_id = sqlite3_column_int64(st, 0);
	char *rep_name = xstrdup((const char *)sqlite3_column_text(st, 1));
	char *code = xstrdup((const char *)sqlite3_column_text(st, 2));
	sqlite3_reset(st);
	struct stat sb;
	if (lstat(path, &sb) == 0) {
		free(rep_name);
		free(code);
		if (S_ISDIR(sb.st_mode))
			return db_fail(db, DB_INVALID, 0,
				       _("%s is a folder; give the path of a new file in it."),
				       path);
		return db_fail(db, DB_INVALID, 0,
			       _("%s already exists; provisioning writes a new file. Choose "
				 "another path, or move that file away."),
			       path);
	}
	size_t plen = strlen(path);
	if (plen && path[plen - 1] == '/') {
		free(rep_name);
		free(code);
		return db_fail(db, DB_INVALID, 0,
			       _("%s is a folder; give the path of a new file in it."), path);
	}
	/* A log or a journal left beside the path by a database removed
	 * without them: SQLite would apply it to the new file when it opens
	 * it, giving the rep another database, or a damaged one. */
	static const char *const logs[] = { "-wal", "-journal" };
	for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
		char *log = xasprintf("%s%s", path, logs[i]);
		struct stat ls;
		bool there = lstat(log, &ls) == 0 && (ls.st_size > 0 || !S_ISREG(ls.st_mode));
		if (there) {
			db_fail(db, DB_INVALID, 0,
				_("%s holds changes of a database that is not there; move it away "
				  "and try again. Nothing was changed."),
				log);
			free(log);
			free(rep_name);
			free(code);
			return DB_INVALID;
		}
		free(log);
	}
	/* Where the file goes must take new files: said of the path given,
	 * not of the build's name beside it. */
	char *copy = xstrdup(path);
	const char *dir = dirname(copy);
	if (access(dir, W_OK | X_OK) != 0) {
		int e = errno;
		free(copy);
		free(rep_name);
		free(code);
		return db_fail(db, DB_INVALID, 0, _("Cannot write %s: %s."), path, strerror(e));
	}
	free(copy);
	db_remove_stale(path);
	char **files = db_sync_provision_files(path);
	char *tmp = xstrdup(files[0]);
	db_remove(tmp);
	qd_db *rep;
	char *err = NULL;
	char name[128];
	snprintf(name, sizeof name, "%s (%s)", rep_name, code);
	char cut[101];
	text_copy(cut, sizeof cut, name);
	/* A rep's second laptop: its own name ("… (R0009) 2"), so that the
	 * two can be told apart in the status and the conflicts. */
	static const char taken_sql[] = "SELECT count(*) FROM sync_devices WHERE name = ?1";
	for (int k = 2; k < 1000; k++) {
		int64_t taken = 0;
		sqlite3_stmt *q = db_stmt(db, taken_sql);
		if (!q || db_bind(db, q, db_text(cut)) || db_int_of(db, q, &taken, NULL)) {
			free(rep_name);
			free(code);
			return db_errcode(db);
		}
		if (!taken)
			break;
		/* The number whole, the name cut before it when too long. */
		char suffix[8], base[101];
		snprintf(suffix, sizeof suffix, " %d", k);
		text_copy(base, sizeof base - strlen(suffix), name);
		snprintf(cut, sizeof cut, "%s%s", base, suffix);
	}
	int64_t new_id = ids_random();
	char *side_path = xstrdup(files[1]);
	for (int i = 0; files[i]; i++)
		free(files[i]);
	free(files);
	db_remove(side_path);
	char *why = provision_new_file(tmp);
	if (why) {
		rc = db_fail(db, DB_IO, 0, "%s", why);
		free(why);
		free(side_path);
		goto out;
	}
	if (db_open(tmp, DB_OPEN_CREATE, &rep, &err)) {
		rc = db_fail(db, DB_IO, 0, "%s", err);
		free(err);
		free(side_path);
		goto out;
	}
	rc = db_sync_set_identity(rep, new_id, cut, rep_id, me.id);
	if (!rc)
		rc = provision_attach(rep, db, db_path(db));
	const struct sync_schema *s = rc ? NULL : sync_schema(rep);
	if (!rc && !s)
		rc = db_errcode(rep);
	if (!rc)
		rc = db_exec(rep, "PRAGMA cache_size = -262144;");
	/* A second connection copies some tables meanwhile, into a file of its
	 * own (provision_side_tables). Both read the head office's file as it
	 * is at one moment: once the second is ready, the head office's
	 * connection takes the write lock, so that nothing can be committed;
	 * the second begins its read, then this one (its transaction reads
	 * every attached file from its start); then the lock goes. */
	struct provision_side side = { .ho = db_path(db), .path = side_path, .rep_id = rep_id };
	pthread_mutex_init(&side.lock, NULL);
	pthread_cond_init(&side.cond, NULL);
	pthread_t thread;
	bool started = false, locked = false, side_failed = false;
	const char *ro = rc ? NULL : db_readonly(db);
	if (ro)
		rc = db_fail(db, DB_READONLY, 0, _("The database cannot be written: %s."), ro);
	if (!rc) {
		int e = pthread_create(&thread, NULL, provision_side_run, &side);
		started = e == 0;
		if (!started)
			rc = db_fail(db, DB_IO, 0, _("Could not start a second connection: %s."),
				     strerror(e));
	}
	/* Nothing here draws a new id until the second connection is ready:
	 * its db_open draws some, from a pool not shared between threads. */
	side_failed = started && provision_side_wait(&side, SIDE_READY);
	/* Inside a write of the caller's, the lock is held already. */
	if (!rc && !side_failed && !db_in_write(db)) {
		if (sqlite3_exec(db_handle(db), "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
			locked = true;
		else
			rc = db_fail_sqlite(db, _("Could not start writing"));
	}
	if (started)
		provision_side_go(&side, rc != DB_OK || side_failed);
	if (started && !rc && !side_failed)
		side_failed = provision_side_wait(&side, SIDE_READING) != DB_OK;
	/* Everything in one transaction of the new file. */
	db_capture_pause(rep);
	bool began = false;
	if (!rc && !side_failed) {
		rc = db_write_begin(rep);
		began = !rc;
	}
	int64_t wide = 0;
	if (!rc && !side_failed)
		rc = provision_scope(rep, rep_id, &wide);
	if (locked)
		sqlite3_exec(db_handle(db), "ROLLBACK", NULL, NULL, NULL);
	/* The second connection could not begin: nothing more is done. */
	if (side_failed) {
		pthread_join(thread, NULL);
		started = false;
		if (!rc)
			rc = db_fail(db, side.rc, 0, "%s", side.msg);
	}
	if (!rc)
		rc = db_kept_pause(rep);
	db_progress(_("copying the rep's distributors"), 0.1);
	for (int i = s ? s->n - 1 : -1; i >= 0 && !rc; i--) {
		char *sql = xasprintf("DELETE FROM main.\"%s\"", s->t[i].name);
		rc = db_exec(rep, sql);
		free(sql);
	}
	struct provision_index *x = NULL;
	int nx = 0;
	if (!rc)
		rc = provision_indexes(rep, &x, &nx);
	for (int i = 0; s && i < s->n && !rc; i++) {
		if (provision_on_side(s->t[i].name))
			continue;
		char *copy = provision_copy_sql(s, i, wide), *clock = provision_clock_sql(&s->t[i]);
		rc = db_exec(rep, copy);
		if (!rc)
			rc = db_exec(rep, clock);
		free(copy);
		free(clock);
		db_progress(_("copying the rep's distributors"), 0.1 + 0.5 * (i + 1) / s->n);
	}
	/* While the second connection still copies: this one's indexes and
	 * the search index (its distributors are all in). */
	db_progress(_("making the indexes"), 0.6);
	if (!rc)
		rc = provision_indexes_make(rep, x, nx, false, false);
	if (!rc)
		rc = db_exec(rep, db_schema_fts_rebuild);
	if (started)
		pthread_join(thread, NULL);
	if (!rc && started && side.rc)
		rc = db_fail(db, side.rc, 0, "%s", side.msg);
	free(side.msg);
	pthread_mutex_destroy(&side.lock);
	pthread_cond_destroy(&side.cond);
	/* The second connection's tables, moved whole: neither file's tables
	 * have triggers, and both have the same indexes (made empty here). */
	db_progress(_("making the indexes"), 0.75);
	if (!rc) {
		char *esc = sqlite3_mprintf("%q", side_path);
		char *sql = xasprintf("ATTACH '%s' AS side", esc);
		sqlite3_free(esc);
		rc = db_exec(rep, sql);
		free(sql);
	}
	if (!rc)
		rc = provision_indexes_make(rep, x, nx, true, false);
	for (int i = 0; s && i < s->n && !rc; i++) {
		if (!provision_listed(provision_side_tables, s->t[i].name))
			continue;
		char *sql = xasprintf("INSERT INTO main.\"%s\" SELECT * FROM side.\"%s\";",
				      s->t[i].name, s->t[i].name),
		     *clock = provision_clock_sql(&s->t[i]);
		rc = db_exec(rep, sql);
		if (!rc)
			rc = db_exec(rep, clock);
		free(sql);
		free(clock);
	}
	/* The kept figures copied there: a table that already has rows here
	 * (distributor_stats, a row made with each distributor) has them
	 * replaced, row by row; an empty one is moved whole. */
	for (int i = 0; provision_side_kept[i] && !rc; i++) {
		const char *const *n = provision_side_kept[i]->copied;
		if (!n)
			rc = db_fail(
				rep, DB_ERROR, 0,
				_("Internal error: kept figures copied apart name no tables."));
		for (; n && *n && !rc; n++) {
			char *sql = xasprintf(
				"INSERT OR REPLACE INTO main.\"%s\" SELECT * FROM side.\"%s\";", *n,
				*n);
			rc = db_exec(rep, sql);
			free(sql);
		}
	}
	/* What the head office had applied is in the copy; the head office is
	 * the parent and peer; devices keep their names. */
	if (!rc) {
		char *sql = xasprintf(
			"INSERT INTO main.sync_applied(origin, seq) SELECT origin, seq FROM"
			" ho.sync_applied WHERE origin <> %lld"
			" ON CONFLICT(origin) DO UPDATE SET seq = excluded.seq;"
			"INSERT INTO main.sync_devices(device_id, name, rep_id, peer)"
			" SELECT device_id, name, rep_id, 0 FROM ho.sync_devices"
			" WHERE device_id <> %lld;"
			"INSERT INTO main.sync_devices(device_id, name, peer, provisioned_at)"
			" SELECT device_id, name, 1, strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ','now')"
			" FROM ho.sync_self WHERE true ON CONFLICT(device_id) DO UPDATE SET peer = "
			"1;"
			"INSERT INTO main.sync_acks(peer, origin, seq) SELECT %lld, origin, seq"
			" FROM ho.sync_applied;"
			"DROP TABLE IF EXISTS temp.sync_vector;"
			"CREATE TEMP TABLE sync_vector AS SELECT origin, seq FROM ho.sync_applied;"
			"DROP TABLE IF EXISTS temp.sync_ids;"
			"CREATE TEMP TABLE sync_ids AS SELECT id FROM temp.sync_scope;",
			(long long)new_id, (long long)new_id, (long long)me.id);
		rc = db_exec(rep, sql);
		free(sql);
	}
	/* The triggers, and any index not made yet. */
	if (!rc)
		rc = provision_indexes_make(rep, x, nx, true, true);
	if (!rc)
		rc = provision_indexes_make(rep, x, nx, false, true);
	provision_indexes_free(x, nx);
	db_progress(_("making the kept figures"), 0.85);
	if (!rc)
		rc = db_kept_resume_copied(rep, provision_side_kept);
	int64_t ndist = 0, nvec = 0;
	int64_t(*vec)[2] = NULL;
	int64_t *ids = NULL;
	if (!rc) {
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(db_handle(rep), "SELECT id FROM temp.sync_ids", -1, &q,
				       NULL) == SQLITE_OK) {
			while (sqlite3_step(q) == SQLITE_ROW) {
				ids = xrealloc(ids, (size_t)(ndist + 1) * sizeof *ids);
				ids[ndist++] = sqlite3_column_int64(q, 0);
			}
			sqlite3_finalize(q);
		}
		if (sqlite3_prepare_v2(db_handle(rep), "SELECT origin, seq FROM temp.sync_vector",
				       -1, &q, NULL) == SQLITE_OK) {
			while (sqlite3_step(q) == SQLITE_ROW) {
				vec = xrealloc(vec, (size_t)(nvec + 1) * sizeof *vec);
				vec[nvec][0] = sqlite3_column_int64(q, 0);
				vec[nvec++][1] = sqlite3_column_int64(q, 1);
			}
			sqlite3_finalize(q);
		}
	}
	db_capture_resume(rep);
	if (began)
		rc = db_write_end(rep, rc);
	sqlite3_exec(db_handle(rep), "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
	if (rc && rc != db_errcode(db))
		db_fail(db, rc, 0, "%s", db_errmsg(rep));
	sqlite3_exec(db_handle(rep), "DETACH ho", NULL, NULL, NULL);
	/* Attached, its file was read inside the transaction just ended. */
	sqlite3_exec(db_handle(rep), "DETACH side", NULL, NULL, NULL);
	db_remove(side_path);
	free(side_path);
	db_close(rep);
	/* The head office knows the new device: its scope, and that it has
	 * everything applied here up to now. */
	if (!rc) {
		db_capture_pause(db);
		rc = db_write_begin(db);
		if (rc)
			db_capture_resume(db);
	}
	if (!rc) {
		char now[32];
		sync_now(now);
		static const char dev_sql[] =
			"INSERT INTO sync_devices(device_id, name, rep_id, peer, provisioned_at)"
			" VALUES (?1, ?2, ?3, 1, ?4)";
		static const char ack_sql[] =
			"INSERT INTO sync_acks(peer, origin, seq) VALUES (?1, ?2, ?3)"
			" ON CONFLICT(peer, origin) DO UPDATE SET seq = excluded.seq";
		static const char sent_sql[] =
			"INSERT OR IGNORE INTO sync_sent(peer, distributor_id, delivered)"
			" VALUES (?1, ?2, 1)";
		st = db_stmt(db, dev_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(new_id), db_text(cut), db_int(rep_id),
				   db_text(now));
		if (!rc)
			rc = db_run(db, st);
		for (int64_t i = 0; i < nvec && !rc; i++) {
			st = db_stmt(db, ack_sql);
			rc = !st ? db_errcode(db)
				 : db_bind(db, st, db_int(new_id), db_int(vec[i][0]),
					   db_int(vec[i][1]));
			if (!rc)
				rc = db_run(db, st);
		}
		for (int64_t i = 0; i < ndist && !rc; i++) {
			st = db_stmt(db, sent_sql);
			rc = !st ? db_errcode(db) : db_bind(db, st, db_int(new_id), db_int(ids[i]));
			if (!rc)
				rc = db_run(db, st);
		}
		/* The file goes into place before the head office commits: a
		 * failure leaves neither. */
		int e = rc ? 0 : provision_put(tmp, path);
		bool placed = !rc && !e;
		if (e == EEXIST)
			rc = db_fail(db, DB_INVALID, 0,
				     _("%s already exists; provisioning writes a new file. Choose "
				       "another path, or move that file away."),
				     path);
		else if (e)
			rc = db_fail(db, DB_IO, 0, _("Cannot write %s: %s."), path, strerror(e));
		db_capture_resume(db);
		rc = db_write_end(db, rc);
		if (rc && placed)
			unlink(path);
	}
	out->distributors = ndist;
	out->peer_id = new_id;
	snprintf(out->peer_name, sizeof out->peer_name, "%s", cut);
	free(vec);
	free(ids);
out:
	if (rc)
		db_remove(tmp);
	free(tmp);
	free(rep_name);
	free(code);
	return rc;
}
