/* Schema 6: the scorecards' data.
 * - dist_period: what a distributor did in each month, quarter and year,
 *   one row per period, kept current by triggers in the writing transaction:
 *   sales and orders shipped (and those shipped outside its territory), their
 *   lines within the price tolerance, targets, money falling due and received
 *   (and everything due and paid up to the period's end, for what is overdue
 *   then), visits, shelf prices seen and inventory counts with their days of
 *   stock, incidents by kind and whether they were resolved in time, training
 *   attended. Its own table rather than more columns of dist_month: the
 *   screen reads one row per distributor for a quarter or a year, in one
 *   range of the primary key, instead of summing months (three or twelve
 *   rows each) for 100,000 distributors; the map reads the same rows.
 * - dist_month_category: sales by product category per month, for rebate
 *   rules that pay on a category.
 * - distributor_stats.open_incidents, for the red flags.
 * - score_settings: weights, threshold, deductions, grade bands and
 *   normalisation, each version applying from a month on.
 * - An index the scorecard reads every distributor's status, tier, place,
 *   owner, visit frequency and agreement from, without the rest of the row.
 *
 * The rules the figures follow (sales, tolerance, days of stock, in time)
 * are the scorecard's (core/scorecard.h); the numbers come from there. */
#include "db_internal.h"
#include "qudao/scorecard.h"
#include "schema.h"
#include "score_sql.h"

/* clang-format off */

/* ---- periods -------------------------------------------------------------- */

/* For a date (or a month) x: its quarter's number, and the period of kind k
 * ('M', 'Q', 'Y') it falls in, with that period's first and last day. */
#define S6_QN(x) "((CAST(substr(" x ", 6, 2) AS INTEGER) + 2) / 3)"
#define S6_Q(x) "(substr(" x ", 1, 4) || '-Q' || " S6_QN(x) ")"
#define S6_PERIOD(k, x) \
	"(CASE " k " WHEN 'M' THEN substr(" x ", 1, 7) WHEN 'Q' THEN " S6_Q(x) \
	" ELSE substr(" x ", 1, 4) END)"
#define S6_FIRST(k, x) \
	"(CASE " k " WHEN 'M' THEN substr(" x ", 1, 7) || '-01' WHEN 'Q' THEN substr(" x ", 1, 4)" \
	" || printf('-%02d-01', " S6_QN(x) " * 3 - 2) ELSE substr(" x ", 1, 4) || '-01-01' END)"
#define S6_LAST(k, x) \
	"date(" S6_FIRST(k, x) ", CASE " k " WHEN 'M' THEN '+1 month' WHEN 'Q' THEN '+3 months'" \
	" ELSE '+1 year' END, '-1 day')"
#define S6_KINDS "(VALUES ('M'), ('Q'), ('Y')) AS k"

/* The rows of the periods holding date x of the distributors `dcond` picks
 * ("= d", "IN (...)"): each alternative names the whole primary key, so
 * SQLite reads three rows, not every row of the distributor nor of the
 * period. */
#define S6_AT_D(dcond, x) \
	"((dist_period.kind = 'M' AND dist_period.period = substr(" x ", 1, 7)" \
	" AND dist_period.distributor_id " dcond ")" \
	" OR (dist_period.kind = 'Q' AND dist_period.period = " S6_Q(x) \
	" AND dist_period.distributor_id " dcond ")" \
	" OR (dist_period.kind = 'Y' AND dist_period.period = substr(" x ", 1, 4)" \
	" AND dist_period.distributor_id " dcond "))"
#define S6_AT(d, x) S6_AT_D("= " d, x)

/* Makes the month, quarter and year rows holding date s.x for distributor
 * s.d where they are missing, for every row of src (an "AS s" subquery with
 * distinct (d, x)); a new row starts with what was due up to its end less
 * what was paid by then. */
#define S6_ENSURE_SEL(distinct, src) \
	"  INSERT INTO dist_period(kind, period, distributor_id, first_day, last_day, open_to_end_fen)\n" \
	"  SELECT n.kind, n.period, n.d, n.first_day, n.last_day,\n" \
	"    coalesce((SELECT sum(a.amount_fen) FROM amounts_due a WHERE a.distributor_id = n.d\n" \
	"      AND a.due_date <= n.last_day), 0)\n" \
	"    - coalesce((SELECT sum(p.amount_fen) FROM payments p WHERE p.distributor_id = n.d\n" \
	"      AND p.paid_on <= n.last_day), 0)\n" \
	"  FROM (SELECT " distinct "k.column1 AS kind, s.d AS d, " S6_PERIOD("k.column1", "s.x") " AS period,\n" \
	"    " S6_FIRST("k.column1", "s.x") " AS first_day, " S6_LAST("k.column1", "s.x") " AS last_day\n" \
	"    FROM " src ", " S6_KINDS " WHERE s.x IS NOT NULL) AS n\n" \
	"  WHERE NOT EXISTS (SELECT 1 FROM dist_period e WHERE e.kind = n.kind\n" \
	"    AND e.period = n.period AND e.distributor_id = n.d);\n"
#define S6_ENSURE_FROM(src) S6_ENSURE_SEL("", src)
/* The same for many rows of src, several of which may fall in one period
 * (a bulk import's orders): each row made once. */
#define S6_ENSURE_MANY(src) S6_ENSURE_SEL("DISTINCT ", src)
#define S6_ENSURE(d, x, cond) \
	S6_ENSURE_FROM("(SELECT " d " AS d, " x " AS x WHERE " cond ") AS s")

/* Adds to the rows of the periods holding x: sets is a SET list. */
#define S6_ADD(d, x, cond, sets) \
	"  UPDATE dist_period SET " sets " WHERE " cond " AND " S6_AT(d, x) ";\n"
/* The same for every row of src (an "AS s" subquery of one row per d, x). */
#define S6_ADD_FROM(src, sets) \
	"  UPDATE dist_period SET " sets " FROM " src " WHERE " S6_AT("s.d", "s.x") ";\n"
/* Adds to what is open at the end of each period of d from the one holding
 * x on (an amount falling due adds, a payment takes away). */
#define S6_TO_END(d, x, delta) \
	"  UPDATE dist_period SET open_to_end_fen = open_to_end_fen + (" delta ")" \
	" WHERE distributor_id = " d " AND last_day >= " x ";\n"

/* A target's kind and first day from its period text. */
#define S6_TKIND(p) \
	"(CASE WHEN length(" p ") = 4 THEN 'Y' WHEN substr(" p ", 6, 1) = 'Q' THEN 'Q' ELSE 'M' END)"
#define S6_TFIRST(p) \
	"(CASE WHEN length(" p ") = 4 THEN " p " || '-01-01' WHEN substr(" p ", 6, 1) = 'Q'" \
	" THEN substr(" p ", 1, 4) || printf('-%02d-01', substr(" p ", 7, 1) * 3 - 2)" \
	" ELSE " p " || '-01' END)"

/* ---- inventory counts ----------------------------------------------------- */

/* Applies, to the rows holding each count, what changes when the units
 * shipped before it change: c is an "AS c" subquery of counts (d, t, q,
 * u_new, u_old). */
#define S6_STOCK_DELTA(c) \
	"  UPDATE dist_period SET stock_counts = stock_counts + s.dc,\n" \
	"    stock_low = stock_low + s.dl, stock_high = stock_high + s.dh\n" \
	"  FROM (SELECT c.d AS d, k.column1 AS kind, " S6_PERIOD("k.column1", "c.t") " AS period,\n" \
	"    sum(" S6_COUNTED("c.q", "c.u_new") " - " S6_COUNTED("c.q", "c.u_old") ") AS dc,\n" \
	"    sum(" S6_LOW("c.q", "c.u_new") " - " S6_LOW("c.q", "c.u_old") ") AS dl,\n" \
	"    sum(" S6_HIGH("c.q", "c.u_new") " - " S6_HIGH("c.q", "c.u_old") ") AS dh\n" \
	"    FROM " c ", " S6_KINDS " GROUP BY 1, 2, 3) AS s\n" \
	"  WHERE dist_period.kind = s.kind AND dist_period.period = s.period\n" \
	"    AND dist_period.distributor_id = s.d AND (s.dc OR s.dl OR s.dh);\n"
/* Whether the day of visit v is in the window after a shipment on `day`:
 * the shipment counts before it. */
#define S6_WINDOW(day) \
	"(v.planned_at >= date(" day ", '+1 day') AND v.planned_at < date(" day ", '+" \
	SCORE_STR(SCORE_STOCK_WINDOW_DAYS) " days', '+1 day'))"
/* The counts of done visits `where` picks (of v and vi), each with u, its
 * units now, and u_new, u_old (expressions of u, d, p, t): the units after
 * and before the change. Materialized, so each count's units are summed
 * once, and u_new and u_old worked out once (not again for each sum that
 * reads them and each kind of period). */
#define S6_COUNTS(where, unew, uold) \
	"(WITH c0 AS MATERIALIZED (SELECT v.distributor_id AS d, vi.product_id AS p,\n" \
	"      substr(v.planned_at, 1, 10) AS t, vi.quantity AS q FROM visits v\n" \
	"      JOIN visit_inventory vi ON vi.visit_id = v.id WHERE v.status = 'done' AND " where "),\n" \
	"    c1 AS MATERIALIZED (SELECT c0.*, " S6_UNITS("c0.d", "c0.p", "c0.t") " AS u FROM c0),\n" \
	"    c2 AS MATERIALIZED (SELECT d, p, t, q, " unew " AS u_new, " uold " AS u_old FROM c1)\n" \
	"  SELECT * FROM c2) AS c"
/* An order's part in the window of a count (d, p, t): the quantity of the
 * count's product in order o when o is a sale to d shipped in the window. */
#define S6_IN_WINDOW(o) \
	S6_SALE(o) " AND " o ".distributor_id = d AND " o ".ship_date >= date(t, '-" \
	SCORE_STR(SCORE_STOCK_WINDOW_DAYS) " days') AND " o ".ship_date < t"
#define S6_PART(o) \
	"(CASE WHEN " S6_IN_WINDOW(o) " THEN coalesce((SELECT sum(pl.quantity) FROM order_lines pl\n" \
	"      WHERE pl.order_id = " o ".id AND pl.product_id = p), 0) ELSE 0 END)"
/* A line's part in the window of a count (d, p, t). */
#define S6_LINE_PART(l) \
	"coalesce((SELECT " l ".quantity FROM orders o WHERE o.id = " l ".order_id AND p = " l \
	".product_id AND " S6_IN_WINDOW("o") "), 0)"
/* The distributor and ship date of the order line l belongs to, when it is
 * a sale. */
#define S6_LINE_DIST(l) \
	"(SELECT o.distributor_id FROM orders o WHERE o.id = " l ".order_id AND " S6_SALE("o") ")"
#define S6_LINE_SHIP(l) "(SELECT o.ship_date FROM orders o WHERE o.id = " l ".order_id)"
/* A visit's counts added (sign +) or taken away (-) from its rows. */
#define S6_STOCK_VISIT(v, sign) \
	"  UPDATE dist_period SET stock_counts = stock_counts " sign " s.c,\n" \
	"    stock_low = stock_low " sign " s.l, stock_high = stock_high " sign " s.h\n" \
	"  FROM (WITH c AS MATERIALIZED (SELECT vi.quantity AS q, " \
	S6_UNITS(v ".distributor_id", "vi.product_id", "substr(" v ".planned_at, 1, 10)") " AS u\n" \
	"      FROM visit_inventory vi WHERE vi.visit_id = " v ".id)\n" \
	"    SELECT " v ".distributor_id AS d, " v ".planned_at AS x,\n" \
	"    coalesce(sum(" S6_COUNTED("c.q", "c.u") "), 0) AS c, coalesce(sum(" S6_LOW("c.q", "c.u") "), 0) AS l,\n" \
	"    coalesce(sum(" S6_HIGH("c.q", "c.u") "), 0) AS h FROM c WHERE " v ".status = 'done') AS s\n" \
	"  WHERE " S6_AT("s.d", "s.x") " AND (s.c OR s.l OR s.h);\n"
/* One count (quantity q, product p, of visit vid) added or taken away. */
#define S6_STOCK_COUNT(vid, p, q, sign) \
	"  UPDATE dist_period SET stock_counts = stock_counts " sign " s.c,\n" \
	"    stock_low = stock_low " sign " s.l, stock_high = stock_high " sign " s.h\n" \
	"  FROM (WITH c AS MATERIALIZED (SELECT v.distributor_id AS d, v.planned_at AS x, " q " AS q,\n" \
	"      " S6_UNITS("v.distributor_id", p, "substr(v.planned_at, 1, 10)") " AS u FROM visits v\n" \
	"      WHERE v.id = " vid " AND v.status = 'done')\n" \
	"    SELECT d, x, " S6_COUNTED("q", "u") " AS c, " S6_LOW("q", "u") " AS l, " S6_HIGH("q", "u") \
	" AS h FROM c) AS s\n" \
	"  WHERE " S6_AT("s.d", "s.x") ";\n"

/* ---- an order's lines -------------------------------------------------- */

/* Order o's lines counted (sign +) or taken away, within the tolerance by
 * its distributor's tier now; and its sales by category. */
#define S6_ORDER_LINES(o, sign) \
	S6_ADD(o ".distributor_id", o ".ship_date", S6_SALE(o), \
	"lines = lines " sign " (SELECT count(*) FROM order_lines WHERE order_id = " o ".id),\n" \
	"    lines_ok = lines_ok " sign " (SELECT count(*) FROM order_lines l JOIN products p\n" \
	"      ON p.id = l.product_id WHERE l.order_id = " o ".id\n" \
	"      AND " S6_LINE_OK("l.unit_price_fen", S6_TIER(o ".distributor_id"), "p") ")")
#define S6_ORDER_CATEGORIES_ADD(o) \
	"  INSERT INTO dist_month_category(month, category, distributor_id, sales_fen)\n" \
	"  SELECT substr(" o ".ship_date, 1, 7), p.category, " o ".distributor_id,\n" \
	"    sum(l.quantity * l.unit_price_fen) FROM order_lines l JOIN products p ON p.id = l.product_id\n" \
	"    WHERE l.order_id = " o ".id AND " S6_SALE(o) " GROUP BY p.category\n" \
	"  ON CONFLICT(month, category, distributor_id) DO UPDATE SET sales_fen = sales_fen + excluded.sales_fen;\n"
#define S6_ORDER_CATEGORIES_SUB(o) \
	"  UPDATE dist_month_category SET sales_fen = sales_fen - s.v FROM (SELECT p.category AS c,\n" \
	"    sum(l.quantity * l.unit_price_fen) AS v FROM order_lines l JOIN products p\n" \
	"    ON p.id = l.product_id WHERE l.order_id = " o ".id GROUP BY p.category) AS s\n" \
	"  WHERE " S6_SALE(o) " AND month = substr(" o ".ship_date, 1, 7) AND category = s.c\n" \
	"    AND distributor_id = " o ".distributor_id;\n"
/* One line l of order row o: counted or taken away. */
#define S6_LINE_SRC(l) \
	"(SELECT o.distributor_id AS d, o.ship_date AS x, " \
	S6_LINE_OK(l ".unit_price_fen", "ds.tier", "p") " AS ok, p.category AS c\n" \
	"    FROM orders o JOIN distributors ds ON ds.id = o.distributor_id\n" \
	"    JOIN products p ON p.id = " l ".product_id WHERE o.id = " l ".order_id AND " S6_SALE("o") ") AS s"

/* clang-format on */

/* ---- tables ---------------------------------------------------------------- */

/* clang-format off */
#define S6_COUNT_COLUMN(c) "  " c " INTEGER NOT NULL DEFAULT 0,\n"
static const char schema_v6_tables[] =
	"CREATE TABLE dist_period (\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('M','Q','Y')),\n"
	"  period TEXT NOT NULL CHECK (period GLOB '[12][0-9][0-9][0-9]*' AND length(period) <= 7),\n"
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  first_day TEXT NOT NULL,\n"
	"  last_day TEXT NOT NULL,\n"
	S6_COUNT_COLUMN("sales_fen") S6_COUNT_COLUMN("sales_orders") S6_COUNT_COLUMN("cross_orders")
	S6_COUNT_COLUMN("lines") S6_COUNT_COLUMN("lines_ok")
	/* The period's own target (NULL: none), and its months' targets. */
	"  target_fen INTEGER,\n"
	S6_COUNT_COLUMN("month_target_fen") S6_COUNT_COLUMN("month_targets")
	S6_COUNT_COLUMN("due_fen") S6_COUNT_COLUMN("received_fen")
	/* Everything due up to the period's last day less everything paid by
	 * then: what is overdue at its end when more than 0. */
	S6_COUNT_COLUMN("open_to_end_fen")
	S6_COUNT_COLUMN("visits_done") S6_COUNT_COLUMN("visits_missed")
	S6_COUNT_COLUMN("shelf") S6_COUNT_COLUMN("shelf_ok")
	S6_COUNT_COLUMN("stock_counts") S6_COUNT_COLUMN("stock_low") S6_COUNT_COLUMN("stock_high")
	/* Incidents opened by kind, 12 bits a kind in labels_incident_kind
	 * order (price violation in the lowest bits), and of them those
	 * resolved in time: one column each, so the board reads two numbers,
	 * not ten (core/scorecard.h, SCORE_INCIDENT_BITS). */
	S6_COUNT_COLUMN("incidents") S6_COUNT_COLUMN("incidents_in_time")
	S6_COUNT_COLUMN("trainings")
	"  PRIMARY KEY (kind, period, distributor_id)\n) WITHOUT ROWID;\n"
	"CREATE INDEX dist_period_distributor ON dist_period(distributor_id, last_day);\n"
	"CREATE TABLE dist_month_category (\n"
	"  month TEXT NOT NULL,\n"
	"  category TEXT NOT NULL,\n"
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  sales_fen INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (month, category, distributor_id)\n) WITHOUT ROWID;\n"
	"CREATE INDEX dist_month_category_distributor ON dist_month_category(distributor_id, month);\n"
	"ALTER TABLE distributor_stats ADD COLUMN open_incidents INTEGER NOT NULL DEFAULT 0;\n"
	/* Everything the scorecard needs of every distributor, read in id order
	 * without the names, addresses and notes of the table's rows. */
	"CREATE INDEX distributors_scorecard ON distributors(id, status, tier, territory_id,\n"
	"  owner_rep_id, visit_every_days, agreement_start, agreement_end);\n"
	"CREATE TABLE score_settings (\n"
	"  id INTEGER PRIMARY KEY CHECK (id > 0),\n"
	"  from_month TEXT NOT NULL UNIQUE\n"
	"    CHECK (from_month GLOB '[12][0-9][0-9][0-9]-[01][0-9]' AND substr(from_month, 6) BETWEEN '01' AND '12'),\n"
	"  w_sales INTEGER NOT NULL CHECK (w_sales BETWEEN 0 AND 100),\n"
	"  w_collection INTEGER NOT NULL CHECK (w_collection BETWEEN 0 AND 100),\n"
	"  w_price INTEGER NOT NULL CHECK (w_price BETWEEN 0 AND 100),\n"
	"  w_territory INTEGER NOT NULL CHECK (w_territory BETWEEN 0 AND 100),\n"
	"  w_visits INTEGER NOT NULL CHECK (w_visits BETWEEN 0 AND 100),\n"
	"  w_inventory INTEGER NOT NULL CHECK (w_inventory BETWEEN 0 AND 100),\n"
	"  w_service INTEGER NOT NULL CHECK (w_service BETWEEN 0 AND 100),\n"
	"  w_training INTEGER NOT NULL CHECK (w_training BETWEEN 0 AND 100),\n"
	"  threshold INTEGER NOT NULL CHECK (threshold BETWEEN 0 AND 100),\n"
	"  d_price_violation INTEGER NOT NULL CHECK (d_price_violation BETWEEN 0 AND 100),\n"
	"  d_cross_territory INTEGER NOT NULL CHECK (d_cross_territory BETWEEN 0 AND 100),\n"
	"  d_return INTEGER NOT NULL CHECK (d_return BETWEEN 0 AND 100),\n"
	"  d_quality INTEGER NOT NULL CHECK (d_quality BETWEEN 0 AND 100),\n"
	"  d_complaint INTEGER NOT NULL CHECK (d_complaint BETWEEN 0 AND 100),\n"
	"  grade_a INTEGER NOT NULL CHECK (grade_a BETWEEN 0 AND 100),\n"
	"  grade_b INTEGER NOT NULL CHECK (grade_b BETWEEN 0 AND 100),\n"
	"  grade_c INTEGER NOT NULL CHECK (grade_c BETWEEN 0 AND 100),\n"
	"  normalise INTEGER NOT NULL DEFAULT 0 CHECK (normalise IN (0,1)),\n"
	"  bottom_n INTEGER NOT NULL DEFAULT 10 CHECK (bottom_n BETWEEN 1 AND 1000),\n"
	"  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),\n"
	"  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n"
	"  updated_by TEXT NOT NULL DEFAULT '' CHECK (length(updated_by) <= 100),\n"
	"  CHECK (w_sales + w_collection + w_price + w_territory + w_visits + w_inventory\n"
	"    + w_service + w_training = 100),\n"
	"  CHECK (grade_a > grade_b AND grade_b > grade_c)\n);\n";

/* ---- triggers ----------------------------------------------------------------- */

/* Amounts due and payments: the period's flow, and what was due (paid) up
 * to each later period's end. Existing rows move first, then missing ones
 * are made (they count the row already). */
#define S6_MONEY_TRIGGERS(table, day, flow, sign) \
	"CREATE TRIGGER s6_" table "_insert AFTER INSERT ON " table " BEGIN\n" \
	S6_TO_END("new.distributor_id", "new." day, sign " * new.amount_fen") \
	S6_ENSURE("new.distributor_id", "new." day, "1") \
	S6_ADD("new.distributor_id", "new." day, "1", flow " = " flow " + new.amount_fen") \
	"END;\n" \
	"CREATE TRIGGER s6_" table "_update AFTER UPDATE OF distributor_id, " day ", amount_fen ON " \
	table " BEGIN\n" \
	S6_TO_END("old.distributor_id", "old." day, sign " * -old.amount_fen") \
	S6_TO_END("new.distributor_id", "new." day, sign " * new.amount_fen") \
	S6_ENSURE("new.distributor_id", "new." day, "1") \
	S6_ADD("old.distributor_id", "old." day, "1", flow " = " flow " - old.amount_fen") \
	S6_ADD("new.distributor_id", "new." day, "1", flow " = " flow " + new.amount_fen") \
	"END;\n" \
	"CREATE TRIGGER s6_" table "_delete AFTER DELETE ON " table " BEGIN\n" \
	S6_TO_END("old.distributor_id", "old." day, sign " * -old.amount_fen") \
	S6_ADD("old.distributor_id", "old." day, "1", flow " = " flow " - old.amount_fen") \
	"END;\n"

/* An order's own figures: its total, itself, whether it went outside. */
#define S6_ORDER_SETS(sign, o) \
	"sales_fen = sales_fen " sign " " o ".total_fen, sales_orders = sales_orders " sign " 1,\n" \
	"    cross_orders = cross_orders " sign " " S6_CROSS(o)
/* The counts whose units a change of order (old to new) moves, its lines
 * being what they are. */
#define S6_ORDER_COUNTS \
	S6_COUNTS("v.distributor_id IN (old.distributor_id, new.distributor_id)" \
		  " AND (" S6_WINDOW("old.ship_date") " OR " S6_WINDOW("new.ship_date") ")" \
		  " AND vi.product_id IN (SELECT product_id FROM order_lines WHERE order_id = new.id)", \
		  "u", "u - " S6_PART("new") " + " S6_PART("old"))

static const char schema_v6_triggers[] =
	S6_MONEY_TRIGGERS("amounts_due", "due_date", "due_fen", "1")
	S6_MONEY_TRIGGERS("payments", "paid_on", "received_fen", "-1")

	/* Orders: counted when shipped or delivered, by ship date, with their
	 * lines (which a bundle from elsewhere may bring before the order). */
	"CREATE TRIGGER s6_orders_insert AFTER INSERT ON orders WHEN " S6_SALE("new") " BEGIN\n"
	S6_ENSURE("new.distributor_id", "new.ship_date", "1")
	S6_ADD("new.distributor_id", "new.ship_date", "1", S6_ORDER_SETS("+", "new"))
	S6_ORDER_LINES("new", "+")
	S6_ORDER_CATEGORIES_ADD("new")
	S6_STOCK_DELTA(S6_COUNTS("v.distributor_id = new.distributor_id AND " S6_WINDOW("new.ship_date")
		" AND vi.product_id IN (SELECT product_id FROM order_lines WHERE order_id = new.id)",
		"u", "u - " S6_PART("new")))
	"END;\n"
	"CREATE TRIGGER s6_orders_update AFTER UPDATE OF distributor_id, status, ship_date, total_fen,\n"
	"  ship_territory_id ON orders WHEN (" S6_SALE("old") " OR " S6_SALE("new") ")\n"
	"  AND (" S6_SALE("old") " IS NOT " S6_SALE("new") " OR old.distributor_id IS NOT new.distributor_id\n"
	"    OR old.ship_date IS NOT new.ship_date OR old.total_fen IS NOT new.total_fen\n"
	"    OR old.ship_territory_id IS NOT new.ship_territory_id) BEGIN\n"
	S6_ADD("old.distributor_id", "old.ship_date", S6_SALE("old"), S6_ORDER_SETS("-", "old"))
	S6_ORDER_LINES("old", "-")
	S6_ORDER_CATEGORIES_SUB("old")
	S6_ENSURE("new.distributor_id", "new.ship_date", S6_SALE("new"))
	S6_ADD("new.distributor_id", "new.ship_date", S6_SALE("new"), S6_ORDER_SETS("+", "new"))
	S6_ORDER_LINES("new", "+")
	S6_ORDER_CATEGORIES_ADD("new")
	S6_STOCK_DELTA(S6_ORDER_COUNTS)
	"END;\n"
	/* Before the row goes: its lines are still there to be taken away. */
	"CREATE TRIGGER s6_orders_delete BEFORE DELETE ON orders WHEN " S6_SALE("old") " BEGIN\n"
	S6_ADD("old.distributor_id", "old.ship_date", "1", S6_ORDER_SETS("-", "old"))
	S6_ORDER_LINES("old", "-")
	S6_ORDER_CATEGORIES_SUB("old")
	S6_STOCK_DELTA(S6_COUNTS("v.distributor_id = old.distributor_id AND " S6_WINDOW("old.ship_date")
		" AND vi.product_id IN (SELECT product_id FROM order_lines WHERE order_id = old.id)",
		"u - " S6_PART("old"), "u"))
	"END;\n"

	/* Order lines, of orders that count. */
	"CREATE TRIGGER s6_order_lines_insert AFTER INSERT ON order_lines BEGIN\n"
	S6_ENSURE_FROM(S6_LINE_SRC("new"))
	S6_ADD_FROM(S6_LINE_SRC("new"), "lines = lines + 1, lines_ok = lines_ok + s.ok")
	"  INSERT INTO dist_month_category(month, category, distributor_id, sales_fen)\n"
	"  SELECT substr(s.x, 1, 7), s.c, s.d, new.quantity * new.unit_price_fen FROM "
	S6_LINE_SRC("new") " WHERE 1\n"
	"  ON CONFLICT(month, category, distributor_id) DO UPDATE SET sales_fen = sales_fen + excluded.sales_fen;\n"
	S6_STOCK_DELTA(S6_COUNTS("v.distributor_id = " S6_LINE_DIST("new") " AND "
		S6_WINDOW(S6_LINE_SHIP("new")) " AND vi.product_id = new.product_id",
		"u", "u - new.quantity"))
	"END;\n"
	"CREATE TRIGGER s6_order_lines_update AFTER UPDATE OF order_id, product_id, quantity,\n"
	"  unit_price_fen ON order_lines BEGIN\n"
	S6_ADD_FROM(S6_LINE_SRC("old"), "lines = lines - 1, lines_ok = lines_ok - s.ok")
	"  UPDATE dist_month_category SET sales_fen = sales_fen - old.quantity * old.unit_price_fen\n"
	"  FROM " S6_LINE_SRC("old") " WHERE month = substr(s.x, 1, 7) AND category = s.c\n"
	"    AND distributor_id = s.d;\n"
	S6_ENSURE_FROM(S6_LINE_SRC("new"))
	S6_ADD_FROM(S6_LINE_SRC("new"), "lines = lines + 1, lines_ok = lines_ok + s.ok")
	"  INSERT INTO dist_month_category(month, category, distributor_id, sales_fen)\n"
	"  SELECT substr(s.x, 1, 7), s.c, s.d, new.quantity * new.unit_price_fen FROM "
	S6_LINE_SRC("new") " WHERE 1\n"
	"  ON CONFLICT(month, category, distributor_id) DO UPDATE SET sales_fen = sales_fen + excluded.sales_fen;\n"
	/* The counts of either order's distributor, either product, either
	 * window: the units before were these less the new line plus the old. */
	S6_STOCK_DELTA(S6_COUNTS("v.distributor_id IN (" S6_LINE_DIST("old") ", " S6_LINE_DIST("new") ")"
		" AND (" S6_WINDOW(S6_LINE_SHIP("old")) " OR " S6_WINDOW(S6_LINE_SHIP("new")) ")"
		" AND vi.product_id IN (old.product_id, new.product_id)",
		"u", "u - " S6_LINE_PART("new") " + " S6_LINE_PART("old")))
	"END;\n"
	"CREATE TRIGGER s6_order_lines_delete AFTER DELETE ON order_lines BEGIN\n"
	S6_ADD_FROM(S6_LINE_SRC("old"), "lines = lines - 1, lines_ok = lines_ok - s.ok")
	"  UPDATE dist_month_category SET sales_fen = sales_fen - old.quantity * old.unit_price_fen\n"
	"  FROM " S6_LINE_SRC("old") " WHERE month = substr(s.x, 1, 7) AND category = s.c\n"
	"    AND distributor_id = s.d;\n"
	S6_STOCK_DELTA(S6_COUNTS("v.distributor_id = " S6_LINE_DIST("old") " AND "
		S6_WINDOW(S6_LINE_SHIP("old")) " AND vi.product_id = old.product_id",
		"u", "u + old.quantity"))
	"END;\n"

	/* Visits, with the shelf prices and counts taken on them. */
	"CREATE TRIGGER s6_visits_insert AFTER INSERT ON visits WHEN new.status IN ('done','missed') BEGIN\n"
	S6_ENSURE("new.distributor_id", "new.planned_at", "1")
	S6_ADD("new.distributor_id", "new.planned_at", "1",
	       "visits_done = visits_done + (new.status = 'done'),"
	       " visits_missed = visits_missed + (new.status = 'missed')")
	S6_ADD("new.distributor_id", "new.planned_at", "new.status = 'done'",
	       "shelf = shelf + (SELECT count(*) FROM visit_prices WHERE visit_id = new.id),"
	       " shelf_ok = shelf_ok + (SELECT count(*) FROM visit_prices vp JOIN products p"
	       " ON p.id = vp.product_id WHERE vp.visit_id = new.id AND "
	       S6_SHELF_OK("vp.shelf_price_fen", "p") ")")
	S6_STOCK_VISIT("new", "+")
	"END;\n"
	"CREATE TRIGGER s6_visits_update AFTER UPDATE OF distributor_id, planned_at, status ON visits\n"
	"  WHEN old.distributor_id IS NOT new.distributor_id OR old.planned_at IS NOT new.planned_at\n"
	"    OR old.status IS NOT new.status BEGIN\n"
	S6_ADD("old.distributor_id", "old.planned_at", "old.status IN ('done','missed')",
	       "visits_done = visits_done - (old.status = 'done'),"
	       " visits_missed = visits_missed - (old.status = 'missed')")
	S6_ADD("old.distributor_id", "old.planned_at", "old.status = 'done'",
	       "shelf = shelf - (SELECT count(*) FROM visit_prices WHERE visit_id = old.id),"
	       " shelf_ok = shelf_ok - (SELECT count(*) FROM visit_prices vp JOIN products p"
	       " ON p.id = vp.product_id WHERE vp.visit_id = old.id AND "
	       S6_SHELF_OK("vp.shelf_price_fen", "p") ")")
	S6_STOCK_VISIT("old", "-")
	S6_ENSURE("new.distributor_id", "new.planned_at", "new.status IN ('done','missed')")
	S6_ADD("new.distributor_id", "new.planned_at", "new.status IN ('done','missed')",
	       "visits_done = visits_done + (new.status = 'done'),"
	       " visits_missed = visits_missed + (new.status = 'missed')")
	S6_ADD("new.distributor_id", "new.planned_at", "new.status = 'done'",
	       "shelf = shelf + (SELECT count(*) FROM visit_prices WHERE visit_id = new.id),"
	       " shelf_ok = shelf_ok + (SELECT count(*) FROM visit_prices vp JOIN products p"
	       " ON p.id = vp.product_id WHERE vp.visit_id = new.id AND "
	       S6_SHELF_OK("vp.shelf_price_fen", "p") ")")
	S6_STOCK_VISIT("new", "+")
	"END;\n"
	"CREATE TRIGGER s6_visits_delete BEFORE DELETE ON visits WHEN old.status IN ('done','missed') BEGIN\n"
	S6_ADD("old.distributor_id", "old.planned_at", "1",
	       "visits_done = visits_done - (old.status = 'done'),"
	       " visits_missed = visits_missed - (old.status = 'missed')")
	S6_ADD("old.distributor_id", "old.planned_at", "old.status = 'done'",
	       "shelf = shelf - (SELECT count(*) FROM visit_prices WHERE visit_id = old.id),"
	       " shelf_ok = shelf_ok - (SELECT count(*) FROM visit_prices vp JOIN products p"
	       " ON p.id = vp.product_id WHERE vp.visit_id = old.id AND "
	       S6_SHELF_OK("vp.shelf_price_fen", "p") ")")
	S6_STOCK_VISIT("old", "-")
	"END;\n"

	/* Shelf prices and counts of visits done. */
#define S6_SHELF_SRC(r) \
	"(SELECT v.distributor_id AS d, v.planned_at AS x, " S6_SHELF_OK(r ".shelf_price_fen", "p") \
	" AS ok FROM visits v JOIN products p ON p.id = " r ".product_id WHERE v.id = " r ".visit_id" \
	" AND v.status = 'done') AS s"
	"CREATE TRIGGER s6_visit_prices_insert AFTER INSERT ON visit_prices BEGIN\n"
	S6_ADD_FROM(S6_SHELF_SRC("new"), "shelf = shelf + 1, shelf_ok = shelf_ok + s.ok")
	"END;\n"
	"CREATE TRIGGER s6_visit_prices_update AFTER UPDATE OF visit_id, product_id, shelf_price_fen\n"
	"  ON visit_prices BEGIN\n"
	S6_ADD_FROM(S6_SHELF_SRC("old"), "shelf = shelf - 1, shelf_ok = shelf_ok - s.ok")
	S6_ADD_FROM(S6_SHELF_SRC("new"), "shelf = shelf + 1, shelf_ok = shelf_ok + s.ok")
	"END;\n"
	"CREATE TRIGGER s6_visit_prices_delete AFTER DELETE ON visit_prices BEGIN\n"
	S6_ADD_FROM(S6_SHELF_SRC("old"), "shelf = shelf - 1, shelf_ok = shelf_ok - s.ok")
	"END;\n"
	"CREATE TRIGGER s6_visit_inventory_insert AFTER INSERT ON visit_inventory BEGIN\n"
	S6_STOCK_COUNT("new.visit_id", "new.product_id", "new.quantity", "+")
	"END;\n"
	"CREATE TRIGGER s6_visit_inventory_update AFTER UPDATE OF visit_id, product_id, quantity\n"
	"  ON visit_inventory BEGIN\n"
	S6_STOCK_COUNT("old.visit_id", "old.product_id", "old.quantity", "-")
	S6_STOCK_COUNT("new.visit_id", "new.product_id", "new.quantity", "+")
	"END;\n"
	"CREATE TRIGGER s6_visit_inventory_delete AFTER DELETE ON visit_inventory BEGIN\n"
	S6_STOCK_COUNT("old.visit_id", "old.product_id", "old.quantity", "-")
	"END;\n"

	/* Targets: the period's own, and a month's in its quarter's and year's
	 * sums of months. */
#define S6_TARGET_SET(t) \
	"  UPDATE dist_period SET target_fen = " t ".amount_fen WHERE distributor_id = " t \
	".distributor_id AND kind = " S6_TKIND(t ".period") " AND period = " t ".period;\n"
#define S6_TARGET_CLEAR(t) \
	"  UPDATE dist_period SET target_fen = NULL WHERE distributor_id = " t ".distributor_id AND kind = " \
	S6_TKIND(t ".period") " AND period = " t ".period;\n"
#define S6_TARGET_MONTHS(t, sign) \
	S6_ADD(t ".distributor_id", S6_TFIRST(t ".period"), S6_TKIND(t ".period") " = 'M'", \
	       "month_target_fen = month_target_fen " sign " " t ".amount_fen," \
	       " month_targets = month_targets " sign " 1")
	"CREATE TRIGGER s6_sales_targets_insert AFTER INSERT ON sales_targets BEGIN\n"
	S6_ENSURE("new.distributor_id", S6_TFIRST("new.period"), "1")
	S6_TARGET_SET("new")
	S6_TARGET_MONTHS("new", "+")
	"END;\n"
	"CREATE TRIGGER s6_sales_targets_update AFTER UPDATE OF distributor_id, period, amount_fen\n"
	"  ON sales_targets BEGIN\n"
	S6_TARGET_CLEAR("old")
	S6_TARGET_MONTHS("old", "-")
	S6_ENSURE("new.distributor_id", S6_TFIRST("new.period"), "1")
	S6_TARGET_SET("new")
	S6_TARGET_MONTHS("new", "+")
	"END;\n"
	"CREATE TRIGGER s6_sales_targets_delete AFTER DELETE ON sales_targets BEGIN\n"
	S6_TARGET_CLEAR("old")
	S6_TARGET_MONTHS("old", "-")
	"END;\n"

	/* Incidents, by the month they occurred in; open ones per distributor. */
	"CREATE TRIGGER s6_incidents_insert AFTER INSERT ON incidents BEGIN\n"
	S6_ENSURE("new.distributor_id", "new.occurred_on", "1")
	S6_ADD("new.distributor_id", "new.occurred_on", "1", S6_INC_SETS("+", "new"))
	"  UPDATE distributor_stats SET open_incidents = open_incidents + 1\n"
	"    WHERE distributor_id = new.distributor_id AND new.status = 'open';\n"
	"END;\n"
	"CREATE TRIGGER s6_incidents_update AFTER UPDATE OF distributor_id, occurred_on, kind, status,\n"
	"  resolved_on ON incidents BEGIN\n"
	S6_ADD("old.distributor_id", "old.occurred_on", "1", S6_INC_SETS("-", "old"))
	S6_ENSURE("new.distributor_id", "new.occurred_on", "1")
	S6_ADD("new.distributor_id", "new.occurred_on", "1", S6_INC_SETS("+", "new"))
	"  UPDATE distributor_stats SET open_incidents = open_incidents - 1\n"
	"    WHERE distributor_id = old.distributor_id AND old.status = 'open';\n"
	"  UPDATE distributor_stats SET open_incidents = open_incidents + 1\n"
	"    WHERE distributor_id = new.distributor_id AND new.status = 'open';\n"
	"END;\n"
	"CREATE TRIGGER s6_incidents_delete AFTER DELETE ON incidents BEGIN\n"
	S6_ADD("old.distributor_id", "old.occurred_on", "1", S6_INC_SETS("-", "old"))
	"  UPDATE distributor_stats SET open_incidents = open_incidents - 1\n"
	"    WHERE distributor_id = old.distributor_id AND old.status = 'open';\n"
	"END;\n"

	/* Training: a session counts once per distributor, however many of
	 * its people came, in the month it was held. */
#define S6_TRAINING_SRC(a) \
	"(SELECT " a ".distributor_id AS d, t.held_on AS x FROM trainings t WHERE t.id = " a \
	".training_id) AS s"
#define S6_NO_OTHER(training, dist, not_id) \
	"NOT EXISTS (SELECT 1 FROM training_attendance o WHERE o.training_id = " training \
	" AND o.distributor_id = " dist " AND o.id IS NOT " not_id ")"
	"CREATE TRIGGER s6_attendance_insert AFTER INSERT ON training_attendance\n"
	"  WHEN " S6_NO_OTHER("new.training_id", "new.distributor_id", "new.id") " BEGIN\n"
	S6_ENSURE_FROM(S6_TRAINING_SRC("new"))
	S6_ADD_FROM(S6_TRAINING_SRC("new"), "trainings = trainings + 1")
	"END;\n"
	"CREATE TRIGGER s6_attendance_update AFTER UPDATE OF training_id, distributor_id\n"
	"  ON training_attendance WHEN old.training_id IS NOT new.training_id\n"
	"    OR old.distributor_id IS NOT new.distributor_id BEGIN\n"
	"  UPDATE dist_period SET trainings = trainings - 1 FROM " S6_TRAINING_SRC("old") "\n"
	"    WHERE " S6_NO_OTHER("old.training_id", "old.distributor_id", "NULL") " AND "
	S6_AT("s.d", "s.x") ";\n"
	S6_ENSURE_FROM(S6_TRAINING_SRC("new"))
	"  UPDATE dist_period SET trainings = trainings + 1 FROM " S6_TRAINING_SRC("new") "\n"
	"    WHERE " S6_NO_OTHER("new.training_id", "new.distributor_id", "new.id") " AND "
	S6_AT("s.d", "s.x") ";\n"
	"END;\n"
	"CREATE TRIGGER s6_attendance_delete AFTER DELETE ON training_attendance\n"
	"  WHEN " S6_NO_OTHER("old.training_id", "old.distributor_id", "NULL") " BEGIN\n"
	S6_ADD_FROM(S6_TRAINING_SRC("old"), "trainings = trainings - 1")
	"END;\n"
#define S6_ATTENDEES(t) \
	"IN (SELECT distributor_id FROM training_attendance WHERE training_id = " t ".id)"
	"CREATE TRIGGER s6_trainings_update AFTER UPDATE OF held_on ON trainings\n"
	"  WHEN old.held_on IS NOT new.held_on BEGIN\n"
	"  UPDATE dist_period SET trainings = trainings - 1 WHERE " S6_AT_D(S6_ATTENDEES("old"), "old.held_on") ";\n"
	S6_ENSURE_FROM("(SELECT DISTINCT distributor_id AS d, new.held_on AS x FROM training_attendance"
		       " WHERE training_id = new.id) AS s")
	"  UPDATE dist_period SET trainings = trainings + 1 WHERE " S6_AT_D(S6_ATTENDEES("new"), "new.held_on") ";\n"
	"END;\n"
	"CREATE TRIGGER s6_trainings_delete BEFORE DELETE ON trainings BEGIN\n"
	"  UPDATE dist_period SET trainings = trainings - 1 WHERE " S6_AT_D(S6_ATTENDEES("old"), "old.held_on") ";\n"
	"END;\n"

	/* A new price policy judges every line and shelf price of the product
	 * again; a new tier every line of the distributor; a new territory
	 * every order it shipped. */
#define S6_REJUDGE(col, rows) \
	"  UPDATE dist_period SET " col " = " col " + s.v FROM (SELECT r.d AS d, k.column1 AS kind,\n" \
	"    " S6_PERIOD("k.column1", "r.x") " AS period, sum(r.v) AS v FROM (" rows ") AS r, " S6_KINDS "\n" \
	"    GROUP BY 1, 2, 3) AS s WHERE dist_period.kind = s.kind AND dist_period.period = s.period\n" \
	"    AND dist_period.distributor_id = s.d AND s.v <> 0;\n"
	"CREATE TRIGGER s6_products_policy AFTER UPDATE OF price_a_fen, price_b_fen, price_c_fen,\n"
	"  price_d_fen, retail_price_fen, tolerance_bp ON products\n"
	"  WHEN old.price_a_fen IS NOT new.price_a_fen OR old.price_b_fen IS NOT new.price_b_fen\n"
	"    OR old.price_c_fen IS NOT new.price_c_fen OR old.price_d_fen IS NOT new.price_d_fen\n"
	"    OR old.retail_price_fen IS NOT new.retail_price_fen OR old.tolerance_bp IS NOT new.tolerance_bp\n"
	"  BEGIN\n"
	S6_REJUDGE("lines_ok", "SELECT o.distributor_id AS d, o.ship_date AS x, "
		S6_LINE_OK("l.unit_price_fen", "ds.tier", "new") " - " S6_LINE_OK("l.unit_price_fen", "ds.tier", "old")
		" AS v FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN distributors ds"
		" ON ds.id = o.distributor_id WHERE l.product_id = new.id AND " S6_SALE("o"))
	S6_REJUDGE("shelf_ok", "SELECT v.distributor_id AS d, v.planned_at AS x, "
		S6_SHELF_OK("vp.shelf_price_fen", "new") " - " S6_SHELF_OK("vp.shelf_price_fen", "old")
		" AS v FROM visit_prices vp JOIN visits v ON v.id = vp.visit_id"
		" WHERE vp.product_id = new.id AND v.status = 'done'")
	"END;\n"
	"CREATE TRIGGER s6_products_category AFTER UPDATE OF category ON products\n"
	"  WHEN old.category IS NOT new.category BEGIN\n"
	"  UPDATE dist_month_category SET sales_fen = sales_fen - s.v FROM (SELECT o.distributor_id AS d,\n"
	"    substr(o.ship_date, 1, 7) AS m, sum(l.quantity * l.unit_price_fen) AS v FROM order_lines l\n"
	"    JOIN orders o ON o.id = l.order_id WHERE l.product_id = new.id AND " S6_SALE("o") "\n"
	"    GROUP BY 1, 2) AS s WHERE month = s.m AND category = old.category AND distributor_id = s.d;\n"
	"  INSERT INTO dist_month_category(month, category, distributor_id, sales_fen)\n"
	"  SELECT substr(o.ship_date, 1, 7), new.category, o.distributor_id, sum(l.quantity * l.unit_price_fen)\n"
	"    FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.product_id = new.id\n"
	"    AND " S6_SALE("o") " GROUP BY 1, 3\n"
	"  ON CONFLICT(month, category, distributor_id) DO UPDATE SET sales_fen = sales_fen + excluded.sales_fen;\n"
	"END;\n"
	"CREATE TRIGGER s6_distributors_tier AFTER UPDATE OF tier ON distributors\n"
	"  WHEN old.tier IS NOT new.tier BEGIN\n"
	S6_REJUDGE("lines_ok", "SELECT o.distributor_id AS d, o.ship_date AS x, "
		S6_LINE_OK("l.unit_price_fen", "new.tier", "p") " - " S6_LINE_OK("l.unit_price_fen", "old.tier", "p")
		" AS v FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id"
		" WHERE o.distributor_id = new.id AND " S6_SALE("o"))
	"END;\n"
	"CREATE TRIGGER s6_distributors_territory AFTER UPDATE OF territory_id ON distributors\n"
	"  WHEN old.territory_id IS NOT new.territory_id BEGIN\n"
	S6_REJUDGE("cross_orders", "SELECT o.distributor_id AS d, o.ship_date AS x,"
		" (o.ship_territory_id IS NOT new.territory_id) - (o.ship_territory_id IS NOT old.territory_id)"
		" AS v FROM orders o WHERE o.distributor_id = new.id AND " S6_SALE("o"))
	"END;\n";

const char db_schema_v6_drop[] =
	"DROP TRIGGER s6_amounts_due_insert; DROP TRIGGER s6_amounts_due_update;\n"
	"DROP TRIGGER s6_amounts_due_delete;\n"
	"DROP TRIGGER s6_payments_insert; DROP TRIGGER s6_payments_update;\n"
	"DROP TRIGGER s6_payments_delete;\n"
	"DROP TRIGGER s6_orders_insert; DROP TRIGGER s6_orders_update; DROP TRIGGER s6_orders_delete;\n"
	"DROP TRIGGER s6_order_lines_insert; DROP TRIGGER s6_order_lines_update;\n"
	"DROP TRIGGER s6_order_lines_delete;\n"
	"DROP TRIGGER s6_visits_insert; DROP TRIGGER s6_visits_update; DROP TRIGGER s6_visits_delete;\n"
	"DROP TRIGGER s6_visit_prices_insert; DROP TRIGGER s6_visit_prices_update;\n"
	"DROP TRIGGER s6_visit_prices_delete;\n"
	"DROP TRIGGER s6_visit_inventory_insert; DROP TRIGGER s6_visit_inventory_update;\n"
	"DROP TRIGGER s6_visit_inventory_delete;\n"
	"DROP TRIGGER s6_sales_targets_insert; DROP TRIGGER s6_sales_targets_update;\n"
	"DROP TRIGGER s6_sales_targets_delete;\n"
	"DROP TRIGGER s6_incidents_insert; DROP TRIGGER s6_incidents_update;\n"
	"DROP TRIGGER s6_incidents_delete;\n"
	"DROP TRIGGER s6_attendance_insert; DROP TRIGGER s6_attendance_update;\n"
	"DROP TRIGGER s6_attendance_delete;\n"
	"DROP TRIGGER s6_trainings_update; DROP TRIGGER s6_trainings_delete;\n"
	"DROP TRIGGER s6_products_policy; DROP TRIGGER s6_products_category;\n"
	"DROP TRIGGER s6_distributors_tier; DROP TRIGGER s6_distributors_territory;\n";

/* ---- from scratch ------------------------------------------------------------ */

/* Each group of figures as a month-level recompute (d, m, its columns), with
 * its columns, their sums, "any of them not zero" and how they read. */
#define S6_G_ORDERS \
	"SELECT o.distributor_id AS d, substr(o.ship_date, 1, 7) AS m, sum(o.total_fen) AS sales_fen,\n" \
	"  count(*) AS sales_orders, sum(o.ship_territory_id IS NOT ds.territory_id) AS cross_orders\n" \
	"  FROM orders o JOIN distributors ds ON ds.id = o.distributor_id WHERE " S6_SALE("o") " GROUP BY 1, 2"
#define S6_C_ORDERS "sales_fen, sales_orders, cross_orders"
#define S6_S_ORDERS \
	"sum(g.sales_fen) AS sales_fen, sum(g.sales_orders) AS sales_orders, sum(g.cross_orders) AS cross_orders"
#define S6_U_ORDERS \
	"sales_fen = excluded.sales_fen, sales_orders = excluded.sales_orders, cross_orders = excluded.cross_orders"
#define S6_N_ORDERS "(sales_fen <> 0 OR sales_orders <> 0 OR cross_orders <> 0)"
#define S6_T_ORDERS(t) "printf('sales %d in %d orders, %d outside', " t ".sales_fen, " t ".sales_orders, " t ".cross_orders)"

#define S6_G_LINES \
	"SELECT o.distributor_id AS d, substr(o.ship_date, 1, 7) AS m, count(*) AS lines,\n" \
	"  sum(" S6_LINE_OK("l.unit_price_fen", "ds.tier", "p") ") AS lines_ok\n" \
	"  FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN distributors ds ON ds.id = o.distributor_id\n" \
	"  JOIN products p ON p.id = l.product_id WHERE " S6_SALE("o") " GROUP BY 1, 2"
/* The rebuild reads the lines once: by month and category, then summed. */
#define S6_G_LINES_BY_CATEGORY \
	"SELECT o.distributor_id AS d, substr(o.ship_date, 1, 7) AS m, p.category AS c, count(*) AS lines,\n" \
	"  sum(" S6_LINE_OK("l.unit_price_fen", "ds.tier", "p") ") AS lines_ok,\n" \
	"  sum(l.quantity * l.unit_price_fen) AS sales_fen\n" \
	"  FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN distributors ds ON ds.id = o.distributor_id\n" \
	"  JOIN products p ON p.id = l.product_id WHERE " S6_SALE("o") " GROUP BY 1, 2, 3"
#define S6_C_LINES "lines, lines_ok"
#define S6_S_LINES \
	"sum(g.lines) AS lines, sum(g.lines_ok) AS lines_ok"
#define S6_U_LINES \
	"lines = excluded.lines, lines_ok = excluded.lines_ok"
#define S6_N_LINES "(lines <> 0 OR lines_ok <> 0)"
#define S6_T_LINES(t) "printf('%d lines, %d within the tolerance', " t ".lines, " t ".lines_ok)"

#define S6_G_MONEY \
	"SELECT d, m, sum(du) AS due_fen, sum(r) AS received_fen FROM (\n" \
	"  SELECT distributor_id AS d, substr(due_date, 1, 7) AS m, amount_fen AS du, 0 AS r FROM amounts_due\n" \
	"  UNION ALL SELECT distributor_id, substr(paid_on, 1, 7), 0, amount_fen FROM payments) GROUP BY 1, 2"
#define S6_C_MONEY "due_fen, received_fen"
#define S6_S_MONEY \
	"sum(g.due_fen) AS due_fen, sum(g.received_fen) AS received_fen"
#define S6_U_MONEY \
	"due_fen = excluded.due_fen, received_fen = excluded.received_fen"
#define S6_N_MONEY "(due_fen <> 0 OR received_fen <> 0)"
#define S6_T_MONEY(t) "printf('due %d, received %d', " t ".due_fen, " t ".received_fen)"

#define S6_G_VISITS \
	"SELECT distributor_id AS d, substr(planned_at, 1, 7) AS m, sum(status = 'done') AS visits_done,\n" \
	"  sum(status = 'missed') AS visits_missed FROM visits WHERE status IN ('done','missed') GROUP BY 1, 2"
#define S6_C_VISITS "visits_done, visits_missed"
#define S6_S_VISITS \
	"sum(g.visits_done) AS visits_done, sum(g.visits_missed) AS visits_missed"
#define S6_U_VISITS \
	"visits_done = excluded.visits_done, visits_missed = excluded.visits_missed"
#define S6_N_VISITS "(visits_done <> 0 OR visits_missed <> 0)"
#define S6_T_VISITS(t) "printf('visits %d done, %d missed', " t ".visits_done, " t ".visits_missed)"

#define S6_G_SHELF \
	"SELECT v.distributor_id AS d, substr(v.planned_at, 1, 7) AS m, count(*) AS shelf,\n" \
	"  sum(" S6_SHELF_OK("vp.shelf_price_fen", "p") ") AS shelf_ok FROM visit_prices vp\n" \
	"  JOIN visits v ON v.id = vp.visit_id JOIN products p ON p.id = vp.product_id\n" \
	"  WHERE v.status = 'done' GROUP BY 1, 2"
#define S6_C_SHELF "shelf, shelf_ok"
#define S6_S_SHELF \
	"sum(g.shelf) AS shelf, sum(g.shelf_ok) AS shelf_ok"
#define S6_U_SHELF \
	"shelf = excluded.shelf, shelf_ok = excluded.shelf_ok"
#define S6_N_SHELF "(shelf <> 0 OR shelf_ok <> 0)"
#define S6_T_SHELF(t) "printf('%d shelf prices, %d within the tolerance', " t ".shelf, " t ".shelf_ok)"

/* Each done visit's counts against the units shipped in the window before
 * them, units(d, p, t) an expression giving them. */
#define S6_G_STOCK_BY(units) \
	"WITH c AS MATERIALIZED (SELECT v.distributor_id AS d, substr(v.planned_at, 1, 7) AS m,\n" \
	"  vi.quantity AS q, " units " AS u\n" \
	"  FROM visit_inventory vi JOIN visits v ON v.id = vi.visit_id WHERE v.status = 'done')\n" \
	"SELECT d, m, sum(" S6_COUNTED("q", "u") ") AS stock_counts, sum(" S6_LOW("q", "u") ") AS stock_low,\n" \
	"  sum(" S6_HIGH("q", "u") ") AS stock_high FROM c GROUP BY 1, 2"
#define S6_G_STOCK \
	S6_G_STOCK_BY(S6_UNITS("v.distributor_id", "vi.product_id", "substr(v.planned_at, 1, 10)"))
/* The rebuild sums the units from a table of shipments by distributor,
 * product and day, made once. */
#define S6_G_STOCK_FAST \
	S6_G_STOCK_BY("(SELECT coalesce(sum(sh.q), 0) FROM temp.s6_ship sh WHERE sh.d = v.distributor_id" \
		      " AND sh.p = vi.product_id AND sh.day >= date(substr(v.planned_at, 1, 10), '-" \
		      SCORE_STR(SCORE_STOCK_WINDOW_DAYS) " days') AND sh.day < substr(v.planned_at, 1, 10))")
#define S6_C_STOCK "stock_counts, stock_low, stock_high"
#define S6_S_STOCK \
	"sum(g.stock_counts) AS stock_counts, sum(g.stock_low) AS stock_low, sum(g.stock_high) AS stock_high"
#define S6_U_STOCK \
	"stock_counts = excluded.stock_counts, stock_low = excluded.stock_low, stock_high = excluded.stock_high"
#define S6_N_STOCK "(stock_counts <> 0 OR stock_low <> 0 OR stock_high <> 0)"
#define S6_T_STOCK(t) "printf('%d counts, %d below, %d above', " t ".stock_counts, " t ".stock_low, " t ".stock_high)"

#define S6_G_INCIDENTS \
	"SELECT distributor_id AS d, substr(occurred_on, 1, 7) AS m, sum(" S6_KIND_BITS("i") ") AS incidents,\n" \
	"  sum(" S6_IN_TIME("i") " * " S6_KIND_BITS("i") ") AS incidents_in_time FROM incidents i GROUP BY 1, 2"
#define S6_C_INCIDENTS "incidents, incidents_in_time"
#define S6_S_INCIDENTS "sum(g.incidents) AS incidents, sum(g.incidents_in_time) AS incidents_in_time"
#define S6_U_INCIDENTS "incidents = excluded.incidents, incidents_in_time = excluded.incidents_in_time"
#define S6_N_INCIDENTS "(incidents <> 0 OR incidents_in_time <> 0)"
#define S6_UNPACK(v, k) "((" v " >> " #k " * 12) & 4095)"
#define S6_T_INCIDENTS(t) \
	"printf('incidents (in time): price %d (%d), cross %d (%d), return %d (%d), quality %d (%d)," \
	" complaint %d (%d)', " S6_UNPACK(t ".incidents", 0) ", " S6_UNPACK(t ".incidents_in_time", 0) ", " \
	S6_UNPACK(t ".incidents", 1) ", " S6_UNPACK(t ".incidents_in_time", 1) ", " \
	S6_UNPACK(t ".incidents", 2) ", " S6_UNPACK(t ".incidents_in_time", 2) ", " \
	S6_UNPACK(t ".incidents", 3) ", " S6_UNPACK(t ".incidents_in_time", 3) ", " \
	S6_UNPACK(t ".incidents", 4) ", " S6_UNPACK(t ".incidents_in_time", 4) ")"

#define S6_G_TRAININGS \
	"SELECT a.distributor_id AS d, substr(t.held_on, 1, 7) AS m, count(DISTINCT a.training_id) AS trainings\n" \
	"  FROM training_attendance a JOIN trainings t ON t.id = a.training_id GROUP BY 1, 2"
#define S6_C_TRAININGS "trainings"
#define S6_S_TRAININGS \
	"sum(g.trainings) AS trainings"
#define S6_U_TRAININGS \
	"trainings = excluded.trainings"
#define S6_N_TRAININGS "(trainings <> 0)"
#define S6_T_TRAININGS(t) "printf('%d trainings', " t ".trainings)"

#define S6_G_MTARGETS \
	"SELECT distributor_id AS d, period AS m, sum(amount_fen) AS month_target_fen,\n" \
	"  count(*) AS month_targets FROM sales_targets WHERE " S6_TKIND("period") " = 'M' GROUP BY 1, 2"
#define S6_C_MTARGETS "month_target_fen, month_targets"
#define S6_S_MTARGETS \
	"sum(g.month_target_fen) AS month_target_fen, sum(g.month_targets) AS month_targets"
#define S6_U_MTARGETS \
	"month_target_fen = excluded.month_target_fen, month_targets = excluded.month_targets"
#define S6_N_MTARGETS "(month_target_fen <> 0 OR month_targets <> 0)"
#define S6_T_MTARGETS(t) "printf('targets of months %d in %d', " t ".month_target_fen, " t ".month_targets)"

/* A group's months summed into months, quarters and years. */
#define S6_EXPAND(G, S) \
	"SELECT k.column1 AS kind, " S6_PERIOD("k.column1", "g.m") " AS period, g.d AS d, min(g.m) AS m0, " \
	S " FROM (" G ") AS g, " S6_KINDS " GROUP BY 1, 2, 3"
/* A group's months into the rebuild's table of months. */
#define S6_REBUILD(name) \
	"INSERT INTO temp.s6_months(d, m, " S6_C_##name ") SELECT d, m, " S6_C_##name \
	" FROM (" S6_G_##name ") WHERE 1\n" \
	"ON CONFLICT(d, m) DO UPDATE SET " S6_U_##name ";\n"
#define S6_ALL \
	S6_C_ORDERS ", " S6_C_LINES ", " S6_C_MONEY ", " S6_C_VISITS ", " S6_C_SHELF ", " \
	S6_C_STOCK ", " S6_C_INCIDENTS ", " S6_C_TRAININGS ", " S6_C_MTARGETS
#define S6_ALL_SUMS \
	"sum(sales_fen), sum(sales_orders), sum(cross_orders), sum(lines), sum(lines_ok)," \
	" sum(due_fen), sum(received_fen), sum(visits_done), sum(visits_missed), sum(shelf)," \
	" sum(shelf_ok), sum(stock_counts), sum(stock_low), sum(stock_high), sum(incidents)," \
	" sum(incidents_in_time)," \
	" sum(trainings), sum(month_target_fen), sum(month_targets)"
#define S6_MONTH_COLUMNS(c) "  " c " INTEGER NOT NULL DEFAULT 0,\n"
/* The rows of a group that differ from a recompute, found by sorting both
 * sides (EXCEPT), then shown side by side. */
#define S6_CHECK(name, what) \
	"WITH r AS MATERIALIZED (SELECT kind, period, d, " S6_C_##name " FROM (" \
	S6_EXPAND(S6_G_##name, S6_S_##name) ") WHERE " S6_N_##name "),\n" \
	" k AS MATERIALIZED (SELECT kind, period, distributor_id AS d, " S6_C_##name \
	" FROM dist_period WHERE " S6_N_##name "),\n" \
	" bad AS (SELECT kind, period, d FROM (SELECT * FROM r EXCEPT SELECT * FROM k)\n" \
	"  UNION SELECT kind, period, d FROM (SELECT * FROM k EXCEPT SELECT * FROM r))\n" \
	"SELECT bad.kind || ' ' || bad.period || ' " what "', bad.d,\n" \
	" coalesce((SELECT " S6_T_##name("k2") " FROM k AS k2 WHERE k2.kind = bad.kind\n" \
	"  AND k2.period = bad.period AND k2.d = bad.d), '-'),\n" \
	" coalesce((SELECT " S6_T_##name("r2") " FROM r AS r2 WHERE r2.kind = bad.kind\n" \
	"  AND r2.period = bad.period AND r2.d = bad.d), '-') FROM bad"

#define S6_G_CATEGORY \
	"SELECT substr(o.ship_date, 1, 7) AS month, p.category AS category, o.distributor_id AS d,\n" \
	"  sum(l.quantity * l.unit_price_fen) AS sales_fen FROM order_lines l JOIN orders o ON o.id = l.order_id\n" \
	"  JOIN products p ON p.id = l.product_id WHERE " S6_SALE("o") " GROUP BY 1, 2, 3"

/* What was due and paid up to the end of each period: running sums. */
#define S6_TO_END_SUMS(part) \
	"sum(sum(due_fen) - sum(received_fen)) OVER (PARTITION BY d ORDER BY " part ")"
#define S6_OWN_TARGET(kind, part) \
	"(SELECT t FROM temp.s6_targets WHERE kind = '" kind "' AND period = " part " AND d = s6_months.d)"

static const char schema_v6_rebuild[] =
	"DELETE FROM dist_period;\n"
	"DELETE FROM dist_month_category;\n"
	/* Every group's months in one table first; then months, quarters and
	 * years are written in key order, with their running sums. */
	"CREATE TEMP TABLE s6_months (d INTEGER NOT NULL, m TEXT NOT NULL,\n"
	S6_MONTH_COLUMNS("sales_fen") S6_MONTH_COLUMNS("sales_orders") S6_MONTH_COLUMNS("cross_orders")
	S6_MONTH_COLUMNS("lines") S6_MONTH_COLUMNS("lines_ok") S6_MONTH_COLUMNS("due_fen")
	S6_MONTH_COLUMNS("received_fen") S6_MONTH_COLUMNS("visits_done") S6_MONTH_COLUMNS("visits_missed")
	S6_MONTH_COLUMNS("shelf") S6_MONTH_COLUMNS("shelf_ok") S6_MONTH_COLUMNS("stock_counts")
	S6_MONTH_COLUMNS("stock_low") S6_MONTH_COLUMNS("stock_high")
	S6_MONTH_COLUMNS("incidents") S6_MONTH_COLUMNS("incidents_in_time")
	S6_MONTH_COLUMNS("trainings") S6_MONTH_COLUMNS("month_target_fen") S6_MONTH_COLUMNS("month_targets")
	"  PRIMARY KEY (d, m)) WITHOUT ROWID;\n"
	"CREATE TEMP TABLE s6_lines (d INTEGER, m TEXT, c TEXT, lines INTEGER, lines_ok INTEGER,\n"
	"  sales_fen INTEGER);\n"
	"INSERT INTO temp.s6_lines " S6_G_LINES_BY_CATEGORY ";\n"
	"INSERT INTO temp.s6_months(d, m, lines, lines_ok) SELECT d, m, sum(lines), sum(lines_ok)\n"
	"  FROM temp.s6_lines GROUP BY 1, 2;\n"
	"INSERT INTO dist_month_category(month, category, distributor_id, sales_fen)\n"
	"  SELECT m, c, d, sales_fen FROM temp.s6_lines ORDER BY 1, 2, 3;\n"
	"DROP TABLE temp.s6_lines;\n"
	S6_REBUILD(ORDERS) S6_REBUILD(MONEY) S6_REBUILD(VISITS)
	S6_REBUILD(SHELF) S6_REBUILD(INCIDENTS) S6_REBUILD(TRAININGS) S6_REBUILD(MTARGETS)
	"CREATE TEMP TABLE s6_ship (d INTEGER, p INTEGER, day TEXT, q INTEGER,\n"
	"  PRIMARY KEY (d, p, day)) WITHOUT ROWID;\n"
	"INSERT INTO temp.s6_ship SELECT o.distributor_id, l.product_id, o.ship_date, sum(l.quantity)\n"
	"  FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE " S6_SALE("o") "\n"
	"  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;\n"
	"INSERT INTO temp.s6_months(d, m, " S6_C_STOCK ") SELECT d, m, " S6_C_STOCK
	" FROM (" S6_G_STOCK_FAST ") WHERE 1\n"
	"ON CONFLICT(d, m) DO UPDATE SET " S6_U_STOCK ";\n"
	"DROP TABLE temp.s6_ship;\n"
	/* Quarters' and years' own targets; each has the row of its first
	 * month, so that its period has a row. */
	"CREATE TEMP TABLE s6_targets (kind TEXT, period TEXT, d INTEGER, t INTEGER,\n"
	"  PRIMARY KEY (kind, period, d)) WITHOUT ROWID;\n"
	"INSERT INTO temp.s6_targets SELECT " S6_TKIND("period") ", period, distributor_id, amount_fen\n"
	"  FROM sales_targets WHERE " S6_TKIND("period") " <> 'M';\n"
	"INSERT INTO temp.s6_months(d, m) SELECT d, substr(" S6_TFIRST("period") ", 1, 7)\n"
	"  FROM temp.s6_targets WHERE 1 ON CONFLICT(d, m) DO NOTHING;\n"
	"INSERT INTO dist_period(kind, period, distributor_id, first_day, last_day, " S6_ALL ",\n"
	"  target_fen, open_to_end_fen)\n"
	"  SELECT 'M', m, d, " S6_FIRST("'M'", "m") ", " S6_LAST("'M'", "m") ", " S6_ALL_SUMS ",\n"
	"  CASE WHEN sum(month_targets) > 0 THEN sum(month_target_fen) END, " S6_TO_END_SUMS("m") "\n"
	"  FROM temp.s6_months GROUP BY 2, 3 ORDER BY 2, 3;\n"
	"INSERT INTO dist_period(kind, period, distributor_id, first_day, last_day, " S6_ALL ",\n"
	"  target_fen, open_to_end_fen)\n"
	"  SELECT 'Q', " S6_Q("m") ", d, " S6_FIRST("'Q'", "min(m)") ", " S6_LAST("'Q'", "min(m)") ", "
	S6_ALL_SUMS ",\n  " S6_OWN_TARGET("Q", S6_Q("s6_months.m")) ", " S6_TO_END_SUMS(S6_Q("m")) "\n"
	"  FROM temp.s6_months GROUP BY 2, 3 ORDER BY 2, 3;\n"
	"INSERT INTO dist_period(kind, period, distributor_id, first_day, last_day, " S6_ALL ",\n"
	"  target_fen, open_to_end_fen)\n"
	"  SELECT 'Y', substr(m, 1, 4), d, " S6_FIRST("'Y'", "min(m)") ", " S6_LAST("'Y'", "min(m)") ", "
	S6_ALL_SUMS ",\n  " S6_OWN_TARGET("Y", "substr(s6_months.m, 1, 4)") ", " S6_TO_END_SUMS("substr(m, 1, 4)") "\n"
	"  FROM temp.s6_months GROUP BY 2, 3 ORDER BY 2, 3;\n"
	"DROP TABLE temp.s6_months;\n"
	"DROP TABLE temp.s6_targets;\n"
	"UPDATE distributor_stats SET open_incidents = (SELECT count(*) FROM incidents i\n"
	"  WHERE i.distributor_id = distributor_stats.distributor_id AND i.status = 'open')\n"
	"  WHERE distributor_id IN (SELECT distributor_id FROM incidents WHERE status = 'open')\n"
	"    OR open_incidents <> 0;\n";

/* The checks of qudao check: (what, distributor, kept, recomputed). */
static const char *const schema_v6_checks[] = {
	S6_CHECK(ORDERS, "sales"),
	S6_CHECK(LINES, "order lines"),
	S6_CHECK(MONEY, "due and received"),
	S6_CHECK(VISITS, "visits"),
	S6_CHECK(SHELF, "shelf prices"),
	S6_CHECK(STOCK, "inventory counts"),
	S6_CHECK(INCIDENTS, "incidents"),
	S6_CHECK(TRAININGS, "training"),
	S6_CHECK(MTARGETS, "targets of months"),
	"WITH r AS MATERIALIZED (SELECT " S6_TKIND("period") " AS kind, period, distributor_id AS d,\n"
	"  amount_fen AS t FROM sales_targets),\n"
	" k AS MATERIALIZED (SELECT kind, period, distributor_id AS d, target_fen AS t FROM dist_period\n"
	"  WHERE target_fen IS NOT NULL),\n"
	" bad AS (SELECT kind, period, d FROM (SELECT * FROM r EXCEPT SELECT * FROM k)\n"
	"  UNION SELECT kind, period, d FROM (SELECT * FROM k EXCEPT SELECT * FROM r))\n"
	"SELECT bad.kind || ' ' || bad.period || ' target', bad.d,\n"
	" coalesce((SELECT printf('%d', t) FROM k WHERE k.kind = bad.kind AND k.period = bad.period\n"
	"  AND k.d = bad.d), '-'),\n"
	" coalesce((SELECT printf('%d', t) FROM r WHERE r.kind = bad.kind AND r.period = bad.period\n"
	"  AND r.d = bad.d), '-') FROM bad",
	"WITH f AS MATERIALIZED (\n"
	"  SELECT k.column1 AS kind, " S6_PERIOD("k.column1", "a.due_date") " AS period,\n"
	"    a.distributor_id AS d, a.amount_fen AS du, 0 AS re FROM amounts_due a, " S6_KINDS "\n"
	"  UNION ALL SELECT k.column1, " S6_PERIOD("k.column1", "p.paid_on") ", p.distributor_id, 0,\n"
	"    p.amount_fen FROM payments p, " S6_KINDS "\n"
	"  UNION ALL SELECT kind, period, distributor_id, 0, 0 FROM dist_period),\n"
	" run AS MATERIALIZED (SELECT kind, period, d, sum(sum(du) - sum(re)) OVER w AS open\n"
	"  FROM f GROUP BY 1, 2, 3 WINDOW w AS (PARTITION BY kind, d ORDER BY period))\n"
	"SELECT p.kind || ' ' || p.period || ' open at its end', p.distributor_id,\n"
	" p.open_to_end_fen, run.open FROM dist_period p JOIN run ON run.kind = p.kind\n"
	"  AND run.period = p.period AND run.d = p.distributor_id WHERE p.open_to_end_fen <> run.open",
	"WITH r AS MATERIALIZED (" S6_G_CATEGORY "),\n"
	" k AS MATERIALIZED (SELECT month, category, distributor_id AS d, sales_fen FROM dist_month_category\n"
	"  WHERE sales_fen <> 0),\n"
	" bad AS (SELECT month, category, d FROM (SELECT * FROM r EXCEPT SELECT * FROM k)\n"
	"  UNION SELECT month, category, d FROM (SELECT * FROM k EXCEPT SELECT * FROM r))\n"
	"SELECT bad.month || ' sales of ' || bad.category, bad.d,\n"
	" coalesce((SELECT printf('%d', sales_fen) FROM k WHERE k.month = bad.month\n"
	"  AND k.category = bad.category AND k.d = bad.d), '-'),\n"
	" coalesce((SELECT printf('%d', sales_fen) FROM r WHERE r.month = bad.month\n"
	"  AND r.category = bad.category AND r.d = bad.d), '-') FROM bad",
	"SELECT 'open incidents', s.distributor_id, s.open_incidents, n.open\n"
	" FROM distributor_stats s JOIN (SELECT d.id, (SELECT count(*) FROM incidents i\n"
	"  WHERE i.distributor_id = d.id AND i.status = 'open') AS open FROM distributors d) n\n"
	"  ON n.id = s.distributor_id WHERE s.open_incidents <> n.open",
	NULL,
};

/* clang-format on */

/* Every figure here is one distributor's: a rep's new database copies its
 * distributors' rows (their open incidents come with distributor_stats).
 * Both tables are kept in the order of period, not distributor: for a
 * narrow scope its rows are found through the index by distributor; for a
 * wide one (temp.sync_wide says which) the whole table is read in its own
 * order, so the copy also grows at its end (the index's way took a third
 * of provisioning the largest rep, reading and writing all over both). */
static const char schema_v6_copy[] =
	"DELETE FROM main.dist_period;\n"
	"INSERT INTO main.dist_period SELECT p.* FROM temp.sync_wide w CROSS JOIN ho.dist_period p\n"
	"  WHERE NOT w.wide AND p.distributor_id IN (SELECT id FROM temp.sync_scope);\n"
	"INSERT INTO main.dist_period SELECT p.* FROM temp.sync_wide w CROSS JOIN ho.dist_period p\n"
	"  WHERE w.wide AND +p.distributor_id IN (SELECT id FROM temp.sync_scope);\n"
	"DELETE FROM main.dist_month_category;\n"
	"INSERT INTO main.dist_month_category SELECT c.* FROM temp.sync_wide w\n"
	"  CROSS JOIN ho.dist_month_category c\n"
	"  WHERE NOT w.wide AND c.distributor_id IN (SELECT id FROM temp.sync_scope);\n"
	"INSERT INTO main.dist_month_category SELECT c.* FROM temp.sync_wide w\n"
	"  CROSS JOIN ho.dist_month_category c\n"
	"  WHERE w.wide AND +c.distributor_id IN (SELECT id FROM temp.sync_scope);\n";

/* A large import's orders (temp.bulk_orders) and their lines, all at once,
 * as s6_orders_insert and s6_order_lines_insert count them one by one: the
 * periods' rows made where missing; each period's sales, orders, orders
 * shipped outside, lines and lines within the tolerance; sales by category;
 * and the inventory counts whose days of stock the new shipments change
 * (each count's units with them, against its units without them). */
static const char *const schema_v6_orders_paused[] = { "s6_orders_insert", "s6_order_lines_insert",
						       NULL };
/* clang-format off */
static const char schema_v6_orders_added[] =
	/* The sales among them, each read once, and their lines. */
	"  CREATE TEMP TABLE bulk_sale (oid INTEGER PRIMARY KEY, d INTEGER, x TEXT, tot INTEGER,\n"
	"    co INTEGER, tier TEXT);\n"
	"  INSERT INTO temp.bulk_sale SELECT o.id, o.distributor_id, o.ship_date, o.total_fen,\n"
	"    o.ship_territory_id IS NOT ds.territory_id, ds.tier FROM temp.bulk_orders b\n"
	"    JOIN orders o ON o.id = b.id JOIN distributors ds ON ds.id = o.distributor_id\n"
	"    WHERE " S6_SALE("o") ";\n"
	"  CREATE TEMP TABLE bulk_line AS SELECT s.oid AS oid, s.d AS d, s.x AS x, l.product_id AS p,\n"
	"    pr.category AS c, l.quantity AS q, l.quantity * l.unit_price_fen AS v,\n"
	"    " S6_LINE_OK("l.unit_price_fen", "s.tier", "pr") " AS ok\n"
	"    FROM temp.bulk_sale s JOIN order_lines l ON l.order_id = s.oid\n"
	"    JOIN products pr ON pr.id = l.product_id;\n"
	S6_ENSURE_MANY("(SELECT DISTINCT d, x FROM temp.bulk_sale) AS s")
	"  UPDATE dist_period SET sales_fen = sales_fen + s.sf, sales_orders = sales_orders + s.so,\n"
	"    cross_orders = cross_orders + s.co, lines = lines + s.nl, lines_ok = lines_ok + s.nok\n"
	"  FROM (SELECT k.column1 AS kind, " S6_PERIOD("k.column1", "b.x") " AS period, b.d AS d,\n"
	"    sum(b.tot) AS sf, count(*) AS so, sum(b.co) AS co, sum(coalesce(g.nl, 0)) AS nl,\n"
	"    sum(coalesce(g.nok, 0)) AS nok FROM temp.bulk_sale b LEFT JOIN (SELECT oid, count(*) AS nl,\n"
	"    sum(ok) AS nok FROM temp.bulk_line GROUP BY oid) g ON g.oid = b.oid\n"
	"    CROSS JOIN " S6_KINDS " GROUP BY 1, 2, 3) AS s\n"
	"  WHERE dist_period.kind = s.kind AND dist_period.period = s.period\n"
	"    AND dist_period.distributor_id = s.d;\n"
	/* By distributor: the distributors' rows (the foreign key) and the
	 * index by distributor are read and written one after another; the
	 * table itself takes a few runs, one for each category of the month.
	 * (3.0 -> 1.6 s on 200,000 lines into the large demo.) */
	"  INSERT INTO dist_month_category(month, category, distributor_id, sales_fen)\n"
	"  SELECT substr(x, 1, 7), c, d, sum(v) FROM temp.bulk_line WHERE 1 GROUP BY 3, 1, 2\n"
	"  ORDER BY 3, 1, 2\n"
	"  ON CONFLICT(month, category, distributor_id) DO UPDATE SET sales_fen = sales_fen + excluded.sales_fen;\n"
	"  CREATE TEMP TABLE bulk_ship (bd INTEGER, bp INTEGER, bx TEXT, bq INTEGER,\n"
	"    PRIMARY KEY (bd, bp, bx)) WITHOUT ROWID;\n"
	"  INSERT INTO temp.bulk_ship SELECT d, p, x, sum(q) FROM temp.bulk_line GROUP BY 1, 2, 3;\n"
	/* Only a count made after a shipment, at most the window after it, can
	 * change: the visits of those days, not every visit of the
	 * distributors (two years of them). */
	S6_STOCK_DELTA(S6_COUNTS("v.distributor_id IN (SELECT bd FROM temp.bulk_ship)"
		" AND v.planned_at >= (SELECT date(min(bx), '+1 day') FROM temp.bulk_ship)"
		" AND v.planned_at < (SELECT date(max(bx), '+" SCORE_STR(SCORE_STOCK_WINDOW_DAYS) " days',"
		" '+1 day') FROM temp.bulk_ship) AND EXISTS (SELECT 1"
		" FROM temp.bulk_ship b WHERE b.bd = v.distributor_id AND b.bp = vi.product_id"
		" AND b.bx >= date(substr(v.planned_at, 1, 10), '-" SCORE_STR(SCORE_STOCK_WINDOW_DAYS) " days')"
		" AND b.bx < substr(v.planned_at, 1, 10))",
		"u", "u - (SELECT coalesce(sum(b.bq), 0) FROM temp.bulk_ship b WHERE b.bd = d AND b.bp = p"
		" AND b.bx >= date(t, '-" SCORE_STR(SCORE_STOCK_WINDOW_DAYS) " days') AND b.bx < t)"))
	"  DROP TABLE temp.bulk_ship; DROP TABLE temp.bulk_line; DROP TABLE temp.bulk_sale;\n";
/* clang-format on */

static const char *const schema_v6_copied[] = { "dist_period", "dist_month_category", NULL };

const struct db_kept db_schema_v6_kept = {
	schema_v6_triggers, db_schema_v6_drop,	     schema_v6_rebuild,	     schema_v6_checks,
	schema_v6_copy,	    schema_v6_orders_paused, schema_v6_orders_added, schema_v6_copied,
};

const struct db_migration db_schema_v6[] = {
	{ 6, schema_v6_tables, NULL },
	{ 6, schema_v6_triggers, NULL },
	{ 6, schema_v6_rebuild, NULL },
	{ 0, NULL, NULL },
};
