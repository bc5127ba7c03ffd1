/* The Setup tab's Rebates section: the rebate rules, ladder by ladder (a
 * rule is a step: rules paying on the same stretch, category, tier and
 * basis form a ladder, whose highest step reached pays). a adds a rule, e
 * or Enter edits one, d deletes one; the form is screen_rebate_form. The
 * scorecards' estimated rebates follow what is saved here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/money.h"
#include "qudao/scoring.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "rebate_form.h"
#include "screen_setup.h"
#include "table.h"
#include "ui.h"

struct rebate_row {
	int64_t id; /* mem rows start with it */
	int rule;   /* index into the rules */
};

struct rebate_panel {
	struct table_mem mem; /* first: the table's ctx */
	struct rebate_row *rows;
	struct rebate_rule_rec *rules;
	int n;
	struct table table;
	int64_t saved;			/* the rule the form saved: selected on reload */
	struct rebate_rule_rec pending; /* waiting for its y/n to be deleted */
};

enum { RB_NAME, RB_KIND, RB_STEP, RB_RATE, RB_APPLIES, RB_FROM, RB_UNTIL, RB_COLS };
static const struct table_col rebate_cols[RB_COLS] = {
	/* TRANSLATORS: columns of the rebate rules in Setup. */
	[RB_NAME] = { N_("Name"), 0, 12, 0, false, -1 },
	/* TRANSLATORS: what a rebate rule pays on: month, quarter or year. */
	[RB_KIND] = { N_("Each"), 7, 0, 4, false, -1 },
	/* TRANSLATORS: a rebate rule's step: ≥ ¥500,000.00 of sales, or ≥ 100%
	 * of the target. */
	[RB_STEP] = { N_("Step"), 0, 16, 0, false, -1 },
	[RB_RATE] = { N_("Rate"), 6, 0, 0, true, -1 },
	/* TRANSLATORS: which distributors' sales a rebate rule counts: a
	 * category, a tier. */
	[RB_APPLIES] = { N_("On"), 0, 14, 3, false, -1 },
	/* (When the rule ends goes before when it begins: most run on.) */
	[RB_FROM] = { N_("Applies from"), 12, 0, 2, false, -1 },
	[RB_UNTIL] = { N_("Until"), 12, 0, 1, false, -1 },
};

static void rebate_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
			enum ui_color *color, attr_t *attr)
{
	(void)attr;
	const struct rebate_panel *p = ctx;
	const struct rebate_rule_rec *r = &p->rules[((const struct rebate_row *)row)->rule];
	char m[MONEY_BUF], pct[24], day[DATE_BUF];
	/* A rule no longer in force is dimmed. */
	if (r->end.y && date_cmp(r->end, ui_today(ui)) < 0)
		*color = UI_DIM;
	switch (col) {
	case RB_NAME:
		text_copy(buf, size, r->name);
		break;
	case RB_KIND:
		text_copy(buf, size, _(rebate_kind_label(r->kind)));
		break;
	case RB_STEP:
		if (r->achievement)
			snprintf(buf, size, _("≥ %s of target"),
				 rebate_percent(r->achievement_bp, pct, sizeof pct));
		else
			snprintf(buf, size, "≥ %s", money_format(r->threshold_fen, m));
		break;
	case RB_RATE:
		text_copy(buf, size, rebate_percent(r->rate_bp, pct, sizeof pct));
		break;
	case RB_APPLIES:
		if (r->category[0] && r->tier)
			snprintf(buf, size, _("%s, tier %c"), r->category, r->tier);
		else if (r->category[0])
			text_copy(buf, size, r->category);
		else if (r->tier)
			snprintf(buf, size, _("tier %c"), r->tier);
		else
			text_copy(buf, size, _("every product"));
		break;
	case RB_FROM:
		text_copy(buf, size, date_format(r->start, day));
		break;
	case RB_UNTIL:
		text_copy(buf, size, r->end.y ? date_format(r->end, day) : "");
		break;
	default:
		break;
	}
}

/* The cell as a file wants it: the step and the rate as plain numbers
 * (yuan, percent); the step in achievement says so. */
static void rebate_export_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			       size_t size)
{
	const struct rebate_panel *p = ctx;
	const struct rebate_rule_rec *r = &p->rules[((const struct rebate_row *)row)->rule];
	char m[MONEY_BUF];
	enum ui_color color = UI_NORMAL;
	attr_t attr = A_NORMAL;
	if (col == RB_STEP && !r->achievement) {
		text_copy(buf, size, money_format_plain(r->threshold_fen, m));
	} else if (col == RB_RATE) {
		snprintf(buf, size, "%d.%02d", r->rate_bp / 100, r->rate_bp % 100);
	} else {
		rebate_cell(ctx, ui, row, col, buf, size, &color, &attr);
	}
}

static int64_t rebate_count_rows(void *ctx, struct ui *ui, bool *exact)
{
	(void)ui;
	*exact = true;
	return ((const struct rebate_panel *)ctx)->n;
}

static const struct table_source rebate_source = {
	.row_size = sizeof(struct rebate_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.find = table_mem_find,
	.count = rebate_count_rows,
	.cell = rebate_cell,
	.export_cell = rebate_export_cell,
};

static void rebate_read(struct rebate_panel *p, struct ui *ui)
{
	free(p->rules);
	p->rules = NULL;
	int n = db_rebate_rules(ui_db(ui), &p->rules);
	if (n < 0) {
		ui_db_error(ui, _("Could not read the rebate rules"));
		n = 0;
	}
	p->n = n;
	p->rows = xrealloc(p->rows, (size_t)(n + 1) * sizeof *p->rows);
	for (int i = 0; i < n; i++)
		p->rows[i] = (struct rebate_row){ i + 1, i };
	p->mem = (struct table_mem){ p->rows, p->n, sizeof *p->rows };
	table_resize(&p->table, p->n);
}

static void *rebate_enter(struct ui *ui)
{
	struct rebate_panel *p = xcalloc(1, sizeof *p);
	table_init(&p->table, rebate_cols, RB_COLS, &rebate_source, p, 8);
	/* x exports the list as shown, like every Setup section. */
	p->table.export_name = "rebate-rules";
	rebate_read(p, ui);
	table_load(&p->table, ui);
	return p;
}

static void rebate_leave(void *state)
{
	struct rebate_panel *p = state;
	table_free(&p->table);
	free(p->rows);
	free(p->rules);
	free(p);
}

static void rebate_reload(void *state, struct ui *ui)
{
	struct rebate_panel *p = state;
	rebate_read(p, ui);
	table_reload(&p->table, ui);
	if (!p->saved)
		return;
	for (int i = 0; i < p->n; i++)
		if (p->rules[i].id == p->saved)
			table_show(&p->table, ui, i + 1);
	p->saved = 0;
}

static void rebate_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct rebate_panel *p = state;
	char **lines;
	int n = text_wrap(_("Rules paying on the same stretch, category, tier and kind of step "
			    "form a ladder: the highest step reached pays its rate on the "
			    "stretch's sales. A step in achievement is sales ÷ target."),
			  width - 2, &lines);
	int shown = n < 3 ? n : 3;
	for (int i = 0; i < n; i++) {
		if (i < shown)
			ui_text(top + i, 1, width - 2, lines[i], ui_attr(UI_DIM), false);
		free(lines[i]);
	}
	free(lines);
	if (p->n == 0) {
		ui_text(top + shown + 1, 1, width - 2,
			_("No rebate rules yet: the scorecards estimate no rebate. Press a to add "
			  "one."),
			A_NORMAL, false);
		return;
	}
	table_draw(&p->table, ui, top + shown, 0, height - shown, width);
}

/* Opens the form: a new rule (a quarter's, from the first of next month)
 * or the selected one. */
static void rebate_open(void *state, struct ui *ui, bool is_new)
{
	struct rebate_panel *p = state;
	const struct rebate_row *r = table_selected(&p->table);
	struct rebate_form_req req;
	memset(&req, 0, sizeof req);
	req.saved = &p->saved;
	if (is_new) {
		qd_date today = ui_today(ui);
		req.base.kind = PERIOD_QUARTER;
		req.base.achievement = true;
		req.base.achievement_bp = 10000;
		req.base.start = date_add_months((qd_date){ today.y, today.m, 1 }, 1);
	} else {
		if (!r || p->n == 0) {
			ui_error(ui, "%s", _("No rule is selected: press a to add one."));
			return;
		}
		req.base = p->rules[r->rule];
	}
	ui_push(ui, &screen_rebate_form, &req);
}

static void rebate_delete_yes(struct ui *ui, void *arg)
{
	struct rebate_panel *p = arg;
	qd_rc rc = db_rebate_rule_delete(ui_db(ui), &p->pending, ui_user(ui));
	if (rc == DB_CONFLICT)
		ui_error(ui, _("Not deleted: %s"), db_errmsg(ui_db(ui)));
	else if (rc)
		ui_db_error(ui, _("Not deleted"));
	else
		ui_message(ui, _("Deleted the rebate rule %s."), p->pending.name);
	rebate_reload(p, ui);
}

static void rebate_delete(void *state, struct ui *ui)
{
	struct rebate_panel *p = state;
	const struct rebate_row *r = table_selected(&p->table);
	if (!r || p->n == 0) {
		ui_error(ui, "%s", _("No rule is selected."));
		return;
	}
	if (!ui_can_write(ui))
		return;
	p->pending = p->rules[r->rule];
	char question[300];
	snprintf(question, sizeof question,
		 _("Delete the rebate rule %s? The scorecards' rebates follow at once; to "
		   "keep the past, give it an end date instead. (y/n)"),
		 p->pending.name);
	ui_confirm(ui, question, rebate_delete_yes, p);
}

static int rebate_key(void *state, struct ui *ui, struct ui_key k)
{
	struct rebate_panel *p = state;
	return setup_list_key(&p->table, ui, k, rebate_open, rebate_delete, p);
}

static void rebate_click(void *state, struct ui *ui, int row, int col)
{
	struct rebate_panel *p = state;
	setup_list_click(&p->table, ui, row, col, rebate_open, p);
}

static void rebate_wheel(void *state, struct ui *ui, int n)
{
	table_wheel(&((struct rebate_panel *)state)->table, ui, n);
}

static int64_t rebate_count(void *state)
{
	return ((struct rebate_panel *)state)->n;
}

static const struct ui_help rebate_help[] = {
	{ N_("Left/Right"), N_("section"), true },
	{ N_("Up/Down, PgUp/PgDn"), N_("move"), false },
	{ N_("a"), N_("add"), true },
	{ N_("e"), N_("edit"), true },
	/* TRANSLATORS: in Setup's Rebates section: d deletes a rule. */
	{ N_("d"), N_("delete"), true },
	{ N_("Enter"), N_("edit"), false },
	{ N_("x"), N_("export what is shown"), true },
	/* TRANSLATORS: a narrow terminal hides columns (‹ › in the header);
	 * these keys show them. */
	{ N_("< >"), N_("columns hidden on a narrow terminal (‹ ›)"), false },
	{ NULL, NULL, false },
};

const struct setup_panel setup_panel_rebates = {
	/* TRANSLATORS: the Setup section of the rebate rules. */
	.name = N_("Rebates"),	 .enter = rebate_enter, .leave = rebate_leave,
	.reload = rebate_reload, .draw = rebate_draw,	.key = rebate_key,
	.click = rebate_click,	 .wheel = rebate_wheel, .count = rebate_count,
	.help = rebate_help,
};
