/*
 * test_joinpoint_ci.c - bootstrap CIs of joinpoint locations
 * (src/stats/joinpoint_ci.c) against the brute-force R oracle
 * tests/reference/joinpoint_ci/jp_ci.R -> jp_ci.Rout: UNODC cocaine seizures
 * NL 1980-2023 (ln kg, the 2010 change as a level shift), k = 2.  The R
 * bootstrap uses R's random numbers (2000 samples), so the bounds are
 * compared to within one grid step (one year); the fit itself exactly.
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
#include "monitrend/joinpoint_ci.h"

#define MAXN 64

static void test_oracle_nl_cocaine(void **state)
{
    (void)state;
    double t[MAXN], y[MAXN];
    size_t n = test_read_seizures("seizures", "cocaine", "NL", 1, t, y, MAXN);
    assert_int_equal(n, 44);
    FILE *f = fopen("tests/reference/joinpoint_ci/jp_ci.Rout", "r");
    assert_non_null(f);
    char line[4096];
    double taus[2], sse = NAN, rlo[2] = {NAN, NAN}, rhi[2] = {NAN, NAN};
    while (fgets(line, sizeof line, f)) {
        int j, tau;
        double lo, hi;
        if (sscanf(line, "fit taus %lf %lf sse %lf", &taus[0], &taus[1], &sse) == 3)
            continue;
        if (sscanf(line, "jp %d tau %d lo %lf hi %lf", &j, &tau, &lo, &hi) == 4 && j >= 1 && j <= 2) {
            rlo[j - 1] = lo;
            rhi[j - 1] = hi;
        }
    }
    fclose(f);
    assert_true(isfinite(sse) && isfinite(rlo[1]));
    const double jump = 2010;
    mt_jp_options o;
    mt_jp_options_default(&o);
    o.min_joinpoints = o.max_joinpoints = 2;
    o.jumps = &jump;
    o.n_jumps = 1;
    o.seed = 16;
    mt_jp_result *fit = NULL;
    mt_error e;
    assert_int_equal(mt_jp_fit(t, y, NULL, n, &o, &fit, &e), MT_OK);
    assert_int_equal(fit->k, 2);
    assert_true(fit->taus[0] == taus[0] && fit->taus[1] == taus[1]);
    assert_true(fabs(fit->sse - sse) <= 1e-9 * sse);
    double lo[2], hi[2];
    assert_int_equal(mt_jp_location_ci(t, y, NULL, n, &o, fit, 2000, lo, hi, &e), MT_OK);
    for (int j = 0; j < 2; j++) {
        assert_true(lo[j] <= fit->taus[j] && fit->taus[j] <= hi[j]);
        assert_true(lo[j] == floor(lo[j]) && hi[j] == floor(hi[j])); /* grid points (years) */
        if (fabs(lo[j] - rlo[j]) > 1 || fabs(hi[j] - rhi[j]) > 1)
            fail_msg("joinpoint %d: CI %g-%g, R %g-%g", j + 1, lo[j], hi[j], rlo[j], rhi[j]);
    }
    /* reproducible from the seed */
    double lo2[2], hi2[2];
    assert_int_equal(mt_jp_location_ci(t, y, NULL, n, &o, fit, 2000, lo2, hi2, &e), MT_OK);
    assert_true(lo2[0] == lo[0] && hi2[1] == hi[1]);
    mt_jp_result_free(fit);
}

/* A sharp kink in noiseless-looking data: the interval is the joinpoint itself. */
static void test_sharp(void **state)
{
    (void)state;
    double t[20], y[20];
    for (int i = 0; i < 20; i++) {
        t[i] = 2000 + i;
        y[i] = 1 + 0.2 * i - 0.5 * (i > 9 ? i - 9 : 0) + 0.001 * ((i * 7) % 5 - 2);
    }
    mt_jp_options o;
    mt_jp_options_default(&o);
    o.min_joinpoints = o.max_joinpoints = 1;
    mt_jp_result *fit = NULL;
    mt_error e;
    assert_int_equal(mt_jp_fit(t, y, NULL, 20, &o, &fit, &e), MT_OK);
    assert_true(fit->taus[0] == 2009);
    double lo, hi;
    assert_int_equal(mt_jp_location_ci(t, y, NULL, 20, &o, fit, 200, &lo, &hi, &e), MT_OK);
    assert_true(lo == 2009 && hi == 2009);
    /* errors */
    assert_int_equal(mt_jp_location_ci(t, y, NULL, 20, &o, fit, 5, &lo, &hi, &e), MT_EINVAL);
    assert_int_equal(mt_jp_location_ci(t, y, NULL, 19, &o, fit, 200, &lo, &hi, &e), MT_EINVAL);
    o.family = MT_JP_POISSON;
    assert_int_equal(mt_jp_location_ci(t, y, NULL, 20, &o, fit, 200, &lo, &hi, &e), MT_EINVAL);
    mt_jp_result_free(fit);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle_nl_cocaine),
        cmocka_unit_test(test_sharp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
