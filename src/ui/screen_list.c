/* The distributor list: a window of rows fetched by keyset around the
 * selection, instant search, sort by any column, filters, and the keys that
 * open, add, edit and change the status of a distributor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/text.h"
#include "screen_list.h"
#include "ui.h"

enum {
	LIST_CAP = 400,	 /* rows kept in memory at most */
	LIST_CHUNK = 60, /* rows fetched at a time */
	KEY_ESCAPE = 27,
};

enum list_col {
	COL_CODE,
	COL_NAME,
	COL_TIER,
	COL_STATUS,
	COL_TERRITORY,
	COL_OWNER,
	COL_LAST,
	COL_FLAGS,
	COL_COUNT
};

static const struct {
	const char *title; /* N_() */
	int cells;	   /* 0: takes what is left */
	qd_dist_sort sort;
} list_cols[COL_COUNT] = {
	/* TRANSLATORS: column headers of the distributor list; keep them short. */
	[COL_CODE] = { N_("Code"), 9, DIST_SORT_CODE },
	[COL_NAME] = { N_("Name"), 0, DIST_SORT_NAME },
	[COL_TIER] = { N_("Tier"), 4, DIST_SORT_TIER },
	[COL_STATUS] = { N_("Status"), 10, DIST_SORT_STATUS },
	[COL_TERRITORY] = { N_("Territory"), 12, DIST_SORT_TERRITORY },
	[COL_OWNER] = { N_("Owner"), 8, DIST_SORT_OWNER },
	[COL_LAST] = { N_("Last visit"), 16, DIST_SORT_LAST_VISIT },
	[COL_FLAGS] = { N_("Flags"), 8, DIST_SORT_COUNT },
};
/* Dropped first on a narrow terminal. */
static const enum list_col list_drop_order[] = { COL_OWNER, COL_TERRITORY, COL_LAST, COL_TIER,
						 COL_FLAGS };
enum { LIST_NAME_MIN = 20, LIST_NAME_ROOMY = 48 };

struct list {
	struct list_filter_req req;
	qd_dist_sort sort;
	bool desc;
	struct dist_row *rows;
	int n, sel, top;
	bool at_start, at_end;
	int64_t total;
	bool counted; /* false: total is not known, only the rows fetched */
	bool searching;
	struct form_field search;
	int visible;
	/* Where each shown column starts, for header clicks. */
	int col_x[COL_COUNT + 1];
	enum list_col col_kind[COL_COUNT];
	int ncols;
};

static const struct ui_help list_help[] = {
	{ N_("Up/Down, j/k"), N_("move"), false },
	{ N_("PgUp/PgDn"), N_("page"), false },
	{ N_("Home/End, g/G"), N_("first / last"), false },
	{ N_("Enter"), N_("view"), true },
	{ N_("/"), N_("search"), true },
	{ N_("s"), N_("sort"), true },
	{ N_("S"), N_("reverse the sort"), false },
	{ N_("f"), N_("filter"), true },
	{ N_("F"), N_("clear filters"), false },
	{ N_("a"), N_("add"), true },
	{ N_("e"), N_("edit"), true },
	{ N_("t"), N_("change status"), true },
	/* TRANSLATORS: the flags column: V visit overdue, $ payment overdue, E agreement expiring.
	 */
	{ N_("Flags"), N_("V visit overdue, $ payment overdue, E agreement expiring"), false },
	{ NULL, NULL, false },
};

/* ---- loading ---- */

static void list_error(struct ui *ui)
{
	ui_error(ui, _("Could not read the list: %s"), db_errmsg(ui_db(ui)));
}

static void list_count(struct list *l, struct ui *ui)
{
	l->total = db_dist_count(ui_db(ui), &l->req.filter, ui_today(ui), &l->counted);
	if (l->total < 0)
		list_error(ui);
}

static void list_load_first(struct list *l, struct ui *ui)
{
	int n = db_dist_page(ui_db(ui), &l->req.filter, l->sort, l->desc, NULL, false, ui_today(ui),
			     l->rows, LIST_CHUNK);
	if (n < 0) {
		list_error(ui);
		n = 0;
	}
	l->n = n;
	l->at_start = true;
	l->at_end = n < LIST_CHUNK;
	l->sel = 0;
	l->top = 0;
}

static void list_load_last(struct list *l, struct ui *ui)
{
	int n = db_dist_page(ui_db(ui), &l->req.filter, l->sort, l->desc, NULL, true, ui_today(ui),
			     l->rows, LIST_CHUNK);
	if (n < 0) {
		list_error(ui);
		n = 0;
	}
	l->n = n;
	l->at_end = true;
	l->at_start = n < LIST_CHUNK;
	l->sel = n > 0 ? n - 1 : 0;
	l->top = n > l->visible ? n - l->visible : 0;
}

/* Fetches rows after the window; drops rows from the front past LIST_CAP. */
static bool list_extend_down(struct list *l, struct ui *ui)
{
	if (l->at_end || l->n == 0)
		return false;
	static struct dist_row more[LIST_CHUNK];
	struct dist_row last = l->rows[l->n - 1];
	int m = db_dist_page(ui_db(ui), &l->req.filter, l->sort, l->desc, &last, false,
			     ui_today(ui), more, LIST_CHUNK);
	if (m < 0) {
		list_error(ui);
		return false;
	}
	if (m < LIST_CHUNK)
		l->at_end = true;
	if (l->n + m > LIST_CAP) {
		int drop = l->n + m - LIST_CAP;
		memmove(l->rows, l->rows + drop, (size_t)(l->n - drop) * sizeof *l->rows);
		l->n -= drop;
		l->sel -= drop;
		l->top -= drop;
		l->at_start = false;
	}
	memcpy(l->rows + l->n, more, (size_t)m * sizeof *more);
	l->n += m;
	return m > 0;
}

/* Fetches rows before the window; returns how many came. */
static int list_extend_up(struct list *l, struct ui *ui)
{
	if (l->at_start || l->n == 0)
		return 0;
	static struct dist_row more[LIST_CHUNK];
	struct dist_row first = l->rows[0];
	int m = db_dist_page(ui_db(ui), &l->req.filter, l->sort, l->desc, &first, true,
			     ui_today(ui), more, LIST_CHUNK);
	if (m < 0) {
		list_error(ui);
		return 0;
	}
	if (m < LIST_CHUNK)
		l->at_start = true;
	if (l->n + m > LIST_CAP) {
		l->n = LIST_CAP - m;
		l->at_end = false;
	}
	memmove(l->rows + m, l->rows, (size_t)l->n * sizeof *l->rows);
	memcpy(l->rows, more, (size_t)m * sizeof *more);
	l->n += m;
	l->sel += m;
	l->top += m;
	return m;
}

static void list_keep_visible(struct list *l)
{
	int v = l->visible > 0 ? l->visible : 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + v)
		l->top = l->sel - v + 1;
	if (l->top < 0)
		l->top = 0;
}

static void list_move(struct list *l, struct ui *ui, int delta)
{
	int target = l->sel + delta;
	while (target >= l->n) {
		int before = l->sel;
		if (!list_extend_down(l, ui))
			break;
		target -= before - l->sel; /* rows dropped from the front */
	}
	while (target < 0) {
		int m = list_extend_up(l, ui);
		if (m == 0)
			break;
		target += m;
	}
	if (target >= l->n)
		target = l->n - 1;
	if (target < 0)
		target = 0;
	l->sel = target;
	list_keep_visible(l);
}

/* Reloads where the window stands, keeping the selected distributor selected
 * when it still passes the filter. */
static void list_reload_here(struct list *l, struct ui *ui)
{
	int64_t selected = l->n > 0 ? l->rows[l->sel].id : 0;
	int offset = l->sel - l->top;
	if (l->n == 0 || l->top >= l->n) {
		list_load_first(l, ui);
	} else {
		struct dist_row anchor = l->rows[l->top], before;
		int m = db_dist_page(ui_db(ui), &l->req.filter, l->sort, l->desc, &anchor, true,
				     ui_today(ui), &before, 1);
		if (m <= 0) {
			list_load_first(l, ui);
		} else {
			int n = db_dist_page(ui_db(ui), &l->req.filter, l->sort, l->desc, &before,
					     false, ui_today(ui), l->rows, 2 * LIST_CHUNK);
			l->n = n < 0 ? 0 : n;
			l->at_start = false;
			l->at_end = l->n < 2 * LIST_CHUNK;
			l->top = 0;
			l->sel = 0;
		}
	}
	for (int i = 0; i < l->n; i++)
		if (l->rows[i].id == selected) {
			l->sel = i;
			l->top = i - offset >= 0 ? i - offset : 0;
			break;
		}
	list_count(l, ui);
	list_keep_visible(l);
}

/* Loads the window around distributor id and selects it; false when it does
 * not pass the current filter and search. */
static bool list_load_around(struct list *l, struct ui *ui, int64_t id)
{
	struct dist_filter only = l->req.filter;
	only.only_id = id;
	struct dist_row row, before[LIST_CHUNK / 2];
	qd_date today = ui_today(ui);
	if (db_dist_page(ui_db(ui), &only, l->sort, l->desc, NULL, false, today, &row, 1) != 1)
		return false;
	int m = db_dist_page(ui_db(ui), &l->req.filter, l->sort, l->desc, &row, true, today, before,
			     LIST_CHUNK / 2);
	int n = db_dist_page(ui_db(ui), &l->req.filter, l->sort, l->desc, &row, false, today,
			     l->rows + (m > 0 ? m : 0) + 1, LIST_CHUNK);
	if (m < 0 || n < 0)
		return false;
	memcpy(l->rows, before, (size_t)m * sizeof *before);
	l->rows[m] = row;
	l->n = m + 1 + n;
	l->at_start = m < LIST_CHUNK / 2;
	l->at_end = n < LIST_CHUNK;
	l->sel = m;
	l->top = m - l->visible / 2 > 0 ? m - l->visible / 2 : 0;
	list_keep_visible(l);
	return true;
}

static void list_requery(struct list *l, struct ui *ui)
{
	list_load_first(l, ui);
	list_count(l, ui);
}

/* ---- the screen ---- */

static void *list_enter(struct ui *ui, void *arg)
{
	(void)arg;
	struct list *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->rows = calloc(LIST_CAP, sizeof *l->rows);
	if (!l->rows) {
		free(l);
		return NULL;
	}
	l->visible = LINES > 8 ? LINES - 6 : 1;
	l->search.max_chars = 60;
	l->sort = DIST_SORT_NAME;
	list_requery(l, ui);
	return l;
}

static void list_leave(void *state)
{
	struct list *l = state;
	free(l->rows);
	free(l);
}

static void list_reload(void *state, struct ui *ui)
{
	struct list *l = state;
	int64_t focus = ui_take_focus(ui);
	if (focus) {
		/* A new distributor is shown, even when the search or the filters
		 * would hide it: they are cleared then. */
		if (!list_load_around(l, ui, focus)) {
			memset(&l->req.filter, 0, sizeof l->req.filter);
			l->req.description[0] = '\0';
			l->req.applied = false;
			form_set(&l->search, "");
			l->searching = false;
			list_load_around(l, ui, focus);
		}
		list_count(l, ui);
		return;
	}
	if (l->req.applied) {
		l->req.applied = false;
		list_requery(l, ui);
	} else {
		list_reload_here(l, ui);
	}
}

/* Decides which columns fit in width and how wide the name is. */
static void list_layout(struct list *l, int width, int cells[COL_COUNT], bool shown[COL_COUNT])
{
	int status_cells = 0;
	for (int s = 0; s < STATUS_COUNT; s++) {
		int w = text_width(_(lifecycle_status_label((qd_status)s)));
		status_cells = w > status_cells ? w : status_cells;
	}
	int total = 0;
	for (int c = 0; c < COL_COUNT; c++) {
		shown[c] = true;
		cells[c] = list_cols[c].cells;
		if (c == COL_STATUS)
			cells[c] = status_cells;
		int title = text_width(_(list_cols[c].title)) + 1; /* room for the arrow */
		if (c != COL_NAME && cells[c] < title && c != COL_TIER)
			cells[c] = title;
		total += (c == COL_NAME ? LIST_NAME_MIN : cells[c]) + 1;
	}
	for (size_t i = 0; i < sizeof list_drop_order / sizeof list_drop_order[0] && total > width;
	     i++) {
		enum list_col c = list_drop_order[i];
		shown[c] = false;
		total -= cells[c] + 1;
	}
	cells[COL_NAME] = LIST_NAME_MIN + (width - total);
	if (cells[COL_NAME] < 4)
		cells[COL_NAME] = 4;
	/* On a wide terminal the territory and owner get some of the room. */
	int extra = cells[COL_NAME] - LIST_NAME_ROOMY;
	if (extra > 0) {
		int t = extra / 2 > 12 ? 12 : extra / 2, o = extra / 2 > 8 ? 8 : extra / 2;
		if (shown[COL_TERRITORY])
			cells[COL_TERRITORY] += t, cells[COL_NAME] -= t;
		if (shown[COL_OWNER])
			cells[COL_OWNER] += o, cells[COL_NAME] -= o;
	}
	l->ncols = 0;
}

static void list_cell_last_visit(const struct dist_row *r, qd_date today, char *buf, size_t size)
{
	qd_date d;
	if (!r->last_visit[0] || strlen(r->last_visit) < 10) {
		/* TRANSLATORS: no visit was ever done. */
		snprintf(buf, size, "%s", _("never"));
		return;
	}
	char day[DATE_BUF];
	snprintf(day, sizeof day, "%.10s", r->last_visit);
	if (date_parse(day, &d)) {
		snprintf(buf, size, "%s", day);
		return;
	}
	/* TRANSLATORS: a date and how many days ago it was: "2026-11-20 7d". */
	snprintf(buf, size, _("%s %dd"), day, date_diff(d, today));
}

static attr_t list_status_attr(qd_status s)
{
	switch (s) {
	case STATUS_ACTIVE:
		return ui_attr(UI_GOOD);
	case STATUS_SUSPENDED:
		return ui_attr(UI_WARNING);
	case STATUS_TERMINATED:
		return ui_attr(UI_DIM);
	default:
		return ui_attr(UI_TITLE);
	}
}

static void list_draw_flags(const struct dist_row *r, int y, int x, int cells, attr_t base,
			    bool selected)
{
	ui_fill(y, x, cells, base);
	/* TRANSLATORS: one-character flags: visit overdue, payment overdue, expiring. */
	const char *marks[3] = { _("V"), _("$"), _("E") };
	bool on[3] = { r->visit_overdue, r->payment_overdue, r->expiring };
	enum ui_color colors[3] = { UI_ERROR, UI_ERROR, UI_WARNING };
	int at = x;
	for (int i = 0; i < 3; i++) {
		int w = text_width(marks[i]);
		if (at + w > x + cells)
			break;
		if (on[i])
			ui_text(y, at, w, marks[i], selected ? base | A_BOLD : ui_attr(colors[i]),
				false);
		at += w + 1;
	}
}

static void list_draw_info(struct list *l, struct ui *ui, int y, int width)
{
	char count[64];
	bool known = l->counted || (l->at_start && l->at_end);
	long long n = !l->counted ? l->n : l->total < 0 ? 0 : l->total;
	if (!known)
		/* TRANSLATORS: at least this many; the rest are not counted yet. */
		snprintf(count, sizeof count,
			 ngettext("%lld+ distributor", "%lld+ distributors", (unsigned long)n), n);
	else
		snprintf(count, sizeof count,
			 ngettext("%lld distributor", "%lld distributors", (unsigned long)n), n);
	int cw = text_width(count);
	int x = 0;
	if (l->searching || l->search.value[0]) {
		const char *label = _("Search:");
		int lw = text_width(label);
		ui_text(y, 0, lw, label, ui_attr(UI_TITLE), false);
		int box = width / 3 > 24 ? width / 3 : 24;
		if (box > width - lw - cw - 3)
			box = width - lw - cw - 3;
		field_draw(&l->search, ui, y, lw + 1, box, l->searching);
		x = lw + box + 2;
	}
	if (l->req.description[0] && width - x - cw - 2 > 4) {
		char line[600];
		snprintf(line, sizeof line, _("Filter: %s"), l->req.description);
		ui_text(y, x, width - x - cw - 2, line, ui_attr(UI_WARNING), false);
	} else if (!l->searching && !l->search.value[0]) {
		ui_text(y, 0, width - cw - 2,
			_("Press / to search by code, name, pinyin or phone."), ui_attr(UI_DIM),
			false);
	}
	ui_text(y, width - cw, cw, count, A_NORMAL, true);
}

static void list_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct list *l = state;
	l->visible = height - 2 > 1 ? height - 2 : 1;
	list_keep_visible(l);
	/* A taller terminal may show more than is loaded. */
	while (l->top + l->visible > l->n && list_extend_down(l, ui))
		;
	list_draw_info(l, ui, top, width);

	int cells[COL_COUNT];
	bool shown[COL_COUNT];
	list_layout(l, width, cells, shown);
	int x = 0;
	l->ncols = 0;
	for (int c = 0; c < COL_COUNT; c++) {
		if (!shown[c])
			continue;
		char title[96];
		const char *arrow = list_cols[c].sort == l->sort ? (l->desc ? "▼" : "▲") : "";
		snprintf(title, sizeof title, "%s%s", _(list_cols[c].title), arrow);
		ui_text(top + 1, x, cells[c], title, ui_attr(UI_TITLE) | A_UNDERLINE, false);
		l->col_x[l->ncols] = x;
		l->col_kind[l->ncols++] = (enum list_col)c;
		x += cells[c] + 1;
	}
	l->col_x[l->ncols] = x;

	if (l->n == 0) {
		const char *empty =
			l->search.value[0] || l->req.description[0]
				? _("No distributor matches. Esc clears the search, F the filters.")
				: _("No distributors yet. Press a to add one.");
		ui_text(top + 3, 2, width - 4, empty, ui_attr(UI_DIM), false);
		return;
	}
	char buf[64];
	for (int i = 0; i < l->visible && l->top + i < l->n; i++) {
		const struct dist_row *r = &l->rows[l->top + i];
		int y = top + 2 + i;
		bool selected = l->top + i == l->sel;
		attr_t base = selected ? ui_attr(UI_SELECTED) : A_NORMAL;
		if (selected)
			ui_fill(y, 0, width, base);
		x = 0;
		for (int c = 0; c < COL_COUNT; c++) {
			if (!shown[c])
				continue;
			const char *text = "";
			attr_t attr = base;
			switch ((enum list_col)c) {
			case COL_CODE:
				text = r->code;
				break;
			case COL_NAME:
				text = r->name;
				break;
			case COL_TIER:
				snprintf(buf, sizeof buf, " %c", r->tier);
				text = buf;
				break;
			case COL_STATUS:
				text = _(lifecycle_status_label(r->status));
				attr = selected ? base : list_status_attr(r->status);
				break;
			case COL_TERRITORY:
				text = r->territory;
				break;
			case COL_OWNER:
				text = r->owner;
				break;
			case COL_LAST:
				list_cell_last_visit(r, ui_today(ui), buf, sizeof buf);
				text = buf;
				if (r->visit_overdue && !selected)
					attr = ui_attr(UI_ERROR);
				break;
			case COL_FLAGS:
				list_draw_flags(r, y, x, cells[c], base, selected);
				x += cells[c] + 1;
				continue;
			default:
				break;
			}
			ui_text(y, x, cells[c], text, attr, false);
			x += cells[c] + 1;
		}
	}
}

static const struct dist_row *list_selected(struct list *l)
{
	return l->n > 0 && l->sel < l->n ? &l->rows[l->sel] : NULL;
}

static void list_set_sort(struct list *l, struct ui *ui, qd_dist_sort sort, bool desc)
{
	l->sort = sort;
	l->desc = desc;
	list_load_first(l, ui);
	for (int c = 0; c < COL_COUNT; c++)
		if (list_cols[c].sort == sort)
			ui_message(ui, desc ? _("Sorted by %s, descending.") : _("Sorted by %s."),
				   _(list_cols[c].title));
}

static void list_search_changed(struct list *l, struct ui *ui)
{
	text_copy(l->req.filter.search, sizeof l->req.filter.search, l->search.value);
	list_requery(l, ui);
}

static int list_key_search(struct list *l, struct ui *ui, struct ui_key k)
{
	if (!k.code && k.ch == KEY_ESCAPE) {
		l->searching = false;
		form_set(&l->search, "");
		list_search_changed(l, ui);
		return UI_HANDLED;
	}
	if ((!k.code && (k.ch == '\n' || k.ch == '\r')) || (k.code && k.ch == KEY_ENTER)) {
		l->searching = false;
		return UI_HANDLED;
	}
	if (k.code &&
	    (k.ch == KEY_UP || k.ch == KEY_DOWN || k.ch == KEY_NPAGE || k.ch == KEY_PPAGE))
		return UI_UNHANDLED; /* move the selection while typing */
	bool edited;
	if (field_edit_key(&l->search, k, &edited)) {
		if (edited)
			list_search_changed(l, ui);
		return UI_HANDLED;
	}
	return UI_HANDLED;
}

static void list_open(struct list *l, struct ui *ui, const struct screen *s)
{
	const struct dist_row *r = list_selected(l);
	if (!r) {
		ui_error(ui, _("No distributor is selected."));
		return;
	}
	int64_t id = r->id;
	ui_push(ui, s, &id);
}

static int list_key(void *state, struct ui *ui, struct ui_key k)
{
	struct list *l = state;
	if (l->searching && list_key_search(l, ui, k) == UI_HANDLED)
		return UI_HANDLED;
	if (k.code) {
		switch (k.ch) {
		case KEY_UP:
			list_move(l, ui, -1);
			return UI_HANDLED;
		case KEY_DOWN:
			list_move(l, ui, 1);
			return UI_HANDLED;
		case KEY_NPAGE:
			list_move(l, ui, l->visible);
			return UI_HANDLED;
		case KEY_PPAGE:
			list_move(l, ui, -l->visible);
			return UI_HANDLED;
		case KEY_HOME:
			list_load_first(l, ui);
			return UI_HANDLED;
		case KEY_END:
			list_load_last(l, ui);
			return UI_HANDLED;
		case KEY_ENTER:
			list_open(l, ui, &screen_detail);
			return UI_HANDLED;
		default:
			return UI_UNHANDLED;
		}
	}
	switch (k.ch) {
	case 'k':
		list_move(l, ui, -1);
		return UI_HANDLED;
	case 'j':
		list_move(l, ui, 1);
		return UI_HANDLED;
	case 'g':
		list_load_first(l, ui);
		return UI_HANDLED;
	case 'G':
		list_load_last(l, ui);
		return UI_HANDLED;
	case '\n':
	case '\r':
		list_open(l, ui, &screen_detail);
		return UI_HANDLED;
	case '/':
		l->searching = true;
		l->search.cursor = strlen(l->search.value);
		return UI_HANDLED;
	case KEY_ESCAPE:
		if (l->search.value[0]) {
			form_set(&l->search, "");
			list_search_changed(l, ui);
			return UI_HANDLED;
		}
		return UI_UNHANDLED;
	case 's':
		list_set_sort(l, ui, (qd_dist_sort)((l->sort + 1) % DIST_SORT_COUNT), false);
		return UI_HANDLED;
	case 'S':
		list_set_sort(l, ui, l->sort, !l->desc);
		return UI_HANDLED;
	case 'f':
		ui_push(ui, &screen_filter, &l->req);
		return UI_HANDLED;
	case 'F':
		memset(&l->req.filter, 0, sizeof l->req.filter);
		text_copy(l->req.filter.search, sizeof l->req.filter.search, l->search.value);
		l->req.description[0] = '\0';
		list_requery(l, ui);
		ui_message(ui, _("Filters cleared."));
		return UI_HANDLED;
	case 'a':
		ui_push(ui, &screen_form, NULL);
		return UI_HANDLED;
	case 'e':
		list_open(l, ui, &screen_form);
		return UI_HANDLED;
	case 't':
		list_open(l, ui, &screen_transition);
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static int list_click(void *state, struct ui *ui, int row, int col)
{
	struct list *l = state;
	if (row == 1) {
		for (int i = 0; i < l->ncols; i++) {
			enum list_col c = l->col_kind[i];
			if (col >= l->col_x[i] && col < l->col_x[i + 1] &&
			    list_cols[c].sort != DIST_SORT_COUNT) {
				qd_dist_sort s = list_cols[c].sort;
				list_set_sort(l, ui, s, s == l->sort ? !l->desc : false);
			}
		}
		return UI_HANDLED;
	}
	if (row >= 2) {
		int i = l->top + row - 2;
		if (i < l->n) {
			if (i == l->sel)
				list_open(l, ui, &screen_detail);
			else
				l->sel = i;
		}
	}
	return UI_HANDLED;
}

static void list_scroll(void *state, struct ui *ui, int n)
{
	list_move(state, ui, n);
}

const struct screen screen_list = {
	.name = N_("Distributors"),
	.enter = list_enter,
	.leave = list_leave,
	.draw = list_draw,
	.key = list_key,
	.click = list_click,
	.wheel = list_scroll,
	.reload = list_reload,
	.help = list_help,
};
