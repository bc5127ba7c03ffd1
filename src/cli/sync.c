/* qudao sync status | export | import | provision | conflicts | resolve |
 * forget: sync between offline databases through files. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qudao/cli.h"
#include "qudao/cli_out.h"
#include "qudao/date.h"
#include "qudao/db.h"
#include "qudao/i18n.h"
#include "qudao/sync.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

/* Opens the database the command works on; NULL with the message printed. */
static qd_db *sync_open(const struct cli_global *g, bool write)
{
	char *path = cli_default_db_path(g, "qudao.db");
	if (!path)
		return NULL;
	qd_db *db;
	char *err;
	db_set_progress(cli_progress, NULL);
	int failed = db_open(path, g->read_only || !write ? DB_OPEN_READONLY : DB_OPEN_EXISTING,
			     &db, &err);
	cli_progress_done();
	if (failed) {
		cli_fail("%s", err);
		free(err);
		free(path);
		return NULL;
	}
	free(path);
	char *user = cli_config_value("user");
	db_set_user(db, user ? user : getenv("USER"));
	free(user);
	return db;
}

/* Takes "--name VALUE" or "--name=VALUE" (and the short form) at argv[*i]. */
static int sync_opt(int argc, char **argv, int *i, const char *name, const char *shrt,
		    const char **out)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (!strncmp(a, name, n) && a[n] == '=') {
		*out = a + n + 1;
		return 1;
	}
	if (strcmp(a, name) && (!shrt || strcmp(a, shrt)))
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*out = argv[++*i];
	return 1;
}

/* A bundle is a file carried to the other side, not standard input or
 * output: "-" is refused, said (it was written to a file named "-"). */
static bool sync_bundle_path(const char *path)
{
	if (strcmp(path, "-"))
		return true;
	cli_usage_error("sync", "%s", _("A bundle is a file: give its name, not \"-\"."));
	return false;
}

static int sync_db_failure(const char *what, qd_db *db)
{
	int rc = cli_fail_db(what, db_errmsg(db), db_errdetail(db));
	db_close(db);
	return rc;
}

/* ---- status ----------------------------------------------------------------- */

static int sync_status(const struct cli_global *g, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error("sync", _("Unexpected argument \"%s\"."), argv[1]);
	qd_db *db = sync_open(g, false);
	if (!db)
		return CLI_FAILED;
	struct sync_device me;
	int64_t unsent = 0, open = 0;
	struct sync_peer *peers = NULL;
	int npeers = 0;
	if (db_sync_device(db, &me) || db_sync_counts(db, &unsent, &open) ||
	    db_sync_peers(db, &peers, &npeers))
		return sync_db_failure(_("Could not read the sync status"), db);
	char hex[17];
	db_sync_device_id_text(me.id, hex);
	if (!me.id) {
		cli_print(stdout, _("This database has no device identity yet; open it once where "
				    "it can be written.\n"));
		db_close(db);
		return CLI_OK;
	}
	cli_print(stdout, _("This device:   %s (%s)\n"), me.name, hex);
	if (me.rep_id)
		cli_print(stdout, _("Belongs to:    %s %s\n"), me.rep_code, me.rep_name);
	if (me.parent_id)
		cli_print(stdout, _("Provisioned by: %s\n"),
			  me.parent_name[0] ? me.parent_name : _("(unknown)"));
	cli_print(stdout, _("Unsent changes: %lld\n"), (long long)unsent);
	cli_print(stdout, _("Open conflicts: %lld\n"), (long long)open);
	if (npeers == 0) {
		cli_print(stdout, _("No peers yet: provision a rep's database (qudao sync "
				    "provision) or import a bundle.\n"));
	} else {
		cli_print(stdout, "\n");
		static const char *const names[] = { "device",	    "id",	   "rep",
						     "last_export", "last_import", "unsent" };
		const char *titles[] = { _("Peer"),	   _("Device id"),   _("Rep"),
					 _("Last export"), _("Last import"), _("Unsent") };
		static const enum cli_col_type types[] = {
			CLI_COL_TEXT, CLI_COL_TEXT, CLI_COL_TEXT,
			CLI_COL_TEXT, CLI_COL_TEXT, CLI_COL_INT
		};
		struct cli_out *o = cli_out_new(6, names, titles, types);
		for (int i = 0; i < npeers; i++) {
			char id[17], n[24], ex[32], im[32];
			db_sync_device_id_text(peers[i].id, id);
			snprintf(n, sizeof n, "%lld", (long long)peers[i].unsent);
			/* In local time to the minute, as the Sync tab says it. */
			date_stamp_shown(peers[i].last_export_at, ex, sizeof ex);
			date_stamp_shown(peers[i].last_import_at, im, sizeof im);
			const char *row[6] = { peers[i].name, id, peers[i].rep_code,
					       ex[0] ? ex : "-", im[0] ? im : "-", n };
			cli_out_row(o, row);
		}
		cli_out_write(o, stdout, CLI_FORMAT_TABLE, false);
		cli_out_free(o);
	}
	free(peers);
	db_close(db);
	return CLI_OK;
}

/* ---- export, import, provision --------------------------------------------- */

static int sync_export(const struct cli_global *g, int argc, char **argv)
{
	const char *for_peer = NULL, *out = NULL;
	bool force = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--force")) {
			force = true;
			continue;
		}
		int r = sync_opt(argc, argv, &i, "--for", NULL, &for_peer);
		if (!r)
			r = sync_opt(argc, argv, &i, "--output", "-o", &out);
		if (r < 0)
			return cli_usage_error("sync", _("%s needs a value."), argv[i]);
		if (!r)
			return cli_usage_error("sync", _("Unexpected argument \"%s\"."), argv[i]);
	}
	if (!out)
		return cli_usage_error("sync", _("Say where to write the bundle: -o FILE."));
	if (!sync_bundle_path(out))
		return CLI_USAGE;
	qd_db *db = sync_open(g, true);
	if (!db)
		return CLI_FAILED;
	qd_rc there = db_sync_export_target(db, out);
	if (there == DB_DUPLICATE && !force) {
		db_close(db);
		return cli_fail(
			_("%s already exists (an earlier bundle); add --force to replace it, "
			  "or give another name."),
			out);
	}
	if (there != DB_OK && there != DB_DUPLICATE)
		return sync_db_failure(_("The bundle was not written"), db);
	struct sync_result r;
	db_set_progress(cli_progress, NULL);
	qd_rc rc = db_sync_export(db, for_peer, out, &r);
	cli_progress_done();
	db_set_progress(NULL, NULL);
	if (rc)
		return sync_db_failure(_("The bundle was not written"), db);
	cli_print(stdout,
		  ngettext("Wrote %s for %s: %lld change", "Wrote %s for %s: %lld changes",
			   (unsigned long)r.changes),
		  out, r.peer_id ? r.peer_name : _("any device"), (long long)r.changes);
	/* TRANSLATORS: follows "Wrote FILE for DEVICE: N changes". */
	cli_print(
		stdout,
		ngettext(" in %lld transaction", " in %lld transactions", (unsigned long)r.entries),
		(long long)r.entries);
	if (r.distributors)
		cli_print(stdout,
			  ngettext(", %lld distributor sent whole",
				   ", %lld distributors sent whole", (unsigned long)r.distributors),
			  (long long)r.distributors);
	if (r.left)
		cli_print(stdout,
			  ngettext(", %lld distributor that left the rep's scope",
				   ", %lld distributors that left the rep's scope",
				   (unsigned long)r.left),
			  (long long)r.left);
	/* TRANSLATORS: the end of the sentence written piece by piece above. */
	cli_print(stdout, "%s", _(".\n"));
	if (!r.peer_id)
		cli_print(stdout, "%s\n",
			  _("It carries every region's distributors: a rep's database refuses "
			    "it. Write a rep's bundle with --for and the rep's code."));
	db_close(db);
	return CLI_OK;
}

static int sync_import(const struct cli_global *g, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("sync", _("Name the bundle to import."));
	if (argc > 2)
		return cli_usage_error("sync", _("Unexpected argument \"%s\"."), argv[2]);
	if (!sync_bundle_path(argv[1]))
		return CLI_USAGE;
	qd_db *db = sync_open(g, true);
	if (!db)
		return CLI_FAILED;
	struct sync_result r;
	db_set_progress(cli_progress, NULL);
	qd_rc rc = db_sync_import(db, argv[1], &r);
	cli_progress_done();
	db_set_progress(NULL, NULL);
	if (rc)
		return sync_db_failure(_("The bundle was not imported"), db);
	cli_print(stdout,
		  ngettext("Imported %s from %s: %lld change applied",
			   "Imported %s from %s: %lld changes applied", (unsigned long)r.changes),
		  argv[1], r.peer_name, (long long)r.changes);
	if (r.skipped)
		cli_print(stdout,
			  ngettext(", %lld transaction already here",
				   ", %lld transactions already here", (unsigned long)r.skipped),
			  (long long)r.skipped);
	if (r.left)
		cli_print(stdout,
			  ngettext(", %lld distributor taken off (no longer in this rep's scope)",
				   ", %lld distributors taken off (no longer in this rep's scope)",
				   (unsigned long)r.left),
			  (long long)r.left);
	/* TRANSLATORS: the end of the sentence written piece by piece above. */
	cli_print(stdout, "%s", _(".\n"));
	if (r.conflicts && r.open == 0)
		/* Not "2 conflicts, 0 waiting": nothing waits, they are there
		 * to review. */
		cli_print(stdout,
			  ngettext("%lld conflict, settled by the later change: review it in "
				   "\"qudao sync conflicts\" or the Sync tab.\n",
				   "%lld conflicts, each settled by the later change: review them "
				   "in \"qudao sync conflicts\" or the Sync tab.\n",
				   (unsigned long)r.conflicts),
			  (long long)r.conflicts);
	else if (r.conflicts)
		cli_print(stdout,
			  ngettext("%lld conflict, %lld waiting for a decision: see \"qudao sync "
				   "conflicts\" or the Sync tab.\n",
				   "%lld conflicts, %lld waiting for a decision: see \"qudao sync "
				   "conflicts\" or the Sync tab.\n",
				   (unsigned long)r.conflicts),
			  (long long)r.conflicts, (long long)r.open);
	/* Those left from before count too: "0 waiting" is not "nothing to
	 * do". */
	int64_t unsent = 0, open = 0;
	if (!db_sync_counts(db, &unsent, &open) && open > r.conflicts)
		cli_print(stdout,
			  ngettext("%lld conflict is open in all: see \"qudao sync conflicts\" or "
				   "the Sync tab.\n",
				   "%lld conflicts are open in all: see \"qudao sync conflicts\" or "
				   "the Sync tab.\n",
				   (unsigned long)open),
			  (long long)open);
	db_close(db);
	return CLI_OK;
}

/* Interrupted (Ctrl-C, or a kill that can be caught), provisioning leaves
 * nothing: its files are removed, the head office's transaction dies with
 * the process, and the signal then does what it would have. Only what is
 * safe in a handler: the paths and the message are made beforehand. */
static char **provision_files;
static const char *provision_stopped;

static void provision_on_signal(int sig)
{
	for (int i = 0; provision_files && provision_files[i]; i++)
		unlink(provision_files[i]);
	ssize_t n = write(STDERR_FILENO, provision_stopped, strlen(provision_stopped));
	(void)n;
	signal(sig, SIG_DFL);
	raise(sig);
}

static int sync_provision(const struct cli_global *g, int argc, char **argv)
{
	const char *rep = NULL, *out = NULL;
	for (int i = 1; i < argc; i++) {
		int r = sync_opt(argc, argv, &i, "--for", NULL, &rep);
		if (!r)
			r = sync_opt(argc, argv, &i, "--output", "-o", &out);
		if (r < 0)
			return cli_usage_error("sync", _("%s needs a value."), argv[i]);
		if (!r)
			return cli_usage_error("sync", _("Unexpected argument \"%s\"."), argv[i]);
	}
	if (out && !sync_bundle_path(out))
		return CLI_USAGE;
	if (!rep || !*rep || !out || !*out)
		return cli_usage_error("sync",
				       _("Say which rep and where: --for REP_CODE -o FILE."));
	qd_db *db = sync_open(g, true);
	if (!db)
		return CLI_FAILED;
	struct sync_result r;
	provision_files = db_sync_provision_files(out);
	provision_stopped = _("\nqudao: interrupted; the rep's database was not made.\n");
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old[3];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = provision_on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	db_set_progress(cli_progress, NULL);
	qd_rc rc = db_sync_provision(db, rep, out, &r);
	cli_progress_done();
	db_set_progress(NULL, NULL);
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	for (int i = 0; provision_files[i]; i++)
		free(provision_files[i]);
	free(provision_files);
	provision_files = NULL;
	if (rc)
		return sync_db_failure(_("The rep's database was not made"), db);
	char hex[17];
	db_sync_device_id_text(r.peer_id, hex);
	char *word = text_shell_word(out);
	cli_print(stdout,
		  ngettext("Made %s for %s (device %s): %lld distributor. The rep opens it with "
			   "\"qudao --db %s\".\n",
			   "Made %s for %s (device %s): %lld distributors. The rep opens it with "
			   "\"qudao --db %s\".\n",
			   (unsigned long)r.distributors),
		  out, r.peer_name, hex, (long long)r.distributors, word);
	free(word);
	if (r.distributors == 0)
		cli_print(stderr,
			  _("Note: %s covers no territory and owns no distributor, so the database "
			    "holds only the shared data. Assign territories in Setup (tab 5) and "
			    "make it again.\n"),
			  r.peer_name);
	db_close(db);
	return CLI_OK;
}

/* ---- conflicts ----------------------------------------------------------------- */

static int sync_conflicts(const struct cli_global *g, int argc, char **argv)
{
	bool all = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all"))
			all = true;
		else
			return cli_usage_error("sync", _("Unexpected argument \"%s\"."), argv[i]);
	}
	qd_db *db = sync_open(g, false);
	if (!db)
		return CLI_FAILED;
	struct sync_conflict *c;
	int n;
	if (db_sync_conflicts(db, !all, &c, &n))
		return sync_db_failure(_("Could not read the conflicts"), db);
	static const char *const names[] = { "id",	    "state",	   "what",     "table",
					     "distributor", "theirs_from", "theirs_at" };
	const char *titles[] = { _("Id"),	   _("State"), _("What"), _("Table"),
				 _("Distributor"), _("Sent by"), _("When") };
	static const enum cli_col_type types[] = { CLI_COL_INT,	 CLI_COL_TEXT, CLI_COL_TEXT,
						   CLI_COL_TEXT, CLI_COL_TEXT, CLI_COL_TEXT,
						   CLI_COL_TEXT };
	struct cli_out *o = cli_out_new(7, names, titles, types);
	for (int i = 0; i < n; i++) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)c[i].id);
		const char *state = !c[i].open			       ? _("settled")
				    : sync_conflict_pending(c[i].kind) ? _("waiting")
								       : _("to review");
		/* The change time in local time, to the minute. */
		char when[32];
		date_stamp_shown(c[i].theirs_at, when, sizeof when);
		/* The kind, and the number that tells two of a distributor
		 * apart ("order SO-88"). */
		char *what = xasprintf("%s%s%s", _(sync_table_label(c[i].table)),
				       c[i].number[0] ? " " : "", c[i].number);
		const char *row[7] = { id,
				       state,
				       sync_conflict_label(&c[i]),
				       what,
				       c[i].distributor,
				       c[i].theirs_device,
				       when };
		cli_out_row(o, row);
		free(what);
		sync_conflict_clear(&c[i]);
	}
	free(c);
	if (n == 0)
		cli_print(stdout, all ? _("No conflicts.\n") : _("No open conflicts.\n"));
	else
		cli_out_write(o, stdout, CLI_FORMAT_TABLE, false);
	cli_out_free(o);
	db_close(db);
	return CLI_OK;
}

/* Settles one conflict the way the Sync tab's m and t do, or marks every
 * conflict the later change settled as reviewed (its o). */
static int sync_resolve(const struct cli_global *g, int argc, char **argv)
{
	int64_t id = 0;
	int choice = -1;
	bool reviewed = false, both = false;
	for (int i = 1; i < argc; i++) {
		char *end;
		if (!strcmp(argv[i], "--mine") || !strcmp(argv[i], "--theirs")) {
			int c = !strcmp(argv[i], "--mine") ? SYNC_KEEP_MINE : SYNC_KEEP_THEIRS;
			both |= choice >= 0 && choice != c;
			choice = c;
		} else if (!strcmp(argv[i], "--reviewed"))
			reviewed = true;
		else if (!id && (id = strtoll(argv[i], &end, 10)) > 0 && !*end)
			continue;
		else
			return cli_usage_error("sync", _("Unexpected argument \"%s\"."), argv[i]);
	}
	if (both)
		return cli_usage_error("sync", "%s",
				       _("Keep mine or keep theirs, not both: give --mine or "
					 "--theirs."));
	if (reviewed ? id || choice >= 0 : !id || choice < 0)
		return cli_usage_error("sync",
				       _("Say which conflict and how: ID --mine or ID --theirs "
					 "(the ids \"qudao sync conflicts\" lists), or --reviewed "
					 "alone."));
	qd_db *db = sync_open(g, true);
	if (!db)
		return CLI_FAILED;
	if (reviewed) {
		int64_t n = 0;
		if (db_sync_accept_all(db, &n))
			return sync_db_failure(_("The conflicts were not marked"), db);
		cli_print(
			stdout,
			ngettext("%lld conflict settled by the later change marked as reviewed.\n",
				 "%lld conflicts settled by the later change marked as reviewed.\n",
				 (unsigned long)n),
			(long long)n);
	} else {
		/* What is deleted, said: their new record not wanted, or their
		 * deletion taken. */
		struct sync_conflict c;
		bool new_rec = false, deletion = false;
		char *what = NULL, back[sizeof c.restores] = "";
		if (!db_sync_conflict_get(db, id, &c)) {
			new_rec = sync_conflict_discards(&c);
			deletion = !strcmp(c.op, "delete");
			what = xasprintf("%s%s%s", _(sync_table_label(c.table)),
					 c.number[0] ? " " : "", c.number);
			memcpy(back, c.restores, sizeof back);
			sync_conflict_clear(&c);
		}
		if (db_sync_resolve(db, id, (enum sync_choice)choice, 0, NULL, NULL)) {
			free(what);
			return sync_db_failure(_("The conflict was not settled"), db);
		}
		if (choice == SYNC_KEEP_MINE && new_rec)
			cli_print(stdout,
				  _("Conflict %lld settled: this database's version is kept; their "
				    "new record is not taken, and is deleted on every device with "
				    "the "
				    "next bundles.\n"),
				  (long long)id);
		else if (choice != SYNC_KEEP_MINE && deletion && back[0])
			cli_print(
				stdout,
				_("Conflict %lld settled: their deletion is taken; %s is deleted "
				  "here and theirs, %s, discarded here earlier, comes back in its "
				  "place; the decision goes to the others with the next "
				  "bundles.\n"),
				(long long)id, what, back);
		else if (choice != SYNC_KEEP_MINE && deletion)
			cli_print(stdout,
				  _("Conflict %lld settled: their deletion is taken; %s is deleted "
				    "here, and the decision goes to the others with the next "
				    "bundles.\n"),
				  (long long)id, what);
		else
			cli_print(
				stdout,
				choice == SYNC_KEEP_MINE
					? _("Conflict %lld settled: this database's version is "
					    "kept; "
					    "the decision goes to the others with the next "
					    "bundles.\n")
					: _("Conflict %lld settled: their version is kept; the "
					    "decision goes to the others with the next bundles.\n"),
				(long long)id);
		free(what);
	}
	db_close(db);
	return CLI_OK;
}

/* ---- forget ------------------------------------------------------------------ */

static int sync_forget(const struct cli_global *g, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("sync", _("Name the device to forget: its id, its name or "
						 "its rep's code, as \"qudao sync status\" lists "
						 "them."));
	if (argc > 2)
		return cli_usage_error("sync", _("Unexpected argument \"%s\"."), argv[2]);
	if (!sync_bundle_path(argv[1]))
		return CLI_USAGE;
	qd_db *db = sync_open(g, true);
	if (!db)
		return CLI_FAILED;
	struct sync_result r;
	if (db_sync_forget(db, argv[1], &r))
		return sync_db_failure(_("The device was not forgotten"), db);
	char hex[17];
	db_sync_device_id_text(r.peer_id, hex);
	cli_print(stdout,
		  _("Forgot %s (%s): the changes kept for it no longer wait for it, and a bundle "
		    "from it or for it is refused from now on. What it changed and never sent "
		    "here is lost; make the rep a new database with \"qudao sync provision\".\n"),
		  r.peer_name, hex);
	db_close(db);
	return CLI_OK;
}

/* ---- the command -------------------------------------------------------------- */

static const struct cli_kind sync_k_status = {
	"status", "", N_("this device, its peers, unsent changes and open conflicts"), sync_status
};
static const struct cli_kind sync_k_export = {
	"export", N_("[--for DEVICE] -o FILE [--force]"),
	N_("write a bundle of the changes a peer has not acknowledged"), sync_export
};
static const struct cli_kind sync_k_import = { "import", N_("FILE"),
					       N_("check a bundle and apply it, all or nothing"),
					       sync_import };
static const struct cli_kind sync_k_provision = {
	"provision", N_("--for REP_CODE -o FILE"),
	N_("make a rep's database with only that rep's distributors"), sync_provision
};
static const struct cli_kind sync_k_conflicts = { "conflicts", N_("[--all]"),
						  N_("list the conflicts sync found"),
						  sync_conflicts };
static const struct cli_kind sync_k_resolve = {
	"resolve", N_("ID --mine | ID --theirs | --reviewed"),
	N_("settle a conflict, or mark those the later change settled as reviewed"), sync_resolve
};
static const struct cli_kind sync_k_forget = {
	"forget", N_("DEVICE"),
	N_("give up a lost or retired device: its changes stop holding back the outbox"),
	sync_forget
};
static const struct cli_kind *const sync_kinds[] = {
	&sync_k_status,	   &sync_k_export,  &sync_k_import, &sync_k_provision,
	&sync_k_conflicts, &sync_k_resolve, &sync_k_forget, NULL,
};

static int sync_run(const struct cli_global *g, int argc, char **argv)
{
	return cli_kind_dispatch("sync", sync_kinds, g, argc, argv);
}

const struct cli_command cli_sync = {
	.name = "sync",
	.usage = N_("status | export | import | provision | conflicts | resolve | forget   "
		    "(qudao sync --help)"),
	.summary = N_("sync with other databases through bundle files"),
	.run = sync_run,
};
