/* schema-dump: writes schema_ref.c, the schema each version defines as the
 * migrations make it (every object's type, name and stored SQL), so that
 * opening a database compares with a list instead of running every migration
 * again (db.c). Run by the build; usage: schema-dump OUTPUT.c */
#include <stdio.h>
#include <string.h>

#include "db_internal.h"

/* While it runs, there is no written-down schema yet: every comparison runs
 * the migrations. */
const struct db_schema_ref db_schema_refs[] = { { 0, NULL, 0 } };

struct dump {
	FILE *f;
	int n;
};

/* A C string literal of s: quotes, backslashes and every byte below 0x20
 * escaped; UTF-8 kept as it is. */
static void dump_literal(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n\"\n\t\t\"", f);
		else if (*p < 0x20)
			fprintf(f, "\\%03o", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void dump_object(void *ctx, const char *type, const char *name, const char *sql)
{
	struct dump *d = ctx;
	fputs("\t{ ", d->f);
	dump_literal(d->f, type);
	fputs(", ", d->f);
	dump_literal(d->f, name);
	fputs(",\n\t\t", d->f);
	dump_literal(d->f, sql);
	fputs(" },\n", d->f);
	d->n++;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: schema-dump OUTPUT.c\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "w");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	int count[DB_SCHEMA_VERSION + 1] = { 0 };
	fputs("/* Made by schema-dump from the migrations. Do not edit. */\n"
	      "#include \"db_internal.h\"\n\n",
	      f);
	for (int v = 1; v <= DB_SCHEMA_VERSION; v++) {
		struct dump d = { f, 0 };
		fprintf(f, "static const struct db_ref_object schema_ref_v%d[] = {\n", v);
		if (db_schema_dump(v, dump_object, &d)) {
			fprintf(stderr, "schema-dump: the migrations to %d did not run\n", v);
			fclose(f);
			remove(argv[1]);
			return 1;
		}
		fputs("};\n\n", f);
		count[v] = d.n;
	}
	fputs("const struct db_schema_ref db_schema_refs[] = {\n", f);
	for (int v = 1; v <= DB_SCHEMA_VERSION; v++)
		fprintf(f, "\t{ %d, schema_ref_v%d, %d },\n", v, v, count[v]);
	fputs("\t{ 0, NULL, 0 },\n};\n", f);
	return fclose(f) ? 1 : 0;
}
