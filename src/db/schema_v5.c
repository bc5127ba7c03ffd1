/* Schema 5: the visit calendar.
 * - visits carry what recording needs: a row version (no lost updates, and
 *   the ICS SEQUENCE), the objective (a kind, an amount in fen or a product,
 *   and whether it was met), when it was done and by whom, why it was missed
 *   or cancelled, preparation and competitor notes, who wrote the coaching
 *   note, and the order taken; every text capped. The display score stays
 *   0-100 (the form's 0-5 times 20), so what reads it is unchanged.
 * - a visit's purpose is a code (routine, collection, new_listing,
 *   complaint, training, review); the demo's words become codes.
 * - kept per rep and day: how many visits are planned, confirmed, done,
 *   missed and cancelled, so a month of the whole company's calendar reads
 *   a few thousand rows instead of a hundred thousand visits. */
#include "db_internal.h"
#include "schema.h"

/* clang-format off */
#define V5_DATETIME(c) "(" c " IS NULL OR strftime('%Y-%m-%dT%H:%M', " c ", '+0 days') IS " c ")"

static const char schema_v5_visits[] =
	"ALTER TABLE visits ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);\n"
	"ALTER TABLE visits ADD COLUMN objective_kind TEXT NOT NULL DEFAULT 'none'\n"
	"  CHECK (objective_kind IN ('none','order','collect','display','listing','other'));\n"
	"ALTER TABLE visits ADD COLUMN objective_fen INTEGER NOT NULL DEFAULT 0\n"
	"  CHECK (objective_fen >= 0);\n"
	/* The product to list (its SKU) or, for "other", the objective in words. */
	"ALTER TABLE visits ADD COLUMN objective TEXT NOT NULL DEFAULT ''\n"
	"  CHECK (length(objective) <= 200);\n"
	"ALTER TABLE visits ADD COLUMN objective_met INTEGER\n"
	"  CHECK (objective_met IS NULL OR objective_met IN (0,1));\n"
	/* Local wall-clock time the visit was recorded done. */
	"ALTER TABLE visits ADD COLUMN done_at TEXT CHECK " V5_DATETIME("done_at") ";\n"
	"ALTER TABLE visits ADD COLUMN recorded_by TEXT NOT NULL DEFAULT ''\n"
	"  CHECK (length(recorded_by) <= 100);\n"
	/* Why it was missed or cancelled. */
	"ALTER TABLE visits ADD COLUMN reason TEXT NOT NULL DEFAULT ''\n"
	"  CHECK (length(reason) <= 500);\n"
	"ALTER TABLE visits ADD COLUMN prep_notes TEXT NOT NULL DEFAULT ''\n"
	"  CHECK (length(prep_notes) <= 2000);\n"
	"ALTER TABLE visits ADD COLUMN competitor_notes TEXT NOT NULL DEFAULT ''\n"
	"  CHECK (length(competitor_notes) <= 2000);\n"
	"ALTER TABLE visits ADD COLUMN coached_by TEXT NOT NULL DEFAULT ''\n"
	"  CHECK (length(coached_by) <= 100);\n"
	"ALTER TABLE visits ADD COLUMN order_id INTEGER REFERENCES orders(id) ON DELETE SET NULL;\n"
	"UPDATE visits SET purpose = CASE purpose WHEN '例行拜访' THEN 'routine'\n"
	"  WHEN '库存检查' THEN 'routine' WHEN '陈列检查' THEN 'routine'\n"
	"  WHEN '新品推广' THEN 'new_listing' WHEN '回款跟进' THEN 'collection' END\n"
	"  WHERE purpose IN ('例行拜访','库存检查','陈列检查','新品推广','回款跟进');\n"
	"UPDATE visits SET purpose = 'routine' WHERE purpose = '';\n"
	"CREATE TABLE visit_day (\n"
	"  rep_id INTEGER NOT NULL,\n"
	"  day TEXT NOT NULL CHECK (day GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  planned INTEGER NOT NULL DEFAULT 0,\n"
	"  confirmed INTEGER NOT NULL DEFAULT 0,\n"
	"  done INTEGER NOT NULL DEFAULT 0,\n"
	"  missed INTEGER NOT NULL DEFAULT 0,\n"
	"  cancelled INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (rep_id, day)\n) WITHOUT ROWID;\n"
	"CREATE INDEX visit_day_day ON visit_day(day);\n";

/* Adds the visit r (new or old) to its rep's day, sign 1 or -1. */
#define V5_DAY(r, sign) \
	"  INSERT INTO visit_day(rep_id, day, planned, confirmed, done, missed, cancelled)\n" \
	"    VALUES (" r ".rep_id, substr(" r ".planned_at, 1, 10), " sign " * (" r ".status = 'planned'),\n" \
	"    " sign " * (" r ".status = 'confirmed'), " sign " * (" r ".status = 'done'),\n" \
	"    " sign " * (" r ".status = 'missed'), " sign " * (" r ".status = 'cancelled'))\n" \
	"    ON CONFLICT(rep_id, day) DO UPDATE SET planned = planned + excluded.planned,\n" \
	"    confirmed = confirmed + excluded.confirmed, done = done + excluded.done,\n" \
	"    missed = missed + excluded.missed, cancelled = cancelled + excluded.cancelled;\n"

static const char schema_v5_kept_triggers[] =
	"CREATE TRIGGER visits_day_insert AFTER INSERT ON visits BEGIN\n"
	V5_DAY("new", "1")
	"END;\n"
	"CREATE TRIGGER visits_day_update AFTER UPDATE OF rep_id, planned_at, status ON visits BEGIN\n"
	V5_DAY("old", "-1")
	V5_DAY("new", "1")
	"END;\n"
	"CREATE TRIGGER visits_day_delete AFTER DELETE ON visits BEGIN\n"
	V5_DAY("old", "-1")
	"END;\n";

static const char schema_v5_kept_drop[] =
	"DROP TRIGGER visits_day_insert; DROP TRIGGER visits_day_update;\n"
	"DROP TRIGGER visits_day_delete;\n";

#define V5_DAYS \
	"SELECT rep_id AS r, substr(planned_at, 1, 10) AS d, sum(status = 'planned') AS p,\n" \
	"  sum(status = 'confirmed') AS c, sum(status = 'done') AS o, sum(status = 'missed') AS m,\n" \
	"  sum(status = 'cancelled') AS x FROM visits GROUP BY 1, 2"

static const char schema_v5_kept_rebuild[] =
	"DELETE FROM visit_day;\n"
	"INSERT INTO visit_day(rep_id, day, planned, confirmed, done, missed, cancelled)\n"
	"  " V5_DAYS ";\n";

#define V5_DAY_TEXT(t) \
	"printf('%d planned, %d confirmed, %d done, %d missed, %d cancelled', " t ".p, " t ".c, " \
	t ".o, " t ".m, " t ".x)"

/* The days that differ, by rep: (what, 0, kept, recomputed). */
static const char *const schema_v5_kept_checks[] = {
	"WITH r AS MATERIALIZED (" V5_DAYS "),"
	" k AS MATERIALIZED (SELECT rep_id AS r, day AS d, planned AS p, confirmed AS c, done AS o,"
	" missed AS m, cancelled AS x FROM visit_day WHERE planned OR confirmed OR done OR missed"
	" OR cancelled),"
	" bad AS (SELECT r, d FROM (SELECT * FROM k EXCEPT SELECT * FROM r)"
	" UNION SELECT r, d FROM (SELECT * FROM r EXCEPT SELECT * FROM k))"
	" SELECT 'visits on ' || bad.d || ' of rep ' || coalesce((SELECT code FROM reps"
	" WHERE id = bad.r), bad.r), 0,"
	" coalesce((SELECT " V5_DAY_TEXT("k2") " FROM k AS k2 WHERE k2.r = bad.r AND k2.d = bad.d), '-'),"
	" coalesce((SELECT " V5_DAY_TEXT("r2") " FROM r AS r2 WHERE r2.r = bad.r AND r2.d = bad.d), '-')"
	" FROM bad",
	NULL,
};
/* clang-format on */

const struct db_kept db_schema_v5_kept = {
	schema_v5_kept_triggers,
	schema_v5_kept_drop,
	schema_v5_kept_rebuild,
	schema_v5_kept_checks,
	NULL, /* over many distributors: made again for a rep's database */
	NULL, /* nothing of orders */
	NULL,
	NULL,
};

const struct db_migration db_schema_v5[] = {
	{ 5, schema_v5_visits, NULL },
	{ 5, schema_v5_kept_rebuild, NULL },
	{ 5, schema_v5_kept_triggers, NULL },
	{ 0, NULL, NULL },
};
