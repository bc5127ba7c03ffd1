/* core/date: civil dates, arithmetic, ISO weeks, month grids, periods, today. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qudao/date.h"
#include "suite.h"

static qd_date D(int y, int m, int d)
{
	return (qd_date){ y, m, d };
}

static void assert_date(qd_date got, int y, int m, int d)
{
	ck_assert_int_eq(got.y, y);
	ck_assert_int_eq(got.m, m);
	ck_assert_int_eq(got.d, d);
}

START_TEST(test_date_parse_accepts_valid_iso_dates)
{
	qd_date d;
	ck_assert_int_eq(date_parse("2026-11-26", &d), 0);
	assert_date(d, 2026, 11, 26);
	ck_assert_int_eq(date_parse("2024-02-29", &d), 0);
}
END_TEST

START_TEST(test_date_parse_refuses_impossible_dates)
{
	qd_date d;
	ck_assert_int_eq(date_parse("2026-02-29", &d), -1);
	ck_assert_int_eq(date_parse("2026-02-30", &d), -1);
	ck_assert_int_eq(date_parse("2026-13-01", &d), -1);
	ck_assert_int_eq(date_parse("2026-00-10", &d), -1);
	ck_assert_int_eq(date_parse("2026-4-1", &d), -1);
	ck_assert_int_eq(date_parse("2026-04-01x", &d), -1);
	ck_assert_int_eq(date_parse("", &d), -1);
	ck_assert_int_eq(date_parse(NULL, &d), -1);
	ck_assert_int_eq(date_parse("1900-02-29", &d), -1);
}
END_TEST

START_TEST(test_date_parse_datetime_reads_minutes)
{
	qd_date d;
	int min;
	ck_assert_int_eq(date_parse_datetime("2026-11-26T09:30", &d, &min), 0);
	assert_date(d, 2026, 11, 26);
	ck_assert_int_eq(min, 570);
	ck_assert_int_eq(date_parse_datetime("2026-11-26 23:59", &d, &min), 0);
	ck_assert_int_eq(date_parse_datetime("2026-11-26T24:00", &d, &min), -1);
	ck_assert_int_eq(date_parse_datetime("2026-11-26T09:60", &d, &min), -1);
}
END_TEST

START_TEST(test_date_format_round_trips)
{
	char buf[DATE_BUF], dt[DATETIME_BUF];
	ck_assert_str_eq(date_format(D(2026, 3, 5), buf), "2026-03-05");
	ck_assert_str_eq(date_format_datetime(D(2026, 3, 5), 9 * 60 + 5, dt), "2026-03-05T09:05");
}
END_TEST

START_TEST(test_date_days_round_trip_over_centuries)
{
	ck_assert_int_eq(date_to_days(D(1970, 1, 1)), 0);
	ck_assert_int_eq(date_to_days(D(2000, 3, 1)), 11017);
	for (int32_t z = -200000; z < 200000; z += 7) {
		qd_date d = date_from_days(z);
		ck_assert_int_eq(date_to_days(d), z);
	}
}
END_TEST

START_TEST(test_date_add_days_crosses_months_and_leap_days)
{
	assert_date(date_add_days(D(2024, 2, 28), 1), 2024, 2, 29);
	assert_date(date_add_days(D(2026, 12, 31), 1), 2027, 1, 1);
	assert_date(date_add_days(D(2026, 3, 1), -1), 2026, 2, 28);
}
END_TEST

START_TEST(test_date_add_months_clamps_to_month_end)
{
	assert_date(date_add_months(D(2026, 1, 31), 1), 2026, 2, 28);
	assert_date(date_add_months(D(2024, 1, 31), 1), 2024, 2, 29);
	assert_date(date_add_months(D(2026, 11, 15), 3), 2027, 2, 15);
	assert_date(date_add_months(D(2026, 1, 15), -1), 2025, 12, 15);
}
END_TEST

START_TEST(test_date_diff_and_cmp)
{
	ck_assert_int_eq(date_diff(D(2026, 11, 1), D(2026, 12, 1)), 30);
	ck_assert_int_eq(date_diff(D(2026, 12, 1), D(2026, 11, 1)), -30);
	ck_assert_int_lt(date_cmp(D(2026, 1, 1), D(2026, 1, 2)), 0);
	ck_assert_int_eq(date_cmp(D(2026, 1, 1), D(2026, 1, 1)), 0);
}
END_TEST

START_TEST(test_date_weekday_monday_is_one)
{
	ck_assert_int_eq(date_weekday(D(2026, 11, 23)), 1); /* a Monday */
	ck_assert_int_eq(date_weekday(D(2026, 11, 29)), 7);
	ck_assert_int_eq(date_weekday(D(1970, 1, 1)), 4);
}
END_TEST

START_TEST(test_date_iso_week_at_year_edges)
{
	int y, w;
	date_iso_week(D(2026, 1, 1), &y, &w);
	ck_assert_int_eq(y, 2026);
	ck_assert_int_eq(w, 1);
	date_iso_week(D(2021, 1, 3), &y, &w); /* Sunday of 2020-W53 */
	ck_assert_int_eq(y, 2020);
	ck_assert_int_eq(w, 53);
	date_iso_week(D(2024, 12, 30), &y, &w); /* Monday of 2025-W01 */
	ck_assert_int_eq(y, 2025);
	ck_assert_int_eq(w, 1);
	date_iso_week(D(2026, 11, 27), &y, &w);
	ck_assert_int_eq(w, 48);
}
END_TEST

START_TEST(test_date_month_grid_starts_on_monday)
{
	qd_date cells[42];
	date_month_grid(2026, 11, cells); /* 2026-11-01 is a Sunday */
	assert_date(cells[0], 2026, 10, 26);
	assert_date(cells[6], 2026, 11, 1);
	assert_date(cells[41], 2026, 12, 6);
	for (int i = 0; i < 42; i++)
		ck_assert_int_eq(date_weekday(cells[i]), i % 7 + 1);
}
END_TEST

START_TEST(test_period_parse_year_quarter_month)
{
	qd_period p;
	char buf[PERIOD_BUF];
	ck_assert_int_eq(period_parse("2026", &p), 0);
	ck_assert_int_eq(p.kind, PERIOD_YEAR);
	ck_assert_int_eq(period_parse("2026-Q3", &p), 0);
	ck_assert_int_eq(p.kind, PERIOD_QUARTER);
	ck_assert_int_eq(p.n, 3);
	ck_assert_str_eq(period_format(p, buf), "2026-Q3");
	ck_assert_int_eq(period_parse("2026-09", &p), 0);
	ck_assert_int_eq(p.kind, PERIOD_MONTH);
	ck_assert_str_eq(period_format(p, buf), "2026-09");
	/* A quarter in lower case is the same quarter. */
	ck_assert_int_eq(period_parse("2026-q3", &p), 0);
	ck_assert_int_eq(p.kind, PERIOD_QUARTER);
	ck_assert_str_eq(period_format(p, buf), "2026-Q3");
	ck_assert_int_eq(period_parse("2026-Q5", &p), -1);
	ck_assert_int_eq(period_parse("2026-13", &p), -1);
	ck_assert_int_eq(period_parse("2026-9", &p), -1);
	ck_assert_int_eq(period_parse("26", &p), -1);
}
END_TEST

START_TEST(test_period_range_covers_whole_period)
{
	qd_date f, l;
	period_range((qd_period){ PERIOD_QUARTER, 2026, 1 }, &f, &l);
	assert_date(f, 2026, 1, 1);
	assert_date(l, 2026, 3, 31);
	period_range((qd_period){ PERIOD_MONTH, 2024, 2 }, &f, &l);
	assert_date(l, 2024, 2, 29);
	period_range((qd_period){ PERIOD_YEAR, 2026, 0 }, &f, &l);
	assert_date(f, 2026, 1, 1);
	assert_date(l, 2026, 12, 31);
}
END_TEST

START_TEST(test_period_of_and_next)
{
	char buf[PERIOD_BUF];
	qd_period q = period_of(PERIOD_QUARTER, D(2026, 11, 27));
	ck_assert_str_eq(period_format(q, buf), "2026-Q4");
	ck_assert_str_eq(period_format(period_next(q, 1), buf), "2027-Q1");
	ck_assert_str_eq(
		period_format(period_next(period_of(PERIOD_MONTH, D(2026, 1, 5)), -1), buf),
		"2025-12");
}
END_TEST

START_TEST(test_date_today_follows_qudao_today)
{
	setenv("QUDAO_TODAY", "2026-11-27", 1);
	ck_assert_int_eq(date_today_init(), 0);
	assert_date(date_today(), 2026, 11, 27);
	setenv("QUDAO_TODAY", "2026-02-30", 1);
	ck_assert_int_eq(date_today_init(), -1);
	unsetenv("QUDAO_TODAY");
	ck_assert_int_eq(date_today_init(), 0);
	ck_assert_int_ge(date_today().y, 2024);
}
END_TEST

static qd_date any(const char *s)
{
	qd_date d = { 0, 0, 0 };
	ck_assert_msg(date_parse_any(s, &d) == 0, "\"%s\" should parse", s);
	return d;
}

START_TEST(test_date_parse_any_reads_what_spreadsheets_write)
{
	assert_date(any("2026-11-27"), 2026, 11, 27);
	assert_date(any("2026/11/27"), 2026, 11, 27);
	assert_date(any("2026/1/5"), 2026, 1, 5);
	assert_date(any("2026.11.27"), 2026, 11, 27);
	assert_date(any("2026年11月27日"), 2026, 11, 27);
	assert_date(any("2026年1月5号"), 2026, 1, 5);
	assert_date(any("20261127"), 2026, 11, 27);
	assert_date(any("２０２６－１１－２７"), 2026, 11, 27);
	assert_date(any(" 2026-11-27 00:00:00 "), 2026, 11, 27);
	assert_date(any("2026/11/27 9:30"), 2026, 11, 27);
	/* As ERPs and databases write a date and time: the time ignored. */
	assert_date(any("2026-11-27 10:30:00.000"), 2026, 11, 27);
	assert_date(any("2026/11/27 上午 10:30"), 2026, 11, 27);
	assert_date(any("2026/11/27 下午3:05:09"), 2026, 11, 27);
	assert_date(any("2026/11/27 3:05 PM"), 2026, 11, 27);
	assert_date(any("2026/11/27 12:05 AM"), 2026, 11, 27);
	/* Chinese Excel's long date: the day of the week after it. */
	assert_date(any("2026年11月27日 星期五"), 2026, 11, 27);
	assert_date(any("2026年11月27日星期五"), 2026, 11, 27);
	assert_date(any("2026-11-29 周日"), 2026, 11, 29);
	assert_date(any("2026-11-29 星期天 10:30"), 2026, 11, 29);
	/* In brackets, and as English sheets write it. */
	assert_date(any("2026-11-27（周五）"), 2026, 11, 27);
	assert_date(any("2026-11-27 Friday"), 2026, 11, 27);
	assert_date(any("2026-11-27, Fri."), 2026, 11, 27);
	assert_date(any("2026/11/27 FRI 9:30"), 2026, 11, 27);
	assert_date(any("2026-11-27 (Fri)"), 2026, 11, 27);
	/* Or after the time. */
	assert_date(any("2026-12-11 10:30 Friday"), 2026, 12, 11);
	assert_date(any("2026-12-11 10:30, Fri"), 2026, 12, 11);
	assert_date(any("2026年12月11日 上午10点 星期五"), 2026, 12, 11);
	assert_date(any("2026年12月11日 上午10点星期五"), 2026, 12, 11);
	assert_date(any("2026/12/11 10:30周五"), 2026, 12, 11);
	/* A time as a visit's is written after it, ignored too. */
	assert_date(any("2026/11/27 3:05 下午"), 2026, 11, 27);
	assert_date(any("2026年11月27日 10点30分"), 2026, 11, 27);
}
END_TEST

/* A moment with its zone is the date here at that moment (Shanghai, as a
 * POSIX zone that needs no tzdata): an ERP writing local midnight in UTC
 * put every row a day early, across a month or a quarter. */
START_TEST(test_date_parse_any_takes_a_zone_to_the_local_day)
{
	setenv("TZ", "CST-8", 1);
	tzset();
	assert_date(any("2026-11-27T10:30:00+08:00"), 2026, 11, 27);
	assert_date(any("2026-11-27T02:30:00Z"), 2026, 11, 27);
	assert_date(any("2026-10-31T16:30:00Z"), 2026, 11, 1);
	assert_date(any("2026-12-31T16:00:00.000Z"), 2027, 1, 1);
	assert_date(any("2026-11-27T00:30:00+09:00"), 2026, 11, 26);
	assert_date(any("2026-11-27T10:30:00.5-0500"), 2026, 11, 27);
	assert_date(any("2026-11-27T20:30-05"), 2026, 11, 28);
	assert_date(any("2026-11-27 20:30:00 -0500"), 2026, 11, 28);
}
END_TEST

START_TEST(test_date_parse_any_reads_excel_serial_numbers)
{
	assert_date(any("46353"), 2026, 11, 27);
	assert_date(any("46353.75"), 2026, 11, 27);
	assert_date(any("36526"), 2000, 1, 1);
	assert_date(any("61"), 1900, 3, 1);
	assert_date(any("1"), 1900, 1, 1);
}
END_TEST

START_TEST(test_date_parse_any_refuses_what_is_not_a_date)
{
	qd_date d;
	const char *bad[] = { "", "2026-02-30", "2026/13/01", "27/11/2026", "2026-11", "60", "0",
			      "2026-11-27x", "2026-11/27", "tomorrow", "2026年11月", "46353.5x",
			      "2026-11-27 25:00", "2026-11-27T10:30:00+99:00",
			      "2026-11-27 10:30:00.", "2026-11-27 上午 13:00",
			      "2026-11-27 10:30 PMX", "2026-11-27 10:30Z+08:00",
			      "2026-11-27 0:15 AM", "2026-11-27 13:15 PM", "2026-11-27T 10:30",
			      "2026-11-27T上午10:30", "2026-11-27T10:30+08:", "2026-11-27T10:30+8",
			      "2026-11-27 10:30 PM+08:00", "2026-11-27 上午 10:30Z",
			      "2026-11-27 10:30 Z", "2026-11-27 10:30  +0800",
			      /* Too long: not cut to what reads as a date. */
			      "2026-11-27                                                      "
			      "10:30年" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(date_parse_any(bad[i], &d) == -1, "\"%s\" should be refused", bad[i]);
}
END_TEST

START_TEST(test_date_problem_says_why_a_date_is_refused)
{
	ck_assert_int_eq(date_problem_any("2026-11-27"), DATE_FINE);
	ck_assert_int_eq(date_problem_any("2026年2月28日"), DATE_FINE);
	ck_assert_int_eq(date_problem_any("2026-02-30"), DATE_NO_SUCH_DAY);
	ck_assert_int_eq(date_problem_any("2026/4/31"), DATE_NO_SUCH_DAY);
	ck_assert_int_eq(date_problem_any("2026年2月29日"), DATE_NO_SUCH_DAY);
	ck_assert_int_eq(date_problem_any("2026-13-01"), DATE_NO_SUCH_MONTH);
	ck_assert_int_eq(date_problem_any("2026-00-10"), DATE_NO_SUCH_MONTH);
	ck_assert_int_eq(date_problem_any("1999-12-31"), DATE_OUT_OF_RANGE);
	/* A number is Excel's day number: 1 is 1900-01-01, said as such. */
	ck_assert_int_eq(date_problem_any("1"), DATE_SERIAL_OUT_OF_RANGE);
	ck_assert_int_eq(date_problem_any("36525"), DATE_SERIAL_OUT_OF_RANGE);
	ck_assert_int_eq(date_problem_any("36526"), DATE_FINE);
	ck_assert_int_eq(date_problem_any("401768"), DATE_FINE);
	ck_assert_int_eq(date_problem_any("401769.5"), DATE_SERIAL_OUT_OF_RANGE);
	ck_assert_int_eq(date_problem_any("１"), DATE_SERIAL_OUT_OF_RANGE);
	/* No day at all (0, Excel's 1900-02-29, past 9999): a day number too. */
	ck_assert_int_eq(date_problem_any("0"), DATE_SERIAL_OUT_OF_RANGE);
	ck_assert_int_eq(date_problem_any("60"), DATE_SERIAL_OUT_OF_RANGE);
	ck_assert_int_eq(date_problem_any("2958466"), DATE_SERIAL_OUT_OF_RANGE);
	ck_assert_int_eq(date_problem_any("27/11/2026"), DATE_NOT_WRITTEN);
	/* The date is fine and what follows it is not: said so, not "not
	 * written as a date". */
	ck_assert_int_eq(date_problem_any("2026-11-27 25:00"), DATE_BAD_TIME);
	ck_assert_int_eq(date_problem_any("2026-11-27T10:75"), DATE_BAD_TIME);
	ck_assert_int_eq(date_problem_any("2026年11月27日 星期一"), DATE_WRONG_WEEKDAY);
	ck_assert_int_eq(date_problem_any("2026-11-27 Monday"), DATE_WRONG_WEEKDAY);
	/* Words that are no day of the week are not called a bad time. */
	ck_assert_int_eq(date_problem_any("2026-11-27 Fr"), DATE_BAD_TAIL);
	ck_assert_int_eq(date_problem_any("2026-11-27 Fridays"), DATE_BAD_TAIL);
	ck_assert_int_eq(date_problem_any("2026-11-27 (Fri"), DATE_BAD_TAIL);
	ck_assert_int_eq(date_problem_any("2026-12-09 Wednsday"), DATE_BAD_TAIL);
	ck_assert_int_eq(date_problem_any("2026-12-09 星期八"), DATE_BAD_TAIL);
	ck_assert_int_eq(date_problem_any("2026-11-27 下午 13:00"), DATE_BAD_TIME);
	ck_assert_int_eq(date_problem_any("2026-11-27 Friday 25:00"), DATE_BAD_TIME);
	ck_assert_int_eq(date_problem_any("2026-11-27 Friday noon"), DATE_BAD_TAIL);
	ck_assert_int_eq(date_problem_any("2026-12-11 10:30 Thursday"), DATE_WRONG_WEEKDAY);
	/* With the date as written, to say which day it is. */
	qd_date at;
	ck_assert_int_eq(date_problem_at("2026-12-11 Thursday", &at), DATE_WRONG_WEEKDAY);
	ck_assert_int_eq(at.y * 10000 + at.m * 100 + at.d, 20261211);
	ck_assert_int_eq(date_weekday(at), 5);
	ck_assert_int_eq(date_problem_any("2026-11-27 25点"), DATE_BAD_TIME);
	ck_assert_int_eq(date_problem_any("2026-11-27x"), DATE_NOT_WRITTEN);
	ck_assert_int_eq(date_problem_any("tomorrow"), DATE_NOT_WRITTEN);
	ck_assert_str_eq(date_problem_text(DATE_NO_SUCH_DAY), "that month has no such day");
	ck_assert_ptr_null(date_problem_text(DATE_FINE));
	/* The same verdict as the parser. */
	const char *all[] = { "2026-11-27", "2026-02-30", "2026/13/01", "20261127", "46353",
			      "60",	    "2026年11月", "2026.2.29",	"2028.2.29" };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		qd_date d;
		bool parsed = date_parse_any(all[i], &d) == 0 && date_in_range(d);
		ck_assert_msg(parsed == (date_problem_any(all[i]) == DATE_FINE), "%s", all[i]);
	}
}
END_TEST

START_TEST(test_date_parse_time_reads_what_spreadsheets_write)
{
	int m = -1;
	ck_assert_int_eq(date_parse_time("09:30", &m), 0);
	ck_assert_int_eq(m, 570);
	ck_assert_int_eq(date_parse_time(" 9:05 ", &m), 0);
	ck_assert_int_eq(m, 545);
	ck_assert_int_eq(date_parse_time("23:59:59", &m), 0);
	ck_assert_int_eq(m, 1439);
	ck_assert_int_eq(date_parse_time("１０：３０", &m), 0);
	ck_assert_int_eq(m, 630);
	ck_assert_int_eq(date_parse_time("24:00", &m), -1);
	ck_assert_int_eq(date_parse_time("9:5", &m), -1);
	ck_assert_int_eq(date_parse_time("09:60", &m), -1);
	ck_assert_int_eq(date_parse_time("", &m), -1);
	/* A half of the day, as Chinese Excel and English sheets write it. */
	ck_assert_int_eq(date_parse_time("09:30 pm", &m), 0);
	ck_assert_int_eq(m, 21 * 60 + 30);
	ck_assert_int_eq(date_parse_time("3:05 下午", &m), 0);
	ck_assert_int_eq(m, 15 * 60 + 5);
	ck_assert_int_eq(date_parse_time("上午 12:10", &m), 0);
	ck_assert_int_eq(m, 10);
	ck_assert_int_eq(date_parse_time("下午12:10:00", &m), 0);
	ck_assert_int_eq(m, 12 * 60 + 10);
	ck_assert_int_eq(date_parse_time("11:45AM", &m), 0);
	ck_assert_int_eq(m, 11 * 60 + 45);
	ck_assert_int_eq(date_parse_time("13:00 PM", &m), -1);
	ck_assert_int_eq(date_parse_time("下午 0:30", &m), -1);
	ck_assert_int_eq(date_parse_time("PM", &m), -1);
	/* In Chinese words. */
	ck_assert_int_eq(date_parse_time("10点30分", &m), 0);
	ck_assert_int_eq(m, 630);
	ck_assert_int_eq(date_parse_time("10点30", &m), 0);
	ck_assert_int_eq(m, 630);
	ck_assert_int_eq(date_parse_time("下午3点半", &m), 0);
	ck_assert_int_eq(m, 15 * 60 + 30);
	ck_assert_int_eq(date_parse_time("９点", &m), 0);
	ck_assert_int_eq(m, 540);
	ck_assert_int_eq(date_parse_time("15时05分", &m), 0);
	ck_assert_int_eq(m, 905);
	ck_assert_int_eq(date_parse_time("25点", &m), -1);
	ck_assert_int_eq(date_parse_time("10点61分", &m), -1);
	ck_assert_int_eq(date_parse_time("10点钟以后", &m), -1);
	/* Noon, the evening and the early morning, as people write them. */
	ck_assert_int_eq(date_parse_time("中午12点", &m), 0);
	ck_assert_int_eq(m, 12 * 60);
	ck_assert_int_eq(date_parse_time("中午1点半", &m), 0);
	ck_assert_int_eq(m, 13 * 60 + 30);
	ck_assert_int_eq(date_parse_time("中午 11:45", &m), 0);
	ck_assert_int_eq(m, 11 * 60 + 45);
	ck_assert_int_eq(date_parse_time("中午5点", &m), -1);
	ck_assert_int_eq(date_parse_time("晚上8点", &m), 0);
	ck_assert_int_eq(m, 20 * 60);
	ck_assert_int_eq(date_parse_time("7:30 晚上", &m), 0);
	ck_assert_int_eq(m, 19 * 60 + 30);
	ck_assert_int_eq(date_parse_time("晚上3点", &m), -1);
	ck_assert_int_eq(date_parse_time("早上8点", &m), 0);
	ck_assert_int_eq(m, 8 * 60);
	ck_assert_int_eq(date_parse_time("凌晨5点", &m), 0);
	ck_assert_int_eq(m, 5 * 60);
	ck_assert_int_eq(date_parse_time("傍晚6点", &m), 0);
	ck_assert_int_eq(m, 18 * 60);
	ck_assert_int_eq(date_parse_time("晚上 8 点 30 分", &m), 0);
	ck_assert_int_eq(m, 20 * 60 + 30);
	ck_assert_int_eq(date_parse_time("8 点钟", &m), -1);
	qd_date d;
	ck_assert_int_eq(date_parse_datetime_any("2026-11-27T09:30", &d, &m), 0);
	ck_assert_int_eq(d.d, 27);
	ck_assert_int_eq(m, 570);
	ck_assert_int_eq(date_parse_datetime_any("2026年11月27日 14:05:00", &d, &m), 0);
	ck_assert_int_eq(m, 845);
	ck_assert_int_eq(date_parse_datetime_any("2026-11-27", &d, &m), -1);
	ck_assert_int_eq(date_parse_datetime_any("2026-11-31 09:30", &d, &m), -1);
}
END_TEST

START_TEST(test_date_stamp_shown_is_local_time_to_the_minute)
{
	/* China's time without the time zone files: UTC+8. */
	setenv("TZ", "CST-8", 1);
	tzset();
	char buf[64];
	ck_assert_str_eq(date_stamp_shown("2026-11-28T18:56:52.123Z", buf, sizeof buf),
			 "2026-11-29 02:56");
	ck_assert_str_eq(date_stamp_shown("2026-11-28T18:56:52Z", buf, sizeof buf),
			 "2026-11-29 02:56");
	/* A local stamp is as it is, with a space for the T. */
	ck_assert_str_eq(date_stamp_shown("2026-11-26T10:00", buf, sizeof buf), "2026-11-26 10:00");
	ck_assert_str_eq(date_stamp_shown("2026-11-26T10:00:59", buf, sizeof buf),
			 "2026-11-26 10:00");
	/* What is not a time stays as it was. */
	ck_assert_str_eq(date_stamp_shown("2026-11-26", buf, sizeof buf), "2026-11-26");
	ck_assert_str_eq(date_stamp_shown("2026-02-30T10:00Z", buf, sizeof buf),
			 "2026-02-30T10:00Z");
	ck_assert_str_eq(date_stamp_shown("", buf, sizeof buf), "");
	ck_assert_str_eq(date_stamp_shown("soon", buf, sizeof buf), "soon");
	/* Cut to the buffer, never past it, a UTC stamp too. */
	ck_assert_str_eq(date_stamp_shown("2026-11-26T10:00", buf, 8), "2026-11");
	memset(buf, 'X', sizeof buf);
	ck_assert_str_eq(date_stamp_shown("2026-11-28T18:56:52Z", buf, 8), "2026-11");
	/* Not a time: a negative minute, junk after it, another zone. */
	ck_assert_str_eq(date_stamp_shown("2026-11-26T10:-5", buf, sizeof buf),
			 "2026-11-26T10:-5");
	ck_assert_str_eq(date_stamp_shown("2026-11-26T10:00junk", buf, sizeof buf),
			 "2026-11-26T10:00junk");
	ck_assert_str_eq(date_stamp_shown("2026-11-26T10:00+08:00", buf, sizeof buf),
			 "2026-11-26T10:00+08:00");
}
END_TEST

/* A period typed in Chinese, as a Chinese user writes one ("2026年11月"
 * was "not a period" in the scorecards' prompt). */
static void typed_is(const char *s, qd_period_kind kind, int y, int n)
{
	qd_period p;
	ck_assert_msg(period_parse_typed(s, &p) == 0, "\"%s\" refused", s);
	ck_assert_msg(p.kind == kind && p.y == y && p.n == n, "\"%s\": %d %d %d", s, p.kind, p.y,
		      p.n);
}

START_TEST(test_period_typed_in_chinese)
{
	typed_is("2026年", PERIOD_YEAR, 2026, 0);
	typed_is("2026年11月", PERIOD_MONTH, 2026, 11);
	typed_is("2026年1月", PERIOD_MONTH, 2026, 1);
	typed_is("2026年01月", PERIOD_MONTH, 2026, 1);
	typed_is("2026年第3季度", PERIOD_QUARTER, 2026, 3);
	/* Full-width, as a Chinese input method types it on the command line. */
	typed_is("２０２６-Q3", PERIOD_QUARTER, 2026, 3);
	typed_is("２０２６年１１月", PERIOD_MONTH, 2026, 11);
	typed_is("2026年3季度", PERIOD_QUARTER, 2026, 3);
	typed_is("2026年第三季度", PERIOD_QUARTER, 2026, 3);
	typed_is("2026年四季度", PERIOD_QUARTER, 2026, 4);
	typed_is("2026年第1季", PERIOD_QUARTER, 2026, 1);
	typed_is("2026年Q2", PERIOD_QUARTER, 2026, 2);
	typed_is(" 2026-Q3 ", PERIOD_QUARTER, 2026, 3);
	typed_is("2026-09", PERIOD_MONTH, 2026, 9);
	/* Spaced as Chinese typography spaces it, and the short forms a
	 * user tried: refused before. */
	typed_is("2026 年第 3 季度", PERIOD_QUARTER, 2026, 3);
	typed_is("2026 年", PERIOD_YEAR, 2026, 0);
	typed_is("2026-9", PERIOD_MONTH, 2026, 9);
	typed_is("2026/09", PERIOD_MONTH, 2026, 9);
	typed_is("2026Q2", PERIOD_QUARTER, 2026, 2);
	typed_is("2026 q4", PERIOD_QUARTER, 2026, 4);
	static const char *const bad[] = {
		"", "2026年13月", "2026年0月", "2026年第5季度", "2026年3", "2026年11",
		"2026年11月1", "2026年第季度", "二〇二六年", "2026-13", "abc", "2026年Q",
		"2026年3月份", "2026-0", "2026Q5", "2026/123", "2026-", "2026Q", "   ",
		/* Too long: not cut to what reads as a period. */
		"2026-11                                                      年"
	};
	qd_period p;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(period_parse_typed(bad[i], &p) != 0, "\"%s\" taken", bad[i]);
	/* Stored periods stay in the one form. */
	ck_assert_int_ne(period_parse("2026年", &p), 0);
}
END_TEST

SUITE_MAIN("date", test_period_typed_in_chinese, test_date_parse_accepts_valid_iso_dates,
	   test_date_problem_says_why_a_date_is_refused, test_date_parse_refuses_impossible_dates,
	   test_date_parse_datetime_reads_minutes, test_date_format_round_trips,
	   test_date_days_round_trip_over_centuries,
	   test_date_add_days_crosses_months_and_leap_days,
	   test_date_add_months_clamps_to_month_end, test_date_diff_and_cmp,
	   test_date_weekday_monday_is_one, test_date_iso_week_at_year_edges,
	   test_date_month_grid_starts_on_monday, test_period_parse_year_quarter_month,
	   test_period_range_covers_whole_period, test_period_of_and_next,
	   test_date_today_follows_qudao_today, test_date_parse_any_reads_what_spreadsheets_write,
	   test_date_parse_any_takes_a_zone_to_the_local_day,
	   test_date_parse_time_reads_what_spreadsheets_write,
	   test_date_parse_any_reads_excel_serial_numbers,
	   test_date_parse_any_refuses_what_is_not_a_date,
	   test_date_stamp_shown_is_local_time_to_the_minute)
