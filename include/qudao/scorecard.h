/* The scorecard: how a distributor scores for a period (a month, quarter or
 * year), from figures the caller reads, as pure rules. Eight parts each give
 * a sub-score from 0 to 100 (sales against target, payment collection, price
 * discipline, territory discipline, visit coverage, inventory health,
 * service, training); the score is their weighted sum, a part that cannot be
 * measured (no target, nothing due or overdue, no sales, no visits due, no
 * inventory counted, no training offered) is "n/a" and its weight is spread
 * over the others; a distributor with nothing but service (which only takes
 * points off) to measure is not scored at all. The settings
 * (weights, the threshold under which a part counts zero, the points each
 * kind of incident costs, the grade bands, normalisation) come from the
 * database, versioned by the month they apply from. Rebate rules turn a
 * period's sales into an estimated rebate.
 *
 * Points are kept in tenths (0 to 1000) so that screens, reports and tests
 * agree to the digit; money is fen. */
#ifndef QUDAO_SCORECARD_H
#define QUDAO_SCORECARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qudao/date.h"
#include "qudao/lifecycle.h"
#include "qudao/refdata.h"

typedef enum {
	SCORE_SALES,
	SCORE_COLLECTION,
	SCORE_PRICE,
	SCORE_TERRITORY,
	SCORE_VISITS,
	SCORE_INVENTORY,
	SCORE_SERVICE,
	SCORE_TRAINING,
	SCORE_PARTS
} qd_score_part;

/* Incidents by kind, in the order of labels_incident_kind: price violation
 * (乱价), cross-territory selling (窜货), return, quality, complaint. The
 * database keeps a period's counts of them packed in one number, this many
 * bits a kind (so at most 4095 of a kind in a period), the first kind
 * lowest. */
enum { SCORE_INCIDENT_KINDS = 5, SCORE_INCIDENT_BITS = 12 };
/* The count of kind k in a packed number. */
static inline int64_t score_incidents_unpack(int64_t packed, int k)
{
	return (packed >> (SCORE_INCIDENT_BITS * k)) & ((1 << SCORE_INCIDENT_BITS) - 1);
}

/* The rules the kept figures are counted by. The database's triggers use
 * these very numbers (SCORE_STR makes them text for the SQL). A count's days
 * of stock are its quantity over the units of that product shipped to the
 * distributor in the SCORE_STOCK_WINDOW_DAYS before the count, per day; the
 * band is healthy from LOW to HIGH days. An incident resolved within
 * SCORE_INCIDENT_IN_TIME_DAYS of occurring was resolved in time. */
#define SCORE_STOCK_WINDOW_DAYS	    90
#define SCORE_STOCK_LOW_DAYS	    7
#define SCORE_STOCK_HIGH_DAYS	    60
#define SCORE_INCIDENT_IN_TIME_DAYS 14
#define SCORE_STR_(x)		    #x
#define SCORE_STR(x)		    SCORE_STR_(x)

/* The overdue deduction: a point per this many days of the period's billing
 * that the overdue balance amounts to, at most SCORE_OVERDUE_MAX points. */
enum { SCORE_OVERDUE_DAYS_PER_POINT = 3, SCORE_OVERDUE_MAX = 40 };

/* A sub-score that cannot be measured. */
enum { SCORE_NA = -1 };

/* ---- settings ------------------------------------------------------------ */

struct score_settings {
	int64_t id, version;		     /* 0 for the built-in defaults */
	char from[PERIOD_BUF];		     /* the month it applies from: "2026-07" */
	int weight[SCORE_PARTS];	     /* percent; they add up to 100 */
	int threshold;			     /* a sub-score below it counts zero */
	int deduction[SCORE_INCIDENT_KINDS]; /* points per incident */
	int band[3];			     /* lowest score of grades A, B, C */
	bool normalise;			     /* scores scaled so the best of a region has 100 */
	int bottom_n;			     /* how many the evaluation review lists */
};

/* Which setting a check blames: one of these, plus the part or kind for
 * weights, deductions and bands. */
enum {
	SCORE_FIELD_FROM = 1,
	SCORE_FIELD_WEIGHT = 10, /* + part */
	SCORE_FIELD_THRESHOLD = 20,
	SCORE_FIELD_DEDUCTION = 30, /* + incident kind */
	SCORE_FIELD_BAND = 40,	    /* + 0 A, 1 B, 2 C */
	SCORE_FIELD_NORMALISE = 50,
	SCORE_FIELD_BOTTOM = 51,
};

/* The built-in settings: weights 30 20 10 10 10 5 10 5, threshold 30,
 * deductions 20 25 5 10 10, grades A 85, B 70, C 55, not normalised, the
 * bottom 10; from 2000-01. */
void score_settings_default(struct score_settings *s);
/* NULL when s holds, else why (an N_() msgid) and *field (SCORE_FIELD_*). */
const char *score_settings_check(const struct score_settings *s, int *field);
/* The field a form points at for score_settings_check's field, s having
 * been before (what the form showed first): of two grades out of order,
 * the one changed (grade A lowered under B is A's, not B's); else field. */
int score_settings_blame(const struct score_settings *s, const struct score_settings *before,
			 int field);
/* The version that applies to a period: the one with the latest `from` not
 * after the period's first month; the defaults when none does. list is in
 * any order. */
const struct score_settings *score_settings_for(const struct score_settings *list, int n,
						qd_period p, const struct score_settings *defaults);
/* The periods a version from the month `from` governs among the others
 * (list, n; the one with the id `self` left out, 0 for none): the months
 * from `from` to the month before the next version's, and the quarters and
 * years that begin in those months (q_first, y_first: the first of each
 * that begins in `from` or later; a quarter or a year under way then keeps
 * the version in force when it began). A count of -1: no later version, so
 * they go on; 0: none begins in them. */
struct score_span {
	int months, quarters, years;
	qd_period month_last, q_first, q_last, y_first, y_last;
};
void score_settings_span(const struct score_settings *list, int n, int64_t self, qd_period from,
			 struct score_span *out);

/* ---- one distributor, one period ---------------------------------------- */

/* What the parts are computed from. Money in fen, counts as counted. */
struct score_figures {
	int64_t sales_fen;	       /* orders shipped or delivered, by ship date */
	int64_t target_fen;	       /* the period's target; < 0 when none */
	int64_t due_fen, received_fen; /* falling due, and paid, in the period */
	/* Everything that fell due up to the period's last day less everything
	 * paid by then: overdue at its end when more than 0. */
	int64_t open_to_end_fen;
	int days;		      /* the period's days, so far when it runs */
	/* All the period's days: while it runs (days fewer), the target is
	 * counted in the share its days over make (0: as many as days, or a
	 * target the pace cannot spread: the sum of only some months'). */
	int period_days;
	/* How many months' targets make target_fen (0: the period's own). */
	int target_months;
	/* Its agreement ended in the period, on a day before today and before
	 * the period's last (terminated): the period's days up to that one,
	 * all over, which its target is counted for; else 0. */
	int ended_days;
	int64_t orders, cross_orders; /* orders shipped; shipped outside (窜货) */
	int64_t lines, lines_ok;      /* their lines; within the price tolerance */
	int64_t shelf, shelf_ok;      /* shelf prices seen on visits; within it */
	int64_t visits_done, visits_due;
	/* How visits_due was counted (score_visits_due): one visit every
	 * visit_every days from visit_from (a day number; the last visit
	 * before the period, or the agreement's start when never_visited; 0
	 * when unknown), over visit_days days. */
	int visit_every, visit_days;
	int32_t visit_from;
	bool never_visited;
	int32_t last_visit; /* the last visit of all (a day number), 0 for none */
	int64_t stock_counts, stock_low, stock_high; /* inventory counts; below, above the band */
	int64_t incidents[SCORE_INCIDENT_KINDS];     /* opened in the period */
	int64_t in_time[SCORE_INCIDENT_KINDS];	     /* of them resolved in time */
	int64_t trainings, trainings_offered;
};

struct score_result {
	int sub[SCORE_PARTS];	   /* tenths, 0-1000, or SCORE_NA */
	bool below[SCORE_PARTS];   /* under the threshold: counted as zero */
	int weight[SCORE_PARTS];   /* the weight applied, tenths of a percent */
	int deducted[SCORE_PARTS]; /* tenths taken off for incidents, overdue */
	int64_t overdue_fen;	   /* at the period's end */
	int overdue_days;	   /* of the period's billing */
	/* False when no part but discipline (price, territory, service) can
	 * be measured, or none of those that can carries weight: the
	 * distributor gets no score, grade or rank; unscored says why. */
	bool scored;
	int unscored; /* SCORE_UNSCORED_* when not scored */
	int raw;      /* the weighted sum, tenths */
	/* The same in thousandths of a tenth, before raw was rounded:
	 * normalisation divides these, so a score is rounded once (92.667
	 * of a best 95.0 is 97.5; 92.7 of it was 97.6). */
	int raw_fine;
	int score;    /* raw, normalised when the settings say so */
	char grade;   /* 'A'-'D'; 0 when not scored */
};

/* Why a result is not scored: no part that measures business could be
 * measured (a dormant distributor), or those that could carry no weight. */
enum {
	SCORE_UNSCORED_NO_ACTIVITY = 1,
	SCORE_UNSCORED_NO_WEIGHT = 2,
	/* Only price, territory and service measured: discipline alone. */
	SCORE_UNSCORED_DISCIPLINE_ONLY = 3
};

/* Shares total out among the parts in proportion to share[i] / den, by the
 * largest remainder: out[] adds up to total (a part with no share gets 0).
 * How the weights and the costs are shown in tenths. */
void score_share_out(const int64_t share[SCORE_PARTS], int64_t den, int total,
		     int out[SCORE_PARTS]);
/* Scores f. A part with nothing to measure is n/a: sales without a target,
 * collection with nothing due in the period and nothing overdue at its end,
 * price without order lines, shelf prices or price violations, territory
 * without orders shipped or cross-territory incidents, visits with none
 * due, inventory without counts, training with none held. Service is 100
 * less its deductions and always measured; it, price and territory measure
 * discipline, which only takes points off: a distributor measured on
 * nothing else is not scored (grade 0). */
void score_compute(const struct score_settings *s, const struct score_figures *f,
		   struct score_result *r);
/* The target the sales are measured against: the period's, or while the
 * period runs the share of it its days over make (today is not: 0 on the
 * first day; else rounded, at least a fen); < 0 when none. */
int64_t score_target_to_date(const struct score_figures *f);
/* The days over the target is counted for (today not over; an agreement
 * that ended, its days up to its end), or -1 when the whole target counts
 * (the period over, or a target the pace cannot spread). */
int score_days_paced(const struct score_figures *f);
/* Whether a part measures only the distributor's discipline (prices,
 * territory, service: each starts at 100 and loses points): it counts in a
 * score but does not make a distributor measurable. */
bool score_part_discipline(int part);
/* For a result not scored: a short mark for a list ("no activity") and the
 * reason in a sentence (N_() msgids); "" when it is scored. */
const char *score_unscored_label(const struct score_result *r);
const char *score_unscored_reason(const struct score_result *r);
/* Why a row of the ranking has no rank (rank 0): terminated in the period
 * when it is scored, else score_unscored_label's; "" for one ranked. The
 * words (an N_() msgid) and the key a program reads in JSON
 * ("terminated_in_the_period", "no_activity"), fixed whatever the words
 * become. */
const char *score_not_ranked_label(const struct score_result *r, int rank);
const char *score_not_ranked_key(const struct score_result *r, int rank);
/* With normalisation on, scales r so that best (the best raw_fine of its
 * group) is 100, and grades it again; otherwise leaves it. */
void score_normalise(const struct score_settings *s, struct score_result *r, int best);
char score_grade(const struct score_settings *s, int score);

/* The parts that cost r the most points (weight × what the part lacks), at
 * most max, worst first; only parts that cost something. */
int score_reasons(const struct score_result *r, int *parts, int max);
/* Tenths of a point a part cost the score (its weight × what it lacks). */
int score_lost(const struct score_result *r, int part);
/* What a part cost, into buf as the explanation shows it: minus ("−" on a
 * screen, "-" in a file), then the points ("−21.0"); "" when it is not
 * measured or cost nothing. Returns buf. */
char *score_cost_format(const struct score_result *r, int part, const char *minus, char *buf,
			size_t size);

/* The part's name, and a short header for a column (N_() msgids). */
const char *score_part_label(int part);
const char *score_part_short(int part);
/* The part's name where a program reads it (CSV and JSON keys): "sales",
 * "collection", ... "training". */
const char *score_part_key(int part);
/* The part's formula in words, translated, into buf. */
void score_part_formula(int part, char *buf, size_t size);
/* What went into a part for f, in words with the numbers, translated, into
 * buf. */
void score_part_inputs(int part, const struct score_settings *s, const struct score_figures *f,
		       const struct score_result *r, char *buf, size_t size);
/* "87.5", "n/a" into buf. */
char *score_format(int tenths, char *buf, size_t size);
/* A score before normalising (score_result.raw_fine) exactly, with two to
 * four decimals, "96.12", "96.0749", into buf. */
char *score_fine_format(int raw_fine, char *buf, size_t size);

/* Days of a period that count, up to today: from the later of its first day
 * and `from` to the earliest of its last day, `until` and today; 0 when
 * none. from and until are ignored when their year is 0. */
int score_days(qd_date first, qd_date last, qd_date today, qd_date from, qd_date until);
/* The same over day numbers (date_to_days); from and until 0 for none. */
int score_days_n(int32_t first, int32_t last, int32_t today, int32_t from, int32_t until);
/* Whether period p has begun by today: a period that starts after today
 * has nothing to score and is refused; the current one, unfinished, is
 * scored on its days so far. */
bool score_period_begun(qd_period p, qd_date today);
/* Days of a period the scorecards count as early: fewer over (today not
 * counted) and the ranking says little yet (on its first day no sales are
 * owed; on its second most are D). The number is also written in the
 * scorecards' help (screen_scorecards.c, sc_help), README.md and
 * doc/qudao.1. */
#define SCORE_EARLY_DAYS 14
/* Days of period p over by today (today not counted): 0 on its first day;
 * its length once it is over. */
int score_days_over(qd_period p, qd_date today);
/* The period the scorecards open on, and the report's without --period:
 * today's quarter, or the quarter before while today's has run fewer than
 * SCORE_EARLY_DAYS days (the weeks of the review of the quarter just
 * ended). */
qd_period score_default_period(qd_date today);
/* When score_default_period is the quarter before: today's quarter into
 * *now and its days over (0 on its first day); else -1. */
int score_early_days(qd_date today, qd_period *now);
/* Visits due from day a to day b (the period's days its agreement ran, up
 * to today; date_to_days numbers) at one visit every `every` days. from is
 * the day the schedule counts from: the last visit before day a, or the
 * agreement's start when it was never visited; a visit falls due `every`
 * days after it and every `every` days after that, the period owes the
 * dates that fall in [a, b], and at least one when a visit fell due by b
 * (an overdue distributor owes one). from 0: it was visited on or after
 * day a, so the kept figures do not place its schedule: the days over the
 * frequency, rounded to the nearest (half up). 0 when every <= 0. */
int64_t score_visits_due(int32_t a, int32_t b, int every, int32_t from);

/* ---- red flags ------------------------------------------------------------ */

enum {
	SCORE_FLAG_OVERDUE = 1,	  /* an invoice unpaid past its due date */
	SCORE_FLAG_INCIDENTS = 2, /* open incidents */
	SCORE_FLAG_NO_VISIT = 4,  /* active, not visited within its frequency */
	SCORE_FLAG_EXPIRING = 8,  /* the agreement ends within 60 days */
	SCORE_FLAG_EXPIRED = 16,  /* active, the agreement has ended */
	/* Its status, so that a ranking says who no longer works with us. */
	SCORE_FLAG_TERMINATED = 32,
	SCORE_FLAG_SUSPENDED = 64,
	SCORE_FLAG_COUNT = 7
};
struct score_state {
	qd_status status;
	qd_date last_visit;   /* year 0: never */
	int visit_every;      /* days */
	qd_date unpaid_since; /* year 0: nothing unpaid */
	int open_incidents;
	qd_date agreement_start, agreement_end; /* year 0: none */
};
/* The flags as of today; the same rules as the distributor list's. No visit
 * for too long counts from the last visit, or from the agreement's start
 * when that is later (one that begins today is not overdue). */
int score_flags(const struct score_state *st, qd_date today);
/* The same over day numbers (date_to_days), 0 for none: for 100,000 rows. */
int score_flags_n(qd_status status, int32_t last_visit, int visit_every, int32_t unpaid_since,
		  int open_incidents, int32_t agreement_start, int32_t agreement_end,
		  int32_t today);
/* The flag's one-character mark, translated, its words (an N_() msgid)
 * and its key in JSON ("payment_overdue"). */
const char *score_flag_mark(int bit);
const char *score_flag_label(int bit);
const char *score_flag_key(int bit);

/* ---- rebates -------------------------------------------------------------- */

struct rebate_rule {
	int64_t id;
	char name[128];
	int category; /* index into the caller's categories; -1: every product */
	char tier;    /* 'A'-'D'; 0 for every tier */
	qd_period_kind kind;
	int64_t threshold_fen; /* the step, in sales (achievement_bp 0) */
	int rate_bp;	       /* 150 = 1.50 % */
	qd_date start, end;    /* end.y 0: open-ended */
	/* The step as achievement: sales of the stretch ÷ its target, in 0.01 %
	 * (10000 = the target met); 0 for a step in sales. A stretch without
	 * a target reaches no such step. */
	int achievement_bp;
};

/* A rule's name, in characters (its category is a product's). */
enum { REBATE_NAME_MAX = 30, REBATE_CATEGORY_MAX = REF_CATEGORY_MAX };
#define REBATE_BUF(chars) ((chars)*4 + 1)

/* A rule as Setup edits it and the database keeps it. */
struct rebate_rule_rec {
	int64_t id, version; /* 0 for a new one */
	char name[REBATE_BUF(REBATE_NAME_MAX)];
	char category[REBATE_BUF(REBATE_CATEGORY_MAX)]; /* "" for every product */
	char tier;					/* 'A'-'D'; 0 for every tier */
	qd_period_kind kind;
	bool achievement;      /* the step is achievement_bp, else threshold_fen */
	int64_t threshold_fen; /* ≥ 0 */
	int achievement_bp;    /* 1 to 100000 (1000 %) */
	int rate_bp;	       /* 1 to 10000 */
	qd_date start, end;    /* end.y 0: open-ended */
};

/* The fields a rule's check names. */
enum {
	REBATE_FIELD_NAME = 1,
	REBATE_FIELD_KIND,
	REBATE_FIELD_STEP,
	REBATE_FIELD_RATE,
	REBATE_FIELD_CATEGORY,
	REBATE_FIELD_TIER,
	REBATE_FIELD_START,
	REBATE_FIELD_END,
	REBATE_FIELD_COUNT = REBATE_FIELD_END, /* at most one problem each */
};

/* What a rule pays on as stored ("month", "quarter", "year"), read back
 * (anything else: month), and its words (an N_() msgid). */
const char *rebate_kind_name(qd_period_kind k);
qd_period_kind rebate_kind_parse(const char *s);
const char *rebate_kind_label(qd_period_kind k);
/* A stored tier: 'A'-'D', else 0 (every tier). */
char rebate_tier_parse(const char *s);

/* What is wrong with r: a field (REBATE_FIELD_*) and why (an N_() msgid).
 * r holds with a name, a step and a rate in range, an end not before the
 * start, and no category on a step in achievement (a category has no
 * target). */
struct rebate_problem {
	int field;
	const char *why;
};
/* Every problem of r, in the fields' order, at most max into out (a form
 * says each beside its field at once); how many there are. */
int rebate_rule_problems(const struct rebate_rule_rec *r, struct rebate_problem *out, int max);
/* NULL when r holds, else the first problem's why and *field. */
const char *rebate_rule_check(const struct rebate_rule_rec *r, int *field);

/* What a distributor sold in a period p and the targets it had, for the
 * rules: sales month by month over p's months (month_total[i]), and by
 * category (month_cat[i * ncat + c]); target[k][j] the target of the j-th
 * stretch of kind k (0 month, 1 quarter, 2 year) inside p, -1 for none. */
struct rebate_input {
	const int64_t *month_total, *month_cat;
	int ncat;
	int64_t target[3][12];
};
/* Every target of in not known (-1). */
void rebate_input_init(struct rebate_input *in, const int64_t *month_total,
		       const int64_t *month_cat, int ncat);

/* One rule for one stretch of time: one that paid, or the first step of a
 * ladder none of whose steps was reached (rebate 0: how far it was). */
struct rebate_line {
	int rule; /* index into the rules */
	qd_period when;
	int64_t sales_fen, rebate_fen;
	int64_t target_fen; /* the stretch's target, -1 for none */
	bool reached;
};

/* The estimated rebate of a distributor of tier `tier` for period p. Each
 * rule is evaluated over each stretch of its own kind inside p (a month rule
 * every month of a quarter; a year rule only over a year), on the sales of
 * its category, when it is in force then and the tier fits. Rules of one
 * kind, category, tier and basis form a ladder: of the steps the stretch
 * reaches (its sales, or its sales ÷ its target), the highest pays, sales ×
 * its rate, rounded to the fen. The lines paid go to lines (up to max;
 * *nlines how many; either may be NULL), and with them, for each ladder
 * that paid nothing in a stretch, its lowest step, not reached. */
int64_t rebate_estimate(const struct rebate_rule *rules, int nrules, char tier, qd_period p,
			const struct rebate_input *in, struct rebate_line *lines, int max,
			int *nlines);
/* The index of kind k in rebate_input.target: 0 month, 1 quarter, 2 year. */
int rebate_kind_index(qd_period_kind k);
/* A share in 0.01 % as a percentage: "100%", "112.5%", "0.01%"; "-" when
 * negative. Returns buf. */
char *rebate_percent(int64_t bp, char *buf, size_t size);
/* A percentage as typed ("1.5", "1.50%", "112.5 %", ASCII) into *bp
 * (0.01 %): 0, or -1 when it is not one (more than two decimals among). */
int rebate_percent_parse(const char *s, int64_t *bp);
/* Sales ÷ target in 0.01 %, rounded down; -1 without a target. */
int64_t rebate_achievement_bp(int64_t sales, int64_t target);
/* How many months p has: 1, 3 or 12. */
int score_period_months(qd_period p);

/* ---- evidence --------------------------------------------------------------- */

/* A row behind a score: an order shipped, one of its lines, a payment, an
 * amount falling due, an amount still open at the period's end (what is
 * overdue, invoice by invoice), a visit, an inventory count, a shelf price,
 * an incident, a training session, a rebate paid. */
typedef enum {
	EVIDENCE_ORDER,
	EVIDENCE_LINE,
	EVIDENCE_PAYMENT,
	EVIDENCE_DUE,
	EVIDENCE_OPEN,
	EVIDENCE_VISIT,
	EVIDENCE_COUNT,
	EVIDENCE_PRICE,
	EVIDENCE_INCIDENT,
	EVIDENCE_TRAINING,
	EVIDENCE_REBATE,
	EVIDENCE_KINDS
} qd_evidence_kind;

struct score_evidence {
	qd_evidence_kind kind;
	int64_t id;	    /* the row's id in its table (0 for a rebate) */
	char date[20];	    /* YYYY-MM-DD, a visit's YYYY-MM-DDTHH:MM, a rebate's period */
	char ref[160];	    /* order or invoice number, product, topic, rule */
	char code[24];	    /* a status or kind code as stored */
	int64_t tol_bp;	    /* a line's or shelf price's tolerance, in 0.01 % */
	int64_t amount_fen; /* total, price, payment, amount, rebate */
	int64_t n1, n2;	    /* see score_evidence_cells */
	int flag; /* outside the territory, within tolerance, in time, attended; -1 not known */
	/* An order or line shipped after the agreement ended in the period
	 * (terminated): listed, not counted. */
	bool after_end;
};

/* The part of the score a row is evidence for. */
int score_evidence_part(const struct score_evidence *e);
/* Another part it is evidence for too (an order shipped outside the
 * territory: sales and territory discipline), or -1. */
int score_evidence_part_too(const struct score_evidence *e);
/* Whether the row has a how much (an amount of money or a quantity):
 * visits, incidents and training sessions have none. */
bool score_evidence_has_amount(const struct score_evidence *e);
/* The row as four cells, translated: when, what, how much, what it means
 * for the score. Each buffer holds size bytes. bad is set when it counts
 * against the score. */
void score_evidence_cells(const struct score_evidence *e, char *when, char *what, char *amount,
			  char *meaning, size_t size, bool *bad);
/* The amount cell score_evidence_cells made, as a file has it: money in
 * plain yuan (1234.50, not ¥1,234.50), a quantity counted as it is, an
 * empty cell empty. amount holds MONEY_BUF bytes at least. */
void score_evidence_amount_plain(const struct score_evidence *e, char *amount);
/* The last cell again for the part the row is listed under, where that
 * says more than score_evidence_cells: an order under sales counts toward
 * them (whether its lines kept the price is price discipline's), under
 * territory discipline it was shipped inside or outside. Other rows and
 * parts are left as they are. */
void score_evidence_meaning_in(const struct score_evidence *e, int part, char *meaning, size_t size,
			       bool *bad);
/* N_() name of a kind of evidence, for titles. */
const char *score_evidence_label(qd_evidence_kind kind);

/* How many of count scores, lowest first, make a bottom list of n: the n
 * lowest and every one tied with the n-th (which of two equal scores is in
 * is not for the order of the rows to decide). */
int score_bottom_count(const int *low_first, int count, int n);

/* A group's grades A-D as a bar of `width` cells: each grade's share by
 * the largest remainder (the floors first, then a cell each to the largest
 * remainders), at least one cell for a grade anyone has; all zero when
 * nobody is counted. */
void score_grade_cells(const int grades[4], int width, int cells[4]);

#endif
