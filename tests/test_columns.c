/* core/columns: the columns of each kind, header matching in English and
 * Chinese, yes/no and labels. */
#include <stdlib.h>
#include <string.h>

#include "qudao/columns.h"
#include "qudao/i18n.h"
#include "suite.h"

START_TEST(test_columns_match_english_and_chinese_in_any_order)
{
	const char *const header[] = { "金额（元）", "Due Date", "经销商编码", "发票号" };
	struct column_match m;
	ck_assert_int_eq(columns_match(&columns_amounts_due, header, 4, &m), 0);
	ck_assert_int_eq(m.field[DUE_AMOUNT], 0);
	ck_assert_int_eq(m.field[DUE_DATE], 1);
	ck_assert_int_eq(m.field[DUE_DISTRIBUTOR], 2);
	ck_assert_int_eq(m.field[DUE_INVOICE], 3);
	ck_assert_int_eq(m.nunknown, 0);
}
END_TEST

/* What Setup's x writes from the products' table, in both languages, is
 * read back whole: tolerance and status were "not a column" (a product
 * deactivated came back active), and "in use" not a yes. */
START_TEST(test_columns_setup_s_product_export_imports_again)
{
	const char *const en[] = { "SKU",    "Name",   "Category", "Unit",   "Tier A", "Tier B",
				   "Tier C", "Tier D", "Retail",   "Tol. %", "Status" };
	const char *const zh[] = { "货号",   "名称",   "品类",	 "单位",  "A 级价", "B 级价",
				   "C 级价", "D 级价", "零售价", "容差%", "状态" };
	for (int lang = 0; lang < 2; lang++) {
		struct column_match m;
		ck_assert_int_eq(columns_match(&columns_products, lang ? zh : en, 11, &m), 0);
		ck_assert_int_eq(m.nunknown, 0);
		ck_assert_int_eq(m.field[PROD_TOLERANCE], 9);
		ck_assert_int_eq(m.field[PROD_ACTIVE], 10);
	}
	bool b = false;
	ck_assert_int_eq(columns_bool("in use", &b), 0);
	ck_assert(b);
	ck_assert_int_eq(columns_bool("inactive", &b), 0);
	ck_assert(!b);
	ck_assert_int_eq(columns_bool("Active", &b), 0);
	ck_assert(b);
	ck_assert_int_eq(columns_bool("deactivated", &b), 0);
	ck_assert(!b);
}
END_TEST

START_TEST(test_columns_unknown_columns_are_listed)
{
	const char *const header[] = { "code", "name", "颜色", "import_error", "" };
	struct column_match m;
	ck_assert_int_eq(columns_match(&columns_regions, header, 5, &m), 0);
	ck_assert_int_eq(m.nunknown, 1);
	ck_assert_int_eq(m.unknown[0], 2);
	ck_assert_int_eq(m.field[REGION_ACTIVE], -1);
}
END_TEST

/* SQL Server writes its headers in brackets: "[code]" names code. A
 * header that is only brackets or marks names nothing and is reported,
 * not dropped with its values. */
START_TEST(test_columns_header_in_brackets_is_its_content)
{
	const char *const header[] = { "[code]", " ［name］ ", "(active)", "[]", "**" };
	struct column_match m;
	ck_assert_int_eq(columns_match(&columns_regions, header, 5, &m), 0);
	ck_assert_int_eq(m.field[REGION_CODE], 0);
	ck_assert_int_eq(m.field[REGION_NAME], 1);
	ck_assert_int_eq(m.field[REGION_ACTIVE], 2);
	ck_assert_int_eq(m.nunknown, 2);
	ck_assert_int_eq(m.unknown[0], 3);
	ck_assert_int_eq(m.unknown[1], 4);
	CHECK_STR(columns_unit("[price_a]"), "");
	CHECK_STR(columns_fold("[单价(元)]"), "单价");
	CHECK_STR(columns_unit("[单价(元)]"), "元");
	CHECK_STR(columns_fold("(a) b"), "b");
}
END_TEST

START_TEST(test_columns_missing_required_column_is_named)
{
	const char *const header[] = { "code", "名称" };
	struct column_match m;
	ck_assert_int_eq(columns_match(&columns_territories, header, 2, &m), -1);
	ck_assert_int_eq(m.missing, TERR_LEVEL);
}
END_TEST

START_TEST(test_columns_a_column_named_twice_is_refused)
{
	const char *const header[] = { "code", "编码", "name" };
	struct column_match m;
	ck_assert_int_eq(columns_match(&columns_regions, header, 3, &m), -1);
	ck_assert_int_eq(m.twice, 1);
	ck_assert_int_eq(m.twice_a, 0);
}
END_TEST

START_TEST(test_columns_fold_ignores_case_spaces_and_units)
{
	CHECK_STR(columns_fold("Order No."), "orderno");
	CHECK_STR(columns_fold("ＳＫＵ"), "sku");
	CHECK_STR(columns_fold("*单价(元)"), "单价");
}
END_TEST

/* A money column's unit: yuan, or a note beside it (per case, tax
 * included); a multiple, a part or another currency is not. */
START_TEST(test_columns_unit_in_brackets_is_yuan_or_not)
{
	static const char *const yuan[] = {
		"金额",		 "金额（元）",	       "单价(元/箱)",
		"单价（含税）",	 "单价（元，含税）",   "Amount (CNY)",
		"金额(￥)",	 "price (per kg)",     "单价(元/件, 不含税)",
		"单价(元/千克)", "单价（元/百克）",    "金额(人民币元)",
		"单价(每箱)",	 "单价（不含税、元）", "amount (RMB, incl. tax)",
	};
	static const char *const other[] = {
		"金额（万元）",
		"金额(千元)",
		"金额（万）",
		"Amount (USD)",
		"金额(美元)",
		"金额（分）",
		"Amount (k)",
		"金额(港币)",
		"Amount ($)",
		"amount (EUR)",
		"amount (cents)",
		"amount (fen)",
		"amount ('000)",
		"金额(000)",
		"amount (CNY mn)",
		"amount (bn)",
		"amount (SGD)",
		"amount (RMB 000)",
		"amount (CNY, thousands)",
		"金额（人民币、万元）",
		"金额(元,万)",
		"amount (yuan, x1000)",
		"amount (CNY/1000)",
		"金额（每万元）",
	};
	for (size_t i = 0; i < sizeof yuan / sizeof yuan[0]; i++) {
		char *u = columns_unit(yuan[i]);
		ck_assert_msg(columns_unit_is_yuan(u), "%s: %s", yuan[i], u);
		free(u);
	}
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
		char *u = columns_unit(other[i]);
		ck_assert_msg(!columns_unit_is_yuan(u), "%s: %s", other[i], u);
		free(u);
	}
}
END_TEST

START_TEST(test_columns_unit_shown_as_written)
{
	/* For messages: not folded to "cnymn" or "usd". */
	static const char *const cases[][2] = {
		{ "amount (CNY mn)", "CNY mn" },
		{ "金额（ USD ）", "USD" },
		{ "金额（万元）", "万元" },
		{ "金额", "" },
		{ "a (b) (Thousand  Yuan)", "Thousand Yuan" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *u = columns_unit_shown(cases[i][0]);
		ck_assert_str_eq(u, cases[i][1]);
		free(u);
	}
}
END_TEST

START_TEST(test_columns_every_kind_has_distinct_names)
{
	for (int k = 0; columns_kinds[k]; k++) {
		const struct record_kind *kind = columns_kinds[k];
		for (int c = 0; c < kind->ncols; c++) {
			/* Each column's own names find it, and only it. */
			const char *names[] = { kind->cols[c].key, kind->cols[c].zh };
			for (int i = 0; i < 2; i++) {
				struct column_match m;
				columns_match(kind, &names[i], 1, &m);
				ck_assert_msg(m.field[c] == 0, "%s: %s", kind->name, names[i]);
			}
		}
	}
}
END_TEST

START_TEST(test_columns_bool_reads_yes_and_no)
{
	bool b;
	ck_assert_int_eq(columns_bool("是", &b), 0);
	ck_assert(b);
	ck_assert_int_eq(columns_bool("No", &b), 0);
	ck_assert(!b);
	ck_assert_int_eq(columns_bool("0", &b), 0);
	ck_assert(!b);
	ck_assert_int_eq(columns_bool("maybe", &b), -1);
	ck_assert_int_eq(columns_bool("", &b), -1);
}
END_TEST

START_TEST(test_columns_label_takes_codes_and_labels)
{
	ck_assert_int_eq(columns_label(&labels_order_status, "shipped"), 1);
	ck_assert_int_eq(columns_label(&labels_order_status, "Cancelled"), 3);
	ck_assert_int_eq(columns_label(&labels_level, "CITY"), 1);
	ck_assert_int_eq(columns_label(&labels_level, "town"), -1);
	/* The words a sheet writes besides 区县 (区 and 县 were refused). */
	ck_assert_int_eq(columns_label(&labels_level, "区"), 2);
	ck_assert_int_eq(columns_label(&labels_level, "县"), 2);
	ck_assert_int_eq(columns_label(&labels_level, "直辖市"), 0);
	ck_assert_int_eq(columns_label(&labels_level, "地级市"), 1);
	ck_assert_int_eq(columns_label(&labels_order_status, "区"), -1);
}
END_TEST

START_TEST(test_columns_kinds_by_name)
{
	ck_assert_ptr_eq(columns_kind("amounts-due"), &columns_amounts_due);
	ck_assert_ptr_eq(columns_kind("visits"), &columns_visits);
	ck_assert_ptr_null(columns_kind("incidents"));
}
END_TEST

/* A Chinese word looked up on the English interface leaves the English as
 * it was, and is Chinese even after the English was asked for (gettext's
 * cache kept one language's answer for the other before). */
/* The interface in lang, from a locale of that language. */
static void speak(const char *locale, const char *lang)
{
	setenv("LANG", locale, 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
	ck_assert_int_eq(i18n_init(lang, NULL), 0);
}

START_TEST(test_columns_chinese_words_on_the_english_interface)
{
	speak("en_US.UTF-8", "en");
	ck_assert_str_eq(_("delivered"), "delivered");
	ck_assert_str_eq(i18n_zh("delivered"), "已送达");
	ck_assert_str_eq(_("delivered"), "delivered");
	ck_assert_str_eq(i18n_zh("shipped"), "已发货");
	ck_assert_str_eq(_("shipped"), "shipped");
	ck_assert_int_eq(columns_label(&labels_order_status, "已发货"), 1);
	ck_assert_int_eq(columns_label(&labels_order_status, "SHIPPED"), 1);
	ck_assert_str_eq(_("shipped"), "shipped");
}
END_TEST

/* In Chinese each word is its label and its code, but a tier's label is its
 * code: said once ("A（A）、B（B）" before). */
START_TEST(test_columns_words_say_a_code_that_is_its_label_once)
{
	speak("zh_CN.UTF-8", "zh");
	char buf[512];
	columns_words(labels_tier.codes, labels_tier.labels, 0, labels_tier.n, false, buf,
		      sizeof buf);
	ck_assert_str_eq(buf, "A、B、C、D");
	columns_words(labels_order_status.codes, labels_order_status.labels, 0, 2, false, buf,
		      sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "（shipped）"));
}
END_TEST

/* In English, a word given in Chinese (城市 on an English laptop) is
 * answered with the Chinese each code takes: "city (市)". */
START_TEST(test_columns_words_in_english_add_the_chinese_when_asked)
{
	speak("en_US.UTF-8", "en");
	char buf[512];
	columns_words(labels_level.codes, labels_level.labels, 0, labels_level.n, false, buf,
		      sizeof buf);
	ck_assert_str_eq(buf, "province, city, district");
	columns_words(labels_level.codes, labels_level.labels, 0, labels_level.n, true, buf,
		      sizeof buf);
	ck_assert_str_eq(buf, "province (省), city (市), district (区县)");
}
END_TEST

SUITE_MAIN("columns", test_columns_match_english_and_chinese_in_any_order,
	   test_columns_setup_s_product_export_imports_again,
	   test_columns_unknown_columns_are_listed, test_columns_header_in_brackets_is_its_content,
	   test_columns_missing_required_column_is_named,
	   test_columns_a_column_named_twice_is_refused,
	   test_columns_fold_ignores_case_spaces_and_units,
	   test_columns_unit_in_brackets_is_yuan_or_not, test_columns_unit_shown_as_written,
	   test_columns_every_kind_has_distinct_names, test_columns_bool_reads_yes_and_no,
	   test_columns_label_takes_codes_and_labels, test_columns_kinds_by_name,
	   test_columns_chinese_words_on_the_english_interface,
	   test_columns_words_say_a_code_that_is_its_label_once,
	   test_columns_words_in_english_add_the_chinese_when_asked)
