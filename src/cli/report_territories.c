/* qudao report territories: the territory map's figures, one row per
 * territory, every metric a column, the same numbers as the screen (both
 * read db/territory and compute with core/terrmap).
 * qudao report problems: the conflicts of exclusive rights, rights held by
 * suspended or terminated distributors, orphans, territories no rep
 * covers, and the orders sold across a border in the period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/cli.h"
#include "qudao/cli_out.h"
#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/reference.h"
#include "qudao/territory.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

struct report_opts {
	const char *command; /* "report", or "export" (CSV unless told) */
	qd_period period;
	const char *region;
	enum cli_format format;
	bool bom;
	struct cli_dest dest;
};

/* Parses --period, --region (when allowed), --format and --bom. 0, or an
 * exit code. */
static int report_parse(const char *kind, int argc, char **argv, bool region, struct report_opts *o)
{
	o->period = period_of(PERIOD_MONTH, date_today());
	o->region = NULL;
	o->format = strcmp(o->command, "export") ? CLI_FORMAT_TABLE : CLI_FORMAT_CSV;
	o->bom = false;
	o->dest = (struct cli_dest){ NULL, ENC_UTF8 };
	bool format_given = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--bom")) {
			o->bom = true;
			continue;
		}
		int dest = cli_dest_option(o->command, argc, argv, &i, &o->dest);
		if (dest < 0)
			return CLI_USAGE;
		if (dest)
			continue;
		bool takes = !strcmp(a, "--period") || !strcmp(a, "--format") ||
			     (region && !strcmp(a, "--region"));
		if (!takes)
			return cli_usage_error(o->command,
					       _("Unknown option \"%s\" for report %s."), a, kind);
		if (i + 1 >= argc)
			return cli_usage_error(o->command, _("%s needs a value."), a);
		const char *v = argv[++i];
		if (!strcmp(a, "--period") && period_parse_typed(v, &o->period))
			return cli_usage_error(o->command,
					       _("--period takes a year, a quarter or a month "
						 "(2026, 2026-Q4, 2026-11), not \"%s\"."),
					       v);
		format_given |= !strcmp(a, "--format");
		if (!strcmp(a, "--format") && cli_format_parse(v, &o->format))
			return cli_usage_error(o->command,
					       _("--format takes table, csv, tsv or json, not "
						 "\"%s\"."),
					       v);
		if (!strcmp(a, "--region"))
			o->region = v;
	}
	/* -o x.csv alone is CSV, as its name says; said before anything is
	 * printed. */
	int bad = cli_format_settle(o->command, format_given, o->dest.path, o->bom, o->dest.enc,
				    &o->format);
	return bad ? bad : cli_dest_check(o->command, &o->dest, o->format, o->bom);
}

/* Opens the database and reads the map for the period. 0, or an exit code
 * (the message printed). */
static int report_open(const struct cli_global *g, const struct report_opts *o, qd_db **db,
		       struct tmap *m)
{
	char *path = cli_default_db_path(g, "qudao.db");
	if (!path)
		return CLI_FAILED;
	char *err;
	if (db_open(path, g->read_only ? DB_OPEN_READONLY : DB_OPEN_EXISTING, db, &err)) {
		cli_fail("%s", err);
		free(err);
		free(path);
		return CLI_FAILED;
	}
	free(path);
	if (db_tmap_load(*db, o->period, date_today(), m)) {
		int rc = cli_fail_db(_("Could not read the territory map"), db_errmsg(*db),
				     db_errdetail(*db));
		db_tmap_free(m);
		db_close(*db);
		return rc;
	}
	return 0;
}

static int report_write(struct cli_out *out, qd_db *db, const struct report_opts *o)
{
	int rc = cli_dest_write(out, db, &o->dest, o->format, o->bom);
	cli_out_free(out);
	return rc;
}

/* ---- report territories ---- */

/* The columns before and after the metrics'. */
enum { TR_FIRST = 5, TR_LAST = 15, TR_COLS = TR_FIRST + TERRMAP_METRICS + TR_LAST };

static const char *const tr_first_names[TR_FIRST] = { "code", "name", "level", "parent", "region" };
static const char *const tr_first_titles[TR_FIRST] = {
	/* TRANSLATORS: columns of qudao report territories. */
	N_("Code"), N_("Name"), N_("Level"), N_("Parent"), N_("Region"),
};
static const char *const tr_last_names[TR_LAST] = {
	"distributors",	 "sales_orders",     "target",		"visits_done", "visits_due",
	"visits_missed", "accounts_overdue", "open_cross",	"open_price",  "cross_in",
	"cross_out",	 "conflicts",	     "inactive_rights", "orphan",      "no_rep",
};
static const char *const tr_last_titles[TR_LAST] = {
	N_("Distributors"),	 N_("Orders"),	      N_("Target"),	      N_("Visits done"),
	N_("Visits due"),	 N_("Visits missed"), N_("Accounts overdue"), N_("Open 窜货"),
	N_("Open 乱价"),	 N_("窜货 in"),	      N_("窜货 out"),	      N_("Conflicts"),
	N_("Held by suspended"), N_("Orphan"),	      N_("No rep"),
};

/* A metric's value as the report writes it ("" when it has none). */
static void tr_value(const struct terrmap_metric *m, const struct terrmap_figures *f,
		     const struct terrmap_ctx *c, char *buf)
{
	int64_t v;
	buf[0] = '\0';
	if (!m->value(f, c, &v))
		return;
	if (m->unit == TERRMAP_MONEY)
		money_format_plain(v, buf);
	else
		snprintf(buf, MONEY_BUF, "%lld", (long long)v);
}

static int territories_run_as(const char *command, const struct cli_global *g, int argc,
			      char **argv)
{
	struct report_opts o = { .command = command };
	int rc = report_parse("territories", argc, argv, true, &o);
	if (rc)
		return rc;
	qd_db *db;
	struct tmap m;
	if ((rc = report_open(g, &o, &db, &m)))
		return rc;
	if (db_tmap_scores(db, &m)) {
		rc = cli_fail_db(_("Could not read the scorecards"), db_errmsg(db),
				 db_errdetail(db));
		db_tmap_free(&m);
		db_close(db);
		return rc;
	}
	int64_t region = 0;
	if (o.region) {
		struct ref_item r;
		if (db_ref_region_by_code(db, o.region, &r)) {
			rc = cli_fail("%s", db_errmsg(db));
			db_tmap_free(&m);
			db_close(db);
			return rc;
		}
		region = r.id;
	}
	const char *names[TR_COLS], *titles[TR_COLS];
	enum cli_col_type types[TR_COLS];
	char *translated[TR_COLS];
	int k = 0;
	for (int i = 0; i < TR_FIRST; i++, k++) {
		names[k] = tr_first_names[i];
		titles[k] = translated[k] = xstrdup(_(tr_first_titles[i]));
		types[k] = CLI_COL_TEXT;
	}
	for (int i = 0; i < TERRMAP_METRICS; i++, k++) {
		names[k] = terrmap_metrics[i].code;
		titles[k] = translated[k] = xstrdup(_(terrmap_metrics[i].name));
		types[k] = terrmap_metrics[i].unit == TERRMAP_MONEY ? CLI_COL_NUMBER : CLI_COL_INT;
	}
	for (int i = 0; i < TR_LAST; i++, k++) {
		names[k] = tr_last_names[i];
		titles[k] = translated[k] = xstrdup(_(tr_last_titles[i]));
		types[k] = !strcmp(tr_last_names[i], "target") ? CLI_COL_NUMBER : CLI_COL_INT;
	}
	struct cli_out *out =
		cli_out_new(TR_COLS, cli_out_keys(o.format, names, titles), titles, types);
	bool words = cli_out_uses_words(o.format);
	struct terrmap_ctx c = { m.period, date_today() };
	char cells[TR_COLS][MONEY_BUF + 8];
	for (int t = 0; t < m.n; t++) {
		const struct terrmap_node *n = &m.nodes[t];
		if (region && n->region_id != region)
			continue;
		const struct terrmap_figures *f = &n->all;
		const char *row[TR_COLS];
		const char *region_code = "";
		for (int r = 0; r < m.nregions; r++)
			if (m.regions[r].id == n->region_id)
				region_code = m.regions[r].code;
		row[0] = n->code;
		row[1] = terrmap_name(n, i18n_lang());
		/* The level in words where the headers are (Chinese): 省, 市. */
		row[2] = words ? _(labels_level.labels[n->level]) : labels_level.codes[n->level];
		row[3] = n->parent >= 0 ? m.nodes[n->parent].code : "";
		row[4] = region_code;
		k = TR_FIRST;
		for (int i = 0; i < TERRMAP_METRICS; i++, k++) {
			tr_value(&terrmap_metrics[i], f, &c, cells[k]);
			row[k] = cells[k];
		}
		int64_t last[TR_LAST] = {
			f->total,
			f->sales_orders,
			0,
			f->visits_done,
			terrmap_visits_due(f->visit_rate, m.period, c.today),
			f->visits_missed,
			f->accounts_overdue,
			f->open_cross,
			f->open_price,
			f->cross_in,
			f->cross_out,
			n->problems.conflicts,
			n->problems.inactive_rights,
			n->problems.orphan,
			n->problems.no_rep,
		};
		for (int i = 0; i < TR_LAST; i++, k++) {
			if (!strcmp(tr_last_names[i], "target")) {
				if (f->has_target)
					money_format_plain(f->target_fen, cells[k]);
				else
					cells[k][0] = '\0';
			} else {
				snprintf(cells[k], sizeof cells[k], "%lld", (long long)last[i]);
			}
			row[k] = cells[k];
		}
		cli_out_row(out, row);
	}
	rc = report_write(out, db, &o);
	for (int i = 0; i < TR_COLS; i++)
		free(translated[i]);
	db_tmap_free(&m);
	db_close(db);
	return rc;
}

/* ---- report problems ---- */

enum { PR_COLS = 8 };
static const char *const pr_names[PR_COLS] = { "kind",	      "territory", "name", "detail",
					       "distributor", "order",	   "date", "amount" };
static const char *const pr_titles[PR_COLS] = {
	/* TRANSLATORS: columns of qudao report problems. */
	N_("Kind"),	   N_("Territory"), N_("Name"), N_("What"),
	N_("Distributor"), N_("Order"),	    N_("Date"), N_("Amount"),
};

/* The rows, and whether they name the kinds in words (a Chinese table or
 * CSV, whose headers are words too; JSON and the English formats keep the
 * codes). */
struct pr_out {
	struct cli_out *rows;
	bool words;
};

static const char *pr_kind(const struct pr_out *out, const char *code)
{
	return out->words ? _(label_of(&labels_problem_kind, code)) : code;
}

static void pr_row(const struct pr_out *out, const char *kind, const struct terrmap_node *t,
		   const char *detail, const char *dist, const char *order, const char *date,
		   const char *amount)
{
	const char *row[PR_COLS] = { pr_kind(out, kind),
				     t ? t->code : "",
				     t ? terrmap_name(t, i18n_lang()) : "",
				     detail,
				     dist,
				     order,
				     date,
				     amount };
	cli_out_row(out->rows, row);
}

static const char *pr_place(const struct tmap *m, int t)
{
	return t >= 0 ? m->nodes[t].code : "—";
}

static void pr_rights(const struct pr_out *out, const struct tmap *m)
{
	char a[DATE_BUF], b[DATE_BUF], c[DATE_BUF], d[DATE_BUF];
	for (int i = 0; i < m->nrights; i++) {
		const struct terrmap_right *x = &m->rights[i];
		for (int j = i + 1; j < m->nrights; j++) {
			const struct terrmap_right *y = &m->rights[j];
			if (!terrmap_rights_conflict(m->nodes, m->n, x, y, m->today))
				continue;
			int place = terrmap_within(m->nodes, m->n, x->territory, y->territory)
					    ? x->territory
					    : y->territory;
			char *detail =
				xasprintf(_("%s holds %s in %s from %s to %s; %s in %s from "
					    "%s to %s"),
					  x->holder_code, x->category, pr_place(m, x->territory),
					  date_format(x->start, a), date_format(x->end, b),
					  y->holder_code, pr_place(m, y->territory),
					  date_format(y->start, c), date_format(y->end, d));
			char *dists = xasprintf("%s, %s", x->holder_code, y->holder_code);
			pr_row(out, "conflict", place >= 0 ? &m->nodes[place] : NULL, detail, dists,
			       "", "", "");
			free(detail);
			free(dists);
		}
	}
	for (int i = 0; i < m->nrights; i++) {
		const struct terrmap_right *x = &m->rights[i];
		if (!terrmap_right_held_by_inactive(x, m->today))
			continue;
		char *detail = xasprintf(_("%s, %s, holds %s until %s"), x->holder_name,
					 _(lifecycle_status_label(x->holder_status)), x->category,
					 date_format(x->end, a));
		pr_row(out, "inactive_holder", x->territory >= 0 ? &m->nodes[x->territory] : NULL,
		       detail, x->holder_code, "", "", "");
		free(detail);
	}
}

static int problems_run_as(const char *command, const struct cli_global *g, int argc, char **argv)
{
	struct report_opts o = { .command = command };
	int rc = report_parse("problems", argc, argv, false, &o);
	if (rc)
		return rc;
	qd_db *db;
	struct tmap m;
	if ((rc = report_open(g, &o, &db, &m)))
		return rc;
	struct terrmap_shipment *sales = NULL;
	int nsales = db_tmap_cross_list(db, o.period, &sales);
	if (nsales < 0) {
		rc = cli_fail_db(_("Could not read the cross-territory sales"), db_errmsg(db),
				 db_errdetail(db));
		db_tmap_free(&m);
		db_close(db);
		return rc;
	}
	static const enum cli_col_type types[PR_COLS] = { CLI_COL_TEXT, CLI_COL_TEXT,  CLI_COL_TEXT,
							  CLI_COL_TEXT, CLI_COL_TEXT,  CLI_COL_TEXT,
							  CLI_COL_TEXT, CLI_COL_NUMBER };
	const char *titles[PR_COLS];
	char *translated[PR_COLS];
	for (int i = 0; i < PR_COLS; i++)
		titles[i] = translated[i] = xstrdup(_(pr_titles[i]));
	struct pr_out po = { cli_out_new(PR_COLS, cli_out_keys(o.format, pr_names, titles), titles,
					 types),
			     cli_out_uses_words(o.format) };
	const struct pr_out *out = &po;
	pr_rights(out, &m);
	for (int t = 0; t < m.n; t++) {
		if (m.nodes[t].problems.orphan)
			pr_row(out, "orphan", &m.nodes[t], _("no active distributor"), "", "", "",
			       "");
		if (m.nodes[t].problems.no_rep)
			pr_row(out, "no_rep", &m.nodes[t], _("no active rep covers it"), "", "", "",
			       "");
	}
	char day[DATE_BUF], money[MONEY_BUF];
	for (int i = 0; i < nsales; i++) {
		const struct terrmap_shipment *x = &sales[i];
		int to = -1;
		for (int t = 0; t < m.n && to < 0; t++)
			if (!strcmp(m.nodes[t].code, x->to_code))
				to = t;
		char *detail = xasprintf(_("shipped into %s from %s"), x->to_code, x->from_code);
		pr_row(out, "cross_territory", to >= 0 ? &m.nodes[to] : NULL, detail,
		       x->distributor_code, x->order_no, date_format(x->ship_date, day),
		       money_format_plain(x->total_fen, money));
		free(detail);
	}
	free(sales);
	rc = report_write(po.rows, db, &o);
	for (int i = 0; i < PR_COLS; i++)
		free(translated[i]);
	db_tmap_free(&m);
	db_close(db);
	return rc;
}

static int territories_run(const struct cli_global *g, int argc, char **argv)
{
	return territories_run_as("report", g, argc, argv);
}

static int territories_export_run(const struct cli_global *g, int argc, char **argv)
{
	return territories_run_as("export", g, argc, argv);
}

static int problems_run(const struct cli_global *g, int argc, char **argv)
{
	return problems_run_as("report", g, argc, argv);
}

static int problems_export_run(const struct cli_global *g, int argc, char **argv)
{
	return problems_run_as("export", g, argc, argv);
}

const struct cli_kind cli_report_territories = {
	.name = "territories",
	.usage = N_("[--period 2026-11|2026-Q4|2026] [--region CODE] [--format "
		    "table|csv|tsv|json] [--bom] [-o FILE] [--encoding utf-8|gb18030]"),
	.summary = N_("the territory map's figures, one row per territory"),
	.run = territories_run,
};

const struct cli_kind cli_report_problems = {
	.name = "problems",
	.usage = N_("[--period 2026-11|2026-Q4|2026] [--format table|csv|tsv|json] [--bom] "
		    "[-o FILE] [--encoding utf-8|gb18030]"),
	.summary = N_("exclusive-right conflicts, orphans, territories without a rep, 窜货 sales"),
	.run = problems_run,
};

/* The same reports as files for Excel: CSV unless told. */
const struct cli_kind cli_export_territory_map = {
	.name = "territory-map",
	.usage = N_("[--period 2026-11|2026-Q4|2026] [--region CODE] [-o FILE] [--format "
		    "csv|tsv|json|table] [--bom] [--encoding utf-8|gb18030] [--lang zh|en]"),
	.summary = N_("the territory map's figures (as qudao report territories)"),
	.run = territories_export_run,
};

const struct cli_kind cli_export_territory_problems = {
	.name = "territory-problems",
	.usage = N_("[--period 2026-11|2026-Q4|2026] [-o FILE] [--format csv|tsv|json|table] "
		    "[--bom] [--encoding utf-8|gb18030] [--lang zh|en]"),
	.summary = N_("the territory problems (as qudao report problems)"),
	.run = problems_export_run,
};
