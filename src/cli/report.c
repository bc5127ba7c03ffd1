/* qudao report KIND ...: the reports, one file each (report_*.c) exporting a
 * struct cli_kind, listed in the table below. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qudao/cli.h"
#include "qudao/cli_out.h"
#include "qudao/csv.h"
#include "qudao/db.h"
#include "qudao/i18n.h"
#include "qudao/xalloc.h"

/* Every report, in the order --help lists them. */
static const struct cli_kind *const cli_report_kinds[] = {
	&cli_report_territories,
	&cli_report_problems,
	&cli_report_scorecard,
	NULL,
};

static int report_run(const struct cli_global *g, int argc, char **argv)
{
	return cli_kind_dispatch("report", cli_report_kinds, g, argc, argv);
}

const struct cli_command cli_report = {
	.name = "report",
	.usage = N_("KIND [options]   (qudao report --help lists the kinds)"),
	.summary = N_("print a report as a table, CSV or JSON"),
	.run = report_run,
};

int cli_dest_option(const char *command, int argc, char **argv, int *i, struct cli_dest *d)
{
	const char *a = argv[*i];
	bool out = !strcmp(a, "-o") || !strcmp(a, "--output");
	if (!out && strcmp(a, "--encoding"))
		return 0;
	if (*i + 1 >= argc) {
		cli_usage_error(command, _("%s needs a value."), a);
		return -1;
	}
	const char *v = argv[++*i];
	if (out) {
		d->path = cli_output_path(v);
	} else if (encoding_parse(v, &d->enc) || (d->enc != ENC_UTF8 && d->enc != ENC_GB18030)) {
		cli_usage_error(command, _("--encoding takes utf-8 or gb18030, not \"%s\"."), v);
		return -1;
	}
	return 1;
}

bool cli_output_ext(const char *path, char ext[static CLI_EXT_SIZE])
{
	const char *dot = csv_name_ext(path);
	size_t n = dot ? strlen(dot + 1) : CLI_EXT_SIZE;
	if (n >= CLI_EXT_SIZE)
		return false;
	for (size_t i = 0; i <= n; i++)
		ext[i] = (char)tolower((unsigned char)dot[1 + i]);
	return true;
}

int cli_format_settle(const char *command, bool given, const char *path, bool bom, qd_encoding enc,
		      enum cli_format *format)
{
	/* Excel would refuse a CSV named as its workbook (a JSON file or a
	 * table too). */
	if (csv_workbook_name(path) &&
	    (!given || *format == CLI_FORMAT_JSON || *format == CLI_FORMAT_TABLE))
		return cli_usage_error(command,
				       _("%s names a workbook, which qudao does not write: name "
					 "it .csv (Excel opens it), or give --format csv to write "
					 "CSV under that name."),
				       path);
	char ext[CLI_EXT_SIZE];
	if (given || !cli_output_ext(path, ext))
		return 0;
	enum cli_format named;
	if (!strcmp(ext, "table") || cli_format_parse(ext, &named))
		return 0;
	if (named == CLI_FORMAT_JSON && (bom || enc == ENC_GB18030))
		return cli_usage_error(command,
				       _("%s would be written as JSON, as its name says, and "
					 "--bom and --encoding gb18030 are for CSV and TSV: give "
					 "--format csv to write CSV under that name, or leave "
					 "them out."),
				       path);
	*format = named;
	return 0;
}

int cli_bom_check(const char *command, enum cli_format format, bool other, qd_encoding enc,
		  bool bom)
{
	/* Excel reads a GB18030 file by the system's code page, never by a
	 * mark; asking for both is asking for something that is not made. */
	if (bom && enc == ENC_GB18030)
		return cli_usage_error(command, "%s",
				       _("--bom is for UTF-8 files; a GB18030 file has no byte "
					 "order mark. Leave out one of --bom and --encoding "
					 "gb18030."));
	/* A mark is for Excel's CSV and text files: a table is for a
	 * terminal, and JSON is read by programs that take it for text. A
	 * report is a table unless told otherwise: said so. */
	if (bom && (other || format == CLI_FORMAT_TABLE || format == CLI_FORMAT_JSON))
		return cli_usage_error(command, "%s",
				       _("--bom is for CSV and TSV files that Excel opens: give "
					 "--format csv or tsv with it, or leave it out."));
	/* JSON is UTF-8 (RFC 8259): a GB18030 one is read by no program. */
	if (enc == ENC_GB18030 && format == CLI_FORMAT_JSON)
		return cli_usage_error(command, "%s",
				       _("JSON is written in UTF-8; --encoding gb18030 is for CSV "
					 "and TSV files."));
	return CLI_OK;
}

int cli_dest_check(const char *command, const struct cli_dest *d, enum cli_format format, bool bom)
{
	int bad = cli_bom_check(command, format, false, d->enc, bom);
	if (bad)
		return bad;
	/* A table is for a terminal, in UTF-8. */
	if (d->enc == ENC_GB18030 && format == CLI_FORMAT_TABLE)
		return cli_usage_error(command, "%s",
				       _("A table is written in UTF-8; give --format csv or tsv "
					 "for a GB18030 file."));
	return CLI_OK;
}

int cli_dest_write(const struct cli_out *o, qd_db *db, const struct cli_dest *d,
		   enum cli_format format, bool bom)
{
	if (!d->path)
		return cli_out_write_as(o, stdout, format, bom, d->enc)
			       ? cli_fail("%s", _("Could not write the report."))
			       : CLI_OK;
	if (db_output_check(db, d->path))
		return cli_fail("%s", db_errmsg(db));
	char *tmp = xasprintf("%s.part-%ld", d->path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	int rc = CLI_OK;
	if (!f) {
		rc = cli_fail(_("Cannot write %s: %s."), d->path, strerror(errno));
	} else {
		int wrote = cli_out_write_as(o, f, format, bom, d->enc);
		if (fclose(f))
			wrote = -1;
		if (wrote)
			rc = cli_fail(_("Could not write all of %s."), d->path);
		else if (rename(tmp, d->path))
			rc = cli_fail(_("Cannot write %s: %s."), d->path, strerror(errno));
		else
			cli_print(stderr,
				  ngettext("%s: %lld row written.\n", "%s: %lld rows written.\n",
					   (unsigned long)cli_out_rows(o)),
				  d->path, (long long)cli_out_rows(o));
		if (rc != CLI_OK)
			unlink(tmp);
	}
	free(tmp);
	return rc;
}
