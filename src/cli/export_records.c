/* qudao export KIND for the records of each kind (regions ... payments):
 * one run function for them all, the kind's columns from columns.h, the rows
 * from db_export, written as CSV, TSV or JSON in UTF-8 or GB18030, headers
 * in the language of --lang, into a temporary file renamed into place. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qudao/cli.h"
#include "qudao/cli_out.h"
#include "qudao/columns.h"
#include "qudao/csv.h"
#include "qudao/export.h"
#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

struct export_job {
	struct csv_writer *w;
	int ncols;
	struct cli_out *table; /* --format table: kept, then aligned */
	int64_t done, total;
	bool tty; /* written to a terminal: no byte of the data may be an escape */
};

static int export_row(void *ctx, const char *const *values)
{
	struct export_job *j = ctx;
	if (j->table) {
		cli_out_row(j->table, values);
	} else if (j->tty) {
		int n = j->ncols;
		char **clean = xcalloc((size_t)n, sizeof *clean);
		for (int c = 0; c < n; c++)
			clean[c] = values[c] ? text_sanitize_lines(values[c]) : NULL;
		csv_writer_row(j->w, (const char *const *)clean);
		for (int c = 0; c < n; c++)
			free(clean[c]);
		free(clean);
	} else {
		csv_writer_row(j->w, values);
	}
	if ((++j->done & 4095) == 0 && j->total > 0)
		cli_progress(NULL, "", (double)j->done / (double)j->total);
	return 0;
}

/* Options of every export: -o FILE, --format, --bom, --encoding. */
struct export_opts {
	const char *out;
	enum cli_format format;
	bool bom;
	qd_encoding enc;
};

/* Reads the options after the kind into *o: -1 when they are fine, else
 * the exit code of a usage error (already reported). */
static int export_options(int argc, char **argv, struct export_opts *o)
{
	o->out = NULL;
	o->format = CLI_FORMAT_CSV;
	o->bom = false;
	o->enc = ENC_UTF8;
	bool format_given = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		if (!strcmp(a, "--bom")) {
			o->bom = true;
			continue;
		}
		if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "--format") ||
		    !strcmp(a, "--encoding")) {
			if (i + 1 >= argc)
				return cli_usage_error("export", _("%s needs a value."), a);
			v = argv[++i];
		} else {
			return cli_usage_error("export", _("Unknown option \"%s\"."), a);
		}
		if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			o->out = cli_output_path(v);
		} else if (!strcmp(a, "--format")) {
			format_given = true;
			if (cli_format_parse(v, &o->format))
				return cli_usage_error(
					"export",
					_("--format takes csv, tsv, json or table, not \"%s\"."),
					v);
		} else if (encoding_parse(v, &o->enc) ||
			   (o->enc != ENC_UTF8 && o->enc != ENC_GB18030)) {
			return cli_usage_error(
				"export", _("--encoding takes utf-8 or gb18030, not \"%s\"."), v);
		}
	}
	/* -o x.json alone is JSON, as its name says. */
	int bad = cli_format_settle("export", format_given, o->out, o->bom, o->enc, &o->format);
	if (!bad)
		bad = cli_bom_check("export", o->format, false, o->enc, o->bom);
	return bad ? bad : -1;
}

static int export_records_run(const struct cli_global *g, int argc, char **argv)
{
	const struct record_kind *kind = columns_kind(argv[0]);
	struct export_opts o;
	int bad = export_options(argc, argv, &o);
	if (bad >= 0)
		return bad;
	char *dbpath = cli_default_db_path(g, "qudao.db");
	if (!dbpath)
		return CLI_FAILED;
	qd_db *db;
	char *err;
	if (db_open(dbpath, DB_OPEN_READONLY, &db, &err)) {
		cli_fail("%s", err);
		free(err);
		free(dbpath);
		return CLI_FAILED;
	}
	free(dbpath);
	if (o.out && db_output_check(db, o.out)) {
		int rc = cli_fail("%s", db_errmsg(db));
		db_close(db);
		return rc;
	}
	/* Headers follow the language; JSON keys stay English (for programs). */
	bool zh = i18n_lang() == LANG_ZH && o.format != CLI_FORMAT_JSON;
	const char **keys = xcalloc((size_t)kind->ncols, sizeof *keys);
	bool *number = xcalloc((size_t)kind->ncols, sizeof *number);
	enum cli_col_type *types = xcalloc((size_t)kind->ncols, sizeof *types);
	for (int c = 0; c < kind->ncols; c++) {
		keys[c] = zh ? kind->cols[c].zh : kind->cols[c].key;
		enum column_type t = kind->cols[c].type;
		number[c] = t == COLTYPE_MONEY || t == COLTYPE_INT || t == COLTYPE_BOOL ||
			    t == COLTYPE_DECIMAL;
		types[c] = number[c] ? CLI_COL_NUMBER : CLI_COL_TEXT;
	}
	char *tmp = o.out ? xasprintf("%s.part-%ld", o.out, (long)getpid()) : NULL;
	FILE *f = tmp ? fopen(tmp, "wb") : stdout;
	int rc = CLI_OK;
	if (!f) {
		rc = cli_fail(_("Cannot write %s: %s."), o.out, strerror(errno));
		goto done;
	}
	struct export_job j = { 0 };
	j.total = db_export_count(db, kind);
	j.ncols = kind->ncols;
	j.tty = !tmp && isatty(fileno(stdout));
	if (o.format == CLI_FORMAT_TABLE)
		j.table = cli_out_new(kind->ncols, keys, NULL, types);
	else
		j.w = csv_writer_new(f,
				     o.format == CLI_FORMAT_TSV	   ? CSV_FORMAT_TSV
				     : o.format == CLI_FORMAT_JSON ? CSV_FORMAT_JSON
								   : CSV_FORMAT_CSV,
				     o.enc, o.bom, kind->ncols, keys, number);
	int64_t n = db_export(db, kind, export_row, &j);
	cli_progress_done();
	int wrote = j.table ? cli_out_write(j.table, f, CLI_FORMAT_TABLE, false)
			    : csv_writer_close(j.w);
	cli_out_free(j.table);
	if (tmp && fclose(f))
		wrote = -1;
	if (n < 0) {
		rc = cli_fail_db(_("The export failed"), db_errmsg(db), db_errdetail(db));
	} else if (wrote) {
		rc = o.out ? cli_fail(_("Could not write all of %s."), o.out)
			   : cli_fail("%s", _("Could not write all of the output."));
	} else if (tmp && rename(tmp, o.out)) {
		rc = cli_fail(_("Cannot write %s: %s."), o.out, strerror(errno));
	} else if (o.out) {
		cli_print(stderr,
			  ngettext("%s: %lld row written.\n", "%s: %lld rows written.\n",
				   (unsigned long)n),
			  o.out, (long long)n);
	}
	if (tmp && rc != CLI_OK)
		unlink(tmp);
done:
	free(tmp);
	free(keys);
	free(number);
	free(types);
	db_close(db);
	return rc;
}

#define EXPORT_KIND(var, kname, what)                                                      \
	const struct cli_kind var = {                                                      \
		.name = kname,                                                             \
		.usage = N_("[-o FILE] [--format csv|tsv|json|table] [--bom] [--encoding " \
			    "utf-8|gb18030] [--lang zh|en]"),                              \
		.summary = what,                                                           \
		.run = export_records_run,                                                 \
	}

EXPORT_KIND(cli_export_regions, "regions", N_("the regions"));
EXPORT_KIND(cli_export_territories, "territories", N_("the territories, provinces first"));
EXPORT_KIND(cli_export_reps, "reps", N_("the reps and managers, with what they cover"));
EXPORT_KIND(cli_export_products, "products", N_("the products, with their tier prices"));
EXPORT_KIND(cli_export_distributors, "distributors", N_("the distributors"));
EXPORT_KIND(cli_export_targets, "targets", N_("the sales targets"));
EXPORT_KIND(cli_export_amounts_due, "amounts-due", N_("the amounts due (invoices)"));
EXPORT_KIND(cli_export_orders, "orders", N_("the orders, one row per line"));
EXPORT_KIND(cli_export_payments, "payments", N_("the payments received"));
