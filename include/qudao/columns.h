/* The columns of each kind of record in files, for import, export and the
 * manual alike: each column's key (the English header an export writes), its
 * Chinese header, the other names an import accepts, and whether an import
 * needs it. Header names match without regard to case, spaces, '_', '-',
 * '.', '*', full-width forms or a unit in brackets ("金额（元）" is "金额").
 * Also the reading of the values files hold: yes/no, and a code or its label
 * from a label set. Pure: no storage. */
#ifndef QUDAO_COLUMNS_H
#define QUDAO_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "qudao/labels.h"

/* What a column holds: how an export writes it and the manual describes it. */
enum column_type {
	COLTYPE_TEXT,
	COLTYPE_CODE,  /* a code of this kind or of another it refers to; or text
			* that names records (a payment's reference, a rep's
			* territories): kept as written (columns_keeps_as_written) */
	COLTYPE_DATE,  /* YYYY-MM-DD; 2026/11/27, 2026年11月27日 and Excel serials read too */
	COLTYPE_MONEY, /* yuan: 1234.50; ¥1,234.50 and 1.2万 read too */
	COLTYPE_INT,
	COLTYPE_BOOL,	 /* 1 or 0; yes/no, true/false, 是/否 read too */
	COLTYPE_DECIMAL, /* a number with decimals: 5, 2.5 (a percentage) */
};

struct column {
	const char *key;     /* "order_no": the English header */
	const char *zh;	     /* "订单号": the Chinese header */
	const char *aliases; /* other accepted names, separated by '|'; "" for none */
	bool required;	     /* an import without it stops before any row */
	enum column_type type;
	const char *help; /* N_(): what it holds, for the manual and --help */
};

/* Whether a column's value must reach the database as written (COLTYPE_CODE:
 * a code, or text that names records). A control or invisible character
 * inside it is refused, not cleaned away (E<Esc>SC would become EC, another
 * code). */
bool columns_keeps_as_written(const struct column *c);

struct record_kind {
	const char *name; /* "orders", as the commands name it */
	const struct column *cols;
	int ncols;
};

/* The kinds, each with an enum of its columns in table order. */
enum { REGION_CODE, REGION_NAME, REGION_ACTIVE, REGION_NCOLS };
enum {
	TERR_CODE,
	TERR_NAME,
	TERR_LEVEL,
	TERR_PARENT,
	TERR_REGION,
	TERR_SHORT,
	TERR_NAME_EN,
	TERR_SHORT_EN,
	TERR_GRID_ROW,
	TERR_GRID_COL,
	TERR_ACTIVE,
	TERR_NCOLS
};
enum {
	REP_CODE,
	REP_NAME,
	REP_ROLE,
	REP_REGION,
	REP_PHONE,
	REP_TERRITORIES,
	REP_ACTIVE,
	REP_NCOLS
};
enum {
	PROD_SKU,
	PROD_NAME,
	PROD_CATEGORY,
	PROD_UNIT,
	PROD_PRICE_A,
	PROD_PRICE_B,
	PROD_PRICE_C,
	PROD_PRICE_D,
	PROD_RETAIL,
	PROD_TOLERANCE,
	PROD_ACTIVE,
	PROD_NCOLS
};
enum {
	DIST_CODE,
	DIST_NAME,
	DIST_TYPE,
	DIST_TIER,
	DIST_STATUS,
	DIST_TERRITORY,
	DIST_OWNER,
	DIST_CONTACT,
	DIST_PHONE,
	DIST_ADDRESS,
	DIST_CREDIT,
	DIST_AGREEMENT_START,
	DIST_AGREEMENT_END,
	DIST_VISIT_EVERY,
	DIST_NOTES,
	DIST_REASON,
	DIST_STATUS_NOTE,
	DIST_STATUS_SINCE,
	DIST_NCOLS
};
enum { TARGET_DISTRIBUTOR, TARGET_PERIOD, TARGET_AMOUNT, TARGET_NCOLS };
enum {
	ORDER_NO,
	ORDER_DISTRIBUTOR,
	ORDER_DATE,
	ORDER_STATUS,
	ORDER_SHIP_DATE,
	ORDER_SHIP_TERRITORY,
	ORDER_PRODUCT,
	ORDER_QUANTITY,
	ORDER_PRICE,
	ORDER_NCOLS
};
enum { PAY_DISTRIBUTOR, PAY_DATE, PAY_AMOUNT, PAY_REFERENCE, PAY_INVOICE, PAY_NCOLS };
enum { DUE_INVOICE, DUE_DISTRIBUTOR, DUE_DATE, DUE_AMOUNT, DUE_NCOLS };
/* The columns qudao export visits writes, in its order. */
enum {
	VCOL_ID,
	VCOL_DATE,
	VCOL_TIME,
	VCOL_STATUS,
	VCOL_REP,
	VCOL_REP_NAME,
	VCOL_DISTRIBUTOR,
	VCOL_DIST_NAME,
	VCOL_PURPOSE,
	VCOL_OBJECTIVE_KIND,
	VCOL_OBJECTIVE_AMOUNT,
	VCOL_OBJECTIVE,
	VCOL_OBJECTIVE_MET,
	VCOL_DISPLAY,
	VCOL_DONE_AT,
	VCOL_REASON,
	VCOL_SUMMARY,
	VCOL_COACHING,
	VCOL_ORDER,
	VCOL_ORDER_TOTAL,
	VCOL_VERSION,
	VCOL_UPDATED,
	VCOL_NCOLS
};

extern const struct record_kind columns_regions, columns_territories, columns_reps,
	columns_products, columns_distributors, columns_targets, columns_orders, columns_payments,
	columns_amounts_due, columns_visits;

/* Every kind, in the order a company is set up (what each refers to comes
 * first); NULL ends. */
extern const struct record_kind *const columns_kinds[];
/* The kind named name, or NULL. */
const struct record_kind *columns_kind(const char *name);

/* The column rejected rows carry in the file --skip-invalid writes, which an
 * import of that file ignores: "import_error", "导入错误". */
extern const char columns_error_key[], columns_error_zh[];

/* How the header of a file lines up with a kind's columns. */
struct column_match {
	int field[32];	 /* the field (0-based) each column is in, -1 when absent */
	int unknown[64]; /* fields no column takes (reported, ignored) */
	int nunknown;
	int unknown_all;    /* how many there are, past the 64 kept too */
	int missing;	    /* the first required column absent, or -1 */
	int twice, twice_a; /* a column named by two fields (twice_a and twice), or -1 */
};

/* Matches the n header names against kind's columns. 0; or -1 when a
 * required column is missing (m->missing) or a column is named twice
 * (m->twice). */
int columns_match(const struct record_kind *kind, const char *const *header, int n,
		  struct column_match *m);
/* The header name as matched: lower case, without spaces, '_', '-', '.',
 * '*', a unit in brackets, in NFKC. The caller frees it. */
char *columns_fold(const char *name);
/* The unit a header name gives in brackets ("金额（万元）": "万元"), lower
 * case, in NFKC, without spaces; "" for none. The caller frees it. */
char *columns_unit(const char *name);
/* The same unit as the header writes it (in NFKC, its case and spaces
 * kept), for messages. The caller frees it. */
char *columns_unit_shown(const char *name);
/* Whether a money column's unit is yuan, the unit amounts are read in
 * ("", 元, 人民币, RMB, CNY, ¥...): another (万元, 千元, USD) would store
 * every amount wrong. */
bool columns_unit_is_yuan(const char *unit);

/* yes/no: 1, 0, yes, no, y, n, true, false, 是, 否, 启用, 停用, without regard
 * to case. 0 with *out, or -1. Empty is -1: the caller decides its default. */
int columns_bool(const char *s, bool *out);
/* The index in set of s given as a code, as its label (the English msgid), or
 * as the label in the user's language, without regard to case; -1 when none. */
int columns_label(const struct label_set *set, const char *s);
/* The words a column of such values takes, for a message: the codes in
 * English ("open, shipped"); in Chinese each label with its code
 * ("待处理（open）、已发货（shipped）"); in English with chinese_too (what
 * was given is in Chinese: a file from Chinese Excel) each code with its
 * Chinese label ("province (省), city (市)"). codes[] and labels[]
 * (msgids), n of them, from index `from`. */
void columns_words(const char *const *codes, const char *const *labels, int from, int n,
		   bool chinese_too, char *buf, size_t size);

#endif
