/* Schema 3: the shared machinery's data.
 * - Reference data: the provinces of mainland China with their tile-grid
 *   places, short names (two characters; up to four letters in English) come
 *   with the schema, under fixed ids so every database agrees on them; regions,
 *   territories, reps and products can be deactivated and carry a version;
 *   reps cover territories; products have a unit and a price tolerance; every
 *   change to them is logged with who and when.
 * - Kept figures whose cost does not grow with the account: what payments
 *   leave unpaid is kept as a place in the invoices (the first one not wholly
 *   paid, and what the invoices before it leave open), moved by each write by
 *   its own amount; a month's sales, amounts due, money received and visits
 *   per distributor, adjusted by each write.
 * - The territory and owner sorts of the list read an index. */
#include "db_internal.h"
#include "schema.h"

/* clang-format off */
#define V3_VERSION_COLUMN "version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)"
#define V3_ACTIVE_COLUMN "active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1))"

/* The provinces: code, name, two-character short name, up to four letters in
 * English, English name, grid row and column. */
#define V3_PROVINCES \
	"('HL','黑龙江省','黑龙','Hlj','Heilongjiang',0,7),('XJ','新疆维吾尔自治区','新疆','Xinj','Xinjiang',1,1)," \
	"('NM','内蒙古自治区','内蒙','InMo','Inner Mongolia',1,4),('BJ','北京市','北京','Bjng','Beijing',1,5)," \
	"('LN','辽宁省','辽宁','Liao','Liaoning',1,6),('JL','吉林省','吉林','Jiln','Jilin',1,7)," \
	"('GS','甘肃省','甘肃','Gans','Gansu',2,2),('NX','宁夏回族自治区','宁夏','Nxia','Ningxia',2,3)," \
	"('SX','山西省','山西','Shxi','Shanxi',2,4),('HE','河北省','河北','Hebe','Hebei',2,5)," \
	"('TJ','天津市','天津','Tjin','Tianjin',2,6),('QH','青海省','青海','Qngh','Qinghai',3,1)," \
	"('SN','陕西省','陕西','Saxi','Shaanxi',3,3),('HA','河南省','河南','Hena','Henan',3,4)," \
	"('SD','山东省','山东','Shdg','Shandong',3,5),('XZ','西藏自治区','西藏','Xizg','Xizang',4,0)," \
	"('SC','四川省','四川','Sich','Sichuan',4,2),('CQ','重庆市','重庆','Chqg','Chongqing',4,3)," \
	"('HB','湖北省','湖北','Hube','Hubei',4,4),('AH','安徽省','安徽','Anhu','Anhui',4,5)," \
	"('JS','江苏省','江苏','Jsu','Jiangsu',4,6),('YN','云南省','云南','Yunn','Yunnan',5,2)," \
	"('GZ','贵州省','贵州','Guiz','Guizhou',5,3),('HN','湖南省','湖南','Huna','Hunan',5,4)," \
	"('JX','江西省','江西','Jxi','Jiangxi',5,5),('ZJ','浙江省','浙江','Zhej','Zhejiang',5,6)," \
	"('SH','上海市','上海','Shai','Shanghai',5,7),('GX','广西壮族自治区','广西','Gxi','Guangxi',6,3)," \
	"('GD','广东省','广东','Gdng','Guangdong',6,4),('FJ','福建省','福建','Fuji','Fujian',6,5)," \
	"('HI','海南省','海南','Hain','Hainan',7,4)"

static const char schema_v3_reference[] =
	"ALTER TABLE regions ADD COLUMN " V3_ACTIVE_COLUMN ";\n"
	"ALTER TABLE regions ADD COLUMN " V3_VERSION_COLUMN ";\n"
	"ALTER TABLE territories ADD COLUMN short_en TEXT NOT NULL DEFAULT ''\n"
	"  CHECK (length(short_en) <= 4);\n"
	"ALTER TABLE territories ADD COLUMN name_en TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE territories ADD COLUMN " V3_ACTIVE_COLUMN ";\n"
	"ALTER TABLE territories ADD COLUMN " V3_VERSION_COLUMN ";\n"
	/* A province's cities have their own grid, each place taken once. */
	"CREATE UNIQUE INDEX territories_child_grid ON territories(parent_id, grid_row, grid_col)\n"
	"  WHERE grid_row IS NOT NULL AND parent_id IS NOT NULL;\n"
	"ALTER TABLE reps ADD COLUMN " V3_VERSION_COLUMN ";\n"
	"ALTER TABLE products ADD COLUMN unit TEXT NOT NULL DEFAULT '' CHECK (length(unit) <= 16);\n"
	/* How far an order or shelf price may stray from the policy, in basis
	 * points of it: 500 is 5 %. */
	"ALTER TABLE products ADD COLUMN tolerance_bp INTEGER NOT NULL DEFAULT 500\n"
	"  CHECK (tolerance_bp BETWEEN 0 AND 10000);\n"
	"ALTER TABLE products ADD COLUMN " V3_VERSION_COLUMN ";\n"
	/* The territories a rep covers. */
	"CREATE TABLE rep_territories (\n"
	"  id INTEGER PRIMARY KEY CHECK (id > 0),\n"
	"  rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE CASCADE,\n"
	"  territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,\n"
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n"
	"  UNIQUE (rep_id, territory_id)\n);\n"
	"CREATE INDEX rep_territories_territory ON rep_territories(territory_id);\n"
	/* Who changed what reference data, and when (UTC). */
	"CREATE TABLE change_log (\n"
	"  id INTEGER PRIMARY KEY CHECK (id > 0),\n"
	"  changed_at TEXT NOT NULL,\n"
	"  changed_by TEXT NOT NULL CHECK (length(changed_by) BETWEEN 1 AND 100),\n"
	"  table_name TEXT NOT NULL CHECK (length(table_name) BETWEEN 1 AND 40),\n"
	"  row_id INTEGER NOT NULL,\n"
	"  action TEXT NOT NULL CHECK (action IN ('add','edit','deactivate','activate','delete')),\n"
	"  summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 500)\n);\n"
	"CREATE INDEX change_log_row ON change_log(table_name, row_id, changed_at);\n"
	/* Settings as named values (the visit frequencies, the scoring weights
	 * later issues add). */
	"CREATE TABLE settings (\n"
	"  id INTEGER PRIMARY KEY CHECK (id > 0),\n"
	"  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),\n"
	"  value TEXT NOT NULL CHECK (length(value) <= 1000),\n"
	"  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))\n);\n"
	/* The provinces, with fixed ids; one the file already has keeps its own
	 * id and gets the grid place and names it lacks. */
	"WITH p(code, name, short, en_short, en, r, c) AS (VALUES " V3_PROVINCES ")\n"
	"INSERT INTO territories(id, parent_id, region_id, code, name, short_name, short_en, name_en,\n"
	"  level, grid_row, grid_col)\n"
	"  SELECT 8070000000000000000 + unicode(substr(p.code, 1, 1)) * 256 + unicode(substr(p.code, 2, 1)),\n"
	"    NULL, NULL, p.code, p.name, p.short, p.en_short, p.en, 'province', p.r, p.c FROM p\n"
	"  WHERE NOT EXISTS (SELECT 1 FROM territories t WHERE t.code = p.code COLLATE NOCASE)\n"
	"  AND NOT EXISTS (SELECT 1 FROM territories t WHERE t.parent_id IS NULL\n"
	"    AND t.grid_row = p.r AND t.grid_col = p.c);\n"
	"WITH p(code, name, short, en_short, en, r, c) AS (VALUES " V3_PROVINCES ")\n"
	"UPDATE territories SET short_name = (SELECT short FROM p WHERE p.code = territories.code),\n"
	"  short_en = (SELECT en_short FROM p WHERE p.code = territories.code),\n"
	"  name_en = (SELECT en FROM p WHERE p.code = territories.code)\n"
	"  WHERE parent_id IS NULL AND code IN (SELECT code FROM p);\n";

/* ---- receivables kept by place -------------------------------------------- */

/* What payments naming invoice a (of its distributor) paid. */
#define V3_NAMED(a) \
	"coalesce((SELECT sum(p.amount_fen) FROM payments p WHERE p.invoice_no = " a ".invoice_no" \
	" AND p.distributor_id = " a ".distributor_id), 0)"
/* What invoice id leaves for the pool to pay: its amount less what payments
 * naming it paid. */
#define V3_REM(id) \
	"(SELECT a.amount_fen - min(a.amount_fen, " V3_NAMED("a") ") FROM amounts_due a" \
	" WHERE a.id = " id ")"
/* The pool: what payments naming no invoice of the distributor paid, and what
 * named ones paid beyond their invoice. */
#define V3_POOL(d) \
	"(SELECT paid_total_fen - named_applied_fen FROM distributor_stats WHERE distributor_id = " d ")"
/* The invoice after (due, id) of distributor d, and its due date. */
#define V3_NEXT(d, col) \
	"(SELECT a." col " FROM amounts_due a WHERE a.distributor_id = " d \
	" AND (a.due_date, a.id) > (w.due, w.id)" \
	" ORDER BY a.due_date, a.id LIMIT 1)"
/* The invoice before (due, id), or the last one when w.id is NULL (the
 * place past the end). */
#define V3_PREV(d, col) \
	"(SELECT a." col " FROM amounts_due a WHERE a.distributor_id = " d \
	" AND (a.due_date, a.id) < (coalesce(w.due, '9999'), coalesce(w.id, 0))" \
	" ORDER BY a.due_date DESC, a.id DESC LIMIT 1)"

/* Moves the place back while what the invoices before it leave open is more
 * than the pool, then forward while the invoice at the place is wholly paid
 * by what is left; then the unpaid-since date follows the place. Each walk
 * runs only when the place has to move, which most writes do not. */
#define V3_WALK(d) \
	"  UPDATE distributor_stats SET (fifo_due_id, fifo_covered_fen) = (\n" \
	"    WITH RECURSIVE w(n, id, due, cov) AS (\n" \
	"      SELECT 0, s.fifo_due_id, (SELECT due_date FROM amounts_due WHERE id = s.fifo_due_id),\n" \
	"        s.fifo_covered_fen FROM distributor_stats s WHERE s.distributor_id = " d "\n" \
	"      UNION ALL\n" \
	"      SELECT w.n + 1, " V3_PREV(d, "id") ", " V3_PREV(d, "due_date") ",\n" \
	"        w.cov - " V3_REM(V3_PREV(d, "id")) " FROM w\n" \
	"      WHERE w.cov > " V3_POOL(d) " AND " V3_PREV(d, "id") " IS NOT NULL\n" \
	"    ) SELECT id, cov FROM w ORDER BY n DESC LIMIT 1)\n" \
	"  WHERE distributor_id = " d " AND fifo_covered_fen > " V3_POOL(d) ";\n" \
	"  UPDATE distributor_stats SET (fifo_due_id, fifo_covered_fen) = (\n" \
	"    WITH RECURSIVE w(n, id, due, cov) AS (\n" \
	"      SELECT 0, s.fifo_due_id, (SELECT due_date FROM amounts_due WHERE id = s.fifo_due_id),\n" \
	"        s.fifo_covered_fen FROM distributor_stats s WHERE s.distributor_id = " d "\n" \
	"      UNION ALL\n" \
	"      SELECT w.n + 1, " V3_NEXT(d, "id") ", " V3_NEXT(d, "due_date") ",\n" \
	"        w.cov + " V3_REM("w.id") " FROM w\n" \
	"      WHERE w.id IS NOT NULL AND w.cov + " V3_REM("w.id") " <= " V3_POOL(d) "\n" \
	"    ) SELECT id, cov FROM w ORDER BY n DESC LIMIT 1)\n" \
	"  WHERE distributor_id = " d " AND fifo_due_id IS NOT NULL\n" \
	"    AND fifo_covered_fen + " V3_REM("fifo_due_id") " <= " V3_POOL(d) ";\n" \
	"  UPDATE distributor_stats SET unpaid_since =\n" \
	"    (SELECT due_date FROM amounts_due WHERE id = fifo_due_id) WHERE distributor_id = " d ";\n"

/* Whether invoice a comes before the distributor's place (or there is none). */
#define V3_BEFORE_PLACE(a) \
	"(fifo_due_id IS NULL OR (" a ".due_date, " a ".id) <" \
	" (SELECT due_date, id FROM amounts_due WHERE id = fifo_due_id))"

/* Everything about distributor d's receivables from scratch, for updates and
 * deletes (corrections, rare): the totals, then the place past the end with
 * everything open before it, walked back to where it belongs. */
#define V3_RECOMPUTE(d) \
	"  UPDATE distributor_stats SET\n" \
	"    due_total_fen = (SELECT coalesce(sum(amount_fen), 0) FROM amounts_due WHERE distributor_id = " d "),\n" \
	"    paid_total_fen = (SELECT coalesce(sum(amount_fen), 0) FROM payments WHERE distributor_id = " d "),\n" \
	"    named_applied_fen = (SELECT coalesce(sum(min(a.amount_fen, " V3_NAMED("a") ")), 0)\n" \
	"      FROM amounts_due a WHERE a.distributor_id = " d "),\n" \
	"    fifo_due_id = NULL, fifo_covered_fen = (SELECT coalesce(sum(a.amount_fen\n" \
	"      - min(a.amount_fen, " V3_NAMED("a") ")), 0) FROM amounts_due a\n" \
	"      WHERE a.distributor_id = " d ") WHERE distributor_id = " d ";\n" \
	V3_WALK(d)

/* Corrections (an update or a delete of an invoice or a payment) put the
 * distributor here; its trigger recomputes that account and takes it off
 * again, so the table is empty between statements and the long recompute is
 * written once. */
#define V3_QUEUE \
	"CREATE TABLE kept_recompute (distributor_id INTEGER PRIMARY KEY);\n"

static const char schema_v3_kept[] =
	"ALTER TABLE distributor_stats ADD COLUMN due_total_fen INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE distributor_stats ADD COLUMN paid_total_fen INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE distributor_stats ADD COLUMN named_applied_fen INTEGER NOT NULL DEFAULT 0;\n"
	/* The first invoice (by due date, then id) not wholly paid; NULL when all
	 * are. What the invoices before it leave open, all paid by the pool. */
	"ALTER TABLE distributor_stats ADD COLUMN fifo_due_id INTEGER;\n"
	"ALTER TABLE distributor_stats ADD COLUMN fifo_covered_fen INTEGER NOT NULL DEFAULT 0;\n"
	V3_QUEUE
	/* Per distributor and month: sales (orders shipped or delivered, by ship
	 * date), amounts falling due, money received, visits done and missed. */
	"CREATE TABLE dist_month (\n"
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  month TEXT NOT NULL CHECK (month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),\n"
	"  sales_fen INTEGER NOT NULL DEFAULT 0,\n"
	"  sales_orders INTEGER NOT NULL DEFAULT 0,\n"
	"  due_fen INTEGER NOT NULL DEFAULT 0,\n"
	"  received_fen INTEGER NOT NULL DEFAULT 0,\n"
	"  visits_done INTEGER NOT NULL DEFAULT 0,\n"
	"  visits_missed INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (distributor_id, month)\n) WITHOUT ROWID;\n"
	"CREATE INDEX dist_month_month ON dist_month(month);\n"
	/* The list's territory and owner sorts read an index, not a join. */
	"ALTER TABLE distributors ADD COLUMN territory_key TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE distributors ADD COLUMN owner_key TEXT NOT NULL DEFAULT '';\n"
	"UPDATE distributors SET territory_key = coalesce((SELECT code FROM territories t\n"
	"  WHERE t.id = distributors.territory_id), ''),\n"
	"  owner_key = coalesce((SELECT sort_key FROM reps r WHERE r.id = distributors.owner_rep_id), '');\n"
	"CREATE INDEX distributors_territory_key ON distributors(territory_key, sort_key, id);\n"
	"CREATE INDEX distributors_owner_key ON distributors(owner_key, sort_key, id);\n";

/* Adds x to column col of (distributor d, month m) when cond holds. */
#define V3_ADD(col, d, m, x, cond) \
	"  INSERT INTO dist_month(distributor_id, month, " col ") SELECT " d ", " m ", " x \
	" WHERE " cond " ON CONFLICT(distributor_id, month) DO UPDATE SET " col " = " col \
	" + excluded." col ";\n"
#define V3_SALE(o) "(" o ".status IN ('shipped','delivered') AND " o ".ship_date IS NOT NULL)"

/* The triggers that keep the figures; bulk writers drop them, write, rebuild
 * and create them again in one transaction. */
const char db_schema_kept_triggers[] =
	"CREATE TRIGGER kept_recompute_run AFTER INSERT ON kept_recompute BEGIN\n"
	V3_RECOMPUTE("new.distributor_id")
	"  DELETE FROM kept_recompute WHERE distributor_id = new.distributor_id;\n"
	"END;\n"
	/* Writers that set the keys themselves (db_dist_save) skip the update. */
	"CREATE TRIGGER distributors_keys_insert AFTER INSERT ON distributors\n"
	"  WHEN new.territory_key IS NOT coalesce((SELECT code FROM territories\n"
	"    WHERE id = new.territory_id), '') OR new.owner_key IS NOT coalesce((SELECT sort_key\n"
	"    FROM reps WHERE id = new.owner_rep_id), '') BEGIN\n"
	"  UPDATE distributors SET territory_key = coalesce((SELECT code FROM territories\n"
	"    WHERE id = new.territory_id), ''), owner_key = coalesce((SELECT sort_key FROM reps\n"
	"    WHERE id = new.owner_rep_id), '') WHERE id = new.id;\n"
	"END;\n"
	"CREATE TRIGGER distributors_keys_update AFTER UPDATE OF territory_id, owner_rep_id\n"
	"  ON distributors WHEN new.territory_key IS NOT coalesce((SELECT code FROM territories\n"
	"    WHERE id = new.territory_id), '') OR new.owner_key IS NOT coalesce((SELECT sort_key\n"
	"    FROM reps WHERE id = new.owner_rep_id), '') BEGIN\n"
	"  UPDATE distributors SET territory_key = coalesce((SELECT code FROM territories\n"
	"    WHERE id = new.territory_id), ''), owner_key = coalesce((SELECT sort_key FROM reps\n"
	"    WHERE id = new.owner_rep_id), '') WHERE id = new.id;\n"
	"END;\n"
	"CREATE TRIGGER territories_keys AFTER UPDATE OF code ON territories BEGIN\n"
	"  UPDATE distributors SET territory_key = new.code WHERE territory_id = new.id;\n"
	"END;\n"
	"CREATE TRIGGER reps_keys AFTER UPDATE OF sort_key ON reps BEGIN\n"
	"  UPDATE distributors SET owner_key = new.sort_key WHERE owner_rep_id = new.id;\n"
	"END;\n"

	"CREATE TRIGGER visits_kept_insert AFTER INSERT ON visits BEGIN\n"
	"  UPDATE distributor_stats SET last_visit_at = max(last_visit_at, new.planned_at)\n"
	"    WHERE distributor_id = new.distributor_id AND new.status = 'done';\n"
	V3_ADD("visits_done", "new.distributor_id", "substr(new.planned_at, 1, 7)", "1", "new.status = 'done'")
	V3_ADD("visits_missed", "new.distributor_id", "substr(new.planned_at, 1, 7)", "1", "new.status = 'missed'")
	"END;\n"
	"CREATE TRIGGER visits_kept_update AFTER UPDATE OF distributor_id, planned_at, status ON visits BEGIN\n"
	"  UPDATE distributor_stats SET last_visit_at = coalesce((SELECT max(planned_at) FROM visits\n"
	"    WHERE distributor_id = distributor_stats.distributor_id AND status = 'done'), '')\n"
	"    WHERE distributor_id IN (old.distributor_id, new.distributor_id);\n"
	V3_ADD("visits_done", "old.distributor_id", "substr(old.planned_at, 1, 7)", "-1", "old.status = 'done'")
	V3_ADD("visits_missed", "old.distributor_id", "substr(old.planned_at, 1, 7)", "-1", "old.status = 'missed'")
	V3_ADD("visits_done", "new.distributor_id", "substr(new.planned_at, 1, 7)", "1", "new.status = 'done'")
	V3_ADD("visits_missed", "new.distributor_id", "substr(new.planned_at, 1, 7)", "1", "new.status = 'missed'")
	"END;\n"
	"CREATE TRIGGER visits_kept_delete AFTER DELETE ON visits BEGIN\n"
	"  UPDATE distributor_stats SET last_visit_at = coalesce((SELECT max(planned_at) FROM visits\n"
	"    WHERE distributor_id = old.distributor_id AND status = 'done'), '')\n"
	"    WHERE distributor_id = old.distributor_id AND old.status = 'done';\n"
	V3_ADD("visits_done", "old.distributor_id", "substr(old.planned_at, 1, 7)", "-1", "old.status = 'done'")
	V3_ADD("visits_missed", "old.distributor_id", "substr(old.planned_at, 1, 7)", "-1", "old.status = 'missed'")
	"END;\n"

	"CREATE TRIGGER orders_kept_insert AFTER INSERT ON orders BEGIN\n"
	V3_ADD("sales_fen", "new.distributor_id", "substr(new.ship_date, 1, 7)", "new.total_fen", V3_SALE("new"))
	V3_ADD("sales_orders", "new.distributor_id", "substr(new.ship_date, 1, 7)", "1", V3_SALE("new"))
	"END;\n"
	"CREATE TRIGGER orders_kept_update AFTER UPDATE OF distributor_id, status, ship_date, total_fen\n"
	"  ON orders BEGIN\n"
	V3_ADD("sales_fen", "old.distributor_id", "substr(old.ship_date, 1, 7)", "-old.total_fen", V3_SALE("old"))
	V3_ADD("sales_orders", "old.distributor_id", "substr(old.ship_date, 1, 7)", "-1", V3_SALE("old"))
	V3_ADD("sales_fen", "new.distributor_id", "substr(new.ship_date, 1, 7)", "new.total_fen", V3_SALE("new"))
	V3_ADD("sales_orders", "new.distributor_id", "substr(new.ship_date, 1, 7)", "1", V3_SALE("new"))
	"END;\n"
	"CREATE TRIGGER orders_kept_delete AFTER DELETE ON orders BEGIN\n"
	V3_ADD("sales_fen", "old.distributor_id", "substr(old.ship_date, 1, 7)", "-old.total_fen", V3_SALE("old"))
	V3_ADD("sales_orders", "old.distributor_id", "substr(old.ship_date, 1, 7)", "-1", V3_SALE("old"))
	"END;\n"

	/* A new invoice: the totals move by its amount, what it leaves open
	 * counts before the place when it comes before it, and the place moves. */
	"CREATE TRIGGER amounts_due_kept_insert AFTER INSERT ON amounts_due BEGIN\n"
	"  UPDATE distributor_stats SET due_total_fen = due_total_fen + new.amount_fen,\n"
	"    named_applied_fen = named_applied_fen + min(new.amount_fen, " V3_NAMED("new") "),\n"
	"    fifo_covered_fen = fifo_covered_fen + CASE WHEN " V3_BEFORE_PLACE("new")
	" THEN " V3_REM("new.id") " ELSE 0 END\n"
	"    WHERE distributor_id = new.distributor_id;\n"
	V3_WALK("new.distributor_id")
	V3_ADD("due_fen", "new.distributor_id", "substr(new.due_date, 1, 7)", "new.amount_fen", "1")
	"END;\n"
	"CREATE TRIGGER amounts_due_kept_update AFTER UPDATE OF distributor_id, invoice_no, due_date,\n"
	"  amount_fen ON amounts_due BEGIN\n"
	"  INSERT INTO kept_recompute(distributor_id) VALUES (old.distributor_id);\n"
	"  INSERT INTO kept_recompute(distributor_id) SELECT new.distributor_id\n"
	"    WHERE new.distributor_id IS NOT old.distributor_id;\n"
	V3_ADD("due_fen", "old.distributor_id", "substr(old.due_date, 1, 7)", "-old.amount_fen", "1")
	V3_ADD("due_fen", "new.distributor_id", "substr(new.due_date, 1, 7)", "new.amount_fen", "1")
	"END;\n"
	"CREATE TRIGGER amounts_due_kept_delete AFTER DELETE ON amounts_due BEGIN\n"
	"  INSERT INTO kept_recompute(distributor_id) VALUES (old.distributor_id);\n"
	V3_ADD("due_fen", "old.distributor_id", "substr(old.due_date, 1, 7)", "-old.amount_fen", "1")
	"END;\n"

	/* A new payment: the pool grows by what it does not pay of its own
	 * invoice; that invoice leaves less open; the place moves. */
	"CREATE TRIGGER payments_kept_insert AFTER INSERT ON payments BEGIN\n"
	"  UPDATE distributor_stats SET paid_total_fen = paid_total_fen + new.amount_fen,\n"
	"    named_applied_fen = named_applied_fen + coalesce((SELECT\n"
	"      min(a.amount_fen, " V3_NAMED("a") ") - min(a.amount_fen, " V3_NAMED("a") " - new.amount_fen)\n"
	"      FROM amounts_due a WHERE a.invoice_no = new.invoice_no\n"
	"      AND a.distributor_id = new.distributor_id), 0),\n"
	"    fifo_covered_fen = fifo_covered_fen - coalesce((SELECT\n"
	"      min(a.amount_fen, " V3_NAMED("a") ") - min(a.amount_fen, " V3_NAMED("a") " - new.amount_fen)\n"
	"      FROM amounts_due a WHERE a.invoice_no = new.invoice_no\n"
	"      AND a.distributor_id = new.distributor_id AND " V3_BEFORE_PLACE("a") "), 0)\n"
	"    WHERE distributor_id = new.distributor_id;\n"
	V3_WALK("new.distributor_id")
	V3_ADD("received_fen", "new.distributor_id", "substr(new.paid_on, 1, 7)", "new.amount_fen", "1")
	"END;\n"
	"CREATE TRIGGER payments_kept_update AFTER UPDATE OF distributor_id, invoice_no, paid_on,\n"
	"  amount_fen ON payments BEGIN\n"
	"  INSERT INTO kept_recompute(distributor_id) VALUES (old.distributor_id);\n"
	"  INSERT INTO kept_recompute(distributor_id) SELECT new.distributor_id\n"
	"    WHERE new.distributor_id IS NOT old.distributor_id;\n"
	V3_ADD("received_fen", "old.distributor_id", "substr(old.paid_on, 1, 7)", "-old.amount_fen", "1")
	V3_ADD("received_fen", "new.distributor_id", "substr(new.paid_on, 1, 7)", "new.amount_fen", "1")
	"END;\n"
	"CREATE TRIGGER payments_kept_delete AFTER DELETE ON payments BEGIN\n"
	"  INSERT INTO kept_recompute(distributor_id) VALUES (old.distributor_id);\n"
	V3_ADD("received_fen", "old.distributor_id", "substr(old.paid_on, 1, 7)", "-old.amount_fen", "1")
	"END;\n";

const char db_schema_kept_drop[] =
	"DROP TRIGGER kept_recompute_run;\n"
	"DROP TRIGGER distributors_keys_insert; DROP TRIGGER distributors_keys_update;\n"
	"DROP TRIGGER territories_keys; DROP TRIGGER reps_keys;\n"
	"DROP TRIGGER visits_kept_insert; DROP TRIGGER visits_kept_update;\n"
	"DROP TRIGGER visits_kept_delete;\n"
	"DROP TRIGGER orders_kept_insert; DROP TRIGGER orders_kept_update;\n"
	"DROP TRIGGER orders_kept_delete;\n"
	"DROP TRIGGER amounts_due_kept_insert; DROP TRIGGER amounts_due_kept_update;\n"
	"DROP TRIGGER amounts_due_kept_delete;\n"
	"DROP TRIGGER payments_kept_insert; DROP TRIGGER payments_kept_update;\n"
	"DROP TRIGGER payments_kept_delete;\n";

/* What payments leave unpaid, for every distributor with invoices, from
 * scratch in one pass: per distributor its totals, the place (the first
 * invoice, by due date then id, whose running open amount passes the pool)
 * and what the invoices before it leave open; when no invoice is left open,
 * no place and everything open before "the end". Columns: distributor_id,
 * due, paid, applied, place, since, covered. Each step is materialized, so
 * SQLite joins them by index rather than row by row. */
#define V3_BULK_RECEIVABLES \
	"WITH named AS MATERIALIZED (SELECT invoice_no, distributor_id, sum(amount_fen) AS n\n" \
	"    FROM payments WHERE invoice_no IS NOT NULL GROUP BY invoice_no, distributor_id),\n" \
	"  inv AS MATERIALIZED (SELECT a.id, a.distributor_id, a.due_date, a.amount_fen AS amount,\n" \
	"    min(a.amount_fen, coalesce(named.n, 0)) AS applied FROM amounts_due a\n" \
	"    LEFT JOIN named ON named.invoice_no = a.invoice_no\n" \
	"    AND named.distributor_id = a.distributor_id),\n" \
	"  run AS MATERIALIZED (SELECT inv.*, (SELECT coalesce(sum(p.amount_fen), 0) FROM payments p\n" \
	"      WHERE p.distributor_id = inv.distributor_id) AS paid,\n" \
	"    sum(amount - applied) OVER (PARTITION BY distributor_id ORDER BY due_date, id) AS cum,\n" \
	"    sum(applied) OVER (PARTITION BY distributor_id) AS app_total\n" \
	"    FROM inv),\n" \
	"  per AS (SELECT distributor_id, sum(amount) AS due, max(paid) AS paid,\n" \
	"    max(app_total) AS applied, max(cum) AS open_total,\n" \
	"    min(CASE WHEN cum > paid - app_total THEN printf('%s|%020d|%020d', due_date, id,\n" \
	"      cum - (amount - applied)) END) AS first_open\n" \
	"    FROM run GROUP BY distributor_id)\n" \
	"SELECT distributor_id, due, paid, applied,\n" \
	"  CAST(substr(first_open, 12, 20) AS INTEGER) AS place, substr(first_open, 1, 10) AS since,\n" \
	"  coalesce(CAST(substr(first_open, 33, 20) AS INTEGER), open_total) AS covered FROM per\n"

/* Every kept figure from scratch, for bulk loads: the list's keys, the
 * stats rows, then the months. */
const char db_schema_kept_rebuild[] =
	"UPDATE distributors SET territory_key = coalesce((SELECT code FROM territories t\n"
	"  WHERE t.id = distributors.territory_id), ''),\n"
	"  owner_key = coalesce((SELECT sort_key FROM reps r WHERE r.id = distributors.owner_rep_id), '');\n"
	"UPDATE distributor_stats SET last_visit_at = coalesce((SELECT max(planned_at) FROM visits\n"
	"  WHERE distributor_id = distributor_stats.distributor_id AND status = 'done'), '');\n"
	/* Keyed by distributor, so the update below finds each row at once. */
	"CREATE TEMP TABLE kept_receivables(distributor_id INTEGER PRIMARY KEY, due, paid,\n"
	"  applied, place, since, covered);\n"
	"INSERT INTO temp.kept_receivables " V3_BULK_RECEIVABLES ";\n"
	"UPDATE distributor_stats SET due_total_fen = 0, named_applied_fen = 0, fifo_due_id = NULL,\n"
	"  unpaid_since = NULL, fifo_covered_fen = 0, paid_total_fen = coalesce((SELECT\n"
	"  sum(amount_fen) FROM payments p WHERE p.distributor_id = distributor_stats.distributor_id), 0);\n"
	"UPDATE distributor_stats SET (due_total_fen, paid_total_fen, named_applied_fen, fifo_due_id,\n"
	"  unpaid_since, fifo_covered_fen) = (SELECT due, paid, applied, place, since, covered\n"
	"  FROM temp.kept_receivables k WHERE k.distributor_id = distributor_stats.distributor_id)\n"
	"  WHERE distributor_id IN (SELECT distributor_id FROM temp.kept_receivables);\n"
	"DROP TABLE temp.kept_receivables;\n"
	"DELETE FROM dist_month;\n"
	"INSERT INTO dist_month(distributor_id, month, sales_fen, sales_orders, due_fen, received_fen,\n"
	"  visits_done, visits_missed)\n"
	"  SELECT d, m, sum(s), sum(so), sum(du), sum(r), sum(vd), sum(vm) FROM (\n"
	"    SELECT distributor_id AS d, substr(ship_date, 1, 7) AS m, total_fen AS s, 1 AS so,\n"
	"      0 AS du, 0 AS r, 0 AS vd, 0 AS vm FROM orders o WHERE " V3_SALE("o") "\n"
	"    UNION ALL SELECT distributor_id, substr(due_date, 1, 7), 0, 0, amount_fen, 0, 0, 0\n"
	"      FROM amounts_due\n"
	"    UNION ALL SELECT distributor_id, substr(paid_on, 1, 7), 0, 0, 0, amount_fen, 0, 0\n"
	"      FROM payments\n"
	"    UNION ALL SELECT distributor_id, substr(planned_at, 1, 7), 0, 0, 0, 0,\n"
	"      status = 'done', status = 'missed' FROM visits WHERE status IN ('done','missed')\n"
	"  ) GROUP BY d, m;\n";

/* A large import's orders (temp.bulk_orders): their sales by ship month,
 * all at once, as orders_kept_insert adds them one by one. */
const char *const db_schema_kept_orders_paused[] = { "orders_kept_insert", NULL };
const char db_schema_kept_orders_added[] =
	"INSERT INTO dist_month(distributor_id, month, sales_fen, sales_orders)\n"
	"  SELECT o.distributor_id, substr(o.ship_date, 1, 7), sum(o.total_fen), count(*)\n"
	"  FROM orders o WHERE o.id IN (SELECT id FROM temp.bulk_orders) AND " V3_SALE("o") "\n"
	"  GROUP BY 1, 2 ORDER BY 1, 2\n"
	"ON CONFLICT(distributor_id, month) DO UPDATE SET sales_fen = sales_fen + excluded.sales_fen,\n"
	"  sales_orders = sales_orders + excluded.sales_orders;\n";

/* clang-format on */

/* The months from scratch: (d, m, s, so, du, r, vd, vm). */
#define V3_MONTHS                                                                                \
	"SELECT d, m, sum(s) AS s, sum(so) AS so, sum(du) AS du, sum(r) AS r, sum(vd) AS vd,"    \
	" sum(vm) AS vm FROM ("                                                                  \
	" SELECT distributor_id AS d, substr(ship_date, 1, 7) AS m, total_fen AS s, 1 AS so,"    \
	"  0 AS du, 0 AS r, 0 AS vd, 0 AS vm FROM orders o WHERE " V3_SALE(                      \
		"o") " UNION ALL SELECT distributor_id, substr(due_date, 1, 7), 0, 0, "          \
		     "amount_fen, 0, 0, 0"                                                       \
		     "  FROM amounts_due"                                                        \
		     " UNION ALL SELECT distributor_id, substr(paid_on, 1, 7), 0, 0, 0, "        \
		     "amount_fen, 0, 0"                                                          \
		     "  FROM payments"                                                           \
		     " UNION ALL SELECT distributor_id, substr(planned_at, 1, 7), 0, 0, 0, 0, "  \
		     "status = 'done',"                                                          \
		     "  status = 'missed' FROM visits WHERE status IN ('done','missed')) GROUP " \
		     "BY d, m"
#define V3_MONTH_TEXT(t)                                                                   \
	"printf('sales %d (%d orders), due %d, received %d, visits %d done %d missed', " t \
	".s, " t ".so, " t ".du, " t ".r, " t ".vd, " t ".vm)"

/* The checks of qudao check: (what, distributor, kept, recomputed) for every
 * kept figure that differs from a recompute. */
const char *const db_schema_kept_checks[] = {
	/* Every other check joins the stats rows: one missing would go unseen. */
	"SELECT 'stats row', d.id, 'missing', 'present' FROM distributors d"
	" WHERE NOT EXISTS (SELECT 1 FROM distributor_stats s WHERE s.distributor_id = d.id)",
	"SELECT 'distributor_total', 0, t.n, (SELECT count(*) FROM distributors)"
	" FROM distributor_total t WHERE t.n <> (SELECT count(*) FROM distributors)",
	"SELECT 'last_visit_at', s.distributor_id, s.last_visit_at, r.v FROM distributor_stats s"
	" JOIN (SELECT d.id, coalesce((SELECT max(planned_at) FROM visits v"
	"  WHERE v.distributor_id = d.id AND v.status = 'done'), '') AS v FROM distributors d) r"
	" ON r.id = s.distributor_id WHERE s.last_visit_at IS NOT r.v",
	"SELECT 'sort keys', d.id, d.territory_key || ' / ' || d.owner_key,"
	" coalesce(t.code, '') || ' / ' || coalesce(r.sort_key, '') FROM distributors d"
	" LEFT JOIN territories t ON t.id = d.territory_id LEFT JOIN reps r ON r.id = "
	"d.owner_rep_id"
	" WHERE d.territory_key IS NOT coalesce(t.code, '') OR d.owner_key IS NOT "
	"coalesce(r.sort_key, '')",
	/* Distributors with invoices: each figure against the one-pass recompute. */
	"SELECT 'receivables', s.distributor_id,"
	" printf('unpaid since %s, due %d, paid %d, paid by name %d, place %s, open before it %d',"
	"  coalesce(s.unpaid_since, '-'), s.due_total_fen, s.paid_total_fen, s.named_applied_fen,"
	"  coalesce(s.fifo_due_id, '-'), s.fifo_covered_fen),"
	" printf('unpaid since %s, due %d, paid %d, paid by name %d, place %s, open before it %d',"
	"  coalesce(w.since, '-'), w.due, w.paid, w.applied, coalesce(w.place, '-'), w.covered)"
	" FROM (" V3_BULK_RECEIVABLES ") w JOIN distributor_stats s ON s.distributor_id = w.distributor_id"
	" WHERE s.unpaid_since IS NOT w.since OR s.due_total_fen <> w.due OR s.paid_total_fen <> w.paid"
	" OR s.named_applied_fen <> w.applied OR s.fifo_due_id IS NOT w.place"
	" OR s.fifo_covered_fen <> w.covered",
	/* Distributors without: nothing due, nothing unpaid, what they paid. */
	"SELECT 'receivables', s.distributor_id,"
	" printf('unpaid since %s, due %d, paid %d, paid by name %d, place %s, open before it %d',"
	"  coalesce(s.unpaid_since, '-'), s.due_total_fen, s.paid_total_fen, s.named_applied_fen,"
	"  coalesce(s.fifo_due_id, '-'), s.fifo_covered_fen),"
	" printf('nothing due, paid %d', (SELECT coalesce(sum(amount_fen), 0) FROM payments p"
	"  WHERE p.distributor_id = s.distributor_id)) FROM distributor_stats s"
	" WHERE NOT EXISTS (SELECT 1 FROM amounts_due a WHERE a.distributor_id = s.distributor_id)"
	" AND (s.unpaid_since IS NOT NULL OR s.due_total_fen <> 0 OR s.named_applied_fen <> 0"
	" OR s.fifo_due_id IS NOT NULL OR s.fifo_covered_fen <> 0 OR s.paid_total_fen <>"
	" (SELECT coalesce(sum(amount_fen), 0) FROM payments p WHERE p.distributor_id = s.distributor_id))",
	/* The months that differ, found by sorting both sides (EXCEPT), then
	 * shown side by side. */
	"WITH r AS MATERIALIZED (" V3_MONTHS "),"
	" k AS MATERIALIZED (SELECT distributor_id AS d, month AS m, sales_fen AS s,"
	" sales_orders AS so, due_fen AS du, received_fen AS r, visits_done AS vd, visits_missed AS vm"
	" FROM dist_month WHERE sales_fen OR sales_orders OR due_fen OR received_fen OR visits_done"
	" OR visits_missed),"
	" bad AS (SELECT d, m FROM (SELECT * FROM k EXCEPT SELECT * FROM r)"
	" UNION SELECT d, m FROM (SELECT * FROM r EXCEPT SELECT * FROM k))"
	" SELECT 'month ' || bad.m, bad.d,"
	" coalesce((SELECT " V3_MONTH_TEXT("k2") " FROM k AS k2 WHERE k2.d = bad.d AND k2.m = bad.m), '-'),"
	" coalesce((SELECT " V3_MONTH_TEXT("r2") " FROM r AS r2 WHERE r2.d = bad.d AND r2.m = bad.m), '-')"
	" FROM bad",
	NULL,
};

const struct db_migration db_schema_v3[] = {
	{ 3, db_schema_v1_stats_drop, NULL }, { 3, schema_v3_reference, NULL },
	{ 3, schema_v3_kept, NULL },	      { 3, db_schema_kept_triggers, NULL },
	{ 3, db_schema_kept_rebuild, NULL },  { 0, NULL, NULL },
};
