/* The label tables: codes as stored, words as shown. */
#include "qudao/labels.h"

#include <string.h>

#include "qudao/i18n.h"

#define LABEL_SET(name, codes, labels) \
	const struct label_set name = { codes, labels, (int)(sizeof codes / sizeof codes[0]) }

static const char *const dist_type_codes[] = { "distributor", "dealer", "agent", "retailer" };
static const char *const dist_type_labels[] = {
	/* TRANSLATORS: kinds of distributor. */
	N_("distributor"),
	N_("dealer"),
	N_("agent"),
	N_("retailer"),
};
LABEL_SET(labels_dist_type, dist_type_codes, dist_type_labels);

static const char *const tier_codes[] = { "A", "B", "C", "D" };
LABEL_SET(labels_tier, tier_codes, tier_codes);

static const char *const order_status_codes[] = { "open", "shipped", "delivered", "cancelled" };
static const char *const order_status_labels[] = {
	/* TRANSLATORS: order statuses. */
	N_("open"),
	N_("shipped"),
	N_("delivered"),
	N_("cancelled"),
};
LABEL_SET(labels_order_status, order_status_codes, order_status_labels);

static const char *const visit_status_codes[] = { "planned", "confirmed", "done", "missed",
						  "cancelled" };
static const char *const visit_status_labels[] = {
	/* TRANSLATORS: visit statuses. */
	N_("planned"), N_("confirmed"), N_("done"), N_("missed"), N_("cancelled"),
};
LABEL_SET(labels_visit_status, visit_status_codes, visit_status_labels);

static const char *const visit_purpose_codes[] = { "routine",	"collection", "new_listing",
						   "complaint", "training",   "review" };
static const char *const visit_purpose_labels[] = {
	/* TRANSLATORS: what a visit is for: 例行拜访, 回款, 新品进场, 投诉处理, 培训,
	 * 复盘. */
	N_("routine"),	 N_("collection"), N_("new listing"),
	N_("complaint"), N_("training"),   N_("review"),
};
LABEL_SET(labels_visit_purpose, visit_purpose_codes, visit_purpose_labels);

static const char *const visit_objective_codes[] = { "none",	"order",   "collect",
						     "display", "listing", "other" };
static const char *const visit_objective_labels[] = {
	/* TRANSLATORS: kinds of a visit's objective: none set, an order of at
	 * least an amount, collecting an amount, fixing the display, listing a
	 * product, something else. */
	N_("no objective"),    N_("order of at least"), N_("collect"),
	N_("fix the display"), N_("list product"),	N_("other"),
};
LABEL_SET(labels_visit_objective, visit_objective_codes, visit_objective_labels);

static const char *const incident_kind_codes[] = { "price_violation", "cross_territory", "return",
						   "quality", "complaint" };
static const char *const incident_kind_labels[] = {
	/* TRANSLATORS: kinds of incident: 乱价, 窜货, 退货, 质量, 投诉. */
	N_("price violation"), N_("cross-territory selling"), N_("return"), N_("quality problem"),
	N_("complaint"),
};
LABEL_SET(labels_incident_kind, incident_kind_codes, incident_kind_labels);

static const char *const incident_status_codes[] = { "open", "resolved" };
static const char *const incident_status_labels[] = {
	/* TRANSLATORS: an incident's state: still to be dealt with, or dealt
	 * with. */
	N_("not resolved"),
	N_("resolved"),
};
LABEL_SET(labels_incident_status, incident_status_codes, incident_status_labels);

static const char *const severity_codes[] = { "low", "medium", "high" };
static const char *const severity_labels[] = {
	/* TRANSLATORS: incident severities. */
	N_("low"),
	N_("medium"),
	N_("high"),
};
LABEL_SET(labels_severity, severity_codes, severity_labels);

static const char *const level_codes[] = { "province", "city", "district" };
static const char *const level_labels[] = {
	/* TRANSLATORS: levels of a territory: 省, 市, 区. */
	N_("province"),
	N_("city"),
	N_("district"),
};
LABEL_SET(labels_level, level_codes, level_labels);

static const char *const problem_kind_codes[] = { "conflict", "inactive_holder", "orphan", "no_rep",
						  "cross_territory" };
static const char *const problem_kind_labels[] = {
	/* TRANSLATORS: kinds of problem in qudao report problems. */
	N_("exclusive rights in conflict"),
	N_("exclusive right of an inactive distributor"),
	N_("territory without an active distributor"),
	N_("territory without an active rep"),
	N_("cross-territory sale (窜货)"),
};
LABEL_SET(labels_problem_kind, problem_kind_codes, problem_kind_labels);

static const char *const role_codes[] = { "rep", "manager" };
static const char *const role_labels[] = {
	/* TRANSLATORS: roles of the company's people: a sales rep (业务员), a
	 * manager (经理). */
	N_("rep"),
	N_("manager"),
};
LABEL_SET(labels_role, role_codes, role_labels);

int label_index(const struct label_set *set, const char *code)
{
	for (int i = 0; code && i < set->n; i++)
		if (!strcmp(code, set->codes[i]))
			return i;
	return -1;
}

const char *label_of(const struct label_set *set, const char *code)
{
	int i = label_index(set, code);
	return i >= 0 ? set->labels[i] : code ? code : "";
}
