/* Receivables aging: a payment that names an invoice pays that invoice, and
 * everything else (payments naming none, and what a named payment pays beyond
 * its invoice) pays the amounts due oldest first; what stays unpaid is put in
 * buckets by days past due. The result depends only on the payments made,
 * not on the order they were recorded in. */
#ifndef QUDAO_AGING_H
#define QUDAO_AGING_H

#include <stdint.h>

#include "qudao/date.h"

enum { AGING_NOT_DUE, AGING_0_30, AGING_31_60, AGING_61_90, AGING_OVER_90, AGING_BUCKETS };

struct aging_due {
	qd_date due;
	int64_t amount_fen;
	int64_t named_fen; /* what payments naming this invoice paid */
};

struct aging {
	int64_t bucket_fen[AGING_BUCKETS];
	int64_t outstanding_fen; /* all buckets */
	int64_t overdue_fen;	 /* all but not-yet-due */
	int64_t credit_fen;	 /* paid beyond everything due */
};

/* dues must be sorted by due date (then by when they were made). pool_fen is
 * what payments naming no invoice paid. today decides the buckets: a due date
 * of today is not yet overdue; one day past is in 1-30. When open_fen is not
 * NULL it receives, per due, what payments leave of it unpaid. */
void aging_compute(const struct aging_due *dues, int n, int64_t pool_fen, qd_date today,
		   struct aging *out, int64_t *open_fen);
/* The N_() label of a bucket. */
const char *aging_label(int bucket);

#endif
