/* cli/import and export: every file of tests/data/csv imported as
 * cases.txt says it must end (each on a fresh copy of the small demo), the
 * rejects file imported again as it is, the errors shown at most 50, and a
 * round trip of every kind: the demo exported, imported into an empty
 * database, exported again, byte for byte the same. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "demo_fixture.h"
#include "qudao/cli.h"
#include "qudao/csv.h"
#include "qudao/export.h"
#include "qudao/import.h"
#include "qudao/ledger.h"

static char base_path[96], case_path[96], tmp_path[96];

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	size_t cap = 1 << 16, len = 0, got;
	char *buf = malloc(cap);
	while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (len + 1 >= cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	buf[len] = '\0';
	*n = len;
	return buf;
}

static void spill(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	fclose(f);
}

/* A fresh copy of the demo at case_path. */
static void fresh_copy(void)
{
	size_t n;
	char *db = slurp(base_path, &n);
	fixture_remove(case_path);
	spill(case_path, db, n);
	free(db);
}

static const char *data_dir(void)
{
	const char *d = getenv("QUDAO_TEST_DATA");
	return d ? d : "tests/data";
}

/* The file a case names, made when it is generated; the path to import. */
static const char *case_file(const char *name)
{
	static char path[512];
	if (strncmp(name, "gen:", 4)) {
		snprintf(path, sizeof path, "%s/csv/%s", data_dir(), name);
		return path;
	}
	if (!strcmp(name, "gen:bigfield")) {
		size_t big = 1 << 20;
		char *text = malloc(big + 128);
		int k = sprintf(text, "code,name,notes\nBIG-1,大字段,\"");
		memset(text + k, 'x', big);
		memcpy(text + k + big, "\"\n", 3);
		spill(tmp_path, text, strlen(text));
		free(text);
		return tmp_path;
	}
	const char *enc = name + 4, *colon = strchr(enc, ':');
	char src[512];
	snprintf(src, sizeof src, "%s/csv/%s", data_dir(), colon + 1);
	size_t n, m;
	char *utf8 = slurp(src, &n), *out;
	if (!strncmp(enc, "gb18030:", 8)) {
		ck_assert_int_eq(encoding_from_utf8(utf8, n, ENC_GB18030, &out, &m), 0);
		spill(tmp_path, out, m);
	} else {
		bool le = !strncmp(enc, "utf16le", 7);
		ck_assert_int_eq(
			encoding_from_utf8(utf8, n, le ? ENC_UTF16LE : ENC_UTF16BE, &out, &m), 0);
		/* -damaged: U2's U a lone surrogate (D800), on line 3. */
		for (size_t i = 0; strstr(enc, "-damaged") && i + 4 <= m; i += 2)
			if (!memcmp(out + i,
				    le ? "U\0"
					 "2\0"
				       : "\0U\0"
					 "2",
				    4)) {
				memcpy(out + i, le ? "\x00\xD8" : "\xD8\x00", 2);
				break;
			}
		char *bom = malloc(m + 2);
		memcpy(bom, le ? "\xFF\xFE" : "\xFE\xFF", 2);
		memcpy(bom + 2, out, m);
		spill(tmp_path, bom, m + 2);
		free(bom);
	}
	free(out);
	free(utf8);
	return tmp_path;
}

/* Imports path into the database at db_path; the messages in *messages
 * (the caller frees them). */
static qd_import_end run_import(const char *db_path, const char *kind, const char *path,
				struct import_options *o, struct import_result *r, char **messages)
{
	qd_db *db;
	char *err;
	ck_assert_int_eq(db_open(db_path, DB_OPEN_CREATE, &db, &err), 0);
	size_t len;
	FILE *f = open_memstream(messages, &len);
	o->kind = kind;
	o->messages = f;
	o->who = "test";
	qd_import_end end = import_file(db, path, o, r);
	fclose(f);
	db_close(db);
	return end;
}

START_TEST(test_import_every_case_of_the_data_directory)
{
	char manifest[512];
	snprintf(manifest, sizeof manifest, "%s/csv/cases.txt", data_dir());
	size_t n;
	char *text = slurp(manifest, &n);
	int cases = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		char *f[10];
		int k = 0;
		for (char *p = line; k < 10; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		ck_assert_msg(k == 9, "cases.txt: a line with %d fields", k + 1);
		fresh_copy();
		struct import_options o = { 0 };
		o.max_shown = 50;
		if (strstr(f[2], "update"))
			o.update = true;
		if (strstr(f[2], "dry-run"))
			o.dry_run = true;
		if (strstr(f[2], "skip"))
			o.rejects = "/tmp/qudao-test-import-rejects.csv";
		if (strstr(f[2], "enc=gb18030"))
			o.encoding = ENC_GB18030;
		if (strstr(f[2], "enc=utf16"))
			o.encoding = ENC_UTF16;
		if (strstr(f[2], "enc=utf8"))
			o.encoding = ENC_UTF8;
		struct import_result r;
		char *msgs;
		qd_import_end end = run_import(case_path, f[1], case_file(f[0]), &o, &r, &msgs);
		const char *ends[] = { "done", "invalid", "refused", "interrupted", "failed" };
		ck_assert_msg(!strcmp(ends[end], f[3]), "%s (%s): ended %s, not %s\n%s", f[0], f[2],
			      ends[end], f[3], msgs);
		long want[4] = { atol(f[4]), atol(f[5]), atol(f[6]), atol(f[7]) };
		ck_assert_msg(r.inserted == want[0] && r.updated == want[1] &&
				      r.skipped == want[2] && r.rejected == want[3],
			      "%s (%s): %ld inserted, %ld updated, %ld skipped, %ld rejected\n%s",
			      f[0], f[2], r.inserted, r.updated, r.skipped, r.rejected, msgs);
		if (strcmp(f[8], "-"))
			ck_assert_msg(strstr(msgs, f[8]) != NULL, "%s: no \"%s\" in:\n%s", f[0],
				      f[8], msgs);
		if (strcmp(f[9], "-"))
			ck_assert_msg(fixture_q(case_path, f[9]) == 1, "%s (%s): not so: %s\n%s",
				      f[0], f[2], f[9], msgs);
		free(msgs);
		cases++;
	}
	free(text);
	ck_assert_int_ge(cases, 30);
}
END_TEST

START_TEST(test_import_rejects_file_imports_again_as_it_is)
{
	fresh_copy();
	char src[512];
	snprintf(src, sizeof src, "%s/csv/orders_grouped.csv", data_dir());
	struct import_options o = { .max_shown = 50, .rejects = tmp_path };
	struct import_result r;
	char *msgs;
	ck_assert_int_eq(run_import(case_path, "orders", src, &o, &r, &msgs), IMPORT_DONE);
	free(msgs);
	size_t n;
	char *rej = slurp(tmp_path, &n);
	/* The two lines of order T-2, each with its reason, and the header. */
	ck_assert_ptr_nonnull(strstr(rej, "import_error"));
	ck_assert_ptr_nonnull(strstr(rej, "T-2,AH-0003"));
	ck_assert_ptr_nonnull(strstr(rej, "differs from"));
	/* The reason names the file its line is of (after a second round,
	 * "3:1:" could be of the first file or of the rejects). */
	ck_assert_ptr_nonnull(strstr(rej, ",\"orders_grouped.csv:"));
	free(rej);
	/* Fixed (the second line's distributor) and imported as it is. */
	struct import_options again = { .max_shown = 50 };
	char fixed[200];
	snprintf(fixed, sizeof fixed, "%s.fixed.csv", tmp_path);
	rej = slurp(tmp_path, &n);
	char *p = strstr(rej, "T-2,AH-0003");
	memcpy(p, "T-2,AH-0002", 11);
	spill(fixed, rej, n);
	free(rej);
	ck_assert_int_eq(run_import(case_path, "orders", fixed, &again, &r, &msgs), IMPORT_DONE);
	ck_assert_int_eq(r.inserted, 2);
	ck_assert_int_eq(r.rejected, 0);
	free(msgs);
	ck_assert_int_eq(fixture_q(case_path, "SELECT count(*) FROM orders WHERE order_no = 'T-2'"),
			 1);
	unlink(fixed);
}
END_TEST

/* Two orders whose lines alternate (IL-1, IL-2, IL-1, IL-2) are both
 * refused; their rejects are written an order's lines together, so that
 * the file imports again as it is (in the file's order it was refused the
 * same way). */
/* tests/data/csv/NAME imported as orders with --skip-invalid into a fresh
 * copy, its lines all refused (there are lines of them): the rejects
 * file's text. */
static char *orders_rejects(const char *name, int lines)
{
	fresh_copy();
	char src[512];
	snprintf(src, sizeof src, "%s/csv/%s", data_dir(), name);
	struct import_options o = { .max_shown = 50, .rejects = tmp_path };
	struct import_result r;
	char *msgs;
	ck_assert_int_eq(run_import(case_path, "orders", src, &o, &r, &msgs), IMPORT_DONE);
	ck_assert_int_eq(r.inserted, 0);
	ck_assert_int_eq(r.rejected, lines);
	free(msgs);
	size_t n;
	return slurp(tmp_path, &n);
}

START_TEST(test_import_rejects_file_keeps_a_record_s_lines_together)
{
	char *rej = orders_rejects("orders_interleaved.csv", 4);
	char *a = strstr(rej, "IL-1,"), *b = a ? strstr(a + 1, "IL-1,") : NULL;
	char *c = strstr(rej, "IL-2,");
	ck_assert_msg(a && b && c && b < c, "the lines of IL-1 apart:\n%s", rej);
	free(rej);
	struct import_options again = { .max_shown = 50 };
	struct import_result r;
	char *msgs;
	ck_assert_int_eq(run_import(case_path, "orders", tmp_path, &again, &r, &msgs), IMPORT_DONE);
	ck_assert_int_eq(r.inserted, 4);
	ck_assert_int_eq(r.rejected, 0);
	free(msgs);
	ck_assert_int_eq(fixture_q(case_path, "SELECT count(*) FROM order_lines l JOIN orders o"
					      " ON o.id = l.order_id WHERE o.order_no LIKE 'IL-%'"),
			 4);
	/* So too when a line of one is unreadable (a field too many). */
	rej = orders_rejects("orders_interleaved_bad.csv", 4);
	a = strstr(rej, "IL-1,");
	b = a ? strstr(a + 1, "IL-1,") : NULL;
	c = strstr(rej, "IL-2,");
	char *d = c ? strstr(c + 1, "IL-2,") : NULL;
	ck_assert_msg(a && b && c && d && (b < c || d < a), "the lines of an order apart:\n%s",
		      rej);
	free(rej);
}
END_TEST

/* An order refused for one of its lines: that line's reason is its own;
 * the other line says it went with its order, and which line was at
 * fault. */
START_TEST(test_import_rejects_file_says_which_lines_went_with_their_record)
{
	char *rej = orders_rejects("orders_first_line_at_fault.csv", 2);
	char *first = strstr(rej, "BV-001"), *second = strstr(rej, "BV-002");
	ck_assert_msg(first && second && first < second, "%s", rej);
	char *first_end = strchr(first, '\n');
	ck_assert_ptr_nonnull(first_end);
	*first_end = '\0';
	ck_assert_msg(!strstr(first, "Refused with"), "the faulty line: %s", first);
	ck_assert_msg(strstr(first, "orders_first_line_at_fault.csv:2:4: status"), "%s", first);
	ck_assert_msg(strstr(second, "Refused with the other lines of its record: "
				     "orders_first_line_at_fault.csv:2:4: status"),
		      "the line refused with it: %s", second);
	free(rej);
}
END_TEST

START_TEST(test_import_shows_at_most_fifty_errors_and_keeps_them_all)
{
	fresh_copy();
	FILE *f = fopen(tmp_path, "w");
	fputs("code,name\n", f);
	for (int i = 0; i < 60; i++)
		fprintf(f, "bad code %d,name\n", i);
	fclose(f);
	char rejects[200];
	snprintf(rejects, sizeof rejects, "%s.rejects.csv", tmp_path);
	struct import_options o = { .max_shown = 50, .rejects = rejects };
	struct import_result r;
	char *msgs;
	run_import(case_path, "regions", tmp_path, &o, &r, &msgs);
	ck_assert_int_eq(r.rejected, 60);
	int shown = 0;
	for (char *p = msgs; (p = strstr(p, ": code: ")); p++)
		shown++;
	ck_assert_int_eq(shown, 50);
	ck_assert_ptr_nonnull(strstr(msgs, "rejects file lists them all"));
	free(msgs);
	size_t n;
	char *rej = slurp(rejects, &n);
	int lines = 0;
	for (char *p = rej; (p = strchr(p, '\n')); p++)
		lines++;
	ck_assert_int_eq(lines, 61);
	free(rej);
	unlink(rejects);
}
END_TEST

START_TEST(test_import_interrupted_rolls_back)
{
	fresh_copy();
	char src[512];
	snprintf(src, sizeof src, "%s/csv/quoting.csv", data_dir());
	volatile sig_atomic_t stop = 1;
	struct import_options o = { .max_shown = 50, .interrupted = &stop };
	struct import_result r;
	char *msgs;
	ck_assert_int_eq(run_import(case_path, "regions", src, &o, &r, &msgs), IMPORT_INTERRUPTED);
	free(msgs);
	ck_assert_int_eq(fixture_q(case_path, "SELECT count(*) FROM regions WHERE code = 'T1'"), 0);
}
END_TEST

/* The rows db_export gives, as CSV text. */
static int to_csv(void *ctx, const char *const *values)
{
	csv_writer_row(ctx, values);
	return 0;
}

static char *export_text(const char *db_path, const struct record_kind *k)
{
	qd_db *db;
	char *err, *buf = NULL;
	size_t len;
	ck_assert_int_eq(db_open(db_path, DB_OPEN_EXISTING, &db, &err), 0);
	const char *keys[32];
	for (int c = 0; c < k->ncols; c++)
		keys[c] = k->cols[c].key;
	FILE *f = open_memstream(&buf, &len);
	struct csv_writer *w =
		csv_writer_new(f, CSV_FORMAT_CSV, ENC_UTF8, false, k->ncols, keys, NULL);
	ck_assert_int_ge(db_export(db, k, to_csv, w), 0);
	ck_assert_int_eq(csv_writer_close(w), 0);
	fclose(f);
	db_close(db);
	return buf;
}

/* The visits of db_path as qudao export visits writes them (every day), or
 * without the last two columns (version, updated_at: each write moves them)
 * when kept is false. */
static char *visits_text(const char *db_path, bool whole)
{
	char file[160];
	snprintf(file, sizeof file, "%s.visits.csv", tmp_path);
	char *argv[] = { "export",     "visits", "--from", "2000-01-01", "--to",
			 "2999-12-31", "-o",	 file,	   NULL };
	struct cli_global g = { .db_path = db_path };
	ck_assert_int_eq(cli_dispatch(&g, 8, argv), 0);
	size_t n;
	char *text = slurp(file, &n);
	unlink(file);
	if (whole)
		return text;
	const struct record_kind *k = &columns_visits;
	const char *keys[VCOL_NCOLS];
	for (int c = 0; c < k->ncols; c++)
		keys[c] = k->cols[c].key;
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	struct csv_writer *w =
		csv_writer_new(f, CSV_FORMAT_CSV, ENC_UTF8, false, VCOL_VERSION, keys, NULL);
	struct csv_reader rd;
	csv_reader_init(&rd, text, n, 0);
	ck_assert_int_eq(csv_read(&rd), 1); /* the header */
	while (csv_read(&rd) == 1) {
		char *values[VCOL_NCOLS];
		ck_assert_int_eq(rd.nfields, VCOL_NCOLS);
		for (int c = 0; c < VCOL_VERSION; c++)
			values[c] =
				csv_clean(rd.fields[c].text, rd.fields[c].len, rd.fields[c].quoted);
		csv_writer_row(w, (const char *const *)values);
		for (int c = 0; c < VCOL_VERSION; c++)
			free(values[c]);
	}
	csv_reader_free(&rd);
	ck_assert_int_eq(csv_writer_close(w), 0);
	fclose(f);
	free(text);
	return buf;
}

START_TEST(test_import_round_trip_of_every_kind_into_an_empty_database)
{
	char empty[128];
	snprintf(empty, sizeof empty, "%s.empty.db", case_path);
	fixture_remove(empty);
	for (int i = 0; columns_kinds[i]; i++) {
		const struct record_kind *k = columns_kinds[i];
		/* Visits are exported by their own command, which imports read. */
		bool visits = k == &columns_visits;
		char *before = visits ? visits_text(base_path, true) : export_text(base_path, k);
		spill(tmp_path, before, strlen(before));
		if (visits) {
			free(before);
			before = visits_text(base_path, false);
		}
		/* The provinces come with every database: the file's regions and
		 * names for them are an update. */
		struct import_options o = { .max_shown = 5, .update = k == &columns_territories };
		struct import_result r;
		char *msgs;
		qd_import_end end = run_import(empty, k->name, tmp_path, &o, &r, &msgs);
		ck_assert_msg(end == IMPORT_DONE && r.rejected == 0, "%s: %s", k->name, msgs);
		free(msgs);
		char *after = visits ? visits_text(empty, false) : export_text(empty, k);
		ck_assert_msg(!strcmp(before, after), "%s differs after the round trip", k->name);
		free(before);
		free(after);
	}
	ck_assert_int_gt(fixture_q(empty, "SELECT count(*) FROM order_lines"), 1000);
	ck_assert_int_gt(fixture_q(empty, "SELECT count(*) FROM visits WHERE status = 'done'"
					  " AND summary <> '' AND done_at IS NOT NULL"),
			 1000);
	ck_assert_int_eq(fixture_q(empty, "SELECT count(*) FROM visits"),
			 fixture_q(base_path, "SELECT count(*) FROM visits"));
	fixture_remove(empty);
}
END_TEST

START_TEST(test_import_same_file_twice_skips_what_is_there)
{
	fresh_copy();
	const struct record_kind *k = &columns_payments;
	char *rows = export_text(base_path, k);
	spill(tmp_path, rows, strlen(rows));
	free(rows);
	struct import_options o = { .max_shown = 5 };
	struct import_result r;
	char *msgs;
	ck_assert_int_eq(run_import(case_path, "payments", tmp_path, &o, &r, &msgs), IMPORT_DONE);
	free(msgs);
	ck_assert_int_eq(r.inserted, 0);
	ck_assert_int_eq(r.skipped, r.rows);
}
END_TEST

/* A row with several faults says them all, at their columns, in the
 * messages and in the rejects file's reason: it is fixed in one go. */
START_TEST(test_import_row_says_every_fault_not_only_the_first)
{
	static const struct {
		const char *kind, *text, *faults[6];
	} cases[] = {
		{ "targets",
		  "distributor,period,amount\nNOPE,2026-13,abc\n",
		  { ":2:1: distributor", ":2:2: period", ":2:3: amount" } },
		{ "amounts-due",
		  "invoice,distributor,due_date,amount\nI-1,NOPE,2026-13-01,abc\n",
		  { ":2:2: distributor", ":2:3: due_date", ":2:4: amount" } },
		{ "payments",
		  "distributor,paid_on,amount\nNOPE,2026-13-01,abc\n",
		  { ":2:1: distributor", ":2:2: paid_on", ":2:3: amount" } },
		{ "orders",
		  "order_no,distributor,order_date,product,quantity,unit_price\n"
		  "O-1,NOPE,2026-13-01,NOPE,-1,abc\nO-1,NOPE,2026-13-01,NOPE2,x,1\n",
		  { ":2:2: distributor", ":2:3: order_date", ":2:4: product", ":2:5: quantity",
		    ":2:6: unit_price", ":3:5: quantity" } },
		{ "reps",
		  "code,name,role,region,territories\nR-NEW,名字,boss,NOPE,NOPE\n",
		  { ":2:3: role", ":2:4: region", ":2:5: territories" } },
		{ "products",
		  "code,name,category,price_a,price_b,price_c,price_d,retail_price\n"
		  "P-NEW,名字,饮料,abc,-1,1,1,z\n",
		  { ":2:4: price_a", ":2:5: price_b", ":2:8: retail_price" } },
		{ "visits",
		  "distributor,rep,date,time,status,display\nNOPE,NOPE,2026-13-01,25:00,zzz,99\n",
		  { ":2:1: distributor", ":2:2: rep", ":2:3: date", ":2:4: time", ":2:5: status",
		    ":2:6: display" } },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fresh_copy();
		spill(tmp_path, cases[i].text, strlen(cases[i].text));
		struct import_options o = { 0 };
		o.max_shown = 50;
		o.rejects = "/tmp/qudao-test-import-rejects.csv";
		struct import_result r;
		char *msgs;
		run_import(case_path, cases[i].kind, tmp_path, &o, &r, &msgs);
		ck_assert_int_eq(r.inserted, 0);
		size_t n;
		char *rejects = slurp(o.rejects, &n);
		for (int k = 0; k < 6 && cases[i].faults[k]; k++) {
			ck_assert_msg(strstr(msgs, cases[i].faults[k]), "%s: no \"%s\" in:\n%s",
				      cases[i].kind, cases[i].faults[k], msgs);
			/* The reason column has them too, without the file's name. */
			ck_assert_msg(strstr(rejects, cases[i].faults[k] + 1),
				      "%s: no \"%s\" in the rejects:\n%s", cases[i].kind,
				      cases[i].faults[k] + 1, rejects);
		}
		free(rejects);
		free(msgs);
		unlink(o.rejects);
	}
}
END_TEST

/* An import's rows take their ids one after another from one random base
 * (core/ids: appended to each table, not scattered over it): each order
 * here is its id, then its two lines'. Another import starts elsewhere. */
START_TEST(test_import_ids_follow_each_other)
{
	fresh_copy();
	static const char text[] =
		"order_no,distributor,order_date,status,ship_date,product,quantity,unit_price\n"
		"SQ-1,AH-0001,2026-11-01,shipped,2026-11-02,BV-001,10,29.76\n"
		"SQ-1,AH-0001,2026-11-01,shipped,2026-11-02,BV-002,5,30\n"
		"SQ-2,AH-0002,2026-11-03,shipped,2026-11-04,BV-001,1,30\n"
		"SQ-2,AH-0002,2026-11-03,shipped,2026-11-04,BV-002,1,30\n"
		"SQ-3,AH-0001,2026-11-05,open,,BV-001,1,30\n"
		"SQ-3,AH-0001,2026-11-05,open,,BV-002,2,30\n";
	int64_t ids[4];
	for (int run = 0; run < 2; run++) {
		struct import_options o = { .max_shown = 5 };
		struct import_result r;
		char *msgs;
		char file[4096];
		snprintf(file, sizeof file, "%s", text);
		/* The second time, the same orders under other numbers. */
		for (char *q = file; (q = strstr(q, "SQ-")); q += 3)
			q[1] = run ? 'R' : 'Q';
		spill(tmp_path, file, strlen(file));
		ck_assert_int_eq(run_import(case_path, "orders", tmp_path, &o, &r, &msgs),
				 IMPORT_DONE);
		free(msgs);
		ck_assert_int_eq(r.inserted, 6);
		qd_db *db;
		char *err;
		ck_assert_int_eq(db_open(case_path, DB_OPEN_CREATE, &db, &err), 0);
		struct order a, b, c;
		ck_assert_int_eq(db_order_find(db, run ? "SR-1" : "SQ-1", &a), DB_OK);
		ck_assert_int_eq(db_order_find(db, run ? "SR-2" : "SQ-2", &b), DB_OK);
		ck_assert_int_eq(db_order_find(db, run ? "SR-3" : "SQ-3", &c), DB_OK);
		db_close(db);
		ck_assert_int_eq(b.id - a.id, 3);
		ck_assert_int_eq(c.id - b.id, 3);
		ids[2 * run] = a.id;
		ids[2 * run + 1] = c.id;
	}
	/* Each import from a base of its own, not from where the last ended. */
	ck_assert(ids[2] > ids[1] + 1000 || ids[3] < ids[0] - 1000);
}
END_TEST

static void setup_paths(void)
{
	snprintf(base_path, sizeof base_path, "/tmp/qudao-test-import-base-%ld.db", (long)getpid());
	snprintf(case_path, sizeof case_path, "/tmp/qudao-test-import-case-%ld.db", (long)getpid());
	snprintf(tmp_path, sizeof tmp_path, "/tmp/qudao-test-import-file-%ld.csv", (long)getpid());
}

int main(void)
{
	setup_paths();
	date_set_today(fixture_today);
	if (fixture_build(base_path, 1))
		return EXIT_FAILURE;
	const TTest *const tests[] = {
		test_import_every_case_of_the_data_directory,
		test_import_rejects_file_imports_again_as_it_is,
		test_import_rejects_file_keeps_a_record_s_lines_together,
		test_import_rejects_file_says_which_lines_went_with_their_record,
		test_import_shows_at_most_fifty_errors_and_keeps_them_all,
		test_import_interrupted_rolls_back,
		test_import_round_trip_of_every_kind_into_an_empty_database,
		test_import_same_file_twice_skips_what_is_there,
		test_import_row_says_every_fault_not_only_the_first,
		test_import_ids_follow_each_other,
	};
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("import");
	tcase_set_timeout(tc, 300);
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	fixture_remove(base_path);
	fixture_remove(case_path);
	unlink(tmp_path);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
