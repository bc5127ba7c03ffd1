/* The Setup tab's Visits section (拜访设置): how often a new distributor of
 * each tier is to be visited, how many visits a proposal plans a day,
 * whether it plans weekends, and the concentration a rep's month is marked
 * above; shown as a list, edited in one form, kept in the settings table
 * through db/visit. The Setup tab calls in here for this one section. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/text.h"
#include "qudao/visit.h"
#include "qudao/xalloc.h"
#include "screen_setup.h"
#include "table.h"
#include "ui.h"

struct setup_visits_row {
	int64_t id; /* mem rows start with their id */
	qd_visit_setting which;
};

struct setup_visits {
	struct table_mem mem; /* first: the table's ctx */
	struct setup_visits_row rows[VSET_COUNT];
	struct visit_settings settings;
	struct table table;
};

static const struct table_col setup_visits_cols[] = {
	/* TRANSLATORS: column headers of the Setup tab's visit settings. */
	{ N_("Setting"), 0, 20, 0, false, -1 },
	{ N_("Value"), 10, 0, 0, true, -1 },
};

static void setup_visits_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			      size_t size, enum ui_color *color, attr_t *attr)
{
	struct setup_visits *v = ctx;
	const struct setup_visits_row *r = row;
	(void)ui;
	(void)color;
	(void)attr;
	if (col == 0) {
		text_copy(buf, size, _(visit_setting_labels[r->which]));
		return;
	}
	if (r->which == VSET_WEEKENDS) {
		/* TRANSLATORS: the value of "plan weekends". */
		text_copy(buf, size, v->settings.weekends ? _("yes") : _("no"));
		return;
	}
	char value[16];
	text_copy(buf, size, visit_setting_format(&v->settings, r->which, value));
}

static const struct table_source setup_visits_source = {
	.row_size = sizeof(struct setup_visits_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.cell = setup_visits_cell,
};

struct setup_visits *setup_visits_new(struct ui *ui)
{
	struct setup_visits *v = xcalloc(1, sizeof *v);
	for (int i = 0; i < VSET_COUNT; i++)
		v->rows[i] = (struct setup_visits_row){ i + 1, (qd_visit_setting)i };
	v->mem = (struct table_mem){ v->rows, VSET_COUNT, sizeof v->rows[0] };
	table_init(&v->table, setup_visits_cols, 2, &setup_visits_source, v, VSET_COUNT);
	/* x exports the list as shown, like every Setup section. */
	v->table.export_name = "visit-settings";
	setup_visits_reload(v, ui);
	table_load(&v->table, ui);
	return v;
}

void setup_visits_free(struct setup_visits *v)
{
	if (!v)
		return;
	table_free(&v->table);
	free(v);
}

void setup_visits_reload(struct setup_visits *v, struct ui *ui)
{
	if (db_visit_settings_get(ui_db(ui), &v->settings)) {
		ui_db_error(ui, _("Could not read the settings"));
		visit_settings_default(&v->settings);
	}
	table_reload(&v->table, ui);
}

int64_t setup_visits_count(const struct setup_visits *v)
{
	(void)v;
	return VSET_COUNT;
}

void setup_visits_draw(struct setup_visits *v, struct ui *ui, int top, int height, int width)
{
	ui_text(top, 0, width,
		_("New distributors' visit frequency by tier (each keeps its own). Enter "
		  "edits."),
		ui_attr(UI_DIM), false);
	table_draw(&v->table, ui, top + 1, 0, height - 1, width);
}

int setup_visits_key(struct setup_visits *v, struct ui *ui, struct ui_key k)
{
	int r = table_key(&v->table, ui, k);
	if (r == TABLE_ACTIVATE || ui_key_is(k, 'e')) {
		int64_t at = table_selected_id(&v->table);
		ui_push(ui, &screen_setup_visits_form, &at);
		return UI_HANDLED;
	}
	return r == TABLE_NONE ? UI_UNHANDLED : UI_HANDLED;
}

int setup_visits_click(struct setup_visits *v, struct ui *ui, int y, int x)
{
	if (table_click(&v->table, ui, y, x) == TABLE_ACTIVATE) {
		int64_t at = table_selected_id(&v->table);
		ui_push(ui, &screen_setup_visits_form, &at);
	}
	return UI_HANDLED;
}

/* ---- the form ---- */

struct svform {
	struct visit_settings settings;
	struct form_field fields[VSET_COUNT];
	struct ui_form form;
};

static const char *const svform_yes_no[] = { N_("no"), N_("yes") };

static const struct ui_help svform_help[] = {
	{ N_("Enter"), N_("save"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ N_("Left/Right, Space"), N_("change a choice"), false },
	{ NULL, NULL, false },
};

static void *svform_enter(struct ui *ui, void *arg)
{
	struct svform *s = xcalloc(1, sizeof *s);
	if (db_visit_settings_get(ui_db(ui), &s->settings)) {
		ui_db_error(ui, _("Could not read the settings"));
		free(s);
		return NULL;
	}
	for (int i = 0; i < VSET_COUNT; i++) {
		struct form_field *f = &s->fields[i];
		char value[16];
		f->label = visit_setting_labels[i];
		f->box_cells = 6;
		if (i == VSET_WEEKENDS) {
			f->kind = FORM_CHOICE;
			f->choices = svform_yes_no;
			f->nchoices = 2;
			f->choice = s->settings.weekends;
			continue;
		}
		f->max_chars = 3;
		f->ascii = true;
		text_copy(f->hint, sizeof f->hint,
			  i == VSET_PER_DAY		? _("1 to 20")
			  : i == VSET_CONCENTRATION ? _("percent, 1 to 100")
						    : _("days, 1 to 366"));
		form_set(f, visit_setting_format(&s->settings, (qd_visit_setting)i, value));
	}
	int64_t at = arg ? *(const int64_t *)arg : 1;
	s->form = (struct ui_form){
		s->fields, VSET_COUNT, at >= 1 && at <= VSET_COUNT ? (int)at - 1 : 0, false, 0, 0, 0
	};
	return s;
}

static void svform_leave(void *state)
{
	struct svform *s = state;
	form_free(&s->form);
	free(s);
}

static void svform_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct svform *s = state;
	ui_text(top, 1, width - 2, _("Visit settings"), ui_attr(UI_TITLE) | A_BOLD, false);
	form_draw(&s->form, ui, top + 2, height - 2, width);
}

static void svform_save(struct svform *s, struct ui *ui)
{
	struct visit_settings next = s->settings;
	bool ok = true;
	form_clear_errors(&s->form);
	for (int i = 0; i < VSET_COUNT; i++) {
		const char *why = i == VSET_WEEKENDS
					  ? visit_setting_parse(&next, VSET_WEEKENDS,
								s->fields[i].choice ? "yes" : "no")
					  : visit_setting_parse(&next, (qd_visit_setting)i,
								field_value(&s->fields[i]));
		if (why) {
			text_copy(s->fields[i].error, sizeof s->fields[i].error, _(why));
			ok = false;
		}
	}
	if (!ok) {
		form_focus_error(&s->form);
		form_refused(&s->form, ui);
		return;
	}
	if (db_visit_settings_save(ui_db(ui), &next, ui_user(ui))) {
		ui_db_error(ui, _("Not saved"));
		return;
	}
	ui_pop(ui, true);
	ui_message(ui, "%s", _("The visit settings are saved."));
}

static void svform_discard_yes(struct ui *ui, void *arg)
{
	(void)arg;
	ui_pop(ui, false);
}

static int svform_key(void *state, struct ui *ui, struct ui_key k)
{
	struct svform *s = state;
	switch (form_key(&s->form, ui, k)) {
	case FORM_SUBMIT:
		svform_save(s, ui);
		return UI_HANDLED;
	case FORM_CANCEL:
		if (s->form.dirty)
			ui_confirm(ui, _("Discard the changes? (y/n)"), svform_discard_yes, s);
		else
			ui_pop(ui, false);
		return UI_HANDLED;
	case FORM_NONE:
		return UI_UNHANDLED;
	default:
		return UI_HANDLED;
	}
}

static bool svform_unsaved(void *state)
{
	return ((const struct svform *)state)->form.dirty;
}

const struct screen screen_setup_visits_form = {
	.name = N_("Visit settings"),
	.enter = svform_enter,
	.leave = svform_leave,
	.draw = svform_draw,
	.key = svform_key,
	.unsaved = svform_unsaved,
	.takes_text = true,
	.writes = true,
	.help = svform_help,
};

/* ---- as a section of the Setup tab ---- */

static void *visits_panel_enter(struct ui *ui)
{
	return setup_visits_new(ui);
}

static void visits_panel_leave(void *state)
{
	setup_visits_free(state);
}

static void visits_panel_reload(void *state, struct ui *ui)
{
	setup_visits_reload(state, ui);
}

static void visits_panel_draw(void *state, struct ui *ui, int top, int height, int width)
{
	setup_visits_draw(state, ui, top, height, width);
}

static int visits_panel_key(void *state, struct ui *ui, struct ui_key k)
{
	return setup_visits_key(state, ui, k);
}

static void visits_panel_click(void *state, struct ui *ui, int row, int col)
{
	/* The Setup tab gives the row under the tab bar; the list wants the
	 * screen's. */
	setup_visits_click(state, ui, row + 1, col);
}

static void visits_panel_wheel(void *state, struct ui *ui, int n)
{
	(void)state;
	(void)ui;
	(void)n;
}

static int64_t visits_panel_count(void *state)
{
	return setup_visits_count(state);
}

static const struct ui_help visits_panel_help[] = {
	{ N_("Left/Right"), N_("section"), true },
	{ N_("Up/Down, PgUp/PgDn"), N_("move"), false },
	{ N_("Enter"), N_("edit"), true },
	{ N_("x"), N_("export what is shown"), true },
	{ N_("e"), N_("edit"), false },
	/* TRANSLATORS: a narrow terminal hides columns (‹ › in the header);
	 * these keys show them. */
	{ N_("< >"), N_("columns hidden on a narrow terminal (‹ ›)"), false },
	{ NULL, NULL, false },
};

const struct setup_panel setup_panel_visits = {
	/* TRANSLATORS: the Setup tab's section of visit settings. */
	.name = N_("Visit settings"),
	.enter = visits_panel_enter,
	.leave = visits_panel_leave,
	.reload = visits_panel_reload,
	.draw = visits_panel_draw,
	.key = visits_panel_key,
	.click = visits_panel_click,
	.wheel = visits_panel_wheel,
	.count = visits_panel_count,
	.help = visits_panel_help,
};
