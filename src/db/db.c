/* Opening, refusing, migrating and checking the database; the statement cache
 * and the bind helper every db/ module uses. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_internal.h"
#include "qudao/i18n.h"
#include "qudao/pinyin.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

struct db_cached {
	const char *sql;
	sqlite3_stmt *st;
};

struct qd_db {
	sqlite3 *h;
	char *path;
	struct db_cached *cache;
	int ncache, capcache;
	char err[1024];
};

sqlite3 *db_handle(qd_db *db)
{
	return db->h;
}

const char *db_path(const qd_db *db)
{
	return db->path;
}

const char *db_errmsg(const qd_db *db)
{
	return db->err;
}

int db_fail(qd_db *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->err, sizeof db->err, fmt, ap);
	va_end(ap);
	return -1;
}

int db_fail_sqlite(qd_db *db, const char *what)
{
	return db_fail(db, "%s: %s", what, sqlite3_errmsg(db->h));
}

sqlite3_stmt *db_stmt(qd_db *db, const char *sql)
{
	for (int i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql) {
			sqlite3_reset(db->cache[i].st);
			sqlite3_clear_bindings(db->cache[i].st);
			return db->cache[i].st;
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

static int db_vbind(qd_db *db, sqlite3_stmt *st, int first, const char *fmt, va_list ap)
{
	int rc = SQLITE_OK;
	for (int i = first; *fmt && rc == SQLITE_OK; fmt++, i++) {
		switch (*fmt) {
		case 'i':
			rc = sqlite3_bind_int(st, i, va_arg(ap, int));
			break;
		case 'I':
			rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 't': {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, i);
			break;
		}
		case 's': {
			/* The caller keeps the text alive until the statement is reset. */
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC)
			       : sqlite3_bind_null(st, i);
			break;
		}
		case 'T': {
			const char *s = va_arg(ap, const char *);
			rc = s && *s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT)
				     : sqlite3_bind_null(st, i);
			break;
		}
		case 'n':
			rc = sqlite3_bind_null(st, i);
			break;
		default:
			rc = SQLITE_MISUSE;
		}
	}
	return rc == SQLITE_OK ? 0 : db_fail_sqlite(db, _("Could not bind a value"));
}

int db_bind(qd_db *db, sqlite3_stmt *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = db_vbind(db, st, 1, fmt, ap);
	va_end(ap);
	return rc;
}

int db_bind_at(qd_db *db, sqlite3_stmt *st, int first, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = db_vbind(db, st, first, fmt, ap);
	va_end(ap);
	return rc;
}

int db_run(qd_db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_fail_sqlite(db, _("Could not write to the database"));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

int db_exec(qd_db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		db_fail(db, "%s", msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_begin(qd_db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int db_commit(qd_db *db)
{
	return db_exec(db, "COMMIT");
}

void db_rollback(qd_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/* qd_pinyin_match(query, name): core/pinyin's matcher for the list search. */
static void db_fn_pinyin_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *q = (const char *)sqlite3_value_text(argv[0]);
	const char *name = (const char *)sqlite3_value_text(argv[1]);
	sqlite3_result_int(ctx, pinyin_match(q, name));
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

static int db_pragma_int(qd_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
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
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		*err = xasprintf(_("Cannot create the database %s: %s."), path, strerror(errno));
		return -1;
	}
	close(fd);
	return 1;
}

/* Is the file an SQLite database (or empty)? Reads its 16-byte header. */
static int db_looks_like_sqlite(const char *path, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = xasprintf(_("Cannot read the database %s: %s."), path, strerror(errno));
		return -1;
	}
	char head[16];
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	if (n == 0)
		return 1;
	if (n == (ssize_t)sizeof head && memcmp(head, "SQLite format 3", 16) == 0)
		return 1;
	*err = xasprintf(_("%s is not a qudao database (it is not an SQLite file). It was left "
			   "untouched; give --db the path of a qudao database or of a new file."),
			 path);
	return 0;
}

static int db_migrate(qd_db *db, int from)
{
	if (db_begin(db))
		return -1;
	/* Several entries may make up one version; they run in order. */
	for (int i = 0; i < db_migration_count; i++) {
		if (db_migrations[i].version <= from)
			continue;
		if (db_exec(db, db_migrations[i].sql)) {
			char msg[sizeof db->err];
			text_copy(msg, sizeof msg, db->err);
			db_rollback(db);
			return db_fail(db, _("Migration to schema %d failed: %s"),
				       db_migrations[i].version, msg);
		}
	}
	char sql[96];
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		 DB_APPLICATION_ID, DB_SCHEMA_VERSION);
	if (db_exec(db, sql) || db_commit(db)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* Decides, without writing anything, whether this SQLite file is ours and
 * which schema it has. Returns the user_version, or -1 with *err set. */
static int db_inspect(qd_db *db, char **err)
{
	int app = 0, version = 0, objects = 0;
	if (db_pragma_int(db, "PRAGMA application_id", &app) ||
	    db_pragma_int(db, "PRAGMA user_version", &version) ||
	    db_pragma_int(db, "SELECT count(*) FROM sqlite_schema", &objects)) {
		*err = xasprintf(
			_("%s could not be read as a database: %s. It was left untouched."),
			db->path, sqlite3_errmsg(db->h));
		return -1;
	}
	if (app == 0 && version == 0 && objects == 0)
		return 0; /* a new, empty database */
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
	return version;
}

int db_open(const char *path, qd_db_open_mode mode, qd_db **out, char **err)
{
	*out = NULL;
	*err = NULL;
	int created = db_create_file(path, mode, err);
	if (created < 0)
		return -1;
	if (!created && db_looks_like_sqlite(path, err) != 1)
		return -1;

	/* No allocation statistics: they cost a global mutex per malloc. Fails
	 * harmlessly once SQLite is initialized. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	qd_db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	/* A connection is only ever used by one thread. */
	if (sqlite3_open_v2(path, &db->h,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		*err = xasprintf(_("Cannot open the database %s: %s."), path,
				 db->h ? sqlite3_errmsg(db->h) : strerror(ENOMEM));
		db_close(db);
		return -1;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);

	int version = db_inspect(db, err);
	if (version < 0) {
		db_close(db);
		return -1;
	}
	int ok = 1;
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	int fn_flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	if (sqlite3_create_function(db->h, "qd_pinyin_match", 2, fn_flags, NULL, db_fn_pinyin_match,
				    NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db->h, "qd_contains", 2, fn_flags, NULL, db_fn_contains, NULL,
				    NULL) != SQLITE_OK)
		ok = 0;
	if (db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			"PRAGMA foreign_keys = ON;"))
		ok = 0;
	if (ok && version < DB_SCHEMA_VERSION && db_migrate(db, version))
		ok = 0;
	if (!ok) {
		*err = xasprintf(_("Cannot prepare the database %s: %s"), path, db->err);
		db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

void db_close(qd_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	free(db->cache);
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int db_check(qd_db *db, void (*report)(void *ctx, const char *line), void *ctx)
{
	int problems = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return db_fail_sqlite(db, _("Integrity check"));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line && strcmp(line, "ok")) {
			char *msg = xasprintf(_("integrity: %s"), line);
			if (report)
				if (report)
					report(ctx, msg);
			free(msg);
			problems++;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail_sqlite(db, _("Integrity check"));

	if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		return db_fail_sqlite(db, _("Foreign-key check"));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *msg =
			xasprintf(_("foreign key: row %lld of %s points to a missing row of %s"),
				  (long long)sqlite3_column_int64(st, 1),
				  (const char *)sqlite3_column_text(st, 0),
				  (const char *)sqlite3_column_text(st, 2));
		if (report)
			report(ctx, msg);
		free(msg);
		problems++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail_sqlite(db, _("Foreign-key check"));

	/* The kept total must agree with the table. */
	int kept = -1, counted = -1;
	if (!db_pragma_int(db, "SELECT n FROM distributor_total WHERE id = 1", &kept) &&
	    !db_pragma_int(db, "SELECT count(*) FROM distributors", &counted) && kept != counted) {
		char *msg = xasprintf(_("summary: distributor_total says %d, the table holds %d"),
				      kept, counted);
		if (report)
			report(ctx, msg);
		free(msg);
		problems++;
	}

	int version = -1, app = 0;
	if (db_pragma_int(db, "PRAGMA user_version", &version) ||
	    db_pragma_int(db, "PRAGMA application_id", &app))
		return db_fail_sqlite(db, _("Schema version"));
	if (version != DB_SCHEMA_VERSION || app != DB_APPLICATION_ID) {
		char *msg =
			xasprintf(_("schema: version %d, expected %d"), version, DB_SCHEMA_VERSION);
		if (report)
			report(ctx, msg);
		free(msg);
		problems++;
	}
	return problems;
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
		return db_fail(db, _("No table %s"), table);
	char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
	int64_t n = -1;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_free(sql);
	return n;
}
