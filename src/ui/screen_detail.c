/* One distributor's whole picture, in sections: an overview (profile,
 * agreement, sales against target with the pace, receivables, review, notes
 * whole, wrapped to the width), then every open invoice and the latest paid
 * ones, orders (窜货 in red), visits, payments, status history, open incidents
 * and training. Each section is a table: scrollable, its rows selectable. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/dist_detail.h"
#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "screen_visit.h"
#include "table.h"
#include "ui.h"

enum section {
	SEC_OVERVIEW,
	SEC_RECEIVABLES,
	SEC_ORDERS,
	SEC_VISITS,
	SEC_PAYMENTS,
	SEC_HISTORY,
	SEC_INCIDENTS,
	SEC_TRAINING,
	SEC_COUNT
};

static const char *const section_names[SEC_COUNT] = {
	/* TRANSLATORS: the sections of a distributor's detail, shown as tabs. */
	N_("Overview"), N_("Receivables"),    N_("Orders"),	    N_("Visits"),
	N_("Payments"), N_("Status history"), N_("Open incidents"), N_("Training"),
};

/* A row of any section: its id (mem rows start with it), its cells, colour. */
enum { DETAIL_CELLS = 6 };
struct detail_row {
	int64_t id;
	char *cell[DETAIL_CELLS];
	enum ui_color color;
	bool bold;
};

struct detail_section {
	struct table_mem mem; /* first: the table's ctx */
	struct detail_row *rows;
	int n, cap;
	struct table table;
	char export_name[80]; /* x's file: the code and the section */
};

/* The sections' names in the file x suggests (after the code). */
static const char *const section_files[SEC_COUNT] = {
	NULL,	    "receivables",    "orders",	   "visits",
	"payments", "status-history", "incidents", "training",
};

struct detail {
	int64_t id;
	struct distributor d;
	struct dist_detail x;
	int section;
	int width; /* the overview is wrapped to it */
	struct detail_section sec[SEC_COUNT];
	int tab_x[SEC_COUNT + 1], tabs_y;
};

static const struct ui_help detail_help[] = {
	{ N_("Left/Right, Tab"), N_("section"), true },
	{ N_("Up/Down, PgUp/PgDn, Home/End"), N_("scroll"), false },
	{ N_("e"), N_("edit"), true },
	{ N_("t"), N_("change status"), true },
	{ N_("Enter"), N_("the row in full (a visit: open it)"), false },
	{ N_("Esc"), N_("back"), true },
	{ N_("x"), N_("export what is shown"), true },
	/* TRANSLATORS: a narrow terminal hides columns (‹ › in the header);
	 * these keys show them. */
	{ N_("< >"), N_("columns hidden on a narrow terminal (‹ ›)"), false },
	{ NULL, NULL, false },
};

/* The columns of each section's table. */
static const struct table_col cols_overview[] = { { NULL, 0, 10, 0, false, -1 } };
static const struct table_col cols_receivables[] = {
	/* TRANSLATORS: column headers of the detail's sections. */
	{ N_("Due"), 10, 0, 0, false, -1 },   { N_("Invoice"), 0, 10, 2, false, -1 },
	{ N_("Amount"), 12, 0, 0, true, -1 }, { N_("Unpaid"), 12, 0, 0, true, -1 },
	{ N_("State"), 0, 10, 1, false, -1 },
};
static const struct table_col cols_orders[] = {
	{ N_("Date"), 10, 0, 0, false, -1 },
	{ N_("Order"), 12, 0, 2, false, -1 },
	{ N_("Status"), 8, 12, 0, false, -1 },
	/* TRANSLATORS: an order's ship date, the date its sales count on. */
	{ N_("Shipped on"), 10, 0, 1, false, -1 },
	{ N_("Total"), 12, 0, 0, true, -1 },
	{ N_("Shipped to"), 0, 8, 1, false, -1 },
};
static const struct table_col cols_visits[] = {
	{ N_("When"), 16, 0, 0, false, -1 },	{ N_("Status"), 8, 12, 0, false, -1 },
	{ N_("Rep"), 8, 0, 2, false, -1 },	{ N_("Display"), 7, 0, 1, true, -1 },
	{ N_("Summary"), 0, 10, 0, false, -1 },
};
static const struct table_col cols_payments[] = {
	{ N_("Paid on"), 10, 0, 0, false, -1 },
	{ N_("Amount"), 12, 0, 0, true, -1 },
	{ N_("Pays invoice"), 0, 10, 0, false, -1 },
};
static const struct table_col cols_history[] = {
	{ N_("When"), 16, 0, 0, false, -1 },
	{ N_("Change"), 12, 30, 0, false, -1 },
	{ N_("By"), 8, 0, 1, false, -1 },
	{ N_("Why"), 0, 10, 0, false, -1 },
};
static const struct table_col cols_incidents[] = {
	{ N_("Date"), 10, 0, 0, false, -1 },
	{ N_("Kind"), 12, 30, 0, false, -1 },
	{ N_("Severity"), 8, 0, 1, false, -1 },
	{ N_("Description"), 0, 10, 0, false, -1 },
};
static const struct table_col cols_training[] = {
	{ N_("Date"), 10, 0, 0, false, -1 },
	{ N_("Topic"), 0, 10, 0, false, -1 },
	{ N_("Attendee"), 10, 0, 1, false, -1 },
};

static const struct {
	const struct table_col *cols;
	int n;
} section_cols[SEC_COUNT] = {
	{ cols_overview, 1 }, { cols_receivables, 5 }, { cols_orders, 6 },    { cols_visits, 5 },
	{ cols_payments, 3 }, { cols_history, 4 },     { cols_incidents, 4 }, { cols_training, 3 },
};

/* ---- rows ---- */

static void detail_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
			enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	const struct detail_row *r = row;
	text_copy(buf, size, col < DETAIL_CELLS && r->cell[col] ? r->cell[col] : "");
	*color = r->color;
	if (r->bold)
		*attr |= A_BOLD;
}

/* A cell as a file wants it (x): in a number column (set right: the
 * amounts, the display), an amount in plain yuan ("¥119,644.80" is
 * 119644.80), a display's rating as its number ("4/5", which Excel would
 * take for a date, is 4); the rest as shown. */
static void detail_export_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			       size_t size)
{
	(void)ui;
	const struct detail_section *sec = ctx;
	const struct detail_row *r = row;
	const char *s = col < DETAIL_CELLS && r->cell[col] ? r->cell[col] : "";
	bool number = col < sec->table.ncols && sec->table.cols[col].right;
	int64_t fen;
	char plain[MONEY_BUF];
	int rating;
	char rest;
	if (!number)
		text_copy(buf, size, s);
	else if ((!strncmp(s, "¥", strlen("¥")) || !strncmp(s, "-¥", strlen("-¥"))) &&
		 money_parse_any(s, &fen) == 0)
		text_copy(buf, size, money_format_plain(fen, plain));
	else if (sscanf(s, "%d/5%c", &rating, &rest) == 1 && rating >= 0 && rating <= 5)
		snprintf(buf, size, "%d", rating);
	else
		text_copy(buf, size, s);
}

static const struct table_source detail_source = {
	.row_size = sizeof(struct detail_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.find = table_mem_find,
	.count = table_mem_count,
	.cell = detail_cell,
	.export_cell = detail_export_cell,
};

static void section_clear(struct detail_section *sec)
{
	for (int i = 0; i < sec->n; i++)
		for (int c = 0; c < DETAIL_CELLS; c++)
			free(sec->rows[i].cell[c]);
	sec->n = 0;
}

/* Adds a row of DETAIL_CELLS cells (NULL for an empty one). */
static struct detail_row *section_add(struct detail_section *sec, enum ui_color color, bool bold,
				      const char *c0, const char *c1, const char *c2,
				      const char *c3, const char *c4, const char *c5)
{
	if (sec->n == sec->cap) {
		sec->cap = sec->cap ? sec->cap * 2 : 16;
		sec->rows = xrealloc(sec->rows, (size_t)sec->cap * sizeof *sec->rows);
	}
	struct detail_row *r = &sec->rows[sec->n];
	r->id = ++sec->n;
	const char *cells[DETAIL_CELLS] = { c0, c1, c2, c3, c4, c5 };
	for (int c = 0; c < DETAIL_CELLS; c++)
		r->cell[c] = cells[c] ? xstrdup(cells[c]) : NULL;
	r->color = color;
	r->bold = bold;
	return r;
}

/* An overview line, wrapped to the width: long lines become several. */
static void overview_add(struct detail *s, enum ui_color color, bool bold, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void overview_add(struct detail *s, enum ui_color color, bool bold, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	/* Every line of a wrapped one keeps its indent, and a " · " between
	 * parts is not where a line starts: the space before the dot does not
	 * break (U+00A0). */
	size_t indent = strspn(text, " ");
	char *glued = xmalloc(strlen(text) * 2 + 1), *o = glued;
	for (const char *p = text + indent; *p; p++) {
		if (!strncmp(p, " · ", strlen(" · "))) {
			o += sprintf(o, "\u00A0· ");
			p += strlen(" · ") - 1;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	int width = (s->width > 10 ? s->width : 10) - (int)indent;
	char **lines;
	int n = text_wrap(glued, width > 10 ? width : 10, &lines);
	for (int i = 0; i < n; i++) {
		/* The glue was for the wrapping: a plain space again. */
		for (char *g; (g = strstr(lines[i], "\u00A0"));) {
			*g = ' ';
			memmove(g + 1, g + 2, strlen(g + 2) + 1);
		}
		char *line = xasprintf("%*s%s", (int)indent, "", lines[i]);
		section_add(&s->sec[SEC_OVERVIEW], color, bold, line, NULL, NULL, NULL, NULL, NULL);
		free(line);
		free(lines[i]);
	}
	free(lines);
	free(glued);
	free(text);
}

static const char *detail_status(const char *code)
{
	qd_status st;
	return lifecycle_status_parse(code, &st) ? "—" : _(lifecycle_status_label(st));
}

/* Rounded, not truncated: 199/200 is 100 %. */
static int detail_percent(int64_t part, int64_t whole)
{
	return whole > 0 ? (int)((part * 200 + whole) / (2 * whole)) : 0;
}

static void overview_agreement(struct detail *s, struct ui *ui)
{
	const struct distributor *d = &s->d;
	qd_date end;
	if (!d->agreement_start[0] || !d->agreement_end[0] || date_parse(d->agreement_end, &end)) {
		overview_add(s, UI_DIM, false, "%s", _("Agreement: none signed yet"));
		return;
	}
	int left = date_diff(ui_today(ui), end);
	if (d->status == STATUS_TERMINATED) {
		/* It ended when the distributor was terminated, if that came first. */
		const char *ended = d->agreement_end;
		for (int i = 0; i < s->x.nhistory; i++)
			if (!strcmp(s->x.history[i].to, "terminated")) {
				char day[DATE_BUF];
				text_copy(day, sizeof day, s->x.history[i].at);
				if (strcmp(day, ended) < 0)
					ended = s->x.history[i].at;
				break;
			}
		overview_add(s, UI_DIM, false,
			     _("Agreement: %s to %s; ended on %.10s (terminated)"),
			     d->agreement_start, d->agreement_end, ended);
	} else if (d->status == STATUS_SUSPENDED) {
		const char *since = "";
		for (int i = 0; i < s->x.nhistory; i++)
			if (!strcmp(s->x.history[i].to, "suspended")) {
				since = s->x.history[i].at;
				break;
			}
		overview_add(s, UI_WARNING, false, _("Agreement: %s to %s; suspended since %.10s"),
			     d->agreement_start, d->agreement_end, since);
	} else if (left < 0) {
		overview_add(s, UI_ERROR, true,
			     ngettext("Agreement: %s to %s; EXPIRED %d day ago, renew or end it",
				      "Agreement: %s to %s; EXPIRED %d days ago, renew or end it",
				      (unsigned long)-left),
			     d->agreement_start, d->agreement_end, -left);
	} else {
		bool soon = left <= DIST_EXPIRING_DAYS;
		overview_add(s, soon ? UI_WARNING : UI_NORMAL, soon,
			     ngettext("Agreement: %s to %s (%d day left)",
				      "Agreement: %s to %s (%d days left)", (unsigned long)left),
			     d->agreement_start, d->agreement_end, left);
	}
}

static void overview_sales(struct detail *s, struct ui *ui)
{
	/* TRANSLATORS: sales periods on the detail screen. */
	const char *names[3] = { _("Month"), _("Quarter"), _("Year") };
	char sales[MONEY_BUF], target[MONEY_BUF];
	for (int i = 0; i < 3; i++) {
		const struct detail_period *p = &s->x.periods[i];
		money_format(p->sales_fen, sales);
		if (p->target_fen <= 0) {
			overview_add(s, UI_NORMAL, false, _("%s %s: sales %s, no target set"),
				     names[i], p->period, sales);
			continue;
		}
		/* The pace: the share of the target against the share of the
		 * period gone. */
		int days = date_diff(p->first, p->last) + 1;
		int gone = date_diff(p->first, ui_today(ui)) + 1;
		gone = gone < 0 ? 0 : gone > days ? days : gone;
		int pct = detail_percent(p->sales_fen, p->target_fen);
		int pace = detail_percent(gone, days);
		enum ui_color c = pct >= pace		? UI_GOOD
				  : pct >= pace * 3 / 4 ? UI_NORMAL
							: UI_WARNING;
		overview_add(s, c, false,
			     _("%s %s: sales %s of %s target, %d%% (day %d of %d, %d%% of the "
			       "period gone)"),
			     names[i], p->period, sales, money_format(p->target_fen, target), pct,
			     gone, days, pace);
	}
	if (s->x.open_orders > 0) {
		overview_add(s, UI_NORMAL, false,
			     ngettext("Open orders, not yet shipped: %d, %s",
				      "Open orders, not yet shipped: %d, %s",
				      (unsigned long)s->x.open_orders),
			     s->x.open_orders, money_format(s->x.open_orders_fen, sales));
	}
}

static void overview_receivables(struct detail *s)
{
	const struct aging *a = &s->x.aging;
	char m1[MONEY_BUF], m2[MONEY_BUF];
	overview_add(s, a->overdue_fen > 0 ? UI_ERROR : UI_NORMAL, a->overdue_fen > 0,
		     _("Receivables: %s outstanding, of which %s overdue"),
		     money_format(a->outstanding_fen, m1), money_format(a->overdue_fen, m2));
	char buckets[600] = "";
	size_t used = 0;
	for (int b = 0; b < AGING_BUCKETS && used < sizeof buckets; b++)
		if (a->bucket_fen[b])
			used += (size_t)snprintf(buckets + used, sizeof buckets - used, "%s%s %s",
						 used ? " · " : "", _(aging_label(b)),
						 money_format(a->bucket_fen[b], m1));
	if (buckets[0])
		overview_add(s, UI_NORMAL, false, "  %s", buckets);
	if (a->credit_fen > 0)
		overview_add(s, UI_GOOD, false, _("Paid in advance: %s"),
			     money_format(a->credit_fen, m1));
}

static void overview_build(struct detail *s, struct ui *ui)
{
	const struct distributor *d = &s->d;
	char money[MONEY_BUF];
	overview_add(s, UI_NORMAL, false, _("Status: %s · Tier %c · %s"),
		     _(lifecycle_status_label(d->status)), d->tier,
		     _(label_of(&labels_dist_type, d->type)));
	overview_add(s, UI_NORMAL, false, _("Contact: %s · Phone: %s"),
		     d->contact[0] ? d->contact : "—", d->phone[0] ? d->phone : "—");
	overview_add(s, UI_NORMAL, false, _("Address: %s"), d->address[0] ? d->address : "—");
	char territory[256] = "—", owner[256] = "—";
	if (d->territory_id) {
		/* TRANSLATORS: a name and its code, "广东省 (GD)". */
		snprintf(territory, sizeof territory, _("%s (%s)"), d->territory_name,
			 d->territory_code);
	}
	if (d->owner_rep_id) {
		/* TRANSLATORS: a name and its code, "周明 (R0008)". */
		snprintf(owner, sizeof owner, _("%s (%s)"), d->owner_name, d->owner_code);
	}
	overview_add(s, UI_NORMAL, false, _("Territory: %s · Owner: %s"), territory, owner);
	overview_add(s, UI_NORMAL, false,
		     ngettext("Credit limit: %s · Visit every %d day",
			      "Credit limit: %s · Visit every %d days",
			      (unsigned long)d->visit_every_days),
		     money_format(d->credit_limit_fen, money), d->visit_every_days);
	overview_agreement(s, ui);
	overview_sales(s, ui);
	overview_receivables(s);
	/* The latest visit whose day has come (the list holds planned ones
	 * ahead too). */
	char today[DATE_BUF];
	date_format(ui_today(ui), today);
	for (int i = 0; i < s->x.nvisits; i++) {
		if (strncmp(s->x.visits[i].at, today, 10) > 0)
			continue;
		char at[20];
		text_copy(at, sizeof at, s->x.visits[i].at);
		if (at[10] == 'T')
			at[10] = ' ';
		overview_add(s, UI_NORMAL, false, _("Latest visit: %s, %s"), at,
			     _(label_of(&labels_visit_status, s->x.visits[i].status)));
		break;
	}
	if (s->x.nincidents > 0)
		overview_add(s, UI_WARNING, true,
			     ngettext("%d open incident", "%d open incidents",
				      (unsigned long)s->x.nincidents),
			     s->x.nincidents);
	const struct detail_review *rv = &s->x.review;
	if (rv->present) {
		char scores[600] = "";
		size_t used = 0;
		for (int i = 0; i < REVIEW_CRITERIA && used < sizeof scores; i++)
			used += (size_t)snprintf(scores + used, sizeof scores - used, "%s%s %d",
						 i ? " · " : "", _(lifecycle_criterion_label(i)),
						 rv->scores[i]);
		overview_add(s, UI_NORMAL, false, _("Qualification review %s by %s: %s"), rv->on,
			     rv->by, scores);
		if (rv->note && rv->note[0])
			overview_add(s, UI_DIM, false, "  %s", rv->note);
	}
	if (d->notes[0])
		overview_add(s, UI_NORMAL, false, _("Notes: %s"), d->notes);
}

static void sections_build(struct detail *s, struct ui *ui)
{
	char m1[MONEY_BUF], m2[MONEY_BUF], buf[256];
	struct detail_section *sec;

	sec = &s->sec[SEC_RECEIVABLES];
	for (int i = 0; i < s->x.ndues; i++) {
		const struct detail_due *d = &s->x.dues[i];
		qd_date due;
		int late = date_parse(d->due, &due) ? 0 : date_diff(due, ui_today(ui));
		enum ui_color c = UI_NORMAL;
		if (d->open_fen == 0)
			text_copy(buf, sizeof buf, _("paid"));
		else if (late > 0) {
			snprintf(buf, sizeof buf,
				 ngettext("%d day late", "%d days late", (unsigned long)late),
				 late);
			c = UI_ERROR;
		} else {
			text_copy(buf, sizeof buf, _("not yet due"));
		}
		section_add(sec, d->open_fen ? c : UI_DIM, false, d->due, d->invoice,
			    money_format(d->amount_fen, m1),
			    d->open_fen ? money_format(d->open_fen, m2) : "", buf, NULL);
	}

	sec = &s->sec[SEC_ORDERS];
	for (int i = 0; i < s->x.norders; i++) {
		const struct detail_order *o = &s->x.orders[i];
		if (o->cross_territory)
			snprintf(buf, sizeof buf, _("%s: outside its territory (窜货)"),
				 o->ship_to);
		else
			text_copy(buf, sizeof buf, o->ship_to);
		/* The ship date beside the order date: a scorecard counts the
		 * sales on it (ordered the last day of a quarter, shipped the
		 * next, it is the next quarter's). */
		section_add(sec, o->cross_territory ? UI_ERROR : UI_NORMAL, o->cross_territory,
			    o->date, o->no, _(label_of(&labels_order_status, o->status)),
			    o->ship_date, money_format(o->total_fen, m1), buf);
	}

	sec = &s->sec[SEC_VISITS];
	for (int i = 0; i < s->x.nvisits; i++) {
		const struct detail_visit *v = &s->x.visits[i];
		char at[20], score[16] = "";
		text_copy(at, sizeof at, v->at);
		if (at[10] == 'T')
			at[10] = ' ';
		/* The display as the visit form scores it, 0 to 5. */
		if (v->score >= 0)
			snprintf(score, sizeof score, "%d/5", visit_rating_of_score(v->score));
		section_add(sec, UI_NORMAL, false, at, _(label_of(&labels_visit_status, v->status)),
			    v->rep, score, v->summary, NULL);
	}

	sec = &s->sec[SEC_PAYMENTS];
	for (int i = 0; i < s->x.npayments; i++) {
		const struct detail_payment *p = &s->x.payments[i];
		section_add(sec, UI_NORMAL, false, p->date, money_format(p->amount_fen, m1),
			    p->invoice[0] ? p->invoice : p->reference, NULL, NULL, NULL);
	}

	sec = &s->sec[SEC_HISTORY];
	for (int i = 0; i < s->x.nhistory; i++) {
		const struct detail_history *h = &s->x.history[i];
		qd_reason r;
		const char *reason =
			lifecycle_reason_parse(h->reason, &r) ? "" : _(lifecycle_reason_label(r));
		char at[20], change[128];
		text_copy(at, sizeof at, h->at);
		if (at[10] == 'T')
			at[10] = ' ';
		snprintf(change, sizeof change, "%s → %s",
			 h->from[0] ? detail_status(h->from) : "—", detail_status(h->to));
		/* A registration says so (stored without a note, it is read in the
		 * reader's language). */
		const char *note =
			!h->from[0] && !h->note[0] && !strcmp(h->to, "applicant") ? _("Registered")
										    : h->note;
		char *why = xasprintf("%s%s%s", reason, reason[0] && note[0] ? " · " : "", note);
		section_add(sec, UI_NORMAL, false, at, change, h->by, why, NULL, NULL);
		free(why);
	}

	sec = &s->sec[SEC_INCIDENTS];
	for (int i = 0; i < s->x.nincidents; i++) {
		const struct detail_incident *x = &s->x.incidents[i];
		section_add(sec, !strcmp(x->severity, "high") ? UI_ERROR : UI_WARNING, false,
			    x->date, _(label_of(&labels_incident_kind, x->kind)),
			    _(label_of(&labels_severity, x->severity)), x->description, NULL, NULL);
	}

	sec = &s->sec[SEC_TRAINING];
	for (int i = 0; i < s->x.ntrainings; i++) {
		const struct detail_training *t = &s->x.trainings[i];
		section_add(sec, UI_NORMAL, false, t->date, t->topic, t->attendee, NULL, NULL,
			    NULL);
	}
}

/* The sections as rows, from what was read. */
static void detail_rows(struct detail *s, struct ui *ui)
{
	for (int i = 0; i < SEC_COUNT; i++)
		section_clear(&s->sec[i]);
	overview_build(s, ui);
	sections_build(s, ui);
	for (int i = 0; i < SEC_COUNT; i++) {
		struct detail_section *sec = &s->sec[i];
		sec->mem = (struct table_mem){ sec->rows, sec->n, sizeof *sec->rows };
		/* Every row in memory: a section is read whole. */
		table_resize(&sec->table, sec->n);
		table_reload(&sec->table, ui);
	}
}

/* Reads everything again; 0, or -1 with a message shown. */
static int detail_read(struct detail *s, struct ui *ui)
{
	db_dist_detail_free(&s->x);
	if (db_dist_get(ui_db(ui), s->id, &s->d) ||
	    db_dist_detail(ui_db(ui), s->id, ui_today(ui), &s->x)) {
		ui_db_error(ui, NULL);
		return -1;
	}
	detail_rows(s, ui);
	return 0;
}

static void detail_leave(void *state)
{
	struct detail *s = state;
	for (int i = 0; i < SEC_COUNT; i++) {
		section_clear(&s->sec[i]);
		free(s->sec[i].rows);
		table_free(&s->sec[i].table);
	}
	db_dist_free(&s->d);
	db_dist_detail_free(&s->x);
	free(s);
}

static void *detail_enter(struct ui *ui, void *arg)
{
	struct detail *s = xcalloc(1, sizeof *s);
	s->id = *(const int64_t *)arg;
	s->width = COLS - 2;
	db_dist_init(&s->d);
	for (int i = 0; i < SEC_COUNT; i++) {
		table_init(&s->sec[i].table, section_cols[i].cols, section_cols[i].n,
			   &detail_source, &s->sec[i], 3);
		s->sec[i].table.header = i != SEC_OVERVIEW;
		s->sec[i].table.focused = i != SEC_OVERVIEW;
		s->sec[i].table.lines = i == SEC_OVERVIEW;
	}
	if (detail_read(s, ui)) {
		detail_leave(s);
		return NULL;
	}
	/* x exports a section as shown, as in the list. */
	for (int i = 0; i < SEC_COUNT; i++)
		if (section_files[i]) {
			snprintf(s->sec[i].export_name, sizeof s->sec[i].export_name, "%s-%s",
				 s->d.code, section_files[i]);
			s->sec[i].table.export_name = s->sec[i].export_name;
		}
	return s;
}

/* Whether row r is the one at names (struct detail_at's when and key). */
static bool detail_row_is(const struct detail_row *r, const char *when, const char *key)
{
	if (when && when[0]) {
		/* Times are shown "2026-10-13 10:00", kept "2026-10-13T10:00". */
		const char *c = r->cell[0] ? r->cell[0] : "";
		size_t i = 0;
		for (; when[i]; i++)
			if (c[i] != when[i] && !(when[i] == 'T' && c[i] == ' '))
				return false;
	}
	if (!key || !key[0])
		return true;
	for (int c = 0; c < DETAIL_CELLS; c++)
		if (r->cell[c] && !strcmp(r->cell[c], key))
			return true;
	return false;
}

/* The detail opened at one of its sections (DETAIL_AT_*, ui.h), the row
 * named there selected. */
static void *detail_enter_at(struct ui *ui, void *arg)
{
	const struct detail_at *at = arg;
	struct detail *s = detail_enter(ui, (void *)&at->id);
	if (!s || at->section < 0 || at->section >= SEC_COUNT)
		return s;
	s->section = at->section;
	struct detail_section *sec = &s->sec[at->section];
	if ((!at->when || !at->when[0]) && (!at->key || !at->key[0]))
		return s;
	for (int i = 0; i < sec->n; i++)
		if (detail_row_is(&sec->rows[i], at->when, at->key)) {
			table_show(&sec->table, ui, sec->rows[i].id);
			break;
		}
	return s;
}

static void detail_reload(void *state, struct ui *ui)
{
	detail_read(state, ui);
}

static void detail_draw_tabs(struct detail *s, int y, int width)
{
	char label[SEC_COUNT][128];
	const char *labels[SEC_COUNT];
	attr_t attrs[SEC_COUNT];
	for (int i = 0; i < SEC_COUNT; i++) {
		int n = s->sec[i].n;
		if (i == SEC_OVERVIEW || n == 0)
			snprintf(label[i], sizeof label[i], " %s ", _(section_names[i]));
		else
			snprintf(label[i], sizeof label[i], " %s %d ", _(section_names[i]), n);
		labels[i] = label[i];
		attrs[i] = i == s->section ? ui_attr(UI_TAB) : n ? A_NORMAL : ui_attr(UI_DIM);
	}
	s->tabs_y = y;
	_Static_assert((int)SEC_COUNT <= (int)UI_TAB_BAR_MAX, "more tabs than ui_tab_bar takes");
	ui_tab_bar(y, width, labels, attrs, SEC_COUNT, s->section, s->tab_x);
}

static void detail_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct detail *s = state;
	if (width - 2 != s->width) {
		/* The overview is wrapped to the width: again when it changes. */
		s->width = width - 2;
		detail_rows(s, ui);
	}
	char title[600];
	/* The code first: a long name is cut, not the code. */
	snprintf(title, sizeof title, "%s  %s", s->d.code, s->d.name);
	detail_draw_tabs(s, top + 1, width);
	struct detail_section *sec = &s->sec[s->section];
	if (sec->n == 0) {
		ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE) | A_BOLD, false);
		ui_text(top + 3, 2, width - 4, _("Nothing here yet."), ui_attr(UI_DIM), false);
		return;
	}
	table_draw(&sec->table, ui, top + 2, 1, height - 2, width - 2);
	/* The title once, with "12 of 54" at its end when the section has
	 * more rows than it shows. */
	table_draw_title(&sec->table, top, width, title);
}

static void detail_switch(struct detail *s, int by)
{
	s->section = (s->section + by + SEC_COUNT) % SEC_COUNT;
}

static void detail_scroll(void *state, struct ui *ui, int n)
{
	struct detail *s = state;
	struct table *t = &s->sec[s->section].table;
	if (s->section == SEC_OVERVIEW) {
		/* The overview scrolls as text: its first line moves. */
		table_scroll_text(t, n);
		return;
	}
	table_move(t, ui, n);
}

/* Enter on a section's row: a visit opens (recorded on its day, or
 * shown); any other row is shown in full, what its narrow columns cut
 * (the reason of a status change, an invoice number) included. */
static void detail_activate(struct detail *s, struct ui *ui)
{
	struct table *t = &s->sec[s->section].table;
	if (s->section == SEC_VISITS) {
		int64_t at = table_selected_id(t) - 1;
		if (at >= 0 && at < s->x.nvisits)
			visit_open(ui, s->x.visits[at].id);
		return;
	}
	char title[700];
	snprintf(title, sizeof title, "%s  %s · %s", s->d.code, s->d.name,
		 _(section_names[s->section]));
	struct row_view_req req = { .table = t, .title = title };
	ui_push(ui, &screen_row_view, &req);
}

static int detail_key(void *state, struct ui *ui, struct ui_key k)
{
	struct detail *s = state;
	if (ui_key_is_code(k, KEY_RIGHT) || ui_key_is(k, 'l') || ui_key_is(k, '\t')) {
		detail_switch(s, 1);
		return UI_HANDLED;
	}
	if (ui_key_is_code(k, KEY_LEFT) || ui_key_is(k, 'h') || ui_key_is_code(k, KEY_BTAB)) {
		detail_switch(s, -1);
		return UI_HANDLED;
	}
	struct table *t = &s->sec[s->section].table;
	if (s->section == SEC_OVERVIEW) {
		int by = table_text_key(t, k);
		if (by) {
			detail_scroll(s, ui, by);
			return UI_HANDLED;
		}
	} else {
		int r = table_key(t, ui, k);
		if (r == TABLE_ACTIVATE) {
			detail_activate(s, ui);
			return UI_HANDLED;
		}
		if (r != TABLE_NONE)
			return UI_HANDLED;
	}
	switch (k.code ? 0 : k.ch) {
	case 'e':
		ui_push(ui, &screen_form, &s->id);
		return UI_HANDLED;
	case 't':
		ui_push(ui, &screen_transition, &s->id);
		return UI_HANDLED;
	case UI_KEY_ESC:
		ui_pop(ui, false);
		return UI_HANDLED;
	case 'x':
		/* The overview is words, not rows. */
		ui_message(ui, "%s",
			   _("The overview is not exported: x exports the section shown (its "
			     "receivables, orders, visits...); Right moves to them."));
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static int detail_click(void *state, struct ui *ui, int row, int col)
{
	struct detail *s = state;
	if (row + 1 == s->tabs_y) {
		for (int i = 0; i < SEC_COUNT; i++)
			if (col >= s->tab_x[i] && col < s->tab_x[i + 1])
				s->section = i;
		return UI_HANDLED;
	}
	if (s->section != SEC_OVERVIEW &&
	    table_click(&s->sec[s->section].table, ui, row + 1, col) == TABLE_ACTIVATE)
		detail_activate(s, ui);
	return UI_HANDLED;
}

const struct screen screen_detail_at = {
	.name = N_("Distributor"),
	.enter = detail_enter_at,
	.leave = detail_leave,
	.draw = detail_draw,
	.key = detail_key,
	.click = detail_click,
	.wheel = detail_scroll,
	.reload = detail_reload,
	.help = detail_help,
};

const struct screen screen_detail = {
	.name = N_("Distributor"),
	.enter = detail_enter,
	.leave = detail_leave,
	.draw = detail_draw,
	.key = detail_key,
	.click = detail_click,
	.wheel = detail_scroll,
	.reload = detail_reload,
	.help = detail_help,
};
