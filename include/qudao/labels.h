/* The words for the codes the database stores (a distributor's type, an
 * order's status, a visit's status, an incident's kind and severity, a
 * territory's level, a rep's role): the stored code and the label to show,
 * an N_() msgid to translate when drawn. One table each, for the screens,
 * the importer, the exporter, the reports and sync alike. Statuses and
 * reasons of the lifecycle are in lifecycle.h. */
#ifndef QUDAO_LABELS_H
#define QUDAO_LABELS_H

struct label_set {
	const char *const *codes;
	const char *const *labels; /* N_() msgids */
	int n;
};

extern const struct label_set labels_dist_type;
extern const struct label_set labels_tier;
extern const struct label_set labels_order_status;
extern const struct label_set labels_visit_status;
extern const struct label_set labels_incident_kind;
/* What a visit is for, and the kind of its objective (labels only: the
 * objective's amount or product is kept beside it). */
extern const struct label_set labels_visit_purpose;
extern const struct label_set labels_visit_objective;
extern const struct label_set labels_severity;
extern const struct label_set labels_incident_status;
/* A territory's level (in qd_level order) and a rep's role (in qd_role
 * order; refdata.h). */
extern const struct label_set labels_level;
extern const struct label_set labels_role;
/* The kinds of problem qudao report problems lists: exclusive rights in
 * conflict, a right held by an inactive distributor, a territory without an
 * active distributor, one without an active rep, a cross-territory sale. */
extern const struct label_set labels_problem_kind;

/* The label of code in set; the code itself when the set does not know it
 * ("" for NULL). */
const char *label_of(const struct label_set *set, const char *code);
/* The index of code in set, or -1. */
int label_index(const struct label_set *set, const char *code);

#endif
