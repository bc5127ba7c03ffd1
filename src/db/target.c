/* Sales targets: set, changed and read, each change in the change log. */
#include "qudao/target.h"

#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/money.h"

/* Targets above a trillion yuan are a typing error, not a plan. */
#define TARGET_MAX_FEN INT64_C(100000000000000)

static qd_rc target_existing(qd_db *db, int64_t distributor_id, const char *period, int64_t *id,
			     int64_t *amount, bool *found)
{
	static const char sql[] = "SELECT id, amount_fen FROM sales_targets"
				  " WHERE distributor_id = ?1 AND period = ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(distributor_id), db_text(period)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the targets"));
	if (r < 0)
		return db_errcode(db);
	*found = r > 0;
	*id = r > 0 ? sqlite3_column_int64(st, 0) : 0;
	*amount = r > 0 ? sqlite3_column_int64(st, 1) : 0;
	if (r > 0)
		sqlite3_reset(st);
	return DB_OK;
}

static qd_rc target_log(qd_db *db, int64_t id, const char *action, const char *summary,
			const char *who)
{
	static const char sql[] =
		"INSERT INTO change_log(id, changed_at, changed_by, table_name, row_id, action,"
		" summary) VALUES (?1, ?2, substr(?3, 1, 100), 'sales_targets', ?4, ?5, ?6)";
	char now[24];
	db_now_utc(now);
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db)
		       : db_bind(db, st, db_int(ids_new()), db_text(now),
				 db_text(who && *who ? who : "?"), db_int(id), db_text(action),
				 db_text(summary));
	return rc ? rc : db_run(db, st);
}

static qd_rc target_write(qd_db *db, struct sales_target *t, bool replace, const char *who,
			  qd_target_result *result)
{
	static const char dist_sql[] = "SELECT 1 FROM distributors WHERE id = ?1";
	static const char insert_sql[] =
		"INSERT INTO sales_targets(id, distributor_id, period, amount_fen, created_at,"
		" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
	static const char update_sql[] =
		"UPDATE sales_targets SET amount_fen = ?2, updated_at = ?3 WHERE id = ?1";
	char period[PERIOD_BUF + 8];
	qd_period check;
	period_format(t->period, period);
	if (period_parse(period, &check) || t->period.y < DATE_MIN_YEAR ||
	    t->period.y > DATE_MAX_YEAR)
		return db_fail(db, DB_INVALID, TARGET_FIELD_PERIOD,
			       _("A target is for a year (2026), a quarter (2026-Q3) or a month "
				 "(2026-09)."));
	if (t->amount_fen < 0 || t->amount_fen > TARGET_MAX_FEN)
		return db_fail(db, DB_INVALID, TARGET_FIELD_AMOUNT,
			       _("A target is an amount from 0 to a trillion yuan."));
	sqlite3_stmt *st = db_stmt(db, dist_sql);
	int64_t one;
	bool found;
	if (!st || db_bind(db, st, db_int(t->distributor_id)) || db_int_of(db, st, &one, &found))
		return db_errcode(db);
	if (!found)
		return db_fail(db, DB_NOTFOUND, TARGET_FIELD_DISTRIBUTOR,
			       _("That distributor is not in the database."));
	int64_t id, old;
	qd_rc rc = target_existing(db, t->distributor_id, period, &id, &old, &found);
	if (rc)
		return rc;
	char now[24], a[MONEY_BUF], b[MONEY_BUF], summary[160];
	db_now_utc(now);
	if (found && old == t->amount_fen) {
		t->id = id;
		*result = TARGET_SAME;
		return DB_OK;
	}
	if (found && !replace)
		return db_fail(db, DB_DUPLICATE, TARGET_FIELD_PERIOD,
			       _("The distributor already has a target of %s for %s."),
			       money_format(old, a), period);
	if (found) {
		st = db_stmt(db, update_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(id), db_int(t->amount_fen), db_text(now));
		snprintf(summary, sizeof summary, "%s: %s → %s", period, money_format_plain(old, a),
			 money_format_plain(t->amount_fen, b));
	} else {
		id = ids_new();
		st = db_stmt(db, insert_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(id), db_int(t->distributor_id), db_text(period),
				   db_int(t->amount_fen), db_text(now));
		snprintf(summary, sizeof summary, "%s: %s", period,
			 money_format_plain(t->amount_fen, b));
	}
	if (!rc)
		rc = db_run(db, st);
	if (!rc)
		rc = target_log(db, id, found ? "edit" : "add", summary, who);
	if (!rc) {
		t->id = id;
		*result = found ? TARGET_CHANGED : TARGET_ADDED;
	}
	return rc;
}

qd_rc db_target_set(qd_db *db, struct sales_target *t, bool replace, const char *who,
		    qd_target_result *result)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, target_write(db, t, replace, who, result));
}

qd_rc db_target_get(qd_db *db, int64_t distributor_id, qd_period period, int64_t *amount_fen,
		    bool *found)
{
	char p[PERIOD_BUF + 8];
	int64_t id;
	return target_existing(db, distributor_id, period_format(period, p), &id, amount_fen,
			       found);
}
