/* doc/qudao.1 against the program: every command --help lists has its
 * section, and every name each import column is known by is in the page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qudao/cli.h"
#include "qudao/columns.h"
#include "suite.h"

static char *manual(void)
{
	const char *data = getenv("QUDAO_TEST_DATA");
	char path[512];
	snprintf(path, sizeof path, "%s/../../doc/qudao.1", data ? data : "tests/data");
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "no manual page at %s", path);
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

START_TEST(test_manual_names_every_column_of_every_import)
{
	const char *man = manual();
	for (int k = 0; columns_kinds[k]; k++) {
		const struct record_kind *kind = columns_kinds[k];
		char head[64];
		snprintf(head, sizeof head, ".SS \"%s\"", kind->name);
		ck_assert_msg(strstr(man, head) != NULL, "no section for %s", kind->name);
		for (int c = 0; c < kind->ncols; c++) {
			const struct column *col = &kind->cols[c];
			char key[96];
			snprintf(key, sizeof key, "\\fB%s\\fR", col->key);
			ck_assert_msg(strstr(man, key), "%s: %s", kind->name, col->key);
			ck_assert_msg(strstr(man, col->zh), "%s: %s", kind->name, col->zh);
			for (const char *p = col->aliases; *p;) {
				size_t n = strcspn(p, "|");
				char alias[96];
				snprintf(alias, sizeof alias, "%.*s", (int)n, p);
				ck_assert_msg(strstr(man, alias), "%s: %s", kind->name, alias);
				p += n + (p[n] == '|');
			}
		}
	}
}
END_TEST

START_TEST(test_manual_has_every_command_of_the_help)
{
	const char *man = manual();
	char *help = NULL;
	size_t len;
	FILE *f = open_memstream(&help, &len);
	FILE *saved = stdout;
	stdout = f;
	cli_print_help();
	stdout = saved;
	fclose(f);
	int commands = 0;
	for (char *p = help; (p = strstr(p, "\n       qudao ")); p++) {
		char name[32];
		if (sscanf(p + 14, "%31s", name) != 1)
			continue;
		char want[64];
		snprintf(want, sizeof want, ".SS \"qudao %s", name);
		ck_assert_msg(strstr(man, want) != NULL, "no section for qudao %s", name);
		commands++;
	}
	ck_assert_int_ge(commands, 5);
	ck_assert_ptr_nonnull(strstr(help, "man qudao"));
	free(help);
}
END_TEST

SUITE_MAIN("manual", test_manual_names_every_column_of_every_import,
	   test_manual_has_every_command_of_the_help)
