/* ui/table: the window of rows the table keeps in memory moves with the
 * selection through any number of rows, fetching by keyset, and always
 * holds the rows in order, without gaps or repeats; reading again keeps the
 * selected row. No terminal: only the paging is tested here. */
#include <stdlib.h>
#include <string.h>

#include "../src/ui/table.h"
#include "suite.h"

/* A source of `total` rows ordered by (group, id), with ties in group; it
 * answers only by keyset, as a database would. */
struct row {
	int64_t id;
	int group;
};

static int total = 1000;
static int fetches;
/* Rows another window added, sorting before all the others (ids 1, 2, ...). */
static int added;
/* A row another window deleted (its id; 0 for none). */
static int64_t gone;

static int key_cmp(const struct row *a, const struct row *b)
{
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The i-th row of the order: groups of 13 ties, the groups' ids falling
 * from group to group, so that ids alone would put them out of order. */
static struct row nth(int i)
{
	if (i < added)
		return (struct row){ .id = 1 + i, .group = -1 };
	i -= added;
	return (struct row){ .id = 100000 + i % 13 * 7 - i / 13 * 1000, .group = i / 13 };
}

static int fake_fetch(void *ctx, struct ui *ui, const void *after, bool backward, void *out,
		      int max)
{
	(void)ctx;
	(void)ui;
	fetches++;
	struct row *o = out;
	int n = 0;
	if (!backward) {
		for (int i = 0; i < total + added && n < max; i++) {
			struct row r = nth(i);
			if ((!after || key_cmp(&r, after) > 0) && r.id != gone)
				o[n++] = r;
		}
	} else {
		/* Nearest first, then handed back in order. */
		for (int i = total + added - 1; i >= 0 && n < max; i--) {
			struct row r = nth(i);
			if ((!after || key_cmp(&r, after) < 0) && r.id != gone)
				o[n++] = r;
		}
		for (int i = 0; i < n / 2; i++) {
			struct row t = o[i];
			o[i] = o[n - 1 - i];
			o[n - 1 - i] = t;
		}
	}
	return n;
}

static int64_t fake_id(const void *row)
{
	return ((const struct row *)row)->id;
}

static int fake_find(void *ctx, struct ui *ui, int64_t id, void *out)
{
	(void)ctx;
	(void)ui;
	for (int i = 0; i < total + added; i++)
		if (nth(i).id == id && id != gone) {
			*(struct row *)out = nth(i);
			return 1;
		}
	return 0;
}

static const struct table_source fake_source = {
	.row_size = sizeof(struct row),
	.fetch = fake_fetch,
	.id = fake_id,
	.find = fake_find,
};

static int64_t fake_count(void *ctx, struct ui *ui, bool *exact)
{
	(void)ctx;
	(void)ui;
	*exact = true;
	return total + added;
}

/* The same rows, counted (as the distributor list is). */
static const struct table_source fake_counted_source = {
	.row_size = sizeof(struct row),
	.fetch = fake_fetch,
	.id = fake_id,
	.find = fake_find,
	.count = fake_count,
};

/* The same rows, neither counted nor found by id (as a territory's panel). */
static const struct table_source fake_plain_source = {
	.row_size = sizeof(struct row),
	.fetch = fake_fetch,
	.id = fake_id,
};

static const struct table_col cols[] = { { NULL, 0, 10, 0, false, -1 } };

static struct table make(int cap)
{
	struct table t;
	table_init(&t, cols, 1, &fake_source, NULL, cap);
	t.visible = 10;
	table_load(&t, NULL);
	return t;
}

START_TEST(test_table_moving_down_visits_every_row_in_order)
{
	struct table t = make(100);
	for (int i = 0; i < total; i++) {
		ck_assert_int_eq(table_selected_id(&t), nth(i).id);
		ck_assert_int_le(t.n, t.cap);
		table_move(&t, NULL, 1);
	}
	/* Past the end it stays on the last row. */
	ck_assert_int_eq(table_selected_id(&t), nth(total - 1).id);
	table_free(&t);
}
END_TEST

START_TEST(test_table_moving_up_from_the_end_visits_every_row)
{
	struct table t = make(100);
	table_key(&t, NULL, (struct ui_key){ KEY_END, true });
	for (int i = total - 1; i >= 0; i--) {
		ck_assert_int_eq(table_selected_id(&t), nth(i).id);
		table_move(&t, NULL, -1);
	}
	ck_assert_int_eq(table_selected_id(&t), nth(0).id);
	table_free(&t);
}
END_TEST

/* On a terminal of 12 rows the first read takes 12 rows, not a chunk: the
 * rest of the chunk is read in the first pause of the keys, or on the first
 * move past them, and the order goes on without a gap either way. */
START_TEST(test_table_first_read_is_a_screenful_and_a_pause_reads_the_rest)
{
	int lines = LINES;
	LINES = 12;
	for (int pause = 0; pause <= 1; pause++) {
		fetches = 0;
		struct table t;
		table_init(&t, cols, 1, &fake_counted_source, NULL, 100);
		t.visible = 10;
		table_load(&t, NULL);
		ck_assert_int_eq(fetches, 1);
		ck_assert_int_eq(t.n, 12);
		ck_assert(!t.at_end);
		if (pause) {
			ck_assert(!table_idle(&t, NULL));
			ck_assert_int_eq(fetches, 2);
			ck_assert_int_eq(t.n, 12 + t.chunk);
			/* Read ahead once: a second pause reads nothing. */
			table_idle(&t, NULL);
			ck_assert_int_eq(fetches, 2);
		}
		for (int i = 0; i < total; i++) {
			ck_assert_int_eq(table_selected_id(&t), nth(i).id);
			table_move(&t, NULL, 1);
		}
		table_free(&t);
	}
	LINES = lines;
}
END_TEST

/* A count known only as a lower bound (the list's short searches), with
 * the exact one to be had at a cost. */
static int count_alls, count_stops;
static int64_t fake_bound(void *ctx, struct ui *ui, bool *exact)
{
	(void)ctx;
	(void)ui;
	*exact = false;
	return 0;
}

static int64_t fake_count_all(void *ctx, struct ui *ui)
{
	(void)ctx;
	(void)ui;
	count_alls++;
	if (count_stops > 0) {
		count_stops--;
		return TABLE_COUNT_LATER;
	}
	return total + added;
}

static const struct table_source fake_bound_source = {
	.row_size = sizeof(struct row),
	.fetch = fake_fetch,
	.id = fake_id,
	.find = fake_find,
	.count = fake_bound,
	.count_all = fake_count_all,
};

/* "60+" while typing; the first pause counts exactly, once, and the
 * position reads "1 of 1000"; reading from the start again asks again. */
START_TEST(test_table_pause_counts_what_was_only_a_lower_bound)
{
	count_alls = 0;
	struct table t;
	table_init(&t, cols, 1, &fake_bound_source, NULL, 100);
	t.visible = 10;
	table_load(&t, NULL);
	ck_assert(!t.exact);
	char pos[64];
	table_position(&t, pos, sizeof pos);
	ck_assert_str_eq(pos, "1 of 60+");
	ck_assert_int_eq(count_alls, 0);
	ck_assert(!table_idle(&t, NULL));
	ck_assert_int_eq(count_alls, 1);
	ck_assert(t.exact);
	ck_assert_int_eq(t.total, total);
	table_position(&t, pos, sizeof pos);
	ck_assert_str_eq(pos, "1 of 1000");
	table_idle(&t, NULL);
	ck_assert_int_eq(count_alls, 1);
	table_load(&t, NULL);
	ck_assert(!t.exact);
	table_idle(&t, NULL);
	ck_assert_int_eq(count_alls, 2);
	ck_assert(t.exact);
	table_free(&t);
	/* A key stopped the count: still a lower bound, asked again in the
	 * next pause. */
	table_init(&t, cols, 1, &fake_bound_source, NULL, 100);
	t.visible = 10;
	table_load(&t, NULL);
	count_stops = 1;
	ck_assert(table_idle(&t, NULL));
	ck_assert(!t.exact);
	ck_assert_int_eq(count_alls, 3);
	table_idle(&t, NULL);
	ck_assert_int_eq(count_alls, 4);
	ck_assert(t.exact);
	ck_assert_int_eq(t.total, total);
	table_free(&t);
	/* Fewer rows than a read takes: all read, counted without asking. */
	int was = total;
	total = 30;
	table_init(&t, cols, 1, &fake_bound_source, NULL, 100);
	t.visible = 10;
	table_load(&t, NULL);
	table_idle(&t, NULL);
	ck_assert_int_eq(count_alls, 4);
	ck_assert(t.exact);
	ck_assert_int_eq(t.total, 30);
	table_free(&t);
	total = was;
}
END_TEST

/* A source that cannot find a row by id is read again whole on a reload,
 * the selection kept by its place: its first read takes the whole chunk,
 * screenful or not, so the selection stays where it was. */
START_TEST(test_table_reload_of_rows_found_by_place_keeps_the_selection)
{
	int lines = LINES, was = total;
	LINES = 40;
	total = 50;
	struct table t;
	table_init(&t, cols, 1, &fake_plain_source, NULL, 200);
	t.visible = 30;
	table_load(&t, NULL);
	ck_assert_int_eq(t.n, 50);
	ck_assert(t.at_end);
	for (int at = 45; at >= 5; at -= 40) {
		table_move(&t, NULL, at - t.sel);
		table_reload(&t, NULL);
		ck_assert_int_eq(t.sel, at);
		ck_assert_int_eq(table_selected_id(&t), nth(at).id);
		ck_assert_int_eq(t.n, 50);
	}
	table_free(&t);
	total = was;
	LINES = lines;
}
END_TEST

START_TEST(test_table_window_stays_in_order_without_gaps)
{
	struct table t = make(64);
	/* Page down and up in big steps, then check the window is a run of
	 * consecutive rows of the order. */
	int steps[] = { 37, 250, -120, 600, -599, 999, -3 };
	int at = 0;
	for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
		table_move(&t, NULL, steps[s]);
		at += steps[s];
		at = at < 0 ? 0 : at >= total ? total - 1 : at;
		ck_assert_int_eq(table_selected_id(&t), nth(at).id);
		const struct row *rows = (const struct row *)t.rows;
		for (int i = 1; i < t.n; i++)
			ck_assert_int_lt(key_cmp(&rows[i - 1], &rows[i]), 0);
	}
	table_free(&t);
}
END_TEST

START_TEST(test_table_reload_keeps_the_selected_row)
{
	struct table t = make(100);
	table_move(&t, NULL, 523);
	int64_t id = table_selected_id(&t);
	fetches = 0;
	table_reload(&t, NULL);
	ck_assert_int_eq(table_selected_id(&t), id);
	ck_assert_int_gt(fetches, 0);
	/* And shows a row found by its id. */
	ck_assert(table_show(&t, NULL, nth(17).id));
	ck_assert_int_eq(table_selected_id(&t), nth(17).id);
	ck_assert(!table_show(&t, NULL, 42));
	table_free(&t);
}
END_TEST

/* A row added before the first while the window shows the start of the
 * list appears at its top (the selection stays on its row); scrolled down,
 * the window stays where it was. */
START_TEST(test_table_reload_at_the_top_shows_a_row_added_above)
{
	struct table t = make(100);
	int64_t first = table_selected_id(&t);
	added = 1;
	table_reload(&t, NULL);
	const struct row *rows = (const struct row *)t.rows;
	ck_assert_int_eq(table_selected_id(&t), first);
	ck_assert_int_eq(t.top, 0);
	ck_assert_int_eq(rows[t.top].id, 1);
	table_move(&t, NULL, 40);
	int64_t top = ((const struct row *)t.rows)[t.top].id;
	added = 2;
	table_reload(&t, NULL);
	ck_assert_int_eq(((const struct row *)t.rows)[t.top].id, top);
	added = 0;
	table_free(&t);
}
END_TEST

static int places;

static int64_t fake_place(void *ctx, struct ui *ui, const void *row)
{
	(void)ctx;
	(void)ui;
	places++;
	for (int i = 0; i < total + added; i++)
		if (nth(i).id == ((const struct row *)row)->id)
			return i;
	return -1;
}

/* Counted and placed (as the distributor list is). */
static const struct table_source fake_placed_source = {
	.row_size = sizeof(struct row),
	.fetch = fake_fetch,
	.id = fake_id,
	.find = fake_find,
	.count = fake_count,
	.place = fake_place,
};

static void check_position(const struct table *t, const char *want)
{
	char pos[48];
	table_position(t, pos, sizeof pos);
	ck_assert_str_eq(pos, want);
}

/* "N of M" holds wherever the window stands: it is kept as the window moves
 * past rows it drops, and after a row shown in the middle (another
 * program's change) it is counted in a pause, once. */
START_TEST(test_table_position_holds_as_the_window_moves_and_after_a_reload)
{
	struct table t;
	table_init(&t, cols, 1, &fake_placed_source, NULL, 100);
	t.visible = 10;
	table_load(&t, NULL);
	check_position(&t, "1 of 1000");
	table_move(&t, NULL, 523);
	check_position(&t, "524 of 1000");
	table_key(&t, NULL, (struct ui_key){ KEY_END, true });
	check_position(&t, "1000 of 1000");
	table_move(&t, NULL, -150);
	check_position(&t, "850 of 1000");
	table_move(&t, NULL, -700);
	check_position(&t, "150 of 1000");
	table_key(&t, NULL, (struct ui_key){ KEY_HOME, true });
	check_position(&t, "1 of 1000");
	table_move(&t, NULL, 523);
	/* Two rows come before all the others: the same row is two further
	 * down, which only a count can say. */
	added = 2;
	table_reload(&t, NULL);
	check_position(&t, "1002");
	places = 0;
	ck_assert(!table_idle(&t, NULL));
	ck_assert_int_eq(places, 1);
	check_position(&t, "526 of 1002");
	ck_assert(!table_idle(&t, NULL));
	ck_assert_int_eq(places, 1);
	table_move(&t, NULL, 300);
	check_position(&t, "826 of 1002");
	added = 0;
	table_free(&t);
}
END_TEST

START_TEST(test_table_row_shown_at_the_end_knows_its_place_from_the_count)
{
	/* A row just added at the end, shown (as a screen shows what was just
	 * saved): counted and without a place of its own, the source still
	 * says where it is. */
	struct table t;
	table_init(&t, cols, 1, &fake_counted_source, NULL, 100);
	t.visible = 10;
	table_load(&t, NULL);
	table_reload(&t, NULL);
	ck_assert(table_show(&t, NULL, nth(total - 1).id));
	check_position(&t, "1000 of 1000");
	ck_assert(table_show(&t, NULL, nth(total - 40).id));
	check_position(&t, "961 of 1000");
	table_free(&t);
}
END_TEST

START_TEST(test_table_row_shown_at_the_end_of_a_short_list_fills_a_tall_window)
{
	/* Setup at 200x50: a territory added at the end of 44 was shown with
	 * half a chunk before it, and the rows above those never came into
	 * view: the list stood scrolled, its lower half empty. */
	int was = total;
	total = 44;
	struct table t;
	table_init(&t, cols, 1, &fake_counted_source, NULL, 100);
	t.visible = 10;
	table_load(&t, NULL);
	ck_assert(table_show(&t, NULL, nth(total - 1).id));
	table_fit(&t, NULL, 46);
	ck_assert_int_eq(t.top, 0);
	ck_assert_int_eq(t.n, total);
	ck_assert_int_eq(((const struct row *)t.rows)->id, nth(0).id);
	ck_assert_int_eq(table_selected_id(&t), nth(total - 1).id);
	check_position(&t, "44 of 44");
	/* A shorter window keeps the selected row at its foot. */
	table_fit(&t, NULL, 20);
	ck_assert_int_eq(t.top, total - 20);
	table_free(&t);
	total = was;
}
END_TEST

/* A section opened at its second row (from a score's explanation) before
 * the table was ever drawn: the first row stayed hidden above it, the
 * window placed for a height of one. */
START_TEST(test_table_row_shown_before_the_first_draw_is_placed_for_the_height)
{
	int was = total;
	total = 22;
	struct table t;
	table_init(&t, cols, 1, &fake_counted_source, NULL, 100);
	ck_assert(table_show(&t, NULL, nth(1).id));
	table_fit(&t, NULL, 18);
	ck_assert_int_eq(t.top, 0);
	ck_assert_int_eq(table_selected_id(&t), nth(1).id);
	/* Once placed, a move is not undone by the next fit. */
	table_move(&t, NULL, 17);
	table_fit(&t, NULL, 18);
	ck_assert_int_eq(t.sel - t.top, 17);
	table_free(&t);
	total = was;
}
END_TEST

/* The same rows with a search that finds them all (the paging is what is
 * tested, not the matching). */
static void fake_search(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

static const struct table_source fake_searched_source = {
	.row_size = sizeof(struct row),
	.fetch = fake_fetch,
	.id = fake_id,
	.find = fake_find,
	.count = fake_count,
	.search = fake_search,
};

static void press(struct table *t, wint_t c)
{
	table_key(t, NULL, (struct ui_key){ c, false });
}

/* A search opened again has its text selected: what is typed starts a new
 * one (HN-0008 then JS-0008 searched for "HN-0008JS-0008"); Backspace
 * clears it; a move first keeps it to edit. */
START_TEST(test_table_search_opened_again_is_replaced_by_typing)
{
	struct table t;
	table_init(&t, cols, 1, &fake_searched_source, NULL, 100);
	t.visible = 10;
	table_load(&t, NULL);
	press(&t, '/');
	press(&t, 'a');
	press(&t, 'b');
	press(&t, '\r');
	ck_assert_str_eq(field_value(&t.search), "ab");
	press(&t, '/');
	ck_assert(t.search.selected);
	press(&t, 'c');
	ck_assert_str_eq(field_value(&t.search), "c");
	press(&t, 'd');
	ck_assert_str_eq(field_value(&t.search), "cd");
	press(&t, '\r');
	press(&t, '/');
	press(&t, 127);
	ck_assert_str_eq(field_value(&t.search), "");
	press(&t, 'e');
	press(&t, '\r');
	press(&t, '/');
	table_key(&t, NULL, (struct ui_key){ KEY_HOME, true });
	press(&t, 'f');
	ck_assert_str_eq(field_value(&t.search), "fe");
	table_free(&t);
}
END_TEST

START_TEST(test_table_search_cleared_comes_back_to_the_row_left)
{
	struct table t;
	table_init(&t, cols, 1, &fake_searched_source, NULL, 100);
	t.visible = 10;
	table_load(&t, NULL);
	table_move(&t, NULL, 3);
	/* Esc on a search: back to the fourth row. */
	press(&t, '/');
	press(&t, 'g');
	ck_assert_int_eq(table_selected_id(&t), nth(0).id);
	press(&t, UI_KEY_ESC);
	ck_assert_int_eq(table_selected_id(&t), nth(3).id);
	/* A search left empty is nothing to come back from: the next one
	 * comes back to where the user went since (a review found the row
	 * of the first search). */
	press(&t, '/');
	press(&t, '\r');
	table_move(&t, NULL, 4);
	press(&t, '/');
	press(&t, 'g');
	press(&t, UI_KEY_ESC);
	ck_assert_int_eq(table_selected_id(&t), nth(7).id);
	/* A row moved to among those found stays selected; the first one
	 * too, when the user moved back to it. */
	press(&t, '/');
	press(&t, 'g');
	press(&t, '\r');
	table_move(&t, NULL, 2);
	press(&t, UI_KEY_ESC);
	ck_assert_int_eq(table_selected_id(&t), nth(2).id);
	table_move(&t, NULL, 5);
	press(&t, '/');
	press(&t, 'g');
	press(&t, '\r');
	table_move(&t, NULL, 1);
	table_move(&t, NULL, -1);
	press(&t, UI_KEY_ESC);
	ck_assert_int_eq(table_selected_id(&t), nth(0).id);
	/* Home (or g) among those found chooses the first of them: it stays
	 * too, as a move back to it does. */
	for (int key = 0; key < 2; key++) {
		table_move(&t, NULL, 5);
		press(&t, '/');
		press(&t, 'g');
		press(&t, '\r');
		table_move(&t, NULL, 3);
		if (key)
			press(&t, 'g');
		else
			table_key(&t, NULL, (struct ui_key){ KEY_HOME, true });
		press(&t, UI_KEY_ESC);
		ck_assert_msg(table_selected_id(&t) == nth(0).id, "after %s: row %lld",
			      key ? "g" : "Home", (long long)table_selected_id(&t));
	}
	table_free(&t);
}
END_TEST

START_TEST(test_table_reload_without_the_selected_row_selects_the_next)
{
	/* Deleted, or out of the filter now: the row after it is selected,
	 * where it was on the screen; gone from the end, the one before. */
	struct table t = make(100);
	table_move(&t, NULL, 523);
	int on_screen = t.sel - t.top;
	gone = table_selected_id(&t);
	table_reload(&t, NULL);
	ck_assert_int_eq(table_selected_id(&t), nth(524).id);
	ck_assert_int_eq(t.sel - t.top, on_screen);
	table_key(&t, NULL, (struct ui_key){ KEY_END, true });
	gone = table_selected_id(&t);
	table_reload(&t, NULL);
	ck_assert_int_eq(table_selected_id(&t), nth(total - 2).id);
	gone = 0;
	table_free(&t);
}
END_TEST

START_TEST(test_table_uncounted_position_counts_the_rows_seen)
{
	/* Not counted: at least the rows before the window and in it. */
	struct table t;
	table_init(&t, cols, 1, &fake_plain_source, NULL, 100);
	t.visible = 10;
	table_load(&t, NULL);
	table_move(&t, NULL, 523);
	char pos[48];
	table_position(&t, pos, sizeof pos);
	ck_assert_int_eq(strncmp(pos, "524 of ", 7), 0);
	ck_assert_int_ge(atoi(pos + 7), 524);
	ck_assert_ptr_nonnull(strchr(pos, '+'));
	table_free(&t);
}
END_TEST

START_TEST(test_table_home_and_end_read_only_a_window)
{
	struct table t = make(100);
	fetches = 0;
	table_key(&t, NULL, (struct ui_key){ KEY_END, true });
	ck_assert_int_eq(fetches, 1);
	ck_assert_int_eq(table_selected_id(&t), nth(total - 1).id);
	table_key(&t, NULL, (struct ui_key){ 'g', false });
	ck_assert_int_eq(table_selected_id(&t), nth(0).id);
	table_free(&t);
}
END_TEST

START_TEST(test_table_mem_count_is_every_row_held_exactly)
{
	/* A detail section of 54 visits says "54", not "54+". */
	struct row rows[54] = { { 0, 0 } };
	struct table_mem mem = { rows, 54, sizeof rows[0] };
	bool exact = false;
	ck_assert_int_eq(table_mem_count(&mem, NULL, &exact), 54);
	ck_assert(exact);
}
END_TEST

/* A text held in memory longer than a window's chunk (a long note in the
 * overview): End reaches its last line, and the lines all come in order. */
struct text_ctx {
	struct table_mem mem;
};

static const struct table_source text_source = {
	.row_size = sizeof(struct row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.find = table_mem_find,
	.count = table_mem_count,
};

START_TEST(test_table_text_scrolls_to_its_last_line)
{
	enum { LINES = 137 };
	static struct row rows[LINES];
	for (int i = 0; i < LINES; i++)
		rows[i] = (struct row){ .id = i + 1, .group = i };
	struct text_ctx ctx = { { rows, LINES, sizeof rows[0] } };
	struct table t;
	table_init(&t, cols, 1, &text_source, &ctx, 3);
	table_resize(&t, LINES);
	t.visible = 19;
	t.lines = true;
	table_load(&t, NULL);
	table_scroll_text(&t, table_text_key(&t, (struct ui_key){ KEY_END, true }));
	ck_assert_int_eq(t.top, LINES - 19);
	ck_assert_int_eq(((const struct row *)table_selected(&t))->group, LINES - 19);
	char pos[64];
	table_position(&t, pos, sizeof pos);
	ck_assert_str_eq(pos, "line 119 of 137");
	/* Line by line down from the top: every line, once, in order. */
	table_scroll_text(&t, -LINES);
	ck_assert_int_eq(t.top, 0);
	for (int want = 0; want <= LINES - 19; want += 1) {
		ck_assert_int_eq(((const struct row *)table_selected(&t))->group, want);
		table_scroll_text(&t, 1);
	}
	table_free(&t);
}
END_TEST

/* n rows in memory, ids 1 to n, each its place in .group. */
static struct table_mem numbered(struct row *rows, int n)
{
	for (int i = 0; i < n; i++)
		rows[i] = (struct row){ .id = i + 1, .group = i };
	return (struct table_mem){ rows, n, sizeof rows[0] };
}

/* Rows in memory with no way to find one by id (the scorecards' groups),
 * the table made exactly as large as they are: a reload keeps the
 * selection by its place. Their first read filled the table, so it did
 * not know it had reached the end, and the reload went back to the first
 * row (Esc from an opened territory group, of 30). */
static const struct table_source mem_by_place_source = {
	.row_size = sizeof(struct row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.count = table_mem_count,
};

START_TEST(test_table_in_memory_filling_its_rows_keeps_the_selection_on_reload)
{
	enum { N = 30 };
	static struct row rows[N];
	struct table_mem mem = numbered(rows, N);
	struct table t;
	table_init(&t, cols, 1, &mem_by_place_source, &mem, 16);
	table_resize(&t, N);
	t.visible = 18;
	table_load(&t, NULL);
	ck_assert_int_eq(t.n, N);
	ck_assert(t.at_end);
	table_move(&t, NULL, 4);
	table_resize(&t, N);
	table_reload(&t, NULL);
	ck_assert_int_eq(t.sel, 4);
	ck_assert_int_eq(table_selected_id(&t), 5);
	table_free(&t);
}
END_TEST

/* A row shown by id in a table in memory read whole knows its place: the
 * third of four groups said "4" (its window had read as many rows before
 * it as it asked for, so the start was not known). */
START_TEST(test_table_in_memory_shown_by_id_knows_its_place)
{
	enum { N = 4 };
	static struct row rows[N];
	struct table_mem mem = numbered(rows, N);
	struct table t;
	table_init(&t, cols, 1, &text_source, &mem, 16);
	table_resize(&t, N);
	t.visible = 18;
	table_load(&t, NULL);
	ck_assert(table_show(&t, NULL, 3));
	ck_assert_int_eq(table_selected_id(&t), 3);
	char pos[64];
	table_position(&t, pos, sizeof pos);
	ck_assert_str_eq(pos, "3 of 4");
	table_free(&t);
}
END_TEST

SUITE_MAIN("table", test_table_text_scrolls_to_its_last_line,
	   test_table_in_memory_shown_by_id_knows_its_place,
	   test_table_in_memory_filling_its_rows_keeps_the_selection_on_reload,
	   test_table_mem_count_is_every_row_held_exactly,
	   test_table_moving_down_visits_every_row_in_order,
	   test_table_moving_up_from_the_end_visits_every_row,
	   test_table_first_read_is_a_screenful_and_a_pause_reads_the_rest,
	   test_table_pause_counts_what_was_only_a_lower_bound,
	   test_table_reload_of_rows_found_by_place_keeps_the_selection,
	   test_table_window_stays_in_order_without_gaps, test_table_reload_keeps_the_selected_row,
	   test_table_reload_at_the_top_shows_a_row_added_above,
	   test_table_home_and_end_read_only_a_window,
	   test_table_position_holds_as_the_window_moves_and_after_a_reload,
	   test_table_row_shown_at_the_end_knows_its_place_from_the_count,
	   test_table_row_shown_at_the_end_of_a_short_list_fills_a_tall_window,
	   test_table_row_shown_before_the_first_draw_is_placed_for_the_height,
	   test_table_search_cleared_comes_back_to_the_row_left,
	   test_table_search_opened_again_is_replaced_by_typing,
	   test_table_reload_without_the_selected_row_selects_the_next,
	   test_table_uncounted_position_counts_the_rows_seen)
