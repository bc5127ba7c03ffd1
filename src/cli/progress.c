/* A progress bar for long commands, on stderr when it is a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "qudao/cli.h"
#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

static struct timespec cli_progress_last;
static int cli_progress_shown;

/* One width for every bar, so that a stage that follows the rows' bar (an
 * import's figures) keeps its place. */
enum { BAR_CELLS = 24 };

static void cli_bar(char bar[BAR_CELLS + 1], double fraction)
{
	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	int filled = (int)(fraction * BAR_CELLS);
	memset(bar, '#', (size_t)filled);
	memset(bar + filled, '.', (size_t)(BAR_CELLS - filled));
	bar[BAR_CELLS] = '\0';
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
	cli_progress_shown = 1;
	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	char bar[BAR_CELLS + 1];
	cli_bar(bar, fraction);
	char *label = text_fit(stage, 24);
	fprintf(stderr, "\r[%s] %3d%% %s\033[K", bar, (int)(fraction * 100), label);
	free(label);
	fflush(stderr);
}

void cli_progress_done(void)
{
	if (cli_progress_shown && isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	cli_progress_shown = 0;
}

/* Prints the bar and its percentage; the time left (m:ss, or -:-- before
 * anything is done) into eta. Returns the fraction, kept within 0..1. */
static double cli_bar_start(double fraction, double elapsed, char eta[32])
{
	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	char bar[BAR_CELLS + 1];
	cli_bar(bar, fraction);
	long left = fraction > 0.001 ? (long)(elapsed * (1 - fraction) / fraction + 0.5) : -1;
	if (left >= 0)
		snprintf(eta, 32, "%ld:%02ld", left / 60, left % 60);
	else
		snprintf(eta, 32, "-:--");
	fprintf(stderr, "\r[%s] %3d%%  ", bar, (int)(fraction * 100));
	return fraction;
}

void cli_progress_stage(const char *stage, double fraction, double elapsed)
{
	if (!isatty(STDERR_FILENO))
		return;
	char eta[32];
	cli_bar_start(fraction, elapsed, eta);
	char *label = text_fit(stage, 24);
	/* TRANSLATORS: after a progress bar: what is being done, the time
	 * left (minutes:seconds). */
	fprintf(stderr, _("%s  %s left"), label, eta);
	free(label);
	fputs("\033[K", stderr);
	fflush(stderr);
	cli_progress_shown = 1;
}

void cli_progress_rows(long rows, double fraction, double elapsed)
{
	if (!isatty(STDERR_FILENO))
		return;
	char eta[32];
	cli_bar_start(fraction, elapsed, eta);
	double rate = elapsed > 0 ? (double)rows / elapsed : 0;
	/* TRANSLATORS: after a progress bar: rows done, rows per second, the
	 * time left (minutes:seconds). */
	fprintf(stderr, _("%ld rows  %.0f rows/s  %s left"), rows, rate, eta);
	fputs("\033[K", stderr);
	fflush(stderr);
	cli_progress_shown = 1;
}
