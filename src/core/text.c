/* Terminal text: width by libunistring, fit and pad by cells on grapheme
 * cluster boundaries, and the display sanitizer.
 *
 * Widths are counted per character, as wcwidth and ncurses count them. A
 * terminal may draw a sequence joined by ZWJ (U+200D) otherwise: tmux 3.3
 * makes the whole 👨‍👩‍👧‍👦 one glyph two cells wide where ncurses takes it
 * for eight, xterm draws eight. So text placed in cells (text_fit, text_pad)
 * reaches the terminal without ZWJs, each character at the width counted,
 * while cutting still keeps such a sequence whole. */
#include "qudao/text.h"

#include <stdbool.h>
#include <string.h>
#include <unictype.h>
#include <unigbrk.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include "qudao/xalloc.h"

static const char text_replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
static const char text_ellipsis[] = "\xE2\x80\xA6";    /* U+2026 */

static int text_is_unsafe(ucs4_t uc)
{
	return uc < 0x20 || uc == 0x7f || (uc >= 0x80 && uc <= 0x9f) ||
	       (uc >= 0x202a && uc <= 0x202e) || (uc >= 0x2066 && uc <= 0x2069) || uc == 0x200e ||
	       uc == 0x200f || uc == 0x061c;
}

/* Zero-width characters whose whole job is to join (or keep apart) the
 * characters on either side: ZWJ, ZWNJ, word joiner, zero width no-break
 * space. */
static int text_is_joiner(ucs4_t uc)
{
	return uc == 0x200d || uc == 0x200c || uc == 0x2060 || uc == 0xfeff;
}

/* Can a joiner sit beside uc? Not beside a space, a control, another joiner
 * or the end of the text. */
static int text_joins(ucs4_t uc)
{
	return !text_is_unsafe(uc) && !text_is_joiner(uc) && !uc_is_property_white_space(uc);
}

/* The sanitizer; keep_newlines leaves '\n' as it is (for messages of several
 * lines printed by the command line). */
static char *text_sanitize_as(const char *s, bool keep_newlines)
{
	if (!s)
		return xstrdup("");
	size_t len = strlen(s);
	/* Worst case each byte becomes three. */
	char *out = xmalloc(len * 3 + 1);
	size_t o = 0;
	/* Whether a joiner here has a character to join on its left: the last
	 * character kept, past any zero-width marks after it. */
	int joinable = 0;
	const uint8_t *p = (const uint8_t *)s, *end = p + len;
	while (p < end) {
		ucs4_t uc;
		int n = u8_mbtoucr(&uc, p, (size_t)(end - p));
		if (n < 0) {
			memcpy(out + o, text_replacement, 3);
			o += 3;
			p++;
			joinable = 0;
			continue;
		}
		if (uc == '\n' && keep_newlines) {
			out[o++] = '\n';
			joinable = 0;
		} else if (uc == '\t' || uc == '\n' || uc == '\r') {
			out[o++] = ' ';
			joinable = 0;
		} else if (text_is_unsafe(uc)) {
			memcpy(out + o, text_replacement, 3);
			o += 3;
			joinable = 0;
		} else if (text_is_joiner(uc)) {
			/* Kept only between two characters it can join; alone at
			 * an end it would join whatever the terminal shows next. */
			ucs4_t next;
			int m = p + n < end ? u8_mbtoucr(&next, p + n, (size_t)(end - p - n)) : -1;
			if (joinable && m > 0 && text_joins(next)) {
				memcpy(out + o, p, (size_t)n);
				o += (size_t)n;
				joinable = 0;
			}
		} else {
			memcpy(out + o, p, (size_t)n);
			o += (size_t)n;
			if (uc_width(uc, "UTF-8") > 0 || !joinable)
				joinable = text_joins(uc);
		}
		p += n;
	}
	out[o] = '\0';
	return out;
}

char *text_sanitize(const char *s)
{
	return text_sanitize_as(s, false);
}

char *text_sanitize_lines(const char *s)
{
	return text_sanitize_as(s, true);
}

bool text_is_hidden(uint32_t c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
	       c == 0x200F || c == 0x061C || c == 0x200B || c == 0x2060 || c == 0xFEFF ||
	       c == 0x00AD || c == 0x180E || c == 0x2028 || c == 0x2029;
}

bool text_is_plain(const char *s, size_t n, bool lines)
{
	if (!s || u8_check((const uint8_t *)s, n))
		return !s;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 || c == 0x7f) && !(lines && (c == '\n' || c == '\t')))
			return false;
		/* C1 controls, U+0080 to U+009F (CSI among them): C2 80-9F. */
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] <= 0x9F)
			return false;
	}
	return true;
}

bool text_has_dropped(const char *s, size_t n)
{
	if (!text_is_plain(s, n, false))
		return true;
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	while (p < end) {
		ucs4_t c;
		int k = u8_mbtouc(&c, p, (size_t)(end - p));
		if (k <= 0 || text_is_hidden(c))
			return true;
		p += k;
	}
	return false;
}

/* Width of a run of already sanitized UTF-8. */
static int text_span_width(const uint8_t *p, const uint8_t *end)
{
	int w = 0;
	while (p < end) {
		ucs4_t uc;
		int n = u8_mbtoucr(&uc, p, (size_t)(end - p));
		if (n < 0)
			return w + 1; /* not reached for sanitized text */
		int cw = uc_width(uc, "UTF-8");
		if (cw > 0)
			w += cw;
		p += n;
	}
	return w;
}

int text_width(const char *s)
{
	char *clean = text_sanitize(s);
	int w = text_span_width((const uint8_t *)clean, (const uint8_t *)clean + strlen(clean));
	free(clean);
	return w;
}

static int text_break_property(ucs4_t uc)
{
	int gbp = uc_graphemeclusterbreak_property(uc);
	/* Unicode 11 folded the emoji classes into Extend and Other. */
	if (gbp == GBP_EM)
		return GBP_EXTEND;
	if (gbp == GBP_EB || gbp == GBP_GAZ || gbp == GBP_EBG)
		return GBP_OTHER;
	return gbp;
}

/* End of the grapheme cluster that starts at p (p < end), by Unicode's
 * extended grapheme cluster rules (UAX #29, GB3 to GB13). libunistring 1.0's
 * u8_grapheme_next looks at two characters at a time and so splits emoji ZWJ
 * sequences (GB11) and pairs of regional indicators, flags (GB12, GB13). */
static const uint8_t *text_cluster_end(const uint8_t *p, const uint8_t *end)
{
	ucs4_t uc;
	int n = u8_mbtoucr(&uc, p, (size_t)(end - p));
	if (n < 0)
		return p + 1;
	int prev = text_break_property(uc);
	int pict = uc_is_property_extended_pictographic(uc); /* ExtPict Extend* so far */
	int pict_zwj = 0;				     /* ExtPict Extend* ZWJ just now */
	int ri = prev == GBP_RI;			     /* regional indicators in a row */
	for (p += n; p < end; p += n) {
		n = u8_mbtoucr(&uc, p, (size_t)(end - p));
		if (n < 0)
			break;
		int cur = text_break_property(uc);
		int is_pict = uc_is_property_extended_pictographic(uc);
		int control = cur == GBP_CR || cur == GBP_LF || cur == GBP_CONTROL;
		int join;
		if (prev == GBP_CR && cur == GBP_LF)
			join = 1;
		else if (prev == GBP_CR || prev == GBP_LF || prev == GBP_CONTROL || control)
			join = 0;
		else if (prev == GBP_L &&
			 (cur == GBP_L || cur == GBP_V || cur == GBP_LV || cur == GBP_LVT))
			join = 1;
		else if ((prev == GBP_LV || prev == GBP_V) && (cur == GBP_V || cur == GBP_T))
			join = 1;
		else if ((prev == GBP_LVT || prev == GBP_T) && cur == GBP_T)
			join = 1;
		else if (cur == GBP_EXTEND || cur == GBP_ZWJ || cur == GBP_SPACINGMARK ||
			 prev == GBP_PREPEND)
			join = 1;
		else if (pict_zwj && is_pict)
			join = 1;
		else
			join = prev == GBP_RI && cur == GBP_RI && ri % 2 == 1;
		if (!join)
			break;
		pict_zwj = cur == GBP_ZWJ && pict;
		if (cur != GBP_EXTEND)
			pict = is_pict;
		ri = cur == GBP_RI ? ri + 1 : 0;
		prev = cur;
	}
	return p;
}

size_t text_next_cluster(const char *s)
{
	size_t len = strlen(s);
	if (len == 0)
		return 0;
	const uint8_t *p = (const uint8_t *)s;
	return (size_t)(text_cluster_end(p, p + len) - p);
}

size_t text_prev_cluster(const char *s, size_t pos)
{
	/* Where clusters start depends on what comes before: walk from the
	 * start. Text here is a field or a cell, never long. */
	const uint8_t *start = (const uint8_t *)s, *p = start, *at = start + pos;
	size_t last = 0;
	while (p < at) {
		last = (size_t)(p - start);
		p = text_cluster_end(p, at);
	}
	return last;
}

size_t text_prefix_bytes(const char *s, int cells, int *used)
{
	const uint8_t *start = (const uint8_t *)s, *p = start, *end = start + strlen(s);
	int w = 0;
	while (p < end) {
		const uint8_t *next = text_cluster_end(p, end);
		int cw = text_span_width(p, next);
		if (w + cw > cells)
			break;
		w += cw;
		p = next;
	}
	if (used)
		*used = w;
	return (size_t)(p - start);
}

/* Removes every ZWJ from sanitized text, in place (see the top). */
static char *text_unjoin(char *s)
{
	static const char zwj[] = "\xE2\x80\x8D";
	char *o = strstr(s, zwj);
	if (!o)
		return s;
	for (const char *p = o; *p;) {
		if (!memcmp(p, zwj, 3))
			p += 3;
		else
			*o++ = *p++;
	}
	*o = '\0';
	return s;
}

size_t text_trim_start(const char *s, size_t len)
{
	size_t a = 0;
	for (;;) {
		if (a < len && s[a] == ' ')
			a++;
		else if (len - a >= 3 && !memcmp(s + a, "\xE3\x80\x80", 3))
			a += 3;
		else
			return a;
	}
}

char *text_nfc(const char *s, size_t len)
{
	bool ascii = true;
	for (size_t i = 0; i < len && ascii; i++)
		ascii = (unsigned char)s[i] < 0x80;
	if (ascii)
		return xstrndup(s, len);
	size_t n = 0;
	uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, NULL, &n);
	if (!nfc)
		return NULL;
	char *r = xmalloc(n + 1);
	memcpy(r, nfc, n);
	r[n] = '\0';
	free(nfc);
	return r;
}

size_t text_trim_end(const char *s, size_t len)
{
	for (;;) {
		if (len >= 1 && s[len - 1] == ' ')
			len--;
		else if (len >= 3 && !memcmp(s + len - 3, "\xE3\x80\x80", 3))
			len -= 3;
		else
			return len;
	}
}

char *text_fit(const char *s, int cells)
{
	if (cells <= 0)
		return xstrdup("");
	char *clean = text_sanitize(s);
	size_t len = strlen(clean);
	if (text_span_width((const uint8_t *)clean, (const uint8_t *)clean + len) <= cells)
		return text_unjoin(clean);
	size_t keep = text_prefix_bytes(clean, cells - 1, NULL);
	/* A joiner that ends up last joined what is cut away, not the "…". */
	ucs4_t uc;
	const uint8_t *last;
	while (keep > 0 &&
	       (last = u8_prev(&uc, (const uint8_t *)clean + keep, (const uint8_t *)clean)) &&
	       text_is_joiner(uc))
		keep = (size_t)(last - (const uint8_t *)clean);
	/* Nor a space before it: "Royal Bridge …" read as if a word were
	 * missing. */
	keep = text_trim_end(clean, keep);
	memcpy(clean + keep, text_ellipsis, sizeof text_ellipsis);
	return text_unjoin(clean);
}

/* Printable ASCII alone (codes, numbers, dates: most cells): a byte is a
 * cell, and sanitizing leaves it as it is. */
static bool text_plain_ascii(const char *s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (; *p; p++)
		if (*p < 0x20 || *p > 0x7E)
			return false;
	*len = (size_t)(p - (const unsigned char *)s);
	return true;
}

char *text_pad(const char *s, int cells, int align_right)
{
	if (cells <= 0)
		return xstrdup("");
	size_t n;
	if (s && text_plain_ascii(s, &n)) {
		/* What text_fit and the padding below make of it, without
		 * looking at characters one by one. */
		size_t keep = n <= (size_t)cells ? n : text_trim_end(s, (size_t)cells - 1);
		size_t dots = n <= (size_t)cells ? 0 : sizeof text_ellipsis - 1;
		size_t gap = (size_t)cells - keep - (dots ? 1 : 0);
		char *out = xmalloc(keep + dots + gap + 1), *o = out;
		if (align_right) {
			memset(o, ' ', gap);
			o += gap;
		}
		memcpy(o, s, keep);
		o += keep;
		memcpy(o, text_ellipsis, dots);
		o += dots;
		if (!align_right) {
			memset(o, ' ', gap);
			o += gap;
		}
		*o = '\0';
		return out;
	}
	char *fit = text_fit(s, cells);
	size_t len = strlen(fit);
	int w = text_span_width((const uint8_t *)fit, (const uint8_t *)fit + len);
	size_t gap = (size_t)(cells - w);
	char *out = xmalloc(len + gap + 1);
	if (align_right) {
		memset(out, ' ', gap);
		memcpy(out + gap, fit, len + 1);
	} else {
		memcpy(out, fit, len);
		memset(out + len, ' ', gap);
		out[len + gap] = '\0';
	}
	free(fit);
	return out;
}

void text_copy(char *dst, size_t size, const char *src)
{
	if (size == 0)
		return;
	size_t n = src ? strlen(src) : 0;
	if (n >= size) {
		n = size - 1;
		/* Back off continuation bytes to the start of the cut character. */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

uint32_t text_ascii_of(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	if (c == 0x3000)
		return ' '; /* the ideographic space */
	if (c == 0x3002)
		return '.'; /* 。, what the full stop key types in Chinese */
	return c;
}

char *text_key_of(const char *msgid)
{
	const char *m = msgid ? msgid : "";
	const char *ctx = strchr(m, '\004');
	if (ctx)
		m = ctx + 1;
	char *key = xmalloc(strlen(m) + 1), *o = key;
	for (const char *p = m; *p; p++) {
		char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			*o++ = c;
		else if (c >= 'A' && c <= 'Z')
			*o++ = (char)(c - 'A' + 'a');
		else if (o > key && o[-1] != '_')
			*o++ = '_';
	}
	while (o > key && o[-1] == '_')
		o--;
	*o = '\0';
	return key;
}

char *text_ascii_fold(const char *s)
{
	const uint8_t *p = (const uint8_t *)(s ? s : "");
	const uint8_t *end = p + strlen((const char *)p);
	char *out = xmalloc((size_t)(end - p) + 1), *o = out;
	while (p < end) {
		ucs4_t c;
		int n = u8_mbtouc(&c, p, (size_t)(end - p));
		uint32_t a = text_ascii_of(c);
		if (a != c && a < 0x80) {
			*o++ = (char)a;
		} else {
			memcpy(o, p, (size_t)n); /* (an invalid byte as it is) */
			o += n;
		}
		p += n;
	}
	*o = '\0';
	/* Blanks around go: spaces, and tabs or line ends pasted with it. */
	static const char blank[] = " \t\n\r\v\f";
	char *a = out + strspn(out, blank);
	size_t n = strlen(a);
	while (n > 0 && strchr(blank, a[n - 1]))
		n--;
	memmove(out, a, n);
	out[n] = '\0';
	return out;
}

char *text_code_fold(const char *s)
{
	char *ascii = text_ascii_fold(s);
	for (const char *q = ascii; *q; q++)
		if ((unsigned char)*q >= 0x80) {
			free(ascii);
			return NULL;
		}
	return ascii;
}

/* Marks no line starts with (Chinese line-breaking rules, 禁则): closing
 * punctuation and brackets. */
static bool wrap_no_start(ucs4_t c)
{
	static const char no_start[] = "，。、：；！？）」』】》〉〕｝］’”…—～・,.:;!?)]}%";
	return c && u8_strchr((const uint8_t *)no_start, c);
}

/* Marks no line ends with: opening brackets and quotes. */
static bool wrap_no_end(ucs4_t c)
{
	return c == 0xFF08 /* （ */ || c == 0x300C /* 「 */ || c == 0x300E /* 『 */ ||
	       c == 0x3010 /* 【 */ || c == 0x300A /* 《 */ || c == 0x3008 /* 〈 */ ||
	       c == 0x201C /* “ */ || c == 0x2018 /* ‘ */ || c == '(' || c == '[';
}

/* Whether a line may end before byte i of p (0 < i): after a space or
 * before one, or beside a wide (CJK) character, but never inside a word or
 * a number, before closing punctuation or after an opening one. */
static bool wrap_may_break(const char *p, size_t i)
{
	if (p[i] == ' ' || p[i - 1] == ' ')
		return true;
	ucs4_t before, at;
	const uint8_t *prev = u8_prev(&before, (const uint8_t *)p + i, (const uint8_t *)p);
	if (!prev)
		return false;
	u8_strmbtouc(&at, (const uint8_t *)p + i);
	if (wrap_no_start(at) || wrap_no_end(before))
		return false;
	/* A number stays whole, in full-width digits (１２３) too. */
	if (uc_decimal_value(before) >= 0 && uc_decimal_value(at) >= 0)
		return false;
	/* The character before is its cluster's base (a combining mark
	 * after it has no width of its own). */
	for (const uint8_t *q = prev; uc_width(before, "UTF-8") == 0 && q > (const uint8_t *)p;) {
		q = u8_prev(&before, q, (const uint8_t *)p);
		if (!q)
			break;
	}
	return uc_width(before, "UTF-8") == 2 || uc_width(at, "UTF-8") == 2;
}

int text_wrap(const char *s, int cells, char ***lines)
{
	char *clean = text_sanitize(s);
	int n = 0, cap = 4;
	char **out = xmalloc((size_t)cap * sizeof *out);
	const char *p = clean;
	if (cells < 1)
		cells = 1;
	do {
		/* As much as fits; then back to the last place a line may end:
		 * a space, or beside a Chinese character (not inside a word or a
		 * number, not before a comma or after an opening bracket). */
		size_t fit = text_prefix_bytes(p, cells, NULL);
		if (fit == 0 && *p)
			fit = text_next_cluster(p); /* one too wide for the line */
		size_t take = fit, next = fit;
		if (p[fit]) {
			/* The last such place, between two characters as the
			 * user sees them (a combining mark stays with its base). */
			take = 0;
			for (size_t i = text_next_cluster(p); i > 0 && i <= fit;) {
				if (wrap_may_break(p, i)) {
					take = next = i;
					if (p[i] == ' ')
						next = i + 1;
					else if (p[i - 1] == ' ')
						take = i - 1;
				}
				size_t k = text_next_cluster(p + i);
				if (k == 0)
					break;
				i += k;
			}
			/* A word that does not fit alone is cut where it must. */
			if (take == 0)
				take = next = fit;
		}
		if (n == cap) {
			cap *= 2;
			out = xrealloc(out, (size_t)cap * sizeof *out);
		}
		out[n++] = xstrndup(p, take);
		p += next;
		while (*p == ' ')
			p++;
	} while (*p);
	free(clean);
	*lines = out;
	return n;
}

char *text_shell_word(const char *s)
{
	bool plain = *s != '\0';
	for (const unsigned char *p = (const unsigned char *)s; *p && plain; p++)
		plain = *p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || strchr("_./:=@%+,-", *p);
	if (plain)
		return xstrdup(s);
	size_t n = 3;
	for (const char *p = s; *p; p++)
		n += *p == '\'' ? 4 : 1;
	char *out = xmalloc(n), *o = out;
	*o++ = '\'';
	for (const char *p = s; *p; p++) {
		if (*p == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *p;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}
