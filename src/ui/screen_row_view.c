/* One row of a table in full: each column's title and its whole text,
 * wrapped to the width. A narrow terminal cuts a column (the reason of a
 * status change, an invoice number, a visit's summary); Enter on a row that
 * has no screen of its own shows it here, Esc goes back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "table.h"
#include "ui.h"

struct row_view {
	char *title;
	int n;
	char **label, **text;
	int top;     /* first line shown */
	int visible; /* lines the last draw had room for */
	int lines;   /* lines the last draw made */
};

static const struct ui_help row_view_help[] = {
	{ N_("Esc"), N_("back"), true },
	{ N_("Up/Down, PgUp/PgDn"), N_("scroll"), true },
	{ NULL, NULL, false },
};

/* text wrapped to cells, its own line breaks kept (a note of several
 * lines); an empty text is a dash. The caller frees the lines. */
static int row_view_wrap(const char *text, int cells, char ***out)
{
	int n = 0;
	char **lines = NULL;
	const char *p = text[0] ? text : "—";
	for (;;) {
		size_t len = strcspn(p, "\n");
		char *para = xstrndup(p, len), **wrapped;
		int k = text_wrap(para, cells, &wrapped);
		lines = xrealloc(lines, (size_t)(n + k + 1) * sizeof *lines);
		for (int i = 0; i < k; i++)
			lines[n++] = wrapped[i];
		free(wrapped);
		free(para);
		if (!p[len])
			break;
		p += len + 1;
	}
	*out = lines;
	return n;
}

static void *row_view_enter(struct ui *ui, void *arg)
{
	const struct row_view_req *req = arg;
	const struct table *t = req->table;
	const void *row = table_selected(t);
	if (!row)
		return NULL;
	struct row_view *s = xcalloc(1, sizeof *s);
	s->title = xstrdup(req->title ? req->title : "");
	s->label = xcalloc((size_t)t->ncols + 1, sizeof *s->label);
	s->text = xcalloc((size_t)t->ncols + 1, sizeof *s->text);
	/* Room for the longest free text the schema lets qudao write (2,000
	 * characters) many times over; a hostile file's larger one is cut. */
	enum { CELL = 65536 };
	char *buf = xmalloc(CELL);
	for (int c = 0; c < t->ncols; c++) {
		enum ui_color color = UI_NORMAL;
		attr_t attr = A_NORMAL;
		buf[0] = '\0';
		t->src->cell(t->ctx, ui, row, c, buf, CELL, &color, &attr);
		const char *title = t->cols[c].title;
		if (!title && !buf[0])
			continue;
		s->label[s->n] = xstrdup(title ? _(title) : "");
		s->text[s->n++] = xstrdup(buf);
	}
	free(buf);
	return s;
}

static void row_view_leave(void *state)
{
	struct row_view *s = state;
	for (int i = 0; i < s->n; i++) {
		free(s->label[i]);
		free(s->text[i]);
	}
	free(s->label);
	free(s->text);
	free(s->title);
	free(s);
}

static void row_view_draw(void *state, struct ui *ui, int top, int height, int width)
{
	(void)ui;
	struct row_view *s = state;
	/* The titles right-aligned in a column at most a third of the width;
	 * each text wrapped beside its title, an empty one a dash. */
	int lw = 0;
	for (int i = 0; i < s->n; i++) {
		int w = text_width(s->label[i]);
		lw = w > lw ? w : lw;
	}
	if (lw > (width - 2) / 3)
		lw = (width - 2) / 3;
	int tw = width - 4 - lw;
	if (tw < 1)
		tw = 1;
	s->visible = height - 2 > 0 ? height - 2 : 0;
	int line = 0;
	for (int i = 0; i < s->n; i++) {
		char **wrapped;
		int nw = row_view_wrap(s->text[i], tw, &wrapped);
		for (int k = 0; k < nw; k++, line++) {
			int y = line - s->top;
			if (y >= 0 && y < s->visible) {
				ui_text(top + 2 + y, 1, lw, k ? "" : s->label[i], ui_attr(UI_DIM),
					true);
				ui_fill(top + 2 + y, 1 + lw, 2, A_NORMAL);
				ui_text(top + 2 + y, 3 + lw, tw, wrapped[k],
					s->text[i][0] ? A_NORMAL : ui_attr(UI_DIM), false);
			}
			free(wrapped[k]);
		}
		free(wrapped);
	}
	s->lines = line;
	if (s->top > 0 && s->top > s->lines - s->visible) {
		/* A wider terminal needs fewer lines: no empty ones at the end. */
		s->top = s->lines - s->visible > 0 ? s->lines - s->visible : 0;
		row_view_draw(state, ui, top, height, width);
		return;
	}
	/* The title, once: cut before "1–20 of 34" when the text scrolls. */
	int w = 0;
	char pos[64] = "";
	if (s->lines > s->visible) {
		int last = s->top + s->visible < s->lines ? s->top + s->visible : s->lines;
		/* TRANSLATORS: which lines of a row's text are shown: 1–20 of 34. */
		snprintf(pos, sizeof pos, _("%d–%d of %d"), s->top + 1, last, s->lines);
		w = text_width(pos);
		if (w + 4 >= width)
			w = 0;
	}
	ui_text(top, 1, w ? width - w - 4 : width - 2, s->title, ui_attr(UI_TITLE) | A_BOLD,
		false);
	if (w) {
		ui_fill(top, width - w - 3, 2, A_NORMAL);
		ui_text(top, width - w - 1, w, pos, ui_attr(UI_DIM), true);
	}
}

static void row_view_scroll(void *state, struct ui *ui, int by)
{
	(void)ui;
	struct row_view *s = state;
	s->top += by;
	if (s->top > s->lines - s->visible)
		s->top = s->lines - s->visible;
	if (s->top < 0)
		s->top = 0;
}

static int row_view_key(void *state, struct ui *ui, struct ui_key k)
{
	struct row_view *s = state;
	int page = s->visible > 1 ? s->visible - 1 : 1;
	int by = ui_key_is_code(k, KEY_UP) || ui_key_is(k, 'k')		? -1
		 : ui_key_is_code(k, KEY_DOWN) || ui_key_is(k, 'j')	? 1
		 : ui_key_is_code(k, KEY_PPAGE)				? -page
		 : ui_key_is_code(k, KEY_NPAGE) || ui_key_is(k, ' ')	? page
		 : ui_key_is_code(k, KEY_HOME)				? -s->lines
		 : ui_key_is_code(k, KEY_END)				? s->lines
									: 0;
	if (by) {
		row_view_scroll(s, ui, by);
		return UI_HANDLED;
	}
	if (ui_key_is(k, UI_KEY_ESC) || ui_key_enter(k)) {
		ui_pop(ui, false);
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_row_view = {
	.name = N_("Row"),
	.enter = row_view_enter,
	.leave = row_view_leave,
	.draw = row_view_draw,
	.key = row_view_key,
	.wheel = row_view_scroll,
	.help = row_view_help,
};
