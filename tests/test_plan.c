/* core/plan: the month's proposal for one rep. December 2026 begins on a
 * Tuesday; the 5th and 6th, 12th and 13th are a weekend. */
#include <string.h>

#include "qudao/plan.h"
#include "suite.h"

static struct plan_options december(int per_day)
{
	return (struct plan_options){ 2026, 12, { 2026, 11, 30 }, per_day, false, 1 };
}

static struct plan_candidate cand(int64_t id, int64_t territory, int every, qd_date last)
{
	return (struct plan_candidate){ id, territory, every, true, last, 0 };
}

static int count_on(const struct plan_visit *v, int n, int day)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		k += v[i].day.d == day;
	return k;
}

static int day_of(const struct plan_visit *v, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (v[i].distributor_id == id)
			return v[i].day.d;
	return 0;
}

START_TEST(test_plan_respects_the_frequency_from_the_last_visit)
{
	/* Weekly, last seen Friday 27 November: every Friday of December. */
	struct plan_candidate c[] = { cand(1, 10, 7, (qd_date){ 2026, 11, 27 }) };
	struct plan_options o = december(6);
	struct plan_visit *v;
	int unplaced;
	int n = plan_propose(&o, c, 1, NULL, 0, &v, &unplaced);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(unplaced, 0);
	int want[] = { 4, 11, 18, 25 };
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(v[i].day.m, 12);
		ck_assert_int_eq(v[i].day.d, want[i]);
		ck_assert_int_eq(v[i].minutes, 9 * 60);
		ck_assert_int_eq(v[i].overdue_days, 0);
	}
	free(v);
	/* Every 60 days, last seen in mid-November: nothing due in December. */
	c[0] = cand(1, 10, 60, (qd_date){ 2026, 11, 15 });
	ck_assert_int_eq(plan_propose(&o, c, 1, NULL, 0, &v, NULL), 0);
	ck_assert_ptr_null(v);
}
END_TEST

START_TEST(test_plan_puts_the_overdue_first)
{
	struct plan_candidate c[] = {
		cand(1, 1, 40, (qd_date){ 2026, 11, 15 }), /* due 25 December */
		cand(2, 2, 40, (qd_date){ 2026, 10, 16 }), /* due 25 November: 6 days late */
		cand(3, 3, 40, (qd_date){ 2026, 10, 1 }),  /* due 10 November: 21 days late */
		cand(4, 4, 40, (qd_date){ 2026, 10, 23 }), /* due 2 December */
	};
	struct plan_options o = december(1);
	struct plan_visit *v;
	int n = plan_propose(&o, c, 4, NULL, 0, &v, NULL);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(day_of(v, n, 3), 1);
	ck_assert_int_eq(v[0].overdue_days, 21);
	ck_assert_int_eq(day_of(v, n, 2), 2);
	ck_assert_int_eq(day_of(v, n, 4), 3);
	ck_assert_int_eq(day_of(v, n, 1), 25);
	free(v);
}
END_TEST

START_TEST(test_plan_groups_a_territory_on_one_day)
{
	/* Two a day; all four due on the 1st. The most overdue is in territory
	 * 7, so the other one of territory 7 joins it, not the more overdue one
	 * of territory 8. */
	struct plan_candidate c[] = {
		cand(1, 7, 40, (qd_date){ 2026, 10, 12 }), /* 10 days late */
		cand(2, 8, 40, (qd_date){ 2026, 10, 14 }), /* 8 days late */
		cand(3, 7, 40, (qd_date){ 2026, 10, 21 }), /* 1 day late */
		cand(4, 8, 40, (qd_date){ 2026, 10, 22 }), /* due on the 1st */
	};
	struct plan_options o = december(2);
	struct plan_visit *v;
	int n = plan_propose(&o, c, 4, NULL, 0, &v, NULL);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(day_of(v, n, 1), 1);
	ck_assert_int_eq(day_of(v, n, 3), 1);
	ck_assert_int_eq(day_of(v, n, 2), 2);
	ck_assert_int_eq(day_of(v, n, 4), 2);
	free(v);
}
END_TEST

START_TEST(test_plan_keeps_one_area_a_day)
{
	/* Six a day, three due on the 1st in each of two provinces (areas 70
	 * and 80, cities 7 and 8 under them): never both on one day; the most
	 * overdue province first, the other the next working day. */
	struct plan_candidate c[6];
	for (int i = 0; i < 6; i++) {
		c[i] = cand(1 + i, i < 3 ? 7 : 8, 40, (qd_date){ 2026, 10, 12 + i });
		c[i].area_id = i < 3 ? 70 : 80;
	}
	struct plan_options o = december(6);
	struct plan_visit *v;
	int n = plan_propose(&o, c, 6, NULL, 0, &v, NULL);
	ck_assert_int_eq(n, 6);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(day_of(v, n, 1 + i), 1);
	for (int i = 3; i < 6; i++)
		ck_assert_int_eq(day_of(v, n, 1 + i), 2);
	free(v);
	/* A city and its province's own territory are one area: together. */
	c[3].area_id = c[4].area_id = c[5].area_id = 70;
	c[3].territory_id = c[4].territory_id = c[5].territory_id = 70;
	n = plan_propose(&o, c, 6, NULL, 0, &v, NULL);
	ck_assert_int_eq(count_on(v, n, 1), 6);
	free(v);
}
END_TEST

START_TEST(test_plan_overdue_is_met_by_a_visit_planned_within_its_frequency)
{
	/* Every 14 days, last seen 28 September (due 12 October), with a visit
	 * planned on 7 December: that visit meets it, nothing comes before it,
	 * and it is due again 14 days after it, on the 21st. */
	struct plan_candidate c[] = { cand(1, 7, 14, (qd_date){ 2026, 9, 28 }) };
	struct plan_existing e[] = { { 1, { 2026, 12, 7 }, 11 * 60 + 30, false } };
	struct plan_options o = december(6);
	struct plan_visit *v;
	int unplaced;
	int n = plan_propose(&o, c, 1, e, 1, &v, &unplaced);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(unplaced, 0);
	ck_assert_int_eq(v[0].day.d, 21);
	free(v);
	/* Weekly, last seen 23 November (due the 30th), confirmed for 3
	 * December: no visit on the 1st or 2nd; then the 10th, 17th, 24th, 31st. */
	c[0] = cand(2, 7, 7, (qd_date){ 2026, 11, 23 });
	struct plan_existing e2[] = { { 2, { 2026, 12, 3 }, 15 * 60 + 30, false } };
	n = plan_propose(&o, c, 1, e2, 1, &v, NULL);
	int want[] = { 10, 17, 24, 31 };
	ck_assert_int_eq(n, 4);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(v[i].day.d, want[i]);
	free(v);
	/* A visit planned further out than its frequency does not meet it: it
	 * still gets the first day. */
	c[0] = cand(3, 7, 14, (qd_date){ 2026, 9, 28 });
	struct plan_existing e3[] = { { 3, { 2026, 12, 21 }, 9 * 60, false } };
	n = plan_propose(&o, c, 1, e3, 1, &v, NULL);
	ck_assert_int_ge(n, 1);
	ck_assert_int_eq(v[0].day.d, 1);
	ck_assert_int_gt(v[0].overdue_days, 0);
	free(v);
	/* Proposed again with that visit in the calendar: nothing more. */
	struct plan_existing e4[] = { { 3, { 2026, 12, 1 }, 9 * 60, false },
				      { 3, { 2026, 12, 21 }, 9 * 60, false } };
	ck_assert_int_eq(plan_propose(&o, c, 1, e4, 2, &v, NULL), 0);
	ck_assert_ptr_null(v);
}
END_TEST

START_TEST(test_plan_keeps_the_daily_cap_counting_what_is_planned)
{
	struct plan_candidate c[20];
	for (int i = 0; i < 20; i++)
		c[i] = cand(100 + i, 0, 60, (qd_date){ 2026, 10, 1 });
	/* Four visits already on the 1st, of other distributors. */
	struct plan_existing e[4];
	for (int i = 0; i < 4; i++)
		e[i] = (struct plan_existing){ 900 + i, { 2026, 12, 1 }, (9 + i) * 60, false };
	struct plan_options o = december(6);
	struct plan_visit *v;
	int n = plan_propose(&o, c, 20, e, 4, &v, NULL);
	ck_assert_int_eq(n, 20);
	ck_assert_int_eq(count_on(v, n, 1), 2);
	ck_assert_int_eq(count_on(v, n, 2), 6);
	ck_assert_int_eq(count_on(v, n, 3), 6);
	ck_assert_int_eq(count_on(v, n, 4), 6);
	/* Times already taken are not used again. */
	for (int i = 0; i < n; i++)
		if (v[i].day.d == 1)
			ck_assert(v[i].minutes != 9 * 60 && v[i].minutes != 10 * 60 &&
				  v[i].minutes != 11 * 60 && v[i].minutes != 12 * 60);
	free(v);
	/* The same four planned by someone else (a manager): the rep's day
	 * is still whole. */
	for (int i = 0; i < 4; i++)
		e[i].by_other = true;
	n = plan_propose(&o, c, 20, e, 4, &v, NULL);
	ck_assert_int_eq(n, 20);
	ck_assert_int_eq(count_on(v, n, 1), 6);
	free(v);
	/* One a day over a month of 23 working days: 3 do not fit. */
	struct plan_candidate many[26];
	for (int i = 0; i < 26; i++)
		many[i] = cand(200 + i, 0, 90, (qd_date){ 2026, 9, 1 });
	o = december(1);
	int unplaced;
	n = plan_propose(&o, many, 26, NULL, 0, &v, &unplaced);
	ck_assert_int_eq(n, 23);
	ck_assert_int_eq(unplaced, 3);
	free(v);
}
END_TEST

START_TEST(test_plan_weekends_only_when_allowed)
{
	struct plan_candidate c[40];
	for (int i = 0; i < 40; i++)
		c[i] = cand(1 + i, 0, 60, (qd_date){ 2026, 10, 1 });
	struct plan_options o = december(6);
	struct plan_visit *v;
	int n = plan_propose(&o, c, 40, NULL, 0, &v, NULL);
	ck_assert_int_eq(n, 40);
	for (int i = 0; i < n; i++)
		ck_assert_int_lt(date_weekday(v[i].day), 6);
	free(v);
	o.weekends = true;
	n = plan_propose(&o, c, 40, NULL, 0, &v, NULL);
	ck_assert_int_eq(count_on(v, n, 5), 6);
	ck_assert_int_eq(count_on(v, n, 6), 6);
	free(v);
}
END_TEST

START_TEST(test_plan_twice_adds_nothing)
{
	struct plan_candidate c[30];
	for (int i = 0; i < 30; i++)
		c[i] = cand(1 + i, 1 + i % 4, i % 3 ? 14 : 7, (qd_date){ 2026, 11, 10 + i % 15 });
	struct plan_options o = december(6);
	struct plan_visit *v;
	int n = plan_propose(&o, c, 30, NULL, 0, &v, NULL);
	ck_assert_int_gt(n, 30);
	struct plan_existing *e = malloc((size_t)n * sizeof *e);
	for (int i = 0; i < n; i++)
		e[i] = (struct plan_existing){ v[i].distributor_id, v[i].day, v[i].minutes, false };
	struct plan_visit *again;
	ck_assert_int_eq(plan_propose(&o, c, 30, e, n, &again, NULL), 0);
	/* The same input and seed: the same plan. */
	struct plan_visit *same;
	ck_assert_int_eq(plan_propose(&o, c, 30, NULL, 0, &same, NULL), n);
	for (int i = 0; i < n; i++) {
		ck_assert_int_eq(same[i].distributor_id, v[i].distributor_id);
		ck_assert_int_eq(date_cmp(same[i].day, v[i].day), 0);
		ck_assert_int_eq(same[i].minutes, v[i].minutes);
	}
	free(same);
	free(e);
	free(v);
}
END_TEST

START_TEST(test_plan_nothing_on_or_before_today_and_the_never_visited_are_due)
{
	/* Planning the month we are in: from tomorrow on. */
	struct plan_options o = { 2026, 11, { 2026, 11, 24 }, 6, false, 7 };
	struct plan_candidate c[] = { { 5, 0, 14, false, { 0, 0, 0 }, 0 } };
	struct plan_visit *v;
	int n = plan_propose(&o, c, 1, NULL, 0, &v, NULL);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(v[0].day.d, 25);
	ck_assert_int_eq(v[0].overdue_days, 14);
	free(v);
	/* A month that is over: nothing. */
	o.today = (qd_date){ 2026, 11, 30 };
	ck_assert_int_eq(plan_propose(&o, c, 1, NULL, 0, &v, NULL), 0);
}
END_TEST

SUITE_MAIN("plan", test_plan_respects_the_frequency_from_the_last_visit,
	   test_plan_puts_the_overdue_first, test_plan_groups_a_territory_on_one_day,
	   test_plan_keeps_one_area_a_day,
	   test_plan_overdue_is_met_by_a_visit_planned_within_its_frequency,
	   test_plan_keeps_the_daily_cap_counting_what_is_planned,
	   test_plan_weekends_only_when_allowed, test_plan_twice_adds_nothing,
	   test_plan_nothing_on_or_before_today_and_the_never_visited_are_due)
