/* What the sync modules share (db/sync*.c, db/changeset.c): the tables that
 * travel, changesets written by hand (a filtered or made-up one), the change
 * times, and the hooks db.c calls around every write. */
#ifndef QUDAO_DB_SYNC_INTERNAL_H
#define QUDAO_DB_SYNC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db_internal.h"

/* ---- the tables that travel ----------------------------------------------- */

/* How a table's rows are scoped to a rep's device. */
enum sync_scope {
	SCOPE_SHARED,	   /* everyone has every row (reference data, settings) */
	SCOPE_DISTRIBUTOR, /* the row belongs to a distributor (distributors by id,
			      others by their distributor_id) */
	SCOPE_PARENT,	   /* the row belongs to a row of a distributor-scoped table
			      (order lines to their order) */
	SCOPE_LOG,	   /* change_log: the row names a table and a row; in scope
			      when that row is, or when that table is shared */
};

struct sync_fk {
	int col;	    /* this table's column */
	int parent;	    /* index into sync_tables */
	int parent_col;	    /* the parent's column it refers to */
};

/* A synchronised table as this build's schema has it (read once per
 * connection from PRAGMA table_info and foreign_key_list). */
struct sync_table {
	const char *name;
	enum sync_scope scope;
	int ncol;
	char **cols;
	unsigned char *pk;   /* 1 for a primary key column */
	bool *derived;	     /* made again here, never taken from another device */
	int scope_col;	     /* distributor id, or the parent row's id (SCOPE_PARENT) */
	int scope_parent;    /* SCOPE_PARENT: the parent table */
	int log_col;	     /* SCOPE_LOG: the column naming the table (scope_col: the row) */
	int version_col;     /* -1 when none */
	struct sync_fk *fks;
	int nfk;
};

struct sync_schema {
	struct sync_table *t;
	int n;
};

/* The name of a table's key column (every table that travels has one). */
static inline const char *sync_pk_name(const struct sync_table *t)
{
	for (int c = 0; c < t->ncol; c++)
		if (t->pk[c])
			return t->cols[c];
	return "rowid";
}

/* The index of a table's key column (every table that travels has one). */
static inline int sync_pk_col(const struct sync_table *t)
{
	for (int c = 0; c < t->ncol; c++)
		if (t->pk[c])
			return c;
	return 0;
}

/* The schema of the synchronised tables on this connection (cached on the
 * handle). NULL with the error set when a table is not as sync needs it (no
 * explicit non-null primary key: the session extension would skip it). */
const struct sync_schema *sync_schema(qd_db *db);

/* For the tests: an import tries the bulk path for its orders even when
 * the bundle does not look like one it can take, so that its guards and
 * the import done again the usual way are exercised. */
extern bool sync_bulk_always;
/* The index of a table in it, or -1. */
int sync_table_index(const struct sync_schema *s, const char *name);

/* Checks that every table in names[] has an explicit, non-null primary key:
 * DB_OK, or DB_ERROR naming the first that does not. (Exposed for tests.) */
qd_rc sync_check_keys(qd_db *db, const char *const *names);
extern const char *const sync_table_names[];
extern const char *const sync_local_tables[];

/* ---- changesets written by hand -------------------------------------------- */

/* A growing buffer of bytes. */
struct cs_buf {
	unsigned char *p;
	size_t n, cap;
};
void cs_buf_free(struct cs_buf *b);
/* Whether n bytes are a changeset as the session extension writes one
 * (tables and their changes, every length within the bytes, at most
 * CS_MAX_COLUMNS columns a table). A file from elsewhere is checked so
 * before SQLite's iterator reads it: on some malformed input (a patchset's
 * header, a huge column count) the iterator spins for minutes. */
#define CS_MAX_COLUMNS 2000
bool cs_wellformed(const void *data, size_t n);
void cs_put(struct cs_buf *b, const void *p, size_t n);
void cs_put_varint(struct cs_buf *b, uint64_t v);

/* Starts a table's group of changes (SQLite's changeset format). */
void cs_table(struct cs_buf *b, const char *name, int ncol, const unsigned char *pk);
/* One change: op is SQLITE_INSERT, SQLITE_UPDATE or SQLITE_DELETE; old and
 * new hold ncol values each (NULL pointers for "undefined"), as the format
 * wants them for op. */
void cs_change(struct cs_buf *b, int op, int indirect, int ncol, sqlite3_value **old,
	       sqlite3_value **new);
/* A value by itself (for keys and stored versions). */
void cs_value(struct cs_buf *b, sqlite3_value *v);

/* ---- keys and versions --------------------------------------------------- */

/* A row's key as text: its primary key values, integers in decimal, joined
 * by 0x1f. The caller frees it. vals are the row's ncol values (only the
 * key columns are read). */
char *sync_key(const struct sync_table *t, sqlite3_value **vals);
/* A row (or the defined values of a change) as a JSON object of column
 * names to values; derived columns left out. The caller frees it. */
char *sync_json_row(const struct sync_table *t, sqlite3_value **vals);

/* The status column of a table whose status follows rules (distributors,
 * visits), or -1. */
int sync_status_col(const struct sync_table *t);
/* A sync_decisions row (t, its values vals): which row of which table, the
 * decision, the row as JSON; NULL where it has none. */
struct sync_decision {
	const char *tbl, *key, *decision, *row;
};
void sync_decision_read(const struct sync_table *t, sqlite3_value **vals, struct sync_decision *d);
/* Reads a JSON object of a row (as sync_json_row writes it) into values by
 * column (copies to free with sqlite3_value_free); columns it lacks stay
 * NULL pointers. */
qd_rc sync_json_vals(qd_db *db, const struct sync_table *t, const char *json,
		     sqlite3_value **vals);
/* Appends a changeset to the log as this device's next change. */
qd_rc sync_log_append(qd_db *db, const char *at, const char *by, int changes, const void *p,
		      int n);
/* Settings rows that belong to one database only. */
bool sync_local_setting(const char *name);

/* A change time: UTC with milliseconds, "2026-11-28T02:35:01.123Z". */
void sync_now(char buf[32]);
/* For the tests: when not 0, the wall clock sync_now reads stands still at
 * this time (ms since 1970), so that changes on different devices meet in
 * the same millisecond, as they can on real laptops. */
extern int64_t sync_clock_frozen;
/* Milliseconds since 1970 of a change time (0 when it is not one), and
 * back. */
int64_t sync_time_ms(const char *at);
void sync_time_text(int64_t ms, char buf[32]);
/* The time of this device's next change: now, or a millisecond after the
 * last time it gave or saw, whichever is later; recorded. */
qd_rc sync_clock_tick(qd_db *db, char at[32]);
/* A change time seen from another device: the next local one is later. */
qd_rc sync_clock_seen(qd_db *db, const char *at);

/* ---- the hooks db.c calls ------------------------------------------------- */

/* The session's state on a connection (db.c keeps a pointer). */
struct sync_capture;
/* At the start of an outermost write: attaches a session to the tables
 * that travel when this database has a device identity and recording is not
 * paused. Returns NULL when nothing is to be recorded. */
struct sync_capture *sync_capture_start(qd_db *db);
/* Before COMMIT of that write: the changes go into the log, in the same
 * transaction. DB_OK, or the failure (the write is then rolled back). */
qd_rc sync_capture_finish(qd_db *db, struct sync_capture *c);
/* After COMMIT or ROLLBACK: frees it. */
void sync_capture_free(struct sync_capture *c);
/* Stops (on false) or resumes recording the rows written within one
 * write, for writes that travel as a decision instead (NULL: nothing). */
void sync_capture_enable(struct sync_capture *c, bool on);
/* Frees what sync cached on a connection (at close). */
void sync_forget(qd_db *db);

/* Pauses recording (bulk loads of derived data, applying another device's
 * changes); calls nest. */
void db_capture_pause(qd_db *db);
void db_capture_resume(qd_db *db);
bool db_capture_paused(const qd_db *db);
/* Within a write: the rows written while quiet is true are not recorded
 * as changes (a decision carries them). */
void db_capture_quiet(qd_db *db, bool quiet);

/* This database's device id (0 before it has one), kept on the handle. */
int64_t db_device_id(qd_db *db);
void db_set_device_id(qd_db *db, int64_t id);
/* The sync cache slot on the handle. */
void **db_sync_slot(qd_db *db);

/* Loads this database's device identity onto the handle, making one when a
 * writable current database has none. Called by db_open. */
qd_rc sync_load_identity(qd_db *db);

/* Applying: in sync_apply.c. */
struct sync_apply;
struct sync_apply *sync_apply_new(qd_db *db, const char *from_name);
/* Applies one changeset made on device origin at time at; counts go into
 * the stats. DB_OK, or a failure that aborts the whole import. */
qd_rc sync_apply_changeset(struct sync_apply *a, int64_t origin, const char *at, const char *by,
			   const void *p, size_t n, bool snapshot);
/* After a bundle, in its transaction (sync_resolve.c): a new row that
 * waited because it clashed here (a duplicate code) is tried again, the
 * clash having maybe cleared meanwhile (the other side renamed its own, and
 * the decision came in this bundle); one that goes in is settled
 * ('elsewhere'). How many were settled into *settled. */
qd_rc sync_retry_waiting(qd_db *db, int *settled);
/* Whether a column changes only through the rules of the lifecycle (a
 * distributor's status and agreement): never edited in a conflict. */
bool sync_col_lifecycle(const char *table, const char *col);
/* The column of t holding its code (or SKU, order or invoice number), -1
 * for none (sync_apply.c). */
int sync_unique_col(const struct sync_table *t);
/* The conflict in which this device discarded a new record of theirs with
 * the code or number of mine (a row of t) to keep mine, made on device
 * from (the device whose decision deletes mine): its id into *id and their
 * row as JSON into *theirs (to free), 1; 0 when there is none; -1 on a
 * failure to read (sync_resolve.c). */
int sync_discarded_for(qd_db *db, const struct sync_table *t, sqlite3_value **mine, int64_t from,
		       int64_t *id, char **theirs);
/* Whether a new row of t (vals) refers to a record not here because it was
 * discarded here (a new record of theirs, its code taken, mine kept): 1,
 * 0, or -1 on a failure to read (sync_resolve.c). */
int sync_parent_discarded(qd_db *db, const struct sync_table *t, sqlite3_value **vals);
/* Whether a new row of t (vals) refers to a record not here at all. */
int sync_parent_missing(qd_db *db, const struct sync_table *t, sqlite3_value **vals);
/* The column of t referring to the key of table parent (an index into
 * s), -1 for none (sync.c). */
int sync_fk_col(const struct sync_schema *s, const struct sync_table *t, int parent);
/* Why keeping mine is refused on a new record of theirs whose parent was
 * discarded here (SYNC_MISSING, an insert): a msgid, to translate
 * (sync_apply.c). */
extern const char *const sync_missing_refusal;
/* Whether rows of table are parts of the record they refer to (an order's
 * lines), not records of their own (sync.c). */
bool sync_is_part(const char *table);
/* Whether distributor id has records here (orders, visits, money,
 * incidents, targets…: every table referring to it but its parts), which
 * would go with it, its foreign keys cascading, into *has; their kinds in
 * words into kinds (NULL: not wanted) (sync_resolve.c). */
qd_rc sync_dist_has_records(qd_db *db, int64_t id, bool *has, char *kinds, size_t size);
/* How many records of theirs (not parts) wait under conflict id, and their
 * kinds in words. */
qd_rc sync_records_waiting(qd_db *db, int64_t id, int64_t *n, char *kinds, size_t size);
/* Why keeping mine, or taking their deletion, is refused: n records of
 * those kinds would go. */
void sync_refusal_mine(char *buf, size_t size, int64_t n, const char *kinds);
void sync_refusal_theirs(char *buf, size_t size, const char *kinds);
/* Whether a column is worked out from other rows (an order's total from
 * its lines): never edited in a conflict. */
bool sync_col_computed(const char *table, const char *col);
/* Rewrites SQLite's message for a broken constraint (UNIQUE constraint
 * failed: distributors.code) in the user's words. */
void sync_constraint_words(char *detail, size_t size);
/* After every changeset: search keys and index of touched distributors. */
qd_rc sync_apply_finish(struct sync_apply *a);
void sync_apply_counts(const struct sync_apply *a, int64_t *changes, int64_t *conflicts,
		       int64_t *open);
/* How many conflicts this apply recorded still wait for a person (a
 * decision later in the same bundle may have settled some). */
qd_rc sync_apply_waiting(struct sync_apply *a, int64_t *n);
void sync_apply_free(struct sync_apply *a);

/* Whether another row holds, in another case, the order or invoice number
 * column c of t is to take (v; id: the row's own, NULL for a new row): 1
 * when it does (detail then says it as SQLite says a duplicate), 0 when not,
 * -1 when it could not be read (said in db). sync_numbers_taken: the same
 * for every column of a new row (sync_apply.c). */
int sync_number_taken(qd_db *db, const struct sync_table *t, int c, sqlite3_value *v,
		      sqlite3_value *id, char *detail, size_t size);
int sync_numbers_taken(qd_db *db, const struct sync_table *t, sqlite3_value **vals, char *detail,
		       size_t size);

/* Makes a distributor's search keys again from its row and brings the
 * search index in step (db/distributor.c). indexed: whether the index holds
 * the row's stored key; gone: the row was deleted (the index entry goes). */
qd_rc db_dist_reindex(qd_db *db, int64_t id, const char *indexed_key);
/* A rep's sort key again from its name. */
qd_rc db_rep_rekey(qd_db *db, int64_t id);

#endif
