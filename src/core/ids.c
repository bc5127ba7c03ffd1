/* Random ids, drawn from getrandom(2) through a small buffer to keep bulk
 * writers from making a system call per row. The buffer belongs to the
 * process that filled it: a forked child draws its own. */
#include "qudao/ids.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

static uint64_t ids_pool[64];
static size_t ids_left;
static pid_t ids_owner;

static void ids_refill(void)
{
	size_t got = 0;
	while (got < sizeof ids_pool) {
		ssize_t n = getrandom((char *)ids_pool + got, sizeof ids_pool - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "qudao: no randomness for ids: %s\n", strerror(errno));
			abort();
		}
		got += (size_t)n;
	}
	ids_left = sizeof ids_pool / sizeof ids_pool[0];
	ids_owner = getpid();
}

int64_t ids_new(void)
{
	for (;;) {
		if (ids_left == 0 || ids_owner != getpid())
			ids_refill();
		uint64_t v = ids_pool[--ids_left] >> 1;
		if (v != 0)
			return (int64_t)v;
	}
}
