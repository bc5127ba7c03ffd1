/* The list's filters as a small form: status, tier, territory (a parent
 * includes its children), owner rep, and the three warnings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/reference.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "screen_list.h"
#include "ui.h"

enum {
	FL_STATUS,
	FL_TIER,
	FL_TERRITORY,
	FL_OWNER,
	FL_VISIT,
	FL_PAYMENT,
	FL_EXPIRING,
	FL_EXPIRED,
	FL_COUNT
};

static const char *const filter_statuses[] = {
	/* TRANSLATORS: "any" in a filter choice. */
	N_("any"),	 N_("applicant"),  N_("reviewing"), N_("active"),
	N_("suspended"), N_("terminated"), N_("rejected"),
};
static const char *const filter_tiers[] = { N_("any"), "A", "B", "C", "D" };
static const char *const filter_yes_no[] = { N_("no"), N_("yes") };

struct filter {
	struct list_filter_req *req;
	struct form_field fields[FL_COUNT];
	struct ui_form form;
};

static const struct ui_help filter_help[] = {
	{ N_("Enter"), N_("apply"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ N_("Left/Right, Space"), N_("change a choice"), true },
	{ NULL, NULL, false },
};

static int filter_mask_index(unsigned mask)
{
	for (int i = 0; i < 8; i++)
		if (mask == 1u << i)
			return i + 1;
	return 0;
}

static void *filter_enter(struct ui *ui, void *arg)
{
	(void)ui;
	static const char *const labels[FL_COUNT] = {
		N_("Status"),
		N_("Tier"),
		N_("Territory"),
		N_("Owner rep"),
		N_("Visit overdue"),
		N_("Payment overdue"),
		/* TRANSLATORS: the two begin differently, so that a narrow
		 * terminal's cut labels still tell them apart. */
		N_("Expiring agreement"),
		/* TRANSLATORS: as "Expiring agreement": the two begin
		 * differently. */
		N_("Expired agreement"),
	};
	struct filter *s = xcalloc(1, sizeof *s);
	s->req = arg;
	const struct dist_filter *f = &s->req->filter;
	for (int i = 0; i < FL_COUNT; i++) {
		s->fields[i].label = labels[i];
		s->fields[i].kind = FORM_CHOICE;
		s->fields[i].choices = filter_yes_no;
		s->fields[i].nchoices = 2;
	}
	s->fields[FL_STATUS].choices = filter_statuses;
	s->fields[FL_STATUS].nchoices = STATUS_COUNT + 1;
	s->fields[FL_STATUS].choice = filter_mask_index(f->status_mask);
	s->fields[FL_TIER].choices = filter_tiers;
	s->fields[FL_TIER].nchoices = 5;
	s->fields[FL_TIER].choice = filter_mask_index(f->tier_mask);
	s->fields[FL_TERRITORY].kind = FORM_PICK;
	s->fields[FL_TERRITORY].pick = form_pick_territory;
	s->fields[FL_TERRITORY].max_chars = 32;
	form_set(&s->fields[FL_TERRITORY], s->req->territory_code);
	text_copy(s->fields[FL_TERRITORY].hint, sizeof s->fields[0].hint,
		  s->req->territory_code[0] ? s->req->territory_name
					    : _("code, name or pinyin; empty for any"));
	s->fields[FL_OWNER].kind = FORM_PICK;
	s->fields[FL_OWNER].pick = form_pick_rep;
	s->fields[FL_OWNER].max_chars = 32;
	form_set(&s->fields[FL_OWNER], s->req->owner_code);
	text_copy(s->fields[FL_OWNER].hint, sizeof s->fields[0].hint,
		  s->req->owner_code[0] ? s->req->owner_name
					: _("code, name or pinyin; empty for any"));
	s->fields[FL_VISIT].choice = f->visit_overdue;
	s->fields[FL_PAYMENT].choice = f->payment_overdue;
	s->fields[FL_EXPIRING].choice = f->expiring;
	s->fields[FL_EXPIRED].choice = f->expired;
	s->form.fields = s->fields;
	s->form.n = FL_COUNT;
	return s;
}

static void filter_leave(void *state)
{
	struct filter *s = state;
	form_free(&s->form);
	free(s);
}

static void filter_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct filter *s = state;
	ui_text(top, 1, width - 2, _("Filter the distributor list"), ui_attr(UI_TITLE), false);
	form_draw(&s->form, ui, top + 2, height - 2, width);
}

static void filter_describe(struct list_filter_req *r, const char *territory, const char *owner)
{
	char *d = r->description;
	size_t size = sizeof r->description, used = 0;
	d[0] = '\0';
#define FILTER_ADD(...)                                                               \
	do {                                                                          \
		if (used < size)                                                      \
			used += (size_t)snprintf(d + used, size - used, __VA_ARGS__); \
	} while (0)
	const struct dist_filter *f = &r->filter;
	int si = filter_mask_index(f->status_mask), ti = filter_mask_index(f->tier_mask);
	if (si)
		FILTER_ADD("%s%s", used ? " · " : "", _(filter_statuses[si]));
	if (ti)
		FILTER_ADD(_("%stier %s"), used ? " · " : "", filter_tiers[ti]);
	if (f->territory_id)
		FILTER_ADD("%s%s", used ? " · " : "", territory);
	if (f->owner_rep_id)
		FILTER_ADD("%s%s", used ? " · " : "", owner);
	if (f->visit_overdue)
		FILTER_ADD("%s%s", used ? " · " : "", _("visit overdue"));
	if (f->payment_overdue)
		FILTER_ADD("%s%s", used ? " · " : "", _("payment overdue"));
	if (f->expiring)
		FILTER_ADD("%s%s", used ? " · " : "", _("agreement expiring"));
	if (f->expired)
		FILTER_ADD("%s%s", used ? " · " : "", _("agreement expired"));
#undef FILTER_ADD
}

static void filter_apply(struct filter *s, struct ui *ui)
{
	struct dist_filter f = s->req->filter; /* keeps the search */
	char territory[208] = "", owner[208] = "";
	char item_code_territory[40] = "", item_code_owner[40] = "";
	form_clear_errors(&s->form);
	struct ref_item item;
	f.territory_id = f.owner_rep_id = 0;
	if (s->fields[FL_TERRITORY].len) {
		qd_rc rc = form_ref_lookup(&s->fields[FL_TERRITORY], ui, db_ref_territory_by_code,
					   N_("Not applied"), &item);
		if (rc == DB_ERROR)
			return;
		if (!rc) {
			f.territory_id = item.id;
			text_copy(territory, sizeof territory, item.name);
			text_copy(item_code_territory, sizeof item_code_territory, item.code);
		}
	}
	if (s->fields[FL_OWNER].len) {
		qd_rc rc = form_ref_lookup(&s->fields[FL_OWNER], ui, db_ref_rep_by_code,
					   N_("Not applied"), &item);
		if (rc == DB_ERROR)
			return;
		if (!rc) {
			f.owner_rep_id = item.id;
			text_copy(owner, sizeof owner, item.name);
			text_copy(item_code_owner, sizeof item_code_owner, item.code);
		}
	}
	if (s->fields[FL_TERRITORY].error[0] || s->fields[FL_OWNER].error[0]) {
		form_focus_error(&s->form);
		ui_error(ui, "%s", s->fields[s->form.focus].error);
		return;
	}
	int si = s->fields[FL_STATUS].choice, ti = s->fields[FL_TIER].choice;
	f.status_mask = si ? 1u << (si - 1) : 0;
	f.tier_mask = ti ? 1u << (ti - 1) : 0;
	f.visit_overdue = s->fields[FL_VISIT].choice;
	f.payment_overdue = s->fields[FL_PAYMENT].choice;
	f.expiring = s->fields[FL_EXPIRING].choice;
	f.expired = s->fields[FL_EXPIRED].choice;
	s->req->filter = f;
	text_copy(s->req->territory_code, sizeof s->req->territory_code,
		  f.territory_id ? item_code_territory : "");
	text_copy(s->req->owner_code, sizeof s->req->owner_code,
		  f.owner_rep_id ? item_code_owner : "");
	text_copy(s->req->territory_name, sizeof s->req->territory_name, territory);
	text_copy(s->req->owner_name, sizeof s->req->owner_name, owner);
	filter_describe(s->req, territory, owner);
	s->req->applied = true;
	ui_pop(ui, true);
	ui_message(ui, "%s", _("Filter applied; F clears it."));
}

static int filter_key(void *state, struct ui *ui, struct ui_key k)
{
	struct filter *s = state;
	switch (form_key(&s->form, ui, k)) {
	case FORM_SUBMIT:
		filter_apply(s, ui);
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

static int filter_click(void *state, struct ui *ui, int row, int col)
{
	(void)ui;
	(void)col;
	struct filter *s = state;
	form_click(&s->form, row + 1 - s->form.y);
	return UI_HANDLED;
}

const struct screen screen_filter = {
	.takes_text = true,
	.name = N_("Filter"),
	.enter = filter_enter,
	.leave = filter_leave,
	.draw = filter_draw,
	.key = filter_key,
	.click = filter_click,
	.help = filter_help,
};
