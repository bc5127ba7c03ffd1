/* core/text: widths, fitting, padding and the display sanitizer. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "suite.h"

/* Full-width ASCII forms and the ideographic space fold to ASCII, the
 * spaces around go; other text is kept as it is. */
START_TEST(test_text_ascii_fold_of_full_width_forms)
{
	char *f = text_ascii_fold("\xE3\x80\x80\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x8E\xEF\xBC\x95\xE4\xB8\x87 ");
	ck_assert_str_eq(f, "12.5\xE4\xB8\x87"); /* １２．５万 */
	free(f);
	f = text_ascii_fold("\xEF\xBC\xA1\xEF\xBD\x9E\xEF\xBF\xA5"); /* Ａ～￥ */
	ck_assert_str_eq(f, "A~\xEF\xBF\xA5");
	free(f);
	f = text_ascii_fold(NULL);
	ck_assert_str_eq(f, "");
	free(f);
	/* A code: its fold when all ASCII, else none (words stay words). */
	f = text_code_fold("ＧＤ－０００３");
	ck_assert_str_eq(f, "GD-0003");
	free(f);
	ck_assert_ptr_null(text_code_fold("工行转账　第２笔"));
	/* Tabs and line ends pasted around go as spaces do. */
	f = text_ascii_fold("\t 12 \r\n");
	ck_assert_str_eq(f, "12");
	free(f);
	/* The full stop a Chinese input method types for a point; a byte that
	 * is not UTF-8 stays as it is. */
	f = text_ascii_fold("１２。５０");
	ck_assert_str_eq(f, "12.50");
	free(f);
	f = text_ascii_fold("\xFF１\xE4\xB8");
	ck_assert_str_eq(f, "\xFF"
			    "1\xE4\xB8");
	free(f);
	ck_assert_uint_eq(text_ascii_of(0xFF10), '0');
	ck_assert_uint_eq(text_ascii_of(0x5E7F), 0x5E7F); /* 广 */
}
END_TEST

START_TEST(test_text_width_ascii_is_one_cell_each)
{
	ck_assert_int_eq(text_width("GD-0042"), 7);
	ck_assert_int_eq(text_width(""), 0);
	ck_assert_int_eq(text_width(NULL), 0);
}
END_TEST

START_TEST(test_text_width_cjk_is_two_cells)
{
	ck_assert_int_eq(text_width("广州天河"), 8);
	ck_assert_int_eq(text_width("A广B"), 4);
	ck_assert_int_eq(text_width("，"), 2); /* full-width comma */
}
END_TEST

START_TEST(test_text_width_combining_mark_is_zero)
{
	ck_assert_int_eq(text_width("e\xCC\x81"), 1); /* e + U+0301 */
}
END_TEST

START_TEST(test_text_width_emoji_is_two_cells)
{
	ck_assert_int_eq(text_width("\xF0\x9F\x98\x80"), 2); /* U+1F600 */
}
END_TEST

START_TEST(test_text_fit_keeps_what_fits)
{
	CHECK_STR(text_fit("广州", 4), "广州");
	CHECK_STR(text_fit("abc", 10), "abc");
}
END_TEST

START_TEST(test_text_fit_cuts_with_ellipsis)
{
	CHECK_STR(text_fit("abcdef", 4), "abc…");
	CHECK_STR(text_fit("广州天河", 5), "广州…");
}
END_TEST

/* A cut that falls after a space leaves no space before the "…": a
 * column read "Royal Bridge …", as if a word were missing. */
START_TEST(test_text_fit_drops_a_space_before_the_ellipsis)
{
	CHECK_STR(text_fit("Royal Bridge Trading", 14), "Royal Bridge\u2026");
	CHECK_STR(text_fit("北京 天河商行", 6), "北京\u2026");
	CHECK_STR(text_fit("北京\u3000天河商行", 7), "北京\u2026");
	CHECK_STR(text_fit("  x  y", 3), "\u2026");
	CHECK_STR(text_pad("Royal Bridge Trading", 14, 0), "Royal Bridge\u2026 ");
	CHECK_STR(text_pad("Royal Bridge Trading", 14, 1), " Royal Bridge\u2026");
}
END_TEST

START_TEST(test_text_fit_never_splits_wide_char)
{
	/* 4 cells: 广 (2) + … (1) leaves one cell that 州 cannot use. */
	char *s = text_fit("广州天河", 4);
	ck_assert_str_eq(s, "广…");
	ck_assert_int_le(text_width(s), 4);
	free(s);
	for (int cells = 0; cells < 12; cells++) {
		char *t = text_fit("广州天河日用品", cells);
		ck_assert_int_le(text_width(t), cells);
		free(t);
	}
}
END_TEST

START_TEST(test_text_fit_never_splits_combining_sequence)
{
	/* "éé" as e + U+0301 twice: cutting to 2 cells keeps "é…", mark included. */
	CHECK_STR(text_fit("e\xCC\x81"
			   "e\xCC\x81"
			   "e",
			   2),
		  "e\xCC\x81…");
}
END_TEST

START_TEST(test_text_fit_zero_or_negative_is_empty)
{
	CHECK_STR(text_fit("abc", 0), "");
	CHECK_STR(text_fit("abc", -3), "");
	CHECK_STR(text_fit("abc", 1), "…");
}
END_TEST

START_TEST(test_text_pad_fills_to_exact_cells)
{
	CHECK_STR(text_pad("广州", 6, 0), "广州  ");
	CHECK_STR(text_pad("12", 5, 1), "   12");
	/* A wide char that does not fit leaves a gap that padding fills. */
	char *s = text_pad("广州天河", 4, 0);
	ck_assert_int_eq(text_width(s), 4);
	free(s);
}
END_TEST

/* Plain ASCII takes a shorter road through text_pad: it ends where the
 * general one (text_fit, then spaces) does, for every width and side. */
START_TEST(test_text_pad_of_ascii_matches_fit_and_padding)
{
	static const char *const texts[] = { "",
					     "a",
					     "GD-0001",
					     "12,345.67",
					     "  x  ",
					     "~!@#$%^&*()",
					     "2026-11-27 10:00",
					     "abcdefghijklmnopqrstuvwxyz",
					     "Royal Bridge Trading",
					     "a  b   c" };
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		for (int cells = 1; cells <= 30; cells++)
			for (int right = 0; right <= 1; right++) {
				char *fit = text_fit(texts[i], cells);
				int gap = cells - text_width(fit);
				char *want = xasprintf("%*s%s%*s", right ? gap : 0, "", fit,
						       right ? 0 : gap, "");
				char *got = text_pad(texts[i], cells, right);
				ck_assert_msg(!strcmp(got, want), "\"%s\" in %d %s: \"%s\", not \"%s\"",
					      texts[i], cells, right ? "right" : "left", got, want);
				ck_assert_int_eq(text_width(got), cells);
				free(fit);
				free(want);
				free(got);
			}
}
END_TEST

START_TEST(test_text_sanitize_replaces_c0_c1_del)
{
	CHECK_STR(text_sanitize("a\x1b[31mb"), "a\xEF\xBF\xBD[31mb");
	CHECK_STR(text_sanitize("x\x7fy"), "x\xEF\xBF\xBDy");
	CHECK_STR(text_sanitize("\xC2\x9B"
				"2J"),
		  "\xEF\xBF\xBD"
		  "2J"); /* U+009B CSI */
	CHECK_STR(text_sanitize("\x07\x08"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}
END_TEST

START_TEST(test_text_sanitize_whitespace_becomes_space)
{
	CHECK_STR(text_sanitize("a\tb\nc\rd"), "a b c d");
}
END_TEST

START_TEST(test_text_sanitize_replaces_bidi_overrides_and_isolates)
{
	CHECK_STR(text_sanitize("a\xE2\x80\xAE"
				"b"),
		  "a\xEF\xBF\xBD"
		  "b"); /* RLO */
	CHECK_STR(text_sanitize("a\xE2\x81\xA6"
				"b\xE2\x81\xA9"),
		  "a\xEF\xBF\xBD"
		  "b\xEF\xBF\xBD"); /* LRI, PDI */
}
END_TEST

START_TEST(test_text_sanitize_replaces_invalid_utf8)
{
	CHECK_STR(text_sanitize("a\xFF"
				"b"),
		  "a\xEF\xBF\xBD"
		  "b");
	CHECK_STR(text_sanitize("\xE5\xB9"), "\xEF\xBF\xBD\xEF\xBF\xBD"); /* truncated 广 */
	CHECK_STR(text_sanitize("\xED\xA0\x80"),
		  "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");		  /* surrogate */
	CHECK_STR(text_sanitize("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD"); /* overlong / */
}
END_TEST

START_TEST(test_text_sanitize_keeps_chinese_and_emoji)
{
	CHECK_STR(text_sanitize("广州😀 ok"), "广州😀 ok");
}
END_TEST

/* No byte sequence at all may leave a control or an invalid byte behind. */
START_TEST(test_text_sanitize_hostile_strings_never_pass)
{
	unsigned seed = 12345;
	for (int round = 0; round < 20000; round++) {
		unsigned char in[24];
		for (size_t i = 0; i < sizeof in - 1; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (unsigned char)(seed >> 16);
			if (in[i] == 0)
				in[i] = 0x9b;
		}
		in[sizeof in - 1] = 0;
		char *out = text_sanitize((const char *)in);
		const unsigned char *p = (const unsigned char *)out;
		while (*p) {
			ck_assert_msg(*p >= 0x20 && *p != 0x7f, "control byte 0x%02x passed", *p);
			if (*p < 0x80) {
				p++;
				continue;
			}
			/* Valid UTF-8 only, and no C1 or bidi control. */
			int len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
			ck_assert_msg(*p >= 0xC2 && *p <= 0xF4, "bad lead byte 0x%02x", *p);
			for (int k = 1; k < len; k++)
				ck_assert_msg((p[k] & 0xC0) == 0x80, "bad continuation");
			ck_assert_msg(!(p[0] == 0xC2 && p[1] < 0xA0), "C1 control passed");
			ck_assert_msg(
				!(p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE),
				"bidi override passed");
			ck_assert_msg(
				!(p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9),
				"bidi isolate passed");
			p += len;
		}
		free(out);
	}
}
END_TEST

START_TEST(test_text_clusters_step_over_whole_characters)
{
	const char *s = "广e\xCC\x81x";
	ck_assert_uint_eq(text_next_cluster(s), 3);
	ck_assert_uint_eq(text_next_cluster(s + 3), 3); /* e + combining acute */
	ck_assert_uint_eq(text_prev_cluster(s, 6), 3);
	ck_assert_uint_eq(text_prev_cluster(s, 3), 0);
	ck_assert_uint_eq(text_next_cluster(""), 0);
}
END_TEST

START_TEST(test_text_prefix_bytes_counts_cells)
{
	int used;
	ck_assert_uint_eq(text_prefix_bytes("广州ab", 3, &used), 3);
	ck_assert_int_eq(used, 2);
	ck_assert_uint_eq(text_prefix_bytes("广州ab", 5, &used), 7);
	ck_assert_int_eq(used, 5);
}
END_TEST

/* 👨‍👩‍👧‍👦: man, woman, girl, boy, joined by three ZWJs (U+200D). */
#define FAMILY                                                                     \
	"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7" \
	"\xE2\x80\x8D\xF0\x9F\x91\xA6"
/* The same four, unjoined: what a terminal is given. */
#define FAMILY_UNJOINED "\xF0\x9F\x91\xA8\xF0\x9F\x91\xA9\xF0\x9F\x91\xA7\xF0\x9F\x91\xA6"
#define ZWJ		"\xE2\x80\x8D"
#define ZWNJ		"\xE2\x80\x8C"
#define FLAG_CN		"\xF0\x9F\x87\xA8\xF0\x9F\x87\xB3" /* 🇨🇳, two regional indicators */

START_TEST(test_text_width_counts_each_emoji_of_a_zwj_family)
{
	/* As wcwidth and ncurses count: each emoji two cells, each ZWJ none. */
	ck_assert_int_eq(text_width(FAMILY), 8);
	ck_assert_int_eq(text_width(FAMILY "ab"), 10);
}
END_TEST

START_TEST(test_text_clusters_keep_zwj_sequences_and_flags_whole)
{
	ck_assert_uint_eq(text_next_cluster(FAMILY "x"), strlen(FAMILY));
	ck_assert_uint_eq(text_prev_cluster(FAMILY "x", strlen(FAMILY)), 0);
	ck_assert_uint_eq(text_next_cluster(FLAG_CN FLAG_CN), 8);
	ck_assert_uint_eq(text_prev_cluster(FLAG_CN FLAG_CN, 16), 8);
	/* A ZWJ between letters joins nothing into them: each letter is its own. */
	ck_assert_uint_eq(text_next_cluster("a" ZWJ "b"), 4);
}
END_TEST

START_TEST(test_text_fit_never_splits_a_cluster)
{
	/* The family is all there or not at all. */
	for (int cells = 1; cells < 9; cells++)
		CHECK_STR(text_fit(FAMILY "ab", cells), "…");
	CHECK_STR(text_fit(FAMILY "ab", 9), FAMILY_UNJOINED "…");
	CHECK_STR(text_fit(FAMILY "ab", 10), FAMILY_UNJOINED "ab");
	CHECK_STR(text_fit(FLAG_CN FLAG_CN "x", 4), FLAG_CN "…");
	CHECK_STR(text_fit("e\xCC\x81"
			   "e\xCC\x81x",
			   2),
		  "e\xCC\x81…");
}
END_TEST

START_TEST(test_text_fit_gives_the_terminal_no_zwj)
{
	/* tmux draws a ZWJ sequence as one glyph two cells wide, xterm and
	 * ncurses each emoji at its own width: only unjoined do they agree. */
	CHECK_STR(text_fit(FAMILY, 8), FAMILY_UNJOINED);
	CHECK_STR(text_pad(FAMILY, 10, 0), FAMILY_UNJOINED "  ");
	char *s = text_pad("x" FAMILY "y", 12, 1);
	ck_assert_ptr_null(strstr(s, ZWJ));
	ck_assert_int_eq(text_width(s), 12);
	free(s);
}
END_TEST

START_TEST(test_text_fit_drops_trailing_zwj)
{
	/* Left in, it would glue the next column's first cell onto the b. */
	CHECK_STR(text_fit("ab" ZWJ, 10), "ab");
	CHECK_STR(text_pad("ab" ZWJ, 4, 0), "ab  ");
	CHECK_STR(text_pad("ab" ZWNJ, 4, 1), "  ab");
	/* Nor before the "…" of a cut. */
	CHECK_STR(text_fit("a" ZWNJ "bc", 2), "a…");
	CHECK_STR(text_fit("a\xE2\x81\xA0"
			   "bc",
			   2),
		  "a…"); /* word joiner */
}
END_TEST

START_TEST(test_text_sanitize_drops_joiners_that_join_nothing)
{
	CHECK_STR(text_sanitize(ZWJ "ab"), "ab");
	CHECK_STR(text_sanitize("ab" ZWJ), "ab");
	CHECK_STR(text_sanitize("a" ZWJ " b"), "a b");
	CHECK_STR(text_sanitize("a " ZWJ "b"), "a b");
	CHECK_STR(text_sanitize("a" ZWJ ZWJ "b"), "a" ZWJ "b");
	CHECK_STR(text_sanitize(ZWNJ "a" ZWNJ), "a");
	CHECK_STR(text_sanitize("a\xE2\x81\xA0"), "a"); /* word joiner */
	CHECK_STR(text_sanitize("\xEF\xBB\xBF"
				"a"),
		  "a"); /* zero width no-break space */
	CHECK_STR(text_sanitize("a" ZWJ "\x1b"), "a\xEF\xBF\xBD");
}
END_TEST

START_TEST(test_text_sanitize_keeps_joiners_between_characters)
{
	CHECK_STR(text_sanitize(FAMILY), FAMILY);
	CHECK_STR(text_sanitize("a" ZWNJ "b"), "a" ZWNJ "b");
	/* After a mark or a variation selector, the base still joins: ❤️‍🔥. */
	CHECK_STR(text_sanitize("\xE2\x9D\xA4\xEF\xB8\x8F" ZWJ "\xF0\x9F\x94\xA5"),
		  "\xE2\x9D\xA4\xEF\xB8\x8F" ZWJ "\xF0\x9F\x94\xA5");
}
END_TEST

START_TEST(test_text_sanitize_keeps_marks_and_variation_selectors)
{
	CHECK_STR(text_sanitize("e\xCC\x81"), "e\xCC\x81");
	CHECK_STR(text_sanitize("\xE2\x9D\xA4\xEF\xB8\x8F"), "\xE2\x9D\xA4\xEF\xB8\x8F");
	CHECK_STR(text_fit("\xE2\x9D\xA4\xEF\xB8\x8F", 5), "\xE2\x9D\xA4\xEF\xB8\x8F");
}
END_TEST

static int wrap(const char *s, int cells, char out[][64])
{
	char **lines;
	int n = text_wrap(s, cells, &lines);
	for (int i = 0; i < n; i++) {
		snprintf(out[i], 64, "%s", lines[i]);
		ck_assert_int_le(text_width(lines[i]), cells);
		free(lines[i]);
	}
	free(lines);
	return n;
}

START_TEST(test_text_wrap_breaks_latin_at_spaces)
{
	char l[8][64];
	ck_assert_int_eq(wrap("Reputation 8 · Financial strength 7", 20, l), 2);
	ck_assert_str_eq(l[0], "Reputation 8 ·");
	ck_assert_str_eq(l[1], "Financial strength 7");
}
END_TEST

START_TEST(test_text_wrap_breaks_chinese_between_characters)
{
	char l[8][64];
	ck_assert_int_eq(wrap("信誉八分财务实力七分", 8, l), 3);
	ck_assert_str_eq(l[0], "信誉八分");
	ck_assert_str_eq(l[1], "财务实力");
	ck_assert_str_eq(l[2], "七分");
}
END_TEST

/* Chinese line-breaking rules: no line starts with a closing punctuation
 * mark (，。：), no number is split, and Chinese text next to a space still
 * breaks between its characters rather than going back to the space. */
START_TEST(test_text_wrap_keeps_numbers_whole_and_punctuation_off_line_starts)
{
	char l[8][64];
	/* 13 cells: "第20条" would be cut between 2 and 0. */
	ck_assert_int_eq(wrap("记录：共计第20条", 13, l), 2);
	ck_assert_str_eq(l[0], "记录：共计第");
	ck_assert_str_eq(l[1], "20条");
	/* The colon goes with the word before it, not to the next line. */
	ck_assert_int_eq(wrap("销售额度：很好", 8, l), 2);
	ck_assert_str_eq(l[0], "销售额");
	ck_assert_str_eq(l[1], "度：很好");
	/* Full-width digits are a number too. */
	ck_assert_int_eq(wrap("共１２", 4, l), 2);
	ck_assert_str_eq(l[0], "共");
	ck_assert_str_eq(l[1], "１２");
	/* A space early in the line does not leave the rest of it empty. */
	ck_assert_int_eq(wrap("A 八九十一二三四五", 10, l), 2);
	ck_assert_str_eq(l[0], "A 八九十一");
	ck_assert_str_eq(l[1], "二三四五");
}
END_TEST

START_TEST(test_text_wrap_keeps_everything)
{
	char l[8][64];
	ck_assert_int_eq(wrap("", 10, l), 1);
	ck_assert_str_eq(l[0], "");
	ck_assert_int_eq(wrap("abcdefghij", 4, l), 3);
	ck_assert_str_eq(l[2], "ij");
}
END_TEST

/* What a form or an import could have stored: UTF-8, no control character;
 * a newline and a tab only where lines are allowed. */
START_TEST(test_text_is_plain)
{
	ck_assert(text_is_plain("广州天河 GD-0001", strlen("广州天河 GD-0001"), false));
	ck_assert(text_is_plain("", 0, false));
	ck_assert(!text_is_plain("a\x1b[2J", 5, true));
	ck_assert(!text_is_plain("a\x7f", 2, true));
	ck_assert(!text_is_plain("a\nb", 3, false));
	ck_assert(text_is_plain("a\nb\tc", 5, true));
	ck_assert(!text_is_plain("\xe5\xb9", 2, true)); /* cut in a character */
	ck_assert(!text_is_plain("a\0b", 3, true));	    /* a NUL inside */
	ck_assert(!text_is_plain("a\xc2\x9b" "2J", 5, true)); /* U+009B, CSI */
	ck_assert(!text_is_plain("\xc2\x85", 2, true));	   /* U+0085, NEL */
	ck_assert(text_is_plain("\xc2\xa5" "12", 4, false)); /* ¥12 */
}
END_TEST

/* A program's name for a column or a kind, from its msgid. */
START_TEST(test_text_key_of_a_msgid)
{
	CHECK_STR(text_key_of("Last visit"), "last_visit");
	CHECK_STR(text_key_of("order line"), "order_line");
	CHECK_STR(text_key_of("part\004Terr"), "terr");
	CHECK_STR(text_key_of("Tol. %"), "tol");
	CHECK_STR(text_key_of("#"), "");
	CHECK_STR(text_key_of(NULL), "");
}
END_TEST

/* A path pasted into a shell command: as it is when nothing in it is
 * special to the shell, else single-quoted, a quote inside closed and
 * escaped. */
START_TEST(test_text_shell_word_quotes_only_what_needs_it)
{
	CHECK_STR(text_shell_word("/tmp/rep-R0007.db"), "/tmp/rep-R0007.db");
	CHECK_STR(text_shell_word("销售/王秀英.db"), "销售/王秀英.db");
	CHECK_STR(text_shell_word("my rep.db"), "'my rep.db'");
	CHECK_STR(text_shell_word("it's.db"), "'it'\\''s.db'");
	CHECK_STR(text_shell_word("$(rm -rf ~)"), "'$(rm -rf ~)'");
	CHECK_STR(text_shell_word("a\nb"), "'a\nb'");
	CHECK_STR(text_shell_word(""), "''");
}
END_TEST

SUITE_MAIN("text", test_text_shell_word_quotes_only_what_needs_it, test_text_key_of_a_msgid,
	   test_text_is_plain, test_text_ascii_fold_of_full_width_forms,
	   test_text_wrap_breaks_latin_at_spaces, test_text_wrap_breaks_chinese_between_characters,
	   test_text_wrap_keeps_everything,
	   test_text_wrap_keeps_numbers_whole_and_punctuation_off_line_starts,
	   test_text_width_ascii_is_one_cell_each, test_text_width_cjk_is_two_cells,
	   test_text_width_combining_mark_is_zero, test_text_width_emoji_is_two_cells,
	   test_text_fit_keeps_what_fits, test_text_fit_cuts_with_ellipsis,
	   test_text_fit_never_splits_wide_char, test_text_fit_never_splits_combining_sequence,
	   test_text_fit_zero_or_negative_is_empty, test_text_fit_drops_a_space_before_the_ellipsis,
	   test_text_pad_fills_to_exact_cells, test_text_pad_of_ascii_matches_fit_and_padding,
	   test_text_sanitize_replaces_c0_c1_del, test_text_sanitize_whitespace_becomes_space,
	   test_text_sanitize_replaces_bidi_overrides_and_isolates,
	   test_text_sanitize_replaces_invalid_utf8, test_text_sanitize_keeps_chinese_and_emoji,
	   test_text_sanitize_hostile_strings_never_pass,
	   test_text_clusters_step_over_whole_characters, test_text_prefix_bytes_counts_cells,
	   test_text_width_counts_each_emoji_of_a_zwj_family,
	   test_text_clusters_keep_zwj_sequences_and_flags_whole,
	   test_text_fit_never_splits_a_cluster, test_text_fit_gives_the_terminal_no_zwj,
	   test_text_fit_drops_trailing_zwj, test_text_sanitize_drops_joiners_that_join_nothing,
	   test_text_sanitize_keeps_joiners_between_characters,
	   test_text_sanitize_keeps_marks_and_variation_selectors)
