/* Importing a file of records (qudao import KIND FILE): the file read in
 * whatever encoding it has, its header matched to the kind's columns
 * (columns.h), every row checked by the rules the forms use and written
 * through the same write functions, all of it in one write: all or nothing,
 * or with rejects the valid rows and writes the others, with their reasons,
 * to a CSV that can be fixed and imported again. */
#ifndef QUDAO_IMPORT_H
#define QUDAO_IMPORT_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "qudao/db.h"
#include "qudao/encoding.h"

struct import_options {
	const char *kind;     /* "orders" */
	qd_encoding encoding; /* ENC_AUTO: detect */
	bool dry_run;	      /* check everything, write nothing */
	bool update;	      /* change records that exist (by code) instead of refusing them */
	const char *rejects;  /* --skip-invalid: where the rejected rows go; NULL: all or nothing */
	const char *who;      /* who the history rows name */
	FILE *messages;	      /* errors and notes ("FILE:LINE:COLUMN: reason"); NULL: none */
	int max_shown;	      /* errors shown at most (the rejects file has all) */
	bool progress;	      /* a progress bar on stderr */
	volatile sig_atomic_t *interrupted; /* set (Ctrl-C): roll back and stop; may be NULL */
	/* Set by the import while the figures of a large file of orders are
	 * made, one long statement after another: Ctrl-C then interrupts the
	 * database too (db_interrupt). May be NULL. */
	volatile sig_atomic_t *figures;
};

/* How an import ended. */
typedef enum {
	IMPORT_DONE,	    /* written (or, dry run, would be) */
	IMPORT_INVALID,	    /* rows had errors: nothing written */
	IMPORT_REFUSED,	    /* the file cannot be read as this kind: nothing written */
	IMPORT_INTERRUPTED, /* Ctrl-C: rolled back */
	IMPORT_FAILED,	    /* the database failed (the error on the handle): rolled back */
} qd_import_end;

struct import_result {
	qd_import_end end;
	long rows; /* data rows read */
	long inserted, updated, skipped, rejected;
	long errors; /* error lines (also the rejected rows' reasons) */
	qd_encoding encoding;
	double seconds;
};

/* Imports the file at path into db as o says. Returns r->end; messages go
 * to o->messages. The caller holds no write. */
qd_import_end import_file(qd_db *db, const char *path, const struct import_options *o,
			  struct import_result *r);

/* Whether path is a file import_file can read: 0, or -1 with why said to
 * messages (NULL: not said), as import_file says it. */
int import_path_check(const char *path, FILE *messages);

/* The kinds that can be imported, as columns.h names them; NULL ends. */
extern const char *const import_kind_names[];

#endif
