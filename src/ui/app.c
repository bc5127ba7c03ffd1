/* The application: one event loop owns input, resizing, the clock and the
 * single screen update per pass; screens are a const table of callbacks.
 *
 * The terminal is in raw mode: Ctrl-C is a key (it quits like q, asking when
 * an edit is unsaved), Ctrl-\ and Ctrl-Z do nothing harmful, Ctrl-S and Ctrl-Q
 * are ordinary keys. Input is read a byte at a time and decoded here, so an
 * invalid UTF-8 byte is dropped with a message instead of swallowing the keys
 * after it. While idle the loop wakes every second to notice another
 * program's writes and a new day. A screen may read ahead in a pause of the
 * keys (40 ms without one), a step at a time, the steps following each other
 * until a key comes; a key stops the step under way. */
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "qudao/i18n.h"
#include "qudao/sync.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "table.h"
#include "ui.h"

enum {
	UI_MIN_COLS = 40,
	UI_MIN_ROWS = 10,
	UI_MAX_DEPTH = 8,
	UI_IDLE_MS = 1000, /* how often an idle loop looks for changes */
	UI_PAUSE_MS = 40,  /* no key for this long: a pause, to read ahead in */
	UI_UTF8_MS = 50,   /* how long the rest of a character may take to come */
	UI_FRAME_MS = 100, /* a frame at least this often while keys keep coming */
};

static const struct screen *const ui_tabs[] = {
	&screen_list,	    &screen_map,   &screen_calendar,
	&screen_scorecards, &screen_setup, &screen_sync,
};
enum { UI_NTABS = sizeof ui_tabs / sizeof ui_tabs[0] };

struct ui_frame {
	const struct screen *screen;
	void *state;
};

/* A line of the help overlay; mem rows start with their id. */
/* A line of the help overlay: a key and (a line of) what it does, wrapped
 * to the overlay's width; a key whose words take several lines is named on
 * the first. */
struct ui_help_row {
	int64_t id;
	const char *key;
	char *what;
};
enum { UI_HELP_MAX = 64 };

struct ui {
	qd_db *db;
	const char *user;
	qd_date today;
	uint64_t generation; /* of the data the screens show */
	int tab;
	void *tab_state[UI_NTABS];
	struct ui_frame stack[UI_MAX_DEPTH];
	int depth;
	char message[1024];
	bool message_error;
	/* More input was waiting when the last key was read: the keys come in
	 * a burst (a paste), and an error said during it stays. */
	bool key_burst;
	/* Inside a bracketed paste (the terminal's mode 2004): its line breaks
	 * and tabs are spaces, not keys that save a form or move on; how many
	 * became spaces, said when the paste ends. */
	bool pasting;
	int paste_spaces;
	int paste_dropped; /* keys of a paste no field was there to take */
	bool paste_line_end; /* the last key of the paste ended a line */
	char confirm[1024];
	void (*confirm_yes)(struct ui *ui, void *arg);
	void *confirm_arg;
	bool quit;
	int cursor_y, cursor_x;
	bool cursor_on;
	int tab_x[UI_NTABS + 1]; /* where each tab starts in the header */
	bool bench_frames;	 /* QUDAO_BENCH_FRAMES: mark frame ends */
	int64_t focus_id;	 /* for the list: select this one on reload */
	bool redraw_soon;	 /* an idle step changed what is shown */
	/* The help overlay: a table over the screen's keys and the global ones. */
	bool help;
	struct table_mem help_mem;
	const struct ui_help *help_src[UI_HELP_MAX];
	int help_nsrc, help_cells; /* the width its lines were wrapped to */
	struct ui_help_row *help_rows;
	struct table help_table;
	/* Sync's counts for the status bar, read again when the data moves. */
	uint64_t sync_generation;
	bool sync_read;
	int64_t sync_unsent, sync_open;
};

/* Set by SIGTERM and SIGHUP: the loop ends and the terminal is restored. */
static volatile sig_atomic_t ui_stop;

static const struct ui_help ui_global_help[] = {
	{ N_("1-6, Tab"), N_("switch screen"), false },
	{ N_("?"), N_("help"), true },
	{ N_("q"), N_("quit"), true },
	{ N_("F1"), N_("help"), false },
	{ N_("F10, Ctrl-C"), N_("quit"), false },
	{ NULL, NULL, false },
};
/* The same for a screen that takes Tab itself (its help names it). */
static const struct ui_help ui_global_help_no_tab[] = {
	{ N_("1-6"), N_("switch screen"), false },
	{ N_("?"), N_("help"), true },
	{ N_("q"), N_("quit"), true },
	{ N_("F1"), N_("help"), false },
	{ N_("F10, Ctrl-C"), N_("quit"), false },
	{ NULL, NULL, false },
};
/* In a form, ? and q are text: F1 helps and F10 quits there. */
static const struct ui_help ui_form_help[] = {
	{ N_("F1"), N_("help"), true },
	{ N_("F10, Ctrl-C"), N_("quit"), false },
	{ NULL, NULL, false },
};

qd_db *ui_db(struct ui *ui)
{
	return ui->db;
}

const char *ui_user(struct ui *ui)
{
	return ui->user;
}

qd_date ui_today(struct ui *ui)
{
	return ui->today;
}

void ui_focus(struct ui *ui, int64_t id)
{
	ui->focus_id = id;
}

bool ui_key_waiting(void *ctx)
{
	(void)ctx;
	/* Input, not a hangup: a terminal gone (POLLIN comes with POLLHUP
	 * then) would stop every step, and the loop would spin. */
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN) &&
	       !(p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

void ui_redraw_soon(struct ui *ui)
{
	ui->redraw_soon = true;
}

int64_t ui_take_focus(struct ui *ui)
{
	int64_t id = ui->focus_id;
	ui->focus_id = 0;
	return id;
}

void ui_set_cursor(struct ui *ui, int y, int x)
{
	ui->cursor_y = y;
	ui->cursor_x = x;
	ui->cursor_on = true;
}

static void ui_vmessage(struct ui *ui, bool error, const char *fmt, va_list ap)
{
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	ui->message_error = error;
	/* Said in a pause of the keys (a failed read ahead): shown now. */
	ui->redraw_soon = true;
}

const char *ui_said(const struct ui *ui)
{
	return ui->confirm[0] ? "" : ui->message;
}

bool ui_saying(const struct ui *ui, const char *text)
{
	return text && !ui->confirm[0] && !strcmp(ui->message, text);
}

void ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ui_vmessage(ui, false, fmt, ap);
	va_end(ap);
}

void ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ui_vmessage(ui, true, fmt, ap);
	va_end(ap);
	beep();
}

void ui_remind(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ui_vmessage(ui, true, fmt, ap);
	va_end(ap);
}

void ui_db_error(struct ui *ui, const char *what)
{
	const char *detail = db_errdetail(ui->db);
	char line[1400];
	snprintf(line, sizeof line, "%s%s%s%s%s%s", what ? what : "", what ? ": " : "",
		 db_errmsg(ui->db), detail[0] ? " (" : "", detail, detail[0] ? ")" : "");
	ui_error(ui, "%s", line);
}

void ui_confirm(struct ui *ui, const char *question, void (*yes)(struct ui *ui, void *arg),
		void *arg)
{
	text_copy(ui->confirm, sizeof ui->confirm, question);
	ui->message[0] = '\0';
	ui->confirm_yes = yes;
	ui->confirm_arg = arg;
}

bool ui_can_write(struct ui *ui)
{
	const char *why = db_readonly(ui->db);
	if (!why)
		return true;
	ui_error(ui, _("Read-only: %s, so nothing can be changed here."), why);
	return false;
}

/* The frame keys go to: the top of the stack, else the current tab. */
static struct ui_frame ui_top(struct ui *ui)
{
	if (ui->depth > 0)
		return ui->stack[ui->depth - 1];
	return (struct ui_frame){ ui_tabs[ui->tab], ui->tab_state[ui->tab] };
}

void ui_push(struct ui *ui, const struct screen *screen, void *arg)
{
	if (ui->depth == UI_MAX_DEPTH)
		return;
	if (screen->writes && !ui_can_write(ui))
		return;
	void *state = screen->enter(ui, arg);
	if (!state)
		return;
	ui->stack[ui->depth++] = (struct ui_frame){ screen, state };
}

/* Every open screen reads again what it shows. */
static void ui_reload_all(struct ui *ui)
{
	for (int i = 0; i < ui->depth; i++)
		if (ui->stack[i].screen->reload)
			ui->stack[i].screen->reload(ui->stack[i].state, ui);
	for (int i = 0; i < UI_NTABS; i++)
		if (ui->tab_state[i] && ui_tabs[i]->reload)
			ui_tabs[i]->reload(ui->tab_state[i], ui);
}

void ui_changed(struct ui *ui)
{
	ui_reload_all(ui);
	ui->generation = db_generation(ui->db);
}

void ui_pop(struct ui *ui, bool changed)
{
	if (ui->depth == 0)
		return;
	struct ui_frame f = ui->stack[--ui->depth];
	f.screen->leave(f.state);
	if (changed)
		ui_changed(ui);
}

static bool ui_any_unsaved(struct ui *ui)
{
	for (int i = 0; i < ui->depth; i++)
		if (ui->stack[i].screen->unsaved &&
		    ui->stack[i].screen->unsaved(ui->stack[i].state))
			return true;
	return false;
}

static void ui_switch_tab(struct ui *ui, int tab)
{
	if (tab == ui->tab && ui->depth == 0)
		return;
	if (ui_any_unsaved(ui)) {
		ui_error(ui, _("Save (Enter) or cancel (Esc) the edit first."));
		return;
	}
	while (ui->depth > 0)
		ui_pop(ui, false);
	db_set_cache_mb(ui->db, ui_tabs[tab]->cache_mb);
	if (!ui->tab_state[tab])
		ui->tab_state[tab] = ui_tabs[tab]->enter(ui, NULL);
	if (ui->tab_state[tab])
		ui->tab = tab;
	else
		db_set_cache_mb(ui->db, ui_tabs[ui->tab]->cache_mb);
}

static void ui_quit_yes(struct ui *ui, void *arg)
{
	(void)arg;
	ui->quit = true;
}

static void ui_quit(struct ui *ui)
{
	if (ui_any_unsaved(ui))
		ui_confirm(ui, _("An edit is not saved. Quit anyway? (y/n)"), ui_quit_yes, NULL);
	else
		ui->quit = true;
}

/* Data another program (or this one) changed, or a new day: every screen
 * reads again before the next draw. */
static bool ui_follow_changes(struct ui *ui)
{
	qd_date today = date_today();
	uint64_t gen = db_generation(ui->db);
	if (gen == ui->generation && !date_cmp(today, ui->today))
		return false;
	ui->today = today;
	ui->generation = gen;
	ui_reload_all(ui);
	return true;
}

/* ---- drawing ---- */

/* The tabs, then today's date, then the program's name when there is room
 * for it: in that order they matter. */
static void ui_draw_header(struct ui *ui, int cols)
{
	char labels[UI_NTABS][128];
	int need = 0;
	/* The full titles when they fit beside the date, else the short ones
	 * (English needs them at 80 columns), else the short ones a space
	 * apart and no date (all six at 60 columns, "6 S…" before). */
	for (int pass = 0; pass < 3; pass++) {
		need = 0;
		for (int i = 0; i < UI_NTABS; i++) {
			const char *name = pass && ui_tabs[i]->short_name ? ui_tabs[i]->short_name
									  : ui_tabs[i]->name;
			snprintf(labels[i], sizeof labels[i], pass < 2 ? " %d %s " : " %d %s",
				 i + 1, _(name));
			need += text_width(labels[i]);
		}
		if (need + DATE_BUF + 1 <= cols || (pass == 2 && need <= cols))
			break;
	}
	ui_fill(0, 0, cols, ui_attr(UI_HEADER));
	if (need > cols) {
		/* Not even the short ones fit (45 columns in English): the bar
		 * starts late enough that the current tab shows, with ‹ and ›
		 * for the others. */
		const char *shown[UI_NTABS];
		attr_t attrs[UI_NTABS];
		for (int i = 0; i < UI_NTABS; i++) {
			shown[i] = labels[i];
			attrs[i] = ui_attr(i == ui->tab ? UI_TAB : UI_HEADER);
		}
		_Static_assert((int)UI_NTABS <= (int)UI_TAB_BAR_MAX,
			       "more tabs than ui_tab_bar takes");
		ui_tab_bar(0, cols, shown, attrs, UI_NTABS, ui->tab, ui->tab_x);
		return;
	}
	int x = 0;
	if (need + 7 + DATE_BUF + 1 <= cols)
		x = ui_text(0, 0, 7, " qudao ", ui_attr(UI_HEADER) | A_BOLD, false);
	for (int i = 0; i < UI_NTABS; i++) {
		const char *label = labels[i];
		int w = text_width(label);
		if (x + w > cols)
			w = cols - x;
		ui->tab_x[i] = x;
		x += ui_text(0, x, w, label, ui_attr(i == ui->tab ? UI_TAB : UI_HEADER), false);
	}
	ui->tab_x[UI_NTABS] = x;
	char today[DATE_BUF];
	date_format(ui->today, today);
	/* As the passes above measured it: a column between the tabs and
	 * the date (at 81 columns the name came in and pushed the date out). */
	if (x + DATE_BUF + 1 <= cols)
		ui_text(0, cols - DATE_BUF, DATE_BUF - 1, today, ui_attr(UI_HEADER), true);
}

/* Draws the status-bar items of list from x while they fit before limit
 * (in the list's order, which is their priority: a narrow bar drops what
 * comes last); returns where it stopped. */
static int ui_draw_keys(const struct ui_help *list, int row, int x, int limit)
{
	for (const struct ui_help *h = list; h && h->key; h++) {
		if (!h->in_status_bar)
			continue;
		int kw = text_width(_(h->key)), ww = text_width(_(h->what));
		if (x + kw + ww + 2 > limit)
			break;
		ui_text(row, x + 1, kw, _(h->key), ui_attr(UI_HEADER) | A_BOLD, false);
		ui_text(row, x + 2 + kw, ww, _(h->what), ui_attr(UI_HEADER), false);
		x += kw + ww + 2;
	}
	return x;
}

/* The keys of the top screen as it is now. */
static const struct ui_help *ui_screen_help(struct ui *ui)
{
	struct ui_frame top = ui_top(ui);
	return top.screen->help_now ? top.screen->help_now(top.state) : top.screen->help;
}

/* The keys that matter here; help and quit (and the read-only marker) keep
 * their place on the right and the screen's own keys get what is left. */
static void ui_draw_status(struct ui *ui, const struct screen *s, int row, int cols)
{
	ui_fill(row, 0, cols, ui_attr(UI_HEADER));
	const struct ui_help *global = s->takes_text ? ui_form_help : ui_global_help;
	int gw = 0;
	for (const struct ui_help *h = global; h->key; h++)
		if (h->in_status_bar)
			gw += text_width(_(h->key)) + text_width(_(h->what)) + 2;
	/* TRANSLATORS: the status bar's marker of a database opened read-only. */
	const char *ro = db_readonly(ui->db) ? _("[read-only]") : "";
	int rw = ro[0] ? text_width(ro) + 1 : 0;
	/* Sync: changes not yet sent, conflicts to look at. */
	uint64_t gen = db_generation(ui->db);
	if (!ui->sync_read || gen != ui->sync_generation) {
		if (db_sync_counts(ui->db, &ui->sync_unsent, &ui->sync_open))
			ui->sync_unsent = ui->sync_open = 0;
		ui->sync_generation = gen;
		ui->sync_read = true;
	}
	char sync[128] = "", part[64];
	if (ui->sync_unsent) {
		/* TRANSLATORS: the status bar's count of changes not yet sent to
		 * the head office (or a peer). Short. */
		snprintf(part, sizeof part,
			 ngettext("%lld unsent", "%lld unsent", (unsigned long)ui->sync_unsent),
			 (long long)ui->sync_unsent);
		snprintf(sync, sizeof sync, "%s", part);
	}
	if (ui->sync_open) {
		/* TRANSLATORS: the status bar's count of sync conflicts to look at. */
		snprintf(part, sizeof part,
			 ngettext("%lld conflict", "%lld conflicts", (unsigned long)ui->sync_open),
			 (long long)ui->sync_open);
		size_t used = strlen(sync);
		snprintf(sync + used, sizeof sync - used, "%s%s", used ? " · " : "", part);
	}
	/* A space before it, as before every key, so that it never runs
	 * into the last key's words. */
	int sw = sync[0] ? text_width(sync) + 2 : 0;
	if (gw + rw + sw > cols)
		gw = 0;
	ui_draw_keys(ui_screen_help(ui), row, 0, cols - gw - rw - sw);
	if (sw)
		ui_text(row, cols - gw - rw - sw + 1, sw - 1, sync,
			ui_attr(ui->sync_open ? UI_WARNING : UI_HEADER) | A_BOLD, false);
	if (rw)
		ui_text(row, cols - gw - rw, rw, ro, ui_attr(UI_HEADER) | A_BOLD | A_REVERSE,
			false);
	if (gw)
		ui_draw_keys(global, row, cols - gw, cols);
}

static void ui_help_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
			 enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	(void)attr;
	const struct ui_help_row *r = row;
	if (col == 0)
		*color = UI_TITLE;
	text_copy(buf, size, col == 0 ? r->key : r->what);
}

static const struct table_source ui_help_source = {
	.row_size = sizeof(struct ui_help_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.cell = ui_help_cell,
};

static const struct table_col ui_help_cols[] = {
	{ NULL, 18, 0, 0, false, -1 },
	{ NULL, 0, 10, 0, false, -1 },
};

/* Opens the help of the top screen: its keys, then the global ones. */
static void ui_help_open(struct ui *ui)
{
	const struct screen *s = ui_top(ui).screen;
	const struct ui_help *own = ui_screen_help(ui);
	/* Tab is listed once: where the screen takes it, not as switching
	 * screens too. */
	bool takes_tab = false;
	for (const struct ui_help *h = own; h && h->key && !takes_tab; h++)
		takes_tab = strstr(h->key, "Tab") != NULL;
	const struct ui_help *lists[] = { own, s->takes_text ? ui_form_help
					       : takes_tab   ? ui_global_help_no_tab
							     : ui_global_help };
	int n = 0;
	for (int l = 0; l < 2; l++)
		for (const struct ui_help *h = lists[l]; h && h->key && n < UI_HELP_MAX; h++)
			ui->help_src[n++] = h;
	ui->help_nsrc = n;
	ui->help_cells = -1;
	ui->help = true;
}

static void ui_help_free(struct ui *ui)
{
	for (int i = 0; i < ui->help_mem.n; i++)
		free(ui->help_rows[i].what);
	free(ui->help_rows);
	ui->help_rows = NULL;
	ui->help_mem.n = 0;
	table_free(&ui->help_table);
}

/* The help's lines with what each key does wrapped to cells (not at all
 * under 12), read into its table from the top; again only when the width
 * changed. */
static void ui_help_layout(struct ui *ui, int cells)
{
	if (cells == ui->help_cells)
		return;
	ui_help_free(ui);
	ui->help_cells = cells;
	int n = 0, cap = 0;
	for (int i = 0; i < ui->help_nsrc; i++) {
		char **lines = NULL;
		const char *what = _(ui->help_src[i]->what);
		int k = cells >= 12 ? text_wrap(what, cells, &lines) : 0;
		for (int j = 0; j < (k > 0 ? k : 1); j++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				ui->help_rows = xrealloc(ui->help_rows,
							 (size_t)cap * sizeof *ui->help_rows);
			}
			ui->help_rows[n] = (struct ui_help_row){
				n + 1, j == 0 ? _(ui->help_src[i]->key) : "",
				k > 0 ? lines[j] : xstrdup(what)
			};
			n++;
		}
		free(lines);
	}
	ui->help_mem = (struct table_mem){ ui->help_rows, n, sizeof ui->help_rows[0] };
	/* (Room for one more than there are: a read that fills it would not
	 * know it had reached the end.) */
	table_init(&ui->help_table, ui_help_cols, 2, &ui_help_source, &ui->help_mem, n + 1);
	ui->help_table.header = false;
	ui->help_table.lines = true;
	table_load(&ui->help_table, ui);
}

static void ui_draw_help(struct ui *ui, int rows, int cols)
{
	const struct screen *s = ui_top(ui).screen;
	int kw = 0, ww = 0;
	for (int i = 0; i < ui->help_nsrc; i++) {
		int a = text_width(_(ui->help_src[i]->key));
		int b = text_width(_(ui->help_src[i]->what));
		kw = a > kw ? a : kw;
		ww = b > ww ? b : ww;
	}
	int w = kw + ww + 5;
	if (w > cols - 2)
		w = cols - 2;
	/* What a key does is wrapped to what the box leaves it. */
	int key_cells = kw < w / 2 ? kw : w / 2;
	ui_help_layout(ui, w - 4 - key_cells - 1);
	int h = ui->help_mem.n + 4;
	if (h > rows - 2)
		h = rows - 2;
	int y = (rows - h) / 2, x = (cols - w) / 2;
	char title[160];
	snprintf(title, sizeof title, _("Keys: %s"), _(s->name));
	/* Its rows are cleared the whole width: a cell of the screen behind
	 * beside the box read as part of it (a "2" of 2026-Q4, a pan's "›"). */
	for (int r = y; r < y + h; r++)
		ui_fill(r, 0, cols, A_NORMAL);
	ui_box(y, x, h, w, title);
	static struct table_col cols2[2];
	cols2[0] = ui_help_cols[0];
	cols2[1] = ui_help_cols[1];
	cols2[0].cells = key_cells;
	ui->help_table.cols = cols2;
	ui->help_table.focused = false;
	table_draw(&ui->help_table, ui, y + 1, x + 2, h - 4, w - 4);
	char pos[48];
	table_position(&ui->help_table, pos, sizeof pos);
	/* The widest hint that fits: a narrow box drops the position, then
	 * the words. */
	char line[200];
	if (ui->help_mem.n > h - 4) {
		snprintf(line, sizeof line, _("Up/Down scroll · %s · any other key closes"), pos);
		if (text_width(line) > w - 4)
			snprintf(line, sizeof line, "%s", _("Up/Down scroll · other keys close"));
		if (text_width(line) > w - 4)
			snprintf(line, sizeof line, "%s", _("Up/Down · Esc"));
	} else {
		snprintf(line, sizeof line, "%s", _("Press any key to close."));
	}
	ui_text(y + h - 2, x + 2, w - 4, line, ui_attr(UI_DIM), false);
}

/* The message line: a message or question too long for one row takes the
 * rows above it too (the screen is drawn that much shorter), so a reason or
 * a "(y/n)" at its end is not cut off; past its rows a message is cut with
 * "…", a question in its middle. */
enum { UI_MESSAGE_ROWS = 3 };

/* The rows a message may take: three; a question more, up to a third of
 * the screen (a settings version's question was cut before its "(y/n)"). */
static int ui_message_max(const struct ui *ui, int rows)
{
	return ui->confirm[0] && rows / 3 > UI_MESSAGE_ROWS ? rows / 3 : UI_MESSAGE_ROWS;
}

static int ui_message_rows(const char *text, int cols, int max)
{
	if (!text[0])
		return 0;
	if (text_width(text) <= cols)
		return 1;
	char *clean = text_sanitize(text);
	int n = ui_text_rows(clean, cols, max);
	free(clean);
	return n;
}

/* The message on the k rows (ui_message_rows) above the status bar. A
 * question longer than them keeps its end on the last row ("…Save?
 * (y/n)"), the way to answer it; its middle is what is cut. */
static void ui_draw_message(const char *text, attr_t attr, int rows, int cols, int k, bool question)
{
	if (k <= 1 && !(question && text_width(text) > cols)) {
		ui_text(rows - 2, 0, cols, text, attr, false);
		return;
	}
	char *clean = text_sanitize(text);
	if (!question || ui_text_rows(clean, cols, k + 1) <= k || cols < 8) {
		ui_text_wrapped(rows - 1 - k, 0, cols, k, clean, attr);
	} else {
		ui_text_wrapped(rows - 1 - k, 0, cols, k - 1, clean, attr);
		char *tail = xasprintf("…%s", ui_text_tail(clean, cols - 1));
		ui_text(rows - 2, 0, cols, tail, attr, false);
		free(tail);
	}
	free(clean);
}

static void ui_draw(struct ui *ui)
{
	int rows = LINES, cols = COLS;
	ui->cursor_on = false;
	erase();
	if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS) {
		char need[64];
		snprintf(need, sizeof need, "%d×%d", UI_MIN_COLS, UI_MIN_ROWS);
		const char *msg = _("Terminal too small");
		int y = rows / 2 - 1;
		ui_text(y < 0 ? 0 : y, 0, cols, msg, A_BOLD, false);
		if (rows > 1) {
			char line[96];
			snprintf(line, sizeof line, _("need %s"), need);
			ui_text(y + 1 < rows ? y + 1 : rows - 1, 0, cols, line, A_NORMAL, false);
		}
	} else {
		struct ui_frame top = ui_top(ui);
		ui_draw_header(ui, cols);
		/* A question, with what was said about a key that did not
		 * answer it after it. */
		char asked[sizeof ui->confirm + sizeof ui->message + 2] = "";
		if (ui->confirm[0])
			snprintf(asked, sizeof asked, "%s%s%s", ui->confirm,
				 ui->message[0] ? "  " : "", ui->message);
		const char *said = ui->confirm[0] ? asked : ui->message;
		int k = ui_message_rows(said, cols, ui_message_max(ui, rows));
		top.screen->draw(top.state, ui, 1, rows - 3 - (k > 1 ? k - 1 : 0), cols);
		if (ui->confirm[0])
			ui_draw_message(asked, ui_attr(UI_WARNING) | A_BOLD, rows, cols, k, true);
		else if (ui->message[0])
			ui_draw_message(ui->message,
					ui->message_error ? ui_attr(UI_ERROR) : ui_attr(UI_GOOD),
					rows, cols, k, false);
		ui_draw_status(ui, top.screen, rows - 1, cols);
		if (ui->help) {
			ui->cursor_on = false;
			ui_draw_help(ui, rows, cols);
		}
	}
	if (ui->cursor_on) {
		curs_set(1);
		move(ui->cursor_y, ui->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
	if (ui->bench_frames) {
		/* For tests/bench: an OSC sequence terminals ignore marks each frame's end. */
		fputs("\033]9999;qudao-frame\007", stdout);
		fflush(stdout);
	}
}

/* While another program holds the write lock: say so, with the time left,
 * instead of a frozen screen. */
static void ui_busy(void *ctx, int waited_ms, int left_ms)
{
	(void)ctx;
	static const char spin[] = "|/-\\";
	ui_working(_("%c Another program is writing to the database; waiting, %d s left…"),
		   spin[(waited_ms / 250) % 4], (left_ms + 999) / 1000);
}

void ui_working(const char *fmt, ...)
{
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS)
		return;
	char line[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	move(LINES - 2, 0);
	clrtoeol();
	ui_text(LINES - 2, 0, COLS, line, ui_attr(UI_WARNING) | A_BOLD, false);
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- input ---- */

static void ui_mouse(struct ui *ui)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	struct ui_frame top = ui_top(ui);
	if (ui->help) {
		if (ev.bstate & BUTTON4_PRESSED)
			table_scroll_text(&ui->help_table, -3);
		else if (ev.bstate & BUTTON5_PRESSED)
			table_scroll_text(&ui->help_table, 3);
		else
			ui->help = false;
		return;
	}
	if (ev.bstate & BUTTON4_PRESSED) {
		if (top.screen->wheel)
			top.screen->wheel(top.state, ui, -3);
		return;
	}
	if (ev.bstate & BUTTON5_PRESSED) {
		if (top.screen->wheel)
			top.screen->wheel(top.state, ui, 3);
		return;
	}
	/* The press acts; its release, which may come a moment later on its
	 * own, is not a second click (it opened the row just selected). */
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	if (ev.y == 0) {
		for (int i = 0; i < UI_NTABS; i++)
			if (ev.x >= ui->tab_x[i] && ev.x < ui->tab_x[i + 1])
				ui_switch_tab(ui, i);
		return;
	}
	if (ev.y >= 1 && ev.y < LINES - 2 && top.screen->click)
		top.screen->click(top.state, ui, ev.y - 1, ev.x);
}

static bool ui_help_key(struct ui *ui, struct ui_key k)
{
	/* The keys scroll the text itself, as the position says ("line 3 of
	 * 26"), not a cursor hidden in it. */
	if (ui_key_is_code(k, KEY_UP) || ui_key_is_code(k, KEY_DOWN) ||
	    ui_key_is_code(k, KEY_NPAGE) || ui_key_is_code(k, KEY_PPAGE) ||
	    ui_key_is_code(k, KEY_HOME) || ui_key_is_code(k, KEY_END) || ui_key_is(k, 'j') ||
	    ui_key_is(k, 'k')) {
		table_scroll_text(&ui->help_table, table_text_key(&ui->help_table, k));
		return true;
	}
	ui->help = false;
	return true;
}

static void ui_key(struct ui *ui, struct ui_key k)
{
	if (ui->confirm[0]) {
		void (*yes)(struct ui *, void *) = ui->confirm_yes;
		void *arg = ui->confirm_arg;
		/* y (or a Chinese input method's ｙ) does it; n and Esc do not;
		 * another key leaves the question asked, saying so, rather than
		 * being taken for no or falling through to the screen. */
		bool y = !k.code && (k.ch == 'y' || k.ch == 'Y' || k.ch == 0xFF59 || k.ch == 0xFF39);
		bool n = !k.code && (k.ch == 'n' || k.ch == 'N' || k.ch == 0xFF4E || k.ch == 0xFF2E);
		/* Ctrl-C and F10 still quit from here (asking first when an
		 * edit is unsaved). */
		bool quit = ui_key_is(k, UI_KEY_CTRL_C) || ui_key_is_code(k, KEY_F(10));
		if (quit) {
			ui->confirm[0] = '\0';
			ui->message[0] = '\0';
			/* Asked whether to quit, Ctrl-C again says yes. */
			if (yes == ui_quit_yes)
				yes(ui, arg);
			else
				ui_quit(ui);
			return;
		}
		if (!y && !n && !ui_key_is(k, UI_KEY_ESC)) {
			ui_message(ui, "%s", _("Answer y or n (Esc is n)."));
			return;
		}
		ui->confirm[0] = '\0';
		ui->message[0] = '\0';
		if (y)
			yes(ui, arg);
		return;
	}
	if (ui->help && ui_help_key(ui, k))
		return;
	/* A message goes with the next key; an error said while pasted keys
	 * kept coming (a character left out, a field full) stays until the
	 * paste is over, so it is seen. */
	bool burst = ui->key_burst;
	ui->key_burst = ui_key_waiting(NULL);
	if (!(burst && ui->message_error))
		ui->message[0] = '\0';
	/* Ctrl-C and F10 quit from anywhere, forms included, asking when an
	 * edit is unsaved. */
	if (ui_key_is(k, UI_KEY_CTRL_C) || ui_key_is_code(k, KEY_F(10))) {
		ui_quit(ui);
		return;
	}
	/* Too small to show anything: keys are not commands then, but a
	 * paste going on into a field is still typed (a resize during one lost
	 * its rest). */
	if ((COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS) && !ui->pasting) {
		if (ui_key_is(k, 'q'))
			ui_quit(ui);
		return;
	}
	struct ui_frame top = ui_top(ui);
	if (top.screen->key(top.state, ui, k) == UI_HANDLED)
		return;
	if (ui_key_is_code(k, KEY_F(1))) {
		ui_help_open(ui);
		return;
	}
	if (k.code)
		return;
	switch (k.ch) {
	case '?':
		ui_help_open(ui);
		break;
	case 'q':
		ui_quit(ui);
		break;
	case '\t':
		ui_switch_tab(ui, (ui->tab + 1) % UI_NTABS);
		break;
	case UI_KEY_ESC:
		if (ui->depth > 0 && !ui_any_unsaved(ui))
			ui_pop(ui, false);
		break;
	default:
		if (k.ch >= '1' && k.ch < '1' + UI_NTABS)
			ui_switch_tab(ui, (int)(k.ch - '1'));
		break;
	}
}

/* The length of the UTF-8 sequence a lead byte starts; 0 when c cannot
 * start one. */
static int ui_utf8_length(int c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* Whether the terminal is gone (its window closed, the connection dropped)
 * without a SIGHUP reaching us: every read then returns at once, and the
 * loop would spin on an empty input for ever. */
static bool ui_terminal_gone(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* Whether typed text goes into a field now: a form's, or a search's. */
bool ui_pasting(const struct ui *ui)
{
	return ui->pasting;
}

static bool ui_takes_text(struct ui *ui)
{
	struct ui_frame top = ui_top(ui);
	if (ui->help || ui->confirm[0])
		return false;
	return top.screen->takes_text || (top.screen->typing && top.screen->typing(top.state));
}

/* The monotonic clock, in milliseconds. */
static int64_t ui_clock_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

const char *ui_paste_marks_on(void)
{
	char *be = tigetstr("BE"), *bd = tigetstr("BD"), *ps = tigetstr("PS"), *pe = tigetstr("PE");
	if (!be || !bd || !ps || !pe || be == (char *)-1 || bd == (char *)-1 || ps == (char *)-1 ||
	    pe == (char *)-1)
		return NULL;
	if (define_key(ps, UI_KEY_PASTE_START) == ERR || define_key(pe, UI_KEY_PASTE_END) == ERR)
		return NULL;
	/* (putp writes through stdio, beside curses' own buffer.) */
	putp(be);
	fflush(stdout);
	return bd;
}

static void ui_paste_started(struct ui *ui)
{
	ui->pasting = true;
	ui->paste_spaces = 0;
	ui->paste_dropped = 0;
	ui->paste_line_end = false;
}

/* The paste is over (its end mark, or a pause where one never came): how
 * many of its line breaks and tabs became spaces is said. */
static void ui_paste_ended(struct ui *ui)
{
	ui->pasting = false;
	ui->paste_line_end = false;
	struct ui_frame top = ui_top(ui);
	if (ui->paste_dropped)
		ui_message(ui, "%s",
			   ui->confirm[0] ? _("The paste was not taken: answer y or n.")
			   : ui->help	  ? _("The paste was not taken: the help is open.")
			   : top.screen->typing
				   ? _("The paste was not taken: here keys are commands. Press / to "
				       "search, then paste.")
				   : _("The paste was not taken: here keys are commands. Open a "
				       "form, then paste."));
	else if (ui->paste_spaces)
		ui_message(ui,
			   ngettext("A line break or tab in the paste became a space.",
				    "%d line breaks or tabs in the paste became spaces.",
				    ui->paste_spaces),
			   ui->paste_spaces);
	ui->paste_spaces = 0;
}

/* After an Esc, whether more came with it at once: an escape sequence the
 * terminal keys do not make (a colour code pasted, "\033[0m"), or Alt with a
 * key. Read whole and dropped, so that its bytes neither act as Esc (which
 * leaves a form) nor run as commands; false for an Esc pressed alone.
 * (Its first byte is waited for not at all: an Esc alone answers at once;
 * the rest, a little, should the terminal send it in pieces.) A second Esc,
 * the terminal's new size, a click or a paste's mark is no part of such a
 * sequence: it is given back, and the Esc stands (a resize landing just
 * after an Esc took it, an Esc pressed twice quickly did nothing, and a
 * paste right after an Esc ran as commands). (rxvt's Alt with an arrow,
 * Esc Esc [ A, is an Esc then, and its arrow dropped.) */
bool ui_escape_sequence(void)
{
	wtimeout(stdscr, 0);
	int first = wgetch(stdscr), c = first, n = 0;
	if (first == UI_KEY_ESC || first == KEY_RESIZE || first == KEY_MOUSE ||
	    first == UI_KEY_PASTE_START || first == UI_KEY_PASTE_END) {
		ungetch(first);
		first = ERR;
	}
	wtimeout(stdscr, UI_UTF8_MS);
	if (first == '[' || first == 'O') {
		/* CSI: parameters and intermediates up to a final byte; SS3:
		 * one byte. */
		do
			c = wgetch(stdscr);
		while (c >= 0x20 && c < 0x40 && ++n < 64);
	} else if (first == ']' || first == 'P' || first == '_' || first == '^') {
		/* A string (OSC, DCS...): up to BEL or ESC \. */
		int prev = 0;
		while ((c = wgetch(stdscr)) != ERR && c != 7 && !(prev == 27 && c == '\\') &&
		       ++n < 4096)
			prev = c;
	}
	wtimeout(stdscr, UI_IDLE_MS);
	return first != ERR;
}

/* Reads the rest of a character whose lead byte came; false (the stray byte
 * given back to be read again) when it is not a whole valid one. */
static bool ui_utf8_rest(int lead, wint_t *out)
{
	int len = ui_utf8_length(lead);
	unsigned char buf[4] = { (unsigned char)lead };
	if (len == 0)
		return false;
	wtimeout(stdscr, UI_UTF8_MS);
	bool ok = true;
	for (int i = 1; i < len && ok; i++) {
		int c = wgetch(stdscr);
		if (c == ERR) {
			ok = false;
		} else if (c < 0x80 || c > 0xbf) {
			ungetch(c);
			ok = false;
		} else {
			buf[i] = (unsigned char)c;
		}
	}
	wtimeout(stdscr, UI_IDLE_MS);
	if (!ok)
		return false;
	/* Overlong forms and surrogates are invalid too. */
	uint32_t uc = len == 2	 ? (buf[0] & 0x1fu) << 6 | (buf[1] & 0x3fu)
		      : len == 3 ? (buf[0] & 0x0fu) << 12 | (buf[1] & 0x3fu) << 6 | (buf[2] & 0x3fu)
				 : (buf[0] & 0x07u) << 18 | (buf[1] & 0x3fu) << 12 |
					   (buf[2] & 0x3fu) << 6 | (buf[3] & 0x3fu);
	if ((len == 3 && uc < 0x800) || (len == 4 && (uc < 0x10000 || uc > 0x10ffff)) ||
	    (uc >= 0xd800 && uc < 0xe000))
		return false;
	*out = (wint_t)uc;
	return true;
}

static void ui_on_signal(int sig)
{
	(void)sig;
	ui_stop = 1;
}

static void ui_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* Ctrl-\ never kills the program (the terminal sends no signal in raw
	 * mode, but another program might). */
	signal(SIGQUIT, SIG_IGN);
}

SCREEN *ui_terminal_start(void)
{
	SCREEN *term = newterm(NULL, stdout, stdin);
	if (!term) {
		char *t = text_sanitize(getenv("TERM") ? getenv("TERM") : "");
		fprintf(stderr,
			_("qudao: cannot use this terminal (TERM=%s): its description is not "
			  "installed. Set TERM to one that is, for example TERM=xterm-256color.\n"),
			t);
		free(t);
		return NULL;
	}
	set_term(term);
	/* A terminal that cannot place the cursor (TERM=dumb) would show an
	 * empty screen that still takes keys. */
	const char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		endwin();
		delscreen(term);
		char *t = text_sanitize(getenv("TERM") ? getenv("TERM") : "");
		fprintf(stderr,
			_("qudao: this terminal (TERM=%s) cannot place the cursor; run qudao in a "
			  "terminal window, with TERM naming it (for example TERM=xterm-256color).\n"),
			t);
		free(t);
		return NULL;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* Esc answers at once, not after curses' second. */
	set_escdelay(25);
	ui_colors_init();
	/* ncurses writes what it has after every cursor move until the screen
	 * has once come back from endwin (_nc_mvcur: "the screen has not been
	 * initialized"): 50 writes to the terminal for a frame, each waking
	 * the terminal, instead of one or two. Leaving and coming back before
	 * anything is drawn puts it in its running state. */
	endwin();
	doupdate();
	return term;
}

int ui_run(qd_db *db, const struct ui_options *o)
{
	struct ui *ui = xcalloc(1, sizeof *ui);
	ui->db = db;
	/* SQLite's 2 MB page cache for the screens that read a window at a
	 * time (the list, a distributor's picture): a larger cache costs a
	 * page fault for each new page, and the system's file cache serves
	 * their pages as fast. A tab that reads whole tables again and again
	 * (the scorecards) asks for more while it is shown (cache_mb). */
	db_set_cache_mb(db, screen_list.cache_mb);
	ui->user = o->user;
	ui->today = date_today();
	ui->generation = db_generation(db);
	const char *bench = getenv("QUDAO_BENCH_FRAMES");
	ui->bench_frames = bench && *bench == '1';
	SCREEN *term = ui_terminal_start();
	if (!term) {
		free(ui);
		return 1;
	}
	wtimeout(stdscr, UI_IDLE_MS);
	ui_signals();
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	/* Pastes marked by the terminal: see ui->pasting. */
	const char *paste_off = ui_paste_marks_on();
	db_set_busy_notify(db, ui_busy, ui);

	ui->tab_state[0] = screen_list.enter(ui, NULL);
	/* Drawn after every key; when idle, only when the data or the day
	 * changed. */
	bool redraw = true, idle_left = true, in_pause = false;
	int64_t drawn_at = 0;
	while (!ui->quit && !ui_stop && ui->tab_state[0]) {
		if (ui_follow_changes(ui))
			redraw = idle_left = true;
		/* Not while the rest of a paste waits (thousands of characters
		 * drew a frame each): the frame after its last key shows them
		 * all, and one at least every UI_FRAME_MS. (Only in a paste:
		 * keys and clicks that came together, skipped past a frame,
		 * lost clicks in the slow sanitizer build.) */
		if (redraw && (!ui->pasting || !ui_key_waiting(NULL) ||
			       ui_clock_ms() - drawn_at >= UI_FRAME_MS)) {
			ui_draw(ui);
			drawn_at = ui_clock_ms();
			ui->redraw_soon = false;
			redraw = false;
		}
		/* A screen reads ahead in a pause of the keys: a key that
		 * comes first goes first, then it goes on. */
		struct ui_frame top = ui_top(ui);
		int c;
		if (idle_left && top.screen->idle) {
			/* Once in a pause, its next step follows at once unless
			 * a key came: the steps are short, and what the first
			 * sorts need is read before the user's first look ends
			 * (a pause before each step made that take twice as
			 * long). */
			wtimeout(stdscr, in_pause ? 0 : UI_PAUSE_MS);
			c = wgetch(stdscr);
			wtimeout(stdscr, UI_IDLE_MS);
			if (c == ERR && ui->pasting) {
				/* A paste cut off before its end mark ends with
				 * the first pause. */
				ui_paste_ended(ui);
				redraw = true;
				continue;
			}
			if (c == ERR && ui_terminal_gone()) {
				/* To the branch below, which leaves. */
				idle_left = false;
				continue;
			}
			if (c == ERR) {
				/* A key typed meanwhile stops the step's reading
				 * (SQLite's progress handler polls for it) on a
				 * screen whose steps allow it: it goes first, and
				 * the step is done again in the next pause. A
				 * step that failed so says nothing. (The list
				 * stops its own counts; a page it reads ahead
				 * stopped would have ended the list there.) */
				if (top.screen->idle_stops)
					db_set_stop(db, ui_key_waiting, ui);
				idle_left = top.screen->idle(top.state, ui);
				bool stopped = top.screen->idle_stops && db_stopped(db);
				if (top.screen->idle_stops)
					db_set_stop(db, NULL, NULL);
				idle_left = idle_left || stopped;
				in_pause = !stopped;
				redraw = redraw || ui->redraw_soon;
				ui->redraw_soon = false;
				continue;
			}
		} else {
			c = wgetch(stdscr);
		}
		redraw = redraw || c != ERR;
		idle_left = idle_left || c != ERR;
		in_pause = in_pause && c == ERR;
		if (c == ERR && ui_terminal_gone()) {
			/* The hangup signal usually follows: it ends the loop as it
			 * always did (a process leaving before it arrives has had it
			 * reach its exit handlers: AddressSanitizer's leak check hung).
			 * Without one, leave after a second. */
			for (int i = 0; i < 50 && !ui_stop; i++)
				nanosleep(&(struct timespec){ 0, 20 * 1000000 }, NULL);
			break;
		}
		if (c == ERR && ui->pasting) {
			ui_paste_ended(ui);
			redraw = true;
		}
		/* The terminal may have cleared or reflowed what it showed: the
		 * next frame is drawn whole (a resize during a paste, whose
		 * frames were not drawn, left the old screen's rows). */
		if (c == KEY_RESIZE)
			clearok(curscr, TRUE);
		if (c == ERR || c == KEY_RESIZE)
			continue;
		if (c == KEY_MOUSE) {
			ui_mouse(ui);
			continue;
		}
		/* (A sequence pasted or Alt with a key: nothing.) */
		if (c == UI_KEY_ESC && ui_escape_sequence())
			continue;
		if (c == UI_KEY_PASTE_START || c == UI_KEY_PASTE_END) {
			if (c == UI_KEY_PASTE_START)
				ui_paste_started(ui);
			else
				ui_paste_ended(ui);
			continue;
		}
		/* A paste where keys are commands (the list, the map) would run
		 * its letters as commands, q quitting: it goes nowhere. */
		if (ui->pasting && !ui_takes_text(ui)) {
			ui->paste_dropped++;
			continue;
		}
		/* A paste is text: a line break or a tab in it is a space, not
		 * Enter (which would save a form half pasted) or the next
		 * field; other control keys in it are dropped. */
		bool line_end = c == '\r' || c == '\n' || c == KEY_ENTER;
		bool after_line_end = ui->paste_line_end;
		ui->paste_line_end = ui->pasting && line_end;
		if (ui->pasting && line_end && after_line_end) {
			/* CR LF (which a terminal may send as CR CR), or an empty
			 * line: one line break, one space. */
			continue;
		} else if (ui->pasting && (line_end || c == '\t')) {
			c = ' ';
			ui->paste_spaces++;
		} else if (ui->pasting && (c < 0x20 || c == 0x7f || c >= KEY_MIN)) {
			continue;
		}
		struct ui_key k = { (wint_t)c, c >= KEY_MIN };
		if (!k.code && c >= 0x80 && !ui_utf8_rest(c, &k.ch)) {
			ui_error(ui, "%s",
				 _("An invalid byte in the input was ignored (the terminal is not "
				   "sending UTF-8?)."));
			continue;
		}
		ui_key(ui, k);
	}
	db_set_busy_notify(db, NULL, NULL);
	while (ui->depth > 0)
		ui_pop(ui, false);
	for (int i = 0; i < UI_NTABS; i++)
		if (ui->tab_state[i])
			ui_tabs[i]->leave(ui->tab_state[i]);
	ui_help_free(ui);
	if (paste_off) {
		putp(paste_off);
		fflush(stdout);
	}
	endwin();
	delscreen(term);
	free(ui);
	return 0;
}
