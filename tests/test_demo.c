/* db/demo: the small demo holds every situation the screens show, and the
 * same seed and today give the same database. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo_fixture.h"
#include "qudao/demo.h"

/* The small demo every test reads (demo_fixture.h builds it once). */
static const char *demo_path(void)
{
	return fixture_path;
}

static int64_t q(const char *path, const char *sql)
{
	return fixture_q(path, sql);
}

#define AT_LEAST(n, sql) ck_assert_msg(q(demo_path(), sql) >= (n), "fewer than %d: %s", (n), sql)

START_TEST(test_demo_small_has_the_promised_shape)
{
	const char *p = demo_path();
	ck_assert_int_eq(q(p, "SELECT count(*) FROM distributors"), 300);
	ck_assert_int_eq(q(p, "SELECT count(*) FROM regions"), 4);
	ck_assert_int_eq(q(p, "SELECT count(*) FROM territories WHERE level = 'province'"), 31);
	AT_LEAST(8, "SELECT count(*) FROM territories WHERE level = 'city'");
	/* English screens name every territory in English (the map's cells
	 * and path, the panel). */
	ck_assert_int_eq(q(p, "SELECT count(*) FROM territories WHERE name_en = ''"
			      " OR short_en = ''"),
			 0);
	ck_assert_int_eq(q(p, "SELECT count(*) FROM reps WHERE role = 'manager'"), 2);
	AT_LEAST(15, "SELECT count(*) FROM reps WHERE role = 'rep'");
	ck_assert_int_eq(q(p, "SELECT count(DISTINCT category) FROM products"), 4);
	AT_LEAST(25, "SELECT count(*) FROM products");
	AT_LEAST(3000, "SELECT count(*) FROM orders");
	AT_LEAST(3000, "SELECT count(*) FROM visits");
	AT_LEAST(1, "SELECT count(*) FROM distributors WHERE name GLOB '*[A-Za-z]*'");
	AT_LEAST(1, "SELECT count(*) FROM distributors WHERE name LIKE '广州天河%'");
	/* 24 months of history up to today, and plans ahead. */
	ck_assert_int_eq(q(p, "SELECT min(order_date) >= '2024-11-27' AND max(order_date) <= "
			      "'2026-11-27' FROM orders"),
			 1);
	AT_LEAST(1, "SELECT count(*) FROM visits WHERE planned_at > '2026-11-28' AND status = "
		    "'planned'");
}
END_TEST

START_TEST(test_demo_tile_map_has_one_cell_per_province)
{
	const char *p = demo_path();
	ck_assert_int_eq(q(p, "SELECT count(DISTINCT grid_row * 100 + grid_col) FROM territories"
			      " WHERE level = 'province'"),
			 31);
}
END_TEST

START_TEST(test_demo_has_every_lifecycle_situation)
{
	AT_LEAST(1, "SELECT count(*) FROM distributors WHERE status = 'applicant'");
	AT_LEAST(1, "SELECT count(*) FROM distributors d JOIN qualification_reviews r"
		    " ON r.distributor_id = d.id WHERE d.status = 'reviewing'");
	AT_LEAST(1, "SELECT count(*) FROM distributors d JOIN status_history h ON h.distributor_id "
		    "= d.id"
		    " WHERE d.status = 'suspended' AND h.to_status = 'suspended' AND h.reason IS "
		    "NOT NULL");
	AT_LEAST(1,
		 "SELECT count(*) FROM distributors d JOIN status_history h ON h.distributor_id = "
		 "d.id"
		 " WHERE d.status = 'terminated' AND h.to_status = 'terminated' AND h.note <> ''");
	AT_LEAST(1, "SELECT count(*) FROM distributors WHERE status = 'active'"
		    " AND agreement_end BETWEEN '2026-11-27' AND date('2026-11-27', '+60 days')");
}
END_TEST

START_TEST(test_demo_has_overdue_payments)
{
	/* Due before today and more than what was ever paid. */
	AT_LEAST(
		1,
		"SELECT count(*) FROM (SELECT d.id FROM distributors d"
		" WHERE (SELECT total(amount_fen) FROM amounts_due a WHERE a.distributor_id = d.id"
		"        AND a.due_date < '2026-11-27')"
		"     > (SELECT total(amount_fen) FROM payments p WHERE p.distributor_id = d.id))");
}
END_TEST

START_TEST(test_demo_has_overdue_visits)
{
	AT_LEAST(1, "SELECT count(*) FROM distributors d WHERE d.status = 'active' AND"
		    " (SELECT max(planned_at) FROM visits v WHERE v.distributor_id = d.id AND "
		    "v.status = 'done')"
		    " < date('2026-11-27', '-' || d.visit_every_days || ' days')");
}
END_TEST

START_TEST(test_demo_has_price_and_territory_violations)
{
	AT_LEAST(1, "SELECT count(*) FROM visit_prices vp JOIN products p ON p.id = vp.product_id"
		    " WHERE vp.shelf_price_fen < p.retail_price_fen * 90 / 100");
	AT_LEAST(1, "SELECT count(*) FROM orders o JOIN distributors d ON d.id = o.distributor_id"
		    " WHERE o.ship_territory_id <> d.territory_id");
	AT_LEAST(1, "SELECT count(*) FROM incidents WHERE kind = 'cross_territory'");
	AT_LEAST(1, "SELECT count(*) FROM incidents WHERE kind = 'price_violation'");
	AT_LEAST(1, "SELECT count(*) FROM incidents WHERE status = 'open'");
}
END_TEST

START_TEST(test_demo_order_totals_match_lines)
{
	ck_assert_int_eq(q(demo_path(), "SELECT count(*) FROM orders o WHERE total_fen <>"
					" (SELECT sum(quantity * unit_price_fen) FROM order_lines l"
					"  WHERE l.order_id = o.id)"),
			 0);
}
END_TEST

START_TEST(test_demo_passes_the_check)
{
	ck_assert_int_eq(db_check(fixture_db, NULL, NULL, NULL), 0);
}
END_TEST

START_TEST(test_demo_same_seed_and_today_give_same_database)
{
	static const char digest[] = "SELECT (SELECT sum(id % 1000003) FROM distributors) + "
				     "(SELECT sum(total_fen) FROM orders)"
				     " + (SELECT sum(id % 1000003) FROM visits) + (SELECT "
				     "total(length(name)) FROM distributors)";
	char again[128], other[128];
	snprintf(again, sizeof again, "/tmp/qudao-test-demo-again-%ld.db", (long)getpid());
	snprintf(other, sizeof other, "/tmp/qudao-test-demo-other-%ld.db", (long)getpid());
	ck_assert_int_eq(fixture_build(again, 1), 0);
	ck_assert_int_eq(fixture_build(other, 2), 0);
	ck_assert_int_eq(q(demo_path(), digest), q(again, digest));
	ck_assert_int_ne(q(demo_path(), digest), q(other, digest));
	fixture_remove(again);
	fixture_remove(other);
}
END_TEST

START_TEST(test_demo_refuses_to_fill_a_used_database)
{
	struct demo_options o = { DEMO_SMALL, 0, 1, fixture_today, NULL, NULL };
	struct demo_counts n;
	int64_t before = db_count(fixture_db, "distributors");
	ck_assert_int_ne(db_demo_build(fixture_db, &o, &n), 0);
	ck_assert_int_eq(db_count(fixture_db, "distributors"), before);
}
END_TEST

/* Text a Chinese reader takes for English: any Latin letter. */
#define HAS_LATIN "GLOB '*[A-Za-z]*'"

START_TEST(test_demo_visit_summaries_and_coaching_notes_are_chinese)
{
	ck_assert_int_eq(q(demo_path(), "SELECT count(*) FROM visits WHERE summary " HAS_LATIN), 0);
	ck_assert_int_eq(
		q(demo_path(), "SELECT count(*) FROM visits WHERE coaching_note " HAS_LATIN), 0);
	AT_LEAST(1000, "SELECT count(*) FROM visits WHERE summary <> ''");
	AT_LEAST(100, "SELECT count(*) FROM visits WHERE coaching_note <> ''");
}
END_TEST

START_TEST(test_demo_visit_summaries_are_varied)
{
	/* Thousands of visits do not read as a handful of sentences. */
	AT_LEAST(300, "SELECT count(DISTINCT summary) FROM visits WHERE summary <> ''");
	AT_LEAST(30, "SELECT count(DISTINCT coaching_note) FROM visits WHERE coaching_note <> ''");
	/* No one sentence takes more than a twentieth of them. */
	ck_assert_int_eq(q(demo_path(), "SELECT max(n) * 20 > sum(n) FROM (SELECT count(*) AS n"
					" FROM visits WHERE summary <> '' GROUP BY summary)"),
			 0);
}
END_TEST

START_TEST(test_demo_training_topics_are_chinese_and_distinct)
{
	ck_assert_int_eq(q(demo_path(), "SELECT count(*) FROM trainings WHERE topic " HAS_LATIN),
			 0);
	AT_LEAST(8, "SELECT count(*) FROM trainings");
	ck_assert_int_eq(q(demo_path(), "SELECT count(*) - count(DISTINCT topic) FROM trainings"),
			 0);
}
END_TEST

START_TEST(test_demo_incidents_are_chinese)
{
	ck_assert_int_eq(q(demo_path(),
			   "SELECT count(*) FROM incidents WHERE description " HAS_LATIN
			   " OR resolution " HAS_LATIN),
			 0);
}
END_TEST

START_TEST(test_demo_names_never_double_the_trade_word)
{
	ck_assert_int_eq(q(demo_path(), "SELECT count(*) FROM distributors WHERE name LIKE "
					"'%商行商行%' OR name LIKE '%贸易贸易%' OR name LIKE "
					"'%商贸贸易%'"),
			 0);
}
END_TEST

START_TEST(test_demo_english_names_are_unique)
{
	AT_LEAST(3, "SELECT count(*) FROM distributors WHERE name " HAS_LATIN);
	ck_assert_int_eq(q(demo_path(), "SELECT count(*) - count(DISTINCT name) FROM distributors"
					" WHERE name " HAS_LATIN),
			 0);
}
END_TEST

START_TEST(test_demo_english_names_stay_unique_in_a_bigger_demo)
{
	char path[128];
	snprintf(path, sizeof path, "/tmp/qudao-test-demo-bigger-%ld.db", (long)getpid());
	qd_db *b;
	char *err = NULL;
	struct demo_options o = { DEMO_SMALL, 3000, 5, fixture_today, NULL, NULL };
	struct demo_counts n;
	fixture_remove(path);
	ck_assert_int_eq(db_open(path, DB_OPEN_CREATE, &b, &err), 0);
	int built = db_demo_build(b, &o, &n);
	db_close(b);
	int64_t english =
		built ? -1 : q(path, "SELECT count(*) FROM distributors WHERE name " HAS_LATIN);
	int64_t repeated =
		built ? -1
		      : q(path, "SELECT count(*) - count(DISTINCT name) FROM distributors"
				" WHERE name " HAS_LATIN);
	fixture_remove(path);
	ck_assert_int_eq(built, 0);
	ck_assert_int_ge(english, 50);
	ck_assert_int_eq(repeated, 0);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_demo_small_has_the_promised_shape,
		test_demo_tile_map_has_one_cell_per_province,
		test_demo_has_every_lifecycle_situation,
		test_demo_has_overdue_payments,
		test_demo_has_overdue_visits,
		test_demo_has_price_and_territory_violations,
		test_demo_order_totals_match_lines,
		test_demo_passes_the_check,
		test_demo_same_seed_and_today_give_same_database,
		test_demo_refuses_to_fill_a_used_database,
		test_demo_visit_summaries_and_coaching_notes_are_chinese,
		test_demo_visit_summaries_are_varied,
		test_demo_training_topics_are_chinese_and_distinct,
		test_demo_incidents_are_chinese,
		test_demo_names_never_double_the_trade_word,
		test_demo_english_names_are_unique,
		test_demo_english_names_stay_unique_in_a_bigger_demo,
	};
	return fixture_run("demo", tests, sizeof tests / sizeof tests[0]);
}
