/* Month rows and the names of months and weekdays per interface language. */
#include "qudao/calendar.h"

#include <stdio.h>

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
