/*
 * test_comparability.c - comparability ratios across a definition change
 * (src/stats/comparability.c) against R: tests/reference/comparability/
 * comparability.R -> comparability.Rout (UNODC cocaine seizures NL
 * 1980-2023, a hypothetical ratio R = 1.25, SE 0.05 at 2010).  Expected
 * numbers are read from the transcript at run time (repository root).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/init.h"
#include "monitrend/comparability.h"
#include "monitrend/trend.h"

#define MAXN 64
#define RTOL 1e-9

/* The numbers after each name on the transcript line starting with tag. */
static double ref(const char *tag, const char *name)
{
    FILE *f = fopen("tests/reference/comparability/comparability.Rout", "r");
    assert_non_null(f);
    char line[2048];
    double v = NAN;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, tag, strlen(tag)) != 0 || line[strlen(tag)] != ' ')
            continue;
        char key[64];
        snprintf(key, sizeof key, " %s ", name);
        const char *p = strstr(line, key);
        assert_non_null(p);
        v = strtod(p + strlen(key), NULL);
    }
    fclose(f);
    assert_true(isfinite(v));
    return v;
}

static void test_log_unweighted(void **state)
{
    (void)state;
    double t[MAXN], y[MAXN], g[MAXN];
    size_t n = test_read_seizures("seizures", "cocaine", "NL", 0, t, y, MAXN), changed;
    assert_int_equal(n, 44);
    mt_error e;
    assert_int_equal(mt_comparability_bridge(t, n, 2010, 1.25, 0.05, 1, y, NULL, NULL, g, &changed, &e),
                     MT_OK);
    assert_int_equal(changed, 30); /* 1980-2009 */
    mt_trend_opts o = {.scale = MT_SCALE_LOG, .level = 0.95};
    mt_trend_result tr;
    assert_int_equal(mt_trend_fit(t, y, NULL, n, &o, &tr, &e), MT_OK);
    assert_rel(tr.b, ref("log_unweighted", "slope"), RTOL);
    assert_rel(tr.se_b, ref("log_unweighted", "se_lm"), 1e-8);
    double d;
    assert_int_equal(mt_comparability_slope_deriv(t, g, NULL, n, NULL, 0, &d, &e), MT_OK);
    assert_rel(d, ref("log_unweighted", "dB"), RTOL);
    double se = sqrt(tr.se_b * tr.se_b + d * d * mt_comparability_theta_var(1.25, 0.05, 1));
    assert_rel(se, ref("log_unweighted", "se"), 1e-8);
}

static void test_log_weighted(void **state)
{
    (void)state;
    double t[MAXN], y[MAXN], se[MAXN];
    size_t n = test_read_seizures("seizures", "cocaine", "NL", 0, t, y, MAXN);
    for (size_t i = 0; i < n; i++)
        se[i] = 0.1;
    mt_error e;
    assert_int_equal(mt_comparability_bridge(t, n, 2010, 1.25, 0.05, 1, y, NULL, se, NULL, NULL, &e),
                     MT_OK);
    assert_rel(se[0], sqrt(0.01 + 0.0016), 1e-15); /* (0.05/1.25)^2 = 0.0016 */
    assert_rel(se[n - 1], 0.1, 0);
    mt_trend_opts o = {.scale = MT_SCALE_LOG, .level = 0.95, .se_analysis_scale = 1};
    mt_trend_result tr;
    assert_int_equal(mt_trend_fit(t, y, se, n, &o, &tr, &e), MT_OK);
    assert_rel(tr.b, ref("log_weighted", "slope"), RTOL);
    assert_rel(tr.se_b, ref("log_weighted", "se"), 1e-8);
}

static void test_linear_weighted(void **state)
{
    (void)state;
    double t[MAXN], y[MAXN], se[MAXN], z[MAXN], g[MAXN];
    size_t n = test_read_seizures("seizures", "cocaine", "NL", 0, t, y, MAXN);
    for (size_t i = 0; i < n; i++) {
        se[i] = 0.1 * y[i];
        z[i] = y[i];
    }
    mt_error e;
    assert_int_equal(mt_comparability_bridge(t, n, 2010, 1.25, 0.05, 0, y, z, se, g, NULL, &e), MT_OK);
    for (size_t i = 0; i < n; i++)
        assert_true(y[i] == z[i]);
    mt_trend_opts o = {.scale = MT_SCALE_LINEAR, .level = 0.95, .se_analysis_scale = 1};
    mt_trend_result tr;
    assert_int_equal(mt_trend_fit(t, y, se, n, &o, &tr, &e), MT_OK);
    assert_rel(tr.b, ref("linear_weighted", "slope"), RTOL);
    assert_rel(tr.se_b, ref("linear_weighted", "se"), 1e-8);
    double d;
    assert_int_equal(mt_comparability_slope_deriv(t, g, NULL, n, NULL, 0, &d, &e), MT_OK);
    assert_rel(d, ref("linear_weighted", "dB_unweighted"), RTOL);
}

static void test_errors(void **state)
{
    (void)state;
    double t[4] = {2000, 2001, 2002, 2003}, y[4] = {1, 2, 3, 4}, g[4];
    mt_error e;
    assert_int_equal(mt_comparability_bridge(t, 4, 2002, 0, 0, 1, y, NULL, NULL, NULL, NULL, &e), MT_EINVAL);
    assert_int_equal(mt_comparability_bridge(t, 4, 2002, NAN, 0, 1, y, NULL, NULL, NULL, NULL, &e), MT_EINVAL);
    assert_int_equal(mt_comparability_bridge(t, 4, 2002, 1.1, -1, 1, y, NULL, NULL, NULL, NULL, &e), MT_EINVAL);
    assert_int_equal(mt_comparability_bridge(NULL, 4, 2002, 1.1, 0, 1, y, NULL, NULL, NULL, NULL, &e), MT_EINVAL);
    /* the value at the change itself is on the new definition: untouched */
    assert_int_equal(mt_comparability_bridge(t, 4, 2002, 2, 0, 1, y, NULL, NULL, g, NULL, &e), MT_OK);
    assert_true(y[0] == 2 && y[1] == 4 && y[2] == 3 && y[3] == 4);
    assert_true(g[0] == 1 && g[1] == 1 && g[2] == 0 && g[3] == 0);
    double d;
    assert_int_equal(mt_comparability_slope_deriv(t, g, NULL, 2, NULL, 0, &d, &e), MT_ETOOFEW);
    double jumps[1] = {1990}; /* a step equal to the intercept column */
    assert_int_equal(mt_comparability_slope_deriv(t, g, NULL, 4, jumps, 1, &d, &e), MT_ESINGULAR);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_unweighted), cmocka_unit_test(test_log_weighted),
        cmocka_unit_test(test_linear_weighted), cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
