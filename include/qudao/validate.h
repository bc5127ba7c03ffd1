/* Validation of what a user types into a form. Each function returns NULL when
 * the value is acceptable (and stores the parsed value), or an N_() msgid that
 * says what is wrong and how to write it; translate it with _() to show it. */
#ifndef QUDAO_VALIDATE_H
#define QUDAO_VALIDATE_H

#include <stdint.h>

#include "qudao/date.h"
#include "qudao/lifecycle.h"

/* A distributor code: 1-32 letters, digits, '-' or '_' (GD-0042). */
const char *validate_code(const char *s);
/* The same rule, with the messages for a code that is missing and for one
 * with other characters given (another kind of record's example). */
const char *validate_code_as(const char *s, const char *required, const char *letters);
/* A name: not blank, at most 200 characters, no control characters. */
const char *validate_name(const char *s);
/* A phone number, or empty: 7-20 digits; spaces, dashes, brackets and a
 * leading + are allowed. */
const char *validate_phone(const char *s);
/* A date YYYY-MM-DD, or empty (then *has is 0). */
const char *validate_date_optional(const char *s, qd_date *out, int *has);
/* An amount of money that is not negative (empty is 0). */
const char *validate_money_nonnegative(const char *s, int64_t *fen);
/* The most a credit limit may be: ¥10,000,000,000.00 (a hundred 亿). */
#define VALIDATE_CREDIT_MAX_FEN INT64_C(1000000000000)
/* A credit limit: an amount as above, at most VALIDATE_CREDIT_MAX_FEN. */
const char *validate_credit_limit(const char *s, int64_t *fen);
/* The same of a credit limit in fen (what an import or a write is given). */
const char *validate_credit_limit_fen(int64_t fen);
/* Days between visits: a whole number from 1 to 366. */
const char *validate_visit_days(const char *s, int *out);
/* A review score: a whole number from 0 to 10. */
const char *validate_score(const char *s, int *out);

/* The rules that tie a distributor's agreement dates to each other and to
 * its status: both dates or neither, the end not before the start, and an
 * active or suspended distributor has them. start and end are as typed
 * (YYYY-MM-DD or empty; the caller has checked each is a date). Returns NULL
 * or the msgid of what is wrong, with *end_field true when it concerns the
 * end date rather than the start. */
const char *validate_dist_agreement(qd_status status, const char *start, const char *end,
				    int *end_field);
/* Not a refusal, a warning: an active distributor whose agreement ended
 * before today. NULL when there is nothing to warn about. */
const char *validate_dist_agreement_warning(qd_status status, const char *end, qd_date today);

#endif
