/* Tables the command line prints: one set of rows written as an aligned
 * table for a terminal (widths by cells, CJK counted twice, everything
 * sanitized), as CSV (RFC 4180, UTF-8, with or without a BOM) for Excel and
 * other programs, or as JSON (an array of objects); CSV and TSV also in
 * GB18030. The quoting and escaping are core/csv's. Reports and exports build
 * a cli_out and write it in the format asked for. */
#ifndef QUDAO_CLI_OUT_H
#define QUDAO_CLI_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "qudao/encoding.h"

enum cli_format { CLI_FORMAT_TABLE, CLI_FORMAT_CSV, CLI_FORMAT_TSV, CLI_FORMAT_JSON };

/* Parses "table", "csv", "tsv", "json". 0, or -1. */
int cli_format_parse(const char *s, enum cli_format *out);
enum { CLI_EXT_SIZE = 8 };
/* The extension of path's last component, after its last dot, lowered
 * (ASCII), into ext: true, or false when there is none or it has
 * CLI_EXT_SIZE bytes or more. path may be NULL. */
bool cli_output_ext(const char *path, char ext[static CLI_EXT_SIZE]);
/* The format of -o path when --format was not given (given false): the
 * one its extension names (.csv, .tsv, .json, in any case; x.json was
 * written as CSV), else *format as it was. 0, or the exit code of a usage
 * error of command (said): a name that asks for JSON beside --bom or
 * --encoding gb18030, which are for CSV and TSV, or a workbook's name
 * (.xlsx, .xls, .ods). */
int cli_format_settle(const char *command, bool given, const char *path, bool bom, qd_encoding enc,
		      enum cli_format *format);

/* How a column's values are written in JSON (numbers stay numbers) and
 * aligned in a table (numbers to the right). */
enum cli_col_type { CLI_COL_TEXT, CLI_COL_INT, CLI_COL_NUMBER };

struct cli_out;

/* Whether a report's headers and its values that have words (a level, a
 * kind) are written in words: in Chinese, except JSON, whose keys stay
 * codes. */
bool cli_out_uses_words(enum cli_format format);

/* A new table with ncols columns; names are the column names (the CSV
 * header and JSON keys: stable, ASCII) and titles what a table shows (may be
 * translated; NULL for the names). */
struct cli_out *cli_out_new(int ncols, const char *const *names, const char *const *titles,
			    const enum cli_col_type *types);
/* The column names a file gets: the titles in Chinese, the stable English
 * names otherwise and always in JSON (for programs), as qudao export. */
const char *const *cli_out_keys(enum cli_format format, const char *const *names,
				const char *const *titles);
void cli_out_free(struct cli_out *o);
/* Adds a row of ncols values (copied; NULL is empty in a table and CSV, null
 * in JSON). */
void cli_out_row(struct cli_out *o, const char *const *values);
int cli_out_rows(const struct cli_out *o);

/* Writes it all to f. bom: a UTF-8 byte order mark before CSV or TSV, so
 * Excel reads the Chinese right. 0, or -1 when f could not be written. */
int cli_out_write(const struct cli_out *o, FILE *f, enum cli_format format, bool bom);
/* The same in an encoding: GB18030 is what Chinese Excel opens without a BOM
 * (bom is then ignored); a table is always UTF-8. */
int cli_out_write_as(const struct cli_out *o, FILE *f, enum cli_format format, bool bom,
		     qd_encoding enc);

/* Where a report goes: stdout (path NULL), or a file, in an encoding. */
struct cli_dest {
	const char *path;
	qd_encoding enc;
};
/* Reads -o FILE, --output FILE or --encoding utf-8|gb18030 at argv[*i]
 * into d: 1 when it was one of them (*i then at its value), 0 when not, -1
 * on a usage error of command (said). */
int cli_dest_option(const char *command, int argc, char **argv, int *i, struct cli_dest *d);
/* Whether d goes with format and bom (a GB18030 file has no byte order
 * mark and is not a table): CLI_OK, or a usage error of command, said. A
 * command checks before it prints anything. */
int cli_dest_check(const char *command, const struct cli_dest *d, enum cli_format format, bool bom);
/* --bom where no byte order mark is written: a format that has none (a
 * table, JSON; other is true for one not in cli_format, iCalendar) or a
 * GB18030 file. A usage error said, its exit code; else CLI_OK. */
int cli_bom_check(const char *command, enum cli_format format, bool other, qd_encoding enc,
		  bool bom);
struct qd_db;
/* Writes o to d (checked) in format (bom: a UTF-8 mark before CSV or TSV):
 * to a file through a temporary one renamed into place, never over a
 * database (db's, its -wal or -shm, or another), saying how many rows went.
 * An exit code. */
int cli_dest_write(const struct cli_out *o, struct qd_db *db, const struct cli_dest *d,
		   enum cli_format format, bool bom);

/* One CSV field: quoted when it holds the separator, a quote, CR or LF (or
 * begins or ends with a space), quotes doubled; a text one that a
 * spreadsheet would take for a formula starts with ' (csv_write_text_field). */
void cli_csv_field(FILE *f, const char *s, char sep, bool text);
/* One JSON string, quoted and escaped (controls as \u00XX). */
void cli_json_string(FILE *f, const char *s);

#endif
