/* qudao export visits: the visits of a rep, a region or everyone between two
 * dates, as CSV, TSV, JSON, a table, or an iCalendar file (RFC 5545) that
 * phone and laptop calendars import: one VEVENT per visit whose UID stays
 * the same across exports (so a calendar updates rather than duplicates)
 * and whose SEQUENCE and LAST-MODIFIED rise when the visit changes, its
 * times in the configured zone (`timezone` in the configuration, default
 * Asia/Shanghai) with a VTIMEZONE read from the system's time zone data.
 * CSV, TSV, JSON and iCalendar are written row by row, never held whole. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "qudao/calendar.h"
#include "qudao/cli.h"
#include "qudao/cli_out.h"
#include "qudao/columns.h"
#include "qudao/encoding.h"
#include "qudao/i18n.h"
#include "qudao/ics.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/reference.h"
#include "qudao/text.h"
#include "qudao/visit.h"
#include "qudao/visit_rules.h"
#include "qudao/xalloc.h"

enum { EXPORT_DAYS_BACK = 31, EXPORT_DAYS_AHEAD = 62, EXPORT_OBS_MAX = 64 };

/* The columns of CSV, TSV, JSON and the table: those qudao import visits
 * reads back (columns.h), named as it names them. */
enum {
	EV_ID = VCOL_ID,
	EV_DATE = VCOL_DATE,
	EV_TIME = VCOL_TIME,
	EV_STATUS = VCOL_STATUS,
	EV_REP = VCOL_REP,
	EV_REP_NAME = VCOL_REP_NAME,
	EV_CODE = VCOL_DISTRIBUTOR,
	EV_NAME = VCOL_DIST_NAME,
	EV_PURPOSE = VCOL_PURPOSE,
	EV_OBJECTIVE_KIND = VCOL_OBJECTIVE_KIND,
	EV_OBJECTIVE_AMOUNT = VCOL_OBJECTIVE_AMOUNT,
	EV_OBJECTIVE = VCOL_OBJECTIVE,
	EV_OBJECTIVE_MET = VCOL_OBJECTIVE_MET,
	EV_DISPLAY = VCOL_DISPLAY,
	EV_DONE_AT = VCOL_DONE_AT,
	EV_REASON = VCOL_REASON,
	EV_SUMMARY = VCOL_SUMMARY,
	EV_COACHING = VCOL_COACHING,
	EV_ORDER = VCOL_ORDER,
	EV_ORDER_TOTAL = VCOL_ORDER_TOTAL,
	EV_VERSION = VCOL_VERSION,
	EV_UPDATED = VCOL_UPDATED,
	EV_COUNT = VCOL_NCOLS
};

/* The English header of column i: JSON's keys, for programs. */
static const char *export_name(int i)
{
	return columns_visits.cols[i].key;
}

/* Column i's header in a file for people (CSV, TSV, a table): in the
 * language of --lang, as every other export's. */
static const char *export_header(int i)
{
	return i18n_lang() == LANG_ZH ? columns_visits.cols[i].zh : columns_visits.cols[i].key;
}
/* The id is text: its 18 or 19 digits are more than a JSON reader that
 * keeps numbers as doubles (JavaScript's, a spreadsheet's) holds exactly. */
static const enum cli_col_type export_types[EV_COUNT] = {
	[EV_ID] = CLI_COL_TEXT,
	[EV_OBJECTIVE_AMOUNT] = CLI_COL_NUMBER,
	[EV_OBJECTIVE_MET] = CLI_COL_INT,
	[EV_DISPLAY] = CLI_COL_INT,
	[EV_ORDER_TOTAL] = CLI_COL_NUMBER,
	[EV_VERSION] = CLI_COL_INT,
};

struct export_opts {
	const char *format, *rep, *region, *from, *to, *out, *encoding;
	bool bom;
};

struct export_state {
	FILE *f;
	enum cli_format format;
	bool as_ics;
	const char *tzid;
	struct cli_out *table;
	struct ics_buf ics;
	int64_t n, total;
	bool failed;
	bool tty; /* written to a terminal: no byte of the data may be an escape */
};

/* Writes what the iCalendar writer holds; to a terminal, sanitized. */
static void export_flush_ics(struct export_state *s)
{
	if (s->tty) {
		char *chunk = xmalloc(s->ics.len + 1);
		memcpy(chunk, s->ics.s, s->ics.len);
		chunk[s->ics.len] = 0;
		char *clean = text_sanitize_lines(chunk);
		s->failed |= fputs(clean, s->f) < 0;
		free(clean);
		free(chunk);
	} else {
		s->failed |= fwrite(s->ics.s, 1, s->ics.len, s->f) != s->ics.len;
	}
	s->ics.len = 0;
}

/* ---- the time zone ---- */

/* The zone's observances from a year before `from` to a year after `to`,
 * read through the C library with TZ set to the zone, then TZ put back: its
 * offset at the start, and each change of offset after it. */
static int export_observances(const char *zone, qd_date from, qd_date to,
			      struct ics_observance *obs, int max)
{
	char *saved = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;
	setenv("TZ", zone, 1);
	tzset();
	struct tm start_tm = { .tm_year = from.y - 1 - 1900, .tm_mon = 0, .tm_mday = 1 };
	time_t t = timegm(&start_tm), end;
	struct tm end_tm = { .tm_year = to.y + 1 - 1900, .tm_mon = 11, .tm_mday = 31 };
	end = timegm(&end_tm);
	struct tm lt;
	localtime_r(&t, &lt);
	long offset = lt.tm_gmtoff;
	int n = 0;
	obs[n] = (struct ics_observance){ lt.tm_isdst > 0, { 1970, 1, 1 }, 0,
					  (int)offset,	   (int)offset,	   "" };
	text_copy(obs[n].name, sizeof obs[n].name, lt.tm_zone);
	n++;
	/* Offsets change on a quarter hour. */
	for (; t <= end && n < max; t += 15 * 60) {
		localtime_r(&t, &lt);
		if (lt.tm_gmtoff == offset)
			continue;
		/* The change's local time, in the offset before it. */
		time_t before = t + offset;
		struct tm wall;
		gmtime_r(&before, &wall);
		obs[n] = (struct ics_observance){ lt.tm_isdst > 0,
						  { wall.tm_year + 1900, wall.tm_mon + 1,
						    wall.tm_mday },
						  wall.tm_hour * 60 + wall.tm_min,
						  (int)offset,
						  (int)lt.tm_gmtoff,
						  "" };
		text_copy(obs[n].name, sizeof obs[n].name, lt.tm_zone);
		n++;
		offset = lt.tm_gmtoff;
	}
	if (saved) {
		setenv("TZ", saved, 1);
		free(saved);
	} else {
		unsetenv("TZ");
	}
	tzset();
	return n;
}

/* ---- rows ---- */

static void export_row_values(const struct visit *v, char cells[EV_COUNT][VISIT_BUF(2000)])
{
	char money[MONEY_BUF];
	for (int i = 0; i < EV_COUNT; i++)
		cells[i][0] = '\0';
	snprintf(cells[EV_ID], sizeof cells[0], "%lld", (long long)v->id);
	date_format(v->day, cells[EV_DATE]);
	snprintf(cells[EV_TIME], sizeof cells[0], "%02d:%02d", v->minutes / 60 % 100,
		 v->minutes % 60);
	text_copy(cells[EV_STATUS], sizeof cells[0], v->status);
	text_copy(cells[EV_REP], sizeof cells[0], v->rep_code);
	text_copy(cells[EV_REP_NAME], sizeof cells[0], v->rep_name);
	text_copy(cells[EV_CODE], sizeof cells[0], v->dist_code);
	text_copy(cells[EV_NAME], sizeof cells[0], v->dist_name);
	text_copy(cells[EV_PURPOSE], sizeof cells[0], v->purpose);
	text_copy(cells[EV_OBJECTIVE_KIND], sizeof cells[0], v->objective_kind);
	if (v->objective_fen > 0)
		text_copy(cells[EV_OBJECTIVE_AMOUNT], sizeof cells[0],
			  money_format_plain(v->objective_fen, money));
	text_copy(cells[EV_OBJECTIVE], sizeof cells[0], v->objective);
	if (v->objective_met >= 0)
		snprintf(cells[EV_OBJECTIVE_MET], sizeof cells[0], "%d", v->objective_met);
	if (v->rating >= 0)
		snprintf(cells[EV_DISPLAY], sizeof cells[0], "%d", v->rating);
	text_copy(cells[EV_DONE_AT], sizeof cells[0], v->done_at);
	text_copy(cells[EV_REASON], sizeof cells[0], v->reason);
	text_copy(cells[EV_SUMMARY], sizeof cells[0], v->summary);
	text_copy(cells[EV_COACHING], sizeof cells[0], v->coaching_note);
	text_copy(cells[EV_ORDER], sizeof cells[0], v->order_no);
	if (v->order_id)
		text_copy(cells[EV_ORDER_TOTAL], sizeof cells[0],
			  money_format_plain(v->order_total_fen, money));
	snprintf(cells[EV_VERSION], sizeof cells[0], "%lld", (long long)v->version);
	text_copy(cells[EV_UPDATED], sizeof cells[0], v->updated_at);
}

/* The event's description: the purpose, the objective, and for a visit done
 * its summary; for one missed or cancelled, why. */
static char *export_description(const struct visit *v)
{
	char money[MONEY_BUF];
	char *objective;
	if (visit_objective_has_amount(v->objective_kind))
		objective =
			xasprintf("%s %s", _(label_of(&labels_visit_objective, v->objective_kind)),
				  money_format(v->objective_fen, money));
	else if (!strcmp(v->objective_kind, "none"))
		objective = xstrdup("");
	else
		objective =
			xasprintf("%s %s", _(label_of(&labels_visit_objective, v->objective_kind)),
				  v->objective);
	char *text = xasprintf("%s%s%s%s%s%s%s", _(label_of(&labels_visit_purpose, v->purpose)),
			       objective[0] ? "\n" : "", objective,
			       v->summary[0] && !strcmp(v->status, "done") ? "\n" : "",
			       !strcmp(v->status, "done") ? v->summary : "",
			       v->reason[0] ? "\n" : "", v->reason);
	free(objective);
	return text;
}

static int export_each(void *ctx, const struct visit *v)
{
	struct export_state *s = ctx;
	s->n++;
	if (s->total > 2000 && s->n % 1000 == 0)
		cli_progress(NULL, _("Writing the visits"), (double)s->n / (double)s->total);
	if (s->as_ics) {
		char *summary = xasprintf(_("Visit: %s"), v->dist_name);
		char *description = export_description(v);
		struct ics_event e = { v->id,		v->day,	       v->minutes, 60,
				       v->version,	v->updated_at, v->status,  summary,
				       v->dist_address, description };
		ics_event(&s->ics, s->tzid, &e);
		free(summary);
		free(description);
		/* Written out a piece at a time. */
		if (s->ics.len > 65536)
			export_flush_ics(s);
		return s->failed;
	}
	static char cells[EV_COUNT][VISIT_BUF(2000)];
	export_row_values(v, cells);
	if (s->table) {
		const char *values[EV_COUNT];
		for (int i = 0; i < EV_COUNT; i++)
			values[i] = cells[i];
		cli_out_row(s->table, values);
		return 0;
	}
	if (s->format == CLI_FORMAT_JSON) {
		fputs(s->n > 1 ? ",\n  {" : "\n  {", s->f);
		for (int i = 0; i < EV_COUNT; i++) {
			fprintf(s->f, "%s\"%s\": ", i ? ", " : "", export_name(i));
			if (!cells[i][0] && export_types[i] != CLI_COL_TEXT)
				fputs("null", s->f);
			else if (export_types[i] != CLI_COL_TEXT)
				fputs(cells[i], s->f);
			else
				cli_json_string(s->f, cells[i]);
		}
		fputc('}', s->f);
	} else {
		char sep = s->format == CLI_FORMAT_TSV ? '\t' : ',';
		for (int i = 0; i < EV_COUNT; i++) {
			if (i)
				fputc(sep, s->f);
			char *clean = s->tty ? text_sanitize_lines(cells[i]) : NULL;
			cli_csv_field(s->f, clean ? clean : cells[i], sep,
				      export_types[i] == CLI_COL_TEXT);
			free(clean);
		}
		fputs("\r\n", s->f);
	}
	s->failed |= ferror(s->f) != 0;
	return s->failed;
}

/* ---- the command ---- */

static int export_parse(int argc, char **argv, struct export_opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = !strcmp(a, "--format")     ? &o->format
				    : !strcmp(a, "--rep")      ? &o->rep
				    : !strcmp(a, "--region")   ? &o->region
				    : !strcmp(a, "--from")     ? &o->from
				    : !strcmp(a, "--to")       ? &o->to
				    : !strcmp(a, "-o")	       ? &o->out
				    : !strcmp(a, "--encoding") ? &o->encoding
							       : NULL;
		if (!strcmp(a, "--bom")) {
			o->bom = true;
			continue;
		}
		if (!slot)
			return cli_usage_error("export", _("Unexpected argument \"%s\"."), a);
		if (i + 1 >= argc)
			return cli_usage_error("export", _("%s needs a value."), a);
		*slot = argv[++i];
		if (slot == &o->out)
			o->out = cli_output_path(o->out);
	}
	return CLI_OK;
}

static int export_open(const struct cli_global *g, qd_db **db)
{
	char *path = cli_default_db_path(g, "qudao.db");
	if (!path)
		return CLI_FAILED;
	char *err;
	if (db_open(path, DB_OPEN_READONLY, db, &err)) {
		cli_fail("%s", err);
		free(err);
		free(path);
		return CLI_FAILED;
	}
	free(path);
	return CLI_OK;
}

static int export_visits_run(const struct cli_global *g, int argc, char **argv)
{
	struct export_opts o = { 0 };
	int rc = export_parse(argc, argv, &o);
	if (rc)
		return rc;
	struct export_state s = { 0 };
	qd_encoding enc = ENC_UTF8;
	if (o.encoding &&
	    (encoding_parse(o.encoding, &enc) || (enc != ENC_UTF8 && enc != ENC_GB18030)))
		return cli_usage_error(
			"export", _("--encoding takes utf-8 or gb18030, not \"%s\"."), o.encoding);
	/* -o x.ics alone is iCalendar, x.json JSON: the format its name
	 * says. */
	char ext[CLI_EXT_SIZE];
	if (!o.format && cli_output_ext(o.out, ext) && !strcmp(ext, "ics"))
		o.format = "ics";
	s.as_ics = o.format && !strcmp(o.format, "ics");
	if (!s.as_ics && cli_format_parse(o.format ? o.format : "csv", &s.format))
		return cli_usage_error(
			"export", _("Unknown format \"%s\"; use csv, tsv, json, table or ics."),
			o.format);
	if (!s.as_ics &&
	    (rc = cli_format_settle("export", o.format != NULL, o.out, o.bom, enc, &s.format)))
		return rc;
	/* iCalendar files are UTF-8 (RFC 5545), and a table is for a
	 * terminal. */
	if (enc == ENC_GB18030 && (s.as_ics || s.format == CLI_FORMAT_TABLE))
		return cli_usage_error(
			"export", "%s",
			s.as_ics ? _("An iCalendar file is always UTF-8; leave out "
				     "--encoding gb18030 with --format ics.")
				 : _("A table is written in UTF-8; give --format csv or "
				     "tsv for a GB18030 file."));
	rc = cli_bom_check("export", s.format, s.as_ics, enc, o.bom);
	if (rc)
		return rc;
	qd_date today = date_today();
	struct visit_filter f = { { 0, 0 },
				  0,
				  date_add_days(today, -EXPORT_DAYS_BACK),
				  date_add_days(today, EXPORT_DAYS_AHEAD) };
	char why[200];
	/* TRANSLATORS: an option and why its value is refused: "--from: 2026-02-30
	 * is not a date (February 2026 has 28 days)." */
	if (o.from && calendar_date_refusal(o.from, why, sizeof why))
		return cli_usage_error("export", _("%s: %s"), "--from", why);
	if (o.to && calendar_date_refusal(o.to, why, sizeof why))
		return cli_usage_error("export", _("%s: %s"), "--to", why);
	if (o.from)
		date_parse(o.from, &f.from);
	if (o.to)
		date_parse(o.to, &f.to);
	if (date_cmp(f.from, f.to) > 0)
		return cli_usage_error("export", _("--from is after --to."));
	char *zone = cli_config_value("timezone");
	s.tzid = zone && *zone ? zone : CLI_DEFAULT_TIME_ZONE;
	if (s.as_ics && !cli_zone_known(s.tzid)) {
		rc = cli_fail(_("The time zone \"%s\" of the configuration is not known to this "
				"system; write it as Asia/Shanghai."),
			      s.tzid);
		free(zone);
		return rc;
	}
	qd_db *db;
	if ((rc = export_open(g, &db))) {
		free(zone);
		return rc;
	}
	struct ref_item who;
	if (o.rep && db_ref_rep_by_code(db, o.rep, &who) == DB_OK)
		f.scope.rep_id = who.id;
	else if (o.region && db_ref_region_by_code(db, o.region, &who) == DB_OK)
		f.scope.region_id = who.id;
	else if (o.rep || o.region) {
		rc = db_errcode(db) == DB_NOTFOUND ? cli_fail("%s", db_errmsg(db))
						   : cli_fail_db(_("Could not read the reps"),
								 db_errmsg(db), db_errdetail(db));
		db_close(db);
		free(zone);
		return rc;
	}
	s.f = stdout;
	char *tmp = NULL;
	if (o.out && db_output_check(db, o.out)) {
		rc = cli_fail("%s", db_errmsg(db));
		db_close(db);
		free(zone);
		return rc;
	}
	if (o.out) {
		/* Written beside the target and renamed over it when whole. */
		tmp = xasprintf("%s.writing-%ld", o.out, (long)getpid());
		s.f = fopen(tmp, "wb");
		if (!s.f) {
			rc = cli_fail(_("Cannot write %s: %s"), o.out, strerror(errno));
			free(tmp);
			db_close(db);
			free(zone);
			return rc;
		}
	}
	/* In GB18030: the rows gathered in memory, converted whole at the end
	 * (as every other export's writer does). */
	FILE *dest = s.f;
	char *mem = NULL;
	size_t memlen = 0;
	if (enc == ENC_GB18030 && !(s.f = open_memstream(&mem, &memlen))) {
		/* Before any row: none goes out in UTF-8. */
		rc = o.out ? cli_fail(_("Cannot write %s: %s"), o.out, strerror(errno))
			   : cli_fail(_("Cannot write the output: %s"), strerror(errno));
		if (o.out) {
			fclose(dest);
			unlink(tmp);
		}
		free(tmp);
		db_close(db);
		free(zone);
		return rc;
	}
	s.tty = !o.out && isatty(fileno(dest));
	s.total = db_visit_count(db, &f);
	const char *names[EV_COUNT]; /* the table keeps them */
	for (int i = 0; i < EV_COUNT; i++)
		names[i] = export_header(i);
	if (s.as_ics) {
		struct ics_observance obs[EXPORT_OBS_MAX];
		int nobs = export_observances(s.tzid, f.from, f.to, obs, EXPORT_OBS_MAX);
		ics_begin(&s.ics);
		ics_vtimezone(&s.ics, s.tzid, obs, nobs);
	} else if (s.format == CLI_FORMAT_TABLE) {
		s.table = cli_out_new(EV_COUNT, names, NULL, export_types);
	} else if (s.format == CLI_FORMAT_JSON) {
		fputc('[', s.f);
	} else {
		if (o.bom)
			fputs("\xef\xbb\xbf", s.f);
		char sep = s.format == CLI_FORMAT_TSV ? '\t' : ',';
		for (int i = 0; i < EV_COUNT; i++) {
			if (i)
				fputc(sep, s.f);
			fputs(export_header(i), s.f);
		}
		fputs("\r\n", s.f);
	}
	qd_rc q = db_visit_each(db, &f, export_each, &s);
	cli_progress_done();
	if (s.as_ics) {
		ics_end(&s.ics);
		export_flush_ics(&s);
		ics_buf_free(&s.ics);
	} else if (s.table) {
		s.failed |= cli_out_write(s.table, s.f, CLI_FORMAT_TABLE, false) != 0;
		cli_out_free(s.table);
	} else if (s.format == CLI_FORMAT_JSON) {
		fputs(s.n ? "\n]\n" : "]\n", s.f);
	}
	s.failed |= fflush(s.f) != 0 || ferror(s.f);
	if (s.f != dest) {
		s.failed |= fclose(s.f) != 0;
		s.f = dest;
		char *conv = NULL;
		size_t n = 0;
		/* (GB18030 holds every character: only memory can fail it.) */
		if (!s.failed && encoding_from_utf8(mem, memlen, ENC_GB18030, &conv, &n)) {
			s.failed = true;
			errno = ENOMEM;
		} else if (!s.failed)
			s.failed |= fwrite(conv, 1, n, dest) != n || fflush(dest) != 0;
		free(conv);
		free(mem);
	}
	if (o.out)
		s.failed |= fclose(s.f) != 0;
	if (q)
		rc = cli_fail_db(_("Could not read the visits"), db_errmsg(db), db_errdetail(db));
	else if (s.failed)
		rc = o.out ? cli_fail(_("Cannot write %s: %s"), o.out, strerror(errno))
			   : cli_fail(_("Cannot write the output: %s"), strerror(errno));
	if (o.out) {
		if (!rc && rename(tmp, o.out))
			rc = cli_fail(_("Cannot write %s: %s"), o.out, strerror(errno));
		if (rc)
			unlink(tmp);
		free(tmp);
	}
	if (!rc && o.out)
		cli_print(stderr,
			  ngettext("%lld visit written to %s.\n", "%lld visits written to %s.\n",
				   (unsigned long)s.n),
			  (long long)s.n, o.out);
	db_close(db);
	free(zone);
	return rc;
}

const struct cli_kind cli_export_visits = {
	.name = "visits",
	.usage = N_("[--format csv|tsv|json|table|ics] [--rep CODE | --region CODE] [--from DATE] "
		    "[--to DATE] [-o FILE] [--bom] [--encoding utf-8|gb18030] [--lang zh|en]"),
	.summary =
		N_("the visit calendar: a spreadsheet, or an iCalendar file for phone and laptop "
		   "calendars"),
	.run = export_visits_run,
};
