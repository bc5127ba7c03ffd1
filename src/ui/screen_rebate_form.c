/* The form of a rebate rule: its name, the stretch it pays on (month,
 * quarter, year), its step as an amount of sales or as achievement of the
 * target, the rate, the category and tier it is limited to, and the days it
 * applies. Checked by core/scorecard and db/rebate, the reason beside the
 * field; saved with a version check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/money.h"
#include "qudao/scoring.h"
#include "qudao/text.h"
#include "qudao/validate.h"
#include "qudao/xalloc.h"
#include "rebate_form.h"
#include "ui.h"

enum {
	RF_NAME,
	RF_KIND,
	RF_BASIS,
	RF_STEP,
	RF_RATE,
	RF_CATEGORY,
	RF_TIER,
	RF_FROM,
	RF_UNTIL,
	RF_FIELDS
};

struct rebate_form {
	struct rebate_form_req req;
	struct rebate_rule_rec rec;
	struct form_field fields[RF_FIELDS];
	struct ui_form form;
	/* The category choices: "every product" (translated), then the
	 * products' categories as stored. */
	char **categories;
	int ncategories;
	const char *kinds[3]; /* msgids, core's */
	int basis_shown; /* the basis the step's hint was made for */
};

static const struct ui_help rebate_form_help[] = {
	{ N_("Enter"), N_("save"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ N_("Left/Right, Space"), N_("change a choice"), false },
	{ NULL, NULL, false },
};

static const char *const rebate_form_labels[RF_FIELDS] = {
	/* TRANSLATORS: the fields of a rebate rule's form. */
	[RF_NAME] = N_("Name"), [RF_KIND] = N_("Pays on each"),	 [RF_BASIS] = N_("Step in"),
	[RF_STEP] = N_("Step"), [RF_RATE] = N_("Rate, percent"), [RF_CATEGORY] = N_("Category"),
	[RF_TIER] = N_("Tier"), [RF_FROM] = N_("Applies from"),	 [RF_UNTIL] = N_("Until"),
};

/* The choices of what a rule pays on, in rebate_kind_index() order. */
static const qd_period_kind rebate_kind_of[] = { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };
static const char *const rebate_bases[] = {
	/* TRANSLATORS: a rebate rule's step: an amount of sales, or a share
	 * of the target (达成率). */
	N_("sales amount"),
	N_("achievement of target"),
};
static const char *const rebate_tiers[] = {
	/* TRANSLATORS: a rebate rule for distributors of every tier. */
	N_("every tier"), "A", "B", "C", "D"
};

/* The form's field a REBATE_FIELD_* names. */
static int rebate_form_field(int field)
{
	switch (field) {
	case REBATE_FIELD_KIND:
		return RF_KIND;
	case REBATE_FIELD_STEP:
		return RF_STEP;
	case REBATE_FIELD_RATE:
		return RF_RATE;
	case REBATE_FIELD_CATEGORY:
		return RF_CATEGORY;
	case REBATE_FIELD_TIER:
		return RF_TIER;
	case REBATE_FIELD_START:
		return RF_FROM;
	case REBATE_FIELD_END:
		return RF_UNTIL;
	default:
		return RF_NAME;
	}
}

/* The step's hint follows the basis chosen; a category is for steps in
 * sales only. */
static void rebate_form_basis(struct rebate_form *s)
{
	text_copy(s->fields[RF_CATEGORY].hint, sizeof s->fields[0].hint,
		  s->fields[RF_CATEGORY].choice ? _("its sales alone count")
						: _("all the distributor's sales count"));
	int basis = s->fields[RF_BASIS].choice;
	if (basis == s->basis_shown)
		return;
	/* A step typed as a percent is no amount, nor the other way: the
	 * step is typed again for the other kind (100 would become ¥100). */
	if (s->basis_shown >= 0)
		form_set(&s->fields[RF_STEP], "");
	s->basis_shown = basis;
	text_copy(s->fields[RF_STEP].hint, sizeof s->fields[0].hint,
		  basis ? _("percent of the target: 100 is the target met")
			: _("yuan of sales in the stretch: 500000 or 50万"));
	s->fields[RF_CATEGORY].off = basis == 1;
}

static void rebate_form_fill(struct rebate_form *s, const struct rebate_rule_rec *r)
{
	char buf[64];
	form_set(&s->fields[RF_NAME], r->name);
	s->fields[RF_KIND].choice = rebate_kind_index(r->kind);
	s->fields[RF_BASIS].choice = r->achievement;
	if (r->achievement)
		rebate_percent(r->achievement_bp, buf, sizeof buf);
	else
		money_format_plain(r->threshold_fen, buf);
	/* "100%" is typed as 100. */
	buf[strcspn(buf, "%")] = '\0';
	form_set(&s->fields[RF_STEP], r->id || r->achievement || r->threshold_fen ? buf : "");
	rebate_percent(r->rate_bp, buf, sizeof buf);
	buf[strcspn(buf, "%")] = '\0';
	form_set(&s->fields[RF_RATE], r->rate_bp ? buf : "");
	s->fields[RF_CATEGORY].choice = 0;
	for (int i = 1; i < s->ncategories; i++)
		if (!strcmp(s->categories[i], r->category))
			s->fields[RF_CATEGORY].choice = i;
	s->fields[RF_TIER].choice = r->tier >= 'A' && r->tier <= 'D' ? r->tier - 'A' + 1 : 0;
	form_set(&s->fields[RF_FROM], r->start.y ? date_format(r->start, buf) : "");
	form_set(&s->fields[RF_UNTIL], r->end.y ? date_format(r->end, buf) : "");
}

static void *rebate_form_enter(struct ui *ui, void *arg)
{
	struct rebate_form *s = xcalloc(1, sizeof *s);
	s->req = *(const struct rebate_form_req *)arg;
	char(*cats)[REBATE_BUF(REBATE_CATEGORY_MAX)] = NULL;
	int n = db_rebate_categories(ui_db(ui), &cats);
	if (n < 0) {
		ui_db_error(ui, _("Could not read the products"));
		n = 0;
	}
	/* The rule's own category stays a choice, whatever the products. */
	bool own = !s->req.base.category[0];
	for (int i = 0; i < n && !own; i++)
		own = !strcmp(cats[i], s->req.base.category);
	s->ncategories = n + 1 + !own;
	s->categories = xcalloc((size_t)s->ncategories, sizeof *s->categories);
	/* TRANSLATORS: a rebate rule on all of a distributor's sales. */
	s->categories[0] = xstrdup(_("every product"));
	for (int i = 0; i < n; i++)
		s->categories[i + 1] = xstrdup(cats[i]);
	if (!own)
		s->categories[n + 1] = xstrdup(s->req.base.category);
	free(cats);
	for (int i = 0; i < RF_FIELDS; i++) {
		s->fields[i].label = rebate_form_labels[i];
		s->fields[i].kind = FORM_TEXT;
	}
	s->fields[RF_NAME].max_chars = REBATE_NAME_MAX;
	for (int i = 0; i < 3; i++)
		s->kinds[i] = rebate_kind_label(rebate_kind_of[i]);
	static const int ascii[] = { RF_STEP, RF_RATE, RF_FROM, RF_UNTIL };
	for (size_t k = 0; k < sizeof ascii / sizeof ascii[0]; k++) {
		s->fields[ascii[k]].ascii = true;
		s->fields[ascii[k]].max_chars = 20;
		s->fields[ascii[k]].box_cells = 14;
	}
	s->fields[RF_RATE].box_cells = 8;
	struct {
		int field;
		const char *const *choices;
		int n;
		bool data;
	} choices[] = {
		{ RF_KIND, s->kinds, 3, false },
		{ RF_BASIS, rebate_bases, 2, false },
		{ RF_CATEGORY, (const char *const *)s->categories, s->ncategories, true },
		{ RF_TIER, rebate_tiers, 5, false },
	};
	for (size_t k = 0; k < sizeof choices / sizeof choices[0]; k++) {
		struct form_field *f = &s->fields[choices[k].field];
		f->kind = FORM_CHOICE;
		f->choices = choices[k].choices;
		f->nchoices = choices[k].n;
		f->choices_are_data = choices[k].data;
		/* "< every product >" whole. */
		for (int c = 0; c < f->nchoices; c++) {
			const char *label = choices[k].data ? f->choices[c] : _(f->choices[c]);
			int w = text_width(label) + 4;
			if (w > f->box_cells)
				f->box_cells = w;
		}
	}
	text_copy(s->fields[RF_RATE].hint, sizeof s->fields[0].hint,
		  _("of the stretch's sales: 1.5 for 1.5 percent"));
	text_copy(s->fields[RF_FROM].hint, sizeof s->fields[0].hint, _("such as 2026-01-01"));
	text_copy(s->fields[RF_UNTIL].hint, sizeof s->fields[0].hint, _("empty: no end"));
	rebate_form_fill(s, &s->req.base);
	s->basis_shown = -1;
	rebate_form_basis(s);
	s->form.fields = s->fields;
	s->form.n = RF_FIELDS;
	return s;
}

static void rebate_form_leave(void *state)
{
	struct rebate_form *s = state;
	for (int i = 0; i < s->ncategories; i++)
		free(s->categories[i]);
	free(s->categories);
	form_free(&s->form);
	free(s);
}

static bool rebate_form_unsaved(void *state)
{
	return ((struct rebate_form *)state)->form.dirty;
}

static void rebate_form_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct rebate_form *s = state;
	char title[200];
	if (s->req.base.id)
		snprintf(title, sizeof title, _("Rebate rule: %s"), s->req.base.name);
	else
		snprintf(title, sizeof title, "%s", _("New rebate rule"));
	ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE), false);
	form_draw(&s->form, ui, top + 2, height - 2, width);
}

/* A date field into *d: true when it holds one (or, optional, nothing). */
static bool rebate_form_date(struct form_field *f, bool optional, qd_date *d)
{
	const char *v = field_value(f);
	*d = (qd_date){ 0, 0, 0 };
	if (!*v) {
		if (optional)
			return true;
		text_copy(f->error, sizeof f->error, _("The rule needs the day it applies from."));
		return false;
	}
	if (date_parse_any(v, d) == 0)
		return true;
	text_copy(f->error, sizeof f->error, _("Not a date: write 2026-01-01."));
	form_date_why(f);
	return false;
}

/* The fields into s->rec; false with the reasons beside them. */
static bool rebate_form_collect(struct rebate_form *s)
{
	struct rebate_rule_rec *r = &s->rec;
	*r = s->req.base;
	bool ok = true;
	text_copy(r->name, sizeof r->name, field_value(&s->fields[RF_NAME]));
	/* The name said with the other fields, not after them. */
	const char *why = validate_name(r->name);
	if (why) {
		text_copy(s->fields[RF_NAME].error, sizeof s->fields[0].error, _(why));
		ok = false;
	}
	r->kind = rebate_kind_of[s->fields[RF_KIND].choice];
	r->achievement = s->fields[RF_BASIS].choice == 1;
	const char *step = field_value(&s->fields[RF_STEP]);
	int64_t v = 0;
	if (r->achievement) {
		r->threshold_fen = 0;
		/* A number out of range is core's to say (its range). */
		if (rebate_percent_parse(step, &v)) {
			text_copy(s->fields[RF_STEP].error, sizeof s->fields[0].error,
				  _("A share of the target in percent from 0.01 to 1000, up to two "
				    "decimals: 100 or 112.5."));
			ok = false;
		} else {
			r->achievement_bp = (int)v;
		}
	} else {
		r->achievement_bp = 0;
		if (money_parse_any(step, &v) || v < 0) {
			text_copy(s->fields[RF_STEP].error, sizeof s->fields[0].error,
				  _("An amount of sales in yuan: 500000, ¥500,000.00 or 50万."));
			ok = false;
		} else {
			r->threshold_fen = v;
		}
	}
	if (rebate_percent_parse(field_value(&s->fields[RF_RATE]), &v)) {
		text_copy(s->fields[RF_RATE].error, sizeof s->fields[0].error,
			  _("A rate in percent from 0.01 to 100, up to two decimals: 1.5 for 1.5 "
			    "percent."));
		ok = false;
	} else {
		r->rate_bp = (int)v;
	}
	int cat = s->fields[RF_CATEGORY].choice;
	text_copy(r->category, sizeof r->category,
		  cat > 0 && cat < s->ncategories && !r->achievement ? s->categories[cat] : "");
	int tier = s->fields[RF_TIER].choice;
	r->tier = tier > 0 ? (char)('A' + tier - 1) : 0;
	ok &= rebate_form_date(&s->fields[RF_FROM], false, &r->start);
	ok &= rebate_form_date(&s->fields[RF_UNTIL], true, &r->end);
	/* Core's rules beside every field at once, where what was typed could
	 * be read (a field it could not read says so already). */
	struct rebate_problem p[REBATE_FIELD_COUNT];
	int n = rebate_rule_problems(r, p, REBATE_FIELD_COUNT);
	for (int k = 0; k < n && k < REBATE_FIELD_COUNT; k++) {
		struct form_field *f = &s->fields[rebate_form_field(p[k].field)];
		if (!f->error[0])
			text_copy(f->error, sizeof f->error, _(p[k].why));
		ok = false;
	}
	return ok;
}

/* The first day of the period of r's kind that today is in: the periods
 * before it are over. */
static qd_date rebate_cut(const struct rebate_rule_rec *r, qd_date today)
{
	qd_date first, last;
	period_range(period_of(r->kind, today), &first, &last);
	return first;
}

/* Whether an end (y 0: none) falls in the periods already over. */
static bool rebate_ends_before(qd_date end, qd_date cut)
{
	return end.y && date_cmp(end, cut) < 0;
}

/* Whether saving r over base (id 0: a new rule) changes a rebate of a
 * period already over: a new rule or other terms reaching one, or a start
 * or an end moved inside them (a new name, or an end set after today,
 * changes none). */
static bool rebate_changes_past(const struct rebate_rule_rec *b, const struct rebate_rule_rec *r,
				qd_date today)
{
	qd_date cut = rebate_cut(r, today);
	bool reaches = date_cmp(r->start, cut) < 0;
	if (!b->id)
		return reaches;
	bool terms_alike = !strcmp(b->category, r->category) && b->tier == r->tier &&
			   b->kind == r->kind && b->achievement == r->achievement &&
			   b->threshold_fen == r->threshold_fen &&
			   b->achievement_bp == r->achievement_bp && b->rate_bp == r->rate_bp;
	bool reached = date_cmp(b->start, rebate_cut(b, today)) < 0;
	if (!terms_alike)
		return reaches || reached;
	bool start_moved = date_cmp(b->start, r->start) && (reaches || reached);
	bool end_moved = date_cmp(b->end, r->end) &&
			 (rebate_ends_before(b->end, cut) || rebate_ends_before(r->end, cut));
	return start_moved || end_moved;
}

static void rebate_form_write(struct ui *ui, void *arg);

static void rebate_form_save(struct rebate_form *s, struct ui *ui)
{
	if (s->req.base.id && !s->form.dirty) {
		ui_pop(ui, false);
		ui_message(ui, "%s", _("Nothing was changed."));
		return;
	}
	form_clear_errors(&s->form);
	if (!rebate_form_collect(s)) {
		form_focus_error(&s->form);
		ui_error(ui, _("%s: %s"), _(s->fields[s->form.focus].label),
			 s->fields[s->form.focus].error);
		return;
	}
	/* The rebates of periods already over change: asked first, as the
	 * score settings ask (an evaluation may have paid on them), whether
	 * the rule reaches them as it was or as it is now. */
	const struct rebate_rule_rec *b = &s->req.base, *r = &s->rec;
	if (rebate_changes_past(b, r, ui_today(ui))) {
		/* (The advice to end the rule is not for one being ended.) */
		bool ending = b->id && !date_cmp(b->start, r->start) && date_cmp(b->end, r->end) &&
			      b->rate_bp == r->rate_bp;
		ui_confirm(ui,
			   !b->id ? _("This rule reaches periods already over: their estimated "
				      "rebates change at once. Save? (y/n)")
			   : ending
				   ? _("The new end falls in periods already over: their "
				       "estimated rebates change at once. Save? (y/n)")
				   : _("This rule reaches periods already over: their estimated "
				       "rebates change at once. To keep the past, give the rule an "
				       "end date and add a new one instead. Save? (y/n)"),
			   rebate_form_write, s);
		return;
	}
	rebate_form_write(ui, s);
}

/* Saves what rebate_form_collect() checked into s->rec. */
static void rebate_form_write(struct ui *ui, void *arg)
{
	struct rebate_form *s = arg;
	qd_rc rc = db_rebate_rule_save(ui_db(ui), &s->rec, ui_user(ui));
	if (rc == DB_NOTFOUND) {
		/* Deleted meanwhile: what was typed can be a new rule. */
		s->req.base.id = s->req.base.version = 0;
		ui_error(ui, _("Not saved: %s Enter saves what you typed as a new rule."),
			 db_errmsg(ui_db(ui)));
		return;
	}
	if (rc == DB_CONFLICT) {
		/* Saved by someone else meanwhile: not a second rule beside
		 * theirs (both would pay), but theirs or this over it. */
		struct rebate_rule_rec now;
		if (db_rebate_rule_get(ui_db(ui), s->req.base.id, &now)) {
			ui_db_error(ui, _("Not saved"));
			return;
		}
		s->req.base.version = now.version;
		char rate[24];
		ui_error(
			ui,
			_("Not saved: someone else saved this rule first (now %s, %s). Enter saves "
			  "what you typed over it; Esc keeps theirs."),
			now.name, rebate_percent(now.rate_bp, rate, sizeof rate));
		return;
	}
	if (rc == DB_INVALID || rc == DB_DUPLICATE) {
		int i = rebate_form_field(db_errfield(ui_db(ui)));
		text_copy(s->fields[i].error, sizeof s->fields[i].error, db_errmsg(ui_db(ui)));
		s->form.focus = i;
		ui_error(ui, _("Not saved: %s"), db_errmsg(ui_db(ui)));
		return;
	}
	if (rc) {
		ui_db_error(ui, _("Not saved"));
		return;
	}
	if (s->req.saved)
		*s->req.saved = s->rec.id;
	char name[REBATE_BUF(REBATE_NAME_MAX)];
	text_copy(name, sizeof name, s->rec.name);
	ui_pop(ui, true);
	ui_message(ui, _("Saved the rebate rule %s."), name);
}

static int rebate_form_key(void *state, struct ui *ui, struct ui_key k)
{
	struct rebate_form *s = state;
	int r = form_key(&s->form, ui, k);
	rebate_form_basis(s);
	if (r == FORM_SUBMIT) {
		rebate_form_save(s, ui);
		return UI_HANDLED;
	}
	return form_screen_answer(&s->form, ui, r, k);
}

static int rebate_form_click(void *state, struct ui *ui, int row, int col)
{
	(void)ui;
	(void)col;
	struct rebate_form *s = state;
	form_click(&s->form, row + 1 - s->form.y);
	return UI_HANDLED;
}

const struct screen screen_rebate_form = {
	.takes_text = true,
	.writes = true,
	/* TRANSLATORS: the form of a rebate rule. */
	.name = N_("Rebate rule"),
	.enter = rebate_form_enter,
	.leave = rebate_form_leave,
	.draw = rebate_form_draw,
	.key = rebate_form_key,
	.click = rebate_form_click,
	.unsaved = rebate_form_unsaved,
	.help = rebate_form_help,
};
