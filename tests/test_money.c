/* core/money: fen parsing and formatting, plain and compact per language. */
#include <stdint.h>

#include "qudao/money.h"
#include "suite.h"

static int64_t parse(const char *s)
{
	int64_t v = -999;
	ck_assert_msg(money_parse(s, &v) == 0, "\"%s\" should parse", s);
	return v;
}

START_TEST(test_money_parse_plain_and_decimal_amounts)
{
	ck_assert_int_eq(parse("1234.5"), 123450);
	ck_assert_int_eq(parse("0.01"), 1);
	ck_assert_int_eq(parse("12"), 1200);
	ck_assert_int_eq(parse(".5"), 50);
	ck_assert_int_eq(parse(" 7.00 "), 700);
}
END_TEST

START_TEST(test_money_parse_signs_symbols_and_grouping)
{
	ck_assert_int_eq(parse("-12"), -1200);
	ck_assert_int_eq(parse("¥12.30"), 1230);
	ck_assert_int_eq(parse("￥1,234.56"), 123456);
	ck_assert_int_eq(parse("1,234,567"), 123456700);
}
END_TEST

START_TEST(test_money_parse_refuses_what_is_not_an_amount)
{
	int64_t v;
	const char *bad[] = { "",     "abc", "1.234", "1,23",	 "12,",
			      "1..2", "--1", "1e5",   "12 yuan", "99999999999999999999x",
			      ",123", "." };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(money_parse(bad[i], &v) == -1, "\"%s\" should be refused", bad[i]);
	/* An amount, but too large to keep: said apart from "no amount". */
	ck_assert_int_eq(money_parse("99999999999999999999", &v), MONEY_TOO_LARGE);
	ck_assert_int_eq(money_parse("¥99,999,999,999,999,999.00", &v), MONEY_TOO_LARGE);
	ck_assert_int_eq(money_parse("92233720368547749.99", &v), 0);
	ck_assert_int_eq(money_parse("92233720368547750", &v), MONEY_TOO_LARGE);
	ck_assert_int_eq(money_parse_any("1000000000000亿", &v), MONEY_TOO_LARGE);
	ck_assert_int_eq(money_parse_any("99999999999999999999万", &v), MONEY_TOO_LARGE);
	ck_assert_int_eq(money_parse_any("1x亿", &v), MONEY_NOT_AMOUNT);
}
END_TEST

START_TEST(test_money_format_groups_thousands)
{
	char buf[MONEY_BUF];
	ck_assert_str_eq(money_format(123450, buf), "¥1,234.50");
	ck_assert_str_eq(money_format(5, buf), "¥0.05");
	ck_assert_str_eq(money_format(-300, buf), "-¥3.00");
	ck_assert_str_eq(money_format(123456789012, buf), "¥1,234,567,890.12");
	ck_assert_str_eq(money_format(INT64_MIN, buf), "-¥92,233,720,368,547,758.08");
}
END_TEST

START_TEST(test_money_format_plain_for_files)
{
	char buf[MONEY_BUF];
	ck_assert_str_eq(money_format_plain(123450, buf), "1234.50");
	ck_assert_str_eq(money_format_plain(-1, buf), "-0.01");
}
END_TEST

START_TEST(test_money_compact_zh_uses_wan_and_yi)
{
	char buf[MONEY_BUF];
	ck_assert_str_eq(money_format_compact(987600, LANG_ZH, buf), "¥9876");
	ck_assert_str_eq(money_format_compact(1200000, LANG_ZH, buf), "¥1.2万");
	ck_assert_str_eq(money_format_compact(1234567800, LANG_ZH, buf), "¥1234.6万");
	ck_assert_str_eq(money_format_compact(34000000000, LANG_ZH, buf), "¥3.4亿");
	ck_assert_str_eq(money_format_compact(-1200000, LANG_ZH, buf), "-¥1.2万");
}
END_TEST

START_TEST(test_money_compact_en_uses_k_m_b)
{
	char buf[MONEY_BUF];
	ck_assert_str_eq(money_format_compact(98700, LANG_EN, buf), "¥987");
	ck_assert_str_eq(money_format_compact(1230000, LANG_EN, buf), "¥12.3k");
	ck_assert_str_eq(money_format_compact(340000000, LANG_EN, buf), "¥3.4M");
	ck_assert_str_eq(money_format_compact(120000000000, LANG_EN, buf), "¥1.2B");
}
END_TEST

START_TEST(test_money_compact_rounding_moves_up_a_unit)
{
	char buf[MONEY_BUF];
	/* 9999.96 万 rounds to 10000.0 万, which is written 1.0 亿. */
	ck_assert_str_eq(money_format_compact(9999960000, LANG_ZH, buf), "¥1.0亿");
	/* 999.96k rounds to 1000.0k: 1.0M. */
	ck_assert_str_eq(money_format_compact(99996000, LANG_EN, buf), "¥1.0M");
	/* 9999.5 yuan rounds to 10000: 1.0 万. */
	ck_assert_str_eq(money_format_compact(999950, LANG_ZH, buf), "¥1.0万");
}
END_TEST

static int64_t any(const char *s)
{
	int64_t v = -999;
	ck_assert_msg(money_parse_any(s, &v) == 0, "\"%s\" should parse", s);
	return v;
}

START_TEST(test_money_parse_any_reads_what_files_write)
{
	ck_assert_int_eq(any("¥1,234.50"), 123450);
	ck_assert_int_eq(any("1234.5"), 123450);
	ck_assert_int_eq(any("1.2万"), 1200000);
	ck_assert_int_eq(any("1.2345万"), 1234500);
	ck_assert_int_eq(any("1.234567万"), 1234567);
	ck_assert_int_eq(any("3亿"), INT64_C(30000000000));
	ck_assert_int_eq(any("88元"), 8800);
	ck_assert_int_eq(any("￥１，２３４．５"), 123450);
	ck_assert_int_eq(any(" 12,000万元 "), INT64_C(12000000000));
	/* Excel's accounting format: the sign apart from the number. */
	ck_assert_int_eq(any(" ¥ 7 "), 700);
	ck_assert_int_eq(any("¥   1,234.50"), 123450);
	ck_assert_int_eq(any("￥ 1.2万"), 1200000);
	/* The minus before or after the sign: read, and so refused as
	 * negative where an amount cannot be (it was "not an amount"). */
	ck_assert_int_eq(any("-¥100"), -10000);
	ck_assert_int_eq(any("¥-100"), -10000);
	ck_assert_int_eq(any("¥-1.2万"), -1200000);
	int64_t v;
	ck_assert_int_eq(money_parse_any("¥--100", &v), MONEY_NOT_AMOUNT);
	ck_assert_int_eq(money_parse_any("-¥-100", &v), MONEY_NOT_AMOUNT);
}
END_TEST

START_TEST(test_money_parse_any_never_rounds)
{
	int64_t v;
	const char *bad[] = { "1.2345678万", "1.234", "万", "1,23万", "abc", "1.2千", "", "1e3" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(money_parse_any(bad[i], &v) == -1, "\"%s\" should be refused",
			      bad[i]);
}
END_TEST

SUITE_MAIN("money", test_money_parse_plain_and_decimal_amounts,
	   test_money_parse_signs_symbols_and_grouping,
	   test_money_parse_refuses_what_is_not_an_amount, test_money_format_groups_thousands,
	   test_money_format_plain_for_files, test_money_compact_zh_uses_wan_and_yi,
	   test_money_compact_en_uses_k_m_b, test_money_compact_rounding_moves_up_a_unit,
	   test_money_parse_any_reads_what_files_write, test_money_parse_any_never_rounds)
