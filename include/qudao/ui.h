/* The full-screen interface. */
#ifndef QUDAO_UI_H
#define QUDAO_UI_H

#include "qudao/db.h"

struct ui_options {
	const char *user; /* who is recorded in history rows */
};

/* Runs the interface on an open database until the user quits. Returns an
 * exit code (0, or 1 when the terminal could not be used). */
int ui_run(qd_db *db, const struct ui_options *o);

typedef enum {
	FIRST_RUN_DEMO,
	FIRST_RUN_EMPTY,
	FIRST_RUN_QUIT,
	FIRST_RUN_NO_TERMINAL
} qd_first_run;

/* Asks, full-screen, what to do when there is no database at path yet
 * (FIRST_RUN_NO_TERMINAL, said on stderr, when the terminal cannot be
 * used). */
qd_first_run ui_first_run(const char *path);

#endif
