/* What the Scorecards tab shares with the screens it opens: the board, held
 * by whoever shows it (the tab, an explanation over it) and freed by the
 * last; the explanation's request; the filters and their form. */
#ifndef QUDAO_UI_SCORECARDS_H
#define QUDAO_UI_SCORECARDS_H

#include <stdbool.h>
#include <stdint.h>

#include "qudao/scoring.h"
#include "ui.h"

/* How many sorts the tab has: rank, grade, score, change, code, name, a
 * part each, flags and rebate. */
enum { SC_SORTS = 8 + SCORE_PARTS };

struct sc_board {
	struct score_board b;
	/* Each row's place by code and by name, read when first sorted by
	 * them (NULL until then). */
	int *code_order, *name_order;
	/* Each sort's order of every row in its own direction, made in the
	 * pauses once all they need is read (NULL until then). */
	int *orders[SC_SORTS];
	/* The data's generation (db_generation) when it was read: a board of
	 * another generation is not shown again. */
	uint64_t generation;
	int refs;
};

/* Reads and scores period p (names left for later); NULL with the error
 * shown when it cannot. */
struct sc_board *sc_board_load(struct ui *ui, qd_period p);
struct sc_board *sc_board_hold(struct sc_board *s);
void sc_board_drop(struct sc_board *s);

/* Explains distributor id as scored on board (screen_explain holds it). */
struct sc_explain_req {
	struct sc_board *board;
	int64_t id;
};

/* Which rows the tab shows, besides the search. */
struct sc_filter {
	int64_t region_id, territory_id, rep_id; /* 0 for any; a territory with its children */
	char region_code[40], territory_code[40], rep_code[40]; /* as typed, for the form */
	unsigned tier_mask, grade_mask, status_mask; /* bit 0 = A (or the first status); 0 any */
	char description[400];			     /* what it says, for the info line */
	bool applied;				     /* set by the form on Enter */
};

/* The filter form edits the filter it is given (screen_scorecard_filter). */
extern const struct screen screen_scorecard_filter;
extern const struct screen screen_explain;

/* A sparkline of SCORE_HISTORY scores (tenths, SCORE_NA for none) into buf. */
void sc_sparkline(const int *scores, char *buf, size_t size);
/* A grade's colour: A good, B plain, C warning, D error. */
enum ui_color sc_grade_color(char grade);

#endif
