/* ui/form: the line editor and the form's keys, without a terminal. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "../src/ui/ui.h"
#include "suite.h"

static struct ui_key ch(wint_t c)
{
	return (struct ui_key){ c, false };
}

static struct ui_key code(wint_t c)
{
	return (struct ui_key){ c, true };
}

static void type(struct form_field *f, const char *utf8)
{
	wchar_t w[64];
	size_t n = mbstowcs(w, utf8, 64);
	for (size_t i = 0; i < n; i++) {
		bool edited;
		field_edit_key(f, ch((wint_t)w[i]), &edited);
	}
}

START_TEST(test_field_types_chinese_and_moves_by_character)
{
	struct form_field f = { 0 };
	type(&f, "广州ab");
	ck_assert_str_eq(field_value(&f), "广州ab");
	ck_assert_uint_eq(f.cursor, strlen("广州ab"));
	bool edited;
	field_edit_key(&f, code(KEY_LEFT), &edited);
	field_edit_key(&f, code(KEY_LEFT), &edited);
	field_edit_key(&f, code(KEY_LEFT), &edited);
	ck_assert_uint_eq(f.cursor, 3); /* after 广 */
	type(&f, "天");
	ck_assert_str_eq(field_value(&f), "广天州ab");
	field_free(&f);
}
END_TEST

START_TEST(test_field_for_a_number_takes_full_width_digits_as_ascii)
{
	/* A rep's phone typed with a Chinese input method: １３８… was refused
	 * by the rep form while the distributor form took it. */
	struct form_field f = { .ascii = true };
	type(&f, "１３８\u3000ＧＤ－００１");
	ck_assert_str_eq(field_value(&f), "138 GD-001");
	field_free(&f);
}
END_TEST

START_TEST(test_field_for_a_name_keeps_full_width_letters)
{
	struct form_field name = { 0 };
	type(&name, "ＡＢＣ商行");
	ck_assert_str_eq(field_value(&name), "ＡＢＣ商行");
	field_free(&name);
}
END_TEST

START_TEST(test_field_backspace_removes_a_whole_character)
{
	struct form_field f = { 0 };
	type(&f, "e\u0301州");
	bool edited;
	field_edit_key(&f, code(KEY_BACKSPACE), &edited);
	ck_assert(edited);
	ck_assert_str_eq(field_value(&f), "e\xCC\x81");
	field_edit_key(&f, ch(127), &edited);
	ck_assert_str_eq(field_value(&f), ""); /* e and its accent together */
	field_free(&f);
}
END_TEST

START_TEST(test_field_refuses_control_characters)
{
	struct form_field f = { 0 };
	type(&f, "a");
	field_insert(&f, 0x1b);
	field_insert(&f, 0x9b);
	field_insert(&f, 0x7f);
	ck_assert_str_eq(field_value(&f), "a");
	field_free(&f);
}
END_TEST

START_TEST(test_field_refuses_invisible_and_direction_characters)
{
	/* Pasted with a name: the zero width space, the word joiner, the
	 * right-to-left override and its end are left out, and said so; the
	 * joiner an emoji needs stays. */
	struct form_field f = { 0 };
	type(&f, "零宽");
	field_insert(&f, 0x200b);
	type(&f, "测试");
	field_insert(&f, 0x2060);
	field_insert(&f, 0x202e);
	type(&f, "商行");
	ck_assert(f.error[0]);
	field_insert(&f, 0x202c);
	field_insert(&f, 0x2028);
	field_insert(&f, 0x00ad);
	field_insert(&f, 0x180e);
	field_insert(&f, 0x1f468);
	field_insert(&f, 0x200d);
	field_insert(&f, 0x1f469);
	ck_assert_str_eq(field_value(&f), "零宽测试商行👨\u200d👩");
	field_free(&f);
}
END_TEST

START_TEST(test_field_refuses_past_max_chars_and_says_so)
{
	struct form_field f = { .label = "Name", .max_chars = 3 };
	type(&f, "一二三四五");
	ck_assert_str_eq(field_value(&f), "一二三");
	ck_assert_ptr_nonnull(strstr(f.error, "3"));
	field_free(&f);
}
END_TEST

START_TEST(test_field_holds_a_long_value_whole)
{
	/* 3,000 characters: far past any fixed buffer, kept byte for byte. */
	struct form_field f = { 0 };
	char *text = malloc(3000 * 3 + 1);
	for (int i = 0; i < 3000; i++)
		memcpy(text + i * 3, "注", 3);
	text[9000] = '\0';
	form_set(&f, text);
	ck_assert_str_eq(field_value(&f), text);
	bool edited;
	field_edit_key(&f, ch('!'), &edited);
	ck_assert(edited);
	ck_assert_uint_eq(strlen(field_value(&f)), 9001);
	free(text);
	field_free(&f);
}
END_TEST

START_TEST(test_form_refused_character_is_reported)
{
	struct form_field fields[1] = { { .label = "Code", .max_chars = 2 } };
	struct ui_form f = { .fields = fields, .n = 1 };
	ck_assert_int_eq(form_key(&f, NULL, ch('a')), FORM_EDITED);
	ck_assert_int_eq(form_key(&f, NULL, ch('b')), FORM_EDITED);
	ck_assert_int_eq(form_key(&f, NULL, ch('c')), FORM_REFUSED);
	ck_assert_str_eq(field_value(&fields[0]), "ab");
	ck_assert_str_ne(fields[0].error, "");
	form_free(&f);
}
END_TEST

START_TEST(test_field_ctrl_u_and_delete)
{
	struct form_field f = { 0 };
	type(&f, "abc");
	bool edited;
	field_edit_key(&f, code(KEY_HOME), &edited);
	field_edit_key(&f, code(KEY_DC), &edited);
	ck_assert_str_eq(field_value(&f), "bc");
	field_edit_key(&f, code(KEY_END), &edited);
	field_edit_key(&f, ch(21), &edited); /* Ctrl-U */
	ck_assert_str_eq(field_value(&f), "");
	field_free(&f);
}
END_TEST

START_TEST(test_form_submit_drops_spaces_at_the_ends)
{
	/* A copied cell's line end pasted as a space, a space typed first:
	 * "Line one Line two " was saved, and "  Lead" sorted first. */
	struct form_field fields[2] = { { .label = "x" }, { .label = "y" } };
	struct ui_form f = { .fields = fields, .n = 2 };
	form_set(&fields[0], "  Lead \xE3\x80\x80");
	form_set(&fields[1], "\xE3\x80\x80王 五 ");
	ck_assert_int_eq(form_key(&f, NULL, ch('\r')), FORM_SUBMIT);
	ck_assert_str_eq(field_value(&fields[0]), "Lead");
	ck_assert_str_eq(field_value(&fields[1]), "王 五");
	form_free(&f);
}
END_TEST

START_TEST(test_form_submit_composes_as_an_import_does)
{
	/* A name pasted from a Mac or a web page, "e" and a combining acute:
	 * saved as it came, it differed from the same name imported (NFC,
	 * csv.c), and searching for one did not find the other. */
	struct form_field fields[2] = { { .label = "x" }, { .label = "y" } };
	struct ui_form f = { .fields = fields, .n = 2 };
	form_set(&fields[0], " Cafe\xCC\x81 Ame\xCC\x81lie ");
	form_set(&fields[1], "王五");
	ck_assert_int_eq(form_key(&f, NULL, ch('\r')), FORM_SUBMIT);
	ck_assert_str_eq(field_value(&fields[0]), "Caf\xC3\xA9 Am\xC3\xA9lie");
	ck_assert_int_eq(fields[0].len, strlen("Caf\xC3\xA9 Am\xC3\xA9lie"));
	ck_assert_str_eq(field_value(&fields[1]), "王五");
	form_free(&f);
}
END_TEST

START_TEST(test_form_tab_enter_esc)
{
	static const char *const choices[] = { "A", "B", "C" };
	struct form_field fields[2] = {
		{ .label = "x" },
		{ .label = "y", .kind = FORM_CHOICE, .choices = choices, .nchoices = 3 }
	};
	struct ui_form f = { .fields = fields, .n = 2 };
	ck_assert_int_eq(form_key(&f, NULL, ch('\t')), FORM_MOVED);
	ck_assert_int_eq(f.focus, 1);
	ck_assert_int_eq(form_key(&f, NULL, ch(' ')), FORM_EDITED);
	ck_assert_int_eq(fields[1].choice, 1);
	ck_assert_int_eq(form_key(&f, NULL, code(KEY_LEFT)), FORM_EDITED);
	ck_assert_int_eq(form_key(&f, NULL, code(KEY_LEFT)), FORM_EDITED);
	ck_assert_int_eq(fields[1].choice, 2); /* wraps around */
	ck_assert(f.dirty);
	ck_assert_int_eq(form_key(&f, NULL, code(KEY_BTAB)), FORM_MOVED);
	ck_assert_int_eq(f.focus, 0);
	ck_assert_int_eq(form_key(&f, NULL, ch('q')), FORM_EDITED); /* q is text here */
	ck_assert_str_eq(field_value(&fields[0]), "q");
	ck_assert_int_eq(form_key(&f, NULL, ch('\r')), FORM_SUBMIT);
	ck_assert_int_eq(form_key(&f, NULL, ch(27)), FORM_CANCEL);
	form_free(&f);
}
END_TEST

/* A character chooses the next choice it begins, a letter in either case
 * (a paste's characters, which used to step through the choices at each
 * space, are refused in the interface); another says how to choose. */
START_TEST(test_form_choice_is_chosen_by_its_first_character)
{
	static const char *const choices[] = { "Any", "A", "B", "正常", "C" };
	struct form_field fields[1] = { { .label = "y",
					  .kind = FORM_CHOICE,
					  .choices = choices,
					  .nchoices = 5,
					  .choices_are_data = true } };
	struct ui_form f = { .fields = fields, .n = 1 };
	ck_assert_int_eq(form_key(&f, NULL, ch('c')), FORM_EDITED);
	ck_assert_int_eq(fields[0].choice, 4);
	ck_assert_int_eq(form_key(&f, NULL, ch('a')), FORM_EDITED);
	ck_assert_int_eq(fields[0].choice, 0); /* round to the first */
	ck_assert_int_eq(form_key(&f, NULL, ch('A')), FORM_EDITED);
	ck_assert_int_eq(fields[0].choice, 1);			       /* then the next */
	ck_assert_int_eq(form_key(&f, NULL, ch(0x6b63)), FORM_EDITED); /* 正 */
	ck_assert_int_eq(fields[0].choice, 3);
	ck_assert_int_eq(form_key(&f, NULL, ch('x')), FORM_REFUSED);
	ck_assert_int_eq(fields[0].choice, 3);
	ck_assert_str_ne(fields[0].error, "");
	ck_assert_int_eq(form_key(&f, NULL, ch(' ')), FORM_EDITED);
	ck_assert_int_eq(fields[0].choice, 4);
	form_free(&f);
}
END_TEST

START_TEST(test_form_error_focus)
{
	struct form_field fields[3] = { { 0 } };
	struct ui_form f = { .fields = fields, .n = 3 };
	strcpy(fields[2].error, "bad");
	form_focus_error(&f);
	ck_assert_int_eq(f.focus, 2);
	form_clear_errors(&f);
	ck_assert_str_eq(fields[2].error, "");
}
END_TEST

/* A picker that finds the codes starting with the query among three. */
static int fake_pick(struct ui *ui, const char *query, struct ref_item *out, int max)
{
	(void)ui;
	static const char *const codes[] = { "GD-GZ", "GD-SZ", "HK-KLN" };
	int n = 0;
	for (int i = 0; i < 3 && n < max; i++)
		if (!strncmp(codes[i], query, strlen(query))) {
			memset(&out[n], 0, sizeof out[n]);
			out[n].id = i + 1;
			strcpy(out[n].code, codes[i]);
			strcpy(out[n].name, codes[i] + 3);
			n++;
		}
	return n;
}

/* The pickers need a ui only to pass it on; this one is never read. */
static struct ui *no_ui(void)
{
	static char token;
	return (struct ui *)(void *)&token;
}

static void form_type(struct ui_form *f, const char *text)
{
	for (const char *p = text; *p; p++)
		form_key(f, no_ui(), ch((wint_t)(unsigned char)*p));
}

START_TEST(test_form_multi_pick_completes_the_code_at_the_cursor)
{
	struct form_field fields[1] = {
		{ .label = "Territories", .kind = FORM_PICK, .pick = fake_pick, .multi = true }
	};
	struct ui_form f = { .fields = fields, .n = 1 };
	form_type(&f, "GD-S");
	ck_assert_int_eq(form_key(&f, no_ui(), ch('\r')), FORM_EDITED); /* takes GD-SZ */
	ck_assert_str_eq(field_value(&fields[0]), "GD-SZ, ");
	form_type(&f, "HK");
	ck_assert_int_eq(form_key(&f, no_ui(), ch('\r')), FORM_EDITED);
	ck_assert_str_eq(field_value(&fields[0]), "GD-SZ, HK-KLN, ");
	ck_assert_str_eq(fields[0].hint, "KLN");
	/* Back inside the first code: it is the one completed. */
	fields[0].cursor = 4;
	form_key(&f, no_ui(), code(KEY_BACKSPACE));
	ck_assert_str_eq(field_value(&fields[0]), "GD-Z, HK-KLN, ");
	ck_assert_int_eq(form_key(&f, no_ui(), ch('\r')), FORM_EDITED);
	ck_assert_str_eq(field_value(&fields[0]), "GD-GZ, HK-KLN, ");
	/* With the list closed, Enter submits. */
	ck_assert_int_eq(form_key(&f, no_ui(), ch('\r')), FORM_SUBMIT);
	form_free(&f);
}
END_TEST

START_TEST(test_form_single_pick_replaces_the_whole_value)
{
	struct form_field fields[1] = {
		{ .label = "Territory", .kind = FORM_PICK, .pick = fake_pick }
	};
	struct ui_form f = { .fields = fields, .n = 1 };
	form_type(&f, "HK");
	ck_assert_int_eq(form_key(&f, no_ui(), ch('\r')), FORM_EDITED);
	ck_assert_str_eq(field_value(&fields[0]), "HK-KLN");
	form_free(&f);
}
END_TEST

START_TEST(test_form_taking_a_match_goes_on_to_the_next_field)
{
	/* Taken with Enter, the next field has the keys, as after Tab; a
	 * field of several codes keeps them for the next code. */
	struct form_field fields[3] = {
		{ .label = "Territory", .kind = FORM_PICK, .pick = fake_pick },
		{ .label = "Territories", .kind = FORM_PICK, .pick = fake_pick, .multi = true },
		{ .label = "Phone", .kind = FORM_TEXT },
	};
	struct ui_form f = { .fields = fields, .n = 3 };
	form_type(&f, "HK");
	ck_assert_int_eq(form_key(&f, no_ui(), ch('\r')), FORM_EDITED);
	ck_assert_int_eq(f.focus, 1);
	form_type(&f, "HK");
	ck_assert_int_eq(form_key(&f, no_ui(), ch('\r')), FORM_EDITED);
	ck_assert_int_eq(f.focus, 1);
	form_free(&f);
}
END_TEST

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const TTest *const tests[] = {
		test_field_types_chinese_and_moves_by_character,
		test_field_for_a_number_takes_full_width_digits_as_ascii,
		test_field_for_a_name_keeps_full_width_letters,
		test_field_backspace_removes_a_whole_character,
		test_field_refuses_control_characters,
		test_field_refuses_invisible_and_direction_characters,
		test_field_refuses_past_max_chars_and_says_so,
		test_field_holds_a_long_value_whole,
		test_form_refused_character_is_reported,
		test_field_ctrl_u_and_delete,
		test_form_submit_drops_spaces_at_the_ends,
		test_form_submit_composes_as_an_import_does,
		test_form_tab_enter_esc,
		test_form_choice_is_chosen_by_its_first_character,
		test_form_error_focus,
		test_form_multi_pick_completes_the_code_at_the_cursor,
		test_form_single_pick_replaces_the_whole_value,
		test_form_taking_a_match_goes_on_to_the_next_field,
	};
	return suite_run("form", tests, sizeof tests / sizeof tests[0]);
}
