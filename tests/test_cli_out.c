/* cli/out: the command line's tables as an aligned table, CSV, TSV and JSON. */
#include <stdlib.h>
#include <string.h>

#include "qudao/cli_out.h"
#include "suite.h"

static char *written(const struct cli_out *o, enum cli_format format, bool bom)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_int_eq(cli_out_write(o, f, format, bom), 0);
	fclose(f);
	return buf;
}

static struct cli_out *sample(void)
{
	static const char *const names[] = { "code", "name", "sales" };
	static const char *const titles[] = { "编码", "名称", "Sales" };
	static const enum cli_col_type types[] = { CLI_COL_TEXT, CLI_COL_TEXT, CLI_COL_NUMBER };
	struct cli_out *o = cli_out_new(3, names, titles, types);
	cli_out_row(o, (const char *const[]){ "GD-0001", "广州天河, \"恒源\"", "1234.50" });
	cli_out_row(o, (const char *const[]){ "BJ-0002", "两行\n名称", NULL });
	return o;
}

START_TEST(test_cli_out_csv_quotes_what_needs_it)
{
	struct cli_out *o = sample();
	CHECK_STR(written(o, CLI_FORMAT_CSV, false),
		  "code,name,sales\r\nGD-0001,\"广州天河, \"\"恒源\"\"\",1234.50\r\n"
		  "BJ-0002,\"两行\n名称\",\r\n");
	cli_out_free(o);
}
END_TEST

START_TEST(test_cli_out_csv_with_a_bom_for_excel)
{
	struct cli_out *o = sample();
	char *s = written(o, CLI_FORMAT_CSV, true);
	ck_assert_int_eq(memcmp(s,
				"\xEF\xBB\xBF"
				"code,",
				8),
			 0);
	free(s);
	cli_out_free(o);
}
END_TEST

START_TEST(test_cli_out_json_keeps_numbers_and_nulls)
{
	struct cli_out *o = sample();
	CHECK_STR(written(o, CLI_FORMAT_JSON, false),
		  "[\n {\"code\": \"GD-0001\", \"name\": \"广州天河, \\\"恒源\\\"\", \"sales\": "
		  "1234.50},\n"
		  " {\"code\": \"BJ-0002\", \"name\": \"两行\\n名称\", \"sales\": null}\n]\n");
	cli_out_free(o);
}
END_TEST

START_TEST(test_cli_out_table_aligns_by_cells)
{
	static const char *const names[] = { "a", "b" };
	struct cli_out *o = cli_out_new(2, names, NULL, NULL);
	cli_out_row(o, (const char *const[]){ "广州", "x" });
	cli_out_row(o, (const char *const[]){ "ab", "y" });
	/* 广州 is four cells wide, like "ab" padded to four. */
	CHECK_STR(written(o, CLI_FORMAT_TABLE, false), "a     b\n广州  x\nab    y\n");
	cli_out_free(o);
}
END_TEST

/* A number's title sits over its digits, to the right, in any language:
 * "达成" stood two columns left of "72.6" in the Chinese report. */
START_TEST(test_cli_out_table_puts_a_number_title_over_its_digits)
{
	static const char *const names[] = { "code", "sales" };
	static const char *const titles[] = { "编码", "达成" };
	static const enum cli_col_type types[] = { CLI_COL_TEXT, CLI_COL_NUMBER };
	struct cli_out *o = cli_out_new(2, names, titles, types);
	cli_out_row(o, (const char *const[]){ "GD-0001", "100.0" });
	cli_out_row(o, (const char *const[]){ "BJ-0002", "72.6" });
	CHECK_STR(written(o, CLI_FORMAT_TABLE, false),
		  "编码      达成\nGD-0001  100.0\nBJ-0002   72.6\n");
	cli_out_free(o);
}
END_TEST

START_TEST(test_cli_out_csv_in_gb18030_for_chinese_excel)
{
	struct cli_out *o = sample();
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_int_eq(cli_out_write_as(o, f, CLI_FORMAT_CSV, true, ENC_GB18030), 0);
	fclose(f);
	/* 广州 in GB18030, and no BOM before the header. */
	ck_assert_int_eq(memcmp(buf, "code,name,sales\r\nGD-0001,\"\xB9\xE3\xD6\xDD", 29), 0);
	free(buf);
	cli_out_free(o);
}
END_TEST

/* A column's text of 62 cells is whole before the next column (cut at 40,
 * an explanation lost "weight 40.0%"; at 60 its cost); past 72 it is cut. */
START_TEST(test_cli_out_table_keeps_a_long_cell_whole_up_to_72)
{
	static const char *const names[] = { "what", "meaning" };
	struct cli_out *o = cli_out_new(2, names, NULL, NULL);
	const char *what = "0.0, under the threshold 30: counts 0, weight 54.5%; cost −54.5";
	const char *longer = "a text of more than seventy-two cells, which is cut with an ellipsis "
			     "somewhere around here";
	cli_out_row(o, (const char *const[]){ what, "x" });
	cli_out_row(o, (const char *const[]){ longer, "y" });
	char *t = written(o, CLI_FORMAT_TABLE, false);
	ck_assert_ptr_nonnull(strstr(t, "weight 54.5%; cost −54.5"));
	ck_assert_ptr_nonnull(strstr(t, "…"));
	ck_assert_ptr_null(strstr(t, "around here"));
	free(t);
	cli_out_free(o);
}
END_TEST

START_TEST(test_cli_out_formats_by_name)
{
	enum cli_format f;
	ck_assert_int_eq(cli_format_parse("csv", &f), 0);
	ck_assert_int_eq(f, CLI_FORMAT_CSV);
	ck_assert_int_eq(cli_format_parse("xlsx", &f), -1);
}
END_TEST

SUITE_MAIN("cli_out", test_cli_out_csv_quotes_what_needs_it, test_cli_out_csv_with_a_bom_for_excel,
	   test_cli_out_json_keeps_numbers_and_nulls, test_cli_out_table_aligns_by_cells,
	   test_cli_out_table_puts_a_number_title_over_its_digits, test_cli_out_formats_by_name,
	   test_cli_out_csv_in_gb18030_for_chinese_excel,
	   test_cli_out_table_keeps_a_long_cell_whole_up_to_72)
