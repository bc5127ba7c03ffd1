/* The Setup tab: the company's reference data in four sections — regions,
 * the territory tree (provinces, their cities, the cities' districts), reps
 * and managers, products with their prices — each a table with search, and
 * the keys that add, edit, deactivate and activate. The writes happen in
 * the record form (screen_setup_form.c) and in db/setup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/setup.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "screen_setup.h"
#include "table.h"
#include "ui.h"

/* Rows kept in memory per table; the lists of regions, territories and reps
 * are read whole, the window shows a part. */
enum { SETUP_CAP = 240 };

int setup_list_key(struct table *t, struct ui *ui, struct ui_key k,
		   void (*open)(void *state, struct ui *ui, bool is_new),
		   void (*del)(void *state, struct ui *ui), void *state)
{
	switch (table_key(t, ui, k)) {
	case TABLE_ACTIVATE:
		open(state, ui, false);
		return UI_HANDLED;
	case TABLE_HANDLED:
		return UI_HANDLED;
	default:
		break;
	}
	switch (k.code ? 0 : k.ch) {
	case 'a':
	case 'e':
		open(state, ui, k.ch == 'a');
		return UI_HANDLED;
	case 'd':
		del(state, ui);
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

void setup_list_click(struct table *t, struct ui *ui, int row, int col,
		      void (*open)(void *state, struct ui *ui, bool is_new), void *state)
{
	/* Rows of the screen's area start at screen row 1. */
	if (table_click(t, ui, row + 1, col) == TABLE_ACTIVATE)
		open(state, ui, false);
}

/* The sections after the reference records' (screen_setup.h). */
static const struct setup_panel *const setup_panels[] = {
	&setup_panel_visits,
	&setup_panel_scoring,
	&setup_panel_rebates,
};
enum {
	SETUP_PANELS = sizeof setup_panels / sizeof setup_panels[0],
	SETUP_SECTIONS = SETUP_KINDS + SETUP_PANELS
};

struct setup_section {
	qd_setup_kind kind;
	/* Regions, territories, reps: the whole list as read, search applied. */
	char *rows;
	int n;
	bool stale; /* read again before the next fetch */
	char search[128];
	/* Products: read a window at a time. */
	struct product_filter products;
	struct table table;
};

/* A deactivation or activation waiting for its y/n. */
struct setup_pending {
	qd_setup_kind kind;
	int64_t id, version;
	bool activate;
	char label[REF_BUF(REF_PRODUCT_NAME_MAX) + 48]; /* "name (code)" */
};

struct setup {
	struct setup_section sec[SETUP_KINDS];
	int current;
	int64_t saved; /* the record the form saved: selected on reload */
	struct setup_pending pending;
	void *panel[SETUP_PANELS];
	int tab_x[SETUP_SECTIONS + 1], tabs_y;
};

static const char *const setup_section_names[SETUP_KINDS] = {
	/* TRANSLATORS: the sections of the Setup screen, shown as tabs. */
	[SETUP_REGION] = N_("Regions"),
	[SETUP_TERRITORY] = N_("Territories"),
	[SETUP_REP] = N_("Reps"),
	[SETUP_PRODUCT] = N_("Products"),
};

static const char *const setup_section_hints[SETUP_KINDS] = {
	[SETUP_REGION] = N_("Regions group territories and reps (华南区, South China)."),
	[SETUP_TERRITORY] =
		N_("Provinces, cities and districts; a adds one under the selected one."),
	[SETUP_REP] = N_("Reps and managers, their region and the territories they cover."),
	[SETUP_PRODUCT] = N_("List prices by tier (A buys cheapest) and suggested retail prices."),
};

static const char *const setup_empty[SETUP_KINDS] = {
	[SETUP_REGION] = N_("No regions yet. Press a to add one."),
	[SETUP_TERRITORY] = N_("No territories yet. Press a to add one."),
	[SETUP_REP] = N_("No reps yet. Press a to add one."),
	[SETUP_PRODUCT] = N_("No products yet. Press a to add one."),
};

static const struct ui_help setup_help[] = {
	{ N_("Left/Right"), N_("section"), true },
	{ N_("Up/Down, PgUp/PgDn"), N_("move"), false },
	{ N_("/"), N_("search"), true },
	{ N_("a"), N_("add"), true },
	{ N_("e"), N_("edit"), true },
	{ N_("d"), N_("deactivate / activate"), true },
	{ N_("x"), N_("export what is shown"), true },
	{ N_("Enter"), N_("edit"), false },
	/* TRANSLATORS: a narrow terminal hides columns (‹ › in the header);
	 * these keys show them. */
	{ N_("< >"), N_("columns hidden on a narrow terminal (‹ ›)"), false },
	{ NULL, NULL, false },
};

enum { RG_CODE, RG_NAME, RG_TERRITORIES, RG_REPS, RG_STATUS, RG_COUNT };
static const struct table_col region_cols[RG_COUNT] = {
	/* TRANSLATORS: column headers of the Setup lists; keep them short. */
	[RG_CODE] = { N_("Code"), 8, 0, 0, false, -1 },
	[RG_NAME] = { N_("Name"), 0, 12, 0, false, -1 },
	[RG_TERRITORIES] = { N_("Territories"), 8, 0, 1, true, -1 },
	[RG_REPS] = { N_("Reps"), 6, 0, 2, true, -1 },
	[RG_STATUS] = { N_("Status"), 8, 0, 0, false, -1 },
};

enum { TE_CODE, TE_NAME, TE_SHORT, TE_LEVEL, TE_REGION, TE_GRID, TE_ENGLISH, TE_STATUS, TE_COUNT };
static const struct table_col territory_cols[TE_COUNT] = {
	[TE_CODE] = { N_("Code"), 10, 0, 0, false, -1 },
	[TE_NAME] = { N_("Name"), 0, 16, 0, false, -1 },
	/* TRANSLATORS: a territory's short name, as the map shows it. */
	[TE_SHORT] = { N_("Short"), 5, 0, 3, false, -1 },
	[TE_LEVEL] = { N_("Level"), 8, 0, 2, false, -1 },
	[TE_REGION] = { N_("Region"), 8, 0, 1, false, -1 },
	/* TRANSLATORS: a territory's place on the map's grid: row,column. */
	[TE_GRID] = { N_("Grid"), 5, 0, 4, false, -1 },
	[TE_ENGLISH] = { N_("English"), 0, 10, 5, false, -1 },
	[TE_STATUS] = { N_("Status"), 8, 0, 0, false, -1 },
};

enum { RP_CODE, RP_NAME, RP_ROLE, RP_REGION, RP_PHONE, RP_COVERS, RP_STATUS, RP_COUNT };
static const struct table_col rep_cols[RP_COUNT] = {
	[RP_CODE] = { N_("Code"), 8, 0, 0, false, -1 },
	[RP_NAME] = { N_("Name"), 0, 10, 0, false, -1 },
	[RP_ROLE] = { N_("Role"), 8, 0, 3, false, -1 },
	[RP_REGION] = { N_("Region"), 8, 0, 2, false, -1 },
	[RP_PHONE] = { N_("Phone"), 13, 0, 4, false, -1 },
	/* TRANSLATORS: the territories a rep covers. */
	[RP_COVERS] = { N_("Covers"), 0, 12, 1, false, -1 },
	[RP_STATUS] = { N_("Status"), 8, 0, 0, false, -1 },
};

enum {
	PR_SKU,
	PR_NAME,
	PR_CATEGORY,
	PR_UNIT,
	PR_A,
	PR_B,
	PR_C,
	PR_D,
	PR_RETAIL,
	PR_TOLERANCE,
	PR_STATUS,
	PR_COUNT
};
static const struct table_col product_cols[PR_COUNT] = {
	[PR_SKU] = { N_("SKU"), 8, 0, 0, false, -1 },
	[PR_NAME] = { N_("Name"), 0, 10, 0, false, -1 },
	[PR_CATEGORY] = { N_("Category"), 8, 0, 3, false, -1 },
	[PR_UNIT] = { N_("Unit"), 4, 0, 1, false, -1 },
	/* TRANSLATORS: the list price of tier A (B, C, D) distributors. */
	[PR_A] = { N_("Tier A"), 9, 0, 0, true, -1 },
	[PR_B] = { N_("Tier B"), 9, 0, 6, true, -1 },
	[PR_C] = { N_("Tier C"), 9, 0, 6, true, -1 },
	[PR_D] = { N_("Tier D"), 9, 0, 6, true, -1 },
	/* TRANSLATORS: the suggested retail price. */
	[PR_RETAIL] = { N_("Retail"), 9, 0, 5, true, -1 },
	/* TRANSLATORS: how far a price may stray from the list price, in %. */
	[PR_TOLERANCE] = { N_("Tol. %"), 6, 0, 2, true, -1 },
	[PR_STATUS] = { N_("Status"), 8, 0, 4, false, -1 },
};

/* ---- rows ---- */

/* Every record starts with its id. */
static int64_t setup_row_id(const void *row)
{
	int64_t id;
	memcpy(&id, row, sizeof id);
	return id;
}

static size_t setup_row_size(qd_setup_kind kind)
{
	static const size_t sizes[SETUP_KINDS] = {
		[SETUP_REGION] = sizeof(struct region_rec),
		[SETUP_TERRITORY] = sizeof(struct territory_rec),
		[SETUP_REP] = sizeof(struct rep_rec),
		[SETUP_PRODUCT] = sizeof(struct product_rec),
	};
	return sizes[kind];
}

/* Reads a section's whole list again, with its search. */
static void setup_read(struct setup_section *sec, struct ui *ui)
{
	free(sec->rows);
	sec->rows = NULL;
	int n = -1;
	switch (sec->kind) {
	case SETUP_REGION:
		n = db_setup_regions(ui_db(ui), sec->search, (struct region_rec **)&sec->rows);
		break;
	case SETUP_TERRITORY:
		n = db_setup_territories(ui_db(ui), sec->search,
					 (struct territory_rec **)&sec->rows);
		break;
	case SETUP_REP:
		n = db_setup_reps(ui_db(ui), sec->search, (struct rep_rec **)&sec->rows);
		break;
	default:
		break;
	}
	if (n < 0)
		ui_db_error(ui, _("Could not read the reference data"));
	sec->n = n > 0 ? n : 0;
	sec->stale = false;
}

static int setup_index_of(const struct setup_section *sec, int64_t id)
{
	size_t size = setup_row_size(sec->kind);
	for (int i = 0; i < sec->n; i++)
		if (setup_row_id(sec->rows + (size_t)i * size) == id)
			return i;
	return -1;
}

/* The table source over a whole list in memory, kept by the records' own
 * ids so a row stays selected when the list is read again. */
static int setup_mem_fetch(void *ctx, struct ui *ui, const void *after, bool backward, void *out,
			   int max)
{
	struct setup_section *sec = ctx;
	if (sec->stale)
		setup_read(sec, ui);
	int from, to;
	if (!after) {
		from = backward && sec->n > max ? sec->n - max : 0;
		to = backward || sec->n < max ? sec->n : max;
	} else {
		int at = setup_index_of(sec, setup_row_id(after));
		if (at < 0)
			return 0;
		from = backward ? (at > max ? at - max : 0) : at + 1;
		to = backward ? at : (sec->n - from > max ? from + max : sec->n);
	}
	if (to <= from)
		return 0;
	size_t size = setup_row_size(sec->kind);
	memcpy(out, sec->rows + (size_t)from * size, (size_t)(to - from) * size);
	return to - from;
}

static int setup_mem_find(void *ctx, struct ui *ui, int64_t id, void *out)
{
	struct setup_section *sec = ctx;
	if (sec->stale)
		setup_read(sec, ui);
	int at = setup_index_of(sec, id);
	if (at < 0)
		return 0;
	size_t size = setup_row_size(sec->kind);
	memcpy(out, sec->rows + (size_t)at * size, size);
	return 1;
}

static int64_t setup_mem_count(void *ctx, struct ui *ui, bool *exact)
{
	struct setup_section *sec = ctx;
	if (sec->stale)
		setup_read(sec, ui);
	*exact = true;
	return sec->n;
}

static void setup_mem_search(void *ctx, const char *text)
{
	struct setup_section *sec = ctx;
	text_copy(sec->search, sizeof sec->search, text);
	sec->stale = true;
}

static int setup_product_fetch(void *ctx, struct ui *ui, const void *after, bool backward,
			       void *out, int max)
{
	struct setup_section *sec = ctx;
	int n = db_setup_product_page(ui_db(ui), &sec->products, after, backward, out, max);
	if (n < 0)
		ui_db_error(ui, _("Could not read the products"));
	return n;
}

static int setup_product_find(void *ctx, struct ui *ui, int64_t id, void *out)
{
	struct setup_section *sec = ctx;
	struct product_filter only = sec->products;
	only.only_id = id;
	int n = db_setup_product_page(ui_db(ui), &only, NULL, false, out, 1);
	if (n < 0)
		ui_db_error(ui, _("Could not read the products"));
	return n;
}

static int64_t setup_product_count(void *ctx, struct ui *ui, bool *exact)
{
	struct setup_section *sec = ctx;
	*exact = true;
	int64_t n = db_setup_product_count(ui_db(ui), &sec->products);
	if (n < 0)
		ui_db_error(ui, _("Could not read the products"));
	return n;
}

static void setup_product_search(void *ctx, const char *text)
{
	struct setup_section *sec = ctx;
	text_copy(sec->products.search, sizeof sec->products.search, text);
}

/* x's file says what a search keeps, as the list's does: territories
 * searched for "gd" were offered the whole table's name. */
static void setup_export_name(void *ctx, char *buf, size_t size)
{
	const struct setup_section *sec = ctx;
	const char *search = sec->kind == SETUP_PRODUCT ? sec->products.search : sec->search;
	size_t used = strlen(buf);
	if (!table_name_search(buf, &used, size, search))
		table_name_part(buf, used, size, "filtered");
}

/* The status cell: inactive records say so, dimmed. */
static void setup_status(bool active, char *buf, size_t size, enum ui_color *color)
{
	/* TRANSLATORS: the state of a region, territory, rep or product. */
	text_copy(buf, size, active ? _("in use") : _("inactive"));
	if (!active)
		*color = UI_DIM;
}

static void region_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
			enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	(void)attr;
	const struct region_rec *r = row;
	if (!r->active)
		*color = UI_DIM;
	switch (col) {
	case RG_CODE:
		text_copy(buf, size, r->code);
		break;
	case RG_NAME:
		text_copy(buf, size, r->name);
		break;
	case RG_TERRITORIES:
		snprintf(buf, size, "%d", r->territories);
		break;
	case RG_REPS:
		snprintf(buf, size, "%d", r->reps);
		break;
	case RG_STATUS:
		setup_status(r->active, buf, size, color);
		break;
	default:
		break;
	}
}

static void territory_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			   size_t size, enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	const struct territory_rec *t = row;
	if (!t->active || t->context)
		*color = UI_DIM;
	switch (col) {
	case TE_CODE:
		text_copy(buf, size, t->code);
		break;
	case TE_NAME: {
		/* The tree: two cells deeper per level. */
		int indent = t->depth < 8 ? t->depth * 2 : 16;
		snprintf(buf, size, "%*s%s", indent, "", t->name);
		if (t->depth == 0 && t->active && !t->context)
			*attr |= A_BOLD;
		break;
	}
	case TE_SHORT:
		text_copy(buf, size, t->short_name);
		break;
	case TE_LEVEL:
		text_copy(buf, size, _(labels_level.labels[t->level]));
		break;
	case TE_REGION:
		text_copy(buf, size, t->region_code);
		break;
	case TE_GRID:
		if (t->grid_row >= 0)
			snprintf(buf, size, "%d,%d", t->grid_row, t->grid_col);
		break;
	case TE_ENGLISH:
		text_copy(buf, size, t->name_en);
		break;
	case TE_STATUS:
		setup_status(t->active, buf, size, color);
		break;
	default:
		break;
	}
}

static void rep_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
		     enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	(void)attr;
	const struct rep_rec *r = row;
	if (!r->active)
		*color = UI_DIM;
	switch (col) {
	case RP_CODE:
		text_copy(buf, size, r->code);
		break;
	case RP_NAME:
		text_copy(buf, size, r->name);
		break;
	case RP_ROLE:
		text_copy(buf, size, _(labels_role.labels[r->role]));
		break;
	case RP_REGION:
		text_copy(buf, size, r->region_code);
		break;
	case RP_PHONE:
		text_copy(buf, size, r->phone);
		break;
	case RP_COVERS:
		text_copy(buf, size, r->covers);
		break;
	case RP_STATUS:
		setup_status(r->active, buf, size, color);
		break;
	default:
		break;
	}
}

static void product_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
			 enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	(void)attr;
	const struct product_rec *p = row;
	char money[MONEY_BUF];
	if (!p->active)
		*color = UI_DIM;
	switch (col) {
	case PR_SKU:
		text_copy(buf, size, p->sku);
		break;
	case PR_NAME:
		text_copy(buf, size, p->name);
		break;
	case PR_CATEGORY:
		text_copy(buf, size, p->category);
		break;
	case PR_UNIT:
		text_copy(buf, size, p->unit);
		break;
	case PR_A:
	case PR_B:
	case PR_C:
	case PR_D:
		text_copy(buf, size, money_format(p->tier_fen[col - PR_A], money));
		break;
	case PR_RETAIL:
		text_copy(buf, size, money_format(p->retail_fen, money));
		break;
	case PR_TOLERANCE:
		refdata_tolerance_format(p->tolerance_bp, money);
		text_copy(buf, size, money);
		break;
	case PR_STATUS:
		setup_status(p->active, buf, size, color);
		break;
	default:
		break;
	}
}

/* A file's cells: prices in plain yuan (29.76), as every export has money,
 * not as the screen draws them (¥29.76, which Excel takes for text). */
static void product_export_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
				size_t size)
{
	const struct product_rec *p = row;
	char money[MONEY_BUF];
	enum ui_color color = UI_NORMAL;
	attr_t attr = 0;
	if (col >= PR_A && col <= PR_D)
		text_copy(buf, size, money_format_plain(p->tier_fen[col - PR_A], money));
	else if (col == PR_RETAIL)
		text_copy(buf, size, money_format_plain(p->retail_fen, money));
	else
		product_cell(ctx, ui, row, col, buf, size, &color, &attr);
}

static const struct table_source setup_sources[SETUP_KINDS] = {
	[SETUP_REGION] = {
		.row_size = sizeof(struct region_rec),
		.fetch = setup_mem_fetch,
		.id = setup_row_id,
		.find = setup_mem_find,
		.count = setup_mem_count,
		.cell = region_cell,
		.export_name = setup_export_name,
		.search = setup_mem_search,
	},
	[SETUP_TERRITORY] = {
		.row_size = sizeof(struct territory_rec),
		.fetch = setup_mem_fetch,
		.id = setup_row_id,
		.find = setup_mem_find,
		.count = setup_mem_count,
		.cell = territory_cell,
		.export_name = setup_export_name,
		.search = setup_mem_search,
	},
	[SETUP_REP] = {
		.row_size = sizeof(struct rep_rec),
		.fetch = setup_mem_fetch,
		.id = setup_row_id,
		.find = setup_mem_find,
		.count = setup_mem_count,
		.cell = rep_cell,
		.export_name = setup_export_name,
		.search = setup_mem_search,
	},
	[SETUP_PRODUCT] = {
		.row_size = sizeof(struct product_rec),
		.fetch = setup_product_fetch,
		.id = setup_row_id,
		.find = setup_product_find,
		.count = setup_product_count,
		.cell = product_cell,
		.export_cell = product_export_cell,
		.export_name = setup_export_name,
		.search = setup_product_search,
	},
};

static const struct {
	const struct table_col *cols;
	int n;
} setup_cols[SETUP_KINDS] = {
	[SETUP_REGION] = { region_cols, RG_COUNT },
	[SETUP_TERRITORY] = { territory_cols, TE_COUNT },
	[SETUP_REP] = { rep_cols, RP_COUNT },
	[SETUP_PRODUCT] = { product_cols, PR_COUNT },
};

/* ---- the screen ---- */

static void *setup_enter(struct ui *ui, void *arg)
{
	(void)arg;
	struct setup *s = xcalloc(1, sizeof *s);
	for (int k = 0; k < SETUP_KINDS; k++) {
		struct setup_section *sec = &s->sec[k];
		sec->kind = (qd_setup_kind)k;
		sec->stale = true;
		table_init(&sec->table, setup_cols[k].cols, setup_cols[k].n, &setup_sources[k], sec,
			   SETUP_CAP);
		sec->table.export_name = db_setup_table((qd_setup_kind)k);
		table_load(&sec->table, ui);
	}
	for (int p = 0; p < SETUP_PANELS; p++)
		s->panel[p] = setup_panels[p]->enter(ui);
	return s;
}

static void setup_leave(void *state)
{
	struct setup *s = state;
	for (int k = 0; k < SETUP_KINDS; k++) {
		table_free(&s->sec[k].table);
		free(s->sec[k].rows);
	}
	for (int p = 0; p < SETUP_PANELS; p++)
		setup_panels[p]->leave(s->panel[p]);
	free(s);
}

static void setup_reload(void *state, struct ui *ui)
{
	struct setup *s = state;
	for (int k = 0; k < SETUP_KINDS; k++) {
		struct setup_section *sec = &s->sec[k];
		sec->stale = true;
		table_reload(&sec->table, ui);
	}
	for (int p = 0; p < SETUP_PANELS; p++)
		setup_panels[p]->reload(s->panel[p], ui);
	if (!s->saved || s->current >= SETUP_KINDS)
		return;
	/* The record just saved is shown and selected, even when the search
	 * would hide it: the search is cleared then. */
	struct table *t = &s->sec[s->current].table;
	int64_t id = s->saved;
	s->saved = 0;
	if (!table_show(t, ui, id)) {
		t->searching = false;
		table_set_search(t, ui, "");
		table_show(t, ui, id);
	}
}

static void setup_draw_tabs(struct setup *s, int y, int width)
{
	char label[SETUP_SECTIONS][128];
	const char *labels[SETUP_SECTIONS];
	attr_t attrs[SETUP_SECTIONS];
	for (int k = 0; k < SETUP_SECTIONS; k++) {
		if (k < SETUP_KINDS)
			snprintf(label[k], sizeof label[k], " %s %lld ", _(setup_section_names[k]),
				 (long long)s->sec[k].table.total);
		else
			snprintf(label[k], sizeof label[k], " %s %lld ",
				 _(setup_panels[k - SETUP_KINDS]->name),
				 (long long)setup_panels[k - SETUP_KINDS]->count(
					 s->panel[k - SETUP_KINDS]));
		labels[k] = label[k];
		attrs[k] = k == s->current ? ui_attr(UI_TAB) : A_NORMAL;
	}
	s->tabs_y = y;
	_Static_assert((int)SETUP_SECTIONS <= (int)UI_TAB_BAR_MAX,
		       "more tabs than ui_tab_bar takes");
	ui_tab_bar(y, width, labels, attrs, SETUP_SECTIONS, s->current, s->tab_x);
}

static void setup_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct setup *s = state;
	setup_draw_tabs(s, top, width);
	if (s->current >= SETUP_KINDS) {
		int p = s->current - SETUP_KINDS;
		setup_panels[p]->draw(s->panel[p], ui, top + 1, height - 1, width);
		return;
	}
	struct setup_section *sec = &s->sec[s->current];
	struct table *t = &sec->table;
	char pos[64];
	table_position(t, pos, sizeof pos);
	int pw = text_width(pos);
	if (t->searching || t->search.len) {
		int box = width / 3 > 30 ? width / 3 : 30;
		if (box > width - pw - 2)
			box = width - pw - 2;
		table_draw_search(t, ui, top + 1, 0, box);
	} else {
		ui_text(top + 1, 0, width - pw - 2, _(setup_section_hints[s->current]),
			ui_attr(UI_DIM), false);
	}
	ui_text(top + 1, width - pw, pw, pos, A_NORMAL, true);
	table_draw(t, ui, top + 2, 0, height - 2, width);
	if (t->n == 0) {
		const char *empty = t->search.len ? _("Nothing matches. Esc clears the search.")
						  : _(setup_empty[s->current]);
		ui_text(top + 4, 2, width - 4, empty, ui_attr(UI_DIM), false);
	}
}

static void setup_switch(struct setup *s, int by)
{
	s->current = (s->current + by + SETUP_SECTIONS) % SETUP_SECTIONS;
}

/* Opens the record form: a new record, or the selected one. */
static void setup_open_form(void *state, struct ui *ui, bool is_new)
{
	struct setup *s = state;
	struct setup_section *sec = &s->sec[s->current];
	const void *row = table_selected(&sec->table);
	struct setup_form_req req = { sec->kind, 0, 0, &s->saved };
	if (!is_new) {
		if (!row) {
			ui_error(ui, "%s", _("Nothing is selected."));
			return;
		}
		req.id = setup_row_id(row);
	} else if (sec->kind == SETUP_TERRITORY && row) {
		/* A new territory goes under the selected one, or beside it when
		 * nothing can go under it (a district). */
		const struct territory_rec *t = row;
		req.parent_id = t->level == LEVEL_DISTRICT ? t->parent_id : t->id;
	}
	ui_push(ui, &screen_setup_form, &req);
}

static void setup_toggle_yes(struct ui *ui, void *arg)
{
	struct setup *s = arg;
	struct setup_pending *p = &s->pending;
	qd_rc rc = db_setup_set_active(ui_db(ui), p->kind, p->id, p->version, p->activate,
				       ui_user(ui));
	if (rc == DB_INVALID || rc == DB_CONFLICT || rc == DB_NOTFOUND)
		ui_error(ui, _("Not changed: %s"), db_errmsg(ui_db(ui)));
	else if (rc)
		ui_db_error(ui, _("Not changed"));
	else
		ui_message(ui, p->activate ? _("Activated %s.") : _("Deactivated %s."), p->label);
	setup_reload(s, ui);
}

/* The selected record's id, version, state and "name (code)". */
static bool setup_selected(struct setup *s, struct setup_pending *p)
{
	struct setup_section *sec = &s->sec[s->current];
	const void *row = table_selected(&sec->table);
	if (!row)
		return false;
	const char *name = "", *code = "";
	bool active = true;
	p->kind = sec->kind;
	switch (sec->kind) {
	case SETUP_REGION: {
		const struct region_rec *r = row;
		p->version = r->version;
		active = r->active;
		name = r->name;
		code = r->code;
		break;
	}
	case SETUP_TERRITORY: {
		const struct territory_rec *t = row;
		p->version = t->version;
		active = t->active;
		name = t->name;
		code = t->code;
		break;
	}
	case SETUP_REP: {
		const struct rep_rec *r = row;
		p->version = r->version;
		active = r->active;
		name = r->name;
		code = r->code;
		break;
	}
	default: {
		const struct product_rec *r = row;
		p->version = r->version;
		active = r->active;
		name = r->name;
		code = r->sku;
		break;
	}
	}
	p->id = setup_row_id(row);
	p->activate = !active;
	snprintf(p->label, sizeof p->label, "%s (%s)", name, code);
	return true;
}

static void setup_toggle(void *state, struct ui *ui)
{
	struct setup *s = state;
	if (!setup_selected(s, &s->pending)) {
		ui_error(ui, "%s", _("Nothing is selected."));
		return;
	}
	if (!ui_can_write(ui))
		return;
	char question[sizeof s->pending.label + 200];
	if (s->pending.activate)
		snprintf(question, sizeof question, _("Activate %s again? (y/n)"),
			 s->pending.label);
	else
		snprintf(question, sizeof question,
			 _("Deactivate %s? It stays in the records and can be activated again. "
			   "(y/n)"),
			 s->pending.label);
	ui_confirm(ui, question, setup_toggle_yes, s);
}

static int setup_key(void *state, struct ui *ui, struct ui_key k)
{
	struct setup *s = state;
	if (s->current >= SETUP_KINDS) {
		int p = s->current - SETUP_KINDS;
		bool typing = setup_panels[p]->typing && setup_panels[p]->typing(s->panel[p]);
		if (!typing && (ui_key_is_code(k, KEY_RIGHT) || ui_key_is(k, 'l') ||
				ui_key_is_code(k, KEY_LEFT) || ui_key_is(k, 'h'))) {
			setup_switch(s, ui_key_is_code(k, KEY_RIGHT) || ui_key_is(k, 'l') ? 1 : -1);
			return UI_HANDLED;
		}
		return setup_panels[p]->key(s->panel[p], ui, k);
	}
	struct table *t = &s->sec[s->current].table;
	if (!t->searching) {
		if (ui_key_is_code(k, KEY_RIGHT) || ui_key_is(k, 'l')) {
			setup_switch(s, 1);
			return UI_HANDLED;
		}
		if (ui_key_is_code(k, KEY_LEFT) || ui_key_is(k, 'h')) {
			setup_switch(s, -1);
			return UI_HANDLED;
		}
	}
	/* d deactivates or activates here. */
	return setup_list_key(t, ui, k, setup_open_form, setup_toggle, s);
}

static int setup_click(void *state, struct ui *ui, int row, int col)
{
	struct setup *s = state;
	if (row + 1 == s->tabs_y) {
		for (int k = 0; k < SETUP_SECTIONS; k++)
			if (col >= s->tab_x[k] && col < s->tab_x[k + 1])
				s->current = k;
		return UI_HANDLED;
	}
	if (s->current >= SETUP_KINDS) {
		int p = s->current - SETUP_KINDS;
		setup_panels[p]->click(s->panel[p], ui, row, col);
		return UI_HANDLED;
	}
	setup_list_click(&s->sec[s->current].table, ui, row, col, setup_open_form, s);
	return UI_HANDLED;
}

static void setup_wheel(void *state, struct ui *ui, int n)
{
	struct setup *s = state;
	if (s->current >= SETUP_KINDS) {
		int p = s->current - SETUP_KINDS;
		setup_panels[p]->wheel(s->panel[p], ui, n);
		return;
	}
	table_wheel(&s->sec[s->current].table, ui, n);
}

static const struct ui_help *setup_help_now(void *state)
{
	const struct setup *s = state;
	if (s->current >= SETUP_KINDS)
		return setup_panels[s->current - SETUP_KINDS]->help;
	return setup_help;
}

static bool setup_typing(void *state)
{
	const struct setup *s = state;
	if (s->current >= SETUP_KINDS) {
		int p = s->current - SETUP_KINDS;
		return setup_panels[p]->typing && setup_panels[p]->typing(s->panel[p]);
	}
	return s->sec[s->current].table.searching;
}

const struct screen screen_setup = {
	/* TRANSLATORS: the tab of the company's reference data: regions,
	 * territories, reps, products. */
	.name = N_("Setup"),	    .enter = setup_enter,   .leave = setup_leave,
	.draw = setup_draw,	    .key = setup_key,	    .click = setup_click,
	.typing = setup_typing,
	.wheel = setup_wheel,	    .reload = setup_reload, .help = setup_help,
	.help_now = setup_help_now,
};
