/* Export what a table shows: x in any table screen that allows it opens
 * this small form (a file name, a format); Enter writes every row the
 * table's own source gives — its filters, search and sort, all of it, not
 * only the window in memory — with every column, the dropped ones too, as
 * the table words them. Written into a temporary file renamed into place,
 * after asking before replacing a file. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qudao/csv.h"
#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "table.h"
#include "ui.h"

enum { EX_FILE, EX_FORMAT, EX_COUNT };

/* The formats offered, in order: what Excel opens best first. */
static const struct {
	const char *label; /* N_() */
	enum csv_format format;
	qd_encoding enc;
	bool bom;
	const char *ext;
} export_formats[] = {
	{ N_("CSV for Excel (UTF-8 with BOM)"), CSV_FORMAT_CSV, ENC_UTF8, true, ".csv" },
	{ N_("CSV for Chinese Excel (GB18030)"), CSV_FORMAT_CSV, ENC_GB18030, false, ".csv" },
	{ N_("CSV (UTF-8)"), CSV_FORMAT_CSV, ENC_UTF8, false, ".csv" },
	{ N_("Tab-separated for Excel (UTF-8 with BOM)"), CSV_FORMAT_TSV, ENC_UTF8, true, ".tsv" },
	{ N_("JSON"), CSV_FORMAT_JSON, ENC_UTF8, false, ".json" },
};
enum { EXPORT_NFORMATS = sizeof export_formats / sizeof export_formats[0] };

struct export_screen {
	struct table *table;
	struct form_field fields[EX_COUNT];
	struct ui_form form;
	const char *choices[EXPORT_NFORMATS];
	int last_format;
};

/* (How to change the format before Tab: the bar drops what comes last,
 * and at 80 columns in English it dropped that.) */
static const struct ui_help export_help[] = {
	{ N_("Enter"), N_("export"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ N_("Left/Right, Space"), N_("change the format"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ NULL, NULL, false },
};

static bool table_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || (unsigned char)c >= 0x80;
}

size_t table_name_part(char *buf, size_t used, size_t size, const char *text)
{
	size_t len = strlen(text);
	if (!len || used + len + 2 > size)
		return used;
	buf[used++] = '-';
	for (const char *c = text; *c; c++)
		buf[used++] = table_name_char(*c) ? *c : '_';
	buf[used] = '\0';
	return used;
}

bool table_name_search(char *buf, size_t *used, size_t size, const char *search)
{
	bool plain = strlen(search) <= 30;
	for (const char *c = search; *c && plain; c++)
		plain = table_name_char(*c);
	if (search[0] && plain)
		*used = table_name_part(buf, *used, size, search);
	return plain;
}

static void *export_enter(struct ui *ui, void *arg)
{
	struct table *t = arg;
	if (!t || !t->export_name)
		return NULL;
	struct export_screen *s = xcalloc(1, sizeof *s);
	s->table = t;
	for (int i = 0; i < EXPORT_NFORMATS; i++)
		s->choices[i] = export_formats[i].label;
	s->fields[EX_FILE].label = N_("File");
	s->fields[EX_FILE].kind = FORM_TEXT;
	s->fields[EX_FILE].max_chars = 1000;
	/* A name as the screen makes it (explain-CODE-PERIOD-SECTION-day.csv)
	 * seen whole, with the cursor after it, where the screen has room. */
	s->fields[EX_FILE].box_cells = 72;
	char day[DATE_BUF], *name, base[200];
	text_copy(base, sizeof base, t->export_name);
	if (t->src->export_name)
		t->src->export_name(t->ctx, base, sizeof base);
	name = xasprintf("%s-%s.csv", base, date_format(ui_today(ui), day));
	form_set(&s->fields[EX_FILE], name);
	free(name);
	s->fields[EX_FORMAT].label = N_("Format");
	s->fields[EX_FORMAT].kind = FORM_CHOICE;
	s->fields[EX_FORMAT].choices = s->choices;
	s->fields[EX_FORMAT].nchoices = EXPORT_NFORMATS;
	s->form.fields = s->fields;
	s->form.n = EX_COUNT;
	return s;
}

static void export_leave(void *state)
{
	struct export_screen *s = state;
	form_free(&s->form);
	free(s);
}

static void export_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct export_screen *s = state;
	ui_text(top, 1, width - 2, _("Export what the table shows"), ui_attr(UI_TITLE), false);
	ui_text(top + 1, 1, width - 2, _("Every row, as filtered, searched and sorted."),
		ui_attr(UI_DIM), false);
	form_draw(&s->form, ui, top + 3, height - 3, width);
}

/* The file name with ~ for the home directory, whole. The caller frees it. */
static char *export_path(const char *typed)
{
	const char *home = getenv("HOME");
	if (typed[0] == '~' && (typed[1] == '/' || !typed[1]) && home)
		return xasprintf("%s%s", home, typed + 1);
	/* A name alone is in the folder qudao was started from: said whole
	 * (the question to replace it, a failure) so that the user knows
	 * which. */
	char *cwd = typed[0] != '/' ? getcwd(NULL, 0) : NULL;
	char *path = cwd ? xasprintf("%s/%s", strcmp(cwd, "/") ? cwd : "", typed) : xstrdup(typed);
	free(cwd);
	return path;
}

/* A cell as the table words it, without the padding some cells carry. */
static char *export_cell(struct table *t, struct ui *ui, const void *row, int c)
{
	char buf[8192];
	enum ui_color color = UI_NORMAL;
	attr_t attr = 0;
	buf[0] = '\0';
	if (t->src->export_cell)
		t->src->export_cell(t->ctx, ui, row, c, buf, sizeof buf);
	else
		t->src->cell(t->ctx, ui, row, c, buf, sizeof buf, &color, &attr);
	char *a = buf;
	while (*a == ' ')
		a++;
	size_t n = strlen(a);
	while (n > 0 && a[n - 1] == ' ')
		n--;
	return xstrndup(a, n);
}

/* A column's JSON key made from its title's msgid: "Last visit" is
 * "last_visit"; none, "column_3". The caller frees it. */
static char *export_key_of(const char *msgid, int c)
{
	char *key = text_key_of(msgid);
	if (!*key) {
		free(key);
		key = xasprintf("column_%d", c + 1);
	}
	return key;
}

/* The parts column c goes to a file as (export_parts), NULL for one. */
static const char *const *export_parts_of(const struct table *t, int c, bool keys)
{
	const char *const *const *parts = keys ? t->src->export_part_keys : t->src->export_parts;
	return parts ? parts[c] : NULL;
}

/* Splits cell (the values of a column's parts, each ended by
 * TABLE_PART_END) into the n fields from out on, "" for one missing. */
static void export_split(char *cell, char **out, int n)
{
	char *p = cell;
	for (int k = 0; k < n; k++) {
		char *end = p ? strstr(p, TABLE_PART_END) : NULL;
		if (end)
			*end = '\0';
		out[k] = xstrdup(p ? p : "");
		p = end ? end + 1 : NULL;
	}
}

enum { EXPORT_MAX_FIELDS = 64 };

/* Writes every row of the table's source to f; how many, or -1. */
static long export_rows(struct export_screen *s, struct ui *ui, FILE *f, int format)
{
	struct table *t = s->table;
	/* The headers a spreadsheet shows in the language of the screen; a
	 * program's keys in English, and the numbers (the columns set right)
	 * as numbers. A column of several parts is that many fields, each a
	 * number unless the source says it is words. */
	bool json = export_formats[format].format == CSV_FORMAT_JSON;
	const char *keys[EXPORT_MAX_FIELDS];
	char *made[EXPORT_MAX_FIELDS] = { NULL };
	bool number[EXPORT_MAX_FIELDS];
	int nparts[TABLE_MAX_COLS], nf = 0;
	for (int c = 0; c < t->ncols; c++) {
		const struct table_col *col = &t->cols[c];
		const char *const *parts = export_parts_of(t, c, false);
		const char *const *part_keys = export_parts_of(t, c, true);
		nparts[c] = 0;
		for (int k = 0;
		     parts && part_keys && parts[k] && part_keys[k] && nf < EXPORT_MAX_FIELDS;
		     k++) {
			const bool *text =
				t->src->export_part_text ? t->src->export_part_text[c] : NULL;
			number[nf] = !(text && text[k]);
			keys[nf++] = json ? part_keys[k] : _(parts[k]);
			nparts[c]++;
		}
		if (nparts[c] || nf == EXPORT_MAX_FIELDS)
			continue;
		number[nf] = col->right;
		if (!json && t->src->export_titles && t->src->export_titles[c])
			keys[nf] = _(t->src->export_titles[c]);
		else if (!json)
			keys[nf] = col->title ? _(col->title) : "";
		else if (t->src->export_keys && t->src->export_keys[c])
			keys[nf] = t->src->export_keys[c];
		else
			keys[nf] = made[nf] = export_key_of(col->title, c);
		nf++;
	}
	if (t->src->export_begin)
		t->src->export_begin(t->ctx, ui);
	t->export_json = json;
	struct csv_writer *w =
		csv_writer_new(f, export_formats[format].format, export_formats[format].enc,
			       export_formats[format].bom, nf, keys, number);
	enum { CHUNK = 200 };
	size_t size = t->src->row_size;
	char *rows = xcalloc(CHUNK, size), *last = xcalloc(1, size);
	long n = 0;
	bool first = true;
	for (;;) {
		int got = t->src->fetch(t->ctx, ui, first ? NULL : last, false, rows, CHUNK);
		if (got < 0) {
			n = -1;
			break;
		}
		for (int i = 0; i < got; i++) {
			const void *row = rows + (size_t)i * size;
			char *cells[EXPORT_MAX_FIELDS];
			int at = 0;
			for (int c = 0; c < t->ncols && at < nf; c++) {
				char *cell = export_cell(t, ui, row, c);
				if (nparts[c]) {
					export_split(cell, cells + at, nparts[c]);
					at += nparts[c];
					free(cell);
				} else {
					cells[at++] = cell;
				}
			}
			/* An empty cell is null in JSON (a grade not given), as
			 * the report writes it. */
			const char *out[EXPORT_MAX_FIELDS];
			for (int k = 0; k < at; k++)
				out[k] = json && !*cells[k] ? NULL : cells[k];
			csv_writer_row(w, out);
			for (int k = 0; k < at; k++)
				free(cells[k]);
			n++;
		}
		if (got < CHUNK)
			break;
		memcpy(last, rows + (size_t)(got - 1) * size, size);
		first = false;
	}
	t->export_json = false;
	if (csv_writer_close(w))
		n = -1;
	for (int k = 0; k < nf; k++)
		free(made[k]);
	free(rows);
	free(last);
	return n;
}

static void export_write(struct ui *ui, void *arg)
{
	struct export_screen *s = arg;
	char *path = export_path(field_value(&s->fields[EX_FILE]));
	char *tmp = xasprintf("%s.part-%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		ui_error(ui, _("Cannot write %s: %s."), path, strerror(errno));
		free(tmp);
		free(path);
		return;
	}
	long n = export_rows(s, ui, f, s->fields[EX_FORMAT].choice);
	bool failed = fclose(f) != 0 || n < 0;
	if (failed || rename(tmp, path)) {
		int e = errno;
		unlink(tmp);
		ui_error(ui, _("Could not write %s: %s."), path,
			 failed ? _("a write failed") : strerror(e));
	} else {
		char *shown = xstrdup(path);
		ui_pop(ui, false);
		ui_message(ui,
			   ngettext("Exported %ld row to %s.", "Exported %ld rows to %s.",
				    (unsigned long)n),
			   n, shown);
		free(shown);
	}
	free(tmp);
	free(path);
}

/* Keeps the file's extension with the format chosen. */
static void export_follow_format(struct export_screen *s)
{
	int now = s->fields[EX_FORMAT].choice;
	if (now == s->last_format)
		return;
	const char *old = export_formats[s->last_format].ext, *ext = export_formats[now].ext;
	s->last_format = now;
	const char *v = field_value(&s->fields[EX_FILE]);
	size_t n = strlen(v), k = strlen(old);
	if (n > k && !strcmp(v + n - k, old)) {
		char *renamed = xasprintf("%.*s%s", (int)(n - k), v, ext);
		form_set(&s->fields[EX_FILE], renamed);
		free(renamed);
	}
}

static void export_submit(struct export_screen *s, struct ui *ui)
{
	const char *typed = field_value(&s->fields[EX_FILE]);
	if (!typed[strspn(typed, " ")]) {
		text_copy(s->fields[EX_FILE].error, sizeof s->fields[EX_FILE].error,
			  _("Name the file to write."));
		ui_error(ui, "%s", s->fields[EX_FILE].error);
		return;
	}
	/* The name's extension and the format agree, as on the command line
	 * (a name ending .json got CSV without a word). */
	const char *dot = csv_name_ext(typed);
	const char *chosen = export_formats[s->fields[EX_FORMAT].choice].ext;
	bool workbook = csv_workbook_name(typed);
	bool other =
		dot && !workbook && strcasecmp(dot, chosen) &&
		(!strcasecmp(dot, ".csv") || !strcasecmp(dot, ".tsv") || !strcasecmp(dot, ".json"));
	if (workbook || other) {
		struct form_field *f = &s->fields[workbook ? EX_FILE : EX_FORMAT];
		if (workbook)
			snprintf(f->error, sizeof f->error,
				 _("qudao writes CSV, not workbooks: name the file %s (Excel "
				   "opens it)."),
				 chosen);
		else
			snprintf(f->error, sizeof f->error,
				 _("The name ends in %s, but the format is %s: choose the format "
				   "the name says (Left/Right), or name the file %s."),
				 dot, _(export_formats[s->fields[EX_FORMAT].choice].label), chosen);
		ui_error(ui, "%s", f->error);
		return;
	}
	char *path = export_path(typed);
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		ui_error(ui, _("%s is a directory; name a file in it."), path);
	} else if (db_output_check(ui_db(ui), path)) {
		/* This database, or another: never replaced by an export. */
		ui_error(ui, "%s", db_errmsg(ui_db(ui)));
	} else if (exists) {
		char *q = xasprintf(_("%s exists. Replace it? (y/n)"), path);
		ui_confirm(ui, q, export_write, s);
		free(q);
	} else {
		export_write(ui, s);
	}
	free(path);
}

static int export_key(void *state, struct ui *ui, struct ui_key k)
{
	struct export_screen *s = state;
	int r = form_key(&s->form, ui, k);
	export_follow_format(s);
	switch (r) {
	case FORM_SUBMIT:
		form_clear_errors(&s->form);
		export_submit(s, ui);
		return UI_HANDLED;
	case FORM_CANCEL:
		ui_pop(ui, false);
		return UI_HANDLED;
	case FORM_REFUSED:
		ui_error(ui, "%s", s->fields[s->form.focus].error);
		return UI_HANDLED;
	default:
		return k.code && k.ch == KEY_F(1) ? UI_UNHANDLED : UI_HANDLED;
	}
}

static int export_click(void *state, struct ui *ui, int row, int col)
{
	(void)ui;
	(void)col;
	struct export_screen *s = state;
	form_click(&s->form, row + 1 - s->form.y);
	return UI_HANDLED;
}

const struct screen screen_export = {
	.takes_text = true,
	.name = N_("Export"),
	.enter = export_enter,
	.leave = export_leave,
	.draw = export_draw,
	.key = export_key,
	.click = export_click,
	.help = export_help,
};
