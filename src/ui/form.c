/* The line editor (cursor by grapheme cluster, CJK-aware) and labelled forms
 * built from it: Tab and Shift-Tab move, Enter submits, Esc cancels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "qudao/i18n.h"
#include "qudao/text.h"
#include "ui.h"

enum { KEY_ESCAPE = 27, KEY_CTRL_A = 1, KEY_CTRL_E = 5, KEY_CTRL_K = 11, KEY_CTRL_U = 21 };

void field_insert(struct form_field *field, wint_t ch)
{
	/* Controls never get in: not typed, not pasted. */
	if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) || ch > 0x10ffff)
		return;
	uint8_t buf[8];
	int n = u8_uctomb(buf, (ucs4_t)ch, sizeof buf);
	size_t len = strlen(field->value);
	if (n <= 0 || len + (size_t)n >= sizeof field->value)
		return;
	if (field->max_chars > 0 &&
	    u8_mbsnlen((const uint8_t *)field->value, len) >= (size_t)field->max_chars)
		return;
	memmove(field->value + field->cursor + n, field->value + field->cursor,
		len - field->cursor + 1);
	memcpy(field->value + field->cursor, buf, (size_t)n);
	field->cursor += (size_t)n;
}

static void field_delete(struct form_field *field, size_t from, size_t to)
{
	size_t len = strlen(field->value);
	memmove(field->value + from, field->value + to, len - to + 1);
	field->cursor = from;
}

bool field_edit_key(struct form_field *field, struct ui_key k, bool *edited)
{
	*edited = false;
	size_t len = strlen(field->value);
	if (field->cursor > len)
		field->cursor = len;
	if (k.code) {
		switch (k.ch) {
		case KEY_LEFT:
			field->cursor = text_prev_cluster(field->value, field->cursor);
			return true;
		case KEY_RIGHT:
			field->cursor += text_next_cluster(field->value + field->cursor);
			return true;
		case KEY_HOME:
			field->cursor = 0;
			return true;
		case KEY_END:
			field->cursor = len;
			return true;
		case KEY_BACKSPACE:
			break;
		case KEY_DC:
			if (field->cursor < len) {
				field_delete(field, field->cursor,
					     field->cursor + text_next_cluster(field->value +
									       field->cursor));
				*edited = true;
			}
			return true;
		default:
			return false;
		}
	}
	if ((k.code && k.ch == KEY_BACKSPACE) || (!k.code && (k.ch == 127 || k.ch == 8))) {
		if (field->cursor > 0) {
			field_delete(field, text_prev_cluster(field->value, field->cursor),
				     field->cursor);
			*edited = true;
		}
		return true;
	}
	switch (k.ch) {
	case KEY_CTRL_A:
		field->cursor = 0;
		return true;
	case KEY_CTRL_E:
		field->cursor = len;
		return true;
	case KEY_CTRL_U:
		field_delete(field, 0, field->cursor);
		*edited = true;
		return true;
	case KEY_CTRL_K:
		field->value[field->cursor] = '\0';
		*edited = true;
		return true;
	default:
		break;
	}
	if (k.ch >= 0x20 && k.ch != 0x7f) {
		field_insert(field, k.ch);
		*edited = true;
		return true;
	}
	return false;
}

void field_draw(struct form_field *field, struct ui *ui, int y, int x, int cells, bool focused)
{
	if (cells <= 0)
		return;
	attr_t attr = ui_attr(UI_FIELD);
	if (field->kind == FORM_CHOICE) {
		const char *label = field->nchoices ? _(field->choices[field->choice]) : "";
		char buf[300];
		snprintf(buf, sizeof buf, focused ? "< %s >" : "  %s  ", label);
		ui_text(y, x, cells, buf, attr, false);
		return;
	}
	char saved = field->value[field->cursor];
	field->value[field->cursor] = '\0';
	int cursor_cells = text_width(field->value);
	field->value[field->cursor] = saved;
	/* Keep the cursor inside the box, with room for it at the end. */
	if (cursor_cells < field->scroll)
		field->scroll = cursor_cells;
	if (cursor_cells > field->scroll + cells - 1)
		field->scroll = cursor_cells - (cells - 1);
	char *clean = text_sanitize(field->value);
	int skipped = 0;
	size_t skip = text_prefix_bytes(clean, field->scroll, &skipped);
	/* A wide character cut by the left edge is skipped whole. */
	if (skipped < field->scroll && clean[skip]) {
		skip += text_next_cluster(clean + skip);
		skipped = text_width(clean) - text_width(clean + skip);
	}
	ui_fill(y, x, cells, attr);
	int visible = cells - (skipped - field->scroll);
	ui_text(y, x + (skipped - field->scroll), visible, clean + skip, attr, false);
	free(clean);
	if (focused)
		ui_set_cursor(ui, y, x + cursor_cells - field->scroll);
}

void form_set(struct form_field *field, const char *value)
{
	text_copy(field->value, sizeof field->value, value ? value : "");
	field->cursor = strlen(field->value);
	field->scroll = 0;
}

void form_clear_errors(struct ui_form *f)
{
	for (int i = 0; i < f->n; i++)
		f->fields[i].error[0] = '\0';
}

void form_focus_error(struct ui_form *f)
{
	for (int i = 0; i < f->n; i++)
		if (f->fields[i].error[0]) {
			f->focus = i;
			return;
		}
}

static void form_move(struct ui_form *f, int by)
{
	f->focus = (f->focus + by + f->n) % f->n;
}

int form_key(struct ui_form *f, struct ui_key k)
{
	struct form_field *field = &f->fields[f->focus];
	if (k.code) {
		switch (k.ch) {
		case KEY_DOWN:
			form_move(f, 1);
			return FORM_MOVED;
		case KEY_UP:
		case KEY_BTAB:
			form_move(f, -1);
			return FORM_MOVED;
		case KEY_ENTER:
			return FORM_SUBMIT;
		default:
			break;
		}
	} else {
		switch (k.ch) {
		case '\t':
			form_move(f, 1);
			return FORM_MOVED;
		case '\n':
		case '\r':
			return FORM_SUBMIT;
		case KEY_ESCAPE:
			return FORM_CANCEL;
		default:
			break;
		}
	}
	if (field->kind == FORM_CHOICE) {
		int step = 0;
		if (k.code && k.ch == KEY_LEFT)
			step = -1;
		else if ((k.code && k.ch == KEY_RIGHT) || (!k.code && k.ch == ' '))
			step = 1;
		if (step && field->nchoices > 0) {
			field->choice = (field->choice + step + field->nchoices) % field->nchoices;
			f->dirty = true;
			field->error[0] = '\0';
			return FORM_EDITED;
		}
		return FORM_NONE;
	}
	bool edited;
	if (field_edit_key(field, k, &edited)) {
		if (edited) {
			f->dirty = true;
			field->error[0] = '\0';
			return FORM_EDITED;
		}
		return FORM_MOVED;
	}
	return FORM_NONE;
}

void form_draw(struct ui_form *f, struct ui *ui, int top, int height, int width)
{
	if (height <= 0)
		return;
	if (f->focus < f->top)
		f->top = f->focus;
	if (f->focus >= f->top + height)
		f->top = f->focus - height + 1;
	int label = 0;
	for (int i = 0; i < f->n; i++) {
		int w = text_width(_(f->fields[i].label));
		if (w > label)
			label = w;
	}
	if (label > width / 3)
		label = width / 3;
	f->label_cells = label;
	int box = width - label - 4;
	if (box > 44)
		box = 44;
	for (int row = 0; row < height && f->top + row < f->n; row++) {
		int i = f->top + row;
		struct form_field *field = &f->fields[i];
		bool focused = i == f->focus;
		int y = top + row;
		ui_text(y, 1, label, _(field->label), focused ? ui_attr(UI_TITLE) : A_NORMAL, true);
		mvaddstr(y, 1 + label, " ");
		field_draw(field, ui, y, 2 + label, box, focused);
		int rest = width - (3 + label + box);
		if (rest > 1) {
			if (field->error[0])
				ui_text(y, 3 + label + box, rest, field->error, ui_attr(UI_ERROR),
					false);
			else
				ui_text(y, 3 + label + box, rest, field->hint, ui_attr(UI_DIM),
					false);
		}
	}
}

void form_click(struct ui_form *f, int row)
{
	int i = f->top + row;
	if (i >= 0 && i < f->n)
		f->focus = i;
}
