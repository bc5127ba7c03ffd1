/* db/setup: regions, territories, reps and products saved by their rules,
 * in writes that compose, over the version read, each logged with who and
 * when; deactivation refused while something in business uses the record. */
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/db/db_internal.h"
#include "qudao/distributor.h"
#include "qudao/reference.h"
#include "qudao/scoring.h"
#include "qudao/setup.h"
#include "suite.h"

/* Made by main before the tests fork, removed after them. */
static char dir[64];
static char path[160];
static qd_db *db;

static void open_fresh(void)
{
	snprintf(path, sizeof path, "%s/setup-%ld.db", dir, (long)getpid());
	char *err = NULL;
	ck_assert_msg(db_open(path, DB_OPEN_CREATE, &db, &err) == 0, "%s", err ? err : "");
}

static void close_fresh(void)
{
	db_close(db);
	char side[200];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* One value from the file, read by another connection. */
static int64_t q(const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
		      sqlite3_errmsg(h));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* One text from the file; the caller frees it. */
static char *qs(const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
		      sqlite3_errmsg(h));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	const unsigned char *s = sqlite3_column_text(st, 0);
	char *v = strdup(s ? (const char *)s : "");
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* Another connection writes SQL, with the triggers every qudao connection
 * writes with (the file's guards refuse one without them). */
static void raw(const char *sql)
{
	qd_db *other;
	char *err = NULL, *msg = NULL;
	ck_assert_msg(db_open(path, DB_OPEN_EXISTING, &other, &err) == 0, "%s", err ? err : "");
	ck_assert_int_eq(db_kept_install(other), DB_OK);
	db_set_busy_timeout(other, 5000);
	ck_assert_msg(sqlite3_exec(db_handle(other), sql, NULL, NULL, &msg) == SQLITE_OK, "%s: %s",
		      sql, msg ? msg : "");
	sqlite3_free(msg);
	db_close(other);
}

static struct region_rec region(const char *code, const char *name)
{
	struct region_rec r = { 0 };
	strcpy(r.code, code);
	strcpy(r.name, name);
	return r;
}

static struct territory_rec territory(const char *code, const char *name, const char *short_name,
				      qd_level level, int64_t parent, int row, int col)
{
	struct territory_rec t = { 0 };
	strcpy(t.code, code);
	strcpy(t.name, name);
	strcpy(t.short_name, short_name);
	t.level = level;
	t.parent_id = parent;
	t.grid_row = row;
	t.grid_col = col;
	return t;
}

static struct rep_rec rep(const char *code, const char *name)
{
	struct rep_rec r = { 0 };
	strcpy(r.code, code);
	strcpy(r.name, name);
	r.role = ROLE_REP;
	return r;
}

static struct product_rec product(const char *sku, const char *name)
{
	struct product_rec p = { .tier_fen = { 3000, 3200, 3400, 3600 },
				 .retail_fen = 4800,
				 .tolerance_bp = 500 };
	strcpy(p.sku, sku);
	strcpy(p.name, name);
	strcpy(p.category, "饮料");
	strcpy(p.unit, "箱");
	return p;
}

static int64_t code_id(const char *code)
{
	struct ref_item it;
	ck_assert_int_eq(db_ref_territory_by_code(db, code, &it), DB_OK);
	return it.id;
}

/* A province HK at 7,5 and its city HK-KLN; returns the city's id. */
static int64_t add_hk(int64_t *province)
{
	struct territory_rec p = territory("HK", "香港特别行政区", "香港", LEVEL_PROVINCE, 0, 7, 5);
	ck_assert_int_eq(db_setup_territory_save(db, &p, "t"), DB_OK);
	struct territory_rec c = territory("HK-KLN", "九龙", "九龙", LEVEL_CITY, p.id, 0, 0);
	ck_assert_int_eq(db_setup_territory_save(db, &c, "t"), DB_OK);
	if (province)
		*province = p.id;
	return c.id;
}

/* A distributor (an applicant: in business) in territory, owned by rep. */
static int64_t add_distributor(const char *code, int64_t territory_id, int64_t rep_id)
{
	struct distributor d;
	db_dist_init(&d);
	strcpy(d.code, code);
	free(d.name);
	d.name = strdup("九龙测试贸易有限公司");
	d.territory_id = territory_id;
	d.owner_rep_id = rep_id;
	ck_assert_int_eq(db_dist_save(db, &d, "t"), DB_OK);
	int64_t id = d.id;
	db_dist_free(&d);
	return id;
}

START_TEST(test_setup_region_add_and_edit_are_logged_with_who_and_when)
{
	struct region_rec r = region("S", "华南区");
	ck_assert_int_eq(db_setup_region_save(db, &r, "王伟"), DB_OK);
	ck_assert_int_gt(r.id, 0);
	ck_assert_int_eq(r.version, 1);
	ck_assert(r.active);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE table_name = 'regions'"
			   " AND action = 'add' AND changed_by = '王伟'"
			   " AND changed_at GLOB '20[0-9][0-9]-[01][0-9]-[0-3][0-9]T*Z'"),
			 1);
	strcpy(r.name, "华南大区");
	ck_assert_int_eq(db_setup_region_save(db, &r, "李娜"), DB_OK);
	ck_assert_int_eq(r.version, 2);
	char *summary = qs("SELECT summary FROM change_log WHERE action = 'edit'");
	ck_assert_str_eq(summary, "name: 华南区 → 华南大区");
	free(summary);
	char *who = qs("SELECT changed_by FROM change_log WHERE action = 'edit'");
	ck_assert_str_eq(who, "李娜");
	free(who);
	struct region_rec got;
	ck_assert_int_eq(db_setup_region_get(db, r.id, &got), DB_OK);
	ck_assert_str_eq(got.name, "华南大区");
	ck_assert_int_eq(got.version, 2);
}
END_TEST

START_TEST(test_setup_codes_are_unique_without_regard_to_case)
{
	struct region_rec r = region("South", "华南区");
	ck_assert_int_eq(db_setup_region_save(db, &r, "t"), DB_OK);
	struct region_rec dup = region("SOUTH", "另一个");
	ck_assert_int_eq(db_setup_region_save(db, &dup, "t"), DB_DUPLICATE);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_CODE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "South"));
	ck_assert_int_eq(dup.id, 0);
	/* A province of the schema. */
	struct territory_rec t = territory("gd", "广东", "广东", LEVEL_PROVINCE, 0, -1, -1);
	ck_assert_int_eq(db_setup_territory_save(db, &t, "t"), DB_DUPLICATE);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_CODE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "广东省"));
	struct rep_rec a = rep("R001", "王伟"), b = rep("r001", "李娜");
	ck_assert_int_eq(db_setup_rep_save(db, &a, NULL, 0, "t"), DB_OK);
	ck_assert_int_eq(db_setup_rep_save(db, &b, NULL, 0, "t"), DB_DUPLICATE);
	struct product_rec p = product("BV-001", "矿泉水"), p2 = product("bv-001", "纯净水");
	ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_OK);
	ck_assert_int_eq(db_setup_product_save(db, &p2, "t"), DB_DUPLICATE);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_CODE);
	/* Its own code, in another case, is no clash. */
	strcpy(p.sku, "Bv-001");
	ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_OK);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE action = 'add'"), 3);
}
END_TEST

START_TEST(test_setup_stale_version_is_a_conflict_and_nothing_is_saved)
{
	struct rep_rec r = rep("R001", "王伟");
	ck_assert_int_eq(db_setup_rep_save(db, &r, NULL, 0, "t"), DB_OK);
	struct rep_rec mine = r, theirs = r;
	strcpy(theirs.name, "王伟强");
	ck_assert_int_eq(db_setup_rep_save(db, &theirs, NULL, 0, "b"), DB_OK);
	strcpy(mine.phone, "13800001111");
	ck_assert_int_eq(db_setup_rep_save(db, &mine, NULL, 0, "a"), DB_CONFLICT);
	ck_assert_int_eq(mine.version, 1);
	ck_assert_int_eq(q("SELECT count(*) FROM reps WHERE phone = '13800001111'"), 0);
	/* Another program's update counts too. */
	struct product_rec p = product("BV-001", "矿泉水");
	ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_OK);
	raw("UPDATE products SET name = '纯净水', version = version + 1");
	p.retail_fen = 5000;
	ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_CONFLICT);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "nothing was saved"));
	ck_assert_int_eq(q("SELECT retail_price_fen FROM products"), 4800);
	/* And a deleted one is gone, not a conflict. */
	raw("DELETE FROM products");
	ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_NOTFOUND);
	ck_assert_int_eq(db_setup_set_active(db, SETUP_REP, r.id, 1, false, "t"), DB_CONFLICT);
}
END_TEST

START_TEST(test_setup_writes_compose_all_or_nothing)
{
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	struct region_rec r = region("S", "华南区");
	ck_assert_int_eq(db_setup_region_save(db, &r, "t"), DB_OK);
	int64_t city = add_hk(NULL);
	ck_assert_int_gt(city, 0);
	ck_assert_int_eq(db_write_end(db, DB_ERROR), DB_ERROR);
	ck_assert_int_eq(q("SELECT count(*) FROM regions"), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM territories WHERE code LIKE 'HK%'"), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), 0);
	ck_assert_int_eq(db_write_begin(db), DB_OK);
	r = region("S", "华南区");
	ck_assert_int_eq(db_setup_region_save(db, &r, "t"), DB_OK);
	add_hk(NULL);
	/* A failed save inside leaves the rest of the write alone. */
	struct region_rec dup = region("s", "重复");
	ck_assert_int_eq(db_setup_region_save(db, &dup, "t"), DB_DUPLICATE);
	ck_assert_int_eq(db_write_end(db, DB_OK), DB_OK);
	ck_assert_int_eq(q("SELECT count(*) FROM regions"), 1);
	ck_assert_int_eq(q("SELECT count(*) FROM territories WHERE code LIKE 'HK%'"), 2);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), 3);
}
END_TEST

START_TEST(test_setup_territories_list_as_a_tree)
{
	int64_t province;
	int64_t city = add_hk(&province);
	struct territory_rec d =
		territory("HK-KLN-YTM", "油尖旺区", "油尖", LEVEL_DISTRICT, city, -1, -1);
	ck_assert_int_eq(db_setup_territory_save(db, &d, "t"), DB_OK);
	struct territory_rec *rows;
	int n = db_setup_territories(db, "", &rows);
	ck_assert_int_eq(n, 34);
	int at = -1;
	for (int i = 0; i < n; i++)
		if (rows[i].id == province)
			at = i;
	ck_assert_int_ge(at, 0);
	ck_assert_int_le(at, n - 3);
	ck_assert_str_eq(rows[at].code, "HK");
	ck_assert_int_eq(rows[at].depth, 0);
	ck_assert_str_eq(rows[at + 1].code, "HK-KLN");
	ck_assert_int_eq(rows[at + 1].depth, 1);
	ck_assert_str_eq(rows[at + 1].parent_code, "HK");
	ck_assert_str_eq(rows[at + 2].code, "HK-KLN-YTM");
	ck_assert_int_eq(rows[at + 2].depth, 2);
	/* Provinces in code order around it. */
	ck_assert_str_eq(rows[at - 1].code, "HI");
	ck_assert_str_eq(rows[at + 3].code, "HL");
	free(rows);
}
END_TEST

START_TEST(test_setup_territory_search_keeps_the_ancestors)
{
	add_hk(NULL);
	struct territory_rec *rows;
	int n = db_setup_territories(db, "jiulong", &rows);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(rows[0].code, "HK");
	ck_assert(rows[0].context);
	ck_assert_str_eq(rows[1].code, "HK-KLN");
	ck_assert(!rows[1].context);
	free(rows);
	n = db_setup_territories(db, "gd", &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "广东省");
	free(rows);
	/* Inside a code too: kln finds HK-KLN. */
	n = db_setup_territories(db, "kln", &rows);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(rows[1].code, "HK-KLN");
	free(rows);
}
END_TEST

START_TEST(test_setup_territory_tree_rules_are_refused_with_the_field)
{
	struct territory_rec city = territory("XX-A", "无省之市", "无省", LEVEL_CITY, 0, -1, -1);
	ck_assert_int_eq(db_setup_territory_save(db, &city, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_PARENT);
	int64_t gd = code_id("GD");
	struct territory_rec prov = territory("XP", "省中省", "省中", LEVEL_PROVINCE, gd, -1, -1);
	ck_assert_int_eq(db_setup_territory_save(db, &prov, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_PARENT);
	struct territory_rec dist = territory("GD-X", "某区", "某区", LEVEL_DISTRICT, gd, -1, -1);
	ck_assert_int_eq(db_setup_territory_save(db, &dist, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_PARENT);
	struct territory_rec longshort =
		territory("GD-SZ", "深圳市", "深圳市", LEVEL_CITY, gd, -1, -1);
	ck_assert_int_eq(db_setup_territory_save(db, &longshort, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_SHORT_NAME);
	/* 海南 has 7,4 among the provinces; a city's grid is its province's own. */
	struct territory_rec taken = territory("HK", "香港", "香港", LEVEL_PROVINCE, 0, 7, 4);
	ck_assert_int_eq(db_setup_territory_save(db, &taken, "t"), DB_DUPLICATE);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_GRID_ROW);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "海南省"));
	struct territory_rec sz = territory("GD-SZ", "深圳市", "深圳", LEVEL_CITY, gd, 7, 4);
	ck_assert_int_eq(db_setup_territory_save(db, &sz, "t"), DB_OK);
	struct territory_rec gz = territory("GD-GZ", "广州市", "广州", LEVEL_CITY, gd, 7, 4);
	ck_assert_int_eq(db_setup_territory_save(db, &gz, "t"), DB_DUPLICATE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "深圳市"));
	struct territory_rec missing =
		territory("GD-ZH", "珠海市", "珠海", LEVEL_CITY, 12345, -1, -1);
	ck_assert_int_eq(db_setup_territory_save(db, &missing, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_PARENT);
	ck_assert_int_eq(q("SELECT count(*) FROM territories"), 32);
}
END_TEST

START_TEST(test_setup_territory_cannot_sit_under_itself)
{
	/* Levels keep a consistent tree free of loops; a file another program
	 * wrote may not be consistent: a province under a city. */
	int64_t gd = code_id("GD");
	struct territory_rec sz = territory("GD-SZ", "深圳市", "深圳", LEVEL_CITY, gd, -1, -1);
	ck_assert_int_eq(db_setup_territory_save(db, &sz, "t"), DB_OK);
	char sql[300];
	snprintf(sql, sizeof sql,
		 "INSERT INTO territories(id, parent_id, code, name, short_name, level)"
		 " VALUES (77, %lld, 'ODD', '怪省', '怪省', 'province')",
		 (long long)sz.id);
	raw(sql);
	sz.parent_id = 77;
	ck_assert_int_eq(db_setup_territory_save(db, &sz, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_PARENT);
	ck_assert_int_eq(q("SELECT parent_id FROM territories WHERE code = 'GD-SZ'"), gd);
	/* The list still shows both, whatever the loop. */
	raw("UPDATE territories SET parent_id = (SELECT id FROM territories WHERE code = 'ODD')"
	    " WHERE code = 'GD-SZ'");
	struct territory_rec *rows;
	ck_assert_int_eq(db_setup_territories(db, "", &rows), 33);
	free(rows);
}
END_TEST

START_TEST(test_setup_territory_level_change_must_fit_its_children)
{
	int64_t province;
	add_hk(&province);
	struct territory_rec hk;
	ck_assert_int_eq(db_setup_territory_get(db, province, &hk), DB_OK);
	hk.level = LEVEL_CITY;
	hk.parent_id = code_id("GD");
	hk.grid_row = hk.grid_col = -1;
	ck_assert_int_eq(db_setup_territory_save(db, &hk, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_LEVEL);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "HK-KLN"));
}
END_TEST

START_TEST(test_setup_territory_in_use_cannot_be_deactivated)
{
	int64_t province;
	int64_t city = add_hk(&province);
	add_distributor("HK-0001", city, 0);
	struct territory_rec t;
	ck_assert_int_eq(db_setup_territory_get(db, city, &t), DB_OK);
	ck_assert_int_eq(db_setup_set_active(db, SETUP_TERRITORY, city, t.version, false, "t"),
			 DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_ACTIVE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "HK-0001"));
	/* The province holds an active city. */
	ck_assert_int_eq(db_setup_set_active(db, SETUP_TERRITORY, province, 1, false, "t"),
			 DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "HK-KLN"));
	ck_assert_int_eq(q("SELECT count(*) FROM territories WHERE active = 0"), 0);
	/* A terminated distributor no longer needs it. */
	raw("UPDATE distributors SET status = 'terminated'");
	ck_assert_int_eq(db_setup_set_active(db, SETUP_TERRITORY, city, t.version, false, "王伟"),
			 DB_OK);
	ck_assert_int_eq(db_setup_set_active(db, SETUP_TERRITORY, province, 1, false, "王伟"),
			 DB_OK);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE action = 'deactivate'"
			   " AND changed_by = '王伟' AND table_name = 'territories'"),
			 2);
	/* Under an inactive parent nothing is activated, or added. */
	ck_assert_int_eq(db_setup_set_active(db, SETUP_TERRITORY, city, t.version + 1, true, "t"),
			 DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "HK"));
	struct territory_rec more =
		territory("HK-HKI", "香港岛", "港岛", LEVEL_CITY, province, -1, -1);
	ck_assert_int_eq(db_setup_territory_save(db, &more, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_PARENT);
	ck_assert_int_eq(db_setup_set_active(db, SETUP_TERRITORY, province, 2, true, "t"), DB_OK);
	ck_assert_int_eq(db_setup_set_active(db, SETUP_TERRITORY, city, t.version + 1, true, "t"),
			 DB_OK);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE action = 'activate'"), 2);
	/* Already active: nothing to do, nothing logged. */
	ck_assert_int_eq(db_setup_set_active(db, SETUP_TERRITORY, city, t.version + 2, true, "t"),
			 DB_OK);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE action = 'activate'"), 2);
}
END_TEST

START_TEST(test_setup_rep_owning_distributors_cannot_be_deactivated)
{
	struct rep_rec r = rep("R001", "王伟");
	ck_assert_int_eq(db_setup_rep_save(db, &r, NULL, 0, "t"), DB_OK);
	add_distributor("GD-0001", 0, r.id);
	ck_assert_int_eq(db_setup_set_active(db, SETUP_REP, r.id, 1, false, "t"), DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "GD-0001"));
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "王伟"));
	raw("UPDATE distributors SET owner_rep_id = NULL");
	ck_assert_int_eq(db_setup_set_active(db, SETUP_REP, r.id, 1, false, "t"), DB_OK);
	ck_assert_int_eq(q("SELECT active FROM reps"), 0);
}
END_TEST

START_TEST(test_setup_region_holding_territories_or_reps_cannot_be_deactivated)
{
	struct region_rec g = region("S", "华南区");
	ck_assert_int_eq(db_setup_region_save(db, &g, "t"), DB_OK);
	struct rep_rec r = rep("R001", "王伟");
	r.region_id = g.id;
	ck_assert_int_eq(db_setup_rep_save(db, &r, NULL, 0, "t"), DB_OK);
	ck_assert_int_eq(db_setup_set_active(db, SETUP_REGION, g.id, 1, false, "t"), DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "R001"));
	r.region_id = 0;
	ck_assert_int_eq(db_setup_rep_save(db, &r, NULL, 0, "t"), DB_OK);
	struct territory_rec t;
	ck_assert_int_eq(db_setup_territory_get(db, code_id("GD"), &t), DB_OK);
	t.region_id = g.id;
	ck_assert_int_eq(db_setup_territory_save(db, &t, "t"), DB_OK);
	ck_assert_int_eq(db_setup_set_active(db, SETUP_REGION, g.id, 1, false, "t"), DB_INVALID);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "GD"));
	t.region_id = 0;
	ck_assert_int_eq(db_setup_territory_save(db, &t, "t"), DB_OK);
	ck_assert_int_eq(db_setup_set_active(db, SETUP_REGION, g.id, 1, false, "t"), DB_OK);
	/* An inactive region is not given to anything new. */
	t.region_id = g.id;
	ck_assert_int_eq(db_setup_territory_save(db, &t, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_REGION);
	struct region_rec got;
	ck_assert_int_eq(db_setup_region_get(db, g.id, &got), DB_OK);
	ck_assert(!got.active);
	ck_assert_int_eq(got.version, 2);
}
END_TEST

START_TEST(test_setup_rep_name_change_updates_its_pinyin_sort_key)
{
	struct rep_rec r = rep("R001", "王伟");
	ck_assert_int_eq(db_setup_rep_save(db, &r, NULL, 0, "t"), DB_OK);
	char *key = qs("SELECT sort_key FROM reps");
	ck_assert_str_eq(key, "wang wei ");
	free(key);
	int64_t d = add_distributor("GD-0001", 0, r.id);
	strcpy(r.name, "陈静");
	ck_assert_int_eq(db_setup_rep_save(db, &r, NULL, 0, "t"), DB_OK);
	key = qs("SELECT sort_key FROM reps");
	ck_assert_str_eq(key, "chen jing ");
	free(key);
	/* The distributor list's owner sort follows. */
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT owner_key FROM distributors WHERE id = %lld",
		 (long long)d);
	key = qs(sql);
	ck_assert_str_eq(key, "chen jing ");
	free(key);
	struct rep_rec *rows;
	struct rep_rec b = rep("R002", "白雪");
	ck_assert_int_eq(db_setup_rep_save(db, &b, NULL, 0, "t"), DB_OK);
	ck_assert_int_eq(db_setup_reps(db, "", &rows), 2);
	ck_assert_str_eq(rows[0].name, "白雪");
	ck_assert_str_eq(rows[1].name, "陈静");
	free(rows);
}
END_TEST

START_TEST(test_setup_rep_covers_exactly_the_territories_given)
{
	int64_t province;
	int64_t kln = add_hk(&province);
	struct territory_rec hki =
		territory("HK-HKI", "香港岛", "港岛", LEVEL_CITY, province, -1, -1);
	ck_assert_int_eq(db_setup_territory_save(db, &hki, "t"), DB_OK);
	struct rep_rec r = rep("R001", "王伟");
	int64_t both[] = { kln, hki.id, kln };
	ck_assert_int_eq(db_setup_rep_save(db, &r, both, 3, "t"), DB_OK);
	struct ref_item *items;
	ck_assert_int_eq(db_setup_rep_territories(db, r.id, &items), 2);
	ck_assert_str_eq(items[0].code, "HK-HKI");
	ck_assert_str_eq(items[1].code, "HK-KLN");
	free(items);
	struct rep_rec got;
	ck_assert_int_eq(db_setup_rep_get(db, r.id, &got), DB_OK);
	ck_assert_str_eq(got.covers, "HK-HKI, HK-KLN");
	ck_assert_int_eq(got.ncovers, 2);
	int64_t one[] = { kln };
	ck_assert_int_eq(db_setup_rep_save(db, &r, one, 1, "t"), DB_OK);
	ck_assert_int_eq(db_setup_rep_territories(db, r.id, &items), 1);
	ck_assert_str_eq(items[0].code, "HK-KLN");
	free(items);
	char *summary = qs("SELECT summary FROM change_log WHERE table_name = 'reps'"
			   " AND action = 'edit'");
	ck_assert_str_eq(summary, "territories: HK-HKI, HK-KLN → HK-KLN");
	free(summary);
	/* An inactive territory is not newly covered; one already covered stays. */
	ck_assert_int_eq(db_setup_set_active(db, SETUP_TERRITORY, hki.id, 1, false, "t"), DB_OK);
	ck_assert_int_eq(db_setup_rep_save(db, &r, both, 2, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_TERRITORIES);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "HK-HKI"));
	int64_t missing[] = { 999 };
	ck_assert_int_eq(db_setup_rep_save(db, &r, missing, 1, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_TERRITORIES);
	ck_assert_int_eq(q("SELECT count(*) FROM rep_territories"), 1);
}
END_TEST

START_TEST(test_setup_invalid_records_are_refused_with_the_field)
{
	struct product_rec p = product("BV-001", "矿泉水");
	p.tier_fen[2] = -1;
	ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_PRICE_C);
	p = product("BV 001", "矿泉水");
	ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_CODE);
	struct rep_rec r = rep("R001", "");
	ck_assert_int_eq(db_setup_rep_save(db, &r, NULL, 0, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_NAME);
	r = rep("R001", "王伟");
	r.region_id = 4242;
	ck_assert_int_eq(db_setup_rep_save(db, &r, NULL, 0, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_REGION);
	ck_assert_int_eq(q("SELECT count(*) FROM products") + q("SELECT count(*) FROM reps"), 0);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), 0);
}
END_TEST

START_TEST(test_setup_products_page_by_sku_both_ways)
{
	for (int i = 0; i < 25; i++) {
		char sku[16], name[32];
		snprintf(sku, sizeof sku, "%s-%03d", i % 2 ? "sn" : "BV", i);
		snprintf(name, sizeof name, i % 2 ? "薯片 %d" : "矿泉水 %d", i);
		struct product_rec p = product(sku, name);
		ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_OK);
	}
	struct product_filter f = { "", 0 };
	struct product_rec all[30], page[7], last;
	ck_assert_int_eq(db_setup_product_page(db, &f, NULL, false, all, 30), 25);
	ck_assert_str_eq(all[0].sku, "BV-000");
	ck_assert_str_eq(all[13].sku, "sn-001");
	int seen = 0, n;
	const struct product_rec *after = NULL;
	while ((n = db_setup_product_page(db, &f, after, false, page, 7)) > 0) {
		for (int i = 0; i < n; i++)
			ck_assert_int_eq(page[i].id, all[seen + i].id);
		seen += n;
		last = page[n - 1];
		after = &last;
	}
	ck_assert_int_eq(seen, 25);
	ck_assert_int_eq(db_setup_product_page(db, &f, NULL, true, page, 7), 7);
	ck_assert_int_eq(page[0].id, all[18].id);
	struct product_rec first = page[0];
	ck_assert_int_eq(db_setup_product_page(db, &f, &first, true, page, 7), 7);
	ck_assert_int_eq(page[6].id, all[17].id);
	ck_assert_int_eq(db_setup_product_count(db, &f), 25);
	/* Searched inside the SKU without regard to case, by pinyin. */
	snprintf(f.search, sizeof f.search, "sn-");
	ck_assert_int_eq(db_setup_product_count(db, &f), 12);
	snprintf(f.search, sizeof f.search, "kqs");
	ck_assert_int_eq(db_setup_product_count(db, &f), 13);
	f.only_id = all[0].id;
	ck_assert_int_eq(db_setup_product_page(db, &f, NULL, false, page, 7), 1);
	ck_assert_int_eq(page[0].tier_fen[3], 3600);
	ck_assert_int_eq(page[0].tolerance_bp, 500);
	ck_assert_str_eq(page[0].unit, "箱");
}
END_TEST

START_TEST(test_setup_get_refuses_a_stored_text_it_would_cut)
{
	char sql[1200] = "INSERT INTO regions(id, code, name) VALUES (5, 'LONG', '";
	/* 140 characters, 420 bytes: more than a name's buffer holds. */
	for (int i = 0; i < 140; i++)
		strcat(sql, "长");
	strcat(sql, "')");
	raw(sql);
	struct region_rec r;
	ck_assert_int_eq(db_setup_region_get(db, 5, &r), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REF_FIELD_NAME);
	/* The list shows it all the same. */
	struct region_rec *rows;
	ck_assert_int_eq(db_setup_regions(db, "", &rows), 1);
	ck_assert_str_eq(rows[0].code, "LONG");
	free(rows);
}
END_TEST

START_TEST(test_setup_log_keeps_summary_and_who_within_the_schema)
{
	char who[400] = "";
	for (int i = 0; i < 130; i++)
		strcat(who, "王");
	struct product_rec p = product("BV-001", "");
	for (int i = 0; i < 200; i++)
		strcat(p.name, "水");
	ck_assert_int_eq(db_setup_product_save(db, &p, who), DB_OK);
	ck_assert_int_eq(q("SELECT length(changed_by) FROM change_log"), 100);
	/* Every text changed to one as long as allowed: old → new is longer
	 * than the log holds. */
	strcpy(p.sku, "BV-0000000000000000000000000001");
	p.name[0] = '\0';
	for (int i = 0; i < 200; i++)
		strcat(p.name, "汽");
	p.category[0] = '\0';
	for (int i = 0; i < 40; i++)
		strcat(p.category, "类");
	strcpy(p.unit, "1234567890123456");
	ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_OK);
	ck_assert_int_eq(q("SELECT length(summary) FROM change_log WHERE action = 'edit'"), 500);
	ck_assert_int_eq(q("SELECT summary LIKE '%…' FROM change_log WHERE action = 'edit'"), 1);
}
END_TEST

START_TEST(test_setup_regions_list_with_what_they_hold)
{
	struct region_rec s = region("S", "华南区"), n = region("N", "华北区");
	ck_assert_int_eq(db_setup_region_save(db, &s, "t"), DB_OK);
	ck_assert_int_eq(db_setup_region_save(db, &n, "t"), DB_OK);
	struct rep_rec r = rep("R001", "王伟");
	r.region_id = s.id;
	ck_assert_int_eq(db_setup_rep_save(db, &r, NULL, 0, "t"), DB_OK);
	struct region_rec *rows;
	ck_assert_int_eq(db_setup_regions(db, "", &rows), 2);
	ck_assert_str_eq(rows[0].code, "N");
	ck_assert_str_eq(rows[1].code, "S");
	ck_assert_int_eq(rows[1].reps, 1);
	ck_assert_int_eq(rows[1].territories, 0);
	free(rows);
	ck_assert_int_eq(db_setup_regions(db, "huanan", &rows), 1);
	ck_assert_str_eq(rows[0].name, "华南区");
	free(rows);
	struct rep_rec *reps;
	ck_assert_int_eq(db_setup_reps(db, "", &reps), 1);
	ck_assert_str_eq(reps[0].region_code, "S");
	free(reps);
}
END_TEST

START_TEST(test_setup_inactive_territory_and_rep_take_no_new_distributors)
{
	int64_t city = add_hk(NULL);
	struct rep_rec r = rep("R001", "王伟");
	ck_assert_int_eq(db_setup_rep_save(db, &r, NULL, 0, "t"), DB_OK);
	int64_t old = add_distributor("HK-0001", city, r.id);
	raw("UPDATE distributors SET status = 'terminated'");
	ck_assert_int_eq(db_setup_set_active(db, SETUP_TERRITORY, city, 1, false, "t"), DB_OK);
	ck_assert_int_eq(db_setup_set_active(db, SETUP_REP, r.id, 1, false, "t"), DB_OK);
	struct distributor d;
	db_dist_init(&d);
	strcpy(d.code, "HK-0002");
	free(d.name);
	d.name = strdup("新经销商");
	d.territory_id = city;
	ck_assert_int_eq(db_dist_save(db, &d, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), DIST_FIELD_TERRITORY);
	d.territory_id = 0;
	d.owner_rep_id = r.id;
	ck_assert_int_eq(db_dist_save(db, &d, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), DIST_FIELD_OWNER);
	db_dist_free(&d);
	/* The one that had them keeps them through an edit. */
	db_dist_init(&d);
	ck_assert_int_eq(db_dist_get(db, old, &d), DB_OK);
	free(d.notes);
	d.notes = strdup("已终止");
	ck_assert_int_eq(db_dist_save(db, &d, "t"), DB_OK);
	db_dist_free(&d);
}
END_TEST

/* Removes the scratch directory and whatever the tests left in it. */
static void remove_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char p[400];
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* A territory is found by what the English map shows of it too: its English
 * name and its label (Gdng), in any case. */
START_TEST(test_setup_territory_found_by_its_english_name_and_map_label)
{
	static const char *const queries[] = { "gdng", "Gdng", "guangdong", "Guangd", "GD" };
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		struct ref_item it[3];
		int n = db_ref_territory_search(db, queries[i], it, 3);
		ck_assert_msg(n >= 1 && !strcmp(it[0].code, "GD"), "%s: %d found, first %s",
			      queries[i], n, n > 0 ? it[0].code : "-");
	}
	struct ref_item it[3];
	ck_assert_int_eq(db_ref_territory_search(db, "Hlj", it, 3), 1);
	ck_assert_str_eq(it[0].code, "HL");
}
END_TEST

/* A picker ranks what begins with the query before what has it inside:
 * "she" is Shenzhen first, not the provinces (省 is sheng). */
START_TEST(test_setup_territory_search_ranks_what_begins_with_the_query_first)
{
	struct territory_rec sz = territory("GD-SZ", "深圳市", "深圳", LEVEL_CITY, code_id("GD"), -1, -1);
	strcpy(sz.name_en, "Shenzhen");
	ck_assert_int_eq(db_setup_territory_save(db, &sz, "t"), DB_OK);
	struct ref_item it[8];
	int n = db_ref_territory_search(db, "she", it, 8);
	ck_assert_int_ge(n, 2);
	ck_assert_str_eq(it[0].code, "GD-SZ");
	/* By its Chinese name's pinyin too, and its initials. */
	ck_assert_int_ge(db_ref_territory_search(db, "shenz", it, 8), 1);
	ck_assert_str_eq(it[0].code, "GD-SZ");
	ck_assert_int_ge(db_ref_territory_search(db, "sz", it, 8), 1);
	ck_assert_str_eq(it[0].code, "GD-SZ");
}
END_TEST

/* Rebate rules: saved with the rules of core and the database's (a
 * category some product has), a stale version is a conflict, each change
 * is logged, a delete checks the version too. */
START_TEST(test_setup_rebate_rules_saved_checked_and_logged)
{
	struct product_rec p = product("BV-1", "矿泉水");
	ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_OK);
	struct rebate_rule_rec r;
	memset(&r, 0, sizeof r);
	strcpy(r.name, "季度达标返利");
	r.kind = PERIOD_QUARTER;
	r.achievement = true;
	r.achievement_bp = 10000;
	r.rate_bp = 50;
	r.start = (qd_date){ 2026, 1, 1 };
	ck_assert_int_eq(db_rebate_rule_save(db, &r, "张经理"), DB_OK);
	ck_assert_int_gt(r.id, 0);
	ck_assert_int_eq(r.version, 1);
	ck_assert_int_eq(q("SELECT count(*) FROM rebate_rules WHERE basis = 'achievement'"
			   " AND achievement_bp = 10000 AND threshold_fen = 0 AND category IS NULL"
			   " AND tier IS NULL AND period_kind = 'quarter' AND rate_bp = 50"
			   " AND start_date = '2026-01-01' AND end_date IS NULL"
			   " AND updated_at LIKE '%Z'"),
			 1);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE table_name = 'rebate_rules'"
			   " AND changed_by = '张经理' AND action = 'add'"),
			 1);
	/* A sales step on a category no product has: refused, at the field. */
	struct rebate_rule_rec c = r;
	c.id = c.version = 0;
	c.achievement = false;
	c.threshold_fen = 10000000;
	strcpy(c.name, "饮料冲量返利");
	strcpy(c.category, "乳品");
	ck_assert_int_eq(db_rebate_rule_save(db, &c, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REBATE_FIELD_CATEGORY);
	strcpy(c.category, "饮料");
	ck_assert_int_eq(db_rebate_rule_save(db, &c, "t"), DB_OK);
	/* Core's rules: a category on a step in achievement. */
	c.achievement = true;
	ck_assert_int_eq(db_rebate_rule_save(db, &c, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REBATE_FIELD_CATEGORY);
	/* Two edits of version 1: the second is a conflict, nothing saved. */
	struct rebate_rule_rec a = r, b = r;
	a.rate_bp = 80;
	ck_assert_int_eq(db_rebate_rule_save(db, &a, "t"), DB_OK);
	ck_assert_int_eq(a.version, 2);
	b.rate_bp = 90;
	ck_assert_int_eq(db_rebate_rule_save(db, &b, "t"), DB_CONFLICT);
	ck_assert_int_eq(q("SELECT rate_bp FROM rebate_rules WHERE id = (SELECT min(id) FROM"
			   " rebate_rules WHERE name = '季度达标返利' AND basis = 'achievement')"),
			 80);
	struct rebate_rule_rec *list;
	int n = db_rebate_rules(db, &list);
	ck_assert_int_eq(n, 2);
	free(list);
	ck_assert_int_eq(db_rebate_rule_delete(db, &r, "t"), DB_CONFLICT);
	ck_assert_int_eq(db_rebate_rule_delete(db, &a, "t"), DB_OK);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE table_name = 'rebate_rules'"), 4);
	ck_assert_int_eq(
		q("SELECT count(*) FROM change_log WHERE table_name = 'rebate_rules'"
		  " AND action = 'delete' AND summary LIKE '季度达标返利: quarter from 100%'"
		  " || '%'"),
		1);
	ck_assert_int_eq(db_rebate_rule_save(db, &a, "t"), DB_NOTFOUND);
}
END_TEST

/* Two rules with one step in one ladder at the same time would pay as one:
 * refused, until the first ends the day before the second starts. */
START_TEST(test_setup_rebate_rule_twin_step_is_refused)
{
	struct rebate_rule_rec r;
	memset(&r, 0, sizeof r);
	strcpy(r.name, "季度达标返利");
	r.kind = PERIOD_QUARTER;
	r.achievement = true;
	r.achievement_bp = 10000;
	r.rate_bp = 50;
	r.start = (qd_date){ 2026, 1, 1 };
	ck_assert_int_eq(db_rebate_rule_save(db, &r, "t"), DB_OK);
	struct rebate_rule_rec n = r;
	n.id = n.version = 0;
	strcpy(n.name, "新季度达标返利");
	n.rate_bp = 70;
	n.start = (qd_date){ 2026, 8, 16 };
	ck_assert_int_eq(db_rebate_rule_save(db, &n, "t"), DB_DUPLICATE);
	ck_assert_int_eq(db_errfield(db), REBATE_FIELD_STEP);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "季度达标返利"));
	/* Another step, another tier or a sales step is another rule. */
	n.achievement_bp = 11000;
	ck_assert_int_eq(db_rebate_rule_save(db, &n, "t"), DB_OK);
	struct rebate_rule_rec t = n;
	t.id = t.version = 0;
	t.achievement_bp = 10000;
	t.tier = 'A';
	strcpy(t.name, "A级季度达标返利");
	ck_assert_int_eq(db_rebate_rule_save(db, &t, "t"), DB_OK);
	/* The first ended the day before: the same step follows it. */
	r.end = (qd_date){ 2026, 8, 15 };
	ck_assert_int_eq(db_rebate_rule_save(db, &r, "t"), DB_OK);
	n.achievement_bp = 10000;
	ck_assert_int_eq(db_rebate_rule_save(db, &n, "t"), DB_OK);
	/* Its own step again is no twin of itself. */
	n.rate_bp = 80;
	ck_assert_int_eq(db_rebate_rule_save(db, &n, "t"), DB_OK);
	/* The advice fits which starts first: a rule from 2025 running on
	 * into n's time is the one to end. */
	struct rebate_rule_rec o = n;
	o.id = o.version = 0;
	o.start = (qd_date){ 2025, 1, 1 };
	o.end = (qd_date){ 0, 0, 0 };
	ck_assert_int_eq(db_rebate_rule_save(db, &o, "t"), DB_DUPLICATE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "end it the day before that one starts"));
}
END_TEST

/* An explanation tells rebates apart by name: a second rule of one name in
 * force at the same time is refused at the name; the same name from the
 * day after the first ends is its renewal. */
START_TEST(test_setup_rebate_rule_name_in_use_at_the_same_time_is_refused)
{
	struct rebate_rule_rec r;
	memset(&r, 0, sizeof r);
	strcpy(r.name, "季度达标返利");
	r.kind = PERIOD_QUARTER;
	r.achievement = true;
	r.achievement_bp = 10000;
	r.rate_bp = 50;
	r.start = (qd_date){ 2026, 1, 1 };
	ck_assert_int_eq(db_rebate_rule_save(db, &r, "t"), DB_OK);
	struct rebate_rule_rec n = r;
	n.id = n.version = 0;
	n.achievement_bp = 11000;
	n.rate_bp = 70;
	ck_assert_int_eq(db_rebate_rule_save(db, &n, "t"), DB_DUPLICATE);
	ck_assert_int_eq(db_errfield(db), REBATE_FIELD_NAME);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "季度达标返利"));
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "2026-01-01"));
	ck_assert_int_eq(q("SELECT count(*) FROM rebate_rules"), 1);
	/* Its own name again is no clash with itself. */
	r.rate_bp = 60;
	ck_assert_int_eq(db_rebate_rule_save(db, &r, "t"), DB_OK);
	/* Ended, then renewed under its name from the next day. */
	r.end = (qd_date){ 2026, 12, 31 };
	ck_assert_int_eq(db_rebate_rule_save(db, &r, "t"), DB_OK);
	n.start = (qd_date){ 2027, 1, 1 };
	ck_assert_int_eq(db_rebate_rule_save(db, &n, "t"), DB_OK);
	/* A new rule of that name within the first one's time clashes with it. */
	struct rebate_rule_rec o = n;
	o.id = o.version = 0;
	o.achievement_bp = 12000;
	o.start = (qd_date){ 2026, 6, 1 };
	o.end = (qd_date){ 2026, 12, 31 };
	ck_assert_int_eq(db_rebate_rule_save(db, &o, "t"), DB_DUPLICATE);
	/* Told apart by case alone, two names read as one. */
	strcpy(o.name, "Quarter Plus");
	ck_assert_int_eq(db_rebate_rule_save(db, &o, "t"), DB_OK);
	struct rebate_rule_rec q2 = o;
	q2.id = q2.version = 0;
	q2.achievement_bp = 13000;
	strcpy(q2.name, "quarter plus");
	ck_assert_int_eq(db_rebate_rule_save(db, &q2, "t"), DB_DUPLICATE);
}
END_TEST

/* A rule on a category whose products went elsewhere can still be edited
 * (ended); the file itself refuses a step in achievement on a category
 * (such a row from elsewhere would pay nothing). */
START_TEST(test_setup_rebate_rule_category_kept_and_checked_by_the_file)
{
	struct product_rec p = product("BV-1", "矿泉水");
	ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_OK);
	struct rebate_rule_rec r;
	memset(&r, 0, sizeof r);
	strcpy(r.name, "饮料专项");
	strcpy(r.category, "饮料");
	r.kind = PERIOD_QUARTER;
	r.threshold_fen = 10000000;
	r.rate_bp = 80;
	r.start = (qd_date){ 2026, 1, 1 };
	ck_assert_int_eq(db_rebate_rule_save(db, &r, "t"), DB_OK);
	ck_assert_int_eq(db_setup_product_get(db, p.id, &p), DB_OK);
	strcpy(p.category, "水");
	ck_assert_int_eq(db_setup_product_save(db, &p, "t"), DB_OK);
	r.end = (qd_date){ 2026, 12, 31 };
	ck_assert_int_eq(db_rebate_rule_save(db, &r, "t"), DB_OK);
	/* A new rule on it is refused: no product has it now. */
	struct rebate_rule_rec n = r;
	n.id = n.version = 0;
	n.threshold_fen = 20000000;
	ck_assert_int_eq(db_rebate_rule_save(db, &n, "t"), DB_INVALID);
	ck_assert_int_eq(db_errfield(db), REBATE_FIELD_CATEGORY);
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(h,
				      "INSERT INTO rebate_rules(id, name, category, period_kind,"
				      " threshold_fen, rate_bp, start_date, created_at, updated_at,"
				      " basis, achievement_bp) VALUES (9, 'x', '水', 'quarter', 0,"
				      " 50, '2026-01-01', '', '', 'achievement', 10000)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(h,
				      "INSERT INTO rebate_rules(id, name, period_kind,"
				      " threshold_fen, rate_bp, start_date, created_at, updated_at,"
				      " basis, achievement_bp) VALUES (9, 'x', 'quarter', 0,"
				      " 50, '2026-01-01', '', '', 'sales', 10000)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	/* (Not refused for being written by another program: this one goes.) */
	ck_assert_int_eq(sqlite3_exec(h,
				      "INSERT INTO rebate_rules(id, name, period_kind,"
				      " threshold_fen, rate_bp, start_date, created_at, updated_at,"
				      " basis, achievement_bp) VALUES (9, 'x', 'quarter', 0,"
				      " 50, '2026-01-01', '', '', 'achievement', 10000)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_setup_region_add_and_edit_are_logged_with_who_and_when,
		test_setup_codes_are_unique_without_regard_to_case,
		test_setup_stale_version_is_a_conflict_and_nothing_is_saved,
		test_setup_writes_compose_all_or_nothing,
		test_setup_territories_list_as_a_tree,
		test_setup_territory_search_keeps_the_ancestors,
		test_setup_territory_search_ranks_what_begins_with_the_query_first,
		test_setup_territory_tree_rules_are_refused_with_the_field,
		test_setup_territory_cannot_sit_under_itself,
		test_setup_territory_level_change_must_fit_its_children,
		test_setup_territory_in_use_cannot_be_deactivated,
		test_setup_rep_owning_distributors_cannot_be_deactivated,
		test_setup_region_holding_territories_or_reps_cannot_be_deactivated,
		test_setup_rep_name_change_updates_its_pinyin_sort_key,
		test_setup_rep_covers_exactly_the_territories_given,
		test_setup_invalid_records_are_refused_with_the_field,
		test_setup_products_page_by_sku_both_ways,
		test_setup_get_refuses_a_stored_text_it_would_cut,
		test_setup_log_keeps_summary_and_who_within_the_schema,
		test_setup_regions_list_with_what_they_hold,
		test_setup_inactive_territory_and_rep_take_no_new_distributors,
		test_setup_territory_found_by_its_english_name_and_map_label,
		test_setup_rebate_rules_saved_checked_and_logged,
		test_setup_rebate_rule_twin_step_is_refused,
		test_setup_rebate_rule_name_in_use_at_the_same_time_is_refused,
		test_setup_rebate_rule_category_kept_and_checked_by_the_file,
	};
	snprintf(dir, sizeof dir, "/tmp/qudao-test-setup-XXXXXX");
	if (!mkdtemp(dir))
		return EXIT_FAILURE;
	Suite *s = suite_create("setup");
	TCase *tc = tcase_create("setup");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, open_fresh, close_fresh);
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	remove_dir();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
