/* The demo generator: a whole company's distribution network, repeatable from
 * a seed and a "today". Ids come from a seeded sequence with random gaps that
 * rises in insertion order, so the same seed gives the same file and bulk
 * inserts append to every primary key and most indexes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_internal.h"
#include "qudao/demo.h"
#include "qudao/i18n.h"
#include "qudao/pinyin.h"
#include "qudao/rng.h"
#include "qudao/sync.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "sync_internal.h"

/* ---- static data ------------------------------------------------------ */

struct demo_province {
	const char *code, *region;
	int weight;
};

/* The provinces the schema brings (their names and grid places are read
 * from the database), with the demo company's region and how much of its
 * business each has. */
static const struct demo_province demo_provinces[] = {
	{ "HL", "N", 3 }, { "XJ", "W", 2 }, { "NM", "N", 2 }, { "BJ", "N", 6 },	 { "LN", "N", 4 },
	{ "JL", "N", 2 }, { "GS", "W", 2 }, { "NX", "W", 1 }, { "SX", "N", 3 },	 { "HE", "N", 5 },
	{ "TJ", "N", 3 }, { "QH", "W", 1 }, { "SN", "W", 4 }, { "HA", "S", 6 },	 { "SD", "E", 7 },
	{ "XZ", "W", 1 }, { "SC", "W", 6 }, { "CQ", "W", 4 }, { "HB", "S", 5 },	 { "AH", "E", 4 },
	{ "JS", "E", 8 }, { "YN", "W", 3 }, { "GZ", "W", 2 }, { "HN", "S", 5 },	 { "JX", "E", 3 },
	{ "ZJ", "E", 8 }, { "SH", "E", 7 }, { "GX", "S", 3 }, { "GD", "S", 10 }, { "FJ", "E", 5 },
	{ "HI", "S", 1 },
};
enum { DEMO_NPROV = sizeof demo_provinces / sizeof demo_provinces[0] };

struct demo_city {
	/* English: the name and the map's label of at most 4 letters. */
	const char *province, *code, *name, *short_name, *name_en, *short_en;
	const char *districts[5];
	int row, col; /* the city's place in its province's grid */
};

static const struct demo_city demo_cities[] = {
	{ "GD",
	  "GD-GZ",
	  "广州市",
	  "广州",
	  "Guangzhou",
	  "Gzho",
	  { "天河", "越秀", "海珠", "白云", "番禺" },
	  0,
	  1 },
	{ "GD",
	  "GD-SZ",
	  "深圳市",
	  "深圳",
	  "Shenzhen",
	  "Szhn",
	  { "南山", "福田", "罗湖", "宝安", "龙岗" },
	  1,
	  2 },
	{ "GD",
	  "GD-FS",
	  "佛山市",
	  "佛山",
	  "Foshan",
	  "Fosh",
	  { "禅城", "南海", "顺德", "三水", "高明" },
	  0,
	  0 },
	{ "GD",
	  "GD-DG",
	  "东莞市",
	  "东莞",
	  "Dongguan",
	  "Dgua",
	  { "莞城", "南城", "东城", "虎门", "长安" },
	  1,
	  1 },
	{ "ZJ",
	  "ZJ-HZ",
	  "杭州市",
	  "杭州",
	  "Hangzhou",
	  "Hzho",
	  { "西湖", "上城", "拱墅", "滨江", "萧山" },
	  0,
	  1 },
	{ "ZJ",
	  "ZJ-NB",
	  "宁波市",
	  "宁波",
	  "Ningbo",
	  "Nbo",
	  { "海曙", "江北", "鄞州", "北仑", "镇海" },
	  0,
	  2 },
	{ "ZJ",
	  "ZJ-WZ",
	  "温州市",
	  "温州",
	  "Wenzhou",
	  "Wzho",
	  { "鹿城", "龙湾", "瓯海", "洞头", "乐清" },
	  2,
	  1 },
	{ "JS",
	  "JS-NJ",
	  "南京市",
	  "南京",
	  "Nanjing",
	  "Njng",
	  { "玄武", "秦淮", "鼓楼", "建邺", "江宁" },
	  1,
	  0 },
	{ "JS",
	  "JS-SZ",
	  "苏州市",
	  "苏州",
	  "Suzhou",
	  "Szho",
	  { "姑苏", "吴中", "相城", "虎丘", "吴江" },
	  2,
	  2 },
	{ "JS",
	  "JS-WX",
	  "无锡市",
	  "无锡",
	  "Wuxi",
	  "Wuxi",
	  { "梁溪", "锡山", "惠山", "滨湖", "新吴" },
	  2,
	  1 },
	{ "SC",
	  "SC-CD",
	  "成都市",
	  "成都",
	  "Chengdu",
	  "Chdu",
	  { "锦江", "青羊", "金牛", "武侯", "成华" },
	  1,
	  1 },
	{ "SC",
	  "SC-MY",
	  "绵阳市",
	  "绵阳",
	  "Mianyang",
	  "Myng",
	  { "涪城", "游仙", "安州", "江油", "三台" },
	  0,
	  1 },
};
enum { DEMO_NCITY = sizeof demo_cities / sizeof demo_cities[0] };

static const struct {
	const char *code, *name;
} demo_regions[] = {
	{ "N", "华北区" },
	{ "E", "华东区" },
	{ "S", "华南区" },
	{ "W", "西部区" },
};

static const char *const demo_brand_chars[] = {
	"恒", "源", "鑫", "达", "宏", "运", "永", "兴", "华", "盛", "金", "穗", "德", "隆",
	"瑞", "丰", "嘉", "禾", "泰", "昌", "利", "通", "富", "康", "佳", "信", "和", "润",
	"益", "祥", "联", "合", "天", "成", "新", "汇", "远", "航", "锦", "程",
};
/* A trade word and the endings it takes: never one word twice (商行商行,
 * 贸易贸易部) nor two that say the same (商贸贸易部). 商行 is an ending itself. */
enum { DEMO_NENDINGS = 4 };
static const char *const demo_endings[DEMO_NENDINGS] = { "有限公司", "经营部", "商行", "贸易部" };
static const int demo_ending_weights[DEMO_NENDINGS] = { 3, 1, 1, 1 };
enum {
	DEMO_END_CO = 1,
	DEMO_END_DEPT = 2,
	DEMO_END_SHOP = 4,
	DEMO_END_TRADE = 8,
	DEMO_END_ANY = 15
};
static const struct {
	const char *word;
	int endings; /* DEMO_END_* bits; none when the word ends the name */
} demo_trades[] = {
	{ "商贸", DEMO_END_CO | DEMO_END_DEPT },
	{ "贸易", DEMO_END_CO | DEMO_END_DEPT | DEMO_END_SHOP },
	{ "食品", DEMO_END_ANY },
	{ "日用品", DEMO_END_ANY },
	{ "饮料", DEMO_END_ANY },
	{ "副食品", DEMO_END_ANY },
	{ "供应链", DEMO_END_CO },
	{ "酒水", DEMO_END_ANY },
	{ "商行", 0 },
	{ "批发", DEMO_END_CO | DEMO_END_DEPT | DEMO_END_SHOP },
	{ "粮油", DEMO_END_ANY },
};
enum { DEMO_NTRADES = sizeof demo_trades / sizeof demo_trades[0] };

/* Foreign-invested distributors: two words, a trade and the place, each
 * combination used once per place (demo_english_name). */
static const char *const demo_english_first[16] = {
	"Golden", "Pacific", "Silver", "Blue", "Evergreen", "Sunrise", "Harbour", "Northstar",
	"Crown",  "Summit",  "Bright", "Jade", "Oak",	    "Royal",   "Maple",	  "Coral",
};
static const char *const demo_english_second[16] = {
	"Harvest", "Rim",  "River", "Lake",  "Gate",  "Bridge", "Field",   "Peak",
	"Bay",	   "Star", "Leaf",  "Stone", "Crest", "Valley", "Orchard", "Springs",
};
static const char *const demo_english_trades[10] = {
	"Trading",   "Foods",	   "Supply Chain", "Beverage",	     "Distribution",
	"Wholesale", "Provisions", "Commerce",	   "Consumer Goods", "Import & Export",
};
enum { DEMO_NENGLISH = 16 * 16 * 10 };
static const char *const demo_surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
	"胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
};
static const char *const demo_given[] = {
	"伟", "芳", "娜", "敏", "静",	"丽", "强", "磊", "军",	  "洋",	  "勇",	  "艳",	  "杰",
	"娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "文斌",
};
static const char *const demo_roads[] = {
	"人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "体育西路", "滨江大道",
};

struct demo_product {
	const char *sku, *name, *category;
	int retail_yuan_x10;	/* suggested retail price in jiao */
	const char *short_name; /* as a rep writes it in a visit summary */
};

static const char *const demo_categories[] = { "饮料", "乳品", "零食", "调味品" };

static const struct demo_product demo_products[] = {
	{ "BV-001", "清泉矿泉水 550ml×24", "饮料", 480, "矿泉水" },
	{ "BV-002", "柠檬茶 500ml×15", "饮料", 600, "柠檬茶" },
	{ "BV-003", "冰红茶 1L×12", "饮料", 720, "冰红茶" },
	{ "BV-004", "橙汁 1.5L×6", "饮料", 780, "橙汁" },
	{ "BV-005", "苏打水 350ml×24", "饮料", 960, "苏打水" },
	{ "BV-006", "功能饮料 250ml×24", "饮料", 1440, "功能饮料" },
	{ "BV-007", "Cola 330ml×24", "饮料", 720, "可乐" },
	{ "DY-001", "纯牛奶 250ml×24", "乳品", 720, "纯牛奶" },
	{ "DY-002", "酸奶 200g×12", "乳品", 660, "酸奶" },
	{ "DY-003", "高钙奶 250ml×16", "乳品", 640, "高钙奶" },
	{ "DY-004", "奶粉 900g", "乳品", 2680, "奶粉" },
	{ "DY-005", "乳酸菌饮品 100ml×20", "乳品", 400, "乳酸菌饮品" },
	{ "DY-006", "核桃奶 240ml×20", "乳品", 880, "核桃奶" },
	{ "SN-001", "薯片 70g×20", "零食", 1200, "薯片" },
	{ "SN-002", "夹心饼干 400g×10", "零食", 1500, "夹心饼干" },
	{ "SN-003", "坚果礼盒 750g", "零食", 1580, "坚果礼盒" },
	{ "SN-004", "辣条 100g×30", "零食", 900, "辣条" },
	{ "SN-005", "沙琪玛 470g×8", "零食", 1040, "沙琪玛" },
	{ "SN-006", "海苔 4g×40", "零食", 1200, "海苔" },
	{ "CD-001", "生抽 500ml×12", "调味品", 1080, "生抽" },
	{ "CD-002", "老抽 500ml×12", "调味品", 1140, "老抽" },
	{ "CD-003", "香醋 500ml×12", "调味品", 960, "香醋" },
	{ "CD-004", "蚝油 700g×12", "调味品", 1560, "蚝油" },
	{ "CD-005", "鸡精 200g×20", "调味品", 1300, "鸡精" },
	{ "CD-006", "火锅底料 150g×30", "调味品", 1800, "火锅底料" },
};
enum { DEMO_NPROD = sizeof demo_products / sizeof demo_products[0] };

/* A visit summary says what was checked, what was found and what was agreed.
 * What was checked may name a product (before, its short name, after); each
 * outcome, found and agreed, fits whatever its theme checked. */
struct demo_check {
	const char *before, *after; /* after is NULL when no product is named */
};
struct demo_theme {
	struct demo_check checked[3];
	const char *outcomes[5];
};

static const struct demo_theme demo_themes[] = {
	{ { { "盘点", "库存" }, { "核对", "进销存" }, { "检查仓库里的", "存货" } },
	  { "库存约够两周销售，已下补货单", "库存偏高，约定暂停进货一周",
	    "断货三天，当场补单并催促发货", "先进先出执行到位，暂不调整",
	    "账实不符，已请客户下周复盘" } },
	{ { { "检查", "货架陈列" }, { "查看门店", "排面" }, { "检查", "堆头和价签" } },
	  { "排面不足，已与店长沟通增加两个排面", "陈列整齐，价签齐全，已拍照存档",
	    "堆头被竞品占用，约定下周恢复", "价签缺失，已现场补齐",
	    "端架位置好，建议保持到月底" } },
	{ { { "核对本月对账单", NULL }, { "跟进上月货款", NULL }, { "核对应收账款明细", NULL } },
	  { "客户资金紧张，确认下月五号前回款", "账目一致，客户已安排本周付款",
	    "有一张发票金额不符，回公司核实后再对账", "逾期款已付一半，余款月底结清",
	    "回款及时，已提醒下季度返利条件" } },
	{ { { "了解周边竞品动态", NULL },
	    { "走访附近三家终端", NULL },
	    { "对比竞品同类", "的价格" } },
	  { "竞品买赠力度大，建议申请本月费用支持", "竞品新上同类产品，价格低一成，继续观察",
	    "竞品断货，抓住机会加大铺货", "竞品进场费上涨，客户有意加大我方陈列",
	    "竞品促销已结束，我方销量回升" } },
	{ { { "推介新品", NULL }, { "跟进", "的试销情况" }, { "讲解", "的卖点" } },
	  { "客户反馈动销较好，追加订单", "试销一般，约定再观察两周",
	    "客户同意进货试销，先上五家门店", "终端对口味反馈不错，需补充试吃物料",
	    "客户担心价格偏高，约定先做一次买赠" } },
	{ { { "检查", "的生产日期" }, { "排查临期产品", NULL }, { "检查", "的保质期" } },
	  { "发现少量临期品，已安排调换", "批次日期都在安全期内，库存周转正常",
	    "临期品较多，约定做一次促销消化", "个别批次包装破损，已登记退货",
	    "客户仓库温度偏高，已提醒改善储存条件" } },
	{ { { "跟进终端铺货", NULL }, { "走访下游门店", NULL }, { "检查", "的铺货率" } },
	  { "新开三家终端门店，铺货完成", "铺货率偏低，约定下月新增十家网点",
	    "两家门店停止进货，原因待查", "社区店反馈好，计划扩大覆盖",
	    "学校周边网点空白，约定本月开发" } },
	{ { { "检查", "的促销执行" }, { "核对促销物料", NULL }, { "查看", "的买赠活动" } },
	  { "海报和价签到位，活动执行良好", "赠品不足，已申请补发",
	    "促销价未按要求执行，已当场纠正", "活动拉动明显，建议延长一周",
	    "活动期间客流一般，约定换到周末" } },
};
enum { DEMO_NTHEMES = sizeof demo_themes / sizeof demo_themes[0] };

/* Only for distributors that sell below the price policy (乱价). */
static const struct demo_theme demo_price_theme = {
	{ { "检查", "的终端售价" }, { "抽查门店", "的价签" }, { "核对", "的出货价" } },
	{ "终端售价低于建议零售价，已提醒客户遵守价格政策", "发现低价抛售，已上报区域经理",
	  "价签与政策不符，已要求三天内整改", "客户解释为清理库存，约定不再低价出货",
	  "复查价格已恢复，继续跟踪" },
};

static const char *const demo_summary_tails[] = {
	"下次拜访带新品样品。", "两周后复查。",	      "已拍照上传。",
	"下次拜访核对回款。",	"已向区域经理汇报。", "客户态度积极。",
};

/* A manager's coaching note: sometimes praise, always a suggestion. */
static const char *const demo_coaching_praise[] = {
	"拜访记录写得具体", "客户关系维护得好", "新品卖点讲得清楚",
	"陈列照片拍得完整", "问题发现得早",	"对账细致",
};
static const char *const demo_coaching_advice[] = {
	"下次拜访前先查账",	  "陈列照片要拍全排面和价签", "每周电话跟进一次回款",
	"争取扩大铺货网点",	  "盘点数据当天录入系统",     "重点客户多停留半小时",
	"请客户推荐周边新网点",	  "提前准备促销方案",	      "竞品动向要及时上报",
	"临期品要登记并跟踪处理",
};
/* Purposes as stored (labels_visit_purpose): routine visits the most. */
static const char *const demo_purposes[] = {
	"routine", "routine", "new_listing", "collection", "routine",
};

/* ---- ids, strings, statements ----------------------------------------- */

/* A rising id sequence with random gaps, sized for about `expected` rows. */
struct demo_seq {
	int64_t next, gap;
};

struct demo {
	qd_db *db;
	qd_rng rng;
	const struct demo_options *o;
	struct demo_counts *n;
	qd_date today;
	int32_t today_days;
	struct demo_seq seq_region, seq_territory, seq_rep, seq_dist, seq_hist, seq_review,
		seq_product, seq_excl, seq_target, seq_order, seq_line, seq_payment, seq_due,
		seq_visit, seq_inv, seq_price, seq_incident, seq_training, seq_attend, seq_rebate;
	int64_t region_ids[4];
	/* Territories: provinces, then cities. */
	int nterr;
	int64_t terr_ids[DEMO_NPROV + DEMO_NCITY];
	int terr_region[DEMO_NPROV + DEMO_NCITY];
	int terr_weight[DEMO_NPROV + DEMO_NCITY];
	int terr_province[DEMO_NPROV + DEMO_NCITY]; /* province index of each territory */
	int terr_city[DEMO_NPROV + DEMO_NCITY];	    /* city index, or -1 */
	int prov_seq[DEMO_NPROV];		    /* next distributor number per province */
	char prov_names[DEMO_NPROV][64];	    /* 广东省 */
	char prov_english[DEMO_NPROV][32];	    /* Guangdong */
	int english_seq[DEMO_NPROV];		    /* English names given per province */
	int64_t product_ids[DEMO_NPROD];
	int64_t *rep_ids;
	int *rep_region;
	/* The field reps covering each territory: a team per territory where
	 * there are more reps than territories, else a few territories per rep,
	 * always within the rep's region. A distributor's owner is one of the
	 * team of its territory. */
	int *terr_reps[DEMO_NPROV + DEMO_NCITY];
	int terr_nreps[DEMO_NPROV + DEMO_NCITY];
	char **rep_names;
	int nreps, nmanagers;
	int exclusive_taken[DEMO_NPROV + DEMO_NCITY][4];
	int64_t order_no, invoice_no, guangzhou_done;
	int64_t training_ids[16];
	qd_date training_dates[16];
	int ntrainings;
	int64_t total_work, work_done;
};

static int64_t demo_id(struct demo *d, struct demo_seq *s)
{
	int64_t id = s->next;
	s->next += 1 + (int64_t)rng_below(&d->rng, (uint64_t)s->gap);
	return id;
}

static void demo_seq_init(struct demo *d, struct demo_seq *s, int64_t expected)
{
	if (expected < 16)
		expected = 16;
	s->gap = (INT64_C(1) << 61) / expected;
	s->next = 1 + (int64_t)rng_below(&d->rng, (uint64_t)s->gap);
}

static const char *demo_pick(struct demo *d, const char *const *list, size_t n)
{
	return list[rng_below(&d->rng, n)];
}
#define DEMO_PICK(d, list) demo_pick((d), (list), sizeof(list) / sizeof((list)[0]))

static char *demo_date(qd_date day, char *buf)
{
	return date_format(day, buf);
}

static char *demo_person(struct demo *d, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", DEMO_PICK(d, demo_surnames), DEMO_PICK(d, demo_given));
	return buf;
}

static char *demo_phone(struct demo *d, char *buf, size_t size)
{
	static const char *const prefixes[] = { "138", "139", "135", "136", "137", "150",
						"151", "158", "186", "188", "189", "177" };
	snprintf(buf, size, "%s%08u", DEMO_PICK(d, prefixes),
		 (unsigned)rng_below(&d->rng, 100000000));
	return buf;
}

/* Every insert, prepared once. */
static const char demo_sql_region[] =
	"INSERT INTO regions(id, code, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)";
static const char demo_sql_territory[] =
	"INSERT INTO territories(id, parent_id, region_id, code, name, short_name, level, grid_row,"
	" grid_col, created_at, updated_at, name_en, short_en)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)";
static const char demo_sql_province[] =
	"SELECT id, name, name_en FROM territories WHERE code = ?1 AND parent_id IS NULL";
static const char demo_sql_province_region[] =
	"UPDATE territories SET region_id = ?2 WHERE id = ?1";
static const char demo_sql_rep[] =
	"INSERT INTO reps(id, code, name, role, region_id, phone, created_at, updated_at, sort_key)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)";
static const char demo_sql_product[] =
	"INSERT INTO products(id, sku, name, category, retail_price_fen, price_a_fen, price_b_fen,"
	" price_c_fen, price_d_fen, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";
static const char demo_sql_distributor[] =
	"INSERT INTO distributors(id, code, name, type, tier, status, contact, phone, address,"
	" territory_id, owner_rep_id, credit_limit_fen, agreement_start, agreement_end,"
	" visit_every_days, notes, sort_key, search_key, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
	" ?19, ?20)";
static const char demo_sql_history[] =
	"INSERT INTO status_history(id, distributor_id, from_status, to_status, changed_at,"
	" changed_by, reason, note, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	" ?5, ?5)";
static const char demo_sql_review[] =
	"INSERT INTO qualification_reviews(id, distributor_id, reviewed_on, reviewer, reputation,"
	" financial_strength, sales_network, product_knowledge, market_development,"
	" compliance_record, note, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?3, ?3)";
static const char demo_sql_exclusive[] =
	"INSERT INTO exclusive_rights(id, distributor_id, territory_id, category, start_date,"
	" end_date, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?5)";
static const char demo_sql_target[] =
	"INSERT INTO sales_targets(id, distributor_id, period, amount_fen, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
static const char demo_sql_order[] =
	"INSERT INTO orders(id, order_no, distributor_id, order_date, ship_territory_id, status,"
	" total_fen, ship_date, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?4, ?4)";
static const char demo_sql_line[] =
	"INSERT INTO order_lines(id, order_id, product_id, quantity, unit_price_fen, created_at,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
static const char demo_sql_due[] =
	"INSERT INTO amounts_due(id, distributor_id, invoice_no, due_date, amount_fen, created_at,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
static const char demo_sql_payment[] =
	"INSERT INTO payments(id, distributor_id, paid_on, amount_fen, reference, invoice_no,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?3, ?3)";
/* A visit done was done when planned; one missed or cancelled says why, as
 * the calendar makes them. */
static const char demo_sql_visit[] =
	"INSERT INTO visits(id, distributor_id, rep_id, planned_at, status, purpose, summary,"
	" coaching_note, display_score, created_at, updated_at, done_at, reason)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, CASE ?5 WHEN 'done' THEN ?4 END,"
	" CASE ?5 WHEN 'missed' THEN CASE ?1 % 4 WHEN 0 THEN '店里没人，经销商临时外出'"
	"  WHEN 1 THEN '客户在盘点，约了改天' WHEN 2 THEN '路上堵车，没赶到'"
	"  ELSE '临时去处理客诉，没去成' END"
	" WHEN 'cancelled' THEN CASE ?1 % 4 WHEN 0 THEN '客户要求改期' WHEN 1 THEN '经销商停业整顿'"
	"  WHEN 2 THEN '与同区域的拜访合并' ELSE '业务员请假' END ELSE '' END)";
static const char demo_sql_inventory[] =
	"INSERT INTO visit_inventory(id, visit_id, product_id, quantity, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
static const char demo_sql_price[] = "INSERT INTO visit_prices(id, visit_id, product_id, "
				     "shelf_price_fen, created_at, updated_at)"
				     " VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
static const char demo_sql_incident[] = "INSERT INTO incidents(id, distributor_id, occurred_on, "
					"kind, severity, status, description,"
					" resolution, resolved_on, created_at, updated_at)"
					" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?3, ?3)";
static const char demo_sql_training[] =
	"INSERT INTO trainings(id, held_on, topic, trainer, hours, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?2, ?2)";
static const char demo_sql_attend[] =
	"INSERT INTO training_attendance(id, training_id, distributor_id, attendee, created_at,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
static const char demo_sql_rebate[] =
	"INSERT INTO rebate_rules(id, name, category, tier, period_kind, threshold_fen, rate_bp,"
	" start_date, end_date, basis, achievement_bp, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?8, ?8)";

/* Prepares, binds and runs one insert. */
#define DEMO_INSERT(d, sql, ...)                                                        \
	do {                                                                            \
		sqlite3_stmt *st_ = db_stmt((d)->db, (sql));                            \
		if (!st_ || db_bind((d)->db, st_, __VA_ARGS__) || db_run((d)->db, st_)) \
			return -1;                                                      \
	} while (0)

static void demo_progress(struct demo *d, const char *stage, int64_t done_units)
{
	d->work_done += done_units;
	if (d->o->progress && d->total_work > 0)
		d->o->progress(d->o->progress_ctx, stage,
			       (double)d->work_done / (double)d->total_work);
}

/* ---- the fixed world: regions, territories, reps, products ----------- */

static void demo_cover(struct demo *d, int rep, int terr)
{
	d->terr_reps[terr] =
		xrealloc(d->terr_reps[terr], (size_t)(d->terr_nreps[terr] + 1) * sizeof(int));
	d->terr_reps[terr][d->terr_nreps[terr]++] = rep;
}

/* Who covers what: in each region, its field reps and its territories are
 * dealt out to each other in turn, so every territory has a rep and a rep
 * covers a few places, as a sales team is organised. No randomness: the
 * rest of the demo draws the same numbers whatever the teams. */
static void demo_teams(struct demo *d)
{
	int nfield = d->nreps - d->nmanagers;
	for (int g = 0; g < 4; g++) {
		int reps[d->nreps > 0 ? d->nreps : 1], terrs[DEMO_NPROV + DEMO_NCITY];
		int nr = 0, nt = 0;
		for (int r = d->nmanagers; r < d->nreps; r++)
			if (d->rep_region[r] == g || nfield < 4)
				reps[nr++] = r;
		for (int t = 0; t < d->nterr; t++)
			if (d->terr_region[t] == g)
				terrs[nt++] = t;
		if (nr == 0 || nt == 0)
			continue;
		if (nr >= nt)
			for (int k = 0; k < nr; k++)
				demo_cover(d, reps[k], terrs[k % nt]);
		else
			for (int k = 0; k < nt; k++)
				demo_cover(d, reps[k % nr], terrs[k]);
	}
}

static int demo_world(struct demo *d, const char *stamp)
{
	for (int i = 0; i < 4; i++) {
		d->region_ids[i] = demo_id(d, &d->seq_region);
		DEMO_INSERT(d, demo_sql_region, db_int(d->region_ids[i]),
			    db_text(demo_regions[i].code), db_text(demo_regions[i].name),
			    db_text(stamp));
	}
	/* The provinces come with the schema: the demo puts them in its regions. */
	for (int i = 0; i < DEMO_NPROV; i++) {
		const struct demo_province *p = &demo_provinces[i];
		int r = 0;
		while (strcmp(demo_regions[r].code, p->region))
			r++;
		int t = d->nterr++;
		sqlite3_stmt *st = db_stmt(d->db, demo_sql_province);
		if (!st || db_bind(d->db, st, db_text(p->code)))
			return -1;
		if (db_step(d->db, st, N_("Could not read the reference data")) != 1)
			return db_fail(d->db, DB_ERROR, 0, "the schema has no province %s",
				       p->code),
			       -1;
		d->terr_ids[t] = sqlite3_column_int64(st, 0);
		text_copy(d->prov_names[i], sizeof d->prov_names[i],
			  (const char *)sqlite3_column_text(st, 1));
		text_copy(d->prov_english[i], sizeof d->prov_english[i],
			  (const char *)sqlite3_column_text(st, 2));
		sqlite3_reset(st);
		d->terr_region[t] = r;
		d->terr_weight[t] = p->weight;
		d->terr_province[t] = i;
		d->terr_city[t] = -1;
		DEMO_INSERT(d, demo_sql_province_region, db_int(d->terr_ids[t]),
			    db_int(d->region_ids[r]));
	}
	for (int c = 0; c < DEMO_NCITY; c++) {
		const struct demo_city *city = &demo_cities[c];
		int prov = 0;
		while (strcmp(demo_provinces[prov].code, city->province))
			prov++;
		int t = d->nterr++;
		d->terr_ids[t] = demo_id(d, &d->seq_territory);
		d->terr_region[t] = d->terr_region[prov];
		/* Cities take most of their province's business. */
		d->terr_weight[t] = demo_provinces[prov].weight;
		d->terr_province[t] = prov;
		d->terr_city[t] = c;
		DEMO_INSERT(d, demo_sql_territory, db_int(d->terr_ids[t]),
			    db_int(d->terr_ids[prov]), db_int(d->region_ids[d->terr_region[t]]),
			    db_text(city->code), db_text(city->name), db_text(city->short_name),
			    db_text("city"), db_int(city->row), db_int(city->col), db_text(stamp),
			    db_text(city->name_en), db_text(city->short_en));
	}
	d->n->territories = d->nterr;

	for (int i = 0; i < d->nreps; i++) {
		char code[16], name[32], phone[16];
		int manager = i < d->nmanagers;
		snprintf(code, sizeof code, manager ? "M%03d" : "R%04d",
			 manager ? i + 1 : i - d->nmanagers + 1);
		demo_person(d, name, sizeof name);
		d->rep_ids[i] = demo_id(d, &d->seq_rep);
		d->rep_region[i] = i % 4;
		d->rep_names[i] = xstrdup(name);
		char *key = pinyin_sort_key(name);
		sqlite3_stmt *st = db_stmt(d->db, demo_sql_rep);
		int rc = !st ||
			 db_bind(d->db, st, db_int(d->rep_ids[i]), db_text(code), db_text(name),
				 db_text(manager ? "manager" : "rep"),
				 db_int(d->region_ids[d->rep_region[i]]),
				 db_text(demo_phone(d, phone, sizeof phone)), db_text(stamp),
				 db_text(key)) ||
			 db_run(d->db, st);
		free(key);
		if (rc)
			return -1;
	}
	d->n->reps = d->nreps;
	demo_teams(d);

	for (int i = 0; i < DEMO_NPROD; i++) {
		const struct demo_product *p = &demo_products[i];
		int64_t retail = (int64_t)p->retail_yuan_x10 * 10;
		/* Tier A buys cheapest: 62 %, 66 %, 70 %, 74 % of retail. */
		d->product_ids[i] = demo_id(d, &d->seq_product);
		DEMO_INSERT(d, demo_sql_product, db_int(d->product_ids[i]), db_text(p->sku),
			    db_text(p->name), db_text(p->category), db_int(retail),
			    db_int(retail * 62 / 100), db_int(retail * 66 / 100),
			    db_int(retail * 70 / 100), db_int(retail * 74 / 100), db_text(stamp));
	}
	d->n->products = DEMO_NPROD;

	/* Steps of achievement (share of the target, in 0.01 %) and of sales;
	 * the ladders of the year and of the quarter have two steps and one. */
	static const struct {
		const char *name, *category, *tier, *kind;
		int64_t threshold;
		int achievement, bp;
	} rebates[] = {
		{ "年度达标返利", NULL, NULL, "year", 0, 10000, 150 },
		{ "季度冲量返利", NULL, "A", "quarter", 50000000, 0, 100 },
		{ "乳品专项返利", "乳品", NULL, "quarter", 10000000, 0, 80 },
		{ "新品月度激励", "零食", NULL, "month", 2000000, 0, 50 },
		/* Ids taken without the generator's draws, so that the data
		 * after them is what it was before these rules. */
		{ "年度超额返利", NULL, NULL, "year", 0, 12000, 250 },
		{ "季度达标返利", NULL, NULL, "quarter", 0, 10000, 50 },
	};
	char start[DATE_BUF];
	demo_date((qd_date){ d->today.y - 2, 1, 1 }, start);
	for (size_t i = 0; i < sizeof rebates / sizeof rebates[0]; i++)
		DEMO_INSERT(d, demo_sql_rebate,
			    db_int(i < 4 ? demo_id(d, &d->seq_rebate) : d->seq_rebate.next++),
			    db_text(rebates[i].name), db_text(rebates[i].category),
			    db_text(rebates[i].tier), db_text(rebates[i].kind),
			    db_int(rebates[i].threshold), db_int(rebates[i].bp), db_text(start),
			    db_null(), db_text(rebates[i].achievement ? "achievement" : "sales"),
			    db_int(rebates[i].achievement));

	static const char *const topics[] = {
		"新品知识培训",	      "陈列标准培训",	      "价格政策宣讲",
		"食品安全与质量培训", "财务对账培训",	      "旺季备货培训",
		"终端拜访技巧培训",   "窜货乱价管理规定宣讲", "仓储与冷链管理培训",
		"促销活动执行培训",   "客户投诉处理培训",     "返利政策解读",
		"年度经销商大会",     "线上订货系统培训",     "临期品管理培训",
		"乳品保鲜与储运培训", "调味品市场趋势分享",   "零食品类陈列技巧",
		"终端开发与维护",     "安全生产与消防培训",
	};
	enum { NTOPICS = sizeof topics / sizeof topics[0] };
	/* Two sessions a quarter over the last two years, each on its own topic. */
	d->ntrainings = 16;
	const char *order[NTOPICS];
	memcpy(order, topics, sizeof order);
	for (int i = NTOPICS - 1; i > 0; i--) {
		int j = (int)rng_below(&d->rng, (uint64_t)i + 1);
		const char *t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (int i = 0; i < d->ntrainings; i++) {
		qd_date held =
			date_add_days(d->today, -(int)(700 - i * 44) + (int)rng_below(&d->rng, 10));
		char date[DATE_BUF];
		d->training_ids[i] = demo_id(d, &d->seq_training);
		d->training_dates[i] = held;
		/* Drawn in the order the seed always drew them (the last column
		 * first), so a seed keeps giving the same demo. */
		int seats = 2 + (int)rng_below(&d->rng, 4);
		const char *trainer = d->rep_names[rng_below(&d->rng, (uint64_t)d->nmanagers)];
		DEMO_INSERT(d, demo_sql_training, db_int(d->training_ids[i]),
			    db_text(demo_date(held, date)), db_text(order[i]), db_text(trainer),
			    db_int(seats));
	}
	return 0;
}

/* ---- distributors and their history ----------------------------------- */

enum demo_payer { PAYER_GOOD, PAYER_SLOW, PAYER_BAD };

struct demo_dist {
	int64_t id;
	char code[24];
	char name[160], contact[32];
	int terr, rep, tier; /* tier 0-3 = A-D */
	const char *status;
	int32_t applied, agreement_start, agreement_end; /* days; 0 when none */
	int32_t active_from, active_until;		 /* days with business */
	int every;					 /* visit every n days */
	int cross_seller, price_violator, visit_lapsed, expiring;
	const char *term_reason; /* why a terminated one ended */
	enum demo_payer payer;
	int64_t monthly_fen; /* typical monthly purchases */
	int perf;	     /* percent of target it tends to reach */
};

static const char *const demo_status_reason_suspend[] = { "payment", "breach", "quality" };
static const char *const demo_status_reason_terminate[] = { "expired", "breach", "mutual_consent" };

/* Province name without 省, 市 or the autonomous-region words. */
static void demo_plain_province(const char *name, char *out, size_t size)
{
	static const char *const cuts[] = { "维吾尔", "壮族", "回族", "自治区", "省", "市" };
	snprintf(out, size, "%s", name);
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		char *at = strstr(out, cuts[i]);
		if (at && at != out)
			*at = '\0';
	}
}

/* The province's next English name. Its n-th takes the combination
 * n * 1531 + an offset of the province, modulo their number: for n below that
 * number each combination once (1531 is prime to 2560); past it, a round
 * number keeps them apart. */
static void demo_english_name(struct demo *d, struct demo_dist *x)
{
	int prov = d->terr_province[x->terr];
	int n = d->english_seq[prov]++;
	int round = n / DEMO_NENGLISH;
	int k = (int)(((int64_t)n * 1531 + prov * 379) % DEMO_NENGLISH);
	char nth[16] = "";
	if (round)
		snprintf(nth, sizeof nth, " %d", round + 1);
	snprintf(x->name, sizeof x->name, "%s %s %s%s (%s) Co., Ltd.", demo_english_first[k % 16],
		 demo_english_second[k / 16 % 16], demo_english_trades[k / 256], nth,
		 d->prov_english[prov]);
}

static void demo_name(struct demo *d, struct demo_dist *x)
{
	if (rng_chance(&d->rng, 3)) {
		demo_english_name(d, x);
		return;
	}
	char place[64];
	int city = d->terr_city[x->terr];
	if (city >= 0) {
		const struct demo_city *c = &demo_cities[city];
		const char *district = "";
		/* The first Guangzhou distributor is in Tianhe: gzth must find someone. */
		if (city == 0 && !d->guangzhou_done) {
			district = c->districts[0];
			d->guangzhou_done = 1;
		} else if (rng_chance(&d->rng, 60)) {
			district = c->districts[rng_below(&d->rng, 5)];
		}
		snprintf(place, sizeof place, "%s%s", c->short_name, district);
	} else {
		demo_plain_province(d->prov_names[d->terr_province[x->terr]], place, sizeof place);
	}
	int t = (int)rng_below(&d->rng, DEMO_NTRADES);
	const char *ending = "";
	if (demo_trades[t].endings) {
		int w[DEMO_NENDINGS];
		for (int i = 0; i < DEMO_NENDINGS; i++)
			w[i] = demo_trades[t].endings & (1 << i) ? demo_ending_weights[i] : 0;
		ending = demo_endings[rng_weighted(&d->rng, w, DEMO_NENDINGS)];
	}
	snprintf(x->name, sizeof x->name, "%s%s%s%s%s", place, DEMO_PICK(d, demo_brand_chars),
		 DEMO_PICK(d, demo_brand_chars), demo_trades[t].word, ending);
}

static int demo_pick_territory(struct demo *d)
{
	return rng_weighted(&d->rng, d->terr_weight, d->nterr);
}

/* One of the team covering the territory. */
static int demo_pick_rep(struct demo *d, int terr)
{
	int n = d->terr_nreps[terr];
	if (n == 0)
		return d->nmanagers + (int)rng_below(&d->rng, (uint64_t)(d->nreps - d->nmanagers));
	return d->terr_reps[terr][rng_below(&d->rng, (uint64_t)n)];
}

/* Decides who x is and what happened to it, without writing anything. */
static void demo_shape(struct demo *d, struct demo_dist *x, int64_t index)
{
	static const int tier_weights[] = { 10, 30, 40, 20 };
	static const int64_t tier_monthly[] = { 30000000, 12000000, 5000000, 2000000 };
	static const int tier_every[] = { 14, 14, 30, 60 };
	int32_t today = d->today_days;

	x->terr = demo_pick_territory(d);
	x->rep = demo_pick_rep(d, x->terr);
	x->tier = rng_weighted(&d->rng, tier_weights, 4);
	demo_name(d, x);
	demo_person(d, x->contact, sizeof x->contact);
	int prov = d->terr_province[x->terr];
	snprintf(x->code, sizeof x->code, "%s-%04d", demo_provinces[prov].code,
		 ++d->prov_seq[prov]);
	x->every = tier_every[x->tier] - (x->tier == 0 && rng_chance(&d->rng, 50) ? 7 : 0);
	x->monthly_fen = tier_monthly[x->tier] * (50 + (int64_t)rng_below(&d->rng, 100)) / 100;
	x->perf = 60 + (int)rng_below(&d->rng, 70);

	/* The first few are forced, so every situation exists in any demo. */
	static const int status_weights[] = { 3, 2, 86, 4, 5 };
	static const char *const statuses[] = { "applicant", "reviewing", "active", "suspended",
						"terminated" };
	int st = index < 4    ? 0
		 : index < 8  ? 1
		 : index < 13 ? 3
		 : index < 18 ? 4
		 : index < 42 ? 2
			      : rng_weighted(&d->rng, status_weights, 5);
	x->status = statuses[st];
	x->expiring = (index >= 18 && index < 24) || (st == 2 && rng_chance(&d->rng, 3));
	x->cross_seller = (index >= 24 && index < 28) || rng_chance(&d->rng, 3);
	x->price_violator = (index >= 28 && index < 32) || rng_chance(&d->rng, 4);
	x->payer = (index >= 32 && index < 36) || rng_chance(&d->rng, 4) ? PAYER_BAD
		   : rng_chance(&d->rng, 12)				 ? PAYER_SLOW
									 : PAYER_GOOD;
	x->visit_lapsed = (index >= 36 && index < 42) || rng_chance(&d->rng, 8);

	x->agreement_start = x->agreement_end = x->active_from = x->active_until = 0;
	if (st == 0) {
		x->applied = today - (int32_t)rng_range(&d->rng, 1, 40);
		return;
	}
	if (st == 1) {
		x->applied = today - (int32_t)rng_range(&d->rng, 20, 60);
		return;
	}
	if (st == 4) {
		/* Terminated: some time in the last ten months. */
		x->agreement_start = today - (int32_t)rng_range(&d->rng, 400, 1400);
		x->active_until = today - (int32_t)rng_range(&d->rng, 20, 300);
		x->agreement_end = x->agreement_start + 365 * (int32_t)rng_range(&d->rng, 1, 3);
		x->term_reason = DEMO_PICK(d, demo_status_reason_terminate);
		if (x->agreement_end < x->active_until || !strcmp(x->term_reason, "expired"))
			x->agreement_end = x->active_until;
	} else if (x->expiring) {
		x->agreement_end = today + (int32_t)rng_range(&d->rng, 5, 60);
		x->agreement_start = x->agreement_end - 365 * (int32_t)rng_range(&d->rng, 1, 3);
		x->active_until = today;
	} else {
		x->agreement_start = today - (int32_t)rng_range(&d->rng, 30, 1800);
		int32_t end = x->agreement_start;
		while (end <= today + 60)
			end += 365 * (int32_t)rng_range(&d->rng, 1, 3);
		x->agreement_end = end;
		x->active_until = today;
	}
	if (st == 3)
		x->active_until = today - (int32_t)rng_range(&d->rng, 10, 120);
	x->applied = x->agreement_start - (int32_t)rng_range(&d->rng, 20, 60);
	x->active_from = x->agreement_start > today - 730 ? x->agreement_start : today - 730;
	if (x->active_until < x->active_from)
		x->active_until = x->active_from;
	if (st == 3 && x->payer == PAYER_GOOD)
		x->payer = PAYER_SLOW;
}

static char *demo_stamp(int32_t days, int minutes, char *buf)
{
	return date_format_datetime(date_from_days(days), minutes, buf);
}

static int demo_history(struct demo *d, struct demo_dist *x)
{
	char at[DATETIME_BUF], day[DATE_BUF];
	const char *manager = d->rep_names[rng_below(&d->rng, (uint64_t)d->nmanagers)];
	const char *rep = d->rep_names[x->rep];
	DEMO_INSERT(d, demo_sql_history, db_int(demo_id(d, &d->seq_hist)), db_int(x->id), db_null(),
		    db_text("applicant"), db_text(demo_stamp(x->applied, 600, at)), db_text(rep),
		    db_null(), db_text("提交经销商申请"));
	if (!strcmp(x->status, "applicant"))
		return 0;
	int32_t reviewed = !strcmp(x->status, "reviewing")
				   ? d->today_days - (int32_t)rng_range(&d->rng, 1, 15)
				   : x->agreement_start - (int32_t)rng_range(&d->rng, 5, 15);
	if (reviewed <= x->applied)
		reviewed = x->applied + 1;
	DEMO_INSERT(d, demo_sql_history, db_int(demo_id(d, &d->seq_hist)), db_int(x->id),
		    db_text("applicant"), db_text("reviewing"),
		    db_text(demo_stamp(reviewed, 660, at)), db_text(manager), db_null(),
		    db_text("资料齐全，进入资质审核"));
	int good = x->payer != PAYER_BAD && !x->price_violator;
	int base = good ? 6 : 4;
	/* The six marks are drawn last first, then the id, the order the seed
	 * always drew them in. */
	int mark[6];
	for (int k = 5; k >= 0; k--)
		mark[k] = base - (k == 3) + (int)rng_below(&d->rng, 5);
	int64_t review_id = demo_id(d, &d->seq_review);
	DEMO_INSERT(d, demo_sql_review, db_int(review_id), db_int(x->id),
		    db_text(demo_date(date_from_days(reviewed), day)), db_text(manager),
		    db_int(mark[0]), db_int(mark[1]), db_int(mark[2]), db_int(mark[3]),
		    db_int(mark[4]), db_int(mark[5]),
		    db_text(good ? "综合评估良好" : "资金实力一般，需关注回款"));
	if (!strcmp(x->status, "reviewing"))
		return 0;
	DEMO_INSERT(d, demo_sql_history, db_int(demo_id(d, &d->seq_hist)), db_int(x->id),
		    db_text("reviewing"), db_text("active"),
		    db_text(demo_stamp(x->agreement_start, 600, at)), db_text(manager), db_null(),
		    db_text("签订经销协议"));
	if (!strcmp(x->status, "suspended")) {
		const char *reason = x->payer == PAYER_BAD ? "payment"
				     : x->cross_seller	   ? "breach"
						       : DEMO_PICK(d, demo_status_reason_suspend);
		const char *note = !strcmp(reason, "payment") ? "回款逾期超过90天，暂停供货"
				   : !strcmp(reason, "breach") ? "跨区域窜货，暂停合作整改"
							       : "产品质量投诉未整改";
		DEMO_INSERT(d, demo_sql_history, db_int(demo_id(d, &d->seq_hist)), db_int(x->id),
			    db_text("active"), db_text("suspended"),
			    db_text(demo_stamp(x->active_until, 900, at)), db_text(manager),
			    db_text(reason), db_text(note));
	} else if (!strcmp(x->status, "terminated")) {
		const char *reason = x->term_reason;
		const char *note = !strcmp(reason, "expired")  ? "协议到期未续签"
				   : !strcmp(reason, "breach") ? "多次窜货乱价，终止协议"
							       : "双方协商一致解除合作";
		DEMO_INSERT(d, demo_sql_history, db_int(demo_id(d, &d->seq_hist)), db_int(x->id),
			    db_text("active"), db_text("terminated"),
			    db_text(demo_stamp(x->active_until, 900, at)), db_text(manager),
			    db_text(reason), db_text(note));
	}
	return 0;
}

static int demo_distributor_row(struct demo *d, struct demo_dist *x)
{
	static const char *const types[] = { "distributor", "dealer", "agent", "retailer" };
	static const int type_weights[] = { 50, 25, 10, 15 };
	static const int64_t credit[] = { 50000000, 20000000, 8000000, 3000000 };
	const char *province = d->prov_names[d->terr_province[x->terr]];
	char phone[16], address[200], start[DATE_BUF], end[DATE_BUF], created[DATETIME_BUF];
	char plain[64];
	demo_plain_province(province, plain, sizeof plain);
	int city = d->terr_city[x->terr];
	snprintf(address, sizeof address, "%s%s%s%u号", province,
		 city >= 0 ? demo_cities[city].name : "", DEMO_PICK(d, demo_roads),
		 (unsigned)rng_range(&d->rng, 1, 999));
	demo_phone(d, phone, sizeof phone);
	char *sort_key = pinyin_sort_key(x->name);
	char *search_key = pinyin_search_key(x->code, x->name, x->contact, phone);
	const char *notes = x->price_violator ? "注意：曾有低价销售记录"
			    : x->cross_seller ? "注意：曾向邻区发货"
					      : "";
	DEMO_INSERT(
		d, demo_sql_distributor, db_int(x->id), db_text(x->code), db_text(x->name),
		db_text(types[rng_weighted(&d->rng, type_weights, 4)]),
		db_text((const char[]){ (char)('A' + x->tier), 0 }), db_text(x->status),
		db_text(x->contact), db_text(phone), db_text(address), db_int(d->terr_ids[x->terr]),
		db_int(d->rep_ids[x->rep]), db_int(credit[x->tier]),
		db_text(x->agreement_start ? demo_date(date_from_days(x->agreement_start), start)
					   : NULL),
		db_text(x->agreement_end ? demo_date(date_from_days(x->agreement_end), end) : NULL),
		db_int(x->every), db_text(notes), db_text(sort_key), db_text(search_key),
		db_text(demo_stamp(x->applied, 600, created)), db_text(created));
	free(sort_key);
	free(search_key);
	return 0;
}

/* ---- business over time ----------------------------------------------- */

/* Seasonal factor in percent: the run-up to Spring Festival sells most. */
static int demo_season(int month)
{
	static const int f[] = { 135, 90, 85, 95, 100, 105, 100, 95, 110, 105, 100, 125 };
	return f[month - 1];
}

static int demo_targets(struct demo *d, struct demo_dist *x)
{
	qd_date from = date_from_days(x->active_from), today = d->today;
	/* Targets run to the end of this year, or to the month business stopped. */
	qd_date until = strcmp(x->status, "active") ? date_from_days(x->active_until)
						    : (qd_date){ today.y, 12, 31 };
	int first_year = from.y;
	char created[DATE_BUF], period[PERIOD_BUF];
	demo_date(date_from_days(x->active_from), created);
	for (int y = first_year; y <= until.y; y++) {
		int64_t quarter[4] = { 0 }, year = 0;
		int m0 = y == first_year ? from.m : 1;
		int m1 = y == until.y ? until.m : 12;
		for (int m = m0; m <= m1; m++) {
			/* Targets ask a little more than the typical month. */
			int64_t t = x->monthly_fen * demo_season(m) / 100 * 110 / 100;
			t -= t % 100000; /* whole thousands of yuan */
			qd_period p = { PERIOD_MONTH, y, m };
			DEMO_INSERT(d, demo_sql_target, db_int(demo_id(d, &d->seq_target)),
				    db_int(x->id), db_text(period_format(p, period)), db_int(t),
				    db_text(created));
			quarter[(m - 1) / 3] += t;
			year += t;
			d->n->targets++;
		}
		for (int q = (m0 - 1) / 3; q <= (m1 - 1) / 3; q++) {
			qd_period p = { PERIOD_QUARTER, y, q + 1 };
			DEMO_INSERT(d, demo_sql_target, db_int(demo_id(d, &d->seq_target)),
				    db_int(x->id), db_text(period_format(p, period)),
				    db_int(quarter[q]), db_text(created));
			d->n->targets++;
		}
		qd_period p = { PERIOD_YEAR, y, 0 };
		DEMO_INSERT(d, demo_sql_target, db_int(demo_id(d, &d->seq_target)), db_int(x->id),
			    db_text(period_format(p, period)), db_int(year), db_text(created));
		d->n->targets++;
	}
	return 0;
}

static int demo_order(struct demo *d, struct demo_dist *x, int32_t day, int64_t value,
		      int64_t *billed)
{
	char date[DATE_BUF], order_no[24];
	int32_t age = d->today_days - day;
	const char *status = rng_chance(&d->rng, 2) ? "cancelled"
			     : age > 7		    ? "delivered"
			     : age > 1		    ? "shipped"
						    : "open";
	int ship = x->terr;
	if (x->cross_seller && rng_chance(&d->rng, 15)) {
		/* 窜货: shipped into a neighbour's territory. */
		do
			ship = demo_pick_territory(d);
		while (ship == x->terr);
	}
	int nlines = 1 + (int)rng_below(&d->rng, 3) + (x->tier == 0);
	int64_t order_id = demo_id(d, &d->seq_order);
	int64_t total = 0;
	demo_date(date_from_days(day), date);
	/* Lines first in memory, the order row needs their total. */
	struct {
		int product;
		int64_t qty, price;
	} lines[4];
	int first = (int)rng_below(&d->rng, DEMO_NPROD);
	for (int i = 0; i < nlines; i++) {
		int pi = (first + i * 7) % DEMO_NPROD;
		int64_t retail = (int64_t)demo_products[pi].retail_yuan_x10 * 10;
		int64_t price = retail * (62 + 4 * x->tier) / 100;
		if (rng_chance(&d->rng, 10))
			price = price * 95 / 100; /* promotion */
		int64_t qty = value / nlines / (price > 0 ? price : 1);
		lines[i].product = pi;
		lines[i].qty = qty > 0 ? qty : 1;
		lines[i].price = price;
		total += lines[i].qty * price;
	}
	snprintf(order_no, sizeof order_no, "SO%010lld", (long long)++d->order_no);
	/* Goods leave the warehouse a day after the order. */
	char shipped[DATE_BUF];
	bool has_ship = !strcmp(status, "shipped") || !strcmp(status, "delivered");
	int32_t ship_day = day + 1 < d->today_days ? day + 1 : d->today_days;
	DEMO_INSERT(d, demo_sql_order, db_int(order_id), db_text(order_no), db_int(x->id),
		    db_text(date), db_int(d->terr_ids[ship]), db_text(status), db_int(total),
		    db_text(has_ship ? demo_date(date_from_days(ship_day), shipped) : NULL));
	for (int i = 0; i < nlines; i++)
		DEMO_INSERT(d, demo_sql_line, db_int(demo_id(d, &d->seq_line)), db_int(order_id),
			    db_int(d->product_ids[lines[i].product]), db_int(lines[i].qty),
			    db_int(lines[i].price), db_text(date));
	d->n->orders++;
	d->n->order_lines += nlines;
	if (strcmp(status, "cancelled"))
		*billed += total;
	return 0;
}

/* The month's statement and how it was paid. */
static int demo_statement(struct demo *d, struct demo_dist *x, qd_date month, int64_t billed)
{
	if (billed <= 0)
		return 0;
	char invoice[48], due_s[DATE_BUF], issued[DATE_BUF], paid_s[DATE_BUF], ref[64];
	qd_date end = { month.y, month.m, date_days_in_month(month.y, month.m) };
	qd_date due = date_add_months(end, 1);
	due.d = date_days_in_month(due.y, due.m);
	/* Numbered in sequence, as an ERP does; it also keeps the unique index
	 * appending rather than inserting at random. */
	snprintf(invoice, sizeof invoice, "INV%04d%02d-%08lld", month.y, month.m,
		 (long long)++d->invoice_no);
	DEMO_INSERT(d, demo_sql_due, db_int(demo_id(d, &d->seq_due)), db_int(x->id),
		    db_text(invoice), db_text(demo_date(due, due_s)), db_int(billed),
		    db_text(demo_date(end, issued)));
	d->n->amounts_due++;

	int32_t due_days = date_to_days(due);
	int32_t paid = due_days;
	int64_t amount = billed;
	switch (x->payer) {
	case PAYER_GOOD:
		paid = due_days - (int32_t)rng_range(&d->rng, 0, 12);
		break;
	case PAYER_SLOW:
		paid = due_days + (int32_t)rng_range(&d->rng, 15, 75);
		break;
	case PAYER_BAD:
		/* Pays part, late, and stops paying in the last months. */
		if (due_days > d->today_days - 150)
			return 0;
		paid = due_days + (int32_t)rng_range(&d->rng, 30, 90);
		amount = billed * (50 + (int64_t)rng_below(&d->rng, 40)) / 100;
		break;
	}
	if (paid > d->today_days || amount <= 0)
		return 0;
	int parts = amount > 10000000 && rng_chance(&d->rng, 30) ? 2 : 1;
	for (int i = 0; i < parts; i++) {
		int64_t part = parts == 2 ? (i == 0 ? amount / 2 : amount - amount / 2) : amount;
		snprintf(ref, sizeof ref, "%s%s", invoice, parts == 2 ? (i ? "/2" : "/1") : "");
		DEMO_INSERT(
			d, demo_sql_payment, db_int(demo_id(d, &d->seq_payment)), db_int(x->id),
			db_text(demo_date(date_from_days(paid - (parts == 2 && i == 0 ? 10 : 0)),
					  paid_s)),
			db_int(part), db_text(ref), db_text(invoice));
		d->n->payments++;
	}
	return 0;
}

static int demo_orders(struct demo *d, struct demo_dist *x)
{
	static const int per_month_x10[] = { 23, 14, 8, 5 };
	qd_date from = date_from_days(x->active_from);
	int32_t last = x->active_until < d->today_days ? x->active_until : d->today_days;
	qd_date month = { from.y, from.m, 1 };
	while (date_to_days(month) <= last) {
		int dim = date_days_in_month(month.y, month.m);
		int32_t m_first = date_to_days(month), m_last = m_first + dim - 1;
		int32_t lo = m_first > x->active_from ? m_first : x->active_from;
		int32_t hi = m_last < last ? m_last : last;
		int rate = per_month_x10[x->tier];
		int k = rate / 10 + (rng_below(&d->rng, 10) < (uint64_t)(rate % 10));
		int64_t value = x->monthly_fen * demo_season(month.m) / 100 * x->perf / 100;
		int64_t billed = 0;
		for (int i = 0; i < k && hi >= lo; i++)
			if (demo_order(d, x, (int32_t)rng_range(&d->rng, lo, hi), value / k,
				       &billed))
				return -1;
		if (m_last < d->today_days && demo_statement(d, x, month, billed))
			return -1;
		month = date_add_months(month, 1);
	}
	return 0;
}

static int demo_visit_details(struct demo *d, struct demo_dist *x, int64_t visit_id, int32_t day)
{
	char date[DATE_BUF];
	demo_date(date_from_days(day), date);
	int first = (int)rng_below(&d->rng, DEMO_NPROD);
	int n = 3;
	for (int i = 0; i < n; i++) {
		int pi = (first + i * 5) % DEMO_NPROD;
		int64_t retail = (int64_t)demo_products[pi].retail_yuan_x10 * 10;
		int64_t shelf = retail * (97 + (int64_t)rng_below(&d->rng, 7)) / 100;
		if (x->price_violator && rng_chance(&d->rng, 40))
			shelf = retail * (70 + (int64_t)rng_below(&d->rng, 15)) / 100; /* 乱价 */
		/* The count before the id: the order the seed always drew them in. */
		int64_t count = (int64_t)rng_range(&d->rng, 0, 300);
		int64_t inv_id = demo_id(d, &d->seq_inv);
		DEMO_INSERT(d, demo_sql_inventory, db_int(inv_id), db_int(visit_id),
			    db_int(d->product_ids[pi]), db_int(count), db_text(date));
		DEMO_INSERT(d, demo_sql_price, db_int(demo_id(d, &d->seq_price)), db_int(visit_id),
			    db_int(d->product_ids[pi]), db_int(shelf), db_text(date));
	}
	return 0;
}

/* What was checked, found and agreed, now and then with a next step. */
static void demo_visit_summary(struct demo *d, struct demo_dist *x, char *buf, size_t size)
{
	const struct demo_theme *t = x->price_violator && rng_chance(&d->rng, 30)
					     ? &demo_price_theme
					     : &demo_themes[rng_below(&d->rng, DEMO_NTHEMES)];
	const struct demo_check *c = &t->checked[rng_below(&d->rng, 3)];
	const char *product =
		c->after ? demo_products[rng_below(&d->rng, DEMO_NPROD)].short_name : "";
	const char *outcome = t->outcomes[rng_below(&d->rng, 5)];
	const char *tail = rng_chance(&d->rng, 30) ? DEMO_PICK(d, demo_summary_tails) : "";
	snprintf(buf, size, "%s%s%s，%s。%s", c->before, product, c->after ? c->after : "", outcome,
		 tail);
}

static void demo_coaching_note(struct demo *d, char *buf, size_t size)
{
	const char *advice = DEMO_PICK(d, demo_coaching_advice);
	if (rng_chance(&d->rng, 60))
		snprintf(buf, size, "%s；%s。", DEMO_PICK(d, demo_coaching_praise), advice);
	else
		snprintf(buf, size, "%s。", advice);
}

static int demo_visits(struct demo *d, struct demo_dist *x)
{
	if (!x->active_from)
		return 0;
	int32_t today = d->today_days;
	int32_t start = x->active_from;
	/* The large demo keeps the recent quarter: 500,000 visits in all. */
	if (d->o->size == DEMO_LARGE && start < today - 95)
		start = today - 95;
	int active_now = !strcmp(x->status, "active");
	int32_t end = active_now ? today + 30 : x->active_until;
	int32_t stop_visiting = x->visit_lapsed ? today - (x->every * 2 + 20) : end;
	char at[DATETIME_BUF], created[DATE_BUF];
	for (int32_t day = start + (int32_t)rng_below(&d->rng, (uint64_t)x->every); day <= end;
	     day += x->every) {
		int32_t v = day + (int32_t)rng_range(&d->rng, -2, 2);
		qd_date vd = date_from_days(v);
		int wd = date_weekday(vd);
		if (wd > 5)
			v += 8 - wd; /* weekends move to Monday */
		if (v > end || (v < today && v > stop_visiting))
			continue;
		if (v >= today && x->visit_lapsed && v < today + 7)
			continue;
		const char *status;
		int score = -1;
		if (v >= today) {
			status = v > today + 7 ? "planned" : "confirmed";
		} else {
			int r = (int)rng_below(&d->rng, 100);
			status = r < 85 ? "done" : r < 95 ? "missed" : "cancelled";
			if (r < 85)
				score = x->price_violator ? 45 + (int)rng_below(&d->rng, 30)
							  : 60 + (int)rng_below(&d->rng, 41);
		}
		int64_t visit_id = demo_id(d, &d->seq_visit);
		int minutes =
			(9 + (int)rng_below(&d->rng, 8)) * 60 + (rng_chance(&d->rng, 50) ? 30 : 0);
		char summary[320] = "", coaching[160] = "";
		if (score >= 0) {
			demo_visit_summary(d, x, summary, sizeof summary);
			if (rng_chance(&d->rng, 20))
				demo_coaching_note(d, coaching, sizeof coaching);
		}
		/* Plans are made about two weeks ahead. */
		demo_date(date_from_days(v - 14), created);
		sqlite3_stmt *st = db_stmt(d->db, demo_sql_visit);
		if (!st ||
		    db_bind(d->db, st, db_int(visit_id), db_int(x->id), db_int(d->rep_ids[x->rep]),
			    db_text(demo_stamp(v, minutes, at)), db_text(status),
			    db_text(DEMO_PICK(d, demo_purposes)), db_text(summary),
			    db_text(coaching), db_null(), db_text(created)) ||
		    (score >= 0 && sqlite3_bind_int(st, 9, score) != SQLITE_OK) ||
		    db_run(d->db, st))
			return -1;
		d->n->visits++;
		if (score >= 0 && demo_visit_details(d, x, visit_id, v))
			return -1;
	}
	return 0;
}

static int demo_incident(struct demo *d, struct demo_dist *x, const char *kind,
			 const char *severity, const char *description, const char *resolution)
{
	int32_t last = x->active_until ? x->active_until : d->today_days;
	int32_t day = (int32_t)rng_range(&d->rng, x->active_from, last);
	int open = d->today_days - day < 45 && rng_chance(&d->rng, 60);
	char occurred[DATE_BUF], resolved[DATE_BUF];
	int32_t res = day + (int32_t)rng_range(&d->rng, 1, 30);
	if (res > d->today_days)
		res = d->today_days;
	DEMO_INSERT(d, demo_sql_incident, db_int(demo_id(d, &d->seq_incident)), db_int(x->id),
		    db_text(demo_date(date_from_days(day), occurred)), db_text(kind),
		    db_text(severity), db_text(open ? "open" : "resolved"), db_text(description),
		    db_text(open ? "" : resolution),
		    db_text(open ? NULL : demo_date(date_from_days(res), resolved)));
	d->n->incidents++;
	return 0;
}

static int demo_incidents(struct demo *d, struct demo_dist *x)
{
	if (!x->active_from)
		return 0;
	if (x->price_violator) {
		int n = 1 + (int)rng_below(&d->rng, 2);
		for (int i = 0; i < n; i++)
			if (demo_incident(d, x, "price_violation", "high",
					  "终端货架价低于建议零售价20%以上，扰乱区域价格体系",
					  "已约谈经销商，价格恢复至政策范围"))
				return -1;
	}
	if (x->cross_seller &&
	    demo_incident(d, x, "cross_territory", "high", "发现货物流入邻近区域销售（窜货）",
			  "追回窜货批次，扣减当季返利"))
		return -1;
	if (rng_chance(&d->rng, 8) &&
	    demo_incident(d, x, "return", "low", "临期产品退货申请", "已办理退货并补发新货"))
		return -1;
	if (rng_chance(&d->rng, 5) &&
	    demo_incident(d, x, "quality", "medium", "客户反映包装破损漏液",
			  "确认为运输破损，已补货"))
		return -1;
	if (rng_chance(&d->rng, 6) &&
	    demo_incident(d, x, "complaint", "medium", "零售终端投诉送货不及时",
			  "已与物流商调整配送时间"))
		return -1;
	return 0;
}

static int demo_training(struct demo *d, struct demo_dist *x)
{
	if (!x->active_from)
		return 0;
	int chance = d->o->size == DEMO_LARGE ? 10 : 30;
	for (int i = 0; i < d->ntrainings; i++) {
		int32_t held = date_to_days(d->training_dates[i]);
		if (held < x->active_from || held > x->active_until || held > d->today_days ||
		    !rng_chance(&d->rng, chance))
			continue;
		char date[DATE_BUF];
		DEMO_INSERT(d, demo_sql_attend, db_int(demo_id(d, &d->seq_attend)),
			    db_int(d->training_ids[i]), db_int(x->id), db_text(x->contact),
			    db_text(demo_date(d->training_dates[i], date)));
	}
	return 0;
}

static int demo_exclusive(struct demo *d, struct demo_dist *x)
{
	if (x->tier != 0 || strcmp(x->status, "active") || !rng_chance(&d->rng, 40))
		return 0;
	int c = (int)rng_below(&d->rng, 4);
	if (d->exclusive_taken[x->terr][c])
		return 0;
	d->exclusive_taken[x->terr][c] = 1;
	/* Nor one in the province of a city that has it, or in a city of a
	 * province that has it: the company does not grant rights that
	 * conflict. (The id is drawn all the same, so everything after stays
	 * as it was.) */
	for (int t = 0; t < d->nterr; t++)
		if (t != x->terr && d->exclusive_taken[t][c] &&
		    d->terr_province[t] == d->terr_province[x->terr] &&
		    (d->terr_city[t] < 0 || d->terr_city[x->terr] < 0)) {
			demo_id(d, &d->seq_excl);
			return 0;
		}
	char start[DATE_BUF], end[DATE_BUF];
	DEMO_INSERT(d, demo_sql_exclusive, db_int(demo_id(d, &d->seq_excl)), db_int(x->id),
		    db_int(d->terr_ids[x->terr]), db_text(demo_categories[c]),
		    db_text(demo_date(date_from_days(x->agreement_start), start)),
		    db_text(demo_date(date_from_days(x->agreement_end), end)));
	return 0;
}

static int demo_distributor(struct demo *d, int64_t index)
{
	struct demo_dist x;
	memset(&x, 0, sizeof x);
	x.id = demo_id(d, &d->seq_dist);
	demo_shape(d, &x, index);
	if (demo_distributor_row(d, &x) || demo_history(d, &x))
		return -1;
	d->n->distributors++;
	if (!x.active_from)
		return 0;
	if (demo_targets(d, &x) || demo_orders(d, &x) || demo_visits(d, &x) ||
	    demo_incidents(d, &x) || demo_training(d, &x) || demo_exclusive(d, &x))
		return -1;
	return 0;
}

/* Secondary indexes that would take rows in random order during the build:
 * dropped first and made again at the end, which sorts once instead. */
static const char *const demo_late_indexes[] = {
	"orders_ship_territory",
	"visits_date",
	"visits_rep",
	"distributors_sort",
	"distributors_tier",
	"distributors_status_order",
	"distributors_territory",
	"distributors_owner",
	"distributors_status",
	"distributors_agreement_end",
	"distributors_territory_key",
	"distributors_owner_key",
	"distributor_stats_last_visit",
};
enum { DEMO_NLATE = sizeof demo_late_indexes / sizeof demo_late_indexes[0] };

/* Drops the late indexes, keeping their SQL in sql[] (the caller frees it). */
static int demo_drop_indexes(qd_db *db, char *sql[DEMO_NLATE])
{
	static const char find[] =
		"SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1";
	for (int i = 0; i < DEMO_NLATE; i++) {
		sqlite3_stmt *st = db_stmt(db, find);
		if (!st || db_bind(db, st, db_text(demo_late_indexes[i])))
			return -1;
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			return db_fail(db, DB_ERROR, 0, "no index %s", demo_late_indexes[i]);
		}
		sql[i] = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		char *drop = sqlite3_mprintf("DROP INDEX \"%w\"", demo_late_indexes[i]);
		int rc = db_exec(db, drop);
		sqlite3_free(drop);
		if (rc)
			return -1;
	}
	return 0;
}

static int demo_create_indexes(qd_db *db, char *sql[DEMO_NLATE])
{
	for (int i = 0; i < DEMO_NLATE; i++)
		if (db_exec(db, sql[i]))
			return -1;
	return 0;
}

int db_demo_build(qd_db *db, const struct demo_options *o, struct demo_counts *counts)
{
	char *late[DEMO_NLATE] = { 0 };
	/* A new file holds only the provinces its schema brings. */
	int64_t existing =
		db_count(db, "distributors") + db_count(db, "regions") + db_count(db, "reps");
	if (existing != 0)
		return db_fail(db, DB_ERROR, 0,
			       _("The database %s already holds data; the demo needs a new file."),
			       db_path(db));
	struct demo *d = xcalloc(1, sizeof *d);
	int64_t ndist = o->count > 0 ? o->count : o->size == DEMO_LARGE ? 100000 : 300;
	d->db = db;
	d->o = o;
	d->n = counts;
	memset(counts, 0, sizeof *counts);
	d->today = o->today;
	d->today_days = date_to_days(o->today);
	rng_seed(&d->rng, o->seed);
	d->nreps = ndist / 250 > 15 ? (int)(ndist / 250) : 17;
	d->nmanagers = d->nreps / 20 > 2 ? d->nreps / 20 : 2;
	d->rep_ids = xcalloc((size_t)d->nreps, sizeof *d->rep_ids);
	d->rep_region = xcalloc((size_t)d->nreps, sizeof *d->rep_region);
	d->rep_names = xcalloc((size_t)d->nreps, sizeof *d->rep_names);
	d->total_work = ndist;

	struct {
		struct demo_seq *s;
		int64_t per_dist, fixed;
	} seqs[] = {
		{ &d->seq_region, 0, 4 },     { &d->seq_territory, 0, 64 },
		{ &d->seq_rep, 0, d->nreps }, { &d->seq_dist, 1, 0 },
		{ &d->seq_hist, 4, 0 },	      { &d->seq_review, 1, 0 },
		{ &d->seq_product, 0, 32 },   { &d->seq_excl, 0, 512 },
		{ &d->seq_target, 40, 0 },    { &d->seq_order, 25, 0 },
		{ &d->seq_line, 60, 0 },      { &d->seq_payment, 30, 0 },
		{ &d->seq_due, 25, 0 },	      { &d->seq_visit, o->size == DEMO_LARGE ? 8 : 60, 0 },
		{ &d->seq_inv, 180, 0 },      { &d->seq_price, 180, 0 },
		{ &d->seq_incident, 4, 0 },   { &d->seq_training, 0, 16 },
		{ &d->seq_attend, 8, 0 },     { &d->seq_rebate, 0, 8 },
	};
	for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++)
		demo_seq_init(d, seqs[i].s, seqs[i].per_dist * ndist + seqs[i].fixed);

	char stamp[DATETIME_BUF];
	date_format_datetime(date_add_days(o->today, -760), 540, stamp);
	int rc = -1;
	/* A new file built in one go: no need for a journal on disk while building,
	 * nor for a parent lookup per row: the generator makes its own parents
	 * first, and its tests run the foreign-key check on what it builds. */
	/* The demo is the head office's starting data, not a change to send
	 * anywhere: nothing is recorded for sync. */
	db_capture_pause(db);
	if (db_exec(db, "PRAGMA foreign_keys = OFF; PRAGMA journal_mode = MEMORY;"
			"PRAGMA synchronous = OFF;"
			"PRAGMA cache_size = -524288;") ||
	    db_write_begin(db))
		goto out;
	/* Summaries are computed once at the end, not per row. */
	if (demo_drop_indexes(db, late) || db_kept_pause(db) || demo_world(d, stamp))
		goto fail;
	for (int64_t i = 0; i < ndist; i++) {
		if (demo_distributor(d, i))
			goto fail;
		if ((i & 255) == 255 || i + 1 == ndist)
			demo_progress(d, _("distributors"), (i & 255) + 1);
	}
	/* Each rep covers its team's territories. */
	{
		int64_t row = 0;
		static const char cover_sql[] =
			"INSERT INTO rep_territories(id, rep_id, territory_id) VALUES (?1, ?2, ?3)";
		for (int t = 0; t < d->nterr; t++)
			for (int k = 0; k < d->terr_nreps[t]; k++) {
				sqlite3_stmt *st = db_stmt(db, cover_sql);
				if (!st ||
				    db_bind(db, st, db_int(++row),
					    db_int(d->rep_ids[d->terr_reps[t][k]]),
					    db_int(d->terr_ids[t])) ||
				    db_run(db, st))
					goto fail;
			}
	}
	if (o->progress)
		o->progress(o->progress_ctx, _("summaries"), 1.0);
	if (demo_create_indexes(db, late) || db_kept_resume(db))
		goto fail;
	if (db_write_end(db, DB_OK))
		goto out;
	/* The demo's database is the head office's. Its name is data, shown in
	 * whichever language the screens are in later: both, as a Chinese
	 * company writes a sign. */
	if (db_device_id(db) && db_sync_set_identity(db, db_device_id(db), "总部 Head office", 0, 0))
		goto out;
	if (db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
			"PRAGMA synchronous = NORMAL;"
			"PRAGMA cache_size = -2000; PRAGMA optimize;"))
		goto out;
	rc = 0;
	goto out;
fail:
	db_write_end(db, db_errcode(db) ? db_errcode(db) : DB_ERROR);
out:
	db_capture_resume(db);
	for (int i = 0; i < DEMO_NLATE; i++)
		free(late[i]);
	for (int i = 0; i < d->nreps; i++)
		free(d->rep_names[i]);
	free(d->rep_names);
	free(d->rep_ids);
	free(d->rep_region);
	for (int t = 0; t < DEMO_NPROV + DEMO_NCITY; t++)
		free(d->terr_reps[t]);
	free(d);
	return rc;
}

/* ---- putting the new file in place ------------------------------------- */

/* Size of the file at path: 1 and *size when it is there, 0 when it is not,
 * -1 when it cannot be told. */
static int demo_file_size(const char *path, off_t *size)
{
	struct stat sb;
	if (lstat(path, &sb) == 0) {
		*size = sb.st_size;
		return 1;
	}
	return errno == ENOENT ? 0 : -1;
}

/* Is the file at path an SQLite database, or empty (which SQLite takes for a
 * new one)? 1, 0, or -1 when it cannot be read. */
static int demo_is_sqlite(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	char head[16];
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	if (n < 0)
		return -1;
	return n == 0 || (n == (ssize_t)sizeof head && !memcmp(head, "SQLite format 3", 16));
}

static char *demo_in_use(const char *path)
{
	return xasprintf(_("%s is in use by another program; close it there and try again. "
			   "Nothing was changed."),
			 path);
}

/* Opens the old database at path as SQLite does (a hot rollback journal is
 * rolled back, a WAL is opened), checkpoints its WAL completely and closes it.
 * Closing the last connection removes the WAL and shared-memory files, so when
 * they are still there afterwards another program has the file open. 0, or
 * -1 with *err set. */
static int demo_settle(const char *path, char **err)
{
	sqlite3 *h = NULL;
	int busy = 0;
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK) {
		/* An old file is untrusted like any other: no code from its schema. */
		sqlite3_extended_result_codes(h, 1);
		sqlite3_busy_timeout(h, 2000);
		sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
		sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
		rc = sqlite3_exec(h, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK) {
		sqlite3_stmt *st;
		rc = sqlite3_prepare_v2(h, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW) {
				busy = sqlite3_column_int(st, 0);
				rc = SQLITE_OK;
			}
			sqlite3_finalize(st);
		}
	}
	if (rc != SQLITE_OK) {
		int primary = rc & 0xff;
		if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
			*err = demo_in_use(path);
		else
			*err = xasprintf(
				_("Cannot replace %s: what was committed to it could not "
				  "be saved into it first (%s). Nothing was changed; if it "
				  "is not needed, remove it and its -wal file yourself."),
				path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return -1;
	}
	sqlite3_close(h);
	if (busy) {
		*err = demo_in_use(path);
		return -1;
	}
	return 0;
}

int db_demo_install(const char *built, const char *path, char **err)
{
	static const char *const sides[] = { "-wal", "-journal", "-shm" };
	enum { SIDE_WAL, SIDE_JOURNAL, SIDE_SHM, NSIDES };
	char *side[NSIDES];
	int rc = -1;
	*err = NULL;
	for (int i = 0; i < NSIDES; i++)
		side[i] = xasprintf("%s%s", path, sides[i]);

	struct stat sb;
	int sqlite_file = 0;
	if (lstat(path, &sb) == 0) {
		if (!S_ISREG(sb.st_mode)) {
			*err = xasprintf(_("%s is not a regular file; give --db the path of a "
					   "database file."),
					 path);
			goto out;
		}
		sqlite_file = demo_is_sqlite(path);
		if (sqlite_file < 0) {
			*err = xasprintf(_("Cannot read the database %s: %s."), path,
					 strerror(errno));
			goto out;
		}
		if (sqlite_file && demo_settle(path, err))
			goto out;
	} else if (errno != ENOENT) {
		*err = xasprintf(_("Cannot read the database %s: %s."), path, strerror(errno));
		goto out;
	}

	/* A WAL still there belongs to another program that has the file open
	 * (closing the last connection removed it); a journal with something in
	 * it is a transaction in progress or, beside a file that is not SQLite's,
	 * a stray one. SQLite would apply either to the new file. */
	for (int i = SIDE_WAL; i <= SIDE_JOURNAL; i++) {
		off_t size = 0;
		int there = demo_file_size(side[i], &size);
		if (there < 0 || (there && (size > 0 || (sqlite_file && i == SIDE_WAL)))) {
			*err = sqlite_file ? demo_in_use(path)
					   : xasprintf(_("%s holds changes of a database that is "
							 "not there; move it away and try again. "
							 "Nothing was changed."),
						       side[i]);
			goto out;
		}
	}
	/* Only empty leftovers remain: removed before the rename, so nothing of
	 * the old file is ever beside the new one, and nothing a program opening
	 * the new one makes is removed. */
	for (int i = 0; i < NSIDES; i++)
		if (unlink(side[i]) && errno != ENOENT) {
			*err = xasprintf(_("Cannot remove %s: %s."), side[i], strerror(errno));
			goto out;
		}
	if (rename(built, path)) {
		*err = xasprintf(_("Cannot move the demo database into place at %s: %s."), path,
				 strerror(errno));
		goto out;
	}
	rc = 0;
out:
	for (int i = 0; i < NSIDES; i++)
		free(side[i]);
	return rc;
}
