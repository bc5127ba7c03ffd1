/* core/validate: what forms accept, and the words when they do not. */
#include <string.h>

#include "qudao/validate.h"
#include "suite.h"

START_TEST(test_validate_code)
{
	ck_assert_ptr_null(validate_code("GD-0042"));
	ck_assert_ptr_null(validate_code("A_1"));
	ck_assert_ptr_nonnull(validate_code(""));
	ck_assert_ptr_nonnull(validate_code("GD 0042"));
	ck_assert_ptr_nonnull(validate_code("广东-1"));
	ck_assert_ptr_nonnull(validate_code("123456789012345678901234567890123"));
	/* Eleven Chinese characters are 33 bytes: what is wrong is the
	 * letters, not a length of 32 characters they do not reach. */
	ck_assert_str_eq(validate_code("测试测试测试测试测试测"),
			 "The code may hold only letters, digits, '-' and '_' (GD-0042).");
}
END_TEST

START_TEST(test_validate_name)
{
	ck_assert_ptr_null(validate_name("广州天河恒源商贸有限公司"));
	ck_assert_ptr_null(validate_name("Golden Harvest 😀"));
	ck_assert_ptr_nonnull(validate_name("   "));
	ck_assert_ptr_nonnull(validate_name("bad\x1bname"));
	ck_assert_ptr_nonnull(validate_name("bad\xff"));
	char long_name[700] = "";
	for (int i = 0; i < 201; i++)
		strcat(long_name, "名");
	ck_assert_ptr_nonnull(validate_name(long_name));
}
END_TEST

START_TEST(test_validate_phone)
{
	ck_assert_ptr_null(validate_phone(""));
	ck_assert_ptr_null(validate_phone("13812345678"));
	ck_assert_ptr_null(validate_phone("+86 138-1234-5678"));
	ck_assert_ptr_null(validate_phone("(020) 8888 6666"));
	ck_assert_ptr_nonnull(validate_phone("12345"));
	ck_assert_ptr_nonnull(validate_phone("138abc45678"));
	ck_assert_ptr_nonnull(validate_phone("1+3812345678"));
}
END_TEST

START_TEST(test_validate_date_optional)
{
	qd_date d;
	int has;
	ck_assert_ptr_null(validate_date_optional("", &d, &has));
	ck_assert_int_eq(has, 0);
	ck_assert_ptr_null(validate_date_optional("2026-11-27", &d, &has));
	ck_assert_int_eq(has, 1);
	ck_assert_ptr_nonnull(validate_date_optional("2026-02-30", &d, &has));
	ck_assert_ptr_nonnull(validate_date_optional("27/11/2026", &d, &has));
}
END_TEST

START_TEST(test_validate_money_nonnegative)
{
	int64_t fen;
	ck_assert_ptr_null(validate_money_nonnegative("50000", &fen));
	ck_assert_int_eq(fen, 5000000);
	/* Written as people write it, as the importer takes it. */
	ck_assert_ptr_null(validate_money_nonnegative("1.2万", &fen));
	ck_assert_int_eq(fen, 1200000);
	ck_assert_ptr_null(validate_money_nonnegative("￥５０，０００", &fen));
	ck_assert_int_eq(fen, 5000000);
	ck_assert_ptr_null(validate_money_nonnegative("", &fen));
	ck_assert_int_eq(fen, 0);
	const char *msg = validate_money_nonnegative("-1", &fen);
	ck_assert_ptr_nonnull(msg);
	ck_assert_ptr_nonnull(strstr(msg, "negative"));
	ck_assert_ptr_nonnull(validate_money_nonnegative("12.345", &fen));
	msg = validate_money_nonnegative("12345678901234567890", &fen);
	ck_assert_ptr_nonnull(msg);
	ck_assert_msg(strstr(msg, "too large"), "%s", msg);
}
END_TEST

START_TEST(test_validate_visit_days_and_score)
{
	int v;
	ck_assert_ptr_null(validate_visit_days("30", &v));
	ck_assert_int_eq(v, 30);
	ck_assert_ptr_nonnull(validate_visit_days("0", &v));
	ck_assert_ptr_nonnull(validate_visit_days("367", &v));
	ck_assert_ptr_nonnull(validate_visit_days("x", &v));
	ck_assert_ptr_null(validate_score("0", &v));
	ck_assert_ptr_null(validate_score("10", &v));
	ck_assert_ptr_nonnull(validate_score("11", &v));
	ck_assert_ptr_nonnull(validate_score("", &v));
}
END_TEST

/* Full-width digits, as a Chinese input method types them, are digits. */
START_TEST(test_validate_small_numbers_take_full_width_digits)
{
	int v;
	ck_assert_ptr_null(validate_score("\xEF\xBC\x97", &v)); /* ７ */
	ck_assert_int_eq(v, 7);
	ck_assert_ptr_null(validate_visit_days("\xEF\xBC\x91\xEF\xBC\x94", &v)); /* １４ */
	ck_assert_int_eq(v, 14);
	ck_assert_ptr_null(validate_visit_days("1\xEF\xBC\x90", &v)); /* 1０ */
	ck_assert_int_eq(v, 10);
	ck_assert_ptr_nonnull(validate_score("\xEF\xBC", &v)); /* cut short */
	/* At most four digits, whatever their value: 00007 is refused. */
	ck_assert_ptr_nonnull(validate_visit_days("00007", &v));
	ck_assert_ptr_nonnull(validate_visit_days("\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94"
						  "\xEF\xBC\x95", &v)); /* １２３４５ */
	/* The space an input method leaves after it, ideographic too. */
	ck_assert_ptr_null(validate_score("\xEF\xBC\x97 ", &v));
	ck_assert_int_eq(v, 7);
	ck_assert_ptr_null(validate_score("8\xE3\x80\x80", &v));
	ck_assert_int_eq(v, 8);
}
END_TEST

START_TEST(test_validate_dist_agreement_rules)
{
	int end_field;
	ck_assert_ptr_null(validate_dist_agreement(STATUS_APPLICANT, "", "", &end_field));
	ck_assert_ptr_null(
		validate_dist_agreement(STATUS_ACTIVE, "2026-01-01", "2026-12-31", &end_field));
	ck_assert_ptr_nonnull(
		validate_dist_agreement(STATUS_APPLICANT, "2026-01-01", "", &end_field));
	ck_assert_int_eq(end_field, 1);
	ck_assert_ptr_nonnull(
		validate_dist_agreement(STATUS_APPLICANT, "", "2026-01-01", &end_field));
	ck_assert_int_eq(end_field, 0);
	ck_assert_ptr_nonnull(
		validate_dist_agreement(STATUS_ACTIVE, "2026-12-31", "2026-01-01", &end_field));
	ck_assert_int_eq(end_field, 1);
	ck_assert_ptr_nonnull(validate_dist_agreement(STATUS_SUSPENDED, "", "", &end_field));
}
END_TEST

START_TEST(test_validate_dist_warns_of_an_active_one_past_its_end)
{
	qd_date today = { 2026, 11, 27 };
	ck_assert_ptr_nonnull(validate_dist_agreement_warning(STATUS_ACTIVE, "2026-11-26", today));
	ck_assert_ptr_null(validate_dist_agreement_warning(STATUS_ACTIVE, "2026-11-27", today));
	ck_assert_ptr_null(validate_dist_agreement_warning(STATUS_TERMINATED, "2026-01-01", today));
}
END_TEST

START_TEST(test_validate_credit_limit_has_a_ceiling)
{
	int64_t fen;
	ck_assert_ptr_null(validate_credit_limit("100亿", &fen));
	ck_assert_int_eq(fen, VALIDATE_CREDIT_MAX_FEN);
	const char *msg = validate_credit_limit("99999999999999", &fen);
	ck_assert_ptr_nonnull(msg);
	ck_assert_msg(strstr(msg, "at most"), "%s", msg);
	ck_assert_ptr_nonnull(validate_credit_limit("-5", &fen));
	ck_assert_ptr_null(validate_credit_limit("", &fen));
	ck_assert_ptr_nonnull(validate_credit_limit_fen(VALIDATE_CREDIT_MAX_FEN + 1));
	ck_assert_ptr_null(validate_credit_limit_fen(0));
}
END_TEST

SUITE_MAIN("validate", test_validate_credit_limit_has_a_ceiling, test_validate_dist_agreement_rules,
	   test_validate_small_numbers_take_full_width_digits,
	   test_validate_dist_warns_of_an_active_one_past_its_end, test_validate_code,
	   test_validate_name, test_validate_phone, test_validate_date_optional,
	   test_validate_money_nonnegative, test_validate_visit_days_and_score)
