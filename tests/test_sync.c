/* Sync: changes recorded with each write, bundles carried between a head
 * office and reps' databases, conflicts found and settled, damaged bundles
 * refused without a byte changed. */
#include <fcntl.h>
#include <nettle/sha2.h>
#include <sys/wait.h>

#include "../src/db/schema.h"
#include "../src/db/sync_internal.h"
#include "qudao/territory.h"
#include "qudao/visit.h"
#include "sync_fixture.h"

static char template_path[120];
static int step;

/* A fresh head office: a copy of the demo built once. */
static qd_db *head_office(void)
{
	char name[48];
	snprintf(name, sizeof name, "ho-%ld-%d.db", (long)getpid(), ++step);
	char *path = sync_path(name);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", template_path, path);
	ck_assert_int_eq(system(cmd), 0);
	qd_db *db = sync_open(path);
	free(path);
	return db;
}

static char *file_name(const char *what)
{
	char name[48];
	snprintf(name, sizeof name, "%s-%ld-%d.db", what, (long)getpid(), ++step);
	return strdup(name);
}

/* The rep who owns the most distributors, and one of them. */
static void busiest_rep(qd_db *ho, char code[16], int64_t *dist)
{
	char *c =
		sync_qs(ho, "SELECT r.code FROM reps r JOIN distributors d ON d.owner_rep_id = r.id"
			    " GROUP BY r.id ORDER BY count(*) DESC, r.code LIMIT 1");
	snprintf(code, 16, "%s", c);
	free(c);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT d.id FROM distributors d JOIN reps r ON r.id = d.owner_rep_id"
		 " WHERE r.code = '%s' AND d.status = 'active' ORDER BY d.code LIMIT 1",
		 code);
	*dist = sync_q(ho, sql);
}

static int64_t rep_id_of(qd_db *db, const char *code)
{
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT id FROM reps WHERE code = '%s'", code);
	return sync_q(db, sql);
}

/* ---- recording ------------------------------------------------------------ */

static void many_orders(qd_db *db, int64_t dist, const char *prefix, int n, qd_date day);

START_TEST(test_sync_write_is_logged_with_its_field_times_and_a_failed_one_is_not)
{
	qd_db *ho = head_office();
	int64_t id = sync_q(ho, "SELECT id FROM distributors ORDER BY code LIMIT 1");
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_log"), 0);
	ck_assert_int_eq(sync_edit(ho, id, EDIT_PHONE, "13800001111"), DB_OK);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_log"), 1);
	ck_assert_int_eq(sync_q(ho, "SELECT seq FROM sync_log"), 1);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM sync_clock WHERE tbl = 'distributors' AND key = '%lld'"
		 " AND col = 'phone'",
		 (long long)id);
	ck_assert_int_eq(sync_q(ho, sql), 1);
	/* A save refused (a code taken) leaves nothing in the log. */
	char *taken = sync_qs(ho, "SELECT code FROM distributors ORDER BY code LIMIT 1 OFFSET 1");
	ck_assert_int_eq(sync_edit(ho, id, EDIT_CODE, taken), DB_DUPLICATE);
	free(taken);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_log"), 1);
	/* Composed writes are one transaction: one entry. */
	ck_assert_int_eq(db_write_begin(ho), DB_OK);
	ck_assert_int_eq(sync_edit(ho, id, EDIT_CONTACT, "甲"), DB_OK);
	ck_assert_int_eq(sync_edit(ho, id, EDIT_NOTES, "乙"), DB_OK);
	ck_assert_int_eq(db_write_end(ho, DB_OK), DB_OK);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_log"), 2);
	ck_assert_int_eq(sync_q(ho, "SELECT max(seq) FROM sync_log"), 2);
	/* Derived columns (search keys, version) are not times of their own. */
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_clock WHERE col IN"
				    " ('search_key','sort_key','version')"),
			 0);
	/* A setting of this database alone, changed with a phone in one
	 * write: the phone goes to the log, the setting does not. */
	ck_assert_int_eq(db_write_begin(ho), DB_OK);
	ck_assert_int_eq(sync_edit(ho, id, EDIT_PHONE, "13800002222"), DB_OK);
	ck_assert_int_eq(sqlite3_exec(db_handle(ho),
				      "UPDATE settings SET value = 'another table'"
				      " WHERE name = 'pinyin_keys'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_changes(db_handle(ho)), 1);
	ck_assert_int_eq(db_write_end(ho, DB_OK), DB_OK);
	ck_assert_int_eq(sync_q(ho, "SELECT changes FROM sync_log WHERE seq = 3"),
			 sync_q(ho, "SELECT changes FROM sync_log WHERE seq = 1"));
	ck_assert_int_eq(sync_q(ho, "SELECT instr(changeset, CAST('13800002222' AS BLOB)) > 0"
				    " AND instr(changeset, CAST('another table' AS BLOB)) = 0"
				    " FROM sync_log WHERE seq = 3"),
			 1);
	/* A write of new rows alone stores no field times (they have none). */
	int64_t times = sync_q(ho, "SELECT count(*) FROM sync_clock");
	many_orders(ho, id, "NEW-", 3, date_today());
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_clock"), times);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_log"), 4);
	db_close(ho);
}
END_TEST

START_TEST(test_sync_changeset_written_by_hand_is_byte_for_byte_sqlites)
{
	qd_db *ho = head_office();
	int64_t id = sync_q(ho, "SELECT id FROM distributors ORDER BY code LIMIT 1");
	ck_assert_int_eq(sync_edit(ho, id, EDIT_PHONE, "13900002222"), DB_OK);
	ck_assert(sync_add(ho, "NEW-1", "新经销商") != 0);
	const struct sync_schema *s = sync_schema(ho);
	ck_assert_ptr_nonnull(s);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_handle(ho),
					    "SELECT changeset FROM sync_log ORDER BY id", -1, &st,
					    NULL),
			 SQLITE_OK);
	int entries = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(st, 0);
		int n = sqlite3_column_bytes(st, 0);
		sqlite3_changeset_iter *it;
		ck_assert_int_eq(sqlite3changeset_start(&it, n, (void *)p), SQLITE_OK);
		struct cs_buf b = { 0 };
		const char *last = NULL;
		while (sqlite3changeset_next(it) == SQLITE_ROW) {
			const char *tab;
			int ncol, op, ind;
			unsigned char *pk;
			sqlite3changeset_op(it, &tab, &ncol, &op, &ind);
			sqlite3changeset_pk(it, &pk, &ncol);
			sqlite3_value *old[ncol], *new[ncol];
			for (int i = 0; i < ncol; i++) {
				old[i] = new[i] = NULL;
				if (op != SQLITE_INSERT)
					sqlite3changeset_old(it, i, &old[i]);
				if (op != SQLITE_DELETE)
					sqlite3changeset_new(it, i, &new[i]);
			}
			if (last != tab) {
				cs_table(&b, tab, ncol, pk);
				last = tab;
			}
			cs_change(&b, op, ind, ncol, old, new);
		}
		sqlite3changeset_finalize(it);
		ck_assert_int_eq((int)b.n, n);
		ck_assert(memcmp(b.p, p, (size_t)n) == 0);
		cs_buf_free(&b);
		entries++;
	}
	sqlite3_finalize(st);
	ck_assert_int_eq(entries, 2);
	/* Varints past one byte: a long text. */
	struct cs_buf b = { 0 };
	cs_put_varint(&b, 300);
	ck_assert_int_eq((int)b.n, 2);
	ck_assert_int_eq(b.p[0], 0x82);
	ck_assert_int_eq(b.p[1], 0x2c);
	cs_buf_free(&b);
	db_close(ho);
}
END_TEST

START_TEST(test_sync_every_table_travels_or_is_declared_local)
{
	qd_db *ho = head_office();
	sqlite3_stmt *st;
	ck_assert_int_eq(
		sqlite3_prepare_v2(db_handle(ho),
				   "SELECT name FROM sqlite_schema WHERE type = 'table'"
				   " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
				   " AND name NOT LIKE 'distributor\\_fts\\_%' ESCAPE '\\'",
				   -1, &st, NULL),
		SQLITE_OK);
	int tables = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		int found = 0;
		for (int i = 0; sync_table_names[i]; i++)
			found += !strcmp(sync_table_names[i], name);
		for (int i = 0; sync_local_tables[i]; i++)
			found += !strcmp(sync_local_tables[i], name);
		ck_assert_msg(found == 1, "table %s: %s", name,
			      found ? "both travels and is local" : "neither travels nor is local");
		tables++;
	}
	sqlite3_finalize(st);
	ck_assert_int_gt(tables, 40);
	db_close(ho);
}
END_TEST

START_TEST(test_sync_table_without_primary_key_is_refused)
{
	qd_db *ho = head_office();
	ck_assert_int_eq(db_exec(ho, "CREATE TEMP TABLE no_key (a TEXT, b TEXT)"), DB_OK);
	ck_assert_int_eq(db_exec(ho, "CREATE TEMP TABLE null_key (a TEXT PRIMARY KEY, b TEXT)"),
			 DB_OK);
	static const char *const bad[] = { "no_key", NULL };
	static const char *const nullable[] = { "null_key", NULL };
	ck_assert_int_eq(sync_check_keys(ho, bad), DB_ERROR);
	ck_assert(strstr(db_errmsg(ho), "no_key"));
	ck_assert(strstr(db_errmsg(ho), "primary key"));
	ck_assert_int_eq(sync_check_keys(ho, nullable), DB_ERROR);
	ck_assert_int_eq(sync_check_keys(ho, sync_table_names), DB_OK);
	db_close(ho);
}
END_TEST

/* The head office and the database of its busiest rep (code, and one of
 * the rep's distributors in dist), made from it. */
static qd_db *head_office_and_rep(qd_db **rep, char code[16], int64_t *dist)
{
	qd_db *ho = head_office();
	busiest_rep(ho, code, dist);
	char *f = file_name("rep");
	*rep = sync_provision(ho, code, f);
	free(f);
	return ho;
}

/* ---- provisioning, exchange, idempotence ---------------------------------------- */

START_TEST(test_sync_provision_holds_only_the_reps_distributors)
{
	qd_db *ho = head_office();
	char code[16];
	int64_t dist;
	busiest_rep(ho, code, &dist);
	int64_t rid = rep_id_of(ho, code);
	char sql[600];
	/* Someone else's distributor, edited before and after: its history
	 * (change_log) is not the rep's to see; the rep's own is. */
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE t(id) AS (SELECT territory_id FROM rep_territories"
		 " WHERE rep_id = %lld UNION SELECT c.id FROM territories c JOIN t"
		 " ON c.parent_id = t.id)"
		 " SELECT min(d.id) FROM distributors d WHERE NOT (d.territory_id IN (SELECT id "
		 "FROM t)"
		 " OR d.owner_rep_id = %lld)",
		 (long long)rid, (long long)rid);
	int64_t other = sync_q(ho, sql);
	ck_assert_int_gt(other, 0);
	ck_assert_int_eq(sync_edit(ho, other, EDIT_PHONE, "13800000001"), DB_OK);
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13800000002"), DB_OK);
	char *f = file_name("rep");
	qd_db *rep = sync_provision(ho, code, f);
	free(f);
	static const char leaked[] =
		"SELECT count(*) FROM change_log WHERE table_name ="
		" 'distributors' AND row_id NOT IN (SELECT id FROM distributors)";
	static const char own[] = "SELECT count(*) FROM change_log WHERE table_name ="
				  " 'distributors' AND row_id IN (SELECT id FROM distributors)";
	ck_assert_int_eq(sync_q(rep, leaked), 0);
	ck_assert_int_ge(sync_q(rep, own), 1);
	int64_t own_before = sync_q(rep, own);
	ck_assert_int_eq(sync_edit(ho, other, EDIT_PHONE, "13800000003"), DB_OK);
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13800000004"), DB_OK);
	sync_carry(ho, rep, "p1.qsync");
	ck_assert_int_eq(sync_q(rep, leaked), 0);
	ck_assert_int_gt(sync_q(rep, own), own_before);
	/* The rep's scope: the territories covered and those under them, and
	 * the distributors the rep owns. */
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE t(id) AS (SELECT territory_id FROM rep_territories"
		 " WHERE rep_id = %lld UNION SELECT c.id FROM territories c JOIN t"
		 " ON c.parent_id = t.id)"
		 " SELECT count(*) FROM distributors d WHERE d.territory_id IN (SELECT id FROM t)"
		 " OR d.owner_rep_id = %lld",
		 (long long)rid, (long long)rid);
	int64_t mine = sync_q(ho, sql);
	ck_assert_int_gt(mine, 0);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM distributors"), mine);
	ck_assert_int_lt(mine, sync_q(ho, "SELECT count(*) FROM distributors"));
	/* Nothing of anyone else's distributors hangs off them. */
	/* No order of a distributor the rep does not have. */
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM orders o WHERE o.distributor_id NOT IN"
				     " (SELECT id FROM distributors)"),
			 0);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM orders"),
			 sync_q(rep, "SELECT count(*) FROM orders o WHERE o.distributor_id IN"
				     " (SELECT id FROM distributors)"));
	/* Shared settings come whole. */
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM products"),
			 sync_q(ho, "SELECT count(*) FROM products"));
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM territories"),
			 sync_q(ho, "SELECT count(*) FROM territories"));
	/* The same content, within the scope; a device of its own. */
	ck_assert(sync_hash(rep, ho, rid) == sync_hash(ho, ho, rid));
	struct sync_device a, b;
	db_sync_device(ho, &a);
	db_sync_device(rep, &b);
	ck_assert(a.id != b.id);
	ck_assert_int_eq(b.parent_id, a.id);
	ck_assert_int_eq(b.rep_id, rid);
	/* Its kept figures hold, and its search finds its distributors. */
	int problems = db_check(rep, NULL, NULL, NULL);
	ck_assert_int_eq(problems, 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Provisioning copies on two connections, the second into a file of its
 * own next to the new one: the rep's file has 16 KiB pages, the second file
 * is gone afterwards, and when the second connection fails, nothing is
 * made and the head office is told why. */
START_TEST(test_sync_provision_in_two_parts_leaves_one_file)
{
	qd_db *ho = head_office();
	char code[16];
	int64_t dist;
	busiest_rep(ho, code, &dist);
	char *f = file_name("rep");
	/* What a killed provisioning left goes; a live one's stays, and so
	 * does a file that only looks like it. */
	pid_t dead = fork();
	if (dead == 0)
		_exit(0);
	ck_assert_int_gt(dead, 0);
	ck_assert_int_eq(waitpid(dead, NULL, 0), dead);
	static const char *const left[] = { "", "-wal", "-side", "-side-shm", NULL };
	char *base = sync_path(f), name[400];
	for (int i = 0; left[i]; i++) {
		snprintf(name, sizeof name, "%s.building-%ld%s", base, (long)dead, left[i]);
		close(open(name, O_WRONLY | O_CREAT, 0600));
	}
	char live[400], other[400];
	snprintf(live, sizeof live, "%s.building-%ld-side", base, (long)getppid());
	snprintf(other, sizeof other, "%s.building-%ld-sides", base, (long)dead);
	close(open(live, O_WRONLY | O_CREAT, 0600));
	close(open(other, O_WRONLY | O_CREAT, 0600));
	qd_db *rep = sync_provision(ho, code, f);
	ck_assert_int_eq(sync_q(rep, "PRAGMA page_size"), 16384);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	db_close(rep);
	struct stat sb;
	for (int i = 0; left[i]; i++) {
		snprintf(name, sizeof name, "%s.building-%ld%s", base, (long)dead, left[i]);
		ck_assert_msg(stat(name, &sb) != 0, "%s is still there", name);
	}
	ck_assert_int_eq(unlink(live), 0);
	ck_assert_int_eq(unlink(other), 0);
	free(base);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "ls '%s' | grep -q -e building -e side", sync_dir);
	ck_assert_int_ne(system(cmd), 0);
	free(f);

	/* The second connection's file cannot be made: a directory is in
	 * its place. */
	f = file_name("rep");
	char *path = sync_path(f), side[300];
	snprintf(side, sizeof side, "%s.building-%ld-side", path, (long)getpid());
	ck_assert_int_eq(mkdir(side, 0700), 0);
	int64_t devices = sync_q(ho, "SELECT count(*) FROM sync_devices");
	struct sync_result r;
	ck_assert_int_ne(db_sync_provision(ho, code, path, &r), DB_OK);
	ck_assert_msg(strstr(db_errmsg(ho), side) != NULL, "%s", db_errmsg(ho));
	ck_assert_int_ne(stat(path, &sb), 0);
	char tmp[300];
	snprintf(tmp, sizeof tmp, "%s.building-%ld", path, (long)getpid());
	ck_assert_int_ne(stat(tmp, &sb), 0);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_devices"), devices);
	/* The head office is not left locked: it writes, and provisions. */
	ck_assert_int_eq(rmdir(side), 0);
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13800000005"), DB_OK);
	ck_assert_int_eq(db_sync_provision(ho, code, path, &r), DB_OK);
	ck_assert_int_eq(stat(side, &sb), -1);
	free(path);
	free(f);
	db_close(ho);
}
END_TEST

/* The head office, its busiest rep's code, and a new file's name and path
 * in the test's folder to provision it into (both to free). */
static qd_db *provision_setup(char code[16], char **f, char **path)
{
	qd_db *ho = head_office();
	int64_t dist;
	busiest_rep(ho, code, &dist);
	*f = file_name("rep");
	*path = sync_path(*f);
	return ho;
}

/* Another program puts a file at the path while the rep's database is
 * built (a second provisioning to the same path): it is kept, and this
 * provisioning is refused, leaving nothing of its own. */
static void sync_put_in_the_way(void *ctx, const char *stage, double fraction)
{
	(void)stage;
	const char *path = ctx;
	struct stat sb;
	if (fraction >= 0.85 && stat(path, &sb) != 0) {
		FILE *f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs("another program's", f);
		fclose(f);
	}
}

START_TEST(test_sync_provision_never_replaces_a_file_put_there_meanwhile)
{
	char code[16], *f, *path;
	qd_db *ho = provision_setup(code, &f, &path);
	int64_t devices = sync_q(ho, "SELECT count(*) FROM sync_devices");
	db_set_progress(sync_put_in_the_way, path);
	struct sync_result r;
	qd_rc rc = db_sync_provision(ho, code, path, &r);
	db_set_progress(NULL, NULL);
	ck_assert_int_eq(rc, DB_INVALID);
	ck_assert_msg(strstr(db_errmsg(ho), "already exists") != NULL, "%s", db_errmsg(ho));
	char buf[64] = "";
	FILE *in = fopen(path, "r");
	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(fgets(buf, sizeof buf, in));
	fclose(in);
	ck_assert_str_eq(buf, "another program's");
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_devices"), devices);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "ls '%s' | grep -q -e building -e side", sync_dir);
	ck_assert_int_ne(system(cmd), 0);
	free(path);
	free(f);
	db_close(ho);
}
END_TEST

/* Another program commits to the head office while a rep's database is
 * made: a distributor of the rep's with a payment. Both connections read
 * the head office from before it (a payment without its distributor was
 * once copied), so the rep's file holds neither and its checks pass. */
struct sync_writer {
	const char *ho_path, *rep_code;
	bool done;
};

static void sync_write_meanwhile(void *ctx, const char *stage, double fraction)
{
	/* The first step of copying: the new file's transaction has begun. */
	struct sync_writer *w = ctx;
	if (w->done || !strstr(stage, "copying") || fraction > 0.1)
		return;
	w->done = true;
	qd_db *other = sync_open(w->ho_path);
	int64_t d = sync_add(other, "GD-9901", "写入期间新增的经销商");
	ck_assert_int_gt(d, 0);
	struct distributor x;
	db_dist_init(&x);
	ck_assert_int_eq(db_dist_get(other, d, &x), DB_OK);
	x.owner_rep_id = rep_id_of(other, w->rep_code);
	ck_assert_int_eq(db_dist_save(other, &x, "测试"), DB_OK);
	db_dist_free(&x);
	struct payment p = { .distributor_id = d, .paid_on = { 2026, 11, 26 }, .amount_fen = 900 };
	strcpy(p.reference, "MEANWHILE-1");
	ck_assert_int_eq(db_payment_add(other, &p), DB_OK);
	db_close(other);
}

START_TEST(test_sync_provision_reads_the_head_office_at_one_moment)
{
	char code[16], *f, *path;
	qd_db *ho = provision_setup(code, &f, &path);
	struct sync_writer w = { db_path(ho), code, false };
	db_set_progress(sync_write_meanwhile, &w);
	struct sync_result r;
	qd_rc rc = db_sync_provision(ho, code, path, &r);
	db_set_progress(NULL, NULL);
	ck_assert_msg(rc == DB_OK, "%s", db_errmsg(ho));
	ck_assert(w.done);
	ck_assert_int_eq(
		sync_q(ho, "SELECT count(*) FROM payments WHERE reference = 'MEANWHILE-1'"), 1);
	qd_db *rep = sync_open(path);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM distributors WHERE code = 'GD-9901'") +
				 sync_q(rep, "SELECT count(*) FROM payments WHERE reference = "
					     "'MEANWHILE-1'"),
			 0);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	/* What came after travels in the next bundle. */
	sync_carry(ho, rep, "meanwhile.qsync");
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM payments WHERE reference = "
				     "'MEANWHILE-1'"),
			 1);
	db_close(rep);
	free(path);
	free(f);
	db_close(ho);
}
END_TEST

/* A log left beside the path by a database removed without it would be
 * applied to the new file when opened (the rep got the old database back,
 * or a damaged one): it is refused, and nothing is made. */
START_TEST(test_sync_provision_refuses_a_log_left_at_its_path)
{
	char code[16], *f, *path, log[300];
	qd_db *ho = provision_setup(code, &f, &path);
	snprintf(log, sizeof log, "%s-wal", path);
	FILE *w = fopen(log, "w");
	ck_assert_ptr_nonnull(w);
	fputs("frames of a database that is gone", w);
	fclose(w);
	int64_t devices = sync_q(ho, "SELECT count(*) FROM sync_devices");
	struct sync_result r;
	ck_assert_int_eq(db_sync_provision(ho, code, path, &r), DB_INVALID);
	ck_assert_msg(strstr(db_errmsg(ho), log) != NULL, "%s", db_errmsg(ho));
	struct stat sb;
	ck_assert_int_ne(stat(path, &sb), 0);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_devices"), devices);
	/* A folder is said to be one, with or without its slash. */
	char slash[300];
	snprintf(slash, sizeof slash, "%s/", sync_dir);
	ck_assert_int_eq(db_sync_provision(ho, code, sync_dir, &r), DB_INVALID);
	ck_assert_msg(strstr(db_errmsg(ho), "is a folder") != NULL, "%s", db_errmsg(ho));
	ck_assert_int_eq(db_sync_provision(ho, code, slash, &r), DB_INVALID);
	ck_assert_msg(strstr(db_errmsg(ho), "is a folder") != NULL, "%s", db_errmsg(ho));
	/* Moved away, the path takes the new database. */
	ck_assert_int_eq(unlink(log), 0);
	ck_assert_int_eq(db_sync_provision(ho, code, path, &r), DB_OK);
	free(path);
	free(f);
	db_close(ho);
}
END_TEST

/* A rep's scope as a condition on a distributor id column. */
#define SCOPE_OF(rid_fmt)                                                                 \
	"(%s IN (WITH RECURSIVE t(id) AS (SELECT territory_id FROM rep_territories"       \
	" WHERE rep_id = " rid_fmt " UNION SELECT c.id FROM territories c JOIN t"         \
	" ON c.parent_id = t.id) SELECT d.id FROM distributors d WHERE d.territory_id IN" \
	" (SELECT id FROM t) OR d.owner_rep_id = " rid_fmt "))"

/* The kept figures a rep's database copies from the head office's (the
 * wide scope's way and the narrow one's) are exactly the head office's
 * rows of its distributors, and they hold. */
static void provision_copies_kept(qd_db *ho, const char *pick, bool wide)
{
	char *code = sync_qs(ho, pick);
	int64_t rid = rep_id_of(ho, code);
	char scope[800], sql[1100];
	int64_t all = sync_q(ho, "SELECT count(*) FROM distributors");
	snprintf(scope, sizeof scope, SCOPE_OF("%lld"), "id", (long long)rid, (long long)rid);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM distributors WHERE %s", scope);
	int64_t mine = sync_q(ho, sql);
	ck_assert_int_gt(mine, 0);
	/* The path the copy takes: more than an eighth of them is wide. */
	ck_assert_msg((mine * 8 > all) == wide, "%s: %lld of %lld", code, (long long)mine,
		      (long long)all);
	char *f = file_name(wide ? "wide" : "narrow");
	qd_db *rep = sync_provision(ho, code, f);
	free(f);
	/* Table, what sums it up, its distributor (NULL: its own column). The
	 * raw tables too: a wide scope reads them whole, a narrow one by
	 * distributor, and a line through its order. */
	static const char *const sums[][3] = {
		{ "dist_period",
		  "count(*) || ' ' || total(sales_fen) || ' ' || total(lines_ok)"
		  " || ' ' || total(open_to_end_fen) || ' ' || total(visits_done)"
		  " || ' ' || total(length(kind || period)) || ' ' || "
		  "sum(distributor_id % 1000003)",
		  NULL },
		{ "dist_month_category",
		  "count(*) || ' ' || total(sales_fen) || ' ' || total(length(month || category))"
		  " || ' ' || sum(distributor_id % 1000003)",
		  NULL },
		{ "cross_orders",
		  "count(*) || ' ' || sum(order_id % 1000003) || ' ' || total(from_territory_id)"
		  " || ' ' || total(to_territory_id)",
		  NULL },
		{ "orders", "count(*) || ' ' || sum(id % 1000003) || ' ' || total(total_fen)", NULL },
		{ "order_lines", "count(*) || ' ' || sum(id % 1000003) || ' ' || total(quantity)",
		  "(SELECT o.distributor_id FROM orders o WHERE o.id = order_lines.order_id)" },
		{ "sales_targets", "count(*) || ' ' || sum(id % 1000003) || ' ' || total(amount_fen)",
		  NULL },
		{ "visit_inventory", "count(*) || ' ' || sum(id % 1000003) || ' ' || total(quantity)",
		  "(SELECT v.distributor_id FROM visits v WHERE v.id = visit_inventory.visit_id)" },
	};
	for (size_t i = 0; i < sizeof sums / sizeof sums[0]; i++) {
		char id_col[128];
		snprintf(id_col, sizeof id_col, "%s.distributor_id", sums[i][0]);
		if (sums[i][2])
			snprintf(id_col, sizeof id_col, "%s", sums[i][2]);
		snprintf(scope, sizeof scope, SCOPE_OF("%lld"), id_col, (long long)rid,
			 (long long)rid);
		snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE %s", sums[i][1], sums[i][0],
			 scope);
		char *at_ho = sync_qs(ho, sql);
		snprintf(sql, sizeof sql, "SELECT %s FROM %s", sums[i][1], sums[i][0]);
		char *at_rep = sync_qs(rep, sql);
		ck_assert_msg(!strcmp(at_ho, at_rep), "%s of %s: %s at the head office, %s copied",
			      sums[i][0], code, at_ho, at_rep);
		ck_assert_msg(strncmp(at_rep, "0 ", 2), "%s of %s: nothing to compare", sums[i][0],
			      code);
		free(at_ho);
		free(at_rep);
	}
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	/* Its schema is the head office's: the indexes and the triggers that
	 * refuse another program's writes, dropped for the copy, are back. */
	static const char schema_sql[] =
		"SELECT count(*) || ' ' || sum(sql LIKE '%qudao_writer()%') || ' '"
		" || group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), char(10))"
		" FROM (SELECT * FROM main.sqlite_schema WHERE name NOT LIKE 'sqlite!_stat%' ESCAPE '!'"
		" ORDER BY type, name)";
	char *schema_ho = sync_qs(ho, schema_sql), *schema_rep = sync_qs(rep, schema_sql);
	ck_assert_msg(!strcmp(schema_ho, schema_rep), "%s: the schema differs: %.60s against %.60s",
		      code, schema_ho, schema_rep);
	free(schema_ho);
	free(schema_rep);
	db_close(rep);
	free(code);
}

START_TEST(test_sync_provision_copies_the_kept_figures_of_a_wide_and_a_narrow_scope)
{
	qd_db *ho = head_office();
	/* The busiest rep's scope is wide in the small demo; the smallest
	 * scope is narrow. */
	provision_copies_kept(
		ho,
		"SELECT r.code FROM reps r JOIN distributors d ON d.owner_rep_id = r.id"
		" GROUP BY r.id ORDER BY count(*) DESC, r.code LIMIT 1",
		true);
	provision_copies_kept(
		ho,
		"WITH RECURSIVE t(rep, id) AS (SELECT rep_id, territory_id"
		" FROM rep_territories UNION SELECT t.rep, c.id FROM territories c"
		" JOIN t ON c.parent_id = t.id), s AS (SELECT r.code AS code,"
		" (SELECT count(*) FROM distributors d WHERE d.territory_id IN"
		" (SELECT id FROM t WHERE t.rep = r.id) OR d.owner_rep_id = r.id) AS n"
		" FROM reps r) SELECT code FROM s WHERE n > 0 ORDER BY n, code LIMIT 1",
		false);
	db_close(ho);
}
END_TEST

START_TEST(test_sync_unsent_is_what_the_furthest_behind_peer_lacks)
{
	/* Two reps: one answers, the other not yet. The status bar's unsent
	 * count is what the one behind still lacks, and drops to zero only
	 * when both have acknowledged. */
	char code[16];
	int64_t dist;
	qd_db *a, *ho = head_office_and_rep(&a, code, &dist);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT code FROM reps WHERE code <> '%s' ORDER BY code LIMIT 1",
		 code);
	char *other = sync_qs(ho, sql), *f = file_name("rep-b");
	qd_db *b = sync_provision(ho, other, f);
	int64_t unsent, open;
	ck_assert_int_eq(db_sync_counts(ho, &unsent, &open), DB_OK);
	ck_assert_int_eq(unsent, 0);
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13700000001"), DB_OK);
	ck_assert_int_eq(db_sync_counts(ho, &unsent, &open), DB_OK);
	int64_t one = unsent;
	ck_assert_int_gt(one, 0);
	sync_carry(ho, a, "u1.qsync");
	sync_carry(a, ho, "u2.qsync");
	ck_assert_int_eq(db_sync_counts(ho, &unsent, &open), DB_OK);
	ck_assert_int_eq(unsent, one);
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13700000002"), DB_OK);
	ck_assert_int_eq(db_sync_counts(ho, &unsent, &open), DB_OK);
	ck_assert_int_eq(unsent, 2 * one);
	sync_carry(ho, b, "u3.qsync");
	sync_carry(b, ho, "u4.qsync");
	/* B has both; A lacks the second. */
	ck_assert_int_eq(db_sync_counts(ho, &unsent, &open), DB_OK);
	ck_assert_int_eq(unsent, one);
	sync_carry(ho, a, "u5.qsync");
	sync_carry(a, ho, "u6.qsync");
	ck_assert_int_eq(db_sync_counts(ho, &unsent, &open), DB_OK);
	ck_assert_int_eq(unsent, 0);
	free(other);
	free(f);
	db_close(b);
	db_close(a);
	db_close(ho);
}
END_TEST

START_TEST(test_sync_a_reps_edits_reach_the_head_office_once)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	ck_assert_int_eq(sync_edit(rep, dist, EDIT_PHONE, "13712345678"), DB_OK);
	int64_t added = sync_add(rep, "GD-9001", "佛山新客户商行");
	ck_assert(added);
	int64_t unsent, open;
	db_sync_counts(rep, &unsent, &open);
	/* Exported once, imported twice: the second time changes nothing. */
	char *bundle = sync_path("rep-to-ho.qsync");
	struct sync_result r;
	ck_assert_int_eq(db_sync_export(rep, NULL, bundle, &r), DB_OK);
	ck_assert_int_eq(r.entries, 2);
	/* Unsent is counted as the bundle counts: rows changed (each edit
	 * with its history), not transactions. */
	ck_assert_int_gt(r.changes, r.entries);
	ck_assert_int_eq(unsent, r.changes);
	ck_assert_int_eq(db_sync_import(ho, bundle, &r), DB_OK);
	ck_assert_int_eq(r.entries, 2);
	ck_assert_int_eq(r.conflicts, 0);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT phone = '13712345678' FROM distributors WHERE id = %lld",
		 (long long)dist);
	ck_assert_int_eq(sync_q(ho, sql), 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM distributors WHERE code = 'GD-9001'"), 1);
	/* Findable by search at once: the index follows. */
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM distributor_fts WHERE distributor_fts"
				    " MATCH '\"gd-9001\"'"),
			 1);
	uint64_t before = sync_hash(ho, NULL, 0);
	int64_t log_before = sync_q(ho, "SELECT count(*) FROM sync_log");
	ck_assert_int_eq(db_sync_import(ho, bundle, &r), DB_OK);
	ck_assert_int_eq(r.entries, 0);
	ck_assert_int_eq(r.skipped, 2);
	ck_assert(sync_hash(ho, NULL, 0) == before);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_log"), log_before);
	/* The head office's answer acknowledges them: the rep's outbox empties. */
	sync_carry(ho, rep, "ho-to-rep.qsync");
	db_sync_counts(rep, &unsent, &open);
	ck_assert_int_eq(unsent, 0);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_log"), 0);
	/* The kept figures of both hold. */
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	free(bundle);
	db_close(rep);
	db_close(ho);
}
END_TEST

START_TEST(test_sync_orders_and_payments_travel_with_their_kept_figures)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	int64_t prod = sync_q(rep, "SELECT id FROM products ORDER BY sku LIMIT 1");
	struct order_line lines[] = { { prod, 5, 2000 } };
	struct order o = { .distributor_id = dist,
			   .order_date = { 2026, 11, 25 },
			   .lines = lines,
			   .nlines = 1,
			   .ship_date = { 2026, 11, 26 } };
	strcpy(o.order_no, "SYNC-ORD-1");
	strcpy(o.status, "shipped");
	ck_assert_int_eq(db_order_add(rep, &o), DB_OK);
	struct payment p = { .distributor_id = dist,
			     .paid_on = { 2026, 11, 26 },
			     .amount_fen = 7000 };
	strcpy(p.reference, "SYNC-PAY-1");
	ck_assert_int_eq(db_payment_add(rep, &p), DB_OK);
	struct sync_result r = sync_carry(rep, ho, "rep-to-ho.qsync");
	ck_assert_int_eq(r.conflicts, 0);
	ck_assert_int_eq(sync_q(ho, "SELECT total_fen FROM orders WHERE order_no = 'SYNC-ORD-1'"),
			 10000);
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT sales_fen FROM dist_month WHERE distributor_id = %lld AND month = "
		 "'2026-11'",
		 (long long)dist);
	ck_assert_int_eq(sync_q(ho, sql), sync_q(rep, sql));
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Adds n orders of four lines each to dist, all shipped on day, in one
 * write, numbered from prefix. */
static void many_orders(qd_db *db, int64_t dist, const char *prefix, int n, qd_date day)
{
	struct order_line lines[4];
	for (int k = 0; k < 4; k++) {
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT id FROM products ORDER BY sku LIMIT 1 OFFSET %d", k);
		lines[k] = (struct order_line){ sync_q(db, sql), 1 + k, 1250 + 100 * k };
	}
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	for (int i = 0; i < n; i++) {
		struct order o = { .distributor_id = dist,
				   .order_date = day,
				   .lines = lines,
				   .nlines = 4,
				   .ship_date = day };
		snprintf(o.order_no, sizeof o.order_no, "%s-%04d", prefix, i);
		strcpy(o.status, "shipped");
		ck_assert_int_eq(db_order_add(db, &o), DB_OK);
	}
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_OK);
}

/* A rep's bundle of many new orders is taken at the head office the way a
 * large import takes them, their figures made all at once: the same
 * figures as the rep's, and as a recompute. One that also moves an order
 * on cannot be; forced to try, the bulk path's guards refuse it and the
 * import is done again the usual way, with the same result. */
START_TEST(test_sync_many_orders_arrive_in_bulk_with_the_same_figures)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	many_orders(rep, dist, "BULK", 520, (qd_date){ 2026, 11, 20 });
	struct sync_result r = sync_carry(rep, ho, "bulk.qsync");
	ck_assert(r.orders_in_bulk);
	ck_assert_int_eq(r.conflicts, 0);
	static const char lines_sql[] =
		"SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id"
		" WHERE o.order_no LIKE 'BULK-%'";
	ck_assert_int_eq(sync_q(ho, lines_sql), 2080);
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT sales_fen * 1000 + sales_orders FROM dist_period WHERE distributor_id"
		 " = %lld AND kind = 'Q' AND period = '2026-Q4'",
		 (long long)dist);
	ck_assert_int_eq(sync_q(ho, sql), sync_q(rep, sql));
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);

	/* An order moved on, and as many new ones again. */
	int64_t first = sync_q(rep, "SELECT id FROM orders WHERE order_no = 'BULK-0000'");
	ck_assert_int_eq(db_order_set_status(rep, first, "delivered", (qd_date){ 2026, 11, 20 }),
			 DB_OK);
	many_orders(rep, dist, "MORE", 520, (qd_date){ 2026, 11, 21 });
	sync_bulk_always = true;
	r = sync_carry(rep, ho, "more.qsync");
	sync_bulk_always = false;
	ck_assert(!r.orders_in_bulk);
	ck_assert_int_eq(r.conflicts, 0);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no = 'BULK-0000'"
				    " AND status = 'delivered'"),
			 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no LIKE 'MORE-%'"),
			 520);
	ck_assert_int_eq(sync_q(ho, sql), sync_q(rep, sql));
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* ---- conflicts ------------------------------------------------------------------- */

START_TEST(test_sync_same_field_later_change_wins_on_both_sides_and_loser_is_kept)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	/* The rep first, then the head office: the head office's is later. */
	ck_assert_int_eq(sync_edit(rep, dist, EDIT_PHONE, "13100000001"), DB_OK);
	usleep(5000);
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13100000002"), DB_OK);
	/* Different fields on both sides merge. */
	ck_assert_int_eq(sync_edit(rep, dist, EDIT_CONTACT, "代表改的"), DB_OK);
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_NOTES, "总部改的"), DB_OK);
	struct sync_result a = sync_carry(rep, ho, "1.qsync");
	struct sync_result b = sync_carry(ho, rep, "2.qsync");
	ck_assert_int_ge(a.conflicts, 1);
	ck_assert_int_ge(b.conflicts, 1);
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT phone || '|' || contact || '|' || notes FROM distributors WHERE id = %lld",
		 (long long)dist);
	char *x = sync_qs(ho, sql), *y = sync_qs(rep, sql);
	ck_assert_str_eq(x, "13100000002|代表改的|总部改的");
	ck_assert_str_eq(y, x);
	free(x);
	free(y);
	/* Each side kept the losing phone for review. */
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE kind = 'kept'"
				    " AND theirs LIKE '%13100000001%'"),
			 1);
	ck_assert_int_eq(sync_q(rep,
				"SELECT count(*) FROM sync_conflicts WHERE kind = 'overwritten'"
				" AND mine LIKE '%13100000001%'"),
			 1);
	/* The rep keeps its own: written again as the latest, it wins
	 * everywhere once carried. */
	int64_t cid = sync_q(rep, "SELECT id FROM sync_conflicts WHERE kind = 'overwritten'");
	struct sync_conflict c;
	ck_assert_int_eq(db_sync_conflict_get(rep, cid, &c), DB_OK);
	bool seen = false;
	for (int i = 0; i < c.nfields; i++)
		if (!strcmp(c.fields[i].name, "phone")) {
			seen = true;
			ck_assert(c.fields[i].contested);
			ck_assert_str_eq(c.fields[i].mine, "13100000001");
			ck_assert_str_eq(c.fields[i].theirs, "13100000002");
		}
	ck_assert(seen);
	sync_conflict_clear(&c);
	ck_assert_int_eq(db_sync_resolve(rep, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(rep, ho, "3.qsync");
	snprintf(sql, sizeof sql, "SELECT phone FROM distributors WHERE id = %lld",
		 (long long)dist);
	x = sync_qs(ho, sql);
	ck_assert_str_eq(x, "13100000001");
	free(x);
	/* The head office's "mine was later and stayed" is no longer so: the
	 * rep's decision took the phone, and settled it there. */
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE kind = 'kept'"
				    " AND state = 'open'"),
			 0);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE kind = 'kept'"
				    " AND resolution = 'elsewhere'"),
			 1);
	ck_assert(sync_hash(rep, ho, rep_id_of(ho, code)) ==
		  sync_hash(ho, ho, rep_id_of(ho, code)));
	db_close(rep);
	db_close(ho);
}
END_TEST

/* The value sql reads is want on both databases. */
static void same_value(qd_db *a, qd_db *b, const char *sql, const char *want)
{
	char *x = sync_qs(a, sql), *y = sync_qs(b, sql);
	ck_assert_str_eq(x, want);
	ck_assert_str_eq(y, want);
	free(x);
	free(y);
}

/* Two laptops of one rep change the same phone; the head office, which
 * changed neither, passes both on. The conflict is for the devices whose
 * change it was (the laptop whose phone lost sees it replaced, the other
 * that it kept its own), not for the head office: its "mine" there was the
 * first laptop's, and its "keep mine" would have written that laptop's phone
 * back everywhere in the name of a device that never typed it. */
START_TEST(test_sync_conflict_is_reviewed_only_where_one_of_the_changes_was_made)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	char *f = file_name("two");
	qd_db *two = sync_provision(ho, code, f);
	free(f);
	ck_assert_int_eq(sync_edit(rep, dist, EDIT_PHONE, "13100000001"), DB_OK);
	usleep(5000);
	ck_assert_int_eq(sync_edit(two, dist, EDIT_PHONE, "13100000002"), DB_OK);
	sync_carry(rep, ho, "1.qsync");
	struct sync_result r = sync_carry(two, ho, "2.qsync");
	ck_assert_int_eq(r.conflicts, 0);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts"), 0);
	sync_carry(ho, rep, "3.qsync");
	sync_carry(ho, two, "4.qsync");
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT phone FROM distributors WHERE id = %lld",
		 (long long)dist);
	same_value(ho, rep, sql, "13100000002");
	same_value(ho, two, sql, "13100000002");
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_conflicts WHERE kind = 'overwritten'"
				     " AND mine LIKE '%13100000001%' AND state = 'open'"),
			 1);
	ck_assert_int_eq(sync_q(two, "SELECT count(*) FROM sync_conflicts WHERE kind = 'kept'"
				     " AND theirs LIKE '%13100000001%' AND state = 'open'"),
			 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts"), 0);
	db_close(two);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* The rep drops its first planned visit after 2026-11-28 while the head
 * office moves the same visit a day on; returns the visit. */
static int64_t dropped_here_moved_there(qd_db *rep, qd_db *ho)
{
	char sql[120];
	int64_t visit = sync_q(rep, "SELECT min(id) FROM visits WHERE status = 'planned'"
				    " AND planned_at > '2026-11-28'");
	ck_assert_int_gt(visit, 0);
	snprintf(sql, sizeof sql, "SELECT version FROM visits WHERE id = %lld", (long long)visit);
	ck_assert_int_eq(db_visit_drop(rep, visit, sync_q(rep, sql)), DB_OK);
	int64_t version = sync_q(ho, sql);
	ck_assert_int_eq(db_visit_move(ho, visit, &version, 1), DB_OK);
	return visit;
}

/* A laptop drops a planned visit while the head office moves it; the head
 * office keeps it. The rep's second laptop, which touched neither, gets the
 * drop, the move and the decision in one bundle: the drop it held is
 * settled by the decision there and then, and the import says nothing
 * waits (it said "1 conflict, 1 waiting" of none). */
START_TEST(test_sync_third_device_counts_what_a_decision_settled_as_not_waiting)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	char *f = file_name("two");
	qd_db *two = sync_provision(ho, code, f);
	free(f);
	char sql[200];
	int64_t visit = dropped_here_moved_there(rep, ho);
	struct sync_result r = sync_carry(rep, ho, "1.qsync");
	ck_assert_int_ge(r.open, 1);
	int64_t cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE state = 'open'"
				 " AND kind = 'deleted'");
	ck_assert_int_gt(cid, 0);
	/* Named by the visit's time here, not the one the deletion left. */
	snprintf(sql, sizeof sql,
		 "SELECT replace(planned_at, 'T', ' ') FROM visits WHERE id = %lld",
		 (long long)visit);
	char *here = sync_qs(ho, sql);
	struct sync_conflict c;
	ck_assert_int_eq(db_sync_conflict_get(ho, cid, &c), DB_OK);
	ck_assert_str_eq(c.number, here);
	sync_conflict_clear(&c);
	free(here);
	ck_assert_msg(db_sync_resolve(ho, cid, SYNC_KEEP_MINE, 0, NULL, NULL) == DB_OK, "%s",
		      db_errmsg(ho));
	r = sync_carry(ho, two, "2.qsync");
	ck_assert_int_eq(r.open, 0);
	ck_assert_int_eq(sync_q(two, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				     " AND kind NOT IN ('held', 'overwritten', 'kept')"),
			 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM visits WHERE id = %lld", (long long)visit);
	ck_assert_int_eq(sync_q(two, sql), 1);
	db_close(two);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* A visit dropped on the laptop and moved at the head office: on the
 * laptop, the move of a visit that is not there names its distributor
 * (from the laptop's own deletion) and its time (it showed a raw id). */
START_TEST(test_sync_change_of_a_visit_deleted_here_names_it)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	char sql[200];
	int64_t visit = dropped_here_moved_there(rep, ho);
	snprintf(sql, sizeof sql, "SELECT distributor_id FROM visits WHERE id = %lld",
		 (long long)visit);
	int64_t owner = sync_q(ho, sql);
	snprintf(sql, sizeof sql, "SELECT substr(planned_at, 1, 10) FROM visits WHERE id = %lld",
		 (long long)visit);
	char *day = sync_qs(ho, sql);
	sync_carry(ho, rep, "1.qsync");
	int64_t cid = sync_q(rep, "SELECT id FROM sync_conflicts WHERE state = 'open'"
				  " AND kind = 'missing' AND tbl = 'visits'");
	ck_assert_int_gt(cid, 0);
	struct sync_conflict c;
	ck_assert_int_eq(db_sync_conflict_get(rep, cid, &c), DB_OK);
	ck_assert_int_eq(c.distributor_id, owner);
	ck_assert_msg(c.distributor[0], "no distributor named");
	ck_assert_msg(!strncmp(c.number, day, 10), "the visit's time: \"%s\"", c.number);
	sync_conflict_clear(&c);
	free(day);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* A value that arrives and is the one here already still brings its time:
 * a change made between the two, arriving after it, loses here as it loses
 * everywhere else. (Two laptops of one rep and the head office, each change
 * in its own millisecond, the middle one carried last: the laptop that had
 * the same phone kept its own older time and took the middle change.) */
START_TEST(test_sync_same_value_arriving_later_brings_its_time)
{
	char code[16];
	int64_t dist;
	qd_db *one, *ho = head_office_and_rep(&one, code, &dist);
	char *f = file_name("second");
	qd_db *two = sync_provision(ho, code, f);
	free(f);
	int64_t t = sync_time_ms("2026-11-27T10:00:00.000Z");
	sync_clock_frozen = t + 1;
	ck_assert_int_eq(sync_edit(one, dist, EDIT_PHONE, "13100000001"), DB_OK);
	sync_clock_frozen = t + 2;
	ck_assert_int_eq(sync_edit(two, dist, EDIT_PHONE, "13100000002"), DB_OK);
	sync_clock_frozen = t + 3;
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13100000001"), DB_OK);
	sync_clock_frozen = 0;
	sync_carry(one, ho, "same-1.qsync");
	sync_carry(ho, one, "same-2.qsync"); /* the same phone, later */
	sync_carry(two, ho, "same-3.qsync");
	sync_carry(ho, one, "same-4.qsync"); /* the middle change */
	sync_carry(ho, two, "same-5.qsync");
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT phone FROM distributors WHERE id = %lld",
		 (long long)dist);
	same_value(ho, one, sql, "13100000001");
	same_value(ho, two, sql, "13100000001");
	int64_t rid = rep_id_of(ho, code);
	ck_assert(sync_hash(one, ho, rid) == sync_hash(ho, ho, rid));
	ck_assert(sync_hash(two, ho, rid) == sync_hash(ho, ho, rid));
	db_close(two);
	db_close(one);
	db_close(ho);
}
END_TEST

/* A rep's laptop is lost: until the head office forgets it, what the head
 * office changed waits in its outbox for it; forgotten, the outbox empties
 * of what the other laptop has, the rep's code names that one alone, and a
 * bundle the lost laptop wrote is refused. */
START_TEST(test_sync_a_forgotten_laptop_no_longer_holds_back_the_outbox)
{
	char code[16];
	int64_t dist;
	qd_db *lost, *ho = head_office_and_rep(&lost, code, &dist);
	char *f = file_name("kept");
	qd_db *kept = sync_provision(ho, code, f);
	free(f);
	ck_assert_int_eq(sync_edit(lost, dist, EDIT_PHONE, "13100000009"), DB_OK);
	char *from_lost = sync_path("from-lost.qsync");
	struct sync_result r;
	ck_assert_int_eq(db_sync_export(lost, NULL, from_lost, &r), DB_OK);
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13100000001"), DB_OK);
	/* The kept laptop has it and says so; the lost one never will. */
	sync_carry(ho, kept, "forget-1.qsync");
	sync_carry(kept, ho, "forget-2.qsync");
	ck_assert_int_gt(sync_q(ho, "SELECT count(*) FROM sync_log"), 0);
	struct sync_device l;
	ck_assert_int_eq(db_sync_device(lost, &l), DB_OK);
	char hex[17];
	db_sync_device_id_text(l.id, hex);
	ck_assert_int_eq(db_sync_forget(ho, hex, &r), DB_OK);
	ck_assert_int_eq(r.peer_id, l.id);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_log"), 0);
	/* The rep's code names the kept laptop alone now. */
	char *to_code = sync_path("to-code.qsync");
	ck_assert_msg(db_sync_export(ho, code, to_code, &r) == DB_OK, "%s", db_errmsg(ho));
	ck_assert_int_eq(db_sync_import(kept, to_code, &r), DB_OK);
	/* A bundle from the lost laptop, or for it, is refused. */
	int64_t log = sync_q(ho, "SELECT count(*) FROM sync_applied");
	uint64_t before = sync_hash(ho, NULL, 0);
	ck_assert_int_eq(db_sync_import(ho, from_lost, &r), DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(ho), "forgotten"));
	ck_assert(sync_hash(ho, NULL, 0) == before);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_applied"), log);
	char *to_lost = sync_path("to-lost.qsync");
	ck_assert_int_eq(db_sync_export(ho, hex, to_lost, &r), DB_INVALID);
	ck_assert_int_eq(access(to_lost, F_OK), -1);
	/* Twice, or the head office from the laptop: refused. */
	ck_assert_int_eq(db_sync_forget(ho, hex, &r), DB_INVALID);
	struct sync_device h;
	ck_assert_int_eq(db_sync_device(ho, &h), DB_OK);
	db_sync_device_id_text(h.id, hex);
	ck_assert_int_eq(db_sync_forget(kept, hex, &r), DB_INVALID);
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);
	free(from_lost);
	free(to_code);
	free(to_lost);
	db_close(kept);
	db_close(lost);
	db_close(ho);
}
END_TEST

/* The phone changed on both sides, `later` last, and carried both ways:
 * each keeps a conflict about it. */
static void phone_clash(qd_db *first, const char *a, qd_db *later, const char *b, int64_t dist)
{
	ck_assert_int_eq(sync_edit(first, dist, EDIT_PHONE, a), DB_OK);
	usleep(5000);
	ck_assert_int_eq(sync_edit(later, dist, EDIT_PHONE, b), DB_OK);
	/* Which way first does not matter: each side keeps its conflict. */
	sync_carry(first, later, "clash-1.qsync");
	sync_carry(later, first, "clash-2.qsync");
}

/* A decision to keep a row as it holds it (keep mine where mine won, keep
 * theirs where theirs won) travels and settles the matching conflict on the
 * other side, where the row holds the same. It writes no field again: a
 * later change the other side has not sent yet still wins. An ordinary
 * later change settles nothing. */
START_TEST(test_sync_decision_to_keep_the_row_as_it_is_settles_the_other_side)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	static const char open_kept[] =
		"SELECT count(*) FROM sync_conflicts WHERE kind = 'kept' AND state = 'open'";
	static const char open_over[] =
		"SELECT count(*) FROM sync_conflicts WHERE kind = 'overwritten' AND state = 'open'";
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT phone FROM distributors WHERE id = %lld",
		 (long long)dist);
	/* Both change the phone, the head office later. */
	phone_clash(rep, "13100000001", ho, "13100000002", dist);
	ck_assert_int_eq(sync_q(ho, open_kept), 1);
	ck_assert_int_eq(sync_q(rep, open_over), 1);
	/* The rep accepts the head office's phone, which its row holds. */
	int64_t cid = sync_q(rep, "SELECT id FROM sync_conflicts WHERE kind = 'overwritten'");
	ck_assert_int_eq(db_sync_resolve(rep, cid, SYNC_KEEP_THEIRS, 0, NULL, NULL), DB_OK);
	ck_assert_int_eq(sync_q(rep, open_over), 0);
	sync_carry(rep, ho, "3.qsync");
	ck_assert_int_eq(sync_q(ho, open_kept), 0);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE kind = 'kept'"
				    " AND resolution = 'elsewhere'"),
			 1);
	same_value(ho, rep, sql, "13100000002");

	/* The other way round: the head office keeps its own, the winner. */
	phone_clash(rep, "13100000003", ho, "13100000004", dist);
	ck_assert_int_eq(sync_q(ho, open_kept), 1);
	ck_assert_int_eq(sync_q(rep, open_over), 1);
	cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'kept' AND state = 'open'");
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(ho, rep, "6.qsync");
	ck_assert_int_eq(sync_q(rep, open_over), 0);

	/* An ordinary later change of the head office's settles nothing. */
	phone_clash(rep, "13100000005", ho, "13100000006", dist);
	ck_assert_int_eq(sync_q(rep, open_over), 1);
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13100000007"), DB_OK);
	sync_carry(ho, rep, "9.qsync");
	ck_assert_int_eq(sync_q(rep, open_over), 1);

	/* Keeping theirs at the rep while the head office has changed the
	 * phone again, not yet sent: the later change still wins everywhere. */
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13100000009"), DB_OK);
	cid = sync_q(rep, "SELECT id FROM sync_conflicts WHERE kind = 'overwritten'"
			  " AND state = 'open' ORDER BY id DESC LIMIT 1");
	ck_assert_int_eq(db_sync_resolve(rep, cid, SYNC_KEEP_THEIRS, 0, NULL, NULL), DB_OK);
	sync_carry(ho, rep, "10.qsync");
	sync_carry(rep, ho, "11.qsync");
	same_value(ho, rep, sql, "13100000009");
	ck_assert_int_eq(sync_q(rep, open_over), 0);

	/* The rep's phone later; the rep keeps theirs, the head office's,
	 * written again: where it arrives it brings back what the head office
	 * lost, and settles its "theirs replaced mine" there. */
	phone_clash(ho, "13100000011", rep, "13100000022", dist);
	int64_t over_before = sync_q(ho, open_over);
	ck_assert_int_ge(over_before, 1);
	cid = sync_q(rep, "SELECT id FROM sync_conflicts WHERE kind = 'kept' AND state = 'open'"
			  " ORDER BY id DESC LIMIT 1");
	ck_assert_int_eq(db_sync_resolve(rep, cid, SYNC_KEEP_THEIRS, 0, NULL, NULL), DB_OK);
	sync_carry(rep, ho, "14.qsync");
	ck_assert_int_eq(sync_q(ho, open_over), over_before - 1);
	same_value(ho, rep, sql, "13100000011");

	/* The head office edits theirs (neither phone): where it arrives, the
	 * row holds the edit and the rep's "theirs replaced mine" is settled
	 * too, not left to review by hand. */
	phone_clash(rep, "13100000044", ho, "13100000055", dist);
	int64_t over_now = sync_q(rep, open_over);
	ck_assert_int_ge(over_now, 1);
	cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'kept' AND state = 'open'"
			 " ORDER BY id DESC LIMIT 1");
	const char *names[] = { "phone" }, *values[] = { "13100000066" };
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_EDITED, 1, names, values), DB_OK);
	sync_carry(ho, rep, "15.qsync");
	ck_assert_int_eq(sync_q(rep, open_over), over_now - 1);
	same_value(ho, rep, sql, "13100000066");
	ck_assert(sync_hash(rep, ho, rep_id_of(ho, code)) ==
		  sync_hash(ho, ho, rep_id_of(ho, code)));
	db_close(rep);
	db_close(ho);
}
END_TEST

/* A decision about a distributor's row travels only where that distributor
 * is: a conflict settled on one rep's distributor, at the head office or
 * at the rep, does not put it on another rep's laptop. */
START_TEST(test_sync_decision_stays_within_the_scope_of_its_distributor)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	/* Another rep, whose scope does not hold dist. */
	char sql[400];
	snprintf(sql, sizeof sql,
		 "SELECT r.code FROM reps r WHERE r.code <> '%s' AND r.role = 'rep'"
		 " AND r.id NOT IN (SELECT rt.rep_id FROM rep_territories rt"
		 " WHERE rt.territory_id = (SELECT territory_id FROM distributors WHERE id = %lld))"
		 " AND EXISTS (SELECT 1 FROM distributors d WHERE d.owner_rep_id = r.id)"
		 " ORDER BY r.code LIMIT 1",
		 code, (long long)dist);
	char *other_code = sync_qs(ho, sql);
	char *f = file_name("other");
	qd_db *other = sync_provision(ho, other_code, f);
	free(f);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM distributors WHERE id = %lld",
		 (long long)dist);
	ck_assert_int_eq(sync_q(other, sql), 0);
	/* Settled at the head office: mine kept. */
	phone_clash(rep, "13100000001", ho, "13100000002", dist);
	int64_t cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE state = 'open'"
				 " ORDER BY id DESC LIMIT 1");
	ck_assert_int_gt(cid, 0);
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(ho, other, "scope-1.qsync");
	ck_assert_int_eq(sync_q(other, sql), 0);
	sync_carry(ho, rep, "scope-2.qsync");
	/* Settled at the rep, relayed by the head office. */
	phone_clash(ho, "13100000003", rep, "13100000004", dist);
	cid = sync_q(rep, "SELECT id FROM sync_conflicts WHERE state = 'open'"
			  " ORDER BY id DESC LIMIT 1");
	ck_assert_int_gt(cid, 0);
	ck_assert_int_eq(db_sync_resolve(rep, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(rep, ho, "scope-3.qsync");
	sync_carry(ho, other, "scope-4.qsync");
	ck_assert_int_eq(sync_q(other, sql), 0);
	ck_assert_int_eq(sync_q(other, "SELECT count(*) FROM sync_decisions"), 0);
	/* The rep's own still settle there. */
	ck_assert(sync_hash(rep, ho, rep_id_of(ho, code)) ==
		  sync_hash(ho, ho, rep_id_of(ho, code)));
	/* A head office's bundle for any device carries every region: a
	 * rep's database refuses it, changing nothing. */
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13100000009"), DB_OK);
	char *any = sync_path("scope-any.qsync");
	struct sync_result r;
	ck_assert_int_eq(db_sync_export(ho, NULL, any, &r), DB_OK);
	ck_assert_int_eq(r.peer_id, 0);
	int64_t before = sync_q(other, "SELECT count(*) FROM distributors");
	ck_assert_int_eq(db_sync_import(other, any, &r), DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(other), "--for"));
	ck_assert_int_eq(sync_q(other, "SELECT count(*) FROM distributors"), before);
	ck_assert_int_eq(sync_q(other, sql), 0);
	unlink(any);
	free(any);
	free(other_code);
	db_close(other);
	db_close(rep);
	db_close(ho);
}
END_TEST

START_TEST(test_sync_duplicate_code_waits_with_what_hangs_off_it_until_edited)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	/* Both create GD-0420 offline; the rep records an order for its own. */
	int64_t at_ho = sync_add(ho, "GD-0420", "总部建的经销商");
	int64_t at_rep = sync_add_credit(rep, "GD-0420", "代表建的经销商", 7000000);
	ck_assert(at_ho && at_rep && at_ho != at_rep);
	int64_t prod = sync_q(rep, "SELECT id FROM products ORDER BY sku LIMIT 1");
	struct order_line lines[] = { { prod, 1, 500 } };
	struct order o = { .distributor_id = at_rep,
			   .order_date = { 2026, 11, 25 },
			   .lines = lines,
			   .nlines = 1 };
	strcpy(o.order_no, "DUP-ORD-1");
	strcpy(o.status, "open");
	ck_assert_int_eq(db_order_add(rep, &o), DB_OK);
	struct sync_result r = sync_carry(rep, ho, "1.qsync");
	ck_assert_int_ge(r.open, 1);
	/* None of it took effect: none is counted as applied. */
	ck_assert_int_eq(r.changes, 0);
	/* The import counts the conflicts the list shows: not what waits
	 * under another (the order under its distributor). */
	struct sync_conflict *list;
	int nlist;
	ck_assert_int_eq(db_sync_conflicts(ho, true, &list, &nlist), DB_OK);
	ck_assert_int_eq(r.conflicts, nlist);
	for (int i = 0; i < nlist; i++)
		sync_conflict_clear(&list[i]);
	free(list);
	/* Nothing of it applied: not the distributor, not its order. */
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM distributors WHERE code = 'GD-0420'"), 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no = 'DUP-ORD-1'"), 0);
	int64_t cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'unique'");
	ck_assert_int_gt(cid, 0);
	ck_assert_int_ge(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE kind = 'held'"), 2);
	/* Shown by its code and name (it is not here to join), and why in words. */
	struct sync_conflict sc;
	ck_assert_int_eq(db_sync_conflict_get(ho, cid, &sc), DB_OK);
	ck_assert_str_eq(sc.distributor, "GD-0420 代表建的经销商");
	ck_assert_str_eq(sc.detail, "Another record here already has this code.");
	/* Each field as the user reads it: an amount in yuan, a stored time
	 * to the minute, a status in words; what is not typed is fixed. */
	int seen = 0;
	for (int i = 0; i < sc.nfields; i++) {
		const struct sync_field *f = &sc.fields[i];
		if (!strcmp(f->name, "credit_limit_fen")) {
			seen++;
			ck_assert(f->money && !f->fixed);
			ck_assert_str_eq(f->theirs, "7000000");
			ck_assert_str_eq(f->theirs_shown, "¥70,000.00");
		} else if (!strcmp(f->name, "created_at")) {
			seen++;
			ck_assert(f->fixed && !f->money);
			ck_assert_ptr_nonnull(f->theirs_shown);
			ck_assert_ptr_null(strchr(f->theirs_shown, 'T'));
			ck_assert_int_eq((int)strlen(f->theirs_shown), 16);
		} else if (!strcmp(f->name, "status") || !strcmp(f->name, "territory_id")) {
			seen++;
			ck_assert(f->fixed);
		} else if (!strcmp(f->name, "code") || !strcmp(f->name, "phone")) {
			seen++;
			ck_assert(!f->fixed && !f->money);
		}
		/* Beside theirs, the record here that holds the code. */
		if (!strcmp(f->name, "name")) {
			ck_assert_str_eq(f->mine, "总部建的经销商");
			ck_assert(f->differs);
		}
	}
	ck_assert_int_eq(seen, 6);
	ck_assert(sc.mine_is_clash);
	sync_conflict_clear(&sc);
	/* Keeping mine would delete their order with theirs, unseen: refused. */
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_INVALID);
	ck_assert(strstr(db_errmsg(ho), "1 record waiting with it"));
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				    " AND kind = 'unique'"),
			 1);
	/* Keeping theirs as it is still clashes: refused with why, in words. */
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_THEIRS, 0, NULL, NULL), DB_INVALID);
	ck_assert(strstr(db_errmsg(ho), "Edit"));
	ck_assert(strstr(db_errmsg(ho), "already has this code"));
	ck_assert_ptr_null(strstr(db_errmsg(ho), "UNIQUE"));
	/* An edit the form would refuse is refused here too, and the status
	 * moves only through the lifecycle. */
	const char *bad_names[] = { "code", "phone", "credit_limit_fen", "credit_limit_fen",
				    "status" };
	const char *bad_values[] = { "GD 0421!", "12", "1000000000001", "a lot", "terminated" };
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(
			db_sync_resolve(ho, cid, SYNC_EDITED, 1, bad_names + i, bad_values + i),
			DB_INVALID);
		ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE state ="
					    " 'open' AND kind = 'unique'"),
				 1);
	}
	ck_assert(strstr(db_errmsg(ho), "lifecycle"));
	/* Another code, but a credit limit past the ceiling: refused too. */
	const char *over_names[] = { "code", "credit_limit_fen" };
	const char *over_values[] = { "GD-0421", "1000000000001" };
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_EDITED, 2, over_names, over_values),
			 DB_INVALID);
	ck_assert(strstr(db_errmsg(ho), "at most"));
	/* Edited to another code, it is applied with its order. */
	const char *names[] = { "code" };
	const char *values[] = { "GD-0421" };
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_EDITED, 1, names, values), DB_OK);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM distributors WHERE code = 'GD-0421'"), 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no = 'DUP-ORD-1'"), 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				    " AND kind IN ('unique','held')"),
			 0);
	/* The decision travels: the rep's copy takes the new code, and the
	 * head office's GD-0420 arrives beside it. */
	sync_carry(ho, rep, "2.qsync");
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT code FROM distributors WHERE id = %lld",
		 (long long)at_rep);
	char *x = sync_qs(rep, sql);
	ck_assert_str_eq(x, "GD-0421");
	free(x);
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Adds an open order of n lines (the first product, line i: i × ¥5.00)
 * numbered number for dist, as a form would. */
static void open_order_lines(qd_db *db, int64_t dist, const char *number, int n)
{
	int64_t prod = sync_q(db, "SELECT id FROM products ORDER BY sku LIMIT 1");
	struct order_line *lines = calloc((size_t)n, sizeof *lines);
	for (int i = 0; i < n; i++)
		lines[i] = (struct order_line){ prod, 1 + i, 500 };
	struct order o = {
		.distributor_id = dist, .order_date = { 2026, 11, 25 }, .lines = lines, .nlines = n
	};
	strcpy(o.status, "open");
	snprintf(o.order_no, sizeof o.order_no, "%s", number);
	ck_assert_int_eq(db_order_add(db, &o), DB_OK);
	free(lines);
}

/* The same of one line (1 × ¥5.00). */
static void open_order(qd_db *db, int64_t dist, const char *number)
{
	open_order_lines(db, dist, number, 1);
}

/* Both record order CASE-ORD-1 offline, one as case-ord-1: one order
 * number (import and the form take them as one), so the second waits as a
 * duplicate would, shown beside the one here, until it gets another number. */
START_TEST(test_sync_order_number_in_another_case_waits_as_a_duplicate)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	open_order(ho, dist, "CASE-ORD-1");
	open_order(rep, dist, "case-ord-1");
	sync_carry(rep, ho, "1.qsync");
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no LIKE 'case-ord-1'"),
			 1);
	int64_t cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'unique'"
				 " AND tbl = 'orders'");
	ck_assert_int_gt(cid, 0);
	struct sync_conflict sc;
	ck_assert_int_eq(db_sync_conflict_get(ho, cid, &sc), DB_OK);
	ck_assert_str_eq(sc.detail,
			 "Another order here already has this number (in any case: so-1 is SO-1).");
	ck_assert(sc.mine_is_clash);
	/* Named as theirs, the record in question (not the one here). */
	ck_assert_str_eq(sc.number, "case-ord-1");
	int seen = 0;
	for (int i = 0; i < sc.nfields; i++)
		if (!strcmp(sc.fields[i].name, "order_no")) {
			seen++;
			ck_assert_str_eq(sc.fields[i].mine, "CASE-ORD-1");
			ck_assert_str_eq(sc.fields[i].theirs, "case-ord-1");
		}
	ck_assert_int_eq(seen, 1);
	/* The total is the lines': shown, not edited. */
	int totals = 0;
	for (int i = 0; i < sc.nfields; i++)
		if (!strcmp(sc.fields[i].name, "total_fen")) {
			totals++;
			ck_assert(sc.fields[i].fixed);
		}
	ck_assert_int_eq(totals, 1);
	sync_conflict_clear(&sc);
	const char *total[] = { "total_fen" }, *one[] = { "100" };
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_EDITED, 1, total, one), DB_INVALID);
	ck_assert(strstr(db_errmsg(ho), "sum of its lines"));
	/* Its dates as the import takes them. */
	const char *dates[] = { "order_date", "order_no" },
		   *later[] = { "2099-01-01", "CASE-ORD-9" },
		   *broken[] = { "2026-11-239", "CASE-ORD-9" };
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_EDITED, 2, dates, later), DB_INVALID);
	ck_assert(strstr(db_errmsg(ho), "not after today"));
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_EDITED, 2, dates, broken), DB_INVALID);
	ck_assert(strstr(db_errmsg(ho), "Not a date"));
	/* Theirs as it is still clashes; with another number it goes in. */
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_THEIRS, 0, NULL, NULL), DB_INVALID);
	ck_assert(strstr(db_errmsg(ho), "already has this number"));
	const char *names[] = { "order_no" };
	/* A number edited as the forms take it: given, short, no controls;
	 * one still taken is said as edited (not "press e"). */
	const char *empty[] = { "" }, *longer[] = { "SO-0123456789012345678901234567890123456789" },
		   *taken[] = { "case-ORD-1" };
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_EDITED, 1, names, empty), DB_INVALID);
	ck_assert(strstr(db_errmsg(ho), "A number is required"));
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_EDITED, 1, names, longer), DB_INVALID);
	ck_assert(strstr(db_errmsg(ho), "at most 40 characters"));
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_EDITED, 1, names, taken), DB_INVALID);
	ck_assert(strstr(db_errmsg(ho), "Theirs as edited still breaks"));
	const char *values[] = { "CASE-ORD-2" };
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_EDITED, 1, names, values), DB_OK);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no LIKE 'case-ord-%'"),
			 2);
	/* An order renamed to another's number in another case waits too. */
	open_order(rep, dist, "REN-1");
	sync_carry(rep, ho, "2.qsync");
	open_order(ho, dist, "REN-2");
	ck_assert_int_eq(db_write_begin(rep), DB_OK);
	ck_assert_int_eq(
		sqlite3_exec(db_handle(rep),
			     "UPDATE orders SET order_no = 'ren-2' WHERE order_no = 'REN-1'", NULL,
			     NULL, NULL),
		SQLITE_OK);
	ck_assert_int_eq(db_write_end(rep, DB_OK), DB_OK);
	sync_carry(rep, ho, "3.qsync");
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no LIKE 'ren-%'"), 2);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no = 'REN-1'"), 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE kind = 'unique'"
				    " AND tbl = 'orders' AND op = 'update' AND state = 'open'"),
			 1);
	/* An invoice number the same way. */
	struct amount_due a = { .distributor_id = dist,
				.due_date = { 2026, 12, 31 },
				.amount_fen = 50000 };
	strcpy(a.invoice_no, "INV-C1");
	ck_assert_int_eq(db_due_add(ho, &a), DB_OK);
	strcpy(a.invoice_no, "inv-c1");
	a.id = 0;
	ck_assert_int_eq(db_due_add(rep, &a), DB_OK);
	sync_carry(rep, ho, "4.qsync");
	ck_assert_int_eq(
		sync_q(ho, "SELECT count(*) FROM amounts_due WHERE invoice_no LIKE 'inv-c1'"), 1);
	cid = sync_q(ho,
		     "SELECT id FROM sync_conflicts WHERE kind = 'unique' AND tbl = 'amounts_due'");
	ck_assert_int_eq(db_sync_conflict_get(ho, cid, &sc), DB_OK);
	ck_assert_str_eq(sc.detail, "An amount due here already has this invoice number (in any "
				    "case: inv-1 is INV-1).");
	ck_assert(sc.mine_is_clash);
	sync_conflict_clear(&sc);
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* The head office does not want the rep's new GD-0420 (keeps mine): the
 * rep's record goes, and what the rep is shown of it names it by its code
 * and name (it is not here to join any more) and says theirs is deleted. */
START_TEST(test_sync_discarded_new_record_is_named_where_it_went)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	ck_assert(sync_add(ho, "GD-0420", "总部建的经销商"));
	ck_assert(sync_add(rep, "GD-0420", "代表建的经销商"));
	sync_carry(rep, ho, "1.qsync");
	int64_t cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'unique'");
	ck_assert_int_gt(cid, 0);
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(ho, rep, "2.qsync");
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM distributors WHERE name = '代表建的经销商'"),
			 0);
	struct sync_conflict *list;
	int n;
	ck_assert_int_eq(db_sync_conflicts(rep, false, &list, &n), DB_OK);
	bool seen = false;
	for (int i = 0; i < n; i++) {
		if (strcmp(list[i].table, "distributors") || strcmp(list[i].op, "delete"))
			continue;
		seen = true;
		ck_assert_str_eq(list[i].distributor, "GD-0420 代表建的经销商");
	}
	for (int i = 0; i < n; i++)
		sync_conflict_clear(&list[i]);
	free(list);
	ck_assert(seen);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* The head office discards the rep's new GD-0420 after the rep recorded an
 * order for it (not in the bundle the head office saw): on the rep the
 * decision cannot delete it (the order refers to it), so it is kept and
 * waits as a conflict; the bundle is taken, and the next ones too. */
START_TEST(test_sync_discarded_record_with_later_orders_waits_where_they_are)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	ck_assert(sync_add(ho, "GD-0420", "总部建的经销商"));
	int64_t at_rep = sync_add(rep, "GD-0420", "代表建的经销商");
	ck_assert(at_rep);
	sync_carry(rep, ho, "1.qsync");
	open_order(rep, at_rep, "LATE-ORD-1");
	int64_t cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'unique'");
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(ho, rep, "2.qsync");
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM distributors WHERE id = %lld",
		 (long long)at_rep);
	ck_assert_int_eq(sync_q(rep, sql), 1);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM orders WHERE order_no = 'LATE-ORD-1'"),
			 1);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				     " AND kind = 'deleted' AND op = 'delete'"),
			 1);
	/* Kept on the rep, it goes back to the head office, where its code
	 * is taken: it waits there again (the import does not fail), and
	 * sync goes on both ways. */
	int64_t kept = sync_q(rep, "SELECT id FROM sync_conflicts WHERE state = 'open'"
				   " AND kind = 'deleted'");
	ck_assert_int_eq(db_sync_resolve(rep, kept, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	struct sync_result back = sync_carry(rep, ho, "3.qsync");
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				    " AND kind = 'unique' AND tbl = 'distributors'"),
			 1);
	/* Counted as listed: the distributor, its order under it. */
	ck_assert_int_eq(back.open, 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM distributors WHERE code = 'GD-0420'"), 1);
	/* Its order came before it and waits under it: keeping the head
	 * office's again would discard the order too, unseen; it is refused
	 * (before, it was allowed and the two sides sent the same conflict
	 * back and forth). Giving theirs another code takes both in. */
	int64_t again = sync_q(ho, "SELECT id FROM sync_conflicts WHERE state = 'open'"
				   " AND kind = 'unique' AND tbl = 'distributors'");
	ck_assert_int_eq(sync_q(ho,
				"SELECT count(*) FROM sync_conflicts c JOIN sync_conflicts p"
				" ON p.id = c.parent_id WHERE c.state = 'open' AND c.tbl = 'orders'"
				" AND p.tbl = 'distributors'"),
			 1);
	ck_assert_int_eq(db_sync_resolve(ho, again, SYNC_KEEP_MINE, 0, NULL, NULL), DB_INVALID);
	/* What waits, said as it is: an order, not visits or payments. */
	ck_assert_ptr_nonnull(strstr(db_errmsg(ho), "1 record waiting with it (order)"));
	struct sync_conflict sc;
	ck_assert_int_eq(db_sync_conflict_get(ho, again, &sc), DB_OK);
	ck_assert_str_eq(sc.refuse_mine, db_errmsg(ho));
	sync_conflict_clear(&sc);
	const char *names[] = { "code" }, *values[] = { "GD-0421" };
	ck_assert_int_eq(db_sync_resolve(ho, again, SYNC_EDITED, 1, names, values), DB_OK);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders o JOIN distributors d"
				    " ON d.id = o.distributor_id WHERE d.code = 'GD-0421'"
				    " AND o.order_no = 'LATE-ORD-1'"),
			 1);
	sync_carry(ho, rep, "4.qsync");
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM distributors WHERE code = 'GD-0421'"),
			 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"), 0);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* The rep's order for its GD-0420 reaches the head office after the head
 * office discarded that distributor: it waits as missing there. Keeping it
 * out (m) would delete the rep's sale on the rep too; it is refused (before,
 * the decision deleted it there). */
START_TEST(test_sync_new_record_of_a_discarded_distributor_is_not_kept_out)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	ck_assert(sync_add(ho, "GD-0440", "总部建的经销商"));
	int64_t at_rep = sync_add(rep, "GD-0440", "代表建的经销商");
	sync_carry(rep, ho, "1.qsync");
	int64_t cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'unique'");
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	open_order(rep, at_rep, "LATE-ORD-4");
	sync_carry(rep, ho, "2.qsync");
	int64_t missing = sync_q(ho, "SELECT id FROM sync_conflicts WHERE state = 'open'"
				     " AND kind = 'missing' AND tbl = 'orders'");
	ck_assert_int_gt(missing, 0);
	/* Both said before any question, and the order named by its number. */
	struct sync_conflict sc;
	ck_assert_int_eq(db_sync_conflict_get(ho, missing, &sc), DB_OK);
	ck_assert_str_eq(sc.number, "LATE-ORD-4");
	ck_assert_ptr_nonnull(strstr(sc.refuse_mine, "every device"));
	ck_assert_ptr_nonnull(strstr(sc.refuse_theirs, "not here"));
	sync_conflict_clear(&sc);
	ck_assert_int_eq(db_sync_resolve(ho, missing, SYNC_KEEP_MINE, 0, NULL, NULL), DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(ho), "every device"));
	ck_assert_int_eq(db_sync_resolve(ho, missing, SYNC_KEEP_THEIRS, 0, NULL, NULL), DB_INVALID);
	sync_carry(ho, rep, "3.qsync");
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM orders WHERE order_no = 'LATE-ORD-4'"),
			 1);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Not only orders, visits and money: an incident, a target, an exclusive
 * right, a training attended, a review recorded for the discarded
 * distributor hold the decision too (each would cascade with it). */
START_TEST(test_sync_discarded_record_with_an_incident_is_kept_with_it)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	ck_assert(sync_add(ho, "GD-0430", "总部建的经销商"));
	int64_t at_rep = sync_add(rep, "GD-0430", "代表建的经销商");
	sync_carry(rep, ho, "1.qsync");
	struct incident x = { .distributor_id = at_rep,
			      .occurred_on = { 2026, 11, 25 },
			      .description = "投诉：送货晚了三天" };
	char *k = sync_qs(rep, "SELECT kind FROM incidents LIMIT 1");
	char *sv = sync_qs(rep, "SELECT severity FROM incidents LIMIT 1");
	snprintf(x.kind, sizeof x.kind, "%s", k);
	snprintf(x.severity, sizeof x.severity, "%s", sv);
	free(k);
	free(sv);
	ck_assert_int_eq(db_incident_add(rep, &x), DB_OK);
	int64_t cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'unique'");
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(ho, rep, "2.qsync");
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM incidents WHERE distributor_id = %lld",
		 (long long)at_rep);
	ck_assert_int_eq(sync_q(rep, sql), 1);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				     " AND kind = 'deleted' AND tbl = 'distributors'"),
			 1);
	/* Taking the deletion is refused there too. */
	int64_t d = sync_q(rep, "SELECT id FROM sync_conflicts WHERE state = 'open'"
				" AND kind = 'deleted'");
	ck_assert_int_eq(db_sync_resolve(rep, d, SYNC_KEEP_THEIRS, 0, NULL, NULL), DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(rep), "Its records here (incident)"));
	ck_assert_int_eq(sync_q(rep, sql), 1);
	/* At the head office it waits as new, its state in words. */
	sync_carry(rep, ho, "3.qsync");
	int64_t at_ho = sync_q(ho, "SELECT id FROM sync_conflicts WHERE state = 'open'"
				   " AND tbl = 'incidents'");
	ck_assert_int_gt(at_ho, 0);
	struct sync_conflict sc;
	ck_assert_int_eq(db_sync_conflict_get(ho, at_ho, &sc), DB_OK);
	bool shown = false;
	for (int i = 0; i < sc.nfields; i++)
		if (!strcmp(sc.fields[i].name, "status"))
			shown = sc.fields[i].theirs_shown &&
				!strcmp(sc.fields[i].theirs_shown, "not resolved");
	ck_assert(shown);
	sync_conflict_clear(&sc);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Both got the other's order of one number and both kept their own: each
 * decision would delete the record the other side kept, and a sale would
 * be gone everywhere. Each side keeps its own and the crossed decision
 * waits there for a person. */
START_TEST(test_sync_crossed_keep_mine_decisions_delete_neither)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	open_order(ho, dist, "SYM-1");
	open_order(rep, dist, "sym-1");
	sync_carry(rep, ho, "1.qsync");
	sync_carry(ho, rep, "2.qsync");
	int64_t at_ho = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'unique'"
				   " AND tbl = 'orders' AND state = 'open'");
	int64_t at_rep = sync_q(rep, "SELECT id FROM sync_conflicts WHERE kind = 'unique'"
				     " AND tbl = 'orders' AND state = 'open'");
	ck_assert(at_ho > 0 && at_rep > 0);
	ck_assert_int_eq(db_sync_resolve(ho, at_ho, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	ck_assert_int_eq(db_sync_resolve(rep, at_rep, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(ho, rep, "3.qsync");
	sync_carry(rep, ho, "4.qsync");
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no = 'SYM-1'"), 1);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM orders WHERE order_no = 'sym-1'"), 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				    " AND kind = 'deleted' AND tbl = 'orders'"),
			 1);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				     " AND kind = 'deleted' AND tbl = 'orders'"),
			 1);
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* The same when this side kept both (gave theirs another number) and the
 * other kept its own: the decision deleting the order kept here waits. */
START_TEST(test_sync_kept_both_against_keep_mine_deletes_neither)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	open_order(ho, dist, "SYM-2");
	open_order(rep, dist, "sym-2");
	sync_carry(rep, ho, "1.qsync");
	sync_carry(ho, rep, "2.qsync");
	int64_t at_ho = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'unique'"
				   " AND tbl = 'orders' AND state = 'open'");
	int64_t at_rep = sync_q(rep, "SELECT id FROM sync_conflicts WHERE kind = 'unique'"
				     " AND tbl = 'orders' AND state = 'open'");
	ck_assert(at_ho > 0 && at_rep > 0);
	const char *names[] = { "order_no" }, *values[] = { "SYM-3" };
	ck_assert_int_eq(db_sync_resolve(ho, at_ho, SYNC_EDITED, 1, names, values), DB_OK);
	ck_assert_int_eq(db_sync_resolve(rep, at_rep, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(rep, ho, "3.qsync");
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no = 'SYM-2'"), 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				    " AND kind = 'deleted' AND tbl = 'orders'"),
			 1);
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Both sides keep their own, then, told the other's decision would delete
 * it, keep it again: each side's order stays whole with its lines, and
 * neither side gets the other's order without its lines. */
START_TEST(test_sync_crossed_keep_mine_twice_keeps_each_order_whole)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	open_order(ho, dist, "SYM-8");
	open_order(rep, dist, "sym-8");
	sync_carry(rep, ho, "1.qsync");
	sync_carry(ho, rep, "2.qsync");
	int64_t at_ho = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'unique'"
				   " AND tbl = 'orders' AND state = 'open'");
	int64_t at_rep = sync_q(rep, "SELECT id FROM sync_conflicts WHERE kind = 'unique'"
				     " AND tbl = 'orders' AND state = 'open'");
	ck_assert(at_ho > 0 && at_rep > 0);
	ck_assert_int_eq(db_sync_resolve(ho, at_ho, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	ck_assert_int_eq(db_sync_resolve(rep, at_rep, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(ho, rep, "3.qsync");
	sync_carry(rep, ho, "4.qsync");
	static const char deleted[] = "SELECT id FROM sync_conflicts WHERE state = 'open'"
				      " AND kind = 'deleted' AND tbl = 'orders'";
	at_ho = sync_q(ho, deleted);
	at_rep = sync_q(rep, deleted);
	ck_assert(at_ho > 0 && at_rep > 0);
	ck_assert_int_eq(db_sync_resolve(ho, at_ho, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	ck_assert_int_eq(db_sync_resolve(rep, at_rep, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	for (int i = 0; i < 2; i++) {
		sync_carry(ho, rep, "5.qsync");
		sync_carry(rep, ho, "6.qsync");
	}
	/* Each has the other's order back, waiting as a duplicate with its
	 * line under it. The head office keeps both (theirs as SYM-9): both
	 * orders are whole on both sides. */
	static const char unique[] = "SELECT id FROM sync_conflicts WHERE state = 'open'"
				     " AND kind = 'unique' AND tbl = 'orders'";
	at_ho = sync_q(ho, unique);
	ck_assert_int_gt(at_ho, 0);
	const char *names[] = { "order_no" }, *values[] = { "SYM-9" };
	ck_assert_int_eq(db_sync_resolve(ho, at_ho, SYNC_EDITED, 1, names, values), DB_OK);
	for (int i = 0; i < 2; i++) {
		sync_carry(ho, rep, "7.qsync");
		sync_carry(rep, ho, "8.qsync");
	}
	static const char bare[] = "SELECT count(*) FROM orders o WHERE NOT EXISTS"
				   " (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)";
	static const char both[] =
		"SELECT count(*) FROM orders WHERE order_no IN ('SYM-8', 'SYM-9')";
	static const char open[] = "SELECT count(*) FROM sync_conflicts WHERE state = 'open'";
	for (int i = 0; i < 2; i++) {
		qd_db *db = i ? rep : ho;
		ck_assert_int_eq(sync_q(db, bare), 0);
		ck_assert_int_eq(sync_q(db, both), 2);
		ck_assert_int_eq(sync_q(db, open), 0);
		ck_assert_int_eq(db_check(db, NULL, NULL, NULL), 0);
	}
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Crossed keep-mine decisions wait on both sides. The head office then
 * takes the rep's deletion of its order: the rep's order, discarded here
 * earlier, comes back in its place (before, the head office was left with
 * neither; both sides taking it left no order anywhere). */
/* The open conflict of two orders of one number. */
static const char open_unique[] = "SELECT id FROM sync_conflicts WHERE kind = 'unique'"
				  " AND tbl = 'orders' AND state = 'open'";

/* Each side's order of one number, made on each before: the bundles go both
 * ways, each side keeps its own, and the decisions go both ways. */
static void both_keep_mine(qd_db *ho, qd_db *rep)
{
	sync_carry(rep, ho, "1.qsync");
	sync_carry(ho, rep, "2.qsync");
	ck_assert_int_eq(
		db_sync_resolve(ho, sync_q(ho, open_unique), SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	ck_assert_int_eq(
		db_sync_resolve(rep, sync_q(rep, open_unique), SYNC_KEEP_MINE, 0, NULL, NULL),
		DB_OK);
	sync_carry(ho, rep, "3.qsync");
	sync_carry(rep, ho, "4.qsync");
}

static void crossed(qd_db **ho, qd_db **rep, const char *ours, const char *theirs)
{
	char code[16];
	int64_t dist;
	*ho = head_office_and_rep(rep, code, &dist);
	open_order(*ho, dist, ours);
	open_order(*rep, dist, theirs);
	both_keep_mine(*ho, *rep);
}

static const char crossed_deleted[] = "SELECT id FROM sync_conflicts WHERE state = 'open'"
				      " AND kind = 'deleted' AND tbl = 'orders'";
static const char no_bare_order[] = "SELECT count(*) FROM orders o WHERE NOT EXISTS"
				    " (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)";

START_TEST(test_sync_crossed_deletion_taken_brings_theirs_back)
{
	qd_db *ho, *rep;
	crossed(&ho, &rep, "SYM-5", "sym-5");
	int64_t d = sync_q(ho, crossed_deleted);
	ck_assert_int_gt(d, 0);
	ck_assert_int_eq(db_sync_resolve(ho, d, SYNC_KEEP_THEIRS, 0, NULL, NULL), DB_OK);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no = 'sym-5'"), 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM orders WHERE order_no = 'SYM-5'"), 0);
	for (int i = 0; i < 2; i++) {
		sync_carry(ho, rep, "5.qsync");
		sync_carry(rep, ho, "6.qsync");
	}
	for (int i = 0; i < 2; i++) {
		qd_db *db = i ? rep : ho;
		ck_assert_int_eq(sync_q(db, "SELECT count(*) FROM orders WHERE order_no = 'sym-5'"),
				 1);
		ck_assert_int_eq(sync_q(db, "SELECT count(*) FROM orders WHERE order_no = 'SYM-5'"),
				 0);
		ck_assert_int_eq(sync_q(db, no_bare_order), 0);
		ck_assert_int_eq(sync_q(db, "SELECT count(*) FROM sync_conflicts"
					    " WHERE state = 'open' AND tbl = 'orders'"),
				 0);
		ck_assert_int_eq(db_check(db, NULL, NULL, NULL), 0);
	}
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Both take the other's deletion at once: a sale is never gone from both,
 * and the two sides do not end each holding the other's order with
 * nothing to say so (before, each side's deletion, sent as a change,
 * deleted the order the other had just brought back): a decision waits. */
START_TEST(test_sync_crossed_deletion_taken_on_both_sides_loses_neither_sale)
{
	qd_db *ho, *rep;
	crossed(&ho, &rep, "SYM-6", "sym-6");
	ck_assert_int_eq(
		db_sync_resolve(ho, sync_q(ho, crossed_deleted), SYNC_KEEP_THEIRS, 0, NULL, NULL),
		DB_OK);
	ck_assert_int_eq(
		db_sync_resolve(rep, sync_q(rep, crossed_deleted), SYNC_KEEP_THEIRS, 0, NULL, NULL),
		DB_OK);
	for (int i = 0; i < 3; i++) {
		sync_carry(ho, rep, "5.qsync");
		sync_carry(rep, ho, "6.qsync");
	}
	for (int i = 0; i < 2; i++) {
		qd_db *db = i ? rep : ho;
		ck_assert_int_ge(sync_q(db, "SELECT count(*) FROM orders WHERE order_no = 'SYM-6' "
					    "COLLATE NOCASE"),
				 1);
		ck_assert_int_eq(sync_q(db, no_bare_order), 0);
		ck_assert_int_ge(sync_q(db, "SELECT count(*) FROM sync_conflicts"
					    " WHERE state = 'open' AND tbl = 'orders'"),
				 1);
		ck_assert_int_eq(db_check(db, NULL, NULL, NULL), 0);
	}
	db_close(rep);
	db_close(ho);
}
END_TEST

/* An order of some seven hundred lines kept back: too long to go whole in
 * one decision (100,000 characters at most), it goes as its header, and
 * keeping it is not refused by the database's check. */
START_TEST(test_sync_keeping_a_long_order_sends_its_header)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	enum { N = 700 };
	open_order_lines(ho, dist, "BIG-1", N);
	open_order(rep, dist, "big-1");
	both_keep_mine(ho, rep);
	int64_t d = sync_q(ho, crossed_deleted);
	ck_assert_int_gt(d, 0);
	ck_assert_int_eq(db_sync_resolve(ho, d, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM order_lines l JOIN orders o"
				    " ON o.id = l.order_id WHERE o.order_no = 'BIG-1'"),
			 N);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* A row of table as JSON, every column. */
static char *row_json(qd_db *db, const char *table, int64_t id)
{
	char sql[400];
	snprintf(sql, sizeof sql,
		 "SELECT 'SELECT json_object(' || group_concat('''' || name || ''', \"' || name"
		 " || '\"', ', ') || ') FROM \"%s\" WHERE id = ?1' FROM pragma_table_info('%s')",
		 table, table);
	char *q = sync_qs(db, sql);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_handle(db), q, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	char *json = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	free(q);
	return json;
}

/* A bundle is untrusted: a crafted decision keeping an order no one has
 * carries, as its part, a line of another order the rep has (quantity 999).
 * The line is not put in (before, the rep's order gained a line no one
 * entered, its total unchanged). */
START_TEST(test_sync_crafted_parts_of_a_kept_record_reach_no_other)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	open_order(ho, dist, "VICTIM-1");
	sync_carry(ho, rep, "1.qsync");
	int64_t victim = sync_q(rep, "SELECT id FROM orders WHERE order_no = 'VICTIM-1'");
	int64_t line = sync_q(ho, "SELECT min(l.id) FROM order_lines l JOIN orders o"
				  " ON o.id = l.order_id WHERE o.order_no = 'VICTIM-1'");
	char *ord = row_json(ho, "orders", victim);
	char *ln = row_json(ho, "order_lines", line);
	static const char sql[] =
		"INSERT INTO sync_decisions(id, tbl, key, decision, row, decided_at, decided_by)"
		" VALUES (777777, 'orders', '888888', 'keep',"
		" json_set(json(?1), '$.id', 888888, '$.order_no', 'GHOST-1',"
		"  '$.\"$parts\"', json_array(json_object('tbl', 'order_lines', 'row',"
		"   json_set(json(?2), '$.id', 999999, '$.quantity', 999)))),"
		" '2026-11-27T10:00:00.000Z', 'x')";
	ck_assert_int_eq(db_write_begin(ho), DB_OK);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_handle(ho), sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, ord, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, ln, -1, SQLITE_TRANSIENT);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	ck_assert_int_eq(db_write_end(ho, DB_OK), DB_OK);
	free(ord);
	free(ln);
	sync_carry(ho, rep, "2.qsync");
	char q[200];
	snprintf(q, sizeof q, "SELECT count(*) FROM order_lines WHERE order_id = %lld",
		 (long long)victim);
	ck_assert_int_eq(sync_q(rep, q), 1);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Both sides keep both, giving the other's order the same new number: each
 * side's order arrives where the other's already has it. The conflict that
 * waits is about a record here (its number), not a new one: another number
 * (e) settles it, and the two sides end the same (before, m, t and e were
 * all refused and the two differed for good). */
START_TEST(test_sync_both_give_the_same_new_number_can_be_settled)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	open_order(ho, dist, "SAME-1");
	open_order(rep, dist, "same-1");
	sync_carry(rep, ho, "1.qsync");
	sync_carry(ho, rep, "2.qsync");
	const char *unique = open_unique;
	const char *names[] = { "order_no" }, *values[] = { "SAME-X" };
	ck_assert_int_eq(db_sync_resolve(ho, sync_q(ho, unique), SYNC_EDITED, 1, names, values),
			 DB_OK);
	ck_assert_int_eq(db_sync_resolve(rep, sync_q(rep, unique), SYNC_EDITED, 1, names, values),
			 DB_OK);
	sync_carry(ho, rep, "3.qsync");
	sync_carry(rep, ho, "4.qsync");
	int64_t at_ho = sync_q(ho, unique);
	ck_assert_int_gt(at_ho, 0);
	const char *other[] = { "SAME-Y" };
	ck_assert_int_eq(db_sync_resolve(ho, at_ho, SYNC_EDITED, 1, names, other), DB_OK);
	for (int i = 0; i < 2; i++) {
		sync_carry(ho, rep, "5.qsync");
		sync_carry(rep, ho, "6.qsync");
	}
	/* Whatever else is open on the rep, it can be settled too. */
	int64_t at_rep = sync_q(rep, unique);
	if (at_rep > 0) {
		ck_assert_int_eq(db_sync_resolve(rep, at_rep, SYNC_KEEP_THEIRS, 0, NULL, NULL),
				 DB_OK);
		sync_carry(rep, ho, "7.qsync");
		sync_carry(ho, rep, "8.qsync");
	}
	static const char numbers[] = "SELECT group_concat(order_no, ',') FROM (SELECT order_no"
				      " FROM orders WHERE order_no LIKE 'same-%' ORDER BY id)";
	char *a = sync_qs(ho, numbers), *b = sync_qs(rep, numbers);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	for (int i = 0; i < 2; i++) {
		qd_db *db = i ? rep : ho;
		ck_assert_int_eq(sync_q(db, no_bare_order), 0);
		ck_assert_int_eq(
			sync_q(db, "SELECT count(*) FROM orders WHERE order_no LIKE 'same-%'"), 2);
		ck_assert_int_eq(db_check(db, NULL, NULL, NULL), 0);
	}
	db_close(rep);
	db_close(ho);
}
END_TEST

/* After both took the other's deletion, the head office keeps both (the
 * rep's order as SAME-9) and keeps its own: the deletion the rep still
 * holds is of an order the head office writes again, and is withdrawn
 * (before, t on it deleted the renamed order and its line everywhere). */
START_TEST(test_sync_deletion_withdrawn_when_its_device_writes_the_record_again)
{
	qd_db *ho, *rep;
	crossed(&ho, &rep, "same-8", "SAME-8");
	ck_assert_int_eq(
		db_sync_resolve(ho, sync_q(ho, crossed_deleted), SYNC_KEEP_THEIRS, 0, NULL, NULL),
		DB_OK);
	ck_assert_int_eq(
		db_sync_resolve(rep, sync_q(rep, crossed_deleted), SYNC_KEEP_THEIRS, 0, NULL, NULL),
		DB_OK);
	sync_carry(rep, ho, "5.qsync");
	sync_carry(ho, rep, "6.qsync");
	const char *unique = open_unique;
	int64_t u = sync_q(ho, unique);
	ck_assert_int_gt(u, 0);
	const char *names[] = { "order_no" }, *values[] = { "same-9" };
	ck_assert_int_eq(db_sync_resolve(ho, u, SYNC_EDITED, 1, names, values), DB_OK);
	int64_t d = sync_q(ho, crossed_deleted);
	if (d > 0)
		ck_assert_int_eq(db_sync_resolve(ho, d, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(rep, ho, "7.qsync");
	sync_carry(ho, rep, "8.qsync");
	d = sync_q(rep, crossed_deleted);
	if (d > 0)
		ck_assert_int_eq(db_sync_resolve(rep, d, SYNC_KEEP_THEIRS, 0, NULL, NULL), DB_OK);
	for (int i = 0; i < 2; i++) {
		sync_carry(rep, ho, "9.qsync");
		sync_carry(ho, rep, "10.qsync");
	}
	for (int i = 0; i < 2; i++) {
		qd_db *db = i ? rep : ho;
		ck_assert_int_eq(sync_q(db, no_bare_order), 0);
		ck_assert_int_eq(
			sync_q(db, "SELECT count(*) FROM orders WHERE order_no LIKE 'same-%'"), 2);
		ck_assert_int_eq(db_check(db, NULL, NULL, NULL), 0);
	}
	db_close(rep);
	db_close(ho);
}
END_TEST

/* The head office drops a planned visit while the rep records it (a count): the
 * count reaches HO as a new row whose parent is not here. Once the visit is
 * gone on both sides, nothing can settle it: m is refused, t breaks. */
START_TEST(test_sync_new_count_of_a_dropped_visit_can_be_settled)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	int64_t visit = sync_q(rep, "SELECT min(id) FROM visits WHERE status = 'planned'");
	char *pd = sync_qs(rep, "SELECT planned_at FROM visits WHERE id ="
				" (SELECT min(id) FROM visits WHERE status = 'planned')");
	int py, pm, pdd;
	sscanf(pd, "%d-%d-%d", &py, &pm, &pdd);
	free(pd);
	ck_assert_int_gt(visit, 0);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT version FROM visits WHERE id = %lld", (long long)visit);
	ck_assert_int_eq(db_visit_drop(ho, visit, sync_q(ho, sql)), DB_OK);
	int64_t prod = sync_q(rep, "SELECT id FROM products ORDER BY sku LIMIT 1");
	struct visit_count counts[] = { { prod, 40 } };
	qd_date today = { py, pm, pdd };
	struct visit_record r = { .id = visit,
				  .version = sync_q(rep, sql),
				  .day = today,
				  .minutes = 600,
				  .rating = -1,
				  .objective_met = -1,
				  .counts = counts,
				  .ncounts = 1 };
	ck_assert_msg(db_visit_record(rep, &r, today, "代表") == DB_OK, "%s", db_errmsg(rep));
	sync_carry(rep, ho, "1.qsync");
	/* The head office keeps the visit dropped (m), before the rep decides. */
	int64_t hv = sync_q(ho, "SELECT id FROM sync_conflicts WHERE state = 'open'"
				" AND tbl = 'visits'");
	ck_assert_msg(db_sync_resolve(ho, hv, SYNC_KEEP_MINE, 0, NULL, NULL) == DB_OK, "%s",
		      db_errmsg(ho));
	sync_carry(ho, rep, "2.qsync");
	/* The rep takes the head office's drop. */
	int64_t d = sync_q(rep, "SELECT id FROM sync_conflicts WHERE state = 'open'"
				" AND tbl = 'visits'");
	if (d > 0)
		ck_assert_msg(db_sync_resolve(rep, d, SYNC_KEEP_THEIRS, 0, NULL, NULL) == DB_OK,
			      "%s", db_errmsg(rep));
	for (int i = 0; i < 2; i++) {
		sync_carry(rep, ho, "3.qsync");
		sync_carry(ho, rep, "4.qsync");
	}
	/* At the head office, settle what it can: the visit's own conflict with m. */
	int64_t v = sync_q(ho, "SELECT id FROM sync_conflicts WHERE state = 'open'"
			       " AND tbl = 'visits'");
	if (v > 0)
		ck_assert_msg(db_sync_resolve(ho, v, SYNC_KEEP_MINE, 0, NULL, NULL) == DB_OK, "%s",
			      db_errmsg(ho));
	for (int i = 0; i < 2; i++) {
		sync_carry(ho, rep, "5.qsync");
		sync_carry(rep, ho, "6.qsync");
	}
	int64_t m = sync_q(ho, "SELECT id FROM sync_conflicts WHERE state = 'open'"
			       " AND kind = 'missing' AND op = 'insert'");
	if (m > 0) {
		qd_rc a = db_sync_resolve(ho, m, SYNC_KEEP_MINE, 0, NULL, NULL);
		qd_rc b = a ? db_sync_resolve(ho, m, SYNC_KEEP_THEIRS, 0, NULL, NULL) : DB_OK;
		ck_assert_msg(a == DB_OK || b == DB_OK, "stuck: neither m nor t settles it");
	}
	db_close(rep);
	db_close(ho);
}
END_TEST

/* The head office discarded two laptops' orders of one number (one's
 * first, then two's), keeping its own. Laptop one kept its own over the head
 * office's: its decision deleting the head office's order waits there as
 * crossed. Taking it should bring back one's order (the one that crossed), not
 * two's (the latest discarded with that number, which two gave up). */
START_TEST(test_sync_crossed_deletion_brings_back_the_record_that_crossed)
{
	char code[16];
	int64_t dist;
	qd_db *one, *ho = head_office_and_rep(&one, code, &dist);
	char *f = file_name("two");
	qd_db *two = sync_provision(ho, code, f);
	free(f);
	open_order(ho, dist, "SYM-7");
	open_order(one, dist, "sym-7");
	open_order(two, dist, "Sym-7");
	int64_t k1 = sync_q(one, "SELECT id FROM orders WHERE order_no = 'sym-7'");
	int64_t k2 = sync_q(two, "SELECT id FROM orders WHERE order_no = 'Sym-7'");
	sync_carry(one, ho, "1.qsync");
	sync_carry(ho, one, "2.qsync");
	static const char unique[] = "SELECT id FROM sync_conflicts WHERE kind = 'unique'"
				     " AND tbl = 'orders' AND state = 'open' ORDER BY id LIMIT 1";
	/* One keeps its own over the head office's. */
	ck_assert_int_eq(db_sync_resolve(one, sync_q(one, unique), SYNC_KEEP_MINE, 0, NULL, NULL),
			 DB_OK);
	/* The head office keeps its own over one's, then over two's. */
	ck_assert_int_eq(db_sync_resolve(ho, sync_q(ho, unique), SYNC_KEEP_MINE, 0, NULL, NULL),
			 DB_OK);
	sync_carry(two, ho, "3.qsync");
	ck_assert_int_eq(db_sync_resolve(ho, sync_q(ho, unique), SYNC_KEEP_MINE, 0, NULL, NULL),
			 DB_OK);
	sync_carry(one, ho, "4.qsync");
	int64_t d = sync_q(ho, "SELECT id FROM sync_conflicts WHERE state = 'open'"
			       " AND kind = 'deleted' AND tbl = 'orders'");
	ck_assert_int_gt(d, 0);
	struct sync_conflict sc;
	ck_assert_int_eq(db_sync_conflict_get(ho, d, &sc), DB_OK);
	sync_conflict_clear(&sc);
	ck_assert_msg(db_sync_resolve(ho, d, SYNC_KEEP_THEIRS, 0, NULL, NULL) == DB_OK, "%s",
		      db_errmsg(ho));
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM orders WHERE id = %lld", (long long)k2);
	ck_assert_int_eq(sync_q(ho, sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM orders WHERE id = %lld", (long long)k1);
	ck_assert_int_eq(sync_q(ho, sql), 1);
	db_close(two);
	db_close(one);
	db_close(ho);
}
END_TEST

/* Crossed orders, the rep's of 700 lines. The head office takes the
 * rep's deletion of its own order: the rep's comes back there, travelling as
 * a decision alone, which is too long to go whole and goes as its header. A
 * second laptop of the rep must still end with the order's lines. */
START_TEST(test_sync_crossed_long_order_reaches_a_third_device_whole)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	char *f = file_name("two");
	qd_db *two = sync_provision(ho, code, f);
	free(f);
	enum { N = 700 };
	open_order_lines(rep, dist, "big-2", N);
	open_order(ho, dist, "BIG-2");
	both_keep_mine(ho, rep);
	int64_t d = sync_q(ho, crossed_deleted);
	ck_assert_int_gt(d, 0);
	ck_assert_int_eq(db_sync_resolve(ho, d, SYNC_KEEP_THEIRS, 0, NULL, NULL), DB_OK);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM order_lines l JOIN orders o"
				    " ON o.id = l.order_id WHERE o.order_no = 'big-2'"),
			 N);
	for (int i = 0; i < 3; i++) {
		sync_carry(ho, two, "5.qsync");
		sync_carry(two, ho, "6.qsync");
	}
	ck_assert_int_eq(sync_q(two, no_bare_order), 0);
	ck_assert_int_eq(db_check(two, NULL, NULL, NULL), 0);
	db_close(two);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* The duplicate waits on both sides (each got the other's GD-0420 before
 * anyone decided). The head office gives the rep's another code; when that
 * arrives at the rep, the head office's GD-0420 fits there and goes in,
 * settling the rep's waiting conflict: no stale conflict is left whose
 * "keep mine" would delete a live record everywhere. */
START_TEST(test_sync_duplicate_waiting_on_both_sides_settles_when_the_rename_arrives)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	int64_t at_ho = sync_add(ho, "GD-0420", "总部建的经销商");
	int64_t at_rep = sync_add(rep, "GD-0420", "代表建的经销商");
	/* The head office's is the rep's too: it travels to the rep. */
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(ho, at_ho, &d), DB_OK);
	d.owner_rep_id = rep_id_of(ho, code);
	ck_assert_int_eq(db_dist_save(ho, &d, "测试"), DB_OK);
	db_dist_free(&d);
	sync_carry(rep, ho, "1.qsync");
	sync_carry(ho, rep, "1b.qsync");
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				     " AND kind = 'unique'"),
			 1);
	int64_t cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'unique'");
	const char *names[] = { "code" };
	const char *values[] = { "GD-0421" };
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_EDITED, 1, names, values), DB_OK);
	sync_carry(ho, rep, "2.qsync");
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM distributors WHERE id = %lld AND code = 'GD-0420'",
		 (long long)at_ho);
	ck_assert_int_eq(sync_q(rep, sql), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM distributors WHERE id = %lld AND code = 'GD-0421'",
		 (long long)at_rep);
	ck_assert_int_eq(sync_q(rep, sql), 1);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				     " AND kind IN ('unique','held','missing')"),
			 0);
	/* And back: the head office keeps both. */
	sync_carry(rep, ho, "3.qsync");
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM distributors WHERE code IN ('GD-0420',"
				    " 'GD-0421')"),
			 2);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				    " AND kind IN ('unique','held','missing')"),
			 0);
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Offline, the head office terminates dist; later the rep suspends it. */
static void terminated_here_suspended_there(qd_db *ho, qd_db *rep, int64_t dist)
{
	ck_assert_int_eq(sync_move(ho, dist, STATUS_ACTIVE, STATUS_TERMINATED), DB_OK);
	usleep(5000);
	ck_assert_int_eq(sync_move(rep, dist, STATUS_ACTIVE, STATUS_SUSPENDED), DB_OK);
}

START_TEST(test_sync_forbidden_lifecycle_move_after_the_others_waits)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	terminated_here_suspended_there(ho, rep, dist);
	struct sync_result r = sync_carry(rep, ho, "1.qsync");
	ck_assert_int_ge(r.open, 1);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT status FROM distributors WHERE id = %lld",
		 (long long)dist);
	char *x = sync_qs(ho, sql);
	ck_assert_str_eq(x, "terminated");
	free(x);
	int64_t cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'rule'");
	ck_assert_int_gt(cid, 0);
	/* Why is kept as what it is, not in the words of whoever imported
	 * the bundle, and said in the reader's language. */
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE kind = 'rule'"
				    " AND detail LIKE 'rule:%'"),
			 1);
	struct sync_conflict sc;
	ck_assert_int_eq(db_sync_conflict_get(ho, cid, &sc), DB_OK);
	ck_assert_str_eq(sc.detail, "The rules do not allow terminated → suspended.");
	/* Here theirs (the rep's suspension, the later) is the move refused. */
	ck_assert(!sc.mine_refused);
	ck_assert_str_eq(sync_conflict_label(&sc), "their status change is not allowed after mine");
	sync_conflict_clear(&sc);
	/* The rep, whose suspension was the later, waits too (it kept its own
	 * before, so the two sides differed with nothing waiting there). */
	r = sync_carry(ho, rep, "1b.qsync");
	ck_assert_int_ge(r.open, 1);
	static const char open_rule[] = "SELECT count(*) FROM sync_conflicts WHERE kind = 'rule'"
					" AND state = 'open'";
	ck_assert_int_eq(sync_q(rep, open_rule), 1);
	x = sync_qs(rep, sql);
	ck_assert_str_eq(x, "suspended");
	free(x);
	/* There the refused move is the rep's own, and its title says so. */
	ck_assert_int_eq(
		db_sync_conflict_get(
			rep, sync_q(rep, "SELECT id FROM sync_conflicts WHERE kind = 'rule'"), &sc),
		DB_OK);
	ck_assert(sc.mine_refused);
	ck_assert_str_eq(sync_conflict_label(&sc), "my status change is not allowed after theirs");
	sync_conflict_clear(&sc);
	/* The head office keeps its own; carried, the rep ends terminated too
	 * and its waiting conflict is settled by it. */
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(ho, rep, "2.qsync");
	x = sync_qs(rep, sql);
	ck_assert_str_eq(x, "terminated");
	free(x);
	ck_assert_int_eq(sync_q(rep, open_rule), 0);
	/* The history's last line, on both sides, is the status kept: the
	 * rep's suspension was not applied, and the settlement says so. */
	char last[300];
	snprintf(last, sizeof last,
		 "SELECT from_status || '>' || to_status || '/' || coalesce(reason, '')"
		 " FROM status_history WHERE distributor_id = %lld"
		 " ORDER BY changed_at DESC, created_at DESC LIMIT 1",
		 (long long)dist);
	char *h = sync_qs(ho, last), *g = sync_qs(rep, last);
	ck_assert_str_eq(h, "suspended>terminated/breach");
	ck_assert_str_eq(g, h);
	free(h);
	free(g);
	/* The rep's review of "theirs replaced mine" on the status: keeping
	 * its suspension would take the terminated distributor back, which
	 * the rules forbid; refused, nothing changes. */
	snprintf(last, sizeof last,
		 "SELECT id FROM sync_conflicts WHERE kind = 'overwritten' AND tbl = 'distributors'"
		 " AND fields LIKE '%%status%%' AND key = '%lld' ORDER BY id DESC LIMIT 1",
		 (long long)dist);
	int64_t over = sync_q(rep, last);
	ck_assert_int_gt(over, 0);
	ck_assert_int_eq(db_sync_resolve(rep, over, SYNC_KEEP_MINE, 0, NULL, NULL), DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(rep), "rules do not allow"));
	x = sync_qs(rep, sql);
	ck_assert_str_eq(x, "terminated");
	free(x);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* The head office takes the rep's suspension instead (keeps theirs): the
 * rep's own waiting conflict over the same move is settled when that
 * decision arrives, and both end suspended. */
START_TEST(test_sync_forbidden_move_taken_there_settles_the_wait_here)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	terminated_here_suspended_there(ho, rep, dist);
	sync_carry(rep, ho, "1.qsync");
	sync_carry(ho, rep, "1b.qsync");
	static const char open_rule[] = "SELECT count(*) FROM sync_conflicts WHERE kind = 'rule'"
					" AND state = 'open'";
	ck_assert_int_eq(sync_q(rep, open_rule), 1);
	int64_t cid = sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'rule'");
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_THEIRS, 0, NULL, NULL), DB_OK);
	sync_carry(ho, rep, "2.qsync");
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT status FROM distributors WHERE id = %lld",
		 (long long)dist);
	char *x = sync_qs(ho, sql), *y = sync_qs(rep, sql);
	ck_assert_str_eq(x, "suspended");
	ck_assert_str_eq(y, "suspended");
	free(x);
	free(y);
	ck_assert_int_eq(sync_q(rep, open_rule), 0);
	/* The history ends with the suspension kept, on both sides. */
	snprintf(sql, sizeof sql,
		 "SELECT from_status || '>' || to_status || '/' || coalesce(reason, '')"
		 " FROM status_history WHERE distributor_id = %lld"
		 " ORDER BY changed_at DESC, created_at DESC LIMIT 1",
		 (long long)dist);
	x = sync_qs(ho, sql);
	y = sync_qs(rep, sql);
	ck_assert_str_eq(x, "terminated>suspended/payment");
	ck_assert_str_eq(y, x);
	free(x);
	free(y);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* A visit missed on one side and cancelled on the other: a closed visit
 * becomes no other, so both sides wait, each keeping its own whole (it was
 * merged field by field into a cancelled visit with the missed one's
 * reason, or the other way round). */
START_TEST(test_sync_visit_closed_two_ways_waits_on_both_sides)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	int64_t visit = sync_q(rep, "SELECT min(id) FROM visits WHERE status IN ('planned',"
				    "'confirmed') AND substr(planned_at, 1, 10) = '2026-11-27'");
	ck_assert_int_gt(visit, 0);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT version FROM visits WHERE id = %lld", (long long)visit);
	qd_date today = { 2026, 11, 27 };
	ck_assert_int_eq(
		db_visit_close(rep, visit, sync_q(rep, sql), "missed", "客户不在", today, "代表"),
		DB_OK);
	usleep(5000);
	ck_assert_int_eq(
		db_visit_close(ho, visit, sync_q(ho, sql), "cancelled", "客户关门", today, "经理"),
		DB_OK);
	struct sync_result a = sync_carry(rep, ho, "1.qsync");
	struct sync_result b = sync_carry(ho, rep, "2.qsync");
	ck_assert_int_ge(a.open, 1);
	ck_assert_int_ge(b.open, 1);
	snprintf(sql, sizeof sql, "SELECT status || '/' || reason FROM visits WHERE id = %lld",
		 (long long)visit);
	char *x = sync_qs(ho, sql), *y = sync_qs(rep, sql);
	ck_assert_str_eq(x, "cancelled/客户关门");
	ck_assert_str_eq(y, "missed/客户不在");
	free(x);
	free(y);
	/* The head office keeps its own: carried, the rep has it whole. */
	int64_t cid =
		sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'rule' AND state = 'open'");
	ck_assert_int_gt(cid, 0);
	ck_assert_int_eq(db_sync_resolve(ho, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(ho, rep, "3.qsync");
	y = sync_qs(rep, sql);
	ck_assert_str_eq(y, "cancelled/客户关门");
	free(y);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* A visit recorded done on one side and cancelled on the other, each
 * forbidden after the other: whichever the head office keeps, both end with
 * the same visit, closed one way whole. Before, taking the rep's record
 * there kept the head office's reason for cancelling beside it, and keeping
 * the cancellation left the rep's copy cancelled without its reason. */
static void done_here_cancelled_there(bool keep_mine)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	int64_t visit = sync_q(rep, "SELECT min(id) FROM visits WHERE status IN ('planned',"
				    "'confirmed') AND substr(planned_at, 1, 10) = '2026-11-27'");
	ck_assert_int_gt(visit, 0);
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT version FROM visits WHERE id = %lld", (long long)visit);
	qd_date today = { 2026, 11, 27 };
	struct visit_record r = { .id = visit,
				  .version = sync_q(rep, sql),
				  .day = today,
				  .minutes = 600,
				  .summary = "见到老板",
				  .rating = 4,
				  .objective_met = 1 };
	ck_assert_msg(db_visit_record(rep, &r, today, "代表") == DB_OK, "%s", db_errmsg(rep));
	usleep(5000);
	ck_assert_int_eq(
		db_visit_close(ho, visit, sync_q(ho, sql), "cancelled", "客户关门", today, "经理"),
		DB_OK);
	sync_carry(rep, ho, "1.qsync");
	sync_carry(ho, rep, "2.qsync");
	int64_t cid =
		sync_q(ho, "SELECT id FROM sync_conflicts WHERE kind = 'rule' AND state = 'open'");
	ck_assert_int_gt(cid, 0);
	ck_assert_msg(db_sync_resolve(ho, cid, keep_mine ? SYNC_KEEP_MINE : SYNC_KEEP_THEIRS, 0,
				      NULL, NULL) == DB_OK,
		      "%s", db_errmsg(ho));
	for (int i = 0; i < 2; i++) {
		sync_carry(ho, rep, "3.qsync");
		sync_carry(rep, ho, "4.qsync");
	}
	snprintf(sql, sizeof sql,
		 "SELECT status || '|' || reason || '|' || summary || '|' || coalesce(done_at, '-')"
		 " || '|' || coalesce(display_score, '-') || '|' || coalesce(objective_met, '-')"
		 " FROM visits WHERE id = %lld",
		 (long long)visit);
	same_value(ho, rep, sql,
		   keep_mine ? "cancelled|客户关门||-|-|-"
			     : "done||见到老板|2026-11-27T10:00|80|1");
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				    " AND kind = 'rule'"),
			 0);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				     " AND kind = 'rule'"),
			 0);
	db_close(rep);
	db_close(ho);
}

START_TEST(test_sync_visit_done_and_cancelled_ends_the_same_when_the_record_is_kept)
{
	done_here_cancelled_there(false);
}
END_TEST

START_TEST(test_sync_visit_done_and_cancelled_ends_the_same_when_the_cancel_is_kept)
{
	done_here_cancelled_there(true);
}
END_TEST

/* A visit recorded done on the rep's laptop, and confirmed then cancelled
 * at the head office: the rep has one conflict on it, mine against their
 * latest, not one for each of their moves. Before, the rep had two that
 * looked alike (done against confirmed, done against cancelled); deciding
 * them differently left the visit confirmed with nothing recorded, on every
 * device. Here the rep decides, and both end with the one it chose. */
static void done_here_confirmed_and_cancelled_there(bool keep_mine)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	/* Planned at the head office for today, on both sides. */
	qd_date today = { 2026, 11, 27 };
	struct visit_plan p = {
		.distributor_id = dist, .rep_id = rep_id_of(ho, code), .day = today, .minutes = 600
	};
	snprintf(p.purpose, sizeof p.purpose, "routine");
	snprintf(p.objective_kind, sizeof p.objective_kind, "none");
	ck_assert_msg(db_visit_plan_save(ho, &p) == DB_OK, "%s", db_errmsg(ho));
	sync_carry(ho, rep, "0.qsync");
	int64_t visit = p.id;
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT version FROM visits WHERE id = %lld", (long long)visit);
	struct visit_record r = { .id = visit,
				  .version = sync_q(rep, sql),
				  .day = today,
				  .minutes = 600,
				  .summary = "见到老板",
				  .rating = 4,
				  .objective_met = 1 };
	ck_assert_msg(db_visit_record(rep, &r, today, "代表") == DB_OK, "%s", db_errmsg(rep));
	usleep(5000);
	int64_t version = sync_q(ho, sql);
	ck_assert_int_eq(db_visit_confirm_one(ho, visit, &version), DB_OK);
	usleep(5000);
	ck_assert_int_eq(db_visit_close(ho, visit, version, "cancelled", "客户关门", today, "经理"),
			 DB_OK);
	sync_carry(rep, ho, "1.qsync");
	struct sync_result got = sync_carry(ho, rep, "2.qsync");
	ck_assert_int_eq(got.conflicts, 1);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"),
			 1);
	int64_t cid =
		sync_q(rep, "SELECT id FROM sync_conflicts WHERE kind = 'rule' AND state = 'open'");
	ck_assert_int_gt(cid, 0);
	ck_assert_msg(db_sync_resolve(rep, cid, keep_mine ? SYNC_KEEP_MINE : SYNC_KEEP_THEIRS, 0,
				      NULL, NULL) == DB_OK,
		      "%s", db_errmsg(rep));
	for (int i = 0; i < 2; i++) {
		sync_carry(rep, ho, "3.qsync");
		sync_carry(ho, rep, "4.qsync");
	}
	snprintf(sql, sizeof sql,
		 "SELECT status || '|' || reason || '|' || summary || '|' || coalesce(done_at, '-')"
		 " || '|' || coalesce(display_score, '-') || '|' || coalesce(objective_met, '-')"
		 " FROM visits WHERE id = %lld",
		 (long long)visit);
	same_value(ho, rep, sql,
		   keep_mine ? "done||见到老板|2026-11-27T10:00|80|1"
			     : "cancelled|客户关门||-|-|-");
	/* Nothing waits on either side (the head office may review what
	 * the decision replaced there). */
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				    " AND kind NOT IN ('overwritten', 'kept')"),
			 0);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"),
			 0);
	db_close(rep);
	db_close(ho);
}

START_TEST(test_sync_visit_done_here_confirmed_and_cancelled_there_is_one_conflict_kept_mine)
{
	done_here_confirmed_and_cancelled_there(true);
}
END_TEST

START_TEST(test_sync_visit_done_here_confirmed_and_cancelled_there_is_one_conflict_taken)
{
	done_here_confirmed_and_cancelled_there(false);
}
END_TEST

/* Both sides write their bundles before reading the other's (a rep who
 * exports and imports in one sitting): a distributor new to the rep's
 * scope goes whole until the rep says it has it, then no more. Before,
 * each export gave it a newer snapshot number than the one the rep had
 * just acknowledged, and it went whole in every bundle for good. */
START_TEST(test_sync_distributor_sent_whole_stops_when_both_export_first)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	int64_t rid = rep_id_of(ho, code);
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT id FROM distributors WHERE owner_rep_id <> %lld ORDER BY code LIMIT 1",
		 (long long)rid);
	int64_t other = sync_q(ho, sql);
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(ho, other, &d), DB_OK);
	d.owner_rep_id = rid;
	ck_assert_int_eq(db_dist_save(ho, &d, "测试"), DB_OK);
	db_dist_free(&d);
	struct sync_device to_rep, to_ho;
	ck_assert_int_eq(db_sync_device(rep, &to_rep), DB_OK);
	ck_assert_int_eq(db_sync_device(ho, &to_ho), DB_OK);
	char rep_hex[17], ho_hex[17];
	db_sync_device_id_text(to_rep.id, rep_hex);
	db_sync_device_id_text(to_ho.id, ho_hex);
	char *h = sync_path("both-h.qsync"), *r = sync_path("both-r.qsync");
	int64_t whole[5];
	for (int i = 0; i < 5; i++) {
		struct sync_result hr, rr;
		unlink(h);
		unlink(r);
		ck_assert_int_eq(db_sync_export(ho, rep_hex, h, &hr), DB_OK);
		whole[i] = hr.distributors;
		ck_assert_int_eq(db_sync_export(rep, ho_hex, r, &rr), DB_OK);
		ck_assert_int_eq(db_sync_import(rep, h, &hr), DB_OK);
		ck_assert_int_eq(db_sync_import(ho, r, &rr), DB_OK);
	}
	ck_assert_int_ge(whole[0], 1);
	ck_assert_int_eq(whole[4], 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM distributors WHERE id = %lld",
		 (long long)other);
	ck_assert_int_eq(sync_q(rep, sql), 1);
	free(h);
	free(r);
	db_close(rep);
	db_close(ho);
}
END_TEST

START_TEST(test_sync_distributor_moved_into_a_reps_scope_arrives_whole)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	int64_t rid = rep_id_of(ho, code);
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT d.id FROM distributors d WHERE d.owner_rep_id <> %lld AND"
		 " (SELECT count(*) FROM orders o WHERE o.distributor_id = d.id) > 3 ORDER BY code"
		 " LIMIT 1",
		 (long long)rid);
	int64_t other = sync_q(ho, sql);
	ck_assert_int_gt(other, 0);
	/* An edit before it moves, which the rep must not see twice. */
	ck_assert_int_eq(sync_edit(ho, other, EDIT_PHONE, "13600000000"), DB_OK);
	snprintf(sql, sizeof sql, "UPDATE distributors SET owner_rep_id = %lld WHERE id = %lld",
		 (long long)rid, (long long)other);
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(ho, other, &d), DB_OK);
	d.owner_rep_id = rid;
	ck_assert_int_eq(db_dist_save(ho, &d, "测试"), DB_OK);
	db_dist_free(&d);
	struct sync_device dest;
	ck_assert_int_eq(db_sync_device(rep, &dest), DB_OK);
	char hex[17];
	db_sync_device_id_text(dest.id, hex);
	char *bundle = sync_path("moved.qsync");
	struct sync_result r;
	ck_assert_int_eq(db_sync_export(ho, hex, bundle, &r), DB_OK);
	ck_assert_int_ge(r.distributors, 1);
	ck_assert_int_eq(db_sync_import(rep, bundle, &r), DB_OK);
	ck_assert_int_eq(r.conflicts, 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM orders WHERE distributor_id = %lld",
		 (long long)other);
	ck_assert_int_eq(sync_q(rep, sql), sync_q(ho, sql));
	ck_assert(sync_hash(rep, ho, rid) == sync_hash(ho, ho, rid));
	/* The same bundle again, after the rep changed the distributor: the
	 * snapshot in it is not news, and no conflict is made of it (each
	 * replay added one). */
	uint64_t before = sync_hash(rep, ho, rid);
	ck_assert_int_eq(db_sync_import(rep, bundle, &r), DB_OK);
	ck_assert_int_eq(r.conflicts, 0);
	ck_assert(sync_hash(rep, ho, rid) == before);
	/* Nor does it count as changes applied: it changed nothing. */
	ck_assert_int_eq(r.changes, 0);
	ck_assert_int_eq(sync_edit(rep, other, EDIT_PHONE, "13611112222"), DB_OK);
	ck_assert_int_eq(db_sync_import(rep, bundle, &r), DB_OK);
	ck_assert_int_eq(r.conflicts, 0);
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_conflicts"), 0);
	snprintf(sql, sizeof sql, "SELECT phone FROM distributors WHERE id = %lld",
		 (long long)other);
	char *phone = sync_qs(rep, sql);
	ck_assert_str_eq(phone, "13611112222");
	free(phone);
	unlink(bundle);
	free(bundle);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

static void forge(const char *path, const char *word, const char *value);

/* A distributor moved out of a rep's scope at the head office leaves the
 * rep's laptop with all that hangs off it (the rep's own unsent edit of it
 * still reaches the head office); the list goes again while a bundle is
 * lost, stops once acknowledged, and a distributor moved back arrives
 * whole. */
START_TEST(test_sync_distributor_moved_out_of_a_reps_scope_leaves_it)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	int64_t rid = rep_id_of(ho, code);
	char sql[800];
	/* A territory and an owner far from the rep's. */
	snprintf(sql, sizeof sql,
		 "SELECT t.id FROM territories t WHERE t.level = 'province' AND t.id NOT IN"
		 " (SELECT territory_id FROM rep_territories WHERE rep_id = %lld)"
		 " AND t.id <> (SELECT territory_id FROM distributors WHERE id = %lld)"
		 " AND NOT EXISTS (SELECT 1 FROM territories c JOIN rep_territories rt"
		 " ON rt.territory_id = c.id WHERE c.parent_id = t.id AND rt.rep_id = %lld)"
		 " ORDER BY t.code LIMIT 1",
		 (long long)rid, (long long)dist, (long long)rid);
	int64_t far = sync_q(ho, sql);
	snprintf(sql, sizeof sql,
		 "SELECT id FROM reps WHERE id <> %lld AND role = 'rep' ORDER BY code LIMIT 1",
		 (long long)rid);
	int64_t other_rep = sync_q(ho, sql);
	ck_assert_int_gt(far, 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM orders WHERE distributor_id = %lld",
		 (long long)dist);
	ck_assert_int_gt(sync_q(rep, sql), 0);
	char here[120];
	snprintf(here, sizeof here, "SELECT count(*) FROM distributors WHERE id = %lld",
		 (long long)dist);
	/* The rep edits it offline; the head office moves it away. */
	ck_assert_int_eq(sync_edit(rep, dist, EDIT_NOTES, "代表离线备注"), DB_OK);
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(ho, dist, &d), DB_OK);
	d.territory_id = far;
	d.owner_rep_id = other_rep;
	ck_assert_int_eq(db_dist_save(ho, &d, "测试"), DB_OK);
	db_dist_free(&d);
	struct sync_device dest;
	ck_assert_int_eq(db_sync_device(rep, &dest), DB_OK);
	char hex[17];
	db_sync_device_id_text(dest.id, hex);
	char *lost = sync_path("leave-lost.qsync"), *bundle = sync_path("leave.qsync");
	struct sync_result r;
	/* A bundle lost: the next one says it again. */
	ck_assert_int_eq(db_sync_export(ho, hex, lost, &r), DB_OK);
	ck_assert_int_eq(r.left, 1);
	ck_assert_int_eq(db_sync_export(ho, hex, bundle, &r), DB_OK);
	ck_assert_int_eq(r.left, 1);
	ck_assert_int_eq(db_sync_import(rep, bundle, &r), DB_OK);
	ck_assert_int_eq(r.left, 1);
	/* (Kept, to import again later.) */
	char *stale = sync_path("leave-stale.qsync");
	{
		char cmd[600];
		snprintf(cmd, sizeof cmd, "cp '%s' '%s'", bundle, stale);
		ck_assert_int_eq(system(cmd), 0);
	}
	ck_assert_int_eq(sync_q(rep, here), 0);
	ck_assert_int_eq(sync_q(rep, sql), 0);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	/* The rep's own edit still reaches the head office; the head office
	 * forgets the list once the rep says it has it. */
	sync_carry(rep, ho, "leave-back.qsync");
	snprintf(sql, sizeof sql, "SELECT notes FROM distributors WHERE id = %lld",
		 (long long)dist);
	char *notes = sync_qs(ho, sql);
	ck_assert_str_eq(notes, "代表离线备注");
	free(notes);
	ck_assert_int_eq(db_sync_export(ho, hex, bundle, &r), DB_OK);
	ck_assert_int_eq(r.left, 0);
	/* Such a list from anyone but this database's head office (here a
	 * rep's bundle to the head office, forged) would delete records: the
	 * bundle is refused whole. */
	struct sync_device hod;
	ck_assert_int_eq(db_sync_device(ho, &hod), DB_OK);
	char hohex[17];
	db_sync_device_id_text(hod.id, hohex);
	forge(lost, "from", hex);
	forge(lost, "to", hohex);
	int64_t before = sync_q(ho, "SELECT count(*) FROM distributors");
	ck_assert_int_eq(db_sync_import(ho, lost, &r), DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(ho), "head office may send"));
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM distributors"), before);

	/* Moved back: it arrives whole. */
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(ho, dist, &d), DB_OK);
	d.owner_rep_id = rid;
	ck_assert_int_eq(db_dist_save(ho, &d, "测试"), DB_OK);
	db_dist_free(&d);
	ck_assert_int_eq(db_sync_export(ho, hex, bundle, &r), DB_OK);
	ck_assert_int_ge(r.distributors, 1);
	ck_assert_int_eq(db_sync_import(rep, bundle, &r), DB_OK);
	ck_assert_int_eq(sync_q(rep, here), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM orders WHERE distributor_id = %lld",
		 (long long)dist);
	ck_assert_int_eq(sync_q(rep, sql), sync_q(ho, sql));
	ck_assert(sync_hash(rep, ho, rid) == sync_hash(ho, ho, rid));
	/* The bundle that took it off, imported again: its list is stale, and
	 * the distributor that came back stays. */
	ck_assert_int_eq(db_sync_import(rep, stale, &r), DB_OK);
	ck_assert_int_eq(sync_q(rep, here), 1);
	/* Moved away once more, now with its moves on the laptop (history,
	 * which goes only with the distributor): taken off again. */
	sync_carry(rep, ho, "leave-ack.qsync");
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(ho, dist, &d), DB_OK);
	d.owner_rep_id = other_rep;
	ck_assert_int_eq(db_dist_save(ho, &d, "测试"), DB_OK);
	db_dist_free(&d);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM distributor_moves WHERE distributor_id = %lld",
		 (long long)dist);
	ck_assert_int_gt(sync_q(rep, sql), 0);
	sync_carry(ho, rep, "leave-again.qsync");
	ck_assert_int_eq(sync_q(rep, here), 0);
	ck_assert_int_eq(sync_q(rep, sql), 0);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	unlink(lost);
	unlink(bundle);
	unlink(stale);
	free(lost);
	free(bundle);
	free(stale);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Hands the head office's first (or last, by code) distributor of another rep
 * with a visit planned after today to rep rid; returns its id. */
static int64_t hand_over_one_with_a_plan(qd_db *ho, int64_t rid, bool last)
{
	char sql[400];
	snprintf(sql, sizeof sql,
		 "SELECT d.id FROM distributors d WHERE d.owner_rep_id <> %lld AND (SELECT"
		 " count(*) FROM visits v WHERE v.distributor_id = d.id AND v.status = 'planned'"
		 " AND v.planned_at > '2026-11-28') > 0 ORDER BY code %s LIMIT 1",
		 (long long)rid, last ? "DESC" : "");
	int64_t other = sync_q(ho, sql);
	ck_assert_int_gt(other, 0);
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(ho, other, &d), DB_OK);
	d.owner_rep_id = rid;
	ck_assert_int_eq(db_dist_save(ho, &d, "测试"), DB_OK);
	db_dist_free(&d);
	return other;
}

/* A distributor comes into a rep's scope and goes whole; before the rep's
 * receipt comes back, the head office drops one of its planned visits and
 * sends again. The second bundle holds the distributor whole again, which
 * cannot say a row is gone: the drop must travel with it, or the rep keeps a
 * visit nobody else has (the sync property test found this, seed 1051). */
START_TEST(test_sync_row_deleted_before_the_snapshot_is_acknowledged_goes_too)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	int64_t rid = rep_id_of(ho, code);
	int64_t other = hand_over_one_with_a_plan(ho, rid, false);
	char sql[400];
	sync_carry(ho, rep, "whole-1.qsync");
	snprintf(sql, sizeof sql,
		 "SELECT id FROM visits WHERE distributor_id = %lld AND status = 'planned'"
		 " AND planned_at > '2026-11-28' ORDER BY id LIMIT 1",
		 (long long)other);
	int64_t visit = sync_q(ho, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM visits WHERE id = %lld", (long long)visit);
	ck_assert_int_eq(sync_q(rep, sql), 1);
	char vsql[80];
	snprintf(vsql, sizeof vsql, "SELECT version FROM visits WHERE id = %lld", (long long)visit);
	ck_assert_int_eq(db_visit_drop(ho, visit, sync_q(ho, vsql)), DB_OK);
	struct sync_result r = sync_carry(ho, rep, "whole-2.qsync");
	ck_assert_int_eq(r.conflicts, 0);
	ck_assert_int_eq(sync_q(rep, sql), 0);
	ck_assert(sync_hash(rep, ho, rid) == sync_hash(ho, ho, rid));
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* The other way round: the rep drops a visit of a distributor it just got
 * whole; the bundle that says so is lost, and the head office, not having
 * the receipt, sends the distributor whole again with the visit. The visit
 * does not come back: the rep's deletion reaches the head office with the
 * next bundle, and both end without it (the property test, seed 1051). */
START_TEST(test_sync_row_deleted_here_is_not_made_again_by_a_snapshot)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	int64_t rid = rep_id_of(ho, code);
	int64_t other = hand_over_one_with_a_plan(ho, rid, true);
	char sql[400];
	sync_carry(ho, rep, "again-1.qsync");
	snprintf(sql, sizeof sql,
		 "SELECT id FROM visits WHERE distributor_id = %lld AND status = 'planned'"
		 " AND planned_at > '2026-11-28' ORDER BY id LIMIT 1",
		 (long long)other);
	int64_t visit = sync_q(rep, sql);
	ck_assert_int_gt(visit, 0);
	char vsql[80], csql[80];
	snprintf(vsql, sizeof vsql, "SELECT version FROM visits WHERE id = %lld", (long long)visit);
	snprintf(csql, sizeof csql, "SELECT count(*) FROM visits WHERE id = %lld",
		 (long long)visit);
	ck_assert_int_eq(db_visit_drop(rep, visit, sync_q(rep, vsql)), DB_OK);
	/* The rep's bundle is written and lost. */
	char *lost = sync_path("again-lost.qsync");
	struct sync_result r;
	ck_assert_int_eq(db_sync_export(rep, NULL, lost, &r), DB_OK);
	unlink(lost);
	free(lost);
	sync_carry(ho, rep, "again-2.qsync");
	ck_assert_int_eq(sync_q(rep, csql), 0);
	sync_carry(rep, ho, "again-3.qsync");
	ck_assert_int_eq(sync_q(ho, csql), 0);
	ck_assert(sync_hash(rep, ho, rid) == sync_hash(ho, ho, rid));
	ck_assert_int_eq(sync_q(rep, "SELECT count(*) FROM sync_conflicts"), 0);
	ck_assert_int_eq(db_check(rep, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* A distributor moved on the map into a territory the rep covers arrives
 * whole, its move record with it, and nothing is reported to review. */
START_TEST(test_sync_distributor_moved_on_the_map_into_a_reps_territory_arrives_clean)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	int64_t rid = rep_id_of(ho, code);
	char sql[400];
	snprintf(
		sql, sizeof sql,
		"SELECT territory_id FROM rep_territories WHERE rep_id = %lld ORDER BY territory_id"
		" LIMIT 1",
		(long long)rid);
	int64_t terr = sync_q(ho, sql);
	ck_assert_int_gt(terr, 0);
	snprintf(sql, sizeof sql,
		 "SELECT d.id FROM distributors d WHERE d.owner_rep_id <> %lld AND d.territory_id"
		 " NOT IN (SELECT territory_id FROM rep_territories WHERE rep_id = %lld) AND"
		 " d.status = 'active' ORDER BY code LIMIT 1",
		 (long long)rid, (long long)rid);
	int64_t other = sync_q(ho, sql);
	ck_assert_int_gt(other, 0);
	snprintf(sql, sizeof sql, "SELECT version FROM distributors WHERE id = %lld",
		 (long long)other);
	ck_assert_int_eq(db_tmap_move(ho, other, sync_q(ho, sql), terr, date_today(), "测试"),
			 DB_OK);
	struct sync_result r = sync_carry(ho, rep, "map-move.qsync");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM distributors WHERE id = %lld",
		 (long long)other);
	ck_assert_int_eq(sync_q(rep, sql), 1);
	char *what = sync_qs(rep, "SELECT coalesce(group_concat(kind || ' ' || tbl || ' ' || op"
				  " || ' ' || detail, '; '), '') FROM sync_conflicts");
	ck_assert_msg(r.conflicts == 0 && !*what, "%lld conflicts: %s", (long long)r.conflicts,
		      what);
	free(what);
	ck_assert(sync_hash(rep, ho, rid) == sync_hash(ho, ho, rid));
	db_close(rep);
	db_close(ho);
}
END_TEST

/* Two sides change different fields of one distributor: both changes stay,
 * and nothing is reported (when it was last changed is not a field of its
 * own). */
START_TEST(test_sync_different_fields_merge_without_a_conflict)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	ck_assert_int_eq(sync_edit(rep, dist, EDIT_CONTACT, "李四"), DB_OK);
	usleep(1100000); /* so that the two stamp different seconds */
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_TIER, "A"), DB_OK);
	struct sync_result a = sync_carry(rep, ho, "1.qsync");
	struct sync_result b = sync_carry(ho, rep, "2.qsync");
	ck_assert_int_eq(a.conflicts, 0);
	ck_assert_int_eq(b.conflicts, 0);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT contact || '/' || tier FROM distributors WHERE id = %lld",
		 (long long)dist);
	char *x = sync_qs(ho, sql), *y = sync_qs(rep, sql);
	ck_assert_str_eq(x, "李四/A");
	ck_assert_str_eq(y, "李四/A");
	free(x);
	free(y);
	db_close(rep);
	db_close(ho);
}
END_TEST

START_TEST(test_sync_deleted_on_one_side_changed_on_the_other_waits_until_decided)
{
	char code[16];
	int64_t dist;
	qd_db *rep, *ho = head_office_and_rep(&rep, code, &dist);
	/* A visit planned at the head office reaches the rep. */
	struct visit_plan p = { .distributor_id = dist,
				.rep_id = rep_id_of(ho, code),
				.day = { 2026, 12, 3 },
				.minutes = 9 * 60 };
	snprintf(p.purpose, sizeof p.purpose, "routine");
	snprintf(p.objective_kind, sizeof p.objective_kind, "none");
	ck_assert_msg(db_visit_plan_save(ho, &p) == DB_OK, "%s", db_errmsg(ho));
	sync_carry(ho, rep, "1.qsync");
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM visits WHERE id = %lld", (long long)p.id);
	ck_assert_int_eq(sync_q(rep, sql), 1);
	/* Offline: the head office drops it, the rep moves it a day. */
	ck_assert_int_eq(db_visit_drop(ho, p.id, p.version), DB_OK);
	snprintf(sql, sizeof sql, "SELECT version FROM visits WHERE id = %lld", (long long)p.id);
	int64_t version = sync_q(rep, sql);
	ck_assert_int_eq(db_visit_move(rep, p.id, &version, 1), DB_OK);
	struct sync_result a = sync_carry(rep, ho, "2.qsync");
	struct sync_result b = sync_carry(ho, rep, "3.qsync");
	/* Neither side applied the other's: both wait for a person. */
	ck_assert_int_ge(a.open, 1);
	ck_assert_int_ge(b.open, 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM visits WHERE id = %lld", (long long)p.id);
	ck_assert_int_eq(sync_q(ho, sql), 0);
	ck_assert_int_eq(sync_q(rep, sql), 1);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE kind = 'missing'"
				    " AND state = 'open'"),
			 1);
	int64_t cid = sync_q(rep, "SELECT id FROM sync_conflicts WHERE kind = 'deleted'"
				  " AND state = 'open'");
	ck_assert_int_gt(cid, 0);
	/* A rep of another region, who never holds this distributor. */
	char other_sql[300];
	snprintf(other_sql, sizeof other_sql,
		 "SELECT min(r.code) FROM reps r, distributors d JOIN territories t"
		 " ON t.id = d.territory_id WHERE d.id = %lld AND r.role = 'rep'"
		 " AND r.region_id <> t.region_id",
		 (long long)dist);
	char *other_code = sync_qs(ho, other_sql);
	char *f = file_name("other");
	qd_db *other = sync_provision(ho, other_code, f);
	free(f);
	free(other_code);
	/* The rep keeps it: the decision travels, the head office has it
	 * again and its own conflict is settled by it. */
	ck_assert_int_eq(db_sync_resolve(rep, cid, SYNC_KEEP_MINE, 0, NULL, NULL), DB_OK);
	sync_carry(rep, ho, "4.qsync");
	ck_assert_int_eq(sync_q(ho, sql), 1);
	/* The other rep gets the decision with the next bundle; a visit of a
	 * distributor it does not hold is not kept there, and later bundles
	 * still import (they failed on a broken reference). */
	struct sync_result o = sync_carry(ho, other, "5.qsync");
	ck_assert_int_eq(o.open, 0);
	ck_assert_int_eq(sync_q(other, sql), 0);
	ck_assert_int_eq(sync_edit(ho, dist, EDIT_PHONE, "13955556666"), DB_OK);
	sync_carry(ho, other, "6.qsync");
	ck_assert_int_eq(db_check(other, NULL, NULL, NULL), 0);
	db_close(other);
	ck_assert_int_eq(sync_q(ho, "SELECT count(*) FROM sync_conflicts WHERE state = 'open'"
				    " AND kind IN ('missing','deleted')"),
			 0);
	snprintf(sql, sizeof sql, "SELECT planned_at FROM visits WHERE id = %lld", (long long)p.id);
	char *x = sync_qs(ho, sql), *y = sync_qs(rep, sql);
	ck_assert_str_eq(x, y);
	free(x);
	free(y);
	ck_assert_int_eq(db_check(ho, NULL, NULL, NULL), 0);
	db_close(rep);
	db_close(ho);
}
END_TEST

/* ---- damaged bundles ---------------------------------------------------------- */

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	*n = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *p = malloc(*n + 1);
	ck_assert_int_eq(fread(p, 1, *n, f), *n);
	fclose(f);
	return p;
}

static void spit(const char *path, const unsigned char *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fwrite(p, 1, n, f), n);
	fclose(f);
}

/* Rewrites a header line and the checksum, as a forger would. */
static void forge(const char *path, const char *word, const char *value)
{
	size_t n;
	unsigned char *p = slurp(path, &n);
	char *sha = strstr((char *)p, "\nsha256 ");
	ck_assert_ptr_nonnull(sha);
	size_t head = (size_t)(sha - (char *)p) + 1;
	char *eol = strchr(sha + 1, '\n');
	size_t payload_at = (size_t)(eol - (char *)p) + 1;
	/* The header with the line replaced. */
	char *h = malloc(head + 256);
	h[0] = 0;
	char *copy = strndup((char *)p, head);
	for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
		size_t wl = strlen(word);
		if (!strncmp(line, word, wl) && line[wl] == ' ')
			sprintf(h + strlen(h), "%s %s\n", word, value);
		else
			sprintf(h + strlen(h), "%s\n", line);
	}
	free(copy);
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, strlen(h), (unsigned char *)h);
	sha256_update(&ctx, n - payload_at, p + payload_at);
	sha256_digest(&ctx, sizeof d, d);
	FILE *f = fopen(path, "wb");
	fputs(h, f);
	fputs("sha256 ", f);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		fprintf(f, "%02x", d[i]);
	fputs("\n", f);
	fwrite(p + payload_at, 1, n - payload_at, f);
	fclose(f);
	free(h);
	free(p);
}

/* Imports path into the database at db_file and checks it was refused with
 * the file byte for byte as before. */
static void refused(const char *db_file, const char *path, const char *why)
{
	size_t n0, n1;
	qd_db *db = sync_open(db_file);
	/* Everything committed is in the main file before comparing. */
	db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	db_close(db);
	unsigned char *before = slurp(db_file, &n0);
	db = sync_open(db_file);
	struct sync_result r;
	qd_rc rc = db_sync_import(db, path, &r);
	ck_assert_msg(rc != DB_OK, "%s: a damaged bundle was applied", why);
	ck_assert_msg(strlen(db_errmsg(db)) > 0, "%s: no message", why);
	db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	db_close(db);
	unsigned char *after = slurp(db_file, &n1);
	ck_assert_msg(n0 == n1 && memcmp(before, after, n0) == 0, "%s: the database changed", why);
	free(before);
	free(after);
}

START_TEST(test_sync_damaged_bundles_are_refused_and_change_nothing)
{
	qd_db *ho = head_office();
	char code[16];
	int64_t dist;
	busiest_rep(ho, code, &dist);
	char *f = file_name("rep");
	qd_db *rep = sync_provision(ho, code, f);
	ck_assert_int_eq(sync_edit(rep, dist, EDIT_PHONE, "13512345678"), DB_OK);
	ck_assert(sync_add(rep, "GD-8888", "坏包测试") != 0);
	char *bundle = sync_path("good.qsync");
	struct sync_result r;
	ck_assert_int_eq(db_sync_export(rep, NULL, bundle, &r), DB_OK);
	char *ho_file = strdup(db_path(ho));
	db_close(ho);
	size_t n;
	unsigned char *good = slurp(bundle, &n);
	char *bad = sync_path("bad.qsync");
	/* Cut at every tenth of its length. */
	for (int tenth = 0; tenth < 10; tenth++) {
		spit(bad, good, n * (size_t)tenth / 10);
		char why[40];
		snprintf(why, sizeof why, "cut at %d0%%", tenth);
		refused(ho_file, bad, why);
	}
	/* One flipped byte, in the header and in the payload. */
	unsigned char *flip = malloc(n);
	memcpy(flip, good, n);
	flip[n - 10] ^= 0x01;
	spit(bad, flip, n);
	refused(ho_file, bad, "payload byte flipped");
	memcpy(flip, good, n);
	flip[3] ^= 0x20;
	spit(bad, flip, n);
	refused(ho_file, bad, "header byte flipped");
	/* A wrong checksum. */
	memcpy(flip, good, n);
	char *sha = strstr((char *)flip, "sha256 ");
	sha[7] = sha[7] == '0' ? '1' : '0';
	spit(bad, flip, n);
	refused(ho_file, bad, "wrong checksum");
	free(flip);
	/* From a newer schema, checksum made right. */
	spit(bad, good, n);
	char newer[16];
	snprintf(newer, sizeof newer, "%d", DB_SYNC_DATA_VERSION + 1);
	forge(bad, "schema", newer);
	refused(ho_file, bad, "newer schema");
	qd_db *h2 = sync_open(ho_file);
	ck_assert_int_ne(db_sync_import(h2, bad, &r), DB_OK);
	ck_assert(strstr(db_errmsg(h2), "newer"));
	db_close(h2);
	/* Meant for another device. */
	spit(bad, good, n);
	forge(bad, "to", "0123456789abcdef");
	refused(ho_file, bad, "another device's bundle");
	/* Its own bundle back. */
	char *rep_file = strdup(db_path(rep));
	db_close(rep);
	refused(rep_file, bundle, "its own bundle");
	/* A sender's name of escapes and a line break (checksum made right):
	 * the bundle is whole, but the name keeps no control character. */
	spit(bad, good, n);
	forge(bad, "from-name", "%1B]0;PWN%07%0AEvil%0DName");
	h2 = sync_open(ho_file);
	ck_assert_int_eq(db_sync_import(h2, bad, &r), DB_OK);
	ck_assert_int_eq(r.entries, 2);
	ck_assert_msg(!strpbrk(r.peer_name, "\x1b\x07\n\r"), "a control character kept: %s",
		      r.peer_name);
	ck_assert(strstr(r.peer_name, "Evil"));
	char *name = sync_qs(h2, "SELECT name FROM sync_devices WHERE name LIKE '%Evil%'");
	ck_assert(name[0] && !strpbrk(name, "\x1b\x07\n\r"));
	free(name);
	/* And the good one imports too: all of it is there already. */
	ck_assert_int_eq(db_sync_import(h2, bundle, &r), DB_OK);
	ck_assert_int_eq(r.entries, 0);
	db_close(h2);
	free(good);
	free(bad);
	free(bundle);
	free(ho_file);
	free(rep_file);
	free(f);
}
END_TEST

int main(void)
{
	sync_dir_make("sync");
	snprintf(template_path, sizeof template_path, "%.100s/template.db", sync_dir);
	if (fixture_build(template_path, 1))
		return EXIT_FAILURE;
	date_set_today(fixture_today);
	const TTest *const tests[] = {
		test_sync_write_is_logged_with_its_field_times_and_a_failed_one_is_not,
		test_sync_changeset_written_by_hand_is_byte_for_byte_sqlites,
		test_sync_every_table_travels_or_is_declared_local,
		test_sync_table_without_primary_key_is_refused,
		test_sync_provision_holds_only_the_reps_distributors,
		test_sync_provision_in_two_parts_leaves_one_file,
		test_sync_provision_never_replaces_a_file_put_there_meanwhile,
		test_sync_provision_reads_the_head_office_at_one_moment,
		test_sync_provision_refuses_a_log_left_at_its_path,
		test_sync_provision_copies_the_kept_figures_of_a_wide_and_a_narrow_scope,
		test_sync_a_reps_edits_reach_the_head_office_once,
		test_sync_unsent_is_what_the_furthest_behind_peer_lacks,
		test_sync_orders_and_payments_travel_with_their_kept_figures,
		test_sync_many_orders_arrive_in_bulk_with_the_same_figures,
		test_sync_same_field_later_change_wins_on_both_sides_and_loser_is_kept,
		test_sync_same_value_arriving_later_brings_its_time,
		test_sync_conflict_is_reviewed_only_where_one_of_the_changes_was_made,
		test_sync_third_device_counts_what_a_decision_settled_as_not_waiting,
		test_sync_change_of_a_visit_deleted_here_names_it,
		test_sync_a_forgotten_laptop_no_longer_holds_back_the_outbox,
		test_sync_decision_stays_within_the_scope_of_its_distributor,
		test_sync_decision_to_keep_the_row_as_it_is_settles_the_other_side,
		test_sync_duplicate_code_waits_with_what_hangs_off_it_until_edited,
		test_sync_order_number_in_another_case_waits_as_a_duplicate,
		test_sync_discarded_new_record_is_named_where_it_went,
		test_sync_discarded_record_with_later_orders_waits_where_they_are,
		test_sync_discarded_record_with_an_incident_is_kept_with_it,
		test_sync_new_record_of_a_discarded_distributor_is_not_kept_out,
		test_sync_crossed_keep_mine_decisions_delete_neither,
		test_sync_kept_both_against_keep_mine_deletes_neither,
		test_sync_crossed_keep_mine_twice_keeps_each_order_whole,
		test_sync_crossed_deletion_taken_brings_theirs_back,
		test_sync_crossed_deletion_taken_on_both_sides_loses_neither_sale,
		test_sync_keeping_a_long_order_sends_its_header,
		test_sync_crafted_parts_of_a_kept_record_reach_no_other,
		test_sync_both_give_the_same_new_number_can_be_settled,
		test_sync_deletion_withdrawn_when_its_device_writes_the_record_again,
		test_sync_new_count_of_a_dropped_visit_can_be_settled,
		test_sync_crossed_deletion_brings_back_the_record_that_crossed,
		test_sync_crossed_long_order_reaches_a_third_device_whole,
		test_sync_duplicate_waiting_on_both_sides_settles_when_the_rename_arrives,
		test_sync_forbidden_lifecycle_move_after_the_others_waits,
		test_sync_forbidden_move_taken_there_settles_the_wait_here,
		test_sync_distributor_moved_out_of_a_reps_scope_leaves_it,
		test_sync_distributor_moved_into_a_reps_scope_arrives_whole,
		test_sync_distributor_sent_whole_stops_when_both_export_first,
		test_sync_row_deleted_before_the_snapshot_is_acknowledged_goes_too,
		test_sync_distributor_moved_on_the_map_into_a_reps_territory_arrives_clean,
		test_sync_row_deleted_here_is_not_made_again_by_a_snapshot,
		test_sync_different_fields_merge_without_a_conflict,
		test_sync_visit_closed_two_ways_waits_on_both_sides,
		test_sync_visit_done_and_cancelled_ends_the_same_when_the_record_is_kept,
		test_sync_visit_done_and_cancelled_ends_the_same_when_the_cancel_is_kept,
		test_sync_visit_done_here_confirmed_and_cancelled_there_is_one_conflict_kept_mine,
		test_sync_visit_done_here_confirmed_and_cancelled_there_is_one_conflict_taken,
		test_sync_deleted_on_one_side_changed_on_the_other_waits_until_decided,
		test_sync_damaged_bundles_are_refused_and_change_nothing,
	};
	int rc = suite_run("sync", tests, sizeof tests / sizeof tests[0]);
	sync_dir_remove();
	return rc;
}
