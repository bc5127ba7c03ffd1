/* The Scorecards tab: every distributor scored for a period, ranked, with
 * grade, score, change, a sparkline of the periods before, the parts, red
 * flags and the estimated rebate; sorted by any column, filtered, searched;
 * grouped by region, territory or rep; the bottom of the list with the
 * reasons; Enter explains a score. The board is read once per period (db/
 * scoring) and everything else is done in memory; names, sparklines and
 * rebates are read for the rows shown, or for all when a sort needs them;
 * in the pauses of the keys, what every sort needs is read ahead and each
 * sort's order of all the rows made (sc_idle). */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/money.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "scorecards.h"
#include "table.h"
#include "ui.h"

enum { SC_CAP = 400 };
/* An export of this many rows or more reads what the rows shown complete
 * for all at once (sc_export_begin). */
enum { SC_EXPORT_AT_ONCE = 2000 };

enum sc_view { VIEW_RANKING, VIEW_GROUPS, VIEW_BOTTOM };
enum sc_grouping { GROUP_NONE, GROUP_REGION, GROUP_TERRITORY, GROUP_REP, GROUPINGS };
/* The groups' columns. */
enum { GC_NAME, GC_COUNT, GC_AVERAGE, GC_GRADES, GC_WORST, GC_COLS };

/* The sorts: in their natural order the best comes first. */
enum sc_sort {
	SORT_RANK,
	SORT_GRADE,
	SORT_SCORE,
	SORT_CHANGE,
	SORT_CODE,
	SORT_NAME,
	SORT_PART, /* + part */
	SORT_FLAGS = SORT_PART + SCORE_PARTS,
	SORT_REBATE,
	SORT_COUNT
};
_Static_assert((int)SORT_COUNT == (int)SC_SORTS, "a board keeps an order for each sort");

enum sc_col {
	COL_RANK,
	COL_GRADE,
	COL_SCORE,
	COL_CHANGE,
	COL_TREND,
	COL_CODE,
	COL_NAME,
	COL_PART, /* + part */
	COL_FLAGS = COL_PART + SCORE_PARTS,
	COL_REBATE,
	COL_COUNT
};

static const struct table_col sc_cols[COL_COUNT] = {
	/* TRANSLATORS: column headers of the scorecards; keep them short. "#"
	 * is the rank. */
	[COL_RANK] = { N_("#"), 4, 0, 0, true, SORT_RANK },
	/* TRANSLATORS: a distributor's grade, A to D. */
	[COL_GRADE] = { N_("Gr"), 2, 0, 0, false, SORT_GRADE },
	[COL_SCORE] = { N_("Score"), 5, 0, 0, true, SORT_SCORE },
	/* TRANSLATORS: the change of the score since the period before. */
	[COL_CHANGE] = { N_("Chg"), 6, 0, 11, true, SORT_CHANGE },
	/* TRANSLATORS: a sparkline of the last six periods' scores. */
	[COL_TREND] = { N_("Trend"), 6, 0, 9, false, -1 },
	[COL_CODE] = { N_("Code"), 8, 0, 13, false, SORT_CODE },
	[COL_NAME] = { N_("Name"), 0, 10, 0, false, SORT_NAME },
	[COL_PART + SCORE_SALES] = { NC_("part", "Sales"), 5, 0, 8, true, SORT_PART + SCORE_SALES },
	[COL_PART + SCORE_COLLECTION] = { N_("Paid"), 5, 0, 6, true, SORT_PART + SCORE_COLLECTION },
	[COL_PART + SCORE_PRICE] = { N_("Price"), 5, 0, 5, true, SORT_PART + SCORE_PRICE },
	[COL_PART + SCORE_TERRITORY] = { NC_("part", "Terr"), 5, 0, 4, true,
					 SORT_PART + SCORE_TERRITORY },
	[COL_PART + SCORE_VISITS] = { N_("Visit"), 5, 0, 7, true, SORT_PART + SCORE_VISITS },
	[COL_PART + SCORE_INVENTORY] = { N_("Stock"), 5, 0, 2, true, SORT_PART + SCORE_INVENTORY },
	[COL_PART + SCORE_SERVICE] = { N_("Serv"), 5, 0, 3, true, SORT_PART + SCORE_SERVICE },
	[COL_PART + SCORE_TRAINING] = { N_("Train"), 5, 0, 1, true, SORT_PART + SCORE_TRAINING },
	/* TRANSLATORS: the red flags column. */
	[COL_FLAGS] = { N_("Flags"), 5, 14, 12, false, SORT_FLAGS },
	[COL_REBATE] = { N_("Rebate"), 10, 16, 2, true, SORT_REBATE },
};

/* The columns' names in a JSON export: the report's, where it has them
 * (the parts' are filled in by sc_enter, from core). */
static const char *sc_export_keys[COL_COUNT] = {
	[COL_RANK] = "rank",	 [COL_GRADE] = "grade", [COL_SCORE] = "score",
	[COL_CHANGE] = "change", [COL_TREND] = "trend", [COL_CODE] = "code",
	[COL_NAME] = "name",	 [COL_FLAGS] = "flags", [COL_REBATE] = "rebate",
};

/* Their headers in a spreadsheet, where the screen's are short (the
 * parts' are filled in by sc_enter, from core). */
static const char *sc_export_titles[COL_COUNT] = {
	[COL_RANK] = N_("Rank"),
	[COL_GRADE] = N_("Grade"),
	/* TRANSLATORS: a spreadsheet's header of the change of the score
	 * since the period before. */
	[COL_CHANGE] = N_("Change in score"),
	/* TRANSLATORS: a spreadsheet's header of the rebate column. */
	[COL_REBATE] = N_("Estimated rebate"),
};

/* A row of the ranking as the table holds it. */
struct sc_item {
	int64_t id;
	int index; /* into the board */
};

/* A row of the groups' table (a mem row: its id first). */
struct sc_group_row {
	int64_t id;
	int64_t key;
	char label[260];
	int count, average, grades[4];
	int worst[3], nworst;
	int unranked; /* listed when the group is opened, not counted */
};

/* A row of the bottom list (a mem row). */
struct sc_bottom_row {
	int64_t id;
	int index;
};

struct sc {
	struct ui *ui; /* the table's sort and search callbacks read with it */
	qd_period period;
	/* x's file names, with the period and what the rows are of:
	 * "scorecards-2026-Q3-S" (sc_name_exports). */
	char export_names[3][160];
	struct sc_board *board;
	/* The board of the period shown before (NULL: none): going back to it
	 * takes no reading while nothing changed. */
	struct sc_board *kept;
	bool stale; /* the data changed: read again before the next draw */
	enum sc_view view;
	/* The ranking: the rows the filters and the search let through, in the
	 * sort's order; pos[i] is board row i's place (-1 when left out). */
	struct sc_filter filter;
	/* The groups opened, outermost first: the filter before each and the
	 * grouping it was opened from (one of each grouping at most: g in an
	 * opened group groups its distributors by the others). */
	struct {
		struct sc_filter before;
		enum sc_grouping grouping;
		int64_t key; /* the group's, selected again when it is closed */
	} opened[GROUPINGS];
	int nopened;
	bool bottom_from_groups; /* b was pressed in the groups: Esc goes back there */
	char search[128];
	int nranked;	/* of the norder rows shown, how many have a rank */
	int64_t *found; /* ids the search finds, sorted; NULL when no search */
	int nfound;
	enum sc_sort sort;
	bool desc;
	int *order, norder, *pos;
	int *by_rank; /* every row by rank, then id */
	struct table table;
	/* The groups. */
	enum sc_grouping grouping;
	struct table_mem group_mem;
	struct sc_group_row *groups;
	int ngroups;
	struct table group_table;
	struct table_col group_cols[GC_COLS]; /* the grades' as wide as the counts */
	/* The bottom. */
	struct table_mem bottom_mem;
	struct sc_bottom_row *bottom;
	int nbottom;
	struct table bottom_table;
	/* The period being typed. */
	bool asking;
	bool ask_fresh; /* the period shown is replaced by the first key typed */
	struct form_field ask;
};

static const struct ui_help sc_help[] = {
	{ N_("Up/Down, PgUp/PgDn"), N_("move"), false },
	/* TRANSLATORS: a narrow terminal hides columns (‹ › in the header);
	 * these keys show them. */
	{ N_("Left/Right, < >"), N_("columns hidden on a narrow terminal (‹ ›)"), false },
	{ N_("Enter"), N_("explain"), true },
	{ N_("/"), N_("search"), true },
	{ N_("s"), N_("sort"), true },
	/* TRANSLATORS: the scorecards' sort arrow: ▲ the best first (the
	 * highest score, rank 1), or codes and names A to Z. */
	{ N_("S"),
	  N_("reverse the sort: ▲ is the best first (rank 1, the highest score) or A to Z, ▼ "
	     "the reverse"),
	  false },
	{ N_("f"), N_("filter"), true },
	{ N_("F"), N_("clear filters and search"), false },
	{ N_("p"), N_("period"), true },
	{ N_("[ ]"),
	  N_("period before, after (the tab opens on this quarter; on the one before while "
	     "this one has run fewer than 14 days)"),
	  false },
	{ N_("g"), N_("group"), true },
	{ N_("b"), N_("bottom"), true },
	{ N_("x"), N_("export what is shown"), true },
	{ N_("Esc"), N_("back from a group or the bottom list"), false },
	/* TRANSLATORS: the scorecards show a part that cannot be measured as a
	 * dash. */
	{ N_("-"), N_("a part not measured (n/a): its weight goes to the others"), false },
	/* TRANSLATORS: the mark of a distributor listed after the ranking; the
	 * same words as in the ranking. */
	{ N_("no activity"),
	  N_("nothing to score in the period but service (which only takes points off): "
	     "listed after the ranked, without rank or grade, left out of averages"),
	  false },
	/* TRANSLATORS: the mark of a distributor measured on its discipline
	 * alone; the same words as in the ranking. */
	{ N_("too few parts"),
	  N_("measured on its discipline alone (price, territory, service: they only take "
	     "points off): listed after the ranked, without rank or grade, left out of "
	     "averages"),
	  false },
	/* TRANSLATORS: the mark of a distributor whose parts that measure its
	 * business weigh nothing in the settings; the same words as in the
	 * ranking. */
	{ N_("not weighted"),
	  N_("the parts that measure its business and that it can be measured on weigh "
	     "nothing in the settings (discipline does not rank on its own): listed after "
	     "the ranked, without rank or grade, left out of averages"),
	  false },
	/* TRANSLATORS: a rank of "-": terminated in the period. */
	{ N_("# -"),
	  N_("terminated in the period: scored for its days of business, listed after the "
	     "ranking without a rank, left out of the groups and the bottom list"),
	  false },
	/* TRANSLATORS: the red flags of the scorecards. */
	{ N_("Flags"),
	  N_("today's: $ payment overdue, ! open incidents, V no visit for too long, E "
	     "agreement expiring, X expired, T terminated, S suspended; a period over shows T "
	     "alone, for those terminated by its end"),
	  false },
	{ NULL, NULL, false },
};

/* The keys of the groups and of the bottom list: search and sort are the
 * ranking's. */
static const struct ui_help sc_group_help[] = {
	{ N_("Up/Down, PgUp/PgDn"), N_("move"), false },
	/* TRANSLATORS: a narrow terminal hides columns (‹ › in the header);
	 * these keys show them. */
	{ N_("Left/Right, < >"), N_("columns hidden on a narrow terminal (‹ ›)"), false },
	{ N_("Enter"), N_("open the group"), true },
	/* The way out first, in few words: a narrow bar drops what comes
	 * last. */
	{ N_("Esc"), N_("the ranking"), true },
	{ N_("g"), N_("next grouping"), true },
	{ N_("f"), N_("filter"), true },
	{ N_("p"), N_("period"), true },
	{ N_("[ ]"), N_("period before, after"), false },
	{ N_("b"), N_("bottom"), true },
	{ N_("x"), N_("export what is shown"), true },
	/* TRANSLATORS: the groups' column of grades; keep "A B C D". */
	{ N_("A B C D"), N_("the grades as a bar of ten cells, then how many have each"), false },
	{ NULL, NULL, false },
};

/* The bottom list's keys but the way back, which depends on where b was
 * pressed and comes right after Enter: a narrow bar drops what comes last
 * (at 60 columns it dropped the way back and kept f and p). */
/* clang-format off */
#define SC_BOTTOM_FIRST                                                                   \
	{ N_("Up/Down, PgUp/PgDn"), N_("move"), false },                                  \
	{ N_("Left/Right, < >"), N_("columns hidden on a narrow terminal (‹ ›)"), false }, \
	{ N_("Enter"), N_("explain"), true }
#define SC_BOTTOM_REST                                                                    \
	{ N_("f"), N_("filter"), true },                                                  \
	{ N_("p"), N_("period"), true },                                                  \
	{ N_("[ ]"), N_("period before, after"), false },                                 \
	{ N_("x"), N_("export what is shown"), true }
/* clang-format on */

static const struct ui_help sc_bottom_help[] = {
	SC_BOTTOM_FIRST,
	{ N_("b, Esc"), N_("back to the ranking"), true },
	SC_BOTTOM_REST,
	{ NULL, NULL, false },
};

/* The bottom list opened from the groups: Esc goes back to them. */
static const struct ui_help sc_bottom_from_groups_help[] = {
	SC_BOTTOM_FIRST,
	{ N_("Esc"), N_("back to the groups"), true },
	{ N_("b"), N_("the ranking"), true },
	SC_BOTTOM_REST,
	{ NULL, NULL, false },
};

/* ---- the shared board ---- */

struct sc_board *sc_board_load(struct ui *ui, qd_period p)
{
	struct sc_board *s = xcalloc(1, sizeof *s);
	/* Taken first: a commit while it is read makes it older at once. */
	s->generation = db_generation(ui_db(ui));
	if (db_scoring_board(ui_db(ui), p, ui_today(ui), false, &s->b)) {
		ui_db_error(ui, _("Could not read the scorecards"));
		db_scoring_board_free(&s->b);
		free(s);
		return NULL;
	}
	s->refs = 1;
	return s;
}

struct sc_board *sc_board_hold(struct sc_board *s)
{
	if (s)
		s->refs++;
	return s;
}

void sc_board_drop(struct sc_board *s)
{
	if (s && --s->refs == 0) {
		db_scoring_board_free(&s->b);
		free(s->code_order);
		free(s->name_order);
		for (int k = 0; k < SC_SORTS; k++)
			free(s->orders[k]);
		free(s);
	}
}

void sc_sparkline(const int *scores, char *buf, size_t size)
{
	static const char *const bars[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	buf[0] = '\0';
	size_t used = 0;
	for (int k = 0; k < SCORE_HISTORY && used + 4 < size; k++) {
		const char *c = "·";
		if (scores[k] != SCORE_NA) {
			int level = scores[k] * 8 / 1001;
			c = bars[level < 0 ? 0 : level > 7 ? 7 : level];
		}
		used += (size_t)snprintf(buf + used, size - used, "%s", c);
	}
}

enum ui_color sc_grade_color(char grade)
{
	return grade == 'A'   ? UI_GOOD
	       : grade == 'C' ? UI_WARNING
	       : grade == 'D' ? UI_ERROR
			      : UI_NORMAL;
}

/* ---- the view: filter, search, sort ---- */

static struct score_board *sc_b(struct sc *s)
{
	return &s->board->b;
}

static bool sc_found(const struct sc *s, int64_t id)
{
	int lo = 0, hi = s->nfound;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (s->found[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nfound && s->found[lo] == id;
}

/* Whether the filter leaves any row out: sc_passes' fields, all of them
 * (sc_arrange copies a ready order when none is set). */
static bool sc_filtering(const struct sc_filter *f)
{
	return f->region_id || f->territory_id || f->rep_id || f->tier_mask || f->grade_mask ||
	       f->status_mask;
}

static bool sc_passes(const struct sc *s, const struct score_row *x)
{
	const struct sc_filter *f = &s->filter;
	if (!sc_filtering(f))
		return !s->found || sc_found(s, x->id);
	const struct score_board *b = &s->board->b;
	if (f->region_id && x->region_id != f->region_id)
		return false;
	if (f->territory_id && !score_board_within(b, x->territory_id, f->territory_id))
		return false;
	if (f->rep_id && x->rep_id != f->rep_id)
		return false;
	if (f->tier_mask && !(f->tier_mask >> (x->tier - 'A') & 1))
		return false;
	if (f->grade_mask && (!x->r.scored || !(f->grade_mask >> (x->r.grade - 'A') & 1)))
		return false;
	if (f->status_mask && !(f->status_mask >> x->status & 1))
		return false;
	return !s->found || sc_found(s, x->id);
}

/* The order shown, in words ("Score, best first"): each sort's natural
 * order puts the best first (rank 1, grade A, the highest score), the
 * most flags first, codes and names from A; reversed, the other way. ▲ in
 * the header is the natural order. */
static const char *sc_order_words(int sort, bool reversed, const char *title)
{
	static char buf[200];
	/* The column's name in full: its header is cut to fit ("Chg"). */
	static const char *const full[] = {
		[SORT_RANK] = N_("Rank"),   [SORT_GRADE] = N_("Grade"),
		[SORT_SCORE] = N_("Score"), [SORT_CHANGE] = NC_("score", "Change"),
		[SORT_CODE] = N_("Code"),   [SORT_NAME] = N_("Name"),
		[SORT_FLAGS] = N_("Flags"), [SORT_REBATE] = N_("Rebate"),
	};
	if (sort >= SORT_PART && sort < SORT_PART + SCORE_PARTS)
		title = score_part_label(sort - SORT_PART);
	else if (sort >= 0 && sort < SORT_COUNT && full[sort])
		title = full[sort];
	bool merit = sort != SORT_CODE && sort != SORT_NAME && sort != SORT_FLAGS;
	/* TRANSLATORS: how the scorecards are sorted, after "Sorted by" or
	 * "By"; %s is a column's title. */
	const char *fmt = merit		       ? (reversed ? _("%s, worst first") : _("%s, best first"))
			  : sort == SORT_FLAGS ? (reversed ? _("%s, fewest first") : _("%s, most first"))
					       : (reversed ? _("%s, from Z to A") : _("%s, from A to Z"));
	snprintf(buf, sizeof buf, fmt, _(title));
	return buf;
}

/* Sorts n indexes by key (ascending), keeping the order of equal keys: an
 * LSD radix sort, 16 bits a pass, passes that change nothing skipped. */
static void sc_radix(int *idx, int64_t *key, int n)
{
	uint64_t *k = xmalloc((size_t)n * sizeof *k + 1);
	uint64_t *k2 = xmalloc((size_t)n * sizeof *k2 + 1);
	int *i2 = xmalloc((size_t)n * sizeof *i2 + 1);
	for (int i = 0; i < n; i++)
		k[i] = (uint64_t)key[i] ^ UINT64_C(0x8000000000000000);
	size_t *count = xmalloc(65537 * sizeof *count);
	for (int shift = 0; shift < 64; shift += 16) {
		memset(count, 0, 65537 * sizeof *count);
		for (int i = 0; i < n; i++)
			count[((k[i] >> shift) & 0xffff) + 1]++;
		if (n == 0 || count[((k[0] >> shift) & 0xffff) + 1] == (size_t)n)
			continue;
		for (int d = 0; d < 65536; d++)
			count[d + 1] += count[d];
		for (int i = 0; i < n; i++) {
			size_t at = count[(k[i] >> shift) & 0xffff]++;
			k2[at] = k[i];
			i2[at] = idx[i];
		}
		memcpy(k, k2, (size_t)n * sizeof *k);
		memcpy(idx, i2, (size_t)n * sizeof *idx);
	}
	free(count);
	free(k);
	free(k2);
	free(i2);
}

/* Each row's place by name (or code), computed once per board from the
 * indexes: by name needs the code's places for equal names. */
static int *sc_text_order(struct sc *s, struct ui *ui, bool by_name)
{
	struct sc_board *board = s->board;
	int **slot = by_name ? &board->name_order : &board->code_order;
	if (*slot)
		return *slot;
	struct score_board *b = sc_b(s);
	/* A read that failed is not kept: the next sort reads again. */
	if (!board->code_order) {
		board->code_order = xcalloc((size_t)b->n + 1, sizeof *board->code_order);
		if (db_scoring_code_order(ui_db(ui), b, board->code_order)) {
			if (!db_stopped(ui_db(ui)))
				ui_db_error(ui, _("Could not read the distributors"));
			free(board->code_order);
			board->code_order = NULL;
			return NULL;
		}
	}
	if (by_name) {
		board->name_order = xcalloc((size_t)b->n + 1, sizeof *board->name_order);
		if (db_scoring_name_order(ui_db(ui), b, board->code_order, board->name_order)) {
			if (!db_stopped(ui_db(ui)))
				ui_db_error(ui, _("Could not read the distributors"));
			free(board->name_order);
			board->name_order = NULL;
		}
	}
	return *slot;
}

static int sc_popcount(int v)
{
	int n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

/* The key of a row with nothing to sort by: after every other, either way
 * (SC_KEY_LAST - 1: a rank's for one scored but gone, before the unscored). */
#define SC_KEY_LAST (INT64_C(1) << 40)

/* The key a row sorts by; lower comes first in the natural order. */
static int64_t sc_sort_key(struct sc *s, enum sc_sort sort, int i, const int *text)
{
	const struct score_row *x = &sc_b(s)->rows[i];
	const int64_t last = SC_KEY_LAST;
	switch (sort) {
	case SORT_RANK:
		return x->rank > 0 ? x->rank : x->r.scored ? last - 1 : last;
	/* One gone (terminated in the period) comes after the ranked by
	 * grade and score too: it is not in the ranking. */
	case SORT_GRADE:
		/* Within a grade by score too: reversed, the worst of the
		 * worst grade comes first, not its best. */
		return x->r.scored && !x->gone ? (int64_t)x->r.grade * 10000 - x->r.score
		       : x->r.scored	       ? last - 1
					       : last;
	case SORT_SCORE:
		return x->r.scored && !x->gone ? -x->r.score : x->r.scored ? last - 1 : last;
	case SORT_CHANGE:
		return x->change != SCORE_CHANGE_NA ? -x->change : last;
	case SORT_CODE:
	case SORT_NAME:
		return text ? text[i] : i;
	case SORT_FLAGS:
		return -sc_popcount(x->flags);
	case SORT_REBATE:
		return -x->rebate_fen;
	default: {
		int part = sort - SORT_PART;
		return x->r.sub[part] != SCORE_NA ? -x->r.sub[part] : last;
	}
	}
}

/* What a sort needs for every row: names, the change, rebates (the flags
 * come with the board). */
static const int *sc_prepare_sort(struct sc *s, struct ui *ui, enum sc_sort sort)
{
	struct score_board *b = sc_b(s);
	if (sort == SORT_NAME || sort == SORT_CODE)
		return sc_text_order(s, ui, sort == SORT_NAME);
	if (sort == SORT_CHANGE && !b->changes && db_scoring_change(ui_db(ui), b))
		ui_db_error(ui, _("Could not read the periods before"));
	if (sort == SORT_REBATE && !b->rebates && db_scoring_rebates(ui_db(ui), b))
		ui_db_error(ui, _("Could not estimate the rebates"));
	if (sort == SORT_FLAGS && db_scoring_flags(ui_db(ui), b, NULL, -1))
		ui_db_error(ui, _("Could not read the distributors"));
	return NULL;
}

static void sc_name_exports(struct sc *s);

/* The rows in the order of sort, reversed with desc: every row (all), or
 * those the filters and the search let through, into order (*n of them,
 * *ranked of those with a rank); pos is scratch, a place a row. The filter
 * and the keys are worked out row by row in the board's own order
 * (100,000 rows read once, in memory order), then gathered in rank order. */
static void sc_order_rows(struct sc *s, struct ui *ui, enum sc_sort sort, bool desc, bool all,
			  int *order, int *pos, int *n, int *ranked)
{
	struct score_board *b = sc_b(s);
	const int *text = sc_prepare_sort(s, ui, sort);
	bool keyed = sort != SORT_RANK || desc;
	int64_t *row_key = keyed ? xmalloc((size_t)b->n * sizeof *row_key + 1) : NULL;
	/* The rows are read in their own order, once: in rank order they
	 * are 100,000 jumps through tens of megabytes. */
	*ranked = 0;
	for (int i = 0; i < b->n; i++) {
		bool in = all || sc_passes(s, &b->rows[i]);
		pos[i] = in ? 0 : -1; /* 0: let through, placed below */
		*ranked += in && b->rows[i].rank > 0;
		if (in && keyed) {
			/* Reversed, the rows with nothing to sort by (not
			 * scored, no change) still come last. */
			int64_t v = sc_sort_key(s, sort, i, text);
			row_key[i] = !desc || v >= SC_KEY_LAST - 1 ? v : -v;
		}
	}
	*n = 0;
	for (int k = 0; k < b->n; k++) {
		int i = s->by_rank[k];
		if (pos[i] == 0)
			order[(*n)++] = i;
	}
	if (keyed) {
		int64_t *key = xmalloc((size_t)*n * sizeof *key + 1);
		for (int k = 0; k < *n; k++)
			key[k] = row_key[order[k]];
		sc_radix(order, key, *n);
		free(key);
	}
	free(row_key);
}

/* The rows to show, in order: filtered, searched, sorted. With neither
 * filter nor search, in a sort's own direction, the order the pauses made
 * ready (sc_idle) is copied: a sort after a pause reads tens of megabytes
 * no longer in the processor's caches (20 to 30 ms on the large demo). */
static void sc_arrange(struct sc *s, struct ui *ui)
{
	struct score_board *b = sc_b(s);
	const int *ready = !s->desc && !s->found && !sc_filtering(&s->filter)
				   ? s->board->orders[s->sort]
				   : NULL;
	if (ready) {
		memcpy(s->order, ready, (size_t)b->n * sizeof *s->order);
		s->norder = b->n;
		s->nranked = b->scored;
	} else {
		sc_order_rows(s, ui, s->sort, s->desc, false, s->order, s->pos, &s->norder,
			      &s->nranked);
	}
	for (int k = 0; k < s->norder; k++)
		s->pos[s->order[k]] = k;
	sc_name_exports(s);
}

/* A new board: its rank order and the arrays of places. */
static void sc_adopt(struct sc *s, struct sc_board *board)
{
	sc_board_drop(s->board);
	s->board = board;
	struct score_board *b = sc_b(s);
	free(s->order);
	free(s->pos);
	free(s->by_rank);
	s->order = xcalloc((size_t)b->n + 1, sizeof *s->order);
	s->pos = xcalloc((size_t)b->n + 1, sizeof *s->pos);
	s->by_rank = xcalloc((size_t)b->n + 1, sizeof *s->by_rank);
	/* Rows come in id order: the ranked, then the gone (scored, not
	 * ranked) best first, then the unscored, as the report lists them.
	 * The keys are at most n + 1002: counted, not sorted (a stable
	 * counting sort, ties in id order). */
	int top = b->n + 1002;
	int *key = xmalloc((size_t)b->n * sizeof *key + 1);
	int *count = xcalloc((size_t)top + 2, sizeof *count);
	for (int i = 0; i < b->n; i++) {
		const struct score_row *x = &b->rows[i];
		int score = x->r.score < 0 ? 0 : x->r.score > 1000 ? 1000 : x->r.score;
		key[i] = x->rank > 0 && x->rank <= b->n ? x->rank
			 : x->r.scored			? b->n + 1 + (1000 - score)
							: top;
		count[key[i] + 1]++;
	}
	for (int v = 0; v <= top; v++)
		count[v + 1] += count[v];
	for (int i = 0; i < b->n; i++)
		s->by_rank[count[key[i]]++] = i;
	free(count);
	free(key);
}

/* ---- rows for the table ---- */

/* Names, sparklines and rebates of the rows about to be shown. */
static void sc_complete(struct sc *s, struct ui *ui, const int *rows, int n)
{
	struct score_board *b = sc_b(s);
	if (n <= 0 || !b->data)
		return;
	qd_db *db = ui_db(ui);
	if (db_scoring_names(db, b, rows, n) || db_scoring_flags(db, b, rows, n) ||
	    db_scoring_history_of(db, b, rows, n) || db_scoring_rebates_of(db, b, rows, n))
		ui_db_error(ui, _("Could not read the scorecards"));
}

static int sc_fetch(void *ctx, struct ui *ui, const void *after, bool backward, void *out, int max)
{
	struct sc *s = ctx;
	int from, to;
	if (!after) {
		from = backward ? (s->norder > max ? s->norder - max : 0) : 0;
		to = backward ? s->norder : (s->norder < max ? s->norder : max);
	} else {
		int at = s->pos[((const struct sc_item *)after)->index];
		if (at < 0)
			return 0;
		from = backward ? (at > max ? at - max : 0) : at + 1;
		to = backward ? at : (s->norder - from > max ? from + max : s->norder);
	}
	if (to <= from)
		return 0;
	struct sc_item *items = out;
	for (int k = from; k < to; k++) {
		int i = s->order[k];
		items[k - from] = (struct sc_item){ sc_b(s)->rows[i].id, i };
	}
	sc_complete(s, ui, &s->order[from], to - from);
	return to - from;
}

/* A ranking row's place in the order shown (the table's "12 of 300"). */
static int64_t sc_index(void *ctx, const void *row)
{
	const struct sc *s = ctx;
	int i = ((const struct sc_item *)row)->index;
	return i >= 0 && i < sc_b((struct sc *)ctx)->n ? s->pos[i] : -1;
}

static int sc_find(void *ctx, struct ui *ui, int64_t id, void *out)
{
	struct sc *s = ctx;
	int i = score_board_find(sc_b(s), id);
	if (i < 0 || s->pos[i] < 0)
		return 0;
	*(struct sc_item *)out = (struct sc_item){ id, i };
	sc_complete(s, ui, &i, 1);
	return 1;
}

static int64_t sc_id(const void *row)
{
	return ((const struct sc_item *)row)->id;
}

static int64_t sc_count(void *ctx, struct ui *ui, bool *exact)
{
	(void)ui;
	*exact = true;
	return ((struct sc *)ctx)->norder;
}

static void sc_points(int tenths, char *buf, size_t size)
{
	score_format(tenths, buf, size);
}

static void sc_flags(int flags, char *buf, size_t size)
{
	buf[0] = '\0';
	size_t used = 0;
	for (int k = 0; k < SCORE_FLAG_COUNT; k++)
		if (flags & (1 << k))
			used += (size_t)snprintf(buf + used, size - used, "%s",
						 score_flag_mark(1 << k));
}

/* The change as "▲3.2", "▼0.5", "=". */
static void sc_change(int change, char *buf, size_t size, enum ui_color *color)
{
	char pts[16];
	if (change == SCORE_CHANGE_NA) {
		snprintf(buf, size, "%s", "");
	} else if (change == 0) {
		snprintf(buf, size, "%s", "=");
	} else {
		score_format(change < 0 ? -change : change, pts, sizeof pts);
		snprintf(buf, size, "%s%s", change > 0 ? "▲" : "▼", pts);
		*color = change > 0 ? UI_GOOD : UI_ERROR;
	}
}

static void sc_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
		    enum ui_color *color, attr_t *attr)
{
	struct sc *s = ctx;
	(void)ui;
	const struct score_row *x = &sc_b(s)->rows[((const struct sc_item *)row)->index];
	char money[MONEY_BUF];
	switch (col) {
	case COL_RANK:
		/* Terminated: scored, not ranked (the flags say T). */
		if (x->rank > 0)
			snprintf(buf, size, "%d", x->rank);
		else if (x->gone && x->r.scored)
			snprintf(buf, size, "%s", "-");
		break;
	case COL_GRADE:
		if (x->r.scored)
			snprintf(buf, size, "%c", x->r.grade);
		*color = sc_grade_color(x->r.grade);
		*attr |= A_BOLD;
		break;
	case COL_SCORE:
		/* Not scored: why, over the empty rank and grade (sc_overflow). */
		if (x->r.scored) {
			sc_points(x->r.score, buf, size);
			*attr |= A_BOLD;
		} else {
			text_copy(buf, size, _(score_unscored_label(&x->r)));
			*color = UI_DIM;
		}
		break;
	case COL_CHANGE:
		sc_change(x->history ? x->change : SCORE_CHANGE_NA, buf, size, color);
		break;
	case COL_TREND:
		if (x->history)
			sc_sparkline(x->spark, buf, size);
		break;
	case COL_CODE:
		text_copy(buf, size, x->code);
		break;
	case COL_NAME:
		text_copy(buf, size, x->name);
		break;
	case COL_FLAGS:
		sc_flags(x->flags, buf, size);
		*color = UI_ERROR;
		break;
	case COL_REBATE:
		/* None earned is ¥0.00, dim (a blank looked like a rebate not
		 * estimated; the explanation and the export say ¥0.00). */
		/* To the fen where the column has room for it (up to
		 * ¥99,999.99 in its ten cells, more where the terminal is
		 * wide), compact past that (a column of ¥581, ¥7164 and ¥1.3万
		 * dropped the fen it had room for). */
		if (x->rebate_known) {
			money_format(x->rebate_fen, money);
			int room = table_room(&s->table);
			if (room > 0 && text_width(money) > room)
				money_format_compact(x->rebate_fen, i18n_lang(), money);
			text_copy(buf, size, money);
		}
		if (x->rebate_known && !x->rebate_fen)
			*color = UI_DIM;
		break;
	default: {
		int part = col - COL_PART;
		/* Not measured: a dash, narrower than any word for n/a. */
		if (x->r.sub[part] == SCORE_NA)
			text_copy(buf, size, "-");
		else
			sc_points(x->r.sub[part], buf, size);
		if (x->r.sub[part] == SCORE_NA)
			*color = UI_DIM;
		else if (x->r.below[part])
			*color = UI_ERROR;
		break;
	}
	}
}

/* A cell for a file: the change as a signed number, the six periods'
 * scores, the rebate in plain yuan; the rest as drawn. */
static void sc_export_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			   size_t size)
{
	struct sc *s = ctx;
	const struct score_row *x = &sc_b(s)->rows[((const struct sc_item *)row)->index];
	char pts[16], money[MONEY_BUF];
	enum ui_color color = UI_NORMAL;
	attr_t attr = 0;
	buf[0] = '\0';
	switch (col) {
	case COL_CHANGE:
		if (x->history && x->change != SCORE_CHANGE_NA) {
			score_format(x->change < 0 ? -x->change : x->change, pts, sizeof pts);
			snprintf(buf, size, "%s%s", x->change < 0 ? "-" : "", pts);
		}
		break;
	case COL_TREND:
		/* A column each, oldest first; empty when not scored then. */
		for (int k = 0, used = 0; k < SCORE_HISTORY; k++) {
			pts[0] = '\0';
			if (x->history && x->spark[k] != SCORE_NA)
				score_format(x->spark[k], pts, sizeof pts);
			used += snprintf(buf + used, size - (size_t)used, "%s" TABLE_PART_END, pts);
		}
		break;
	case COL_REBATE:
		if (x->rebate_known)
			text_copy(buf, size, money_format_plain(x->rebate_fen, money));
		break;
	case COL_RANK:
		/* Not ranked: an empty cell, not the dash drawn. */
		if (x->rank > 0)
			snprintf(buf, size, "%d", x->rank);
		break;
	case COL_SCORE: {
		/* Not scored: an empty cell (null in JSON). Beside it why
		 * there is no rank, in words (a key in JSON), as the report's
		 * not_ranked column. */
		char score[32] = "";
		if (x->r.scored)
			sc_cell(ctx, ui, row, col, score, sizeof score, &color, &attr);
		const char *why = x->rank > 0 ? ""
				  : s->table.export_json
					  ? score_not_ranked_key(&x->r, x->rank)
					  : _(score_not_ranked_label(&x->r, x->rank));
		snprintf(buf, size, "%s" TABLE_PART_END "%s" TABLE_PART_END, score, why);
		break;
	}
	case COL_FLAGS:
		/* In words, as the distributor list's export has them, not
		 * the screen's one-character marks; in JSON as keys
		 * ("payment_overdue; agreement_expiring"), in any language. */
		for (int k = 0; k < SCORE_FLAG_COUNT; k++)
			if (x->flags & (1 << k)) {
				/* (Cut at size, never written past it.) */
				size_t used = strlen(buf);
				bool json = s->table.export_json;
				snprintf(buf + used, size - used, "%s%s",
					 !used	? ""
					 : json ? "; "
						: _("; "),
					 json ? score_flag_key(1 << k)
					      : _(score_flag_label(1 << k)));
			}
		break;
	case COL_GRADE:
	case COL_CODE:
	case COL_NAME:
		sc_cell(ctx, ui, row, col, buf, size, &color, &attr);
		break;
	default:
		/* A part not measured is an empty cell, not a dash. */
		if (x->r.sub[col - COL_PART] != SCORE_NA)
			sc_cell(ctx, ui, row, col, buf, size, &color, &attr);
		break;
	}
}

/* A row not scored has no rank or grade: the score's cell says why over
 * them. */
static int sc_overflow(void *ctx, const void *row, int col)
{
	struct sc *s = ctx;
	const struct score_row *x = &sc_b(s)->rows[((const struct sc_item *)row)->index];
	return col == COL_SCORE && !x->r.scored ? COL_SCORE - COL_RANK : 0;
}

static void sc_arrange(struct sc *s, struct ui *ui);
static void sc_research(struct sc *s, struct ui *ui);

/* The table reads the rows again right after these: they are put in their
 * new order here. */
static void sc_set_sort(void *ctx, int sort, bool desc)
{
	struct sc *s = ctx;
	s->sort = (enum sc_sort)sort;
	s->desc = desc;
	s->view = VIEW_RANKING;
	sc_arrange(s, s->ui);
}

static void sc_set_search(void *ctx, const char *text)
{
	struct sc *s = ctx;
	text_copy(s->search, sizeof s->search, text);
	sc_research(s, s->ui);
}

/* The trend, a column a period in a file, oldest first. */
static const char *const sc_trend_parts[] = {
	/* TRANSLATORS: headers of an exported file: a distributor's score in
	 * each of the six periods its sparkline draws. */
	N_("Score 5 periods before"),
	N_("Score 4 periods before"),
	N_("Score 3 periods before"),
	N_("Score 2 periods before"),
	N_("Score the period before"),
	N_("Score this period"),
	NULL
};
static const char *const sc_trend_part_keys[] = { "score_5_before",
						  "score_4_before",
						  "score_3_before",
						  "score_2_before",
						  "score_1_before",
						  "score_now",
						  NULL };
_Static_assert(sizeof sc_trend_part_keys / sizeof *sc_trend_part_keys == SCORE_HISTORY + 1,
	       "a header for each period of the trend");
/* The score, and beside it why a row has no rank, in words (the screen
 * writes them over the rank; a file had a grade without a rank, and rows
 * without anything, and did not say why), as the report does. */
static const char *const sc_score_parts[] = { N_("Score"), N_("Why not ranked"), NULL };
static const char *const sc_score_part_keys[] = { "score", "not_ranked", NULL };
static const bool sc_score_part_text[] = { false, true };
static const char *const *const sc_export_parts[COL_COUNT] = {
	[COL_TREND] = sc_trend_parts, [COL_SCORE] = sc_score_parts
};
static const char *const *const sc_export_part_keys[COL_COUNT] = {
	[COL_TREND] = sc_trend_part_keys, [COL_SCORE] = sc_score_part_keys
};
static const bool *const sc_export_part_text[COL_COUNT] = { [COL_SCORE] = sc_score_part_text };

/* An export reads every row: the names, flags, sparklines and rebates of
 * all at once, where the rows shown get theirs a chunk at a time (the
 * large demo's 90,673 rows took 4.6 s that way, the form frozen). */
static void sc_export_begin(void *ctx, struct ui *ui)
{
	struct sc *s = ctx;
	struct score_board *b = sc_b(s);
	if (!b->data || s->norder < SC_EXPORT_AT_ONCE)
		return;
	qd_db *db = ui_db(ui);
	if (db_scoring_names(db, b, NULL, -1) || db_scoring_flags(db, b, NULL, -1) ||
	    db_scoring_history(db, b) || db_scoring_rebates(db, b))
		ui_db_error(ui, _("Could not read the scorecards"));
}

static const struct table_source sc_source = {
	.row_size = sizeof(struct sc_item),
	.fetch = sc_fetch,
	.id = sc_id,
	.find = sc_find,
	.count = sc_count,
	.cell = sc_cell,
	.export_cell = sc_export_cell,
	.export_keys = sc_export_keys,
	.export_titles = sc_export_titles,
	.export_parts = sc_export_parts,
	.export_part_keys = sc_export_part_keys,
	.export_part_text = sc_export_part_text,
	.overflow = sc_overflow,
	.sort = sc_set_sort,
	.search = sc_set_search,
	.index = sc_index,
	.export_begin = sc_export_begin,
};

/* The search's ids; then the rows again. */
static void sc_research(struct sc *s, struct ui *ui)
{
	free(s->found);
	s->found = NULL;
	s->nfound = 0;
	if (s->search[0]) {
		int n = db_dist_search_ids(ui_db(ui), s->search, &s->found);
		/* Spaces alone are no search, as in the list (they found
		 * nothing). */
		if (n == DIST_SEARCH_NONE) {
			s->search[0] = '\0';
			sc_arrange(s, ui);
			return;
		}
		if (n < 0) {
			ui_db_error(ui, _("Could not search the distributors"));
			n = 0;
		}
		s->nfound = n;
		if (!s->found)
			s->found = xcalloc(1, sizeof *s->found);
	}
	sc_arrange(s, ui);
}

/* ---- groups ---- */

static const char *const sc_grouping_names[GROUPINGS] = {
	[GROUP_NONE] = "",
	/* TRANSLATORS: "Grouped by region" and so on. */
	[GROUP_REGION] = N_("Grouped by region"),
	[GROUP_TERRITORY] = N_("Grouped by territory"),
	[GROUP_REP] = N_("Grouped by rep"),
};

static const struct table_col sc_group_cols[GC_COLS] = {
	/* TRANSLATORS: column headers of the scorecards' groups. */
	[GC_NAME] = { N_("Group"), 12, 32, 0, false, -1 },
	[GC_COUNT] = { N_("Count"), 6, 0, 2, true, -1 },
	[GC_AVERAGE] = { N_("Average"), 7, 0, 0, true, -1 },
	/* TRANSLATORS: how many distributors have each grade, as a bar, then
	 * the counts where there is room. */
	[GC_GRADES] = { N_("A B C D"), 22, 34, 1, false, -1 },
	[GC_WORST] = { N_("Worst three"), 0, 12, 3, false, -1 },
};

/* The group a row belongs to, and its label. */
static int64_t sc_group_key(const struct sc *s, const struct score_row *x)
{
	const struct score_board *b = &s->board->b;
	switch (s->grouping) {
	case GROUP_REGION:
		return x->region_id;
	case GROUP_REP:
		return x->rep_id;
	default: {
		/* The province (the top of the tree) it is in. */
		int64_t t = x->territory_id;
		for (int depth = 0; t && depth < 16; depth++) {
			const struct score_ref *r = score_board_territory(b, t);
			if (!r || !r->parent_id)
				break;
			t = r->parent_id;
		}
		return t;
	}
	}
}

static void sc_group_label(const struct sc *s, int64_t key, char *buf, size_t size)
{
	const struct score_board *b = &s->board->b;
	const struct score_ref *r = s->grouping == GROUP_REGION ? score_board_region(b, key)
				    : s->grouping == GROUP_REP	? score_board_rep(b, key)
								: score_board_territory(b, key);
	if (r)
		snprintf(buf, size, "%s (%s)", r->name, r->code);
	else
		/* TRANSLATORS: distributors with no region, territory or rep. */
		snprintf(buf, size, "%s", _("(none)"));
}

static int sc_group_cmp(const void *a, const void *b)
{
	const struct sc_group_row *x = a, *y = b;
	if (x->average != y->average)
		return y->average - x->average;
	return strcmp(x->label, y->label);
}

/* "A3 B10 C5 D2" as a bar of ten letters, each grade its share. */
static void sc_grade_bar(const int grades[4], char *buf, size_t size)
{
	int cells[4];
	score_grade_cells(grades, 10, cells);
	size_t n = 0;
	for (int g = 0; g < 4 && n + 1 < size; g++)
		for (int c = 0; c < cells[g] && n + 1 < size; c++)
			buf[n++] = (char)('A' + g);
	buf[n] = '\0';
	/* Then how many: cut first when the column is narrow. */
	snprintf(buf + n, size - n, " %d/%d/%d/%d", grades[0], grades[1], grades[2], grades[3]);
}

/* The groups of the rows shown, best average first. */
static void sc_make_groups(struct sc *s, struct ui *ui)
{
	struct score_board *b = sc_b(s);
	/* The group selected stays selected, wherever its average puts it now
	 * (another period, a group opened and left). */
	const struct sc_group_row *was = s->ngroups ? table_selected(&s->group_table) : NULL;
	int64_t was_key = was ? was->key : 0;
	free(s->groups);
	s->groups = NULL;
	s->ngroups = 0;
	int cap = 0;
	int64_t *sums = NULL;
	int *unranked = NULL, nunranked = 0;
	for (int k = 0; k < s->norder; k++) {
		const struct score_row *x = &b->rows[s->order[k]];
		/* The ranked: the terminated are no longer the group's. The
		 * others are listed when it is opened, and it says so. */
		if (!x->r.scored || x->gone) {
			if (!unranked)
				unranked = xmalloc((size_t)s->norder * sizeof *unranked);
			unranked[nunranked++] = s->order[k];
			continue;
		}
		int64_t key = sc_group_key(s, x);
		int g = 0;
		while (g < s->ngroups && s->groups[g].key != key)
			g++;
		if (g == s->ngroups) {
			if (s->ngroups == cap) {
				cap = cap ? cap * 2 : 16;
				s->groups = xrealloc(s->groups, (size_t)cap * sizeof *s->groups);
				sums = xrealloc(sums, (size_t)cap * sizeof *sums);
			}
			memset(&s->groups[g], 0, sizeof s->groups[g]);
			s->groups[g].key = key;
			sums[g] = 0;
			sc_group_label(s, key, s->groups[g].label, sizeof s->groups[g].label);
			s->ngroups++;
		}
		struct sc_group_row *gr = &s->groups[g];
		gr->count++;
		sums[g] += x->r.score;
		gr->grades[x->r.grade - 'A']++;
		/* The three worst so far, worst first. */
		int i = s->order[k], at = gr->nworst;
		while (at > 0 && b->rows[gr->worst[at - 1]].r.score > x->r.score)
			at--;
		if (at < 3) {
			for (int j = (gr->nworst < 3 ? gr->nworst : 2); j > at; j--)
				gr->worst[j] = gr->worst[j - 1];
			gr->worst[at] = i;
			if (gr->nworst < 3)
				gr->nworst++;
		}
	}
	/* The grades column as wide as its bar and the widest counts (the
	 * D count of a large region was cut: "381/16820/12317/62…"); the
	 * worst three, shown whole under the table, give way. */
	int grades_cells = sc_group_cols[GC_GRADES].cells;
	for (int g = 0; g < s->ngroups; g++) {
		s->groups[g].average =
			(int)((sums[g] + s->groups[g].count / 2) / s->groups[g].count);
		char bar[64];
		sc_grade_bar(s->groups[g].grades, bar, sizeof bar);
		int w = (int)strlen(bar);
		if (w > grades_cells)
			grades_cells = w;
	}
	s->group_cols[GC_GRADES].cells = grades_cells;
	free(sums);
	for (int k = 0; k < nunranked; k++) {
		int64_t key = sc_group_key(s, &b->rows[unranked[k]]);
		for (int g = 0; g < s->ngroups; g++)
			if (s->groups[g].key == key) {
				s->groups[g].unranked++;
				break;
			}
	}
	free(unranked);
	if (s->ngroups > 1)
		qsort(s->groups, (size_t)s->ngroups, sizeof *s->groups, sc_group_cmp);
	int *worst = xcalloc((size_t)s->ngroups * 3 + 1, sizeof *worst);
	int nworst = 0;
	for (int g = 0; g < s->ngroups; g++) {
		s->groups[g].id = g + 1;
		for (int j = 0; j < s->groups[g].nworst; j++)
			worst[nworst++] = s->groups[g].worst[j];
	}
	if (db_scoring_names(ui_db(ui), b, worst, nworst))
		ui_db_error(ui, _("Could not read the distributors"));
	free(worst);
	s->group_mem = (struct table_mem){ s->groups, s->ngroups, sizeof *s->groups };
	table_resize(&s->group_table, s->ngroups);
	table_reload(&s->group_table, ui);
	for (int g = 0; was && g < s->ngroups; g++)
		if (s->groups[g].key == was_key) {
			table_show(&s->group_table, ui, s->groups[g].id);
			break;
		}
	sc_name_exports(s); /* (by the grouping) */
}

/* A group's worst three: "name score · name score · name score", each
 * name cut to name_cells (0: whole). */
static void sc_worst_text(struct sc *s, const struct sc_group_row *g, int name_cells, char *buf,
			  size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int j = 0; j < g->nworst && used < size; j++) {
		const struct score_row *x = &sc_b(s)->rows[g->worst[j]];
		char score[16];
		score_format(x->r.score, score, sizeof score);
		const char *name = x->name[0] ? x->name : x->code;
		char *cut = name_cells > 0 ? text_fit(name, name_cells) : NULL;
		used += (size_t)snprintf(buf + used, size - used, "%s%s %s", j ? " · " : "",
					 cut ? cut : name, score);
		free(cut);
	}
}

static void sc_group_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			  size_t size, enum ui_color *color, attr_t *attr)
{
	struct sc *s = ((struct sc *)((char *)ctx - offsetof(struct sc, group_mem)));
	(void)ui;
	(void)attr;
	const struct sc_group_row *g = row;
	char avg[16];
	switch (col) {
	case GC_NAME:
		text_copy(buf, size, g->label);
		break;
	case GC_COUNT:
		snprintf(buf, size, "%d", g->count);
		break;
	case GC_AVERAGE:
		score_format(g->average, avg, sizeof avg);
		snprintf(buf, size, "%s", avg);
		*color = sc_grade_color(score_grade(&sc_b(s)->settings, g->average));
		break;
	case GC_GRADES:
		sc_grade_bar(g->grades, buf, size);
		break;
	case GC_WORST:
		sc_worst_text(s, g, 0, buf, size);
		break;
	default:
		break;
	}
}

/* A group as a file wants it: the grades as their counts, not the bar. */
static void sc_group_export_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
				 size_t size)
{
	const struct sc_group_row *g = row;
	enum ui_color color = UI_NORMAL;
	attr_t attr = 0;
	if (col == GC_GRADES)
		snprintf(buf, size,
			 "%d" TABLE_PART_END "%d" TABLE_PART_END "%d" TABLE_PART_END
			 "%d" TABLE_PART_END,
			 g->grades[0], g->grades[1], g->grades[2], g->grades[3]);
	else
		sc_group_cell(ctx, ui, row, col, buf, size, &color, &attr);
}

static const char *const sc_group_export_keys[GC_COLS] = {
	[GC_NAME] = "group",	    [GC_COUNT] = "count",
	[GC_AVERAGE] = "average",   [GC_GRADES] = "grades_a_b_c_d",
	[GC_WORST] = "worst_three",
};

/* The grades' counts, a column each in a file. */
static const char *const sc_grade_parts[] = {
	/* TRANSLATORS: headers of an exported file: how many of a group's
	 * distributors have each grade. */
	N_("Grade A count"), N_("Grade B count"), N_("Grade C count"), N_("Grade D count"), NULL
};
static const char *const sc_grade_part_keys[] = { "grade_a_count", "grade_b_count", "grade_c_count",
						  "grade_d_count", NULL };
static const char *const *const sc_group_export_parts[GC_COLS] = { [GC_GRADES] = sc_grade_parts };
static const char *const *const sc_group_export_part_keys[GC_COLS] = { [GC_GRADES] =
									       sc_grade_part_keys };

/* Rows in memory, counted exactly. */
static const struct table_source sc_group_source = {
	.row_size = sizeof(struct sc_group_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.find = table_mem_find,
	.count = table_mem_count,
	.cell = sc_group_cell,
	.export_cell = sc_group_export_cell,
	.export_keys = sc_group_export_keys,
	.export_parts = sc_group_export_parts,
	.export_part_keys = sc_group_export_part_keys,
};

/* ---- the bottom ---- */

enum { BC_RANK, BC_GRADE, BC_SCORE, BC_CODE, BC_NAME, BC_REASONS, BC_COLS };
static const struct table_col sc_bottom_cols[BC_COLS] = {
	[BC_RANK] = { N_("#"), 4, 0, 0, true, -1 },
	[BC_GRADE] = { N_("Gr"), 2, 0, 2, false, -1 },
	[BC_SCORE] = { N_("Score"), 5, 0, 0, true, -1 },
	[BC_CODE] = { N_("Code"), 8, 0, 3, false, -1 },
	[BC_NAME] = { N_("Name"), 0, 10, 1, false, -1 },
	/* TRANSLATORS: the parts of the score that pulled it down. */
	[BC_REASONS] = { N_("Why"), 0, 16, 0, false, -1 },
};

static void sc_make_bottom(struct sc *s, struct ui *ui)
{
	struct score_board *b = sc_b(s);
	int n = b->settings.bottom_n;
	free(s->bottom);
	s->bottom = xcalloc((size_t)b->n + 1, sizeof *s->bottom);
	s->nbottom = 0;
	/* The scored rows shown, lowest first: the rank order read from its
	 * end; score_bottom_count says how many of them the list takes. */
	int *rows = xcalloc((size_t)b->n + 1, sizeof *rows);
	int *scores = xcalloc((size_t)b->n + 1, sizeof *scores);
	int shown = 0;
	for (int k = b->n - 1; k >= 0; k--) {
		int i = s->by_rank[k];
		if (s->pos[i] < 0 || !b->rows[i].r.scored || b->rows[i].gone)
			continue;
		scores[shown] = b->rows[i].r.score;
		rows[shown++] = i;
	}
	s->nbottom = score_bottom_count(scores, shown, n);
	free(scores);
	for (int k = 0; k < s->nbottom; k++)
		s->bottom[k] = (struct sc_bottom_row){ k + 1, rows[k] };
	if (db_scoring_names(ui_db(ui), b, rows, s->nbottom))
		ui_db_error(ui, _("Could not read the distributors"));
	free(rows);
	s->bottom_mem = (struct table_mem){ s->bottom, s->nbottom, sizeof *s->bottom };
	table_resize(&s->bottom_table, s->nbottom);
	table_reload(&s->bottom_table, ui);
}

/* The parts that pulled a score down, at most max, most first: "Sales
 * 35.0 (−19.5) · Visit …". */
static void sc_reasons_text(const struct score_row *x, int max, char *buf, size_t size)
{
	int parts[SCORE_PARTS];
	int n = score_reasons(&x->r, parts, max < SCORE_PARTS ? max : SCORE_PARTS);
	size_t used = 0;
	buf[0] = '\0';
	for (int k = 0; k < n && used < size; k++) {
		char sub[16], lost[16];
		score_format(x->r.sub[parts[k]], sub, sizeof sub);
		score_format(score_lost(&x->r, parts[k]), lost, sizeof lost);
		/* TRANSLATORS: a part that pulled a score down: its name, its
		 * sub-score and the points it cost: "Sales 35.0 (−19.5)". */
		used += (size_t)snprintf(buf + used, size - used, _("%s%s %s (−%s)"),
					 k ? " · " : "", _(score_part_short(parts[k])), sub, lost);
	}
}

static void sc_bottom_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			   size_t size, enum ui_color *color, attr_t *attr)
{
	struct sc *s = ((struct sc *)((char *)ctx - offsetof(struct sc, bottom_mem)));
	(void)ui;
	const struct score_row *x = &sc_b(s)->rows[((const struct sc_bottom_row *)row)->index];
	switch (col) {
	case BC_RANK:
		snprintf(buf, size, "%d", x->rank);
		break;
	case BC_GRADE:
		snprintf(buf, size, "%c", x->r.grade);
		*color = sc_grade_color(x->r.grade);
		*attr |= A_BOLD;
		break;
	case BC_SCORE:
		score_format(x->r.score, buf, size);
		break;
	case BC_CODE:
		text_copy(buf, size, x->code);
		break;
	case BC_NAME:
		text_copy(buf, size, x->name);
		break;
	case BC_REASONS:
		sc_reasons_text(x, 3, buf, size);
		break;
	default:
		break;
	}
}

/* The bottom list as a file: what each part cost, a column and a number
 * each (0 for none), where the row has three in words. */
static void sc_bottom_export_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
				  size_t size)
{
	const struct sc_bottom_row *r = row;
	struct sc *s = (struct sc *)((char *)ctx - offsetof(struct sc, bottom_mem));
	const struct score_row *x = &sc_b(s)->rows[r->index];
	if (col != BC_REASONS) {
		enum ui_color color = UI_NORMAL;
		attr_t attr = 0;
		sc_bottom_cell(ctx, ui, row, col, buf, size, &color, &attr);
		return;
	}
	size_t used = 0;
	buf[0] = '\0';
	for (int p = 0; p < SCORE_PARTS && used < size; p++) {
		/* A cost with its minus, as the explanation's export and the
		 * screen ("−30.0") write it. */
		char lost[16];
		int tenths = score_lost(&x->r, p);
		score_format(tenths, lost, sizeof lost);
		/* A part not measured costs nothing: empty, as the explanation
		 * leaves it (not 0.0). */
		used += (size_t)snprintf(buf + used, size - used, "%s%s" TABLE_PART_END,
					 tenths > 0 ? "-" : "",
					 x->r.sub[p] == SCORE_NA ? "" : lost);
	}
}

static const char *const sc_bottom_export_titles[BC_COLS] = {
	[BC_RANK] = N_("Rank"),
	[BC_GRADE] = N_("Grade"),
};

static const char *const sc_bottom_export_keys[BC_COLS] = {
	[BC_RANK] = "rank", [BC_GRADE] = "grade", [BC_SCORE] = "score",
	[BC_CODE] = "code", [BC_NAME] = "name",	  [BC_REASONS] = "cost",
};
/* TRANSLATORS: headers of the bottom list exported: the points each part
 * cost a distributor's score. */
static const char *const sc_cost_parts[] = {
	N_("Cost: sales"),     N_("Cost: collection"), N_("Cost: price"),
	N_("Cost: territory"), N_("Cost: visits"),     N_("Cost: inventory"),
	N_("Cost: service"),   N_("Cost: training"),   NULL
};
static const char *const sc_cost_keys[] = { "cost_sales",     "cost_collection", "cost_price",
					    "cost_territory", "cost_visits",	 "cost_inventory",
					    "cost_service",   "cost_training",	 NULL };
_Static_assert(sizeof sc_cost_keys / sizeof *sc_cost_keys == SCORE_PARTS + 1,
	       "a header for each part's cost");
static const char *const *const sc_bottom_export_parts[BC_COLS] = { [BC_REASONS] = sc_cost_parts };
static const char *const *const sc_bottom_export_part_keys[BC_COLS] = { [BC_REASONS] =
										sc_cost_keys };

static const struct table_source sc_bottom_source = {
	.row_size = sizeof(struct sc_bottom_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.count = table_mem_count,
	.cell = sc_bottom_cell,
	.export_cell = sc_bottom_export_cell,
	.export_keys = sc_bottom_export_keys,
	.export_titles = sc_bottom_export_titles,
	.export_parts = sc_bottom_export_parts,
	.export_part_keys = sc_bottom_export_part_keys,
};

/* ---- the screen ---- */

/* The groups or the bottom list shown, made again (the rows shown changed). */
static void sc_remake_view(struct sc *s, struct ui *ui)
{
	if (s->view == VIEW_GROUPS)
		sc_make_groups(s, ui);
	else if (s->view == VIEW_BOTTOM)
		sc_make_bottom(s, ui);
}

/* Whether c goes into a file name as it is: letters and digits, "-", and
 * the bytes of characters past ASCII (华南, 广州). */
/* The tables' file names: the period, then what the filter and the search
 * keep (a region's, territory's or rep's code; a short search of letters,
 * digits or Chinese; "filtered" for anything else), so that a group's
 * export is not named as the whole ranking's. */
static void sc_name_exports(struct sc *s)
{
	static const char *const base[3] = { "scorecards", "scorecards-groups", "scorecards-bottom" };
	struct table *t[3] = { &s->table, &s->group_table, &s->bottom_table };
	char label[PERIOD_BUF], scope[140] = "";
	period_format(s->period, label);
	const struct sc_filter *f = &s->filter;
	const struct score_board *b = s->board ? &s->board->b : NULL;
	const struct score_ref *refs[3] = {
		b && f->region_id ? score_board_region(b, f->region_id) : NULL,
		b && f->territory_id ? score_board_territory(b, f->territory_id) : NULL,
		b && f->rep_id ? score_board_rep(b, f->rep_id) : NULL,
	};
	size_t used = 0;
	for (int k = 0; k < 3; k++)
		if (refs[k])
			used = table_name_part(scope, used, sizeof scope, refs[k]->code);
	bool plain = table_name_search(scope, &used, sizeof scope, s->search);
	if (f->tier_mask || f->grade_mask || f->status_mask || !plain)
		table_name_part(scope, used, sizeof scope, "filtered");
	/* The groups' file says by what they group: each grouping its own. */
	static const char *const by[GROUPINGS] = { [GROUP_NONE] = "",
						   [GROUP_REGION] = "-region",
						   [GROUP_TERRITORY] = "-territory",
						   [GROUP_REP] = "-rep" };
	for (int i = 0; i < 3; i++) {
		snprintf(s->export_names[i], sizeof s->export_names[i], "%s%s-%s%s", base[i],
			 i == 1 ? by[s->grouping] : "", label, scope);
		t[i]->export_name = s->export_names[i];
	}
}

/* The period shown is p (the tables' file names say it). */
static void sc_set_period(struct sc *s, qd_period p)
{
	s->period = p;
	sc_name_exports(s);
}

/* Whether the board kept from the period shown before is p's, of today
 * and of the data as it is. */
static bool sc_kept_is(const struct sc *s, struct ui *ui, qd_period p)
{
	const struct score_board *k = s->kept ? &s->kept->b : NULL;
	return k && k->period.kind == p.kind && k->period.y == p.y && k->period.n == p.n &&
	       date_cmp(k->today, ui_today(ui)) == 0 &&
	       s->kept->generation == db_generation(ui_db(ui));
}

/* Shows period p: the board kept from the period before when it is p's,
 * else read (keep: the same period again, its rows kept in place; the
 * data changed, so nothing is kept). The board shown until now is kept. */
static bool sc_load(struct sc *s, struct ui *ui, qd_period p, bool keep)
{
	struct sc_board *board;
	if (!keep && sc_kept_is(s, ui, p)) {
		board = s->kept;
		s->kept = NULL;
	} else {
		/* One board less in memory while the new one is read. */
		sc_board_drop(s->kept);
		s->kept = NULL;
		if (!(board = sc_board_load(ui, p)))
			return false;
	}
	if (!keep && s->board && s->board->b.data) {
		/* Kept for its scores; a year's rebates half read would hold
		 * tens of megabytes meanwhile. */
		s->kept = sc_board_hold(s->board);
		db_scoring_drop_steps(&s->kept->b);
	}
	sc_set_period(s, p);
	sc_adopt(s, board);
	sc_research(s, ui);
	if (keep)
		table_reload(&s->table, ui);
	else
		table_load(&s->table, ui);
	sc_remake_view(s, ui);
	return true;
}

static void *sc_enter(struct ui *ui, void *arg)
{
	(void)arg;
	struct sc *s = xcalloc(1, sizeof *s);
	s->ui = ui;
	for (int p = 0; p < SCORE_PARTS; p++) {
		sc_export_keys[COL_PART + p] = score_part_key(p);
		sc_export_titles[COL_PART + p] = score_part_label(p);
	}
	table_init(&s->table, sc_cols, COL_COUNT, &sc_source, s, SC_CAP);
	s->table.sort = SORT_RANK;
	/* The name is read first: a wider terminal adds parts, not cuts it. */
	s->table.flex_floor = 80;
	memcpy(s->group_cols, sc_group_cols, sizeof s->group_cols);
	table_init(&s->group_table, s->group_cols, GC_COLS, &sc_group_source, &s->group_mem, 16);
	table_init(&s->bottom_table, sc_bottom_cols, BC_COLS, &sc_bottom_source, &s->bottom_mem,
		   16);
	/* In a quarter's first days, the quarter before (score_default_period). */
	qd_period now, shown = score_default_period(ui_today(ui));
	int early = score_early_days(ui_today(ui), &now);
	sc_set_period(s, shown);
	s->ask.max_chars = 20;
	if (!sc_load(s, ui, shown, false)) {
		/* An empty board rather than no tab: the message says why. */
		struct sc_board *empty = xcalloc(1, sizeof *empty);
		empty->refs = 1;
		score_settings_default(&empty->b.settings);
		sc_set_period(s, shown);
		sc_adopt(s, empty);
		sc_arrange(s, ui);
		table_load(&s->table, ui);
	} else if (early > 0) {
		char per[PERIOD_BUF], before[PERIOD_BUF];
		/* TRANSLATORS: the quarter under way, its days over, the
		 * quarter before shown instead. */
		const char *f = ngettext(
			"%1$s has run %2$d day, too few to rank: %3$s is shown. ] shows %1$s.",
			"%1$s has run %2$d days, too few to rank: %3$s is shown. ] shows %1$s.",
			(unsigned long)early);
		ui_message(ui, f, period_format(now, per), early, period_format(shown, before));
	} else if (early == 0) {
		char per[PERIOD_BUF], before[PERIOD_BUF];
		/* TRANSLATORS: the quarter that began today, the quarter before
		 * shown instead. */
		const char *f =
			_("%1$s began today, too early to rank: %2$s is shown. ] shows %1$s.");
		ui_message(ui, f, period_format(now, per), period_format(shown, before));
	}
	return s;
}

static void sc_leave(void *state)
{
	struct sc *s = state;
	table_free(&s->table);
	table_free(&s->group_table);
	table_free(&s->bottom_table);
	field_free(&s->ask);
	sc_board_drop(s->board);
	free(s->order);
	free(s->pos);
	free(s->by_rank);
	sc_board_drop(s->kept);
	free(s->found);
	free(s->groups);
	free(s->bottom);
	free(s);
}

/* Filters set by the form are applied at once; other changes (a save, a
 * new day, another program's write) mark the board to be read again when
 * the tab is next drawn, so a hidden tab costs nothing. */
static void sc_reload(void *state, struct ui *ui)
{
	struct sc *s = state;
	if (s->filter.applied) {
		/* In the view it was set from: the groups and the bottom list
		 * are made again of the rows it keeps. */
		s->filter.applied = false;
		s->nopened = 0;
		sc_arrange(s, ui);
		table_load(&s->table, ui);
		sc_remake_view(s, ui);
		/* The form's closing is taken as this reload: a commit another
		 * program made meanwhile is noticed by the board's generation. */
		if (!s->board || s->board->generation == db_generation(ui_db(ui)))
			return;
	}
	s->stale = true;
	/* Read before the change: not to be shown again. */
	sc_board_drop(s->kept);
	s->kept = NULL;
}

/* "2026-Q4 · 57 of 92 days over · 268 distributors scored · 2 not scored ·
 * built-in settings". */
/* The ranking's title; when it takes more than cells (in English at 80
 * columns the settings' month was cut off), shorter words, then without
 * the counts of those not ranked (they are listed after the ranking), then
 * without a running period's days over, then
 * without how many are scored (the row count stands beside it) when the
 * settings are a stored version, whose month says which weights apply;
 * narrower, the period and the count, then the period. */
static void sc_summary(const struct score_board *b, const char *per, int cells, char *line,
		       size_t size)
{
	char scored[160], unscored[160] = "", gone[160] = "", settings[160];
	/* The terminated are scored too, then said apart. */
	int all = b->scored + b->gone;
	int none = b->n - b->scored - b->gone;
	if (b->gone > 0)
		snprintf(gone, sizeof gone,
			 /* TRANSLATORS: distributors terminated in the period,
			  * scored but listed after the ranking. */
			 ngettext(" · %d terminated", " · %d terminated", (unsigned long)b->gone),
			 b->gone);
	if (none > 0)
		snprintf(unscored, sizeof unscored,
			 /* TRANSLATORS: distributors listed after the ranking, with
			  * no activity in the period. */
			 ngettext(" · %d not scored", " · %d not scored", (unsigned long)none),
			 none);
	size_t len = strlen(unscored);
	snprintf(unscored + len, sizeof unscored - len, "%s", gone);
	/* A period under way says how far it has run (its sales are paced on
	 * those days). */
	char running[200];
	snprintf(running, sizeof running, "%s", per);
	int32_t first = date_to_days(b->first), last = date_to_days(b->last),
		today = date_to_days(b->today);
	if (today <= last && today >= first) {
		/* (Today not counted: its days up to yesterday.) */
		int over = score_days_n(first, last, today - 1, 0, 0), all_days = last - first + 1;
		len = strlen(running);
		snprintf(running + len, sizeof running - len,
			 /* TRANSLATORS: after the period in the scorecards'
			  * title: how many of its days are over (today not
			  * counted). */
			 ngettext(" · %d of %d day over", " · %d of %d days over",
				  (unsigned long)all_days),
			 over, all_days);
	}
	/* (The count gives way only to a stored version's month.) */
	/* A running period keeps its days over until only the counts and
	 * the settings' month are left to cut: the scores of 4 days of 90
	 * read as those of a quarter without them. */
	static const int briefs[] = { 0, 1, 2, 2, 3 };
	for (int step = 0; step < (b->settings.id ? 5 : 4); step++) {
		int brief = briefs[step];
		snprintf(scored, sizeof scored,
			 brief ?
			       /* TRANSLATORS: "264 distributors scored" in the
				* scorecards' title when space is short. */
				 ngettext("%d scored", "%d scored", (unsigned long)all)
			       : ngettext("%d distributor scored", "%d distributors scored",
					  (unsigned long)all),
			 all);
		if (b->settings.id)
			snprintf(settings, sizeof settings,
				 /* TRANSLATORS: the score settings in force, by the
				  * month they apply from ("settings 2026-10" when
				  * space is short). */
				 brief ? _("settings %s") : _("settings from %s"),
				 b->settings.from);
		else
			snprintf(settings, sizeof settings, "%s",
				 brief ? _("built-in") : _("built-in settings"));
		/* TRANSLATORS: the period, how many are scored, how many not
		 * (" · 2 not scored" or nothing), the settings. */
		if (brief == 3)
			snprintf(line, size, "%s · %s", per, settings);
		else
			snprintf(line, size, _("%s · %s%s · %s"), step < 3 ? running : per, scored,
				 brief < 2 ? unscored : "", settings);
		if (text_width(line) <= cells)
			return;
	}
	/* Narrower still (40 columns): the period and the count, then the
	 * period alone, rather than a number cut ("已评分 26…" of 264). */
	snprintf(line, size, "%s · %s", per, scored);
	if (text_width(line) > cells)
		snprintf(line, size, "%s", per);
}

/* When the column sorted by is dropped for width, the info line names the
 * sort first (the header's arrow is not there to say it). */
static void sc_note_hidden_sort(const struct sc *s, char *line, size_t size)
{
	int col = 0;
	while (col < COL_COUNT && sc_cols[col].sort != s->table.sort)
		col++;
	if (col == COL_COUNT || s->table.col_shown[col])
		return;
	char *rest = xstrdup(line);
	snprintf(line, size, _("By %s · %s"),
		 sc_order_words(s->table.sort, s->table.desc, sc_cols[col].title), rest);
	free(rest);
}

static void sc_draw_info(struct sc *s, struct ui *ui, int y, int width)
{
	struct table *t = s->view == VIEW_GROUPS   ? &s->group_table
			  : s->view == VIEW_BOTTOM ? &s->bottom_table
						   : &s->table;
	char per[PERIOD_BUF], pos[64], line[900];
	period_format(s->period, per);
	table_position(t, pos, sizeof pos);
	int pw = text_width(pos);
	ui_text(y, width - pw, pw, pos, A_NORMAL, true);
	int room = width - pw - 2;
	if (s->asking) {
		const char *label = _("Period (2026, 2026-Q3 or 2026-09):");
		int lw = text_width(label);
		/* Narrow: the short label, so what is typed shows. */
		if (room - lw - 1 < 10) {
			/* TRANSLATORS: the period prompt on a narrow terminal. */
			label = _("Period:");
			lw = text_width(label);
		}
		ui_text(y, 0, lw, label, ui_attr(UI_TITLE), false);
		field_draw(&s->ask, ui, y, lw + 1, room - lw - 1 < 16 ? room - lw - 1 : 16, true);
		return;
	}
	int x = 0;
	if (s->view == VIEW_RANKING && (s->table.searching || s->table.search.len)) {
		/* (Never over the row count: at 40 columns 24 cells were
		 * more than the room, and "第 147 条" lost its "第 1".) */
		int box = room / 3 > 24 ? room / 3 : 24;
		if (box > room)
			box = room > 0 ? room : 0;
		table_draw_search(&s->table, ui, y, 0, box);
		x = box + 1;
	}
	const struct score_board *b = &s->board->b;
	/* The groups and the bottom are of the rows the filter and the search
	 * keep: said after the period, before the rest (cut first). */
	char scope[600] = "";
	if (s->view != VIEW_RANKING && s->filter.description[0] && s->search[0])
		snprintf(scope, sizeof scope, _("Filter: %s · Search: %s"), s->filter.description,
			 s->search);
	else if (s->view != VIEW_RANKING && s->filter.description[0])
		snprintf(scope, sizeof scope, _("Filter: %s"), s->filter.description);
	else if (s->view != VIEW_RANKING && s->search[0])
		snprintf(scope, sizeof scope, _("Search: %s"), s->search);
	/* Fewer ranked than the setting asks: as many as there are. */
	int bottom = s->nbottom < b->settings.bottom_n ? s->nbottom : b->settings.bottom_n;
	bool ties = s->nbottom > b->settings.bottom_n;
	const char *grouping = _(sc_grouping_names[s->grouping]);
	if (s->view == VIEW_GROUPS && scope[0])
		snprintf(line, sizeof line, _("%s · %s · %s · Enter shows a group"), per, scope,
			 grouping);
	else if (s->view == VIEW_GROUPS)
		snprintf(line, sizeof line, _("%s · %s · Enter shows a group"), per, grouping);
	else if (s->view == VIEW_BOTTOM && bottom == 0 && scope[0])
		/* None ranked ("the bottom 0" was a list of nothing). */
		snprintf(line, sizeof line, _("%s · %s · the bottom list: none has a rank"), per,
			 scope);
	else if (s->view == VIEW_BOTTOM && bottom == 0)
		snprintf(line, sizeof line, _("%s · the bottom list: none has a rank"), per);
	else if (s->view == VIEW_BOTTOM && ties && scope[0])
		snprintf(line, sizeof line,
			 _("%s · %s · the bottom %d, %d with the ties at the cut, with what pulled "
			   "them down"),
			 per, scope, bottom, s->nbottom);
	else if (s->view == VIEW_BOTTOM && ties)
		snprintf(line, sizeof line,
			 _("%s · the bottom %d, %d with the ties at the cut, with what pulled them "
			   "down"),
			 per, bottom, s->nbottom);
	else if (s->view == VIEW_BOTTOM && scope[0])
		snprintf(line, sizeof line,
			 _("%s · %s · the bottom %d, with what pulled them down"), per, scope,
			 bottom);
	else if (s->view == VIEW_BOTTOM)
		snprintf(line, sizeof line, _("%s · the bottom %d, with what pulled them down"),
			 per, bottom);
	else if (s->filter.description[0]) {
		/* How many of the rows shown have a rank: an opened group
		 * counts its ranked, and lists the terminated and unscored
		 * too. The filter's words are cut first, not the counts (a
		 * rep's group read "38 ranked, no…"). */
		bool unranked = s->norder > s->nranked;
		const char *fmt = unranked ? _("%s · Filter: %s · %d ranked, %d not ranked")
					   : _("%s · Filter: %s · %d ranked");
		char note[300] = "";
		if (s->view == VIEW_RANKING)
			sc_note_hidden_sort(s, note, sizeof note);
		snprintf(line, sizeof line, fmt, per, "", s->nranked, s->norder - s->nranked);
		int left = room - x - text_width(line) - text_width(note);
		char *desc = text_fit(s->filter.description, left > 8 ? left : 8);
		snprintf(line, sizeof line, fmt, per, desc, s->nranked, s->norder - s->nranked);
		free(desc);
	} else {
		/* Fitted to what the note of a hidden sort leaves. */
		char note[300] = "";
		if (s->view == VIEW_RANKING)
			sc_note_hidden_sort(s, note, sizeof note);
		sc_summary(b, per, room - x - text_width(note), line, sizeof line);
	}
	if (s->view == VIEW_RANKING)
		sc_note_hidden_sort(s, line, sizeof line);
	/* What still does not fit ends with "…", not cut off mid-word. */
	char *shown = text_fit(line, room - x);
	ui_text(y, x, room - x, shown,
		s->filter.description[0] ? ui_attr(UI_WARNING) : ui_attr(UI_TITLE), false);
	free(shown);
}

/* The selected group's worst three, or the selected distributor's reasons,
 * whole, into line ("" for none); names cut when the worst three would take
 * more than room cells. */
static void sc_whole_text(struct sc *s, int room, char *line, size_t size)
{
	char what[3 * 4 * 208 + 64]; /* three names of 200 characters, and more */
	line[0] = '\0';
	if (s->view == VIEW_GROUPS) {
		const struct sc_group_row *g = table_selected(&s->group_table);
		if (g && g->nworst) {
			/* Whole when the names fit the lines there are, else
			 * each at most 30 cells: a long one took both lines,
			 * and the scores with them. */
			sc_worst_text(s, g, 0, what, sizeof what);
			if (text_width(what) + 8 > room)
				sc_worst_text(s, g, 30, what, sizeof what);
			/* TRANSLATORS: under the groups, the selected group's
			 * three lowest scores in full. */
			snprintf(line, size, _("Worst: %s"), what);
		}
	} else {
		const struct sc_bottom_row *r = table_selected(&s->bottom_table);
		if (r) {
			const struct score_row *x = &sc_b(s)->rows[r->index];
			/* Every part that cost it points (the row has the
			 * three that cost most). */
			sc_reasons_text(x, SCORE_PARTS, what, sizeof what);
			if (!what[0])
				return;
			/* TRANSLATORS: under the bottom list, what pulled the
			 * selected distributor down: its code, then the parts
			 * ("Sales 35.0 (−19.5) · …"). */
			snprintf(line, size, _("%s lost points on: %s"), x->code, what);
		}
	}
}

/* Where two lines of " · "-separated entries (the worst three, the
 * reasons) break between entries, not inside a name or before its score:
 * the offset of the separator after which the rest fits the second line,
 * as much as fits the first before it; 0 when there is none. */
static size_t sc_entry_break(const char *line, int cells)
{
	static const char sep[] = " · ";
	size_t best = 0, fit = text_prefix_bytes(line, cells, NULL);
	for (const char *p = strstr(line, sep); p && (size_t)(p - line) <= fit;
	     p = strstr(p + 1, sep))
		if (text_width(p + strlen(sep)) <= cells)
			best = (size_t)(p - line);
	return best;
}

static void sc_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct sc *s = state;
	if (s->stale) {
		s->stale = false;
		sc_load(s, ui, s->period, true);
	}
	if (s->view == VIEW_RANKING)
		table_draw(&s->table, ui, top + 1, 0, height - 1, width); /* lays the columns out */
	sc_draw_info(s, ui, top, width);
	if (s->view == VIEW_GROUPS || s->view == VIEW_BOTTOM) {
		bool groups = s->view == VIEW_GROUPS;
		struct table *t = groups ? &s->group_table : &s->bottom_table;
		/* The selected row's worst three or reasons in full on the last
		 * line: in their column they are cut on a narrow terminal. */
		char line[3 * 4 * 208 + 200] = "";
		if ((groups ? s->ngroups : s->nbottom) > 0 && height >= 6)
			/* (Cells for it: two lines where there is room.) */
			sc_whole_text(s, height >= 10 ? 2 * width : width, line, sizeof line);
		/* Two lines when it needs them and there is room. */
		int whole = !line[0] ? 0 : text_width(line) > width && height >= 10 ? 2 : 1;
		table_draw(t, ui, top + 1, 0, height - 1 - whole, width);
		size_t cut = whole == 2 ? sc_entry_break(line, width) : 0;
		if (cut) {
			char *first = xstrndup(line, cut);
			ui_text(top + height - 2, 0, width, first, ui_attr(UI_DIM), false);
			ui_text(top + height - 1, 0, width, line + cut + strlen(" · "),
				ui_attr(UI_DIM), false);
			free(first);
		} else if (whole) {
			ui_text_wrapped(top + height - whole, 0, width, whole, line,
					ui_attr(UI_DIM));
		}
		/* Rows in the ranking, none of them ranked (a filter on the
		 * terminated): not "none scored", since they are. */
		if ((groups ? s->ngroups : s->nbottom) == 0)
			ui_text_wrapped(
				top + 3, 2, width - 4, height - 3,
				s->norder > 0 ? _("No distributor here has a rank: those the "
						  "ranking lists were terminated in the period or "
						  "are not scored.")
					      : _("No distributor is scored here."),
				ui_attr(UI_DIM));
		return;
	}
	if (s->norder == 0) {
		const char *empty =
			s->table.search.len || s->filter.description[0]
				? _("No distributor matches. Esc clears the search, F the "
				    "filters.")
				: _("No distributor had an agreement running in this period. "
				    "Press p for another period.");
		ui_text_wrapped(top + 3, 2, width - 4, height - 3, empty, ui_attr(UI_DIM));
	}
}

static void sc_explain(struct sc *s, struct ui *ui, int index)
{
	if (index < 0 || index >= sc_b(s)->n) {
		ui_error(ui, "%s", _("No distributor is selected."));
		return;
	}
	struct sc_explain_req req = { s->board, sc_b(s)->rows[index].id };
	ui_push(ui, &screen_explain, &req);
}

static void sc_explain_selected(struct sc *s, struct ui *ui)
{
	const struct sc_item *it = table_selected(&s->table);
	sc_explain(s, ui, it ? it->index : -1);
}

/* Back to the ranking: from the bottom list, on the distributor moved to
 * there, else on the one the ranking had; from the groups, at the top. */
static void sc_show_ranking(struct sc *s, struct ui *ui)
{
	int64_t keep = s->view == VIEW_BOTTOM ? table_selected_id(&s->table) : 0;
	const struct sc_bottom_row *bottom = s->view == VIEW_BOTTOM && s->bottom_table.moved
						     ? table_selected(&s->bottom_table)
						     : NULL;
	if (bottom && bottom->index >= 0 && bottom->index < sc_b(s)->n)
		keep = sc_b(s)->rows[bottom->index].id;
	s->view = VIEW_RANKING;
	sc_arrange(s, ui);
	table_load_keeping(&s->table, ui, keep);
}

/* Is grouping g one a group is opened from? */
static bool sc_grouping_opened(const struct sc *s, enum sc_grouping g)
{
	for (int i = 0; i < s->nopened; i++)
		if (s->opened[i].grouping == g)
			return true;
	return false;
}

/* g: region, territory, rep, then back to the ranking. In an opened group,
 * its distributors by the groupings not opened yet (a region's by territory,
 * then by rep), then back to its ranking. */
static void sc_cycle_grouping(struct sc *s, struct ui *ui)
{
	/* In an opened group's ranking, from the first grouping: its own is
	 * the one it was opened from (after rep came none, and a rep's
	 * distributors were never grouped by region). */
	if (s->view == VIEW_RANKING && s->nopened)
		s->grouping = GROUP_NONE;
	if (s->view == VIEW_RANKING && s->nopened == GROUPINGS - 1) {
		/* A region's territory's rep: no grouping left to group by. */
		ui_message(ui, "%s",
			   _("These distributors are one region's, one territory's and one rep's: "
			     "nothing left to group by. Esc goes back to the groups."));
		s->grouping = s->opened[s->nopened - 1].grouping;
		return;
	}
	do
		s->grouping = (enum sc_grouping)((s->grouping + 1) % GROUPINGS);
	while (s->grouping != GROUP_NONE && sc_grouping_opened(s, s->grouping));
	if (s->grouping == GROUP_NONE) {
		if (s->nopened)
			s->grouping = s->opened[s->nopened - 1].grouping;
		sc_show_ranking(s, ui);
		return;
	}
	s->view = VIEW_GROUPS;
	sc_arrange(s, ui);
	sc_make_groups(s, ui);
	table_load(&s->group_table, ui);
}

/* Esc in an opened group's ranking: back to the groups it was opened from. */
static void sc_close_group(struct sc *s, struct ui *ui)
{
	s->nopened--;
	s->filter = s->opened[s->nopened].before;
	s->grouping = s->opened[s->nopened].grouping;
	s->view = VIEW_GROUPS;
	sc_arrange(s, ui);
	sc_make_groups(s, ui);
	/* On the group closed, not on the row the groups inside it had
	 * selected (they were shown in the same table). */
	for (int g = 0; g < s->ngroups; g++)
		if (s->groups[g].key == s->opened[s->nopened].key)
			table_show(&s->group_table, ui, s->groups[g].id);
}

/* Enter on a group: its distributors, ranked; Esc comes back. */
static void sc_open_group(struct sc *s, struct ui *ui)
{
	const struct sc_group_row *g = table_selected(&s->group_table);
	if (!g)
		return;
	if (s->nopened == GROUPINGS)
		return; /* (one of each grouping: cannot happen) */
	struct sc_filter *before = &s->opened[s->nopened].before;
	*before = s->filter;
	s->opened[s->nopened].key = g->key;
	s->opened[s->nopened++].grouping = s->grouping;
	/* "(none)" narrows nothing: every row of no region (rep, territory)
	 * is among those of the filter it was opened from. */
	if (g->key && s->grouping == GROUP_REGION)
		s->filter.region_id = g->key;
	else if (g->key && s->grouping == GROUP_REP)
		s->filter.rep_id = g->key;
	else if (g->key)
		s->filter.territory_id = g->key;
	char *desc = xasprintf("%s%s%s", before->description, before->description[0] ? " · " : "",
			       g->label);
	text_copy(s->filter.description, sizeof s->filter.description, desc);
	free(desc);
	int unranked = g->unranked;
	sc_show_ranking(s, ui);
	if (!g->key)
		ui_message(ui, "%s", _("Distributors without one are among all of them."));
	else if (unranked)
		/* The group's count is of the ranked: the list says why it is
		 * longer. */
		ui_message(ui,
			   ngettext("%d more is listed without a rank: terminated in the period "
				    "or not scored.",
				    "%d more are listed without a rank: terminated in the period "
				    "or not scored.",
				    (unsigned long)unranked),
			   unranked);
}

static void sc_show_bottom(struct sc *s, struct ui *ui)
{
	s->bottom_from_groups = s->view == VIEW_GROUPS;
	s->view = VIEW_BOTTOM;
	sc_make_bottom(s, ui);
	table_load(&s->bottom_table, ui);
}

/* Refuses a period that starts after today or before the years qudao
 * keeps, saying so; false then. */
static bool sc_period_allowed(struct ui *ui, qd_period p)
{
	qd_date today = ui_today(ui);
	char per[PERIOD_BUF], day[DATE_BUF];
	/* [ stops at the first period qudao keeps, as typing one does. */
	if (p.y < DATE_MIN_YEAR) {
		ui_error(ui, _("%s is outside the years qudao keeps, %d to %d."),
			 period_format(p, per), DATE_MIN_YEAR, DATE_MAX_YEAR);
		return false;
	}
	if (score_period_begun(p, today))
		return true;
	ui_error(ui, _("%s has not begun (today is %s): there is nothing to score yet."),
		 period_format(p, per), date_format(today, day));
	return false;
}

/* Shows period p, unless it has not begun (] stops at the current one). */
static void sc_switch_period(struct sc *s, struct ui *ui, qd_period p)
{
	if (!sc_period_allowed(ui, p))
		return;
	/* The distributor moved to; left on the first row, the new period's
	 * first (its top of the ranking, not the old top's place in it). */
	int64_t selected = table_moved_to(&s->table);
	char per[PERIOD_BUF];
	/* A large board takes a second or so to read from a cold file. */
	if (s->board && sc_b(s)->n >= 20000 && !sc_kept_is(s, ui, p))
		ui_working(_("Reading the scores of %s…"), period_format(p, per));
	if (!sc_load(s, ui, p, false))
		return;
	if (selected)
		table_show(&s->table, ui, selected);
	ui_message(ui, _("Scores of %s."), period_format(p, per));
}

static int sc_key_asking(struct sc *s, struct ui *ui, struct ui_key k)
{
	if (ui_key_is(k, UI_KEY_ESC)) {
		s->asking = false;
		return UI_HANDLED;
	}
	if (ui_key_enter(k)) {
		qd_period p;
		/* Spaces around and full-width digits as typed by an input method
		 * are fine: "２０２６-q3 ". */
		char *typed = text_ascii_fold(field_value(&s->ask));
		bool bad = period_parse_typed(typed, &p) != 0;
		if (bad && !typed[strspn(typed, " ")])
			ui_error(ui, "%s",
				 _("Type a period: 2026, 2026-Q3 or 2026-09 (Esc keeps this "
				   "one)."));
		else if (bad)
			ui_error(ui, _("\"%s\" is not a period: 2026, 2026-Q3 or 2026-09."), typed);
		else if (p.y < DATE_MIN_YEAR || p.y > DATE_MAX_YEAR)
			ui_error(ui, _("%s is outside the years qudao keeps, %d to %d."), typed,
				 DATE_MIN_YEAR, DATE_MAX_YEAR);
		free(typed);
		if (bad || p.y < DATE_MIN_YEAR || p.y > DATE_MAX_YEAR)
			return UI_HANDLED;
		if (!sc_period_allowed(ui, p))
			return UI_HANDLED; /* the prompt stays for another */
		s->asking = false;
		sc_switch_period(s, ui, p);
		return UI_HANDLED;
	}
	/* Typing a period replaces the one shown; moving in it or deleting
	 * edits it. */
	if (s->ask_fresh && !k.code && k.ch >= 0x20)
		form_set(&s->ask, "");
	s->ask_fresh = false;
	bool edited;
	if (!field_edit_key(&s->ask, k, &edited) && !k.code && k.ch >= 0x20 &&
	    !field_insert(&s->ask, k.ch))
		ui_error(ui, "%s", s->ask.error);
	return UI_HANDLED;
}

static void sc_ask_period(struct sc *s)
{
	char per[PERIOD_BUF];
	form_set(&s->ask, period_format(s->period, per));
	s->ask.cursor = s->ask.len;
	s->asking = true;
	s->ask_fresh = true;
}

/* Keys of the groups' and the bottom's tables. */
static int sc_key_list(struct sc *s, struct ui *ui, struct ui_key k)
{
	struct table *t = s->view == VIEW_GROUPS ? &s->group_table : &s->bottom_table;
	if (ui_key_is(k, UI_KEY_ESC) && s->view == VIEW_BOTTOM && s->bottom_from_groups) {
		/* Back where b was pressed. */
		s->view = VIEW_GROUPS;
		sc_make_groups(s, ui);
		return UI_HANDLED;
	}
	if (ui_key_is(k, UI_KEY_ESC)) {
		/* From the groups, the ranking they group: the opened group's,
		 * or all. */
		if (s->view == VIEW_GROUPS)
			s->grouping = s->nopened ? s->opened[s->nopened - 1].grouping : GROUP_NONE;
		sc_show_ranking(s, ui);
		return UI_HANDLED;
	}
	switch (table_key(t, ui, k)) {
	case TABLE_ACTIVATE:
		if (s->view == VIEW_GROUPS)
			sc_open_group(s, ui);
		else
			sc_explain(s, ui, ((const struct sc_bottom_row *)table_selected(t))->index);
		return UI_HANDLED;
	case TABLE_HANDLED:
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static void sc_clear_filters(struct sc *s, struct ui *ui)
{
	/* The row moved to stays selected, or the one before the search (as
	 * in the distributor list). */
	int64_t id = table_back_to(&s->table, s->table.search_from);
	memset(&s->filter, 0, sizeof s->filter);
	s->nopened = 0;
	form_set(&s->table.search, "");
	s->table.searching = false;
	s->table.search_from = 0;
	s->search[0] = '\0';
	sc_research(s, ui);
	table_load_keeping(&s->table, ui, id);
	/* The groups or the bottom list shown were of the filter's rows. */
	sc_remake_view(s, ui);
	ui_message(ui, "%s", _("Filters and search cleared."));
}

/* Says the order when a key or a header click changed it from sort, desc. */
static void sc_say_sort(struct sc *s, struct ui *ui, enum sc_sort sort, bool desc)
{
	if (sort == s->sort && desc == s->desc)
		return;
	int col = 0;
	while (col < COL_COUNT && sc_cols[col].sort != (int)s->sort)
		col++;
	ui_message(ui, _("Sorted by %s."),
		   sc_order_words(s->sort, s->desc, sc_cols[col < COL_COUNT ? col : 0].title));
}

static int sc_key(void *state, struct ui *ui, struct ui_key k)
{
	struct sc *s = state;
	if (s->asking)
		return sc_key_asking(s, ui, k);
	bool typing = s->view == VIEW_RANKING && s->table.searching;
	if (!typing && !k.code) {
		switch (k.ch) {
		case 'g':
			sc_cycle_grouping(s, ui);
			return UI_HANDLED;
		case 'b':
			if (s->view == VIEW_BOTTOM)
				sc_show_ranking(s, ui);
			else
				sc_show_bottom(s, ui);
			return UI_HANDLED;
		case 'p':
			sc_ask_period(s);
			return UI_HANDLED;
		case '[':
		case ']':
			sc_switch_period(s, ui, period_next(s->period, k.ch == '[' ? -1 : 1));
			return UI_HANDLED;
		case 'f':
			ui_push(ui, &screen_scorecard_filter, &s->filter);
			return UI_HANDLED;
		case 'F':
			sc_clear_filters(s, ui);
			return UI_HANDLED;
		default:
			break;
		}
	}
	if (s->view != VIEW_RANKING && !k.code && (k.ch == '/' || k.ch == 's' || k.ch == 'S')) {
		ui_message(ui, "%s",
			   s->view == VIEW_GROUPS
				   ? _("Search and sort work in the ranking: Esc goes back to it.")
				   : _("Search and sort work in the ranking: b or Esc goes back to "
				       "it."));
		return UI_HANDLED;
	}
	if (s->view != VIEW_RANKING)
		return sc_key_list(s, ui, k);
	if (!typing && ui_key_is(k, UI_KEY_ESC) && s->nopened) {
		sc_close_group(s, ui);
		return UI_HANDLED;
	}
	enum sc_sort sort = s->sort;
	bool desc = s->desc;
	int r = table_key(&s->table, ui, k);
	sc_say_sort(s, ui, sort, desc);
	switch (r) {
	case TABLE_ACTIVATE:
		sc_explain_selected(s, ui);
		return UI_HANDLED;
	case TABLE_HANDLED:
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static int sc_click(void *state, struct ui *ui, int row, int col)
{
	struct sc *s = state;
	struct table *t = s->view == VIEW_GROUPS   ? &s->group_table
			  : s->view == VIEW_BOTTOM ? &s->bottom_table
						   : &s->table;
	enum sc_sort sort = s->sort;
	bool desc = s->desc;
	int r = table_click(t, ui, row + 1, col);
	sc_say_sort(s, ui, sort, desc);
	if (r == TABLE_ACTIVATE) {
		if (s->view == VIEW_GROUPS)
			sc_open_group(s, ui);
		else if (s->view == VIEW_BOTTOM)
			sc_explain(s, ui, ((const struct sc_bottom_row *)table_selected(t))->index);
		else
			sc_explain_selected(s, ui);
	}
	return UI_HANDLED;
}

static void sc_wheel(void *state, struct ui *ui, int n)
{
	struct sc *s = state;
	table_wheel(s->view == VIEW_GROUPS   ? &s->group_table
		    : s->view == VIEW_BOTTOM ? &s->bottom_table
					     : &s->table,
		    ui, n);
}

/* In a pause of the keys, one at a time, what the first sort by change,
 * code, name or rebate would otherwise read while the user waits (40 to 100
 * ms each on 100,000 distributors), then every row's sparkline, then each
 * sort's order of all the rows: after the first look at the ranking, a sort
 * without filter or search copies an order made, the others sort in
 * memory, and none reads. */
static bool sc_idle(void *state, struct ui *ui)
{
	struct sc *s = state;
	/* (An empty board, shown when the scores could not be read, has no
	 * data to read on from.) */
	if (!s->board || s->stale || !sc_b(s)->data)
		return false;
	struct score_board *b = sc_b(s);
	struct sc_board *board = s->board;
	if (!b->changes)
		return db_scoring_change(ui_db(ui), b) == DB_OK;
	if (!s->board->code_order || !s->board->name_order)
		return sc_text_order(s, ui, s->board->code_order != NULL) != NULL;
	/* A year's rebates read dozens of scans: one a pause, so that a key
	 * waits for one scan at most, not for them all. */
	bool done = true;
	if (!b->rebates)
		return db_scoring_rebates_step(ui_db(ui), b, &done) == DB_OK;
	/* Then the sparklines of every row, a period a pause: a sort shows
	 * rows with theirs in memory, none read while the user waits. */
	if (db_scoring_history_step(ui_db(ui), b, &done))
		return false;
	if (!done)
		return true;
	/* Last, every sort's order of all the rows, one a pause. */
	for (int k = 0; k < SORT_COUNT; k++)
		if (!board->orders[k]) {
			int *order = xmalloc((size_t)b->n * sizeof *order + 1);
			int *scratch = xmalloc((size_t)b->n * sizeof *scratch + 1);
			int n, ranked;
			sc_order_rows(s, ui, (enum sc_sort)k, false, true, order, scratch, &n,
				      &ranked);
			free(scratch);
			board->orders[k] = order;
			return true;
		}
	return false;
}

/* The ranking's keys in an opened group: Esc, back to the groups, in the
 * bar after Enter (it is the way out), in place of the general Esc. */
static const struct ui_help *sc_opened_help(void)
{
	enum { N = sizeof sc_help / sizeof sc_help[0] + 1 };
	static struct ui_help h[N];
	if (h[0].key)
		return h;
	int n = 0;
	/* n + 2 < N: room for one more, and the terminator, always. */
	for (int i = 0; sc_help[i].key && n + 2 < N; i++) {
		if (strcmp(sc_help[i].key, "Esc"))
			h[n++] = sc_help[i];
		if (!strcmp(sc_help[i].key, "Enter"))
			h[n++] = (struct ui_help){ N_("Esc"), N_("back to the groups"), true };
	}
	return h;
}

/* The groups of an opened group: Esc goes back to its ranking, not all
 * of it (the bar said "Esc the ranking" there). */
static const struct ui_help *sc_group_in_group_help(void)
{
	enum { N = sizeof sc_group_help / sizeof sc_group_help[0] };
	static struct ui_help h[N];
	if (h[0].key)
		return h;
	for (int i = 0; i < N; i++) {
		h[i] = sc_group_help[i];
		if (h[i].key && !strcmp(h[i].key, "Esc"))
			/* TRANSLATORS: the status bar in the groups of an
			 * opened group: Esc shows that group's ranking. */
			h[i].what = N_("the group's ranking");
	}
	return h;
}

static const struct ui_help *sc_help_now(void *state)
{
	const struct sc *s = state;
	return s->view == VIEW_GROUPS && s->nopened		 ? sc_group_in_group_help()
	       : s->view == VIEW_GROUPS				 ? sc_group_help
	       : s->view == VIEW_BOTTOM && s->bottom_from_groups ? sc_bottom_from_groups_help
	       : s->view == VIEW_BOTTOM				 ? sc_bottom_help
	       : s->nopened					 ? sc_opened_help()
								 : sc_help;
}

static bool sc_typing(void *state)
{
	const struct sc *s = state;
	/* The search, or the period asked for: a paste goes there. */
	return s->asking || (s->view == VIEW_RANKING && s->table.searching);
}

const struct screen screen_scorecards = {
	.name = N_("Scorecards"),
	/* TRANSLATORS: a tab's short title, used when the full ones do not fit. */
	.short_name = N_("Scores"),
	.enter = sc_enter,
	.leave = sc_leave,
	.draw = sc_draw,
	.key = sc_key,
	.typing = sc_typing,
	.click = sc_click,
	.wheel = sc_wheel,
	.reload = sc_reload,
	.idle = sc_idle,
	.idle_stops = true,
	/* A quarter's figures and the periods around it stay in memory. */
	.cache_mb = 16,
	.help = sc_help,
	.help_now = sc_help_now,
};
