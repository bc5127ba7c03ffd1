/* Pinyin keys and matching over the generated Unihan table. */
#include "qudao/pinyin.h"

#include <stdbool.h>
#include <string.h>
#include <unistr.h>

#include "pinyin_data.h"
#include "qudao/xalloc.h"

enum { PINYIN_MAX_CHARS = 128, PINYIN_MAX_QUERY = 64 };

const char *pinyin_of(uint32_t uc)
{
	if (uc < PINYIN_FIRST || uc > PINYIN_LAST)
		return NULL;
	unsigned short i = pinyin_index[uc - PINYIN_FIRST];
	return i ? pinyin_syllables[i] : NULL;
}

static char pinyin_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* A growing string. */
struct pinyin_buf {
	char *s;
	size_t len, cap;
};

static void pinyin_put(struct pinyin_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void pinyin_putc(struct pinyin_buf *b, char c)
{
	pinyin_put(b, &c, 1);
}

static char *pinyin_finish(struct pinyin_buf *b)
{
	if (!b->s)
		return xstrdup("");
	return b->s;
}

/* Decodes the character at *p (U+FFFD for an invalid byte) and moves past it.
 * Returns its byte length. */
static int pinyin_next(const uint8_t **p, const uint8_t *end, ucs4_t *uc)
{
	int n = u8_mbtoucr(uc, *p, (size_t)(end - *p));
	if (n < 0) {
		*uc = 0xFFFD;
		n = 1;
	}
	*p += n;
	return n;
}

char *pinyin_sort_key(const char *name)
{
	struct pinyin_buf b = { 0 };
	ucs4_t uc;
	const uint8_t *p = (const uint8_t *)(name ? name : ""), *end = p + strlen((const char *)p);
	while (p < end) {
		const uint8_t *at = p;
		int n = pinyin_next(&p, end, &uc);
		const char *py = pinyin_of(uc);
		if (py) {
			pinyin_put(&b, py, strlen(py));
			pinyin_putc(&b, ' ');
		} else if (uc < 0x80) {
			pinyin_putc(&b, pinyin_lower((char)uc));
		} else {
			pinyin_put(&b, (const char *)at, (size_t)n);
		}
	}
	return pinyin_finish(&b);
}

static void pinyin_put_lower(struct pinyin_buf *b, const char *s)
{
	for (; s && *s; s++)
		pinyin_putc(b, pinyin_lower(*s));
}

char *pinyin_search_key(const char *code, const char *name, const char *contact, const char *phone)
{
	struct pinyin_buf b = { 0 };
	pinyin_put_lower(&b, code);
	pinyin_putc(&b, '\x1f');
	pinyin_put_lower(&b, name);
	pinyin_putc(&b, '\x1f');
	pinyin_put_lower(&b, contact);
	pinyin_putc(&b, '\x1f');
	pinyin_put_lower(&b, phone);
	pinyin_putc(&b, '\x1f');
	for (const char *s = phone; s && *s; s++)
		if (*s >= '0' && *s <= '9')
			pinyin_putc(&b, *s);
	pinyin_putc(&b, '\x1f');
	ucs4_t uc;
	/* Full pinyin, then initials, of letters and digits only. */
	for (int pass = 0; pass < 2 && name; pass++) {
		const uint8_t *p = (const uint8_t *)name, *end = p + strlen(name);
		while (p < end) {
			pinyin_next(&p, end, &uc);
			const char *py = pinyin_of(uc);
			if (py)
				pinyin_put(&b, py, pass == 0 ? strlen(py) : 1);
			else if ((uc >= 'a' && uc <= 'z') || (uc >= '0' && uc <= '9'))
				pinyin_putc(&b, (char)uc);
			else if (uc >= 'A' && uc <= 'Z')
				pinyin_putc(&b, pinyin_lower((char)uc));
		}
		pinyin_putc(&b, '\x1f');
	}
	return pinyin_finish(&b);
}

char *pinyin_normalize_query(const char *query)
{
	if (!query)
		return xstrdup("");
	while (*query == ' ')
		query++;
	size_t len = strlen(query);
	while (len > 0 && query[len - 1] == ' ')
		len--;
	char *out = xstrndup(query, len);
	for (char *s = out; *s; s++)
		*s = pinyin_lower(*s);
	return out;
}

struct pinyin_match_state {
	ucs4_t text[PINYIN_MAX_CHARS];
	int ntext;
	ucs4_t query[PINYIN_MAX_QUERY];
	int nquery;
	/* failed[t][q]: matching query from q at text t is known to fail. */
	bool failed[PINYIN_MAX_CHARS + 1][PINYIN_MAX_QUERY + 1];
};

static ucs4_t pinyin_fold(ucs4_t uc)
{
	return uc >= 'A' && uc <= 'Z' ? uc - 'A' + 'a' : uc;
}

static bool pinyin_match_at(struct pinyin_match_state *m, int t, int q)
{
	if (q == m->nquery)
		return true;
	if (t == m->ntext || m->failed[t][q])
		return false;
	ucs4_t c = pinyin_fold(m->text[t]);
	if (c == m->query[q] && pinyin_match_at(m, t + 1, q + 1))
		return true;
	const char *py = pinyin_of(m->text[t]);
	if (py) {
		/* Any non-empty prefix of the syllable, longest first. */
		int k = 0;
		while (py[k] && q + k < m->nquery && m->query[q + k] == (ucs4_t)py[k])
			k++;
		for (; k > 0; k--)
			if (pinyin_match_at(m, t + 1, q + k))
				return true;
	}
	m->failed[t][q] = true;
	return false;
}

int pinyin_match(const char *query, const char *name)
{
	/* About 9 KB: static, so that a search over many rows allocates nothing. */
	static struct pinyin_match_state m;
	m.nquery = 0;
	m.ntext = 0;
	ucs4_t uc;
	const uint8_t *p = (const uint8_t *)(query ? query : "");
	const uint8_t *end = p + strlen((const char *)p);
	while (p < end) {
		pinyin_next(&p, end, &uc);
		if (uc == ' ' || uc == '\'')
			continue;
		if (m.nquery == PINYIN_MAX_QUERY)
			return 0;
		m.query[m.nquery++] = pinyin_fold(uc);
	}
	if (m.nquery == 0)
		return 1;
	p = (const uint8_t *)(name ? name : "");
	end = p + strlen((const char *)p);
	while (p < end && m.ntext < PINYIN_MAX_CHARS) {
		pinyin_next(&p, end, &uc);
		m.text[m.ntext++] = uc;
	}
	for (int t = 0; t <= m.ntext; t++)
		memset(m.failed[t], 0, (size_t)(m.nquery + 1) * sizeof m.failed[t][0]);
	for (int t = 0; t < m.ntext; t++)
		if (pinyin_match_at(&m, t, 0))
			return 1;
	return 0;
}
