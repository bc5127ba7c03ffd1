/* Receivables aging: payments applied to amounts due oldest first; what stays
 * unpaid is put in buckets by days past due. */
#ifndef QUDAO_AGING_H
#define QUDAO_AGING_H

#include <stdint.h>

#include "qudao/date.h"

enum { AGING_NOT_DUE, AGING_0_30, AGING_31_60, AGING_61_90, AGING_OVER_90, AGING_BUCKETS };

struct aging_due {
	qd_date due;
	int64_t amount_fen;
};

struct aging {
	int64_t bucket_fen[AGING_BUCKETS];
	int64_t outstanding_fen; /* all buckets */
	int64_t overdue_fen;	 /* all but not-yet-due */
	int64_t credit_fen;	 /* paid beyond everything due */
};

/* dues must be sorted by due date. today decides the buckets: a due date of
 * today is not yet overdue; one day past is in 0-30. When open_fen is not
 * NULL it receives, per due, what payments leave of it unpaid. */
void aging_compute(const struct aging_due *dues, int n, int64_t paid_fen, qd_date today,
		   struct aging *out, int64_t *open_fen);
/* The N_() label of a bucket. */
const char *aging_label(int bucket);

#endif
