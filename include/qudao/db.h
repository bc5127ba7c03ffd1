/* The database: one SQLite file, opened, checked and migrated here, and the
 * transactions every write runs in. Everything else in db/ works on an open
 * qd_db.
 *
 * Results are typed: every function that can fail returns a qd_rc (DB_OK is
 * 0) and leaves a translated message, the SQLite text behind it (if any) and
 * the field to blame (if any) on the handle. A database error is never
 * reported as a validation failure, and "no rows" is never an error read as
 * such. */
#ifndef QUDAO_DB_H
#define QUDAO_DB_H

#include <stdbool.h>
#include <stdint.h>

typedef struct qd_db qd_db;

enum { DB_SCHEMA_VERSION = 13 };
/* PRAGMA application_id of a qudao database: "QDAO". */
#define DB_APPLICATION_ID 0x5144414f

typedef enum {
	DB_OK = 0,
	DB_INVALID,   /* a value the rules refuse; db_errfield() names the field */
	DB_DUPLICATE, /* a unique value (a code) is taken */
	DB_CONFLICT,  /* the record changed since it was read */
	DB_NOTFOUND,  /* the record is not there (deleted meanwhile) */
	DB_BUSY,      /* another program holds the write lock past the timeout */
	DB_READONLY,  /* the file or its directory cannot be written */
	DB_CORRUPT,   /* the file is damaged: qudao check says where */
	DB_FULL,      /* the disk is full */
	DB_IO,	      /* the operating system could not read or write */
	DB_ERROR,     /* anything else, including bugs */
} qd_rc;

typedef enum {
	DB_OPEN_EXISTING, /* the file must exist; migrated when older */
	DB_OPEN_CREATE,	  /* created (mode 0600) when missing */
	DB_OPEN_CHECK,	  /* read-only, never migrated or changed: for qudao check */
	DB_OPEN_READONLY, /* the file must exist and be current; nothing is written */
} qd_db_open_mode;

/* Opens and, when needed, migrates the database at path. A file that is not
 * SQLite, an SQLite file that is not qudao's, one made by a newer qudao, one
 * whose schema holds objects its version does not define (a planted trigger),
 * an empty file in DB_OPEN_CHECK mode, a symbolic link, are refused and left
 * byte-for-byte untouched. A file or directory that cannot be written opens
 * read-only (db_readonly() says why). Returns 0 and *out, or -1 and a
 * translated message in *err (the caller frees it). In DB_OPEN_CHECK mode a
 * foreign schema does not refuse the file: db_check() reports it. */
int db_open(const char *path, qd_db_open_mode mode, qd_db **out, char **err);
void db_close(qd_db *db);
/* Stops the statement running now (from a signal handler too): it fails,
 * and its write can be rolled back. */
void db_interrupt(qd_db *db);
/* Asks stop(ctx) now and then while a statement runs; when it answers true
 * the statement fails (as interrupted) and db_stopped() is true until the
 * next db_set_stop. NULL: no more asking. For work that can wait, such as
 * a count in a pause of the keys, which a key stops. */
void db_set_stop(qd_db *db, bool (*stop)(void *ctx), void *ctx);
bool db_stopped(const qd_db *db);
const char *db_path(const qd_db *db);
/* Whether a file may be written at path (an export, a rejects file): not
 * when it is this database or one of its -wal, -shm or -journal files,
 * existing or not, nor any SQLite database. DB_OK, or DB_INVALID with
 * the reason. Asking before replacing an ordinary file is the caller's. */
qd_rc db_output_check(qd_db *db, const char *path);
/* Whether path is db's file or one of the files SQLite keeps beside it
 * (-wal, -shm, -journal), under any name: the same inode. Such a file is
 * never to be opened by hand while db is open: closing the descriptor would
 * drop the process's locks on it. */
bool db_own_file(const qd_db *db, const char *path);
/* Removes the database file at path and the -wal, -shm and -journal files
 * SQLite keeps beside it (a database made and then not wanted). */
void db_remove(const char *path);
/* Removes what killed builds of a new file at path left beside it:
 * PATH.building-PID files (a demo's, a rep's database being provisioned,
 * and provisioning's PATH.building-PID-side), with their -wal, -shm and
 * -journal files, whose process is gone. A live process's file is a build
 * in progress and stays. */
void db_remove_stale(const char *path);
/* The name a new file at path is built under by this process, with suffix
 * ("" for the file, "-side" for provisioning's second one, then a journal's
 * "-wal" and so on): PATH.building-PID, what db_remove_stale knows. */
char *db_building_path(const char *path, const char *suffix);

/* Why the database cannot be written (translated), or NULL when it can. */
const char *db_readonly(const qd_db *db);

/* The last failure on this handle: its kind, the message in the user's
 * language, SQLite's own text ("" when none), and the field it concerns (a
 * module's field enum; 0 when none). */
qd_rc db_errcode(const qd_db *db);
const char *db_errmsg(const qd_db *db);
const char *db_errdetail(const qd_db *db);
int db_errfield(const qd_db *db);

/* Writes compose: db_write_begin() opens a transaction (BEGIN IMMEDIATE) when
 * none is open, else a savepoint inside the caller's; db_write_end(db, rc)
 * commits or releases it when rc is DB_OK, else rolls it back, and returns rc
 * (or the commit's failure). A screen saves one record, an import loads
 * 100,000 and a sync applies thousands through the same write functions, all
 * or nothing. Every db_write_begin() that returned DB_OK needs its
 * db_write_end(). */
qd_rc db_write_begin(qd_db *db);
qd_rc db_write_end(qd_db *db, qd_rc rc);
/* A read transaction: what several queries read is one snapshot. */
qd_rc db_read_begin(qd_db *db);
void db_read_end(qd_db *db);
/* True inside db_write_begin() ... db_write_end(). */
bool db_in_write(const qd_db *db);

/* A number that changes whenever the data may have changed: every commit on
 * this handle and every commit of another process (PRAGMA data_version).
 * Caches of database data are keyed to it. */
uint64_t db_generation(qd_db *db);

/* While another program holds the write lock, notify(ctx, waited_ms, left_ms)
 * is called about every 250 ms until the lock comes free or the wait (5 s)
 * runs out, so a screen can say so instead of freezing. NULL stops it. */
void db_set_busy_notify(qd_db *db, void (*notify)(void *ctx, int waited_ms, int left_ms),
			void *ctx);
/* Long work inside db_open (an upgrade, making the pinyin keys again) calls
 * progress(ctx, stage, fraction) now and then; NULL for none. For the
 * process, set before db_open. */
void db_set_progress(void (*progress)(void *ctx, const char *stage, double fraction), void *ctx);

/* Who makes the changes on this handle (the configuration's user, else
 * $USER): recorded with each change that syncs. */
void db_set_user(qd_db *db, const char *who);
const char *db_user(const qd_db *db);

/* The page cache of this connection, in megabytes, 2 at least (16 unless
 * set; the interface sets it by tab): a bulk load sets more, since random
 * ids scatter its inserts over whole tables. */
void db_set_cache_mb(qd_db *db, int mb);

/* How long to wait for another writer (5000 ms unless set). */
void db_set_busy_timeout(qd_db *db, int ms);

/* What qudao check finds. Each problem is passed to report (one line,
 * translated; it may hold names from the file: sanitize before printing) and
 * counted; progress(ctx, stage, fraction) is called now and then when not
 * NULL. Returns the number of problems, or -1 when the checks could not run. */
int db_check(qd_db *db, void (*report)(void *ctx, const char *line),
	     void (*progress)(void *ctx, const char *stage, double fraction), void *ctx);

/* The schema version the file is at: DB_SCHEMA_VERSION once opened for
 * writing, possibly older when opened read-only or for a check. -1 on error. */
int db_file_version(qd_db *db);

/* Rows in a table of the schema (for reports and tests); -1 on error. */
int64_t db_count(qd_db *db, const char *table);

#endif
