/* Keyset paging over typed keys, for every list that shows a window of rows
 * at a time: "the rows after this one in this order", read by an index, so a
 * window costs the same at row 10 and at row 100,000. A key is an integer
 * (ids, money in fen, counts) or text (codes, ISO dates, pinyin sort keys);
 * a key that may be NULL sorts its NULLs first (last when descending), ties
 * are broken by the keys after it, and the last key must be unique (the id). */
#ifndef QUDAO_PAGE_H
#define QUDAO_PAGE_H

#include <stdbool.h>
#include <stdint.h>

enum { PAGE_MAX_KEYS = 4, PAGE_TEXT_MAX = 1024 };

enum page_type { PAGE_INT, PAGE_TEXT };

struct page_key {
	const char *expr; /* an SQL expression over the query's tables */
	enum page_type type;
	bool nullable;
};

/* A query to page: SELECT columns FROM ... WHERE ... ORDER BY the keys. The
 * where clause may use parameters ?1 .. ?(first_param - 1), bound by the
 * caller; the anchor's keys and the limit take the parameters from
 * first_param on. */
struct page_query {
	const char *columns; /* "t.id, t.code, t.name" */
	const char *from;    /* " FROM territories t LEFT JOIN ..." */
	const char *where;   /* " WHERE t.active = ?1", or "" */
	struct page_key keys[PAGE_MAX_KEYS];
	int nkeys;
	int first_param;
};

/* A row's place in the order: its keys' values. Plain data (no pointers), so
 * a row that holds it can be copied freely. */
struct page_value {
	bool null;
	int64_t i;
	char s[PAGE_TEXT_MAX];
};
struct page_anchor {
	struct page_value v[PAGE_MAX_KEYS];
};

enum page_mode {
	PAGE_FIRST,  /* from the start of the order */
	PAGE_AFTER,  /* the rows after the anchor */
	PAGE_BEFORE, /* the rows before the anchor, nearest first (reverse them) */
};

/* The SQL for q in that direction and mode: its columns, then its keys as
 * columns (for page_read_anchor), limited to the parameter
 * page_limit_param(q). The caller frees it (or keeps it for a statement
 * cache for the life of the program). */
char *page_sql(const struct page_query *q, bool desc, enum page_mode mode);
/* The parameter that takes the row limit. */
int page_limit_param(const struct page_query *q);

#endif
