/* Adding and editing a distributor: a labelled form, validated field by field
 * with the reason shown beside the field; nothing is written until it all
 * holds, and Esc leaves without writing. An edit saves only over the version
 * it loaded: when someone else changed the distributor meanwhile, the form
 * shows which fields they changed and which you did, and lets you take
 * theirs and apply yours again, or overwrite knowingly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/reference.h"
#include "qudao/text.h"
#include "qudao/validate.h"
#include "qudao/visit.h"
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

static const char *const form_labels[F_COUNT] = {
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

/* The characters each field may hold: the schema's caps. */
static const int form_max[F_COUNT] = {
	[F_CODE] = DIST_CODE_MAX,
	[F_NAME] = DIST_NAME_MAX,
	[F_CONTACT] = DIST_CONTACT_MAX,
	[F_PHONE] = DIST_PHONE_MAX,
	[F_ADDRESS] = DIST_ADDRESS_MAX,
	[F_TERRITORY] = 32,
	[F_OWNER] = 32,
	[F_CREDIT] = 20,
	[F_EVERY] = 3,
	[F_START] = 10,
	[F_END] = 10,
	[F_NOTES] = DIST_NOTES_MAX,
};

struct dform {
	struct distributor base; /* as loaded: what "changed" is measured against */
	struct distributor d;	 /* what is saved */
	struct form_field fields[F_COUNT];
	struct ui_form form;
	bool is_new;
	/* A new distributor's visit frequency follows its tier (the visit
	 * settings) until one is typed. */
	int tier_every[4];
	bool every_typed;
	/* After a refused save: the stored version, and which fields each side
	 * changed since base. */
	bool conflict;
	struct distributor theirs;
	bool theirs_changed[F_COUNT], mine_changed[F_COUNT];
};

static const struct ui_help dform_help[] = {
	{ N_("Enter"), N_("save"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ N_("Left/Right, Space"), N_("change a choice"), false },
	{ N_("Down, Enter"), N_("pick a territory or rep from the list"), false },
	{ NULL, NULL, false },
};

/* While the form shows that someone else saved first. */
static const struct ui_help dform_conflict_help[] = {
	{ N_("r"), N_("take theirs, yours on top"), true },
	{ N_("o"), N_("overwrite theirs"), true },
	{ N_("Esc"), N_("back to the form"), true },
	{ NULL, NULL, false },
};

/* A field's value in d as the form shows it. */
static void dform_text(const struct distributor *d, int f, char *buf, size_t size)
{
	char money[MONEY_BUF];
	switch ((enum form_index)f) {
	case F_CODE:
		text_copy(buf, size, d->code);
		break;
	case F_NAME:
		text_copy(buf, size, d->name);
		break;
	case F_TYPE:
		text_copy(buf, size, _(label_of(&labels_dist_type, d->type)));
		break;
	case F_TIER:
		snprintf(buf, size, "%c", d->tier);
		break;
	case F_CONTACT:
		text_copy(buf, size, d->contact);
		break;
	case F_PHONE:
		text_copy(buf, size, d->phone);
		break;
	case F_ADDRESS:
		text_copy(buf, size, d->address);
		break;
	case F_TERRITORY:
		text_copy(buf, size, d->territory_code);
		break;
	case F_OWNER:
		text_copy(buf, size, d->owner_code);
		break;
	case F_CREDIT:
		text_copy(buf, size,
			  d->credit_limit_fen ? money_format_plain(d->credit_limit_fen, money)
					      : "");
		break;
	case F_EVERY:
		snprintf(buf, size, "%d", d->visit_every_days);
		break;
	case F_START:
		text_copy(buf, size, d->agreement_start);
		break;
	case F_END:
		text_copy(buf, size, d->agreement_end);
		break;
	case F_NOTES:
		text_copy(buf, size, d->notes);
		break;
	default:
		buf[0] = '\0';
	}
}

/* The field's value as typed, in the form dform_text() gives. */
static void dform_typed(struct dform *s, int f, char *buf, size_t size)
{
	const struct form_field *field = &s->fields[f];
	if (f == F_TYPE)
		text_copy(buf, size, _(labels_dist_type.labels[field->choice]));
	else if (f == F_TIER)
		text_copy(buf, size, labels_tier.codes[field->choice]);
	else
		text_copy(buf, size, field_value(field));
}

/* Fills the fields from d. */
static void dform_fill(struct dform *s, struct ui *ui, const struct distributor *d)
{
	/* The longest text a field holds fits this buffer: notes, 4 bytes a
	 * character at most. */
	char *buf = xmalloc((size_t)DIST_NOTES_MAX * 4 + 1);
	for (int i = 0; i < F_COUNT; i++) {
		if (i == F_TYPE || i == F_TIER)
			continue;
		dform_text(d, i, buf, (size_t)DIST_NOTES_MAX * 4 + 1);
		form_set(&s->fields[i], buf);
	}
	free(buf);
	int type = label_index(&labels_dist_type, d->type);
	s->fields[F_TYPE].choice = type >= 0 ? type : 0;
	s->fields[F_TIER].choice = d->tier >= 'A' && d->tier <= 'D' ? d->tier - 'A' : 2;
	text_copy(s->fields[F_TERRITORY].hint, sizeof s->fields[0].hint,
		  d->territory_id ? d->territory_name : _("code, name or pinyin"));
	text_copy(s->fields[F_OWNER].hint, sizeof s->fields[0].hint,
		  d->owner_rep_id ? d->owner_name : _("code, name or pinyin"));
	(void)ui;
}

/* The visit frequency of the tier chosen, in the field. */
static void dform_tier_every(struct dform *s)
{
	char days[16];
	int tier = s->fields[F_TIER].choice;
	snprintf(days, sizeof days, "%d", s->tier_every[tier >= 0 && tier < 4 ? tier : 2]);
	form_set(&s->fields[F_EVERY], days);
}

static void *dform_enter(struct ui *ui, void *arg)
{
	struct dform *s = xcalloc(1, sizeof *s);
	db_dist_init(&s->d);
	db_dist_init(&s->base);
	db_dist_init(&s->theirs);
	s->is_new = arg == NULL;
	if (!s->is_new && db_dist_get(ui_db(ui), *(const int64_t *)arg, &s->base)) {
		ui_db_error(ui, NULL);
		db_dist_free(&s->d);
		db_dist_free(&s->base);
		db_dist_free(&s->theirs);
		free(s);
		return NULL;
	}
	for (int i = 0; i < F_COUNT; i++) {
		s->fields[i].label = form_labels[i];
		s->fields[i].kind = FORM_TEXT;
		s->fields[i].max_chars = form_max[i];
		s->fields[i].ascii = i == F_CODE || i == F_PHONE || i == F_CREDIT || i == F_EVERY ||
				     i == F_START || i == F_END;
	}
	s->fields[F_TYPE].kind = FORM_CHOICE;
	s->fields[F_TYPE].choices = labels_dist_type.labels;
	s->fields[F_TYPE].nchoices = labels_dist_type.n;
	s->fields[F_TIER].kind = FORM_CHOICE;
	s->fields[F_TIER].choices = labels_tier.labels;
	s->fields[F_TIER].nchoices = labels_tier.n;
	s->fields[F_TERRITORY].kind = FORM_PICK;
	s->fields[F_TERRITORY].pick = form_pick_territory;
	s->fields[F_OWNER].kind = FORM_PICK;
	s->fields[F_OWNER].pick = form_pick_rep;
	dform_fill(s, ui, &s->base);
	s->form.fields = s->fields;
	s->form.n = F_COUNT;
	struct visit_settings vs;
	if (db_visit_settings_get(ui_db(ui), &vs))
		visit_settings_default(&vs);
	memcpy(s->tier_every, vs.every_days, sizeof s->tier_every);
	if (s->is_new)
		dform_tier_every(s);
	return s;
}

static void dform_leave(void *state)
{
	struct dform *s = state;
	form_free(&s->form);
	db_dist_free(&s->d);
	db_dist_free(&s->base);
	db_dist_free(&s->theirs);
	free(s);
}

static bool dform_unsaved(void *state)
{
	return ((struct dform *)state)->form.dirty;
}

static void dform_draw_conflict(struct dform *s, int top, int height, int width)
{
	const char *keys = _("r: take theirs and apply your changes again (then Enter saves) · o: "
			     "overwrite theirs with yours · Esc: back to the form");
	const char *why = _("Someone else saved this distributor after you opened it. Nothing of "
			    "yours was saved yet.");
	char **kl, **wl;
	int nkeys = text_wrap(keys, width - 2, &kl), nwhy = text_wrap(why, width - 2, &wl);
	int nrows = 0;
	for (int i = 0; i < F_COUNT; i++)
		nrows += s->theirs_changed[i] || s->mine_changed[i];
	/* Under the title: the two versions first, then the keys that leave,
	 * then the explanation, then blank lines between them, as room allows
	 * (a short terminal shows what clashed before why). */
	int room = height - 1;
	int shown_rows = nrows < room - 1 ? nrows : room - 1;
	if (shown_rows < 0)
		shown_rows = 0;
	room -= 1 + shown_rows;
	int shown_keys = nkeys < room ? nkeys : room > 0 ? room : 0;
	room -= shown_keys;
	int shown_why = nwhy < room ? nwhy : room > 0 ? room : 0;
	room -= shown_why;
	int gap = room >= 3 ? 1 : 0;
	int y = top + 1 + gap;
	for (int i = 0; i < shown_why; i++) {
		/* A sentence cut short says so. */
		char *line = i == shown_why - 1 && shown_why < nwhy ? xasprintf("%s…", wl[i])
								    : xstrdup(wl[i]);
		ui_text(y++, 1, width - 2, line, ui_attr(UI_WARNING) | A_BOLD, false);
		free(line);
	}
	y += gap;
	int label = 0;
	for (int i = 0; i < F_COUNT; i++)
		if (s->theirs_changed[i] || s->mine_changed[i]) {
			int w = text_width(_(form_labels[i]));
			label = w > label ? w : label;
		}
	if (label > (width - 2) / 3)
		label = (width - 2) / 3;
	int half = (width - label - 6) / 2;
	if (shown_rows + 1 <= height - 1) {
		ui_text(y, 2 + label, half, _("Theirs (saved)"), ui_attr(UI_TITLE), false);
		ui_text(y, 4 + label + half, half, _("Yours"), ui_attr(UI_TITLE), false);
	}
	char theirs[512], mine[512];
	for (int i = 0, shown = 0; i < F_COUNT && shown < shown_rows; i++) {
		if (!s->theirs_changed[i] && !s->mine_changed[i])
			continue;
		y++;
		shown++;
		dform_text(&s->theirs, i, theirs, sizeof theirs);
		dform_typed(s, i, mine, sizeof mine);
		/* Both changed the same field: that one needs a look. */
		bool both = s->theirs_changed[i] && s->mine_changed[i];
		ui_text(y, 1, label, _(form_labels[i]),
			both ? ui_attr(UI_ERROR) | A_BOLD : A_NORMAL, true);
		ui_text(y, 2 + label, half, theirs, s->theirs_changed[i] ? A_BOLD : ui_attr(UI_DIM),
			false);
		ui_text(y, 4 + label + half, half, mine,
			s->mine_changed[i] ? A_BOLD : ui_attr(UI_DIM), false);
	}
	y += 1 + gap;
	for (int i = 0; i < shown_keys; i++)
		ui_text(y++, 1, width - 2, kl[i], ui_attr(UI_DIM), false);
	for (int i = 0; i < nkeys; i++)
		free(kl[i]);
	for (int i = 0; i < nwhy; i++)
		free(wl[i]);
	free(kl);
	free(wl);
}

static void dform_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct dform *s = state;
	char title[600];
	if (s->is_new)
		text_copy(title, sizeof title, _("New distributor"));
	else
		snprintf(title, sizeof title, _("Edit %s %s"), s->base.code, s->base.name);
	ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE), false);
	if (s->conflict)
		dform_draw_conflict(s, top, height, width);
	else
		form_draw(&s->form, ui, top + 2, height - 2, width);
}

static void dform_set_error(struct form_field *f, const char *msgid)
{
	if (msgid)
		text_copy(f->error, sizeof f->error, _(msgid));
}

/* Looks a typed territory or rep code up: its id, or an error on the field.
 * False when the database failed (shown). */
static bool dform_lookup(struct dform *s, struct ui *ui, int f, int64_t *id, char *name,
			 size_t name_size)
{
	struct ref_item item;
	*id = 0;
	name[0] = '\0';
	if (!s->fields[f].len)
		return true;
	qd_rc rc = form_ref_lookup(&s->fields[f], ui,
				   f == F_TERRITORY ? db_ref_territory_by_code : db_ref_rep_by_code,
				   N_("Not saved"), &item);
	if (rc == DB_NOTFOUND)
		return true;
	if (rc)
		return false;
	*id = item.id;
	text_copy(name, name_size, item.name);
	return true;
}

/* Checks every field and fills d from them; false when a field is wrong. */
static bool dform_validate(struct dform *s, struct ui *ui)
{
	struct form_field *f = s->fields;
	struct distributor *d = &s->d;
	form_clear_errors(&s->form);
	db_dist_free(d);
	db_dist_init(d);
	d->id = s->base.id;
	d->version = s->base.version;
	d->status = s->base.status;
	/* A code and a phone number typed full-width (ＧＤ－００１,
	 * １３８…, as a Chinese input method may) are their ASCII forms. */
	for (int i = 0; i < F_COUNT; i++)
		if (i == F_CODE || i == F_PHONE) {
			char *folded = text_ascii_fold(field_value(&f[i]));
			if (strcmp(folded, field_value(&f[i])))
				form_set(&f[i], folded);
			free(folded);
		}
	dform_set_error(&f[F_CODE], validate_code(field_value(&f[F_CODE])));
	dform_set_error(&f[F_NAME], validate_name(field_value(&f[F_NAME])));
	dform_set_error(&f[F_PHONE], validate_phone(field_value(&f[F_PHONE])));
	dform_set_error(&f[F_CREDIT],
			validate_credit_limit(field_value(&f[F_CREDIT]), &d->credit_limit_fen));
	dform_set_error(&f[F_EVERY],
			validate_visit_days(field_value(&f[F_EVERY]), &d->visit_every_days));
	qd_date date;
	int has;
	dform_set_error(&f[F_START], validate_date_optional(field_value(&f[F_START]), &date, &has));
	dform_set_error(&f[F_END], validate_date_optional(field_value(&f[F_END]), &date, &has));
	form_date_why(&f[F_START]);
	form_date_why(&f[F_END]);
	if (!f[F_START].error[0] && !f[F_END].error[0]) {
		int end_field;
		const char *why = validate_dist_agreement(d->status, field_value(&f[F_START]),
							  field_value(&f[F_END]), &end_field);
		dform_set_error(&f[end_field ? F_END : F_START], why);
	}
	if (!dform_lookup(s, ui, F_TERRITORY, &d->territory_id, d->territory_name,
			  sizeof d->territory_name) ||
	    !dform_lookup(s, ui, F_OWNER, &d->owner_rep_id, d->owner_name, sizeof d->owner_name))
		return false;
	for (int i = 0; i < F_COUNT; i++)
		if (f[i].error[0])
			return false;
	text_copy(d->code, sizeof d->code, field_value(&f[F_CODE]));
	text_copy(d->territory_code, sizeof d->territory_code, field_value(&f[F_TERRITORY]));
	text_copy(d->owner_code, sizeof d->owner_code, field_value(&f[F_OWNER]));
	free(d->name);
	d->name = xstrdup(field_value(&f[F_NAME]));
	text_copy(d->type, sizeof d->type, labels_dist_type.codes[f[F_TYPE].choice]);
	d->tier = (char)('A' + f[F_TIER].choice);
	free(d->contact);
	d->contact = xstrdup(field_value(&f[F_CONTACT]));
	free(d->phone);
	d->phone = xstrdup(field_value(&f[F_PHONE]));
	free(d->address);
	d->address = xstrdup(field_value(&f[F_ADDRESS]));
	free(d->notes);
	d->notes = xstrdup(field_value(&f[F_NOTES]));
	text_copy(d->agreement_start, sizeof d->agreement_start, field_value(&f[F_START]));
	text_copy(d->agreement_end, sizeof d->agreement_end, field_value(&f[F_END]));
	return true;
}

/* Someone else saved first: reads theirs and marks what each side changed.
 * True when both changed a field, each to something else (or theirs cannot
 * be read): the user decides. Otherwise (they changed the status, other
 * fields, or the same field to what was typed) the changes go together. */
static bool dform_conflict(struct dform *s, struct ui *ui)
{
	if (db_dist_get(ui_db(ui), s->base.id, &s->theirs)) {
		ui_db_error(ui, _("Not saved"));
		return true;
	}
	/* Whole fields compared: notes hold up to 10,000 characters. */
	size_t size = (size_t)DIST_NOTES_MAX * 4 + 1;
	char *a = xmalloc(size), *b = xmalloc(size), *c = xmalloc(size);
	bool clash = false;
	for (int i = 0; i < F_COUNT; i++) {
		dform_text(&s->base, i, a, size);
		dform_text(&s->theirs, i, b, size);
		s->theirs_changed[i] = strcmp(a, b) != 0;
		dform_typed(s, i, c, size);
		s->mine_changed[i] = strcmp(a, c) != 0;
		clash |= s->theirs_changed[i] && s->mine_changed[i] && strcmp(b, c) != 0;
	}
	free(a);
	free(b);
	free(c);
	if (clash) {
		s->conflict = true;
		ui_error(ui, "%s",
			 _("Not saved: someone else changed this distributor meanwhile."));
	}
	return clash;
}

static void dform_take_theirs(struct dform *s, struct ui *ui);
static void dform_save_as(struct dform *s, struct ui *ui, bool merged);

/* Saves the form; merged: put on top of another's save that came first. */
static void dform_store(struct dform *s, struct ui *ui, bool merged)
{
	int64_t version = s->d.version;
	qd_rc rc = db_dist_save(ui_db(ui), &s->d, ui_user(ui));
	if (rc == DB_CONFLICT) {
		if (dform_conflict(s, ui))
			return;
		if (merged) {
			/* Put on top of theirs and refused again: the user sees
			 * both versions. */
			s->conflict = true;
			ui_error(ui, "%s",
				 _("Not saved: someone else changed this distributor meanwhile."));
			return;
		}
		/* Theirs and mine do not clash: mine on top of theirs, saved.
		 * (The form may be gone after this.) */
		dform_take_theirs(s, ui);
		dform_save_as(s, ui, true);
		return;
	}
	if (rc == DB_INVALID || rc == DB_DUPLICATE) {
		static const enum form_index where[] = {
			[DIST_FIELD_NONE] = F_COUNT,	  [DIST_FIELD_CODE] = F_CODE,
			[DIST_FIELD_NAME] = F_NAME,	  [DIST_FIELD_TERRITORY] = F_TERRITORY,
			[DIST_FIELD_OWNER] = F_OWNER,	  [DIST_FIELD_AGREEMENT] = F_START,
			[DIST_FIELD_CONTACT] = F_CONTACT, [DIST_FIELD_PHONE] = F_PHONE,
			[DIST_FIELD_ADDRESS] = F_ADDRESS, [DIST_FIELD_NOTES] = F_NOTES,
			[DIST_FIELD_CREDIT] = F_CREDIT,	  [DIST_FIELD_VISIT_EVERY] = F_EVERY,
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
	/* Said first: the list, reading again as the form goes, may add to
	 * it (a search it had to clear). */
	const char *name = s->d.name;
	if (s->is_new)
		ui_message(ui, _("Added %s as an applicant."), name);
	else if (s->d.version == version)
		ui_message(ui, "%s", _("Nothing was changed."));
	else if (merged)
		ui_message(ui, _("Saved %s, with the changes saved elsewhere meanwhile."), name);
	else
		ui_message(ui, _("Saved %s."), name);
	/* The list shows it and selects it, wherever it now sorts. */
	ui_focus(ui, s->d.id);
	ui_pop(ui, true);
}

static void dform_store_anyway(struct ui *ui, void *arg)
{
	dform_store(arg, ui, false);
}

static void dform_save(struct dform *s, struct ui *ui)
{
	dform_save_as(s, ui, false);
}

static void dform_save_as(struct dform *s, struct ui *ui, bool merged)
{
	if (!dform_validate(s, ui)) {
		/* The focused field's error shows in full under the fields; the
		 * message line counts them. */
		form_focus_error(&s->form);
		form_refused(&s->form, ui);
		return;
	}
	const char *warn =
		validate_dist_agreement_warning(s->d.status, s->d.agreement_end, ui_today(ui));
	if (warn) {
		ui_confirm(ui, _(warn), dform_store_anyway, s);
		return;
	}
	dform_store(s, ui, merged);
}

/* Takes their version as the base and types your changes over it again. */
static void dform_take_theirs(struct dform *s, struct ui *ui)
{
	char *buf = xmalloc((size_t)DIST_NOTES_MAX * 4 + 1);
	char **mine = xcalloc(F_COUNT, sizeof *mine);
	int choices[F_COUNT];
	for (int i = 0; i < F_COUNT; i++) {
		choices[i] = s->fields[i].choice;
		if (s->mine_changed[i])
			mine[i] = xstrdup(field_value(&s->fields[i]));
	}
	db_dist_free(&s->base);
	s->base = s->theirs;
	db_dist_init(&s->theirs);
	dform_fill(s, ui, &s->base);
	for (int i = 0; i < F_COUNT; i++) {
		if (!s->mine_changed[i])
			continue;
		if (s->fields[i].kind == FORM_CHOICE)
			s->fields[i].choice = choices[i];
		else
			form_set(&s->fields[i], mine[i]);
		free(mine[i]);
	}
	free(mine);
	free(buf);
	s->conflict = false;
	s->form.dirty = true;
}

static void dform_reapply(struct dform *s, struct ui *ui)
{
	dform_take_theirs(s, ui);
	ui_message(ui, "%s", _("Their version is loaded with your changes on top; Enter saves."));
}

/* Saves yours over theirs: the version they wrote becomes the one read. */
static void dform_overwrite(struct dform *s, struct ui *ui)
{
	s->base.version = s->theirs.version;
	s->conflict = false;
	dform_save(s, ui);
}

static int dform_conflict_key(struct dform *s, struct ui *ui, struct ui_key k)
{
	if (ui_key_is(k, 'r'))
		dform_reapply(s, ui);
	else if (ui_key_is(k, 'o'))
		dform_overwrite(s, ui);
	else if (ui_key_is(k, UI_KEY_ESC))
		s->conflict = false;
	else
		return k.code && k.ch == KEY_F(1) ? UI_UNHANDLED : UI_HANDLED;
	return UI_HANDLED;
}

static int dform_key(void *state, struct ui *ui, struct ui_key k)
{
	struct dform *s = state;
	if (s->conflict)
		return dform_conflict_key(s, ui, k);
	/* The field the key went to (a match taken moves on to the next). */
	int focus = s->form.focus;
	int r = form_key(&s->form, ui, k);
	if (r == FORM_SUBMIT) {
		dform_save(s, ui);
	} else if (r == FORM_EDITED) {
		if (focus == F_EVERY)
			s->every_typed = true;
		else if (focus == F_TIER && s->is_new && !s->every_typed)
			dform_tier_every(s);
	} else {
		return form_screen_answer(&s->form, ui, r, k);
	}
	return UI_HANDLED;
}

static int dform_click(void *state, struct ui *ui, int row, int col)
{
	(void)ui;
	(void)col;
	struct dform *s = state;
	if (!s->conflict)
		form_click(&s->form, row + 1 - s->form.y);
	return UI_HANDLED;
}

static const struct ui_help *dform_help_now(void *state)
{
	return ((struct dform *)state)->conflict ? dform_conflict_help : dform_help;
}

const struct screen screen_form = {
	.takes_text = true,
	.writes = true,
	.name = N_("Distributor form"),
	.enter = dform_enter,
	.leave = dform_leave,
	.draw = dform_draw,
	.key = dform_key,
	.click = dform_click,
	.unsaved = dform_unsaved,
	.help = dform_help,
	.help_now = dform_help_now,
};
