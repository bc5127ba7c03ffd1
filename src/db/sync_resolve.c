/* Sync, part three: settling a conflict. Keeping mine, keeping theirs or an
 * edited version is a change made here, recorded and sent like any other,
 * so every device ends with the same row:
 *   - a field where the later change won: choosing the other version
 *     writes it again (now the latest); choosing the winner only marks the
 *     conflict reviewed;
 *   - theirs waiting (a duplicate code, a forbidden status move): theirs is
 *     written (edited, for a code) with what waited for it; keeping mine
 *     sends mine again as the latest change, or, for a new row of theirs,
 *     a decision to remove it everywhere;
 *   - deleted on one side and changed on the other: a decision (delete, or
 *     keep with the row) that the other side carries out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/date.h"
#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/ledger.h"
#include "qudao/lifecycle.h"
#include "qudao/sync.h"
#include "qudao/validate.h"
#include "qudao/xalloc.h"
#include "sync_internal.h"

struct stored {
	int64_t id, parent, theirs_device;
	enum sync_conflict_kind kind;
	bool open;
	char table[64], key[256], op[8];
	char *fields, *mine, *theirs;
};

static void stored_free(struct stored *s)
{
	free(s->fields);
	free(s->mine);
	free(s->theirs);
}

static char *col_text(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? NULL
		       : xstrdup((const char *)sqlite3_column_text(st, i));
}

static qd_rc stored_read(qd_db *db, int64_t id, struct stored *out)
{
	static const char sql[] =
		"SELECT kind, state, tbl, key, op, fields, mine, theirs,"
		" coalesce(parent_id, 0), theirs_device FROM sync_conflicts WHERE id = ?1";
	static const char *const kinds[] = { "overwritten", "kept",    "unique", "rule",
					     "deleted",	    "missing", "held" };
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	if (rc)
		return rc;
	int r = db_step(db, st, N_("Could not read the conflicts"));
	if (r <= 0)
		return r < 0 ? db_errcode(db)
			     : db_fail(db, DB_NOTFOUND, 0, _("That conflict is not there."));
	out->id = id;
	const char *kind = (const char *)sqlite3_column_text(st, 0);
	out->kind = SYNC_HELD;
	for (int k = 0; k < 7; k++)
		if (!strcmp(kinds[k], kind))
			out->kind = (enum sync_conflict_kind)k;
	out->open = !strcmp((const char *)sqlite3_column_text(st, 1), "open");
	snprintf(out->table, sizeof out->table, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(out->key, sizeof out->key, "%s", (const char *)sqlite3_column_text(st, 3));
	snprintf(out->op, sizeof out->op, "%s", (const char *)sqlite3_column_text(st, 4));
	out->fields = col_text(st, 5);
	out->mine = col_text(st, 6);
	out->theirs = col_text(st, 7);
	out->parent = sqlite3_column_int64(st, 8);
	out->theirs_device = sqlite3_column_int64(st, 9);
	sqlite3_reset(st);
	return DB_OK;
}

/* Whether name is in a JSON array of names, or a key of a JSON object. */
static bool in_fields(qd_db *db, const char *fields, const char *name)
{
	static const char sql[] = "SELECT 1 FROM json_each(?1) WHERE"
				  " CASE json_type(?1) WHEN 'object' THEN key ELSE value END = ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	bool found = false;
	if (st && !db_bind(db, st, db_text(fields ? fields : "[]"), db_text(name)))
		db_int_of(db, st, &(int64_t){ 0 }, &found);
	return found;
}

/* Whether col of table moves only through the lifecycle (a distributor's
 * status and agreement). */
bool sync_col_lifecycle(const char *table, const char *col)
{
	return !strcmp(table, "distributors") &&
	       (!strcmp(col, "status") || !strcmp(col, "agreement_start") ||
		!strcmp(col, "agreement_end"));
}

bool sync_col_computed(const char *table, const char *col)
{
	return !strcmp(table, "orders") && !strcmp(col, "total_fen");
}

/* A distributor's fields edited here follow the form's rules (its credit
 * limit's ceiling too); its status and agreement move only through its
 * lifecycle (with a reason and a line of history), never by typing. NULL,
 * or the msgid of what is wrong. */
static const char *edit_refused(const struct sync_table *t, const char *col, const char *value)
{
	if (sync_col_computed(t->name, col))
		return N_("An order's total is the sum of its lines: it is not edited.");
	/* The ledger's dates as its forms and the import take them: an order
	 * or a payment is not dated after today. */
	static const char *const dated[][2] = { { "orders", "order_date" },
						{ "orders", "ship_date" },
						{ "payments", "paid_on" },
						{ "amounts_due", "due_date" } };
	for (size_t i = 0; i < sizeof dated / sizeof dated[0]; i++) {
		if (strcmp(t->name, dated[i][0]) || strcmp(col, dated[i][1]))
			continue;
		qd_date d;
		if (!*value && !strcmp(col, "ship_date"))
			return NULL;
		if (date_parse(value, &d))
			return N_("Not a date: write it as YYYY-MM-DD, for example 2026-11-27.");
		if (strcmp(col, "due_date") && date_cmp(d, date_today()) > 0)
			return N_("An order or a payment is dated when it happened: not after "
				  "today.");
	}
	/* An order's or an invoice's number, as the forms take it. */
	if ((!strcmp(t->name, "orders") && !strcmp(col, "order_no")) ||
	    (!strcmp(t->name, "amounts_due") && !strcmp(col, "invoice_no"))) {
		bool control = false;
		for (const char *p = value; *p; p++)
			control |= (unsigned char)*p < 0x20 || *p == 0x7f;
		if (!*value || strlen(value) > LEDGER_NUMBER_MAX || control)
			return N_("A number is required: at most 40 characters, letters, digits "
				  "and signs, for example SO-2026-0001.");
	}
	if (strcmp(t->name, "distributors"))
		return NULL;
	if (sync_col_lifecycle(t->name, col))
		return N_("A distributor's status and agreement change only through its "
			  "lifecycle: keep mine or theirs, then change it in the distributor's "
			  "detail.");
	if (!strcmp(col, "code"))
		return validate_code(value);
	if (!strcmp(col, "name"))
		return validate_name(value);
	if (!strcmp(col, "phone"))
		return validate_phone(value);
	if (!strcmp(col, "credit_limit_fen")) {
		char *end;
		long long fen = strtoll(value, &end, 10);
		if (!*value || *end)
			return N_("Not an amount: write yuan with up to two decimals, for example "
				  "50000, 1234.50 or 1.2万.");
		return validate_credit_limit_fen(fen);
	}
	return NULL;
}

/* Theirs, written here (as edited here: in the Sync tab's e already),
 * broke a constraint: why, in words. */
static qd_rc still_breaks(qd_db *db, bool edited)
{
	char why[256];
	snprintf(why, sizeof why, "%s", db_errdetail(db)[0] ? db_errdetail(db) : db_errmsg(db));
	sync_constraint_words(why, sizeof why);
	return db_fail(db, DB_INVALID, 0,
		       edited ? _("Theirs as edited still breaks a rule here. %s Change it again, "
				  "or change yours first.")
			      : _("Theirs still breaks a rule here. %s Edit theirs in the Sync tab "
				  "(e), or change yours first."),
		       why);
}

/* Edited values replace theirs; an edit of a column the table does not
 * have, or one the table's rules refuse, is refused. */
static qd_rc apply_edits(qd_db *db, const struct sync_table *t, sqlite3_value **vals, int nedit,
			 const char *const *names, const char *const *values)
{
	for (int e = 0; e < nedit; e++) {
		int c = -1;
		for (int i = 0; i < t->ncol; i++)
			if (!strcmp(t->cols[i], names[e]))
				c = i;
		if (c < 0 || t->pk[c] || t->derived[c])
			return db_fail(db, DB_INVALID, 0, _("%s cannot be edited here."), names[e]);
		const char *why = edit_refused(t, names[e], values[e]);
		if (why)
			return db_fail(db, DB_INVALID, 0, "%s", _(why));
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db_handle(db), "SELECT ?1", -1, &st, NULL) != SQLITE_OK)
			return db_fail_sqlite(db, _("Could not save"));
		/* Keep the column's type: a number stays a number. */
		bool numeric = vals[c] && sqlite3_value_type(vals[c]) == SQLITE_INTEGER;
		if (numeric) {
			char *end;
			long long v = strtoll(values[e], &end, 10);
			if (*values[e] && !*end)
				sqlite3_bind_int64(st, 1, v);
			else
				sqlite3_bind_text(st, 1, values[e], -1, SQLITE_TRANSIENT);
		} else {
			sqlite3_bind_text(st, 1, values[e], -1, SQLITE_TRANSIENT);
		}
		if (sqlite3_step(st) == SQLITE_ROW) {
			sqlite3_value_free(vals[c]);
			vals[c] = sqlite3_value_dup(sqlite3_column_value(st, 0));
		}
		sqlite3_finalize(st);
	}
	return DB_OK;
}

/* Runs an INSERT of every defined value, or an UPDATE of the defined
 * non-key values, as this device's change. */
static qd_rc write_row(qd_db *db, const struct sync_table *t, sqlite3_value **vals, bool insert)
{
	size_t cap = 256 + (size_t)t->ncol * 64;
	char *sql = xmalloc(cap);
	size_t u = 0;
	int nb = 0;
	int order[t->ncol];
	if (insert) {
		u += (size_t)snprintf(sql + u, cap - u, "INSERT INTO \"%s\"(", t->name);
		for (int c = 0; c < t->ncol; c++)
			if (vals[c]) {
				u += (size_t)snprintf(sql + u, cap - u, "%s\"%s\"", nb ? ", " : "",
						      t->cols[c]);
				order[nb++] = c;
			}
		u += (size_t)snprintf(sql + u, cap - u, ") VALUES (");
		for (int i = 0; i < nb; i++)
			u += (size_t)snprintf(sql + u, cap - u, "%s?%d", i ? ", " : "", i + 1);
		snprintf(sql + u, cap - u, ")");
	} else {
		u += (size_t)snprintf(sql + u, cap - u, "UPDATE \"%s\" SET ", t->name);
		for (int c = 0; c < t->ncol; c++)
			if (vals[c] && !t->pk[c] && !t->derived[c]) {
				u += (size_t)snprintf(sql + u, cap - u, "%s\"%s\" = ?%d",
						      nb ? ", " : "", t->cols[c], nb + 1);
				order[nb++] = c;
			}
		if (t->version_col >= 0)
			u += (size_t)snprintf(sql + u, cap - u, "%sversion = version + 1",
					      nb ? ", " : "");
		u += (size_t)snprintf(sql + u, cap - u, " WHERE ");
		int k = nb, first = 1;
		for (int c = 0; c < t->ncol; c++)
			if (t->pk[c]) {
				u += (size_t)snprintf(sql + u, cap - u, "%s\"%s\" = ?%d",
						      first ? "" : " AND ", t->cols[c], ++k);
				first = 0;
			}
		if (nb == 0) {
			free(sql);
			return DB_OK;
		}
		for (int c = 0; c < t->ncol; c++)
			if (t->pk[c])
				order[nb++] = c;
	}
	/* A number another row has in another case, new or changed to. */
	char taken[128];
	int clash = 0;
	for (int c = 0; c < t->ncol && !clash; c++)
		if (!t->pk[c])
			clash = sync_number_taken(db, t, c, vals[c],
						  insert ? NULL : vals[sync_pk_col(t)], taken,
						  sizeof taken);
	if (clash) {
		free(sql);
		/* (Said in words by still_breaks, as SQLite's own refusal.) */
		return clash < 0 ? db_errcode(db) : db_fail(db, DB_DUPLICATE, 0, "%s", taken);
	}
	sqlite3_stmt *st;
	qd_rc rc = DB_OK;
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
		free(sql);
		return db_fail_sqlite(db, _("Could not save"));
	}
	free(sql);
	for (int i = 0; i < nb; i++)
		sqlite3_bind_value(st, i + 1, vals[order[i]]);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail_sqlite(db, _("Could not save"));
	else if (!insert && sqlite3_changes(db_handle(db)) == 0)
		rc = db_fail(db, DB_NOTFOUND, 0,
			     _("The row is no longer here; nothing was changed."));
	sqlite3_finalize(st);
	return rc;
}

/* A distributor of theirs, added here by a decision, still belongs to the
 * device it was made on. */
static qd_rc note_origin(qd_db *db, const struct sync_table *t, sqlite3_value **vals,
			 int64_t device)
{
	static const char sql[] =
		"INSERT OR IGNORE INTO sync_origin(distributor_id, device) VALUES (?1, ?2)";
	if (strcmp(t->name, "distributors"))
		return DB_OK;
	for (int c = 0; c < t->ncol; c++)
		if (t->pk[c] && vals[c]) {
			sqlite3_stmt *st = db_stmt(db, sql);
			qd_rc rc = !st ? db_errcode(db)
				       : db_bind(db, st, db_int(sqlite3_value_int64(vals[c])),
						 db_int(device));
			return rc ? rc : db_run(db, st);
		}
	return DB_OK;
}

/* After writing a distributor or a rep: their keys and the index. */
static qd_rc rekey(qd_db *db, const struct sync_table *t, sqlite3_value **vals, bool inserted,
		   const char *indexed)
{
	int pk = -1;
	for (int c = 0; c < t->ncol; c++)
		if (t->pk[c])
			pk = c;
	if (pk < 0 || !vals[pk])
		return DB_OK;
	if (!strcmp(t->name, "distributors"))
		return db_dist_reindex(db, sqlite3_value_int64(vals[pk]),
				       inserted ? NULL : indexed);
	if (!strcmp(t->name, "reps"))
		return db_rep_rekey(db, sqlite3_value_int64(vals[pk]));
	return DB_OK;
}

/* The search key the index holds for a distributor, before it changes. */
static char *indexed_key(qd_db *db, const struct sync_table *t, sqlite3_value **vals)
{
	if (strcmp(t->name, "distributors"))
		return NULL;
	for (int c = 0; c < t->ncol; c++)
		if (t->pk[c] && vals[c]) {
			static const char sql[] =
				"SELECT search_key FROM distributors WHERE id = ?1";
			sqlite3_stmt *st = db_stmt(db, sql);
			if (!st || db_bind(db, st, db_int(sqlite3_value_int64(vals[c]))))
				return NULL;
			if (db_step(db, st, "") > 0) {
				char *k = xstrdup((const char *)sqlite3_column_text(st, 0));
				sqlite3_reset(st);
				return k;
			}
		}
	return NULL;
}

/* Writes theirs here as this device's change, a new row (insert) made on
 * device or a change of one: a broken rule said in words (edited: as
 * edited in the Sync tab), the keys and index of a distributor or rep
 * made again, a new distributor's origin kept. */
static qd_rc take_row(qd_db *db, const struct sync_table *t, sqlite3_value **vals, bool insert,
		      int64_t device, bool edited)
{
	char *indexed = insert ? NULL : indexed_key(db, t, vals);
	qd_rc rc = write_row(db, t, vals, insert);
	if (rc == DB_INVALID || rc == DB_DUPLICATE)
		rc = still_breaks(db, edited);
	if (!rc)
		rc = rekey(db, t, vals, insert, indexed);
	if (!rc && insert)
		rc = note_origin(db, t, vals, device);
	free(indexed);
	return rc;
}

/* Sends mine again as this device's latest change of those fields: an
 * update whose old and new values are mine. The other side takes it as the
 * later change. */
static sqlite3_stmt *rows_where(qd_db *db, const struct sync_table *t, const char *col, int64_t v);
static int row_now(qd_db *db, const struct sync_table *t, const char *key, sqlite3_value **vals);
static void row_free_vals(const struct sync_table *t, sqlite3_value **vals);

static qd_rc reassert(qd_db *db, const struct sync_table *t, sqlite3_value **mine,
		      const char *fields)
{
	sqlite3_value *old[t->ncol], *new[t->ncol];
	int n = 0;
	for (int c = 0; c < t->ncol; c++) {
		old[c] = new[c] = NULL;
		if (t->pk[c]) {
			old[c] = mine[c];
		} else if (mine[c] && !t->derived[c] && in_fields(db, fields, t->cols[c])) {
			old[c] = new[c] = mine[c];
			n++;
		}
	}
	if (n == 0)
		return DB_OK;
	/* When the row was last changed, as it stands here, goes with it:
	 * the change that lost may have moved it on the other side, and
	 * nothing else would bring the two back together. */
	char *key = sync_key(t, mine);
	sqlite3_value *now[t->ncol];
	int here = row_now(db, t, key, now);
	for (int c = 0; c < t->ncol && here > 0; c++)
		if (now[c] && !new[c] && !t->derived[c] && !strcmp(t->cols[c], "updated_at"))
			old[c] = new[c] = now[c];
	struct cs_buf b = { 0 };
	cs_table(&b, t->name, t->ncol, t->pk);
	cs_change(&b, SQLITE_UPDATE, 0, t->ncol, old, new);
	char at[32];
	qd_rc rc = sync_clock_tick(db, at);
	if (rc) {
		cs_buf_free(&b);
		row_free_vals(t, now);
		free(key);
		return rc;
	}
	static const char clock_sql[] =
		"INSERT INTO sync_clock(tbl, key, col, at, device) VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT(tbl, key, col) DO UPDATE SET at = excluded.at,"
		" device = excluded.device";
	for (int c = 0; c < t->ncol && !rc; c++) {
		if (!new[c])
			continue;
		sqlite3_stmt *st = db_stmt(db, clock_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_text(t->name), db_text(key), db_text(t->cols[c]),
				   db_text(at), db_int(db_device_id(db)));
		if (!rc)
			rc = db_run(db, st);
	}
	if (!rc)
		rc = sync_log_append(db, at, db_user(db), 1, b.p, (int)b.n);
	free(key);
	cs_buf_free(&b);
	row_free_vals(t, now);
	return rc;
}

/* A decision that travels: delete the row everywhere, or keep it (with
 * its values, for a side that no longer has it). */
static qd_rc decide(qd_db *db, const char *table, const char *key, const char *decision,
		    const char *row)
{
	static const char sql[] = "INSERT INTO sync_decisions(id, tbl, key, decision, row,"
				  " decided_at, decided_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	char now[32];
	sync_now(now);
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc =
		!st ? db_errcode(db)
		    : db_bind(db, st, db_int(ids_new()), db_text(table), db_text(key),
			      db_text(decision), db_text(row), db_text(now), db_text(db_user(db)));
	return rc ? rc : db_run(db, st);
}

static qd_rc mark(qd_db *db, int64_t id, const char *resolution)
{
	static const char sql[] =
		"UPDATE sync_conflicts SET state = 'resolved', resolution = ?2, resolved_at = ?3,"
		" resolved_by = ?4 WHERE id = ?1";
	char now[32];
	sync_now(now);
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db)
		       : db_bind(db, st, db_int(id), db_text(resolution), db_text(now),
				 db_text(db_user(db)));
	return rc ? rc : db_run(db, st);
}

/* The conflicts waiting for this one. */
static qd_rc children(qd_db *db, int64_t id, int64_t **out, int *n)
{
	static const char sql[] =
		"SELECT id FROM sync_conflicts WHERE parent_id = ?1 AND state = 'open' ORDER BY id";
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	int r, cap = 0;
	while (!rc && (r = db_step(db, st, N_("Could not read the conflicts"))) > 0) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		(*out)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	return rc ? rc : (r < 0 ? db_errcode(db) : DB_OK);
}

static qd_rc settle(qd_db *db, int64_t id, enum sync_choice choice, int nedit,
		    const char *const *names, const char *const *values, int depth);

/* Adds the label of table (translated) to kinds, a list said in words. */
static void kinds_add(char *kinds, size_t size, const char *table)
{
	if (!kinds || !size)
		return;
	size_t n = strlen(kinds);
	/* TRANSLATORS: between the kinds of records in a list ("order, visit"). */
	const char *sep = n ? _(", ") : "", *label = _(sync_table_label(table));
	/* (Whole or not at all: a character is never cut.) */
	if (n + strlen(sep) + strlen(label) < size)
		snprintf(kinds + n, size - n, "%s%s", sep, label);
}

qd_rc sync_dist_has_records(qd_db *db, int64_t id, bool *has, char *kinds, size_t size)
{
	*has = false;
	if (kinds && size)
		kinds[0] = '\0';
	const struct sync_schema *s = sync_schema(db);
	if (!s)
		return db_errcode(db);
	int di = sync_table_index(s, "distributors");
	struct cs_buf q = { 0 };
	cs_put(&q, "SELECT NULL WHERE 0", 19);
	for (int i = 0; i < s->n; i++) {
		int col = sync_is_part(s->t[i].name) ? -1 : sync_fk_col(s, &s->t[i], di);
		if (col < 0)
			continue;
		char *x = xasprintf(" UNION ALL SELECT '%s' WHERE EXISTS"
				    " (SELECT 1 FROM \"%s\" WHERE \"%s\" = ?1)",
				    s->t[i].name, s->t[i].name, s->t[i].cols[col]);
		cs_put(&q, x, strlen(x));
		free(x);
	}
	cs_put(&q, "", 1);
	sqlite3_stmt *st;
	qd_rc rc = DB_OK;
	if (sqlite3_prepare_v2(db_handle(db), (const char *)q.p, -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail_sqlite(db, _("Could not read the record"));
	} else {
		sqlite3_bind_int64(st, 1, id);
		int r;
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			*has = true;
			kinds_add(kinds, size, (const char *)sqlite3_column_text(st, 0));
		}
		if (r != SQLITE_DONE)
			rc = db_fail_sqlite(db, _("Could not read the record"));
		sqlite3_finalize(st);
	}
	cs_buf_free(&q);
	return rc;
}

qd_rc sync_records_waiting(qd_db *db, int64_t id, int64_t *n, char *kinds, size_t size)
{
	static const char sql[] =
		"SELECT tbl, count(*) FROM sync_conflicts"
		" WHERE parent_id = ?1 AND state = 'open' GROUP BY tbl ORDER BY tbl";
	*n = 0;
	if (kinds && size)
		kinds[0] = '\0';
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	int r = 0;
	while (!rc && (r = db_step(db, st, N_("Could not read the conflicts"))) > 0) {
		const char *tbl = (const char *)sqlite3_column_text(st, 0);
		if (sync_is_part(tbl))
			continue;
		*n += sqlite3_column_int64(st, 1);
		kinds_add(kinds, size, tbl);
	}
	return rc ? rc : r < 0 ? db_errcode(db) : DB_OK;
}

void sync_refusal_mine(char *buf, size_t size, int64_t n, const char *kinds)
{
	snprintf(buf, size,
		 ngettext("Theirs has %d record waiting with it (%s): keeping yours would delete "
			  "it on every device. Edit theirs instead (another code or number), and "
			  "both are kept.",
			  "Theirs has %d records waiting with it (%s): keeping yours would delete "
			  "them on every device. Edit theirs instead (another code or number), and "
			  "both are kept.",
			  (unsigned long)n),
		 (int)n, kinds);
}

void sync_refusal_theirs(char *buf, size_t size, const char *kinds)
{
	snprintf(buf, size,
		 _("Its records here (%s) would be deleted with it: keep it (m), or delete them "
		   "first."),
		 kinds);
}

/* Row key of t as it is here, as JSON, with its parts (an order's lines)
 * under "$parts" as [{"tbl": …, "row": {…}}]: a decision keeping it brings
 * it whole to a side that no longer has it. fallback (the conflict's
 * version) when the row is not here. NULL, the error in db, on a failure
 * to read. */
static char *keep_json(qd_db *db, const struct sync_table *t, const char *key, const char *fallback)
{
	sqlite3_value *now[t->ncol];
	int found = row_now(db, t, key, now);
	if (found <= 0) {
		row_free_vals(t, now);
		return found < 0 ? NULL : xstrdup(fallback ? fallback : "{}");
	}
	char *row = sync_json_row(t, now);
	row_free_vals(t, now);
	const struct sync_schema *s = sync_schema(db);
	int ti = sync_table_index(s, t->name);
	struct cs_buf b = { 0 };
	cs_put(&b, row, strlen(row) - 1);
	int nparts = 0;
	bool failed = false;
	for (int i = 0; i < s->n && !failed; i++) {
		const struct sync_table *p = &s->t[i];
		int fk = sync_is_part(p->name) ? sync_fk_col(s, p, ti) : -1;
		if (fk >= 0) {
			sqlite3_stmt *st = rows_where(db, p, p->cols[fk], strtoll(key, NULL, 10));
			if (!st) {
				failed = true;
			} else {
				int r;
				while ((r = sqlite3_step(st)) == SQLITE_ROW) {
					sqlite3_value *v[p->ncol];
					for (int c = 0; c < p->ncol; c++)
						v[c] = sqlite3_column_value(st, c);
					char *pr = sync_json_row(p, v);
					char *item = xasprintf("%s{\"tbl\":\"%s\",\"row\":%s}",
							       nparts++ ? "," : ",\"$parts\":[",
							       p->name, pr);
					cs_put(&b, item, strlen(item));
					free(item);
					free(pr);
				}
				failed = r != SQLITE_DONE;
				if (failed)
					db_fail_sqlite(db, _("Could not read the record"));
				sqlite3_finalize(st);
			}
		}
	}
	if (failed) {
		cs_buf_free(&b);
		free(row);
		return NULL;
	}
	cs_put(&b, nparts ? "]}" : "}", nparts ? 3 : 2);
	/* A decision holds at most 100,000 characters (the schema's check):
	 * an order of some six hundred lines and more goes as its header
	 * alone, as before parts were sent. */
	if (b.n > 100000) {
		cs_buf_free(&b);
		return row;
	}
	free(row);
	return (char *)b.p;
}

int sync_discarded_for(qd_db *db, const struct sync_table *t, sqlite3_value **mine, int64_t from,
		       int64_t *id, char **theirs)
{
	/* (Not mine itself: a record once discarded here and back since. The
	 * deciding device's own: another's, discarded too, it gave up.) */
	static const char sql[] =
		"SELECT id, theirs FROM sync_conflicts WHERE tbl = ?1"
		" AND kind = 'unique' AND op = 'insert' AND state = 'resolved'"
		" AND resolution = 'mine' AND key <> ?4 AND theirs_device = ?5"
		" AND json_extract(theirs, '$.\"' || ?2 || '\"') = ?3 COLLATE NOCASE"
		" ORDER BY id DESC LIMIT 1";
	*id = 0;
	*theirs = NULL;
	int col = sync_unique_col(t);
	if (col < 0 || !mine[col] || sqlite3_value_type(mine[col]) != SQLITE_TEXT)
		return 0;
	char *key = sync_key(t, mine);
	sqlite3_stmt *st = db_stmt(db, sql);
	int r = !st || db_bind(db, st, db_text(t->name), db_text(t->cols[col]),
			       db_text((const char *)sqlite3_value_text(mine[col])), db_text(key),
			       db_int(from))
			? -1
			: db_step(db, st, N_("Could not read the conflicts"));
	free(key);
	if (r > 0) {
		*id = sqlite3_column_int64(st, 0);
		*theirs = xstrdup((const char *)sqlite3_column_text(st, 1));
		sqlite3_reset(st);
	}
	return r;
}

/* The parents of a new row of t (vals) that are not here: for each, 1 when
 * want is 0 (any missing), or when it was discarded here (want 1); 0, -1
 * on a failure to read. */
static int parent_absent(qd_db *db, const struct sync_table *t, sqlite3_value **vals, int want);

int sync_parent_missing(qd_db *db, const struct sync_table *t, sqlite3_value **vals)
{
	return parent_absent(db, t, vals, 0);
}

int sync_parent_discarded(qd_db *db, const struct sync_table *t, sqlite3_value **vals)
{
	return parent_absent(db, t, vals, 1);
}

static int parent_absent(qd_db *db, const struct sync_table *t, sqlite3_value **vals, int want)
{
	static const char sql[] =
		"SELECT 1 FROM sync_conflicts WHERE tbl = ?1 AND key = ?2 AND kind = 'unique'"
		" AND op = 'insert' AND (state = 'open' OR resolution = 'mine')";
	const struct sync_schema *s = sync_schema(db);
	if (!s)
		return -1;
	for (int f = 0; f < t->nfk; f++) {
		sqlite3_value *v = vals[t->fks[f].col];
		const struct sync_table *p = &s->t[t->fks[f].parent];
		if (!v || sqlite3_value_type(v) != SQLITE_INTEGER || !p->pk[t->fks[f].parent_col])
			continue;
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)sqlite3_value_int64(v));
		sqlite3_value *here[p->ncol];
		int found = row_now(db, p, key, here);
		row_free_vals(p, here);
		if (found < 0)
			return -1;
		if (found)
			continue;
		if (!want)
			return 1;
		sqlite3_stmt *st = db_stmt(db, sql);
		int64_t one;
		bool yes = false;
		if (!st || db_bind(db, st, db_text(p->name), db_text(key)) ||
		    db_int_of(db, st, &one, &yes))
			return -1;
		if (yes)
			return 1;
	}
	return 0;
}

/* Their deletion of mine taken, where mine was kept over theirs of the same
 * code or number (each side kept its own, and each decision deleting the
 * other's waits): theirs, discarded here then (json, from conflict
 * discarded), comes back in its place with its parts. Without it both
 * sides, each taking the other's deletion, would end with neither. Its key
 * into *key (to free). */
static qd_rc restore_discarded(qd_db *db, const struct sync_table *t, int64_t discarded,
			       const char *json, int64_t device, char **key)
{
	sqlite3_value *theirs[t->ncol], *here[t->ncol];
	qd_rc rc = sync_json_vals(db, t, json, theirs);
	*key = rc ? NULL : sync_key(t, theirs);
	int found = rc ? 0 : row_now(db, t, *key, here);
	if (!rc && found < 0)
		rc = db_errcode(db);
	if (!rc && found == 0) {
		rc = take_row(db, t, theirs, true, device, false);
		/* Its parts (an order's lines), discarded with it. */
		static const char parts_sql[] =
			"SELECT tbl, theirs FROM sync_conflicts WHERE parent_id = ?1"
			" AND op = 'insert' ORDER BY id";
		sqlite3_stmt *st = rc ? NULL : db_stmt(db, parts_sql);
		if (!rc)
			rc = !st ? db_errcode(db) : db_bind(db, st, db_int(discarded));
		int n = 0, r = 0;
		char **tbls = NULL, **rows = NULL;
		while (!rc && (r = db_step(db, st, N_("Could not read the conflicts"))) > 0) {
			tbls = xrealloc(tbls, (size_t)(n + 1) * sizeof *tbls);
			rows = xrealloc(rows, (size_t)(n + 1) * sizeof *rows);
			tbls[n] = xstrdup((const char *)sqlite3_column_text(st, 0));
			rows[n++] = xstrdup((const char *)sqlite3_column_text(st, 1));
		}
		if (!rc && r < 0)
			rc = db_errcode(db);
		const struct sync_schema *s = sync_schema(db);
		for (int i = 0; i < n; i++) {
			int pi = sync_table_index(s, tbls[i]);
			if (!rc && pi >= 0 && sync_is_part(tbls[i])) {
				const struct sync_table *p = &s->t[pi];
				sqlite3_value *v[p->ncol];
				rc = sync_json_vals(db, p, rows[i], v);
				if (!rc)
					rc = take_row(db, p, v, true, device, false);
				row_free_vals(p, v);
			}
			free(tbls[i]);
			free(rows[i]);
		}
		free(tbls);
		free(rows);
	}
	if (found > 0)
		row_free_vals(t, here);
	row_free_vals(t, theirs);
	return rc;
}

/* What waited for a conflict goes the way it went. */
static qd_rc settle_children(qd_db *db, int64_t id, enum sync_choice choice, int depth)
{
	int64_t *ids;
	int n;
	qd_rc rc = children(db, id, &ids, &n);
	for (int i = 0; i < n && !rc; i++)
		rc = settle(db, ids[i],
			    choice == SYNC_KEEP_MINE ? SYNC_KEEP_MINE : SYNC_KEEP_THEIRS, 0, NULL,
			    NULL, depth + 1);
	free(ids);
	return rc;
}

/* The rows of t whose column col holds v, every column in order, by key:
 * a statement to step and finalize, or NULL with the error in db. */
static sqlite3_stmt *rows_where(qd_db *db, const struct sync_table *t, const char *col, int64_t v)
{
	struct cs_buf q = { 0 };
	cs_put(&q, "SELECT ", 7);
	for (int c = 0; c < t->ncol; c++) {
		char *name = xasprintf("%s\"%s\"", c ? ", " : "", t->cols[c]);
		cs_put(&q, name, strlen(name));
		free(name);
	}
	char *from = xasprintf(" FROM \"%s\" WHERE \"%s\" = ?1 ORDER BY 1", t->name, col);
	cs_put(&q, from, strlen(from) + 1);
	free(from);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_handle(db), (const char *)q.p, -1, &st, NULL) != SQLITE_OK) {
		db_fail_sqlite(db, _("Could not read the record"));
		st = NULL;
	} else {
		sqlite3_bind_int64(st, 1, v);
	}
	cs_buf_free(&q);
	return st;
}

/* The row as it is here now, each column's value copied into vals (all
 * NULL when the row is gone): 1, 0 when it is gone, -1 on error. */
static int row_now(qd_db *db, const struct sync_table *t, const char *key, sqlite3_value **vals)
{
	for (int c = 0; c < t->ncol; c++)
		vals[c] = NULL;
	sqlite3_stmt *st = rows_where(db, t, sync_pk_name(t), strtoll(key, NULL, 10));
	int found = -1;
	if (st) {
		int r = sqlite3_step(st);
		found = r == SQLITE_ROW ? 1 : r == SQLITE_DONE ? 0 : -1;
		for (int c = 0; found > 0 && c < t->ncol; c++)
			vals[c] = sqlite3_value_dup(sqlite3_column_value(st, c));
		if (found < 0)
			db_fail_sqlite(db, _("Could not read the record"));
		sqlite3_finalize(st);
	}
	return found;
}

static void row_free_vals(const struct sync_table *t, sqlite3_value **vals)
{
	for (int c = 0; c < t->ncol; c++)
		sqlite3_value_free(vals[c]);
}

/* Keeps what the row holds (mine where mine won, theirs where theirs won):
 * nothing changes here, and no field is written again, which would win
 * over a later change the other side has not sent yet. The decision
 * travels as one to keep the row as it is now; the other side settles
 * its matching conflict when its row holds the same in the conflict's
 * fields. */
static qd_rc keep_as_is(qd_db *db, const struct sync_table *t, const char *table, const char *key)
{
	sqlite3_value *now[t->ncol];
	int found = row_now(db, t, key, now);
	qd_rc rc = found < 0 ? db_errcode(db) : DB_OK;
	if (found > 0) {
		char *row = sync_json_row(t, now);
		rc = decide(db, table, key, "keep", row);
		free(row);
	}
	row_free_vals(t, now);
	return rc;
}

/* A distributor's status now, for row key of t (a copy to free, into
 * *now), and its column (*col): 1; 0 when t is not the distributors or the
 * row is gone; -1 on an error. */
static int status_now(qd_db *db, const struct sync_table *t, const char *key, int *col, char **now)
{
	*now = NULL;
	*col = strcmp(t->name, "distributors") ? -1 : sync_status_col(t);
	if (*col < 0)
		return 0;
	sqlite3_value *row[t->ncol];
	int found = row_now(db, t, key, row);
	if (found > 0 && row[*col])
		*now = xstrdup((const char *)sqlite3_value_text(row[*col]));
	row_free_vals(t, row);
	return found < 0 ? -1 : *now != NULL;
}

/* A status conflict settled: the history says which status was kept and
 * which move was not applied, so its last line is the status the row holds
 * (the other side's move arrived in it as a line of its own). */
static qd_rc settled_status(qd_db *db, const struct sync_table *t, const char *key,
			    sqlite3_value **mine, sqlite3_value **theirs)
{
	int col;
	char *kept;
	int r = status_now(db, t, key, &col, &kept);
	qd_rc rc = r < 0 ? db_errcode(db) : DB_OK;
	if (r > 0 && mine[col] && theirs[col]) {
		const char *a = (const char *)sqlite3_value_text(mine[col]);
		const char *b = (const char *)sqlite3_value_text(theirs[col]);
		const char *lost = a && strcmp(a, kept) ? a : b;
		if (lost && strcmp(lost, kept))
			rc = db_dist_history_settled(db, strtoll(key, NULL, 10), lost, kept);
	}
	free(kept);
	return rc;
}

/* Writing vals over distributor key's row would change its status: refused
 * when the rules forbid the move from the status it has, else recorded in
 * its history. Nothing for other tables or other fields. */
static qd_rc status_choice(qd_db *db, const struct sync_table *t, const char *key,
			   sqlite3_value **vals)
{
	int col;
	char *from;
	int r = status_now(db, t, key, &col, &from);
	qd_rc rc = r < 0 ? db_errcode(db) : DB_OK;
	const char *to = r > 0 && vals[col] ? (const char *)sqlite3_value_text(vals[col]) : NULL;
	qd_status f, s;
	if (to && strcmp(from, to) && !lifecycle_status_parse(from, &f) &&
	    !lifecycle_status_parse(to, &s)) {
		if (!lifecycle_needs(f, s))
			rc = db_fail(db, DB_INVALID, 0,
				     _("Not settled: this would take the distributor from %s back "
				       "to %s, which the rules do not allow. Keep the status it "
				       "has, or change it in its picture."),
				     _(lifecycle_status_label(f)), _(lifecycle_status_label(s)));
		else
			rc = db_dist_history_settled(db, strtoll(key, NULL, 10), from, to);
	}
	free(from);
	return rc;
}

static qd_rc settle(qd_db *db, int64_t id, enum sync_choice choice, int nedit,
		    const char *const *names, const char *const *values, int depth)
{
	if (depth > 64)
		return db_fail(db, DB_ERROR, 0, _("Internal error: conflicts wait in a circle."));
	struct stored c;
	qd_rc rc = stored_read(db, id, &c);
	if (rc)
		return rc;
	if (!c.open) {
		stored_free(&c);
		return depth ? DB_OK
			     : db_fail(db, DB_INVALID, 0, _("This conflict is already settled."));
	}
	if (c.kind == SYNC_HELD && depth == 0) {
		stored_free(&c);
		return db_fail(db, DB_INVALID, 0,
			       _("This change waits for another conflict; settle that one and it "
				 "follows."));
	}
	const struct sync_schema *s = sync_schema(db);
	int ti = s ? sync_table_index(s, c.table) : -1;
	if (ti < 0) {
		stored_free(&c);
		return s ? db_fail(db, DB_ERROR, 0, _("The conflict names an unknown table."))
			 : db_errcode(db);
	}
	const struct sync_table *t = &s->t[ti];
	sqlite3_value *mine[t->ncol], *theirs[t->ncol];
	for (int i = 0; i < t->ncol; i++)
		mine[i] = theirs[i] = NULL;
	if (c.mine)
		rc = sync_json_vals(db, t, c.mine, mine);
	if (!rc && c.theirs)
		rc = sync_json_vals(db, t, c.theirs, theirs);
	const char *resolution = choice == SYNC_KEEP_MINE     ? "mine"
				 : choice == SYNC_KEEP_THEIRS ? "theirs"
							      : "edited";
	bool insert = !strcmp(c.op, "insert");
	if (!rc && choice == SYNC_EDITED)
		rc = apply_edits(db, t, theirs, nedit, names, values);
	if (rc)
		goto out;
	char *indexed = NULL;
	switch (c.kind) {
	case SYNC_OVERWRITTEN:
	case SYNC_KEPT: {
		/* Only the contested fields: write the chosen version unless it
		 * is what the row holds. */
		bool write = (c.kind == SYNC_OVERWRITTEN && choice == SYNC_KEEP_MINE) ||
			     (c.kind == SYNC_KEPT && choice != SYNC_KEEP_MINE) ||
			     choice == SYNC_EDITED;
		if (!write) {
			rc = keep_as_is(db, t, c.table, c.key);
			break;
		}
		sqlite3_value **src = choice == SYNC_KEEP_MINE ? mine : theirs;
		sqlite3_value *vals[t->ncol];
		for (int i = 0; i < t->ncol; i++)
			vals[i] = t->pk[i] ? (mine[i] ? mine[i] : theirs[i])
				  : (src[i] && in_fields(db, c.fields, t->cols[i])) ? src[i]
										    : NULL;
		/* A distributor's status chosen back is a move like any other:
		 * one the rules forbid (terminated back to suspended) is
		 * refused, one they allow goes into the history. */
		rc = status_choice(db, t, c.key, vals);
		if (rc)
			break;
		indexed = indexed_key(db, t, vals);
		rc = write_row(db, t, vals, false);
		if (!rc)
			rc = rekey(db, t, vals, false, indexed);
		/* The row as it now stands goes as the decision too: the other
		 * side, once the write reaches it, holds the same and settles its
		 * matching conflict (an edit is neither side's version, so no
		 * "mine restored" there would see it). */
		if (!rc)
			rc = keep_as_is(db, t, c.table, c.key);
		break;
	}
	case SYNC_UNIQUE:
	case SYNC_RULE:
	case SYNC_HELD:
		if (choice == SYNC_KEEP_MINE) {
			sqlite3_value *here[t->ncol];
			bool there = insert && c.kind != SYNC_RULE && depth == 0 &&
				     row_now(db, t, c.key, here) > 0;
			if (there) {
				row_free_vals(t, here);
				/* Theirs went in since (it came again and fit): not
				 * wanting it now would delete a record everywhere. */
				rc = db_fail(db, DB_INVALID, 0,
					     _("This record is here already: it arrived after the "
					       "conflict was recorded. Change or delete it as any "
					       "other record."));
			} else if (insert && c.kind != SYNC_RULE) {
				/* Their new row is not wanted: it goes everywhere. Not
				 * while records of theirs wait under it (a distributor's
				 * orders): they would go too, unseen here, and on their
				 * device still refer to it. */
				int64_t nkids = 0;
				char kinds[200], why[400];
				if (depth == 0)
					rc = sync_records_waiting(db, id, &nkids, kinds,
								  sizeof kinds);
				if (!rc && nkids > 0) {
					sync_refusal_mine(why, sizeof why, nkids, kinds);
					rc = db_fail(db, DB_INVALID, 0, "%s", why);
				} else if (!rc && depth == 0)
					rc = decide(db, c.table, c.key, "delete", c.theirs);
			} else {
				/* The fields in question: the forbidden move's,
				 * else every field theirs changed. */
				rc = reassert(db, t, mine,
					      c.kind == SYNC_RULE ? c.fields
								  : (c.theirs ? c.theirs : "{}"));
			}
		} else {
			rc = take_row(db, t, theirs, insert, c.theirs_device,
				      choice == SYNC_EDITED);
		}
		if (!rc)
			rc = settle_children(db, id, choice, depth);
		break;
	case SYNC_DELETED: {
		/* They deleted a row that was changed here. */
		bool has = false;
		char kinds[200];
		if (choice == SYNC_KEEP_MINE) {
			/* With its parts: the other side may have discarded it
			 * with them. */
			char *whole = keep_json(db, t, c.key, c.mine);
			rc = whole ? decide(db, c.table, c.key, "keep", whole) : db_errcode(db);
			free(whole);
		} else if (!strcmp(c.table, "distributors") &&
			   ((rc = sync_dist_has_records(db, strtoll(c.key, NULL, 10), &has, kinds,
							sizeof kinds)) ||
			    has)) {
			/* (Its orders, visits and money would go with it.) */
			if (!rc) {
				char why[400];
				sync_refusal_theirs(why, sizeof why, kinds);
				rc = db_fail(db, DB_INVALID, 0, "%s", why);
			}
		} else {
			/* Each side kept its own over the other's: theirs comes
			 * back. Both writes travel as the decisions alone (delete
			 * mine, keep theirs): where the other side took mine back
			 * meanwhile, mine waits there as a conflict rather than
			 * being deleted by a change, and the two never end each
			 * holding the other's record with nothing to say so. */
			int64_t discarded = 0, device = c.theirs_device;
			char *back = NULL, *back_key = NULL;
			/* (Only for a deletion by a decision: one that crossed a
			 * change here is theirs alone.) */
			int crossed = c.theirs ? 0
					       : sync_discarded_for(db, t, mine, device, &discarded,
								    &back);
			if (crossed < 0)
				rc = db_errcode(db);
			/* Too long to go whole as a decision (an order of some
			 * six hundred lines): the writes travel as changes. */
			bool quiet = crossed > 0;
			if (quiet) {
				static const char size_sql[] =
					"SELECT coalesce(sum(length(theirs) + 40), 0) FROM"
					" sync_conflicts WHERE parent_id = ?1 AND op = 'insert'";
				int64_t size = 0;
				sqlite3_stmt *st = db_stmt(db, size_sql);
				rc = !st ? db_errcode(db) : db_bind(db, st, db_int(discarded));
				if (!rc)
					rc = db_int_of(db, st, &size, NULL);
				quiet = size + (int64_t)strlen(back) < 90000;
			}
			db_capture_quiet(db, quiet);
			indexed = rc ? NULL : indexed_key(db, t, mine);
			char sql[256];
			snprintf(sql, sizeof sql, "DELETE FROM \"%s\" WHERE \"%s\" = ?1", t->name,
				 sync_pk_name(t));
			sqlite3_stmt *st;
			if (rc) {
				/* (said) */
			} else if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) !=
				   SQLITE_OK) {
				rc = db_fail_sqlite(db, _("Could not save"));
			} else {
				sqlite3_bind_int64(st, 1, strtoll(c.key, NULL, 10));
				if (sqlite3_step(st) != SQLITE_DONE)
					rc = db_fail_sqlite(db, _("Could not save"));
				sqlite3_finalize(st);
			}
			if (!rc)
				rc = rekey(db, t, mine, false, indexed);
			if (!rc && crossed > 0)
				rc = restore_discarded(db, t, discarded, back, device, &back_key);
			db_capture_quiet(db, false);
			if (!rc)
				rc = decide(db, c.table, c.key, "delete", NULL);
			if (!rc && back_key) {
				char *whole = keep_json(db, t, back_key, back);
				rc = whole ? decide(db, t->name, back_key, "keep", whole)
					   : db_errcode(db);
				free(whole);
			}
			free(back);
			free(back_key);
		}
		break;
	}
	case SYNC_MISSING: {
		int discarded = choice == SYNC_KEEP_MINE && insert && depth == 0
					? sync_parent_discarded(db, t, theirs)
					: 0;
		if (discarded < 0) {
			rc = db_errcode(db);
		} else if (discarded) {
			/* A new record of theirs (an order for a distributor
			 * discarded here): keeping it out would delete a sale on
			 * the device it was made on. Not so where what it
			 * belongs to is gone on both sides (a visit dropped): m
			 * settles that. */
			rc = db_fail(db, DB_INVALID, 0, "%s", _(sync_missing_refusal));
		} else if (choice == SYNC_KEEP_MINE) {
			rc = decide(db, c.table, c.key, "delete", NULL);
			if (!rc)
				rc = settle_children(db, id, choice, depth);
		} else if (!insert) {
			rc = db_fail(db, DB_INVALID, 0,
				     _("Only the other side has this row whole: decide there, or "
				       "keep it deleted here."));
		} else {
			rc = take_row(db, t, theirs, true, c.theirs_device, false);
			if (!rc)
				rc = settle_children(db, id, choice, depth);
		}
		break;
	}
	}
	free(indexed);
	if (!rc && c.kind == SYNC_RULE)
		rc = settled_status(db, t, c.key, mine, theirs);
	if (!rc)
		rc = mark(db, id, resolution);
out:
	for (int i = 0; i < t->ncol; i++) {
		sqlite3_value_free(mine[i]);
		sqlite3_value_free(theirs[i]);
	}
	stored_free(&c);
	return rc;
}

qd_rc sync_retry_waiting(qd_db *db, int *settled)
{
	static const char sql[] = "SELECT id FROM sync_conflicts WHERE state = 'open'"
				  " AND kind = 'unique' AND op = 'insert' AND parent_id IS NULL"
				  " ORDER BY id";
	static const char elsewhere_sql[] =
		"UPDATE sync_conflicts SET resolution = 'elsewhere' WHERE id = ?1";
	*settled = 0;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return db_errcode(db);
	int64_t *ids = NULL;
	int n = 0, r;
	while ((r = db_step(db, st, N_("Could not read the conflicts"))) > 0) {
		ids = xrealloc(ids, (size_t)(n + 1) * sizeof *ids);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	qd_rc rc = r < 0 ? db_errcode(db) : DB_OK;
	for (int i = 0; i < n && !rc; i++) {
		rc = db_exec(db, "SAVEPOINT sync_retry");
		if (rc)
			break;
		qd_rc tried = settle(db, ids[i], SYNC_KEEP_THEIRS, 0, NULL, NULL, 0);
		if (tried == DB_OK) {
			rc = db_exec(db, "RELEASE sync_retry");
			st = rc ? NULL : db_stmt(db, elsewhere_sql);
			if (!rc)
				rc = !st ? db_errcode(db) : db_bind(db, st, db_int(ids[i]));
			if (!rc)
				rc = db_run(db, st);
			if (!rc)
				(*settled)++;
		} else if (tried == DB_INVALID || tried == DB_DUPLICATE) {
			/* Still clashing: it waits, as it was. */
			rc = db_exec(db, "ROLLBACK TO sync_retry; RELEASE sync_retry");
		} else {
			rc = tried;
		}
	}
	free(ids);
	return rc;
}

qd_rc db_sync_resolve(qd_db *db, int64_t id, enum sync_choice choice, int nedit,
		      const char *const *names, const char *const *values)
{
	qd_rc rc = db_write_begin(db);
	if (rc)
		return rc;
	return db_write_end(db, settle(db, id, choice, nedit, names, values, 0));
}

qd_rc db_sync_accept_all(qd_db *db, int64_t *n)
{
	static const char sql[] =
		"UPDATE sync_conflicts SET state = 'resolved',"
		" resolution = CASE kind WHEN 'kept' THEN 'mine' ELSE 'theirs' END,"
		" resolved_at = ?1, resolved_by = ?2"
		" WHERE state = 'open' AND kind IN ('overwritten','kept')";
	char now[32];
	sync_now(now);
	*n = 0;
	db_capture_pause(db);
	qd_rc rc = db_write_begin(db);
	if (!rc) {
		sqlite3_stmt *st = db_stmt(db, sql);
		rc = !st ? db_errcode(db) : db_bind(db, st, db_text(now), db_text(db_user(db)));
		if (!rc)
			rc = db_run(db, st);
		if (!rc)
			*n = sqlite3_changes(db_handle(db));
		rc = db_write_end(db, rc);
	}
	db_capture_resume(db);
	return rc;
}
