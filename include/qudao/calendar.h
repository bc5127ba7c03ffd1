/* The calendar page as people read it: how many week rows a month takes
 * when weeks start on Monday, and the names of months and weekdays in the
 * interface language (i18n_lang()), not the C library's locale, which
 * --lang does not change. Pure. */
#ifndef QUDAO_CALENDAR_H
#define QUDAO_CALENDAR_H

#include <stddef.h>

#include "qudao/date.h"
#include "qudao/i18n.h"

enum { CALENDAR_NAME_BUF = 48 };

/* The week rows month m of year y spans on a page whose weeks start on
 * Monday: 4 (a February of 28 days starting on a Monday) to 6. */
int calendar_month_rows(int y, int m);

/* "November" / "11月" (m 1-12). */
const char *calendar_month_name(int m, qd_lang lang);
/* "Mon" / "一" (wd 1 = Monday ... 7 = Sunday): short, for column heads. */
const char *calendar_weekday_short(int wd, qd_lang lang);
/* "Monday" / "星期一". */
const char *calendar_weekday_name(int wd, qd_lang lang);
/* "November 2026" / "2026年11月" into buf (CALENDAR_NAME_BUF bytes). */
char *calendar_month_title(int y, int m, qd_lang lang, char *buf);
/* "Fri 27 Nov 2026" / "2026年11月27日 星期五" into buf. */
char *calendar_day_title(qd_date d, qd_lang lang, char *buf);
/* Saturday or Sunday. */
int calendar_is_weekend(qd_date d);

/* Why text is not a date qudao takes, in the interface language, into buf
 * (size bytes): "2026-02-30 is not a date (February 2026 has 28 days)." for a
 * day its month lacks, the month or year range when those are wrong, else how
 * to write one. NULL (buf untouched) when it is a date from DATE_MIN_YEAR to
 * DATE_MAX_YEAR. */
char *calendar_date_refusal(const char *text, char *buf, size_t size);

#endif
