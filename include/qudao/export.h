/* Records read out for files: every record of a kind (columns.h) as a row
 * of text in that kind's columns, as an import reads them back: codes for
 * references, money as plain yuan (1234.50), dates ISO, yes/no as 1/0, codes
 * (not labels) for statuses, types and levels. */
#ifndef QUDAO_EXPORT_H
#define QUDAO_EXPORT_H

#include <stdint.h>

#include "qudao/columns.h"
#include "qudao/db.h"

/* Called with each row: kind->ncols values (NULL for none). Non-zero stops
 * the export. */
typedef int (*db_export_row_fn)(void *ctx, const char *const *values);

/* Hands every record of kind to row, in one snapshot, in an order an import
 * can read back (what a record refers to first: a province before its
 * cities, an order's lines together). Returns how many rows, or -1: a
 * database failure (the error on the handle), a kind it does not know, or
 * row asked to stop (db_errcode() then DB_OK). */
int64_t db_export(qd_db *db, const struct record_kind *kind, db_export_row_fn row, void *ctx);

/* How many rows db_export would give, for progress; -1 on error. */
int64_t db_export_count(qd_db *db, const struct record_kind *kind);

#endif
