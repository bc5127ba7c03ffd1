/* qudao import KIND FILE: the file read whole, its encoding found (or
 * given) and converted, its header matched, its rows cleaned and handed to
 * the kind's record function (import_rows.c) inside one write, errors listed
 * as FILE:LINE:COLUMN: reason, rejected rows written to a CSV with their
 * reasons, a progress bar on a terminal, Ctrl-C rolling it all back. */
#include "qudao/import.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "import_kinds.h"
#include "qudao/cli.h"
#include "qudao/csv.h"
#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/ledger.h"
#include "qudao/reference.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

/* ---- a small map of text keys to numbers (codes to ids, keys to lines) ---- */

struct import_map {
	char **keys;
	int64_t *vals;
	size_t cap, n;
};

static uint64_t import_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static int64_t *import_map_slot(struct import_map *m, const char *key, bool add)
{
	if (add && (m->n + 1) * 2 > m->cap) {
		struct import_map old = *m;
		m->cap = m->cap ? m->cap * 2 : 256;
		m->keys = xcalloc(m->cap, sizeof *m->keys);
		m->vals = xcalloc(m->cap, sizeof *m->vals);
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i]) {
				size_t j = import_hash(old.keys[i]) & (m->cap - 1);
				while (m->keys[j])
					j = (j + 1) & (m->cap - 1);
				m->keys[j] = old.keys[i];
				m->vals[j] = old.vals[i];
				m->n++;
			}
		free(old.keys);
		free(old.vals);
	}
	if (!m->cap)
		return NULL;
	size_t j = import_hash(key) & (m->cap - 1);
	while (m->keys[j] && strcmp(m->keys[j], key))
		j = (j + 1) & (m->cap - 1);
	if (!m->keys[j]) {
		if (!add)
			return NULL;
		m->keys[j] = xstrdup(key);
		m->n++;
	}
	return &m->vals[j];
}

static void import_map_free(struct import_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* A code as a key: ASCII letters in lower case (codes do not differ by
 * case). */
static void import_fold(const char *s, char *buf, size_t size)
{
	size_t i = 0;
	for (; s[i] && i + 1 < size; i++)
		buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
	buf[i] = '\0';
}

/* ---- the run ---- */

/* A rejected line held for the end of the rejects file (import_run.held):
 * its record's number, its place in the file, and its values. */
struct import_held {
	int record, seq;
	char **vals;
};

/* A row as read, kept until its record is written: its cleaned values and,
 * for the rejects file, its fields as they stood. */
struct import_line {
	struct import_row row;
	char *owned[IMPORT_MAX_COLS];
	char **raw;
	int nraw;
	char *bad; /* why the row cannot be read at all, or NULL */
	int bad_col;
	int bad_field; /* the field (from 1) it is about, when no column is */
	bool faulted;  /* an error was said about this line */
	char *own;     /* those errors, for the rejects file (NULL: none) */
};

enum { IMPORT_ERR_MAX = 1024 };
/* From this size on (about 3,500 order lines), a file of orders is
 * imported in bulk: its orders' kept figures are made at the end, all at
 * once, which costs about a fifth of making them order by order. */
enum { IMPORT_BULK_BYTES = 256 * 1024 };
/* The unknown columns of a header named one by one; the rest are
 * counted. */
enum { IMPORT_UNKNOWN_SHOWN = 10 };
/* At most so many cells of a column's name in a message. */
enum { IMPORT_NAME_SHOWN = 40 };

struct import_run {
	qd_db *db;
	const struct import_options *o;
	const struct import_kind *kind;
	const char *path;
	struct import_result *r;
	struct column_match m;
	char **header;
	int nheader;
	/* The record being read: its rows. */
	struct import_line *lines;
	int nlines, caplines;
	char reason[IMPORT_ERR_MAX]; /* why the current record was refused */
	FILE *rejects;
	char *rejects_tmp; /* written here, renamed to the rejects file when whole */
	struct csv_writer *rw;
	const char **rvals;
	int rerr;  /* the rejects file's reason column */
	int rcols; /* its columns */
	/* The rejected lines of records whose lines are apart in the file,
	 * held to the end and written then a record's lines together: in the
	 * file's order the rejects file, imported again
	 * as it is, would be refused the same way. held_of: a record's key,
	 * its number + 1 in order of first rejection. */
	struct import_held *held;
	int nheld, capheld, nheld_records;
	struct import_map held_of;
	/* seen: each record's key, and its first line (seen_line); without
	 * --skip-invalid, a grouped record's lines that went in and how
	 * (seen_went: nlines << 2 | outcome), so that one found apart at a
	 * later part has its first part refused too (the counts were 7 rows
	 * against 8 with --skip-invalid). */
	struct import_map codes[5], seen, tally;
	/* Records whose lines are not together in the file (an order's lines
	 * with another order between): their first line (seen_line) and the
	 * line where they go on (seen_went). */
	struct import_map split;
	struct timespec start, shown_at;
	bool fatal;
	/* A quote never closed: where the rows after it end is unknown. */
	bool unreadable;
	/* Open or cancelled orders given a ship date, which they do not keep:
	 * how many, and the first one's line. */
	long dropped_ship, dropped_ship_line;
	/* A large file of new orders, whose figures are made at the end
	 * (db_bulk_orders_begin): the rows are then only part of the bar. */
	bool bulk;
	/* Setup's visit settings, read on first need. */
	struct visit_settings visits;
	bool visits_read;
};

/* The two halves of a value of run->seen and run->split. */
static long seen_line(int64_t v)
{
	return (long)(v & 0xFFFFFFFF);
}
static int64_t seen_went(int64_t v)
{
	return v >> 32;
}

/* The share of a bulk import's time the rows take, and the rows and the
 * figures together; the commit takes the rest (measured on 200,000 lines:
 * rows 43 %, figures 36 %, commit 21 %). */
#define IMPORT_BULK_ROWS 0.45
#define IMPORT_BULK_FIGURES 0.80

enum { MAP_DIST, MAP_PROD, MAP_TERR, MAP_REP, MAP_REGION };

qd_db *import_db(struct import_run *run)
{
	return run->db;
}

const char *import_who(struct import_run *run)
{
	return run->o->who && *run->o->who ? run->o->who : "qudao";
}

bool import_required(const struct import_run *run, int col)
{
	return col >= 0 && col < run->kind->cols->ncols && run->kind->cols->cols[col].required;
}

const struct column *import_missing_required(const struct import_run *run)
{
	const struct record_kind *k = run->kind->cols;
	for (int c = 0; c < k->ncols; c++)
		if (k->cols[c].required && run->m.field[c] < 0)
			return &k->cols[c];
	return NULL;
}

bool import_updating(const struct import_run *run)
{
	return run->o->update;
}

const struct visit_settings *import_visit_settings(struct import_run *run)
{
	if (!run->visits_read) {
		if (db_visit_settings_get(run->db, &run->visits))
			visit_settings_default(&run->visits);
		run->visits_read = true;
	}
	return &run->visits;
}

void import_ship_date_dropped(struct import_run *run, const struct import_row *row)
{
	if (run->dropped_ship++ == 0)
		run->dropped_ship_line = row->line;
}

const char *import_path(const struct import_run *run)
{
	return run->path;
}

/* Prints one line to the messages, through the sanitizer. */
static void import_say(struct import_run *run, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void import_say(struct import_run *run, const char *fmt, ...)
{
	if (!run->o->messages)
		return;
	if (run->o->progress)
		cli_progress_done();
	va_list ap;
	va_start(ap, fmt);
	cli_vprint(run->o->messages, fmt, ap);
	va_end(ap);
	fputc('\n', run->o->messages);
}

/* Adds piece to the reasons in to (IMPORT_ERR_MAX bytes), a space apart,
 * as far as there is room: what does not fit is cut where a character
 * ends, and says so. */
static void import_reason_add(char *to, const char *piece)
{
	static const char cut[] = "…";
	size_t used = strlen(to), room = IMPORT_ERR_MAX - used;
	if (room <= sizeof cut + 1)
		return;
	if (used)
		to[used++] = ' ', room--;
	if (strlen(piece) < room) {
		memcpy(to + used, piece, strlen(piece) + 1);
	} else {
		text_copy(to + used, room - (sizeof cut - 1), piece);
		strcat(to, cut);
	}
}

/* An error at line:field: counted, shown while fewer than max_shown were,
 * and kept as the current record's reason. */
static void import_error_at(struct import_run *run, long line, int field, const char *text)
{
	char where[64];
	if (field > 0)
		snprintf(where, sizeof where, "%ld:%d", line, field);
	else
		snprintf(where, sizeof where, "%ld", line);
	/* The rejects file's reason holds every fault of the row, one after
	 * the other, as far as it has room, each with the name of the file
	 * its line is of (re-imported, a rejects file has lines of its own). */
	const char *base = strrchr(run->path, '/');
	char *piece = xasprintf("%s:%s: %s", base ? base + 1 : run->path, where, text);
	import_reason_add(run->reason, piece);
	/* Each line's own too: a line of an order beside another at fault
	 * showed the other's faults as its own. */
	for (int i = 0; i < run->nlines; i++)
		if (run->lines[i].row.line == line) {
			struct import_line *l = &run->lines[i];
			l->faulted = true;
			if (!l->own)
				l->own = xcalloc(1, IMPORT_ERR_MAX);
			import_reason_add(l->own, piece);
		}
	free(piece);
	run->r->errors++;
	int max = run->o->max_shown > 0 ? run->o->max_shown : 50;
	if (run->r->errors <= max)
		import_say(run, "%s:%s: %s", run->path, where, text);
	else if (run->r->errors == max + 1)
		import_say(run,
			   run->o->rejects
				   ? _("More errors follow: only the first %d are shown here; "
				       "the rejects file lists them all.")
				   : _("More errors follow: only the first %d are shown here. "
				       "--dry-run --skip-invalid REJECTS.csv writes them all, "
				       "each beside its row, and imports nothing."),
			   max);
}

/* A reason that quotes a huge field (a 1 MB cell) keeps its start and its
 * end, which says what to do, with … for the middle: an error is a line,
 * not a megabyte. */
static char *import_shorten(char *text)
{
	enum { HEAD = 240, TAIL = 160 };
	size_t n = strlen(text);
	if (n <= HEAD + TAIL + 40)
		return text;
	char head[HEAD + 1];
	text_copy(head, sizeof head, text);
	const char *tail = text + n - TAIL;
	while ((*tail & 0xC0) == 0x80)
		tail++;
	char *out = xasprintf(_("%s… (%zu bytes in all) …%s"), head, n, tail);
	free(text);
	return out;
}

/* A reason after a column's name goes on its sentence: the rules' own
 * sentences ("The code…", "A visit missed…", said as such by the forms)
 * begin in lower case there, as the import's ("there is no distributor…")
 * do. Only in English, and only a word in capitals at its first letter
 * alone ("A", "Visit", not "SKU"); a name (Excel) stays as it is, and so
 * does a reason that begins with a value (import_lowerable). */
static void import_lower_first(char *text)
{
	static const char *const names[] = { "Excel", "Internal", "Chinese", "English" };
	if (i18n_lang() == LANG_ZH || text[0] < 'A' || text[0] > 'Z')
		return;
	size_t n = 1;
	while (text[n] >= 'a' && text[n] <= 'z')
		n++;
	if (text[n] != ' ' && text[n] != ',' && text[n] != ':')
		return;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i]) == n && !strncmp(text, names[i], n))
			return;
	text[0] = (char)(text[0] - 'A' + 'a');
}

/* Whether a reason made from fmt may be lowered: one that begins with a
 * value ("%s is already in the file") may not; a whole sentence passed
 * as "%s" (a rule's) may. */
static bool import_lowerable(const char *fmt)
{
	return fmt[0] != '%' || !strcmp(fmt, "%s");
}

/* An error at line:field, after the field's header. */
static void import_reject_vat(struct import_run *run, long line, int field, const char *fmt,
			      va_list ap)
{
	char *text = import_shorten(xvasprintf(fmt, ap));
	if (field > 0) {
		if (import_lowerable(fmt))
			import_lower_first(text);
		char *with = xasprintf("%s: %s", run->header[field - 1], text);
		free(text);
		text = with;
	}
	import_error_at(run, line, field, text);
	free(text);
}

static void import_reject_at(struct import_run *run, long line, int field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void import_reject_at(struct import_run *run, long line, int field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	import_reject_vat(run, line, field, fmt, ap);
	va_end(ap);
}

enum import_outcome import_reject(struct import_run *run, const struct import_row *row, int col,
				  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int field = col >= 0 && col < IMPORT_MAX_COLS ? row->field[col] : 0;
	if (field > 0 || col < 0 || col >= run->kind->cols->ncols) {
		import_reject_vat(run, row->line, field, fmt, ap);
	} else {
		/* About a column the file does not have (an agreement's end
		 * when only its start is given): named all the same. */
		char *text = import_shorten(xvasprintf(fmt, ap));
		if (import_lowerable(fmt))
			import_lower_first(text);
		const struct column *c = &run->kind->cols->cols[col];
		char *with = xasprintf(_("%s (not in the file): %s"),
				       i18n_lang() == LANG_ZH ? c->zh : c->key, text);
		import_error_at(run, row->line, 0, with);
		free(with);
		free(text);
	}
	va_end(ap);
	return IMPORT_REJECTED;
}

enum import_outcome import_db_reject(struct import_run *run, const struct import_row *row, int col)
{
	switch (db_errcode(run->db)) {
	case DB_INVALID:
	case DB_DUPLICATE:
	case DB_NOTFOUND:
	case DB_CONFLICT:
		return import_reject(run, row, col, "%s", db_errmsg(run->db));
	default:
		run->fatal = true;
		return IMPORT_FATAL;
	}
}

static int64_t import_lookup(struct import_run *run, int map, const char *code,
			     qd_rc (*find)(qd_db *, const char *, struct ref_item *))
{
	char key[160];
	if (!code || !*code)
		return 0;
	import_fold(code, key, sizeof key);
	int64_t *slot = import_map_slot(&run->codes[map], key, false);
	if (slot)
		return *slot;
	struct ref_item it;
	qd_rc rc = find(run->db, code, &it);
	if (rc == DB_NOTFOUND)
		return 0;
	if (rc) {
		run->fatal = true;
		return -1;
	}
	*import_map_slot(&run->codes[map], key, true) = it.id;
	return it.id;
}

int64_t import_distributor_id(struct import_run *run, const char *code)
{
	return import_lookup(run, MAP_DIST, code, db_ref_distributor_by_code);
}

int64_t import_product_id(struct import_run *run, const char *sku)
{
	return import_lookup(run, MAP_PROD, sku, db_ref_product_by_sku);
}

int64_t import_territory_id(struct import_run *run, const char *code)
{
	return import_lookup(run, MAP_TERR, code, db_ref_territory_by_code);
}

int64_t import_rep_id(struct import_run *run, const char *code)
{
	return import_lookup(run, MAP_REP, code, db_ref_rep_by_code);
}

int64_t *import_tally(struct import_run *run, const char *key)
{
	return import_map_slot(&run->tally, key, true);
}

int64_t import_region_id(struct import_run *run, const char *code)
{
	return import_lookup(run, MAP_REGION, code, db_ref_region_by_code);
}

long import_seen_line(struct import_run *run, const char *code)
{
	char fold[256];
	import_fold(code, fold, sizeof fold);
	int64_t *line = *fold ? import_map_slot(&run->seen, fold, false) : NULL;
	return line ? seen_line(*line) : 0;
}

/* ---- reading ---- */

/* Why path is no file to import, said to messages (may be NULL) the
 * way import_file says it: 0 when it is a file that can be read. */
static int import_path_say(FILE *messages, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int import_path_say(FILE *messages, const char *fmt, ...)
{
	if (messages) {
		va_list ap;
		va_start(ap, fmt);
		cli_vprint(messages, fmt, ap);
		va_end(ap);
		fputc('\n', messages);
	}
	return -1;
}

/* A workbook (or a web page saved as one) where a CSV file is read:
 * said, and true. */
static bool import_workbook_say(FILE *messages, const char *path, const char *data, size_t n)
{
	int kind = csv_workbook_bytes(data, n);
	if (kind)
		import_path_say(
			messages,
			kind == 1   ? _("%s is a workbook (.xlsx, .ods) or another zip file, "
					  "not CSV; nothing was imported. Save the sheet as CSV "
					  "(in Excel: Save As, CSV UTF-8) and import that.")
			: kind == 2 ? _("%s is an old Excel workbook (.xls), not CSV; nothing "
					"was imported. Save the sheet as CSV (in Excel: Save As, "
					"CSV UTF-8) and import that.")
				    : _("%s is a web page or an XML document (as some ERPs save "
					"for Excel), not CSV; nothing was imported. Open it in "
					"Excel, save it as CSV (CSV UTF-8) and import that."),
			path);
	return kind != 0;
}

int import_path_check(const char *path, FILE *messages)
{
	/* Asked first: a folder reads as an I/O error, and a pipe nobody
	 * writes to would wait for ever. */
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return import_path_say(messages,
				       _("qudao: %s is a folder; give the path of the file in it."),
				       path);
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return import_path_say(messages,
				       _("qudao: %s is not a file (a pipe or a device); save what "
					 "it holds as a file and import that."),
				       path);
	FILE *f = fopen(path, "rb");
	if (!f)
		return import_path_say(messages, _("qudao: Cannot read %s: %s."), path,
				       strerror(errno));
	/* What its first bytes show (a workbook, nothing at all) is said
	 * before a new database is made for it. */
	char head[512];
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (import_workbook_say(messages, path, head, n))
		return -1;
	if (n == 0 || (n == 3 && !memcmp(head, "\xEF\xBB\xBF", 3)))
		return import_path_say(messages,
				       _("%s is empty: there is no header and no row; nothing was "
					 "imported."),
				       path);
	return 0;
}

/* The whole file into memory. 0, or -1 with a message. */
static int import_slurp(struct import_run *run, char **data, size_t *n)
{
	/* (A workbook, said by its first bytes, too: it read as text in an
	 * encoding to give.) */
	if (import_path_check(run->path, run->o->messages))
		return -1;
	FILE *f = fopen(run->path, "rb");
	if (!f) {
		import_say(run, _("qudao: Cannot read %s: %s."), run->path, strerror(errno));
		return -1;
	}
	size_t cap = 1 << 16, len = 0;
	char *buf = xmalloc(cap);
	size_t got;
	while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		import_say(run, _("qudao: Cannot read %s: %s."), run->path, strerror(EIO));
		return -1;
	}
	*data = buf;
	*n = len;
	return 0;
}

/* The line of the file that byte at (from skip, past a byte order mark)
 * is on, as the CSV reader counts lines: a line ends at LF, CRLF or a CR
 * alone. enc tells the unit: a byte, or two in UTF-16 (0A 00
 * little-endian, 00 0A big-endian). */
static long import_line_at(const char *data, size_t n, size_t skip, size_t at, qd_encoding enc)
{
	size_t unit = enc == ENC_UTF16LE || enc == ENC_UTF16BE ? 2 : 1;
	size_t lo = enc == ENC_UTF16BE ? 1 : 0;
	long line = 1;
	for (size_t i = skip; i + unit <= at && i + unit <= n; i += unit) {
		if (unit == 2 && data[i + 1 - lo] != '\0')
			continue;
		char c = data[i + lo];
		bool lf_next = i + 2 * unit <= n && data[i + unit + lo] == '\n' &&
			       (unit == 1 || data[i + unit + 1 - lo] == '\0');
		line += c == '\n' || (c == '\r' && !lf_next);
	}
	return line;
}

/* The line around offset at as GB18030 reads it, cut on its characters'
 * boundaries (a half character made the whole excerpt fail to convert),
 * the character at `at` in it ("…" for what is left out on either side). */
static void import_gb18030_excerpt(const char *data, size_t n, size_t at, char *out, size_t size)
{
	const unsigned char *b = (const unsigned char *)data;
	size_t line = at;
	while (line > 0 && b[line - 1] != '\n' && b[line - 1] != '\r')
		line--;
	/* From the line's start, character by character, to 40 bytes or less
	 * before `at`; then on to 120 bytes past it, or the line's end. */
	size_t from = line;
	while (from < at && at - from > 40)
		from += encoding_gb18030_char_len(data + from, n - from);
	size_t to = from;
	while (to < n && b[to] != '\n' && b[to] != '\r' && to < at + 120)
		to += encoding_gb18030_char_len(data + to, n - to);
	if (to > n)
		to = n;
	char *utf8 = NULL;
	size_t len, bad;
	out[0] = '\0';
	if (encoding_to_utf8(data + from, to - from, ENC_GB18030, &utf8, &len, &bad) == 0) {
		bool more = to < n && b[to] != '\n' && b[to] != '\r';
		char *clean = text_sanitize(utf8);
		snprintf(out, size, "%s%s%s", from > line ? "…" : "", clean, more ? "…" : "");
		free(clean);
	}
	free(utf8);
}

/* UTF-16 of either byte order is one, the others themselves. */
static qd_encoding import_enc_family(qd_encoding e)
{
	return e == ENC_UTF16LE || e == ENC_UTF16BE ? ENC_UTF16 : e;
}

/* The file's text as UTF-8: *text points into *owned (freed by the
 * caller) and holds *len bytes. 0, or -1 with a message. */
static int import_decode(struct import_run *run, char *data, size_t n, char **text, size_t *len)
{
	qd_encoding enc;
	size_t skip;
	bool damaged;
	int found = encoding_detect(data, n, run->o->encoding, &enc, &skip, &damaged);
	if (found == -2) {
		/* It decodes as GB18030, into what Chinese text seldom holds:
		 * shown as it would be stored, on its line. */
		size_t at;
		encoding_gb18030_doubtful(data, n, &at);
		long line = import_line_at(data, n, 0, at, ENC_UTF8);
		char shown[400];
		import_gb18030_excerpt(data, n, at, shown, sizeof shown);
		import_say(
			run,
			_("%s:%ld: the file is not UTF-8, and read as GB18030 it gives "
			  "characters Chinese text seldom holds (\"%s\"): it is likely in "
			  "another encoding (Big5, Shift-JIS, Latin-1); nothing was imported. "
			  "Save it as UTF-8 (in Excel: CSV UTF-8), or give --encoding gb18030 if "
			  "it is GB18030."),
			run->path, line, shown);
		return -1;
	}
	if (found) {
		/* Where: the line of the first byte that is not UTF-8. */
		size_t bad = encoding_utf8_invalid(data, n);
		long line = import_line_at(data, n, 0, bad, ENC_UTF8);
		import_say(run,
			   _("%s:%ld: the byte 0x%02X on this line is not UTF-8, and the file "
			     "does not read as GB18030 either; nothing was imported. Say what it "
			     "is with --encoding (utf-8, gb18030, utf-16); a file in another "
			     "encoding (Latin-1, Windows-1252, Big5), save it as UTF-8 (in Excel: "
			     "CSV UTF-8)."),
			   run->path, line, bad < n ? (unsigned)(unsigned char)data[bad] : 0u);
		return -1;
	}
	run->r->encoding = enc;
	/* Told one encoding, a file that is plainly another: its byte order
	 * mark names it, or it is not the UTF-8 said and reads as something
	 * else ("the header is not valid text" said nothing of that). */
	qd_encoding found_enc;
	size_t found_skip;
	bool found_damaged;
	if (run->o->encoding != ENC_AUTO &&
	    encoding_detect(data, n, ENC_AUTO, &found_enc, &found_skip, &found_damaged) == 0 &&
	    !found_damaged && import_enc_family(found_enc) != import_enc_family(run->o->encoding) &&
	    (found_skip || import_enc_family(found_enc) == ENC_UTF16 ||
	     run->o->encoding == ENC_UTF8)) {
		/* The mark or the zero bytes name what it is; else it is not
		 * the UTF-8 told. */
		bool named = found_skip || import_enc_family(found_enc) == ENC_UTF16;
		import_say(run,
			   found_skip
				   ? _("%s: the file is %s (it begins with that byte order "
				       "mark), not the %s --encoding gives; nothing was imported. "
				       "Leave out --encoding: the mark is read by itself.")
			   : named ? _("%s: the file is %s (its zero bytes say so), not the %s "
				       "--encoding gives; nothing was imported. Leave out "
				       "--encoding: UTF-16 is found by itself.")
				   : _("%s: the file is not %s as --encoding says; it reads as "
				       "%s; nothing was imported. Leave out --encoding: the "
				       "encoding is found by itself."),
			   run->path,
			   named ? encoding_name(found_enc) : encoding_name(run->o->encoding),
			   named ? encoding_name(run->o->encoding) : encoding_name(found_enc));
		return -1;
	}
	size_t at;
	/* Told GB18030, but UTF-8 with characters UTF-8 writes in three bytes
	 * or more (Chinese): read as GB18030 it would be garbled, which no
	 * GB18030 file of Chinese text does by chance. */
	if (run->o->encoding == ENC_GB18030 && !skip && encoding_utf8_invalid(data, n) == n) {
		for (at = 0; at < n && (unsigned char)data[at] < 0xE0; at++)
			;
		if (at < n) {
			long line = import_line_at(data, n, 0, at, ENC_UTF8);
			size_t from = at;
			while (from > 0 && data[from - 1] != '\n')
				from--;
			char head[256], shown[64];
			size_t k = n - from < sizeof head - 1 ? n - from : sizeof head - 1;
			memcpy(head, data + from, k);
			head[k] = '\0';
			text_copy(shown, sizeof shown, head);
			char *nl = strpbrk(shown, "\r\n");
			if (nl)
				*nl = '\0';
			import_say(
				run,
				_("%s:%ld: the file is UTF-8 (\"%s\"), and read as GB18030 it "
				  "would be garbled; nothing was imported. Leave out --encoding, "
				  "or give --encoding utf-8."),
				run->path, line, shown);
			return -1;
		}
	}
	/* Told UTF-16: a spreadsheet's UTF-16 text has zero bytes (every comma,
	 * digit and line end has one). */
	if ((run->o->encoding == ENC_UTF16 || run->o->encoding == ENC_UTF16LE ||
	     run->o->encoding == ENC_UTF16BE) &&
	    n > skip && !memchr(data + skip, '\0', n - skip)) {
		import_say(run,
			   _("%s is not UTF-16 (it has none of the zero bytes UTF-16 text has); "
			     "nothing was imported. Leave out --encoding: UTF-8 and GB18030 are "
			     "found by themselves."),
			   run->path);
		return -1;
	}
	if (enc == ENC_UTF8 && run->o->encoding == ENC_AUTO && !skip &&
	    encoding_utf8_could_be_gb18030(data, n, &at)) {
		/* Both readings of the first character that differs, and its line. */
		char *gb = NULL;
		size_t gblen = 0, bad;
		long line = import_line_at(data, n, 0, at, ENC_UTF8);
		if (encoding_to_utf8(data + at, 2, ENC_GB18030, &gb, &gblen, &bad))
			gb = NULL;
		import_say(
			run,
			_("%s:%ld: the file could be UTF-8 or GB18030 (\"%.2s\" in UTF-8, \"%s\" "
			  "in GB18030); nothing was imported. Say which with --encoding "
			  "(utf-8 or gb18030)."),
			run->path, line, data + at, gb ? gb : "?");
		free(gb);
		return -1;
	}
	if (enc == ENC_UTF8) {
		*text = data + skip;
		*len = n - skip;
		return 0;
	}
	char *out;
	size_t outlen, bad;
	if (encoding_to_utf8(data + skip, n - skip, enc, &out, &outlen, &bad)) {
		long line = import_line_at(data, n, skip, skip + bad, enc);
		import_say(run,
			   _("%s:%ld: the bytes at offset %zu are not %s (a character cut or "
			     "damaged, or the file is in another encoding); nothing was "
			     "imported. Save the file again from the spreadsheet (\"CSV UTF-8\" "
			     "is best), or give the right --encoding."),
			   run->path, line, skip + bad, encoding_name(enc));
		return -1;
	}
	if (run->o->encoding == ENC_AUTO && enc == ENC_GB18030)
		import_say(run, _("%s: read as GB18030 (it is not UTF-8)."), run->path);
	else if (run->o->encoding == ENC_AUTO && !skip)
		import_say(run, _("%s: read as %s (it has no byte order mark)."), run->path,
			   encoding_name(enc));
	free(data);
	*text = out;
	*len = outlen;
	return 1;
}

static void import_line_free(struct import_line *l)
{
	for (int c = 0; c < IMPORT_MAX_COLS; c++)
		free(l->owned[c]);
	for (int i = 0; i < l->nraw; i++)
		free(l->raw[i]);
	free(l->raw);
	free(l->bad);
	free(l->own);
	memset(l, 0, sizeof *l);
}

/* Whether v has a character beyond ASCII and no blank at either end
 * (text_ascii_fold drops those: a line end after a code is refused as
 * such, not cut away). */
static bool import_full_width(const char *v)
{
	static const char blank[] = " \t\n\r\v\f";
	size_t n = strlen(v);
	bool wide = false;
	for (size_t i = 0; i < n && !wide; i++)
		wide = (unsigned char)v[i] >= 0x80;
	return wide && !strchr(blank, v[0]) && !strchr(blank, v[n - 1]);
}

/* A code typed in full-width forms (ＧＤ－０００３, as a Chinese input
 * method may) is the code it looks like: v, cleaned, or in its place its
 * ASCII fold when that is all ASCII; a text that names records in words (a
 * payment's reference) stays. */
static char *import_code_fold(char *v)
{
	if (!import_full_width(v))
		return v;
	char *ascii = text_code_fold(v);
	if (!ascii)
		return v;
	free(v);
	return ascii;
}

/* The group key of field f of the reader's record, folded as the record's
 * key is (import_take's cleaning, the full-width fold, case): ＳＯ－９９８
 * and so-998 on the line after SO-998 are its lines. False when the field
 * is not text (its line is a record of its own). */
static bool import_group_fold(const struct import_run *run, const struct csv_reader *rd, char *buf,
			      size_t size)
{
	const struct record_kind *k = run->kind->cols;
	int c = run->kind->group, f = run->m.field[c];
	bool there = f >= 0 && f < rd->nfields;
	char *v = csv_clean(there ? rd->fields[f].text : "", there ? rd->fields[f].len : 0,
			    there && rd->fields[f].quoted);
	if (v && columns_keeps_as_written(&k->cols[c]))
		v = import_code_fold(v);
	bool text = v != NULL;
	import_fold(text ? v : "", buf, size);
	free(v);
	return text;
}

/* A field's text for the rejects file: as read, a byte that is not UTF-8
 * as U+FFFD. */
static char *import_raw(const char *s, size_t n)
{
	if (encoding_utf8_invalid(s, n) == n)
		return xstrndup(s, n);
	char *out = xmalloc(n * 3 + 1);
	size_t o = 0, i = 0;
	while (i < n) {
		size_t ok = encoding_utf8_invalid(s + i, n - i);
		memcpy(out + o, s + i, ok);
		o += ok;
		i += ok;
		if (i < n) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	out[o] = '\0';
	return out;
}

/* Whether the n bytes at s hold inside them (the blanks and line ends at
 * either end aside, which cleaning only trims) what cleaning drops. */
static bool import_loses_inside(const char *s, size_t n)
{
	static const char ends[] = " \t\r\n";
	while (n > 0 && memchr(ends, s[0], sizeof ends - 1))
		s++, n--;
	while (n > 0 && memchr(ends, s[n - 1], sizeof ends - 1))
		n--;
	return text_has_dropped(s, n);
}

/* Makes the reader's current record the next line of the current group. */
static struct import_line *import_take(struct import_run *run, const struct csv_reader *rd)
{
	if (run->nlines == run->caplines) {
		run->caplines = run->caplines ? run->caplines * 2 : 16;
		run->lines = xrealloc(run->lines, (size_t)run->caplines * sizeof *run->lines);
	}
	struct import_line *l = &run->lines[run->nlines++];
	memset(l, 0, sizeof *l);
	l->row.line = rd->record_line;
	/* The fields as read are kept only for a rejects file. */
	l->nraw = run->rw ? rd->nfields : 0;
	l->raw = run->rw ? xcalloc((size_t)rd->nfields + 1, sizeof *l->raw) : NULL;
	for (int i = 0; i < l->nraw; i++)
		l->raw[i] = import_raw(rd->fields[i].text, rd->fields[i].len);
	const struct record_kind *k = run->kind->cols;
	for (int c = 0; c < k->ncols; c++) {
		int f = run->m.field[c];
		l->row.field[c] = f >= 0 ? f + 1 : 0;
		l->row.has[c] = f >= 0;
		l->row.v[c] = "";
		if (f < 0 || f >= rd->nfields)
			continue;
		char *v = csv_clean(rd->fields[f].text, rd->fields[f].len, rd->fields[f].quoted);
		if (!v && !l->bad) {
			l->bad = xstrdup(_("not valid text: it holds bytes that are not UTF-8 (fix "
					   "the file, or give its --encoding)."));
			l->bad_col = c;
			continue;
		}
		/* U+FFFD stands for a character lost before (a rejects file
		 * writes it for bytes that were not UTF-8): it is no data. */
		if (v && strstr(v, "\xEF\xBF\xBD") && !l->bad) {
			l->bad = xstrdup(
				_("not valid text: it holds \"\xEF\xBF\xBD\" (U+FFFD), "
				  "which stands for bytes that could not be read (a rejects "
				  "file writes it for them; so does a conversion that lost a "
				  "character); write the right character in its place."));
			l->bad_col = c;
		}
		/* A code, or a reference to one, loses nothing to the cleaning:
		 * E<Esc>SC made EC, another distributor's code. */
		if (v && !l->bad && columns_keeps_as_written(&k->cols[c]) &&
		    import_loses_inside(rd->fields[f].text, rd->fields[f].len)) {
			l->bad = xstrdup(_("a code holds a control or invisible character (an "
					   "escape, a tab, a zero-width space): it would become "
					   "another code without it; write the code alone."));
			l->bad_col = c;
		}
		if (v && !l->bad && columns_keeps_as_written(&k->cols[c]))
			v = import_code_fold(v);
		l->owned[c] = v;
		l->row.v[c] = v ? v : "";
	}
	/* A row with values past the header's end: they are named, so the
	 * rejects file keeps them (its columns are the header's). */
	for (int f = run->nheader; f < rd->nfields && !l->bad; f++)
		if (rd->fields[f].len > 0) {
			char *extra = import_shorten(import_raw(rd->fields[f].text, rd->fields[f].len));
			l->bad = xasprintf(ngettext("the row has %d field, the header %d; the first "
						    "one past the header holds \"%s\".",
						    "the row has %d fields, the header %d; the first "
						    "one past the header holds \"%s\".",
						    (unsigned long)rd->nfields),
					   rd->nfields, run->nheader, extra);
			free(extra);
			l->bad_col = -1;
			l->bad_field = f + 1;
		}
	/* A row that ends before a column the import needs: said so, rather
	 * than that column's empty value being found wrong. */
	for (int c = 0; c < k->ncols && !l->bad; c++) {
		int f = run->m.field[c];
		if (f >= rd->nfields && k->cols[c].required) {
			l->bad = xasprintf(ngettext("the row has %d field, the header %d: it ends "
						    "before %s.",
						    "the row has %d fields, the header %d: it ends "
						    "before %s.",
						    (unsigned long)rd->nfields),
					   rd->nfields, run->nheader, run->header[f]);
			l->bad_col = -1;
			l->bad_field = f + 1;
		}
	}
	return l;
}

/* ---- writing the rejects ---- */

static int import_rejects_open(struct import_run *run)
{
	if (!run->o->rejects)
		return 0;
	/* Beside it, so that a file already there stays as it was until the
	 * import is done. */
	run->rejects_tmp = xasprintf("%s.part-%ld", run->o->rejects, (long)getpid());
	run->rejects = fopen(run->rejects_tmp, "wb");
	if (!run->rejects) {
		import_say(run,
			   _("qudao: cannot write the rejects file %s: %s. Nothing was imported; "
			     "give --skip-invalid a file in a folder you can write to."),
			   run->o->rejects, strerror(errno));
		free(run->rejects_tmp);
		run->rejects_tmp = NULL;
		return -1;
	}
	run->rvals = xcalloc((size_t)run->nheader + 1, sizeof *run->rvals);
	const char **keys = xcalloc((size_t)run->nheader + 1, sizeof *keys);
	/* A rejects file imported again has the reason column already: the new
	 * reason takes its place. */
	run->rerr = -1;
	for (int i = 0; i < run->nheader; i++) {
		keys[i] = run->header[i];
		if (!strcmp(run->header[i], columns_error_key) ||
		    !strcmp(run->header[i], columns_error_zh))
			run->rerr = i;
	}
	int n = run->nheader;
	if (run->rerr < 0) {
		run->rerr = n;
		keys[n++] = i18n_lang() == LANG_ZH ? columns_error_zh : columns_error_key;
	}
	/* The header is copied by the writer's first row: keys may go. */
	run->rcols = n;
	run->rw = csv_writer_new(run->rejects, CSV_FORMAT_CSV, ENC_UTF8, true, n, keys, NULL);
	free(keys);
	return 0;
}

/* The current record's lines into the rejects file; held to its end when
 * apart (the record's key: its lines are not together in the file). */
static void import_rejects_write(struct import_run *run, const char *apart)
{
	if (!run->rw)
		return;
	int record = 0;
	if (apart) {
		int64_t *at = import_map_slot(&run->held_of, apart, true);
		if (!*at)
			*at = ++run->nheld_records;
		record = (int)*at;
	}
	/* A line refused for another line of its record says so: without it,
	 * its reason names a line the user may look for in vain in it. */
	char *along = NULL;
	for (int i = 0; i < run->nlines && !along; i++)
		if (run->lines[i].faulted)
			along = xasprintf(_("Refused with the other lines of its record: %s"),
					  run->reason);
	for (int i = 0; i < run->nlines; i++) {
		struct import_line *l = &run->lines[i];
		for (int f = 0; f < run->nheader; f++)
			run->rvals[f] = f < l->nraw ? l->raw[f] : "";
		run->rvals[run->rerr] = l->faulted && l->own ? l->own
					: !along	     ? run->reason
							     : along;
		if (!apart) {
			csv_writer_row(run->rw, run->rvals);
			continue;
		}
		if (run->nheld == run->capheld) {
			run->capheld = run->capheld ? run->capheld * 2 : 16;
			run->held = xrealloc(run->held, (size_t)run->capheld * sizeof *run->held);
		}
		struct import_held *h = &run->held[run->nheld];
		h->record = record;
		h->seq = run->nheld++;
		h->vals = xcalloc((size_t)run->rcols, sizeof *h->vals);
		for (int c = 0; c < run->rcols; c++)
			h->vals[c] = xstrdup(run->rvals[c] ? run->rvals[c] : "");
	}
	free(along);
}

static int import_held_cmp(const void *a, const void *b)
{
	const struct import_held *x = a, *y = b;
	return x->record != y->record ? (x->record > y->record) - (x->record < y->record)
				      : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The held lines, a record's together, in the order the records were
 * first refused, each record's in the file's order; then forgotten. */
static void import_rejects_held(struct import_run *run)
{
	if (run->rw && run->nheld > 0) {
		qsort(run->held, (size_t)run->nheld, sizeof *run->held, import_held_cmp);
		for (int i = 0; i < run->nheld; i++)
			csv_writer_row(run->rw, (const char *const *)run->held[i].vals);
	}
	for (int i = 0; i < run->nheld; i++) {
		for (int c = 0; c < run->rcols; c++)
			free(run->held[i].vals[c]);
		free(run->held[i].vals);
	}
	free(run->held);
	run->held = NULL;
	run->nheld = run->capheld = 0;
	import_map_free(&run->held_of);
}

/* Closes the rejects file being written (once; later calls do nothing). */
static int import_rejects_close(struct import_run *run)
{
	int rc = 0;
	import_rejects_held(run);
	if (run->rw && csv_writer_close(run->rw))
		rc = -1;
	if (run->rejects && fclose(run->rejects))
		rc = -1;
	if (rc)
		import_say(run, _("Could not write all of %s."), run->o->rejects);
	run->rw = NULL;
	run->rejects = NULL;
	free(run->rvals);
	run->rvals = NULL;
	return rc;
}

/* The rejects file in its place when the import is done, else gone (a
 * file already there stays as it was). */
static void import_rejects_finish(struct import_run *run, bool done)
{
	import_rejects_close(run);
	if (!run->rejects_tmp)
		return;
	if (!done)
		unlink(run->rejects_tmp);
	else if (rename(run->rejects_tmp, run->o->rejects))
		/* Kept where they were written: the rows are in the database
		 * now, and the rejected ones nowhere else. */
		import_say(run,
			   _("qudao: the valid rows were imported, but the rejected ones could not "
			     "be put in %s: %s. They are in %s; rename that file."),
			   run->o->rejects, strerror(errno), run->rejects_tmp);
	free(run->rejects_tmp);
	run->rejects_tmp = NULL;
}

/* ---- records ---- */

static void import_count(struct import_run *run, enum import_outcome out, long n)
{
	switch (out) {
	case IMPORT_INSERTED:
		run->r->inserted += n;
		break;
	case IMPORT_UPDATED:
		run->r->updated += n;
		break;
	case IMPORT_SKIPPED:
		run->r->skipped += n;
		break;
	default:
		run->r->rejected += n;
		break;
	}
}

/* Writes the record the current lines make, then forgets them. */
static void import_flush(struct import_run *run)
{
	if (run->nlines == 0)
		return;
	run->reason[0] = '\0';
	enum import_outcome out = IMPORT_REJECTED;
	const struct import_row *rows[64];
	const struct import_row **all =
		run->nlines <= 64 ? rows : xmalloc((size_t)run->nlines * sizeof *all);
	bool bad = false;
	char key[256] = "", fold[256] = "";
	int64_t *seen = NULL; /* this record's place in run->seen, when new */
	for (int i = 0; i < run->nlines && !bad; i++) {
		struct import_line *l = &run->lines[i];
		if (l->bad) {
			/* At its column, or at the field past the header (or
			 * where the row ended) for a row of another length. */
			if (l->bad_field > 0)
				import_error_at(run, l->row.line, l->bad_field, l->bad);
			else
				import_reject(run, &l->row, l->bad_col, "%s", l->bad);
			bad = true;
		}
	}
	for (int i = 0; i < run->nlines; i++)
		all[i] = &run->lines[i].row;
	if (run->kind->key) {
		run->kind->key(all[0], key, sizeof key);
		import_fold(key, fold, sizeof fold);
	}
	/* A record whose lines are apart in the file, a line of it unreadable
	 * or not: its rejects are held, to be written a record's lines
	 * together (import_rejects_write). */
	int64_t *apart = *fold && run->split.n ? import_map_slot(&run->split, fold, false) : NULL;
	if (!bad && run->kind->key) {
		int64_t *first = *fold ? import_map_slot(&run->seen, fold, false) : NULL;
		int col = run->kind->group >= 0 ? run->kind->group : 0;
		if (apart || (first && run->kind->group >= 0)) {
			/* Every part refused, so none is half-written: with
			 * --skip-invalid each part says where the other is;
			 * without, found apart only at its second part, said
			 * so all the same, not "twice", and the first part,
			 * which went in, is refused there too (nothing is
			 * imported), so that the counts are those of
			 * --skip-invalid. */
			int64_t went = first && !apart ? seen_went(*first) : 0;
			if (went > 0) {
				import_count(run, (enum import_outcome)(went & 3), -(went >> 2));
				import_count(run, IMPORT_REJECTED, went >> 2);
				import_reject_at(
					run, seen_line(*first),
					col < IMPORT_MAX_COLS ? all[0]->field[col] : 0,
					_("the lines of %s are not together in the file (it "
					  "goes on at line %lld); put a record's lines one "
					  "after another."),
					key, (long long)all[0]->line);
				run->reason[0] = '\0';
				*first = seen_line(*first);
			}
			if (apart && seen_line(*apart) == all[0]->line)
				import_reject(run, all[0], col,
					      _("the lines of %s are not together in the file (it "
						"goes on at line %lld); put a record's lines one "
						"after another."),
					      key, (long long)seen_went(*apart));
			else
				import_reject(
					run, all[0], col,
					_("the lines of %s are not together in the file (it "
					  "begins on line %lld); put a record's lines one after "
					  "another."),
					key, (long long)seen_line(apart ? *apart : *first));
			bad = true;
		} else if (first) {
			/* (Said of the line when the key is not one column the
			 * file has: a visit's distributor, day and time.) */
			import_reject(run, all[0], all[0]->has[col] ? col : -1,
				      _("%s is already in the file, on line %lld."), key,
				      (long long)seen_line(*first));
			bad = true;
		} else if (*fold) {
			seen = import_map_slot(&run->seen, fold, true);
			*seen = all[0]->line;
		}
	}
	if (!bad)
		out = run->kind->record(run, all, run->nlines);
	/* Without --skip-invalid, a part of a record that went in, and how,
	 * beside its first line. */
	if (seen && !run->o->rejects && run->kind->group >= 0 && out <= IMPORT_SKIPPED)
		*seen |= ((int64_t)run->nlines << 2 | out) << 32;
	if (out == IMPORT_REJECTED && !run->reason[0])
		import_reject(run, all[0], -1, "%s", _("refused"));
	if (out != IMPORT_FATAL)
		import_count(run, out, run->nlines);
	if (out == IMPORT_REJECTED)
		import_rejects_write(run, apart ? fold : NULL);
	if (all != rows)
		free(all);
	for (int i = 0; i < run->nlines; i++)
		import_line_free(&run->lines[i]);
	run->nlines = 0;
}

static double import_elapsed(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec) + (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

static void import_progress(struct import_run *run, const struct csv_reader *rd, size_t total,
			    bool last)
{
	if (!run->o->progress)
		return;
	if (!last && import_elapsed(&run->shown_at) < 0.2)
		return;
	clock_gettime(CLOCK_MONOTONIC, &run->shown_at);
	double share = run->bulk ? IMPORT_BULK_ROWS : 1.0;
	cli_progress_rows(run->r->rows, share * csv_progress(rd, total),
			  import_elapsed(&run->start));
}

/* The figures of a bulk import, as db_bulk_orders_end makes them: the bar
 * goes on from where the rows left it. */
static void import_figures_progress(void *ctx, const char *stage, double fraction)
{
	struct import_run *run = ctx;
	if (import_elapsed(&run->shown_at) < 0.2 && fraction < 1.0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &run->shown_at);
	cli_progress_stage(stage,
			   IMPORT_BULK_ROWS + fraction * (IMPORT_BULK_FIGURES - IMPORT_BULK_ROWS),
			   import_elapsed(&run->start));
}

/* The header: matched, or the import refused with why. */
/* *list with what fmt makes appended. */
static void import_list_add(char **list, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void import_list_add(char **list, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *piece = xvasprintf(fmt, ap);
	va_end(ap);
	char *more = xasprintf("%s%s", *list, piece);
	free(piece);
	free(*list);
	*list = more;
}

/* The i-th unknown column's name as a message says it: cut to
 * IMPORT_NAME_SHOWN cells (a name of a megabyte is not a line of a
 * megabyte). */
static char *import_unknown_name(const struct import_run *run, int i)
{
	return text_fit(run->header[run->m.unknown[i]], IMPORT_NAME_SHOWN);
}

/* After the first missing column is said: the other columns missing, and
 * those the file has that are none (the one meant is often among them,
 * misspelt: "nam"), each in one line, so the header is fixed in one go. */
static void import_missing_rest(struct import_run *run)
{
	const struct record_kind *k = run->kind->cols;
	char *list = xstrdup("");
	int n = 0;
	for (int c = 0; c < k->ncols; c++)
		if (c != run->m.missing && k->cols[c].required && run->m.field[c] < 0)
			import_list_add(&list, "%s\"%s\" (%s)", n++ ? ", " : "", k->cols[c].key,
					k->cols[c].zh);
	if (n)
		import_say(run, _("%s:1: missing too: %s."), run->path, list);
	free(list);
	list = xstrdup("");
	for (int i = 0; i < run->m.nunknown && i < IMPORT_UNKNOWN_SHOWN; i++) {
		char *name = import_unknown_name(run, i);
		import_list_add(&list, "%s\"%s\"", i ? ", " : "", name);
		free(name);
	}
	if (run->m.unknown_all > IMPORT_UNKNOWN_SHOWN) {
		char *more = xasprintf(_("%s and %d more"), list,
				       run->m.unknown_all - IMPORT_UNKNOWN_SHOWN);
		free(list);
		list = more;
	}
	if (run->m.nunknown)
		import_say(run,
			   ngettext("%s:1: the file has a column that is none of qudao import %s: "
				    "%s (qudao import %s --help lists them).",
				    "%s:1: the file has columns that are none of qudao import %s: "
				    "%s (qudao import %s --help lists them).",
				    (unsigned long)run->m.unknown_all),
			   run->path, k->name, list, k->name);
	free(list);
}

/* For each of the n fields f[] (from 0), the line of the first row after
 * rd's place where it is filled, or 0 when none is, into line[]: in one
 * pass, read apart (rd stays where it is), ended when each is found. */
static void import_first_filled_of(const struct csv_reader *rd, const int *f, int n, long *line)
{
	struct csv_reader sc;
	csv_reader_init(&sc, rd->p, (size_t)(rd->end - rd->p), rd->sep);
	sc.line = rd->line;
	int left = n;
	for (int i = 0; i < n; i++)
		line[i] = 0;
	while (left > 0 && csv_read(&sc) == 1)
		for (int i = 0; i < n; i++) {
			if (line[i] || f[i] >= sc.nfields)
				continue;
			char *v = csv_clean(sc.fields[f[i]].text, sc.fields[f[i]].len,
					    sc.fields[f[i]].quoted);
			if (v && *v) {
				line[i] = sc.record_line;
				left--;
			}
			free(v);
		}
	csv_reader_free(&sc);
}

/* The line of the first row after rd's place whose field f (from 0) is
 * filled, read apart; 0 when none is. */
static long import_first_filled(const struct csv_reader *rd, int f)
{
	long line;
	import_first_filled_of(rd, &f, 1, &line);
	return line;
}

static int import_header(struct import_run *run, struct csv_reader *rd)
{
	run->nheader = rd->nfields;
	run->header = xcalloc((size_t)rd->nfields + 1, sizeof *run->header);
	for (int i = 0; i < rd->nfields; i++) {
		run->header[i] = csv_clean(rd->fields[i].text, rd->fields[i].len, false);
		if (!run->header[i]) {
			import_say(run,
				   _("%s:1:%d: the header is not valid text; give the file's "
				     "--encoding."),
				   run->path, i + 1);
			return -1;
		}
	}
	const struct record_kind *k = run->kind->cols;
	int matched = columns_match(k, (const char *const *)run->header, run->nheader, &run->m);
	/* An update of some columns only: all but the code may be left out. */
	if (matched && run->m.twice < 0 && run->o->update && run->kind->partial &&
	    run->m.field[0] >= 0) {
		run->m.missing = -1;
		matched = 0;
	}
	/* One column holding separators of another kind: not a CSV qudao
	 * reads (a JSON file, Excel's ";" of some countries, a Chinese "，"). */
	const char *h0 = run->nheader ? run->header[0] : "";
	const char *sep = run->nheader != 1  ? NULL
			  : strstr(h0, "；") ? "；"
			  : strchr(h0, ';')  ? ";"
			  : strstr(h0, "，") ? "，"
					     : NULL;
	/* (A header of one column, or "[{" / "{\"" as a JSON file begins: a
	 * CSV header may bracket its names, "[code],[name]".) */
	bool json = (run->nheader == 1 && (h0[0] == '[' || h0[0] == '{')) ||
		    !strncmp(h0, "[{", 2) || !strncmp(h0, "{\"", 2);
	if (matched && run->m.twice < 0 && (sep || json)) {
		if (sep)
			import_say(run,
				   _("%s:1: the first line is one column, \"%s\" separated by "
				     "\"%s\"; nothing was imported. qudao reads columns separated "
				     "by commas (CSV) or tabs: save the sheet as CSV again."),
				   run->path, h0, sep);
		else
			import_say(run,
				   _("%s:1: the file begins with \"%c\", as JSON does; nothing was "
				     "imported. qudao imports CSV or tab-separated files: save "
				     "the sheet as CSV."),
				   run->path, h0[0]);
		return -1;
	}
	if (matched) {
		if (run->m.twice >= 0)
			import_say(run,
				   _("%s:1:%d: \"%s\" names the same column as \"%s\" (field %d); "
				     "nothing was imported."),
				   run->path, run->m.twice + 1, run->header[run->m.twice],
				   run->header[run->m.twice_a], run->m.twice_a + 1);
		else if (run->kind->partial && !run->o->update && run->m.field[0] >= 0)
			/* A sheet of changes given without --update. */
			import_say(run,
				   _("%s:1: the column \"%s\" (%s) is missing; nothing was "
				     "imported. To change some columns of records already there, "
				     "give --update: the file may then hold only the code and the "
				     "columns to change."),
				   run->path, k->cols[run->m.missing].key,
				   k->cols[run->m.missing].zh);
		else
			import_say(run,
				   _("%s:1: the column \"%s\" (%s) is missing; nothing was "
				     "imported. The first line names the columns; qudao "
				     "import %s --help lists them."),
				   run->path, k->cols[run->m.missing].key,
				   k->cols[run->m.missing].zh, k->name);
		if (run->m.twice < 0)
			import_missing_rest(run);
		return -1;
	}
	/* An amount in another unit (万元, USD) would be stored as yuan. */
	for (int c = 0; c < k->ncols; c++) {
		int f = run->m.field[c];
		if (f < 0 || k->cols[c].type != COLTYPE_MONEY)
			continue;
		char *unit = columns_unit(run->header[f]);
		bool yuan = columns_unit_is_yuan(unit);
		char *shown = yuan ? NULL : columns_unit_shown(run->header[f]);
		if (!yuan)
			import_say(
				run,
				_("%s:1:%d: the column \"%s\" gives its amounts in %s, but qudao "
				  "reads them in yuan (元); nothing was imported. Convert the "
				  "column to yuan, then name it without the unit."),
				run->path, f + 1, run->header[f], shown);
		free(shown);
		free(unit);
		if (!yuan)
			return -1;
	}
	for (int i = 0; i < run->m.nunknown && i < IMPORT_UNKNOWN_SHOWN; i++) {
		char *name = import_unknown_name(run, i);
		import_say(run,
			   _("%s:1:%d: \"%s\" is not a column of qudao import %s; it is ignored "
			     "(qudao import %s --help lists them)."),
			   run->path, run->m.unknown[i] + 1, name, k->name, k->name);
		free(name);
	}
	/* A sheet with hundreds of columns: not a screen of the same line. */
	if (run->m.unknown_all > IMPORT_UNKNOWN_SHOWN)
		import_say(run,
			   ngettext("%s:1: %d more column is none of qudao import %s; it is "
				    "ignored too.",
				    "%s:1: %d more columns are none of qudao import %s; they are "
				    "ignored too.",
				    (unsigned long)(run->m.unknown_all - IMPORT_UNKNOWN_SHOWN)),
			   run->path, run->m.unknown_all - IMPORT_UNKNOWN_SHOWN, k->name);
	/* A column with no name whose rows hold values: said, as a column
	 * of another name is (it was dropped without a word). */
	int *unnamed = xcalloc((size_t)run->nheader + 1, sizeof *unnamed), nunnamed = 0;
	for (int f = 0; f < run->nheader; f++)
		if (!run->header[f][strspn(run->header[f], " \t")])
			unnamed[nunnamed++] = f;
	long *filled = xcalloc((size_t)nunnamed + 1, sizeof *filled);
	if (nunnamed)
		import_first_filled_of(rd, unnamed, nunnamed, filled);
	for (int i = 0; i < nunnamed; i++)
		if (filled[i] > 0)
			import_say(run,
				   _("%s:1:%d: this column has no name in the header, and its "
				     "values (line %ld on) are ignored; give it one of the names "
				     "qudao import %s --help lists."),
				   run->path, unnamed[i] + 1, filled[i], k->name);
	free(unnamed);
	free(filled);
	/* Orders into a database of no distributors: one line, not one per
	 * row ("no distributor AH-0001" fifty times, then a count). */
	for (const struct import_need *need = run->kind->needs; need && need->table; need++) {
		if (need->col > 0 && (run->m.field[need->col] < 0 || run->o->rejects))
			continue;
		int64_t n = db_count(run->db, need->table);
		if (n < 0) {
			import_say(run, "%s", db_errmsg(run->db));
			return -1;
		}
		long line = n == 0 && need->col > 0
				    ? import_first_filled(rd, run->m.field[need->col])
				    : 0;
		if (line > 0) {
			/* TRANSLATORS: the second %s is a column's name, the
			 * third what the database has none of (reps). */
			import_say(run,
				   _("%s:%ld:%d: %s: the database has no %s yet, and this row "
				     "names one; nothing was imported. Import them first "
				     "(qudao import %s FILE), or leave the column empty."),
				   run->path, line, run->m.field[need->col] + 1,
				   run->header[run->m.field[need->col]], _(need->what),
				   need->table);
			return -1;
		}
		if (n == 0 && need->col == 0) {
			import_say(run,
				   _("%s: the database has no %s yet, and every row of qudao "
				     "import %s names one; nothing was imported. Import them "
				     "first: qudao import %s FILE."),
				   run->path, _(need->what), k->name, need->table);
			return -1;
		}
	}
	return 0;
}

static const struct import_kind *import_find(const char *name)
{
	for (int i = 0; import_kinds[i]; i++)
		if (!strcmp(import_kinds[i]->cols->name, name))
			return import_kinds[i];
	return NULL;
}

/* With --skip-invalid, a record whose lines are apart in the file would
 * have its first part written and the rest refused: finds such records
 * first (from the text, as import_rows will read it), so every part of them
 * is refused. */
static void import_find_split(struct import_run *run, const char *text, size_t len)
{
	struct import_map runs = { 0 };
	struct csv_reader sc;
	csv_reader_init(&sc, text, len, 0);
	char prev[256] = "";
	bool first = true;
	while (csv_read(&sc) == 1) {
		if (first) { /* the header */
			first = false;
			continue;
		}
		char fold[256];
		import_group_fold(run, &sc, fold, sizeof fold);
		if (!*fold || !strcmp(fold, prev))
			continue;
		snprintf(prev, sizeof prev, "%s", fold);
		int64_t *at = import_map_slot(&runs, fold, false);
		if (at && !import_map_slot(&run->split, fold, false))
			*import_map_slot(&run->split, fold, true) = *at | (int64_t)sc.record_line
										  << 32;
		else if (!at)
			*import_map_slot(&runs, fold, true) = sc.record_line;
	}
	csv_reader_free(&sc);
	import_map_free(&runs);
}

/* Reads the rows after the header and writes their records. */
static void import_rows(struct import_run *run, struct csv_reader *rd, size_t total)
{
	const struct import_kind *kind = run->kind;
	int rc;
	char was[256] = "";
	bool was_text = false;
	while (!run->fatal && (rc = csv_read(rd)) == 1) {
		if (run->o->interrupted && *run->o->interrupted)
			return;
		run->r->rows++;
		/* Another group: the one before is complete. Its key as its first
		 * line gave it, folded here whatever else is wrong with that line
		 * (a line refused for a control character elsewhere, its number
		 * in full-width forms, is still one of the order's). */
		char now[256] = "";
		bool text = kind->group >= 0 && import_group_fold(run, rd, now, sizeof now);
		if (kind->group >= 0 && run->nlines > 0 && (!text || !was_text || strcmp(now, was)))
			import_flush(run);
		if (run->nlines == 0) {
			memcpy(was, now, sizeof was);
			was_text = text;
		}
		import_take(run, rd);
		if (kind->group < 0)
			import_flush(run);
		if ((run->r->rows & 255) == 0)
			import_progress(run, rd, total, false);
	}
	if (rc < 0) {
		run->reason[0] = '\0';
		/* (The fields before it were read: it is the next.) */
		import_error_at(run, rd->open_quote_line, rd->nfields + 1,
				_("a quoted field begins here and is never closed; nothing after "
				  "it can be read."));
		/* Where the rows after it end cannot be known: nothing is
		 * imported, not even with --skip-invalid. */
		run->r->rows++;
		run->r->rejected++;
		run->unreadable = true;
		import_say(run,
			   _("%s: nothing was imported. Close the quote (or double the quote "
			     "inside the field) and import the file again."),
			   run->path);
		return;
	}
	if (!run->fatal && !(run->o->interrupted && *run->o->interrupted))
		import_flush(run);
}

qd_import_end import_file(qd_db *db, const char *path, const struct import_options *o,
			  struct import_result *r)
{
	memset(r, 0, sizeof *r);
	struct import_run run = { .db = db, .o = o, .path = path, .r = r };
	clock_gettime(CLOCK_MONOTONIC, &run.start);
	run.kind = import_find(o->kind);
	r->end = IMPORT_REFUSED;
	if (!run.kind) {
		import_say(&run, _("There is no import of \"%s\"."), o->kind);
		return r->end;
	}
	char *data, *text;
	size_t n, len;
	if (import_slurp(&run, &data, &n))
		return r->end;
	int converted = import_decode(&run, data, n, &text, &len);
	if (converted < 0) {
		free(data);
		return r->end;
	}
	char *owned = converted ? text : data;
	struct csv_reader rd;
	csv_reader_init(&rd, text, len, 0);
	int first = csv_read(&rd);
	if (first <= 0) {
		import_say(&run,
			   first == 0 ? _("%s is empty: there is no header and no row; nothing was "
					  "imported.")
				      : _("%s: the header's quotes are never closed; nothing was "
					  "imported."),
			   path);
	} else if (import_header(&run, &rd) == 0 && import_rejects_open(&run) == 0) {
		/* The new rows' ids follow each other from one random base: each
		 * table grows at its end rather than on a page here and there
		 * (core/ids.c says why the odds of meeting stay the same); but
		 * not distributors' (import_kind.ids_apart). */
		bool series = !run.kind->ids_apart;
		if (series)
			ids_series_begin();
		/* A large file of new orders: their figures are made at the end,
		 * all at once, rather than order by order (db_bulk_orders_begin);
		 * with --update an order may change, which that does not allow. */
		bool bulk = !strcmp(o->kind, "orders") && !o->update && len >= IMPORT_BULK_BYTES;
		run.bulk = bulk;
		qd_rc rc = bulk ? db_bulk_orders_begin(db) : DB_OK;
		if (!rc)
			rc = db_write_begin(db);
		if (rc) {
			r->end = IMPORT_FAILED;
		} else {
			if (o->rejects && run.kind->group >= 0 && run.kind->key)
				import_find_split(&run, text, len);
			import_rows(&run, &rd, len);
			import_progress(&run, &rd, len, true);
			/* A bulk import's bar goes on through the figures. */
			if (o->progress && !bulk)
				cli_progress_done();
			if (run.dropped_ship)
				import_say(&run,
					   ngettext("%s:%ld: an open or cancelled order has no ship "
						    "date; the one given was not kept.",
						    "%s:%ld: an open or cancelled order has no ship "
						    "date; the ones given (%ld orders, from this "
						    "line on) were not kept.",
						    (unsigned long)run.dropped_ship),
					   path, run.dropped_ship_line, run.dropped_ship);
			bool interrupted = o->interrupted && *o->interrupted;
			if (run.fatal)
				r->end = IMPORT_FAILED;
			else if (run.unreadable)
				r->end = IMPORT_REFUSED;
			else if (interrupted)
				r->end = IMPORT_INTERRUPTED;
			else if (r->errors && !o->rejects)
				r->end = IMPORT_INVALID;
			else
				r->end = IMPORT_DONE;
			bool keep = r->end == IMPORT_DONE && !o->dry_run;
			/* The figures of a large file's orders, all at once: on a
			 * terminal, said while they are made. Ctrl-C meanwhile still
			 * rolls everything back. */
			if (keep && bulk && o->progress) {
				import_figures_progress(&run, _("making the figures"), 0.0);
				db_set_progress(import_figures_progress, &run);
			}
			if (o->figures)
				*o->figures = 1;
			qd_rc made = keep && bulk ? db_bulk_orders_end(db) : DB_OK;
			if (o->figures)
				*o->figures = 0;
			db_set_progress(NULL, NULL);
			/* "saving" shown before Ctrl-C is looked at the last
			 * time: one pressed while the bar still said "making
			 * the figures" was too late at times. */
			if (keep && bulk && o->progress)
				cli_progress_stage(_("saving"), IMPORT_BULK_FIGURES,
						   import_elapsed(&run.start));
			if (keep && o->interrupted && *o->interrupted) {
				r->end = IMPORT_INTERRUPTED;
				keep = false;
			}
			/* The rejects file whole before the rows are kept: one
			 * that cannot be written keeps nothing. */
			if (r->end == IMPORT_DONE && import_rejects_close(&run)) {
				r->end = IMPORT_FAILED;
				keep = false;
			}
			/* Rolling back on purpose is not a failure to report. */
			rc = db_write_end(db, keep ? made : DB_CONFLICT);
			if (o->progress)
				cli_progress_done();
			if (keep && rc)
				r->end = IMPORT_FAILED;
			/* Ctrl-C while the rows were saved: too late to take
			 * them back, and said so. */
			if (keep && !rc && o->interrupted && *o->interrupted)
				import_say(&run, "%s",
					   _("Ctrl-C came while the rows were being saved: too "
					     "late to take them back; they are imported."));
		}
		if (series)
			ids_series_end();
		/* Nothing was imported, or nothing refused: no list of rows
		 * "not imported" either (a file already there stays: it may hold
		 * an earlier import's rows, not yet fixed). Said, so that it is
		 * not taken for this import's. */
		import_rejects_finish(&run, r->end == IMPORT_DONE && r->rejected > 0);
		struct stat sb;
		if (o->rejects && r->end == IMPORT_DONE && r->rejected == 0 &&
		    lstat(o->rejects, &sb) == 0)
			import_say(&run,
				   _("No row was rejected; %s was left as it was: it is not "
				     "this import's."),
				   o->rejects);
	}
	for (int i = 0; i < run.nlines; i++)
		import_line_free(&run.lines[i]);
	free(run.lines);
	for (int i = 0; i < run.nheader; i++)
		free(run.header[i]);
	free(run.header);
	for (int i = 0; i < 5; i++)
		import_map_free(&run.codes[i]);
	import_map_free(&run.seen);
	import_map_free(&run.tally);
	import_map_free(&run.split);
	csv_reader_free(&rd);
	free(owned);
	r->seconds = import_elapsed(&run.start);
	return r->end;
}
