/* Delimited text: an RFC 4180 reader over UTF-8 in memory, the cleaning of a
 * field for the database, and a writer of CSV, TSV and JSON in UTF-8 or
 * GB18030. */
#include "qudao/csv.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>

#include "qudao/text.h"
#include "qudao/xalloc.h"

/* ---- reading ---- */

static char csv_detect_sep(const char *p, const char *end)
{
	int commas = 0, tabs = 0;
	bool quoted = false;
	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == '\n' || *p == '\r'))
			break;
		else if (!quoted && *p == ',')
			commas++;
		else if (!quoted && *p == '\t')
			tabs++;
	}
	return tabs > commas ? '\t' : ',';
}

void csv_reader_init(struct csv_reader *r, const char *data, size_t n, char sep)
{
	memset(r, 0, sizeof *r);
	r->p = data;
	r->end = data + n;
	r->line = 1;
	r->sep = sep ? sep : csv_detect_sep(data, data + n);
}

void csv_reader_free(struct csv_reader *r)
{
	free(r->fields);
	free(r->buf);
	r->fields = NULL;
	r->buf = NULL;
}

double csv_progress(const struct csv_reader *r, size_t total)
{
	if (total == 0)
		return 1.0;
	return 1.0 - (double)(r->end - r->p) / (double)total;
}

static void csv_put(struct csv_reader *r, char c)
{
	if (r->buflen + 1 >= r->bufcap) {
		r->bufcap = r->bufcap ? r->bufcap * 2 : 4096;
		r->buf = xrealloc(r->buf, r->bufcap);
	}
	r->buf[r->buflen++] = c;
}

/* Appends n bytes at once (the run of plain text in a field). */
static void csv_put_run(struct csv_reader *r, const char *s, size_t n)
{
	if (r->buflen + n + 1 >= r->bufcap) {
		while (r->buflen + n + 1 >= r->bufcap)
			r->bufcap = r->bufcap ? r->bufcap * 2 : 4096;
		r->buf = xrealloc(r->buf, r->bufcap);
	}
	memcpy(r->buf + r->buflen, s, n);
	r->buflen += n;
}

/* Fields keep offsets into buf while it may move; they become pointers at
 * the end of the record. */
static void csv_end_field(struct csv_reader *r, size_t start, bool quoted)
{
	if (r->nfields == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->fields = xrealloc(r->fields, (size_t)r->cap * sizeof *r->fields);
	}
	r->fields[r->nfields].text = (char *)(uintptr_t)start;
	r->fields[r->nfields].len = r->buflen - start;
	r->fields[r->nfields].quoted = quoted;
	r->nfields++;
	csv_put(r, '\0');
}

/* Consumes a line end at p (CR, LF or CRLF); true when there was one. */
static bool csv_line_end(struct csv_reader *r)
{
	if (r->p < r->end && *r->p == '\r') {
		r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		r->line++;
		return true;
	}
	if (r->p < r->end && *r->p == '\n') {
		r->p++;
		r->line++;
		return true;
	}
	return false;
}

/* Reads one field at p; stops before the separator or line end. */
static int csv_field(struct csv_reader *r)
{
	size_t start = r->buflen;
	/* Spaces before an opening quote and after a closing one are not
	 * the field's: "NEW4" and a space was a code that looked right and
	 * was refused. */
	const char *open = r->p;
	while (open < r->end && *open == ' ')
		open++;
	bool quoted = open < r->end && *open == '"';
	if (quoted) {
		r->p = open;
		long opened = r->line;
		r->p++;
		for (;;) {
			if (r->p >= r->end) {
				r->open_quote_line = opened;
				return -1;
			}
			const char *q = r->p;
			while (q < r->end && *q != '"' && *q != '\r' && *q != '\n')
				q++;
			csv_put_run(r, r->p, (size_t)(q - r->p));
			r->p = q;
			if (r->p >= r->end)
				continue;
			if (*r->p == '"') {
				if (r->p + 1 < r->end && r->p[1] == '"') {
					csv_put(r, '"');
					r->p += 2;
					continue;
				}
				r->p++;
				break;
			}
			/* A line end inside the quotes is part of the field, as
			 * written; it still counts as a line of the file. */
			if (*r->p == '\r') {
				csv_put(r, '\r');
				r->p++;
				if (r->p < r->end && *r->p == '\n') {
					csv_put(r, '\n');
					r->p++;
				}
			} else {
				csv_put(r, '\n');
				r->p++;
			}
			r->line++;
		}
	}
	if (quoted) {
		const char *t = r->p;
		while (t < r->end && *t == ' ')
			t++;
		if (t >= r->end || *t == r->sep || *t == '\r' || *t == '\n')
			r->p = t;
	}
	/* Unquoted text, or what follows a closing quote: up to the separator. */
	const char *q = r->p;
	while (q < r->end && *q != r->sep && *q != '\r' && *q != '\n')
		q++;
	csv_put_run(r, r->p, (size_t)(q - r->p));
	r->p = q;
	csv_end_field(r, start, quoted);
	return 0;
}

int csv_read(struct csv_reader *r)
{
	for (;;) {
		r->nfields = 0;
		r->buflen = 0;
		/* Blank lines between records are skipped. */
		while (csv_line_end(r))
			;
		if (r->p >= r->end)
			return 0;
		r->record_line = r->line;
		for (;;) {
			if (csv_field(r))
				return -1;
			if (r->p < r->end && *r->p == r->sep) {
				r->p++;
				continue;
			}
			csv_line_end(r);
			break;
		}
		for (int i = 0; i < r->nfields; i++)
			r->fields[i].text = r->buf + (uintptr_t)r->fields[i].text;
		/* A line of separators only ("，，，" that Excel leaves) is blank. */
		bool blank = true;
		for (int i = 0; i < r->nfields && blank; i++)
			blank = r->fields[i].len == 0 && !r->fields[i].quoted;
		if (!blank)
			return 1;
	}
}

/* ---- cleaning ---- */

/* The length of the terminal escape sequence at p (ESC, or a C1 control
 * of n bytes that starts one): a control sequence (ESC [ or CSI: its
 * parameters, intermediates and final byte), a string (ESC ] P X ^ _ or OSC,
 * DCS, SOS, PM, APC: up to BEL or the string terminator), or ESC with its
 * intermediates and final byte. Dropped whole: "\033[31m红色" is 红色, not
 * [31m红色. */
static size_t csv_escape_len(const uint8_t *p, const uint8_t *end, ucs4_t c, int n)
{
	const uint8_t *q = p + n;
	int kind = c; /* the C1 control the sequence amounts to */
	if (c == 0x1B) {
		if (q < end && *q >= 0x40 && *q <= 0x5F)
			kind = 0x80 + (*q++ - 0x40);
		else {
			while (q < end && *q >= 0x20 && *q <= 0x2F)
				q++;
			if (q < end && *q >= 0x30 && *q <= 0x7E)
				q++;
			return (size_t)(q - p);
		}
	}
	if (kind == 0x9B) {
		while (q < end && *q >= 0x20 && *q <= 0x3F)
			q++;
		if (q < end && *q >= 0x40 && *q <= 0x7E)
			q++;
	} else if (kind == 0x9D || kind == 0x90 || kind == 0x9E || kind == 0x9F || kind == 0x98) {
		/* Up to BEL, ESC \ or ST (U+009C). */
		while (q < end && *q != 0x07 && !(*q == 0x1B && q + 1 < end && q[1] == '\\') &&
		       !(*q == 0xC2 && q + 1 < end && q[1] == 0x9C))
			q++;
		if (q < end)
			q += *q == 0x07 ? 1 : 2;
	}
	return (size_t)(q - p);
}

char *csv_clean(const char *s, size_t len, bool quoted)
{
	if (u8_check((const uint8_t *)s, len))
		return NULL;
	bool ascii = true;
	for (size_t i = 0; i < len && ascii; i++)
		ascii = (unsigned char)s[i] < 0x80;
	char *out = xmalloc(len + 1);
	size_t o = 0;
	const uint8_t *p = (const uint8_t *)s, *end = p + len;
	while (p < end) {
		ucs4_t c;
		int n = ascii ? 1 : u8_mbtouc(&c, p, (size_t)(end - p));
		if (ascii)
			c = *p;
		if (c == 0x1B || c == 0x9B || c == 0x9D || c == 0x90 || c == 0x9E || c == 0x9F ||
		    c == 0x98) {
			p += csv_escape_len(p, end, c, n);
			continue;
		}
		if (c == '\t' || c == '\n' || c == '\r') {
			/* "line\r\n2" is one space, not two. */
			if (!(c == '\n' && o > 0 && out[o - 1] == ' ' && p > (const uint8_t *)s &&
			      p[-1] == '\r'))
				out[o++] = ' ';
		} else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || text_is_hidden(c)) {
			/* dropped (a BOM inside a field is hidden too) */
		} else {
			memcpy(out + o, p, (size_t)n);
			o += (size_t)n;
		}
		p += n;
	}
	out[o] = '\0';
	if (!quoted) {
		size_t a = 0;
		while (out[a] == ' ')
			a++;
		while (o > a && out[o - 1] == ' ')
			o--;
		memmove(out, out + a, o - a);
		o -= a;
		out[o] = '\0';
	}
	/* The ' that csv_write_text_field puts before what a spreadsheet
	 * would take for a formula. */
	if (o > 1 && out[0] == '\'' &&
	    (strchr("=+-@", out[1]) || (out[1] == '\'' && out[2] && strchr("=+-@", out[2])))) {
		memmove(out, out + 1, o);
		o--;
	}
	if (ascii)
		return out;
	char *nfc = text_nfc(out, o);
	free(out);
	return nfc;
}

/* ---- writing ---- */

struct csv_writer {
	FILE *f;   /* the destination */
	FILE *mem; /* rows gathered here, converted when the encoding asks */
	char *membuf;
	size_t memlen;
	enum csv_format format;
	qd_encoding enc;
	int ncols;
	const char *const *keys;
	const bool *number;
	long rows;
	bool failed;
};

void csv_write_field(FILE *f, const char *s, char sep)
{
	if (!s)
		return;
	size_t n = strlen(s);
	bool quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
	for (const char *p = s; *p && !quote; p++)
		quote = *p == sep || *p == '"' || *p == '\n' || *p == '\r';
	if (!quote) {
		fwrite(s, 1, n, f);
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

/* A negative decimal (-6.2): a spreadsheet reads it as the number it is,
 * not as a formula. */
static bool csv_negative_number(const char *s)
{
	if (*s != '-' || !isdigit((unsigned char)s[1]))
		return false;
	size_t n = 1 + strspn(s + 1, "0123456789");
	if (s[n] == '.' && isdigit((unsigned char)s[n + 1]))
		n += 1 + strspn(s + n + 1, "0123456789");
	return !s[n];
}

/* What Excel, LibreOffice and Numbers read as the start of a formula; and a
 * value that begins with the guard itself, so that import gives it back. */
static bool csv_formula_start(const char *s)
{
	return s && *s && !csv_negative_number(s) &&
	       (strchr("=+-@\t\r", *s) || (*s == '\'' && s[1] && strchr("=+-@", s[1])));
}

void csv_write_text_field(FILE *f, const char *s, char sep)
{
	if (!csv_formula_start(s)) {
		csv_write_field(f, s, sep);
		return;
	}
	char *guarded = xmalloc(strlen(s) + 2);
	guarded[0] = '\'';
	strcpy(guarded + 1, s);
	csv_write_field(f, guarded, sep);
	free(guarded);
}

void csv_write_json_string(FILE *f, const char *s)
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

/* Where rows are written: the file itself in UTF-8, else the memory
 * stream that csv_writer_flush converts. */
static FILE *csv_out(struct csv_writer *w)
{
	return w->mem ? w->mem : w->f;
}

/* A fresh memory stream for the rows to come. */
static void csv_writer_open_mem(struct csv_writer *w)
{
	w->membuf = NULL;
	w->memlen = 0;
	w->mem = open_memstream(&w->membuf, &w->memlen);
	if (!w->mem)
		abort();
}

/* Converts what the memory stream holds and writes it to the file; the
 * stream starts again empty unless `last`. */
static void csv_writer_flush(struct csv_writer *w, bool last)
{
	if (!w->mem)
		return;
	fclose(w->mem);
	w->mem = NULL;
	char *conv;
	size_t n;
	if (encoding_from_utf8(w->membuf, w->memlen, w->enc, &conv, &n)) {
		w->failed = true;
	} else {
		if (fwrite(conv, 1, n, w->f) != n)
			w->failed = true;
		free(conv);
	}
	free(w->membuf);
	w->membuf = NULL;
	if (!last)
		csv_writer_open_mem(w);
}

/* Whether s is a number as JSON writes one (-12, 0.5, 1e3): what a number
 * column's cell must be to go out bare; anything else goes out as text. */
static bool csv_json_number(const char *s)
{
	const char *p = s;
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return false;
	if (*p == '.') {
		if (!(*++p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

static void csv_writer_delimited_row(struct csv_writer *w, const char *const *values)
{
	FILE *f = csv_out(w);
	char sep = w->format == CSV_FORMAT_TSV ? '\t' : ',';
	for (int c = 0; c < w->ncols; c++) {
		if (c)
			fputc(sep, f);
		if (values == w->keys ||
		    (w->number && w->number[c] && values[c] && csv_json_number(values[c])))
			csv_write_field(f, values[c], sep);
		else
			csv_write_text_field(f, values[c], sep);
	}
	fputs("\r\n", f);
}

struct csv_writer *csv_writer_new(FILE *f, enum csv_format format, qd_encoding enc, bool bom,
				  int ncols, const char *const *keys, const bool *number)
{
	struct csv_writer *w = xcalloc(1, sizeof *w);
	w->f = f;
	w->format = format;
	w->enc = enc == ENC_AUTO ? ENC_UTF8 : enc;
	w->ncols = ncols;
	w->keys = keys;
	w->number = number;
	if (w->enc != ENC_UTF8)
		csv_writer_open_mem(w);
	if (bom && w->enc == ENC_UTF8 && format != CSV_FORMAT_JSON)
		fputs("\xEF\xBB\xBF", f);
	if (format == CSV_FORMAT_JSON)
		fputs("[", csv_out(w));
	else
		csv_writer_delimited_row(w, keys);
	return w;
}

void csv_writer_row(struct csv_writer *w, const char *const *values)
{
	FILE *f = csv_out(w);
	if (w->format != CSV_FORMAT_JSON) {
		csv_writer_delimited_row(w, values);
	} else {
		fputs(w->rows ? ",\n {" : "\n {", f);
		for (int c = 0; c < w->ncols; c++) {
			const char *v = values[c];
			if (c)
				fputs(", ", f);
			csv_write_json_string(f, w->keys[c]);
			fputs(": ", f);
			/* A number column's empty cell (no target, no amount) is
			 * null, not the string "". */
			if (!v || (w->number && w->number[c] && !*v))
				fputs("null", f);
			else if (w->number && w->number[c] && csv_json_number(v))
				fputs(v, f);
			else
				csv_write_json_string(f, v);
		}
		fputs("}", f);
	}
	w->rows++;
	if (w->mem && ftell(w->mem) >= 65536)
		csv_writer_flush(w, false);
}

int csv_writer_close(struct csv_writer *w)
{
	if (w->format == CSV_FORMAT_JSON)
		fputs(w->rows ? "\n]\n" : "]\n", csv_out(w));
	csv_writer_flush(w, true);
	int rc = w->failed ? -1 : 0;
	if (fflush(w->f) || ferror(w->f))
		rc = -1;
	free(w);
	return rc;
}

const char *csv_name_ext(const char *path)
{
	const char *base = path ? strrchr(path, '/') : NULL;
	return path ? strrchr(base ? base : path, '.') : NULL;
}

bool csv_workbook_name(const char *path)
{
	static const char *const ext[] = { ".xlsx", ".xls", ".xlsm", ".xlsb", ".ods", ".et" };
	const char *dot = csv_name_ext(path);
	for (size_t i = 0; dot && i < sizeof ext / sizeof *ext; i++)
		if (!strcasecmp(dot, ext[i]))
			return true;
	return false;
}

int csv_workbook_bytes(const char *data, size_t n)
{
	if (n >= 4 && !memcmp(data, "PK\x03\x04", 4))
		return 1;
	if (n >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return 2;
	/* (After a UTF-8 mark and blank space.) */
	size_t i = n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	static const char *const markup[] = { "<html", "<!doctype html", "<?xml", "<table" };
	for (size_t k = 0; k < sizeof markup / sizeof *markup; k++) {
		size_t m = strlen(markup[k]);
		if (n - i >= m && !strncasecmp(data + i, markup[k], m))
			return 3;
	}
	return 0;
}
