/* FIFO receivables aging. */
#include "qudao/aging.h"

#include <string.h>

#include "qudao/i18n.h"

void aging_compute(const struct aging_due *dues, int n, int64_t pool_fen, qd_date today,
		   struct aging *out, int64_t *open_fen)
{
	memset(out, 0, sizeof *out);
	/* What named payments pay beyond their invoice joins the pool. */
	int64_t left = pool_fen;
	for (int i = 0; i < n; i++)
		if (dues[i].named_fen > dues[i].amount_fen)
			left += dues[i].named_fen - dues[i].amount_fen;
	for (int i = 0; i < n; i++) {
		int64_t amount = dues[i].amount_fen;
		int64_t named = dues[i].named_fen < amount ? dues[i].named_fen : amount;
		int64_t rest = amount - named;
		int64_t covered = left < rest ? left : rest;
		left -= covered;
		int64_t open = rest - covered;
		if (open_fen)
			open_fen[i] = open;
		if (open <= 0)
			continue;
		int late = date_diff(dues[i].due, today);
		int b = late <= 0    ? AGING_NOT_DUE
			: late <= 30 ? AGING_0_30
			: late <= 60 ? AGING_31_60
			: late <= 90 ? AGING_61_90
				     : AGING_OVER_90;
		out->bucket_fen[b] += open;
		out->outstanding_fen += open;
		if (b != AGING_NOT_DUE)
			out->overdue_fen += open;
	}
	out->credit_fen = left;
}

const char *aging_label(int bucket)
{
	static const char *const labels[AGING_BUCKETS] = {
		/* TRANSLATORS: receivables aging buckets, days past due. */
		N_("not yet due"), N_("1-30 days"),    N_("31-60 days"),
		N_("61-90 days"),  N_("over 90 days"),
	};
	return bucket >= 0 && bucket < AGING_BUCKETS ? labels[bucket] : "";
}
