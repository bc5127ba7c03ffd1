/* Benchmark: the territory map (tab 2) of the real qudao on a
 * pseudo-terminal: the map's first draw, switching the metric and the
 * period, moving between cells, opening a territory's panel, and peak
 * memory; then `qudao report territories --format csv` against the sqlite3
 * shell computing the same per-province sales of the period from the raw
 * orders of the same file, both timed in the same run, their ratio, and
 * whether the two agree. It prints figures; it does not judge them.
 *
 * Usage: bench_map QUDAO DB [SQLITE3] [LABEL] */
#include "bench_pty.h"

/* The sales of each province in November 2026 (QUDAO_TODAY's month): orders
 * shipped or delivered then, by the province their distributor's territory
 * lies in, as anyone would write it over the raw rows. */
static const char shell_sql[] = "SELECT p.code, sum(o.total_fen) FROM orders o"
				" JOIN distributors d ON d.id = o.distributor_id"
				" JOIN territories t ON t.id = d.territory_id"
				" LEFT JOIN territories t1 ON t1.id = t.parent_id"
				" LEFT JOIN territories t2 ON t2.id = t1.parent_id"
				" JOIN territories p ON p.id = coalesce(t2.id, t1.id, t.id)"
				" WHERE o.status IN ('shipped','delivered')"
				" AND o.ship_date BETWEEN '2026-11-01' AND '2026-11-30'"
				" GROUP BY p.code ORDER BY p.code;";

/* Runs a command, keeping what it prints in out (size bytes); the time it
 * took in ms, or -1 when it failed. */
static double run(char *const argv[], char *out, size_t size)
{
	int fd[2];
	if (pipe(fd))
		return -1;
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		setenv("QUDAO_TODAY", "2026-11-27", 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	size_t used = 0;
	ssize_t n;
	char sink[65536];
	while ((n = read(fd[0], used + 1 < size ? out + used : sink,
			 used + 1 < size ? size - used - 1 : sizeof sink)) > 0)
		if (used + 1 < size)
			used += (size_t)n;
	out[used] = '\0';
	close(fd[0]);
	int status;
	waitpid(pid, &status, 0);
	double ms = now_ms() - t0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? ms : -1;
}

/* Field i of a CSV line without quoted fields, into out. */
static void csv_field(const char *line, int i, char *out, size_t size)
{
	for (; i > 0 && *line && *line != '\n'; line++)
		i -= *line == ',';
	size_t n = strcspn(line, ",\n");
	snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), line);
}

/* The column named name in the header line, or -1. */
static int csv_column(const char *header, const char *name)
{
	char f[64];
	for (int i = 0; i < 64; i++) {
		csv_field(header, i, f, sizeof f);
		if (!strcmp(f, name))
			return i;
	}
	return -1;
}

/* The provinces' sales in the report's CSV (yuan) and in the shell's lines
 * (code|fen): the same? */
static int same_sales(const char *csv, const char *shell)
{
	int code = csv_column(csv, "code"), level = csv_column(csv, "level");
	int sales = csv_column(csv, "sales"), compared = 0;
	if (code < 0 || level < 0 || sales < 0)
		return 0;
	char *lines = malloc(strlen(shell) + 2);
	sprintf(lines, "\n%s", shell);
	for (const char *line = strchr(csv, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		char c[64], l[32], v[64], want[128];
		csv_field(line + 1, code, c, sizeof c);
		csv_field(line + 1, level, l, sizeof l);
		csv_field(line + 1, sales, v, sizeof v);
		long long yuan = 0, fen = 0;
		if (strcmp(l, "province") || sscanf(v, "%lld.%lld", &yuan, &fen) != 2)
			continue;
		snprintf(want, sizeof want, "\n%s|%lld\n", c, yuan * 100 + fen);
		if (yuan * 100 + fen != 0 && !strstr(lines, want)) {
			free(lines);
			return 0;
		}
		compared++;
	}
	free(lines);
	return compared > 0;
}

static void report_runs(const char *label, const char *name, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	printf("%-10s %-24s n=%d  min %8.1f ms  median %8.1f ms  max %8.1f ms\n", label, name, n,
	       v[0], v[n / 2], v[n - 1]);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_map QUDAO DB [SQLITE3] [LABEL]\n");
		return 2;
	}
	const char *qudao = argv[1], *db = argv[2];
	const char *sqlite3 = argc > 3 && argv[3][0] ? argv[3] : NULL;
	const char *label = argc > 4 ? argv[4] : "";
	static struct samples first = { .name = "map first draw" },
			      metric = { .name = "metric switch" },
			      period = { .name = "period switch" }, move = { .name = "cell move" },
			      panel = { .name = "panel open" };
	long peak = 0;
	for (int i = 0; i < 9; i++) {
		pid_t pid = launch(qudao, db);
		wait_frame();
		add(&first, key("2"));
		long kib = quit(pid);
		peak = kib > peak ? kib : peak;
	}

	pid_t pid = launch(qudao, db);
	wait_frame();
	key("2");
	for (int i = 0; i < 140; i++)
		add(&metric, key(i % 2 ? "M" : "m"));
	/* Every period, years included, again and again. */
	for (int i = 0; i < 120; i++)
		add(&period, key("p"));
	static const char *const moves[] = { "h", "j", "k", "l", "l", "j", "h", "k" };
	for (int i = 0; i < 400; i++)
		add(&move, key(moves[i % 8]));
	/* Panels of several provinces, each closed again. */
	for (int i = 0; i < 30; i++) {
		add(&panel, key("i"));
		key("\033");
		key(moves[i % 8]);
	}
	long kib = quit(pid);
	peak = kib > peak ? kib : peak;
	report(label, &first);
	report(label, &metric);
	report(label, &period);
	report(label, &move);
	report(label, &panel);
	printf("%-10s %-16s %ld KiB\n", label, "peak memory", peak);

	/* The report against the sqlite3 shell on the same file. */
	static char csv[1 << 20], shell[1 << 16];
	char *report_argv[] = { (char *)qudao, "report",   "territories", "--db",
				(char *)db,    "--format", "csv",	  "--period",
				"2026-11",     "--lang",   "en",	  NULL };
	char *shell_argv[] = { (char *)sqlite3, "-readonly", (char *)db, (char *)shell_sql, NULL };
	enum { RUNS = 7 };
	double r[RUNS], s[RUNS];
	for (int i = 0; i < RUNS; i++) {
		r[i] = run(report_argv, csv, sizeof csv);
		if (r[i] < 0) {
			fprintf(stderr, "bench: qudao report territories failed\n");
			return 1;
		}
		if (sqlite3 && (s[i] = run(shell_argv, shell, sizeof shell)) < 0) {
			fprintf(stderr, "bench: the sqlite3 shell failed\n");
			return 1;
		}
	}
	report_runs(label, "report territories csv", r, RUNS);
	if (!sqlite3) {
		printf("%-10s no sqlite3 shell: the comparison is left out\n", label);
		return 0;
	}
	report_runs(label, "sqlite3 shell, raw orders", s, RUNS);
	printf("%-10s report / shell (medians) = %.2f; per-province sales agree: %s\n", label,
	       r[RUNS / 2] / s[RUNS / 2], same_sales(csv, shell) ? "yes" : "NO");
	return 0;
}
