/* Changesets written by hand, in the format of SQLite's session extension
 * (sqlite3session.c, "CHANGESET FORMAT"), for what the extension cannot make
 * itself here: a changeset filtered to one rep's distributors, and the rows
 * of a distributor that comes into a rep's scope. SQLite's own iterator
 * reads them back; tests/test_sync.c checks that re-encoding a changeset the
 * extension made gives the very same bytes.
 *
 * Also the text forms of rows: keys for the change times and conflicts, and
 * JSON objects for the versions a conflict shows. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync_internal.h"
#include "qudao/xalloc.h"

void cs_buf_free(struct cs_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

void cs_put(struct cs_buf *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->n + n)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

/* Reads SQLite's varint at *p (within end); false when it runs past. */
static bool cs_get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	*v = 0;
	for (int i = 0; i < 9; i++) {
		if (*p >= end)
			return false;
		unsigned char c = *(*p)++;
		if (i == 8) {
			*v = (*v << 8) | c;
			return true;
		}
		*v = (*v << 7) | (c & 0x7f);
		if (!(c & 0x80))
			return true;
	}
	return true;
}

/* One record of ncol values; undefined values only where allowed. */
static bool cs_record_ok(const unsigned char **p, const unsigned char *end, uint64_t ncol,
			 bool undefined_ok)
{
	for (uint64_t c = 0; c < ncol; c++) {
		if (*p >= end)
			return false;
		unsigned char type = *(*p)++;
		uint64_t len;
		switch (type) {
		case 0:
			if (!undefined_ok)
				return false;
			break;
		case SQLITE_INTEGER:
		case SQLITE_FLOAT:
			if (end - *p < 8)
				return false;
			*p += 8;
			break;
		case SQLITE_TEXT:
		case SQLITE_BLOB:
			if (!cs_get_varint(p, end, &len) || len > (uint64_t)(end - *p))
				return false;
			*p += len;
			break;
		case SQLITE_NULL:
			break;
		default:
			return false;
		}
	}
	return true;
}

bool cs_wellformed(const void *data, size_t n)
{
	const unsigned char *p = data, *end = p + n;
	uint64_t ncol = 0;
	bool table = false;
	while (p < end) {
		unsigned char op = *p++;
		if (op == 'T') {
			/* A table: its columns, their key flags, its name. */
			if (!cs_get_varint(&p, end, &ncol) || ncol == 0 || ncol > CS_MAX_COLUMNS ||
			    ncol > (uint64_t)(end - p))
				return false;
			for (uint64_t c = 0; c < ncol; c++)
				if (p[c] > 1)
					return false;
			p += ncol;
			const unsigned char *nul = memchr(p, 0, (size_t)(end - p));
			if (!nul || nul == p)
				return false;
			p = nul + 1;
			table = true;
			continue;
		}
		if (!table || end - p < 1)
			return false;
		p++; /* indirect */
		switch (op) {
		case SQLITE_INSERT:
			if (!cs_record_ok(&p, end, ncol, false))
				return false;
			break;
		case SQLITE_DELETE:
			if (!cs_record_ok(&p, end, ncol, false))
				return false;
			break;
		case SQLITE_UPDATE:
			if (!cs_record_ok(&p, end, ncol, true) || !cs_record_ok(&p, end, ncol, true))
				return false;
			break;
		default:
			return false;
		}
	}
	return true;
}

static void cs_byte(struct cs_buf *b, unsigned char c)
{
	cs_put(b, &c, 1);
}

/* SQLite's varint: big-endian groups of 7 bits, the high bit set on all
 * but the last byte; a ninth byte carries 8 bits. */
void cs_put_varint(struct cs_buf *b, uint64_t v)
{
	unsigned char buf[10];
	int n = 0;
	if (v & ((uint64_t)0xff000000 << 32)) {
		buf[8] = (unsigned char)v;
		v >>= 8;
		for (int i = 7; i >= 0; i--) {
			buf[i] = (unsigned char)((v & 0x7f) | 0x80);
			v >>= 7;
		}
		cs_put(b, buf, 9);
		return;
	}
	unsigned char tmp[10];
	do {
		tmp[n++] = (unsigned char)((v & 0x7f) | 0x80);
		v >>= 7;
	} while (v != 0);
	tmp[0] &= 0x7f;
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	cs_put(b, buf, (size_t)n);
}

static void cs_be64(struct cs_buf *b, uint64_t v)
{
	unsigned char buf[8];
	for (int i = 7; i >= 0; i--) {
		buf[i] = (unsigned char)v;
		v >>= 8;
	}
	cs_put(b, buf, 8);
}

void cs_value(struct cs_buf *b, sqlite3_value *v)
{
	if (!v) {
		cs_byte(b, 0x00);
		return;
	}
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER:
		cs_byte(b, 0x01);
		cs_be64(b, (uint64_t)sqlite3_value_int64(v));
		break;
	case SQLITE_FLOAT: {
		double d = sqlite3_value_double(v);
		uint64_t u;
		memcpy(&u, &d, sizeof u);
		cs_byte(b, 0x02);
		cs_be64(b, u);
		break;
	}
	case SQLITE_TEXT: {
		int n = sqlite3_value_bytes(v);
		const unsigned char *s = sqlite3_value_text(v);
		cs_byte(b, 0x03);
		cs_put_varint(b, (uint64_t)n);
		cs_put(b, s, (size_t)n);
		break;
	}
	case SQLITE_BLOB: {
		int n = sqlite3_value_bytes(v);
		const void *p = sqlite3_value_blob(v);
		cs_byte(b, 0x04);
		cs_put_varint(b, (uint64_t)n);
		cs_put(b, p, (size_t)n);
		break;
	}
	default:
		cs_byte(b, 0x05);
		break;
	}
}

void cs_table(struct cs_buf *b, const char *name, int ncol, const unsigned char *pk)
{
	cs_byte(b, 'T');
	cs_put_varint(b, (uint64_t)ncol);
	cs_put(b, pk, (size_t)ncol);
	cs_put(b, name, strlen(name) + 1);
}

void cs_change(struct cs_buf *b, int op, int indirect, int ncol, sqlite3_value **old,
	       sqlite3_value **new)
{
	cs_byte(b, (unsigned char)op);
	cs_byte(b, indirect ? 1 : 0);
	if (op != SQLITE_INSERT)
		for (int i = 0; i < ncol; i++)
			cs_value(b, old[i]);
	if (op != SQLITE_DELETE)
		for (int i = 0; i < ncol; i++)
			cs_value(b, new[i]);
}

/* ---- keys and versions ------------------------------------------------------ */

char *sync_key(const struct sync_table *t, sqlite3_value **vals)
{
	struct cs_buf b = { 0 };
	bool first = true;
	for (int i = 0; i < t->ncol; i++) {
		if (!t->pk[i])
			continue;
		if (!first)
			cs_byte(&b, 0x1f);
		first = false;
		sqlite3_value *v = vals[i];
		if (v && sqlite3_value_type(v) == SQLITE_INTEGER) {
			char num[24];
			int n = snprintf(num, sizeof num, "%lld", (long long)sqlite3_value_int64(v));
			cs_put(&b, num, (size_t)n);
		} else if (v && sqlite3_value_type(v) != SQLITE_NULL) {
			cs_put(&b, sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
		}
	}
	cs_byte(&b, 0);
	return (char *)b.p;
}

static void json_string(struct cs_buf *b, const unsigned char *s, int n)
{
	cs_byte(b, '"');
	for (int i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c == '"' || c == '\\') {
			cs_byte(b, '\\');
			cs_byte(b, c);
		} else if (c < 0x20) {
			char esc[8];
			snprintf(esc, sizeof esc, "\\u%04x", c);
			cs_put(b, esc, 6);
		} else {
			cs_byte(b, c);
		}
	}
	cs_byte(b, '"');
}

char *sync_json_row(const struct sync_table *t, sqlite3_value **vals)
{
	struct cs_buf b = { 0 };
	cs_byte(&b, '{');
	bool first = true;
	for (int i = 0; i < t->ncol; i++) {
		sqlite3_value *v = vals[i];
		if (!v || t->derived[i])
			continue;
		if (!first)
			cs_byte(&b, ',');
		first = false;
		json_string(&b, (const unsigned char *)t->cols[i], (int)strlen(t->cols[i]));
		cs_byte(&b, ':');
		char num[40];
		switch (sqlite3_value_type(v)) {
		case SQLITE_INTEGER:
			cs_put(&b, num,
			       (size_t)snprintf(num, sizeof num, "%lld",
						(long long)sqlite3_value_int64(v)));
			break;
		case SQLITE_FLOAT:
			cs_put(&b, num,
			       (size_t)snprintf(num, sizeof num, "%.17g", sqlite3_value_double(v)));
			break;
		case SQLITE_TEXT:
		case SQLITE_BLOB:
			json_string(&b, sqlite3_value_text(v), sqlite3_value_bytes(v));
			break;
		default:
			cs_put(&b, "null", 4);
			break;
		}
	}
	cs_byte(&b, '}');
	cs_byte(&b, 0);
	return (char *)b.p;
}

int64_t sync_time_ms(const char *at)
{
	struct tm tm = { 0 };
	int ms = 0;
	if (!at || sscanf(at, "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

void sync_time_text(int64_t ms, char buf[32])
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&s, &tm);
	char date[24];
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, 32, "%.19s.%03dZ", date, (int)(ms % 1000));
}

int64_t sync_clock_frozen;

void sync_now(char buf[32])
{
	if (sync_clock_frozen) {
		sync_time_text(sync_clock_frozen, buf);
		return;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char date[24];
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, 32, "%.19s.%03dZ", date, (int)(ts.tv_nsec / 1000000) % 1000);
}
