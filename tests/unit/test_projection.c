/*
 * test_projection.c - the last joinpoint segment projected past the data
 * (src/stats/projection.c) against R: tests/reference/projection/
 * projection.R -> projection.Rout (UNODC cocaine seizures NL, joinpoints
 * 1994 and 2014, the 2010 level shift, projected to 2024 and 2025).
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
#include "monitrend/projection.h"

#define MAXN 64

static void test_oracle(void **state)
{
    (void)state;
    double t[MAXN], y[MAXN];
    size_t n = test_read_seizures("seizures", "cocaine", "NL", 1, t, y, MAXN);
    const double jump = 2010, taus[2] = {1994, 2014};
    mt_jp_options o;
    mt_jp_options_default(&o);
    o.jumps = &jump;
    o.n_jumps = 1;
    mt_jp_result *fit = NULL;
    mt_error e;
    assert_int_equal(mt_jp_fit_fixed(t, y, NULL, n, taus, 2, &o, &fit, &e), MT_OK);
    const double x[2] = {2024, 2025};
    double mu[2], cl[2], ch[2], pl[2], ph[2];
    assert_int_equal(mt_jp_project(fit, x, 2, 0.05, 1.0, mu, cl, ch, pl, ph, &e), MT_OK);
    FILE *f = fopen("tests/reference/projection/projection.Rout", "r");
    assert_non_null(f);
    char line[1024];
    int seen = 0;
    while (fgets(line, sizeof line, f)) {
        int yr;
        double a, b, c, d, g;
        if (sscanf(line, "proj %d fit %lf ci_lo %lf ci_hi %lf pi_lo %lf pi_hi %lf", &yr, &a, &b, &c,
                   &d, &g) != 6)
            continue;
        int i = yr == 2024 ? 0 : 1;
        assert_rel(exp(mu[i]), a, 1e-9);
        assert_rel(exp(cl[i]), b, 1e-9);
        assert_rel(exp(ch[i]), c, 1e-9);
        assert_rel(exp(pl[i]), d, 1e-9);
        assert_rel(exp(ph[i]), g, 1e-9);
        seen++;
    }
    fclose(f);
    assert_int_equal(seen, 2);
    /* inside the data the projection is the fitted value */
    const double xin = 2020;
    double m2;
    assert_int_equal(mt_jp_project(fit, &xin, 1, 0.05, 1.0, &m2, NULL, NULL, NULL, NULL, &e), MT_OK);
    assert_rel(m2, fit->fitted[40], 1e-12);
    /* errors */
    assert_int_equal(mt_jp_project(NULL, x, 2, 0.05, 1.0, mu, NULL, NULL, NULL, NULL, &e), MT_EINVAL);
    assert_int_equal(mt_jp_project(fit, x, 2, 1.5, 1.0, mu, NULL, NULL, NULL, NULL, &e), MT_EINVAL);
    assert_int_equal(mt_jp_project(fit, x, 2, 0.05, 0.0, mu, NULL, NULL, NULL, NULL, &e), MT_EINVAL);
    mt_jp_result_free(fit);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_oracle)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
