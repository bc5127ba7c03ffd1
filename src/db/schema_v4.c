/* Schema 4: the territory map's data.
 * - distributor_moves: every move of a distributor between territories, with
 *   the month it counts from, who and when. History: never changed or
 *   deleted (but with its distributor).
 * - cross_incidents: the 窜货 incident recorded for an order, so one order
 *   gives one incident.
 * - Kept figures, per territory (the distributor's own; the map adds up the
 *   tree): per month the sales, amounts due, money received, visits done and
 *   missed; per month and pair of territories the orders sold across a
 *   border (窜货) from one into the other; per period the
 *   targets; now the distributors, active ones, their visit rate and open
 *   窜货 and 乱价 incidents; and by day, the active distributors whose next
 *   visit falls due that day and the accounts unpaid since that day, so
 *   "overdue as of today" is a range read. The orders sold across a border
 *   are kept as a list (cross_orders).
 *
 * Where a month counts (core/terrmap): for the territory the distributor was
 * in that month, TA(d, m) below: the territory it moved away from in its
 * first move of a later month, or, when it has not moved since, its
 * territory now. Whether a sale crossed a border is judged by the day it
 * shipped, TD_X(d, day, cur): a move counts from its day.
 * Every write that changes TA for some month moves that month's figures: a
 * move (a row of distributor_moves), a distributor's territory changing. A
 * change of territory that no move row describes (plain SQL, an edit form)
 * records one itself, counting from the month of the clock. */
#include "db_internal.h"
#include "schema.h"

/* clang-format off */

static const char schema_v4_tables[] =
	"CREATE TABLE distributor_moves (\n"
	"  id INTEGER PRIMARY KEY CHECK (id > 0),\n"
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	/* The day it moved: its figures count in the new territory from this
	 * day's month, its sales are judged against it from this day. */
	"  moved_on TEXT NOT NULL CHECK (date(moved_on, '+0 days') IS moved_on),\n"
	/* Its moves in the order they were made: 1, 2, ... */
	"  seq INTEGER NOT NULL CHECK (seq > 0),\n"
	"  from_territory_id INTEGER REFERENCES territories(id),\n"
	"  to_territory_id INTEGER REFERENCES territories(id),\n"
	"  moved_at TEXT NOT NULL CHECK (length(moved_at) BETWEEN 1 AND 32),\n"
	"  moved_by TEXT NOT NULL CHECK (length(moved_by) BETWEEN 1 AND 100)\n);\n"
	"CREATE UNIQUE INDEX distributor_moves_distributor ON distributor_moves(distributor_id,\n"
	"  moved_on, seq);\n"
	"CREATE TRIGGER distributor_moves_keep BEFORE UPDATE ON distributor_moves BEGIN\n"
	"  SELECT RAISE(ABORT, 'a move of a distributor is history and is not changed');\n"
	"END;\n"
	/* Deleted only with the distributor (which is gone by then). */
	"CREATE TRIGGER distributor_moves_stay BEFORE DELETE ON distributor_moves\n"
	"  WHEN EXISTS (SELECT 1 FROM distributors WHERE id = old.distributor_id) BEGIN\n"
	"  SELECT RAISE(ABORT, 'a move of a distributor is history and is not deleted');\n"
	"END;\n"

	"CREATE TABLE cross_incidents (\n"
	"  order_id INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,\n"
	"  incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE\n);\n"
	"CREATE INDEX cross_incidents_incident ON cross_incidents(incident_id);\n"

	"CREATE TABLE territory_month (\n"
	"  month TEXT NOT NULL CHECK (month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),\n"
	"  territory_id INTEGER NOT NULL,\n"
	"  sales_fen INTEGER NOT NULL DEFAULT 0,\n"
	"  sales_orders INTEGER NOT NULL DEFAULT 0,\n"
	"  due_fen INTEGER NOT NULL DEFAULT 0,\n"
	"  received_fen INTEGER NOT NULL DEFAULT 0,\n"
	"  visits_done INTEGER NOT NULL DEFAULT 0,\n"
	"  visits_missed INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (month, territory_id)\n) WITHOUT ROWID;\n"
	/* The sum of the targets of a period and how many there are. */
	"CREATE TABLE territory_target (\n"
	"  period TEXT NOT NULL,\n"
	"  territory_id INTEGER NOT NULL,\n"
	"  amount_fen INTEGER NOT NULL DEFAULT 0,\n"
	"  targets INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (period, territory_id)\n) WITHOUT ROWID;\n"
	"CREATE TABLE territory_now (\n"
	"  territory_id INTEGER PRIMARY KEY,\n"
	"  total INTEGER NOT NULL DEFAULT 0,\n"
	"  active INTEGER NOT NULL DEFAULT 0,\n"
	/* Over active distributors: 1000000000 / visit_every_days, summed. */
	"  visit_rate INTEGER NOT NULL DEFAULT 0,\n"
	"  open_cross INTEGER NOT NULL DEFAULT 0,\n"
	"  open_price INTEGER NOT NULL DEFAULT 0\n);\n"
	/* visit: active distributors whose next visit falls due on day (''
	 * never visited); unpaid: distributors unpaid since day, and what they
	 * owe. */
	"CREATE TABLE territory_day (\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('visit','unpaid')),\n"
	"  day TEXT NOT NULL,\n"
	"  territory_id INTEGER NOT NULL,\n"
	"  n INTEGER NOT NULL DEFAULT 0,\n"
	"  fen INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (kind, day, territory_id)\n) WITHOUT ROWID;\n"
	/* Orders sold across a border: shipped or delivered to a territory
	 * that is neither the distributor's territory of the ship month nor
	 * under it. */
	"CREATE TABLE cross_orders (\n"
	"  order_id INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,\n"
	"  distributor_id INTEGER NOT NULL,\n"
	"  from_territory_id INTEGER NOT NULL,\n"
	"  to_territory_id INTEGER NOT NULL,\n"
	"  month TEXT NOT NULL\n);\n"
	"CREATE INDEX cross_orders_to ON cross_orders(to_territory_id, month);\n"
	"CREATE INDEX cross_orders_from ON cross_orders(from_territory_id, month);\n"
	"CREATE INDEX cross_orders_distributor ON cross_orders(distributor_id);\n"
	/* How many of them per month went from one territory to another: the
	 * map counts what crossed each territory's border from these. */
	"CREATE TABLE cross_month (\n"
	"  month TEXT NOT NULL,\n"
	"  from_territory_id INTEGER NOT NULL,\n"
	"  to_territory_id INTEGER NOT NULL,\n"
	"  n INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (month, from_territory_id, to_territory_id)\n) WITHOUT ROWID;\n";

/* ---- where a month counts ---------------------------------------------------
 * TA_X(d, m, cur, excl): the territory distributor d was in during month m
 * (0 for none): the territory it left in its first move of a later month,
 * not counting the move whose id is excl; else cur, its territory now. */
#define TA_X(d, m, cur, excl) \
	"coalesce((SELECT coalesce(mv.from_territory_id, 0) FROM distributor_moves mv" \
	" WHERE mv.distributor_id = " d " AND substr(mv.moved_on, 1, 7) > " m \
	" AND mv.id IS NOT " excl " ORDER BY mv.moved_on, mv.seq LIMIT 1), coalesce(" cur ", 0))"
#define CUR(d) "(SELECT territory_id FROM distributors WHERE id = " d ")"
#define TA(d, m) TA_X(d, m, CUR(d), "NULL")
/* The territory distributor d was in on day `day`: the one it left in its
 * first move after that day, else its territory now. */
#define TD_X(d, day, cur) \
	"coalesce((SELECT coalesce(mv.from_territory_id, 0) FROM distributor_moves mv" \
	" WHERE mv.distributor_id = " d " AND mv.moved_on > " day \
	" ORDER BY mv.moved_on, mv.seq LIMIT 1), coalesce(" cur ", 0))"
/* The last month of a period (2026 → 2026-12, 2026-Q3 → 2026-09). */
#define LAST_MONTH(p) \
	"(CASE WHEN length(" p ") = 4 THEN " p " || '-12' WHEN substr(" p ", 6, 1) = 'Q'" \
	" THEN substr(" p ", 1, 5) || printf('%02d', 3 * substr(" p ", 7, 1)) ELSE " p " END)"
#define PARENT_EXISTS(d) "EXISTS (SELECT 1 FROM distributors WHERE id = " d ")"

/* ---- territory_month ---- */
#define TM_COLS "sales_fen, sales_orders, due_fen, received_fen, visits_done, visits_missed"
#define TM_SET \
	" ON CONFLICT(month, territory_id) DO UPDATE SET sales_fen = sales_fen + excluded.sales_fen," \
	" sales_orders = sales_orders + excluded.sales_orders, due_fen = due_fen + excluded.due_fen," \
	" received_fen = received_fen + excluded.received_fen," \
	" visits_done = visits_done + excluded.visits_done," \
	" visits_missed = visits_missed + excluded.visits_missed;\n"
/* Adds s times the figures of month row r (old or new) where TA puts it. */
#define TM_ADD(r, s) \
	"  INSERT INTO territory_month(month, territory_id, " TM_COLS ")" \
	" SELECT " r ".month, x.t, " s " * " r ".sales_fen, " s " * " r ".sales_orders," \
	" " s " * " r ".due_fen, " s " * " r ".received_fen, " s " * " r ".visits_done," \
	" " s " * " r ".visits_missed FROM (SELECT " TA(r ".distributor_id", r ".month") " AS t) x" \
	" WHERE x.t <> 0" TM_SET
/* Moves distributor d's months from where `before` put them to where
 * `after` puts them (both TA_X expressions over dm.distributor_id and
 * dm.month). */
#define TM_REPLACE(d, before, after) \
	"  INSERT INTO territory_month(month, territory_id, " TM_COLS ")" \
	" SELECT x.month, x.t0, -x.sales_fen, -x.sales_orders, -x.due_fen, -x.received_fen," \
	" -x.visits_done, -x.visits_missed FROM (SELECT dm.*, " before " AS t0, " after " AS t1" \
	" FROM dist_month dm WHERE dm.distributor_id = " d ") x WHERE x.t0 <> 0 AND x.t0 <> x.t1" \
	TM_SET \
	"  INSERT INTO territory_month(month, territory_id, " TM_COLS ")" \
	" SELECT x.month, x.t1, x.sales_fen, x.sales_orders, x.due_fen, x.received_fen," \
	" x.visits_done, x.visits_missed FROM (SELECT dm.*, " before " AS t0, " after " AS t1" \
	" FROM dist_month dm WHERE dm.distributor_id = " d ") x WHERE x.t1 <> 0 AND x.t0 <> x.t1" \
	TM_SET

/* ---- territory_target ---- */
#define TT_SET \
	" ON CONFLICT(period, territory_id) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen," \
	" targets = targets + excluded.targets;\n"
#define TT_ADD(r, s) \
	"  INSERT INTO territory_target(period, territory_id, amount_fen, targets)" \
	" SELECT " r ".period, x.t, " s " * " r ".amount_fen, " s \
	" FROM (SELECT " TA(r ".distributor_id", LAST_MONTH(r ".period")) " AS t) x" \
	" WHERE x.t <> 0 AND " PARENT_EXISTS(r ".distributor_id") TT_SET
#define TT_REPLACE(d, before, after) \
	"  INSERT INTO territory_target(period, territory_id, amount_fen, targets)" \
	" SELECT x.period, x.t0, -x.amount_fen, -1 FROM (SELECT st.period, st.amount_fen, " before \
	" AS t0, " after " AS t1 FROM sales_targets st WHERE st.distributor_id = " d ") x" \
	" WHERE x.t0 <> 0 AND x.t0 <> x.t1" TT_SET \
	"  INSERT INTO territory_target(period, territory_id, amount_fen, targets)" \
	" SELECT x.period, x.t1, x.amount_fen, 1 FROM (SELECT st.period, st.amount_fen, " before \
	" AS t0, " after " AS t1 FROM sales_targets st WHERE st.distributor_id = " d ") x" \
	" WHERE x.t1 <> 0 AND x.t0 <> x.t1" TT_SET

/* ---- cross_orders ---- */
/* The territories at and above s. */
#define UP(s) \
	"(WITH RECURSIVE up(id) AS (SELECT " s " UNION SELECT t.parent_id FROM territories t" \
	" JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL) SELECT id FROM up)"
/* The orders o of `from` (a table, a join or a one-row select, aliased o)
 * that pass `cond` (ending in AND) and were shipped or delivered somewhere,
 * with the territory their distributor was in that day; cur is its
 * territory now. */
#define CROSS_CAND(from, cond, cur) \
	"SELECT o.id AS id, o.distributor_id AS distributor_id, " \
	TD_X("o.distributor_id", "o.ship_date", cur) " AS seller, o.ship_territory_id AS ship," \
	" substr(o.ship_date, 1, 7) AS month FROM " from " WHERE " cond \
	" o.status IN ('shipped','delivered') AND o.ship_date IS NOT NULL" \
	" AND o.ship_territory_id IS NOT NULL"
/* The cross_orders rows of candidates c (a table or a subquery): those
 * shipped to neither the seller's territory nor one under it. */
#define CROSS_PICK(c) \
	"SELECT c.id AS order_id, c.distributor_id, c.seller AS from_territory_id," \
	" c.ship AS to_territory_id, c.month FROM " c " c WHERE c.seller <> 0" \
	" AND c.seller <> c.ship AND c.seller NOT IN " UP("c.ship")
/* In a trigger, for the orders o of from passing cond. */
#define CROSS_ROWS(from, cond) \
	CROSS_PICK("(" CROSS_CAND(from, cond, CUR("o.distributor_id")) ")")
#define CROSS_OF(r) \
	"(SELECT " r ".id AS id, " r ".distributor_id AS distributor_id, " r ".status AS status," \
	" " r ".ship_date AS ship_date, " r ".ship_territory_id AS ship_territory_id) o"
#define CROSS_INSERT "  INSERT INTO cross_orders(order_id, distributor_id, from_territory_id," \
	" to_territory_id, month) "
#define CROSS_REPLACE(d) \
	"  DELETE FROM cross_orders WHERE distributor_id = " d ";\n" \
	CROSS_INSERT CROSS_ROWS("orders o", "o.distributor_id = " d " AND") ";\n"

/* ---- what describes now ---- */
#define RATE(status, every) "(CASE WHEN " status " = 'active' THEN 1000000000 / " every " ELSE 0 END)"
/* Adds s times distributor d (territory t, status, visit frequency every) to
 * territory_now. */
#define NOW_ADD(t, s, status, every) \
	"  INSERT INTO territory_now(territory_id, total, active, visit_rate) SELECT " t ", " s "," \
	" " s " * (" status " = 'active'), " s " * " RATE(status, every) " WHERE " t " IS NOT NULL" \
	" ON CONFLICT(territory_id) DO UPDATE SET total = total + excluded.total," \
	" active = active + excluded.active, visit_rate = visit_rate + excluded.visit_rate;\n"
/* When the next visit falls due: '' for one never visited. */
#define VISIT_DAY(last, every) \
	"coalesce(CASE WHEN " last " = '' THEN '' ELSE date(substr(" last ", 1, 10), '+' || " every \
	" || ' days') END, '')"
#define DAY_SET \
	" ON CONFLICT(kind, day, territory_id) DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;\n"
#define DAY_CLEAN(kind, day, t) \
	"  DELETE FROM territory_day WHERE kind = '" kind "' AND day = " day " AND territory_id = " t \
	" AND n = 0;\n"
/* An active distributor's next visit, s times. */
#define DAY_VISIT(t, s, status, last, every) \
	"  INSERT INTO territory_day(kind, day, territory_id, n) SELECT 'visit', " VISIT_DAY(last, every) \
	", " t ", " s " WHERE " t " IS NOT NULL AND " status " = 'active'" DAY_SET \
	DAY_CLEAN("visit", VISIT_DAY(last, every), t)
/* An account unpaid since a day, s times. */
#define DAY_UNPAID(t, s, since, owed) \
	"  INSERT INTO territory_day(kind, day, territory_id, n, fen) SELECT 'unpaid', " since ", " t \
	", " s ", " s " * (" owed ") WHERE " t " IS NOT NULL AND " since " IS NOT NULL" DAY_SET \
	DAY_CLEAN("unpaid", since, t)
#define STAT(d, col) "(SELECT " col " FROM distributor_stats WHERE distributor_id = " d ")"
/* Everything distributor r (old or new) adds to what describes now, s times. */
#define NOW_ALL(r, s) \
	NOW_ADD(r ".territory_id", s, r ".status", r ".visit_every_days") \
	DAY_VISIT(r ".territory_id", s, r ".status", \
		  "coalesce(" STAT(r ".id", "last_visit_at") ", '')", r ".visit_every_days") \
	DAY_UNPAID(r ".territory_id", s, STAT(r ".id", "unpaid_since"), \
		   STAT(r ".id", "due_total_fen - paid_total_fen"))
#define INCIDENT_COUNTED(r) "(" r ".status = 'open' AND " r ".kind IN ('cross_territory','price_violation'))"
/* Adds s to the open incidents of incident r's kind where its distributor is. */
#define INCIDENT_ADD(r, s) \
	"  INSERT INTO territory_now(territory_id, open_cross, open_price)" \
	" SELECT d.territory_id, " s " * (" r ".kind = 'cross_territory'), " s " * (" r ".kind =" \
	" 'price_violation') FROM distributors d WHERE d.id = " r ".distributor_id" \
	" AND d.territory_id IS NOT NULL AND " INCIDENT_COUNTED(r) \
	" ON CONFLICT(territory_id) DO UPDATE SET open_cross = open_cross + excluded.open_cross," \
	" open_price = open_price + excluded.open_price;\n"
/* Moves distributor d's open incidents from territory a to b. */
#define INCIDENTS_MOVE(d, t, s) \
	"  INSERT INTO territory_now(territory_id, open_cross, open_price)" \
	" SELECT " t ", " s " * sum(i.kind = 'cross_territory'), " s " * sum(i.kind = 'price_violation')" \
	" FROM incidents i WHERE i.distributor_id = " d " AND " INCIDENT_COUNTED("i") " AND " t \
	" IS NOT NULL GROUP BY 1 ON CONFLICT(territory_id) DO UPDATE SET" \
	" open_cross = open_cross + excluded.open_cross, open_price = open_price + excluded.open_price;\n"

/* The move a change of territory records when its writer did not: counting
 * from the clock's month. */
#define MOVE_FALLBACK \
	"  INSERT INTO distributor_moves(id, distributor_id, moved_on, seq, from_territory_id,\n" \
	"    to_territory_id, moved_at, moved_by)\n" \
	"  SELECT abs(random() % 9000000000000000000) + 1, new.id, date('now', 'localtime'),\n" \
	"    (SELECT coalesce(max(seq), 0) + 1 FROM distributor_moves WHERE distributor_id = new.id),\n" \
	"    old.territory_id, new.territory_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'qudao'\n" \
	"  WHERE NOT EXISTS (SELECT 1 FROM (SELECT from_territory_id, to_territory_id FROM distributor_moves\n" \
	"    WHERE distributor_id = new.id ORDER BY moved_on DESC, seq DESC LIMIT 1) l\n" \
	"    WHERE l.from_territory_id IS old.territory_id AND l.to_territory_id IS new.territory_id);\n"

/* The triggers that keep the territory figures; bulk writers drop them,
 * write, rebuild and create them again (db_kept_pause, db_kept_resume). */
static const char schema_v4_kept_triggers[] =
	/* The months: as the per-distributor months change, where TA puts them. */
	"CREATE TRIGGER dist_month_territory_insert AFTER INSERT ON dist_month\n"
	"  WHEN " PARENT_EXISTS("new.distributor_id") " BEGIN\n"
	TM_ADD("new", "1")
	"END;\n"
	"CREATE TRIGGER dist_month_territory_update AFTER UPDATE ON dist_month BEGIN\n"
	"  INSERT INTO territory_month(month, territory_id, " TM_COLS ")"
	" SELECT new.month, x.t, new.sales_fen - old.sales_fen, new.sales_orders - old.sales_orders,"
	" new.due_fen - old.due_fen, new.received_fen - old.received_fen,"
	" new.visits_done - old.visits_done, new.visits_missed - old.visits_missed"
	" FROM (SELECT " TA("new.distributor_id", "new.month") " AS t) x"
	" WHERE x.t <> 0 AND old.distributor_id = new.distributor_id AND old.month = new.month"
	" AND " PARENT_EXISTS("new.distributor_id") TM_SET
	/* Keys changed (no writer of ours does that): out of one, into the other. */
	"  INSERT INTO territory_month(month, territory_id, " TM_COLS ")"
	" SELECT old.month, x.t, -old.sales_fen, -old.sales_orders, -old.due_fen, -old.received_fen,"
	" -old.visits_done, -old.visits_missed FROM (SELECT " TA("old.distributor_id", "old.month")
	" AS t) x WHERE x.t <> 0 AND (old.distributor_id <> new.distributor_id OR old.month <> new.month)"
	" AND " PARENT_EXISTS("old.distributor_id") TM_SET
	"  INSERT INTO territory_month(month, territory_id, " TM_COLS ")"
	" SELECT new.month, x.t, new.sales_fen, new.sales_orders, new.due_fen, new.received_fen,"
	" new.visits_done, new.visits_missed FROM (SELECT " TA("new.distributor_id", "new.month")
	" AS t) x WHERE x.t <> 0 AND (old.distributor_id <> new.distributor_id OR old.month <> new.month)"
	" AND " PARENT_EXISTS("new.distributor_id") TM_SET
	"END;\n"
	"CREATE TRIGGER dist_month_territory_delete AFTER DELETE ON dist_month\n"
	"  WHEN " PARENT_EXISTS("old.distributor_id") " BEGIN\n"
	TM_ADD("old", "-1")
	"END;\n"

	/* The targets, where TA puts their period's last month. */
	"CREATE TRIGGER sales_targets_territory_insert AFTER INSERT ON sales_targets BEGIN\n"
	TT_ADD("new", "1")
	"END;\n"
	"CREATE TRIGGER sales_targets_territory_update AFTER UPDATE OF distributor_id, period,\n"
	"  amount_fen ON sales_targets BEGIN\n"
	TT_ADD("old", "-1")
	TT_ADD("new", "1")
	"END;\n"
	"CREATE TRIGGER sales_targets_territory_delete AFTER DELETE ON sales_targets BEGIN\n"
	TT_ADD("old", "-1")
	"END;\n"

	/* Orders sold across a border, and their counts. */
	"CREATE TRIGGER orders_cross_insert AFTER INSERT ON orders BEGIN\n"
	CROSS_INSERT CROSS_ROWS(CROSS_OF("new"), "") ";\n"
	"END;\n"
	"CREATE TRIGGER orders_cross_update AFTER UPDATE OF distributor_id, status, ship_date,\n"
	"  ship_territory_id ON orders BEGIN\n"
	"  DELETE FROM cross_orders WHERE order_id = old.id;\n"
	CROSS_INSERT CROSS_ROWS(CROSS_OF("new"), "") ";\n"
	"END;\n"
	"CREATE TRIGGER cross_orders_count_insert AFTER INSERT ON cross_orders BEGIN\n"
	"  INSERT INTO cross_month(month, from_territory_id, to_territory_id, n) VALUES (new.month,\n"
	"    new.from_territory_id, new.to_territory_id, 1)\n"
	"    ON CONFLICT(month, from_territory_id, to_territory_id) DO UPDATE SET n = n + 1;\n"
	"END;\n"
	"CREATE TRIGGER cross_orders_count_delete AFTER DELETE ON cross_orders BEGIN\n"
	"  UPDATE cross_month SET n = n - 1 WHERE month = old.month\n"
	"    AND from_territory_id = old.from_territory_id AND to_territory_id = old.to_territory_id;\n"
	"  DELETE FROM cross_month WHERE month = old.month AND from_territory_id = old.from_territory_id\n"
	"    AND to_territory_id = old.to_territory_id AND n = 0;\n"
	"END;\n"
	/* The tree changed under some orders: which are across a border is
	 * counted again (a rare edit; it reads every sale). */
	"CREATE TRIGGER territories_cross AFTER UPDATE OF parent_id ON territories\n"
	"  WHEN old.parent_id IS NOT new.parent_id BEGIN\n"
	"  DELETE FROM cross_orders;\n"
	CROSS_INSERT CROSS_ROWS("orders o", "") ";\n"
	"END;\n"

	/* A move: the months, targets and sales of the distributor go where TA
	 * now puts them. */
	"CREATE TRIGGER distributor_moves_territory AFTER INSERT ON distributor_moves BEGIN\n"
	TM_REPLACE("new.distributor_id",
		   TA_X("dm.distributor_id", "dm.month", CUR("dm.distributor_id"), "new.id"),
		   TA("dm.distributor_id", "dm.month"))
	TT_REPLACE("new.distributor_id",
		   TA_X("st.distributor_id", LAST_MONTH("st.period"), CUR("st.distributor_id"), "new.id"),
		   TA("st.distributor_id", LAST_MONTH("st.period")))
	CROSS_REPLACE("new.distributor_id")
	"END;\n"

	/* A distributor: what describes now, and its history when its
	 * territory changes. */
	"CREATE TRIGGER distributors_territory_insert AFTER INSERT ON distributors BEGIN\n"
	NOW_ALL("new", "1")
	"END;\n"
	"CREATE TRIGGER distributors_territory_now AFTER UPDATE OF territory_id, status,\n"
	"  visit_every_days ON distributors BEGIN\n"
	NOW_ALL("old", "-1")
	NOW_ALL("new", "1")
	"END;\n"
	"CREATE TRIGGER distributors_territory_move AFTER UPDATE OF territory_id ON distributors\n"
	"  WHEN old.territory_id IS NOT new.territory_id BEGIN\n"
	INCIDENTS_MOVE("new.id", "old.territory_id", "-1")
	INCIDENTS_MOVE("new.id", "new.territory_id", "1")
	TM_REPLACE("new.id",
		   TA_X("dm.distributor_id", "dm.month", "old.territory_id", "NULL"),
		   TA_X("dm.distributor_id", "dm.month", "new.territory_id", "NULL"))
	TT_REPLACE("new.id",
		   TA_X("st.distributor_id", LAST_MONTH("st.period"), "old.territory_id", "NULL"),
		   TA_X("st.distributor_id", LAST_MONTH("st.period"), "new.territory_id", "NULL"))
	CROSS_REPLACE("new.id")
	MOVE_FALLBACK
	"END;\n"
	/* Before it goes (its rows go with it): take out all it counted for. */
	"CREATE TRIGGER distributors_territory_delete BEFORE DELETE ON distributors BEGIN\n"
	NOW_ALL("old", "-1")
	INCIDENTS_MOVE("old.id", "old.territory_id", "-1")
	"  INSERT INTO territory_month(month, territory_id, " TM_COLS ")"
	" SELECT x.month, x.t, -x.sales_fen, -x.sales_orders, -x.due_fen, -x.received_fen,"
	" -x.visits_done, -x.visits_missed FROM (SELECT dm.*, " TA("dm.distributor_id", "dm.month")
	" AS t FROM dist_month dm WHERE dm.distributor_id = old.id) x WHERE x.t <> 0" TM_SET
	"  INSERT INTO territory_target(period, territory_id, amount_fen, targets)"
	" SELECT x.period, x.t, -x.amount_fen, -1 FROM (SELECT st.period, st.amount_fen, "
	TA("st.distributor_id", LAST_MONTH("st.period")) " AS t FROM sales_targets st"
	" WHERE st.distributor_id = old.id) x WHERE x.t <> 0" TT_SET
	"END;\n"

	/* Its stats: the next visit, and what it owes. */
	"CREATE TRIGGER distributor_stats_territory_visit AFTER UPDATE OF last_visit_at\n"
	"  ON distributor_stats WHEN old.last_visit_at IS NOT new.last_visit_at BEGIN\n"
	"  INSERT INTO territory_day(kind, day, territory_id, n) SELECT 'visit',"
	" " VISIT_DAY("old.last_visit_at", "d.visit_every_days") ", d.territory_id, -1"
	" FROM distributors d WHERE d.id = old.distributor_id AND d.status = 'active'"
	" AND d.territory_id IS NOT NULL" DAY_SET
	"  INSERT INTO territory_day(kind, day, territory_id, n) SELECT 'visit',"
	" " VISIT_DAY("new.last_visit_at", "d.visit_every_days") ", d.territory_id, 1"
	" FROM distributors d WHERE d.id = new.distributor_id AND d.status = 'active'"
	" AND d.territory_id IS NOT NULL" DAY_SET
	"  DELETE FROM territory_day WHERE kind = 'visit' AND n = 0 AND (day, territory_id) IN"
	" (SELECT " VISIT_DAY("old.last_visit_at", "d.visit_every_days") ", d.territory_id"
	" FROM distributors d WHERE d.id = old.distributor_id);\n"
	"END;\n"
	"CREATE TRIGGER distributor_stats_territory_unpaid AFTER UPDATE OF unpaid_since,\n"
	"  due_total_fen, paid_total_fen ON distributor_stats\n"
	"  WHEN old.unpaid_since IS NOT new.unpaid_since OR (new.unpaid_since IS NOT NULL AND\n"
	"    old.due_total_fen - old.paid_total_fen <> new.due_total_fen - new.paid_total_fen) BEGIN\n"
	DAY_UNPAID(CUR("old.distributor_id"), "-1", "old.unpaid_since",
		   "old.due_total_fen - old.paid_total_fen")
	DAY_UNPAID(CUR("new.distributor_id"), "1", "new.unpaid_since",
		   "new.due_total_fen - new.paid_total_fen")
	"END;\n"

	/* Open 窜货 and 乱价 incidents. */
	"CREATE TRIGGER incidents_territory_insert AFTER INSERT ON incidents BEGIN\n"
	INCIDENT_ADD("new", "1")
	"END;\n"
	"CREATE TRIGGER incidents_territory_update AFTER UPDATE OF distributor_id, kind, status\n"
	"  ON incidents BEGIN\n"
	INCIDENT_ADD("old", "-1")
	INCIDENT_ADD("new", "1")
	"END;\n"
	"CREATE TRIGGER incidents_territory_delete AFTER DELETE ON incidents BEGIN\n"
	INCIDENT_ADD("old", "-1")
	"END;\n";

static const char schema_v4_kept_drop[] =
	"DROP TRIGGER dist_month_territory_insert; DROP TRIGGER dist_month_territory_update;\n"
	"DROP TRIGGER dist_month_territory_delete;\n"
	"DROP TRIGGER sales_targets_territory_insert; DROP TRIGGER sales_targets_territory_update;\n"
	"DROP TRIGGER sales_targets_territory_delete;\n"
	"DROP TRIGGER orders_cross_insert; DROP TRIGGER orders_cross_update;\n"
	"DROP TRIGGER cross_orders_count_insert; DROP TRIGGER cross_orders_count_delete;\n"
	"DROP TRIGGER territories_cross; DROP TRIGGER distributor_moves_territory;\n"
	"DROP TRIGGER distributors_territory_insert; DROP TRIGGER distributors_territory_now;\n"
	"DROP TRIGGER distributors_territory_move; DROP TRIGGER distributors_territory_delete;\n"
	"DROP TRIGGER distributor_stats_territory_visit;\n"
	"DROP TRIGGER distributor_stats_territory_unpaid;\n"
	"DROP TRIGGER incidents_territory_insert; DROP TRIGGER incidents_territory_update;\n"
	"DROP TRIGGER incidents_territory_delete;\n";

/* ---- from scratch ------------------------------------------------------------
 * Each as a query the rebuild inserts and the checks compare with. */
/* The candidates computed once each (a join, not a lookup per row). */
#define V4_CROSS_ALL \
	"WITH cand AS MATERIALIZED (" \
	CROSS_CAND("orders o JOIN distributors d ON d.id = o.distributor_id", "", "d.territory_id") \
	") " CROSS_PICK("cand")
/* (month, territory, the six month figures). */
#define V4_MONTHS \
	"SELECT m, t, sum(s) AS s, sum(so) AS so, sum(du) AS du, sum(rec) AS rec, sum(vd) AS vd," \
	" sum(vm) AS vm FROM (" \
	" SELECT dm.month AS m, " TA_X("dm.distributor_id", "dm.month", "d.territory_id", "NULL") \
	"  AS t, dm.sales_fen AS s, dm.sales_orders AS so, dm.due_fen AS du," \
	"  dm.received_fen AS rec, dm.visits_done AS vd, dm.visits_missed AS vm" \
	"  FROM dist_month dm JOIN distributors d ON d.id = dm.distributor_id" \
	") GROUP BY m, t HAVING t <> 0"
/* (month, from, to, orders). */
#define V4_CROSS_MONTHS \
	"SELECT month, from_territory_id, to_territory_id, count(*) AS n FROM (" V4_CROSS_ALL ")" \
	" GROUP BY 1, 2, 3"
/* (period, territory, amount, targets). */
#define V4_TARGETS \
	"SELECT p, t, sum(a) AS a, count(*) AS n FROM (SELECT st.period AS p, st.amount_fen AS a, " \
	TA_X("st.distributor_id", LAST_MONTH("st.period"), "d.territory_id", "NULL") \
	" AS t FROM sales_targets st JOIN distributors d ON d.id = st.distributor_id)" \
	" GROUP BY p, t HAVING t <> 0"
/* (territory, total, active, rate, open 窜货, open 乱价). */
#define V4_NOW \
	"SELECT t, sum(n) AS n, sum(a) AS a, sum(rate) AS rate, sum(oc) AS oc, sum(op) AS op FROM (" \
	" SELECT d.territory_id AS t, 1 AS n, d.status = 'active' AS a," \
	"  " RATE("d.status", "d.visit_every_days") " AS rate, 0 AS oc, 0 AS op FROM distributors d" \
	" UNION ALL SELECT d.territory_id, 0, 0, 0, i.kind = 'cross_territory'," \
	"  i.kind = 'price_violation' FROM incidents i JOIN distributors d ON d.id = i.distributor_id" \
	"  WHERE " INCIDENT_COUNTED("i") \
	") WHERE t IS NOT NULL GROUP BY t"
/* (kind, day, territory, n, fen). */
#define V4_DAYS \
	"SELECT k, day, t, count(*) AS n, sum(fen) AS fen FROM (" \
	" SELECT 'visit' AS k, " VISIT_DAY("s.last_visit_at", "d.visit_every_days") " AS day," \
	"  d.territory_id AS t, 0 AS fen FROM distributors d" \
	"  JOIN distributor_stats s ON s.distributor_id = d.id WHERE d.status = 'active'" \
	" UNION ALL SELECT 'unpaid', s.unpaid_since, d.territory_id, s.due_total_fen - s.paid_total_fen" \
	"  FROM distributors d JOIN distributor_stats s ON s.distributor_id = d.id" \
	"  WHERE s.unpaid_since IS NOT NULL" \
	") WHERE t IS NOT NULL GROUP BY k, day, t"

/* The figures over territories, from the distributors here. */
#define V4_TERRITORIES \
	"DELETE FROM territory_month;\n" \
	"INSERT INTO territory_month(month, territory_id, " TM_COLS ") " V4_MONTHS ";\n" \
	"DELETE FROM cross_month;\n" \
	"INSERT INTO cross_month(month, from_territory_id, to_territory_id, n)\n" \
	"  SELECT month, from_territory_id, to_territory_id, count(*) FROM cross_orders GROUP BY 1, 2, 3;\n" \
	"DELETE FROM territory_target;\n" \
	"INSERT INTO territory_target(period, territory_id, amount_fen, targets) " V4_TARGETS ";\n" \
	"DELETE FROM territory_now;\n" \
	"INSERT INTO territory_now(territory_id, total, active, visit_rate, open_cross, open_price)\n" \
	"  " V4_NOW ";\n" \
	"DELETE FROM territory_day;\n" \
	"INSERT INTO territory_day(kind, day, territory_id, n, fen) " V4_DAYS ";\n"

static const char schema_v4_kept_rebuild[] =
	"DELETE FROM cross_orders;\n"
	CROSS_INSERT V4_CROSS_ALL ";\n"
	V4_TERRITORIES;

/* A rep's new database: an order's crossing depends only on the order, its
 * distributor's territory and moves and the territory tree, all of which
 * the rep's database has as the head office has them, so the head office's
 * list of its distributors' orders is copied (recomputing it read all
 * their orders: a sixth of provisioning the largest rep); the figures over
 * territories count only the rep's distributors and are made again. */
static const char schema_v4_kept_copy[] =
	"DELETE FROM main.cross_orders;\n"
	"INSERT INTO main.cross_orders SELECT * FROM ho.cross_orders\n"
	"  WHERE distributor_id IN (SELECT id FROM temp.sync_scope) ORDER BY order_id;\n"
	V4_TERRITORIES;

/* A large import's orders (temp.bulk_orders) that crossed a border, all
 * at once, as orders_cross_insert lists them one by one (their counts
 * follow by cross_orders_count_insert). */
static const char *const schema_v4_orders_paused[] = { "orders_cross_insert", NULL };
static const char schema_v4_orders_added[] =
	CROSS_INSERT CROSS_ROWS("orders o", "o.id IN (SELECT id FROM temp.bulk_orders) AND") ";\n";

/* clang-format on */

/* The checks of qudao check: (what, 0, kept, recomputed) for every kept row
 * that differs from the recompute; rows of nothing but zeros count as
 * absent. */
static const char *const schema_v4_kept_checks[] = {
	"WITH r AS MATERIALIZED (" V4_CROSS_ALL "),"
	" k AS MATERIALIZED (SELECT order_id, distributor_id, from_territory_id, to_territory_id,"
	" month FROM cross_orders),"
	" bad AS (SELECT * FROM (SELECT * FROM k EXCEPT SELECT * FROM r)"
	" UNION SELECT * FROM (SELECT * FROM r EXCEPT SELECT * FROM k))"
	" SELECT 'cross-territory order ' || coalesce((SELECT order_no FROM orders WHERE id ="
	" bad.order_id), bad.order_id), bad.distributor_id,"
	" CASE WHEN EXISTS (SELECT 1 FROM k WHERE k.order_id = bad.order_id) THEN 'listed'"
	" ELSE 'not listed' END,"
	" CASE WHEN EXISTS (SELECT 1 FROM r WHERE r.order_id = bad.order_id) THEN 'across a border'"
	" ELSE 'not across a border' END FROM (SELECT DISTINCT order_id, distributor_id FROM bad) "
	"bad",

	"WITH r AS MATERIALIZED (" V4_MONTHS "),"
	" k AS MATERIALIZED (SELECT month, territory_id, sales_fen, sales_orders, due_fen,"
	" received_fen, visits_done, visits_missed FROM territory_month"
	" WHERE sales_fen OR sales_orders OR due_fen OR received_fen OR visits_done OR "
	"visits_missed),"
	" r2 AS (SELECT * FROM r WHERE s OR so OR du OR rec OR vd OR vm),"
	" bad AS (SELECT month AS m, territory_id AS t FROM (SELECT * FROM k EXCEPT SELECT * FROM "
	"r2)"
	" UNION SELECT m, t FROM (SELECT * FROM r2 EXCEPT SELECT * FROM k))"
	" SELECT 'territory ' || coalesce((SELECT code FROM territories WHERE id = bad.t), bad.t)"
	" || ' month ' || bad.m, 0,"
	" coalesce((SELECT printf('sales %d (%d orders), due %d, received %d, visits %d done %d"
	" missed', sales_fen, sales_orders, due_fen, received_fen, visits_done, visits_missed)"
	" FROM k WHERE k.month = bad.m AND k.territory_id = bad.t), '-'),"
	" coalesce((SELECT printf('sales %d (%d orders), due %d, received %d, visits %d done %d"
	" missed', s, so, du, rec, vd, vm) FROM r2 WHERE r2.m = bad.m AND r2.t = bad.t), '-')"
	" FROM bad",

	/* Counted from the orders themselves, not from the list. */
	"WITH r AS MATERIALIZED (" V4_CROSS_MONTHS "),"
	" k AS MATERIALIZED (SELECT month, from_territory_id, to_territory_id, n FROM cross_month"
	" WHERE n),"
	" bad AS (SELECT month AS m, from_territory_id AS f, to_territory_id AS t FROM"
	" (SELECT * FROM k EXCEPT SELECT * FROM r) UNION SELECT * FROM (SELECT month,"
	" from_territory_id, to_territory_id FROM r EXCEPT SELECT month, from_territory_id,"
	" to_territory_id FROM k))"
	" SELECT '窜货 ' || bad.m || ' ' || coalesce((SELECT code FROM territories WHERE id = "
	"bad.f),"
	" bad.f) || ' → ' || coalesce((SELECT code FROM territories WHERE id = bad.t), bad.t), 0,"
	" coalesce((SELECT printf('%d orders', n) FROM k WHERE k.month = bad.m"
	" AND k.from_territory_id = bad.f AND k.to_territory_id = bad.t), '-'),"
	" coalesce((SELECT printf('%d orders', r.n) FROM r WHERE r.month = bad.m"
	" AND r.from_territory_id = bad.f AND r.to_territory_id = bad.t), '-') FROM bad",

	"WITH r AS MATERIALIZED (" V4_TARGETS "),"
	" k AS MATERIALIZED (SELECT period, territory_id, amount_fen, targets FROM territory_target"
	" WHERE amount_fen OR targets),"
	" bad AS (SELECT period AS p, territory_id AS t FROM (SELECT * FROM k EXCEPT SELECT * FROM "
	"r)"
	" UNION SELECT p, t FROM (SELECT * FROM r EXCEPT SELECT * FROM k))"
	" SELECT 'territory ' || coalesce((SELECT code FROM territories WHERE id = bad.t), bad.t)"
	" || ' target ' || bad.p, 0,"
	" coalesce((SELECT printf('%d from %d targets', amount_fen, targets) FROM k"
	" WHERE k.period = bad.p AND k.territory_id = bad.t), '-'),"
	" coalesce((SELECT printf('%d from %d targets', a, n) FROM r WHERE r.p = bad.p"
	" AND r.t = bad.t), '-') FROM bad",

	"WITH r AS MATERIALIZED (" V4_NOW "),"
	" k AS MATERIALIZED (SELECT territory_id, total, active, visit_rate, open_cross, open_price"
	" FROM territory_now WHERE total OR active OR visit_rate OR open_cross OR open_price),"
	" bad AS (SELECT territory_id AS t FROM (SELECT * FROM k EXCEPT SELECT * FROM r)"
	" UNION SELECT t FROM (SELECT * FROM r EXCEPT SELECT * FROM k))"
	" SELECT 'territory ' || coalesce((SELECT code FROM territories WHERE id = bad.t), bad.t)"
	" || ' now', 0,"
	" coalesce((SELECT printf('%d distributors, %d active, visit rate %d, open 窜货 %d, 乱价 "
	"%d',"
	" total, active, visit_rate, open_cross, open_price) FROM k WHERE k.territory_id = bad.t),"
	" '-'),"
	" coalesce((SELECT printf('%d distributors, %d active, visit rate %d, open 窜货 %d, 乱价 "
	"%d',"
	" n, a, rate, oc, op) FROM r WHERE r.t = bad.t), '-') FROM bad",

	"WITH r AS MATERIALIZED (" V4_DAYS "),"
	" k AS MATERIALIZED (SELECT kind, day, territory_id, n, fen FROM territory_day"
	" WHERE n OR fen),"
	" bad AS (SELECT kind AS k, day AS d, territory_id AS t FROM"
	" (SELECT * FROM k EXCEPT SELECT * FROM r)"
	" UNION SELECT k, day, t FROM (SELECT * FROM r EXCEPT SELECT * FROM k))"
	" SELECT 'territory ' || coalesce((SELECT code FROM territories WHERE id = bad.t), bad.t)"
	" || ' ' || bad.k || ' ' || CASE WHEN bad.d = '' THEN 'never' ELSE bad.d END, 0,"
	" coalesce((SELECT printf('%d, %d fen', n, fen) FROM k WHERE k.kind = bad.k"
	" AND k.day = bad.d AND k.territory_id = bad.t), '-'),"
	" coalesce((SELECT printf('%d, %d fen', n, fen) FROM r WHERE r.k = bad.k AND r.day = bad.d"
	" AND r.t = bad.t), '-') FROM bad",
	NULL,
};

const struct db_kept db_schema_v4_kept = {
	schema_v4_kept_triggers, schema_v4_kept_drop,
	schema_v4_kept_rebuild,	 schema_v4_kept_checks,
	schema_v4_kept_copy,	 schema_v4_orders_paused,
	schema_v4_orders_added,	 NULL, /* its copy also makes the figures over territories */
};

const struct db_migration db_schema_v4[] = {
	{ 4, schema_v4_tables, NULL },
	{ 4, schema_v4_kept_triggers, NULL },
	{ 4, schema_v4_kept_rebuild, NULL },
	{ 0, NULL, NULL },
};
