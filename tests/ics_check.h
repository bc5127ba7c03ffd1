/* A checker of iCalendar text by RFC 5545's rules, for the suites that write
 * it (no iCalendar library is at hand): CRLF line ends and nothing else,
 * physical lines of at most 75 octets that are each whole UTF-8 (folding
 * never splits a character), continuations starting with one space, TEXT
 * values escaped, components nested and closed, the properties each must
 * have, and every TZID used defined by a VTIMEZONE. ics_check() returns NULL
 * or what is wrong. ics_unfold() gives the logical lines. */
#ifndef QUDAO_TEST_ICS_CHECK_H
#define QUDAO_TEST_ICS_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

/* The logical lines of text, unfolded, each malloc'd; returns how many
 * (-1 when the physical lines are wrong, with why). */
static inline int ics_unfold(const char *text, char ***out, char *why, size_t why_size)
{
	int n = 0, cap = 16;
	char **lines = malloc((size_t)cap * sizeof *lines);
	const char *p = text;
	while (*p) {
		const char *eol = strstr(p, "\r\n");
		if (!eol) {
			snprintf(why, why_size, "a line without CRLF at offset %ld",
				 (long)(p - text));
			goto bad;
		}
		size_t len = (size_t)(eol - p);
		if (memchr(p, '\n', len) || memchr(p, '\r', len)) {
			snprintf(why, why_size, "a bare CR or LF at offset %ld", (long)(p - text));
			goto bad;
		}
		if (len > 75) {
			snprintf(why, why_size, "a line of %zu octets: %.40s", len, p);
			goto bad;
		}
		if (u8_check((const uint8_t *)p, len)) {
			snprintf(why, why_size,
				 "a line that is not whole UTF-8 (a split character): %.*s",
				 (int)len, p);
			goto bad;
		}
		if (*p == ' ' || *p == '\t') {
			if (n == 0) {
				snprintf(why, why_size, "a continuation with nothing before it");
				goto bad;
			}
			size_t had = strlen(lines[n - 1]);
			lines[n - 1] = realloc(lines[n - 1], had + len);
			memcpy(lines[n - 1] + had, p + 1, len - 1);
			lines[n - 1][had + len - 1] = '\0';
		} else {
			if (n == cap)
				lines = realloc(lines, (size_t)(cap *= 2) * sizeof *lines);
			lines[n] = malloc(len + 1);
			memcpy(lines[n], p, len);
			lines[n][len] = '\0';
			n++;
		}
		p = eol + 2;
	}
	*out = lines;
	return n;
bad:
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return -1;
}

static inline void ics_free_lines(char **lines, int n)
{
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* Only the physical lines: NULL or what is wrong. */
static inline const char *ics_check_lines_only(const char *text)
{
	static char why[256];
	char **lines;
	int n = ics_unfold(text, &lines, why, sizeof why);
	if (n < 0)
		return why;
	ics_free_lines(lines, n);
	return NULL;
}

/* The value of a logical line (after the first ':' outside quotes). */
static inline const char *ics_value_of(const char *line)
{
	bool quoted = false;
	for (const char *p = line; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == ':' && !quoted)
			return p + 1;
	}
	return NULL;
}

/* Whether line's name (before ';' or ':') is name. */
static inline bool ics_is(const char *line, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(line, name, n) && (line[n] == ':' || line[n] == ';');
}

/* A TEXT value's escapes: a backslash only before \ ; , n N, and no bare ;
 * or , (this export writes single values). */
static inline bool ics_text_ok(const char *v)
{
	for (const char *p = v; *p; p++) {
		if (*p == '\\') {
			if (!strchr("\\;,nN", p[1]) || !p[1])
				return false;
			p++;
		} else if (*p == ';' || *p == ',') {
			return false;
		}
	}
	return true;
}

/* The TEXT value unescaped; the caller frees it. */
static inline char *ics_unescape(const char *v)
{
	char *out = malloc(strlen(v) + 1), *o = out;
	for (const char *p = v; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			*o++ = (*p == 'n' || *p == 'N') ? '\n' : *p;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static inline const char *ics_check(const char *text)
{
	static char why[512];
	char **lines;
	int n = ics_unfold(text, &lines, why, sizeof why);
	if (n < 0)
		return why;
	const char *stack[8];
	int depth = 0;
	char zones[16][64];
	int nzones = 0;
	bool version = false, prodid = false, uid = false, dtstamp = false, dtstart = false;
	bool offfrom = false, offto = false, tzid = false;
	why[0] = '\0';
	for (int i = 0; i < n && !why[0]; i++) {
		const char *l = lines[i], *v = ics_value_of(l);
		if (!v || v == l + 1) {
			snprintf(why, sizeof why, "not a content line: %s", l);
			break;
		}
		if (ics_is(l, "BEGIN")) {
			if (depth == 8) {
				snprintf(why, sizeof why, "nested too deep");
				break;
			}
			stack[depth++] = v;
			if (!strcmp(v, "VEVENT"))
				uid = dtstamp = dtstart = false;
			if (!strcmp(v, "STANDARD") || !strcmp(v, "DAYLIGHT"))
				dtstart = offfrom = offto = false;
			if (!strcmp(v, "VTIMEZONE"))
				tzid = false;
			if (depth == 1 && strcmp(v, "VCALENDAR"))
				snprintf(why, sizeof why, "the outer component is %s", v);
		} else if (ics_is(l, "END")) {
			if (!depth || strcmp(stack[depth - 1], v)) {
				snprintf(why, sizeof why, "END:%s closes %s", v,
					 depth ? stack[depth - 1] : "nothing");
				break;
			}
			if (!strcmp(v, "VEVENT") && !(uid && dtstamp && dtstart))
				snprintf(why, sizeof why,
					 "a VEVENT without UID, DTSTAMP or DTSTART");
			if ((!strcmp(v, "STANDARD") || !strcmp(v, "DAYLIGHT")) &&
			    !(dtstart && offfrom && offto))
				snprintf(why, sizeof why, "an observance without its offsets");
			if (!strcmp(v, "VTIMEZONE") && !tzid)
				snprintf(why, sizeof why, "a VTIMEZONE without TZID");
			if (!strcmp(v, "VCALENDAR") && !(version && prodid))
				snprintf(why, sizeof why, "no VERSION or PRODID");
			depth--;
		} else if (ics_is(l, "VERSION")) {
			version = !strcmp(v, "2.0");
		} else if (ics_is(l, "PRODID")) {
			prodid = true;
		} else if (ics_is(l, "UID")) {
			uid = true;
		} else if (ics_is(l, "DTSTAMP")) {
			dtstamp = strlen(v) == 16 && v[8] == 'T' && v[15] == 'Z';
		} else if (ics_is(l, "TZOFFSETFROM")) {
			offfrom = (v[0] == '+' || v[0] == '-') && strlen(v) >= 5;
		} else if (ics_is(l, "TZOFFSETTO")) {
			offto = (v[0] == '+' || v[0] == '-') && strlen(v) >= 5;
		} else if (ics_is(l, "TZID")) {
			tzid = true;
			if (nzones < 16)
				snprintf(zones[nzones++], sizeof zones[0], "%s", v);
		} else if (ics_is(l, "DTSTART") || ics_is(l, "DTEND")) {
			dtstart |= ics_is(l, "DTSTART");
			const char *p = strstr(l, ";TZID=");
			if (p) {
				p += 6;
				size_t len = strcspn(p, ";:");
				bool known = false;
				for (int z = 0; z < nzones; z++)
					known |= strlen(zones[z]) == len &&
						 !strncmp(zones[z], p, len);
				if (!known)
					snprintf(why, sizeof why,
						 "TZID %.*s has no VTIMEZONE before it", (int)len,
						 p);
			}
			if (strlen(v) < 15 || v[8] != 'T')
				snprintf(why, sizeof why, "not a date-time: %s", l);
		} else if (ics_is(l, "SUMMARY") || ics_is(l, "LOCATION") ||
			   ics_is(l, "DESCRIPTION") || ics_is(l, "TZNAME")) {
			if (!ics_text_ok(v))
				snprintf(why, sizeof why, "a TEXT value not escaped: %s", l);
		}
	}
	if (!why[0] && depth)
		snprintf(why, sizeof why, "%s is not closed", stack[depth - 1]);
	ics_free_lines(lines, n);
	return why[0] ? why : NULL;
}

#endif
