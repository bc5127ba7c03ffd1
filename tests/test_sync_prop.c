/* Sync as a property: a head office and two to four reps' databases
 * (separate files, the reps provisioned from the head office) make random
 * offline edits through the program's own write functions — fields,
 * new distributors (codes drawn from a small pool, so they clash), lifecycle
 * moves, orders, payments, amounts due, visits planned, moved and dropped
 * (deletes meeting changes), owners moved between reps — and
 * exchange bundles in random order, some twice, some lost. When everyone
 * has exchanged and the waiting conflicts are decided, every rep's database
 * holds exactly what the head office holds within the rep's scope, and every
 * value a device wrote that did not survive (without the device itself
 * writing over it) is in some device's conflicts table.
 *
 * The suite runs fixed seeds; QUDAO_SYNC_SEEDS=N runs N more (the README
 * names this longer mode). */
#include "../src/db/sync_internal.h"
#include "qudao/rng.h"
#include "qudao/visit.h"
#include "sync_fixture.h"

enum { MAX_DEV = 5 };

struct written {
	char value[40];
	int64_t dist;
	int field;
	bool superseded; /* its device wrote over it knowingly */
};

struct world {
	qd_db *dev[MAX_DEV];
	char rep_code[MAX_DEV][16];
	int64_t rep_id[MAX_DEV];
	int n;
	qd_rng rng;
	struct written *w;
	int nw, capw;
	int counter;
	int64_t seed;
	/* A few distributors every device edits often, so edits collide. */
	int64_t hot[MAX_DEV][3];
};

static uint32_t pick(struct world *W, uint32_t n)
{
	return n ? (uint32_t)(rng_next(&W->rng) % n) : 0;
}

static const char *const field_cols[] = { "phone", "contact", "notes" };

/* A distributor this device has, at random (0 when none). */
static int64_t any_distributor(struct world *W, int d)
{
	char sql[200];
	int64_t n = sync_q(W->dev[d], "SELECT count(*) FROM distributors");
	if (n <= 0)
		return 0;
	snprintf(sql, sizeof sql, "SELECT id FROM distributors ORDER BY id LIMIT 1 OFFSET %u",
		 pick(W, (uint32_t)n));
	return sync_q(W->dev[d], sql);
}

static void note_write(struct world *W, int64_t dist, int field, const char *value)
{
	if (W->nw == W->capw) {
		W->capw = W->capw ? W->capw * 2 : 256;
		W->w = realloc(W->w, (size_t)W->capw * sizeof *W->w);
	}
	struct written *x = &W->w[W->nw++];
	snprintf(x->value, sizeof x->value, "%s", value);
	x->dist = dist;
	x->field = field;
	x->superseded = false;
}

static void supersede(struct world *W, const char *value)
{
	for (int i = 0; i < W->nw; i++)
		if (!strcmp(W->w[i].value, value))
			W->w[i].superseded = true;
}

/* Mostly a hot distributor (a rep's own, or any rep's at the head office). */
static int64_t hot_distributor(struct world *W, int d)
{
	if (pick(W, 5) == 0)
		return any_distributor(W, d);
	int r = d ? d : 1 + (int)pick(W, (uint32_t)W->n - 1);
	return W->hot[r][pick(W, 3)];
}

static void op_field(struct world *W, int d)
{
	int64_t id = hot_distributor(W, d);
	if (!id)
		return;
	int f = (int)pick(W, 3);
	char value[40];
	snprintf(value, sizeof value, "d%d-v%d", d, ++W->counter);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT %s FROM distributors WHERE id = %lld", field_cols[f],
		 (long long)id);
	char *before = sync_qs(W->dev[d], sql);
	static const enum sync_field_edit edits[] = { EDIT_PHONE, EDIT_CONTACT, EDIT_NOTES };
	if (sync_edit(W->dev[d], id, edits[f], value) == DB_OK) {
		supersede(W, before);
		note_write(W, id, f, value);
	}
	free(before);
}

static void op_add(struct world *W, int d)
{
	char code[16], name[40];
	snprintf(code, sizeof code, "PX-%02u", pick(W, 12));
	snprintf(name, sizeof name, "随机经销商%d", ++W->counter);
	int64_t id = sync_add(W->dev[d], code, name);
	if (id && d > 0) {
		/* A rep's new distributor is the rep's. */
		struct distributor x;
		db_dist_init(&x);
		if (!db_dist_get(W->dev[d], id, &x)) {
			x.owner_rep_id = W->rep_id[d];
			db_dist_save(W->dev[d], &x, "测试");
		}
		db_dist_free(&x);
	}
}

static void op_move(struct world *W, int d)
{
	int64_t id = any_distributor(W, d);
	if (!id)
		return;
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT status FROM distributors WHERE id = %lld", (long long)id);
	char *st = sync_qs(W->dev[d], sql);
	qd_status from;
	if (!lifecycle_status_parse(st, &from)) {
		qd_status to = from;
		if (from == STATUS_ACTIVE)
			to = pick(W, 4) ? STATUS_SUSPENDED : STATUS_TERMINATED;
		else if (from == STATUS_SUSPENDED)
			to = pick(W, 2) ? STATUS_ACTIVE : STATUS_TERMINATED;
		if (to != from)
			sync_move(W->dev[d], id, from, to);
	}
	free(st);
}

static void op_ledger(struct world *W, int d)
{
	int64_t id = any_distributor(W, d);
	if (!id)
		return;
	int64_t prod = sync_q(W->dev[d], "SELECT id FROM products ORDER BY sku LIMIT 1");
	switch (pick(W, 3)) {
	case 0: {
		struct order_line lines[] = { { prod, 1 + (int)pick(W, 9), 100 + pick(W, 900) } };
		struct order o = { .distributor_id = id,
				   .order_date = { 2026, 11, 20 },
				   .lines = lines,
				   .nlines = 1,
				   .ship_date = { 2026, 11, 21 } };
		snprintf(o.order_no, sizeof o.order_no, "O%d-%d", d, ++W->counter);
		strcpy(o.status, pick(W, 2) ? "shipped" : "open");
		db_order_add(W->dev[d], &o);
		break;
	}
	case 1: {
		struct payment p = { .distributor_id = id,
				     .paid_on = { 2026, 11, 22 },
				     .amount_fen = 100 + pick(W, 5000) };
		snprintf(p.reference, sizeof p.reference, "P%d-%d", d, ++W->counter);
		db_payment_add(W->dev[d], &p);
		break;
	}
	default: {
		struct amount_due a = { .distributor_id = id,
					.due_date = { 2026, 12, 20 },
					.amount_fen = 100 + pick(W, 5000) };
		snprintf(a.invoice_no, sizeof a.invoice_no, "I%d-%d", d, ++W->counter);
		db_due_add(W->dev[d], &a);
		break;
	}
	}
}

/* Visits: planned, moved a day, dropped (a delete that can meet a change). */
static void op_visit(struct world *W, int d)
{
	qd_db *db = W->dev[d];
	uint32_t k = pick(W, 3);
	if (k == 0) {
		int64_t id = any_distributor(W, d);
		if (!id)
			return;
		struct visit_plan p = { .distributor_id = id,
					.rep_id = d ? W->rep_id[d]
						    : W->rep_id[1 + pick(W, (uint32_t)W->n - 1)],
					.day = { 2026, 12, (int)(1 + pick(W, 28)) },
					.minutes = 9 * 60 + 30 * (int)pick(W, 12) };
		snprintf(p.purpose, sizeof p.purpose, "routine");
		snprintf(p.objective_kind, sizeof p.objective_kind, "none");
		db_visit_plan_save(db, &p);
		return;
	}
	int64_t n = sync_q(db, "SELECT count(*) FROM visits WHERE status = 'planned'"
			       " AND planned_at > '2026-11-28'");
	if (n <= 0)
		return;
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT id FROM visits WHERE status = 'planned' AND planned_at > '2026-11-28'"
		 " ORDER BY id LIMIT 1 OFFSET %u",
		 pick(W, (uint32_t)n));
	int64_t id = sync_q(db, sql);
	snprintf(sql, sizeof sql, "SELECT version FROM visits WHERE id = %lld", (long long)id);
	int64_t version = sync_q(db, sql);
	if (k == 1)
		db_visit_move(db, id, &version, 1);
	else
		db_visit_drop(db, id, version);
}

/* The head office hands a distributor to another rep. */
static void op_reassign(struct world *W)
{
	int64_t id = any_distributor(W, 0);
	if (!id || W->n < 3)
		return;
	struct distributor x;
	db_dist_init(&x);
	if (!db_dist_get(W->dev[0], id, &x)) {
		x.owner_rep_id = W->rep_id[1 + pick(W, (uint32_t)W->n - 1)];
		db_dist_save(W->dev[0], &x, "测试");
	}
	db_dist_free(&x);
}

static void random_op(struct world *W, int d)
{
	uint32_t k = pick(W, 12);
	if (k < 4)
		op_field(W, d);
	else if (k < 5)
		op_add(W, d);
	else if (k < 6)
		op_move(W, d);
	else if (k < 8)
		op_ledger(W, d);
	else if (k < 11)
		op_visit(W, d);
	else if (d == 0)
		op_reassign(W);
}

/* Carries between the head office and rep r, one way. */
static void exchange(struct world *W, int from, int to, int mode)
{
	struct sync_device dest;
	ck_assert_int_eq(db_sync_device(W->dev[to], &dest), DB_OK);
	char hex[17];
	db_sync_device_id_text(dest.id, hex);
	char name[64];
	snprintf(name, sizeof name, "b-%d.qsync", ++W->counter);
	char *path = sync_path(name);
	struct sync_result r;
	ck_assert_msg(db_sync_export(W->dev[from], hex, path, &r) == DB_OK, "export: %s",
		      db_errmsg(W->dev[from]));
	if (mode != 1) /* 1: the bundle is lost */
		ck_assert_msg(db_sync_import(W->dev[to], path, &r) == DB_OK,
			      "seed %lld: import: %s (%s)", (long long)W->seed,
			      db_errmsg(W->dev[to]), db_errdetail(W->dev[to]));
	if (mode == 2) { /* imported twice */
		uint64_t before = sync_hash(W->dev[to], NULL, 0);
		ck_assert_int_eq(db_sync_import(W->dev[to], path, &r), DB_OK);
		ck_assert_int_eq(r.entries, 0);
		ck_assert(sync_hash(W->dev[to], NULL, 0) == before);
	}
	unlink(path);
	free(path);
}

static void all_exchange(struct world *W)
{
	for (int r = 1; r < W->n; r++)
		exchange(W, r, 0, 0);
	for (int r = 1; r < W->n; r++)
		exchange(W, 0, r, 0);
}

/* Decides every conflict that waits, the way a person might. Returns how
 * many were decided. */
static int decide_all(struct world *W)
{
	int decided = 0;
	for (int d = 0; d < W->n; d++) {
		struct sync_conflict *c;
		int n;
		ck_assert_int_eq(db_sync_conflicts(W->dev[d], true, &c, &n), DB_OK);
		for (int i = 0; i < n; i++) {
			if (!c[i].open || !sync_conflict_pending(c[i].kind)) {
				sync_conflict_clear(&c[i]);
				continue;
			}
			qd_rc rc;
			if (c[i].kind == SYNC_UNIQUE && !strcmp(c[i].table, "distributors")) {
				char code[40];
				snprintf(code, sizeof code, "PX-%d-%lld", d, (long long)c[i].id);
				const char *names[] = { "code" }, *values[] = { code };
				rc = db_sync_resolve(W->dev[d], c[i].id, SYNC_EDITED, 1, names,
						     values);
			} else if (c[i].kind == SYNC_DELETED) {
				rc = db_sync_resolve(W->dev[d], c[i].id, SYNC_KEEP_THEIRS, 0, NULL,
						     NULL);
			} else {
				rc = db_sync_resolve(W->dev[d], c[i].id, SYNC_KEEP_MINE, 0, NULL,
						     NULL);
			}
			ck_assert_msg(rc == DB_OK, "seed %lld: resolving %s: %s",
				      (long long)W->seed, sync_conflict_kind_label(c[i].kind),
				      db_errmsg(W->dev[d]));
			decided++;
			sync_conflict_clear(&c[i]);
		}
		free(c);
	}
	return decided;
}

/* Whether a value appears in a version some device kept in its conflicts. */
static bool in_conflicts(struct world *W, const char *value)
{
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM sync_conflicts WHERE instr(mine, '\"%s\"') > 0"
		 " OR instr(theirs, '\"%s\"') > 0",
		 value, value);
	for (int d = 0; d < W->n; d++)
		if (sync_q(W->dev[d], sql) > 0)
			return true;
	return false;
}

static void run_seed(int64_t seed, int ndev, int rounds)
{
	struct world W = { .n = ndev, .seed = seed };
	rng_seed(&W.rng, (uint64_t)seed);
	char name[48];
	snprintf(name, sizeof name, "ho-%lld.db", (long long)seed);
	char *ho_path = sync_path(name);
	ck_assert_int_eq(fixture_build(ho_path, (uint64_t)seed), 0);
	W.dev[0] = sync_open(ho_path);
	free(ho_path);
	/* The reps with the most distributors. */
	sqlite3_stmt *st;
	sqlite3_prepare_v2(
		db_handle(W.dev[0]),
		"SELECT r.code, r.id FROM reps r JOIN distributors d ON d.owner_rep_id = r.id"
		" GROUP BY r.id ORDER BY count(*) DESC, r.code LIMIT ?1",
		-1, &st, NULL);
	sqlite3_bind_int(st, 1, ndev - 1);
	int k = 1;
	while (sqlite3_step(st) == SQLITE_ROW && k < ndev) {
		snprintf(W.rep_code[k], sizeof W.rep_code[k], "%s", sqlite3_column_text(st, 0));
		W.rep_id[k] = sqlite3_column_int64(st, 1);
		k++;
	}
	sqlite3_finalize(st);
	for (int r = 1; r < ndev; r++) {
		snprintf(name, sizeof name, "rep-%lld-%d.db", (long long)seed, r);
		/* A seed run twice (a fixed one among the many) starts afresh. */
		char *path = sync_path(name);
		db_remove(path);
		free(path);
		W.dev[r] = sync_provision(W.dev[0], W.rep_code[r], name);
		for (int h = 0; h < 3; h++) {
			char sql[120];
			snprintf(sql, sizeof sql,
				 "SELECT id FROM distributors ORDER BY id LIMIT 1 OFFSET %d", h);
			W.hot[r][h] = sync_q(W.dev[r], sql);
		}
	}
	/* Offline work and exchanges in random order. */
	for (int round = 0; round < rounds; round++) {
		int d = (int)pick(&W, (uint32_t)ndev);
		for (int i = 0; i < 3; i++)
			random_op(&W, d);
		if (pick(&W, 4) == 0) {
			int r = 1 + (int)pick(&W, (uint32_t)ndev - 1);
			uint32_t m = pick(&W, 10);
			int mode = m == 0 ? 1 : m == 1 ? 2 : 0;
			if (pick(&W, 2))
				exchange(&W, r, 0, mode);
			else
				exchange(&W, 0, r, mode);
		}
	}
	/* Everyone meets until nothing waits. */
	for (int pass = 0; pass < 6; pass++) {
		all_exchange(&W);
		all_exchange(&W);
		if (decide_all(&W) == 0)
			break;
	}
	all_exchange(&W);
	all_exchange(&W);
	for (int r = 1; r < ndev; r++) {
		uint64_t a = sync_hash(W.dev[r], W.dev[0], W.rep_id[r]);
		uint64_t b = sync_hash(W.dev[0], W.dev[0], W.rep_id[r]);
		ck_assert_msg(a == b, "seed %lld: rep %s differs from the head office in its scope",
			      (long long)seed, W.rep_code[r]);
	}
	for (int d = 0; d < ndev; d++)
		ck_assert_msg(db_check(W.dev[d], NULL, NULL, NULL) == 0,
			      "seed %lld: device %d fails its check", (long long)seed, d);
	/* Nothing lost without a trace. */
	for (int i = 0; i < W.nw; i++) {
		struct written *x = &W.w[i];
		if (x->superseded)
			continue;
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT %s FROM distributors WHERE id = %lld",
			 field_cols[x->field], (long long)x->dist);
		char *final = sync_qs(W.dev[0], sql);
		bool survived = !strcmp(final, x->value);
		free(final);
		ck_assert_msg(survived || in_conflicts(&W, x->value),
			      "seed %lld: %s was lost without a conflict", (long long)seed,
			      x->value);
	}
	if (getenv("QUDAO_SYNC_VERBOSE")) {
		int64_t total = 0, lost = 0;
		for (int d = 0; d < ndev; d++)
			total += sync_q(W.dev[d], "SELECT count(*) FROM sync_conflicts");
		for (int i = 0; i < W.nw; i++)
			lost += !W.w[i].superseded;
		fprintf(stderr, "seed %lld: %d devices, %d field writes, %lld conflicts\n",
			(long long)seed, ndev, W.nw, (long long)total);
	}
	for (int d = 0; d < ndev; d++)
		db_close(W.dev[d]);
	free(W.w);
}

static int64_t frozen_at;

START_TEST(test_sync_prop_fixed_seeds)
{
	/* frozen: the wall clock stands still, so that changes on different
	 * devices meet in the same millisecond, ordered by device id alone.
	 * Seed 1047 failed about one run in fifteen that way (a value that
	 * arrived equal to the one here did not bring its time), and nearly
	 * every other frozen. */
	static const struct {
		int64_t seed;
		int devices, rounds;
		bool frozen;
	} runs[] = { { 11, 3, 40, false }, { 23, 4, 40, false }, { 37, 5, 40, false },
		     { 41, 3, 60, false }, { 1047, 5, 50, true },   { 23, 4, 40, true } };
	/* QUDAO_SYNC_FIRST runs only the seeds asked for. */
	if (getenv("QUDAO_SYNC_FIRST"))
		return;
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		sync_clock_frozen = runs[i].frozen ? frozen_at : 0;
		run_seed(runs[i].seed, runs[i].devices, runs[i].rounds);
	}
	sync_clock_frozen = 0;
}
END_TEST

START_TEST(test_sync_prop_more_seeds)
{
	const char *env = getenv("QUDAO_SYNC_SEEDS");
	const char *from = getenv("QUDAO_SYNC_FIRST"); /* to run again one that failed */
	int n = env ? atoi(env) : 0, first = from ? atoi(from) : 0;
	/* QUDAO_SYNC_FROZEN=1: with the clock standing still. */
	sync_clock_frozen = getenv("QUDAO_SYNC_FROZEN") ? frozen_at : 0;
	for (int i = first; i < first + n; i++)
		run_seed(1000 + i, 3 + i % 3, 50);
	sync_clock_frozen = 0;
}
END_TEST

int main(void)
{
	sync_dir_make("sync-prop");
	date_set_today(fixture_today);
	frozen_at = sync_time_ms("2026-11-27T10:00:00.000Z");
	const TTest *const tests[] = { test_sync_prop_fixed_seeds, test_sync_prop_more_seeds };
	Suite *s = suite_create("sync-prop");
	TCase *tc = tcase_create("sync-prop");
	/* (The fixed seeds take 45 s in the debug build and more than 280 s
	 * under the sanitizers on a busy machine.) */
	tcase_set_timeout(tc, getenv("QUDAO_SYNC_SEEDS") ? 100000 : 1100);
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if ((failed || getenv("QUDAO_SYNC_KEEP_ALL")) && getenv("QUDAO_SYNC_KEEP"))
		fprintf(stderr, "the databases are kept in %s\n", sync_dir);
	else
		sync_dir_remove();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
