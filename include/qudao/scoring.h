/* Scorecards from the database: the versions of the score settings, the
 * board of every distributor scored for a period (read from the kept
 * periods, scored by core/scorecard), the scores of the periods before it,
 * estimated rebates, the rows behind one distributor's score, and the
 * average score of a territory's distributors for the map. The screen and
 * `qudao report scorecard` both take their numbers from here. */
#ifndef QUDAO_SCORING_H
#define QUDAO_SCORING_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "qudao/date.h"
#include "qudao/db.h"
#include "qudao/scorecard.h"

/* ---- settings ------------------------------------------------------------- */

/* Every stored version, latest `from` first, into *out (the caller frees it);
 * how many, or -1 with the error on the handle. */
int db_scoring_settings(qd_db *db, struct score_settings **out);
/* Saves s (checked by score_settings_check first: DB_INVALID with
 * db_errfield() a SCORE_FIELD_*): a new version when s->id is 0, else the
 * version s->version of s->id (DB_CONFLICT when someone saved it since,
 * DB_NOTFOUND when it was deleted; DB_DUPLICATE when another version starts
 * in the same month). Logged in change_log by who. Inside the caller's
 * write or its own. */
qd_rc db_scoring_settings_save(qd_db *db, struct score_settings *s, const char *who);
qd_rc db_scoring_settings_delete(qd_db *db, int64_t id, int64_t version, const char *who);

/* ---- rebate rules (rebate.c) ---------------------------------------------------- */

/* Every rule, ladder by ladder (year, quarter, month; category, tier,
 * basis; step), into *out (the caller frees it); how many, or -1 with the
 * error on the handle. */
int db_rebate_rules(qd_db *db, struct rebate_rule_rec **out);
/* The rule with this id: DB_OK, DB_NOTFOUND, or a failure. */
qd_rc db_rebate_rule_get(qd_db *db, int64_t id, struct rebate_rule_rec *out);
/* The categories products have, sorted, into *out (the caller frees it);
 * how many, or -1. */
int db_rebate_categories(qd_db *db, char (**out)[REBATE_BUF(REBATE_CATEGORY_MAX)]);
/* Saves r (checked by rebate_rule_check, and its category against the
 * products': DB_INVALID with db_errfield() a REBATE_FIELD_*; DB_DUPLICATE
 * when another rule of its ladder has its step at a time it is in force): a
 * new rule
 * when r->id is 0, else version r->version of r->id (DB_CONFLICT when
 * someone saved it since, DB_NOTFOUND when it was deleted). Logged in
 * change_log by who. Inside the caller's write or its own. */
qd_rc db_rebate_rule_save(qd_db *db, struct rebate_rule_rec *r, const char *who);
/* Deletes version r->version of r->id (DB_CONFLICT when it changed or went). */
qd_rc db_rebate_rule_delete(qd_db *db, const struct rebate_rule_rec *r, const char *who);

/* ---- the board ---------------------------------------------------------------- */

enum { SCORE_HISTORY = 6 }; /* the periods a sparkline shows, this one last */

/* No change against the period before (not scored in one of the two):
 * not SCORE_NA, which is -1, a fall of a tenth of a point. */
enum { SCORE_CHANGE_NA = INT_MIN };

struct score_row {
	int64_t id;
	/* The board's own copies; "" until read (db_scoring_names). */
	const char *code, *name, *sort_key;
	bool named;
	char tier;
	qd_status status;
	int64_t territory_id, region_id, rep_id; /* 0 for none */
	int visit_every;
	struct score_result r;
	int flags; /* SCORE_FLAG_* as of today (with db_scoring_flags) */
	bool flags_known;
	/* Terminated by the period's end: scored for its days of business,
	 * but no longer ranked (nor in the bottom list or a group's figures). */
	bool gone;
	int rank; /* 1 for the best score; ties share a rank; 0 when not scored or gone */
	/* The scores of the periods before (with db_scoring_history). */
	bool history;
	int spark[SCORE_HISTORY]; /* tenths, SCORE_NA when not scored then */
	int change;		  /* against the period before; SCORE_CHANGE_NA when none */
	/* The estimated rebate (with db_scoring_rebates). */
	bool rebate_known;
	int64_t rebate_fen;
};

/* A place or person a row belongs to, for filters, groups and labels. */
struct score_ref {
	int64_t id, parent_id, region_id;
	char code[40], name[208];
};

struct score_board {
	qd_period period;
	qd_date today, first, last;
	/* Every stored version, and the defaults; `settings` is (a copy of)
	 * the one in force for the period. */
	struct score_settings *versions;
	int nversions;
	struct score_settings defaults, settings;
	struct score_row *rows;
	int n;
	int scored; /* how many rows are ranked (1 to scored) */
	int gone;   /* how many rows are scored but gone (terminated) */
	/* The best raw_fine of each region (normalisation), by region. */
	struct score_ref *regions, *territories, *reps;
	int nregions, nterritories, nreps;
	int *best; /* per region index, then one for "no region" */
	/* Every row's change against the period before is known (with
	 * db_scoring_change or db_scoring_history). */
	bool changes;
	/* Every row's rebate is known (db_scoring_rebates; db_scoring_rebates_of
	 * knows some rows' only). */
	bool rebates;
	/* Everything else the board owns. */
	struct score_board_data *data;
};

/* Reads and scores every distributor whose agreement ran in period p (up to
 * today), from one snapshot; those not scored (no activity) are on the
 * board without a rank, and no best, average or bottom list counts them; with names, their codes,
 * names and sort keys too (without, a screen reads those of the rows it shows). DB_OK, or a
 * failure; either way db_scoring_board_free() releases it. */
qd_rc db_scoring_board(qd_db *db, qd_period p, qd_date today, bool names, struct score_board *out);
/* Reads the codes, names and sort keys of the rows at the given indexes
 * that lack them (n < 0: of every row). */
qd_rc db_scoring_names(qd_db *db, struct score_board *b, const int *rows, int n);
/* The same for the red flags (the last visit, what is unpaid since when,
 * open incidents). The board reads every row's with it (one scan it makes
 * anyway): this reads only a row that has none (no stats row). */
qd_rc db_scoring_flags(qd_db *db, struct score_board *b, const int *rows, int n);
void db_scoring_board_free(struct score_board *b);
/* Each row's place (0 first) by code, into place (b->n of them): the order
 * of strcmp on the codes, read from the codes' index. */
qd_rc db_scoring_code_order(qd_db *db, const struct score_board *b, int *place);
/* The same by name: the sort keys' order (strcmp), equal keys by code;
 * code_place is db_scoring_code_order's. */
qd_rc db_scoring_name_order(qd_db *db, const struct score_board *b, const int *code_place,
			    int *place);
/* Scores the SCORE_HISTORY - 1 periods before the board's for every row:
 * sparklines and the change against the period before. */
qd_rc db_scoring_history(qd_db *db, struct score_board *b);
/* The same for the rows at the given indexes that lack it, one by one;
 * when scores of those periods are normalised (a region's best must be
 * known), every row's. */
qd_rc db_scoring_history_of(qd_db *db, struct score_board *b, const int *rows, int n);
/* db_scoring_history a period at a time (for the large demo each is a scan
 * of a period's kept figures, 40 to 70 ms), for a screen's pauses: the
 * first step gives every change, *done once every row has its sparkline.
 * Between the steps the board keeps the balances carried back and the
 * scores so far (3 MB on the large demo; a step takes 14 MB more while it
 * runs). Each step is its own read, as db_scoring_rebates_step's; outside
 * a read transaction, on a large board, a step reads its period in two
 * halves at once, the second on a read-only connection of its own in a
 * thread, joined before the step returns (inside one it reads whole). */
qd_rc db_scoring_history_step(qd_db *db, struct score_board *b, bool *done);
/* Scores the period before the board's for every row: the change of each
 * (the numbers db_scoring_history gives); a screen sorting by change needs
 * no more. It is the history's first step, and keeps what the steps keep. */
qd_rc db_scoring_change(qd_db *db, struct score_board *b);
/* Estimates every row's rebate for the period. */
qd_rc db_scoring_rebates(qd_db *db, struct score_board *b);
/* The same a table scan at a time (a month's sales of a category: a year
 * takes dozens), for a screen's pauses: *done once every rebate is known.
 * What the scans read is kept with the board between steps (for a year
 * of the large demo, tens of megabytes); each step is its own read, so a
 * board read before a commit must be thrown away, not stepped on. A step
 * that fails throws away what was read: the next begins again. */
qd_rc db_scoring_rebates_step(qd_db *db, struct score_board *b, bool *done);
/* Estimates the rebates of the rows at the given indexes alone. */
qd_rc db_scoring_rebates_of(qd_db *db, struct score_board *b, const int *rows, int n);
/* Throws away what the rebates' and the history's steps read so far (a
 * board put aside). */
void db_scoring_drop_steps(struct score_board *b);

/* The index of distributor id among the rows, or -1. */
int score_board_find(const struct score_board *b, int64_t id);
/* The row of row i's region whose score before normalising is the best,
 * the one row i's is normalised to (none terminated by the period's end
 * sets it); -1 when there is none. */
int score_board_best_of(const struct score_board *b, int i);
/* The reference of an id, or NULL. */
const struct score_ref *score_board_region(const struct score_board *b, int64_t id);
const struct score_ref *score_board_territory(const struct score_board *b, int64_t id);
const struct score_ref *score_board_rep(const struct score_board *b, int64_t id);
/* Whether territory t is `under` or one of its children's children. */
bool score_board_within(const struct score_board *b, int64_t t, int64_t under);

/* ---- one distributor ----------------------------------------------------------- */

struct score_explain {
	struct score_figures f; /* what its score was computed from */
	struct score_evidence *rows;
	int n;
};

/* The figures and the rows behind row i's score: the period's orders and
 * their lines, payments, amounts due, visits, inventory counts, shelf prices,
 * incidents, training and the rebates paid. The rows are read from the
 * ledger; the figures are the kept ones the board scored. DB_OK or a
 * failure; either way db_scoring_explain_free() releases it. */
qd_rc db_scoring_explain(qd_db *db, const struct score_board *b, int i, struct score_explain *out);
void db_scoring_explain_free(struct score_explain *x);

/* ---- places, for the map ------------------------------------------------------- */

struct score_place {
	int64_t territory_id;
	int distributors; /* scored, in it or its children */
	int average;	  /* tenths; 0 when none */
	int64_t sum;	  /* of the scores, tenths */
	int grades[4];	  /* A, B, C, D */
};

/* Every territory's average score for period p (its children's distributors
 * counted too), into *out (the caller frees it); how many, or -1. */
int db_scoring_places(qd_db *db, qd_period p, qd_date today, struct score_place **out);
/* One territory's average (tenths) and how many distributors it is over;
 * DB_OK with *count 0 when none is scored there. */
qd_rc db_scoring_territory_average(qd_db *db, qd_period p, qd_date today, int64_t territory_id,
				   int *average, int *count);

#endif
