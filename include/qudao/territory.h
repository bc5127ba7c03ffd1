/* The territory map's data: every active territory with its kept figures
 * for a period (schema 4), the exclusive rights, the reps' coverage and the
 * regions, read in one snapshot; one territory's panel (its reps and the
 * orders sold across its border); and the map's writes, each in the
 * caller's write or its own, checked, and recorded with who and when:
 * granting and revoking an exclusive right, assigning a rep, moving a
 * distributor into a territory, and recording a 窜货 incident from a sale.
 * The rules are core/terrmap's. */
#ifndef QUDAO_TERRITORY_H
#define QUDAO_TERRITORY_H

#include <stdbool.h>
#include <stdint.h>

#include "qudao/date.h"
#include "qudao/db.h"
#include "qudao/reference.h"
#include "qudao/terrmap.h"

struct tmap_region {
	int64_t id;
	char code[40];
	char name[REF_BUF(REF_NAME_MAX)];
};

/* A pair of territories and how many orders went from one into the other
 * across a border in the period. */
struct tmap_cross {
	int from, to; /* node indexes */
	int64_t n;
};

struct tmap {
	qd_period period;
	qd_date today;
	/* Active territories in tree order (each before those under it, by
	 * code), their figures rolled up and problems found. */
	struct terrmap_node *nodes;
	int n;
	struct tmap_region *regions; /* active regions, by code */
	int nregions;
	struct terrmap_right *rights; /* every exclusive right */
	int nrights;
	struct tmap_cross *cross;
	int ncross;
	char (*categories)[REF_BUF(REF_CATEGORY_MAX)]; /* of active products, sorted */
	int ncategories;
	int *by_id;  /* node indexes in the order of their ids, for db_tmap_find */
	bool scores; /* the period's scorecard scores are in the figures */
};

/* Reads the map for period p as of today. DB_OK or a failure; either way
 * db_tmap_free() releases it. */
qd_rc db_tmap_load(qd_db *db, qd_period p, qd_date today, struct tmap *out);
/* Reads period p's figures into m again (what describes now stays). */
qd_rc db_tmap_set_period(qd_db *db, struct tmap *m, qd_period p);
/* Adds the period's scorecard scores (each territory's scored distributors,
 * its own and those under it, as tab 4 scores them) to every node's `all`
 * figures, once per period: a score board is computed, so only the score
 * metric and the report ask for it. DB_OK or a failure. */
qd_rc db_tmap_scores(qd_db *db, struct tmap *m);
void db_tmap_free(struct tmap *m);
/* The index of territory id in m, or -1. */
int db_tmap_find(const struct tmap *m, int64_t territory_id);

/* ---- one territory's panel ---- */
struct tpanel_rep {
	int64_t id;
	char code[40];
	char name[REF_BUF(REF_NAME_MAX)];
	char phone[REF_BUF(REF_PHONE_MAX)];
	char through[40]; /* the code of the territory its coverage comes through */
	bool active;
};

struct tpanel {
	struct tpanel_rep *reps;
	int nreps;
	/* Orders sold across this territory's border in the period, latest
	 * first: into it (its `into` true), or out of it. Lines not read. */
	struct terrmap_shipment *shipments;
	bool *into;
	int nshipments;
	int64_t more; /* how many more there were than TPANEL_SHIPMENTS */
};
enum { TPANEL_SHIPMENTS = 500 };

/* Reads territory node's panel of map m. DB_OK or a failure; either way
 * db_tpanel_free() releases it. */
qd_rc db_tpanel_load(qd_db *db, const struct tmap *m, int node, struct tpanel *out);
void db_tpanel_free(struct tpanel *p);

/* Every order sold across a border in period p (lines not read), by ship
 * date, into *out (the caller frees it): how many, or -1. */
int db_tmap_cross_list(qd_db *db, qd_period p, struct terrmap_shipment **out);

/* Sales (shipped or delivered, by ship date) of each of n distributors in
 * period p, into out. */
qd_rc db_tmap_dist_sales(qd_db *db, const int64_t *ids, int n, qd_period p, int64_t *out);

/* One order sold across a border, with its lines, for the evidence. DB_OK,
 * DB_NOTFOUND (no such order, or it is not across a border), or a failure;
 * db_tmap_shipment_free() releases the lines. */
qd_rc db_tmap_shipment(qd_db *db, int64_t order_id, struct terrmap_shipment *out);
void db_tmap_shipment_free(struct terrmap_shipment *s);

/* ---- for the forms ---- */
/* A distributor as the map's forms pick it. */
struct tmap_dist {
	int64_t id, version;
	char code[40];
	char name[808];
	qd_status status;
	int64_t territory_id; /* 0 for none */
	char territory_code[40];
};
/* The distributor with this code, without regard to case. DB_OK, DB_NOTFOUND
 * (with a message naming the code), or a failure. */
qd_rc db_tmap_dist_by_code(qd_db *db, const char *code, struct tmap_dist *out);
/* Up to max categories of active products holding query (characters or
 * pinyin), into out (code and name the category). How many, or -1. */
int db_tmap_category_search(qd_db *db, const char *query, struct ref_item *out, int max);
/* 1 when rep_id covers territory_id itself (not only a territory above
 * it), 0 when not, -1 on a failure. */
int db_tmap_rep_covers(qd_db *db, int64_t rep_id, int64_t territory_id);

/* ---- writes ----
 * Each runs inside the caller's write or its own and leaves a change_log row
 * (who, when in UTC, what). DB_INVALID with db_errfield() a TMAP_FIELD_*
 * and a message saying what is wrong; DB_NOTFOUND for a record that is not
 * there; DB_CONFLICT for one changed since it was read; or a database
 * failure. */
typedef enum {
	TMAP_FIELD_NONE,
	TMAP_FIELD_DISTRIBUTOR,
	TMAP_FIELD_TERRITORY,
	TMAP_FIELD_CATEGORY,
	TMAP_FIELD_START,
	TMAP_FIELD_END,
	TMAP_FIELD_REP,
	TMAP_FIELD_ORDER,
} qd_tmap_field;

/* Grants distributor_id the exclusive right to sell category in territory
 * from start to end (both days included). Refused (DB_INVALID) unless the
 * distributor is active (field TMAP_FIELD_DISTRIBUTOR, the message naming
 * its status) and some product is in category (TMAP_FIELD_CATEGORY). A right in conflict is granted
 * all the same (the map then flags it): *conflicts (may be NULL) says with
 * how many rights it conflicts. The right's id into *id (may be NULL). */
qd_rc db_tmap_grant(qd_db *db, int64_t distributor_id, int64_t territory_id, const char *category,
		    qd_date start, qd_date end, const char *who, int64_t *id, int *conflicts);
/* Revokes right id as of day `on`: it ends the day before (it is deleted
 * when it had not begun by then). */
qd_rc db_tmap_revoke(qd_db *db, int64_t right_id, qd_date on, const char *who);
/* Makes rep_id cover territory_id too (nothing when it does already). */
qd_rc db_tmap_assign_rep(qd_db *db, int64_t rep_id, int64_t territory_id, const char *who);
/* Moves distributor_id, read at version, into territory_id on day `on`: its
 * figures from on's month count there, its orders keep their history. */
qd_rc db_tmap_move(qd_db *db, int64_t distributor_id, int64_t version, int64_t territory_id,
		   qd_date on, const char *who);
/* Records a 窜货 incident against the distributor that sold order_id across
 * a border, the evidence in its description, on the day it shipped.
 * DB_DUPLICATE when one is recorded for that order already. The incident's
 * id into *id (may be NULL). */
qd_rc db_tmap_record_cross(qd_db *db, int64_t order_id, const char *who, int64_t *id);

/* Records (inside the caller's write) that distributor_id moves to
 * to_territory_id on day `on`, for writers that change a distributor's
 * territory themselves (the edit form): nothing when it stays where it is.
 * Without it, the schema records the move as of the clock's month. */
qd_rc db_tmap_note_move(qd_db *db, int64_t distributor_id, int64_t to_territory_id, qd_date on,
			const char *who);

#endif
