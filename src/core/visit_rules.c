/* Price tolerance, days of stock, display ratings, concentration and the
 * settings of visiting. */
#include "qudao/visit_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "qudao/i18n.h"
#include "qudao/xalloc.h"

qd_price_check visit_price_check(int64_t policy_fen, int64_t price_fen, int tolerance_bp)
{
	if (policy_fen <= 0)
		return PRICE_OK;
	/* |price - policy| / policy > tolerance, in integers. */
	int64_t diff = price_fen - policy_fen;
	if (diff * 10000 < -(policy_fen * tolerance_bp))
		return PRICE_BELOW;
	if (diff * 10000 > policy_fen * tolerance_bp)
		return PRICE_ABOVE;
	return PRICE_OK;
}

qd_price_check visit_shelf_check(int64_t retail_fen, int64_t shelf_fen, int tolerance_bp)
{
	return visit_price_check(retail_fen, shelf_fen, tolerance_bp) == PRICE_BELOW ? PRICE_BELOW
										     : PRICE_OK;
}

int64_t visit_price_floor(int64_t policy_fen, int tolerance_bp)
{
	int64_t num = policy_fen * (10000 - tolerance_bp);
	return num <= 0 ? 0 : (num + 9999) / 10000;
}

int64_t visit_price_ceiling(int64_t policy_fen, int tolerance_bp)
{
	return policy_fen * (10000 + tolerance_bp) / 10000;
}

int visit_days_of_stock(int64_t on_hand, int64_t sold)
{
	if (sold <= 0)
		return -1;
	if (on_hand <= 0)
		return 0;
	int64_t days = on_hand * VISIT_SALES_DAYS / sold;
	return days > 99999 ? 99999 : (int)days;
}

qd_stock_level visit_stock_level(int64_t on_hand, int64_t sold)
{
	if (sold <= 0)
		return on_hand > 0 ? STOCK_HIGH : STOCK_UNKNOWN;
	int days = visit_days_of_stock(on_hand, sold);
	if (days < VISIT_STOCK_LOW_DAYS)
		return STOCK_LOW;
	if (days > VISIT_STOCK_HIGH_DAYS)
		return STOCK_HIGH;
	return STOCK_OK;
}

int visit_score_of_rating(int rating)
{
	if (rating < 0)
		return -1;
	return (rating > VISIT_RATING_MAX ? VISIT_RATING_MAX : rating) * 20;
}

bool visit_objective_has_amount(const char *kind)
{
	return kind && (!strcmp(kind, "order") || !strcmp(kind, "collect"));
}

bool visit_objective_has_words(const char *kind)
{
	return kind && (!strcmp(kind, "listing") || !strcmp(kind, "other"));
}

int visit_rating_of_score(int score)
{
	if (score < 0)
		return -1;
	int r = (score + 10) / 20;
	return r > VISIT_RATING_MAX ? VISIT_RATING_MAX : r;
}

static int visit_cmp_desc(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (y > x) - (y < x);
}

int visit_concentration_bp(const int *counts, int n)
{
	if (n <= 0)
		return 0;
	int *sorted = xmalloc((size_t)n * sizeof *sorted);
	memcpy(sorted, counts, (size_t)n * sizeof *sorted);
	qsort(sorted, (size_t)n, sizeof *sorted, visit_cmp_desc);
	int top = (n + 4) / 5;
	int64_t total = 0, most = 0;
	for (int i = 0; i < n; i++) {
		total += sorted[i] > 0 ? sorted[i] : 0;
		if (i < top)
			most += sorted[i] > 0 ? sorted[i] : 0;
	}
	free(sorted);
	return total ? (int)((most * 20000 + total) / (2 * total)) : 0;
}

const char *visit_text_check(const char *text, int max, bool lines)
{
	if (!text)
		return NULL;
	if (u8_check((const uint8_t *)text, strlen(text)))
		return N_("The text is not valid UTF-8.");
	if (u8_mbsnlen((const uint8_t *)text, strlen(text)) > (size_t)max)
		return N_("The text is too long.");
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if ((*p < 0x20 && !(lines && (*p == '\n' || *p == '\r'))) || *p == 0x7f)
			return N_("The text may not hold control characters.");
	return NULL;
}

const char *visit_parts_check(const char *status, unsigned parts, unsigned *bad)
{
	static const unsigned of_done = VISIT_PART_SUMMARY | VISIT_PART_RATING | VISIT_PART_MET |
					VISIT_PART_DONE_AT | VISIT_PART_ORDER;
	bool done = !strcmp(status, "done");
	bool closed = !strcmp(status, "missed") || !strcmp(status, "cancelled");
	*bad = 0;
	if (!done && (parts & of_done)) {
		/* The first part, in the order the parts are listed. */
		*bad = parts & of_done & (~(parts & of_done) + 1);
		return N_("Only a visit done has a summary, a display score, whether its objective "
			  "was met, when it was done or an order taken.");
	}
	if (closed && !(parts & VISIT_PART_REASON)) {
		*bad = VISIT_PART_REASON;
		return N_("A visit missed or cancelled needs the reason why.");
	}
	if (!closed && (parts & VISIT_PART_REASON)) {
		*bad = VISIT_PART_REASON;
		return N_("Only a visit missed or cancelled has a reason.");
	}
	return NULL;
}

const char *visit_shelf_price_check(int64_t fen)
{
	if (fen <= 0)
		return N_("A shelf price is more than ¥0; leave it empty if you did not see one.");
	if (fen > VISIT_SHELF_PRICE_MAX_FEN)
		return N_("A shelf price is at most ¥1,000,000,000.");
	return NULL;
}

const char *visit_issue_check(bool has_kind, const char *description)
{
	bool blank = true;
	for (const char *p = description ? description : ""; *p && blank; p++)
		blank = *p == ' ' || *p == '\t';
	if (has_kind && blank)
		return N_("Describe the issue, or set it to none.");
	if (!has_kind && !blank)
		return N_("Choose a kind or clear the description.");
	return NULL;
}

const char *visit_plan_day_check(qd_date day, qd_date today)
{
	return date_cmp(day, today) < 0 ? N_("A visit is planned for today or a later day.") : NULL;
}

const char *visit_reason_check(const char *reason)
{
	const char *p = reason ? reason : "";
	for (;;) {
		if (*p == ' ' || *p == '\t')
			p++;
		else if (!strncmp(p, "\u3000", strlen("\u3000")))
			p += strlen("\u3000");
		else
			break;
	}
	return *p ? NULL : N_("Say why.");
}

const char *visit_miss_check(qd_date day, qd_date today)
{
	return date_cmp(day, today) > 0 ? N_("A visit can be missed only once its day has come; "
					     "cancel it instead.")
					: NULL;
}

bool visit_over_credit(int64_t limit_fen, int64_t open_fen, int64_t order_fen)
{
	return limit_fen > 0 && order_fen > 0 && open_fen + order_fen > limit_fen;
}

void visit_settings_default(struct visit_settings *s)
{
	static const int every[4] = { 7, 14, 30, 60 };
	memcpy(s->every_days, every, sizeof every);
	s->per_day = 6;
	s->weekends = false;
	s->concentration_pct = 50;
}

const char *const visit_setting_names[VSET_COUNT] = {
	[VSET_EVERY_A] = "visit_every_a",
	[VSET_EVERY_B] = "visit_every_b",
	[VSET_EVERY_C] = "visit_every_c",
	[VSET_EVERY_D] = "visit_every_d",
	[VSET_PER_DAY] = "visits_per_day",
	[VSET_WEEKENDS] = "visit_weekends",
	[VSET_CONCENTRATION] = "visit_concentration_pct",
};

const char *const visit_setting_labels[VSET_COUNT] = {
	/* TRANSLATORS: the visit settings of the Setup tab. */
	[VSET_EVERY_A] = N_("Tier A: visit every (days)"),
	[VSET_EVERY_B] = N_("Tier B: visit every (days)"),
	[VSET_EVERY_C] = N_("Tier C: visit every (days)"),
	[VSET_EVERY_D] = N_("Tier D: visit every (days)"),
	[VSET_PER_DAY] = N_("Visits a day, at most"),
	[VSET_WEEKENDS] = N_("Plan weekends"),
	[VSET_CONCENTRATION] = N_("Concentration warning above (%)"),
};

/* A whole number from lo to hi with nothing else around it but spaces. */
static bool visit_whole(const char *text, int lo, int hi, int *out)
{
	while (*text == ' ')
		text++;
	if (*text < '0' || *text > '9')
		return false;
	long v = 0;
	while (*text >= '0' && *text <= '9' && v <= 100000)
		v = v * 10 + (*text++ - '0');
	while (*text == ' ')
		text++;
	if (*text || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

const char *visit_setting_parse(struct visit_settings *s, qd_visit_setting which, const char *text)
{
	int v;
	text = text ? text : "";
	switch (which) {
	case VSET_EVERY_A:
	case VSET_EVERY_B:
	case VSET_EVERY_C:
	case VSET_EVERY_D:
		if (!visit_whole(text, 1, VISIT_EVERY_MAX, &v))
			return N_("A number of days from 1 to 366.");
		s->every_days[which - VSET_EVERY_A] = v;
		return NULL;
	case VSET_PER_DAY:
		if (!visit_whole(text, 1, VISIT_PER_DAY_MAX, &v))
			return N_("A number of visits from 1 to 20.");
		s->per_day = v;
		return NULL;
	case VSET_WEEKENDS:
		if (!strcmp(text, "yes") || !strcmp(text, "1"))
			s->weekends = true;
		else if (!strcmp(text, "no") || !strcmp(text, "0"))
			s->weekends = false;
		else
			return N_("Yes or no.");
		return NULL;
	case VSET_CONCENTRATION:
		if (!visit_whole(text, 1, 100, &v))
			return N_("A percentage from 1 to 100.");
		s->concentration_pct = v;
		return NULL;
	default:
		return N_("There is no such setting.");
	}
}

char *visit_setting_format(const struct visit_settings *s, qd_visit_setting which, char *buf)
{
	switch (which) {
	case VSET_EVERY_A:
	case VSET_EVERY_B:
	case VSET_EVERY_C:
	case VSET_EVERY_D:
		snprintf(buf, 16, "%d", s->every_days[which - VSET_EVERY_A]);
		break;
	case VSET_PER_DAY:
		snprintf(buf, 16, "%d", s->per_day);
		break;
	case VSET_WEEKENDS:
		snprintf(buf, 16, "%s", s->weekends ? "yes" : "no");
		break;
	case VSET_CONCENTRATION:
		snprintf(buf, 16, "%d", s->concentration_pct);
		break;
	default:
		buf[0] = '\0';
		break;
	}
	return buf;
}
