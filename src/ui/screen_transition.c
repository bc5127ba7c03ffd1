/* Changing a distributor's status: pick the new status, then give what the
 * rules ask for (scores, agreement dates, reason, note). A move the rules
 * forbid is refused with the reason, and nothing is written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/distributor.h"
#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/validate.h"
#include "qudao/xalloc.h"
#include "table.h"
#include "ui.h"

enum { TR_MAX_FIELDS = REVIEW_CRITERIA + 4 };

/* A line of the menu of statuses; mem rows start with their id. */
struct transition_row {
	int64_t id;
	qd_status status;
};

struct transition {
	struct table_mem mem; /* first: the menu's ctx */
	struct transition_row rows[STATUS_COUNT];
	struct table menu;
	struct distributor d;
	int choice;   /* the status picked in the menu */
	bool in_form; /* picking done, asking for details */
	int needs;
	struct form_field fields[TR_MAX_FIELDS];
	struct ui_form form;
	int f_scores, f_start, f_end, f_reason, f_note; /* field indexes, -1 when absent */
	qd_reason reasons[REASON_COUNT];
	const char *reason_labels[REASON_COUNT];
	int nreasons;
	char refusal[512];
};

static const struct ui_help transition_help[] = {
	{ N_("Up/Down"), N_("choose"), true },
	{ N_("Enter"), N_("go on / confirm"), true },
	{ N_("Esc"), N_("back"), true },
	{ NULL, NULL, false },
};

/* Once a status is picked: the reason, the scores and the note. */
static const struct ui_help transition_form_help[] = {
	{ N_("Enter"), N_("confirm"), true },
	{ N_("Esc"), N_("back"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ N_("Left/Right, Space"), N_("change a choice"), false },
	{ NULL, NULL, false },
};

static void transition_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			    size_t size, enum ui_color *color, attr_t *attr)
{
	struct transition *s = ctx;
	const struct transition_row *r = row;
	(void)ui;
	(void)col;
	(void)attr;
	bool allowed = lifecycle_needs(s->d.status, r->status) != 0;
	snprintf(buf, size, "%s%s", _(lifecycle_status_label(r->status)),
		 r->status == s->d.status ? _(" (current)")
		 : allowed		  ? ""
					  : _(" (not allowed)"));
	if (!allowed)
		*color = UI_DIM;
}

static const struct table_source transition_source = {
	.row_size = sizeof(struct transition_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.cell = transition_cell,
};

static const struct table_col transition_cols[] = {
	{ NULL, 0, 10, 0, false, -1 },
};

/* The usual next step from a status, where the menu starts. */
static qd_status transition_next(qd_status from)
{
	static const qd_status next[STATUS_COUNT] = {
		[STATUS_APPLICANT] = STATUS_REVIEWING,	 [STATUS_REVIEWING] = STATUS_ACTIVE,
		[STATUS_ACTIVE] = STATUS_SUSPENDED,	 [STATUS_SUSPENDED] = STATUS_ACTIVE,
		[STATUS_TERMINATED] = STATUS_TERMINATED, [STATUS_REJECTED] = STATUS_APPLICANT,
	};
	return next[from];
}

static void *transition_enter(struct ui *ui, void *arg)
{
	struct transition *s = xcalloc(1, sizeof *s);
	db_dist_init(&s->d);
	if (db_dist_get(ui_db(ui), *(const int64_t *)arg, &s->d)) {
		ui_db_error(ui, NULL);
		db_dist_free(&s->d);
		free(s);
		return NULL;
	}
	for (int i = 0; i < STATUS_COUNT; i++)
		s->rows[i] = (struct transition_row){ i + 1, (qd_status)i };
	s->mem = (struct table_mem){ s->rows, STATUS_COUNT, sizeof s->rows[0] };
	table_init(&s->menu, transition_cols, 1, &transition_source, s, STATUS_COUNT);
	s->menu.header = false;
	table_load(&s->menu, ui);
	s->choice = transition_next(s->d.status);
	s->menu.sel = s->choice;
	return s;
}

/* Another window or program changed the data: the menu follows the
 * distributor as it now is (its status decides what is allowed). In the
 * form, the save refuses a stale move and says so. */
static void transition_reload(void *state, struct ui *ui)
{
	struct transition *s = state;
	if (s->in_form)
		return;
	struct distributor now;
	db_dist_init(&now);
	if (db_dist_get(ui_db(ui), s->d.id, &now) == DB_OK) {
		/* Moved on elsewhere: the menu starts again from its next step. */
		if (now.status != s->d.status)
			s->choice = transition_next(now.status);
		db_dist_free(&s->d);
		s->d = now;
		s->refusal[0] = '\0';
	} else {
		db_dist_free(&now);
	}
}

static void transition_leave(void *state)
{
	struct transition *s = state;
	form_free(&s->form);
	table_free(&s->menu);
	db_dist_free(&s->d);
	free(s);
}

static bool transition_unsaved(void *state)
{
	struct transition *s = state;
	return s->in_form && s->form.dirty;
}

static int transition_add(struct transition *s, const char *label, enum form_kind kind)
{
	int i = s->form.n++;
	s->fields[i].label = label;
	s->fields[i].kind = kind;
	s->fields[i].max_chars = 300;
	return i;
}

/* Builds the form for the move to s->choice. */
static void transition_form(struct transition *s, struct ui *ui)
{
	form_free(&s->form);
	memset(s->fields, 0, sizeof s->fields);
	s->form = (struct ui_form){ .fields = s->fields };
	s->f_scores = s->f_start = s->f_end = s->f_reason = s->f_note = -1;
	s->needs = lifecycle_needs(s->d.status, (qd_status)s->choice);
	if (s->needs & NEED_SCORES) {
		s->f_scores = s->form.n;
		for (int i = 0; i < REVIEW_CRITERIA; i++) {
			int f = transition_add(s, lifecycle_criterion_label(i), FORM_TEXT);
			s->fields[f].max_chars = 2;
			s->fields[f].ascii = true;
			text_copy(s->fields[f].hint, sizeof s->fields[f].hint, _("0 to 10"));
		}
	}
	if (s->needs & NEED_AGREEMENT) {
		char buf[DATE_BUF];
		qd_date today = ui_today(ui);
		s->f_start = transition_add(s, N_("Agreement start"), FORM_TEXT);
		s->f_end = transition_add(s, N_("Agreement end"), FORM_TEXT);
		s->fields[s->f_start].ascii = s->fields[s->f_end].ascii = true;
		form_set(&s->fields[s->f_start],
			 s->d.agreement_start[0] ? s->d.agreement_start : date_format(today, buf));
		form_set(&s->fields[s->f_end],
			 s->d.agreement_end[0]
				 ? s->d.agreement_end
				 : date_format(date_add_days(date_add_months(today, 12), -1), buf));
		text_copy(s->fields[s->f_start].hint, sizeof s->fields[0].hint, "YYYY-MM-DD");
		text_copy(s->fields[s->f_end].hint, sizeof s->fields[0].hint, "YYYY-MM-DD");
	}
	if (s->needs & NEED_REASON) {
		s->nreasons = lifecycle_reasons((qd_status)s->choice, s->reasons);
		for (int i = 0; i < s->nreasons; i++)
			s->reason_labels[i] = lifecycle_reason_label(s->reasons[i]);
		s->f_reason = transition_add(s, N_("Reason"), FORM_CHOICE);
		s->fields[s->f_reason].choices = s->reason_labels;
		s->fields[s->f_reason].nchoices = s->nreasons;
	}
	s->f_note = transition_add(s, N_("Note"), FORM_TEXT);
	if (s->needs & NEED_NOTE)
		text_copy(s->fields[s->f_note].hint, sizeof s->fields[0].hint, _("required: why"));
	s->in_form = true;
}

/* The change as the record and the form have it. */
static bool transition_change(struct transition *s, struct ui *ui, struct lifecycle_change *c)
{
	memset(c, 0, sizeof *c);
	c->from = s->d.status;
	c->to = (qd_status)s->choice;
	c->today = ui_today(ui);
	form_clear_errors(&s->form);
	bool ok = true;
	if (s->f_scores >= 0) {
		c->has_scores = 1;
		for (int i = 0; i < REVIEW_CRITERIA; i++) {
			struct form_field *f = &s->fields[s->f_scores + i];
			const char *err = validate_score(field_value(f), &c->scores[i]);
			if (err) {
				text_copy(f->error, sizeof f->error, _(err));
				ok = false;
			}
		}
	}
	int has_start = 0, has_end = 0;
	if (s->f_start >= 0) {
		const char *e1 = validate_date_optional(field_value(&s->fields[s->f_start]),
							&c->agreement_start, &has_start);
		const char *e2 = validate_date_optional(field_value(&s->fields[s->f_end]),
							&c->agreement_end, &has_end);
		if (e1 || !has_start) {
			text_copy(s->fields[s->f_start].error, sizeof s->fields[0].error,
				  _(e1 ? e1
				       : N_("Not a date: write it as YYYY-MM-DD, for example "
					    "2026-11-27.")));
			ok = false;
		}
		if (e2 || !has_end) {
			text_copy(s->fields[s->f_end].error, sizeof s->fields[0].error,
				  _(e2 ? e2
				       : N_("Not a date: write it as YYYY-MM-DD, for example "
					    "2026-11-27.")));
			ok = false;
		}
		form_date_why(&s->fields[s->f_start]);
		form_date_why(&s->fields[s->f_end]);
		c->has_agreement = has_start && has_end;
	} else if (s->d.agreement_start[0] && s->d.agreement_end[0] &&
		   !date_parse(s->d.agreement_start, &c->agreement_start) &&
		   !date_parse(s->d.agreement_end, &c->agreement_end)) {
		/* The dates on record decide "expired" and "still running". */
		c->has_agreement = 1;
	}
	if (s->f_reason >= 0 && s->nreasons > 0)
		c->reason = s->reasons[s->fields[s->f_reason].choice];
	/* Without the spaces typed before it (a note of spaces alone is
	 * refused by the rules). */
	c->note = field_value(&s->fields[s->f_note]);
	c->note += strspn(c->note, " ");
	return ok;
}

static void transition_confirm(struct transition *s, struct ui *ui)
{
	struct lifecycle_change c;
	if (!transition_change(s, ui, &c)) {
		form_focus_error(&s->form);
		form_refused(&s->form, ui);
		return;
	}
	char why[512];
	if (lifecycle_check(&c, why, sizeof why)) {
		text_copy(s->refusal, sizeof s->refusal, why);
		ui_error(ui, _("Refused: %s"), why);
		return;
	}
	/* A note on a move that does not need one is still kept in the history. */
	qd_rc rc = db_dist_transition(ui_db(ui), s->d.id, s->d.version, &c, ui_user(ui));
	if (rc == DB_CONFLICT) {
		/* Someone saved the distributor meanwhile. Still in the status
		 * the move starts from (they edited its contact, say): the move
		 * stands, made on what is there now. */
		struct distributor now;
		db_dist_init(&now);
		if (db_dist_get(ui_db(ui), s->d.id, &now) == DB_OK && now.status == s->d.status) {
			/* The move again, from the record as it is now (its
			 * agreement dates may have changed too). */
			db_dist_free(&s->d);
			s->d = now;
			db_dist_init(&now);
			if (!transition_change(s, ui, &c)) {
				form_focus_error(&s->form);
				form_refused(&s->form, ui);
				return;
			}
			if (lifecycle_check(&c, why, sizeof why)) {
				ui_error(ui, _("Refused: %s"), why);
				return;
			}
			rc = db_dist_transition(ui_db(ui), s->d.id, s->d.version, &c, ui_user(ui));
		} else if (now.id) {
			/* Moved on elsewhere: the title says the status it has now,
			 * as the refusal below does. */
			db_dist_free(&s->d);
			s->d = now;
			db_dist_init(&now);
		}
		db_dist_free(&now);
	}
	if (rc == DB_CONFLICT || rc == DB_NOTFOUND) {
		ui_error(ui, _("Not changed: %s Press Esc and try again on what is there now."),
			 db_errmsg(ui_db(ui)));
		return;
	}
	if (rc) {
		ui_db_error(ui, _("Not changed"));
		return;
	}
	char name[256];
	text_copy(name, sizeof name, s->d.name);
	const char *to = _(lifecycle_status_label(c.to));
	ui_pop(ui, true);
	ui_message(ui, _("%s is now %s."), name, to);
}

static void transition_pick(struct transition *s, struct ui *ui)
{
	qd_status to = (qd_status)s->choice;
	s->refusal[0] = '\0';
	if (!lifecycle_needs(s->d.status, to)) {
		struct lifecycle_change c = { .from = s->d.status,
					      .to = to,
					      .today = ui_today(ui) };
		lifecycle_check(&c, s->refusal, sizeof s->refusal);
		ui_error(ui, _("Refused: %s"), s->refusal);
		return;
	}
	transition_form(s, ui);
}

static void transition_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct transition *s = state;
	char title[400];
	snprintf(title, sizeof title, _("Change the status of %s %s (now %s)"), s->d.code,
		 s->d.name, _(lifecycle_status_label(s->d.status)));
	ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE), false);
	if (s->in_form) {
		char sub[200];
		snprintf(sub, sizeof sub, _("New status: %s"),
			 _(lifecycle_status_label((qd_status)s->choice)));
		ui_text(top + 1, 1, width - 2, sub, A_BOLD, false);
		form_draw(&s->form, ui, top + 3, height - 5, width);
	} else {
		s->menu.sel = s->choice;
		int w = width / 2 > 30 ? width / 2 : width - 4;
		/* Every row it has room for, under the title and above the
		 * refusal's line (45×12 shows all six). */
		int rows = height - 3;
		table_draw(&s->menu, ui, top + 2, 2, rows < STATUS_COUNT ? rows : STATUS_COUNT, w);
	}
	/* Under the menu, unless the message line says it whole already. */
	char said[600];
	snprintf(said, sizeof said, _("Refused: %s"), s->refusal);
	if (s->refusal[0] && height > 8 && !(ui_saying(ui, said) && text_width(said) < width))
		ui_text(top + height - 1, 1, width - 2, s->refusal, ui_attr(UI_ERROR), false);
}

static void transition_back(struct ui *ui, void *arg)
{
	struct transition *s = arg;
	s->in_form = false;
	(void)ui;
}

static int transition_key(void *state, struct ui *ui, struct ui_key k)
{
	struct transition *s = state;
	if (s->in_form) {
		switch (form_key(&s->form, ui, k)) {
		case FORM_SUBMIT:
			transition_confirm(s, ui);
			break;
		case FORM_CANCEL:
			if (s->form.dirty)
				ui_confirm(ui, _("Discard the changes? (y/n)"), transition_back, s);
			else
				s->in_form = false;
			break;
		case FORM_REFUSED:
			ui_error(ui, "%s", s->fields[s->form.focus].error);
			break;
		case FORM_EDITED:
			/* The refusal was of what stood before this edit. */
			s->refusal[0] = '\0';
			break;
		default:
			if (k.code && k.ch == KEY_F(1))
				return UI_UNHANDLED;
			break;
		}
		return UI_HANDLED;
	}
	if (ui_key_is(k, UI_KEY_ESC)) {
		ui_pop(ui, false);
		return UI_HANDLED;
	}
	/* Tab moves in the menu, as in a form: it does not leave for another
	 * tab with the menu half done. */
	if (ui_key_is(k, '\t'))
		k = (struct ui_key){ KEY_DOWN, true };
	else if (ui_key_is_code(k, KEY_BTAB))
		k = (struct ui_key){ KEY_UP, true };
	s->menu.sel = s->choice;
	int r = table_key(&s->menu, ui, k);
	s->choice = s->menu.sel;
	if (r == TABLE_ACTIVATE)
		transition_pick(s, ui);
	else if (r == TABLE_NONE)
		return UI_UNHANDLED;
	return UI_HANDLED;
}

static int transition_click(void *state, struct ui *ui, int row, int col)
{
	struct transition *s = state;
	if (s->in_form) {
		form_click(&s->form, row + 1 - s->form.y);
		return UI_HANDLED;
	}
	s->menu.sel = s->choice;
	int r = table_click(&s->menu, ui, row + 1, col);
	s->choice = s->menu.sel;
	if (r == TABLE_ACTIVATE)
		transition_pick(s, ui);
	return UI_HANDLED;
}

static const struct ui_help *transition_help_now(void *state)
{
	return ((struct transition *)state)->in_form ? transition_form_help : transition_help;
}

const struct screen screen_transition = {
	.takes_text = true,
	.writes = true,
	.name = N_("Change status"),
	.enter = transition_enter,
	.leave = transition_leave,
	.reload = transition_reload,
	.draw = transition_draw,
	.key = transition_key,
	.click = transition_click,
	.unsaved = transition_unsaved,
	.help = transition_help,
	.help_now = transition_help_now,
};
