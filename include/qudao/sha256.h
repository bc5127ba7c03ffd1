/* SHA-256 (FIPS 180-4), for the checksum of sync bundles.
 *
 * Ours rather than a library's: the one library that had it (nettle) bound
 * 552 symbols at every start of the program, a sixth of the dynamic loader's
 * work before the first screen, for a function only `sync` uses. The suite
 * checks it against FIPS 180-4's examples and against nettle on random
 * input. */
#ifndef QUDAO_SHA256_H
#define QUDAO_SHA256_H

#include <stddef.h>
#include <stdint.h>

enum { SHA256_SIZE = 32 };

struct sha256 {
	uint32_t h[8];
	uint64_t length; /* bytes hashed so far */
	unsigned char block[64];
	size_t used; /* bytes waiting in block */
};

void sha256_start(struct sha256 *s);
void sha256_add(struct sha256 *s, const void *data, size_t n);
/* Writes the digest; s must be started again before it is used again. */
void sha256_finish(struct sha256 *s, unsigned char digest[SHA256_SIZE]);

#endif
