/* What the Setup tab hands its record form: which record, and where the
 * form says which one it saved, so the tab can select it. */
#ifndef QUDAO_UI_SCREEN_SETUP_H
#define QUDAO_UI_SCREEN_SETUP_H

#include <stdbool.h>
#include <stdint.h>

#include "qudao/setup.h"
#include "table.h"
#include "ui.h"

struct setup_form_req {
	qd_setup_kind kind;
	int64_t id;	   /* 0 for a new one */
	int64_t parent_id; /* a new territory: put under this one first (0 for none) */
	int64_t *saved;	   /* gets the id of the record saved */
};

/* The Visits section after the reference data (screen_setup_visits.c):
 * the visit settings as a list, and their form. */
struct setup_visits;
struct setup_visits *setup_visits_new(struct ui *ui);
void setup_visits_free(struct setup_visits *v);
void setup_visits_reload(struct setup_visits *v, struct ui *ui);
int64_t setup_visits_count(const struct setup_visits *v);
void setup_visits_draw(struct setup_visits *v, struct ui *ui, int top, int height, int width);
int setup_visits_key(struct setup_visits *v, struct ui *ui, struct ui_key k);
int setup_visits_click(struct setup_visits *v, struct ui *ui, int y, int x);
extern const struct screen screen_setup_visits_form;
/* A section of the Setup tab that is not a kind of reference record (the
 * score settings): its own state, drawing below the section tabs, keys,
 * clicks and count, listed in setup_panels (screen_setup.c). */
struct setup_panel {
	const char *name; /* N_() */
	void *(*enter)(struct ui *ui);
	void (*leave)(void *state);
	void (*reload)(void *state, struct ui *ui);
	void (*draw)(void *state, struct ui *ui, int top, int height, int width);
	int (*key)(void *state, struct ui *ui, struct ui_key k);
	/* A click at a row of the screen's area (0 = the row under the
	 * header), as the Setup tab gets it. */
	void (*click)(void *state, struct ui *ui, int row, int col);
	void (*wheel)(void *state, struct ui *ui, int n);
	int64_t (*count)(void *state); /* shown in its tab */
	const struct ui_help *help;    /* its keys, for the status bar and ? */
	/* Whether its keys are typed text now (Left/Right then are its own). */
	bool (*typing)(void *state);
};

/* A section that lists records in a table t (the reference records, the
 * score settings' versions, the rebate rules): the table's keys first, then
 * a adds (open(state, ui, true)), e or Enter edits the selected one
 * (open(state, ui, false)), d deletes or deactivates it (del). A UI_*
 * answer. */
int setup_list_key(struct table *t, struct ui *ui, struct ui_key k,
		   void (*open)(void *state, struct ui *ui, bool is_new),
		   void (*del)(void *state, struct ui *ui), void *state);
/* A click on the screen's row (0 = the row under the header): Enter's. */
void setup_list_click(struct table *t, struct ui *ui, int row, int col,
		      void (*open)(void *state, struct ui *ui, bool is_new), void *state);

extern const struct setup_panel setup_panel_scoring;
/* The rebate rules (screen_setup_rebates.c). */
extern const struct setup_panel setup_panel_rebates;
/* The visit settings (screen_setup_visits.c). */
extern const struct setup_panel setup_panel_visits;

#endif
