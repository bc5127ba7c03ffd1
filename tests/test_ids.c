/* core/ids: random positive 63-bit ids, and series of them from a random
 * base. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qudao/ids.h"
#include "suite.h"

START_TEST(test_ids_are_positive_63_bit)
{
	for (int i = 0; i < 100000; i++) {
		int64_t id = ids_new();
		ck_assert_int_gt(id, 0);
	}
}
END_TEST

START_TEST(test_ids_every_bit_is_a_coin_flip)
{
	/* Of 20,000 draws, each of the 63 bits is set in about half; a counter,
	 * a clock or a stuck bit would be far outside these bounds (14 standard
	 * deviations each way). */
	enum { N = 20000 };
	int set[63] = { 0 };
	for (int i = 0; i < N; i++) {
		int64_t id = ids_new();
		for (int b = 0; b < 63; b++)
			set[b] += (id >> b) & 1;
	}
	for (int b = 0; b < 63; b++)
		ck_assert_msg(set[b] > N / 2 - 1000 && set[b] < N / 2 + 1000, "bit %d set %d times", b,
			      set[b]);
}
END_TEST

/* Forks: the child draws eight ids, the parent eight more, into child and
 * parent; none of the one's is the other's. */
static void fork_draws(int64_t parent[8], int64_t child[8])
{
	int fd[2];
	ck_assert_int_eq(pipe(fd), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int64_t mine[8];
		for (int i = 0; i < 8; i++)
			mine[i] = ids_new();
		_exit(write(fd[1], mine, sizeof mine) == (ssize_t)sizeof mine ? 0 : 1);
	}
	for (int i = 0; i < 8; i++)
		parent[i] = ids_new();
	ck_assert_int_eq(read(fd[0], child, 8 * sizeof *child), (ssize_t)(8 * sizeof *child));
	waitpid(pid, NULL, 0);
	close(fd[0]);
	close(fd[1]);
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8; j++)
			ck_assert_int_ne(parent[i], child[j]);
}

START_TEST(test_ids_of_a_forked_child_differ_from_its_parents)
{
	/* Draw once so the parent holds randomness in memory, then fork: the
	 * child must not hand out the ids the parent will. */
	ids_new();
	int64_t parent[8], child[8];
	fork_draws(parent, child);
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

START_TEST(test_ids_of_a_series_follow_a_random_base)
{
	/* Inside a series one id follows another; each series from a base of
	 * its own, over all 63 bits; outside, random again. */
	int high = 0;
	int64_t last_base = 0;
	for (int s = 0; s < 200; s++) {
		ids_series_begin();
		int64_t base = ids_new();
		ck_assert_int_gt(base, 0);
		ck_assert_int_le(base, INT64_MAX - IDS_SERIES);
		for (int i = 1; i < 50; i++)
			ck_assert_int_eq(ids_new(), base + i);
		ids_series_end();
		ck_assert_int_ne(base, last_base);
		last_base = base;
		high += base > (INT64_C(1) << 62);
	}
	ck_assert_int_gt(high, 50);
	ck_assert_int_lt(high, 150);
	int64_t a = ids_new(), b = ids_new();
	ck_assert(b - a > 1000 || a - b > 1000);
}
END_TEST

START_TEST(test_ids_random_stays_random_inside_a_series)
{
	/* A number drawn again after a duplicate must not be the next of the
	 * series, and drawing it leaves the series where it was. */
	ids_series_begin();
	int64_t base = ids_new();
	int64_t r1 = ids_random(), r2 = ids_random();
	ck_assert_int_gt(r1, 0);
	ck_assert(r2 - r1 > 1000 || r1 - r2 > 1000);
	ck_assert(r1 - base > 1000 || base - r1 > 1000);
	ck_assert_int_eq(ids_new(), base + 1);
	ids_series_end();
}
END_TEST

START_TEST(test_ids_series_nest)
{
	ids_series_begin();
	int64_t base = ids_new();
	ids_series_begin(); /* a write inside the import's */
	ck_assert_int_eq(ids_new(), base + 1);
	ids_series_end();
	ck_assert_int_eq(ids_new(), base + 2);
	ids_series_end();
	ids_series_end(); /* one end too many changes nothing */
	int64_t a = ids_new(), b = ids_new();
	ck_assert(b - a > 1000 || a - b > 1000);
}
END_TEST

START_TEST(test_ids_series_of_a_forked_child_differs_from_its_parents)
{
	ids_series_begin();
	ids_new();
	int64_t parent[8], child[8];
	fork_draws(parent, child);
	ids_series_end();
	/* Each its own series still: one after another. */
	ck_assert_int_eq(child[7] - child[0], 7);
	ck_assert_int_eq(parent[7] - parent[0], 7);
}
END_TEST

SUITE_MAIN("ids", test_ids_are_positive_63_bit, test_ids_every_bit_is_a_coin_flip,
	   test_ids_of_a_forked_child_differ_from_its_parents, test_ids_use_the_high_bits,
	   test_ids_of_a_series_follow_a_random_base, test_ids_random_stays_random_inside_a_series,
	   test_ids_series_nest, test_ids_series_of_a_forked_child_differs_from_its_parents)
