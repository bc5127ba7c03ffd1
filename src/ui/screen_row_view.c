/* One row of a table in full: each column's title and its whole text,
 * wrapped to the width, its own line breaks kept. A narrow terminal cuts a
 * column (the reason of a status change, an invoice number, a visit's
 * summary); Enter on a row that has no screen of its own shows it here, Esc
 * goes back. The lines are a table in memory, scrolled as text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "table.h"
#include "ui.h"

/* A line: a column's title on its first line, a piece of its text. */
struct row_view_line {
	int64_t id; /* mem rows start with it */
	char *label, *text;
	bool empty; /* the column has no text: a dim dash */
};

struct row_view {
	struct table_mem mem; /* first: the table's ctx */
	char *title;
	int n;		      /* columns */
	char **label, **text; /* each column's title and whole text */
	struct row_view_line *lines;
	int nlines, width; /* the lines are wrapped to width */
	/* The titles' column is as wide as the widest title (at most a
	 * third of the width), right-aligned; the text takes the rest. */
	struct table_col cols[2];
	struct table table;
};

static const struct ui_help row_view_help[] = {
	{ N_("Esc"), N_("back"), true },
	{ N_("Up/Down, PgUp/PgDn"), N_("scroll"), true },
	{ NULL, NULL, false },
};

static void row_view_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			  size_t size, enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	(void)attr;
	const struct row_view_line *l = row;
	text_copy(buf, size, col == 0 ? l->label : l->text);
	if (col == 0 || l->empty)
		*color = UI_DIM;
}

static const struct table_source row_view_source = {
	.row_size = sizeof(struct row_view_line),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.find = table_mem_find,
	.count = table_mem_count,
	.cell = row_view_cell,
};

static void row_view_clear(struct row_view *s)
{
	for (int i = 0; i < s->nlines; i++)
		free(s->lines[i].text);
	free(s->lines);
	s->lines = NULL;
	s->nlines = 0;
}

static void row_view_add(struct row_view *s, char *label, char *text, bool empty)
{
	s->lines = xrealloc(s->lines, (size_t)(s->nlines + 1) * sizeof *s->lines);
	s->lines[s->nlines] = (struct row_view_line){ s->nlines + 1, label, text, empty };
	s->nlines++;
}

/* The lines for a width: each text wrapped beside its title, paragraph by
 * paragraph (a note of several lines keeps them), an empty one a dash. */
static void row_view_lines(struct row_view *s, struct ui *ui, int width)
{
	row_view_clear(s);
	s->width = width;
	int lw = 0;
	for (int i = 0; i < s->n; i++) {
		int w = text_width(s->label[i]);
		lw = w > lw ? w : lw;
	}
	s->cols[0].cells = lw < width / 3 ? lw : width / 3;
	int tw = width - s->cols[0].cells - 1;
	for (int i = 0; i < s->n; i++) {
		bool empty = !s->text[i][0];
		char *label = s->label[i];
		for (const char *p = empty ? "—" : s->text[i];;) {
			size_t len = strcspn(p, "\n");
			char *para = xstrndup(p, len), **wrapped;
			int k = text_wrap(para, tw > 1 ? tw : 1, &wrapped);
			for (int j = 0; j < k; j++) {
				row_view_add(s, label, wrapped[j], empty);
				label = "";
			}
			free(wrapped);
			free(para);
			if (!p[len])
				break;
			p += len + 1;
		}
	}
	s->mem = (struct table_mem){ s->lines, s->nlines, sizeof *s->lines };
	table_resize(&s->table, s->nlines);
	int top = s->table.top;
	table_load(&s->table, ui);
	table_scroll_text(&s->table, top);
}

static void *row_view_enter(struct ui *ui, void *arg)
{
	const struct row_view_req *req = arg;
	const struct table *t = req->table;
	const void *row = t ? table_selected(t) : NULL;
	if (t && !row)
		return NULL;
	struct row_view *s = xcalloc(1, sizeof *s);
	s->title = xstrdup(req->title ? req->title : "");
	int most = t ? t->ncols : req->n;
	s->label = xcalloc((size_t)most + 1, sizeof *s->label);
	s->text = xcalloc((size_t)most + 1, sizeof *s->text);
	for (int i = 0; !t && i < req->n; i++) {
		s->label[s->n] = xstrdup(req->labels[i]);
		s->text[s->n++] = xstrdup(req->texts[i] ? req->texts[i] : "");
	}
	/* Room for the longest free text the schema lets qudao write (2,000
	 * characters) many times over; a hostile file's larger one is cut. */
	enum { CELL = 65536 };
	char *buf = xmalloc(CELL);
	for (int c = 0; t && c < t->ncols; c++) {
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
	s->cols[0] = (struct table_col){ NULL, 1, 0, 0, true, -1 };
	s->cols[1] = (struct table_col){ NULL, 0, 10, 0, false, -1 };
	table_init(&s->table, s->cols, 2, &row_view_source, s, 3);
	s->table.header = false;
	s->table.focused = false;
	s->table.lines = true;
	return s;
}

static void row_view_leave(void *state)
{
	struct row_view *s = state;
	row_view_clear(s);
	table_free(&s->table);
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
	struct row_view *s = state;
	if (width - 2 != s->width)
		row_view_lines(s, ui, width - 2);
	table_draw(&s->table, ui, top + 2, 1, height - 2, width - 2);
	/* A terminal that grew shows no empty lines at the end. */
	int was = s->table.top;
	table_scroll_text(&s->table, 0);
	if (s->table.top != was)
		table_draw(&s->table, ui, top + 2, 1, height - 2, width - 2);
	/* The title once, with "3 of 20" (the first line shown) at its end
	 * when the text is longer than the screen. */
	table_draw_title(&s->table, top, width, s->title);
}

static void row_view_scroll(void *state, struct ui *ui, int by)
{
	(void)ui;
	table_scroll_text(&((struct row_view *)state)->table, by);
}

static int row_view_key(void *state, struct ui *ui, struct ui_key k)
{
	struct row_view *s = state;
	int by = table_text_key(&s->table, k);
	if (by) {
		table_scroll_text(&s->table, by);
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
