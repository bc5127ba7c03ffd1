/* The reference data's rules, over plain values: each check says what is
 * wrong as a msgid and which field it concerns. */
#include "qudao/refdata.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>

#include "qudao/i18n.h"
#include "qudao/validate.h"
#include "qudao/xalloc.h"

/* What a text check says when the text is missing, too long, or holds a
 * control character or invalid bytes. */
struct refdata_text_rule {
	int max_chars;
	const char *required; /* NULL: it may be empty */
	const char *too_long;
	const char *bad;
};

static const char *refdata_text(const char *s, const struct refdata_text_rule *r)
{
	if (!s || !s[strspn(s, " ")])
		return r->required;
	size_t len = strlen(s);
	if (u8_check((const uint8_t *)s, len))
		return r->bad;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return r->bad;
	if (u8_mbsnlen((const uint8_t *)s, len) > (size_t)r->max_chars)
		return r->too_long;
	return NULL;
}

/* (Without the distributor code's example: the form beside the field shows
 * one of this kind's.) */
const char *refdata_code(const char *s)
{
	return validate_code_as(s, N_("The code is required."),
				N_("The code may hold only letters, digits, '-' and '_'."));
}

const char *refdata_name(const char *s)
{
	static const struct refdata_text_rule rule = {
		REF_NAME_MAX,
		N_("The name is required."),
		N_("The name is at most 100 characters long."),
		N_("The name may not hold control characters."),
	};
	return refdata_text(s, &rule);
}

const char *refdata_product_name(const char *s)
{
	return validate_name(s);
}

const char *refdata_short_name(const char *s)
{
	static const struct refdata_text_rule rule = {
		REF_SHORT_MAX,
		N_("The short name is required: one or two characters, as the map shows it "
		   "(深圳)."),
		N_("The short name is one or two characters (深圳)."),
		N_("The short name may not hold control characters."),
	};
	const char *why = refdata_text(s, &rule);
	if (!why && strchr(s, ' '))
		return N_("The short name is one or two characters (深圳), without spaces.");
	return why;
}

const char *refdata_name_en(const char *s)
{
	static const struct refdata_text_rule rule = {
		REF_NAME_MAX,
		NULL,
		N_("The English name is at most 100 characters long."),
		N_("The English name may not hold control characters."),
	};
	return refdata_text(s, &rule);
}

const char *refdata_short_en(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n > REF_SHORT_EN_MAX)
		return N_("The English short name is at most four Latin letters (Gdng).");
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return N_("The English short name holds Latin letters only (Gdng).");
	return NULL;
}

const char *refdata_grid(const char *s, int *out)
{
	*out = -1;
	if (!s || !*s)
		return NULL;
	int v = 0;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p) || p - s >= 2)
			return N_("A grid place is a whole number from 0 to 63, or empty.");
		v = v * 10 + (*p - '0');
	}
	if (v > REF_GRID_MAX)
		return N_("A grid place is a whole number from 0 to 63, or empty.");
	*out = v;
	return NULL;
}

const char *refdata_phone(const char *s)
{
	if (s && u8_mbsnlen((const uint8_t *)s, strlen(s)) > REF_PHONE_MAX)
		return N_("A phone number is at most 40 characters long.");
	return validate_phone(s);
}

const char *refdata_category(const char *s)
{
	static const struct refdata_text_rule rule = {
		REF_CATEGORY_MAX,
		N_("The category is required (饮料, beverages)."),
		N_("The category is at most 40 characters long."),
		N_("The category may not hold control characters."),
	};
	return refdata_text(s, &rule);
}

const char *refdata_unit(const char *s)
{
	static const struct refdata_text_rule rule = {
		REF_UNIT_MAX,
		NULL,
		N_("The unit is at most 16 characters long (箱, case)."),
		N_("The unit may not hold control characters."),
	};
	return refdata_text(s, &rule);
}

const char *refdata_price(const char *s, int64_t *fen)
{
	*fen = 0;
	if (!s || !s[strspn(s, " ")])
		return N_("The price is required: yuan with up to two decimals, for example "
			  "12.50.");
	const char *why = validate_money_nonnegative(s, fen);
	if (!why && *fen > REF_PRICE_MAX_FEN)
		why = N_("A price is at most ¥10,000,000.00.");
	return why;
}

const char *refdata_tolerance(const char *s, int *bp)
{
	static const char *const wrong =
		N_("The tolerance is a percentage from 0 to 100 with up to two decimals, for "
		   "example 5 or 2.5.");
	*bp = 0;
	if (!s)
		return wrong;
	while (*s == ' ')
		s++;
	int whole = 0, cents = 0, digits = 0, decimals = 0;
	for (; isdigit((unsigned char)*s); s++) {
		if (++digits > 3)
			return wrong;
		whole = whole * 10 + (*s - '0');
	}
	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++) {
			if (++decimals > 2)
				return wrong;
			cents = cents * 10 + (*s - '0');
		}
	}
	if (digits + decimals == 0)
		return *s ? wrong : N_("The tolerance is required: a percentage, for example 5.");
	if (decimals == 1)
		cents *= 10;
	while (*s == ' ')
		s++;
	if (*s == '%')
		s++;
	else if (!strncmp(s, "\xEF\xBC\x85", 3)) /* ％, the full-width percent sign */
		s += 3;
	while (*s == ' ')
		s++;
	if (*s)
		return wrong;
	int v = whole * 100 + cents;
	if (v > REF_TOLERANCE_MAX_BP)
		return wrong;
	*bp = v;
	return NULL;
}

char *refdata_tolerance_format(int bp, char *buf)
{
	int whole = bp / 100, cents = bp % 100;
	if (cents == 0)
		snprintf(buf, 16, "%d", whole);
	else if (cents % 10 == 0)
		snprintf(buf, 16, "%d.%d", whole, cents / 10);
	else
		snprintf(buf, 16, "%d.%02d", whole, cents);
	return buf;
}

/* The length of the separator at s (0 when there is none). */
static size_t refdata_separator(const char *s)
{
	static const char *const seps[] = { ",",
					    ";",
					    " ",
					    "\t",
					    "\xEF\xBC\x8C" /* ， */,
					    "\xE3\x80\x81" /* 、 */,
					    "\xEF\xBC\x9B" /* ； */ };
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
		if (!strncmp(s, seps[i], strlen(seps[i])))
			return strlen(seps[i]);
	return 0;
}

const char *refdata_code_list(const char *s, char ***codes, int *n)
{
	*codes = NULL;
	*n = 0;
	char **out = NULL;
	int count = 0;
	const char *p = s ? s : "";
	while (*p) {
		size_t sep = refdata_separator(p);
		if (sep) {
			p += sep;
			continue;
		}
		const char *start = p;
		while (*p && !refdata_separator(p))
			p++;
		char *code = xstrndup(start, (size_t)(p - start));
		const char *why = validate_code(code);
		if (why) {
			free(code);
			for (int i = 0; i < count; i++)
				free(out[i]);
			free(out);
			return N_("Give territory codes separated by commas (GD-SZ, GD-GZ); each "
				  "is letters, digits, '-' and '_'.");
		}
		bool seen = false;
		for (int i = 0; i < count && !seen; i++)
			seen = !strcasecmp(out[i], code);
		if (seen) {
			free(code);
			continue;
		}
		out = xrealloc(out, (size_t)(count + 1) * sizeof *out);
		out[count++] = code;
	}
	*codes = out;
	*n = count;
	return NULL;
}

/* The length of the separator that ends at s + pos (0 when none). */
static size_t refdata_separator_before(const char *s, size_t pos)
{
	for (size_t len = 1; len <= 3 && len <= pos; len++)
		if (refdata_separator(s + pos - len) == len)
			return len;
	return 0;
}

void refdata_code_list_token(const char *s, size_t cursor, size_t *start, size_t *end)
{
	size_t n = s ? strlen(s) : 0;
	if (cursor > n)
		cursor = n;
	size_t a = cursor, b = cursor;
	while (a > 0 && !refdata_separator_before(s, a))
		a--;
	while (b < n && !refdata_separator(s + b))
		b++;
	*start = a;
	*end = b;
}

bool refdata_level_fits(qd_level parent, qd_level child)
{
	return (parent == LEVEL_PROVINCE && child == LEVEL_CITY) ||
	       (parent == LEVEL_CITY && child == LEVEL_DISTRICT);
}

const char *refdata_territory_rule(qd_level level, int parent_level, int grid_row, int grid_col,
				   qd_ref_field *field)
{
	*field = REF_FIELD_PARENT;
	if (level == LEVEL_PROVINCE && parent_level >= 0)
		return N_("A province has no parent territory: leave the parent empty.");
	if (level == LEVEL_CITY && parent_level < 0)
		return N_("A city needs its province as the parent.");
	if (level == LEVEL_DISTRICT && parent_level < 0)
		return N_("A district needs its city as the parent.");
	if (level == LEVEL_CITY && parent_level != LEVEL_PROVINCE)
		return N_("A city belongs to a province: pick a province as its parent.");
	if (level == LEVEL_DISTRICT && parent_level != LEVEL_CITY)
		return N_("A district belongs to a city: pick a city as its parent.");
	if ((grid_row < 0) != (grid_col < 0)) {
		*field = grid_row < 0 ? REF_FIELD_GRID_ROW : REF_FIELD_GRID_COL;
		return N_("Give both the grid row and the grid column, or neither.");
	}
	*field = REF_FIELD_NONE;
	return NULL;
}

const char *refdata_product_warning(const struct product_rec *p, qd_ref_field *field)
{
	for (int i = 1; i < REF_TIERS; i++)
		if (p->tier_fen[i] < p->tier_fen[i - 1]) {
			*field = (qd_ref_field)(REF_FIELD_PRICE_A + i);
			return N_("Tier prices usually rise from A to D (tier A buys cheapest), "
				  "and these do not. Save anyway? (y/n)");
		}
	for (int i = 0; i < REF_TIERS; i++)
		if (p->tier_fen[i] > p->retail_fen) {
			*field = (qd_ref_field)(REF_FIELD_PRICE_A + i);
			return N_("A tier price is above the suggested retail price, so a "
				  "distributor would sell at a loss. Save anyway? (y/n)");
		}
	*field = REF_FIELD_NONE;
	return NULL;
}

/* Sets *field and returns why when why is not NULL. */
static bool refdata_fail(const char *why, qd_ref_field f, const char **out, qd_ref_field *field)
{
	if (!why)
		return false;
	*out = why;
	*field = f;
	return true;
}

const char *refdata_region_check(const struct region_rec *r, qd_ref_field *field)
{
	const char *why = NULL;
	*field = REF_FIELD_NONE;
	if (refdata_fail(refdata_code(r->code), REF_FIELD_CODE, &why, field) ||
	    refdata_fail(refdata_name(r->name), REF_FIELD_NAME, &why, field))
		return why;
	return NULL;
}

static const char *refdata_grid_value(int v)
{
	return v < -1 || v > REF_GRID_MAX
		       ? N_("A grid place is a whole number from 0 to 63, or empty.")
		       : NULL;
}

const char *refdata_territory_check(const struct territory_rec *t, int parent_level,
				    qd_ref_field *field)
{
	const char *why = NULL;
	*field = REF_FIELD_NONE;
	if (refdata_fail(refdata_code(t->code), REF_FIELD_CODE, &why, field) ||
	    refdata_fail(refdata_name(t->name), REF_FIELD_NAME, &why, field) ||
	    refdata_fail(t->level < 0 || t->level >= LEVEL_COUNT
				 ? N_("A territory is a province, a city or a district.")
				 : NULL,
			 REF_FIELD_LEVEL, &why, field) ||
	    refdata_fail(refdata_short_name(t->short_name), REF_FIELD_SHORT_NAME, &why, field) ||
	    refdata_fail(refdata_name_en(t->name_en), REF_FIELD_NAME_EN, &why, field) ||
	    refdata_fail(refdata_short_en(t->short_en), REF_FIELD_SHORT_EN, &why, field) ||
	    refdata_fail(refdata_grid_value(t->grid_row), REF_FIELD_GRID_ROW, &why, field) ||
	    refdata_fail(refdata_grid_value(t->grid_col), REF_FIELD_GRID_COL, &why, field))
		return why;
	return refdata_territory_rule(t->level, parent_level, t->grid_row, t->grid_col, field);
}

const char *refdata_rep_check(const struct rep_rec *r, qd_ref_field *field)
{
	const char *why = NULL;
	*field = REF_FIELD_NONE;
	if (refdata_fail(refdata_code(r->code), REF_FIELD_CODE, &why, field) ||
	    refdata_fail(refdata_name(r->name), REF_FIELD_NAME, &why, field) ||
	    refdata_fail(r->role < 0 || r->role >= ROLE_COUNT
				 ? N_("A rep's role is rep or manager.")
				 : NULL,
			 REF_FIELD_ROLE, &why, field) ||
	    refdata_fail(refdata_phone(r->phone), REF_FIELD_PHONE, &why, field))
		return why;
	return NULL;
}

const char *refdata_product_check(const struct product_rec *p, qd_ref_field *field)
{
	const char *why = NULL;
	*field = REF_FIELD_NONE;
	if (refdata_fail(refdata_code(p->sku), REF_FIELD_CODE, &why, field) ||
	    refdata_fail(refdata_product_name(p->name), REF_FIELD_NAME, &why, field) ||
	    refdata_fail(refdata_category(p->category), REF_FIELD_CATEGORY, &why, field) ||
	    refdata_fail(refdata_unit(p->unit), REF_FIELD_UNIT, &why, field))
		return why;
	for (int i = 0; i < REF_TIERS; i++)
		if (p->tier_fen[i] < 0 || p->tier_fen[i] > REF_PRICE_MAX_FEN) {
			*field = (qd_ref_field)(REF_FIELD_PRICE_A + i);
			return p->tier_fen[i] < 0 ? N_("The amount cannot be negative.")
						  : N_("A price is at most ¥10,000,000.00.");
		}
	if (p->retail_fen < 0 || p->retail_fen > REF_PRICE_MAX_FEN) {
		*field = REF_FIELD_RETAIL;
		return p->retail_fen < 0 ? N_("The amount cannot be negative.")
					 : N_("A price is at most ¥10,000,000.00.");
	}
	if (p->tolerance_bp < 0 || p->tolerance_bp > REF_TOLERANCE_MAX_BP) {
		*field = REF_FIELD_TOLERANCE;
		return N_("The tolerance is a percentage from 0 to 100 with up to two decimals, "
			  "for example 5 or 2.5.");
	}
	return NULL;
}
