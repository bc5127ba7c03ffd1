/* Benchmark: drives the real qudao's visit calendar on a pseudo-terminal
 * and prints latency percentiles for what a rep does with it: switching
 * months, moving a day, opening a visit (its record form), proposing next
 * month's plan, and saving a recorded visit. It prints figures; it does not
 * judge them.
 *
 * Usage: bench_calendar QUDAO DB CONFIG_HOME RECORDABLE [LABEL]
 * CONFIG_HOME holds qudao/config naming the rep (user = CODE); the rep has
 * RECORDABLE visits planned today before anything else that day, which the
 * benchmark records one by one.
 *
 * A sample is the time from writing the key to reading the mark qudao puts
 * at the end of each frame when QUDAO_BENCH_FRAMES=1: the query, the
 * drawing and the output. */
#include <errno.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_pty.h"

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: bench_calendar QUDAO DB CONFIG_HOME RECORDABLE [LABEL]\n");
		return 2;
	}
	int recordable = atoi(argv[4]);
	const char *label = argc > 5 ? argv[5] : "";
	static struct samples month = { .name = "month switch" }, day = { .name = "day move" },
			      open = { .name = "open visit" },
			      propose = { .name = "plan proposal" },
			      again = { .name = "proposal again" },
			      save = { .name = "save recorded" },
			      enter = { .name = "calendar tab" };
	pty_config = argv[3];
	pid_t pid = launch(argv[1], argv[2]);
	wait_frame();
	add(&enter, key("3"));
	for (int i = 0; i < 200; i++)
		add(&month, key(i % 4 < 2 ? "]" : "["));
	key("t");
	for (int i = 0; i < 400; i++)
		add(&day, key(i % 8 < 4 ? "l" : "h"));
	key("t");
	/* The day's list, its first visit: the ones planned for this run. */
	key("\t");
	key(KEY_HOME);
	for (int i = 0; i < recordable; i++) {
		add(&open, key("\r"));
		key("b"); /* a preparation note */
		add(&save, key("\r"));
		key(KEY_DOWN);
	}
	/* Next month's plan: the first proposal writes it; the next ones find
	 * it there and add nothing, the cost of reading and planning alone. */
	key(KEY_ESC);
	add(&propose, key("P"));
	for (int i = 0; i < 10; i++)
		add(&again, key("P"));
	(void)quit(pid);

	report(label, &enter);
	report(label, &month);
	report(label, &day);
	report(label, &open);
	report(label, &save);
	report(label, &propose);
	report(label, &again);
	return 0;
}
