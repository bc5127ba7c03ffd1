/* core/aging: payments applied oldest first, the rest bucketed by lateness. */
#include "qudao/aging.h"
#include "suite.h"

static const qd_date today = { 2026, 11, 27 };

START_TEST(test_aging_payments_cover_oldest_first)
{
	struct aging_due dues[] = {
		{ { 2026, 7, 31 }, 1000 },  /* 119 days late */
		{ { 2026, 9, 30 }, 2000 },  /* 58 days late */
		{ { 2026, 11, 20 }, 3000 }, /* 7 days late */
		{ { 2026, 12, 31 }, 4000 }, /* not yet due */
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
		{ { 2026, 11, 27 }, 1 },    /* due today: not late */
		{ { 2026, 10, 28 }, 10 },   /* 30 days */
		{ { 2026, 10, 27 }, 100 },  /* 31 days */
		{ { 2026, 8, 29 }, 1000 },  /* 90 days */
		{ { 2026, 8, 28 }, 10000 }, /* 91 days */
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
	struct aging_due dues[] = { { { 2026, 10, 1 }, 500 } };
	struct aging a;
	aging_compute(dues, 1, 800, today, &a, NULL);
	ck_assert_int_eq(a.outstanding_fen, 0);
	ck_assert_int_eq(a.credit_fen, 300);
}
END_TEST

SUITE_MAIN("aging", test_aging_payments_cover_oldest_first, test_aging_bucket_edges,
	   test_aging_overpayment_is_credit)
