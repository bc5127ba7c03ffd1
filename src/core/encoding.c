/* Encodings of files: detection by BOM, UTF-8 validity and a GB18030 trial
 * decode; conversion through glibc's iconv. */
#include "qudao/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <threads.h>
#include <unistr.h>

#include "qudao/xalloc.h"

int encoding_parse(const char *s, qd_encoding *out)
{
	static const struct {
		const char *name;
		qd_encoding e;
	} names[] = {
		{ "auto", ENC_AUTO },	     { "utf-8", ENC_UTF8 },
		{ "utf8", ENC_UTF8 },	     { "gb18030", ENC_GB18030 },
		{ "gbk", ENC_GB18030 },	     { "gb2312", ENC_GB18030 },
		{ "utf-16", ENC_UTF16 },     { "utf16", ENC_UTF16 },
		{ "utf-16le", ENC_UTF16LE }, { "utf16le", ENC_UTF16LE },
		{ "utf-16be", ENC_UTF16BE }, { "utf16be", ENC_UTF16BE },
	};
	for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
		if (!strcasecmp(s, names[i].name)) {
			*out = names[i].e;
			return 0;
		}
	return -1;
}

const char *encoding_name(qd_encoding e)
{
	switch (e) {
	case ENC_UTF8:
		return "UTF-8";
	case ENC_GB18030:
		return "GB18030";
	case ENC_UTF16:
		return "UTF-16";
	case ENC_UTF16LE:
		return "UTF-16LE";
	case ENC_UTF16BE:
		return "UTF-16BE";
	default:
		return "auto";
	}
}

/* The iconv name of an encoding. */
static const char *encoding_iconv_name(qd_encoding e)
{
	switch (e) {
	case ENC_GB18030:
		return "GB18030";
	case ENC_UTF16LE:
		return "UTF-16LE";
	case ENC_UTF16BE:
		return "UTF-16BE";
	default:
		return "UTF-8";
	}
}

size_t encoding_utf8_invalid(const char *s, size_t n)
{
	const uint8_t *bad = u8_check((const uint8_t *)s, n);
	return bad ? (size_t)((const char *)bad - s) : n;
}

/* Counts the valid multi-byte characters and the bytes that are not UTF-8. */
static void encoding_utf8_tally(const char *buf, size_t n, size_t *valid, size_t *invalid)
{
	const uint8_t *p = (const uint8_t *)buf, *end = p + n;
	*valid = *invalid = 0;
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, p, (size_t)(end - p));
		if (len > 1) {
			(*valid)++;
			p += len;
		} else {
			(*invalid)++;
			p++;
		}
	}
}

/* Converts with iconv from `from` to `to`; NUL-terminated. */
static int encoding_iconv(const char *buf, size_t n, const char *from, const char *to, char **out,
			  size_t *outlen, size_t *bad)
{
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1) {
		*bad = 0;
		return -1;
	}
	size_t cap = n * 2 + 16, used = 0;
	char *o = xmalloc(cap);
	char *in = (char *)buf;
	size_t inleft = n;
	int rc = 0;
	while (inleft > 0) {
		char *op = o + used;
		size_t oleft = cap - used - 1;
		size_t r = iconv(cd, &in, &inleft, &op, &oleft);
		used = (size_t)(op - o);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			cap = cap * 2;
			o = xrealloc(o, cap);
			continue;
		}
		/* EILSEQ (not this encoding) or EINVAL (cut off at the end). */
		*bad = (size_t)(in - buf);
		rc = -1;
		break;
	}
	iconv_close(cd);
	if (rc) {
		free(o);
		return -1;
	}
	o[used] = '\0';
	*out = o;
	*outlen = used;
	return 0;
}

int encoding_detect(const char *buf, size_t n, qd_encoding want, qd_encoding *enc, size_t *skip,
		    bool *damaged_utf8)
{
	const unsigned char *b = (const unsigned char *)buf;
	*skip = 0;
	*damaged_utf8 = false;
	if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF &&
	    (want == ENC_AUTO || want == ENC_UTF8)) {
		*enc = ENC_UTF8;
		*skip = 3;
		return 0;
	}
	bool utf16 =
		want == ENC_AUTO || want == ENC_UTF16 || want == ENC_UTF16LE || want == ENC_UTF16BE;
	if (n >= 2 && utf16 && b[0] == 0xFF && b[1] == 0xFE) {
		*enc = ENC_UTF16LE;
		*skip = 2;
		return 0;
	}
	if (n >= 2 && utf16 && b[0] == 0xFE && b[1] == 0xFF) {
		*enc = ENC_UTF16BE;
		*skip = 2;
		return 0;
	}
	/* UTF-16 without a mark: the side of its zero bytes says which
	 * (ASCII's high byte: after it little-endian, before it big-endian);
	 * little-endian, Windows' own, when it cannot be told. */
	if (want == ENC_UTF16) {
		size_t zero[2] = { 0, 0 };
		for (size_t i = 0; i < (n < 4096 ? n : 4096); i++)
			if (!b[i])
				zero[i & 1]++;
		*enc = zero[0] > zero[1] ? ENC_UTF16BE : ENC_UTF16LE;
		return 0;
	}
	if (want != ENC_AUTO) {
		*enc = want;
		return 0;
	}
	/* UTF-16 without a BOM (some tools write it so): text never holds NUL
	 * bytes, and UTF-16 holds one beside every ASCII character, the comma
	 * and the line end, all on the same side of each pair. */
	size_t sample = n < 4096 ? n & ~(size_t)1 : 4096, zero[2] = { 0, 0 };
	for (size_t i = 0; i < sample; i++)
		if (!b[i])
			zero[i & 1]++;
	if (sample >= 4 && (zero[0] + zero[1]) * 10 >= sample) {
		int side = zero[1] > zero[0]; /* NULs in the odd bytes: little-endian */
		if (zero[side] * 10 >= (zero[0] + zero[1]) * 9) {
			qd_encoding e = side ? ENC_UTF16LE : ENC_UTF16BE;
			char *tmp;
			size_t len, bad;
			if (encoding_iconv(buf, n, encoding_iconv_name(e), "UTF-8", &tmp, &len,
					   &bad) == 0) {
				free(tmp);
				*enc = e;
				return 0;
			}
		}
	}
	size_t valid, invalid;
	encoding_utf8_tally(buf, n, &valid, &invalid);
	if (invalid == 0) {
		*enc = ENC_UTF8;
		return 0;
	}
	/* GB18030 text holds a valid UTF-8 sequence now and then by chance, far
	 * fewer than the bytes that are not; UTF-8 with a few damaged bytes has
	 * it the other way round. Read as GB18030 it would be garbled. So also
	 * by lines: GB18030's lines of Chinese are almost never valid UTF-8,
	 * while a UTF-8 file with a damaged line has its other lines of
	 * non-ASCII text valid (Müller and Zoë beside one cut character were
	 * read as GB18030 and saved as M眉ller and Zo毛). */
	size_t lines_valid = 0, lines_bad = 0;
	for (size_t at = 0; at < n;) {
		const char *nl = memchr(buf + at, '\n', n - at);
		size_t end = nl ? (size_t)(nl - buf) + 1 : n, v, bad;
		encoding_utf8_tally(buf + at, end - at, &v, &bad);
		lines_bad += bad > 0;
		lines_valid += bad == 0 && v > 0;
		at = end;
	}
	if (valid >= 4 * invalid || lines_valid > lines_bad) {
		*enc = ENC_UTF8;
		*damaged_utf8 = true;
		return 0;
	}
	char *tmp;
	size_t len, bad, at;
	if (encoding_iconv(buf, n, "GB18030", "UTF-8", &tmp, &len, &bad) == 0) {
		free(tmp);
		*enc = ENC_GB18030;
		return encoding_gb18030_doubtful(buf, n, &at) ? -2 : 0;
	}
	/* Neither: UTF-8 with little else than ASCII and a damaged line or
	 * two (the tally above has too few valid characters to outweigh
	 * them) is still UTF-8 whose damaged rows are refused, as with more
	 * Chinese in it; when most lines are damaged, it is some other
	 * encoding. So is a file whose every byte beyond ASCII stands alone
	 * between ASCII ones, with no valid UTF-8 character anywhere: Latin-1's
	 * or Windows-1252's letters and quotes ("M\xfcller"), where damaged
	 * UTF-8 has a cut sequence (its rows were refused one by one and their
	 * letters lost in the rejects file). One such byte alone is as likely
	 * a character cut to its first byte ("Caf\xc3,"): still damaged UTF-8,
	 * its row refused. */
	if (valid == 0) {
		const unsigned char *p = (const unsigned char *)buf;
		bool lone = true;
		size_t high = 0;
		for (size_t i = 0; i < n && lone; i++) {
			high += p[i] >= 0x80;
			lone = p[i] < 0x80 ||
			       ((i == 0 || p[i - 1] < 0x80) && (i + 1 == n || p[i + 1] < 0x80));
		}
		if (lone && high >= 2)
			return -1;
	}
	size_t lines = 0, damaged = 0;
	for (size_t at = 0; at < n;) {
		const char *nl = memchr(buf + at, '\n', n - at);
		size_t end = nl ? (size_t)(nl - buf) + 1 : n;
		lines++;
		damaged += encoding_utf8_invalid(buf + at, end - at) < end - at;
		at = end;
	}
	if (damaged * 2 <= lines) {
		*enc = ENC_UTF8;
		*damaged_utf8 = true;
		return 0;
	}
	return -1;
}

static bool encoding_ascii_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t encoding_gb18030_char_len(const char *p, size_t left)
{
	const unsigned char *b = (const unsigned char *)p;
	if (b[0] < 0x80 || left < 2)
		return 1;
	if (b[1] >= 0x30 && b[1] <= 0x39 && left >= 4)
		return 4;
	return 2;
}

/* Which places of GB2312's rows of symbols (A2, A4 to A9: numerals, kana,
 * Greek, Cyrillic, pinyin, box drawing) glibc's GB18030 gives a character
 * of the private use area, being none of its own: one place a row, by its
 * second byte less 0xA1. Made once, from iconv itself. */
static bool gb18030_private[7][94];
static once_flag gb18030_private_once = ONCE_FLAG_INIT;

static void gb18030_private_make(void)
{
	for (int row = 0; row < 7; row++)
		for (int k = 0; k < 94; k++) {
			char pair[2] = { (char)(row == 0 ? 0xA2 : 0xA3 + row), (char)(0xA1 + k) };
			char *u;
			size_t len, bad;
			if (encoding_iconv(pair, 2, "GB18030", "UTF-8", &u, &len, &bad))
				continue;
			const unsigned char *c = (const unsigned char *)u;
			/* U+E000 to U+F8FF: EE 80 80 to EF A3 BF. */
			gb18030_private[row][k] =
				len == 3 && (c[0] == 0xEE || (c[0] == 0xEF && c[1] <= 0xA3));
			free(u);
		}
}

/* Whether the pair decodes into the private use area from a row of
 * symbols (Big5's 易 is GB2312's A9F6, a box-drawing place left empty). */
static bool gb18030_symbol_private(unsigned lead, unsigned trail)
{
	if (trail < 0xA1 || trail > 0xFE || (lead != 0xA2 && (lead < 0xA4 || lead > 0xA9)))
		return false;
	call_once(&gb18030_private_once, gb18030_private_make);
	return gb18030_private[lead == 0xA2 ? 0 : lead - 0xA3][trail - 0xA1];
}

bool encoding_gb18030_doubtful(const char *buf, size_t n, size_t *at)
{
	const unsigned char *b = (const unsigned char *)buf;
	size_t pairs = 0, odd = 0, users = 0, low = 0, first_odd = n, first_low = n;
	/* Whether the character before is a Latin letter (not a second byte
	 * that looks like one). */
	bool letter = false;
	*at = n;
	for (size_t i = 0; i + 1 < n;) {
		if (b[i] < 0x80) {
			letter = encoding_ascii_letter(b[i]);
			i++;
			continue;
		}
		bool after_letter = letter;
		letter = false;
		unsigned lead = b[i], trail = b[i + 1];
		/* Four bytes (¥, ™, an emoji): GB18030's own, by chance in no
		 * other encoding. */
		size_t len = encoding_gb18030_char_len(buf + i, n - i);
		if (len != 2) {
			i += len;
			continue;
		}
		pairs++;
		/* Latin-1: an accented letter inside a word ("M\xFCller") takes
		 * the next letter as its second byte (M黮ler), and one that
		 * begins a word ("\xC9lise") its next letter, a lower-case one
		 * following (蒻ise). Chinese text has no such character between
		 * two Latin letters, nor one run into a lower-case word. */
		bool word_after = i + 2 < n && b[i + 2] >= 'a' && b[i + 2] <= 'z';
		if (lead >= 0xC0 && encoding_ascii_letter((unsigned char)trail) &&
		    (after_letter || word_after)) {
			*at = i;
			return true;
		}
		/* Big5's commonest characters (一, 人, 公, 司: A4 to A7) read as
		 * GB18030's user-defined area, which Chinese text never uses,
		 * and GB2312's rows of kana, Greek and Cyrillic, which it holds
		 * once in a while (μ, a Japanese brand). */
		bool user = (((lead >= 0xAA && lead <= 0xAF) || lead >= 0xF8) && trail >= 0xA1) ||
			    (lead <= 0xA7 && lead >= 0xA1 && trail < 0xA1) ||
			    gb18030_symbol_private(lead, trail);
		bool foreign = lead >= 0xA4 && lead <= 0xA7 && trail >= 0xA1;
		users += user;
		if (user || foreign) {
			odd++;
			if (first_odd == n)
				first_odd = i;
		}
		/* Shift-JIS's kanji and kana lead with 81 to 9F, where GBK has
		 * its rarer characters (喆, 堃, 昇, a traditional 灣). */
		if (lead <= 0xA0) {
			low++;
			if (first_low == n)
				first_low = i;
		}
		i += 2;
	}
	/* (With one in the user-defined area at least: kana alone are a
	 * Japanese brand, 上海キヤノン贸易, and Cyrillic a Russian name.) */
	if (users >= 1 && odd >= 2 && odd * 5 >= pairs)
		*at = first_odd;
	else if (low >= 4 && low * 2 > pairs)
		*at = first_low;
	return *at < n;
}

bool encoding_utf8_could_be_gb18030(const char *buf, size_t n, size_t *at)
{
	const unsigned char *b = (const unsigned char *)buf;
	size_t first = n;
	for (size_t i = 0; i < n;) {
		if (b[i] < 0x80) {
			i++;
			continue;
		}
		if (b[i] >= 0xE0 || i + 1 >= n)
			return false;
		/* Western European letters with their accents (Latin-1's) inside
		 * a word ("Café", "Müller"), a combining accent after a letter,
		 * ¥ ° ± · and a no-break space are a UTF-8 file's own: a
		 * control, another symbol, another script, the rarer Latin
		 * letters (莫强 in GB18030 is "Īǿ"), or accented letters standing
		 * alone (毛玫 is "ëõ", 路茂 "·ï") are what common Chinese names
		 * make by chance. */
		unsigned cp = (b[i] & 0x1Fu) << 6 | (b[i + 1] & 0x3Fu);
		bool before = i > 0 && encoding_ascii_letter(b[i - 1]),
		     after = i + 2 < n && encoding_ascii_letter(b[i + 2]);
		bool own = (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7 &&
			    (before || after)) ||
			   (cp >= 0x300 && cp < 0x370 && before) || cp == 0xA0 || cp == 0xA5 ||
			   cp == 0xB0 || cp == 0xB1 || cp == 0xB7;
		if (!own && first == n)
			first = i;
		i += 2;
	}
	char *tmp;
	size_t len, bad;
	if (first == n || encoding_iconv(buf, n, "GB18030", "UTF-8", &tmp, &len, &bad))
		return false;
	bool chinese = false;
	for (size_t i = 0; i + 2 < len && !chinese; i++) {
		const unsigned char *c = (const unsigned char *)tmp + i;
		/* U+4E00 to U+9FFF, the common ideographs: E4 B8 80 to E9 BF BF. */
		chinese = c[0] >= 0xE4 && c[0] <= 0xE9 && (c[0] > 0xE4 || c[1] >= 0xB8);
	}
	free(tmp);
	*at = first;
	return chinese;
}

int encoding_to_utf8(const char *buf, size_t n, qd_encoding enc, char **out, size_t *outlen,
		     size_t *bad)
{
	return encoding_iconv(buf, n, encoding_iconv_name(enc), "UTF-8", out, outlen, bad);
}

int encoding_from_utf8(const char *s, size_t n, qd_encoding enc, char **out, size_t *outlen)
{
	size_t bad;
	if (enc == ENC_UTF8 || enc == ENC_AUTO) {
		if (encoding_utf8_invalid(s, n) != n)
			return -1;
		*out = xmalloc(n + 1);
		memcpy(*out, s, n);
		(*out)[n] = '\0';
		*outlen = n;
		return 0;
	}
	return encoding_iconv(s, n, "UTF-8", encoding_iconv_name(enc), out, outlen, &bad);
}
