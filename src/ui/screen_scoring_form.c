/* The form of a version of the score settings: the month it applies from,
 * the eight weights (adding up to 100), the threshold, the points of each
 * kind of incident, the lowest scores of grades A, B and C, normalisation
 * and the length of the bottom list. Checked by core/scorecard, the reason
 * beside the field; saved with a version check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/scoring.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "scoring_form.h"
#include "ui.h"

/* The fields in order: from, weights, threshold, deductions, grades,
 * normalise, bottom. */
enum {
	SF_FROM,
	SF_WEIGHT,
	SF_THRESHOLD = SF_WEIGHT + SCORE_PARTS,
	SF_DEDUCTION,
	SF_BAND = SF_DEDUCTION + SCORE_INCIDENT_KINDS,
	SF_NORMALISE = SF_BAND + 3,
	SF_BOTTOM,
	SF_FIELDS
};

struct scoring_form {
	struct scoring_form_req req;
	struct score_settings rec;
	struct form_field fields[SF_FIELDS];
	struct ui_form form;
};

static const struct ui_help scoring_form_help[] = {
	{ N_("Enter"), N_("save"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ N_("Left/Right, Space"), N_("change a choice"), false },
	{ NULL, NULL, false },
};

static const char *const scoring_yes_no[] = { N_("no"), N_("yes") };

/* A field's label: the parts and kinds of incident come from core. */
static const char *scoring_form_label(int i, char *buf, size_t size)
{
	if (i >= SF_WEIGHT && i < SF_WEIGHT + SCORE_PARTS)
		/* TRANSLATORS: a part's weight in the score settings' form. */
		snprintf(buf, size, _("Weight: %s"), _(score_part_label(i - SF_WEIGHT)));
	else if (i >= SF_DEDUCTION && i < SF_DEDUCTION + SCORE_INCIDENT_KINDS)
		/* TRANSLATORS: the points an incident of a kind costs. */
		snprintf(buf, size, _("Points per %s"),
			 _(labels_incident_kind.labels[i - SF_DEDUCTION]));
	else if (i >= SF_BAND && i < SF_BAND + 3)
		/* TRANSLATORS: the lowest score of a grade. */
		snprintf(buf, size, _("Grade %c from"), 'A' + (i - SF_BAND));
	else
		snprintf(buf, size, "%s",
			 _(i == SF_FROM	       ? N_("Applies from month")
			   : i == SF_THRESHOLD ? N_("Threshold")
			   : i == SF_NORMALISE ? N_("Normalise to the region's best")
					       : N_("Bottom list length")));
	return buf;
}

/* The field's number, its place in the settings. */
static int *scoring_form_number(struct score_settings *s, int i)
{
	if (i >= SF_WEIGHT && i < SF_WEIGHT + SCORE_PARTS)
		return &s->weight[i - SF_WEIGHT];
	if (i >= SF_DEDUCTION && i < SF_DEDUCTION + SCORE_INCIDENT_KINDS)
		return &s->deduction[i - SF_DEDUCTION];
	if (i >= SF_BAND && i < SF_BAND + 3)
		return &s->band[i - SF_BAND];
	return i == SF_THRESHOLD ? &s->threshold : i == SF_BOTTOM ? &s->bottom_n : NULL;
}

/* The form's field a SCORE_FIELD_* names. */
static int scoring_form_field(int field)
{
	if (field >= SCORE_FIELD_WEIGHT && field < SCORE_FIELD_WEIGHT + SCORE_PARTS)
		return SF_WEIGHT + field - SCORE_FIELD_WEIGHT;
	if (field >= SCORE_FIELD_DEDUCTION && field < SCORE_FIELD_DEDUCTION + SCORE_INCIDENT_KINDS)
		return SF_DEDUCTION + field - SCORE_FIELD_DEDUCTION;
	if (field >= SCORE_FIELD_BAND && field < SCORE_FIELD_BAND + 3)
		return SF_BAND + field - SCORE_FIELD_BAND;
	return field == SCORE_FIELD_THRESHOLD	? SF_THRESHOLD
	       : field == SCORE_FIELD_BOTTOM	? SF_BOTTOM
	       : field == SCORE_FIELD_NORMALISE ? SF_NORMALISE
						: SF_FROM;
}

static void scoring_form_fill(struct scoring_form *s, const struct score_settings *v)
{
	char num[16];
	form_set(&s->fields[SF_FROM], v->from);
	for (int i = 0; i < SF_FIELDS; i++) {
		int *n = scoring_form_number((struct score_settings *)v, i);
		if (n) {
			snprintf(num, sizeof num, "%d", *n);
			form_set(&s->fields[i], num);
		}
	}
	s->fields[SF_NORMALISE].choice = v->normalise;
}

static void *scoring_form_enter(struct ui *ui, void *arg)
{
	(void)ui;
	struct scoring_form *s = xcalloc(1, sizeof *s);
	s->req = *(const struct scoring_form_req *)arg;
	for (int i = 0; i < SF_FIELDS; i++) {
		char label[160];
		/* The labels are made, not msgids: the form shows them as they
		 * are; they stay in the fields' own memory. */
		s->fields[i].label = xstrdup(scoring_form_label(i, label, sizeof label));
		s->fields[i].kind = FORM_TEXT;
		s->fields[i].max_chars = i == SF_FROM ? 7 : 4;
		s->fields[i].ascii = true;
		/* Boxes as wide as their values: the hints beside them fit. */
		s->fields[i].box_cells = i == SF_FROM ? 9 : 6;
	}
	s->fields[SF_NORMALISE].kind = FORM_CHOICE;
	s->fields[SF_NORMALISE].choices = scoring_yes_no;
	s->fields[SF_NORMALISE].nchoices = 2;
	/* "< yes >" whole, in any language. */
	for (int k = 0; k < 2; k++) {
		int w = text_width(_(scoring_yes_no[k])) + 4;
		if (w > s->fields[SF_NORMALISE].box_cells)
			s->fields[SF_NORMALISE].box_cells = w;
	}
	text_copy(s->fields[SF_FROM].hint, sizeof s->fields[0].hint,
		  _("such as 2026-07: for the periods from then on"));
	text_copy(s->fields[SF_WEIGHT].hint, sizeof s->fields[0].hint,
		  _("percent; the eight add up to 100"));
	text_copy(s->fields[SF_THRESHOLD].hint, sizeof s->fields[0].hint,
		  _("a part scoring under it counts zero"));
	text_copy(s->fields[SF_BAND].hint, sizeof s->fields[0].hint, _("85, 70, 55 by default"));
	scoring_form_fill(s, &s->req.base);
	s->form.fields = s->fields;
	s->form.n = SF_FIELDS;
	return s;
}

static void scoring_form_leave(void *state)
{
	struct scoring_form *s = state;
	for (int i = 0; i < SF_FIELDS; i++)
		free((char *)s->fields[i].label);
	form_free(&s->form);
	free(s);
}

static bool scoring_form_unsaved(void *state)
{
	return ((struct scoring_form *)state)->form.dirty;
}

static void scoring_form_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct scoring_form *s = state;
	char title[120];
	if (s->req.base.id)
		snprintf(title, sizeof title, _("Score settings from %s"), s->req.base.from);
	else
		snprintf(title, sizeof title, "%s", _("New score settings"));
	ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE), false);
	/* The form widget takes each label as a msgid: these are translated
	 * already, and gettext gives back what it does not know. */
	form_draw(&s->form, ui, top + 2, height - 2, width);
}

/* The fields into s->rec; false with the reasons beside them. */
static bool scoring_form_collect(struct scoring_form *s)
{
	s->rec = s->req.base;
	text_copy(s->rec.from, sizeof s->rec.from, field_value(&s->fields[SF_FROM]));
	bool ok = true;
	for (int i = 0; i < SF_FIELDS; i++) {
		int *n = scoring_form_number(&s->rec, i);
		if (!n)
			continue;
		/* Digits, full-width ones too, after a minus perhaps; the range
		 * is the rules' to say (a deduction of 9999 or -5 is out of 0 to
		 * 100, not "not a number"). */
		char *v = text_ascii_fold(field_value(&s->fields[i]));
		char *end;
		long x = strtol(v, &end, 10);
		const char *digits = v[0] == '-' ? v + 1 : v;
		bool number = *digits >= '0' && *digits <= '9' && !*end;
		free(v);
		if (!number) {
			text_copy(s->fields[i].error, sizeof s->fields[i].error,
				  _("Write a whole number in digits, such as 40."));
			ok = false;
			continue;
		}
		*n = x > 100000 ? 100000 : x < -100000 ? -100000 : (int)x;
	}
	s->rec.normalise = s->fields[SF_NORMALISE].choice == 1;
	if (!ok)
		return false;
	int field = 0;
	const char *why = score_settings_check(&s->rec, &field);
	if (why) {
		/* Of two grades out of order, the one the user changed (A
		 * lowered under B was said beside B). */
		int i = scoring_form_field(score_settings_blame(&s->rec, &s->req.base, field));
		int sum = 0;
		for (int k = 0; k < SCORE_PARTS; k++)
			sum += s->rec.weight[k];
		/* The weights' sum says what it is now. */
		if (!strcmp(why, "The weights must add up to 100."))
			snprintf(s->fields[i].error, sizeof s->fields[i].error,
				 _("The weights add up to %d; they must add up to 100."), sum);
		else
			text_copy(s->fields[i].error, sizeof s->fields[i].error, _(why));
		return false;
	}
	return true;
}

static void scoring_form_write(struct ui *ui, void *arg);

/* Whether the first month whose scores the save changes is before this
 * month. */
static bool scoring_form_past(const struct scoring_form *s, struct ui *ui)
{
	char now[PERIOD_BUF], first[PERIOD_BUF];
	period_format(period_of(PERIOD_MONTH, ui_today(ui)), now);
	qd_period p;
	text_copy(first, sizeof first, s->rec.from);
	if (!period_parse_typed(s->rec.from, &p))
		period_format(p, first);
	/* An edit changes the scores from the month the version applied from
	 * too. */
	if (s->req.base.id && !period_parse_typed(s->req.base.from, &p)) {
		char was[PERIOD_BUF];
		period_format(p, was);
		if (strcmp(was, first) < 0)
			text_copy(first, sizeof first, was);
	}
	return strcmp(first, now) < 0;
}

/* The months, quarters or years of a span as words: from the first on,
 * the one, or the first to the last. */
static void scoring_form_range(char *out, size_t size, int count, qd_period first, qd_period last,
			       const char *from_fmt, const char *one_fmt, const char *range_fmt)
{
	char a[PERIOD_BUF], z[PERIOD_BUF];
	period_format(first, a);
	period_format(last, z);
	if (count < 0)
		snprintf(out, size, from_fmt, a);
	else if (count == 1)
		snprintf(out, size, one_fmt, a);
	else
		snprintf(out, size, range_fmt, a, z);
}

/* What the version being saved governs, in whole sentences, among the
 * others stored: its months up to the next version's, the quarters and
 * years that begin in them, and those under way in its first month, which
 * keep the settings they began with. A manager deciding Q3 read "the
 * quarters and years that hold them" change, and they did not; a version
 * between two others was said to reach quarters the next one governs. */
/* Another sentence after those in out. */
static void scoring_join(char *out, size_t size, const char *next)
{
	char *first = xstrdup(out);
	/* TRANSLATORS: one sentence after another: a space between them in
	 * English, none after a Chinese "。". */
	snprintf(out, size, C_("sentences", "%s %s"), first, next);
	free(first);
}

void scoring_settings_reach(struct ui *ui, int64_t self, const char *from_text, bool kept,
			    char *out, size_t size)
{
	qd_period from;
	out[0] = '\0';
	if (period_parse_typed(from_text, &from) || from.kind != PERIOD_MONTH)
		return;
	struct score_settings *list = NULL;
	int n = db_scoring_settings(ui_db(ui), &list);
	struct score_span sp;
	score_settings_span(list, n > 0 ? n : 0, self, from, &sp);
	free(list);
	char months[120], quarters[120], years[120];
	scoring_form_range(months, sizeof months, sp.months, from, sp.month_last,
			   _("the months from %s"), _("the month %s"), _("the months %s to %s"));
	scoring_form_range(quarters, sizeof quarters, sp.quarters, sp.q_first, sp.q_last,
			   _("the quarters from %s"), _("the quarter %s"),
			   _("the quarters %s to %s"));
	scoring_form_range(years, sizeof years, sp.years, sp.y_first, sp.y_last,
			   _("the years from %s"), _("the year %s"), _("the years %s to %s"));
	int used;
	if (sp.quarters == 0)
		/* TRANSLATORS: %s is "the month 2026-09" or "the months 2026-08
		 * to 2026-09": a version followed by another before a quarter
		 * begins. */
		used = snprintf(out, size, _("They apply to %s, and to no quarter or year."),
				months);
	else if (sp.years == 0)
		used = snprintf(out, size, _("They apply to %s and %s, and to no year."), months,
				quarters);
	else
		used = snprintf(out, size, _("They apply to %s, %s and %s."), months, quarters,
				years);
	if (used < 0 || (size_t)used >= size || !kept)
		return;
	/* The quarter and the year under way in its first month, the ones
	 * before the first it reaches, keep theirs. */
	char kq[PERIOD_BUF], ky[PERIOD_BUF];
	period_format(period_next(sp.q_first, -1), kq);
	period_format(period_next(sp.y_first, -1), ky);
	if ((from.n - 1) % 3 != 0) {
		char kept[300];
		/* TRANSLATORS: the quarter and the year under way in the
		 * version's first month. */
		snprintf(kept, sizeof kept,
			 _("%s and the year %s keep the settings in force when they began."), kq,
			 ky);
		scoring_join(out, size, kept);
	} else if (from.n != 1) {
		char kept[300];
		snprintf(kept, sizeof kept,
			 _("The year %s keeps the settings in force when it began."), ky);
		scoring_join(out, size, kept);
	}
}

static void scoring_form_reach(const struct scoring_form *s, struct ui *ui, char *out, size_t size)
{
	scoring_settings_reach(ui, s->req.base.id, s->rec.from, true, out, size);
}

static void scoring_form_save(struct scoring_form *s, struct ui *ui)
{
	if (s->req.base.id && !s->form.dirty) {
		ui_pop(ui, false);
		ui_message(ui, "%s", _("Nothing was changed."));
		return;
	}
	form_clear_errors(&s->form);
	if (!scoring_form_collect(s)) {
		form_focus_error(&s->form);
		ui_error(ui, _("%s: %s"), s->fields[s->form.focus].label,
			 s->fields[s->form.focus].error);
		return;
	}
	/* Scores of months already over change: said before, not after (a
	 * quarter's evaluation may have been decided on them). */
	if (scoring_form_past(s, ui)) {
		/* (What the version reaches from the month it now applies
		 * from; an edit that moves it later gives the months between
		 * back to the version before, which the first words cover.) */
		char reach[600], question[800];
		scoring_form_reach(s, ui, reach, sizeof reach);
		snprintf(question, sizeof question,
			 _("These settings change scores of months already over. %s Save? (y/n)"),
			 reach);
		ui_confirm(ui, question, scoring_form_write, s);
		return;
	}
	scoring_form_write(ui, s);
}

/* Saves what scoring_form_collect() checked into s->rec. */
static void scoring_form_write(struct ui *ui, void *arg)
{
	struct scoring_form *s = arg;
	qd_rc rc = db_scoring_settings_save(ui_db(ui), &s->rec, ui_user(ui));
	if (rc == DB_CONFLICT || rc == DB_NOTFOUND) {
		/* Someone else saved (or deleted) it first: a new version from
		 * what was typed is the way on. */
		s->req.base.id = s->req.base.version = 0;
		ui_error(ui, _("Not saved: %s Enter saves what you typed as a new version."),
			 db_errmsg(ui_db(ui)));
		return;
	}
	if (rc == DB_INVALID || rc == DB_DUPLICATE) {
		int i = scoring_form_field(db_errfield(ui_db(ui)));
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
	char from[PERIOD_BUF], reach[600];
	text_copy(from, sizeof from, s->rec.from);
	scoring_form_reach(s, ui, reach, sizeof reach);
	ui_pop(ui, true);
	/* What changes said here too: a version from this month leaves the
	 * quarter shown on the Scorecards tab as it was. */
	ui_message(ui, _("Saved the score settings from %s. %s"), from, reach);
}

static int scoring_form_key(void *state, struct ui *ui, struct ui_key k)
{
	struct scoring_form *s = state;
	int r = form_key(&s->form, ui, k);
	if (r == FORM_SUBMIT) {
		scoring_form_save(s, ui);
		return UI_HANDLED;
	}
	return form_screen_answer(&s->form, ui, r, k);
}

static int scoring_form_click(void *state, struct ui *ui, int row, int col)
{
	(void)ui;
	(void)col;
	struct scoring_form *s = state;
	form_click(&s->form, row + 1 - s->form.y);
	return UI_HANDLED;
}

const struct screen screen_scoring_form = {
	.takes_text = true,
	.writes = true,
	/* TRANSLATORS: the form of a version of the score settings. */
	.name = N_("Score settings"),
	.enter = scoring_form_enter,
	.leave = scoring_form_leave,
	.draw = scoring_form_draw,
	.key = scoring_form_key,
	.click = scoring_form_click,
	.unsaved = scoring_form_unsaved,
	.help = scoring_form_help,
};
