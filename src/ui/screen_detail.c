/* One distributor's whole picture: profile, agreement, status history, review,
 * sales against target, receivables aging, visits, orders, payments, open
 * incidents and training. Built into lines on enter and reload; scrolls. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/dist_detail.h"
#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/money.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "ui.h"

enum { KEY_ESCAPE = 27 };

struct detail_line {
	char *text;
	enum ui_color color;
	bool bold;
};

struct detail {
	int64_t id;
	struct distributor d;
	struct dist_detail *x;
	struct detail_line *lines;
	int n, cap, top, visible;
};

static const struct ui_help detail_help[] = {
	{ N_("Up/Down, PgUp/PgDn"), N_("scroll"), false },
	{ N_("e"), N_("edit"), true },
	{ N_("t"), N_("change status"), true },
	{ N_("Esc"), N_("back to the list"), true },
	{ NULL, NULL, false },
};

static void detail_add(struct detail *s, enum ui_color color, bool bold, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void detail_add(struct detail *s, enum ui_color color, bool bold, const char *fmt, ...)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->lines = xrealloc(s->lines, (size_t)s->cap * sizeof *s->lines);
	}
	va_list ap;
	va_start(ap, fmt);
	char *text;
	if (vasprintf(&text, fmt, ap) < 0)
		text = xstrdup("");
	va_end(ap);
	s->lines[s->n++] = (struct detail_line){ text, color, bold };
}

/* label padded to cells (by display width, not bytes) into buf. */
static const char *detail_pad(const char *label, int cells, char *buf, size_t size)
{
	char *p = text_pad(label, cells, false);
	text_copy(buf, size, p);
	free(p);
	return buf;
}

static void detail_section(struct detail *s, const char *title)
{
	detail_add(s, UI_NORMAL, false, "%s", "");
	detail_add(s, UI_TITLE, true, "── %s ──", title);
}

static void detail_clear(struct detail *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->lines[i].text);
	s->n = 0;
}

static const char *detail_status(const char *code)
{
	qd_status st;
	return lifecycle_status_parse(code, &st) ? "—" : _(lifecycle_status_label(st));
}

static void detail_profile(struct detail *s, struct ui *ui)
{
	const struct distributor *d = &s->d;
	char money[MONEY_BUF];
	detail_add(s, UI_NORMAL, true, "%s  %s", d->name, d->code);
	detail_add(s, UI_NORMAL, false, _("Status: %s · Tier %c · %s"),
		   _(lifecycle_status_label(d->status)), d->tier, _(ui_type_label(d->type)));
	detail_add(s, UI_NORMAL, false, _("Contact: %s · Phone: %s"),
		   d->contact[0] ? d->contact : "—", d->phone[0] ? d->phone : "—");
	detail_add(s, UI_NORMAL, false, _("Address: %s"), d->address[0] ? d->address : "—");
	detail_add(s, UI_NORMAL, false, _("Territory: %s (%s) · Owner: %s (%s)"),
		   d->territory_name[0] ? d->territory_name : "—", d->territory_code,
		   d->owner_name[0] ? d->owner_name : "—", d->owner_code);
	detail_add(s, UI_NORMAL, false, _("Credit limit: %s · Visit every %d days"),
		   money_format(d->credit_limit_fen, money), d->visit_every_days);
	qd_date end;
	if (d->agreement_start[0] && d->agreement_end[0] && !date_parse(d->agreement_end, &end)) {
		int left = date_diff(ui_today(ui), end);
		bool soon = left >= 0 && left <= DIST_EXPIRING_DAYS;
		if (left >= 0)
			detail_add(s, soon ? UI_WARNING : UI_NORMAL, soon,
				   _("Agreement: %s to %s (%d days left)"), d->agreement_start,
				   d->agreement_end, left);
		else
			detail_add(s, UI_DIM, false, _("Agreement: %s to %s (ended %d days ago)"),
				   d->agreement_start, d->agreement_end, -left);
	} else {
		detail_add(s, UI_DIM, false, "%s", _("Agreement: none signed yet"));
	}
	if (d->notes[0])
		detail_add(s, UI_NORMAL, false, _("Notes: %s"), d->notes);
}

static void detail_sales(struct detail *s)
{
	/* TRANSLATORS: sales periods on the detail screen. */
	const char *names[3] = { _("Month"), _("Quarter"), _("Year") };
	detail_section(s, _("Sales against target"));
	for (int i = 0; i < 3; i++) {
		const struct detail_period *p = &s->x->periods[i];
		char sales[MONEY_BUF], target[MONEY_BUF], name[64];
		money_format(p->sales_fen, sales);
		detail_pad(names[i], 8, name, sizeof name);
		if (p->target_fen > 0) {
			int pct = (int)(p->sales_fen * 100 / p->target_fen);
			detail_add(s,
				   pct >= 100 ? UI_GOOD
				   : pct < 60 ? UI_WARNING
					      : UI_NORMAL,
				   false, _("%s %s: %s of %s target (%d%%)"), name, p->period,
				   sales, money_format(p->target_fen, target), pct);
		} else {
			detail_add(s, UI_NORMAL, false, _("%s %s: %s, no target set"), name,
				   p->period, sales);
		}
	}
}

static void detail_receivables(struct detail *s, struct ui *ui)
{
	const struct aging *a = &s->x->aging;
	char m1[MONEY_BUF], m2[MONEY_BUF];
	detail_section(s, _("Receivables"));
	detail_add(s, a->overdue_fen > 0 ? UI_ERROR : UI_NORMAL, a->overdue_fen > 0,
		   _("Outstanding %s, of which overdue %s"), money_format(a->outstanding_fen, m1),
		   money_format(a->overdue_fen, m2));
	for (int b = 0; b < AGING_BUCKETS; b++) {
		if (!a->bucket_fen[b])
			continue;
		char label[64];
		detail_pad(_(aging_label(b)), 14, label, sizeof label);
		detail_add(s,
			   b >= AGING_61_90  ? UI_ERROR
			   : b >= AGING_0_30 ? UI_WARNING
					     : UI_NORMAL,
			   false, "  %s %s", label, money_format(a->bucket_fen[b], m1));
	}
	if (a->credit_fen > 0)
		detail_add(s, UI_GOOD, false, _("Paid in advance: %s"),
			   money_format(a->credit_fen, m1));
	for (int i = 0; i < s->x->ndues; i++) {
		const struct detail_due *d = &s->x->dues[i];
		qd_date due;
		int late = date_parse(d->due, &due) ? 0 : date_diff(due, ui_today(ui));
		if (d->open_fen == 0)
			detail_add(s, UI_NORMAL, false, _("  due %s  %s  %s  paid"), d->due,
				   money_format(d->amount_fen, m1), d->invoice);
		else if (late > 0)
			detail_add(s, UI_ERROR, false,
				   _("  due %s  %s  %s  %s unpaid, %d days late"), d->due,
				   money_format(d->amount_fen, m1), d->invoice,
				   money_format(d->open_fen, m2), late);
		else
			detail_add(s, UI_NORMAL, false, _("  due %s  %s  %s  %s open"), d->due,
				   money_format(d->amount_fen, m1), d->invoice,
				   money_format(d->open_fen, m2));
	}
	for (int i = 0; i < s->x->npayments; i++) {
		const struct detail_payment *p = &s->x->payments[i];
		detail_add(s, UI_NORMAL, false, _("  paid %s  %s  %s"), p->date,
			   money_format(p->amount_fen, m1), p->reference);
	}
}

static void detail_history(struct detail *s)
{
	detail_section(s, _("Status history"));
	for (int i = 0; i < s->x->nhistory; i++) {
		const struct detail_history *h = &s->x->history[i];
		qd_reason r;
		const char *reason =
			lifecycle_reason_parse(h->reason, &r) ? "" : _(lifecycle_reason_label(r));
		char at[20];
		text_copy(at, sizeof at, h->at);
		if (at[10] == 'T')
			at[10] = ' ';
		detail_add(s, UI_NORMAL, false, _("%s  %s → %s  by %s%s%s%s%s"), at,
			   h->from[0] ? detail_status(h->from) : "—", detail_status(h->to), h->by,
			   reason[0] ? " · " : "", reason, h->note[0] ? " · " : "", h->note);
	}
	const struct detail_review *rv = &s->x->review;
	if (rv->present) {
		char scores[400] = "";
		size_t used = 0;
		for (int i = 0; i < REVIEW_CRITERIA && used < sizeof scores; i++)
			used += (size_t)snprintf(scores + used, sizeof scores - used, "%s%s %d",
						 i ? " · " : "", _(lifecycle_criterion_label(i)),
						 rv->scores[i]);
		detail_section(s, _("Qualification review"));
		detail_add(s, UI_NORMAL, false, _("%s by %s: %s"), rv->on, rv->by, scores);
		if (rv->note[0])
			detail_add(s, UI_DIM, false, "  %s", rv->note);
	}
}

static void detail_activity(struct detail *s)
{
	char m[MONEY_BUF];
	detail_section(s, _("Last visits"));
	if (!s->x->nvisits)
		detail_add(s, UI_DIM, false, "%s", _("No visits yet."));
	for (int i = 0; i < s->x->nvisits; i++) {
		const struct detail_visit *v = &s->x->visits[i];
		char score[32] = "";
		if (v->score >= 0)
			snprintf(score, sizeof score, _("display %d"), v->score);
		char at[20];
		text_copy(at, sizeof at, v->at);
		if (at[10] == 'T')
			at[10] = ' ';
		char status[64];
		detail_pad(_(ui_visit_status_label(v->status)), 10, status, sizeof status);
		detail_add(s, UI_NORMAL, false, "%.16s  %s %s  %s  %s", at, status, v->rep, score,
			   v->summary);
	}
	detail_section(s, _("Orders"));
	if (!s->x->norders)
		detail_add(s, UI_DIM, false, "%s", _("No orders yet."));
	for (int i = 0; i < s->x->norders; i++) {
		const struct detail_order *o = &s->x->orders[i];
		if (o->cross_territory)
			detail_add(s, UI_ERROR, true,
				   _("%s  %s  %s  %s  shipped to %s: outside its territory"),
				   o->date, o->no, _(ui_order_status_label(o->status)),
				   money_format(o->total_fen, m), o->ship_to);
		else
			detail_add(s, UI_NORMAL, false, "%s  %s  %s  %s", o->date, o->no,
				   _(ui_order_status_label(o->status)),
				   money_format(o->total_fen, m));
	}
	detail_section(s, _("Open incidents"));
	if (!s->x->nincidents)
		detail_add(s, UI_DIM, false, "%s", _("None."));
	for (int i = 0; i < s->x->nincidents; i++) {
		const struct detail_incident *x = &s->x->incidents[i];
		detail_add(s, !strcmp(x->severity, "high") ? UI_ERROR : UI_WARNING, false,
			   "%s  %s (%s): %s", x->date, _(ui_incident_kind_label(x->kind)),
			   _(ui_severity_label(x->severity)), x->description);
	}
	detail_section(s, _("Training"));
	if (!s->x->ntrainings)
		detail_add(s, UI_DIM, false, "%s", _("None."));
	for (int i = 0; i < s->x->ntrainings; i++) {
		const struct detail_training *t = &s->x->trainings[i];
		detail_add(s, UI_NORMAL, false, "%s  %s  %s", t->date, t->topic, t->attendee);
	}
}

/* Reads everything again; 0, or -1 with a message shown. */
static int detail_build(struct detail *s, struct ui *ui)
{
	db_dist_detail_free(s->x);
	if (db_dist_get(ui_db(ui), s->id, &s->d) ||
	    db_dist_detail(ui_db(ui), s->id, ui_today(ui), s->x)) {
		ui_db_error(ui, NULL);
		return -1;
	}
	detail_clear(s);
	detail_profile(s, ui);
	detail_sales(s);
	detail_receivables(s, ui);
	detail_history(s);
	detail_activity(s);
	return 0;
}

static void detail_leave(void *state)
{
	struct detail *s = state;
	detail_clear(s);
	free(s->lines);
	db_dist_free(&s->d);
	db_dist_detail_free(s->x);
	free(s->x);
	free(s);
}

static void *detail_enter(struct ui *ui, void *arg)
{
	struct detail *s = xcalloc(1, sizeof *s);
	s->id = *(const int64_t *)arg;
	s->x = xcalloc(1, sizeof *s->x);
	db_dist_init(&s->d);
	if (detail_build(s, ui)) {
		detail_leave(s);
		return NULL;
	}
	return s;
}

static void detail_reload(void *state, struct ui *ui)
{
	detail_build(state, ui);
}

static void detail_draw(void *state, struct ui *ui, int top, int height, int width)
{
	(void)ui;
	struct detail *s = state;
	s->visible = height;
	if (s->top > s->n - height)
		s->top = s->n - height;
	if (s->top < 0)
		s->top = 0;
	for (int i = 0; i < height && s->top + i < s->n; i++) {
		const struct detail_line *l = &s->lines[s->top + i];
		attr_t a = ui_attr(l->color) | (l->bold ? A_BOLD : 0);
		ui_text(top + i, 1, width - 2, l->text, a, false);
	}
	if (s->n > height) {
		char pos[32];
		snprintf(pos, sizeof pos, "%d/%d", s->top + height < s->n ? s->top + height : s->n,
			 s->n);
		ui_text(top, width - 10, 10, pos, ui_attr(UI_DIM), true);
	}
}

static void detail_scroll(void *state, struct ui *ui, int n)
{
	(void)ui;
	struct detail *s = state;
	s->top += n;
	if (s->top > s->n - s->visible)
		s->top = s->n - s->visible;
	if (s->top < 0)
		s->top = 0;
}

static int detail_key(void *state, struct ui *ui, struct ui_key k)
{
	struct detail *s = state;
	if (k.code) {
		switch (k.ch) {
		case KEY_UP:
			detail_scroll(s, ui, -1);
			return UI_HANDLED;
		case KEY_DOWN:
			detail_scroll(s, ui, 1);
			return UI_HANDLED;
		case KEY_PPAGE:
			detail_scroll(s, ui, -s->visible);
			return UI_HANDLED;
		case KEY_NPAGE:
			detail_scroll(s, ui, s->visible);
			return UI_HANDLED;
		case KEY_HOME:
			s->top = 0;
			return UI_HANDLED;
		case KEY_END:
			detail_scroll(s, ui, s->n);
			return UI_HANDLED;
		default:
			return UI_UNHANDLED;
		}
	}
	switch (k.ch) {
	case 'k':
		detail_scroll(s, ui, -1);
		return UI_HANDLED;
	case 'j':
	case ' ':
		detail_scroll(s, ui, k.ch == ' ' ? s->visible : 1);
		return UI_HANDLED;
	case 'e':
		ui_push(ui, &screen_form, &s->id);
		return UI_HANDLED;
	case 't':
		ui_push(ui, &screen_transition, &s->id);
		return UI_HANDLED;
	case KEY_ESCAPE:
		ui_pop(ui, false);
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

const struct screen screen_detail = {
	.name = N_("Distributor"),
	.enter = detail_enter,
	.leave = detail_leave,
	.draw = detail_draw,
	.key = detail_key,
	.wheel = detail_scroll,
	.reload = detail_reload,
	.help = detail_help,
};
