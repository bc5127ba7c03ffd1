/* The table widget: a window of at most cap rows around the selection, read
 * from the source a chunk at a time by keyset ("the rows after this one"), so
 * a list of 100,000 costs what a list of 300 does. Drawing is from memory. */
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

static void *table_row(const struct table *t, int i)
{
	return t->rows + (size_t)i * t->src->row_size;
}

void table_init(struct table *t, const struct table_col *cols, int ncols,
		const struct table_source *src, void *ctx, int cap)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->ncols = ncols < TABLE_MAX_COLS ? ncols : TABLE_MAX_COLS;
	t->src = src;
	t->ctx = ctx;
	t->cap = cap > 3 ? cap : 3;
	/* A small table is read whole; a big one a chunk at a time. */
	t->chunk = t->cap <= 64 ? t->cap : 60;
	t->rows = xcalloc((size_t)t->cap, src->row_size);
	t->scratch = xcalloc(1, src->row_size);
	t->visible = 1;
	t->header = true;
	t->focused = true;
	t->sort = -1;
	t->left_mark = -1;
	t->at_start = t->at_end = true;
	t->search.max_chars = 60;
}

void table_resize(struct table *t, int cap)
{
	cap = cap > 3 ? cap : 3;
	if (cap == t->cap)
		return;
	t->rows = xrealloc(t->rows, (size_t)cap * t->src->row_size);
	t->cap = cap;
	/* Rows held in memory are read all at once: a text scrolled as text
	 * (table_scroll_text) moves over what is read. */
	t->chunk = cap;
	if (t->n > cap)
		t->n = cap;
}

void table_set_cols(struct table *t, const struct table_col *cols, int ncols)
{
	if (t->cols == cols)
		return;
	t->cols = cols;
	t->ncols = ncols < TABLE_MAX_COLS ? ncols : TABLE_MAX_COLS;
	memset(t->col_widest, 0, sizeof t->col_widest);
	memset(t->col_whole, 0, sizeof t->col_whole);
	t->pan = 0;
	t->npan_trail = 0;
	t->sort_panned = false;
}

void table_free(struct table *t)
{
	free(t->rows);
	free(t->scratch);
	field_free(&t->search);
	t->rows = t->scratch = NULL;
	t->n = 0;
}

const void *table_selected(const struct table *t)
{
	return t->n > 0 && t->sel >= 0 && t->sel < t->n ? table_row(t, t->sel) : NULL;
}

int64_t table_selected_id(const struct table *t)
{
	const void *r = table_selected(t);
	return r ? t->src->id(r) : 0;
}

static void table_keep_visible(struct table *t)
{
	int v = t->visible > 0 ? t->visible : 1;
	if (t->sel >= t->n)
		t->sel = t->n > 0 ? t->n - 1 : 0;
	if (t->sel < 0)
		t->sel = 0;
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + v)
		t->top = t->sel - v + 1;
	if (t->top > t->n - v)
		t->top = t->n - v;
	if (t->top < 0)
		t->top = 0;
}

static int table_fetch(struct table *t, struct ui *ui, const void *after, bool backward, void *out,
		       int max)
{
	int n = t->src->fetch(t->ctx, ui, after, backward, out, max);
	return n < 0 ? 0 : n;
}

static void table_count(struct table *t, struct ui *ui)
{
	t->counted = t->src->count != NULL;
	t->count_tried = false;
	if (!t->counted)
		return;
	bool exact = true;
	int64_t n = t->src->count(t->ctx, ui, &exact);
	t->total = n < 0 ? 0 : n;
	t->exact = n >= 0 && exact;
}

/* How many rows the first read of a big table takes: what a screen can
 * show, not a whole chunk. The next chunk is read in a pause of the keys
 * (table_idle) or on the first move past them. Where the rows read say
 * something, the whole chunk, as before: a count that is not exact or not
 * taken shows as the rows read ("24+"), and a source that cannot find a row
 * is read again whole (table_reload), the selection kept by its place. */
static int table_first_rows(const struct table *t)
{
	if (t->chunk == t->cap || LINES <= 0 || LINES >= t->chunk || !t->counted || !t->exact ||
	    !t->src->find)
		return t->chunk;
	return LINES;
}

static void table_first(struct table *t, struct ui *ui)
{
	memset(t->col_widest, 0, sizeof t->col_widest);
	memset(t->col_whole, 0, sizeof t->col_whole);
	int want = table_first_rows(t);
	t->n = table_fetch(t, ui, NULL, false, t->rows, want);
	t->at_start = true;
	/* Fewer than asked, or all of an exact count (a table in memory that
	 * fills its rows): a reload then keeps the selection. */
	t->at_end = t->n < want || (t->counted && t->exact && t->n >= t->total);
	t->base = 0;
	t->sel = t->top = 0;
	t->moved = false;
	t->chose_first = false;
}

void table_load(struct table *t, struct ui *ui)
{
	/* Counted first: how much the first read takes depends on it. */
	table_count(t, ui);
	table_first(t, ui);
}

/* The window's place where one of its ends is known: at the first row, or at
 * the last of an exact count; otherwise as it was. */
static void table_base_from_ends(struct table *t)
{
	if (t->at_start)
		t->base = 0;
	else if (t->at_end && t->counted && t->exact && t->total >= t->n)
		t->base = t->total - t->n;
}

static void table_last(struct table *t, struct ui *ui)
{
	memset(t->col_widest, 0, sizeof t->col_widest);
	memset(t->col_whole, 0, sizeof t->col_whole);
	t->n = table_fetch(t, ui, NULL, true, t->rows, t->chunk);
	t->at_end = true;
	t->at_start = t->n < t->chunk;
	t->base = -1;
	table_base_from_ends(t);
	t->sel = t->n > 0 ? t->n - 1 : 0;
	t->top = t->n > t->visible ? t->n - t->visible : 0;
}

/* Reads rows after the window, dropping rows from its front past cap.
 * Returns whether any came. */
static bool table_extend_down(struct table *t, struct ui *ui)
{
	if (t->at_end || t->n == 0)
		return false;
	size_t size = t->src->row_size;
	char *more = xcalloc((size_t)t->chunk, size);
	memcpy(t->scratch, table_row(t, t->n - 1), size);
	int m = table_fetch(t, ui, t->scratch, false, more, t->chunk);
	if (m < t->chunk)
		t->at_end = true;
	if (t->n + m > t->cap) {
		int drop = t->n + m - t->cap;
		memmove(t->rows, table_row(t, drop), (size_t)(t->n - drop) * size);
		t->n -= drop;
		t->sel -= drop;
		t->top -= drop;
		t->at_start = false;
		if (t->base >= 0)
			t->base += drop;
	}
	memcpy(table_row(t, t->n), more, (size_t)m * size);
	t->n += m;
	if (t->base < 0)
		table_base_from_ends(t);
	free(more);
	return m > 0;
}

/* Reads rows before the window, dropping rows from its end past cap.
 * Returns how many came. */
static int table_extend_up(struct table *t, struct ui *ui)
{
	if (t->at_start || t->n == 0)
		return 0;
	size_t size = t->src->row_size;
	char *more = xcalloc((size_t)t->chunk, size);
	memcpy(t->scratch, table_row(t, 0), size);
	int m = table_fetch(t, ui, t->scratch, true, more, t->chunk);
	if (m < t->chunk)
		t->at_start = true;
	if (t->n + m > t->cap) {
		t->n = t->cap - m;
		t->at_end = false;
	}
	memmove(table_row(t, m), t->rows, (size_t)t->n * size);
	memcpy(t->rows, more, (size_t)m * size);
	t->n += m;
	t->sel += m;
	t->top += m;
	if (t->base >= 0)
		t->base -= m;
	table_base_from_ends(t);
	free(more);
	return m;
}

/* What a pause still has to do after the read ahead: the exact count, the
 * window's place. */
static bool table_count_left(const struct table *t)
{
	return t->counted && !t->exact && t->src->count_all && !t->count_tried;
}

static bool table_place_left(const struct table *t)
{
	return t->base == -1 && t->n > 0 && t->src->place;
}

bool table_idle(struct table *t, struct ui *ui)
{
	/* Once, after a first read of a screenful: the next chunk. */
	if (!t->at_end && t->n > 0 && t->n < t->chunk && t->chunk != t->cap) {
		/* (A screenful is read first only when the count is exact.) */
		table_extend_down(t, ui);
		return table_count_left(t) || table_place_left(t);
	}
	/* Then a count that was only a lower bound ("60+"), once per read
	 * from the start: its exact figure is shown. */
	if (table_count_left(t)) {
		t->count_tried = true;
		/* All of them read already: counted without reading them again. */
		int64_t n = t->at_start && t->at_end ? t->n : t->src->count_all(t->ctx, ui);
		if (n == TABLE_COUNT_LATER) {
			t->count_tried = false;
			return true;
		}
		if (n >= 0) {
			t->total = n;
			t->exact = true;
			if (t->base < 0)
				table_base_from_ends(t);
		}
	}
	/* Then the window's place, where a row was shown in the middle. */
	if (table_place_left(t)) {
		int64_t p = t->src->place(t->ctx, ui, table_row(t, 0));
		if (p == TABLE_COUNT_LATER)
			return true;
		/* (An error leaves it unknown until the window reaches an end
		 * or is read anew: not asked again.) */
		t->base = p >= 0 ? p : -2;
	}
	return false;
}

void table_move(struct table *t, struct ui *ui, int delta)
{
	t->moved = true;
	int target = t->sel + delta;
	while (target >= t->n) {
		int before = t->sel;
		if (!table_extend_down(t, ui))
			break;
		target -= before - t->sel; /* rows dropped from the front */
	}
	while (target < 0) {
		int m = table_extend_up(t, ui);
		if (m == 0)
			break;
		target += m;
	}
	if (target >= t->n)
		target = t->n - 1;
	if (target < 0)
		target = 0;
	t->sel = target;
	table_keep_visible(t);
}

/* Reads the window around anchor, a row as fetch gives it: half a chunk
 * before it, then it (when in) and what follows; the selection on it, or on
 * the row after its place (the last before it when none follows). */
static void table_around(struct table *t, struct ui *ui, const void *anchor, bool in)
{
	memset(t->col_widest, 0, sizeof t->col_widest);
	memset(t->col_whole, 0, sizeof t->col_whole);
	size_t size = t->src->row_size;
	int half = t->chunk / 2 > 0 ? t->chunk / 2 : 1;
	char *before = xcalloc((size_t)half, size);
	char *at = xmalloc(size);
	memcpy(at, anchor, size);
	int m = table_fetch(t, ui, at, true, before, half);
	memcpy(t->rows, before, (size_t)m * size);
	if (in)
		memcpy(table_row(t, m), at, size);
	int room = t->cap - m - in < t->chunk ? t->cap - m - in : t->chunk;
	int n = table_fetch(t, ui, at, false, table_row(t, m + in), room);
	t->n = m + in + n;
	/* Fewer than asked on a side is its end; so is every row of an exact
	 * count read (a table in memory shown whole). */
	bool whole = t->counted && t->exact && t->n >= t->total;
	t->at_start = m < half || whole;
	t->at_end = n < room || whole;
	/* (The count is the one just taken: table_reload counts first.) */
	t->base = -1;
	table_base_from_ends(t);
	t->sel = m < t->n ? m : t->n - 1;
	t->sel = t->sel > 0 ? t->sel : 0;
	t->top = t->sel - t->visible / 2 > 0 ? t->sel - t->visible / 2 : 0;
	table_keep_visible(t);
	t->center = t->visible <= 1;
	free(before);
	free(at);
}

bool table_show(struct table *t, struct ui *ui, int64_t id)
{
	memset(t->col_widest, 0, sizeof t->col_widest);
	memset(t->col_whole, 0, sizeof t->col_whole);
	if (!t->src->find || t->src->find(t->ctx, ui, id, t->scratch) != 1)
		return false;
	table_around(t, ui, t->scratch, true);
	return true;
}

void table_reload(struct table *t, struct ui *ui)
{
	int64_t selected = table_selected_id(t);
	int offset = t->sel - t->top;
	bool showed_start = t->at_start && t->top == 0;
	char *was = selected ? xmalloc(t->src->row_size) : NULL;
	if (was)
		memcpy(was, table_row(t, t->sel), t->src->row_size);
	/* Counted first: a window at the end then knows its place. */
	table_count(t, ui);
	bool shown = selected && table_show(t, ui, selected);
	/* Gone from these rows (deleted, or out of the filter now): the one
	 * after its place is selected, not the first row. */
	if (!shown && was && t->src->find) {
		table_around(t, ui, was, false);
		shown = t->n > 0;
	}
	free(was);
	if (shown) {
		/* The selected row keeps its place on the screen; a window that
		 * showed the start of the list still does, so rows added before
		 * its first one come into view. */
		t->top = showed_start ? 0 : t->sel - offset > 0 ? t->sel - offset : 0;
		t->center = false;
		table_keep_visible(t);
	} else if (t->n > 0 && t->top < t->n && t->src->find == NULL && t->at_start && t->at_end) {
		/* All in memory: read it all again, the selection where it was. */
		int sel = t->sel, top = t->top;
		table_first(t, ui);
		t->sel = sel;
		t->top = top;
		table_keep_visible(t);
	} else {
		table_first(t, ui);
	}
}

/* ---- drawing ----------------------------------------------------------- */

/* The widest text of column c on the rows the window shows, at least
 * widest, each given room cells (table_room). */
static int table_widest_in(struct table *t, struct ui *ui, int c, int room, int widest)
{
	char buf[256];
	t->room = room;
	for (int i = 0; i < t->visible && t->top + i < t->n; i++) {
		const void *row = table_row(t, t->top + i);
		enum ui_color color = UI_NORMAL;
		attr_t extra = 0;
		/* (A text that runs back over empty cells is not a number.) */
		if (t->src->overflow && t->src->overflow(t->ctx, row, c) > 0)
			continue;
		buf[0] = '\0';
		t->src->cell(t->ctx, ui, row, c, buf, sizeof buf, &color, &extra);
		int w = text_width(buf);
		widest = w > widest ? w : widest;
	}
	t->room = 0;
	return widest;
}

/* The widest text of column c on the rows the window shows, or shown since
 * the rows were read, each given its column's cells. */
static int table_widest(struct table *t, struct ui *ui, int c)
{
	int widest = table_widest_in(t, ui, c, t->cols[c].cells, t->col_widest[c]);
	t->col_widest[c] = widest;
	return widest;
}

/* Hides column c, whose room (with its gap) leaves the total. */
static void table_hide(struct table *t, int c, int *total, int *flex)
{
	t->col_shown[c] = false;
	*total -= (t->col_cells[c] > 0 ? t->col_cells[c] : t->flex_min[c]) + 1;
	*flex -= t->col_cells[c] == 0;
}

/* The fewest cells text column c is shown in when it leads a pan: its
 * title's (and the sort arrow's when sorted by it), at least 4. */
static int table_least(const struct table *t, int c)
{
	const struct table_col *col = &t->cols[c];
	int title = col->title && t->header
			    ? text_width(_(col->title)) + (col->sort >= 0 && col->sort == t->sort)
			    : 0;
	return title > 4 ? title : 4;
}

/* Which columns fit in width, and how wide each is. */
static void table_layout_in(struct table *t, struct ui *ui, int width)
{
	int total = 0, flex = 0;
	for (int c = 0; c < t->ncols; c++) {
		const struct table_col *col = &t->cols[c];
		t->col_shown[c] = true;
		int cells = col->cells;
		if (cells > 0 && col->title && t->header) {
			/* Room for the title and the sort arrow. */
			int title = text_width(_(col->title)) + (col->sort >= 0 ? 1 : 0);
			if (cells < title)
				cells = title;
		}
		/* A number is never cut: a right-aligned column grows to the
		 * widest one shown, taking the room from the flexible ones. */
		if (cells > 0 && col->right) {
			int widest = table_widest(t, ui, c);
			if (cells < widest)
				cells = widest;
		}
		t->col_cells[c] = cells;
		total += (cells > 0 ? cells : t->flex_min[c]) + 1;
		flex += cells == 0;
	}
	/* All fit: nothing to pan. */
	if (total - 1 <= width) {
		t->pan = 0;
		t->npan_trail = 0;
	}
	/* Panned: the first pan - 1 droppable columns, in their order, are
	 * off to the left; the next one (the lead) shows whatever its rank,
	 * and the others are dropped by rank as unpanned. So each column shows at
	 * some pan, and the ranked view's columns stay as long as there is
	 * room, rather than giving way to the next ones in order (panned, the
	 * columns were those in order from the pan-th: Right from the ranked
	 * view took away two shown on the right, Visit and Flags). */
	bool left[TABLE_MAX_COLS] = { false };
	int lead = -1;
	for (int c = 0, skipped = 0; c < t->ncols && t->pan > 0 && lead < 0; c++) {
		if (!t->cols[c].drop)
			continue;
		if (skipped < t->pan - 1) {
			table_hide(t, c, &total, &flex);
			left[c] = true;
			skipped++;
		} else {
			lead = c;
		}
	}
	/* Drop by rank until it fits; the lead last. */
	for (int rank = 1; total - 1 > width && rank < 64; rank++)
		for (int c = 0; c < t->ncols && total - 1 > width; c++)
			if (t->cols[c].drop == rank && t->col_shown[c] && c != lead)
				table_hide(t, c, &total, &flex);
	/* A text lead too wide beside the rest gives up the cells it lacks,
	 * down to its title's, its values cut with "…" (at 45 columns the
	 * list's Territory, wider than the room, was never shown); a number
	 * is never cut, and goes. */
	if (lead >= 0 && total - 1 > width && t->col_cells[lead] > 0) {
		int over = total - 1 - width, least = table_least(t, lead);
		if (!t->cols[lead].right && t->col_cells[lead] - over >= least) {
			t->col_cells[lead] -= over;
			total -= over;
		}
	}
	if (lead >= 0 && total - 1 > width)
		table_hide(t, lead, &total, &flex);
	/* A flexible column that may drop and has nothing to show in these
	 * rows gives its room to the others when they would be cut (a
	 * territory's rights: the holder's name was cut beside an empty
	 * Problem); being empty, it is not one Right would show. Panned, the
	 * columns are those the user moved to, as they are. */
	bool empty[TABLE_MAX_COLS] = { false };
	if (t->pan == 0) {
		int short_of = -(width - (total - 1));
		for (int c = 0; c < t->ncols; c++)
			if (t->col_shown[c] && t->col_cells[c] == 0 && !t->cols[c].drop) {
				int more = table_widest(t, ui, c) - t->flex_min[c];
				short_of += more > 0 ? more : 0;
			}
		for (int c = 0; c < t->ncols && short_of > 0; c++)
			if (t->col_shown[c] && t->col_cells[c] == 0 && t->cols[c].drop &&
			    t->cols[c].sort < 0 && table_widest(t, ui, c) == 0) {
				table_hide(t, c, &total, &flex);
				empty[c] = true;
				short_of -= t->flex_min[c] + 1;
			}
	}
	/* Right shows more while a hidden droppable column not off to the
	 * left would fit beside those never dropped (a column too wide for
	 * the terminal is not promised). */
	int pinned = 0;
	for (int c = 0; c < t->ncols; c++)
		if (!t->cols[c].drop)
			pinned += (t->col_cells[c] > 0 ? t->col_cells[c] : t->flex_min[c]) + 1;
	t->more_right = false;
	t->left_mark = -1;
	int hidden_left = -1;
	for (int c = 0; c < t->ncols; c++) {
		if (!t->cols[c].drop || t->col_shown[c] || empty[c])
			continue;
		/* (A text column leads cut to its title's width: table_least.) */
		int cells = t->col_cells[c] > 0 ? t->col_cells[c] : t->flex_min[c];
		int least = t->col_cells[c] > 0 && !t->cols[c].right ? table_least(t, c) : cells;
		cells = least < cells ? least : cells;
		if (!left[c] && pinned + cells <= width)
			t->more_right = true;
		if (left[c] && hidden_left < 0)
			hidden_left = c;
	}
	/* Where those hidden on the left would be: before the first column
	 * shown after the first of them. */
	for (int d = hidden_left + 1; hidden_left >= 0 && d < t->ncols; d++)
		if (t->col_shown[d]) {
			t->left_mark = d;
			break;
		}
	int spare = width - (total - 1);
	for (int c = 0, budget = spare / 2; c < t->ncols && budget > 0; c++) {
		const struct table_col *col = &t->cols[c];
		if (!t->col_shown[c] || col->cells <= 0 || col->min_cells <= 0)
			continue;
		/* A number widens to show itself whole, where it was made
		 * short to fit its cells (a rebate of ¥135.0k: ¥135,012.40). */
		int widest = col->right ? table_widest_in(t, ui, c, col->min_cells, t->col_whole[c])
					: table_widest(t, ui, c);
		if (col->right)
			t->col_whole[c] = widest;
		int need = (widest < col->min_cells ? widest : col->min_cells) - t->col_cells[c];
		int grow = need < budget ? need : budget;
		if (grow > 0) {
			t->col_cells[c] += grow;
			budget -= grow;
			spare -= grow;
		}
	}
	/* The flexible columns share what is left. One whose widest text (and
	 * title) needs less than an equal share takes only that, and the
	 * others share the rest (an explanation's "What" was padded to 68
	 * cells for 20 of text while its "Why" was cut); when every one has
	 * all it needs, what remains is shared equally again. want: what each
	 * needs beyond its least, measured once (not when there is nothing to
	 * share); -1 once it has it, or for a column not flexible. */
	int want[TABLE_MAX_COLS], open = 0;
	for (int c = 0; c < t->ncols; c++) {
		want[c] = -1;
		if (!t->col_shown[c] || t->col_cells[c] > 0)
			continue;
		open++;
		if (spare <= 0) {
			want[c] = 0;
			continue;
		}
		int widest = table_widest(t, ui, c);
		int title = t->cols[c].title && t->header ? text_width(_(t->cols[c].title)) : 0;
		want[c] = (widest > title ? widest : title) - t->flex_min[c];
		if (want[c] < 0)
			want[c] = 0;
	}
	int got[TABLE_MAX_COLS] = { 0 };
	for (bool again = open > 0 && spare > 0; again;) {
		again = false;
		int share = spare / open;
		for (int c = 0; c < t->ncols && open > 0; c++)
			if (want[c] >= 0 && want[c] <= share) {
				got[c] = want[c];
				spare -= want[c];
				want[c] = -1;
				open--;
				again = open > 0;
			}
	}
	/* What remains goes to those still wanting more, else to all. */
	int takers = open > 0 ? open : flex;
	for (int c = 0; c < t->ncols; c++) {
		if (!t->col_shown[c] || t->col_cells[c] > 0)
			continue;
		bool takes = open > 0 ? want[c] >= 0 : true;
		int share = takes && takers > 0 && spare > 0 ? spare / takers : 0;
		t->col_cells[c] = t->flex_min[c] + got[c] + share;
		spare -= share;
		takers -= takes;
	}
	int x = 0;
	for (int c = 0; c < t->ncols; c++) {
		t->col_x[c] = x;
		if (t->col_shown[c]) {
			if (x + t->col_cells[c] > width)
				t->col_cells[c] = width - x;
			x += t->col_cells[c] + 1;
		}
	}
	t->col_x[t->ncols] = x;
	if (t->left_mark >= 0)
		t->left_mark = t->col_x[t->left_mark] > 0 ? t->col_x[t->left_mark] - 1 : -1;
}

/* The layout in width, a cell kept for the › when columns are hidden. */
static void table_layout_at(struct table *t, struct ui *ui, int width)
{
	table_layout_in(t, ui, width);
	if (t->more_right && t->header && width > 1)
		table_layout_in(t, ui, width - 1);
}

/* The same, the flexible columns first laid out unpanned at flex_floor
 * when the table is wider, for the least they get. */
static void table_layout(struct table *t, struct ui *ui, int width)
{
	for (int c = 0; c < t->ncols; c++)
		t->flex_min[c] = t->cols[c].min_cells;
	/* (At the floor's width too when panned: a panned view kept the
	 * name at its least, 11 cells where unpanned showed 15.) */
	if (t->flex_floor > 0 && (width > t->flex_floor || (t->pan && width == t->flex_floor))) {
		int pan = t->pan;
		t->pan = 0;
		table_layout_at(t, ui, t->flex_floor);
		t->pan = pan;
		for (int c = 0; c < t->ncols; c++)
			if (t->cols[c].cells == 0 && t->col_shown[c])
				t->flex_min[c] = t->col_cells[c];
	}
	table_layout_at(t, ui, width);
}

void table_fit(struct table *t, struct ui *ui, int rows)
{
	t->visible = rows > 0 ? rows : 1;
	table_keep_visible(t);
	/* A taller window may show more than is in memory: what follows, then
	 * what comes before when the end is reached (a row just added at the
	 * end is read with half a chunk before it, fewer than a tall screen
	 * holds). */
	while (t->top + t->visible > t->n && table_extend_down(t, ui))
		;
	while (t->n < t->visible && table_extend_up(t, ui) > 0)
		;
	if (t->center) {
		t->top = t->sel - t->visible / 2 > 0 ? t->sel - t->visible / 2 : 0;
		t->center = false;
	}
	table_keep_visible(t);
}

void table_draw(struct table *t, struct ui *ui, int y, int x, int height, int width)
{
	t->y = y;
	t->x = x;
	t->width = width;
	int body = height - (t->header ? 1 : 0);
	table_fit(t, ui, body);
	table_layout(t, ui, width);
	if (t->header && height > 0) {
		ui_fill(y, x, width, ui_attr(UI_TITLE) | A_UNDERLINE);
		for (int c = 0; c < t->ncols; c++) {
			const struct table_col *col = &t->cols[c];
			if (!t->col_shown[c] || !col->title)
				continue;
			char title[160];
			const char *arrow =
				col->sort >= 0 && col->sort == t->sort ? (t->desc ? "▼" : "▲") : "";
			snprintf(title, sizeof title, "%s%s", _(col->title), arrow);
			ui_text(y, x + t->col_x[c], t->col_cells[c], title,
				ui_attr(UI_TITLE) | A_UNDERLINE, col->right);
		}
		/* Columns hidden to either side: Left and Right show them. */
		if (t->left_mark >= 0)
			ui_text(y, x + t->left_mark, 1, "‹", ui_attr(UI_TITLE) | A_BOLD, false);
		if (t->more_right)
			ui_text(y, x + width - 1, 1, "›", ui_attr(UI_TITLE) | A_BOLD, false);
		y++;
	}
	char buf[1024];
	for (int i = 0; i < body && t->top + i < t->n; i++) {
		const void *row = table_row(t, t->top + i);
		bool selected = t->focused && t->top + i == t->sel;
		attr_t base = selected ? ui_attr(UI_SELECTED) : A_NORMAL;
		if (selected)
			ui_fill(y + i, x, width, base);
		for (int c = 0; c < t->ncols; c++) {
			if (!t->col_shown[c])
				continue;
			int from = c;
			for (int back = t->src->overflow ? t->src->overflow(t->ctx, row, c) : 0;
			     back > 0 && from > 0; back--)
				from--;
			while (from < c && !t->col_shown[from])
				from++;
			/* The earlier cells are empty: this one draws over them. */
			int end = t->col_x[c] + t->col_cells[c];
			enum ui_color color = UI_NORMAL;
			attr_t extra = 0;
			buf[0] = '\0';
			t->room = end - t->col_x[from];
			t->src->cell(t->ctx, ui, row, c, buf, sizeof buf, &color, &extra);
			t->room = 0;
			attr_t a = selected		? base | (extra & A_BOLD)
				   : color == UI_NORMAL ? extra
							: ui_attr(color) | extra;
			ui_text(y + i, x + t->col_x[from], end - t->col_x[from], buf, a,
				t->cols[c].right);
		}
	}
}

void table_scroll_text(struct table *t, int by)
{
	t->top += by;
	if (t->top > t->n - t->visible)
		t->top = t->n - t->visible;
	if (t->top < 0)
		t->top = 0;
	t->sel = t->top;
}

int table_room(const struct table *t)
{
	return t->room;
}

int table_text_key(const struct table *t, struct ui_key k)
{
	return ui_key_is_code(k, KEY_UP) || ui_key_is(k, 'k')		? -1
	       : ui_key_is_code(k, KEY_DOWN) || ui_key_is(k, 'j')	? 1
	       : ui_key_is_code(k, KEY_PPAGE)				? -t->visible
	       : ui_key_is_code(k, KEY_NPAGE) || ui_key_is(k, ' ')	? t->visible
	       : ui_key_is_code(k, KEY_HOME) || ui_key_is(k, 'g')	? -t->n
	       : ui_key_is_code(k, KEY_END) || ui_key_is(k, 'G')	? t->n
									: 0;
}

bool table_where(const struct table *t, int64_t *at, int64_t *total)
{
	/* Counted exactly, or every row read. */
	bool known = (t->counted && t->exact) || (t->at_start && t->at_end);
	/* Else at least the rows before the window and in it. */
	*total = t->counted && t->exact ? t->total : t->base >= 0 ? t->base + t->n : t->n;
	/* Where the selection stands is known counting from the start, or
	 * from the source. */
	*at = t->n > 0 && t->base >= 0 ? t->base + t->sel : -1;
	const void *sel = table_selected(t);
	if (*at < 0 && t->src->index && sel)
		*at = t->src->index(t->ctx, sel);
	return known;
}

void table_position(const struct table *t, char *buf, size_t size)
{
	int64_t at, n;
	bool known = table_where(t, &at, &n);
	long long total = n;
	/* An empty table says so itself ("nothing in this period"): a bare
	 * "0" in a corner says nothing. */
	if (t->n == 0) {
		snprintf(buf, size, "%s", "");
		return;
	}
	if (at >= 0 && t->lines)
		/* TRANSLATORS: the first line shown of a text and how many lines
		 * it has: "line 3 of 20". */
		snprintf(buf, size, _("line %d of %lld"), (int)at + 1, total);
	else if (at >= 0)
		/* TRANSLATORS: the selected row and how many there are: "12 of 300". */
		snprintf(buf, size, known ? _("%d of %lld") : _("%d of %lld+"), (int)at + 1, total);
	else
		snprintf(buf, size, known ? "%lld" : "%lld+", total);
}

void table_draw_title(const struct table *t, int y, int width, const char *title)
{
	char pos[48] = "";
	int w = 0;
	if (t->n > t->visible) {
		table_position(t, pos, sizeof pos);
		w = text_width(pos);
		if (w + 3 >= width)
			w = 0;
	}
	ui_text(y, 1, w ? width - w - 3 : width - 2, title, ui_attr(UI_TITLE) | A_BOLD, false);
	if (w) {
		ui_fill(y, width - w - 2, 1, A_NORMAL);
		ui_text(y, width - w - 1, w, pos, ui_attr(UI_DIM), true);
	}
}

void table_draw_search(struct table *t, struct ui *ui, int y, int x, int cells)
{
	const char *label = _("Search:");
	int lw = text_width(label);
	if (cells <= lw + 4)
		return;
	ui_text(y, x, lw, label, ui_attr(UI_TITLE), false);
	field_draw(&t->search, ui, y, x + lw + 1, cells - lw - 1, t->searching);
}

/* ---- keys ---------------------------------------------------------------- */

int64_t table_moved_to(const struct table *t)
{
	return !t->moved && t->base == 0 && t->sel == 0 ? 0 : table_selected_id(t);
}

int64_t table_back_to(const struct table *t, int64_t from)
{
	int64_t id = t->chose_first ? table_selected_id(t) : table_moved_to(t);
	return id ? id : from;
}

void table_load_keeping(struct table *t, struct ui *ui, int64_t id)
{
	/* Counted first, as table_load; the window read once, around the row
	 * when it is among them, from the start when not. */
	table_count(t, ui);
	if (!id || !table_show(t, ui, id))
		table_first(t, ui);
}

/* Pans until the column of sort shows, when it is hidden and some panning
 * shows it: sorted by a column dropped for width, the values sorted by
 * could not be seen. */
static void table_pan_to_sort(struct table *t, struct ui *ui, int sort)
{
	int c = 0;
	while (c < t->ncols && t->cols[c].sort != sort)
		c++;
	if (t->width <= 0)
		return;
	if (t->sort_panned) {
		t->pan = 0;
		t->npan_trail = 0;
		t->sort_panned = false;
		table_layout(t, ui, t->width);
	}
	if (c == t->ncols || t->col_shown[c])
		return;
	int ndrop = 0, was = t->pan;
	for (int d = 0; d < t->ncols; d++)
		ndrop += t->cols[d].drop != 0;
	for (t->pan = 0; t->pan <= ndrop; t->pan++) {
		table_layout(t, ui, t->width);
		if (t->col_shown[c]) {
			t->sort_panned = t->pan != was;
			if (t->sort_panned)
				t->npan_trail = 0;
			return;
		}
	}
	t->pan = was;
	table_layout(t, ui, t->width);
}

void table_set_sort(struct table *t, struct ui *ui, int sort, bool desc)
{
	if (!t->src->sort)
		return;
	int64_t id = table_moved_to(t);
	t->sort = sort;
	t->desc = desc;
	t->src->sort(t->ctx, sort, desc);
	if (!id || !table_show(t, ui, id))
		table_first(t, ui);
	table_pan_to_sort(t, ui, sort);
}

void table_set_search(struct table *t, struct ui *ui, const char *text)
{
	if (!t->src->search)
		return;
	/* A search cleared leaves the row found selected among all, or the
	 * one selected before the search when none was moved to. */
	int64_t id = text[0] ? 0 : table_back_to(t, t->search_from);
	if (!text[0])
		t->search_from = 0;
	form_set(&t->search, text);
	t->src->search(t->ctx, text);
	table_load_keeping(t, ui, id);
}

/* The next sortable column's sort after the current one. */
static int table_next_sort(const struct table *t)
{
	int first = -1, take = -1;
	bool passed = false;
	for (int c = 0; c < t->ncols; c++) {
		int s = t->cols[c].sort;
		if (s < 0)
			continue;
		if (first < 0)
			first = s;
		if (passed && take < 0)
			take = s;
		if (s == t->sort)
			passed = true;
	}
	return take >= 0 ? take : first;
}

static int table_key_search(struct table *t, struct ui *ui, struct ui_key k)
{
	if (ui_key_is(k, UI_KEY_ESC)) {
		t->searching = false;
		table_set_search(t, ui, "");
		return TABLE_HANDLED;
	}
	if (ui_key_enter(k)) {
		t->searching = false;
		t->search.selected = false;
		/* Nothing kept narrows the list: nothing to come back from. */
		if (!t->search.len)
			t->search_from = 0;
		return TABLE_HANDLED;
	}
	if (ui_key_is_code(k, KEY_UP) || ui_key_is_code(k, KEY_DOWN) ||
	    ui_key_is_code(k, KEY_NPAGE) || ui_key_is_code(k, KEY_PPAGE))
		return TABLE_NONE; /* moving the selection while typing */
	bool edited;
	t->search.error[0] = '\0';
	if (field_edit_key(&t->search, k, &edited)) {
		if (edited) {
			t->src->search(t->ctx, field_value(&t->search));
			table_load(t, ui);
		} else if (t->search.error[0] && ui) {
			/* A character the search does not take: said. */
			ui_error(ui, "%s", t->search.error);
		}
		return TABLE_HANDLED;
	}
	/* Everything else is typed text here, not a command. */
	return k.code && (k.ch == KEY_F(1) || k.ch == KEY_F(10)) ? TABLE_NONE : TABLE_HANDLED;
}

/* Shows the columns hidden on the right (at least one more), or those
 * hidden on the left again: whether it moved. */
static bool table_pan(struct table *t, struct ui *ui, int by)
{
	if (t->width <= 0)
		return false;
	t->sort_panned = false;
	if (by < 0) {
		if (t->pan <= 0)
			return false;
		if (t->npan_trail > 0) {
			t->pan = t->pan_trail[--t->npan_trail];
			table_layout(t, ui, t->width);
			return true;
		}
		/* Back as far as a column off to the left shows again, as
		 * Right went on until one on the right did. */
		bool was_shown[TABLE_MAX_COLS];
		memcpy(was_shown, t->col_shown, sizeof was_shown);
		while (t->pan > 0) {
			t->pan--;
			table_layout(t, ui, t->width);
			for (int c = 0; c < t->ncols; c++)
				if (t->col_shown[c] && !was_shown[c])
					return true;
		}
		return true;
	}
	if (!t->more_right)
		return false;
	int ndrop = 0;
	for (int c = 0; c < t->ncols; c++)
		ndrop += t->cols[c].drop != 0;
	bool was_shown[TABLE_MAX_COLS];
	memcpy(was_shown, t->col_shown, sizeof was_shown);
	int was = t->pan;
	while (t->pan < ndrop) {
		t->pan++;
		table_layout(t, ui, t->width);
		for (int c = 0; c < t->ncols; c++)
			if (t->col_shown[c] && !was_shown[c]) {
				if (t->npan_trail < TABLE_MAX_COLS + 1)
					t->pan_trail[t->npan_trail++] = was;
				return true;
			}
	}
	t->pan = was;
	table_layout(t, ui, t->width);
	return false;
}

int table_key(struct table *t, struct ui *ui, struct ui_key k)
{
	if (t->searching) {
		int r = table_key_search(t, ui, k);
		if (r != TABLE_NONE)
			return r;
	}
	if (k.code) {
		switch (k.ch) {
		case KEY_UP:
			table_move(t, ui, -1);
			return TABLE_HANDLED;
		case KEY_DOWN:
			table_move(t, ui, 1);
			return TABLE_HANDLED;
		case KEY_NPAGE:
			table_move(t, ui, t->visible);
			return TABLE_HANDLED;
		case KEY_PPAGE:
			table_move(t, ui, -t->visible);
			return TABLE_HANDLED;
		case KEY_HOME:
			table_first(t, ui);
			t->chose_first = true;
			return TABLE_HANDLED;
		case KEY_END:
			table_last(t, ui);
			t->moved = true;
			return TABLE_HANDLED;
		case KEY_ENTER:
			return table_selected(t) ? TABLE_ACTIVATE : TABLE_HANDLED;
		case KEY_LEFT:
		case KEY_RIGHT:
			/* Not the table's key when nothing is hidden that way. */
			return table_pan(t, ui, k.ch == KEY_LEFT ? -1 : 1) ? TABLE_HANDLED
									   : TABLE_NONE;
		default:
			return TABLE_NONE;
		}
	}
	switch (k.ch) {
	case '<':
	case '>':
		/* The same as Left and Right, where a screen takes those for
		 * its sections (Setup, the explanation). */
		return table_pan(t, ui, k.ch == '<' ? -1 : 1) ? TABLE_HANDLED : TABLE_NONE;
	case 'k':
		table_move(t, ui, -1);
		return TABLE_HANDLED;
	case 'j':
		table_move(t, ui, 1);
		return TABLE_HANDLED;
	case 'g':
		table_first(t, ui);
		t->chose_first = true;
		return TABLE_HANDLED;
	case 'G':
		table_last(t, ui);
		t->moved = true;
		return TABLE_HANDLED;
	case '\n':
	case '\r':
		return table_selected(t) ? TABLE_ACTIVATE : TABLE_HANDLED;
	case '/':
		if (!t->src->search)
			return TABLE_NONE;
		if (!t->search.len)
			t->search_from = table_selected_id(t);
		t->searching = true;
		t->search.cursor = t->search.len;
		/* Opened again, the old search is selected: typing starts a
		 * new one (it was added to the old), a move edits it. */
		t->search.selected = t->search.len > 0;
		return TABLE_HANDLED;
	case UI_KEY_ESC:
		if (t->src->search && t->search.len) {
			table_set_search(t, ui, "");
			return TABLE_HANDLED;
		}
		return TABLE_NONE;
	case 's':
		if (!t->src->sort)
			return TABLE_NONE;
		table_set_sort(t, ui, table_next_sort(t), false);
		return TABLE_HANDLED;
	case 'S':
		if (!t->src->sort)
			return TABLE_NONE;
		table_set_sort(t, ui, t->sort, !t->desc);
		return TABLE_HANDLED;
	case 'x':
		if (!t->export_name)
			return TABLE_NONE;
		/* (A file of the header alone was written.) */
		if (t->n == 0 && t->at_start && t->at_end) {
			ui_message(ui, "%s",
				   _("Nothing to export: the table shows no rows (a search or "
				     "filter may hide them all)."));
			return TABLE_HANDLED;
		}
		ui_push(ui, &screen_export, t);
		return TABLE_HANDLED;
	default:
		return TABLE_NONE;
	}
}

int table_click(struct table *t, struct ui *ui, int y, int x)
{
	x -= t->x;
	if (x < 0 || x >= t->width)
		return TABLE_NONE;
	if (t->header && y == t->y) {
		if (x == t->left_mark || (t->more_right && x == t->width - 1)) {
			table_pan(t, ui, x == t->left_mark ? -1 : 1);
			return TABLE_HANDLED;
		}
		for (int c = 0; c < t->ncols; c++) {
			int s = t->cols[c].sort;
			if (t->col_shown[c] && s >= 0 && x >= t->col_x[c] &&
			    x < t->col_x[c] + t->col_cells[c] + 1)
				table_set_sort(t, ui, s, s == t->sort ? !t->desc : false);
		}
		return TABLE_HANDLED;
	}
	int i = t->top + y - t->y - (t->header ? 1 : 0);
	if (i < t->top || i >= t->n || i >= t->top + t->visible)
		return TABLE_NONE;
	if (i == t->sel)
		return TABLE_ACTIVATE;
	t->sel = i;
	t->moved = true;
	return TABLE_HANDLED;
}

void table_wheel(struct table *t, struct ui *ui, int n)
{
	table_move(t, ui, n);
}

/* ---- rows in memory -------------------------------------------------------- */

int64_t table_mem_id(const void *row)
{
	int64_t id;
	memcpy(&id, row, sizeof id);
	return id;
}

int64_t table_mem_count(void *ctx, struct ui *ui, bool *exact)
{
	(void)ui;
	*exact = true;
	return ((const struct table_mem *)ctx)->n;
}

int table_mem_find(void *ctx, struct ui *ui, int64_t id, void *out)
{
	(void)ui;
	const struct table_mem *m = ctx;
	if (id < 1 || id > m->n)
		return 0;
	memcpy(out, (const char *)m->rows + (size_t)(id - 1) * m->row_size, m->row_size);
	return 1;
}

int table_mem_fetch(void *ctx, struct ui *ui, const void *after, bool backward, void *out, int max)
{
	(void)ui;
	const struct table_mem *m = ctx;
	int from, to; /* [from, to) of m->rows */
	if (!after) {
		from = backward ? (m->n > max ? m->n - max : 0) : 0;
		to = backward ? m->n : (m->n < max ? m->n : max);
	} else {
		int at = (int)table_mem_id(after) - 1;
		if (at < 0 || at >= m->n)
			return 0;
		if (backward) {
			to = at;
			from = to > max ? to - max : 0;
		} else {
			from = at + 1;
			to = m->n - from > max ? from + max : m->n;
		}
	}
	if (to <= from)
		return 0;
	memcpy(out, (const char *)m->rows + (size_t)from * m->row_size,
	       (size_t)(to - from) * m->row_size);
	return to - from;
}
