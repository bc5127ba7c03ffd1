/* Civil dates in the proleptic Gregorian calendar, ISO 8601 text, periods
 * (2026, 2026-Q3, 2026-09) and "today", which QUDAO_TODAY can fix. */
#ifndef QUDAO_DATE_H
#define QUDAO_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	int y, m, d;
} qd_date;

enum { DATE_BUF = 11, DATETIME_BUF = 17 };

/* Parses exactly YYYY-MM-DD (years 1000-9999) into a valid date.
 * Returns 0, or -1 when s is not such a date (2026-02-30 is not). */
int date_parse(const char *s, qd_date *out);
/* Parses a date as files from spreadsheets and ERPs write it: 2026-11-27,
 * 2026/11/27, 2026.11.27, 2026/1/5, 2026年11月27日, 20261127, Excel's serial
 * day numbers (46353 is 2026-11-27), full-width digits, and any of these
 * followed by the day of the week (星期五, 周五: it must be the date's) or
 * a time of day (00:00 or 00:00:00, ignored). Returns 0, or -1
 * when s is none of these or not a real date. */
int date_parse_any(const char *s, qd_date *out);
/* Why s (in any form date_parse_any takes) is not a date from DATE_MIN_YEAR
 * to DATE_MAX_YEAR; date_problem_text says it in words (an N_() msgid, NULL
 * for DATE_FINE). */
typedef enum {
	DATE_FINE,
	DATE_NOT_WRITTEN,	  /* not written as a date at all */
	DATE_NO_SUCH_MONTH,	  /* 2026-13-01 */
	DATE_NO_SUCH_DAY,	  /* 2026-02-30 */
	DATE_OUT_OF_RANGE,	  /* 1999-12-31 */
	DATE_SERIAL_OUT_OF_RANGE, /* 1: Excel's day number of 1900-01-01 */
	DATE_BAD_TIME,		  /* 2026-11-27 25:00 */
	DATE_WRONG_WEEKDAY,	  /* 2026年11月27日 星期一 (a Friday) */
	DATE_BAD_TAIL,		  /* 2026-11-27 Fridya: neither a weekday nor a time */
} qd_date_problem;
qd_date_problem date_problem_any(const char *s);
/* The same, and the date as written into *at when it is DATE_WRONG_WEEKDAY
 * (to say which day of the week it is). */
qd_date_problem date_problem_at(const char *s, qd_date *at);
const char *date_problem_text(qd_date_problem p);
/* Parses YYYY-MM-DDTHH:MM (a space may stand for the T). Returns 0 or -1. */
int date_parse_datetime(const char *s, qd_date *date, int *minutes);
/* Parses a time of day as files write it: 9:30, 09:30, 09:30:00 (the
 * seconds ignored), with full-width digits and colon; 10点30分, 10点半,
 * 15时05分; with a part of the day before or after it (上午, 早上, 早晨, 凌晨,
 * 下午, 中午, 晚上, 傍晚, AM, PM, a.m., p.m.; an hour of 1 to 12, at noon
 * 11 to 2, in the evening 6 to 11): into minutes from midnight. Returns 0,
 * or -1 when s is not a time of day. */
int date_parse_time(const char *s, int *minutes);
/* A date as date_parse_any reads it, then a time of day after a space or a
 * T as date_parse_time reads it (2026-11-27T09:30, 2026/11/27 9:30).
 * Returns 0, or -1. */
int date_parse_datetime_any(const char *s, qd_date *date, int *minutes);
/* Writes YYYY-MM-DD into buf (DATE_BUF bytes). Returns buf. */
char *date_format(qd_date d, char *buf);
/* Writes YYYY-MM-DDTHH:MM into buf (DATETIME_BUF bytes). Returns buf. */
char *date_format_datetime(qd_date d, int minutes, char *buf);
/* A stored time as the user reads it, to the minute, into buf (at least
 * DATETIME_BUF bytes): a UTC stamp (2026-11-28T18:56:52.123Z) in local time,
 * a local one (2026-11-26T10:00:05) as it is; "2026-11-29 02:56". Anything
 * else is copied as it is. Returns buf. */
char *date_stamp_shown(const char *stamp, char *buf, size_t size);

int date_is_leap(int y);
int date_days_in_month(int y, int m);
int date_valid(qd_date d);
/* Days since 1970-01-01 and back. */
int32_t date_to_days(qd_date d);
qd_date date_from_days(int32_t days);
qd_date date_add_days(qd_date d, int n);
/* Adds n months; the day is clamped to the end of the month (01-31 + 1 = 02-28). */
qd_date date_add_months(qd_date d, int n);
/* b - a in days. */
int date_diff(qd_date a, qd_date b);
int date_cmp(qd_date a, qd_date b);
/* 1 = Monday ... 7 = Sunday. */
int date_weekday(qd_date d);
/* ISO 8601 week: the week-numbering year and week 1-53. */
void date_iso_week(qd_date d, int *year, int *week);
/* The 6x7 grid of a month's calendar page starting on Monday: cells[0] is the
 * Monday on or before the 1st. */
void date_month_grid(int y, int m, qd_date cells[42]);

typedef enum { PERIOD_YEAR, PERIOD_QUARTER, PERIOD_MONTH } qd_period_kind;
typedef struct {
	qd_period_kind kind;
	int y;
	int n; /* quarter 1-4 or month 1-12; 0 for a year */
} qd_period;

enum { PERIOD_BUF = 8 };

/* Parses 2026, 2026-Q3 or 2026-09. Returns 0 or -1. */
int period_parse(const char *s, qd_period *out);
/* A period as a person types it: period_parse's forms, "2026-9",
 * "2026/09", "2026Q3", or in Chinese "2026年", "2026年11月", "2026年第3季度"
 * ("2026年3季度", "2026年Q3", 一 to 四 for the quarter too); spaces are
 * ignored ("2026 年第 3 季度"). 0, or -1. Stored periods are read with
 * period_parse alone. */
int period_parse_typed(const char *s, qd_period *out);
char *period_format(qd_period p, char *buf);
/* First and last day of the period. */
void period_range(qd_period p, qd_date *first, qd_date *last);
qd_period period_of(qd_period_kind kind, qd_date d);
qd_period period_next(qd_period p, int n);

/* The years qudao works in: "today" outside them is refused (the schema's
 * periods, and the demo's two years back, fit inside). */
enum { DATE_MIN_YEAR = 2000, DATE_MAX_YEAR = 2999 };
int date_in_range(qd_date d);

/* Fixes "today" from QUDAO_TODAY when it is set; otherwise today follows the
 * local clock, day after day. Returns -1 when QUDAO_TODAY is set but is not a
 * YYYY-MM-DD date within DATE_MIN_YEAR..DATE_MAX_YEAR. */
int date_today_init(void);
/* Fixes today (tests, --today). */
void date_set_today(qd_date d);
qd_date date_today(void);

#endif
