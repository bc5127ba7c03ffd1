/* The distributor lifecycle, as the company's rules have it:
 * applicant → reviewing (six criteria scored) → active (agreement dates)
 * ⇄ suspended → terminated (reason and note); an applicant or one under
 * review can be rejected (reason and note) and a rejected one reopened as an
 * applicant. Pure rules, no storage. */
#ifndef QUDAO_LIFECYCLE_H
#define QUDAO_LIFECYCLE_H

#include <stddef.h>

#include "qudao/date.h"

typedef enum {
	STATUS_APPLICANT,
	STATUS_REVIEWING,
	STATUS_ACTIVE,
	STATUS_SUSPENDED,
	STATUS_TERMINATED,
	STATUS_REJECTED,
	STATUS_COUNT
} qd_status;

typedef enum {
	REASON_NONE,
	REASON_EXPIRED,
	REASON_BREACH,
	REASON_MUTUAL_CONSENT,
	REASON_PAYMENT,
	REASON_QUALITY,
	REASON_OTHER,
	REASON_UNQUALIFIED,
	REASON_INCOMPLETE,
	REASON_COUNT
} qd_reason;

enum { REVIEW_CRITERIA = 6, REVIEW_MAX = 10 };

/* What a transition asks of the user. */
enum {
	NEED_SCORES = 1,    /* the six qualification scores */
	NEED_AGREEMENT = 2, /* agreement start and end dates */
	NEED_REASON = 4,    /* one of lifecycle_reasons() */
	NEED_NOTE = 8,	    /* a note saying why */
};

/* The stored code ("applicant") and the label to show (an N_() msgid). */
const char *lifecycle_status_code(qd_status s);
const char *lifecycle_status_label(qd_status s);
int lifecycle_status_parse(const char *code, qd_status *out);
const char *lifecycle_reason_code(qd_reason r);
const char *lifecycle_reason_label(qd_reason r);
int lifecycle_reason_parse(const char *code, qd_reason *out);
/* The N_() labels of the six review criteria, in storage order. */
const char *lifecycle_criterion_label(int i);

/* The reasons a move into `to` may give (terminated: expired, breach, mutual
 * consent; suspended: payment, breach, quality, other; rejected: unqualified,
 * incomplete, other). Returns how many. */
int lifecycle_reasons(qd_status to, qd_reason out[REASON_COUNT]);

struct lifecycle_change {
	qd_status from, to;
	qd_reason reason;
	const char *note;
	int scores[REVIEW_CRITERIA]; /* for applicant → reviewing */
	int has_scores;
	qd_date agreement_start, agreement_end; /* the dates after the change */
	int has_agreement;
	qd_date today;
	/* The day the change took effect, when it is recorded later (an
	 * import of a distributor terminated elsewhere); y 0: now. */
	qd_date since;
};

/* Which NEED_* flags the move from → to has; 0 when it is not allowed. */
int lifecycle_needs(qd_status from, qd_status to);

/* Is the change allowed by the rules, with what it needs? Returns 0, or -1
 * with a translated sentence saying why not in why. */
int lifecycle_check(const struct lifecycle_change *c, char *why, size_t n);

#endif
