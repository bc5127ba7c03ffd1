/* core/terrmap: figures up the tree, 窜货 across a border, exclusive rights in
 * conflict, orphans and territories without a rep, moving over the grid's
 * holes, the periods, the metrics and their scale, the evidence text. */
#include <string.h>

#include "qudao/terrmap.h"
#include "qudao/text.h"
#include "suite.h"

static const qd_date today = { 2026, 11, 27 };

/* A small tree: 0 GD (province), 1 GZ and 2 SZ (its cities), 3 ZJ
 * (province), 4 HZ (its city). */
enum { GD, GZ, SZ, ZJ, HZ, NTREE };
static struct terrmap_node tree[NTREE];

static void tree_make(void)
{
	static const struct {
		const char *code;
		int parent;
	} t[NTREE] = {
		{ "GD", -1 }, { "GD-GZ", GD }, { "GD-SZ", GD }, { "ZJ", -1 }, { "ZJ-HZ", ZJ }
	};
	memset(tree, 0, sizeof tree);
	for (int i = 0; i < NTREE; i++) {
		tree[i].id = 100 + i;
		tree[i].parent = t[i].parent;
		strcpy(tree[i].code, t[i].code);
	}
}

static struct terrmap_right right(int64_t dist, int territory, const char *category, qd_date start,
				  qd_date end, qd_status status)
{
	struct terrmap_right r;
	memset(&r, 0, sizeof r);
	r.id = dist * 10 + territory;
	r.distributor_id = dist;
	r.territory = territory;
	strcpy(r.category, category);
	r.start = start;
	r.end = end;
	r.holder_status = status;
	return r;
}

START_TEST(test_terrmap_rollup_adds_what_lies_under)
{
	tree_make();
	tree[GD].own.active = 1;
	tree[GZ].own.active = 2;
	tree[GZ].own.sales_fen = 500;
	tree[SZ].own.sales_fen = 700;
	tree[SZ].own.target_fen = 1000;
	tree[SZ].own.has_target = true;
	tree[HZ].own.active = 4;
	terrmap_rollup(tree, NTREE);
	ck_assert_int_eq(tree[GD].all.active, 3);
	ck_assert_int_eq(tree[GD].all.sales_fen, 1200);
	ck_assert_int_eq(tree[GD].all.target_fen, 1000);
	ck_assert(tree[GD].all.has_target);
	ck_assert(!tree[GZ].all.has_target);
	ck_assert_int_eq(tree[GZ].all.active, 2);
	ck_assert_int_eq(tree[ZJ].all.active, 4);
}
END_TEST

START_TEST(test_terrmap_within_ends_a_loop_of_parents)
{
	tree_make();
	ck_assert(terrmap_within(tree, NTREE, GZ, GD));
	ck_assert(terrmap_within(tree, NTREE, GD, GD));
	ck_assert(!terrmap_within(tree, NTREE, GD, GZ));
	ck_assert(!terrmap_within(tree, NTREE, HZ, GD));
	tree[GD].parent = GZ; /* a damaged file */
	ck_assert(!terrmap_within(tree, NTREE, SZ, ZJ));
}
END_TEST

START_TEST(test_terrmap_cross_is_outside_the_territory_and_under_it)
{
	tree_make();
	/* A province's distributor may ship to its cities. */
	ck_assert(!terrmap_is_cross(tree, NTREE, GD, GZ));
	ck_assert(!terrmap_is_cross(tree, NTREE, GZ, GZ));
	/* A city's may not ship to its province at large, nor to a sister city. */
	ck_assert(terrmap_is_cross(tree, NTREE, GZ, GD));
	ck_assert(terrmap_is_cross(tree, NTREE, GZ, SZ));
	ck_assert(terrmap_is_cross(tree, NTREE, GD, HZ));
	ck_assert(!terrmap_is_cross(tree, NTREE, -1, HZ));
	ck_assert(!terrmap_is_cross(tree, NTREE, GD, -1));
}
END_TEST

START_TEST(test_terrmap_cross_counts_only_where_a_border_is_crossed)
{
	tree_make();
	terrmap_rollup(tree, NTREE);
	/* Guangzhou into Shenzhen: Shenzhen's and Guangzhou's border, not
	 * Guangdong's. */
	terrmap_add_cross(tree, NTREE, GZ, SZ, 2);
	ck_assert_int_eq(tree[SZ].all.cross_in, 2);
	ck_assert_int_eq(tree[GZ].all.cross_out, 2);
	ck_assert_int_eq(tree[GD].all.cross_in, 0);
	ck_assert_int_eq(tree[GD].all.cross_out, 0);
	/* Guangzhou into Hangzhou: out of Guangzhou and Guangdong, into
	 * Hangzhou and Zhejiang, once each. */
	terrmap_add_cross(tree, NTREE, GZ, HZ, 1);
	ck_assert_int_eq(tree[GD].all.cross_out, 1);
	ck_assert_int_eq(tree[GZ].all.cross_out, 3);
	ck_assert_int_eq(tree[ZJ].all.cross_in, 1);
	ck_assert_int_eq(tree[HZ].all.cross_in, 1);
	/* Guangzhou into Guangdong at large (the province's own area, none of
	 * its cities): 窜货 like any other, out of Guangzhou and into
	 * Guangdong; Guangdong sold nothing out of itself. */
	terrmap_add_cross(tree, NTREE, GZ, GD, 1);
	ck_assert_int_eq(tree[GZ].all.cross_out, 4);
	ck_assert_int_eq(tree[GD].all.cross_in, 1);
	ck_assert_int_eq(tree[GD].all.cross_out, 1);
	ck_assert_int_eq(tree[ZJ].all.cross_in, 1);
}
END_TEST

START_TEST(test_terrmap_rights_conflict_when_dates_overlap)
{
	tree_make();
	qd_date jan = { 2026, 1, 1 }, jun30 = { 2026, 6, 30 }, jul1 = { 2026, 7, 1 };
	qd_date dec = { 2026, 12, 31 };
	/* As of a day before the overlaps. */
	qd_date on = { 2026, 6, 1 };
	struct terrmap_right a = right(1, GD, "饮料", jan, jun30, STATUS_ACTIVE);
	struct terrmap_right b = right(2, GD, "饮料", jul1, dec, STATUS_ACTIVE);
	/* One ends the day before the other starts: no overlap. */
	ck_assert(!terrmap_rights_conflict(tree, NTREE, &a, &b, on));
	/* Sharing one day is an overlap. */
	b.start = jun30;
	ck_assert(terrmap_rights_conflict(tree, NTREE, &a, &b, on));
	ck_assert(terrmap_rights_conflict(tree, NTREE, &b, &a, on));
	/* Another category, the same holder, a holder not active: none. */
	strcpy(b.category, "零食");
	ck_assert(!terrmap_rights_conflict(tree, NTREE, &a, &b, on));
	strcpy(b.category, "饮料");
	b.distributor_id = 1;
	ck_assert(!terrmap_rights_conflict(tree, NTREE, &a, &b, on));
	b.distributor_id = 2;
	b.holder_status = STATUS_SUSPENDED;
	ck_assert(!terrmap_rights_conflict(tree, NTREE, &a, &b, on));
	b.holder_status = STATUS_ACTIVE;
	/* The province's right covers its cities; sister cities do not meet. */
	b.territory = GZ;
	ck_assert(terrmap_rights_conflict(tree, NTREE, &a, &b, on));
	a.territory = SZ;
	ck_assert(!terrmap_rights_conflict(tree, NTREE, &a, &b, on));
	a.territory = HZ;
	ck_assert(!terrmap_rights_conflict(tree, NTREE, &a, &b, on));
	/* An overlap wholly before today is history, not a conflict. */
	a.territory = GD;
	qd_date later = { 2027, 1, 1 };
	ck_assert(!terrmap_rights_conflict(tree, NTREE, &a, &b, later));
	ck_assert(terrmap_rights_conflict(tree, NTREE, &a, &b, jun30));
}
END_TEST

START_TEST(test_terrmap_problems_count_conflicts_where_they_lie)
{
	tree_make();
	qd_date jan = { 2026, 1, 1 }, dec = { 2026, 12, 31 }, old_end = { 2025, 12, 31 };
	struct terrmap_right r[] = {
		right(1, GD, "饮料", jan, dec, STATUS_ACTIVE),
		right(2, GZ, "饮料", jan, dec, STATUS_ACTIVE),
		right(3, SZ, "零食", jan, dec, STATUS_SUSPENDED),
		right(4, HZ, "零食", jan, old_end, STATUS_TERMINATED),
	};
	tree[GZ].own.active = 1;
	terrmap_rollup(tree, NTREE);
	terrmap_find_problems(tree, NTREE, r, 4, today);
	/* The conflict lies in Guangzhou, and so in Guangdong. */
	ck_assert_int_eq(tree[GZ].problems.conflicts, 1);
	ck_assert_int_eq(tree[GD].problems.conflicts, 1);
	ck_assert_int_eq(tree[SZ].problems.conflicts, 0);
	ck_assert(terrmap_conflict_touches(tree, NTREE, &r[0], &r[1], GD));
	ck_assert(terrmap_conflict_touches(tree, NTREE, &r[0], &r[1], GZ));
	ck_assert(!terrmap_conflict_touches(tree, NTREE, &r[0], &r[1], SZ));
	/* A suspended holder's right in force counts; an ended one does not. */
	ck_assert_int_eq(tree[SZ].problems.inactive_rights, 1);
	ck_assert_int_eq(tree[GD].problems.inactive_rights, 1);
	ck_assert_int_eq(tree[HZ].problems.inactive_rights, 0);
	ck_assert(terrmap_right_applies(tree, NTREE, &r[0], SZ));
	ck_assert(!terrmap_right_applies(tree, NTREE, &r[1], SZ));
}
END_TEST

START_TEST(test_terrmap_orphans_have_no_active_distributor)
{
	tree_make();
	tree[GZ].own.active = 3;
	terrmap_rollup(tree, NTREE);
	terrmap_find_problems(tree, NTREE, NULL, 0, today);
	ck_assert(!tree[GD].problems.orphan);
	ck_assert(!tree[GZ].problems.orphan);
	ck_assert(tree[SZ].problems.orphan);
	ck_assert(tree[ZJ].problems.orphan);
	ck_assert(tree[HZ].problems.orphan);
}
END_TEST

START_TEST(test_terrmap_a_rep_covers_what_lies_under_and_counts_above)
{
	tree_make();
	tree[GZ].rep = true;
	terrmap_rollup(tree, NTREE);
	terrmap_find_problems(tree, NTREE, NULL, 0, today);
	ck_assert(!tree[GZ].problems.no_rep);
	ck_assert(!tree[GD].problems.no_rep);
	ck_assert(tree[SZ].problems.no_rep);
	ck_assert(tree[ZJ].problems.no_rep);
	tree[ZJ].rep = true;
	terrmap_find_problems(tree, NTREE, NULL, 0, today);
	ck_assert(!tree[HZ].problems.no_rep);
	ck_assert(terrmap_has_problem(&tree[SZ]));
}
END_TEST

/* Some provinces as the schema places them. */
static const struct {
	const char *code;
	int row, col;
} places[] = {
	{ "HL", 0, 7 }, { "XJ", 1, 1 }, { "NM", 1, 4 }, { "BJ", 1, 5 }, { "GS", 2, 2 },
	{ "HE", 2, 5 }, { "QH", 3, 1 }, { "XZ", 4, 0 }, { "SC", 4, 2 }, { "HI", 7, 4 },
	{ "JL", 1, 7 }, { "TJ", 2, 6 }, { "JS", 4, 6 }, { "SH", 5, 7 },
};
enum { NPLACES = sizeof places / sizeof places[0] };

static int place(const char *code)
{
	for (int i = 0; i < NPLACES; i++)
		if (!strcmp(places[i].code, code))
			return i;
	return -1;
}

START_TEST(test_terrmap_grid_move_skips_holes)
{
	struct terrmap_cell cells[NPLACES];
	for (int i = 0; i < NPLACES; i++)
		cells[i] = (struct terrmap_cell){ places[i].row, places[i].col, false };
	/* Across the hole in row 1: Inner Mongolia, not Gansu below. */
	ck_assert_int_eq(terrmap_grid_move(cells, NPLACES, place("XJ"), 0, 1), place("NM"));
	ck_assert_int_eq(terrmap_grid_move(cells, NPLACES, place("BJ"), 1, 0), place("HE"));
	/* Nothing straight up from Xizang: the nearest up and aside. */
	ck_assert_int_eq(terrmap_grid_move(cells, NPLACES, place("XZ"), -1, 0), place("QH"));
	/* Nothing left of it: it stays. */
	ck_assert_int_eq(terrmap_grid_move(cells, NPLACES, place("XZ"), 0, -1), place("XZ"));
	/* Hainan, alone at the bottom, is reached from Sichuan going down. */
	ck_assert_int_eq(terrmap_grid_move(cells, NPLACES, place("SC"), 1, 0), place("HI"));
	/* Up from Shanghai: Jiangsu beside it, not Jilin four rows up. */
	ck_assert_int_eq(terrmap_grid_move(cells, NPLACES, place("SH"), -1, 0), place("JS"));
	/* Left of Xinjiang is nothing within the cone of that direction (Xizang
	 * lies three rows down): it stays. */
	ck_assert_int_eq(terrmap_grid_move(cells, NPLACES, place("XJ"), 0, -1), place("XJ"));
	/* A dimmed cell is passed over: Gansu beside, as near by the score as
	 * Beijing four along, wins for being nearer. */
	cells[place("NM")].skip = true;
	ck_assert_int_eq(terrmap_grid_move(cells, NPLACES, place("XJ"), 0, 1), place("GS"));
	cells[place("BJ")].skip = true;
	ck_assert_int_eq(terrmap_grid_move(cells, NPLACES, place("XJ"), 0, 1), place("GS"));
}
END_TEST

START_TEST(test_terrmap_periods_from_today)
{
	char p[PERIOD_BUF];
	const char *want[TERRMAP_PERIODS] = { "2026-11", "2026-Q4", "2026",
					      "2026-10", "2026-Q3", "2025" };
	for (int i = 0; i < TERRMAP_PERIODS; i++)
		ck_assert_str_eq(period_format(terrmap_period(i, today), p), want[i]);
	qd_date jan5 = { 2026, 1, 5 };
	ck_assert_str_eq(period_format(terrmap_period(3, jan5), p), "2025-12");
	ck_assert_str_eq(period_format(terrmap_period(4, jan5), p), "2025-Q4");
	ck_assert_str_eq(terrmap_period_name(6), "this month");
}
END_TEST

START_TEST(test_terrmap_visits_due_count_the_days_gone)
{
	/* Two active distributors, every 14 and every 30 days. */
	int64_t rate = TERRMAP_RATE_SCALE / 14 + TERRMAP_RATE_SCALE / 30;
	qd_period nov = { PERIOD_MONTH, 2026, 11 }, oct = { PERIOD_MONTH, 2026, 10 };
	qd_period dec = { PERIOD_MONTH, 2026, 12 };
	/* 27 days: 27/14 + 27/30 = 2.83. */
	ck_assert_int_eq(terrmap_days_gone(nov, today), 27);
	ck_assert_int_eq(terrmap_visits_due(rate, nov, today), 3);
	/* All of October: 31/14 + 31/30 = 3.25. */
	ck_assert_int_eq(terrmap_visits_due(rate, oct, today), 3);
	ck_assert_int_eq(terrmap_visits_due(rate, dec, today), 0);
	ck_assert_int_eq(terrmap_pace(nov, today), 90);
	ck_assert_int_eq(terrmap_pace(oct, today), 100);
	char m[8];
	terrmap_move_month(today, m);
	ck_assert_str_eq(m, "2026-11");
}
END_TEST

START_TEST(test_terrmap_metrics_values)
{
	struct terrmap_ctx c = { { PERIOD_MONTH, 2026, 10 }, today };
	struct terrmap_figures f = { 0 };
	int64_t v;
	/* No target, no value. */
	f.sales_fen = 9000;
	ck_assert(!terrmap_metrics[TERRMAP_TARGET].value(&f, &c, &v));
	f.target_fen = 12000;
	f.has_target = true;
	ck_assert(terrmap_metrics[TERRMAP_TARGET].value(&f, &c, &v));
	ck_assert_int_eq(v, 75);
	/* 6 visits done of 31 due (one every day). */
	f.visit_rate = TERRMAP_RATE_SCALE;
	f.visits_done = 6;
	ck_assert(terrmap_metrics[TERRMAP_COVERAGE].value(&f, &c, &v));
	ck_assert_int_eq(v, 19);
	f.open_cross = 2;
	f.open_price = 3;
	ck_assert(terrmap_metrics[TERRMAP_VIOLATIONS].value(&f, &c, &v));
	ck_assert_int_eq(v, 5);
	/* 86.4 and 86.5: the Scorecards' group says 86.5 (86.45 to a
	 * tenth), so the map says 87, not 86 (it rounded 86.45 once). */
	f.score_sum = 864 + 865;
	f.scored = 2;
	ck_assert(terrmap_metrics[TERRMAP_SCORE].value(&f, &c, &v));
	ck_assert_int_eq(v, 87);
	/* 94.2, 93.1, 88.6, 81.2, 65.2: 84.46, said 84.5 there and 85 here
	 * (it was 84). */
	f.score_sum = 942 + 931 + 886 + 812 + 652;
	f.scored = 5;
	ck_assert(terrmap_metrics[TERRMAP_SCORE].value(&f, &c, &v));
	ck_assert_int_eq(v, 85);
	f.score_sum = 700 + 714; /* 70.7: 71 */
	f.scored = 2;
	ck_assert(terrmap_metrics[TERRMAP_SCORE].value(&f, &c, &v));
	ck_assert_int_eq(v, 71);
	for (int i = 0; i < TERRMAP_METRICS; i++)
		ck_assert(terrmap_metrics[i].value != NULL && terrmap_metrics[i].name != NULL);
}
END_TEST

START_TEST(test_terrmap_count_steps_are_distinct_integers)
{
	struct terrmap_ctx c = { { PERIOD_MONTH, 2026, 10 }, today };
	struct terrmap_scale sc;
	char legend[5][48];
	const struct terrmap_metric *active = &terrmap_metrics[TERRMAP_ACTIVE];
	const struct terrmap_metric *overdue = &terrmap_metrics[TERRMAP_VISITS_OVERDUE];
	/* Nothing but 0 and 1: two steps, none and one; the others unused. */
	int64_t ones[] = { 0, 1, 1, 0, 1 };
	terrmap_scale_make(active, ones, 5, &c, &sc);
	terrmap_legend(active, &sc, LANG_EN, legend);
	ck_assert_str_eq(legend[0], "0");
	ck_assert_str_eq(legend[4], "≥1");
	ck_assert_str_eq(legend[1], "");
	ck_assert_str_eq(legend[2], "");
	ck_assert_str_eq(legend[3], "");
	ck_assert_int_eq(terrmap_step(active, &sc, 0), 0);
	ck_assert_int_eq(terrmap_step(active, &sc, 1), 4);
	/* Quartiles 1, 1, 2, 4 (fewer is better): 0, 1, 2-3, 4 and more. */
	int64_t few[] = { 0, 1, 1, 1, 1, 2, 3, 4, 5 };
	terrmap_scale_make(overdue, few, 9, &c, &sc);
	terrmap_legend(overdue, &sc, LANG_EN, legend);
	const char *want[5] = { "≥4", "2–3", "", "1", "0" };
	int used = 0;
	for (int i = 0; i < 5; i++) {
		used += legend[i][0] != '\0';
		for (int j = 0; j < i; j++)
			if (legend[i][0])
				ck_assert_str_ne(legend[i], legend[j]);
	}
	ck_assert_int_eq(used, 4);
	ck_assert_str_eq(legend[0], want[0]);
	ck_assert_str_eq(legend[4], want[4]);
	ck_assert_str_eq(legend[3], want[3]);
	ck_assert_str_eq(legend[1], want[1]);
	ck_assert_int_eq(terrmap_step(overdue, &sc, 0), 4);
	ck_assert_int_eq(terrmap_step(overdue, &sc, 5), 0);
}
END_TEST

START_TEST(test_terrmap_scale_steps)
{
	struct terrmap_ctx c = { { PERIOD_MONTH, 2026, 10 }, today };
	struct terrmap_scale sc;
	const struct terrmap_metric *target = &terrmap_metrics[TERRMAP_TARGET];
	/* A period that has ended: the bounds are 50, 75, 90, 100 %. */
	terrmap_scale_make(target, NULL, 0, &c, &sc);
	ck_assert_int_eq(terrmap_step(target, &sc, 49), 0);
	ck_assert_int_eq(terrmap_step(target, &sc, 50), 1);
	ck_assert_int_eq(terrmap_step(target, &sc, 99), 3);
	ck_assert_int_eq(terrmap_step(target, &sc, 100), 4);
	/* 90 % of November gone: 90 % of the target is on pace. */
	c.period = (qd_period){ PERIOD_MONTH, 2026, 11 };
	terrmap_scale_make(target, NULL, 0, &c, &sc);
	ck_assert_int_eq(terrmap_step(target, &sc, 90), 4);
	ck_assert_int_eq(terrmap_step(target, &sc, 89), 3);
	char legend[5][48];
	terrmap_legend(target, &sc, LANG_EN, legend);
	ck_assert_str_eq(legend[0], "<45%");
	ck_assert_str_eq(legend[4], "≥90%");
	/* Others by the quartiles of the positive values shown. */
	const struct terrmap_metric *active = &terrmap_metrics[TERRMAP_ACTIVE];
	int64_t shown[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	terrmap_scale_make(active, shown, 9, &c, &sc);
	ck_assert_int_eq(terrmap_step(active, &sc, 0), 0);
	ck_assert_int_eq(terrmap_step(active, &sc, 1), 1);
	ck_assert_int_eq(terrmap_step(active, &sc, 2), 1);
	ck_assert_int_eq(terrmap_step(active, &sc, 3), 2);
	ck_assert_int_eq(terrmap_step(active, &sc, 6), 3);
	ck_assert_int_eq(terrmap_step(active, &sc, 7), 4);
	ck_assert_int_eq(terrmap_step(active, &sc, 8), 4);
	terrmap_legend(active, &sc, LANG_EN, legend);
	ck_assert_str_eq(legend[0], "0");
	ck_assert_str_eq(legend[1], "1–2");
	ck_assert_str_eq(legend[4], "≥7");
	/* Fewer is better: none is the best step, the most the worst. */
	const struct terrmap_metric *overdue = &terrmap_metrics[TERRMAP_VISITS_OVERDUE];
	terrmap_scale_make(overdue, shown, 9, &c, &sc);
	ck_assert_int_eq(terrmap_step(overdue, &sc, 0), 4);
	ck_assert_int_eq(terrmap_step(overdue, &sc, 1), 3);
	ck_assert_int_eq(terrmap_step(overdue, &sc, 8), 0);
	terrmap_legend(overdue, &sc, LANG_EN, legend);
	ck_assert_str_eq(legend[4], "0");
	ck_assert_str_eq(legend[3], "1–2");
	ck_assert_str_eq(legend[0], "≥7");
	/* Nothing shown but zeros: every one is the bottom (or, fewer being
	 * better, the top) step. */
	int64_t zeros[] = { 0, 0 };
	terrmap_scale_make(overdue, zeros, 2, &c, &sc);
	ck_assert_int_eq(terrmap_step(overdue, &sc, 0), 4);
}
END_TEST

START_TEST(test_terrmap_values_shorten_to_fit)
{
	const struct terrmap_metric *sales = &terrmap_metrics[TERRMAP_SALES];
	char buf[48];
	ck_assert_str_eq(terrmap_value_text(sales, 12345678, LANG_ZH, 8, buf), "¥12.3万");
	ck_assert_str_eq(terrmap_value_text(sales, 12345678, LANG_ZH, 6, buf), "12.3万");
	ck_assert_str_eq(terrmap_value_text(sales, 12345678, LANG_ZH, 4, buf), "12万");
	ck_assert_str_eq(terrmap_value_text(sales, 12345678, LANG_EN, 7, buf), "¥123.5k");
	ck_assert_str_eq(terrmap_value_text(sales, 12345678, LANG_EN, 6, buf), "123.5k");
	ck_assert_str_eq(terrmap_value_text(sales, 12345678, LANG_EN, 4, buf), "123k");
	ck_assert_str_eq(terrmap_value_text(&terrmap_metrics[TERRMAP_TARGET], 87, LANG_EN, 4, buf),
			 "87%");
	ck_assert_str_eq(
		terrmap_value_text(&terrmap_metrics[TERRMAP_ACTIVE], 123456, LANG_ZH, 4, buf),
		"12万");
}
END_TEST

START_TEST(test_terrmap_evidence_holds_the_facts)
{
	struct terrmap_line lines[] = { { "冰红茶", 12 }, { "矿泉水", 30 } };
	struct terrmap_shipment s;
	memset(&s, 0, sizeof s);
	strcpy(s.order_no, "SO0000000042");
	s.order_date = (qd_date){ 2026, 11, 2 };
	s.ship_date = (qd_date){ 2026, 11, 3 };
	strcpy(s.distributor_code, "GD-0042");
	strcpy(s.distributor_name, "广州天河恒源食品有限公司");
	strcpy(s.from_code, "GD-GZ");
	strcpy(s.from_name, "广州市");
	strcpy(s.to_code, "ZJ");
	strcpy(s.to_name, "浙江省");
	s.total_fen = 123456;
	s.lines = lines;
	s.nlines = 2;
	char *t = terrmap_evidence(&s);
	const char *facts[] = { "SO0000000042",
				"2026-11-02",
				"2026-11-03",
				"GD-0042",
				"广州天河恒源食品有限公司",
				"GD-GZ",
				"ZJ",
				"冰红茶 × 12",
				"矿泉水 × 30",
				"¥1,234.56" };
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
		ck_assert_msg(strstr(t, facts[i]), "%s lacks %s", t, facts[i]);
	free(t);
}
END_TEST

START_TEST(test_terrmap_grant_check)
{
	qd_date a = { 2026, 1, 1 }, b = { 2026, 12, 31 };
	ck_assert_ptr_null(terrmap_grant_check("饮料", a, b));
	ck_assert_ptr_null(terrmap_grant_check("饮料", a, a));
	ck_assert_ptr_nonnull(terrmap_grant_check("", a, b));
	ck_assert_ptr_nonnull(terrmap_grant_check("饮料", b, a));
}
END_TEST

START_TEST(test_terrmap_panel_title_drops_parts_never_overflows)
{
	const char *period = "2026-11";
	char *t = terrmap_panel_title("广州市", "GD-GZ", period, 40);
	ck_assert_str_eq(t, "广州市  GD-GZ  2026-11");
	free(t);
	/* 22 cells hold it all; 21 drop the period, not cut it. */
	t = terrmap_panel_title("广州市", "GD-GZ", period, 22);
	ck_assert_str_eq(t, "广州市  GD-GZ  2026-11");
	free(t);
	t = terrmap_panel_title("广州市", "GD-GZ", period, 21);
	ck_assert_str_eq(t, "广州市  GD-GZ");
	free(t);
	t = terrmap_panel_title("广州市", "GD-GZ", period, 12);
	ck_assert_str_eq(t, "广州市");
	free(t);
	t = terrmap_panel_title("新疆维吾尔自治区", "XJ", period, 7);
	ck_assert_int_le(text_width(t), 7);
	ck_assert_ptr_nonnull(strstr(t, "…"));
	free(t);
	t = terrmap_panel_title("广州市", "GD-GZ", period, 0);
	ck_assert_str_eq(t, "");
	free(t);
}
END_TEST

START_TEST(test_terrmap_name_of_in_english_when_there_is_one)
{
	ck_assert_str_eq(terrmap_name_of("青海省", "Qinghai", LANG_EN), "Qinghai");
	ck_assert_str_eq(terrmap_name_of("青海省", "Qinghai", LANG_ZH), "青海省");
	ck_assert_str_eq(terrmap_name_of("广州市", "", LANG_EN), "广州市");
}
END_TEST

SUITE_MAIN("terrmap", test_terrmap_rollup_adds_what_lies_under,
	   test_terrmap_within_ends_a_loop_of_parents,
	   test_terrmap_cross_is_outside_the_territory_and_under_it,
	   test_terrmap_count_steps_are_distinct_integers,
	   test_terrmap_cross_counts_only_where_a_border_is_crossed,
	   test_terrmap_rights_conflict_when_dates_overlap,
	   test_terrmap_problems_count_conflicts_where_they_lie,
	   test_terrmap_orphans_have_no_active_distributor,
	   test_terrmap_a_rep_covers_what_lies_under_and_counts_above,
	   test_terrmap_grid_move_skips_holes, test_terrmap_periods_from_today,
	   test_terrmap_visits_due_count_the_days_gone, test_terrmap_metrics_values,
	   test_terrmap_scale_steps, test_terrmap_values_shorten_to_fit,
	   test_terrmap_evidence_holds_the_facts, test_terrmap_grant_check,
	   test_terrmap_panel_title_drops_parts_never_overflows,
	   test_terrmap_name_of_in_english_when_there_is_one)
