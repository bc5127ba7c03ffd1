/* The rebate rules as Setup lists and edits them: each a step of a ladder
 * (kind, category, tier and basis), in sales or in achievement of the
 * target; checked by core/scorecard (rebate_rule_check) and here for what
 * needs the database (a category some product has), saved with a version
 * check, logged in change_log. The scorecards read them in scoring.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/money.h"
#include "qudao/scoring.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

/* clang-format off */
#define REBATE_COLUMNS \
	"name, category, tier, period_kind, basis, threshold_fen, achievement_bp, rate_bp," \
	" start_date, end_date"
static const char rebate_list_sql[] =
	"SELECT id, version, " REBATE_COLUMNS " FROM rebate_rules"
	" ORDER BY CASE period_kind WHEN 'year' THEN 0 WHEN 'quarter' THEN 1 ELSE 2 END,"
	" coalesce(category, ''), coalesce(tier, ''), basis,"
	" threshold_fen + achievement_bp, start_date, id";
static const char rebate_get_sql[] =
	"SELECT id, version, " REBATE_COLUMNS " FROM rebate_rules WHERE id = ?1";
static const char rebate_insert_sql[] =
	"INSERT INTO rebate_rules(id, " REBATE_COLUMNS ", created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";
static const char rebate_update_sql[] =
	"UPDATE rebate_rules SET (" REBATE_COLUMNS ", updated_at) ="
	" (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12), version = version + 1"
	" WHERE id = ?1 AND version = ?13";
static const char rebate_exists_sql[] = "SELECT 1 FROM rebate_rules WHERE id = ?1";
static const char rebate_delete_sql[] =
	"DELETE FROM rebate_rules WHERE id = ?1 AND version = ?2";
/* Another rule of the same ladder with the same step in force on a day of
 * ?7 to ?8 (NULL: no end): the two would pay as one. */
static const char rebate_twin_sql[] =
	"SELECT name, start_date FROM rebate_rules WHERE id <> ?1 AND period_kind = ?2"
	" AND category IS ?3 AND tier IS ?4 AND basis = ?5"
	" AND (CASE basis WHEN 'achievement' THEN achievement_bp ELSE threshold_fen END) = ?6"
	" AND start_date <= coalesce(?8, '9999-12-31')"
	" AND coalesce(end_date, '9999-12-31') >= ?7 ORDER BY start_date LIMIT 1";
/* Another rule of the same name in force on a day of ?2 to ?3 (NULL: no
 * end): an explanation tells its rebates apart by name. */
static const char rebate_same_name_sql[] =
	"SELECT start_date FROM rebate_rules WHERE id <> ?1 AND name = ?4 COLLATE NOCASE"
	" AND start_date <= coalesce(?3, '9999-12-31')"
	" AND coalesce(end_date, '9999-12-31') >= ?2 ORDER BY start_date LIMIT 1";
static const char rebate_category_sql[] =
	"SELECT category FROM products WHERE category = ?1 LIMIT 1";
static const char rebate_categories_sql[] =
	"SELECT DISTINCT category FROM products ORDER BY category";
/* clang-format on */

static qd_date rebate_date(sqlite3_stmt *st, int col)
{
	qd_date d = { 0, 0, 0 };
	const char *s = (const char *)sqlite3_column_text(st, col);
	if (s && date_parse(s, &d))
		d = (qd_date){ 0, 0, 0 };
	return d;
}

/* A row of rebate_get_sql or rebate_list_sql into *x. */
static void rebate_row(sqlite3_stmt *st, struct rebate_rule_rec *x)
{
	memset(x, 0, sizeof *x);
	x->id = sqlite3_column_int64(st, 0);
	x->version = sqlite3_column_int64(st, 1);
	text_copy(x->name, sizeof x->name, (const char *)sqlite3_column_text(st, 2));
	text_copy(x->category, sizeof x->category, (const char *)sqlite3_column_text(st, 3));
	x->tier = rebate_tier_parse((const char *)sqlite3_column_text(st, 4));
	x->kind = rebate_kind_parse((const char *)sqlite3_column_text(st, 5));
	const char *basis = (const char *)sqlite3_column_text(st, 6);
	x->achievement = basis && !strcmp(basis, "achievement");
	x->threshold_fen = sqlite3_column_int64(st, 7);
	x->achievement_bp = sqlite3_column_int(st, 8);
	x->rate_bp = sqlite3_column_int(st, 9);
	x->start = rebate_date(st, 10);
	x->end = rebate_date(st, 11);
}

qd_rc db_rebate_rule_get(qd_db *db, int64_t id, struct rebate_rule_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, rebate_get_sql);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the rebate rules"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, 0, _("This rule is not there any more."));
	rebate_row(st, out);
	sqlite3_reset(st);
	return DB_OK;
}

int db_rebate_rules(qd_db *db, struct rebate_rule_rec **out)
{
	*out = NULL;
	sqlite3_stmt *st = db_stmt(db, rebate_list_sql);
	if (!st)
		return -1;
	int n = 0, cap = 0, r;
	struct rebate_rule_rec *v = NULL;
	while ((r = db_step(db, st, N_("Could not read the rebate rules"))) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, (size_t)cap * sizeof *v);
		}
		rebate_row(st, &v[n++]);
	}
	if (r < 0) {
		free(v);
		return -1;
	}
	*out = v;
	return n;
}

int db_rebate_categories(qd_db *db, char (**out)[REBATE_BUF(REBATE_CATEGORY_MAX)])
{
	*out = NULL;
	sqlite3_stmt *st = db_stmt(db, rebate_categories_sql);
	if (!st)
		return -1;
	int n = 0, cap = 0, r;
	char(*v)[REBATE_BUF(REBATE_CATEGORY_MAX)] = NULL;
	while ((r = db_step(db, st, N_("Could not read the products"))) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, (size_t)cap * sizeof *v);
		}
		text_copy(v[n++], sizeof v[0], (const char *)sqlite3_column_text(st, 0));
	}
	if (r < 0) {
		free(v);
		return -1;
	}
	*out = v;
	return n;
}

/* What the change log says of r: its step and rate, for whoever reads the
 * log (English, as the log's other summaries). */
static void rebate_summary(const struct rebate_rule_rec *r, char *buf, size_t size)
{
	char step[MONEY_BUF + 24], rate[24], cat[REBATE_BUF(REBATE_CATEGORY_MAX) + 16];
	if (r->achievement) {
		rebate_percent(r->achievement_bp, step, sizeof step - 16);
		strcat(step, " of the target");
	} else {
		money_format(r->threshold_fen, step);
		strcat(step, " of sales");
	}
	snprintf(cat, sizeof cat, "%s", r->category[0] ? r->category : "every product");
	snprintf(buf, size, "%s: %s from %s, %s, tier %c, %s", r->name, rebate_kind_name(r->kind),
		 step, cat, r->tier ? r->tier : '*', rebate_percent(r->rate_bp, rate, sizeof rate));
}

static qd_rc rebate_save(qd_db *db, struct rebate_rule_rec *r, const char *who)
{
	int field = 0;
	const char *why = rebate_rule_check(r, &field);
	if (why)
		return db_fail(db, DB_INVALID, field, "%s", _(why));
	/* A category some product has; one the rule had already stays (its
	 * products may have gone: the rule can still be ended). */
	struct rebate_rule_rec was;
	bool kept = r->id && r->category[0] && db_rebate_rule_get(db, r->id, &was) == DB_OK &&
		    !strcmp(was.category, r->category);
	if (r->category[0] && !kept) {
		sqlite3_stmt *st = db_stmt(db, rebate_category_sql);
		if (!st || db_bind(db, st, db_text(r->category)))
			return db_errcode(db);
		int found = db_step(db, st, N_("Could not read the products"));
		if (found < 0)
			return db_errcode(db);
		sqlite3_reset(st);
		if (!found)
			return db_fail(db, DB_INVALID, REBATE_FIELD_CATEGORY,
				       _("No product has the category \"%s\"."), r->category);
	}
	char now[24], start[DATE_BUF], end[DATE_BUF], tier[2] = { r->tier, 0 };
	db_now_utc(now);
	date_format(r->start, start);
	if (r->end.y)
		date_format(r->end, end);
	sqlite3_stmt *st = db_stmt(db, rebate_twin_sql);
	if (!st || db_bind(db, st, db_int(r->id), db_text(rebate_kind_name(r->kind)),
			   r->category[0] ? db_text(r->category) : db_null(),
			   r->tier ? db_text(tier) : db_null(),
			   db_text(r->achievement ? "achievement" : "sales"),
			   db_int(r->achievement ? r->achievement_bp : r->threshold_fen),
			   db_text(start), r->end.y ? db_text(end) : db_null()))
		return db_errcode(db);
	int twin = db_step(db, st, N_("Could not read the rebate rules"));
	if (twin < 0)
		return db_errcode(db);
	if (twin > 0) {
		char name[REBATE_BUF(REBATE_NAME_MAX)], from[DATE_BUF];
		text_copy(name, sizeof name, (const char *)sqlite3_column_text(st, 0));
		text_copy(from, sizeof from, (const char *)sqlite3_column_text(st, 1));
		sqlite3_reset(st);
		/* Which of the two ends: the one that starts first. */
		qd_date other;
		bool before = date_parse(from, &other) == 0 && date_cmp(other, r->start) < 0;
		return db_fail(db, DB_DUPLICATE, REBATE_FIELD_STEP,
			       before ? _("The rule \"%s\" (from %s) has this step in the same "
					  "ladder at the same time: only one of them would pay. "
					  "Give this one another step, or end that one the day "
					  "before this one starts.")
				      : _("The rule \"%s\" (from %s) has this step in the same "
					  "ladder at the same time: only one of them would pay. "
					  "Give this one another step, or end it the day before "
					  "that one starts."),
			       name, from);
	}
	st = db_stmt(db, rebate_same_name_sql);
	if (!st || db_bind(db, st, db_int(r->id), db_text(start),
			   r->end.y ? db_text(end) : db_null(), db_text(r->name)))
		return db_errcode(db);
	int same = db_step(db, st, N_("Could not read the rebate rules"));
	if (same < 0)
		return db_errcode(db);
	if (same > 0) {
		char from[DATE_BUF];
		text_copy(from, sizeof from, (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return db_fail(db, DB_DUPLICATE, REBATE_FIELD_NAME,
			       _("Another rule named \"%s\" (from %s) is in force at the same "
				 "time, and an explanation tells rebates apart by name: give this "
				 "one a name of its own."),
			       r->name, from);
	}
	bool is_new = r->id == 0;
	int64_t id = is_new ? ids_new() : r->id;
	st = db_stmt(db, is_new ? rebate_insert_sql : rebate_update_sql);
	qd_rc rc = !st ? db_errcode(db)
		       : db_bind(db, st, db_int(id), db_text(r->name),
				 r->category[0] ? db_text(r->category) : db_null(),
				 r->tier ? db_text(tier) : db_null(),
				 db_text(rebate_kind_name(r->kind)),
				 db_text(r->achievement ? "achievement" : "sales"),
				 db_int(r->achievement ? 0 : r->threshold_fen),
				 db_int(r->achievement ? r->achievement_bp : 0), db_int(r->rate_bp),
				 db_text(start), r->end.y ? db_text(end) : db_null(), db_text(now));
	if (!rc && !is_new)
		rc = db_bind_at(db, st, 13, db_int(r->version));
	if (!rc)
		rc = db_run(db, st);
	if (rc)
		return rc;
	if (!is_new && sqlite3_changes(db_handle(db)) != 1)
		return db_version_missed(db, rebate_exists_sql, id,
					 _("Someone else saved this rule first."),
					 _("This rule is not there any more."));
	char summary[400];
	rebate_summary(r, summary, sizeof summary);
	rc = db_log_change(db, "rebate_rules", id, is_new ? "add" : "edit", summary, who);
	if (!rc) {
		r->id = id;
		r->version = is_new ? 1 : r->version + 1;
	}
	return rc;
}

qd_rc db_rebate_rule_save(qd_db *db, struct rebate_rule_rec *r, const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, rebate_save(db, r, who));
}

static qd_rc rebate_delete(qd_db *db, const struct rebate_rule_rec *r, const char *who)
{
	sqlite3_stmt *st = db_stmt(db, rebate_delete_sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(r->id), db_int(r->version));
	if (!rc)
		rc = db_run(db, st);
	if (rc)
		return rc;
	if (sqlite3_changes(db_handle(db)) != 1)
		return db_fail(db, DB_CONFLICT, 0,
			       _("This rule was changed or deleted since it was read."));
	char summary[400];
	rebate_summary(r, summary, sizeof summary);
	return db_log_change(db, "rebate_rules", r->id, "delete", summary, who);
}

qd_rc db_rebate_rule_delete(qd_db *db, const struct rebate_rule_rec *r, const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, rebate_delete(db, r, who));
}
