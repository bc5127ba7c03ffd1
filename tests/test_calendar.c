/* core/calendar: the month page with Monday first, and names that follow
 * the interface language. */
#include <string.h>

#include "qudao/calendar.h"
#include "suite.h"

START_TEST(test_calendar_every_month_2000_to_2100_starts_monday_in_4_to_6_rows)
{
	for (int y = 2000; y <= 2100; y++)
		for (int m = 1; m <= 12; m++) {
			qd_date cells[42];
			date_month_grid(y, m, cells);
			int rows = calendar_month_rows(y, m);
			ck_assert_msg(rows >= 4 && rows <= 6, "%04d-%02d: %d rows", y, m, rows);
			/* The page starts on a Monday on or before the 1st, less
			 * than a week before it. */
			ck_assert_int_eq(date_weekday(cells[0]), 1);
			qd_date first = { y, m, 1 };
			int before = date_diff(cells[0], first);
			ck_assert_msg(before >= 0 && before < 7, "%04d-%02d", y, m);
			/* The rows hold every day of the month, and the last row
			 * holds one of them. */
			qd_date last = { y, m, date_days_in_month(y, m) };
			int at = date_diff(cells[0], last);
			ck_assert_msg(at < rows * 7 && at >= (rows - 1) * 7,
				      "%04d-%02d: last at %d", y, m, at);
			for (int i = 0; i < 42; i++)
				ck_assert_int_eq(date_weekday(cells[i]), i % 7 + 1);
		}
}
END_TEST

START_TEST(test_calendar_known_pages)
{
	/* February 2021 began on a Monday: four rows. */
	ck_assert_int_eq(calendar_month_rows(2021, 2), 4);
	/* November 2026 begins on a Sunday: six rows. */
	ck_assert_int_eq(calendar_month_rows(2026, 11), 6);
	ck_assert_int_eq(calendar_month_rows(2026, 12), 5);
	/* 2100 is not a leap year; February 2100 begins on a Monday. */
	ck_assert_int_eq(calendar_month_rows(2100, 2), 4);
}
END_TEST

START_TEST(test_calendar_names_follow_the_language_not_the_locale)
{
	char buf[CALENDAR_NAME_BUF];
	ck_assert_str_eq(calendar_month_title(2026, 11, LANG_EN, buf), "November 2026");
	ck_assert_str_eq(calendar_month_title(2026, 11, LANG_ZH, buf), "2026年11月");
	ck_assert_str_eq(calendar_weekday_short(1, LANG_EN), "Mon");
	ck_assert_str_eq(calendar_weekday_short(7, LANG_ZH), "日");
	qd_date d = { 2026, 11, 27 };
	ck_assert_str_eq(calendar_day_title(d, LANG_EN, buf), "Fri 27 Nov 2026");
	ck_assert_str_eq(calendar_day_title(d, LANG_ZH, buf), "2026年11月27日 星期五");
	ck_assert_str_eq(calendar_month_name(13, LANG_EN), "");
}
END_TEST

START_TEST(test_calendar_weekends)
{
	ck_assert(calendar_is_weekend((qd_date){ 2026, 11, 28 }));
	ck_assert(calendar_is_weekend((qd_date){ 2026, 11, 29 }));
	ck_assert(!calendar_is_weekend((qd_date){ 2026, 11, 30 }));
}
END_TEST

START_TEST(test_calendar_impossible_date_says_why)
{
	char buf[200];
	ck_assert_ptr_null(calendar_date_refusal("2028-02-29", buf, sizeof buf));
	ck_assert_str_eq(calendar_date_refusal("2026-02-30", buf, sizeof buf),
			 "2026-02-30 is not a date (February 2026 has 28 days).");
	ck_assert_str_eq(calendar_date_refusal("2026-04-31", buf, sizeof buf),
			 "2026-04-31 is not a date (April 2026 has 30 days).");
	ck_assert_str_eq(calendar_date_refusal("2026-13-01", buf, sizeof buf),
			 "2026-13-01 is not a date: a month is 01 to 12.");
	ck_assert_str_eq(calendar_date_refusal("1999-01-01", buf, sizeof buf),
			 "1999-01-01 is not a date from 2000 to 2999.");
	ck_assert_str_eq(
		calendar_date_refusal("27/11/2026", buf, sizeof buf),
		"\"27/11/2026\" is not a date: write it as YYYY-MM-DD, for example 2026-11-27.");
}
END_TEST

SUITE_MAIN("calendar", test_calendar_impossible_date_says_why,
	   test_calendar_every_month_2000_to_2100_starts_monday_in_4_to_6_rows,
	   test_calendar_known_pages, test_calendar_names_follow_the_language_not_the_locale,
	   test_calendar_weekends)
