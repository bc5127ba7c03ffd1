/* The application: one event loop owns input (wget_wch), resizing and the
 * single screen update per pass; screens are a const table of callbacks. */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/text.h"
#include "ui.h"

enum { UI_MIN_COLS = 40, UI_MIN_ROWS = 10, UI_MAX_DEPTH = 8, KEY_ESCAPE = 27 };

static const struct screen *const ui_tabs[] = {
	&screen_list,
	&screen_map,
	&screen_calendar,
	&screen_scorecards,
};
enum { UI_NTABS = sizeof ui_tabs / sizeof ui_tabs[0] };

struct ui_frame {
	const struct screen *screen;
	void *state;
};

struct ui {
	qd_db *db;
	const char *user;
	qd_date today;
	int tab;
	void *tab_state[UI_NTABS];
	struct ui_frame stack[UI_MAX_DEPTH];
	int depth;
	char message[512];
	bool message_error;
	char confirm[256];
	void (*confirm_yes)(struct ui *ui, void *arg);
	void *confirm_arg;
	bool help, quit;
	int cursor_y, cursor_x;
	bool cursor_on;
	int tab_x[UI_NTABS + 1]; /* where each tab starts in the header */
	bool bench_frames;	 /* QUDAO_BENCH_FRAMES: mark frame ends */
	int64_t focus_id;	 /* for the list: select this one on reload */
};

static const struct ui_help ui_global_help[] = {
	{ N_("1-4, Tab"), N_("switch screen"), false },
	{ N_("?, F1"), N_("help"), true },
	{ N_("q, F10"), N_("quit"), true },
	{ NULL, NULL, false },
};
/* In a form, ? and q are text: F1 helps and F10 quits there. */
static const struct ui_help ui_form_help[] = {
	{ N_("F1"), N_("help"), true },
	{ N_("F10"), N_("quit"), false },
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

void ui_db_error(struct ui *ui, const char *what)
{
	const char *detail = db_errdetail(ui->db);
	char line[1200];
	snprintf(line, sizeof line, "%s%s%s%s%s%s", what ? what : "", what ? ": " : "",
		 db_errmsg(ui->db), detail[0] ? " (" : "", detail, detail[0] ? ")" : "");
	ui_error(ui, "%s", line);
}

void ui_confirm(struct ui *ui, const char *question, void (*yes)(struct ui *ui, void *arg),
		void *arg)
{
	text_copy(ui->confirm, sizeof ui->confirm, question);
	ui->confirm_yes = yes;
	ui->confirm_arg = arg;
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
	void *state = screen->enter(ui, arg);
	if (!state)
		return;
	ui->stack[ui->depth++] = (struct ui_frame){ screen, state };
}

void ui_pop(struct ui *ui, bool changed)
{
	if (ui->depth == 0)
		return;
	struct ui_frame f = ui->stack[--ui->depth];
	f.screen->leave(f.state);
	if (changed) {
		/* Everything below may show what changed. */
		for (int i = ui->depth - 1; i >= 0; i--)
			if (ui->stack[i].screen->reload)
				ui->stack[i].screen->reload(ui->stack[i].state, ui);
		const struct screen *tab = ui_tabs[ui->tab];
		if (tab->reload && ui->tab_state[ui->tab])
			tab->reload(ui->tab_state[ui->tab], ui);
	}
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
	if (!ui->tab_state[tab])
		ui->tab_state[tab] = ui_tabs[tab]->enter(ui, NULL);
	if (ui->tab_state[tab])
		ui->tab = tab;
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

/* ---- drawing ---- */

static void ui_draw_header(struct ui *ui, int cols)
{
	ui_fill(0, 0, cols, ui_attr(UI_HEADER));
	int x = ui_text(0, 0, 7, " qudao ", ui_attr(UI_HEADER) | A_BOLD, false);
	for (int i = 0; i < UI_NTABS; i++) {
		char label[128];
		snprintf(label, sizeof label, " %d %s ", i + 1, _(ui_tabs[i]->name));
		int w = text_width(label);
		if (x + w > cols)
			w = cols - x;
		ui->tab_x[i] = x;
		x += ui_text(0, x, w, label, ui_attr(i == ui->tab ? UI_TAB : UI_HEADER), false);
	}
	ui->tab_x[UI_NTABS] = x;
	char today[DATE_BUF];
	date_format(ui->today, today);
	if (cols - x > DATE_BUF + 1)
		ui_text(0, cols - DATE_BUF, DATE_BUF - 1, today, ui_attr(UI_HEADER), true);
}

/* Draws the status-bar items of list from x while they fit before limit;
 * returns where it stopped. */
static int ui_draw_keys(const struct ui_help *list, int row, int x, int limit)
{
	for (const struct ui_help *h = list; h && h->key; h++) {
		if (!h->in_status_bar)
			continue;
		int kw = text_width(_(h->key)), ww = text_width(_(h->what));
		if (x + kw + ww + 3 > limit)
			break;
		ui_text(row, x + 1, kw, _(h->key), ui_attr(UI_HEADER) | A_BOLD, false);
		ui_text(row, x + 2 + kw, ww, _(h->what), ui_attr(UI_HEADER), false);
		x += kw + ww + 3;
	}
	return x;
}

/* The keys that matter here; help and quit keep their place on the right
 * and the screen's own keys get what is left. */
static void ui_draw_status(const struct screen *s, int row, int cols)
{
	ui_fill(row, 0, cols, ui_attr(UI_HEADER));
	const struct ui_help *global = s->takes_text ? ui_form_help : ui_global_help;
	int gw = 0;
	for (const struct ui_help *h = global; h->key; h++)
		if (h->in_status_bar)
			gw += text_width(_(h->key)) + text_width(_(h->what)) + 3;
	if (gw > cols)
		gw = 0;
	ui_draw_keys(s->help, row, 0, cols - gw);
	if (gw)
		ui_draw_keys(global, row, cols - gw, cols);
}

static void ui_draw_help(const struct screen *s, int rows, int cols)
{
	int n = 0, kw = 0, ww = 0;
	const struct ui_help *lists[] = { s->help, s->takes_text ? ui_form_help : ui_global_help };
	for (int l = 0; l < 2; l++)
		for (const struct ui_help *h = lists[l]; h && h->key; h++) {
			n++;
			int a = text_width(_(h->key)), b = text_width(_(h->what));
			kw = a > kw ? a : kw;
			ww = b > ww ? b : ww;
		}
	int w = kw + ww + 7, h = n + 4;
	if (w > cols - 2)
		w = cols - 2;
	if (h > rows - 2)
		h = rows - 2;
	int y = (rows - h) / 2, x = (cols - w) / 2;
	char title[160];
	snprintf(title, sizeof title, _("Keys: %s"), _(s->name));
	ui_box(y, x, h, w, title);
	int r = y + 1;
	for (int l = 0; l < 2; l++)
		for (const struct ui_help *hp = lists[l]; hp && hp->key && r < y + h - 2;
		     hp++, r++) {
			ui_text(r, x + 2, kw, _(hp->key), ui_attr(UI_TITLE), false);
			ui_text(r, x + 4 + kw, w - kw - 6, _(hp->what), A_NORMAL, false);
		}
	ui_text(y + h - 2, x + 2, w - 4, _("Press any key to close."), ui_attr(UI_DIM), false);
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
		top.screen->draw(top.state, ui, 1, rows - 3, cols);
		if (ui->confirm[0])
			ui_text(rows - 2, 0, cols, ui->confirm, ui_attr(UI_WARNING) | A_BOLD,
				false);
		else if (ui->message[0])
			ui_text(rows - 2, 0, cols, ui->message,
				ui->message_error ? ui_attr(UI_ERROR) : ui_attr(UI_GOOD), false);
		ui_draw_status(top.screen, rows - 1, cols);
		if (ui->help) {
			ui_draw_help(top.screen, rows, cols);
			ui->cursor_on = false;
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

/* ---- input ---- */

static void ui_mouse(struct ui *ui)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	struct ui_frame top = ui_top(ui);
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
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
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

static void ui_key(struct ui *ui, struct ui_key k)
{
	if (ui->confirm[0]) {
		void (*yes)(struct ui *, void *) = ui->confirm_yes;
		void *arg = ui->confirm_arg;
		ui->confirm[0] = '\0';
		if (!k.code && (k.ch == 'y' || k.ch == 'Y'))
			yes(ui, arg);
		return;
	}
	if (ui->help) {
		ui->help = false;
		return;
	}
	ui->message[0] = '\0';
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS) {
		if (!k.code && k.ch == 'q')
			ui_quit(ui);
		return;
	}
	/* F10 quits from anywhere, forms included, asking when an edit is unsaved. */
	if (k.code && k.ch == KEY_F(10)) {
		ui_quit(ui);
		return;
	}
	struct ui_frame top = ui_top(ui);
	if (top.screen->key(top.state, ui, k) == UI_HANDLED)
		return;
	if (k.code && k.ch == KEY_F(1)) {
		ui->help = true;
		return;
	}
	if (k.code)
		return;
	switch (k.ch) {
	case '?':
		ui->help = true;
		break;
	case 'q':
		ui_quit(ui);
		break;
	case '\t':
		ui_switch_tab(ui, (ui->tab + 1) % UI_NTABS);
		break;
	case '1':
	case '2':
	case '3':
	case '4':
		ui_switch_tab(ui, (int)(k.ch - '1'));
		break;
	case KEY_ESCAPE:
		if (ui->depth > 0 && !ui_any_unsaved(ui))
			ui_pop(ui, false);
		break;
	default:
		break;
	}
}

int ui_run(qd_db *db, const struct ui_options *o)
{
	struct ui *ui = calloc(1, sizeof *ui);
	if (!ui)
		return 1;
	ui->db = db;
	ui->user = o->user;
	ui->today = date_today();
	const char *bench = getenv("QUDAO_BENCH_FRAMES");
	ui->bench_frames = bench && *bench == '1';
	SCREEN *term = newterm(NULL, stdout, stdin);
	if (!term) {
		fprintf(stderr, _("qudao: cannot use this terminal (TERM=%s).\n"),
			getenv("TERM") ? getenv("TERM") : "");
		free(ui);
		return 1;
	}
	set_term(term);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	ui_colors_init();
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);

	ui->tab_state[0] = screen_list.enter(ui, NULL);
	while (!ui->quit && ui->tab_state[0]) {
		ui_draw(ui);
		wint_t ch;
		int rc = wget_wch(stdscr, &ch);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
			ui_mouse(ui);
			continue;
		}
		ui_key(ui, (struct ui_key){ ch, rc == KEY_CODE_YES });
	}
	while (ui->depth > 0)
		ui_pop(ui, false);
	for (int i = 0; i < UI_NTABS; i++)
		if (ui->tab_state[i])
			ui_tabs[i]->leave(ui->tab_state[i]);
	endwin();
	delscreen(term);
	free(ui);
	return 0;
}
