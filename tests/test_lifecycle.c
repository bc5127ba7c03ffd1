/* core/lifecycle: the company's rules for status changes. */
#include <string.h>

#include "qudao/lifecycle.h"
#include "suite.h"

static const qd_date today = { 2026, 11, 27 };

static int check(struct lifecycle_change c, char *why)
{
	c.today = today;
	return lifecycle_check(&c, why, 256);
}

START_TEST(test_lifecycle_applicant_to_reviewing_needs_six_scores)
{
	char why[256];
	struct lifecycle_change c = { .from = STATUS_APPLICANT, .to = STATUS_REVIEWING };
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "six"));
	c.has_scores = 1;
	int s[REVIEW_CRITERIA] = { 5, 6, 7, 8, 9, 10 };
	memcpy(c.scores, s, sizeof s);
	ck_assert_int_eq(check(c, why), 0);
	c.scores[2] = 11;
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "Sales network"));
}
END_TEST

START_TEST(test_lifecycle_applicant_cannot_skip_review)
{
	char why[256];
	struct lifecycle_change c = { .from = STATUS_APPLICANT,
				      .to = STATUS_ACTIVE,
				      .has_agreement = 1,
				      .agreement_start = today,
				      .agreement_end = { 2027, 11, 27 } };
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "reviewed"));
}
END_TEST

START_TEST(test_lifecycle_activation_needs_agreement_dates_in_order)
{
	char why[256];
	struct lifecycle_change c = { .from = STATUS_REVIEWING, .to = STATUS_ACTIVE };
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "agreement"));
	c.has_agreement = 1;
	c.agreement_start = (qd_date){ 2026, 12, 1 };
	c.agreement_end = (qd_date){ 2026, 11, 30 };
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "2026-11-30"));
	c.agreement_end = (qd_date){ 2027, 11, 30 };
	ck_assert_int_eq(check(c, why), 0);
}
END_TEST

START_TEST(test_lifecycle_suspension_needs_reason_and_note)
{
	char why[256];
	struct lifecycle_change c = { .from = STATUS_ACTIVE, .to = STATUS_SUSPENDED };
	ck_assert_int_eq(check(c, why), -1);
	c.reason = REASON_EXPIRED; /* not a suspension reason */
	ck_assert_int_eq(check(c, why), -1);
	c.reason = REASON_PAYMENT;
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "note"));
	c.note = "   ";
	ck_assert_int_eq(check(c, why), -1);
	c.note = "回款逾期";
	ck_assert_int_eq(check(c, why), 0);
}
END_TEST

START_TEST(test_lifecycle_suspended_can_return_while_agreement_runs)
{
	char why[256];
	struct lifecycle_change c = { .from = STATUS_SUSPENDED,
				      .to = STATUS_ACTIVE,
				      .note = "整改完成",
				      .has_agreement = 1,
				      .agreement_start = { 2025, 1, 1 },
				      .agreement_end = { 2027, 1, 1 } };
	ck_assert_int_eq(check(c, why), 0);
	c.agreement_end = (qd_date){ 2026, 11, 1 };
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "2026-11-01"));
}
END_TEST

START_TEST(test_lifecycle_termination_reasons)
{
	char why[256];
	struct lifecycle_change c = { .from = STATUS_ACTIVE,
				      .to = STATUS_TERMINATED,
				      .note = "n",
				      .reason = REASON_PAYMENT };
	ck_assert_int_eq(check(c, why), -1);
	c.reason = REASON_BREACH;
	ck_assert_int_eq(check(c, why), 0);
	c.from = STATUS_SUSPENDED;
	c.reason = REASON_MUTUAL_CONSENT;
	ck_assert_int_eq(check(c, why), 0);
	/* "Expired" while the agreement still runs is refused. */
	c.reason = REASON_EXPIRED;
	c.has_agreement = 1;
	c.agreement_start = (qd_date){ 2025, 1, 1 };
	c.agreement_end = (qd_date){ 2027, 1, 1 };
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "not expired"));
	c.agreement_end = (qd_date){ 2026, 11, 20 };
	ck_assert_int_eq(check(c, why), 0);
}
END_TEST

START_TEST(test_lifecycle_refusals_say_why)
{
	char why[256];
	struct lifecycle_change c = { .from = STATUS_TERMINATED, .to = STATUS_ACTIVE, .note = "n" };
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "cannot come back"));
	c = (struct lifecycle_change){ .from = STATUS_APPLICANT,
				       .to = STATUS_TERMINATED,
				       .reason = REASON_BREACH,
				       .note = "n" };
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "agreement"));
	c = (struct lifecycle_change){ .from = STATUS_ACTIVE, .to = STATUS_ACTIVE };
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "already active"));
	c = (struct lifecycle_change){ .from = STATUS_ACTIVE, .to = STATUS_REVIEWING };
	ck_assert_int_eq(check(c, why), -1);
	c = (struct lifecycle_change){ .from = STATUS_REVIEWING, .to = STATUS_SUSPENDED };
	ck_assert_int_eq(check(c, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "Only an active"));
}
END_TEST

START_TEST(test_lifecycle_codes_round_trip)
{
	for (int i = 0; i < STATUS_COUNT; i++) {
		qd_status s;
		ck_assert_int_eq(lifecycle_status_parse(lifecycle_status_code((qd_status)i), &s),
				 0);
		ck_assert_int_eq(s, i);
	}
	qd_status s;
	ck_assert_int_eq(lifecycle_status_parse("sleeping", &s), -1);
	qd_reason r;
	ck_assert_int_eq(lifecycle_reason_parse("mutual_consent", &r), 0);
	ck_assert_int_eq(r, REASON_MUTUAL_CONSENT);
	qd_reason list[REASON_COUNT];
	ck_assert_int_eq(lifecycle_reasons(STATUS_TERMINATED, list), 3);
	ck_assert_int_eq(lifecycle_reasons(STATUS_SUSPENDED, list), 4);
	ck_assert_int_eq(lifecycle_reasons(STATUS_ACTIVE, list), 0);
}
END_TEST

SUITE_MAIN("lifecycle", test_lifecycle_applicant_to_reviewing_needs_six_scores,
	   test_lifecycle_applicant_cannot_skip_review,
	   test_lifecycle_activation_needs_agreement_dates_in_order,
	   test_lifecycle_suspension_needs_reason_and_note,
	   test_lifecycle_suspended_can_return_while_agreement_runs,
	   test_lifecycle_termination_reasons, test_lifecycle_refusals_say_why,
	   test_lifecycle_codes_round_trip)
