/* The demo database: realistic distributors, territories, reps, products and
 * 24 months of targets, orders, payments, visits and incidents up to "today",
 * the same for the same seed and today. */
#ifndef QUDAO_DEMO_H
#define QUDAO_DEMO_H

#include <stdint.h>

#include "qudao/date.h"
#include "qudao/db.h"

typedef enum { DEMO_SMALL, DEMO_LARGE } qd_demo_size;

struct demo_options {
	qd_demo_size size;
	int64_t count; /* distributors; 0 for the size's own (300 or 100,000) */
	uint64_t seed;
	qd_date today;
	/* Called now and then with the stage's name and the fraction done. */
	void (*progress)(void *ctx, const char *stage, double fraction);
	void *progress_ctx;
};

struct demo_counts {
	int64_t distributors, reps, territories, products, orders, order_lines, payments,
		amounts_due, visits, incidents, targets;
};

/* Fills db, which must be newly migrated and empty, in one transaction.
 * Returns 0, or -1 with db_errmsg(db) set and nothing written. */
int db_demo_build(qd_db *db, const struct demo_options *o, struct demo_counts *counts);

/* Moves the complete, closed database file at built into place at path,
 * losing nothing committed in an old database there: the old file's WAL is
 * checkpointed into it first (and so is gone when the old file is), and an old
 * file another program has open is refused. Never leaves an old journal beside
 * the new file, where SQLite would replay it onto the new one. Returns 0, or -1
 * with a translated message in *err (the caller frees it) and path, its
 * journals and built left as they were. */
int db_demo_install(const char *built, const char *path, char **err);

#endif
