/* The scorecard's rules: each part's sub-score from its figures, the
 * weighted sum with n/a parts' weight spread over the rest, the threshold,
 * normalisation and grades, the reasons a score is low, red flags, and the
 * rebate a period's sales earn. Integers throughout: tenths of a point, fen. */
#include "qudao/scorecard.h"

#include <stdio.h>
#include <string.h>
#include <unistr.h>

#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/validate.h"

/* ---- settings ------------------------------------------------------------ */

void score_settings_default(struct score_settings *s)
{
	static const int weights[SCORE_PARTS] = { 30, 20, 10, 10, 10, 5, 10, 5 };
	static const int deductions[SCORE_INCIDENT_KINDS] = { 20, 25, 5, 10, 10 };
	memset(s, 0, sizeof *s);
	snprintf(s->from, sizeof s->from, "2000-01");
	memcpy(s->weight, weights, sizeof weights);
	memcpy(s->deduction, deductions, sizeof deductions);
	s->threshold = 30;
	s->band[0] = 85;
	s->band[1] = 70;
	s->band[2] = 55;
	s->normalise = false;
	s->bottom_n = 10;
}

const char *score_settings_check(const struct score_settings *s, int *field)
{
	qd_period p;
	if (period_parse(s->from, &p) || p.kind != PERIOD_MONTH) {
		*field = SCORE_FIELD_FROM;
		return N_("The first month is a month such as 2026-07.");
	}
	_Static_assert(DATE_MIN_YEAR == 2000 && DATE_MAX_YEAR == 2999, "the years said below");
	if (p.y < DATE_MIN_YEAR || p.y > DATE_MAX_YEAR) {
		/* A month, out of the years qudao keeps: said so, not "a
		 * month such as". */
		*field = SCORE_FIELD_FROM;
		return N_("The first month is from 2000-01 to 2999-12.");
	}
	int sum = 0;
	for (int i = 0; i < SCORE_PARTS; i++) {
		if (s->weight[i] < 0 || s->weight[i] > 100) {
			*field = SCORE_FIELD_WEIGHT + i;
			return N_("A weight is a whole number from 0 to 100.");
		}
		sum += s->weight[i];
	}
	if (sum != 100) {
		*field = SCORE_FIELD_WEIGHT;
		return N_("The weights must add up to 100.");
	}
	if (s->threshold < 0 || s->threshold > 100) {
		*field = SCORE_FIELD_THRESHOLD;
		return N_("The threshold is a whole number from 0 to 100.");
	}
	for (int i = 0; i < SCORE_INCIDENT_KINDS; i++)
		if (s->deduction[i] < 0 || s->deduction[i] > 100) {
			*field = SCORE_FIELD_DEDUCTION + i;
			return N_("A deduction is a whole number of points from 0 to 100.");
		}
	for (int i = 0; i < 3; i++)
		if (s->band[i] < 0 || s->band[i] > 100) {
			*field = SCORE_FIELD_BAND + i;
			return N_("A grade's lowest score is a whole number from 0 to 100.");
		}
	if (!(s->band[0] > s->band[1] && s->band[1] > s->band[2])) {
		*field = s->band[0] <= s->band[1] ? SCORE_FIELD_BAND + 1 : SCORE_FIELD_BAND + 2;
		return N_("Grade A needs more than grade B, and B more than C.");
	}
	if (s->bottom_n < 1 || s->bottom_n > 1000) {
		*field = SCORE_FIELD_BOTTOM;
		return N_("The bottom list holds 1 to 1000 distributors.");
	}
	return NULL;
}

int score_settings_blame(const struct score_settings *s, const struct score_settings *before,
			 int field)
{
	if (field != SCORE_FIELD_BAND + 1 && field != SCORE_FIELD_BAND + 2)
		return field;
	int hi = field - SCORE_FIELD_BAND - 1, lo = hi + 1;
	return s->band[hi] != before->band[hi] && s->band[lo] == before->band[lo]
		       ? SCORE_FIELD_BAND + hi
		       : field;
}

const struct score_settings *score_settings_for(const struct score_settings *list, int n,
						qd_period p, const struct score_settings *defaults)
{
	qd_date first, last;
	period_range(p, &first, &last);
	char month[PERIOD_BUF];
	period_format((qd_period){ PERIOD_MONTH, first.y, first.m }, month);
	const struct score_settings *best = NULL;
	for (int i = 0; i < n; i++)
		if (strcmp(list[i].from, month) <= 0 &&
		    (!best || strcmp(list[i].from, best->from) > 0))
			best = &list[i];
	return best ? best : defaults;
}

/* Months counted from year 0: y * 12 + m - 1. */
static int score_month_index(int y, int m)
{
	return y * 12 + m - 1;
}

static qd_period score_month_of(int i)
{
	return (qd_period){ PERIOD_MONTH, i / 12, i % 12 + 1 };
}

void score_settings_span(const struct score_settings *list, int n, int64_t self, qd_period from,
			 struct score_span *out)
{
	int start = score_month_index(from.y, from.n), end = -1; /* end: exclusive, -1 none */
	for (int i = 0; i < n; i++) {
		qd_period p;
		if ((self && list[i].id == self) || period_parse_typed(list[i].from, &p) ||
		    p.kind != PERIOD_MONTH)
			continue;
		int k = score_month_index(p.y, p.n);
		if (k > start && (end < 0 || k < end))
			end = k;
	}
	int qs = (start + 2) / 3 * 3, ys = (start + 11) / 12 * 12;
	memset(out, 0, sizeof *out);
	out->q_first = (qd_period){ PERIOD_QUARTER, qs / 12, qs % 12 / 3 + 1 };
	out->y_first = (qd_period){ PERIOD_YEAR, ys / 12, 0 };
	if (end < 0) {
		out->months = out->quarters = out->years = -1;
		return;
	}
	out->months = end - start;
	out->month_last = score_month_of(end - 1);
	out->quarters = qs < end ? (end - 1 - qs) / 3 + 1 : 0;
	out->q_last = period_next(out->q_first, out->quarters > 0 ? out->quarters - 1 : 0);
	out->years = ys < end ? (end - 1 - ys) / 12 + 1 : 0;
	out->y_last = period_next(out->y_first, out->years > 0 ? out->years - 1 : 0);
}

/* ---- one distributor ---------------------------------------------------- */

/* part / whole in tenths of a percent, rounded, at most 1000. */
static int score_share(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return 1000;
	if (part < 0)
		part = 0;
	int64_t v = (part * 1000 + whole / 2) / whole;
	return v > 1000 ? 1000 : (int)v;
}

/* What the incidents of kind k cost, in tenths: each its points, half when
 * resolved in time. */
static int score_incident_cost(const struct score_settings *s, const struct score_figures *f, int k)
{
	int64_t n = f->incidents[k], t = f->in_time[k];
	if (t > n)
		t = n;
	if (n < 0)
		n = t = 0;
	int64_t cost = (n - t) * s->deduction[k] * 10 + t * s->deduction[k] * 5;
	return cost > 100000 ? 100000 : (int)cost;
}

static int score_less(int base, int cost)
{
	return base - cost > 0 ? base - cost : 0;
}

static void score_collection(const struct score_figures *f, struct score_result *r)
{
	int64_t overdue = f->open_to_end_fen;
	r->overdue_fen = overdue > 0 ? overdue : 0;
	r->overdue_days = 0;
	if (f->due_fen <= 0 && r->overdue_fen == 0) {
		/* Nothing asked of it, nothing owed: nothing to measure. */
		r->sub[SCORE_COLLECTION] = SCORE_NA;
		return;
	}
	int base = f->due_fen > 0 ? score_share(f->received_fen, f->due_fen) : 1000;
	int cost = 0;
	if (r->overdue_fen > 0) {
		/* Days of the period's billing that the balance amounts to. */
		int64_t days = f->due_fen > 0 && f->days > 0
				       ? (r->overdue_fen * f->days + f->due_fen / 2) / f->due_fen
				       : 9999;
		r->overdue_days = days > 9999 ? 9999 : (int)days;
		/* Rounded to the nearest tenth, as the parts are. */
		int64_t tenths = (days * 10 + SCORE_OVERDUE_DAYS_PER_POINT / 2) /
				 SCORE_OVERDUE_DAYS_PER_POINT;
		cost = tenths > SCORE_OVERDUE_MAX * 10 ? SCORE_OVERDUE_MAX * 10 : (int)tenths;
	}
	r->deducted[SCORE_COLLECTION] = cost;
	r->sub[SCORE_COLLECTION] = score_less(base, cost);
}

void score_share_out(const int64_t share[SCORE_PARTS], int64_t den, int total, int out[SCORE_PARTS])
{
	int64_t rem[SCORE_PARTS];
	int used = 0;
	for (int i = 0; i < SCORE_PARTS; i++) {
		out[i] = share[i] > 0 && den > 0 ? (int)(share[i] / den) : 0;
		rem[i] = share[i] > 0 && den > 0 ? share[i] % den : -1;
		used += out[i];
	}
	/* Short: a tenth more to the largest remainders, a part once; over
	 * (the shares did not add up to total): a tenth less from the
	 * smallest. */
	while (used < total) {
		int best = -1;
		for (int i = 0; i < SCORE_PARTS; i++)
			if (rem[i] >= 0 && (best < 0 || rem[i] > rem[best]))
				best = i;
		if (best < 0)
			break;
		out[best]++;
		rem[best] = -1;
		used++;
	}
	while (used > total) {
		int least = -1;
		for (int i = 0; i < SCORE_PARTS; i++)
			if (out[i] > 0 && share[i] > 0 &&
			    (least < 0 || share[i] % den < share[least] % den))
				least = i;
		if (least < 0)
			break;
		out[least]--;
		used--;
	}
}

void score_compute(const struct score_settings *s, const struct score_figures *f,
		   struct score_result *r)
{
	memset(r, 0, sizeof *r);
	int *sub = r->sub;

	/* While the period runs, against the target its days over make (the
	 * pace: on a quarter's 58th day, 57/92 of it), as collection counts
	 * the period to today; nothing on its first day (n/a). */
	int64_t target = score_target_to_date(f);
	sub[SCORE_SALES] = target > 0 ? score_share(f->sales_fen, target) : SCORE_NA;

	score_collection(f, r);

	/* Price and territory are measured by what was sold, or by a violation
	 * recorded without a sale in the period. */
	int64_t seen = f->lines + f->shelf;
	r->deducted[SCORE_PRICE] = score_incident_cost(s, f, 0);
	sub[SCORE_PRICE] = seen > 0 || f->incidents[0] > 0
				   ? score_less(score_share(f->lines_ok + f->shelf_ok, seen),
						r->deducted[SCORE_PRICE])
				   : SCORE_NA;

	r->deducted[SCORE_TERRITORY] = score_incident_cost(s, f, 1);
	sub[SCORE_TERRITORY] =
		f->orders > 0 || f->incidents[1] > 0
			? score_less(score_share(f->orders - f->cross_orders, f->orders),
				     r->deducted[SCORE_TERRITORY])
			: SCORE_NA;

	sub[SCORE_VISITS] =
		f->visits_due > 0 ? score_share(f->visits_done, f->visits_due) : SCORE_NA;

	sub[SCORE_INVENTORY] = f->stock_counts > 0
				       ? score_share(f->stock_counts - f->stock_low - f->stock_high,
						     f->stock_counts)
				       : SCORE_NA;

	r->deducted[SCORE_SERVICE] = score_incident_cost(s, f, 2) + score_incident_cost(s, f, 3) +
				     score_incident_cost(s, f, 4);
	sub[SCORE_SERVICE] = score_less(1000, r->deducted[SCORE_SERVICE]);

	sub[SCORE_TRAINING] = f->trainings_offered > 0
				      ? score_share(f->trainings, f->trainings_offered)
				      : SCORE_NA;

	/* Scored only when a part that measures the business, not only its
	 * discipline, can be measured and carries weight: discipline starts at
	 * 100 and loses points, so a newcomer with one order and no target
	 * would top the ranking on it. */
	int total_weight = 0, measured = 0, weighed = 0;
	bool discipline = false;
	for (int i = 0; i < SCORE_PARTS; i++) {
		if (sub[i] == SCORE_NA)
			continue;
		total_weight += s->weight[i];
		if (!score_part_discipline(i)) {
			measured++;
			weighed += s->weight[i];
		} else if (i != SCORE_SERVICE) {
			discipline = true;
		}
	}
	if (weighed <= 0) {
		r->scored = false;
		r->unscored = measured	   ? SCORE_UNSCORED_NO_WEIGHT
			      : discipline ? SCORE_UNSCORED_DISCIPLINE_ONLY
					   : SCORE_UNSCORED_NO_ACTIVITY;
		return;
	}
	int64_t sum = 0, share[SCORE_PARTS];
	int weight[SCORE_PARTS];
	for (int i = 0; i < SCORE_PARTS; i++)
		share[i] = sub[i] == SCORE_NA ? 0 : (int64_t)s->weight[i] * 1000;
	/* Shown in tenths of a percent, they add up to 100.0 % (three
	 * thirds were 33.3 % each, 99.9 % in all). */
	score_share_out(share, total_weight, 1000, weight);
	for (int i = 0; i < SCORE_PARTS; i++) {
		if (sub[i] == SCORE_NA)
			continue;
		r->below[i] = sub[i] < s->threshold * 10;
		r->weight[i] = weight[i];
		sum += (int64_t)s->weight[i] * (r->below[i] ? 0 : sub[i]);
	}
	r->scored = true;
	r->raw = (int)((sum + total_weight / 2) / total_weight);
	r->raw_fine = (int)((sum * 1000 + total_weight / 2) / total_weight);
	r->score = r->raw;
	r->grade = score_grade(s, r->score);
}

int score_days_paced(const struct score_figures *f)
{
	if (f->period_days <= 0)
		return -1;
	/* Terminated in the period: its days of business, all over, so
	 * that its score stays as it was when it left (paced to today, it
	 * drifted with the days after). */
	if (f->ended_days > 0)
		return f->ended_days < f->period_days ? f->ended_days : -1;
	if (f->period_days <= f->days)
		return -1;
	/* The days over: today is not (as a visit due today is not owed
	 * yet); on the first day nothing is owed. */
	return f->days > 1 ? f->days - 1 : 0;
}

int64_t score_target_to_date(const struct score_figures *f)
{
	int over = score_days_paced(f);
	if (f->target_fen <= 0 || over < 0)
		return f->target_fen;
	if (over == 0)
		return 0;
	int64_t t = (f->target_fen * over + f->period_days / 2) / f->period_days;
	return t > 0 ? t : 1;
}

bool score_part_discipline(int part)
{
	return part == SCORE_PRICE || part == SCORE_TERRITORY || part == SCORE_SERVICE;
}

const char *score_unscored_label(const struct score_result *r)
{
	if (r->scored)
		return "";
	if (r->unscored == SCORE_UNSCORED_DISCIPLINE_ONLY)
		/* TRANSLATORS: in the ranking, in place of the rank, grade and
		 * score of a distributor measured on nothing but its discipline
		 * (prices, territory, service); at most 14 cells. */
		return N_("too few parts");
	return r->unscored == SCORE_UNSCORED_NO_WEIGHT
		       /* TRANSLATORS: in the ranking, in place of the rank, grade
			* and score of a distributor whose measured parts all
			* carry no weight in the settings; at most 14 cells. */
		       ? N_("not weighted")
		       /* TRANSLATORS: in the ranking, in place of the rank, grade
			* and score of a distributor that did no business in the
			* period; at most 14 cells. */
		       : N_("no activity");
}

const char *score_not_ranked_label(const struct score_result *r, int rank)
{
	if (rank > 0)
		return "";
	/* TRANSLATORS: why a distributor scored has no rank; in a report's
	 * and an export's column. */
	return r->scored ? N_("terminated in the period") : score_unscored_label(r);
}

const char *score_not_ranked_key(const struct score_result *r, int rank)
{
	if (rank > 0)
		return "";
	if (r->scored)
		return "terminated_in_the_period";
	return r->unscored == SCORE_UNSCORED_DISCIPLINE_ONLY ? "too_few_parts"
	       : r->unscored == SCORE_UNSCORED_NO_WEIGHT     ? "not_weighted"
							     : "no_activity";
}

const char *score_unscored_reason(const struct score_result *r)
{
	if (r->scored)
		return "";
	if (r->unscored == SCORE_UNSCORED_DISCIPLINE_ONLY)
		return N_("Not scored: only its discipline could be measured in the period "
			  "(prices, territory, service): no target, nothing due and nothing "
			  "overdue, no visit due, no inventory count and no training. Discipline "
			  "only takes points off, so it alone ranks nobody (one order would make "
			  "a newcomer the best): the distributor is listed after the ranked ones, "
			  "without rank or grade, and left out of averages.");
	return r->unscored == SCORE_UNSCORED_NO_WEIGHT
		       ? N_("Not scored: the parts that measure its business (sales, "
			    "collection, visits, inventory, training) carry no weight in the "
			    "settings in force where it can be measured on them; its discipline "
			    "(prices, territory, service) only takes points off and does not "
			    "rank a distributor on its own. It is listed after the ranked ones, "
			    "without rank or grade, and left out of averages.")
		       : N_("Not scored: no activity in the period. Nothing fell due and nothing "
			    "was overdue, no order was shipped, no price or territory violation, "
			    "no target owed, no visit due, no inventory count and no training. "
			    "Service "
			    "only takes points off, so it alone scores nobody: the distributor is "
			    "listed after the ranked ones, without rank or grade, and left out of "
			    "averages.");
}

void score_normalise(const struct score_settings *s, struct score_result *r, int best)
{
	if (!s->normalise || !r->scored || best <= 0)
		return;
	int64_t v = ((int64_t)r->raw_fine * 1000 + best / 2) / best;
	r->score = v > 1000 ? 1000 : (int)v;
	r->grade = score_grade(s, r->score);
}

char score_grade(const struct score_settings *s, int score)
{
	for (int i = 0; i < 3; i++)
		if (score >= s->band[i] * 10)
			return (char)('A' + i);
	return 'D';
}

/* Every part's cost, shared out so that they add up to what the score
 * lacks of 100 (rounded one by one, 100 less them was 34.6 for a score of
 * 34.7); 0 for all when not scored. */
static void score_losts(const struct score_result *r, int lost[SCORE_PARTS])
{
	int64_t share[SCORE_PARTS];
	for (int i = 0; i < SCORE_PARTS; i++) {
		int counted = r->below[i] ? 0 : r->sub[i];
		share[i] = !r->scored || r->sub[i] == SCORE_NA
				   ? 0
				   : (int64_t)r->weight[i] * (1000 - counted);
	}
	score_share_out(share, 1000, r->scored ? 1000 - r->raw : 0, lost);
}

int score_lost(const struct score_result *r, int part)
{
	int lost[SCORE_PARTS];
	score_losts(r, lost);
	return lost[part];
}

char *score_cost_format(const struct score_result *r, int part, const char *minus, char *buf,
			size_t size)
{
	char pts[16];
	int lost = r->sub[part] != SCORE_NA ? score_lost(r, part) : 0;
	if (lost > 0)
		snprintf(buf, size, "%s%s", minus, score_format(lost, pts, sizeof pts));
	else if (size)
		buf[0] = '\0';
	return buf;
}

int score_reasons(const struct score_result *r, int *parts, int max)
{
	int n = 0, lost[SCORE_PARTS];
	bool used[SCORE_PARTS] = { false };
	score_losts(r, lost);
	while (n < max) {
		int best = -1, best_lost = 0;
		for (int i = 0; i < SCORE_PARTS; i++)
			if (!used[i] && lost[i] > best_lost) {
				best = i;
				best_lost = lost[i];
			}
		if (best < 0)
			break;
		used[best] = true;
		parts[n++] = best;
	}
	return n;
}

/* ---- words ---------------------------------------------------------------- */

const char *score_part_label(int part)
{
	static const char *const labels[SCORE_PARTS] = {
		/* TRANSLATORS: the parts of a distributor's score. */
		N_("Sales achievement"), N_("Payment collection"),
		N_("Price discipline"),	 N_("Territory discipline"),
		N_("Visit coverage"),	 N_("Inventory health"),
		N_("Service"),		 N_("Training"),
	};
	return part >= 0 && part < SCORE_PARTS ? labels[part] : "";
}

const char *score_part_short(int part)
{
	static const char *const labels[SCORE_PARTS] = {
		/* TRANSLATORS: column headers for the parts of a score; at most
		 * five cells (two Chinese characters). */
		NC_("part", "Sales"), N_("Paid"),  N_("Price"), NC_("part", "Terr"),
		N_("Visit"),	      N_("Stock"), N_("Serv"),	N_("Train"),
	};
	return part >= 0 && part < SCORE_PARTS ? labels[part] : "";
}

const char *score_part_key(int part)
{
	static const char *const keys[SCORE_PARTS] = {
		"sales",  "collection", "price",   "territory",
		"visits", "inventory",	"service", "training",
	};
	return part >= 0 && part < SCORE_PARTS ? keys[part] : "";
}

void score_part_formula(int part, char *buf, size_t size)
{
	switch (part) {
	case SCORE_SALES:
		snprintf(
			buf, size, "%s",
			_("sales shipped in the period ÷ the period's target (the sum of its "
			  "months' targets when it has none), at most 100; while the period "
			  "runs, ÷ the share of the target its days over make (today is not; "
			  "the whole target when only some of its months have one); when its "
			  "agreement ended in the period (terminated, or run out), its sales up to "
			  "that day "
			  "÷ the share its days of business make (what was shipped to it after "
			  "does not count); n/a without a target"));
		break;
	case SCORE_COLLECTION:
		snprintf(buf, size,
			 _("money received ÷ money falling due in the period, at most 100 (100 "
			   "when nothing fell due), less a point per %d days of the period's "
			   "billing overdue at its end, at most %d points; n/a when nothing fell "
			   "due and nothing was overdue. While the period runs, its end is today: "
			   "what falls due later is not counted yet. A distributor terminated in "
			   "the period is still measured to the period's end: what it owed when it "
			   "left is still collected"),
			 SCORE_OVERDUE_DAYS_PER_POINT, SCORE_OVERDUE_MAX);
		break;
	case SCORE_PRICE:
		snprintf(buf, size,
			 _("order lines and shelf prices within the price tolerance ÷ all of them "
			   "(100 when there are none), less each price violation's points (half "
			   "when resolved within %d days); n/a without lines, shelf prices or "
			   "violations"),
			 SCORE_INCIDENT_IN_TIME_DAYS);
		break;
	case SCORE_TERRITORY:
		snprintf(buf, size,
			 _("orders shipped inside its territory ÷ orders shipped (100 when there "
			   "are none), less each cross-territory incident's points (half when "
			   "resolved within %d days); n/a without orders shipped or incidents"),
			 SCORE_INCIDENT_IN_TIME_DAYS);
		break;
	case SCORE_VISITS:
		snprintf(buf, size, "%s",
			 _("visits done ÷ visits due, at most 100; n/a when none was due. A "
			   "visit falls due every so many days (its visit frequency) after the "
			   "last visit before the period, or after the agreement's start when "
			   "never visited or when that is later: the period owes the dates that "
			   "fall in it while the "
			   "agreement ran, up to yesterday (one due today is not owed yet), and "
			   "at least one when overdue; visited "
			   "since the period began, the period's days over the frequency, "
			   "rounded"));
		break;
	case SCORE_INVENTORY:
		snprintf(buf, size,
			 _("inventory counts with %d to %d days of stock ÷ all counts (days of "
			   "stock: the count over the product's shipments of the %d days before, "
			   "per day); n/a without counts"),
			 SCORE_STOCK_LOW_DAYS, SCORE_STOCK_HIGH_DAYS, SCORE_STOCK_WINDOW_DAYS);
		break;
	case SCORE_SERVICE:
		snprintf(buf, size,
			 _("100 less the points of each return, quality incident and complaint "
			   "(half when resolved within %d days); it only takes points off, so a "
			   "distributor measured on service alone is not scored"),
			 SCORE_INCIDENT_IN_TIME_DAYS);
		break;
	case SCORE_TRAINING:
		snprintf(buf, size, "%s",
			 _("training sessions attended ÷ sessions held while its agreement ran, "
			   "at most 100; n/a when none was held"));
		break;
	default:
		snprintf(buf, size, "%s", "");
	}
}

char *score_format(int tenths, char *buf, size_t size)
{
	if (tenths == SCORE_NA)
		/* TRANSLATORS: a part of a score that cannot be measured. */
		snprintf(buf, size, "%s", _("n/a"));
	else
		snprintf(buf, size, "%d.%d", tenths / 10, (tenths < 0 ? -tenths : tenths) % 10);
	return buf;
}

char *score_fine_format(int raw_fine, char *buf, size_t size)
{
	/* raw_fine is in ten-thousandths of a point: said exactly, its zeros
	 * at the end dropped down to two decimals (96.0749, 96.075, 96.00),
	 * so that the normalised score is worked out again from what is
	 * shown without a rounding of ours in between (80.845 shown as
	 * 80.85 made 80.9 of a score of 80.8). */
	int neg = raw_fine < 0, v = neg ? -raw_fine : raw_fine;
	int frac = v % 10000, digits = 4;
	while (digits > 2 && frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	snprintf(buf, size, "%s%d.%0*d", neg ? "-" : "", v / 10000, digits, frac);
	return buf;
}

static int64_t score_sum(const int64_t *v, int from, int to)
{
	int64_t n = 0;
	for (int i = from; i < to; i++)
		n += v[i];
	return n;
}

/* Visits done and due, and how the due ones were counted. */
static void score_visit_inputs(const struct score_figures *f, char *buf, size_t size)
{
	long long done = (long long)f->visits_done, due = (long long)f->visits_due;
	char day[DATE_BUF];
	/* Not "1 of 0 due" (the part is not measured), with how none came
	 * to fall due. */
	if (due == 0 && f->visit_every > 0 && !f->visit_from)
		snprintf(buf, size,
			 _("visits done: %lld; none fell due (one every %d days over %d days, "
			   "rounded to 0: the scores know only the distributor's latest visit, %s, "
			   "which is not before the period, so they cannot count from the one "
			   "before it)"),
			 done, f->visit_every, f->visit_days,
			 date_format(date_from_days(f->last_visit), day));
	else if (due == 0 && f->visit_every > 0 && f->never_visited)
		snprintf(buf, size,
			 _("visits done: %lld; none fell due (one every %d days from the "
			   "agreement's start %s: never visited)"),
			 done, f->visit_every, date_format(date_from_days(f->visit_from), day));
	else if (due == 0 && f->visit_every > 0 && f->visit_from != f->last_visit)
		snprintf(buf, size,
			 _("visits done: %lld; none fell due (one every %d days from the "
			   "agreement's start %s, later than its last visit)"),
			 done, f->visit_every, date_format(date_from_days(f->visit_from), day));
	else if (due == 0 && f->visit_every > 0)
		snprintf(buf, size,
			 _("visits done: %lld; none fell due (one every %d days from the last "
			   "visit before the period, %s)"),
			 done, f->visit_every, date_format(date_from_days(f->visit_from), day));
	else if (due == 0)
		snprintf(buf, size, _("visits done: %lld; none fell due"), done);
	else if (f->visit_every <= 0)
		snprintf(buf, size, _("visits done: %lld of %lld due"), done, due);
	else if (!f->visit_from)
		snprintf(buf, size,
			 _("visits done: %lld of %lld due (one every %d days over %d days, "
			   "rounded: the scores know only the distributor's latest visit, %s, "
			   "which is not before the period, so they cannot count from the one "
			   "before it)"),
			 done, due, f->visit_every, f->visit_days,
			 date_format(date_from_days(f->last_visit), day));
	else if (f->never_visited)
		snprintf(buf, size,
			 _("visits done: %lld of %lld due (one every %d days from the "
			   "agreement's start %s: never visited)"),
			 done, due, f->visit_every,
			 date_format(date_from_days(f->visit_from), day));
	else if (f->visit_from != f->last_visit)
		snprintf(buf, size,
			 _("visits done: %lld of %lld due (one every %d days from the "
			   "agreement's start %s, later than its last visit)"),
			 done, due, f->visit_every,
			 date_format(date_from_days(f->visit_from), day));
	else
		snprintf(buf, size,
			 _("visits done: %lld of %lld due (one every %d days from the last "
			   "visit before the period, %s)"),
			 done, due, f->visit_every,
			 date_format(date_from_days(f->visit_from), day));
}

void score_part_inputs(int part, const struct score_settings *s, const struct score_figures *f,
		       const struct score_result *r, char *buf, size_t size)
{
	char m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF], pts[16];
	score_format(r->deducted[part], pts, sizeof pts);
	(void)s;
	switch (part) {
	case SCORE_SALES:
		if (f->target_fen > 0 && score_target_to_date(f) == 0)
			snprintf(buf, size,
				 _("sales %s; none of the %s target is owed yet: the period's "
				   "first day is not over"),
				 money_format(f->sales_fen, m1), money_format(f->target_fen, m2));
		else if (f->target_fen > 0 && f->ended_days > 0 && score_days_paced(f) > 0)
			snprintf(buf, size,
				 _("sales %s against %s (its %d days of business of the period's "
				   "%d, up to its agreement's end, of a %s target)"),
				 money_format(f->sales_fen, m1),
				 money_format(score_target_to_date(f), m3), score_days_paced(f),
				 f->period_days, money_format(f->target_fen, m2));
		else if (f->target_fen > 0 && score_target_to_date(f) != f->target_fen)
			snprintf(buf, size, _("sales %s against %s (%d of %d days of a %s target)"),
				 money_format(f->sales_fen, m1),
				 money_format(score_target_to_date(f), m3), score_days_paced(f),
				 f->period_days, money_format(f->target_fen, m2));
		else if (f->target_fen > 0)
			snprintf(buf, size, _("sales %s of a %s target"),
				 money_format(f->sales_fen, m1), money_format(f->target_fen, m2));
		else
			snprintf(buf, size, _("sales %s; no target set"),
				 money_format(f->sales_fen, m1));
		break;
	case SCORE_COLLECTION:
		/* Owed from before with nothing billed in the period: no number of
		 * days of its billing says it (it takes the most off). */
		if (r->overdue_fen > 0 && f->due_fen <= 0)
			snprintf(buf, size,
				 _("received %s; nothing fell due in the period, yet %s from "
				   "before was overdue at its end: −%s, the most"),
				 money_format(f->received_fen, m1), money_format(r->overdue_fen, m3),
				 pts);
		else if (r->overdue_fen > 0)
			/* With the days the billing is spread over (today's
			 * included, as what falls due today is), so that the
			 * days of it can be worked out again. */
			snprintf(buf, size,
				 _("received %s of %s due in %d days; %s overdue at the end, as "
				   "much as %d days of that billing: −%s"),
				 money_format(f->received_fen, m1), money_format(f->due_fen, m2),
				 f->days, money_format(r->overdue_fen, m3), r->overdue_days, pts);
		else
			snprintf(buf, size, _("received %s of %s due; nothing overdue at the end"),
				 money_format(f->received_fen, m1), money_format(f->due_fen, m2));
		break;
	case SCORE_PRICE:
		/* No deduction, no "−0.0". */
		if (f->incidents[0] == 0) {
			snprintf(buf, size,
				 _("within tolerance: order lines %lld of %lld, shelf prices %lld of "
				   "%lld; no price violation incidents"),
				 (long long)f->lines_ok, (long long)f->lines, (long long)f->shelf_ok,
				 (long long)f->shelf);
			break;
		}
		snprintf(buf, size,
			 _("within tolerance: order lines %lld of %lld, shelf prices %lld of "
			   "%lld; price violations %lld, resolved in time %lld: −%s"),
			 (long long)f->lines_ok, (long long)f->lines, (long long)f->shelf_ok,
			 (long long)f->shelf, (long long)f->incidents[0], (long long)f->in_time[0],
			 pts);
		break;
	case SCORE_TERRITORY:
		if (f->incidents[1] == 0) {
			snprintf(buf, size,
				 _("orders shipped outside its territory: %lld of %lld; no "
				   "cross-territory selling incidents"),
				 (long long)f->cross_orders, (long long)f->orders);
			break;
		}
		snprintf(buf, size,
			 _("orders shipped outside its territory: %lld of %lld; cross-territory "
			   "incidents %lld, resolved in time %lld: −%s"),
			 (long long)f->cross_orders, (long long)f->orders,
			 (long long)f->incidents[1], (long long)f->in_time[1], pts);
		break;
	case SCORE_VISITS:
		score_visit_inputs(f, buf, size);
		break;
	case SCORE_INVENTORY:
		snprintf(buf, size,
			 _("counts within the band: %lld of %lld; below it: %lld, above it: %lld"),
			 (long long)(f->stock_counts - f->stock_low - f->stock_high),
			 (long long)f->stock_counts, (long long)f->stock_low,
			 (long long)f->stock_high);
		break;
	case SCORE_SERVICE:
		if (score_sum(f->incidents, 2, 5) == 0) {
			snprintf(buf, size, "%s", _("no returns, quality incidents or complaints"));
			break;
		}
		snprintf(buf, size,
			 _("returns %lld, quality incidents %lld, complaints %lld; resolved in "
			   "time %lld: −%s"),
			 (long long)f->incidents[2], (long long)f->incidents[3],
			 (long long)f->incidents[4], (long long)score_sum(f->in_time, 2, 5), pts);
		break;
	case SCORE_TRAINING:
		snprintf(buf, size, _("sessions attended: %lld of %lld held"),
			 (long long)f->trainings, (long long)f->trainings_offered);
		break;
	default:
		snprintf(buf, size, "%s", "");
	}
}

/* ---- days, visits ---------------------------------------------------------- */

int score_days_n(int32_t first, int32_t last, int32_t today, int32_t from, int32_t until)
{
	int32_t a = from && from > first ? from : first;
	int32_t b = until && until < last ? until : last;
	if (today < b)
		b = today;
	return b >= a ? (int)(b - a + 1) : 0;
}

int score_days(qd_date first, qd_date last, qd_date today, qd_date from, qd_date until)
{
	return score_days_n(date_to_days(first), date_to_days(last), date_to_days(today),
			    from.y ? date_to_days(from) : 0, until.y ? date_to_days(until) : 0);
}

bool score_period_begun(qd_period p, qd_date today)
{
	qd_date first, last;
	period_range(p, &first, &last);
	return date_to_days(first) <= date_to_days(today);
}

int score_days_over(qd_period p, qd_date today)
{
	qd_date first, last;
	period_range(p, &first, &last);
	/* Its days up to yesterday. */
	return score_days_n(date_to_days(first), date_to_days(last), date_to_days(today) - 1, 0, 0);
}

int score_early_days(qd_date today, qd_period *now)
{
	qd_period q = period_of(PERIOD_QUARTER, today), shown = score_default_period(today);
	if (shown.y == q.y && shown.n == q.n)
		return -1;
	if (now)
		*now = q;
	return score_days_over(q, today);
}

qd_period score_default_period(qd_date today)
{
	qd_period q = period_of(PERIOD_QUARTER, today), before = period_next(q, -1);
	/* (Not before the years qudao keeps.) */
	return score_days_over(q, today) < SCORE_EARLY_DAYS && before.y >= DATE_MIN_YEAR ? before
											 : q;
}

/* Due dates from + k·every (k >= 1) on or before day x. */
static int64_t score_due_by(int32_t from, int every, int32_t x)
{
	return x > from ? (int64_t)(x - from) / every : 0;
}

int64_t score_visits_due(int32_t a, int32_t b, int every, int32_t from)
{
	if (every <= 0 || b < a)
		return 0;
	if (!from) {
		int64_t days = (int64_t)b - a + 1;
		return (days * 2 + every) / (2 * (int64_t)every);
	}
	int64_t n = score_due_by(from, every, b) - score_due_by(from, every, a - 1);
	if (n == 0 && (int64_t)from + every <= b)
		n = 1; /* fell due before the period, still owed */
	return n;
}

/* ---- flags ------------------------------------------------------------------ */

int score_flags_n(qd_status status, int32_t last_visit, int visit_every, int32_t unpaid_since,
		  int open_incidents, int32_t agreement_start, int32_t agreement_end, int32_t today)
{
	int flags = 0;
	if (unpaid_since && unpaid_since < today)
		flags |= SCORE_FLAG_OVERDUE;
	if (open_incidents > 0)
		flags |= SCORE_FLAG_INCIDENTS;
	int32_t since = agreement_start > last_visit ? agreement_start : last_visit;
	if (status == STATUS_ACTIVE && (!since || since < today - visit_every))
		flags |= SCORE_FLAG_NO_VISIT;
	if (agreement_end) {
		int32_t left = agreement_end - today;
		if ((status == STATUS_ACTIVE || status == STATUS_SUSPENDED) && left >= 0 &&
		    left <= 60)
			flags |= SCORE_FLAG_EXPIRING;
		if (status == STATUS_ACTIVE && left < 0)
			flags |= SCORE_FLAG_EXPIRED;
	}
	if (status == STATUS_TERMINATED)
		flags |= SCORE_FLAG_TERMINATED;
	if (status == STATUS_SUSPENDED)
		flags |= SCORE_FLAG_SUSPENDED;
	return flags;
}

int score_flags(const struct score_state *st, qd_date today)
{
	return score_flags_n(
		st->status, st->last_visit.y ? date_to_days(st->last_visit) : 0, st->visit_every,
		st->unpaid_since.y ? date_to_days(st->unpaid_since) : 0, st->open_incidents,
		st->agreement_start.y ? date_to_days(st->agreement_start) : 0,
		st->agreement_end.y ? date_to_days(st->agreement_end) : 0, date_to_days(today));
}

static int score_flag_index(int bit)
{
	for (int i = 0; i < SCORE_FLAG_COUNT; i++)
		if (bit == 1 << i)
			return i;
	return -1;
}

const char *score_flag_mark(int bit)
{
	switch (score_flag_index(bit)) {
	case 0:
		/* TRANSLATORS: one-character red flags of the scorecard: payment
		 * overdue, open incidents, no visit for too long, agreement
		 * expiring, agreement expired; the help (?) names them. */
		return C_("flag", "$");
	case 1:
		return C_("flag", "!");
	case 2:
		return C_("flag", "V");
	case 3:
		return C_("flag", "E");
	case 4:
		return C_("flag", "X");
	case 5:
		return C_("flag", "T");
	case 6:
		return C_("flag", "S");
	default:
		return "";
	}
}

const char *score_flag_label(int bit)
{
	static const char *const labels[SCORE_FLAG_COUNT] = {
		N_("payment overdue"),	  N_("open incidents"),	   N_("no visit for too long"),
		N_("agreement expiring"), N_("agreement expired"), N_("terminated"),
		N_("suspended"),
	};
	int i = score_flag_index(bit);
	return i >= 0 ? labels[i] : "";
}

const char *score_flag_key(int bit)
{
	static const char *const keys[SCORE_FLAG_COUNT] = {
		"payment_overdue",    "open_incidents",	   "no_visit_for_too_long",
		"agreement_expiring", "agreement_expired", "terminated",
		"suspended",
	};
	int i = score_flag_index(bit);
	return i >= 0 ? keys[i] : "";
}

/* ---- rebates ------------------------------------------------------------------ */

int score_period_months(qd_period p)
{
	return p.kind == PERIOD_YEAR ? 12 : p.kind == PERIOD_QUARTER ? 3 : 1;
}

char *rebate_percent(int64_t bp, char *buf, size_t size)
{
	/* 10000 → "100%", 11250 → "112.5%", 1 → "0.01%". */
	int64_t whole = bp / 100, frac = bp % 100;
	if (bp < 0)
		snprintf(buf, size, "-");
	else if (frac == 0)
		snprintf(buf, size, "%lld%%", (long long)whole);
	else if (frac % 10 == 0)
		snprintf(buf, size, "%lld.%lld%%", (long long)whole, (long long)(frac / 10));
	else
		snprintf(buf, size, "%lld.%02lld%%", (long long)whole, (long long)frac);
	return buf;
}

/* An achievement measured, in 0.01 %, always with its two decimals: 66.00%
 * beside 116.77%, where a step typed shows as typed (rebate_percent). */
static char *achievement_percent(int64_t bp, char *buf, size_t size)
{
	if (bp < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%lld.%02lld%%", (long long)(bp / 100), (long long)(bp % 100));
	return buf;
}

int rebate_percent_parse(const char *s, int64_t *bp)
{
	/* Digits, a point and up to two decimals, an optional % after:
	 * "1.5", "1.50%", "112.5 %", ".5", and "5." as a calculator or
	 * Excel reads it. */
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = -1;
	const char *p = s;
	while (*p == ' ')
		p++;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (decimals >= 0) {
				if (++decimals > 2)
					return -1;
				frac = frac * 10 + (*p - '0');
			} else {
				if (whole > 1000000)
					return -1;
				whole = whole * 10 + (*p - '0');
			}
			digits++;
		} else if (*p == '.' && decimals < 0) {
			decimals = 0;
		} else {
			break;
		}
	}
	while (*p == ' ')
		p++;
	if (*p == '%')
		p++;
	while (*p == ' ')
		p++;
	if (!digits || *p)
		return -1;
	if (decimals == 1)
		frac *= 10;
	*bp = whole * 100 + (decimals > 0 ? frac : 0);
	return 0;
}

int64_t rebate_achievement_bp(int64_t sales, int64_t target)
{
	if (target <= 0 || sales < 0)
		return -1;
	/* Rounded down: 99.996 % is not yet 100 %, as the step says. */
	if (sales <= INT64_MAX / 10000)
		return sales * 10000 / target;
	return (int64_t)((long double)sales * 10000 / target);
}

const char *rebate_kind_name(qd_period_kind k)
{
	return k == PERIOD_YEAR ? "year" : k == PERIOD_QUARTER ? "quarter" : "month";
}

qd_period_kind rebate_kind_parse(const char *s)
{
	return s && !strcmp(s, "year")	    ? PERIOD_YEAR
	       : s && !strcmp(s, "quarter") ? PERIOD_QUARTER
					    : PERIOD_MONTH;
}

const char *rebate_kind_label(qd_period_kind k)
{
	/* TRANSLATORS: what a rebate rule pays on. */
	return k == PERIOD_YEAR ? N_("year") : k == PERIOD_QUARTER ? N_("quarter") : N_("month");
}

char rebate_tier_parse(const char *s)
{
	return s && s[0] >= 'A' && s[0] <= 'D' && !s[1] ? s[0] : 0;
}

int rebate_kind_index(qd_period_kind k)
{
	return k == PERIOD_YEAR ? 2 : k == PERIOD_QUARTER ? 1 : 0;
}

void rebate_input_init(struct rebate_input *in, const int64_t *month_total,
		       const int64_t *month_cat, int ncat)
{
	in->month_total = month_total;
	in->month_cat = month_cat;
	in->ncat = ncat;
	for (int k = 0; k < 3; k++)
		for (int j = 0; j < 12; j++)
			in->target[k][j] = -1;
}

int rebate_rule_problems(const struct rebate_rule_rec *r, struct rebate_problem *out, int max)
{
	int n = 0;
#define REBATE_PROBLEM(f, why)                                      \
	do {                                                        \
		if (n < max)                                        \
			out[n] = (struct rebate_problem){ f, why }; \
		n++;                                                \
	} while (0)
	const char *why = validate_name(r->name);
	if (why)
		REBATE_PROBLEM(REBATE_FIELD_NAME, why);
	else if (u8_mbsnlen((const uint8_t *)r->name, strlen(r->name)) > REBATE_NAME_MAX)
		REBATE_PROBLEM(REBATE_FIELD_NAME,
			       N_("A rule's name is at most 30 characters long."));
	if (r->kind != PERIOD_MONTH && r->kind != PERIOD_QUARTER && r->kind != PERIOD_YEAR)
		REBATE_PROBLEM(REBATE_FIELD_KIND, N_("A rule pays by month, quarter or year."));
	if (r->achievement && (r->achievement_bp < 1 || r->achievement_bp > 100000))
		REBATE_PROBLEM(REBATE_FIELD_STEP,
			       N_("The step is a share of the target from 0.01 to 1000 percent."));
	if (!r->achievement && r->threshold_fen < 0)
		REBATE_PROBLEM(REBATE_FIELD_STEP,
			       N_("The step is an amount of sales, ¥0 or more."));
	if (r->rate_bp < 1 || r->rate_bp > 10000)
		REBATE_PROBLEM(REBATE_FIELD_RATE,
			       N_("The rate is from 0.01 to 100 percent of the sales."));
	if (r->achievement && r->category[0])
		REBATE_PROBLEM(REBATE_FIELD_CATEGORY,
			       N_("A category has no target: a step in achievement is on all the "
				  "distributor's sales. Leave the category empty, or make the step "
				  "an amount of sales."));
	if (r->tier && (r->tier < 'A' || r->tier > 'D'))
		REBATE_PROBLEM(REBATE_FIELD_TIER,
			       N_("The tier is A, B, C or D, or none for every tier."));
	bool start_ok = false;
	if (!date_valid(r->start))
		REBATE_PROBLEM(REBATE_FIELD_START, N_("The rule needs the day it applies from."));
	else if (r->start.y < DATE_MIN_YEAR || r->start.y > DATE_MAX_YEAR)
		REBATE_PROBLEM(REBATE_FIELD_START,
			       N_("A rule applies from a day of the years 2000 to 2999."));
	else
		start_ok = true;
	if (r->end.y && (!date_valid(r->end) || r->end.y > DATE_MAX_YEAR))
		REBATE_PROBLEM(REBATE_FIELD_END,
			       N_("A rule ends on a day of the years 2000 to 2999, or never."));
	else if (r->end.y && start_ok && date_cmp(r->end, r->start) < 0)
		REBATE_PROBLEM(REBATE_FIELD_END, N_("The rule cannot end before it starts."));
#undef REBATE_PROBLEM
	return n;
}

const char *rebate_rule_check(const struct rebate_rule_rec *r, int *field)
{
	struct rebate_problem first;
	if (!rebate_rule_problems(r, &first, 1)) {
		*field = 0;
		return NULL;
	}
	*field = first.field;
	return first.why;
}

/* Whether rule r pays tier on the stretch ending on last: when it is in
 * force on the stretch's last day. A rule ended within a stretch and its
 * successor begun the day after hand it over whole, never both paying;
 * one ended before the stretch's end pays nothing on it. */
static bool rebate_applies(const struct rebate_rule *r, char tier, qd_date last)
{
	if (r->tier && r->tier != tier)
		return false;
	if (date_cmp(r->start, last) > 0)
		return false;
	return !r->end.y || date_cmp(r->end, last) >= 0;
}

static int64_t rebate_sales(const struct rebate_rule *r, const int64_t *month_total,
			    const int64_t *month_cat, int ncat, int from, int to)
{
	int64_t n = 0;
	for (int i = from; i < to; i++)
		n += r->category < 0 ? month_total[i]
		     : r->category < ncat
			     ? month_cat[(size_t)i * (size_t)ncat + (size_t)r->category]
			     : 0;
	return n;
}

/* Whether rules a and b are steps of one ladder (the same kind, category,
 * tier and basis), b paying a distributor of tier on the stretch ending on
 * last. */
static bool rebate_same_ladder(const struct rebate_rule *a, const struct rebate_rule *b, char tier,
			       qd_date last)
{
	return b->kind == a->kind && b->category == a->category && b->tier == a->tier &&
	       (b->achievement_bp > 0) == (a->achievement_bp > 0) && rebate_applies(b, tier, last);
}

/* A rule's step, comparable within its ladder. */
static int64_t rebate_step(const struct rebate_rule *r)
{
	return r->achievement_bp > 0 ? r->achievement_bp : r->threshold_fen;
}

/* Whether sales against a target (-1 for none) reach rule r's step. Sales
 * of 0 reach nothing; a step in achievement needs a target above 0. */
static bool rebate_reaches(const struct rebate_rule *r, int64_t sales, int64_t target)
{
	if (sales <= 0)
		return false;
	if (r->achievement_bp <= 0)
		return sales >= r->threshold_fen;
	if (target <= 0)
		return false;
	/* sales ÷ target ≥ bp ÷ 10000: in integers where they cannot
	 * overflow (every amount a company has), else as long doubles. */
	if (sales <= INT64_MAX / 10000 && target <= INT64_MAX / 100000)
		return sales * 10000 >= target * r->achievement_bp;
	return (long double)sales * 10000 >= (long double)target * r->achievement_bp;
}

/* Whether rule i, which the stretch does not reach, is the lowest step of
 * its ladder in force then, no step of it being reached: the one to show
 * as not reached. */
static bool rebate_lowest_unreached(const struct rebate_rule *rules, int nrules, int i, char tier,
				    qd_date last, int64_t sales, int64_t target)
{
	for (int j = 0; j < nrules; j++) {
		const struct rebate_rule *o = &rules[j];
		if (j == i || !rebate_same_ladder(&rules[i], o, tier, last))
			continue;
		if (rebate_reaches(o, sales, target) || rebate_step(o) < rebate_step(&rules[i]) ||
		    (rebate_step(o) == rebate_step(&rules[i]) && j < i))
			return false;
	}
	return true;
}

int64_t rebate_estimate(const struct rebate_rule *rules, int nrules, char tier, qd_period p,
			const struct rebate_input *in, struct rebate_line *lines, int max,
			int *nlines)
{
	int64_t total = 0;
	int n = 0;
	qd_date pfirst, plast;
	period_range(p, &pfirst, &plast);
	int months = score_period_months(p);
	static const qd_period_kind kinds[] = { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };
	/* The rules that paid first, then (for the lines only) those not
	 * reached: a long list of the latter never crowds out the former. */
	for (int pass = 0; pass < (lines ? 2 : 1); pass++)
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			qd_period_kind kind = kinds[k];
			int span = kind == PERIOD_YEAR ? 12 : kind == PERIOD_QUARTER ? 3 : 1;
			if (span > months)
				continue;
			for (int at = 0; at < months; at += span) {
				qd_date sfirst = date_add_months(pfirst, at), slast;
				qd_period when = period_of(kind, sfirst);
				period_range(when, &sfirst, &slast);
				for (int i = 0; i < nrules; i++) {
					const struct rebate_rule *r = &rules[i];
					if (r->kind != kind || !rebate_applies(r, tier, slast))
						continue;
					int64_t sales =
						rebate_sales(r, in->month_total, in->month_cat,
							     in->ncat, at, at + span);
					int64_t target =
						in->target[rebate_kind_index(kind)][at / span];
					bool reached = rebate_reaches(r, sales, target);
					if (pass == 1) {
						/* Said once for its ladder: at its lowest
						 * step. */
						if (!reached && n < max &&
						    rebate_lowest_unreached(rules, nrules, i, tier,
									    slast, sales, target))
							lines[n++] = (struct rebate_line){
								i, when, sales, 0, target, false
							};
						continue;
					}
					if (!reached)
						continue;
					/* Only the highest step of its ladder reached pays. */
					bool beaten = false;
					for (int j = 0; j < nrules && !beaten; j++) {
						const struct rebate_rule *o = &rules[j];
						if (j == i ||
						    !rebate_same_ladder(r, o, tier, slast) ||
						    !rebate_reaches(o, sales, target))
							continue;
						beaten =
							rebate_step(o) > rebate_step(r) ||
							(rebate_step(o) == rebate_step(r) && j < i);
					}
					if (beaten)
						continue;
					int64_t rebate = (sales * r->rate_bp + 5000) / 10000;
					total += rebate;
					if (lines && n < max)
						lines[n++] = (struct rebate_line){ i,	   when,
										   sales,  rebate,
										   target, true };
				}
			}
		}
	if (nlines)
		*nlines = n;
	return total;
}

/* ---- evidence ------------------------------------------------------------------ */

int score_evidence_part(const struct score_evidence *e)
{
	switch (e->kind) {
	case EVIDENCE_ORDER:
		return SCORE_SALES;
	case EVIDENCE_LINE:
	case EVIDENCE_PRICE:
		return SCORE_PRICE;
	case EVIDENCE_PAYMENT:
	case EVIDENCE_DUE:
	case EVIDENCE_OPEN:
		return SCORE_COLLECTION;
	case EVIDENCE_VISIT:
		return SCORE_VISITS;
	case EVIDENCE_COUNT:
		return SCORE_INVENTORY;
	case EVIDENCE_INCIDENT:
		return !strcmp(e->code, "price_violation")   ? SCORE_PRICE
		       : !strcmp(e->code, "cross_territory") ? SCORE_TERRITORY
							     : SCORE_SERVICE;
	case EVIDENCE_TRAINING:
		return SCORE_TRAINING;
	default:
		return -1;
	}
}

int score_evidence_part_too(const struct score_evidence *e)
{
	return e->kind == EVIDENCE_ORDER && e->flag > 0 ? SCORE_TERRITORY : -1;
}

const char *score_evidence_label(qd_evidence_kind kind)
{
	static const char *const labels[EVIDENCE_KINDS] = {
		/* TRANSLATORS: the kinds of rows behind a score. */
		N_("order"),	     N_("order line"),	    N_("payment"),
		N_("amount due"),    N_("amount open"),	    N_("visit"),
		N_("inventory count"), N_("shelf price"), N_("incident"),
		N_("training"),	     N_("rebate"),
	};
	return kind >= 0 && kind < EVIDENCE_KINDS ? labels[kind] : "";
}

/* How far price strays from policy, outside a tolerance of tol_bp (0.01 %),
 * in percent with two decimals, rounded to the nearest (¥50 against ¥42 is
 * "19.05"), but never to the tolerance itself: a price 5.004% off a 5%
 * tolerance reads "5.01", not "5.00" beside "outside the tolerance". */
static char *score_stray(int64_t price, int64_t policy, int64_t tol_bp, char *buf, size_t size)
{
	int64_t bp;
	if (policy <= 0) {
		bp = price ? 10000 : 0;
	} else {
		int64_t d = price - policy;
		if (d < 0)
			d = -d;
		bp = (d * 20000 + policy) / (2 * policy);
		if (bp <= tol_bp)
			bp = tol_bp + 1;
	}
	snprintf(buf, size, "%lld.%02lld", (long long)(bp / 100), (long long)(bp % 100));
	return buf;
}

bool score_evidence_has_amount(const struct score_evidence *e)
{
	return e->kind != EVIDENCE_VISIT && e->kind != EVIDENCE_INCIDENT &&
	       e->kind != EVIDENCE_TRAINING;
}

void score_evidence_amount_plain(const struct score_evidence *e, char *amount)
{
	if (amount[0] && e->kind != EVIDENCE_COUNT)
		money_format_plain(e->amount_fen, amount);
}

/* An order or line shipped after the agreement ended in the period: its
 * days of business are over, so it does not count. */
static void score_after_end(char *meaning, size_t size, bool *bad)
{
	snprintf(meaning, size, "%s", _("shipped after its agreement ended: not counted"));
	*bad = false;
}

/* Whether a rebate's period (2026-10, 2026-Q4, 2026) still runs today. */
static bool rebate_running(const char *period)
{
	qd_period p;
	qd_date first, last;
	if (period_parse(period, &p))
		return false;
	period_range(p, &first, &last);
	return date_cmp(last, date_today()) >= 0;
}

void score_evidence_cells(const struct score_evidence *e, char *when, char *what, char *amount,
			  char *meaning, size_t size, bool *bad)
{
	char m1[MONEY_BUF], m2[MONEY_BUF], pct[24];
	bool running = false;
	snprintf(when, size, "%s", e->date);
	if (strlen(when) > 10 && when[10] == 'T')
		when[10] = ' ';
	snprintf(what, size, "%s", e->ref);
	amount[0] = meaning[0] = '\0';
	*bad = false;
	switch (e->kind) {
	case EVIDENCE_ORDER:
		money_format(e->amount_fen, amount);
		*bad = e->flag > 0 || e->n2 < e->n1;
		if (e->flag > 0)
			snprintf(
				meaning, size,
				_("shipped outside its territory (窜货); lines within the tolerance: "
				  "%lld of %lld"),
				(long long)e->n2, (long long)e->n1);
		else
			snprintf(meaning, size, _("lines within the tolerance: %lld of %lld"),
				 (long long)e->n2, (long long)e->n1);
		break;
	case EVIDENCE_LINE:
		money_format(e->amount_fen, amount);
		*bad = e->flag == 0;
		if (e->flag)
			snprintf(meaning, size, _("within the tolerance of the list price %s"),
				 money_format(e->n1, m1));
		else
			snprintf(meaning, size,
				 e->amount_fen > e->n1
					 ? _("%s%% above the list price %s: outside the tolerance")
					 : _("%s%% below the list price %s: outside the tolerance"),
				 score_stray(e->amount_fen, e->n1, e->tol_bp, pct, sizeof pct),
				 money_format(e->n1, m1));
		break;
	case EVIDENCE_PAYMENT:
		money_format(e->amount_fen, amount);
		snprintf(meaning, size, "%s", _("received"));
		break;
	case EVIDENCE_DUE:
		money_format(e->amount_fen, amount);
		/* flag 0: after today, in a period still running. */
		snprintf(meaning, size, "%s",
			 e->flag == 0 ? _("falls due after today: not counted yet") : _("falls due"));
		break;
	case EVIDENCE_OPEN: {
		/* n1: the invoice's amount; n2: days since it fell due, at the
		 * period's end (flag 1) or today (flag 0, still running). Whole
		 * sentences, short enough for the explanation's last column: the
		 * part left or not, days past due or due that very day (owed at
		 * the end all the same: the score counts what is owed then). */
		money_format(e->amount_fen, amount);
		*bad = true;
		bool part = e->amount_fen < e->n1, ended = e->flag > 0;
		unsigned long days = e->n2 > 0 ? (unsigned long)e->n2 : 0;
		const char *f;
		/* The days first: the explanation's last column is narrow. */
		if (days == 0)
			f = ended ? (part ? _("due that day, owed at the end: %s of %s open")
					  : _("due that day, owed at the end"))
				  : (part ? _("due today, owed: %s of %s open")
					  : _("due today, owed"));
		else if (ended)
			f = part ? ngettext("%3$lld day overdue at the end: %1$s of %2$s open",
					    "%3$lld days overdue at the end: %1$s of %2$s open", days)
				 : ngettext("%lld day overdue at the end",
					    "%lld days overdue at the end", days);
		else
			f = part ? ngettext("%3$lld day overdue: %1$s of %2$s open",
					    "%3$lld days overdue: %1$s of %2$s open", days)
				 : ngettext("%lld day overdue", "%lld days overdue", days);
		if (part)
			snprintf(meaning, size, f, money_format(e->amount_fen, m1),
				 money_format(e->n1, m2), (long long)days);
		else
			snprintf(meaning, size, f, (long long)days);
		break;
	}
	case EVIDENCE_VISIT:
		snprintf(what, size, "%s%s%s", _(label_of(&labels_visit_status, e->code)),
			 e->ref[0] ? " · " : "", e->ref);
		*bad = !strcmp(e->code, "missed");
		snprintf(meaning, size, "%s",
			 !strcmp(e->code, "done")     ? _("counts as done")
			 : !strcmp(e->code, "missed") ? _("missed")
						      : _("does not count"));
		break;
	case EVIDENCE_COUNT: {
		snprintf(amount, size, "%lld", (long long)e->n1);
		int64_t q = e->n1, u = e->n2;
		if (q <= 0 && u <= 0) {
			snprintf(meaning, size, "%s", _("not stocked, none shipped: not counted"));
		} else if (u <= 0) {
			*bad = true;
			snprintf(meaning, size,
				 _("none shipped in the %d days before: above the band"),
				 SCORE_STOCK_WINDOW_DAYS);
		} else {
			int64_t days = (q * SCORE_STOCK_WINDOW_DAYS + u / 2) / u;
			bool low = q * SCORE_STOCK_WINDOW_DAYS < (int64_t)SCORE_STOCK_LOW_DAYS * u;
			bool high =
				q * SCORE_STOCK_WINDOW_DAYS > (int64_t)SCORE_STOCK_HIGH_DAYS * u;
			*bad = low || high;
			snprintf(meaning, size,
				 low ? _("days of stock: %lld (%lld shipped in %d days): below the "
					 "band")
				 : high ? _("days of stock: %lld (%lld shipped in %d days): above "
					    "the band")
					: _("days of stock: %lld (%lld shipped in %d days): within "
					    "the band"),
				 (long long)days, (long long)u, SCORE_STOCK_WINDOW_DAYS);
		}
		break;
	}
	case EVIDENCE_PRICE:
		money_format(e->amount_fen, amount);
		*bad = e->flag == 0;
		if (e->flag)
			snprintf(meaning, size, _("within the tolerance of the retail price %s"),
				 money_format(e->n1, m1));
		else
			snprintf(
				meaning, size,
				e->amount_fen > e->n1
					? _("%s%% above the retail price %s: outside the tolerance "
					    "(乱价)")
					: _("%s%% below the retail price %s: outside the tolerance "
					    "(乱价)"),
				score_stray(e->amount_fen, e->n1, e->tol_bp, pct, sizeof pct),
				money_format(e->n1, m1));
		break;
	case EVIDENCE_INCIDENT:
		snprintf(what, size, "%s%s%s", _(label_of(&labels_incident_kind, e->code)),
			 e->ref[0] ? " · " : "", e->ref);
		*bad = e->flag <= 0;
		if (e->n1 < 0)
			snprintf(meaning, size, "%s", _("open: its full points"));
		else if (e->flag > 0)
			snprintf(meaning, size,
				 ngettext("resolved in %lld day, in time: half its points",
					  "resolved in %lld days, in time: half its points",
					  (unsigned long)e->n1),
				 (long long)e->n1);
		else
			snprintf(meaning, size,
				 ngettext("resolved in %lld day, late: its full points",
					  "resolved in %lld days, late: its full points",
					  (unsigned long)e->n1),
				 (long long)e->n1);
		break;
	case EVIDENCE_TRAINING:
		*bad = e->flag <= 0 && !e->after_end;
		snprintf(meaning, size, "%s",
			 e->after_end  ? _("held after its agreement ended: not counted")
			 : e->flag > 0 ? _("attended")
				       : _("not attended"));
		break;
	case EVIDENCE_REBATE:
		money_format(e->amount_fen, amount);
		*bad = e->flag == 0;
		/* A period still running is measured against its whole target:
		 * "not reached" read as final beside a sales score paced to
		 * today. */
		running = rebate_running(e->date);
		if (!strcmp(e->code, "achievement")) {
			/* A step in achievement: the target (n2, -1 none), the
			 * step (tol_bp). */
			char got[24];
			rebate_percent(e->tol_bp, pct, sizeof pct);
			if (e->n2 <= 0)
				snprintf(
					meaning, size,
					_("not reached: no target for it (sales of %s); step %s of "
					  "the target"),
					money_format(e->n1, m1), pct);
			else
				snprintf(meaning, size,
					 e->flag != 0 ? _("achievement %s, sales of %s against a "
							  "%s target; "
							  "step %s")
					 : running    ? _("not reached yet, the period running: "
							     "achievement %s, sales of %s against a "
							     "%s target; step %s")
						      : _("not reached: achievement %s, sales of "
							     "%s against "
							     "a %s target; step %s"),
					 achievement_percent(rebate_achievement_bp(e->n1, e->n2),
							     got, sizeof got),
					 money_format(e->n1, m1), money_format(e->n2, m2), pct);
		} else if (e->flag == 0)
			snprintf(meaning, size,
				 running ? _("not reached yet, the period running: sales of %s, "
					     "threshold %s")
					 : _("not reached: sales of %s, threshold %s"),
				 money_format(e->n1, m1), money_format(e->n2, m2));
		else
			snprintf(meaning, size, _("on sales of %s"), money_format(e->n1, m1));
		break;
	default:
		break;
	}
	if (e->after_end && (e->kind == EVIDENCE_ORDER || e->kind == EVIDENCE_LINE))
		score_after_end(meaning, size, bad);
}

void score_evidence_meaning_in(const struct score_evidence *e, int part, char *meaning, size_t size,
			       bool *bad)
{
	if (e->kind != EVIDENCE_ORDER)
		return;
	if (e->after_end) {
		score_after_end(meaning, size, bad);
		return;
	}
	if (part == SCORE_SALES) {
		/* (The row's date is the ship date: the order's list shows the
		 * order date.) */
		snprintf(meaning, size, "%s",
			 _("shipped that day, in the period: counts toward its sales"));
		*bad = false;
	} else if (part == SCORE_TERRITORY) {
		*bad = e->flag > 0;
		snprintf(meaning, size, "%s",
			 *bad ? _("shipped outside its territory (窜货)")
			      : _("shipped inside its territory"));
	}
}

int score_bottom_count(const int *low_first, int count, int n)
{
	if (n <= 0 || count <= 0)
		return 0;
	if (count <= n)
		return count;
	int k = n;
	while (k < count && low_first[k] == low_first[n - 1])
		k++;
	return k;
}

void score_grade_cells(const int grades[4], int width, int cells[4])
{
	int64_t total = 0, rem[4];
	for (int g = 0; g < 4; g++)
		total += grades[g] > 0 ? grades[g] : 0;
	int used = 0;
	for (int g = 0; g < 4; g++) {
		int64_t share = total ? (int64_t)(grades[g] > 0 ? grades[g] : 0) * width : 0;
		cells[g] = total ? (int)(share / total) : 0;
		rem[g] = total ? share % total : -1;
		if (grades[g] > 0 && cells[g] == 0) {
			/* Seen, however few: its cell is given, not earned. */
			cells[g] = 1;
			rem[g] = -1;
		}
		used += cells[g];
	}
	while (total && used < width) {
		int best = -1;
		for (int g = 0; g < 4; g++)
			if (rem[g] >= 0 && (best < 0 || rem[g] > rem[best] ||
					    (rem[g] == rem[best] && grades[g] > grades[best])))
				best = g;
		if (best < 0)
			break;
		cells[best]++;
		rem[best] = -1;
		used++;
	}
	/* More than width when the cells given to the few outnumber the rest:
	 * the largest gives them back. */
	while (used > width) {
		int big = 0;
		for (int g = 1; g < 4; g++)
			if (cells[g] > cells[big])
				big = g;
		if (cells[big] <= 1)
			break;
		cells[big]--;
		used--;
	}
}
