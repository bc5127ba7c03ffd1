/* Labels for the codes stored in the database, in the user's language. */
#include <string.h>

#include "qudao/i18n.h"
#include "ui.h"

const char *const ui_types[4] = { "distributor", "dealer", "agent", "retailer" };
const char *const ui_type_labels[4] = {
	/* TRANSLATORS: kinds of distributor. */
	N_("distributor"),
	N_("dealer"),
	N_("agent"),
	N_("retailer"),
};

static const char *ui_label(const char *code, const char *const *codes, const char *const *labels,
			    size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (code && !strcmp(code, codes[i]))
			return labels[i];
	return code ? code : "";
}

#define UI_LABEL(code, codes, labels) \
	ui_label((code), (codes), (labels), sizeof(codes) / sizeof(codes)[0])

const char *ui_type_label(const char *type)
{
	return UI_LABEL(type, ui_types, ui_type_labels);
}

const char *ui_visit_status_label(const char *status)
{
	static const char *const codes[] = { "planned", "confirmed", "done", "missed",
					     "cancelled" };
	static const char *const labels[] = {
		/* TRANSLATORS: visit statuses. */
		N_("planned"), N_("confirmed"), N_("done"), N_("missed"), N_("cancelled"),
	};
	return UI_LABEL(status, codes, labels);
}

const char *ui_order_status_label(const char *status)
{
	static const char *const codes[] = { "open", "shipped", "delivered", "cancelled" };
	static const char *const labels[] = {
		/* TRANSLATORS: order statuses. */
		N_("open"),
		N_("shipped"),
		N_("delivered"),
		N_("order cancelled"),
	};
	return UI_LABEL(status, codes, labels);
}

const char *ui_incident_kind_label(const char *kind)
{
	static const char *const codes[] = { "price_violation", "cross_territory", "return",
					     "quality", "complaint" };
	static const char *const labels[] = {
		/* TRANSLATORS: kinds of incident: 乱价, 窜货, 退货, 质量, 投诉. */
		N_("price violation"), N_("cross-territory selling"), N_("return"), N_("quality"),
		N_("complaint"),
	};
	return UI_LABEL(kind, codes, labels);
}

const char *ui_severity_label(const char *severity)
{
	static const char *const codes[] = { "low", "medium", "high" };
	static const char *const labels[] = {
		/* TRANSLATORS: incident severities. */
		N_("low"),
		N_("medium"),
		N_("high"),
	};
	return UI_LABEL(severity, codes, labels);
}
