/* The distributor list: the table widget over the distributors (a window of
 * rows read by keyset around the selection), instant search, sort by any
 * column, filters, and the keys that open, add, edit and change the status
 * of a distributor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "screen_list.h"
#include "table.h"
#include "ui.h"

enum { LIST_CAP = 400 };

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

/* At 80 columns every column fits (8+15+5+10+10+7+11+7 and the gaps); on a
 * narrower terminal the owner goes first, then the territory, ... */
static const struct table_col list_cols[COL_COUNT] = {
	/* TRANSLATORS: column headers of the distributor list; keep them short. */
	[COL_CODE] = { N_("Code"), 8, 0, 0, false, DIST_SORT_CODE },
	[COL_NAME] = { N_("Name"), 0, 15, 0, false, DIST_SORT_NAME },
	[COL_TIER] = { N_("Tier"), 5, 0, 4, false, DIST_SORT_TIER },
	[COL_STATUS] = { N_("Status"), 10, 0, 0, false, DIST_SORT_STATUS },
	[COL_TERRITORY] = { N_("Territory"), 10, 24, 2, false, DIST_SORT_TERRITORY },
	[COL_OWNER] = { N_("Owner"), 7, 0, 1, false, DIST_SORT_OWNER },
	[COL_LAST] = { N_("Last visit"), 11, 0, 3, false, DIST_SORT_LAST_VISIT },
	[COL_FLAGS] = { N_("Flags"), 7, 0, 5, false, -1 },
};

struct list {
	struct list_filter_req req;
	/* The row selected when filters were first applied: F comes back to
	 * it when no other row was moved to. */
	int64_t filter_from;
	qd_dist_sort sort;
	bool desc;
	struct table table;
};

static const struct ui_help list_help[] = {
	{ N_("Up/Down, j/k"), N_("move"), false },
	{ N_("PgUp/PgDn"), N_("page"), false },
	{ N_("Home/End, g/G"), N_("first / last"), false },
	/* TRANSLATORS: a narrow terminal hides columns (‹ › in the header);
	 * these keys show them. */
	{ N_("Left/Right, < >"), N_("columns hidden on a narrow terminal (‹ ›)"), false },
	{ N_("Enter"), N_("view"), true },
	{ N_("/"), N_("search"), true },
	{ N_("s"), N_("sort"), true },
	{ N_("S"), N_("reverse the sort"), false },
	{ N_("f"), N_("filter"), true },
	{ N_("F"), N_("clear filters and search"), false },
	{ N_("a"), N_("add"), true },
	{ N_("e"), N_("edit"), true },
	{ N_("t"), N_("change status"), true },
	{ N_("x"), N_("export what is shown"), true },
	/* TRANSLATORS: the flags column: V visit overdue, $ payment overdue, E
	 * agreement expiring, X agreement expired. */
	{ N_("Flags"),
	  N_("V visit overdue, $ payment overdue, E agreement expiring, X agreement expired"),
	  false },
	{ NULL, NULL, false },
};

/* ---- the rows' source ---- */

static int list_fetch(void *ctx, struct ui *ui, const void *after, bool backward, void *out,
		      int max)
{
	struct list *l = ctx;
	int n = db_dist_page(ui_db(ui), &l->req.filter, l->sort, l->desc, after, backward,
			     ui_today(ui), out, max);
	if (n < 0)
		ui_db_error(ui, _("Could not read the list"));
	return n;
}

static int list_find(void *ctx, struct ui *ui, int64_t id, void *out)
{
	struct list *l = ctx;
	struct dist_filter only = l->req.filter;
	only.only_id = id;
	int n = db_dist_page(ui_db(ui), &only, l->sort, l->desc, NULL, false, ui_today(ui), out, 1);
	if (n < 0)
		ui_db_error(ui, _("Could not read the list"));
	return n;
}

static int64_t list_id(const void *row)
{
	return ((const struct dist_row *)row)->id;
}

static int64_t list_count(void *ctx, struct ui *ui, bool *exact)
{
	struct list *l = ctx;
	int64_t n = db_dist_count(ui_db(ui), &l->req.filter, ui_today(ui), exact);
	if (n < 0)
		ui_db_error(ui, _("Could not count the distributors"));
	return n;
}

/* Counts read in a pause of the keys (40-80 ms at 100,000) are stopped by
 * a key typed meanwhile, which goes first: set before the count, this says
 * what it came to. */
static int64_t list_counted_in_pause(struct ui *ui, int64_t n)
{
	qd_db *db = ui_db(ui);
	bool stopped = db_stopped(db);
	db_set_stop(db, NULL, NULL);
	if (n < 0 && stopped)
		return TABLE_COUNT_LATER;
	if (n < 0)
		ui_db_error(ui, _("Could not count the distributors"));
	return n;
}

static int64_t list_count_all(void *ctx, struct ui *ui)
{
	struct list *l = ctx;
	db_set_stop(ui_db(ui), ui_key_waiting, ui);
	return list_counted_in_pause(ui, db_dist_count_all(ui_db(ui), &l->req.filter, ui_today(ui)));
}

/* The place of a row shown in the middle (after a save, another program's
 * change): up to the whole index at 100,000. */
static int64_t list_place(void *ctx, struct ui *ui, const void *row)
{
	struct list *l = ctx;
	db_set_stop(ui_db(ui), ui_key_waiting, ui);
	return list_counted_in_pause(
		ui, db_dist_place(ui_db(ui), &l->req.filter, l->sort, l->desc, row, ui_today(ui)));
}

static void list_last_visit(const struct dist_row *r, qd_date today, char *buf, size_t size)
{
	qd_date d;
	char day[DATE_BUF];
	if (strlen(r->last_visit) < 10) {
		/* TRANSLATORS: no visit was ever done. */
		snprintf(buf, size, "%s", _("never"));
		return;
	}
	snprintf(day, sizeof day, "%.10s", r->last_visit);
	if (date_parse(day, &d)) {
		snprintf(buf, size, "%s", day);
		return;
	}
	int ago = date_diff(d, today);
	/* This year's dates without the year: the days ago say the rest. */
	const char *shown = d.y == today.y ? day + 5 : day;
	/* TRANSLATORS: a date and how many days ago it was: "11-20 7d". */
	snprintf(buf, size, ngettext("%s %dd", "%s %dd", (unsigned long)ago), shown, ago);
}

void screen_list_flags(const struct dist_row *r, int cells, char *buf, size_t size,
		       enum ui_color *color)
{
	/* TRANSLATORS: one-character flags: visit overdue, payment overdue,
	 * agreement expiring, agreement expired. */
	const char *marks[4] = { _("V"), _("$"), _("E"), _("X") };
	bool on[4] = { r->visit_overdue, r->payment_overdue, r->expiring, r->expired };
	const char *shown[4];
	int n = 0, width = 0;
	for (int i = 0; i < 4; i++)
		if (on[i]) {
			shown[n++] = marks[i];
			width += text_width(marks[i]);
		}
	/* Spaced when they fit so. */
	const char *sep = width + n - 1 <= cells ? " " : "";
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t used = strlen(buf);
		snprintf(buf + used, size - used, "%s%s", i ? sep : "", shown[i]);
	}
	*color = r->visit_overdue || r->payment_overdue || r->expired ? UI_ERROR : UI_WARNING;
}

static enum ui_color list_status_color(qd_status s)
{
	switch (s) {
	case STATUS_ACTIVE:
		return UI_GOOD;
	case STATUS_SUSPENDED:
		return UI_WARNING;
	case STATUS_TERMINATED:
	case STATUS_REJECTED:
		return UI_DIM;
	default:
		return UI_TITLE;
	}
}

static void list_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
		      enum ui_color *color, attr_t *attr)
{
	struct list *l = ctx;
	const struct dist_row *r = row;
	(void)attr;
	switch ((enum list_col)col) {
	case COL_CODE:
		text_copy(buf, size, r->code);
		break;
	case COL_NAME:
		text_copy(buf, size, r->name);
		break;
	case COL_TIER:
		snprintf(buf, size, " %c", r->tier);
		break;
	case COL_STATUS:
		text_copy(buf, size, _(lifecycle_status_label(r->status)));
		*color = list_status_color(r->status);
		break;
	case COL_TERRITORY:
		text_copy(buf, size, r->territory);
		break;
	case COL_OWNER:
		text_copy(buf, size, r->owner);
		break;
	case COL_LAST:
		list_last_visit(r, ui_today(ui), buf, size);
		if (r->visit_overdue)
			*color = UI_ERROR;
		break;
	case COL_FLAGS:
		screen_list_flags(r, l->table.col_cells[COL_FLAGS], buf, size, color);
		break;
	default:
		break;
	}
}

/* A cell for a file (x): the last visit as its date, the flags in words;
 * the others as shown. */
static void list_export_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			     size_t size)
{
	const struct dist_row *r = row;
	enum ui_color color = UI_NORMAL;
	attr_t attr = 0;
	if (col == COL_LAST) {
		snprintf(buf, size, "%.10s", r->last_visit);
	} else if (col == COL_FLAGS) {
		const char *words[4] = { _("visit overdue"), _("payment overdue"),
					 _("agreement expiring"), _("agreement expired") };
		bool on[4] = { r->visit_overdue, r->payment_overdue, r->expiring, r->expired };
		buf[0] = '\0';
		for (int i = 0; i < 4; i++)
			if (on[i]) {
				size_t used = strlen(buf);
				/* TRANSLATORS: between two flags in an exported
				 * cell. */
				snprintf(buf + used, size - used, "%s%s", used ? _("; ") : "",
					 words[i]);
			}
	} else {
		list_cell(ctx, ui, row, col, buf, size, &color, &attr);
	}
}

static void list_sort(void *ctx, int sort, bool desc)
{
	struct list *l = ctx;
	l->sort = (qd_dist_sort)sort;
	l->desc = desc;
}

static void list_search(void *ctx, const char *text)
{
	struct list *l = ctx;
	text_copy(l->req.filter.search, sizeof l->req.filter.search, text);
}

/* The export's file name says what the filters and the search keep
 * ("distributors-GD-gz", "distributors-filtered"), as the scorecards'
 * do: a list narrowed was named as the whole one. */
static void list_export_name(void *ctx, char *buf, size_t size)
{
	const struct list *l = ctx;
	const struct dist_filter *f = &l->req.filter;
	size_t used = strlen(buf);
	if (f->territory_id && l->req.territory_code[0])
		used = table_name_part(buf, used, size, l->req.territory_code);
	if (f->owner_rep_id && l->req.owner_code[0])
		used = table_name_part(buf, used, size, l->req.owner_code);
	bool plain = table_name_search(buf, &used, size, f->search);
	if (f->status_mask || f->tier_mask || f->visit_overdue || f->payment_overdue ||
	    f->expiring || f->expired || f->only_id || !plain)
		table_name_part(buf, used, size, "filtered");
}

static const struct table_source list_source = {
	.row_size = sizeof(struct dist_row),
	.fetch = list_fetch,
	.id = list_id,
	.find = list_find,
	.count = list_count,
	.count_all = list_count_all,
	.place = list_place,
	.cell = list_cell,
	.export_cell = list_export_cell,
	.export_name = list_export_name,
	.sort = list_sort,
	.search = list_search,
};

/* ---- the screen ---- */

/* arg: NULL for the tab, or a struct list_filter_req to start from (the
 * list opened over another screen). */
static void *list_enter(struct ui *ui, void *arg)
{
	struct list *l = xcalloc(1, sizeof *l);
	if (arg)
		l->req = *(const struct list_filter_req *)arg;
	l->sort = DIST_SORT_NAME;
	table_init(&l->table, list_cols, COL_COUNT, &list_source, l, LIST_CAP);
	l->table.export_name = "distributors";
	l->table.sort = DIST_SORT_NAME;
	table_load(&l->table, ui);
	return l;
}

static bool list_idle(void *state, struct ui *ui)
{
	struct table *t = &((struct list *)state)->table;
	bool counted = t->exact;
	int64_t base = t->base;
	bool more = table_idle(t, ui);
	/* The count came: "60+" becomes the number; or the place: "12 of". */
	if (t->exact != counted || t->base != base)
		ui_redraw_soon(ui);
	return more;
}

static void list_leave(void *state)
{
	struct list *l = state;
	table_free(&l->table);
	free(l);
}

/* Forgets every filter (the typed ones too) and the search. */
static void list_clear_filters(struct list *l)
{
	memset(&l->req, 0, sizeof l->req);
	form_set(&l->table.search, "");
	l->table.searching = false;
	l->table.search_from = 0;
	l->filter_from = 0;
}

static void list_reload(void *state, struct ui *ui)
{
	struct list *l = state;
	int64_t focus = ui_take_focus(ui);
	if (focus) {
		/* A distributor just added or edited is shown, even when the
		 * search or the filters would hide it: they are cleared then.
		 * Reading again first counts the rows anew. */
		table_reload(&l->table, ui);
		if (!table_show(&l->table, ui, focus)) {
			static const struct dist_filter none;
			bool narrowed = l->table.search.len ||
					memcmp(&l->req.filter, &none, sizeof none) != 0;
			list_clear_filters(l);
			table_load(&l->table, ui);
			table_show(&l->table, ui, focus);
			/* Said after what the save said, so the list's change
			 * is not a surprise. */
			if (narrowed) {
				char *m = xasprintf(
					"%s%s%s", ui_said(ui), ui_said(ui)[0] ? " " : "",
					_("The search and the filters were cleared to show it."));
				ui_message(ui, "%s", m);
				free(m);
			}
		}
		return;
	}
	if (l->req.applied) {
		l->req.applied = false;
		if (!l->req.description[0])
			l->filter_from = 0;
		else if (!l->filter_from)
			l->filter_from = table_selected_id(&l->table);
		table_load(&l->table, ui);
	} else {
		table_reload(&l->table, ui);
	}
}

/* The search, the filters and the count over the list; returns the rows
 * it took: two when a search and the filters do not fit side by side (a
 * narrow terminal), so that a filter in force is never out of sight. */
static int list_draw_info(struct list *l, struct ui *ui, int y, int width)
{
	struct table *t = &l->table;
	char count[96];
	/* Where the selected row stands, once known (as the window moves, or
	 * counted in a pause). */
	int64_t place, total;
	bool known = table_where(t, &place, &total);
	long long n = total, at = place + 1;
	if (at && !known)
		snprintf(count, sizeof count,
			 /* TRANSLATORS: the selected distributor's place and at
			  * least how many there are: "12 of 60+ distributors". */
			 ngettext("%lld of %lld+ distributor", "%lld of %lld+ distributors",
				  (unsigned long)n),
			 at, n);
	else if (at)
		snprintf(count, sizeof count,
			 /* TRANSLATORS: the selected distributor's place and how
			  * many there are: "12 of 300 distributors". */
			 ngettext("%lld of %lld distributor", "%lld of %lld distributors",
				  (unsigned long)n),
			 at, n);
	else if (!known)
		snprintf(count, sizeof count,
			 /* TRANSLATORS: at least this many; the rest are not
			  * counted yet. */
			 ngettext("%lld+ distributor", "%lld+ distributors", (unsigned long)n), n);
	else
		snprintf(count, sizeof count,
			 ngettext("%lld distributor", "%lld distributors", (unsigned long)n), n);
	int cw = text_width(count);
	int x = 0;
	if (t->searching || t->search.len) {
		int box = width / 3 > 30 ? width / 3 : 30;
		if (box > width - cw - 2)
			box = width - cw - 2;
		table_draw_search(t, ui, y, 0, box);
		x = box + 1;
	}
	ui_text(y, width - cw, cw, count, A_NORMAL, true);
	char line[600];
	snprintf(line, sizeof line, _("Filter: %s"), l->req.description);
	if (l->req.description[0] && width - x - cw - 2 >= text_width(line)) {
		ui_text(y, x, width - x - cw - 2, line, ui_attr(UI_WARNING), false);
	} else if (l->req.description[0] && x > 0) {
		ui_text(y + 1, 0, width, line, ui_attr(UI_WARNING), false);
		return 2;
	} else if (l->req.description[0]) {
		ui_text(y, 0, width - cw - 2, line, ui_attr(UI_WARNING), false);
	} else if (!t->searching && !t->search.len) {
		ui_text(y, 0, width - cw - 2,
			_("Press / to search by code, name, pinyin or phone."), ui_attr(UI_DIM),
			false);
	}
	return 1;
}

static void list_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct list *l = state;
	int info = list_draw_info(l, ui, top, width);
	table_draw(&l->table, ui, top + info, 0, height - info, width);
	if (l->table.n == 0) {
		const char *empty =
			l->table.search.len || l->req.description[0]
				? _("No distributor matches. Esc clears the search, F the filters.")
				: _("No distributors yet. Press a to add one, or 5 to set up "
				    "regions, territories, reps and products first.");
		ui_text_wrapped(top + 3, 2, width - 4, height - 3, empty, ui_attr(UI_DIM));
	}
}

static void list_open(struct list *l, struct ui *ui, const struct screen *s)
{
	const struct dist_row *r = table_selected(&l->table);
	if (!r) {
		ui_error(ui, _("No distributor is selected."));
		return;
	}
	int64_t id = r->id;
	ui_push(ui, s, &id);
}

/* Says the order when a key or a click changed it from sort, desc. */
static void list_say_sort(struct list *l, struct ui *ui, qd_dist_sort sort, bool desc)
{
	if (sort == l->sort && desc == l->desc)
		return;
	for (int c = 0; c < COL_COUNT; c++)
		if (list_cols[c].sort == (int)l->sort)
			ui_message(ui,
				   l->desc ? _("Sorted by %s, descending.") : _("Sorted by %s."),
				   _(list_cols[c].title));
}

static int list_key(void *state, struct ui *ui, struct ui_key k)
{
	struct list *l = state;
	qd_dist_sort sort = l->sort;
	bool desc = l->desc;
	switch (table_key(&l->table, ui, k)) {
	case TABLE_ACTIVATE:
		list_open(l, ui, &screen_detail);
		return UI_HANDLED;
	case TABLE_HANDLED:
		list_say_sort(l, ui, sort, desc);
		return UI_HANDLED;
	default:
		break;
	}
	if (k.code)
		return UI_UNHANDLED;
	switch (k.ch) {
	case 'f':
		ui_push(ui, &screen_filter, &l->req);
		return UI_HANDLED;
	case 'F': {
		int64_t id = table_back_to(&l->table,
					   l->filter_from ? l->filter_from : l->table.search_from);
		list_clear_filters(l);
		table_load_keeping(&l->table, ui, id);
		ui_message(ui, _("Filters and search cleared."));
		return UI_HANDLED;
	}
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
	qd_dist_sort sort = l->sort;
	bool desc = l->desc;
	/* Rows of the screen's area start at screen row 1. */
	if (table_click(&l->table, ui, row + 1, col) == TABLE_ACTIVATE)
		list_open(l, ui, &screen_detail);
	list_say_sort(l, ui, sort, desc);
	return UI_HANDLED;
}

static void list_wheel(void *state, struct ui *ui, int n)
{
	struct list *l = state;
	table_wheel(&l->table, ui, n);
}

static bool list_typing(void *state)
{
	return ((struct list *)state)->table.searching;
}

const struct screen screen_list = {
	.name = N_("Distributors"),
	.enter = list_enter,
	.leave = list_leave,
	.draw = list_draw,
	.key = list_key,
	.typing = list_typing,
	.click = list_click,
	.wheel = list_wheel,
	.reload = list_reload,
	.idle = list_idle,
	.help = list_help,
};

void screen_list_open_territory(struct ui *ui, int64_t territory_id, const char *code,
				const char *name)
{
	struct list_filter_req req;
	memset(&req, 0, sizeof req);
	req.filter.territory_id = territory_id;
	text_copy(req.territory_code, sizeof req.territory_code, code);
	text_copy(req.territory_name, sizeof req.territory_name, name);
	text_copy(req.description, sizeof req.description, name);
	ui_push(ui, &screen_list, &req);
}
