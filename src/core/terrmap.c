/* The territory map's rules: figures up the tree, metrics and their scale,
 * moving on a grid with holes, periods, problems, and the evidence of a
 * cross-territory sale. See qudao/terrmap.h for the rules chosen. */
#include "qudao/terrmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/money.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

void terrmap_add(struct terrmap_figures *a, const struct terrmap_figures *b)
{
	a->total += b->total;
	a->active += b->active;
	a->visit_rate += b->visit_rate;
	a->visits_overdue += b->visits_overdue;
	a->accounts_overdue += b->accounts_overdue;
	a->overdue_fen += b->overdue_fen;
	a->open_cross += b->open_cross;
	a->open_price += b->open_price;
	a->sales_fen += b->sales_fen;
	a->sales_orders += b->sales_orders;
	a->target_fen += b->target_fen;
	a->has_target |= b->has_target;
	a->visits_done += b->visits_done;
	a->visits_missed += b->visits_missed;
	a->cross_in += b->cross_in;
	a->cross_out += b->cross_out;
	a->score_sum += b->score_sum;
	a->scored += b->scored;
}

bool terrmap_within(const struct terrmap_node *nodes, int n, int a, int b)
{
	if (a < 0 || b < 0 || a >= n || b >= n)
		return false;
	/* At most n steps up: a loop of parents ends the walk. */
	for (int steps = 0; a >= 0 && a < n && steps <= n; steps++) {
		if (a == b)
			return true;
		a = nodes[a].parent;
	}
	return false;
}

void terrmap_rollup(struct terrmap_node *nodes, int n)
{
	for (int i = 0; i < n; i++)
		nodes[i].all = (struct terrmap_figures){ 0 };
	for (int i = 0; i < n; i++) {
		struct terrmap_figures own = nodes[i].own;
		own.cross_in = own.cross_out = 0;
		int a = i;
		for (int steps = 0; a >= 0 && a < n && steps <= n; steps++) {
			terrmap_add(&nodes[a].all, &own);
			a = nodes[a].parent;
			if (a == i)
				break;
		}
	}
}

void terrmap_add_cross(struct terrmap_node *nodes, int n, int from, int to, int64_t orders)
{
	if (from < 0 || to < 0 || from >= n || to >= n)
		return;
	/* `to` itself always: a city's sale into its own province's own area
	 * (none of its cities) left the city and entered the province. */
	for (int a = to, steps = 0; a >= 0 && a < n && steps <= n; steps++, a = nodes[a].parent) {
		if (a != to && terrmap_within(nodes, n, from, a))
			break;
		nodes[a].all.cross_in += orders;
	}
	for (int a = from, steps = 0; a >= 0 && a < n && steps <= n; steps++, a = nodes[a].parent) {
		if (terrmap_within(nodes, n, to, a))
			break;
		nodes[a].all.cross_out += orders;
	}
}

const char *terrmap_short(const struct terrmap_node *node, qd_lang lang)
{
	if (lang == LANG_EN && node->short_en[0])
		return node->short_en;
	return node->short_name[0] ? node->short_name : node->code;
}

const char *terrmap_name_of(const char *name, const char *name_en, qd_lang lang)
{
	if (lang == LANG_EN && name_en && name_en[0])
		return name_en;
	return name;
}

const char *terrmap_name(const struct terrmap_node *node, qd_lang lang)
{
	return terrmap_name_of(node->name, node->name_en, lang);
}

char *terrmap_panel_title(const char *name, const char *code, const char *period, int cells)
{
	if (cells <= 0)
		return xstrdup("");
	char *t = xasprintf("%s  %s  %s", name, code, period);
	if (text_width(t) <= cells)
		return t;
	free(t);
	t = xasprintf("%s  %s", name, code);
	if (text_width(t) <= cells)
		return t;
	free(t);
	return text_fit(name, cells);
}

/* ---- periods ---- */

static const char *const terrmap_period_names[TERRMAP_PERIODS] = {
	/* TRANSLATORS: the periods the territory map cycles through. */
	N_("this month"), N_("this quarter"), N_("this year"),
	N_("last month"), N_("last quarter"), N_("last year"),
};

qd_period terrmap_period(int which, qd_date today)
{
	static const qd_period_kind kinds[3] = { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };
	which = ((which % TERRMAP_PERIODS) + TERRMAP_PERIODS) % TERRMAP_PERIODS;
	qd_period p = period_of(kinds[which % 3], today);
	return which >= 3 ? period_next(p, -1) : p;
}

const char *terrmap_period_name(int which)
{
	return terrmap_period_names[((which % TERRMAP_PERIODS) + TERRMAP_PERIODS) %
				    TERRMAP_PERIODS];
}

int terrmap_days_gone(qd_period p, qd_date today)
{
	qd_date first, last;
	period_range(p, &first, &last);
	if (date_cmp(today, first) < 0)
		return 0;
	if (date_cmp(today, last) >= 0)
		return date_diff(first, last) + 1;
	return date_diff(first, today) + 1;
}

int64_t terrmap_visits_due(int64_t visit_rate, qd_period p, qd_date today)
{
	int64_t days = terrmap_days_gone(p, today);
	return (visit_rate * days + TERRMAP_RATE_SCALE / 2) / TERRMAP_RATE_SCALE;
}

int64_t terrmap_percent(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return 0;
	return (part * 200 + whole) / (2 * whole);
}

int terrmap_pace(qd_period p, qd_date today)
{
	qd_date first, last;
	period_range(p, &first, &last);
	return (int)terrmap_percent(terrmap_days_gone(p, today), date_diff(first, last) + 1);
}

void terrmap_move_month(qd_date on, char out[8])
{
	unsigned y = (unsigned)on.y % 10000u, m = (unsigned)on.m % 100u;
	snprintf(out, 8, "%04u-%02u", y, m);
}

/* ---- metrics ---- */

static bool terrmap_v_active(const struct terrmap_figures *f, const struct terrmap_ctx *c,
			     int64_t *out)
{
	(void)c;
	*out = f->active;
	return true;
}

static bool terrmap_v_target(const struct terrmap_figures *f, const struct terrmap_ctx *c,
			     int64_t *out)
{
	(void)c;
	if (!f->has_target || f->target_fen <= 0)
		return false;
	*out = terrmap_percent(f->sales_fen, f->target_fen);
	return true;
}

static bool terrmap_v_sales(const struct terrmap_figures *f, const struct terrmap_ctx *c,
			    int64_t *out)
{
	(void)c;
	*out = f->sales_fen;
	return true;
}

static bool terrmap_v_coverage(const struct terrmap_figures *f, const struct terrmap_ctx *c,
			       int64_t *out)
{
	int64_t due = terrmap_visits_due(f->visit_rate, c->period, c->today);
	if (due <= 0)
		return false;
	*out = terrmap_percent(f->visits_done, due);
	return true;
}

static bool terrmap_v_visits_overdue(const struct terrmap_figures *f, const struct terrmap_ctx *c,
				     int64_t *out)
{
	(void)c;
	*out = f->visits_overdue;
	return true;
}

static bool terrmap_v_receivables(const struct terrmap_figures *f, const struct terrmap_ctx *c,
				  int64_t *out)
{
	(void)c;
	*out = f->overdue_fen;
	return true;
}

static bool terrmap_v_violations(const struct terrmap_figures *f, const struct terrmap_ctx *c,
				 int64_t *out)
{
	(void)c;
	*out = f->open_cross + f->open_price;
	return true;
}

/* The average scorecard score in whole points (scores are kept in tenths):
 * the average to a tenth, as the Scorecards' groups and the territory report
 * show it, then to a whole point, so that 86.5 there is 87 here (rounding
 * 86.45 once gave 86). */
static bool terrmap_v_score(const struct terrmap_figures *f, const struct terrmap_ctx *c,
			    int64_t *out)
{
	(void)c;
	if (f->scored <= 0)
		return false;
	int64_t tenths = (f->score_sum + f->scored / 2) / f->scored;
	*out = (tenths + 5) / 10;
	return true;
}

/* In header order; `m` cycles through them. */
const struct terrmap_metric terrmap_metrics[TERRMAP_METRICS] = {
	/* TRANSLATORS: the metrics of the territory map, named in its header. */
	[TERRMAP_ACTIVE] = { "active",
			     N_("Active distributors"),
			     TERRMAP_COUNT,
			     true,
			     terrmap_v_active,
			     { 0 },
			     false },
	[TERRMAP_TARGET] = { "target_pct",
			     N_("Sales against target"),
			     TERRMAP_PERCENT,
			     true,
			     terrmap_v_target,
			     { 50, 75, 90, 100 },
			     true },
	[TERRMAP_SALES] = { "sales",
			    N_("Sales"),
			    TERRMAP_MONEY,
			    true,
			    terrmap_v_sales,
			    { 0 },
			    false },
	[TERRMAP_COVERAGE] = { "coverage_pct",
			       N_("Visit coverage"),
			       TERRMAP_PERCENT,
			       true,
			       terrmap_v_coverage,
			       { 50, 70, 85, 100 },
			       false },
	[TERRMAP_VISITS_OVERDUE] = { "visits_overdue",
				     N_("Overdue visits"),
				     TERRMAP_COUNT,
				     false,
				     terrmap_v_visits_overdue,
				     { 0 },
				     false },
	[TERRMAP_RECEIVABLES_OVERDUE] = { "receivables_overdue",
					  N_("Overdue receivables"),
					  TERRMAP_MONEY,
					  false,
					  terrmap_v_receivables,
					  { 0 },
					  false },
	[TERRMAP_VIOLATIONS] = { "open_violations",
				 N_("Open cross-territory and price incidents"),
				 TERRMAP_COUNT,
				 false,
				 terrmap_v_violations,
				 { 0 },
				 false },
	[TERRMAP_SCORE] = { "score_avg",
			    N_("Average scorecard score"),
			    TERRMAP_COUNT,
			    true,
			    terrmap_v_score,
			    { 0 },
			    false },
};

static bool terrmap_fixed(const struct terrmap_metric *m)
{
	return m->steps[0] || m->steps[1] || m->steps[2] || m->steps[3];
}

static int terrmap_by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

void terrmap_scale_make(const struct terrmap_metric *m, const int64_t *values, int n,
			const struct terrmap_ctx *c, struct terrmap_scale *out)
{
	memset(out, 0, sizeof *out);
	if (terrmap_fixed(m)) {
		out->fixed = true;
		int pace = m->of_pace ? terrmap_pace(c->period, c->today) : 100;
		for (int i = 0; i < 4; i++)
			out->bound[i] = (m->steps[i] * pace + 50) / 100;
		out->n = 4;
		return;
	}
	int64_t *p = xcalloc((size_t)n + 1, sizeof *p);
	int k = 0;
	for (int i = 0; i < n; i++)
		if (values[i] > 0)
			p[k++] = values[i];
	qsort(p, (size_t)k, sizeof *p, terrmap_by_value);
	out->bound[0] = 1;
	out->n = 1;
	for (int i = 1; i < 4; i++) {
		int64_t b = k ? p[(size_t)k * (size_t)i / 4] : 1;
		if (b > out->bound[out->n - 1])
			out->bound[out->n++] = b;
	}
	free(p);
}

/* How many of the scale's bounds value reaches: 0 to s->n, more for more. */
static int terrmap_level(const struct terrmap_scale *s, int64_t value)
{
	int level = 0;
	int n = s->n >= 1 && s->n <= 4 ? s->n : 4;
	for (int i = 0; i < n; i++)
		if (value >= s->bound[i])
			level = i + 1;
	return level;
}

/* The colour step (0-4, more for more) of a level of a scale of n bounds:
 * the ends stay the ends, the levels between spread evenly. */
static int terrmap_spread(int level, int n)
{
	if (n < 1 || n > 4)
		n = 4;
	return (level * 4 * 2 + n) / (2 * n);
}

int terrmap_step(const struct terrmap_metric *m, const struct terrmap_scale *s, int64_t value)
{
	int n = s->n >= 1 && s->n <= 4 ? s->n : 4;
	int level = terrmap_spread(terrmap_level(s, value), n);
	return m->higher_better ? level : 4 - level;
}

/* A number shortened the way each language writes it: 12345 → 1.2万 or 12.3k. */
static void terrmap_count_compact(int64_t v, qd_lang lang, bool decimals, char *buf, size_t size)
{
	int64_t unit = lang == LANG_ZH ? 10000 : 1000;
	const char *suffix = lang == LANG_ZH ? "万" : "k";
	if (v < unit) {
		snprintf(buf, size, "%lld", (long long)v);
		return;
	}
	if (decimals) {
		int64_t tenths = (v * 10 + unit / 2) / unit;
		snprintf(buf, size, "%lld.%lld%s", (long long)(tenths / 10),
			 (long long)(tenths % 10), suffix);
	} else {
		snprintf(buf, size, "%lld%s", (long long)((v + unit / 2) / unit), suffix);
	}
}

/* Money without decimals in its largest unit: 1235万, 12k. */
static void terrmap_money_round(int64_t fen, qd_lang lang, char *buf, size_t size)
{
	static const struct {
		int64_t fen;
		const char *suffix;
	} zh[] = { { INT64_C(10000000000), "亿" }, { 1000000, "万" } },
	  en[] = { { INT64_C(100000000000), "B" }, { 100000000, "M" }, { 100000, "k" } };
	int64_t a = fen < 0 ? -fen : fen;
	const char *sign = fen < 0 ? "-" : "";
	int n = lang == LANG_ZH ? 2 : 3;
	for (int i = 0; i < n; i++) {
		int64_t unit = lang == LANG_ZH ? zh[i].fen : en[i].fen;
		if (a >= unit) {
			snprintf(buf, size, "%s%lld%s", sign, (long long)((a + unit / 2) / unit),
				 lang == LANG_ZH ? zh[i].suffix : en[i].suffix);
			return;
		}
	}
	snprintf(buf, size, "%s%lld", sign, (long long)((a + 50) / 100));
}

char *terrmap_value_text(const struct terrmap_metric *m, int64_t value, qd_lang lang, int cells,
			 char buf[48])
{
	char forms[4][48];
	int nforms = 0;
	switch (m->unit) {
	case TERRMAP_PERCENT:
		snprintf(forms[nforms++], 48, "%lld%%", (long long)value);
		snprintf(forms[nforms++], 48, "%lld", (long long)value);
		break;
	case TERRMAP_MONEY: {
		char money[MONEY_BUF];
		money_format_compact(value, lang, money);
		text_copy(forms[nforms++], 48, money);
		/* Without the ¥. */
		char *yen = strstr(money, "¥");
		if (yen) {
			memmove(yen, yen + strlen("¥"), strlen(yen + strlen("¥")) + 1);
			text_copy(forms[nforms++], 48, money);
		}
		terrmap_money_round(value, lang, forms[nforms++], 48);
		break;
	}
	case TERRMAP_COUNT:
	default:
		snprintf(forms[nforms++], 48, "%lld", (long long)value);
		terrmap_count_compact(value, lang, true, forms[nforms++], 48);
		terrmap_count_compact(value, lang, false, forms[nforms++], 48);
		break;
	}
	for (int i = 0; i < nforms; i++)
		if (text_width(forms[i]) <= cells) {
			text_copy(buf, 48, forms[i]);
			return buf;
		}
	char *cut = text_fit(forms[nforms - 1], cells);
	text_copy(buf, 48, cut);
	free(cut);
	return buf;
}

/* A value for the legend, as short as a cell would show it. */
static void terrmap_legend_value(const struct terrmap_metric *m, int64_t v, qd_lang lang, char *buf,
				 size_t size)
{
	char tmp[48];
	terrmap_value_text(m, v, lang, 8, tmp);
	text_copy(buf, size, tmp);
}

void terrmap_legend(const struct terrmap_metric *m, const struct terrmap_scale *s, qd_lang lang,
		    char labels[5][48])
{
	char v[40];
	int n = s->n >= 1 && s->n <= 4 ? s->n : 4;
	for (int step = 0; step < 5; step++)
		labels[step][0] = '\0';
	for (int used = 0; used <= n; used++) {
		int colour = terrmap_spread(used, n);
		int step = m->higher_better ? colour : 4 - colour;
		int level = s->fixed ? colour : used;
		if (s->fixed) {
			if (level == 0)
				snprintf(labels[step], 48, "<%lld%%", (long long)s->bound[0]);
			else
				snprintf(labels[step], 48, "≥%lld%%",
					 (long long)s->bound[level - 1]);
			continue;
		}
		if (level == 0) {
			snprintf(labels[step], 48, "0");
			continue;
		}
		/* Levels below the top end below the next bound (counts say
		 * their first and last); the top starts at the last. */
		if (level < n && m->unit == TERRMAP_COUNT) {
			/* Whole counts: the step's first and last ("2–3"). */
			char a[20], b[20];
			terrmap_legend_value(m, s->bound[level - 1], lang, a, sizeof a);
			terrmap_legend_value(m, s->bound[level] - 1, lang, b, sizeof b);
			if (s->bound[level] - s->bound[level - 1] == 1)
				snprintf(labels[step], 48, "%s", a);
			else
				snprintf(labels[step], 48, "%s–%s", a, b);
			continue;
		}
		terrmap_legend_value(m, s->bound[level < n ? level : n - 1], lang, v, sizeof v);
		snprintf(labels[step], 48, "%s%s", level < n ? "<" : "≥", v);
	}
}

/* ---- the grid ---- */

int terrmap_grid_move(const struct terrmap_cell *cells, int n, int from, int drow, int dcol)
{
	if (from < 0 || from >= n)
		return from;
	int best = from;
	long best_score = 0, best_along = 0;
	const struct terrmap_cell *f = &cells[from];
	for (int i = 0; i < n; i++) {
		if (i == from || cells[i].skip)
			continue;
		int along = drow ? (cells[i].row - f->row) * drow : (cells[i].col - f->col) * dcol;
		if (along <= 0)
			continue;
		int across = drow ? abs(cells[i].col - f->col) : abs(cells[i].row - f->row);
		/* Only within the quarter the direction points at: further
		 * aside than along is another direction. */
		if (across > along)
			continue;
		long score = along + 3L * across;
		if (best == from || score < best_score ||
		    (score == best_score && along < best_along)) {
			best = i;
			best_score = score;
			best_along = along;
		}
	}
	return best;
}

/* ---- problems ---- */

bool terrmap_rights_conflict(const struct terrmap_node *nodes, int n, const struct terrmap_right *a,
			     const struct terrmap_right *b, qd_date today)
{
	if (a->distributor_id == b->distributor_id || strcmp(a->category, b->category))
		return false;
	if (a->holder_status != STATUS_ACTIVE || b->holder_status != STATUS_ACTIVE)
		return false;
	if (date_cmp(a->start, b->end) > 0 || date_cmp(b->start, a->end) > 0)
		return false;
	/* The overlap ends with the earlier end: wholly past, it is history. */
	qd_date overlap_end = date_cmp(a->end, b->end) < 0 ? a->end : b->end;
	if (date_cmp(overlap_end, today) < 0)
		return false;
	return terrmap_within(nodes, n, a->territory, b->territory) ||
	       terrmap_within(nodes, n, b->territory, a->territory);
}

bool terrmap_right_applies(const struct terrmap_node *nodes, int n, const struct terrmap_right *r,
			   int t)
{
	return terrmap_within(nodes, n, r->territory, t) ||
	       terrmap_within(nodes, n, t, r->territory);
}

bool terrmap_right_held_by_inactive(const struct terrmap_right *r, qd_date today)
{
	return (r->holder_status == STATUS_SUSPENDED || r->holder_status == STATUS_TERMINATED) &&
	       date_cmp(r->end, today) >= 0;
}

/* The territory a conflict lies in: the deeper of the two. */
static int terrmap_conflict_place(const struct terrmap_node *nodes, int n,
				  const struct terrmap_right *a, const struct terrmap_right *b)
{
	return terrmap_within(nodes, n, a->territory, b->territory) ? a->territory : b->territory;
}

bool terrmap_conflict_touches(const struct terrmap_node *nodes, int n,
			      const struct terrmap_right *a, const struct terrmap_right *b, int t)
{
	int d = terrmap_conflict_place(nodes, n, a, b);
	return terrmap_within(nodes, n, d, t) || terrmap_within(nodes, n, t, d);
}

bool terrmap_is_cross(const struct terrmap_node *nodes, int n, int seller, int ship)
{
	if (seller < 0 || ship < 0)
		return false;
	return !terrmap_within(nodes, n, ship, seller);
}

/* Adds one to a counter of node t and of every node above it. */
static void terrmap_count_up(struct terrmap_node *nodes, int n, int t, bool conflict)
{
	for (int steps = 0; t >= 0 && t < n && steps <= n; steps++) {
		if (conflict)
			nodes[t].problems.conflicts++;
		else
			nodes[t].problems.inactive_rights++;
		t = nodes[t].parent;
	}
}

/* A right's place in the list, sorted by its category. */
struct terrmap_by {
	const char *category;
	int i;
};
static int terrmap_by_category(const void *a, const void *b)
{
	const struct terrmap_by *x = a, *y = b;
	int c = strcmp(x->category, y->category);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

void terrmap_find_problems(struct terrmap_node *nodes, int n, const struct terrmap_right *rights,
			   int nrights, qd_date today)
{
	bool *below = xcalloc((size_t)n + 1, sizeof *below);
	for (int i = 0; i < n; i++)
		nodes[i].problems = (struct terrmap_problems){ 0 };
	/* Only rights of one category can conflict: compared within runs of
	 * the same category. */
	struct terrmap_by *order = xcalloc((size_t)nrights + 1, sizeof *order);
	for (int i = 0; i < nrights; i++)
		order[i] = (struct terrmap_by){ rights[i].category, i };
	qsort(order, (size_t)nrights, sizeof *order, terrmap_by_category);
	for (int x = 0; x < nrights; x++) {
		const struct terrmap_right *a = &rights[order[x].i];
		for (int y = x + 1; y < nrights && !strcmp(order[y].category, a->category); y++)
			if (terrmap_rights_conflict(nodes, n, a, &rights[order[y].i], today))
				terrmap_count_up(
					nodes, n,
					terrmap_conflict_place(nodes, n, a, &rights[order[y].i]),
					true);
		if (terrmap_right_held_by_inactive(a, today))
			terrmap_count_up(nodes, n, a->territory, false);
	}
	free(order);
	/* A rep below a territory counts for it. */
	for (int i = 0; i < n; i++) {
		if (!nodes[i].rep)
			continue;
		int a = i;
		for (int steps = 0; a >= 0 && a < n && steps <= n && !below[a]; steps++) {
			below[a] = true;
			a = nodes[a].parent;
		}
	}
	for (int i = 0; i < n; i++) {
		bool covered = below[i];
		for (int a = nodes[i].parent, steps = 0; !covered && a >= 0 && a < n && steps <= n;
		     steps++, a = nodes[a].parent)
			covered = nodes[a].rep;
		nodes[i].problems.no_rep = !covered;
		nodes[i].problems.orphan = nodes[i].all.active == 0;
	}
	free(below);
}

bool terrmap_has_problem(const struct terrmap_node *node)
{
	const struct terrmap_problems *p = &node->problems;
	return p->conflicts || p->inactive_rights || p->orphan || p->no_rep ||
	       node->all.cross_in > 0 || node->all.cross_out > 0;
}

const char *terrmap_grant_check(const char *category, qd_date start, qd_date end)
{
	const char *why = refdata_category(category);
	if (why)
		return why;
	if (!date_in_range(start) || !date_in_range(end))
		return N_("The dates are not dates.");
	if (date_cmp(start, end) > 0)
		return N_("The right cannot end before it starts.");
	return NULL;
}

/* ---- evidence ---- */

char *terrmap_evidence(const struct terrmap_shipment *s)
{
	char *products = xstrdup("");
	for (int i = 0; i < s->nlines; i++) {
		/* TRANSLATORS: a product and its quantity in the evidence of a
		 * cross-territory sale: "饮料A × 12". */
		char *item = xasprintf(_("%s × %lld"), s->lines[i].product,
				       (long long)s->lines[i].quantity);
		/* TRANSLATORS: between the products of an order in evidence. */
		char *joined = xasprintf("%s%s%s", products, i ? _(", ") : "", item);
		free(item);
		free(products);
		products = joined;
	}
	char ordered[DATE_BUF], shipped[DATE_BUF], money[MONEY_BUF];
	char *text = xasprintf(_("Cross-territory sale (窜货): order %s of %s, shipped %s by %s "
				 "(%s) of %s (%s) to %s (%s); products: %s; amount %s."),
			       s->order_no, date_format(s->order_date, ordered),
			       date_format(s->ship_date, shipped), s->distributor_name,
			       s->distributor_code, s->from_name, s->from_code, s->to_name,
			       s->to_code, products, money_format(s->total_fen, money));
	free(products);
	return text;
}
