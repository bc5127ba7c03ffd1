/* iCalendar (RFC 5545) text for the visit export: lines ended by CRLF and
 * folded at 75 octets (a continuation starts with one space) without ever
 * splitting a UTF-8 character, TEXT values escaped (backslash, semicolon,
 * comma, newline), a VTIMEZONE from a zone's observances, and one VEVENT per
 * visit whose UID stays the same for the same visit across exports while its
 * SEQUENCE and LAST-MODIFIED rise when it changes. Pure: the caller gives the
 * zone's offsets (cli reads them from the system's time zone data). */
#ifndef QUDAO_ICS_H
#define QUDAO_ICS_H

#include <stddef.h>
#include <stdint.h>

#include "qudao/date.h"

enum { ICS_LINE_OCTETS = 75 };

/* Text built up in memory. */
struct ics_buf {
	char *s;
	size_t len, cap;
};
void ics_buf_free(struct ics_buf *b);

/* A TEXT value escaped: \\ \; \, and \n for a line break (CR LF, LF or CR
 * alone); other control characters and invalid UTF-8 become U+FFFD. The
 * caller frees it. */
char *ics_escape(const char *text);
/* Appends one content line "name:value" (name may carry parameters,
 * "DTSTART;TZID=Asia/Shanghai"), folded, with its CRLF. */
void ics_line(struct ics_buf *b, const char *name, const char *value);
/* A TEXT property: value escaped, then ics_line. */
void ics_text(struct ics_buf *b, const char *name, const char *text);

/* One observance of a zone: from start (local time in the offset before it),
 * the offset from UTC is offset_to seconds (offset_from before). */
struct ics_observance {
	int daylight; /* DAYLIGHT rather than STANDARD */
	qd_date start;
	int start_minutes;
	int offset_from, offset_to; /* seconds east of UTC */
	char name[16];		    /* "CST" */
};
/* BEGIN:VTIMEZONE ... END:VTIMEZONE for tzid with its observances. */
void ics_vtimezone(struct ics_buf *b, const char *tzid, const struct ics_observance *obs, int n);

/* "+0800" into buf (8 bytes). */
char *ics_offset(int seconds, char *buf);

struct ics_event {
	int64_t visit_id;      /* the UID is made from it */
	qd_date day;	       /* local, in the calendar's zone */
	int minutes, duration; /* start from midnight, length, in minutes */
	int64_t version;       /* 1 for a visit never changed: SEQUENCE version - 1 */
	const char *modified;  /* UTC "2026-11-27T08:30:00Z" (or without Z, taken as UTC) */
	const char *status;    /* the visit's status code */
	const char *summary, *location, *description;
};
/* The UID of a visit: "qudao-visit-ID@qudao". buf holds 64 bytes. */
char *ics_uid(int64_t visit_id, char *buf);
/* The STATUS of a visit's status: planned TENTATIVE, confirmed and done
 * CONFIRMED, cancelled and missed CANCELLED. */
const char *ics_status(const char *visit_status);
/* "20261127T083000Z" from a change time: UTC with or without its Z, or a
 * day alone (its start); "" when it is none of these. buf holds 20 bytes. */
char *ics_utc_stamp(const char *when, char *buf);

/* BEGIN:VCALENDAR with VERSION, PRODID, CALSCALE and METHOD:PUBLISH. */
void ics_begin(struct ics_buf *b);
/* One VEVENT, its times in tzid. */
void ics_event(struct ics_buf *b, const char *tzid, const struct ics_event *e);
void ics_end(struct ics_buf *b);

#endif
