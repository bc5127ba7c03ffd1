/* The rules of a visit, pure, for the calendar, the record form, the
 * reports and the export alike:
 * - a price against the policy: an order price more than the product's
 *   tolerance away from the distributor's tier price, or a shelf price more
 *   than the tolerance below the suggested retail price, breaks the price
 *   policy (乱价);
 * - days of stock: what is on hand against the average daily sales of the
 *   last 90 days; below 7 days or above 60 is flagged;
 * - the display score: 0-5 on the form, kept as 0-100 (score = rating x 20)
 *   in visits.display_score, which reports and the demo already use;
 * - concentration: the share of a rep's visits in a month that go to the
 *   most-visited fifth of their distributors;
 * - the settings of visiting (frequency by tier, visits a day, weekends,
 *   the concentration threshold) with their defaults and checks. */
#ifndef QUDAO_VISIT_RULES_H
#define QUDAO_VISIT_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "qudao/date.h"

typedef enum { PRICE_OK, PRICE_BELOW, PRICE_ABOVE } qd_price_check;

/* price against policy, both in fen, with the tolerance in basis points of
 * policy (500 = 5 %): PRICE_BELOW or PRICE_ABOVE when it strays further
 * than that; exactly at the edge is within. A policy of 0 takes any price. */
qd_price_check visit_price_check(int64_t policy_fen, int64_t price_fen, int tolerance_bp);
/* A shelf price only breaks the policy below the suggested retail price:
 * PRICE_BELOW or PRICE_OK. */
qd_price_check visit_shelf_check(int64_t retail_fen, int64_t shelf_fen, int tolerance_bp);
/* The highest shelf price taken: ¥1,000,000,000. */
#define VISIT_SHELF_PRICE_MAX_FEN INT64_C(100000000000)
/* A shelf price as seen in a store: NULL when it is more than ¥0 and at
 * most VISIT_SHELF_PRICE_MAX_FEN, else an N_() msgid (a price not seen is
 * left out, never 0). */
const char *visit_shelf_price_check(int64_t fen);
/* The lowest and highest prices within tolerance of policy (fen, the lowest
 * rounded up, the highest down). */
int64_t visit_price_floor(int64_t policy_fen, int tolerance_bp);
int64_t visit_price_ceiling(int64_t policy_fen, int tolerance_bp);

enum { VISIT_SALES_DAYS = 90, VISIT_STOCK_LOW_DAYS = 7, VISIT_STOCK_HIGH_DAYS = 60 };
typedef enum { STOCK_UNKNOWN, STOCK_LOW, STOCK_OK, STOCK_HIGH } qd_stock_level;
/* Whole days the quantity on hand lasts at the average daily sales of the
 * last VISIT_SALES_DAYS days (sold: the quantity sold in them); -1 when
 * nothing was sold. */
int visit_days_of_stock(int64_t on_hand, int64_t sold);
/* Low below VISIT_STOCK_LOW_DAYS, high above VISIT_STOCK_HIGH_DAYS; stock
 * that does not sell at all is high; nothing on hand and nothing sold is
 * unknown. */
qd_stock_level visit_stock_level(int64_t on_hand, int64_t sold);

enum { VISIT_RATING_MAX = 5 };
/* What a kind of objective (labels_visit_objective's code) is given with:
 * an amount (an order of at least, a collection), or words (the SKU of a
 * product to list, what else is to be achieved); neither for the others. */
bool visit_objective_has_amount(const char *kind);
bool visit_objective_has_words(const char *kind);

/* 0-5 to 0-100, and back (rounded to the nearest; -1 stays -1 for none). */
int visit_score_of_rating(int rating);
int visit_rating_of_score(int score);

/* The share, in basis points (5000 = 50 %), of visits going to the
 * most-visited fifth (rounded up, at least one) of n distributors whose
 * visit counts are counts (zeros included). 0 when there are no visits. */
int visit_concentration_bp(const int *counts, int n);

/* A text a visit keeps (a reason, a note, a summary): NULL when it holds at
 * most max characters and no control characters (line breaks allowed when
 * lines), else an N_() msgid. */
const char *visit_text_check(const char *text, int max, bool lines);

/* What a visit holds beyond its plan, by its status: only a visit done has
 * a summary, a display score, whether its objective was met, when it was
 * done and the order taken on it; a missed or cancelled one must say why,
 * and only it has a reason. A coaching note goes with any visit. */
enum visit_part {
	VISIT_PART_SUMMARY = 1 << 0,
	VISIT_PART_RATING = 1 << 1,
	VISIT_PART_MET = 1 << 2,
	VISIT_PART_DONE_AT = 1 << 3,
	VISIT_PART_ORDER = 1 << 4,
	VISIT_PART_REASON = 1 << 5,
};
/* parts: the VISIT_PART_* a visit of status (a labels_visit_status code)
 * has. NULL when it may have them (and has what it needs), else an N_()
 * msgid, with *bad the part it is about. */
const char *visit_parts_check(const char *status, unsigned parts, unsigned *bad);

/* The largest objective amount (an order or a collection) a visit takes:
 * ¥100,000,000. */
#define VISIT_OBJECTIVE_MAX_FEN INT64_C(10000000000)

/* The day a visit is planned for, or moved to, as of today: NULL for today
 * or later, else an N_() msgid (a plan is not put in the past; a visit
 * that happened is recorded or imported, not planned). */
const char *visit_plan_day_check(qd_date day, qd_date today);
/* The reason a visit was missed or cancelled: NULL when it says something,
 * else an N_() msgid; nothing but spaces (tabs, ideographic spaces) is no
 * reason. */
const char *visit_reason_check(const char *reason);
/* Whether a visit of day may be marked missed as of today: NULL once its day
 * has come, else an N_() msgid (a later one is cancelled instead). */
const char *visit_miss_check(qd_date day, qd_date today);

/* An issue found on a visit: NULL when it has a kind and a description, or
 * neither (no issue); else an N_() msgid asking for the missing one, so a
 * description is never dropped for want of a kind. Blank means nothing but
 * spaces. */
const char *visit_issue_check(bool has_kind, const char *description);

/* An order that takes what is open past a credit limit (0: none set). */
bool visit_over_credit(int64_t limit_fen, int64_t open_fen, int64_t order_fen);

struct visit_settings {
	int every_days[4];     /* a new distributor of tier A..D: visit every n days */
	int per_day;	       /* at most this many visits a day in a proposal */
	bool weekends;	       /* a proposal may plan Saturdays and Sundays */
	int concentration_pct; /* the threshold the concentration is marked above */
};
enum {
	VISIT_EVERY_MAX = 366,
	VISIT_PER_DAY_MAX = 20,
};
/* A 7, B 14, C 30, D 60 days; 6 a day; no weekends; 50 %. */
void visit_settings_default(struct visit_settings *s);

/* The stored names of the settings (the settings table), in the order the
 * Setup tab shows them. */
typedef enum {
	VSET_EVERY_A,
	VSET_EVERY_B,
	VSET_EVERY_C,
	VSET_EVERY_D,
	VSET_PER_DAY,
	VSET_WEEKENDS,
	VSET_CONCENTRATION,
	VSET_COUNT
} qd_visit_setting;
extern const char *const visit_setting_names[VSET_COUNT];
/* N_() labels. */
extern const char *const visit_setting_labels[VSET_COUNT];
/* Sets one setting from its text ("14", "yes"/"no" or "1"/"0" for
 * weekends): NULL, or an N_() msgid saying what it takes (s unchanged). */
const char *visit_setting_parse(struct visit_settings *s, qd_visit_setting which, const char *text);
/* The text it is stored as, into buf (16 bytes). */
char *visit_setting_format(const struct visit_settings *s, qd_visit_setting which, char *buf);

#endif
