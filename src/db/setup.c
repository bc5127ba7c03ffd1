/* Regions, territories, reps and products: their lists, one record, saving
 * with the rules of core/refdata and those that need the database,
 * deactivation, and the change log. Every value is bound; each kind's SQL is
 * constant text. */
#include "qudao/setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_internal.h"
#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/pinyin.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

/* The change log's summary holds at most this many characters (schema). */
enum { SETUP_SUMMARY_MAX = 500, SETUP_WHO_MAX = 100 };

/* The statuses of distributors still in business: they need their territory
 * and their owner. */
#define SETUP_IN_BUSINESS "status IN ('applicant','reviewing','active','suspended')"

/* What differs between the kinds: the table, the SQL every kind has, and
 * the sentences that name the kind. */
struct setup_kind_info {
	const char *table;
	const char *state_sql; /* version, active, code, name of ?1 */
	const char *dup_sql;   /* code, name of another row with code ?1 (?2 is not it) */
	const char *active_sql;
	const char *stale_msg, *gone_msg;
};

/* clang-format off */
#define SETUP_ACTIVE_SQL(t) \
	"UPDATE " t " SET active = ?2, version = version + 1, updated_at = ?3" \
	" WHERE id = ?1 AND version = ?4"

static const struct setup_kind_info setup_kinds[SETUP_KINDS] = {
	[SETUP_REGION] = {
		"regions",
		"SELECT version, active, code, name FROM regions WHERE id = ?1",
		"SELECT code, name FROM regions WHERE code = ?1 COLLATE NOCASE AND id <> ?2",
		SETUP_ACTIVE_SQL("regions"),
		N_("Someone else changed this region after you opened it; nothing was saved."),
		N_("The region was deleted meanwhile; nothing was saved."),
	},
	[SETUP_TERRITORY] = {
		"territories",
		"SELECT version, active, code, name FROM territories WHERE id = ?1",
		"SELECT code, name FROM territories WHERE code = ?1 COLLATE NOCASE AND id <> ?2",
		SETUP_ACTIVE_SQL("territories"),
		N_("Someone else changed this territory after you opened it; nothing was saved."),
		N_("The territory was deleted meanwhile; nothing was saved."),
	},
	[SETUP_REP] = {
		"reps",
		"SELECT version, active, code, name FROM reps WHERE id = ?1",
		"SELECT code, name FROM reps WHERE code = ?1 COLLATE NOCASE AND id <> ?2",
		SETUP_ACTIVE_SQL("reps"),
		N_("Someone else changed this rep after you opened them; nothing was saved."),
		N_("The rep was deleted meanwhile; nothing was saved."),
	},
	[SETUP_PRODUCT] = {
		"products",
		"SELECT version, active, sku, name FROM products WHERE id = ?1",
		"SELECT sku, name FROM products WHERE sku = ?1 COLLATE NOCASE AND id <> ?2",
		SETUP_ACTIVE_SQL("products"),
		N_("Someone else changed this product after you opened it; nothing was saved."),
		N_("The product was deleted meanwhile; nothing was saved."),
	},
};

#define REGION_COLS \
	"SELECT g.id, g.version, g.code, g.name, g.active," \
	" (SELECT count(*) FROM territories t WHERE t.region_id = g.id AND t.active)," \
	" (SELECT count(*) FROM reps r WHERE r.region_id = g.id AND r.active) FROM regions g"
static const char region_list_sql[] = REGION_COLS
	" WHERE ?1 = '' OR g.code LIKE ?2 ESCAPE '\\' OR qd_pinyin_match(?1, g.name)"
	" ORDER BY g.code COLLATE NOCASE, g.id";
static const char region_get_sql[] = REGION_COLS " WHERE g.id = ?1";

#define TERRITORY_COLS \
	"SELECT t.id, t.version, coalesce(t.parent_id, 0), coalesce(t.region_id, 0), t.code," \
	" t.name, t.short_name, t.name_en, t.short_en, t.level, coalesce(t.grid_row, -1)," \
	" coalesce(t.grid_col, -1), t.active, coalesce(p.code, ''), coalesce(p.name, '')," \
	" coalesce(g.code, ''), coalesce(g.name, '') FROM territories t" \
	" LEFT JOIN territories p ON p.id = t.parent_id LEFT JOIN regions g ON g.id = t.region_id"
static const char territory_list_sql[] = TERRITORY_COLS " ORDER BY t.code COLLATE NOCASE, t.id";
static const char territory_get_sql[] = TERRITORY_COLS " WHERE t.id = ?1";

#define REP_COLS \
	"SELECT r.id, r.version, coalesce(r.region_id, 0), r.code, r.name, r.phone, r.role," \
	" r.active, coalesce(g.code, ''), coalesce(g.name, '')," \
	" coalesce((SELECT group_concat(code, ', ') FROM (SELECT t.code FROM rep_territories rt" \
	"  JOIN territories t ON t.id = rt.territory_id WHERE rt.rep_id = r.id" \
	"  ORDER BY t.code COLLATE NOCASE)), '')," \
	" (SELECT count(*) FROM rep_territories rt WHERE rt.rep_id = r.id)" \
	" FROM reps r LEFT JOIN regions g ON g.id = r.region_id"
static const char rep_list_sql[] = REP_COLS
	" WHERE ?1 = '' OR r.code LIKE ?2 ESCAPE '\\' OR qd_pinyin_match(?1, r.name)"
	" OR qd_contains(r.phone, ?1)"
	" ORDER BY r.sort_key, r.code COLLATE NOCASE, r.id";
static const char rep_get_sql[] = REP_COLS " WHERE r.id = ?1";

#define PRODUCT_COLS \
	"SELECT p.id, p.version, p.sku, p.name, p.category, p.unit, p.price_a_fen, p.price_b_fen," \
	" p.price_c_fen, p.price_d_fen, p.retail_price_fen, p.tolerance_bp, p.active FROM products p"
/* ?1 the query, ?2 the SKU prefix, ?3 one product's id (0 for all). */
#define PRODUCT_WHERE \
	" WHERE (?1 = '' OR p.sku LIKE ?2 ESCAPE '\\' OR qd_pinyin_match(?1, p.name)" \
	" OR qd_pinyin_match(?1, p.category)) AND (?3 = 0 OR p.id = ?3)"
#define PRODUCT_ASC " ORDER BY p.sku COLLATE NOCASE, p.id LIMIT ?6"
#define PRODUCT_DESC " ORDER BY p.sku COLLATE NOCASE DESC, p.id DESC LIMIT ?6"
/* The page SQL by [after a key][backward]; ?4 ?5 the key (SKU, id). */
static const char *const product_page_sql[2][2] = {
	{ PRODUCT_COLS PRODUCT_WHERE PRODUCT_ASC, PRODUCT_COLS PRODUCT_WHERE PRODUCT_DESC },
	{ PRODUCT_COLS PRODUCT_WHERE " AND (p.sku COLLATE NOCASE, p.id) > (?4, ?5)" PRODUCT_ASC,
	  PRODUCT_COLS PRODUCT_WHERE " AND (p.sku COLLATE NOCASE, p.id) < (?4, ?5)" PRODUCT_DESC },
};
static const char product_count_sql[] = "SELECT count(*) FROM products p" PRODUCT_WHERE;
static const char product_get_sql[] = PRODUCT_COLS " WHERE p.id = ?1";

static const char setup_log_sql[] =
	"INSERT INTO change_log(id, changed_at, changed_by, table_name, row_id, action, summary)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
/* clang-format on */

const char *db_setup_table(qd_setup_kind kind)
{
	return kind >= 0 && kind < SETUP_KINDS ? setup_kinds[kind].table : "";
}

/* ---- reading ---- */

/* Column col as text into dst; when it does not fit whole and field is not
 * REF_FIELD_NONE, *cut names the field (the first one cut). */
static void setup_text(sqlite3_stmt *st, int col, char *dst, size_t size, qd_ref_field field,
		       qd_ref_field *cut)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	if (s && strlen(s) >= size && field != REF_FIELD_NONE && *cut == REF_FIELD_NONE)
		*cut = field;
	text_copy(dst, size, s);
}

static void region_row(sqlite3_stmt *st, struct region_rec *r, qd_ref_field *cut)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->version = sqlite3_column_int64(st, 1);
	setup_text(st, 2, r->code, sizeof r->code, REF_FIELD_CODE, cut);
	setup_text(st, 3, r->name, sizeof r->name, REF_FIELD_NAME, cut);
	r->active = sqlite3_column_int(st, 4) != 0;
	r->territories = sqlite3_column_int(st, 5);
	r->reps = sqlite3_column_int(st, 6);
}

static void territory_row(sqlite3_stmt *st, struct territory_rec *t, qd_ref_field *cut)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	t->version = sqlite3_column_int64(st, 1);
	t->parent_id = sqlite3_column_int64(st, 2);
	t->region_id = sqlite3_column_int64(st, 3);
	setup_text(st, 4, t->code, sizeof t->code, REF_FIELD_CODE, cut);
	setup_text(st, 5, t->name, sizeof t->name, REF_FIELD_NAME, cut);
	setup_text(st, 6, t->short_name, sizeof t->short_name, REF_FIELD_SHORT_NAME, cut);
	setup_text(st, 7, t->name_en, sizeof t->name_en, REF_FIELD_NAME_EN, cut);
	setup_text(st, 8, t->short_en, sizeof t->short_en, REF_FIELD_SHORT_EN, cut);
	int level = label_index(&labels_level, (const char *)sqlite3_column_text(st, 9));
	t->level = level >= 0 ? (qd_level)level : LEVEL_CITY;
	t->grid_row = sqlite3_column_int(st, 10);
	t->grid_col = sqlite3_column_int(st, 11);
	t->active = sqlite3_column_int(st, 12) != 0;
	setup_text(st, 13, t->parent_code, sizeof t->parent_code, REF_FIELD_NONE, cut);
	setup_text(st, 14, t->parent_name, sizeof t->parent_name, REF_FIELD_NONE, cut);
	setup_text(st, 15, t->region_code, sizeof t->region_code, REF_FIELD_NONE, cut);
	setup_text(st, 16, t->region_name, sizeof t->region_name, REF_FIELD_NONE, cut);
}

static void rep_row(sqlite3_stmt *st, struct rep_rec *r, qd_ref_field *cut)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->version = sqlite3_column_int64(st, 1);
	r->region_id = sqlite3_column_int64(st, 2);
	setup_text(st, 3, r->code, sizeof r->code, REF_FIELD_CODE, cut);
	setup_text(st, 4, r->name, sizeof r->name, REF_FIELD_NAME, cut);
	setup_text(st, 5, r->phone, sizeof r->phone, REF_FIELD_PHONE, cut);
	int role = label_index(&labels_role, (const char *)sqlite3_column_text(st, 6));
	r->role = role >= 0 ? (qd_role)role : ROLE_REP;
	r->active = sqlite3_column_int(st, 7) != 0;
	setup_text(st, 8, r->region_code, sizeof r->region_code, REF_FIELD_NONE, cut);
	setup_text(st, 9, r->region_name, sizeof r->region_name, REF_FIELD_NONE, cut);
	setup_text(st, 10, r->covers, sizeof r->covers, REF_FIELD_NONE, cut);
	r->ncovers = sqlite3_column_int(st, 11);
}

static void product_row(sqlite3_stmt *st, struct product_rec *p, qd_ref_field *cut)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->version = sqlite3_column_int64(st, 1);
	setup_text(st, 2, p->sku, sizeof p->sku, REF_FIELD_CODE, cut);
	setup_text(st, 3, p->name, sizeof p->name, REF_FIELD_NAME, cut);
	setup_text(st, 4, p->category, sizeof p->category, REF_FIELD_CATEGORY, cut);
	setup_text(st, 5, p->unit, sizeof p->unit, REF_FIELD_UNIT, cut);
	for (int i = 0; i < REF_TIERS; i++)
		p->tier_fen[i] = sqlite3_column_int64(st, 6 + i);
	p->retail_fen = sqlite3_column_int64(st, 10);
	p->tolerance_bp = sqlite3_column_int(st, 11);
	p->active = sqlite3_column_int(st, 12) != 0;
}

/* Binds ?1 the query as searches want it and ?2 the pattern for LIKE that
 * finds it inside a code (its wildcards escaped). */
static qd_rc setup_bind_search(qd_db *db, sqlite3_stmt *st, const char *search)
{
	char *q = pinyin_normalize_query(search ? search : "");
	char *like = xmalloc(strlen(q) * 2 + 3), *o = like;
	*o++ = '%';
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o++ = '%';
	*o = '\0';
	qd_rc rc = db_bind(db, st, db_text(q), db_text(like));
	free(q);
	free(like);
	return rc;
}

/* Reads every row of st into a growing array of rows of `size` bytes.
 * Returns how many, or -1. */
static int setup_read_all(qd_db *db, sqlite3_stmt *st, size_t size,
			  void (*row)(sqlite3_stmt *st, void *out, qd_ref_field *cut), void **out)
{
	char *rows = NULL;
	int n = 0, cap = 0, r;
	while ((r = db_step(db, st, N_("Could not read the reference data"))) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			rows = xrealloc(rows, (size_t)cap * size);
		}
		qd_ref_field cut = REF_FIELD_NONE;
		row(st, rows + (size_t)n * size, &cut);
		n++;
	}
	if (r < 0) {
		free(rows);
		*out = NULL;
		return -1;
	}
	*out = rows;
	return n;
}

/* The row readers as setup_read_all() takes them. */
static void region_row_any(sqlite3_stmt *st, void *out, qd_ref_field *cut)
{
	region_row(st, out, cut);
}
static void territory_row_any(sqlite3_stmt *st, void *out, qd_ref_field *cut)
{
	territory_row(st, out, cut);
}
static void rep_row_any(sqlite3_stmt *st, void *out, qd_ref_field *cut)
{
	rep_row(st, out, cut);
}

int db_setup_regions(qd_db *db, const char *search, struct region_rec **out)
{
	*out = NULL;
	sqlite3_stmt *st = db_stmt(db, region_list_sql);
	if (!st || setup_bind_search(db, st, search))
		return -1;
	return setup_read_all(db, st, sizeof **out, region_row_any, (void **)out);
}

int db_setup_reps(qd_db *db, const char *search, struct rep_rec **out)
{
	*out = NULL;
	sqlite3_stmt *st = db_stmt(db, rep_list_sql);
	if (!st || setup_bind_search(db, st, search))
		return -1;
	return setup_read_all(db, st, sizeof **out, rep_row_any, (void **)out);
}

/* Does territory t match the normalized query q? */
static bool territory_matches(const struct territory_rec *t, const char *q)
{
	size_t n = strlen(q);
	return !n || strcasestr(t->code, q) || pinyin_match(q, t->name) ||
	       pinyin_match(q, t->short_name) || strcasestr(t->name_en, q);
}

/* The index of the row with id among n rows sorted by id (ids[i] holds the
 * id and the row's index), or -1. */
struct setup_id_index {
	int64_t id;
	int index;
};

static int setup_id_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct setup_id_index *)a)->id;
	int64_t y = ((const struct setup_id_index *)b)->id;
	return (x > y) - (x < y);
}

/* Puts rows (in code order) into tree order: each root, then depth first
 * the territories under it, in code order. A row whose parent is missing,
 * or that sits in a loop of parents, becomes a root. */
static void territory_tree(struct territory_rec *rows, int n)
{
	struct setup_id_index *ids = xcalloc((size_t)n + 1, sizeof *ids);
	for (int i = 0; i < n; i++)
		ids[i] = (struct setup_id_index){ rows[i].id, i };
	qsort(ids, (size_t)n, sizeof *ids, setup_id_cmp);
	int *parent = xcalloc((size_t)n + 1, sizeof *parent);
	int *first = xcalloc((size_t)n + 1, sizeof *first),
	    *last = xcalloc((size_t)n + 1, sizeof *last);
	int *next = xcalloc((size_t)n + 1, sizeof *next);
	for (int i = 0; i < n; i++) {
		first[i] = last[i] = next[i] = -1;
		struct setup_id_index key = { rows[i].parent_id, 0 };
		struct setup_id_index *p =
			rows[i].parent_id ? bsearch(&key, ids, (size_t)n, sizeof *ids, setup_id_cmp)
					  : NULL;
		parent[i] = p && p->index != i ? p->index : -1;
	}
	/* Children lists, in code order since rows are. */
	for (int i = 0; i < n; i++) {
		int p = parent[i];
		if (p < 0)
			continue;
		if (last[p] < 0)
			first[p] = i;
		else
			next[last[p]] = i;
		last[p] = i;
	}
	struct territory_rec *out = xcalloc((size_t)n + 1, sizeof *out);
	bool *done = xcalloc((size_t)n + 1, sizeof *done);
	int *stack = xcalloc((size_t)n + 1, sizeof *stack);
	int m = 0;
	/* Roots first; then whatever a loop of parents kept out of reach. */
	for (int pass = 0; pass < 2; pass++)
		for (int r = 0; r < n; r++) {
			if (done[r] || (pass == 0 && parent[r] >= 0))
				continue;
			int top = 0;
			stack[top++] = r;
			rows[r].depth = 0;
			while (top > 0) {
				int i = stack[--top];
				if (done[i])
					continue;
				done[i] = true;
				out[m++] = rows[i];
				/* Push the children in reverse so the first comes out first. */
				int kids = 0;
				for (int c = first[i]; c >= 0; c = next[c])
					kids++;
				int at = top + kids;
				for (int c = first[i]; c >= 0; c = next[c]) {
					rows[c].depth = rows[i].depth + 1;
					stack[--at] = c;
				}
				top += kids;
			}
		}
	memcpy(rows, out, (size_t)m * sizeof *rows);
	free(out);
	free(done);
	free(stack);
	free(ids);
	free(parent);
	free(first);
	free(last);
	free(next);
}

int db_setup_territories(qd_db *db, const char *search, struct territory_rec **out)
{
	*out = NULL;
	sqlite3_stmt *st = db_stmt(db, territory_list_sql);
	if (!st)
		return -1;
	struct territory_rec *rows;
	int n = setup_read_all(db, st, sizeof *rows, territory_row_any, (void **)&rows);
	if (n <= 0) {
		*out = rows;
		return n;
	}
	territory_tree(rows, n);
	char *q = pinyin_normalize_query(search ? search : "");
	if (*q) {
		/* The matches and their ancestors: in tree order the ancestors of
		 * a row are the latest rows seen at each smaller depth. */
		bool *keep = xcalloc((size_t)n, sizeof *keep);
		int *above = xcalloc((size_t)n + 1, sizeof *above);
		for (int i = 0; i < n; i++) {
			int depth = rows[i].depth < n ? rows[i].depth : n;
			above[depth] = i;
			rows[i].context = !territory_matches(&rows[i], q);
			if (rows[i].context)
				continue;
			keep[i] = true;
			for (int d = 0; d < depth; d++)
				keep[above[d]] = true;
		}
		int m = 0;
		for (int i = 0; i < n; i++)
			if (keep[i])
				rows[m++] = rows[i];
		n = m;
		free(keep);
		free(above);
	}
	free(q);
	*out = rows;
	return n;
}

int db_setup_product_page(qd_db *db, const struct product_filter *f,
			  const struct product_rec *after, bool backward, struct product_rec *out,
			  int max)
{
	sqlite3_stmt *st = db_stmt(db, product_page_sql[after != NULL][backward]);
	if (!st || setup_bind_search(db, st, f->search) ||
	    db_bind_at(db, st, 3, db_int(f->only_id)) ||
	    (after && db_bind_at(db, st, 4, db_text(after->sku), db_int(after->id))) ||
	    db_bind_at(db, st, 6, db_int(max)))
		return -1;
	int n = 0, r = 0;
	while (n < max && (r = db_step(db, st, N_("Could not read the products"))) > 0) {
		qd_ref_field cut = REF_FIELD_NONE;
		product_row(st, &out[n++], &cut);
	}
	if (n == max)
		sqlite3_reset(st);
	else if (r < 0)
		return -1;
	if (backward)
		for (int i = 0; i < n / 2; i++) {
			struct product_rec tmp = out[i];
			out[i] = out[n - 1 - i];
			out[n - 1 - i] = tmp;
		}
	return n;
}

int64_t db_setup_product_count(qd_db *db, const struct product_filter *f)
{
	sqlite3_stmt *st = db_stmt(db, product_count_sql);
	int64_t n;
	if (!st || setup_bind_search(db, st, f->search) ||
	    db_bind_at(db, st, 3, db_int(f->only_id)) || db_int_of(db, st, &n, NULL))
		return -1;
	return n;
}

/* Reads one record of kind by id with row(); DB_NOTFOUND, or DB_INVALID when
 * a text would be cut. */
static qd_rc setup_get(qd_db *db, qd_setup_kind kind, const char *sql, int64_t id,
		       void (*row)(sqlite3_stmt *st, void *out, qd_ref_field *cut), void *out)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the reference data"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, 0, "%s", _(setup_kinds[kind].gone_msg));
	qd_ref_field cut = REF_FIELD_NONE;
	row(st, out, &cut);
	sqlite3_reset(st);
	if (cut != REF_FIELD_NONE)
		return db_fail(db, DB_INVALID, cut,
			       _("A text stored in this record is longer than qudao allows, so it "
				 "cannot be edited here without cutting it."));
	return DB_OK;
}

static void product_row_any(sqlite3_stmt *st, void *out, qd_ref_field *cut)
{
	product_row(st, out, cut);
}

qd_rc db_setup_region_get(qd_db *db, int64_t id, struct region_rec *out)
{
	return setup_get(db, SETUP_REGION, region_get_sql, id, region_row_any, out);
}

qd_rc db_setup_territory_get(qd_db *db, int64_t id, struct territory_rec *out)
{
	return setup_get(db, SETUP_TERRITORY, territory_get_sql, id, territory_row_any, out);
}

qd_rc db_setup_rep_get(qd_db *db, int64_t id, struct rep_rec *out)
{
	return setup_get(db, SETUP_REP, rep_get_sql, id, rep_row_any, out);
}

qd_rc db_setup_product_get(qd_db *db, int64_t id, struct product_rec *out)
{
	return setup_get(db, SETUP_PRODUCT, product_get_sql, id, product_row_any, out);
}

int db_setup_rep_territories(qd_db *db, int64_t rep_id, struct ref_item **out)
{
	static const char sql[] =
		"SELECT t.id, t.code, t.name, coalesce(p.name, '') FROM rep_territories rt"
		" JOIN territories t ON t.id = rt.territory_id"
		" LEFT JOIN territories p ON p.id = t.parent_id WHERE rt.rep_id = ?1"
		" ORDER BY t.code COLLATE NOCASE, t.id";
	*out = NULL;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(rep_id)))
		return -1;
	int n = 0, cap = 0, r;
	while ((r = db_step(db, st, N_("Could not read the reference data"))) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct ref_item *it = &(*out)[n++];
		it->id = sqlite3_column_int64(st, 0);
		text_copy(it->code, sizeof it->code, (const char *)sqlite3_column_text(st, 1));
		text_copy(it->name, sizeof it->name, (const char *)sqlite3_column_text(st, 2));
		text_copy(it->detail, sizeof it->detail, (const char *)sqlite3_column_text(st, 3));
	}
	if (r < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return n;
}

/* ---- the change log ---- */

/* What a write changed, in words for the log: "name: 深圳 → 深圳市; grid: 1,2".
 * Field names and values are as stored, not translated: the log is data. */
struct setup_summary {
	char text[2048];
	size_t used;
};

/* Adds key: value (a new record, old NULL) or key: old → new when they
 * differ. */
static void setup_note(struct setup_summary *s, const char *key, const char *old, const char *now)
{
	if (old && !strcmp(old, now))
		return;
	if (s->used >= sizeof s->text - 1)
		return;
	int n = old ? snprintf(s->text + s->used, sizeof s->text - s->used, "%s%s: %s → %s",
			       s->used ? "; " : "", key, old, now)
		    : snprintf(s->text + s->used, sizeof s->text - s->used, "%s%s: %s",
			       s->used ? "; " : "", key, now);
	s->used += (size_t)n;
	if (s->used >= sizeof s->text)
		s->used = sizeof s->text - 1;
}

static void setup_note_int(struct setup_summary *s, const char *key, const int64_t *old,
			   int64_t now)
{
	char a[32], b[32];
	snprintf(a, sizeof a, "%lld", old ? (long long)*old : 0LL);
	snprintf(b, sizeof b, "%lld", (long long)now);
	setup_note(s, key, old ? a : NULL, b);
}

static void setup_note_money(struct setup_summary *s, const char *key, const int64_t *old,
			     int64_t now)
{
	char a[MONEY_BUF], b[MONEY_BUF];
	setup_note(s, key, old ? money_format_plain(*old, a) : NULL, money_format_plain(now, b));
}

/* s, or its first max - 1 characters and "…" when it has more than max.
 * The caller frees it. */
static char *setup_first_chars(const char *s, int max)
{
	const char *p = s;
	int chars = 0;
	for (; *p && chars < max; chars++)
		for (p++; ((unsigned char)*p & 0xC0) == 0x80; p++)
			;
	if (!*p)
		return xstrdup(s);
	/* Back one character, for the "…". */
	do
		p--;
	while (p > s && ((unsigned char)*p & 0xC0) == 0x80);
	size_t keep = (size_t)(p - s);
	char *out = xmalloc(keep + 4);
	memcpy(out, s, keep);
	memcpy(out + keep, "…", 4);
	return out;
}

qd_rc db_log_change(qd_db *db, const char *table, int64_t id, const char *action,
		    const char *summary, const char *who)
{
	char now[24];
	db_now_utc(now);
	char *by = setup_first_chars(who && *who ? who : "?", SETUP_WHO_MAX);
	char *what = setup_first_chars(summary, SETUP_SUMMARY_MAX);
	sqlite3_stmt *st = db_stmt(db, setup_log_sql);
	qd_rc rc = !st ? db_errcode(db)
		       : db_bind(db, st, db_int(ids_new()), db_text(now), db_text(by),
				 db_text(table), db_int(id), db_text(action), db_text(what));
	if (!rc)
		rc = db_run(db, st);
	free(by);
	free(what);
	return rc;
}

static qd_rc setup_log(qd_db *db, qd_setup_kind kind, int64_t id, const char *action,
		       const char *summary, const char *who)
{
	return db_log_change(db, setup_kinds[kind].table, id, action, summary, who);
}

/* ---- what every save checks ---- */

/* The code (or SKU) is not another row's, without regard to case. */
static qd_rc setup_check_code(qd_db *db, qd_setup_kind kind, int64_t id, const char *code)
{
	sqlite3_stmt *st = db_stmt(db, setup_kinds[kind].dup_sql);
	if (!st || db_bind(db, st, db_text(code), db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not check the code"));
	if (r <= 0)
		return r < 0 ? db_errcode(db) : DB_OK;
	char other_code[64], other[REF_BUF(REF_PRODUCT_NAME_MAX)];
	text_copy(other_code, sizeof other_code, (const char *)sqlite3_column_text(st, 0));
	text_copy(other, sizeof other, (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	if (!strcmp(other_code, code))
		return db_fail(db, DB_DUPLICATE, REF_FIELD_CODE,
			       _("The code %s is already used by %s; choose another."), code,
			       other);
	return db_fail(db, DB_DUPLICATE, REF_FIELD_CODE,
		       _("The code %s is already used by %s as %s (codes do not differ by case); "
			 "choose another."),
		       code, other, other_code);
}

/* The stored version and whether it is active; DB_NOTFOUND when the row is
 * gone, DB_CONFLICT when its version is not `version`. code and name (64 and
 * name_size bytes) get the stored ones when not NULL. */
static qd_rc setup_state(qd_db *db, qd_setup_kind kind, int64_t id, int64_t version, bool *active,
			 char *code, char *name, size_t name_size)
{
	sqlite3_stmt *st = db_stmt(db, setup_kinds[kind].state_sql);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the reference data"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, 0, "%s", _(setup_kinds[kind].gone_msg));
	int64_t stored = sqlite3_column_int64(st, 0);
	if (active)
		*active = sqlite3_column_int(st, 1) != 0;
	if (code)
		text_copy(code, 64, (const char *)sqlite3_column_text(st, 2));
	if (name)
		text_copy(name, name_size, (const char *)sqlite3_column_text(st, 3));
	sqlite3_reset(st);
	if (stored != version)
		return db_fail(db, DB_CONFLICT, 0, "%s", _(setup_kinds[kind].stale_msg));
	return DB_OK;
}

/* After an update that changed no row: gone, or changed meanwhile. */
static qd_rc setup_stale(qd_db *db, qd_setup_kind kind, int64_t id)
{
	bool active;
	qd_rc rc = setup_state(db, kind, id, -1, &active, NULL, NULL, 0);
	return rc == DB_NOTFOUND
		       ? rc
		       : db_fail(db, DB_CONFLICT, 0, "%s", _(setup_kinds[kind].stale_msg));
}

/* Runs st (bound), then checks it changed a row (an update at a version);
 * a schema rule it breaks points at field. */
static qd_rc setup_write(qd_db *db, qd_setup_kind kind, sqlite3_stmt *st, int64_t id, bool update,
			 qd_ref_field field)
{
	qd_rc rc = db_run(db, st);
	if (rc == DB_INVALID || rc == DB_DUPLICATE)
		db_set_errfield(db, field);
	if (!rc && update && sqlite3_changes(db_handle(db)) == 0)
		rc = setup_stale(db, kind, id);
	return rc;
}

/* Refuses a record the rules of core/refdata refuse. */
static qd_rc setup_rules(qd_db *db, const char *why, qd_ref_field field)
{
	return why ? db_fail(db, DB_INVALID, field, "%s", _(why)) : DB_OK;
}

/* A referenced row (region or parent territory) by its id: its code and
 * whether it is active; DB_INVALID at field with gone_msg when missing. */
static qd_rc setup_ref(qd_db *db, const char *sql, int64_t id, qd_ref_field field,
		       const char *gone_msg, char *code, bool *active, int *level)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not check a reference"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_INVALID, field, "%s", _(gone_msg));
	text_copy(code, 64, (const char *)sqlite3_column_text(st, 0));
	*active = sqlite3_column_int(st, 1) != 0;
	if (level)
		*level = label_index(&labels_level, (const char *)sqlite3_column_text(st, 2));
	sqlite3_reset(st);
	return DB_OK;
}

static qd_rc setup_region_ref(qd_db *db, int64_t region_id, int64_t old_region_id)
{
	static const char sql[] = "SELECT code, active, '' FROM regions WHERE id = ?1";
	if (!region_id)
		return DB_OK;
	char code[64];
	bool active;
	qd_rc rc = setup_ref(db, sql, region_id, REF_FIELD_REGION,
			     N_("That region no longer exists."), code, &active, NULL);
	if (!rc && !active && region_id != old_region_id)
		rc = db_fail(db, DB_INVALID, REF_FIELD_REGION,
			     _("The region %s is inactive; activate it first or pick another."),
			     code);
	return rc;
}

/* Saves with a record's own write: on failure the record keeps its id and
 * version. */
#define SETUP_SAVE(db, rec, call)                  \
	do {                                       \
		int64_t id_ = (rec)->id;           \
		int64_t version_ = (rec)->version; \
		qd_rc rc_ = db_write_begin(db);    \
		if (rc_)                           \
			return rc_;                \
		rc_ = db_write_end((db), (call));  \
		if (rc_) {                         \
			(rec)->id = id_;           \
			(rec)->version = version_; \
		}                                  \
		return rc_;                        \
	} while (0)

/* ---- regions ---- */

static qd_rc region_save(qd_db *db, struct region_rec *r, const char *who)
{
	static const char insert_sql[] =
		"INSERT INTO regions(id, code, name, active, version, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, 1, 1, ?4, ?4)";
	static const char update_sql[] =
		"UPDATE regions SET code = ?2, name = ?3, version = version + 1, updated_at = ?4"
		" WHERE id = ?1 AND version = ?5";
	qd_ref_field field;
	const char *why = refdata_region_check(r, &field);
	qd_rc rc = setup_rules(db, why, field);
	bool is_new = r->id == 0;
	struct region_rec old;
	memset(&old, 0, sizeof old);
	if (!rc && !is_new && !(rc = db_setup_region_get(db, r->id, &old)) &&
	    old.version != r->version)
		rc = db_fail(db, DB_CONFLICT, 0, "%s", _(setup_kinds[SETUP_REGION].stale_msg));
	if (!rc)
		rc = setup_check_code(db, SETUP_REGION, r->id, r->code);
	if (rc)
		return rc;
	char now[24];
	db_now_utc(now);
	int64_t id = is_new ? ids_new() : r->id;
	sqlite3_stmt *st = db_stmt(db, is_new ? insert_sql : update_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_text(r->code), db_text(r->name), db_text(now));
	if (!rc && !is_new)
		rc = db_bind_at(db, st, 5, db_int(r->version));
	if (!rc)
		rc = setup_write(db, SETUP_REGION, st, id, !is_new, REF_FIELD_NAME);
	struct setup_summary s = { "", 0 };
	setup_note(&s, "code", is_new ? NULL : old.code, r->code);
	setup_note(&s, "name", is_new ? NULL : old.name, r->name);
	if (!rc)
		rc = setup_log(db, SETUP_REGION, id, is_new ? "add" : "edit", s.text, who);
	if (!rc) {
		r->id = id;
		r->version = is_new ? 1 : r->version + 1;
		r->active = is_new ? true : old.active;
	}
	return rc;
}

qd_rc db_setup_region_save(qd_db *db, struct region_rec *r, const char *who)
{
	SETUP_SAVE(db, r, region_save(db, r, who));
}

/* ---- territories ---- */

/* Would parent_id put territory id under itself? */
static qd_rc territory_loop(qd_db *db, int64_t id, int64_t parent_id)
{
	static const char sql[] =
		"WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT t.parent_id FROM territories t"
		" JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL)"
		" SELECT count(*) FROM up WHERE id = ?2";
	if (!id || !parent_id)
		return DB_OK;
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t n;
	if (!st || db_bind(db, st, db_int(parent_id), db_int(id)) || db_int_of(db, st, &n, NULL))
		return db_errcode(db);
	return n ? db_fail(db, DB_INVALID, REF_FIELD_PARENT,
			   _("A territory cannot sit under itself or under a territory below "
			     "it."))
		 : DB_OK;
}

/* The territories already under t still fit under its (new) level. */
static qd_rc territory_children_fit(qd_db *db, const struct territory_rec *t)
{
	static const char sql[] = "SELECT level, code FROM territories WHERE parent_id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(t->id)))
		return db_errcode(db);
	int r;
	while ((r = db_step(db, st, N_("Could not check a reference"))) > 0) {
		int level = label_index(&labels_level, (const char *)sqlite3_column_text(st, 0));
		if (level >= 0 && refdata_level_fits(t->level, (qd_level)level))
			continue;
		char code[64];
		text_copy(code, sizeof code, (const char *)sqlite3_column_text(st, 1));
		sqlite3_reset(st);
		return db_fail(db, DB_INVALID, REF_FIELD_LEVEL,
			       _("%s is under this territory and would not fit under a %s; move "
				 "the territories under it first."),
			       code, _(labels_level.labels[t->level]));
	}
	return r < 0 ? db_errcode(db) : DB_OK;
}

/* No other territory under the same parent (or among the top ones) has t's
 * grid place. */
static qd_rc territory_grid_free(qd_db *db, const struct territory_rec *t)
{
	static const char sql[] =
		"SELECT code, name FROM territories WHERE id <> ?1 AND parent_id IS ?2"
		" AND grid_row = ?3 AND grid_col = ?4";
	if (t->grid_row < 0 || t->grid_col < 0)
		return DB_OK;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(t->id), db_id_or_null(t->parent_id), db_int(t->grid_row),
			   db_int(t->grid_col)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not check a reference"));
	if (r <= 0)
		return r < 0 ? db_errcode(db) : DB_OK;
	char code[64], name[REF_BUF(REF_NAME_MAX)];
	text_copy(code, sizeof code, (const char *)sqlite3_column_text(st, 0));
	text_copy(name, sizeof name, (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	return db_fail(db, DB_DUPLICATE, REF_FIELD_GRID_ROW,
		       _("The grid place %d,%d is already taken by %s (%s)."), t->grid_row,
		       t->grid_col, name, code);
}

static struct db_val territory_grid_val(int v)
{
	return v >= 0 ? db_int(v) : db_null();
}

static void territory_grid_text(const struct territory_rec *t, char *buf, size_t size)
{
	if (t->grid_row >= 0)
		snprintf(buf, size, "%d,%d", t->grid_row, t->grid_col);
	else
		snprintf(buf, size, "-");
}

static void territory_summary(struct setup_summary *s, const struct territory_rec *old,
			      const struct territory_rec *t, const char *parent_code)
{
	char a[16], b[16];
	setup_note(s, "code", old ? old->code : NULL, t->code);
	setup_note(s, "name", old ? old->name : NULL, t->name);
	setup_note(s, "level", old ? labels_level.codes[old->level] : NULL,
		   labels_level.codes[t->level]);
	setup_note(s, "parent", old ? (old->parent_id ? old->parent_code : "-") : NULL,
		   t->parent_id ? parent_code : "-");
	setup_note(s, "region", old ? (old->region_id ? old->region_code : "-") : NULL,
		   t->region_id ? t->region_code : "-");
	setup_note(s, "short", old ? old->short_name : NULL, t->short_name);
	setup_note(s, "name_en", old ? old->name_en : NULL, t->name_en);
	setup_note(s, "short_en", old ? old->short_en : NULL, t->short_en);
	territory_grid_text(t, b, sizeof b);
	if (old)
		territory_grid_text(old, a, sizeof a);
	setup_note(s, "grid", old ? a : NULL, b);
}

static qd_rc territory_save(qd_db *db, struct territory_rec *t, const char *who)
{
	static const char parent_sql[] =
		"SELECT code, active, level FROM territories WHERE id = ?1";
	static const char insert_sql[] =
		"INSERT INTO territories(id, parent_id, region_id, code, name, short_name, "
		"short_en,"
		" name_en, level, grid_row, grid_col, active, version, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, 1, ?12, ?12)";
	static const char update_sql[] =
		"UPDATE territories SET parent_id = ?2, region_id = ?3, code = ?4, name = ?5,"
		" short_name = ?6, short_en = ?7, name_en = ?8, level = ?9, grid_row = ?10,"
		" grid_col = ?11, version = version + 1, updated_at = ?12"
		" WHERE id = ?1 AND version = ?13";
	bool is_new = t->id == 0;
	struct territory_rec old;
	memset(&old, 0, sizeof old);
	qd_rc rc = DB_OK;
	if (!is_new && !(rc = db_setup_territory_get(db, t->id, &old)) && old.version != t->version)
		rc = db_fail(db, DB_CONFLICT, 0, "%s", _(setup_kinds[SETUP_TERRITORY].stale_msg));
	char parent_code[64] = "";
	bool parent_active = true;
	int parent_level = -1;
	if (!rc && t->parent_id) {
		rc = setup_ref(db, parent_sql, t->parent_id, REF_FIELD_PARENT,
			       N_("That parent territory no longer exists."), parent_code,
			       &parent_active, &parent_level);
		if (!rc && parent_level < 0)
			parent_level = LEVEL_COUNT; /* fits under nothing the rules know */
	}
	qd_ref_field field = REF_FIELD_NONE;
	const char *why = rc ? NULL : refdata_territory_check(t, parent_level, &field);
	if (!rc)
		rc = setup_rules(db, why, field);
	if (!rc)
		rc = territory_loop(db, t->id, t->parent_id);
	if (!rc && !parent_active && t->parent_id != old.parent_id)
		rc = db_fail(db, DB_INVALID, REF_FIELD_PARENT,
			     _("The territory %s is inactive; activate it first or pick another "
			       "parent."),
			     parent_code);
	if (!rc)
		rc = setup_region_ref(db, t->region_id, old.region_id);
	if (!rc && !is_new && t->level != old.level)
		rc = territory_children_fit(db, t);
	if (!rc)
		rc = territory_grid_free(db, t);
	if (!rc)
		rc = setup_check_code(db, SETUP_TERRITORY, t->id, t->code);
	if (rc)
		return rc;
	char now[24];
	db_now_utc(now);
	int64_t id = is_new ? ids_new() : t->id;
	sqlite3_stmt *st = db_stmt(db, is_new ? insert_sql : update_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_id_or_null(t->parent_id),
			   db_id_or_null(t->region_id), db_text(t->code), db_text(t->name),
			   db_text(t->short_name), db_text(t->short_en), db_text(t->name_en),
			   db_text(labels_level.codes[t->level]), territory_grid_val(t->grid_row),
			   territory_grid_val(t->grid_col), db_text(now));
	if (!rc && !is_new)
		rc = db_bind_at(db, st, 13, db_int(t->version));
	if (!rc)
		rc = setup_write(db, SETUP_TERRITORY, st, id, !is_new, REF_FIELD_NONE);
	struct setup_summary s = { "", 0 };
	territory_summary(&s, is_new ? NULL : &old, t, parent_code);
	if (!rc)
		rc = setup_log(db, SETUP_TERRITORY, id, is_new ? "add" : "edit", s.text, who);
	if (!rc) {
		t->id = id;
		t->version = is_new ? 1 : t->version + 1;
		t->active = is_new ? true : old.active;
	}
	return rc;
}

qd_rc db_setup_territory_save(qd_db *db, struct territory_rec *t, const char *who)
{
	SETUP_SAVE(db, t, territory_save(db, t, who));
}

/* ---- reps ---- */

static int setup_int64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static bool setup_has(const int64_t *ids, int n, int64_t id)
{
	return n > 0 && bsearch(&id, ids, (size_t)n, sizeof id, setup_int64_cmp) != NULL;
}

static int setup_code_cmp(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* Checks the territories in ids exist (with check_new: that those not in
 * old_ids are active) and puts their codes, in code order joined by ", ",
 * into out. */
static qd_rc rep_codes(qd_db *db, const int64_t *ids, int n, bool check_new, const int64_t *old_ids,
		       int nold, char *out, size_t size)
{
	static const char sql[] = "SELECT code, active, '' FROM territories WHERE id = ?1";
	char **codes = xcalloc((size_t)n + 1, sizeof *codes);
	qd_rc rc = DB_OK;
	int have = 0;
	for (; have < n && !rc; have++) {
		char code[64];
		bool active;
		rc = setup_ref(db, sql, ids[have], REF_FIELD_TERRITORIES,
			       N_("A territory in the list no longer exists."), code, &active,
			       NULL);
		if (!rc && check_new && !active && !setup_has(old_ids, nold, ids[have]))
			rc = db_fail(db, DB_INVALID, REF_FIELD_TERRITORIES,
				     _("The territory %s is inactive; activate it first or leave "
				       "it out."),
				     code);
		codes[have] = xstrdup(rc ? "" : code);
	}
	qsort(codes, (size_t)have, sizeof *codes, setup_code_cmp);
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < have; i++) {
		if (used < size)
			used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "",
						 codes[i]);
		free(codes[i]);
	}
	free(codes);
	return rc;
}

/* Makes the rep cover exactly ids (sorted, without repeats). *old gets the
 * codes covered before, *now after. */
static qd_rc rep_cover(qd_db *db, int64_t rep_id, const int64_t *ids, int n, char *old, char *now,
		       size_t size)
{
	static const char old_sql[] =
		"SELECT territory_id FROM rep_territories WHERE rep_id = ?1 ORDER BY territory_id";
	static const char del_sql[] =
		"DELETE FROM rep_territories WHERE rep_id = ?1 AND territory_id = ?2";
	static const char ins_sql[] = "INSERT INTO rep_territories(id, rep_id, territory_id,"
				      " created_at) VALUES (?1, ?2, ?3, ?4)";
	int64_t *before = NULL;
	int nbefore = 0, r;
	sqlite3_stmt *st = db_stmt(db, old_sql);
	if (!st || db_bind(db, st, db_int(rep_id)))
		return db_errcode(db);
	while ((r = db_step(db, st, N_("Could not read the reference data"))) > 0) {
		before = xrealloc(before, (size_t)(nbefore + 1) * sizeof *before);
		before[nbefore++] = sqlite3_column_int64(st, 0);
	}
	qd_rc rc = r < 0 ? db_errcode(db) : DB_OK;
	if (!rc)
		rc = rep_codes(db, before, nbefore, false, NULL, 0, old, size);
	if (!rc)
		rc = rep_codes(db, ids, n, true, before, nbefore, now, size);
	char stamp[24];
	db_now_utc(stamp);
	for (int i = 0; !rc && i < nbefore; i++) {
		if (setup_has(ids, n, before[i]))
			continue;
		st = db_stmt(db, del_sql);
		rc = !st ? db_errcode(db) : db_bind(db, st, db_int(rep_id), db_int(before[i]));
		if (!rc)
			rc = db_run(db, st);
	}
	for (int i = 0; !rc && i < n; i++) {
		if (setup_has(before, nbefore, ids[i]))
			continue;
		st = db_stmt(db, ins_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(ids_new()), db_int(rep_id), db_int(ids[i]),
				   db_text(stamp));
		if (!rc)
			rc = db_run(db, st);
	}
	free(before);
	return rc;
}

static qd_rc rep_save(qd_db *db, struct rep_rec *r, const int64_t *territories, int n,
		      const char *who)
{
	static const char insert_sql[] =
		"INSERT INTO reps(id, code, name, role, region_id, phone, active, sort_key, "
		"version,"
		" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, 1, ?8, ?8)";
	static const char update_sql[] =
		"UPDATE reps SET code = ?2, name = ?3, role = ?4, region_id = ?5, phone = ?6,"
		" sort_key = ?7, version = version + 1, updated_at = ?8"
		" WHERE id = ?1 AND version = ?9";
	qd_ref_field field;
	const char *why = refdata_rep_check(r, &field);
	qd_rc rc = setup_rules(db, why, field);
	bool is_new = r->id == 0;
	struct rep_rec old;
	memset(&old, 0, sizeof old);
	if (!rc && !is_new && !(rc = db_setup_rep_get(db, r->id, &old)) &&
	    old.version != r->version)
		rc = db_fail(db, DB_CONFLICT, 0, "%s", _(setup_kinds[SETUP_REP].stale_msg));
	if (!rc)
		rc = setup_region_ref(db, r->region_id, old.region_id);
	if (!rc)
		rc = setup_check_code(db, SETUP_REP, r->id, r->code);
	if (rc)
		return rc;
	/* The territories sorted, each once. */
	int64_t *ids = xcalloc((size_t)n + 1, sizeof *ids);
	int m = 0;
	if (n > 0)
		memcpy(ids, territories, (size_t)n * sizeof *ids);
	qsort(ids, (size_t)n, sizeof *ids, setup_int64_cmp);
	for (int i = 0; i < n; i++)
		if (i == 0 || ids[i] != ids[m - 1])
			ids[m++] = ids[i];
	char now[24];
	db_now_utc(now);
	char *sort_key = pinyin_sort_key(r->name);
	int64_t id = is_new ? ids_new() : r->id;
	sqlite3_stmt *st = db_stmt(db, is_new ? insert_sql : update_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_text(r->code), db_text(r->name),
			   db_text(labels_role.codes[r->role]), db_id_or_null(r->region_id),
			   db_text(r->phone), db_text(sort_key), db_text(now));
	free(sort_key);
	if (!rc && !is_new)
		rc = db_bind_at(db, st, 9, db_int(r->version));
	if (!rc)
		rc = setup_write(db, SETUP_REP, st, id, !is_new, REF_FIELD_NONE);
	char *before = xmalloc(1024), *after = xmalloc(1024);
	before[0] = after[0] = '\0';
	if (!rc)
		rc = rep_cover(db, id, ids, m, before, after, 1024);
	free(ids);
	struct setup_summary s = { "", 0 };
	setup_note(&s, "code", is_new ? NULL : old.code, r->code);
	setup_note(&s, "name", is_new ? NULL : old.name, r->name);
	setup_note(&s, "role", is_new ? NULL : labels_role.codes[old.role],
		   labels_role.codes[r->role]);
	setup_note(&s, "region",
		   is_new	   ? NULL
		   : old.region_id ? old.region_code
				   : "-",
		   r->region_id ? r->region_code : "-");
	setup_note(&s, "phone", is_new ? NULL : old.phone, r->phone);
	setup_note(&s, "territories", is_new ? NULL : before, after);
	free(before);
	free(after);
	if (!rc)
		rc = setup_log(db, SETUP_REP, id, is_new ? "add" : "edit", s.text, who);
	if (!rc) {
		r->id = id;
		r->version = is_new ? 1 : r->version + 1;
		r->active = is_new ? true : old.active;
	}
	return rc;
}

qd_rc db_setup_rep_save(qd_db *db, struct rep_rec *r, const int64_t *territories, int n,
			const char *who)
{
	SETUP_SAVE(db, r, rep_save(db, r, territories, n, who));
}

/* ---- products ---- */

static qd_rc product_save(qd_db *db, struct product_rec *p, const char *who)
{
	static const char insert_sql[] =
		"INSERT INTO products(id, sku, name, category, unit, price_a_fen, price_b_fen,"
		" price_c_fen, price_d_fen, retail_price_fen, tolerance_bp, active, version,"
		" created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, 1, ?12, ?12)";
	static const char update_sql[] =
		"UPDATE products SET sku = ?2, name = ?3, category = ?4, unit = ?5,"
		" price_a_fen = ?6, price_b_fen = ?7, price_c_fen = ?8, price_d_fen = ?9,"
		" retail_price_fen = ?10, tolerance_bp = ?11, version = version + 1,"
		" updated_at = ?12 WHERE id = ?1 AND version = ?13";
	static const char *const tier_keys[REF_TIERS] = { "price_a", "price_b", "price_c",
							  "price_d" };
	qd_ref_field field;
	const char *why = refdata_product_check(p, &field);
	qd_rc rc = setup_rules(db, why, field);
	bool is_new = p->id == 0;
	struct product_rec old;
	memset(&old, 0, sizeof old);
	if (!rc && !is_new && !(rc = db_setup_product_get(db, p->id, &old)) &&
	    old.version != p->version)
		rc = db_fail(db, DB_CONFLICT, 0, "%s", _(setup_kinds[SETUP_PRODUCT].stale_msg));
	if (!rc)
		rc = setup_check_code(db, SETUP_PRODUCT, p->id, p->sku);
	if (rc)
		return rc;
	char now[24];
	db_now_utc(now);
	int64_t id = is_new ? ids_new() : p->id;
	sqlite3_stmt *st = db_stmt(db, is_new ? insert_sql : update_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_text(p->sku), db_text(p->name),
			   db_text(p->category), db_text(p->unit), db_int(p->tier_fen[0]),
			   db_int(p->tier_fen[1]), db_int(p->tier_fen[2]), db_int(p->tier_fen[3]),
			   db_int(p->retail_fen), db_int(p->tolerance_bp), db_text(now));
	if (!rc && !is_new)
		rc = db_bind_at(db, st, 13, db_int(p->version));
	if (!rc)
		rc = setup_write(db, SETUP_PRODUCT, st, id, !is_new, REF_FIELD_NONE);
	struct setup_summary s = { "", 0 };
	setup_note(&s, "sku", is_new ? NULL : old.sku, p->sku);
	setup_note(&s, "name", is_new ? NULL : old.name, p->name);
	setup_note(&s, "category", is_new ? NULL : old.category, p->category);
	setup_note(&s, "unit", is_new ? NULL : old.unit, p->unit);
	for (int i = 0; i < REF_TIERS; i++)
		setup_note_money(&s, tier_keys[i], is_new ? NULL : &old.tier_fen[i],
				 p->tier_fen[i]);
	setup_note_money(&s, "retail", is_new ? NULL : &old.retail_fen, p->retail_fen);
	int64_t old_bp = old.tolerance_bp;
	setup_note_int(&s, "tolerance_bp", is_new ? NULL : &old_bp, p->tolerance_bp);
	if (!rc)
		rc = setup_log(db, SETUP_PRODUCT, id, is_new ? "add" : "edit", s.text, who);
	if (!rc) {
		p->id = id;
		p->version = is_new ? 1 : p->version + 1;
		p->active = is_new ? true : old.active;
	}
	return rc;
}

qd_rc db_setup_product_save(qd_db *db, struct product_rec *p, const char *who)
{
	SETUP_SAVE(db, p, product_save(db, p, who));
}

/* ---- activation ---- */

/* How many rows sql (count and an example code, for ?1) finds; *example
 * gets the code. */
static qd_rc setup_count(qd_db *db, const char *sql, int64_t id, int64_t *n, char *example)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not check what uses it"));
	if (r < 0)
		return db_errcode(db);
	*n = 0;
	example[0] = '\0';
	if (r > 0) {
		*n = sqlite3_column_int64(st, 0);
		text_copy(example, 64, (const char *)sqlite3_column_text(st, 1));
		sqlite3_reset(st);
	}
	return DB_OK;
}

/* The statements that find what still uses a record: how many, and the
 * first code among them, for ?1. */
static const char setup_region_territories[] =
	"SELECT count(*), min(code) FROM territories WHERE region_id = ?1 AND active";
static const char setup_region_reps[] =
	"SELECT count(*), min(code) FROM reps WHERE region_id = ?1 AND active";
static const char setup_children[] =
	"SELECT count(*), min(code) FROM territories WHERE parent_id = ?1 AND active";
static const char setup_in_territory[] = "SELECT count(*), min(code) FROM distributors"
					 " WHERE territory_id = ?1 AND " SETUP_IN_BUSINESS;
static const char setup_owned[] = "SELECT count(*), min(code) FROM distributors"
				  " WHERE owner_rep_id = ?1 AND " SETUP_IN_BUSINESS;

/* A region holding active territories or reps stays active. */
static qd_rc region_may_deactivate(qd_db *db, int64_t id, const char *name)
{
	int64_t n;
	char ex[64];
	qd_rc rc = setup_count(db, setup_region_territories, id, &n, ex);
	if (!rc && n)
		return db_fail(
			db, DB_INVALID, REF_FIELD_ACTIVE,
			ngettext("%s still holds %lld active territory, %s; move it to "
				 "another region or deactivate it first.",
				 "%s still holds %lld active territories, %s among them; move "
				 "them to another region or deactivate them first.",
				 (unsigned long)n),
			name, (long long)n, ex);
	if (!rc)
		rc = setup_count(db, setup_region_reps, id, &n, ex);
	if (!rc && n)
		return db_fail(
			db, DB_INVALID, REF_FIELD_ACTIVE,
			ngettext("%s still holds %lld active rep, %s; move them to another "
				 "region or deactivate them first.",
				 "%s still holds %lld active reps, %s among them; move them to "
				 "another region or deactivate them first.",
				 (unsigned long)n),
			name, (long long)n, ex);
	return rc;
}

/* A territory with active territories under it, or distributors still in
 * business in it, stays active. */
static qd_rc territory_may_deactivate(qd_db *db, int64_t id, const char *name)
{
	int64_t n;
	char ex[64];
	qd_rc rc = setup_count(db, setup_children, id, &n, ex);
	if (!rc && n)
		return db_fail(db, DB_INVALID, REF_FIELD_ACTIVE,
			       ngettext("%s still has %lld active territory under it, %s; "
					"deactivate it first.",
					"%s still has %lld active territories under it, %s among "
					"them; deactivate them first.",
					(unsigned long)n),
			       name, (long long)n, ex);
	if (!rc)
		rc = setup_count(db, setup_in_territory, id, &n, ex);
	if (!rc && n)
		return db_fail(
			db, DB_INVALID, REF_FIELD_ACTIVE,
			ngettext("%s still holds %lld distributor in business, %s; move it "
				 "to another territory first.",
				 "%s still holds %lld distributors in business, %s among them; "
				 "move them to another territory first.",
				 (unsigned long)n),
			name, (long long)n, ex);
	return rc;
}

/* A rep who owns distributors still in business stays active. */
static qd_rc rep_may_deactivate(qd_db *db, int64_t id, const char *name)
{
	int64_t n;
	char ex[64];
	qd_rc rc = setup_count(db, setup_owned, id, &n, ex);
	if (!rc && n)
		return db_fail(
			db, DB_INVALID, REF_FIELD_ACTIVE,
			ngettext("%s still owns %lld distributor in business, %s; give it "
				 "another owner first.",
				 "%s still owns %lld distributors in business, %s among them; "
				 "give them another owner first.",
				 (unsigned long)n),
			name, (long long)n, ex);
	return rc;
}

/* A territory may be activated only under an active parent. */
static qd_rc setup_may_activate(qd_db *db, qd_setup_kind kind, int64_t id)
{
	static const char sql[] = "SELECT p.code, p.active, '' FROM territories t"
				  " JOIN territories p ON p.id = t.parent_id WHERE t.id = ?1";
	if (kind != SETUP_TERRITORY)
		return DB_OK;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not check a reference"));
	if (r <= 0)
		return r < 0 ? db_errcode(db) : DB_OK;
	char code[64];
	text_copy(code, sizeof code, (const char *)sqlite3_column_text(st, 0));
	bool active = sqlite3_column_int(st, 1) != 0;
	sqlite3_reset(st);
	return active ? DB_OK
		      : db_fail(db, DB_INVALID, REF_FIELD_ACTIVE,
				_("Its parent territory %s is inactive; activate the parent "
				  "first."),
				code);
}

static qd_rc setup_set_active(qd_db *db, qd_setup_kind kind, int64_t id, int64_t version,
			      bool active, const char *who)
{
	bool now_active;
	char code[64], name[REF_BUF(REF_PRODUCT_NAME_MAX)];
	qd_rc rc = setup_state(db, kind, id, version, &now_active, code, name, sizeof name);
	if (rc || now_active == active)
		return rc;
	if (active)
		rc = setup_may_activate(db, kind, id);
	else if (kind == SETUP_REGION)
		rc = region_may_deactivate(db, id, name);
	else if (kind == SETUP_TERRITORY)
		rc = territory_may_deactivate(db, id, name);
	else if (kind == SETUP_REP)
		rc = rep_may_deactivate(db, id, name);
	if (rc)
		return rc;
	char stamp[24];
	db_now_utc(stamp);
	sqlite3_stmt *st = db_stmt(db, setup_kinds[kind].active_sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(id), db_int(active), db_text(stamp), db_int(version));
	if (!rc)
		rc = setup_write(db, kind, st, id, true, REF_FIELD_ACTIVE);
	char summary[REF_BUF(REF_PRODUCT_NAME_MAX) + 80];
	snprintf(summary, sizeof summary, "%s %s", code, name);
	if (!rc)
		rc = setup_log(db, kind, id, active ? "activate" : "deactivate", summary, who);
	return rc;
}

qd_rc db_setup_set_active(qd_db *db, qd_setup_kind kind, int64_t id, int64_t version, bool active,
			  const char *who)
{
	if (kind < 0 || kind >= SETUP_KINDS)
		return db_fail(db, DB_ERROR, 0, _("Internal error: no such kind of record."));
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, setup_set_active(db, kind, id, version, active, who));
}
