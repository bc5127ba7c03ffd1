/* What the benchmarks that drive the real qudao on a pseudo-terminal share:
 * launching it (QUDAO_BENCH_FRAMES=1 marks the end of every frame with an
 * OSC sequence terminals ignore), sending a key and timing its frame, the
 * samples and their percentiles (and min), quitting and reading the peak
 * memory. A
 * sample is the time from writing the key to reading that mark, so it covers
 * the query, the drawing and the output. Included by one program each. */
#ifndef QUDAO_BENCH_PTY_H
#define QUDAO_BENCH_PTY_H

#include <errno.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char frame_mark[] = "\033]9999;qudao-frame\007";
static int pty_fd;

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Reads the terminal until the end of the next frame. */
static void wait_frame(void)
{
	static char tail[sizeof frame_mark];
	static size_t tail_len;
	char buf[65536 + sizeof frame_mark];
	for (;;) {
		memcpy(buf, tail, tail_len);
		ssize_t n = read(pty_fd, buf + tail_len, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "bench: qudao went away\n");
			exit(1);
		}
		size_t len = tail_len + (size_t)n;
		char *hit = memmem(buf, len, frame_mark, sizeof frame_mark - 1);
		if (hit) {
			/* Whatever follows the mark belongs to later frames. */
			size_t rest = len - (size_t)(hit - buf) - (sizeof frame_mark - 1);
			tail_len = rest < sizeof tail ? rest : 0;
			memcpy(tail, hit + sizeof frame_mark - 1, tail_len);
			return;
		}
		tail_len = len < sizeof frame_mark - 1 ? len : sizeof frame_mark - 1;
		memcpy(tail, buf + len - tail_len, tail_len);
	}
}

/* Sends a key and returns how long its frame took. */
static double key(const char *bytes)
{
	double t0 = now_ms();
	if (write(pty_fd, bytes, strlen(bytes)) < 0) {
		perror("bench: write");
		exit(1);
	}
	wait_frame();
	return now_ms() - t0;
}

struct samples {
	const char *name;
	double v[4096];
	int n;
};

static void add(struct samples *s, double ms)
{
	if (s->n < 4096)
		s->v[s->n++] = ms;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median, sorting the samples. */
static inline double median(struct samples *s)
{
	qsort(s->v, (size_t)s->n, sizeof s->v[0], cmp_double);
	return s->n ? s->v[s->n / 2] : 0;
}

static void report(const char *label, struct samples *s)
{
	if (s->n == 0) {
		printf("%-10s %-18s no samples\n", label, s->name);
		return;
	}
	qsort(s->v, (size_t)s->n, sizeof s->v[0], cmp_double);
	double p50 = s->v[s->n / 2];
	double p95 = s->v[s->n * 95 / 100 < s->n ? s->n * 95 / 100 : s->n - 1];
	double p99 = s->v[s->n * 99 / 100 < s->n ? s->n * 99 / 100 : s->n - 1];
	printf("%-10s %-18s n=%4d  min %7.2f ms  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  max "
	       "%7.2f ms\n",
	       label, s->name, s->n, s->v[0], p50, p95, p99, s->v[s->n - 1]);
}

#define KEY_DOWN  "\033OB"
#define KEY_NPAGE "\033[6~"
#define KEY_HOME  "\033OH"
#define KEY_ESC	  "\033"

/* The terminal's size, and the configuration's home (NULL: the caller's):
 * set before launch. */
static unsigned short pty_rows = 40, pty_cols = 120;
static const char *pty_config;

/* Starts qudao on the pty; returns its pid. */
static pid_t launch(const char *qudao, const char *db)
{
	struct winsize ws = { .ws_row = pty_rows, .ws_col = pty_cols };
	pid_t pid = forkpty(&pty_fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("bench: forkpty");
		exit(1);
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("QUDAO_TODAY", "2026-11-27", 1);
		setenv("QUDAO_BENCH_FRAMES", "1", 1);
		if (pty_config)
			setenv("XDG_CONFIG_HOME", pty_config, 1);
		unsetenv("LC_ALL");
		execl(qudao, "qudao", "--db", db, "--lang", "en", (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Quits qudao and returns its peak resident memory in KiB. */
static long quit(pid_t pid)
{
	if (write(pty_fd, "q", 1) < 0)
		perror("bench: write");
	char buf[4096];
	while (read(pty_fd, buf, sizeof buf) > 0)
		;
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	close(pty_fd);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: qudao did not exit cleanly\n");
		exit(1);
	}
	return ru.ru_maxrss;
}

#endif
