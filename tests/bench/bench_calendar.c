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
	double v[2048];
	int n;
};

static void add(struct samples *s, double ms)
{
	if (s->n < 2048)
		s->v[s->n++] = ms;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(const char *label, struct samples *s)
{
	if (s->n == 0) {
		printf("%-10s %-18s no samples\n", label, s->name);
		return;
	}
	qsort(s->v, (size_t)s->n, sizeof s->v[0], cmp_double);
	double p50 = s->v[s->n * 50 / 100], p95 = s->v[s->n * 95 / 100];
	double p99 = s->v[s->n * 99 / 100 < s->n ? s->n * 99 / 100 : s->n - 1];
	printf("%-10s %-18s n=%4d  min %7.2f ms  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  max "
	       "%7.2f ms\n",
	       label, s->name, s->n, s->v[0], p50, p95, p99, s->v[s->n - 1]);
}

#define KEY_DOWN "\033OB"
#define KEY_HOME "\033OH"
#define KEY_ESC	 "\033"

static pid_t launch(const char *qudao, const char *db, const char *config)
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
		setenv("XDG_CONFIG_HOME", config, 1);
		unsetenv("LC_ALL");
		execl(qudao, "qudao", "--db", db, "--lang", "en", (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void quit(pid_t pid)
{
	if (write(pty_fd, "q", 1) < 0)
		perror("bench: write");
	char buf[4096];
	while (read(pty_fd, buf, sizeof buf) > 0)
		;
	int status;
	waitpid(pid, &status, 0);
	close(pty_fd);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: qudao did not exit cleanly\n");
		exit(1);
	}
}

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
	pid_t pid = launch(argv[1], argv[2], argv[3]);
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
	quit(pid);

	report(label, &enter);
	report(label, &month);
	report(label, &day);
	report(label, &open);
	report(label, &save);
	report(label, &propose);
	report(label, &again);
	return 0;
}
