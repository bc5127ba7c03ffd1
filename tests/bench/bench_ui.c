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

static void report(const char *label, struct samples *s)
{
	qsort(s->v, (size_t)s->n, sizeof s->v[0], cmp_double);
	double p50 = s->v[s->n * 50 / 100], p95 = s->v[s->n * 95 / 100];
	double p99 = s->v[s->n * 99 / 100 < s->n ? s->n * 99 / 100 : s->n - 1];
	printf("%-10s %-16s n=%4d  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", label,
	       s->name, s->n, p50, p95, p99, s->v[s->n - 1]);
}

#define KEY_DOWN  "\033OB"
#define KEY_NPAGE "\033[6~"
#define KEY_HOME  "\033OH"
#define KEY_ESC	  "\033"

/* Starts qudao on the pty; returns its pid. */
static pid_t launch(const char *qudao, const char *db)
{
	struct winsize ws = { .ws_row = 40, .ws_col = 120 };
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
