/* qudao: parse the command line, set up language and "today", then hand over
 * to a subcommand in cli/ or to the interface. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "qudao/cli.h"
#include "qudao/date.h"
#include "qudao/i18n.h"

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
		if (!words && !strcmp(a, "--demo"))
			o->demo = 1;
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

int main(int argc, char **argv)
{
	struct main_opts o = { 0 };
	int n = main_parse(argc, argv, &o);
	char *config_lang = cli_config_value("lang");
	int bad_lang = i18n_init(o.g.lang, config_lang);
	free(config_lang);
	if (o.bad)
		return cli_usage_error(NULL, _("%s needs a value."), o.bad);
	if (bad_lang)
		return cli_usage_error(NULL, _("Unknown language \"%s\"; use zh or en."), o.g.lang);
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
	if (n > 0 && argv[1][0] != '-') {
		int rc = cli_dispatch(&o.g, n, argv + 1);
		if (rc >= 0)
			return rc;
		return cli_usage_error(NULL, _("Unknown command \"%s\"."), argv[1]);
	}
	if (n > 0)
		return cli_usage_error(NULL, _("Unknown option \"%s\"."), argv[1]);
	return cli_interface(&o.g, o.demo);
}
