/* The database: one SQLite file, opened, checked and migrated here. Everything
 * else in db/ works on an open qd_db. */
#ifndef QUDAO_DB_H
#define QUDAO_DB_H

#include <stdint.h>

typedef struct qd_db qd_db;

enum { DB_SCHEMA_VERSION = 1 };
/* PRAGMA application_id of a qudao database: "QDAO". */
#define DB_APPLICATION_ID 0x5144414f

typedef enum {
	DB_OPEN_EXISTING, /* the file must exist */
	DB_OPEN_CREATE,	  /* create it (mode 0600) when missing */
} qd_db_open_mode;

/* Opens and, when needed, migrates the database at path. A file that is not
 * SQLite, an SQLite file that is not qudao's, or one made by a newer qudao is
 * refused and left byte-for-byte untouched. Returns 0 and *out, or -1 and a
 * translated message in *err (the caller frees it). */
int db_open(const char *path, qd_db_open_mode mode, qd_db **out, char **err);
void db_close(qd_db *db);
const char *db_path(const qd_db *db);
/* The last error on this handle, in the user's language. */
const char *db_errmsg(const qd_db *db);

int db_begin(qd_db *db);
int db_commit(qd_db *db);
void db_rollback(qd_db *db);

/* Integrity check, foreign-key check, schema version. Each problem found is
 * passed to report (one line, translated) unless report is NULL. Returns the number of problems, or
 * -1 when the checks themselves could not run. */
int db_check(qd_db *db, void (*report)(void *ctx, const char *line), void *ctx);

/* Rows in a table of the schema (for reports and tests); -1 on error. */
int64_t db_count(qd_db *db, const char *table);

#endif
