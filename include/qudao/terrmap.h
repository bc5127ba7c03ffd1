/* The rules of the territory map, over plain values: the figures a
 * territory has and how they add up the tree, the metrics the map shows (a
 * const table: adding one is one entry), their 5-step scale, moving between
 * the cells of a tile grid with holes, the periods the map cycles through,
 * and the problems it flags: exclusive rights in conflict or held by a
 * distributor no longer in business, territories without an active
 * distributor or a rep, and goods sold across a border (窜货). Pure: the
 * database fills the values, the screen and the reports show them.
 *
 * The rules chosen:
 * - A distributor's figures of a month (sales, amounts due, money received,
 *   visits) count for the territory it was in that month. A move counts from
 *   the month it is made in: that month and later ones go to the new
 *   territory, earlier months stay where they were (its orders keep their
 *   history). A target counts for the territory the distributor was in
 *   during its period's last month (a year's December, a quarter's third
 *   month), so the target of a period under way follows the distributor.
 * - What describes now (active distributors, overdue visits and payments,
 *   open incidents) counts where the distributor is now.
 * - A territory's figures are its own and those of every territory under it.
 * - Visits due in a period: for every distributor active now, the days of
 *   the period up to today divided by its visit frequency (visit_every_days),
 *   summed, rounded to a whole number.
 * - An order is sold across a border (窜货) when it shipped (or was
 *   delivered) to a territory that is neither the one the distributor was in
 *   on the day it shipped nor under it; it counts once, however many lines
 *   it has. (A move counts from its day here: what a distributor sold where
 *   it was before it moved never turns into 窜货.) So a city's distributor
 *   selling into its own province's own area (none of the province's
 *   cities) sells 窜货: the map, the panels and both reports count it.
 *   A territory's problems include 窜货 into it and out of it.
 * - Two exclusive rights conflict when they are for the same category, held
 *   by two different distributors both active now, their dates overlap on a
 *   day that is today or later (an overlap wholly past is history), and one's
 *   territory is the other's or lies under it.
 * - A right still in force (ending today or later) held by a suspended or
 *   terminated distributor is a problem; so is a territory with no active
 *   distributor in it (an orphan), or that no active rep covers (a rep
 *   covering a territory covers what lies under it, and counts for what lies
 *   above it). */
#ifndef QUDAO_TERRMAP_H
#define QUDAO_TERRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qudao/date.h"
#include "qudao/i18n.h"
#include "qudao/lifecycle.h"
#include "qudao/refdata.h"

/* Visits due are kept as a rate: TERRMAP_RATE_SCALE / visit_every_days per
 * active distributor (integer division), summed. */
#define TERRMAP_RATE_SCALE INT64_C(1000000000)

/* What a territory has: its own (its distributors) or with everything
 * under it added. */
struct terrmap_figures {
	/* Now. */
	int64_t total;		  /* distributors of any status */
	int64_t active;		  /* active distributors */
	int64_t visit_rate;	  /* see TERRMAP_RATE_SCALE */
	int64_t visits_overdue;	  /* active ones whose visit is overdue */
	int64_t accounts_overdue; /* distributors with a payment overdue */
	int64_t overdue_fen;	  /* what those owe in all (due less paid) */
	int64_t open_cross;	  /* open 窜货 incidents */
	int64_t open_price;	  /* open 乱价 incidents */
	/* In the period. */
	int64_t sales_fen, sales_orders; /* shipped or delivered, by ship date */
	int64_t target_fen;
	bool has_target; /* some distributor in it has a target for the period */
	int64_t visits_done, visits_missed;
	int64_t cross_in;  /* 窜货 orders shipped into it from outside */
	int64_t cross_out; /* its distributors' orders shipped outside it */
	/* Scorecards of the period (tab 4's scores): the sum of the scores,
	 * in tenths, of the distributors scored, and how many. */
	int64_t score_sum, scored;
};

/* Adds b to a. */
void terrmap_add(struct terrmap_figures *a, const struct terrmap_figures *b);

/* Problems found in a territory or under it. */
struct terrmap_problems {
	int conflicts;	     /* pairs of conflicting exclusive rights */
	int inactive_rights; /* rights in force held by a suspended or terminated one */
	bool orphan;	     /* no active distributor */
	bool no_rep;	     /* no active rep covers it */
};

/* One territory of the map. parent is the index of its parent in the same
 * array (-1 for a top one); the figures and problems are filled by
 * terrmap_rollup() and terrmap_find_problems(). */
struct terrmap_node {
	int64_t id;
	int parent;
	int64_t region_id; /* its own, or that of the nearest territory above it; 0 none */
	char code[40];
	char name[REF_BUF(REF_NAME_MAX)];
	char name_en[REF_BUF(REF_NAME_MAX)];
	char short_name[REF_BUF(REF_SHORT_MAX)];
	char short_en[REF_BUF(REF_SHORT_EN_MAX)];
	int level;		/* qd_level */
	int grid_row, grid_col; /* -1 when it has no place in its parent's grid */
	bool rep;		/* an active rep covers it directly */
	struct terrmap_figures own, all;
	struct terrmap_problems problems;
};

/* True when node a is b or lies under it. A loop of parents (a damaged
 * file) ends the walk. */
bool terrmap_within(const struct terrmap_node *nodes, int n, int a, int b);
/* Each node's `all`: its own figures and those of every node under it
 * (cross_in and cross_out excepted: see terrmap_add_cross). */
void terrmap_rollup(struct terrmap_node *nodes, int n);
/* Counts `orders` sold across a border from node `from` into node `to`:
 * into `to` and every node above it that `from` is not under (cross_in),
 * out of every node at or above `from` that `to` is not under (cross_out).
 * A sale between two cities of a province crosses theirs, not the
 * province's; a city's sale into its own province's own area (none of its
 * cities) is 窜货 into the province (it is outside the city and its
 * children) and out of the city. */
void terrmap_add_cross(struct terrmap_node *nodes, int n, int from, int to, int64_t orders);

/* The name shown in a cell: the short name, or in English the short English
 * one when there is one. */
const char *terrmap_short(const struct terrmap_node *node, qd_lang lang);
/* The full name: in English the English name when there is one. */
const char *terrmap_name(const struct terrmap_node *node, qd_lang lang);
/* The same for a territory known by its two names (a form's record). */
const char *terrmap_name_of(const char *name, const char *name_en, qd_lang lang);

/* ---- the periods the map cycles through ---- */
enum { TERRMAP_PERIODS = 6 };
/* 0 this month, 1 this quarter, 2 this year, 3 last month, 4 last quarter,
 * 5 last year, as of today. */
qd_period terrmap_period(int which, qd_date today);
/* The N_() name of period `which` ("this month"). */
const char *terrmap_period_name(int which);
/* The days of p counted up to today: all of them when p has ended, none
 * when it has not begun. */
int terrmap_days_gone(qd_period p, qd_date today);
/* Visits due in p, from a rate (see TERRMAP_RATE_SCALE), rounded. */
int64_t terrmap_visits_due(int64_t visit_rate, qd_period p, qd_date today);
/* The share of p gone by today, as a whole percent (100 once it has ended). */
int terrmap_pace(qd_period p, qd_date today);
/* The month ("YYYY-MM") from which a move made on day `on` counts. */
void terrmap_move_month(qd_date on, char out[8]);

/* ---- the metrics ---- */
typedef enum {
	TERRMAP_ACTIVE,
	TERRMAP_TARGET,
	TERRMAP_SALES,
	TERRMAP_COVERAGE,
	TERRMAP_VISITS_OVERDUE,
	TERRMAP_RECEIVABLES_OVERDUE,
	TERRMAP_VIOLATIONS,
	TERRMAP_SCORE,
	TERRMAP_METRICS
} terrmap_metric_id;

typedef enum { TERRMAP_COUNT, TERRMAP_MONEY, TERRMAP_PERCENT } terrmap_unit;

/* What a metric's value is computed against. */
struct terrmap_ctx {
	qd_period period;
	qd_date today;
};

struct terrmap_metric {
	const char *code; /* for columns and options: stable, ASCII */
	const char *name; /* N_() name, for the header */
	terrmap_unit unit;
	bool higher_better;
	/* Its value, or false when it has none (a target %, no target set). */
	bool (*value)(const struct terrmap_figures *f, const struct terrmap_ctx *c, int64_t *out);
	/* Fixed steps (percents): the lower bounds of the four steps up; for
	 * the target, in percent of the pace. All zero: the scale is the
	 * quartiles of the values shown (see terrmap_scale_make). */
	int64_t steps[4];
	bool of_pace;
};
extern const struct terrmap_metric terrmap_metrics[TERRMAP_METRICS];

/* Rounded whole percent of part in whole (0 when whole is 0). */
int64_t terrmap_percent(int64_t part, int64_t whole);

/* A metric's scale for what is shown: the lower bounds of the four steps
 * up from the lowest values. */
struct terrmap_scale {
	int64_t bound[4];
	int n; /* bounds in use, 1-4, strictly rising: fewer when the values
		* shown leave fewer distinct steps */
	bool fixed;
};
/* The scale of metric m over the n values shown: its fixed steps; or, for
 * the others, none (0) below the lowest step and the positive values split
 * in quartiles, so each colour holds about as many territories. Equal
 * quartiles make one step (counts of 0 and 1 give two steps, not five
 * with repeats); the steps in use keep the scale's ends and spread between. */
void terrmap_scale_make(const struct terrmap_metric *m, const int64_t *values, int n,
			const struct terrmap_ctx *c, struct terrmap_scale *out);
/* The step of value on the scale, 0 (worst) to 4 (best): more is better or
 * worse as the metric says (no overdue visits is the best step). */
int terrmap_step(const struct terrmap_metric *m, const struct terrmap_scale *s, int64_t value);
/* The legend's words for each step 0-4, worst first ("<45%", "≥¥3.0万", "0"),
 * "" for a step not in use; a step of counts names its first and last
 * ("2–3", or "1" alone). */
void terrmap_legend(const struct terrmap_metric *m, const struct terrmap_scale *s, qd_lang lang,
		    char labels[5][48]);
/* The panel's title line "name  code  period" in at most `cells` cells: the
 * period is left out first, then the code, then the name is shortened with
 * "…". Never wider than cells (0 or less: ""). The caller frees it. */
char *terrmap_panel_title(const char *name, const char *code, const char *period, int cells);
/* A value as a cell shows it in at most `cells` cells, shortened until it
 * fits: ¥1.2万 → 1.2万 → 1万; "87%". NULL-terminated into buf (48 bytes). */
char *terrmap_value_text(const struct terrmap_metric *m, int64_t value, qd_lang lang, int cells,
			 char buf[48]);

/* ---- moving on the grid ---- */
struct terrmap_cell {
	int row, col;
	bool skip; /* dimmed (outside the region): not moved to */
};
/* The cell to go to from cell `from` in direction (drow, dcol) (one of them
 * -1 or 1, the other 0): the nearest one that way, among those no further
 * aside than along (a cell further aside lies in another direction), a step
 * across counting as three along, so a cell in the same row or column wins
 * over one beside it unless it is far; of two as near, the nearer along.
 * from itself when there is none. */
int terrmap_grid_move(const struct terrmap_cell *cells, int n, int from, int drow, int dcol);

/* ---- problems ---- */
struct terrmap_right {
	int64_t id, distributor_id;
	int territory; /* node index; -1 when the territory is not on the map */
	char category[REF_BUF(REF_CATEGORY_MAX)];
	qd_date start, end;
	qd_status holder_status;
	char holder_code[40];
	char holder_name[808];
};

/* Whether two rights conflict as of today (see above). */
bool terrmap_rights_conflict(const struct terrmap_node *nodes, int n, const struct terrmap_right *a,
			     const struct terrmap_right *b, qd_date today);
/* Whether right r concerns node t: its territory is t, above t or under it. */
bool terrmap_right_applies(const struct terrmap_node *nodes, int n, const struct terrmap_right *r,
			   int t);
/* Whether a right is in force on today and held by a suspended or
 * terminated distributor. */
bool terrmap_right_held_by_inactive(const struct terrmap_right *r, qd_date today);
/* Whether the pair's conflict concerns node t: the deeper right's territory
 * lies in t, or t lies under it. */
bool terrmap_conflict_touches(const struct terrmap_node *nodes, int n,
			      const struct terrmap_right *a, const struct terrmap_right *b, int t);
/* Whether a sale by a distributor of territory seller shipped to ship is
 * sold across a border: ship is neither seller nor under it. -1 (none) for
 * either is never. */
bool terrmap_is_cross(const struct terrmap_node *nodes, int n, int seller, int ship);

/* Fills each node's problems (after terrmap_rollup): the conflicts and the
 * rights held by inactive distributors in it or under it, orphans, and
 * territories without a rep. */
void terrmap_find_problems(struct terrmap_node *nodes, int n, const struct terrmap_right *rights,
			   int nrights, qd_date today);
/* Whether the node has a problem to mark on the map (窜货 into it or out of
 * it in the period counts). */
bool terrmap_has_problem(const struct terrmap_node *node);

/* The grant of a right as typed: a category and dates in order. NULL, or
 * the msgid of what is wrong. */
const char *terrmap_grant_check(const char *category, qd_date start, qd_date end);

/* ---- evidence of a cross-territory sale ---- */
struct terrmap_line {
	char product[256];
	int64_t quantity;
};
struct terrmap_shipment {
	int64_t order_id, distributor_id;
	char order_no[48];
	qd_date order_date, ship_date;
	char distributor_code[40], distributor_name[808];
	char from_code[40], from_name[REF_BUF(REF_NAME_MAX)]; /* the distributor's territory */
	char to_code[40], to_name[REF_BUF(REF_NAME_MAX)];     /* shipped to */
	int64_t total_fen;
	const struct terrmap_line *lines;
	int nlines;
	int64_t incident_id; /* the incident recorded for it; 0 none */
};
/* The incident's description: the evidence in a sentence of the user's
 * language (order number, dates, distributor, from and to, products and
 * quantities, amount). The caller frees it. */
char *terrmap_evidence(const struct terrmap_shipment *s);

#endif
