/* Money is an integer number of fen (1 yuan = 100 fen). No floating point. */
#ifndef QUDAO_MONEY_H
#define QUDAO_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "qudao/i18n.h"

enum { MONEY_BUF = 48 };

/* What money_parse and money_parse_any return. */
enum {
	MONEY_OK = 0,
	MONEY_NOT_AMOUNT = -1, /* not written as an amount */
	MONEY_TOO_LARGE = -2,  /* an amount, too large to keep (past ¥92,233,720,368,547,749.99) */
};
/* Parses "1234.5", "-12", "1,234.56", "¥12", "￥12.00" into fen. At most two
 * decimals; spaces around are allowed. */
int money_parse(const char *s, int64_t *fen);
/* Parses an amount as files write it: what money_parse takes, full-width
 * digits and signs, "元" after it, and 万 (ten thousand) or 亿 (a hundred
 * million) after the number: "1.2万" is 12000.00. Still exact to the fen:
 * an amount with a part smaller than a fen is refused, never rounded. */
int money_parse_any(const char *s, int64_t *fen);
/* "¥1,234.50", "-¥3.00". buf holds MONEY_BUF bytes. Returns buf. */
char *money_format(int64_t fen, char *buf);
/* Plain "1234.50" for files (CSV, ERP). Returns buf. */
char *money_format_plain(int64_t fen, char *buf);
/* Compact, the way each language writes it: zh "¥9876", "¥1.2万", "¥3.4亿";
 * en "¥987", "¥12.3k", "¥3.4M", "¥1.2B". Rounded half away from zero. */
char *money_format_compact(int64_t fen, qd_lang lang, char *buf);

#endif
