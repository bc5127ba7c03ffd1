/* The shared main of every Check suite: one test case holding the tests. */
#ifndef QUDAO_TEST_SUITE_H
#define QUDAO_TEST_SUITE_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

static inline int suite_run(const char *name, const TTest *const *tests, size_t n)
{
	Suite *s = suite_create(name);
	TCase *tc = tcase_create(name);
	tcase_set_timeout(tc, 120);
	/* QD_TEST=part runs only the tests whose names hold it (while working
	 * on one). */
	const char *only = getenv("QD_TEST");
	for (size_t i = 0; i < n; i++)
		if (!only || strstr(tests[i]->name, only))
			tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#define SUITE_MAIN(name, ...)                                                     \
	int main(void)                                                            \
	{                                                                         \
		const TTest *const tests_[] = { __VA_ARGS__ };                    \
		return suite_run(name, tests_, sizeof tests_ / sizeof tests_[0]); \
	}

#define CHECK_STR(expr, expected)                   \
	do {                                        \
		char *got_ = (expr);                \
		ck_assert_str_eq(got_, (expected)); \
		free(got_);                         \
	} while (0)

#endif
