/* One distributor's score explained: each part with its score, the weight
 * it counted with, what it cost, its formula in words and its inputs; then
 * the rows behind each part (orders and their lines, amounts due and
 * payments, visits, inventory counts and shelf prices, incidents, training)
 * and the rebate rules, those that paid and those not reached, each a table. Enter on a part shows
 * its rows; Enter on a row opens the distributor's picture at the section that holds it
 * (a rebate, which has none, in full). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/money.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "scorecards.h"
#include "table.h"
#include "ui.h"

/* Section 0 is the parts; 1 + part the rows of a part; the last the rebates. */
enum { EX_PARTS = 0, EX_REBATES = SCORE_PARTS + 1, EX_SECTIONS };

struct ex_row {
	int64_t id;   /* mem rows start with it */
	int part;     /* in the parts' section */
	int evidence; /* elsewhere: index into the explanation's rows */
};

struct ex_section {
	struct table_mem mem; /* first: the table's ctx */
	struct ex_row *rows;
	int n;
	struct table table;
	struct ex *owner;
	char export_name[120]; /* x's file: the code, the period and the section */
};

struct ex {
	struct sc_board *board;
	int64_t id;
	int index;
	int best; /* the row of its region it is normalised to, or -1 */
	struct score_explain x;
	int section;
	struct ex_section sec[EX_SECTIONS];
	int tab_x[EX_SECTIONS + 1], tabs_y;
};

/* (The way back and the export before Enter's long words: a narrow bar
 * drops what comes last, and it dropped them all behind Enter.) */
static const struct ui_help ex_help[] = {
	{ N_("Left/Right, Tab"), N_("section"), true },
	/* (Second: a small terminal's help shows it without scrolling; weight
	 * and cost are the columns it hides.) */
	/* TRANSLATORS: a narrow terminal hides columns (‹ › in the header);
	 * these keys show them. */
	{ N_("< >"), N_("columns hidden on a narrow terminal (‹ ›)"), false },
	{ N_("Up/Down, PgUp/PgDn"), N_("move"), false },
	{ N_("Esc"), N_("back"), true },
	{ N_("x"), N_("export the section shown"), true },
	{ N_("Enter"), N_("a part's rows; a row in the distributor's picture, a rebate in full"),
	  true },
	{ N_("i"), N_("the part's text in full, where the screen cuts it"), false },
	{ NULL, NULL, false },
};

enum { PC_PART, PC_SCORE, PC_WEIGHT, PC_LOST, PC_INPUTS, PC_COLS };
static const struct table_col ex_part_cols[PC_COLS] = {
	/* TRANSLATORS: columns of a score's explanation. */
	[PC_PART] = { N_("Part"), 20, 0, 0, false, -1 },
	[PC_SCORE] = { N_("Score"), 6, 0, 0, true, -1 },
	[PC_WEIGHT] = { N_("Weight"), 7, 0, 2, true, -1 },
	/* TRANSLATORS: the points a part cost the score. */
	[PC_LOST] = { N_("Cost"), 6, 0, 1, true, -1 },
	[PC_INPUTS] = { N_("Inputs"), 0, 16, 3, false, -1 },
};

enum { RC_WHEN, RC_WHAT, RC_AMOUNT, RC_MEANING, RC_COLS };
static const struct table_col ex_row_cols[RC_COLS] = {
	[RC_WHEN] = { N_("When"), 16, 0, 2, false, -1 },
	[RC_WHAT] = { N_("What"), 0, 12, 0, false, -1 },
	[RC_AMOUNT] = { N_("Amount"), 12, 0, 1, true, -1 },
	[RC_MEANING] = { N_("For the score"), 0, 16, 0, false, -1 },
};
/* The inventory's rows: the quantities counted, not money. */
static const struct table_col ex_count_cols[RC_COLS] = {
	[RC_WHEN] = { N_("When"), 16, 0, 2, false, -1 },
	[RC_WHAT] = { N_("What"), 0, 12, 0, false, -1 },
	/* TRANSLATORS: how many were counted in stock. */
	[RC_AMOUNT] = { N_("Quantity"), 12, 0, 1, true, -1 },
	[RC_MEANING] = { N_("For the score"), 0, 16, 0, false, -1 },
};
/* The rows of a part that have no amount (visits, training): no column
 * left empty for one. Their cells are asked for as ex_row_cols' (ex_cell). */
static const struct table_col ex_plain_cols[] = {
	{ N_("When"), 16, 0, 2, false, -1 },
	{ N_("What"), 0, 12, 0, false, -1 },
	{ N_("For the score"), 0, 16, 0, false, -1 },
};
/* The rebates' rows: what they say is how the rebate came, not the score. */
static const struct table_col ex_rebate_cols[RC_COLS] = {
	[RC_WHEN] = { N_("When"), 16, 0, 2, false, -1 },
	[RC_WHAT] = { N_("What"), 0, 12, 0, false, -1 },
	[RC_AMOUNT] = { N_("Amount"), 12, 0, 1, true, -1 },
	/* TRANSLATORS: the column saying on what sales a rebate was paid, or
	 * why it was not. */
	[RC_MEANING] = { N_("Why"), 0, 16, 0, false, -1 },
};

/* ---- rows ---- */

static void ex_part_cell(const struct ex *e, int part, int col, char *buf, size_t size,
			 enum ui_color *color)
{
	const struct score_result *r = &e->board->b.rows[e->index].r;
	char pts[16];
	switch (col) {
	case PC_PART:
		text_copy(buf, size, _(score_part_label(part)));
		break;
	case PC_SCORE:
		score_format(r->sub[part], buf, size);
		*color = r->sub[part] == SCORE_NA ? UI_DIM : r->below[part] ? UI_ERROR : UI_NORMAL;
		break;
	case PC_WEIGHT:
		if (!r->scored)
			break; /* nothing is weighed */
		if (r->sub[part] == SCORE_NA)
			/* TRANSLATORS: a part's weight went to the other parts. */
			text_copy(buf, size, _("spread"));
		else
			snprintf(buf, size, "%s%%", score_format(r->weight[part], pts, sizeof pts));
		break;
	case PC_LOST:
		score_cost_format(r, part, "−", buf, size);
		break;
	case PC_INPUTS:
		score_part_inputs(part, &e->board->b.settings, &e->x.f, r, buf, size);
		break;
	default:
		break;
	}
}

static void ex_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
		    enum ui_color *color, attr_t *attr)
{
	(void)ui;
	(void)attr;
	const struct ex_section *sec = ctx;
	const struct ex *e = sec->owner;
	const struct ex_row *r = row;
	if (r->evidence < 0) {
		ex_part_cell(e, r->part, col, buf, size, color);
		return;
	}
	/* (Each as long as the others: score_evidence_cells is given one
	 * size for all four.) */
	char when[600], what[600], amount[600], meaning[600];
	bool bad;
	score_evidence_cells(&e->x.rows[r->evidence], when, what, amount, meaning, sizeof meaning,
			     &bad);
	score_evidence_meaning_in(&e->x.rows[r->evidence], r->part, meaning, sizeof meaning, &bad);
	const char *cells[RC_COLS] = { when, what, amount, meaning };
	if (sec->table.cols == ex_plain_cols && col >= RC_AMOUNT)
		col++;
	text_copy(buf, size, col < RC_COLS ? cells[col] : "");
	if (bad)
		*color = UI_ERROR;
}

/* A file's cells: numbers as numbers, as the report's CSV has them (an
 * amount in plain yuan, a cost with an ASCII minus, a weight without its
 * %, nothing for what was not measured), not as the screen draws them. */
static void ex_export_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			   size_t size)
{
	const struct ex_section *sec = ctx;
	const struct ex *e = sec->owner;
	const struct ex_row *r = row;
	enum ui_color color = UI_NORMAL;
	attr_t attr = 0;
	char pts[16];
	buf[0] = '\0';
	if (r->evidence < 0) {
		const struct score_result *res = &e->board->b.rows[e->index].r;
		bool measured = res->sub[r->part] != SCORE_NA;
		if (col == PC_PART && sec->table.export_json) {
			/* The report's key ("sales"), in any language. */
			text_copy(buf, size, score_part_key(r->part));
		} else if (col == PC_WEIGHT) {
			if (res->scored && measured)
				text_copy(buf, size,
					  score_format(res->weight[r->part], pts, sizeof pts));
		} else if (col == PC_LOST) {
			if (measured)
				score_cost_format(res, r->part, "-", buf, size);
		} else if (col != PC_SCORE || measured) {
			ex_cell(ctx, ui, row, col, buf, size, &color, &attr);
		}
		return;
	}
	ex_cell(ctx, ui, row, col, buf, size, &color, &attr);
	int c = sec->table.cols == ex_plain_cols && col >= RC_AMOUNT ? col + 1 : col;
	/* (An export's cell holds kilobytes: MONEY_BUF and more.) */
	if (c == RC_AMOUNT && size >= MONEY_BUF)
		score_evidence_amount_plain(&e->x.rows[r->evidence], buf);
}

static const struct table_source ex_source = {
	.row_size = sizeof(struct ex_row),
	.count = table_mem_count,
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.cell = ex_cell,
	.export_cell = ex_export_cell,
};

static void ex_add(struct ex_section *sec, int part, int evidence)
{
	sec->rows = xrealloc(sec->rows, (size_t)(sec->n + 1) * sizeof *sec->rows);
	sec->rows[sec->n] = (struct ex_row){ sec->n + 1, part, evidence };
	sec->n++;
}

/* The sections' rows from the explanation read. */
static void ex_rows(struct ex *e, struct ui *ui)
{
	for (int k = 0; k < EX_SECTIONS; k++) {
		free(e->sec[k].rows);
		e->sec[k].rows = NULL;
		e->sec[k].n = 0;
	}
	for (int p = 0; p < SCORE_PARTS; p++)
		ex_add(&e->sec[EX_PARTS], p, -1);
	for (int i = 0; i < e->x.n; i++) {
		int part = score_evidence_part(&e->x.rows[i]);
		ex_add(&e->sec[part >= 0 ? 1 + part : EX_REBATES], part, i);
		int too = score_evidence_part_too(&e->x.rows[i]);
		if (too >= 0)
			ex_add(&e->sec[1 + too], too, i);
	}
	for (int k = 0; k < EX_SECTIONS; k++) {
		struct ex_section *sec = &e->sec[k];
		/* A section of the usual columns whose rows all lack an amount
		 * shows none. */
		bool amounts = !sec->n;
		for (int i = 0; i < sec->n && !amounts; i++)
			amounts = sec->rows[i].evidence >= 0 &&
				  score_evidence_has_amount(&e->x.rows[sec->rows[i].evidence]);
		if (sec->table.cols == ex_row_cols || sec->table.cols == ex_plain_cols)
			table_set_cols(&sec->table, amounts ? ex_row_cols : ex_plain_cols,
				       amounts ? RC_COLS : RC_COLS - 1);
		sec->mem = (struct table_mem){ sec->rows, sec->n, sizeof *sec->rows };
		table_resize(&sec->table, sec->n);
		table_reload(&sec->table, ui);
	}
}

/* Explains e->id on e->board; false (a message shown) when it cannot. */
static bool ex_read(struct ex *e, struct ui *ui)
{
	struct score_board *b = &e->board->b;
	e->index = score_board_find(b, e->id);
	if (e->index < 0) {
		ui_error(ui, "%s", _("That distributor is not on the scorecard any more."));
		return false;
	}
	db_scoring_explain_free(&e->x);
	qd_db *db = ui_db(ui);
	e->best = score_board_best_of(b, e->index);
	if (db_scoring_names(db, b, &e->index, 1) ||
	    (e->best >= 0 && db_scoring_names(db, b, &e->best, 1)) ||
	    db_scoring_rebates_of(db, b, &e->index, 1) ||
	    db_scoring_explain(db, b, e->index, &e->x)) {
		ui_db_error(ui, _("Could not read the rows behind the score"));
		return false;
	}
	ex_rows(e, ui);
	/* x exports the section shown, as a distributor's picture does:
	 * "explain-GD-0045-2026-Q4-sales-2026-11-27.csv". */
	char per[PERIOD_BUF];
	period_format(b->period, per);
	for (int k = 0; k < EX_SECTIONS; k++) {
		const char *what = k == EX_PARTS     ? "score"
				   : k == EX_REBATES ? "rebate"
						     : score_part_key(k - 1);
		snprintf(e->sec[k].export_name, sizeof e->sec[k].export_name, "explain-%s-%s-%s",
			 b->rows[e->index].code, per, what);
		e->sec[k].table.export_name = e->sec[k].export_name;
	}
	return true;
}

static void ex_leave(void *state)
{
	struct ex *e = state;
	for (int k = 0; k < EX_SECTIONS; k++) {
		free(e->sec[k].rows);
		table_free(&e->sec[k].table);
	}
	db_scoring_explain_free(&e->x);
	sc_board_drop(e->board);
	free(e);
}

static void *ex_enter(struct ui *ui, void *arg)
{
	const struct sc_explain_req *req = arg;
	struct ex *e = xcalloc(1, sizeof *e);
	e->board = sc_board_hold(req->board);
	e->id = req->id;
	for (int k = 0; k < EX_SECTIONS; k++) {
		e->sec[k].owner = e;
		table_init(&e->sec[k].table,
			   k == EX_PARTS	      ? ex_part_cols
			   : k == EX_REBATES	      ? ex_rebate_cols
			   : k == 1 + SCORE_INVENTORY ? ex_count_cols
						      : ex_row_cols,
			   k == EX_PARTS ? PC_COLS : RC_COLS, &ex_source, &e->sec[k], 8);
	}
	if (!ex_read(e, ui)) {
		ex_leave(e);
		return NULL;
	}
	return e;
}

/* The data changed: the period is scored again (the board it was opened on
 * is the old one) and the same distributor explained. */
static void ex_reload(void *state, struct ui *ui)
{
	struct ex *e = state;
	struct sc_board *fresh = sc_board_load(ui, e->board->b.period);
	if (!fresh)
		return;
	sc_board_drop(e->board);
	e->board = fresh;
	ex_read(e, ui);
}

/* ---- drawing ---- */

static const char *ex_section_name(int k)
{
	if (k == EX_PARTS)
		/* TRANSLATORS: the first section of a score's explanation. */
		return _("Score");
	if (k == EX_REBATES)
		return _("Rebate");
	return _(score_part_short(k - 1));
}

static void ex_draw_tabs(struct ex *e, int y, int width)
{
	char label[EX_SECTIONS][96];
	const char *labels[EX_SECTIONS];
	attr_t attrs[EX_SECTIONS];
	for (int k = 0; k < EX_SECTIONS; k++) {
		if (k == EX_PARTS)
			snprintf(label[k], sizeof label[k], " %s ", ex_section_name(k));
		else
			snprintf(label[k], sizeof label[k], " %s %d ", ex_section_name(k),
				 e->sec[k].n);
		labels[k] = label[k];
		attrs[k] = k == e->section ? ui_attr(UI_TAB)
			   : e->sec[k].n   ? A_NORMAL
					   : ui_attr(UI_DIM);
	}
	e->tabs_y = y;
	_Static_assert((int)EX_SECTIONS <= (int)UI_TAB_BAR_MAX, "more tabs than ui_tab_bar takes");
	ui_tab_bar(y, width, labels, attrs, EX_SECTIONS, e->section, e->tab_x);
}

/* text wrapped to width from row y, at most height lines; how many. Cut,
 * its last line shown ends in … (a taller terminal shows the rest). */
static int ex_draw_text(const char *text, int y, int height, int width, attr_t attr)
{
	return ui_text_wrapped(y, 1, width - 2, height, text, attr);
}

/* The part r's figures and how it is counted, in words, into text; named,
 * beginning with the part's name ("Sales achievement: ..."). */
static void ex_part_text(const struct ex *e, const struct ex_row *r, bool named, char *text,
			 size_t size)
{
	char formula[600], inputs[600], body[1400];
	const struct score_board *b = &e->board->b;
	const struct score_result *res = &b->rows[e->index].r;
	score_part_formula(r->part, formula, sizeof formula);
	score_part_inputs(r->part, &b->settings, &e->x.f, res, inputs, sizeof inputs);
	/* Its own figures first, then how they are counted: a short pane cuts
	 * the words every distributor shares, not its numbers. */
	if (res->scored && res->sub[r->part] == SCORE_NA)
		snprintf(body, sizeof body,
			 _("%s. Not measured: its weight of %d%% is spread over the others. How "
			   "it is counted: %s."),
			 inputs, b->settings.weight[r->part], formula);
	else if (res->scored && res->below[r->part])
		snprintf(body, sizeof body,
			 _("%s. Under the threshold of %d, it counts zero. How it is counted: "
			   "%s."),
			 inputs, b->settings.threshold, formula);
	else
		snprintf(body, sizeof body, _("%s. How it is counted: %s."), inputs, formula);
	if (named)
		/* TRANSLATORS: a part of the score, then what it is made of. */
		snprintf(text, size, _("%s: %s"), _(score_part_label(r->part)), body);
	else
		snprintf(text, size, "%s", body);
}

/* The selected part's formula and inputs, whole, from row y on; above them,
 * why the distributor is not scored when it is not. Cut short, its last
 * line says that i shows it whole (the rest could not be read at 80x24). */
static int ex_draw_pane(struct ex *e, int y, int height, int width)
{
	const struct ex_row *r = table_selected(&e->sec[EX_PARTS].table);
	if (!r || height < 3)
		return 0;
	char text[1400];
	const struct score_result *res = &e->board->b.rows[e->index].r;
	ex_part_text(e, r, true, text, sizeof text);
	int used = 0;
	if (!res->scored)
		used = ex_draw_text(_(score_unscored_reason(res)), y, height, width,
				    ui_attr(UI_WARNING));
	if (used && used + 1 < height)
		used++;
	int room = height - used;
	if (room < 2 || ui_text_rows(text, width - 2, room + 1) <= room)
		return used + ex_draw_text(text, y + used, room, width, ui_attr(UI_DIM));
	used += ex_draw_text(text, y + used, room - 1, width, ui_attr(UI_DIM));
	const char *more = _("i shows all of it");
	int w = text_width(more);
	ui_text(y + used, width - 1 - w, w, more, ui_attr(UI_DIM) | A_BOLD, true);
	return used + 1;
}

/* The selected part's text whole, in the row view (scrolled there). */
static void ex_part_in_full(struct ex *e, struct ui *ui)
{
	const struct ex_row *r = table_selected(&e->sec[EX_PARTS].table);
	if (!r)
		return;
	const struct score_row *x = &e->board->b.rows[e->index];
	char text[1400], title[400];
	ex_part_text(e, r, false, text, sizeof text);
	snprintf(title, sizeof title, "%s · %s", x->code, _(score_part_label(r->part)));
	const char *labels[2], *texts[2];
	int n = 0;
	if (!x->r.scored) {
		labels[n] = _("Not scored");
		texts[n++] = _(score_unscored_reason(&x->r));
	}
	labels[n] = _(score_part_label(r->part));
	texts[n++] = text;
	struct row_view_req req = { .title = title, .n = n, .labels = labels, .texts = texts };
	ui_push(ui, &screen_row_view, &req);
}

/* The selected row's reason (the "For the score" or "Why" column) whole,
 * wrapped, when the table cut it or hid its column: the rows it takes (a
 * blank, then at most three lines, leaving the table three rows of body),
 * 0 when it fits. Drawn from row y on when draw is set. */
static int ex_reason(struct ex *e, struct ui *ui, int body, int width, bool draw, int y)
{
	struct ex_section *sec = &e->sec[e->section];
	const void *row = table_selected(&sec->table);
	/* (The plain columns have no amount: their reason is the third.) */
	int col = sec->table.cols == ex_plain_cols ? RC_MEANING - 1 : RC_MEANING;
	if (!row || col >= sec->table.ncols)
		return 0;
	char text[1200];
	enum ui_color color = UI_NORMAL;
	attr_t attr = 0;
	text[0] = '\0';
	ex_cell(sec, ui, row, col, text, sizeof text, &color, &attr);
	if (!text[0] ||
	    (sec->table.col_shown[col] && text_width(text) <= sec->table.col_cells[col]))
		return 0;
	char **wrapped;
	int n = text_wrap(text, width - 2, &wrapped);
	int lines = n < 3 ? n : 3;
	if (body - (lines + 1) < 3)
		lines = body - 4 > 0 ? body - 4 : 0;
	/* Over the rows the table drew there first (at its full height): a
	 * row left on the blank line was drawn twice, out of order. */
	for (int i = 0; draw && i <= lines; i++)
		ui_fill(y + i, 1, width - 2, A_NORMAL);
	for (int i = 0; i < n; i++) {
		if (draw && i < lines)
			ui_text(y + 1 + i, 1, width - 2, wrapped[i],
				ui_attr(color == UI_ERROR ? UI_ERROR : UI_DIM), false);
		free(wrapped[i]);
	}
	free(wrapped);
	return lines ? lines + 1 : 0;
}

static void ex_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct ex *e = state;
	const struct score_board *b = &e->board->b;
	const struct score_row *x = &b->rows[e->index];
	char per[PERIOD_BUF], score[16], money[MONEY_BUF], line[900], right[3][200];
	period_format(b->period, per);
	score_format(x->r.score, score, sizeof score);
	/* The score's words in full, shorter, shortest: never cut, a rank
	 * of 232 cut read "rank 2…". */
	if (x->r.scored && x->gone) {
		/* TRANSLATORS: a distributor terminated in the period: scored
		 * for its days of business, not ranked. */
		snprintf(right[0], sizeof right[0],
			 _("score %s · grade %c · terminated, not ranked"), score, x->r.grade);
		/* TRANSLATORS: the same, short, for a narrow terminal. */
		snprintf(right[1], sizeof right[1], _("%s · %c · terminated"), score, x->r.grade);
	} else if (x->r.scored) {
		snprintf(right[0], sizeof right[0], _("score %s · grade %c · rank %d of %d"), score,
			 x->r.grade, x->rank, b->scored);
		/* TRANSLATORS: "score · grade · rank of ranked", short, for a
		 * narrow terminal: "55.2 · C · #232/261". */
		snprintf(right[1], sizeof right[1], _("%s · %c · #%d/%d"), score, x->r.grade,
			 x->rank, b->scored);
	} else {
		/* TRANSLATORS: %s is why: "no activity". */
		snprintf(right[0], sizeof right[0], _("not scored · %s"),
			 _(score_unscored_label(&x->r)));
		snprintf(right[1], sizeof right[1], "%s", _("not scored"));
	}
	snprintf(right[2], sizeof right[2], "%s", x->r.scored ? score : "");
	/* The code first and the period last: a long name is cut, not the
	 * code (as the detail) nor the period (which says what is explained);
	 * the score's words take at most half the line while a shorter form
	 * fits, and give way to them on a narrow terminal. */
	int need = text_width(x->code) + 2 + text_width(" · ") + text_width(per) + 2;
	/* (Two cells between them: "2026-Q4 55.2" read as one.) */
	int avail = width - 4 - need > 0 ? width - 4 - need : 0;
	int pick = -1;
	for (int k = 0; k < 3 && pick < 0; k++)
		if (text_width(right[k]) <= (avail < width / 2 ? avail : width / 2))
			pick = k;
	for (int k = 0; k < 3 && pick < 0; k++)
		if (text_width(right[k]) <= avail)
			pick = k;
	const char *shown = pick >= 0 ? right[pick] : "";
	int rw = text_width(shown);
	int room = width - rw - 4;
	int name_cells = room - text_width(x->code) - 2 - text_width(" · ") - text_width(per);
	char *name = text_fit(x->name, name_cells > 1 ? name_cells : 1);
	snprintf(line, sizeof line, "%s  %s · %s", x->code, name, per);
	free(name);
	ui_text(top, 1, room, line, ui_attr(UI_TITLE) | A_BOLD, false);
	ui_text(top, width - rw - 1, rw, shown, ui_attr(sc_grade_color(x->r.grade)) | A_BOLD, true);
	size_t used =
		b->settings.id
			? (size_t)snprintf(line, sizeof line,
					   _("Estimated rebate %s · settings from %s"),
					   money_format(x->rebate_fen, money), b->settings.from)
			: (size_t)snprintf(line, sizeof line,
					   _("Estimated rebate %s · built-in settings"),
					   money_format(x->rebate_fen, money));
	if (b->settings.normalise && x->r.scored) {
		/* The score before normalising says why the parts do not add
		 * up to the score: the settings' month gives way to it first,
		 * then the words around it (at 80 columns it was cut off). */
		char raw[16];
		score_format(x->r.raw, raw, sizeof raw);
		/* Whole, with the best it is divided by, when it fits (the
		 * report's words): worked out again from what is shown. One
		 * terminated in the period may be above the best, which those
		 * not terminated set: it is 100, and the line says why. */
		char fine[16], best[16], score[16];
		const struct score_row *top_row = e->best >= 0 ? &b->rows[e->best] : NULL;
		bool capped = top_row && x->r.raw_fine > top_row->r.raw_fine;
		score_format(x->r.score, score, sizeof score);
		if (top_row) {
			score_fine_format(x->r.raw_fine, fine, sizeof fine);
			score_fine_format(top_row->r.raw_fine, best, sizeof best);
			snprintf(line + used, sizeof line - used,
				 capped ? _(" · normalised to the best of its region: %s before, "
					    "above %s (%s's), the best of those not terminated, so "
					    "%s")
					: _(" · normalised to the best of its region: %s before ÷ "
					    "%s "
					    "(%s's) × 100 = %s"),
				 fine, best, top_row->code, score);
			/* TRANSLATORS: the rebate, then the score before
			 * normalising ÷ the best of its region (whose code is
			 * the third %s) × 100 = the score. */
			if (text_width(line) > width - 2)
				snprintf(line, sizeof line,
					 capped ? _("Rebate %s · %s before, above %s (%s's): %s")
						: _("Rebate %s · %s ÷ %s (%s's) × 100 = %s"),
					 money, fine, best, top_row->code, score);
		}
		if (!top_row)
			snprintf(line + used, sizeof line - used,
				 _(" · normalised to the best of its region; before that %s"), raw);
		if (text_width(line) > width - 2)
			snprintf(line, sizeof line,
				 _("Estimated rebate %s · normalised to the best of its region; "
				   "before that %s"),
				 money, raw);
		/* TRANSLATORS: the score before it was normalised to the
		 * best of its region, for a narrow terminal. */
		const char *brief = _("Estimated rebate %s · before normalising %s");
		if (text_width(line) > width - 2)
			snprintf(line, sizeof line, brief, money, raw);
		if (text_width(line) > width - 2)
			/* TRANSLATORS: the same, shorter still. */
			snprintf(line, sizeof line, _("Rebate %s · before normalising %s"), money,
				 raw);
	}
	ui_text(top + 1, 1, width - 2, line, ui_attr(UI_DIM), false);
	ex_draw_tabs(e, top + 2, width);
	struct ex_section *sec = &e->sec[e->section];
	if (sec->n == 0) {
		ui_text(top + 4, 2, width - 4, _("No rows behind this part in the period."),
			ui_attr(UI_DIM), false);
		return;
	}
	int body = height - 3;
	int pane = 0;
	if (e->section == EX_PARTS) {
		/* The parts take their rows; the text of the selected one what is
		 * left below them. */
		int room = body - (SCORE_PARTS + 1) - 1;
		pane = ex_draw_pane(e, top + 3 + SCORE_PARTS + 2, room > 0 ? room : 0, width);
		if (pane)
			body = SCORE_PARTS + 1;
	}
	table_draw(&sec->table, ui, top + 3, 1, body, width - 2);
	if (e->section != EX_PARTS) {
		/* The selected row's reason whole under the table, when its
		 * column cuts it (it could not be read on 80 columns). */
		int rows = ex_reason(e, ui, body, width, false, 0);
		if (rows) {
			table_draw(&sec->table, ui, top + 3, 1, body - rows, width - 2);
			ex_reason(e, ui, body, width, true, top + 3 + body - rows);
		}
	}
	if (sec->n > sec->table.visible) {
		char pos[48];
		table_position(&sec->table, pos, sizeof pos);
		int w = text_width(pos);
		/* The tabs give way to it (they ran under it at 40 columns). */
		if (w + 3 < width) {
			/* The whole line first: the tabs drawn at full width
			 * left their cells there (a "›", half a 培, the T of a
			 * Train the narrower bar cuts off). */
			ui_fill(top + 2, 0, width, A_NORMAL);
			ex_draw_tabs(e, top + 2, width - w - 2);
			ui_text(top + 2, width - w - 1, w, pos, ui_attr(UI_DIM), true);
		}
	}
}

/* ---- keys ---- */

static void ex_switch(struct ex *e, int by)
{
	e->section = (e->section + by + EX_SECTIONS) % EX_SECTIONS;
}

/* The detail section that holds a row of this kind. */
static int ex_detail_section(qd_evidence_kind kind)
{
	switch (kind) {
	case EVIDENCE_ORDER:
	case EVIDENCE_LINE:
		return DETAIL_AT_ORDERS;
	case EVIDENCE_PAYMENT:
		return DETAIL_AT_PAYMENTS;
	case EVIDENCE_DUE:
	case EVIDENCE_OPEN:
		return DETAIL_AT_RECEIVABLES;
	case EVIDENCE_VISIT:
	case EVIDENCE_COUNT:
	case EVIDENCE_PRICE:
		return DETAIL_AT_VISITS;
	case EVIDENCE_INCIDENT:
		return DETAIL_AT_INCIDENTS;
	case EVIDENCE_TRAINING:
		return DETAIL_AT_TRAINING;
	default:
		return DETAIL_AT_OVERVIEW;
	}
}

static void ex_activate(struct ex *e, struct ui *ui)
{
	const struct ex_row *r = table_selected(&e->sec[e->section].table);
	if (!r)
		return;
	if (r->evidence < 0) {
		e->section = 1 + r->part;
		if (e->sec[e->section].n == 0)
			ui_message(ui, "%s", _("No rows behind this part in the period."));
		return;
	}
	const struct score_evidence *ev = &e->x.rows[r->evidence];
	/* A rebate has no screen of its own, nor has a resolved incident (the
	 * distributor's picture lists the open ones; it opened on an empty
	 * list), nor a session it did not attend (the picture lists those it
	 * attended; it opened on another): the line in full (its meaning is
	 * cut on a narrow terminal). */
	if (ev->kind == EVIDENCE_REBATE || (ev->kind == EVIDENCE_INCIDENT && ev->n1 >= 0) ||
	    (ev->kind == EVIDENCE_TRAINING && ev->flag == 0)) {
		char title[400];
		snprintf(title, sizeof title, "%s · %s", e->board->b.rows[e->index].code, ev->ref);
		struct row_view_req req = { .table = &e->sec[e->section].table, .title = title };
		ui_push(ui, &screen_row_view, &req);
		return;
	}
	struct detail_at at = { e->id, ex_detail_section(ev->kind), "", "" };
	/* The row itself, by what the distributor's picture shows of it: an
	 * order (a line's too) by its number, a payment or an amount due by
	 * its date and invoice, the others by their date (a visit's time). */
	char key[sizeof ev->ref], when[sizeof ev->date];
	text_copy(key, sizeof key, ev->ref);
	text_copy(when, sizeof when, ev->date);
	switch (ev->kind) {
	case EVIDENCE_LINE: {
		char *dot = strstr(key, " · "); /* "SO0000000787 · product" */
		if (dot)
			*dot = '\0';
	} /* fall through */
	case EVIDENCE_ORDER:
		/* Found by its number: the picture's rows begin with the
		 * order's date, the evidence has the ship date. */
		when[0] = '\0';
		at.key = key;
		break;
	case EVIDENCE_PAYMENT:
	case EVIDENCE_DUE:
	case EVIDENCE_OPEN:
	case EVIDENCE_TRAINING:
		at.key = key;
		at.when = when;
		break;
	case EVIDENCE_COUNT:
	case EVIDENCE_PRICE:
		when[10] = '\0'; /* the visit's day */
		at.when = when;
		break;
	default:
		at.when = when;
	}
	ui_push(ui, &screen_detail_at, &at);
}

static int ex_key(void *state, struct ui *ui, struct ui_key k)
{
	struct ex *e = state;
	if (ui_key_is_code(k, KEY_RIGHT) || ui_key_is(k, 'l') || ui_key_is(k, '\t')) {
		ex_switch(e, 1);
		return UI_HANDLED;
	}
	if (ui_key_is_code(k, KEY_LEFT) || ui_key_is(k, 'h') || ui_key_is_code(k, KEY_BTAB)) {
		ex_switch(e, -1);
		return UI_HANDLED;
	}
	if (ui_key_is(k, UI_KEY_ESC)) {
		ui_pop(ui, false);
		return UI_HANDLED;
	}
	if (ui_key_is(k, 'i') && e->section == EX_PARTS) {
		ex_part_in_full(e, ui);
		return UI_HANDLED;
	}
	/* (No search nor filter here to blame, as the table's words do.) */
	if (ui_key_is(k, 'x') && e->sec[e->section].n == 0) {
		ui_message(ui, "%s",
			   _("Nothing to export: no rows behind this part in the period."));
		return UI_HANDLED;
	}
	switch (table_key(&e->sec[e->section].table, ui, k)) {
	case TABLE_ACTIVATE:
		ex_activate(e, ui);
		return UI_HANDLED;
	case TABLE_HANDLED:
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static int ex_click(void *state, struct ui *ui, int row, int col)
{
	struct ex *e = state;
	if (row + 1 == e->tabs_y) {
		for (int k = 0; k < EX_SECTIONS; k++)
			if (col >= e->tab_x[k] && col < e->tab_x[k + 1])
				e->section = k;
		return UI_HANDLED;
	}
	if (table_click(&e->sec[e->section].table, ui, row + 1, col) == TABLE_ACTIVATE)
		ex_activate(e, ui);
	return UI_HANDLED;
}

static void ex_wheel(void *state, struct ui *ui, int n)
{
	struct ex *e = state;
	table_wheel(&e->sec[e->section].table, ui, n);
}

const struct screen screen_explain = {
	/* TRANSLATORS: the screen that explains one distributor's score. */
	.name = N_("Score explained"),
	.enter = ex_enter,
	.leave = ex_leave,
	.draw = ex_draw,
	.key = ex_key,
	.click = ex_click,
	.wheel = ex_wheel,
	.reload = ex_reload,
	.help = ex_help,
};
