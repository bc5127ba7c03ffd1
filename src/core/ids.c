/* Random ids, drawn from getrandom(2) through a small buffer to keep bulk
 * writers from making a system call per row. The buffer belongs to the
 * process that filled it: a forked child draws its own.
 *
 * A series (an import's rows) takes one random base and the numbers after
 * it: each id is as likely as a lone draw to meet one made elsewhere, and
 * two laptops' series meet only if their ranges overlap, about (n1 + n2) in
 * 2^63 rather than n1 × n2 in 2^63. What changes is where the rows go: one
 * after another at the end of each table, not each on a page of its own. */
#include "qudao/ids.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static uint64_t ids_pool[64];
static size_t ids_left;
static bool ids_watching; /* the fork handler is registered */
static int ids_series_depth;
static int64_t ids_next, ids_series_limit;

/* A forked child must not hand out the ids its parent will. */
static void ids_forked(void)
{
	ids_left = 0;
	ids_next = ids_series_limit = 0;
}

static void ids_refill(void)
{
	/* Without the handler a forked child would hand out its parent's
	 * ids: as fatal as no randomness. */
	if (!ids_watching && pthread_atfork(NULL, NULL, ids_forked) != 0) {
		fprintf(stderr, "qudao: cannot watch for forks, so ids could repeat\n");
		abort();
	}
	ids_watching = true;
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
}

int64_t ids_random(void)
{
	for (;;) {
		if (ids_left == 0)
			ids_refill();
		uint64_t v = ids_pool[--ids_left] >> 1;
		if (v != 0)
			return (int64_t)v;
	}
}

int64_t ids_new(void)
{
	if (ids_series_depth == 0)
		return ids_random();
	if (ids_next == ids_series_limit) {
		/* A base with room for IDS_SERIES ids before 2^63 - 1. */
		ids_next = 1 + ids_random() % (INT64_MAX - IDS_SERIES);
		ids_series_limit = ids_next + IDS_SERIES;
	}
	return ids_next++;
}

void ids_series_begin(void)
{
	if (ids_series_depth++ == 0)
		ids_next = ids_series_limit = 0;
}

void ids_series_end(void)
{
	if (ids_series_depth > 0 && --ids_series_depth == 0)
		ids_next = ids_series_limit = 0;
}
