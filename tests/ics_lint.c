/* ics-lint FILE: reads an iCalendar file by RFC 5545's rules
 * (tests/ics_check.h) and prints what is wrong; exit 0 when nothing is, 1
 * when something is, 2 when the file cannot be read. For the command-line
 * tests of qudao export visits --format ics. */
#include <stdio.h>
#include <stdlib.h>

#include "ics_check.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: ics-lint FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	size_t cap = 1 << 16, n = 0;
	char *text = malloc(cap);
	size_t got;
	while ((got = fread(text + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap)
			text = realloc(text, cap *= 2);
	}
	fclose(f);
	text[n] = '\0';
	if (strlen(text) != n) {
		printf("%s: holds a NUL byte\n", argv[1]);
		return 1;
	}
	const char *why = ics_check(text);
	free(text);
	if (why) {
		printf("%s: %s\n", argv[1], why);
		return 1;
	}
	return 0;
}
