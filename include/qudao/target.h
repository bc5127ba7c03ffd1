/* Sales targets: each distributor's target for a year, a quarter or a
 * month, set from a form, a file or sync through one write function. */
#ifndef QUDAO_TARGET_H
#define QUDAO_TARGET_H

#include <stdbool.h>
#include <stdint.h>

#include "qudao/date.h"
#include "qudao/db.h"

typedef enum {
	TARGET_FIELD_NONE,
	TARGET_FIELD_DISTRIBUTOR,
	TARGET_FIELD_PERIOD,
	TARGET_FIELD_AMOUNT,
} qd_target_field;

struct sales_target {
	int64_t id; /* set by db_target_set */
	int64_t distributor_id;
	qd_period period;
	int64_t amount_fen; /* 0 or more */
};

/* What db_target_set did. */
typedef enum { TARGET_ADDED, TARGET_CHANGED, TARGET_SAME } qd_target_result;

/* Sets the distributor's target for the period inside the caller's write or
 * its own: adds it; or, when the distributor has one for the period with
 * another amount, changes it if replace, else refuses with DB_DUPLICATE. The
 * same amount again changes nothing. An addition or change is logged in the
 * change log as `who`. DB_OK with *result; DB_NOTFOUND (no such
 * distributor); DB_INVALID with db_errfield() a TARGET_FIELD_*; or a
 * database failure. */
qd_rc db_target_set(qd_db *db, struct sales_target *t, bool replace, const char *who,
		    qd_target_result *result);

/* The distributor's target for the period: DB_OK with *found and the amount
 * (0 when not found), or a database failure. */
qd_rc db_target_get(qd_db *db, int64_t distributor_id, qd_period period, int64_t *amount_fen,
		    bool *found);

#endif
