/* core/aging: payments applied oldest first, the rest bucketed by lateness. */
#include "qudao/aging.h"
#include "suite.h"

static const qd_date today = { 2026, 11, 27 };

START_TEST(test_aging_payments_cover_oldest_first)
{
	struct aging_due dues[] = {
		{ { 2026, 7, 31 }, 1000, 0 },  /* 119 days late */
		{ { 2026, 9, 30 }, 2000, 0 },  /* 58 days late */
		{ { 2026, 11, 20 }, 3000, 0 }, /* 7 days late */
		{ { 2026, 12, 31 }, 4000, 0 }, /* not yet due */
	};
	struct aging a;
	int64_t open[4];
	aging_compute(dues, 4, 1500, today, &a, open);
	ck_assert_int_eq(open[0], 0);
	ck_assert_int_eq(open[1], 1500);
	ck_assert_int_eq(open[3], 4000);
	ck_assert_int_eq(a.bucket_fen[AGING_OVER_90], 0);
	ck_assert_int_eq(a.bucket_fen[AGING_31_60], 1500);
	ck_assert_int_eq(a.bucket_fen[AGING_0_30], 3000);
	ck_assert_int_eq(a.bucket_fen[AGING_NOT_DUE], 4000);
	ck_assert_int_eq(a.outstanding_fen, 8500);
	ck_assert_int_eq(a.overdue_fen, 4500);
	ck_assert_int_eq(a.credit_fen, 0);
}
END_TEST

START_TEST(test_aging_bucket_edges)
{
	struct aging_due dues[] = {
		{ { 2026, 11, 27 }, 1, 0 },    /* due today: not late */
		{ { 2026, 10, 28 }, 10, 0 },   /* 30 days */
		{ { 2026, 10, 27 }, 100, 0 },  /* 31 days */
		{ { 2026, 8, 29 }, 1000, 0 },  /* 90 days */
		{ { 2026, 8, 28 }, 10000, 0 }, /* 91 days */
	};
	struct aging a;
	aging_compute(dues, 5, 0, today, &a, NULL);
	ck_assert_int_eq(a.bucket_fen[AGING_NOT_DUE], 1);
	ck_assert_int_eq(a.bucket_fen[AGING_0_30], 10);
	ck_assert_int_eq(a.bucket_fen[AGING_31_60], 100);
	ck_assert_int_eq(a.bucket_fen[AGING_61_90], 1000);
	ck_assert_int_eq(a.bucket_fen[AGING_OVER_90], 10000);
}
END_TEST

START_TEST(test_aging_overpayment_is_credit)
{
	struct aging_due dues[] = { { { 2026, 10, 1 }, 500, 0 } };
	struct aging a;
	aging_compute(dues, 1, 800, today, &a, NULL);
	ck_assert_int_eq(a.outstanding_fen, 0);
	ck_assert_int_eq(a.credit_fen, 300);
}
END_TEST

START_TEST(test_aging_named_payment_pays_its_own_invoice)
{
	/* The payment names the newer invoice: it pays that one, not the oldest,
	 * so the invoice and its own payment never contradict each other. */
	struct aging_due dues[] = {
		{ { 2026, 9, 30 }, 1000, 0 },
		{ { 2026, 10, 31 }, 2000, 2000 },
	};
	struct aging a;
	int64_t open[2];
	aging_compute(dues, 2, 0, today, &a, open);
	ck_assert_int_eq(open[0], 1000);
	ck_assert_int_eq(open[1], 0);
	ck_assert_int_eq(a.outstanding_fen, 1000);
	ck_assert_int_eq(a.bucket_fen[AGING_31_60], 1000);
}
END_TEST

START_TEST(test_aging_named_overpayment_pays_the_oldest)
{
	/* 2500 naming the second invoice: 2000 pays it, 500 goes to the oldest. */
	struct aging_due dues[] = {
		{ { 2026, 9, 30 }, 1000, 0 },
		{ { 2026, 10, 31 }, 2000, 2500 },
	};
	struct aging a;
	int64_t open[2];
	aging_compute(dues, 2, 0, today, &a, open);
	ck_assert_int_eq(open[0], 500);
	ck_assert_int_eq(open[1], 0);
	ck_assert_int_eq(a.credit_fen, 0);
}
END_TEST

START_TEST(test_aging_buckets_add_up_to_the_open_invoices)
{
	struct aging_due dues[] = {
		{ { 2026, 6, 30 }, 700, 100 },
		{ { 2026, 8, 31 }, 900, 0 },
		{ { 2026, 10, 31 }, 1100, 1100 },
		{ { 2026, 12, 31 }, 1300, 0 },
	};
	struct aging a;
	int64_t open[4], sum = 0, buckets = 0;
	aging_compute(dues, 4, 650, today, &a, open);
	for (int i = 0; i < 4; i++)
		sum += open[i];
	for (int b = 0; b < AGING_BUCKETS; b++)
		buckets += a.bucket_fen[b];
	ck_assert_int_eq(open[0], 0);
	ck_assert_int_eq(open[1], 850);
	ck_assert_int_eq(sum, a.outstanding_fen);
	ck_assert_int_eq(buckets, a.outstanding_fen);
}
END_TEST

SUITE_MAIN("aging", test_aging_payments_cover_oldest_first, test_aging_bucket_edges,
	   test_aging_named_payment_pays_its_own_invoice,
	   test_aging_named_overpayment_pays_the_oldest,
	   test_aging_buckets_add_up_to_the_open_invoices, test_aging_overpayment_is_credit)
