/* core/scorecard: every part and the total against examples worked by hand,
 * n/a parts and their weight spread, dormant distributors not scored (service
 * alone does not score), the threshold, normalisation, the
 * settings in force for a period, grades, reasons, flags and rebate ladders. */
#include <stdio.h>
#include <string.h>

#include "qudao/scorecard.h"
#include "suite.h"

/* The worked example: every part measured, nothing below the threshold. */
static struct score_figures example(void)
{
	struct score_figures f;
	memset(&f, 0, sizeof f);
	f.sales_fen = 8000000;
	f.target_fen = 10000000; /* 80 % */
	f.due_fen = 10000000;
	f.received_fen = 9000000;    /* 90 % */
	f.open_to_end_fen = 1000000; /* ¥10,000 overdue at the end */
	f.days = 92;		     /* 9 days of billing: 3 points */
	f.lines = 10;
	f.lines_ok = 9;
	f.shelf = 10;
	f.shelf_ok = 10;    /* 19 of 20: 95 */
	f.incidents[0] = 1; /* a price violation, late: 20 points */
	f.orders = 10;
	f.cross_orders = 1; /* 90 */
	f.visits_done = 2;
	f.visits_due = 3; /* 66.7 */
	f.stock_counts = 6;
	f.stock_low = 1;
	f.stock_high = 1; /* 4 of 6: 66.7 */
	f.incidents[4] = 1;
	f.in_time[4] = 1; /* a complaint resolved in time: 5 points */
	f.trainings = 1;
	f.trainings_offered = 2; /* 50 */
	return f;
}

static struct score_settings defaults(void)
{
	struct score_settings s;
	score_settings_default(&s);
	return s;
}

START_TEST(test_score_parts_match_the_worked_example)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_SALES], 800);
	ck_assert_int_eq(r.overdue_fen, 1000000);
	ck_assert_int_eq(r.overdue_days, 9);
	ck_assert_int_eq(r.deducted[SCORE_COLLECTION], 30);
	ck_assert_int_eq(r.sub[SCORE_COLLECTION], 870);
	ck_assert_int_eq(r.sub[SCORE_PRICE], 750);
	ck_assert_int_eq(r.sub[SCORE_TERRITORY], 900);
	ck_assert_int_eq(r.sub[SCORE_VISITS], 667);
	ck_assert_int_eq(r.sub[SCORE_INVENTORY], 667);
	ck_assert_int_eq(r.sub[SCORE_SERVICE], 950);
	ck_assert_int_eq(r.sub[SCORE_TRAINING], 500);
}
END_TEST

/* The overdue deduction, a point for every 3 days of billing overdue, is
 * rounded to the nearest tenth as the parts are: 50 days are 16.7 points
 * (it was cut to 16.6, and the explanation's sum came out a tenth off the
 * hand's: user test, SC-0014), 58 days 19.3, 1 day 0.3. */
START_TEST(test_score_overdue_deduction_is_rounded_to_the_nearest_tenth)
{
	struct score_settings s = defaults();
	static const struct {
		int64_t open;
		int days, tenths;
	} cases[] = { { 5000000, 50, 167 }, { 5800000, 58, 193 }, { 100000, 1, 3 } };
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct score_figures f = example();
		f.days = 100;
		f.due_fen = 10000000;
		f.received_fen = 10000000;
		f.open_to_end_fen = cases[k].open;
		struct score_result r;
		score_compute(&s, &f, &r);
		ck_assert_int_eq(r.overdue_days, cases[k].days);
		ck_assert_int_eq(r.deducted[SCORE_COLLECTION], cases[k].tenths);
		ck_assert_int_eq(r.sub[SCORE_COLLECTION], 1000 - cases[k].tenths);
	}
}
END_TEST

START_TEST(test_score_total_is_the_weighted_sum)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	struct score_result r;
	score_compute(&s, &f, &r);
	/* 30×80 + 20×87 + 10×75 + 10×90 + 10×66.7 + 5×66.7 + 10×95 + 5×50 = 7990.5 */
	ck_assert(r.scored);
	ck_assert_int_eq(r.raw, 799);
	ck_assert_int_eq(r.score, 799);
	ck_assert_int_eq(r.grade, 'B');
	ck_assert_int_eq(r.weight[SCORE_SALES], 300);
}
END_TEST

/* The weights and the costs as shown, in tenths, add up: the weights to
 * 100.0 %, the costs to what the score lacks of 100 (rounded one by one,
 * three weights of a third were 33.3 % each and the costs of a score of
 * 34.7 added up to 65.4). Over many results made from varied figures. */
START_TEST(test_score_weights_and_costs_shown_add_up)
{
	struct score_settings s = defaults();
	/* Three parts of a third each. */
	for (int i = 0; i < SCORE_PARTS; i++)
		s.weight[i] = 0;
	s.weight[SCORE_SALES] = s.weight[SCORE_COLLECTION] = s.weight[SCORE_VISITS] = 1;
	struct score_figures f = example();
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(
		r.weight[SCORE_SALES] + r.weight[SCORE_COLLECTION] + r.weight[SCORE_VISITS], 1000);
	unsigned seed = 7;
	int checked = 0;
	for (int round = 0; round < 2000; round++) {
		s = defaults();
		for (int i = 0; i < SCORE_PARTS; i++)
			s.weight[i] = (int)(rand_r(&seed) % 30);
		s.threshold = (int)(rand_r(&seed) % 40);
		f = example();
		f.sales_fen = rand_r(&seed) % 15000000;
		f.received_fen = rand_r(&seed) % 10000000;
		f.visits_done = rand_r(&seed) % 4;
		f.lines_ok = rand_r(&seed) % 11;
		f.stock_low = rand_r(&seed) % 3;
		f.trainings = rand_r(&seed) % 3;
		if (round % 3 == 0)
			f.target_fen = -1; /* its weight spread */
		score_compute(&s, &f, &r);
		if (!r.scored)
			continue;
		int weights = 0, lost = 0;
		for (int i = 0; i < SCORE_PARTS; i++) {
			weights += r.sub[i] == SCORE_NA ? 0 : r.weight[i];
			lost += score_lost(&r, i);
			ck_assert_int_ge(score_lost(&r, i), 0);
		}
		ck_assert_int_eq(weights, 1000);
		ck_assert_msg(lost == 1000 - r.raw, "round %d: costs %d, score %d", round, lost,
			      r.raw);
		checked++;
	}
	ck_assert_int_gt(checked, 1000);
}
END_TEST

START_TEST(test_score_missing_target_is_na_and_spreads_its_weight)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	f.target_fen = -1;
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_SALES], SCORE_NA);
	ck_assert_int_eq(r.weight[SCORE_SALES], 0);
	/* The other 70 points of weight carry the score: 5590.5 / 70. */
	ck_assert_int_eq(r.weight[SCORE_COLLECTION], 286);
	ck_assert_int_eq(r.raw, 799);
	f.sales_fen = 0;
	f.target_fen = 0; /* a zero target asks nothing: n/a too */
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_SALES], SCORE_NA);
}
END_TEST

START_TEST(test_score_zero_sales_against_a_target_is_zero)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	f.sales_fen = 0;
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_SALES], 0);
	ck_assert(r.below[SCORE_SALES]);
	/* 7990.5 − 30×80 = 5590.5 over all 100 points of weight. */
	ck_assert_int_eq(r.raw, 559);
	ck_assert_int_eq(r.grade, 'C');
}
END_TEST

START_TEST(test_score_no_visits_due_is_na)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	f.visits_due = 0;
	f.visits_done = 1;
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_VISITS], SCORE_NA);
	/* (7990.5 − 10×66.7) / 90 */
	ck_assert_int_eq(r.raw, 814);
	/* Its inputs say so, not "1 of 0 due". */
	char buf[256];
	score_part_inputs(SCORE_VISITS, &s, &f, &r, buf, sizeof buf);
	ck_assert_msg(!strstr(buf, "of 0") && strstr(buf, "visits done: 1; none fell due"), "%s",
		      buf);
}
END_TEST

static int32_t day(int y, int m, int d)
{
	return date_to_days((qd_date){ y, m, d });
}

START_TEST(test_score_visits_due_from_the_last_visit_before_the_period)
{
	/* Visited 2026-06-16, every 60 days: due 08-15, 10-14, 12-13; the
	 * fourth quarter up to 11-27 owes 10-14. */
	ck_assert_int_eq(
		score_visits_due(day(2026, 10, 1), day(2026, 11, 27), 60, day(2026, 6, 16)), 1);
	/* Every 60 days, visited 10-20: nothing falls due in November. */
	ck_assert_int_eq(
		score_visits_due(day(2026, 11, 1), day(2026, 11, 30), 60, day(2026, 10, 20)), 0);
	/* Visited 09-20: due 11-19, in November. */
	ck_assert_int_eq(
		score_visits_due(day(2026, 11, 1), day(2026, 11, 30), 60, day(2026, 9, 20)), 1);
	/* February, every 30 days, visited 01-20: due 02-19. */
	ck_assert_int_eq(score_visits_due(day(2026, 2, 1), day(2026, 2, 28), 30, day(2026, 1, 20)),
			 1);
	/* Visited 01-31: due 03-02, not in February. */
	ck_assert_int_eq(score_visits_due(day(2026, 2, 1), day(2026, 2, 28), 30, day(2026, 1, 31)),
			 0);
	/* A quarter, every 30 days, visited 06-25: 07-25, 08-24, 09-23. */
	ck_assert_int_eq(score_visits_due(day(2026, 7, 1), day(2026, 9, 30), 30, day(2026, 6, 25)),
			 3);
}
END_TEST

START_TEST(test_score_visits_due_overdue_owes_at_least_one)
{
	/* Every 60 days, visited 09-01: due 10-31, before November; the next
	 * 12-30 is after it, yet the overdue visit is owed. */
	ck_assert_int_eq(score_visits_due(day(2026, 11, 1), day(2026, 11, 27), 60, day(2026, 9, 1)),
			 1);
	/* Never visited, the agreement from 2026-01-05, every 60 days. */
	ck_assert_int_eq(score_visits_due(day(2026, 11, 1), day(2026, 11, 27), 60, day(2026, 1, 5)),
			 1);
	/* An agreement that began in the period: nothing due before its first
	 * 30 days. */
	ck_assert_int_eq(
		score_visits_due(day(2026, 11, 10), day(2026, 11, 27), 30, day(2026, 11, 10)), 0);
}
END_TEST

START_TEST(test_score_visits_due_without_a_known_schedule_rounds)
{
	/* Visited in or after the period: the days over the frequency,
	 * rounded. */
	ck_assert_int_eq(score_visits_due(day(2026, 11, 1), day(2026, 11, 30), 60, 0), 1);
	ck_assert_int_eq(score_visits_due(day(2026, 2, 1), day(2026, 2, 28), 30, 0), 1);
	ck_assert_int_eq(score_visits_due(day(2026, 7, 1), day(2026, 9, 30), 30, 0), 3);
	ck_assert_int_eq(score_visits_due(day(2026, 11, 1), day(2026, 11, 14), 60, 0), 0);
	ck_assert_int_eq(score_visits_due(day(2026, 11, 1), day(2026, 11, 30), 0, 0), 0);
	ck_assert_int_eq(score_visits_due(day(2026, 11, 2), day(2026, 11, 1), 30, 0), 0);
}
END_TEST

START_TEST(test_score_below_the_threshold_counts_zero)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	f.visits_done = 1;
	f.visits_due = 4; /* 25, under 30 */
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_VISITS], 250);
	ck_assert(r.below[SCORE_VISITS]);
	/* 7990.5 − 10×66.7 = 7323.5 */
	ck_assert_int_eq(r.raw, 732);
	s.threshold = 20;
	score_compute(&s, &f, &r);
	ck_assert(!r.below[SCORE_VISITS]);
	ck_assert_int_eq(r.raw, 757);
}
END_TEST

START_TEST(test_score_collection_with_nothing_due_is_na)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	f.due_fen = 0;
	f.received_fen = 0;
	f.open_to_end_fen = 0;
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_COLLECTION], SCORE_NA);
	ck_assert_int_eq(r.weight[SCORE_COLLECTION], 0);
	/* (7990.5 − 20×87) / 80 = 78.1 */
	ck_assert_int_eq(r.raw, 781);
	/* Money paid on earlier bills, nothing due now: still nothing to measure. */
	f.received_fen = 300000;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_COLLECTION], SCORE_NA);
	/* Overdue with nothing billed: measured, with the whole deduction. */
	f.open_to_end_fen = 5000;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.deducted[SCORE_COLLECTION], 400);
	ck_assert_int_eq(r.sub[SCORE_COLLECTION], 600);
}
END_TEST

START_TEST(test_score_price_without_lines_or_shelf_prices_is_na)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	f.lines = f.lines_ok = f.shelf = f.shelf_ok = 0;
	f.incidents[0] = 0;
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_PRICE], SCORE_NA);
	/* (7990.5 − 10×75) / 90 = 80.5 */
	ck_assert_int_eq(r.raw, 805);
	/* A price violation alone is measured: 100 less its 20 points. */
	f.incidents[0] = 1;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_PRICE], 800);
}
END_TEST

START_TEST(test_score_territory_without_orders_is_na)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	f.orders = f.cross_orders = 0;
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_TERRITORY], SCORE_NA);
	/* (7990.5 − 10×90) / 90 = 78.8 */
	ck_assert_int_eq(r.raw, 788);
	/* A cross-territory incident alone is measured: 100 less its 25 points. */
	f.incidents[1] = 1;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_TERRITORY], 750);
}
END_TEST

/* A distributor with an agreement and nothing else in the period. */
static struct score_figures dormant(void)
{
	struct score_figures f;
	memset(&f, 0, sizeof f);
	f.target_fen = -1;
	f.days = 58;
	return f;
}

START_TEST(test_score_dormant_distributor_is_not_scored)
{
	struct score_settings s = defaults();
	struct score_figures f = dormant();
	struct score_result r;
	score_compute(&s, &f, &r);
	for (int part = 0; part < SCORE_PARTS; part++)
		if (part != SCORE_SERVICE)
			ck_assert_int_eq(r.sub[part], SCORE_NA);
	/* Service is 100 less its deductions, but it takes points off only. */
	ck_assert_int_eq(r.sub[SCORE_SERVICE], 1000);
	ck_assert(!r.scored);
	ck_assert_int_eq(r.unscored, SCORE_UNSCORED_NO_ACTIVITY);
	ck_assert_int_eq(r.weight[SCORE_SERVICE], 0);
	ck_assert_int_eq(r.raw, 0);
	ck_assert_int_eq(r.grade, 0);
}
END_TEST

START_TEST(test_score_service_alone_does_not_score)
{
	struct score_settings s = defaults();
	struct score_figures f = dormant();
	f.incidents[4] = 1; /* a complaint */
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_SERVICE], 900);
	ck_assert(!r.scored);
	ck_assert_int_eq(r.grade, 0);
}
END_TEST

/* One order shipped at the list price in its own territory, nothing else:
 * price and territory at 100 with service. Discipline alone does not
 * score (it made a newcomer with one order and no target the best of the
 * ranking, 100.0); a target makes it measurable. */
START_TEST(test_score_discipline_alone_does_not_score)
{
	struct score_settings s = defaults();
	struct score_figures f = dormant();
	f.orders = 1;
	f.lines = 1;
	f.lines_ok = 1;
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_PRICE], 1000);
	ck_assert_int_eq(r.sub[SCORE_TERRITORY], 1000);
	ck_assert(!r.scored);
	ck_assert_int_eq(r.unscored, SCORE_UNSCORED_DISCIPLINE_ONLY);
	ck_assert_str_eq(score_unscored_label(&r), "too few parts");
	ck_assert_int_eq(r.grade, 0);
	f.sales_fen = 29760;
	f.target_fen = 1000000;
	score_compute(&s, &f, &r);
	ck_assert(r.scored);
	ck_assert_int_eq(r.sub[SCORE_SALES], 30);
}
END_TEST

/* While the period runs, sales are measured against the share of the
 * target its days over make: ¥58,000 at the end of a quarter's 58th day
 * (on its 59th) is the pace of a ¥92,000 target (it read 63.0, and a
 * manager saw everyone slipping). Today is not over: on the first day
 * nothing is owed (n/a). The period over, or a period whose length is not
 * given (a target of only some months), against all of it. */
START_TEST(test_score_running_period_sales_at_the_pace_of_the_target)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	f.sales_fen = 5800000;
	f.target_fen = 9200000;
	f.days = 59;
	f.period_days = 92;
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(score_target_to_date(&f), 5800000);
	ck_assert_int_eq(r.sub[SCORE_SALES], 1000);
	char buf[300];
	score_part_inputs(SCORE_SALES, &s, &f, &r, buf, sizeof buf);
	ck_assert_str_eq(buf, "sales ¥58,000.00 against ¥58,000.00 (58 of 92 days of a "
			      "¥92,000.00 target)");
	f.sales_fen = 2900000;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_SALES], 500);
	f.days = 92;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(score_target_to_date(&f), 9200000);
	ck_assert_int_eq(r.sub[SCORE_SALES], 315);
	score_part_inputs(SCORE_SALES, &s, &f, &r, buf, sizeof buf);
	ck_assert_str_eq(buf, "sales ¥29,000.00 of a ¥92,000.00 target");
	f.days = 58;
	f.period_days = 0;
	ck_assert_int_eq(score_target_to_date(&f), 9200000);
	/* The first day: nothing owed yet, the part not measured. */
	f.days = 1;
	f.period_days = 92;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(score_target_to_date(&f), 0);
	ck_assert_int_eq(r.sub[SCORE_SALES], SCORE_NA);
	score_part_inputs(SCORE_SALES, &s, &f, &r, buf, sizeof buf);
	ck_assert_str_eq(buf, "sales ¥29,000.00; none of the ¥92,000.00 target is owed yet: "
			      "the period's first day is not over");
	/* A target of a fen on the second day: at least a fen. */
	f.target_fen = 1;
	f.days = 2;
	ck_assert_int_eq(score_target_to_date(&f), 1);
}
END_TEST

START_TEST(test_score_terminated_in_the_period_sales_at_the_pace_of_its_days)
{
	/* Terminated on the quarter's 7th day, seen on its 58th: its target
	 * counted for its 7 days of business (it was paced to the 57 days
	 * over, and its score drifted down each day after it left). */
	struct score_settings s = defaults();
	struct score_figures f = example();
	f.sales_fen = 700000;
	f.target_fen = 9200000;
	f.days = 58;
	f.period_days = 92;
	f.ended_days = 7;
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(score_days_paced(&f), 7);
	ck_assert_int_eq(score_target_to_date(&f), 700000);
	ck_assert_int_eq(r.sub[SCORE_SALES], 1000);
	char buf[300];
	score_part_inputs(SCORE_SALES, &s, &f, &r, buf, sizeof buf);
	ck_assert_str_eq(buf, "sales ¥7,000.00 against ¥7,000.00 (its 7 days of business of the "
			      "period's 92, up to its agreement's end, of a ¥92,000.00 target)");
	/* The same once the quarter is over: it does not move. */
	f.days = 92;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(score_target_to_date(&f), 700000);
	ck_assert_int_eq(r.sub[SCORE_SALES], 1000);
}
END_TEST

START_TEST(test_score_only_collection_measured_is_scored_on_it)
{
	struct score_settings s = defaults();
	struct score_figures f = dormant();
	f.due_fen = 1000000;
	f.received_fen = 800000; /* 80 */
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert(r.scored);
	ck_assert_int_eq(r.sub[SCORE_COLLECTION], 800);
	/* Collection's 20 and service's 10 carry it all: 66.7 % and 33.3 %. */
	ck_assert_int_eq(r.weight[SCORE_COLLECTION], 667);
	ck_assert_int_eq(r.weight[SCORE_SERVICE], 333);
	ck_assert_int_eq(r.weight[SCORE_SALES], 0);
	/* (20×80 + 10×100) / 30 = 86.7 */
	ck_assert_int_eq(r.raw, 867);
	ck_assert_int_eq(r.grade, 'A');
	/* A complaint now costs it: (20×80 + 10×90) / 30 = 83.3 */
	f.incidents[4] = 1;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.raw, 833);
}
END_TEST

START_TEST(test_score_incidents_resolved_in_time_cost_half)
{
	struct score_settings s = defaults();
	struct score_figures f;
	memset(&f, 0, sizeof f);
	f.incidents[1] = 2;
	f.in_time[1] = 1; /* 25 + 12.5 */
	f.incidents[2] = 1;
	f.incidents[3] = 1;
	f.in_time[3] = 1; /* 5 + 5 */
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_TERRITORY], 625);
	ck_assert_int_eq(r.sub[SCORE_SERVICE], 900);
	f.incidents[4] = 20; /* never below zero */
	score_compute(&s, &f, &r);
	ck_assert_int_eq(r.sub[SCORE_SERVICE], 0);
}
END_TEST

/* The inputs in words name the deduction only when there is one: no
 * "−0.0" for a distributor without incidents. */
START_TEST(test_score_inputs_without_incidents_name_no_deduction)
{
	struct score_settings s = defaults();
	struct score_figures f;
	memset(&f, 0, sizeof f);
	f.orders = f.lines = f.lines_ok = 3;
	struct score_result r;
	score_compute(&s, &f, &r);
	char buf[512];
	score_part_inputs(SCORE_PRICE, &s, &f, &r, buf, sizeof buf);
	ck_assert_str_eq(buf, "within tolerance: order lines 3 of 3, shelf prices 0 of 0; no price "
			      "violation incidents");
	score_part_inputs(SCORE_TERRITORY, &s, &f, &r, buf, sizeof buf);
	ck_assert_str_eq(buf, "orders shipped outside its territory: 0 of 3; no cross-territory "
			      "selling incidents");
	score_part_inputs(SCORE_SERVICE, &s, &f, &r, buf, sizeof buf);
	ck_assert_str_eq(buf, "no returns, quality incidents or complaints");
	/* Owed from before, nothing billed in the period: no "9999 days". */
	f.due_fen = 0;
	f.open_to_end_fen = 3000000;
	score_compute(&s, &f, &r);
	score_part_inputs(SCORE_COLLECTION, &s, &f, &r, buf, sizeof buf);
	ck_assert_msg(!strstr(buf, "9999") && strstr(buf, "nothing fell due in the period"), "%s",
		      buf);
	f.incidents[1] = 2;
	f.in_time[1] = 1;
	score_compute(&s, &f, &r);
	score_part_inputs(SCORE_TERRITORY, &s, &f, &r, buf, sizeof buf);
	ck_assert_msg(strstr(buf, "cross-territory incidents 2, resolved in time 1: −37.5"), "%s",
		      buf);
}
END_TEST

/* A price outside the tolerance says how far, above or below, to the
 * hundredth (¥50 against ¥42 is 19.05% above, not "19.1% off"), but never
 * reads as the tolerance itself beside "outside the tolerance". */
START_TEST(test_score_evidence_price_stray_is_said_to_the_hundredth)
{
	struct score_evidence e;
	memset(&e, 0, sizeof e);
	e.kind = EVIDENCE_LINE;
	e.amount_fen = 4012;
	e.n1 = 4224;
	e.flag = 0;
	e.tol_bp = 500;
	char when[200], what[200], amount[200], meaning[200];
	bool bad;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert(bad);
	ck_assert_msg(strstr(meaning, "5.02% below the list price"), "%s", meaning);
	e.amount_fen = 5000;
	e.n1 = 4200;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert_msg(strstr(meaning, "19.05% above the list price"), "%s", meaning);
	e.amount_fen = 3552;
	e.n1 = 3360;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert_msg(strstr(meaning, "5.71% above"), "%s", meaning);
	/* ¥1,050.04 against ¥1,000 is 5.004% off: not "5.00%". */
	e.amount_fen = 105004;
	e.n1 = 100000;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert_msg(strstr(meaning, "5.01% above"), "%s", meaning);
	e.kind = EVIDENCE_PRICE;
	e.amount_fen = 2976;
	e.n1 = 3360;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert_msg(strstr(meaning, "11.43% below the retail price"), "%s", meaning);
}
END_TEST

/* An invoice still open says what is left of it and since when, whole
 * sentences for one day, several, and the day it falls due. */
START_TEST(test_score_evidence_open_invoice_says_what_is_left_and_since_when)
{
	struct score_evidence e;
	memset(&e, 0, sizeof e);
	e.kind = EVIDENCE_OPEN;
	e.amount_fen = 5000;
	e.n1 = 12000;
	e.n2 = 1;
	e.flag = 1;
	char when[200], what[200], amount[200], meaning[300];
	bool bad;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert(bad);
	ck_assert_int_eq(score_evidence_part(&e), SCORE_COLLECTION);
	ck_assert_str_eq(meaning, "1 day overdue at the end: ¥50.00 of ¥120.00 open");
	e.amount_fen = e.n1;
	e.n2 = 31;
	e.flag = 0;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert_str_eq(meaning, "31 days overdue");
	e.n2 = 0;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert_str_eq(meaning, "due today, owed");
}
END_TEST

START_TEST(test_score_normalised_to_the_best_of_the_group)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	struct score_result r;
	score_compute(&s, &f, &r);
	score_normalise(&s, &r, 850000);
	ck_assert_int_eq(r.score, 799); /* off by default */
	s.normalise = true;
	score_normalise(&s, &r, 850000);
	ck_assert_int_eq(r.raw, 799);
	ck_assert_int_eq(r.score, 940);
	ck_assert_int_eq(r.grade, 'A');
	score_normalise(&s, &r, r.raw_fine);
	ck_assert_int_eq(r.score, 1000);
}
END_TEST

/* A score is rounded once: visits 66.7 and training 100 weighing the same
 * make 83.35, shown 83.4; of a best 90.0 that is 92.6, where normalising
 * the shown 83.4 gave 92.7 (a score just under a grade's line could be
 * lifted over it). */
START_TEST(test_score_normalised_from_the_unrounded_sum)
{
	struct score_settings s = defaults();
	s.normalise = true;
	s.threshold = 0;
	for (int i = 0; i < SCORE_PARTS; i++)
		s.weight[i] = 0;
	s.weight[SCORE_VISITS] = 1;
	s.weight[SCORE_TRAINING] = 1;
	struct score_figures f = example();
	f.trainings = 2;
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert(r.scored);
	ck_assert_int_eq(r.sub[SCORE_VISITS], 667);
	ck_assert_int_eq(r.sub[SCORE_TRAINING], 1000);
	ck_assert_int_eq(r.raw, 834);
	ck_assert_int_eq(r.raw_fine, 833500);
	score_normalise(&s, &r, 900000);
	ck_assert_int_eq(r.score, 926);
	ck_assert_int_eq(r.raw, 834);
}
END_TEST

START_TEST(test_score_every_part_na_is_not_scored)
{
	struct score_settings s = defaults();
	for (int i = 0; i < SCORE_PARTS; i++)
		s.weight[i] = 0;
	s.weight[SCORE_SALES] = 90;
	s.weight[SCORE_PRICE] = 10;
	struct score_figures f;
	memset(&f, 0, sizeof f);
	f.target_fen = -1;
	struct score_result r;
	score_compute(&s, &f, &r);
	ck_assert(!r.scored);
	ck_assert_int_eq(r.unscored, SCORE_UNSCORED_NO_ACTIVITY);
	ck_assert_int_eq(r.raw, 0);
	ck_assert_str_eq(score_unscored_label(&r), "no activity");
	/* Orders shipped: discipline alone. */
	f.orders = 2;
	f.lines = f.lines_ok = 3;
	score_compute(&s, &f, &r);
	ck_assert(!r.scored);
	ck_assert_int_eq(r.unscored, SCORE_UNSCORED_DISCIPLINE_ONLY);
	/* And paid what fell due, but only sales weighs, and there is no
	 * target. */
	f.due_fen = f.received_fen = 100000;
	score_compute(&s, &f, &r);
	ck_assert(!r.scored);
	ck_assert_int_eq(r.unscored, SCORE_UNSCORED_NO_WEIGHT);
	ck_assert_str_eq(score_unscored_label(&r), "not weighted");
	/* Its prices weigh (sales alone does not), so the reason cannot say
	 * that the parts it is measured on weigh nothing: it names the parts
	 * of business, and the discipline that ranks nobody alone. */
	ck_assert_ptr_nonnull(strstr(score_unscored_reason(&r), "parts that measure its business"));
	ck_assert_ptr_nonnull(strstr(score_unscored_reason(&r), "discipline"));
	ck_assert_int_eq(r.grade, 0);
	f.target_fen = 100;
	score_compute(&s, &f, &r);
	ck_assert(r.scored);
	ck_assert_str_eq(score_unscored_label(&r), "");
}
END_TEST

/* Grades out of order are said beside the one changed: A lowered under B
 * is A's (it was said beside B); B raised over A is B's; both changed,
 * the check's own field. */
START_TEST(test_score_settings_blame_the_grade_changed)
{
	struct score_settings before = defaults(), s = before;
	int field = 0;
	s.band[0] = 50;
	ck_assert_ptr_nonnull(score_settings_check(&s, &field));
	ck_assert_int_eq(field, SCORE_FIELD_BAND + 1);
	ck_assert_int_eq(score_settings_blame(&s, &before, field), SCORE_FIELD_BAND);
	s = before;
	s.band[1] = 90;
	ck_assert_ptr_nonnull(score_settings_check(&s, &field));
	ck_assert_int_eq(score_settings_blame(&s, &before, field), SCORE_FIELD_BAND + 1);
	s = before;
	s.band[1] = 40;
	ck_assert_ptr_nonnull(score_settings_check(&s, &field));
	ck_assert_int_eq(field, SCORE_FIELD_BAND + 2);
	ck_assert_int_eq(score_settings_blame(&s, &before, field), SCORE_FIELD_BAND + 1);
	s.band[2] = 30;
	s.band[1] = 20;
	ck_assert_ptr_nonnull(score_settings_check(&s, &field));
	ck_assert_int_eq(score_settings_blame(&s, &before, field), field);
	ck_assert_int_eq(score_settings_blame(&s, &before, SCORE_FIELD_THRESHOLD),
			 SCORE_FIELD_THRESHOLD);
}
END_TEST

START_TEST(test_score_grades_follow_the_bands)
{
	struct score_settings s = defaults();
	ck_assert_int_eq(score_grade(&s, 850), 'A');
	ck_assert_int_eq(score_grade(&s, 849), 'B');
	ck_assert_int_eq(score_grade(&s, 700), 'B');
	ck_assert_int_eq(score_grade(&s, 550), 'C');
	ck_assert_int_eq(score_grade(&s, 549), 'D');
	s.band[0] = 90;
	ck_assert_int_eq(score_grade(&s, 850), 'B');
}
END_TEST

START_TEST(test_score_settings_refuse_weights_not_adding_to_100)
{
	struct score_settings s = defaults();
	int field = 0;
	ck_assert_ptr_null(score_settings_check(&s, &field));
	s.weight[SCORE_TRAINING] = 6;
	ck_assert_ptr_nonnull(score_settings_check(&s, &field));
	ck_assert_int_eq(field, SCORE_FIELD_WEIGHT);
	s = defaults();
	s.band[1] = 90;
	ck_assert_ptr_nonnull(score_settings_check(&s, &field));
	ck_assert_int_eq(field, SCORE_FIELD_BAND + 1);
	s = defaults();
	snprintf(s.from, sizeof s.from, "2026-Q3");
	ck_assert_ptr_nonnull(score_settings_check(&s, &field));
	ck_assert_int_eq(field, SCORE_FIELD_FROM);
	/* A month out of the years kept says the years, not "a month such
	 * as 2026-07" (which 1999-01 is). */
	snprintf(s.from, sizeof s.from, "1999-01");
	ck_assert_str_eq(score_settings_check(&s, &field),
			 "The first month is from 2000-01 to 2999-12.");
	ck_assert_int_eq(field, SCORE_FIELD_FROM);
}
END_TEST

START_TEST(test_score_settings_in_force_for_a_period)
{
	struct score_settings d = defaults(), list[3];
	list[0] = d;
	snprintf(list[0].from, sizeof list[0].from, "2026-07");
	list[0].weight[SCORE_SALES] = 50;
	list[1] = d;
	snprintf(list[1].from, sizeof list[1].from, "2025-01");
	list[2] = d;
	snprintf(list[2].from, sizeof list[2].from, "2026-08");
	qd_period q2 = { PERIOD_QUARTER, 2026, 2 }, q3 = { PERIOD_QUARTER, 2026, 3 };
	qd_period aug = { PERIOD_MONTH, 2026, 8 }, y2024 = { PERIOD_YEAR, 2024, 0 };
	ck_assert_ptr_eq(score_settings_for(list, 3, q2, &d), &list[1]);
	/* A quarter takes the version in force on its first day. */
	ck_assert_ptr_eq(score_settings_for(list, 3, q3, &d), &list[0]);
	ck_assert_ptr_eq(score_settings_for(list, 3, aug, &d), &list[2]);
	ck_assert_ptr_eq(score_settings_for(list, 3, y2024, &d), &d);
}
END_TEST

/* What a version reaches: Setup asked "change the scores from 2026-08 on,
 * ... the quarters and years that hold them" and Q3 and 2026 kept the
 * settings they began with. */
START_TEST(test_score_settings_reach_quarters_and_years_that_begin_in_it)
{
	struct {
		int m, qy, qn, y;
	} cases[] = { { 8, 2026, 4, 2027 }, { 10, 2026, 4, 2027 }, { 11, 2027, 1, 2027 },
		      { 1, 2026, 1, 2026 }, { 4, 2026, 2, 2027 },  { 12, 2027, 1, 2027 } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		/* With no other version: the first quarter and year it reaches. */
		struct score_span sp;
		score_settings_span(NULL, 0, 0, (qd_period){ PERIOD_MONTH, 2026, cases[i].m }, &sp);
		qd_period q = sp.q_first, y = sp.y_first;
		ck_assert_int_eq(q.kind, PERIOD_QUARTER);
		ck_assert_int_eq(q.y, cases[i].qy);
		ck_assert_int_eq(q.n, cases[i].qn);
		ck_assert_int_eq(y.kind, PERIOD_YEAR);
		ck_assert_int_eq(y.y, cases[i].y);
		/* As score_settings_for reads it. */
		struct score_settings d = defaults(), v = d;
		snprintf(v.from, sizeof v.from, "2026-%02d", cases[i].m);
		ck_assert_ptr_eq(score_settings_for(&v, 1, q, &d), &v);
		ck_assert_ptr_eq(score_settings_for(&v, 1, y, &d), &v);
		ck_assert_ptr_eq(score_settings_for(&v, 1, period_next(q, -1), &d), &d);
		ck_assert_ptr_eq(score_settings_for(&v, 1, period_next(y, -1), &d), &d);
	}
}
END_TEST

/* What a version governs beside others: Setup said a version from
 * 2026-01 applied to "the quarters from 2026-Q1 and the years from 2026"
 * when one from 2026-08 followed (it governs Q1 to Q3 and the year 2026),
 * and one from 2026-09 between 08 and 10 "the quarters from 2026-Q4" (it
 * governs no quarter). Each span is checked against score_settings_for. */
START_TEST(test_score_settings_span_stops_at_the_next_version)
{
	struct score_settings d = defaults(), list[4];
	const char *const froms[] = { "2026-08", "2026-10", "2026-01", "2026-09" };
	for (int i = 0; i < 4; i++) {
		list[i] = d;
		list[i].id = i + 1;
		snprintf(list[i].from, sizeof list[i].from, "%s", froms[i]);
	}
	struct score_span sp;
	score_settings_span(list, 4, 3, (qd_period){ PERIOD_MONTH, 2026, 1 }, &sp);
	ck_assert_int_eq(sp.months, 7);
	ck_assert_int_eq(sp.month_last.n, 7);
	ck_assert_int_eq(sp.quarters, 3);
	ck_assert_int_eq(sp.q_first.n, 1);
	ck_assert_int_eq(sp.q_last.n, 3);
	ck_assert_int_eq(sp.years, 1);
	ck_assert_int_eq(sp.y_first.y, 2026);
	score_settings_span(list, 4, 4, (qd_period){ PERIOD_MONTH, 2026, 9 }, &sp);
	ck_assert_int_eq(sp.months, 1);
	ck_assert_int_eq(sp.quarters, 0);
	ck_assert_int_eq(sp.years, 0);
	score_settings_span(list, 4, 2, (qd_period){ PERIOD_MONTH, 2026, 10 }, &sp);
	ck_assert_int_eq(sp.months, -1);
	ck_assert_int_eq(sp.quarters, -1);
	ck_assert_int_eq(sp.q_first.n, 4);
	ck_assert_int_eq(sp.y_first.y, 2027);
	/* Against the version each period takes. */
	for (int v = 0; v < 4; v++) {
		qd_period from;
		ck_assert_int_eq(period_parse_typed(list[v].from, &from), 0);
		score_settings_span(list, 4, list[v].id, from, &sp);
		for (int k = 0; k < 8; k++) {
			qd_period q = period_next(sp.q_first, k),
				  y = period_next(sp.y_first, k % 3);
			bool in_q = sp.quarters < 0 || k < sp.quarters;
			bool in_y = sp.years < 0 || k % 3 < sp.years;
			ck_assert_msg((score_settings_for(list, 4, q, &d) == &list[v]) == in_q,
				      "%s: quarter %d-Q%d", list[v].from, q.y, q.n);
			ck_assert_msg((score_settings_for(list, 4, y, &d) == &list[v]) == in_y,
				      "%s: year %d", list[v].from, y.y);
		}
	}
}
END_TEST

START_TEST(test_score_weight_change_between_periods_changes_the_score)
{
	struct score_settings d = defaults(), list[1];
	list[0] = d;
	snprintf(list[0].from, sizeof list[0].from, "2026-07");
	list[0].weight[SCORE_SALES] = 50;
	list[0].weight[SCORE_COLLECTION] = 0;
	struct score_figures f = example();
	struct score_result r2, r3;
	score_compute(score_settings_for(list, 1, (qd_period){ PERIOD_QUARTER, 2026, 2 }, &d), &f,
		      &r2);
	score_compute(score_settings_for(list, 1, (qd_period){ PERIOD_QUARTER, 2026, 3 }, &d), &f,
		      &r3);
	ck_assert_int_eq(r2.raw, 799);
	/* 7990.5 + 20×80 − 20×87 = 7850.5 */
	ck_assert_int_eq(r3.raw, 785);
}
END_TEST

START_TEST(test_score_reasons_are_the_parts_that_cost_most)
{
	struct score_settings s = defaults();
	struct score_figures f = example();
	struct score_result r;
	score_compute(&s, &f, &r);
	int parts[3];
	ck_assert_int_eq(score_reasons(&r, parts, 3), 3);
	/* Sales costs 30 × 0.2 = 6 points, visits 10 × 0.333 = 3.3, collection
	 * 20 × 0.13 = 2.6, price and training 2.5 each. */
	ck_assert_int_eq(parts[0], SCORE_SALES);
	ck_assert_int_eq(score_lost(&r, SCORE_SALES), 60);
	ck_assert_int_eq(parts[1], SCORE_VISITS);
	ck_assert_int_eq(parts[2], SCORE_COLLECTION);
}
END_TEST

START_TEST(test_score_days_count_the_period_so_far)
{
	qd_date first = { 2026, 10, 1 }, last = { 2026, 12, 31 }, none = { 0, 0, 0 };
	ck_assert_int_eq(score_days(first, last, (qd_date){ 2027, 1, 5 }, none, none), 92);
	ck_assert_int_eq(score_days(first, last, (qd_date){ 2026, 11, 27 }, none, none), 58);
	/* An agreement that started in the period, one that ended in it. */
	ck_assert_int_eq(
		score_days(first, last, (qd_date){ 2027, 1, 5 }, (qd_date){ 2026, 12, 2 }, none),
		30);
	ck_assert_int_eq(
		score_days(first, last, (qd_date){ 2027, 1, 5 }, none, (qd_date){ 2026, 10, 10 }),
		10);
	ck_assert_int_eq(score_days(first, last, (qd_date){ 2026, 9, 1 }, none, none), 0);
}
END_TEST

START_TEST(test_score_period_after_today_has_not_begun)
{
	qd_date today = { 2026, 11, 27 };
	ck_assert(score_period_begun((qd_period){ PERIOD_MONTH, 2026, 11 }, today));
	ck_assert(score_period_begun((qd_period){ PERIOD_QUARTER, 2026, 4 }, today));
	ck_assert(score_period_begun((qd_period){ PERIOD_YEAR, 2026, 0 }, today));
	ck_assert(!score_period_begun((qd_period){ PERIOD_MONTH, 2026, 12 }, today));
	ck_assert(!score_period_begun((qd_period){ PERIOD_QUARTER, 2027, 1 }, today));
	ck_assert(!score_period_begun((qd_period){ PERIOD_YEAR, 2027, 0 }, today));
	/* Its first day is today: begun. */
	ck_assert(score_period_begun((qd_period){ PERIOD_MONTH, 2026, 12 },
				     (qd_date){ 2026, 12, 1 }));
}
END_TEST

START_TEST(test_score_opens_on_the_quarter_before_in_a_quarter_s_first_days)
{
	qd_period q4 = { PERIOD_QUARTER, 2026, 4 }, q1 = { PERIOD_QUARTER, 2027, 1 };
	/* Today not counted: none on the first day, its length once over. */
	ck_assert_int_eq(score_days_over(q1, (qd_date){ 2027, 1, 1 }), 0);
	ck_assert_int_eq(score_days_over(q1, (qd_date){ 2027, 1, 3 }), 2);
	ck_assert_int_eq(score_days_over(q4, (qd_date){ 2026, 11, 27 }), 57);
	ck_assert_int_eq(score_days_over(q4, (qd_date){ 2027, 1, 3 }), 92);
	ck_assert_int_eq(score_days_over(q1, (qd_date){ 2026, 11, 27 }), 0);
	/* Thirteen days over: the quarter before; fourteen: this one. */
	qd_period p = score_default_period((qd_date){ 2027, 1, 1 });
	ck_assert(p.kind == PERIOD_QUARTER && p.y == 2026 && p.n == 4);
	p = score_default_period((qd_date){ 2027, 1, 14 });
	ck_assert(p.kind == PERIOD_QUARTER && p.y == 2026 && p.n == 4);
	p = score_default_period((qd_date){ 2027, 1, 15 });
	ck_assert(p.kind == PERIOD_QUARTER && p.y == 2027 && p.n == 1);
	p = score_default_period((qd_date){ 2026, 11, 27 });
	ck_assert(p.kind == PERIOD_QUARTER && p.y == 2026 && p.n == 4);
	p = score_default_period((qd_date){ 2026, 7, 2 });
	ck_assert(p.kind == PERIOD_QUARTER && p.y == 2026 && p.n == 2);
	/* Not before the years qudao keeps. */
	p = score_default_period((qd_date){ 2000, 1, 2 });
	ck_assert(p.kind == PERIOD_QUARTER && p.y == 2000 && p.n == 1);
}
END_TEST

START_TEST(test_score_flags_follow_the_list_rules)
{
	qd_date today = { 2026, 11, 27 };
	struct score_state st = { STATUS_ACTIVE, { 2026, 10, 28 }, 30, { 0, 0, 0 }, 0,
				  { 0, 0, 0 },	 { 2027, 6, 30 } };
	ck_assert_int_eq(score_flags(&st, today), 0);
	/* Never visited: overdue from its agreement's start, not on its
	 * first day (it was flagged at once); without one, at once. */
	st.last_visit = (qd_date){ 0, 0, 0 };
	st.agreement_start = today;
	ck_assert_int_eq(score_flags(&st, today), 0);
	st.agreement_start = (qd_date){ 2026, 10, 28 };
	ck_assert_int_eq(score_flags(&st, today), 0);
	st.agreement_start = (qd_date){ 2026, 10, 27 };
	ck_assert_int_eq(score_flags(&st, today), SCORE_FLAG_NO_VISIT);
	st.agreement_start = (qd_date){ 0, 0, 0 };
	ck_assert_int_eq(score_flags(&st, today), SCORE_FLAG_NO_VISIT);
	/* A visit older than the start: from the start. */
	st.last_visit = (qd_date){ 2025, 1, 1 };
	st.agreement_start = (qd_date){ 2026, 11, 20 };
	ck_assert_int_eq(score_flags(&st, today), 0);
	st.agreement_start = (qd_date){ 0, 0, 0 };
	st.last_visit = (qd_date){ 2026, 10, 28 };
	ck_assert_int_eq(score_flags(&st, today), 0);
	st.last_visit = (qd_date){ 2026, 10, 27 };
	ck_assert_int_eq(score_flags(&st, today), SCORE_FLAG_NO_VISIT);
	st.last_visit = (qd_date){ 0, 0, 0 };
	st.unpaid_since = (qd_date){ 2026, 11, 26 };
	st.open_incidents = 2;
	st.agreement_end = (qd_date){ 2027, 1, 26 };
	ck_assert_int_eq(score_flags(&st, today), SCORE_FLAG_NO_VISIT | SCORE_FLAG_OVERDUE |
							  SCORE_FLAG_INCIDENTS |
							  SCORE_FLAG_EXPIRING);
	st.status = STATUS_ACTIVE;
	st.agreement_end = (qd_date){ 2026, 11, 26 };
	st.unpaid_since = (qd_date){ 2026, 11, 27 };
	st.open_incidents = 0;
	ck_assert_int_eq(score_flags(&st, today), SCORE_FLAG_NO_VISIT | SCORE_FLAG_EXPIRED);
	/* A ranking says who no longer works with us, or not for now. */
	st.status = STATUS_TERMINATED;
	ck_assert_int_eq(score_flags(&st, today), SCORE_FLAG_TERMINATED);
	st.status = STATUS_SUSPENDED;
	st.agreement_end = (qd_date){ 2027, 1, 26 };
	ck_assert_int_eq(score_flags(&st, today), SCORE_FLAG_SUSPENDED | SCORE_FLAG_EXPIRING);
	ck_assert_str_eq(score_flag_mark(SCORE_FLAG_TERMINATED), "T");
}
END_TEST

/* Rules over a quarter's three months: total sales, and two categories. */
static const int64_t q_total[3] = { 6000000, 9000000, 12000000 };
static const int64_t q_cat[3 * 2] = { 1000000, 0, 2500000, 0, 3000000, 100 };

/* The rules over the quarter's sales above, without targets. */
static int64_t estimate(const struct rebate_rule *rules, int nrules, char tier, qd_period q,
			struct rebate_line *lines, int max, int *n)
{
	struct rebate_input in;
	rebate_input_init(&in, q_total, q_cat, 2);
	return rebate_estimate(rules, nrules, tier, q, &in, lines, max, n);
}

START_TEST(test_rebate_ladder_pays_the_highest_step_reached)
{
	struct rebate_rule rules[2] = {
		{ 1,
		  "季度返利 1",
		  -1,
		  0,
		  PERIOD_QUARTER,
		  10000000,
		  100,
		  { 2025, 1, 1 },
		  { 0, 0, 0 },
		  0 },
		{ 2,
		  "季度返利 2",
		  -1,
		  0,
		  PERIOD_QUARTER,
		  20000000,
		  200,
		  { 2025, 1, 1 },
		  { 0, 0, 0 },
		  0 },
	};
	qd_period q = { PERIOD_QUARTER, 2026, 3 };
	struct rebate_line lines[4];
	int n;
	/* ¥270,000 reaches both steps: the 2 % step pays alone. */
	ck_assert_int_eq(estimate(rules, 2, 'B', q, lines, 4, &n), 540000);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(lines[0].rule, 1);
	ck_assert_int_eq(lines[0].sales_fen, 27000000);
	rules[1].threshold_fen = 30000000;
	ck_assert_int_eq(estimate(rules, 2, 'B', q, NULL, 0, NULL), 270000);
}
END_TEST

START_TEST(test_rebate_month_rules_pay_month_by_month_and_year_rules_wait)
{
	struct rebate_rule rules[3] = {
		/* 0.5 % of a category's month from ¥20,000. */
		{ 1, "月度激励", 0, 0, PERIOD_MONTH, 2000000, 50, { 2025, 1, 1 }, { 0, 0, 0 }, 0 },
		{ 2, "年度", -1, 0, PERIOD_YEAR, 0, 150, { 2025, 1, 1 }, { 0, 0, 0 }, 0 },
		/* Tier A only. */
		{ 3, "A", -1, 'A', PERIOD_QUARTER, 0, 100, { 2025, 1, 1 }, { 0, 0, 0 }, 0 },
	};
	qd_period q = { PERIOD_QUARTER, 2026, 3 };
	int n;
	struct rebate_line lines[4];
	/* Months 2 and 3 reach it: 12,500 + 15,000 fen, listed first; the
	 * first month after them, not reached, with its sales. */
	ck_assert_int_eq(estimate(rules, 3, 'B', q, lines, 4, &n), 27500);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(lines[0].when.n, 8);
	ck_assert(lines[0].reached);
	ck_assert_int_eq(lines[0].rebate_fen, 12500);
	ck_assert_int_eq(lines[2].when.n, 7);
	ck_assert(!lines[2].reached);
	ck_assert_int_eq(lines[2].rebate_fen, 0);
	ck_assert_int_eq(lines[2].sales_fen, 1000000);
	/* Room for one line: the one that paid. */
	ck_assert_int_eq(estimate(rules, 3, 'B', q, lines, 1, &n), 27500);
	ck_assert_int_eq(n, 1);
	ck_assert(lines[0].reached);
	ck_assert_int_eq(estimate(rules, 3, 'A', q, NULL, 0, NULL), 27500 + 270000);
	/* A rule that ended before the period pays nothing. */
	rules[0].end = (qd_date){ 2026, 6, 30 };
	ck_assert_int_eq(estimate(rules, 3, 'B', q, NULL, 0, NULL), 0);
}
END_TEST

/* A ladder that pays nothing is listed once, at its lowest step, however
 * far below it the sales are (none at all included): a rebate of ¥0 says
 * why. A ladder with a step reached lists that step alone. */
START_TEST(test_rebate_unreached_ladder_is_listed_at_its_lowest_step)
{
	struct rebate_rule rules[3] = {
		{ 1, "高", -1, 0, PERIOD_QUARTER, 50000000, 200, { 2025, 1, 1 }, { 0, 0, 0 }, 0 },
		{ 2, "低", -1, 0, PERIOD_QUARTER, 30000000, 100, { 2025, 1, 1 }, { 0, 0, 0 }, 0 },
		/* Category 1 sold 100 fen in the third month: none before. */
		{ 3, "专项", 1, 0, PERIOD_MONTH, 1000000, 50, { 2025, 1, 1 }, { 0, 0, 0 }, 0 },
	};
	qd_period q = { PERIOD_QUARTER, 2026, 3 };
	struct rebate_line lines[8];
	int n;
	ck_assert_int_eq(estimate(rules, 3, 'B', q, lines, 8, &n), 0);
	/* Three months of the category rule, then the quarter's ladder at
	 * its lower step (¥270,000 of ¥300,000). */
	ck_assert_int_eq(n, 4);
	for (int k = 0; k < 3; k++) {
		ck_assert_int_eq(lines[k].rule, 2);
		ck_assert(!lines[k].reached);
		ck_assert_int_eq(lines[k].when.n, 7 + k);
	}
	ck_assert_int_eq(lines[2].sales_fen, 100);
	ck_assert_int_eq(lines[3].rule, 1);
	ck_assert(!lines[3].reached);
	ck_assert_int_eq(lines[3].sales_fen, 27000000);
	/* The lower step reached: it pays, listed first, and the higher is
	 * not listed. */
	rules[1].threshold_fen = 20000000;
	ck_assert_int_eq(estimate(rules, 3, 'B', q, lines, 8, &n), 270000);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(lines[0].rule, 1);
	ck_assert(lines[0].reached);
}
END_TEST

START_TEST(test_score_format_writes_tenths)
{
	char buf[16];
	ck_assert_str_eq(score_format(799, buf, sizeof buf), "79.9");
	ck_assert_str_eq(score_format(1000, buf, sizeof buf), "100.0");
	ck_assert_str_eq(score_format(0, buf, sizeof buf), "0.0");
	/* Before normalising, in ten-thousandths: exactly, two decimals at
	 * least (80.845 was shown 80.85, and 80.85 ÷ 100 made 80.9, not the
	 * score's 80.8). */
	ck_assert_str_eq(score_fine_format(960749, buf, sizeof buf), "96.0749");
	ck_assert_str_eq(score_fine_format(808450, buf, sizeof buf), "80.845");
	ck_assert_str_eq(score_fine_format(1000000, buf, sizeof buf), "100.00");
	ck_assert_str_eq(score_fine_format(948200, buf, sizeof buf), "94.82");
	ck_assert_str_eq(score_fine_format(5, buf, sizeof buf), "0.0005");
	ck_assert_str_eq(score_format(SCORE_NA, buf, sizeof buf), "n/a");
}
END_TEST

START_TEST(test_score_bottom_list_takes_the_ties_at_the_cut)
{
	/* Scores in tenths, lowest first: the 3rd and 4th are equal. */
	static const int low[] = { 120, 305, 410, 410, 410, 520 };
	ck_assert_int_eq(score_bottom_count(low, 6, 3), 5);
	ck_assert_int_eq(score_bottom_count(low, 6, 2), 2);
	ck_assert_int_eq(score_bottom_count(low, 6, 5), 5);
	ck_assert_int_eq(score_bottom_count(low, 6, 6), 6);
	ck_assert_int_eq(score_bottom_count(low, 6, 10), 6);
	ck_assert_int_eq(score_bottom_count(low, 0, 10), 0);
	ck_assert_int_eq(score_bottom_count(low, 6, 0), 0);
}
END_TEST

/* A rule whose step is achievement: sales of the stretch ÷ its target. */
static struct rebate_rule achievement_rule(int64_t id, qd_period_kind kind, int step_bp,
					   int rate_bp)
{
	struct rebate_rule r;
	memset(&r, 0, sizeof r);
	r.id = id;
	snprintf(r.name, sizeof r.name, "达标 %d", step_bp / 100);
	r.category = -1;
	r.kind = kind;
	r.rate_bp = rate_bp;
	r.start = (qd_date){ 2025, 1, 1 };
	r.achievement_bp = step_bp;
	return r;
}

/* Hand-computed: the quarter sold ¥270,000 (q_total). */
START_TEST(test_rebate_achievement_ladder_pays_the_highest_share_reached)
{
	struct rebate_rule rules[2] = { achievement_rule(1, PERIOD_QUARTER, 10000, 50),
					achievement_rule(2, PERIOD_QUARTER, 12000, 100) };
	qd_period q = { PERIOD_QUARTER, 2026, 3 };
	struct rebate_input in;
	rebate_input_init(&in, q_total, q_cat, 2);
	struct rebate_line lines[4];
	int n;
	/* Target ¥250,000: 108 %, the 100 % step pays 0.5 % of ¥270,000. */
	in.target[1][0] = 25000000;
	ck_assert_int_eq(rebate_estimate(rules, 2, 'C', q, &in, lines, 4, &n), 135000);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(lines[0].rule, 0);
	ck_assert_int_eq(lines[0].target_fen, 25000000);
	/* Target ¥225,000: exactly 120 %, the higher step alone, 1 %. */
	in.target[1][0] = 22500000;
	ck_assert_int_eq(rebate_estimate(rules, 2, 'C', q, &in, lines, 4, &n), 270000);
	ck_assert_int_eq(lines[0].rule, 1);
	/* Target ¥270,000.01: one fen short of 100 %: nothing, and the
	 * lowest step is listed as not reached, with the target. */
	in.target[1][0] = 27000001;
	ck_assert_int_eq(rebate_estimate(rules, 2, 'C', q, &in, lines, 4, &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert(!lines[0].reached);
	ck_assert_int_eq(lines[0].rule, 0);
	ck_assert_int_eq(lines[0].target_fen, 27000001);
	/* No target: no step in achievement is reached. */
	in.target[1][0] = -1;
	ck_assert_int_eq(rebate_estimate(rules, 2, 'C', q, &in, lines, 4, &n), 0);
	ck_assert_int_eq(lines[0].target_fen, -1);
	in.target[1][0] = 0;
	ck_assert_int_eq(rebate_estimate(rules, 2, 'C', q, &in, NULL, 0, NULL), 0);
}
END_TEST

/* A month's step in achievement over a quarter: each month against its own
 * target; a ladder in sales beside it is another ladder, and pays too. */
START_TEST(test_rebate_achievement_by_month_and_beside_a_sales_ladder)
{
	struct rebate_rule rules[2] = {
		achievement_rule(1, PERIOD_MONTH, 10000, 100),
		{ 2, "冲量", -1, 0, PERIOD_QUARTER, 20000000, 100, { 2025, 1, 1 }, { 0, 0, 0 }, 0 },
	};
	qd_period q = { PERIOD_QUARTER, 2026, 3 };
	struct rebate_input in;
	rebate_input_init(&in, q_total, q_cat, 2);
	/* Months of ¥60,000, ¥90,000, ¥120,000 against ¥50,000, ¥100,000 and
	 * ¥120,000: the first (120 %) and the third (100 %) reach it. */
	in.target[0][0] = 5000000;
	in.target[0][1] = 10000000;
	in.target[0][2] = 12000000;
	struct rebate_line lines[8];
	int n;
	ck_assert_int_eq(rebate_estimate(rules, 2, 'B', q, &in, lines, 8, &n),
			 60000 + 120000 + 270000);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(lines[0].when.n, 7);
	ck_assert_int_eq(lines[1].when.n, 9);
	ck_assert_int_eq(lines[2].rule, 1);
	ck_assert(!lines[3].reached);
	ck_assert_int_eq(lines[3].when.n, 8);
	ck_assert_int_eq(lines[3].target_fen, 10000000);
}
END_TEST

/* A rule pays on a stretch when it is in force on its last day: a rule
 * ended mid-quarter and its successor from the next day hand the quarter
 * over whole, never both paying. */
START_TEST(test_rebate_rule_in_force_on_the_stretch_last_day_pays_it)
{
	struct rebate_rule rules[2] = { achievement_rule(1, PERIOD_QUARTER, 10000, 50),
					achievement_rule(2, PERIOD_QUARTER, 10000, 70) };
	rules[0].end = (qd_date){ 2026, 8, 15 };
	rules[1].start = (qd_date){ 2026, 8, 16 };
	qd_period q = { PERIOD_QUARTER, 2026, 3 };
	struct rebate_input in;
	rebate_input_init(&in, q_total, q_cat, 2);
	in.target[1][0] = 25000000;
	struct rebate_line lines[4];
	int n;
	/* 0.7 % of ¥270,000, by the new rule alone. */
	ck_assert_int_eq(rebate_estimate(rules, 2, 'C', q, &in, lines, 4, &n), 189000);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(lines[0].rule, 1);
	/* Begun on the quarter's last day: it pays the quarter. */
	rules[1].start = (qd_date){ 2026, 9, 30 };
	ck_assert_int_eq(rebate_estimate(rules, 2, 'C', q, &in, NULL, 0, NULL), 189000);
	/* Begun after it, the old one ended within it: nothing for Q3. */
	rules[1].start = (qd_date){ 2026, 10, 1 };
	ck_assert_int_eq(rebate_estimate(rules, 2, 'C', q, &in, NULL, 0, NULL), 0);
	/* The old one ending on the quarter's last day still pays it. */
	rules[0].end = (qd_date){ 2026, 9, 30 };
	ck_assert_int_eq(rebate_estimate(rules, 2, 'C', q, &in, NULL, 0, NULL), 135000);
}
END_TEST

START_TEST(test_rebate_rule_check_names_the_field)
{
	struct rebate_rule_rec r;
	memset(&r, 0, sizeof r);
	snprintf(r.name, sizeof r.name, "季度达标返利");
	r.kind = PERIOD_QUARTER;
	r.achievement = true;
	r.achievement_bp = 10000;
	r.rate_bp = 50;
	r.start = (qd_date){ 2026, 1, 1 };
	int field;
	ck_assert_ptr_null(rebate_rule_check(&r, &field));
	struct rebate_rule_rec x = r;
	x.name[0] = '\0';
	ck_assert_ptr_nonnull(rebate_rule_check(&x, &field));
	ck_assert_int_eq(field, REBATE_FIELD_NAME);
	x = r;
	snprintf(x.name, sizeof x.name,
		 "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一");
	ck_assert_ptr_nonnull(rebate_rule_check(&x, &field));
	ck_assert_int_eq(field, REBATE_FIELD_NAME);
	x = r;
	x.achievement_bp = 0;
	ck_assert_ptr_nonnull(rebate_rule_check(&x, &field));
	ck_assert_int_eq(field, REBATE_FIELD_STEP);
	x = r;
	x.rate_bp = 10001;
	ck_assert_ptr_nonnull(rebate_rule_check(&x, &field));
	ck_assert_int_eq(field, REBATE_FIELD_RATE);
	/* A category has no target. */
	x = r;
	snprintf(x.category, sizeof x.category, "乳品");
	ck_assert_ptr_nonnull(rebate_rule_check(&x, &field));
	ck_assert_int_eq(field, REBATE_FIELD_CATEGORY);
	x.achievement = false;
	x.threshold_fen = 10000000;
	ck_assert_ptr_null(rebate_rule_check(&x, &field));
	x = r;
	x.tier = 'E';
	ck_assert_ptr_nonnull(rebate_rule_check(&x, &field));
	ck_assert_int_eq(field, REBATE_FIELD_TIER);
	x = r;
	x.start = (qd_date){ 0, 0, 0 };
	ck_assert_ptr_nonnull(rebate_rule_check(&x, &field));
	ck_assert_int_eq(field, REBATE_FIELD_START);
	x = r;
	x.end = (qd_date){ 2025, 12, 31 };
	ck_assert_ptr_nonnull(rebate_rule_check(&x, &field));
	ck_assert_int_eq(field, REBATE_FIELD_END);
	/* Every problem at once, in the fields' order: a form says each. */
	struct rebate_problem p[REBATE_FIELD_COUNT];
	ck_assert_int_eq(rebate_rule_problems(&r, p, REBATE_FIELD_COUNT), 0);
	x = r;
	x.name[0] = '\0';
	x.rate_bp = 0;
	x.start = (qd_date){ 1999, 12, 31 };
	x.end = (qd_date){ 1999, 1, 1 };
	int n = rebate_rule_problems(&x, p, REBATE_FIELD_COUNT);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(p[0].field, REBATE_FIELD_NAME);
	ck_assert_int_eq(p[1].field, REBATE_FIELD_RATE);
	ck_assert_int_eq(p[2].field, REBATE_FIELD_START);
	/* (An end before a start out of range is not said twice.) */
	x.start = (qd_date){ 2026, 1, 1 };
	ck_assert_int_eq(rebate_rule_problems(&x, p, 1), 3);
	ck_assert_int_eq(p[0].field, REBATE_FIELD_NAME);
}
END_TEST

START_TEST(test_rebate_achievement_explained_in_words)
{
	char buf[24];
	ck_assert_str_eq(rebate_percent(10000, buf, sizeof buf), "100%");
	ck_assert_str_eq(rebate_percent(11250, buf, sizeof buf), "112.5%");
	ck_assert_str_eq(rebate_percent(1, buf, sizeof buf), "0.01%");
	int64_t bp;
	ck_assert_int_eq(rebate_percent_parse("1.5", &bp), 0);
	ck_assert_int_eq(bp, 150);
	ck_assert_int_eq(rebate_percent_parse(" 112.25 % ", &bp), 0);
	ck_assert_int_eq(bp, 11225);
	ck_assert_int_eq(rebate_percent_parse("100%", &bp), 0);
	ck_assert_int_eq(bp, 10000);
	/* As a calculator or Excel takes it. */
	ck_assert_int_eq(rebate_percent_parse(".5", &bp), 0);
	ck_assert_int_eq(bp, 50);
	ck_assert_int_eq(rebate_percent_parse(".", &bp), -1);
	ck_assert_int_eq(rebate_percent_parse("..5", &bp), -1);
	ck_assert_int_eq(rebate_percent_parse("1.234", &bp), -1);
	ck_assert_int_eq(rebate_percent_parse("1.", &bp), 0);
	ck_assert_int_eq(bp, 100);
	ck_assert_int_eq(rebate_percent_parse("5.%", &bp), 0);
	ck_assert_int_eq(bp, 500);
	ck_assert_int_eq(rebate_percent_parse("%", &bp), -1);
	ck_assert_int_eq(rebate_percent_parse("-1", &bp), -1);
	ck_assert_int_eq(rebate_percent_parse("abc", &bp), -1);
	ck_assert_int_eq(rebate_achievement_bp(27000000, 25000000), 10800);
	/* 99.996 % is not 100 %. */
	ck_assert_int_eq(rebate_achievement_bp(99996, 100000), 9999);
	ck_assert_int_eq(rebate_achievement_bp(1, -1), -1);
	struct score_evidence e;
	memset(&e, 0, sizeof e);
	e.kind = EVIDENCE_REBATE;
	snprintf(e.code, sizeof e.code, "achievement");
	e.n1 = 27000000;
	e.n2 = 25000000;
	e.tol_bp = 10000;
	e.amount_fen = 135000;
	e.flag = -1;
	char when[64], what[64], amount[64], meaning[256];
	bool bad;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert_str_eq(
		meaning,
		"achievement 108.00%, sales of ¥270,000.00 against a ¥250,000.00 target; step 100%");
	ck_assert(!bad);
	e.n2 = -1;
	e.flag = 0;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert_str_eq(
		meaning,
		"not reached: no target for it (sales of ¥270,000.00); step 100% of the target");
	ck_assert(bad);
	/* Short of a step while its quarter runs: not yet, not final (beside
	 * a sales score paced to today, "not reached" read as a verdict). */
	date_set_today((qd_date){ 2026, 11, 27 });
	snprintf(e.date, sizeof e.date, "2026-Q4");
	e.n1 = 18362400;
	e.n2 = 25100000;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert_str_eq(meaning, "not reached yet, the period running: achievement 73.15%, sales "
				  "of ¥183,624.00 against a ¥251,000.00 target; step 100%");
	snprintf(e.date, sizeof e.date, "2026-Q3");
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert_str_eq(meaning, "not reached: achievement 73.15%, sales of ¥183,624.00 against "
				  "a ¥251,000.00 target; step 100%");
}
END_TEST

/* The grade bar's cells follow the counts: West China's 0/16/20/7 drew
 * BBBBCCCCDD (C, the most, no longer than B; D, the fewest, two), East
 * China's 3/59/37/20 ABBBBCCCDD (B, half the group, four cells). */
static void grade_bar_is(int a, int b, int c, int d, const char *want)
{
	int grades[4] = { a, b, c, d }, cells[4];
	score_grade_cells(grades, 10, cells);
	char got[16];
	int n = 0;
	for (int g = 0; g < 4; g++)
		for (int k = 0; k < cells[g] && n < 15; k++)
			got[n++] = (char)('A' + g);
	got[n] = '\0';
	ck_assert_msg(!strcmp(got, want), "%d/%d/%d/%d: %s, not %s", a, b, c, d, got, want);
}

START_TEST(test_score_grade_bar_cells_follow_the_counts)
{
	grade_bar_is(0, 16, 20, 7, "BBBBCCCCCD");
	grade_bar_is(3, 59, 37, 20, "ABBBBBCCCD");
	grade_bar_is(0, 1, 0, 0, "BBBBBBBBBB");
	grade_bar_is(1, 1, 1, 1, "AAABBBCCDD");
	/* A grade seen keeps a cell, even among many of the others. */
	grade_bar_is(1, 1000, 0, 1, "ABBBBBBBBD");
	grade_bar_is(0, 0, 0, 0, "");
}
END_TEST

/* An order listed under sales says it counts toward them, not how many
 * of its lines kept the price (price discipline's own rows say that);
 * under territory discipline, where it was shipped. */
START_TEST(test_score_order_means_what_its_part_counts)
{
	struct score_evidence e;
	memset(&e, 0, sizeof e);
	e.kind = EVIDENCE_ORDER;
	e.amount_fen = 8802016;
	e.n1 = 3;
	e.n2 = 2;
	e.flag = 1;
	char when[200], what[200], amount[200], meaning[200];
	bool bad;
	score_evidence_cells(&e, when, what, amount, meaning, sizeof meaning, &bad);
	ck_assert(bad);
	score_evidence_meaning_in(&e, SCORE_SALES, meaning, sizeof meaning, &bad);
	ck_assert_str_eq(meaning, "shipped that day, in the period: counts toward its sales");
	ck_assert(!bad);
	score_evidence_meaning_in(&e, SCORE_TERRITORY, meaning, sizeof meaning, &bad);
	ck_assert_str_eq(meaning, "shipped outside its territory (窜货)");
	ck_assert(bad);
	e.flag = 0;
	score_evidence_meaning_in(&e, SCORE_TERRITORY, meaning, sizeof meaning, &bad);
	ck_assert_str_eq(meaning, "shipped inside its territory");
	ck_assert(!bad);
	/* Other rows as they were. */
	e.kind = EVIDENCE_PAYMENT;
	strcpy(meaning, "as it was");
	score_evidence_meaning_in(&e, SCORE_SALES, meaning, sizeof meaning, &bad);
	ck_assert_str_eq(meaning, "as it was");
}
END_TEST

SUITE_MAIN("scorecard", test_score_grade_bar_cells_follow_the_counts,
	   test_score_settings_reach_quarters_and_years_that_begin_in_it,
	   test_score_settings_span_stops_at_the_next_version,
	   test_score_weights_and_costs_shown_add_up, test_score_order_means_what_its_part_counts,
	   test_score_parts_match_the_worked_example, test_score_total_is_the_weighted_sum,
	   test_score_missing_target_is_na_and_spreads_its_weight,
	   test_score_zero_sales_against_a_target_is_zero, test_score_no_visits_due_is_na,
	   test_score_visits_due_from_the_last_visit_before_the_period,
	   test_score_visits_due_overdue_owes_at_least_one,
	   test_score_overdue_deduction_is_rounded_to_the_nearest_tenth,
	   test_score_visits_due_without_a_known_schedule_rounds,
	   test_score_below_the_threshold_counts_zero, test_score_collection_with_nothing_due_is_na,
	   test_score_price_without_lines_or_shelf_prices_is_na,
	   test_score_territory_without_orders_is_na, test_score_dormant_distributor_is_not_scored,
	   test_score_service_alone_does_not_score,
	   test_rebate_achievement_ladder_pays_the_highest_share_reached,
	   test_rebate_achievement_by_month_and_beside_a_sales_ladder,
	   test_rebate_rule_in_force_on_the_stretch_last_day_pays_it,
	   test_rebate_rule_check_names_the_field, test_rebate_achievement_explained_in_words,
	   test_score_only_collection_measured_is_scored_on_it,
	   test_score_discipline_alone_does_not_score,
	   test_score_running_period_sales_at_the_pace_of_the_target,
	   test_score_terminated_in_the_period_sales_at_the_pace_of_its_days,
	   test_score_incidents_resolved_in_time_cost_half,
	   test_score_inputs_without_incidents_name_no_deduction,
	   test_score_evidence_price_stray_is_said_to_the_hundredth,
	   test_score_evidence_open_invoice_says_what_is_left_and_since_when,
	   test_score_normalised_to_the_best_of_the_group,
	   test_score_normalised_from_the_unrounded_sum, test_score_every_part_na_is_not_scored,
	   test_score_grades_follow_the_bands, test_score_settings_blame_the_grade_changed,
	   test_score_settings_refuse_weights_not_adding_to_100,
	   test_score_settings_in_force_for_a_period,
	   test_score_weight_change_between_periods_changes_the_score,
	   test_score_reasons_are_the_parts_that_cost_most, test_score_days_count_the_period_so_far,
	   test_score_period_after_today_has_not_begun,
	   test_score_opens_on_the_quarter_before_in_a_quarter_s_first_days,
	   test_score_flags_follow_the_list_rules, test_rebate_ladder_pays_the_highest_step_reached,
	   test_rebate_month_rules_pay_month_by_month_and_year_rules_wait,
	   test_rebate_unreached_ladder_is_listed_at_its_lowest_step,
	   test_score_format_writes_tenths, test_score_bottom_list_takes_the_ties_at_the_cut)
