/* Civil date arithmetic (Howard Hinnant's days-from-civil), ISO weeks, month
 * grids and periods. Dates are the user's local dates; the one time zone
 * step is date_stamp_shown's, a stored UTC stamp shown in local time. */
#include "qudao/date.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "qudao/i18n.h"
#include "qudao/text.h"

static qd_date date_today_value;
static int date_today_set;

int date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

int date_valid(qd_date d)
{
	return d.y >= 1000 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= date_days_in_month(d.y, d.m);
}

static int date_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int date_parse_prefix(const char *s, qd_date *out)
{
	qd_date d;
	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' || date_digits(s, 4, &d.y) ||
	    date_digits(s + 5, 2, &d.m) || date_digits(s + 8, 2, &d.d) || !date_valid(d))
		return -1;
	*out = d;
	return 0;
}

int date_parse(const char *s, qd_date *out)
{
	if (!s || strlen(s) != 10)
		return -1;
	return date_parse_prefix(s, out);
}

int date_parse_datetime(const char *s, qd_date *date, int *minutes)
{
	int h, mi;
	qd_date d;
	if (!s || strlen(s) != 16 || date_parse_prefix(s, &d) || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || date_digits(s + 11, 2, &h) || date_digits(s + 14, 2, &mi) || h > 23 ||
	    mi > 59)
		return -1;
	*date = d;
	*minutes = h * 60 + mi;
	return 0;
}

char *date_format(qd_date d, char *buf)
{
	snprintf(buf, DATE_BUF, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u,
		 (unsigned)d.d % 100u);
	return buf;
}

char *date_format_datetime(qd_date d, int minutes, char *buf)
{
	unsigned m = minutes < 0 ? 0u : (unsigned)minutes % 1440u;
	snprintf(buf, DATETIME_BUF, "%04u-%02u-%02uT%02u:%02u", (unsigned)d.y % 10000u,
		 (unsigned)d.m % 100u, (unsigned)d.d % 100u, m / 60u, m % 60u);
	return buf;
}

char *date_stamp_shown(const char *stamp, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	/* YYYY-MM-DDTHH:MM, then :SS and .fff if there, then Z or nothing:
	 * all of it, or it is not a stored time. */
	struct tm tm = { 0 };
	int used = 0, sec = 0, frac = 0;
	int n = sscanf(stamp, "%4d-%2d-%2dT%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		       &tm.tm_hour, &tm.tm_min, &used);
	const char *rest = n == 5 ? stamp + used : "";
	if (n == 5 && rest[0] == ':' && sscanf(rest, ":%2d%n", &tm.tm_sec, &sec) == 1)
		rest += sec;
	if (n == 5 && rest[0] == '.' && sscanf(rest, ".%*d%n", &frac) == 0 && frac > 0)
		rest += frac;
	bool utc = rest[0] == 'Z';
	rest += utc;
	qd_date d = { tm.tm_year, tm.tm_mon, tm.tm_mday };
	if (n < 5 || *rest || !date_valid(d) || tm.tm_hour < 0 || tm.tm_hour > 23 ||
	    tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 60) {
		snprintf(buf, size, "%s", stamp);
		return buf;
	}
	if (utc) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		time_t t = timegm(&tm);
		struct tm local;
		localtime_r(&t, &local);
		d = (qd_date){ local.tm_year + 1900, local.tm_mon + 1, local.tm_mday };
		tm.tm_hour = local.tm_hour;
		tm.tm_min = local.tm_min;
	}
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", d.y, d.m, d.d, tm.tm_hour, tm.tm_min);
	return buf;
}

int32_t date_to_days(qd_date d)
{
	int y = d.y - (d.m <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

qd_date date_from_days(int32_t z)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	qd_date d;
	d.d = doy - (153 * mp + 2) / 5 + 1;
	d.m = mp < 10 ? mp + 3 : mp - 9;
	d.y = y + (d.m <= 2);
	return d;
}

qd_date date_add_days(qd_date d, int n)
{
	return date_from_days(date_to_days(d) + n);
}

qd_date date_add_months(qd_date d, int n)
{
	int months = d.y * 12 + (d.m - 1) + n;
	qd_date r = { months / 12, months % 12 + 1, d.d };
	int last = date_days_in_month(r.y, r.m);
	if (r.d > last)
		r.d = last;
	return r;
}

int date_diff(qd_date a, qd_date b)
{
	return date_to_days(b) - date_to_days(a);
}

int date_cmp(qd_date a, qd_date b)
{
	int32_t x = date_to_days(a), y = date_to_days(b);
	return (x > y) - (x < y);
}

int date_weekday(qd_date d)
{
	/* 1970-01-01 was a Thursday (4). */
	int32_t z = date_to_days(d);
	int w = (int)((z % 7 + 7 + 3) % 7); /* 0 = Monday */
	return w + 1;
}

void date_iso_week(qd_date d, int *year, int *week)
{
	/* The Thursday of d's week decides the year. */
	qd_date thu = date_add_days(d, 4 - date_weekday(d));
	qd_date jan1 = { thu.y, 1, 1 };
	*year = thu.y;
	*week = date_diff(jan1, thu) / 7 + 1;
}

void date_month_grid(int y, int m, qd_date cells[42])
{
	qd_date first = { y, m, 1 };
	qd_date start = date_add_days(first, 1 - date_weekday(first));
	for (int i = 0; i < 42; i++)
		cells[i] = date_add_days(start, i);
}

int period_parse(const char *s, qd_period *out)
{
	qd_period p = { PERIOD_YEAR, 0, 0 };
	size_t len = s ? strlen(s) : 0;
	if (len < 4 || date_digits(s, 4, &p.y) || p.y < 1000)
		return -1;
	if (len == 4) {
		p.kind = PERIOD_YEAR;
	} else if (len == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' &&
		   s[6] <= '4') {
		p.kind = PERIOD_QUARTER;
		p.n = s[6] - '0';
	} else if (len == 7 && s[4] == '-' && !date_digits(s + 5, 2, &p.n) && p.n >= 1 &&
		   p.n <= 12) {
		p.kind = PERIOD_MONTH;
	} else {
		return -1;
	}
	*out = p;
	return 0;
}

/* Whether s starts with prefix; then *s moves past it. */
static bool date_skip(const char **s, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(*s, prefix, n))
		return false;
	*s += n;
	return true;
}

static char *date_ascii(const char *in, char *s, size_t size);

int period_parse_typed(const char *s, qd_period *out)
{
	if (!s)
		return -1;
	/* Without its spaces: "2026 年第 3 季度" as Chinese typography
	 * spaces it, "2026 Q3"; full-width digits as ASCII ones, as the
	 * forms take them. */
	char buf[64], folded[64];
	size_t len = 0;
	for (const char *f = date_ascii(s, folded, sizeof folded); *f; f++)
		if (*f != ' ') {
			if (len + 1 >= sizeof buf)
				return -1;
			buf[len++] = *f;
		}
	buf[len] = '\0';
	if (len == 0)
		return -1;
	if (!period_parse(buf, out))
		return 0;
	qd_period p = { PERIOD_YEAR, 0, 0 };
	const char *c = buf + 4;
	if (date_digits(buf, 4, &p.y) || p.y < 1000)
		return -1;
	/* 2026-9, 2026/09, 2026Q3 */
	if ((c[0] == '-' || c[0] == '/') && c[1] >= '0' && c[1] <= '9' &&
	    (!c[2] || (c[2] >= '0' && c[2] <= '9' && !c[3]))) {
		int n = c[2] ? (c[1] - '0') * 10 + (c[2] - '0') : c[1] - '0';
		if (n < 1 || n > 12)
			return -1;
		*out = (qd_period){ PERIOD_MONTH, p.y, n };
		return 0;
	}
	if ((c[0] == 'Q' || c[0] == 'q') && c[1] >= '1' && c[1] <= '4' && !c[2]) {
		*out = (qd_period){ PERIOD_QUARTER, p.y, c[1] - '0' };
		return 0;
	}
	if (!date_skip(&c, "年"))
		return -1;
	if (!*c) {
		*out = p;
		return 0;
	}
	/* 11月, 1月 */
	if (c[0] >= '0' && c[0] <= '9') {
		const char *m = c;
		int n = *m++ - '0';
		if (m[0] >= '0' && m[0] <= '9')
			n = n * 10 + (*m++ - '0');
		if (date_skip(&m, "月") && !*m && n >= 1 && n <= 12) {
			*out = (qd_period){ PERIOD_MONTH, p.y, n };
			return 0;
		}
	}
	/* 第3季度, 3季度, 第三季度, 第3季, Q3 */
	static const char *const numerals[4] = { "一", "二", "三", "四" };
	date_skip(&c, "第");
	bool q = date_skip(&c, "Q") || date_skip(&c, "q");
	int n = 0;
	if (c[0] >= '1' && c[0] <= '4') {
		n = *c++ - '0';
	} else {
		for (int k = 0; k < 4 && !n; k++)
			if (date_skip(&c, numerals[k]))
				n = k + 1;
	}
	if (!n || (!q && !date_skip(&c, "季")))
		return -1;
	date_skip(&c, "度");
	if (*c)
		return -1;
	*out = (qd_period){ PERIOD_QUARTER, p.y, n };
	return 0;
}

char *period_format(qd_period p, char *buf)
{
	unsigned y = (unsigned)p.y % 10000u;
	switch (p.kind) {
	case PERIOD_YEAR:
		snprintf(buf, PERIOD_BUF, "%04u", y);
		break;
	case PERIOD_QUARTER:
		snprintf(buf, PERIOD_BUF, "%04u-Q%u", y, (unsigned)p.n % 10u);
		break;
	case PERIOD_MONTH:
		snprintf(buf, PERIOD_BUF, "%04u-%02u", y, (unsigned)p.n % 100u);
		break;
	}
	return buf;
}

void period_range(qd_period p, qd_date *first, qd_date *last)
{
	int m0 = 1, months = 12;
	if (p.kind == PERIOD_QUARTER) {
		m0 = (p.n - 1) * 3 + 1;
		months = 3;
	} else if (p.kind == PERIOD_MONTH) {
		m0 = p.n;
		months = 1;
	}
	qd_date f = { p.y, m0, 1 };
	int mend = m0 + months - 1;
	qd_date l = { p.y, mend, date_days_in_month(p.y, mend) };
	*first = f;
	*last = l;
}

qd_period period_of(qd_period_kind kind, qd_date d)
{
	qd_period p = { kind, d.y, 0 };
	if (kind == PERIOD_QUARTER)
		p.n = (d.m - 1) / 3 + 1;
	else if (kind == PERIOD_MONTH)
		p.n = d.m;
	return p;
}

qd_period period_next(qd_period p, int n)
{
	int per_year = p.kind == PERIOD_YEAR ? 1 : p.kind == PERIOD_QUARTER ? 4 : 12;
	if (per_year == 1) {
		p.y += n;
		return p;
	}
	int idx = p.y * per_year + (p.n - 1) + n;
	p.y = idx / per_year;
	p.n = idx % per_year + 1;
	return p;
}

int date_in_range(qd_date d)
{
	return date_valid(d) && d.y >= DATE_MIN_YEAR && d.y <= DATE_MAX_YEAR;
}

int date_today_init(void)
{
	const char *env = getenv("QUDAO_TODAY");
	if (env && *env) {
		qd_date d;
		if (date_parse(env, &d) || !date_in_range(d))
			return -1;
		date_set_today(d);
		return 0;
	}
	date_today_set = 0;
	return 0;
}

void date_set_today(qd_date d)
{
	date_today_value = d;
	date_today_set = 1;
}

qd_date date_today(void)
{
	if (date_today_set)
		return date_today_value;
	/* The clock: a program left open past midnight sees the new day. */
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return (qd_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
}

/* Reads 1 to max digits at *s; the number, or -1 when there is none. */
static int date_number(const char **s, int max)
{
	int v = 0, n = 0;
	while (n < max && **s >= '0' && **s <= '9') {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n ? v : -1;
}

/* The time of day after a date (date_time_tail). */
struct date_clock {
	int h, m, s;
	bool zoned;   /* a zone was given: the date is that moment's here */
	int zone_min; /* east of UTC, in minutes */
};

/* A zone after a time: Z, +HH, +HH:MM or +HHMM (or -); 0 and *p past it,
 * or -1. */
static int date_zone(const char **p, int *minutes)
{
	if (**p == 'Z') {
		(*p)++;
		*minutes = 0;
		return 0;
	}
	int sign = **p == '+' ? 1 : **p == '-' ? -1 : 0;
	const char *q = *p + 1;
	int h, m = 0;
	if (!sign || strspn(q, "0123456789") < 2 || date_digits(q, 2, &h) || h > 14)
		return -1;
	q += 2;
	bool colon = *q == ':';
	if (colon)
		q++;
	if (*q || colon) {
		if (strspn(q, "0123456789") != 2 || date_digits(q, 2, &m) || m > 59)
			return -1;
		q += 2;
	}
	*minutes = sign * (h * 60 + m);
	*p = q;
	return 0;
}

/* A time of day after a date, as spreadsheets and databases write it:
 * " 10:30", "T10:30:00", with a fraction of a second (SQL Server's
 * ".000"), Chinese Excel's 上午 or 下午 before it or AM or PM after it
 * (an hour of 1 to 12), or a zone after it ("Z", "+08:00", "-0500");
 * true when p ends there. */
static int date_time_tail(const char *p, struct date_clock *c)
{
	memset(c, 0, sizeof *c);
	if (!*p)
		return 1;
	if (*p != ' ' && *p != 'T')
		return 0;
	bool iso = *p++ == 'T';
	static const char am[] = "上午", pm[] = "下午";
	int half = 0; /* 1 before noon, 2 after */
	if (!iso) {
		p += strspn(p, " ");
		half = !strncmp(p, am, strlen(am)) ? 1 : !strncmp(p, pm, strlen(pm)) ? 2 : 0;
		if (half)
			p += strlen(am) + strspn(p + strlen(am), " ");
	}
	if (*p < '0' || *p > '9')
		return 0;
	c->h = date_number(&p, 2);
	if (c->h > 23 || *p++ != ':')
		return 0;
	c->m = date_number(&p, 2);
	if (c->m < 0 || c->m > 59)
		return 0;
	if (*p == ':') {
		p++;
		c->s = date_number(&p, 2);
		if (c->s < 0 || c->s > 59)
			return 0;
		if (*p == '.') {
			size_t n = strspn(++p, "0123456789");
			if (!n)
				return 0;
			p += n;
		}
	}
	if (!half && !iso && *p == ' ' &&
	    (!strncasecmp(p + 1, "AM", 2) || !strncasecmp(p + 1, "PM", 2))) {
		half = toupper((unsigned char)p[1]) == 'A' ? 1 : 2;
		p += 3;
	}
	if (half) {
		if (c->h < 1 || c->h > 12)
			return 0;
		c->h = c->h % 12 + (half == 2 ? 12 : 0);
	} else if (*p) {
		/* (A space before an offset, as PostgreSQL and git write it.) */
		if (!iso && *p == ' ' && (p[1] == '+' || p[1] == '-'))
			p++;
		if (date_zone(&p, &c->zone_min))
			return 0;
		c->zoned = true;
	}
	return *p == '\0';
}

/* The date here of a moment given with its zone (2026-10-31T16:30:00Z is
 * 2026-11-01 in Shanghai): the day a local sheet would have written. */
static qd_date date_from_zone(qd_date d, const struct date_clock *c)
{
	struct tm tm = { .tm_year = d.y - 1900,
			 .tm_mon = d.m - 1,
			 .tm_mday = d.d,
			 .tm_hour = c->h,
			 .tm_min = c->m,
			 .tm_sec = c->s };
	time_t t = timegm(&tm) - (time_t)c->zone_min * 60;
	struct tm local;
	if (!localtime_r(&t, &local))
		return d;
	return (qd_date){ local.tm_year + 1900, local.tm_mon + 1, local.tm_mday };
}

/* Excel's day numbers: 1 is 1900-01-01, and Excel counts a 1900-02-29 that
 * never was (60), so from 61 on day n is 1899-12-30 plus n days. */
static int date_from_serial(long n, qd_date *out)
{
	if (n < 1 || n == 60 || n > 2958465)
		return -1;
	qd_date base = n < 60 ? (qd_date){ 1899, 12, 31 } : (qd_date){ 1899, 12, 30 };
	*out = date_add_days(base, (int)n);
	return date_valid(*out) ? 0 : -1;
}

/* in with full-width digits and separators as their ASCII forms and the
 * spaces around it dropped, into s (size bytes); s. Too long to fit, it
 * is "", which reads as nothing: a cut text could read as a date or a
 * period it is not ("2026-11", spaces, then what was cut). */
static char *date_ascii(const char *in, char *s, size_t size)
{
	char *folded = text_ascii_fold(in);
	if (strlen(folded) < size)
		memcpy(s, folded, strlen(folded) + 1);
	else
		s[0] = '\0';
	free(folded);
	return s;
}

/* Is b (folded to ASCII) written as Excel's serial day number, possibly with
 * a fraction of a day? */
static bool date_serial_form(const char *b)
{
	size_t n = strlen(b), digits = strspn(b, "0123456789");
	return digits >= 1 && digits <= 7 &&
	       (b[digits] == '\0' ||
		(b[digits] == '.' && strspn(b + digits + 1, "0123456789") == n - digits - 1));
}

/* A part of the day written before or after a time (上午 3:05, 3:05 下午,
 * 9:30 PM, 中午12点, 晚上8点): read at *p, *p moved past it and the spaces
 * after; DATE_HALF_NONE when there is none. */
enum date_half { DATE_HALF_NONE, DATE_HALF_AM, DATE_HALF_PM, DATE_HALF_NOON, DATE_HALF_EVENING };

static enum date_half date_half_of_day(const char **p)
{
	static const struct {
		const char *word;
		enum date_half half;
		bool chinese; /* matched as written; the others in any case */
	} words[] = {
		{ "上午", DATE_HALF_AM, true },	     { "早上", DATE_HALF_AM, true },
		{ "早晨", DATE_HALF_AM, true },	     { "凌晨", DATE_HALF_AM, true },
		{ "下午", DATE_HALF_PM, true },	     { "中午", DATE_HALF_NOON, true },
		{ "晚上", DATE_HALF_EVENING, true }, { "傍晚", DATE_HALF_EVENING, true },
		{ "AM", DATE_HALF_AM, false },	     { "PM", DATE_HALF_PM, false },
		{ "A.M.", DATE_HALF_AM, false },     { "P.M.", DATE_HALF_PM, false },
	};
	const char *q = *p + strspn(*p, " ");
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		size_t n = strlen(words[i].word);
		if (words[i].chinese ? !strncmp(q, words[i].word, n)
				     : !strncasecmp(q, words[i].word, n)) {
			*p = q + n + strspn(q + n, " ");
			return words[i].half;
		}
	}
	return DATE_HALF_NONE;
}

/* The hour h (1 to 12) of a part of the day as on a 24-hour clock, or -1:
 * 12 before noon is midnight; at noon (中午) 11, 12 and 1 or 2 are about
 * it; in the evening (晚上) 6 to 11. */
static int date_hour_of(enum date_half half, int h)
{
	if (h < 1 || h > 12)
		return -1;
	switch (half) {
	case DATE_HALF_AM:
		return h % 12;
	case DATE_HALF_PM:
		return h % 12 + 12;
	case DATE_HALF_NOON:
		return h == 11 || h == 12 ? h : h <= 2 ? h + 12 : -1;
	case DATE_HALF_EVENING:
		return h >= 6 && h <= 11 ? h + 12 : -1;
	case DATE_HALF_NONE:
		break;
	}
	return h;
}

/* What date_split_any says of a date written well but followed by what
 * is not a time of day (2026-11-27 25:00), by a day of the week that is
 * not its own, or by words that are neither (2026-11-27 Fridya). */
enum { DATE_SPLIT_BAD_TIME = -2, DATE_SPLIT_BAD_WEEKDAY = -3, DATE_SPLIT_BAD_TAIL = -4 };

/* The day of the week a long date writes after the date (Chinese Excel's
 * 2026年11月27日 星期五, or 周五, with or without the space; English
 * sheets' 2026-11-27 Friday, Fri, or after a comma; any of them in
 * brackets), read at *p: 1 (Monday) to 7, *p moved past it; 0 when there
 * is none. */
static int date_weekday_tail(const char **p)
{
	static const char *const prefix[] = { "星期", "周", "礼拜" };
	static const char *const day[] = { "一", "二", "三", "四", "五", "六", "日", "天" };
	static const char *const english[] = { "monday", "tuesday",  "wednesday", "thursday",
					       "friday", "saturday", "sunday" };
	const char *q = *p + strspn(*p, " ");
	if (*q == ',')
		q += 1 + strspn(q + 1, " ");
	bool bracket = *q == '(';
	q += bracket;
	int found = 0;
	for (size_t i = 0; !found && i < sizeof prefix / sizeof *prefix; i++) {
		size_t n = strlen(prefix[i]);
		if (strncmp(q, prefix[i], n))
			continue;
		for (int k = 0; !found && k < 8; k++)
			if (!strncmp(q + n, day[k], strlen(day[k]))) {
				q += n + strlen(day[k]);
				found = k < 7 ? k + 1 : 7;
			}
	}
	for (int k = 0; !found && k < 7; k++) {
		/* The whole name, or its first three letters (with a dot). */
		size_t n = strlen(english[k]);
		size_t len = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
		if ((len == n || len == 3) && !strncasecmp(q, english[k], len)) {
			q += len;
			q += len == 3 && *q == '.';
			found = k + 1;
		}
	}
	if (!found || (bracket && *q++ != ')'))
		return 0;
	*p = q;
	return found;
}

/* The parts of a date as written, not yet held against the calendar: 0,
 * or -1 when in is not written as a date (DATE_SPLIT_BAD_TIME,
 * DATE_SPLIT_BAD_WEEKDAY when it is, with that after it). An Excel day
 * number comes back converted. */
static int date_split_any(const char *in, qd_date *out)
{
	if (!in)
		return -1;
	char s[64];
	char *b = date_ascii(in, s, sizeof s);
	const char *p = b;
	size_t digits = strspn(b, "0123456789");
	if (date_serial_form(b))
		return date_from_serial(strtol(b, NULL, 10), out);
	qd_date d;
	if (digits == 8) {
		/* 20261127 */
		if (date_digits(b, 4, &d.y) || date_digits(b + 4, 2, &d.m) ||
		    date_digits(b + 6, 2, &d.d))
			return -1;
		p = b + 8;
	} else {
		d.y = date_number(&p, 4);
		if (d.y < 1000)
			return -1;
		static const char nian[] = "年", yue[] = "月", ri[] = "日";
		if (!strncmp(p, nian, 3)) {
			p += 3;
			d.m = date_number(&p, 2);
			if (strncmp(p, yue, 3))
				return -1;
			p += 3;
			d.d = date_number(&p, 2);
			if (!strncmp(p, ri, 3))
				p += 3;
			else if (!strncmp(p, "号", 3))
				p += 3;
		} else {
			char sep = *p;
			if (sep != '-' && sep != '/' && sep != '.')
				return -1;
			p++;
			d.m = date_number(&p, 2);
			if (*p++ != sep)
				return -1;
			d.d = date_number(&p, 2);
		}
	}
	if (d.m < 0 || d.d < 0)
		return -1;
	int wd = date_weekday_tail(&p);
	/* Or after the time (2026-12-11 10:30 Friday, 10点 星期五, and in
	 * Chinese without the space, 10点星期五): read where it starts, after
	 * a space or a comma or at 星期, 周 or 礼拜, and cut off. */
	for (char *at = b + strlen(b); !wd && at > p; at--) {
		bool after = at[-1] == ' ' || at[-1] == ',';
		if (!after && strncmp(at, "星期", 6) && strncmp(at, "周", 3) &&
		    strncmp(at, "礼拜", 6))
			continue;
		const char *q = after ? at - 1 : at;
		int found = date_weekday_tail(&q);
		if (found && q[strspn(q, " ")] == '\0') {
			wd = found;
			char *end = after ? at - 1 : at;
			*end = '\0';
			while (end > p && (end[-1] == ' ' || end[-1] == ','))
				*--end = '\0';
		}
	}
	struct date_clock c;
	int minutes;
	/* (A time as a visit's time is written, 3:05 下午 or 10点30分, is
	 * ignored as the others are.) */
	if (!date_time_tail(p, &c)) {
		if (*p != ' ' || date_parse_time(p + 1, &minutes)) {
			/* Words after it that are no part of the day
			 * (Wednsday, 星期八): not a time at all. */
			const char *q = p + strspn(p, " ");
			const char *h = q;
			bool words = *p == ' ' && (*q < '0' || *q > '9') && !date_half_of_day(&h);
			return words			? DATE_SPLIT_BAD_TAIL
			       : *p == ' ' || *p == 'T' ? DATE_SPLIT_BAD_TIME
							: -1;
		}
		memset(&c, 0, sizeof c);
	}
	if (wd && date_valid(d) && date_weekday(d) != wd) {
		*out = d; /* (for date_problem_at to say which day it is) */
		return DATE_SPLIT_BAD_WEEKDAY;
	}
	*out = c.zoned && date_valid(d) ? date_from_zone(d, &c) : d;
	return 0;
}

int date_parse_any(const char *in, qd_date *out)
{
	qd_date d;
	if (date_split_any(in, &d) || !date_valid(d))
		return -1;
	*out = d;
	return 0;
}

qd_date_problem date_problem_any(const char *in)
{
	qd_date d;
	return date_problem_at(in, &d);
}

qd_date_problem date_problem_at(const char *in, qd_date *at)
{
	qd_date d = { 0, 0, 0 };
	char buf[64];
	int split = date_split_any(in, &d);
	*at = d;
	if (split == DATE_SPLIT_BAD_TIME)
		return DATE_BAD_TIME;
	if (split == DATE_SPLIT_BAD_WEEKDAY)
		return DATE_WRONG_WEEKDAY;
	if (split == DATE_SPLIT_BAD_TAIL)
		return DATE_BAD_TAIL;
	/* A number that is no day at all (0, Excel's 1900-02-29, past 9999):
	 * still a day number out of the range, as such. */
	if (split)
		return in && date_serial_form(date_ascii(in, buf, sizeof buf))
			       ? DATE_SERIAL_OUT_OF_RANGE
			       : DATE_NOT_WRITTEN;
	if (d.m < 1 || d.m > 12)
		return DATE_NO_SUCH_MONTH;
	if (d.d < 1 || d.d > date_days_in_month(d.y, d.m))
		return DATE_NO_SUCH_DAY;
	if (date_in_range(d))
		return DATE_FINE;
	return date_serial_form(date_ascii(in, buf, sizeof buf)) ? DATE_SERIAL_OUT_OF_RANGE
								 : DATE_OUT_OF_RANGE;
}

const char *date_problem_text(qd_date_problem p)
{
	switch (p) {
	case DATE_FINE:
		return NULL;
	case DATE_NO_SUCH_MONTH:
		return N_("the month is not from 1 to 12");
	case DATE_NO_SUCH_DAY:
		return N_("that month has no such day");
	case DATE_OUT_OF_RANGE:
		/* TRANSLATORS: DATE_MIN_YEAR and DATE_MAX_YEAR of date.h. */
		return N_("the year is not from 2000 to 2999");
	case DATE_SERIAL_OUT_OF_RANGE:
		/* TRANSLATORS: 36526 and 401768 are Excel's day numbers of
		 * 2000-01-01 and 2999-12-31. */
		return N_("a number here is read as Excel's day number, and this one is not a "
			  "day of the years 2000 to 2999 (36526 to 401768)");
	case DATE_BAD_TIME:
		return N_("the time after the date is no time of day (00:00 to 23:59); "
			  "correct it or leave it out");
	case DATE_WRONG_WEEKDAY:
		return N_("the day of the week after it is not that date's");
	case DATE_BAD_TAIL:
		return N_("what follows the date is neither a day of the week (Friday, 星期五) "
			  "nor a time of day; correct it or leave it out");
	case DATE_NOT_WRITTEN:
		break;
	}
	return N_("it is not written as a date");
}

int date_parse_time(const char *in, int *minutes)
{
	if (!in)
		return -1;
	char s[64];
	const char *p = date_ascii(in, s, sizeof s);
	enum date_half half = date_half_of_day(&p);
	int h = date_number(&p, 2), m = 0;
	static const char dian[] = "点", shi[] = "时", fen[] = "分", ban[] = "半";
	const char *word = p + strspn(p, " ");
	if (h >= 0 && (!strncmp(word, dian, 3) || !strncmp(word, shi, 3))) {
		/* 10点30分, 10点30, 10点半, 10点, 15时05分, and with spaces
		 * between (晚上 8 点 30 分). */
		p = word + 3;
		p += strspn(p, " ");
		if (!strncmp(p, ban, 3)) {
			m = 30;
			p += 3;
		} else if (*p >= '0' && *p <= '9') {
			m = date_number(&p, 2);
			p += strspn(p, " ");
			if (!strncmp(p, fen, 3))
				p += 3;
		}
	} else {
		if (h < 0 || *p++ != ':' || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
			return -1;
		m = date_number(&p, 2);
		if (*p == ':') {
			p++;
			if (strspn(p, "0123456789") != 2 || date_number(&p, 2) > 59)
				return -1;
		}
	}
	if (!half)
		half = date_half_of_day(&p);
	if (h > 23 || m > 59 || *p)
		return -1;
	if (half && (h = date_hour_of(half, h)) < 0)
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

int date_parse_datetime_any(const char *in, qd_date *date, int *minutes)
{
	if (!in)
		return -1;
	char s[64];
	char *b = date_ascii(in, s, sizeof s);
	char *sep = strpbrk(b, " T");
	if (!sep)
		return -1;
	*sep = '\0';
	qd_date d;
	int m;
	if (date_parse_any(b, &d) || date_parse_time(sep + 1, &m))
		return -1;
	*date = d;
	*minutes = m;
	return 0;
}
