/* The subcommand table, usage and error output, default paths and config. */
#include "qudao/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

/* A message's translation; "" stays "" (gettext gives the catalogue's
 * header for it). */
static const char *cli_tr(const char *s)
{
	return s && *s ? _(s) : "";
}

static const struct cli_command *const cli_commands[] = {
	&cli_demo, &cli_check, &cli_report, &cli_import, &cli_export, &cli_sync,
};
enum { CLI_NCOMMANDS = sizeof cli_commands / sizeof cli_commands[0] };

static const struct cli_command *cli_find(const char *name)
{
	for (size_t i = 0; i < CLI_NCOMMANDS; i++)
		if (!strcmp(cli_commands[i]->name, name))
			return cli_commands[i];
	return NULL;
}

int cli_dispatch(const struct cli_global *g, int argc, char **argv)
{
	const struct cli_command *c = cli_find(argv[0]);
	if (!c)
		return -1;
	return c->run(g, argc, argv);
}

static void cli_print_usage_lines(FILE *f)
{
	fprintf(f, _("Usage: qudao [--db PATH] [--lang zh|en] [--demo] [--read-only]\n"));
	for (size_t i = 0; i < CLI_NCOMMANDS; i++)
		fprintf(f, "       qudao %s %s\n", cli_commands[i]->name,
			cli_tr(cli_commands[i]->usage));
}

void cli_print_help(void)
{
	printf(_("qudao — distributor management in the terminal.\n\n"));
	cli_print_usage_lines(stdout);
	printf(_("\nWith no command, qudao opens the full-screen interface.\n\nCommands:\n"));
	for (size_t i = 0; i < CLI_NCOMMANDS; i++)
		printf("  %-8s %s\n", cli_commands[i]->name, _(cli_commands[i]->summary));
	printf(_("\nOptions:\n"
		 "  --db PATH      the database file (default $XDG_DATA_HOME/qudao/qudao.db)\n"
		 "  --lang zh|en   the language of the interface and messages\n"
		 "  --demo         open the demo database, building it first if missing\n"
		 "  --read-only    open the database without changing anything in it\n"
		 "  --help         show this help\n"
		 "  --version      show the version\n"
		 "\nEnvironment:\n"
		 "  QUDAO_TODAY=YYYY-MM-DD   fix the date qudao takes as today\n"
		 "\nThe manual page (man qudao) covers every command, option, key and file, "
		 "and the columns each import reads.\n"));
}

void cli_vprint(FILE *f, const char *fmt, va_list ap)
{
	char *raw = xvasprintf(fmt, ap);
	char *clean = text_sanitize_lines(raw);
	fputs(clean, f);
	free(clean);
	free(raw);
}

void cli_print(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cli_vprint(f, fmt, ap);
	va_end(ap);
}

/* "qudao: <message>" on stderr, sanitized to one line: a newline in a
 * name or a path the user gave (quoted in the message) would otherwise
 * start a line that looks like another message. */
static void cli_vmessage(const char *fmt, va_list ap)
{
	char *raw = xvasprintf(fmt, ap);
	char *clean = text_sanitize(raw);
	fprintf(stderr, "qudao: %s\n", clean);
	free(clean);
	free(raw);
}

int cli_kind_dispatch(const char *command, const struct cli_kind *const *kinds,
		      const struct cli_global *g, int argc, char **argv)
{
	(void)g;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		FILE *f = argc < 2 ? stderr : stdout;
		fprintf(f, _("Usage: qudao %s KIND [options]\n\nKinds:\n"), command);
		/* The summaries line up after the longest name
		 * ("territory-problems"); a kind without options has no space
		 * after its name. */
		int w = 0;
		for (int i = 0; kinds[i]; i++)
			if ((int)strlen(kinds[i]->name) > w)
				w = (int)strlen(kinds[i]->name);
		for (int i = 0; kinds[i]; i++) {
			const char *usage = cli_tr(kinds[i]->usage);
			fprintf(f, "  %-*s %s\n      qudao %s %s%s%s\n", w, kinds[i]->name,
				_(kinds[i]->summary), command, kinds[i]->name, usage[0] ? " " : "",
				usage);
		}
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	bool help = argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));
	for (int i = 0; kinds[i]; i++) {
		if (strcmp(kinds[i]->name, argv[1]))
			continue;
		if (help) {
			const char *usage = cli_tr(kinds[i]->usage);
			if (usage[0])
				printf(_("Usage: qudao %s %s %s\n"), command, kinds[i]->name,
				       usage);
			else
				printf(_("Usage: qudao %s %s\n"), command, kinds[i]->name);
			printf("  %s\n", _(kinds[i]->summary));
			return CLI_OK;
		}
		return kinds[i]->run(g, argc - 1, argv + 1);
	}
	char known[512] = "";
	for (int i = 0; kinds[i]; i++)
		cli_list_add(known, sizeof known, kinds[i]->name);
	return cli_usage_error(command, _("Unknown kind \"%s\"; the kinds are %s."), argv[1],
			       known);
}

void cli_list_add(char *buf, size_t size, const char *name)
{
	size_t used = strlen(buf);
	if (used + strlen(name) + 3 <= size)
		snprintf(buf + used, size - used, "%s%s", used ? ", " : "", name);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cli_vmessage(fmt, ap);
	va_end(ap);
	const struct cli_command *c = command ? cli_find(command) : NULL;
	if (c)
		fprintf(stderr, _("Usage: qudao %s %s\n"), c->name, cli_tr(c->usage));
	else
		cli_print_usage_lines(stderr);
	fprintf(stderr, _("Run \"qudao --help\" for more.\n"));
	return CLI_USAGE;
}

int cli_command_help(const char *command)
{
	const struct cli_command *c = cli_find(command);
	printf(_("Usage: qudao %s %s\n"), c->name, cli_tr(c->usage));
	printf("  %s\n", _(c->summary));
	return CLI_OK;
}

bool cli_is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

const char *cli_output_path(const char *value)
{
	return strcmp(value, "-") ? value : NULL;
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cli_vmessage(fmt, ap);
	va_end(ap);
	return CLI_FAILED;
}

int cli_fail_db(const char *what, const char *message, const char *detail)
{
	/* What failed, then why, joined as the language joins them (：). */
	char *said = what ? xasprintf(_("%s: %s"), what, message) : xstrdup(message);
	int rc = cli_fail("%s", said);
	free(said);
	if (detail && *detail) {
		/* On a line of its own, under the message. */
		char *clean = text_sanitize(detail);
		fprintf(stderr, "  (%s)\n", clean);
		free(clean);
	}
	return rc;
}

/* $XDG_<kind>_HOME or $HOME/<fallback>, plus "/qudao", made 0700 when missing. */
static char *cli_xdg_dir(const char *var, const char *fallback)
{
	const char *base = getenv(var);
	char *dir;
	if (base && base[0] == '/') {
		dir = xasprintf("%s/qudao", base);
	} else {
		const char *home = getenv("HOME");
		if (!home || !*home)
			return NULL;
		dir = xasprintf("%s/%s/qudao", home, fallback);
	}
	return dir;
}

static int cli_mkdirs(char *dir)
{
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(dir, 0700);
		*p = '/';
		if (rc && errno != EEXIST)
			return -1;
	}
	return mkdir(dir, 0700) && errno != EEXIST ? -1 : 0;
}

char *cli_default_db_path(const struct cli_global *g, const char *file)
{
	if (g->db_path)
		return xstrdup(g->db_path);
	char *dir = cli_xdg_dir("XDG_DATA_HOME", ".local/share");
	if (!dir) {
		cli_fail(_("Neither XDG_DATA_HOME nor HOME is set; give the database with --db "
			   "PATH."));
		return NULL;
	}
	char *path = xasprintf("%s/%s", dir, file);
	free(dir);
	return path;
}

int cli_make_parent(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int rc = 0;
	if (slash && slash != dir) {
		*slash = '\0';
		if (cli_mkdirs(dir)) {
			cli_fail(_("Cannot create the directory %s: %s."), dir, strerror(errno));
			rc = -1;
		}
	}
	free(dir);
	return rc;
}

char *cli_config_value(const char *key)
{
	char *dir = cli_xdg_dir("XDG_CONFIG_HOME", ".config");
	if (!dir)
		return NULL;
	char *path = xasprintf("%s/config", dir);
	free(dir);
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return NULL;
	char line[512], *value = NULL;
	size_t klen = strlen(key);
	while (!value && fgets(line, sizeof line, f)) {
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || strncmp(s, key, klen))
			continue;
		s += klen;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '=')
			continue;
		s++;
		while (*s == ' ' || *s == '\t')
			s++;
		size_t n = strcspn(s, "\r\n#");
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		value = xstrndup(s, n);
	}
	fclose(f);
	return value;
}

bool cli_zone_known(const char *zone)
{
	if (!*zone || zone[0] == '/' || strstr(zone, ".."))
		return false;
	for (const char *p = zone; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && !strchr("/_+-", *p))
			return false;
	const char *dir = getenv("TZDIR");
	char *path = xasprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", zone);
	struct stat sb;
	bool ok = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
	free(path);
	return ok;
}

const char *cli_time_zone_init(void)
{
	static char zone[128];
	char *configured = cli_config_value("timezone");
	text_copy(zone, sizeof zone,
		  configured && *configured ? configured : CLI_DEFAULT_TIME_ZONE);
	free(configured);
	if (!cli_zone_known(zone))
		return NULL;
	setenv("TZ", zone, 1);
	tzset();
	return zone;
}
