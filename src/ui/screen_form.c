/* Adding and editing a distributor: a labelled form, validated field by field
 * with the reason shown beside the field; nothing is written until it all
 * holds, and Esc leaves without writing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/money.h"
#include "qudao/reference.h"
#include "qudao/text.h"
#include "qudao/validate.h"
#include "qudao/xalloc.h"
#include "ui.h"

enum form_index {
	F_CODE,
	F_NAME,
	F_TYPE,
	F_TIER,
	F_CONTACT,
	F_PHONE,
	F_ADDRESS,
	F_TERRITORY,
	F_OWNER,
	F_CREDIT,
	F_EVERY,
	F_START,
	F_END,
	F_NOTES,
	F_COUNT
};

static const char *const form_tiers[] = { "A", "B", "C", "D" };

struct dform {
	struct distributor d;
	struct form_field fields[F_COUNT];
	struct ui_form form;
	bool is_new;
};

static const struct ui_help dform_help[] = {
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ N_("Left/Right, Space"), N_("change a choice"), false },
	{ N_("Enter"), N_("save"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ NULL, NULL, false },
};

/* Looks up the territory and rep codes as they are typed, for the hints. */
static void dform_hints(struct dform *s, struct ui *ui)
{
	struct form_field *t = &s->fields[F_TERRITORY], *o = &s->fields[F_OWNER];
	struct ref_item item;
	qd_rc rc = db_ref_territory_by_code(ui_db(ui), t->value, &item);
	text_copy(t->hint, sizeof t->hint,
		  rc == DB_OK ? item.name : rc == DB_NOTFOUND ? _("unknown territory") : "");
	rc = db_ref_rep_by_code(ui_db(ui), o->value, &item);
	text_copy(o->hint, sizeof o->hint,
		  rc == DB_OK ? item.name : rc == DB_NOTFOUND ? _("unknown rep") : "");
	if (!t->value[0])
		text_copy(t->hint, sizeof t->hint, _("code, e.g. GD-GZ"));
	if (!o->value[0])
		text_copy(o->hint, sizeof o->hint, _("code, e.g. R0001"));
}

static void *dform_enter(struct ui *ui, void *arg)
{
	static const char *const labels[F_COUNT] = {
		/* TRANSLATORS: labels of the distributor form. */
		N_("Code"),
		N_("Name"),
		N_("Type"),
		N_("Tier"),
		N_("Contact"),
		N_("Phone"),
		N_("Address"),
		N_("Territory"),
		N_("Owner rep"),
		N_("Credit limit ¥"),
		N_("Visit every (days)"),
		N_("Agreement start"),
		N_("Agreement end"),
		N_("Notes"),
	};
	struct dform *s = xcalloc(1, sizeof *s);
	db_dist_init(&s->d);
	s->is_new = arg == NULL;
	if (!s->is_new && db_dist_get(ui_db(ui), *(const int64_t *)arg, &s->d)) {
		ui_db_error(ui, NULL);
		db_dist_free(&s->d);
		free(s);
		return NULL;
	}
	for (int i = 0; i < F_COUNT; i++) {
		s->fields[i].label = labels[i];
		s->fields[i].kind = FORM_TEXT;
		s->fields[i].max_chars = i == F_NAME ? 200 : i == F_CODE ? 32 : 300;
	}
	s->fields[F_TYPE].kind = FORM_CHOICE;
	s->fields[F_TYPE].choices = ui_type_labels;
	s->fields[F_TYPE].nchoices = 4;
	for (int i = 0; i < 4; i++)
		if (!strcmp(s->d.type, ui_types[i]))
			s->fields[F_TYPE].choice = i;
	s->fields[F_TIER].kind = FORM_CHOICE;
	s->fields[F_TIER].choices = form_tiers;
	s->fields[F_TIER].nchoices = 4;
	s->fields[F_TIER].choice = s->d.tier >= 'A' && s->d.tier <= 'D' ? s->d.tier - 'A' : 2;
	char money[MONEY_BUF], every[16];
	form_set(&s->fields[F_CODE], s->d.code);
	form_set(&s->fields[F_NAME], s->d.name);
	form_set(&s->fields[F_CONTACT], s->d.contact);
	form_set(&s->fields[F_PHONE], s->d.phone);
	form_set(&s->fields[F_ADDRESS], s->d.address);
	form_set(&s->fields[F_TERRITORY], s->d.territory_code);
	form_set(&s->fields[F_OWNER], s->d.owner_code);
	form_set(&s->fields[F_CREDIT],
		 s->d.credit_limit_fen ? money_format_plain(s->d.credit_limit_fen, money) : "");
	snprintf(every, sizeof every, "%d", s->d.visit_every_days);
	form_set(&s->fields[F_EVERY], every);
	form_set(&s->fields[F_START], s->d.agreement_start);
	form_set(&s->fields[F_END], s->d.agreement_end);
	form_set(&s->fields[F_NOTES], s->d.notes);
	s->form.fields = s->fields;
	s->form.n = F_COUNT;
	dform_hints(s, ui);
	return s;
}

static void dform_leave(void *state)
{
	struct dform *s = state;
	db_dist_free(&s->d);
	free(s);
}

static bool dform_unsaved(void *state)
{
	return ((struct dform *)state)->form.dirty;
}

static void dform_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct dform *s = state;
	char title[300];
	if (s->is_new)
		text_copy(title, sizeof title, _("New distributor"));
	else
		snprintf(title, sizeof title, _("Edit %s %s"), s->d.code, s->d.name);
	ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE), false);
	form_draw(&s->form, ui, top + 2, height - 2, width);
}

static void dform_set_error(struct form_field *f, const char *msgid)
{
	if (msgid)
		text_copy(f->error, sizeof f->error, _(msgid));
}

/* Checks every field and fills d; false when a field is wrong. */
static bool dform_validate(struct dform *s, struct ui *ui)
{
	struct form_field *f = s->fields;
	struct distributor *d = &s->d;
	form_clear_errors(&s->form);
	dform_set_error(&f[F_CODE], validate_code(f[F_CODE].value));
	dform_set_error(&f[F_NAME], validate_name(f[F_NAME].value));
	dform_set_error(&f[F_PHONE], validate_phone(f[F_PHONE].value));
	dform_set_error(&f[F_CREDIT],
			validate_money_nonnegative(f[F_CREDIT].value, &d->credit_limit_fen));
	dform_set_error(&f[F_EVERY], validate_visit_days(f[F_EVERY].value, &d->visit_every_days));
	qd_date start, end;
	int has_start, has_end;
	dform_set_error(&f[F_START], validate_date_optional(f[F_START].value, &start, &has_start));
	dform_set_error(&f[F_END], validate_date_optional(f[F_END].value, &end, &has_end));
	if (!f[F_START].error[0] && !f[F_END].error[0]) {
		if (has_start != has_end)
			text_copy(f[has_start ? F_END : F_START].error, sizeof f[0].error,
				  _("Give both agreement dates, or neither."));
		else if (has_start && date_cmp(end, start) < 0)
			text_copy(f[F_END].error, sizeof f[0].error,
				  _("The agreement cannot end before it starts."));
		else if (!has_start &&
			 (d->status == STATUS_ACTIVE || d->status == STATUS_SUSPENDED))
			text_copy(
				f[F_START].error, sizeof f[0].error,
				_("An active or suspended distributor needs its agreement dates."));
	}
	struct ref_item item;
	d->territory_id = d->owner_rep_id = 0;
	if (f[F_TERRITORY].value[0]) {
		qd_rc rc = db_ref_territory_by_code(ui_db(ui), f[F_TERRITORY].value, &item);
		if (rc == DB_NOTFOUND)
			text_copy(f[F_TERRITORY].error, sizeof f[0].error, db_errmsg(ui_db(ui)));
		else if (rc)
			return ui_db_error(ui, _("Not saved")), false;
		d->territory_id = item.id;
	}
	if (f[F_OWNER].value[0]) {
		qd_rc rc = db_ref_rep_by_code(ui_db(ui), f[F_OWNER].value, &item);
		if (rc == DB_NOTFOUND)
			text_copy(f[F_OWNER].error, sizeof f[0].error, db_errmsg(ui_db(ui)));
		else if (rc)
			return ui_db_error(ui, _("Not saved")), false;
		d->owner_rep_id = item.id;
	}
	for (int i = 0; i < F_COUNT; i++)
		if (f[i].error[0])
			return false;
	text_copy(d->code, sizeof d->code, f[F_CODE].value);
	free(d->name);
	d->name = xstrdup(f[F_NAME].value);
	text_copy(d->type, sizeof d->type, ui_types[f[F_TYPE].choice]);
	d->tier = (char)('A' + f[F_TIER].choice);
	free(d->contact);
	d->contact = xstrdup(f[F_CONTACT].value);
	free(d->phone);
	d->phone = xstrdup(f[F_PHONE].value);
	free(d->address);
	d->address = xstrdup(f[F_ADDRESS].value);
	free(d->notes);
	d->notes = xstrdup(f[F_NOTES].value);
	text_copy(d->agreement_start, sizeof d->agreement_start, f[F_START].value);
	text_copy(d->agreement_end, sizeof d->agreement_end, f[F_END].value);
	return true;
}

static void dform_save(struct dform *s, struct ui *ui)
{
	if (!dform_validate(s, ui)) {
		form_focus_error(&s->form);
		struct form_field *f = &s->fields[s->form.focus];
		ui_error(ui, _("%s: %s"), _(f->label), f->error);
		return;
	}
	qd_rc rc = db_dist_save(ui_db(ui), &s->d, ui_user(ui));
	if (rc == DB_INVALID || rc == DB_DUPLICATE) {
		static const enum form_index where[] = {
			[DIST_FIELD_NONE] = F_COUNT,	    [DIST_FIELD_CODE] = F_CODE,
			[DIST_FIELD_NAME] = F_NAME,	    [DIST_FIELD_TERRITORY] = F_TERRITORY,
			[DIST_FIELD_OWNER] = F_OWNER,	    [DIST_FIELD_AGREEMENT] = F_START,
			[DIST_FIELD_CONTACT] = F_CONTACT,   [DIST_FIELD_PHONE] = F_PHONE,
			[DIST_FIELD_ADDRESS] = F_ADDRESS,   [DIST_FIELD_NOTES] = F_NOTES,
			[DIST_FIELD_CREDIT] = F_CREDIT,	    [DIST_FIELD_VISIT_EVERY] = F_EVERY,
		};
		int bad = db_errfield(ui_db(ui));
		if (bad > 0 && bad < (int)(sizeof where / sizeof where[0])) {
			text_copy(s->fields[where[bad]].error, sizeof s->fields[0].error,
				  db_errmsg(ui_db(ui)));
			s->form.focus = where[bad];
		}
		ui_error(ui, _("Not saved: %s"), db_errmsg(ui_db(ui)));
		return;
	}
	if (rc) {
		ui_db_error(ui, _("Not saved"));
		return;
	}
	char name[256];
	text_copy(name, sizeof name, s->d.name);
	bool was_new = s->is_new;
	if (was_new)
		ui_focus(ui, s->d.id);
	ui_pop(ui, true);
	if (was_new)
		ui_message(ui, _("Added %s as an applicant."), name);
	else
		ui_message(ui, _("Saved %s."), name);
}

static void dform_discard(struct ui *ui, void *arg)
{
	(void)arg;
	ui_pop(ui, false);
	ui_message(ui, "%s", _("Changes discarded."));
}

static int dform_key(void *state, struct ui *ui, struct ui_key k)
{
	struct dform *s = state;
	int focus = s->form.focus;
	switch (form_key(&s->form, k)) {
	case FORM_SUBMIT:
		dform_save(s, ui);
		return UI_HANDLED;
	case FORM_CANCEL:
		if (s->form.dirty)
			ui_confirm(ui, _("Discard the changes? (y/n)"), dform_discard, NULL);
		else
			ui_pop(ui, false);
		return UI_HANDLED;
	case FORM_EDITED:
		if (focus == F_TERRITORY || focus == F_OWNER)
			dform_hints(s, ui);
		return UI_HANDLED;
	case FORM_MOVED:
		if (s->fields[s->form.focus].error[0])
			ui_error(ui, "%s", s->fields[s->form.focus].error);
		return UI_HANDLED;
	default:
		/* Every other key belongs to the form too: q types a q here. */
		return k.code && k.ch == KEY_F(1) ? UI_UNHANDLED : UI_HANDLED;
	}
}

static int dform_click(void *state, struct ui *ui, int row, int col)
{
	(void)ui;
	(void)col;
	struct dform *s = state;
	form_click(&s->form, row - 2);
	return UI_HANDLED;
}

const struct screen screen_form = {
	.takes_text = true,
	.name = N_("Distributor form"),
	.enter = dform_enter,
	.leave = dform_leave,
	.draw = dform_draw,
	.key = dform_key,
	.click = dform_click,
	.unsaved = dform_unsaved,
	.help = dform_help,
};
