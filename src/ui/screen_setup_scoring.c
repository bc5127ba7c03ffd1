/* The Setup tab's Scoring section: the versions of the score settings, each
 * applying from its month on (the latest one not after a period's first
 * month scores it), and the built-in settings when none applies. a adds a
 * version (from next month, as the one in force today), e or Enter edits
 * one, d deletes one; the form is screen_scoring_form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/scoring.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "scoring_form.h"
#include "screen_setup.h"
#include "table.h"
#include "ui.h"

struct scoring_row {
	int64_t id;  /* mem rows start with it */
	int version; /* index into the versions; -1 for the built-in settings */
};

struct scoring_panel {
	struct table_mem mem; /* first: the table's ctx */
	struct scoring_row *rows;
	int n;
	struct score_settings *versions, defaults;
	int nversions;
	struct table table;
	int64_t saved;		       /* the version the form saved: selected on reload */
	struct score_settings pending; /* waiting for its y/n to be deleted */
};

enum {
	SC_FROM,
	SC_WEIGHTS,
	SC_THRESHOLD,
	SC_DEDUCTIONS,
	SC_GRADES,
	SC_NORMALISE,
	SC_BOTTOM,
	SC_COLS
};
static const struct table_col scoring_cols[SC_COLS] = {
	/* TRANSLATORS: columns of the score settings in Setup. */
	[SC_FROM] = { N_("From"), 8, 0, 0, false, -1 },
	[SC_WEIGHTS] = { N_("Weights"), 0, 22, 0, false, -1 },
	/* TRANSLATORS: the threshold under which a part counts zero. */
	[SC_THRESHOLD] = { N_("Threshold"), 9, 0, 3, true, -1 },
	/* TRANSLATORS: the points each kind of incident costs. */
	[SC_DEDUCTIONS] = { N_("Incidents"), 0, 13, 4, false, -1 },
	/* TRANSLATORS: the lowest scores of grades A, B and C. */
	[SC_GRADES] = { N_("A B C"), 8, 0, 1, false, -1 },
	/* TRANSLATORS: whether scores are normalised to the best of a region. */
	[SC_NORMALISE] = { N_("Norm."), 5, 0, 2, false, -1 },
	/* TRANSLATORS: how many the bottom list shows. */
	[SC_BOTTOM] = { N_("Bottom"), 6, 0, 5, true, -1 },
};

static const struct score_settings *scoring_of(const struct scoring_panel *p,
					       const struct scoring_row *r)
{
	return r->version >= 0 ? &p->versions[r->version] : &p->defaults;
}

static void scoring_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
			 enum ui_color *color, attr_t *attr)
{
	(void)ui;
	(void)attr;
	const struct scoring_panel *p = ctx;
	const struct scoring_row *r = row;
	const struct score_settings *s = scoring_of(p, r);
	if (r->version < 0)
		*color = UI_DIM;
	switch (col) {
	case SC_FROM:
		if (r->version < 0)
			/* TRANSLATORS: the settings qudao comes with. */
			text_copy(buf, size, _("built-in"));
		else
			text_copy(buf, size, s->from);
		break;
	case SC_WEIGHTS:
		snprintf(buf, size, "%d %d %d %d %d %d %d %d", s->weight[0], s->weight[1],
			 s->weight[2], s->weight[3], s->weight[4], s->weight[5], s->weight[6],
			 s->weight[7]);
		break;
	case SC_THRESHOLD:
		snprintf(buf, size, "%d", s->threshold);
		break;
	case SC_DEDUCTIONS:
		snprintf(buf, size, "%d %d %d %d %d", s->deduction[0], s->deduction[1],
			 s->deduction[2], s->deduction[3], s->deduction[4]);
		break;
	case SC_GRADES:
		snprintf(buf, size, "%d %d %d", s->band[0], s->band[1], s->band[2]);
		break;
	case SC_NORMALISE:
		text_copy(buf, size, s->normalise ? _("yes") : _("no"));
		break;
	case SC_BOTTOM:
		snprintf(buf, size, "%d", s->bottom_n);
		break;
	default:
		break;
	}
}

static int64_t scoring_count_rows(void *ctx, struct ui *ui, bool *exact)
{
	(void)ui;
	*exact = true;
	return ((const struct scoring_panel *)ctx)->n;
}

/* In a file, each weight, each incident's points and each grade's lowest
 * score is a column and a number (they were one cell, "30 20 10 …"). */
static void scoring_export_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
				size_t size)
{
	const struct scoring_panel *p = ctx;
	const struct score_settings *s = scoring_of(p, row);
	const int *v = col == SC_WEIGHTS      ? s->weight
		       : col == SC_DEDUCTIONS ? s->deduction
		       : col == SC_GRADES     ? s->band
					      : NULL;
	int n = col == SC_WEIGHTS ? SCORE_PARTS : col == SC_DEDUCTIONS ? 5 : 3;
	if (!v) {
		enum ui_color color = UI_NORMAL;
		attr_t attr = 0;
		scoring_cell(ctx, ui, row, col, buf, size, &color, &attr);
		return;
	}
	size_t used = 0;
	buf[0] = '\0';
	for (int k = 0; k < n && used < size; k++)
		used += (size_t)snprintf(buf + used, size - used, "%d" TABLE_PART_END, v[k]);
}

/* TRANSLATORS: headers of the score settings exported from Setup. */
static const char *const scoring_weight_parts[] = {
	N_("Weight: sales"),	 N_("Weight: collection"), N_("Weight: price"),
	N_("Weight: territory"), N_("Weight: visits"),	   N_("Weight: inventory"),
	N_("Weight: service"),	 N_("Weight: training"),   NULL
};
static const char *const scoring_weight_keys[] = { "w_sales",	  "w_collection", "w_price",
						   "w_territory", "w_visits",	  "w_inventory",
						   "w_service",	  "w_training",	  NULL };
static const char *const scoring_deduction_parts[] = {
	N_("Points: price violation"), N_("Points: cross-territory sale"),
	N_("Points: return"),	       N_("Points: quality"),
	N_("Points: complaint"),       NULL
};
static const char *const scoring_deduction_keys[] = { "d_price_violation", "d_cross_territory",
						      "d_return",	   "d_quality",
						      "d_complaint",	   NULL };
static const char *const scoring_grade_parts[] = { N_("Grade A from"), N_("Grade B from"),
						   N_("Grade C from"), NULL };
static const char *const scoring_grade_keys[] = { "grade_a", "grade_b", "grade_c", NULL };
_Static_assert(sizeof scoring_weight_keys / sizeof *scoring_weight_keys == SCORE_PARTS + 1,
	       "a header for each weight");
static const char *const *const scoring_export_parts[SC_COLS] = {
	[SC_WEIGHTS] = scoring_weight_parts,
	[SC_DEDUCTIONS] = scoring_deduction_parts,
	[SC_GRADES] = scoring_grade_parts,
};
static const char *const *const scoring_export_part_keys[SC_COLS] = {
	[SC_WEIGHTS] = scoring_weight_keys,
	[SC_DEDUCTIONS] = scoring_deduction_keys,
	[SC_GRADES] = scoring_grade_keys,
};

static const struct table_source scoring_source = {
	.row_size = sizeof(struct scoring_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.find = table_mem_find,
	.count = scoring_count_rows,
	.cell = scoring_cell,
	.export_cell = scoring_export_cell,
	.export_parts = scoring_export_parts,
	.export_part_keys = scoring_export_part_keys,
};

/* The versions, latest first, then the built-in settings. */
static void scoring_read(struct scoring_panel *p, struct ui *ui)
{
	free(p->versions);
	p->versions = NULL;
	int n = db_scoring_settings(ui_db(ui), &p->versions);
	if (n < 0) {
		ui_db_error(ui, _("Could not read the score settings"));
		n = 0;
	}
	p->nversions = n;
	p->rows = xrealloc(p->rows, (size_t)(n + 1) * sizeof *p->rows);
	for (int i = 0; i <= n; i++)
		p->rows[i] = (struct scoring_row){ i + 1, i < n ? i : -1 };
	p->n = n + 1;
	p->mem = (struct table_mem){ p->rows, p->n, sizeof *p->rows };
	table_resize(&p->table, p->n);
}

static void *scoring_enter(struct ui *ui)
{
	struct scoring_panel *p = xcalloc(1, sizeof *p);
	score_settings_default(&p->defaults);
	table_init(&p->table, scoring_cols, SC_COLS, &scoring_source, p, 8);
	/* x exports the list as shown, like every Setup section. */
	p->table.export_name = "score-settings";
	scoring_read(p, ui);
	table_load(&p->table, ui);
	return p;
}

static void scoring_leave(void *state)
{
	struct scoring_panel *p = state;
	table_free(&p->table);
	free(p->rows);
	free(p->versions);
	free(p);
}

static void scoring_reload(void *state, struct ui *ui)
{
	struct scoring_panel *p = state;
	scoring_read(p, ui);
	table_reload(&p->table, ui);
	if (!p->saved)
		return;
	for (int i = 0; i < p->nversions; i++)
		if (p->versions[i].id == p->saved)
			table_show(&p->table, ui, i + 1);
	p->saved = 0;
}

/* The version in force today (or the built-in settings). */
static const struct score_settings *scoring_today(const struct scoring_panel *p, qd_date today)
{
	return score_settings_for(p->versions, p->nversions, period_of(PERIOD_MONTH, today),
				  &p->defaults);
}

static void scoring_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct scoring_panel *p = state;
	const struct score_settings *now = scoring_today(p, ui_today(ui));
	char line[600], from[64];
	if (now->id)
		text_copy(from, sizeof from, now->from);
	else
		text_copy(from, sizeof from, _("built-in"));
	snprintf(line, sizeof line,
		 _("Weights: sales, collection, price, territory, visits, inventory, service, "
		   "training. Incidents: price violation, cross-territory, return, quality, "
		   "complaint. In force today: %s."),
		 from);
	char **lines;
	int n = text_wrap(line, width - 2, &lines);
	int shown = n < 3 ? n : 3;
	for (int i = 0; i < n; i++) {
		if (i < shown)
			ui_text(top + i, 1, width - 2, lines[i], ui_attr(UI_DIM), false);
		free(lines[i]);
	}
	free(lines);
	table_draw(&p->table, ui, top + shown, 0, height - shown, width);
}

/* Opens the form: a new version (as the one in force today, from next
 * month) or the selected one. */
static void scoring_open(void *state, struct ui *ui, bool is_new)
{
	struct scoring_panel *p = state;
	const struct scoring_row *r = table_selected(&p->table);
	struct scoring_form_req req;
	memset(&req, 0, sizeof req);
	req.saved = &p->saved;
	if (is_new) {
		req.base = *scoring_today(p, ui_today(ui));
		req.base.id = req.base.version = 0;
		qd_period next = period_next(period_of(PERIOD_MONTH, ui_today(ui)), 1);
		period_format(next, req.base.from);
	} else {
		if (!r || r->version < 0) {
			ui_error(ui, "%s",
				 _("The built-in settings cannot be changed: press a to add a "
				   "version "
				   "of your own."));
			return;
		}
		req.base = p->versions[r->version];
	}
	ui_push(ui, &screen_scoring_form, &req);
}

static void scoring_delete_yes(struct ui *ui, void *arg)
{
	struct scoring_panel *p = arg;
	qd_rc rc = db_scoring_settings_delete(ui_db(ui), p->pending.id, p->pending.version,
					      ui_user(ui));
	if (rc == DB_CONFLICT)
		ui_error(ui, _("Not deleted: %s"), db_errmsg(ui_db(ui)));
	else if (rc)
		ui_db_error(ui, _("Not deleted"));
	else
		ui_message(ui, _("Deleted the score settings from %s."), p->pending.from);
	scoring_reload(p, ui);
}

static void scoring_delete(void *state, struct ui *ui)
{
	struct scoring_panel *p = state;
	const struct scoring_row *r = table_selected(&p->table);
	if (!r || r->version < 0) {
		ui_error(ui, "%s", _("The built-in settings cannot be deleted."));
		return;
	}
	if (!ui_can_write(ui))
		return;
	p->pending = p->versions[r->version];
	char question[900], now[PERIOD_BUF];
	period_format(period_of(PERIOD_MONTH, ui_today(ui)), now);
	if (strcmp(p->pending.from, now) < 0) {
		/* Scores of months already over change, as a save that
		 * reaches them says (a quarter's evaluation may have been
		 * decided on them). */
		char reach[600];
		scoring_settings_reach(ui, p->pending.id, p->pending.from, false, reach,
				       sizeof reach);
		snprintf(question, sizeof question,
			 _("Delete the score settings from %s? Scores of months already over "
			   "change. %s Those periods go back to the version before. (y/n)"),
			 p->pending.from, reach);
	} else {
		snprintf(question, sizeof question,
			 _("Delete the score settings from %s? Periods from then on take the "
			   "version before. (y/n)"),
			 p->pending.from);
	}
	ui_confirm(ui, question, scoring_delete_yes, p);
}

static int scoring_key(void *state, struct ui *ui, struct ui_key k)
{
	struct scoring_panel *p = state;
	return setup_list_key(&p->table, ui, k, scoring_open, scoring_delete, p);
}

static void scoring_click(void *state, struct ui *ui, int row, int col)
{
	struct scoring_panel *p = state;
	setup_list_click(&p->table, ui, row, col, scoring_open, p);
}

static void scoring_wheel(void *state, struct ui *ui, int n)
{
	table_wheel(&((struct scoring_panel *)state)->table, ui, n);
}

static int64_t scoring_count(void *state)
{
	/* The rows listed: the versions and the built-in settings. */
	return ((struct scoring_panel *)state)->nversions + 1;
}

static const struct ui_help scoring_help[] = {
	{ N_("Left/Right"), N_("section"), true },
	{ N_("Up/Down, PgUp/PgDn"), N_("move"), false },
	{ N_("a"), N_("add"), true },
	{ N_("e"), N_("edit"), true },
	/* TRANSLATORS: in Setup's Scoring section: d deletes a version of the
	 * score settings. */
	{ N_("d"), N_("delete"), true },
	{ N_("Enter"), N_("edit"), false },
	{ N_("x"), N_("export what is shown"), true },
	/* TRANSLATORS: a narrow terminal hides columns (‹ › in the header);
	 * these keys show them. */
	{ N_("< >"), N_("columns hidden on a narrow terminal (‹ ›)"), false },
	{ NULL, NULL, false },
};

const struct setup_panel setup_panel_scoring = {
	/* TRANSLATORS: the Setup section of the score settings. */
	.name = N_("Scoring"),	  .enter = scoring_enter, .leave = scoring_leave,
	.reload = scoring_reload, .draw = scoring_draw,	  .key = scoring_key,
	.click = scoring_click,	  .wheel = scoring_wheel, .count = scoring_count,
	.help = scoring_help,
};
