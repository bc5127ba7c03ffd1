/* core/pinyin: readings, sort keys, search keys and matching. */
#include <string.h>

#include "qudao/pinyin.h"
#include "suite.h"

START_TEST(test_pinyin_of_common_characters)
{
	ck_assert_str_eq(pinyin_of(0x5E7F), "guang"); /* 广 */
	ck_assert_str_eq(pinyin_of(0x5DDE), "zhou");  /* 州 */
	ck_assert_str_eq(pinyin_of(0x7EFF), "lv");    /* 绿: ü typed as v */
	ck_assert_ptr_null(pinyin_of('a'));
}
END_TEST

START_TEST(test_pinyin_sort_key_orders_by_syllables)
{
	char *a = pinyin_sort_key("安徽恒源");
	char *b = pinyin_sort_key("北京宏运");
	char *c = pinyin_sort_key("Golden Harvest");
	char *d = pinyin_sort_key("广州天河");
	ck_assert_str_eq(a, "an hui heng yuan ");
	ck_assert_int_lt(strcmp(a, b), 0);
	ck_assert_int_lt(strcmp(b, c), 0); /* bei < golden */
	ck_assert_int_lt(strcmp(c, d), 0); /* golden < guang */
	free(a);
	free(b);
	free(c);
	free(d);
}
END_TEST

START_TEST(test_pinyin_search_key_holds_every_form)
{
	char *k = pinyin_search_key("GD-0042", "广州天河恒源商贸", "王伟", "138-1234-5678");
	ck_assert_ptr_nonnull(strstr(k, "gd-0042"));
	ck_assert_ptr_nonnull(strstr(k, "gd0042"));
	ck_assert_ptr_nonnull(strstr(k, "广州天河"));
	ck_assert_ptr_nonnull(strstr(k, "13812345678"));
	ck_assert_ptr_nonnull(strstr(k, "guangzhoutianhe"));
	ck_assert_ptr_nonnull(strstr(k, "gzthhysm"));
	free(k);
}
END_TEST

START_TEST(test_pinyin_key_match_short_queries_by_syllable)
{
	char *k = pinyin_search_key("ZJ-0007", "杭州恒大商行", "王伟", "0571-8765-4321");
	ck_assert(pinyin_key_match(k, "hz"));
	ck_assert(pinyin_key_match(k, "zh"));
	ck_assert(pinyin_key_match(k, "zj"));	/* the code */
	ck_assert(pinyin_key_match(k, "王伟")); /* the contact */
	ck_assert(pinyin_key_match(k, "43"));	/* the phone */
	ck_assert(!pinyin_key_match(k, "gz"));	/* han-g-z-hou */
	ck_assert(!pinyin_key_match(k, "an"));
	ck_assert(pinyin_key_match(k, "han")); /* three: a substring */
	ck_assert(pinyin_key_match(k, ""));
	ck_assert(!pinyin_key_match(NULL, "hz"));
	free(k);
	/* 行 reads hang in 商行 (the words' table), xing alone. */
	k = pinyin_search_key("X1", "王氏商行", "", "");
	ck_assert(pinyin_key_match(k, "ha"));
	ck_assert(pinyin_key_match(k, "sh"));
	ck_assert(!pinyin_key_match(k, "gh")); /* shan-g-h-ang */
	free(k);
	/* A name longer than the key's pinyin holds (128 characters): the
	 * walk stops at the key's end (it read past it). */
	char name[400] = "广州";
	for (int i = 0; i < 126; i++)
		strcat(name, "-");
	for (int i = 0; i < 60; i++)
		strcat(name, "a");
	strcat(name, "中");
	k = pinyin_search_key("X2", name, "", "");
	ck_assert(!pinyin_key_match(k, "an"));
	ck_assert(pinyin_key_match(k, "zh"));
	ck_assert(pinyin_key_match(k, "gu"));
	free(k);
	/* Not a key of ours (no fields): a substring still. */
	ck_assert(pinyin_key_match("abc", "bc"));
}
END_TEST

/* Initials with a syllable after them (gzh, cdu, ahui), as people type
 * them: substrings of the key (the trigram index finds only those), and
 * matched where syllables begin. */
START_TEST(test_pinyin_key_match_initials_then_a_syllable)
{
	char *k = pinyin_search_key("GZ-1", "贵州运华商行", "", "");
	ck_assert(pinyin_key_match(k, "gzh"));	 /* g·zh */
	ck_assert(pinyin_key_match(k, "gzhou")); /* g·zhou */
	ck_assert(pinyin_key_match(k, "gzhy"));	 /* g·zh·y */
	ck_assert(pinyin_key_match(k, "zhyun")); /* zh·yun */
	ck_assert(pinyin_key_match(k, "zyun"));	 /* z·yun */
	ck_assert(!pinyin_key_match(k, "hou"));	 /* zh-ou, not a syllable's start */
	ck_assert(!pinyin_key_match(k, "ouy"));
	ck_assert(!pinyin_key_match(k, "uyun")); /* across two pairs */
	free(k);
	k = pinyin_search_key("X-1", "成都安徽杭州", "", "");
	ck_assert(pinyin_key_match(k, "cdu"));
	ck_assert(pinyin_key_match(k, "ahui"));
	ck_assert(pinyin_key_match(k, "hzh"));
	ck_assert(pinyin_key_match(k, "chd"));
	ck_assert(!pinyin_key_match(k, "engd")); /* ch-eng */
	free(k);
	/* A name with no zh, ch or sh has no such initials: the same twice
	 * would only make the key longer. */
	k = pinyin_search_key("X-2", "北京", "", "");
	ck_assert_ptr_nonnull(strstr(k, "\x1f"
					"bj"
					"\x1f\x1f"));
	free(k);
	/* A key of the format before (no such fields): matched as before. */
	ck_assert(pinyin_key_match("x-1\x1fx1\x1f杭州\x1f\x1f\x1f\x1fhangzhou\x1fhz\x1f", "hz"));
	ck_assert(!pinyin_key_match("x-1\x1fx1\x1f杭州\x1f\x1f\x1f\x1fhangzhou\x1fhz\x1f", "gz"));
}
END_TEST

START_TEST(test_pinyin_match_initials)
{
	ck_assert(pinyin_match("gzth", "广州天河恒源商贸有限公司"));
	ck_assert(pinyin_match("GZTH", "广州天河恒源商贸有限公司"));
	ck_assert(pinyin_match("thhy", "广州天河恒源商贸有限公司"));
	ck_assert(!pinyin_match("gzhy", "广州天河恒源商贸有限公司"));
}
END_TEST

START_TEST(test_pinyin_match_start_only_from_the_first_character)
{
	ck_assert(pinyin_match_start("she", "深圳市"));
	ck_assert(pinyin_match_start("sz", "深圳市"));
	ck_assert(pinyin_match_start("深", "深圳市"));
	ck_assert(!pinyin_match_start("she", "广东省"));
	ck_assert(pinyin_match("she", "广东省"));
	ck_assert(!pinyin_match_start("zh", "深圳市"));
	ck_assert(pinyin_match_start("", "深圳市"));
	ck_assert(!pinyin_match_start("s", ""));
}
END_TEST

START_TEST(test_pinyin_match_full_and_mixed)
{
	ck_assert(pinyin_match("guangzhou", "广州天河"));
	ck_assert(pinyin_match("guang zhou", "广州天河"));
	ck_assert(pinyin_match("guangzth", "广州天河"));
	ck_assert(pinyin_match("广州th", "广州天河"));
	ck_assert(pinyin_match("g州", "广州天河"));
	ck_assert(!pinyin_match("guangzhoux", "广州天河"));
}
END_TEST

START_TEST(test_pinyin_match_chinese_characters)
{
	ck_assert(pinyin_match("天", "广州天河"));
	ck_assert(pinyin_match("天河", "广州天河"));
	ck_assert(!pinyin_match("河天", "广州天河"));
}
END_TEST

START_TEST(test_pinyin_words_read_as_said)
{
	CHECK_STR(pinyin_sort_key("成都"), "cheng du ");
	CHECK_STR(pinyin_sort_key("重庆商行"), "chong qing shang hang ");
	CHECK_STR(pinyin_sort_key("佛山长安"), "fo shan chang an ");
	char *k = pinyin_search_key("CQ-1", "重庆渝中恒源商行", "", "");
	ck_assert_ptr_nonnull(strstr(k, "chongqing"));
	ck_assert_ptr_nonnull(strstr(k, "cqyzhysh"));
	free(k);
}
END_TEST

START_TEST(test_pinyin_match_other_readings)
{
	ck_assert(pinyin_match("cq", "重庆"));
	ck_assert(pinyin_match("chongxin", "重新")); /* 重 read chong outside the word table */
	ck_assert(pinyin_match("zhongyao", "重要"));
	ck_assert(pinyin_match("chengdu", "成都天府"));
	ck_assert(pinyin_match("doushi", "都是"));
}
END_TEST

START_TEST(test_pinyin_match_ascii_names_case_insensitive)
{
	ck_assert(pinyin_match("harvest", "Golden Harvest Trading"));
	ck_assert(pinyin_match("", "anything"));
	ck_assert(!pinyin_match("x", ""));
}
END_TEST

SUITE_MAIN("pinyin", test_pinyin_of_common_characters, test_pinyin_sort_key_orders_by_syllables,
	   test_pinyin_search_key_holds_every_form, test_pinyin_key_match_short_queries_by_syllable,
	   test_pinyin_key_match_initials_then_a_syllable, test_pinyin_match_initials,
	   test_pinyin_match_start_only_from_the_first_character, test_pinyin_match_full_and_mixed,
	   test_pinyin_match_chinese_characters, test_pinyin_words_read_as_said,
	   test_pinyin_match_other_readings, test_pinyin_match_ascii_names_case_insensitive)
