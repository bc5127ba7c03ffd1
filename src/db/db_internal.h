/* What the db/ modules share and nobody else sees: the connection, the
 * statement cache, typed binding, stepping with typed errors, and the
 * migrations. */
#ifndef QUDAO_DB_INTERNAL_H
#define QUDAO_DB_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qudao/aging.h"
#include "qudao/db.h"

/* An active distributor not visited for too long, today being the SQL
 * parameter p: from its last visit, or from its agreement's start when that
 * is later (one whose agreement begins today is not overdue); d is the
 * distributor, s its distributor_stats row. The same rule as core's
 * score_flags_n. */
#define DB_VISIT_SINCE "max(s.last_visit_at, coalesce(d.agreement_start, ''))"
#define DB_VISIT_OVERDUE(p)                                     \
	"(d.status = 'active' AND " DB_VISIT_SINCE " < date(" p \
	", '-' || d.visit_every_days || ' days'))"

/* One step of the schema. The steps of all versions run in order, those of
 * one upgrade in one transaction; sql runs first, then fn (for steps SQL
 * cannot express, such as recomputing pinyin keys) when not NULL. */
struct db_migration {
	int version;
	const char *sql;
	qd_rc (*fn)(qd_db *db);
};
/* The page cache's size as PRAGMA cache_size says it (negative: KiB), and
 * setting it: a larger one for a write that touches many pages, a small one
 * for a read that goes once through large tables (each page a large cache
 * keeps is new memory the system maps first). Shrinking it drops the pages
 * it held. */
int db_cache_size(qd_db *db);
void db_cache_size_set(qd_db *db, int size);

/* Lists of steps, one per version, each ended by version 0; NULL ends. */
extern const struct db_migration *const db_migration_sets[];
/* By version: whether its steps keep every reference (schema.c). */
extern const bool db_version_keeps_references[DB_SCHEMA_VERSION + 1];

/* The triggers that keep schema 3's kept figures (the list's sort keys, the
 * stats rows, the months) current. */
extern const char db_schema_kept_triggers[];
extern const char db_schema_kept_drop[];
extern const char db_schema_kept_rebuild[];
extern const char *const db_schema_kept_orders_paused[];
extern const char db_schema_kept_orders_added[];

/* The triggers that keep the kept figures are not in the file: SQLite
 * parses every trigger of a file when it opens it, and theirs (176 KB of
 * SQL) were two thirds of the time to the first screen of a program that
 * mostly reads. Each connection creates them as TEMP triggers before its
 * first write (db_write_begin), and the file holds small guards that refuse
 * a write to the tables they watch from any connection without them
 * (qudao_writer() is not defined there, or says no), so no program can
 * change a row and leave its figures behind. */
/* DB_KEPT_ORDERS: every trigger in place but those on adding orders and
 * their lines, whose figures a large import of orders makes at its end
 * (db_bulk_orders_begin). */
enum db_kept_state { DB_KEPT_ABSENT, DB_KEPT_ON, DB_KEPT_PAUSED, DB_KEPT_ORDERS };
/* Whether an error message is a refusal of DB_KEPT_ORDERS's guards (an
 * order changed while orders are added in bulk), not a rule of the schema:
 * a write that meets one is done again without the bulk path. */
bool db_bulk_refusal(const char *msg);
enum db_kept_state db_kept_state(const qd_db *db);
/* How many triggers the connection has when they are all in place. */
int db_kept_n(const qd_db *db);
void db_kept_set_state(qd_db *db, enum db_kept_state state);
/* Creates this connection's triggers, all or none (nothing to do when they
 * are in place). */
qd_rc db_kept_install(qd_db *db);
/* How many triggers the connection has made (TEMP) or the file holds; -1
 * on error. db_kept_temp_count is the first. */
int db_trigger_count(qd_db *db, bool in_connection);
int db_kept_temp_count(qd_db *db);

/* For bulk loads (the demo, provisioning a rep), inside their write: pause
 * drops the triggers of every set of kept figures; resume makes them all
 * from scratch, with the search index, and creates the triggers again. */
qd_rc db_kept_pause(qd_db *db);
/* For a scratch file written outside db_write_begin, whose rows go into a
 * file whose figures are made (provisioning's second connection): drops
 * the connection's triggers of the kept figures, without a write. The
 * next db_write_begin would make them again. */
qd_rc db_kept_forsake(qd_db *db);
qd_rc db_kept_resume(qd_db *db);
/* The same for a rep's new database being made from the head office's
 * (attached as ho, its distributors in temp.sync_scope): figures of single
 * distributors are copied, the others made from scratch; those of the sets
 * in made (NULL-ended) are already in place. The search index is not made:
 * the caller makes it (db_schema_fts_rebuild). */
struct db_kept;
qd_rc db_kept_resume_copied(qd_db *db, const struct db_kept *const *made);
/* Rebuilds the search index from the distributors' search keys. */
extern const char db_schema_fts_rebuild[];

sqlite3 *db_handle(qd_db *db);

/* The prepared statement for sql, prepared on first use and reset since. sql
 * must be a string constant (or live as long as the handle): the cache is
 * keyed on its address. A statement still in use (stepped and not reset) is a
 * bug: NULL with DB_ERROR. NULL with the error set when it does not prepare. */
sqlite3_stmt *db_stmt(qd_db *db, const char *sql);

/* A value to bind, built by the typed constructors below, so the compiler
 * checks each argument's type. */
enum db_val_type { DBV_NULL, DBV_INT, DBV_TEXT };
struct db_val {
	enum db_val_type type;
	int64_t i;
	const char *s;
};
static inline struct db_val db_int(int64_t v)
{
	return (struct db_val){ DBV_INT, v, NULL };
}
/* Text; NULL binds NULL. */
static inline struct db_val db_text(const char *s)
{
	return (struct db_val){ s ? DBV_TEXT : DBV_NULL, 0, s };
}
/* Text, or NULL when empty. */
static inline struct db_val db_text_or_null(const char *s)
{
	return (struct db_val){ s && *s ? DBV_TEXT : DBV_NULL, 0, s };
}
/* An integer, or NULL when 0 (an optional reference). */
static inline struct db_val db_id_or_null(int64_t id)
{
	return (struct db_val){ id ? DBV_INT : DBV_NULL, id, NULL };
}
static inline struct db_val db_null(void)
{
	return (struct db_val){ DBV_NULL, 0, NULL };
}

/* Binds n values from parameter first on (text is copied). DB_OK, or an
 * error when a value does not bind or there are more values than
 * parameters. */
qd_rc db_bind_values(qd_db *db, sqlite3_stmt *st, int first, const struct db_val *v, int n);
#define DB_VALS_(...) ((const struct db_val[]){ __VA_ARGS__ })
#define DB_NVALS_(...) ((int)(sizeof DB_VALS_(__VA_ARGS__) / sizeof(struct db_val)))
/* db_bind(db, st, db_int(id), db_text(name), ...) binds from ?1. */
#define db_bind(db, st, ...) db_bind_values((db), (st), 1, DB_VALS_(__VA_ARGS__), DB_NVALS_(__VA_ARGS__))
#define db_bind_at(db, st, first, ...) \
	db_bind_values((db), (st), (first), DB_VALS_(__VA_ARGS__), DB_NVALS_(__VA_ARGS__))

/* Steps st: 1 for a row, 0 when done (the statement is then reset), -1 on
 * error (reset, error set with `what`, translated then: give it marked with N_,
 * since a loop calls this once a row). */
int db_step(qd_db *db, sqlite3_stmt *st, const char *what);
/* Steps a statement that returns no rows, then resets it. */
qd_rc db_run(qd_db *db, sqlite3_stmt *st);
/* The first column of the one row st returns, as an integer; *found false
 * (and *out 0) when there is no row. Resets st. */
qd_rc db_int_of(qd_db *db, sqlite3_stmt *st, int64_t *out, bool *found);
/* Runs SQL text with no parameters (schema, pragmas). */
qd_rc db_exec(qd_db *db, const char *sql);

/* Records a failure: SQLite's (mapped to a kind and a translated message,
 * `what` saying what was being done, its text kept as the detail) or one of
 * ours. Both return the kind. */
qd_rc db_fail_sqlite(qd_db *db, const char *what);
qd_rc db_fail(qd_db *db, qd_rc rc, int field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Points the last failure at a field. */
void db_set_errfield(qd_db *db, int field);

/* A remembered number for key (such as the count of a search), good until
 * the data changes: db_memo_get() is false once db_generation() has moved on
 * since db_memo_put(). Keys longer than 255 bytes are not remembered. */
bool db_memo_get(qd_db *db, const char *key, int64_t *value);
/* generation: db_generation() read before the value was worked out, so a
 * commit made meanwhile (another program's, during a long scan) leaves it
 * out of date rather than remembered as current. */
void db_memo_put(qd_db *db, const char *key, int64_t value, uint64_t generation);

/* Keyset paging (qudao/page.h): binds the anchor's keys from the query's
 * first_param on, and reads a row's keys from its columns from first_col
 * on (page_sql puts them after the query's own columns). */
/* A distributor's amounts due as its receivables age them (aging_compute):
 * those due by due_upto (NULL: all), oldest first, each with what the
 * payments up to paid_upto (NULL: all) naming it paid and what it is left
 * open; paid is what those payments came to all told. The caller frees
 * the list (db_receivables_free). One reader for the distributor's
 * picture and the scorecards' explanation, so they apply payments alike. */
struct db_receivable {
	int64_t id;
	char invoice[48];
	struct aging_due due;
	int64_t open_fen;
};
struct db_receivables {
	struct db_receivable *rows;
	int n;
	int64_t paid_fen;
	struct aging aging; /* as of the today given */
};
qd_rc db_receivables_read(qd_db *db, int64_t id, const char *due_upto, const char *paid_upto,
			  qd_date today, struct db_receivables *out);
void db_receivables_free(struct db_receivables *r);

struct page_query;
struct page_anchor;
qd_rc page_bind_anchor(qd_db *db, sqlite3_stmt *st, const struct page_query *q,
		       const struct page_anchor *a);
void page_read_anchor(sqlite3_stmt *st, int first_col, const struct page_query *q,
		      struct page_anchor *out);

/* The schema each version defines, written down at build time (schema_ref.c,
 * made by schema-dump): every object's type, name and SQL as SQLite stores
 * it. db_schema_refs ends with version 0. */
struct db_ref_object {
	const char *type, *name, *sql;
};
struct db_schema_ref {
	int version;
	const struct db_ref_object *objects;
	int n;
};
extern const struct db_schema_ref db_schema_refs[];
/* Runs the migrations up to version in memory and hands each object of the
 * schema they make to object(); 0, or -1 when they did not run. */
int db_schema_dump(int version, void (*object)(void *ctx, const char *type, const char *name,
					       const char *sql),
		   void *ctx);

/* Reports progress of long work to whoever db_set_progress() named. */
void db_progress(const char *stage, double fraction);

/* Makes every distributor's and rep's pinyin keys again with this build's
 * table and rules, and the search index from them (db/distributor.c); inside
 * the caller's write. */
qd_rc db_keys_recompute(qd_db *db);
/* Makes them again when the database's keys were made under another
 * pinyin_keys_version(), and records this one; its own write. */
qd_rc db_keys_refresh(qd_db *db);

/* A line in distributor id's status history for a status conflict settled
 * in sync: from the status not applied to the one kept (its reason that of
 * the last move to it), so the history ends where the status stands. */
qd_rc db_dist_history_settled(qd_db *db, int64_t id, const char *from, const char *to);
/* Leaves a change_log row (db/setup.c): who changed row id of table, what
 * (add, edit, deactivate, activate, delete) and in a few words; now in UTC.
 * Texts too long for the log are cut with "…". Inside the caller's write. */
qd_rc db_log_change(qd_db *db, const char *table, int64_t id, const char *action,
		    const char *summary, const char *who);

/* Now as UTC, "2026-11-27T08:30:00Z", for change times. */
void db_now_utc(char buf[24]);
/* After an update of row id checked by its version changed no row: a
 * DB_CONFLICT saying conflict when the row (exists_sql: SELECT 1 ... WHERE
 * id = ?1) is still there, else DB_NOTFOUND saying gone (both translated). */
qd_rc db_version_missed(qd_db *db, const char *exists_sql, int64_t id, const char *conflict,
			const char *gone);

/* For tests (db/scoring.c): boards of at least min_rows distributors (20,000
 * unless set; < 0: never) are read in two parts at once; before, when not
 * NULL, runs on the reading thread once its reading has begun, before the
 * second part's thread starts; during, on that thread once its reading has
 * begun. */
void db_scoring_parallel(int min_rows, void (*before)(void *), void (*during)(void *), void *arg);

#endif
