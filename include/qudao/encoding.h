/* The encodings of files from elsewhere: what a file's bytes are (a byte
 * order mark decides; else valid UTF-8 is UTF-8; else bytes that decode as
 * GB18030, what Chinese Excel writes by default), and conversion to and from
 * UTF-8 through iconv, never tables of our own. Pure: no files, no database. */
#ifndef QUDAO_ENCODING_H
#define QUDAO_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	ENC_AUTO,    /* detect */
	ENC_UTF8,    /* with or without a BOM */
	ENC_GB18030, /* GBK and GB2312 are subsets */
	ENC_UTF16,   /* by its BOM; little-endian (Windows') without one */
	ENC_UTF16LE,
	ENC_UTF16BE,
} qd_encoding;

/* Parses auto, utf-8 (utf8), gb18030 (gbk, gb2312), utf-16 (utf16),
 * utf-16le, utf-16be, without regard to case. 0, or -1. */
int encoding_parse(const char *s, qd_encoding *out);
/* The name to show: "UTF-8", "GB18030", "UTF-16LE", ... */
const char *encoding_name(qd_encoding e);

/* What the n bytes at buf are when nothing was said (ENC_AUTO) or when
 * `want` was said (the BOM still decides between UTF-16's byte orders and
 * is skipped). On success *enc is ENC_UTF8, ENC_GB18030, ENC_UTF16LE or
 * ENC_UTF16BE and *skip the length of a BOM to skip; *damaged_utf8 (auto
 * only) says the file is UTF-8 with bytes here and there that are not, so
 * its rows say where rather than the whole file being read as GB18030.
 * -1 when auto finds neither UTF-8 nor GB18030; -2 (*enc GB18030) when the
 * file reads as GB18030 but encoding_gb18030_doubtful doubts it. */
int encoding_detect(const char *buf, size_t n, qd_encoding want, qd_encoding *enc, size_t *skip,
		    bool *damaged_utf8);
/* Whether n bytes that decode as GB18030 are more likely some other
 * encoding, by what each makes of it: Latin-1 an accented letter between
 * two Latin letters; Big5 a fifth or more of its characters in GB18030's
 * user-defined area or GB2312's kana, Greek and Cyrillic; Shift-JIS more
 * than half with a first byte of 81 to A0 (at least four). Chinese text,
 * rare characters (王喆), traditional ones and ¥ included, does none of
 * these. *at: the offset of the character that says so (n when none). */
bool encoding_gb18030_doubtful(const char *buf, size_t n, size_t *at);
/* The bytes of the GB18030 character at p, of left: 1, 2 or 4. */
size_t encoding_gb18030_char_len(const char *p, size_t left);
/* Whether n bytes of valid UTF-8 may well be GB18030 instead: every
 * character past ASCII is of two bytes (no Chinese, which UTF-8 writes in
 * three), one of them is neither a Latin letter, an accent nor ¥ ° ± ·
 * (a control, another symbol, Greek, Cyrillic...), and the bytes read as
 * GB18030 hold Chinese characters. Chinese Excel's GB18030 does that for a
 * short file of such names (卢 is UTF-8's ¬, 叶 its Cyrillic Ҷ). *at: the
 * offset of the first such character. */
bool encoding_utf8_could_be_gb18030(const char *buf, size_t n, size_t *at);

/* The n bytes at buf in enc (not ENC_AUTO, ENC_UTF8 or ENC_UTF16) as UTF-8,
 * in *out (NUL-terminated, *outlen bytes; the caller frees it). 0, or -1 with
 * *bad the offset of the first bytes that are not enc. */
int encoding_to_utf8(const char *buf, size_t n, qd_encoding enc, char **out, size_t *outlen,
		     size_t *bad);
/* UTF-8 text s (n bytes) in enc, into *out (*outlen bytes; the caller frees
 * it). 0, or -1 when s is not valid UTF-8. */
int encoding_from_utf8(const char *s, size_t n, qd_encoding enc, char **out, size_t *outlen);

/* Where the first byte that is not UTF-8 stands in s (n bytes): its offset,
 * or n when s is valid. */
size_t encoding_utf8_invalid(const char *s, size_t n);

#endif
