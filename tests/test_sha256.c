/* core/sha256: FIPS 180-4's examples, and agreement with nettle's SHA-256 on
 * random input fed in random pieces. */
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/rng.h"
#include "qudao/sha256.h"
#include "suite.h"

static void hex(const unsigned char *d, char out[2 * SHA256_SIZE + 1])
{
	for (int i = 0; i < SHA256_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check(const void *data, size_t n, const char *want)
{
	struct sha256 s;
	unsigned char d[SHA256_SIZE];
	char got[2 * SHA256_SIZE + 1];
	sha256_start(&s);
	sha256_add(&s, data, n);
	sha256_finish(&s, d);
	hex(d, got);
	ck_assert_str_eq(got, want);
}

START_TEST(test_sha256_fips_examples)
{
	check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* An empty payload comes as NULL (a bundle with no change). */
	check(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	check(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	enum { MILLION = 1000000 };
	char *a = malloc(MILLION);
	ck_assert_ptr_nonnull(a);
	memset(a, 'a', MILLION);
	check(a, MILLION, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}
END_TEST

START_TEST(test_sha256_lengths_around_the_padding)
{
	/* 55, 56 and 64 bytes: the length fits in the last block or needs
	 * another. */
	check("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55,
	      "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	check("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 56,
	      "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	check("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 64,
	      "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}
END_TEST

START_TEST(test_sha256_agrees_with_nettle_in_pieces)
{
	qd_rng r;
	rng_seed(&r, 180);
	static unsigned char buf[5000];
	for (int round = 0; round < 500; round++) {
		size_t n = (size_t)rng_below(&r, sizeof buf + 1);
		for (size_t i = 0; i < n; i++)
			buf[i] = (unsigned char)rng_next(&r);
		struct sha256 s;
		sha256_start(&s);
		/* Fed in random pieces, some empty, some across blocks. */
		for (size_t at = 0; at < n;) {
			size_t piece = (size_t)rng_below(&r, 150);
			piece = piece > n - at ? n - at : piece;
			sha256_add(&s, buf + at, piece);
			at += piece;
		}
		unsigned char ours[SHA256_SIZE], theirs[SHA256_DIGEST_SIZE];
		sha256_finish(&s, ours);
		struct sha256_ctx ctx;
		sha256_init(&ctx);
		sha256_update(&ctx, n, buf);
		sha256_digest(&ctx, sizeof theirs, theirs);
		ck_assert_msg(!memcmp(ours, theirs, SHA256_SIZE), "round %d, %zu bytes", round, n);
	}
}
END_TEST

SUITE_MAIN("sha256", test_sha256_fips_examples, test_sha256_lengths_around_the_padding,
	   test_sha256_agrees_with_nettle_in_pieces)
