/* Benchmark: drives the real qudao on a pseudo-terminal over a database and
 * prints latency percentiles for what a rep does all day (first screen, cursor
 * down, page down, a search keystroke, a sort change, opening a detail) and
 * the process's peak memory. It prints figures; it does not judge them.
 *
 * Usage: bench_ui QUDAO DB [LABEL]
 *
 * qudao marks the end of every frame with an OSC sequence terminals ignore
 * when QUDAO_BENCH_FRAMES=1; a sample is the time from writing the key to
 * reading that mark, so it covers the query, the drawing and the output. */
#include "bench_pty.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_ui QUDAO DB [LABEL]\n");
		return 2;
	}
	const char *label = argc > 3 ? argv[3] : "";
	static struct samples first = { .name = "first screen" }, down = { .name = "cursor down" },
			      page = { .name = "page down" }, search = { .name = "search key" },
			      sort = { .name = "sort change" }, detail = { .name = "open detail" },
			      sort_to = { .name = "sort terr/owner" },
			      page_to = { .name = "page terr/owner" };
	long peak = 0;
	for (int i = 0; i < 9; i++) {
		double t0 = now_ms();
		pid_t pid = launch(argv[1], argv[2]);
		wait_frame();
		add(&first, now_ms() - t0);
		long kib = quit(pid);
		peak = kib > peak ? kib : peak;
	}

	pid_t pid = launch(argv[1], argv[2]);
	wait_frame();
	for (int i = 0; i < 400; i++)
		add(&down, key(KEY_DOWN));
	for (int i = 0; i < 150; i++)
		add(&page, key(KEY_NPAGE));
	key(KEY_HOME);

	static const char *const queries[] = { "gzth",	 "guangzhou", "138",  "成都",  "gd-00",
					       "广州th", "zzzz",      "hzxh", "13912", "sc-01" };
	key("/");
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		/* One character at a time, as typed; a Chinese character arrives whole. */
		const char *p = queries[q];
		while (*p) {
			char one[8] = { 0 };
			size_t n = 1;
			while (((unsigned char)p[n] & 0xC0) == 0x80)
				n++;
			memcpy(one, p, n);
			add(&search, key(one));
			p += n;
		}
		add(&search, key("\025")); /* Ctrl-U clears the query */
	}
	key(KEY_ESC);

	/* From the name sort, s goes to tier, status, territory, owner, last
	 * visit, code and name again. */
	for (int i = 0; i < 14; i++) {
		double ms = key("s");
		add(&sort, ms);
		if (i % 7 == 2 || i % 7 == 3) {
			add(&sort_to, ms);
			/* Windows read in the territory (then owner) order. */
			for (int k = 0; k < 25; k++)
				add(&page_to, key(KEY_NPAGE));
			key(KEY_HOME);
		}
	}
	key(KEY_HOME);

	for (int i = 0; i < 40; i++) {
		add(&detail, key("\r"));
		key(KEY_ESC);
		key(KEY_DOWN);
	}
	long kib = quit(pid);
	peak = kib > peak ? kib : peak;

	report(label, &first);
	report(label, &down);
	report(label, &page);
	report(label, &search);
	report(label, &sort);
	report(label, &sort_to);
	report(label, &page_to);
	report(label, &detail);
	printf("%-10s %-16s %ld KiB\n", label, "peak memory", peak);
	return 0;
}
