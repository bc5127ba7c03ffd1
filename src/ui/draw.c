/* Drawing helpers: the one place text reaches the terminal, always through
 * core/text, and the colour scheme with its monochrome twin. */
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <wchar.h>

#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "ui.h"

static bool ui_has_color;

void ui_colors_init(void)
{
	const char *no_color = getenv("NO_COLOR");
	ui_has_color = has_colors() && !(no_color && *no_color);
	if (!ui_has_color)
		return;
	start_color();
	use_default_colors();
	init_pair(UI_HEADER, COLOR_WHITE, COLOR_BLUE);
	init_pair(UI_TAB, COLOR_BLACK, COLOR_CYAN);
	init_pair(UI_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(UI_TITLE, COLOR_CYAN, -1);
	init_pair(UI_ERROR, COLOR_RED, -1);
	init_pair(UI_WARNING, COLOR_YELLOW, -1);
	init_pair(UI_GOOD, COLOR_GREEN, -1);
	init_pair(UI_DIM, COLOR_BLUE, -1);
	init_pair(UI_FIELD, COLOR_BLACK, COLOR_WHITE);
	/* Red to green; with 256 colours, a smoother ramp. */
	static const short scale8[5] = { COLOR_RED, COLOR_MAGENTA, COLOR_YELLOW, COLOR_CYAN,
					 COLOR_GREEN };
	static const short scale256[5] = { 203, 215, 227, 150, 77 };
	for (int i = 0; i < 5; i++)
		init_pair((short)(UI_SCALE_0 + i), COLOR_BLACK,
			  COLORS >= 256 ? scale256[i] : scale8[i]);
}

bool ui_has_colors(void)
{
	return ui_has_color;
}

attr_t ui_attr(enum ui_color c)
{
	if (c == UI_NORMAL)
		return A_NORMAL;
	if (ui_has_color) {
		attr_t a = COLOR_PAIR(c);
		if (c == UI_TITLE || c == UI_ERROR || c == UI_TAB)
			a |= A_BOLD;
		return a;
	}
	/* Without colour: reverse for bars and selection, bold and underline to
	 * tell the rest apart. */
	switch (c) {
	case UI_HEADER:
	case UI_SELECTED:
		return A_REVERSE;
	case UI_TAB:
		return A_BOLD;
	case UI_TITLE:
	case UI_ERROR:
		return A_BOLD;
	case UI_WARNING:
		return A_UNDERLINE;
	case UI_FIELD:
		return A_UNDERLINE;
	default:
		return A_NORMAL;
	}
}

int ui_text(int y, int x, int cells, const char *text, attr_t attr, bool align_right)
{
	if (cells <= 0)
		return 0;
	char *s = text_pad(text, cells, align_right);
	/* As wide characters: curses decodes UTF-8 a byte at a time, three
	 * times slower, and a frame draws a few hundred cells. */
	wchar_t stack[256], *w = stack;
	size_t len = strlen(s), n = 0;
	if (len >= sizeof stack / sizeof *stack)
		w = xmalloc((len + 1) * sizeof *w);
	for (const uint8_t *p = (const uint8_t *)s, *end = p + len; p < end;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, p, (size_t)(end - p));
		w[n++] = (wchar_t)uc;
		p += k > 0 ? k : 1;
	}
	w[n] = L'\0';
	attrset(attr);
	mvaddnwstr(y, x, w, (int)n);
	attrset(A_NORMAL);
	if (w != stack)
		free(w);
	free(s);
	return cells;
}

/* The fewest cells a cut tab is shown in. */
#define UI_TAB_LEAST 6

void ui_tab_bar(int y, int width, const char *const *labels, const attr_t *attrs, int n,
		int current, int *tab_x)
{
	int w[UI_TAB_BAR_MAX], total = 0;
	n = n < UI_TAB_BAR_MAX ? n : UI_TAB_BAR_MAX;
	for (int i = 0; i < n; i++) {
		w[i] = text_width(labels[i]);
		total += w[i];
	}
	int first = 0;
	if (total > width) {
		int upto = 1;
		for (int i = 0; i <= current && i < n; i++)
			upto += w[i];
		while (first < current && upto > width - 1) {
			upto -= w[first];
			first++;
		}
	}
	int x = 0;
	if (first > 0)
		x += ui_text(y, x, 1, "‹", ui_attr(UI_DIM), false);
	for (int i = 0; i < n; i++) {
		/* The ‹ is the cell of the tab just before those shown. */
		tab_x[i] = i < first ? 0 : x;
		if (i < first)
			continue;
		int room = width - x;
		bool last = i + 1 == n;
		/* A tab cut at the end leaves room for "›". */
		if (w[i] > room || (!last && w[i] == room))
			room = room > 1 ? room - 1 : 0;
		int cells = w[i] < room ? w[i] : room;
		/* Cut to a letter and "…" (" R…" of " Rebate 0 "), a tab says
		 * nothing: the › alone says there is more. */
		bool hidden = cells < w[i] && cells < UI_TAB_LEAST && i != current;
		if (hidden)
			cells = 0;
		x += ui_text(y, x, cells, labels[i], attrs[i], false);
		if (cells < w[i] || (x >= width - 1 && !last)) {
			/* The › is the cell of the tab just after those shown
			 * (of this one, when it is the last and cut, or not
			 * drawn at all). */
			bool mark = x < width;
			if (mark)
				ui_text(y, x, 1, "›", ui_attr(UI_DIM), false);
			for (int k = i + 1; k <= n; k++)
				tab_x[k] = mark && (hidden || k > i + 1) ? x + 1 : x;
			if (mark && last)
				tab_x[n] = x + 1;
			return;
		}
	}
	tab_x[n] = x;
}

int ui_text_wrapped(int y, int x, int cells, int max_lines, const char *text, attr_t attr)
{
	if (cells <= 0 || max_lines <= 0)
		return 0;
	char **lines;
	int n = text_wrap(text, cells, &lines);
	int shown = n < max_lines ? n : max_lines;
	/* Past max_lines, the last row takes the rest of the text as it was
	 * (Chinese breaks between characters, with no space to put back), cut
	 * with "…" where it must be: nothing is dropped without a sign. */
	const char *rest = text;
	for (int i = 0; i < shown; i++) {
		bool last = i == shown - 1 && n > shown && rest;
		ui_text(y + i, x, cells, last ? rest : lines[i], attr, false);
		size_t len = strlen(lines[i]);
		if (rest && !strncmp(rest, lines[i], len))
			rest += len + strspn(rest + len, " \n");
		else
			rest = NULL;
	}
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return shown;
}

char *ui_short_path_in(const char *message, const char *path, int cells)
{
	const char *at = *path ? strstr(message, path) : NULL;
	if (!at || cells < 2 || text_width(path) <= cells)
		return xstrdup(message);
	/* Its end, at most cells - 1 cells: the file's name and what of its
	 * folders fits. */
	return xasprintf("%.*s…%s%s", (int)(at - message), message, ui_text_tail(path, cells - 1),
			 at + strlen(path));
}

const char *ui_text_tail(const char *text, int cells)
{
	const char *tail = text + strlen(text);
	while (tail > text) {
		size_t back = text_prev_cluster(text, (size_t)(tail - text));
		if (text_width(text + back) > cells)
			break;
		tail = text + back;
	}
	return tail;
}

int ui_text_rows(const char *text, int cells, int max_lines)
{
	if (!text[0] || cells <= 0)
		return 0;
	char **lines;
	int n = text_wrap(text, cells, &lines);
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return n < 1 ? 1 : n > max_lines ? max_lines : n;
}

void ui_fill(int y, int x, int cells, attr_t attr)
{
	if (cells <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', cells);
	attrset(A_NORMAL);
}

void ui_box(int y, int x, int h, int w, const char *title)
{
	for (int r = y; r < y + h; r++)
		ui_fill(r, x, w, A_NORMAL);
	attrset(A_NORMAL);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title && *title) {
		int tw = text_width(title);
		if (tw > w - 4)
			tw = w - 4;
		ui_text(y, x + 2, tw, title, ui_attr(UI_TITLE), false);
	}
}
