/* test_change.c - monitor changes matched by time, their tests, and SE from a CI.
 *
 * Expected numbers: tests/reference/trend/change_ref.out, made by
 * tests/reference/trend/change_ref.py (plain arithmetic, scipy norm,
 * statsmodels proportions_ztest).  Tolerance 1e-12 relative for arithmetic,
 * 1e-9 for normal p-values.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <gsl/gsl_errno.h>

#include "monitrend/init.h"
#include "monitrend/change.h"
#include "../reference/trend/series.h"

static const mt_change_opts annual = {1.0, 0, 0};

/* change_ref.out: utrecht 2024 vs 2023, 2019, 2014; no SE, so no test */
static void test_utrecht_monitor(void **state)
{
    (void)state;
    mt_change_set c;
    assert_int_equal(mt_change_monitor(utrecht_t, utrecht_y, NULL, NULL, UTRECHT_N, &annual, &c, NULL),
                     MT_OK);
    assert_int_equal(c.i_latest, UTRECHT_N - 1);
    assert_int_equal(c.prev.available, 1);
    assert_true(c.prev.t_then == 2023);
    assert_near(c.prev.abs_change, -46, 1e-12, 0, "%s", "abs prev");
    assert_near(c.prev.pct_change, -6.2623374855353635, 1e-12, 0, "%s", "pct prev");
    assert_near(c.y5.abs_change, 228.29999999999995, 1e-12, 0, "%s", "abs 5y");
    assert_near(c.y5.pct_change, 49.603476371537191, 1e-12, 0, "%s", "pct 5y");
    assert_near(c.y10.abs_change, 468.34999999999997, 1e-12, 0, "%s", "abs 10y");
    assert_near(c.y10.pct_change, 212.69300635785649, 1e-12, 0, "%s", "pct 10y");
    assert_int_equal(c.y10.test, MT_CHANGE_TEST_NONE);
    assert_true(isnan(c.y10.p));
    assert_string_equal(c.y10.reason,
                        "no standard error (or sample size) for both points: no significance test");
}

/* Amsterdam up to 2021: five years earlier is 2016, which is missing. */
static void test_amsterdam_missing_year(void **state)
{
    (void)state;
    mt_change_set c;
    size_t n = 0;
    while (n < AMS_N && ams_t[n] <= 2021)
        n++;
    assert_int_equal(mt_change_monitor(ams_t, ams_y, NULL, NULL, n, &annual, &c, NULL), MT_OK);
    assert_true(c.y5.t_then == 2016);
    assert_int_equal(c.y5.available, 0);
    assert_true(isnan(c.y5.abs_change) && isnan(c.y5.pct_change));
    assert_string_equal(c.y5.reason, "no observation at 2016");
    assert_int_equal(c.y10.available, 1); /* 2011 */
    assert_near(c.y10.abs_change, 886.83 - 644.1, 1e-12, 0, "%s", "abs 10y");

    /* a missing value given as NaN inside the arrays: latest finite is used,
     * and a NaN earlier value is named */
    double t[] = {2019, 2020, 2021, 2022};
    double y[] = {986.15, NAN, 886.83, NAN};
    assert_int_equal(mt_change_monitor(t, y, NULL, NULL, 4, &annual, &c, NULL), MT_OK);
    assert_int_equal(c.i_latest, 2);
    assert_string_equal(c.prev.reason, "value at 2020 is missing");
    assert_int_equal(c.prev.available, 0);
}

/* change_ref.out: toronto 2023-11 vs 2022-11 and 2022-09 vs 2022-08 (z test on SEs);
 * the previous month of 2023-11 was not measured. */
static void test_toronto_z(void **state)
{
    (void)state;
    mt_change_opts monthly = {1.0 / 12.0, 0, 0};
    mt_change_set s;
    assert_int_equal(mt_change_monitor(toronto_t, toronto_value, toronto_se, NULL, TORONTO_N, &monthly,
                                       &s, NULL),
                     MT_OK);
    assert_int_equal(s.prev.available, 0);
    assert_string_equal(s.prev.reason, "no observation at 2023.75");
    assert_int_equal(s.y5.available, 0);

    mt_change c;
    double t_then = 2022.0 + 10.0 / 12.0;
    assert_int_equal(mt_change_between(toronto_t, toronto_value, toronto_se, NULL, TORONTO_N,
                                       TORONTO_N - 1, t_then, &monthly, &c, NULL),
                     MT_OK);
    assert_int_equal(c.test, MT_CHANGE_TEST_Z_SE);
    assert_near(c.abs_change, 275.93999999999994, 1e-12, 0, "%s", "abs");
    assert_near(c.pct_change, 41.379000089973907, 1e-12, 0, "%s", "pct");
    assert_near(c.se_diff, 71.268116293332739, 1e-12, 0, "%s", "se diff");
    assert_near(c.z, 3.8718576321599034, 1e-12, 0, "%s", "z");
    assert_near(c.p, 0.00010800903590902489, 1e-9, 0, "%s", "p");
    assert_string_equal(c.reason, "");

    assert_int_equal(mt_change_between(toronto_t, toronto_value, toronto_se, NULL, TORONTO_N, 8,
                                       2022.0 + 7.0 / 12.0, &monthly, &c, NULL),
                     MT_OK);
    assert_near(c.z, -6.4243785727670444, 1e-12, 0, "%s", "z");
    assert_near(c.p, 1.3240930591827937e-10, 1e-9, 0, "%s", "p");
    assert_near(c.pct_change, -32.739751060935248, 1e-12, 0, "%s", "pct");
}

/* change_ref.out: prevalence 2023 vs 2022, two-proportion test with sample sizes */
static void test_two_proportion(void **state)
{
    (void)state;
    const double t[] = {2021, 2022, 2023};
    const double y[] = {2.5, 3.0, 2.7}; /* percent */
    const double nobs[] = {NAN, 6120, 5842};
    const double se[] = {0.2, 0.22, 0.21}; /* ignored: the proportion test takes precedence */
    mt_change_opts o = {1.0, 0, 100.0};
    mt_change_set c;
    assert_int_equal(mt_change_monitor(t, y, se, nobs, 3, &o, &c, NULL), MT_OK);
    assert_int_equal(c.prev.test, MT_CHANGE_TEST_TWO_PROPORTION);
    assert_near(c.prev.z, -0.98508647559555207, 1e-12, 0, "%s", "z");
    assert_near(c.prev.p, 0.32458159595821701, 1e-9, 0, "%s", "p");
    assert_near(c.prev.se_diff, 0.30454179143879639, 1e-12, 0, "%s", "se diff");
    assert_near(c.prev.pct_change, -10, 1e-12, 0, "%s", "pct");
    /* 2023 vs 2021: 2021 has no n, so it falls back to the SE z test */
    mt_change d;
    assert_int_equal(mt_change_between(t, y, se, nobs, 3, 2, 2021, &o, &d, NULL), MT_OK);
    assert_int_equal(d.test, MT_CHANGE_TEST_Z_SE);
    assert_near(d.z, 0.2 / sqrt(0.2 * 0.2 + 0.21 * 0.21), 1e-12, 0, "%s", "z se"); /* hand: 0.2/0.29 */
    /* not a proportion */
    const double bad[] = {2.5, 130.0, 2.7};
    assert_int_equal(mt_change_between(t, bad, se, nobs, 3, 2, 2022, &o, &d, NULL), MT_OK);
    assert_int_equal(d.test, MT_CHANGE_TEST_NONE);
    assert_string_equal(d.reason, "a value is not a proportion on scale 100: no two-proportion test");
}

static void test_zero_earlier(void **state)
{
    (void)state;
    const double t[] = {2022, 2023};
    const double y[] = {0.0, 7.0};
    mt_change c;
    assert_int_equal(mt_change_between(t, y, NULL, NULL, 2, 1, 2022, &annual, &c, NULL), MT_OK);
    assert_int_equal(c.available, 1);
    assert_near(c.abs_change, 7.0, 1e-15, 0, "%s", "abs");
    assert_true(isnan(c.pct_change));
    assert_string_equal(c.reason, "value at 2022 is zero: percent change undefined; "
                                  "no standard error (or sample size) for both points: no significance test");
}

/* change_ref.out: se_from_ci lines */
static void test_se_from_ci(void **state)
{
    (void)state;
    double se;
    mt_error err;
    assert_int_equal(mt_change_se_from_ci(1.9, 2.6, 0.95, 0, &se, &err), MT_OK);
    assert_near(se, 0.17857470992362892, 1e-12, 0, "%s", "data scale");
    assert_int_equal(mt_change_se_from_ci(1.9, 2.6, 0, 1, &se, &err), MT_OK);
    assert_near(se, 0.080016153696989459, 1e-12, 0, "%s", "log scale");
    /* StatCan's published SE (40.40) is not (upper - lower)/(2 z) = 54.205: documented */
    assert_int_equal(mt_change_se_from_ci(toronto_low[0], toronto_high[0], 0.95, 0, &se, &err), MT_OK);
    assert_near(se, 54.20507766367524, 1e-12, 0, "%s", "toronto");
    assert_int_equal(mt_change_se_from_ci(2.6, 1.9, 0.95, 0, &se, &err), MT_EINVAL);
    assert_true(isnan(se));
    assert_int_equal(mt_change_se_from_ci(0.0, 1.9, 0.95, 1, &se, &err), MT_EINVAL);
    assert_int_equal(mt_change_se_from_ci(NAN, 1.9, 0.95, 0, &se, &err), MT_ENONFINITE);
    assert_int_equal(mt_change_se_from_ci(1.0, 1.9, 1.0, 0, &se, &err), MT_EINVAL);
}

static void test_errors(void **state)
{
    (void)state;
    mt_change c;
    mt_change_set s;
    mt_error err;
    const double t[] = {2022, 2023};
    const double y[] = {4.5, NAN};
    const double yn[] = {NAN, NAN};
    assert_int_equal(mt_change_between(t, y, NULL, NULL, 2, 5, 2022, &annual, &c, &err), MT_EINVAL);
    assert_int_equal(mt_change_between(t, y, NULL, NULL, 2, 1, 2022, &annual, &c, &err), MT_EINVAL);
    assert_string_equal(err.msg, "change: the value at index 1 is missing");
    assert_int_equal(mt_change_between(t, y, NULL, NULL, 2, 0, NAN, &annual, &c, &err), MT_ENONFINITE);
    mt_change_opts bad = {0, 0, 0};
    assert_int_equal(mt_change_between(t, y, NULL, NULL, 2, 0, 2021, &bad, &c, &err), MT_EINVAL);
    assert_int_equal(mt_change_monitor(t, yn, NULL, NULL, 2, &annual, &s, &err), MT_ETOOFEW);
    const double tn[] = {NAN, 2023};
    const double y2[] = {4.5, 5.25};
    assert_int_equal(mt_change_between(tn, y2, NULL, NULL, 2, 1, 2022, &annual, &c, &err), MT_ENONFINITE);
    assert_int_equal(mt_change_monitor(t, y, NULL, NULL, 2, &annual, NULL, &err), MT_EINVAL);
    const double tu[] = {2023, 2022};
    assert_int_equal(mt_change_between(tu, y2, NULL, NULL, 2, 1, 2022, &annual, &c, &err), MT_EINVAL);
    assert_string_equal(err.msg, "change: times must be strictly increasing, t[1] = 2022 after 2023");
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utrecht_monitor), cmocka_unit_test(test_amsterdam_missing_year),
        cmocka_unit_test(test_toronto_z),       cmocka_unit_test(test_two_proportion),
        cmocka_unit_test(test_zero_earlier),    cmocka_unit_test(test_se_from_ci),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
