/* iCalendar text: escaping, folding at 75 octets on character boundaries,
 * the time zone and the events of the visit export. */
#include "qudao/ics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "qudao/xalloc.h"

static void ics_put(struct ics_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void ics_buf_free(struct ics_buf *b)
{
	free(b->s);
	*b = (struct ics_buf){ 0 };
}

char *ics_escape(const char *text)
{
	struct ics_buf b = { 0 };
	ics_put(&b, "", 0);
	const uint8_t *p = (const uint8_t *)(text ? text : "");
	while (*p) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, p, u8_strlen(p));
		if (uc == 0xfffd && !(n == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] == 0xbd)) {
			ics_put(&b, "\xef\xbf\xbd", 3); /* an invalid byte */
		} else if (uc == '\r' || uc == '\n') {
			ics_put(&b, "\\n", 2);
			if (uc == '\r' && p[1] == '\n')
				n = 2;
		} else if (uc == '\\' || uc == ';' || uc == ',') {
			char esc[2] = { '\\', (char)uc };
			ics_put(&b, esc, 2);
		} else if (uc < 0x20 || uc == 0x7f || (uc >= 0x80 && uc < 0xa0)) {
			ics_put(&b, "\xef\xbf\xbd", 3);
		} else {
			ics_put(&b, (const char *)p, (size_t)n);
		}
		p += n > 0 ? n : 1;
	}
	return b.s;
}

/* Bytes of the unit that starts at s: a UTF-8 character, or an escape
 * ("\n", "\,"), which is kept on one line. */
static size_t ics_unit(const char *s)
{
	if (s[0] == '\\' && s[1])
		return 2;
	const unsigned char c = (unsigned char)s[0];
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	for (size_t i = 1; i < n; i++)
		if (!s[i])
			return i;
	return n;
}

void ics_line(struct ics_buf *b, const char *name, const char *value)
{
	size_t total = strlen(name) + 1 + strlen(value);
	char *line = xmalloc(total + 1);
	snprintf(line, total + 1, "%s:%s", name, value);
	/* The first line holds up to 75 octets, each continuation a space and
	 * up to 74 more. */
	size_t at = 0, room = ICS_LINE_OCTETS;
	while (at < total) {
		size_t take = 0;
		while (at + take < total) {
			size_t u = ics_unit(line + at + take);
			if (take + u > room)
				break;
			take += u;
		}
		if (take == 0) /* cannot happen: a unit is at most 4 octets */
			take = ics_unit(line + at);
		if (at > 0)
			ics_put(b, " ", 1);
		ics_put(b, line + at, take);
		ics_put(b, "\r\n", 2);
		at += take;
		room = ICS_LINE_OCTETS - 1;
	}
	if (total == 0)
		ics_put(b, "\r\n", 2);
	free(line);
}

void ics_text(struct ics_buf *b, const char *name, const char *text)
{
	char *v = ics_escape(text);
	ics_line(b, name, v);
	free(v);
}

char *ics_offset(int seconds, char *buf)
{
	int a = seconds < 0 ? -seconds : seconds;
	int h = a / 3600 % 100, m = a / 60 % 60, s = a % 60;
	if (s)
		snprintf(buf, 8, "%c%02d%02d%02d", seconds < 0 ? '-' : '+', h, m, s);
	else
		snprintf(buf, 8, "%c%02d%02d", seconds < 0 ? '-' : '+', h, m);
	return buf;
}

/* "20261127T093000" (local). buf holds 20 bytes. */
static char *ics_local(qd_date d, int minutes, char *buf)
{
	unsigned m = minutes < 0 ? 0u : (unsigned)minutes % 1440u;
	snprintf(buf, 20, "%04u%02u%02uT%02u%02u00", (unsigned)d.y % 10000u, (unsigned)d.m % 100u,
		 (unsigned)d.d % 100u, m / 60u, m % 60u);
	return buf;
}

void ics_vtimezone(struct ics_buf *b, const char *tzid, const struct ics_observance *obs, int n)
{
	char when[20], from[8], to[8];
	ics_line(b, "BEGIN", "VTIMEZONE");
	ics_text(b, "TZID", tzid);
	for (int i = 0; i < n; i++) {
		const char *kind = obs[i].daylight ? "DAYLIGHT" : "STANDARD";
		ics_line(b, "BEGIN", kind);
		ics_line(b, "DTSTART", ics_local(obs[i].start, obs[i].start_minutes, when));
		ics_line(b, "TZOFFSETFROM", ics_offset(obs[i].offset_from, from));
		ics_line(b, "TZOFFSETTO", ics_offset(obs[i].offset_to, to));
		if (obs[i].name[0])
			ics_text(b, "TZNAME", obs[i].name);
		ics_line(b, "END", kind);
	}
	ics_line(b, "END", "VTIMEZONE");
}

char *ics_uid(int64_t visit_id, char *buf)
{
	snprintf(buf, 64, "qudao-visit-%lld@qudao", (long long)visit_id);
	return buf;
}

const char *ics_status(const char *visit_status)
{
	if (!visit_status || !strcmp(visit_status, "planned"))
		return "TENTATIVE";
	if (!strcmp(visit_status, "cancelled") || !strcmp(visit_status, "missed"))
		return "CANCELLED";
	return "CONFIRMED";
}

char *ics_utc_stamp(const char *when, char *buf)
{
	buf[0] = '\0';
	qd_date d;
	int minutes = 0;
	char head[17];
	size_t len = when ? strlen(when) : 0;
	if (len == 10 || (len > 10 && when[10] != 'T' && when[10] != ' ')) {
		/* A day alone (rows written before times were kept): its start. */
		memcpy(head, when, 10);
		head[10] = '\0';
		if (date_parse(head, &d))
			return buf;
	} else {
		if (len < 16)
			return buf;
		memcpy(head, when, 16);
		head[16] = '\0';
		if (date_parse_datetime(head, &d, &minutes))
			return buf;
	}
	int sec = 0;
	if (len >= 19 && when[16] == ':' && when[17] >= '0' && when[17] <= '5' && when[18] >= '0' &&
	    when[18] <= '9')
		sec = (when[17] - '0') * 10 + (when[18] - '0');
	unsigned m = (unsigned)minutes % 1440u;
	snprintf(buf, 20, "%04u%02u%02uT%02u%02u%02uZ", (unsigned)d.y % 10000u,
		 (unsigned)d.m % 100u, (unsigned)d.d % 100u, m / 60u, m % 60u, (unsigned)sec % 60u);
	return buf;
}

void ics_begin(struct ics_buf *b)
{
	ics_line(b, "BEGIN", "VCALENDAR");
	ics_line(b, "VERSION", "2.0");
	ics_line(b, "PRODID", "-//qudao//visit calendar//EN");
	ics_line(b, "CALSCALE", "GREGORIAN");
	ics_line(b, "METHOD", "PUBLISH");
}

void ics_event(struct ics_buf *b, const char *tzid, const struct ics_event *e)
{
	char uid[64], when[20], stamp[20], name[160], seq[24];
	/* A TZID parameter value is quoted when it holds : ; or , */
	const char *q = strpbrk(tzid, ":;,") ? "\"" : "";
	ics_line(b, "BEGIN", "VEVENT");
	ics_line(b, "UID", ics_uid(e->visit_id, uid));
	ics_utc_stamp(e->modified, stamp);
	if (!stamp[0])
		snprintf(stamp, sizeof stamp, "19700101T000000Z");
	ics_line(b, "DTSTAMP", stamp);
	ics_line(b, "LAST-MODIFIED", stamp);
	snprintf(seq, sizeof seq, "%lld", (long long)(e->version > 1 ? e->version - 1 : 0));
	ics_line(b, "SEQUENCE", seq);
	snprintf(name, sizeof name, "DTSTART;TZID=%s%s%s", q, tzid, q);
	ics_line(b, name, ics_local(e->day, e->minutes, when));
	int end = e->minutes + (e->duration > 0 ? e->duration : 60);
	qd_date end_day = date_add_days(e->day, end / (24 * 60));
	snprintf(name, sizeof name, "DTEND;TZID=%s%s%s", q, tzid, q);
	ics_line(b, name, ics_local(end_day, end % (24 * 60), when));
	ics_line(b, "STATUS", ics_status(e->status));
	ics_text(b, "SUMMARY", e->summary ? e->summary : "");
	if (e->location && *e->location)
		ics_text(b, "LOCATION", e->location);
	if (e->description && *e->description)
		ics_text(b, "DESCRIPTION", e->description);
	ics_line(b, "END", "VEVENT");
}

void ics_end(struct ics_buf *b)
{
	ics_line(b, "END", "VCALENDAR");
}
