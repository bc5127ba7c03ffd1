/* Reference data the records point to: territories, reps and regions,
 * looked up by code and searched by code, name or pinyin for the pickers of
 * forms and filters. */
#ifndef QUDAO_REFERENCE_H
#define QUDAO_REFERENCE_H

#include <stdint.h>

#include "qudao/db.h"

struct ref_item {
	int64_t id;
	char code[40];
	char name[208];
	char detail[208]; /* the parent territory, the rep's region, "" for a region */
};

/* The territory (or rep) with this code, without regard to case. DB_OK;
 * DB_NOTFOUND with a message naming the code; or a database failure. */
qd_rc db_ref_territory_by_code(qd_db *db, const char *code, struct ref_item *out);
qd_rc db_ref_rep_by_code(qd_db *db, const char *code, struct ref_item *out);
qd_rc db_ref_region_by_code(qd_db *db, const char *code, struct ref_item *out);
/* Up to max territories (or reps, regions) with this name (a territory's
 * full, short or English name), without regard to case, in code order:
 * how many, or -1 when the database failed. */
int db_ref_territory_named(qd_db *db, const char *name, struct ref_item *out, int max);
int db_ref_rep_named(qd_db *db, const char *name, struct ref_item *out, int max);
int db_ref_region_named(qd_db *db, const char *name, struct ref_item *out, int max);
/* The distributor with this code (detail: its status code), and the product
 * with this SKU (detail: its category), for files that name them. */
qd_rc db_ref_distributor_by_code(qd_db *db, const char *code, struct ref_item *out);
qd_rc db_ref_product_by_sku(qd_db *db, const char *sku, struct ref_item *out);

/* Up to max territories (or reps) whose code starts with query, or whose name
 * holds it as characters or pinyin (广东, gd, guangdong all find 广东省),
 * exact codes first. An empty query lists them all in code order. Returns how
 * many, or -1 with the error on the handle. */
int db_ref_territory_search(qd_db *db, const char *query, struct ref_item *out, int max);
int db_ref_rep_search(qd_db *db, const char *query, struct ref_item *out, int max);
int db_ref_region_search(qd_db *db, const char *query, struct ref_item *out, int max);
/* Up to max distributors whose code starts with prefix (not empty), in code
 * order, with a status in status_mask (bit 1 << qd_status; 0 for any); the
 * detail is the territory's name as shown. Returns how many, or -1. */
int db_ref_distributor_code_search(qd_db *db, const char *prefix, unsigned status_mask,
				   struct ref_item *out, int max);

#endif
