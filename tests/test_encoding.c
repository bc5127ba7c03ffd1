/* core/encoding: detection by BOM, UTF-8 and GB18030, and conversion. */
#include <stdlib.h>
#include <string.h>

#include "qudao/encoding.h"
#include "suite.h"

static qd_encoding detect(const char *buf, size_t n, size_t *skip, bool *damaged)
{
	qd_encoding e = ENC_AUTO;
	ck_assert_int_eq(encoding_detect(buf, n, ENC_AUTO, &e, skip, damaged), 0);
	return e;
}

START_TEST(test_encoding_bom_decides)
{
	size_t skip;
	bool damaged;
	ck_assert_int_eq(detect("\xEF\xBB\xBF"
				"a",
				4, &skip, &damaged),
			 ENC_UTF8);
	ck_assert_uint_eq(skip, 3);
	ck_assert_int_eq(detect("\xFF\xFE"
				"a\0",
				4, &skip, &damaged),
			 ENC_UTF16LE);
	ck_assert_uint_eq(skip, 2);
	ck_assert_int_eq(detect("\xFE\xFF\0a", 4, &skip, &damaged), ENC_UTF16BE);
}
END_TEST

START_TEST(test_encoding_valid_utf8_is_utf8)
{
	size_t skip;
	bool damaged;
	ck_assert_int_eq(detect("广州,code", 11, &skip, &damaged), ENC_UTF8);
	ck_assert(!damaged);
	ck_assert_uint_eq(skip, 0);
}
END_TEST

START_TEST(test_encoding_gb18030_without_bom_is_found)
{
	/* 广州天河 in GB18030 */
	const char gb[] = "code,\xB9\xE3\xD6\xDD\xCC\xEC\xBA\xD3\n";
	size_t skip;
	bool damaged;
	ck_assert_int_eq(detect(gb, sizeof gb - 1, &skip, &damaged), ENC_GB18030);
	char *out;
	size_t n, bad;
	ck_assert_int_eq(encoding_to_utf8(gb, sizeof gb - 1, ENC_GB18030, &out, &n, &bad), 0);
	ck_assert_str_eq(out, "code,广州天河\n");
	free(out);
}
END_TEST

START_TEST(test_encoding_damaged_utf8_is_not_read_as_gb18030)
{
	/* Chinese UTF-8 with one broken byte: reading it as GB18030 would
	 * garble every name; it stays UTF-8 and the row says where. */
	const char text[] = "名称\n广州天河经销部\n深圳南山\xff商行\n北京朝阳\n";
	size_t skip;
	bool damaged;
	ck_assert_int_eq(detect(text, sizeof text - 1, &skip, &damaged), ENC_UTF8);
	ck_assert(damaged);
	ck_assert_uint_eq(encoding_utf8_invalid(text, sizeof text - 1), 41);
}
END_TEST

/* Little Chinese and one damaged line, which GB18030 does not read
 * either: UTF-8 whose damaged row is refused (it stopped the whole file,
 * which with more Chinese in it had only that row refused). */
START_TEST(test_encoding_damaged_line_of_ascii_utf8_is_utf8)
{
	const char text[] = "code,name\nZ1,华东\nZ2,bad\xff\xfe here\n";
	size_t skip;
	bool damaged;
	ck_assert_int_eq(detect(text, sizeof text - 1, &skip, &damaged), ENC_UTF8);
	ck_assert(damaged);
	/* Most lines damaged: some other encoding, refused. */
	const char most[] = "a,\x80\xff\n\xff\xfe,\x81\n";
	qd_encoding e;
	ck_assert_int_eq(encoding_detect(most, sizeof most - 1, ENC_AUTO, &e, &skip, &damaged), -1);
}
END_TEST

/* Latin-1 (or Windows-1252) with most lines plain ASCII: its accented
 * letters are single bytes between ASCII ones, where damaged UTF-8 has a cut
 * sequence. Nothing says UTF-8 (no valid character beyond ASCII): refused
 * whole, as the issue asks, not read row by row with the accented rows
 * refused and their letters lost in the rejects file. */
START_TEST(test_encoding_latin1_with_ascii_lines_is_refused)
{
	const char text[] =
		"code,name,notes\nL-0001,Plain Trading,ok\nL-0002,M\xfcller Handels "
		"GmbH,x\nL-0003,Soci\xe9t\xe9 G\xe9n\xe9rale Caf\xe9,y\nL-0004,Another,z\n";
	qd_encoding e;
	size_t skip;
	bool damaged;
	ck_assert_int_eq(encoding_detect(text, sizeof text - 1, ENC_AUTO, &e, &skip, &damaged), -1);
	/* Windows-1252's quotes likewise. */
	const char quotes[] = "code,name\nA1,\x93"
			      "Best\x94"
			      " Foods\nA2,Plain\nA3,Plainer\n";
	ck_assert_int_eq(encoding_detect(quotes, sizeof quotes - 1, ENC_AUTO, &e, &skip, &damaged),
			 -1);
	/* One such byte alone may be a character cut to its first byte:
	 * UTF-8, its row refused, as before. */
	const char cut[] = "code,name\nA1,Caf\xc3,x\nA2,Plain\nA3,Plainer\n";
	ck_assert_int_eq(encoding_detect(cut, sizeof cut - 1, ENC_AUTO, &e, &skip, &damaged), 0);
	ck_assert_int_eq(e, ENC_UTF8);
	ck_assert(damaged);
}
END_TEST

/* Accented names beside one cut character: GB18030 reads it too, but the
 * lines of non-ASCII text that are valid UTF-8 say it is UTF-8 (it was
 * saved as M眉ller and Zo毛). */
START_TEST(test_encoding_damaged_line_beside_valid_accents_is_utf8)
{
	const char text[] = "code,name\nZ1,Nord Müller\nZ2,South \xe4\xb8\nZ3,East Z\nZ4,Zoë\n";
	size_t skip;
	bool damaged;
	ck_assert_int_eq(detect(text, sizeof text - 1, &skip, &damaged), ENC_UTF8);
	ck_assert(damaged);
}
END_TEST

/* --encoding utf-16 on a file without a mark: big-endian by its zero
 * bytes (it was read as little-endian, and every column was missing). */
START_TEST(test_encoding_utf16_asked_finds_its_byte_order)
{
	const char be[] = "\0c\0o\0d\0e\0\n", le[] = "c\0o\0d\0e\0\n\0";
	qd_encoding e;
	size_t skip;
	bool damaged;
	ck_assert_int_eq(encoding_detect(be, sizeof be - 1, ENC_UTF16, &e, &skip, &damaged), 0);
	ck_assert_int_eq(e, ENC_UTF16BE);
	ck_assert_int_eq(encoding_detect(le, sizeof le - 1, ENC_UTF16, &e, &skip, &damaged), 0);
	ck_assert_int_eq(e, ENC_UTF16LE);
}
END_TEST

START_TEST(test_encoding_neither_utf8_nor_gb18030_is_refused)
{
	const char text[] = "a,\x80\xff\xff\x80\n";
	qd_encoding e;
	size_t skip;
	bool damaged;
	ck_assert_int_eq(encoding_detect(text, sizeof text - 1, ENC_AUTO, &e, &skip, &damaged), -1);
}
END_TEST

START_TEST(test_encoding_utf16_converts)
{
	const char le[] = "a\0,\0\x7f\x5e\xde\x5d";
	char *out;
	size_t n, bad;
	ck_assert_int_eq(encoding_to_utf8(le, sizeof le - 1, ENC_UTF16LE, &out, &n, &bad), 0);
	ck_assert_str_eq(out, "a,广州");
	free(out);
}
END_TEST

/* UTF-16 without a byte order mark is known by its NUL bytes, on the odd
 * side for little-endian, the even side for big-endian. */
START_TEST(test_encoding_utf16_without_bom_is_recognised)
{
	const char le[] = "c\0o\0d\0e\0,\0n\0\r\0\n\0U\0\x31\0,\0\x7f\x5e\xde\x5d";
	const char be[] = "\0c\0o\0d\0e\0,\0n\0\r\0\n\0U\0\x31\0,\x5e\x7f\x5d\xde";
	qd_encoding e;
	size_t skip;
	bool damaged;
	ck_assert_int_eq(encoding_detect(le, sizeof le - 1, ENC_AUTO, &e, &skip, &damaged), 0);
	ck_assert_int_eq(e, ENC_UTF16LE);
	ck_assert_uint_eq(skip, 0);
	ck_assert_int_eq(encoding_detect(be, sizeof be - 1, ENC_AUTO, &e, &skip, &damaged), 0);
	ck_assert_int_eq(e, ENC_UTF16BE);
	/* UTF-8 text is still UTF-8. */
	ck_assert_int_eq(encoding_detect("code,name\n", 10, ENC_AUTO, &e, &skip, &damaged), 0);
	ck_assert_int_eq(e, ENC_UTF8);
}
END_TEST

START_TEST(test_encoding_conversion_error_says_where)
{
	char *out;
	size_t n, bad = 0;
	ck_assert_int_eq(encoding_to_utf8("ab\x81", 3, ENC_GB18030, &out, &n, &bad), -1);
	ck_assert_uint_eq(bad, 2);
}
END_TEST

START_TEST(test_encoding_to_gb18030_and_back)
{
	char *gb, *back;
	size_t n, m, bad;
	ck_assert_int_eq(encoding_from_utf8("广州😀", 10, ENC_GB18030, &gb, &n), 0);
	ck_assert_int_eq(encoding_to_utf8(gb, n, ENC_GB18030, &back, &m, &bad), 0);
	ck_assert_str_eq(back, "广州😀");
	free(gb);
	free(back);
}
END_TEST

START_TEST(test_encoding_names_parse)
{
	qd_encoding e;
	ck_assert_int_eq(encoding_parse("UTF-8", &e), 0);
	ck_assert_int_eq(e, ENC_UTF8);
	ck_assert_int_eq(encoding_parse("gbk", &e), 0);
	ck_assert_int_eq(e, ENC_GB18030);
	ck_assert_int_eq(encoding_parse("utf-16", &e), 0);
	ck_assert_int_eq(e, ENC_UTF16);
	ck_assert_int_eq(encoding_parse("latin1", &e), -1);
}
END_TEST

/* GB18030 that happens to be valid UTF-8 (卢叶 is C2 AC D2 B6: "¬Ҷ") is
 * told from UTF-8 of Latin names, money and Chinese. */
START_TEST(test_encoding_gb18030_that_is_valid_utf8_is_told)
{
	static const char *const gb = "code,name\nA1,\xC2\xAC\xD2\xB6\n";
	static const char *const utf8[] = {
		"A1,Caf\xC3\xA9,\xC2\xA5"
		"12\n",			      /* Café, ¥12 */
		"A1,Cafe\xCC\x81\n",	      /* a combining accent */
		"A1,\xE5\x8D\xA2,\xC2\xAC\n", /* 卢 in UTF-8 beside ¬ */
		"A1,plain\n",
	};
	size_t at = 99;
	ck_assert(encoding_utf8_could_be_gb18030(gb, strlen(gb), &at));
	ck_assert_int_eq(at, 13);
	/* 莫强 and 牛强 (C4 AA C7 BF, C5 A3 C7 BF) read in UTF-8 as Latin
	 * letters with accents, but not Western Europe's: "Īǿ", "ţǿ". */
	static const char gb2[] = "code,name,role\r\nR0911,\xC4\xAA\xC7\xBF,rep\r\n"
				  "R0913,\xC5\xA3\xC7\xBF,rep\r\n";
	ck_assert(encoding_utf8_could_be_gb18030(gb2, sizeof gb2 - 1, &at));
	ck_assert_int_eq(at, 22);
	/* 毛玫 and 路茂 (C3 AB C3 B5, C2 B7 C3 AF) are Western letters, but
	 * standing alone, not in a word: "ëõ", "·ï". */
	static const char gb3[] = "code,name\nR900,\xC3\xAB\xC3\xB5\nR901,\xC2\xB7\xC3\xAF\n";
	ck_assert(encoding_utf8_could_be_gb18030(gb3, sizeof gb3 - 1, &at));
	static const char latin[] =
		"code,name\nA1,M\xC3\xBCller\nA2,Jos\xC3\xA9\nA3,\xC3\x89lise\n";
	ck_assert(!encoding_utf8_could_be_gb18030(latin, sizeof latin - 1, &at));
	for (size_t i = 0; i < sizeof utf8 / sizeof utf8[0]; i++)
		ck_assert_msg(!encoding_utf8_could_be_gb18030(utf8[i], strlen(utf8[i]), &at), "%zu",
			      i);
}
END_TEST

/* A file in another encoding of two bytes a character often decodes as
 * GB18030 too, into characters Chinese text seldom holds: Latin-1's
 * "Müller" became "M黮ler", Big5's 台灣貿易有限公司 "芖禩Τそ", and were stored.
 * Such a file is refused (-2), with where. GB18030 of Chinese text is read:
 * a short file with one rare character (王喆: a first version refused it,
 * one of two characters being outside GB2312), traditional characters,
 * ¥ and ㎡™–•, a Japanese brand among Chinese words. */
START_TEST(test_encoding_gb18030_of_rare_characters_is_doubted)
{
	static const char latin1[] = "code,name,contact\nDE-0001,M\xFCller Gro\xDF"
				     "handel GmbH,J\xFCrgen K\xF6hler\n";
	static const char big5[] = "code,name\nTW-0001,\xA5\x78\xC6\x57\xB6\x54\xA9\xF6\xA6\xB3"
				   "\xAD\xAD\xA4\xBD\xA5\x71,\xB3\xAF\xA5\xFD\xA5\xCD\n";
	/* Alone, 台灣貿易 has one character in the user-defined area (台)
	 * and one where GB2312's box drawing leaves a place empty (易, A9F6):
	 * it was read as GB18030 and stored as two characters of the private
	 * use area around 芖禩. */
	static const char big5_short[] = "code,name\nGD-9503,\xA5\x78\xC6\x57\xB6\x54\xA9\xF6\n";
	static const char sjis[] = "code,name\nSJ-1,\x93\xFA\x96\x7B\x8F\xA4\x8E\x96\x8A\x94"
				   "\x8E\xAE\x89\xEF\x8E\xD0\n";
	static const char *const gb[] = {
		"code,name\nA1,\xCD\xF5\x86\xB4\xC9\xCC\xD0\xD0,\xB9\xE3\xD6"
		"\xDD\xCC\xEC\xBA\xD3\xC3\xB3\xD2\xD7\n",
		"code,contact\nAH-0001,\xCD\xF5\x86\xB4\n",
		"code,name\nHK-1,\xBE\xC5\xFD\x88\x9E\xB3\xD9Q\xD2\xD7,\xEA\x90\xD6\xBE\x8F\x8A,"
		"\xE0\x87\xFB\x90\xC8"
		"A\n",
		"distributor,month,target\nGD-0001,2026-11,\"\x81"
		"0\x84"
		"61,234.50\"\n",
		"sku,unit\nP1,\xA9O\x81"
		"6\xBE"
		"4\xA8"
		"C\x81"
		"6\xA6"
		"1\n",
		"code,name\nJP-1,\xA5\xDD\xA5\xC3\xA5\xAD\xA9`,"
		"\xC7\xC9\xBF\xCB\xC1\xA6\xB1\xFD\xB8\xC9\xC5\xFA\xB7\xA2\xD3\xD0\xCF\xDE\xB9\xAB"
		"\xCB\xBE,"
		"\xB9\xE3\xD6\xDD\xCA\xD0\xCC\xEC\xBA\xD3\xC7\xF8\xCC\xE5\xD3\xFD\xCE\xF7\xC2\xB7"
		"\n",
		"code,name,contact\nS-2,"
		"\xC9\xCF\xBA\xA3\xA5\xAD\xA5\xE4\xA5\xCE\xA5\xF3\xC3\xB3\xD2\xD7,"
		"\xC0\xEE\x88\xD2\n",
		"code,name\nR-1,"
		"\xB6\xED\xC2\xDE\xCB\xB9\xA7\xAE\xA7\xE0\xA7\xE3\xA7\xDC\xA7\xD3\xA7\xD1\xC3\xB3"
		"\xD2\xD7\n",
	};
	/* Accented capitals that begin words (a user's 300 rows of Élise
	 * and Ève were stored as 蒷ise and 葀e). */
	static const char latin1_caps[] = "code,name,contact\nL-3,\xC9lise SARL,\xC8ve Martin\n";
	const char *const doubted[] = { latin1, big5, sjis, latin1_caps, big5_short };
	const size_t first[] = { 27, 18, 15, 22, 18 };
	qd_encoding e;
	size_t skip, at;
	bool damaged;
	for (int i = 0; i < 5; i++) {
		size_t n = strlen(doubted[i]);
		ck_assert_int_eq(encoding_detect(doubted[i], n, ENC_AUTO, &e, &skip, &damaged), -2);
		ck_assert(encoding_gb18030_doubtful(doubted[i], n, &at));
		ck_assert_uint_eq(at, first[i]);
		/* Said to be GB18030, it is read as such. */
		ck_assert_int_eq(encoding_detect(doubted[i], n, ENC_GB18030, &e, &skip, &damaged),
				 0);
	}
	for (size_t i = 0; i < sizeof gb / sizeof gb[0]; i++) {
		ck_assert_msg(!encoding_gb18030_doubtful(gb[i], strlen(gb[i]), &at), "%zu", i);
		ck_assert_int_eq(detect(gb[i], strlen(gb[i]), &skip, &damaged), ENC_GB18030);
	}
}
END_TEST

SUITE_MAIN("encoding", test_encoding_bom_decides, test_encoding_valid_utf8_is_utf8,
	   test_encoding_gb18030_without_bom_is_found,
	   test_encoding_damaged_utf8_is_not_read_as_gb18030,
	   test_encoding_damaged_line_of_ascii_utf8_is_utf8,
	   test_encoding_latin1_with_ascii_lines_is_refused,
	   test_encoding_utf16_asked_finds_its_byte_order,
	   test_encoding_damaged_line_beside_valid_accents_is_utf8,
	   test_encoding_neither_utf8_nor_gb18030_is_refused, test_encoding_utf16_converts,
	   test_encoding_utf16_without_bom_is_recognised, test_encoding_conversion_error_says_where,
	   test_encoding_to_gb18030_and_back, test_encoding_names_parse,
	   test_encoding_gb18030_that_is_valid_utf8_is_told,
	   test_encoding_gb18030_of_rare_characters_is_doubted)
