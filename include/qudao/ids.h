/* Row ids: random positive 63-bit integers from the kernel's CSPRNG, so that
 * rows made offline on different laptops never collide. */
#ifndef QUDAO_IDS_H
#define QUDAO_IDS_H

#include <stdint.h>

/* A new id in [1, 2^63 - 1]. Aborts if the system has no randomness to give
 * (getrandom failing is not something a caller can handle). */
int64_t ids_new(void);

#endif
