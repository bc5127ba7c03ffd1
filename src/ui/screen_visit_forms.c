/* The calendar's smaller screens: planning a visit (or editing its plan),
 * the reason a visit was missed or cancelled and the coaching note, picking
 * whose visits to show, and the month's review by rep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/calendar.h"
#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/text.h"
#include "qudao/visit.h"
#include "qudao/visit_rules.h"
#include "qudao/xalloc.h"
#include "screen_visit.h"
#include "table.h"
#include "ui.h"

static const struct ui_help vform_help[] = {
	{ N_("Enter"), N_("save"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ N_("Left/Right, Space"), N_("change a choice"), false },
	{ N_("Down, Enter"), N_("pick from the list of matches"), false },
	{ NULL, NULL, false },
};

/* ---- planning a visit ---- */

enum { PF_DIST, PF_REP, PF_DATE, PF_TIME, PF_PURPOSE, PF_OBJECTIVE, PF_AMOUNT, PF_WHAT, PF_COUNT };

static const char *const pform_labels[PF_COUNT] = {
	/* TRANSLATORS: labels of the form that plans a visit. */
	[PF_DIST] = N_("Distributor"), [PF_REP] = N_("Rep"),
	[PF_DATE] = N_("Date"),	       [PF_TIME] = N_("Time"),
	[PF_PURPOSE] = N_("Purpose"),  [PF_OBJECTIVE] = N_("Objective"),
	[PF_AMOUNT] = N_("Amount ¥"),  [PF_WHAT] = N_("SKU / details"),
};

struct pform {
	struct visit_plan_req req;
	struct visit base; /* the visit edited */
	struct form_field fields[PF_COUNT];
	struct ui_form form;
	char *dist_seen;  /* the distributor field when last looked up */
	bool rep_filled;  /* the rep field holds that distributor's owner */
};

/* Distributors for the picker: by code, name or pinyin. */
static int pform_pick_dist(struct ui *ui, const char *query, struct ref_item *out, int max)
{
	return form_pick_distributors(ui, query, (1u << STATUS_ACTIVE) | (1u << STATUS_SUSPENDED),
				      out, max);
}

/* The amount is an order's or a collection's, the words a listing's (its
 * SKU) or another objective's: the field the objective has no use for is
 * off, so nothing typed in it looks saved. */
static void pform_objective_fields(struct pform *s)
{
	const char *kind = labels_visit_objective.codes[s->fields[PF_OBJECTIVE].choice];
	s->fields[PF_AMOUNT].off = !visit_objective_has_amount(kind);
	s->fields[PF_WHAT].off = !visit_objective_has_words(kind);
}

/* A distributor's code in the field (typed whole or picked): its name
 * beside it, and its owner as the rep while the rep field is empty or holds
 * the owner of the one before. */
static void pform_dist_changed(struct pform *s, struct ui *ui)
{
	const char *code = field_value(&s->fields[PF_DIST]);
	if (s->req.id || (s->dist_seen && !strcmp(code, s->dist_seen)))
		return;
	free(s->dist_seen);
	s->dist_seen = xstrdup(code);
	/* The owner of the one before goes with it. */
	struct form_field *rep = &s->fields[PF_REP];
	if (s->rep_filled) {
		form_set(rep, "");
		rep->hint[0] = '\0';
		s->rep_filled = false;
	}
	struct ref_item it;
	qd_rc rc = *code ? db_ref_distributor_by_code(ui_db(ui), code, &it) : DB_NOTFOUND;
	if (rc) {
		if (rc != DB_NOTFOUND)
			ui_db_error(ui, _("Could not look up the distributor"));
		return;
	}
	text_copy(s->fields[PF_DIST].hint, sizeof s->fields[PF_DIST].hint, it.name);
	struct distributor d;
	db_dist_init(&d);
	if ((rc = db_dist_get(ui_db(ui), it.id, &d))) {
		if (rc != DB_NOTFOUND)
			ui_db_error(ui, _("Could not look up the distributor"));
	} else if (d.owner_code[0] && !field_value(rep)[0]) {
		form_set(rep, d.owner_code);
		text_copy(rep->hint, sizeof rep->hint, d.owner_name);
		s->rep_filled = true;
	}
	db_dist_free(&d);
}

static void *pform_enter(struct ui *ui, void *arg)
{
	struct pform *s = xcalloc(1, sizeof *s);
	s->req = *(const struct visit_plan_req *)arg;
	if (s->req.id && db_visit_get(ui_db(ui), s->req.id, &s->base)) {
		ui_db_error(ui, _("Could not open the visit"));
		free(s);
		return NULL;
	}
	if (s->req.id && strcmp(s->base.status, "planned") && strcmp(s->base.status, "confirmed")) {
		ui_error(ui, "%s", _("Only a planned or confirmed visit's plan can be changed."));
		free(s);
		return NULL;
	}
	for (int i = 0; i < PF_COUNT; i++)
		s->fields[i].label = pform_labels[i];
	s->fields[PF_DIST].kind = FORM_PICK;
	s->fields[PF_DIST].pick = pform_pick_dist;
	s->fields[PF_DIST].max_chars = 200; /* a code, or a name to find */
	s->fields[PF_REP].kind = FORM_PICK;
	s->fields[PF_REP].pick = form_pick_rep;
	s->fields[PF_REP].max_chars = 32;
	s->fields[PF_DATE].max_chars = 10;
	s->fields[PF_TIME].max_chars = 5;
	s->fields[PF_DATE].ascii = s->fields[PF_TIME].ascii = true;
	s->fields[PF_PURPOSE].kind = FORM_CHOICE;
	s->fields[PF_PURPOSE].choices = labels_visit_purpose.labels;
	s->fields[PF_PURPOSE].nchoices = labels_visit_purpose.n;
	s->fields[PF_OBJECTIVE].kind = FORM_CHOICE;
	s->fields[PF_OBJECTIVE].choices = labels_visit_objective.labels;
	s->fields[PF_OBJECTIVE].nchoices = labels_visit_objective.n;
	s->fields[PF_AMOUNT].max_chars = 20;
	s->fields[PF_AMOUNT].ascii = true;
	s->fields[PF_WHAT].max_chars = VISIT_OBJECTIVE_MAX;
	char day[DATE_BUF], hhmm[8], money[MONEY_BUF];
	if (s->req.id) {
		const struct visit *v = &s->base;
		form_set(&s->fields[PF_DIST], v->dist_code);
		text_copy(s->fields[PF_DIST].hint, sizeof s->fields[0].hint, v->dist_name);
		form_set(&s->fields[PF_REP], v->rep_code);
		text_copy(s->fields[PF_REP].hint, sizeof s->fields[0].hint, v->rep_name);
		form_set(&s->fields[PF_DATE], date_format(v->day, day));
		snprintf(hhmm, sizeof hhmm, "%02d:%02d", v->minutes / 60 % 100, v->minutes % 60);
		form_set(&s->fields[PF_TIME], hhmm);
		int p = label_index(&labels_visit_purpose, v->purpose);
		s->fields[PF_PURPOSE].choice = p > 0 ? p : 0;
		int o = label_index(&labels_visit_objective, v->objective_kind);
		s->fields[PF_OBJECTIVE].choice = o > 0 ? o : 0;
		if (v->objective_fen > 0)
			form_set(&s->fields[PF_AMOUNT],
				 money_format_plain(v->objective_fen, money));
		form_set(&s->fields[PF_WHAT], v->objective);
	} else {
		form_set(&s->fields[PF_DATE], date_format(s->req.day, day));
		form_set(&s->fields[PF_TIME], "09:00");
		struct ref_item rep;
		struct ref_item items[1];
		(void)items;
		if (s->req.rep_id) {
			struct visit_review rv;
			/* The rep's code for the field. */
			if (!db_visit_review(ui_db(ui), s->req.rep_id, s->req.day.y, s->req.day.m,
					     ui_today(ui), &rv)) {
				form_set(&s->fields[PF_REP], rv.rep_code);
				text_copy(s->fields[PF_REP].hint, sizeof s->fields[0].hint,
					  rv.rep_name);
			}
		}
		(void)rep;
		text_copy(s->fields[PF_DIST].hint, sizeof s->fields[0].hint,
			  _("code, name or pinyin"));
	}
	s->form = (struct ui_form){ s->fields, PF_COUNT, s->req.id ? PF_DATE : PF_DIST, false, 0,
				    0,	       0 };
	pform_objective_fields(s);
	return s;
}

static void pform_leave(void *state)
{
	struct pform *s = state;
	free(s->dist_seen);
	form_free(&s->form);
	free(s);
}

static void pform_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct pform *s = state;
	char title[1000];
	if (s->req.id)
		snprintf(title, sizeof title, _("The plan of the visit to %s"), s->base.dist_name);
	else
		snprintf(title, sizeof title, "%s", _("Plan a visit"));
	ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE) | A_BOLD, false);
	form_draw(&s->form, ui, top + 2, height - 2, width);
}

/* Puts a reason beside a field; false so callers can return it. */
static bool pform_refuse(struct pform *s, int field, const char *why)
{
	text_copy(s->fields[field].error, sizeof s->fields[field].error, why);
	return false;
}

static bool pform_collect(struct pform *s, struct ui *ui, struct visit_plan *p)
{
	form_clear_errors(&s->form);
	memset(p, 0, sizeof *p);
	p->id = s->req.id;
	p->version = s->base.version;
	bool ok = true;
	int64_t owner = 0;
	if (s->req.id) {
		p->distributor_id = s->base.distributor_id;
	} else if (!field_value(&s->fields[PF_DIST])[0]) {
		ok = pform_refuse(s, PF_DIST,
				  _("Which distributor? Type its code, name or pinyin and pick it."));
	} else {
		qd_rc rc = db_visit_distributor(ui_db(ui), field_value(&s->fields[PF_DIST]),
						&p->distributor_id, &owner);
		/* A name only one distributor has, typed and not picked. */
		if (rc == DB_NOTFOUND && form_pick_only(&s->fields[PF_DIST], ui, NULL) == 1)
			rc = db_visit_distributor(ui_db(ui), field_value(&s->fields[PF_DIST]),
						  &p->distributor_id, &owner);
		if (rc == DB_NOTFOUND)
			ok = pform_refuse(s, PF_DIST, db_errmsg(ui_db(ui)));
		else if (rc)
			return ui_db_error(ui, _("Not saved")), false;
	}
	const char *rep_code = field_value(&s->fields[PF_REP]);
	if (*rep_code) {
		struct ref_item rep = { 0 };
		qd_rc rc = form_ref_lookup(&s->fields[PF_REP], ui, db_ref_rep_by_code,
					   N_("Not saved"), &rep);
		if (rc == DB_ERROR)
			return false;
		ok &= rc == DB_OK;
		p->rep_id = rep.id;
	} else if (owner) {
		p->rep_id = owner;
	} else {
		ok = pform_refuse(s, PF_REP, _("Who makes the visit: a rep's code."));
	}
	char why[sizeof s->fields[PF_DATE].error];
	bool dated = !calendar_date_refusal(field_value(&s->fields[PF_DATE]), why, sizeof why);
	if (!dated)
		ok = pform_refuse(s, PF_DATE, why);
	else
		date_parse(field_value(&s->fields[PF_DATE]), &p->day);
	/* A new plan, or a plan moved to another day, is for today or later
	 * (core/visit_rules); a past plan's other fields may still be fixed. */
	const char *past = dated && (!s->req.id || date_cmp(p->day, s->base.day))
				   ? visit_plan_day_check(p->day, ui_today(ui))
				   : NULL;
	if (past)
		ok = pform_refuse(s, PF_DATE, _(past));
	char at[32];
	qd_date d;
	snprintf(at, sizeof at, "2000-01-01 %s", field_value(&s->fields[PF_TIME]));
	if (date_parse_datetime(at, &d, &p->minutes))
		ok = pform_refuse(s, PF_TIME, _("A time: HH:MM, 09:30."));
	text_copy(p->purpose, sizeof p->purpose,
		  labels_visit_purpose.codes[s->fields[PF_PURPOSE].choice]);
	const char *kind = labels_visit_objective.codes[s->fields[PF_OBJECTIVE].choice];
	text_copy(p->objective_kind, sizeof p->objective_kind, kind);
	if (visit_objective_has_amount(kind)) {
		char most[MONEY_BUF], why[200];
		/* As the other forms take amounts: 5000, ¥5,000, 1.2万. */
		int m = money_parse_any(field_value(&s->fields[PF_AMOUNT]), &p->objective_fen);
		if (!field_value(&s->fields[PF_AMOUNT])[0])
			ok = pform_refuse(
				s, PF_AMOUNT,
				_("An order or a collection as the objective needs its amount."));
		else if (m == MONEY_NOT_AMOUNT)
			ok = pform_refuse(s, PF_AMOUNT, _("The amount in yuan: 5000."));
		else if (m == MONEY_OK && p->objective_fen <= 0)
			ok = pform_refuse(s, PF_AMOUNT, _("An objective amount is more than 0."));
		else if (m == MONEY_TOO_LARGE || p->objective_fen > VISIT_OBJECTIVE_MAX_FEN) {
			snprintf(why, sizeof why, _("An objective amount is at most %s."),
				 money_format(VISIT_OBJECTIVE_MAX_FEN, most));
			ok = pform_refuse(s, PF_AMOUNT, why);
		}
	} else if (visit_objective_has_words(kind)) {
		text_copy(p->objective, sizeof p->objective, field_value(&s->fields[PF_WHAT]));
		if (!p->objective[0])
			ok = pform_refuse(s, PF_WHAT,
					  !strcmp(kind, "listing")
						  ? _("The product's SKU: BV-002.")
						  : _("Say what is to be achieved."));
	}
	return ok;
}

static void pform_save(struct pform *s, struct ui *ui)
{
	struct visit_plan p;
	if (!pform_collect(s, ui, &p)) {
		form_focus_error(&s->form);
		form_refused(&s->form, ui);
		return;
	}
	qd_rc rc = db_visit_plan_save(ui_db(ui), &p);
	if (rc == DB_INVALID || rc == DB_NOTFOUND) {
		static const int where[] = {
			[VISIT_FIELD_DISTRIBUTOR] = PF_DIST, [VISIT_FIELD_REP] = PF_REP,
			[VISIT_FIELD_WHEN] = PF_DATE,	     [VISIT_FIELD_PURPOSE] = PF_PURPOSE,
			[VISIT_FIELD_OBJECTIVE] = PF_WHAT,
		};
		int f = db_errfield(ui_db(ui));
		if (f > 0 && f <= VISIT_FIELD_OBJECTIVE) {
			int i = where[f] ? where[f] : PF_DIST;
			if (f == VISIT_FIELD_OBJECTIVE && p.objective_fen <= 0 &&
			    visit_objective_has_amount(p.objective_kind))
				i = PF_AMOUNT;
			pform_refuse(s, i, db_errmsg(ui_db(ui)));
			s->form.focus = i;
		}
		ui_error(ui, _("Not saved: %s"), db_errmsg(ui_db(ui)));
		return;
	}
	if (rc == DB_CONFLICT) {
		ui_error(ui, _("Not saved: %s"), db_errmsg(ui_db(ui)));
		return;
	}
	if (rc) {
		ui_db_error(ui, _("Not saved"));
		return;
	}
	if (s->req.saved)
		*s->req.saved = p.id;
	if (s->req.moved)
		*s->req.moved = p.day;
	bool is_new = !s->req.id;
	char name[900];
	text_copy(name, sizeof name, is_new ? field_value(&s->fields[PF_DIST]) : s->base.dist_name);
	ui_pop(ui, true);
	ui_message(ui,
		   is_new ? _("Visit to %s planned.") : _("The plan of the visit to %s is saved."),
		   name);
}

/* Leaves a form whose changes the user chose to discard. */
static void vform_discard_yes(struct ui *ui, void *arg)
{
	(void)arg;
	ui_pop(ui, false);
}

static int pform_key(void *state, struct ui *ui, struct ui_key k)
{
	struct pform *s = state;
	/* The field the key went to (a match taken moves on to the next). */
	int focus = s->form.focus;
	int r = form_key(&s->form, ui, k);
	pform_objective_fields(s);
	if (focus == PF_REP && r == FORM_EDITED)
		s->rep_filled = false; /* typed by the user: theirs */
	pform_dist_changed(s, ui);
	switch (r) {
	case FORM_SUBMIT:
		pform_save(s, ui);
		return UI_HANDLED;
	case FORM_CANCEL:
		if (s->form.dirty)
			ui_confirm(ui, _("Discard the changes? (y/n)"), vform_discard_yes, s);
		else
			ui_pop(ui, false);
		return UI_HANDLED;
	case FORM_NONE:
		return UI_UNHANDLED;
	default:
		return UI_HANDLED;
	}
}

static bool pform_unsaved(void *state)
{
	return ((const struct pform *)state)->form.dirty;
}

static int pform_click(void *state, struct ui *ui, int row, int col)
{
	struct pform *s = state;
	(void)ui;
	(void)col;
	if (row + 1 >= s->form.y)
		form_click(&s->form, row + 1 - s->form.y);
	return UI_HANDLED;
}

const struct screen screen_visit_plan = {
	.name = N_("Plan a visit"),
	.enter = pform_enter,
	.leave = pform_leave,
	.draw = pform_draw,
	.key = pform_key,
	.click = pform_click,
	.unsaved = pform_unsaved,
	.takes_text = true,
	.writes = true,
	.help = vform_help,
};

/* ---- a reason, or a coaching note ---- */

struct nform {
	struct visit_note_req req;
	struct form_field field;
	struct ui_form form;
};

static void *nform_enter(struct ui *ui, void *arg)
{
	struct nform *s = xcalloc(1, sizeof *s);
	s->req = *(const struct visit_note_req *)arg;
	s->field.label = s->req.kind == VISIT_NOTE_COACHING ? N_("Coaching note") : N_("Why");
	s->field.max_chars =
		s->req.kind == VISIT_NOTE_COACHING ? VISIT_NOTES_MAX : VISIT_REASON_MAX;
	if (s->req.kind == VISIT_NOTE_COACHING) {
		/* Refused before anything is typed: only a manager coaches. */
		qd_rc rc = db_visit_may_coach(ui_db(ui), ui_user(ui));
		if (rc == DB_INVALID) {
			ui_error(ui, "%s", db_errmsg(ui_db(ui)));
			free(s);
			return NULL;
		}
		if (rc) {
			ui_db_error(ui, _("Could not read the reps"));
			free(s);
			return NULL;
		}
		struct visit v;
		if (db_visit_get(ui_db(ui), s->req.id, &v)) {
			ui_db_error(ui, _("Could not open the visit"));
			free(s);
			return NULL;
		}
		form_set(&s->field, v.coaching_note);
		s->req.version = v.version;
	}
	s->form = (struct ui_form){ &s->field, 1, 0, false, 0, 0, 0 };
	return s;
}

static void nform_leave(void *state)
{
	struct nform *s = state;
	form_free(&s->form);
	free(s);
}

static void nform_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct nform *s = state;
	char title[600];
	const char *fmt = s->req.kind == VISIT_NOTE_MISSED	? _("Missed: %s")
			  : s->req.kind == VISIT_NOTE_CANCELLED ? _("Cancel the visit: %s")
								: _("Coaching note: %s");
	snprintf(title, sizeof title, fmt, s->req.what);
	ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE) | A_BOLD, false);
	const char *hint = s->req.kind == VISIT_NOTE_COACHING
				   ? _("The rep sees it on the visit. Empty removes it.")
				   : _("Say why; the review counts it.");
	ui_text(top + 1, 1, width - 2, hint, ui_attr(UI_DIM), false);
	form_draw(&s->form, ui, top + 3, height - 3, width);
}

static void nform_save(struct nform *s, struct ui *ui)
{
	const char *text = field_value(&s->field);
	qd_rc rc =
		s->req.kind == VISIT_NOTE_COACHING
			? db_visit_coach(ui_db(ui), s->req.id, s->req.version, text, ui_user(ui))
			: db_visit_close(ui_db(ui), s->req.id, s->req.version,
					 s->req.kind == VISIT_NOTE_MISSED ? "missed" : "cancelled",
					 text, ui_today(ui), ui_user(ui));
	if (rc == DB_INVALID || rc == DB_CONFLICT || rc == DB_NOTFOUND) {
		text_copy(s->field.error, sizeof s->field.error, db_errmsg(ui_db(ui)));
		ui_error(ui, _("Not saved: %s"), db_errmsg(ui_db(ui)));
		return;
	}
	if (rc) {
		ui_db_error(ui, _("Not saved"));
		return;
	}
	enum visit_note_kind kind = s->req.kind;
	ui_pop(ui, true);
	ui_message(ui, "%s",
		   kind == VISIT_NOTE_MISSED	  ? _("The visit is marked missed.")
		   : kind == VISIT_NOTE_CANCELLED ? _("The visit is cancelled.")
						  : _("The coaching note is saved."));
}

static int nform_key(void *state, struct ui *ui, struct ui_key k)
{
	struct nform *s = state;
	switch (form_key(&s->form, ui, k)) {
	case FORM_SUBMIT:
		nform_save(s, ui);
		return UI_HANDLED;
	case FORM_CANCEL:
		/* A reason or a note typed is not thrown away unasked, as the
		 * plan form does. */
		if (s->form.dirty)
			ui_confirm(ui, _("Discard the changes? (y/n)"), vform_discard_yes, s);
		else
			ui_pop(ui, false);
		return UI_HANDLED;
	case FORM_NONE:
		return UI_UNHANDLED;
	default:
		return UI_HANDLED;
	}
}

static bool nform_unsaved(void *state)
{
	return ((const struct nform *)state)->form.dirty;
}

const struct screen screen_visit_note = {
	.name = N_("Visit note"),
	.enter = nform_enter,
	.leave = nform_leave,
	.draw = nform_draw,
	.key = nform_key,
	.unsaved = nform_unsaved,
	.takes_text = true,
	.writes = true,
	.help = vform_help,
};

/* ---- whose visits ---- */

enum scope_kind { SCOPE_MINE, SCOPE_ALL, SCOPE_REGION, SCOPE_REP };
enum { SCOPE_MAX = 600 };

struct scope_row {
	int64_t id; /* mem rows start with their id */
	enum scope_kind kind;
	int64_t ref;
	char label[300], detail[240];
};

struct sscreen {
	struct table_mem mem; /* first: the table's ctx */
	struct visit_scope_req req;
	struct scope_row *rows;
	char search[128];
	bool stale;
	struct ui *ui;
	struct table table;
};

static const struct ui_help scope_help[] = {
	{ N_("Up/Down"), N_("choose"), true },
	{ N_("/"), N_("search a rep or region"), true },
	{ N_("Enter"), N_("show their visits"), true },
	{ N_("Esc"), N_("back"), true },
	{ NULL, NULL, false },
};

static void scope_add(struct sscreen *s, enum scope_kind kind, int64_t ref, const char *label,
		      const char *detail)
{
	if (s->mem.n >= SCOPE_MAX)
		return;
	struct scope_row *r = &s->rows[s->mem.n];
	r->id = ++s->mem.n;
	r->kind = kind;
	r->ref = ref;
	text_copy(r->label, sizeof r->label, label);
	text_copy(r->detail, sizeof r->detail, detail);
}

/* The choices: my visits, everyone's, then the regions and reps the search
 * finds (by code, name or pinyin). */
static void scope_read(struct sscreen *s, struct ui *ui)
{
	s->mem.n = 0;
	char label[400];
	if (!s->search[0]) {
		if (s->req.mine) {
			snprintf(label, sizeof label, _("My visits: %s"), s->req.mine_name);
			scope_add(s, SCOPE_MINE, s->req.mine, label, "");
		}
		scope_add(s, SCOPE_ALL, 0, _("Everyone"), "");
	}
	struct ref_item *items = xcalloc(SCOPE_MAX, sizeof *items);
	int n = db_ref_region_search(ui_db(ui), s->search, items, 100);
	for (int i = 0; i < n; i++) {
		snprintf(label, sizeof label, _("Region %s (%s)"), items[i].name, items[i].code);
		scope_add(s, SCOPE_REGION, items[i].id, label, "");
	}
	n = db_ref_rep_search(ui_db(ui), s->search, items, SCOPE_MAX - 110);
	if (n < 0)
		ui_db_error(ui, _("Could not read the reps"));
	for (int i = 0; i < n; i++) {
		snprintf(label, sizeof label, "%s (%s)", items[i].name, items[i].code);
		scope_add(s, SCOPE_REP, items[i].id, label, items[i].detail);
	}
	free(items);
	s->stale = false;
}

static int scope_fetch(void *ctx, struct ui *ui, const void *after, bool backward, void *out,
		       int max)
{
	struct sscreen *s = ctx;
	if (s->stale)
		scope_read(s, ui);
	return table_mem_fetch(ctx, ui, after, backward, out, max);
}

static void scope_search(void *ctx, const char *text)
{
	struct sscreen *s = ctx;
	text_copy(s->search, sizeof s->search, text);
	s->stale = true;
}

static void scope_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
		       enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	const struct scope_row *r = row;
	if (col == 0) {
		text_copy(buf, size, r->label);
		if (r->kind != SCOPE_REP)
			*attr |= A_BOLD;
	} else {
		text_copy(buf, size, r->detail);
		*color = UI_DIM;
	}
}

static const struct table_source scope_source = {
	.row_size = sizeof(struct scope_row),
	.fetch = scope_fetch,
	.id = table_mem_id,
	.cell = scope_cell,
	.search = scope_search,
};

static const struct table_col scope_cols[] = {
	{ NULL, 0, 20, 0, false, -1 },
	{ NULL, 16, 0, 1, false, -1 },
};

static void *scope_enter(struct ui *ui, void *arg)
{
	struct sscreen *s = xcalloc(1, sizeof *s);
	s->req = *(const struct visit_scope_req *)arg;
	s->rows = xcalloc(SCOPE_MAX, sizeof *s->rows);
	s->mem = (struct table_mem){ s->rows, 0, sizeof *s->rows };
	s->stale = true;
	table_init(&s->table, scope_cols, 2, &scope_source, s, SCOPE_MAX);
	s->table.header = false;
	s->table.focused = true;
	table_load(&s->table, ui);
	return s;
}

static void scope_leave(void *state)
{
	struct sscreen *s = state;
	table_free(&s->table);
	free(s->rows);
	free(s);
}

static void scope_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct sscreen *s = state;
	ui_text(top, 1, width - 2, _("Whose visits"), ui_attr(UI_TITLE) | A_BOLD, false);
	table_draw_search(&s->table, ui, top + 1, 1, width / 2 > 30 ? width / 2 : 30);
	table_draw(&s->table, ui, top + 2, 1, height - 2, width - 2);
}

static void scope_choose(struct sscreen *s, struct ui *ui)
{
	const struct scope_row *r = table_selected(&s->table);
	if (!r)
		return;
	struct visit_scope *out = s->req.scope;
	*out = (struct visit_scope){ 0, 0 };
	switch (r->kind) {
	case SCOPE_MINE:
		out->rep_id = r->ref;
		text_copy(s->req.label, s->req.label_size, s->req.mine_name);
		break;
	case SCOPE_ALL:
		text_copy(s->req.label, s->req.label_size, _("everyone"));
		break;
	case SCOPE_REGION:
		out->region_id = r->ref;
		text_copy(s->req.label, s->req.label_size, r->label);
		break;
	case SCOPE_REP:
		out->rep_id = r->ref;
		text_copy(s->req.label, s->req.label_size, r->label);
		break;
	}
	ui_pop(ui, true);
}

static int scope_key(void *state, struct ui *ui, struct ui_key k)
{
	struct sscreen *s = state;
	bool searching = s->table.searching;
	int r = table_key(&s->table, ui, k);
	if (r == TABLE_ACTIVATE || (searching && ui_key_enter(k))) {
		scope_choose(s, ui);
		return UI_HANDLED;
	}
	if (r != TABLE_NONE)
		return UI_HANDLED;
	if (ui_key_is(k, UI_KEY_ESC)) {
		ui_pop(ui, false);
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

static bool scope_typing(void *state)
{
	return ((struct sscreen *)state)->table.searching;
}

const struct screen screen_visit_scope = {
	.name = N_("Whose visits"),
	.enter = scope_enter,
	.leave = scope_leave,
	.draw = scope_draw,
	.key = scope_key,
	.typing = scope_typing,
	.help = scope_help,
};

/* ---- the review by rep ---- */

enum {
	RV_REP,
	RV_VISITS,
	RV_DONE,
	RV_PLANNED,
	RV_OBJECTIVE,
	RV_NOTHING,
	RV_CONC,
	RV_OVERDUE,
	RV_COUNT
};

static const struct table_col review_cols[RV_COUNT] = {
	/* TRANSLATORS: column headers of the review by rep; keep them short. */
	[RV_REP] = { N_("Rep"), 0, 10, 0, false, -1 },
	[RV_VISITS] = { N_("Visits"), 6, 0, 3, true, -1 },
	[RV_DONE] = { N_("Done"), 6, 0, 2, true, -1 },
	[RV_PLANNED] = { N_("As planned"), 10, 0, 0, true, -1 },
	[RV_OBJECTIVE] = { N_("Objective met"), 13, 0, 1, true, -1 },
	[RV_NOTHING] = { N_("No effect"), 9, 0, 4, true, -1 },
	[RV_CONC] = { N_("Concentration"), 13, 0, 0, true, -1 },
	[RV_OVERDUE] = { N_("Overdue"), 7, 0, 0, true, -1 },
};

struct review_row {
	int64_t id;
	struct visit_review r;
};

struct rscreen {
	struct table_mem mem; /* first */
	struct visit_review_req req;
	struct review_row *rows;
	struct table table;
};

static const struct ui_help review_help[] = {
	{ N_("Up/Down, PgUp/PgDn"), N_("move"), true },
	{ N_("Esc"), N_("back"), true },
	{ N_("As planned"), N_("visits done on their day, of those whose day has passed"), false },
	{ N_("No effect"),
	  N_("visits done with no order, payment or problem solved within 30 days"), false },
	{ N_("Concentration"),
	  N_("the share of visits going to the most-visited fifth of the rep's distributors"),
	  false },
	{ NULL, NULL, false },
};

static void review_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
			enum ui_color *color, attr_t *attr)
{
	struct rscreen *s = ctx;
	(void)ui;
	(void)attr;
	const struct visit_review *r = &((const struct review_row *)row)->r;
	int pct;
	switch (col) {
	case RV_REP:
		snprintf(buf, size, "%s (%s)", r->rep_name, r->rep_code);
		break;
	case RV_VISITS:
		snprintf(buf, size, "%d", r->total);
		break;
	case RV_DONE:
		snprintf(buf, size, "%d", r->done);
		break;
	case RV_PLANNED:
		pct = r->due ? (r->done_as_planned * 200 + r->due) / (2 * r->due) : 0;
		snprintf(buf, size, "%d/%d %d%%", r->done_as_planned, r->due, pct);
		break;
	case RV_OBJECTIVE:
		snprintf(buf, size, "%d/%d", r->objective_met, r->with_objective);
		break;
	case RV_NOTHING:
		snprintf(buf, size, "%d", r->changed_nothing);
		break;
	case RV_CONC:
		pct = (r->concentration_bp + 50) / 100;
		snprintf(buf, size, "%s%d%%", pct > s->req.threshold_pct && r->done ? "(!) " : "",
			 pct);
		if (pct > s->req.threshold_pct && r->done)
			*color = UI_WARNING;
		break;
	case RV_OVERDUE:
		snprintf(buf, size, "%d", r->overdue);
		if (r->overdue)
			*color = UI_WARNING;
		break;
	default:
		break;
	}
}

static const struct table_source review_source = {
	.row_size = sizeof(struct review_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.cell = review_cell,
};

static void *review_enter(struct ui *ui, void *arg)
{
	struct rscreen *s = xcalloc(1, sizeof *s);
	s->req = *(const struct visit_review_req *)arg;
	struct visit_review *list;
	int n = db_visit_reviews(ui_db(ui), &s->req.scope, s->req.year, s->req.month, ui_today(ui),
				 &list);
	if (n < 0) {
		ui_db_error(ui, _("Could not read the review"));
		free(s);
		return NULL;
	}
	s->rows = xcalloc((size_t)n + 1, sizeof *s->rows);
	for (int i = 0; i < n; i++) {
		s->rows[i].id = i + 1;
		s->rows[i].r = list[i];
	}
	free(list);
	s->mem = (struct table_mem){ s->rows, n, sizeof *s->rows };
	table_init(&s->table, review_cols, RV_COUNT, &review_source, s, n > 3 ? n : 3);
	s->table.focused = true;
	table_load(&s->table, ui);
	return s;
}

static void review_leave(void *state)
{
	struct rscreen *s = state;
	table_free(&s->table);
	free(s->rows);
	free(s);
}

static void review_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct rscreen *s = state;
	char title[300], month[CALENDAR_NAME_BUF];
	calendar_month_title(s->req.year, s->req.month, i18n_lang(), month);
	snprintf(title, sizeof title, _("Review of %s by rep · concentration marked above %d%%"),
		 month, s->req.threshold_pct);
	ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE) | A_BOLD, false);
	table_draw(&s->table, ui, top + 2, 1, height - 2, width - 2);
	if (s->mem.n == 0)
		ui_text(top + 4, 2, width - 4, _("No reps here."), ui_attr(UI_DIM), false);
}

static int review_key(void *state, struct ui *ui, struct ui_key k)
{
	struct rscreen *s = state;
	if (table_key(&s->table, ui, k) == TABLE_HANDLED)
		return UI_HANDLED;
	if (ui_key_is(k, UI_KEY_ESC)) {
		ui_pop(ui, false);
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_visit_review = {
	.name = N_("Review by rep"),
	.enter = review_enter,
	.leave = review_leave,
	.draw = review_draw,
	.key = review_key,
	.help = review_help,
};
