/* qudao import KIND FILE [options]: the command around import_file(): its
 * options, the database, Ctrl-C, and the summary line. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import_kinds.h"
#include "qudao/cli.h"
#include "qudao/cli_out.h"
#include "qudao/columns.h"
#include "qudao/csv.h"
#include "qudao/i18n.h"
#include "qudao/import.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

static volatile sig_atomic_t import_interrupted, import_figures;
static qd_db *import_sig_db; /* set before the handler is */

static void import_on_sigint(int sig)
{
	(void)sig;
	import_interrupted = 1;
	if (import_figures)
		db_interrupt(import_sig_db);
}

/* qudao import KIND --help: the columns, in both languages. */
static void import_help_kind(const struct record_kind *k)
{
	printf(_("Columns of %s (English or Chinese names, in any order; * required):\n"), k->name);
	for (int c = 0; c < k->ncols; c++) {
		const struct column *col = &k->cols[c];
		char *names = text_pad(col->zh, 10, 0);
		printf("  %c %-18s %s %s\n", col->required ? '*' : ' ', col->key, names,
		       _(col->help));
		free(names);
	}
	printf(_("The manual page qudao(1) lists every name each column is known by.\n"));
}

/* qudao import --help: the kinds, in the order a company's data is best
 * imported. */
static int import_help_kinds(void)
{
	printf(_("Usage: qudao import KIND FILE [options]\n\nKinds, in the order to import a "
		 "company's data:\n"));
	for (int i = 0; import_kind_names[i]; i++)
		printf("  %s\n", import_kind_names[i]);
	printf(_("\nOptions:\n"
		 "  --encoding E             auto (default), utf-8, gb18030 or utf-16\n"
		 "  --dry-run                check every row, write nothing\n"
		 "  --update                 change records that exist (same code)\n"
		 "  --skip-invalid FILE.csv  import the valid rows, write the others there\n"
		 "\nqudao import KIND --help lists the columns of KIND; the manual page "
		 "qudao(1) says more.\n"));
	return CLI_OK;
}

static int import_summary(const char *path, const struct import_options *o,
			  const struct import_result *r)
{
	double rate = r->seconds > 0 ? (double)r->rows / r->seconds : 0;
	switch (r->end) {
	case IMPORT_DONE:
		if (o->dry_run)
			cli_print(stdout,
				  ngettext("%s: %ld row checked: %ld would be inserted, %ld "
					   "updated, %ld skipped, %ld rejected; nothing was "
					   "written (dry run).\n",
					   "%s: %ld rows checked: %ld would be inserted, %ld "
					   "updated, %ld skipped, %ld rejected; nothing was "
					   "written (dry run).\n",
					   (unsigned long)r->rows),
				  path, r->rows, r->inserted, r->updated, r->skipped, r->rejected);
		else if (r->seconds < 1)
			/* A rate over less than a second is mostly the opening. */
			cli_print(stdout,
				  ngettext("%s: %ld row: %ld inserted, %ld updated, %ld skipped, "
					   "%ld rejected.\n",
					   "%s: %ld rows: %ld inserted, %ld updated, %ld skipped, "
					   "%ld rejected.\n",
					   (unsigned long)r->rows),
				  path, r->rows, r->inserted, r->updated, r->skipped, r->rejected);
		else
			cli_print(stdout,
				  ngettext("%s: %ld row: %ld inserted, %ld updated, %ld skipped, "
					   "%ld rejected (%.0f rows/s).\n",
					   "%s: %ld rows: %ld inserted, %ld updated, %ld skipped, "
					   "%ld rejected (%.0f rows/s).\n",
					   (unsigned long)r->rows),
				  path, r->rows, r->inserted, r->updated, r->skipped, r->rejected,
				  rate);
		if (o->rejects && r->rejected)
			cli_print(stdout,
				  _("The rejected rows, each with its reason, are in %s.\n"),
				  o->rejects);
		return CLI_OK;
	case IMPORT_INVALID:
		return cli_fail(ngettext("%s: %ld row of %ld has errors; nothing was imported. "
					 "Fix it, or give --skip-invalid REJECTS.csv to import "
					 "the others.",
					 "%s: %ld rows of %ld have errors; nothing was imported. "
					 "Fix them, or give --skip-invalid REJECTS.csv to import "
					 "the others.",
					 (unsigned long)r->rejected),
				path, r->rejected, r->rows);
	case IMPORT_INTERRUPTED:
		cli_fail(_("Interrupted: nothing was imported; everything was rolled back."));
		return CLI_INTERRUPTED;
	default:
		return CLI_FAILED;
	}
}

static int import_run_cmd(const struct cli_global *g, int argc, char **argv)
{
	struct import_options o = { 0 };
	o.encoding = ENC_AUTO;
	o.max_shown = 50;
	const char *kind = NULL, *path = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			const struct record_kind *k = columns_kind(kind ? kind : "");
			if (!k || !kind)
				return import_help_kinds();
			import_help_kind(k);
			return CLI_OK;
		} else if (!strcmp(a, "--dry-run")) {
			o.dry_run = true;
		} else if (!strcmp(a, "--update")) {
			o.update = true;
		} else if (!strcmp(a, "--encoding") || !strncmp(a, "--encoding=", 11)) {
			const char *v = a[10] == '=' ? a + 11 : i + 1 < argc ? argv[++i] : NULL;
			if (!v)
				return cli_usage_error("import", _("%s needs a value."),
						       "--encoding");
			if (encoding_parse(v, &o.encoding) || o.encoding == ENC_UTF16LE ||
			    o.encoding == ENC_UTF16BE)
				return cli_usage_error(
					"import",
					_("--encoding takes auto, utf-8, gb18030 or utf-16, not "
					  "\"%s\"."),
					v);
		} else if (!strcmp(a, "--skip-invalid") || !strncmp(a, "--skip-invalid=", 15)) {
			const char *v = a[14] == '=' ? a + 15 : i + 1 < argc ? argv[++i] : NULL;
			if (!v || !*v)
				return cli_usage_error("import", _("%s needs a value."),
						       "--skip-invalid");
			o.rejects = v;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("import", _("Unknown option \"%s\"."), a);
		} else if (!kind) {
			kind = a;
		} else if (!path) {
			path = a;
		} else {
			return cli_usage_error("import", _("Unexpected argument \"%s\"."), a);
		}
	}
	/* The kinds the columns know, in the order to import them. */
	char kinds[512] = "";
	for (int i = 0; columns_kinds[i]; i++)
		cli_list_add(kinds, sizeof kinds, columns_kinds[i]->name);
	if (!kind)
		return cli_usage_error("import", _("Say what to import: %s."), kinds);
	if (!columns_kind(kind))
		return cli_usage_error("import", _("Unknown kind \"%s\"; the kinds are %s."), kind,
				       kinds);
	if (!path)
		return cli_usage_error("import", _("Name the file to import."));
	/* "-" is standard input elsewhere; here a file, asked before the
	 * database is looked at (a new one was announced first). (Pipes are
	 * refused as the file is read: one nobody writes to would wait for
	 * ever.) */
	struct stat dash;
	if (!strcmp(path, "-") && stat(path, &dash) != 0)
		return cli_usage_error("import", "%s",
				       _("import reads a file, not standard input (\"-\"); save "
					 "what it holds as a file and import that."));
	if (o.rejects && !strcmp(o.rejects, "-"))
		return cli_usage_error("import", "%s",
				       _("--skip-invalid writes the rejected rows to a file: give "
					 "its name, not \"-\"."));
	struct stat in, out;
	if (o.rejects && (!strcmp(o.rejects, path) ||
			  (stat(o.rejects, &out) == 0 && stat(path, &in) == 0 &&
			   in.st_dev == out.st_dev && in.st_ino == out.st_ino)))
		return cli_usage_error("import",
				       _("The rejects file cannot be the file being imported."));
	if (o.rejects && stat(o.rejects, &out) == 0 && S_ISDIR(out.st_mode))
		return cli_usage_error("import", _("%s is a folder; give the rejects file a name."),
				       o.rejects);
	/* The rejects file is CSV, in the imported file's columns: a name
	 * that says otherwise would not open as what it says. */
	char ext[CLI_EXT_SIZE];
	if (o.rejects && (csv_workbook_name(o.rejects) ||
			  (cli_output_ext(o.rejects, ext) && !strcmp(ext, "json"))))
		return cli_usage_error("import",
				       _("--skip-invalid writes CSV, in the columns of the file "
					 "imported: name it .csv, not %s."),
				       o.rejects);
	o.kind = kind;
	/* Said before anything else (a new database was announced first). A
	 * dry run writes its rows and rolls them back, which a read-only
	 * connection cannot. */
	if (g->read_only)
		return cli_fail(o.dry_run ? _("Nothing can be checked with --read-only: --dry-run "
					      "writes the rows and rolls them back. Leave out "
					      "--read-only; a dry run changes nothing.")
					  : _("Nothing can be imported with --read-only."));
	/* A file that cannot be read is said before a database is made for
	 * it (and announced). */
	if (import_path_check(path, stderr))
		return CLI_FAILED;
	char *dbpath = cli_default_db_path(g, "qudao.db");
	if (!dbpath)
		return CLI_FAILED;
	/* A database made for this import (a new company's first file) is
	 * removed again when nothing comes of it: a mistyped --db leaves no
	 * empty database behind. */
	bool created = access(dbpath, F_OK) != 0;
	/* The default place's folders are made; a folder --db names that is
	 * not there is a mistyped path, not a place to make. */
	if (created && !g->db_path && cli_make_parent(dbpath)) {
		free(dbpath);
		return CLI_FAILED;
	}
	if (created && g->db_path) {
		char *dir = xstrdup(dbpath), *slash = strrchr(dir, '/');
		if (slash)
			*(slash == dir ? slash + 1 : slash) = '\0';
		struct stat st;
		bool there = !slash || (stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
		if (!there)
			cli_fail(_("--db %s: the folder %s does not exist; nothing was imported. "
				   "Check the path (to begin a new database there, make the folder "
				   "first)."),
				 dbpath, dir);
		free(dir);
		if (!there) {
			free(dbpath);
			return CLI_FAILED;
		}
	}
	/* Said first, whatever comes of the import (a dry run or a refused
	 * file said nothing of a mistyped --db). */
	if (created && g->db_path)
		cli_print(stderr,
			  _("qudao: %s does not exist: a new database is made for this import "
			    "(and removed again if nothing is imported). If you meant another, "
			    "check --db.\n"),
			  dbpath);
	qd_db *db;
	char *err;
	if (db_open(dbpath, g->read_only ? DB_OPEN_READONLY : DB_OPEN_CREATE, &db, &err)) {
		cli_fail("%s", err);
		free(err);
		free(dbpath);
		return CLI_FAILED;
	}
	/* Its own file (the database, its -wal or -shm) is no file to import,
	 * and is not read to find out: closing it would drop the locks this
	 * process holds on it (db_own_file). */
	if (db_own_file(db, path)) {
		int rc = cli_fail(_("%s is this database or one of its own files, not a file to "
				    "import. Give the CSV file."),
				  path);
		db_close(db);
		free(dbpath);
		return rc;
	}
	/* The rejects file is written from its first row: never over this
	 * database or another. */
	if (o.rejects && db_output_check(db, o.rejects)) {
		int rc = cli_fail("%s", db_errmsg(db));
		db_close(db);
		if (created)
			db_remove(dbpath);
		free(dbpath);
		return rc;
	}
	if (db_readonly(db) && !o.dry_run) {
		int rc = cli_fail(_("Nothing can be imported: %s"), db_readonly(db));
		db_close(db);
		free(dbpath);
		return rc;
	}
	/* New rows go all over the indexes by distributor, date or product
	 * (their ids follow each other, core/ids): the more of them stays in
	 * memory, the less is read and written again. */
	db_set_cache_mb(db, 256);
	char *user = cli_config_value("user");
	const char *who = user ? user : getenv("USER");
	o.who = who && *who ? who : "qudao";
	o.messages = stderr;
	o.progress = isatty(STDERR_FILENO);
	o.interrupted = &import_interrupted;
	o.figures = &import_figures;
	import_sig_db = db;
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = import_on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	struct import_result r;
	import_file(db, path, &o, &r);
	sigaction(SIGINT, &old, NULL);
	int rc = r.end == IMPORT_FAILED ? cli_fail_db(_("The import failed; nothing was imported"),
						      db_errmsg(db), db_errdetail(db))
					: import_summary(path, &o, &r);
	db_close(db);
	/* A database made for this import, which brought nothing into it;
	 * kept, it is said to be new (a mistyped --db went unnoticed). */
	if (created && (r.end != IMPORT_DONE || o.dry_run || r.inserted + r.updated == 0)) {
		db_remove(dbpath);
		if (g->db_path)
			cli_print(stderr,
				  _("qudao: %s is removed again: nothing was imported into it.\n"),
				  dbpath);
	} else if (created && g->db_path)
		cli_print(stderr, _("qudao: %s is a new database now.\n"), dbpath);
	else if (created)
		cli_print(stderr,
			  _("qudao: %s, the default database, did not exist: it is new, made for "
			    "this import. Give --db PATH to import into another.\n"),
			  dbpath);
	free(dbpath);
	free(user);
	return rc;
}

const struct cli_command cli_import = {
	.name = "import",
	.usage = N_("KIND FILE [--db PATH] [--encoding auto|utf-8|gb18030|utf-16] [--dry-run] "
		    "[--update] [--skip-invalid REJECTS.csv]"),
	.summary = N_("read records from a CSV or tab-separated file (ERP, Excel)"),
	.run = import_run_cmd,
};
