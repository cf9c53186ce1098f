/*
 * test_ar1.c - GLS with AR(1) errors, phi by REML (src/stats/ar1.c),
 * against R nlme::gls(..., correlation = corAR1(), method = "REML"):
 * tests/reference/ar1/ar1_gls.R -> ar1_gls.Rout, two bundled series (UNODC
 * cannabis seizures NL, ln kg ~ year; cocaine seizures BE, ln kg ~ year +
 * level shift 2010).  Tolerance 1e-6 relative (the issue's), read at run
 * time from the transcript (repository root).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "monitrend/ar1.h"

#define MAXN 64
#define TOL 1e-6

static void assert_rel(const char *what, double got, double want, double rtol)
{
    if (!(fabs(got - want) <= rtol * fabs(want)))
        fail_msg("%s: got %.17g want %.17g (rtol %g)", what, got, want, rtol);
}

static size_t read_series(const char *ind, const char *mk, const char *rg, double *t, double *y)
{
    FILE *f = fopen("data/unodc/seizures-nl-be.csv", "r");
    assert_non_null(f);
    char line[2048];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        char a[64], b[64], c[64];
        double per, v;
        if (sscanf(line, "%63[^,],%lf,%lf,%63[^,],%63[^,],", a, &per, &v, b, c) == 5 &&
            strcmp(a, ind) == 0 && strcmp(b, mk) == 0 && strcmp(c, rg) == 0 && n < MAXN) {
            t[n] = per;
            y[n++] = log(v);
        }
    }
    fclose(f);
    return n;
}

typedef struct {
    size_t n;
    double phi, sigma, est[3], se[3], p[3], dw;
    int ncoef;
} ref_t;

static void read_ref(const char *name, ref_t *r)
{
    FILE *f = fopen("tests/reference/ar1/ar1_gls.Rout", "r");
    assert_non_null(f);
    char line[1024], want[64];
    snprintf(want, sizeof want, "## %s ", name);
    int in = 0;
    r->ncoef = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "## ", 3) == 0) {
            in = strncmp(line, want, strlen(want)) == 0;
            if (in)
                assert_int_equal(sscanf(line + strlen(want), "n %zu phi %lf sigma %lf", &r->n, &r->phi,
                                        &r->sigma), 3);
            continue;
        }
        int i;
        double e, s, p;
        if (in && sscanf(line, "coef %d est %lf se %lf p %lf", &i, &e, &s, &p) == 4 && i < 3) {
            r->est[i] = e;
            r->se[i] = s;
            r->p[i] = p;
            r->ncoef = i + 1;
        }
        if (in)
            sscanf(line, "dw %lf", &r->dw);
    }
    fclose(f);
    assert_true(r->ncoef >= 2);
}

/* Fit with centred time (better conditioned); the slope and shift are the
 * same coefficients as R's on raw years, the intercept at year 0 is
 * b0 - b1 tc. */
static void check(const char *name, const char *ind, const char *mk, const char *rg, double jump)
{
    double t[MAXN], y[MAXN], X[MAXN * 3];
    size_t n = read_series(ind, mk, rg, t, y);
    ref_t r;
    read_ref(name, &r);
    assert_int_equal(n, r.n);
    size_t p = isfinite(jump) ? 3 : 2;
    double tc = 0;
    for (size_t i = 0; i < n; i++)
        tc += t[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        X[i * p] = 1;
        X[i * p + 1] = t[i] - tc;
        if (p == 3)
            X[i * p + 2] = t[i] >= jump ? 1 : 0;
    }
    mt_ar1_result a;
    mt_error e;
    assert_int_equal(mt_ar1_gls(y, X, n, p, &a, &e), MT_OK);
    assert_rel("phi", a.phi, r.phi, TOL);
    assert_rel("sigma", a.sigma, r.sigma, TOL);
    assert_rel("slope", a.coef[1], r.est[1], TOL);
    assert_rel("slope se", a.se[1], r.se[1], TOL);
    assert_rel("intercept", a.coef[0] - a.coef[1] * tc, r.est[0], TOL);
    if (p == 3) {
        assert_rel("shift", a.coef[2], r.est[2], TOL);
        assert_rel("shift se", a.se[2], r.se[2], TOL);
    }
    assert_true(mt_ar1_dw_suggests(r.dw));
}

static void test_cannabis_nl(void **state)
{
    (void)state;
    check("cannabis_nl", "seizures", "cannabis", "NL", NAN);
}

static void test_cocaine_be(void **state)
{
    (void)state;
    check("cocaine_be", "seizures_be", "cocaine", "BE", 2010);
}

/* The joinpoint model of cocaine seizures BE (joinpoint 1987, shift 2010)
 * refitted with AR(1) errors: block "## jp_be" of the transcript. */
static void test_jp_refit(void **state)
{
    (void)state;
    double t[MAXN], y[MAXN];
    size_t n = read_series("seizures_be", "cocaine", "BE", t, y);
    const double tau = 1987, jump = 2010;
    mt_jp_options o;
    mt_jp_options_default(&o);
    o.jumps = &jump;
    o.n_jumps = 1;
    mt_jp_result *fit = NULL;
    mt_error e;
    assert_int_equal(mt_jp_fit_fixed(t, y, NULL, n, &tau, 1, &o, &fit, &e), MT_OK);
    double phi;
    assert_int_equal(mt_ar1_jp_refit(t, y, n, 0.05, fit, &phi, &e), MT_OK);
    FILE *f = fopen("tests/reference/ar1/ar1_gls.Rout", "r");
    assert_non_null(f);
    char line[1024];
    int in = 0, seen = 0;
    while (fgets(line, sizeof line, f)) {
        double v, s;
        int k;
        if (sscanf(line, "## jp_be phi %lf", &v) == 1) {
            in = 1;
            assert_rel("phi", phi, v, TOL);
        } else if (in && sscanf(line, "seg %d slope %lf se %lf", &k, &v, &s) == 3 && k >= 1 && k <= 2) {
            assert_rel("segment slope", fit->segments[k - 1].slope, v, TOL);
            assert_rel("segment se", fit->segments[k - 1].slope_se, s, TOL);
            seen++;
        }
    }
    fclose(f);
    assert_int_equal(seen, 2);
    mt_jp_result_free(fit);
}

static void test_errors(void **state)
{
    (void)state;
    double y[5] = {1, 2, 3, 4, 5}, X[10] = {1, 0, 1, 1, 1, 2, 1, 3, 1, 4};
    mt_ar1_result a;
    mt_error e;
    assert_int_equal(mt_ar1_gls(y, X, 4, 2, &a, &e), MT_ETOOFEW);
    assert_int_equal(mt_ar1_gls(NULL, X, 5, 2, &a, &e), MT_EINVAL);
    assert_int_equal(mt_ar1_gls(y, X, 5, 0, &a, &e), MT_EINVAL);
    double yn[5] = {1, NAN, 3, 4, 5};
    assert_int_equal(mt_ar1_gls(yn, X, 5, 2, &a, &e), MT_ENONFINITE);
    double Xs[10] = {1, 2, 1, 2, 1, 2, 1, 2, 1, 2}; /* collinear columns */
    assert_int_equal(mt_ar1_gls(y, Xs, 5, 2, &a, &e), MT_ESINGULAR);
    assert_true(mt_ar1_dw_suggests(1.2) && mt_ar1_dw_suggests(2.8) && !mt_ar1_dw_suggests(2.0) &&
                !mt_ar1_dw_suggests(NAN));
    /* consecutive periods: yearly 1980-1983, a gap 1970 -> 1980, monthly */
    const double ty[4] = {1980, 1981, 1982, 1983}, tg[3] = {1970, 1980, 1981};
    const double tm[3] = {2022, 2022 + 1 / 12.0, 2022 + 2 / 12.0}, tm2[2] = {2023, 2023 + 2 / 12.0};
    assert_true(mt_ar1_consecutive(ty, 4, 1) && !mt_ar1_consecutive(tg, 3, 1));
    assert_true(mt_ar1_consecutive(tm, 3, 12) && !mt_ar1_consecutive(tm2, 2, 12));
    /* lags in whole periods: 1970 -> 1980 is 10 years; two months apart is 2 */
    double lag[4];
    assert_int_equal(mt_ar1_lags(tg, 3, 1, lag), 1);
    assert_true(lag[0] == 1 && lag[1] == 10 && lag[2] == 1);
    assert_int_equal(mt_ar1_lags(ty, 4, 1, lag), 0);
    assert_int_equal(mt_ar1_lags(tm2, 2, 12, lag), 1);
    assert_true(lag[1] == 2);
    /* bad weights and lags */
    double w[5] = {1, 1, 0, 1, 1}, lg[5] = {1, 1, 1.5, 1, 1};
    mt_ar1_opts o = {.w = w};
    assert_int_equal(mt_ar1_gls_opt(y, X, 5, 2, &o, &a, &e), MT_EINVAL);
    mt_ar1_opts o2 = {.lag = lg};
    assert_int_equal(mt_ar1_gls_opt(y, X, 5, 2, &o2, &a, &e), MT_EINVAL);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cannabis_nl), cmocka_unit_test(test_cocaine_be),
        cmocka_unit_test(test_jp_refit), cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
