/* What the db/ modules share and nobody else sees: the connection, the
 * statement cache and the bind helper. */
#ifndef QUDAO_DB_INTERNAL_H
#define QUDAO_DB_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>

#include "qudao/db.h"

struct db_migration {
	int version;
	const char *sql;
};
extern const struct db_migration db_migrations[];
extern const int db_migration_count;

/* The triggers that keep distributor_stats current; bulk writers drop them,
 * write, run the rebuild and create them again, all in one transaction. */
extern const char db_schema_stats_triggers[];
extern const char db_schema_stats_drop[];
extern const char db_schema_stats_rebuild[];
/* Likewise for the search index. */
extern const char db_schema_fts_triggers[];
extern const char db_schema_fts_drop[];
extern const char db_schema_fts_rebuild[];

sqlite3 *db_handle(qd_db *db);

/* The prepared statement for sql, prepared on first use and reset since. sql
 * must be a string constant: the cache is keyed on its address. Returns NULL
 * and sets the handle's error when it does not prepare. */
sqlite3_stmt *db_stmt(qd_db *db, const char *sql);

/* Binds arguments by a format, one letter each from parameter 1 on:
 *   i int, I int64_t, t const char * (NULL binds NULL), n NULL, T text or
 *   NULL when empty, s text the caller keeps alive until the statement is
 *   reset (no copy; for bulk writers that step at once). Returns 0 or -1. */
int db_bind(qd_db *db, sqlite3_stmt *st, const char *fmt, ...);
/* The same from parameter `first` on. */
int db_bind_at(qd_db *db, sqlite3_stmt *st, int first, const char *fmt, ...);

/* Steps a statement that returns no rows, then resets it. 0 or -1. */
int db_run(qd_db *db, sqlite3_stmt *st);
/* Runs SQL text with no parameters (schema, pragmas). 0 or -1. */
int db_exec(qd_db *db, const char *sql);

/* Records an error from SQLite (its message appended) or a message of ours. */
int db_fail_sqlite(qd_db *db, const char *what);
int db_fail(qd_db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
