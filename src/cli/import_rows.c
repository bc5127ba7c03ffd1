/* The kinds qudao import reads: for each, the function that turns one
 * record of the file (a row; an order's rows) into a call of its module's
 * write function, checked by the rules the forms use. A record already in
 * the database with the same values is skipped; with other values it is
 * refused, or with --update changed (and logged) through the same write
 * functions. Visits go through the calendar's write functions: planned,
 * then confirmed, recorded done, or closed as missed or cancelled. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_kinds.h"
#include "qudao/calendar.h"
#include "qudao/date.h"
#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/ledger.h"
#include "qudao/lifecycle.h"
#include "qudao/money.h"
#include "qudao/refdata.h"
#include "qudao/setup.h"
#include "qudao/target.h"
#include "qudao/text.h"
#include "qudao/validate.h"
#include "qudao/visit.h"
#include "qudao/visit_rules.h"
#include "qudao/xalloc.h"

#define R IMPORT_REJECTED

/* ---- reading values ---- */

/* The column's value into dst (size bytes); refused when it does not fit
 * (never cut). */
static bool row_text(struct import_run *run, const struct import_row *row, int col, char *dst,
		     size_t size)
{
	/* Not in the file, or empty in a record updated: dst keeps its value. */
	if (!row->has[col])
		return true;
	size_t n = strlen(row->v[col]);
	if (n >= size) {
		/* Bytes, as the field holds them: said with what a Chinese
		 * character takes, or "8 bytes" reads as 8 characters. */
		import_reject(run, row, col,
			      _("too long: %zu bytes in UTF-8, at most %zu (a Chinese character "
				"takes 3)."),
			      n, size - 1);
		return false;
	}
	memcpy(dst, row->v[col], n + 1);
	return true;
}

/* At most max characters. */
static bool row_chars(struct import_run *run, const struct import_row *row, int col, int max)
{
	const char *s = row->v[col];
	int chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	if (chars > max) {
		import_reject(run, row, col, _("too long: at most %d characters."), max);
		return false;
	}
	return true;
}

/* A rule of core (an N_() msgid, or NULL) applied to a column. */
static bool row_rule(struct import_run *run, const struct import_row *row, int col, const char *why)
{
	if (why)
		import_reject(run, row, col, "%s", _(why));
	return why == NULL;
}

static bool row_date(struct import_run *run, const struct import_row *row, int col, qd_date *d)
{
	if (date_parse_any(row->v[col], d) == 0 && date_in_range(*d))
		return true;
	/* Empty (a totals row's, say): required, not "\"\" is not a date". */
	if (!*row->v[col]) {
		import_reject(run, row, col, "%s",
			      _("a date is required here: write 2026-11-27, 2026/11/27 or "
				"2026年11月27日."));
		return false;
	}
	qd_date at;
	qd_date_problem why = date_problem_at(row->v[col], &at);
	char day[DATE_BUF];
	if (why == DATE_WRONG_WEEKDAY)
		/* Which day it is, so that the user knows which of the two to
		 * correct. */
		import_reject(run, row, col,
			      /* TRANSLATORS: the value, the date in it and the day of the
			       * week that date is (Friday, 星期五). */
			      _("\"%s\" is not a date: %s is a %s, not the day of the week "
				"written after it; correct one of them, or leave the day "
				"out."),
			      row->v[col], date_format(at, day),
			      calendar_weekday_name(date_weekday(at), i18n_lang()));
	else if (why == DATE_NOT_WRITTEN || why == DATE_FINE)
		import_reject(run, row, col,
			      _("\"%s\" is not a date: write 2026-11-27, 2026/11/27 or "
				"2026年11月27日."),
			      row->v[col]);
	else
		import_reject(run, row, col,
			      /* TRANSLATORS: the value, then why (date_problem_text: "that
			       * month has no such day"). */
			      _("\"%s\" is not a date: %s. Write it as 2026-11-27, "
				"2026/11/27 or 2026年11月27日."),
			      row->v[col], _(date_problem_text(why)));
	return false;
}

/* An amount in yuan, not negative; an empty cell of an optional column is
 * 0; a column not in the file (or kept, row_blanks_kept) leaves *fen. */
static bool row_money(struct import_run *run, const struct import_row *row, int col, int64_t *fen)
{
	/* Not in the file, or empty in a record updated: *fen keeps its value. */
	if (!row->has[col])
		return true;
	*fen = 0;
	/* An amount a required column leaves empty is not ¥0.00: a price the
	 * ERP left out would make a free line. */
	if (!*row->v[col]) {
		if (!import_required(run, col))
			return true;
		import_reject(run, row, col, "%s", _("an amount is required here."));
		return false;
	}
	int rc = money_parse_any(row->v[col], fen);
	if (rc == 0 && *fen >= 0)
		return true;
	import_reject(run, row, col,
		      rc == MONEY_TOO_LARGE ? _("\"%s\" is too large an amount: no amount has "
						"that many digits.")
		      : rc == 0		    ? _("an amount cannot be negative.")
				: _("\"%s\" is not an amount: write yuan, 1234.50, ¥1,234.50 or "
				    "1.2万, exact to the fen."),
		      row->v[col]);
	return false;
}

/* A whole number from lo to hi (thousands may be grouped: 1,000). */
static bool row_int(struct import_run *run, const struct import_row *row, int col, int64_t lo,
		    int64_t hi, int64_t *out)
{
	const char *s = row->v[col];
	/* (Said as the empty amount is, not as '"" is not a whole number'.) */
	if (!*s) {
		import_reject(run, row, col, _("a whole number from %lld to %lld is required here."),
			      (long long)lo, (long long)hi);
		return false;
	}
	int64_t v = 0;
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p == ',' && digits > 0)
			continue;
		if (*p < '0' || *p > '9' || v > INT64_MAX / 10 - 9) {
			digits = 0;
			break;
		}
		v = v * 10 + (*p - '0');
		digits++;
	}
	if (digits == 0 || v < lo || v > hi) {
		import_reject(run, row, col, _("\"%s\" is not a whole number from %lld to %lld."),
			      s, (long long)lo, (long long)hi);
		return false;
	}
	*out = v;
	return true;
}

/* A phone typed full-width (１３８…) in ASCII digits, as the form stores
 * it (the fold only shortens it). */
static void row_phone_fold(char **phone)
{
	if (*phone) {
		char *folded = text_ascii_fold(*phone);
		free(*phone);
		*phone = folded;
	}
}

/* yes/no into *out; an empty or absent column leaves *out. */
static bool row_bool(struct import_run *run, const struct import_row *row, int col, bool *out)
{
	if (!*row->v[col])
		return true;
	if (columns_bool(row->v[col], out) == 0)
		return true;
	import_reject(run, row, col, _("\"%s\" is not 1 or 0 (yes or no)."), row->v[col]);
	return false;
}

/* Whether s is written with other than ASCII (a file from Chinese Excel):
 * the words a column takes are then listed with their Chinese. */
static bool row_in_chinese(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

/* A code or label of set into *index; an empty column leaves it. */
static bool row_label(struct import_run *run, const struct import_row *row, int col,
		      const struct label_set *set, int *index)
{
	if (!*row->v[col])
		return true;
	int i = columns_label(set, row->v[col]);
	if (i >= 0) {
		*index = i;
		return true;
	}
	char list[512];
	columns_words(set->codes, set->labels, 0, set->n, row_in_chinese(row->v[col]), list,
		      sizeof list);
	import_reject(run, row, col, _("\"%s\" is not one of: %s."), row->v[col], list);
	return false;
}

/* A lifecycle word of column col, the n from `from` on, by its code or its
 * label (either language) into *out; refused with the words it takes. */
static bool row_word(struct import_run *run, const struct import_row *row, int col, int from, int n,
		     const char *(*code)(int), const char *(*label)(int), int *out)
{
	enum { MAX_WORDS = 16 };
	const char *codes[MAX_WORDS], *labels[MAX_WORDS];
	n = n < MAX_WORDS ? n : MAX_WORDS;
	for (int i = 0; i < n; i++) {
		codes[i] = code(i);
		labels[i] = label(i);
	}
	for (int i = from; i < n; i++)
		if (!strcasecmp(row->v[col], codes[i]) || i18n_names(row->v[col], labels[i])) {
			*out = i;
			return true;
		}
	char list[768];
	columns_words(codes, labels, from, n, row_in_chinese(row->v[col]), list, sizeof list);
	import_reject(run, row, col, _("\"%s\" is not one of: %s."), row->v[col], list);
	return false;
}

_Static_assert(STATUS_COUNT <= 16 && REASON_COUNT <= 16, "row_word holds every word");

static const char *status_code(int i)
{
	return lifecycle_status_code((qd_status)i);
}

static const char *status_label(int i)
{
	return lifecycle_status_label((qd_status)i);
}

static const char *reason_code(int i)
{
	return lifecycle_reason_code((qd_reason)i);
}

static const char *reason_label(int i)
{
	return lifecycle_reason_label((qd_reason)i);
}

/* The id of a referenced record by its code: 0 for an empty column; -1
 * when refused (unknown) or the database failed (*fatal). */
static int64_t row_ref(struct import_run *run, const struct import_row *row, int col,
		       int64_t (*lookup)(struct import_run *, const char *), const char *unknown,
		       bool *fatal)
{
	*fatal = false;
	if (!*row->v[col])
		return 0;
	int64_t id = lookup(run, row->v[col]);
	if (id < 0) {
		*fatal = true;
		return -1;
	}
	if (id == 0) {
		/* A name where the code goes (a list exported from the screen):
		 * its code said, or the codes of those so named. */
		int (*named)(qd_db *, const char *, struct ref_item *, int) =
			lookup == import_territory_id ? db_ref_territory_named
			: lookup == import_rep_id     ? db_ref_rep_named
			: lookup == import_region_id  ? db_ref_region_named
						      : NULL;
		enum { SAID = 4 };
		struct ref_item them[SAID];
		int n = named ? named(import_db(run), row->v[col], them, SAID) : 0;
		if (n == 1) {
			import_reject(run, row, col,
				      _("\"%s\" is a name, not a code: give its code, %s."),
				      row->v[col], them[0].code);
		} else if (n > 1) {
			char codes[SAID * 48] = "";
			for (int i = 0; i < n && i < SAID - 1; i++)
				snprintf(codes + strlen(codes), sizeof codes - strlen(codes),
					 "%s%s", i ? ", " : "", them[i].code);
			if (n == SAID)
				snprintf(codes + strlen(codes), sizeof codes - strlen(codes),
					 ", …");
			import_reject(run, row, col,
				      _("\"%s\" is a name, not a code, and more than one has it "
					"(%s): give the code of the one meant."),
				      row->v[col], codes);
		} else {
			import_reject(run, row, col, unknown, row->v[col]);
		}
		return -1;
	}
	return id;
}

/* A required reference (a distributor, a rep) into *id: 1 found; 0 a
 * fault said (unknown, or empty); -1 the database failed (said, *out the
 * outcome). */
static int row_required_ref(struct import_run *run, const struct import_row *row, int col,
			    int64_t (*lookup)(struct import_run *, const char *),
			    const char *unknown, const char *required, int64_t *id,
			    enum import_outcome *out)
{
	bool fatal;
	*id = row_ref(run, row, col, lookup, unknown, &fatal);
	if (*id > 0)
		return 1;
	if (fatal) {
		*out = import_db_reject(run, row, -1);
		return -1;
	}
	if (*id == 0)
		import_reject(run, row, col, "%s", required);
	return 0;
}

static int row_distributor(struct import_run *run, const struct import_row *row, int col,
			   int64_t *id, enum import_outcome *out)
{
	return row_required_ref(run, row, col, import_distributor_id,
				_("there is no distributor with the code \"%s\"."),
				_("the distributor is required."), id, out);
}

/* A record not there, from a file of some columns only (--update): it
 * needs the required ones the file lacks. True when it has them all. */
static bool row_new_complete(struct import_run *run, const struct import_row *row)
{
	const struct column *col = import_missing_required(run);
	if (!col)
		return true;
	import_reject(run, row, 0,
		      _("there is no record with the code \"%s\" to update, and a new one needs "
			"its %s (%s): the file has no such column."),
		      row->v[0], col->key, col->zh);
	return false;
}

/* ---- writing through a savepoint ---- */

/* Ends a record's own write: its outcome, or the database's refusal at
 * col. */
static enum import_outcome row_end(struct import_run *run, const struct import_row *row, qd_rc rc,
				   int col, enum import_outcome ok)
{
	qd_db *db = import_db(run);
	enum import_outcome out = rc ? import_db_reject(run, row, col) : ok;
	qd_rc end = db_write_end(db, rc);
	if (!rc && end)
		out = import_db_reject(run, row, -1);
	return out;
}

static enum import_outcome row_exists(struct import_run *run, const struct import_row *row, int col)
{
	return import_reject(run, row, col,
			     _("%s is already in the database with other values; give --update "
			       "to change it."),
			     row->v[col]);
}

/* ---- regions, territories, reps, products ---- */

/* The column a REF_FIELD_* is about, per kind (col + 1; 0 for none). */
static int ref_col(const signed char *map, int field)
{
	return field > 0 && field < REF_FIELD_COUNT ? map[field] - 1 : -1;
}

static const signed char region_fields[REF_FIELD_COUNT] = {
	[REF_FIELD_CODE] = REGION_CODE + 1,
	[REF_FIELD_NAME] = REGION_NAME + 1,
	[REF_FIELD_ACTIVE] = REGION_ACTIVE + 1,
};

/* Saves a reference record inside a savepoint, then makes it active or
 * not as the file says. */
#define REF_SAVE(run, row, kind, map, rec, save_call, active, was_active, is_new)                 \
	do {                                                                                      \
		qd_db *db_ = import_db(run);                                                      \
		qd_rc rc_ = db_write_begin(db_);                                                  \
		if (rc_)                                                                          \
			return import_db_reject((run), (row), -1);                                \
		rc_ = (save_call);                                                                \
		if (!rc_ && (active) != (was_active))                                             \
			rc_ = db_setup_set_active(db_, (kind), (rec).id, (rec).version, (active), \
						  import_who(run));                               \
		return row_end((run), (row), rc_, ref_col((map), db_errfield(db_)),               \
			       (is_new) ? IMPORT_INSERTED : IMPORT_UPDATED);                      \
	} while (0)

/* Under --update, a cell left empty in a record that is there keeps what
 * is stored (a sheet of changes fills in only what changes; an empty cell
 * cleared a phone and made a credit limit 0): the row as if those columns
 * were not in the file, in copy. */
static const struct import_row *row_blanks_kept(const struct import_row *row,
						struct import_row *copy)
{
	*copy = *row;
	for (int c = 0; c < IMPORT_MAX_COLS; c++)
		if (copy->has[c] && copy->v[c] && !*copy->v[c])
			copy->has[c] = false;
	return copy;
}

static enum import_outcome region_record(struct import_run *run,
					 const struct import_row *const *rows, int n)
{
	(void)n;
	const struct import_row *row = rows[0];
	struct region_rec r, old;
	memset(&r, 0, sizeof r);
	if (!row_text(run, row, REGION_CODE, r.code, sizeof r.code) ||
	    !row_text(run, row, REGION_NAME, r.name, sizeof r.name))
		return R;
	int64_t id = import_region_id(run, r.code);
	if (id < 0)
		return import_db_reject(run, row, -1);
	if (!id && !row_new_complete(run, row))
		return R;
	bool was = true;
	if (id) {
		if (db_setup_region_get(import_db(run), id, &old))
			return import_db_reject(run, row, -1);
		was = old.active;
		/* Found by its code in any case: the stored spelling stays; an
		 * empty name keeps the stored one. */
		text_copy(r.code, sizeof r.code, old.code);
		if (!r.name[0])
			text_copy(r.name, sizeof r.name, old.name);
	}
	bool active = was;
	if (!row_bool(run, row, REGION_ACTIVE, &active))
		return R;
	if (id && !strcmp(old.code, r.code) && !strcmp(old.name, r.name) && active == was)
		return IMPORT_SKIPPED;
	if (id && !import_updating(run))
		return row_exists(run, row, REGION_CODE);
	r.id = id;
	r.version = id ? old.version : 0;
	REF_SAVE(run, row, SETUP_REGION, region_fields, r,
		 db_setup_region_save(db_, &r, import_who(run)), active, id ? was : true, !id);
}

static const signed char territory_fields[REF_FIELD_COUNT] = {
	[REF_FIELD_CODE] = TERR_CODE + 1,	  [REF_FIELD_NAME] = TERR_NAME + 1,
	[REF_FIELD_LEVEL] = TERR_LEVEL + 1,	  [REF_FIELD_PARENT] = TERR_PARENT + 1,
	[REF_FIELD_REGION] = TERR_REGION + 1,	  [REF_FIELD_SHORT_NAME] = TERR_SHORT + 1,
	[REF_FIELD_NAME_EN] = TERR_NAME_EN + 1,	  [REF_FIELD_SHORT_EN] = TERR_SHORT_EN + 1,
	[REF_FIELD_GRID_ROW] = TERR_GRID_ROW + 1, [REF_FIELD_GRID_COL] = TERR_GRID_COL + 1,
	[REF_FIELD_ACTIVE] = TERR_ACTIVE + 1,
};

static bool territory_same(const struct territory_rec *a, const struct territory_rec *b)
{
	return !strcmp(a->code, b->code) && !strcmp(a->name, b->name) && a->level == b->level &&
	       a->parent_id == b->parent_id && a->region_id == b->region_id &&
	       !strcmp(a->short_name, b->short_name) && !strcmp(a->name_en, b->name_en) &&
	       !strcmp(a->short_en, b->short_en) && a->grid_row == b->grid_row &&
	       a->grid_col == b->grid_col;
}

static enum import_outcome territory_record(struct import_run *run,
					    const struct import_row *const *rows, int n)
{
	(void)n;
	const struct import_row *row = rows[0];
	struct territory_rec t, old;
	memset(&t, 0, sizeof t);
	memset(&old, 0, sizeof old);
	if (!row_text(run, row, TERR_CODE, t.code, sizeof t.code))
		return R;
	int64_t id = import_territory_id(run, t.code);
	if (id < 0)
		return import_db_reject(run, row, -1);
	if (!id && !row_new_complete(run, row))
		return R;
	if (id && db_setup_territory_get(import_db(run), id, &old))
		return import_db_reject(run, row, -1);
	struct import_row kept;
	if (id) {
		t = old;
		row = row_blanks_kept(row, &kept);
	}
	bool was = id ? old.active : true, active = was, fatal;
	int level = id ? (int)old.level : -1;
	/* Every column at fault is said, not only the first. */
	bool ok = row_text(run, row, TERR_NAME, t.name, sizeof t.name);
	if (!row_label(run, row, TERR_LEVEL, &labels_level, &level)) {
		ok = false;
	} else if (level < 0) {
		import_reject(run, row, TERR_LEVEL, "%s",
			      _("the level is province, city or district."));
		ok = false;
	}
	t.level = (qd_level)(level < 0 ? 0 : level);
	/* A parent earlier in the file, refused: that line is the one to fix
	 * (it was "there is no territory with the code"). */
	long parent_at = 0;
	if (row->has[TERR_PARENT] && *row->v[TERR_PARENT]) {
		int64_t p = import_territory_id(run, row->v[TERR_PARENT]);
		if (p < 0)
			return import_db_reject(run, row, -1);
		parent_at = p == 0 ? import_seen_line(run, row->v[TERR_PARENT]) : 0;
		/* (Its own line: a territory given as its own parent.) */
		if (parent_at == row->line)
			parent_at = 0;
	}
	if (parent_at) {
		import_reject(run, row, TERR_PARENT,
			      _("the parent \"%s\" is on line %ld of this file, which was refused: "
				"fix that line and this one is taken with it."),
			      row->v[TERR_PARENT], parent_at);
		ok = false;
	} else if (row->has[TERR_PARENT]) {
		int64_t p = row_ref(run, row, TERR_PARENT, import_territory_id,
				    _("there is no territory with the code \"%s\"."), &fatal);
		if (p < 0 && fatal)
			return import_db_reject(run, row, -1);
		ok &= p >= 0;
		t.parent_id = p > 0 ? p : 0;
	}
	if (row->has[TERR_REGION]) {
		int64_t g = row_ref(run, row, TERR_REGION, import_region_id,
				    _("there is no region with the code \"%s\"."), &fatal);
		if (g < 0 && fatal)
			return import_db_reject(run, row, -1);
		ok &= g >= 0;
		t.region_id = g > 0 ? g : 0;
	}
	ok &= row_text(run, row, TERR_SHORT, t.short_name, sizeof t.short_name);
	if (row->has[TERR_NAME_EN])
		ok &= row_text(run, row, TERR_NAME_EN, t.name_en, sizeof t.name_en);
	if (row->has[TERR_SHORT_EN])
		ok &= row_text(run, row, TERR_SHORT_EN, t.short_en, sizeof t.short_en);
	if (row->has[TERR_GRID_ROW])
		ok &= row_rule(run, row, TERR_GRID_ROW,
			       refdata_grid(row->v[TERR_GRID_ROW], &t.grid_row));
	if (row->has[TERR_GRID_COL])
		ok &= row_rule(run, row, TERR_GRID_COL,
			       refdata_grid(row->v[TERR_GRID_COL], &t.grid_col));
	if (!id && !row->has[TERR_GRID_ROW])
		t.grid_row = -1;
	if (!id && !row->has[TERR_GRID_COL])
		t.grid_col = -1;
	ok &= row_bool(run, row, TERR_ACTIVE, &active);
	if (!ok)
		return R;
	if (id && territory_same(&t, &old) && active == was)
		return IMPORT_SKIPPED;
	/* One of the provinces a database starts with, as it was made (no
	 * region, never changed): an export from another database names it
	 * with its region, and the user is told why it is there at all. */
	if (id && !import_updating(run) && old.version == 1 && old.level == LEVEL_PROVINCE &&
	    !old.region_id && !old.parent_id)
		return import_reject(
			run, row, TERR_CODE,
			_("%s is one of the provinces every database starts with; give "
			  "--update to take this file's region and names for it."),
			row->v[TERR_CODE]);
	if (id && !import_updating(run))
		return row_exists(run, row, TERR_CODE);
	REF_SAVE(run, row, SETUP_TERRITORY, territory_fields, t,
		 db_setup_territory_save(db_, &t, import_who(run)), active, id ? was : true, !id);
}

static const signed char rep_fields[REF_FIELD_COUNT] = {
	[REF_FIELD_CODE] = REP_CODE + 1,     [REF_FIELD_NAME] = REP_NAME + 1,
	[REF_FIELD_ROLE] = REP_ROLE + 1,     [REF_FIELD_REGION] = REP_REGION + 1,
	[REF_FIELD_PHONE] = REP_PHONE + 1,   [REF_FIELD_TERRITORIES] = REP_TERRITORIES + 1,
	[REF_FIELD_ACTIVE] = REP_ACTIVE + 1,
};

static int rep_id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The territories the row names, as ids into *out (sorted); -1 refused. */
static int rep_covers(struct import_run *run, const struct import_row *row, int64_t **out,
		      bool *fatal)
{
	char **codes = NULL;
	int n = 0;
	*fatal = false;
	*out = NULL;
	const char *why = refdata_code_list(row->v[REP_TERRITORIES], &codes, &n);
	if (why) {
		import_reject(run, row, REP_TERRITORIES, "%s", _(why));
		return -1;
	}
	int64_t *ids = xcalloc((size_t)n + 1, sizeof *ids);
	int k = 0;
	for (int i = 0; i < n && k >= 0; i++) {
		int64_t id = import_territory_id(run, codes[i]);
		if (id <= 0) {
			*fatal = id < 0;
			if (!*fatal)
				import_reject(run, row, REP_TERRITORIES,
					      _("there is no territory with the code \"%s\"."),
					      codes[i]);
			k = -1;
		} else {
			ids[k++] = id;
		}
	}
	for (int i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
	if (k < 0) {
		free(ids);
		return -1;
	}
	qsort(ids, (size_t)k, sizeof *ids, rep_id_cmp);
	*out = ids;
	return k;
}

static enum import_outcome rep_record(struct import_run *run, const struct import_row *const *rows,
				      int n)
{
	(void)n;
	const struct import_row *row = rows[0];
	qd_db *db = import_db(run);
	struct rep_rec r, old;
	memset(&r, 0, sizeof r);
	memset(&old, 0, sizeof old);
	if (!row_text(run, row, REP_CODE, r.code, sizeof r.code))
		return R;
	int64_t id = import_rep_id(run, r.code);
	if (id < 0 || (id && db_setup_rep_get(db, id, &old)))
		return import_db_reject(run, row, -1);
	if (!id && !row_new_complete(run, row))
		return R;
	struct import_row kept;
	if (id) {
		r = old;
		row = row_blanks_kept(row, &kept);
	}
	bool was = id ? old.active : true, active = was, fatal;
	int role = id ? (int)old.role : ROLE_REP;
	/* Every column at fault is said, not only the first. */
	bool ok = row_text(run, row, REP_NAME, r.name, sizeof r.name);
	ok &= row_label(run, row, REP_ROLE, &labels_role, &role);
	if (row->has[REP_PHONE]) {
		char *phone = text_ascii_fold(row->v[REP_PHONE]);
		/* Typed full-width (１３８…), stored in ASCII digits, as the
		 * form stores it. */
		if (strlen(phone) < sizeof r.phone)
			text_copy(r.phone, sizeof r.phone, phone);
		else
			ok &= row_text(run, row, REP_PHONE, r.phone, sizeof r.phone);
		free(phone);
	}
	ok &= row_bool(run, row, REP_ACTIVE, &active);
	r.role = (qd_role)role;
	if (row->has[REP_REGION]) {
		int64_t g = row_ref(run, row, REP_REGION, import_region_id,
				    _("there is no region with the code \"%s\"."), &fatal);
		if (g < 0 && fatal)
			return import_db_reject(run, row, -1);
		if (g < 0)
			ok = false;
		else
			r.region_id = g;
	}
	/* The territories covered: the file's, or those stored. */
	int64_t *ids = NULL, *had = NULL;
	int nids = 0, nhad = 0;
	if (id) {
		struct ref_item *items;
		nhad = db_setup_rep_territories(db, id, &items);
		if (nhad < 0)
			return import_db_reject(run, row, -1);
		had = xcalloc((size_t)nhad + 1, sizeof *had);
		for (int i = 0; i < nhad; i++)
			had[i] = items[i].id;
		free(items);
		qsort(had, (size_t)nhad, sizeof *had, rep_id_cmp);
	}
	if (row->has[REP_TERRITORIES]) {
		nids = rep_covers(run, row, &ids, &fatal);
		if (nids < 0 || !ok) {
			free(had);
			free(ids);
			return fatal ? import_db_reject(run, row, -1) : R;
		}
	} else if (!ok) {
		free(had);
		return R;
	} else {
		ids = had;
		nids = nhad;
		had = NULL;
		nhad = nids;
	}
	bool same_cover = !had || (nids == nhad && !memcmp(ids, had, (size_t)nids * sizeof *ids));
	enum import_outcome out;
	if (id && same_cover && active == was && !strcmp(r.code, old.code) &&
	    !strcmp(r.name, old.name) && r.role == old.role && r.region_id == old.region_id &&
	    !strcmp(r.phone, old.phone)) {
		out = IMPORT_SKIPPED;
	} else if (id && !import_updating(run)) {
		out = row_exists(run, row, REP_CODE);
	} else {
		qd_rc rc = db_write_begin(db);
		if (rc) {
			out = import_db_reject(run, row, -1);
		} else {
			rc = db_setup_rep_save(db, &r, ids, nids, import_who(run));
			if (!rc && active != (id ? was : true))
				rc = db_setup_set_active(db, SETUP_REP, r.id, r.version, active,
							 import_who(run));
			out = row_end(run, row, rc, ref_col(rep_fields, db_errfield(db)),
				      id ? IMPORT_UPDATED : IMPORT_INSERTED);
		}
	}
	free(ids);
	free(had);
	return out;
}

static const signed char product_fields[REF_FIELD_COUNT] = {
	[REF_FIELD_CODE] = PROD_SKU + 1,	  [REF_FIELD_NAME] = PROD_NAME + 1,
	[REF_FIELD_CATEGORY] = PROD_CATEGORY + 1, [REF_FIELD_UNIT] = PROD_UNIT + 1,
	[REF_FIELD_PRICE_A] = PROD_PRICE_A + 1,	  [REF_FIELD_PRICE_B] = PROD_PRICE_B + 1,
	[REF_FIELD_PRICE_C] = PROD_PRICE_C + 1,	  [REF_FIELD_PRICE_D] = PROD_PRICE_D + 1,
	[REF_FIELD_RETAIL] = PROD_RETAIL + 1,	  [REF_FIELD_TOLERANCE] = PROD_TOLERANCE + 1,
	[REF_FIELD_ACTIVE] = PROD_ACTIVE + 1,
};

static enum import_outcome product_record(struct import_run *run,
					  const struct import_row *const *rows, int n)
{
	(void)n;
	const struct import_row *row = rows[0];
	qd_db *db = import_db(run);
	struct product_rec p, old;
	memset(&p, 0, sizeof p);
	memset(&old, 0, sizeof old);
	if (!row_text(run, row, PROD_SKU, p.sku, sizeof p.sku))
		return R;
	int64_t id = import_product_id(run, p.sku);
	if (id < 0 || (id && db_setup_product_get(db, id, &old)))
		return import_db_reject(run, row, -1);
	if (!id && !row_new_complete(run, row))
		return R;
	struct import_row kept;
	if (id) {
		p = old;
		row = row_blanks_kept(row, &kept);
	} else {
		p.tolerance_bp = 500;
	}
	bool was = id ? old.active : true, active = was;
	/* Every column at fault is said, not only the first. */
	bool ok = row_text(run, row, PROD_NAME, p.name, sizeof p.name);
	ok &= row_text(run, row, PROD_CATEGORY, p.category, sizeof p.category);
	if (row->has[PROD_UNIT])
		ok &= row_text(run, row, PROD_UNIT, p.unit, sizeof p.unit);
	ok &= row_bool(run, row, PROD_ACTIVE, &active);
	for (int i = 0; i < REF_TIERS; i++)
		ok &= row_money(run, row, PROD_PRICE_A + i, &p.tier_fen[i]);
	ok &= row_money(run, row, PROD_RETAIL, &p.retail_fen);
	if (row->has[PROD_TOLERANCE] && *row->v[PROD_TOLERANCE])
		ok &= row_rule(run, row, PROD_TOLERANCE,
			       refdata_tolerance(row->v[PROD_TOLERANCE], &p.tolerance_bp));
	if (!ok)
		return R;
	if (id && active == was && !strcmp(p.sku, old.sku) && !strcmp(p.name, old.name) &&
	    !strcmp(p.category, old.category) && !strcmp(p.unit, old.unit) &&
	    !memcmp(p.tier_fen, old.tier_fen, sizeof p.tier_fen) &&
	    p.retail_fen == old.retail_fen && p.tolerance_bp == old.tolerance_bp)
		return IMPORT_SKIPPED;
	if (id && !import_updating(run))
		return row_exists(run, row, PROD_SKU);
	REF_SAVE(run, row, SETUP_PRODUCT, product_fields, p,
		 db_setup_product_save(db_, &p, import_who(run)), active, id ? was : true, !id);
}

/* ---- distributors ---- */

static const signed char dist_fields[] = {
	[DIST_FIELD_CODE] = DIST_CODE + 1,
	[DIST_FIELD_NAME] = DIST_NAME + 1,
	[DIST_FIELD_TERRITORY] = DIST_TERRITORY + 1,
	[DIST_FIELD_OWNER] = DIST_OWNER + 1,
	[DIST_FIELD_AGREEMENT] = DIST_AGREEMENT_START + 1,
	[DIST_FIELD_CONTACT] = DIST_CONTACT + 1,
	[DIST_FIELD_PHONE] = DIST_PHONE + 1,
	[DIST_FIELD_ADDRESS] = DIST_ADDRESS + 1,
	[DIST_FIELD_NOTES] = DIST_NOTES + 1,
	[DIST_FIELD_CREDIT] = DIST_CREDIT + 1,
	[DIST_FIELD_VISIT_EVERY] = DIST_VISIT_EVERY + 1,
	[DIST_FIELD_STATUS_SINCE] = DIST_STATUS_SINCE + 1,
};

static int dist_col(int field)
{
	return field > 0 && field < (int)sizeof dist_fields ? dist_fields[field] - 1 : -1;
}

/* A text column into a string the struct owns, within max characters. */
static bool dist_text(struct import_run *run, const struct import_row *row, int col, int max,
		      char **dst)
{
	if (!row->has[col])
		return true;
	if (!row_chars(run, row, col, max))
		return false;
	free(*dst);
	*dst = xstrdup(row->v[col]);
	return true;
}

static bool dist_same(const struct distributor *a, const struct distributor *b)
{
	return !strcmp(a->code, b->code) && !strcmp(a->name, b->name) &&
	       !strcmp(a->type, b->type) && a->tier == b->tier && a->status == b->status &&
	       a->territory_id == b->territory_id && a->owner_rep_id == b->owner_rep_id &&
	       !strcmp(a->contact, b->contact) && !strcmp(a->phone, b->phone) &&
	       !strcmp(a->address, b->address) && a->credit_limit_fen == b->credit_limit_fen &&
	       !strcmp(a->agreement_start, b->agreement_start) &&
	       !strcmp(a->agreement_end, b->agreement_end) &&
	       a->visit_every_days == b->visit_every_days && !strcmp(a->notes, b->notes);
}

/* The file's values over d (stored, or the defaults of a new one). Every
 * column at fault is said, not only the first: a row is fixed in one go. */
static bool dist_read(struct import_run *run, const struct import_row *row, struct distributor *d,
		      qd_reason *reason)
{
	bool fatal, ok = true;
	struct import_row kept;
	if (d->id)
		row = row_blanks_kept(row, &kept);
	if (!row_rule(run, row, DIST_CODE, validate_code(row->v[DIST_CODE])))
		ok = false;
	else if (d->id && !strcasecmp(d->code, row->v[DIST_CODE]))
		; /* found by its code in any case: the stored spelling stays */
	else if (!row_text(run, row, DIST_CODE, d->code, sizeof d->code))
		ok = false;
	if (!row->has[DIST_NAME] && d->id) {
		/* An update without the column: the stored name stays. */
	} else if (!row->has[DIST_NAME] && !*row->v[DIST_CODE]) {
		ok = false; /* the code's own error says what is missing */
	} else if (!row->has[DIST_NAME]) {
		import_reject(run, row, DIST_CODE,
			      _("there is no distributor with the code \"%s\" to update, and a new "
				"one needs its name: the file has no name column."),
			      row->v[DIST_CODE]);
		ok = false;
	} else if (!d->id && import_updating(run) && *row->v[DIST_CODE] && !*row->v[DIST_NAME]) {
		/* Not "The name is required." alone: the row was meant to
		 * update, and its code is what is wrong more often than not. */
		import_reject(run, row, DIST_NAME,
			      _("there is no distributor with the code \"%s\" to update, and a new "
				"one needs its name: it is empty here."),
			      row->v[DIST_CODE]);
		ok = false;
	} else if (!row_rule(run, row, DIST_NAME, validate_name(row->v[DIST_NAME]))) {
		ok = false;
	} else {
		free(d->name);
		d->name = xstrdup(row->v[DIST_NAME]);
	}
	int type = label_index(&labels_dist_type, d->type), tier = d->tier - 'A';
	if (!row_label(run, row, DIST_TYPE, &labels_dist_type, &type))
		ok = false;
	else if (type >= 0)
		text_copy(d->type, sizeof d->type, labels_dist_type.codes[type]);
	if (!row_label(run, row, DIST_TIER, &labels_tier, &tier))
		ok = false;
	else
		d->tier = (char)('A' + tier);
	bool status_ok = true;
	if (*row->v[DIST_STATUS]) {
		int s = -1;
		if (!row_word(run, row, DIST_STATUS, 0, STATUS_COUNT, status_code, status_label,
			      &s)) {
			ok = status_ok = false;
		} else {
			d->status = (qd_status)s;
		}
	}
	if (row->has[DIST_TERRITORY]) {
		int64_t id = row_ref(run, row, DIST_TERRITORY, import_territory_id,
				     _("there is no territory with the code \"%s\"."), &fatal);
		if (id < 0 && fatal) {
			import_db_reject(run, row, -1);
			return false;
		}
		if (id < 0)
			ok = false;
		else
			d->territory_id = id;
	}
	if (row->has[DIST_OWNER]) {
		int64_t id = row_ref(run, row, DIST_OWNER, import_rep_id,
				     _("there is no rep with the code \"%s\"."), &fatal);
		if (id < 0 && fatal) {
			import_db_reject(run, row, -1);
			return false;
		}
		if (id < 0)
			ok = false;
		else
			d->owner_rep_id = id;
	}
	if (!dist_text(run, row, DIST_CONTACT, DIST_CONTACT_MAX, &d->contact))
		ok = false;
	if (!dist_text(run, row, DIST_PHONE, DIST_PHONE_MAX, &d->phone)) {
		ok = false;
	} else if (row->has[DIST_PHONE]) {
		row_phone_fold(&d->phone);
		ok &= row_rule(run, row, DIST_PHONE, validate_phone(d->phone));
	}
	if (!dist_text(run, row, DIST_ADDRESS, DIST_ADDRESS_MAX, &d->address))
		ok = false;
	if (!dist_text(run, row, DIST_NOTES, DIST_NOTES_MAX, &d->notes))
		ok = false;
	if (row->has[DIST_CREDIT] && !row_money(run, row, DIST_CREDIT, &d->credit_limit_fen))
		ok = false;
	const int dates[2] = { DIST_AGREEMENT_START, DIST_AGREEMENT_END };
	char *dst[2] = { d->agreement_start, d->agreement_end };
	bool dates_ok = true;
	for (int i = 0; i < 2; i++) {
		qd_date day;
		if (!row->has[dates[i]])
			continue;
		if (!*row->v[dates[i]])
			dst[i][0] = '\0';
		else if (!row_date(run, row, dates[i], &day))
			ok = dates_ok = false;
		else
			date_format(day, dst[i]);
	}
	int every;
	if (*row->v[DIST_VISIT_EVERY]) {
		if (!row_rule(run, row, DIST_VISIT_EVERY,
			      validate_visit_days(row->v[DIST_VISIT_EVERY], &every)))
			ok = false;
		else
			d->visit_every_days = every;
	} else if (!d->id) {
		/* A new one gets its tier's, as in the form (Setup → Visit
		 * settings). */
		int tier = d->tier >= 'A' && d->tier <= 'D' ? d->tier - 'A' : 2;
		d->visit_every_days = import_visit_settings(run)->every_days[tier];
	}
	/* The agreement against the status: only once both are known. */
	int end_field;
	const char *why = dates_ok && status_ok
				  ? validate_dist_agreement(d->status, d->agreement_start,
							    d->agreement_end, &end_field)
				  : NULL;
	if (why) {
		import_reject(run, row, end_field ? DIST_AGREEMENT_END : DIST_AGREEMENT_START, "%s",
			      _(why));
		ok = false;
	}
	*reason = REASON_NONE;
	if (*row->v[DIST_REASON]) {
		int found = -1;
		if (!row_word(run, row, DIST_REASON, 1, REASON_COUNT, reason_code, reason_label,
			      &found)) {
			ok = false;
		} else {
			*reason = (qd_reason)found;
		}
	}
	return row_chars(run, row, DIST_STATUS_NOTE, 2000) && ok;
}

/* The day the row says it took its status (status_since), into *since (y
 * 0 when it says none): not after today. */
static bool dist_since(struct import_run *run, const struct import_row *row, qd_date *since)
{
	memset(since, 0, sizeof *since);
	if (!*row->v[DIST_STATUS_SINCE])
		return true;
	if (!row_date(run, row, DIST_STATUS_SINCE, since))
		return false;
	if (date_cmp(*since, date_today()) > 0) {
		char day[DATE_BUF];
		import_reject(run, row, DIST_STATUS_SINCE,
			      _("%s is after today: the day it took its status cannot be yet."),
			      date_format(*since, day));
		return false;
	}
	return true;
}

/* The change of status a row asks for, as the lifecycle sees it. */
static void dist_change(const struct distributor *d, qd_status from, qd_reason reason,
			const char *note, qd_date since, struct lifecycle_change *c)
{
	memset(c, 0, sizeof *c);
	c->from = from;
	c->to = d->status;
	c->reason = reason;
	c->note = note;
	c->today = date_today();
	c->since = since;
	c->has_agreement = d->agreement_start[0] && d->agreement_end[0] &&
			   !date_parse(d->agreement_start, &c->agreement_start) &&
			   !date_parse(d->agreement_end, &c->agreement_end);
}

/* Whether reason is one the rules allow a change to status for (any, when
 * the change needs none); if not, the row is rejected at the reason column
 * with the reasons it takes, as the form offers them: a file has nothing
 * to "choose" from. */
static bool dist_reason_fits(struct import_run *run, const struct import_row *row, qd_status status,
			     qd_reason reason, enum import_outcome *out)
{
	qd_reason allowed[REASON_COUNT];
	int k = lifecycle_reasons(status, allowed), ok = k == 0;
	for (int i = 0; i < k; i++)
		ok |= allowed[i] == reason;
	if (ok)
		return true;
	const char *codes[REASON_COUNT], *labels[REASON_COUNT];
	for (int i = 0; i < k; i++) {
		codes[i] = lifecycle_reason_code(allowed[i]);
		labels[i] = lifecycle_reason_label(allowed[i]);
	}
	char list[512];
	columns_words(codes, labels, 0, k, row_in_chinese(row->v[DIST_REASON]), list, sizeof list);
	/* A reason given, of another change (payment is a suspension's), or
	 * none at all. */
	if (*row->v[DIST_REASON])
		*out = import_reject(run, row, DIST_REASON,
				     _("\"%s\" is not a reason a distributor becomes %s for: "
				       "write one of %s."),
				     row->v[DIST_REASON], _(lifecycle_status_label(status)), list);
	else
		*out = import_reject(
			run, row, DIST_REASON,
			_("a distributor that becomes %s needs its reason: one of %s."),
			_(lifecycle_status_label(status)), list);
	return false;
}

/* A new distributor with the status it has elsewhere: registered, then
 * put in that status at once, both in its history. A terminated or rejected
 * one needs the reason the rules allow. */
static enum import_outcome dist_arrive(struct import_run *run, const struct import_row *row,
				       struct distributor *d, qd_reason reason, qd_date since)
{
	qd_db *db = import_db(run);
	qd_status status = d->status;
	enum import_outcome out;
	if ((status == STATUS_TERMINATED || status == STATUS_REJECTED) &&
	    !dist_reason_fits(run, row, status, reason, &out))
		return out;
	qd_rc rc = db_write_begin(db);
	if (rc)
		return import_db_reject(run, row, -1);
	d->status = STATUS_APPLICANT;
	rc = db_dist_save(db, d, import_who(run));
	int col = rc ? dist_col(db_errfield(db)) : -1;
	d->status = status;
	if (!rc && status != STATUS_APPLICANT) {
		const char *base = strrchr(import_path(run), '/');
		char *note = *row->v[DIST_STATUS_NOTE]
				     ? xstrdup(row->v[DIST_STATUS_NOTE])
				     : xasprintf(_("Imported with this status from %s"),
						 base ? base + 1 : import_path(run));
		struct lifecycle_change c;
		dist_change(d, STATUS_APPLICANT, reason, note, since, &c);
		rc = db_dist_transition(db, d->id, d->version, &c, import_who(run));
		col = rc && dist_col(db_errfield(db)) >= 0 ? dist_col(db_errfield(db))
							   : DIST_STATUS;
		free(note);
	}
	return row_end(run, row, rc, col, IMPORT_INSERTED);
}

static enum import_outcome dist_record(struct import_run *run, const struct import_row *const *rows,
				       int n)
{
	(void)n;
	const struct import_row *row = rows[0];
	qd_db *db = import_db(run);
	struct distributor d, old;
	db_dist_init(&d);
	db_dist_init(&old);
	enum import_outcome out = R;
	int64_t id = *row->v[DIST_CODE] ? import_distributor_id(run, row->v[DIST_CODE]) : 0;
	qd_reason reason;
	if (id < 0 || (id && db_dist_get(db, id, &old))) {
		out = import_db_reject(run, row, -1);
		goto done;
	}
	if (id && db_dist_get(db, id, &d)) {
		out = import_db_reject(run, row, -1);
		goto done;
	}
	qd_date since;
	if (!dist_read(run, row, &d, &reason) || !dist_since(run, row, &since))
		goto done;
	if (!id) {
		out = dist_arrive(run, row, &d, reason, since);
		goto done;
	}
	if (dist_same(&d, &old)) {
		out = IMPORT_SKIPPED;
		goto done;
	}
	if (!import_updating(run)) {
		out = row_exists(run, row, DIST_CODE);
		goto done;
	}
	/* A change of status follows the lifecycle, with what the file
	 * gives: the reason, the note, the agreement dates. */
	struct lifecycle_change c;
	char why[512];
	dist_change(&d, old.status, reason, row->v[DIST_STATUS_NOTE], since, &c);
	if (d.status != old.status && lifecycle_check(&c, why, sizeof why)) {
		/* The form's "choose why" is, in a file, the reason column. */
		if ((lifecycle_needs(old.status, d.status) & NEED_REASON) &&
		    !dist_reason_fits(run, row, d.status, reason, &out))
			goto done;
		/* The form's "write a note" is, in a file, a column to fill in. */
		struct lifecycle_change noted = c;
		noted.note = "-";
		if (!lifecycle_check(&noted, why, sizeof why)) {
			out = import_reject(
				run, row,
				row->has[DIST_STATUS_NOTE] ? DIST_STATUS_NOTE : DIST_STATUS,
				_("a change to %s needs a note saying why, in the status_note "
				  "(状态说明) column."),
				_(lifecycle_status_label(d.status)));
			goto done;
		}
		out = import_reject(run, row, DIST_STATUS, "%s", why);
		goto done;
	}
	qd_rc rc = db_write_begin(db);
	if (rc) {
		out = import_db_reject(run, row, -1);
		goto done;
	}
	qd_status to = d.status;
	d.status = old.status;
	rc = db_dist_save(db, &d, import_who(run));
	int col = rc ? dist_col(db_errfield(db)) : -1;
	if (!rc && to != old.status) {
		rc = db_dist_transition(db, d.id, d.version, &c, import_who(run));
		col = rc && dist_col(db_errfield(db)) >= 0 ? dist_col(db_errfield(db))
							   : DIST_STATUS;
	}
	out = row_end(run, row, rc, col, IMPORT_UPDATED);
done:
	db_dist_free(&d);
	db_dist_free(&old);
	return out;
}

/* ---- targets ---- */

static enum import_outcome target_record(struct import_run *run,
					 const struct import_row *const *rows, int n)
{
	(void)n;
	const struct import_row *row = rows[0];
	struct sales_target t = { 0 };
	/* Every column at fault is said, not only the first. */
	enum import_outcome failed;
	int found = row_distributor(run, row, TARGET_DISTRIBUTOR, &t.distributor_id, &failed);
	if (found < 0)
		return failed;
	bool ok = found > 0;
	if (!*row->v[TARGET_PERIOD]) {
		import_reject(run, row, TARGET_PERIOD, "%s",
			      _("a period is required here: a year (2026), a quarter (2026-Q3) "
				"or a month (2026-09)."));
		ok = false;
	} else if (period_parse_typed(row->v[TARGET_PERIOD], &t.period)) {
		import_reject(run, row, TARGET_PERIOD,
			      _("\"%s\" is not a period: a year (2026), a quarter (2026-Q3) "
				"or a month (2026-09)."),
			      row->v[TARGET_PERIOD]);
		ok = false;
	}
	if (!*row->v[TARGET_AMOUNT]) {
		import_reject(run, row, TARGET_AMOUNT, "%s", _("the amount is required."));
		ok = false;
	} else if (!row_money(run, row, TARGET_AMOUNT, &t.amount_fen)) {
		ok = false;
	}
	if (!ok)
		return R;
	qd_target_result res;
	qd_rc rc = db_target_set(import_db(run), &t, import_updating(run), import_who(run), &res);
	if (rc) {
		static const int cols[] = { -1, TARGET_DISTRIBUTOR, TARGET_PERIOD, TARGET_AMOUNT };
		int f = db_errfield(import_db(run));
		return import_db_reject(run, row, f >= 0 && f < 4 ? cols[f] : -1);
	}
	return res == TARGET_ADDED     ? IMPORT_INSERTED
	       : res == TARGET_CHANGED ? IMPORT_UPDATED
				       : IMPORT_SKIPPED;
}

/* The distributor and the period as stored: 2026-9 and 2026-09 are one
 * target (the second was refused as one the database had already). */
static void target_key(const struct import_row *row, char *buf, size_t size)
{
	qd_period p;
	char period[PERIOD_BUF];
	const char *as = row->v[TARGET_PERIOD];
	if (!period_parse_typed(as, &p))
		as = period_format(p, period);
	snprintf(buf, size, "%s %s", row->v[TARGET_DISTRIBUTOR], as);
}

/* ---- the ledger: amounts due, orders, payments ---- */

static int ledger_col(int field, const int *map, int nmap)
{
	return field > 0 && field < nmap ? map[field] : -1;
}

static const int due_cols[] = {
	[LEDGER_FIELD_NONE] = -1,
	[LEDGER_FIELD_NUMBER] = DUE_INVOICE,
	[LEDGER_FIELD_DISTRIBUTOR] = DUE_DISTRIBUTOR,
	[LEDGER_FIELD_DATE] = DUE_DATE,
	[LEDGER_FIELD_SHIP_DATE] = -1,
	[LEDGER_FIELD_STATUS] = -1,
	[LEDGER_FIELD_TERRITORY] = -1,
	[LEDGER_FIELD_PRODUCT] = -1,
	[LEDGER_FIELD_QUANTITY] = -1,
	[LEDGER_FIELD_PRICE] = -1,
	[LEDGER_FIELD_AMOUNT] = DUE_AMOUNT,
};

static enum import_outcome due_record(struct import_run *run, const struct import_row *const *rows,
				      int n)
{
	(void)n;
	const struct import_row *row = rows[0];
	qd_db *db = import_db(run);
	struct amount_due a = { 0 }, old;
	enum import_outcome failed;
	/* Every column at fault is said, not only the first. */
	bool ok = row_text(run, row, DUE_INVOICE, a.invoice_no, sizeof a.invoice_no);
	int found = row_distributor(run, row, DUE_DISTRIBUTOR, &a.distributor_id, &failed);
	if (found < 0)
		return failed;
	ok &= found > 0;
	ok &= row_date(run, row, DUE_DATE, &a.due_date);
	ok &= row_money(run, row, DUE_AMOUNT, &a.amount_fen);
	if (!ok)
		return R;
	qd_rc rc = db_due_add(db, &a);
	if (rc == DB_DUPLICATE && db_errfield(db) == LEDGER_FIELD_NUMBER) {
		if (db_due_find(db, a.invoice_no, &old))
			return import_db_reject(run, row, -1);
		if (old.distributor_id == a.distributor_id && !date_cmp(old.due_date, a.due_date) &&
		    old.amount_fen == a.amount_fen)
			return IMPORT_SKIPPED;
		/* What differs, at its column, as for an order. */
		char day[DATE_BUF], day2[DATE_BUF], was[MONEY_BUF], now[MONEY_BUF];
		if (old.distributor_id != a.distributor_id)
			return import_reject(
				run, row, DUE_DISTRIBUTOR,
				_("invoice %s is already in the database for another "
				  "distributor; an amount due is not changed by import."),
				old.invoice_no);
		if (date_cmp(old.due_date, a.due_date))
			return import_reject(
				run, row, DUE_DATE,
				_("invoice %s is already in the database falling due on "
				  "%s, here on %s; an amount due is not changed by import."),
				old.invoice_no, date_format(old.due_date, day),
				date_format(a.due_date, day2));
		return import_reject(run, row, DUE_AMOUNT,
				     _("invoice %s is already in the database for %s, here for %s; "
				       "an amount due is not changed by import."),
				     old.invoice_no, money_format(old.amount_fen, was),
				     money_format(a.amount_fen, now));
	}
	return rc ? import_db_reject(run, row,
				     ledger_col(db_errfield(db), due_cols,
						(int)(sizeof due_cols / sizeof due_cols[0])))
		  : IMPORT_INSERTED;
}

static void due_key(const struct import_row *row, char *buf, size_t size)
{
	snprintf(buf, size, "%s", row->v[DUE_INVOICE]);
}

static const int order_cols[] = {
	[LEDGER_FIELD_NONE] = -1,
	[LEDGER_FIELD_NUMBER] = ORDER_NO,
	[LEDGER_FIELD_DISTRIBUTOR] = ORDER_DISTRIBUTOR,
	[LEDGER_FIELD_DATE] = ORDER_DATE,
	[LEDGER_FIELD_SHIP_DATE] = ORDER_SHIP_DATE,
	[LEDGER_FIELD_STATUS] = ORDER_STATUS,
	[LEDGER_FIELD_TERRITORY] = ORDER_SHIP_TERRITORY,
	[LEDGER_FIELD_PRODUCT] = ORDER_PRODUCT,
	[LEDGER_FIELD_QUANTITY] = ORDER_QUANTITY,
	[LEDGER_FIELD_PRICE] = ORDER_PRICE,
	[LEDGER_FIELD_AMOUNT] = ORDER_PRICE,
};

/* Refuses the order with the database's error, at the line and column it
 * names. */
static enum import_outcome order_db_reject(struct import_run *run,
					   const struct import_row *const *rows, int n)
{
	int f = db_errfield(import_db(run));
	int line = f >= 100 ? f / 100 - 1 : 0;
	f = f >= 100 ? f % 100 : f;
	if (line >= n)
		line = 0;
	int col = ledger_col(f, order_cols, (int)(sizeof order_cols / sizeof order_cols[0]));
	/* A ship date the file has no column for: the status that asks for
	 * it is where the row goes wrong. */
	if (col == ORDER_SHIP_DATE && !rows[line]->has[col])
		col = ORDER_STATUS;
	qd_db *db = import_db(run);
	qd_rc rc = db_errcode(db);
	if (rc != DB_INVALID && rc != DB_NOTFOUND)
		return import_db_reject(run, rows[line], col);
	/* The file's line is named already: not also the order's. */
	return import_reject(run, rows[line], col, "%s", db_order_line_reason(db));
}

/* An order already there: the same one again is skipped; with --update a
 * new status (and ship date) moves it on as the rules allow; anything else
 * is refused. */
static enum import_outcome order_again(struct import_run *run, const struct import_row *const *rows,
				       int n, const struct order *o)
{
	qd_db *db = import_db(run);
	struct order old;
	if (db_order_find(db, o->order_no, &old))
		return import_db_reject(run, rows[0], -1);
	/* (Lines past the ledger's limits match no order: their total is not
	 * computed, so it cannot overflow.) */
	int64_t total = 0;
	for (int i = 0; i < o->nlines && total >= 0; i++) {
		const struct order_line *l = &o->lines[i];
		if (l->quantity <= 0 || l->unit_price_fen < 0 ||
		    l->unit_price_fen > LEDGER_AMOUNT_MAX_FEN / l->quantity)
			total = -1;
		else
			total += l->quantity * l->unit_price_fen;
	}
	bool shipped = !strcmp(o->status, "shipped") || !strcmp(o->status, "delivered");
	bool same_body = old.distributor_id == o->distributor_id &&
			 !date_cmp(old.order_date, o->order_date) && old.total_fen == total &&
			 old.nlines == n &&
			 (!o->ship_territory_id || old.ship_territory_id == o->ship_territory_id);
	bool same_state = !strcmp(old.status, o->status) &&
			  (!shipped || !date_cmp(old.ship_date, o->ship_date));
	if (same_body && same_state)
		return IMPORT_SKIPPED;
	/* What differs, at its column: the user fixes the file, or sees the
	 * number was used twice. */
	char day[DATE_BUF], was[MONEY_BUF], now[MONEY_BUF];
	if (old.distributor_id != o->distributor_id)
		return import_reject(run, rows[0], ORDER_DISTRIBUTOR,
				     _("order %s is already in the database for another "
				       "distributor; an order is not changed by import, only its "
				       "status."),
				     old.order_no);
	if (date_cmp(old.order_date, o->order_date))
		return import_reject(
			run, rows[0], ORDER_DATE,
			_("order %s is already in the database with the order date %s; "
			  "an order is not changed by import, only its status."),
			old.order_no, date_format(old.order_date, day));
	if (!same_body && old.nlines == n && old.total_fen == total)
		return import_reject(run, rows[0], ORDER_SHIP_TERRITORY,
				     _("order %s is already in the database shipped to another "
				       "territory; an order is not changed by import, only its "
				       "status."),
				     old.order_no);
	if (!same_body) {
		/* Each count with its own plural: "1 line", "1 line (line 8)". */
		char stored[64], here[96];
		snprintf(stored, sizeof stored,
			 ngettext("%d line", "%d lines", (unsigned long)old.nlines), old.nlines);
		if (n == 1)
			snprintf(here, sizeof here, _("1 line (line %ld)"), rows[0]->line);
		else
			snprintf(here, sizeof here, _("%d lines (lines %ld to %ld)"), n,
				 rows[0]->line, rows[n - 1]->line);
		return import_reject(run, rows[0], ORDER_NO,
				     _("order %s is already in the database with %s coming to %s; "
				       "in this file it has %s coming to %s. An order is not "
				       "changed by import, only its status."),
				     old.order_no, stored, money_format(old.total_fen, was), here,
				     total < 0 ? "-" : money_format(total, now));
	}
	/* Named as the database spells it (the file's so-1 is its SO-1). */
	if (!import_updating(run))
		return import_reject(run, rows[0], ORDER_NO,
				     _("%s is already in the database with other values; give "
				       "--update to change it."),
				     old.order_no);
	qd_rc rc = db_order_set_status(db, old.id, o->status, o->ship_date);
	return rc ? order_db_reject(run, rows, n) : IMPORT_UPDATED;
}

/* Whether a line's value of one of the order's own columns is the first
 * line's: the same text, or the same status or date written another way
 * ("已发货" and "shipped", 2026/11/27 and 2026-11-27). */
static bool order_heads_agree(const char *a, const char *b, int col)
{
	if (!strcmp(a, b))
		return true;
	if (!*a || !*b)
		return false;
	if (col == ORDER_STATUS) {
		int i = columns_label(&labels_order_status, a);
		return i >= 0 && i == columns_label(&labels_order_status, b);
	}
	/* Codes as they are matched: in any case (full-width forms are
	 * folded when read). */
	if (col == ORDER_DISTRIBUTOR || col == ORDER_SHIP_TERRITORY)
		return !strcasecmp(a, b);
	qd_date x, y;
	return (col == ORDER_DATE || col == ORDER_SHIP_DATE) && date_parse_any(a, &x) == 0 &&
	       date_parse_any(b, &y) == 0 && date_cmp(x, y) == 0;
}

static enum import_outcome order_record(struct import_run *run,
					const struct import_row *const *rows, int n)
{
	const struct import_row *head = rows[0];
	struct order o;
	memset(&o, 0, sizeof o);
	bool fatal;
	if (!row_text(run, head, ORDER_NO, o.order_no, sizeof o.order_no))
		return R;
	/* Every line repeats the order's own columns; they must agree. */
	static const int heads[] = { ORDER_DISTRIBUTOR, ORDER_DATE, ORDER_STATUS, ORDER_SHIP_DATE,
				     ORDER_SHIP_TERRITORY };
	/* Each disagreement said, not the first alone (a line with another
	 * distributor, date and status said only the distributor). */
	bool heads_agree = true;
	for (int i = 1; i < n; i++)
		for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
			int col = heads[k];
			const char *v = rows[i]->v[col];
			if (order_heads_agree(v, head->v[col], col))
				continue;
			/* The first line's own value at fault is said below, as
			 * such ("2026-11-03" differs from a first line's
			 * "2026-13-03" said nothing of the 13th month). */
			int status;
			qd_date d;
			const char *first = head->v[col];
			if ((col == ORDER_STATUS && *first &&
			     columns_label(&labels_order_status, first) < 0) ||
			    ((col == ORDER_DATE || col == ORDER_SHIP_DATE) && *first &&
			     (date_parse_any(first, &d) || !date_in_range(d))))
				continue;
			/* A value no line could hold is said as such ("weird"
			 * was only said to differ from "delivered"). */
			heads_agree = false;
			if (col == ORDER_STATUS && *v &&
			    !row_label(run, rows[i], col, &labels_order_status, &status))
				continue;
			if ((col == ORDER_DATE || col == ORDER_SHIP_DATE) && *v &&
			    !row_date(run, rows[i], col, &d))
				continue;
			if (!*v)
				import_reject(
					run, rows[i], col,
					_("empty, where the order's first line (line %ld) has "
					  "\"%s\"; an order's lines share it."),
					head->line, head->v[col]);
			else
				import_reject(run, rows[i], col,
					      _("\"%s\" differs from \"%s\" on the order's first "
						"line (line %ld); an order's lines share it."),
					      v, head->v[col], head->line);
		}
	/* Every column at fault is said, on every line, not only the first;
	 * lines that disagree too (a quantity 0 was said only once the
	 * distributor was put right). */
	enum import_outcome out = IMPORT_INSERTED;
	int found = row_distributor(run, head, ORDER_DISTRIBUTOR, &o.distributor_id, &out);
	if (found < 0)
		return out;
	bool ok = found > 0 && heads_agree;
	ok &= row_date(run, head, ORDER_DATE, &o.order_date);
	int status = 0;
	if (row_label(run, head, ORDER_STATUS, &labels_order_status, &status))
		snprintf(o.status, sizeof o.status, "%s", labels_order_status.codes[status]);
	else
		ok = false;
	if (*head->v[ORDER_SHIP_DATE] && !row_date(run, head, ORDER_SHIP_DATE, &o.ship_date))
		ok = false;
	else if (ok && *head->v[ORDER_SHIP_DATE] && strcmp(o.status, "shipped") &&
		 strcmp(o.status, "delivered"))
		import_ship_date_dropped(run, head);
	int64_t ship = row_ref(run, head, ORDER_SHIP_TERRITORY, import_territory_id,
			       _("there is no territory with the code \"%s\"."), &fatal);
	if (ship < 0 && fatal)
		return import_db_reject(run, head, -1);
	if (ship < 0)
		ok = false;
	else
		o.ship_territory_id = ship;
	struct order_line small[16] = { 0 };
	struct order_line *lines = n <= 16 ? small : xcalloc((size_t)n, sizeof *lines);
	for (int i = 0; i < n && out == IMPORT_INSERTED; i++) {
		const struct import_row *row = rows[i];
		int64_t p = row_ref(run, row, ORDER_PRODUCT, import_product_id,
				    _("there is no product with the code \"%s\"."), &fatal);
		if (p < 0 && fatal) {
			out = import_db_reject(run, row, -1);
			break;
		}
		if (p == 0)
			import_reject(run, row, ORDER_PRODUCT, "%s", _("the product is required."));
		ok &= p > 0;
		ok &= row_int(run, row, ORDER_QUANTITY, 1, 100000000, &lines[i].quantity);
		bool priced = row_money(run, row, ORDER_PRICE, &lines[i].unit_price_fen);
		/* The rule's limit, said with the line's other faults (the
		 * rule says it only when they are gone). */
		if (priced && lines[i].unit_price_fen > LEDGER_PRICE_MAX_FEN) {
			import_reject(run, row, ORDER_PRICE, "%s",
				      _("a price is at most ¥1,000,000,000.00 a unit."));
			priced = false;
		}
		ok &= priced;
		lines[i].product_id = p;
	}
	if (out == IMPORT_INSERTED && !ok)
		out = R;
	if (out == IMPORT_INSERTED) {
		o.lines = lines;
		o.nlines = n;
		qd_db *db = import_db(run);
		qd_rc rc = db_order_add(db, &o);
		if (rc == DB_DUPLICATE && db_errfield(db) == LEDGER_FIELD_NUMBER)
			out = order_again(run, rows, n, &o);
		else if (rc)
			out = order_db_reject(run, rows, n);
	}
	if (lines != small)
		free(lines);
	return out;
}

static void order_key(const struct import_row *row, char *buf, size_t size)
{
	snprintf(buf, size, "%s", row->v[ORDER_NO]);
}

static const int payment_cols[] = {
	[LEDGER_FIELD_NONE] = -1,
	[LEDGER_FIELD_NUMBER] = PAY_INVOICE,
	[LEDGER_FIELD_DISTRIBUTOR] = PAY_DISTRIBUTOR,
	[LEDGER_FIELD_DATE] = PAY_DATE,
	[LEDGER_FIELD_SHIP_DATE] = -1,
	[LEDGER_FIELD_STATUS] = -1,
	[LEDGER_FIELD_TERRITORY] = -1,
	[LEDGER_FIELD_PRODUCT] = -1,
	[LEDGER_FIELD_QUANTITY] = -1,
	[LEDGER_FIELD_PRICE] = -1,
	[LEDGER_FIELD_AMOUNT] = PAY_AMOUNT,
	[LEDGER_FIELD_INVOICE] = PAY_INVOICE,
	[LEDGER_FIELD_KIND] = -1,
	[LEDGER_FIELD_SEVERITY] = -1,
	[LEDGER_FIELD_TEXT] = PAY_REFERENCE,
};

static enum import_outcome payment_record(struct import_run *run,
					  const struct import_row *const *rows, int n)
{
	(void)n;
	const struct import_row *row = rows[0];
	qd_db *db = import_db(run);
	struct payment p;
	memset(&p, 0, sizeof p);
	enum import_outcome failed;
	/* Every column at fault is said, not only the first. */
	int found = row_distributor(run, row, PAY_DISTRIBUTOR, &p.distributor_id, &failed);
	if (found < 0)
		return failed;
	bool ok = found > 0;
	ok &= row_date(run, row, PAY_DATE, &p.paid_on);
	ok &= row_money(run, row, PAY_AMOUNT, &p.amount_fen);
	ok &= row_text(run, row, PAY_REFERENCE, p.reference, sizeof p.reference);
	ok &= row_text(run, row, PAY_INVOICE, p.invoice_no, sizeof p.invoice_no);
	if (!ok)
		return R;
	/* A payment with a reference recorded before is the same payment. */
	int64_t had;
	if (p.reference[0]) {
		qd_rc rc = db_payment_find(db, &p, &had);
		if (rc == DB_OK)
			return IMPORT_SKIPPED;
		if (rc != DB_NOTFOUND)
			return import_db_reject(run, row, -1);
	}
	/* Without one, two alike may both be real (two transfers of the same
	 * amount one day): the k-th row alike in the file is the k-th payment
	 * alike there was before the import, so the same file imported twice
	 * adds nothing the second time. */
	int64_t *seen = NULL, *added = NULL;
	if (!p.reference[0]) {
		/* (The invoice in any case: inv-7 is INV-7.) */
		char key[200], day[DATE_BUF];
		snprintf(key, sizeof key, "%lld|%s|%lld|%s", (long long)p.distributor_id,
			 date_format(p.paid_on, day), (long long)p.amount_fen, p.invoice_no);
		for (char *c = strrchr(key, '|') + 1; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		seen = import_tally(run, key);
		char key2[210];
		snprintf(key2, sizeof key2, "%s|added", key);
		added = import_tally(run, key2);
		int64_t there;
		if (db_payment_count(db, &p, &there))
			return import_db_reject(run, row, -1);
		if (++*seen <= there - *added)
			return IMPORT_SKIPPED;
	}
	qd_rc rc = db_payment_add(db, &p);
	if (!rc && added)
		++*added;
	return rc ? import_db_reject(
			    run, row,
			    ledger_col(db_errfield(db), payment_cols,
				       (int)(sizeof payment_cols / sizeof payment_cols[0])))
		  : IMPORT_INSERTED;
}

/* ---- visits ---- */

/* A visit as the file gives it, over what the database holds (a column the
 * file lacks keeps the stored value, or a new visit's default). */
struct vis_want {
	int64_t distributor_id, rep_id;
	qd_date day;
	int minutes;
	int status, purpose, objective_kind; /* indexes in their label sets */
	int64_t objective_fen;
	const char *objective;
	int met, rating; /* -1: not said */
	bool done_given; /* the file says when it was done */
	qd_date done_day;
	int done_minutes;
	const char *reason, *summary, *note;
	int64_t order_id;
};

static const int vis_field_cols[] = {
	[VISIT_FIELD_NONE] = -1,
	[VISIT_FIELD_DISTRIBUTOR] = VCOL_DISTRIBUTOR,
	[VISIT_FIELD_REP] = VCOL_REP,
	[VISIT_FIELD_WHEN] = VCOL_DATE,
	[VISIT_FIELD_PURPOSE] = VCOL_PURPOSE,
	[VISIT_FIELD_OBJECTIVE] = VCOL_OBJECTIVE_KIND,
	[VISIT_FIELD_STATUS] = VCOL_STATUS,
	[VISIT_FIELD_REASON] = VCOL_REASON,
	[VISIT_FIELD_NOTE] = VCOL_COACHING,
	[VISIT_FIELD_PREP] = -1,
	[VISIT_FIELD_SUMMARY] = VCOL_SUMMARY,
	[VISIT_FIELD_COMPETITOR] = -1,
	[VISIT_FIELD_RATING] = VCOL_DISPLAY,
	[VISIT_FIELD_CONTACT] = -1,
	[VISIT_FIELD_PHONE] = -1,
	[VISIT_FIELD_COUNT] = -1,
	[VISIT_FIELD_SHELF] = -1,
	[VISIT_FIELD_ORDER] = VCOL_ORDER,
	[VISIT_FIELD_ISSUE] = -1,
};

static bool vis_has_amount(int kind)
{
	return visit_objective_has_amount(labels_visit_objective.codes[kind]);
}

static bool vis_has_text(int kind)
{
	return visit_objective_has_words(labels_visit_objective.codes[kind]);
}

/* The column a write's VISIT_FIELD_* is about; recording, a time is the
 * done time when the file gives one. */
static int vis_col(qd_db *db, const struct import_row *row, bool recording,
		   const struct vis_want *w)
{
	int f = db_errfield(db) % 100;
	int col = f >= 0 && f < (int)(sizeof vis_field_cols / sizeof vis_field_cols[0])
			  ? vis_field_cols[f]
			  : -1;
	if (recording && col == VCOL_DATE && w->done_given)
		return VCOL_DONE_AT;
	/* The objective's fault is in its amount or its words, as the file
	 * gives them (its kind was read before). */
	if (col == VCOL_OBJECTIVE_KIND) {
		bool amount = vis_has_amount(w->objective_kind) &&
			      (w->objective_fen <= 0 || w->objective_fen > VISIT_OBJECTIVE_MAX_FEN);
		int at = amount				   ? VCOL_OBJECTIVE_AMOUNT
			 : vis_has_text(w->objective_kind) ? VCOL_OBJECTIVE
							   : -1;
		if (at >= 0 && row->has[at])
			return at;
	}
	return col;
}

/* The visit's key in the file: its id, else its distributor, day and time. */
static void vis_key(const struct import_row *row, char *buf, size_t size)
{
	qd_date d;
	int m;
	char day[DATE_BUF];
	if (*row->v[VCOL_ID])
		snprintf(buf, size, "%s", row->v[VCOL_ID]);
	else if (date_parse_any(row->v[VCOL_DATE], &d) == 0 &&
		 date_parse_time(row->v[VCOL_TIME], &m) == 0)
		snprintf(buf, size, "%s %s %02d:%02d", row->v[VCOL_DISTRIBUTOR],
			 date_format(d, day), m / 60, m % 60);
	else
		snprintf(buf, size, "%s %s %s", row->v[VCOL_DISTRIBUTOR], row->v[VCOL_DATE],
			 row->v[VCOL_TIME]);
}

/* A text column of at most max characters into *dst (when the file has
 * it). */
static bool vis_text(struct import_run *run, const struct import_row *row, int col, int max,
		     const char **dst)
{
	if (!row->has[col])
		return true;
	if (!row_chars(run, row, col, max))
		return false;
	*dst = row->v[col];
	return true;
}

/* The file's values over w (the stored visit, or a new one's defaults).
 * false when a value is refused: every column at fault is said, then (when
 * all were read and with_parts) what the status holds; *fatal when the
 * database failed. */
static bool vis_read(struct import_run *run, const struct import_row *row, struct vis_want *w,
		     bool with_parts, bool *fatal)
{
	*fatal = false;
	bool ok = true;
	if (row->has[VCOL_STATUS])
		ok &= row_label(run, row, VCOL_STATUS, &labels_visit_status, &w->status);
	if (row->has[VCOL_PURPOSE])
		ok &= row_label(run, row, VCOL_PURPOSE, &labels_visit_purpose, &w->purpose);
	if (row->has[VCOL_OBJECTIVE_KIND])
		ok &= row_label(run, row, VCOL_OBJECTIVE_KIND, &labels_visit_objective,
				&w->objective_kind);
	if (row->has[VCOL_OBJECTIVE_AMOUNT])
		ok &= row_money(run, row, VCOL_OBJECTIVE_AMOUNT, &w->objective_fen);
	ok &= vis_text(run, row, VCOL_OBJECTIVE, VISIT_OBJECTIVE_MAX, &w->objective);
	/* What the kind of objective does not hold is refused, not dropped
	 * without a word (an amount of a listing, a SKU with no kind). */
	bool amount_given = row->has[VCOL_OBJECTIVE_AMOUNT] && *row->v[VCOL_OBJECTIVE_AMOUNT];
	bool words_given = row->has[VCOL_OBJECTIVE] && *row->v[VCOL_OBJECTIVE];
	/* The kind as the file may give it: its code, in Chinese with its
	 * name (铺货产品（listing）). */
	char kind[96];
	columns_words(labels_visit_objective.codes, labels_visit_objective.labels,
		      w->objective_kind, w->objective_kind + 1, false, kind, sizeof kind);
	if (ok && amount_given && !vis_has_amount(w->objective_kind)) {
		import_reject(run, row, VCOL_OBJECTIVE_AMOUNT,
			      _("an objective of the kind %s has no amount; leave it empty, or "
				"make the kind order or collect."),
			      kind);
		ok = false;
	} else if (ok && amount_given && w->objective_fen <= 0) {
		import_reject(run, row, VCOL_OBJECTIVE_AMOUNT, "%s",
			      _("an objective amount is more than 0."));
		ok = false;
	}
	if (ok && words_given && !vis_has_text(w->objective_kind)) {
		import_reject(run, row, VCOL_OBJECTIVE,
			      _("an objective of the kind %s has no words; leave it empty, or "
				"make the kind listing (a product's SKU) or other."),
			      kind);
		ok = false;
	}
	if (row->has[VCOL_OBJECTIVE_MET]) {
		bool met = false;
		if (!*row->v[VCOL_OBJECTIVE_MET])
			w->met = -1;
		else if (!row_bool(run, row, VCOL_OBJECTIVE_MET, &met))
			ok = false;
		else
			w->met = met;
	}
	if (row->has[VCOL_DISPLAY]) {
		int64_t rating = -1;
		if (*row->v[VCOL_DISPLAY] &&
		    !row_int(run, row, VCOL_DISPLAY, 0, VISIT_RATING_MAX, &rating))
			ok = false;
		else
			w->rating = (int)rating;
	}
	if (*row->v[VCOL_DONE_AT]) {
		if (date_parse_datetime_any(row->v[VCOL_DONE_AT], &w->done_day, &w->done_minutes) ||
		    !date_in_range(w->done_day)) {
			import_reject(run, row, VCOL_DONE_AT,
				      _("\"%s\" is not a date and time: write 2026-11-27T09:30."),
				      row->v[VCOL_DONE_AT]);
			ok = false;
		} else {
			w->done_given = true;
		}
	}
	ok &= vis_text(run, row, VCOL_REASON, VISIT_REASON_MAX, &w->reason);
	ok &= vis_text(run, row, VCOL_SUMMARY, VISIT_SUMMARY_MAX, &w->summary);
	ok &= vis_text(run, row, VCOL_COACHING, VISIT_NOTES_MAX, &w->note);
	if (row->has[VCOL_ORDER]) {
		w->order_id = 0;
		if (*row->v[VCOL_ORDER]) {
			struct order o;
			qd_rc rc = db_order_find(import_db(run), row->v[VCOL_ORDER], &o);
			if (rc == DB_NOTFOUND) {
				import_reject(run, row, VCOL_ORDER,
					      _("there is no order with the number \"%s\"; import "
						"the orders first."),
					      row->v[VCOL_ORDER]);
				ok = false;
			} else if (rc) {
				*fatal = true;
				return false;
			} else {
				w->order_id = o.id;
			}
		}
	}
	if (!ok || !with_parts)
		return ok;
	/* What the status holds, by the rule of the record and close forms. */
	unsigned parts =
		(*w->summary ? VISIT_PART_SUMMARY : 0) | (w->rating >= 0 ? VISIT_PART_RATING : 0) |
		(w->met >= 0 ? VISIT_PART_MET : 0) | (w->done_given ? VISIT_PART_DONE_AT : 0) |
		(w->order_id ? VISIT_PART_ORDER : 0) | (*w->reason ? VISIT_PART_REASON : 0);
	unsigned bad;
	const char *why = visit_parts_check(labels_visit_status.codes[w->status], parts, &bad);
	if (why) {
		int col = bad == VISIT_PART_SUMMARY   ? VCOL_SUMMARY
			  : bad == VISIT_PART_RATING  ? VCOL_DISPLAY
			  : bad == VISIT_PART_MET     ? VCOL_OBJECTIVE_MET
			  : bad == VISIT_PART_DONE_AT ? VCOL_DONE_AT
			  : bad == VISIT_PART_ORDER   ? VCOL_ORDER
						      : VCOL_REASON;
		import_reject(run, row, row->has[col] ? col : VCOL_STATUS, "%s", _(why));
		return false;
	}
	return true;
}

/* The stored visit as a want, to start from. */
static void vis_from(const struct visit *v, struct vis_want *w)
{
	memset(w, 0, sizeof *w);
	w->distributor_id = v->distributor_id;
	w->rep_id = v->rep_id;
	w->day = v->day;
	w->minutes = v->minutes;
	w->status = label_index(&labels_visit_status, v->status);
	w->purpose = label_index(&labels_visit_purpose, v->purpose);
	w->objective_kind = label_index(&labels_visit_objective, v->objective_kind);
	w->status = w->status < 0 ? 0 : w->status;
	w->purpose = w->purpose < 0 ? 0 : w->purpose;
	w->objective_kind = w->objective_kind < 0 ? 0 : w->objective_kind;
	w->objective_fen = v->objective_fen;
	w->objective = v->objective;
	w->met = v->objective_met;
	w->rating = v->rating;
	w->reason = v->reason;
	w->summary = v->summary;
	w->note = v->coaching_note;
	w->order_id = v->order_id;
}

/* Does the plan (who, when, why) of w differ from the stored one? */
static int vis_plan_differs(const struct vis_want *w, const struct visit *v)
{
	int64_t fen = vis_has_amount(w->objective_kind) ? w->objective_fen : 0;
	const char *text = vis_has_text(w->objective_kind) ? w->objective : "";
	if (w->rep_id != v->rep_id)
		return VCOL_REP;
	if (date_cmp(w->day, v->day))
		return VCOL_DATE;
	if (w->minutes != v->minutes)
		return VCOL_TIME;
	if (strcmp(labels_visit_purpose.codes[w->purpose], v->purpose))
		return VCOL_PURPOSE;
	if (strcmp(labels_visit_objective.codes[w->objective_kind], v->objective_kind))
		return VCOL_OBJECTIVE_KIND;
	if (fen != v->objective_fen)
		return VCOL_OBJECTIVE_AMOUNT;
	if (strcmp(text, v->objective))
		return VCOL_OBJECTIVE;
	return -1;
}

/* The first column in which w differs from the stored visit, or -1; the
 * coaching note only with_note. */
static int vis_differs(const struct vis_want *w, const struct visit *v, bool with_note)
{
	int col = vis_plan_differs(w, v);
	if (col >= 0)
		return col;
	if (strcmp(labels_visit_status.codes[w->status], v->status))
		return VCOL_STATUS;
	if (w->met != v->objective_met)
		return VCOL_OBJECTIVE_MET;
	if (w->rating != v->rating)
		return VCOL_DISPLAY;
	if (w->done_given) {
		char at[DATETIME_BUF];
		if (strcmp(date_format_datetime(w->done_day, w->done_minutes, at), v->done_at))
			return VCOL_DONE_AT;
	}
	if (strcmp(w->reason, v->reason))
		return VCOL_REASON;
	if (strcmp(w->summary, v->summary))
		return VCOL_SUMMARY;
	if (w->order_id != v->order_id)
		return VCOL_ORDER;
	if (with_note && strcmp(w->note, v->coaching_note))
		return VCOL_COACHING;
	return -1;
}

/* Writes w through the calendar's write functions, in a savepoint: the
 * plan (new, or changed), then the status it comes to (confirmed, done,
 * missed or cancelled), then the coaching note. old: the stored visit, or
 * NULL; id: a new visit's id from the file, or 0. */
static enum import_outcome vis_write(struct import_run *run, const struct import_row *row,
				     const struct vis_want *w, const struct visit *old, int64_t id)
{
	qd_db *db = import_db(run);
	const char *who = import_who(run);
	const char *status = labels_visit_status.codes[w->status];
	const char *was = old ? old->status : "planned";
	qd_rc rc = db_write_begin(db);
	if (rc)
		return import_db_reject(run, row, -1);
	int64_t vid = old ? old->id : 0, version = old ? old->version : 0;
	bool recording = false;
	if (!old || vis_plan_differs(w, old) >= 0) {
		struct visit_plan p;
		memset(&p, 0, sizeof p);
		p.id = vid;
		p.version = version;
		p.new_id = old ? 0 : id;
		p.distributor_id = w->distributor_id;
		p.rep_id = w->rep_id;
		p.day = w->day;
		p.minutes = w->minutes;
		text_copy(p.purpose, sizeof p.purpose, labels_visit_purpose.codes[w->purpose]);
		text_copy(p.objective_kind, sizeof p.objective_kind,
			  labels_visit_objective.codes[w->objective_kind]);
		p.objective_fen = w->objective_fen;
		text_copy(p.objective, sizeof p.objective, w->objective);
		rc = db_visit_plan_save(db, &p);
		vid = p.id;
		version = p.version;
	}
	if (!rc && strcmp(status, was)) {
		if (!strcmp(status, "confirmed")) {
			rc = db_visit_confirm_one(db, vid, &version);
		} else if (!strcmp(status, "done")) {
			struct visit_record r;
			memset(&r, 0, sizeof r);
			r.id = vid;
			r.version = version;
			r.day = w->done_given ? w->done_day : w->day;
			r.minutes = w->done_given ? w->done_minutes : w->minutes;
			r.summary = w->summary;
			r.rating = w->rating;
			r.objective_met = w->met;
			r.taken_order_id = w->order_id;
			recording = true;
			rc = db_visit_record(db, &r, date_today(), who);
			version = r.version;
		} else if (!strcmp(status, "missed") || !strcmp(status, "cancelled")) {
			rc = db_visit_close(db, vid, version, status, w->reason, date_today(), who);
			version += !rc;
		}
	}
	if (!rc && strcmp(w->note, old ? old->coaching_note : ""))
		rc = db_visit_coach(db, vid, version, w->note, who);
	return row_end(run, row, rc, rc ? vis_col(db, row, recording, w) : -1,
		       old ? IMPORT_UPDATED : IMPORT_INSERTED);
}

/* The ids a spreadsheet would show as id, rounding to 15 significant
 * digits (Excel keeps no more; visit ids have 18 or 19): *lo to *hi. False
 * when id is not such a rounding (15 digits or fewer, or not ending in
 * the zeros it leaves). */
static bool vis_rounded_from(int64_t id, int64_t *lo, int64_t *hi)
{
	int64_t unit = 1;
	for (int64_t v = id; v >= INT64_C(1000000000000000); v /= 10)
		unit *= 10;
	if (unit == 1 || id % unit)
		return false;
	*lo = id - unit / 2;
	*hi = id > INT64_MAX - unit / 2 ? INT64_MAX : id + (unit / 2 - 1);
	return true;
}

/* Whether a visit with an id not in the database may be added: not when
 * the id is one a spreadsheet rounded from a visit's (Excel keeps 15
 * digits), which would add that visit again, moved or not; nor when the
 * rep already has a visit of the distributor at that day and time. *out
 * gets the rejection. */
static bool vis_id_new(struct import_run *run, const struct import_row *row, int64_t id,
		       int64_t dist, int64_t rep, qd_date day, int minutes,
		       enum import_outcome *out)
{
	qd_db *db = import_db(run);
	int64_t lo, hi, other = 0;
	qd_rc rc = DB_NOTFOUND;
	if (vis_rounded_from(id, &lo, &hi)) {
		rc = db_visit_in_range(db, lo, hi, &other);
		if (rc == DB_OK) {
			*out = import_reject(
				run, row, VCOL_ID,
				_("no visit has the id %lld, but the visit %lld "
				  "rounds to it: a spreadsheet rounded the id. Keep the "
				  "id column as text, or leave it empty to match by "
				  "distributor, day and time."),
				(long long)id, (long long)other);
			return false;
		}
	}
	if (rc == DB_NOTFOUND)
		rc = db_visit_find(db, dist, day, minutes, &other);
	if (rc == DB_NOTFOUND)
		return true;
	struct visit *v = xmalloc(sizeof *v);
	if (!rc)
		rc = db_visit_get(db, other, v);
	bool same_rep = !rc && v->rep_id == rep;
	free(v);
	if (rc && rc != DB_NOTFOUND) {
		*out = import_db_reject(run, row, -1);
		return false;
	}
	if (!same_rep)
		return true;
	char key[256], on[DATE_BUF];
	snprintf(key, sizeof key, "%s %s %02d:%02d", row->v[VCOL_DISTRIBUTOR], date_format(day, on),
		 minutes / 60, minutes % 60);
	*out = import_reject(run, row, VCOL_ID,
			     _("no visit has the id %lld, but the visit of %s is there with the "
			       "id %lld. Give its id, or leave the id empty to match by "
			       "distributor, day and time."),
			     (long long)id, key, (long long)other);
	return false;
}

static enum import_outcome vis_record(struct import_run *run, const struct import_row *const *rows,
				      int n)
{
	(void)n;
	const struct import_row *row = rows[0];
	qd_db *db = import_db(run);
	bool fatal;
	int64_t id = 0;
	if (strstr(row->v[VCOL_ID], "E+") || strstr(row->v[VCOL_ID], "e+"))
		return import_reject(
			run, row, VCOL_ID,
			_("\"%s\" is an id a spreadsheet shortened: keep the id column "
			  "as text, or leave it empty to match by distributor, day and "
			  "time."),
			row->v[VCOL_ID]);
	/* Every column at fault is said, not only the first: the visit's
	 * own, then the others as the file writes them. */
	bool ok = !*row->v[VCOL_ID] || row_int(run, row, VCOL_ID, 1, INT64_MAX, &id);
	int64_t dist, rep;
	enum import_outcome failed;
	int found_dist = row_distributor(run, row, VCOL_DISTRIBUTOR, &dist, &failed);
	if (found_dist < 0)
		return failed;
	int found_rep = row_required_ref(run, row, VCOL_REP, import_rep_id,
					 _("there is no rep with the code \"%s\"."),
					 _("the rep is required."), &rep, &failed);
	if (found_rep < 0)
		return failed;
	ok &= found_dist > 0 && found_rep > 0;
	qd_date day;
	int minutes;
	ok &= row_date(run, row, VCOL_DATE, &day);
	if (!*row->v[VCOL_TIME]) {
		import_reject(run, row, VCOL_TIME, "%s",
			      _("a time of day is required here: write 09:30."));
		ok = false;
	} else if (date_parse_time(row->v[VCOL_TIME], &minutes)) {
		import_reject(run, row, VCOL_TIME, _("\"%s\" is not a time of day: write 09:30."),
			      row->v[VCOL_TIME]);
		ok = false;
	}
	if (!ok) {
		struct vis_want scratch;
		memset(&scratch, 0, sizeof scratch);
		scratch.objective = scratch.reason = scratch.summary = scratch.note = "";
		scratch.met = scratch.rating = -1;
		vis_read(run, row, &scratch, false, &fatal);
		return fatal ? import_db_reject(run, row, -1) : R;
	}
	/* The visit there: by its id, else by its distributor, day and time. */
	int64_t there = id;
	qd_rc rc = id ? DB_OK : db_visit_find(db, dist, day, minutes, &there);
	struct visit *old = xmalloc(sizeof *old);
	if (!rc)
		rc = db_visit_get(db, there, old);
	enum import_outcome out = R;
	if (rc && rc != DB_NOTFOUND) {
		out = import_db_reject(run, row, -1);
		goto done;
	}
	bool found = rc == DB_OK;
	if (!found && id && !vis_id_new(run, row, id, dist, rep, day, minutes, &out))
		goto done;
	struct vis_want w;
	if (found) {
		vis_from(old, &w);
	} else {
		memset(&w, 0, sizeof w);
		w.objective = w.reason = w.summary = w.note = "";
		w.met = w.rating = -1;
	}
	w.distributor_id = dist;
	w.rep_id = rep;
	w.day = day;
	w.minutes = minutes;
	if (!vis_read(run, row, &w, true, &fatal)) {
		out = fatal ? import_db_reject(run, row, -1) : R;
		goto done;
	}
	if (!found) {
		out = vis_write(run, row, &w, NULL, id);
		goto done;
	}
	if (old->distributor_id != dist) {
		out = import_reject(run, row, VCOL_DISTRIBUTOR, "%s",
				    _("A visit stays with its distributor; plan a new one "
				      "instead."));
		goto done;
	}
	if (vis_differs(&w, old, true) < 0) {
		out = IMPORT_SKIPPED;
		goto done;
	}
	char key[256];
	vis_key(row, key, sizeof key);
	if (!import_updating(run)) {
		out = import_reject(run, row, id ? VCOL_ID : VCOL_DATE,
				    _("the visit %s is already in the database with other values; "
				      "give --update to change it."),
				    key);
		goto done;
	}
	/* A visit done, missed or cancelled keeps what it recorded. */
	bool open = !strcmp(old->status, "planned") || !strcmp(old->status, "confirmed");
	int col = open ? -1 : vis_differs(&w, old, false);
	if (open && !strcmp(old->status, "confirmed") && w.status == 0) {
		out = import_reject(run, row, VCOL_STATUS, "%s",
				    _("A visit confirmed is not planned again; cancel it with a "
				      "reason instead."));
		goto done;
	}
	if (col >= 0) {
		out = import_reject(run, row, row->has[col] ? col : VCOL_STATUS,
				    _("the visit %s is %s: an import changes only its coaching "
				      "note."),
				    key, _(label_of(&labels_visit_status, old->status)));
		goto done;
	}
	out = vis_write(run, row, &w, old, 0);
done:
	free(old);
	return out;
}

/* ---- the table ---- */

static void code_key(const struct import_row *row, char *buf, size_t size)
{
	snprintf(buf, size, "%s", row->v[0]);
}

static const struct import_kind import_regions = { .cols = &columns_regions,
						   .group = -1,
						   .record = region_record,
						   .key = code_key,
						   .partial = true };
/* (Optional columns: a row that fills one needs what it names.) */
/* TRANSLATORS: what the database has none of, in "the database has no
 * regions yet": the kinds of records, as named elsewhere. */
static const struct import_need needs_territories[] = { { "regions", N_("regions"), TERR_REGION },
							{ NULL, NULL, 0 } };
static const struct import_kind import_territories = { .cols = &columns_territories,
						       .group = -1,
						       .record = territory_record,
						       .key = code_key,
						       .partial = true,
						       .needs = needs_territories };
static const struct import_need needs_reps[] = { { "regions", N_("regions"), REP_REGION },
						 { "territories", N_("territories"),
						   REP_TERRITORIES },
						 { NULL, NULL, 0 } };
static const struct import_kind import_reps = { .cols = &columns_reps,
						.group = -1,
						.record = rep_record,
						.key = code_key,
						.partial = true,
						.needs = needs_reps };
static const struct import_kind import_products = { .cols = &columns_products,
						    .group = -1,
						    .record = product_record,
						    .key = code_key,
						    .partial = true };
static const struct import_need needs_dist_refs[] = { { "territories", N_("territories"),
							DIST_TERRITORY },
						      { "reps", N_("reps"), DIST_OWNER },
						      { NULL, NULL, 0 } };
static const struct import_kind import_distributors = { .cols = &columns_distributors,
							.group = -1,
							.record = dist_record,
							.key = code_key,
							.partial = true,
							.ids_apart = true,
							.needs = needs_dist_refs };
static const struct import_need needs_distributors[] = { { "distributors", N_("distributors"), 0 },
							 { NULL, NULL, 0 } };
static const struct import_need needs_distributors_products[] = { { "distributors",
								    N_("distributors"), 0 },
								  { "products", N_("products"), 0 },
								  { NULL, NULL, 0 } };
static const struct import_kind import_targets = { .cols = &columns_targets,
						   .group = -1,
						   .record = target_record,
						   .key = target_key,
						   .needs = needs_distributors };
static const struct import_kind import_amounts_due = { .cols = &columns_amounts_due,
						       .group = -1,
						       .record = due_record,
						       .key = due_key,
						       .needs = needs_distributors };
static const struct import_kind import_orders = { .cols = &columns_orders,
						  .group = ORDER_NO,
						  .record = order_record,
						  .key = order_key,
						  .needs = needs_distributors_products };
static const struct import_kind import_payments = { .cols = &columns_payments,
						    .group = -1,
						    .record = payment_record,
						    .key = NULL,
						    .needs = needs_distributors };
static const struct import_need needs_visits[] = { { "distributors", N_("distributors"), 0 },
						   { "reps", N_("reps"), VCOL_REP },
						   { NULL, NULL, 0 } };
static const struct import_kind import_visits = { .cols = &columns_visits,
						  .group = -1,
						  .record = vis_record,
						  .key = vis_key,
						  .needs = needs_visits };

/* Every kind, in the order a company's data is best imported. */
const struct import_kind *const import_kinds[] = {
	&import_regions,
	&import_territories,
	&import_reps,
	&import_products,
	&import_distributors,
	&import_targets,
	&import_amounts_due,
	&import_orders,
	&import_payments,
	&import_visits,
	NULL,
};

const char *const import_kind_names[] = {
	"regions",     "territories", "reps",	  "products", "distributors", "targets",
	"amounts-due", "orders",      "payments", "visits",   NULL,
};
