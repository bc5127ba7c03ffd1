/* Delimited text, in and out.
 *
 * Reading: RFC 4180 over UTF-8 text held in memory (the file after
 * encoding_to_utf8): fields quoted or not, doubled quotes, separators and
 * line ends inside quotes, CR, LF or CRLF line ends, a last line with or
 * without one; a tab-separated file (Excel's "Unicode text") is recognised by
 * its first line. Blank lines are skipped. Each record says on which line of
 * the file it starts, so errors can say FILE:LINE:COLUMN. Leniencies, since
 * files come from many programs: a quote inside an unquoted field, and text
 * after a closing quote, are kept as they stand.
 *
 * Cleaning a field for the database (csv_clean): NFC-normalised, control
 * characters gone (tab, CR and LF become a space), bidirectional overrides
 * gone, an unquoted field's surrounding spaces trimmed.
 *
 * Writing: rows of text as CSV or TSV (quoted where needed, CRLF line ends,
 * an optional BOM) or JSON (an array of objects), in UTF-8 or GB18030. */
#ifndef QUDAO_CSV_H
#define QUDAO_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "qudao/encoding.h"

struct csv_field {
	char *text;  /* unescaped, NUL-terminated (inside the reader's buffer) */
	size_t len;  /* bytes */
	bool quoted; /* it was written in quotes */
};

struct csv_reader {
	const char *p, *end;
	char sep;	  /* ',' or '\t' */
	long line;	  /* the line the next record starts on (1 for the first) */
	long record_line; /* the line the current record starts on */
	struct csv_field *fields;
	int nfields, cap;
	char *buf; /* the current record's unescaped text */
	size_t buflen, bufcap;
	long open_quote_line; /* after -1: where the unclosed quote began */
};

/* The extension of path's last component: its last dot on, or NULL when
 * it has none (or path is NULL). */
const char *csv_name_ext(const char *path);
/* Whether path's name ends as a spreadsheet program's own file does
 * (.xlsx, .xls, .xlsm, .xlsb, .ods, .et, in any case), which qudao neither
 * reads nor writes: a CSV under such a name is one Excel refuses. */
bool csv_workbook_name(const char *path);
/* Whether the n bytes at data begin as such a file does: a zip (.xlsx,
 * .ods, .et), an OLE compound file (.xls), or a web page or XML document
 * that ERPs save as .xls. 1 zip, 2 OLE, 3 HTML or XML; 0 none. */
int csv_workbook_bytes(const char *data, size_t n);

/* Reads the n bytes of UTF-8 text at data (kept by the caller meanwhile);
 * sep is ',' or '\t', or 0 to take the one the first line uses. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t n, char sep);
void csv_reader_free(struct csv_reader *r);
/* The next record into r->fields (r->nfields of them): 1; 0 at the end;
 * -1 when a quoted field is not closed before the end of the file
 * (r->open_quote_line says where it began). */
int csv_read(struct csv_reader *r);
/* How far through the text the reader is, from 0 to 1. */
double csv_progress(const struct csv_reader *r, size_t total);

/* The field as it goes into the database (see above): a new string the
 * caller frees. NULL when the field is not valid UTF-8. */
char *csv_clean(const char *s, size_t len, bool quoted);

/* ---- writing ---- */

enum csv_format { CSV_FORMAT_CSV, CSV_FORMAT_TSV, CSV_FORMAT_JSON };

struct csv_writer;

/* A writer of rows of ncols values to f. keys are the column names (the
 * header line; JSON's keys); number[c] true writes column c's values as JSON
 * numbers (NULL: all text). bom writes a UTF-8 byte order mark first (CSV
 * and TSV in UTF-8 only: GB18030 is what Chinese Excel reads without one).
 * The arrays must outlive the writer. */
struct csv_writer *csv_writer_new(FILE *f, enum csv_format format, qd_encoding enc, bool bom,
				  int ncols, const char *const *keys, const bool *number);
/* One row of ncols values (NULL: empty, JSON null). */
void csv_writer_row(struct csv_writer *w, const char *const *values);
/* Ends the output (JSON's closing bracket), flushes and frees the writer.
 * 0, or -1 when f could not be written or a value was not valid UTF-8 for a
 * conversion. */
int csv_writer_close(struct csv_writer *w);

/* One field, quoted when it holds the separator, a quote, CR or LF (or
 * begins or ends with a space), quotes doubled. */
void csv_write_field(FILE *f, const char *s, char sep);
/* A text field as a spreadsheet may open it: one that begins with = + - @,
 * a tab or CR (a formula to Excel and its likes) gets a leading ', which
 * the spreadsheet shows as text and csv_clean removes on import. */
void csv_write_text_field(FILE *f, const char *s, char sep);
/* One JSON string, quoted and escaped (controls as \u00XX). */
void csv_write_json_string(FILE *f, const char *s);

#endif
