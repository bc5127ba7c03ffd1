/* Between the importer (import.c) and the kinds it imports (import_rows.c):
 * a kind is one entry in import_kinds[] and a function that writes one
 * record through the write functions of its module. */
#ifndef QUDAO_CLI_IMPORT_KINDS_H
#define QUDAO_CLI_IMPORT_KINDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qudao/columns.h"
#include "qudao/db.h"
#include "qudao/visit.h"
#include "qudao/visit_rules.h"

enum { IMPORT_MAX_COLS = 32 };

/* One row of the file, its values by the kind's columns. */
struct import_row {
	long line;			/* the line of the file it starts on */
	const char *v[IMPORT_MAX_COLS]; /* cleaned (csv_clean); "" when absent or empty */
	bool has[IMPORT_MAX_COLS];	/* the file has the column */
	int field[IMPORT_MAX_COLS];	/* the column's field in the file, from 1; 0 absent */
};

enum import_outcome {
	IMPORT_INSERTED,
	IMPORT_UPDATED,
	IMPORT_SKIPPED, /* there already, the same */
	IMPORT_REJECTED,
	IMPORT_FATAL, /* the database failed: the import stops */
};

struct import_run;

/* A kind of record another names: its table (and import kind), what it is
 * called (N_()), and the column that names it when that column is optional
 * (0 when every record names one: the kind's first column never does). */
struct import_need {
	const char *table;
	const char *what;
	int col;
};

struct import_kind {
	const struct record_kind *cols;
	/* The column whose value groups rows into one record (an order's
	 * lines share its number), or -1: one row, one record. */
	int group;
	/* Writes the record of rows[0..n) inside the import's write (and its
	 * own savepoint when it makes several writes). */
	enum import_outcome (*record)(struct import_run *run, const struct import_row *const *rows,
				      int n);
	/* The key by which two records of the file are the same one (a code,
	 * without regard to case), into buf; "" when records have none. */
	void (*key)(const struct import_row *row, char *buf, size_t size);
	/* With --update, the file may leave out required columns but the
	 * first (the code): a record there keeps their stored values, a new
	 * one is refused for want of them (the kind's reader says so). */
	bool partial;
	/* Its rows draw each id apart, not in a series (core/ids): the
	 * scorecards read distributors in two halves split by id
	 * (db/scoring.c, board_split), which needs their ids spread over the
	 * whole range. */
	bool ids_apart;
	/* The kinds every record names one of, or its optional column may
	 * (ended by a NULL table): none of them in the database, the file is
	 * refused at once, not row by row (an optional column: when a row
	 * fills it, and not with --skip-invalid, which imports the others). */
	const struct import_need *needs;
};

extern const struct import_kind *const import_kinds[];

/* ---- what the importer offers the kinds ---- */

qd_db *import_db(struct import_run *run);
const char *import_who(struct import_run *run);
bool import_updating(const struct import_run *run);
/* A required column the file lacks (an update of some columns), or NULL. */
const struct column *import_missing_required(const struct import_run *run);
/* Setup's visit settings (read once an import; the defaults when they
 * cannot be read). */
const struct visit_settings *import_visit_settings(struct import_run *run);
/* Whether the kind's column col must be in the file (and then hold a value
 * where the kind says so: an amount). */
bool import_required(const struct import_run *run, int col);
const char *import_path(const struct import_run *run);
/* Notes that row, an open or cancelled order, gave a ship date it does not
 * keep: the import says so once at the end, with how many. */
void import_ship_date_dropped(struct import_run *run, const struct import_row *row);

/* Records why row is refused, at the kind's column col (-1: the row as a
 * whole). The reason is a translated printf format. Returns
 * IMPORT_REJECTED. */
enum import_outcome import_reject(struct import_run *run, const struct import_row *row, int col,
				  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Refuses row with the database's last error at col; a failure that is not
 * about the record (busy, I/O, corrupt) stops the import: IMPORT_FATAL. */
enum import_outcome import_db_reject(struct import_run *run, const struct import_row *row, int col);

/* The id of the record with this code (without regard to case), remembered
 * for the rest of the import: 0 when there is none, -1 when the database
 * failed. */
int64_t import_distributor_id(struct import_run *run, const char *code);
int64_t import_product_id(struct import_run *run, const char *sku);
int64_t import_territory_id(struct import_run *run, const char *code);
int64_t import_rep_id(struct import_run *run, const char *code);
int64_t import_region_id(struct import_run *run, const char *code);
/* The line of this file where a record of the kind imported with this code
 * (its key) came first, or 0. */
long import_seen_line(struct import_run *run, const char *code);
/* A count kept for the import by key, from 0 (for rows alike in the file). */
int64_t *import_tally(struct import_run *run, const char *key);

#endif
