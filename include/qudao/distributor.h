/* Distributors in the database: the list (filtered, searched, sorted and
 * fetched a window at a time by keyset), one distributor's record, adding and
 * editing with validation, and lifecycle changes with their history. */
#ifndef QUDAO_DISTRIBUTOR_H
#define QUDAO_DISTRIBUTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "qudao/date.h"
#include "qudao/db.h"
#include "qudao/lifecycle.h"

typedef enum {
	DIST_SORT_NAME,
	DIST_SORT_CODE,
	DIST_SORT_TIER,
	DIST_SORT_STATUS,
	DIST_SORT_TERRITORY,
	DIST_SORT_OWNER,
	DIST_SORT_LAST_VISIT,
	DIST_SORT_COUNT
} qd_dist_sort;

struct dist_filter {
	unsigned status_mask; /* bit (1 << qd_status); 0 for any */
	unsigned tier_mask;   /* bit 0 = A ... 3 = D; 0 for any */
	int64_t territory_id; /* 0 for any; a parent includes its children */
	int64_t owner_rep_id; /* 0 for any */
	bool visit_overdue, payment_overdue, expiring;
	char search[128]; /* code, name, contact, phone, pinyin */
	int64_t only_id;  /* this distributor alone, if it passes the rest; 0 for all */
};

/* Agreements ending within this many days count as expiring. */
enum { DIST_EXPIRING_DAYS = 60 };

struct dist_row {
	int64_t id;
	char code[40];
	char name[808];
	char tier;
	qd_status status;
	char territory[128];
	char owner[96];
	char last_visit[20]; /* YYYY-MM-DDTHH:MM of the last done visit, or "" */
	bool visit_overdue, payment_overdue, expiring;
	/* The row's place in the order, for fetching the next window. */
	char key1[808], key2[808];
};

/* Up to max rows in order. after == NULL: from the start (or, backward, from
 * the end). Otherwise the rows that come after `after` (backward: before it,
 * nearest first reversed back into order). Returns the number of rows, or -1
 * with db_errmsg set. */
int db_dist_page(qd_db *db, const struct dist_filter *f, qd_dist_sort sort, bool desc,
		 const struct dist_row *after, bool backward, qd_date today, struct dist_row *out,
		 int max);
/* How many distributors the filter lets through; -1 on error. Searches of one
 * or two characters, and Chinese mixed with letters, would have to read every
 * row to be counted: for them nothing is counted, *counted (which may be NULL)
 * is set false and 0 returned; the list knows as many as it has fetched. */
int64_t db_dist_count(qd_db *db, const struct dist_filter *f, qd_date today, bool *counted);

/* One distributor, as the form edits it. Strings are owned by the struct. */
struct distributor {
	int64_t id; /* 0 for a new one */
	char code[40];
	char *name, *contact, *phone, *address, *notes;
	char type[16]; /* distributor, dealer, agent, retailer */
	char tier;
	qd_status status;
	int64_t territory_id, owner_rep_id; /* 0 for none */
	char territory_code[40], territory_name[128];
	char owner_code[40], owner_name[96];
	int64_t credit_limit_fen;
	char agreement_start[DATE_BUF], agreement_end[DATE_BUF]; /* "" for none */
	int visit_every_days;
	char created_at[24], updated_at[24];
};

void db_dist_init(struct distributor *d);
void db_dist_free(struct distributor *d);
/* Loads distributor id. 0, or -1 (not found or error, db_errmsg set). */
int db_dist_get(qd_db *db, int64_t id, struct distributor *out);

/* Which field a save failed on, for the form to point at. */
typedef enum {
	DIST_FIELD_NONE,
	DIST_FIELD_CODE,
	DIST_FIELD_NAME,
	DIST_FIELD_TERRITORY,
	DIST_FIELD_OWNER,
	DIST_FIELD_AGREEMENT,
} qd_dist_field;

/* Looks up a territory or rep by code ("" gives 0). 0, or -1 when unknown. */
int db_dist_territory_by_code(qd_db *db, const char *code, int64_t *id, char *name, int name_size);
int db_dist_rep_by_code(qd_db *db, const char *code, int64_t *id, char *name, int name_size);

/* Saves d: a new distributor when d->id is 0 (it gets an id and status
 * applicant, with a first history row by `who`), else an edit. The caller has
 * validated the fields' formats; this checks what needs the database (code
 * unique, territory and rep exist). Returns 0, or -1 with db_errmsg and the
 * field to blame in *field. */
int db_dist_save(qd_db *db, struct distributor *d, const char *who, qd_dist_field *field);

/* Applies a lifecycle change to distributor id after lifecycle_check() said
 * yes, in one transaction: the status, the agreement dates when given, a review
 * row with the scores when given, and the history row. 0 or -1. */
int db_dist_transition(qd_db *db, int64_t id, const struct lifecycle_change *c, const char *who);

#endif
