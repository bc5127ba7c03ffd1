/* The scorecards' filters as a small form: region, territory (a parent
 * includes its children), rep, tier, grade and status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/lifecycle.h"
#include "qudao/reference.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "scorecards.h"
#include "ui.h"

enum { SF_REGION, SF_TERRITORY, SF_REP, SF_TIER, SF_GRADE, SF_STATUS, SF_COUNT };

static const char *const sf_tiers[] = { N_("any"), "A", "B", "C", "D" };
/* Only the statuses a score can have: one never under an agreement
 * (applicant, under review, rejected) is not scored. */
static const char *const sf_statuses[] = { N_("any"), N_("active"), N_("suspended"),
					   N_("terminated") };
static const qd_status sf_status_of[] = { STATUS_ACTIVE, STATUS_ACTIVE, STATUS_SUSPENDED,
					  STATUS_TERMINATED };
enum { SF_STATUSES = sizeof sf_statuses / sizeof sf_statuses[0] };

/* The choice of a filter's status mask (0: any). */
static int sf_status_choice(unsigned mask)
{
	for (int i = 1; i < SF_STATUSES; i++)
		if (mask == 1u << sf_status_of[i])
			return i;
	return 0;
}

struct sfilter {
	struct sc_filter *f;
	struct form_field fields[SF_COUNT];
	struct ui_form form;
};

static const struct ui_help sf_help[] = {
	{ N_("Enter"), N_("apply"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ N_("Left/Right, Space"), N_("change a choice"), true },
	{ NULL, NULL, false },
};

static int sf_mask_index(unsigned mask)
{
	for (int i = 0; i < 8; i++)
		if (mask == 1u << i)
			return i + 1;
	return 0;
}

static void sf_pick(struct form_field *f, form_pick_fn pick, const char *code)
{
	f->kind = FORM_PICK;
	f->pick = pick;
	f->max_chars = 32;
	form_set(f, code);
	text_copy(f->hint, sizeof f->hint, _("code, name or pinyin; empty for any"));
}

static void *sf_enter(struct ui *ui, void *arg)
{
	(void)ui;
	static const char *const labels[SF_COUNT] = {
		N_("Region"),
		N_("Territory"),
		N_("Rep"),
		N_("Tier"),
		/* TRANSLATORS: a scorecard grade, A to D, in the filter form. */
		N_("Grade"),
		N_("Status"),
	};
	struct sfilter *s = xcalloc(1, sizeof *s);
	s->f = arg;
	for (int i = 0; i < SF_COUNT; i++) {
		s->fields[i].label = labels[i];
		s->fields[i].kind = FORM_CHOICE;
	}
	sf_pick(&s->fields[SF_REGION], form_pick_region, s->f->region_code);
	sf_pick(&s->fields[SF_TERRITORY], form_pick_territory, s->f->territory_code);
	sf_pick(&s->fields[SF_REP], form_pick_rep, s->f->rep_code);
	s->fields[SF_TIER].choices = sf_tiers;
	s->fields[SF_TIER].nchoices = 5;
	s->fields[SF_TIER].choice = sf_mask_index(s->f->tier_mask);
	s->fields[SF_GRADE].choices = sf_tiers;
	s->fields[SF_GRADE].nchoices = 5;
	s->fields[SF_GRADE].choice = sf_mask_index(s->f->grade_mask);
	s->fields[SF_STATUS].choices = sf_statuses;
	s->fields[SF_STATUS].nchoices = SF_STATUSES;
	s->fields[SF_STATUS].choice = sf_status_choice(s->f->status_mask);
	s->form.fields = s->fields;
	s->form.n = SF_COUNT;
	return s;
}

static void sf_leave(void *state)
{
	struct sfilter *s = state;
	form_free(&s->form);
	free(s);
}

static void sf_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct sfilter *s = state;
	ui_text(top, 1, width - 2, _("Filter the scorecards"), ui_attr(UI_TITLE), false);
	form_draw(&s->form, ui, top + 2, height - 2, width);
}

/* Looks up what field i holds with by_code: its id (0 when empty), code and
 * name; false when the database failed (shown). The reason beside the field
 * when there is no such one. */
static bool sf_lookup(struct sfilter *s, struct ui *ui, int i,
		      qd_rc (*by_code)(qd_db *db, const char *code, struct ref_item *out),
		      int64_t *id, char *code, char *name, size_t size)
{
	*id = 0;
	code[0] = name[0] = '\0';
	if (!s->fields[i].len)
		return true;
	struct ref_item it;
	qd_rc rc = form_ref_lookup(&s->fields[i], ui, by_code, N_("Not applied"), &it);
	if (rc == DB_NOTFOUND)
		return true;
	if (rc)
		return false;
	*id = it.id;
	text_copy(code, 40, it.code);
	text_copy(name, size, it.name);
	return true;
}

static void sf_apply(struct sfilter *s, struct ui *ui)
{
	struct sc_filter f;
	memset(&f, 0, sizeof f);
	char region[208], territory[208], rep[208];
	form_clear_errors(&s->form);
	if (!sf_lookup(s, ui, SF_REGION, db_ref_region_by_code, &f.region_id, f.region_code, region,
		       sizeof region) ||
	    !sf_lookup(s, ui, SF_TERRITORY, db_ref_territory_by_code, &f.territory_id,
		       f.territory_code, territory, sizeof territory) ||
	    !sf_lookup(s, ui, SF_REP, db_ref_rep_by_code, &f.rep_id, f.rep_code, rep, sizeof rep))
		return;
	for (int i = 0; i < SF_COUNT; i++)
		if (s->fields[i].error[0]) {
			form_focus_error(&s->form);
			ui_error(ui, "%s", s->fields[s->form.focus].error);
			return;
		}
	int ti = s->fields[SF_TIER].choice, gi = s->fields[SF_GRADE].choice;
	int si = s->fields[SF_STATUS].choice;
	f.tier_mask = ti ? 1u << (ti - 1) : 0;
	f.grade_mask = gi ? 1u << (gi - 1) : 0;
	f.status_mask = si ? 1u << sf_status_of[si] : 0;
	size_t used = 0, size = sizeof f.description;
	const char *parts[6] = { f.region_id ? region : NULL, f.territory_id ? territory : NULL,
				 f.rep_id ? rep : NULL };
	char *tier = ti ? xasprintf(_("tier %s"), sf_tiers[ti]) : NULL;
	char *grade = gi ? xasprintf(_("grade %s"), sf_tiers[gi]) : NULL;
	parts[3] = tier;
	parts[4] = grade;
	parts[5] = si ? _(sf_statuses[si]) : NULL;
	for (int i = 0; i < 6 && used < size; i++)
		if (parts[i])
			used += (size_t)snprintf(f.description + used, size - used, "%s%s",
						 used ? " · " : "", parts[i]);
	free(tier);
	free(grade);
	f.applied = true;
	*s->f = f;
	ui_pop(ui, true);
	ui_message(ui, "%s", _("Filter applied; F clears it."));
}

static int sf_key(void *state, struct ui *ui, struct ui_key k)
{
	struct sfilter *s = state;
	switch (form_key(&s->form, ui, k)) {
	case FORM_SUBMIT:
		sf_apply(s, ui);
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

static int sf_click(void *state, struct ui *ui, int row, int col)
{
	(void)ui;
	(void)col;
	struct sfilter *s = state;
	form_click(&s->form, row + 1 - s->form.y);
	return UI_HANDLED;
}

const struct screen screen_scorecard_filter = {
	.takes_text = true,
	.name = N_("Filter"),
	.enter = sf_enter,
	.leave = sf_leave,
	.draw = sf_draw,
	.key = sf_key,
	.click = sf_click,
	.help = sf_help,
};
