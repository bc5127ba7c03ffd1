/* core/visit_rules: price tolerance, days of stock, ratings, concentration,
 * settings. */
#include <string.h>

#include "qudao/visit_rules.h"
#include "suite.h"

START_TEST(test_visit_price_within_tolerance_at_the_edge_and_outside)
{
	/* ¥100.00 with 5 %: ¥95.00 to ¥105.00 hold. */
	ck_assert_int_eq(visit_price_check(10000, 9500, 500), PRICE_OK);
	ck_assert_int_eq(visit_price_check(10000, 10500, 500), PRICE_OK);
	ck_assert_int_eq(visit_price_check(10000, 9499, 500), PRICE_BELOW);
	ck_assert_int_eq(visit_price_check(10000, 10501, 500), PRICE_ABOVE);
	ck_assert_int_eq(visit_price_check(10000, 10000, 0), PRICE_OK);
	ck_assert_int_eq(visit_price_check(10000, 10001, 0), PRICE_ABOVE);
	/* No policy price: anything goes. */
	ck_assert_int_eq(visit_price_check(0, 123, 0), PRICE_OK);
	ck_assert_int_eq(visit_price_floor(10000, 500), 9500);
	ck_assert_int_eq(visit_price_floor(999, 500), 950); /* 949.05 rounds up */
	ck_assert_int_eq(visit_price_ceiling(999, 500), 1048);
}
END_TEST

START_TEST(test_visit_shelf_price_only_below_retail_breaks_the_policy)
{
	ck_assert_int_eq(visit_shelf_check(2000, 1890, 500), PRICE_BELOW);
	ck_assert_int_eq(visit_shelf_check(2000, 1900, 500), PRICE_OK);
	ck_assert_int_eq(visit_shelf_check(2000, 2600, 500), PRICE_OK);
}
END_TEST

START_TEST(test_visit_days_of_stock_against_90_days_of_sales)
{
	/* 90 sold in 90 days: one a day. */
	ck_assert_int_eq(visit_days_of_stock(30, 90), 30);
	ck_assert_int_eq(visit_stock_level(30, 90), STOCK_OK);
	ck_assert_int_eq(visit_days_of_stock(6, 90), 6);
	ck_assert_int_eq(visit_stock_level(6, 90), STOCK_LOW);
	ck_assert_int_eq(visit_stock_level(7, 90), STOCK_OK);
	ck_assert_int_eq(visit_stock_level(60, 90), STOCK_OK);
	ck_assert_int_eq(visit_stock_level(61, 90), STOCK_HIGH);
	ck_assert_int_eq(visit_days_of_stock(0, 90), 0);
	/* Nothing sold: no days to tell; stock that does not sell is high. */
	ck_assert_int_eq(visit_days_of_stock(10, 0), -1);
	ck_assert_int_eq(visit_stock_level(10, 0), STOCK_HIGH);
	ck_assert_int_eq(visit_stock_level(0, 0), STOCK_UNKNOWN);
	/* 450 sold: five a day; 100 on hand last 20 days. */
	ck_assert_int_eq(visit_days_of_stock(100, 450), 20);
}
END_TEST

/* Which objectives come with an amount and which with words: the plan
 * form, the importer, the exporter and the database ask these. */
START_TEST(test_visit_objective_amount_or_words_by_kind)
{
	ck_assert(visit_objective_has_amount("order"));
	ck_assert(visit_objective_has_amount("collect"));
	ck_assert(!visit_objective_has_amount("listing"));
	ck_assert(!visit_objective_has_amount("none"));
	ck_assert(visit_objective_has_words("listing"));
	ck_assert(visit_objective_has_words("other"));
	ck_assert(!visit_objective_has_words("display"));
	ck_assert(!visit_objective_has_words("order"));
	ck_assert(!visit_objective_has_amount(NULL));
	ck_assert(!visit_objective_has_words(NULL));
}
END_TEST

START_TEST(test_visit_rating_and_score)
{
	ck_assert_int_eq(visit_score_of_rating(4), 80);
	ck_assert_int_eq(visit_score_of_rating(9), 100);
	ck_assert_int_eq(visit_rating_of_score(80), 4);
	ck_assert_int_eq(visit_rating_of_score(69), 3);
	ck_assert_int_eq(visit_rating_of_score(70), 4);
	ck_assert_int_eq(visit_rating_of_score(100), 5);
	ck_assert_int_eq(visit_rating_of_score(-1), -1);
	for (int r = 0; r <= 5; r++)
		ck_assert_int_eq(visit_rating_of_score(visit_score_of_rating(r)), r);
}
END_TEST

START_TEST(test_visit_concentration_of_the_most_visited_fifth)
{
	/* Ten distributors: the top fifth is two. 6 + 4 of 20 visits: 50 %. */
	int counts[10] = { 1, 6, 1, 1, 4, 1, 1, 1, 2, 2 };
	ck_assert_int_eq(visit_concentration_bp(counts, 10), 5000);
	/* Evenly spread: the top fifth has a fifth. */
	int even[5] = { 2, 2, 2, 2, 2 };
	ck_assert_int_eq(visit_concentration_bp(even, 5), 2000);
	/* Six distributors: the fifth rounds up to two. */
	int six[6] = { 0, 0, 3, 0, 1, 0 };
	ck_assert_int_eq(visit_concentration_bp(six, 6), 10000);
	int none[3] = { 0, 0, 0 };
	ck_assert_int_eq(visit_concentration_bp(none, 3), 0);
	ck_assert_int_eq(visit_concentration_bp(NULL, 0), 0);
	/* 1 of 3 rounds to 3333. */
	int third[5] = { 1, 1, 1, 0, 0 };
	ck_assert_int_eq(visit_concentration_bp(third, 5), 3333);
}
END_TEST

START_TEST(test_visit_settings_defaults_and_checks)
{
	struct visit_settings s;
	visit_settings_default(&s);
	ck_assert_int_eq(s.every_days[0], 7);
	ck_assert_int_eq(s.every_days[1], 14);
	ck_assert_int_eq(s.every_days[2], 30);
	ck_assert_int_eq(s.every_days[3], 60);
	ck_assert_int_eq(s.per_day, 6);
	ck_assert(!s.weekends);
	ck_assert_int_eq(s.concentration_pct, 50);
	ck_assert_ptr_null(visit_setting_parse(&s, VSET_EVERY_B, " 10 "));
	ck_assert_int_eq(s.every_days[1], 10);
	ck_assert_ptr_nonnull(visit_setting_parse(&s, VSET_EVERY_B, "0"));
	ck_assert_ptr_nonnull(visit_setting_parse(&s, VSET_EVERY_B, "367"));
	ck_assert_ptr_nonnull(visit_setting_parse(&s, VSET_EVERY_B, "7x"));
	ck_assert_int_eq(s.every_days[1], 10);
	ck_assert_ptr_null(visit_setting_parse(&s, VSET_WEEKENDS, "yes"));
	ck_assert(s.weekends);
	ck_assert_ptr_nonnull(visit_setting_parse(&s, VSET_WEEKENDS, "maybe"));
	ck_assert_ptr_nonnull(visit_setting_parse(&s, VSET_PER_DAY, "21"));
	ck_assert_ptr_null(visit_setting_parse(&s, VSET_CONCENTRATION, "40"));
	char buf[16];
	ck_assert_str_eq(visit_setting_format(&s, VSET_CONCENTRATION, buf), "40");
	ck_assert_str_eq(visit_setting_format(&s, VSET_WEEKENDS, buf), "yes");
	ck_assert_str_eq(visit_setting_names[VSET_PER_DAY], "visits_per_day");
}
END_TEST

START_TEST(test_visit_order_past_the_credit_limit_is_a_risk)
{
	/* ¥10,000 limit, ¥8,000 open: ¥2,000 more is at the limit, ¥2,000.01 past. */
	ck_assert(!visit_over_credit(1000000, 800000, 200000));
	ck_assert(visit_over_credit(1000000, 800000, 200001));
	/* No limit set, or no order: nothing to warn about. */
	ck_assert(!visit_over_credit(0, 800000, 99999999));
	ck_assert(!visit_over_credit(1000000, 2000000, 0));
}
END_TEST

START_TEST(test_visit_texts_are_capped_and_clean)
{
	ck_assert_ptr_null(visit_text_check("店主出差", 4, false));
	ck_assert_ptr_nonnull(visit_text_check("店主出差了", 4, false));
	ck_assert_ptr_nonnull(visit_text_check("a\x1b[31m", 100, false));
	ck_assert_ptr_nonnull(visit_text_check("line\nbreak", 100, false));
	ck_assert_ptr_null(visit_text_check("line\nbreak", 100, true));
	ck_assert_ptr_nonnull(visit_text_check("bad \xff", 100, true));
	ck_assert_ptr_null(visit_text_check(NULL, 1, false));
}
END_TEST

START_TEST(test_visit_parts_each_status_holds)
{
	unsigned bad;
	ck_assert_ptr_null(visit_parts_check("done",
					     VISIT_PART_SUMMARY | VISIT_PART_RATING |
						     VISIT_PART_MET | VISIT_PART_DONE_AT |
						     VISIT_PART_ORDER,
					     &bad));
	ck_assert_ptr_null(visit_parts_check("planned", 0, &bad));
	ck_assert_ptr_null(visit_parts_check("missed", VISIT_PART_REASON, &bad));
	ck_assert_ptr_null(visit_parts_check("cancelled", VISIT_PART_REASON, &bad));
	ck_assert_ptr_nonnull(
		visit_parts_check("planned", VISIT_PART_RATING | VISIT_PART_ORDER, &bad));
	ck_assert_uint_eq(bad, VISIT_PART_RATING);
	ck_assert_ptr_nonnull(
		visit_parts_check("missed", VISIT_PART_REASON | VISIT_PART_SUMMARY, &bad));
	ck_assert_uint_eq(bad, VISIT_PART_SUMMARY);
	ck_assert_ptr_nonnull(visit_parts_check("missed", 0, &bad));
	ck_assert_uint_eq(bad, VISIT_PART_REASON);
	ck_assert_ptr_nonnull(visit_parts_check("done", VISIT_PART_REASON, &bad));
	ck_assert_uint_eq(bad, VISIT_PART_REASON);
	ck_assert_ptr_nonnull(visit_parts_check("confirmed", VISIT_PART_REASON, &bad));
}
END_TEST

START_TEST(test_visit_issue_needs_a_kind_and_a_description_or_neither)
{
	ck_assert_ptr_null(visit_issue_check(false, ""));
	ck_assert_ptr_null(visit_issue_check(false, NULL));
	ck_assert_ptr_null(visit_issue_check(true, "货架破损"));
	ck_assert_str_eq(visit_issue_check(false, "货架破损"),
			 "Choose a kind or clear the description.");
	ck_assert_str_eq(visit_issue_check(true, "  "), "Describe the issue, or set it to none.");
}
END_TEST

START_TEST(test_visit_shelf_price_of_zero_is_refused)
{
	/* A price seen on a shelf is more than ¥0; not seen is no price at all. */
	ck_assert_str_eq(visit_shelf_price_check(0),
			 "A shelf price is more than ¥0; leave it empty if you did not see one.");
	ck_assert_ptr_nonnull(visit_shelf_price_check(-100));
	ck_assert_ptr_nonnull(visit_shelf_price_check(VISIT_SHELF_PRICE_MAX_FEN + 1));
	ck_assert_ptr_null(visit_shelf_price_check(1));
	ck_assert_ptr_null(visit_shelf_price_check(4560));
	ck_assert_ptr_null(visit_shelf_price_check(VISIT_SHELF_PRICE_MAX_FEN));
}
END_TEST

START_TEST(test_visit_reason_blank_is_no_reason)
{
	ck_assert_ptr_null(visit_reason_check("堵车"));
	ck_assert_ptr_null(visit_reason_check(" 店主不在 "));
	ck_assert_str_eq(visit_reason_check(""), "Say why.");
	ck_assert_str_eq(visit_reason_check(NULL), "Say why.");
	ck_assert_str_eq(visit_reason_check("   "), "Say why.");
	ck_assert_str_eq(visit_reason_check(" \t "), "Say why.");
	ck_assert_str_eq(visit_reason_check("\u3000\u3000"), "Say why."); /* ideographic spaces */
}
END_TEST

START_TEST(test_visit_missed_only_once_its_day_has_come)
{
	qd_date today = { 2026, 11, 27 };
	ck_assert_ptr_null(visit_miss_check((qd_date){ 2026, 11, 26 }, today));
	ck_assert_ptr_null(visit_miss_check(today, today));
	ck_assert_str_eq(visit_miss_check((qd_date){ 2026, 11, 28 }, today),
			 "A visit can be missed only once its day has come; cancel it instead.");
}
END_TEST

START_TEST(test_visit_plan_today_or_later)
{
	qd_date today = { 2026, 11, 27 };
	ck_assert_ptr_null(visit_plan_day_check(today, today));
	ck_assert_ptr_null(visit_plan_day_check((qd_date){ 2026, 12, 1 }, today));
	ck_assert_str_eq(visit_plan_day_check((qd_date){ 2026, 11, 26 }, today),
			 "A visit is planned for today or a later day.");
	ck_assert_ptr_nonnull(visit_plan_day_check((qd_date){ 2020, 1, 1 }, today));
}
END_TEST

SUITE_MAIN("visit_rules", test_visit_shelf_price_of_zero_is_refused, test_visit_plan_today_or_later,
	   test_visit_reason_blank_is_no_reason, test_visit_missed_only_once_its_day_has_come,
	   test_visit_issue_needs_a_kind_and_a_description_or_neither,
	   test_visit_order_past_the_credit_limit_is_a_risk, test_visit_parts_each_status_holds,
	   test_visit_texts_are_capped_and_clean,
	   test_visit_price_within_tolerance_at_the_edge_and_outside,
	   test_visit_shelf_price_only_below_retail_breaks_the_policy,
	   test_visit_days_of_stock_against_90_days_of_sales, test_visit_objective_amount_or_words_by_kind,
	   test_visit_rating_and_score,
	   test_visit_concentration_of_the_most_visited_fifth,
	   test_visit_settings_defaults_and_checks)
