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
	bool visit_overdue, payment_overdue, expiring, expired;
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
	/* expiring: active or suspended, the agreement ends within
	 * DIST_EXPIRING_DAYS; expired: active, but the agreement has ended. */
	bool visit_overdue, payment_overdue, expiring, expired;
	/* The row's place in the order, for fetching the next window. */
	char key1[808], key2[808];
};

/* Up to max rows in order. after == NULL: from the start (or, backward, from
 * the end). Otherwise the rows that come after `after` (backward: before it,
 * nearest first reversed back into order). Returns the number of rows, or -1
 * with the error on the handle. */
int db_dist_page(qd_db *db, const struct dist_filter *f, qd_dist_sort sort, bool desc,
		 const struct dist_row *after, bool backward, qd_date today, struct dist_row *out,
		 int max);
/* How many distributors come before row in this order under the filter (its
 * place: 0 for the first), however long it takes to read them (up to the
 * whole table's index at 100,000: for a pause of the keys); -1 on error. */
int64_t db_dist_place(qd_db *db, const struct dist_filter *f, qd_dist_sort sort, bool desc,
		      const struct dist_row *row, qd_date today);
/* How many distributors the filter lets through; -1 on error. Searches of one
 * or two characters, and Chinese mixed with letters, would have to read every
 * row to be counted: for them nothing is counted (unless db_dist_count_all
 * counted the same search since the data last changed), *counted (which may
 * be NULL) is set false and 0 returned; the list knows as many as it has
 * fetched. */
int64_t db_dist_count(qd_db *db, const struct dist_filter *f, qd_date today, bool *counted);
/* The same, counted whatever it takes to read (every row, for those
 * searches: 40-80 ms at 100,000): for a pause of the keys. Remembered until
 * the data changes when no filter but the search applies. -1 on error. */
int64_t db_dist_count_all(qd_db *db, const struct dist_filter *f, qd_date today);

/* The ids of the distributors a search finds (the list's search: code,
 * name, contact, phone, pinyin), in id order, into *out (the caller frees
 * it); how many, or -1 with the error on the handle. A text with nothing to
 * search for ("", spaces) is no search, as in the list: DIST_SEARCH_NONE,
 * *out NULL. */
enum { DIST_SEARCH_NONE = -2 };
int db_dist_search_ids(qd_db *db, const char *search, int64_t **out);

/* The longest each text may be, in characters, as the schema caps it. */
enum {
	DIST_CODE_MAX = 32,
	DIST_NAME_MAX = 200,
	DIST_CONTACT_MAX = 200,
	DIST_PHONE_MAX = 40,
	DIST_ADDRESS_MAX = 1000,
	DIST_NOTES_MAX = 10000,
};

/* One distributor, as the form edits it. Strings are owned by the struct. */
struct distributor {
	int64_t id;	 /* 0 for a new one */
	int64_t version; /* as read; an update checks it is still the stored one */
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
/* Loads distributor id: DB_OK, DB_NOTFOUND, or another failure. */
qd_rc db_dist_get(qd_db *db, int64_t id, struct distributor *out);

/* Which field a save failed on (db_errfield()), for the form to point at. */
typedef enum {
	DIST_FIELD_NONE,
	DIST_FIELD_CODE,
	DIST_FIELD_NAME,
	DIST_FIELD_TERRITORY,
	DIST_FIELD_OWNER,
	DIST_FIELD_AGREEMENT,
	DIST_FIELD_CONTACT,
	DIST_FIELD_PHONE,
	DIST_FIELD_ADDRESS,
	DIST_FIELD_NOTES,
	DIST_FIELD_CREDIT,
	DIST_FIELD_VISIT_EVERY,
	DIST_FIELD_STATUS_SINCE, /* a change dated (lifecycle_change.since) */
} qd_dist_field;

/* Saves d inside the caller's write, or its own (db_write_begin): a new
 * distributor when d->id is 0 (it gets an id, status applicant and a first
 * history row by `who`), else an edit of the version d->version. The caller
 * has validated the fields' formats; this checks what needs the database.
 * DB_OK (d->id and d->version then hold the stored ones); DB_DUPLICATE (the
 * code is taken, without regard to case); DB_INVALID (a territory or rep
 * that no longer exists, a rule of the schema) with db_errfield(); DB_CONFLICT
 * when the record changed since d->version was read; DB_NOTFOUND when it was
 * deleted; or a database failure. */
qd_rc db_dist_save(qd_db *db, struct distributor *d, const char *who);

/* Applies a lifecycle change to distributor id, read at version `version`,
 * after lifecycle_check() said yes, inside the caller's write or its own: the
 * status, the agreement dates when given, a review row with the scores when
 * given, and the history row. DB_CONFLICT when the distributor changed since
 * it was read (another program or user), or a failure. */
qd_rc db_dist_transition(qd_db *db, int64_t id, int64_t version, const struct lifecycle_change *c,
			 const char *who);

#endif
