/* core/refdata: the rules of regions, territories, reps and products, field
 * by field as typed, across fields, and on whole records. */
#include <stdlib.h>
#include <string.h>

#include "qudao/labels.h"
#include "qudao/refdata.h"
#include "suite.h"

static char *repeat(const char *s, int n)
{
	char *out = calloc((size_t)n, strlen(s) + 1);
	for (int i = 0; i < n; i++)
		strcat(out, s);
	return out;
}

START_TEST(test_refdata_codes_are_letters_digits_dash_underscore)
{
	ck_assert_ptr_null(refdata_code("GD-SZ"));
	ck_assert_ptr_null(refdata_code("R_001"));
	ck_assert_ptr_nonnull(refdata_code(""));
	ck_assert_ptr_nonnull(refdata_code("GD SZ"));
	ck_assert_ptr_nonnull(refdata_code("深圳"));
	ck_assert_ptr_nonnull(refdata_code("123456789012345678901234567890123"));
	/* A region's or a product's code is not shown a distributor's as the
	 * example (the form shows one of its kind beside the field). */
	ck_assert_ptr_null(strstr(refdata_code(""), "GD-0042"));
	ck_assert_ptr_null(strstr(refdata_code("GD SZ"), "GD-0042"));
}
END_TEST

START_TEST(test_refdata_name_is_required_and_capped_at_100_characters)
{
	ck_assert_ptr_null(refdata_name("华南区"));
	ck_assert_ptr_null(refdata_name("陈静 😀"));
	ck_assert_ptr_nonnull(refdata_name(""));
	ck_assert_ptr_nonnull(refdata_name("   "));
	ck_assert_ptr_nonnull(refdata_name("a\tb"));
	ck_assert_ptr_nonnull(refdata_name("bad\xff"));
	char *hundred = repeat("名", 100), *more = repeat("名", 101);
	ck_assert_ptr_null(refdata_name(hundred));
	ck_assert_ptr_nonnull(strstr(refdata_name(more), "100"));
	free(hundred);
	free(more);
}
END_TEST

START_TEST(test_refdata_product_name_takes_200_characters)
{
	char *two_hundred = repeat("名", 200), *more = repeat("名", 201);
	ck_assert_ptr_null(refdata_product_name(two_hundred));
	ck_assert_ptr_nonnull(refdata_product_name(more));
	free(two_hundred);
	free(more);
}
END_TEST

START_TEST(test_refdata_short_name_is_one_or_two_characters)
{
	ck_assert_ptr_null(refdata_short_name("深圳"));
	ck_assert_ptr_null(refdata_short_name("港"));
	ck_assert_ptr_nonnull(refdata_short_name(""));
	ck_assert_ptr_nonnull(refdata_short_name("深圳市"));
	ck_assert_ptr_nonnull(refdata_short_name("深 "));
	ck_assert_ptr_nonnull(refdata_short_name("abc"));
}
END_TEST

START_TEST(test_refdata_short_en_is_up_to_four_latin_letters)
{
	ck_assert_ptr_null(refdata_short_en(""));
	ck_assert_ptr_null(refdata_short_en("Gdng"));
	ck_assert_ptr_null(refdata_short_en("HK"));
	ck_assert_ptr_nonnull(refdata_short_en("Gdong"));
	ck_assert_ptr_nonnull(refdata_short_en("G1"));
	ck_assert_ptr_nonnull(refdata_short_en("深"));
	ck_assert_ptr_null(refdata_name_en(""));
	ck_assert_ptr_null(refdata_name_en("Hong Kong"));
	ck_assert_ptr_nonnull(refdata_name_en("Hong\x1bKong"));
}
END_TEST

START_TEST(test_refdata_grid_is_0_to_63_or_empty)
{
	int v = 99;
	ck_assert_ptr_null(refdata_grid("", &v));
	ck_assert_int_eq(v, -1);
	ck_assert_ptr_null(refdata_grid("0", &v));
	ck_assert_int_eq(v, 0);
	ck_assert_ptr_null(refdata_grid("63", &v));
	ck_assert_int_eq(v, 63);
	ck_assert_ptr_nonnull(refdata_grid("64", &v));
	ck_assert_ptr_nonnull(refdata_grid("-1", &v));
	ck_assert_ptr_nonnull(refdata_grid("007", &v));
	ck_assert_ptr_nonnull(refdata_grid("a", &v));
}
END_TEST

START_TEST(test_refdata_phone_follows_validate_phone_and_a_cap)
{
	ck_assert_ptr_null(refdata_phone(""));
	ck_assert_ptr_null(refdata_phone("+86 138-1234-5678"));
	ck_assert_ptr_nonnull(refdata_phone("12345"));
	ck_assert_ptr_nonnull(refdata_phone("1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1"));
}
END_TEST

START_TEST(test_refdata_category_required_unit_optional)
{
	ck_assert_ptr_null(refdata_category("饮料"));
	ck_assert_ptr_nonnull(refdata_category(""));
	char *long_cat = repeat("类", 41);
	ck_assert_ptr_nonnull(refdata_category(long_cat));
	free(long_cat);
	ck_assert_ptr_null(refdata_unit(""));
	ck_assert_ptr_null(refdata_unit("箱"));
	ck_assert_ptr_nonnull(refdata_unit("12345678901234567"));
}
END_TEST

START_TEST(test_refdata_price_is_required_and_not_negative)
{
	int64_t fen = -1;
	ck_assert_ptr_null(refdata_price("12.50", &fen));
	ck_assert_int_eq(fen, 1250);
	ck_assert_ptr_null(refdata_price("0", &fen));
	ck_assert_int_eq(fen, 0);
	ck_assert_ptr_null(refdata_price("¥1,234.5", &fen));
	ck_assert_int_eq(fen, 123450);
	ck_assert_ptr_nonnull(refdata_price("", &fen));
	ck_assert_ptr_nonnull(refdata_price("-1", &fen));
	ck_assert_ptr_nonnull(refdata_price("1.234", &fen));
	ck_assert_ptr_nonnull(refdata_price("abc", &fen));
	/* A price of a unit is at most ten million yuan: more is a typo. */
	ck_assert_ptr_null(refdata_price("10000000", &fen));
	ck_assert_ptr_nonnull(refdata_price("10000000.01", &fen));
	ck_assert_ptr_nonnull(refdata_price("999999999999999", &fen));
}
END_TEST

START_TEST(test_refdata_tolerance_is_a_percentage_with_two_decimals)
{
	int bp = -1;
	ck_assert_ptr_null(refdata_tolerance("5", &bp));
	ck_assert_int_eq(bp, 500);
	ck_assert_ptr_null(refdata_tolerance("2.5", &bp));
	ck_assert_int_eq(bp, 250);
	ck_assert_ptr_null(refdata_tolerance("0.25 %", &bp));
	ck_assert_int_eq(bp, 25);
	ck_assert_ptr_null(refdata_tolerance("100％", &bp));
	ck_assert_int_eq(bp, 10000);
	ck_assert_ptr_null(refdata_tolerance(".5", &bp));
	ck_assert_int_eq(bp, 50);
	ck_assert_ptr_null(refdata_tolerance("0", &bp));
	ck_assert_int_eq(bp, 0);
	ck_assert_ptr_nonnull(refdata_tolerance("", &bp));
	ck_assert_ptr_nonnull(refdata_tolerance("100.01", &bp));
	ck_assert_ptr_nonnull(refdata_tolerance("1.234", &bp));
	ck_assert_ptr_nonnull(refdata_tolerance("-5", &bp));
	ck_assert_ptr_nonnull(refdata_tolerance("5 percent", &bp));
	ck_assert_ptr_nonnull(refdata_tolerance("%", &bp));
}
END_TEST

START_TEST(test_refdata_tolerance_format_reads_back)
{
	char buf[16];
	ck_assert_str_eq(refdata_tolerance_format(500, buf), "5");
	ck_assert_str_eq(refdata_tolerance_format(250, buf), "2.5");
	ck_assert_str_eq(refdata_tolerance_format(25, buf), "0.25");
	ck_assert_str_eq(refdata_tolerance_format(10000, buf), "100");
	for (int bp = 0; bp <= 10000; bp += 7) {
		int back = -1;
		ck_assert_ptr_null(refdata_tolerance(refdata_tolerance_format(bp, buf), &back));
		ck_assert_int_eq(back, bp);
	}
}
END_TEST

START_TEST(test_refdata_code_list_splits_on_commas_and_chinese_commas)
{
	char **codes;
	int n;
	ck_assert_ptr_null(refdata_code_list(" GD-SZ, GD-GZ，HK-KLN、gd-sz ;ZJ ", &codes, &n));
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(codes[0], "GD-SZ");
	ck_assert_str_eq(codes[1], "GD-GZ");
	ck_assert_str_eq(codes[2], "HK-KLN");
	ck_assert_str_eq(codes[3], "ZJ");
	for (int i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
	ck_assert_ptr_null(refdata_code_list("", &codes, &n));
	ck_assert_int_eq(n, 0);
	ck_assert_ptr_nonnull(refdata_code_list("GD-SZ, 深圳", &codes, &n));
	ck_assert_ptr_null(codes);
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(test_refdata_code_list_token_is_the_code_at_the_cursor)
{
	const char *s = "GD-SZ, HK-K、ZJ";
	size_t a, b;
	refdata_code_list_token(s, strlen(s), &a, &b);
	ck_assert_str_eq(s + a, "ZJ");
	refdata_code_list_token(s, 9, &a, &b); /* inside HK-K */
	ck_assert_uint_eq(a, 7);
	ck_assert_uint_eq(b, 11);
	refdata_code_list_token(s, 3, &a, &b);
	ck_assert_uint_eq(a, 0);
	ck_assert_uint_eq(b, 5);
	refdata_code_list_token("GD-SZ, ", 7, &a, &b);
	ck_assert_uint_eq(a, 7);
	ck_assert_uint_eq(b, 7);
	refdata_code_list_token("", 0, &a, &b);
	ck_assert_uint_eq(a, 0);
	ck_assert_uint_eq(b, 0);
}
END_TEST

START_TEST(test_refdata_province_has_no_parent_city_needs_a_province)
{
	qd_ref_field f;
	ck_assert_ptr_null(refdata_territory_rule(LEVEL_PROVINCE, -1, 7, 5, &f));
	ck_assert_ptr_nonnull(refdata_territory_rule(LEVEL_PROVINCE, LEVEL_PROVINCE, -1, -1, &f));
	ck_assert_int_eq(f, REF_FIELD_PARENT);
	ck_assert_ptr_nonnull(refdata_territory_rule(LEVEL_CITY, -1, -1, -1, &f));
	ck_assert_int_eq(f, REF_FIELD_PARENT);
	ck_assert_ptr_null(refdata_territory_rule(LEVEL_CITY, LEVEL_PROVINCE, 0, 1, &f));
	ck_assert_ptr_nonnull(refdata_territory_rule(LEVEL_CITY, LEVEL_CITY, -1, -1, &f));
	ck_assert_ptr_nonnull(refdata_territory_rule(LEVEL_DISTRICT, -1, -1, -1, &f));
	ck_assert_ptr_nonnull(refdata_territory_rule(LEVEL_DISTRICT, LEVEL_PROVINCE, -1, -1, &f));
	ck_assert_ptr_null(refdata_territory_rule(LEVEL_DISTRICT, LEVEL_CITY, -1, -1, &f));
	ck_assert(refdata_level_fits(LEVEL_PROVINCE, LEVEL_CITY));
	ck_assert(refdata_level_fits(LEVEL_CITY, LEVEL_DISTRICT));
	ck_assert(!refdata_level_fits(LEVEL_PROVINCE, LEVEL_DISTRICT));
	ck_assert(!refdata_level_fits(LEVEL_DISTRICT, LEVEL_DISTRICT));
}
END_TEST

START_TEST(test_refdata_grid_row_and_column_both_or_neither)
{
	qd_ref_field f;
	ck_assert_ptr_nonnull(refdata_territory_rule(LEVEL_PROVINCE, -1, 3, -1, &f));
	ck_assert_int_eq(f, REF_FIELD_GRID_COL);
	ck_assert_ptr_nonnull(refdata_territory_rule(LEVEL_PROVINCE, -1, -1, 3, &f));
	ck_assert_int_eq(f, REF_FIELD_GRID_ROW);
	ck_assert_ptr_null(refdata_territory_rule(LEVEL_PROVINCE, -1, -1, -1, &f));
}
END_TEST

static struct product_rec product(int64_t a, int64_t b, int64_t c, int64_t d, int64_t retail)
{
	struct product_rec p = { .sku = "BV-001",
				 .name = "矿泉水",
				 .category = "饮料",
				 .tier_fen = { a, b, c, d },
				 .retail_fen = retail,
				 .tolerance_bp = 500 };
	return p;
}

START_TEST(test_refdata_tier_prices_out_of_order_only_warn)
{
	qd_ref_field f;
	struct product_rec p = product(3000, 3200, 3400, 3600, 4800);
	ck_assert_ptr_null(refdata_product_warning(&p, &f));
	ck_assert_ptr_null(refdata_product_check(&p, &f));
	p = product(3000, 2900, 3400, 3600, 4800);
	ck_assert_ptr_nonnull(refdata_product_warning(&p, &f));
	ck_assert_int_eq(f, REF_FIELD_PRICE_B);
	ck_assert_ptr_null(refdata_product_check(&p, &f));
	p = product(3000, 3200, 3400, 5000, 4800);
	ck_assert_ptr_nonnull(refdata_product_warning(&p, &f));
	ck_assert_int_eq(f, REF_FIELD_PRICE_D);
	p = product(3000, 3000, 3000, 3000, 3000);
	ck_assert_ptr_null(refdata_product_warning(&p, &f));
}
END_TEST

START_TEST(test_refdata_product_check_refuses_negative_prices_and_bad_tolerance)
{
	qd_ref_field f;
	struct product_rec p = product(-1, 3200, 3400, 3600, 4800);
	ck_assert_ptr_nonnull(refdata_product_check(&p, &f));
	ck_assert_int_eq(f, REF_FIELD_PRICE_A);
	p = product(3000, 3200, 3400, 3600, -5);
	ck_assert_ptr_nonnull(refdata_product_check(&p, &f));
	ck_assert_int_eq(f, REF_FIELD_RETAIL);
	p = product(3000, 3200, 3400, 3600, 4800);
	p.tolerance_bp = 10001;
	ck_assert_ptr_nonnull(refdata_product_check(&p, &f));
	ck_assert_int_eq(f, REF_FIELD_TOLERANCE);
	p = product(3000, 3200, 3400, 3600, 4800);
	p.category[0] = '\0';
	ck_assert_ptr_nonnull(refdata_product_check(&p, &f));
	ck_assert_int_eq(f, REF_FIELD_CATEGORY);
	p = product(3000, 3200, 3400, 3600, 4800);
	strcpy(p.sku, "BV 001");
	ck_assert_ptr_nonnull(refdata_product_check(&p, &f));
	ck_assert_int_eq(f, REF_FIELD_CODE);
}
END_TEST

START_TEST(test_refdata_record_checks_name_the_field)
{
	qd_ref_field f;
	struct region_rec g = { .code = "S", .name = "华南区" };
	ck_assert_ptr_null(refdata_region_check(&g, &f));
	g.name[0] = '\0';
	ck_assert_ptr_nonnull(refdata_region_check(&g, &f));
	ck_assert_int_eq(f, REF_FIELD_NAME);

	struct territory_rec t = { .code = "HK-KLN",
				   .name = "九龙",
				   .short_name = "九龙",
				   .level = LEVEL_CITY,
				   .grid_row = 0,
				   .grid_col = 1 };
	ck_assert_ptr_null(refdata_territory_check(&t, LEVEL_PROVINCE, &f));
	ck_assert_ptr_nonnull(refdata_territory_check(&t, -1, &f));
	ck_assert_int_eq(f, REF_FIELD_PARENT);
	strcpy(t.short_name, "九龙区");
	ck_assert_ptr_nonnull(refdata_territory_check(&t, LEVEL_PROVINCE, &f));
	ck_assert_int_eq(f, REF_FIELD_SHORT_NAME);
	strcpy(t.short_name, "九龙");
	t.grid_row = 64;
	ck_assert_ptr_nonnull(refdata_territory_check(&t, LEVEL_PROVINCE, &f));
	ck_assert_int_eq(f, REF_FIELD_GRID_ROW);

	struct rep_rec r = {
		.code = "R001", .name = "陈静", .role = ROLE_MANAGER, .phone = "13800001111"
	};
	ck_assert_ptr_null(refdata_rep_check(&r, &f));
	strcpy(r.phone, "123");
	ck_assert_ptr_nonnull(refdata_rep_check(&r, &f));
	ck_assert_int_eq(f, REF_FIELD_PHONE);
	strcpy(r.phone, "");
	r.role = ROLE_COUNT;
	ck_assert_ptr_nonnull(refdata_rep_check(&r, &f));
	ck_assert_int_eq(f, REF_FIELD_ROLE);
}
END_TEST

START_TEST(test_refdata_level_and_role_labels_match_the_stored_codes)
{
	ck_assert_int_eq(labels_level.n, LEVEL_COUNT);
	ck_assert_int_eq(label_index(&labels_level, "province"), LEVEL_PROVINCE);
	ck_assert_int_eq(label_index(&labels_level, "city"), LEVEL_CITY);
	ck_assert_int_eq(label_index(&labels_level, "district"), LEVEL_DISTRICT);
	ck_assert_int_eq(labels_role.n, ROLE_COUNT);
	ck_assert_int_eq(label_index(&labels_role, "rep"), ROLE_REP);
	ck_assert_int_eq(label_index(&labels_role, "manager"), ROLE_MANAGER);
}
END_TEST

SUITE_MAIN("refdata", test_refdata_codes_are_letters_digits_dash_underscore,
	   test_refdata_name_is_required_and_capped_at_100_characters,
	   test_refdata_product_name_takes_200_characters,
	   test_refdata_short_name_is_one_or_two_characters,
	   test_refdata_short_en_is_up_to_four_latin_letters, test_refdata_grid_is_0_to_63_or_empty,
	   test_refdata_phone_follows_validate_phone_and_a_cap,
	   test_refdata_category_required_unit_optional,
	   test_refdata_price_is_required_and_not_negative,
	   test_refdata_tolerance_is_a_percentage_with_two_decimals,
	   test_refdata_tolerance_format_reads_back,
	   test_refdata_code_list_splits_on_commas_and_chinese_commas,
	   test_refdata_code_list_token_is_the_code_at_the_cursor,
	   test_refdata_province_has_no_parent_city_needs_a_province,
	   test_refdata_grid_row_and_column_both_or_neither,
	   test_refdata_tier_prices_out_of_order_only_warn,
	   test_refdata_product_check_refuses_negative_prices_and_bad_tolerance,
	   test_refdata_record_checks_name_the_field,
	   test_refdata_level_and_role_labels_match_the_stored_codes)
