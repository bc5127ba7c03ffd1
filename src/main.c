/* qudao: parse the command line, set up language and "today", then hand over
 * to a subcommand in cli/ or to the interface in ui/. The one file that sees
 * every layer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>

#include "config.h"
#include "qudao/cli.h"
#include "qudao/date.h"
#include "qudao/db.h"
#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/ui.h"

/* Starts the full-screen interface on the database (the demo one when demo is
 * set, built first if missing), asking what to do on first run. Returns an
 * exit code. */
static int main_interface(const struct cli_global *g, int demo)
{
	char *path = cli_default_db_path(g, demo ? "demo.db" : "qudao.db");
	if (!path)
		return CLI_FAILED;
	if (!demo && !g->read_only && access(path, F_OK) != 0) {
		switch (ui_first_run(path)) {
		case FIRST_RUN_DEMO:
			if (!g->db_path) {
				free(path);
				path = cli_default_db_path(g, "demo.db");
				if (!path)
					return CLI_FAILED;
			}
			demo = 1;
			break;
		case FIRST_RUN_EMPTY:
			break;
		case FIRST_RUN_QUIT:
			free(path);
			return CLI_OK;
		case FIRST_RUN_NO_TERMINAL:
			free(path);
			return CLI_FAILED;
		}
	}
	if ((demo || access(path, F_OK) != 0) && !g->read_only && cli_make_parent(path)) {
		free(path);
		return CLI_FAILED;
	}
	if (demo && !g->read_only && cli_demo_ensure(path)) {
		free(path);
		return CLI_FAILED;
	}
	qd_db *db;
	char *err;
	/* An upgrade, or keys made again, show their progress. */
	db_set_progress(cli_progress, NULL);
	int failed = db_open(path, g->read_only ? DB_OPEN_READONLY : DB_OPEN_CREATE, &db, &err);
	cli_progress_done();
	db_set_progress(NULL, NULL);
	if (failed) {
		cli_fail("%s", err);
		free(err);
		free(path);
		return CLI_FAILED;
	}
	free(path);
	char *user = cli_config_value("user");
	const char *who = user ? user : getenv("USER");
	struct ui_options o = { who && *who ? who : "qudao" };
	db_set_user(db, o.user);
	int rc = ui_run(db, &o) ? CLI_FAILED : CLI_OK;
	free(user);
	db_close(db);
	return rc;
}

/* Takes --db, --lang (with a value, as "--db X" or "--db=X"), --demo, --help
 * and --version out of argv wherever they stand, leaving the rest in order. */
struct main_opts {
	struct cli_global g;
	int demo, help, version;
	const char *bad; /* an option with its value missing */
};

static int main_take_value(const char *arg, const char *name, int *i, int argc, char **argv,
			   const char **out, struct main_opts *o)
{
	size_t n = strlen(name);
	if (strncmp(arg, name, n))
		return 0;
	if (arg[n] == '=') {
		*out = arg + n + 1;
		return 1;
	}
	if (arg[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		o->bad = name;
		return 1;
	}
	*out = argv[++*i];
	return 1;
}

static int main_parse(int argc, char **argv, struct main_opts *o)
{
	int out = 1;
	int words = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (main_take_value(a, "--db", &i, argc, argv, &o->g.db_path, o) ||
		    main_take_value(a, "--lang", &i, argc, argv, &o->g.lang, o))
			continue;
		if (!strcmp(a, "--demo"))
			o->demo = 1;
		else if (!strcmp(a, "--read-only"))
			o->g.read_only = 1;
		else if (!words && (!strcmp(a, "--help") || !strcmp(a, "-h")))
			o->help = 1;
		else if (!words && (!strcmp(a, "--version") || !strcmp(a, "-V")))
			o->version = 1;
		else {
			if (a[0] != '-')
				words++;
			argv[out++] = argv[i];
		}
	}
	argv[out] = NULL;
	return out - 1;
}

/* An argument qudao cannot take as it is: with a control character (a line
 * break would split every message that names it, an escape would reach the
 * terminal; the C1 ones, U+0080-U+009F, in UTF-8 text) or longer than any
 * path. Its place (1 for the first), 0 for none; *len its length. */
enum { MAIN_ARG_MAX = 4096 };
static int main_bad_argument(int argc, char **argv, size_t *len)
{
	for (int i = 1; i < argc; i++) {
		*len = strlen(argv[i]);
		if (*len > MAIN_ARG_MAX)
			return i;
		/* (A path in another encoding may hold those bytes as parts of
		 * its characters: only UTF-8 is read for C1.) */
		bool utf8 = u8_check((const uint8_t *)argv[i], *len) == NULL;
		for (const unsigned char *p = (const unsigned char *)argv[i]; *p; p++)
			if (*p < 0x20 || *p == 0x7F || (utf8 && p[0] == 0xC2 && p[1] >= 0x80 &&
							 p[1] <= 0x9F))
				return i;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct main_opts o = { 0 };
	size_t bad_len = 0;
	int bad_arg = main_bad_argument(argc, argv, &bad_len);
	/* main_parse reorders argv: the one before the bad one, as given. */
	const char *argv_before[2] = { "", "" };
	if (bad_arg > 1)
		argv_before[1] = argv[bad_arg - 1];
	int n = main_parse(argc, argv, &o);
	char *config_lang = cli_config_value("lang");
	int bad_lang = i18n_init(o.g.lang, config_lang);
	free(config_lang);
	if (bad_arg) {
		/* Where it is: its place, and the argument before it. */
		char after[64] = "qudao";
		if (bad_arg > 1)
			text_copy(after, sizeof after, argv_before[1]);
		if (bad_len > MAIN_ARG_MAX)
			cli_fail(_("Argument %d (after \"%s\") is %zu bytes long; a name, a code "
				   "or a path is at most %d bytes."),
				 bad_arg, after, bad_len, MAIN_ARG_MAX);
		else
			cli_fail(_("Argument %d (after \"%s\") has a control character in it (a "
				   "line break, a tab or an escape); give names, codes and paths "
				   "without them, and rename a file whose name has one."),
				 bad_arg, after);
		return CLI_USAGE;
	}
	if (o.bad)
		return cli_usage_error(NULL, _("%s needs a value."), o.bad);
	if (bad_lang)
		return cli_usage_error(NULL, _("Unknown language \"%s\"; use zh or en."), o.g.lang);
	cli_time_zone_init();
	if (date_today_init())
		return cli_usage_error(NULL,
				       _("QUDAO_TODAY=\"%s\" is not a date from %d-01-01 to "
					 "%d-12-31; write it as YYYY-MM-DD."),
				       getenv("QUDAO_TODAY"), DATE_MIN_YEAR, DATE_MAX_YEAR);
	if (o.version) {
		printf("qudao %s\n", QUDAO_VERSION);
		return CLI_OK;
	}
	if (o.help) {
		cli_print_help();
		return CLI_OK;
	}
	if (n > 0 && argv[1][0] != '-' && o.demo)
		return cli_usage_error(NULL,
				       _("--demo opens the interface on the demo data; a command "
					 "is given its database with --db PATH."));
	if (n > 0 && argv[1][0] != '-') {
		int rc = cli_dispatch(&o.g, n, argv + 1);
		if (rc >= 0)
			return rc;
		return cli_usage_error(NULL, _("Unknown command \"%s\"."), argv[1]);
	}
	if (n > 0)
		return cli_usage_error(NULL, _("Unknown option \"%s\"."), argv[1]);
	return main_interface(&o.g, o.demo);
}
