/* core/ics: iCalendar lines folded at 75 octets without splitting a
 * character, TEXT escaped, the VTIMEZONE, and events whose UID stays while
 * SEQUENCE rises. Every document is also read back by tests/ics_check.h. */
#include <string.h>

#include "ics_check.h"
#include "qudao/ics.h"
#include "suite.h"

START_TEST(test_ics_escapes_text)
{
	CHECK_STR(ics_escape("a,b;c\\d"), "a\\,b\\;c\\\\d");
	CHECK_STR(ics_escape("line 1\nline 2\r\nline 3\rend"), "line 1\\nline 2\\nline 3\\nend");
	/* Controls and broken bytes never get into the file. */
	CHECK_STR(ics_escape("tab\there\x1b[31m"), "tab\xef\xbf\xbdhere\xef\xbf\xbd[31m");
	CHECK_STR(ics_escape("bad \xff byte"), "bad \xef\xbf\xbd byte");
	CHECK_STR(ics_escape("广州，天河；店"), "广州，天河；店"); /* full-width stay */
	CHECK_STR(ics_escape(NULL), "");
}
END_TEST

START_TEST(test_ics_folds_chinese_at_75_octets_without_splitting_a_character)
{
	/* 40 three-octet characters after "SUMMARY:" (8 octets): 128 octets. */
	char text[200] = "";
	for (int i = 0; i < 40; i++)
		strcat(text, "广");
	struct ics_buf b = { 0 };
	ics_text(&b, "SUMMARY", text);
	/* The first line: "SUMMARY:" and 22 characters make 74 octets; a 23rd
	 * would make 77. */
	const char *eol = strstr(b.s, "\r\n");
	ck_assert_int_eq(eol - b.s, 74);
	ck_assert_ptr_null(ics_check_lines_only(b.s));
	char **lines, why[256];
	int n = ics_unfold(b.s, &lines, why, sizeof why);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(lines[0] + 8, text);
	ics_free_lines(lines, n);
	ics_buf_free(&b);
	/* Every length from 0 to 400 octets, mixing one-, two-, three- and
	 * four-octet characters and escapes. */
	static const char *const pieces[] = { "a", "é", "店", "😀", ",", "\n" };
	char long_text[2000] = "";
	for (int len = 0; len < 400; len++) {
		strcat(long_text, pieces[len % 6]);
		ics_text(&b, "DESCRIPTION", long_text);
		ck_assert_ptr_null(ics_check_lines_only(b.s));
		n = ics_unfold(b.s, &lines, why, sizeof why);
		ck_assert_int_eq(n, 1);
		char *back = ics_unescape(ics_value_of(lines[0]));
		ck_assert_str_eq(back, long_text);
		free(back);
		ics_free_lines(lines, n);
		ics_buf_free(&b);
	}
}
END_TEST

START_TEST(test_ics_short_lines_are_not_folded)
{
	struct ics_buf b = { 0 };
	ics_line(&b, "VERSION", "2.0");
	ck_assert_str_eq(b.s, "VERSION:2.0\r\n");
	ics_buf_free(&b);
	char value[80];
	memset(value, 'x', 67);
	value[67] = '\0';
	ics_line(&b, "SUMMARY", value); /* exactly 75 octets */
	ck_assert_int_eq(strlen(b.s), 77);
	ics_buf_free(&b);
	value[67] = 'y';
	value[68] = '\0';
	ics_line(&b, "SUMMARY", value); /* 76: one octet on a continuation */
	ck_assert_str_eq(b.s + 75, "\r\n y\r\n");
	ics_buf_free(&b);
}
END_TEST

START_TEST(test_ics_vtimezone_of_shanghai)
{
	struct ics_observance cst = { 0, { 1970, 1, 1 }, 0, 8 * 3600, 8 * 3600, "CST" };
	struct ics_buf b = { 0 };
	ics_begin(&b);
	ics_vtimezone(&b, "Asia/Shanghai", &cst, 1);
	ics_end(&b);
	ck_assert_ptr_nonnull(strstr(b.s, "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"
					  "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
					  "TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\n"
					  "END:STANDARD\r\nEND:VTIMEZONE\r\n"));
	ck_assert_ptr_null(ics_check(b.s));
	ics_buf_free(&b);
	char off[8];
	ck_assert_str_eq(ics_offset(-(3 * 3600 + 30 * 60), off), "-0330");
	ck_assert_str_eq(ics_offset(5 * 3600 + 45 * 60, off), "+0545");
}
END_TEST

/* A calendar of one visit event. */
static char *calendar_of(const struct ics_event *e)
{
	struct ics_observance cst = { 0, { 1970, 1, 1 }, 0, 8 * 3600, 8 * 3600, "CST" };
	struct ics_buf b = { 0 };
	ics_begin(&b);
	ics_vtimezone(&b, "Asia/Shanghai", &cst, 1);
	ics_event(&b, "Asia/Shanghai", e);
	ics_end(&b);
	return b.s;
}

START_TEST(test_ics_event_uid_stays_sequence_rises)
{
	struct ics_event e = { .visit_id = 8070123456789,
			       .day = { 2026, 12, 31 },
			       .minutes = 23 * 60 + 30,
			       .duration = 60,
			       .version = 1,
			       .modified = "2026-11-27T08:30:05Z",
			       .status = "planned",
			       .summary = "拜访 广州天河商行, 王伟",
			       .location = "广州市天河区体育西路1号; 3楼",
			       .description = "例行拜访\n目标: 订货 ≥ ¥5,000" };
	char *a = calendar_of(&e);
	ck_assert_ptr_null(ics_check(a));
	ck_assert_ptr_nonnull(strstr(a, "\r\nUID:qudao-visit-8070123456789@qudao\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nSEQUENCE:0\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nLAST-MODIFIED:20261127T083005Z\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nDTSTART;TZID=Asia/Shanghai:20261231T233000\r\n"));
	/* An hour long, into the next year. */
	ck_assert_ptr_nonnull(strstr(a, "\r\nDTEND;TZID=Asia/Shanghai:20270101T003000\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nSTATUS:TENTATIVE\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "SUMMARY:拜访 广州天河商行\\, 王伟\r\n"));
	/* Changed: the same UID, a higher SEQUENCE and LAST-MODIFIED. */
	e.version = 3;
	e.status = "confirmed";
	e.modified = "2026-11-28T01:00:00Z";
	char *b = calendar_of(&e);
	ck_assert_ptr_null(ics_check(b));
	ck_assert_ptr_nonnull(strstr(b, "\r\nUID:qudao-visit-8070123456789@qudao\r\n"));
	ck_assert_ptr_nonnull(strstr(b, "\r\nSEQUENCE:2\r\n"));
	ck_assert_ptr_nonnull(strstr(b, "\r\nLAST-MODIFIED:20261128T010000Z\r\n"));
	ck_assert_ptr_nonnull(strstr(b, "\r\nSTATUS:CONFIRMED\r\n"));
	free(a);
	free(b);
}
END_TEST

START_TEST(test_ics_status_mapping)
{
	ck_assert_str_eq(ics_status("planned"), "TENTATIVE");
	ck_assert_str_eq(ics_status("confirmed"), "CONFIRMED");
	ck_assert_str_eq(ics_status("done"), "CONFIRMED");
	ck_assert_str_eq(ics_status("cancelled"), "CANCELLED");
	ck_assert_str_eq(ics_status("missed"), "CANCELLED");
	char buf[20];
	ck_assert_str_eq(ics_utc_stamp("2026-11-27T08:30:00Z", buf), "20261127T083000Z");
	ck_assert_str_eq(ics_utc_stamp("2026-11-27", buf), "20261127T000000Z");
	ck_assert_str_eq(ics_utc_stamp("2026-11-27T08:30:00", buf), "20261127T083000Z");
	ck_assert_str_eq(ics_utc_stamp("garbage that is long", buf), "");
}
END_TEST

START_TEST(test_ics_checker_catches_what_is_wrong)
{
	/* The checker itself: each of these must be refused. */
	ck_assert_ptr_nonnull(ics_check("BEGIN:VCALENDAR\nEND:VCALENDAR\r\n"));
	ck_assert_ptr_nonnull(ics_check("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"));
	char long_line[200] = "BEGIN:VCALENDAR\r\nX:";
	memset(long_line + strlen(long_line), 'a', 80);
	strcat(long_line, "\r\nEND:VCALENDAR\r\n");
	ck_assert_ptr_nonnull(ics_check(long_line));
	/* 广 split after its first octet. */
	ck_assert_ptr_nonnull(
		ics_check("BEGIN:VCALENDAR\r\nX:\xe5\r\n \xb9\xbf\r\nEND:VCALENDAR\r\n"));
	ck_assert_ptr_nonnull(ics_check("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
					"SUMMARY:a,b\r\nEND:VCALENDAR\r\n"));
	ck_assert_ptr_nonnull(ics_check("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT"
					"\r\nUID:1\r\nDTSTAMP:20261127T000000Z\r\nDTSTART;TZID=X:"
					"20261127T000000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"));
	ck_assert_ptr_null(
		ics_check("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n"));
}
END_TEST

SUITE_MAIN("ics", test_ics_escapes_text,
	   test_ics_folds_chinese_at_75_octets_without_splitting_a_character,
	   test_ics_short_lines_are_not_folded, test_ics_vtimezone_of_shanghai,
	   test_ics_event_uid_stays_sequence_rises, test_ics_status_mapping,
	   test_ics_checker_catches_what_is_wrong)
