/* Month rows and the names of months and weekdays per interface language. */
#include "qudao/calendar.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "qudao/text.h"

static const char *const calendar_months_en[12] = {
	"January", "February", "March",	    "April",   "May",	   "June",
	"July",	   "August",   "September", "October", "November", "December",
};
static const char *const calendar_months_zh[12] = {
	"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
};
static const char *const calendar_wd_short_en[7] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};
static const char *const calendar_wd_short_zh[7] = { "一", "二", "三", "四", "五", "六", "日" };
static const char *const calendar_wd_en[7] = { "Monday", "Tuesday",  "Wednesday", "Thursday",
					       "Friday", "Saturday", "Sunday" };
static const char *const calendar_wd_zh[7] = { "星期一", "星期二", "星期三", "星期四",
					       "星期五", "星期六", "星期日" };

int calendar_month_rows(int y, int m)
{
	qd_date first = { y, m, 1 };
	/* Cells before the 1st (Monday = none), then the month's days. */
	int cells = date_weekday(first) - 1 + date_days_in_month(y, m);
	return (cells + 6) / 7;
}

const char *calendar_month_name(int m, qd_lang lang)
{
	if (m < 1 || m > 12)
		return "";
	return lang == LANG_ZH ? calendar_months_zh[m - 1] : calendar_months_en[m - 1];
}

const char *calendar_weekday_short(int wd, qd_lang lang)
{
	if (wd < 1 || wd > 7)
		return "";
	return lang == LANG_ZH ? calendar_wd_short_zh[wd - 1] : calendar_wd_short_en[wd - 1];
}

const char *calendar_weekday_name(int wd, qd_lang lang)
{
	if (wd < 1 || wd > 7)
		return "";
	return lang == LANG_ZH ? calendar_wd_zh[wd - 1] : calendar_wd_en[wd - 1];
}

char *calendar_month_title(int y, int m, qd_lang lang, char *buf)
{
	if (lang == LANG_ZH)
		snprintf(buf, CALENDAR_NAME_BUF, "%04d年%s", y % 10000,
			 calendar_month_name(m, lang));
	else
		snprintf(buf, CALENDAR_NAME_BUF, "%s %04d", calendar_month_name(m, lang),
			 y % 10000);
	return buf;
}

char *calendar_day_title(qd_date d, qd_lang lang, char *buf)
{
	int wd = date_weekday(d);
	if (lang == LANG_ZH) {
		snprintf(buf, CALENDAR_NAME_BUF, "%04d年%d月%d日 %s", d.y % 10000, d.m % 100,
			 d.d % 100, calendar_weekday_name(wd, lang));
	} else {
		const char *month = calendar_month_name(d.m, lang);
		snprintf(buf, CALENDAR_NAME_BUF, "%s %d %.3s %04d",
			 calendar_weekday_short(wd, lang), d.d % 100, month, d.y % 10000);
	}
	return buf;
}

int calendar_is_weekend(qd_date d)
{
	return date_weekday(d) >= 6;
}

/* The digits of s[0..n), or -1. */
static int calendar_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

char *calendar_date_refusal(const char *text, char *buf, size_t size)
{
	qd_date d;
	if (text && !date_parse(text, &d) && date_in_range(d))
		return NULL;
	const char *t = text ? text : "";
	char shown[40];
	text_copy(shown, sizeof shown, t);
	bool shaped = strlen(t) == 10 && t[4] == '-' && t[7] == '-';
	int y = shaped ? calendar_digits(t, 4) : -1, m = shaped ? calendar_digits(t + 5, 2) : -1,
	    day = shaped ? calendar_digits(t + 8, 2) : -1;
	char month[CALENDAR_NAME_BUF];
	if (y < 0 || m < 0 || day < 0)
		snprintf(buf, size,
			 _("\"%s\" is not a date: write it as YYYY-MM-DD, for example "
			   "2026-11-27."),
			 shown);
	else if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		snprintf(buf, size, _("%s is not a date from %d to %d."), shown, DATE_MIN_YEAR,
			 DATE_MAX_YEAR);
	else if (m < 1 || m > 12)
		snprintf(buf, size, _("%s is not a date: a month is 01 to 12."), shown);
	else {
		int n = date_days_in_month(y, m);
		snprintf(buf, size,
			 ngettext("%s is not a date (%s has %d day).",
				  "%s is not a date (%s has %d days).", (unsigned long)n),
			 shown, calendar_month_title(y, m, i18n_lang(), month), n);
	}
	return buf;
}
