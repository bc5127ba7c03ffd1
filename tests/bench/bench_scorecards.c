/* Benchmark: the Scorecards tab driven on a pseudo-terminal, and the report
 * against the sqlite3 shell. It prints figures; it does not judge them.
 *
 *   open         from the distributor list, 4 opens the tab for this quarter
 *                (a new process each time: the board is read from the file)
 *   sort         s moves to the next column's sort; the first sort by change,
 *                code, name or rebate reads what that needs for every row
 *                (sparklines, names, rebates), counted apart as "sort, first"
 *   explain      Enter on a row, until its frame; Esc and Down between
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

/* The sorts the s key steps through: change, code, name and rebate read
 * something for every row the first time. */
static const char *const sort_names[] = { "grade", "score", "change", "code",  "name",	"sales",
					  "paid",  "price", "terr",   "visit", "stock", "serv",
					  "train", "flags", "rebate", "rank" };
enum { NSORTS = sizeof sort_names / sizeof sort_names[0] };

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
	long peak = 0;
	for (int i = 0; i < 7; i++) {
		pid_t pid = launch(qudao, db);
		wait_frame();
		add(&open, key("4"));
		long kib = quit(pid);
		peak = kib > peak ? kib : peak;
	}

	pid_t pid = launch(qudao, db);
	wait_frame();
	key("4");
	for (int round = 0; round < 5; round++)
		for (int k = 0; k < NSORTS; k++) {
			double ms = key("s");
			bool first = round == 0 && (!strcmp(sort_names[k], "change") ||
						    !strcmp(sort_names[k], "code") ||
						    !strcmp(sort_names[k], "name") ||
						    !strcmp(sort_names[k], "rebate"));
			add(first ? &sort_first : &sort, ms);
			if (first)
				printf("%-10s first sort by %-8s %8.2f ms\n", label, sort_names[k],
				       ms);
		}
	for (int i = 0; i < 40; i++) {
		add(&explain, key("\r"));
		key(KEY_ESC);
		key(KEY_DOWN);
	}
	long kib = quit(pid);
	peak = kib > peak ? kib : peak;

	char *report_argv[] = { (char *)qudao, "--db",	  (char *)db, "report", "scorecard",
				"--period",    "2026-Q4", "--format", "csv",	NULL };
	char *shell_argv[] = { "/usr/bin/sqlite3", "-readonly", (char *)db, NULL };
	for (int i = 0; i < 5; i++) {
		add(&cli, run(report_argv, NULL));
		add(&shell, run(shell_argv, raw));
	}

	report(label, &open);
	report(label, &sort);
	report(label, &sort_first);
	report(label, &explain);
	report(label, &cli);
	report(label, &shell);
	double a = median(&cli), b = median(&shell);
	printf("%-10s %-16s %.3f (report / raw aggregate, medians; goal at most 0.2)\n", label,
	       "ratio", b > 0 ? a / b : 0);
	printf("%-10s %-16s %ld KiB\n", label, "peak memory", peak);
	return 0;
}
