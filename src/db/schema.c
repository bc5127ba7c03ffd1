/* The schema, as numbered migrations. Migration N brings a database from
 * user_version N-1 to N; they only ever get appended. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "qudao/i18n.h"
#include "qudao/pinyin.h"
#include "qudao/xalloc.h"
#include "schema.h"

/* clang-format off */

/* Pieces every table repeats (SQLite has no domains). */
#define ID "  id INTEGER PRIMARY KEY CHECK (id > 0),\n"
#define STAMP_COLUMNS \
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S','now','localtime')),\n" \
	"  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S','now','localtime'))"
/* The stamps close a table, or come before its table constraints. */
#define STAMPS STAMP_COLUMNS "\n);\n"
#define STAMPS_THEN STAMP_COLUMNS ",\n"
/* A modifier makes SQLite normalize 02-30 to 03-02, so the comparison fails. */
#define ISODATE(c) "(" c " IS NULL OR date(" c ", '+0 days') IS " c ")"
#define ISODATETIME(c) "(" c " IS NULL OR strftime('%Y-%m-%dT%H:%M', " c ", '+0 days') IS " c ")"
/* The lifecycle order as one character, '0' applicant to '4' terminated; the
 * list's status sort uses this very expression, so it must stay the same. */
#define DIST_STATUS_ORDER \
	"char(48 + (CASE status WHEN 'applicant' THEN 0 WHEN 'reviewing' THEN 1" \
	" WHEN 'active' THEN 2 WHEN 'suspended' THEN 3 ELSE 4 END))"
#define STATUS_VALUES "('applicant','reviewing','active','suspended','terminated')"

static const char schema_v1[] =
	"CREATE TABLE regions (\n" ID
	"  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),\n"
	"  name TEXT NOT NULL CHECK (length(name) > 0),\n" STAMPS

	"CREATE TABLE territories (\n" ID
	"  parent_id INTEGER REFERENCES territories(id),\n"
	"  region_id INTEGER REFERENCES regions(id),\n"
	"  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),\n"
	"  name TEXT NOT NULL CHECK (length(name) > 0),\n"
	"  short_name TEXT NOT NULL CHECK (length(short_name) > 0),\n"
	"  level TEXT NOT NULL CHECK (level IN ('province','city','district')),\n"
	"  grid_row INTEGER CHECK (grid_row IS NULL OR grid_row BETWEEN 0 AND 63),\n"
	"  grid_col INTEGER CHECK (grid_col IS NULL OR grid_col BETWEEN 0 AND 63),\n" STAMPS_THEN
	"  CHECK (parent_id IS NULL OR parent_id <> id)\n);\n"
	"CREATE INDEX territories_parent ON territories(parent_id);\n"
	"CREATE UNIQUE INDEX territories_grid ON territories(grid_row, grid_col)\n"
	"  WHERE grid_row IS NOT NULL AND parent_id IS NULL;\n"

	"CREATE TABLE reps (\n" ID
	"  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),\n"
	"  name TEXT NOT NULL CHECK (length(name) > 0),\n"
	"  role TEXT NOT NULL CHECK (role IN ('rep','manager')),\n"
	"  region_id INTEGER REFERENCES regions(id),\n"
	"  phone TEXT NOT NULL DEFAULT '',\n"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),\n"
	/* The name's pinyin sort key (core/pinyin), for lists ordered by rep. */
	"  sort_key TEXT NOT NULL DEFAULT '',\n" STAMPS

	"CREATE TABLE distributors (\n" ID
	"  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),\n"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
	"  type TEXT NOT NULL DEFAULT 'distributor'\n"
	"    CHECK (type IN ('distributor','dealer','agent','retailer')),\n"
	"  tier TEXT NOT NULL DEFAULT 'C' CHECK (tier IN ('A','B','C','D')),\n"
	"  status TEXT NOT NULL DEFAULT 'applicant' CHECK (status IN " STATUS_VALUES "),\n"
	"  contact TEXT NOT NULL DEFAULT '',\n"
	"  phone TEXT NOT NULL DEFAULT '',\n"
	"  address TEXT NOT NULL DEFAULT '',\n"
	"  territory_id INTEGER REFERENCES territories(id),\n"
	"  owner_rep_id INTEGER REFERENCES reps(id),\n"
	"  credit_limit_fen INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit_fen >= 0),\n"
	"  agreement_start TEXT CHECK " ISODATE("agreement_start") ",\n"
	"  agreement_end TEXT CHECK " ISODATE("agreement_end") ",\n"
	"  visit_every_days INTEGER NOT NULL DEFAULT 30 CHECK (visit_every_days BETWEEN 1 AND 366),\n"
	"  notes TEXT NOT NULL DEFAULT '',\n"
	/* Derived from the name by core/pinyin, kept for sorting and search. */
	"  sort_key TEXT NOT NULL DEFAULT '',\n"
	"  search_key TEXT NOT NULL DEFAULT '',\n" STAMPS_THEN
	"  CHECK (agreement_end IS NULL OR agreement_start IS NULL OR agreement_end >= agreement_start),\n"
	"  CHECK (status NOT IN ('active','suspended') OR\n"
	"         (agreement_start IS NOT NULL AND agreement_end IS NOT NULL))\n);\n"
	/* In name order with the search key at hand: a short search reads only
	 * the index, and the table only for rows that match. */
	"CREATE INDEX distributors_sort ON distributors(sort_key, id, search_key);\n"
	/* The list sorts by tier and by lifecycle order without a sort step. */
	"CREATE INDEX distributors_tier ON distributors(tier, sort_key, id);\n"
	"CREATE INDEX distributors_status_order ON distributors(" DIST_STATUS_ORDER ", sort_key, id);\n"
	"CREATE INDEX distributors_territory ON distributors(territory_id);\n"
	"CREATE INDEX distributors_owner ON distributors(owner_rep_id);\n"
	"CREATE INDEX distributors_status ON distributors(status);\n"
	"CREATE INDEX distributors_agreement_end ON distributors(agreement_end);\n"

	"CREATE TABLE status_history (\n" ID
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  from_status TEXT CHECK (from_status IS NULL OR from_status IN " STATUS_VALUES "),\n"
	"  to_status TEXT NOT NULL CHECK (to_status IN " STATUS_VALUES "),\n"
	"  changed_at TEXT NOT NULL CHECK " ISODATETIME("changed_at") ",\n"
	"  changed_by TEXT NOT NULL CHECK (length(changed_by) > 0),\n"
	"  reason TEXT CHECK (reason IS NULL OR reason IN\n"
	"    ('expired','breach','mutual_consent','payment','quality','other')),\n"
	"  note TEXT NOT NULL DEFAULT '',\n" STAMPS_THEN
	"  CHECK (to_status <> 'terminated' OR reason IN ('expired','breach','mutual_consent'))\n);\n"
	"CREATE INDEX status_history_distributor ON status_history(distributor_id, changed_at);\n"

	"CREATE TABLE qualification_reviews (\n" ID
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  reviewed_on TEXT NOT NULL CHECK " ISODATE("reviewed_on") ",\n"
	"  reviewer TEXT NOT NULL DEFAULT '',\n"
	"  reputation INTEGER NOT NULL CHECK (reputation BETWEEN 0 AND 10),\n"
	"  financial_strength INTEGER NOT NULL CHECK (financial_strength BETWEEN 0 AND 10),\n"
	"  sales_network INTEGER NOT NULL CHECK (sales_network BETWEEN 0 AND 10),\n"
	"  product_knowledge INTEGER NOT NULL CHECK (product_knowledge BETWEEN 0 AND 10),\n"
	"  market_development INTEGER NOT NULL CHECK (market_development BETWEEN 0 AND 10),\n"
	"  compliance_record INTEGER NOT NULL CHECK (compliance_record BETWEEN 0 AND 10),\n"
	"  note TEXT NOT NULL DEFAULT '',\n" STAMPS
	"CREATE INDEX qualification_reviews_distributor ON qualification_reviews(distributor_id);\n"

	"CREATE TABLE products (\n" ID
	"  sku TEXT NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 32),\n"
	"  name TEXT NOT NULL CHECK (length(name) > 0),\n"
	"  category TEXT NOT NULL CHECK (length(category) > 0),\n"
	"  retail_price_fen INTEGER NOT NULL CHECK (retail_price_fen >= 0),\n"
	"  price_a_fen INTEGER NOT NULL CHECK (price_a_fen >= 0),\n"
	"  price_b_fen INTEGER NOT NULL CHECK (price_b_fen >= 0),\n"
	"  price_c_fen INTEGER NOT NULL CHECK (price_c_fen >= 0),\n"
	"  price_d_fen INTEGER NOT NULL CHECK (price_d_fen >= 0),\n"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),\n" STAMPS

	"CREATE TABLE exclusive_rights (\n" ID
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  territory_id INTEGER NOT NULL REFERENCES territories(id),\n"
	"  category TEXT NOT NULL CHECK (length(category) > 0),\n"
	"  start_date TEXT NOT NULL CHECK " ISODATE("start_date") ",\n"
	"  end_date TEXT NOT NULL CHECK " ISODATE("end_date") ",\n" STAMPS_THEN
	"  CHECK (end_date >= start_date)\n);\n"
	"CREATE INDEX exclusive_rights_territory ON exclusive_rights(territory_id, category);\n"
	"CREATE INDEX exclusive_rights_distributor ON exclusive_rights(distributor_id);\n"

	"CREATE TABLE sales_targets (\n" ID
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  period TEXT NOT NULL CHECK (period GLOB '[12][0-9][0-9][0-9]'\n"
	"    OR period GLOB '[12][0-9][0-9][0-9]-Q[1-4]'\n"
	"    OR period GLOB '[12][0-9][0-9][0-9]-0[1-9]' OR period GLOB '[12][0-9][0-9][0-9]-1[0-2]'),\n"
	"  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),\n" STAMPS_THEN
	"  UNIQUE (distributor_id, period)\n);\n"

	"CREATE TABLE orders (\n" ID
	"  order_no TEXT NOT NULL UNIQUE CHECK (length(order_no) BETWEEN 1 AND 40),\n"
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  order_date TEXT NOT NULL CHECK " ISODATE("order_date") ",\n"
	"  ship_territory_id INTEGER REFERENCES territories(id),\n"
	"  status TEXT NOT NULL DEFAULT 'open'\n"
	"    CHECK (status IN ('open','shipped','delivered','cancelled')),\n"
	/* Sum of the lines, kept so scorecards need not read millions of lines. */
	"  total_fen INTEGER NOT NULL DEFAULT 0 CHECK (total_fen >= 0),\n" STAMPS
	"CREATE INDEX orders_distributor_date ON orders(distributor_id, order_date);\n"
	"CREATE INDEX orders_ship_territory ON orders(ship_territory_id, order_date);\n"

	"CREATE TABLE order_lines (\n" ID
	"  order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,\n"
	"  product_id INTEGER NOT NULL REFERENCES products(id),\n"
	"  quantity INTEGER NOT NULL CHECK (quantity > 0),\n"
	"  unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),\n" STAMPS
	"CREATE INDEX order_lines_order ON order_lines(order_id);\n"

	"CREATE TABLE payments (\n" ID
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  paid_on TEXT NOT NULL CHECK " ISODATE("paid_on") ",\n"
	"  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),\n"
	"  reference TEXT NOT NULL DEFAULT '',\n" STAMPS
	"CREATE INDEX payments_distributor ON payments(distributor_id, paid_on);\n"

	"CREATE TABLE amounts_due (\n" ID
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  invoice_no TEXT NOT NULL UNIQUE CHECK (length(invoice_no) BETWEEN 1 AND 40),\n"
	"  due_date TEXT NOT NULL CHECK " ISODATE("due_date") ",\n"
	"  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),\n" STAMPS
	"CREATE INDEX amounts_due_distributor ON amounts_due(distributor_id, due_date);\n"

	"CREATE TABLE visits (\n" ID
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  rep_id INTEGER NOT NULL REFERENCES reps(id),\n"
	"  planned_at TEXT NOT NULL CHECK " ISODATETIME("planned_at") ",\n"
	"  status TEXT NOT NULL DEFAULT 'planned'\n"
	"    CHECK (status IN ('planned','confirmed','done','missed','cancelled')),\n"
	"  purpose TEXT NOT NULL DEFAULT '',\n"
	"  summary TEXT NOT NULL DEFAULT '',\n"
	"  coaching_note TEXT NOT NULL DEFAULT '',\n"
	"  display_score INTEGER CHECK (display_score IS NULL OR display_score BETWEEN 0 AND 100),\n"
	STAMPS_THEN "  CHECK (status = 'done' OR display_score IS NULL)\n);\n"
	"CREATE INDEX visits_distributor ON visits(distributor_id, planned_at);\n"
	"CREATE INDEX visits_date ON visits(planned_at);\n"
	"CREATE INDEX visits_rep ON visits(rep_id, planned_at);\n"

	"CREATE TABLE visit_inventory (\n" ID
	"  visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,\n"
	"  product_id INTEGER NOT NULL REFERENCES products(id),\n"
	"  quantity INTEGER NOT NULL CHECK (quantity >= 0),\n" STAMPS_THEN
	"  UNIQUE (visit_id, product_id)\n);\n"

	"CREATE TABLE visit_prices (\n" ID
	"  visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,\n"
	"  product_id INTEGER NOT NULL REFERENCES products(id),\n"
	"  shelf_price_fen INTEGER NOT NULL CHECK (shelf_price_fen >= 0),\n" STAMPS_THEN
	"  UNIQUE (visit_id, product_id)\n);\n"

	"CREATE TABLE incidents (\n" ID
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  occurred_on TEXT NOT NULL CHECK " ISODATE("occurred_on") ",\n"
	"  kind TEXT NOT NULL CHECK (kind IN\n"
	"    ('price_violation','cross_territory','return','quality','complaint')),\n"
	"  severity TEXT NOT NULL DEFAULT 'medium' CHECK (severity IN ('low','medium','high')),\n"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),\n"
	"  description TEXT NOT NULL DEFAULT '',\n"
	"  resolution TEXT NOT NULL DEFAULT '',\n"
	"  resolved_on TEXT CHECK " ISODATE("resolved_on") ",\n" STAMPS_THEN
	"  CHECK ((status = 'resolved') = (resolved_on IS NOT NULL)),\n"
	"  CHECK (resolved_on IS NULL OR resolved_on >= occurred_on)\n);\n"
	"CREATE INDEX incidents_distributor ON incidents(distributor_id, status, occurred_on);\n"

	"CREATE TABLE trainings (\n" ID
	"  held_on TEXT NOT NULL CHECK " ISODATE("held_on") ",\n"
	"  topic TEXT NOT NULL CHECK (length(topic) > 0),\n"
	"  trainer TEXT NOT NULL DEFAULT '',\n"
	"  hours INTEGER NOT NULL DEFAULT 2 CHECK (hours BETWEEN 1 AND 40),\n" STAMPS

	"CREATE TABLE training_attendance (\n" ID
	"  training_id INTEGER NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,\n"
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  attendee TEXT NOT NULL DEFAULT '',\n" STAMPS_THEN
	"  UNIQUE (training_id, distributor_id, attendee)\n);\n"
	"CREATE INDEX training_attendance_distributor ON training_attendance(distributor_id);\n"

	"CREATE TABLE rebate_rules (\n" ID
	"  name TEXT NOT NULL CHECK (length(name) > 0),\n"
	"  category TEXT,\n"
	"  tier TEXT CHECK (tier IS NULL OR tier IN ('A','B','C','D')),\n"
	"  period_kind TEXT NOT NULL CHECK (period_kind IN ('year','quarter','month')),\n"
	"  threshold_fen INTEGER NOT NULL CHECK (threshold_fen >= 0),\n"
	/* The rate in basis points: 150 = 1.50 %. */
	"  rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),\n"
	"  start_date TEXT NOT NULL CHECK " ISODATE("start_date") ",\n"
	"  end_date TEXT CHECK " ISODATE("end_date") ",\n" STAMPS_THEN
	"  CHECK (end_date IS NULL OR end_date >= start_date)\n);\n"

	/* Summaries the list sorts and filters on, kept current by triggers. */
	"CREATE TABLE distributor_stats (\n"
	"  distributor_id INTEGER PRIMARY KEY REFERENCES distributors(id) ON DELETE CASCADE,\n"
	/* When the latest visit that was done took place; '' for never, so that
	 * "never" sorts first and the index orders every row. */
	"  last_visit_at TEXT NOT NULL DEFAULT ''\n"
	"    CHECK (last_visit_at = '' OR " ISODATETIME("last_visit_at") "),\n"
	/* Due date of the oldest amount due that payments, applied oldest first,
	 * do not cover; NULL when everything due is paid. */
	"  unpaid_since TEXT CHECK " ISODATE("unpaid_since") "\n);\n"
	"CREATE INDEX distributor_stats_last_visit ON distributor_stats(last_visit_at);\n"
	"CREATE TRIGGER distributors_stats AFTER INSERT ON distributors BEGIN\n"
	"  INSERT INTO distributor_stats(distributor_id) VALUES (new.id);\n"
	"END;\n"

	/* How many distributors there are, so the list's total costs one row
	 * read rather than an index scan. */
	"CREATE TABLE distributor_total (\n"
	"  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
	"  n INTEGER NOT NULL CHECK (n >= 0)\n);\n"
	"INSERT INTO distributor_total(id, n) VALUES (1, 0);\n"
	"CREATE TRIGGER distributors_total_insert AFTER INSERT ON distributors BEGIN\n"
	"  UPDATE distributor_total SET n = n + 1 WHERE id = 1;\n"
	"END;\n"
	"CREATE TRIGGER distributors_total_delete AFTER DELETE ON distributors BEGIN\n"
	"  UPDATE distributor_total SET n = n - 1 WHERE id = 1;\n"
	"END;\n"

	/* Substring search over search_key, by trigrams: queries of three or
	 * more characters find their rows without reading the table. */
	"CREATE VIRTUAL TABLE distributor_fts USING fts5(search_key, content='distributors',\n"
	"  content_rowid='id', tokenize='trigram');\n";

/* The triggers that kept distributor_fts in step with distributors in schema
 * 1. From schema 2 on, db/distributor.c keeps it: with trusted_schema off
 * (files are untrusted), SQLite refuses FTS5 tables in triggers. */
static const char db_schema_fts_triggers[] =
	"CREATE TRIGGER distributors_fts_insert AFTER INSERT ON distributors BEGIN\n"
	"  INSERT INTO distributor_fts(rowid, search_key) VALUES (new.id, new.search_key);\n"
	"END;\n"
	"CREATE TRIGGER distributors_fts_delete AFTER DELETE ON distributors BEGIN\n"
	"  INSERT INTO distributor_fts(distributor_fts, rowid, search_key)\n"
	"    VALUES ('delete', old.id, old.search_key);\n"
	"END;\n"
	"CREATE TRIGGER distributors_fts_update AFTER UPDATE OF search_key ON distributors BEGIN\n"
	"  INSERT INTO distributor_fts(distributor_fts, rowid, search_key)\n"
	"    VALUES ('delete', old.id, old.search_key);\n"
	"  INSERT INTO distributor_fts(rowid, search_key) VALUES (new.id, new.search_key);\n"
	"END;\n";

const char db_schema_fts_rebuild[] =
	"INSERT INTO distributor_fts(distributor_fts) VALUES ('rebuild');\n";

/* The stat formulas for one distributor d. */
#define STATS_LAST_VISIT(d) \
	"(SELECT coalesce(max(planned_at), '') FROM visits WHERE distributor_id = " d " AND status = 'done')"
#define STATS_UNPAID_SINCE(d) \
	"(SELECT due_date FROM (SELECT due_date, sum(amount_fen) OVER (ORDER BY due_date, id) AS cum" \
	" FROM amounts_due WHERE distributor_id = " d ") WHERE cum > (SELECT total(amount_fen)" \
	" FROM payments WHERE distributor_id = " d ") ORDER BY due_date LIMIT 1)"
#define STATS_SET(d) \
	"  UPDATE distributor_stats SET last_visit_at = " STATS_LAST_VISIT(d) \
	", unpaid_since = " STATS_UNPAID_SINCE(d) " WHERE distributor_id = " d ";\n"
#define STATS_TRIGGER(name, event, table, d) \
	"CREATE TRIGGER " name " AFTER " event " ON " table " BEGIN\n" STATS_SET(d) "END;\n"

static const char schema_v1_stats_triggers[] =
	STATS_TRIGGER("visits_stats_insert", "INSERT", "visits", "new.distributor_id")
	STATS_TRIGGER("visits_stats_update", "UPDATE", "visits", "new.distributor_id")
	STATS_TRIGGER("visits_stats_move", "UPDATE OF distributor_id", "visits", "old.distributor_id")
	STATS_TRIGGER("visits_stats_delete", "DELETE", "visits", "old.distributor_id")
	STATS_TRIGGER("payments_stats_insert", "INSERT", "payments", "new.distributor_id")
	STATS_TRIGGER("payments_stats_update", "UPDATE", "payments", "new.distributor_id")
	STATS_TRIGGER("payments_stats_move", "UPDATE OF distributor_id", "payments", "old.distributor_id")
	STATS_TRIGGER("payments_stats_delete", "DELETE", "payments", "old.distributor_id")
	STATS_TRIGGER("amounts_due_stats_insert", "INSERT", "amounts_due", "new.distributor_id")
	STATS_TRIGGER("amounts_due_stats_update", "UPDATE", "amounts_due", "new.distributor_id")
	STATS_TRIGGER("amounts_due_stats_move", "UPDATE OF distributor_id", "amounts_due", "old.distributor_id")
	STATS_TRIGGER("amounts_due_stats_delete", "DELETE", "amounts_due", "old.distributor_id");

const char db_schema_v1_stats_drop[] =
	"DROP TRIGGER visits_stats_insert; DROP TRIGGER visits_stats_update;\n"
	"DROP TRIGGER visits_stats_move; DROP TRIGGER visits_stats_delete;\n"
	"DROP TRIGGER payments_stats_insert; DROP TRIGGER payments_stats_update;\n"
	"DROP TRIGGER payments_stats_move; DROP TRIGGER payments_stats_delete;\n"
	"DROP TRIGGER amounts_due_stats_insert; DROP TRIGGER amounts_due_stats_update;\n"
	"DROP TRIGGER amounts_due_stats_move; DROP TRIGGER amounts_due_stats_delete;\n";


/* Schema 2: nothing lost, nothing trusted that should not be.
 * - distributors: a row version every update checks (no lost updates), every
 *   text capped in the schema (the interface refuses, never cuts), codes
 *   unique without regard to case, and the status "rejected";
 * - status_history: "rejected" and its reasons;
 * - payments name the invoice they pay (applied to it first);
 * - orders have a ship date: sales are what shipped, counted when it did;
 * - every other code unique without regard to case. */
#define DIST_STATUS_ORDER_V2 \
	"char(48 + (CASE status WHEN 'applicant' THEN 0 WHEN 'reviewing' THEN 1" \
	" WHEN 'active' THEN 2 WHEN 'suspended' THEN 3 WHEN 'terminated' THEN 4 ELSE 5 END))"
#define STATUS_VALUES_V2 "('applicant','reviewing','active','suspended','terminated','rejected')"
#define REASON_VALUES_V2 \
	"('expired','breach','mutual_consent','payment','quality','other','unqualified'," \
	"'incomplete')"
#define UTC_STAMP "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
#define STAMPS_UTC_COLUMNS \
	"  created_at TEXT NOT NULL DEFAULT " UTC_STAMP ",\n" \
	"  updated_at TEXT NOT NULL DEFAULT " UTC_STAMP

static const char schema_v2_tables[] =
	"CREATE TABLE distributors_v2 (\n" ID
	"  code TEXT NOT NULL UNIQUE COLLATE NOCASE\n"
	"    CONSTRAINT distributor_code CHECK (length(code) BETWEEN 1 AND 32),\n"
	"  name TEXT NOT NULL CONSTRAINT distributor_name CHECK (length(name) BETWEEN 1 AND 200),\n"
	"  type TEXT NOT NULL DEFAULT 'distributor'\n"
	"    CHECK (type IN ('distributor','dealer','agent','retailer')),\n"
	"  tier TEXT NOT NULL DEFAULT 'C' CHECK (tier IN ('A','B','C','D')),\n"
	"  status TEXT NOT NULL DEFAULT 'applicant' CHECK (status IN " STATUS_VALUES_V2 "),\n"
	"  contact TEXT NOT NULL DEFAULT ''\n"
	"    CONSTRAINT distributor_contact CHECK (length(contact) <= 200),\n"
	"  phone TEXT NOT NULL DEFAULT '' CONSTRAINT distributor_phone CHECK (length(phone) <= 40),\n"
	"  address TEXT NOT NULL DEFAULT ''\n"
	"    CONSTRAINT distributor_address CHECK (length(address) <= 1000),\n"
	"  territory_id INTEGER REFERENCES territories(id),\n"
	"  owner_rep_id INTEGER REFERENCES reps(id),\n"
	"  credit_limit_fen INTEGER NOT NULL DEFAULT 0\n"
	"    CONSTRAINT distributor_credit CHECK (credit_limit_fen >= 0),\n"
	"  agreement_start TEXT CONSTRAINT distributor_agreement_start CHECK " ISODATE("agreement_start") ",\n"
	"  agreement_end TEXT CONSTRAINT distributor_agreement_end CHECK " ISODATE("agreement_end") ",\n"
	"  visit_every_days INTEGER NOT NULL DEFAULT 30\n"
	"    CONSTRAINT distributor_visit_every CHECK (visit_every_days BETWEEN 1 AND 366),\n"
	"  notes TEXT NOT NULL DEFAULT '' CONSTRAINT distributor_notes CHECK (length(notes) <= 10000),\n"
	"  sort_key TEXT NOT NULL DEFAULT '',\n"
	"  search_key TEXT NOT NULL DEFAULT '',\n"
	/* Raised by every update; an update names the version it read. */
	"  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),\n"
	STAMPS_UTC_COLUMNS ",\n"
	"  CONSTRAINT distributor_agreement_order CHECK\n"
	"    (agreement_end IS NULL OR agreement_start IS NULL OR agreement_end >= agreement_start),\n"
	"  CONSTRAINT distributor_agreement_needed CHECK (status NOT IN ('active','suspended') OR\n"
	"    (agreement_start IS NOT NULL AND agreement_end IS NOT NULL))\n);\n"
	"INSERT INTO distributors_v2(id, code, name, type, tier, status, contact, phone, address,\n"
	"  territory_id, owner_rep_id, credit_limit_fen, agreement_start, agreement_end,\n"
	"  visit_every_days, notes, sort_key, search_key, version, created_at, updated_at)\n"
	"  SELECT id, code, name, type, tier, status, contact, phone, address, territory_id,\n"
	"  owner_rep_id, credit_limit_fen, agreement_start, agreement_end, visit_every_days, notes,\n"
	"  sort_key, search_key, 1, created_at, updated_at FROM distributors;\n"
	"DROP TABLE distributors;\n"
	"ALTER TABLE distributors_v2 RENAME TO distributors;\n"
	"CREATE INDEX distributors_sort ON distributors(sort_key, id, search_key);\n"
	"CREATE INDEX distributors_tier ON distributors(tier, sort_key, id);\n"
	"CREATE INDEX distributors_status_order ON distributors(" DIST_STATUS_ORDER_V2 ", sort_key, id);\n"
	"CREATE INDEX distributors_territory ON distributors(territory_id);\n"
	"CREATE INDEX distributors_owner ON distributors(owner_rep_id);\n"
	"CREATE INDEX distributors_status ON distributors(status);\n"
	"CREATE INDEX distributors_agreement_end ON distributors(agreement_end);\n"
	"CREATE TRIGGER distributors_stats AFTER INSERT ON distributors BEGIN\n"
	"  INSERT INTO distributor_stats(distributor_id) VALUES (new.id);\n"
	"END;\n"
	"CREATE TRIGGER distributors_total_insert AFTER INSERT ON distributors BEGIN\n"
	"  UPDATE distributor_total SET n = n + 1 WHERE id = 1;\n"
	"END;\n"
	"CREATE TRIGGER distributors_total_delete AFTER DELETE ON distributors BEGIN\n"
	"  UPDATE distributor_total SET n = n - 1 WHERE id = 1;\n"
	"END;\n"

	"CREATE TABLE status_history_v2 (\n" ID
	"  distributor_id INTEGER NOT NULL REFERENCES distributors(id) ON DELETE CASCADE,\n"
	"  from_status TEXT CHECK (from_status IS NULL OR from_status IN " STATUS_VALUES_V2 "),\n"
	"  to_status TEXT NOT NULL CHECK (to_status IN " STATUS_VALUES_V2 "),\n"
	"  changed_at TEXT NOT NULL CHECK " ISODATETIME("changed_at") ",\n"
	"  changed_by TEXT NOT NULL CHECK (length(changed_by) BETWEEN 1 AND 100),\n"
	"  reason TEXT CHECK (reason IS NULL OR reason IN " REASON_VALUES_V2 "),\n"
	"  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),\n"
	STAMPS_UTC_COLUMNS ",\n"
	"  CHECK (to_status <> 'terminated' OR reason IN ('expired','breach','mutual_consent')),\n"
	"  CHECK (to_status <> 'rejected' OR reason IN ('unqualified','incomplete','other'))\n);\n"
	"INSERT INTO status_history_v2 SELECT * FROM status_history;\n"
	"DROP TABLE status_history;\n"
	"ALTER TABLE status_history_v2 RENAME TO status_history;\n"
	"CREATE INDEX status_history_distributor ON status_history(distributor_id, changed_at);\n"

	"ALTER TABLE payments ADD COLUMN invoice_no TEXT REFERENCES amounts_due(invoice_no);\n"
	"UPDATE payments SET invoice_no = (SELECT a.invoice_no FROM amounts_due a\n"
	"  WHERE a.invoice_no = CASE WHEN instr(payments.reference, '/') > 0\n"
	"    THEN substr(payments.reference, 1, instr(payments.reference, '/') - 1)\n"
	"    ELSE payments.reference END\n"
	"  AND a.distributor_id = payments.distributor_id);\n"
	"CREATE INDEX payments_invoice ON payments(invoice_no) WHERE invoice_no IS NOT NULL;\n"

	"ALTER TABLE orders ADD COLUMN ship_date TEXT CHECK " ISODATE("ship_date") ";\n"
	"UPDATE orders SET ship_date = order_date WHERE status IN ('shipped','delivered');\n"
	"CREATE INDEX orders_distributor_ship ON orders(distributor_id, ship_date)\n"
	"  WHERE ship_date IS NOT NULL;\n"

	"CREATE UNIQUE INDEX regions_code_nocase ON regions(code COLLATE NOCASE);\n"
	"CREATE UNIQUE INDEX territories_code_nocase ON territories(code COLLATE NOCASE);\n"
	"CREATE UNIQUE INDEX reps_code_nocase ON reps(code COLLATE NOCASE);\n"
	"CREATE UNIQUE INDEX products_sku_nocase ON products(sku COLLATE NOCASE);\n";

static const char schema_v2_search[] =
	"INSERT INTO distributor_fts(distributor_fts) VALUES ('rebuild');\n";

/* Recomputes every distributor's pinyin sort and search keys with the
 * tables and rules of this build. */
static qd_rc schema_recompute_keys(qd_db *db)
{
	return db_keys_recompute(db);
}

/* clang-format on */

const struct db_migration db_schema_v1[] = {
	{ 1, schema_v1, NULL },
	{ 1, schema_v1_stats_triggers, NULL },
	{ 1, db_schema_fts_triggers, NULL },
	{ 0, NULL, NULL },
};

const struct db_migration db_schema_v2[] = {
	{ 2, schema_v2_tables, NULL },
	{ 2, NULL, schema_recompute_keys },
	{ 2, schema_v2_search, NULL },
	{ 0, NULL, NULL },
};

/* The per-distributor figures of schema 3, as the head office holds them:
 * a rep's database has every row of its distributors, so they are the
 * same. */
static const char schema_v3_kept_copy[] =
	"INSERT OR REPLACE INTO main.distributor_stats SELECT * FROM ho.distributor_stats\n"
	"  WHERE distributor_id IN (SELECT id FROM temp.sync_scope);\n"
	"DELETE FROM main.dist_month;\n"
	"INSERT INTO main.dist_month SELECT * FROM ho.dist_month\n"
	"  WHERE distributor_id IN (SELECT id FROM temp.sync_scope) ORDER BY 1, 2;\n";

static const char *const schema_v3_kept_copied[] = { "distributor_stats", "dist_month", NULL };

const struct db_kept db_schema_v3_kept = {
	db_schema_kept_triggers,     db_schema_kept_drop,   db_schema_kept_rebuild,
	db_schema_kept_checks,	     schema_v3_kept_copy,   db_schema_kept_orders_paused,
	db_schema_kept_orders_added, schema_v3_kept_copied,
};

/* Every set of kept figures, in the order their triggers were made. */
const struct db_kept *const db_kept_sets[] = {
	&db_schema_v3_kept,
	&db_schema_v4_kept,
	&db_schema_v5_kept,
	&db_schema_v6_kept,
	NULL,
};

/* Creates one set's triggers as this connection's TEMP triggers: the same
 * text, which the file held until schema 8. */
static const char kept_from[] = "CREATE TRIGGER ", kept_to[] = "CREATE TEMP TRIGGER ";

/* The first len bytes of a set's trigger text, each trigger made the
 * connection's: how many in *n. */
static char *db_kept_temp_text(const char *text, size_t len, size_t *n)
{
	const char *end = text + len;
	*n = 0;
	for (const char *p = text; (p = strstr(p, kept_from)) && p < end; p += sizeof kept_from - 1)
		(*n)++;
	char *sql = xmalloc(len + *n * (sizeof kept_to - sizeof kept_from) + 1), *o = sql;
	for (const char *p = text;;) {
		const char *q = strstr(p, kept_from);
		if (q && q >= end)
			q = NULL;
		size_t part = q ? (size_t)(q - p) : (size_t)(end - p);
		memcpy(o, p, part);
		o += part;
		if (!q)
			break;
		memcpy(o, kept_to, sizeof kept_to - 1);
		o += sizeof kept_to - 1;
		p = q + sizeof kept_from - 1;
	}
	*o = 0;
	return sql;
}

static qd_rc db_kept_create(qd_db *db, const struct db_kept *k)
{
	int before = db_kept_temp_count(db), in_file = db_trigger_count(db, false);
	size_t n;
	char *sql = db_kept_temp_text(k->triggers, strlen(k->triggers), &n);
	qd_rc rc = db_exec(db, sql);
	free(sql);
	/* Each trigger made in the connection, none in the file: a statement
	 * the rewriting missed would have gone into the file. */
	if (!rc &&
	    (db_kept_temp_count(db) != before + (int)n || db_trigger_count(db, false) != in_file))
		rc = db_fail(db, DB_ERROR, 0,
			     _("Internal error: the kept figures' triggers were not all made."));
	return rc;
}

/* Drops the connection's triggers whose names are LIKE `like` (the names
 * come from this connection's own schema). */
static qd_rc db_temp_drop_triggers(qd_db *db, const char *like)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_handle(db),
			       "SELECT name FROM temp.sqlite_schema WHERE type = 'trigger'"
			       " AND name LIKE ?1 ESCAPE '\\'",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail_sqlite(db, _("Could not read the schema"));
	sqlite3_bind_text(st, 1, like, -1, SQLITE_STATIC);
	int n = 0;
	char **sql = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		sql = xrealloc(sql, (size_t)(n + 1) * sizeof *sql);
		char *q = sqlite3_mprintf("DROP TRIGGER temp.\"%w\"", sqlite3_column_text(st, 0));
		sql[n++] = xstrdup(q);
		sqlite3_free(q);
	}
	sqlite3_finalize(st);
	qd_rc rc = DB_OK;
	for (int i = 0; i < n; i++) {
		if (!rc)
			rc = db_exec(db, sql[i]);
		free(sql[i]);
	}
	free(sql);
	return rc;
}

/* The bulk import of orders' own triggers and list (db_bulk_orders_begin). */
#define BULK_TRIGGERS "bulk\\_%"
static const char bulk_orders_drop[] = "DROP TABLE IF EXISTS temp.bulk_orders";

qd_rc db_kept_install(qd_db *db)
{
	if (db_kept_state(db) == DB_KEPT_ON)
		return DB_OK;
	/* What a bulk import of orders rolled back left of the triggers. */
	if (db_kept_temp_count(db) != 0 &&
	    (db_temp_drop_triggers(db, "%") || db_exec(db, bulk_orders_drop)))
		return db_errcode(db);
	qd_rc rc = db_exec(db, "SAVEPOINT qd_kept");
	for (int i = 0; !rc && db_kept_sets[i]; i++)
		rc = db_kept_create(db, db_kept_sets[i]);
	if (!rc)
		rc = db_exec(db, "RELEASE qd_kept");
	if (rc) {
		sqlite3_exec(db_handle(db), "ROLLBACK TO qd_kept; RELEASE qd_kept", NULL, NULL,
			     NULL);
		return rc;
	}
	db_kept_set_state(db, DB_KEPT_ON);
	return DB_OK;
}

/* Drops every set's triggers: the connection's, or (schema 8's migration)
 * the file's. */
static qd_rc db_kept_drop_all(qd_db *db)
{
	for (int i = 0; db_kept_sets[i]; i++) {
		qd_rc rc = db_exec(db, db_kept_sets[i]->drop);
		if (rc)
			return rc;
	}
	return DB_OK;
}

qd_rc db_kept_forsake(qd_db *db)
{
	qd_rc rc = db_temp_drop_triggers(db, "%");
	if (!rc)
		db_kept_set_state(db, DB_KEPT_ABSENT);
	return rc;
}

qd_rc db_kept_pause(qd_db *db)
{
	if (!db_in_write(db))
		return db_fail(db, DB_ERROR, 0,
			       _("Internal error: the kept figures were paused outside a write."));
	qd_rc rc = db_kept_state(db) == DB_KEPT_ON ? db_kept_drop_all(db) : DB_OK;
	if (!rc)
		db_kept_set_state(db, DB_KEPT_PAUSED);
	return rc;
}

static bool db_kept_listed(const struct db_kept *const *list, const struct db_kept *k)
{
	for (; list && *list; list++)
		if (*list == k)
			return true;
	return false;
}

/* Rebuilds (or copies) each set, then creates its triggers: a set's
 * triggers may watch the figures an earlier set keeps. */
static qd_rc db_kept_remake(qd_db *db, bool copied, const struct db_kept *const *made)
{
	if (db_kept_state(db) != DB_KEPT_PAUSED || !db_in_write(db))
		return db_fail(db, DB_ERROR, 0,
			       _("Internal error: the kept figures were rebuilt without a pause."));
	for (int i = 0; db_kept_sets[i]; i++) {
		const struct db_kept *k = db_kept_sets[i];
		qd_rc rc = db_kept_listed(made, k) ? DB_OK
			   : copied && k->copy	   ? db_exec(db, k->copy)
						   : db_exec(db, k->rebuild);
		if (!rc)
			rc = db_kept_create(db, k);
		if (rc)
			return rc;
	}
	db_kept_set_state(db, DB_KEPT_ON);
	return copied ? DB_OK : db_exec(db, db_schema_fts_rebuild);
}

qd_rc db_kept_resume_copied(qd_db *db, const struct db_kept *const *made)
{
	return db_kept_remake(db, true, made);
}

qd_rc db_kept_resume(qd_db *db)
{
	return db_kept_remake(db, false, NULL);
}

/* ---- a large import of orders ---- */

/* One trigger of set k, by name, made again as the connection's. */
static qd_rc db_kept_create_one(qd_db *db, const struct db_kept *k, const char *name)
{
	static const char end[] = "\nEND;\n";
	char *head = xasprintf("%s%s ", kept_from, name);
	const char *p = strstr(k->triggers, head);
	free(head);
	const char *q = p ? strstr(p, end) : NULL;
	if (!q)
		return db_fail(db, DB_ERROR, 0,
			       _("Internal error: the kept figures' triggers were not all made."));
	size_t n;
	char *sql = db_kept_temp_text(p, (size_t)(q + sizeof end - 1 - p), &n);
	qd_rc rc = db_exec(db, sql);
	free(sql);
	return rc;
}

/* While orders are added in bulk: each new order noted; anything else done
 * to orders and lines, whose figures are not kept meanwhile, refused. */
#define BULK_REFUSAL " during a bulk import of orders"
#define BULK_REFUSE(what) \
	" BEGIN SELECT RAISE(ABORT, 'Internal error: " what BULK_REFUSAL "'); END;\n"
bool db_bulk_refusal(const char *msg)
{
	return msg && strstr(msg, BULK_REFUSAL) != NULL;
}

static const char bulk_orders_on[] =
	"CREATE TEMP TABLE bulk_orders (id INTEGER PRIMARY KEY);\n"
	"CREATE TEMP TRIGGER bulk_orders_note AFTER INSERT ON orders BEGIN\n"
	"  INSERT INTO bulk_orders(id) VALUES (new.id);\nEND;\n"
	"CREATE TEMP TRIGGER bulk_orders_lines BEFORE INSERT ON order_lines\n"
	"  WHEN new.order_id NOT IN (SELECT id FROM temp.bulk_orders)"
	BULK_REFUSE("a line added to an order from before")
	"CREATE TEMP TRIGGER bulk_orders_update BEFORE UPDATE ON orders" BULK_REFUSE("an order changed")
	"CREATE TEMP TRIGGER bulk_orders_delete BEFORE DELETE ON orders" BULK_REFUSE("an order deleted")
	"CREATE TEMP TRIGGER bulk_lines_update BEFORE UPDATE ON order_lines"
	BULK_REFUSE("an order line changed")
	"CREATE TEMP TRIGGER bulk_lines_delete BEFORE DELETE ON order_lines"
	BULK_REFUSE("an order line deleted");

/* Before the write that adds the orders, not in it: a savepoint rolled
 * back in a transaction that changed the schema makes SQLite read the
 * whole schema again, and a file with rejected rows would pay that for
 * each of them. */
qd_rc db_bulk_orders_begin(qd_db *db)
{
	if (db_in_write(db))
		return db_fail(db, DB_ERROR, 0,
			       _("Internal error: a bulk import of orders begun inside a write."));
	qd_rc rc = db_kept_install(db);
	for (int i = 0; !rc && db_kept_sets[i]; i++)
		for (const char *const *n = db_kept_sets[i]->orders_paused; !rc && n && *n; n++) {
			char *sql = xasprintf("DROP TRIGGER temp.\"%s\"", *n);
			rc = db_exec(db, sql);
			free(sql);
		}
	if (!rc)
		rc = db_exec(db, bulk_orders_on);
	/* Half done, the triggers cannot be trusted: the next write clears
	 * them and makes them all again. */
	db_kept_set_state(db, rc ? DB_KEPT_ABSENT : DB_KEPT_ORDERS);
	return rc;
}

/* Each kept set's figures of the orders added, in the sets' order (a set's
 * figures may follow an earlier set's), statement by statement: how far it
 * is goes to db_progress, by the length of the SQL run (what each
 * statement costs is not known beforehand). */
static qd_rc bulk_orders_figures(qd_db *db)
{
	size_t total = 0, done = 0;
	for (int i = 0; db_kept_sets[i]; i++)
		if (db_kept_sets[i]->orders_added)
			total += strlen(db_kept_sets[i]->orders_added);
	for (int i = 0; db_kept_sets[i]; i++) {
		const char *sql = db_kept_sets[i]->orders_added;
		while (sql && *sql) {
			sqlite3_stmt *st;
			const char *tail;
			if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, &tail) != SQLITE_OK)
				return db_fail_sqlite(db, _("Could not update the database"));
			int r = SQLITE_DONE;
			if (st)
				while ((r = sqlite3_step(st)) == SQLITE_ROW)
					;
			sqlite3_finalize(st);
			if (r != SQLITE_DONE)
				return db_fail_sqlite(db, _("Could not update the database"));
			done += (size_t)(tail - sql);
			sql = tail;
			db_progress(_("making the figures"), (double)done / (double)total);
		}
	}
	return DB_OK;
}

qd_rc db_bulk_orders_end(qd_db *db)
{
	if (!db_in_write(db) || db_kept_state(db) != DB_KEPT_ORDERS)
		return db_fail(db, DB_ERROR, 0,
			       _("Internal error: a bulk import of orders ended that was not begun."));
	qd_rc rc = bulk_orders_figures(db);
	if (!rc)
		rc = db_temp_drop_triggers(db, BULK_TRIGGERS);
	if (!rc)
		rc = db_exec(db, bulk_orders_drop);
	for (int i = 0; !rc && db_kept_sets[i]; i++)
		for (const char *const *n = db_kept_sets[i]->orders_paused; !rc && n && *n; n++)
			rc = db_kept_create_one(db, db_kept_sets[i], *n);
	if (rc)
		return rc;
	int before = db_kept_n(db);
	db_kept_set_state(db, DB_KEPT_ON);
	if (db_kept_n(db) != before)
		return db_fail(db, DB_ERROR, 0,
			       _("Internal error: the kept figures' triggers were not all made."));
	return DB_OK;
}

/* Schema 8: the kept figures' triggers leave the file for the connections
 * that write (db_internal.h); guards take their place on every table they
 * watch. */
/* clang-format off */
#define V8_GUARD_ON(t, op, what) \
	"CREATE TRIGGER " t "_by_qudao_" what " BEFORE " op " ON " t \
	" WHEN NOT qudao_writer() BEGIN\n" \
	"  SELECT RAISE(ABORT, 'qudao keeps figures of " t ": change it with qudao');\n" \
	"END;\n"
#define V8_GUARD(t) V8_GUARD_ON(t, "INSERT", "insert") V8_GUARD_ON(t, "UPDATE", "update") \
	V8_GUARD_ON(t, "DELETE", "delete")

static const char schema_v8_guards[] =
	V8_GUARD("distributors") V8_GUARD("distributor_moves") V8_GUARD("territories")
	V8_GUARD("reps") V8_GUARD("products") V8_GUARD("sales_targets") V8_GUARD("orders")
	V8_GUARD("order_lines") V8_GUARD("amounts_due") V8_GUARD("payments") V8_GUARD("visits")
	V8_GUARD("visit_inventory") V8_GUARD("visit_prices") V8_GUARD("incidents")
	V8_GUARD("trainings") V8_GUARD("training_attendance");
/* clang-format on */

static const struct db_migration db_schema_v8[] = {
	{ 8, NULL, db_kept_drop_all },
	{ 8, schema_v8_guards, NULL },
	{ 0, NULL, NULL },
};

/* Schema 9: the amounts due by due date, with what the scorecards read of
 * them: a period still running counts only what has fallen due by today
 * (scoring.c, board_not_due), a few days' rows read by this index alone. */
static const struct db_migration db_schema_v9[] = {
	{ 9, "CREATE INDEX amounts_due_due ON amounts_due(due_date, distributor_id, amount_fen);\n",
	  NULL },
	{ 0, NULL, NULL },
};

/* Schema 10: a device can be forgotten (qudao sync forget): a lost laptop
 * no longer holds back the changes kept until every peer has them, and a
 * bundle it still sends is refused (sync_bundle.c). */
static const struct db_migration db_schema_v10[] = {
	{ 10, "ALTER TABLE sync_devices ADD COLUMN forgotten_at TEXT;\n", NULL },
	{ 0, NULL, NULL },
};

/* Schema 11: rebate rules edited in Setup. A rule's step is an amount of
 * sales (basis 'sales', threshold_fen) or a share of the stretch's target
 * (basis 'achievement', achievement_bp: 10000 = 100 %, threshold_fen 0),
 * the "tiers of achievement"; a category has no target, so such a
 * step has none. An edit checks the version it read (who made it is in
 * change_log: a column of it would set two edits of different fields in
 * conflict when they sync). */
static const struct db_migration db_schema_v11[] = {
	{ 11,
	  "ALTER TABLE rebate_rules ADD COLUMN basis TEXT NOT NULL DEFAULT 'sales'\n"
	  "  CHECK (basis IN ('sales','achievement'));\n"
	  "ALTER TABLE rebate_rules ADD COLUMN achievement_bp INTEGER NOT NULL DEFAULT 0\n"
	  "  CHECK (achievement_bp BETWEEN 0 AND 100000\n"
	  "    AND (basis = 'achievement') = (achievement_bp > 0)\n"
	  "    AND (basis = 'sales' OR category IS NULL));\n"
	  "ALTER TABLE rebate_rules ADD COLUMN version INTEGER NOT NULL DEFAULT 1\n"
	  "  CHECK (version >= 1);\n",
	  NULL },
	{ 0, NULL, NULL },
};

/* Schema 12: the terminations, by distributor, with their dates: the
 * scorecards read when each terminated distributor left in one pass over
 * this index (scoring.c, board_terminations), not a lookup in the whole
 * history for each. to_status is in it although the WHERE fixes it: only
 * then does SQLite read the index alone, without the table's rows. */
static const struct db_migration db_schema_v12[] = {
	{ 12,
	  "CREATE INDEX status_history_terminated\n"
	  "  ON status_history(distributor_id, changed_at, to_status)\n"
	  "  WHERE to_status = 'terminated';\n",
	  NULL },
	{ 0, NULL, NULL },
};

/* Schema 13: order and invoice numbers are found in any case, as codes
 * are: so0000000002 is the order SO0000000002, not a second one (an import
 * added it beside the first, doubling its sales). Not unique: a database
 * may hold two already; the writes refuse a third (ledger_number). */
static const struct db_migration db_schema_v13[] = {
	{ 13,
	  "CREATE INDEX orders_no_nocase ON orders(order_no COLLATE NOCASE);\n"
	  "CREATE INDEX amounts_due_invoice_nocase ON amounts_due(invoice_no COLLATE NOCASE);\n",
	  NULL },
	{ 0, NULL, NULL },
};

/* The versions that only add an index, or columns without REFERENCES:
 * they cannot leave a reference broken, and an upgrade made of them alone
 * skips checking every reference (half a minute on 100,000 distributors).
 * A version not listed is checked. */
const bool db_version_keeps_references[DB_SCHEMA_VERSION + 1] = {
	[9] = true, [10] = true, [11] = true, [12] = true, [13] = true,
};

/* Every version, in the order they run. */
const struct db_migration *const db_migration_sets[] = {
	db_schema_v1,  db_schema_v2,   db_schema_v3,  db_schema_v4, db_schema_v5,
	db_schema_v6,  db_schema_sync, db_schema_v8,  db_schema_v9, db_schema_v10,
	db_schema_v11, db_schema_v12,  db_schema_v13, NULL,
};
