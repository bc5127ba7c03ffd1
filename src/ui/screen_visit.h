/* What the calendar, the distributor's detail and the visit screens hand
 * each other: which visit, what to plan, which note to write, whose visits
 * to show; and how a visit's status is drawn (its colour, and a symbol for
 * terminals without colour). */
#ifndef QUDAO_UI_SCREEN_VISIT_H
#define QUDAO_UI_SCREEN_VISIT_H

#include <stdint.h>

#include "qudao/visit.h"
#include "ui.h"

/* The screens of the calendar (screen_visit.c, screen_visit_forms.c). */
extern const struct screen screen_visit;	/* arg: const int64_t *visit id */
extern const struct screen screen_visit_record; /* the same, as the record form */
extern const struct screen screen_visit_plan;	/* arg: struct visit_plan_req * */
extern const struct screen screen_visit_note;	/* arg: struct visit_note_req * */
extern const struct screen screen_visit_scope;	/* arg: struct visit_scope_req * */
extern const struct screen screen_visit_review; /* arg: struct visit_review_req * */

/* Plan a visit (id 0) or edit the plan of one. */
struct visit_plan_req {
	int64_t id;
	qd_date day;	/* a new one's day */
	int64_t rep_id; /* a new one's rep (0: the distributor's owner) */
	int64_t *saved; /* gets the id of the visit saved, when not NULL */
	qd_date *moved; /* gets its day, when not NULL */
};

enum visit_note_kind { VISIT_NOTE_MISSED, VISIT_NOTE_CANCELLED, VISIT_NOTE_COACHING };
struct visit_note_req {
	enum visit_note_kind kind;
	int64_t id, version;
	char what[900]; /* "distributor, when", for the title */
};

/* Whose visits: the choice is written into scope and label. */
struct visit_scope_req {
	struct visit_scope *scope;
	char *label;
	size_t label_size;
	int64_t mine; /* the user's own rep, 0 when none */
	const char *mine_name;
};

struct visit_review_req {
	struct visit_scope scope;
	int year, month;
	int threshold_pct;
};

/* Opens visit id: the record form when it is planned or confirmed and its
 * day has come, else the visit as it stands. */
void visit_open(struct ui *ui, int64_t id);

/* Index of a status in labels_visit_status order, or -1. */
int visit_status_index(const char *status);
/* The colour of a status, and its one-cell symbol: ~ planned, + confirmed,
 * * done, ! missed, x cancelled. */
enum ui_color visit_status_color(const char *status);
char visit_status_symbol(int index);
/* "10:30" of a row's time. */
void visit_time_of(const char *at, char *buf, size_t size);
/* The objective as words: "collect ¥5,000.00", "list BV-002", "" for none. */
void visit_objective_text(const char *kind, int64_t fen, const char *text, char *buf, size_t size);

#endif
