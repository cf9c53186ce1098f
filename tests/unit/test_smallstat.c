/* test_smallstat.c - the small statistics of core (smallstat.h): average
 * ranks against R's rank(ties.method = "average"),
 * tests/reference/smallstat/ranks.Rout (script ranks.R beside it). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include "monitrend/smallstat.h"

static void test_ranks_r(void **state)
{
    (void)state;
    const double x[10] = {3.1, -1.2, 3.1, 2.7, -1.2, 5, 3.1, 0.0, -0.0, 1e-300};
    const double want[10] = {8.0, 1.5, 8.0, 6.0, 1.5, 10.0, 8.0, 3.5, 3.5, 5.0};
    size_t idx[10];
    double r[10];
    mt_average_ranks(x, 10, idx, r);
    for (size_t i = 0; i < 10; i++)
        assert_near(r[i], want[i], 0.0, 0.0, "rank[%zu]", i);
}

/* Without ties the ranks are the order; one value ranks 1; none is a no-op. */
static void test_ranks_untied(void **state)
{
    (void)state;
    const double x[5] = {0.7, -3.25, 12.5, 0.69999999999999996, 4};
    size_t idx[5];
    double r[5] = {0};
    mt_average_ranks(x, 5, idx, r);
    /* 0.69999999999999996 is the double 0.7: tied with x[0] */
    const double want[5] = {2.5, 1, 5, 2.5, 4};
    for (size_t i = 0; i < 5; i++)
        assert_near(r[i], want[i], 0.0, 0.0, "rank[%zu]", i);
    const double y[5] = {0.7, -3.25, 12.5, 0.6999999999999999, 4};
    mt_average_ranks(y, 5, idx, r);
    const double want_y[5] = {3, 1, 5, 2, 4};
    for (size_t i = 0; i < 5; i++)
        assert_near(r[i], want_y[i], 0.0, 0.0, "rank[%zu]", i);
    double one = 42, r1 = 0;
    mt_average_ranks(&one, 1, idx, &r1);
    assert_near(r1, 1.0, 0.0, 0.0, "single");
    mt_average_ranks(NULL, 0, NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranks_r),
        cmocka_unit_test(test_ranks_untied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
