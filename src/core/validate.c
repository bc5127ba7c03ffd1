/* Form validation with specific messages. */
#include "qudao/validate.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "qudao/i18n.h"
#include "qudao/money.h"
#include "qudao/text.h"

const char *validate_code_as(const char *s, const char *required, const char *letters)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0)
		return required;
	/* The letters first: a code of Chinese characters is told what it may
	 * hold, not a length its bytes passed. */
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return letters;
	if (n > 32)
		return N_("The code is at most 32 characters long.");
	return NULL;
}

const char *validate_code(const char *s)
{
	return validate_code_as(
		s, N_("The code is required, for example GD-0042."),
		N_("The code may hold only letters, digits, '-' and '_' (GD-0042)."));
}

const char *validate_name(const char *s)
{
	if (!s || !s[strspn(s, " ")])
		return N_("The name is required.");
	size_t len = strlen(s);
	if (u8_check((const uint8_t *)s, len))
		return N_("The name is not valid text.");
	if (u8_mbsnlen((const uint8_t *)s, len) > 200)
		return N_("The name is at most 200 characters long.");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return N_("The name may not hold control characters.");
	return NULL;
}

const char *validate_phone(const char *s)
{
	if (!s || !*s)
		return NULL;
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (*p == '+' && p == s)
			continue;
		else if (!strchr(" -()", *p))
			return N_("A phone number holds digits, spaces, dashes, brackets and a "
				  "leading "
				  "+ only (13812345678).");
	}
	if (digits < 7 || digits > 20)
		return N_("A phone number has 7 to 20 digits (13812345678).");
	return NULL;
}

const char *validate_date_optional(const char *s, qd_date *out, int *has)
{
	*has = 0;
	if (!s || !*s)
		return NULL;
	if (date_parse(s, out))
		return N_("Not a date: write it as YYYY-MM-DD, for example 2026-11-27.");
	*has = 1;
	return NULL;
}

const char *validate_money_nonnegative(const char *s, int64_t *fen)
{
	if (!s || !*s) {
		*fen = 0;
		return NULL;
	}
	/* As the importer reads amounts: 1.2万, ￥50,000, full-width digits. */
	int rc = money_parse_any(s, fen);
	if (rc == MONEY_TOO_LARGE)
		return N_("The amount is too large: no amount has that many digits.");
	if (rc)
		return N_("Not an amount: write yuan with up to two decimals, for example 50000, "
			  "1234.50 or 1.2万.");
	if (*fen < 0)
		return N_("The amount cannot be negative.");
	return NULL;
}

const char *validate_credit_limit_fen(int64_t fen)
{
	if (fen < 0)
		return N_("The amount cannot be negative.");
	if (fen > VALIDATE_CREDIT_MAX_FEN)
		return N_("A credit limit is at most ¥10,000,000,000.00.");
	return NULL;
}

const char *validate_credit_limit(const char *s, int64_t *fen)
{
	const char *why = validate_money_nonnegative(s, fen);
	return why ? why : validate_credit_limit_fen(*fen);
}

/* Up to four digits, ASCII or full-width (７, as a Chinese input method
 * types them), spaces around allowed. */
static int validate_small_int(const char *s, int *out)
{
	char *d = text_ascii_fold(s);
	size_t n = strlen(d);
	int v = 0;
	bool ok = n > 0 && n <= 4;
	for (size_t i = 0; ok && i < n; i++) {
		ok = isdigit((unsigned char)d[i]);
		v = v * 10 + (d[i] - '0');
	}
	free(d);
	if (ok)
		*out = v;
	return ok ? 0 : -1;
}

const char *validate_visit_days(const char *s, int *out)
{
	if (validate_small_int(s, out) || *out < 1 || *out > 366)
		return N_("Visit every 1 to 366 days.");
	return NULL;
}

const char *validate_score(const char *s, int *out)
{
	if (validate_small_int(s, out) || *out > 10)
		return N_("A score is a whole number from 0 to 10.");
	return NULL;
}

const char *validate_dist_agreement(qd_status status, const char *start, const char *end,
				    int *end_field)
{
	qd_date a, b;
	bool has_start = start && *start && !date_parse(start, &a);
	bool has_end = end && *end && !date_parse(end, &b);
	*end_field = 0;
	if (has_start != has_end) {
		*end_field = has_start;
		return N_("Give both agreement dates, or neither.");
	}
	if (has_start && date_cmp(b, a) < 0) {
		*end_field = 1;
		return N_("The agreement cannot end before it starts.");
	}
	if (!has_start && (status == STATUS_ACTIVE || status == STATUS_SUSPENDED))
		return N_("An active or suspended distributor needs its agreement dates.");
	return NULL;
}

const char *validate_dist_agreement_warning(qd_status status, const char *end, qd_date today)
{
	qd_date b;
	if (status == STATUS_ACTIVE && end && !date_parse(end, &b) && date_cmp(b, today) < 0)
		return N_("The agreement has ended, but the distributor is still active. Save "
			  "anyway? (y/n)");
	return NULL;
}
