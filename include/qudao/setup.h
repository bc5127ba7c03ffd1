/* The reference data in the database, as the Setup screen (and later the
 * importer and sync) lists and edits it: regions, the territory tree, reps
 * and managers with the territories they cover, and products.
 *
 * Every write runs inside the caller's write or its own (db_write_begin), is
 * checked by the rules of core/refdata and by what needs the database (codes
 * unique without regard to case, references that exist, no territory under
 * itself, one territory per grid place), saves only over the version it read,
 * and leaves a change_log row saying who, when (UTC) and what. A record that
 * distributors still in business use cannot be deactivated. */
#ifndef QUDAO_SETUP_H
#define QUDAO_SETUP_H

#include <stdbool.h>
#include <stdint.h>

#include "qudao/db.h"
#include "qudao/refdata.h"
#include "qudao/reference.h"

typedef enum { SETUP_REGION, SETUP_TERRITORY, SETUP_REP, SETUP_PRODUCT, SETUP_KINDS } qd_setup_kind;

/* The table each kind is stored in, as change_log names it. */
const char *db_setup_table(qd_setup_kind kind);

/* ---- lists ----
 * Regions, territories and reps are small (hundreds, a few thousand
 * districts at most), so they are read whole. search narrows them: a code
 * holding it without regard to case, a name holding it as characters or
 * pinyin (华南, hn), and for reps a phone holding it; "" lists all. Each returns how many rows it
 * put in *out (the caller frees the array), or -1 with the error on the
 * handle. */

/* By code. */
int db_setup_regions(qd_db *db, const char *search, struct region_rec **out);
/* In tree order: each territory followed by those under it, by code, with
 * its depth. With a search, the matching ones and the territories above
 * them (marked as context). A territory under a missing parent, or in a
 * loop of parents a damaged file may hold, is still listed, as a top one. */
int db_setup_territories(qd_db *db, const char *search, struct territory_rec **out);
/* By name in pinyin order. */
int db_setup_reps(qd_db *db, const char *search, struct rep_rec **out);

/* Products can be many: the list reads a window at a time by SKU (keyset). */
struct product_filter {
	char search[128]; /* in the SKU, name or category (characters or pinyin) */
	int64_t only_id;  /* this product alone, if it passes the search; 0 for all */
};
/* Up to max products in SKU order after `after` (NULL: from the start), or
 * with backward the ones just before it (NULL: the last ones), in order.
 * Returns how many, or -1. */
int db_setup_product_page(qd_db *db, const struct product_filter *f,
			  const struct product_rec *after, bool backward, struct product_rec *out,
			  int max);
/* How many products the filter lets through; -1 on error. */
int64_t db_setup_product_count(qd_db *db, const struct product_filter *f);

/* ---- one record ----
 * DB_OK; DB_NOTFOUND; DB_INVALID (field REF_FIELD_*) when a stored text is
 * longer than the rules allow, so that editing it would cut it; or a
 * database failure. */
qd_rc db_setup_region_get(qd_db *db, int64_t id, struct region_rec *out);
qd_rc db_setup_territory_get(qd_db *db, int64_t id, struct territory_rec *out);
qd_rc db_setup_rep_get(qd_db *db, int64_t id, struct rep_rec *out);
qd_rc db_setup_product_get(qd_db *db, int64_t id, struct product_rec *out);

/* The territories rep_id covers, by code, into *out (the caller frees it):
 * how many, or -1. */
int db_setup_rep_territories(qd_db *db, int64_t rep_id, struct ref_item **out);

/* ---- writes ----
 * Each saves a new record when its id is 0 (it gets an id and version 1),
 * else an edit of the version it holds, as `who`. The record is checked
 * again by core/refdata. DB_OK (id and version then the stored ones);
 * DB_INVALID with db_errfield() a REF_FIELD_* (a rule, a reference that is
 * missing or inactive, a territory under itself); DB_DUPLICATE (a code taken
 * without regard to case, a grid place taken); DB_CONFLICT (changed since it
 * was read); DB_NOTFOUND (deleted meanwhile); or a database failure. */
qd_rc db_setup_region_save(qd_db *db, struct region_rec *r, const char *who);
/* The parent and region are t->parent_id and t->region_id. */
qd_rc db_setup_territory_save(qd_db *db, struct territory_rec *t, const char *who);
/* The rep covers exactly the n territories in territories afterwards; a
 * territory newly added must be active. sort_key follows the name. */
qd_rc db_setup_rep_save(qd_db *db, struct rep_rec *r, const int64_t *territories, int n,
			const char *who);
qd_rc db_setup_product_save(qd_db *db, struct product_rec *p, const char *who);

/* Deactivates (active false) or activates record id of kind, read at
 * version, as who. Refused with DB_INVALID (field REF_FIELD_ACTIVE) and a
 * message saying what to do: a region that still holds active territories or
 * reps; a territory with active territories under it or distributors still
 * in business in it; a rep who still owns distributors in business; a
 * territory whose parent is inactive, to activate. Already so: DB_OK,
 * nothing written. DB_CONFLICT, DB_NOTFOUND, or a database failure. */
qd_rc db_setup_set_active(qd_db *db, qd_setup_kind kind, int64_t id, int64_t version, bool active,
			  const char *who);

#endif
