/* The schema's versions, each a list of steps in its own file (schema.c holds
 * 1, 2 and 8), gathered in the order they run by db_migration_sets in
 * schema.c. A new version is a new file and one line there.
 *
 * Since schema 8 the file's guards refuse a write to a watched table from a
 * connection without the kept-figure triggers, and migrations run before
 * the opening connection makes them: a later migration that writes such a
 * table must make them first (db_kept_install) or pause and rebuild. */
#ifndef QUDAO_DB_SCHEMA_H
#define QUDAO_DB_SCHEMA_H

#include "db_internal.h"

/* Each ends with an entry of version 0. */
extern const struct db_migration db_schema_v1[];
extern const struct db_migration db_schema_v2[];
extern const struct db_migration db_schema_v3[];
extern const struct db_migration db_schema_v4[];
extern const struct db_migration db_schema_v5[];
extern const struct db_migration db_schema_v6[];
/* The sync tables (schema_sync.c). */
enum { DB_SYNC_SCHEMA_VERSION = 7 };
/* The shape of the synchronised tables a bundle carries, which it names as
 * its "schema": raised by a version that adds or changes a synchronised
 * table or column, not by one that only moves triggers (schema 8), so that
 * devices one such version apart still exchange bundles; last raised by
 * schema 11 (the rebate rules' basis, step and version). */
enum { DB_SYNC_DATA_VERSION = 11 };
extern const struct db_migration db_schema_sync[];

/* Schema 1's triggers on visits, payments and amounts due, dropped by 3. */
extern const char db_schema_v1_stats_drop[];

/* The checks of qudao check on schema 3's kept figures: each a query
 * returning (what, distributor, kept, recomputed) for every difference; NULL
 * ends. */
extern const char *const db_schema_kept_checks[];

/* A set of kept figures: the triggers that keep them, their drop, the
 * rebuild from scratch (for bulk loads) and the check queries (as above).
 * A later version that keeps more figures adds its set to db_kept_sets in
 * schema.c; bulk writers and qudao check go through them all. */
struct db_kept {
	const char *triggers, *drop, *rebuild;
	const char *const *checks;
	/* For a set of per-distributor figures: copies them for the
	 * distributors in temp.sync_scope from the database attached as ho
	 * (a rep's new database, sync.h); NULL when they must be rebuilt. */
	const char *copy;
	/* For a large import of orders: the set's triggers on adding orders
	 * and order lines (NULL-ended; NULL when it has none), and what they
	 * would have done for the orders in temp.bulk_orders and their lines,
	 * all at once (db_bulk_orders_end). */
	const char *const *orders_paused;
	const char *orders_added;
	/* The tables copy fills (NULL-ended; NULL when it has no copy, or one
	 * that also makes figures over several distributors): what a rep's
	 * database may take whole from another file where copy ran. */
	const char *const *copied;
};
extern const struct db_kept *const db_kept_sets[];
/* Schema 3's per-distributor figures (schema.c). */
extern const struct db_kept db_schema_v3_kept;
/* Schema 4's kept territory figures (schema_v4.c). */
extern const struct db_kept db_schema_v4_kept;
/* Schema 5's visits per rep and day. */
extern const struct db_kept db_schema_v5_kept;

/* Schema 6's kept figures: the scorecards' periods (schema_v6.c). */
extern const struct db_kept db_schema_v6_kept;
extern const char db_schema_v6_drop[];

#endif
