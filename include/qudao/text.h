/* Text for the terminal: display width in cells, fitting and padding by cells,
 * and a sanitizer that keeps control sequences and broken bytes in data from
 * ever reaching the terminal. Every string of data on screen goes through here;
 * strlen is never a width. */
#ifndef QUDAO_TEXT_H
#define QUDAO_TEXT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/* A copy of s (UTF-8, possibly invalid) that is safe to print: invalid bytes,
 * C0 and C1 controls (including U+009B CSI), DEL, bidi embeddings, overrides
 * and isolates become U+FFFD; tab, newline and carriage return become a space;
 * a joiner (ZWJ, ZWNJ, word joiner, U+FEFF) that does not sit between two
 * characters it can join (at either end, beside a space or another joiner)
 * is dropped, so it cannot join what the terminal shows next. Combining marks
 * and variation selectors stay. NULL gives "". The caller frees the result. */
char *text_sanitize(const char *s);

/* text_sanitize, but newlines stay: for messages of several lines that the
 * command line prints. The caller frees the result. */
char *text_sanitize_lines(const char *s);

/* s as one word of a shell command to paste: as it is when every byte is a
 * letter, digit, one of _./:=@%+,- or part of a non-ASCII character, else
 * in single quotes (a quote inside as '\''). The caller frees the result. */
char *text_shell_word(const char *s);

/* Whether the n bytes at s are UTF-8 with no C0 or C1 control or DEL in
 * them (and no NUL), a newline and a tab allowed when lines: text that
 * qudao's forms and imports could have stored. */
bool text_is_plain(const char *s, size_t n, bool lines);

/* Bidirectional embeddings, overrides, isolates and marks (U+202A-U+202E,
 * U+2066-U+2069, U+200E, U+200F, U+061C), the invisible characters that
 * would make two names that look the same differ (the zero width space, the
 * word joiner, the zero width no-break space, the soft hyphen, the Mongolian
 * vowel separator) and the line and paragraph separators (U+2028, U+2029),
 * line breaks no form takes. The joiners emoji and some scripts need
 * (U+200C, U+200D) are not among them. Imports drop them; forms and searches
 * do not take them. */
bool text_is_hidden(uint32_t c);

/* Whether the n bytes at s hold a C0 or C1 control or DEL (an escape
 * sequence's first byte among them; a tab or a line end too, which an
 * import makes a space), a character text_is_hidden names, or bytes that
 * are not UTF-8: what an import's cleaning changes inside a value. */
bool text_has_dropped(const char *s, size_t n);

/* The ASCII form of a character a Chinese input method types for it: the
 * full-width forms of ASCII (０-９, －, ．, ，, ／, ：, Ａ-Ｚ…, U+FF01-U+FF5E),
 * the ideographic space and the ideographic full stop (。, for a point);
 * any other character as it is. */
uint32_t text_ascii_of(uint32_t c);
/* A copy of s with each character as text_ascii_of gives it and the blanks
 * around it (spaces, tabs, line ends) dropped: for reading a number, an
 * amount, a date or a search. NULL gives "". The caller frees the result. */
char *text_ascii_fold(const char *s);
/* A code typed in full-width forms (ＧＤ－０００３, as a Chinese input
 * method may) as the code it looks like: text_ascii_fold's copy when it is
 * all ASCII, else NULL (words, not a code). The caller frees the result. */
char *text_code_fold(const char *s);
/* A name for a program made from a msgid (its context, before \004, left
 * out): ASCII letters and digits in lower case, _ between words ("Last
 * visit": "last_visit"; "order line": "order_line"); "" when it has none.
 * The caller frees it. */
char *text_key_of(const char *msgid);

/* Width in terminal cells of the sanitized form of s, character by character
 * as wcwidth and ncurses count: a CJK character or an emoji is two cells, a
 * combining mark or a joiner none (👨‍👩‍👧‍👦 is eight). */
int text_width(const char *s);

/* The sanitized s cut to at most `cells` cells. When it does not fit it ends
 * with "…" (one cell), with no space before it; a grapheme cluster (a
 * character with its marks, an emoji ZWJ sequence, a flag) is never split.
 * The result holds no ZWJ: the characters of a ZWJ sequence reach the
 * terminal unjoined, since terminals disagree on the width of a joined one
 * (tmux draws 👨‍👩‍👧‍👦 in two cells, ncurses counts eight). cells <= 0 gives "".
 * The caller frees the result. */
char *text_fit(const char *s, int cells);

/* The spaces (ASCII or ideographic U+3000) at the start of s[0..len): how
 * many bytes they take. */
size_t text_trim_start(const char *s, size_t len);
/* The length of s[0..len) without the spaces (ASCII or ideographic) at its
 * end. */
size_t text_trim_end(const char *s, size_t len);
/* s[0..len) composed (NFC), as a new NUL-terminated string (ASCII copied
 * as it is); NULL when it cannot be (not UTF-8, out of memory). */
char *text_nfc(const char *s, size_t len);

/* text_fit, then padded with spaces to exactly `cells` cells (on the right,
 * or on the left when align_right). The caller frees the result. */
char *text_pad(const char *s, int cells, int align_right);

/* Byte length of the first `cells` cells of an already sanitized string, never
 * splitting a grapheme cluster; *used receives the cells taken. For cursors in
 * edit fields. */
size_t text_prefix_bytes(const char *s, int cells, int *used);

/* The sanitized s broken into lines of at most `cells` cells: at a space
 * when there is one, else between characters (Chinese has no spaces), never
 * inside a grapheme cluster. Returns how many lines, at least one, in
 * *lines; the caller frees each line and the array. */
int text_wrap(const char *s, int cells, char ***lines);

/* Copies src into dst of size bytes, cutting (when it must) at a character
 * boundary rather than inside a UTF-8 sequence. NULL copies "". */
void text_copy(char *dst, size_t size, const char *src);

/* Number of bytes of the grapheme cluster that starts at s (0 at the end).
 * Clusters are Unicode's extended ones (UAX #29), emoji ZWJ sequences and
 * flags included. */
size_t text_next_cluster(const char *s);
/* Start of the grapheme cluster that ends at s + pos (pos > 0). */
size_t text_prev_cluster(const char *s, size_t pos);

#endif
