/* The rules of the reference data: regions, the territory tree (provinces,
 * their cities, the cities' districts), reps and managers, and products, as
 * plain records; the checks of what a user (or a file) gives for each, field
 * by field as typed and across fields, each answer an N_() msgid with the
 * field it concerns; and what is only a warning. Pure: no storage.
 *
 * The rules chosen:
 * - a code is 1-32 letters, digits, '-' or '_', unique without regard to
 *   case within its kind (the database checks that part);
 * - names are required, without control characters, at most REF_NAME_MAX
 *   characters (a product's at most REF_PRODUCT_NAME_MAX);
 * - a territory's short name (on the map) is one or two characters, its
 *   English short name empty or one to four Latin letters;
 * - a province has no parent; a city's parent is a province, a district's a
 *   city; a grid place is a row and a column from 0 to 63, both or neither;
 * - a phone is what validate_phone() takes, at most REF_PHONE_MAX characters;
 * - prices are yuan with up to two decimals, never negative, all required;
 *   tier A buys cheapest, so A <= B <= C <= D, and no tier above the
 *   suggested retail price: both only warnings, a company may have reasons;
 * - the price tolerance is a percentage from 0 to 100 with up to two
 *   decimals ("5", "2.5", "0.25 %"), kept as basis points. */
#ifndef QUDAO_REFDATA_H
#define QUDAO_REFDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest each text may be, in characters. Codes as the schema caps
 * them, the short English name and the unit too; the schema leaves the other
 * texts of these tables uncapped, so these caps are the program's. */
enum {
	REF_CODE_MAX = 32,
	REF_NAME_MAX = 100,
	REF_SHORT_MAX = 2,
	REF_SHORT_EN_MAX = 4,
	REF_PHONE_MAX = 40,
	REF_PRODUCT_NAME_MAX = 200,
	REF_CATEGORY_MAX = 40,
	REF_UNIT_MAX = 16,
	REF_GRID_MAX = 63,
	REF_TOLERANCE_MAX_BP = 10000,
	/* A unit's price: at most ¥10,000,000.00 (a typo of a few digits more
	 * is refused, not kept to unsettle every total and column). */
	REF_PRICE_MAX_FEN = 1000000000,
	REF_TIERS = 4,
};
/* Bytes that hold a text of n characters: four a character and the NUL. */
#define REF_BUF(n) ((n)*4 + 1)

/* The field a problem concerns, for forms to point at and for db_errfield(). */
typedef enum {
	REF_FIELD_NONE,
	REF_FIELD_CODE,
	REF_FIELD_NAME,
	REF_FIELD_LEVEL,
	REF_FIELD_PARENT,
	REF_FIELD_REGION,
	REF_FIELD_SHORT_NAME,
	REF_FIELD_NAME_EN,
	REF_FIELD_SHORT_EN,
	REF_FIELD_GRID_ROW,
	REF_FIELD_GRID_COL,
	REF_FIELD_ROLE,
	REF_FIELD_PHONE,
	REF_FIELD_TERRITORIES,
	REF_FIELD_CATEGORY,
	REF_FIELD_UNIT,
	REF_FIELD_PRICE_A, /* then B, C and D, in order */
	REF_FIELD_PRICE_B,
	REF_FIELD_PRICE_C,
	REF_FIELD_PRICE_D,
	REF_FIELD_RETAIL,
	REF_FIELD_TOLERANCE,
	REF_FIELD_ACTIVE, /* a deactivation or activation the rules refuse */
	REF_FIELD_COUNT
} qd_ref_field;

/* A territory's level, in the order of the tree; the stored codes and labels
 * are labels_level (labels.h). */
typedef enum { LEVEL_PROVINCE, LEVEL_CITY, LEVEL_DISTRICT, LEVEL_COUNT } qd_level;
/* A rep's role; the stored codes and labels are labels_role. */
typedef enum { ROLE_REP, ROLE_MANAGER, ROLE_COUNT } qd_role;

/* Records as the rules and the database see them. id 0 is a new one;
 * version is the one read (an update checks it is still the stored one). */
struct region_rec {
	int64_t id, version;
	char code[40];
	char name[REF_BUF(REF_NAME_MAX)];
	bool active;
	int territories, reps; /* how many active ones it holds (for lists) */
};

struct territory_rec {
	int64_t id, version;
	int64_t parent_id, region_id; /* 0 for none */
	char code[40];
	char name[REF_BUF(REF_NAME_MAX)];
	char short_name[REF_BUF(REF_SHORT_MAX)];
	char name_en[REF_BUF(REF_NAME_MAX)];
	char short_en[REF_BUF(REF_SHORT_EN_MAX)];
	qd_level level;
	int grid_row, grid_col; /* -1 for none */
	bool active;
	/* For showing it: the parent's and the region's code and name, how
	 * deep it sits in the tree (0 for a root), and whether a search shows
	 * it only as the ancestor of a match. */
	char parent_code[40], parent_name[REF_BUF(REF_NAME_MAX)];
	char region_code[40], region_name[REF_BUF(REF_NAME_MAX)];
	int depth;
	bool context;
};

struct rep_rec {
	int64_t id, version;
	int64_t region_id; /* 0 for none */
	char code[40];
	char name[REF_BUF(REF_NAME_MAX)];
	char phone[REF_BUF(REF_PHONE_MAX)];
	qd_role role;
	bool active;
	char region_code[40], region_name[REF_BUF(REF_NAME_MAX)];
	/* For lists: the codes of the territories covered, joined by ", " (cut
	 * when long), and how many. */
	char covers[256];
	int ncovers;
};

struct product_rec {
	int64_t id, version;
	char sku[40];
	char name[REF_BUF(REF_PRODUCT_NAME_MAX)];
	char category[REF_BUF(REF_CATEGORY_MAX)];
	char unit[REF_BUF(REF_UNIT_MAX)];
	int64_t tier_fen[REF_TIERS]; /* the list price of tiers A to D */
	int64_t retail_fen;	     /* the suggested retail price */
	int tolerance_bp;	     /* how far a price may stray: 500 is 5 % */
	bool active;
};

/* ---- field by field, as typed: NULL when acceptable, else an N_() msgid ---- */

/* A code of any kind (validate_code's rule). */
const char *refdata_code(const char *s);
/* A region's, territory's or rep's name. */
const char *refdata_name(const char *s);
/* A product's name. */
const char *refdata_product_name(const char *s);
const char *refdata_short_name(const char *s);
/* The English name: empty, or a name of at most REF_NAME_MAX characters. */
const char *refdata_name_en(const char *s);
const char *refdata_short_en(const char *s);
/* A grid row or column: empty (*out -1) or a whole number from 0 to 63. */
const char *refdata_grid(const char *s, int *out);
/* A phone number, or empty. */
const char *refdata_phone(const char *s);
const char *refdata_category(const char *s);
/* A unit (箱, case): empty or at most REF_UNIT_MAX characters. */
const char *refdata_unit(const char *s);
/* A price in yuan, required, not negative, into fen. */
const char *refdata_price(const char *s, int64_t *fen);
/* A percentage from 0 to 100 with up to two decimals, a "%" after it
 * allowed, into basis points ("2.5" is 250). */
const char *refdata_tolerance(const char *s, int *bp);
/* bp as refdata_tolerance() reads it back: 500 "5", 250 "2.5", 25 "0.25".
 * buf holds 16 bytes. Returns buf. */
char *refdata_tolerance_format(int bp, char *buf);

/* A list of codes as typed: separated by commas (, ， 、), semicolons or
 * spaces; each a code; a code given twice counts once (without regard to
 * case). NULL with *codes (each and the array freed by the caller) and *n,
 * or the msgid of the first code that is not one (*codes NULL, *n 0). */
const char *refdata_code_list(const char *s, char ***codes, int *n);
/* In such a list, the code the cursor (a byte offset into s) stands in or
 * just after, as [*start, *end) of s: what a picker completes. */
void refdata_code_list_token(const char *s, size_t cursor, size_t *start, size_t *end);

/* ---- across fields ---- */

/* May a territory of level child sit under one of level parent? */
bool refdata_level_fits(qd_level parent, qd_level child);

/* A territory's tree and grid rules: a province has no parent, a city's
 * parent is a province and a district's a city (parent_level is -1 when
 * there is no parent), grid row and column both or neither. NULL, or the
 * msgid with *field. */
const char *refdata_territory_rule(qd_level level, int parent_level, int grid_row, int grid_col,
				   qd_ref_field *field);

/* Not refusals, warnings: tier prices that do not rise from A to D, a tier
 * price above the suggested retail price. NULL, or a question ending in
 * "(y/n)" with *field. */
const char *refdata_product_warning(const struct product_rec *p, qd_ref_field *field);

/* ---- whole records, as stored: what the database checks before writing ---- */

/* Each returns NULL, or the msgid of the first problem with *field. */
const char *refdata_region_check(const struct region_rec *r, qd_ref_field *field);
/* parent_level: the parent's level, or -1 when there is none. */
const char *refdata_territory_check(const struct territory_rec *t, int parent_level,
				    qd_ref_field *field);
const char *refdata_rep_check(const struct rep_rec *r, qd_ref_field *field);
const char *refdata_product_check(const struct product_rec *p, qd_ref_field *field);

#endif
