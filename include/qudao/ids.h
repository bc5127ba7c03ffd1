/* Row ids: random positive 63-bit integers from the kernel's CSPRNG, so that
 * rows made offline on different laptops never collide. */
#ifndef QUDAO_IDS_H
#define QUDAO_IDS_H

#include <stdint.h>

/* How many ids a series takes from one random base before it draws
 * another. */
#define IDS_SERIES (INT64_C(1) << 40)

/* A new id in [1, 2^63 - 1]: random, or the next of a series (below).
 * Aborts if the system has no randomness to give (getrandom failing is not
 * something a caller can handle). One pool and one series per process: not
 * for threads to share. */
int64_t ids_new(void);

/* A random number in [1, 2^63 - 1], even inside a series: for what must be
 * unpredictable or must differ from the last draw (a device's id, a number
 * tried again after a duplicate), not for a row's id. */
int64_t ids_random(void);

/* Between these, ids_new gives a random base, then the ids after it, one
 * by one (a new base after IDS_SERIES of them): a bulk writer's rows are
 * appended to each table and index ordered by id instead of being
 * scattered over it, with the same odds of meeting another laptop's ids
 * (see ids.c). They nest; a forked child begins a series of its own. */
void ids_series_begin(void);
void ids_series_end(void);

#endif
