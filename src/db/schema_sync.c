/* The schema's sync tables: this database's device identity, the log of
 * changes (its own and those it passes on), how far each device's changes
 * are applied here and acknowledged by each peer, the change times of
 * fields, the conflicts, and the decisions about them that travel. */
#include "schema.h"

/* clang-format off */

static const char schema_sync_tables[] =
	/* This database's device: made when the database is first opened for
	 * writing (sync.c), or by provisioning for a rep. */
	"CREATE TABLE sync_self (\n"
	"  one INTEGER PRIMARY KEY CHECK (one = 1),\n"
	"  device_id INTEGER NOT NULL CHECK (device_id > 0),\n"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),\n"
	"  rep_id INTEGER,\n"
	"  parent_id INTEGER,\n"
	"  created_at TEXT NOT NULL,\n"
	/* The last change time this device gave or saw: its next change is
	 * later still, whatever its wall clock says (a hybrid logical clock),
	 * so a change made after seeing another wins over it. */
	"  clock TEXT NOT NULL DEFAULT ''\n);\n"
	/* Every device this one has heard of; peers are those it exchanged
	 * bundles with (or provisioned). */
	"CREATE TABLE sync_devices (\n"
	"  device_id INTEGER PRIMARY KEY CHECK (device_id > 0),\n"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),\n"
	"  rep_id INTEGER,\n"
	"  peer INTEGER NOT NULL DEFAULT 0 CHECK (peer IN (0,1)),\n"
	"  provisioned_at TEXT,\n"
	"  last_export_at TEXT,\n"
	"  last_export_changes INTEGER NOT NULL DEFAULT 0,\n"
	"  last_import_at TEXT,\n"
	"  last_import_changes INTEGER NOT NULL DEFAULT 0,\n"
	/* Snapshots (distributors sent whole) numbered per peer: the last one
	 * sent to it, and the last one from it applied here. */
	"  snapshots_sent INTEGER NOT NULL DEFAULT 0,\n"
	"  snapshot_applied INTEGER NOT NULL DEFAULT 0\n);\n"
	/* The changes: this device's own (origin = its id) as each write
	 * transaction recorded them, and other devices' as applied here, kept
	 * to pass on until every peer has acknowledged them. */
	"CREATE TABLE sync_log (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  origin INTEGER NOT NULL CHECK (origin > 0),\n"
	"  seq INTEGER NOT NULL CHECK (seq > 0),\n"
	"  at TEXT NOT NULL,\n"
	"  by TEXT NOT NULL DEFAULT '',\n"
	"  changes INTEGER NOT NULL CHECK (changes >= 0),\n"
	"  changeset BLOB NOT NULL,\n"
	"  UNIQUE (origin, seq)\n);\n"
	/* How far each device's changes are applied here (this device's own:
	 * its last change). */
	"CREATE TABLE sync_applied (\n"
	"  origin INTEGER PRIMARY KEY CHECK (origin > 0),\n"
	"  seq INTEGER NOT NULL CHECK (seq >= 0)\n);\n"
	/* How far each peer said it has applied each device's changes. */
	"CREATE TABLE sync_acks (\n"
	"  peer INTEGER NOT NULL,\n"
	"  origin INTEGER NOT NULL,\n"
	"  seq INTEGER NOT NULL CHECK (seq >= 0),\n"
	"  PRIMARY KEY (peer, origin)\n) WITHOUT ROWID;\n"
	/* The distributors a rep's device has been given, so one that comes
	 * into its scope later is sent whole; sent in snapshot number
	 * `snapshot`, and known to have arrived once the peer acknowledges it
	 * (a lost bundle's snapshot is sent again). */
	"CREATE TABLE sync_sent (\n"
	"  peer INTEGER NOT NULL,\n"
	"  distributor_id INTEGER NOT NULL,\n"
	"  snapshot INTEGER NOT NULL DEFAULT 0,\n"
	"  delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0,1)),\n"
	"  PRIMARY KEY (peer, distributor_id)\n) WITHOUT ROWID;\n"
	/* The device each distributor that came by sync was made on: a rep's
	 * device keeps hearing about the distributors it added, whoever owns
	 * them. */
	"CREATE TABLE sync_origin (\n"
	"  distributor_id INTEGER PRIMARY KEY,\n"
	"  device INTEGER NOT NULL\n);\n"
	"CREATE INDEX sync_origin_device ON sync_origin(device);\n"
	/* When a field was last changed, and on which device: the later change
	 * wins a conflict. A field without a time was set when its row was
	 * made. */
	"CREATE TABLE sync_clock (\n"
	"  tbl TEXT NOT NULL,\n"
	"  key TEXT NOT NULL,\n"
	"  col TEXT NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  device INTEGER NOT NULL,\n"
	"  PRIMARY KEY (tbl, key, col)\n) WITHOUT ROWID;\n"
	/* Conflicts found when applying another device's changes: the ones the
	 * later change won (kept for review with the losing version), and the
	 * ones not applied until someone decides. */
	"CREATE TABLE sync_conflicts (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  state TEXT NOT NULL CHECK (state IN ('open','resolved')),\n"
	"  kind TEXT NOT NULL CHECK (kind IN\n"
	"    ('overwritten','kept','unique','rule','deleted','missing','held')),\n"
	"  tbl TEXT NOT NULL,\n"
	"  key TEXT NOT NULL,\n"
	"  distributor_id INTEGER,\n"
	"  parent_id INTEGER REFERENCES sync_conflicts(id),\n"
	"  op TEXT NOT NULL CHECK (op IN ('insert','update','delete')),\n"
	"  fields TEXT NOT NULL DEFAULT '[]',\n"
	"  mine TEXT,\n"
	"  theirs TEXT,\n"
	"  mine_at TEXT,\n"
	"  mine_device INTEGER,\n"
	"  theirs_at TEXT NOT NULL,\n"
	"  theirs_device INTEGER NOT NULL,\n"
	"  theirs_by TEXT NOT NULL DEFAULT '',\n"
	"  detail TEXT NOT NULL DEFAULT '',\n"
	"  detected_at TEXT NOT NULL,\n"
	"  resolved_at TEXT,\n"
	"  resolved_by TEXT,\n"
	"  resolution TEXT CHECK (resolution IN ('mine','theirs','edited','elsewhere'))\n);\n"
	"CREATE INDEX sync_conflicts_state ON sync_conflicts(state, id);\n"
	"CREATE INDEX sync_conflicts_row ON sync_conflicts(tbl, key, state);\n"
	"CREATE INDEX sync_conflicts_parent ON sync_conflicts(parent_id);\n"
	/* A decision about a row one side deleted and the other changed; it
	 * travels like any change, so both sides end the same. */
	"CREATE TABLE sync_decisions (\n"
	"  id INTEGER PRIMARY KEY CHECK (id > 0),\n"
	"  tbl TEXT NOT NULL CHECK (length(tbl) BETWEEN 1 AND 64),\n"
	"  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),\n"
	"  decision TEXT NOT NULL CHECK (decision IN ('delete','keep')),\n"
	"  row TEXT CHECK (row IS NULL OR length(row) <= 100000),\n"
	"  decided_at TEXT NOT NULL,\n"
	"  decided_by TEXT NOT NULL DEFAULT ''\n);\n";

/* clang-format on */

const struct db_migration db_schema_sync[] = {
	{ DB_SYNC_SCHEMA_VERSION, schema_sync_tables, NULL },
	{ 0, NULL, NULL },
};
