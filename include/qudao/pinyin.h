/* Pinyin for Chinese names: sorting by pinyin and searching by initials
 * (gzth finds 广州天河…), by full pinyin (guangzhou), or by both mixed with
 * Chinese characters. Readings are Unihan's kMandarin, toneless, ü as v. */
#ifndef QUDAO_PINYIN_H
#define QUDAO_PINYIN_H

#include <stdbool.h>
#include <stdint.h>

/* What the stored sort and search keys depend on: the Unihan version of the
 * table and the format of the keys ("unihan 15.0.0, keys 2"). A database
 * whose keys were made under another has them made again when opened. */
const char *pinyin_keys_version(void);

/* The toneless pinyin of a Han character, or NULL when it has none here. */
const char *pinyin_of(uint32_t uc);

/* A key that sorts names by pinyin under plain byte order: each Han character
 * becomes its syllable and a space, ASCII letters are lowered, anything else
 * is kept. The caller frees it. */
char *pinyin_sort_key(const char *name);

/* The text substring search runs over: code, code without dashes, name,
 * contact and phone lowered, the phone's digits (pinyin_phone_digits), and the
 * name's full pinyin and initials, separated by U+001F. The caller frees it. */
char *pinyin_search_key(const char *code, const char *name, const char *contact, const char *phone);

/* Does a search key (pinyin_search_key) match a query of the list's search
 * (pinyin_normalize_query)? The query is a substring of the code, name,
 * contact or phone, or matches the name's pinyin where syllables begin: in
 * the initials; two letters, one syllable's first two (by the readings the
 * key was made with); more, syllables from the start of one (pinyin_match:
 * guangzh, hangzhou). "gz" and "gzh" find 广州, not 杭州, whose full pinyin
 * "hangzhou" merely holds the letters. Always a substring of the key, so the
 * trigram index finds every row it matches. */
bool pinyin_key_match(const char *key, const char *query);

/* The digits of a phone number without separators and without a leading
 * +86 or 0086: "(020) 8765-4321" gives "02087654321". The caller frees it. */
char *pinyin_phone_digits(const char *phone);
/* When query is written like a phone number (digits, spaces, dashes, dots,
 * brackets, a leading +; three digits or more), its digits as
 * pinyin_phone_digits() gives them; else NULL. The caller frees it. */
char *pinyin_phone_query(const char *query);

/* A query in the form substring search wants it: ASCII lowered, leading and
 * trailing spaces removed. The caller frees it. */
char *pinyin_normalize_query(const char *query);

/* Does query match somewhere in name, each Han character of name matching
 * itself or any non-empty prefix of its pinyin (so initials, full syllables
 * and characters mix freely: 广州th, guangzth)? Spaces and apostrophes in the
 * query are ignored. An empty query matches. */
int pinyin_match(const char *query, const char *name);
/* The same, from name's first character only: 深圳 for "she", not 广东省
 * (whose 省 is sheng). Pickers rank these first. */
int pinyin_match_start(const char *query, const char *name);

#endif
