/* Benchmark: what writes cost as an account grows. Adds 4,000 amounts due
 * and then 4,000 payments to one distributor (each insert keeps what is
 * unpaid current) and prints the time of each thousand, so a cost that grew
 * with the account would show; then inserts distributors through the write
 * function the form uses (db_dist_save), all in one write. Each is run three
 * times on a new file; min, median and max are printed. It prints figures;
 * it does not judge them.
 *
 * Usage: bench_writes DIR [DISTRIBUTORS]   (default 100000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../src/db/db_internal.h"
#include "qudao/distributor.h"
#include "qudao/xalloc.h"

enum { RUNS = 3, BATCH = 1000, BATCHES = 4 };

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(const char *what, double *v, int n, const char *unit, double scale)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	printf("%-44s min %8.3f  median %8.3f  max %8.3f %s\n", what, v[0] * scale,
	       v[n / 2] * scale, v[n - 1] * scale, unit);
}

static qd_db *fresh(const char *dir, const char *name)
{
	char path[512];
	/* A file, its WAL and its shared memory: a new database at a path
	 * must not meet the journal of the one before. */
	const char *sides[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s%s", dir, name, sides[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *err;
	qd_db *db;
	if (db_open(path, DB_OPEN_CREATE, &db, &err)) {
		fprintf(stderr, "bench: %s\n", err);
		exit(1);
	}
	return db;
}

static void must(qd_db *db, qd_rc rc)
{
	if (rc) {
		fprintf(stderr, "bench: %s (%s)\n", db_errmsg(db), db_errdetail(db));
		exit(1);
	}
}

/* Adds BATCHES x BATCH rows with sql (bound ?1 id, ?2 i); the seconds each
 * batch took into out. */
static void batches(qd_db *db, const char *sql, int64_t base, double out[BATCHES])
{
	for (int b = 0; b < BATCHES; b++) {
		double t0 = now_s();
		must(db, db_write_begin(db));
		for (int i = b * BATCH; i < (b + 1) * BATCH; i++) {
			sqlite3_stmt *st = db_stmt(db, sql);
			if (!st)
				must(db, db_errcode(db));
			must(db, db_bind(db, st, db_int(base + i), db_int(i)));
			must(db, db_run(db, st));
		}
		must(db, db_write_end(db, DB_OK));
		out[b] = now_s() - t0;
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_writes DIR [DISTRIBUTORS]\n");
		return 2;
	}
	int ndist = argc > 2 ? atoi(argv[2]) : 100000;
	static const char due_sql[] =
		"INSERT INTO amounts_due(id, distributor_id, invoice_no, due_date, amount_fen)"
		" VALUES (?1, 42, 'B' || ?2, date('2020-01-01', '+' || (?2 / 3) || ' days'),"
		" 100000 + ?2)";
	static const char pay_sql[] =
		"INSERT INTO payments(id, distributor_id, paid_on, amount_fen)"
		" VALUES (?1, 42, date('2024-01-01', '+' || (?2 / 5) || ' days'), 90000)";
	double due[RUNS][BATCHES], pay[RUNS][BATCHES];
	for (int r = 0; r < RUNS; r++) {
		qd_db *db = fresh(argv[1], "writes.db");
		must(db, db_exec(db, "INSERT INTO distributors(id, code, name) VALUES (42, 'K-1',"
				     " '大客户')"));
		batches(db, due_sql, 1000000, due[r]);
		batches(db, pay_sql, 2000000, pay[r]);
		db_close(db);
	}
	char what[80];
	for (int b = 0; b < BATCHES; b++) {
		double v[RUNS];
		for (int r = 0; r < RUNS; r++)
			v[r] = due[r][b];
		snprintf(what, sizeof what, "amounts due %d-%d to one account", b * BATCH + 1,
			 (b + 1) * BATCH);
		report(what, v, RUNS, "s", 1);
	}
	for (int b = 0; b < BATCHES; b++) {
		double v[RUNS];
		for (int r = 0; r < RUNS; r++)
			v[r] = pay[r][b];
		snprintf(what, sizeof what, "payments %d-%d onto that account", b * BATCH + 1,
			 (b + 1) * BATCH);
		report(what, v, RUNS, "s", 1);
	}

	double ins[RUNS];
	for (int r = 0; r < RUNS; r++) {
		qd_db *db = fresh(argv[1], "dists.db");
		double t0 = now_s();
		must(db, db_write_begin(db));
		for (int i = 0; i < ndist; i++) {
			struct distributor d;
			db_dist_init(&d);
			snprintf(d.code, sizeof d.code, "B-%06d", i);
			free(d.name);
			d.name = xasprintf("广州天河测试%d号商贸有限公司", i);
			must(db, db_dist_save(db, &d, "bench"));
			db_dist_free(&d);
		}
		must(db, db_write_end(db, DB_OK));
		ins[r] = now_s() - t0;
		db_close(db);
	}
	snprintf(what, sizeof what, "%d distributors through db_dist_save", ndist);
	report(what, ins, RUNS, "s", 1);
	for (int r = 0; r < RUNS; r++)
		ins[r] = ndist / ins[r];
	report("  that is, rows per second", ins, RUNS, "/s", 1);
	char path[512];
	snprintf(path, sizeof path, "%s/writes.db", argv[1]);
	unlink(path);
	snprintf(path, sizeof path, "%s/dists.db", argv[1]);
	unlink(path);
	return 0;
}
