/* The territory panel's actions that take a form: granting an exclusive
 * right (an active distributor, a category of the products, dates),
 * assigning a rep, moving a distributor into the territory. Enter checks the
 * fields, asks to confirm (saying which rights a grant would conflict with),
 * then writes through db/territory as the user; the panel and the map read
 * again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/calendar.h"
#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/setup.h"
#include "qudao/territory.h"
#include "qudao/terrmap.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "screen_territory.h"
#include "ui.h"

enum { AF_FIRST, AF_CATEGORY, AF_FROM, AF_TO, AF_MAX };

struct action {
	struct map_action_arg arg;
	struct territory_rec territory;
	struct form_field fields[AF_MAX];
	struct ui_form form;
	/* The product categories the grant's category field offers. */
	struct ref_item *categories;
	const char **category_names;
	/* What was checked, for the write once confirmed. */
	struct tmap_dist dist;
	struct ref_item rep;
	qd_date from, to;
};

static const struct ui_help action_help[] = {
	{ N_("Enter"), N_("check and confirm"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ NULL, NULL, false },
};

/* The territory's name as the panel shows it (in English its English name). */
static const char *action_place(const struct action *s)
{
	return terrmap_name_of(s->territory.name, s->territory.name_en, i18n_lang());
}

/* The category chosen in the grant form ("" when there is none). */
static const char *action_category(const struct action *s)
{
	const struct form_field *f = &s->fields[AF_CATEGORY];
	return f->nchoices > 0 ? f->choices[f->choice] : "";
}

static int action_pick_distributor(struct ui *ui, const char *query, struct ref_item *out, int max)
{
	return form_pick_distributors(ui, query, 0, out, max);
}

/* Only an active distributor can be granted a right. */
static int action_pick_active(struct ui *ui, const char *query, struct ref_item *out, int max)
{
	return form_pick_distributors(ui, query, 1u << STATUS_ACTIVE, out, max);
}

/* The distinct categories of the active products into the category field's
 * choices; false (with the message shown) when they could not be read. */
static bool action_load_categories(struct action *s, struct ui *ui)
{
	enum { MAX_CATEGORIES = 500 };
	s->categories = xcalloc(MAX_CATEGORIES, sizeof *s->categories);
	int n = db_tmap_category_search(ui_db(ui), "", s->categories, MAX_CATEGORIES);
	if (n < 0) {
		ui_db_error(ui, _("Could not read the products"));
		return false;
	}
	s->category_names = xcalloc((size_t)n + 1, sizeof *s->category_names);
	for (int i = 0; i < n; i++)
		s->category_names[i] = s->categories[i].name;
	s->fields[AF_CATEGORY].choices = s->category_names;
	s->fields[AF_CATEGORY].nchoices = n;
	s->fields[AF_CATEGORY].choices_are_data = true;
	return true;
}

static void action_free(struct action *s)
{
	form_free(&s->form);
	free(s->categories);
	free(s->category_names);
	free(s);
}

static void *action_enter(struct ui *ui, void *arg)
{
	struct action *s = xcalloc(1, sizeof *s);
	s->arg = *(const struct map_action_arg *)arg;
	if (db_setup_territory_get(ui_db(ui), s->arg.territory_id, &s->territory)) {
		ui_db_error(ui, _("Could not read the territory"));
		free(s);
		return NULL;
	}
	struct form_field *f = s->fields;
	int n = 1;
	f[AF_FIRST].kind = FORM_PICK;
	f[AF_FIRST].max_chars = 32;
	f[AF_FIRST].label = N_("Distributor");
	f[AF_FIRST].pick = action_pick_distributor;
	text_copy(f[AF_FIRST].hint, sizeof f[0].hint, _("code, name or pinyin"));
	if (s->arg.kind == MAP_ACTION_ASSIGN) {
		f[AF_FIRST].label = N_("Rep");
		f[AF_FIRST].pick = form_pick_rep;
	}
	if (s->arg.kind == MAP_ACTION_GRANT) {
		char day[DATE_BUF];
		qd_date today = ui_today(ui);
		f[AF_FIRST].pick = action_pick_active;
		f[AF_CATEGORY].kind = FORM_CHOICE;
		f[AF_CATEGORY].label = N_("Product category");
		f[AF_FROM].kind = f[AF_TO].kind = FORM_TEXT;
		f[AF_FROM].label = N_("From (YYYY-MM-DD)");
		f[AF_TO].label = N_("To (YYYY-MM-DD)");
		f[AF_FROM].max_chars = f[AF_TO].max_chars = 10;
		f[AF_FROM].ascii = f[AF_TO].ascii = true;
		form_set(&f[AF_FROM], date_format(today, day));
		form_set(&f[AF_TO],
			 date_format(date_add_days(date_add_months(today, 12), -1), day));
		n = AF_MAX;
	}
	s->form.fields = s->fields;
	s->form.n = n;
	s->form.dirty = false;
	if (s->arg.kind == MAP_ACTION_GRANT && !action_load_categories(s, ui)) {
		action_free(s);
		return NULL;
	}
	return s;
}

static void action_leave(void *state)
{
	action_free(state);
}

static void action_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct action *s = state;
	char title[600];
	const char *place = action_place(s);
	switch (s->arg.kind) {
	case MAP_ACTION_GRANT:
		snprintf(title, sizeof title, _("Grant an exclusive right in %s (%s)"), place,
			 s->territory.code);
		break;
	case MAP_ACTION_ASSIGN:
		snprintf(title, sizeof title, _("Assign a rep to %s (%s)"), place,
			 s->territory.code);
		break;
	default:
		snprintf(title, sizeof title, _("Move a distributor into %s (%s)"), place,
			 s->territory.code);
		break;
	}
	ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE), false);
	form_draw(&s->form, ui, top + 2, height - 2, width);
}

/* Puts a refusal beside field once, the message line saying the form's
 * usual "Not saved: ..." (not the same words a second time). */
static void action_refuse(struct action *s, struct ui *ui, int field, const char *why)
{
	text_copy(s->fields[field].error, sizeof s->fields[0].error, why);
	s->form.focus = field;
	form_refused(&s->form, ui);
}

/* Puts the database's failure beside the field it concerns, or on the
 * message line. */
static void action_fail(struct action *s, struct ui *ui)
{
	qd_db *db = ui_db(ui);
	int field = -1;
	switch (db_errfield(db)) {
	case TMAP_FIELD_DISTRIBUTOR:
	case TMAP_FIELD_REP:
		field = AF_FIRST;
		break;
	case TMAP_FIELD_CATEGORY:
		field = AF_CATEGORY;
		break;
	case TMAP_FIELD_START:
		field = AF_FROM;
		break;
	case TMAP_FIELD_END:
		field = AF_TO;
		break;
	default:
		break;
	}
	qd_rc rc = db_errcode(db);
	if ((rc == DB_INVALID || rc == DB_NOTFOUND) && field >= 0 && field < s->form.n) {
		action_refuse(s, ui, field, db_errmsg(db));
	} else {
		ui_db_error(ui, _("Not saved"));
	}
}

static void action_yes(struct ui *ui, void *arg)
{
	struct action *s = arg;
	qd_db *db = ui_db(ui);
	qd_rc rc;
	char done[900];
	const char *place = action_place(s);
	if (!ui_can_write(ui))
		return;
	switch (s->arg.kind) {
	case MAP_ACTION_GRANT:
		rc = db_tmap_grant(db, s->dist.id, s->territory.id, action_category(s), s->from,
				   s->to, ui_user(ui), NULL, NULL);
		snprintf(done, sizeof done, _("Granted %s the exclusive right to %s in %s."),
			 s->dist.code, action_category(s), place);
		break;
	case MAP_ACTION_ASSIGN:
		rc = db_tmap_assign_rep(db, s->rep.id, s->territory.id, ui_user(ui));
		snprintf(done, sizeof done, _("%s now covers %s."), s->rep.name, place);
		break;
	default:
		rc = db_tmap_move(db, s->dist.id, s->dist.version, s->territory.id, ui_today(ui),
				  ui_user(ui));
		snprintf(done, sizeof done, _("Moved %s into %s."), s->dist.code, place);
		break;
	}
	if (rc) {
		action_fail(s, ui);
		return;
	}
	ui_pop(ui, true);
	ui_message(ui, "%s", done);
}

/* A right the grant would conflict with, for the question. */
struct action_other {
	char holder_code[40], holder_name[808], category[REF_BUF(REF_CATEGORY_MAX)], place[40];
	qd_date start, end;
};

/* How many rights the grant would conflict with as of today, and the first
 * of them into *first. */
static int action_conflicts(struct action *s, struct ui *ui, struct action_other *first)
{
	struct tmap m;
	if (db_tmap_load(ui_db(ui), period_of(PERIOD_MONTH, ui_today(ui)), ui_today(ui), &m)) {
		db_tmap_free(&m);
		return 0;
	}
	struct terrmap_right want;
	memset(&want, 0, sizeof want);
	want.distributor_id = s->dist.id;
	want.territory = db_tmap_find(&m, s->territory.id);
	text_copy(want.category, sizeof want.category, action_category(s));
	want.start = s->from;
	want.end = s->to;
	want.holder_status = s->dist.status;
	int n = 0;
	for (int i = 0; i < m.nrights; i++) {
		const struct terrmap_right *r = &m.rights[i];
		if (!terrmap_rights_conflict(m.nodes, m.n, &want, r, ui_today(ui)) || n++ > 0)
			continue;
		text_copy(first->holder_code, sizeof first->holder_code, r->holder_code);
		text_copy(first->holder_name, sizeof first->holder_name, r->holder_name);
		text_copy(first->category, sizeof first->category, r->category);
		text_copy(first->place, sizeof first->place,
			  r->territory >= 0 ? m.nodes[r->territory].code : "—");
		first->start = r->start;
		first->end = r->end;
	}
	db_tmap_free(&m);
	return n;
}

static bool action_date(struct form_field *f, qd_date *out)
{
	if (date_parse(field_value(f), out) == 0 && date_in_range(*out))
		return true;
	calendar_date_refusal(field_value(f), f->error, sizeof f->error);
	return false;
}

static void action_submit(struct action *s, struct ui *ui)
{
	form_clear_errors(&s->form);
	char q[1600], from[DATE_BUF], to[DATE_BUF];
	qd_db *db = ui_db(ui);
	const char *place = action_place(s);
	if (!field_value(&s->fields[AF_FIRST])[0]) {
		action_refuse(s, ui, AF_FIRST,
			      s->arg.kind == MAP_ACTION_ASSIGN ? _("Choose a rep.")
							       : _("Choose a distributor."));
		return;
	}
	if (s->arg.kind == MAP_ACTION_ASSIGN) {
		qd_rc rc = db_ref_rep_by_code(db, field_value(&s->fields[AF_FIRST]), &s->rep);
		if (rc == DB_NOTFOUND) {
			action_refuse(s, ui, AF_FIRST, db_errmsg(db));
			return;
		}
		int covers = rc ? -1 : db_tmap_rep_covers(db, s->rep.id, s->territory.id);
		if (covers < 0) {
			ui_db_error(ui, _("Could not read the rep"));
			return;
		}
		if (covers) {
			ui_error(ui, _("%s already covers %s: nothing to do."), s->rep.name, place);
			return;
		}
		snprintf(q, sizeof q, _("Assign rep %s %s to %s (%s)? (y/n)"), s->rep.code,
			 s->rep.name, place, s->territory.code);
		ui_confirm(ui, q, action_yes, s);
		return;
	}
	if (db_tmap_dist_by_code(db, field_value(&s->fields[AF_FIRST]), &s->dist)) {
		action_fail(s, ui);
		return;
	}
	if (s->arg.kind == MAP_ACTION_MOVE) {
		if (s->dist.territory_id == s->territory.id) {
			action_refuse(s, ui, AF_FIRST, _("It is in this territory already."));
			return;
		}
		snprintf(q, sizeof q,
			 _("Move %s %s from %s to %s as of %s? Its earlier months stay where they "
			   "were. (y/n)"),
			 s->dist.code, s->dist.name,
			 s->dist.territory_code[0] ? s->dist.territory_code : "—",
			 s->territory.code, date_format(ui_today(ui), from));
		ui_confirm(ui, q, action_yes, s);
		return;
	}
	bool ok = action_date(&s->fields[AF_FROM], &s->from);
	ok = action_date(&s->fields[AF_TO], &s->to) && ok;
	if (s->dist.status != STATUS_ACTIVE) {
		char why[300];
		snprintf(why, sizeof why,
			 _("Distributor %s is %s: only an active distributor can be granted an "
			   "exclusive right."),
			 s->dist.code, _(lifecycle_status_label(s->dist.status)));
		text_copy(s->fields[AF_FIRST].error, sizeof s->fields[0].error, why);
	}
	const char *why = ok ? terrmap_grant_check(action_category(s), s->from, s->to) : NULL;
	if (why)
		text_copy(
			s->fields[refdata_category(action_category(s)) ? AF_CATEGORY : AF_TO].error,
			sizeof s->fields[0].error, _(why));
	if (!ok || why || s->fields[AF_FIRST].error[0]) {
		form_focus_error(&s->form);
		form_refused(&s->form, ui);
		return;
	}
	struct action_other other;
	memset(&other, 0, sizeof other);
	int conflicts = action_conflicts(s, ui, &other);
	date_format(s->from, from);
	date_format(s->to, to);
	if (conflicts > 0) {
		char a[DATE_BUF], b[DATE_BUF];
		snprintf(
			q, sizeof q,
			ngettext(
				"This conflicts with %d right: %s %s holds %s in %s from %s to %s. "
				"Grant anyway? (y/n)",
				"This conflicts with %d rights, the first: %s %s holds %s in %s "
				"from "
				"%s to %s. Grant anyway? (y/n)",
				(unsigned long)conflicts),
			conflicts, other.holder_code, other.holder_name, other.category,
			other.place, date_format(other.start, a), date_format(other.end, b));
	} else {
		snprintf(q, sizeof q,
			 _("Grant %s %s the exclusive right to %s in %s (%s) from %s to %s? (y/n)"),
			 s->dist.code, s->dist.name, action_category(s), place, s->territory.code,
			 from, to);
	}
	ui_confirm(ui, q, action_yes, s);
}

static int action_key(void *state, struct ui *ui, struct ui_key k)
{
	struct action *s = state;
	switch (form_key(&s->form, ui, k)) {
	case FORM_SUBMIT:
		action_submit(s, ui);
		return UI_HANDLED;
	case FORM_CANCEL:
		ui_pop(ui, false);
		return UI_HANDLED;
	case FORM_REFUSED:
		ui_error(ui, "%s", s->fields[s->form.focus].error);
		return UI_HANDLED;
	default:
		return k.code && k.ch == KEY_F(1) ? UI_UNHANDLED : UI_HANDLED;
	}
}

static int action_click(void *state, struct ui *ui, int row, int col)
{
	(void)ui;
	(void)col;
	struct action *s = state;
	form_click(&s->form, row + 1 - s->form.y);
	return UI_HANDLED;
}

const struct screen screen_map_action = {
	.takes_text = true,
	.writes = true,
	.name = N_("Territory"),
	.enter = action_enter,
	.leave = action_leave,
	.draw = action_draw,
	.key = action_key,
	.click = action_click,
	.help = action_help,
};
