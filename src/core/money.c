/* Parsing and formatting of fen amounts, in integers only. */
#include "qudao/money.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/text.h"

static const char money_yen[] = "\xC2\xA5";		  /* ¥ U+00A5 */
static const char money_fullwidth_yen[] = "\xEF\xBF\xA5"; /* ￥ U+FFE5 */

int money_parse(const char *s, int64_t *fen)
{
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	int neg = 0;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (!strncmp(s, money_yen, 2))
		s += 2;
	else if (!strncmp(s, money_fullwidth_yen, 3))
		s += 3;
	/* The minus after the sign, as Excel writes ¥-100 too. */
	if (!neg && *s == '-') {
		neg = 1;
		s++;
	}
	int64_t v = 0;
	int digits = 0, group = -1;
	bool big = false;
	for (; *s; s++) {
		if (*s == ',') {
			/* Grouping commas: every group after the first has three digits. */
			if (digits == 0 || (group >= 0 && group != 3))
				return -1;
			group = 0;
			continue;
		}
		if (!isdigit((unsigned char)*s))
			break;
		/* Read on past the largest amount kept, to tell a number too
		 * large from one that is no number. */
		if (v > (INT64_MAX / 100 - 9) / 10)
			big = true;
		else
			v = v * 10 + (*s - '0');
		digits++;
		if (group >= 0)
			group++;
	}
	if (group >= 0 && group != 3)
		return -1;
	int cents = 0, decimals = 0;
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s)) {
			if (++decimals > 2)
				return -1;
			cents = cents * 10 + (*s - '0');
			s++;
		}
		if (decimals == 0 && digits == 0)
			return -1;
	}
	if (decimals == 1)
		cents *= 10;
	while (*s == ' ')
		s++;
	if (*s || (digits == 0 && decimals == 0))
		return -1;
	if (big)
		return MONEY_TOO_LARGE;
	int64_t r = v * 100 + cents;
	*fen = neg ? -r : r;
	return 0;
}

/* |fen| without overflow on INT64_MIN. */
static uint64_t money_abs(int64_t fen)
{
	return fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
}

char *money_format(int64_t fen, char *buf)
{
	uint64_t a = money_abs(fen);
	uint64_t yuan = a / 100;
	char digits[24], grouped[32];
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)yuan);
	int o = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[o++] = ',';
		grouped[o++] = digits[i];
	}
	grouped[o] = '\0';
	snprintf(buf, MONEY_BUF, "%s%s%s.%02u", fen < 0 ? "-" : "", money_yen, grouped,
		 (unsigned)(a % 100));
	return buf;
}

char *money_format_plain(int64_t fen, char *buf)
{
	uint64_t a = money_abs(fen);
	snprintf(buf, MONEY_BUF, "%s%llu.%02u", fen < 0 ? "-" : "", (unsigned long long)(a / 100),
		 (unsigned)(a % 100));
	return buf;
}

/* a / unit rounded half up (a is non-negative). */
static uint64_t money_round(uint64_t a, uint64_t unit)
{
	return a / unit + (a % unit >= (unit + 1) / 2);
}

char *money_format_compact(int64_t fen, qd_lang lang, char *buf)
{
	uint64_t a = money_abs(fen);
	const char *sign = fen < 0 ? "-" : "";
	/* Each step: the unit's size in fen, where one decimal of it starts. */
	static const struct {
		uint64_t tenth; /* fen in a tenth of the unit */
		const char *suffix;
	} zh[] = { { 100000ULL, "万" }, { 1000000000ULL, "亿" } },
	  en[] = { { 10000ULL, "k" }, { 10000000ULL, "M" }, { 10000000000ULL, "B" } };
	uint64_t plain_limit = lang == LANG_ZH ? 10000 : 1000;
	uint64_t yuan = money_round(a, 100);
	if (yuan < plain_limit) {
		snprintf(buf, MONEY_BUF, "%s%s%llu", sign, money_yen, (unsigned long long)yuan);
		return buf;
	}
	size_t steps = lang == LANG_ZH ? 2 : 3;
	for (size_t i = 0; i < steps; i++) {
		uint64_t tenth = lang == LANG_ZH ? zh[i].tenth : en[i].tenth;
		const char *suffix = lang == LANG_ZH ? zh[i].suffix : en[i].suffix;
		uint64_t t = money_round(a, tenth);
		uint64_t next_tenth =
			i + 1 < steps ? (lang == LANG_ZH ? zh[i + 1].tenth : en[i + 1].tenth) : 0;
		/* Move up when this unit would show 10000.0万 or 1000.0k. */
		if (next_tenth && t >= next_tenth / tenth * 10)
			continue;
		snprintf(buf, MONEY_BUF, "%s%s%llu.%llu%s", sign, money_yen,
			 (unsigned long long)(t / 10), (unsigned long long)(t % 10), suffix);
		return buf;
	}
	return buf;
}

/* Copies s into buf with full-width digits, signs, commas and points as
 * their ASCII forms and without spaces around; false when it does not fit. */
static int money_ascii(const char *s, char *buf, size_t size)
{
	char *folded = text_ascii_fold(s);
	size_t n = strlen(folded);
	if (n + 4 >= size) {
		free(folded);
		return 0;
	}
	memcpy(buf, folded, n + 1);
	free(folded);
	return 1;
}

/* Removes suffix from the end of buf; true when it was there. */
static int money_strip(char *buf, const char *suffix)
{
	size_t n = strlen(buf), k = strlen(suffix);
	if (n < k || strcmp(buf + n - k, suffix))
		return 0;
	buf[n - k] = '\0';
	while (n - k > 0 && buf[n - k - 1] == ' ')
		buf[--n - k] = '\0';
	return 1;
}

/* Takes out the spaces after each yen sign in buf: Excel's accounting
 * format (会计专用) writes "¥ 7.00", the sign apart from the number. */
static void money_yen_spaces(char *buf)
{
	for (char *p = buf; *p; p++) {
		size_t k = !strncmp(p, money_yen, 2)		 ? 2
			   : !strncmp(p, money_fullwidth_yen, 3) ? 3
								 : 0;
		if (!k)
			continue;
		p += k;
		size_t sp = strspn(p, " ");
		memmove(p, p + sp, strlen(p + sp) + 1);
		p--;
	}
}

int money_parse_any(const char *s, int64_t *fen)
{
	char buf[96];
	if (!s || !money_ascii(s, buf, sizeof buf))
		return -1;
	money_yen_spaces(buf);
	money_strip(buf, "元");
	int places = 0; /* the multiplier's power of ten */
	if (money_strip(buf, "万"))
		places = 4;
	else if (money_strip(buf, "亿"))
		places = 8;
	char *p = buf;
	if (*p == '+')
		p++;
	if (!places)
		return money_parse(p, fen);
	/* With a multiplier the number may have more decimals, as long as the
	 * amount is whole fen: 1.2345万 is 12345.00, 1.234567万 is 12345.67. */
	int neg = 0;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (!strncmp(p, money_yen, 2))
		p += 2;
	else if (!strncmp(p, money_fullwidth_yen, 3))
		p += 3;
	if (!neg && *p == '-') {
		neg = 1;
		p++;
	}
	int64_t mant = 0;
	int digits = 0, decimals = 0, group = -1;
	bool big = false; /* more digits than an amount kept has: read on */
	for (; *p; p++) {
		if (*p == ',' && decimals == 0 && group != -2) {
			if (digits == 0 || (group >= 0 && group != 3))
				return -1;
			group = 0;
			continue;
		}
		if (*p == '.' && group != -2) {
			if (group >= 0 && group != 3)
				return -1;
			group = -2; /* decimals follow */
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return -1;
		if (mant > (INT64_MAX - 9) / 10)
			big = true;
		else
			mant = mant * 10 + (*p - '0');
		digits++;
		if (group == -2)
			decimals++;
		else if (group >= 0)
			group++;
	}
	if (digits == 0 || (group >= 0 && group != 3))
		return -1;
	if (big)
		return MONEY_TOO_LARGE;
	/* fen = mant * 10^(places + 2 - decimals), exactly. */
	int shift = places + 2 - decimals;
	for (; shift > 0; shift--) {
		if (mant > INT64_MAX / 10)
			return MONEY_TOO_LARGE;
		mant *= 10;
	}
	for (; shift < 0; shift++) {
		if (mant % 10)
			return -1;
		mant /= 10;
	}
	*fen = neg ? -mant : mant;
	return 0;
}
