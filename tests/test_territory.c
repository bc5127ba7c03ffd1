/* db/territory and schema 4: every figure of the map per territory against
 * a small company whose numbers are worked out by hand (period boundaries,
 * a cancelled order, a distributor moved between territories), exclusive
 * rights in conflict, orphans and territories without a rep, 窜货 counted
 * once per order and recorded as an incident that the distributor's detail
 * shows, and the kept figures equal to a recompute after every write.
 *
 * The company (today 2026-11-27): Guangdong with the cities Guangzhou,
 * Shenzhen and Foshan, and Zhejiang.
 *   A  Guangzhou, active, tier A, a visit every 14 days;
 *   B  Shenzhen, active, every 30 days;
 *   C  Guangdong itself, suspended;
 *   D  Zhejiang, active, every 30 days: moved to Guangzhou in November.
 * Tests run in order in one process on one file. */
#include <stdio.h>
#include <string.h>

#include "demo_fixture.h"
#include "qudao/dist_detail.h"
#include "qudao/distributor.h"
#include "qudao/scoring.h"
#include "qudao/i18n.h"
#include "qudao/territory.h"

static int problems;

static void count_problem(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "  %s\n", line);
	problems++;
}

static void assert_kept_equals_recompute(void)
{
	problems = 0;
	ck_assert_int_eq(db_check(fixture_db, count_problem, NULL, NULL), 0);
	ck_assert_int_eq(problems, 0);
}

static int64_t q(const char *sql)
{
	return fixture_q(fixture_path, sql);
}

/* The map of a period, and a territory in it by code. */
static struct tmap map;

static void map_load(const char *period)
{
	qd_period p;
	ck_assert_int_eq(period_parse(period, &p), 0);
	db_tmap_free(&map);
	ck_assert_int_eq(db_tmap_load(fixture_db, p, fixture_today, &map), DB_OK);
}

static const struct terrmap_node *node(const char *code)
{
	for (int i = 0; i < map.n; i++)
		if (!strcmp(map.nodes[i].code, code))
			return &map.nodes[i];
	ck_abort_msg("no territory %s on the map", code);
	return NULL;
}

static int64_t dist_id(const char *code)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT id FROM distributors WHERE code = '%s'", code);
	return q(sql);
}

static int64_t territory_id(const char *code)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT id FROM territories WHERE code = '%s'", code);
	return q(sql);
}

#define T(code) "(SELECT id FROM territories WHERE code = '" code "')"
#define D(code) "(SELECT id FROM distributors WHERE code = '" code "')"
#define P(sku)	"(SELECT id FROM products WHERE sku = '" sku "')"
#define DIST(id, code, name, terr, status, every)                                                 \
	"INSERT INTO distributors(id, code, name, tier, status, territory_id, agreement_start,"   \
	" agreement_end, visit_every_days) VALUES (" id ", '" code "', '" name "', 'A', '" status \
	"', " terr ", '2025-01-01', '2027-12-31', " every ");\n"
#define ORDER(id, no, dist, date, ship_to, status, ship, total)                                   \
	"INSERT INTO orders(id, order_no, distributor_id, order_date, ship_territory_id, status," \
	" total_fen, ship_date) VALUES (" id ", '" no "', " dist ", '" date "', " ship_to         \
	", '" status "', " total ", " ship ");\n"

/* The company, written as plain SQL by another qudao connection: the kept
 * figures follow whatever SQL it runs. */
static const char world[] =
	"PRAGMA foreign_keys = ON;\n"
	"INSERT INTO regions(id, code, name) VALUES (1, 'S', '华南区');\n"
	"UPDATE territories SET region_id = 1 WHERE code = 'GD';\n"
	"INSERT INTO territories(id, parent_id, region_id, code, name, short_name, short_en, level,"
	" grid_row, grid_col) VALUES"
	" (11, " T(
		"GD") ", 1, 'GD-GZ', '广州市', '广州', 'Gzh', 'city', 0, 1),"
		      " (12, " T(
			      "GD") ", 1, 'GD-SZ', '深圳市', '深圳', 'Szh', 'city', 1, 2),"
				    " (13, " T(
					    "GD") ", 1, 'GD-FS', '佛山市', '佛山', 'Fsh', 'city', "
						  "0, 0);\n"
						  "INSERT INTO reps(id, code, name, role) VALUES "
						  "(21, 'R1', '王伟', 'rep'),"
						  " (22, 'R2', '李娜', 'rep');\n"
						  "INSERT INTO rep_territories(id, rep_id, "
						  "territory_id) VALUES (1, 21, 11);\n"
						  "INSERT INTO products(id, sku, name, category, "
						  "retail_price_fen, price_a_fen, price_b_fen,"
						  " price_c_fen, price_d_fen) VALUES (31, 'P1', "
						  "'冰红茶', '饮料', 300, 200, 210, 220, 230),"
						  " (32, 'P2', '薯片', '零食', 500, 300, 310, 320, "
						  "330);\n" DIST("41", "A", "广州甲商行", "11",
								 "active",
								 "14") DIST("42", "B", "深圳乙商行",
									    "12", "active", "30")
							  DIST("43", "C", "广东丙商行", T("GD"),
							       "suspended", "30")
								  DIST("44", "D", "浙江丁商行",
								       T("ZJ"), "active", "30")
	/* Written past db/distributor.c, the search index is made afresh. */
	"INSERT INTO distributor_fts(distributor_fts) VALUES ('rebuild');\n"
	/* A: October, November, a cancelled one, and one shipped to Zhejiang
	 * with three lines (窜货, once). */
	ORDER("51", "SO-A1", "41", "2026-10-14", "11", "delivered", "'2026-10-15'", "10000")
		ORDER("52", "SO-A2", "41", "2026-11-02", "11", "delivered", "'2026-11-03'", "20000")
			ORDER("53", "SO-A3", "41", "2026-11-04", "11", "cancelled", "NULL", "99999")
				ORDER("54", "SO-A4", "41", "2026-11-09", T("ZJ"), "shipped",
				      "'2026-11-10'",
				      "5000") "INSERT INTO order_lines(id, order_id, product_id, "
					      "quantity, unit_price_fen) VALUES"
					      " (541, 54, 31, 10, 200), (542, 54, 32, 5, 300), "
					      "(543, 54, 31, 5, 300);\n"
	/* Ordered on the last day of October, shipped on the first of
	 * November: a November sale. */
	ORDER("55", "SO-A5", "41", "2026-10-31", "11", "shipped", "'2026-11-01'", "1000")
	/* B ships to Guangdong at large: outside Shenzhen. */
	ORDER("56", "SO-B1", "42", "2026-11-19", T("GD"), "shipped", "'2026-11-20'", "3000")
	/* C, the province's, ships to one of its cities: no 窜货. */
	ORDER("57", "SO-C1", "43", "2026-11-05", "12", "delivered", "'2026-11-06'", "4000")
	/* D in Zhejiang, October and November. */
	ORDER("58", "SO-D1", "44", "2026-10-19", T("ZJ"), "delivered", "'2026-10-20'", "7000")
		ORDER("59", "SO-D2", "44", "2026-11-01", T("ZJ"), "delivered", "'2026-11-02'",
		      "7000") "INSERT INTO sales_targets(id, distributor_id, period, amount_fen) "
			      "VALUES"
			      " (61, 41, '2026-11', 40000), (62, 41, '2026-Q4', 100000), (63, 44, "
			      "'2026-10', 8000),"
			      " (64, 44, '2026-11', 8000), (65, 44, '2026', 90000), (66, 42, "
			      "'2026-11', 0);\n"
			      "INSERT INTO visits(id, distributor_id, rep_id, planned_at, status) "
			      "VALUES"
			      " (71, 41, 21, '2026-11-20T10:00', 'done'), (72, 44, 21, "
			      "'2026-10-01T10:00', 'done'),"
			      " (73, 42, 21, '2026-11-10T10:00', 'missed');\n"
			      "INSERT INTO amounts_due(id, distributor_id, invoice_no, due_date, "
			      "amount_fen) VALUES"
			      " (81, 42, 'INV-B1', '2026-10-31', 20000), (82, 41, 'INV-A1', "
			      "'2026-12-31', 9000);\n"
			      "INSERT INTO payments(id, distributor_id, paid_on, amount_fen, "
			      "invoice_no) VALUES"
			      " (91, 42, '2026-11-02', 5000, 'INV-B1');\n"
			      "INSERT INTO incidents(id, distributor_id, occurred_on, kind, "
			      "status, resolved_on) VALUES"
			      " (101, 41, '2026-11-11', 'cross_territory', 'open', NULL),"
			      " (102, 42, '2026-11-12', 'price_violation', 'open', NULL),"
			      " (103, 43, '2026-11-01', 'price_violation', 'resolved', "
			      "'2026-11-02'),"
			      " (104, 44, '2026-11-03', 'price_violation', 'open', NULL);\n"
			      "INSERT INTO exclusive_rights(id, distributor_id, territory_id, "
			      "category, start_date,"
			      " end_date) VALUES (111, 41, 11, '饮料', '2026-01-01', "
			      "'2026-12-31');\n";

START_TEST(test_territory_world_is_kept)
{
	fixture_exec(fixture_path, world);
	assert_kept_equals_recompute();
}
END_TEST

START_TEST(test_territory_sales_by_ship_month_without_cancelled_orders)
{
	map_load("2026-11");
	/* A: 20000 + 5000 (its 窜货 sale is still its sale) + 1000 shipped on
	 * the 1st; the cancelled 99999 never counts. */
	ck_assert_int_eq(node("GD-GZ")->own.sales_fen, 26000);
	ck_assert_int_eq(node("GD-GZ")->own.sales_orders, 3);
	ck_assert_int_eq(node("GD-SZ")->all.sales_fen, 3000);
	/* Guangdong: A, B, and C's 4000 of its own. */
	ck_assert_int_eq(node("GD")->own.sales_fen, 4000);
	ck_assert_int_eq(node("GD")->all.sales_fen, 33000);
	ck_assert_int_eq(node("ZJ")->all.sales_fen, 7000);
	map_load("2026-10");
	ck_assert_int_eq(node("GD-GZ")->all.sales_fen, 10000);
	ck_assert_int_eq(node("ZJ")->all.sales_fen, 7000);
	map_load("2026-Q4");
	ck_assert_int_eq(node("GD-GZ")->all.sales_fen, 36000);
	map_load("2026");
	ck_assert_int_eq(node("GD")->all.sales_fen, 43000);
}
END_TEST

START_TEST(test_territory_targets_of_each_period)
{
	map_load("2026-11");
	ck_assert_int_eq(node("GD-GZ")->all.target_fen, 40000);
	/* B's target of nothing is still a target set. */
	ck_assert(node("GD-SZ")->all.has_target);
	ck_assert(!node("GD-FS")->all.has_target);
	int64_t v;
	struct terrmap_ctx c = { map.period, fixture_today };
	ck_assert(terrmap_metrics[TERRMAP_TARGET].value(&node("GD-GZ")->all, &c, &v));
	ck_assert_int_eq(v, 65); /* 26000 of 40000 */
	ck_assert(!terrmap_metrics[TERRMAP_TARGET].value(&node("GD-SZ")->all, &c, &v));
	map_load("2026-Q4");
	ck_assert_int_eq(node("GD-GZ")->all.target_fen, 100000);
	map_load("2026");
	ck_assert_int_eq(node("ZJ")->all.target_fen, 90000);
	ck_assert_int_eq(node("GD")->all.target_fen, 0);
}
END_TEST

START_TEST(test_territory_now_figures)
{
	map_load("2026-11");
	/* C is suspended: Guangdong has A and B active. */
	ck_assert_int_eq(node("GD")->all.active, 2);
	ck_assert_int_eq(node("GD")->all.total, 3);
	ck_assert_int_eq(node("GD-GZ")->all.active, 1);
	/* B was never visited (its visit was missed): overdue; A was on the
	 * 20th, every 14 days: not yet; D last on October 1st, every 30. */
	ck_assert_int_eq(node("GD-SZ")->all.visits_overdue, 1);
	ck_assert_int_eq(node("GD-GZ")->all.visits_overdue, 0);
	ck_assert_int_eq(node("ZJ")->all.visits_overdue, 1);
	ck_assert_int_eq(node("GD")->all.visits_overdue, 1);
	/* B owes 15000 since October 31st; A's invoice is not due yet. */
	ck_assert_int_eq(node("GD-SZ")->all.accounts_overdue, 1);
	ck_assert_int_eq(node("GD-SZ")->all.overdue_fen, 15000);
	ck_assert_int_eq(node("GD-GZ")->all.accounts_overdue, 0);
	ck_assert_int_eq(node("GD")->all.overdue_fen, 15000);
	/* Open incidents: A's 窜货, B's 乱价; C's is resolved. */
	ck_assert_int_eq(node("GD")->all.open_cross, 1);
	ck_assert_int_eq(node("GD")->all.open_price, 1);
	ck_assert_int_eq(node("ZJ")->all.open_price, 1);
	/* Visits: A's done, B's missed in November. */
	ck_assert_int_eq(node("GD")->all.visits_done, 1);
	ck_assert_int_eq(node("GD")->all.visits_missed, 1);
}
END_TEST

START_TEST(test_territory_visit_coverage_against_visits_due)
{
	map_load("2026-11");
	/* Guangzhou: A every 14 days, 27 days gone: 1.93 due, rounded 2; one
	 * done. */
	int64_t v;
	struct terrmap_ctx c = { map.period, fixture_today };
	ck_assert_int_eq(
		terrmap_visits_due(node("GD-GZ")->all.visit_rate, map.period, fixture_today), 2);
	ck_assert(terrmap_metrics[TERRMAP_COVERAGE].value(&node("GD-GZ")->all, &c, &v));
	ck_assert_int_eq(v, 50);
	/* Foshan has nobody: no visits due, no value. */
	ck_assert(!terrmap_metrics[TERRMAP_COVERAGE].value(&node("GD-FS")->all, &c, &v));
}
END_TEST

START_TEST(test_territory_cross_counted_once_per_order)
{
	map_load("2026-11");
	/* A's three-line order into Zhejiang: one order. */
	ck_assert_int_eq(q("SELECT count(*) FROM cross_orders WHERE order_id = 54"), 1);
	ck_assert_int_eq(node("ZJ")->all.cross_in, 1);
	ck_assert_int_eq(node("GD-GZ")->all.cross_out, 1);
	/* B's into Guangdong at large (none of its cities) is 窜货 as report
	 * problems lists it: out of Shenzhen and into Guangdong's own area.
	 * C's into Shenzhen is its own province's. */
	ck_assert_int_eq(node("GD-SZ")->all.cross_out, 1);
	ck_assert_int_eq(node("GD")->all.cross_in, 1);
	ck_assert_int_eq(node("GD")->all.cross_out, 1);
	ck_assert_int_eq(node("GD-SZ")->all.cross_in, 0);
	ck_assert_int_eq(q("SELECT count(*) FROM cross_orders"), 2);
	/* Guangdong's panel lists it as shipped into it. */
	struct tpanel p;
	ck_assert_int_eq(
		db_tpanel_load(fixture_db, &map, db_tmap_find(&map, territory_id("GD")), &p),
		DB_OK);
	int into_gd = 0;
	for (int i = 0; i < p.nshipments; i++)
		into_gd += p.into[i] && !strcmp(p.shipments[i].to_code, "GD");
	ck_assert_int_eq(into_gd, 1);
	db_tpanel_free(&p);
	/* Cancelled, it is no sale and no 窜货. */
	fixture_exec(fixture_path, "UPDATE orders SET status = 'cancelled' WHERE id = 56");
	ck_assert_int_eq(q("SELECT count(*) FROM cross_orders"), 1);
	fixture_exec(fixture_path, "UPDATE orders SET status = 'shipped' WHERE id = 56");
	ck_assert_int_eq(q("SELECT count(*) FROM cross_orders"), 2);
	assert_kept_equals_recompute();
}
END_TEST

START_TEST(test_territory_problems_orphans_and_reps)
{
	map_load("2026-11");
	/* Foshan has no distributor and no rep; Guangzhou has both. */
	ck_assert(node("GD-FS")->problems.orphan);
	ck_assert(node("GD-FS")->problems.no_rep);
	ck_assert(!node("GD-GZ")->problems.orphan);
	ck_assert(!node("GD-GZ")->problems.no_rep);
	/* Guangdong counts the rep of its city. */
	ck_assert(!node("GD")->problems.no_rep);
	ck_assert(node("GD-SZ")->problems.no_rep);
	ck_assert(node("XJ")->problems.orphan);
	ck_assert_int_eq(db_tmap_assign_rep(fixture_db, 22, territory_id("GD-SZ"), "测试"), DB_OK);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE table_name = 'reps'"
			   " AND row_id = 22 AND changed_by = '测试'"),
			 1);
	/* Assigned again: nothing to do. */
	ck_assert_int_eq(db_tmap_assign_rep(fixture_db, 22, territory_id("GD-SZ"), "测试"), DB_OK);
	ck_assert_int_eq(q("SELECT count(*) FROM rep_territories WHERE rep_id = 22"), 1);
	map_load("2026-11");
	ck_assert(!node("GD-SZ")->problems.no_rep);
	struct tpanel p;
	int sz = db_tmap_find(&map, territory_id("GD-SZ"));
	ck_assert_int_eq(db_tpanel_load(fixture_db, &map, sz, &p), DB_OK);
	ck_assert_int_eq(p.nreps, 1);
	ck_assert_str_eq(p.reps[0].code, "R2");
	db_tpanel_free(&p);
}
END_TEST

START_TEST(test_territory_exclusive_conflict_by_date_overlap)
{
	qd_date jun = { 2026, 6, 1 }, may = { 2027, 5, 31 };
	int conflicts = -1;
	int64_t right = 0;
	/* B, active, is granted beverages in all Guangdong while A holds them
	 * in Guangzhou this year: a conflict, granted all the same. */
	ck_assert_int_eq(db_tmap_grant(fixture_db, dist_id("B"), territory_id("GD"), "饮料", jun,
				       may, "测试", &right, &conflicts),
			 DB_OK);
	ck_assert_int_eq(conflicts, 1);
	map_load("2026-11");
	ck_assert_int_eq(node("GD-GZ")->problems.conflicts, 1);
	ck_assert_int_eq(node("GD")->problems.conflicts, 1);
	ck_assert_int_eq(node("GD-SZ")->problems.conflicts, 0);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE table_name = 'exclusive_rights'"
			   " AND action = 'add' AND changed_by = '测试'"),
			 1);
	/* Snacks do not meet beverages; starting after A's ends does not
	 * overlap. */
	qd_date y27 = { 2027, 1, 1 }, y27e = { 2027, 12, 31 };
	ck_assert_int_eq(db_tmap_grant(fixture_db, dist_id("D"), territory_id("GD-GZ"), "零食", jun,
				       may, "测试", NULL, &conflicts),
			 DB_OK);
	ck_assert_int_eq(conflicts, 0);
	ck_assert_int_eq(db_tmap_grant(fixture_db, dist_id("D"), territory_id("GD-GZ"), "饮料", y27,
				       y27e, "测试", NULL, &conflicts),
			 DB_OK);
	ck_assert_int_eq(conflicts, 1); /* with B's, to May 2027 */
	/* Revoked today, B's right ends yesterday: no conflict left with A's;
	 * D's starts later than B's new end. */
	ck_assert_int_eq(db_tmap_revoke(fixture_db, right, fixture_today, "测试"), DB_OK);
	ck_assert_int_eq(q("SELECT count(*) FROM exclusive_rights WHERE end_date = '2026-11-26'"),
			 1);
	map_load("2026-11");
	ck_assert_int_eq(node("GD")->problems.conflicts, 0);
	/* Revoked again: it has ended. */
	ck_assert_int_eq(db_tmap_revoke(fixture_db, right, fixture_today, "测试"), DB_INVALID);
	/* Refused: no category, dates the wrong way round. */
	ck_assert_int_eq(db_tmap_grant(fixture_db, dist_id("B"), territory_id("GD"), "", jun, may,
				       "测试", NULL, NULL),
			 DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), TMAP_FIELD_CATEGORY);
	ck_assert_int_eq(db_tmap_grant(fixture_db, dist_id("B"), territory_id("GD"), "饮料", may,
				       jun, "测试", NULL, NULL),
			 DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), TMAP_FIELD_END);
}
END_TEST

START_TEST(test_territory_grant_only_to_an_active_distributor)
{
	qd_date a = { 2026, 12, 1 }, b = { 2027, 11, 30 };
	int64_t before = q("SELECT count(*) FROM exclusive_rights");
	/* C is suspended: refused, the message naming its status. */
	ck_assert_int_eq(db_tmap_grant(fixture_db, dist_id("C"), territory_id("GD-FS"), "零食", a,
				       b, "测试", NULL, NULL),
			 DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), TMAP_FIELD_DISTRIBUTOR);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "C"));
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "suspended"));
	/* Terminated, an applicant: refused the same. */
	fixture_exec(fixture_path,
		     "UPDATE distributors SET status = 'terminated' WHERE code = 'C'");
	ck_assert_int_eq(db_tmap_grant(fixture_db, dist_id("C"), territory_id("GD-FS"), "零食", a,
				       b, "测试", NULL, NULL),
			 DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(fixture_db), "terminated"));
	fixture_exec(fixture_path, "UPDATE distributors SET status = 'applicant' WHERE code = 'C'");
	ck_assert_int_eq(db_tmap_grant(fixture_db, dist_id("C"), territory_id("GD-FS"), "零食", a,
				       b, "测试", NULL, NULL),
			 DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), TMAP_FIELD_DISTRIBUTOR);
	fixture_exec(fixture_path, "UPDATE distributors SET status = 'suspended' WHERE code = 'C'");
	ck_assert_int_eq(q("SELECT count(*) FROM exclusive_rights"), before);
}
END_TEST

START_TEST(test_territory_grant_only_a_category_a_product_has)
{
	qd_date a = { 2026, 12, 1 }, b = { 2027, 11, 30 };
	int64_t before = q("SELECT count(*) FROM exclusive_rights");
	ck_assert_int_eq(db_tmap_grant(fixture_db, dist_id("B"), territory_id("GD-FS"), "饮料😀", a,
				       b, "测试", NULL, NULL),
			 DB_INVALID);
	ck_assert_int_eq(db_errfield(fixture_db), TMAP_FIELD_CATEGORY);
	ck_assert_int_eq(db_tmap_grant(fixture_db, dist_id("B"), territory_id("GD-FS"), "饮 料", a,
				       b, "测试", NULL, NULL),
			 DB_INVALID);
	ck_assert_int_eq(q("SELECT count(*) FROM exclusive_rights"), before);
	/* The categories to choose from: those of the products, once each. */
	struct ref_item cats[8];
	ck_assert_int_eq(db_tmap_category_search(fixture_db, "", cats, 8), 2);
	ck_assert_str_eq(cats[0].name, "零食");
	ck_assert_str_eq(cats[1].name, "饮料");
}
END_TEST

START_TEST(test_territory_rep_covers_a_territory_itself)
{
	ck_assert_int_eq(db_tmap_rep_covers(fixture_db, 21, territory_id("GD-GZ")), 1);
	ck_assert_int_eq(db_tmap_rep_covers(fixture_db, 21, territory_id("GD-FS")), 0);
	ck_assert_int_eq(db_tmap_rep_covers(fixture_db, 21, territory_id("GD")), 0);
}
END_TEST

START_TEST(test_territory_right_held_by_a_suspended_distributor)
{
	/* Granted while C was active (another program writes it here). */
	fixture_exec(fixture_path,
		     "INSERT INTO exclusive_rights(id, distributor_id, territory_id, category,"
		     " start_date, end_date) VALUES (112, " D("C") ", " T(
			     "GD-SZ") ", '零食',"
				      " '2026-01-01', '2027-12-31')");
	map_load("2026-11");
	ck_assert_int_eq(node("GD-SZ")->problems.inactive_rights, 1);
	ck_assert_int_eq(node("GD")->problems.inactive_rights, 1);
	ck_assert(terrmap_has_problem(node("GD-SZ")));
}
END_TEST

START_TEST(test_territory_moved_distributor_keeps_its_history)
{
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(fixture_db, dist_id("D"), &d), DB_OK);
	ck_assert_int_eq(db_tmap_move(fixture_db, d.id, d.version, territory_id("GD-GZ"),
				      fixture_today, "测试"),
			 DB_OK);
	/* A stale version is refused. */
	ck_assert_int_eq(db_tmap_move(fixture_db, d.id, d.version, territory_id("ZJ"),
				      fixture_today, "测试"),
			 DB_CONFLICT);
	db_dist_free(&d);
	ck_assert_int_eq(q("SELECT count(*) FROM distributor_moves WHERE moved_on = '2026-11-27'"
			   " AND moved_by = '测试' AND seq = 1"),
			 1);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE table_name = 'distributors'"
			   " AND changed_by = '测试'"),
			 1);
	/* October stays in Zhejiang; November, its month, goes to Guangzhou. */
	map_load("2026-10");
	ck_assert_int_eq(node("ZJ")->all.sales_fen, 7000);
	ck_assert_int_eq(node("GD-GZ")->all.sales_fen, 10000);
	ck_assert_int_eq(node("ZJ")->all.target_fen, 8000);
	map_load("2026-11");
	ck_assert_int_eq(node("ZJ")->all.sales_fen, 0);
	ck_assert_int_eq(node("GD-GZ")->all.sales_fen, 26000 + 7000);
	ck_assert_int_eq(node("GD-GZ")->all.target_fen, 40000 + 8000);
	/* The year's target follows it (December is after the move). */
	map_load("2026");
	ck_assert_int_eq(node("ZJ")->all.target_fen, 0);
	ck_assert_int_eq(node("GD-GZ")->all.target_fen, 90000);
	ck_assert_int_eq(node("ZJ")->all.sales_fen, 7000);
	/* What describes now moved whole. */
	ck_assert_int_eq(node("ZJ")->all.active, 0);
	ck_assert_int_eq(node("GD-GZ")->all.active, 2);
	ck_assert_int_eq(node("ZJ")->all.open_price, 0);
	ck_assert_int_eq(node("GD-GZ")->all.open_price, 1);
	ck_assert_int_eq(node("GD-GZ")->all.visits_overdue, 1);
	/* A's sale into Zhejiang is still 窜货; D's sales in Zhejiang before the
	 * day it moved are not, November's included. */
	ck_assert_int_eq(q("SELECT count(*) FROM cross_orders"), 2);
	assert_kept_equals_recompute();
}
END_TEST

START_TEST(test_territory_edit_form_move_counts_from_today)
{
	/* Back to Zhejiang through the distributor's own save (the edit form):
	 * recorded as of today, November. */
	struct distributor d;
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(fixture_db, dist_id("D"), &d), DB_OK);
	d.territory_id = territory_id("ZJ");
	ck_assert_msg(db_dist_save(fixture_db, &d, "测试") == DB_OK, "%s (%s)",
		      db_errmsg(fixture_db), db_errdetail(fixture_db));
	db_dist_free(&d);
	ck_assert_int_eq(q("SELECT count(*) FROM distributor_moves"), 2);
	map_load("2026-11");
	ck_assert_int_eq(node("ZJ")->all.sales_fen, 7000);
	/* Moved by SQL from another connection: the trigger records the move itself. */
	fixture_exec(fixture_path, "UPDATE distributors SET territory_id = 13 WHERE code = 'D'");
	ck_assert_int_eq(q("SELECT count(*) FROM distributor_moves WHERE moved_by = 'qudao'"), 1);
	/* Moves are history, even for a connection that keeps the figures. */
	qd_db *writer = fixture_writer(fixture_path);
	char *msg = NULL;
	ck_assert_int_ne(
		sqlite3_exec(db_handle(writer), "DELETE FROM distributor_moves", NULL, NULL, &msg),
		SQLITE_OK);
	ck_assert_msg(msg && !strstr(msg, "qudao_writer"), "refused for another reason: %s", msg);
	sqlite3_free(msg);
	db_close(writer);
	assert_kept_equals_recompute();
}
END_TEST

START_TEST(test_territory_cross_incident_reaches_the_detail)
{
	int64_t incident = 0;
	ck_assert_int_eq(db_tmap_record_cross(fixture_db, 54, "测试", &incident), DB_OK);
	ck_assert_int_gt(incident, 0);
	/* Once per order. */
	ck_assert_int_eq(db_tmap_record_cross(fixture_db, 54, "测试", NULL), DB_DUPLICATE);
	/* Not across a border: refused. */
	ck_assert_int_eq(db_tmap_record_cross(fixture_db, 52, "测试", NULL), DB_NOTFOUND);
	struct dist_detail x;
	ck_assert_int_eq(db_dist_detail(fixture_db, dist_id("A"), fixture_today, &x), DB_OK);
	bool shown = false;
	for (int i = 0; i < x.nincidents; i++)
		if (strstr(x.incidents[i].description, "SO-A4") &&
		    strstr(x.incidents[i].description, "ZJ") &&
		    !strcmp(x.incidents[i].kind, "cross_territory"))
			shown = true;
	db_dist_detail_free(&x);
	ck_assert(shown);
	/* On the day it shipped, with its products. */
	ck_assert_int_eq(
		q("SELECT count(*) FROM incidents WHERE occurred_on = '2026-11-10'"
		  " AND instr(description, '冰红茶') > 0 AND instr(description, '薯片') > 0"),
		1);
	map_load("2026-11");
	ck_assert_int_eq(node("GD-GZ")->all.open_cross, 2);
	struct tpanel p;
	ck_assert_int_eq(i18n_init("zh", NULL), 0);
	ck_assert_int_eq(
		db_tpanel_load(fixture_db, &map, db_tmap_find(&map, territory_id("ZJ")), &p),
		DB_OK);
	ck_assert_int_eq(p.nshipments, 1);
	ck_assert(p.into[0]);
	ck_assert_str_eq(p.shipments[0].order_no, "SO-A4");
	ck_assert_int_eq(p.shipments[0].incident_id, incident);
	/* The territories' names in the language shown; a city with no
	 * English name keeps its Chinese one. */
	ck_assert_str_eq(p.shipments[0].from_name, "广州市");
	ck_assert_str_eq(p.shipments[0].to_name, "浙江省");
	db_tpanel_free(&p);
	ck_assert_int_eq(i18n_init("en", NULL), 0);
	ck_assert_int_eq(
		db_tpanel_load(fixture_db, &map, db_tmap_find(&map, territory_id("ZJ")), &p),
		DB_OK);
	ck_assert_int_eq(i18n_init(NULL, NULL), 0);
	ck_assert_int_eq(p.nshipments, 1);
	ck_assert_str_eq(p.shipments[0].from_name, "广州市");
	ck_assert_str_eq(p.shipments[0].to_name, "Zhejiang");
	ck_assert_int_eq(p.shipments[0].incident_id, incident);
	db_tpanel_free(&p);
	assert_kept_equals_recompute();
}
END_TEST

START_TEST(test_territory_tree_change_counts_cross_again)
{
	/* Shenzhen put under Zhejiang (a setup edit): B's sale into Guangdong
	 * is still across its border; A's into Zhejiang too. */
	fixture_exec(fixture_path, "UPDATE territories SET parent_id = " T(
					   "ZJ") ", grid_row = 3,"
						 " grid_col = 3 WHERE code = 'GD-SZ'");
	assert_kept_equals_recompute();
	fixture_exec(fixture_path, "UPDATE territories SET parent_id = " T(
					   "GD") ", grid_row = 1,"
						 " grid_col = 2 WHERE code = 'GD-SZ'");
	assert_kept_equals_recompute();
	db_tmap_free(&map);
}
END_TEST

START_TEST(test_territory_score_metric_is_the_scorecards_average)
{
	map_load("2026-11");
	struct terrmap_ctx c = { map.period, fixture_today };
	int64_t v;
	/* Not read until asked for: no value. */
	ck_assert(!map.scores);
	ck_assert(!terrmap_metrics[TERRMAP_SCORE].value(&node("GD")->all, &c, &v));
	ck_assert_int_eq(db_tmap_scores(fixture_db, &map), DB_OK);
	ck_assert(map.scores);
	/* The same distributors and scores as tab 4's board, Guangdong with
	 * its cities. */
	const char *codes[] = { "GD", "GD-GZ", "ZJ" };
	for (int i = 0; i < 3; i++) {
		int avg = -1, count = -1;
		ck_assert_int_eq(db_scoring_territory_average(fixture_db, map.period, fixture_today,
							      territory_id(codes[i]), &avg, &count),
				 DB_OK);
		ck_assert_int_eq(node(codes[i])->all.scored, count);
		bool has = terrmap_metrics[TERRMAP_SCORE].value(&node(codes[i])->all, &c, &v);
		ck_assert_int_eq(has, count > 0);
		if (has)
			ck_assert_int_le(llabs(v * 10 - avg), 5);
	}
	ck_assert_int_gt(node("GD")->all.scored, 0);
	ck_assert_int_ge(node("GD")->all.scored, node("GD-GZ")->all.scored);
	/* Another period drops them until asked again. */
	qd_period oct;
	ck_assert_int_eq(period_parse("2026-10", &oct), 0);
	ck_assert_int_eq(db_tmap_set_period(fixture_db, &map, oct), DB_OK);
	ck_assert(!map.scores);
	ck_assert_int_eq(node("GD")->all.scored, 0);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_territory_world_is_kept,
		test_territory_sales_by_ship_month_without_cancelled_orders,
		test_territory_targets_of_each_period,
		test_territory_now_figures,
		test_territory_visit_coverage_against_visits_due,
		test_territory_cross_counted_once_per_order,
		test_territory_problems_orphans_and_reps,
		test_territory_exclusive_conflict_by_date_overlap,
		test_territory_grant_only_to_an_active_distributor,
		test_territory_grant_only_a_category_a_product_has,
		test_territory_rep_covers_a_territory_itself,
		test_territory_right_held_by_a_suspended_distributor,
		test_territory_moved_distributor_keeps_its_history,
		test_territory_edit_form_move_counts_from_today,
		test_territory_cross_incident_reaches_the_detail,
		test_territory_tree_change_counts_cross_again,
		test_territory_score_metric_is_the_scorecards_average,
	};
	/* A new, empty database, not the demo: every number here is known. */
	snprintf(fixture_path, sizeof fixture_path, "/tmp/qudao-test-territory-%ld.db",
		 (long)getpid());
	fixture_remove(fixture_path);
	qd_db *db;
	char *err;
	if (db_open(fixture_path, DB_OPEN_CREATE, &db, &err)) {
		fprintf(stderr, "%s\n", err);
		return EXIT_FAILURE;
	}
	db_close(db);
	Suite *s = suite_create("territory");
	TCase *tc = tcase_create("territory");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, fixture_open, fixture_close);
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (!getenv("KEEP"))
		fixture_remove(fixture_path);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
