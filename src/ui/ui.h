/* What the ui/ files share: the app, screens, drawing helpers and the form
 * widget. Only ui/ includes curses. */
#ifndef QUDAO_UI_INTERNAL_H
#define QUDAO_UI_INTERNAL_H

#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <stdbool.h>
#include <wchar.h>

#include "qudao/date.h"
#include "qudao/db.h"
#include "qudao/reference.h"
#include "qudao/ui.h"

struct ui;

/* What a key handler did; the loop decides what to draw. */
enum {
	UI_UNHANDLED = 0,
	UI_HANDLED = 1,
};

/* A key as the loop decoded it: a character (UTF-8 decoded by the loop,
 * invalid bytes already dropped) or a KEY_* code. */
struct ui_key {
	wint_t ch;
	bool code; /* a KEY_* code rather than a character */
};

/* The keys every screen names the same way. */
enum {
	UI_KEY_ESC = 27,
	UI_KEY_CTRL_A = 1,
	UI_KEY_CTRL_C = 3,
	UI_KEY_CTRL_E = 5,
	UI_KEY_CTRL_K = 11,
	UI_KEY_CTRL_U = 21,
};
static inline bool ui_key_is(struct ui_key k, wint_t ch)
{
	return !k.code && k.ch == ch;
}
static inline bool ui_key_is_code(struct ui_key k, wint_t code)
{
	return k.code && k.ch == code;
}
static inline bool ui_key_enter(struct ui_key k)
{
	return (k.code && k.ch == KEY_ENTER) || (!k.code && (k.ch == '\n' || k.ch == '\r'));
}

/* One line of help: the key as shown, and what it does (N_() msgids). */
struct ui_help {
	const char *key, *what;
	bool in_status_bar;
};

struct screen {
	const char *name; /* N_() title */
	/* N_() shorter title for the tab bar when the full ones do not fit
	 * (NULL: the title). */
	const char *short_name;
	/* Makes the screen's state from arg; NULL when it cannot open (a message
	 * has been set). */
	void *(*enter)(struct ui *ui, void *arg);
	void (*leave)(void *state);
	/* Draws into rows [top, top + height) of the full width, from memory. */
	void (*draw)(void *state, struct ui *ui, int top, int height, int width);
	int (*key)(void *state, struct ui *ui, struct ui_key k);
	/* A click at a row inside the screen's area (0 = its first row). */
	int (*click)(void *state, struct ui *ui, int row, int col);
	/* Scroll by n rows (wheel). */
	void (*wheel)(void *state, struct ui *ui, int n);
	/* The data under it changed (a save, another program, a new day):
	 * read again what is shown, keeping the selection. */
	void (*reload)(void *state, struct ui *ui);
	/* Work that can wait for a pause in the keys (reading ahead, an exact
	 * count), one short step at a time; a step that changed what is shown
	 * calls ui_redraw_soon. Returns whether more is left. NULL: none. */
	bool (*idle)(void *state, struct ui *ui);
	/* Its idle steps may be stopped by a key (their SQLite reading is,
	 * through db_set_stop): a stopped step fails, says nothing and can
	 * be run again, losing none of the steps before it. */
	bool idle_stops;
	/* Is there an edit that leaving would lose? */
	bool (*unsaved)(void *state);
	/* Its fields take typed text, so ? and q are text there, not commands. */
	bool takes_text;
	/* For a screen whose keys are commands: whether a search field has
	 * the keys now (a paste is taken only where text is; NULL: never). */
	bool (*typing)(void *state);
	/* It writes: refused with the reason when the database is read-only. */
	bool writes;
	/* A tab's SQLite page cache while it is shown, in MB (0: SQLite's 2 MB,
	 * enough for a screen that reads a window of rows at a time). */
	int cache_mb;
	const struct ui_help *help;
	/* The keys of what is shown now, where they differ by section (Setup);
	 * help is used when this is NULL. */
	const struct ui_help *(*help_now)(void *state);
};

/* The screens. Tabs first, in header order. */
extern const struct screen screen_list;
extern const struct screen screen_map;
extern const struct screen screen_calendar;
extern const struct screen screen_scorecards;
extern const struct screen screen_setup;
extern const struct screen screen_sync;
extern const struct screen screen_detail;
extern const struct screen screen_form;
extern const struct screen screen_filter;
extern const struct screen screen_transition;
extern const struct screen screen_setup_form;
extern const struct screen screen_export;
extern const struct screen screen_territory;
extern const struct screen screen_map_action;
/* One row of a table in full (screen_row_view.c): each column's title and
 * its whole text, wrapped, for a row with no screen of its own. Pushed with
 * a struct row_view_req; the table's selected row is the one shown. */
extern const struct screen screen_row_view;
struct table;
struct row_view_req {
	const struct table *table;
	const char *title; /* the screen's title: what the row is, whose */
	/* Without a table: n titles and their texts, shown the same way. */
	int n;
	const char *const *labels, *const *texts;
};
/* The distributor's detail opened at one of its sections. */
enum {
	DETAIL_AT_OVERVIEW,
	DETAIL_AT_RECEIVABLES,
	DETAIL_AT_ORDERS,
	DETAIL_AT_VISITS,
	DETAIL_AT_PAYMENTS,
	DETAIL_AT_HISTORY,
	DETAIL_AT_INCIDENTS,
	DETAIL_AT_TRAINING,
};
struct detail_at {
	int64_t id;
	int section; /* DETAIL_AT_* */
	/* The row to select there: the first whose first cell (its date or
	 * time) begins with `when` and one of whose cells is `key`; either
	 * "" to match any. Both "": the section's first row. */
	const char *when, *key;
};
extern const struct screen screen_detail_at;

/* ---- the app (app.c) ---- */
qd_db *ui_db(struct ui *ui);
const char *ui_user(struct ui *ui);
qd_date ui_today(struct ui *ui);
/* Opens screen on top; NULL-returning enter leaves things as they were. A
 * screen that writes is refused with the reason on a read-only database. */
void ui_push(struct ui *ui, const struct screen *screen, void *arg);
/* Closes the top screen; when changed, the ones below read again. */
void ui_pop(struct ui *ui, bool changed);
/* A screen or tab wrote: every open screen and tab, that one too, reads
 * again now, and the change is not followed a second time before the next
 * draw. */
void ui_changed(struct ui *ui);
void ui_message(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Says at once, on the message line, what the screen is busy with before a
 * step that may take a second (the next frame replaces it). */
void ui_working(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ui_error(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An error said again, without the bell: the focus came back to a field
 * whose refusal the user has already heard. */
void ui_remind(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* What the message line says ("" while it asks a question): a form does
 * not say a field error a second time under its fields. */
const char *ui_said(const struct ui *ui);
/* Whether the message line says text now. */
bool ui_saying(const struct ui *ui, const char *text);
/* Shows the database's last failure: "what: message (SQLite's text)". */
void ui_db_error(struct ui *ui, const char *what);
/* Asks a yes/no question on the message line; on yes calls yes(ui, arg). */
void ui_confirm(struct ui *ui, const char *question, void (*yes)(struct ui *ui, void *arg),
		void *arg);
/* False, with the reason shown, when the database cannot be written. */
bool ui_can_write(struct ui *ui);
/* Asks the list to show and select distributor id when it next reloads (after
 * a screen above saved it); ui_take_focus() hands it over once. */
void ui_focus(struct ui *ui, int64_t id);
int64_t ui_take_focus(struct ui *ui);
/* A pause's work (idle) changed what is shown: draw again. */
void ui_redraw_soon(struct ui *ui);
/* Whether a key is waiting to be read (ctx: the struct ui), for work that
 * a key should stop (db_set_stop). */
bool ui_key_waiting(void *ctx);
/* Where the terminal cursor should stand after drawing (a text field). */
void ui_set_cursor(struct ui *ui, int y, int x);

/* ---- drawing (draw.c) ---- */
enum ui_color {
	UI_NORMAL,
	UI_HEADER,   /* tab bar and status bar */
	UI_TAB,	     /* the current tab */
	UI_SELECTED, /* the selected row */
	UI_TITLE,    /* section titles, column headers */
	UI_ERROR,
	UI_WARNING,
	UI_GOOD,
	UI_DIM,
	UI_FIELD, /* an input field */
	/* The map's 5-step scale, worst to best: a background colour each. */
	UI_SCALE_0,
	UI_SCALE_1,
	UI_SCALE_2,
	UI_SCALE_3,
	UI_SCALE_4,
	UI_COLOR_COUNT
};
void ui_colors_init(void);
/* Takes the terminal for a full screen (raw keys, keypad, colours, Esc at
 * once); NULL, said on stderr, when it cannot be used. */
SCREEN *ui_terminal_start(void);
/* A bracketed paste's marks, as ncurses gives them once define_key knows
 * the terminal's (terminfo's PS and PE): codes past curses' own. */
enum { UI_KEY_PASTE_START = KEY_MAX + 1, UI_KEY_PASTE_END = KEY_MAX + 2 };
/* Asks the terminal to mark pastes, when its terminfo entry says how
 * (BE, PS, PE: xterm and tmux do; the Linux console does not). Returns the
 * string that stops it (for putp before endwin), or NULL. */
const char *ui_paste_marks_on(void);
/* After an Esc read alone, whether more came with it at once (an escape
 * sequence no key of the terminal makes, such as Ctrl-Enter in some, or Alt
 * with a key): read whole and dropped; false for an Esc pressed alone. */
bool ui_escape_sequence(void);
/* Whether the keys being read are a paste's (between its marks). */
bool ui_pasting(const struct ui *ui);
/* Colour is in use (a colour terminal and no NO_COLOR). */
bool ui_has_colors(void);
/* The attributes for a role, with colour or without. */
attr_t ui_attr(enum ui_color c);
enum { UI_TAB_BAR_MAX = 16 };
/* A bar of n tabs (labels[i] drawn with attrs[i]) on row y, `width` wide.
 * Too many for the width, the bar starts late enough that tab `current`
 * shows, "‹" saying some are before it and "›" that some follow. tab_x[i]
 * is where tab i starts, tab_x[n] where the last one ends (for clicks: a
 * tab not shown has no cells, but the ‹ is the cell of the one just before
 * those shown and the › that of the one just after). At most UI_TAB_BAR_MAX tabs. */
void ui_tab_bar(int y, int width, const char *const *labels, const attr_t *attrs, int n,
		int current, int *tab_x);
/* Text fitted into exactly `cells` cells at (y, x): sanitized, cut with …,
 * padded. align_right pads on the left. Returns the cells drawn. */
int ui_text(int y, int x, int cells, const char *text, attr_t attr, bool align_right);
/* The text wrapped to cells, at most max_lines of it from (y, x), the last
 * of them cut with … when the text goes on; returns the lines drawn. For a
 * sentence that must be read whole (why a screen is empty). */
int ui_text_wrapped(int y, int x, int cells, int max_lines, const char *text, attr_t attr);
/* How many rows ui_text_wrapped takes for the text: up to max_lines, none
 * for "". */
int ui_text_rows(const char *text, int cells, int max_lines);
/* A copy of message with the path in it, when the path is wider than cells,
 * shown as "…" and its end (the file's name), so that what the message says
 * about the file still fits the rows a message has. The caller frees it. */
char *ui_short_path_in(const char *message, const char *path, int cells);
/* The end of text at most cells wide, from a character boundary (a wide
 * character that does not fit is left out whole). */
const char *ui_text_tail(const char *text, int cells);
/* Fills cells with spaces in attr. */
void ui_fill(int y, int x, int cells, attr_t attr);
/* A box with a title, for dialogs. */
void ui_box(int y, int x, int h, int w, const char *title);

/* ---- the line editor and forms (form.c) ---- */
enum form_kind {
	FORM_TEXT,
	FORM_CHOICE,
	FORM_PICK, /* text with a list of matches to pick from as it is typed */
};

/* For FORM_PICK: up to max matches for what is typed. -1 on error. */
typedef int (*form_pick_fn)(struct ui *ui, const char *query, struct ref_item *out, int max);

struct form_field {
	const char *label; /* N_() */
	enum form_kind kind;
	char *value;		    /* owned; NULL reads as "" (field_value) */
	size_t len, cap;	    /* bytes in value, bytes allocated */
	size_t cursor;		    /* byte offset, on a character boundary */
	int scroll;		    /* cells hidden on the left */
	int max_chars;		    /* characters it may hold; 0 for no limit */
	const char *const *choices; /* N_() labels, for FORM_CHOICE */
	int nchoices, choice;
	bool choices_are_data; /* the choices are stored values, shown untranslated */
	char error[256];
	char hint[256]; /* shown after the field: a looked-up name */
	/* FORM_PICK: where matches come from, and the open list of them. A
	 * multi field holds a list of codes (GD-SZ, GD-GZ): the picker looks up
	 * and completes the code at the cursor. */
	form_pick_fn pick;
	struct form_picker *picker;
	bool multi;
	/* The box's width in cells when not the form's: narrower (a number),
	 * leaving room for the hint, or wider than its 44 cells (a file name),
	 * as far as the screen allows; 0 for the form's. */
	int box_cells;
	/* Not used with what the other fields say (an amount for an objective
	 * that has none): drawn as a dash, passed over by the focus, its value
	 * kept but not saved. */
	bool off;
	/* Shown as it is, dimmed, and passed over by the focus: what this form
	 * shows but cannot change (a reference, a stored time). */
	bool fixed;
	/* A code, a number, a date or a phone: the full-width forms of ASCII
	 * and the ideographic space, as a Chinese input method types them
	 * (１３８, ＧＤ－００１), are taken as their ASCII forms. */
	bool ascii;
	/* All of the text selected, shown reversed: the next character typed
	 * (or Backspace) replaces it, a move keeps it. A search opened again
	 * is, so that a new one is typed, not added to the old. */
	bool selected;
};

struct ui_form {
	struct form_field *fields;
	int n, focus;
	bool dirty;
	int top; /* first field shown */
	int label_cells;
	int y; /* where the last draw put the first field */
};

enum { FORM_NONE, FORM_MOVED, FORM_EDITED, FORM_SUBMIT, FORM_CANCEL, FORM_REFUSED };
/* Handles a key for the focused field or the form; returns FORM_*. A
 * character the field may not take (past its length, a control) gives
 * FORM_REFUSED with the reason in the field's error. */
int form_key(struct ui_form *f, struct ui *ui, struct ui_key k);
/* What a record form's screen does with form_key()'s answer r, other than
 * FORM_SUBMIT (the screen saves) and FORM_EDITED (the screen's own): Esc
 * leaves, asking first when there are changes ("Changes discarded."); a
 * refused key, or a move onto a field with an error, says why; F1 goes on
 * to the help; every other key is the form's (q types a q). Returns a
 * screen's UI_* answer. */
int form_screen_answer(struct ui_form *f, struct ui *ui, int r, struct ui_key k);
void form_draw(struct ui_form *f, struct ui *ui, int top, int height, int width);
/* A click on a row of the form's area focuses that field. */
void form_click(struct ui_form *f, int row);
/* The value of a field ("" when empty). */
const char *field_value(const struct form_field *field);
void form_set(struct form_field *field, const char *value);
/* Frees the fields' values and pickers. */
void form_free(struct ui_form *f);
void form_clear_errors(struct ui_form *f);
/* A date field refused with text in it: its error says why that text is no
 * date (2026-02-30: February 2026 has 28 days). */
void form_date_why(struct form_field *field);
/* Focus the first field with an error. */
void form_focus_error(struct ui_form *f);
/* Says on the message line that the form was not saved and how many fields
 * need correcting (those with an error). */
void form_refused(const struct ui_form *f, struct ui *ui);
/* The same for a screen that counts its own refusals (warnings aside). */
void form_refused_count(struct ui *ui, int n);
/* Inserts one character at the cursor. False when refused: a control
 * character, or past max_chars (the reason then in field->error). */
bool field_insert(struct form_field *field, wint_t ch);
/* Line-editing keys shared by forms and search: returns true when handled,
 * *edited says whether the value changed. */
bool field_edit_key(struct form_field *field, struct ui_key k, bool *edited);
/* Draws a field's value in cells at (y, x), scrolled to show the cursor;
 * sets the terminal cursor when focused. */
void field_draw(struct form_field *field, struct ui *ui, int y, int x, int cells, bool focused);
void field_free(struct form_field *field);

/* What a pick field holds, typed and not picked (深圳, Oak Star): when its
 * picker has exactly one match, that one's code is put in the field (its
 * name as the hint) and, when picked is not NULL, the match in *picked.
 * Returns how many match, 2 for several; -1 when the database failed
 * (shown). */
int form_pick_only(struct form_field *field, struct ui *ui, struct ref_item *picked);
/* What a pick field holds, as a record: by_code first (a code, or what
 * else by_code takes), else the one match its picker shows (深圳, huanan),
 * whose code is then put in the field. DB_OK with *out; DB_NOTFOUND with
 * why in the field's error (no such one; several: pick one); DB_ERROR when
 * the database failed, said with what (N_(): "Not saved"). */
qd_rc form_ref_lookup(struct form_field *field, struct ui *ui,
		      qd_rc (*by_code)(qd_db *db, const char *code, struct ref_item *out),
		      const char *what, struct ref_item *out);
/* Pickers for the reference data, as form_pick_fn. */
int form_pick_territory(struct ui *ui, const char *query, struct ref_item *out, int max);
int form_pick_rep(struct ui *ui, const char *query, struct ref_item *out, int max);
int form_pick_region(struct ui *ui, const char *query, struct ref_item *out, int max);
/* Distributors with a status in status_mask (bit 1 << qd_status; 0 for any)
 * for a pick field, by code, name or pinyin as the list finds them: those
 * whose code begins with the query first, then those whose name does (gd:
 * GD-0001, then 广东…), then the others (成都, chenGDu). */
int form_pick_distributors(struct ui *ui, const char *query, unsigned status_mask,
			   struct ref_item *out, int max);

#endif
