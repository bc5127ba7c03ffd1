/* The command line's tables: kept in memory as rows of strings, written as an
 * aligned table, CSV, TSV or JSON. */
#include "qudao/cli_out.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qudao/text.h"
#include "qudao/xalloc.h"

struct cli_out {
	int ncols;
	const char *const *names;
	const char *const *titles;
	const enum cli_col_type *types;
	char **cells; /* rows * ncols, NULL for none */
	int rows, cap;
};

int cli_format_parse(const char *s, enum cli_format *out)
{
	static const struct {
		const char *name;
		enum cli_format f;
	} names[] = { { "table", CLI_FORMAT_TABLE },
		      { "csv", CLI_FORMAT_CSV },
		      { "tsv", CLI_FORMAT_TSV },
		      { "json", CLI_FORMAT_JSON } };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (s && !strcmp(s, names[i].name)) {
			*out = names[i].f;
			return 0;
		}
	return -1;
}

struct cli_out *cli_out_new(int ncols, const char *const *names, const char *const *titles,
			    const enum cli_col_type *types)
{
	struct cli_out *o = xcalloc(1, sizeof *o);
	o->ncols = ncols;
	o->names = names;
	o->titles = titles ? titles : names;
	o->types = types;
	return o;
}

void cli_out_free(struct cli_out *o)
{
	if (!o)
		return;
	for (int i = 0; i < o->rows * o->ncols; i++)
		free(o->cells[i]);
	free(o->cells);
	free(o);
}

void cli_out_row(struct cli_out *o, const char *const *values)
{
	if (o->rows == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->cells = xrealloc(o->cells, (size_t)o->cap * (size_t)o->ncols * sizeof *o->cells);
	}
	for (int c = 0; c < o->ncols; c++)
		o->cells[o->rows * o->ncols + c] = values[c] ? xstrdup(values[c]) : NULL;
	o->rows++;
}

int cli_out_rows(const struct cli_out *o)
{
	return o->rows;
}

void cli_csv_field(FILE *f, const char *s, char sep)
{
	if (!s)
		return;
	size_t n = strlen(s);
	bool quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
	for (const char *p = s; *p && !quote; p++)
		quote = *p == sep || *p == '"' || *p == '\n' || *p == '\r';
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

void cli_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static const char *cli_out_cell(const struct cli_out *o, int r, int c)
{
	return o->cells[r * o->ncols + c];
}

static void cli_out_table(const struct cli_out *o, FILE *f)
{
	int *w = xcalloc((size_t)o->ncols, sizeof *w);
	for (int c = 0; c < o->ncols; c++) {
		w[c] = text_width(o->titles[c]);
		for (int r = 0; r < o->rows; r++) {
			const char *v = cli_out_cell(o, r, c);
			int cw = v ? text_width(v) : 0;
			w[c] = cw > w[c] ? cw : w[c];
		}
		/* A very long text does not make every row as wide. */
		if (w[c] > 40)
			w[c] = 40;
	}
	for (int r = -1; r < o->rows; r++) {
		for (int c = 0; c < o->ncols; c++) {
			const char *v = r < 0 ? o->titles[c] : cli_out_cell(o, r, c);
			bool right = r >= 0 && o->types && o->types[c] != CLI_COL_TEXT;
			char *cell = text_pad(v ? v : "", w[c], right);
			fputs(cell, f);
			free(cell);
			fputs(c + 1 < o->ncols ? "  " : "\n", f);
		}
	}
	free(w);
}

/* A cell as it may be written: on a terminal, sanitized (newlines kept), so
 * no escape in the data reaches it; into a file or a pipe, as it is. */
static const char *cli_out_safe(const char *v, bool tty, char **tmp)
{
	*tmp = NULL;
	if (!v || !tty)
		return v;
	return *tmp = text_sanitize_lines(v);
}

static void cli_out_delimited(const struct cli_out *o, FILE *f, char sep, bool bom, bool tty)
{
	if (bom)
		fputs("\xEF\xBB\xBF", f);
	for (int r = -1; r < o->rows; r++) {
		for (int c = 0; c < o->ncols; c++) {
			char *tmp;
			if (c)
				fputc(sep, f);
			cli_csv_field(f,
				      cli_out_safe(r < 0 ? o->names[c] : cli_out_cell(o, r, c), tty,
						   &tmp),
				      sep);
			free(tmp);
		}
		fputs("\r\n", f);
	}
}

static void cli_out_json(const struct cli_out *o, FILE *f, bool tty)
{
	fputs("[", f);
	for (int r = 0; r < o->rows; r++) {
		fputs(r ? ",\n {" : "\n {", f);
		for (int c = 0; c < o->ncols; c++) {
			char *tmp;
			const char *v = cli_out_safe(cli_out_cell(o, r, c), tty, &tmp);
			if (c)
				fputs(", ", f);
			cli_json_string(f, o->names[c]);
			fputs(": ", f);
			if (!v)
				fputs("null", f);
			else if (o->types && o->types[c] != CLI_COL_TEXT && *v)
				fputs(v, f);
			else
				cli_json_string(f, v);
			free(tmp);
		}
		fputs("}", f);
	}
	fputs(o->rows ? "\n]\n" : "]\n", f);
}

int cli_out_write(const struct cli_out *o, FILE *f, enum cli_format format, bool bom)
{
	bool tty = isatty(fileno(f));
	switch (format) {
	case CLI_FORMAT_CSV:
		cli_out_delimited(o, f, ',', bom, tty);
		break;
	case CLI_FORMAT_TSV:
		cli_out_delimited(o, f, '\t', bom, tty);
		break;
	case CLI_FORMAT_JSON:
		cli_out_json(o, f, tty);
		break;
	default:
		cli_out_table(o, f);
		break;
	}
	return fflush(f) || ferror(f) ? -1 : 0;
}
