/* The Sync tab: this device and its peers, the conflicts sync found (open
 * first), both versions of one side by side with the fields that differ
 * marked, and the keys that settle it — keep mine, keep theirs, edit —
 * plus writing and reading bundle files without leaving the program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/date.h"
#include "qudao/i18n.h"
#include "qudao/money.h"
#include "qudao/sync.h"
#include "qudao/text.h"
#include "qudao/validate.h"
#include "qudao/xalloc.h"
#include "table.h"
#include "ui.h"

/* ---- the tab ----------------------------------------------------------------- */

struct sync_row {
	int64_t id; /* the conflict's id, first: the table keeps rows by it */
	struct sync_conflict c;
};

struct sync_screen {
	struct sync_row *rows;
	int n;
	bool all;
	struct sync_device me;
	struct sync_peer *peers;
	int npeers;
	int64_t unsent, open;
	struct table table;
};

enum { SC_STATE, SC_WHAT, SC_DIST, SC_TABLE, SC_FROM, SC_WHEN, SC_COUNT };
static const struct table_col sync_cols[SC_COUNT] = {
	/* TRANSLATORS: column headers of the sync conflicts list; keep them short. */
	[SC_STATE] = { N_("State"), 10, 0, 0, false, -1 },
	[SC_WHAT] = { N_("What"), 0, 16, 0, false, -1 },
	/* Which distributor and which kind of record it is about stay longest
	 * (two conflicts of one distributor, an order and an amount due, read
	 * the same without the kind); who sent it goes first. */
	[SC_DIST] = { N_("Distributor"), 0, 12, 0, false, -1 },
	/* Both widen, where the terminal has room, to show "order SO-9001"
	 * and "总部 Head office" whole (they were cut beside a wide What). */
	[SC_TABLE] = { N_("Record"), 12, 28, 3, false, -1 },
	[SC_FROM] = { N_("Sent by"), 14, 28, 1, false, -1 },
	[SC_WHEN] = { N_("When"), 16, 0, 2, false, -1 },
};

static const struct ui_help sync_help[] = {
	{ N_("Enter"), N_("both versions"), true },
	{ N_("a"), N_("all / open"), true },
	{ N_("o"), N_("all reviewed: keep what won"), false },
	{ N_("w"), N_("write a bundle"), true },
	{ N_("r"), N_("read a bundle"), true },
	{ N_("Up/Down, PgUp/PgDn"), N_("move"), false },
	/* TRANSLATORS: a narrow terminal hides columns (‹ › in the header);
	 * these keys show them. */
	{ N_("Left/Right, < >"), N_("columns hidden on a narrow terminal (‹ ›)"), false },
	{ NULL, NULL, false },
};

/* What the user calls each kind of record. */

static const char *sync_state_label(const struct sync_conflict *c)
{
	if (!c->open)
		return _("settled");
	return sync_conflict_pending(c->kind) ? _("waiting") : _("to review");
}

static void sync_free_rows(struct sync_screen *s)
{
	for (int i = 0; i < s->n; i++)
		sync_conflict_clear(&s->rows[i].c);
	free(s->rows);
	s->rows = NULL;
	s->n = 0;
}

static void sync_read(struct sync_screen *s, struct ui *ui)
{
	qd_db *db = ui_db(ui);
	sync_free_rows(s);
	free(s->peers);
	s->peers = NULL;
	s->npeers = 0;
	struct sync_conflict *c = NULL;
	int n = 0;
	if (db_sync_device(db, &s->me) || db_sync_counts(db, &s->unsent, &s->open) ||
	    db_sync_peers(db, &s->peers, &s->npeers) || db_sync_conflicts(db, !s->all, &c, &n)) {
		ui_db_error(ui, _("Could not read the sync status"));
		n = 0;
	}
	s->rows = xcalloc((size_t)(n ? n : 1), sizeof *s->rows);
	for (int i = 0; i < n; i++) {
		s->rows[i].id = c[i].id;
		s->rows[i].c = c[i];
	}
	free(c);
	s->n = n;
	table_resize(&s->table, n > 0 ? n : 1);
}

static int sync_fetch(void *ctx, struct ui *ui, const void *after, bool backward, void *out,
		      int max)
{
	struct sync_screen *s = ctx;
	(void)ui;
	int from, to;
	if (!after) {
		from = backward && s->n > max ? s->n - max : 0;
		to = backward || s->n < max ? s->n : max;
	} else {
		int64_t id = ((const struct sync_row *)after)->id;
		int at = -1;
		for (int i = 0; i < s->n; i++)
			if (s->rows[i].id == id)
				at = i;
		if (at < 0)
			return 0;
		from = backward ? (at > max ? at - max : 0) : at + 1;
		to = backward ? at : (s->n - from > max ? from + max : s->n);
	}
	if (to <= from)
		return 0;
	memcpy(out, s->rows + from, (size_t)(to - from) * sizeof *s->rows);
	return to - from;
}

static int64_t sync_row_id(const void *row)
{
	return ((const struct sync_row *)row)->id;
}

static int sync_find(void *ctx, struct ui *ui, int64_t id, void *out)
{
	struct sync_screen *s = ctx;
	(void)ui;
	for (int i = 0; i < s->n; i++)
		if (s->rows[i].id == id) {
			memcpy(out, &s->rows[i], sizeof s->rows[i]);
			return 1;
		}
	return 0;
}

static int64_t sync_count(void *ctx, struct ui *ui, bool *exact)
{
	(void)ui;
	*exact = true;
	return ((struct sync_screen *)ctx)->n;
}

static void sync_cell(void *ctx, struct ui *ui, const void *row, int col, char *buf, size_t size,
		      enum ui_color *color, attr_t *attr)
{
	(void)ctx;
	(void)ui;
	(void)attr;
	const struct sync_conflict *c = &((const struct sync_row *)row)->c;
	switch (col) {
	case SC_STATE:
		text_copy(buf, size, sync_state_label(c));
		if (c->open)
			*color = sync_conflict_pending(c->kind) ? UI_ERROR : UI_WARNING;
		else
			*color = UI_DIM;
		break;
	case SC_WHAT:
		text_copy(buf, size, sync_conflict_label(c));
		break;
	case SC_DIST:
		text_copy(buf, size, c->distributor);
		break;
	case SC_TABLE:
		/* The kind, and the number that tells two of a distributor apart. */
		if (c->number[0])
			snprintf(buf, size, "%s %s", _(sync_table_label(c->table)), c->number);
		else
			text_copy(buf, size, _(sync_table_label(c->table)));
		break;
	case SC_FROM:
		text_copy(buf, size, c->theirs_device[0] ? c->theirs_device : c->theirs_by);
		break;
	case SC_WHEN:
		date_stamp_shown(c->theirs_at, buf, size);
		break;
	default:
		buf[0] = '\0';
	}
}

static const struct table_source sync_source = {
	.row_size = sizeof(struct sync_row),
	.fetch = sync_fetch,
	.id = sync_row_id,
	.find = sync_find,
	.count = sync_count,
	.cell = sync_cell,
};

static void *sync_enter(struct ui *ui, void *arg)
{
	(void)arg;
	struct sync_screen *s = xcalloc(1, sizeof *s);
	table_init(&s->table, sync_cols, SC_COUNT, &sync_source, s, 64);
	s->table.header = true;
	s->table.focused = true;
	sync_read(s, ui);
	table_load(&s->table, ui);
	return s;
}

static void sync_leave(void *state)
{
	struct sync_screen *s = state;
	table_free(&s->table);
	sync_free_rows(s);
	free(s->peers);
	free(s);
}

static void sync_reload(void *state, struct ui *ui)
{
	struct sync_screen *s = state;
	sync_read(s, ui);
	table_reload(&s->table, ui);
}

static void sync_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct sync_screen *s = state;
	char line[512], hex[17];
	int y = top;
	if (!s->me.id) {
		ui_text(y, 1, width - 2, _("This database has no device identity yet."),
			ui_attr(UI_WARNING), false);
		return;
	}
	db_sync_device_id_text(s->me.id, hex);
	if (s->me.rep_id)
		snprintf(line, sizeof line, _("This device: %s · %s · rep %s %s"), s->me.name, hex,
			 s->me.rep_code, s->me.rep_name);
	else
		snprintf(line, sizeof line, _("This device: %s · %s"), s->me.name, hex);
	ui_text(y++, 1, width - 2, line, ui_attr(UI_TITLE), false);
	snprintf(line, sizeof line, _("Unsent changes: %lld · Open conflicts: %lld"),
		 (long long)s->unsent, (long long)s->open);
	ui_text(y++, 1, width - 2, line, s->open ? ui_attr(UI_WARNING) : ui_attr(UI_NORMAL), false);
	/* The peers, one line each while they fit in a third of the screen. */
	int peer_rows = height / 3 - 2;
	if (s->npeers == 0) {
		y += ui_text_wrapped(y, 1, width - 2, 3,
				     _("No peers yet: the head office provisions a rep's database "
				       "(qudao sync provision); w writes a bundle, r reads one."),
				     ui_attr(UI_DIM));
	}
	for (int i = 0; i < s->npeers && i < peer_rows; i++) {
		char ex[32] = "-", im[32] = "-";
		if (s->peers[i].last_export_at[0])
			date_stamp_shown(s->peers[i].last_export_at, ex, sizeof ex);
		if (s->peers[i].last_import_at[0])
			date_stamp_shown(s->peers[i].last_import_at, im, sizeof im);
		/* What waits for it first: a narrow terminal cuts the dates; a
		 * long name is cut first, so the count stays. */
		const char *name = s->peers[i].name;
		/* The rep's code once: a provisioned laptop's name holds it
		 * already ("冯建华 (R0001)"). */
		const char *code = s->peers[i].rep_code;
		char who[256], held[64];
		snprintf(held, sizeof held, "(%s)", code);
		bool twice = !*code || strstr(name, held);
		snprintf(who, sizeof who, "%s%s%s", name, twice ? "" : " ", twice ? "" : code);
		snprintf(line, sizeof line, _("%s · unsent %lld · sent %s · received %s"), who,
			 (long long)s->peers[i].unsent, ex, im);
		int over = text_width(line) - (width - 4), keep = text_width(who) - over;
		if (over > 0 && keep < text_width(who)) {
			char *cut = text_fit(who, keep > 8 ? keep : 8);
			snprintf(line, sizeof line, _("%s · unsent %lld · sent %s · received %s"),
				 cut, (long long)s->peers[i].unsent, ex, im);
			free(cut);
		}
		ui_text(y++, 3, width - 4, line, ui_attr(UI_NORMAL), false);
	}
	y++;
	snprintf(line, sizeof line, "%s", s->all ? _("All conflicts") : _("Open conflicts"));
	ui_text(y++, 1, width - 2, line, ui_attr(UI_TITLE) | A_BOLD, false);
	int left = top + height - y;
	if (s->n == 0) {
		ui_text_wrapped(y, 3, width - 4, top + height - y,
				s->all ? _("No conflicts.")
				       : _("No open conflicts. a shows the settled ones too."),
				ui_attr(UI_DIM));
		return;
	}
	if (left > 1)
		table_draw(&s->table, ui, y, 0, left, width);
}

/* ---- both versions side by side ------------------------------------------------ */

struct conflict_view {
	int64_t id;
	struct sync_conflict c;
	int top;  /* first field shown */
	int rows; /* fields shown at the last draw */
};

/* What the user calls a column. */
static const char *sync_field_label(const char *col)
{
	static const char *const names[][2] = {
		{ "code", N_("Code") },
		{ "name", N_("Name") },
		{ "type", N_("Type") },
		{ "tier", N_("Tier") },
		{ "status", N_("Status") },
		{ "contact", N_("Contact") },
		{ "phone", N_("Phone") },
		{ "address", N_("Address") },
		{ "territory_id", N_("Territory") },
		{ "owner_rep_id", N_("Owner") },
		{ "credit_limit_fen", N_("Credit limit") },
		{ "agreement_start", N_("Agreement from") },
		{ "agreement_end", N_("Agreement to") },
		{ "visit_every_days", N_("Visit every (days)") },
		{ "notes", N_("Notes") },
		{ "created_at", N_("Created") },
		{ "updated_at", N_("Changed") },
		{ "distributor_id", N_("Distributor") },
		{ "version", N_("Version") },
		{ "order_no", N_("Order number") },
		{ "order_id", N_("Order") },
		{ "order_date", N_("Order date") },
		{ "ship_date", N_("Ship date") },
		{ "ship_territory_id", N_("Shipped to") },
		{ "total_fen", N_("Total") },
		{ "amount_fen", N_("Amount") },
		{ "product_id", N_("Product") },
		{ "quantity", N_("Quantity") },
		{ "unit_price_fen", N_("Unit price") },
		{ "shelf_price_fen", N_("Shelf price") },
		{ "invoice_no", N_("Invoice") },
		{ "due_date", N_("Due date") },
		{ "paid_on", N_("Paid on") },
		{ "reference", N_("Reference") },
		{ "rep_id", N_("Rep") },
		{ "visit_id", N_("Visit") },
		{ "planned_at", N_("Planned for") },
		{ "purpose", N_("Purpose") },
		{ "objective_kind", N_("Objective") },
		{ "objective_fen", N_("Objective amount") },
		{ "objective", N_("Objective details") },
		{ "objective_met", N_("Objective met") },
		{ "summary", N_("Summary") },
		{ "display_score", N_("Display score") },
		{ "coaching_note", N_("Coaching note") },
		{ "coached_by", N_("Coached by") },
		{ "done_at", N_("Done at") },
		{ "recorded_by", N_("Recorded by") },
		{ "reason", N_("Reason") },
		{ "prep_notes", N_("Preparation notes") },
		{ "competitor_notes", N_("Competitors") },
		{ "occurred_on", N_("Occurred on") },
		{ "kind", N_("Kind") },
		{ "severity", N_("Severity") },
		{ "description", N_("Description") },
		{ "resolution", N_("Resolution") },
		{ "resolved_on", N_("Resolved on") },
		{ "period", N_("Period") },
		{ "category", N_("Category") },
		{ "start_date", N_("From") },
		{ "end_date", N_("To") },
		{ "from_status", N_("From status") },
		{ "to_status", N_("To status") },
		{ "changed_at", N_("Changed at") },
		{ "changed_by", N_("Changed by") },
		{ "note", N_("Note") },
		{ "training_id", N_("Training") },
		{ "attendee", N_("Attendee") },
		{ "moved_on", N_("Moved on") },
		{ "from_territory_id", N_("From territory") },
		{ "to_territory_id", N_("To territory") },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], col))
			return _(names[i][1]);
	return col;
}

static const struct ui_help conflict_help[] = {
	{ N_("m"), N_("keep mine"), true },
	{ N_("t"), N_("keep theirs"), true },
	{ N_("e"), N_("edit theirs"), true },
	{ N_("Esc"), N_("back"), true },
	{ N_("Enter"), N_("both versions whole"), false },
	{ N_("Up/Down, PgUp/PgDn"), N_("scroll"), false },
	{ NULL, NULL, false },
};

/* Without e where theirs has nothing to edit (a status move, a deletion),
 * and without the choices once it is settled. */
static const struct ui_help conflict_help_no_edit[] = {
	{ N_("m"), N_("keep mine"), true },
	{ N_("t"), N_("keep theirs"), true },
	{ N_("Esc"), N_("back"), true },
	{ N_("Enter"), N_("both versions whole"), false },
	{ N_("Up/Down, PgUp/PgDn"), N_("scroll"), false },
	{ NULL, NULL, false },
};
/* Theirs is a deletion: t takes it. */
static const struct ui_help conflict_help_deletion[] = {
	{ N_("m"), N_("keep mine"), true },
	{ N_("t"), N_("take the deletion"), true },
	{ N_("Esc"), N_("back"), true },
	{ N_("Enter"), N_("both versions whole"), false },
	{ N_("Up/Down, PgUp/PgDn"), N_("scroll"), false },
	{ NULL, NULL, false },
};
static const struct ui_help conflict_help_settled[] = {
	{ N_("Esc"), N_("back"), true },
	{ N_("Enter"), N_("both versions whole"), true },
	{ N_("Up/Down, PgUp/PgDn"), N_("scroll"), false },
	{ NULL, NULL, false },
};

/* A row they changed and this side deleted: only the other side has it
 * whole, so only m (keep it deleted) can be done here. */
static const struct ui_help conflict_help_mine_only[] = {
	{ N_("m"), N_("keep it deleted"), true },
	{ N_("Esc"), N_("back"), true },
	{ N_("Enter"), N_("both versions whole"), false },
	{ N_("Up/Down, PgUp/PgDn"), N_("scroll"), false },
	{ NULL, NULL, false },
};

/* Whether theirs can be taken or edited here. */
static bool conflict_theirs_here(const struct sync_conflict *c)
{
	return !(c->kind == SYNC_MISSING && strcmp(c->op, "insert"));
}

static const struct ui_help *conflict_help_now(void *state)
{
	const struct sync_conflict *c = &((struct conflict_view *)state)->c;
	if (!c->open)
		return conflict_help_settled;
	if (!conflict_theirs_here(c))
		return conflict_help_mine_only;
	/* Theirs is a deletion: nothing of it to edit. */
	if (c->kind == SYNC_DELETED)
		return conflict_help_deletion;
	for (int i = 0; i < c->nfields; i++)
		if (c->fields[i].theirs && !c->fields[i].fixed && strcmp(c->fields[i].name, "id"))
			return conflict_help;
	return conflict_help_no_edit;
}

static void *conflict_enter(struct ui *ui, void *arg)
{
	struct conflict_view *v = xcalloc(1, sizeof *v);
	v->id = *(const int64_t *)arg;
	if (db_sync_conflict_get(ui_db(ui), v->id, &v->c)) {
		ui_db_error(ui, _("Could not read the conflict"));
		free(v);
		return NULL;
	}
	return v;
}

static void conflict_leave(void *state)
{
	struct conflict_view *v = state;
	sync_conflict_clear(&v->c);
	free(v);
}

static void conflict_reload(void *state, struct ui *ui)
{
	struct conflict_view *v = state;
	struct sync_conflict c;
	if (db_sync_conflict_get(ui_db(ui), v->id, &c) == DB_OK) {
		sync_conflict_clear(&v->c);
		v->c = c;
	}
}

/* Which record, for a title: its number and its distributor (a
 * distributor's code and name), else its key. */
static void conflict_who(const struct sync_conflict *c, char *buf, size_t size)
{
	if (!strcmp(c->table, "distributors") || !c->number[0])
		text_copy(buf, size,
			  c->distributor[0] ? c->distributor
			  : c->number[0]    ? c->number
					    : c->key);
	else if (c->distributor[0])
		/* TRANSLATORS: a record's number · its distributor ("SO-88 · GD-0001
		 * 深圳…"). */
		snprintf(buf, size, _("%s · %s"), c->number, c->distributor);
	else
		text_copy(buf, size, c->number);
}

/* What each choice does for this kind, in words. */
static const char *conflict_advice(const struct sync_conflict *c)
{
	if (!c->open)
		return NULL;
	switch (c->kind) {
	case SYNC_OVERWRITTEN:
		return _("Theirs was saved later and is what this database holds now. m puts yours "
			 "back (on every device), t keeps theirs.");
	case SYNC_KEPT:
		return _("Yours was saved later and stayed. t takes theirs instead (on every "
			 "device), m keeps yours.");
	case SYNC_UNIQUE:
		/* (m refused: records of theirs wait with it.) */
		if (c->refuse_mine[0])
			return _("Theirs was not applied: it would break a rule here. e edits "
				 "theirs (give it another code or number) and applies it, with the "
				 "records waiting with it.");
		return _("Theirs was not applied: it would break a rule here. e edits theirs (give "
			 "it another code or number) and applies it; m discards theirs on every "
			 "device.");
	case SYNC_RULE:
		/* (Either way theirs waits and this database holds yours.) */
		if (c->mine_refused)
			return _("Their status change was not applied; yours, made after it, is "
				 "one the rules do not allow after theirs. m keeps yours, t applies "
				 "theirs.");
		return _("Their status change was not applied: the rules do not allow it after "
			 "yours. m keeps yours, t applies theirs anyway.");
	case SYNC_DELETED:
		if (c->by_decision)
			return _("A decision made on another device deletes this record; it was "
				 "kept here, for the reason above. m keeps it (sent back whole), t "
				 "takes the deletion.");
		return _("They deleted this record; it was changed here, so it stays until you "
			 "decide. m keeps it (on every device), t deletes it.");
	case SYNC_MISSING:
		if (!strcmp(c->op, "insert"))
			return _(
				"Theirs is new, and the record it belongs to is not here. It waits "
				"until that record comes back; t then takes it in.");
		return _("They changed a record that is not in this database (deleted here, or "
			 "never arrived). m keeps it deleted on every device.");
	case SYNC_HELD:
		return _("This change waits for another conflict; settle that one.");
	}
	return NULL;
}

static void conflict_draw(void *state, struct ui *ui, int top, int height, int width)
{
	(void)ui;
	struct conflict_view *v = state;
	const struct sync_conflict *c = &v->c;
	char line[600], when[32], mine_when[32] = "";
	int y = top;
	/* What happened first: on a narrow screen it is what the reader must
	 * see, before the record's name. */
	char who[400];
	conflict_who(c, who, sizeof who);
	/* TRANSLATORS: a conflict's title: what happened · the kind of record
	 * and which one ("theirs was later and replaced mine · distributor
	 * JS-0001 …"). */
	snprintf(line, sizeof line, _("%s · %s %s"), sync_conflict_label(c),
		 _(sync_table_label(c->table)), who);
	/* A title too long for the row takes two where the screen has room
	 * for them and three fields (a long name and what happened), rather
	 * than losing its end; the second row ends in … when even two are
	 * not enough. */
	enum { TITLE_TWO_ROWS = 14 };
	char **title = NULL;
	int ntitle = height >= TITLE_TWO_ROWS && text_width(line) > width - 2
			     ? text_wrap(line, width - 2, &title)
			     : 0;
	size_t first = ntitle > 1 ? strlen(title[0]) : 0;
	if (ntitle > 1 && !strncmp(line, title[0], first)) {
		ui_text(y++, 1, width - 2, title[0], ui_attr(UI_TITLE) | A_BOLD, false);
		ui_text(y++, 1, width - 2, line + first + strspn(line + first, " "),
			ui_attr(UI_TITLE) | A_BOLD, false);
	} else {
		ui_text(y++, 1, width - 2, line, ui_attr(UI_TITLE) | A_BOLD, false);
	}
	for (int i = 0; i < ntitle; i++)
		free(title[i]);
	free(title);
	date_stamp_shown(c->theirs_at, when, sizeof when);
	if (c->mine_at[0])
		date_stamp_shown(c->mine_at, mine_when, sizeof mine_when);
	/* The same minute: the seconds say which was later (a time zone moves
	 * neither). */
	if (mine_when[0] && !strcmp(when, mine_when) && strlen(c->theirs_at) >= 23 &&
	    strlen(c->mine_at) >= 23) {
		size_t n = strlen(when);
		snprintf(when + n, sizeof when - n, ":%.6s", c->theirs_at + 17);
		snprintf(mine_when + n, sizeof mine_when - n, ":%.6s", c->mine_at + 17);
	}
	/* Mine: the device it was made on, when known (it may have come
	 * here from another). */
	char mine[200];
	if (mine_when[0] && c->mine_device[0])
		snprintf(mine, sizeof mine, _("%s, %s"), c->mine_device, mine_when);
	else if (c->kind == SYNC_MISSING && !mine_when[0] && !strcmp(c->op, "insert"))
		text_copy(mine, sizeof mine, _("not here"));
	else if (c->kind == SYNC_MISSING && !mine_when[0])
		text_copy(mine, sizeof mine, _("deleted here"));
	else if (c->kind == SYNC_DELETED && !mine_when[0] && c->by_decision)
		text_copy(mine, sizeof mine, _("kept here"));
	else if (c->kind == SYNC_DELETED && !mine_when[0])
		text_copy(mine, sizeof mine, _("changed here"));
	else
		text_copy(mine, sizeof mine, mine_when[0] ? mine_when : _("(unchanged here)"));
	/* Who, when known, then the device it came from. */
	char from[200];
	if (c->theirs_by[0] && strcmp(c->theirs_by, c->theirs_device))
		/* TRANSLATORS: who made a change, then the device it came from. */
		snprintf(from, sizeof from, _("%s, %s"), c->theirs_by,
			 c->theirs_device[0] ? c->theirs_device : "—");
	else
		text_copy(from, sizeof from, c->theirs_device[0] ? c->theirs_device : "—");
	/* Beside a record here with the same code, "mine" is not a version
	 * of this one: no time of mine is given. */
	if (c->mine_is_clash)
		snprintf(line, sizeof line, _("Theirs: %s, %s"), from, when);
	else
		snprintf(line, sizeof line, _("Theirs: %s, %s · Mine: %s"), from, when, mine);
	ui_text(y++, 1, width - 2, line, ui_attr(UI_NORMAL), false);
	if (c->detail[0])
		ui_text(y++, 1, width - 2, c->detail, ui_attr(UI_DIM), false);
	if (!c->open) {
		char done[32] = "";
		if (c->resolved_at[0])
			date_stamp_shown(c->resolved_at, done, sizeof done);
		/* How it was settled, in words. */
		const char *how = !strcmp(c->resolution, "mine")	? _("mine kept")
				  : !strcmp(c->resolution, "theirs")	? _("theirs kept")
				  : !strcmp(c->resolution, "edited")	? _("theirs as edited")
				  : !strcmp(c->resolution, "elsewhere") ? _("on another device")
									: c->resolution;
		snprintf(line, sizeof line, _("Settled (%s) by %s, %s."), how,
			 c->resolved_by[0] ? c->resolved_by : "—", done);
		ui_text(y++, 1, width - 2, line, ui_attr(UI_GOOD), false);
	}
	y++;
	/* The two versions, a field a row; * marks a field changed on both
	 * sides, colour every field that differs. */
	int lw = 0;
	for (int i = 0; i < c->nfields; i++) {
		int w = text_width(sync_field_label(c->fields[i].name));
		lw = w > lw ? w : lw;
	}
	lw = lw + 2 > width / 4 ? width / 4 : lw + 2;
	int vw = (width - lw - 5) / 2;
	if (vw < 4)
		vw = 4;
	ui_text(y, 1, lw, _("Field"), ui_attr(UI_TITLE), false);
	int header_y = y;
	/* Their new record against the one here that holds its code. */
	ui_text(y, lw + 3, vw, c->mine_is_clash ? _("Here, with this code") : _("Mine"),
		ui_attr(UI_TITLE), false);
	ui_text(y, lw + 4 + vw, vw, _("Theirs"), ui_attr(UI_TITLE), false);
	y++;
	const char *advice = conflict_advice(c);
	char **lines = NULL;
	int nwrapped = advice ? text_wrap(advice, width - 2, &lines) : 0;
	int nlines = nwrapped > 3 ? 3 : nwrapped;
	/* On a small terminal the fields come first: the advice gives way
	 * until three of them show (the keys stay in the bar and in ?). */
	while (nlines > 0 && top + height - y - (nlines + 1) < 3)
		nlines--;
	int foot = nlines ? nlines + 1 : 0;
	int avail = top + height - y - foot;
	v->rows = avail;
	if (v->top > c->nfields - avail)
		v->top = c->nfields - avail > 0 ? c->nfields - avail : 0;
	/* More fields than rows: which show, at the header's end. */
	if (avail > 0 && c->nfields > avail) {
		char pos[64];
		int last = v->top + avail < c->nfields ? v->top + avail : c->nfields;
		/* TRANSLATORS: the fields shown of a conflict's: "fields 1-10 of
		 * 15". */
		snprintf(pos, sizeof pos, _("fields %d–%d of %d"), v->top + 1, last, c->nfields);
		/* Only past the headers: on a narrow screen they come first. */
		int pw = text_width(pos);
		int after = lw + 4 + vw + text_width(_("Theirs")) + 1;
		if (width - 1 - pw >= after)
			ui_text(header_y, width - 1 - pw, pw, pos, ui_attr(UI_DIM), false);
	}
	for (int i = v->top; i < c->nfields && y < top + height - foot; i++, y++) {
		const struct sync_field *f = &c->fields[i];
		attr_t a = f->contested ? ui_attr(UI_ERROR) | A_BOLD
			   : f->differs ? ui_attr(UI_WARNING)
					: ui_attr(UI_NORMAL);
		ui_text(y, 0, 1, f->contested ? "*" : " ", a, false);
		ui_text(y, 1, lw, sync_field_label(f->name), a, false);
		const char *mine = f->mine_shown ? f->mine_shown : f->mine;
		const char *theirs = f->theirs_shown ? f->theirs_shown : f->theirs;
		/* Deleted here: no version of mine. */
		if (c->kind == SYNC_MISSING)
			mine = NULL;
		ui_text(y, lw + 3, vw,
			mine						      ? mine
			: c->kind == SYNC_MISSING && !strcmp(c->op, "insert") ? _("(not here)")
			: c->kind == SYNC_MISSING			      ? _("(deleted)")
									      : _("(none)"),
			mine ? a : ui_attr(UI_DIM), false);
		/* A deletion has no version of theirs: it is gone there (what
		 * it held before may be stored with it). */
		if (c->kind == SYNC_DELETED || !strcmp(c->op, "delete"))
			theirs = NULL;
		ui_text(y, lw + 4 + vw, vw,
			theirs						      ? theirs
			: c->kind == SYNC_DELETED || !strcmp(c->op, "delete") ? _("(deleted)")
									      : _("(unchanged)"),
			theirs ? a : ui_attr(UI_DIM), false);
	}
	for (int i = 0; i < nlines; i++)
		ui_text(top + height - nlines + i, 1, width - 2, lines[i], ui_attr(UI_DIM), false);
	for (int i = 0; i < nwrapped; i++)
		free(lines[i]);
	free(lines);
}

static void conflict_settle(struct ui *ui, struct conflict_view *v, enum sync_choice choice)
{
	qd_rc rc = db_sync_resolve(ui_db(ui), v->id, choice, 0, NULL, NULL);
	if (rc == DB_INVALID) {
		ui_error(ui, "%s", db_errmsg(ui_db(ui)));
		return;
	}
	if (rc) {
		ui_db_error(ui, _("Not settled"));
		return;
	}
	ui_pop(ui, true);
	ui_message(ui, "%s", _("Settled; the decision goes with the next bundle."));
}

static void conflict_mine(struct ui *ui, void *arg)
{
	conflict_settle(ui, arg, SYNC_KEEP_MINE);
}

static void conflict_theirs(struct ui *ui, void *arg)
{
	conflict_settle(ui, arg, SYNC_KEEP_THEIRS);
}

extern const struct screen screen_sync_edit;

/* Both versions of every field, whole and wrapped (a long note is cut in
 * the columns): "Notes · mine", "Notes · theirs", and so on. */
static void conflict_whole(struct conflict_view *v, struct ui *ui)
{
	const struct sync_conflict *c = &v->c;
	const char **labels = xcalloc((size_t)c->nfields * 2 + 2, sizeof *labels);
	const char **texts = xcalloc((size_t)c->nfields * 2 + 2, sizeof *texts);
	char **owned = xcalloc((size_t)c->nfields * 2 + 2, sizeof *owned);
	int n = 0;
	/* Why it waits, first: cut on the conflict's screen when long. */
	if (c->detail[0]) {
		owned[n] = xstrdup(_("Why"));
		labels[n] = owned[n];
		texts[n++] = c->detail;
	}
	const char *mine_word = c->mine_is_clash ? _("here") : _("mine");
	for (int i = 0; i < c->nfields; i++) {
		const struct sync_field *f = &c->fields[i];
		const char *mine = f->mine_shown ? f->mine_shown : f->mine;
		const char *theirs = f->theirs_shown ? f->theirs_shown : f->theirs;
		/* TRANSLATORS: a field and whose version of it: "Notes · mine". */
		owned[n] = xasprintf(_("%s · %s"), sync_field_label(f->name), mine_word);
		labels[n] = owned[n];
		texts[n++] = mine ? mine : "";
		if (!theirs)
			continue;
		owned[n] = xasprintf(_("%s · %s"), sync_field_label(f->name), _("theirs"));
		labels[n] = owned[n];
		texts[n++] = theirs;
	}
	char title[500], who[400];
	conflict_who(c, who, sizeof who);
	snprintf(title, sizeof title, _("%s %s · both versions whole"),
		 _(sync_table_label(c->table)), who);
	struct row_view_req req = {
		.title = title, .n = n, .labels = labels, .texts = texts
	};
	ui_push(ui, &screen_row_view, &req);
	for (int i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
	free(labels);
	free(texts);
}

static int conflict_key(void *state, struct ui *ui, struct ui_key k)
{
	struct conflict_view *v = state;
	if (ui_key_is(k, UI_KEY_ESC) || ui_key_is_code(k, KEY_LEFT)) {
		ui_pop(ui, false);
		return UI_HANDLED;
	}
	if (ui_key_is_code(k, KEY_DOWN) || ui_key_is(k, 'j')) {
		if (v->top + v->rows < v->c.nfields)
			v->top++;
		return UI_HANDLED;
	}
	if (ui_key_is_code(k, KEY_UP) || ui_key_is(k, 'k')) {
		if (v->top > 0)
			v->top--;
		return UI_HANDLED;
	}
	/* A page, or to either end (drawing keeps the last page full). */
	int page = v->rows > 1 ? v->rows - 1 : 1;
	int by = ui_key_is_code(k, KEY_NPAGE) || ui_key_is(k, ' ')  ? page
		 : ui_key_is_code(k, KEY_PPAGE)			    ? -page
		 : ui_key_is_code(k, KEY_HOME) || ui_key_is(k, 'g') ? -v->c.nfields
		 : ui_key_is_code(k, KEY_END) || ui_key_is(k, 'G')  ? v->c.nfields
								    : 0;
	if (by) {
		v->top += by;
		if (v->top > v->c.nfields - v->rows)
			v->top = v->c.nfields - v->rows;
		if (v->top < 0)
			v->top = 0;
		return UI_HANDLED;
	}
	if (ui_key_enter(k)) {
		conflict_whole(v, ui);
		return UI_HANDLED;
	}
	bool m = ui_key_is(k, 'm'), t = ui_key_is(k, 't'), e = ui_key_is(k, 'e');
	if (!m && !t && !e)
		return UI_UNHANDLED;
	if (!v->c.open) {
		ui_error(ui, "%s", _("This conflict is already settled."));
		return UI_HANDLED;
	}
	if (v->c.kind == SYNC_HELD) {
		ui_error(ui, "%s", _("This change waits for another conflict; settle that one."));
		return UI_HANDLED;
	}
	/* Deleted here and changed there: only the other side has the row
	 * whole; said at once, not after a question or a form. */
	if (e && v->c.kind == SYNC_DELETED) {
		ui_error(ui, "%s",
			 _("Theirs is a deletion, with nothing to edit: t accepts it, m keeps this "
			   "record."));
		return UI_HANDLED;
	}
	if ((t || e) && !conflict_theirs_here(&v->c)) {
		ui_error(ui, "%s",
			 _("Only the other side has this row whole: m keeps it deleted here, or "
			   "decide on that device."));
		return UI_HANDLED;
	}
	if (!ui_can_write(ui))
		return UI_HANDLED;
	if (e) {
		ui_push(ui, &screen_sync_edit, &v->c);
		return UI_HANDLED;
	}
	/* Theirs as it is cannot go in while a record here holds its code:
	 * said at once, not after a question. */
	if (t && v->c.mine_is_clash) {
		ui_error(ui, "%s",
			 _("Theirs cannot go in as it is: a record here has its code or number. "
			   "e edits theirs (another one), m discards theirs on every device."));
		return UI_HANDLED;
	}
	/* Refused for what would go with it: said at once, not after y. */
	if ((m && v->c.refuse_mine[0]) || (t && v->c.refuse_theirs[0])) {
		ui_error(ui, "%s", m ? v->c.refuse_mine : v->c.refuse_theirs);
		return UI_HANDLED;
	}
	/* Their new record not wanted is deleted everywhere (as settling it
	 * does for every kind but a forbidden move): said before y. */
	if (m && sync_conflict_discards(&v->c))
		ui_confirm(ui,
			   _("Keep yours? Their new record is then deleted on every device, the "
			     "one it was made on too, with the next bundles. (y/n)"),
			   conflict_mine, v);
	else if (m)
		ui_confirm(ui,
			   _("Keep yours? It goes to every device with the next bundles. (y/n)"),
			   conflict_mine, v);
	else if (!strcmp(v->c.op, "delete")) {
		/* Which record, by its number; and, where each side kept its
		 * own, theirs coming back. */
		char *what = xasprintf("%s%s%s", _(sync_table_label(v->c.table)),
				       v->c.number[0] ? " " : "", v->c.number);
		char *q =
			v->c.restores[0]
				? xasprintf(
					  _("Take their deletion (%s)? Yours is deleted here and "
					    "theirs, %s, discarded here earlier, comes back in its "
					    "place; the decision goes to every device with the "
					    "next bundles. (y/n)"),
					  what, v->c.restores)
				: xasprintf(
					  _("Take their deletion (%s)? The record is deleted here, "
					    "and the decision goes to every device with the next "
					    "bundles. (y/n)"),
					  what);
		ui_confirm(ui, q, conflict_theirs, v);
		free(q);
		free(what);
	} else {
		ui_confirm(ui,
			   _("Keep theirs? It goes to every device with the next bundles. (y/n)"),
			   conflict_theirs, v);
	}
	return UI_HANDLED;
}

static void conflict_wheel(void *state, struct ui *ui, int n)
{
	(void)ui;
	struct conflict_view *v = state;
	v->top += n;
	if (v->top < 0)
		v->top = 0;
}

const struct screen screen_sync_conflict = {
	/* TRANSLATORS: the screen showing both versions of a sync conflict. */
	.name = N_("Conflict"),	   .enter = conflict_enter, .leave = conflict_leave,
	.draw = conflict_draw,	   .key = conflict_key,	    .wheel = conflict_wheel,
	.reload = conflict_reload, .help = conflict_help,
	.help_now = conflict_help_now,
};

/* ---- editing theirs --------------------------------------------------------------- */

struct sync_edit {
	int64_t id;
	struct ui_form form;
	struct form_field *fields;
	char **names;
	char **before;
	bool *money; /* typed in yuan, kept in fen */
	int n;
};

static const struct ui_help edit_help[] = {
	{ N_("Tab"), N_("next field"), true },
	{ N_("Enter"), N_("apply theirs as edited"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ NULL, NULL, false },
};

static void edit_free(struct sync_edit *s)
{
	/* Labels are translated strings, not owned: form_free frees values. */
	form_free(&s->form);
	for (int i = 0; i < s->n; i++) {
		free(s->names[i]);
		free(s->before[i]);
	}
	free(s->names);
	free(s->before);
	free(s->money);
	free(s->fields);
	free(s);
}

static void *edit_enter(struct ui *ui, void *arg)
{
	(void)ui;
	const struct sync_conflict *c = arg;
	struct sync_edit *s = xcalloc(1, sizeof *s);
	s->id = c->id;
	s->fields = xcalloc((size_t)(c->nfields ? c->nfields : 1), sizeof *s->fields);
	s->names = xcalloc((size_t)(c->nfields ? c->nfields : 1), sizeof *s->names);
	s->before = xcalloc((size_t)(c->nfields ? c->nfields : 1), sizeof *s->before);
	s->money = xcalloc((size_t)(c->nfields ? c->nfields : 1), sizeof *s->money);
	int editable = 0;
	for (int i = 0; i < c->nfields; i++) {
		const struct sync_field *f = &c->fields[i];
		/* Only theirs is edited: the fields it carries, not its key; a
		 * reference, a stored time or a status is shown, not typed. */
		if (!f->theirs || !strcmp(f->name, "id"))
			continue;
		struct form_field *x = &s->fields[s->n];
		x->label = sync_field_label(f->name);
		x->kind = FORM_TEXT;
		x->max_chars = 10000;
		x->fixed = f->fixed;
		char *end, yuan[MONEY_BUF];
		long long fen = strtoll(f->theirs, &end, 10);
		s->money[s->n] = f->money && !f->fixed && *f->theirs && !*end;
		const char *v = f->fixed && f->theirs_shown ? f->theirs_shown
				: s->money[s->n]	    ? money_format_plain(fen, yuan)
							    : f->theirs;
		form_set(x, v);
		s->names[s->n] = xstrdup(f->name);
		s->before[s->n] = xstrdup(v);
		if (!x->fixed && !editable++)
			s->form.focus = s->n;
		s->n++;
	}
	s->form.fields = s->fields;
	s->form.n = s->n;
	if (editable == 0) {
		ui_error(ui, "%s", _("Theirs carries no field to edit."));
		edit_free(s);
		return NULL;
	}
	return s;
}

static void edit_leave(void *state)
{
	edit_free(state);
}

static void edit_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct sync_edit *s = state;
	ui_text(top, 1, width - 2,
		_("Theirs, to apply as edited (change the code of a duplicate, for one):"),
		ui_attr(UI_TITLE), false);
	form_draw(&s->form, ui, top + 2, height - 2, width);
}

/* Leaves the form whose changes the user chose to discard. */
static void edit_discard_yes(struct ui *ui, void *arg)
{
	(void)arg;
	ui_pop(ui, false);
}

static int edit_key(void *state, struct ui *ui, struct ui_key k)
{
	struct sync_edit *s = state;
	switch (form_key(&s->form, ui, k)) {
	case FORM_SUBMIT: {
		const char **names = xcalloc((size_t)s->n, sizeof *names);
		const char **values = xcalloc((size_t)s->n, sizeof *values);
		char **fen = xcalloc((size_t)s->n, sizeof *fen);
		int n = 0;
		for (int i = 0; i < s->n; i++) {
			struct form_field *x = &s->fields[i];
			x->error[0] = '\0';
			if (x->fixed || !strcmp(field_value(x), s->before[i]))
				continue;
			names[n] = s->names[i];
			values[n] = field_value(x);
			/* An amount typed in yuan goes in as fen. */
			int64_t v;
			const char *why = !s->money[i] ? NULL
					  : !strcmp(s->names[i], "credit_limit_fen")
						  ? validate_credit_limit(field_value(x), &v)
						  : validate_money_nonnegative(field_value(x), &v);
			if (why)
				text_copy(x->error, sizeof x->error, _(why));
			else if (s->money[i])
				values[n] = fen[i] = xasprintf("%lld", (long long)v);
			n++;
		}
		qd_rc rc = DB_OK;
		form_focus_error(&s->form);
		/* The field says why, beside it and under the form. */
		if (s->fields[s->form.focus].error[0])
			form_refused(&s->form, ui);
		else
			rc = db_sync_resolve(ui_db(ui), s->id, SYNC_EDITED, n, names, values);
		for (int i = 0; i < s->n; i++)
			free(fen[i]);
		free(fen);
		free(names);
		free(values);
		if (s->fields[s->form.focus].error[0])
			return UI_HANDLED;
		if (rc == DB_INVALID) {
			ui_error(ui, "%s", db_errmsg(ui_db(ui)));
			return UI_HANDLED;
		}
		if (rc) {
			ui_db_error(ui, _("Not settled"));
			return UI_HANDLED;
		}
		ui_pop(ui, true);
		ui_pop(ui, true);
		ui_message(ui, "%s",
			   _("Theirs applied as edited; the decision goes with the next "
			     "bundle."));
		return UI_HANDLED;
	}
	case FORM_CANCEL:
		if (s->form.dirty)
			ui_confirm(ui, _("Discard the changes? (y/n)"), edit_discard_yes, s);
		else
			ui_pop(ui, false);
		return UI_HANDLED;
	case FORM_REFUSED:
		ui_error(ui, "%s", s->fields[s->form.focus].error);
		return UI_HANDLED;
	default:
		return k.code && k.ch == KEY_F(1) ? UI_UNHANDLED : UI_HANDLED;
	}
}

static bool edit_unsaved(void *state)
{
	return ((struct sync_edit *)state)->form.dirty;
}

const struct screen screen_sync_edit = {
	.takes_text = true,
	.writes = true,
	/* TRANSLATORS: the form that edits the other side's version of a
	 * conflicting record before applying it. */
	.name = N_("Edit theirs"),
	.enter = edit_enter,
	.leave = edit_leave,
	.draw = edit_draw,
	.key = edit_key,
	.unsaved = edit_unsaved,
	.help = edit_help,
};

/* ---- bundle files ---------------------------------------------------------------- */

struct sync_file {
	bool export;
	struct ui_form form;
	struct form_field field;
	struct form_field fields[2]; /* the export's: file, and for whom */
};

static const struct ui_help file_help[] = {
	{ N_("Enter"), N_("go"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ NULL, NULL, false },
};

static void *file_enter(struct ui *ui, void *arg)
{
	struct sync_file *s = xcalloc(1, sizeof *s);
	s->export = arg != NULL;
	s->field.label = N_("File");
	s->field.kind = FORM_TEXT;
	s->field.max_chars = 1000;
	if (s->export) {
		/* A name that says who wrote it and when. */
		struct sync_device me;
		char hex[17] = "device";
		if (!db_sync_device(ui_db(ui), &me) && me.id)
			db_sync_device_id_text(me.id, hex);
		char day[DATE_BUF];
		date_format(ui_today(ui), day);
		const char *home = getenv("HOME");
		char *path =
			xasprintf("%s/qudao-%s-%s.qsync", home && *home ? home : ".", hex, day);
		form_set(&s->field, path);
		free(path);
		s->fields[0] = s->field;
		s->field = (struct form_field){ 0 }; /* its value is fields[0]'s now */
		/* TRANSLATORS: the sync export form's field: whom the bundle is for. */
		s->fields[1].label = N_("For");
		s->fields[1].kind = FORM_TEXT;
		s->fields[1].max_chars = 128;
		s->form.fields = s->fields;
		s->form.n = 2;
		return s;
	}
	s->form.fields = &s->field;
	s->form.n = 1;
	return s;
}

/* A path in a message takes at most a third of a row (16 cells at least). */
static int file_path_cells(void)
{
	return COLS / 3 > 16 ? COLS / 3 : 16;
}

/* Says text about the file at path: a long path shortened, so the reason
 * and the advice after it are not cut. */
static void file_said(struct ui *ui, bool error, const char *text, const char *path)
{
	char *m = ui_short_path_in(text, path, file_path_cells());
	if (error)
		ui_error(ui, "%s", m);
	else
		ui_message(ui, "%s", m);
	free(m);
}

/* Writes or reads the bundle the form names, and says how it went. */
static void file_run(struct ui *ui, void *arg)
{
	struct sync_file *s = arg;
	const char *path = field_value(s->export ? &s->fields[0] : &s->field);
	const char *who = s->export ? field_value(&s->fields[1]) : "";
	struct sync_result r;
	qd_rc rc = s->export ? db_sync_export(ui_db(ui), *who ? who : NULL, path, &r)
			     : db_sync_import(ui_db(ui), path, &r);
	if (rc) {
		file_said(ui, true, db_errmsg(ui_db(ui)), path);
		return;
	}
	char *msg;
	if (s->export) {
		msg = xasprintf(ngettext("Wrote %s for %s: %lld change.",
					 "Wrote %s for %s: %lld changes.", (unsigned long)r.changes),
				path, r.peer_id ? r.peer_name : _("any device"),
				(long long)r.changes);
	} else {
		/* Each count with its own plural ("1 conflicts"). */
		char *conflicts = xasprintf(ngettext("%lld conflict (%lld waiting)",
						     "%lld conflicts (%lld waiting)",
						     (unsigned long)r.conflicts),
					    (long long)r.conflicts, (long long)r.open);
		/* TRANSLATORS: the second %s is "N conflicts (N waiting)". */
		msg = xasprintf(ngettext("Imported %s from %s: %lld change, %s.",
					 "Imported %s from %s: %lld changes, %s.",
					 (unsigned long)r.changes),
				path, r.peer_name, (long long)r.changes, conflicts);
		free(conflicts);
	}
	/* Said before the form goes: path is the form's. */
	file_said(ui, false, msg, path);
	free(msg);
	ui_pop(ui, true);
}

static void file_leave(void *state)
{
	struct sync_file *s = state;
	form_free(&s->form);
	free(s);
}

static void file_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct sync_file *s = state;
	/* The title and the note read whole: wrapped where the terminal is
	 * narrow (80 columns is). */
	int th = ui_text_wrapped(
		top, 1, width - 2, 2,
		s->export ? _("Write a bundle of the changes the head office (or your peer) has "
			      "not acknowledged:")
			  : _("Read a bundle from another device and apply it:"),
		ui_attr(UI_TITLE));
	form_draw(&s->form, ui, top + th + 1, height - th - 1, width);
	int below = top + th + 1 + s->form.n + 1;
	if (s->export && below < top + height)
		ui_text_wrapped(
			below, 1, width - 2, top + height - below,
			_("For: a rep's code, or a device's name or id; empty: the head "
			  "office (on the head office: any device, with every region, which "
			  "a rep's database refuses)."),
			ui_attr(UI_DIM));
}

static int file_key(void *state, struct ui *ui, struct ui_key k)
{
	struct sync_file *s = state;
	switch (form_key(&s->form, ui, k)) {
	case FORM_SUBMIT: {
		const char *path = field_value(s->export ? &s->fields[0] : &s->field);
		if (!*path) {
			ui_error(ui, "%s", _("Give the file's path."));
			return UI_HANDLED;
		}
		qd_rc there = s->export ? db_sync_export_target(ui_db(ui), path) : DB_OK;
		if (there == DB_DUPLICATE) {
			char *q =
				xasprintf(_("%s holds an earlier bundle. Replace it? (y/n)"), path);
			char *shown = ui_short_path_in(q, path, file_path_cells());
			ui_confirm(ui, shown, file_run, s);
			free(shown);
			free(q);
		} else if (there) {
			file_said(ui, true, db_errmsg(ui_db(ui)), path);
		} else {
			file_run(ui, s);
		}
		return UI_HANDLED;
	}
	case FORM_CANCEL:
		ui_pop(ui, false);
		return UI_HANDLED;
	case FORM_REFUSED:
		ui_error(ui, "%s", s->form.fields[s->form.focus].error);
		return UI_HANDLED;
	default:
		return k.code && k.ch == KEY_F(1) ? UI_UNHANDLED : UI_HANDLED;
	}
}

const struct screen screen_sync_file = {
	.takes_text = true,
	.writes = true,
	/* TRANSLATORS: the form that names a bundle file to write or read. */
	.name = N_("Bundle file"),
	.enter = file_enter,
	.leave = file_leave,
	.draw = file_draw,
	.key = file_key,
	.help = file_help,
};

/* ---- the tab's keys --------------------------------------------------------------- */

static int sync_key(void *state, struct ui *ui, struct ui_key k)
{
	struct sync_screen *s = state;
	if (ui_key_is(k, 'a')) {
		s->all = !s->all;
		sync_read(s, ui);
		table_load(&s->table, ui);
		return UI_HANDLED;
	}
	if (ui_key_is(k, 'o')) {
		if (!ui_can_write(ui))
			return UI_HANDLED;
		int64_t n = 0;
		if (db_sync_accept_all(ui_db(ui), &n)) {
			ui_db_error(ui, _("Not marked"));
			return UI_HANDLED;
		}
		sync_read(s, ui);
		table_load(&s->table, ui);
		ui_message(ui,
			   ngettext("%lld conflict marked reviewed; the later change stays.",
				    "%lld conflicts marked reviewed; the later changes stay.",
				    (unsigned long)n),
			   (long long)n);
		return UI_HANDLED;
	}
	if (ui_key_is(k, 'w')) {
		static const int export_arg = 1;
		ui_push(ui, &screen_sync_file, (void *)&export_arg);
		return UI_HANDLED;
	}
	if (ui_key_is(k, 'r')) {
		ui_push(ui, &screen_sync_file, NULL);
		return UI_HANDLED;
	}
	if (s->n == 0 && ui_key_is(k, 'x')) {
		ui_message(ui, "%s",
			   _("No conflicts to export: x exports the conflicts listed here."));
		return UI_HANDLED;
	}
	if (s->n == 0)
		return UI_UNHANDLED;
	int r = table_key(&s->table, ui, k);
	if (r == TABLE_ACTIVATE) {
		int64_t id = table_selected_id(&s->table);
		if (id)
			ui_push(ui, &screen_sync_conflict, &id);
		return UI_HANDLED;
	}
	return r == TABLE_NONE ? UI_UNHANDLED : UI_HANDLED;
}

static int sync_click(void *state, struct ui *ui, int row, int col)
{
	struct sync_screen *s = state;
	/* The screen's area starts below the tab bar. */
	int r = table_click(&s->table, ui, row + 1, col);
	if (r == TABLE_ACTIVATE) {
		int64_t id = table_selected_id(&s->table);
		if (id)
			ui_push(ui, &screen_sync_conflict, &id);
	}
	return UI_HANDLED;
}

static void sync_wheel(void *state, struct ui *ui, int n)
{
	table_wheel(&((struct sync_screen *)state)->table, ui, n);
}

const struct screen screen_sync = {
	/* TRANSLATORS: the tab of sync between laptops: devices, conflicts. */
	.name = N_("Sync"),  .enter = sync_enter,   .leave = sync_leave,
	.draw = sync_draw,   .key = sync_key,	    .click = sync_click,
	.wheel = sync_wheel, .reload = sync_reload, .help = sync_help,
};
