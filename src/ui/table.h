/* The one table widget: column descriptors (title, width, what to drop first
 * on a narrow terminal, alignment), a row source that hands out a window of
 * rows at a time (keyset paging: "the rows after this one"), selection,
 * scrolling, page keys, header clicks to sort, the wheel, "N of M" and a
 * search hook. The distributor list, the detail's sections, the help, the
 * menus and the pickers are all tables. */
#ifndef QUDAO_UI_TABLE_H
#define QUDAO_UI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui.h"

enum { TABLE_MAX_COLS = 24 };
/* Ends each value of a column exported as several (export_parts). */
#define TABLE_PART_END "\x1f"

struct table_col {
	const char *title; /* N_() msgid, translated when drawn; NULL for none */
	int cells;	   /* the width it wants; 0: flexible, it shares what is left */
	/* A flexible column never gets less. A fixed text column with it set
	 * widens to the widest text it shows, up to this many cells, with up
	 * to half the room the flexible ones have spare (a territory: Inner
	 * Mongolia, 新疆维吾尔自治区). A right-aligned one likewise, for a
	 * number its source gives whole within that many cells (table_room). */
	int min_cells;
	int drop;	   /* 0: always shown; else dropped on a narrow terminal, 1 first */
	bool right;	   /* aligned right (numbers, money) */
	int sort;	   /* the sort it stands for, passed to the source; -1: none */
};

/* What the table asks of its rows' owner. Every callback gets ctx. */
enum { TABLE_COUNT_LATER = -2 };

struct table_source {
	size_t row_size;
	/* Up to max rows in order into out. after NULL: from the start (with
	 * backward: the last max rows, in order). Otherwise the rows that come
	 * after `after` (backward: just before it, in order). -1 on error (the
	 * source shows it). */
	int (*fetch)(void *ctx, struct ui *ui, const void *after, bool backward, void *out,
		     int max);
	/* The row's identity, to keep it selected when the rows are read again. */
	int64_t (*id)(const void *row);
	/* Optional: the row with this id as fetch would give it; 1, 0 when it is
	 * not among the rows (filtered out, gone), -1 on error. */
	int (*find)(void *ctx, struct ui *ui, int64_t id, void *out);
	/* Optional: how many rows there are; *exact false when only a lower
	 * bound is known. -1 on error. */
	int64_t (*count)(void *ctx, struct ui *ui, bool *exact);
	/* Optional: the exact count where count gave a lower bound, however
	 * long it takes to read (a pause of the keys asks for it); -1 on error
	 * or when it cannot be known, TABLE_COUNT_LATER when a key came first
	 * (the next pause asks again). */
	int64_t (*count_all)(void *ctx, struct ui *ui);
	/* The text of a cell into buf (size bytes); *color and *attr may be set
	 * (they start as the row's). */
	void (*cell)(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
		     enum ui_color *color, attr_t *attr);
	/* Optional: how many columns before col the cell's text may run back
	 * into on this row (the source leaves their cells empty); 0 for none.
	 * Drawing only: an export still takes the cells one by one. */
	int (*overflow)(void *ctx, const void *row, int col);
	/* Optional: the cell as a file wants it (x): plain numbers (34319.30,
	 * -6.8), no glyphs or compact money; NULL: the cell as drawn. */
	void (*export_cell)(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			    size_t size);
	/* Optional: each column's name in a JSON export (NULL: the title's
	 * msgid in lower case, _ between words: "Last visit", "last_visit"). */
	const char *const *export_keys;
	/* Optional: the export's file name before its date, when it says
	 * what the rows are (a search, a filter); NULL: the table's
	 * export_name. */
	void (*export_name)(void *ctx, char *buf, size_t size);
	/* Optional: each column's header in a spreadsheet (a msgid; NULL, or
	 * NULL for a column: its title), where the title is cut short for
	 * the screen ("Gr", "Chg"). */
	const char *const *export_titles;
	/* Optional: a column that goes to a file as several (a group's grade
	 * counts, one a grade; six scores of a trend), so that each is a
	 * number there: for such a column, export_parts[col] lists their
	 * headers (msgids) and export_part_keys[col] their JSON keys, each
	 * list ended by NULL; its export_cell gives the values apart, each
	 * ended by TABLE_PART_END. NULL (or NULL for a column): one. */
	const char *const *const *export_parts;
	const char *const *const *export_part_keys;
	/* Optional: which parts of such a column are words, not numbers
	 * (export_part_text[col][k]; NULL: all numbers). */
	const bool *const *export_part_text;
	/* Optional: order by this column's sort. The table reads again. */
	void (*sort)(void *ctx, int sort, bool desc);
	/* Optional: narrow the rows to a search; "" for all. */
	void (*search)(void *ctx, const char *text);
	/* Optional: the row's place among all the rows, 0 for the first; -1
	 * when not known. "12 of 300" then holds when the window in memory
	 * does not start at the first row. */
	int64_t (*index)(void *ctx, const void *row);
	/* Optional: the same, however long it takes to count (a pause of the
	 * keys asks for it); -1 on error, TABLE_COUNT_LATER when a key came
	 * first (the next pause asks again). */
	int64_t (*place)(void *ctx, struct ui *ui, const void *row);
	/* Optional: called before an export reads every row, for a source that
	 * completes the rows it shows a few at a time (names, history): it
	 * reads them for all at once instead. */
	void (*export_begin)(void *ctx, struct ui *ui);
};

struct table {
	const struct table_col *cols;
	int ncols;
	const struct table_source *src;
	void *ctx;
	/* The window of rows in memory: n of at most cap, row_size each. */
	char *rows;
	int n, cap, chunk;
	int sel, top, visible;
	bool at_start, at_end;
	/* The place of the window's first row among all rows (0: it is the
	 * first), or -1 while not known: kept as the window moves, asked of the
	 * source's place in a pause when lost (a row shown in the middle); -2
	 * when that failed (not asked again: known once the window reaches an
	 * end, or is read anew). */
	int64_t base;
	int64_t total;
	bool exact, counted;
	bool count_tried; /* count_all asked since the last count */
	int sort;
	bool desc;
	bool header;	/* draw the column titles */
	bool focused;	/* the selection shows (a screen with several tables) */
	bool searching; /* the search field has the keys */
	bool moved;	/* the user moved the selection since the rows were read */
	/* Home or g since: the first row chosen. Not a move for a sort (it
	 * starts from the top again), but a row to stay on when a search or
	 * a filter is cleared. */
	bool chose_first;
	/* Rows read around a row before the table knew its height: the next
	 * fit places that row in the middle again (or the first at the top). */
	bool center;
	bool lines;	/* its rows are the lines of one text: "line 3 of 20" */
	/* While x writes a JSON file: a cell a program reads as a name (a
	 * score's part, a flag) goes as the report's key, not in words. */
	bool export_json;
	/* x exports what the table shows (screen_export.c) to a file named
	 * after this ("distributors-2026-11-27.csv"); NULL: no export. */
	const char *export_name;
	struct form_field search;
	/* The row selected when a search began: clearing the search comes
	 * back to it when no other row was moved to among those found. */
	int64_t search_from;
	/* The layout of the last draw, for clicks. */
	int y, x, width;
	int col_x[TABLE_MAX_COLS + 1], col_cells[TABLE_MAX_COLS];
	bool col_shown[TABLE_MAX_COLS];
	/* The widest number each right-aligned column has shown since the
	 * rows were last read: it does not narrow as the window scrolls. */
	int col_widest[TABLE_MAX_COLS];
	/* The same, of the numbers given whole within min_cells (table_room). */
	int col_whole[TABLE_MAX_COLS];
	/* The cells of the cell the source is asked for (table_room). */
	int room;
	/* Panning a narrow terminal's columns (Left and Right): 0, the drop
	 * ranks choose; else the pan-th of the columns it may drop (in their
	 * order) shows whatever its rank, those before it are hidden on the
	 * left, and the drop ranks choose among the rest. */
	int pan;
	/* The pans Right came from, the last on top: Left goes back through
	 * them, view by view. Emptied when the pan is set otherwise. */
	int pan_trail[TABLE_MAX_COLS + 1];
	int npan_trail;
	/* The pan was made by a sort, to show its column: the next sort
	 * starts from none (a pan of the user's own stays). */
	bool sort_panned;
	/* From the last layout: a column is hidden that Right would show (›
	 * in the header's last cell), and the cell of the ‹ before the columns
	 * Left would show again (-1: none). */
	bool more_right;
	int left_mark;
	/* 0, or a width (80) from which a wider table never gives its flexible
	 * columns less than they get at that width: a wider terminal shows
	 * another column, not a narrower name (each column that fitted took
	 * the name back to its least). */
	int flex_floor;
	/* The least each flexible column gets in this layout: its min_cells,
	 * or what it gets at flex_floor. */
	int flex_min[TABLE_MAX_COLS];
	char *scratch; /* one row, for fetching around */
};

/* What table_key() and table_click() did. */
enum {
	TABLE_NONE,	/* not the table's key */
	TABLE_HANDLED,	/* moved, scrolled, searched or sorted */
	TABLE_ACTIVATE, /* Enter (or a click on the selected row): open it */
};

/* Sets the table up over src; cap rows are kept in memory at most (at least
 * three pages). Nothing is read until table_load(). */
void table_init(struct table *t, const struct table_col *cols, int ncols,
		const struct table_source *src, void *ctx, int cap);
/* Shows other columns (the rows' cells are asked for by the new columns'
 * indexes); the panning starts again. */
void table_set_cols(struct table *t, const struct table_col *cols, int ncols);
void table_free(struct table *t);
/* Keeps at most cap rows in memory from now on, and reads them all at once
 * (a table over rows in memory that grew sets it to their number, to hold
 * them all). */
void table_resize(struct table *t, int cap);
/* Reads the first rows and counts them; the selection goes to the top. */
void table_load(struct table *t, struct ui *ui);
/* Reads ahead while no key waits: after table_load() read only a screenful,
 * the next chunk. Returns whether more is left to read ahead (never: one
 * read). */
bool table_idle(struct table *t, struct ui *ui);
/* The selected row's id when the user moved to it (a row that is not the
 * first of all, or any the user moved to since the rows were read, even
 * back to the first); 0 otherwise. */
int64_t table_moved_to(const struct table *t);
/* The row to select once what narrowed the list is cleared: the one moved
 * to, else `from` (the one selected before it narrowed the list; 0: the
 * first). */
int64_t table_back_to(const struct table *t, int64_t from);
/* table_load(), then the row with this id selected when it is among the
 * rows (0: the first row). For another order, a search or filters cleared:
 * the row the user moved to stays selected. */
void table_load_keeping(struct table *t, struct ui *ui, int64_t id);
/* Reads again where the window stands, keeping the selected row selected
 * when it is still there (after a save, another program's change). */
void table_reload(struct table *t, struct ui *ui);
/* Reads the window around row id and selects it; false when it is not among
 * the rows (or the source cannot find). */
bool table_show(struct table *t, struct ui *ui, int64_t id);
/* The selected row, or NULL when there is none. */
const void *table_selected(const struct table *t);
/* The id of the selected row, or 0. */
int64_t table_selected_id(const struct table *t);

/* Makes the window `rows` tall, reading what it needs to fill it: rows
 * after the last one in memory, then rows before the first. */
void table_fit(struct table *t, struct ui *ui, int rows);
/* Draws the table into the rectangle; the header (when t->header) takes its
 * first row. */
void table_draw(struct table *t, struct ui *ui, int y, int x, int height, int width);
/* Where the selection stands (*at, 0 for the first row; -1 when not known)
 * among how many rows (*total: the count, or at least the rows before the
 * window and in it); whether *total is all of them. */
bool table_where(const struct table *t, int64_t *at, int64_t *total);
/* "12 of 300" (or "12 of 300+") into buf: where the selection stands. */
void table_position(const struct table *t, char *buf, size_t size);
/* Draws a screen's title at (y, 1) across width, and, when the table has
 * more rows than it shows, its position ("12 of 54") at the end, the title
 * cut before it. Call after table_draw (which knows what is shown). */
void table_draw_title(const struct table *t, int y, int width, const char *title);
/* File names of exports: buf (used of size) with "-" and text appended,
 * each byte as it is where a name takes it (letters, digits, "-", and
 * UTF-8's: Chinese names stay), else as "_"; nothing when it does not fit
 * whole. Returns the new length. */
size_t table_name_part(char *buf, size_t used, size_t size, const char *text);
/* And a search, when it is short and all such bytes (*used grows); false
 * when a search is there that a name cannot say (say "filtered"). */
bool table_name_search(char *buf, size_t *used, size_t size, const char *search);

/* Draws the search field ("Search: ...") in cells at (y, x). */
void table_draw_search(struct table *t, struct ui *ui, int y, int x, int cells);

/* Moving keys, page keys, / and the search, s and S to sort, Enter, and x
 * to export when the table has an export_name. */
int table_key(struct table *t, struct ui *ui, struct ui_key k);
/* A click at screen row y, column x. */
int table_click(struct table *t, struct ui *ui, int y, int x);
void table_wheel(struct table *t, struct ui *ui, int n);
/* Moves the selection by delta rows (reading more when it must). */
void table_move(struct table *t, struct ui *ui, int delta);
/* For a table of lines of text held in memory (a detail's overview, a row
 * in full): scrolls by `by` lines, the first one shown being the selection
 * ("3 of 20"), within the rows there are. */
void table_scroll_text(struct table *t, int by);
/* While the source gives a cell's text: the cells it has (drawn), may
 * have (measured: a number made short to fit its column's cells, given
 * whole when it fits min_cells, widens the column where there is room);
 * 0 otherwise (a file), where it is not cut. */
int table_room(const struct table *t);
/* The keys that scroll such a table (arrows, j/k, page keys, Space,
 * Home/End, g/G): the lines to scroll by, 0 for another key. */
int table_text_key(const struct table *t, struct ui_key k);
/* Sorts by sort (a column's) in that direction and reads again. */
void table_set_sort(struct table *t, struct ui *ui, int sort, bool desc);
/* Sets the search text (as if typed) and reads again. */
void table_set_search(struct table *t, struct ui *ui, const char *text);

/* A source over rows held in memory (a detail section, a menu, the help):
 * table_mem_fetch and table_mem_id fit struct table_source given a ctx whose
 * first member is this. The table keeps them all (cap = n). */
struct table_mem {
	const void *rows;
	int n;
	size_t row_size;
};
int table_mem_fetch(void *ctx, struct ui *ui, const void *after, bool backward, void *out, int max);
/* For mem rows the id is the row's index + 1, kept in its first int64_t. */
int64_t table_mem_id(const void *row);
/* The row of that id (table_show over mem rows): 1, or 0 when none. */
int table_mem_find(void *ctx, struct ui *ui, int64_t id, void *out);
/* How many rows there are: all held, so exact. */
int64_t table_mem_count(void *ctx, struct ui *ui, bool *exact);

#endif
