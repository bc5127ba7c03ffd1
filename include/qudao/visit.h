/* Visits in the database: planning (one visit, or a month proposed for a
 * rep), moving, confirming, dropping, recording one as done with
 * everything seen and taken in the store in one transaction, marking one
 * missed or cancelled with a reason, coaching notes; reading them by day,
 * week, month, rep, region or distributor (keyset windows), the month's
 * counts per day, a rep's monthly review, the distributors overdue, and the
 * visit settings.
 *
 * Every write runs inside the caller's write or its own (db_write_begin),
 * saves only over the version it read (DB_CONFLICT otherwise) and stamps
 * the row's change time in UTC. A recorded order goes through db_order_add,
 * price breaches and issues found through db_incident_add, and corrected
 * contact details through db_dist_save, so the ledger, its kept figures and
 * the distributor's history follow. Results are typed: DB_INVALID with
 * db_errfield() one of VISIT_FIELD_* (a line's field + 100 x its number). */
#ifndef QUDAO_VISIT_H
#define QUDAO_VISIT_H

#include <stdbool.h>
#include <stdint.h>

#include "qudao/date.h"
#include "qudao/db.h"
#include "qudao/ledger.h"
#include "qudao/visit_rules.h"

typedef enum {
	VISIT_FIELD_NONE,
	VISIT_FIELD_DISTRIBUTOR,
	VISIT_FIELD_REP,
	VISIT_FIELD_WHEN,
	VISIT_FIELD_PURPOSE,
	VISIT_FIELD_OBJECTIVE,
	VISIT_FIELD_STATUS,
	VISIT_FIELD_REASON,
	VISIT_FIELD_NOTE, /* coaching note */
	VISIT_FIELD_PREP,
	VISIT_FIELD_SUMMARY,
	VISIT_FIELD_COMPETITOR,
	VISIT_FIELD_RATING,
	VISIT_FIELD_CONTACT,
	VISIT_FIELD_PHONE,
	VISIT_FIELD_COUNT, /* an inventory line */
	VISIT_FIELD_SHELF, /* a shelf price line */
	VISIT_FIELD_ORDER, /* an order line (db_order_add's field + 100 x line) */
	VISIT_FIELD_ISSUE,
} qd_visit_field;

/* The longest texts, in characters, as the schema caps them. */
enum {
	VISIT_OBJECTIVE_MAX = 200,
	VISIT_REASON_MAX = 500,
	VISIT_NOTES_MAX = 2000,
	VISIT_SUMMARY_MAX = 2000,
	VISIT_LINES_MAX = 200,
};
#define VISIT_BUF(n) ((n)*4 + 1)

/* Whose visits: one rep's, a region's reps', or (both 0) everyone's. */
struct visit_scope {
	int64_t rep_id;
	int64_t region_id;
};

/* A visit as lists show it. */
struct visit_row {
	int64_t id, version, distributor_id, rep_id;
	char at[20]; /* YYYY-MM-DDTHH:MM, local */
	char status[16], purpose[24], objective_kind[16];
	int64_t objective_fen;
	char objective[VISIT_BUF(VISIT_OBJECTIVE_MAX)];
	char dist_code[40], dist_name[808];
	char territory[40]; /* the distributor's territory code */
	char rep_code[40], rep_name[404];
	int rating; /* 0-5, -1 when none */
	bool coached;
};

/* Visits of the scope from `from` to `to` (whole days), or of one
 * distributor when distributor_id is set (then the scope is ignored). */
struct visit_filter {
	struct visit_scope scope;
	int64_t distributor_id;
	qd_date from, to;
};

/* Up to max visits in time order (then id) after `after` (NULL: from the
 * first), or with backward the ones just before it (NULL: the last ones),
 * in order. Returns how many, or -1 with the error on the handle. */
int db_visit_page(qd_db *db, const struct visit_filter *f, const struct visit_row *after,
		  bool backward, struct visit_row *out, int max);
/* How many visits the filter holds; -1 on error. */
int64_t db_visit_count(qd_db *db, const struct visit_filter *f);
/* The row of visit id as db_visit_page would give it: 1, 0 when it is not
 * there, -1 on error. */
int db_visit_row(qd_db *db, int64_t id, struct visit_row *out);

/* Per day of [first, last] (at most 62 days), the scope's visits by status
 * in labels_visit_status order (planned, confirmed, done, missed,
 * cancelled), from the kept counts. out holds last - first + 1 entries. */
struct visit_day_counts {
	int n[5];
};
qd_rc db_visit_days(qd_db *db, const struct visit_scope *scope, qd_date first, qd_date last,
		    struct visit_day_counts *out);

/* One visit whole, for its screen. */
struct visit {
	int64_t id, version, distributor_id, rep_id;
	qd_date day;
	int minutes;
	char status[16], purpose[24], objective_kind[16];
	int64_t objective_fen;
	char objective[VISIT_BUF(VISIT_OBJECTIVE_MAX)];
	int objective_met; /* 1, 0, or -1 when not said */
	int rating;	   /* 0-5, -1 when none */
	char done_at[20], recorded_by[404], coached_by[404];
	char reason[VISIT_BUF(VISIT_REASON_MAX)];
	char summary[VISIT_BUF(VISIT_SUMMARY_MAX)];
	char coaching_note[VISIT_BUF(VISIT_NOTES_MAX)];
	char prep_notes[VISIT_BUF(VISIT_NOTES_MAX)];
	char competitor_notes[VISIT_BUF(VISIT_NOTES_MAX)];
	int64_t order_id, order_total_fen; /* 0 when no order was taken */
	char order_no[48];
	char updated_at[24];
	/* The distributor and rep, for showing. */
	char dist_code[40], dist_name[808], dist_contact[808], dist_phone[164];
	char dist_address[VISIT_BUF(1000)];
	char tier;
	int64_t credit_limit_fen;
	char rep_code[40], rep_name[404];
};
/* DB_OK, DB_NOTFOUND or a failure. */
qd_rc db_visit_get(qd_db *db, int64_t id, struct visit *out);
/* Every visit of the filter in time order, whole, handed to each(ctx, v)
 * one at a time; each returns 0 to go on. For exports: one statement, no
 * list in memory. DB_OK or a failure. */
qd_rc db_visit_each(qd_db *db, const struct visit_filter *f,
		    int (*each)(void *ctx, const struct visit *v), void *ctx);

/* A visit planned, or the plan of one edited. */
struct visit_plan {
	int64_t id, version; /* 0 for a new one */
	int64_t new_id;	     /* the id a new one takes (an import keeps the file's); 0: a new one */
	int64_t distributor_id, rep_id;
	qd_date day;
	int minutes;
	char purpose[24];	 /* labels_visit_purpose */
	char objective_kind[16]; /* labels_visit_objective */
	int64_t objective_fen;	 /* order, collect: the amount, more than 0 */
	char objective[VISIT_BUF(VISIT_OBJECTIVE_MAX)]; /* listing: a SKU; other: words */
};
/* Saves a new planned visit (id, version set on success) or the day, time,
 * purpose and objective of a planned or confirmed one. The distributor and
 * rep must exist (DB_NOTFOUND); a listing names a product by SKU. */
qd_rc db_visit_plan_save(qd_db *db, struct visit_plan *p);
/* Moves a planned or confirmed visit by days; *version is the one read and
 * gets the new one. */
qd_rc db_visit_move(qd_db *db, int64_t id, int64_t *version, int days);
/* Deletes a visit that is only planned (a confirmed one is cancelled with a
 * reason instead). */
qd_rc db_visit_drop(qd_db *db, int64_t id, int64_t version);
/* Confirms every planned visit of rep from first to last: *count how many. */
qd_rc db_visit_confirm(qd_db *db, int64_t rep_id, qd_date first, qd_date last, int *count);
/* Confirms one planned visit; *version is the one read and gets the new
 * one. */
qd_rc db_visit_confirm_one(qd_db *db, int64_t id, int64_t *version);
/* The visit of distributor_id planned at day and minutes (the first by id
 * when there are several): DB_OK with *id, DB_NOTFOUND, or a failure. */
/* The smallest id of a visit from lo to hi, into *id: DB_OK, DB_NOTFOUND
 * when there is none, or a failure. */
qd_rc db_visit_in_range(qd_db *db, int64_t lo, int64_t hi, int64_t *id);
qd_rc db_visit_find(qd_db *db, int64_t distributor_id, qd_date day, int minutes, int64_t *id);
/* Marks a planned or confirmed visit missed or cancelled (status) with a
 * reason, which a missed or cancelled visit must give. A visit is missed
 * only once its day has come (today). */
qd_rc db_visit_close(qd_db *db, int64_t id, int64_t version, const char *status, const char *reason,
		     qd_date today, const char *who);
/* Whether who (the configuration's user, by code or name as
 * db_visit_person finds it) may write coaching notes: DB_OK unless who is a
 * rep whose role is not manager, then DB_INVALID (VISIT_FIELD_NOTE) saying
 * only a manager coaches. No user, or one no rep answers to, may: the
 * program cannot tell, and refusing would lock out a manager who never set
 * a user. */
qd_rc db_visit_may_coach(qd_db *db, const char *who);
/* Sets the coaching note of any visit ("" removes it), signed by who; a rep
 * is refused as db_visit_may_coach says. */
qd_rc db_visit_coach(qd_db *db, int64_t id, int64_t version, const char *note, const char *who);

/* What was seen and taken in the store. */
struct visit_count {
	int64_t product_id, quantity; /* on hand */
};
struct visit_shelf {
	int64_t product_id, price_fen; /* as seen on the shelf */
};
struct visit_issue {
	char kind[24]; /* return, quality or complaint */
	const char *description;
};
struct visit_record {
	int64_t id, version; /* the visit, as read */
	qd_date day;	     /* when it was done (local), on or before today */
	int minutes;
	const char *prep_notes, *summary, *competitor_notes; /* NULL for "" */
	int rating;					     /* 0-5, -1 for none */
	int objective_met;				     /* 1, 0, -1 for not said */
	/* Corrected contact details; NULL leaves them. */
	const char *contact, *phone;
	const struct visit_count *counts;
	int ncounts;
	const struct visit_shelf *shelves;
	int nshelves;
	const struct order_line *lines; /* the order taken; none when nlines is 0 */
	int nlines;
	/* Instead of lines, an order already in the ledger taken on the visit
	 * (an import's): the distributor's own; 0 for none. */
	int64_t taken_order_id;
	const struct visit_issue *issues;
	int nissues;
	/* Set on success: the order, and the price_violation incidents made
	 * (one per order line or shelf price that breaks the policy). */
	int64_t order_id;
	int violations;
};
/* Records the visit done, in one transaction: the visit (status done, when,
 * by whom, notes, rating, objective), its inventory counts and shelf prices,
 * the order (open, dated the visit's day, through db_order_add), a
 * price_violation incident with the evidence for each order price outside
 * the product's tolerance of the distributor's tier price and each shelf
 * price below the suggested retail price beyond it, an incident for each
 * issue, and corrected contact details through db_dist_save (in its
 * history). Only a planned or confirmed visit whose day has come. */
qd_rc db_visit_record(qd_db *db, struct visit_record *r, qd_date today, const char *who);

/* What a visit recorded: per product, the count and the shelf price seen. */
struct visit_line {
	int64_t product_id;
	char sku[40], name[808];
	int64_t quantity;  /* -1 when not counted */
	int64_t shelf_fen; /* -1 when not seen */
};
/* Up to max lines of visit id by SKU; how many, or -1. */
int db_visit_lines(qd_db *db, int64_t id, struct visit_line *out, int max);

/* ---- what the record form shows ---- */

/* A product the distributor carries: bought in the last year or counted on
 * a visit (all active products when there are none), with its prices for
 * the distributor's tier, what it sold in the last 90 days and the last
 * count. */
struct visit_product {
	int64_t id;
	char sku[40], name[808], unit[72];
	int64_t price_fen, retail_fen; /* the tier's list price, suggested retail */
	int tolerance_bp;
	int64_t sold_90d;   /* quantity shipped or delivered, by ship date, in the last 90 days */
	int64_t last_count; /* -1 when never counted */
};
/* Up to max products for distributor id as of today into out; how many,
 * or -1. */
int db_visit_products(qd_db *db, int64_t distributor_id, qd_date today, struct visit_product *out,
		      int max);

/* What is owed and allowed, for the 回款 warnings before an order is saved. */
struct visit_credit {
	int64_t limit_fen;	     /* 0: none set */
	int64_t open_fen;	     /* amounts due not yet paid, and orders not yet invoiced */
	bool overdue;		     /* an amount due is unpaid past its date */
	char unpaid_since[DATE_BUF]; /* since when, when overdue */
};
qd_rc db_visit_credit(qd_db *db, int64_t distributor_id, qd_date today, struct visit_credit *out);

/* ---- planning a month ---- */

/* Proposes the visits of rep for month m of year y (core/plan) from its
 * active distributors' frequencies and last visits and what is in the
 * calendar, and adds them as planned visits, in one write. Proposing again
 * adds nothing new. *added how many; *unplaced (may be NULL) how many due
 * visits did not fit. */
qd_rc db_visit_propose(qd_db *db, int64_t rep_id, int y, int m, qd_date today,
		       const struct visit_settings *s, uint64_t seed, int *added, int *unplaced);

/* ---- review ---- */

struct visit_review {
	int64_t rep_id;
	char rep_code[40], rep_name[404];
	int total; /* visits in the month, cancelled ones left out */
	int planned, confirmed, done, missed, cancelled;
	/* Visits whose day has passed (done, missed, or still open), and those
	 * of today already done or missed: the same visits done_as_planned
	 * counts among. */
	int due;
	int done_as_planned; /* of the due, done on their planned day */
	int with_objective, objective_met;
	int changed_nothing; /* done, then no order, payment or problem resolved in 30 days */
	int distributors;    /* the rep's active distributors */
	int concentration_bp;
	int overdue; /* the rep's distributors overdue for a visit as of today */
};
enum { VISIT_EFFECT_DAYS = 30 };
/* The review of rep for month m of year y as of today. */
qd_rc db_visit_review(qd_db *db, int64_t rep_id, int y, int m, qd_date today,
		      struct visit_review *out);
/* The reviews of every active rep of the scope (one rep, a region, all),
 * by code, into *out (the caller frees it): how many, or -1. */
int db_visit_reviews(qd_db *db, const struct visit_scope *scope, int y, int m, qd_date today,
		     struct visit_review **out);

/* A distributor overdue for a visit: active, its last visit longer ago
 * than its frequency (or never). */
struct visit_overdue {
	int64_t distributor_id;
	char code[40], name[808];
	int days; /* overdue by; its frequency when never visited */
	bool never;
};
/* Up to max of the scope's overdue distributors, the most overdue first,
 * and how many there are in *total. Returns how many are in out, or -1. */
int db_visit_overdue(qd_db *db, const struct visit_scope *scope, qd_date today,
		     struct visit_overdue *out, int max, int64_t *total);

/* The distributor with this code (without regard to case), for the plan
 * form: its id and owner rep (0 for none). DB_OK, DB_NOTFOUND naming the
 * code, or a failure. */
qd_rc db_visit_distributor(qd_db *db, const char *code, int64_t *id, int64_t *owner_rep_id);

/* ---- who, and the settings ---- */

/* The rep the configuration's user names: by code (without regard to case)
 * or by name. DB_OK with *out, DB_NOTFOUND, or a failure. */
struct visit_person {
	int64_t rep_id, region_id;
	bool manager;
	char code[40], name[404];
};
qd_rc db_visit_person(qd_db *db, const char *user, struct visit_person *out);

/* The settings, each one not stored (or stored wrong) at its default. */
qd_rc db_visit_settings_get(qd_db *db, struct visit_settings *out);
/* Stores them, logging each that changed in change_log as who. */
qd_rc db_visit_settings_save(qd_db *db, const struct visit_settings *s, const char *who);

#endif
