/* Pinyin keys and matching over the generated Unihan table. A character's
 * reading is its customary one (kMandarin) unless a word it stands in says
 * otherwise (成都 is cheng du, not cheng dou); the matcher also accepts a
 * character's other modern readings (重 as chong). */
#include "qudao/pinyin.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "pinyin_data.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

enum { PINYIN_MAX_CHARS = 128, PINYIN_MAX_QUERY = 64, PINYIN_MAX_READINGS = 5 };

/* Raised whenever the keys this file makes change for the same table: 2 added
 * the phone digits without +86 to the search key; 3 the initials with zh, ch
 * and sh whole, and each syllable's initial with the next syllable. */
enum { PINYIN_KEYS_FORMAT = 3 };

const char *pinyin_keys_version(void)
{
	static char version[64];
	if (!version[0])
		snprintf(version, sizeof version, "unihan %s, keys %d", pinyin_unihan_version,
			 PINYIN_KEYS_FORMAT);
	return version;
}

/* Words, mostly place names and trade words seen in distributor names, whose
 * characters read differently from their customary reading. */
static const struct {
	const char *word, *readings; /* readings: one syllable per character */
} pinyin_words[] = {
	{ "成都", "cheng du" },	  { "首都", "shou du" },     { "都江堰", "du jiang yan" },
	{ "重庆", "chong qing" }, { "佛山", "fo shan" },     { "番禺", "pan yu" },
	{ "长安", "chang an" },	  { "长沙", "chang sha" },   { "长春", "chang chun" },
	{ "长治", "chang zhi" },  { "长江", "chang jiang" }, { "长城", "chang cheng" },
	{ "长兴", "chang xing" }, { "长乐", "chang le" },    { "延长", "yan chang" },
	{ "乐清", "yue qing" },	  { "音乐", "yin yue" },     { "乐器", "yue qi" },
	{ "西藏", "xi zang" },	  { "厦门", "xia men" },     { "蚌埠", "beng bu" },
	{ "六安", "lu an" },	  { "单县", "shan xian" },   { "商行", "shang hang" },
	{ "银行", "yin hang" },	  { "车行", "che hang" },    { "琴行", "qin hang" },
	{ "行业", "hang ye" },	  { "调味", "tiao wei" },    { "调料", "tiao liao" },
	{ "朝阳", "chao yang" },  { "大厦", "da sha" },	     { "会计", "kuai ji" },
	{ "乐山", "le shan" },	  { "曾经", "ceng jing" },   { "薄荷", "bo he" },
	{ "便宜", "pian yi" },	  { "了解", "liao jie" },    { "校对", "jiao dui" },
};

static const char *pinyin_syllable(unsigned short i)
{
	return i > 0 && i < pinyin_syllable_count ? pinyin_syllables[i] : NULL;
}

const char *pinyin_of(uint32_t uc)
{
	if (uc < PINYIN_FIRST || uc > PINYIN_LAST)
		return NULL;
	return pinyin_syllable(pinyin_index[uc - PINYIN_FIRST]);
}

static int pinyin_more_cmp(const void *key, const void *elem)
{
	uint32_t uc = *(const uint32_t *)key;
	const struct pinyin_more *m = elem;
	return (uc > m->uc) - (uc < m->uc);
}

/* Every reading of uc: the customary one first. Returns how many (0 for a
 * character that is not Han). */
static int pinyin_readings(uint32_t uc, const char *out[PINYIN_MAX_READINGS])
{
	const char *primary = pinyin_of(uc);
	if (!primary)
		return 0;
	int n = 0;
	out[n++] = primary;
	const struct pinyin_more *m = bsearch(&uc, pinyin_more, (size_t)pinyin_more_count,
					      sizeof pinyin_more[0], pinyin_more_cmp);
	for (int i = 0; m && i < 3 && m->syllables[i] && n < PINYIN_MAX_READINGS; i++)
		out[n++] = pinyin_syllable(m->syllables[i]);
	return n;
}

static char pinyin_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
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

/* A name split into characters, each with the reading it has there. */
struct pinyin_text {
	ucs4_t uc[PINYIN_MAX_CHARS];
	const uint8_t *at[PINYIN_MAX_CHARS]; /* where each character starts */
	int len[PINYIN_MAX_CHARS];
	char word_reading[PINYIN_MAX_CHARS][8]; /* from pinyin_words, or "" */
	int n;
};

/* Reads name into t, applying the word table; at most PINYIN_MAX_CHARS. */
static void pinyin_split(const char *name, struct pinyin_text *t)
{
	const uint8_t *p = (const uint8_t *)(name ? name : ""), *end = p + strlen((const char *)p);
	t->n = 0;
	while (p < end && t->n < PINYIN_MAX_CHARS) {
		t->at[t->n] = p;
		t->len[t->n] = pinyin_next(&p, end, &t->uc[t->n]);
		t->word_reading[t->n][0] = '\0';
		t->n++;
	}
	enum { WORDS = sizeof pinyin_words / sizeof pinyin_words[0] };
	for (int i = 0; i < t->n; i++) {
		if (!pinyin_of(t->uc[i]))
			continue;
		/* A word's first character first: most characters begin none
		 * (a search that matches names one by one splits 100,000). A
		 * word is longer than its first character. */
		for (size_t w = 0; w < WORDS; w++) {
			if (memcmp(t->at[i], pinyin_words[w].word, (size_t)t->len[i]))
				continue;
			size_t wl = strlen(pinyin_words[w].word);
			if ((size_t)(end - t->at[i]) < wl ||
			    memcmp(t->at[i], pinyin_words[w].word, wl))
				continue;
			/* Hand each character of the word its syllable. */
			const char *r = pinyin_words[w].readings;
			for (int k = i; *r && k < t->n; k++) {
				size_t sl = strcspn(r, " ");
				if (sl >= sizeof t->word_reading[k])
					sl = sizeof t->word_reading[k] - 1;
				memcpy(t->word_reading[k], r, sl);
				t->word_reading[k][sl] = '\0';
				r += sl;
				r += *r == ' ';
			}
			break;
		}
	}
}

/* The reading of character i of t, or NULL when it is not Han. */
static const char *pinyin_reading_at(const struct pinyin_text *t, int i)
{
	return t->word_reading[i][0] ? t->word_reading[i] : pinyin_of(t->uc[i]);
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

char *pinyin_sort_key(const char *name)
{
	static struct pinyin_text t;
	struct pinyin_buf b = { 0 };
	pinyin_split(name, &t);
	for (int i = 0; i < t.n; i++) {
		const char *py = pinyin_reading_at(&t, i);
		if (py) {
			pinyin_put(&b, py, strlen(py));
			pinyin_putc(&b, ' ');
		} else if (t.uc[i] < 0x80) {
			pinyin_putc(&b, pinyin_lower((char)t.uc[i]));
		} else {
			pinyin_put(&b, (const char *)t.at[i], (size_t)t.len[i]);
		}
	}
	return pinyin_finish(&b);
}

static void pinyin_put_lower(struct pinyin_buf *b, const char *s)
{
	for (; s && *s; s++)
		pinyin_putc(b, pinyin_lower(*s));
}

/* Does the syllable begin with zh, ch or sh? */
static bool pinyin_digraph(const char *py)
{
	return py && py[0] && py[1] == 'h' && strchr("zcs", py[0]);
}

char *pinyin_search_key(const char *code, const char *name, const char *contact, const char *phone)
{
	static struct pinyin_text t;
	struct pinyin_buf b = { 0 };
	pinyin_put_lower(&b, code);
	pinyin_putc(&b, '\x1f');
	/* The code without its dashes: bj0008 finds BJ-0008. */
	for (const char *c = code; c && *c; c++)
		if ((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= 'A' && *c <= 'Z'))
			pinyin_putc(&b, pinyin_lower(*c));
	pinyin_putc(&b, '\x1f');
	pinyin_put_lower(&b, name);
	pinyin_putc(&b, '\x1f');
	pinyin_put_lower(&b, contact);
	pinyin_putc(&b, '\x1f');
	pinyin_put_lower(&b, phone);
	pinyin_putc(&b, '\x1f');
	char *digits = pinyin_phone_digits(phone ? phone : "");
	pinyin_put_lower(&b, digits);
	free(digits);
	pinyin_putc(&b, '\x1f');
	/* Full pinyin, then initials, then initials with zh, ch and sh whole
	 * (gzh: 贵州; none when the name has no such syllable), of letters and
	 * digits only. */
	pinyin_split(name, &t);
	bool digraphs = false;
	for (int i = 0; i < t.n && !digraphs; i++)
		digraphs = pinyin_digraph(pinyin_reading_at(&t, i));
	for (int pass = 0; pass < 3; pass++) {
		for (int i = 0; i < t.n && (pass < 2 || digraphs); i++) {
			const char *py = pinyin_reading_at(&t, i);
			ucs4_t uc = t.uc[i];
			if (py)
				pinyin_put(&b, py,
					   pass == 0			     ? strlen(py)
					   : pinyin_digraph(py) && pass == 2 ? 2
									     : 1);
			else if ((uc >= 'a' && uc <= 'z') || (uc >= '0' && uc <= '9'))
				pinyin_putc(&b, (char)uc);
			else if (uc >= 'A' && uc <= 'Z')
				pinyin_putc(&b, pinyin_lower((char)uc));
		}
		pinyin_putc(&b, '\x1f');
	}
	/* Each syllable's initial (zh, ch, sh also whole) with the next
	 * syllable (cdu: 成都, ahui: 安徽, gzhou: 贵州), each pair ended by
	 * U+001E: no match runs from one into the next. */
	for (int i = 0; i + 1 < t.n; i++) {
		const char *a = pinyin_reading_at(&t, i), *next = pinyin_reading_at(&t, i + 1);
		for (size_t n = 1; a && next && n <= (pinyin_digraph(a) ? 2u : 1u); n++) {
			pinyin_put(&b, a, n);
			pinyin_put(&b, next, strlen(next));
			pinyin_putc(&b, '\x1e');
		}
	}
	pinyin_putc(&b, '\x1f');
	return pinyin_finish(&b);
}

/* A key's name field (the bytes from name to end) as a string, cut where
 * the key's pinyin stops reading it anyway. */
enum { PINYIN_KEY_NAME = PINYIN_MAX_CHARS * 4 + 1 };
static char *pinyin_key_name(const char *name, const char *end, char buf[PINYIN_KEY_NAME])
{
	size_t len = (size_t)(end - name);
	if (len >= PINYIN_KEY_NAME)
		len = PINYIN_KEY_NAME - 1;
	memcpy(buf, name, len);
	buf[len] = '\0';
	return buf;
}

/* Does a syllable of the name (the bytes from name to end) begin with the n
 * bytes of query, by the readings the search key was made with? */
static bool pinyin_key_syllable(const char *name, const char *end, const char *query, size_t n)
{
	char buf[PINYIN_KEY_NAME];
	pinyin_key_name(name, end, buf);
	struct pinyin_text t;
	pinyin_split(buf, &t);
	for (int i = 0; i < t.n; i++) {
		const char *py = pinyin_reading_at(&t, i);
		if (py && !strncmp(py, query, n))
			return true;
	}
	return false;
}

/* Where each field of a search key begins (pinyin_search_key writes them in
 * this order, each ended by U+001F); at[KEY_FIELDS] is past the last. False
 * for a text that is not such a key. A key of an older format, without the
 * last fields (until the file's keys are made again: db_keys_refresh), has
 * them empty. */
enum {
	KEY_CODE,
	KEY_CODE_BARE,
	KEY_NAME,
	KEY_CONTACT,
	KEY_PHONE,
	KEY_DIGITS,
	KEY_PINYIN,
	KEY_INITIALS,
	KEY_DIGRAPHS,
	KEY_PAIRS,
	KEY_FIELDS
};
static bool pinyin_key_fields(const char *key, const char *at[KEY_FIELDS + 1])
{
	at[0] = key;
	for (int k = 0; k < KEY_FIELDS; k++) {
		const char *end = strchr(at[k], '\x1f');
		if (!end && k > KEY_INITIALS) {
			at[k + 1] = at[k]; /* (missing: empty) */
			continue;
		}
		if (!end)
			return false;
		at[k + 1] = end + 1;
	}
	return true;
}

/* Does the text from p to end hold the n bytes of query? */
static bool pinyin_holds(const char *p, const char *end, const char *query, size_t n)
{
	for (; n && p + n <= end; p++) {
		if (!(p = memchr(p, query[0], (size_t)(end - p))) || p + n > end)
			return false;
		if (!memcmp(p, query, n))
			return true;
	}
	return false;
}

/* Does a syllable of the name begin with the two letters of query? The
 * key's full pinyin (py to py_end) is read alongside the name, a
 * character's reading at a time, never past py_end (a name longer than the
 * key's pinyin holds, 128 characters, or a key from elsewhere, is split);
 * where a word gave another reading, the name is split. */
static bool pinyin_key_begins(const char *name, const char *name_end, const char *py,
			      const char *py_end, const char *query)
{
	const uint8_t *p = (const uint8_t *)name, *stop = (const uint8_t *)name_end;
	while (p < stop) {
		ucs4_t uc;
		pinyin_next(&p, stop, &uc);
		const char *r = pinyin_of(uc);
		bool letter = (uc >= 'a' && uc <= 'z') || (uc >= '0' && uc <= '9');
		size_t l = r ? strlen(r) : letter ? 1 : 0;
		if ((size_t)(py_end - py) < l || (r && memcmp(py, r, l)))
			return pinyin_key_syllable(name, name_end, query, 2);
		if (r && l >= 2 && !memcmp(r, query, 2))
			return true;
		py += l;
	}
	return false;
}

bool pinyin_key_match(const char *key, const char *query)
{
	if (!key || !query)
		return false;
	/* Whatever else, the letters are in the key: most rows stop here (and
	 * the trigram index finds no other). */
	const char *found = strstr(key, query);
	const char *at[KEY_FIELDS + 1];
	if (!found || !*query || !pinyin_key_fields(key, at))
		return found != NULL;
	/* In the fields before the pinyin (code, code without dashes, name,
	 * contact, phone, digits), or in the initials (one letter a
	 * syllable): found. */
	size_t n = strlen(query);
	if (found < at[KEY_PINYIN] ||
	    pinyin_holds(at[KEY_INITIALS], at[KEY_INITIALS + 1] - 1, query, n))
		return true;
	/* Only in the full pinyin, run together: where syllables begin. One
	 * letter would be in the initials; two begin one syllable; more run
	 * through syllables from the start of one (guangzh, hangzhou), as the
	 * name's matcher reads them. */
	size_t chars = 0;
	for (const char *p = query; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	if (chars == 1)
		return false;
	const char *name = at[KEY_NAME], *name_end = at[KEY_NAME + 1] - 1;
	if (chars == 2)
		return pinyin_key_begins(name, name_end, at[KEY_PINYIN], at[KEY_PINYIN + 1] - 1,
					 query);
	char buf[PINYIN_KEY_NAME];
	return pinyin_match(query, pinyin_key_name(name, name_end, buf));
}

/* The characters a phone number is written with besides its digits. */
static bool pinyin_phone_separator(char c)
{
	return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
}

char *pinyin_phone_digits(const char *phone)
{
	struct pinyin_buf b = { 0 };
	const char *p = phone;
	while (pinyin_phone_separator(*p))
		p++;
	/* China's country code, written +86 or 0086, is not part of the number. */
	if (!strncmp(p, "+86", 3))
		p += 3;
	else if (!strncmp(p, "0086", 4))
		p += 4;
	for (; *p; p++)
		if (*p >= '0' && *p <= '9')
			pinyin_putc(&b, *p);
	return pinyin_finish(&b);
}

char *pinyin_phone_query(const char *query)
{
	int digits = 0;
	for (const char *p = query; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!pinyin_phone_separator(*p) && !(*p == '+' && digits == 0))
			return NULL;
	}
	if (digits < 3)
		return NULL;
	char *out = pinyin_phone_digits(query);
	if (!*out) {
		free(out);
		return NULL;
	}
	return out;
}

char *pinyin_normalize_query(const char *query)
{
	/* Letters and digits an input method types full-width (ｚｊ, １３８)
	 * are the ASCII ones; spaces around are dropped. */
	char *out = text_ascii_fold(query);
	for (char *s = out; *s; s++)
		*s = pinyin_lower(*s);
	return out;
}

struct pinyin_match_state {
	struct pinyin_text text;
	ucs4_t query[PINYIN_MAX_QUERY];
	int nquery;
	/* failed[t][q]: matching query from q at text t is known to fail. */
	bool failed[PINYIN_MAX_CHARS + 1][PINYIN_MAX_QUERY + 1];
};

static ucs4_t pinyin_fold(ucs4_t uc)
{
	return uc >= 'A' && uc <= 'Z' ? uc - 'A' + 'a' : uc;
}

/* Tries each non-empty prefix of syllable py, longest first. */
static bool pinyin_match_syllable(struct pinyin_match_state *m, const char *py, int t, int q);

static bool pinyin_match_at(struct pinyin_match_state *m, int t, int q)
{
	if (q == m->nquery)
		return true;
	if (t == m->text.n || m->failed[t][q])
		return false;
	ucs4_t uc = m->text.uc[t];
	if (pinyin_fold(uc) == m->query[q] && pinyin_match_at(m, t + 1, q + 1))
		return true;
	const char *readings[PINYIN_MAX_READINGS + 1];
	int n = pinyin_readings(uc, readings);
	if (m->text.word_reading[t][0] && n < PINYIN_MAX_READINGS + 1)
		readings[n++] = m->text.word_reading[t];
	for (int i = 0; i < n; i++)
		if (pinyin_match_syllable(m, readings[i], t, q))
			return true;
	m->failed[t][q] = true;
	return false;
}

static bool pinyin_match_syllable(struct pinyin_match_state *m, const char *py, int t, int q)
{
	int k = 0;
	while (py[k] && q + k < m->nquery && m->query[q + k] == (ucs4_t)py[k])
		k++;
	for (; k > 0; k--)
		if (pinyin_match_at(m, t + 1, q + k))
			return true;
	return false;
}

static int pinyin_match_from(const char *query, const char *name, bool anywhere);

int pinyin_match(const char *query, const char *name)
{
	return pinyin_match_from(query, name, true);
}

int pinyin_match_start(const char *query, const char *name)
{
	return pinyin_match_from(query, name, false);
}

static int pinyin_match_from(const char *query, const char *name, bool anywhere)
{
	/* About 10 KB: static, so that a search over many rows allocates nothing. */
	static struct pinyin_match_state m;
	m.nquery = 0;
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
	pinyin_split(name, &m.text);
	for (int t = 0; t <= m.text.n; t++)
		memset(m.failed[t], 0, (size_t)(m.nquery + 1) * sizeof m.failed[t][0]);
	for (int t = 0; t < (anywhere ? m.text.n : m.text.n > 0); t++)
		if (pinyin_match_at(&m, t, 0))
			return 1;
	return 0;
}
