/* One visit. Opened on or after its day while it is still planned or
 * confirmed, it is the record form, in the order of a visit: when, the
 * preparation notes, a check of the contact details, the stock of each
 * product carried (with days of stock, red below 7 or above 60), the order
 * taken (flagged at once when a price breaks the policy, 乱价), the shelf
 * prices seen (flagged below the floor), the display score and competitor
 * notes, issues found, the summary and whether the objective was met; an
 * order past the credit limit, or for a distributor with payments overdue,
 * is warned about before it is saved (回款风险). Everything is written in
 * one transaction (db_visit_record). Otherwise the screen shows the visit
 * and what was recorded, and n adds a coaching note. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qudao/calendar.h"
#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/text.h"
#include "qudao/validate.h"
#include "qudao/visit.h"
#include "qudao/visit_rules.h"
#include "qudao/xalloc.h"
#include "screen_visit.h"
#include "table.h"
#include "ui.h"

enum { VS_PRODUCTS = 30, VS_ISSUES = 2, VS_LINES = 64 };

/* What a field of the record form stands for. */
enum rec_kind {
	R_DONE,
	R_PREP,
	R_CONTACT,
	R_PHONE,
	R_STOCK,
	R_ORDER,
	R_SHELF,
	R_RATING,
	R_COMPETITOR,
	R_ISSUE_KIND,
	R_ISSUE_TEXT,
	R_SUMMARY,
	R_MET,
};

struct rec_field {
	enum rec_kind kind;
	int index; /* the product or issue */
	char label[256];
	bool warning; /* its error is a warning, not a refusal */
	bool touched;
};

struct vscreen {
	int64_t id;
	struct visit v;
	bool recording;
	/* View: the lines shown, scrolled. */
	char **lines;
	enum ui_color *colors;
	int nlines, top, width;
	struct visit_line recorded[VS_LINES];
	int nrecorded;
	/* Record: the products and the form. */
	struct visit_product products[VS_PRODUCTS];
	int nproducts;
	struct visit_credit credit;
	struct rec_field meaning[8 + 3 * VS_PRODUCTS + 2 * VS_ISSUES + 4];
	struct form_field fields[8 + 3 * VS_PRODUCTS + 2 * VS_ISSUES + 4];
	struct ui_form form;
	bool met_touched;
};

static const char *const rec_met_choices[] = {
	/* TRANSLATORS: whether a visit's objective was met: not said, yes, no. */
	N_("not said"),
	N_("yes"),
	N_("no"),
};
static const char *const rec_issue_choices[] = {
	/* TRANSLATORS: an issue found on a visit: none, or the kind of incident it becomes. */
	N_("none"),
	N_("return"),
	N_("quality problem"),
	N_("complaint"),
};
static const char *const rec_issue_codes[] = { "", "return", "quality", "complaint" };

static const struct ui_help vs_view_help[] = {
	{ N_("Up/Down, PgUp/PgDn"), N_("scroll"), false },
	{ N_("n"), N_("coaching note"), true },
	{ N_("e"), N_("edit the plan"), true },
	{ N_("Esc"), N_("back"), true },
	{ NULL, NULL, false },
};

static const struct ui_help vs_record_help[] = {
	{ N_("Enter"), N_("save: the visit is done"), true },
	{ N_("Esc"), N_("back without saving"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ N_("Left/Right, Space"), N_("change a choice"), false },
	{ N_("Order"), N_("a quantity (10), or a quantity and a price (10 @ 30.50)"), false },
	{ NULL, NULL, false },
};

/* ---- view ---- */

static void vs_add(struct vscreen *s, enum ui_color color, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void vs_add(struct vscreen *s, enum ui_color color, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	char **wrapped;
	int n = text_wrap(text, s->width > 10 ? s->width : 10, &wrapped);
	s->lines = xrealloc(s->lines, (size_t)(s->nlines + n) * sizeof *s->lines);
	s->colors = xrealloc(s->colors, (size_t)(s->nlines + n) * sizeof *s->colors);
	for (int i = 0; i < n; i++) {
		s->lines[s->nlines] = wrapped[i];
		s->colors[s->nlines++] = color;
	}
	free(wrapped);
	free(text);
}

static void vs_clear_lines(struct vscreen *s)
{
	for (int i = 0; i < s->nlines; i++)
		free(s->lines[i]);
	s->nlines = 0;
}

/* Who wrote something, when the record says: "?" is what is stored when no
 * user was known. */
static const char *vs_who(const char *who)
{
	return who[0] && strcmp(who, "?") ? who : NULL;
}

static void vs_build_view(struct vscreen *s)
{
	const struct visit *v = &s->v;
	char when[DATETIME_BUF], money[MONEY_BUF], objective[600];
	vs_clear_lines(s);
	date_format_datetime(v->day, v->minutes, when);
	when[10] = ' ';
	vs_add(s, visit_status_color(v->status), _("%s · %s · rep %s (%s)"), when,
	       _(label_of(&labels_visit_status, v->status)), v->rep_name, v->rep_code);
	vs_add(s, UI_NORMAL, _("Address: %s"), v->dist_address[0] ? v->dist_address : "—");
	vs_add(s, UI_NORMAL, _("Contact: %s · Phone: %s"),
	       v->dist_contact[0] ? v->dist_contact : "—", v->dist_phone[0] ? v->dist_phone : "—");
	visit_objective_text(v->objective_kind, v->objective_fen, v->objective, objective,
			     sizeof objective);
	vs_add(s, UI_NORMAL, _("Purpose: %s · Objective: %s%s"),
	       _(label_of(&labels_visit_purpose, v->purpose)), objective[0] ? objective : "—",
	       v->objective_met == 1   ? _(" (met)")
	       : v->objective_met == 0 ? _(" (not met)")
				       : "");
	if (v->coaching_note[0] && vs_who(v->coached_by))
		vs_add(s, UI_WARNING, _("Coaching note by %s: %s"), v->coached_by, v->coaching_note);
	else if (v->coaching_note[0])
		vs_add(s, UI_WARNING, _("Coaching note: %s"), v->coaching_note);
	if (v->reason[0])
		vs_add(s, UI_ERROR, _("Why %s: %s"), _(label_of(&labels_visit_status, v->status)),
		       v->reason);
	if (strcmp(v->status, "done"))
		return;
	if (v->done_at[0]) {
		/* Stored as ISO local time; shown as a date and a time. */
		char done[DATETIME_BUF];
		qd_date day;
		int minutes;
		if (date_parse_datetime(v->done_at, &day, &minutes) == 0) {
			date_format_datetime(day, minutes, done);
			done[10] = ' ';
		} else
			text_copy(done, sizeof done, v->done_at);
		if (vs_who(v->recorded_by))
			vs_add(s, UI_GOOD, _("Done at %s by %s"), done, v->recorded_by);
		else
			vs_add(s, UI_GOOD, _("Done at %s"), done);
	}
	if (v->prep_notes[0])
		vs_add(s, UI_NORMAL, _("Preparation: %s"), v->prep_notes);
	vs_add(s, UI_NORMAL, _("Summary: %s"), v->summary[0] ? v->summary : "—");
	if (v->rating >= 0)
		vs_add(s, UI_NORMAL, _("Display: %d of 5"), v->rating);
	if (v->competitor_notes[0])
		vs_add(s, UI_NORMAL, _("Competitors: %s"), v->competitor_notes);
	if (v->order_id)
		vs_add(s, UI_NORMAL, _("Order %s: %s"), v->order_no,
		       money_format(v->order_total_fen, money));
	for (int i = 0; i < s->nrecorded; i++) {
		const struct visit_line *l = &s->recorded[i];
		char count[32] = "—", shelf[MONEY_BUF] = "—";
		if (l->quantity >= 0)
			snprintf(count, sizeof count, "%lld", (long long)l->quantity);
		if (l->shelf_fen >= 0)
			money_format(l->shelf_fen, shelf);
		vs_add(s, UI_DIM, _("  %s %s: stock %s, shelf price %s"), l->sku, l->name, count,
		       shelf);
	}
}

/* ---- record: the fields ---- */

static struct form_field *vs_add_field(struct vscreen *s, enum rec_kind kind, int index,
				       enum form_kind fk, int max_chars, const char *label)
{
	int i = s->form.n++;
	struct form_field *f = &s->fields[i];
	memset(f, 0, sizeof *f);
	s->meaning[i] = (struct rec_field){ kind, index, "", false, false };
	text_copy(s->meaning[i].label, sizeof s->meaning[i].label, label);
	f->label = s->meaning[i].label;
	f->kind = fk;
	f->max_chars = max_chars;
	f->ascii = kind == R_DONE || kind == R_PHONE || kind == R_STOCK || kind == R_ORDER ||
		   kind == R_SHELF || kind == R_RATING;
	/* Numbers take a short box, so what is said about them shows. */
	static const int cells[] = {
		[R_DONE] = 18, [R_STOCK] = 10, [R_ORDER] = 16, [R_SHELF] = 12, [R_RATING] = 4
	};
	f->box_cells = (size_t)kind < sizeof cells / sizeof cells[0] ? cells[kind] : 0;
	return f;
}

/* A quantity on hand: a whole number of 0 or more; -1 when empty, -2 when
 * not a number. */
static int64_t vs_quantity(const char *s)
{
	if (!*s)
		return -1;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || v > 100000000)
			return -2;
		v = v * 10 + (*p - '0');
	}
	return v;
}

/* An order: "10" (at the list price) or "10 @ 30.50" (also x, *, ×).
 * false when it is neither. */
static bool vs_order(const char *s, int64_t list_fen, int64_t *qty, int64_t *price)
{
	char q[64];
	const char *at = strpbrk(s, "@x*");
	const char *times = strstr(s, "×");
	if (times && (!at || times < at))
		at = times;
	size_t n = at ? (size_t)(at - s) : strlen(s);
	if (n >= sizeof q)
		return false;
	memcpy(q, s, n);
	q[n] = '\0';
	*qty = vs_quantity(q);
	if (*qty <= 0)
		return false;
	*price = list_fen;
	if (!at)
		return true;
	const char *p = at + (at == times ? strlen("×") : 1);
	return money_parse(p, price) == 0 && *price >= 0;
}

/* Checks one field as typed: a reason beside it (a warning when it only
 * flags), or a hint. */
static void vs_check_field(struct vscreen *s, struct ui *ui, int i)
{
	struct form_field *f = &s->fields[i];
	struct rec_field *m = &s->meaning[i];
	const char *v = field_value(f);
	char m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF];
	f->error[0] = f->hint[0] = '\0';
	m->warning = false;
	const struct visit_product *p =
		m->kind == R_STOCK || m->kind == R_ORDER || m->kind == R_SHELF
			? &s->products[m->index]
			: NULL;
	switch (m->kind) {
	case R_DONE: {
		qd_date d;
		int minutes;
		if (date_parse_datetime(v, &d, &minutes) || date_cmp(d, ui_today(ui)) > 0)
			text_copy(f->error, sizeof f->error,
				  _("When it was done: YYYY-MM-DD HH:MM, not after today."));
		break;
	}
	case R_PHONE:
		if (validate_phone(v))
			text_copy(f->error, sizeof f->error, _(validate_phone(v)));
		else if (strcmp(v, s->v.dist_phone))
			text_copy(f->hint, sizeof f->hint, _("changed: saved to the distributor"));
		break;
	case R_CONTACT:
		if (strcmp(v, s->v.dist_contact))
			text_copy(f->hint, sizeof f->hint, _("changed: saved to the distributor"));
		break;
	case R_STOCK: {
		int64_t q = vs_quantity(v);
		if (q == -2) {
			text_copy(f->error, sizeof f->error, _("A whole number of 0 or more."));
			break;
		}
		if (q < 0) {
			if (p->last_count >= 0)
				snprintf(f->hint, sizeof f->hint,
					 _("sold %lld in 90 days; last count %lld"),
					 (long long)p->sold_90d, (long long)p->last_count);
			else
				snprintf(f->hint, sizeof f->hint, _("sold %lld in 90 days"),
					 (long long)p->sold_90d);
			break;
		}
		int days = visit_days_of_stock(q, p->sold_90d);
		qd_stock_level level = visit_stock_level(q, p->sold_90d);
		if (level == STOCK_LOW || level == STOCK_HIGH) {
			m->warning = true;
			if (days < 0)
				text_copy(f->error, sizeof f->error,
					  _("nothing sold in 90 days: the stock does not move"));
			else if (level == STOCK_LOW)
				snprintf(f->error, sizeof f->error,
					 ngettext("%d day of stock: too low",
						  "%d days of stock: too low", (unsigned long)days),
					 days);
			else
				snprintf(f->error, sizeof f->error,
					 ngettext("%d day of stock: too high",
						  "%d days of stock: too high",
						  (unsigned long)days),
					 days);
		} else if (days >= 0) {
			snprintf(f->hint, sizeof f->hint,
				 ngettext("%d day of stock", "%d days of stock",
					  (unsigned long)days),
				 days);
		}
		break;
	}
	case R_ORDER: {
		if (!*v) {
			snprintf(f->hint, sizeof f->hint,
				 _("%s each; 10 @ 30.50 for another price"),
				 money_format(p->price_fen, m1));
			break;
		}
		int64_t qty, price;
		if (!vs_order(v, p->price_fen, &qty, &price)) {
			text_copy(f->error, sizeof f->error,
				  _("A quantity, or a quantity and a price: 10 @ 30.50"));
			break;
		}
		if (visit_price_check(p->price_fen, price, p->tolerance_bp) != PRICE_OK) {
			m->warning = true;
			snprintf(f->error, sizeof f->error,
				 _("%s breaks the price policy: %s to %s (乱价)"),
				 money_format(price, m1),
				 money_format(visit_price_floor(p->price_fen, p->tolerance_bp), m2),
				 money_format(visit_price_ceiling(p->price_fen, p->tolerance_bp),
					      m3));
		} else {
			snprintf(f->hint, sizeof f->hint, _("%lld at %s: %s"), (long long)qty,
				 money_format(price, m1), money_format(qty * price, m2));
		}
		break;
	}
	case R_SHELF: {
		int64_t fen;
		if (!*v) {
			snprintf(f->hint, sizeof f->hint, _("retail %s; at least %s"),
				 money_format(p->retail_fen, m1),
				 money_format(visit_price_floor(p->retail_fen, p->tolerance_bp),
					      m2));
			break;
		}
		if (money_parse(v, &fen) || fen < 0) {
			text_copy(f->error, sizeof f->error, _("A price in yuan: 45.60"));
			break;
		}
		if (visit_shelf_price_check(fen)) {
			text_copy(f->error, sizeof f->error, _(visit_shelf_price_check(fen)));
			break;
		}
		if (visit_shelf_check(p->retail_fen, fen, p->tolerance_bp) != PRICE_OK) {
			m->warning = true;
			snprintf(
				f->error, sizeof f->error,
				_("below the floor %s of retail %s (乱价)"),
				money_format(visit_price_floor(p->retail_fen, p->tolerance_bp), m1),
				money_format(p->retail_fen, m2));
		}
		break;
	}
	case R_ISSUE_TEXT:
		/* The kind is the field before: text with no kind is refused
		 * here rather than dropped on save. */
		if (i > 0 && s->meaning[i - 1].kind == R_ISSUE_KIND &&
		    visit_issue_check(s->fields[i - 1].choice > 0, v))
			text_copy(f->error, sizeof f->error,
				  _(visit_issue_check(s->fields[i - 1].choice > 0, v)));
		break;
	case R_RATING: {
		int64_t r = vs_quantity(v);
		if (r == -2 || r > VISIT_RATING_MAX)
			text_copy(f->error, sizeof f->error, _("0 to 5, or empty."));
		break;
	}
	default:
		break;
	}
}

/* The order's total, from the order fields that read. */
static int64_t vs_order_total(struct vscreen *s)
{
	int64_t total = 0;
	for (int i = 0; i < s->form.n; i++) {
		if (s->meaning[i].kind != R_ORDER)
			continue;
		int64_t qty, price;
		if (vs_order(field_value(&s->fields[i]), s->products[s->meaning[i].index].price_fen,
			     &qty, &price))
			total += qty * price;
	}
	return total;
}

/* With an order objective, whether it was met follows the order until it is
 * set by hand. */
static void vs_follow_objective(struct vscreen *s)
{
	if (s->met_touched || strcmp(s->v.objective_kind, "order"))
		return;
	for (int i = 0; i < s->form.n; i++)
		if (s->meaning[i].kind == R_MET) {
			int64_t total = vs_order_total(s);
			s->fields[i].choice = total <= 0 ? 0 : total >= s->v.objective_fen ? 1 : 2;
		}
}

static void vs_build_form(struct vscreen *s, struct ui *ui)
{
	char label[300], now[DATETIME_BUF];
	s->form = (struct ui_form){ s->fields, 0, 0, false, 0, 0, 0 };
	struct form_field *f;
	/* Now, as the day it is recorded on: today and the clock's time. */
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	date_format_datetime(ui_today(ui), tm.tm_hour * 60 + tm.tm_min, now);
	now[10] = ' ';
	f = vs_add_field(s, R_DONE, 0, FORM_TEXT, 16, _("Done at"));
	form_set(f, now);
	vs_add_field(s, R_PREP, 0, FORM_TEXT, VISIT_NOTES_MAX, _("Preparation notes"));
	f = vs_add_field(s, R_CONTACT, 0, FORM_TEXT, 200, _("Contact"));
	form_set(f, s->v.dist_contact);
	f = vs_add_field(s, R_PHONE, 0, FORM_TEXT, 40, _("Phone"));
	form_set(f, s->v.dist_phone);
	for (int p = 0; p < s->nproducts; p++) {
		snprintf(label, sizeof label, _("Stock: %s %s"), s->products[p].sku,
			 s->products[p].name);
		vs_add_field(s, R_STOCK, p, FORM_TEXT, 9, label);
	}
	for (int p = 0; p < s->nproducts; p++) {
		snprintf(label, sizeof label, _("Order: %s %s"), s->products[p].sku,
			 s->products[p].name);
		vs_add_field(s, R_ORDER, p, FORM_TEXT, 40, label);
	}
	for (int p = 0; p < s->nproducts; p++) {
		snprintf(label, sizeof label, _("Shelf price ¥: %s %s"), s->products[p].sku,
			 s->products[p].name);
		vs_add_field(s, R_SHELF, p, FORM_TEXT, 20, label);
	}
	vs_add_field(s, R_RATING, 0, FORM_TEXT, 1, _("Display (0-5)"));
	vs_add_field(s, R_COMPETITOR, 0, FORM_TEXT, VISIT_NOTES_MAX, _("Competitor notes"));
	for (int i = 0; i < VS_ISSUES; i++) {
		snprintf(label, sizeof label, _("Issue %d"), i + 1);
		f = vs_add_field(s, R_ISSUE_KIND, i, FORM_CHOICE, 0, label);
		f->choices = rec_issue_choices;
		f->nchoices = 4;
		snprintf(label, sizeof label, _("Issue %d, what"), i + 1);
		vs_add_field(s, R_ISSUE_TEXT, i, FORM_TEXT, LEDGER_TEXT_MAX, label);
	}
	vs_add_field(s, R_SUMMARY, 0, FORM_TEXT, VISIT_SUMMARY_MAX, _("Summary"));
	f = vs_add_field(s, R_MET, 0, FORM_CHOICE, 0, _("Objective met"));
	f->choices = rec_met_choices;
	f->nchoices = 3;
	char objective[600];
	visit_objective_text(s->v.objective_kind, s->v.objective_fen, s->v.objective, objective,
			     sizeof objective);
	text_copy(f->hint, sizeof f->hint, objective[0] ? objective : _("no objective was set"));
	for (int i = 0; i < s->form.n; i++)
		if (s->meaning[i].kind != R_MET)
			vs_check_field(s, ui, i);
	/* The first thing to fill in: the preparation notes. */
	s->form.focus = 1;
}

/* ---- reading ---- */

static int vs_read(struct vscreen *s, struct ui *ui)
{
	if (db_visit_get(ui_db(ui), s->id, &s->v)) {
		ui_db_error(ui, _("Could not open the visit"));
		return -1;
	}
	bool open = !strcmp(s->v.status, "planned") || !strcmp(s->v.status, "confirmed");
	s->recording = open && date_cmp(s->v.day, ui_today(ui)) <= 0 && !db_readonly(ui_db(ui));
	int n = db_visit_lines(ui_db(ui), s->id, s->recorded, VS_LINES);
	s->nrecorded = n > 0 ? n : 0;
	if (!s->recording) {
		vs_build_view(s);
		return 0;
	}
	n = db_visit_products(ui_db(ui), s->v.distributor_id, ui_today(ui), s->products,
			      VS_PRODUCTS);
	if (n < 0 || db_visit_credit(ui_db(ui), s->v.distributor_id, ui_today(ui), &s->credit)) {
		ui_db_error(ui, _("Could not open the visit"));
		return -1;
	}
	s->nproducts = n;
	vs_build_form(s, ui);
	return 0;
}

static void vs_leave(void *state)
{
	struct vscreen *s = state;
	vs_clear_lines(s);
	free(s->lines);
	free(s->colors);
	form_free(&s->form);
	free(s);
}

static void *vs_enter(struct ui *ui, void *arg)
{
	struct vscreen *s = xcalloc(1, sizeof *s);
	s->id = *(const int64_t *)arg;
	s->width = COLS - 2;
	if (vs_read(s, ui)) {
		vs_leave(s);
		return NULL;
	}
	return s;
}

static void vs_reload(void *state, struct ui *ui)
{
	struct vscreen *s = state;
	/* A form being filled in is not read again under the user's hands; the
	 * save checks the version. */
	if (s->recording)
		return;
	vs_read(s, ui);
}

/* ---- drawing ---- */

static void vs_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct vscreen *s = state;
	const struct visit *v = &s->v;
	char title[1200], when[CALENDAR_NAME_BUF];
	calendar_day_title(v->day, i18n_lang(), when);
	snprintf(title, sizeof title, "%s %s · %s %02d:%02d", v->dist_name, v->dist_code, when,
		 v->minutes / 60, v->minutes % 60);
	ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE) | A_BOLD, false);
	if (!s->recording) {
		if (width - 2 != s->width) {
			s->width = width - 2;
			vs_build_view(s);
		}
		int body = height - 2;
		if (s->top > s->nlines - body)
			s->top = s->nlines - body > 0 ? s->nlines - body : 0;
		for (int i = 0; i < body && s->top + i < s->nlines; i++)
			ui_text(top + 2 + i, 1, width - 2, s->lines[s->top + i],
				ui_attr(s->colors[s->top + i]), false);
		return;
	}
	char line[1400], objective[600];
	visit_objective_text(v->objective_kind, v->objective_fen, v->objective, objective,
			     sizeof objective);
	snprintf(line, sizeof line, _("Record the visit · %s · objective: %s"),
		 _(label_of(&labels_visit_purpose, v->purpose)), objective[0] ? objective : "—");
	ui_text(top + 1, 1, width - 2, line, A_NORMAL, false);
	int y = top + 2, h = height - 2;
	if (v->coaching_note[0]) {
		if (vs_who(v->coached_by))
			snprintf(line, sizeof line, _("Coaching note by %s: %s"), v->coached_by,
				 v->coaching_note);
		else
			snprintf(line, sizeof line, _("Coaching note: %s"), v->coaching_note);
		ui_text(y++, 1, width - 2, line, ui_attr(UI_WARNING), false);
		h--;
	}
	char m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF];
	int64_t total = vs_order_total(s);
	if (total > 0 || s->credit.overdue) {
		bool over = visit_over_credit(s->credit.limit_fen, s->credit.open_fen, total);
		if (over)
			snprintf(line, sizeof line,
				 _("Order %s: with %s open it passes the credit limit %s "
				   "(回款风险)"),
				 money_format(total, m1), money_format(s->credit.open_fen, m2),
				 money_format(s->credit.limit_fen, m3));
		else if (s->credit.overdue)
			snprintf(line, sizeof line,
				 _("Order %s · payments overdue since %s (回款风险)"),
				 money_format(total, m1), s->credit.unpaid_since);
		else
			snprintf(line, sizeof line, _("Order %s"), money_format(total, m1));
		ui_text(y++, 1, width - 2, line,
			over || s->credit.overdue ? ui_attr(UI_ERROR) | A_BOLD : A_NORMAL, false);
		h--;
	}
	form_draw(&s->form, ui, y, h, width);
}

/* ---- saving ---- */

/* Collects the form into r; false (focus on the first refusal) when a field
 * is wrong. Warnings do not stop it. */
static bool vs_collect(struct vscreen *s, struct ui *ui, struct visit_record *r,
		       struct visit_count *counts, struct visit_shelf *shelves,
		       struct order_line *lines, struct visit_issue *issues)
{
	bool ok = true;
	for (int i = 0; i < s->form.n; i++) {
		vs_check_field(s, ui, i);
		if (s->fields[i].error[0] && !s->meaning[i].warning && ok) {
			s->form.focus = i;
			ok = false;
		}
	}
	memset(r, 0, sizeof *r);
	r->id = s->v.id;
	r->version = s->v.version;
	r->rating = -1;
	r->objective_met = -1;
	r->counts = counts;
	r->shelves = shelves;
	r->lines = lines;
	r->issues = issues;
	for (int i = 0; i < s->form.n && ok; i++) {
		const struct rec_field *m = &s->meaning[i];
		struct form_field *f = &s->fields[i];
		const char *v = field_value(f);
		const struct visit_product *p = &s->products[m->index < VS_PRODUCTS ? m->index : 0];
		int64_t a, b;
		switch (m->kind) {
		case R_DONE:
			date_parse_datetime(v, &r->day, &r->minutes);
			break;
		case R_PREP:
			r->prep_notes = v;
			break;
		case R_CONTACT:
			if (strcmp(v, s->v.dist_contact))
				r->contact = v;
			break;
		case R_PHONE:
			if (strcmp(v, s->v.dist_phone))
				r->phone = v;
			break;
		case R_STOCK:
			if ((a = vs_quantity(v)) >= 0)
				counts[r->ncounts++] = (struct visit_count){ p->id, a };
			break;
		case R_ORDER:
			if (*v && vs_order(v, p->price_fen, &a, &b))
				lines[r->nlines++] = (struct order_line){ p->id, a, b };
			break;
		case R_SHELF:
			if (*v && !money_parse(v, &a))
				shelves[r->nshelves++] = (struct visit_shelf){ p->id, a };
			break;
		case R_RATING:
			r->rating = (int)vs_quantity(v);
			break;
		case R_COMPETITOR:
			r->competitor_notes = v;
			break;
		case R_ISSUE_KIND:
			/* The text field after it was checked with it above. */
			if (f->choice > 0) {
				const char *text = field_value(&s->fields[i + 1]);
				struct visit_issue *x = &issues[r->nissues++];
				text_copy(x->kind, sizeof x->kind, rec_issue_codes[f->choice]);
				x->description = text;
			}
			break;
		case R_SUMMARY:
			r->summary = v;
			break;
		case R_MET:
			r->objective_met = f->choice == 0 ? -1 : f->choice == 1 ? 1 : 0;
			break;
		default:
			break;
		}
	}
	return ok;
}

/* Appends a sentence to a message: after a space in English, directly
 * after the full stop in Chinese. */
static void vs_say_more(char *said, size_t size, const char *sentence)
{
	size_t used = strlen(said);
	snprintf(said + used, size - used, "%s%s", i18n_lang() == LANG_ZH ? "" : " ", sentence);
}

static void vs_save(struct vscreen *s, struct ui *ui)
{
	struct visit_count counts[VS_PRODUCTS];
	struct visit_shelf shelves[VS_PRODUCTS];
	struct order_line lines[VS_PRODUCTS];
	struct visit_issue issues[VS_ISSUES];
	struct visit_record r;
	if (!vs_collect(s, ui, &r, counts, shelves, lines, issues)) {
		int n = 0;
		for (int i = 0; i < s->form.n; i++)
			n += s->fields[i].error[0] && !s->meaning[i].warning;
		form_refused_count(ui, n);
		return;
	}
	qd_rc rc = db_visit_record(ui_db(ui), &r, ui_today(ui), ui_user(ui));
	if (rc == DB_CONFLICT || rc == DB_NOTFOUND) {
		ui_error(ui, _("Not saved: %s"), db_errmsg(ui_db(ui)));
		return;
	}
	if (rc == DB_INVALID) {
		int field = db_errfield(ui_db(ui)) % 100, line = db_errfield(ui_db(ui)) / 100;
		enum rec_kind want = field == VISIT_FIELD_PHONE	    ? R_PHONE
				     : field == VISIT_FIELD_CONTACT ? R_CONTACT
				     : field == VISIT_FIELD_ORDER   ? R_ORDER
				     : field == VISIT_FIELD_ISSUE   ? R_ISSUE_TEXT
				     : field == VISIT_FIELD_SUMMARY ? R_SUMMARY
				     : field == VISIT_FIELD_PREP    ? R_PREP
				     : field == VISIT_FIELD_WHEN    ? R_DONE
				     : field == VISIT_FIELD_COUNT   ? R_STOCK
				     : field == VISIT_FIELD_SHELF   ? R_SHELF
				     : field == VISIT_FIELD_RATING  ? R_RATING
								    : R_COMPETITOR;
		/* A count's or a shelf price's number counts the products
		 * given one, in the form's order. */
		bool given_only = want == R_STOCK || want == R_SHELF;
		for (int i = 0, seen = 0; i < s->form.n; i++)
			if (s->meaning[i].kind == want &&
			    (!given_only || field_value(&s->fields[i])[0]) &&
			    (line == 0 || ++seen == line)) {
				text_copy(s->fields[i].error, sizeof s->fields[i].error,
					  db_errmsg(ui_db(ui)));
				s->meaning[i].warning = false;
				s->form.focus = i;
				break;
			}
		ui_error(ui, _("Not saved: %s"), db_errmsg(ui_db(ui)));
		return;
	}
	if (rc) {
		ui_db_error(ui, _("Not saved"));
		return;
	}
	/* What was recorded, a sentence each: the visit, the order, the
	 * incidents made of price violations and of the issues found. */
	char said[1600], part[400], money[MONEY_BUF];
	snprintf(said, sizeof said, _("Visit to %s recorded."), s->v.dist_name);
	int64_t total = vs_order_total(s);
	if (total) {
		/* TRANSLATORS: a sentence after "Visit to … recorded."; %s is the
		 * total of the order taken on the visit. */
		snprintf(part, sizeof part, _("Order %s."), money_format(total, money));
		vs_say_more(said, sizeof said, part);
	}
	if (r.violations) {
		snprintf(part, sizeof part,
			 ngettext("%d price violation recorded as an incident.",
				  "%d price violations recorded as incidents.",
				  (unsigned long)r.violations),
			 r.violations);
		vs_say_more(said, sizeof said, part);
	}
	if (r.nissues) {
		snprintf(part, sizeof part,
			 ngettext("%d issue recorded as an incident.",
				  "%d issues recorded as incidents.", (unsigned long)r.nissues),
			 r.nissues);
		vs_say_more(said, sizeof said, part);
	}
	ui_pop(ui, true);
	ui_message(ui, "%s", said);
}

static void vs_save_yes(struct ui *ui, void *arg)
{
	vs_save(arg, ui);
}

/* Warns before an order that risks the money (回款风险), then saves. */
static void vs_submit(struct vscreen *s, struct ui *ui)
{
	int64_t total = vs_order_total(s);
	char m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF], question[600];
	/* The limit and what is owed as they are now, not when the form
	 * opened: another program (or tab) may have changed them since. */
	struct visit_credit now;
	if (!db_visit_credit(ui_db(ui), s->v.distributor_id, ui_today(ui), &now))
		s->credit = now;
	if (visit_over_credit(s->credit.limit_fen, s->credit.open_fen, total)) {
		snprintf(question, sizeof question,
			 _("The order of %s takes what %s owes to %s, past its credit limit %s "
			   "(回款风险). Save anyway? (y/n)"),
			 money_format(total, m1), s->v.dist_name,
			 money_format(s->credit.open_fen + total, m2),
			 money_format(s->credit.limit_fen, m3));
		ui_confirm(ui, question, vs_save_yes, s);
		return;
	}
	if (total > 0 && s->credit.overdue) {
		snprintf(question, sizeof question,
			 _("%s has payments overdue since %s (回款风险). Save the order of %s "
			   "anyway? (y/n)"),
			 s->v.dist_name, s->credit.unpaid_since, money_format(total, m1));
		ui_confirm(ui, question, vs_save_yes, s);
		return;
	}
	vs_save(s, ui);
}

static void vs_discard_yes(struct ui *ui, void *arg)
{
	(void)arg;
	ui_pop(ui, false);
}

static int vs_key(void *state, struct ui *ui, struct ui_key k)
{
	struct vscreen *s = state;
	if (!s->recording) {
		int body = LINES - 5;
		int by = ui_key_is_code(k, KEY_UP) || ui_key_is(k, 'k')	     ? -1
			 : ui_key_is_code(k, KEY_DOWN) || ui_key_is(k, 'j')  ? 1
			 : ui_key_is_code(k, KEY_PPAGE)			     ? -body
			 : ui_key_is_code(k, KEY_NPAGE) || ui_key_is(k, ' ') ? body
									     : 0;
		if (by) {
			s->top += by;
			if (s->top < 0)
				s->top = 0;
			return UI_HANDLED;
		}
		if (ui_key_is(k, 'n')) {
			struct visit_note_req req = { VISIT_NOTE_COACHING, s->v.id, s->v.version,
						      "" };
			snprintf(req.what, sizeof req.what, "%s", s->v.dist_name);
			ui_push(ui, &screen_visit_note, &req);
			return UI_HANDLED;
		}
		if (ui_key_is(k, 'e')) {
			struct visit_plan_req req = { s->v.id, s->v.day, s->v.rep_id, NULL, NULL };
			ui_push(ui, &screen_visit_plan, &req);
			return UI_HANDLED;
		}
		if (ui_key_is(k, UI_KEY_ESC)) {
			ui_pop(ui, false);
			return UI_HANDLED;
		}
		return UI_UNHANDLED;
	}
	int focus = s->form.focus;
	int r = form_key(&s->form, ui, k);
	switch (r) {
	case FORM_SUBMIT:
		vs_submit(s, ui);
		return UI_HANDLED;
	case FORM_CANCEL:
		if (s->form.dirty)
			ui_confirm(ui,
				   _("Leave without recording the visit? What was typed is lost. "
				     "(y/n)"),
				   vs_discard_yes, s);
		else
			ui_pop(ui, false);
		return UI_HANDLED;
	case FORM_EDITED:
		if (s->meaning[focus].kind == R_MET)
			s->met_touched = true;
		vs_check_field(s, ui, focus);
		if (s->meaning[focus].kind == R_ORDER)
			vs_follow_objective(s);
		return UI_HANDLED;
	case FORM_NONE:
		return UI_UNHANDLED;
	default:
		return UI_HANDLED;
	}
}

static int vs_click(void *state, struct ui *ui, int row, int col)
{
	struct vscreen *s = state;
	(void)ui;
	(void)col;
	if (s->recording && row + 1 >= s->form.y)
		form_click(&s->form, row + 1 - s->form.y);
	return UI_HANDLED;
}

static void vs_wheel(void *state, struct ui *ui, int n)
{
	struct vscreen *s = state;
	(void)ui;
	s->top += n;
	if (s->top < 0)
		s->top = 0;
}

static bool vs_unsaved(void *state)
{
	const struct vscreen *s = state;
	return s->recording && s->form.dirty;
}

const struct screen screen_visit = {
	.name = N_("Visit"),
	.enter = vs_enter,
	.leave = vs_leave,
	.draw = vs_draw,
	.key = vs_key,
	.click = vs_click,
	.wheel = vs_wheel,
	.reload = vs_reload,
	.help = vs_view_help,
};

/* The same screen as a form: ? and q are text in it, and it writes. */
const struct screen screen_visit_record = {
	.name = N_("Record a visit"),
	.enter = vs_enter,
	.leave = vs_leave,
	.draw = vs_draw,
	.key = vs_key,
	.click = vs_click,
	.reload = vs_reload,
	.unsaved = vs_unsaved,
	.takes_text = true,
	.writes = true,
	.help = vs_record_help,
};

void visit_open(struct ui *ui, int64_t id)
{
	struct visit v;
	if (db_visit_get(ui_db(ui), id, &v)) {
		ui_db_error(ui, _("Could not open the visit"));
		return;
	}
	bool open = !strcmp(v.status, "planned") || !strcmp(v.status, "confirmed");
	bool record = open && date_cmp(v.day, ui_today(ui)) <= 0 && !db_readonly(ui_db(ui));
	ui_push(ui, record ? &screen_visit_record : &screen_visit, &id);
}
