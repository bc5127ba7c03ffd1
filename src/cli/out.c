/* The command line's tables: kept in memory as rows of strings, written as an
 * aligned table, CSV, TSV or JSON. */
#include "qudao/cli_out.h"
#include "qudao/i18n.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qudao/csv.h"
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

void cli_csv_field(FILE *f, const char *s, char sep, bool text)
{
	if (text)
		csv_write_text_field(f, s, sep);
	else
		csv_write_field(f, s, sep);
}

void cli_json_string(FILE *f, const char *s)
{
	csv_write_json_string(f, s);
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
		/* A very long text does not make every row as wide; the last
		 * column has nothing after it and is written whole. 72 cells
		 * keep an explanation's "0.0, under the threshold 30: counts
		 * 0, weight 54.5%; cost −54.5" whole (60 cut its cost, 40 its
		 * weight). */
		if (w[c] > 72 && c + 1 < o->ncols)
			w[c] = 72;
	}
	for (int r = -1; r < o->rows; r++) {
		for (int c = 0; c < o->ncols; c++) {
			const char *v = r < 0 ? o->titles[c] : cli_out_cell(o, r, c);
			/* Numbers and their titles to the right, as they are read. */
			bool right = o->types && o->types[c] != CLI_COL_TEXT;
			int cells = c + 1 < o->ncols || right ? w[c] : text_width(v ? v : "");
			char *cell = text_pad(v ? v : "", cells, right);
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

/* CSV, TSV or JSON through core's writer, in UTF-8 or GB18030. */
static int cli_out_records(const struct cli_out *o, FILE *f, enum csv_format format, bool bom,
			   qd_encoding enc, bool tty)
{
	bool *number = xcalloc((size_t)o->ncols, sizeof *number);
	for (int c = 0; c < o->ncols; c++)
		number[c] = o->types && o->types[c] != CLI_COL_TEXT;
	const char **names = xcalloc((size_t)o->ncols, sizeof *names);
	char **tmp = xcalloc((size_t)o->ncols, sizeof *tmp);
	for (int c = 0; c < o->ncols; c++)
		names[c] = cli_out_safe(o->names[c], tty, &tmp[c]);
	struct csv_writer *w = csv_writer_new(f, format, enc, bom, o->ncols, names, number);
	const char **row = xcalloc((size_t)o->ncols, sizeof *row);
	char **cell = xcalloc((size_t)o->ncols, sizeof *cell);
	for (int r = 0; r < o->rows; r++) {
		for (int c = 0; c < o->ncols; c++)
			row[c] = cli_out_safe(cli_out_cell(o, r, c), tty, &cell[c]);
		csv_writer_row(w, row);
		for (int c = 0; c < o->ncols; c++)
			free(cell[c]);
	}
	int rc = csv_writer_close(w);
	for (int c = 0; c < o->ncols; c++)
		free(tmp[c]);
	free(tmp);
	free(names);
	free(number);
	free(row);
	free(cell);
	return rc;
}

int cli_out_write_as(const struct cli_out *o, FILE *f, enum cli_format format, bool bom,
		     qd_encoding enc)
{
	bool tty = isatty(fileno(f));
	switch (format) {
	case CLI_FORMAT_CSV:
		return cli_out_records(o, f, CSV_FORMAT_CSV, bom, enc, tty);
	case CLI_FORMAT_TSV:
		return cli_out_records(o, f, CSV_FORMAT_TSV, bom, enc, tty);
	case CLI_FORMAT_JSON:
		return cli_out_records(o, f, CSV_FORMAT_JSON, false, enc, tty);
	default:
		cli_out_table(o, f);
		return fflush(f) || ferror(f) ? -1 : 0;
	}
}

bool cli_out_uses_words(enum cli_format format)
{
	return i18n_lang() == LANG_ZH && format != CLI_FORMAT_JSON;
}

const char *const *cli_out_keys(enum cli_format format, const char *const *names,
				const char *const *titles)
{
	return cli_out_uses_words(format) ? titles : names;
}

int cli_out_write(const struct cli_out *o, FILE *f, enum cli_format format, bool bom)
{
	return cli_out_write_as(o, f, format, bom, ENC_UTF8);
}
