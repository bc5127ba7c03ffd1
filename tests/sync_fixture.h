/* What the sync suites share: a head office built from the demo, reps'
 * databases provisioned from it, edits made through the program's own write
 * functions, bundles carried between files, and a hash of everything that
 * travels (restricted to a rep's scope) to compare two databases. */
#ifndef QUDAO_TEST_SYNC_FIXTURE_H
#define QUDAO_TEST_SYNC_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo_fixture.h"
#include "qudao/distributor.h"
#include "qudao/ledger.h"
#include "qudao/lifecycle.h"
#include "qudao/sync.h"

static char sync_dir[128];

static inline void sync_dir_make(const char *name)
{
	snprintf(sync_dir, sizeof sync_dir, "/tmp/qudao-test-%s-%ld", name, (long)getpid());
	mkdir(sync_dir, 0700);
}

static inline void sync_dir_remove(void)
{
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", sync_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", sync_dir);
}

static inline char *sync_path(const char *file)
{
	char *p = malloc(256);
	snprintf(p, 256, "%s/%s", sync_dir, file);
	return p;
}

static inline qd_db *sync_open(const char *path)
{
	qd_db *db;
	char *err = NULL;
	ck_assert_msg(db_open(path, DB_OPEN_EXISTING, &db, &err) == 0, "%s", err ? err : "");
	return db;
}

/* Provisions the rep with this code from the head office into file. */
static inline qd_db *sync_provision(qd_db *ho, const char *rep_code, const char *file)
{
	char *path = sync_path(file);
	struct sync_result r;
	ck_assert_msg(db_sync_provision(ho, rep_code, path, &r) == DB_OK, "%s", db_errmsg(ho));
	qd_db *db = sync_open(path);
	free(path);
	return db;
}

/* Carries a bundle from one database to another (for: the destination's
 * device id, or NULL for the default); returns the import's result. */
static inline struct sync_result sync_carry(qd_db *from, qd_db *to, const char *file)
{
	struct sync_device dest;
	ck_assert_int_eq(db_sync_device(to, &dest), DB_OK);
	char hex[17];
	db_sync_device_id_text(dest.id, hex);
	char name[64];
	snprintf(name, sizeof name, "%ld-%s", (long)getpid(), file);
	char *path = sync_path(name);
	struct sync_result r;
	ck_assert_msg(db_sync_export(from, hex, path, &r) == DB_OK, "export: %s", db_errmsg(from));
	ck_assert_msg(db_sync_import(to, path, &r) == DB_OK, "import: %s", db_errmsg(to));
	unlink(path);
	free(path);
	return r;
}

/* One value from a connection of the program's. */
static inline int64_t sync_q(qd_db *db, const char *sql)
{
	sqlite3_stmt *st;
	ck_assert_msg(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK, "%s: %s",
		      sql, sqlite3_errmsg(db_handle(db)));
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

static inline char *sync_qs(qd_db *db, const char *sql)
{
	sqlite3_stmt *st;
	ck_assert_msg(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK, "%s: %s",
		      sql, sqlite3_errmsg(db_handle(db)));
	char *v = strdup(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)
				 ? (const char *)sqlite3_column_text(st, 0)
				 : "");
	sqlite3_finalize(st);
	return v;
}

/* Edits one field of a distributor through the form's save. */
enum sync_field_edit { EDIT_PHONE, EDIT_CONTACT, EDIT_CODE, EDIT_NOTES, EDIT_TIER };
static inline qd_rc sync_edit(qd_db *db, int64_t id, enum sync_field_edit f, const char *value)
{
	struct distributor d;
	db_dist_init(&d);
	qd_rc rc = db_dist_get(db, id, &d);
	if (!rc) {
		switch (f) {
		case EDIT_PHONE:
			free(d.phone);
			d.phone = strdup(value);
			break;
		case EDIT_CONTACT:
			free(d.contact);
			d.contact = strdup(value);
			break;
		case EDIT_NOTES:
			free(d.notes);
			d.notes = strdup(value);
			break;
		case EDIT_CODE:
			snprintf(d.code, sizeof d.code, "%s", value);
			break;
		case EDIT_TIER:
			d.tier = value[0];
			break;
		}
		rc = db_dist_save(db, &d, "测试");
	}
	db_dist_free(&d);
	return rc;
}

/* A new applicant with this code, name and credit limit (in fen). */
static inline int64_t sync_add_credit(qd_db *db, const char *code, const char *name,
				      int64_t credit_limit_fen)
{
	struct distributor d;
	db_dist_init(&d);
	d.credit_limit_fen = credit_limit_fen;
	snprintf(d.code, sizeof d.code, "%s", code);
	free(d.name);
	d.name = strdup(name);
	snprintf(d.type, sizeof d.type, "dealer");
	d.tier = 'B';
	d.visit_every_days = 30;
	qd_rc rc = db_dist_save(db, &d, "测试");
	int64_t id = rc ? 0 : d.id;
	db_dist_free(&d);
	return id;
}

static inline int64_t sync_add(qd_db *db, const char *code, const char *name)
{
	return sync_add_credit(db, code, name, 0);
}

static inline qd_rc sync_move(qd_db *db, int64_t id, qd_status from, qd_status to)
{
	struct distributor d;
	db_dist_init(&d);
	qd_rc rc = db_dist_get(db, id, &d);
	int64_t version = d.version;
	db_dist_free(&d);
	if (rc)
		return rc;
	struct lifecycle_change c = { .from = from, .to = to, .today = { 2026, 11, 27 } };
	if (to == STATUS_SUSPENDED)
		c.reason = REASON_PAYMENT;
	if (to == STATUS_TERMINATED)
		c.reason = REASON_BREACH;
	c.note = "sync";
	return db_dist_transition(db, id, version, &c, "测试");
}

/* A hash of every row that travels, the columns each device makes for
 * itself left out. scope_of: when not NULL, a database whose view of a rep's
 * scope (rep_id) restricts the distributors' rows. */
static inline uint64_t sync_hash(qd_db *db, qd_db *scope_of, int64_t rep_id)
{
	static const char *const tables[] = {
		"regions",	"territories",	 "reps",	   "rep_territories",
		"products",	"rebate_rules",	 "trainings",	   "change_log",
		"distributors", "status_history", "qualification_reviews",
		"exclusive_rights", "sales_targets", "orders",	   "order_lines",
		"amounts_due",	"payments",	 "visits",	   "visit_inventory",
		"visit_prices", "incidents",	 "training_attendance", "distributor_moves",
		"cross_incidents", "score_settings", NULL,
	};
	/* The scope: as the head office sees it. */
	sqlite3 *h = db_handle(db);
	char *ids = strdup("");
	if (scope_of) {
		char sql[600];
		snprintf(sql, sizeof sql,
			 "WITH RECURSIVE t(id) AS (SELECT territory_id FROM rep_territories"
			 " WHERE rep_id = %lld UNION SELECT c.id FROM territories c JOIN t"
			 " ON c.parent_id = t.id)"
			 " SELECT group_concat(id) FROM (SELECT d.id FROM distributors d WHERE"
			 " d.territory_id IN (SELECT id FROM t) OR d.owner_rep_id = %lld)",
			 (long long)rep_id, (long long)rep_id);
		free(ids);
		ids = sync_qs(scope_of, sql);
	}
	uint64_t hash = 1469598103934665603ULL;
	for (int i = 0; tables[i]; i++) {
		char cols[2000] = "";
		sqlite3_stmt *st;
		char sql[4000];
		snprintf(sql, sizeof sql,
			 "SELECT group_concat('quote(\"' || name || '\")', ' || ''|'' || ')"
			 " FROM pragma_table_info('%s') WHERE name NOT IN"
			 " ('version','search_key','sort_key','territory_key','owner_key')",
			 tables[i]);
		sqlite3_prepare_v2(h, sql, -1, &st, NULL);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(cols, sizeof cols, "%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		bool has_dist = false, is_dist = !strcmp(tables[i], "distributors");
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM pragma_table_info('%s') WHERE name = 'distributor_id'",
			 tables[i]);
		sqlite3_prepare_v2(h, sql, -1, &st, NULL);
		if (sqlite3_step(st) == SQLITE_ROW)
			has_dist = sqlite3_column_int(st, 0) > 0;
		sqlite3_finalize(st);
		const char *parent = !strcmp(tables[i], "order_lines")	   ? "orders"
				     : !strcmp(tables[i], "visit_inventory") ? "visits"
				     : !strcmp(tables[i], "visit_prices")    ? "visits"
									      : NULL;
		const char *pcol = !strcmp(tables[i], "order_lines") ? "order_id" : "visit_id";
		char where[1200] = "1";
		size_t idlen = strlen(ids);
		char *w = malloc(4 * idlen + 800);
		if (scope_of && !strcmp(tables[i], "change_log"))
			/* The history of the scope's rows, and of shared ones. */
			snprintf(w, 4 * idlen + 800,
				 "table_name NOT IN ('distributors','visits','sales_targets')"
				 " OR (table_name = 'distributors' AND row_id IN (%s))"
				 " OR (table_name = 'visits' AND row_id IN (SELECT id FROM visits"
				 " WHERE distributor_id IN (%s)))"
				 " OR (table_name = 'sales_targets' AND row_id IN (SELECT id FROM"
				 " sales_targets WHERE distributor_id IN (%s)))",
				 ids, ids, ids);
		else if (scope_of && is_dist)
			snprintf(w, idlen + 400, "id IN (%s)", ids);
		else if (scope_of && has_dist)
			snprintf(w, idlen + 400, "distributor_id IN (%s)", ids);
		else if (scope_of && parent)
			snprintf(w, idlen + 400,
				 "%s IN (SELECT id FROM %s WHERE distributor_id IN (%s))", pcol,
				 parent, ids);
		else
			snprintf(w, idlen + 400, "%s", where);
		char *q = malloc(strlen(cols) + strlen(w) + 200);
		sprintf(q, "SELECT %s FROM \"%s\" WHERE %s ORDER BY %s", cols, tables[i], w,
			strcmp(tables[i], "cross_incidents") ? "id" : "order_id");
		free(w);
		ck_assert_msg(sqlite3_prepare_v2(h, q, -1, &st, NULL) == SQLITE_OK, "%s: %s", q,
			      sqlite3_errmsg(h));
		free(q);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const unsigned char *s = sqlite3_column_text(st, 0);
			for (; s && *s; s++)
				hash = (hash ^ *s) * 1099511628211ULL;
			hash = (hash ^ '\n') * 1099511628211ULL;
		}
		sqlite3_finalize(st);
	}
	free(ids);
	return hash;
}

#endif
