/* The visit calendar (tab 3): a month page with each day's visits by status,
 * a week of visits with their times, or one day's agenda; the selected
 * day's visits in a side panel (below the month on a narrow terminal); the
 * month's review and the distributors overdue for a visit. Whose visits: the
 * configuration's user names the rep (a manager sees the region), u picks
 * another. Planning (a, P, <, >, x, C) and recording (Enter) happen in the
 * visit screens (screen_visit*.c) and db/visit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/calendar.h"
#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/text.h"
#include "qudao/visit.h"
#include "qudao/visit_rules.h"
#include "qudao/xalloc.h"
#include "screen_visit.h"
#include "table.h"
#include "ui.h"

enum cal_view { VIEW_MONTH, VIEW_WEEK, VIEW_DAY };
enum { CAL_DAY_CAP = 120, CAL_WEEK_MAX = 40, CAL_OVERDUE_SHOWN = 3, CAL_PANEL_MIN = 110 };

struct cal {
	enum cal_view view;
	qd_date sel;
	int year, month; /* of the loaded page */
	qd_date grid[42];
	int rows;
	struct visit_day_counts counts[42];
	/* Whose visits. */
	struct visit_scope scope;
	char scope_label[520];
	int64_t mine; /* the user's rep, 0 when the user is not one */
	char mine_name[480];
	/* The selected day's visits. */
	struct visit_filter day;
	struct table list;
	bool list_focus;
	/* The week's visits, per day. */
	struct visit_row *week[7];
	int nweek[7];
	int64_t week_total[7];
	/* The month's review (one rep), the distributors overdue. */
	struct visit_review review;
	bool reviewed;
	struct visit_overdue overdue[CAL_OVERDUE_SHOWN];
	int noverdue;
	int64_t overdue_total;
	struct visit_settings settings;
	/* A visit saved by a form: selected when the calendar reads again. */
	int64_t saved_id;
	qd_date saved_day;
	/* A drop or a confirmation waiting for its y/n. */
	int64_t pending_id, pending_version;
	/* The layout of the last draw, for clicks. */
	int grid_y, grid_x, cell_w, cell_h, list_y;
	int grid_first; /* the first week shown when the month does not fit */
};

static const struct ui_help cal_help[] = {
	{ N_("Enter"), N_("open (record on its day)"), true },
	{ N_("a"), N_("plan"), true },
	{ N_("P"), N_("propose"), true },
	{ N_("u"), N_("whose"), true },
	{ N_("Arrows, h/j/k/l"), N_("move a day / a week"), false },
	{ N_("t"), N_("today"), false },
	{ N_("[ ]"), N_("month before / after"), false },
	{ N_("M w d"), N_("month, week, day"), false },
	{ N_("Tab"), N_("the day's visits / the calendar"), false },
	{ N_("e"), N_("edit the plan"), false },
	{ N_("< >"), N_("move the visit a day"), false },
	{ N_("x"), N_("drop a planned visit, cancel a confirmed one"), false },
	{ N_("m"), N_("mark missed, with the reason"), false },
	{ N_("n"), N_("coaching note"), false },
	{ N_("C"), N_("confirm the month's planned visits"), false },
	{ N_("R"), N_("review by rep"), false },
	/* TRANSLATORS: the symbols of a day's visits on the month page. */
	{ N_("~ + * ! x"), N_("planned, confirmed, done, missed, cancelled"), false },
	{ NULL, NULL, false },
};

/* ---- how a status is drawn (shared with the visit screens) ---- */

int visit_status_index(const char *status)
{
	return label_index(&labels_visit_status, status);
}

enum ui_color visit_status_color(const char *status)
{
	static const enum ui_color colors[] = { UI_NORMAL, UI_TITLE, UI_GOOD, UI_ERROR, UI_DIM };
	int i = visit_status_index(status);
	return i >= 0 ? colors[i] : UI_NORMAL;
}

char visit_status_symbol(int index)
{
	static const char symbols[] = "~+*!x";
	return index >= 0 && index < 5 ? symbols[index] : '?';
}

void visit_time_of(const char *at, char *buf, size_t size)
{
	snprintf(buf, size, "%.5s", strlen(at) >= 16 ? at + 11 : "");
}

void visit_objective_text(const char *kind, int64_t fen, const char *text, char *buf, size_t size)
{
	char money[MONEY_BUF];
	if (!kind || !strcmp(kind, "none") || !*kind)
		buf[0] = '\0';
	else if (visit_objective_has_amount(kind))
		snprintf(buf, size, "%s %s", _(label_of(&labels_visit_objective, kind)),
			 money_format(fen, money));
	else if (!strcmp(kind, "display"))
		snprintf(buf, size, "%s", _(label_of(&labels_visit_objective, kind)));
	else
		snprintf(buf, size, "%s %s", _(label_of(&labels_visit_objective, kind)), text);
}

/* ---- the day's visits: a table over db_visit_page ---- */

enum { CL_TIME, CL_STATUS, CL_DIST, CL_WHAT, CL_REP, CL_COUNT };
static const struct table_col cal_list_cols[CL_COUNT] = {
	/* TRANSLATORS: column headers of the calendar's list of a day's visits. */
	[CL_TIME] = { N_("Time"), 5, 0, 0, false, -1 },
	[CL_STATUS] = { N_("Status"), 11, 0, 2, false, -1 },
	[CL_DIST] = { N_("Distributor"), 0, 12, 0, false, -1 },
	[CL_WHAT] = { N_("Purpose, objective"), 0, 14, 1, false, -1 },
	[CL_REP] = { N_("Rep"), 8, 0, 3, false, -1 },
};

static int cal_fetch(void *ctx, struct ui *ui, const void *after, bool backward, void *out, int max)
{
	struct cal *c = ctx;
	int n = db_visit_page(ui_db(ui), &c->day, after, backward, out, max);
	if (n < 0)
		ui_db_error(ui, _("Could not read the visits"));
	return n;
}

static int64_t cal_row_id(const void *row)
{
	return ((const struct visit_row *)row)->id;
}

static int cal_find(void *ctx, struct ui *ui, int64_t id, void *out)
{
	struct cal *c = ctx;
	struct visit_row *r = out;
	int found = db_visit_row(ui_db(ui), id, r);
	if (found < 0) {
		ui_db_error(ui, _("Could not read the visits"));
		return -1;
	}
	char day[DATE_BUF];
	date_format(c->day.from, day);
	if (!found || strncmp(r->at, day, 10))
		return 0;
	if (c->scope.rep_id && r->rep_id != c->scope.rep_id)
		return 0;
	if (c->scope.region_id) {
		/* A region's visits are its reps': the visit's rep must be one. */
		struct visit_person p;
		qd_rc rc = db_visit_person(ui_db(ui), r->rep_code, &p);
		if (rc && rc != DB_NOTFOUND) {
			ui_db_error(ui, _("Could not read the reps"));
			return -1;
		}
		if (rc || p.region_id != c->scope.region_id)
			return 0;
	}
	return 1;
}

static int64_t cal_count(void *ctx, struct ui *ui, bool *exact)
{
	struct cal *c = ctx;
	*exact = true;
	int64_t n = db_visit_count(ui_db(ui), &c->day);
	if (n < 0)
		ui_db_error(ui, _("Could not read the visits"));
	return n;
}

static void cal_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
		     enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	const struct visit_row *r = row;
	char objective[512];
	switch (col) {
	case CL_TIME:
		visit_time_of(r->at, buf, size);
		break;
	case CL_STATUS:
		snprintf(buf, size, "%c %s", visit_status_symbol(visit_status_index(r->status)),
			 _(label_of(&labels_visit_status, r->status)));
		*color = visit_status_color(r->status);
		break;
	case CL_DIST:
		snprintf(buf, size, "%s %s", r->dist_name, r->dist_code);
		if (!strcmp(r->status, "cancelled"))
			*color = UI_DIM;
		break;
	case CL_WHAT:
		visit_objective_text(r->objective_kind, r->objective_fen, r->objective, objective,
				     sizeof objective);
		snprintf(buf, size, "%s%s%s%s", _(label_of(&labels_visit_purpose, r->purpose)),
			 objective[0] ? " · " : "", objective, r->coached ? _(" · coached") : "");
		break;
	case CL_REP:
		text_copy(buf, size, r->rep_name);
		break;
	default:
		break;
	}
	(void)attr;
}

static const struct table_source cal_source = {
	.row_size = sizeof(struct visit_row),
	.fetch = cal_fetch,
	.id = cal_row_id,
	.find = cal_find,
	.count = cal_count,
	.cell = cal_cell,
};

/* ---- reading ---- */

/* The page of the selected day's month, the review and the day's list. */
static void cal_read_month(struct cal *c, struct ui *ui)
{
	c->year = c->sel.y;
	c->month = c->sel.m;
	date_month_grid(c->year, c->month, c->grid);
	c->rows = calendar_month_rows(c->year, c->month);
	if (db_visit_days(ui_db(ui), &c->scope, c->grid[0], c->grid[c->rows * 7 - 1], c->counts))
		ui_db_error(ui, _("Could not read the visits"));
	c->reviewed = false;
	if (c->scope.rep_id) {
		if (db_visit_review(ui_db(ui), c->scope.rep_id, c->year, c->month, ui_today(ui),
				    &c->review))
			ui_db_error(ui, _("Could not read the review"));
		else
			c->reviewed = true;
	}
}

static void cal_read_week(struct cal *c, struct ui *ui)
{
	qd_date monday = date_add_days(c->sel, 1 - date_weekday(c->sel));
	for (int i = 0; i < 7; i++) {
		qd_date d = date_add_days(monday, i);
		struct visit_filter f = { c->scope, 0, d, d };
		if (!c->week[i])
			c->week[i] = xcalloc(CAL_WEEK_MAX, sizeof *c->week[i]);
		int n = db_visit_page(ui_db(ui), &f, NULL, false, c->week[i], CAL_WEEK_MAX);
		c->nweek[i] = n > 0 ? n : 0;
		c->week_total[i] = n < CAL_WEEK_MAX ? c->nweek[i] : db_visit_count(ui_db(ui), &f);
	}
}

static void cal_read_overdue(struct cal *c, struct ui *ui)
{
	int n = db_visit_overdue(ui_db(ui), &c->scope, ui_today(ui), c->overdue, CAL_OVERDUE_SHOWN,
				 &c->overdue_total);
	if (n < 0) {
		ui_db_error(ui, _("Could not read the distributors"));
		n = 0;
		c->overdue_total = 0;
	}
	c->noverdue = n;
}

/* The selected day changed: its list, and the month or week when it left
 * them. */
static void cal_select(struct cal *c, struct ui *ui, qd_date d)
{
	if (!date_in_range(d))
		return;
	qd_date old_monday = date_add_days(c->sel, 1 - date_weekday(c->sel));
	c->sel = d;
	if (d.y != c->year || d.m != c->month)
		cal_read_month(c, ui);
	if (c->view == VIEW_WEEK &&
	    date_cmp(old_monday, date_add_days(d, 1 - date_weekday(d))) != 0)
		cal_read_week(c, ui);
	c->day.from = c->day.to = d;
	table_load(&c->list, ui);
}

/* Everything again (a save, another program, whose visits changed). */
static void cal_read_all(struct cal *c, struct ui *ui)
{
	if (db_visit_settings_get(ui_db(ui), &c->settings))
		visit_settings_default(&c->settings);
	cal_read_month(c, ui);
	if (c->view == VIEW_WEEK)
		cal_read_week(c, ui);
	cal_read_overdue(c, ui);
	c->day.scope = c->scope;
	c->day.from = c->day.to = c->sel;
	table_reload(&c->list, ui);
	if (c->saved_id) {
		int64_t id = c->saved_id;
		c->saved_id = 0;
		/* The day a form saved to is for this reading alone: a later
		 * save of another form must not go back to it. */
		qd_date day = c->saved_day;
		c->saved_day = (qd_date){ 0, 0, 0 };
		if (date_valid(day) && date_cmp(day, c->sel)) {
			c->sel = day;
			c->day.from = c->day.to = c->sel;
			cal_read_month(c, ui);
			if (c->view == VIEW_WEEK)
				cal_read_week(c, ui);
			table_load(&c->list, ui);
		}
		table_show(&c->list, ui, id);
	}
}

/* Whose visits at first: the user's own when the user is a rep; a
 * manager's region (everyone's without one); everyone's otherwise. */
static void cal_default_scope(struct cal *c, struct ui *ui)
{
	struct visit_person p;
	qd_rc rc = db_visit_person(ui_db(ui), ui_user(ui), &p);
	c->scope = (struct visit_scope){ 0, 0 };
	text_copy(c->scope_label, sizeof c->scope_label, _("everyone"));
	if (rc) {
		if (rc != DB_NOTFOUND)
			ui_db_error(ui, _("Could not read the reps"));
		return;
	}
	c->mine = p.rep_id;
	snprintf(c->mine_name, sizeof c->mine_name, "%s (%s)", p.name, p.code);
	if (!p.manager) {
		c->scope.rep_id = p.rep_id;
		text_copy(c->scope_label, sizeof c->scope_label, c->mine_name);
	} else if (p.region_id) {
		struct ref_item items[64];
		int n = db_ref_region_search(ui_db(ui), "", items, 64);
		c->scope.region_id = p.region_id;
		for (int i = 0; i < n; i++)
			if (items[i].id == p.region_id)
				snprintf(c->scope_label, sizeof c->scope_label, _("region %s"),
					 items[i].name);
	}
}

static void *cal_enter(struct ui *ui, void *arg)
{
	(void)arg;
	struct cal *c = xcalloc(1, sizeof *c);
	c->sel = ui_today(ui);
	cal_default_scope(c, ui);
	c->day = (struct visit_filter){ c->scope, 0, c->sel, c->sel };
	table_init(&c->list, cal_list_cols, CL_COUNT, &cal_source, c, CAL_DAY_CAP);
	c->list.focused = false;
	if (db_visit_settings_get(ui_db(ui), &c->settings))
		visit_settings_default(&c->settings);
	cal_read_month(c, ui);
	cal_read_overdue(c, ui);
	table_load(&c->list, ui);
	return c;
}

static void cal_leave(void *state)
{
	struct cal *c = state;
	table_free(&c->list);
	for (int i = 0; i < 7; i++)
		free(c->week[i]);
	free(c);
}

static void cal_reload(void *state, struct ui *ui)
{
	cal_read_all(state, ui);
}

/* ---- drawing ---- */

static int cal_percent(int part, int whole)
{
	return whole > 0 ? (part * 200 + whole) / (2 * whole) : 0;
}

/* The title: the month (or the week, the day) and whose visits. */
static void cal_draw_title(struct cal *c, struct ui *ui, int y, int width)
{
	char when[CALENDAR_NAME_BUF * 2], line[600];
	qd_lang lang = i18n_lang();
	if (c->view == VIEW_MONTH) {
		calendar_month_title(c->sel.y, c->sel.m, lang, when);
	} else if (c->view == VIEW_WEEK) {
		int iy, iw;
		date_iso_week(c->sel, &iy, &iw);
		char month[CALENDAR_NAME_BUF];
		/* TRANSLATORS: the week view's title: the month and the ISO week number. */
		snprintf(when, sizeof when, _("%s, week %d"),
			 calendar_month_title(c->sel.y, c->sel.m, lang, month), iw);
	} else {
		calendar_day_title(c->sel, lang, when);
	}
	/* TRANSLATORS: the calendar's title: when, then whose visits. */
	snprintf(line, sizeof line, _("%s · visits of %s"), when, c->scope_label);
	ui_text(y, 0, width, line, ui_attr(UI_TITLE) | A_BOLD, false);
	(void)ui;
}

/* The review line (one rep) and the overdue line. */
static void cal_draw_warnings(struct cal *c, int y, int width)
{
	char line[800];
	if (c->reviewed) {
		const struct visit_review *r = &c->review;
		int conc = (r->concentration_bp + 50) / 100;
		bool over = conc > c->settings.concentration_pct && r->done > 0;
		/* Nothing due yet is no rate at all, not 0 %. */
		char rate[16] = "—";
		if (r->due > 0)
			snprintf(rate, sizeof rate, "%d%%",
				 cal_percent(r->done_as_planned, r->due));
		snprintf(line, sizeof line,
			 _("As planned %d/%d %s · objective met %d/%d · no effect %d · "
			   "concentration %d%%%s"),
			 r->done_as_planned, r->due, rate, r->objective_met, r->with_objective,
			 r->changed_nothing, conc, over ? _(" (!) the same few") : "");
		ui_text(y, 0, width, line, over ? ui_attr(UI_WARNING) | A_BOLD : A_NORMAL, false);
	} else {
		ui_text(y, 0, width,
			_("R reviews each rep's month: done as planned, objectives, "
			  "concentration."),
			ui_attr(UI_DIM), false);
	}
	if (c->overdue_total == 0) {
		ui_text(y + 1, 0, width, _("No distributor is overdue for a visit."),
			ui_attr(UI_GOOD), false);
		return;
	}
	size_t used =
		(size_t)snprintf(line, sizeof line,
				 ngettext("Overdue: %lld distributor", "Overdue: %lld distributors",
					  (unsigned long)c->overdue_total),
				 (long long)c->overdue_total);
	for (int i = 0; i < c->noverdue && used < sizeof line; i++) {
		const struct visit_overdue *o = &c->overdue[i];
		if (o->never)
			used += (size_t)snprintf(line + used, sizeof line - used, _(" · %s never"),
						 o->name);
		else
			used += (size_t)snprintf(
				line + used, sizeof line - used,
				ngettext(" · %s %d day", " · %s %d days", (unsigned long)o->days),
				o->name, o->days);
	}
	ui_text(y + 1, 0, width, line, ui_attr(UI_WARNING), false);
}

/* One day's cell: its number, then its visits by status in colour. */
static void cal_draw_cell(struct cal *c, struct ui *ui, int i, int y, int x, int w, int h)
{
	qd_date d = c->grid[i];
	bool in_month = d.m == c->month;
	bool today = !date_cmp(d, ui_today(ui)), selected = !date_cmp(d, c->sel);
	attr_t a = !in_month		    ? ui_attr(UI_DIM)
		   : calendar_is_weekend(d) ? ui_attr(UI_WARNING)
					    : A_NORMAL;
	if (today)
		a |= A_BOLD | A_UNDERLINE;
	if (selected)
		a = ui_attr(UI_SELECTED) | (today ? A_BOLD : 0);
	char num[24];
	/* TRANSLATORS: today's mark beside its day number on the month page. */
	snprintf(num, sizeof num, "%2d%s", d.d, today ? _(" today") : "");
	for (int r = 0; r < h; r++)
		ui_fill(y + r, x, w - 1, selected ? a : A_NORMAL);
	ui_text(y, x, w - 1, num, a, false);
	if (h < 2)
		return;
	const struct visit_day_counts *k = &c->counts[i];
	int cx = x;
	for (int s = 0; s < 5 && cx < x + w - 1; s++) {
		if (!k->n[s])
			continue;
		char part[16];
		snprintf(part, sizeof part, "%c%d", visit_status_symbol(s), k->n[s]);
		int pw = text_width(part);
		if (cx + pw > x + w - 1)
			break;
		static const char *const codes[] = { "planned", "confirmed", "done", "missed",
						     "cancelled" };
		attr_t pa = selected ? ui_attr(UI_SELECTED) : ui_attr(visit_status_color(codes[s]));
		ui_text(y + 1, cx, pw, part, pa | (s == 3 ? A_BOLD : 0), false);
		cx += pw + (w > 10 ? 1 : 0);
	}
}

static void cal_draw_month(struct cal *c, struct ui *ui, int y, int x, int height, int width)
{
	qd_lang lang = i18n_lang();
	int cw = width / 7;
	int ch = c->rows > 0 ? (height - 1) / c->rows : 2;
	ch = ch > 4 ? 4 : ch;
	c->grid_y = y + 1;
	c->grid_x = x;
	c->cell_w = cw;
	c->cell_h = ch;
	for (int wd = 1; wd <= 7; wd++)
		ui_text(y, x + (wd - 1) * cw, cw - 1,
			cw >= 12 ? calendar_weekday_name(wd, lang)
				 : calendar_weekday_short(wd, lang),
			wd >= 6 ? ui_attr(UI_WARNING) | A_BOLD : ui_attr(UI_TITLE), false);
	/* Too low for every week: a line each for the weeks around the
	 * selected day. */
	int first = 0, shown = c->rows;
	if (ch < 1) {
		ch = 1;
		shown = height - 1;
		if (shown < 1)
			return;
		int sel = 0;
		for (int i = 0; i < c->rows * 7; i++)
			if (!date_cmp(c->grid[i], c->sel))
				sel = i / 7;
		first = sel - shown / 2;
		if (first > c->rows - shown)
			first = c->rows - shown;
		if (first < 0)
			first = 0;
		c->cell_h = ch;
	}
	c->grid_first = first;
	for (int r = first; r < c->rows && r < first + shown; r++)
		for (int d = 0; d < 7; d++)
			cal_draw_cell(c, ui, r * 7 + d, y + 1 + (r - first) * ch, x + d * cw, cw,
				      ch);
}

static void cal_draw_week(struct cal *c, struct ui *ui, int y, int x, int height, int width)
{
	qd_lang lang = i18n_lang();
	int cw = width / 7;
	qd_date monday = date_add_days(c->sel, 1 - date_weekday(c->sel));
	c->grid_y = y;
	c->grid_x = x;
	c->cell_w = cw;
	c->cell_h = height;
	for (int i = 0; i < 7; i++) {
		qd_date d = date_add_days(monday, i);
		bool selected = !date_cmp(d, c->sel), today = !date_cmp(d, ui_today(ui));
		char head[64];
		snprintf(head, sizeof head, "%s %d", calendar_weekday_short(i + 1, lang), d.d);
		attr_t a = selected		    ? ui_attr(UI_SELECTED)
			   : calendar_is_weekend(d) ? ui_attr(UI_WARNING) | A_BOLD
						    : ui_attr(UI_TITLE);
		if (today)
			a |= A_BOLD | A_UNDERLINE;
		ui_fill(y, x + i * cw, cw - 1, a);
		ui_text(y, x + i * cw, cw - 1, head, a, false);
		/* Each visit: its status symbol (the colour may be lost) and
		 * time, then as much of the name as fits; in a narrow column
		 * the name takes a line of its own. */
		bool two = cw - 1 < 18;
		int per = two ? 2 : 1, line = 0;
		for (int k = 0; k < c->nweek[i]; k++) {
			const struct visit_row *r = &c->week[i][k];
			bool later = k + 1 < c->week_total[i];
			if (line + per > height - 1 - (later ? 1 : 0)) {
				char more[64];
				snprintf(more, sizeof more, _("+%lld more"),
					 (long long)(c->week_total[i] - k));
				if (line < height - 1)
					ui_text(y + 1 + line, x + i * cw, cw - 1, more,
						ui_attr(UI_DIM), false);
				break;
			}
			char text[900], hhmm[8];
			visit_time_of(r->at, hhmm, sizeof hhmm);
			attr_t va = ui_attr(visit_status_color(r->status));
			char mark = visit_status_symbol(visit_status_index(r->status));
			if (two) {
				snprintf(text, sizeof text, "%c%s", mark, hhmm);
				ui_text(y + 1 + line, x + i * cw, cw - 1, text, va, false);
				ui_text(y + 2 + line, x + i * cw + 1, cw - 2, r->dist_name, va,
					false);
			} else {
				snprintf(text, sizeof text, "%c%s %s", mark, hhmm, r->dist_name);
				ui_text(y + 1 + line, x + i * cw, cw - 1, text, va, false);
			}
			line += per;
		}
		if (c->week_total[i] > c->nweek[i] && line + 1 <= height - 1 && c->nweek[i] > 0 &&
		    line >= c->nweek[i] * per) {
			char more[64];
			snprintf(more, sizeof more, _("+%lld more"),
				 (long long)(c->week_total[i] - c->nweek[i]));
			ui_text(y + 1 + line, x + i * cw, cw - 1, more, ui_attr(UI_DIM), false);
		}
	}
}

/* The selected visit's purpose and objective in full under the day's list,
 * when its column cuts them (at 80 columns it often does): the last line or
 * two of the list give way to it. */
static void cal_draw_list_whole(struct cal *c, struct ui *ui, int y, int x, int height, int width)
{
	const struct visit_row *r = c->list.focused ? table_selected(&c->list) : NULL;
	if (!r || height < 5 || width < 20)
		return;
	char buf[1024];
	enum ui_color color = UI_NORMAL;
	attr_t attr = 0;
	cal_cell(c, ui, r, CL_WHAT, buf, sizeof buf, &color, &attr);
	if (c->list.col_shown[CL_WHAT] && text_width(buf) <= c->list.col_cells[CL_WHAT])
		return;
	int room = height >= 10 ? 3 : height >= 8 ? 2 : 1;
	char **lines;
	/* One line: all of it there, cut at the end (a wrap would keep only
	 * the words before the first break). */
	int n = room == 1 ? 1 : text_wrap(buf, width - 2, &lines);
	if (room == 1) {
		lines = xmalloc(sizeof *lines);
		lines[0] = xstrdup(buf);
	}
	int shown = n < room ? n : room;
	/* More than there is room for: the last line shown says so. */
	if (n > shown) {
		char *cut = xasprintf("%s…", lines[shown - 1]);
		free(lines[shown - 1]);
		lines[shown - 1] = cut;
	}
	/* The list again, shorter, with the selected row kept in view. */
	table_draw(&c->list, ui, y + 1, x, height - 1 - shown, width);
	for (int i = 0; i < shown; i++) {
		ui_fill(y + height - shown + i, x, width, A_NORMAL);
		ui_text(y + height - shown + i, x + 1, width - 2, lines[i], ui_attr(UI_DIM), false);
	}
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* The selected day's visits, with its title. */
static void cal_draw_list(struct cal *c, struct ui *ui, int y, int x, int height, int width)
{
	char title[256], when[CALENDAR_NAME_BUF], pos[48];
	calendar_day_title(c->sel, i18n_lang(), when);
	table_position(&c->list, pos, sizeof pos);
	snprintf(title, sizeof title, pos[0] ? "%s · %s" : "%s", when, pos);
	c->list_y = y;
	ui_fill(y, x, width, c->list_focus ? ui_attr(UI_TAB) : A_REVERSE);
	ui_text(y, x, width, title, c->list_focus ? ui_attr(UI_TAB) : A_REVERSE, false);
	c->list.focused = c->list_focus || c->view == VIEW_DAY;
	if (height < 2)
		return;
	table_draw(&c->list, ui, y + 1, x, height - 1, width);
	if (c->list.n == 0)
		ui_text(y + 2, x + 1, width - 2, _("No visits this day. a plans one."),
			ui_attr(UI_DIM), false);
	cal_draw_list_whole(c, ui, y, x, height, width);
}

static void cal_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct cal *c = state;
	cal_draw_title(c, ui, top, width);
	cal_draw_warnings(c, top + 1, width);
	int y = top + 3, h = height - 3;
	if (h < 4)
		return;
	if (c->view == VIEW_DAY) {
		c->grid_y = -1;
		cal_draw_list(c, ui, y, 0, h, width);
		return;
	}
	bool side = width >= CAL_PANEL_MIN;
	if (side) {
		int panel = width * 2 / 5;
		int gw = width - panel - 1;
		if (c->view == VIEW_MONTH)
			cal_draw_month(c, ui, y, 0, h, gw);
		else
			cal_draw_week(c, ui, y, 0, h, gw);
		cal_draw_list(c, ui, y, gw + 1, h, panel);
		return;
	}
	/* Narrow: the calendar above, the day's visits below. */
	int list_h = c->view == VIEW_MONTH ? h - (1 + c->rows * 2) : h / 3;
	if (c->view == VIEW_MONTH && list_h < 3)
		list_h = h - (1 + c->rows); /* a line a week */
	if (list_h < 3)
		list_h = 3;
	int cal_h = h - list_h;
	if (c->view == VIEW_MONTH)
		cal_draw_month(c, ui, y, 0, cal_h, width);
	else
		cal_draw_week(c, ui, y, 0, cal_h, width);
	cal_draw_list(c, ui, y + cal_h, 0, list_h, width);
}

/* ---- keys ---- */

static const struct visit_row *cal_selected(struct cal *c, struct ui *ui)
{
	const struct visit_row *r = table_selected(&c->list);
	if (!r)
		ui_error(ui, "%s", _("No visit is selected: pick one in the day's list (Tab)."));
	return r;
}

/* The visit a form opens is selected, on its own day, when the calendar
 * reads again after the form. */
static void cal_saved(struct cal *c, const struct visit_row *r)
{
	int minutes;
	c->saved_id = r->id;
	if (date_parse_datetime(r->at, &c->saved_day, &minutes))
		c->saved_day = c->sel;
}

/* A visit of a day still to come is not missed (core/visit_rules): said at
 * once rather than after the reason is typed. */
static bool cal_may_miss(const struct visit_row *r, struct ui *ui)
{
	qd_date day;
	int minutes;
	if (date_parse_datetime(r->at, &day, &minutes))
		return true; /* the database says what is wrong */
	const char *early = visit_miss_check(day, ui_today(ui));
	if (early)
		ui_error(ui, "%s", _(early));
	return !early;
}

static void cal_set_view(struct cal *c, struct ui *ui, enum cal_view v)
{
	c->view = v;
	c->list_focus = v == VIEW_DAY;
	if (v == VIEW_WEEK)
		cal_read_week(c, ui);
}

static void cal_open(struct cal *c, struct ui *ui)
{
	const struct visit_row *r = cal_selected(c, ui);
	if (!r)
		return;
	int64_t id = r->id;
	cal_saved(c, r);
	visit_open(ui, id);
}

static void cal_plan(struct cal *c, struct ui *ui, bool edit)
{
	struct visit_plan_req req = { 0, c->sel, c->scope.rep_id ? c->scope.rep_id : c->mine,
				      &c->saved_id, &c->saved_day };
	if (edit) {
		const struct visit_row *r = cal_selected(c, ui);
		if (!r)
			return;
		req.id = r->id;
	}
	ui_push(ui, &screen_visit_plan, &req);
}

static void cal_move(struct cal *c, struct ui *ui, int days)
{
	const struct visit_row *r = cal_selected(c, ui);
	if (!r || !ui_can_write(ui))
		return;
	int64_t id = r->id, version = r->version;
	qd_rc rc = db_visit_move(ui_db(ui), id, &version, days);
	if (rc == DB_INVALID || rc == DB_CONFLICT || rc == DB_NOTFOUND)
		ui_error(ui, _("Not moved: %s"), db_errmsg(ui_db(ui)));
	else if (rc)
		ui_db_error(ui, _("Not moved"));
	if (rc)
		return;
	c->saved_id = id;
	c->saved_day = date_add_days(c->sel, days);
	ui_changed(ui);
}

static void cal_drop_yes(struct ui *ui, void *arg)
{
	struct cal *c = arg;
	qd_rc rc = db_visit_drop(ui_db(ui), c->pending_id, c->pending_version);
	if (rc == DB_INVALID || rc == DB_CONFLICT || rc == DB_NOTFOUND)
		ui_error(ui, _("Not dropped: %s"), db_errmsg(ui_db(ui)));
	else if (rc)
		ui_db_error(ui, _("Not dropped"));
	else
		ui_message(ui, "%s", _("The visit is dropped from the plan."));
	if (rc)
		cal_read_all(c, ui);
	else
		ui_changed(ui);
}

/* A note (missed, cancelled, coaching) for the selected visit. */
static void cal_note(struct cal *c, struct ui *ui, enum visit_note_kind kind)
{
	const struct visit_row *r = cal_selected(c, ui);
	if (!r)
		return;
	if (kind == VISIT_NOTE_MISSED && !cal_may_miss(r, ui))
		return;
	struct visit_note_req req = { kind, r->id, r->version, "" };
	snprintf(req.what, sizeof req.what, "%s, %.10s %.5s", r->dist_name, r->at, r->at + 11);
	cal_saved(c, r);
	ui_push(ui, &screen_visit_note, &req);
}

static void cal_drop(struct cal *c, struct ui *ui)
{
	const struct visit_row *r = cal_selected(c, ui);
	if (!r || !ui_can_write(ui))
		return;
	if (!strcmp(r->status, "confirmed")) {
		cal_note(c, ui, VISIT_NOTE_CANCELLED);
		return;
	}
	if (strcmp(r->status, "planned")) {
		ui_error(ui, "%s",
			 _("Only a planned or confirmed visit can be dropped or cancelled."));
		return;
	}
	c->pending_id = r->id;
	c->pending_version = r->version;
	char question[1200];
	snprintf(question, sizeof question, _("Drop the visit to %s from the plan? (y/n)"),
		 r->dist_name);
	ui_confirm(ui, question, cal_drop_yes, c);
}

/* The rep a proposal or a confirmation is for. */
static int64_t cal_rep(struct cal *c, struct ui *ui)
{
	if (c->scope.rep_id)
		return c->scope.rep_id;
	ui_error(ui, "%s", _("Plans are made per rep: press u and pick one."));
	return 0;
}

static void cal_propose(struct cal *c, struct ui *ui)
{
	int64_t rep = cal_rep(c, ui);
	if (!rep || !ui_can_write(ui))
		return;
	qd_date today = ui_today(ui);
	qd_date next = date_add_months((qd_date){ today.y, today.m, 1 }, 1);
	int added = 0, unplaced = 0;
	uint64_t seed = (uint64_t)rep ^ (uint64_t)(next.y * 12 + next.m);
	qd_rc rc = db_visit_propose(ui_db(ui), rep, next.y, next.m, today, &c->settings, seed,
				    &added, &unplaced);
	if (rc) {
		ui_db_error(ui, _("No plan proposed"));
		return;
	}
	char month[CALENDAR_NAME_BUF];
	calendar_month_title(next.y, next.m, i18n_lang(), month);
	if (unplaced)
		ui_message(ui,
			   ngettext("%s: %d visit proposed; %d more were due but did not fit "
				    "(at most %d a day). Move (< >), drop (x) or add (a), then C "
				    "confirms.",
				    "%s: %d visits proposed; %d more were due but did not fit "
				    "(at most %d a day). Move (< >), drop (x) or add (a), then C "
				    "confirms.",
				    (unsigned long)added),
			   month, added, unplaced, c->settings.per_day);
	else
		ui_message(
			ui,
			ngettext("%s: %d visit proposed. Move (< >), drop (x) or add (a), then "
				 "C confirms.",
				 "%s: %d visits proposed. Move (< >), drop (x) or add (a), then C "
				 "confirms.",
				 (unsigned long)added),
			month, added);
	c->sel = next;
	ui_changed(ui);
	table_load(&c->list, ui);
}

static void cal_confirm_yes(struct ui *ui, void *arg)
{
	struct cal *c = arg;
	qd_date first = { c->year, c->month, 1 };
	qd_date last = { c->year, c->month, date_days_in_month(c->year, c->month) };
	int n = 0;
	if (db_visit_confirm(ui_db(ui), c->pending_id, first, last, &n)) {
		ui_db_error(ui, _("Not confirmed"));
		cal_read_all(c, ui);
		return;
	}
	ui_message(ui, ngettext("%d visit confirmed.", "%d visits confirmed.", (unsigned long)n),
		   n);
	ui_changed(ui);
}

static void cal_confirm(struct cal *c, struct ui *ui)
{
	int64_t rep = cal_rep(c, ui);
	if (!rep || !ui_can_write(ui))
		return;
	c->pending_id = rep;
	char month[CALENDAR_NAME_BUF], question[400];
	calendar_month_title(c->year, c->month, i18n_lang(), month);
	snprintf(question, sizeof question, _("Confirm every planned visit of %s in %s? (y/n)"),
		 c->scope_label, month);
	ui_confirm(ui, question, cal_confirm_yes, c);
}

static void cal_scope(struct cal *c, struct ui *ui)
{
	static struct visit_scope_req req;
	req = (struct visit_scope_req){ &c->scope, c->scope_label, sizeof c->scope_label, c->mine,
					c->mine_name };
	ui_push(ui, &screen_visit_scope, &req);
}

static void cal_review(struct cal *c, struct ui *ui)
{
	struct visit_review_req req = { c->scope, c->year, c->month,
					c->settings.concentration_pct };
	ui_push(ui, &screen_visit_review, &req);
}

/* Arrows and hjkl: days, weeks; in the list, its rows. */
static bool cal_move_key(struct cal *c, struct ui *ui, struct ui_key k)
{
	bool list = c->list_focus || c->view == VIEW_DAY;
	int by = 0;
	if (ui_key_is_code(k, KEY_LEFT) || ui_key_is(k, 'h'))
		by = -1;
	else if (ui_key_is_code(k, KEY_RIGHT) || ui_key_is(k, 'l'))
		by = 1;
	else if (!list && (ui_key_is_code(k, KEY_UP) || ui_key_is(k, 'k')))
		by = -7;
	else if (!list && (ui_key_is_code(k, KEY_DOWN) || ui_key_is(k, 'j')))
		by = 7;
	if (!by)
		return false;
	cal_select(c, ui, date_add_days(c->sel, by));
	return true;
}

static int cal_key(void *state, struct ui *ui, struct ui_key k)
{
	struct cal *c = state;
	bool list = c->list_focus || c->view == VIEW_DAY;
	if (cal_move_key(c, ui, k))
		return UI_HANDLED;
	if (ui_key_enter(k)) {
		if (list || c->list.n == 1)
			cal_open(c, ui);
		else if (c->list.n > 0)
			c->list_focus = true;
		return UI_HANDLED;
	}
	/* The calendar's own before the list's (which pans its columns). */
	if (ui_key_is(k, '<') || ui_key_is(k, '>')) {
		cal_move(c, ui, ui_key_is(k, '<') ? -1 : 1);
		return UI_HANDLED;
	}
	if (list && table_key(&c->list, ui, k) == TABLE_HANDLED)
		return UI_HANDLED;
	if (k.code)
		return ui_key_is_code(k, KEY_BTAB) && c->view != VIEW_DAY
			       ? (c->list_focus = !c->list_focus, UI_HANDLED)
			       : UI_UNHANDLED;
	switch (k.ch) {
	case '\t':
		if (c->view == VIEW_DAY)
			return UI_UNHANDLED;
		c->list_focus = !c->list_focus;
		return UI_HANDLED;
	case UI_KEY_ESC:
		if (!c->list_focus || c->view == VIEW_DAY)
			return UI_UNHANDLED;
		c->list_focus = false;
		return UI_HANDLED;
	case 't':
		cal_select(c, ui, ui_today(ui));
		return UI_HANDLED;
	case '[':
	case ']':
		cal_select(c, ui, date_add_months(c->sel, k.ch == '[' ? -1 : 1));
		return UI_HANDLED;
	case 'M':
		cal_set_view(c, ui, VIEW_MONTH);
		return UI_HANDLED;
	case 'w':
		cal_set_view(c, ui, VIEW_WEEK);
		return UI_HANDLED;
	case 'd':
		cal_set_view(c, ui, VIEW_DAY);
		return UI_HANDLED;
	case 'a':
		cal_plan(c, ui, false);
		return UI_HANDLED;
	case 'e':
		cal_plan(c, ui, true);
		return UI_HANDLED;
	case 'x':
		cal_drop(c, ui);
		return UI_HANDLED;
	case 'm':
		cal_note(c, ui, VISIT_NOTE_MISSED);
		return UI_HANDLED;
	case 'n':
		cal_note(c, ui, VISIT_NOTE_COACHING);
		return UI_HANDLED;
	case 'P':
		cal_propose(c, ui);
		return UI_HANDLED;
	case 'C':
		cal_confirm(c, ui);
		return UI_HANDLED;
	case 'u':
		cal_scope(c, ui);
		return UI_HANDLED;
	case 'R':
		cal_review(c, ui);
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static int cal_click(void *state, struct ui *ui, int row, int col)
{
	struct cal *c = state;
	int y = row + 1;
	if (c->view != VIEW_DAY && c->grid_y >= 0 && y >= c->grid_y && c->cell_w > 0 &&
	    col < c->grid_x + c->cell_w * 7) {
		int d = (col - c->grid_x) / c->cell_w;
		if (c->view == VIEW_MONTH) {
			int r = (c->cell_h > 0 ? (y - c->grid_y) / c->cell_h : 0) + c->grid_first;
			if (r >= 0 && r < c->rows && d >= 0 && d < 7) {
				c->list_focus = false;
				cal_select(c, ui, c->grid[r * 7 + d]);
			}
		} else if (d >= 0 && d < 7) {
			cal_select(c, ui, date_add_days(c->sel, d + 1 - date_weekday(c->sel)));
		}
		return UI_HANDLED;
	}
	if (y > c->list_y) {
		c->list_focus = true;
		if (table_click(&c->list, ui, y, col) == TABLE_ACTIVATE)
			cal_open(c, ui);
	}
	return UI_HANDLED;
}

static void cal_wheel(void *state, struct ui *ui, int n)
{
	struct cal *c = state;
	table_wheel(&c->list, ui, n);
}

const struct screen screen_calendar = {
	.name = N_("Visit calendar"),
	/* TRANSLATORS: a tab's short title, used when the full ones do not fit. */
	.short_name = N_("Calendar"),
	.enter = cal_enter,
	.leave = cal_leave,
	.draw = cal_draw,
	.key = cal_key,
	.click = cal_click,
	.wheel = cal_wheel,
	.reload = cal_reload,
	.help = cal_help,
};
