/* The columns of records in files, their names in English and Chinese, and
 * header matching. */
#include "qudao/columns.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uninorm.h>
#include <unistr.h>

#include "qudao/i18n.h"
#include "qudao/refdata.h"
#include "qudao/xalloc.h"

#define KIND(var, name, cols) \
	const struct record_kind var = { name, cols, (int)(sizeof cols / sizeof cols[0]) }

/* clang-format off */
static const struct column region_cols[REGION_NCOLS] = {
	[REGION_CODE] = { "code", "编码", "代码|编号|大区编码|大区代码|region code", true, COLTYPE_CODE,
		N_("the region's code") },
	[REGION_NAME] = { "name", "名称", "大区名称|大区|region", true, COLTYPE_TEXT,
		N_("its name") },
	[REGION_ACTIVE] = { "active", "启用", "是否启用|有效|status|状态", false, COLTYPE_BOOL,
		N_("1 in use, 0 deactivated (default 1)") },
};
KIND(columns_regions, "regions", region_cols);

static const struct column territory_cols[TERR_NCOLS] = {
	[TERR_CODE] = { "code", "编码", "代码|编号|区域编码|区域代码|territory code", true,
		COLTYPE_CODE, N_("the territory's code") },
	[TERR_NAME] = { "name", "名称", "区域名称|territory", true, COLTYPE_TEXT, N_("its name") },
	[TERR_LEVEL] = { "level", "级别", "层级|类型", true, COLTYPE_TEXT,
		N_("province, city or district") },
	[TERR_PARENT] = { "parent", "上级区域", "上级|上级编码|上级区域编码|parent code", false,
		COLTYPE_CODE, N_("the code of the territory above it (none for a province)") },
	[TERR_REGION] = { "region", "大区", "大区编码|region code", false, COLTYPE_CODE,
		N_("the code of its region") },
	[TERR_SHORT] = { "short_name", "简称", "short", true, COLTYPE_TEXT,
		N_("one or two characters for the map") },
	[TERR_NAME_EN] = { "name_en", "英文名称", "english name|英文名", false, COLTYPE_TEXT,
		N_("its English name") },
	[TERR_SHORT_EN] = { "short_en", "英文简称", "english short name", false, COLTYPE_TEXT,
		N_("up to four letters for the map in English") },
	[TERR_GRID_ROW] = { "grid_row", "网格行", "row|行", false, COLTYPE_INT,
		N_("its row on the map grid, 0 to 63") },
	[TERR_GRID_COL] = { "grid_col", "网格列", "grid column|column|col|列", false, COLTYPE_INT,
		N_("its column on the map grid, 0 to 63") },
	[TERR_ACTIVE] = { "active", "启用", "是否启用|有效|status|状态", false, COLTYPE_BOOL,
		N_("1 in use, 0 deactivated (default 1)") },
};
KIND(columns_territories, "territories", territory_cols);

static const struct column rep_cols[REP_NCOLS] = {
	[REP_CODE] = { "code", "编码", "代码|编号|工号|员工编号|业务员编码|rep code", true, COLTYPE_CODE,
		N_("the rep's code") },
	[REP_NAME] = { "name", "姓名", "名称|业务员|业务员姓名|rep", true, COLTYPE_TEXT,
		N_("their name") },
	[REP_ROLE] = { "role", "角色", "职务|岗位", false, COLTYPE_TEXT,
		N_("rep or manager (default rep)") },
	[REP_REGION] = { "region", "大区", "大区编码|region code", false, COLTYPE_CODE,
		N_("the code of their region") },
	[REP_PHONE] = { "phone", "电话", "手机|手机号|联系电话|mobile", false, COLTYPE_TEXT,
		N_("their phone number") },
	[REP_TERRITORIES] = { "territories", "负责区域", "覆盖区域|区域|covers", false, COLTYPE_CODE,
		N_("the codes of the territories they cover, separated by commas") },
	[REP_ACTIVE] = { "active", "启用", "是否启用|在职|有效|status|状态", false, COLTYPE_BOOL,
		N_("1 in use, 0 deactivated (default 1)") },
};
KIND(columns_reps, "reps", rep_cols);

static const struct column product_cols[PROD_NCOLS] = {
	[PROD_SKU] = { "sku", "货号", "code|编码|代码|产品编码|商品编码|产品代码|product code", true,
		COLTYPE_CODE, N_("the product's code") },
	[PROD_NAME] = { "name", "名称", "品名|产品名称|商品名称|product", true, COLTYPE_TEXT,
		N_("its name") },
	[PROD_CATEGORY] = { "category", "品类", "类别|分类|产品类别", true, COLTYPE_TEXT,
		N_("its category") },
	[PROD_UNIT] = { "unit", "单位", "计量单位", false, COLTYPE_TEXT, N_("its unit (箱, case)") },
	[PROD_PRICE_A] = { "price_a", "A级价", "tier a|a price|一级价|A级", true, COLTYPE_MONEY,
		N_("the list price for tier A, in yuan") },
	[PROD_PRICE_B] = { "price_b", "B级价", "tier b|b price|二级价|B级", true, COLTYPE_MONEY,
		N_("the list price for tier B, in yuan") },
	[PROD_PRICE_C] = { "price_c", "C级价", "tier c|c price|三级价|C级", true, COLTYPE_MONEY,
		N_("the list price for tier C, in yuan") },
	[PROD_PRICE_D] = { "price_d", "D级价", "tier d|d price|四级价|D级", true, COLTYPE_MONEY,
		N_("the list price for tier D, in yuan") },
	[PROD_RETAIL] = { "retail", "建议零售价", "retail price|suggested retail|零售价", true,
		COLTYPE_MONEY, N_("the suggested retail price, in yuan") },
	[PROD_TOLERANCE] = { "tolerance", "价格容差", "price tolerance|容差|tol. %|容差%", false, COLTYPE_DECIMAL,
		N_("how far a price may stray, in percent (default 5)") },
	[PROD_ACTIVE] = { "active", "启用", "是否启用|在售|有效|status|状态", false, COLTYPE_BOOL,
		N_("1 in use, 0 deactivated (default 1)") },
};
KIND(columns_products, "products", product_cols);

static const struct column dist_cols[DIST_NCOLS] = {
	[DIST_CODE] = { "code", "编码", "代码|编号|客户编码|客户代码|经销商编码|经销商代码|distributor code",
		true, COLTYPE_CODE, N_("the distributor's code") },
	[DIST_NAME] = { "name", "名称", "客户名称|经销商名称|公司名称|distributor", true, COLTYPE_TEXT,
		N_("its full name, as on its business licence") },
	[DIST_TYPE] = { "type", "类型", "客户类型|经销商类型", false, COLTYPE_TEXT,
		N_("distributor, dealer, agent or retailer (default distributor)") },
	[DIST_TIER] = { "tier", "等级", "客户等级|经销商等级", false, COLTYPE_TEXT,
		N_("A, B, C or D (default C)") },
	[DIST_STATUS] = { "status", "状态", "合作状态", false, COLTYPE_TEXT,
		N_("applicant, reviewing, active, suspended, terminated or rejected (default "
		   "applicant)") },
	[DIST_TERRITORY] = { "territory", "区域", "区域编码|销售区域|territory code", false, COLTYPE_CODE,
		N_("the code of its territory") },
	[DIST_OWNER] = { "owner", "负责人", "负责业务员|业务员|业务员编码|owner rep|rep", false,
		COLTYPE_CODE, N_("the code of the rep who owns it") },
	[DIST_CONTACT] = { "contact", "联系人", "联系人姓名", false, COLTYPE_TEXT, N_("the person to speak to there") },
	[DIST_PHONE] = { "phone", "电话", "联系电话|手机|手机号", false, COLTYPE_TEXT,
		N_("its phone number") },
	[DIST_ADDRESS] = { "address", "地址", "详细地址|联系地址", false, COLTYPE_TEXT,
		N_("its street address") },
	[DIST_CREDIT] = { "credit_limit", "信用额度", "授信额度|credit", false, COLTYPE_MONEY,
		N_("its credit limit, in yuan") },
	[DIST_AGREEMENT_START] = { "agreement_start", "协议开始", "协议开始日期|合同开始|合同开始日期",
		false, COLTYPE_DATE, N_("the day its agreement starts") },
	[DIST_AGREEMENT_END] = { "agreement_end", "协议结束", "协议结束日期|协议到期|合同结束|合同到期",
		false, COLTYPE_DATE, N_("the day its agreement ends") },
	[DIST_VISIT_EVERY] = { "visit_every_days", "拜访间隔", "拜访周期|拜访间隔天数|visit every", false,
		COLTYPE_INT, N_("days between visits, 1 to 366 (default: its tier's, from Setup)") },
	[DIST_NOTES] = { "notes", "备注", "说明", false, COLTYPE_TEXT, N_("notes") },
	[DIST_REASON] = { "reason", "状态原因", "原因|status reason", false, COLTYPE_TEXT,
		N_("why it has its status: expired, breach, mutual_consent, payment, quality, "
		   "other, unqualified, incomplete") },
	[DIST_STATUS_NOTE] = { "status_note", "状态说明", "status note", false, COLTYPE_TEXT,
		N_("a note on its status, for its history") },
	[DIST_STATUS_SINCE] = { "status_since", "状态日期", "状态变更日期|status date", false,
		COLTYPE_DATE, N_("the day it took its status, for its history (default: the day of "
		   "the import); not after today") },
};
KIND(columns_distributors, "distributors", dist_cols);

static const struct column target_cols[TARGET_NCOLS] = {
	[TARGET_DISTRIBUTOR] = { "distributor", "经销商", "经销商编码|客户编码|客户|distributor code",
		true, COLTYPE_CODE, N_("the distributor's code") },
	[TARGET_PERIOD] = { "period", "期间", "周期|目标期间", true, COLTYPE_TEXT,
		N_("a year (2026), a quarter (2026-Q3) or a month (2026-09)") },
	[TARGET_AMOUNT] = { "amount", "目标金额", "目标|金额|target", true, COLTYPE_MONEY,
		N_("the sales target, in yuan") },
};
KIND(columns_targets, "targets", target_cols);

static const struct column order_cols[ORDER_NCOLS] = {
	[ORDER_NO] = { "order_no", "订单号", "单号|订单编号|order number|order", true, COLTYPE_CODE,
		N_("the order's number; an order's lines share it, one after another") },
	[ORDER_DISTRIBUTOR] = { "distributor", "经销商", "经销商编码|客户编码|客户|distributor code",
		true, COLTYPE_CODE, N_("the distributor's code") },
	[ORDER_DATE] = { "order_date", "下单日期", "订单日期|日期|date", true, COLTYPE_DATE,
		N_("the day it was ordered, today at the latest") },
	[ORDER_STATUS] = { "status", "状态", "订单状态", false, COLTYPE_TEXT,
		N_("open, shipped, delivered or cancelled (default open)") },
	[ORDER_SHIP_DATE] = { "ship_date", "发货日期", "发运日期", false, COLTYPE_DATE,
		N_("the day it shipped (shipped and delivered orders)") },
	[ORDER_SHIP_TERRITORY] = { "ship_territory", "发货区域", "收货区域|ship to", false,
		COLTYPE_CODE, N_("the territory it shipped to (default the distributor's own)") },
	[ORDER_PRODUCT] = { "product", "货号", "sku|产品编码|商品编码|产品|product code", true,
		COLTYPE_CODE, N_("the line's product code") },
	[ORDER_QUANTITY] = { "quantity", "数量", "qty|订购数量", true, COLTYPE_INT,
		N_("how many, a whole number above 0") },
	[ORDER_PRICE] = { "unit_price", "单价", "price|unit price|价格", true, COLTYPE_MONEY,
		N_("the price of one, in yuan") },
};
KIND(columns_orders, "orders", order_cols);

static const struct column payment_cols[PAY_NCOLS] = {
	[PAY_DISTRIBUTOR] = { "distributor", "经销商", "经销商编码|客户编码|客户|distributor code",
		true, COLTYPE_CODE, N_("the distributor's code") },
	[PAY_DATE] = { "paid_on", "回款日期", "付款日期|收款日期|日期|date|paid", true, COLTYPE_DATE,
		N_("the day the money came") },
	[PAY_AMOUNT] = { "amount", "金额", "回款金额|付款金额|收款金额", true, COLTYPE_MONEY,
		N_("how much, in yuan, above 0") },
	[PAY_REFERENCE] = { "reference", "凭证号", "参考号|流水号|ref", false, COLTYPE_CODE,
		N_("the bank's or the ERP's reference") },
	[PAY_INVOICE] = { "invoice_no", "发票号", "发票|发票编号|invoice", false, COLTYPE_CODE,
		N_("the invoice it pays, of the same distributor") },
};
KIND(columns_payments, "payments", payment_cols);

static const struct column due_cols[DUE_NCOLS] = {
	[DUE_INVOICE] = { "invoice_no", "发票号", "发票|发票编号|invoice", true, COLTYPE_CODE,
		N_("the invoice's number") },
	[DUE_DISTRIBUTOR] = { "distributor", "经销商", "经销商编码|客户编码|客户|distributor code",
		true, COLTYPE_CODE, N_("the distributor's code") },
	[DUE_DATE] = { "due_date", "到期日", "应收日期|到期日期|due", true, COLTYPE_DATE,
		N_("the day it falls due") },
	[DUE_AMOUNT] = { "amount", "金额", "应收金额|发票金额|amount due", true, COLTYPE_MONEY,
		N_("how much, in yuan, above 0") },
};
KIND(columns_amounts_due, "amounts-due", due_cols);

/* The names an export of visits writes; rep_name, distributor_name,
 * order_total, version and updated_at are there for people and are not
 * read back. */
static const struct column visit_cols[VCOL_NCOLS] = {
	[VCOL_ID] = { "id", "拜访编号", "visit id|拜访id", false, COLTYPE_INT,
		N_("the visit's number as an export gives it; a new visit keeps it, and "
		   "--update finds the visit by it (empty: a new visit, or the one of the same "
		   "distributor, date and time). Keep it as text in a spreadsheet, which "
		   "rounds numbers of more than 15 digits: a rounded id is refused") },
	[VCOL_DATE] = { "date", "日期", "拜访日期|计划日期|visit date|day", true, COLTYPE_DATE,
		N_("the day of the visit") },
	[VCOL_TIME] = { "time", "时间", "拜访时间|计划时间|visit time", true, COLTYPE_TEXT,
		N_("its time of day, 09:30") },
	[VCOL_STATUS] = { "status", "状态", "拜访状态", false, COLTYPE_TEXT,
		N_("planned, confirmed, done, missed or cancelled (default planned); done and "
		   "missed only once the day has come") },
	[VCOL_REP] = { "rep", "业务员", "业务员编码|业务代表|工号|rep code", true, COLTYPE_CODE,
		N_("the code of the rep who visits") },
	[VCOL_REP_NAME] = { "rep_name", "业务员姓名", "rep name", false, COLTYPE_TEXT,
		N_("the rep's name (not read: the code counts)") },
	[VCOL_DISTRIBUTOR] = { "distributor", "经销商", "经销商编码|客户编码|客户|distributor code",
		true, COLTYPE_CODE, N_("the distributor's code") },
	[VCOL_DIST_NAME] = { "distributor_name", "经销商名称", "客户名称|distributor name", false,
		COLTYPE_TEXT, N_("the distributor's name (not read: the code counts)") },
	[VCOL_PURPOSE] = { "purpose", "目的", "拜访目的", false, COLTYPE_TEXT,
		N_("routine, collection, new_listing, complaint, training or review (default "
		   "routine)") },
	[VCOL_OBJECTIVE_KIND] = { "objective_kind", "目标类型", "objective kind", false,
		COLTYPE_TEXT, N_("none, order, collect, display, listing or other (default none)") },
	[VCOL_OBJECTIVE_AMOUNT] = { "objective_amount", "目标金额", "objective amount", false,
		COLTYPE_MONEY, N_("an order or a collection as the objective: its amount, in yuan") },
	[VCOL_OBJECTIVE] = { "objective", "目标", "拜访目标|目标内容", false, COLTYPE_TEXT,
		N_("a listing: the product's code; other: what is to be achieved") },
	[VCOL_OBJECTIVE_MET] = { "objective_met", "目标达成", "是否达成|达成", false, COLTYPE_BOOL,
		N_("a visit done: 1 the objective was met, 0 not, empty not said") },
	[VCOL_DISPLAY] = { "display_0_5", "陈列评分", "display|display score|陈列", false, COLTYPE_INT,
		N_("a visit done: the store display scored 0 to 5") },
	[VCOL_DONE_AT] = { "done_at", "完成时间", "实际拜访时间|done at", false, COLTYPE_TEXT,
		N_("a visit done: when, 2026-11-27T09:30, on or before today (default its date "
		   "and time)") },
	[VCOL_REASON] = { "reason", "原因", "未拜访原因|取消原因|missed reason", false,
		COLTYPE_TEXT, N_("a visit missed or cancelled: why (required for them)") },
	[VCOL_SUMMARY] = { "summary", "小结", "拜访小结|拜访总结|总结", false, COLTYPE_TEXT,
		N_("a visit done: what was seen and agreed") },
	[VCOL_COACHING] = { "coaching_note", "辅导意见", "辅导备注|coaching", false, COLTYPE_TEXT,
		N_("a manager's coaching note on the visit") },
	[VCOL_ORDER] = { "order_no", "订单号", "单号|订单编号|order number", false, COLTYPE_CODE,
		N_("a visit done: the number of the order taken on it, of the same distributor, "
		   "already in the database (import the orders first)") },
	[VCOL_ORDER_TOTAL] = { "order_total", "订单金额", "order total", false, COLTYPE_MONEY,
		N_("the order's total (not read: the order counts)") },
	[VCOL_VERSION] = { "version", "版本", "", false, COLTYPE_INT,
		N_("how often the visit changed (not read)") },
	[VCOL_UPDATED] = { "updated_at", "更新时间", "updated", false, COLTYPE_TEXT,
		N_("when it last changed, UTC (not read)") },
};
KIND(columns_visits, "visits", visit_cols);
/* clang-format on */

const struct record_kind *const columns_kinds[] = {
	&columns_regions,
	&columns_territories,
	&columns_reps,
	&columns_products,
	&columns_distributors,
	&columns_targets,
	&columns_amounts_due,
	&columns_orders,
	&columns_payments,
	&columns_visits,
	NULL,
};

const char columns_error_key[] = "import_error";
const char columns_error_zh[] = "导入错误";

const struct record_kind *columns_kind(const char *name)
{
	for (int i = 0; columns_kinds[i]; i++)
		if (name && !strcmp(columns_kinds[i]->name, name))
			return columns_kinds[i];
	return NULL;
}

/* Whether the n bytes of s are one bracketed group ("[code]", "(名称)")
 * with nothing but spaces around it: how far its opening bracket is in,
 * or -1. Such a header (what SQL Server's exports write) is its content. */
static long columns_wholly_bracketed(const uint8_t *s, size_t n)
{
	size_t a = 0, b = n;
	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	if (b - a < 2 || (s[a] != '(' && s[a] != '['))
		return -1;
	int depth = 0;
	for (size_t i = a; i < b; i++) {
		if (s[i] == '(' || s[i] == '[')
			depth++;
		else if ((s[i] == ')' || s[i] == ']') && depth > 0 && --depth == 0 && i + 1 < b)
			return -1; /* "(a) b": something after the group */
	}
	return depth == 0 && (s[b - 1] == ')' || s[b - 1] == ']') ? (long)a : -1;
}

/* A header name in NFKC, lower case: outside its brackets without spaces,
 * '_', '-', '.', '*' (the name as matched), or inside the last of them
 * without spaces (its unit); as written, the unit in NFKC with its case
 * and inner spaces. A name wholly in brackets is the name inside them,
 * with no unit. */
static char *columns_part(const char *name, bool unit, bool as_written)
{
	size_t len = strlen(name), n = 0;
	uint8_t *k = u8_check((const uint8_t *)name, len)
			     ? NULL
			     : u8_normalize(UNINORM_NFKC, (const uint8_t *)name, len, NULL, &n);
	char *out = xmalloc(n + 1);
	size_t o = 0;
	int depth = 0;
	long whole = k ? columns_wholly_bracketed(k, n) : -1;
	if (whole >= 0) {
		/* Its brackets blanked: the rest is read as any name. */
		k[whole] = ' ';
		for (size_t e = n; e-- > (size_t)whole;)
			if (k[e] == ')' || k[e] == ']') {
				k[e] = ' ';
				break;
			}
	}
	for (size_t i = 0; k && i < n; i++) {
		char c = (char)k[i];
		if (c == '(' || c == '[') {
			if (depth++ == 0 && unit)
				o = 0; /* the last bracket's */
			continue;
		}
		if ((c == ')' || c == ']') && depth > 0) {
			depth--;
			continue;
		}
		if ((depth > 0) != unit)
			continue;
		if (as_written) {
			if ((c == ' ' || c == '\t') && (o == 0 || out[o - 1] == ' '))
				continue;
			out[o++] = c == '\t' ? ' ' : c;
			continue;
		}
		if (strchr(unit ? " \t" : " _-.*\t", c))
			continue;
		out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	while (as_written && o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	free(k);
	return out;
}

char *columns_fold(const char *name)
{
	return columns_part(name, false, false);
}

char *columns_unit(const char *name)
{
	return columns_part(name, true, false);
}

char *columns_unit_shown(const char *name)
{
	return columns_part(name, true, true);
}

/* Whether s begins with one of words; how long the longest is, or 0. */
static size_t columns_starts(const char *s, const char *const *words, size_t n)
{
	size_t best = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(words[i]);
		if (k > best && !strncmp(s, words[i], k))
			best = k;
	}
	return best;
}

bool columns_unit_is_yuan(const char *unit)
{
	/* The brackets' first part (before / , ; 、) names the currency: yuan,
	 * nothing, or a note on amounts in yuan (元/箱 per case, 含税 tax
	 * included, per kg). Anything else (万元, USD, cents, '000, mn) is
	 * another unit: refused, not guessed. */
	static const char *const yuan[] = { "人民币元", "人民币", "元", "rmb", "cny", "yuan", "¥" };
	static const char *const notes[] = { "含税",	 "不含税",   "税前",	   "税后",
					     "未税",	 "含增值税", "不含增值税", "含运费",
					     "不含运费", "每",	     "per",	   "incltax",
					     "inctax",	 "extax",    "exvat",	   "inclvat" };
	/* Nor may a multiple stand anywhere in them ("CNY, thousands",
	 * "人民币、万元"), weights per kilogram or 100 g aside. */
	static const char *const multiple[] = { "万",	   "千",      "百", "亿", "000", "thousand",
						"million", "billion", "mn", "bn", "x1" };
	static const char *const weight[] = { "千克", "百克" };
	size_t n = strcspn(unit, "/,;");
	const char *sep = strstr(unit, "、");
	if (sep && (size_t)(sep - unit) < n)
		n = (size_t)(sep - unit);
	char *head = xstrndup(unit, n);
	const char *rest = head + columns_starts(head, yuan, sizeof yuan / sizeof yuan[0]);
	bool ok = !*rest || columns_starts(rest, notes, sizeof notes / sizeof notes[0]) > 0;
	free(head);
	char *all = xstrdup(unit);
	for (size_t i = 0; i < sizeof weight / sizeof weight[0]; i++)
		for (char *w; (w = strstr(all, weight[i]));)
			memset(w, '_', strlen(weight[i]));
	for (size_t i = 0; ok && i < sizeof multiple / sizeof multiple[0]; i++)
		ok = !strstr(all, multiple[i]);
	free(all);
	return ok;
}

/* Does the folded header name h name column c? */
static bool columns_names(const struct column *c, const char *h)
{
	char *k = columns_fold(c->key), *z = columns_fold(c->zh);
	bool hit = !strcmp(h, k) || !strcmp(h, z);
	free(k);
	free(z);
	for (const char *p = c->aliases; !hit && *p;) {
		size_t n = strcspn(p, "|");
		char *a = xstrndup(p, n), *fa = columns_fold(a);
		hit = !strcmp(h, fa);
		free(fa);
		free(a);
		p += n;
		if (*p == '|')
			p++;
	}
	return hit;
}

int columns_match(const struct record_kind *kind, const char *const *header, int n,
		  struct column_match *m)
{
	memset(m, 0, sizeof *m);
	for (int c = 0; c < 32; c++)
		m->field[c] = -1;
	m->missing = m->twice = m->twice_a = -1;
	char *err_key = columns_fold(columns_error_key), *err_zh = columns_fold(columns_error_zh);
	for (int f = 0; f < n; f++) {
		char *h = columns_fold(header[f]);
		int hit = -1;
		for (int c = 0; c < kind->ncols && hit < 0; c++)
			if (columns_names(&kind->cols[c], h))
				hit = c;
		if (hit >= 0 && m->field[hit] >= 0 && m->twice < 0) {
			m->twice = f;
			m->twice_a = m->field[hit];
		} else if (hit >= 0) {
			m->field[hit] = f;
		} else if ((*h || header[f][strspn(header[f], " \t")]) && strcmp(h, err_key) &&
			   strcmp(h, err_zh)) {
			m->unknown_all++;
			if (m->nunknown < (int)(sizeof m->unknown / sizeof m->unknown[0]))
				m->unknown[m->nunknown++] = f;
		}
		free(h);
	}
	free(err_key);
	free(err_zh);
	for (int c = 0; c < kind->ncols && m->missing < 0; c++)
		if (kind->cols[c].required && m->field[c] < 0)
			m->missing = c;
	return m->missing >= 0 || m->twice >= 0 ? -1 : 0;
}

bool columns_keeps_as_written(const struct column *c)
{
	return c->type == COLTYPE_CODE;
}

int columns_bool(const char *s, bool *out)
{
	/* (in use and inactive: the Setup screen's words, in its exports.) */
	static const char *const yes[] = { "1",	   "yes",  "y",	   "true",   "是",    "启用",
					   "有效", "在职", "在售", "in use", "active" };
	static const char *const no[] = { "0",	  "no",	  "n",	  "false",    "否",	    "停用",
					  "无效", "离职", "停售", "inactive", "deactivated" };
	for (size_t i = 0; s && i < sizeof yes / sizeof yes[0]; i++)
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
	for (size_t i = 0; s && i < sizeof no / sizeof no[0]; i++)
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	return -1;
}

/* Other words a sheet writes for a territory's level: 区 and 县 for the
 * 区县 the interface says, and the kinds of province and city. */
static const struct {
	const char *word;
	int level;
} columns_level_words[] = {
	{ "区", LEVEL_DISTRICT },     { "县", LEVEL_DISTRICT },	    { "县级市", LEVEL_DISTRICT },
	{ "旗", LEVEL_DISTRICT },     { "自治县", LEVEL_DISTRICT }, { "市辖区", LEVEL_DISTRICT },
	{ "林区", LEVEL_DISTRICT },   { "省份", LEVEL_PROVINCE },   { "自治区", LEVEL_PROVINCE },
	{ "直辖市", LEVEL_PROVINCE }, { "地级市", LEVEL_CITY },	    { "自治州", LEVEL_CITY },
	{ "地区", LEVEL_CITY },	      { "盟", LEVEL_CITY },
};

int columns_label(const struct label_set *set, const char *s)
{
	if (!s || !*s)
		return -1;
	for (int i = 0; i < set->n; i++)
		if (!strcasecmp(s, set->codes[i]) || i18n_names(s, set->labels[i]))
			return i;
	for (size_t k = 0;
	     set == &labels_level && k < sizeof columns_level_words / sizeof columns_level_words[0];
	     k++)
		if (!strcmp(s, columns_level_words[k].word))
			return columns_level_words[k].level;
	return -1;
}

void columns_words(const char *const *codes, const char *const *labels, int from, int n,
		   bool chinese_too, char *buf, size_t size)
{
	bool zh = i18n_lang() == LANG_ZH;
	size_t used = 0;
	buf[0] = '\0';
	for (int k = from; k < n && used + 1 < size; k++) {
		const char *sep = k == from ? "" : zh ? "、" : ", ";
		/* A label that is its code (the tiers A to D) once, not "A（A）". */
		bool same = !strcmp(_(labels[k]), codes[k]);
		const char *han = !zh && chinese_too ? i18n_zh(labels[k]) : NULL;
		int w = zh && !same ? snprintf(buf + used, size - used, "%s%s（%s）", sep,
					       _(labels[k]), codes[k])
			: han && strcmp(han, codes[k]) && strcmp(han, labels[k])
				? snprintf(buf + used, size - used, "%s%s (%s)", sep, codes[k], han)
				: snprintf(buf + used, size - used, "%s%s", sep, codes[k]);
		if (w < 0 || (size_t)w >= size - used) {
			/* No room for the rest: said so, not dropped silently. */
			buf[used] = '\0';
			if (used + sizeof "…" <= size)
				strcat(buf, "…");
			break;
		}
		used += (size_t)w;
	}
}
