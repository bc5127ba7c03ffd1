/* Distributors: the keyset-paged list, one record, saving and lifecycle moves.
 * The list's SQL is assembled once per sort and direction from fixed pieces;
 * every value from the user is bound. */
#include "qudao/distributor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"
#include "sync_internal.h"
#include "qudao/i18n.h"
#include "qudao/ids.h"
#include "qudao/pinyin.h"
#include "qudao/territory.h"
#include "qudao/text.h"
#include "qudao/validate.h"
#include "qudao/xalloc.h"

/* clang-format off */
/* Parameters: ?1 today, ?2 status mask, ?3 tier mask, ?4 territory, ?5 owner,
 * ?6 visit overdue, ?7 payment overdue, ?8 expiring, ?9 the trigram match or
 * the Chinese part of a mixed query, ?10 the query, ?11 the query without its
 * spaces when that differs, ?12 ?13 ?14 the key to page from, ?15 the limit,
 * ?16 one distributor's id (0 for all), ?17 expired. */
#define DIST_VISIT_OVERDUE DB_VISIT_OVERDUE("?1")
#define DIST_PAYMENT_OVERDUE "(s.unpaid_since IS NOT NULL AND s.unpaid_since < ?1)"
#define DIST_EXPIRING \
	"(d.status IN ('active','suspended') AND d.agreement_end BETWEEN ?1 AND date(?1, '+60 days'))"
#define DIST_EXPIRED "(d.status = 'active' AND d.agreement_end < ?1)"
/* The lifecycle order; the status sort reads the index on this very
 * expression (schema.c), so the two must stay the same. */
#define DIST_STATUS_INDEX \
	"(CASE d.status WHEN 'applicant' THEN 0 WHEN 'reviewing' THEN 1 WHEN 'active' THEN 2" \
	" WHEN 'suspended' THEN 3 WHEN 'terminated' THEN 4 ELSE 5 END)"
#define DIST_FROM \
	" FROM distributors d LEFT JOIN distributor_stats s ON s.distributor_id = d.id"
#define DIST_WHERE \
	" WHERE (?2 = 0 OR (?2 >> " DIST_STATUS_INDEX ") & 1)" \
	" AND (?3 = 0 OR (?3 >> (unicode(d.tier) - 65)) & 1)" \
	" AND (?4 = 0 OR d.territory_id IN (WITH RECURSIVE sub(id) AS (SELECT ?4 UNION ALL" \
	"   SELECT t2.id FROM territories t2 JOIN sub ON t2.parent_id = sub.id) SELECT id FROM sub))" \
	" AND (?5 = 0 OR d.owner_rep_id = ?5)" \
	" AND (?6 = 0 OR " DIST_VISIT_OVERDUE ")" \
	" AND (?7 = 0 OR " DIST_PAYMENT_OVERDUE ")" \
	" AND (?8 = 0 OR " DIST_EXPIRING ")" \
	" AND (?17 = 0 OR " DIST_EXPIRED ")" \
	" AND (?16 = 0 OR d.id = ?16)"

/* Each sort's keys; k2 NULL means the first key and the id decide. `id` is
 * the id column the order ends on: the last-visit sort reads the stats index,
 * whose order ends on s.distributor_id. Territory and owner read the indexes
 * on the keys triggers keep (the territory's code, the rep's pinyin). */
static const struct {
	const char *k1, *k2, *id;
} dist_sort_keys[DIST_SORT_COUNT] = {
	[DIST_SORT_NAME] = {"d.sort_key", NULL, "d.id"},
	[DIST_SORT_CODE] = {"d.code", NULL, "d.id"},
	[DIST_SORT_TIER] = {"d.tier", "d.sort_key", "d.id"},
	[DIST_SORT_STATUS] = {"char(48 + " DIST_STATUS_INDEX ")", "d.sort_key", "d.id"},
	[DIST_SORT_TERRITORY] = {"d.territory_key", "d.sort_key", "d.id"},
	[DIST_SORT_OWNER] = {"d.owner_key", "d.sort_key", "d.id"},
	[DIST_SORT_LAST_VISIT] = {"s.last_visit_at", NULL, "s.distributor_id"},
};

/* How a query is searched for: three or more characters by the trigram index;
 * one or two by reading the keys in list order; Chinese mixed with letters
 * (广州th) by its Chinese part, then the pinyin matcher. */
typedef enum { SEARCH_NONE, SEARCH_TRIGRAM, SEARCH_SHORT, SEARCH_MIXED, SEARCH_KINDS } dist_search;

/* The query (or the query without its spaces) matching a key: where
 * syllables begin (core pinyin_key_match). */
#define DIST_KEY_MATCH " AND (qd_key_match(d.search_key, ?10) OR (?11 <> '' AND qd_key_match(d.search_key, ?11)))"

static const char *const dist_search_sql[SEARCH_KINDS] = {
	[SEARCH_NONE] = "",
	/* The trigram index finds the candidates: substrings of the key. */
	[SEARCH_TRIGRAM] = " AND d.id IN (SELECT rowid FROM distributor_fts WHERE distributor_fts MATCH ?9)"
			   DIST_KEY_MATCH,
	[SEARCH_SHORT] = DIST_KEY_MATCH,
	[SEARCH_MIXED] = " AND qd_contains(d.search_key, ?9) AND qd_pinyin_match(?10, d.name)",
};

static const char dist_sql_get[] =
	"SELECT d.id, d.code, d.name, d.type, d.tier, d.status, d.contact, d.phone, d.address,"
	" coalesce(d.territory_id, 0), coalesce(t.code, ''), qd_local_name(t.name, t.name_en),"
	" coalesce(d.owner_rep_id, 0), coalesce(r.code, ''), coalesce(r.name, ''),"
	" d.credit_limit_fen, coalesce(d.agreement_start, ''), coalesce(d.agreement_end, ''),"
	" d.visit_every_days, d.notes, d.created_at, d.updated_at, d.version"
	" FROM distributors d LEFT JOIN territories t ON t.id = d.territory_id"
	" LEFT JOIN reps r ON r.id = d.owner_rep_id WHERE d.id = ?1";
/* clang-format on */

/* The count SQL for a kind of search. Built once, kept for the program's life. */
static const char *dist_count_sql(dist_search kind)
{
	static char *sql[SEARCH_KINDS];
	if (!sql[kind])
		sql[kind] = xasprintf("SELECT count(*) FROM (SELECT 1" DIST_FROM DIST_WHERE
				      "%s LIMIT ?15)",
				      dist_search_sql[kind]);
	return sql[kind];
}

/* The rows after a sort's key (before it, when down) in its order. */
static char *dist_keyset_sql(qd_dist_sort sort, bool down)
{
	const char *k1 = dist_sort_keys[sort].k1, *k2 = dist_sort_keys[sort].k2;
	const char *id = dist_sort_keys[sort].id, *cmp = down ? "<" : ">";
	return k2 ? xasprintf(" AND (%s, %s, %s) %s (?12, ?13, ?14)", k1, k2, id, cmp)
		  : xasprintf(" AND (%s, %s) %s (?12, ?14)", k1, id, cmp);
}

static char *dist_order_sql(qd_dist_sort sort, const char *dir)
{
	const char *k1 = dist_sort_keys[sort].k1, *k2 = dist_sort_keys[sort].k2;
	const char *id = dist_sort_keys[sort].id;
	return k2 ? xasprintf("%s %s, %s %s, %s %s", k1, dir, k2, dir, id, dir)
		  : xasprintf("%s %s, %s %s", k1, dir, id, dir);
}

/* Every distributor has its stats row (a trigger makes it), so the join can
 * be inner and the stats index can lead. */
static const char *dist_from_sql(qd_dist_sort sort)
{
	return sort == DIST_SORT_LAST_VISIT
		       ? " FROM distributor_stats s JOIN distributors d ON d.id = s.distributor_id"
		       : " FROM distributors d LEFT JOIN distributor_stats s ON s.distributor_id = d.id";
}

/* The page SQL for a sort, direction, paging mode (0 first, 1 after a key, 2
 * before a key) and kind of search, built once and kept for the life of the
 * program so the statement cache can key on it. */
static const char *dist_page_sql(qd_dist_sort sort, bool desc, int mode, dist_search kind)
{
	static char *sql[DIST_SORT_COUNT][2][3][SEARCH_KINDS];
	char **slot = &sql[sort][desc][mode][kind];
	if (*slot)
		return *slot;
	const char *k1 = dist_sort_keys[sort].k1, *k2 = dist_sort_keys[sort].k2;
	/* Going back reads the other way round. */
	bool down = desc != (mode == 2);
	const char *dir = down ? "DESC" : "ASC";
	char *keyset = mode ? dist_keyset_sql(sort, down) : xstrdup("");
	char *order = dist_order_sql(sort, dir);
	*slot = xasprintf(
		"SELECT d.id, d.code, d.name, d.tier, d.status, qd_local_name(t.name, t.name_en),"
		" coalesce(r.name, ''), coalesce(s.last_visit_at, ''), %s, %s, %s, %s, %s, %s"
		"%s"
		" LEFT JOIN territories t ON t.id = d.territory_id"
		" LEFT JOIN reps r ON r.id = d.owner_rep_id"
		"%s%s%s ORDER BY %s LIMIT ?15",
		DIST_VISIT_OVERDUE, DIST_PAYMENT_OVERDUE, DIST_EXPIRING, DIST_EXPIRED, k1,
		k2 ? k2 : "''", dist_from_sql(sort), DIST_WHERE, dist_search_sql[kind], keyset,
		order);
	free(keyset);
	free(order);
	return *slot;
}

/* The page SQL of the name sort when a territory is the only filter (the
 * territory panel's list, the list filtered to a territory): the window's
 * ids are first taken in order from the index on the kept territory key
 * (the territory's code, triggers keep it; qudao check checks it), the
 * territory's and those under it, reading only that index; then their rows.
 * Left to itself, SQLite walks the whole name index reading each row to
 * test its territory: 42,000 rows before the first of a province on the
 * large demo. The full filter still applies to the rows. Kept like
 * dist_page_sql's. */
static const char *dist_territory_page_sql(bool desc, int mode)
{
	static char *sql[2][3];
	char **slot = &sql[desc][mode];
	if (*slot)
		return *slot;
	bool down = desc != (mode == 2);
	const char *dir = down ? "DESC" : "ASC", *cmp = down ? "<" : ">";
	char *keyset_x =
		mode ? xasprintf(" AND (x.sort_key, x.id) %s (?12, ?14)", cmp) : xstrdup("");
	char *keyset_d =
		mode ? xasprintf(" AND (d.sort_key, d.id) %s (?12, ?14)", cmp) : xstrdup("");
	*slot = xasprintf(
		"SELECT d.id, d.code, d.name, d.tier, d.status, qd_local_name(t.name, t.name_en),"
		" coalesce(r.name, ''), coalesce(s.last_visit_at, ''), %s, %s, %s, %s,"
		" d.sort_key, ''"
		" FROM (SELECT x.id FROM distributors x INDEXED BY distributors_territory_key"
		"  WHERE x.territory_key IN (SELECT t3.code FROM territories t3 WHERE t3.id IN"
		"   (WITH RECURSIVE sub(id) AS (SELECT ?4 UNION ALL SELECT t2.id"
		"    FROM territories t2 JOIN sub ON t2.parent_id = sub.id) SELECT id FROM sub))%s"
		"  ORDER BY x.sort_key %s, x.id %s LIMIT ?15) w"
		" CROSS JOIN distributors d ON d.id = w.id"
		" LEFT JOIN distributor_stats s ON s.distributor_id = d.id"
		" LEFT JOIN territories t ON t.id = d.territory_id"
		" LEFT JOIN reps r ON r.id = d.owner_rep_id"
		"%s%s ORDER BY d.sort_key %s, d.id %s LIMIT ?15",
		DIST_VISIT_OVERDUE, DIST_PAYMENT_OVERDUE, DIST_EXPIRING, DIST_EXPIRED, keyset_x,
		dir, dir, DIST_WHERE, keyset_d, dir, dir);
	free(keyset_x);
	free(keyset_d);
	return *slot;
}

/* An FTS5 phrase for text: in double quotes, quotes doubled. */
static char *dist_phrase(const char *text)
{
	size_t n = strlen(text);
	char *out = xmalloc(2 * n + 3), *o = out;
	*o++ = '"';
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			*o++ = '"';
		*o++ = *p;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

static size_t dist_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* How a search is searched for, and its terms for ?9, ?10 and ?11. */
struct dist_terms {
	dist_search kind;
	char *t9, *t10, *t11;
};

static void dist_terms_free(struct dist_terms *t)
{
	free(t->t9);
	free(t->t10);
	free(t->t11);
}

static void dist_terms_make(const char *search, struct dist_terms *t)
{
	/* (Without the blanks around it: blank alone is no search.) */
	char *q = pinyin_normalize_query(search);
	/* A phone number is searched by its digits alone: 136-4527-1728 and
	 * +86 136 4527 1728 both find 13645271728. */
	char *phone = pinyin_phone_query(q);
	if (phone) {
		free(q);
		q = phone;
	}
	char *nospace = xstrdup(q), *o = nospace;
	bool letters = false, wide = false;
	for (const char *p = q; *p; p++) {
		if (*p != ' ' && *p != '\'')
			*o++ = *p;
		letters |= *p >= 'a' && *p <= 'z';
		wide |= (unsigned char)*p >= 0x80;
	}
	*o = '\0';
	dist_search kind = !*q			? SEARCH_NONE
			   : wide && letters	? SEARCH_MIXED
			   : dist_chars(q) >= 3 ? SEARCH_TRIGRAM
						: SEARCH_SHORT;
	t->t9 = xstrdup("");
	t->t10 = q;
	t->t11 = xstrdup(strcmp(q, nospace) ? nospace : "");
	if (kind == SEARCH_TRIGRAM) {
		/* "guang zhou" also finds guangzhou. */
		char *a = dist_phrase(q), *b = dist_phrase(nospace);
		free(t->t9);
		t->t9 = strcmp(q, nospace) && dist_chars(nospace) >= 3 ? xasprintf("%s OR %s", a, b)
								       : xstrdup(a);
		free(a);
		free(b);
	} else if (kind == SEARCH_MIXED) {
		/* The longest run of Chinese (non-ASCII) characters narrows it down. */
		const char *best = q, *p = q;
		size_t best_len = 0;
		while (*p) {
			const char *start = p;
			while (*p && (unsigned char)*p >= 0x80)
				p++;
			if ((size_t)(p - start) > best_len) {
				best = start;
				best_len = (size_t)(p - start);
			}
			while (*p && (unsigned char)*p < 0x80)
				p++;
		}
		free(t->t9);
		t->t9 = xstrndup(best, best_len);
	}
	free(nospace);
	t->kind = kind;
}

/* Rows a search of three characters or more finds: those the trigram index
 * finds for its match expression whose pinyin matches where syllables
 * begin (qd_key_match). The list asks for the same one page after page, so
 * the answer is remembered until the data changes. -1 with the error on
 * the handle. */
static int64_t dist_trigram_count(qd_db *db, const struct dist_terms *t)
{
	/* (The page's own condition, ?9-?11 as it binds them.) */
	static char *sql;
	if (!sql)
		sql = xasprintf("SELECT count(*) FROM distributors d WHERE 1%s",
				dist_search_sql[SEARCH_TRIGRAM]);
	int64_t n;
	char *key = xasprintf("\002%s\037%s\037%s", t->t9, t->t10, t->t11);
	if (db_memo_get(db, key, &n)) {
		free(key);
		return n;
	}
	uint64_t gen = db_generation(db);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind_at(db, st, 9, db_text(t->t9), db_text(t->t10), db_text(t->t11)) ||
	    db_int_of(db, st, &n, NULL)) {
		free(key);
		return -1;
	}
	db_memo_put(db, key, n, gen);
	free(key);
	return n;
}

/* Past this many rows, a trigram match is dense enough that reading the keys
 * in list order fills a page sooner than collecting every match first. */
enum { DIST_DENSE_MATCHES = 2000 };

/* Binds ?1-?11 from the filter and its search terms, ?15 to limit, ?16 and
 * ?17. */
static qd_rc dist_bind_filter(qd_db *db, sqlite3_stmt *st, const struct dist_filter *f,
			      const struct dist_terms *t, qd_date today, int limit)
{
	char day[DATE_BUF];
	qd_rc rc = db_bind(db, st, db_text(date_format(today, day)), db_int(f->status_mask),
			   db_int(f->tier_mask), db_int(f->territory_id), db_int(f->owner_rep_id),
			   db_int(f->visit_overdue), db_int(f->payment_overdue),
			   db_int(f->expiring), db_text(t->t9), db_text(t->t10), db_text(t->t11));
	return rc ? rc
		  : db_bind_at(db, st, 15, db_int(limit), db_int(f->only_id), db_int(f->expired));
}

static void dist_copy(char *dst, size_t size, const unsigned char *src)
{
	text_copy(dst, size, (const char *)src);
}

static void dist_read_row(sqlite3_stmt *st, struct dist_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	dist_copy(r->code, sizeof r->code, sqlite3_column_text(st, 1));
	dist_copy(r->name, sizeof r->name, sqlite3_column_text(st, 2));
	const unsigned char *tier = sqlite3_column_text(st, 3);
	r->tier = tier ? (char)tier[0] : '?';
	if (lifecycle_status_parse((const char *)sqlite3_column_text(st, 4), &r->status))
		r->status = STATUS_APPLICANT;
	dist_copy(r->territory, sizeof r->territory, sqlite3_column_text(st, 5));
	dist_copy(r->owner, sizeof r->owner, sqlite3_column_text(st, 6));
	dist_copy(r->last_visit, sizeof r->last_visit, sqlite3_column_text(st, 7));
	r->visit_overdue = sqlite3_column_int(st, 8);
	r->payment_overdue = sqlite3_column_int(st, 9);
	r->expiring = sqlite3_column_int(st, 10);
	r->expired = sqlite3_column_int(st, 11);
	dist_copy(r->key1, sizeof r->key1, sqlite3_column_text(st, 12));
	dist_copy(r->key2, sizeof r->key2, sqlite3_column_text(st, 13));
}

static bool dist_filter_empty(const struct dist_filter *f)
{
	return !f->status_mask && !f->tier_mask && !f->territory_id && !f->owner_rep_id &&
	       !f->visit_overdue && !f->payment_overdue && !f->expiring && !f->expired &&
	       !f->only_id;
}

/* A territory and nothing else filters the list (the search, which
 * dist_filter_empty leaves out, is the caller's to look at). */
static bool dist_territory_only(const struct dist_filter *f)
{
	struct dist_filter rest = *f;
	rest.territory_id = 0;
	return f->territory_id && dist_filter_empty(&rest);
}

int db_dist_page(qd_db *db, const struct dist_filter *f, qd_dist_sort sort, bool desc,
		 const struct dist_row *after, bool backward, qd_date today, struct dist_row *out,
		 int max)
{
	struct dist_terms t;
	dist_terms_make(f->search, &t);
	dist_search kind = t.kind;
	if (kind == SEARCH_TRIGRAM) {
		int64_t matches = dist_trigram_count(db, &t);
		if (matches < 0) {
			dist_terms_free(&t);
			return -1;
		}
		if (matches > DIST_DENSE_MATCHES)
			kind = SEARCH_SHORT;
	}
	/* From the end: read the opposite order from its start, then reverse. */
	const char *sql = after ? dist_page_sql(sort, desc, backward ? 2 : 1, kind)
				: dist_page_sql(sort, backward ? !desc : desc, 0, kind);
	if (dist_territory_only(f) && kind == SEARCH_NONE && sort == DIST_SORT_NAME)
		sql = after ? dist_territory_page_sql(desc, backward ? 2 : 1)
			    : dist_territory_page_sql(backward ? !desc : desc, 0);
	sqlite3_stmt *st = db_stmt(db, sql);
	bool bad = !st || dist_bind_filter(db, st, f, &t, today, max) ||
		   (after && db_bind_at(db, st, 12, db_text(after->key1), db_text(after->key2),
					db_int(after->id)));
	dist_terms_free(&t);
	if (bad)
		return -1;
	int n = 0, r = 0;
	while (n < max && (r = db_step(db, st, N_("Could not read the distributor list"))) > 0)
		dist_read_row(st, &out[n++]);
	if (r < 0)
		return -1;
	sqlite3_reset(st);
	if (backward) {
		/* Read nearest first; hand them back in order. */
		for (int i = 0; i < n / 2; i++) {
			struct dist_row tmp = out[i];
			out[i] = out[n - 1 - i];
			out[n - 1 - i] = tmp;
		}
	}
	return n;
}

/* How many rows come before a key in a sort's order, read back from the key
 * along the sort's index. Kept like dist_page_sql's. */
static const char *dist_place_sql(qd_dist_sort sort, bool desc, dist_search kind)
{
	static char *sql[DIST_SORT_COUNT][2][SEARCH_KINDS];
	char **slot = &sql[sort][desc][kind];
	if (!*slot) {
		char *keyset = dist_keyset_sql(sort, !desc);
		char *order = dist_order_sql(sort, desc ? "ASC" : "DESC");
		*slot = xasprintf("SELECT count(*) FROM (SELECT 1%s%s%s%s ORDER BY %s LIMIT ?15)",
				  dist_from_sql(sort), DIST_WHERE, dist_search_sql[kind], keyset,
				  order);
		free(keyset);
		free(order);
	}
	return *slot;
}

int64_t db_dist_place(qd_db *db, const struct dist_filter *f, qd_dist_sort sort, bool desc,
		      const struct dist_row *row, qd_date today)
{
	struct dist_terms t;
	dist_terms_make(f->search, &t);
	sqlite3_stmt *st = db_stmt(db, dist_place_sql(sort, desc, t.kind));
	int64_t n = -1;
	if (!st || dist_bind_filter(db, st, f, &t, today, INT32_MAX) ||
	    db_bind_at(db, st, 12, db_text(row->key1), db_text(row->key2), db_int(row->id)) ||
	    db_int_of(db, st, &n, NULL))
		n = -1;
	dist_terms_free(&t);
	return n;
}

/* The ids SQL for a kind of search, built once like the count's. Each kind
 * uses some of ?9-?11; naming all three lets one binding serve them all. */
static const char *dist_ids_sql(dist_search kind)
{
	static char *sql[SEARCH_KINDS];
	if (!sql[kind])
		sql[kind] = xasprintf("SELECT d.id FROM distributors d WHERE ?9 IS NOT NULL AND ?10"
				      " IS NOT NULL AND ?11 IS NOT NULL%s ORDER BY d.id",
				      dist_search_sql[kind]);
	return sql[kind];
}

int db_dist_search_ids(qd_db *db, const char *search, int64_t **out)
{
	*out = NULL;
	struct dist_terms t;
	dist_terms_make(search, &t);
	if (t.kind == SEARCH_NONE) {
		dist_terms_free(&t);
		return DIST_SEARCH_NONE;
	}
	sqlite3_stmt *st = db_stmt(db, dist_ids_sql(t.kind));
	bool bad = !st || db_bind_at(db, st, 9, db_text(t.t9), db_text(t.t10), db_text(t.t11));
	dist_terms_free(&t);
	if (bad)
		return -1;
	int n = 0, cap = 0, r;
	const char *what = N_("Could not search the distributors");
	while ((r = db_step(db, st, what)) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		(*out)[n++] = sqlite3_column_int64(st, 0);
	}
	if (r < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return n;
}

/* The memo key of a search that reads every row to be counted (a control
 * character first: apart from the trigram counts' match expressions), NULL
 * when a filter besides the search applies (not remembered); *n and true
 * when its count is remembered. The caller frees the key. */
static char *dist_scan_memo(qd_db *db, const struct dist_filter *f, const struct dist_terms *t,
			    int64_t *n, bool *known)
{
	*known = false;
	if (!dist_filter_empty(f))
		return NULL;
	char *key = xasprintf("\001%d\037%s\037%s\037%s", (int)t->kind, t->t9, t->t10, t->t11);
	*known = db_memo_get(db, key, n);
	return key;
}

int64_t db_dist_count_all(qd_db *db, const struct dist_filter *f, qd_date today)
{
	struct dist_terms t;
	dist_terms_make(f->search, &t);
	if (t.kind != SEARCH_SHORT && t.kind != SEARCH_MIXED) {
		dist_terms_free(&t);
		return db_dist_count(db, f, today, NULL);
	}
	int64_t n = -1;
	bool known;
	char *key = dist_scan_memo(db, f, &t, &n, &known);
	if (known) {
		free(key);
		dist_terms_free(&t);
		return n;
	}
	uint64_t gen = db_generation(db);
	sqlite3_stmt *st = db_stmt(db, dist_count_sql(t.kind));
	if (!st || dist_bind_filter(db, st, f, &t, today, INT32_MAX) ||
	    db_int_of(db, st, &n, NULL))
		n = -1;
	else if (key)
		db_memo_put(db, key, n, gen);
	free(key);
	dist_terms_free(&t);
	return n;
}

int64_t db_dist_count(qd_db *db, const struct dist_filter *f, qd_date today, bool *counted)
{
	static const char all_sql[] = "SELECT n FROM distributor_total WHERE id = 1";
	struct dist_terms t;
	dist_terms_make(f->search, &t);
	if (counted)
		*counted = true;
	int64_t n = -1;
	sqlite3_stmt *st = NULL;
	if (t.kind == SEARCH_SHORT || t.kind == SEARCH_MIXED) {
		/* These would read the whole table to count: only what
		 * db_dist_count_all counted since the data changed. */
		bool known;
		free(dist_scan_memo(db, f, &t, &n, &known));
		if (!known) {
			if (counted)
				*counted = false;
			n = 0;
		}
	} else if (t.kind == SEARCH_TRIGRAM && dist_filter_empty(f)) {
		n = dist_trigram_count(db, &t);
	} else if (t.kind == SEARCH_NONE && dist_filter_empty(f)) {
		st = db_stmt(db, all_sql);
	} else {
		st = db_stmt(db, dist_count_sql(t.kind));
		if (st && dist_bind_filter(db, st, f, &t, today, INT32_MAX))
			st = NULL;
		else if (!st)
			n = -1;
	}
	dist_terms_free(&t);
	if (st && db_int_of(db, st, &n, NULL))
		return -1;
	return n;
}

void db_dist_init(struct distributor *d)
{
	memset(d, 0, sizeof *d);
	d->name = xstrdup("");
	d->contact = xstrdup("");
	d->phone = xstrdup("");
	d->address = xstrdup("");
	d->notes = xstrdup("");
	snprintf(d->type, sizeof d->type, "distributor");
	d->tier = 'C';
	d->status = STATUS_APPLICANT;
	d->visit_every_days = 30;
}

void db_dist_free(struct distributor *d)
{
	free(d->name);
	free(d->contact);
	free(d->phone);
	free(d->address);
	free(d->notes);
	memset(d, 0, sizeof *d);
}

static char *dist_col_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return xstrdup(s ? (const char *)s : "");
}

qd_rc db_dist_get(qd_db *db, int64_t id, struct distributor *out)
{
	sqlite3_stmt *st = db_stmt(db, dist_sql_get);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the distributor"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0)
		return db_fail(db, DB_NOTFOUND, 0,
			       _("The distributor is no longer there; it may have been deleted."));
	db_dist_free(out);
	out->id = sqlite3_column_int64(st, 0);
	dist_copy(out->code, sizeof out->code, sqlite3_column_text(st, 1));
	out->name = dist_col_dup(st, 2);
	dist_copy(out->type, sizeof out->type, sqlite3_column_text(st, 3));
	const unsigned char *tier = sqlite3_column_text(st, 4);
	out->tier = tier ? (char)tier[0] : 'C';
	if (lifecycle_status_parse((const char *)sqlite3_column_text(st, 5), &out->status))
		out->status = STATUS_APPLICANT;
	out->contact = dist_col_dup(st, 6);
	out->phone = dist_col_dup(st, 7);
	out->address = dist_col_dup(st, 8);
	out->territory_id = sqlite3_column_int64(st, 9);
	dist_copy(out->territory_code, sizeof out->territory_code, sqlite3_column_text(st, 10));
	dist_copy(out->territory_name, sizeof out->territory_name, sqlite3_column_text(st, 11));
	out->owner_rep_id = sqlite3_column_int64(st, 12);
	dist_copy(out->owner_code, sizeof out->owner_code, sqlite3_column_text(st, 13));
	dist_copy(out->owner_name, sizeof out->owner_name, sqlite3_column_text(st, 14));
	out->credit_limit_fen = sqlite3_column_int64(st, 15);
	dist_copy(out->agreement_start, sizeof out->agreement_start, sqlite3_column_text(st, 16));
	dist_copy(out->agreement_end, sizeof out->agreement_end, sqlite3_column_text(st, 17));
	out->visit_every_days = sqlite3_column_int(st, 18);
	out->notes = dist_col_dup(st, 19);
	dist_copy(out->created_at, sizeof out->created_at, sqlite3_column_text(st, 20));
	dist_copy(out->updated_at, sizeof out->updated_at, sqlite3_column_text(st, 21));
	out->version = sqlite3_column_int64(st, 22);
	sqlite3_reset(st);
	return DB_OK;
}

/* Now, as the user's local time for history rows; the date is "today" so
 * tests can fix it. */
static void dist_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	char day[DATE_BUF];
	snprintf(buf, size, "%sT%02d:%02d:%02d", date_format(date_today(), day), tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
}

static qd_rc dist_history(qd_db *db, int64_t id, const char *from, const char *to,
			  const char *stamp, const char *who, const char *reason, const char *note)
{
	static const char sql[] =
		"INSERT INTO status_history(id, distributor_id, from_status, to_status, changed_at,"
		" changed_by, reason, note) VALUES (?1, ?2, ?3, ?4, substr(?5, 1, 16), ?6, ?7, ?8)";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return db_errcode(db);
	qd_rc rc = db_bind(db, st, db_int(ids_new()), db_int(id), db_text(from), db_text(to),
			   db_text(stamp), db_text(who), db_text_or_null(reason), db_text(note));
	return rc ? rc : db_run(db, st);
}

qd_rc db_dist_history_settled(qd_db *db, int64_t id, const char *from, const char *to)
{
	/* The reason the status kept was taken for: its last move there. */
	static const char reason_sql[] =
		"SELECT reason FROM status_history WHERE distributor_id = ?1 AND to_status = ?2"
		" ORDER BY changed_at DESC, created_at DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, reason_sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id), db_text(to));
	if (rc)
		return rc;
	int r = db_step(db, st, N_("Could not read the status history"));
	if (r < 0)
		return db_errcode(db);
	char reason[32] = "";
	if (r > 0) {
		dist_copy(reason, sizeof reason, sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	qd_status f, t;
	if (lifecycle_status_parse(from, &f) || lifecycle_status_parse(to, &t))
		return DB_OK;
	/* A status that needs its reason, and no move to it to take one from
	 * (its line never came here): no line rather than a made-up reason. */
	if (!reason[0] && (t == STATUS_TERMINATED || t == STATUS_REJECTED))
		return DB_OK;
	char stamp[32];
	dist_now(stamp, sizeof stamp);
	char *note = xasprintf(_("Settled in sync: %s kept; the move to %s was not applied."),
			       _(lifecycle_status_label(t)), _(lifecycle_status_label(f)));
	/* After every line it settles, the other side's move included (made
	 * there, maybe later by the clock than now here, or in the same
	 * second): the history reads it last. */
	static const char sql[] =
		"INSERT INTO status_history(id, distributor_id, from_status, to_status, changed_at,"
		" changed_by, reason, note, created_at, updated_at)"
		" SELECT ?1, ?2, ?3, ?4, max(substr(?5, 1, 16), coalesce(h.changed, '')),"
		" ?6, ?7, ?8, max(n.now, coalesce(h.created, '')), max(n.now, coalesce(h.created, "
		"''))"
		" FROM (SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AS now) AS n,"
		" (SELECT max(changed_at) AS changed,"
		" strftime('%Y-%m-%dT%H:%M:%SZ', max(created_at), '+1 second') AS created"
		" FROM status_history WHERE distributor_id = ?2) AS h";
	const char *who = db_user(db)[0] ? db_user(db) : "qudao";
	st = db_stmt(db, sql);
	rc = !st ? db_errcode(db)
		 : db_bind(db, st, db_int(ids_new()), db_int(id), db_text(from), db_text(to),
			   db_text(stamp), db_text(who), db_text_or_null(reason[0] ? reason : NULL),
			   db_text(note));
	free(note);
	return rc ? rc : db_run(db, st);
}

static qd_rc dist_check_code(qd_db *db, const struct distributor *d)
{
	static const char sql[] =
		"SELECT code, name FROM distributors WHERE code = ?1 COLLATE NOCASE AND id <> ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || db_bind(db, st, db_text(d->code), db_int(d->id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not check the code"));
	if (r <= 0)
		return r < 0 ? db_errcode(db) : DB_OK;
	char code[64], other[256];
	dist_copy(code, sizeof code, sqlite3_column_text(st, 0));
	dist_copy(other, sizeof other, sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	if (!strcmp(code, d->code))
		return db_fail(db, DB_DUPLICATE, DIST_FIELD_CODE,
			       _("The code %s is already used by %s; choose another."), d->code,
			       other);
	return db_fail(db, DB_DUPLICATE, DIST_FIELD_CODE,
		       _("The code %s is already used by %s as %s (codes do not differ by case); "
			 "choose another."),
		       d->code, other, code);
}

/* The territory and owner exist and, when the save gives them to the
 * distributor anew, are active (one that is already its own may stay). */
static qd_rc dist_check_refs(qd_db *db, const struct distributor *d)
{
	static const char terr[] =
		"SELECT active OR id = (SELECT territory_id FROM distributors WHERE id = ?2)"
		" FROM territories WHERE id = ?1";
	static const char rep[] =
		"SELECT active OR id = (SELECT owner_rep_id FROM distributors WHERE id = ?2)"
		" FROM reps WHERE id = ?1";
	const struct {
		const char *sql;
		int64_t id;
		qd_dist_field field;
		const char *gone, *inactive;
	} refs[] = {
		{ terr, d->territory_id, DIST_FIELD_TERRITORY,
		  N_("That territory no longer exists."),
		  N_("That territory is inactive; pick another, or activate it in Setup.") },
		{ rep, d->owner_rep_id, DIST_FIELD_OWNER, N_("That rep no longer exists."),
		  N_("That rep is inactive; pick another, or activate them in Setup.") },
	};
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		if (!refs[i].id)
			continue;
		sqlite3_stmt *st = db_stmt(db, refs[i].sql);
		if (!st || db_bind(db, st, db_int(refs[i].id), db_int(d->id)))
			return db_errcode(db);
		int r = db_step(db, st, N_("Could not check a reference"));
		if (r < 0)
			return db_errcode(db);
		if (r == 0)
			return db_fail(db, DB_INVALID, refs[i].field, "%s", _(refs[i].gone));
		bool usable = sqlite3_column_int(st, 0) != 0;
		sqlite3_reset(st);
		if (!usable)
			return db_fail(db, DB_INVALID, refs[i].field, "%s", _(refs[i].inactive));
	}
	return DB_OK;
}

/* The field a named constraint of the schema guards. */
static qd_dist_field dist_constraint_field(const char *detail)
{
	static const struct {
		const char *name;
		qd_dist_field field;
	} map[] = {
		{ "distributor_code", DIST_FIELD_CODE },
		{ "distributors.code", DIST_FIELD_CODE },
		{ "distributor_name", DIST_FIELD_NAME },
		{ "distributor_contact", DIST_FIELD_CONTACT },
		{ "distributor_phone", DIST_FIELD_PHONE },
		{ "distributor_address", DIST_FIELD_ADDRESS },
		{ "distributor_notes", DIST_FIELD_NOTES },
		{ "distributor_credit", DIST_FIELD_CREDIT },
		{ "distributor_visit_every", DIST_FIELD_VISIT_EVERY },
		{ "distributor_agreement", DIST_FIELD_AGREEMENT },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strstr(detail, map[i].name))
			return map[i].field;
	return DIST_FIELD_NONE;
}

/* After an update changed no row: was the record deleted, or changed? */
static qd_rc dist_stale(qd_db *db, int64_t id)
{
	static const char sql[] = "SELECT version FROM distributors WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t v;
	bool found;
	if (!st || db_bind(db, st, db_int(id)) || db_int_of(db, st, &v, &found))
		return db_errcode(db);
	if (!found)
		return db_fail(db, DB_NOTFOUND, 0,
			       _("The distributor was deleted meanwhile; nothing was saved."));
	return db_fail(db, DB_CONFLICT, 0,
		       _("Someone else changed this distributor after you opened it; nothing was "
			 "saved."));
}

/* Keeps the search index in step with a distributor's search key: old_key
 * is what the index holds for id (NULL for a new row), new_key what it should
 * hold. (Triggers cannot: SQLite refuses FTS5 tables in triggers when the
 * schema is not trusted, and files from elsewhere are not.) */
static qd_rc dist_index(qd_db *db, int64_t id, const char *old_key, const char *new_key)
{
	static const char del_sql[] = "INSERT INTO distributor_fts(distributor_fts, rowid,"
				      " search_key) VALUES ('delete', ?1, ?2)";
	static const char ins_sql[] =
		"INSERT INTO distributor_fts(rowid, search_key) VALUES (?1, ?2)";
	if (old_key && new_key && !strcmp(old_key, new_key))
		return DB_OK;
	sqlite3_stmt *st;
	qd_rc rc = DB_OK;
	if (old_key) {
		st = db_stmt(db, del_sql);
		rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id), db_text(old_key));
		if (!rc)
			rc = db_run(db, st);
	}
	if (!rc && new_key) {
		st = db_stmt(db, ins_sql);
		rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id), db_text(new_key));
		if (!rc)
			rc = db_run(db, st);
	}
	return rc;
}

/* The search key the index holds for a distributor; NULL when it is not
 * there (*rc says whether that was a failure). The caller frees it. */
static char *dist_stored_key(qd_db *db, int64_t id, qd_rc *rc)
{
	static const char sql[] = "SELECT search_key FROM distributors WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	*rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	if (*rc)
		return NULL;
	int r = db_step(db, st, N_("Could not read the distributor"));
	if (r <= 0) {
		*rc = r < 0 ? db_errcode(db) : DB_OK;
		return NULL;
	}
	char *key = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return key;
}

/* What an edit changed, as the change log keeps it: "name: A → B; phone:
 * ..." (stored values, not translated: the log is data), at most 500
 * characters as the schema caps the summary. */
static void dist_note(char *buf, size_t size, const char *key, const char *old, const char *now)
{
	if (!strcmp(old, now))
		return;
	size_t used = strlen(buf);
	if (used + 1 < size)
		snprintf(buf + used, size - used, "%s%s: %s → %s", used ? "; " : "", key, old, now);
}

/* What an edit of old into d changes, into summary (empty: nothing). */
static void dist_changes(const struct distributor *old, const struct distributor *d, char *summary,
			 size_t size)
{
	char a[32], b[32];
	summary[0] = '\0';
	dist_note(summary, size, "code", old->code, d->code);
	dist_note(summary, size, "name", old->name, d->name);
	dist_note(summary, size, "type", old->type, d->type);
	snprintf(a, sizeof a, "%c", old->tier);
	snprintf(b, sizeof b, "%c", d->tier);
	dist_note(summary, size, "tier", a, b);
	snprintf(a, sizeof a, "%lld", (long long)old->territory_id);
	snprintf(b, sizeof b, "%lld", (long long)d->territory_id);
	dist_note(summary, size, "territory_id", a, b);
	snprintf(a, sizeof a, "%lld", (long long)old->owner_rep_id);
	snprintf(b, sizeof b, "%lld", (long long)d->owner_rep_id);
	dist_note(summary, size, "owner_rep_id", a, b);
	dist_note(summary, size, "contact", old->contact, d->contact);
	dist_note(summary, size, "phone", old->phone, d->phone);
	dist_note(summary, size, "address", old->address, d->address);
	snprintf(a, sizeof a, "%lld", (long long)old->credit_limit_fen);
	snprintf(b, sizeof b, "%lld", (long long)d->credit_limit_fen);
	dist_note(summary, size, "credit_limit_fen", a, b);
	dist_note(summary, size, "agreement_start", old->agreement_start, d->agreement_start);
	dist_note(summary, size, "agreement_end", old->agreement_end, d->agreement_end);
	snprintf(a, sizeof a, "%d", old->visit_every_days);
	snprintf(b, sizeof b, "%d", d->visit_every_days);
	dist_note(summary, size, "visit_every_days", a, b);
	dist_note(summary, size, "notes", old->notes, d->notes);
}

static qd_rc dist_log_edit(qd_db *db, const char *summary, int64_t id, const char *who)
{
	static const char sql[] =
		"INSERT INTO change_log(id, changed_at, changed_by, table_name, row_id, action,"
		" summary) VALUES (?1, ?2, substr(?3, 1, 100), 'distributors', ?4, 'edit',"
		" substr(?5, 1, 500))";
	if (!summary[0])
		return DB_OK;
	/* Cut on a character boundary. */
	char cut[2048];
	text_copy(cut, sizeof cut, summary);
	char now[24];
	db_now_utc(now);
	sqlite3_stmt *st = db_stmt(db, sql);
	qd_rc rc = !st ? db_errcode(db)
		       : db_bind(db, st, db_int(ids_new()), db_text(now),
				 db_text(who && *who ? who : "?"), db_int(id), db_text(cut));
	return rc ? rc : db_run(db, st);
}

static qd_rc dist_save_row(qd_db *db, struct distributor *d, const char *who)
{
	static const char insert_sql[] =
		"INSERT INTO distributors(id, code, name, type, tier, status, contact, phone,"
		" address, territory_id, owner_rep_id, credit_limit_fen, agreement_start,"
		" agreement_end, visit_every_days, notes, sort_key, search_key, created_at,"
		" updated_at, territory_key, owner_key) VALUES (?1, ?2, ?3, ?4, ?5, 'applicant', ?6,"
		" ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18,"
		" coalesce((SELECT code FROM territories WHERE id = ?9), ''),"
		" coalesce((SELECT sort_key FROM reps WHERE id = ?10), ''))";
	static const char update_sql[] =
		"UPDATE distributors SET code = ?2, name = ?3, type = ?4, tier = ?5, contact = ?6,"
		" phone = ?7, address = ?8, territory_id = ?9, owner_rep_id = ?10,"
		" credit_limit_fen = ?11, agreement_start = ?12, agreement_end = ?13,"
		" visit_every_days = ?14, notes = ?15, sort_key = ?16, search_key = ?17,"
		" updated_at = ?18, version = version + 1,"
		" territory_key = coalesce((SELECT code FROM territories WHERE id = ?9), ''),"
		" owner_key = coalesce((SELECT sort_key FROM reps WHERE id = ?10), '')"
		" WHERE id = ?1 AND version = ?19";
	bool is_new = d->id == 0;
	/* What every way in (the form, an import) is held to. */
	const char *why = validate_credit_limit_fen(d->credit_limit_fen);
	if (why)
		return db_fail(db, DB_INVALID, DIST_FIELD_CREDIT, "%s", _(why));
	qd_rc rc = dist_check_code(db, d);
	if (!rc)
		rc = dist_check_refs(db, d);
	if (rc)
		return rc;
	/* An edit is logged with what it changed. */
	struct distributor old;
	db_dist_init(&old);
	if (!is_new && (rc = db_dist_get(db, d->id, &old)) != DB_OK) {
		db_dist_free(&old);
		return rc;
	}
	/* Saving what is stored changes nothing, so it writes nothing: no new
	 * version (another window's edit of this one would be refused as
	 * stale), no log line, no change for other devices. */
	char summary[4096] = "";
	if (!is_new) {
		dist_changes(&old, d, summary, sizeof summary);
		if (!summary[0]) {
			d->version = old.version;
			db_dist_free(&old);
			return DB_OK;
		}
	}
	char stamp[32], now[24];
	dist_now(stamp, sizeof stamp);
	db_now_utc(now);
	char tier[2] = { d->tier, '\0' };
	char *sort_key = pinyin_sort_key(d->name);
	char *search_key = pinyin_search_key(d->code, d->name, d->contact, d->phone);
	int64_t id = is_new ? ids_new() : d->id;
	char *old_key = is_new ? NULL : dist_stored_key(db, id, &rc);
	if (!rc && !is_new && !old_key)
		rc = dist_stale(db, id);
	/* A new territory: the move is recorded as of today, so the months
	 * before it stay where they were (db/territory.c). */
	if (!rc && !is_new)
		rc = db_tmap_note_move(db, id, d->territory_id, date_today(), who);
	sqlite3_stmt *st = rc ? NULL : db_stmt(db, is_new ? insert_sql : update_sql);
	if (!rc)
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(id), db_text(d->code), db_text(d->name),
				   db_text(d->type), db_text(tier), db_text(d->contact),
				   db_text(d->phone), db_text(d->address),
				   db_id_or_null(d->territory_id), db_id_or_null(d->owner_rep_id),
				   db_int(d->credit_limit_fen), db_text_or_null(d->agreement_start),
				   db_text_or_null(d->agreement_end), db_int(d->visit_every_days),
				   db_text(d->notes), db_text(sort_key), db_text(search_key),
				   db_text(now));
	if (!rc && !is_new)
		rc = db_bind_at(db, st, 19, db_int(d->version));
	if (!rc && (rc = db_run(db, st)) != DB_OK) {
		if (rc == DB_INVALID || rc == DB_DUPLICATE)
			db_set_errfield(db, dist_constraint_field(db_errdetail(db)));
	} else if (!rc && !is_new && sqlite3_changes(db_handle(db)) == 0) {
		rc = dist_stale(db, d->id);
	} else if (!rc) {
		rc = dist_index(db, id, old_key, search_key);
	}
	free(sort_key);
	free(search_key);
	free(old_key);
	if (!rc && is_new)
		/* No note: the screens say "Registered" in the reader's language. */
		rc = dist_history(db, id, NULL, "applicant", stamp, who, NULL, "");
	if (!rc && !is_new)
		rc = dist_log_edit(db, summary, id, who);
	db_dist_free(&old);
	if (!rc) {
		d->id = id;
		d->version = is_new ? 1 : d->version + 1;
	}
	return rc;
}

qd_rc db_dist_save(qd_db *db, struct distributor *d, const char *who)
{
	int64_t id = d->id, version = d->version;
	qd_rc rc = db_write_begin(db);
	if (rc)
		return rc;
	rc = db_write_end(db, dist_save_row(db, d, who));
	if (rc) {
		/* Nothing was stored: the record stays as the caller had it. */
		d->id = id;
		d->version = version;
	}
	return rc;
}

/* A change dated since (an import's status_since) goes after the history
 * there is: a registration made later (the import's own, a moment ago) is
 * dated back to it; any other change after it refuses it. */
static qd_rc dist_since_fits(qd_db *db, int64_t id, qd_date since)
{
	static const char last_sql[] =
		"SELECT id, from_status IS NULL, substr(changed_at, 1, 10) FROM status_history"
		" WHERE distributor_id = ?1"
		" ORDER BY changed_at DESC, from_status IS NULL, created_at DESC LIMIT 1";
	static const char back_sql[] = "UPDATE status_history SET changed_at = ?2 WHERE id = ?1";
	char day[DATE_BUF], last[DATE_BUF] = "", stamp[32];
	date_format(since, day);
	sqlite3_stmt *st = db_stmt(db, last_sql);
	if (!st || db_bind(db, st, db_int(id)))
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the status history"));
	if (r < 0)
		return db_errcode(db);
	int64_t row = r > 0 ? sqlite3_column_int64(st, 0) : 0;
	bool registration = r > 0 && sqlite3_column_int(st, 1);
	if (r > 0)
		dist_copy(last, sizeof last, sqlite3_column_text(st, 2));
	if (r > 0)
		sqlite3_reset(st);
	if (!last[0] || strcmp(last, day) <= 0)
		return DB_OK;
	if (!registration)
		return db_fail(db, DB_INVALID, DIST_FIELD_STATUS_SINCE,
			       _("The status cannot date from %s: its last change of status was on "
				 "%s. Give a day on or after it, or none."),
			       day, last);
	snprintf(stamp, sizeof stamp, "%sT00:00", day);
	st = db_stmt(db, back_sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(row), db_text(stamp));
	return rc ? rc : db_run(db, st);
}

static qd_rc dist_transition(qd_db *db, int64_t id, int64_t version,
			     const struct lifecycle_change *c, const char *who)
{
	static const char status_sql[] =
		"UPDATE distributors SET status = ?2, agreement_start = coalesce(?4,"
		" agreement_start), agreement_end = coalesce(?5, agreement_end), updated_at = ?6,"
		" version = version + 1 WHERE id = ?1 AND status = ?3 AND version = ?7";
	static const char review_sql[] =
		"INSERT INTO qualification_reviews(id, distributor_id, reviewed_on, reviewer,"
		" reputation, financial_strength, sales_network, product_knowledge,"
		" market_development, compliance_record, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
	char stamp[32], now[24], start[DATE_BUF], end[DATE_BUF], day[DATE_BUF];
	dist_now(stamp, sizeof stamp);
	if (c->since.y) {
		snprintf(stamp, sizeof stamp, "%sT00:00", date_format(c->since, day));
		qd_rc rc = dist_since_fits(db, id, c->since);
		if (rc)
			return rc;
	}
	db_now_utc(now);
	sqlite3_stmt *st = db_stmt(db, status_sql);
	qd_rc rc =
		!st ? db_errcode(db)
		    : db_bind(db, st, db_int(id), db_text(lifecycle_status_code(c->to)),
			      db_text(lifecycle_status_code(c->from)),
			      db_text(c->has_agreement ? date_format(c->agreement_start, start)
						       : NULL),
			      db_text(c->has_agreement ? date_format(c->agreement_end, end) : NULL),
			      db_text(now), db_int(version));
	if (!rc)
		rc = db_run(db, st);
	if (rc == DB_INVALID)
		return db_fail(db, DB_INVALID, DIST_FIELD_AGREEMENT,
			       _("The distributor's record does not allow this change (its "
				 "agreement dates are missing or wrong); edit it first."));
	if (!rc && sqlite3_changes(db_handle(db)) != 1)
		return dist_stale(db, id);
	if (!rc && c->has_scores) {
		st = db_stmt(db, review_sql);
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(ids_new()), db_int(id),
				   db_text(date_format(date_today(), day)), db_text(who),
				   db_int(c->scores[0]), db_int(c->scores[1]), db_int(c->scores[2]),
				   db_int(c->scores[3]), db_int(c->scores[4]), db_int(c->scores[5]),
				   db_text(c->note ? c->note : ""));
		if (!rc)
			rc = db_run(db, st);
	}
	if (!rc)
		rc = dist_history(db, id, lifecycle_status_code(c->from),
				  lifecycle_status_code(c->to), stamp, who,
				  c->reason ? lifecycle_reason_code(c->reason) : NULL,
				  c->note ? c->note : "");
	return rc;
}

qd_rc db_dist_transition(qd_db *db, int64_t id, int64_t version, const struct lifecycle_change *c,
			 const char *who)
{
	qd_rc rc = db_write_begin(db);
	return rc ? rc : db_write_end(db, dist_transition(db, id, version, c, who));
}

qd_rc db_keys_recompute(qd_db *db)
{
	static const char count_sql[] = "SELECT count(*) FROM distributors";
	static const char read_sql[] = "SELECT id, code, name, contact, phone FROM distributors";
	static const char write_sql[] =
		"UPDATE distributors SET sort_key = ?2, search_key = ?3 WHERE id = ?1";
	static const char reps_read_sql[] = "SELECT id, name FROM reps";
	static const char reps_write_sql[] = "UPDATE reps SET sort_key = ?2 WHERE id = ?1";
	int64_t total = 0, done = 0;
	sqlite3_stmt *st = db_stmt(db, count_sql);
	if (!st || db_int_of(db, st, &total, NULL))
		return db_errcode(db);
	sqlite3_stmt *rd = db_stmt(db, read_sql);
	if (!rd)
		return db_errcode(db);
	qd_rc rc = DB_OK;
	int r;
	while (rc == DB_OK && (r = db_step(db, rd, N_("Could not make the search keys"))) > 0) {
		const char *code = (const char *)sqlite3_column_text(rd, 1);
		const char *name = (const char *)sqlite3_column_text(rd, 2);
		char *sort = pinyin_sort_key(name);
		char *search = pinyin_search_key(code, name, (const char *)sqlite3_column_text(rd, 3),
						 (const char *)sqlite3_column_text(rd, 4));
		sqlite3_stmt *wr = db_stmt(db, write_sql);
		rc = !wr ? db_errcode(db)
			 : db_bind(db, wr, db_int(sqlite3_column_int64(rd, 0)), db_text(sort),
				   db_text(search));
		if (rc == DB_OK)
			rc = db_run(db, wr);
		free(sort);
		free(search);
		if ((++done & 1023) == 0)
			db_progress(_("making the search keys"), (double)done / (double)(total + 1));
	}
	if (rc != DB_OK) {
		sqlite3_reset(rd);
		return rc;
	}
	if (r < 0)
		return db_errcode(db);
	rd = db_stmt(db, reps_read_sql);
	if (!rd)
		return db_errcode(db);
	while (rc == DB_OK && (r = db_step(db, rd, N_("Could not make the search keys"))) > 0) {
		char *sort = pinyin_sort_key((const char *)sqlite3_column_text(rd, 1));
		sqlite3_stmt *wr = db_stmt(db, reps_write_sql);
		rc = !wr ? db_errcode(db)
			 : db_bind(db, wr, db_int(sqlite3_column_int64(rd, 0)), db_text(sort));
		if (rc == DB_OK)
			rc = db_run(db, wr);
		free(sort);
	}
	if (rc != DB_OK) {
		sqlite3_reset(rd);
		return rc;
	}
	if (r < 0)
		return db_errcode(db);
	return db_exec(db, db_schema_fts_rebuild);
}

qd_rc db_keys_refresh(qd_db *db)
{
	static const char get_sql[] = "SELECT value FROM settings WHERE name = 'pinyin_keys'";
	static const char set_sql[] =
		"INSERT INTO settings(id, name, value) VALUES (?1, 'pinyin_keys', ?2)"
		" ON CONFLICT(name) DO UPDATE SET value = excluded.value,"
		" updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')";
	sqlite3_stmt *st = db_stmt(db, get_sql);
	if (!st)
		return db_errcode(db);
	int r = db_step(db, st, N_("Could not read the settings"));
	if (r < 0)
		return db_errcode(db);
	bool current = r > 0 && !strcmp((const char *)sqlite3_column_text(st, 0),
					pinyin_keys_version());
	if (r > 0)
		sqlite3_reset(st);
	if (current)
		return DB_OK;
	/* Derived data each device makes for itself: not a change to sync. */
	db_capture_pause(db);
	qd_rc rc = db_write_begin(db);
	if (rc) {
		db_capture_resume(db);
		return rc;
	}
	rc = db_keys_recompute(db);
	st = rc ? NULL : db_stmt(db, set_sql);
	if (!rc)
		rc = !st ? db_errcode(db)
			 : db_bind(db, st, db_int(ids_new()), db_text(pinyin_keys_version()));
	if (!rc)
		rc = db_run(db, st);
	rc = db_write_end(db, rc);
	db_capture_resume(db);
	return rc;
}

qd_rc db_dist_reindex(qd_db *db, int64_t id, const char *indexed_key)
{
	static const char read_sql[] = "SELECT code, name, contact, phone FROM distributors"
				       " WHERE id = ?1";
	static const char write_sql[] =
		"UPDATE distributors SET sort_key = ?2, search_key = ?3 WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, read_sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	if (rc)
		return rc;
	int r = db_step(db, st, N_("Could not make the search keys"));
	if (r < 0)
		return db_errcode(db);
	if (r == 0) /* deleted: its entry leaves the index */
		return indexed_key ? dist_index(db, id, indexed_key, NULL) : DB_OK;
	char *sort = pinyin_sort_key((const char *)sqlite3_column_text(st, 1));
	char *search = pinyin_search_key((const char *)sqlite3_column_text(st, 0),
					 (const char *)sqlite3_column_text(st, 1),
					 (const char *)sqlite3_column_text(st, 2),
					 (const char *)sqlite3_column_text(st, 3));
	sqlite3_reset(st);
	sqlite3_stmt *wr = db_stmt(db, write_sql);
	rc = !wr ? db_errcode(db) : db_bind(db, wr, db_int(id), db_text(sort), db_text(search));
	if (!rc)
		rc = db_run(db, wr);
	if (!rc)
		rc = dist_index(db, id, indexed_key, search);
	free(sort);
	free(search);
	return rc;
}

qd_rc db_rep_rekey(qd_db *db, int64_t id)
{
	static const char read_sql[] = "SELECT name FROM reps WHERE id = ?1";
	static const char write_sql[] = "UPDATE reps SET sort_key = ?2 WHERE id = ?1"
					" AND sort_key IS NOT ?2";
	sqlite3_stmt *st = db_stmt(db, read_sql);
	qd_rc rc = !st ? db_errcode(db) : db_bind(db, st, db_int(id));
	if (rc)
		return rc;
	int r = db_step(db, st, N_("Could not make the search keys"));
	if (r <= 0)
		return r < 0 ? db_errcode(db) : DB_OK;
	char *sort = pinyin_sort_key((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	sqlite3_stmt *wr = db_stmt(db, write_sql);
	rc = !wr ? db_errcode(db) : db_bind(db, wr, db_int(id), db_text(sort));
	if (!rc)
		rc = db_run(db, wr);
	free(sort);
	return rc;
}
