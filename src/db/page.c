/* Keyset paging: the SQL for "the rows after this one" over typed keys, and
 * binding and reading the keys of a row. A key that may be NULL takes two
 * places in the order, (it IS NOT NULL, coalesce(it, zero)), so that the
 * row-value comparison never meets a NULL and NULLs sort first. */
#include "qudao/page.h"

#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"

/* A growing string. */
struct page_buf {
	char *s;
	size_t n, cap;
};

static void page_put(struct page_buf *b, const char *s)
{
	size_t len = strlen(s);
	if (b->n + len + 1 > b->cap) {
		b->cap = (b->n + len + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, len + 1);
	b->n += len;
}

/* The order's columns, one or two per key, joined by sep; with suffix after
 * each (" ASC"). */
static void page_components(struct page_buf *b, const struct page_query *q, const char *suffix)
{
	for (int k = 0; k < q->nkeys; k++) {
		const struct page_key *key = &q->keys[k];
		if (k)
			page_put(b, ", ");
		if (key->nullable) {
			page_put(b, "(");
			page_put(b, key->expr);
			page_put(b, ") IS NOT NULL");
			page_put(b, suffix);
			page_put(b, ", coalesce(");
			page_put(b, key->expr);
			page_put(b, key->type == PAGE_INT ? ", 0)" : ", '')");
		} else {
			page_put(b, key->expr);
		}
		page_put(b, suffix);
	}
}

/* The parameters an anchor binds: one or two per key. */
static int page_nparams(const struct page_query *q)
{
	int n = 0;
	for (int k = 0; k < q->nkeys; k++)
		n += q->keys[k].nullable ? 2 : 1;
	return n;
}

int page_limit_param(const struct page_query *q)
{
	return q->first_param + page_nparams(q);
}

char *page_sql(const struct page_query *q, bool desc, enum page_mode mode)
{
	/* Reading backward is reading the other way round. */
	bool down = desc != (mode == PAGE_BEFORE);
	struct page_buf b = { 0 };
	char num[32];
	page_put(&b, "SELECT ");
	page_put(&b, q->columns);
	for (int k = 0; k < q->nkeys; k++) {
		page_put(&b, ", ");
		page_put(&b, q->keys[k].expr);
	}
	page_put(&b, q->from);
	page_put(&b, q->where && *q->where ? q->where : " WHERE 1");
	if (mode != PAGE_FIRST) {
		page_put(&b, " AND (");
		page_components(&b, q, "");
		page_put(&b, down ? ") < (" : ") > (");
		int n = page_nparams(q);
		for (int i = 0; i < n; i++) {
			snprintf(num, sizeof num, "%s?%d", i ? ", " : "", q->first_param + i);
			page_put(&b, num);
		}
		page_put(&b, ")");
	}
	page_put(&b, " ORDER BY ");
	page_components(&b, q, down ? " DESC" : " ASC");
	snprintf(num, sizeof num, " LIMIT ?%d", page_limit_param(q));
	page_put(&b, num);
	return b.s;
}

qd_rc page_bind_anchor(qd_db *db, sqlite3_stmt *st, const struct page_query *q,
		       const struct page_anchor *a)
{
	int p = q->first_param;
	for (int k = 0; k < q->nkeys; k++) {
		const struct page_key *key = &q->keys[k];
		const struct page_value *v = &a->v[k];
		qd_rc rc = DB_OK;
		if (key->nullable)
			rc = db_bind_at(db, st, p++, db_int(!v->null));
		if (rc)
			return rc;
		struct db_val val = key->type == PAGE_INT ? db_int(v->null ? 0 : v->i)
							  : db_text(v->null ? "" : v->s);
		rc = db_bind_values(db, st, p++, &val, 1);
		if (rc)
			return rc;
	}
	return DB_OK;
}

void page_read_anchor(sqlite3_stmt *st, int first_col, const struct page_query *q,
		      struct page_anchor *out)
{
	for (int k = 0; k < q->nkeys; k++) {
		struct page_value *v = &out->v[k];
		int col = first_col + k;
		v->null = sqlite3_column_type(st, col) == SQLITE_NULL;
		v->i = sqlite3_column_int64(st, col);
		text_copy(v->s, sizeof v->s, (const char *)sqlite3_column_text(st, col));
	}
}
