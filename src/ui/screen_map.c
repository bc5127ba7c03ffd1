/* The territory map (tab 2): the territories drawn as a tile grid at their
 * stored places, each cell showing its short name and the current metric's
 * value on a 5-step scale (colours, or shading and bold without them), a
 * legend, a summary line of totals and problems; m cycles the metric, p the
 * period, r limits the map to a region; arrows and hjkl move over the
 * grid's holes; / jumps to a territory; Enter goes into a province (its
 * cities' grid, or a table of them) or opens the panel of a territory; i
 * opens the panel; Backspace goes up. The figures are read once per
 * reload (db/territory) and drawn from memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/money.h"
#include "qudao/reference.h"
#include "qudao/territory.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "screen_territory.h"
#include "table.h"
#include "ui.h"

enum { MAP_CELL_MAX_W = 16, MAP_CELL_MAX_H = 4, MAP_DEPTH = 8 };

/* A row of the table a level without grid places is shown as. */
struct map_row {
	int64_t id; /* the row's index + 1 (table_mem) */
	int node;
};

struct map {
	/* First: the table of a level without grid places has the map for ctx. */
	struct table_mem mem;
	struct tmap m;
	int metric;	       /* terrmap_metric_id */
	int period;	       /* 0-5, terrmap_period() */
	int region;	       /* index into m.regions, -1 for all */
	int64_t parent;	       /* the territory whose cells are shown; 0 for the top */
	int64_t sel;	       /* the selected territory */
	int64_t up[MAP_DEPTH]; /* the selection at each level above, for going back */
	int depth;
	/* The cells of the level, from the map as last read. */
	int *cells;
	int ncells;
	bool grid; /* false: the level is a table */
	struct terrmap_cell *places;
	/* The table of a level without grid places (mem above). */
	struct map_row *rows;
	struct terrmap_scale scale; /* of the last draw, for the table's values */
	struct table table;
	bool table_ready;
	/* The grid as last drawn, for clicks. */
	int gy, gx, cw, ch, min_row, min_col, scroll, grid_rows;
	/* / : finding a territory. */
	bool finding;
	struct form_field find;
	struct ref_item found;
	int nfound;
};

static const struct ui_help map_help[] = {
	{ N_("Arrows, hjkl"), N_("move between territories"), false },
	{ N_("m, M"), N_("next / previous metric"), true },
	{ N_("p, P"), N_("next / previous period"), true },
	{ N_("r"), N_("limit to a region (again: the next; then all)"), true },
	{ N_("Enter"), N_("into a province, or a territory's panel"), true },
	{ N_("i"), N_("the territory's panel"), true },
	{ N_("Backspace"), N_("up a level"), false },
	{ N_("/"), N_("find a territory by code, name or pinyin"), true },
	{ N_("!"),
	  N_("a problem: conflict, orphan, no rep, right of a suspended distributor, 窜货"),
	  false },
	{ NULL, NULL, false },
};

/* ---- the level shown ---- */

static int map_index(const struct map *s, int64_t id)
{
	return id ? db_tmap_find(&s->m, id) : -1;
}

static bool map_has_children(const struct map *s, int node)
{
	for (int i = 0; i < s->m.n; i++)
		if (s->m.nodes[i].parent == node)
			return true;
	return false;
}

static bool map_dimmed(const struct map *s, int node)
{
	return s->region >= 0 && s->m.nodes[node].region_id != s->m.regions[s->region].id;
}

static void map_table_reset(struct map *s, struct ui *ui);

/* The cells of the level from the map: the parent's children, placed on the
 * grid when any has a place (those without are counted in the summary),
 * else all as a table. Keeps the selection when it is still there. */
static void map_level(struct map *s, struct ui *ui)
{
	int parent = map_index(s, s->parent);
	if (s->parent && parent < 0) {
		/* The territory we were in is gone: back to the top. */
		s->parent = 0;
		s->depth = 0;
	}
	free(s->cells);
	free(s->places);
	s->cells = xcalloc((size_t)s->m.n + 1, sizeof *s->cells);
	s->places = xcalloc((size_t)s->m.n + 1, sizeof *s->places);
	s->ncells = 0;
	bool placed = false;
	for (int i = 0; i < s->m.n; i++)
		if (s->m.nodes[i].parent == parent)
			placed |= s->m.nodes[i].grid_row >= 0 && s->m.nodes[i].grid_col >= 0;
	for (int i = 0; i < s->m.n; i++) {
		const struct terrmap_node *t = &s->m.nodes[i];
		if (t->parent != parent || (placed && (t->grid_row < 0 || t->grid_col < 0)))
			continue;
		s->places[s->ncells] =
			(struct terrmap_cell){ t->grid_row, t->grid_col, map_dimmed(s, i) };
		s->cells[s->ncells++] = i;
	}
	s->grid = placed;
	int sel = map_index(s, s->sel);
	bool shown = false;
	for (int i = 0; i < s->ncells; i++)
		shown |= s->cells[i] == sel && !s->places[i].skip;
	if (!shown) {
		s->sel = 0;
		for (int i = 0; i < s->ncells && !s->sel; i++)
			if (!s->places[i].skip)
				s->sel = s->m.nodes[s->cells[i]].id;
	}
	map_table_reset(s, ui);
}

/* Reads the map again for the period; false with a message when it fails. */
static bool map_read(struct map *s, struct ui *ui)
{
	struct tmap fresh;
	qd_rc rc = db_tmap_load(ui_db(ui), terrmap_period(s->period, ui_today(ui)), ui_today(ui),
				&fresh);
	if (rc) {
		db_tmap_free(&fresh);
		ui_db_error(ui, _("Could not read the territory map"));
		return false;
	}
	db_tmap_free(&s->m);
	s->m = fresh;
	if (s->metric == TERRMAP_SCORE && db_tmap_scores(ui_db(ui), &s->m))
		ui_db_error(ui, _("Could not read the scorecards"));
	if (s->region >= s->m.nregions)
		s->region = -1;
	map_level(s, ui);
	return true;
}

/* ---- the table of a level without grid places ---- */

static void map_table_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			   size_t size, enum ui_color *color, attr_t *attr);

static const struct table_source map_table_source = {
	.row_size = sizeof(struct map_row),
	.fetch = table_mem_fetch,
	.id = table_mem_id,
	.cell = map_table_cell,
};

static const struct table_col map_table_cols[] = {
	/* TRANSLATORS: columns of the territory map's table of cities. */
	{ N_("Code"), 10, 0, 2, false, -1 }, { N_("Name"), 0, 8, 0, false, -1 },
	{ N_("Value"), 10, 0, 0, true, -1 }, { N_("Active"), 7, 0, 3, true, -1 },
	{ N_("Sales"), 12, 0, 1, true, -1 }, { N_("Problems"), 0, 10, 4, false, -1 },
};

static void map_table_reset(struct map *s, struct ui *ui)
{
	free(s->rows);
	s->rows = xcalloc((size_t)s->ncells + 1, sizeof *s->rows);
	int sel = 0;
	for (int i = 0; i < s->ncells; i++) {
		s->rows[i] = (struct map_row){ i + 1, s->cells[i] };
		if (s->m.nodes[s->cells[i]].id == s->sel)
			sel = i;
	}
	s->mem = (struct table_mem){ s->rows, s->ncells, sizeof *s->rows };
	if (!s->table_ready) {
		table_init(&s->table, map_table_cols, 6, &map_table_source, s, 16);
		s->table_ready = true;
	}
	table_resize(&s->table, s->ncells);
	table_load(&s->table, ui);
	s->table.sel = sel;
}

/* The metric's value of node, or false when it has none. */
static bool map_value(const struct map *s, struct ui *ui, int node, int64_t *v)
{
	struct terrmap_ctx c = { s->m.period, ui_today(ui) };
	return terrmap_metrics[s->metric].value(&s->m.nodes[node].all, &c, v);
}

/* The problems of a territory in a few words. */
static void map_problem_words(const struct terrmap_node *t, char *buf, size_t size)
{
	const struct terrmap_problems *p = &t->problems;
	size_t used = 0;
	buf[0] = '\0';
	/* TRANSLATORS: short names of the map's problems, listed in its table:
	 * a conflict of exclusive rights, an orphan (no active distributor), no
	 * rep, a right held by a suspended or terminated distributor, 窜货 into
	 * it, 窜货 out of it. */
	const char *words[6] = { _("conflict"),		_("orphan"),  _("no rep"),
				 _("suspended holder"), _("窜货 in"), _("窜货 out") };
	bool on[6] = { p->conflicts > 0,       p->orphan,	    p->no_rep,
		       p->inactive_rights > 0, t->all.cross_in > 0, t->all.cross_out > 0 };
	for (int i = 0; i < 6 && used < size; i++)
		if (on[i])
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
						 words[i]);
}

static void map_table_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf,
			   size_t size, enum ui_color *color, attr_t *attr)
{
	(void)attr;
	struct map *s = ctx;
	const struct map_row *r = row;
	const struct terrmap_node *t = &s->m.nodes[r->node];
	int64_t v;
	char money[MONEY_BUF];
	switch (col) {
	case 0:
		text_copy(buf, size, t->code);
		break;
	case 1:
		text_copy(buf, size, terrmap_name(t, i18n_lang()));
		break;
	case 2:
		if (map_value(s, ui, r->node, &v)) {
			const struct terrmap_metric *m = &terrmap_metrics[s->metric];
			terrmap_value_text(m, v, i18n_lang(), 10, buf);
			if (ui_has_colors())
				*color =
					(enum ui_color)(UI_SCALE_0 + terrmap_step(m, &s->scale, v));
		} else {
			text_copy(buf, size, "—");
		}
		break;
	case 3:
		snprintf(buf, size, "%lld", (long long)t->all.active);
		break;
	case 4:
		text_copy(buf, size, money_format_compact(t->all.sales_fen, i18n_lang(), money));
		break;
	case 5:
		map_problem_words(t, buf, size);
		*color = UI_ERROR;
		break;
	default:
		break;
	}
	if (map_dimmed(s, r->node))
		*color = UI_DIM;
}

/* ---- the screen ---- */

static void *map_enter(struct ui *ui, void *arg)
{
	(void)arg;
	struct map *s = xcalloc(1, sizeof *s);
	s->region = -1;
	s->metric = TERRMAP_SALES;
	s->find.max_chars = 32;
	if (!map_read(s, ui)) {
		db_tmap_free(&s->m);
		free(s);
		return NULL;
	}
	return s;
}

static void map_leave(void *state)
{
	struct map *s = state;
	db_tmap_free(&s->m);
	free(s->cells);
	free(s->places);
	free(s->rows);
	if (s->table_ready)
		table_free(&s->table);
	field_free(&s->find);
	free(s);
}

static void map_reload(void *state, struct ui *ui)
{
	map_read(state, ui);
}

/* ---- drawing ---- */

/* The header: metric · period · where (全国 › 广东省 › 广州市) · region. */
static void map_draw_header(struct map *s, int y, int width)
{
	char path[1200], period[PERIOD_BUF];
	/* TRANSLATORS: the top of the map's path: the whole country. */
	snprintf(path, sizeof path, "%s", _("Nationwide"));
	int chain[MAP_DEPTH + 2], n = 0;
	for (int a = map_index(s, s->parent); a >= 0 && n < MAP_DEPTH; a = s->m.nodes[a].parent)
		chain[n++] = a;
	int sel = map_index(s, s->sel);
	for (int i = n - 1; i >= -1; i--) {
		int node = i >= 0 ? chain[i] : sel;
		if (node < 0)
			continue;
		size_t used = strlen(path);
		snprintf(path + used, sizeof path - used, " › %s",
			 terrmap_name(&s->m.nodes[node], i18n_lang()));
	}
	char line[1600];
	period_format(s->m.period, period);
	/* TRANSLATORS: the map's header: the metric, the period's name and
	 * its dates, the path to the selected territory. */
	snprintf(line, sizeof line, _("%s · %s %s · %s"), _(terrmap_metrics[s->metric].name),
		 _(terrmap_period_name(s->period)), period, path);
	if (s->region >= 0) {
		size_t used = strlen(line);
		/* TRANSLATORS: the region the map is limited to. */
		snprintf(line + used, sizeof line - used, _(" · region %s"),
			 s->m.regions[s->region].name);
	}
	ui_text(y, 0, width, line, ui_attr(UI_TITLE), false);
}

static void map_draw_find(struct map *s, struct ui *ui, int y, int width)
{
	const char *label = _("Find:");
	int lw = text_width(label);
	ui_fill(y, 0, width, A_NORMAL);
	ui_text(y, 0, lw, label, ui_attr(UI_TITLE), false);
	int fw = width / 3 > 12 ? width / 3 : 12;
	field_draw(&s->find, ui, y, lw + 1, fw, true);
	char hint[600];
	int at = s->nfound > 0 ? map_index(s, s->found.id) : -1;
	if (s->nfound > 0)
		snprintf(hint, sizeof hint, _("Enter: %s %s"), s->found.code,
			 at >= 0 ? terrmap_name(&s->m.nodes[at], i18n_lang()) : s->found.name);
	else
		snprintf(hint, sizeof hint, "%s",
			 s->find.len ? _("no territory matches") : _("code, name or pinyin"));
	ui_text(y, lw + fw + 2, width - lw - fw - 2, hint, ui_attr(UI_DIM), false);
}

static const char *const map_shades[5] = { " ", "░", "▒", "▓", "█" };

/* The legend: the five steps, worst to best, with what each holds. */
static void map_draw_legend(struct map *s, int y, int width, const struct terrmap_scale *scale)
{
	const struct terrmap_metric *m = &terrmap_metrics[s->metric];
	char labels[5][48];
	terrmap_legend(m, scale, i18n_lang(), labels);
	int x = 0;
	for (int i = 0; i < 5 && x < width; i++) {
		if (!labels[i][0])
			continue; /* a step the values shown leave unused */
		int lw = text_width(labels[i]);
		if (x + lw + 3 > width)
			break;
		if (ui_has_colors())
			ui_fill(y, x, 2, ui_attr((enum ui_color)(UI_SCALE_0 + i)));
		else
			ui_text(y, x, 2,
				i == 0	 ? "··"
				: i == 1 ? "░░"
				: i == 2 ? "▒▒"
				: i == 3 ? "▓▓"
					 : "██",
				i >= 3 ? A_BOLD : A_NORMAL, false);
		x += 2;
		x += ui_text(y, x + 1, lw, labels[i], A_NORMAL, false) + 2;
	}
	/* TRANSLATORS: the legend's note on the problem mark and cells without a value. */
	const char *note = _("! problem   — no value");
	int nw = text_width(note);
	if (x + nw <= width)
		ui_text(y, width - nw, nw, note, ui_attr(UI_DIM), false);
}

/* One cell at (y, x) of w × h. */
static void map_draw_cell(struct map *s, struct ui *ui, int node, int y, int x, int w, int h,
			  const struct terrmap_scale *scale)
{
	const struct terrmap_node *t = &s->m.nodes[node];
	const struct terrmap_metric *m = &terrmap_metrics[s->metric];
	bool dim = map_dimmed(s, node);
	bool selected = t->id == s->sel;
	int64_t v = 0;
	bool has = !dim && map_value(s, ui, node, &v);
	int step = has ? terrmap_step(m, scale, v) : -1;
	bool mono = !ui_has_colors();
	attr_t a = dim	  ? ui_attr(UI_DIM)
		   : !has ? A_NORMAL
		   : mono ? (step >= 3 ? A_BOLD : A_NORMAL)
			  : ui_attr((enum ui_color)(UI_SCALE_0 + step));
	if (selected)
		a |= A_REVERSE | A_BOLD;
	for (int r = 0; r < h; r++)
		ui_fill(y + r, x, w, a);
	/* Without colour the step is a shading down the cell's left side. */
	int left = 0;
	if (mono && has && w >= 5) {
		for (int r = 0; r < h; r++)
			ui_text(y + r, x, 1, map_shades[step], a, false);
		left = 1;
	}
	bool marked = !dim && terrmap_has_problem(t);
	int inner = w - left - (marked ? 1 : 0);
	int first = h >= 3 ? (h - 2) / 2 : 0;
	const char *name = terrmap_short(t, i18n_lang());
	char value[48];
	if (has)
		terrmap_value_text(m, v, i18n_lang(), w - left, value);
	else
		text_copy(value, sizeof value, dim ? "" : "—");
	int drawn;
	if (h == 1) {
		/* One row: the name, and the value when both fit. */
		char both[128];
		snprintf(both, sizeof both, "%s %s", name, value);
		const char *shown = text_width(both) <= inner ? both : name;
		ui_text(y, x + left, inner, shown, a, false);
		drawn = text_width(shown);
	} else {
		ui_text(y + first, x + left, inner, name, a, false);
		ui_text(y + first + 1, x + left, w - left, value, a, false);
		drawn = text_width(name);
	}
	drawn = drawn < inner ? drawn : inner;
	/* The mark right after the name (a space between when there is room),
	 * never at the cell's edge where it would read as the next cell's. */
	if (marked) {
		int mx = x + left + drawn + (left + drawn + 2 <= w ? 1 : 0);
		if (mx > x + w - 1)
			mx = x + w - 1;
		ui_text(y + first, mx, 1, "!",
			(a & ~A_COLOR) | (mono ? A_BOLD : ui_attr(UI_ERROR) | A_BOLD), false);
	}
}

/* The metric's scale over the cells shown. */
static void map_scale(struct map *s, struct ui *ui, struct terrmap_scale *scale)
{
	int64_t *values = xcalloc((size_t)s->ncells + 1, sizeof *values);
	int n = 0;
	for (int i = 0; i < s->ncells; i++)
		if (!s->places[i].skip && map_value(s, ui, s->cells[i], &values[n]))
			n++;
	struct terrmap_ctx c = { s->m.period, ui_today(ui) };
	terrmap_scale_make(&terrmap_metrics[s->metric], values, n, &c, scale);
	free(values);
}

static void map_draw_grid(struct map *s, struct ui *ui, int y, int height, int width,
			  const struct terrmap_scale *scale)
{
	int min_r = 64, max_r = -1, min_c = 64, max_c = -1;
	for (int i = 0; i < s->ncells; i++) {
		const struct terrmap_cell *p = &s->places[i];
		min_r = p->row < min_r ? p->row : min_r;
		max_r = p->row > max_r ? p->row : max_r;
		min_c = p->col < min_c ? p->col : min_c;
		max_c = p->col > max_c ? p->col : max_c;
	}
	if (max_r < 0)
		return;
	int rows = max_r - min_r + 1, cols = max_c - min_c + 1;
	int cw = width / cols, ch = height / rows;
	cw = cw > MAP_CELL_MAX_W ? MAP_CELL_MAX_W : cw;
	ch = ch > MAP_CELL_MAX_H ? MAP_CELL_MAX_H : ch < 1 ? 1 : ch;
	int gapx = cw >= 6 ? 1 : 0, gapy = ch >= 3 ? 1 : 0;
	int fit = height / ch; /* grid rows that fit */
	/* Too short for every row: scroll to keep the selection in sight. */
	int sel = map_index(s, s->sel);
	int sel_row = sel >= 0 ? s->m.nodes[sel].grid_row - min_r : 0;
	if (sel_row < s->scroll)
		s->scroll = sel_row;
	if (sel_row >= s->scroll + fit)
		s->scroll = sel_row - fit + 1;
	if (s->scroll > rows - fit)
		s->scroll = rows - fit > 0 ? rows - fit : 0;
	int x0 = (width - cols * cw) / 2;
	/* Centred in the space it has. */
	y += (height - (rows < fit ? rows : fit) * ch) / 2;
	s->gy = y;
	s->gx = x0;
	s->cw = cw;
	s->ch = ch;
	s->min_row = min_r;
	s->min_col = min_c;
	s->grid_rows = fit;
	for (int i = 0; i < s->ncells; i++) {
		int r = s->places[i].row - min_r - s->scroll;
		if (r < 0 || r >= fit)
			continue;
		map_draw_cell(s, ui, s->cells[i], y + r * ch, x0 + (s->places[i].col - min_c) * cw,
			      cw - gapx, ch - gapy, scale);
	}
}

/* The totals of what is shown and the problems by kind. */
static void map_draw_summary(struct map *s, struct ui *ui, int y, int lines, int width)
{
	struct terrmap_figures sum = { 0 };
	int orphans = 0, no_rep = 0, conflicts = 0, held = 0, unplaced = 0;
	for (int i = 0; i < s->ncells; i++) {
		if (s->places[i].skip)
			continue;
		const struct terrmap_node *t = &s->m.nodes[s->cells[i]];
		terrmap_add(&sum, &t->all);
		orphans += t->problems.orphan;
		no_rep += t->problems.no_rep;
		conflicts += t->problems.conflicts;
		held += t->problems.inactive_rights;
	}
	int parent = map_index(s, s->parent);
	if (parent >= 0 && s->region < 0) {
		/* Inside a territory: its own figures (distributors of the
		 * province itself) belong to what is shown. */
		terrmap_add(&sum, &s->m.nodes[parent].own);
	}
	/* Every 窜货 sale shipped into what is shown counts once, whoever sold
	 * it (a sale between two shown cells too), as report problems lists
	 * them. */
	int64_t cross = 0;
	for (int k = 0; k < s->m.ncross; k++) {
		int to = s->m.cross[k].to;
		bool shown = parent >= 0 && s->region < 0 && to == parent;
		for (int i = 0; i < s->ncells && !shown; i++)
			shown = !s->places[i].skip &&
				terrmap_within(s->m.nodes, s->m.n, to, s->cells[i]);
		if (shown)
			cross += s->m.cross[k].n;
	}
	for (int i = 0; i < s->m.n; i++)
		unplaced += s->m.nodes[i].parent == parent &&
			    (s->m.nodes[i].grid_row < 0 || s->m.nodes[i].grid_col < 0) && s->grid;
	char m1[MONEY_BUF], m2[MONEY_BUF], cov[32], pct[32];
	struct terrmap_ctx c = { s->m.period, ui_today(ui) };
	int64_t v;
	if (terrmap_metrics[TERRMAP_COVERAGE].value(&sum, &c, &v))
		snprintf(cov, sizeof cov, "%lld%%", (long long)v);
	else
		snprintf(cov, sizeof cov, "—");
	if (terrmap_metrics[TERRMAP_TARGET].value(&sum, &c, &v))
		snprintf(pct, sizeof pct, "%lld%%", (long long)v);
	else
		snprintf(pct, sizeof pct, "—");
	char line[800];
	snprintf(line, sizeof line,
		 /* TRANSLATORS: the map's totals; it must fit 80 columns with
		  * compact money: "Shown: 470 active · sales ¥1.0M of ¥2.7M (37%) ·
		  * coverage 78% · 窜货/乱价 12" (open incidents). */
		 _("Shown: %lld active · sales %s of %s (%s) · coverage %s · 窜货/乱价 %lld"),
		 (long long)sum.active, money_format_compact(sum.sales_fen, i18n_lang(), m1),
		 sum.has_target ? money_format_compact(sum.target_fen, i18n_lang(), m2) : "—", pct,
		 cov, (long long)(sum.open_cross + sum.open_price));
	ui_text(y, 0, width, line, A_NORMAL, false);
	if (lines < 2)
		return;
	snprintf(line, sizeof line,
		 /* TRANSLATORS: the map's problems by kind; it must fit 80
		  * columns: conflicts of exclusive rights, territories without an
		  * active distributor, without a rep, rights held by a suspended or
		  * terminated distributor, 窜货 sales shipped into what is shown. */
		 _("Problems: conflicts %d · orphans %d · no rep %d · held by suspended %d · "
		   "窜货 in %lld"),
		 conflicts, orphans, no_rep, held, (long long)cross);
	if (unplaced) {
		size_t used = strlen(line);
		snprintf(line + used, sizeof line - used, _(" · off the grid %d"), unplaced);
	}
	bool any = conflicts || orphans || no_rep || held || cross;
	ui_text(y + 1, 0, width, line, any ? ui_attr(UI_WARNING) : ui_attr(UI_DIM), false);
	if (lines < 3 || parent < 0)
		return;
	const struct terrmap_figures *own = &s->m.nodes[parent].own;
	snprintf(line, sizeof line,
		 ngettext("In the totals, at %s level (in no cell): %lld distributor, %lld active",
			  "In the totals, at %s level (in no cell): %lld distributors, %lld active",
			  (unsigned long)own->total),
		 terrmap_name(&s->m.nodes[parent], i18n_lang()), (long long)own->total,
		 (long long)own->active);
	ui_text(y + 2, 0, width, line, ui_attr(UI_DIM), false);
}

/* Whether the summary takes a third line: inside a territory that has
 * distributors of its own (in none of the cells, counted in the totals),
 * when the grid leaves the room. */
static bool map_summary_own(const struct map *s, int grid_height)
{
	int parent = map_index(s, s->parent);
	if (parent < 0 || s->region >= 0 || !s->grid || s->m.nodes[parent].own.total <= 0)
		return false;
	int min_r = 64, max_r = -1;
	for (int i = 0; i < s->ncells; i++) {
		min_r = s->places[i].row < min_r ? s->places[i].row : min_r;
		max_r = s->places[i].row > max_r ? s->places[i].row : max_r;
	}
	/* Each grid row wants a line for its names and one for its values. */
	return max_r < 0 || grid_height - 1 >= 2 * (max_r - min_r + 1);
}

static void map_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct map *s = state;
	struct terrmap_scale scale;
	map_scale(s, ui, &scale);
	s->scale = scale;
	/* The header, legend and summary give way to the grid when short. */
	int legend = height >= 14 ? 1 : 0;
	int summary = height >= 16 ? 2 : height >= 11 ? 1 : 0;
	if (s->finding)
		map_draw_find(s, ui, top, width);
	else
		map_draw_header(s, top, width);
	if (legend)
		map_draw_legend(s, top + 1, width, &scale);
	if (summary == 2 && map_summary_own(s, height - 1 - legend - summary))
		summary = 3;
	int gy = top + 1 + legend, gh = height - 1 - legend - summary;
	if (s->ncells == 0) {
		ui_text(gy + 1, 2, width - 4,
			_("No territories here. Press 5 to set up territories."), ui_attr(UI_DIM),
			false);
	} else if (s->grid) {
		map_draw_grid(s, ui, gy, gh, width, &scale);
	} else {
		s->table.focused = true;
		table_draw(&s->table, ui, gy, 0, gh, width);
	}
	if (summary)
		map_draw_summary(s, ui, top + height - summary, summary, width);
}

/* ---- keys ---- */

static void map_select(struct map *s, int node)
{
	if (node >= 0)
		s->sel = s->m.nodes[node].id;
}

static void map_move(struct map *s, struct ui *ui, int drow, int dcol)
{
	if (!s->grid) {
		table_move(&s->table, ui, drow);
		const struct map_row *r = table_selected(&s->table);
		if (r)
			map_select(s, r->node);
		return;
	}
	int from = -1, sel = map_index(s, s->sel);
	for (int i = 0; i < s->ncells; i++)
		if (s->cells[i] == sel)
			from = i;
	if (from < 0)
		return;
	int to = terrmap_grid_move(s->places, s->ncells, from, drow, dcol);
	map_select(s, s->cells[to]);
}

/* The scorecard scores, read when the score metric is shown (they cost a
 * score board, so the other metrics do without). */
static void map_scores(struct map *s, struct ui *ui)
{
	if (s->metric == TERRMAP_SCORE && db_tmap_scores(ui_db(ui), &s->m))
		ui_db_error(ui, _("Could not read the scorecards"));
}

static void map_next_metric(struct map *s, struct ui *ui, int by)
{
	s->metric = (s->metric + by + TERRMAP_METRICS) % TERRMAP_METRICS;
	ui_message(ui, "%s", _(terrmap_metrics[s->metric].name));
	map_scores(s, ui);
}

static void map_next_period(struct map *s, struct ui *ui, int by)
{
	s->period = (s->period + by + TERRMAP_PERIODS) % TERRMAP_PERIODS;
	if (db_tmap_set_period(ui_db(ui), &s->m, terrmap_period(s->period, ui_today(ui))))
		ui_db_error(ui, _("Could not read the territory map"));
	map_scores(s, ui);
}

static void map_next_region(struct map *s, struct ui *ui)
{
	if (s->m.nregions == 0) {
		ui_error(ui, "%s", _("There are no regions to limit the map to."));
		return;
	}
	s->region = s->region + 1 >= s->m.nregions ? -1 : s->region + 1;
	for (int i = 0; i < s->ncells; i++)
		s->places[i].skip = map_dimmed(s, s->cells[i]);
	/* The selection leaves a dimmed cell for the first one in the region. */
	int sel = map_index(s, s->sel);
	if (sel >= 0 && map_dimmed(s, sel)) {
		for (int i = 0; i < s->ncells; i++)
			if (!s->places[i].skip) {
				map_select(s, s->cells[i]);
				break;
			}
	}
	if (s->region < 0)
		ui_message(ui, "%s", _("All regions shown."));
	else
		ui_message(ui, _("Region %s; r again for the next."), s->m.regions[s->region].name);
}

/* Into territory node: its cities' grid or table. */
static void map_go_into(struct map *s, struct ui *ui, int node)
{
	if (s->depth < MAP_DEPTH)
		s->up[s->depth++] = s->sel;
	s->parent = s->m.nodes[node].id;
	s->sel = 0;
	s->scroll = 0;
	map_level(s, ui);
}

static void map_go_up(struct map *s, struct ui *ui)
{
	int parent = map_index(s, s->parent);
	if (parent < 0)
		return;
	int above = s->m.nodes[parent].parent;
	s->parent = above >= 0 ? s->m.nodes[above].id : 0;
	s->sel = s->depth > 0 ? s->up[--s->depth] : s->m.nodes[parent].id;
	s->scroll = 0;
	map_level(s, ui);
}

static void map_open_panel(struct map *s, struct ui *ui)
{
	int sel = map_index(s, s->sel);
	if (sel < 0) {
		ui_error(ui, "%s", _("No territory is selected."));
		return;
	}
	struct territory_panel_arg arg = { s->sel, s->m.period };
	ui_push(ui, &screen_territory, &arg);
}

static void map_activate(struct map *s, struct ui *ui)
{
	int sel = map_index(s, s->sel);
	if (sel < 0)
		return;
	if (map_has_children(s, sel))
		map_go_into(s, ui, sel);
	else
		map_open_panel(s, ui);
}

/* Goes to territory id wherever it lies: its level, selected. */
static void map_jump(struct map *s, struct ui *ui, int64_t id)
{
	int node = map_index(s, id);
	if (node < 0) {
		ui_error(ui, "%s", _("That territory is not on the map (deactivated?)."));
		return;
	}
	if (s->region >= 0 && map_dimmed(s, node))
		s->region = -1;
	int chain[MAP_DEPTH], n = 0;
	for (int a = s->m.nodes[node].parent; a >= 0 && n < MAP_DEPTH; a = s->m.nodes[a].parent)
		chain[n++] = a;
	s->depth = 0;
	for (int i = n - 1; i >= 0; i--)
		s->up[s->depth++] = s->m.nodes[chain[i]].id;
	s->parent = n > 0 ? s->m.nodes[chain[0]].id : 0;
	s->sel = id;
	s->scroll = 0;
	map_level(s, ui);
}

static void map_find_update(struct map *s, struct ui *ui)
{
	s->nfound = s->find.len ? db_ref_territory_search(ui_db(ui), field_value(&s->find),
							  &s->found, 1)
				: 0;
	if (s->nfound < 0) {
		ui_db_error(ui, _("Could not search the territories"));
		s->nfound = 0;
	}
}

static int map_find_key(struct map *s, struct ui *ui, struct ui_key k)
{
	if (ui_key_is(k, UI_KEY_ESC)) {
		s->finding = false;
		return UI_HANDLED;
	}
	if (ui_key_enter(k)) {
		s->finding = false;
		if (s->nfound > 0)
			map_jump(s, ui, s->found.id);
		else
			ui_error(ui, "%s", _("No territory matches."));
		return UI_HANDLED;
	}
	bool edited;
	if (field_edit_key(&s->find, k, &edited)) {
		if (edited)
			map_find_update(s, ui);
		return UI_HANDLED;
	}
	return k.code && k.ch == KEY_F(1) ? UI_UNHANDLED : UI_HANDLED;
}

static int map_key(void *state, struct ui *ui, struct ui_key k)
{
	struct map *s = state;
	if (s->finding)
		return map_find_key(s, ui, k);
	if (ui_key_is_code(k, KEY_UP) || ui_key_is(k, 'k'))
		map_move(s, ui, -1, 0);
	else if (ui_key_is_code(k, KEY_DOWN) || ui_key_is(k, 'j'))
		map_move(s, ui, 1, 0);
	else if (ui_key_is_code(k, KEY_LEFT) || ui_key_is(k, 'h'))
		map_move(s, ui, 0, -1);
	else if (ui_key_is_code(k, KEY_RIGHT) || ui_key_is(k, 'l'))
		map_move(s, ui, 0, 1);
	else if (ui_key_enter(k))
		map_activate(s, ui);
	else if (ui_key_is(k, 'i'))
		map_open_panel(s, ui);
	else if (ui_key_is(k, 'm'))
		map_next_metric(s, ui, 1);
	else if (ui_key_is(k, 'M'))
		map_next_metric(s, ui, -1);
	else if (ui_key_is(k, 'p'))
		map_next_period(s, ui, 1);
	else if (ui_key_is(k, 'P'))
		map_next_period(s, ui, -1);
	else if (ui_key_is(k, 'r'))
		map_next_region(s, ui);
	else if (ui_key_is(k, '/')) {
		s->finding = true;
		form_set(&s->find, "");
		s->nfound = 0;
	} else if (ui_key_is_code(k, KEY_BACKSPACE) || ui_key_is(k, 127) || ui_key_is(k, 8) ||
		   (ui_key_is(k, UI_KEY_ESC) && s->parent))
		map_go_up(s, ui);
	else if (!s->grid && table_key(&s->table, ui, k) != TABLE_NONE)
		map_move(s, ui, 0, 0);
	else if (ui_key_is(k, 'x'))
		/* x exports a table everywhere else: said, not a silent key. */
		ui_message(ui, "%s",
			   _("The map is not exported here: qudao export territory-map -o "
			     "FILE writes its figures, and qudao export territory-problems its "
			     "problems."));
	else
		return UI_UNHANDLED;
	return UI_HANDLED;
}

static int map_click(void *state, struct ui *ui, int row, int col)
{
	struct map *s = state;
	int y = row + 1;
	if (!s->grid) {
		if (table_click(&s->table, ui, y, col) == TABLE_ACTIVATE)
			map_activate(s, ui);
		else
			map_move(s, ui, 0, 0);
		return UI_HANDLED;
	}
	if (s->cw <= 0 || s->ch <= 0 || y < s->gy || col < s->gx)
		return UI_HANDLED;
	int r = (y - s->gy) / s->ch + s->min_row + s->scroll;
	int c = (col - s->gx) / s->cw + s->min_col;
	for (int i = 0; i < s->ncells; i++)
		if (s->places[i].row == r && s->places[i].col == c && !s->places[i].skip) {
			if (s->m.nodes[s->cells[i]].id == s->sel)
				map_activate(s, ui);
			else
				map_select(s, s->cells[i]);
		}
	return UI_HANDLED;
}

const struct screen screen_map = {
	.name = N_("Territory map"),
	/* TRANSLATORS: a tab's short title, used when the full ones do not fit. */
	.short_name = N_("Map"),
	.enter = map_enter,
	.leave = map_leave,
	.draw = map_draw,
	.key = map_key,
	.click = map_click,
	.reload = map_reload,
	.help = map_help,
};
