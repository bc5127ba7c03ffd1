/* core/ids: random positive 63-bit ids. */
#include <stdint.h>
#include <stdlib.h>

#include "qudao/ids.h"
#include "suite.h"

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

START_TEST(test_ids_are_positive_63_bit)
{
	for (int i = 0; i < 100000; i++) {
		int64_t id = ids_new();
		ck_assert_int_gt(id, 0);
	}
}
END_TEST

START_TEST(test_ids_unique_over_a_million_draws)
{
	enum { N = 1000000 };
	int64_t *ids = malloc(N * sizeof *ids);
	ck_assert_ptr_nonnull(ids);
	for (int i = 0; i < N; i++)
		ids[i] = ids_new();
	qsort(ids, N, sizeof *ids, cmp_id);
	for (int i = 1; i < N; i++)
		ck_assert_int_ne(ids[i], ids[i - 1]);
	free(ids);
}
END_TEST

START_TEST(test_ids_use_the_high_bits)
{
	/* Random over 63 bits: some of a thousand ids exceed 2^62. */
	int high = 0;
	for (int i = 0; i < 1000; i++)
		high += ids_new() > (INT64_C(1) << 62);
	ck_assert_int_gt(high, 300);
	ck_assert_int_lt(high, 700);
}
END_TEST

SUITE_MAIN("ids", test_ids_are_positive_63_bit, test_ids_unique_over_a_million_draws,
	   test_ids_use_the_high_bits)
