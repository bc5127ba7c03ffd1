/* Scorecards from the database: reads the kept periods (schema 6) of every
 * distributor scored for a period in a few range scans in distributor order,
 * merges them in memory and scores them with core/scorecard; the periods
 * before it for sparklines, rebates from the rules and the sales by month and
 * category, the ledger rows behind one score, and averages by territory. */
#include "qudao/scoring.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db_internal.h"
#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "score_sql.h"

/* What the board owns besides its rows. */
struct score_board_data {
	char **blocks; /* the names, codes and sort keys */
	int nblocks;
	char *block;
	size_t left;
	int32_t *trainings; /* held on, as day numbers, sorted */
	int ntrainings;
	/* Per row: the agreement as day numbers, and the row's group for
	 * normalisation (its region's index, nregions for none). */
	int32_t *start, *end;
	/* Per row: the day it was terminated (0: it was not), gone from the
	 * ranking of a period ending on or after it. */
	int32_t *gone_from;
	int *group;
	/* Per row: what its figures were read with. */
	int64_t *open_total; /* due less paid, all told */
	int32_t *last_visit; /* the last visit done (a day number), 0 for none */
	/* Per row: the balance that falls after the period before the board's
	 * (what the board's period adds to it, and every period after): what
	 * was open at that period's end is what it owes all told less this. */
	int64_t *after_prev;
	bool flags_all; /* every row's flags were read with the board */
	/* Row index + 1 by id, open addressing (0: empty); built the first
	 * time a whole table is matched to the rows out of id order. A probe
	 * compares the ids in slot_ids, every row's in order, not in the rows
	 * (one row's id a cache miss somewhere in the board: on the large
	 * demo, most of the time reading the amounts not yet due took; ids
	 * beside the slots, twice their size, were slower still). */
	int *slots;
	int64_t *slot_ids;
	uint64_t mask;
	int shift;
	struct rebate_rule *rules;
	int nrules;
	char (*categories)[128];
	int ncategories;
	int64_t *sales;	 /* per row: the period's sales */
	int64_t *target; /* and its target, -1 for none */
	/* Per row: what falls due after today in the board's period while it
	 * runs (board_not_due). Only the board's own period may still run:
	 * the periods before it (history, change) have ended. */
	int64_t *not_due;
	/* Every row's rebate, while it is read a scan at a time. */
	struct board_rebate_work *rebate_work;
	/* Every row's scores of the periods before, while they are read a
	 * period at a time; history_all once every row has them. */
	struct board_history_work *history_work;
	bool history_all;
	/* The ids the board reads, lo to hi: every id, or one of the two
	 * parts a large board is read in (db_scoring_board). */
	int64_t lo, hi;
	bool part; /* normalised with the other part (board_join) */
	/* Made for at least this many rows, the per-row arrays: each part's
	 * are made for every distributor at once, not grown as rows come (the
	 * copies and the new pages of each doubling cost the second part
	 * 10-20 ms on the large demo); the first part's, so that the second
	 * part's are appended in place (its rows are in place already: see
	 * fill). (Arrays this large are mapped apart by the allocator: the
	 * pages never written are not taken.) */
	int room;
	/* The two parts' rows, read into one array so that joining them
	 * copies nothing (the second part's copy, into pages new to the
	 * process, took about 5 ms of the large demo's opening): the first
	 * part fills it down from `fill` (reading the ids from the largest),
	 * the second up from there, each for fill_room rows at most. Too many
	 * rows for it (the kept total of distributors it was made for is
	 * short: a file from elsewhere, or a commit since it was read) sets
	 * overflow, and the board is read whole instead. The first part's
	 * board owns the array (fill - fill_room), the second's owns no rows. */
	struct score_row *fill;
	int fill_room;
	bool fill_down, overflow;
	/* The rows counted for their ranks (board_rank_count), once their
	 * scores are final (a part's are not when scores are normalised:
	 * board_join counts them). */
	struct board_ranks *ranks;
};

static void board_rebate_work_free(struct score_board_data *d);
static void board_history_work_free(struct score_board_data *d);

/* How many rows the per-row arrays of b hold. */
static size_t board_room(const struct score_board *b)
{
	return (size_t)(b->data->room > b->n ? b->data->room : b->n) + 1;
}

/* ---- settings ------------------------------------------------------------------ */

/* clang-format off */
#define SCORING_SETTINGS_COLUMNS \
	"from_month, w_sales, w_collection, w_price, w_territory, w_visits, w_inventory," \
	" w_service, w_training, threshold, d_price_violation, d_cross_territory, d_return," \
	" d_quality, d_complaint, grade_a, grade_b, grade_c, normalise, bottom_n"
static const char scoring_settings_sql[] =
	"SELECT id, version, " SCORING_SETTINGS_COLUMNS " FROM score_settings ORDER BY from_month DESC";
static const char scoring_settings_insert_sql[] =
	"INSERT INTO score_settings(id, " SCORING_SETTINGS_COLUMNS ", updated_at, updated_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
	" ?19, ?20, ?21, ?22, ?23)";
static const char scoring_settings_update_sql[] =
	"UPDATE score_settings SET (" SCORING_SETTINGS_COLUMNS ", updated_at, updated_by) ="
	" (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
	" ?21, ?22, ?23), version = version + 1 WHERE id = ?1 AND version = ?24";
static const char scoring_settings_dup_sql[] =
	"SELECT 1 FROM score_settings WHERE from_month = ?1 AND id <> ?2";
static const char scoring_settings_exists_sql[] = "SELECT 1 FROM score_settings WHERE id = ?1";
static const char scoring_settings_delete_sql[] =
	"DELETE FROM score_settings WHERE id = ?1 AND version = ?2";
static const char scoring_log_sql[] =
	"INSERT INTO change_log(id, changed_at, changed_by, table_name, row_id, action, summary)"
	" VALUES (?1, ?2, ?3, 'score_settings', ?4, ?5, ?6)";
/* clang-format on */

static void scoring_settings_row(sqlite3_stmt *st, struct score_settings *s)
{
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(st, 0);
	s->version = sqlite3_column_int64(st, 1);
	text_copy(s->from, sizeof s->from, (const char *)sqlite3_column_text(st, 2));
	int c = 3;
	for (int i = 0; i < SCORE_PARTS; i++)
		s->weight[i] = sqlite3_column_int(st, c++);
	s->threshold = sqlite3_column_int(st, c++);
	for (int i = 0; i < SCORE_INCIDENT_KINDS; i++)
		s->deduction[i] = sqlite3_column_int(st, c++);
	for (int i = 0; i < 3; i++)
		s->band[i] = sqlite3_column_int(st, c++);
	s->normalise = sqlite3_column_int(st, c++) != 0;
	s->bottom_n = sqlite3_column_int(st, c);
}

int db_scoring_settings(qd_db *db, struct score_settings **out)
{
	*out = NULL;
	sqlite3_stmt *st = db_stmt(db, scoring_settings_sql);
	if (!st)
		return -1;
	int n = 0, cap = 0, r;
	const char *what = N_("Could not read the score settings");
	while ((r = db_step(db, st, what)) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		scoring_settings_row(st, &(*out)[n++]);
	}
	if (r < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return n;
}

static qd_rc scoring_log(qd_db *db, int64_t id, const char *action, const char *summary,
			 const char *who)
{
	char now[24];
	db_now_utc(now);
	char by[404];
	text_copy(by, sizeof by, who && *who ? who : "?");
	sqlite3_stmt *st = db_stmt(db, scoring_log_sql);
	qd_rc rc = !st ? db_errcode(db)
		       : db_bind(db, st, db_int(ids_new()), db_text(now), db_text(by), db_int(id),
				 db_text(action), db_text(summary));
	return rc ? rc : db_run(db, st);
}

/* Binds the settings' columns from ?2 on. */
static qd_rc scoring_bind_settings(qd_db *db, sqlite3_stmt *st, const struct score_settings *s,
				   const char *now, const char *who)
{
	const int *w = s->weight, *d = s->deduction, *g = s->band;
	return db_bind_at(db, st, 2, db_text(s->from), db_int(w[0]), db_int(w[1]), db_int(w[2]),
			  db_int(w[3]), db_int(w[4]), db_int(w[5]), db_int(w[6]), db_int(w[7]),
			  db_int(s->threshold), db_int(d[0]), db_int(d[1]), db_int(d[2]),
			  db_int(d[3]), db_int(d[4]), db_int(g[0]), db_int(g[1]), db_int(g[2]),
			  db_int(s->normalise), db_int(s->bottom_n), db_text(now), db_text(who));
}

static qd_rc scoring_save(qd_db *db, struct score_settings *s, const char *who)
{
	int field = 0;
	const char *why = score_settings_check(s, &field);
	if (why)
		return db_fail(db, DB_INVALID, field, "%s", _(why));
	sqlite3_stmt *st = db_stmt(db, scoring_settings_dup_sql);
	if (!st || db_bind(db, st, db_text(s->from), db_int(s->id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the score settings"));
	if (r < 0)
		return db_errcode(db);
	if (r > 0) {
		sqlite3_reset(st);
		return db_fail(db, DB_DUPLICATE, SCORE_FIELD_FROM,
			       _("Another version of the settings starts in %s."), s->from);
	}
	char now[24], by[404];
	db_now_utc(now);
	text_copy(by, sizeof by, who && *who ? who : "?");
	bool is_new = s->id == 0;
	int64_t id = is_new ? ids_new() : s->id;
	st = db_stmt(db, is_new ? scoring_settings_insert_sql : scoring_settings_update_sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	if (!rc)
		rc = scoring_bind_settings(db, st, s, now, by);
	if (!rc && !is_new)
		rc = db_bind_at(db, st, 24, db_int(s->version));
	if (!rc)
		rc = db_run(db, st);
	if (rc)
		return rc;
	if (!is_new && sqlite3_changes(db_handle(db)) != 1)
		return db_version_missed(db, scoring_settings_exists_sql, id,
					 _("Someone else saved these settings first."),
					 _("These settings are not there any more."));
	char summary[200];
	snprintf(summary, sizeof summary,
		 "from %s: weights %d/%d/%d/%d/%d/%d/%d/%d, threshold %d, grades %d/%d/%d%s",
		 s->from, s->weight[0], s->weight[1], s->weight[2], s->weight[3], s->weight[4],
		 s->weight[5], s->weight[6], s->weight[7], s->threshold, s->band[0], s->band[1],
		 s->band[2], s->normalise ? ", normalised" : "");
	rc = scoring_log(db, id, is_new ? "add" : "edit", summary, who);
	if (!rc) {
		s->id = id;
		s->version = is_new ? 1 : s->version + 1;
	}
	return rc;
}

qd_rc db_scoring_settings_save(qd_db *db, struct score_settings *s, const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, scoring_save(db, s, who));
}

static qd_rc scoring_delete(qd_db *db, int64_t id, int64_t version, const char *who)
{
	sqlite3_stmt *st = db_stmt(db, scoring_settings_delete_sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id), db_int(version));
	if (!rc)
		rc = db_run(db, st);
	if (rc)
		return rc;
	if (sqlite3_changes(db_handle(db)) != 1)
		return db_fail(db, DB_CONFLICT, 0,
			       _("These settings changed or went since they were read."));
	return scoring_log(db, id, "delete", "", who);
}

qd_rc db_scoring_settings_delete(qd_db *db, int64_t id, int64_t version, const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, scoring_delete(db, id, version, who));
}

/* ---- the board's memory ------------------------------------------------------- */

static const char *board_strdup(struct score_board *b, const char *s)
{
	struct score_board_data *d = b->data;
	size_t n = strlen(s ? s : "") + 1;
	if (n > d->left) {
		size_t size = n > 65536 ? n : 65536;
		d->blocks = xrealloc(d->blocks, (size_t)(d->nblocks + 1) * sizeof *d->blocks);
		d->block = d->blocks[d->nblocks++] = xmalloc(size);
		d->left = size;
	}
	char *out = d->block;
	memcpy(out, s ? s : "", n);
	d->block += n;
	d->left -= n;
	return out;
}

void db_scoring_board_free(struct score_board *b)
{
	void *rows = b->rows;
	if (b->data && b->data->fill)
		rows = b->data->fill_down ? b->data->fill - b->data->fill_room : NULL;
	if (b->data) {
		for (int i = 0; i < b->data->nblocks; i++)
			free(b->data->blocks[i]);
		free(b->data->blocks);
		free(b->data->trainings);
		free(b->data->start);
		free(b->data->end);
		free(b->data->gone_from);
		free(b->data->group);
		free(b->data->open_total);
		free(b->data->last_visit);
		free(b->data->after_prev);
		free(b->data->slots);
		free(b->data->slot_ids);
		free(b->data->ranks);
		free(b->data->rules);
		free(b->data->categories);
		free(b->data->sales);
		free(b->data->target);
		free(b->data->not_due);
		board_rebate_work_free(b->data);
		board_history_work_free(b->data);
		free(b->data);
	}
	free(b->versions);
	free(rows);
	free(b->regions);
	free(b->territories);
	free(b->reps);
	free(b->best);
	memset(b, 0, sizeof *b);
}

static int board_ref_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct score_ref *)a)->id, y = ((const struct score_ref *)b)->id;
	return (x > y) - (x < y);
}

static const struct score_ref *board_ref_find(const struct score_ref *list, int n, int64_t id)
{
	if (!id || n == 0)
		return NULL;
	struct score_ref key = { .id = id };
	return bsearch(&key, list, (size_t)n, sizeof *list, board_ref_cmp);
}

int score_board_best_of(const struct score_board *b, int i)
{
	if (i < 0 || i >= b->n)
		return -1;
	/* The group the board normalised by, as it did (board_join). */
	const int *group = b->data ? b->data->group : NULL;
	int best = -1;
	for (int k = 0; k < b->n; k++) {
		const struct score_row *x = &b->rows[k];
		bool same = group ? group[k] == group[i] : x->region_id == b->rows[i].region_id;
		if (same && x->r.scored && !x->gone &&
		    (best < 0 || x->r.raw_fine > b->rows[best].r.raw_fine))
			best = k;
	}
	return best;
}

const struct score_ref *score_board_region(const struct score_board *b, int64_t id)
{
	return board_ref_find(b->regions, b->nregions, id);
}

const struct score_ref *score_board_territory(const struct score_board *b, int64_t id)
{
	return board_ref_find(b->territories, b->nterritories, id);
}

const struct score_ref *score_board_rep(const struct score_board *b, int64_t id)
{
	return board_ref_find(b->reps, b->nreps, id);
}

bool score_board_within(const struct score_board *b, int64_t t, int64_t under)
{
	/* A tree is shallow (province, city, district); the bound keeps a
	 * cycle in a foreign file from looping. */
	for (int depth = 0; t && depth < 16; depth++) {
		if (t == under)
			return true;
		const struct score_ref *r = score_board_territory(b, t);
		t = r ? r->parent_id : 0;
	}
	return false;
}

static int board_row_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = ((const struct score_row *)b)->id;
	return (x > y) - (x < y);
}

/* The row of id by the hash of the ids (built here the first time): for
 * reading a table out of id order against the rows. */
static int board_lookup(const struct score_board *b, int64_t id)
{
	struct score_board_data *d = b->data;
	if (!d->slots) {
		int bits = 4;
		while ((1 << bits) < 2 * b->n + 16)
			bits++;
		d->mask = ((uint64_t)1 << bits) - 1;
		d->shift = 64 - bits;
		d->slots = xcalloc((size_t)1 << bits, sizeof *d->slots);
		d->slot_ids = xmalloc((size_t)b->n * sizeof *d->slot_ids + 1);
		for (int i = 0; i < b->n; i++) {
			d->slot_ids[i] = b->rows[i].id;
			uint64_t h = ((uint64_t)b->rows[i].id * UINT64_C(0x9E3779B97F4A7C15)) >>
				     d->shift;
			while (d->slots[h])
				h = (h + 1) & d->mask;
			d->slots[h] = i + 1;
		}
	}
	uint64_t h = ((uint64_t)id * UINT64_C(0x9E3779B97F4A7C15)) >> d->shift;
	for (; d->slots[h]; h = (h + 1) & d->mask)
		if (d->slot_ids[d->slots[h] - 1] == id)
			return d->slots[h] - 1;
	return -1;
}

int score_board_find(const struct score_board *b, int64_t id)
{
	const struct score_row *r =
		b->n ? bsearch(&id, b->rows, (size_t)b->n, sizeof *b->rows, board_row_cmp) : NULL;
	return r ? (int)(r - b->rows) : -1;
}

/* ---- reading ------------------------------------------------------------------------ */

static qd_date board_date(sqlite3_stmt *st, int col)
{
	qd_date d = { 0, 0, 0 };
	const char *s = (const char *)sqlite3_column_text(st, col);
	char day[DATE_BUF];
	if (s && strlen(s) >= 10) {
		text_copy(day, sizeof day, s);
		if (date_parse(day, &d))
			d = (qd_date){ 0, 0, 0 };
	}
	return d;
}

/* Reads id, parent, region, code and name rows of sql into a list sorted by
 * id. -1 on error. */
static int board_refs(qd_db *db, const char *sql, struct score_ref **out)
{
	*out = NULL;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return -1;
	int n = 0, cap = 0, r;
	const char *what = N_("Could not read the reference data");
	while ((r = db_step(db, st, what)) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct score_ref *x = &(*out)[n++];
		x->id = sqlite3_column_int64(st, 0);
		x->parent_id = sqlite3_column_int64(st, 1);
		x->region_id = sqlite3_column_int64(st, 2);
		text_copy(x->code, sizeof x->code, (const char *)sqlite3_column_text(st, 3));
		text_copy(x->name, sizeof x->name, (const char *)sqlite3_column_text(st, 4));
	}
	if (r < 0)
		return -1;
	if (n > 1)
		qsort(*out, (size_t)n, sizeof **out, board_ref_cmp);
	return n;
}

static qd_rc board_reference(qd_db *db, struct score_board *b)
{
	static const char regions_sql[] = "SELECT id, 0, id, code, name FROM regions";
	static const char territories_sql[] =
		"SELECT id, coalesce(parent_id, 0), coalesce(region_id, 0), code,"
		" qd_local_name(name, name_en) FROM territories";
	static const char reps_sql[] = "SELECT id, 0, coalesce(region_id, 0), code, name FROM reps";
	static const char trainings_sql[] = "SELECT held_on FROM trainings ORDER BY held_on";
	if ((b->nregions = board_refs(db, regions_sql, &b->regions)) < 0 ||
	    (b->nterritories = board_refs(db, territories_sql, &b->territories)) < 0 ||
	    (b->nreps = board_refs(db, reps_sql, &b->reps)) < 0)
		return db_errcode(db);
	/* A territory without a region of its own is in its parent's. */
	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < b->nterritories; i++) {
			struct score_ref *t = &b->territories[i];
			const struct score_ref *up = score_board_territory(b, t->parent_id);
			if (!t->region_id && up)
				t->region_id = up->region_id;
		}
	sqlite3_stmt *st = db_stmt(db, trainings_sql);
	if (!st)
		return db_errcode(db);
	struct score_board_data *d = b->data;
	int cap = 0, r;
	const char *what = N_("Could not read the training sessions");
	while ((r = db_step(db, st, what)) > 0) {
		qd_date held = board_date(st, 0);
		if (!held.y)
			continue;
		if (d->ntrainings == cap) {
			cap = cap ? cap * 2 : 32;
			d->trainings = xrealloc(d->trainings, (size_t)cap * sizeof *d->trainings);
		}
		d->trainings[d->ntrainings++] = date_to_days(held);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* A date column as a day number, 0 for none (or not a date). The schema
 * keeps these ISO dates, so they are read by their fixed places: a board
 * reads four for each of 100,000 distributors. The places are checked in
 * order, so a shorter text stops at its end (its NUL is no digit) without
 * asking its length. */
static int32_t board_days(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	if (!s)
		return 0;
	int v[10];
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
		v[i] = s[i] - '0';
	}
	qd_date d = { v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], v[5] * 10 + v[6],
		      v[8] * 10 + v[9] };
	return date_valid(d) ? date_to_days(d) : 0;
}

/* Whether a distributor with this agreement (day numbers) is scored in
 * [first, last] by today: its agreement ran on one of the period's days
 * gone. */
static bool board_in_period(int32_t start, int32_t end, int32_t first, int32_t last, int32_t today)
{
	if (!start || !end)
		return false;
	int32_t upto = today < last ? today : last;
	return start <= upto && end >= first;
}

/* Rows read in id order, merged with the board's rows (in id order too):
 * the index of the first row from at on whose id is not below id, or b->n. */
static int board_seek(const struct score_board *b, int at, int64_t id)
{
	while (at < b->n && b->rows[at].id < id)
		at++;
	return at;
}

/* The day each distributor of ids lo to hi was last terminated, as day
 * numbers in id order (*ids and *days, *n of them), by the index of the
 * terminations alone: one pass, merged by id with the distributors read in
 * the same read transaction. The caller frees *ids and *days, whatever is
 * returned. */
static qd_rc board_terminations(qd_db *db, int64_t lo, int64_t hi, int64_t **ids, int32_t **days,
				int *n)
{
	static const char sql[] =
		"SELECT distributor_id, max(changed_at) FROM status_history"
		" INDEXED BY status_history_terminated WHERE to_status = 'terminated'"
		" AND distributor_id BETWEEN ?1 AND ?2"
		" GROUP BY distributor_id ORDER BY distributor_id";
	*ids = NULL;
	*days = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(lo), db_int(hi)))
		return db_errcode(db);
	int cap = 0, r;
	while ((r = db_step(db, st, N_("Could not read the status history"))) > 0) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*ids = xrealloc(*ids, (size_t)cap * sizeof **ids);
			*days = xrealloc(*days, (size_t)cap * sizeof **days);
		}
		(*ids)[*n] = sqlite3_column_int64(st, 0);
		(*days)[(*n)++] = board_days(st, 1);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* Row i's red flags, from its stats: today's, for the period that runs
 * today. A period over is history: today's overdue payment, open incident
 * or suspension are not its (a ranked row of 2025 showed 终 for a
 * termination of 2026); it keeps T alone, for those terminated by its end,
 * listed without a rank. */
static void board_set_flags(struct score_board *b, int i, int32_t last_visit, int32_t unpaid_since,
			    int open_incidents)
{
	struct score_row *x = &b->rows[i];
	int32_t today = date_to_days(b->today);
	if (date_to_days(b->last) < today)
		x->flags = x->gone ? SCORE_FLAG_TERMINATED : 0;
	else
		x->flags = score_flags_n(x->status, last_visit, x->visit_every, unpaid_since,
					 open_incidents, b->data->start[i], b->data->end[i], today);
	x->flags_known = true;
}

static qd_rc board_distributors(qd_db *db, struct score_board *b)
{
	/* The index holds all but the texts: the scan reads it alone. */
	static const char sql[] =
		"SELECT id, status, tier, coalesce(territory_id, 0), coalesce(owner_rep_id, 0),"
		" visit_every_days, agreement_start, agreement_end FROM distributors"
		" INDEXED BY distributors_scorecard WHERE id BETWEEN ?1 AND ?2 ORDER BY id";
	/* The same from the largest id down, for a part filled down. */
	static const char down_sql[] =
		"SELECT id, status, tier, coalesce(territory_id, 0), coalesce(owner_rep_id, 0),"
		" visit_every_days, agreement_start, agreement_end FROM distributors"
		" INDEXED BY distributors_scorecard WHERE id BETWEEN ?1 AND ?2 ORDER BY id DESC";
	/* With what the red flags need: the board knows them all at once. */
	static const char stats_sql[] =
		"SELECT distributor_id, due_total_fen - paid_total_fen, last_visit_at, "
		"unpaid_since,"
		" open_incidents FROM distributor_stats WHERE distributor_id BETWEEN ?1 AND ?2"
		" ORDER BY distributor_id";
	struct score_board_data *d = b->data;
	int64_t *term_ids;
	int32_t *term_days;
	int nterm;
	qd_rc rc = board_terminations(db, d->lo, d->hi, &term_ids, &term_days, &nterm);
	bool down = d->fill && d->fill_down;
	int k = down ? nterm - 1 : 0;
	sqlite3_stmt *st = NULL;
	if (!rc && (!(st = db_stmt(db, down ? down_sql : sql)) ||
		    db_bind(db, st, db_int(d->lo), db_int(d->hi))))
		rc = db_errcode(db);
	if (rc) {
		free(term_ids);
		free(term_days);
		return rc;
	}
	int cap = 0, r;
	int32_t first = date_to_days(b->first), last = date_to_days(b->last);
	int32_t today = date_to_days(b->today);
	const char *what = N_("Could not read the distributors");
	while ((r = db_step(db, st, what)) > 0) {
		int32_t start = board_days(st, 6), end = board_days(st, 7);
		if (!board_in_period(start, end, first, last, today))
			continue;
		/* Never under an agreement (an applicant, one under review or
		 * rejected): not scored, whatever agreement an import gave it. */
		const char *status = (const char *)sqlite3_column_text(st, 1);
		qd_status now;
		if (!status || lifecycle_status_parse(status, &now))
			now = STATUS_ACTIVE; /* (the schema's check allows no other) */
		if (now == STATUS_APPLICANT || now == STATUS_REVIEWING || now == STATUS_REJECTED)
			continue;
		/* Terminated, its agreement ended then: no visits due or
		 * training offered after, and not scored in a period after. */
		int32_t gone_from = 0;
		if (now == STATUS_TERMINATED) {
			/* Its agreement ended at its last termination, when that
			 * came first (a termination does not move the agreement's
			 * end back); none in its history: at the agreement's end. */
			int64_t id = sqlite3_column_int64(st, 0);
			while (down && k >= 0 && term_ids[k] > id)
				k--;
			while (!down && k < nterm && term_ids[k] < id)
				k++;
			int32_t term = k >= 0 && k < nterm && term_ids[k] == id ? term_days[k] : 0;
			if (term && term < end)
				end = term;
			if (!board_in_period(start, end, first, last, today))
				continue;
			/* Gone when terminated by the period's end: not when its
			 * agreement ran out in the period and it was terminated
			 * after (on expiry, days later). */
			gone_from = term ? term : end;
		}
		if (d->fill && b->n == d->fill_room) {
			d->overflow = true;
			sqlite3_reset(st);
			break;
		}
		if (b->n == cap) {
			cap = cap ? cap * 2 : d->room > 1024 ? d->room : 1024;
			if (!d->fill)
				b->rows = xrealloc(b->rows, (size_t)cap * sizeof *b->rows);
			d->start = xrealloc(d->start, (size_t)cap * sizeof *d->start);
			d->end = xrealloc(d->end, (size_t)cap * sizeof *d->end);
			d->gone_from =
				xrealloc(d->gone_from, (size_t)cap * sizeof *d->gone_from);
			d->group = xrealloc(d->group, (size_t)cap * sizeof *d->group);
		}
		d->start[b->n] = start;
		d->end[b->n] = end;
		d->gone_from[b->n] = gone_from;
		struct score_row *x = !d->fill ? &b->rows[b->n]
				      : down   ? d->fill - 1 - b->n
					       : d->fill + b->n;
		b->n++;
		memset(x, 0, sizeof *x);
		x->id = sqlite3_column_int64(st, 0);
		x->status = now;
		const unsigned char *tier = sqlite3_column_text(st, 2);
		x->tier = tier && tier[0] >= 'A' && tier[0] <= 'D' ? (char)tier[0] : 'C';
		x->territory_id = sqlite3_column_int64(st, 3);
		x->rep_id = sqlite3_column_int64(st, 4);
		x->visit_every = sqlite3_column_int(st, 5);
		x->gone = gone_from && gone_from <= last;
		const struct score_ref *t = score_board_territory(b, x->territory_id);
		x->region_id = t ? t->region_id : 0;
		const struct score_ref *reg = score_board_region(b, x->region_id);
		d->group[b->n - 1] = reg ? (int)(reg - b->regions) : b->nregions;
		x->change = SCORE_CHANGE_NA;
	}
	free(term_ids);
	free(term_days);
	if (r < 0)
		return db_errcode(db);
	if (d->fill) {
		/* Read down, the rows lie in id order below fill; the arrays
		 * beside them were filled the other way. */
		b->rows = down ? d->fill - b->n : d->fill;
		for (int i = 0, j = b->n - 1; down && i < j; i++, j--) {
			int32_t t = d->start[i];
			d->start[i] = d->start[j];
			d->start[j] = t;
			t = d->end[i];
			d->end[i] = d->end[j];
			d->end[j] = t;
			t = d->gone_from[i];
			d->gone_from[i] = d->gone_from[j];
			d->gone_from[j] = t;
			int g = d->group[i];
			d->group[i] = d->group[j];
			d->group[j] = g;
		}
	}
	d->open_total = xcalloc(board_room(b), sizeof *d->open_total);
	d->last_visit = xcalloc(board_room(b), sizeof *d->last_visit);
	/* The stats, merged by id. */
	st = db_stmt(db, stats_sql);
	if (!st || db_bind(db, st, db_int(d->lo), db_int(d->hi)))
		return db_errcode(db);
	int at = 0;
	what = N_("Could not read the distributors");
	while ((r = db_step(db, st, what)) > 0) {
		int64_t id = sqlite3_column_int64(st, 0);
		if ((at = board_seek(b, at, id)) == b->n)
			break;
		if (b->rows[at].id != id)
			continue;
		d->open_total[at] = sqlite3_column_int64(st, 1);
		d->last_visit[at] = board_days(st, 2);
		board_set_flags(b, at, d->last_visit[at], board_days(st, 3),
				sqlite3_column_int(st, 4));
	}
	if (r > 0)
		sqlite3_reset(st);
	if (r < 0)
		return db_errcode(db);
	d->flags_all = true;
	for (int i = 0; i < b->n; i++)
		b->rows[i].code = b->rows[i].name = b->rows[i].sort_key = "";
	return DB_OK;
}

qd_rc db_scoring_flags(qd_db *db, struct score_board *b, const int *rows, int n)
{
	static const char one_sql[] =
		"SELECT last_visit_at, unpaid_since, open_incidents FROM distributor_stats"
		" WHERE distributor_id = ?1";
	static const char all_sql[] =
		"SELECT distributor_id, last_visit_at, unpaid_since, open_incidents"
		" FROM distributor_stats ORDER BY distributor_id";
	const char *what = N_("Could not read the distributors");
	int r;
	if (n < 0 && b->data->flags_all)
		return DB_OK;
	if (n < 0) {
		sqlite3_stmt *st = db_stmt(db, all_sql);
		if (!st)
			return db_errcode(db);
		int at = 0;
		while ((r = db_step(db, st, what)) > 0) {
			int64_t id = sqlite3_column_int64(st, 0);
			if ((at = board_seek(b, at, id)) == b->n) {
				sqlite3_reset(st);
				break;
			}
			if (b->rows[at].id != id || b->rows[at].flags_known)
				continue;
			board_set_flags(b, at, board_days(st, 1), board_days(st, 2),
					sqlite3_column_int(st, 3));
		}
		return r < 0 ? db_errcode(db) : DB_OK;
	}
	for (int k = 0; k < n; k++) {
		if (rows[k] < 0 || rows[k] >= b->n || b->rows[rows[k]].flags_known)
			continue;
		sqlite3_stmt *st = db_stmt(db, one_sql);
		if (!st || db_bind(db, st, db_int(b->rows[rows[k]].id)))
			return db_errcode(db);
		r = db_step(db, st, what);
		if (r < 0)
			return db_errcode(db);
		if (r == 0)
			continue;
		board_set_flags(b, rows[k], board_days(st, 0), board_days(st, 1),
				sqlite3_column_int(st, 2));
		sqlite3_reset(st);
	}
	return DB_OK;
}

qd_rc db_scoring_names(qd_db *db, struct score_board *b, const int *rows, int n)
{
	static const char one_sql[] =
		"SELECT id, code, name, sort_key FROM distributors WHERE id = ?1";
	static const char all_sql[] =
		"SELECT id, code, name, sort_key FROM distributors ORDER BY id";
	int r;
	if (n < 0) {
		/* Every row: one pass in id order rather than a lookup each. */
		sqlite3_stmt *st = db_stmt(db, all_sql);
		if (!st)
			return db_errcode(db);
		int at = 0;
		const char *what = N_("Could not read the distributors");
		while ((r = db_step(db, st, what)) > 0) {
			int64_t id = sqlite3_column_int64(st, 0);
			if ((at = board_seek(b, at, id)) == b->n) {
				sqlite3_reset(st);
				break;
			}
			struct score_row *x = &b->rows[at];
			if (x->id != id || x->named)
				continue;
			x->code = board_strdup(b, (const char *)sqlite3_column_text(st, 1));
			x->name = board_strdup(b, (const char *)sqlite3_column_text(st, 2));
			x->sort_key = board_strdup(b, (const char *)sqlite3_column_text(st, 3));
			x->named = true;
		}
		return r < 0 ? db_errcode(db) : DB_OK;
	}
	for (int k = 0; k < n; k++) {
		if (rows[k] < 0 || rows[k] >= b->n || b->rows[rows[k]].named)
			continue;
		struct score_row *x = &b->rows[rows[k]];
		sqlite3_stmt *st = db_stmt(db, one_sql);
		if (!st || db_bind(db, st, db_int(x->id)))
			return db_errcode(db);
		r = db_step(db, st, N_("Could not read the distributors"));
		if (r < 0)
			return db_errcode(db);
		if (r == 0)
			continue;
		x->code = board_strdup(b, (const char *)sqlite3_column_text(st, 1));
		x->name = board_strdup(b, (const char *)sqlite3_column_text(st, 2));
		x->sort_key = board_strdup(b, (const char *)sqlite3_column_text(st, 3));
		x->named = true;
		sqlite3_reset(st);
	}
	return DB_OK;
}

/* ---- orders by code and by name ------------------------------------------------- */

static int board_tie_cmp(const void *a, const void *b, void *tie)
{
	int x = ((const int *)tie)[*(const int *)a], y = ((const int *)tie)[*(const int *)b];
	return (x > y) - (x < y);
}

/* The statement of sts[0..n) whose row comes first by its key (SQLite's
 * binary order: bytes, then the shorter), among those with a row (r[k] >
 * 0); -1 when none has. */
static int board_order_first(sqlite3_stmt *const *sts, const int *r, int n)
{
	int first = -1;
	const char *best = NULL;
	size_t best_len = 0;
	for (int k = 0; k < n; k++) {
		if (r[k] <= 0)
			continue;
		const char *key = (const char *)sqlite3_column_text(sts[k], 1);
		size_t len = key ? (size_t)sqlite3_column_bytes(sts[k], 1) : 0;
		if (!key)
			key = "";
		int c = 0;
		if (first >= 0) {
			c = memcmp(key, best, len < best_len ? len : best_len);
			if (!c)
				c = (len > best_len) - (len < best_len);
		}
		if (first < 0 || c < 0) {
			first = k;
			best = key;
			best_len = len;
		}
	}
	return first;
}

/* Rows in the order of one-column index scans of (id, key text), each in
 * the key's order, merged: each row's place, ties of the key (sorted by
 * the index's next column, not the code) put in their order by tie[] when
 * given. */
static qd_rc board_order(qd_db *db, const struct score_board *b, const char *const *sqls, int n,
			 const int *tie, int *place)
{
	enum { MAX_SCANS = 4 };
	assert(n >= 1 && n <= MAX_SCANS);
	sqlite3_stmt *sts[MAX_SCANS];
	int rs[MAX_SCANS];
	const char *what = N_("Could not read the distributors");
	int r = 1;
	for (int k = 0; k < n; k++) {
		rs[k] = 0;
		if (r >= 0 && !(sts[k] = db_stmt(db, sqls[k])))
			r = -1;
		if (r >= 0)
			r = rs[k] = db_step(db, sts[k], what);
		else
			sts[k] = NULL;
	}
	for (int i = 0; i < b->n; i++)
		place[i] = b->n;
	int *run = xmalloc(((size_t)b->n + 1) * sizeof *run);
	int nrun = 0, next = 0;
	/* The run's key, copied into a buffer that grows as needed: the
	 * codes are all different, and a copy made with malloc for each of
	 * 100,000 rows cost about a tenth of the first sort by code. */
	size_t prev_size = 64, prev_len = 0;
	char *prev = xmalloc(prev_size);
	while (r >= 0) {
		int k = board_order_first(sts, rs, n);
		const char *key = k >= 0 ? (const char *)sqlite3_column_text(sts[k], 1) : NULL;
		size_t len = key ? (size_t)sqlite3_column_bytes(sts[k], 1) : 0;
		if (!key)
			key = "";
		bool same = nrun && len == prev_len && memcmp(key, prev, len) == 0;
		/* A run of equal keys ends: its rows take the next places. */
		if (nrun && (k < 0 || !same)) {
			if (tie && nrun > 1)
				qsort_r(run, (size_t)nrun, sizeof *run, board_tie_cmp, (void *)tie);
			for (int j = 0; j < nrun; j++)
				place[run[j]] = next++;
			nrun = 0;
		}
		if (k < 0)
			break;
		int i = board_lookup(b, sqlite3_column_int64(sts[k], 0));
		if (i >= 0) {
			if (nrun == 0) {
				if (len + 1 > prev_size) {
					prev_size = len + 1;
					prev = xrealloc(prev, prev_size);
				}
				memcpy(prev, key, len);
				prev_len = len;
			}
			run[nrun++] = i;
		}
		r = rs[k] = db_step(db, sts[k], what);
	}
	for (int k = 0; k < n; k++)
		if (sts[k] && rs[k] > 0)
			sqlite3_reset(sts[k]);
	free(prev);
	free(run);
	return r < 0 ? db_errcode(db) : DB_OK;
}

qd_rc db_scoring_code_order(qd_db *db, const struct score_board *b, int *place)
{
	/* Codes are unique: the index's order is the order. */
	static const char *const sql[] = { "SELECT id, code FROM distributors ORDER BY code" };
	qd_rc rc = db_read_begin(db);
	if (!rc) {
		rc = board_order(db, b, sql, 1, NULL, place);
		db_read_end(db);
	}
	return rc;
}

qd_rc db_scoring_name_order(qd_db *db, const struct score_board *b, const int *code_place,
			    int *place)
{
	/* By tier, merged: the index by tier holds the sort keys and ids
	 * alone, a quarter of the pages of the one that leads with the sort
	 * key (it holds the search keys too, for the list): on the large demo
	 * 1,728 pages against 7,511. */
#define NAME_ORDER(t)                                                                         \
	"SELECT id, sort_key FROM distributors INDEXED BY distributors_tier WHERE tier = '" t \
	"' ORDER BY sort_key"
	static const char *const sql[] = { NAME_ORDER("A"), NAME_ORDER("B"), NAME_ORDER("C"),
					   NAME_ORDER("D") };
#undef NAME_ORDER
	qd_rc rc = db_read_begin(db);
	if (!rc) {
		rc = board_order(db, b, sql, 4, code_place, place);
		db_read_end(db);
	}
	return rc;
}

/* ---- figures ---------------------------------------------------------------------- */

/* The kept columns a score reads, in the order board_read_figures takes them. */
#define BOARD_FIGURES                                                                           \
	"sales_fen, sales_orders, cross_orders, lines, lines_ok, target_fen, month_target_fen," \
	" month_targets, due_fen, received_fen, open_to_end_fen, visits_done, shelf, shelf_ok," \
	" stock_counts, stock_low, stock_high, incidents, incidents_in_time, trainings"

/* A period row's figures from column c on. */
static void board_read_figures(sqlite3_stmt *st, int c, struct score_figures *f)
{
	f->sales_fen = sqlite3_column_int64(st, c);
	f->orders = sqlite3_column_int64(st, c + 1);
	f->cross_orders = sqlite3_column_int64(st, c + 2);
	f->lines = sqlite3_column_int64(st, c + 3);
	f->lines_ok = sqlite3_column_int64(st, c + 4);
	/* The period's own target, else its months' when it has any. */
	f->target_months = 0;
	if (sqlite3_column_type(st, c + 5) != SQLITE_NULL)
		f->target_fen = sqlite3_column_int64(st, c + 5);
	else if ((f->target_months = sqlite3_column_int(st, c + 7)) > 0)
		f->target_fen = sqlite3_column_int64(st, c + 6);
	else
		f->target_fen = -1;
	f->due_fen = sqlite3_column_int64(st, c + 8);
	f->received_fen = sqlite3_column_int64(st, c + 9);
	f->open_to_end_fen = sqlite3_column_int64(st, c + 10);
	f->visits_done = sqlite3_column_int64(st, c + 11);
	f->shelf = sqlite3_column_int64(st, c + 12);
	f->shelf_ok = sqlite3_column_int64(st, c + 13);
	f->stock_counts = sqlite3_column_int64(st, c + 14);
	f->stock_low = sqlite3_column_int64(st, c + 15);
	f->stock_high = sqlite3_column_int64(st, c + 16);
	int64_t opened = sqlite3_column_int64(st, c + 17),
		in_time = sqlite3_column_int64(st, c + 18);
	for (int k = 0; k < SCORE_INCIDENT_KINDS; k++) {
		f->incidents[k] = score_incidents_unpack(opened, k);
		f->in_time[k] = score_incidents_unpack(in_time, k);
	}
	f->trainings = sqlite3_column_int64(st, c + 19);
}

/* The day row i's agreement ended in the period from day first to day last
 * (terminated in it, or run out), when that day is over; 0 when it did
 * not: such a row is measured on its days of business. */
static int32_t board_ended_on(const struct score_board *b, int i, int32_t first, int32_t last)
{
	int32_t end = b->data->end[i], today = date_to_days(b->today);
	return end >= first && end < last && end < today ? end : 0;
}

/* Its orders shipped after that day, up to day last, taken out of f: an
 * order the ERP still sent it (a late entry) is not its period's sales nor
 * its lines' prices, as its target is only its days' share. Read from the
 * ledger (the kept figures are by month), for these few rows alone, as
 * the rows behind the score count them. */
static qd_rc board_cut_after_end(qd_db *db, int64_t id, int32_t end, int32_t last,
				 struct score_figures *f)
{
	/* clang-format off */
	static const char sql[] =
		"SELECT coalesce(sum(o.total_fen), 0), count(*),"
		" coalesce(sum(o.ship_territory_id IS NOT ds.territory_id), 0),"
		" coalesce(sum(" S6_LINES_OF("o") "), 0),"
		" coalesce(sum(" S6_LINES_OK_OF("o", "ds.tier") "), 0)"
		" FROM orders o JOIN distributors ds ON ds.id = o.distributor_id"
		" WHERE o.distributor_id = ?1 AND o.ship_date > ?2 AND o.ship_date <= ?3"
		" AND " S6_SALE("o");
	/* Sessions it attended after: not offered it (board_trainings), so
	 * not attended either ("1 of 0 held"). */
	static const char training_sql[] =
		"SELECT count(*) FROM training_attendance a JOIN trainings t"
		" ON t.id = a.training_id WHERE a.distributor_id = ?1 AND t.held_on > ?2"
		" AND t.held_on <= ?3";
	/* clang-format on */
	char from[DATE_BUF], to[DATE_BUF];
	date_format(date_from_days(end), from);
	date_format(date_from_days(last), to);
	sqlite3_stmt *st;
	if (f->trainings > 0) {
		int64_t late = 0;
		st = db_stmt(db, training_sql);
		if (!st || db_bind(db, st, db_int(id), db_text(from), db_text(to)) ||
		    db_int_of(db, st, &late, NULL))
			return db_errcode(db);
		f->trainings = f->trainings > late ? f->trainings - late : 0;
	}
	if (f->orders <= 0)
		return DB_OK;
	st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id), db_text(from), db_text(to)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the orders"));
	if (r <= 0)
		return r < 0 ? db_errcode(db) : DB_OK;
	int64_t cut[5];
	for (int c = 0; c < 5; c++)
		cut[c] = sqlite3_column_int64(st, c);
	sqlite3_reset(st);
	int64_t *had[5] = { &f->sales_fen, &f->orders, &f->cross_orders, &f->lines, &f->lines_ok };
	for (int c = 0; c < 5; c++)
		*had[c] = *had[c] > cut[c] ? *had[c] - cut[c] : 0;
	return DB_OK;
}

/* Sessions held from day `from` to day `to`. */
static int64_t board_trainings(const struct score_board_data *d, int32_t from, int32_t to)
{
	if (to < from)
		return 0;
	int lo = 0, hi = d->ntrainings;
	while (lo < hi) { /* the first held on or after from */
		int mid = (lo + hi) / 2;
		if (d->trainings[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	int first = lo;
	hi = d->ntrainings;
	while (lo < hi) { /* the first held after to */
		int mid = (lo + hi) / 2;
		if (d->trainings[mid] <= to)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - first;
}

/* (board_not_yet_due follows it wherever a period may still run: it must
 * not touch the figures the balance after a period is made from.)
 *
 * What row i needs besides its kept figures, for a period of the board
 * from day first to day last: the days, the visits due, the training
 * offered; and, when it has no row then, what was open at the period's end
 * (what it owes all told, less what falls after). One function for the
 * board, its history and the explanation, so they agree. */
static void board_complete(const struct score_board *b, int i, int32_t first, int32_t last,
			   bool has_row, int64_t open_after, struct score_figures *f)
{
	const struct score_board_data *d = b->data;
	int32_t today = date_to_days(b->today);
	if (!has_row) {
		memset(f, 0, sizeof *f);
		f->target_fen = -1;
		f->open_to_end_fen = d->open_total[i] - open_after;
	}
	f->days = score_days_n(first, last, today, 0, 0);
	/* Paced while it runs, unless its target is the sum of only some of
	 * its months' (a newcomer's Q4 months in its year, December's alone
	 * in a quarter): spread over every day it would be wrong. */
	/* (Its months by its length: a month has at most 31 days, a quarter at
	 * least 90, a year at least 365; no date to work out for each row.) */
	int length = (int)(last - first + 1);
	int months = length >= 365 ? 12 : length >= 90 ? 3 : 1;
	f->period_days = f->target_months > 0 && f->target_months < months ? 0 : length;
	/* Terminated in the period (its agreement ends then), the day over:
	 * its target is counted for its days of business. */
	int32_t ended = board_ended_on(b, i, first, last);
	f->ended_days = ended ? (int)(ended - first + 1) : 0;
	/* Visits fall due from the last visit before the period (the kept
	 * last visit, when it is before the period), or from the agreement's
	 * start when it was never visited or began after that visit; visited
	 * since, the kept figures do not place its schedule
	 * (score_visits_due rounds). */
	int32_t a = d->start[i] > first ? d->start[i] : first;
	int32_t z = d->end[i] < last ? d->end[i] : last;
	/* A visit due today is not owed yet (the rep has the day; the flag
	 * marks it the day after): the dates due up to yesterday. */
	if (today - 1 < z)
		z = today - 1;
	int32_t seen = d->last_visit[i];
	f->visit_every = b->rows[i].visit_every;
	/* The days the visits due are counted over (today is not). */
	f->visit_days = z >= a ? (int)(z - a + 1) : 0;
	f->never_visited = !seen;
	f->last_visit = seen;
	/* From the agreement's start when it is later than the last visit
	 * (a new agreement), as the flag counts. */
	f->visit_from = !seen		     ? d->start[i]
			: seen >= first	     ? 0
			: d->start[i] > seen ? d->start[i]
					     : seen;
	f->visits_due = score_visits_due(a, z, f->visit_every, f->visit_from);
	/* Sessions held while its agreement ran, in the period, by today. */
	int32_t from = d->start[i] > first ? d->start[i] : first;
	int32_t to = d->end[i] < last ? d->end[i] : last;
	f->trainings_offered = board_trainings(d, from, to < today ? to : today);
}

/* Ranks: 1 + how many scored better; the unscored and the gone get none
 * (0). Scores are 0-1000 tenths: counted, not sorted. A pass over the
 * large demo's rows takes a millisecond or more: each part counts its own
 * rows as it reads them (board_rows), with the sparkline's one score known
 * (the period's own), and only the ranks are given once they are joined. */
struct board_ranks {
	int above[1002]; /* how many scored each score, then how many better */
	int scored, gone;
};

static int board_score_at(int v)
{
	return v < 0 ? 0 : v > 1000 ? 1000 : v;
}

/* Rows from to to of b into k, their sparklines begun. */
static void board_rank_count(struct score_board *b, int from, int to, struct board_ranks *k)
{
	for (int i = from; i < to; i++) {
		struct score_row *x = &b->rows[i];
		for (int p = 0; p < SCORE_HISTORY - 1; p++)
			x->spark[p] = SCORE_NA;
		x->spark[SCORE_HISTORY - 1] = x->r.scored ? x->r.score : SCORE_NA;
		if (x->r.scored && x->gone)
			k->gone++;
		else if (x->r.scored) {
			k->above[board_score_at(x->r.score)]++;
			k->scored++;
		}
	}
}

/* The ranks of every row of b, all counted in k. */
static void board_rank(struct score_board *b, struct board_ranks *k)
{
	/* above[v] becomes how many scored more than v. */
	int more = 0;
	for (int v = 1000; v >= 0; v--) {
		int here = k->above[v];
		k->above[v] = more;
		more += here;
	}
	for (int i = 0; i < b->n; i++) {
		struct score_row *x = &b->rows[i];
		x->rank = x->r.scored && !x->gone ? k->above[board_score_at(x->r.score)] + 1 : 0;
	}
	b->scored = k->scored;
	b->gone = k->gone;
}

/* Amounts due from the day after today to the period's last day: not due
 * yet, so neither due in the period nor overdue at its end while it runs
 * (the kept figures hold the whole period). */
static void board_not_yet_due(struct score_figures *f, int64_t not_due)
{
	if (not_due <= 0)
		return;
	f->due_fen = f->due_fen > not_due ? f->due_fen - not_due : 0;
	/* Payments go to the oldest amounts first: what is open is the newest,
	 * these first. */
	f->open_to_end_fen = f->open_to_end_fen > not_due ? f->open_to_end_fen - not_due : 0;
}

/* Each row's amounts due after today up to day last (day numbers), into
 * out[] (zeroed here): the amounts billed and not yet due (as far ahead as
 * the payment terms reach, whatever the period). A due date at a time, by
 * the index on the due date and the distributor: each day's amounts of the
 * board's ids alone (a part reads its own half, not every amount of the
 * days to skip the other's). Each due date is kept as the value it is, not
 * as text of our own: in a file from elsewhere, whose checks did not run,
 * one longer than a date or with a NUL inside is still passed, once. */
static qd_rc board_not_due(qd_db *db, const struct score_board *b, int32_t last, int64_t *out)
{
	static const char next_sql[] = "SELECT min(due_date) FROM amounts_due"
				       " INDEXED BY amounts_due_due WHERE due_date > ?1"
				       " AND due_date <= ?2";
	static const char day_sql[] = "SELECT distributor_id, amount_fen FROM amounts_due"
				      " INDEXED BY amounts_due_due WHERE due_date = ?1 AND "
				      "distributor_id BETWEEN ?2 AND ?3";
	memset(out, 0, (size_t)b->n * sizeof *out);
	int32_t today = date_to_days(b->today);
	if (last <= today)
		return DB_OK;
	char from[DATE_BUF], to[DATE_BUF];
	date_format(b->today, from);
	date_format(date_from_days(last), to);
	const char *what = N_("Could not read the amounts due");
	sqlite3_value *day = NULL; /* NULL: today, the first */
	qd_rc rc = DB_OK;
	for (;;) {
		sqlite3_stmt *st = db_stmt(db, next_sql);
		if (!st ||
		    (day ? sqlite3_bind_value(st, 1, day) != SQLITE_OK
			 : db_bind(db, st, db_text(from)) != DB_OK) ||
		    db_bind_at(db, st, 2, db_text(to))) {
			rc = st ? db_fail_sqlite(db, _(what)) : db_errcode(db);
			break;
		}
		int r = db_step(db, st, what);
		bool more = r > 0 && sqlite3_column_type(st, 0) != SQLITE_NULL;
		sqlite3_value *next = more ? sqlite3_value_dup(sqlite3_column_value(st, 0)) : NULL;
		if (r > 0)
			sqlite3_reset(st);
		sqlite3_value_free(day);
		day = next;
		if (r < 0)
			rc = db_errcode(db);
		else if (more && !day) /* (no memory for its copy) */
			rc = db_fail(db, DB_ERROR, 0, "%s", _(what));
		if (!day)
			break;
		st = db_stmt(db, day_sql);
		if (!st || sqlite3_bind_value(st, 1, day) != SQLITE_OK ||
		    db_bind_at(db, st, 2, db_int(b->data->lo), db_int(b->data->hi))) {
			rc = st ? db_fail_sqlite(db, _(what)) : db_errcode(db);
			break;
		}
		while ((r = db_step(db, st, what)) > 0) {
			int i = board_lookup(b, sqlite3_column_int64(st, 0));
			if (i >= 0)
				out[i] += sqlite3_column_int64(st, 1);
		}
		if (r < 0) {
			rc = db_errcode(db);
			break;
		}
	}
	sqlite3_value_free(day);
	return rc;
}

/* Reads period p's kept rows and scores every row of the board whose
 * agreement ran in p with settings s, row by row as they come (no figures
 * are kept): results into res (row i's at i * stride bytes), normalised by
 * region, the best raw_fine of each into best. after[i] is the balance of
 * the periods after p (what was open at p's end is what row i owes all told
 * less it, for rows without a row in p): read here when ask, else given (the
 * periods are read from the latest back); on return it holds the same for
 * the period before p (p's own balance added). sales, when not NULL, gets
 * each row's sales in p; not_due, when not NULL (the board's own period),
 * what falls due after today in p, left out while p runs. */
static qd_rc board_period(qd_db *db, const struct score_board *b, qd_period p,
			  const struct score_settings *s, struct score_result *res, size_t stride,
			  int *best, int64_t *after, bool ask, int64_t *sales, int64_t *target,
			  int64_t *not_due)
{
	static const char rows_sql[] =
		"SELECT distributor_id, " BOARD_FIGURES " FROM dist_period"
		" WHERE kind = ?1 AND period = ?2"
		" AND distributor_id BETWEEN ?3 AND ?4 ORDER BY distributor_id";
	static const char after_sql[] =
		"SELECT distributor_id, sum(due_fen - received_fen) FROM dist_period"
		" WHERE kind = ?1 AND period > ?2 AND distributor_id BETWEEN ?3 AND ?4"
		" GROUP BY distributor_id ORDER BY distributor_id";
	int64_t lo = b->data->lo, hi = b->data->hi;
	static const char kinds[] = { 'Y', 'Q', 'M' };
	char kind[2] = { kinds[p.kind], 0 }, label[PERIOD_BUF];
	period_format(p, label);
	const char *what = N_("Could not read the kept figures");
	sqlite3_stmt *st;
	int r;
	if (ask) {
		memset(after, 0, (size_t)b->n * sizeof *after);
		st = db_stmt(db, after_sql);
		if (!st || db_bind(db, st, db_text(kind), db_text(label), db_int(lo), db_int(hi)))
			return db_errcode(db);
		int at = 0;
		while ((r = db_step(db, st, what)) > 0) {
			int64_t id = sqlite3_column_int64(st, 0);
			if ((at = board_seek(b, at, id)) == b->n) {
				sqlite3_reset(st);
				break;
			}
			if (b->rows[at].id == id)
				after[at] = sqlite3_column_int64(st, 1);
		}
		if (r < 0)
			return db_errcode(db);
	}
	qd_date pfirst, plast;
	period_range(p, &pfirst, &plast);
	int32_t first = date_to_days(pfirst), last = date_to_days(plast);
	int32_t today = date_to_days(b->today);
	for (int g = 0; g <= b->nregions; g++)
		best[g] = 0;
	qd_rc nrc = not_due ? board_not_due(db, b, last, not_due) : DB_OK;
	if (nrc)
		return nrc;
	st = db_stmt(db, rows_sql);
	if (!st || db_bind(db, st, db_text(kind), db_text(label), db_int(lo), db_int(hi)))
		return db_errcode(db);
	r = db_step(db, st, what);
	for (int i = 0; i < b->n && r >= 0; i++) {
		int64_t id = b->rows[i].id;
		while (r > 0 && sqlite3_column_int64(st, 0) < id)
			r = db_step(db, st, what);
		if (r < 0)
			break;
		bool has = r > 0 && sqlite3_column_int64(st, 0) == id;
		struct score_figures f;
		memset(&f, 0, sizeof f);
		if (has)
			board_read_figures(st, 1, &f);
		board_complete(b, i, first, last, has, after[i], &f);
		int32_t ended = has ? board_ended_on(b, i, first, last) : 0;
		if (ended && board_cut_after_end(db, id, ended, last, &f)) {
			sqlite3_reset(st);
			return db_errcode(db);
		}
		/* The sum over the periods after the one before p, as after_sql
		 * adds it up: p's own row is one of them. */
		if (has)
			after[i] += f.due_fen - f.received_fen;
		if (sales)
			sales[i] = f.sales_fen;
		if (target)
			target[i] = f.target_fen;
		struct score_result *x = (struct score_result *)((char *)res + (size_t)i * stride);
		memset(x, 0, sizeof *x);
		if (!board_in_period(b->data->start[i], b->data->end[i], first, last, today))
			continue;
		board_not_yet_due(&f, not_due ? not_due[i] : 0);
		score_compute(s, &f, x);
		int g = b->data->group[i];
		/* One terminated by p's end sets no one's best (as it gets no
		 * rank). */
		int32_t gone = b->data->gone_from[i];
		if (x->scored && !(gone && gone <= last) && x->raw_fine > best[g])
			best[g] = x->raw_fine;
	}
	if (r > 0)
		sqlite3_reset(st);
	if (r < 0)
		return db_errcode(db);
	for (int i = 0; i < b->n && !b->data->part; i++)
		score_normalise(s, (struct score_result *)((char *)res + (size_t)i * stride),
				best[b->data->group[i]]);
	return DB_OK;
}

/* Starts board b of p: the settings and the reference data, read inside a
 * read transaction of db (its first reads: they fix what the transaction
 * sees). The board is initialised first: db_scoring_board_free() releases
 * it whatever happens. */
static qd_rc board_start(qd_db *db, struct score_board *b, qd_period p, qd_date today)
{
	memset(b, 0, sizeof *b);
	b->data = xcalloc(1, sizeof *b->data);
	b->data->lo = 1;
	b->data->hi = INT64_MAX;
	b->period = p;
	b->today = today;
	period_range(p, &b->first, &b->last);
	score_settings_default(&b->defaults);
	b->settings = b->defaults;
	b->nversions = db_scoring_settings(db, &b->versions);
	if (b->nversions < 0) {
		b->nversions = 0;
		return db_errcode(db);
	}
	b->settings = *score_settings_for(b->versions, b->nversions, p, &b->defaults);
	return board_reference(db, b);
}

/* Then its rows of ids lo to hi, scored; a part is not normalised
 * (board_join does it over both parts), and its per-row arrays are made
 * for room rows at least. */
static qd_rc board_rows(qd_db *db, struct score_board *b, int64_t lo, int64_t hi, bool part,
			int room)
{
	b->data->lo = lo;
	b->data->hi = hi;
	b->data->part = part;
	b->data->room = room;
	qd_rc rc = board_distributors(db, b);
	b->data->after_prev = xcalloc(board_room(b), sizeof *b->data->after_prev);
	b->data->sales = xcalloc(board_room(b), sizeof *b->data->sales);
	b->data->target = xcalloc(board_room(b), sizeof *b->data->target);
	b->data->not_due = xcalloc(board_room(b), sizeof *b->data->not_due);
	b->best = xcalloc((size_t)b->nregions + 1, sizeof *b->best);
	/* Too many rows for the shared array: read whole instead. */
	if (!rc && !b->data->overflow)
		rc = board_period(db, b, b->period, &b->settings, b->rows ? &b->rows[0].r : NULL,
				  sizeof *b->rows, b->best, b->data->after_prev, true,
				  b->data->sales, b->data->target, b->data->not_due);
	/* Normalised over both parts, a part's scores are not final yet. */
	if (!rc && !b->data->overflow && !(part && b->settings.normalise)) {
		b->data->ranks = xcalloc(1, sizeof *b->data->ranks);
		board_rank_count(b, 0, b->n, b->data->ranks);
	}
	return rc;
}

/* The page cache while a board's tables are read once through: small.
 * Each page of such a scan is read once, and every new page a large cache
 * keeps is new memory the system maps first: on the large demo opening
 * the tab took about 8 ms less with 256 KiB than with the tab's 16 MiB
 * (old and new builds in turns). The pages the cache held are dropped:
 * the system's file cache serves them again as fast. Not inside a
 * transaction (a write's pages would spill). Returns the size to give
 * back, 0 when nothing was changed. */
static int board_cache_narrow(qd_db *db)
{
	if (!sqlite3_get_autocommit(db_handle(db)))
		return 0;
	int size = db_cache_size(db);
	db_cache_size_set(db, -256);
	return size;
}

static void board_cache_restore(qd_db *db, int size)
{
	if (size)
		db_cache_size_set(db, size);
}

/* ---- two parts at once ---------------------------------------------------------------- */

/* A large board is read in two parts at once, split by id, the second on
 * a read-only connection of its own in a thread: on two cores the large
 * demo's board is read in about 60 % of the time (the two contend for
 * memory; the second connection costs a few milliseconds to open).
 *
 * Both parts must come from the same state of the file. The first part's
 * read transaction begins before the thread starts and ends after it has
 * finished, and PRAGMA data_version, read as it begins and again once it
 * has ended, moves when another connection committed meanwhile: then the
 * second part may have read another state, and the board is read again
 * whole, on one connection. Only a writable file in WAL mode is split (an
 * immutable one notices no commit; in rollback mode the second connection
 * could wait on a writer that waits on the first), and only when nothing
 * else of this connection is reading (a statement left stepping holds an
 * older snapshot). */
static int board_parallel_min = 20000;
static void (*board_parallel_before)(void *), (*board_parallel_during)(void *);
static void *board_parallel_arg;

void db_scoring_parallel(int min_rows, void (*before)(void *), void (*during)(void *), void *arg)
{
	board_parallel_min = min_rows;
	board_parallel_before = before;
	board_parallel_during = during;
	board_parallel_arg = arg;
}

/* The second part: what its thread is given, and what it gives back. */
struct board_helper {
	char *path;
	struct stat file; /* the file the first part reads */
	qd_period p;
	qd_date today;
	int64_t lo;
	int room; /* how many distributors there are, for its arrays */
	struct score_row *fill; /* where its rows go, up (the shared array) */
	struct score_board b;
	qd_rc rc;
};

/* PRAGMA data_version, which starts a read transaction when none is open;
 * -1 when it cannot be read (taken as moved). */
static int board_data_version(qd_db *db)
{
	sqlite3_stmt *st = db_stmt(db, "PRAGMA data_version");
	int v = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

/* Runs work(db, arg) on this thread, on a read-only connection of its own
 * to path in a read transaction, when path is still file (not another put
 * in its place since); stop, when not NULL, may stop its statements. DB_IO
 * when it could not. */
static qd_rc board_on_own_connection(const char *path, const struct stat *file,
				     qd_rc (*work)(qd_db *db, void *arg), void *arg,
				     bool (*stop)(void *ctx))
{
	qd_db *db = NULL;
	char *err = NULL;
	struct stat st;
	qd_rc rc = DB_IO;
	if (db_open(path, DB_OPEN_READONLY, &db, &err) != 0) {
		free(err);
		return rc;
	}
	board_cache_narrow(db);
	if (stop)
		db_set_stop(db, stop, arg);
	if (stat(path, &st) == 0 && st.st_dev == file->st_dev && st.st_ino == file->st_ino &&
	    db_read_begin(db) == DB_OK) {
		if (board_parallel_during)
			board_parallel_during(board_parallel_arg);
		rc = work(db, arg);
		db_read_end(db);
	}
	db_close(db);
	return rc;
}

/* The second part: reads and scores the ids from h->lo up into h->b. */
static qd_rc board_helper_work(qd_db *db, void *arg)
{
	struct board_helper *h = arg;
	qd_rc rc = board_start(db, &h->b, h->p, h->today);
	h->b.data->fill = h->fill;
	h->b.data->fill_room = h->room;
	return rc ? rc : board_rows(db, &h->b, h->lo, INT64_MAX, true, h->room);
}

/* Its thread; h->rc says whether it did. */
static void *board_helper_run(void *arg)
{
	struct board_helper *h = arg;
	h->rc = board_on_own_connection(h->path, &h->file, board_helper_work, h, NULL);
	return NULL;
}

/* The reading of two parts at once (see above): first(db, arg), when
 * given, then here(db, arg) on this thread while there(there_arg) runs on
 * another, all inside one read transaction of db; cancel, when given, is
 * set when here fails (a key stopped it), so that there stops too.
 * *there_rc is there's result. *same when both read one state of the
 * file: no commit between (PRAGMA data_version as before, into *version
 * for a later reading of the same state). */
static qd_rc board_beside(qd_db *db, qd_rc (*first)(qd_db *db, void *arg),
			  qd_rc (*here)(qd_db *db, void *arg), void *arg, void *(*there)(void *),
			  void *there_arg, const qd_rc *there_rc, atomic_bool *cancel, bool *same,
			  int *version_out)
{
	*same = false;
	qd_rc rc = db_read_begin(db);
	if (rc)
		return rc;
	int version = *version_out = board_data_version(db);
	if (first)
		rc = first(db, arg);
	if (board_parallel_before)
		board_parallel_before(board_parallel_arg);
	pthread_t thread;
	bool started = !rc && version >= 0 && pthread_create(&thread, NULL, there, there_arg) == 0;
	if (started) {
		rc = here(db, arg);
		if (rc && cancel)
			atomic_store(cancel, true);
		pthread_join(thread, NULL);
	}
	db_read_end(db);
	*same = !rc && started && !*there_rc && board_data_version(db) == version;
	return rc;
}

/* Whether a second connection may read db's file beside it now (see
 * above), and which file it is (*sb). */
static bool board_parallel_file(qd_db *db, struct stat *sb)
{
	const char *path = db_path(db);
	sqlite3 *handle = db_handle(db);
	if (board_parallel_min < 0 || !sqlite3_threadsafe() || db_readonly(db) || !path ||
	    !path[0] || !strcmp(path, ":memory:") || !sqlite3_get_autocommit(handle))
		return false;
	for (sqlite3_stmt *st = sqlite3_next_stmt(handle, NULL); st;
	     st = sqlite3_next_stmt(handle, st))
		if (sqlite3_stmt_busy(st))
			return false;
	if (stat(path, sb) != 0)
		return false;
	sqlite3_stmt *st = db_stmt(db, "PRAGMA journal_mode");
	bool wal = st && sqlite3_step(st) == SQLITE_ROW &&
		   !strcmp((const char *)sqlite3_column_text(st, 0), "wal");
	if (st)
		sqlite3_reset(st);
	return wal;
}

/* Whether the board is worth reading in two parts and may be: where to
 * split the ids (at 51.5 % of the way from the smallest to the largest:
 * distributors' ids are drawn one by one, never in a series, so they spread
 * over the whole range, and an import of distributors keeps them so,
 * import_kind.ids_apart; the second part starts 2-4 ms later, opening its
 * connection, and split halfway it finished last), how many distributors
 * there are, and which file it is. */
static bool board_split(qd_db *db, int64_t *mid, int *room, struct board_helper *h)
{
	struct stat sb;
	if (!board_parallel_file(db, &sb))
		return false;
	int64_t n = 0;
	/* The kept count: count(*) would read a whole index. */
	sqlite3_stmt *st = db_stmt(db, "SELECT n FROM distributor_total WHERE id = 1");
	if (!st || db_int_of(db, st, &n, NULL) || n < board_parallel_min || n > INT32_MAX / 2)
		return false;
	st = db_stmt(db, "SELECT (SELECT min(id) FROM distributors),"
			 " (SELECT max(id) FROM distributors)");
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			sqlite3_reset(st);
		return false;
	}
	int64_t lo = sqlite3_column_int64(st, 0), hi = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (lo < 1 || hi <= lo)
		return false;
	*mid = lo + (hi - lo) / 200 * 103;
	*room = (int)n;
	h->file = sb;
	return true;
}

/* p grown to hold at + n + 1 elements of size, the n from src at at. */
static void *board_grow(void *p, int at, const void *src, int n, size_t size)
{
	p = xrealloc(p, ((size_t)at + (size_t)n + 1) * size);
	if (n > 0)
		memcpy((char *)p + (size_t)at * size, src, (size_t)n * size);
	return p;
}

/* The second part's rows after the first's (their ids are all larger), and
 * every row normalised by the best of its region over both. Both parts were
 * read from the same state of the file: the same regions. */
static void board_join(struct score_board *b, const struct score_board *h)
{
	struct score_board_data *d = b->data, *e = h->data;
	int n = b->n, m = h->n;
	/* Read into one array, the rows follow each other there already. */
	assert(h->rows == b->rows + n);
	d->start = board_grow(d->start, n, e->start, m, sizeof *d->start);
	d->end = board_grow(d->end, n, e->end, m, sizeof *d->end);
	d->gone_from = board_grow(d->gone_from, n, e->gone_from, m, sizeof *d->gone_from);
	d->group = board_grow(d->group, n, e->group, m, sizeof *d->group);
	d->open_total = board_grow(d->open_total, n, e->open_total, m, sizeof *d->open_total);
	d->last_visit = board_grow(d->last_visit, n, e->last_visit, m, sizeof *d->last_visit);
	d->after_prev = board_grow(d->after_prev, n, e->after_prev, m, sizeof *d->after_prev);
	d->sales = board_grow(d->sales, n, e->sales, m, sizeof *d->sales);
	d->target = board_grow(d->target, n, e->target, m, sizeof *d->target);
	d->not_due = board_grow(d->not_due, n, e->not_due, m, sizeof *d->not_due);
	b->n = n + m;
	d->flags_all = d->flags_all && e->flags_all;
	free(d->slots); /* made for the first part's rows alone */
	d->slots = NULL;
	free(d->slot_ids);
	d->slot_ids = NULL;
	d->lo = 1;
	d->hi = INT64_MAX;
	d->part = false;
	/* The best of each region over both parts: the better of each part's
	 * (board_period found them as it scored, leaving out one terminated
	 * in the period). */
	for (int g = 0; g <= b->nregions; g++)
		if (h->best[g] > b->best[g])
			b->best[g] = h->best[g];
	if (b->settings.normalise) {
		d->ranks = xcalloc(1, sizeof *d->ranks);
		for (int i = 0; i < b->n; i++) {
			score_normalise(&b->settings, &b->rows[i].r, b->best[d->group[i]]);
			board_rank_count(b, i, i + 1, d->ranks);
		}
		return;
	}
	assert(d->ranks && e->ranks); /* counted as each part was read */
	for (int v = 0; v <= 1000; v++)
		d->ranks->above[v] += e->ranks->above[v];
	d->ranks->scored += e->ranks->scored;
	d->ranks->gone += e->ranks->gone;
}

/* The board of p read in two parts at once (see above): DB_OK with
 * *joined when it was; *joined false when it must be read whole (a commit
 * came between, or the second part could not be read). */
/* The first part's reading, for board_beside. */
struct board_first_part {
	struct score_board *out;
	qd_period p;
	qd_date today;
	int64_t mid;
	int room;
	struct score_row *base; /* the shared array, room rows for each part */
};

/* (board_start makes out's data first: the array is out's from here,
 * whatever happens.) */
static qd_rc board_first_start(qd_db *db, void *arg)
{
	struct board_first_part *f = arg;
	qd_rc rc = board_start(db, f->out, f->p, f->today);
	f->out->data->fill = f->base + f->room;
	f->out->data->fill_room = f->room;
	f->out->data->fill_down = true;
	return rc;
}

static qd_rc board_first_rows(qd_db *db, void *arg)
{
	struct board_first_part *f = arg;
	return board_rows(db, f->out, 1, f->mid, true, f->room);
}

static qd_rc board_two_parts(qd_db *db, qd_period p, qd_date today, bool names, int64_t mid,
			     int room, struct board_helper *h, struct score_board *out,
			     bool *joined)
{
	*joined = false;
	memset(out, 0, sizeof *out);
	/* Room for every distributor in each part: the pages not written
	 * are never taken. */
	struct board_first_part f = {
		out, p, today, mid, room, xmalloc((2 * (size_t)room + 1) * sizeof *out->rows)
	};
	h->fill = f.base + room;
	bool same;
	int version;
	qd_rc rc = board_beside(db, board_first_start, board_first_rows, &f, board_helper_run, h,
				&h->rc, NULL, &same, &version);
	if (!out->data) /* (else out's, from its first reading on) */
		free(f.base);
	if (rc || !same || out->data->overflow || h->b.data->overflow ||
	    h->b.nregions != out->nregions)
		return rc;
	board_join(out, &h->b);
	/* The names from the same state again: nothing committed since. */
	if (names) {
		rc = db_read_begin(db);
		if (!rc && board_data_version(db) == version) {
			rc = db_scoring_names(db, out, NULL, -1);
			*joined = !rc;
		}
		db_read_end(db);
		return rc;
	}
	*joined = true;
	return DB_OK;
}

qd_rc db_scoring_board(qd_db *db, qd_period p, qd_date today, bool names, struct score_board *out)
{
	int64_t mid = INT64_MAX;
	int room = 0;
	struct board_helper h = { .p = p, .today = today };
	bool joined = false;
	qd_rc rc = DB_OK;
	int cache = board_cache_narrow(db);
	if (board_split(db, &mid, &room, &h)) {
		h.path = xstrdup(db_path(db));
		h.lo = mid + 1;
		h.room = room;
		rc = board_two_parts(db, p, today, names, mid, room, &h, out, &joined);
		db_scoring_board_free(&h.b);
		free(h.path);
		if (!joined)
			db_scoring_board_free(out);
	}
	if (!rc && !joined) {
		rc = db_read_begin(db);
		if (rc)
			memset(out, 0, sizeof *out);
		else
			rc = board_start(db, out, p, today);
		if (!rc)
			rc = board_rows(db, out, 1, INT64_MAX, false, 0);
		if (!rc && names)
			rc = db_scoring_names(db, out, NULL, -1);
		db_read_end(db);
	}
	/* (Counted as the board was read, or as its parts were joined.) */
	assert(rc || out->data->ranks);
	if (!rc)
		board_rank(out, out->data->ranks);
	if (out->data) {
		free(out->data->ranks); /* (spent: above[] now counts the better) */
		out->data->ranks = NULL;
	}
	board_cache_restore(db, cache);
	return rc;
}

/* ---- history ------------------------------------------------------------------------ */

/* The change of a score (tenths) against the period before's. */
static int board_change(int now, int before)
{
	return now != SCORE_NA && before != SCORE_NA ? now - before : SCORE_CHANGE_NA;
}

/* Every row's scores of the periods before the board's, read a period at a
 * time (db_scoring_history_step). Kept between the steps: the next period
 * back, the balance after the one before it (board_period carries it back),
 * and the scores so far, SCORE_HISTORY a row in the order of spark[]. */
struct board_history_work {
	int k; /* the next period back: 1 to SCORE_HISTORY - 1 */
	int64_t *after;
	int *spark;
};

static void board_history_work_free(struct score_board_data *d)
{
	struct board_history_work *w = d->history_work;
	if (!w)
		return;
	free(w->after);
	free(w->spark);
	free(w);
	d->history_work = NULL;
}

/* The rows' change against the period before, from the work's scores. */
static void board_history_changes(struct score_board *b, const struct board_history_work *w)
{
	for (int i = 0; i < b->n; i++) {
		struct score_row *x = &b->rows[i];
		x->change = board_change(x->spark[SCORE_HISTORY - 1],
					 w->spark[(size_t)i * SCORE_HISTORY + SCORE_HISTORY - 2]);
	}
	b->changes = true;
}

/* A period before the board's is scored in two halves at once as well,
 * the rows split in the middle, the second half on a read-only connection
 * of its own in a thread, from the same state of the file (checked as
 * board_two_parts does): the first sort by change, straight after the tab
 * opens, waits for it. Rows from to to of b, as a board of their own for
 * board_period: the same reference data, the per-row arrays from row from
 * on, and their ids' range; the whole board's arrays stay b's. */
static void board_view(const struct score_board *b, int from, int to, struct score_board *v,
		       struct score_board_data *d)
{
	*v = *b;
	*d = *b->data;
	v->data = d;
	v->rows = b->rows + from;
	v->n = to - from;
	d->start += from;
	d->end += from;
	d->gone_from += from;
	d->group += from;
	d->open_total += from;
	d->last_visit += from;
	d->slots = NULL; /* (not needed: board_period reads in id order) */
	d->slot_ids = NULL;
	/* Those of the board's own period alone: not a past period's. */
	d->after_prev = d->sales = d->target = d->not_due = NULL;
	d->lo = from > 0 ? b->rows[from].id : 1;
	d->hi = to < b->n ? b->rows[to].id - 1 : INT64_MAX;
	d->part = true;
}

/* The second half: what its thread is given, and what it gives back. */
struct board_half {
	char *path;
	struct stat file; /* the file the first half reads */
	struct score_board view;
	struct score_board_data data;
	qd_period q;
	const struct score_settings *s;
	struct score_result *res;
	int64_t *after;
	int *best;
	atomic_bool cancel; /* the first half failed or was stopped */
	qd_rc rc;
};

static bool board_half_cancelled(void *ctx)
{
	return atomic_load(&((struct board_half *)ctx)->cancel);
}

static qd_rc board_half_work(qd_db *db, void *arg)
{
	struct board_half *h = arg;
	return board_period(db, &h->view, h->q, h->s, h->res, sizeof *h->res, h->best, h->after,
			    false, NULL, NULL, NULL);
}

static void *board_half_run(void *arg)
{
	struct board_half *h = arg;
	h->rc = board_on_own_connection(h->path, &h->file, board_half_work, h,
					board_half_cancelled);
	return NULL;
}

/* The first half's reading, for board_beside: the view of the rows before
 * the middle, its results into res, best and after from row 0. */
struct board_first_half {
	const struct score_board *view;
	const struct board_half *h; /* the period and its settings */
	struct score_result *res;
	int *best;
	int64_t *after;
};

static qd_rc board_first_half_run(qd_db *db, void *arg)
{
	struct board_first_half *f = arg;
	return board_period(db, f->view, f->h->q, f->h->s, f->res, sizeof *f->res, f->best,
			    f->after, false, NULL, NULL, NULL);
}

/* Period q before the board's in two halves: DB_OK with *joined when it
 * was; *joined false when it must be read whole (after is then as it was
 * given). An error of the first half (a key that stopped it) is
 * returned. */
static qd_rc board_past_halves(qd_db *db, const struct score_board *b, qd_period q,
			       const struct score_settings *s, struct score_result *res, int *best,
			       int64_t *after, bool *joined)
{
	*joined = false;
	struct board_half h = { .q = q, .s = s };
	if (b->n < 2 || b->n < board_parallel_min || !board_parallel_file(db, &h.file))
		return DB_OK;
	int m = b->n / 2;
	struct score_board first;
	struct score_board_data first_data;
	board_view(b, 0, m, &first, &first_data);
	board_view(b, m, b->n, &h.view, &h.data);
	h.path = xstrdup(db_path(db));
	h.res = res + m;
	h.after = after + m;
	h.best = xcalloc((size_t)b->nregions + 1, sizeof *h.best);
	atomic_init(&h.cancel, false);
	size_t after_size = (size_t)b->n * sizeof *after;
	int64_t *after_was = xmalloc(after_size + sizeof *after);
	memcpy(after_was, after, after_size);
	struct board_first_half fh = { &first, &h, res, best, after };
	bool same;
	int version;
	qd_rc rc = board_beside(db, NULL, board_first_half_run, &fh, board_half_run, &h, &h.rc,
				&h.cancel, &same, &version);
	if (same) {
		for (int g = 0; g <= b->nregions; g++)
			if (h.best[g] > best[g])
				best[g] = h.best[g];
		for (int i = 0; i < b->n; i++)
			score_normalise(s, &res[i], best[b->data->group[i]]);
		*joined = true;
	} else {
		memcpy(after, after_was, after_size);
	}
	free(after_was);
	free(h.best);
	free(h.path);
	return rc;
}

/* Period q before the board's, every row scored: in two halves when the
 * board is large (board_past_halves), else whole. */
static qd_rc board_past(qd_db *db, const struct score_board *b, qd_period q,
			const struct score_settings *s, struct score_result *res, int *best,
			int64_t *after)
{
	bool joined;
	qd_rc rc = board_past_halves(db, b, q, s, res, best, after, &joined);
	if (rc || joined)
		return rc;
	rc = db_read_begin(db);
	if (!rc) {
		rc = board_period(db, b, q, s, res, sizeof *res, best, after, false, NULL, NULL,
				  NULL);
		db_read_end(db);
	}
	return rc;
}

qd_rc db_scoring_history_step(qd_db *db, struct score_board *b, bool *done)
{
	struct score_board_data *d = b->data;
	*done = d->history_all;
	if (d->history_all)
		return DB_OK;
	struct board_history_work *w = d->history_work;
	if (!w) {
		w = d->history_work = xcalloc(1, sizeof *w);
		w->k = 1;
		w->after = xcalloc((size_t)b->n + 1, sizeof *w->after);
		memcpy(w->after, d->after_prev, (size_t)b->n * sizeof *w->after);
		w->spark = xcalloc((size_t)b->n * SCORE_HISTORY + 1, sizeof *w->spark);
	}
	/* The period's whole results, for this step only (14 MB on the large
	 * demo). */
	struct score_result *res = xcalloc((size_t)b->n + 1, sizeof *res);
	int *best = xcalloc((size_t)b->nregions + 1, sizeof *best);
	/* What the period reads on from, kept to be put back when a key
	 * stops the step (db_set_stop): then this step is done again, and
	 * none of those before it. */
	size_t after_size = ((size_t)b->n + 1) * sizeof *w->after;
	void *after_was = xmalloc(after_size);
	memcpy(after_was, w->after, after_size);
	qd_period q = period_next(b->period, -w->k);
	qd_rc rc =
		board_past(db, b, q, score_settings_for(b->versions, b->nversions, q, &b->defaults),
			   res, best, w->after);
	for (int i = 0; !rc && i < b->n; i++)
		w->spark[(size_t)i * SCORE_HISTORY + SCORE_HISTORY - 1 - w->k] =
			res[i].scored ? res[i].score : SCORE_NA;
	free(res);
	free(best);
	if (rc && db_stopped(db))
		memcpy(w->after, after_was, after_size);
	free(after_was);
	if (rc && !db_stopped(db)) {
		/* Begun again from the period before next time. */
		board_history_work_free(d);
		return rc;
	}
	if (rc)
		return rc;
	if (w->k == 1 && !b->changes)
		board_history_changes(b, w);
	if (++w->k < SCORE_HISTORY)
		return DB_OK;
	/* A row given its history by db_scoring_history_of keeps it (the
	 * same scores, read by its key). */
	for (int i = 0; i < b->n; i++) {
		struct score_row *x = &b->rows[i];
		if (x->history)
			continue;
		for (int k = 0; k < SCORE_HISTORY - 1; k++)
			x->spark[k] = w->spark[(size_t)i * SCORE_HISTORY + k];
		x->history = true;
	}
	/* (The changes were set by the first step.) */
	board_history_work_free(d);
	d->history_all = *done = true;
	return DB_OK;
}

qd_rc db_scoring_history(qd_db *db, struct score_board *b)
{
	/* All of it in one read transaction (what steps already read stays:
	 * a commit between them makes the screen read its board again). */
	qd_rc rc = db_read_begin(db);
	bool done = false;
	while (!rc && !done)
		rc = db_scoring_history_step(db, b, &done);
	db_read_end(db);
	return rc;
}

qd_rc db_scoring_change(qd_db *db, struct score_board *b)
{
	/* The first step of the history: the period before. */
	bool done;
	return b->changes ? DB_OK : db_scoring_history_step(db, b, &done);
}

void db_scoring_drop_steps(struct score_board *b)
{
	if (b->data) {
		board_rebate_work_free(b->data);
		board_history_work_free(b->data);
	}
}

static bool board_history_normalised(const struct score_board *b)
{
	for (int k = 0; k < SCORE_HISTORY; k++)
		if (score_settings_for(b->versions, b->nversions, period_next(b->period, -k),
				       &b->defaults)
			    ->normalise)
			return true;
	return false;
}

qd_rc db_scoring_history_of(qd_db *db, struct score_board *b, const int *rows, int n)
{
	/* The six periods' rows by the primary key: what falls after each is
	 * carried back from the board's balance after the period before it. */
	static const char sql[] =
		"SELECT period, " BOARD_FIGURES " FROM dist_period WHERE kind = ?1"
		" AND period IN (?2, ?3, ?4, ?5, ?6, ?7) AND distributor_id = ?8";
	_Static_assert(SCORE_HISTORY == 6, "one parameter a period");
	if (board_history_normalised(b))
		return db_scoring_history(db, b);
	static const char kinds[] = { 'Y', 'Q', 'M' };
	char kind[2] = { kinds[b->period.kind], 0 };
	qd_period oldest = period_next(b->period, -(SCORE_HISTORY - 1));
	char labels[SCORE_HISTORY][PERIOD_BUF];
	int32_t first[SCORE_HISTORY], last[SCORE_HISTORY];
	const struct score_settings *set[SCORE_HISTORY];
	for (int k = 0; k < SCORE_HISTORY; k++) {
		qd_period q = period_next(oldest, k);
		qd_date f, l;
		period_range(q, &f, &l);
		period_format(q, labels[k]);
		first[k] = date_to_days(f);
		last[k] = date_to_days(l);
		set[k] = score_settings_for(b->versions, b->nversions, q, &b->defaults);
	}
	int32_t today = date_to_days(b->today);
	const char *what = N_("Could not read the kept figures");
	qd_rc rc = DB_OK;
	for (int j = 0; !rc && j < n; j++) {
		int i = rows[j];
		if (i < 0 || i >= b->n || b->rows[i].history)
			continue;
		struct score_figures f[SCORE_HISTORY];
		bool has[SCORE_HISTORY] = { false };
		int64_t flow[SCORE_HISTORY] = { 0 }, open_after[SCORE_HISTORY];
		sqlite3_stmt *st = db_stmt(db, sql);
		if (!st || db_bind(db, st, db_text(kind), db_text(labels[0]), db_text(labels[1]),
				   db_text(labels[2]), db_text(labels[3]), db_text(labels[4]),
				   db_text(labels[5]), db_int(b->rows[i].id))) {
			rc = db_errcode(db);
			break;
		}
		int r;
		while ((r = db_step(db, st, what)) > 0) {
			const char *label = (const char *)sqlite3_column_text(st, 0);
			for (int k = 0; k < SCORE_HISTORY; k++)
				if (!strcmp(label ? label : "", labels[k])) {
					board_read_figures(st, 1, &f[k]);
					has[k] = true;
					flow[k] = f[k].due_fen - f[k].received_fen;
				}
		}
		if (r < 0) {
			rc = db_errcode(db);
			break;
		}
		/* after_prev: the balance of the board's period and every one
		 * after it. */
		open_after[SCORE_HISTORY - 1] = b->data->after_prev[i] - flow[SCORE_HISTORY - 1];
		for (int k = SCORE_HISTORY - 2; k >= 0; k--)
			open_after[k] = open_after[k + 1] + flow[k + 1];
		struct score_row *x = &b->rows[i];
		for (int k = 0; k < SCORE_HISTORY; k++) {
			x->spark[k] = SCORE_NA;
			if (!board_in_period(b->data->start[i], b->data->end[i], first[k], last[k],
					     today))
				continue;
			board_complete(b, i, first[k], last[k], has[k], open_after[k], &f[k]);
			int32_t ended = has[k] ? board_ended_on(b, i, first[k], last[k]) : 0;
			if (ended &&
			    (rc = board_cut_after_end(db, b->rows[i].id, ended, last[k], &f[k])))
				break;
			/* Only the board's own period may still run. */
			if (k == SCORE_HISTORY - 1)
				board_not_yet_due(&f[k], b->data->not_due[i]);
			struct score_result res;
			score_compute(set[k], &f[k], &res);
			if (res.scored)
				x->spark[k] = res.score;
		}
		if (rc)
			break;
		int now = x->spark[SCORE_HISTORY - 1], before = x->spark[SCORE_HISTORY - 2];
		x->change = board_change(now, before);
		x->history = true;
	}
	return rc;
}

/* ---- rebates ---------------------------------------------------------------------- */

static int board_category(struct score_board *b, const char *name)
{
	struct score_board_data *d = b->data;
	for (int i = 0; i < d->ncategories; i++)
		if (!strcmp(d->categories[i], name))
			return i;
	d->categories =
		xrealloc(d->categories, (size_t)(d->ncategories + 1) * sizeof *d->categories);
	text_copy(d->categories[d->ncategories], sizeof d->categories[0], name);
	return d->ncategories++;
}

/* The rules that can pay in the board's period, once. */
static qd_rc board_rules(qd_db *db, struct score_board *b)
{
	static const char sql[] =
		"SELECT id, name, category, tier, period_kind, threshold_fen, rate_bp, start_date,"
		" end_date, basis, achievement_bp FROM rebate_rules WHERE start_date <= ?2 AND"
		" (end_date IS NULL OR end_date >= ?1) ORDER BY id";
	struct score_board_data *d = b->data;
	if (d->rules || d->nrules < 0)
		return DB_OK;
	char first[DATE_BUF], last[DATE_BUF];
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(date_format(b->first, first)),
			   db_text(date_format(b->last, last))))
		return db_errcode(db);
	int cap = 0, r;
	d->rules = xcalloc(1, sizeof *d->rules);
	const char *what = N_("Could not read the rebate rules");
	while ((r = db_step(db, st, what)) > 0) {
		if (d->nrules == cap) {
			cap = cap ? cap * 2 : 8;
			d->rules = xrealloc(d->rules, (size_t)cap * sizeof *d->rules);
		}
		struct rebate_rule *x = &d->rules[d->nrules];
		memset(x, 0, sizeof *x);
		x->id = sqlite3_column_int64(st, 0);
		text_copy(x->name, sizeof x->name, (const char *)sqlite3_column_text(st, 1));
		const char *cat = (const char *)sqlite3_column_text(st, 2);
		x->category = cat && *cat ? board_category(b, cat) : -1;
		x->tier = rebate_tier_parse((const char *)sqlite3_column_text(st, 3));
		x->kind = rebate_kind_parse((const char *)sqlite3_column_text(st, 4));
		x->threshold_fen = sqlite3_column_int64(st, 5);
		x->rate_bp = sqlite3_column_int(st, 6);
		x->start = board_date(st, 7);
		x->end = board_date(st, 8);
		const char *basis = (const char *)sqlite3_column_text(st, 9);
		bool achievement = basis && !strcmp(basis, "achievement");
		if (achievement)
			x->achievement_bp = sqlite3_column_int(st, 10);
		/* A step in achievement of 0, or on a category (which has no
		 * target), is no rule qudao makes (a file from elsewhere):
		 * such a row pays nothing, the same for the whole board, one
		 * row and the explanation. */
		if (x->start.y && (!achievement || (x->achievement_bp > 0 && x->category < 0)))
			d->nrules++;
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* Whether a rule on every product pays on stretches shorter than the
 * period: then the months' sales are needed, not the period's. */
static bool board_needs_month_totals(const struct score_board *b)
{
	int span = score_period_months(b->period);
	for (int i = 0; i < b->data->nrules; i++) {
		const struct rebate_rule *r = &b->data->rules[i];
		int rs = r->kind == PERIOD_YEAR ? 12 : r->kind == PERIOD_QUARTER ? 3 : 1;
		if (r->category < 0 && rs < span)
			return true;
	}
	return false;
}

/* Whether a year's board has a rule whose step is achievement over a
 * quarter: then the quarters' targets are needed. */
static bool board_needs_quarter_targets(const struct score_board *b)
{
	for (int i = 0; b->period.kind == PERIOD_YEAR && i < b->data->nrules; i++)
		if (b->data->rules[i].kind == PERIOD_QUARTER &&
		    b->data->rules[i].achievement_bp > 0)
			return true;
	return false;
}

/* Row i's input to the rules: its months (when the month totals are not
 * needed, the period's sales stand in the first month: only rules over the
 * whole period read them), by category, and its targets: the period's own,
 * and its months' and quarters' as given (NULL: not read). */
static void board_rebate_input(const struct score_board *b, int i, int64_t *month_total,
			       const int64_t *month_cat, bool month_totals,
			       const int64_t *month_target, const int64_t *quarter_target,
			       struct rebate_input *in)
{
	int months = score_period_months(b->period);
	if (!month_totals) {
		for (int m = 0; m < months; m++)
			month_total[m] = 0;
		month_total[0] = b->data->sales[i];
	}
	rebate_input_init(in, month_total, month_cat, b->data->ncategories);
	in->target[rebate_kind_index(b->period.kind)][0] = b->data->target[i];
	for (int m = 0; month_target && m < months && b->period.kind != PERIOD_MONTH; m++)
		in->target[0][m] = month_target[m];
	for (int q = 0; quarter_target && q < 4 && b->period.kind == PERIOD_YEAR; q++)
		in->target[1][q] = quarter_target[q];
}

static int64_t board_rebate(struct score_board *b, int i, int64_t *month_total,
			    const int64_t *month_cat, bool month_totals,
			    const int64_t *month_target, const int64_t *quarter_target)
{
	struct rebate_input in;
	board_rebate_input(b, i, month_total, month_cat, month_totals, month_target, quarter_target,
			   &in);
	return rebate_estimate(b->data->rules, b->data->nrules, b->rows[i].tier, b->period, &in,
			       NULL, 0, NULL);
}

/* A kept row's target, as the board reads it (board_read_figures): its
 * own, else its months' when it has any, else none (-1). */
#define BOARD_TARGET                                                              \
	"CASE WHEN target_fen IS NOT NULL THEN target_fen WHEN month_targets > 0" \
	" THEN month_target_fen ELSE -1 END"

/* The month index of a "YYYY-MM" within the board's period, or -1. */
static int board_month_index(const struct score_board *b, const char *month)
{
	qd_period m;
	if (!month || period_parse(month, &m) || m.kind != PERIOD_MONTH)
		return -1;
	int i = (m.y - b->first.y) * 12 + (m.n - b->first.m);
	return i >= 0 && i < score_period_months(b->period) ? i : -1;
}

/* Row i's months' sales (when month_totals) and by category, less what was
 * shipped after its agreement ended in the board's period: the rules pay
 * on the sales its score counts (board_cut_after_end), not on a late
 * entry. */
static qd_rc board_rebate_cut(qd_db *db, const struct score_board *b, int i, int64_t *month_total,
			      int64_t *month_cat, bool month_totals)
{
	/* clang-format off */
	static const char sql[] =
		"SELECT substr(o.ship_date, 1, 7), p.category,"
		" sum(l.quantity * l.unit_price_fen) FROM orders o"
		" JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id"
		" WHERE o.distributor_id = ?1 AND o.ship_date > ?2 AND o.ship_date <= ?3"
		" AND " S6_SALE("o") " GROUP BY 1, 2";
	/* clang-format on */
	int32_t last = date_to_days(b->last);
	int32_t ended = board_ended_on(b, i, date_to_days(b->first), last);
	if (!ended)
		return DB_OK;
	char from[DATE_BUF], to[DATE_BUF];
	date_format(date_from_days(ended), from);
	date_format(b->last, to);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(b->rows[i].id), db_text(from), db_text(to)))
		return db_errcode(db);
	int ncat = b->data->ncategories, r;
	while ((r = db_step(db, st, N_("Could not read the orders"))) > 0) {
		int m = board_month_index(b, (const char *)sqlite3_column_text(st, 0));
		const char *cat = (const char *)sqlite3_column_text(st, 1);
		int64_t amount = sqlite3_column_int64(st, 2);
		if (m < 0)
			continue;
		if (month_totals)
			month_total[m] = month_total[m] > amount ? month_total[m] - amount : 0;
		for (int c = 0; c < ncat && cat; c++)
			if (!strcmp(b->data->categories[c], cat)) {
				int64_t *v = &month_cat[(size_t)m * (size_t)ncat + (size_t)c];
				*v = *v > amount ? *v - amount : 0;
			}
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* Reads (distributor, value[, value]) rows in distributor order, merged
 * with the board's rows: out[i * stride] = the first value for row i, and
 * out2[i * stride] the second when out2 is not NULL. */
static qd_rc board_merge(qd_db *db, const struct score_board *b, sqlite3_stmt *st, int64_t *out,
			 int64_t *out2, size_t stride)
{
	const char *what = N_("Could not read the kept figures");
	int at = 0, r;
	while ((r = db_step(db, st, what)) > 0) {
		int64_t id = sqlite3_column_int64(st, 0);
		if ((at = board_seek(b, at, id)) == b->n) {
			sqlite3_reset(st);
			return DB_OK;
		}
		if (b->rows[at].id != id)
			continue;
		out[(size_t)at * stride] = sqlite3_column_int64(st, 1);
		if (out2)
			out2[(size_t)at * stride] = sqlite3_column_int64(st, 2);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* -1 in each of n. */
static void board_no_targets(int64_t *t, size_t n)
{
	for (size_t k = 0; k < n; k++)
		t[k] = -1;
}

/* The label of month m of the board's period ("2026-10"). */
static char *board_month_label(const struct score_board *b, int m, char *buf)
{
	qd_date first = date_add_months(b->first, m);
	return period_format((qd_period){ PERIOD_MONTH, first.y, first.m }, buf);
}

/* Every row's rebate, read a scan at a time (db_scoring_rebates_step):
 * what the scans gave so far, and the next scan. */
struct board_rebate_work {
	int64_t *totals, *cats, *mtargets, *qtargets, *qsales;
	bool month_totals, quarter_targets;
	int step, steps;
	int cut; /* the rows whose late sales are taken out (board_rebate_cut) */
};

static void board_rebate_work_free(struct score_board_data *d)
{
	struct board_rebate_work *w = d->rebate_work;
	if (!w)
		return;
	free(w->totals);
	free(w->cats);
	free(w->mtargets);
	free(w->qtargets);
	free(w->qsales);
	free(w);
	d->rebate_work = NULL;
}

/* The work of b's rebates, begun (the rules read, the arrays made). */
static qd_rc board_rebate_begin(qd_db *db, struct score_board *b)
{
	struct score_board_data *d = b->data;
	if (d->rebate_work)
		return DB_OK;
	qd_rc rc = board_rules(db, b);
	if (rc)
		return rc;
	int months = score_period_months(b->period), ncat = d->ncategories;
	size_t n = (size_t)b->n;
	struct board_rebate_work *w = xcalloc(1, sizeof *w);
	w->totals = xcalloc(n * (size_t)months + 1, sizeof *w->totals);
	w->cats = xcalloc(n * (size_t)months * (size_t)ncat + 1, sizeof *w->cats);
	w->mtargets = xmalloc((n * (size_t)months + 1) * sizeof *w->mtargets);
	w->qtargets = xmalloc((n * 4 + 1) * sizeof *w->qtargets);
	w->qsales = xcalloc(n * 4 + 1, sizeof *w->qsales);
	board_no_targets(w->mtargets, n * (size_t)months + 1);
	board_no_targets(w->qtargets, n * 4 + 1);
	w->month_totals = board_needs_month_totals(b);
	w->quarter_targets = board_needs_quarter_targets(b);
	/* Each month: its totals (when needed), then each category; then a
	 * year's quarters. */
	w->steps = months * ((w->month_totals ? 1 : 0) + ncat) + (w->quarter_targets ? 4 : 0);
	d->rebate_work = w;
	return DB_OK;
}

/* Scan number k of the work (see board_rebate_begin). */
static qd_rc board_rebate_scan(qd_db *db, struct score_board *b, int k)
{
	/* A month (and category) at a time: its rows come in distributor
	 * order by the primary key, and no other category's are read. */
	static const char months_sql[] = "SELECT distributor_id, sales_fen, " BOARD_TARGET
					 " FROM dist_period WHERE kind = ?2"
					 " AND period = ?1 ORDER BY distributor_id";
	static const char cat_sql[] = "SELECT distributor_id, sales_fen FROM dist_month_category"
				      " WHERE month = ?1 AND category = ?2 ORDER BY distributor_id";
	struct board_rebate_work *w = b->data->rebate_work;
	int months = score_period_months(b->period), ncat = b->data->ncategories;
	int per_month = (w->month_totals ? 1 : 0) + ncat;
	char label[PERIOD_BUF];
	sqlite3_stmt *st;
	qd_rc rc;
	if (k >= months * per_month) {
		/* A year's quarter: its target (its sales are its months'). */
		int q = k - months * per_month;
		period_format((qd_period){ PERIOD_QUARTER, b->first.y, q + 1 }, label);
		st = db_stmt(db, months_sql);
		rc = !st ? db_errcode(db) : db_bind(db, st, db_text(label), db_text("Q"));
		return rc ? rc : board_merge(db, b, st, &w->qsales[q], &w->qtargets[q], 4);
	}
	int m = k / per_month, c = k % per_month - (w->month_totals ? 1 : 0);
	board_month_label(b, m, label);
	if (c < 0) {
		st = db_stmt(db, months_sql);
		rc = !st ? db_errcode(db) : db_bind(db, st, db_text(label), db_text("M"));
		return rc ? rc
			  : board_merge(db, b, st, &w->totals[m], &w->mtargets[m], (size_t)months);
	}
	st = db_stmt(db, cat_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_text(label), db_text(b->data->categories[c]));
	return rc ? rc
		  : board_merge(db, b, st, &w->cats[(size_t)m * (size_t)ncat + (size_t)c], NULL,
				(size_t)months * (size_t)ncat);
}

/* Every row's rebate from what the scans gave. */
static qd_rc board_rebate_end(qd_db *db, struct score_board *b)
{
	struct board_rebate_work *w = b->data->rebate_work;
	int months = score_period_months(b->period), ncat = b->data->ncategories;
	/* Stopped by a key, it goes on from the row it stopped at (each is
	 * taken out of once). */
	for (; w->cut < b->n; w->cut++) {
		int i = w->cut;
		qd_rc rc = board_rebate_cut(db, b, i, &w->totals[(size_t)i * (size_t)months],
					    &w->cats[(size_t)i * (size_t)months * (size_t)ncat],
					    w->month_totals);
		if (rc)
			return rc;
	}
	for (int i = 0; i < b->n; i++) {
		b->rows[i].rebate_fen = board_rebate(
			b, i, &w->totals[(size_t)i * (size_t)months],
			&w->cats[(size_t)i * (size_t)months * (size_t)ncat], w->month_totals,
			&w->mtargets[(size_t)i * (size_t)months], &w->qtargets[(size_t)i * 4]);
		b->rows[i].rebate_known = true;
	}
	b->rebates = true;
	board_rebate_work_free(b->data);
	return DB_OK;
}

qd_rc db_scoring_rebates_step(qd_db *db, struct score_board *b, bool *done)
{
	*done = b->rebates;
	if (b->rebates)
		return DB_OK;
	qd_rc rc = board_rebate_begin(db, b);
	struct board_rebate_work *w = b->data->rebate_work;
	if (!rc && w->step < w->steps && !(rc = board_rebate_scan(db, b, w->step)))
		w->step++;
	if (rc && db_stopped(db))
		/* Stopped by a key: this scan again next time (it sets each
		 * row's figures, it adds nothing up), not those before. */
		return rc;
	if (rc) {
		/* Begun again from the first scan next time. */
		board_rebate_work_free(b->data);
		return rc;
	}
	if (w->step == w->steps) {
		rc = board_rebate_end(db, b);
		if (rc && !db_stopped(db))
			board_rebate_work_free(b->data);
		*done = !rc;
	}
	return rc;
}

qd_rc db_scoring_rebates(qd_db *db, struct score_board *b)
{
	/* All of it in one read transaction (what steps already read stays:
	 * a commit between them makes the screen read its board again). */
	qd_rc rc = db_read_begin(db);
	bool done = b->rebates;
	while (!rc && !done)
		rc = db_scoring_rebates_step(db, b, &done);
	db_read_end(db);
	return rc;
}

/* One distributor's months of the board's period: totals, by category, and
 * the months' and (in a year) the quarters' targets, each row sought by
 * its primary key: only the months and the categories the rules name. */
static qd_rc board_months_of(qd_db *db, const struct score_board *b, int i, int64_t *totals,
			     int64_t *cats, int64_t *mtargets, int64_t *qtargets)
{
	/* ?1 the distributor, ?2 the kind, ?3 to ?14 the periods (NULL for
	 * none). */
	static const char months_sql[] =
		"SELECT period, sales_fen, " BOARD_TARGET " FROM dist_period"
		" WHERE kind = ?2 AND period IN (?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		"?14)"
		" AND distributor_id = ?1";
	static const char cat_sql[] = "SELECT sales_fen FROM dist_month_category"
				      " WHERE month = ?2 AND category = ?3 AND distributor_id = ?1";
	int months = score_period_months(b->period), ncat = b->data->ncategories;
	memset(totals, 0, (size_t)months * sizeof *totals);
	memset(cats, 0, (size_t)months * (size_t)ncat * sizeof *cats);
	board_no_targets(mtargets, (size_t)months);
	board_no_targets(qtargets, 4);
	int64_t id = b->rows[i].id;
	/* The months, then (a year's) the quarters. */
	char labels[12][PERIOD_BUF], qlabels[4][PERIOD_BUF];
	for (int m = 0; m < months && m < 12; m++)
		board_month_label(b, m, labels[m]);
	for (int q = 0; q < 4; q++)
		period_format((qd_period){ PERIOD_QUARTER, b->first.y, q + 1 }, qlabels[q]);
	const char *what = N_("Could not read the kept figures");
	for (int pass = 0; pass < (b->period.kind == PERIOD_YEAR ? 2 : 1); pass++) {
		bool quarters = pass == 1;
		int n = quarters ? 4 : months;
		struct db_val v[14] = { db_int(id), db_text(quarters ? "Q" : "M") };
		for (int k = 0; k < 12; k++)
			v[2 + k] = k >= n ? db_null() : db_text(quarters ? qlabels[k] : labels[k]);
		sqlite3_stmt *st = db_stmt(db, months_sql);
		if (!st || db_bind_values(db, st, 1, v, 14))
			return db_errcode(db);
		int r;
		while ((r = db_step(db, st, what)) > 0) {
			const char *period = (const char *)sqlite3_column_text(st, 0);
			qd_period q;
			if (quarters) {
				if (period && !period_parse(period, &q) &&
				    q.kind == PERIOD_QUARTER && q.y == b->first.y)
					qtargets[q.n - 1] = sqlite3_column_int64(st, 2);
				continue;
			}
			int m = board_month_index(b, period);
			if (m >= 0) {
				totals[m] = sqlite3_column_int64(st, 1);
				mtargets[m] = sqlite3_column_int64(st, 2);
			}
		}
		if (r < 0)
			return db_errcode(db);
	}
	for (int m = 0; m < months && m < 12; m++)
		for (int c = 0; c < ncat; c++) {
			sqlite3_stmt *st = db_stmt(db, cat_sql);
			if (!st || db_bind(db, st, db_int(id), db_text(labels[m]),
					   db_text(b->data->categories[c])))
				return db_errcode(db);
			int r = db_step(db, st, what);
			if (r < 0)
				return db_errcode(db);
			if (r > 0) {
				cats[(size_t)m * (size_t)ncat + (size_t)c] =
					sqlite3_column_int64(st, 0);
				sqlite3_reset(st);
			}
		}
	return DB_OK;
}

qd_rc db_scoring_rebates_of(qd_db *db, struct score_board *b, const int *rows, int n)
{
	qd_rc rc = board_rules(db, b);
	int months = score_period_months(b->period), ncat = b->data->ncategories;
	int64_t totals[12], mtargets[12], qtargets[4],
		*cats = xcalloc((size_t)months * (size_t)ncat + 1, sizeof *cats);
	bool month_totals = !rc && board_needs_month_totals(b);
	for (int k = 0; !rc && k < n; k++) {
		int i = rows[k];
		if (i < 0 || i >= b->n || b->rows[i].rebate_known)
			continue;
		rc = board_months_of(db, b, i, totals, cats, mtargets, qtargets);
		if (!rc)
			rc = board_rebate_cut(db, b, i, totals, cats, month_totals);
		if (rc)
			break;
		b->rows[i].rebate_fen =
			board_rebate(b, i, totals, cats, month_totals, mtargets, qtargets);
		b->rows[i].rebate_known = true;
	}
	free(cats);
	return rc;
}

/* ---- one distributor ---------------------------------------------------------------- */

static void explain_add(struct score_explain *x, int *cap, const struct score_evidence *e)
{
	if (x->n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		x->rows = xrealloc(x->rows, (size_t)*cap * sizeof *x->rows);
	}
	x->rows[x->n++] = *e;
}

/* clang-format off */
static const char explain_orders_sql[] =
	"SELECT o.id, o.order_no, o.ship_date, o.status, o.total_fen,"
	" o.ship_territory_id IS NOT ds.territory_id,"
	" " S6_LINES_OF("o") ", " S6_LINES_OK_OF("o", "ds.tier")
	" FROM orders o JOIN distributors ds ON ds.id = o.distributor_id"
	" WHERE o.distributor_id = ?1 AND o.ship_date BETWEEN ?2 AND ?3 AND " S6_SALE("o")
	" ORDER BY o.ship_date, o.order_no";
static const char explain_lines_sql[] =
	"SELECT l.id, o.order_no || ' · ' || p.name, o.ship_date, p.tolerance_bp, l.unit_price_fen,"
	" " S6_POLICY("ds.tier", "p") ", l.quantity, " S6_LINE_OK("l.unit_price_fen", "ds.tier", "p")
	" FROM order_lines l JOIN orders o ON o.id = l.order_id"
	" JOIN distributors ds ON ds.id = o.distributor_id JOIN products p ON p.id = l.product_id"
	" WHERE o.distributor_id = ?1 AND o.ship_date BETWEEN ?2 AND ?3 AND " S6_SALE("o")
	" ORDER BY o.ship_date, o.order_no, l.id";
static const char explain_payments_sql[] =
	"SELECT id, coalesce(invoice_no, reference), paid_on, '', amount_fen, 0, 0, -1 FROM payments"
	" WHERE distributor_id = ?1 AND paid_on BETWEEN ?2 AND ?3 ORDER BY paid_on, id";
static const char explain_dues_sql[] =
	"SELECT id, invoice_no, due_date, '', amount_fen, 0, 0, -1 FROM amounts_due"
	" WHERE distributor_id = ?1 AND due_date BETWEEN ?2 AND ?3 ORDER BY due_date, id";
static const char explain_visits_sql[] =
	"SELECT v.id, coalesce(r.name, ''), v.planned_at, v.status, 0, coalesce(v.display_score, -1),"
	" 0, -1 FROM visits v LEFT JOIN reps r ON r.id = v.rep_id"
	" WHERE v.distributor_id = ?1 AND v.planned_at >= ?2 AND v.planned_at < date(?3, '+1 day')"
	" ORDER BY v.planned_at, v.id";
static const char explain_counts_sql[] =
	"SELECT vi.id, p.name, v.planned_at, '', 0, vi.quantity, "
	S6_UNITS("v.distributor_id", "vi.product_id", "substr(v.planned_at, 1, 10)") ", -1"
	" FROM visit_inventory vi JOIN visits v ON v.id = vi.visit_id JOIN products p"
	" ON p.id = vi.product_id WHERE v.distributor_id = ?1 AND v.status = 'done'"
	" AND v.planned_at >= ?2 AND v.planned_at < date(?3, '+1 day') ORDER BY v.planned_at, p.sku";
static const char explain_prices_sql[] =
	"SELECT vp.id, p.name, v.planned_at, p.tolerance_bp, vp.shelf_price_fen, p.retail_price_fen, 0, "
	S6_SHELF_OK("vp.shelf_price_fen", "p")
	" FROM visit_prices vp JOIN visits v ON v.id = vp.visit_id JOIN products p"
	" ON p.id = vp.product_id WHERE v.distributor_id = ?1 AND v.status = 'done'"
	" AND v.planned_at >= ?2 AND v.planned_at < date(?3, '+1 day') ORDER BY v.planned_at, p.sku";
static const char explain_incidents_sql[] =
	"SELECT i.id, i.description, i.occurred_on, i.kind, 0,"
	" CASE WHEN i.status = 'resolved' THEN CAST(julianday(i.resolved_on)"
	" - julianday(i.occurred_on) AS INTEGER) ELSE -1 END, 0, " S6_IN_TIME("i")
	" FROM incidents i WHERE i.distributor_id = ?1 AND i.occurred_on BETWEEN ?2 AND ?3"
	" ORDER BY i.occurred_on, i.id";
static const char explain_trainings_sql[] =
	"SELECT t.id, t.topic, t.held_on, '', 0, 0, 0, EXISTS (SELECT 1 FROM training_attendance a"
	" WHERE a.training_id = t.id AND a.distributor_id = ?1)"
	" FROM trainings t WHERE t.held_on BETWEEN ?2 AND ?3 ORDER BY t.held_on, t.id";
static const char explain_row_sql[] =
	"SELECT " BOARD_FIGURES " FROM dist_period WHERE kind = ?1 AND period = ?2"
	" AND distributor_id = ?3";
static const char explain_after_sql[] =
	"SELECT coalesce(sum(due_fen - received_fen), 0) FROM dist_period"
	" WHERE distributor_id = ?1 AND +kind = ?2 AND period > ?3";
/* clang-format on */

/* Reads the rows sql gives (id, ref, date, code, amount, n1, n2, flag) as
 * evidence of kind. */
static qd_rc explain_rows(qd_db *db, const char *sql, qd_evidence_kind kind, int64_t id,
			  const char *first, const char *last, struct score_explain *x, int *cap)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id), db_text(first), db_text(last)))
		return db_errcode(db);
	int r;
	const char *what = N_("Could not read the rows behind the score");
	while ((r = db_step(db, st, what)) > 0) {
		struct score_evidence e;
		memset(&e, 0, sizeof e);
		e.kind = kind;
		e.id = sqlite3_column_int64(st, 0);
		text_copy(e.ref, sizeof e.ref, (const char *)sqlite3_column_text(st, 1));
		text_copy(e.date, sizeof e.date, (const char *)sqlite3_column_text(st, 2));
		/* A line's or a shelf price's fourth column is its tolerance. */
		if (kind == EVIDENCE_LINE || kind == EVIDENCE_PRICE)
			e.tol_bp = sqlite3_column_int64(st, 3);
		else
			text_copy(e.code, sizeof e.code, (const char *)sqlite3_column_text(st, 3));
		e.amount_fen = sqlite3_column_int64(st, 4);
		e.n1 = sqlite3_column_int64(st, 5);
		e.n2 = sqlite3_column_int64(st, 6);
		e.flag = sqlite3_column_int(st, 7);
		if (kind == EVIDENCE_ORDER) {
			/* status, total, outside, lines, within */
			e.flag = sqlite3_column_int(st, 5);
			e.n1 = sqlite3_column_int64(st, 6);
			e.n2 = sqlite3_column_int64(st, 7);
		} else if (kind == EVIDENCE_LINE) {
			/* price, list price, quantity, within */
			e.n1 = sqlite3_column_int64(st, 5);
			e.n2 = sqlite3_column_int64(st, 6);
		}
		explain_add(x, cap, &e);
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* What was still owed at the end of the board's period (today, while it
 * runs), invoice by invoice, as the distributor's picture ages them
 * (aging_compute): a payment naming an invoice pays it, the others pay the
 * oldest first. The amounts due by then and the payments up to the
 * period's end are those the kept figures count, so the amounts left open
 * add up to the sub-score's overdue amount. */
static qd_rc explain_open(qd_db *db, const struct score_board *b, int i, struct score_explain *x,
			  int *cap)
{
	bool running = date_cmp(b->last, b->today) > 0;
	qd_date upto = running ? b->today : b->last;
	char upto_s[DATE_BUF], last[DATE_BUF];
	struct db_receivables due;
	qd_rc rc = db_receivables_read(db, b->rows[i].id, date_format(upto, upto_s),
				       date_format(b->last, last), upto, &due);
	for (int k = 0; !rc && k < due.n; k++) {
		const struct db_receivable *d = &due.rows[k];
		if (d->open_fen <= 0)
			continue;
		struct score_evidence e;
		memset(&e, 0, sizeof e);
		e.kind = EVIDENCE_OPEN;
		e.id = d->id;
		text_copy(e.ref, sizeof e.ref, d->invoice);
		date_format(d->due.due, e.date);
		e.amount_fen = d->open_fen;
		e.n1 = d->due.amount_fen;
		e.n2 = date_diff(d->due.due, upto);
		e.flag = !running;
		explain_add(x, cap, &e);
	}
	db_receivables_free(&due);
	return rc;
}

/* The figures of row i for the board's period, as the board read them. */
static qd_rc explain_figures(qd_db *db, const struct score_board *b, int i, struct score_figures *f)
{
	static const char kinds[] = { 'Y', 'Q', 'M' };
	char kind[2] = { kinds[b->period.kind], 0 }, label[PERIOD_BUF];
	period_format(b->period, label);
	const struct score_row *x = &b->rows[i];
	memset(f, 0, sizeof *f);
	sqlite3_stmt *st = db_stmt(db, explain_row_sql);
	if (!st || db_bind(db, st, db_text(kind), db_text(label), db_int(x->id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the kept figures"));
	if (r < 0)
		return db_errcode(db);
	bool has = r > 0;
	if (has) {
		board_read_figures(st, 0, f);
		sqlite3_reset(st);
	}
	st = db_stmt(db, explain_after_sql);
	if (!st || db_bind(db, st, db_int(x->id), db_text(kind), db_text(label)))
		return db_errcode(db);
	if (db_step(db, st, N_("Could not read the kept figures")) <= 0)
		return db_errcode(db);
	int64_t open_after = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	int32_t first = date_to_days(b->first), last = date_to_days(b->last);
	board_complete(b, i, first, last, has, open_after, f);
	board_not_yet_due(f, b->data->not_due[i]);
	int32_t ended = has ? board_ended_on(b, i, first, last) : 0;
	return ended ? board_cut_after_end(db, x->id, ended, last, f) : DB_OK;
}

qd_rc db_scoring_explain(qd_db *db, const struct score_board *b, int i, struct score_explain *out)
{
	memset(out, 0, sizeof *out);
	if (i < 0 || i >= b->n)
		return db_fail(db, DB_NOTFOUND, 0, _("That distributor is not on the scorecard."));
	const struct score_row *x = &b->rows[i];
	char first[DATE_BUF], last[DATE_BUF];
	date_format(b->first, first);
	date_format(b->last, last);
	int cap = 0;
	qd_rc rc = db_read_begin(db);
	if (!rc)
		rc = explain_figures(db, b, i, &out->f);
	static const struct {
		const char *sql;
		qd_evidence_kind kind;
	} parts[] = {
		{ explain_orders_sql, EVIDENCE_ORDER },
		{ explain_lines_sql, EVIDENCE_LINE },
		{ explain_dues_sql, EVIDENCE_DUE },
		{ explain_payments_sql, EVIDENCE_PAYMENT },
		{ explain_visits_sql, EVIDENCE_VISIT },
		{ explain_counts_sql, EVIDENCE_COUNT },
		{ explain_prices_sql, EVIDENCE_PRICE },
		{ explain_incidents_sql, EVIDENCE_INCIDENT },
		{ explain_trainings_sql, EVIDENCE_TRAINING },
	};
	for (size_t k = 0; !rc && k < sizeof parts / sizeof parts[0]; k++) {
		rc = explain_rows(db, parts[k].sql, parts[k].kind, x->id, first, last, out, &cap);
		if (!rc && parts[k].kind == EVIDENCE_DUE)
			rc = explain_open(db, b, i, out, &cap);
	}
	/* Sessions count when offered (held while the agreement ran, by today)
	 * or attended. */
	int kept = 0;
	int32_t ended = board_ended_on(b, i, date_to_days(b->first), date_to_days(b->last));
	for (int k = 0; !rc && k < out->n; k++) {
		struct score_evidence *e = &out->rows[k];
		qd_date held;
		int32_t day = e->kind == EVIDENCE_TRAINING && !date_parse(e->date, &held)
				      ? date_to_days(held)
				      : 0;
		bool offered = day && day >= b->data->start[i] && day <= b->data->end[i] &&
			       date_cmp(held, b->today) <= 0;
		/* An order or a line shipped after its agreement ended in the
		 * period: listed, not counted (board_cut_after_end). */
		qd_date shipped;
		if (ended && (e->kind == EVIDENCE_ORDER || e->kind == EVIDENCE_LINE) &&
		    !date_parse(e->date, &shipped))
			e->after_end = date_to_days(shipped) > ended;
		if (ended && day > ended)
			e->after_end = true;
		qd_date due;
		if (e->kind == EVIDENCE_DUE)
			e->flag = date_parse(e->date, &due) || date_cmp(due, b->today) <= 0;
		if (e->kind != EVIDENCE_TRAINING || offered || e->flag > 0)
			out->rows[kept++] = *e;
	}
	out->n = rc ? out->n : kept;
	/* The rebates the period's sales earn, rule by rule. */
	if (!rc)
		rc = board_rules(db, (struct score_board *)b);
	if (!rc && b->data->nrules > 0) {
		int months = score_period_months(b->period), ncat = b->data->ncategories;
		int64_t totals[12], mtargets[12], qtargets[4],
			*cats = xcalloc((size_t)months * (size_t)ncat + 1, sizeof *cats);
		rc = board_months_of(db, b, i, totals, cats, mtargets, qtargets);
		if (!rc)
			rc = board_rebate_cut(db, b, i, totals, cats, board_needs_month_totals(b));
		struct rebate_input in;
		board_rebate_input(b, i, totals, cats, board_needs_month_totals(b), mtargets,
				   qtargets, &in);
		struct rebate_line lines[64];
		int nlines = 0;
		if (!rc)
			rebate_estimate(b->data->rules, b->data->nrules, x->tier, b->period, &in,
					lines, 64, &nlines);
		/* A stretch not reached that begins after today, or after
		 * its agreement ended, could not be: not listed. */
		int32_t until = date_to_days(b->today);
		if (b->data->end[i] < until)
			until = b->data->end[i];
		for (int k = 0; k < nlines; k++) {
			qd_date sfirst, slast;
			period_range(lines[k].when, &sfirst, &slast);
			if (!lines[k].reached && date_to_days(sfirst) > until)
				continue;
			const struct rebate_rule *rule = &b->data->rules[lines[k].rule];
			struct score_evidence e;
			memset(&e, 0, sizeof e);
			e.kind = EVIDENCE_REBATE;
			period_format(lines[k].when, e.date);
			/* A rule on one category names it: its sales are that
			 * category's. */
			if (rule->category >= 0 && rule->category < b->data->ncategories)
				snprintf(e.ref, sizeof e.ref, "%s · %s", rule->name,
					 b->data->categories[rule->category]);
			else
				text_copy(e.ref, sizeof e.ref, rule->name);
			e.amount_fen = lines[k].rebate_fen;
			e.n1 = lines[k].sales_fen;
			e.n2 = rule->threshold_fen;
			/* A step in achievement: the step (tol_bp) and the
			 * stretch's target (n2, -1 for none). */
			if (rule->achievement_bp > 0) {
				text_copy(e.code, sizeof e.code, "achievement");
				e.tol_bp = rule->achievement_bp;
				e.n2 = lines[k].target_fen;
			}
			/* -1: paid; 0: its threshold not reached. */
			e.flag = lines[k].reached ? -1 : 0;
			explain_add(out, &cap, &e);
		}
		free(cats);
	}
	db_read_end(db);
	return rc;
}

void db_scoring_explain_free(struct score_explain *x)
{
	free(x->rows);
	memset(x, 0, sizeof *x);
}

/* ---- places ---------------------------------------------------------------------------- */

int db_scoring_places(qd_db *db, qd_period p, qd_date today, struct score_place **out)
{
	*out = NULL;
	struct score_board b;
	qd_rc rc = db_scoring_board(db, p, today, false, &b);
	if (rc) {
		db_scoring_board_free(&b);
		return -1;
	}
	int n = b.nterritories;
	struct score_place *places = xcalloc((size_t)n + 1, sizeof *places);
	int64_t *sums = xcalloc((size_t)n + 1, sizeof *sums);
	for (int t = 0; t < n; t++)
		places[t].territory_id = b.territories[t].id;
	for (int i = 0; i < b.n; i++) {
		const struct score_row *x = &b.rows[i];
		/* As the Scorecards' groups count: one terminated in the period
		 * is listed there without rank or grade, left out of averages
		 * (the map said 71 where the tab said 71.6). */
		if (!x->r.scored || x->gone)
			continue;
		/* The distributor counts in its territory and every one above. */
		int64_t t = x->territory_id;
		for (int depth = 0; t && depth < 16; depth++) {
			const struct score_ref *ref = score_board_territory(&b, t);
			if (!ref)
				break;
			int k = (int)(ref - b.territories);
			places[k].distributors++;
			sums[k] += x->r.score;
			places[k].grades[x->r.grade - 'A']++;
			t = ref->parent_id;
		}
	}
	for (int t = 0; t < n; t++)
		places[t].sum = sums[t];
	for (int t = 0; t < n; t++)
		if (places[t].distributors)
			places[t].average = (int)((sums[t] + places[t].distributors / 2) /
						  places[t].distributors);
	free(sums);
	db_scoring_board_free(&b);
	*out = places;
	return n;
}

qd_rc db_scoring_territory_average(qd_db *db, qd_period p, qd_date today, int64_t territory_id,
				   int *average, int *count)
{
	*average = *count = 0;
	struct score_place *places;
	int n = db_scoring_places(db, p, today, &places);
	if (n < 0)
		return db_errcode(db);
	for (int t = 0; t < n; t++)
		if (places[t].territory_id == territory_id) {
			*average = places[t].average;
			*count = places[t].distributors;
		}
	free(places);
	return DB_OK;
}
