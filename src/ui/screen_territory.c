/* A territory's panel, over the map: an overview (its figures for the period
 * and every problem found), its distributors (tier, status, sales in the
 * period, last visit, flags; a window at a time), its reps, the exclusive
 * rights that concern it, and the orders sold across its border. Enter
 * opens a distributor's detail, l the distributor list filtered to the
 * territory; g grants an exclusive right, v revokes one, a assigns a rep, m
 * moves a distributor into it, x records a 窜货 incident from a sale, each
 * confirmed and recorded with who and when. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/territory.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "screen_list.h"
#include "screen_territory.h"
#include "table.h"
#include "ui.h"

enum panel_part { PS_OVERVIEW, PS_DISTRIBUTORS, PS_REPS, PS_RIGHTS, PS_CROSS, PS_COUNT };

static const char *const panel_names[PS_COUNT] = {
	/* TRANSLATORS: the sections of a territory's panel, shown as tabs. */
	N_("Overview"), N_("Distributors"), N_("Reps"), N_("Exclusive rights"), N_("窜货 sales"),
};

/* A row of a section held in memory: its id, up to five cells, colour, and
 * what it stands for (a right's index, a sale's index, a distributor). */
enum { PANEL_CELLS = 6 };
struct panel_row {
	int64_t id;
	char *cell[PANEL_CELLS];
	enum ui_color color;
	int ref;	 /* index into the map's rights or the panel's sales; -1 */
	int64_t dist_id; /* a distributor to open; 0 */
};

struct panel_section {
	struct table_mem mem; /* first: the table's ctx */
	struct panel_row *rows;
	int n, cap;
	struct table table;
};

/* A row of the distributors' table: the list's row and its sales. */
struct panel_dist {
	struct dist_row r;
	int64_t sales_fen;
};

struct panel {
	struct territory_panel_arg arg;
	struct tmap m;
	int node;
	struct tpanel p;
	int section;
	int width;
	struct panel_section sec[PS_COUNT];
	struct dist_filter filter;
	struct dist_row *scratch; /* db_dist_page's rows before their sales */
	qd_dist_sort sort;	  /* the distributors', as in the list (s, S) */
	bool desc;
	int tab_x[PS_COUNT + 1], tabs_y;
};

static const struct ui_help panel_help[] = {
	{ N_("Left/Right, Tab"), N_("section"), true },
	{ N_("Enter"), N_("the distributor's detail"), true },
	{ N_("s, S"), N_("sort the distributors, reverse the sort"), false },
	{ N_("l"), N_("the distributor list of this territory"), true },
	{ N_("g"), N_("grant an exclusive right"), true },
	{ N_("v"), N_("revoke the selected right"), false },
	{ N_("a"), N_("assign a rep"), true },
	{ N_("m"), N_("move a distributor here"), true },
	{ N_("x"), N_("record a 窜货 incident from the selected sale"), true },
	{ N_("Esc, Backspace"), N_("back to the map"), true },
	/* TRANSLATORS: a narrow terminal hides columns (‹ › in the header);
	 * these keys show them. */
	{ N_("< >"), N_("columns hidden on a narrow terminal (‹ ›)"), false },
	{ NULL, NULL, false },
};

static const struct table_col cols_overview[] = { { NULL, 0, 10, 0, false, -1 } };
static const struct table_col cols_dists[] = {
	/* TRANSLATORS: columns of a territory panel's sections. */
	{ N_("Code"), 8, 0, 3, false, DIST_SORT_CODE },
	{ N_("Name"), 0, 12, 0, false, DIST_SORT_NAME },
	{ N_("Tier"), 4, 0, 5, false, DIST_SORT_TIER },
	{ N_("Status"), 10, 0, 2, false, DIST_SORT_STATUS }, /* terminated */
	{ N_("Sales"), 11, 0, 0, true, -1 },
	{ N_("Last visit"), 10, 0, 4, false, DIST_SORT_LAST_VISIT },
	{ N_("Flags"), 6, 0, 1, false, -1 },
};
static const struct table_col cols_reps[] = {
	{ N_("Code"), 8, 0, 0, false, -1 },
	{ N_("Name"), 0, 10, 0, false, -1 },
	{ N_("Phone"), 14, 0, 1, false, -1 },
	{ N_("Covers"), 10, 0, 2, false, -1 },
};
static const struct table_col cols_rights[] = {
	{ N_("Category"), 10, 0, 0, false, -1 }, { N_("Holder"), 0, 10, 0, false, -1 },
	{ N_("Territory"), 8, 0, 3, false, -1 }, { N_("From"), 10, 0, 2, false, -1 },
	{ N_("To"), 10, 0, 0, false, -1 },	 { N_("Problem"), 0, 8, 1, false, -1 },
};
static const struct table_col cols_cross[] = {
	{ N_("Shipped"), 10, 0, 0, false, -1 },	    { N_("Order"), 12, 0, 3, false, -1 },
	{ N_("Distributor"), 0, 10, 0, false, -1 }, { N_("Way"), 0, 10, 1, false, -1 },
	{ N_("Amount"), 11, 0, 2, true, -1 },	    { N_("Incident"), 9, 0, 4, false, -1 },
};

static const struct {
	const struct table_col *cols;
	int n;
} panel_cols[PS_COUNT] = {
	{ cols_overview, 1 }, { cols_dists, 7 }, { cols_reps, 4 },
	{ cols_rights, 6 },   { cols_cross, 6 },
};

/* ---- rows in memory ---- */

static void panel_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
		       enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	(void)attr;
	const struct panel_row *r = row;
	text_copy(buf, size, col < PANEL_CELLS && r->cell[col] ? r->cell[col] : "");
	*color = r->color;
}

static const struct table_source panel_mem_source = {
	.row_size = sizeof(struct panel_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.cell = panel_cell,
};

static void section_clear(struct panel_section *sec)
{
	for (int i = 0; i < sec->n; i++)
		for (int c = 0; c < PANEL_CELLS; c++)
			free(sec->rows[i].cell[c]);
	sec->n = 0;
}

/* Adds a row; cells after the first NULL are empty. */
static struct panel_row *section_add(struct panel_section *sec, enum ui_color color,
				     const char *const cells[PANEL_CELLS])
{
	if (sec->n == sec->cap) {
		sec->cap = sec->cap ? sec->cap * 2 : 16;
		sec->rows = xrealloc(sec->rows, (size_t)sec->cap * sizeof *sec->rows);
	}
	struct panel_row *r = &sec->rows[sec->n];
	memset(r, 0, sizeof *r);
	r->id = ++sec->n;
	bool ended = false;
	for (int c = 0; c < PANEL_CELLS; c++) {
		ended |= cells[c] == NULL;
		r->cell[c] = ended ? NULL : xstrdup(cells[c]);
	}
	r->color = color;
	r->ref = -1;
	return r;
}

static void overview_add(struct panel *s, enum ui_color color, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An overview line, wrapped to the width. */
static void overview_add(struct panel *s, enum ui_color color, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	char **lines;
	int n = text_wrap(text, s->width > 10 ? s->width : 10, &lines);
	for (int i = 0; i < n; i++) {
		const char *cells[PANEL_CELLS] = { lines[i], NULL };
		section_add(&s->sec[PS_OVERVIEW], color, cells);
		free(lines[i]);
	}
	free(lines);
	free(text);
}

static const char *panel_place(const struct panel *s, int node)
{
	return node >= 0 ? s->m.nodes[node].code : "—";
}

static void overview_figures(struct panel *s, struct ui *ui)
{
	const struct terrmap_node *t = &s->m.nodes[s->node];
	const struct terrmap_figures *f = &t->all;
	struct terrmap_ctx c = { s->m.period, ui_today(ui) };
	char period[PERIOD_BUF], m1[MONEY_BUF], m2[MONEY_BUF];
	int64_t v;
	const char *region = "—";
	for (int i = 0; i < s->m.nregions; i++)
		if (s->m.regions[i].id == t->region_id)
			region = s->m.regions[i].name;
	overview_add(s, UI_TITLE, _("%s (%s) · %s · region %s · period %s"),
		     terrmap_name(t, i18n_lang()), t->code,
		     _(label_of(&labels_level, labels_level.codes[t->level])), region,
		     period_format(s->m.period, period));
	overview_add(s, UI_NORMAL,
		     ngettext("%lld active distributor of %lld", "%lld active distributors of %lld",
			      (unsigned long)f->active),
		     (long long)f->active, (long long)f->total);
	if (terrmap_metrics[TERRMAP_TARGET].value(f, &c, &v))
		overview_add(s, UI_NORMAL, _("Sales %s: %s of target %s (%lld%%)"), period,
			     money_format(f->sales_fen, m1), money_format(f->target_fen, m2),
			     (long long)v);
	else
		overview_add(s, UI_NORMAL, _("Sales %s: %s, no target set"), period,
			     money_format(f->sales_fen, m1));
	int64_t due = terrmap_visits_due(f->visit_rate, s->m.period, ui_today(ui));
	overview_add(s, UI_NORMAL,
		     _("Visits %s: %lld done of %lld due by each distributor's frequency, %lld "
		       "missed; %lld distributors overdue for a visit now"),
		     period, (long long)f->visits_done, (long long)due, (long long)f->visits_missed,
		     (long long)f->visits_overdue);
	overview_add(s, f->overdue_fen > 0 ? UI_ERROR : UI_NORMAL,
		     ngettext("Overdue receivables: %s owed by %lld distributor with a payment "
			      "overdue",
			      "Overdue receivables: %s owed by %lld distributors with a payment "
			      "overdue",
			      (unsigned long)f->accounts_overdue),
		     money_format(f->overdue_fen, m1), (long long)f->accounts_overdue);
	overview_add(s, f->open_cross + f->open_price ? UI_WARNING : UI_NORMAL,
		     _("Open incidents: %lld 窜货, %lld 乱价"), (long long)f->open_cross,
		     (long long)f->open_price);
	overview_add(s, f->cross_in ? UI_ERROR : UI_NORMAL,
		     _("窜货 sales %s: %lld shipped into it from outside, %lld shipped out of it"),
		     period, (long long)f->cross_in, (long long)f->cross_out);
}

static void overview_problems(struct panel *s, struct ui *ui)
{
	const struct terrmap_node *t = &s->m.nodes[s->node];
	int found = 0;
	char a[DATE_BUF], b[DATE_BUF], c[DATE_BUF], d[DATE_BUF];
	for (int i = 0; i < s->m.nrights; i++)
		for (int j = i + 1; j < s->m.nrights; j++) {
			const struct terrmap_right *x = &s->m.rights[i], *y = &s->m.rights[j];
			if (!terrmap_rights_conflict(s->m.nodes, s->m.n, x, y, ui_today(ui)) ||
			    !terrmap_conflict_touches(s->m.nodes, s->m.n, x, y, s->node))
				continue;
			overview_add(
				s, UI_ERROR,
				_("Conflict: %s (%s) holds %s in %s from %s to %s, and %s (%s) "
				  "in %s from %s to %s"),
				x->holder_name, x->holder_code, x->category,
				panel_place(s, x->territory), date_format(x->start, a),
				date_format(x->end, b), y->holder_name, y->holder_code,
				panel_place(s, y->territory), date_format(y->start, c),
				date_format(y->end, d));
			found++;
		}
	for (int i = 0; i < s->m.nrights; i++) {
		const struct terrmap_right *x = &s->m.rights[i];
		if (!terrmap_right_applies(s->m.nodes, s->m.n, x, s->node) ||
		    !terrmap_right_held_by_inactive(x, ui_today(ui)))
			continue;
		overview_add(s, UI_ERROR, _("%s (%s), %s, holds %s in %s until %s"), x->holder_name,
			     x->holder_code, _(lifecycle_status_label(x->holder_status)),
			     x->category, panel_place(s, x->territory), date_format(x->end, a));
		found++;
	}
	if (t->problems.orphan) {
		overview_add(s, UI_ERROR, "%s", _("Orphan: no active distributor in it."));
		found++;
	}
	if (t->problems.no_rep) {
		overview_add(s, UI_ERROR, "%s", _("No active rep covers it."));
		found++;
	}
	if (t->all.cross_in) {
		overview_add(s, UI_ERROR,
			     ngettext("%lld order shipped into it by a distributor of another "
				      "territory: see 窜货 sales.",
				      "%lld orders shipped into it by distributors of other "
				      "territories: see 窜货 sales.",
				      (unsigned long)t->all.cross_in),
			     (long long)t->all.cross_in);
		found++;
	}
	if (t->all.cross_out) {
		overview_add(
			s, UI_ERROR,
			ngettext("%lld order shipped by its distributors outside it: see 窜货 "
				 "sales.",
				 "%lld orders shipped by its distributors outside it: see 窜货 "
				 "sales.",
				 (unsigned long)t->all.cross_out),
			(long long)t->all.cross_out);
		found++;
	}
	if (!found)
		overview_add(s, UI_GOOD, "%s", _("No problems found."));
}

static void rows_reps(struct panel *s)
{
	struct panel_section *sec = &s->sec[PS_REPS];
	for (int i = 0; i < s->p.nreps; i++) {
		const struct tpanel_rep *r = &s->p.reps[i];
		const char *cells[PANEL_CELLS] = { r->code, r->name, r->phone, r->through, NULL };
		section_add(sec, r->active ? UI_NORMAL : UI_DIM, cells);
	}
}

static void rows_rights(struct panel *s, struct ui *ui)
{
	struct panel_section *sec = &s->sec[PS_RIGHTS];
	char from[DATE_BUF], to[DATE_BUF], holder[900];
	for (int i = 0; i < s->m.nrights; i++) {
		const struct terrmap_right *x = &s->m.rights[i];
		if (!terrmap_right_applies(s->m.nodes, s->m.n, x, s->node))
			continue;
		int conflicts = 0;
		for (int j = 0; j < s->m.nrights; j++)
			conflicts +=
				j != i && terrmap_rights_conflict(s->m.nodes, s->m.n, x,
								  &s->m.rights[j], ui_today(ui));
		const char *problem = "";
		enum ui_color color = UI_NORMAL;
		if (conflicts) {
			/* TRANSLATORS: a right of the panel's list that conflicts with another. */
			problem = _("conflict");
			color = UI_ERROR;
		} else if (terrmap_right_held_by_inactive(x, ui_today(ui))) {
			problem = _(lifecycle_status_label(x->holder_status));
			color = UI_ERROR;
		} else if (date_cmp(x->end, ui_today(ui)) < 0) {
			/* TRANSLATORS: a right whose end date has passed. */
			problem = _("ended");
			color = UI_DIM;
		}
		snprintf(holder, sizeof holder, "%s %s", x->holder_code, x->holder_name);
		const char *cells[PANEL_CELLS] = { x->category,
						   holder,
						   panel_place(s, x->territory),
						   date_format(x->start, from),
						   date_format(x->end, to),
						   problem };
		struct panel_row *r = section_add(sec, color, cells);
		r->ref = i;
		r->dist_id = x->distributor_id;
	}
}

static void rows_cross(struct panel *s)
{
	struct panel_section *sec = &s->sec[PS_CROSS];
	char day[DATE_BUF], money[MONEY_BUF], who[900], way[200];
	for (int i = 0; i < s->p.nshipments; i++) {
		const struct terrmap_shipment *x = &s->p.shipments[i];
		snprintf(who, sizeof who, "%s %s", x->distributor_code, x->distributor_name);
		/* TRANSLATORS: where a 窜货 sale went: "into GD-GZ from ZJ". */
		snprintf(way, sizeof way,
			 s->p.into[i] ? _("into %s from %s") : _("out of %s to %s"),
			 s->p.into[i] ? x->to_code : x->from_code,
			 s->p.into[i] ? x->from_code : x->to_code);
		const char *cells[PANEL_CELLS] = {
			date_format(x->ship_date, day), x->order_no, who, way,
			money_format(x->total_fen, money),
			/* TRANSLATORS: a 窜货 sale for which an incident is recorded. */
			x->incident_id ? _("recorded") : ""
		};
		struct panel_row *r = section_add(sec, s->p.into[i] ? UI_ERROR : UI_WARNING, cells);
		r->ref = i;
		r->dist_id = x->distributor_id;
	}
	if (s->p.more > 0) {
		char more[160];
		snprintf(more, sizeof more,
			 ngettext("and %lld more: choose a shorter period",
				  "and %lld more: choose a shorter period",
				  (unsigned long)s->p.more),
			 (long long)s->p.more);
		const char *cells[PANEL_CELLS] = { "", "", more, NULL };
		section_add(sec, UI_DIM, cells);
	}
}

/* ---- the distributors, a window at a time ---- */

static int panel_dist_fetch(void *ctx, struct ui *ui, const void *after, bool backward, void *out,
			    int max)
{
	struct panel *s = ctx;
	s->scratch = xrealloc(s->scratch, (size_t)(max > 0 ? max : 1) * sizeof *s->scratch);
	int n = db_dist_page(ui_db(ui), &s->filter, s->sort, s->desc,
			     after ? &((const struct panel_dist *)after)->r : NULL, backward,
			     ui_today(ui), s->scratch, max);
	if (n < 0) {
		ui_db_error(ui, _("Could not read the distributors"));
		return -1;
	}
	int64_t ids[64], sales[64];
	struct panel_dist *rows = out;
	for (int i = 0; i < n; i += 64) {
		int k = n - i < 64 ? n - i : 64;
		for (int j = 0; j < k; j++)
			ids[j] = s->scratch[i + j].id;
		if (db_tmap_dist_sales(ui_db(ui), ids, k, s->m.period, sales)) {
			ui_db_error(ui, _("Could not read the distributors"));
			return -1;
		}
		for (int j = 0; j < k; j++) {
			rows[i + j].r = s->scratch[i + j];
			rows[i + j].sales_fen = sales[j];
		}
	}
	return n;
}

static int64_t panel_dist_id(const void *row)
{
	return ((const struct panel_dist *)row)->r.id;
}

static int64_t panel_dist_count(void *ctx, struct ui *ui, bool *exact)
{
	(void)ui;
	struct panel *s = ctx;
	*exact = true;
	return s->m.nodes[s->node].all.total;
}

static void panel_dist_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			    size_t size, enum ui_color *color, attr_t *attr)
{
	(void)attr;
	struct panel *s = ctx;
	const struct panel_dist *d = row;
	char money[MONEY_BUF];
	switch (col) {
	case 0:
		text_copy(buf, size, d->r.code);
		break;
	case 1:
		text_copy(buf, size, d->r.name);
		break;
	case 2:
		snprintf(buf, size, " %c", d->r.tier);
		break;
	case 3:
		text_copy(buf, size, _(lifecycle_status_label(d->r.status)));
		if (d->r.status != STATUS_ACTIVE)
			*color = UI_DIM;
		break;
	case 4:
		text_copy(buf, size, money_format(d->sales_fen, money));
		break;
	case 5:
		/* TRANSLATORS: no visit was ever done. */
		text_copy(buf, size, d->r.last_visit[0] ? d->r.last_visit : _("never"));
		if (strlen(buf) > 10)
			buf[10] = '\0';
		if (d->r.visit_overdue)
			*color = UI_ERROR;
		break;
	case 6:
		screen_list_flags(&d->r, s->sec[PS_DISTRIBUTORS].table.col_cells[6], buf, size,
				  color);
		break;
	default:
		break;
	}
	(void)ui;
}

static void panel_dist_sort(void *ctx, int sort, bool desc)
{
	struct panel *s = ctx;
	s->sort = (qd_dist_sort)sort;
	s->desc = desc;
}

static const struct table_source panel_dist_source = {
	.row_size = sizeof(struct panel_dist),
	.fetch = panel_dist_fetch,
	.id = panel_dist_id,
	.count = panel_dist_count,
	.cell = panel_dist_cell,
	.sort = panel_dist_sort,
};

/* ---- reading ---- */

static void panel_rows(struct panel *s, struct ui *ui)
{
	for (int i = 0; i < PS_COUNT; i++)
		if (i != PS_DISTRIBUTORS)
			section_clear(&s->sec[i]);
	overview_figures(s, ui);
	overview_problems(s, ui);
	rows_reps(s);
	rows_rights(s, ui);
	rows_cross(s);
	for (int i = 0; i < PS_COUNT; i++) {
		if (i == PS_DISTRIBUTORS)
			continue;
		struct panel_section *sec = &s->sec[i];
		sec->mem = (struct table_mem){ sec->rows, sec->n, sizeof *sec->rows };
		table_resize(&sec->table, sec->n);
		table_reload(&sec->table, ui);
	}
}

/* Reads the map and the panel again; 0, or -1 with a message shown. */
static int panel_read(struct panel *s, struct ui *ui)
{
	struct tmap m;
	struct tpanel p;
	if (db_tmap_load(ui_db(ui), s->arg.period, ui_today(ui), &m)) {
		db_tmap_free(&m);
		ui_db_error(ui, _("Could not read the territory"));
		return -1;
	}
	int node = db_tmap_find(&m, s->arg.territory_id);
	if (node < 0) {
		db_tmap_free(&m);
		ui_error(ui, "%s", _("That territory is not on the map (deactivated?)."));
		return -1;
	}
	if (db_tpanel_load(ui_db(ui), &m, node, &p)) {
		db_tmap_free(&m);
		db_tpanel_free(&p);
		ui_db_error(ui, _("Could not read the territory"));
		return -1;
	}
	db_tmap_free(&s->m);
	db_tpanel_free(&s->p);
	s->m = m;
	s->p = p;
	s->node = node;
	panel_rows(s, ui);
	table_reload(&s->sec[PS_DISTRIBUTORS].table, ui);
	return 0;
}

static void panel_leave(void *state)
{
	struct panel *s = state;
	for (int i = 0; i < PS_COUNT; i++) {
		section_clear(&s->sec[i]);
		free(s->sec[i].rows);
		table_free(&s->sec[i].table);
	}
	db_tmap_free(&s->m);
	db_tpanel_free(&s->p);
	free(s->scratch);
	free(s);
}

static void *panel_enter(struct ui *ui, void *arg)
{
	struct panel *s = xcalloc(1, sizeof *s);
	s->arg = *(const struct territory_panel_arg *)arg;
	s->width = COLS - 2;
	s->filter.territory_id = s->arg.territory_id;
	s->sort = DIST_SORT_NAME;
	for (int i = 0; i < PS_COUNT; i++) {
		if (i == PS_DISTRIBUTORS)
			table_init(&s->sec[i].table, panel_cols[i].cols, panel_cols[i].n,
				   &panel_dist_source, s, 200);
		else
			table_init(&s->sec[i].table, panel_cols[i].cols, panel_cols[i].n,
				   &panel_mem_source, &s->sec[i], 3);
		s->sec[i].table.header = i != PS_OVERVIEW;
		s->sec[i].table.focused = i != PS_OVERVIEW;
	}
	s->sec[PS_DISTRIBUTORS].table.sort = DIST_SORT_NAME;
	/* panel_read loads the distributors' window too. */
	if (panel_read(s, ui)) {
		panel_leave(s);
		return NULL;
	}
	return s;
}

static void panel_reload(void *state, struct ui *ui)
{
	panel_read(state, ui);
}

/* ---- drawing ---- */

static void panel_draw_tabs(struct panel *s, int y, int width)
{
	char label[PS_COUNT][128];
	const char *labels[PS_COUNT];
	attr_t attrs[PS_COUNT];
	for (int i = 0; i < PS_COUNT; i++) {
		int n = i == PS_DISTRIBUTORS ? (int)s->m.nodes[s->node].all.total : s->sec[i].n;
		if (i == PS_OVERVIEW || n == 0)
			snprintf(label[i], sizeof label[i], " %s ", _(panel_names[i]));
		else
			snprintf(label[i], sizeof label[i], " %s %d ", _(panel_names[i]), n);
		labels[i] = label[i];
		attrs[i] = i == s->section ? ui_attr(UI_TAB) : n ? A_NORMAL : ui_attr(UI_DIM);
	}
	s->tabs_y = y;
	_Static_assert((int)PS_COUNT <= (int)UI_TAB_BAR_MAX, "more tabs than ui_tab_bar takes");
	ui_tab_bar(y, width, labels, attrs, PS_COUNT, s->section, s->tab_x);
}

static void panel_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct panel *s = state;
	if (width - 2 != s->width) {
		s->width = width - 2;
		panel_rows(s, ui);
	}
	const struct terrmap_node *t = &s->m.nodes[s->node];
	struct panel_section *sec = &s->sec[s->section];
	if (sec->table.n > 0)
		table_draw(&sec->table, ui, top + 2, 1, height - 2, width - 2);
	/* The title line by cells: the row position at the right when the
	 * table scrolls (it is dropped when it leaves the name no room), the
	 * title in what is left, shortened as terrmap_panel_title says. */
	char pos[48] = "";
	if (sec->table.n > sec->table.visible)
		table_position(&sec->table, pos, sizeof pos);
	int pos_cells = pos[0] ? text_width(pos) : 0;
	if (pos_cells && width - 2 - pos_cells - 2 < 8)
		pos_cells = 0;
	int title_cells = width - 2 - (pos_cells ? pos_cells + 2 : 0);
	char period[PERIOD_BUF];
	char *title = terrmap_panel_title(terrmap_name(t, i18n_lang()), t->code,
					  period_format(s->m.period, period), title_cells);
	ui_text(top, 1, title_cells, title, ui_attr(UI_TITLE) | A_BOLD, false);
	free(title);
	if (pos_cells)
		ui_text(top, width - pos_cells - 1, pos_cells, pos, ui_attr(UI_DIM), true);
	panel_draw_tabs(s, top + 1, width);
	if (sec->table.n == 0)
		ui_text(top + 3, 2, width - 4, _("Nothing here."), ui_attr(UI_DIM), false);
}

/* ---- keys ---- */

static void panel_open_detail(struct panel *s, struct ui *ui)
{
	struct table *t = &s->sec[s->section].table;
	int64_t id = 0;
	if (s->section == PS_DISTRIBUTORS) {
		const struct panel_dist *d = table_selected(t);
		id = d ? d->r.id : 0;
	} else if (s->section != PS_OVERVIEW && s->section != PS_REPS) {
		const struct panel_row *r = table_selected(t);
		id = r ? r->dist_id : 0;
	}
	if (id)
		ui_push(ui, &screen_detail, &id);
}

static void panel_action(struct panel *s, struct ui *ui, enum map_action_kind kind)
{
	struct map_action_arg arg = { kind, s->arg.territory_id };
	ui_push(ui, &screen_map_action, &arg);
}

/* The right or sale of the selected row of a section, or NULL with a
 * message. */
static const struct panel_row *panel_selected(struct panel *s, struct ui *ui, int section,
					      const char *what)
{
	if (s->section != section) {
		s->section = section;
		ui_message(ui, "%s", what);
		return NULL;
	}
	const struct panel_row *r = table_selected(&s->sec[section].table);
	if (!r || r->ref < 0) {
		ui_error(ui, "%s", what);
		return NULL;
	}
	return r;
}

static void panel_revoke_yes(struct ui *ui, void *arg)
{
	struct panel *s = arg;
	const struct panel_row *r = table_selected(&s->sec[PS_RIGHTS].table);
	if (!r || r->ref < 0 || r->ref >= s->m.nrights)
		return;
	if (!ui_can_write(ui))
		return;
	bool begun = date_cmp(s->m.rights[r->ref].start, ui_today(ui)) < 0;
	if (db_tmap_revoke(ui_db(ui), s->m.rights[r->ref].id, ui_today(ui), ui_user(ui))) {
		ui_db_error(ui, _("Not revoked"));
		return;
	}
	ui_message(ui, "%s",
		   begun ? _("Revoked; it ended yesterday.") : _("Revoked; it had not begun."));
	panel_read(s, ui);
}

static void panel_revoke(struct panel *s, struct ui *ui)
{
	const struct panel_row *r =
		panel_selected(s, ui, PS_RIGHTS, _("Select the right to revoke, then press v."));
	if (!r)
		return;
	const struct terrmap_right *x = &s->m.rights[r->ref];
	char q[1200], day[DATE_BUF];
	if (date_cmp(x->start, ui_today(ui)) >= 0)
		snprintf(q, sizeof q,
			 _("Revoke %s's exclusive right to %s in %s? It has not begun, so it is "
			   "removed. (y/n)"),
			 x->holder_code, x->category, panel_place(s, x->territory));
	else
		snprintf(q, sizeof q,
			 _("Revoke %s's exclusive right to %s in %s as of today (it ends %s)? "
			   "(y/n)"),
			 x->holder_code, x->category, panel_place(s, x->territory),
			 date_format(date_add_days(ui_today(ui), -1), day));
	ui_confirm(ui, q, panel_revoke_yes, s);
}

static void panel_record_yes(struct ui *ui, void *arg)
{
	struct panel *s = arg;
	const struct panel_row *r = table_selected(&s->sec[PS_CROSS].table);
	if (!r || r->ref < 0 || r->ref >= s->p.nshipments || !ui_can_write(ui))
		return;
	const struct terrmap_shipment *x = &s->p.shipments[r->ref];
	char code[40];
	text_copy(code, sizeof code, x->distributor_code);
	if (db_tmap_record_cross(ui_db(ui), x->order_id, ui_user(ui), NULL)) {
		ui_db_error(ui, _("Not recorded"));
		return;
	}
	ui_message(ui, _("Incident recorded against %s; it shows on its detail."), code);
	panel_read(s, ui);
}

static void panel_record(struct panel *s, struct ui *ui)
{
	const struct panel_row *r =
		panel_selected(s, ui, PS_CROSS, _("Select the 窜货 sale, then press x."));
	if (!r)
		return;
	const struct terrmap_shipment *x = &s->p.shipments[r->ref];
	if (x->incident_id) {
		ui_error(ui, _("An incident is recorded for order %s already."), x->order_no);
		return;
	}
	char q[1200];
	snprintf(q, sizeof q,
		 _("Record a 窜货 incident against %s %s for order %s, with its evidence? (y/n)"),
		 x->distributor_code, x->distributor_name, x->order_no);
	ui_confirm(ui, q, panel_record_yes, s);
}

static int panel_key(void *state, struct ui *ui, struct ui_key k)
{
	struct panel *s = state;
	if (ui_key_is_code(k, KEY_RIGHT) || ui_key_is(k, '\t')) {
		s->section = (s->section + 1) % PS_COUNT;
		return UI_HANDLED;
	}
	if (ui_key_is_code(k, KEY_LEFT) || ui_key_is_code(k, KEY_BTAB)) {
		s->section = (s->section + PS_COUNT - 1) % PS_COUNT;
		return UI_HANDLED;
	}
	/* g grants here, not "first row" (Home is). */
	if (ui_key_is(k, 'g')) {
		panel_action(s, ui, MAP_ACTION_GRANT);
		return UI_HANDLED;
	}
	struct table *t = &s->sec[s->section].table;
	switch (table_key(t, ui, k)) {
	case TABLE_ACTIVATE:
		panel_open_detail(s, ui);
		return UI_HANDLED;
	case TABLE_HANDLED:
		return UI_HANDLED;
	default:
		break;
	}
	if (ui_key_is_code(k, KEY_BACKSPACE) || ui_key_is(k, 127) || ui_key_is(k, 8) ||
	    ui_key_is(k, UI_KEY_ESC)) {
		ui_pop(ui, false);
		return UI_HANDLED;
	}
	switch (k.code ? 0 : k.ch) {
	case 'l': {
		const struct terrmap_node *n = &s->m.nodes[s->node];
		screen_list_open_territory(ui, n->id, n->code, terrmap_name(n, i18n_lang()));
		return UI_HANDLED;
	}
	case 'a':
		panel_action(s, ui, MAP_ACTION_ASSIGN);
		return UI_HANDLED;
	case 'm':
		panel_action(s, ui, MAP_ACTION_MOVE);
		return UI_HANDLED;
	case 'v':
		if (ui_can_write(ui))
			panel_revoke(s, ui);
		return UI_HANDLED;
	case 'x':
		if (ui_can_write(ui))
			panel_record(s, ui);
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static int panel_click(void *state, struct ui *ui, int row, int col)
{
	struct panel *s = state;
	if (row + 1 == s->tabs_y) {
		for (int i = 0; i < PS_COUNT; i++)
			if (col >= s->tab_x[i] && col < s->tab_x[i + 1])
				s->section = i;
		return UI_HANDLED;
	}
	if (table_click(&s->sec[s->section].table, ui, row + 1, col) == TABLE_ACTIVATE)
		panel_open_detail(s, ui);
	return UI_HANDLED;
}

static void panel_wheel(void *state, struct ui *ui, int n)
{
	struct panel *s = state;
	table_wheel(&s->sec[s->section].table, ui, n);
}

const struct screen screen_territory = {
	.name = N_("Territory"),
	.enter = panel_enter,
	.leave = panel_leave,
	.draw = panel_draw,
	.key = panel_key,
	.click = panel_click,
	.wheel = panel_wheel,
	.reload = panel_reload,
	.help = panel_help,
};
