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
static const char rebate_insert_sql[] =
	"INSERT INTO rebate_rules(id, " REBATE_COLUMNS ", created_at, updated_at, updated_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)";
static const char rebate_update_sql[] =
	"UPDATE rebate_rules SET (" REBATE_COLUMNS ", updated_at, updated_by) ="
	" (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13), version = version + 1"
	" WHERE id = ?1 AND version = ?14";
static const char rebate_exists_sql[] = "SELECT 1 FROM rebate_rules WHERE id = ?1";
static const char rebate_delete_sql[] =
	"DELETE FROM rebate_rules WHERE id = ?1 AND version = ?2";
static const char rebate_category_sql[] =
	"SELECT category FROM products WHERE category = ?1 LIMIT 1";
static const char rebate_categories_sql[] =
	"SELECT DISTINCT category FROM products ORDER BY category";
static const char rebate_log_sql[] =
	"INSERT INTO change_log(id, changed_at, changed_by, table_name, row_id, action, summary)"
	" VALUES (?1, ?2, ?3, 'rebate_rules', ?4, ?5, ?6)";
/* clang-format on */

static const char *const rebate_kinds[] = { "month", "quarter", "year" };

static const char *rebate_kind_code(qd_period_kind k)
{
	return rebate_kinds[rebate_kind_index(k)];
}

static qd_date rebate_date(sqlite3_stmt *st, int col)
{
	qd_date d = { 0, 0, 0 };
	const char *s = (const char *)sqlite3_column_text(st, col);
	if (s && date_parse(s, &d))
		d = (qd_date){ 0, 0, 0 };
	return d;
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
		struct rebate_rule_rec *x = &v[n++];
		memset(x, 0, sizeof *x);
		x->id = sqlite3_column_int64(st, 0);
		x->version = sqlite3_column_int64(st, 1);
		text_copy(x->name, sizeof x->name, (const char *)sqlite3_column_text(st, 2));
		text_copy(x->category, sizeof x->category,
			  (const char *)sqlite3_column_text(st, 3));
		const char *tier = (const char *)sqlite3_column_text(st, 4);
		x->tier = tier && tier[0] >= 'A' && tier[0] <= 'D' ? tier[0] : 0;
		const char *kind = (const char *)sqlite3_column_text(st, 5);
		x->kind = kind && !strcmp(kind, "year")	     ? PERIOD_YEAR
			  : kind && !strcmp(kind, "quarter") ? PERIOD_QUARTER
							     : PERIOD_MONTH;
		const char *basis = (const char *)sqlite3_column_text(st, 6);
		x->achievement = basis && !strcmp(basis, "achievement");
		x->threshold_fen = sqlite3_column_int64(st, 7);
		x->achievement_bp = sqlite3_column_int(st, 8);
		x->rate_bp = sqlite3_column_int(st, 9);
		x->start = rebate_date(st, 10);
		x->end = rebate_date(st, 11);
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

static qd_rc rebate_log(qd_db *db, int64_t id, const char *action, const char *summary,
			const char *who)
{
	char now[24], by[404];
	db_now_utc(now);
	text_copy(by, sizeof by, who && *who ? who : "?");
	sqlite3_stmt *st = db_stmt(db, rebate_log_sql);
	qd_rc rc = !st ? db_errcode(db)
		       : db_bind(db, st, db_int(ids_new()), db_text(now), db_text(by), db_int(id),
				 db_text(action), db_text(summary));
	return rc ? rc : db_run(db, st);
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
	snprintf(buf, size, "%s: %s from %s, %s, tier %c, %s", r->name, rebate_kind_code(r->kind),
		 step, cat, r->tier ? r->tier : '*', rebate_percent(r->rate_bp, rate, sizeof rate));
}

static qd_rc rebate_save(qd_db *db, struct rebate_rule_rec *r, const char *who)
{
	int field = 0;
	const char *why = rebate_rule_check(r, &field);
	if (why)
		return db_fail(db, DB_INVALID, field, "%s", _(why));
	if (r->category[0]) {
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
	char now[24], by[404], start[DATE_BUF], end[DATE_BUF], tier[2] = { r->tier, 0 };
	db_now_utc(now);
	text_copy(by, sizeof by, who && *who ? who : "?");
	date_format(r->start, start);
	if (r->end.y)
		date_format(r->end, end);
	bool is_new = r->id == 0;
	int64_t id = is_new ? ids_new() : r->id;
	sqlite3_stmt *st = db_stmt(db, is_new ? rebate_insert_sql : rebate_update_sql);
	qd_rc rc = !st ? db_errcode(db)
		       : db_bind(db, st, db_int(id), db_text(r->name),
				 r->category[0] ? db_text(r->category) : db_null(),
				 r->tier ? db_text(tier) : db_null(),
				 db_text(rebate_kind_code(r->kind)),
				 db_text(r->achievement ? "achievement" : "sales"),
				 db_int(r->achievement ? 0 : r->threshold_fen),
				 db_int(r->achievement ? r->achievement_bp : 0), db_int(r->rate_bp),
				 db_text(start), r->end.y ? db_text(end) : db_null(), db_text(now),
				 db_text(by));
	if (!rc && !is_new)
		rc = db_bind_at(db, st, 14, db_int(r->version));
	if (!rc)
		rc = db_run(db, st);
	if (rc)
		return rc;
	if (!is_new && sqlite3_changes(db_handle(db)) != 1) {
		st = db_stmt(db, rebate_exists_sql);
		bool found = false;
		int64_t one;
		if (!st || db_bind(db, st, db_int(id)) || db_int_of(db, st, &one, &found))
			return db_errcode(db);
		return found ? db_fail(db, DB_CONFLICT, 0, _("Someone else saved this rule first."))
			     : db_fail(db, DB_NOTFOUND, 0, _("This rule is not there any more."));
	}
	char summary[400];
	rebate_summary(r, summary, sizeof summary);
	rc = rebate_log(db, id, is_new ? "add" : "edit", summary, who);
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
			       _("This rule changed or went since it was read."));
	char summary[400];
	rebate_summary(r, summary, sizeof summary);
	return rebate_log(db, r->id, "delete", summary, who);
}

qd_rc db_rebate_rule_delete(qd_db *db, const struct rebate_rule_rec *r, const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, rebate_delete(db, r, who));
}
