/* The command line: each subcommand is one file under src/cli/ exporting one
 * const struct cli_command, listed in one table in cli.c. */
#ifndef QUDAO_CLI_H
#define QUDAO_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit codes. */
/* Exit codes; CLI_INTERRUPTED as a shell says a command ended by Ctrl-C
 * (128 + SIGINT). */
enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2, CLI_INTERRUPTED = 130 };

/* Options every command shares, parsed by main.c. */
struct cli_global {
	const char *db_path; /* --db, or NULL for the default */
	const char *lang;    /* --lang, or NULL */
	int read_only;	     /* --read-only */
};

struct cli_command {
	const char *name;
	const char *usage;   /* N_() text: the arguments after the name */
	const char *summary; /* N_() text: one line for --help */
	int (*run)(const struct cli_global *g, int argc, char **argv);
};

/* Runs the subcommand named argv[0]; returns an exit code, or -1 when there is
 * no such command. */
int cli_dispatch(const struct cli_global *g, int argc, char **argv);
/* Prints the whole usage (for --help) to stdout. */
void cli_print_help(void);
/* Appends name to the list in buf ("regions, territories"), ", " between;
 * a name with no room left is not appended. */
void cli_list_add(char *buf, size_t size, const char *name);
/* For a command without kinds (demo, check): its usage and summary on
 * stdout, CLI_OK. cli_is_help: --help or -h. */
int cli_command_help(const char *command);
bool cli_is_help(const char *arg);
/* A value of -o: "-" is standard output, as without -o (NULL). */
const char *cli_output_path(const char *value);
/* Prints "qudao: <message>" and the usage line of command (or the program's)
 * to stderr; returns CLI_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints "qudao: <message>" to stderr; returns CLI_FAILED. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A database failure: "qudao: what: message", SQLite's detail (when not
 * empty) on a line of its own. Returns CLI_FAILED. */
int cli_fail_db(const char *what, const char *message, const char *detail);
/* printf to f through the sanitizer (newlines kept): everything the command
 * line prints that holds names, paths or messages goes through here, so an
 * escape sequence in a table name or a path never reaches the terminal. */
void cli_print(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_vprint(FILE *f, const char *fmt, va_list ap);

/* The database path to use: g->db_path, else $XDG_DATA_HOME/qudao/<file>.
 * Nothing is created. NULL with a message when neither XDG_DATA_HOME nor
 * HOME is set. The caller frees it. */
char *cli_default_db_path(const struct cli_global *g, const char *file);
/* Makes the directories above path (0700) when missing, just before a file
 * is created there. 0, or -1 with a message printed. */
int cli_make_parent(const char *path);

/* Progress on a terminal: a bar on stderr, redrawn at most ~20 times a second;
 * nothing when stderr is not a terminal. */
void cli_progress(void *ctx, const char *stage, double fraction);
void cli_progress_done(void);
/* The same bar for work counted in rows: how many so far, the fraction
 * done, the seconds since the start; it shows rows, rows per second and the
 * time left. */
void cli_progress_rows(long rows, double fraction, double elapsed);
/* The same bar for a stage after the rows (an import's figures, its saving):
 * the stage's name and the time left, from the fraction of the whole job
 * done and the seconds since it began. */
void cli_progress_stage(const char *stage, double fraction, double elapsed);

/* The value of key in $XDG_CONFIG_HOME/qudao/config ("key = value" lines, #
 * comments), or NULL. The caller frees it. */
char *cli_config_value(const char *key);

/* The zone visit times are in when the configuration names none. */
#define CLI_DEFAULT_TIME_ZONE "Asia/Shanghai"
/* Whether zone names a zone as the time zone data names it: letters,
 * digits, / _ + -, no ".." and not absolute; and a file of that name. */
bool cli_zone_known(const char *zone);
/* Makes the C library's local time the configured zone (`timezone` in the
 * configuration, default Asia/Shanghai): visit times and today are wall-clock
 * times there, whatever the system's zone (DESIGN.md, "Times"). Returns the
 * zone, or NULL when the system does not know it (the system's zone stays). */
const char *cli_time_zone_init(void);

/* Makes sure the demo database at path exists, building a small one (seed 1,
 * today) when it does not. 0 or -1 with a message printed. */
int cli_demo_ensure(const char *path);

/* A kind of a command that has kinds (report territories, export visits):
 * its name, usage and summary (N_() texts) and what runs it (argv[0] is the
 * kind's name). */
struct cli_kind {
	const char *name;
	const char *usage;
	const char *summary;
	int (*run)(const struct cli_global *g, int argc, char **argv);
};
/* Runs the kind named argv[1] of command (argv[0]) from kinds (NULL-ended);
 * "--help" or no kind lists them; an unknown one is a usage error. */
int cli_kind_dispatch(const char *command, const struct cli_kind *const *kinds,
		      const struct cli_global *g, int argc, char **argv);

extern const struct cli_command cli_check;
extern const struct cli_command cli_demo;
extern const struct cli_command cli_report;
extern const struct cli_command cli_export;
extern const struct cli_command cli_import;

/* The kinds of qudao report. */
extern const struct cli_kind cli_report_territories;
extern const struct cli_kind cli_report_problems;

/* The kinds of export, each in its own file (export_*.c). */
extern const struct cli_kind cli_export_visits;
extern const struct cli_command cli_sync;

/* The kinds of report (report_*.c). */
extern const struct cli_kind cli_report_scorecard;
/* The reports again as export kinds (report_*.c). */
extern const struct cli_kind cli_export_scorecard, cli_export_territory_map,
	cli_export_territory_problems;

#endif
