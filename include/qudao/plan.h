/* The plan proposal: a month of visits for one rep, pure, so it is tested
 * with plain values and the same input and seed always give the same plan.
 *
 * The rules:
 * - each distributor is due every_days after its anchor: its last visit
 *   done, or a visit already planned before the month, whichever is later;
 *   one never visited is overdue by its whole frequency;
 * - through the month it is due again every_days after each visit;
 *   a visit already in the calendar (planned, confirmed, done) within
 *   every_days of a due date stands for it (for one already overdue, within
 *   every_days of the first plannable day), and the next is due every_days
 *   after that visit; so proposing twice adds nothing, and no visit is
 *   proposed just before one already planned;
 * - the most overdue come first, on the first days; then by due date;
 * - a day's visits are grouped by territory: after the most urgent visit of
 *   a day, the other visits of its territory that are due within a few days
 *   (a quarter of their frequency, at most 3: the slack) join it on that
 *   day, then those of its area (province) the same way. A day holds one
 *   area (that of the visits already in the calendar on it, if any): the
 *   visits of other areas wait for another day;
 * - at most per_day visits a day, counting those already planned; no
 *   Saturdays or Sundays unless weekends; nothing before tomorrow;
 * - times: from 09:00, spread over eight hours, skipping times taken.
 * What does not fit is counted, not planned. Ties are broken by the seed. */
#ifndef QUDAO_PLAN_H
#define QUDAO_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "qudao/date.h"

/* A distributor that may be planned. */
struct plan_candidate {
	int64_t distributor_id;
	int64_t territory_id; /* 0 for none */
	int every_days;	      /* 1 or more */
	bool visited;	      /* it has a visit done */
	qd_date last_visit;   /* the last visit done, when visited */
	/* The top territory above it (its province), or its own when at the
	 * top; 0 for none (then its territory stands for it). */
	int64_t area_id;
};

/* A visit already in the calendar (planned, confirmed or done; not cancelled
 * or missed), of any of the candidates or another distributor of the rep. */
struct plan_existing {
	int64_t distributor_id;
	qd_date day;
	int minutes; /* from midnight */
	/* Someone else's (a manager's) visit to one of the rep's distributors:
	 * it covers the distributor, and takes nothing of the rep's day. */
	bool by_other;
};

struct plan_options {
	int year, month; /* the month to plan */
	qd_date today;	 /* nothing is planned on or before it */
	int per_day;	 /* 1 or more */
	bool weekends;
	uint64_t seed;
};

struct plan_visit {
	int64_t distributor_id;
	qd_date day;
	int minutes;
	int overdue_days; /* how late the visit is on its day; 0 when on time */
};

/* The visits to add, in order of day and time, into *out (the caller frees
 * it; NULL when none). Returns how many; *unplaced (may be NULL) gets how
 * many due visits found no day. */
int plan_propose(const struct plan_options *o, const struct plan_candidate *c, int nc,
		 const struct plan_existing *e, int ne, struct plan_visit **out, int *unplaced);

/* The time of slot i of a day of per_day visits: 09:00 on, spread over eight
 * hours in steps of a quarter hour or more. */
int plan_slot_minutes(int i, int per_day);

#endif
