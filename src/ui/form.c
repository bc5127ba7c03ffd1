/* The line editor (cursor by grapheme cluster, CJK-aware, values as long as
 * the schema allows and refused, never cut, past it) and labelled forms built
 * from it: Tab and Shift-Tab move, Enter submits, Esc cancels. Pick fields
 * open a list of matches as they are typed (a territory by code, name or
 * pinyin), drawn by the table widget. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>

#include "qudao/calendar.h"
#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/pinyin.h"
#include "qudao/refdata.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "table.h"
#include "ui.h"

enum { PICK_MAX = 8 };

/* One match in a picker's list; mem rows start with their id. */
struct pick_row {
	int64_t id;
	struct ref_item item;
};

struct form_picker {
	struct table_mem mem; /* first: the table's ctx */
	struct pick_row rows[PICK_MAX];
	struct table table;
	bool open;
};

/* ---- the line editor ----------------------------------------------------- */

const char *field_value(const struct form_field *field)
{
	return field->value ? field->value : "";
}

static void field_reserve(struct form_field *field, size_t need)
{
	if (field->value && need < field->cap)
		return;
	size_t cap = field->cap ? field->cap : 32;
	while (cap <= need)
		cap *= 2;
	field->value = xrealloc(field->value, cap);
	if (!field->cap)
		field->value[0] = '\0';
	field->cap = cap;
}

bool field_insert(struct form_field *field, wint_t ch)
{
	/* Controls never get in: not typed, not pasted. */
	if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) || ch > 0x10ffff ||
	    (ch >= 0xd800 && ch < 0xe000)) {
		text_copy(field->error, sizeof field->error,
			  _("Control characters cannot be typed into a field."));
		return false;
	}
	/* Nor the invisible ones that would make a name differ from the one
	 * it looks like (pasted from a web page, a chat). */
	if (text_is_hidden((uint32_t)ch)) {
		text_copy(field->error, sizeof field->error,
			  _("Invisible and direction characters (U+200B, U+202E…) cannot be "
			    "typed into a field; it was left out."));
		return false;
	}
	uint8_t buf[8];
	int n = u8_uctomb(buf, (ucs4_t)ch, sizeof buf);
	if (n <= 0)
		return false;
	field_reserve(field, field->len + (size_t)n + 1);
	if (field->max_chars > 0 &&
	    u8_mbsnlen((const uint8_t *)field->value, field->len) >= (size_t)field->max_chars) {
		snprintf(field->error, sizeof field->error,
			 ngettext("%s holds at most %d character.",
				  "%s holds at most %d characters.",
				  (unsigned long)field->max_chars),
			 field->label ? _(field->label) : _("This field"), field->max_chars);
		return false;
	}
	memmove(field->value + field->cursor + n, field->value + field->cursor,
		field->len - field->cursor + 1);
	memcpy(field->value + field->cursor, buf, (size_t)n);
	field->cursor += (size_t)n;
	field->len += (size_t)n;
	return true;
}

static void field_delete(struct form_field *field, size_t from, size_t to)
{
	memmove(field->value + from, field->value + to, field->len - to + 1);
	field->len -= to - from;
	field->cursor = from;
}

bool field_edit_key(struct form_field *field, struct ui_key k, bool *edited)
{
	*edited = false;
	field_reserve(field, 1);
	if (field->cursor > field->len)
		field->cursor = field->len;
	if (field->selected) {
		field->selected = false;
		bool erase = (k.code && (k.ch == KEY_BACKSPACE || k.ch == KEY_DC)) ||
			     (!k.code && (k.ch == 127 || k.ch == 8));
		if (erase || (!k.code && k.ch >= 0x20)) {
			field_delete(field, 0, field->len);
			*edited = true;
			if (erase)
				return true;
		}
	}
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
			field->cursor = field->len;
			return true;
		case KEY_BACKSPACE:
			break;
		case KEY_DC:
			if (field->cursor < field->len) {
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
	case UI_KEY_CTRL_A:
		field->cursor = 0;
		return true;
	case UI_KEY_CTRL_E:
		field->cursor = field->len;
		return true;
	case UI_KEY_CTRL_U:
		field_delete(field, 0, field->cursor);
		*edited = true;
		return true;
	case UI_KEY_CTRL_K:
		field->value[field->cursor] = '\0';
		field->len = field->cursor;
		*edited = true;
		return true;
	default:
		break;
	}
	if (k.ch >= 0x20 && k.ch != 0x7f) {
		/* (Still edited when the character is refused after a
		 * selection was deleted: the search follows the empty text.) */
		*edited = field_insert(field, field->ascii ? (wint_t)text_ascii_of(k.ch) : k.ch) ||
			  *edited;
		return true;
	}
	return false;
}

/* The label a choice field shows for choice i. */
static const char *choice_label(const struct form_field *field, int i)
{
	return field->choices_are_data ? field->choices[i] : _(field->choices[i]);
}

/* The first choice after the current one (round to it) whose label begins
 * with the character c, an ASCII letter in either case; -1 for none. */
static int choice_beginning(const struct form_field *field, wint_t c)
{
	for (int j = 1; j <= field->nchoices; j++) {
		int i = (field->choice + j) % field->nchoices;
		const char *label = choice_label(field, i);
		ucs4_t first = 0;
		if (!label[0] || u8_mbtouc(&first, (const uint8_t *)label, strlen(label)) <= 0)
			continue;
		if (first < 0x80 && c < 0x80 ? tolower((int)first) == tolower((int)c)
					     : first == (ucs4_t)c)
			return i;
	}
	return -1;
}

void field_draw(struct form_field *field, struct ui *ui, int y, int x, int cells, bool focused)
{
	if (cells <= 0)
		return;
	attr_t attr = ui_attr(UI_FIELD);
	if (field->off) {
		ui_fill(y, x, cells, A_NORMAL);
		ui_text(y, x, cells, "  —", ui_attr(UI_DIM), false);
		return;
	}
	if (field->fixed) {
		ui_fill(y, x, cells, A_NORMAL);
		ui_text(y, x + 1, cells - 1, field_value(field), ui_attr(UI_DIM), false);
		return;
	}
	if (field->kind == FORM_CHOICE) {
		const char *label = field->nchoices ? choice_label(field, field->choice) : "";
		char buf[300];
		snprintf(buf, sizeof buf, focused ? "< %s >" : "  %s  ", label);
		ui_text(y, x, cells, buf, attr, false);
		return;
	}
	const char *value = field_value(field);
	char *before = xstrndup(value, field->cursor);
	int cursor_cells = text_width(before);
	free(before);
	/* A field not being edited shows its start; the one being edited
	 * keeps the cursor inside the box, with room for it at the end. */
	if (!focused)
		field->scroll = 0;
	else if (cursor_cells < field->scroll + (field->scroll > 0))
		/* Moving left, the cursor stays off the first cell while the
		 * start is hidden: that cell says so (‹). */
		field->scroll = cursor_cells > 0 ? cursor_cells - 1 : 0;
	/* The character at the cursor whole in the box (a wide one at its
	 * last cell was cut to the "…"). */
	int under = 1;
	if (focused && value[field->cursor]) {
		char *at = xstrndup(value + field->cursor,
				    text_next_cluster(value + field->cursor));
		int w = text_width(at);
		/* (At most the box: one cell wide, the cursor stays in it.) */
		under = w < 1 ? 1 : w > cells ? cells : w;
		free(at);
	}
	/* ... and the … after it when text follows beyond the box (moving
	 * right, the cursor stood on the …, its character hidden). */
	int total = text_width(value);
	int room = under + (total > cursor_cells + under ? 1 : 0);
	if (focused && cursor_cells + room > field->scroll + cells)
		field->scroll = cursor_cells + room - cells;
	/* Text deleted: no more hidden on the left than the box needs to show
	 * the end with room for the cursor (a box nearly empty kept its start
	 * hidden, a character back at a time). */
	if (focused && field->scroll > 0 && field->scroll > total + 1 - cells)
		field->scroll = total + 1 - cells > 0 ? total + 1 - cells : 0;
	char *clean = text_sanitize(value);
	/* Text out of the box on the left is marked ‹ in the box's first
	 * cell (a file name cut at 50 columns read "corecards-…", as if that
	 * were all of it), where the cursor never is then; on the right,
	 * ui_text ends it with "…". */
	int lead = field->scroll > 0 && cells > 2 && cursor_cells > field->scroll ? 1 : 0;
	int from = field->scroll + lead, skipped = 0;
	size_t skip = text_prefix_bytes(clean, from, &skipped);
	/* A wide character cut by the left edge is skipped whole. */
	if (skipped < from && clean[skip]) {
		skip += text_next_cluster(clean + skip);
		skipped = text_width(clean) - text_width(clean + skip);
	}
	ui_fill(y, x, cells, attr);
	int visible = cells - (skipped - field->scroll);
	/* Cut here, the "…" in the box's last cell where the cursor never
	 * is: ui_text's cut drops a space before it, and the "…" then sat
	 * under the cursor. */
	const char *shown = clean + skip;
	char *cut = NULL;
	if (visible > 1 && text_width(shown) > visible) {
		size_t keep = text_prefix_bytes(shown, visible - 1, NULL);
		cut = xasprintf("%.*s…", (int)keep, shown);
	}
	ui_text(y, x + (skipped - field->scroll), visible, cut ? cut : shown,
		focused && field->selected ? attr | A_REVERSE : attr, false);
	free(cut);
	if (lead)
		ui_text(y, x, 1, "‹", attr | A_BOLD, false);
	free(clean);
	if (focused)
		ui_set_cursor(ui, y, x + cursor_cells - field->scroll);
}

void form_set(struct form_field *field, const char *value)
{
	size_t n = value ? strlen(value) : 0;
	field_reserve(field, n + 1);
	memcpy(field->value, value ? value : "", n + 1);
	field->len = n;
	field->cursor = n;
	field->scroll = 0;
}

void field_free(struct form_field *field)
{
	free(field->value);
	field->value = NULL;
	field->len = field->cap = 0;
	if (field->picker) {
		table_free(&field->picker->table);
		free(field->picker);
		field->picker = NULL;
	}
}

void form_free(struct ui_form *f)
{
	for (int i = 0; i < f->n; i++)
		field_free(&f->fields[i]);
}

void form_clear_errors(struct ui_form *f)
{
	for (int i = 0; i < f->n; i++)
		f->fields[i].error[0] = '\0';
}

static void form_discard(struct ui *ui, void *arg)
{
	(void)arg;
	ui_pop(ui, false);
	ui_message(ui, "%s", _("Changes discarded."));
}

int form_screen_answer(struct ui_form *f, struct ui *ui, int r, struct ui_key k)
{
	const struct form_field *at = &f->fields[f->focus];
	switch (r) {
	case FORM_CANCEL:
		if (f->dirty)
			ui_confirm(ui, _("Discard the changes? (y/n)"), form_discard, NULL);
		else
			ui_pop(ui, false);
		return UI_HANDLED;
	case FORM_REFUSED:
		ui_error(ui, "%s", at->error);
		return UI_HANDLED;
	case FORM_MOVED:
		if (at->error[0])
			ui_remind(ui, "%s", at->error);
		return UI_HANDLED;
	default:
		return k.code && k.ch == KEY_F(1) ? UI_UNHANDLED : UI_HANDLED;
	}
}

void form_date_why(struct form_field *field)
{
	if (field->error[0] && *field_value(field))
		calendar_date_refusal(field_value(field), field->error, sizeof field->error);
}

void form_refused(const struct ui_form *f, struct ui *ui)
{
	int n = 0;
	for (int i = 0; i < f->n; i++)
		n += f->fields[i].error[0] != '\0';
	form_refused_count(ui, n);
}

void form_refused_count(struct ui *ui, int n)
{
	if (n <= 1)
		ui_error(ui, "%s", _("Not saved: a field needs correcting."));
	else
		ui_error(ui,
			 ngettext("Not saved: %d field needs correcting.",
				  "Not saved: %d fields need correcting.", (unsigned long)n),
			 n);
}

void form_focus_error(struct ui_form *f)
{
	for (int i = 0; i < f->n; i++)
		if (f->fields[i].error[0] && !f->fields[i].off) {
			f->focus = i;
			return;
		}
}

/* ---- pickers ------------------------------------------------------------- */

static const struct table_col pick_cols[] = {
	{ NULL, 10, 0, 0, false, -1 },
	{ NULL, 0, 8, 0, false, -1 },
	{ NULL, 14, 0, 1, false, -1 },
};

static void pick_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
		      enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	(void)attr;
	const struct pick_row *r = row;
	const char *text = col == 0 ? r->item.code : col == 1 ? r->item.name : r->item.detail;
	if (col == 2)
		*color = UI_DIM;
	text_copy(buf, size, text);
}

static const struct table_source pick_source = {
	.row_size = sizeof(struct pick_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.cell = pick_cell,
};

/* What the picker looks up and completes: the whole value, or in a multi
 * field the code at the cursor; [*start, *end) of the value. */
static void pick_span(const struct form_field *field, size_t *start, size_t *end)
{
	if (field->multi) {
		refdata_code_list_token(field_value(field), field->cursor, start, end);
	} else {
		*start = 0;
		*end = field->len;
	}
}

/* Looks the typed text up and opens the list (closed when nothing matches). */
static void pick_refresh(struct form_field *field, struct ui *ui)
{
	struct form_picker *p = field->picker;
	if (!p) {
		p = field->picker = xcalloc(1, sizeof *p);
		p->mem.rows = p->rows;
		p->mem.row_size = sizeof p->rows[0];
		table_init(&p->table, pick_cols, 3, &pick_source, p, PICK_MAX);
		p->table.header = false;
	}
	struct ref_item items[PICK_MAX];
	size_t start, end;
	pick_span(field, &start, &end);
	/* In a list, what is typed of the code so far. */
	if (field->multi)
		end = field->cursor;
	char *query = xstrndup(field_value(field) + start, end - start);
	int n = field->pick(ui, query, items, PICK_MAX);
	free(query);
	if (n < 0) {
		ui_db_error(ui, NULL);
		n = 0;
	}
	for (int i = 0; i < n; i++) {
		p->rows[i].id = i + 1;
		p->rows[i].item = items[i];
	}
	p->mem.n = n;
	p->open = n > 0;
	/* A whole code typed by hand is named beside it, as if picked (the
	 * search puts the exact code first). */
	if (!field->multi && n > 0 && !strcasecmp(items[0].code, field_value(field)))
		text_copy(field->hint, sizeof field->hint, items[0].name);
	table_load(&p->table, ui);
}

int form_pick_only(struct form_field *field, struct ui *ui, struct ref_item *picked)
{
	struct ref_item two[2];
	int n = field->pick ? field->pick(ui, field_value(field), two, 2) : 0;
	if (n < 0) {
		ui_db_error(ui, NULL);
		return -1;
	}
	if (n == 1) {
		form_set(field, two[0].code);
		text_copy(field->hint, sizeof field->hint, two[0].name);
		if (picked)
			*picked = two[0];
	}
	return n;
}

qd_rc form_ref_lookup(struct form_field *field, struct ui *ui,
		      qd_rc (*by_code)(qd_db *db, const char *code, struct ref_item *out),
		      const char *what, struct ref_item *out)
{
	qd_rc rc = by_code(ui_db(ui), field_value(field), out);
	if (rc == DB_NOTFOUND) {
		char unknown[sizeof field->error];
		text_copy(unknown, sizeof unknown, db_errmsg(ui_db(ui)));
		/* The picker reads the same rows as by_code. */
		int n = form_pick_only(field, ui, out);
		if (n < 0)
			return DB_ERROR;
		if (n != 1) {
			text_copy(
				field->error, sizeof field->error,
				n > 1 ? _("More than one matches: pick one from the list (Space).")
				      : unknown);
			return DB_NOTFOUND;
		}
		return DB_OK;
	}
	if (rc) {
		ui_db_error(ui, _(what));
		rc = DB_ERROR;
	}
	return rc;
}

/* Whether the field holds a whole code of its kind, as typed. */
static bool form_pick_is_code(const struct form_field *field, struct ui *ui)
{
	struct ref_item one;
	/* The search puts the exact code first. */
	return field->pick(ui, field_value(field), &one, 1) == 1 &&
	       !strcasecmp(one.code, field_value(field));
}

static void pick_close(struct form_field *field)
{
	if (field->picker)
		field->picker->open = false;
}

/* Takes the highlighted match: its code in the field (in a multi field in
 * place of the code at the cursor, with a separator after it for the next
 * one), its name as the hint. */
static void pick_accept(struct form_field *field)
{
	const struct pick_row *r = table_selected(&field->picker->table);
	if (r) {
		size_t start, end;
		pick_span(field, &start, &end);
		const char *v = field_value(field);
		const char *sep = field->multi && !v[end] ? ", " : "";
		char *joined = xasprintf("%.*s%s%s%s", (int)start, v, r->item.code, sep, v + end);
		size_t cursor = start + strlen(r->item.code) + strlen(sep);
		form_set(field, joined);
		field->cursor = cursor;
		free(joined);
		text_copy(field->hint, sizeof field->hint, r->item.name);
		field->error[0] = '\0';
	}
	pick_close(field);
}

/* Moves the focus by fields (the list of matches closes). */
static void form_move(struct ui_form *f, int by)
{
	pick_close(&f->fields[f->focus]);
	/* Over the fields that are off, to the next one that is not. */
	for (int tries = 0; tries < f->n; tries++) {
		f->focus = (f->focus + by + f->n) % f->n;
		if (!f->fields[f->focus].off && !f->fields[f->focus].fixed)
			break;
	}
}

/* Keys for an open picker: moving in it, taking a match, closing it. */
static int pick_key(struct ui_form *f, struct form_field *field, struct ui *ui, struct ui_key k)
{
	struct table *t = &field->picker->table;
	if (ui_key_is_code(k, KEY_DOWN) || ui_key_is_code(k, KEY_UP) ||
	    ui_key_is_code(k, KEY_NPAGE) || ui_key_is_code(k, KEY_PPAGE)) {
		table_key(t, ui, k);
		return FORM_MOVED;
	}
	if (ui_key_enter(k)) {
		pick_accept(field);
		f->dirty = true;
		/* Taken: on to the next field, as Tab would (a field of several
		 * values stays for the next one). */
		if (!field->multi)
			form_move(f, 1);
		return FORM_EDITED;
	}
	if (ui_key_is(k, UI_KEY_ESC)) {
		pick_close(field);
		return FORM_MOVED;
	}
	return FORM_NONE;
}

int form_pick_territory(struct ui *ui, const char *query, struct ref_item *out, int max)
{
	return db_ref_territory_search(ui_db(ui), query, out, max);
}

int form_pick_rep(struct ui *ui, const char *query, struct ref_item *out, int max)
{
	return db_ref_rep_search(ui_db(ui), query, out, max);
}

int form_pick_region(struct ui *ui, const char *query, struct ref_item *out, int max)
{
	return db_ref_region_search(ui_db(ui), query, out, max);
}

int form_pick_distributors(struct ui *ui, const char *query, unsigned status_mask,
			   struct ref_item *out, int max)
{
	if (max <= 0)
		return 0;
	int n = db_ref_distributor_code_search(ui_db(ui), query, status_mask, out, max);
	if (n < 0)
		return -1;
	struct dist_filter f;
	memset(&f, 0, sizeof f);
	f.status_mask = status_mask;
	text_copy(f.search, sizeof f.search, query);
	/* More than are shown, so that the names that begin with the query
	 * are among them even when many others (in name order before them)
	 * hold it inside. */
	int want = max * 8 < 200 ? max * 8 : 200;
	struct dist_row *rows = xcalloc((size_t)want, sizeof *rows);
	int m = db_dist_page(ui_db(ui), &f, DIST_SORT_NAME, false, NULL, false, ui_today(ui), rows,
			     want);
	/* After the codes, the names that begin with it, then the rest. */
	for (int pass = 0; pass < 2 && m > 0; pass++)
		for (int i = 0; i < m && n < max; i++) {
			if ((pass == 0) != (pinyin_match_start(query, rows[i].name) != 0))
				continue;
			bool dup = false;
			for (int k = 0; k < n && !dup; k++)
				dup = out[k].id == rows[i].id;
			if (dup)
				continue;
			memset(&out[n], 0, sizeof out[n]);
			out[n].id = rows[i].id;
			text_copy(out[n].code, sizeof out[n].code, rows[i].code);
			text_copy(out[n].name, sizeof out[n].name, rows[i].name);
			text_copy(out[n].detail, sizeof out[n].detail, rows[i].territory);
			n++;
		}
	free(rows);
	return m < 0 ? -1 : n;
}

/* ---- forms ---------------------------------------------------------------- */

/* Spaces at either end of a typed value are nobody's data (a copied cell's
 * line end, now a space; a space typed by habit): they go before the form
 * is read. */
static int form_submit(struct ui_form *f)
{
	for (int i = 0; i < f->n; i++) {
		struct form_field *field = &f->fields[i];
		if (field->kind == FORM_CHOICE || field->fixed || !field->len)
			continue;
		const char *v = field_value(field);
		size_t a = text_trim_start(v, field->len);
		size_t b = a + text_trim_end(v + a, field->len - a);
		/* Composed as an import composes it (csv.c): "e" and a combining
		 * acute pasted from elsewhere would differ from the same name
		 * imported, and one would not find the other. */
		char *t = text_nfc(v + a, b - a);
		if (t && strcmp(t, v))
			form_set(field, t);
		free(t);
	}
	return FORM_SUBMIT;
}

int form_key(struct ui_form *f, struct ui *ui, struct ui_key k)
{
	struct form_field *field = &f->fields[f->focus];
	if (field->kind == FORM_PICK && field->picker && field->picker->open) {
		int r = pick_key(f, field, ui, k);
		if (r != FORM_NONE)
			return r;
	}
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
			return form_submit(f);
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
			return form_submit(f);
		case UI_KEY_ESC:
			return FORM_CANCEL;
		default:
			break;
		}
	}
	if (field->kind == FORM_CHOICE) {
		/* A paste is not a choice (its spaces stepped through them). */
		if (ui && ui_pasting(ui)) {
			snprintf(field->error, sizeof field->error, "%s",
				 _("A choice is not pasted: choose with Space or the arrow keys."));
			return FORM_REFUSED;
		}
		int step = 0;
		if (k.code && k.ch == KEY_LEFT)
			step = -1;
		else if ((k.code && k.ch == KEY_RIGHT) || (!k.code && k.ch == ' '))
			step = 1;
		else if (!k.code && k.ch > ' ' && k.ch != 0x7f) {
			/* A character chooses the next choice it begins (a letter
			 * in either case); another says how to choose. */
			int at = choice_beginning(field, k.ch);
			if (at < 0) {
				snprintf(field->error, sizeof field->error, "%s",
					 _("Choose with Space or the arrow keys."));
				return FORM_REFUSED;
			}
			step = at == field->choice ? 0 : at - field->choice;
			if (!step)
				return FORM_NONE;
		}
		if (step && field->nchoices > 0) {
			field->choice = (field->choice + step + field->nchoices) % field->nchoices;
			f->dirty = true;
			field->error[0] = '\0';
			return FORM_EDITED;
		}
		return FORM_NONE;
	}
	/* Space in a picker field lists its matches when nothing is typed
	 * (nothing starts with a space) or a whole code is (a code has no
	 * space). After a name's first word (Inner Mongolia) it is typed, as
	 * in a field that finds distributors by name. */
	if (field->kind == FORM_PICK && !k.code && k.ch == ' ' && ui &&
	    (field->len == 0 || (!field->multi && form_pick_is_code(field, ui)))) {
		pick_refresh(field, ui);
		if (!field->picker->open)
			ui_error(ui, _("Nothing matches \"%s\"."), field_value(field));
		return FORM_NONE;
	}
	/* An error stays until the value changes; a refused character says so. */
	char was[sizeof field->error];
	memcpy(was, field->error, sizeof was);
	field->error[0] = '\0';
	bool edited;
	if (field_edit_key(field, k, &edited)) {
		if (edited) {
			f->dirty = true;
			if (field->kind == FORM_PICK && ui) {
				field->hint[0] = '\0';
				/* Emptied, it holds no value (a filter's "any"):
				 * no list of every match, the first of which
				 * Enter would take. Space lists them. */
				size_t start, end;
				pick_span(field, &start, &end);
				if (field->multi ? field->cursor == start : field->len == 0)
					pick_close(field);
				else
					pick_refresh(field, ui);
			}
			return FORM_EDITED;
		}
		if (field->error[0])
			return FORM_REFUSED;
		memcpy(field->error, was, sizeof was);
		return FORM_MOVED;
	}
	memcpy(field->error, was, sizeof was);
	return FORM_NONE;
}

/* The open picker of the focused field, drawn under it over what follows. */
static void form_draw_picker(struct ui_form *f, struct ui *ui, int y, int x, int bottom, int width)
{
	struct form_field *field = &f->fields[f->focus];
	if (field->kind != FORM_PICK || !field->picker || !field->picker->open)
		return;
	struct form_picker *p = field->picker;
	int rows = p->mem.n, below = bottom - y - 1, above = y - 1;
	if (rows > below && above > below) {
		/* More room above than below, where not all would show (a
		 * field near the foot of a short terminal): above the field. */
		rows = rows < above ? rows : above;
		y -= rows + 1;
	} else if (rows > below) {
		rows = below;
	}
	if (rows < 1 || width < 20)
		return;
	/* Nothing of the fields below shows through the list. */
	for (int r = 0; r < rows; r++)
		ui_fill(y + 1 + r, x, COLS - x, A_NORMAL);
	p->table.focused = true;
	table_draw(&p->table, ui, y + 1, x, rows, width);
}

/* The focused field's error, or else its hint, when it is too long for the
 * room beside its box: wrapped into *lines to be drawn in full under the
 * fields (the first FORM_NOTE_LINES of them). Returns how many lines (0: it
 * fits). */
enum { FORM_NOTE_LINES = 2 };
static int form_note(const struct ui_form *f, int rest, int width, char ***lines)
{
	*lines = NULL;
	if (f->focus < 0 || f->focus >= f->n || width < 20)
		return 0;
	const struct form_field *ff = &f->fields[f->focus];
	const char *note = ff->error[0] ? ff->error : ff->off ? "" : ff->hint;
	if (!note[0] || text_width(note) <= rest)
		return 0;
	return text_wrap(note, width - 2, lines);
}

/* A field's box: the form's (box cells), or its own, up to the room. */
static int form_box(const struct form_field *field, int box, int room)
{
	return field->box_cells <= 0 ? box : field->box_cells < room ? field->box_cells : room;
}

void form_draw(struct ui_form *f, struct ui *ui, int top, int height, int width)
{
	if (height <= 0)
		return;
	int label = 0;
	for (int i = 0; i < f->n; i++) {
		int w = text_width(_(f->fields[i].label));
		if (w > label)
			label = w;
	}
	/* A third of the width for the labels; more when every box is narrow
	 * (numbers), keeping 30 columns for the hints. */
	int cap = width / 3, widest_box = 0;
	for (int i = 0; i < f->n && widest_box >= 0; i++)
		widest_box = f->fields[i].box_cells <= 0 ? -1
			     : f->fields[i].box_cells > widest_box ? f->fields[i].box_cells
								     : widest_box;
	if (widest_box > 0 && width - 4 - widest_box - 30 > cap)
		cap = width - 4 - widest_box - 30;
	if (label > cap)
		label = cap;
	f->label_cells = label;
	int room = width - label - 4, box = room > 44 ? 44 : room;
	/* Room for the focused field's error or hint in full, when it is cut
	 * beside its box and the form has the rows. */
	char **note = NULL;
	int nnote = 0, shown = 0;
	if (f->focus >= 0 && f->focus < f->n) {
		const struct form_field *ff = &f->fields[f->focus];
		int fb = form_box(ff, box, room);
		nnote = form_note(f, width - (3 + label + fb), width, &note);
		shown = nnote < FORM_NOTE_LINES ? nnote : FORM_NOTE_LINES;
		/* Not twice: the message line may say the error whole already
		 * (after the field's label), on up to three rows above the
		 * status bar. A hint takes only rows no field needs: it never
		 * hides a field. */
		const char *said = ui_said(ui);
		size_t ns = strlen(said), ne = strlen(ff->error);
		if (height - shown < 3 ||
		    (ff->error[0] && ns >= ne && !strcmp(said + ns - ne, ff->error) &&
		     text_width(said) < 3 * (width - 1)) ||
		    (!ff->error[0] && f->n > height - shown))
			shown = 0;
		height -= shown;
	}
	if (f->focus < f->top)
		f->top = f->focus;
	if (f->focus >= f->top + height)
		f->top = f->focus - height + 1;
	/* No empty rows under the last field while fields are hidden above
	 * (a terminal that grew shows the form from its first field again). */
	if (f->top > 0 && f->top + height > f->n)
		f->top = f->n - height > 0 ? f->n - height : 0;
	f->y = top;
	int focus_y = -1;
	for (int row = 0; row < height && f->top + row < f->n; row++) {
		int i = f->top + row;
		struct form_field *field = &f->fields[i];
		bool focused = i == f->focus;
		int y = top + row;
		if (focused)
			focus_y = y;
		int fbox = form_box(field, box, room);
		ui_text(y, 1, label, _(field->label),
			focused			      ? ui_attr(UI_TITLE)
			: field->off || field->fixed ? ui_attr(UI_DIM)
						     : A_NORMAL,
			true);
		mvaddstr(y, 1 + label, " ");
		field_draw(field, ui, y, 2 + label, fbox, focused);
		int rest = width - (3 + label + fbox);
		if (rest > 1 && (field->off || (focused && shown > 0))) {
			/* (The focused field's note is in full under the fields.) */
			ui_fill(y, 3 + label + fbox, rest, A_NORMAL);
		} else if (rest > 1) {
			if (field->error[0])
				ui_text(y, 3 + label + fbox, rest, field->error, ui_attr(UI_ERROR),
					false);
			else
				ui_text(y, 3 + label + fbox, rest, field->hint, ui_attr(UI_DIM),
					false);
		}
	}
	bool error_note = f->focus >= 0 && f->focus < f->n && f->fields[f->focus].error[0];
	for (int k = 0; k < shown; k++)
		ui_text(top + height + k, 1, width - 2, note[k],
			ui_attr(error_note ? UI_ERROR : UI_DIM), false);
	for (int k = 0; k < nnote; k++)
		free(note[k]);
	free(note);
	if (focus_y >= 0) {
		int w = width - (2 + label) < 60 ? width - (2 + label) : 60;
		form_draw_picker(f, ui, focus_y, 2 + label, top + height, w);
	}
}

void form_click(struct ui_form *f, int row)
{
	int i = f->top + row;
	if (i >= 0 && i < f->n && i != f->focus && !f->fields[i].off && !f->fields[i].fixed) {
		pick_close(&f->fields[f->focus]);
		f->focus = i;
	}
}
