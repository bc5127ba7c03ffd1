/* The lifecycle rules: which moves exist, what each needs, and why a move is
 * refused, in words a manager understands. */
#include "qudao/lifecycle.h"

#include <stdio.h>
#include <string.h>

#include "qudao/i18n.h"

static const char *const lifecycle_codes[STATUS_COUNT] = {
	"applicant", "reviewing", "active", "suspended", "terminated", "rejected",
};
static const char *const lifecycle_labels[STATUS_COUNT] = {
	/* TRANSLATORS: distributor statuses. */
	N_("applicant"), N_("reviewing"), N_("active"), N_("suspended"), N_("terminated"),
	N_("rejected"),
};
static const char *const lifecycle_reason_codes[REASON_COUNT] = {
	"", "expired", "breach", "mutual_consent", "payment", "quality", "other", "unqualified",
	"incomplete",
};
static const char *const lifecycle_reason_labels[REASON_COUNT] = {
	"",
	/* TRANSLATORS: why an agreement ended or a distributor was suspended. */
	N_("agreement expired"),
	N_("breach of agreement"),
	N_("mutual consent"),
	N_("overdue payments"),
	N_("quality problems"),
	N_("other"),
	N_("does not meet the qualification criteria"),
	N_("application incomplete"),
};
static const char *const lifecycle_criteria[REVIEW_CRITERIA] = {
	N_("Reputation"),	 N_("Financial strength"), N_("Sales network"),
	N_("Product knowledge"), N_("Market development"), N_("Compliance record"),
};

const char *lifecycle_status_code(qd_status s)
{
	return s < STATUS_COUNT ? lifecycle_codes[s] : "";
}

const char *lifecycle_status_label(qd_status s)
{
	return s < STATUS_COUNT ? lifecycle_labels[s] : "";
}

int lifecycle_status_parse(const char *code, qd_status *out)
{
	for (int i = 0; i < STATUS_COUNT; i++)
		if (code && !strcmp(code, lifecycle_codes[i])) {
			*out = (qd_status)i;
			return 0;
		}
	return -1;
}

const char *lifecycle_reason_code(qd_reason r)
{
	return r < REASON_COUNT ? lifecycle_reason_codes[r] : "";
}

const char *lifecycle_reason_label(qd_reason r)
{
	return r < REASON_COUNT ? lifecycle_reason_labels[r] : "";
}

int lifecycle_reason_parse(const char *code, qd_reason *out)
{
	for (int i = 1; i < REASON_COUNT; i++)
		if (code && !strcmp(code, lifecycle_reason_codes[i])) {
			*out = (qd_reason)i;
			return 0;
		}
	return -1;
}

const char *lifecycle_criterion_label(int i)
{
	return i >= 0 && i < REVIEW_CRITERIA ? lifecycle_criteria[i] : "";
}

int lifecycle_reasons(qd_status to, qd_reason out[REASON_COUNT])
{
	int n = 0;
	if (to == STATUS_TERMINATED) {
		out[n++] = REASON_EXPIRED;
		out[n++] = REASON_BREACH;
		out[n++] = REASON_MUTUAL_CONSENT;
	} else if (to == STATUS_SUSPENDED) {
		out[n++] = REASON_PAYMENT;
		out[n++] = REASON_BREACH;
		out[n++] = REASON_QUALITY;
		out[n++] = REASON_OTHER;
	} else if (to == STATUS_REJECTED) {
		out[n++] = REASON_UNQUALIFIED;
		out[n++] = REASON_INCOMPLETE;
		out[n++] = REASON_OTHER;
	}
	return n;
}

int lifecycle_needs(qd_status from, qd_status to)
{
	switch (from) {
	case STATUS_APPLICANT:
		if (to == STATUS_REJECTED)
			return NEED_REASON | NEED_NOTE;
		return to == STATUS_REVIEWING ? NEED_SCORES : 0;
	case STATUS_REVIEWING:
		if (to == STATUS_ACTIVE)
			return NEED_AGREEMENT;
		if (to == STATUS_REJECTED)
			return NEED_REASON | NEED_NOTE;
		return to == STATUS_APPLICANT ? NEED_NOTE : 0;
	case STATUS_REJECTED:
		return to == STATUS_APPLICANT ? NEED_NOTE : 0;
	case STATUS_ACTIVE:
		if (to == STATUS_SUSPENDED || to == STATUS_TERMINATED)
			return NEED_REASON | NEED_NOTE;
		return 0;
	case STATUS_SUSPENDED:
		if (to == STATUS_ACTIVE)
			return NEED_NOTE;
		return to == STATUS_TERMINATED ? NEED_REASON | NEED_NOTE : 0;
	default:
		return 0;
	}
}

/* Why from → to is not a move at all. */
static const char *lifecycle_forbidden(qd_status from, qd_status to)
{
	if (from == to)
		return N_("The distributor is already %s.");
	if (from == STATUS_TERMINATED)
		return N_("A terminated distributor cannot come back; register it again as a new "
			  "applicant.");
	if (from == STATUS_REJECTED)
		return N_("A rejected distributor can only be reopened as an applicant.");
	if (to == STATUS_REJECTED)
		return N_("Only an applicant or a distributor under review can be rejected; one "
			  "with an agreement is suspended or terminated instead.");
	if (to == STATUS_TERMINATED)
		return N_("Only a distributor with an agreement (active or suspended) can be "
			  "terminated.");
	if (from == STATUS_APPLICANT)
		return N_(
			"An applicant must first be reviewed, with the six qualification criteria "
			"scored.");
	if (to == STATUS_SUSPENDED)
		return N_("Only an active distributor can be suspended.");
	if (to == STATUS_APPLICANT || to == STATUS_REVIEWING)
		return N_(
			"A distributor with an agreement cannot go back to application or review.");
	return N_("This change of status is not allowed.");
}

int lifecycle_check(const struct lifecycle_change *c, char *why, size_t n)
{
	int needs = lifecycle_needs(c->from, c->to);
	char start[DATE_BUF], end[DATE_BUF];
	if (!needs) {
		snprintf(why, n, _(lifecycle_forbidden(c->from, c->to)),
			 _(lifecycle_status_label(c->from)));
		return -1;
	}
	if (needs & NEED_SCORES) {
		if (!c->has_scores) {
			snprintf(why, n,
				 _("Score all six qualification criteria (0 to 10) first."));
			return -1;
		}
		for (int i = 0; i < REVIEW_CRITERIA; i++)
			if (c->scores[i] < 0 || c->scores[i] > REVIEW_MAX) {
				snprintf(why, n, _("%s must be scored from 0 to 10."),
					 _(lifecycle_criteria[i]));
				return -1;
			}
	}
	if (needs & NEED_AGREEMENT) {
		if (!c->has_agreement) {
			snprintf(why, n,
				 _("An active distributor needs the agreement's start and end "
				   "dates."));
			return -1;
		}
		if (date_cmp(c->agreement_end, c->agreement_start) < 0) {
			snprintf(why, n, _("The agreement cannot end (%s) before it starts (%s)."),
				 date_format(c->agreement_end, end),
				 date_format(c->agreement_start, start));
			return -1;
		}
	}
	if (c->to == STATUS_ACTIVE && c->has_agreement &&
	    date_cmp(c->agreement_end, c->today) < 0) {
		snprintf(why, n, _("The agreement ended on %s; enter new agreement dates first."),
			 date_format(c->agreement_end, end));
		return -1;
	}
	if (needs & NEED_REASON) {
		qd_reason allowed[REASON_COUNT];
		int k = lifecycle_reasons(c->to, allowed), ok = 0;
		for (int i = 0; i < k; i++)
			ok |= allowed[i] == c->reason;
		if (!ok) {
			snprintf(why, n, _("Choose why the distributor becomes %s."),
				 _(lifecycle_status_label(c->to)));
			return -1;
		}
		if (c->to == STATUS_TERMINATED && c->reason == REASON_EXPIRED && c->has_agreement &&
		    date_cmp(c->agreement_end, c->today) > 0) {
			snprintf(why, n,
				 _("The agreement runs until %s, so it has not expired; choose "
				   "another reason."),
				 date_format(c->agreement_end, end));
			return -1;
		}
	}
	if ((needs & NEED_NOTE) && (!c->note || !c->note[strspn(c->note, " ")])) {
		snprintf(why, n, _("Write a note saying why."));
		return -1;
	}
	return 0;
}
