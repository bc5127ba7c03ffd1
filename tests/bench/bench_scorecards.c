/* Benchmark: the Scorecards tab driven on a pseudo-terminal, and the report
 * against the sqlite3 shell. It prints figures; it does not judge them.
 *
 *   open         from the distributor list, 4 opens the tab for this quarter
 *                (a new process each time: the board is read from the file;
 *                QUDAO_BENCH_OPEN_PAUSE_MS waits that long on the list first)
 *   sort         s moves to the next column's sort, through every column
 *                five times; each kind's figures are printed (p99 over its
 *                five, the first included: the first sort by change, code,
 *                name or rebate reads what it needs for every row), the
 *                first of each kind also apart ("sort, first"), and all of
 *                them together ("sort, all"); and the first of each kind
 *                again in a new process, 0.3 s after the tab opened (a
 *                user's first look: "sort, first, 0.3 s") and 1.5 s after
 *                ("sort, first, paused"): what they read is read in that
 *                pause, a step at a time, each stopped by a key
 *   explain      Enter on a row, until its frame; Esc and Down between
 *   period       p to the quarter before, then back, five times each: Enter
 *                on the period typed, until its frame (the first switch
 *                reads the quarter before; every later one shows the board
 *                kept from the period shown before); then a year, and
 *                Down every 100 ms while the screen reads ahead for it in
 *                the pauses ("key, reading ahead": how long a key waits
 *                for the step under way)
 *   report       qudao report scorecard --format csv, every distributor
 *   raw          the sqlite3 shell aggregating the same figures from the
 *                ledger (scorecard_raw.sql), on the same file
 *
 * Usage: bench_scorecards QUDAO DB RAW_SQL [LABEL]
 *
 * qudao marks the end of every frame with an OSC sequence terminals ignore
 * when QUDAO_BENCH_FRAMES=1; a sample is the time from writing the key to
 * reading that mark. */
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_pty.h"

/* Runs argv with stdin from `in` (NULL: none) and stdout to /dev/null;
 * returns the milliseconds it took. */
static double run(char *const argv[], const char *in)
{
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench: fork");
		exit(1);
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		int src = in ? open(in, O_RDONLY) : open("/dev/null", O_RDONLY);
		if (null < 0 || src < 0)
			_exit(126);
		dup2(src, 0);
		dup2(null, 1);
		setenv("QUDAO_TODAY", "2026-11-27", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: %s failed\n", argv[0]);
		exit(1);
	}
	return now_ms() - t0;
}

/* The sorts the s key steps through, in the order of the columns: every
 * kind of column (grade, score, change against the period before, code and
 * name, the eight sub-scores, flags, rebate, rank). */
static const char *const sort_names[] = { "grade", "score", "change", "code",  "name",	"sales",
					  "paid",  "price", "terr",   "visit", "stock", "serv",
					  "train", "flags", "rebate", "rank" };
enum { NSORTS = sizeof sort_names / sizeof sort_names[0], SORT_ROUNDS = 5 };

/* Which parts to run: QUDAO_BENCH_PARTS, a list of open, sort, explain,
 * period, report (all when unset), for trying one part by hand. */
static bool part(const char *name)
{
	const char *parts = getenv("QUDAO_BENCH_PARTS");
	return !parts || strstr(parts, name);
}

int main(int argc, char **argv)
{
	pty_cols = 160;
	if (argc < 4) {
		fprintf(stderr, "usage: bench_scorecards QUDAO DB RAW_SQL [LABEL]\n");
		return 2;
	}
	const char *qudao = argv[1], *db = argv[2], *raw = argv[3];
	const char *label = argc > 4 ? argv[4] : "";
	static struct samples open = { .name = "open quarter" }, sort = { .name = "sort" },
			      sort_first = { .name = "sort, first" },
			      explain = { .name = "explain" }, cli = { .name = "report csv" },
			      shell = { .name = "sqlite3 raw" };
	static struct samples by_kind[NSORTS];
	static char kind_names[NSORTS][32];
	double first_ms[NSORTS] = { 0 };
	long peak = 0;
	for (int i = 0; part("open") && i < 7; i++) {
		pid_t pid = launch(qudao, db);
		wait_frame();
		/* A user looks at the list before opening the tab: the pause
		 * QUDAO_BENCH_OPEN_PAUSE_MS asks for (0: none, keys follow). */
		const char *pause = getenv("QUDAO_BENCH_OPEN_PAUSE_MS");
		long ms = pause ? strtol(pause, NULL, 10) : 0;
		if (ms > 0)
			nanosleep(&(struct timespec){ ms / 1000, (ms % 1000) * 1000000L }, NULL);
		add(&open, key("4"));
		long kib = quit(pid);
		peak = kib > peak ? kib : peak;
	}

	if (part("sort") || part("explain")) {
		pid_t pid = launch(qudao, db);
		wait_frame();
		key("4");
		/* Every sort is timed; the first of each kind (which may read
		 * what it needs for every row) also counts apart. */
		for (int round = 0; part("sort") && round < SORT_ROUNDS; round++)
			for (int k = 0; k < NSORTS; k++) {
				double ms = key("s");
				add(round == 0 ? &sort_first : &sort, ms);
				add(&by_kind[k], ms);
				if (round == 0)
					first_ms[k] = ms;
			}
		for (int i = 0; part("explain") && i < 40; i++) {
			add(&explain, key("\r"));
			key(KEY_ESC);
			key(KEY_DOWN);
		}
		long kib = quit(pid);
		peak = kib > peak ? kib : peak;
	}

	/* The same first sorts 0.3 s, then a second and a half, after the tab
	 * opened, as a user who looked at the ranking first: what the first
	 * sorts read is read in that pause (the screen's idle steps). */
	static struct samples paused = { .name = "sort, first, paused" },
			      glance = { .name = "sort, first, 0.3 s" };
	for (int pass = 0; part("sort") && pass < 2; pass++) {
		pid_t pid = launch(qudao, db);
		wait_frame();
		key("4");
		nanosleep(&(struct timespec){ pass ? 1 : 0, (pass ? 500 : 300) * 1000000 }, NULL);
		for (int k = 0; k < NSORTS; k++)
			add(pass ? &paused : &glance, key("s"));
		long kib = quit(pid);
		peak = kib > peak ? kib : peak;
	}

	/* p, the period typed a key at a time, then Enter timed. */
	static struct samples period_read = { .name = "period, read" },
			      period_back = { .name = "period, back" },
			      ahead = { .name = "key, reading ahead" };
	if (part("period")) {
		pid_t pid = launch(qudao, db);
		wait_frame();
		key("4");
		static const char *const periods[] = { "2026-Q3", "2026-Q4" };
		for (int i = 0; i < 10; i++) {
			key("p");
			key("\x15"); /* Ctrl-U: what was typed before */
			for (const char *c = periods[i % 2]; *c; c++)
				key((char[]){ *c, 0 });
			add(i == 0 ? &period_read : &period_back, key("\r"));
		}
		key("p");
		key("\x15");
		for (const char *c = "2026"; *c; c++)
			key((char[]){ *c, 0 });
		key("\r");
		for (int i = 0; i < 30; i++) {
			nanosleep(&(struct timespec){ 0, 100 * 1000000 }, NULL);
			add(&ahead, key(KEY_DOWN));
		}
		long kib = quit(pid);
		peak = kib > peak ? kib : peak;
	}

	char *report_argv[] = { (char *)qudao, "--db",	  (char *)db, "report", "scorecard",
				"--period",    "2026-Q4", "--format", "csv",	NULL };
	char *shell_argv[] = { "/usr/bin/sqlite3", "-readonly", (char *)db, NULL };
	for (int i = 0; part("report") && i < 5; i++) {
		add(&cli, run(report_argv, NULL));
		add(&shell, run(shell_argv, raw));
	}

	for (int k = 0; part("sort") && k < NSORTS; k++) {
		snprintf(kind_names[k], sizeof kind_names[k], "sort by %s", sort_names[k]);
		by_kind[k].name = kind_names[k];
		printf("%-10s first sort by %-8s %8.2f ms\n", label, sort_names[k], first_ms[k]);
	}
	for (int k = 0; part("sort") && k < NSORTS; k++)
		report(label, &by_kind[k]);
	/* Every sort, the first of each kind included. */
	static struct samples all = { .name = "sort, all" };
	for (int k = 0; k < NSORTS; k++)
		for (int i = 0; i < by_kind[k].n; i++)
			add(&all, by_kind[k].v[i]);
	report(label, &open);
	report(label, &sort);
	report(label, &sort_first);
	report(label, &glance);
	report(label, &paused);
	report(label, &all);
	report(label, &explain);
	report(label, &period_read);
	report(label, &period_back);
	report(label, &ahead);
	report(label, &cli);
	report(label, &shell);
	/* The most any screen process held (two boards with period). */
	printf("%-10s %-16s %ld KiB\n", label, "peak memory", peak);
	if (!part("report"))
		return 0;
	double a = median(&cli), b = median(&shell);
	printf("%-10s %-16s %.3f (report / raw aggregate, medians; goal at most 0.2)\n", label,
	       "ratio", b > 0 ? a / b : 0);
	return 0;
}
