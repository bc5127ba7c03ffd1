/* A small seeded generator (xoshiro256**) for repeatable demo data. Not for ids
 * of real records: those come from ids_new(). */
#ifndef QUDAO_RNG_H
#define QUDAO_RNG_H

#include <stdint.h>

typedef struct {
	uint64_t s[4];
} qd_rng;

void rng_seed(qd_rng *r, uint64_t seed);
uint64_t rng_next(qd_rng *r);
/* Uniform in [0, n) (n > 0). */
uint64_t rng_below(qd_rng *r, uint64_t n);
/* Uniform in [lo, hi]. */
int64_t rng_range(qd_rng *r, int64_t lo, int64_t hi);
/* 1 with probability percent/100. */
int rng_chance(qd_rng *r, int percent);
/* Index drawn with the given weights (sum > 0). */
int rng_weighted(qd_rng *r, const int *weights, int n);

#endif
