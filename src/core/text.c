/* Terminal text: width by libunistring, fit and pad by cells on grapheme
 * cluster boundaries, and the display sanitizer. */
#include "qudao/text.h"

#include <string.h>
#include <unictype.h>
#include <unigbrk.h>
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

char *text_sanitize(const char *s)
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
		if (uc == '\t' || uc == '\n' || uc == '\r') {
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

size_t text_next_cluster(const char *s)
{
	size_t len = strlen(s);
	if (len == 0)
		return 0;
	const uint8_t *p = (const uint8_t *)s;
	const uint8_t *next = u8_grapheme_next(p, p + len);
	return next ? (size_t)(next - p) : len;
}

size_t text_prev_cluster(const char *s, size_t pos)
{
	if (pos == 0)
		return 0;
	const uint8_t *p = (const uint8_t *)s;
	const uint8_t *prev = u8_grapheme_prev(p + pos, p);
	return prev ? (size_t)(prev - p) : 0;
}

size_t text_prefix_bytes(const char *s, int cells, int *used)
{
	const uint8_t *start = (const uint8_t *)s, *p = start, *end = start + strlen(s);
	int w = 0;
	while (p < end) {
		const uint8_t *next = u8_grapheme_next(p, end);
		if (!next)
			next = end;
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

char *text_fit(const char *s, int cells)
{
	if (cells <= 0)
		return xstrdup("");
	char *clean = text_sanitize(s);
	size_t len = strlen(clean);
	if (text_span_width((const uint8_t *)clean, (const uint8_t *)clean + len) <= cells)
		return clean;
	size_t keep = text_prefix_bytes(clean, cells - 1, NULL);
	memcpy(clean + keep, text_ellipsis, sizeof text_ellipsis);
	return clean;
}

char *text_pad(const char *s, int cells, int align_right)
{
	if (cells <= 0)
		return xstrdup("");
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
