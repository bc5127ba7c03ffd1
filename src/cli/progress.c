/* A progress bar for long commands, on stderr when it is a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "qudao/cli.h"
#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

static struct timespec cli_progress_last;
static int cli_progress_shown;

/* One width for every bar, so that a stage that follows the rows' bar (an
 * import's figures) keeps its place; less on a narrow terminal. */
enum { BAR_CELLS = 24 };

/* The line "[####....] 42%  text", fitted to the terminal's width (a
 * line that wrapped would start a new one at every redraw), in place of
 * the one shown. */
static void cli_show(double fraction, const char *text)
{
	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	struct winsize ws;
	int cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
	/* On a narrow terminal the bar gives way to the words. */
	int cells = cols - 56 < 6 ? 6 : cols - 56 > BAR_CELLS ? BAR_CELLS : cols - 56;
	int filled = (int)(fraction * cells);
	char bar[BAR_CELLS + 1];
	memset(bar, '#', (size_t)filled);
	memset(bar + filled, '.', (size_t)(cells - filled));
	bar[cells] = '\0';
	char *line = xasprintf("[%s] %3d%%  %s", bar, (int)(fraction * 100), text);
	/* One cell short of the edge: a terminal that wraps at the last
	 * column would move to the next line. */
	char *fit = text_fit(line, cols > 1 ? cols - 1 : 1);
	fprintf(stderr, "\r%s\033[K", fit);
	fflush(stderr);
	free(fit);
	free(line);
	cli_progress_shown = 1;
}

/* The time left (m:ss), from the fraction done and the seconds it took. */
static void cli_eta(double fraction, double elapsed, char eta[32])
{
	long left = fraction > 0.001 ? (long)(elapsed * (1 - fraction) / fraction + 0.5) : -1;
	if (left >= 0)
		snprintf(eta, 32, "%ld:%02ld", left / 60, left % 60);
	else
		snprintf(eta, 32, "-:--");
}

void cli_progress(void *ctx, const char *stage, double fraction)
{
	(void)ctx;
	if (!isatty(STDERR_FILENO))
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - cli_progress_last.tv_sec) * 1000 +
		  (now.tv_nsec - cli_progress_last.tv_nsec) / 1000000;
	if (cli_progress_shown && ms < 50 && fraction < 1.0)
		return;
	cli_progress_last = now;
	cli_show(fraction, stage);
}

void cli_progress_done(void)
{
	if (cli_progress_shown && isatty(STDERR_FILENO)) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	cli_progress_shown = 0;
}

void cli_progress_stage(const char *stage, double fraction, double elapsed)
{
	if (!isatty(STDERR_FILENO))
		return;
	char eta[32];
	cli_eta(fraction, elapsed, eta);
	/* TRANSLATORS: after a progress bar: what is being done, the time
	 * left (minutes:seconds). */
	char *text = xasprintf(_("%s  %s left"), stage, eta);
	cli_show(fraction, text);
	free(text);
}

void cli_progress_rows(long rows, double fraction, double elapsed)
{
	if (!isatty(STDERR_FILENO))
		return;
	char eta[32];
	cli_eta(fraction, elapsed, eta);
	double rate = elapsed > 0 ? (double)rows / elapsed : 0;
	/* TRANSLATORS: after a progress bar: rows done, rows per second, the
	 * time left (minutes:seconds). */
	char *text = xasprintf(_("%ld rows  %.0f rows/s  %s left"), rows, rate, eta);
	cli_show(fraction, text);
	free(text);
}
