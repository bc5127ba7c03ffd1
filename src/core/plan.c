/* The plan proposal: due visits from each distributor's frequency, placed
 * day by day, most overdue first, grouped by territory and one province a
 * day, within the daily cap. See plan.h for the rules. */
#include "qudao/plan.h"

#include <stdlib.h>
#include <string.h>

#include "qudao/xalloc.h"

enum { PLAN_DAY_START = 9 * 60, PLAN_DAY_SPAN = 8 * 60, PLAN_MAX_SLACK = 3 };

/* A due visit. */
struct plan_due {
	int cand;	/* its candidate */
	int32_t target; /* the day it is due, not before the first plannable day */
	int overdue;	/* days late on the first plannable day */
	uint64_t tie;	/* the seed's order among equals */
	bool placed;
};

/* Where a candidate's chain of due dates stands: its next visit in the
 * calendar (an index into the sorted existing visits) and the last. */
struct plan_chain {
	int k, end;
};

/* How many days early a visit may join a day of its territory. */
static int plan_slack(int every)
{
	return every / 4 < PLAN_MAX_SLACK ? every / 4 : PLAN_MAX_SLACK;
}

/* What keeps a day together: the candidate's province, else its territory. */
static int64_t plan_area(const struct plan_candidate *c)
{
	return c->area_id ? c->area_id : c->territory_id;
}

static uint64_t plan_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15u;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

/* Whether due visit a comes before b: by date, the more overdue first, then
 * the seed's order. */
static bool plan_before(const struct plan_due *a, const struct plan_due *b)
{
	if (a->target != b->target)
		return a->target < b->target;
	if (a->overdue != b->overdue)
		return a->overdue > b->overdue;
	return a->tie < b->tie;
}

static int plan_cmp_existing(const void *a, const void *b)
{
	const struct plan_existing *x = a, *y = b;
	if (x->distributor_id != y->distributor_id)
		return x->distributor_id < y->distributor_id ? -1 : 1;
	return date_cmp(x->day, y->day);
}

static int plan_cmp_visit(const void *a, const void *b)
{
	const struct plan_visit *x = a, *y = b;
	int c = date_cmp(x->day, y->day);
	if (c)
		return c;
	if (x->minutes != y->minutes)
		return x->minutes < y->minutes ? -1 : 1;
	return (x->distributor_id > y->distributor_id) - (x->distributor_id < y->distributor_id);
}

int plan_slot_minutes(int i, int per_day)
{
	int step = per_day > 0 ? PLAN_DAY_SPAN / per_day / 15 * 15 : 60;
	if (step < 15)
		step = 15;
	int m = PLAN_DAY_START + i * step;
	return m < 24 * 60 ? m : 24 * 60 - 15;
}

/* The first of the sorted existing visits of distributor id, or ne. */
static int plan_first_existing(const struct plan_existing *e, int ne, int64_t id)
{
	int lo = 0, hi = ne;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (e[mid].distributor_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The state of a proposal under way. */
struct plan_run {
	const struct plan_options *o;
	const struct plan_candidate *c;
	const struct plan_existing *e;
	struct plan_chain *chain;
	int32_t start, last;
	struct plan_due *due;
	int n, cap;
};

/* Follows candidate ci's chain from due date t: a visit in the calendar
 * within every_days of it (of the first plannable day, for one overdue)
 * stands for this one, and the next is due every_days after that visit;
 * the first due date nothing stands for becomes a due visit, if it falls
 * in the month. */
static void plan_chain_next(struct plan_run *r, int ci, int32_t t)
{
	const struct plan_candidate *c = &r->c[ci];
	struct plan_chain *ch = &r->chain[ci];
	int every = c->every_days > 0 ? c->every_days : 1;
	for (;;) {
		int32_t teff = t < r->start ? r->start : t;
		if (teff > r->last)
			return;
		int32_t next = ch->k < ch->end ? date_to_days(r->e[ch->k].day) : 0;
		if (ch->k < ch->end && next < teff + every) {
			t = next + every;
			ch->k++;
			continue;
		}
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 64;
			r->due = xrealloc(r->due, (size_t)r->cap * sizeof *r->due);
		}
		r->due[r->n++] = (struct plan_due){ ci, teff, t < r->start ? r->start - t : 0,
						    plan_mix(r->o->seed ^
							     plan_mix((uint64_t)c->distributor_id +
								      (uint64_t)teff)),
						    false };
		return;
	}
}

/* Starts candidate ci's chain: from its anchor, the last visit done or a
 * visit planned before the month, whichever is later. */
static void plan_chain_start(struct plan_run *r, int ci, int ne, int32_t first)
{
	const struct plan_candidate *c = &r->c[ci];
	struct plan_chain *ch = &r->chain[ci];
	int every = c->every_days > 0 ? c->every_days : 1;
	ch->k = plan_first_existing(r->e, ne, c->distributor_id);
	ch->end = ch->k;
	while (ch->end < ne && r->e[ch->end].distributor_id == c->distributor_id)
		ch->end++;
	bool anchored = c->visited;
	int32_t anchor = c->visited ? date_to_days(c->last_visit) : 0;
	while (ch->k < ch->end && date_to_days(r->e[ch->k].day) < first) {
		int32_t d = date_to_days(r->e[ch->k].day);
		if (!anchored || d > anchor)
			anchor = d;
		anchored = true;
		ch->k++;
	}
	plan_chain_next(r, ci, anchored ? anchor + every : r->start - every);
}

int plan_propose(const struct plan_options *o, const struct plan_candidate *c, int nc,
		 const struct plan_existing *e_in, int ne, struct plan_visit **out, int *unplaced)
{
	*out = NULL;
	if (unplaced)
		*unplaced = 0;
	qd_date first_day = { o->year, o->month, 1 };
	if (!date_valid(first_day) || o->per_day < 1)
		return 0;
	qd_date last_day = { o->year, o->month, date_days_in_month(o->year, o->month) };
	int32_t first = date_to_days(first_day), last = date_to_days(last_day);
	int32_t start = date_to_days(o->today) + 1;
	if (start < first)
		start = first;
	if (start > last)
		return 0;

	/* Visits in the calendar from tomorrow on; what was done before is in
	 * each candidate's last visit, and a plan left in the past is stale. */
	struct plan_existing *e = xmalloc(((size_t)ne + 1) * sizeof *e);
	int keep = 0;
	for (int i = 0; i < ne; i++)
		if (date_to_days(e_in[i].day) > date_to_days(o->today))
			e[keep++] = e_in[i];
	ne = keep;
	qsort(e, (size_t)ne, sizeof *e, plan_cmp_existing);

	/* Room and taken times per day of the month. */
	int ndays = last - first + 1;
	int room[31];
	unsigned char taken[31][96];
	memset(taken, 0, sizeof taken);
	for (int i = 0; i < ndays; i++) {
		qd_date d = date_from_days(first + i);
		bool open = first + i >= start && (o->weekends || date_weekday(d) < 6);
		room[i] = open ? o->per_day : 0;
	}
	for (int i = 0; i < ne; i++) {
		int32_t d = date_to_days(e[i].day);
		if (d < first || d > last || e[i].by_other)
			continue;
		room[d - first]--;
		int slot = e[i].minutes / 15;
		if (slot >= 0 && slot < 96)
			taken[d - first][slot] = 1;
	}

	struct plan_run r = { o,    c, e, xcalloc((size_t)nc + 1, sizeof *r.chain), start, last,
			      NULL, 0, 0 };
	for (int i = 0; i < nc; i++)
		plan_chain_start(&r, i, ne, first);
	/* A day with visits in the calendar belongs to the area of the first
	 * of them (by candidate). */
	int64_t day_area[31] = { 0 };
	for (int i = 0; i < nc; i++)
		for (int k = plan_first_existing(e, ne, c[i].distributor_id);
		     k < ne && e[k].distributor_id == c[i].distributor_id; k++) {
			int32_t d = date_to_days(e[k].day);
			if (d >= start && d <= last && !day_area[d - first] && !e[k].by_other)
				day_area[d - first] = plan_area(&c[i]);
		}

	struct plan_visit *res = NULL;
	int nres = 0, rescap = 0;
	for (int32_t d = start; d <= last; d++) {
		int di = d - first;
		int64_t territory = 0, area = day_area[di];
		while (room[di] > 0) {
			/* The most urgent visit due by this day; then the others of
			 * its territory due within their slack, then those of its
			 * area (province). A day holds one area: the rest wait. */
			int pick = -1;
			for (int i = 0; i < r.n; i++) {
				const struct plan_due *v = &r.due[i];
				const struct plan_candidate *vc = &c[v->cand];
				if (v->placed)
					continue;
				int every = vc->every_days > 0 ? vc->every_days : 1;
				if (territory) {
					if (vc->territory_id != territory ||
					    v->target > d + plan_slack(every))
						continue;
				} else if (area) {
					if (plan_area(vc) != area ||
					    v->target > d + plan_slack(every))
						continue;
				} else if (v->target > d) {
					continue;
				}
				if (pick < 0 || plan_before(v, &r.due[pick]))
					pick = i;
			}
			if (pick < 0 && territory) {
				territory = 0; /* the territory is done: the next leader */
				continue;
			}
			if (pick < 0)
				break;
			struct plan_due *v = &r.due[pick];
			v->placed = true;
			room[di]--;
			if (!territory)
				territory = c[v->cand].territory_id;
			if (!area)
				area = plan_area(&c[v->cand]);
			int slot = 0;
			while (slot < 96 && taken[di][plan_slot_minutes(slot, o->per_day) / 15])
				slot++;
			int minutes = plan_slot_minutes(slot < 96 ? slot : 0, o->per_day);
			taken[di][minutes / 15] = 1;
			if (nres == rescap) {
				rescap = rescap ? rescap * 2 : 64;
				res = xrealloc(res, (size_t)rescap * sizeof *res);
			}
			res[nres++] = (struct plan_visit){
				c[v->cand].distributor_id, date_from_days(d), minutes,
				d > v->target ? d - v->target + v->overdue : v->overdue
			};
			int every = c[v->cand].every_days > 0 ? c[v->cand].every_days : 1;
			plan_chain_next(&r, v->cand, d + every);
		}
	}
	if (unplaced)
		for (int i = 0; i < r.n; i++)
			*unplaced += !r.due[i].placed;
	if (nres)
		qsort(res, (size_t)nres, sizeof *res, plan_cmp_visit);
	free(r.chain);
	free(r.due);
	free(e);
	if (!nres)
		return 0;
	*out = res;
	return nres;
}
