/* The schema's versions, each a list of steps in its own file (schema.c holds
 * 1 and 2), gathered in the order they run by db_migration_sets in schema.c.
 * A new version is a new file and one line there. */
#ifndef QUDAO_DB_SCHEMA_H
#define QUDAO_DB_SCHEMA_H

#include "db_internal.h"

/* Each ends with an entry of version 0. */
extern const struct db_migration db_schema_v1[];
extern const struct db_migration db_schema_v2[];
extern const struct db_migration db_schema_v3[];

/* Schema 1's triggers on visits, payments and amounts due, dropped by 3. */
extern const char db_schema_v1_stats_drop[];

/* The checks of qudao check on the kept figures: each a query returning
 * (what, distributor, kept, recomputed) for every difference; NULL ends. */
extern const char *const db_schema_kept_checks[];

#endif
