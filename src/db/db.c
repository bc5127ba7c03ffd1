/* Opening, refusing, migrating and checking the database; transactions that
 * compose through savepoints; the statement cache, typed binding and the
 * mapping of SQLite's errors to typed, translated results. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db_internal.h"
#include "schema.h"
#include "sync_internal.h"
#include "qudao/i18n.h"
#include "qudao/pinyin.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

enum { DB_BUSY_MS = 5000, DB_BUSY_NOTIFY_MS = 250, DB_MEMOS = 8 };

/* A remembered answer, good while the data stays at its generation. */
struct db_memo {
	char key[256];
	int64_t value;
	uint64_t generation;
	bool used;
};

struct db_cached {
	const char *sql;
	sqlite3_stmt *st;
};

struct qd_db {
	sqlite3 *h;
	/* db_set_stop's question, and whether it stopped a statement. */
	bool (*stop)(void *ctx);
	void *stop_ctx;
	bool stopped;
	char *path;
	struct db_cached *cache;
	int ncache, capcache;
	/* The last failure. */
	qd_rc rc;
	int field;
	char err[1024];
	char detail[512];
	/* Why writes are off ("" when they are on), and whether the file showed
	 * damage. */
	char readonly[512];
	bool corrupt;
	/* Open write transaction and savepoints; read transactions. */
	int depth, read_depth;
	/* The generation: own commits and other processes' data_version. */
	uint64_t generation;
	int data_version;
	/* Waiting for another writer. */
	void (*busy_notify)(void *ctx, int waited_ms, int left_ms);
	void *busy_ctx;
	struct timespec busy_start;
	int busy_notified_ms, busy_ms;
	struct db_memo memo[DB_MEMOS];
	int memo_next;
	/* Sync: this database's device id (0: none), the session recording the
	 * open write, pauses of recording, and what sync caches. */
	int64_t device_id;
	struct sync_capture *capture;
	int capture_paused;
	void *sync;
	char user[101];
	/* This connection's kept-figure triggers, and how many it made. */
	enum db_kept_state kept;
	int kept_n;
	int kept_orders_n; /* how many while adding orders in bulk (0: not) */
	/* The file, among those this process has open (db_files). */
	dev_t dev;
	ino_t ino;
	bool counted;
};

int64_t db_device_id(qd_db *db)
{
	return db->device_id;
}

void db_set_device_id(qd_db *db, int64_t id)
{
	db->device_id = id;
}

void **db_sync_slot(qd_db *db)
{
	return &db->sync;
}

void db_capture_pause(qd_db *db)
{
	db->capture_paused++;
}

void db_capture_resume(qd_db *db)
{
	if (db->capture_paused > 0)
		db->capture_paused--;
}

bool db_capture_paused(const qd_db *db)
{
	return db->capture_paused > 0;
}

void db_capture_quiet(qd_db *db, bool quiet)
{
	sync_capture_enable(db->capture, !quiet);
}

void db_set_user(qd_db *db, const char *who)
{
	snprintf(db->user, sizeof db->user, "%s", who ? who : "");
}

const char *db_user(const qd_db *db)
{
	return db->user;
}

sqlite3 *db_handle(qd_db *db)
{
	return db->h;
}

const char *db_path(const qd_db *db)
{
	return db->path;
}

/* path made absolute through its folder (the file itself may not exist
 * yet), or NULL. */
static char *db_absolute(const char *path)
{
	char *copy = xstrdup(path), *copy2 = xstrdup(path);
	char *dir = realpath(dirname(copy), NULL);
	char *out = dir ? xasprintf("%s/%s", dir, basename(copy2)) : NULL;
	free(dir);
	free(copy);
	free(copy2);
	return out;
}

/* What a file's first bytes say it is: DB_FILE_SQLITE, DB_FILE_EMPTY,
 * DB_FILE_OTHER, or DB_FILE_UNREADABLE (errno says why). A symbolic link is
 * followed only when follow is set. */
enum { DB_FILE_UNREADABLE = -1, DB_FILE_OTHER, DB_FILE_SQLITE, DB_FILE_EMPTY };

static int db_file_kind(const char *path, bool follow)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
	if (fd < 0)
		return DB_FILE_UNREADABLE;
	char head[16];
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	if (n == 0)
		return DB_FILE_EMPTY;
	return n == (ssize_t)sizeof head && memcmp(head, "SQLite format 3", 16) == 0
		       ? DB_FILE_SQLITE
		       : DB_FILE_OTHER;
}

/* The files SQLite keeps beside a database. */
static const char *const db_sides[] = { "-wal", "-shm", "-journal" };

void db_remove(const char *path)
{
	unlink(path);
	for (size_t i = 0; i < sizeof db_sides / sizeof db_sides[0]; i++) {
		char *side = xasprintf("%s%s", path, db_sides[i]);
		unlink(side);
		free(side);
	}
}

char *db_building_path(const char *path, const char *suffix)
{
	return xasprintf("%s.building-%ld%s", path, (long)getpid(), suffix);
}

void db_remove_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir =
		slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	char *prefix = xasprintf("%s.building-", slash ? slash + 1 : path);
	size_t plen = strlen(prefix);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		const char *num = e->d_name + plen;
		if (strncmp(e->d_name, prefix, plen) || !isdigit((unsigned char)*num))
			continue;
		char *end;
		errno = 0;
		long pid = strtol(num, &end, 10);
		if (errno || pid <= 0 || (pid_t)pid != pid)
			continue;
		if (!strncmp(end, "-side", 5))
			end += 5;
		bool ours = !*end;
		for (size_t i = 0; i < sizeof db_sides / sizeof db_sides[0]; i++)
			ours = ours || !strcmp(end, db_sides[i]);
		if (!ours || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		unlinkat(dirfd(d), e->d_name, 0);
	}
	if (d)
		closedir(d);
	free(prefix);
	free(dir);
}

/* Whether a and b name the same file: the same inode when both exist, else
 * the same absolute path. */
static bool db_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char *x = db_absolute(a), *y = db_absolute(b);
	bool same = x && y && !strcmp(x, y);
	free(x);
	free(y);
	return same;
}

bool db_own_file(const qd_db *db, const char *path)
{
	struct stat st;
	if (!db->path || stat(path, &st) != 0)
		return false;
	bool own = false;
	for (size_t i = 0; i <= sizeof db_sides / sizeof db_sides[0] && !own; i++) {
		char *name = xasprintf("%s%s", db->path, i ? db_sides[i - 1] : "");
		struct stat sb;
		own = stat(name, &sb) == 0 && sb.st_dev == st.st_dev && sb.st_ino == st.st_ino;
		free(name);
	}
	return own;
}

qd_rc db_output_check(qd_db *db, const char *path)
{
	/* Every output is written beside its name and renamed over it: over a
	 * device (/dev/full became a file, and the export said it was
	 * written), a pipe or a link, that replaces the thing itself. */
	struct stat ls;
	bool there = lstat(path, &ls) == 0;
	if (there && S_ISLNK(ls.st_mode))
		return db_fail(db, DB_INVALID, 0,
			       _("%s is a symbolic link; qudao would replace the link, not the file "
				 "it points to. Give the file's own name."),
			       path);
	if (there && !S_ISREG(ls.st_mode) && !S_ISDIR(ls.st_mode))
		return db_fail(db, DB_INVALID, 0,
			       _("%s is not a file but a device, a pipe or a socket; qudao would "
				 "replace it. Give the name of a file."),
			       path);
	/* This database's file or one of its side files under any name (a
	 * hard link), by inode first: a file of its is never opened to find
	 * out what it is (closing the descriptor would drop this process's
	 * locks on it, db_files). */
	if (db_own_file(db, path))
		return db_fail(db, DB_INVALID, 0,
			       _("%s is this database's own file; writing there would "
				 "destroy it. Give another file name."),
			       path);
	/* The file itself, or the database a -wal, -shm or -journal name
	 * belongs to. */
	size_t n = strlen(path);
	for (size_t i = 0; i <= sizeof db_sides / sizeof db_sides[0]; i++) {
		const char *side = i ? db_sides[i - 1] : "";
		size_t k = strlen(side);
		if (n <= k || strcmp(path + n - k, side))
			continue;
		char *base = xstrndup(path, n - k);
		bool mine = db_same_file(base, db->path);
		struct stat st;
		bool other = !mine && stat(base, &st) == 0 && S_ISREG(st.st_mode) &&
			     db_file_kind(base, true) == DB_FILE_SQLITE;
		free(base);
		if (mine)
			return db_fail(db, DB_INVALID, 0,
				       _("%s is this database's own file; writing there would "
					 "destroy it. Give another file name."),
				       path);
		if (other)
			return db_fail(db, DB_INVALID, 0,
				       i == 0 ? _("%s is a database; qudao never writes a file over "
						  "one. Give another file name.")
					      : _("%s belongs to a database beside it; writing there "
						  "would damage that database. Give another file "
						  "name."),
				       path);
	}
	return DB_OK;
}

const char *db_readonly(const qd_db *db)
{
	return db->readonly[0] ? db->readonly : NULL;
}

qd_rc db_errcode(const qd_db *db)
{
	return db->rc;
}

const char *db_errmsg(const qd_db *db)
{
	return db->err;
}

const char *db_errdetail(const qd_db *db)
{
	return db->detail;
}

int db_errfield(const qd_db *db)
{
	return db->field;
}

void db_set_errfield(qd_db *db, int field)
{
	db->field = field;
}

qd_rc db_fail(qd_db *db, qd_rc rc, int field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->err, sizeof db->err, fmt, ap);
	va_end(ap);
	db->detail[0] = '\0';
	db->rc = rc;
	db->field = field;
	return rc;
}

/* The kind of failure behind an SQLite result code. */
static qd_rc db_kind(int code)
{
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return DB_READONLY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return DB_CORRUPT;
	case SQLITE_FULL:
		return DB_FULL;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_NOLFS:
		return DB_IO;
	case SQLITE_CONSTRAINT:
		if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
			return DB_DUPLICATE;
		return DB_INVALID;
	default:
		return DB_ERROR;
	}
}

qd_rc db_fail_sqlite(qd_db *db, const char *what)
{
	int code = sqlite3_extended_errcode(db->h);
	char detail[sizeof db->detail];
	text_copy(detail, sizeof detail, sqlite3_errmsg(db->h));
	qd_rc rc = db_kind(code);
	switch (rc) {
	case DB_BUSY:
		db_fail(db, rc, 0,
			_("%s: another program is writing to the database and did not finish "
			  "within %d seconds. Nothing was changed; try again in a moment."),
			what, (db->busy_ms + 999) / 1000);
		break;
	case DB_READONLY:
		db_fail(db, rc, 0,
			_("%s: the database cannot be written (%s). Nothing was changed."), what,
			db->readonly[0] ? db->readonly : _("read-only file or directory"));
		break;
	case DB_CORRUPT:
		db->corrupt = true;
		db_fail(db, rc, 0,
			_("%s: the database file is damaged. Nothing more will be written to it; "
			  "run "
			  "\"qudao check --db %s\" to see what is wrong, and restore a backup."),
			what, db->path);
		break;
	case DB_FULL:
		db_fail(db, rc, 0,
			_("%s: the disk is full. Nothing was changed; free some space and try "
			  "again."),
			what);
		break;
	case DB_IO:
		db_fail(db, rc, 0,
			_("%s: the operating system could not read or write the database file. "
			  "Nothing was changed; check the disk and try again."),
			what);
		break;
	case DB_DUPLICATE:
		db_fail(db, rc, 0, _("%s: a value that must be unique is already used."), what);
		break;
	case DB_INVALID:
		db_fail(db, rc, 0, _("%s: a value breaks a rule of the database."), what);
		break;
	default:
		db_fail(db, rc, 0, _("%s: the database reported an error."), what);
		break;
	}
	text_copy(db->detail, sizeof db->detail, detail);
	return rc;
}

/* ---- statements -------------------------------------------------------- */

sqlite3_stmt *db_stmt(qd_db *db, const char *sql)
{
	for (int i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql) {
			sqlite3_stmt *st = db->cache[i].st;
			if (sqlite3_stmt_busy(st)) {
				/* Resetting it would cut short whoever is reading it. */
				db_fail(db, DB_ERROR, 0,
					_("Internal error: a query was used again before it "
					  "finished."));
				text_copy(db->detail, sizeof db->detail, sql);
				return NULL;
			}
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		db_fail_sqlite(db, _("Could not prepare a query"));
		return NULL;
	}
	if (db->ncache == db->capcache) {
		db->capcache = db->capcache ? db->capcache * 2 : 32;
		db->cache = xrealloc(db->cache, (size_t)db->capcache * sizeof *db->cache);
	}
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].st = st;
	db->ncache++;
	return st;
}

qd_rc db_bind_values(qd_db *db, sqlite3_stmt *st, int first, const struct db_val *v, int n)
{
	if (first + n - 1 > sqlite3_bind_parameter_count(st))
		return db_fail(db, DB_ERROR, 0,
			       _("Internal error: more values than a query has parameters."));
	int rc = SQLITE_OK;
	for (int k = 0; k < n && rc == SQLITE_OK; k++) {
		int i = first + k;
		switch (v[k].type) {
		case DBV_INT:
			rc = sqlite3_bind_int64(st, i, v[k].i);
			break;
		case DBV_TEXT:
			rc = sqlite3_bind_text(st, i, v[k].s, -1, SQLITE_TRANSIENT);
			break;
		default:
			rc = sqlite3_bind_null(st, i);
			break;
		}
	}
	return rc == SQLITE_OK ? DB_OK : db_fail_sqlite(db, _("Could not bind a value"));
}

int db_step(qd_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	/* Translated only when it is said: a loop over 100,000 rows would
	 * otherwise look the words up 100,000 times. */
	db_fail_sqlite(db, what[0] ? _(what) : what);
	sqlite3_reset(st);
	return -1;
}

qd_rc db_run(qd_db *db, sqlite3_stmt *st)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		qd_rc r = db_fail_sqlite(db, _("Could not write to the database"));
		sqlite3_reset(st);
		return r;
	}
	sqlite3_reset(st);
	return DB_OK;
}

qd_rc db_int_of(qd_db *db, sqlite3_stmt *st, int64_t *out, bool *found)
{
	*out = 0;
	if (found)
		*found = false;
	int r = db_step(db, st, N_("Could not read the database"));
	if (r < 0)
		return db->rc;
	if (r > 0) {
		*out = sqlite3_column_int64(st, 0);
		if (found)
			*found = true;
		sqlite3_reset(st);
	}
	return DB_OK;
}

qd_rc db_exec(qd_db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		sqlite3_free(msg);
		return db_fail_sqlite(db, _("Could not update the database"));
	}
	return DB_OK;
}

void db_now_utc(char buf[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- transactions ------------------------------------------------------ */

/* Runs SQL for the transaction machinery without losing the failure being
 * reported (a rollback must not overwrite why it happened). */
static void db_exec_quiet(qd_db *db, const char *sql)
{
	sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

enum db_kept_state db_kept_state(const qd_db *db)
{
	return db->kept;
}

void db_interrupt(qd_db *db)
{
	sqlite3_interrupt(db->h);
}

static int db_stop_tick(void *arg)
{
	qd_db *db = arg;
	if (db->stop && db->stop(db->stop_ctx))
		db->stopped = true;
	return db->stopped;
}

void db_set_stop(qd_db *db, bool (*stop)(void *ctx), void *ctx)
{
	db->stop = stop;
	db->stop_ctx = ctx;
	db->stopped = false;
	/* Every 1,000 steps of SQLite's machine: some thousands of times a
	 * second (a poll() each, well under a millisecond all told). */
	sqlite3_progress_handler(db->h, stop ? 1000 : 0, stop ? db_stop_tick : NULL, db);
}

bool db_stopped(const qd_db *db)
{
	return db->stopped;
}

int db_kept_n(const qd_db *db)
{
	return db->kept_n;
}

void db_kept_set_state(qd_db *db, enum db_kept_state state)
{
	db->kept = state;
	if (state == DB_KEPT_ON) {
		db->kept_n = db_kept_temp_count(db);
		db->kept_orders_n = 0;
	} else if (state == DB_KEPT_ORDERS) {
		db->kept_orders_n = db_kept_temp_count(db);
	}
}

int db_trigger_count(qd_db *db, bool in_connection)
{
	sqlite3_stmt *st;
	int n = -1;
	const char *sql =
		in_connection ? "SELECT count(*) FROM temp.sqlite_schema WHERE type = 'trigger'"
			      : "SELECT count(*) FROM main.sqlite_schema WHERE type = 'trigger'";
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

int db_kept_temp_count(qd_db *db)
{
	return db_trigger_count(db, true);
}

/* After a rollback (of the transaction or of a savepoint): the triggers
 * made or dropped inside it went with it, so what is there is counted
 * again. None inside a write means a pause from before the savepoint; any
 * other count than all or none cannot be trusted to keep anything. */
static void db_kept_recount(qd_db *db)
{
	int n = db_kept_temp_count(db);
	if (db->depth == 0)
		db->kept_orders_n = 0;
	/* A bulk import of orders first: its count could equal the other. */
	if (n > 0 && n == db->kept_orders_n)
		db->kept = DB_KEPT_ORDERS;
	else if (n > 0 && n == db->kept_n)
		db->kept = DB_KEPT_ON;
	else if (n == 0 && db->depth > 0)
		db->kept = DB_KEPT_PAUSED;
	else
		db->kept = DB_KEPT_ABSENT;
}

/* qudao_writer(): true on a connection that keeps the figures (its
 * triggers are in place, or a bulk load rebuilds them after). The file's
 * guards call it; elsewhere it does not exist. */
static void db_fn_writer(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	const qd_db *db = sqlite3_user_data(ctx);
	sqlite3_result_int(ctx, db->kept != DB_KEPT_ABSENT);
}

static qd_rc db_write_begin_top(qd_db *db);

qd_rc db_write_begin(qd_db *db)
{
	qd_rc rc = db_write_begin_top(db);
	/* A bulk import of orders whose write could not start: its triggers
	 * are not all there, and the next write makes them again. */
	if (rc && db->depth == 0 && db->kept == DB_KEPT_ORDERS)
		db->kept = DB_KEPT_ABSENT;
	return rc;
}

static qd_rc db_write_begin_top(qd_db *db)
{
	if (db->corrupt)
		return db_fail(db, DB_CORRUPT, 0,
			       _("The database file is damaged, so nothing is written to it. Run "
				 "\"qudao check --db %s\" to see what is wrong."),
			       db->path);
	if (db->readonly[0])
		return db_fail(db, DB_READONLY, 0, _("The database cannot be written: %s."),
			       db->readonly);
	if (db->read_depth > 0)
		return db_fail(db, DB_ERROR, 0,
			       _("Internal error: a write was started inside a read."));
	char sql[48];
	if (db->depth == 0) {
		if (!sqlite3_get_autocommit(db->h))
			return db_fail(db, DB_ERROR, 0,
				       _("Internal error: a transaction was left open."));
		if (db->kept == DB_KEPT_ABSENT && db_kept_install(db))
			return db->rc;
		if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return db_fail_sqlite(db, _("Could not start writing"));
		db->capture = sync_capture_start(db);
	} else {
		snprintf(sql, sizeof sql, "SAVEPOINT qd_%d", db->depth);
		if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
			return db_fail_sqlite(db, _("Could not start writing"));
	}
	db->depth++;
	return DB_OK;
}

qd_rc db_write_end(qd_db *db, qd_rc rc)
{
	if (db->depth <= 0)
		return rc ? rc : db_fail(db, DB_ERROR, 0, _("Internal error: no write to end."));
	db->depth--;
	/* SQLite itself rolls the whole transaction back on some errors (disk
	 * full, I/O): then there is nothing left to release or commit. */
	if (sqlite3_get_autocommit(db->h)) {
		if (db->depth == 0) {
			sync_capture_free(db->capture);
			db->capture = NULL;
			db_kept_recount(db);
		}
		if (rc == DB_OK)
			rc = db_fail(db, DB_ERROR, 0,
				     _("The change was undone by the database; nothing was "
				       "saved."));
		return rc;
	}
	char sql[64];
	if (db->depth > 0) {
		if (rc == DB_OK) {
			snprintf(sql, sizeof sql, "RELEASE qd_%d", db->depth);
			if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
				rc = db_fail_sqlite(db, _("Could not save"));
		}
		if (rc != DB_OK) {
			snprintf(sql, sizeof sql, "ROLLBACK TO qd_%d; RELEASE qd_%d", db->depth,
				 db->depth);
			db_exec_quiet(db, sql);
			db_kept_recount(db);
		}
		return rc;
	}
	/* A bulk load that paused the triggers and did not make the figures
	 * again must not commit rows whose figures nobody kept (every rollback
	 * counts the triggers again, so the state says whether they are all
	 * there). */
	if (rc == DB_OK && db->kept != DB_KEPT_ON)
		rc = db_fail(db, DB_ERROR, 0,
			     _("Internal error: the kept figures' triggers were not in place; "
			       "nothing was saved."));
	/* The record of the change goes into the log before COMMIT, in the same
	 * transaction: a crash keeps both or neither. */
	struct sync_capture *capture = db->capture;
	db->capture = NULL;
	if (rc == DB_OK && capture)
		rc = sync_capture_finish(db, capture);
	sync_capture_free(capture);
	if (rc == DB_OK) {
		if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
			db->generation++;
			return DB_OK;
		}
		rc = db_fail_sqlite(db, _("Could not save"));
	}
	if (!sqlite3_get_autocommit(db->h))
		db_exec_quiet(db, "ROLLBACK");
	db_kept_recount(db);
	return rc;
}

bool db_in_write(const qd_db *db)
{
	return db->depth > 0;
}

qd_rc db_read_begin(qd_db *db)
{
	if (db->depth > 0 || db->read_depth++ > 0)
		return DB_OK;
	if (sqlite3_exec(db->h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		db->read_depth = 0;
		return db_fail_sqlite(db, _("Could not read the database"));
	}
	return DB_OK;
}

void db_read_end(qd_db *db)
{
	if (db->depth > 0 || db->read_depth == 0)
		return;
	if (--db->read_depth == 0 && !sqlite3_get_autocommit(db->h))
		db_exec_quiet(db, "COMMIT");
}

uint64_t db_generation(qd_db *db)
{
	sqlite3_stmt *st = db_stmt(db, "PRAGMA data_version");
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		int v = sqlite3_column_int(st, 0);
		if (v != db->data_version) {
			db->data_version = v;
			db->generation++;
		}
	}
	if (st)
		sqlite3_reset(st);
	return db->generation;
}

bool db_memo_get(qd_db *db, const char *key, int64_t *value)
{
	uint64_t gen = db_generation(db);
	for (int i = 0; i < DB_MEMOS; i++) {
		struct db_memo *m = &db->memo[i];
		if (m->used && m->generation == gen && !strcmp(m->key, key)) {
			*value = m->value;
			return true;
		}
	}
	return false;
}

void db_memo_put(qd_db *db, const char *key, int64_t value, uint64_t generation)
{
	if (strlen(key) >= sizeof db->memo[0].key)
		return;
	struct db_memo *m = &db->memo[db->memo_next];
	db->memo_next = (db->memo_next + 1) % DB_MEMOS;
	text_copy(m->key, sizeof m->key, key);
	m->value = value;
	m->generation = generation;
	m->used = true;
}

static void (*db_progress_fn)(void *ctx, const char *stage, double fraction);
static void *db_progress_ctx;
/* Progress is told by the thread that asked for it: a helper thread's work
 * (provisioning's second connection) is part of the stage its owner
 * reports, and the display is not the helper's to draw on. */
static pthread_t db_progress_thread;

void db_set_progress(void (*progress)(void *ctx, const char *stage, double fraction), void *ctx)
{
	db_progress_fn = progress;
	db_progress_ctx = ctx;
	db_progress_thread = pthread_self();
}

void db_progress(const char *stage, double fraction)
{
	if (db_progress_fn && pthread_equal(db_progress_thread, pthread_self()))
		db_progress_fn(db_progress_ctx, stage, fraction);
}

/* ---- waiting for another writer ---------------------------------------- */

static int db_busy_handler(void *ctx, int count)
{
	qd_db *db = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0) {
		db->busy_start = now;
		db->busy_notified_ms = 0;
	}
	int waited = (int)((now.tv_sec - db->busy_start.tv_sec) * 1000 +
			   (now.tv_nsec - db->busy_start.tv_nsec) / 1000000);
	if (waited >= db->busy_ms)
		return 0;
	if (db->busy_notify && waited - db->busy_notified_ms >= DB_BUSY_NOTIFY_MS) {
		db->busy_notified_ms = waited;
		db->busy_notify(db->busy_ctx, waited, db->busy_ms - waited);
	}
	struct timespec pause = { 0, 20 * 1000000 };
	nanosleep(&pause, NULL);
	return 1;
}

void db_set_busy_notify(qd_db *db, void (*notify)(void *ctx, int waited_ms, int left_ms), void *ctx)
{
	db->busy_notify = notify;
	db->busy_ctx = ctx;
}

void db_cache_size_set(qd_db *db, int size)
{
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", size);
	db_exec_quiet(db, sql);
}

void db_set_cache_mb(qd_db *db, int mb)
{
	db_cache_size_set(db, -1024 * (mb > 2 ? mb : 2));
}

void db_set_busy_timeout(qd_db *db, int ms)
{
	db->busy_ms = ms;
}

/* ---- functions for SQL -------------------------------------------------- */

/* qd_pinyin_match(query, name): core/pinyin's matcher for the list search. */
static void db_fn_pinyin_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *q = (const char *)sqlite3_value_text(argv[0]);
	const char *name = (const char *)sqlite3_value_text(argv[1]);
	sqlite3_result_int(ctx, pinyin_match(q, name));
}

/* qd_pinyin_start(query, name): the same from the name's start. */
static void db_fn_pinyin_start(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *q = (const char *)sqlite3_value_text(argv[0]);
	const char *name = (const char *)sqlite3_value_text(argv[1]);
	sqlite3_result_int(ctx, pinyin_match_start(q, name));
}

/* qd_contains(haystack, needle): byte substring, which for UTF-8 is character
 * substring; cheaper than instr(), which counts characters. */
static void db_fn_contains(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *h = (const char *)sqlite3_value_text(argv[0]);
	const char *n = (const char *)sqlite3_value_text(argv[1]);
	sqlite3_result_int(ctx, h && n && strstr(h, n) != NULL);
}

/* qd_key_match(search_key, query): core/pinyin's match of a short search. */
static void db_fn_key_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *key = (const char *)sqlite3_value_text(argv[0]);
	const char *q = (const char *)sqlite3_value_text(argv[1]);
	sqlite3_result_int(ctx, pinyin_key_match(key, q));
}

/* qd_local_name(NAME, NAME_EN): the name to show in the language shown,
 * the Chinese one where there is no English one. For queries only: it is
 * neither deterministic nor innocuous, so no index or trigger can call it. */
static void db_fn_local_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *en = sqlite3_value_text(argv[1]);
	if (i18n_lang() == LANG_EN && en && *en)
		sqlite3_result_value(ctx, argv[1]);
	else if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
	else
		sqlite3_result_value(ctx, argv[0]);
}

static int db_register_functions(sqlite3 *h)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	return sqlite3_create_function(h, "qd_pinyin_match", 2, flags, NULL, db_fn_pinyin_match,
				       NULL, NULL) != SQLITE_OK ||
	       sqlite3_create_function(h, "qd_pinyin_start", 2, flags, NULL, db_fn_pinyin_start,
				       NULL, NULL) != SQLITE_OK ||
	       sqlite3_create_function(h, "qd_contains", 2, flags, NULL, db_fn_contains, NULL,
				       NULL) != SQLITE_OK ||
	       sqlite3_create_function(h, "qd_key_match", 2, flags, NULL, db_fn_key_match, NULL,
				       NULL) != SQLITE_OK ||
	       sqlite3_create_function(h, "qd_local_name", 2, SQLITE_UTF8, NULL, db_fn_local_name,
				       NULL, NULL) != SQLITE_OK;
}

/* ---- opening ------------------------------------------------------------ */

static int db_pragma_int(sqlite3 *h, const char *sql, int *out)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int db_cache_size(qd_db *db)
{
	int v = -16384;
	db_pragma_int(db->h, "PRAGMA cache_size", &v);
	return v;
}

/* Refuses a path (or its WAL) that is a symbolic link: writing through it
 * would change a file somewhere else. */
static int db_refuse_links(const char *path, char **err)
{
	const char *suffixes[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);
		struct stat sb;
		int link = lstat(p, &sb) == 0 && S_ISLNK(sb.st_mode);
		if (link)
			*err = i == 0 ? xasprintf(_("%s is a symbolic link. qudao does not open "
						    "a database through a link; give --db the "
						    "real path of the file."),
						  p)
				      : xasprintf(_("%s, the journal of the database, is a "
						    "symbolic link. The database was not opened; "
						    "remove the link (it is not qudao's) and try "
						    "again."),
						  p);
		free(p);
		if (link)
			return -1;
	}
	return 0;
}

/* Creates the file 0600 when missing. Returns 1 if created, 0 if it existed,
 * -1 on error. */
static int db_create_file(const char *path, qd_db_open_mode mode, char **err)
{
	struct stat sb;
	if (stat(path, &sb) == 0) {
		if (!S_ISREG(sb.st_mode)) {
			*err = xasprintf(_("%s is not a regular file; give --db the path of a "
					   "database file."),
					 path);
			return -1;
		}
		return 0;
	}
	if (errno != ENOENT || mode != DB_OPEN_CREATE) {
		*err = xasprintf(_("Cannot open the database %s: %s."), path, strerror(errno));
		return -1;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		*err = xasprintf(_("Cannot create the database %s: %s."), path, strerror(errno));
		return -1;
	}
	close(fd);
	return 1;
}

/* The files this process has open as databases, by device and inode, and
 * how many connections each. Closing any descriptor of a file drops every
 * lock the process holds on it, SQLite's included: a second connection's
 * opening (the scorecards read a large board on two) read the header
 * through a descriptor of its own, and left the first connection without
 * its shared lock. The next process to close the file then took the WAL
 * for unused, checkpointed and deleted it, and what the first connection
 * saved after was seen by no other process and came back over their
 * writes when it closed. A file open here already is not read by hand
 * again: it was checked when it was first opened, and SQLite shares its
 * locks among the process's connections. */
struct db_file {
	dev_t dev;
	ino_t ino;
	int n;
};
static pthread_mutex_t db_files_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db_file *db_files;
static int db_nfiles;

/* Whether the file at path is open here (it has not moved since). */
static bool db_file_open_here(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return false;
	pthread_mutex_lock(&db_files_lock);
	bool here = false;
	for (int i = 0; i < db_nfiles && !here; i++)
		here = db_files[i].dev == sb.st_dev && db_files[i].ino == sb.st_ino;
	pthread_mutex_unlock(&db_files_lock);
	return here;
}

/* db's file counted open (by the descriptor SQLite opened), or no longer. */
static void db_file_count(qd_db *db, int by)
{
	pthread_mutex_lock(&db_files_lock);
	int i = 0;
	while (i < db_nfiles && !(db_files[i].dev == db->dev && db_files[i].ino == db->ino))
		i++;
	if (by > 0 && i == db_nfiles) {
		db_files = xrealloc(db_files, (size_t)(db_nfiles + 1) * sizeof *db_files);
		db_files[db_nfiles++] = (struct db_file){ db->dev, db->ino, 0 };
	}
	if (i < db_nfiles && (db_files[i].n += by) <= 0)
		db_files[i] = db_files[--db_nfiles];
	pthread_mutex_unlock(&db_files_lock);
}

/* Is the file an SQLite database? 1 yes, 2 empty, 0 no (with *err), -1 on
 * error. Reads its 16-byte header. */
static int db_looks_like_sqlite(const char *path, char **err)
{
	int kind = db_file_kind(path, false);
	if (kind == DB_FILE_UNREADABLE) {
		*err = xasprintf(_("Cannot read the database %s: %s."), path, strerror(errno));
		return -1;
	}
	if (kind == DB_FILE_EMPTY)
		return 2;
	if (kind == DB_FILE_SQLITE)
		return 1;
	*err = xasprintf(_("%s is not a qudao database (it is not an SQLite file). It was left "
			   "untouched; give --db the path of a qudao database or of a new file."),
			 path);
	return 0;
}

/* Why the file cannot be written, into why ("" when it can). A WAL database
 * also needs its directory to make the -wal and -shm files. */
static void db_writable(const char *path, char *why, size_t size)
{
	why[0] = '\0';
	if (access(path, W_OK) != 0) {
		snprintf(why, size, _("the file %s is read-only"), path);
		return;
	}
	char *copy = xstrdup(path);
	const char *dir = dirname(copy);
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	bool sides = access(wal, W_OK) == 0 && access(shm, W_OK) == 0;
	if (!sides && access(dir, W_OK) != 0)
		snprintf(why, size, _("its directory %s is read-only"), dir);
	free(wal);
	free(shm);
	free(copy);
}

/* The objects of a schema, by name. */
struct db_object {
	char *type, *name, *sql;
};
struct db_objects {
	struct db_object *o;
	int n;
	bool borrowed; /* the strings are the build's constants, not copies */
};

static void db_objects_free(struct db_objects *s)
{
	for (int i = 0; i < s->n && !s->borrowed; i++) {
		free(s->o[i].type);
		free(s->o[i].name);
		free(s->o[i].sql);
	}
	free(s->o);
	s->o = NULL;
	s->n = 0;
}

static int db_objects_read(sqlite3 *h, struct db_objects *out)
{
	sqlite3_stmt *st;
	out->o = NULL;
	out->n = 0;
	out->borrowed = false;
	if (sqlite3_prepare_v2(h, "SELECT type, name, coalesce(sql, '') FROM sqlite_schema", -1,
			       &st, NULL) != SQLITE_OK)
		return -1;
	int rc, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->o = xrealloc(out->o, (size_t)cap * sizeof *out->o);
		}
		struct db_object *o = &out->o[out->n++];
		o->type = xstrdup((const char *)sqlite3_column_text(st, 0));
		o->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		o->sql = xstrdup((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const struct db_object *db_objects_find(const struct db_objects *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->o[i].name, name))
			return &s->o[i];
	return NULL;
}

static int db_object_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct db_object *const *)a)->name,
		      (*(const struct db_object *const *)b)->name);
}

/* s's objects by name, to look up in log time: a compare of two schemas of
 * 170 objects is then not 30,000 string compares. The caller frees it. */
static const struct db_object **db_objects_sorted(const struct db_objects *s)
{
	const struct db_object **v = xcalloc((size_t)s->n + 1, sizeof *v);
	for (int i = 0; i < s->n; i++)
		v[i] = &s->o[i];
	qsort(v, (size_t)s->n, sizeof *v, db_object_cmp);
	return v;
}

static const struct db_object *db_objects_lookup(const struct db_object **sorted, int n,
						 const char *name)
{
	struct db_object key = { .name = (char *)name };
	const struct db_object *k = &key;
	const struct db_object **hit =
		bsearch(&k, sorted, (size_t)n, sizeof *sorted, db_object_cmp);
	return hit ? *hit : NULL;
}

static qd_rc db_migrate_to(qd_db *db, int from, int to, bool own_transaction);

/* The schema that version `version` defines, made in memory by running the
 * migrations: the truth, but some 30 ms of parsing. */
static int db_reference_schema_made(int version, struct db_objects *out)
{
	qd_db ref = { 0 };
	ref.path = (char *)":memory:";
	if (sqlite3_open_v2(":memory:", &ref.h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(ref.h);
		return -1;
	}
	db_register_functions(ref.h);
	int rc = -1;
	if (db_migrate_to(&ref, 0, version, true) == DB_OK)
		rc = db_objects_read(ref.h, out);
	for (int i = 0; i < ref.ncache; i++)
		sqlite3_finalize(ref.cache[i].st);
	free(ref.cache);
	sqlite3_close(ref.h);
	return rc;
}

/* The same, as the build wrote it down (schema_ref.c, made by schema-dump
 * from these very migrations; schema-dump itself has an empty list). */
static int db_reference_schema_built(int version, struct db_objects *out)
{
	out->o = NULL;
	out->n = 0;
	for (const struct db_schema_ref *r = db_schema_refs; r->version; r++) {
		if (r->version != version)
			continue;
		out->o = xcalloc((size_t)r->n + 1, sizeof *out->o);
		for (int i = 0; i < r->n; i++) {
			out->o[i].type = (char *)r->objects[i].type;
			out->o[i].name = (char *)r->objects[i].name;
			out->o[i].sql = (char *)r->objects[i].sql;
		}
		out->n = r->n;
		out->borrowed = true;
		return 0;
	}
	return -1;
}

int db_schema_dump(int version, void (*object)(void *ctx, const char *type, const char *name,
					       const char *sql),
		   void *ctx)
{
	struct db_objects ref;
	if (db_reference_schema_made(version, &ref))
		return -1;
	/* By name: db_schema_same looks names up in the build's copy. */
	const struct db_object **by_name = db_objects_sorted(&ref);
	for (int i = 0; i < ref.n; i++)
		object(ctx, by_name[i]->type, by_name[i]->name, by_name[i]->sql);
	free(by_name);
	db_objects_free(&ref);
	return 0;
}

/* Objects SQLite makes by itself (ANALYZE's statistics) and the tables a
 * virtual table keeps its data in, whose text SQLite versions word
 * differently; neither can run code. */
/* ANALYZE's statistics, which SQLite makes by itself. */
static bool db_object_is_statistics(const char *type, const char *name)
{
	return !strcmp(type, "table") &&
	       (!strcmp(name, "sqlite_stat1") || !strcmp(name, "sqlite_stat4"));
}

static bool db_object_tolerated(const struct db_object *o, const struct db_objects *ref)
{
	if (db_object_is_statistics(o->type, o->name))
		return true;
	if (strcmp(o->type, "table"))
		return false;
	for (int i = 0; i < ref->n; i++) {
		const struct db_object *r = &ref->o[i];
		size_t n = strlen(r->name);
		if (!strcmp(r->type, "table") && strstr(r->sql, "VIRTUAL TABLE") &&
		    !strncmp(o->name, r->name, n) && o->name[n] == '_' &&
		    db_objects_find(ref, o->name))
			return true;
	}
	return false;
}

/* Compares the file's schema with ref. Each difference goes to report (when
 * not NULL) and is counted. */
static int db_schema_compare(const struct db_objects *mine, const struct db_objects *ref,
			     int version, void (*report)(void *ctx, const char *line), void *ctx)
{
	int problems = 0;
	const struct db_object **by_name_ref = db_objects_sorted(ref),
			       **by_name_mine = db_objects_sorted(mine);
	for (int i = 0; i < mine->n; i++) {
		const struct db_object *o = &mine->o[i];
		const struct db_object *r = db_objects_lookup(by_name_ref, ref->n, o->name);
		char *line = NULL;
		/* The object as the version defines it: the usual case, and the
		 * cheapest to see. */
		if (r && !strcmp(o->type, r->type) && !strcmp(o->sql, r->sql))
			continue;
		if (db_object_tolerated(o, ref))
			continue;
		if (!r)
			line = xasprintf(_("schema: %s \"%s\" is not part of qudao's schema "
					   "(version %d)"),
					 o->type, o->name, version);
		else if (strcmp(o->type, r->type) || strcmp(o->sql, r->sql))
			line = xasprintf(_("schema: %s \"%s\" differs from qudao's definition"),
					 o->type, o->name);
		if (line) {
			if (report)
				report(ctx, line);
			free(line);
			problems++;
		}
	}
	for (int i = 0; i < ref->n; i++) {
		if (db_objects_lookup(by_name_mine, mine->n, ref->o[i].name))
			continue;
		char *line =
			xasprintf(_("schema: %s \"%s\" is missing"), ref->o[i].type, ref->o[i].name);
		if (report)
			report(ctx, line);
		free(line);
		problems++;
	}
	free(by_name_ref);
	free(by_name_mine);
	return problems;
}

static int db_ref_object_cmp(const void *key, const void *o)
{
	return strcmp(key, ((const struct db_ref_object *)o)->name);
}

/* Whether the file's schema is, object for object, the build's copy of
 * version's (its objects sorted by name, db_schema_dump): read as it comes,
 * nothing copied, for the usual case at every open. 1 when it is, 0 when
 * anything differs (db_schema_compare then says what), -1 when it cannot
 * tell. */
static int db_schema_same(sqlite3 *h, int version)
{
	const struct db_schema_ref *r = db_schema_refs;
	while (r->version && r->version != version)
		r++;
	sqlite3_stmt *st;
	if (!r->version || sqlite3_prepare_v2(h, "SELECT type, name, sql FROM sqlite_schema", -1,
					      &st, NULL) != SQLITE_OK)
		return -1;
	int n = 0, rc, same = 1;
	while (same && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0),
			   *name = (const char *)sqlite3_column_text(st, 1),
			   *sql = (const char *)sqlite3_column_text(st, 2);
		/* As db_object_tolerated lets them be. */
		if (type && name && db_object_is_statistics(type, name))
			continue;
		const struct db_ref_object *o =
			name ? bsearch(name, r->objects, (size_t)r->n, sizeof *r->objects,
				       db_ref_object_cmp)
			     : NULL;
		/* Each name is looked up, so n objects all found and equal
		 * are the reference's n. */
		same = o && type && !strcmp(type, o->type) && !strcmp(sql ? sql : "", o->sql);
		n++;
	}
	sqlite3_finalize(st);
	if (same && rc != SQLITE_DONE)
		return -1;
	return same && n == r->n;
}

/* Compares the file's schema with what its version defines: first with the
 * build's copy (fast); when that differs, with the schema made here by the
 * migrations, so an SQLite that words its stored text differently from the
 * one the build ran never refuses a good file. -1 when it cannot compare. */
static int db_schema_diff(sqlite3 *h, int version, void (*report)(void *ctx, const char *line),
			  void *ctx)
{
	if (db_schema_same(h, version) == 1)
		return 0;
	struct db_objects mine, ref;
	if (db_objects_read(h, &mine))
		return -1;
	if (!db_reference_schema_built(version, &ref)) {
		int quick = db_schema_compare(&mine, &ref, version, NULL, NULL);
		db_objects_free(&ref);
		if (quick == 0) {
			db_objects_free(&mine);
			return 0;
		}
	}
	if (db_reference_schema_made(version, &ref)) {
		db_objects_free(&mine);
		return -1;
	}
	int problems = db_schema_compare(&mine, &ref, version, report, ctx);
	db_objects_free(&mine);
	db_objects_free(&ref);
	return problems;
}

/* Collects the first few differences into one message. */
struct db_diff_text {
	char text[1024];
	int n;
};

static void db_diff_collect(void *ctx, const char *line)
{
	struct db_diff_text *d = ctx;
	size_t used = strlen(d->text);
	if (d->n++ < 5 && used < sizeof d->text - 4)
		snprintf(d->text + used, sizeof d->text - used, "\n  %s", line);
}

/* Decides, without writing anything, whether this SQLite file is ours and
 * which schema it has. Returns the user_version (0 for a new, empty file), or
 * -1 with *err set. */
static int db_inspect(qd_db *db, qd_db_open_mode mode, char **err)
{
	int app = 0, version = 0, objects = 0;
	if (db_pragma_int(db->h, "PRAGMA application_id", &app) ||
	    db_pragma_int(db->h, "PRAGMA user_version", &version) ||
	    db_pragma_int(db->h, "SELECT count(*) FROM sqlite_schema", &objects)) {
		int code = sqlite3_extended_errcode(db->h);
		char *msg = text_sanitize(sqlite3_errmsg(db->h));
		if (db_kind(code) == DB_CORRUPT)
			*err = xasprintf(_("%s is damaged and cannot be read as a database (%s). "
					   "It was left untouched; restore a backup."),
					 db->path, msg);
		else
			*err = xasprintf(_("%s could not be read as a database: %s. It was left "
					   "untouched."),
					 db->path, msg);
		free(msg);
		return -1;
	}
	if (app == 0 && version == 0 && objects == 0) {
		if (mode == DB_OPEN_CHECK) {
			*err = xasprintf(_("%s is not a qudao database (it is empty)."), db->path);
			return -1;
		}
		return 0;
	}
	if (app != DB_APPLICATION_ID) {
		*err = xasprintf(
			_("%s is an SQLite database, but not a qudao one. It was left "
			  "untouched; give --db the path of a qudao database or of a new file."),
			db->path);
		return -1;
	}
	if (version > DB_SCHEMA_VERSION) {
		*err = xasprintf(
			_("%s was written by a newer qudao (schema %d; this one knows up to %d). "
			  "It was not changed; install a newer qudao to open it."),
			db->path, version, DB_SCHEMA_VERSION);
		return -1;
	}
	if (version < 1) {
		*err = xasprintf(_("%s has no schema version; it is not a qudao database. It "
				   "was left untouched."),
				 db->path);
		return -1;
	}
	if (mode != DB_OPEN_CHECK) {
		struct db_diff_text d = { "", 0 };
		int diff = db_schema_diff(db->h, version, db_diff_collect, &d);
		if (diff != 0) {
			*err = diff < 0 ? xasprintf(_("%s: its schema could not be read. It was "
						      "left untouched."),
						    db->path)
					: xasprintf(_("%s has a schema that differs from the one "
						      "qudao makes (a trigger or view planted in "
						      "it could run code when it is edited). It "
						      "was not opened and was left untouched; run "
						      "\"qudao check\" on it to see every "
						      "difference:%s"),
						    db->path, d.text);
			return -1;
		}
	}
	return version;
}

/* Whether an upgrade from `from` to `to` can leave a reference broken:
 * not when every version it runs keeps them (db_version_keeps_references),
 * and then the check of every reference is skipped. */
static bool db_migration_moves_references(int from, int to)
{
	for (int v = from + 1; v <= to; v++)
		if (v > DB_SCHEMA_VERSION || !db_version_keeps_references[v])
			return true;
	return false;
}

/* Runs the migrations after `from` up to `to`. With own_transaction, in one
 * transaction of its own with foreign keys off (rebuilt tables drop and
 * recreate their parents), checked before commit. */
static qd_rc db_migrate_to(qd_db *db, int from, int to, bool own_transaction)
{
	if (own_transaction) {
		db_exec_quiet(db, "PRAGMA foreign_keys = OFF");
		if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return db_fail_sqlite(db, _("Could not upgrade the database"));
	}
	qd_rc rc = DB_OK;
	for (int s = 0; db_migration_sets[s] && rc == DB_OK; s++)
		for (const struct db_migration *m = db_migration_sets[s]; m->version && rc == DB_OK;
		     m++) {
			if (m->version <= from || m->version > to)
				continue;
			if (m->sql && (rc = db_exec(db, m->sql)))
				break;
			if (m->fn)
				rc = m->fn(db);
		}
	if (rc == DB_OK && own_transaction && db_migration_moves_references(from, to)) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st, NULL) !=
		    SQLITE_OK) {
			rc = db_fail_sqlite(db, _("Could not upgrade the database"));
		} else {
			if (sqlite3_step(st) == SQLITE_ROW)
				rc = db_fail(db, DB_ERROR, 0,
					     _("The upgrade would leave a row of %s pointing to a "
					       "missing row."),
					     (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
	}
	if (rc == DB_OK) {
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
			 DB_APPLICATION_ID, to);
		rc = db_exec(db, sql);
	}
	if (own_transaction) {
		if (rc == DB_OK && sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			rc = db_fail_sqlite(db, _("Could not upgrade the database"));
		if (rc != DB_OK && !sqlite3_get_autocommit(db->h))
			db_exec_quiet(db, "ROLLBACK");
		db_exec_quiet(db, "PRAGMA foreign_keys = ON");
	}
	return rc;
}

static void db_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_open(const char *path, qd_db_open_mode mode, qd_db **out, char **err)
{
	*out = NULL;
	*err = NULL;
	if (db_refuse_links(path, err))
		return -1;
	int created = db_create_file(path, mode, err);
	if (created < 0)
		return -1;
	if (!created && !db_file_open_here(path)) {
		int kind = db_looks_like_sqlite(path, err);
		if (kind <= 0)
			return -1;
		if (kind == 2 && mode == DB_OPEN_CHECK) {
			*err = xasprintf(_("%s is not a qudao database (it is empty)."), path);
			return -1;
		}
	}

	/* No allocation statistics: they cost a global mutex per malloc. Once,
	 * before SQLite is initialised: sqlite3_config() is not for a second
	 * thread (the scorecards read a large board on two). */
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, db_configure);
	qd_db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db->data_version = -1;
	db->busy_ms = DB_BUSY_MS;
	db_set_user(db, getenv("USER"));
	if (mode == DB_OPEN_CHECK)
		snprintf(db->readonly, sizeof db->readonly, "%s", _("opened for checking only"));
	else if (mode == DB_OPEN_READONLY)
		snprintf(db->readonly, sizeof db->readonly, "%s", _("opened read-only"));
	else
		db_writable(path, db->readonly, sizeof db->readonly);
	int flags = SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI |
		    (db->readonly[0] ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
	/* Read-only in a directory where the -shm cannot be made: immutable. */
	char *uri = NULL;
	char *shm = xasprintf("%s-shm", path);
	char *copy = xstrdup(path);
	bool immutable = db->readonly[0] && access(shm, R_OK) != 0 && access(dirname(copy), W_OK);
	free(copy);
	free(shm);
	char *enc = sqlite3_mprintf("%s", path);
	/* A path given to SQLite as a URI needs its special characters escaped. */
	uri = xmalloc(strlen(enc) * 3 + 32);
	strcpy(uri, "file:");
	char *o = uri + 5;
	for (const unsigned char *p = (const unsigned char *)enc; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21)
			o += sprintf(o, "%%%02X", *p);
		else
			*o++ = (char)*p;
	}
	strcpy(o, immutable ? "?immutable=1" : "");
	sqlite3_free(enc);
	int orc = sqlite3_open_v2(uri, &db->h, flags, NULL);
	free(uri);
	if (orc != SQLITE_OK) {
		char *msg = text_sanitize(db->h ? sqlite3_errmsg(db->h) : strerror(ENOMEM));
		*err = xasprintf(_("Cannot open the database %s: %s."), path, msg);
		free(msg);
		db_close(db);
		return -1;
	}
	/* The file SQLite opened, counted (db_files). */
	struct stat sb;
	if (stat(path, &sb) == 0) {
		db->dev = sb.st_dev;
		db->ino = sb.st_ino;
		db->counted = true;
		db_file_count(db, 1);
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_handler(db->h, db_busy_handler, db);
	/* Triggers and views of a file are not trusted to call functions with
	 * side effects, and the file cannot be made to corrupt itself. */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);

	int version = db_inspect(db, mode, err);
	if (version < 0) {
		db_close(db);
		return -1;
	}
	bool ok = db_register_functions(db->h) == 0 &&
		  sqlite3_create_function(db->h, "qudao_writer", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
					  db, db_fn_writer, NULL, NULL) == SQLITE_OK;
	if (ok && !db->readonly[0] &&
	    db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"))
		ok = false;
	/* 16 MB of page cache, not SQLite's 2 MB: the list's indexes and a
	 * screen's queries stay in memory on a large database. Savepoints keep
	 * the pages they may roll back in memory, not in a temporary file:
	 * every write function opens one, and an import of 100,000 orders
	 * wrote a million pages to disk for them (8,000 rows/s, now 20,000). */
	if (ok && db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384;"
			      " PRAGMA temp_store = MEMORY;"))
		ok = false;
	if (ok && version < DB_SCHEMA_VERSION && mode != DB_OPEN_CHECK) {
		if (db->readonly[0]) {
			*err = xasprintf(_("%s needs an upgrade to schema %d, but %s. Open it "
					   "once where it can be written."),
					 path, DB_SCHEMA_VERSION, db->readonly);
			db_close(db);
			return -1;
		}
		db_progress(_("upgrading the database"), 0.0);
		if (db_migrate_to(db, version, DB_SCHEMA_VERSION, true))
			ok = false;
	}
	/* Keys made with another pinyin table are made again, so no row is
	 * left unfindable by a search the new table answers. */
	if (ok && !db->readonly[0] && mode != DB_OPEN_CHECK && db_keys_refresh(db))
		ok = false;
	/* The device identity, made when a writable database has none: from
	 * here on every write is recorded for sync. */
	if (ok && mode != DB_OPEN_CHECK && sync_load_identity(db))
		ok = false;
	if (!ok) {
		*err = xasprintf(_("Cannot prepare the database %s: %s"), path, db->err);
		db_close(db);
		return -1;
	}
	db_generation(db);
	*out = db;
	return 0;
}

qd_rc db_version_missed(qd_db *db, const char *exists_sql, int64_t id, const char *conflict,
			const char *gone)
{
	sqlite3_stmt *st = db_stmt(db, exists_sql);
	bool found = false;
	int64_t one;
	if (!st || db_bind(db, st, db_int(id)) || db_int_of(db, st, &one, &found))
		return db_errcode(db);
	return found ? db_fail(db, DB_CONFLICT, 0, "%s", conflict)
		     : db_fail(db, DB_NOTFOUND, 0, "%s", gone);
}

void db_close(qd_db *db)
{
	if (!db)
		return;
	sync_capture_free(db->capture);
	sync_forget(db);
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	free(db->cache);
	if (db->h)
		sqlite3_close(db->h);
	if (db->counted)
		db_file_count(db, -1);
	free(db->path);
	free(db);
}

/* ---- checking ----------------------------------------------------------- */

struct db_checker {
	qd_db *db;
	void (*report)(void *ctx, const char *line);
	void (*progress)(void *ctx, const char *stage, double fraction);
	void *ctx;
	int problems;
	/* For the progress handler: the stage and how far it is guessed to be. */
	const char *stage;
	double from, to;
	int64_t steps, expected;
};

static void db_check_line(struct db_checker *c, char *line)
{
	if (c->report)
		c->report(c->ctx, line);
	free(line);
	c->problems++;
}

static int db_check_tick(void *arg)
{
	struct db_checker *c = arg;
	c->steps++;
	if (c->progress && c->expected > 0) {
		double f = (double)c->steps / (double)c->expected;
		if (f > 0.99)
			f = 0.99;
		c->progress(c->ctx, c->stage, c->from + (c->to - c->from) * f);
	}
	return 0;
}

/* Runs a check query whose rows are problems; fmt_row makes their lines. */
static int db_check_rows(struct db_checker *c, const char *sql, const char *stage, double from,
			 double to, char *(*fmt_row)(sqlite3_stmt *st))
{
	sqlite3_stmt *st;
	c->stage = stage;
	c->from = from;
	c->to = to;
	c->steps = 0;
	if (c->progress)
		c->progress(c->ctx, stage, from);
	if (sqlite3_prepare_v2(c->db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail_sqlite(c->db, stage), -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *line = fmt_row(st);
		if (line)
			db_check_line(c, line);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail_sqlite(c->db, stage), -1;
	return 0;
}

static char *db_check_integrity_row(sqlite3_stmt *st)
{
	const char *line = (const char *)sqlite3_column_text(st, 0);
	return line && strcmp(line, "ok") ? xasprintf(_("integrity: %s"), line) : NULL;
}

static char *db_check_fk_row(sqlite3_stmt *st)
{
	return xasprintf(_("foreign key: row %lld of %s points to a missing row of %s"),
			 (long long)sqlite3_column_int64(st, 1),
			 (const char *)sqlite3_column_text(st, 0),
			 (const char *)sqlite3_column_text(st, 2));
}

static char *db_check_summary_row(sqlite3_stmt *st)
{
	/* Figures of no one distributor (a territory's, a total) say so. */
	if (sqlite3_column_int64(st, 1) == 0)
		return xasprintf(_("summary: %s is kept as %s, recomputed %s"),
				 (const char *)sqlite3_column_text(st, 0),
				 (const char *)sqlite3_column_text(st, 2),
				 (const char *)sqlite3_column_text(st, 3));
	return xasprintf(
		_("summary: %s of distributor %lld is kept as %s, recomputed %s"),
		(const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
		(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3));
}

static void db_check_schema_line(void *ctx, const char *line)
{
	db_check_line(ctx, xstrdup(line));
}



int db_check(qd_db *db, void (*report)(void *ctx, const char *line),
	     void (*progress)(void *ctx, const char *stage, double fraction), void *ctx)
{
	struct db_checker c = { db, report, progress, ctx, 0, "", 0, 0, 0, 0 };
	int pages = 0;
	db_pragma_int(db->h, "PRAGMA page_count", &pages);
	sqlite3_progress_handler(db->h, 1000, db_check_tick, &c);
	int rc = -1;
	int version = 0;
	if (db_pragma_int(db->h, "PRAGMA user_version", &version)) {
		db_fail_sqlite(db, _("Schema version"));
		goto out;
	}
	/* Guessed from experience: integrity_check runs about 60 instructions
	 * thousand per page. */
	c.expected = (int64_t)pages * 60 / 1000 + 1;
	if (db_check_rows(&c, "PRAGMA integrity_check", _("integrity"), 0.0, 0.6,
			  db_check_integrity_row))
		goto out;
	c.expected = (int64_t)pages * 30 / 1000 + 1;
	if (db_check_rows(&c, "PRAGMA foreign_key_check", _("foreign keys"), 0.6, 0.85,
			  db_check_fk_row))
		goto out;
	c.stage = _("schema");
	if (progress)
		progress(ctx, c.stage, 0.85);
	int diff = db_schema_diff(db->h, version, db_check_schema_line, &c);
	if (diff < 0) {
		db_fail(db, DB_ERROR, 0, _("The schema could not be compared."));
		goto out;
	}
	if (version == DB_SCHEMA_VERSION && diff == 0) {
		c.expected = (int64_t)pages * 10 / 1000 + 1;
		for (int k = 0; db_kept_sets[k]; k++)
			for (int i = 0; db_kept_sets[k]->checks[i]; i++)
				if (db_check_rows(&c, db_kept_sets[k]->checks[i], _("summaries"),
						  0.9, 1.0, db_check_summary_row))
					goto out;
	}
	int app = 0;
	db_pragma_int(db->h, "PRAGMA application_id", &app);
	if (app != DB_APPLICATION_ID)
		db_check_line(&c, xasprintf(_("schema: the file is not marked as qudao's")));
	if (progress)
		progress(ctx, _("done"), 1.0);
	rc = c.problems;
out:
	sqlite3_progress_handler(db->h, 0, NULL, NULL);
	return rc;
}

int db_file_version(qd_db *db)
{
	int version = 0;
	return db_pragma_int(db->h, "PRAGMA user_version", &version) ? -1 : version;
}

int64_t db_count(qd_db *db, const char *table)
{
	/* Table names cannot be bound: accept only names of this schema. */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	int known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!known)
		return db_fail(db, DB_ERROR, 0, _("No table %s"), table), -1;
	char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
	int64_t n = -1;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		else
			db_fail_sqlite(db, _("Could not count rows"));
		sqlite3_finalize(st);
	} else {
		db_fail_sqlite(db, _("Could not count rows"));
	}
	sqlite3_free(sql);
	return n;
}
