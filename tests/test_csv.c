/* core/csv: the RFC 4180 reader, the cleaning of fields, and the writer. */
#include <stdlib.h>
#include <string.h>

#include "qudao/csv.h"
#include "suite.h"

/* Reads all of text and returns its records as "a|b|c" lines joined by
 * "/", with each record's line number: "1:a|b/3:c|d". */
static char *records(const char *text, size_t n)
{
	struct csv_reader r;
	csv_reader_init(&r, text, n, 0);
	char *out = calloc(1, 1);
	size_t len = 0;
	int rc;
	while ((rc = csv_read(&r)) == 1) {
		char head[32];
		snprintf(head, sizeof head, "%s%ld:", len ? "/" : "", r.record_line);
		size_t need = strlen(head);
		for (int i = 0; i < r.nfields; i++)
			need += r.fields[i].len + 1;
		out = realloc(out, len + need + 1);
		len += (size_t)sprintf(out + len, "%s", head);
		for (int i = 0; i < r.nfields; i++) {
			if (i)
				out[len++] = '|';
			memcpy(out + len, r.fields[i].text, r.fields[i].len);
			len += r.fields[i].len;
		}
		out[len] = '\0';
	}
	if (rc < 0) {
		out = realloc(out, len + 32);
		sprintf(out + len, "%sunclosed@%ld", len ? "/" : "", r.open_quote_line);
	}
	csv_reader_free(&r);
	return out;
}

#define READS(text, expected) CHECK_STR(records(text, sizeof text - 1), expected)

START_TEST(test_csv_reads_plain_fields)
{
	READS("code,name\nGD-1,广州\n", "1:code|name/2:GD-1|广州");
}
END_TEST

START_TEST(test_csv_quoted_fields_hold_separators_quotes_and_newlines)
{
	READS("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n",
	      "1:a|b/2:x, y|say \"hi\"/3:two\nlines|z");
}
END_TEST

START_TEST(test_csv_line_ends_cr_lf_and_crlf_count_lines)
{
	READS("a\r\nb\rc\nd", "1:a/2:b/3:c/4:d");
}
END_TEST

START_TEST(test_csv_last_line_without_an_end)
{
	READS("a,b\n1,2", "1:a|b/2:1|2");
}
END_TEST

START_TEST(test_csv_record_after_a_quoted_newline_starts_on_its_own_line)
{
	READS("a\n\"1\r\n2\"\nb", "1:a/2:1\r\n2/4:b");
}
END_TEST

START_TEST(test_csv_blank_lines_and_separator_only_lines_are_skipped)
{
	READS("a,b\n\n,\n1,2\n\n", "1:a|b/4:1|2");
}
END_TEST

START_TEST(test_csv_empty_fields_stay)
{
	READS("a,,c\n,\"\",x\n", "1:a||c/2:||x");
}
END_TEST

START_TEST(test_csv_tab_separated_text_is_recognised)
{
	READS("code\tname\nGD-1\t\"a, b\"\n", "1:code|name/2:GD-1|a, b");
}
END_TEST

START_TEST(test_csv_unclosed_quote_says_where_it_began)
{
	READS("a\n1\n\"open\nstill", "1:a/2:1/unclosed@3");
}
END_TEST

START_TEST(test_csv_lenient_about_stray_quotes)
{
	READS("ab\"c,\"d\"e\n", "1:ab\"c|de");
}
END_TEST

/* Spaces around a quoted field (Excel's "Save as" never writes them, hand-
 * edited files and some ERPs do) are not part of it: "NEW4" followed by a
 * space was the code "NEW4 ", refused for a character the user could not
 * see. Spaces inside the quotes stay. */
START_TEST(test_csv_spaces_around_a_quoted_field_are_not_in_it)
{
	READS("a,b,c\n\"NEW4\" ,  \"x, y\"  ,\" z \"\n", "1:a|b|c/2:NEW4|x, y| z ");
	READS("a\tb\n\"q\" \t \"r\"\n", "1:a|b/2:q|r");
}
END_TEST

START_TEST(test_csv_empty_text_has_no_records)
{
	READS("", "");
	READS("\n\r\n", "");
}
END_TEST

START_TEST(test_csv_one_megabyte_field)
{
	size_t n = 1 << 20;
	char *text = malloc(n + 16);
	memcpy(text, "a\n\"", 3);
	memset(text + 3, 'x', n);
	memcpy(text + 3 + n, "\"\n", 2);
	struct csv_reader r;
	csv_reader_init(&r, text, n + 5, 0);
	ck_assert_int_eq(csv_read(&r), 1);
	ck_assert_int_eq(csv_read(&r), 1);
	ck_assert_uint_eq(r.fields[0].len, n);
	ck_assert_int_eq(csv_read(&r), 0);
	csv_reader_free(&r);
	free(text);
}
END_TEST

START_TEST(test_csv_clean_normalises_to_nfc)
{
	/* e + combining acute becomes é */
	CHECK_STR(csv_clean("Cafe\xCC\x81", 6, false), "Caf\xC3\xA9");
}
END_TEST

START_TEST(test_csv_clean_drops_invisible_characters_but_not_joiners)
{
	/* 零宽<ZWSP>字符<BOM>空: what looks like 零宽字符空 is 零宽字符空. */
	const char *s = "\xE9\x9B\xB6\xE5\xAE\xBD\xE2\x80\x8B\xE5\xAD\x97\xE7\xAC\xA6"
			"\xEF\xBB\xBF\xE7\xA9\xBA";
	CHECK_STR(csv_clean(s, strlen(s), false), "零宽字符空");
	/* 👨‍👩 keeps its zero width joiner. */
	const char *family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9";
	CHECK_STR(csv_clean(family, strlen(family), false), family);
}
END_TEST

START_TEST(test_csv_clean_drops_controls_and_bidi_overrides)
{
	CHECK_STR(csv_clean("a\x1b[31mb\x7f\xC2\x9B\xE2\x80\xAE"
			    "c",
			    15, true),
		  "abc");
	CHECK_STR(csv_clean("line1\r\nline2\tx", 14, true), "line1 line2 x");
	/* A terminal's escape sequence goes whole, not only its ESC: colours,
	 * a window title (ended by BEL or ESC \), a character set, a C1 CSI. */
	const char *red = "\x1b[31m红色\x1b[0m商行";
	CHECK_STR(csv_clean(red, strlen(red), false), "红色商行");
	const char *title = "坏\x1b]0;pwned\x07名\x1b]2;x\x1b\\行";
	CHECK_STR(csv_clean(title, strlen(title), false), "坏名行");
	const char *charset = "\x1b(B天\xC2\x9B"
			      "1;2H津";
	CHECK_STR(csv_clean(charset, strlen(charset), false), "天津");
	/* An escape cut off at the end of the field takes what it has. */
	CHECK_STR(csv_clean("ab\x1b[12", 6, false), "ab");
	CHECK_STR(csv_clean("ab\x1b]0;no end", 12, false), "ab");
}
END_TEST

START_TEST(test_csv_clean_trims_unquoted_fields_only)
{
	CHECK_STR(csv_clean("  GD-1 ", 7, false), "GD-1");
	CHECK_STR(csv_clean("  GD-1 ", 7, true), "  GD-1 ");
}
END_TEST

START_TEST(test_csv_clean_refuses_invalid_utf8)
{
	ck_assert_ptr_null(csv_clean("a\xff", 2, false));
}
END_TEST

static char *write_rows(enum csv_format format, qd_encoding enc, bool bom)
{
	static const char *const keys[] = { "code", "name", "amount" };
	static const bool number[] = { false, false, true };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct csv_writer *w = csv_writer_new(f, format, enc, bom, 3, keys, number);
	csv_writer_row(w, (const char *const[]){ "GD-1", "广州 \"天河\", 店", "1234.50" });
	csv_writer_row(w, (const char *const[]){ " x", "两行\n名称", NULL });
	ck_assert_int_eq(csv_writer_close(w), 0);
	fclose(f);
	return buf;
}

START_TEST(test_csv_writer_csv_quotes_what_needs_it)
{
	CHECK_STR(write_rows(CSV_FORMAT_CSV, ENC_UTF8, false),
		  "code,name,amount\r\nGD-1,\"广州 \"\"天河\"\", 店\",1234.50\r\n"
		  "\" x\",\"两行\n名称\",\r\n");
}
END_TEST

START_TEST(test_csv_writer_bom_and_tsv)
{
	static const char expected[] = "\xEF\xBB\xBF"
				       "code\tname\tamount\r\nGD-1\t\"广州";
	char *s = write_rows(CSV_FORMAT_TSV, ENC_UTF8, true);
	ck_assert_int_eq(memcmp(s, expected, sizeof expected - 1), 0);
	free(s);
}
END_TEST

START_TEST(test_csv_writer_json_numbers_and_nulls)
{
	CHECK_STR(write_rows(CSV_FORMAT_JSON, ENC_UTF8, false),
		  "[\n {\"code\": \"GD-1\", \"name\": \"广州 \\\"天河\\\", 店\", \"amount\": "
		  "1234.50},\n"
		  " {\"code\": \" x\", \"name\": \"两行\\n名称\", \"amount\": null}\n]\n");
}
END_TEST

/* An empty cell of a number column (a problem with no amount) is null, as a
 * missing one is: not the string "", which a reader would take for text. */
START_TEST(test_csv_writer_json_empty_number_is_null)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *keys[] = { "kind", "amount" };
	const bool number[] = { false, true };
	struct csv_writer *w = csv_writer_new(f, CSV_FORMAT_JSON, ENC_UTF8, false, 2, keys, number);
	const char *a[] = { "orphan", "" }, *b[] = { "cross_territory", "12.50" };
	csv_writer_row(w, a);
	csv_writer_row(w, b);
	ck_assert_int_eq(csv_writer_close(w), 0);
	fclose(f);
	CHECK_STR(buf, "[\n {\"kind\": \"orphan\", \"amount\": null},\n"
		       " {\"kind\": \"cross_territory\", \"amount\": 12.50}\n]\n");
}
END_TEST

/* A number column's cell that is no number as JSON writes one (money as
 * words, a leading zero, a bare point) goes out as text: the file stays
 * valid JSON, and a CSV guards it as any text. */
START_TEST(test_csv_writer_number_column_with_words_stays_text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *keys[] = { "a", "b", "c", "d", "e" };
	const bool number[] = { true, true, true, true, true };
	struct csv_writer *w = csv_writer_new(f, CSV_FORMAT_JSON, ENC_UTF8, false, 5, keys, number);
	csv_writer_row(w, (const char *const[]){ "¥1.3万", "007", "1.", "-0.5e+3", "=1+2" });
	ck_assert_int_eq(csv_writer_close(w), 0);
	fclose(f);
	CHECK_STR(buf, "[\n {\"a\": \"¥1.3万\", \"b\": \"007\", \"c\": \"1.\", \"d\": -0.5e+3,"
		       " \"e\": \"=1+2\"}\n]\n");
	buf = NULL;
	f = open_memstream(&buf, &len);
	w = csv_writer_new(f, CSV_FORMAT_CSV, ENC_UTF8, false, 5, keys, number);
	csv_writer_row(w, (const char *const[]){ "¥1.3万", "-12", "0", "+1", "=1+2" });
	ck_assert_int_eq(csv_writer_close(w), 0);
	fclose(f);
	CHECK_STR(buf, "a,b,c,d,e\r\n¥1.3万,-12,0,'+1,'=1+2\r\n");
}
END_TEST

START_TEST(test_csv_writer_gb18030)
{
	char *s = write_rows(CSV_FORMAT_CSV, ENC_GB18030, true);
	/* 广州 in GB18030, and no BOM */
	ck_assert_ptr_nonnull(strstr(s, "GD-1,\"\xB9\xE3\xD6\xDD"));
	ck_assert_int_eq(memcmp(s, "code,", 5), 0);
	free(s);
}
END_TEST

/* A text cell that a spreadsheet would run as a formula is written behind a
 * ', which import takes off again; numbers (a refund of -12.50) stay as they
 * are. */
START_TEST(test_csv_writer_guards_formulas_and_import_takes_the_guard_off)
{
	static const char *const keys[] = { "name", "phone", "amount" };
	static const bool number[] = { false, false, true };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct csv_writer *w = csv_writer_new(f, CSV_FORMAT_CSV, ENC_UTF8, false, 3, keys, number);
	csv_writer_row(w, (const char *const[]){ "=cmd|' /C calc'!A0", "+8613800138000", "-12.50" });
	csv_writer_row(w, (const char *const[]){ "@SUM(1+1)", "-2+3", "3" });
	csv_writer_row(w, (const char *const[]){ "广州=天河", "'quoted", "0" });
	csv_writer_row(w, (const char *const[]){ "'=kept", "", "" });
	ck_assert_int_eq(csv_writer_close(w), 0);
	fclose(f);
	CHECK_STR(buf, "name,phone,amount\r\n'=cmd|' /C calc'!A0,'+8613800138000,-12.50\r\n"
		       "'@SUM(1+1),'-2+3,3\r\n广州=天河,'quoted,0\r\n''=kept,,\r\n");
	CHECK_STR(csv_clean("''=kept", 7, false), "'=kept");
	CHECK_STR(csv_clean("'=cmd|' /C calc'!A0", 19, false), "=cmd|' /C calc'!A0");
	CHECK_STR(csv_clean("'+8613800138000", 15, true), "+8613800138000");
	/* A ' before anything else is the data's own. */
	CHECK_STR(csv_clean("'quoted", 7, false), "'quoted");
	CHECK_STR(csv_clean("'", 1, false), "'");
}
END_TEST

/* A negative number in a text column (a scorecard's change, -6.2) is a
 * number to a spreadsheet, not a formula: it goes without the guard. */
START_TEST(test_csv_writer_negative_number_is_not_guarded)
{
	static const char *const keys[] = { "change", "note" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct csv_writer *w = csv_writer_new(f, CSV_FORMAT_CSV, ENC_UTF8, false, 2, keys, NULL);
	csv_writer_row(w, (const char *const[]){ "-6.2", "-7" });
	csv_writer_row(w, (const char *const[]){ "-6.", "-1+1" });
	ck_assert_int_eq(csv_writer_close(w), 0);
	fclose(f);
	CHECK_STR(buf, "change,note\r\n-6.2,-7\r\n'-6.,'-1+1\r\n");
}
END_TEST

SUITE_MAIN("csv", test_csv_reads_plain_fields, test_csv_spaces_around_a_quoted_field_are_not_in_it,
	   test_csv_quoted_fields_hold_separators_quotes_and_newlines,
	   test_csv_line_ends_cr_lf_and_crlf_count_lines, test_csv_last_line_without_an_end,
	   test_csv_record_after_a_quoted_newline_starts_on_its_own_line,
	   test_csv_blank_lines_and_separator_only_lines_are_skipped, test_csv_empty_fields_stay,
	   test_csv_tab_separated_text_is_recognised, test_csv_unclosed_quote_says_where_it_began,
	   test_csv_lenient_about_stray_quotes, test_csv_empty_text_has_no_records,
	   test_csv_one_megabyte_field, test_csv_clean_normalises_to_nfc,
	   test_csv_clean_drops_controls_and_bidi_overrides,
	   test_csv_clean_drops_invisible_characters_but_not_joiners,
	   test_csv_clean_trims_unquoted_fields_only, test_csv_clean_refuses_invalid_utf8,
	   test_csv_writer_csv_quotes_what_needs_it, test_csv_writer_bom_and_tsv,
	   test_csv_writer_json_numbers_and_nulls, test_csv_writer_json_empty_number_is_null,
	   test_csv_writer_number_column_with_words_stays_text, test_csv_writer_gb18030,
	   test_csv_writer_guards_formulas_and_import_takes_the_guard_off,
	   test_csv_writer_negative_number_is_not_guarded)
