/* Territories, reps and regions, looked up by code and searched for
 * pickers. These tables are small (a few hundred rows at most), so a search
 * reads them all through the pinyin matcher. */
#include "qudao/reference.h"

#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "qudao/i18n.h"
#include "qudao/lifecycle.h"
#include "qudao/pinyin.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

/* clang-format off */
/* Names in the language shown (db.c: qd_local_name). */
static const char ref_territory_code_sql[] =
	"SELECT t.id, t.code, qd_local_name(t.name, t.name_en), qd_local_name(p.name, p.name_en)"
	" FROM territories t"
	" LEFT JOIN territories p ON p.id = t.parent_id WHERE t.code = ?1 COLLATE NOCASE";
static const char ref_rep_code_sql[] =
	"SELECT r.id, r.code, r.name, coalesce(g.name, '') FROM reps r"
	" LEFT JOIN regions g ON g.id = r.region_id WHERE r.code = ?1 COLLATE NOCASE";
static const char ref_territory_search_sql[] =
	"SELECT t.id, t.code, qd_local_name(t.name, t.name_en), qd_local_name(p.name, p.name_en)"
	" FROM territories t"
	" LEFT JOIN territories p ON p.id = t.parent_id"
	" WHERE ?1 = '' OR t.code LIKE ?2 ESCAPE '\\' OR qd_pinyin_match(?1, t.name)"
	" OR qd_pinyin_match(?1, t.short_name)"
	/* The English name and the map's English label (Gdng) as shown. */
	" OR t.name_en LIKE ?2 ESCAPE '\\' OR t.short_en LIKE ?2 ESCAPE '\\'"
	/* What begins with the query first (Shenzhen for "she"), then what
	 * has it inside (the provinces, 省 being sheng). */
	" ORDER BY t.code = ?1 COLLATE NOCASE DESC, (t.code LIKE ?2 ESCAPE '\\'"
	" OR t.name_en LIKE ?2 ESCAPE '\\' OR t.short_en LIKE ?2 ESCAPE '\\'"
	" OR qd_pinyin_start(?1, t.name) OR qd_pinyin_start(?1, t.short_name)) DESC,"
	" t.parent_id IS NOT NULL, t.code LIMIT ?3";
static const char ref_rep_search_sql[] =
	"SELECT r.id, r.code, r.name, coalesce(g.name, '') FROM reps r"
	" LEFT JOIN regions g ON g.id = r.region_id"
	" WHERE ?1 = '' OR r.code LIKE ?2 ESCAPE '\\' OR qd_pinyin_match(?1, r.name)"
	" ORDER BY r.code = ?1 COLLATE NOCASE DESC, (r.code LIKE ?2 ESCAPE '\\'"
	" OR qd_pinyin_start(?1, r.name)) DESC, r.active DESC, r.code LIMIT ?3";
static const char ref_region_code_sql[] =
	"SELECT g.id, g.code, g.name, '' FROM regions g WHERE g.code = ?1 COLLATE NOCASE";
static const char ref_region_search_sql[] =
	"SELECT g.id, g.code, g.name, '' FROM regions g"
	" WHERE ?1 = '' OR g.code LIKE ?2 ESCAPE '\\' OR qd_pinyin_match(?1, g.name)"
	" ORDER BY g.code = ?1 COLLATE NOCASE DESC, (g.code LIKE ?2 ESCAPE '\\'"
	" OR qd_pinyin_start(?1, g.name)) DESC, g.active DESC, g.code LIMIT ?3";
static const char ref_distributor_code_sql[] =
	"SELECT d.id, d.code, d.name, d.status FROM distributors d WHERE d.code = ?1 COLLATE NOCASE";
static const char ref_product_sku_sql[] =
	"SELECT p.id, p.sku, p.name, p.category FROM products p WHERE p.sku = ?1 COLLATE NOCASE";
/* The records named so, in code order (a list exported from the screen
 * holds names where an import wants codes). */
static const char ref_territory_name_sql[] =
	"SELECT t.id, t.code, t.name, '' FROM territories t"
	" WHERE t.name = ?1 OR t.short_name = ?1 OR t.name_en = ?1 COLLATE NOCASE"
	" ORDER BY t.code LIMIT ?2";
static const char ref_rep_name_sql[] =
	"SELECT r.id, r.code, r.name, '' FROM reps r WHERE r.name = ?1 COLLATE NOCASE"
	" ORDER BY r.code LIMIT ?2";
static const char ref_region_name_sql[] =
	"SELECT g.id, g.code, g.name, '' FROM regions g WHERE g.name = ?1 COLLATE NOCASE"
	" ORDER BY g.code LIMIT ?2";
/* clang-format on */

static void ref_row(sqlite3_stmt *st, struct ref_item *out)
{
	out->id = sqlite3_column_int64(st, 0);
	text_copy(out->code, sizeof out->code, (const char *)sqlite3_column_text(st, 1));
	text_copy(out->name, sizeof out->name, (const char *)sqlite3_column_text(st, 2));
	text_copy(out->detail, sizeof out->detail, (const char *)sqlite3_column_text(st, 3));
}

static qd_rc ref_by_code(qd_db *db, const char *sql, const char *code, struct ref_item *out,
			 const char *unknown)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return db_errcode(db);
	qd_rc rc = db_bind(db, st, db_text(code ? code : ""));
	if (rc)
		return rc;
	int r = db_step(db, st, N_("Could not look up a code"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, 0, unknown, code ? code : "");
	ref_row(st, out);
	sqlite3_reset(st);
	return DB_OK;
}

/* Up to max of st's rows (bound) into out: how many, or -1 when a step
 * failed (said as what). */
static int ref_rows(qd_db *db, sqlite3_stmt *st, struct ref_item *out, int max, const char *what)
{
	int n = 0, r = 0;
	while (n < max && (r = db_step(db, st, what)) > 0)
		ref_row(st, &out[n++]);
	if (n == max)
		sqlite3_reset(st);
	else if (r < 0)
		return -1;
	return n;
}

static int ref_by_name(qd_db *db, const char *sql, const char *name, struct ref_item *out, int max)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(name ? name : ""), db_int(max)))
		return -1;
	return ref_rows(db, st, out, max, N_("Could not look up a name"));
}

int db_ref_territory_named(qd_db *db, const char *name, struct ref_item *out, int max)
{
	return ref_by_name(db, ref_territory_name_sql, name, out, max);
}

int db_ref_rep_named(qd_db *db, const char *name, struct ref_item *out, int max)
{
	return ref_by_name(db, ref_rep_name_sql, name, out, max);
}

int db_ref_region_named(qd_db *db, const char *name, struct ref_item *out, int max)
{
	return ref_by_name(db, ref_region_name_sql, name, out, max);
}

qd_rc db_ref_territory_by_code(qd_db *db, const char *code, struct ref_item *out)
{
	return ref_by_code(db, ref_territory_code_sql, code, out,
			   _("There is no territory with the code \"%s\"."));
}

qd_rc db_ref_rep_by_code(qd_db *db, const char *code, struct ref_item *out)
{
	return ref_by_code(db, ref_rep_code_sql, code, out,
			   _("There is no rep with the code \"%s\"."));
}

qd_rc db_ref_distributor_by_code(qd_db *db, const char *code, struct ref_item *out)
{
	return ref_by_code(db, ref_distributor_code_sql, code, out,
			   _("There is no distributor with the code \"%s\"."));
}

qd_rc db_ref_product_by_sku(qd_db *db, const char *sku, struct ref_item *out)
{
	return ref_by_code(db, ref_product_sku_sql, sku, out,
			   _("There is no product with the code \"%s\"."));
}

static int ref_search(qd_db *db, const char *sql, const char *query, struct ref_item *out, int max)
{
	char *q = pinyin_normalize_query(query);
	/* The code prefix for LIKE, its wildcards escaped. */
	char *like = xmalloc(strlen(q) * 2 + 2);
	char *o = like;
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o++ = '%';
	*o = '\0';
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_text(q), db_text(like), db_int(max));
	free(q);
	free(like);
	if (rc)
		return -1;
	return ref_rows(db, st, out, max, N_("Could not search"));
}

qd_rc db_ref_region_by_code(qd_db *db, const char *code, struct ref_item *out)
{
	return ref_by_code(db, ref_region_code_sql, code, out,
			   _("There is no region with the code \"%s\"."));
}

int db_ref_territory_search(qd_db *db, const char *query, struct ref_item *out, int max)
{
	return ref_search(db, ref_territory_search_sql, query, out, max);
}

int db_ref_rep_search(qd_db *db, const char *query, struct ref_item *out, int max)
{
	return ref_search(db, ref_rep_search_sql, query, out, max);
}

int db_ref_region_search(qd_db *db, const char *query, struct ref_item *out, int max)
{
	return ref_search(db, ref_region_search_sql, query, out, max);
}

int db_ref_distributor_code_search(qd_db *db, const char *prefix, unsigned status_mask,
				   struct ref_item *out, int max)
{
	static const char sql[] =
		"SELECT d.id, d.code, d.name, coalesce(qd_local_name(t.name, t.name_en), ''),"
		" d.status FROM distributors d LEFT JOIN territories t ON t.id = d.territory_id"
		" WHERE d.code LIKE ?1 ESCAPE '\\' ORDER BY d.code";
	if (!prefix || !*prefix || max <= 0)
		return 0;
	char *like = xmalloc(strlen(prefix) * 2 + 2);
	char *o = like;
	for (const char *p = prefix; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o++ = '%';
	*o = '\0';
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_text(like));
	free(like);
	if (rc)
		return -1;
	int n = 0, r = 0;
	while (n < max && (r = db_step(db, st, N_("Could not search"))) > 0) {
		qd_status status;
		if (status_mask &&
		    (lifecycle_status_parse((const char *)sqlite3_column_text(st, 4), &status) ||
		     !(status_mask & (1u << status))))
			continue;
		ref_row(st, &out[n++]);
	}
	if (r > 0)
		sqlite3_reset(st);
	else if (r < 0)
		return -1;
	return n;
}
