/* libFuzzer target for what reads files from elsewhere: encoding detection
 * and conversion, the CSV reader, the cleaning of fields, header matching
 * against every kind, and the reading of dates, amounts and yes/no. Any
 * input must be read without a crash, a leak or undefined behaviour, and
 * every cleaned field must be valid UTF-8 without control characters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/columns.h"
#include "qudao/csv.h"
#include "qudao/date.h"
#include "qudao/encoding.h"
#include "qudao/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_field(const char *s)
{
	qd_date d;
	int64_t fen;
	bool b;
	date_parse_any(s, &d);
	money_parse_any(s, &fen);
	columns_bool(s, &b);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
	if (encoding_utf8_invalid(s, strlen(s)) != strlen(s))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	qd_encoding enc;
	size_t skip;
	bool damaged;
	if (encoding_detect(in, size, ENC_AUTO, &enc, &skip, &damaged))
		return 0;
	char *text = NULL;
	size_t len = size - skip, bad;
	const char *src = in + skip;
	if (enc != ENC_UTF8) {
		if (encoding_to_utf8(in + skip, size - skip, enc, &text, &len, &bad))
			return 0;
		src = text;
	}
	struct csv_reader r;
	csv_reader_init(&r, src, len, 0);
	int first = 1;
	while (csv_read(&r) == 1) {
		char *fields[64];
		int n = r.nfields < 64 ? r.nfields : 64;
		for (int i = 0; i < n; i++) {
			fields[i] =
				csv_clean(r.fields[i].text, r.fields[i].len, r.fields[i].quoted);
			if (fields[i])
				fuzz_field(fields[i]);
			else
				fields[i] = strdup("");
		}
		if (first)
			for (int k = 0; columns_kinds[k]; k++) {
				struct column_match m;
				columns_match(columns_kinds[k], (const char *const *)fields, n, &m);
			}
		first = 0;
		for (int i = 0; i < n; i++)
			free(fields[i]);
	}
	csv_reader_free(&r);
	free(text);
	return 0;
}
