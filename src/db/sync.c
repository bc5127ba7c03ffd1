/* Sync, part one: which tables travel and how they look on this connection,
 * this database's device identity, and the recording of every local write
 * transaction with SQLite's session extension into the log, inside the same
 * transaction, with the change time of every field it changed. */
#include "qudao/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "schema.h"
#include "sync_internal.h"

/* The source tables, parents before children (a changeset lists tables in
 * the order they were attached, so a new distributor arrives before its
 * orders). Not here, on purpose: what triggers or the program derive from
 * them (distributor_stats, distributor_total, dist_month, kept_recompute, the
 * search index, the territory and visit-day figures) and sync's own
 * bookkeeping; sync_decisions travels. */
const char *const sync_table_names[] = {
	"regions",
	"territories",
	"reps",
	"rep_territories",
	"products",
	"settings",
	"score_settings",
	"rebate_rules",
	"trainings",
	"change_log",
	/* A move is written before the distributor's new territory (as
	 * db_dist_save does), so the trigger that records moves it was not
	 * told of finds it already there. */
	"distributor_moves",
	"distributors",
	"status_history",
	"qualification_reviews",
	"exclusive_rights",
	"sales_targets",
	"orders",
	"order_lines",
	"amounts_due",
	"payments",
	"visits",
	"visit_inventory",
	"visit_prices",
	"incidents",
	"cross_incidents",
	"training_attendance",
	"sync_decisions",
	NULL,
};

/* The tables that do not travel: figures each database keeps from its own
 * rows (a rep's database counts only its distributors), the search index,
 * and sync's bookkeeping. Every table of the schema is in one list or the
 * other (tests/test_sync.c checks), so a new table is a decision. */
const char *const sync_local_tables[] = {
	"distributor_stats",   "distributor_total", "dist_month",      "kept_recompute",
	"territory_month",     "territory_target",  "territory_now",   "territory_day",
	"cross_orders",	       "cross_month",	    "visit_day",       "dist_period",
	"dist_month_category", "sync_self",	    "sync_devices",    "sync_log",
	"sync_applied",	       "sync_acks",	    "sync_sent",       "sync_origin",
	"sync_clock",	       "sync_conflicts",    "distributor_fts", NULL,
};

/* The tables whose rows are parts of the record they refer to: a
 * distributor's history and moves, an order's lines, a visit's counts and
 * prices, an incident's link to an order. They come and go with it. Every
 * other table referring to a distributor holds records of their own
 * (orders, visits, money, incidents, targets, rights, reviews, training). */
int sync_fk_col(const struct sync_schema *s, const struct sync_table *t, int parent)
{
	for (int f = 0; f < t->nfk; f++)
		if (t->fks[f].parent == parent && s->t[parent].pk[t->fks[f].parent_col])
			return t->fks[f].col;
	return -1;
}

bool sync_is_part(const char *table)
{
	static const char *const parts[] = {
		"status_history",  "distributor_moves", "order_lines",
		"visit_inventory", "visit_prices",	"cross_incidents",
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (!strcmp(parts[i], table))
			return true;
	return false;
}

/* Columns each device makes for itself from the others (pinyin keys, the
 * list's sort keys) or counts for itself (the version a form read). */
static bool sync_is_derived(const char *table, const char *col)
{
	static const char *const derived[][2] = {
		{ "distributors", "sort_key" },
		{ "distributors", "search_key" },
		{ "distributors", "territory_key" },
		{ "distributors", "owner_key" },
		{ "reps", "sort_key" },
	};
	if (!strcmp(col, "version"))
		return true;
	for (size_t i = 0; i < sizeof derived / sizeof derived[0]; i++)
		if (!strcmp(derived[i][0], table) && !strcmp(derived[i][1], col))
			return true;
	return false;
}

/* Settings rows that belong to one database only: the pinyin table its
 * search keys were made with. */
bool sync_local_setting(const char *name)
{
	return name && !strcmp(name, "pinyin_keys");
}

int sync_table_index(const struct sync_schema *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->t[i].name, name))
			return i;
	return -1;
}

static void sync_schema_free(struct sync_schema *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++) {
		struct sync_table *t = &s->t[i];
		for (int c = 0; c < t->ncol; c++)
			free(t->cols[c]);
		free(t->cols);
		free(t->pk);
		free(t->derived);
		free(t->fks);
	}
	free(s->t);
	free(s);
}

void sync_forget(qd_db *db)
{
	void **slot = db_sync_slot(db);
	sync_schema_free(*slot);
	*slot = NULL;
}

static int sync_col_index(const struct sync_table *t, const char *name)
{
	for (int c = 0; c < t->ncol; c++)
		if (!strcmp(t->cols[c], name))
			return c;
	return -1;
}

/* One table's columns and keys from the schema. */
static qd_rc sync_table_read(qd_db *db, const char *name, struct sync_table *t)
{
	sqlite3 *h = db_handle(db);
	sqlite3_stmt *st;
	t->name = name;
	t->version_col = -1;
	t->scope_col = -1;
	t->scope_parent = -1;
	if (sqlite3_prepare_v2(
		    h, "SELECT name, pk, \"notnull\", upper(type) FROM pragma_table_info(?1)", -1,
		    &st, NULL) != SQLITE_OK)
		return db_fail_sqlite(db, _("Could not read the schema"));
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int cap = 0, npk = 0;
	bool nullable_pk = false, int_pk = false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (t->ncol == cap) {
			cap = cap ? cap * 2 : 16;
			t->cols = xrealloc(t->cols, (size_t)cap * sizeof *t->cols);
			t->pk = xrealloc(t->pk, (size_t)cap);
			t->derived = xrealloc(t->derived, (size_t)cap * sizeof *t->derived);
		}
		const char *col = (const char *)sqlite3_column_text(st, 0);
		t->cols[t->ncol] = xstrdup(col);
		t->pk[t->ncol] = sqlite3_column_int(st, 1) > 0;
		t->derived[t->ncol] = sync_is_derived(name, col);
		if (t->pk[t->ncol]) {
			npk++;
			const char *type = (const char *)sqlite3_column_text(st, 3);
			int_pk = type && !strcmp(type, "INTEGER");
			if (!sqlite3_column_int(st, 2))
				nullable_pk = true;
		}
		if (!strcmp(col, "version"))
			t->version_col = t->ncol;
		t->ncol++;
	}
	sqlite3_finalize(st);
	if (t->ncol == 0)
		return db_fail(db, DB_ERROR, 0,
			       _("Sync cannot run: the table %s is missing from this database."),
			       name);
	/* The session extension skips a table without an explicit primary
	 * key, and a NULL in a key column: such a table would silently not
	 * travel. An INTEGER PRIMARY KEY is the rowid and never NULL. */
	if (npk == 0 || (nullable_pk && !(npk == 1 && int_pk)))
		return db_fail(db, DB_ERROR, 0,
			       _("Sync cannot run: the table %s has no explicit non-null primary "
				 "key, so its changes would not be recorded."),
			       name);
	return DB_OK;
}

qd_rc sync_check_keys(qd_db *db, const char *const *names)
{
	for (int i = 0; names[i]; i++) {
		struct sync_table t = { 0 };
		qd_rc rc = sync_table_read(db, names[i], &t);
		for (int c = 0; c < t.ncol; c++)
			free(t.cols[c]);
		free(t.cols);
		free(t.pk);
		free(t.derived);
		if (rc)
			return rc;
	}
	return DB_OK;
}

const struct sync_schema *sync_schema(qd_db *db)
{
	void **slot = db_sync_slot(db);
	if (*slot)
		return *slot;
	struct sync_schema *s = xcalloc(1, sizeof *s);
	int n = 0;
	while (sync_table_names[n])
		n++;
	s->t = xcalloc((size_t)n, sizeof *s->t);
	for (int i = 0; i < n; i++, s->n++)
		if (sync_table_read(db, sync_table_names[i], &s->t[i])) {
			s->n++;
			sync_schema_free(s);
			return NULL;
		}
	/* References between the tables, and each table's scope. */
	sqlite3 *h = db_handle(db);
	for (int i = 0; i < s->n; i++) {
		struct sync_table *t = &s->t[i];
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(h,
				       "SELECT \"table\", \"from\", \"to\" FROM"
				       " pragma_foreign_key_list(?1)",
				       -1, &st, NULL) != SQLITE_OK) {
			db_fail_sqlite(db, _("Could not read the schema"));
			sync_schema_free(s);
			return NULL;
		}
		sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int p = sync_table_index(s, (const char *)sqlite3_column_text(st, 0));
			int col = sync_col_index(t, (const char *)sqlite3_column_text(st, 1));
			if (p < 0 || col < 0)
				continue;
			const char *to = (const char *)sqlite3_column_text(st, 2);
			int pcol = -1;
			if (to)
				pcol = sync_col_index(&s->t[p], to);
			else
				for (int c = 0; c < s->t[p].ncol; c++)
					if (s->t[p].pk[c])
						pcol = c;
			if (pcol < 0)
				continue;
			t->fks = xrealloc(t->fks, (size_t)(t->nfk + 1) * sizeof *t->fks);
			t->fks[t->nfk++] = (struct sync_fk){ col, p, pcol };
		}
		sqlite3_finalize(st);
	}
	for (int i = 0; i < s->n; i++) {
		struct sync_table *t = &s->t[i];
		int dcol = sync_col_index(t, "distributor_id");
		if (!strcmp(t->name, "distributors")) {
			t->scope = SCOPE_DISTRIBUTOR;
			t->scope_col = sync_col_index(t, "id");
		} else if (dcol >= 0) {
			t->scope = SCOPE_DISTRIBUTOR;
			t->scope_col = dcol;
		} else {
			t->scope = SCOPE_SHARED;
			for (int f = 0; f < t->nfk; f++) {
				const struct sync_table *p = &s->t[t->fks[f].parent];
				if (p->scope == SCOPE_DISTRIBUTOR && p->pk[t->fks[f].parent_col]) {
					t->scope = SCOPE_PARENT;
					t->scope_col = t->fks[f].col;
					t->scope_parent = t->fks[f].parent;
					break;
				}
			}
		}
	}
	/* The history of changes names its row by table and id. */
	for (int i = 0; i < s->n; i++) {
		struct sync_table *t = &s->t[i];
		if (strcmp(t->name, "change_log"))
			continue;
		t->scope = SCOPE_LOG;
		t->scope_col = sync_col_index(t, "row_id");
		t->log_col = sync_col_index(t, "table_name");
	}
	*slot = s;
	return s;
}

/* ---- the device identity --------------------------------------------------- */

static bool sync_has_tables(qd_db *db)
{
	/* Looked up in the schema SQLite holds parsed, not by reading
	 * sqlite_schema row by row. */
	return sqlite3_table_column_metadata(db_handle(db), "main", "sync_self", NULL, NULL, NULL,
					     NULL, NULL, NULL) == SQLITE_OK;
}

/* A name for a new device: the user and the machine. */
static void sync_default_name(char *buf, size_t n)
{
	char host[64] = "";
	gethostname(host, sizeof host - 1);
	const char *user = getenv("USER");
	char *name =
		xasprintf("%s@%s", user && *user ? user : "qudao", host[0] ? host : "localhost");
	char *clean = text_sanitize(name);
	/* At most 100 bytes, never cut inside a character. */
	text_copy(buf, n < 101 ? n : 101, clean);
	free(name);
	free(clean);
}

qd_rc sync_load_identity(qd_db *db)
{
	if (!sync_has_tables(db))
		return DB_OK;
	static const char get_sql[] = "SELECT device_id FROM sync_self WHERE one = 1";
	sqlite3_stmt *st = db_stmt(db, get_sql);
	int64_t id = 0;
	bool found = false;
	if (!st || db_int_of(db, st, &id, &found))
		return db_errcode(db);
	if (found) {
		db_set_device_id(db, id);
		return DB_OK;
	}
	if (db_readonly(db))
		return DB_OK;
	char name[128];
	sync_default_name(name, sizeof name);
	return db_sync_set_identity(db, ids_random(), name, 0, 0);
}

qd_rc db_sync_set_identity(qd_db *db, int64_t device_id, const char *name, int64_t rep_id,
			   int64_t parent_id)
{
	static const char sql[] =
		"INSERT INTO sync_self(one, device_id, name, rep_id, parent_id, created_at)"
		" VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT(one) DO UPDATE SET"
		" device_id = excluded.device_id, name = excluded.name, rep_id = excluded.rep_id,"
		" parent_id = excluded.parent_id";
	/* A device id replaced before it recorded anything leaves no trace. */
	static const char forget_sql[] = "DELETE FROM sync_applied WHERE seq = 0 AND origin IN"
					 " (SELECT device_id FROM sync_self WHERE device_id <> ?1)";
	static const char applied_sql[] =
		"INSERT OR IGNORE INTO sync_applied(origin, seq) VALUES (?1, 0)";
	char now[32];
	sync_now(now);
	db_capture_pause(db);
	qd_rc rc = db_write_begin(db);
	if (rc) {
		db_capture_resume(db);
		return rc;
	}
	sqlite3_stmt *st = db_stmt(db, forget_sql);
	rc = !st ? db_errcode(db) : db_bind(db, st, db_int(device_id));
	if (!rc)
		rc = db_run(db, st);
	st = rc ? NULL : db_stmt(db, sql);
	if (!rc)
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(device_id), db_text(name), db_id_or_null(rep_id),
				   db_id_or_null(parent_id), db_text(now));
	if (!rc)
		rc = db_run(db, st);
	st = rc ? NULL : db_stmt(db, applied_sql);
	if (!rc)
		rc = !st ? db_errcode(db) : db_bind(db, st, db_int(device_id));
	if (!rc)
		rc = db_run(db, st);
	rc = db_write_end(db, rc);
	db_capture_resume(db);
	if (!rc)
		db_set_device_id(db, device_id);
	return rc;
}

qd_rc db_sync_rename(qd_db *db, const char *name)
{
	static const char sql[] = "UPDATE sync_self SET name = ?1 WHERE one = 1";
	if (!name || !*name || text_width(name) > 100 || strlen(name) > 100)
		return db_fail(db, DB_INVALID, 0, _("A device name needs 1 to 100 characters."));
	db_capture_pause(db);
	qd_rc rc = db_write_begin(db);
	if (!rc) {
		sqlite3_stmt *st = db_stmt(db, sql);
		rc = !st ? db_errcode(db) : db_bind(db, st, db_text(name));
		if (!rc)
			rc = db_run(db, st);
		rc = db_write_end(db, rc);
	}
	db_capture_resume(db);
	return rc;
}

/* ---- the change clock ----------------------------------------------------------- */

qd_rc sync_clock_tick(qd_db *db, char at[32])
{
	static const char get_sql[] = "SELECT clock FROM sync_self WHERE one = 1";
	static const char set_sql[] = "UPDATE sync_self SET clock = ?1 WHERE one = 1";
	sync_now(at);
	sqlite3_stmt *st = db_stmt(db, get_sql);
	if (!st)
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the device"));
	if (r < 0)
		return db_errcode(db);
	if (r > 0) {
		int64_t last = sync_time_ms((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if (last >= sync_time_ms(at))
			sync_time_text(last + 1, at);
	}
	st = db_stmt(db, set_sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_text(at));
	return rc ? rc : db_run(db, st);
}

qd_rc sync_clock_seen(qd_db *db, const char *at)
{
	static const char sql[] = "UPDATE sync_self SET clock = ?1 WHERE one = 1 AND clock < ?1";
	if (!sync_time_ms(at))
		return DB_OK;
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_text(at));
	return rc ? rc : db_run(db, st);
}

/* ---- recording local writes ------------------------------------------------- */

struct sync_capture {
	sqlite3_session *s;
};

struct sync_capture *sync_capture_start(qd_db *db)
{
	if (!db_device_id(db) || db_capture_paused(db) || db_readonly(db))
		return NULL;
	sqlite3_session *s;
	if (sqlite3session_create(db_handle(db), "main", &s) != SQLITE_OK)
		return NULL;
	for (int i = 0; sync_table_names[i]; i++)
		if (sqlite3session_attach(s, sync_table_names[i]) != SQLITE_OK) {
			sqlite3session_delete(s);
			return NULL;
		}
	struct sync_capture *c = xcalloc(1, sizeof *c);
	c->s = s;
	return c;
}

void sync_capture_enable(struct sync_capture *c, bool on)
{
	if (c)
		sqlite3session_enable(c->s, on);
}

void sync_capture_free(struct sync_capture *c)
{
	if (!c)
		return;
	sqlite3session_delete(c->s);
	free(c);
}

/* Drops the changes to settings that belong to this database alone; the
 * rest are re-encoded as they were into out (NULL: only counted, *dropped
 * saying whether any would be). Returns the number of changes kept. */
static int sync_drop_local(qd_db *db, const struct sync_schema *s, const void *p, int n,
			   struct cs_buf *out, bool *dropped, bool *updates)
{
	sqlite3_changeset_iter *it;
	*dropped = *updates = false;
	if (sqlite3changeset_start(&it, n, (void *)p) != SQLITE_OK)
		return -1;
	const char *last = NULL;
	int kept = 0;
	while (sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, indirect;
		sqlite3changeset_op(it, &tab, &ncol, &op, &indirect);
		int ti = sync_table_index(s, tab);
		if (ti < 0 || ncol != s->t[ti].ncol)
			continue;
		const struct sync_table *t = &s->t[ti];
		*updates |= op == SQLITE_UPDATE;
		sqlite3_value *old[ncol], *new[ncol];
		for (int i = 0; i < ncol; i++) {
			old[i] = new[i] = NULL;
			if (op != SQLITE_INSERT)
				sqlite3changeset_old(it, i, &old[i]);
			if (op != SQLITE_DELETE)
				sqlite3changeset_new(it, i, &new[i]);
		}
		if (!strcmp(tab, "settings")) {
			int nc = -1;
			for (int c = 0; c < ncol; c++)
				if (!strcmp(t->cols[c], "name"))
					nc = c;
			sqlite3_value *v = nc < 0 ? NULL : (new[nc] ? new[nc] : old[nc]);
			bool local = v && sync_local_setting((const char *)sqlite3_value_text(v));
			if (!v && op == SQLITE_UPDATE) {
				/* An update that keeps the name carries only the key:
				 * the name is the row's. */
				static const char name_sql[] =
					"SELECT name FROM settings WHERE id = ?1";
				sqlite3_stmt *st = db_stmt(db, name_sql);
				if (st && !db_bind(db, st, db_int(sqlite3_value_int64(old[0]))) &&
				    db_step(db, st, "") > 0) {
					local = sync_local_setting(
						(const char *)sqlite3_column_text(st, 0));
					sqlite3_reset(st);
				}
			}
			if (local) {
				*dropped = true;
				continue;
			}
		}
		if (out && last != t->name) {
			cs_table(out, t->name, ncol, t->pk);
			last = t->name;
		}
		if (out)
			cs_change(out, op, indirect, ncol, old, new);
		kept++;
	}
	int rc = sqlite3changeset_finalize(it);
	return rc == SQLITE_OK ? kept : -1;
}

/* Stores the time of every field the changeset changed (updates only: a
 * field a row was made with has no time of its own). */
static qd_rc sync_clock_local(qd_db *db, const struct sync_schema *s, const void *p, int n,
			      const char *at, int64_t device)
{
	static const char sql[] =
		"INSERT INTO sync_clock(tbl, key, col, at, device) VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT(tbl, key, col) DO UPDATE SET at = excluded.at,"
		" device = excluded.device";
	sqlite3_changeset_iter *it;
	if (sqlite3changeset_start(&it, n, (void *)p) != SQLITE_OK)
		return db_fail(db, DB_ERROR, 0,
			       _("Internal error: a recorded change is unreadable."));
	qd_rc rc = DB_OK;
	while (rc == DB_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, indirect;
		sqlite3changeset_op(it, &tab, &ncol, &op, &indirect);
		int ti = sync_table_index(s, tab);
		if (op != SQLITE_UPDATE || ti < 0)
			continue;
		const struct sync_table *t = &s->t[ti];
		sqlite3_value *old[ncol];
		for (int i = 0; i < ncol; i++)
			sqlite3changeset_old(it, i, &old[i]);
		char *key = sync_key(t, old);
		for (int c = 0; c < ncol && rc == DB_OK; c++) {
			sqlite3_value *v = NULL;
			sqlite3changeset_new(it, c, &v);
			if (!v || t->pk[c] || t->derived[c])
				continue;
			sqlite3_stmt *st = db_stmt(db, sql);
			rc = !st ? db_errcode(db)
				 : db_bind(db, st, db_text(t->name), db_text(key),
					   db_text(t->cols[c]), db_text(at), db_int(device));
			if (!rc)
				rc = db_run(db, st);
		}
		free(key);
	}
	sqlite3changeset_finalize(it);
	return rc;
}

/* Appends a changeset to the log as this device's next change. */
qd_rc sync_log_append(qd_db *db, const char *at, const char *by, int changes, const void *p, int n)
{
	static const char seq_sql[] = "SELECT seq FROM sync_applied WHERE origin = ?1";
	static const char log_sql[] =
		"INSERT INTO sync_log(origin, seq, at, by, changes, changeset)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	static const char applied_sql[] = "INSERT INTO sync_applied(origin, seq) VALUES (?1, ?2)"
					  " ON CONFLICT(origin) DO UPDATE SET seq = excluded.seq";
	int64_t self = db_device_id(db), seq = 0;
	sqlite3_stmt *st = db_stmt(db, seq_sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(self));
	if (!rc)
		rc = db_int_of(db, st, &seq, NULL);
	seq++;
	st = rc ? NULL : db_stmt(db, log_sql);
	if (!rc)
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(self), db_int(seq), db_text(at), db_text(by),
				   db_int(changes));
	if (!rc && sqlite3_bind_blob(st, 6, p, n, SQLITE_TRANSIENT) != SQLITE_OK)
		rc = db_fail_sqlite(db, _("Could not record the change for sync"));
	if (!rc)
		rc = db_run(db, st);
	st = rc ? NULL : db_stmt(db, applied_sql);
	if (!rc)
		rc = !st ? db_errcode(db) : db_bind(db, st, db_int(self), db_int(seq));
	if (!rc)
		rc = db_run(db, st);
	return rc;
}

qd_rc sync_capture_finish(qd_db *db, struct sync_capture *c)
{
	int n = 0;
	void *p = NULL;
	if (sqlite3session_isempty(c->s))
		return DB_OK;
	if (sqlite3session_changeset(c->s, &n, &p) != SQLITE_OK)
		return db_fail(db, DB_ERROR, 0,
			       _("The change could not be recorded for sync; nothing was saved."));
	if (n == 0) {
		sqlite3_free(p);
		return DB_OK;
	}
	const struct sync_schema *s = sync_schema(db);
	if (!s) {
		sqlite3_free(p);
		return db_errcode(db);
	}
	struct cs_buf kept = { 0 };
	bool dropped, updates;
	/* Counted first: a change that touches no setting of this database
	 * alone (nearly all) is logged as SQLite made it, not encoded again. */
	int changes = sync_drop_local(db, s, p, n, NULL, &dropped, &updates);
	if (changes >= 0 && dropped)
		changes = sync_drop_local(db, s, p, n, &kept, &dropped, &updates);
	qd_rc rc = DB_OK;
	if (changes < 0)
		rc = db_fail(db, DB_ERROR, 0,
			     _("The change could not be recorded for sync; nothing was saved."));
	const void *cs = dropped ? (const void *)kept.p : p;
	int csn = dropped ? (int)kept.n : n;
	if (!rc && changes > 0) {
		char at[32];
		rc = sync_clock_tick(db, at);
		/* (Only updates have field times: an import of new rows has
		 * none to store.) */
		if (!rc && updates)
			rc = sync_clock_local(db, s, cs, csn, at, db_device_id(db));
		if (!rc)
			rc = sync_log_append(db, at, db_user(db), changes, cs, csn);
	}
	cs_buf_free(&kept);
	sqlite3_free(p);
	return rc;
}

/* ---- what the status shows -------------------------------------------------- */

qd_rc db_sync_device(qd_db *db, struct sync_device *out)
{
	static const char sql[] =
		"SELECT s.device_id, s.name, s.rep_id, s.parent_id, r.code, r.name,"
		" (SELECT name FROM sync_devices WHERE device_id = s.parent_id)"
		" FROM sync_self s LEFT JOIN reps r ON r.id = s.rep_id WHERE s.one = 1";
	memset(out, 0, sizeof *out);
	if (!sync_has_tables(db))
		return DB_OK;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the device"));
	if (r <= 0)
		return r < 0 ? db_errcode(db) : DB_OK;
	out->id = sqlite3_column_int64(st, 0);
	snprintf(out->name, sizeof out->name, "%s", (const char *)sqlite3_column_text(st, 1));
	out->rep_id = sqlite3_column_int64(st, 2);
	out->parent_id = sqlite3_column_int64(st, 3);
	if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		snprintf(out->rep_code, sizeof out->rep_code, "%s",
			 (const char *)sqlite3_column_text(st, 4));
	if (sqlite3_column_type(st, 5) != SQLITE_NULL)
		snprintf(out->rep_name, sizeof out->rep_name, "%s",
			 (const char *)sqlite3_column_text(st, 5));
	if (sqlite3_column_type(st, 6) != SQLITE_NULL)
		snprintf(out->parent_name, sizeof out->parent_name, "%s",
			 (const char *)sqlite3_column_text(st, 6));
	sqlite3_reset(st);
	return DB_OK;
}

qd_rc db_sync_counts(qd_db *db, int64_t *unsent, int64_t *open)
{
	/* Unsent: this device's changes some peer has not acknowledged (with
	 * no peer yet, none: there is nobody to send them to), counted as a
	 * bundle counts them: rows changed, not transactions. */
	/* The most any one peer lacks is what lies after the least any peer
	 * acknowledged. With the conflicts still open: one statement, for the
	 * status bar of the first frame and of every frame after a change. */
	static const char sql[] =
		"SELECT (SELECT coalesce(sum(changes), 0) FROM sync_log WHERE origin = ?1"
		"  AND seq > (SELECT min(coalesce(k.seq, 0)) FROM sync_devices d"
		"    LEFT JOIN sync_acks k ON k.peer = d.device_id AND k.origin = ?1"
		"    WHERE d.peer = 1)),"
		" (SELECT count(*) FROM sync_conflicts WHERE state = 'open' AND kind <> 'held')";
	*unsent = *open = 0;
	if (!sync_has_tables(db))
		return DB_OK;
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(db_device_id(db)));
	if (rc)
		return rc;
	int r = db_step(db, st, N_("Could not read the sync status"));
	if (r > 0) {
		*unsent = sqlite3_column_int64(st, 0);
		*open = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

qd_rc db_sync_peers(qd_db *db, struct sync_peer **out, int *n)
{
	static const char sql[] =
		"SELECT d.device_id, d.name, r.code, d.provisioned_at, d.last_export_at,"
		" d.last_export_changes, d.last_import_at, d.last_import_changes,"
		" (SELECT coalesce(sum(l.changes), 0) FROM sync_log l WHERE l.origin = ?1"
		"   AND l.seq > coalesce((SELECT seq FROM sync_acks k"
		"     WHERE k.peer = d.device_id AND k.origin = ?1), 0))"
		" FROM sync_devices d LEFT JOIN reps r ON r.id = d.rep_id"
		" WHERE d.peer = 1 ORDER BY d.name, d.device_id";
	*out = NULL;
	*n = 0;
	if (!sync_has_tables(db))
		return DB_OK;
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(db_device_id(db)));
	if (rc)
		return rc;
	int r, cap = 0;
	while ((r = db_step(db, st, N_("Could not read the sync peers"))) > 0) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct sync_peer *p = &(*out)[(*n)++];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(st, 0);
		snprintf(p->name, sizeof p->name, "%s", (const char *)sqlite3_column_text(st, 1));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			snprintf(p->rep_code, sizeof p->rep_code, "%s",
				 (const char *)sqlite3_column_text(st, 2));
#define PEER_TEXT(i, f)                                \
	if (sqlite3_column_type(st, i) != SQLITE_NULL) \
	snprintf(p->f, sizeof p->f, "%s", (const char *)sqlite3_column_text(st, i))
		PEER_TEXT(3, provisioned_at);
		PEER_TEXT(4, last_export_at);
		PEER_TEXT(6, last_import_at);
#undef PEER_TEXT
		p->last_export_changes = sqlite3_column_int64(st, 5);
		p->last_import_changes = sqlite3_column_int64(st, 7);
		p->unsent = sqlite3_column_int64(st, 8);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

void db_sync_device_id_text(int64_t id, char buf[17])
{
	snprintf(buf, 17, "%016llx", (unsigned long long)id);
}
