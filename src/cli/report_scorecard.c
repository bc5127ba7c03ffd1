/* qudao report scorecard: every distributor's score for a period, its parts,
 * grade, rank and estimated rebate, as the Scorecards tab shows them (the same
 * board, db/scoring); --explain CODE prints one distributor's parts with
 * their formulas and inputs, and the rows behind them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qudao/cli.h"
#include "qudao/cli_out.h"
#include "qudao/i18n.h"
#include "qudao/money.h"
#include "qudao/reference.h"
#include "qudao/scorecard.h"
#include "qudao/scoring.h"
#include "qudao/setup.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

struct scorecard_opts {
	const char *command; /* "report", or "export" (CSV unless told) */
	qd_period period;
	qd_date today;
	const char *region, *rep, *explain;
	enum cli_format format;
	bool bom;
	struct cli_dest dest;
};

static int scorecard_parse(int argc, char **argv, struct scorecard_opts *o)
{
	/* In a quarter's first days, the quarter before, as the screen;
	 * today read once, so that the default period, its notice and the
	 * scores agree around midnight. */
	o->today = date_today();
	o->period = score_default_period(o->today);
	bool given = false, format_given = false;
	o->format = strcmp(o->command, "export") ? CLI_FORMAT_TABLE : CLI_FORMAT_CSV;
	o->dest.enc = ENC_UTF8;
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
		if (strcmp(a, "--period") && strcmp(a, "--region") && strcmp(a, "--rep") &&
		    strcmp(a, "--format") && strcmp(a, "--explain"))
			return cli_usage_error(o->command, _("Unknown option \"%s\"."), a);
		if (i + 1 >= argc)
			return cli_usage_error(o->command, _("%s needs a value."), a);
		/* A code pasted with spaces around it is the code; nothing but
		 * spaces is no value. */
		char *v = argv[++i];
		v += strspn(v, " \t");
		for (size_t n = strlen(v); n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'); n--)
			v[n - 1] = '\0';
		if (!*v)
			return cli_usage_error(o->command, _("%s needs a value."), a);
		if (!strcmp(a, "--period")) {
			given = true;
			/* The screen's words for both. */
			if (period_parse_typed(v, &o->period))
				return cli_usage_error(
					o->command,
					_("\"%s\" is not a period: 2026, 2026-Q3 or 2026-09."), v);
			if (o->period.y < DATE_MIN_YEAR || o->period.y > DATE_MAX_YEAR)
				return cli_usage_error(
					o->command,
					_("%s is outside the years qudao keeps, %d to %d."), v,
					DATE_MIN_YEAR, DATE_MAX_YEAR);
		} else if (!strcmp(a, "--format")) {
			format_given = true;
			if (cli_format_parse(v, &o->format))
				return cli_usage_error(o->command,
						       _("\"%s\" is not a format: table, csv, tsv "
							 "or json."),
						       v);
		} else if (!strcmp(a, "--region")) {
			o->region = v;
		} else if (!strcmp(a, "--rep")) {
			o->rep = v;
		} else {
			o->explain = v;
		}
	}
	/* -o x.csv alone is CSV, as its name says; said before anything is
	 * printed. */
	int bad = cli_format_settle(o->command, format_given, o->dest.path, o->bom, o->dest.enc,
				    &o->format);
	if (!bad)
		bad = cli_dest_check(o->command, &o->dest, o->format, o->bom);
	if (bad)
		return bad;
	/* The filters choose rows of the ranking; an explanation is of one
	 * distributor, named. */
	if (o->explain && (o->region || o->rep))
		return cli_usage_error(o->command, "%s",
				       _("--explain is of one distributor: leave out --region "
					 "and --rep with it."));
	if (o->explain && o->dest.path && o->format == CLI_FORMAT_TABLE)
		return cli_usage_error(o->command, "%s",
				       _("An explanation as a table is for the terminal: give "
					 "--format csv, tsv or json to write it to a file."));
	qd_date today = o->today;
	if (!score_period_begun(o->period, today)) {
		char per[PERIOD_BUF], day[DATE_BUF];
		return cli_usage_error(o->command,
				       _("%s has not begun (today is %s): there is nothing to "
					 "score yet."),
				       period_format(o->period, per), date_format(today, day));
	}
	qd_period now;
	int early = given ? -1 : score_early_days(o->today, &now);
	char per[PERIOD_BUF], before[PERIOD_BUF];
	if (early > 0) {
		/* TRANSLATORS: the quarter under way, its days over, the quarter
		 * reported instead. */
		const char *f = ngettext("qudao: %1$s has run %2$d day, too few to rank: the "
					 "report is of %3$s (--period %1$s for the quarter under "
					 "way).\n",
					 "qudao: %1$s has run %2$d days, too few to rank: the "
					 "report is of %3$s (--period %1$s for the quarter under "
					 "way).\n",
					 (unsigned long)early);
		cli_print(stderr, f, period_format(now, per), early,
			  period_format(o->period, before));
	} else if (early == 0) {
		/* TRANSLATORS: the quarter that began today, the quarter
		 * reported instead. */
		const char *f = _("qudao: %1$s began today, too early to rank: the report is of "
				  "%2$s (--period %1$s for the quarter under way).\n");
		cli_print(stderr, f, period_format(now, per), period_format(o->period, before));
	}
	return CLI_OK;
}

/* A region or rep named by its code, without regard to case, or else by
 * its whole name (华南区); 0 when none is given; -1 when none has that code
 * or name, -2 when more than one has that name. */
static int64_t scorecard_ref(const struct score_ref *list, int n, const char *code)
{
	if (!code)
		return 0;
	for (int i = 0; i < n; i++)
		if (!strcasecmp(list[i].code, code))
			return list[i].id;
	int64_t found = -1;
	for (int i = 0; i < n; i++)
		if (!strcmp(list[i].name, code))
			found = found == -1 ? list[i].id : -2;
	return found;
}

/* "87.5"; n/a is NULL outside a table (empty in CSV, null in JSON). */
static const char *scorecard_points(int tenths, enum cli_format f, char *buf, size_t size)
{
	if (tenths == SCORE_NA && f != CLI_FORMAT_TABLE)
		return NULL;
	return score_format(tenths, buf, size);
}

static const char *scorecard_money(int64_t fen, enum cli_format f, char *buf)
{
	return f == CLI_FORMAT_TABLE ? money_format(fen, buf) : money_format_plain(fen, buf);
}

/* The rows in rank order, then the scored but gone (terminated) best
 * first, then those not scored; between equals, by id (a fixed order, not
 * a meaningful one), as the Scorecards tab lists them. */
static const struct score_board *scorecard_sort_board;
static int scorecard_rank_cmp(const void *a, const void *b)
{
	const struct score_row *x = &scorecard_sort_board->rows[*(const int *)a];
	const struct score_row *y = &scorecard_sort_board->rows[*(const int *)b];
	if ((x->rank > 0) != (y->rank > 0))
		return x->rank > 0 ? -1 : 1;
	if (x->r.scored != y->r.scored)
		return x->r.scored ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	if (x->rank == 0 && x->r.scored && x->r.score != y->r.score)
		return y->r.score - x->r.score;
	return (x->id > y->id) - (x->id < y->id);
}

enum { SC_COLS = 2 + SCORE_PARTS + 5 };

/* A rep owning nothing on the board: a manager owns their region's
 * distributors through their reps, and is shown the way to them. */
static void scorecard_rep_empty(qd_db *db, const struct score_board *b, int64_t rep,
				const char *code, const char *per)
{
	struct rep_rec r;
	const struct score_ref *region = NULL;
	if (db_setup_rep_get(db, rep, &r) == DB_OK && r.role == ROLE_MANAGER)
		region = score_board_region(b, r.region_id);
	if (region)
		cli_print(stderr,
			  _("No distributor owned by %s is on the scorecards of %s. (%s is a "
			    "manager: for the whole region, give --region %s.)\n"),
			  code, per, code, region->code);
	else
		cli_print(stderr, _("No distributor owned by %s is on the scorecards of %s.\n"),
			  code, per);
}

static int scorecard_board(qd_db *db, struct score_board *b, const struct scorecard_opts *o,
			   int64_t region, int64_t rep)
{
	const char *names[SC_COLS] = { "code", "name" }, *titles[SC_COLS];
	for (int p = 0; p < SCORE_PARTS; p++)
		names[2 + p] = score_part_key(p);
	names[10] = "score";
	names[11] = "grade";
	names[12] = "rank";
	names[13] = "rebate";
	names[14] = "not_ranked";
	titles[0] = _("Code");
	titles[1] = _("Name");
	for (int p = 0; p < SCORE_PARTS; p++)
		titles[2 + p] = _(score_part_short(p));
	titles[10] = _("Score");
	/* TRANSLATORS: the column of a scorecard's grade (A-D). */
	titles[11] = _("Grade");
	titles[12] = _("Rank");
	titles[13] = _("Rebate");
	/* TRANSLATORS: the report's column that says why a distributor has
	 * no rank ("terminated in the period", "no activity"). */
	titles[14] = _("Why not ranked");
	enum cli_col_type types[SC_COLS];
	for (int c = 0; c < SC_COLS; c++)
		types[c] = c < 2 || c == 11 || c == 14 ? CLI_COL_TEXT
			   : c == 12		       ? CLI_COL_INT
						       : CLI_COL_NUMBER;
	int *order = xcalloc((size_t)b->n + 1, sizeof *order);
	int n = 0;
	for (int i = 0; i < b->n; i++) {
		const struct score_row *x = &b->rows[i];
		if ((region && x->region_id != region) || (rep && x->rep_id != rep))
			continue;
		order[n++] = i;
	}
	scorecard_sort_board = b;
	qsort(order, (size_t)n, sizeof *order, scorecard_rank_cmp);
	struct cli_out *out =
		cli_out_new(SC_COLS, cli_out_keys(o->format, names, titles), titles, types);
	char pts[SCORE_PARTS + 1][16], grade[2], rank[16], rebate[MONEY_BUF];
	for (int k = 0; k < n; k++) {
		const struct score_row *x = &b->rows[order[k]];
		const char *v[SC_COLS];
		v[0] = x->code;
		v[1] = x->name;
		for (int p = 0; p < SCORE_PARTS; p++)
			v[2 + p] = scorecard_points(x->r.sub[p], o->format, pts[p], sizeof pts[p]);
		/* Not scored: no score, grade or rank. */
		v[10] = x->r.scored ? scorecard_points(x->r.score, o->format, pts[SCORE_PARTS],
						       sizeof pts[SCORE_PARTS])
				    : NULL;
		/* Why there is no rank, in every format (a spreadsheet showed
		 * a grade A without a rank, and rows without anything, and
		 * did not say why). */
		v[14] = x->rank > 0		       ? NULL
			: o->format == CLI_FORMAT_JSON ? score_not_ranked_key(&x->r, x->rank)
						       : _(score_not_ranked_label(&x->r, x->rank));
		grade[0] = x->r.scored ? x->r.grade : '\0';
		grade[1] = '\0';
		v[11] = grade[0] ? grade : NULL;
		snprintf(rank, sizeof rank, "%d", x->rank);
		v[12] = x->rank > 0 ? rank : NULL;
		v[13] = scorecard_money(x->rebate_fen, o->format, rebate);
		cli_out_row(out, v);
	}
	int rc = cli_dest_write(out, db, &o->dest, o->format, o->bom);
	cli_out_free(out);
	free(order);
	/* Nothing to list is said, on stderr (the file stays a header): a
	 * manager giving their own code, or a period before the data, had
	 * a header alone and no word why. */
	if (rc == CLI_OK && n == 0) {
		char per[PERIOD_BUF];
		period_format(o->period, per);
		if (rep && region)
			cli_print(stderr,
				  _("No distributor owned by %s in region %s is on the scorecards "
				    "of %s.\n"),
				  o->rep, o->region, per);
		else if (rep)
			scorecard_rep_empty(db, b, rep, o->rep, per);
		else if (region)
			cli_print(stderr,
				  _("No distributor of region %s is on the scorecards of %s.\n"),
				  o->region, per);
		else
			cli_print(stderr,
				  _("No distributor is on the scorecards of %s: none had an "
				    "agreement running then.\n"),
				  per);
	}
	return rc;
}

/* The explanation's columns: a table shows the first six, words for
 * people; CSV, TSV and JSON add the numbers apart, money in plain yuan,
 * and a first row for the whole score. */
enum {
	EX_PART,
	EX_KIND,
	EX_DATE,
	EX_WHAT,
	EX_AMOUNT,
	EX_MEANING,
	EX_TABLE_COLS,
	EX_SCORE = EX_TABLE_COLS,
	EX_WEIGHT,
	EX_COST,
	EX_GRADE,
	EX_RANK,
	EX_COLS
};

/* A part or a row kind: its words, or in JSON a key ("order line":
 * "order_line"). */
static const char *scorecard_key(const char *msgid, enum cli_format f, char *buf, size_t size)
{
	if (f != CLI_FORMAT_JSON)
		return _(msgid);
	char *key = text_key_of(msgid);
	text_copy(buf, size, key);
	free(key);
	return buf;
}

static int scorecard_explain(qd_db *db, struct score_board *b, int i,
			     const struct scorecard_opts *o)
{
	struct score_explain x;
	qd_rc rc = db_scoring_explain(db, b, i, &x);
	if (rc) {
		db_scoring_explain_free(&x);
		return cli_fail_db(_("Could not read the rows behind the score"), db_errmsg(db),
				   db_errdetail(db));
	}
	const struct score_row *r = &b->rows[i];
	const struct score_settings *s = &b->settings;
	bool table = o->format == CLI_FORMAT_TABLE;
	char per[PERIOD_BUF], score[16], money[MONEY_BUF], head[1400];
	period_format(b->period, per);
	/* Who, the score, and what it was made with: a table's heading, the
	 * first row of the others. */
	char normalised[200] = "", settings[200];
	score_format(r->r.score, score, sizeof score);
	if (s->normalise && r->r.scored) {
		/* With the best it is divided by, so that it can be worked out
		 * again (two decimals: the score is rounded once, at the end). */
		char raw[16], best[16];
		int k = score_board_best_of(b, i);
		score_fine_format(r->r.raw_fine, raw, sizeof raw);
		if (k >= 0 && !db_scoring_names(db, b, &k, 1))
			snprintf(normalised, sizeof normalised,
				 r->r.raw_fine > b->rows[k].r.raw_fine
					 /* One terminated in the period sets no
					  * one's best: above it, it is 100. */
					 ? _("Normalised to the best of its region: %s before, "
					     "above %s (%s's), the best of those not terminated, "
					     "so %s, the most there is.\n")
					 : _("Normalised to the best of its region: %s before ÷ %s "
					     "(%s's) × 100 = %s.\n"),
				 raw, score_fine_format(b->rows[k].r.raw_fine, best, sizeof best),
				 b->rows[k].code, score);
		else /* (to a tenth, as the screen says it) */
			snprintf(normalised, sizeof normalised,
				 _("Normalised to the best of its region; before that %s.\n"),
				 score_format(r->r.raw, raw, sizeof raw));
	}
	if (s->id)
		snprintf(settings, sizeof settings, _("Settings in force from %s.\n\n"), s->from);
	else
		snprintf(settings, sizeof settings, "%s",
			 _("The built-in settings are in force.\n\n"));
	if (table) {
		if (r->r.scored && r->gone)
			cli_print(stdout,
				  _("%s %s, %s: score %s, grade %c, terminated in the period: not "
				    "ranked; estimated rebate %s.\n"),
				  r->code, r->name, per, score, r->r.grade,
				  money_format(r->rebate_fen, money));
		else if (r->r.scored)
			cli_print(stdout,
				  _("%s %s, %s: score %s, grade %c, rank %d of %d; estimated "
				    "rebate %s.\n"),
				  r->code, r->name, per, score, r->r.grade, r->rank, b->scored,
				  money_format(r->rebate_fen, money));
		else
			cli_print(stdout,
				  _("%s %s, %s: not scored (%s); estimated rebate %s.\n%s\n"),
				  r->code, r->name, per, _(score_unscored_label(&r->r)),
				  money_format(r->rebate_fen, money),
				  _(score_unscored_reason(&r->r)));
		cli_print(stdout, "%s%s", normalised, settings);
	}
	static const char *const names[EX_COLS] = { "part",   "kind",	 "date",  "what",
						    "amount", "meaning", "score", "weight",
						    "cost",   "grade",	 "rank" };
	const char *titles[EX_COLS] = { _("Part"), _("Row"), _("Date"), _("What"),
					/* TRANSLATORS: the column of money, and of the
					 * quantities an inventory count found. */
					_("Amount or quantity"), _("Meaning"), _("Score"),
					_("Weight"), _("Cost"),
					/* TRANSLATORS: the column of a scorecard's grade (A-D). */
					_("Grade"), _("Rank") };
	static const enum cli_col_type types[EX_COLS] = {
		CLI_COL_TEXT,	CLI_COL_TEXT, CLI_COL_TEXT,   CLI_COL_TEXT,
		CLI_COL_NUMBER, CLI_COL_TEXT, CLI_COL_NUMBER, CLI_COL_NUMBER,
		CLI_COL_NUMBER, CLI_COL_TEXT, CLI_COL_INT
	};
	int ncols = table ? EX_TABLE_COLS : EX_COLS;
	/* A table's amounts are words ("¥1,234.50"), set right by hand. */
	enum cli_col_type col_types[EX_COLS];
	for (int c = 0; c < EX_COLS; c++)
		col_types[c] = table && c == EX_AMOUNT ? CLI_COL_TEXT : types[c];
	struct cli_out *out =
		cli_out_new(ncols, cli_out_keys(o->format, names, titles), titles, col_types);
	/* (what, amount, when and meaning as long as each other:
	 * score_evidence_cells is given one size for all four.) */
	char formula[600], inputs[600], what[1300], amount[1300], when[1300], meaning[1300];
	char kp[64], kk[64];
	if (!table) {
		char grade[2] = { r->r.grade, 0 }, rank[16], who[600], rebate[MONEY_BUF];
		snprintf(rank, sizeof rank, "%d", r->rank);
		snprintf(who, sizeof who, "%s %s", r->code, r->name);
		/* Not scored: why, then the settings; scored: the settings. */
		/* Not scored, or gone: why, then the settings. */
		const char *why = !r->r.scored ? _(score_unscored_reason(&r->r))
				  : r->gone    ? _("Terminated in the period: scored for its days "
						      "of business, not ranked.")
					       : "";
		snprintf(head, sizeof head, "%s%s%s%s", why, *why ? " " : "", normalised, settings);
		/* One line: the sentences' line ends are the table's. */
		for (char *c = head; *c; c++)
			if (*c == '\n')
				*c = ' ';
		size_t len = strlen(head);
		while (len && head[len - 1] == ' ')
			head[--len] = '\0';
		const char *v[EX_COLS] = {
			/* TRANSLATORS: the first row of a score's explanation as
			 * CSV: the whole score, its grade and rank. */
			[EX_PART] = o->format == CLI_FORMAT_JSON ? "total" : _("Overall score"),
			[EX_KIND] = scorecard_key(N_("score"), o->format, kk, sizeof kk),
			[EX_DATE] = per,
			[EX_WHAT] = who,
			[EX_AMOUNT] = money_format_plain(r->rebate_fen, rebate),
			[EX_MEANING] = head,
			[EX_SCORE] = r->r.scored ? score : NULL,
			[EX_WEIGHT] = NULL,
			[EX_GRADE] = r->r.scored ? grade : NULL,
			[EX_RANK] = r->rank > 0 ? rank : NULL,
		};
		cli_out_row(out, v);
	}
	for (int p = 0; p < SCORE_PARTS; p++) {
		char sub[16], weight[16], cost[20] = "";
		score_format(r->r.sub[p], sub, sizeof sub);
		score_format(r->r.weight[p], weight, sizeof weight);
		/* What the part cost the score, as the screen's Cost column says
		 * it ("−21.0" in the table's words, -21.0 in a file). */
		if (r->r.scored)
			score_cost_format(&r->r, p, table ? "−" : "-", cost, sizeof cost);
		score_part_formula(p, formula, sizeof formula);
		score_part_inputs(p, s, &x.f, &r->r, inputs, sizeof inputs);
		if (!r->r.scored)
			/* Nothing is weighed when the distributor is not scored. */
			snprintf(what, sizeof what, "%s", r->r.sub[p] == SCORE_NA ? _("n/a") : sub);
		else if (r->r.sub[p] == SCORE_NA)
			snprintf(what, sizeof what, _("n/a: its weight %d%% goes to the others"),
				 s->weight[p]);
		else if (r->r.below[p] && table && cost[0])
			/* TRANSLATORS: the last %s is what the part cost the
			 * score, "−5.0". */
			snprintf(what, sizeof what,
				 _("%s, under the threshold %d: counts 0, weight %s%%; cost %s"),
				 sub, s->threshold, weight, cost);
		else if (r->r.below[p])
			snprintf(what, sizeof what,
				 _("%s, under the threshold %d: counts 0, weight %s%%"), sub,
				 s->threshold, weight);
		else if (table && cost[0])
			/* TRANSLATORS: the last %s is what the part cost the
			 * score, "−21.0". */
			snprintf(what, sizeof what, _("%s, weight %s%%; cost %s"), sub, weight,
				 cost);
		else
			snprintf(what, sizeof what, _("%s, weight %s%%"), sub, weight);
		/* TRANSLATORS: a part's inputs, then its formula, as the screen's
		 * explanation says them. */
		snprintf(meaning, sizeof meaning, _("%s. How it is counted: %s"), inputs, formula);
		bool weighed = r->r.scored && r->r.sub[p] != SCORE_NA;
		const char *v[EX_COLS] = {
			[EX_PART] = o->format == CLI_FORMAT_JSON ? score_part_key(p)
								 : _(score_part_label(p)),
			[EX_KIND] = scorecard_key(N_("score"), o->format, kk, sizeof kk),
			[EX_DATE] = per,
			[EX_WHAT] = what,
			[EX_AMOUNT] = NULL,
			[EX_MEANING] = meaning,
			[EX_SCORE] = r->r.sub[p] == SCORE_NA ? NULL : sub,
			[EX_WEIGHT] = weighed ? weight : NULL,
			[EX_COST] = cost[0] ? cost : NULL,
		};
		cli_out_row(out, v);
	}
	for (int k = 0; k < x.n; k++) {
		const struct score_evidence *e = &x.rows[k];
		bool bad;
		/* (Money in plain yuan outside a table; a count is a number.) */
		int part = score_evidence_part(e);
		/* An order shipped outside the territory is also the territory
		 * part's evidence: listed under both. */
		for (int again = 0; again < 2; again++) {
			if (again && (part = score_evidence_part_too(e)) < 0)
				break;
			/* What the row means for the part it is listed under. */
			score_evidence_cells(e, when, what, amount, meaning, sizeof meaning, &bad);
			if (!table)
				score_evidence_amount_plain(e, amount);
			score_evidence_meaning_in(e, part, meaning, sizeof meaning, &bad);
			const char *v[EX_COLS] = {
				[EX_PART] = part < 0 ? scorecard_key(N_("Rebate"), o->format, kp,
								     sizeof kp)
					    : o->format == CLI_FORMAT_JSON
						    ? score_part_key(part)
						    : _(score_part_label(part)),
				[EX_KIND] = scorecard_key(score_evidence_label(e->kind), o->format,
							  kk, sizeof kk),
				[EX_DATE] = when,
				[EX_WHAT] = what,
				[EX_AMOUNT] = amount[0] ? amount : NULL,
				[EX_MEANING] = meaning,
			};
			cli_out_row(out, v);
		}
	}
	int rc2 = cli_dest_write(out, db, &o->dest, o->format, o->bom);
	cli_out_free(out);
	db_scoring_explain_free(&x);
	return rc2;
}

static int scorecard_run_as(const char *command, const struct cli_global *g, int argc, char **argv)
{
	struct scorecard_opts o = { .command = command };
	int rc = scorecard_parse(argc, argv, &o);
	if (rc)
		return rc;
	char *path = cli_default_db_path(g, "qudao.db");
	if (!path)
		return CLI_FAILED;
	qd_db *db;
	char *err;
	if (db_open(path, g->read_only ? DB_OPEN_READONLY : DB_OPEN_EXISTING, &db, &err)) {
		cli_fail("%s", err);
		free(err);
		free(path);
		return CLI_FAILED;
	}
	free(path);
	struct score_board b;
	qd_rc qrc = db_scoring_board(db, o.period, o.today, true, &b);
	if (!qrc && !o.explain)
		qrc = db_scoring_rebates(db, &b);
	if (qrc) {
		rc = cli_fail_db(_("Could not read the scorecards"), db_errmsg(db),
				 db_errdetail(db));
	} else if (o.explain) {
		/* A code in full-width forms is the code it looks like, as an
		 * import reads it. */
		char *folded = text_code_fold(o.explain);
		if (folded && *folded)
			o.explain = folded;
		int i = -1;
		for (int k = 0; k < b.n && i < 0; k++)
			if (!strcasecmp(b.rows[k].code, o.explain))
				i = k;
		struct ref_item known;
		char per[PERIOD_BUF];
		if (i < 0 && db_ref_distributor_by_code(db, o.explain, &known) == DB_NOTFOUND)
			/* Not "not scored": there is none of that code. */
			rc = cli_fail(_("There is no distributor with the code \"%s\"."),
				      o.explain);
		else if (i < 0)
			rc = cli_fail(_("%s is not scored in %s: its agreement did not run then."),
				      o.explain, period_format(o.period, per));
		else if ((qrc = db_scoring_rebates_of(db, &b, &i, 1)))
			rc = cli_fail_db(_("Could not read the scorecards"), db_errmsg(db),
					 db_errdetail(db));
		else
			rc = scorecard_explain(db, &b, i, &o);
		free(folded);
	} else {
		int64_t region = scorecard_ref(b.regions, b.nregions, o.region);
		int64_t rep = scorecard_ref(b.reps, b.nreps, o.rep);
		if (region == -1)
			rc = cli_fail(_("There is no region with the code or name %s: give one as "
					"Setup lists them."),
				      o.region);
		else if (region == -2)
			rc = cli_fail(_("More than one region is named %s: give its code."),
				      o.region);
		else if (rep == -1)
			rc = cli_fail(_("There is no rep with the code or name %s: give one as "
					"Setup lists them."),
				      o.rep);
		else if (rep == -2)
			rc = cli_fail(_("More than one rep is named %s: give the code."), o.rep);
		else
			rc = scorecard_board(db, &b, &o, region, rep);
	}
	db_scoring_board_free(&b);
	db_close(db);
	return rc;
}

static int scorecard_run(const struct cli_global *g, int argc, char **argv)
{
	return scorecard_run_as("report", g, argc, argv);
}

static int scorecard_export_run(const struct cli_global *g, int argc, char **argv)
{
	return scorecard_run_as("export", g, argc, argv);
}

const struct cli_kind cli_report_scorecard = {
	.name = "scorecard",
	.usage = N_("[--period 2026-Q3] [--region CODE] [--rep CODE] [--format "
		    "table|csv|tsv|json] [--bom] [-o FILE] [--encoding utf-8|gb18030] "
		    "[--explain CODE]"),
	.summary = N_("every distributor's score, its parts, grade, rank and rebate"),
	.run = scorecard_run,
};

/* The same report as a file for Excel: CSV unless told. */
const struct cli_kind cli_export_scorecard = {
	.name = "scorecard",
	.usage = N_("[--period 2026-Q3] [--region CODE] [--rep CODE] [-o FILE] [--format "
		    "csv|tsv|json|table] [--bom] [--encoding utf-8|gb18030] [--lang zh|en] "
		    "[--explain CODE]"),
	.summary = N_("the scorecard report (as qudao report scorecard)"),
	.run = scorecard_export_run,
};
