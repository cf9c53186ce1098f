/* test_counts.c - the count-series variance models (issue 11): the log-linear
 * Poisson and quasi-Poisson GLM of the trend kernel, the quasi-Poisson
 * joinpoint fit and AAPC, and the count-model bands, against R glm().
 *
 * Every expected number is in tests/reference/counts/ref_counts.h, written by
 * tests/reference/counts/counts.R (transcript counts.Rout, R 4.2.2 glm with
 * epsilon 1e-14).  Data (real): Dutch registered drug incidents 2014, 2022-2024
 * (NDM 2025 factsheet, data/ndm-2025), NSW monthly drug offences 1995-2023
 * (BOCSAR via fpp3, 348 points), US heroin (T40.1) deaths 2013-2020 (CDC
 * WONDER).  Tolerance 1e-8 relative (absolute 1e-8 near zero): R solves by
 * QR, GSL by SVD on a centred design; they agree to ~1e-11 here.
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
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_matrix.h>

#include "monitrend/init.h"
#include "monitrend/bands.h"
#include "monitrend/joinpoint.h"
#include "monitrend/trend.h"

#include "../reference/counts/ref_counts.h"

#define REL_TOL 1e-8

/* One GLM trend against R: coefficients, SE, CI, p, dispersion. */
static void check_glm(const double *t, const double *y, size_t n, mt_variance v,
                      const double *jump_t, size_t n_jumps, size_t p, const double *coef,
                      const double *se, const double *lo, const double *hi, const double *pv,
                      double disp, double pearson, double dev)
{
    mt_trend_opts o = {.scale = MT_SCALE_AUTO, .level = 0.95, .jump_t = jump_t, .n_jumps = n_jumps,
                       .variance = v};
    mt_trend_result r;
    mt_error e;
    assert_int_equal(mt_trend_fit(t, y, NULL, n, &o, &r, &e), MT_OK);
    assert_int_equal(r.n_params, p);
    assert_int_equal(r.scale, MT_SCALE_LOG);
    assert_int_equal(r.variance, v);
    assert_int_equal(r.normal, v == MT_VARIANCE_POISSON);
    for (size_t k = 0; k < p; k++) {
        assert_near(r.coef[k], coef[k], REL_TOL, 1.0, "%s[%zu]", "coef", (size_t)(k));
        assert_near(r.coef_se[k], se[k], REL_TOL, 1.0, "%s[%zu]", "se", (size_t)(k));
    }
    assert_near(r.b_lo, lo[1], REL_TOL, 1.0, "%s[%zu]", "slope lo", (size_t)(1));
    assert_near(r.b_hi, hi[1], REL_TOL, 1.0, "%s[%zu]", "slope hi", (size_t)(1));
    assert_near(r.p_b, pv[1], REL_TOL, 1.0, "%s[%zu]", "slope p", (size_t)(1));
    assert_near(r.apc, 100.0 * expm1(coef[1]), REL_TOL, 1.0, "%s[%zu]", "apc", (size_t)(0));
    assert_near(r.apc_lo, 100.0 * expm1(lo[1]), REL_TOL, 1.0, "%s[%zu]", "apc_lo", (size_t)(0));
    assert_near(r.apc_hi, 100.0 * expm1(hi[1]), REL_TOL, 1.0, "%s[%zu]", "apc_hi", (size_t)(0));
    for (size_t j = 0; j < n_jumps; j++) {
        assert_near(r.jump[j], 100.0 * expm1(coef[2 + j]), REL_TOL, 1.0, "%s[%zu]", "jump %", (size_t)(j));
        assert_near(r.jump_lo[j], 100.0 * expm1(lo[2 + j]), REL_TOL, 1.0, "%s[%zu]", "jump lo", (size_t)(j));
        assert_near(r.jump_hi[j], 100.0 * expm1(hi[2 + j]), REL_TOL, 1.0, "%s[%zu]", "jump hi", (size_t)(j));
        assert_near(r.jump_p[j], pv[2 + j], REL_TOL, 1.0, "%s[%zu]", "jump p", (size_t)(j));
    }
    assert_near(r.dispersion, disp, REL_TOL, 1.0, "%s[%zu]", "dispersion", (size_t)(0));
    assert_near(r.pearson_dispersion, pearson, REL_TOL, 1.0, "%s[%zu]", "pearson", (size_t)(0));
    assert_near(r.deviance, dev, REL_TOL, 1.0, "%s[%zu]", "deviance", (size_t)(0));
}

#define GLM_CASE(data, id, v, jt, nj)                                                              \
    check_glm(ref_##data##_t, ref_##data##_y, REF_##data##_N_, v, jt, nj, REF_##id##_P,           \
              ref_##id##_coef, ref_##id##_se, ref_##id##_lo, ref_##id##_hi, ref_##id##_p,         \
              ref_##id##_disp, ref_##id##_pearson, ref_##id##_dev)

#define REF_inc_hard_N_ REF_INC_HARD_N
#define REF_inc_soft_N_ REF_INC_SOFT_N
#define REF_nsw_N_ REF_NSW_N
#define REF_cdc_N_ REF_CDC_N
#define REF_inc_hard_quasi_P REF_INC_HARD_QUASI_P
#define REF_inc_hard_pois_P REF_INC_HARD_POIS_P
#define REF_inc_soft_quasi_P REF_INC_SOFT_QUASI_P
#define REF_nsw_quasi_P REF_NSW_QUASI_P
#define REF_nsw_pois_P REF_NSW_POIS_P
#define REF_nsw_jump_quasi_P REF_NSW_JUMP_QUASI_P
#define REF_cdc_quasi_P REF_CDC_QUASI_P
#define REF_cdc_pois_P REF_CDC_POIS_P

static void test_incidents(void **state)
{
    (void)state;
    GLM_CASE(inc_hard, inc_hard_quasi, MT_VARIANCE_QUASIPOISSON, NULL, 0);
    GLM_CASE(inc_hard, inc_hard_pois, MT_VARIANCE_POISSON, NULL, 0);
    GLM_CASE(inc_soft, inc_soft_quasi, MT_VARIANCE_QUASIPOISSON, NULL, 0);
}

static void test_nsw(void **state)
{
    (void)state;
    static const double jump[] = {2020.0};
    GLM_CASE(nsw, nsw_quasi, MT_VARIANCE_QUASIPOISSON, NULL, 0);
    GLM_CASE(nsw, nsw_pois, MT_VARIANCE_POISSON, NULL, 0);
    GLM_CASE(nsw, nsw_jump_quasi, MT_VARIANCE_QUASIPOISSON, jump, 1);
}

static void test_cdc(void **state)
{
    (void)state;
    GLM_CASE(cdc, cdc_quasi, MT_VARIANCE_QUASIPOISSON, NULL, 0);
    GLM_CASE(cdc, cdc_pois, MT_VARIANCE_POISSON, NULL, 0);
}

/* The contradiction of issue 11: incidents/hard had a trend CI of -3.2 to
 * +4.8 % and, from the joinpoint fit, an AAPC CI of +0.1 to +1.3 %.  With one
 * variance model both are the quasi-Poisson fit of R and agree exactly. */
static void test_trend_equals_aapc(void **state)
{
    (void)state;
    mt_jp_options jo;
    mt_jp_options_default(&jo);
    jo.family = MT_JP_POISSON;
    jo.quasi = 1;
    mt_jp_result *jr = NULL;
    mt_error e;
    assert_int_equal(mt_jp_fit(ref_inc_hard_t, ref_inc_hard_y, NULL, REF_INC_HARD_N, &jo, &jr, &e), MT_OK);
    assert_int_equal(jr->k, 0);
    assert_near(jr->sigma2, ref_inc_hard_quasi_disp, REL_TOL, 1.0, "%s[%zu]", "jp dispersion", (size_t)(0));
    assert_near(jr->aapc_full.aapc, 100.0 * expm1(ref_inc_hard_quasi_coef[1]), REL_TOL, 1.0, "%s[%zu]", "aapc", (size_t)(0));
    assert_near(jr->aapc_full.lo, 100.0 * expm1(ref_inc_hard_quasi_lo[1]), REL_TOL, 1.0, "%s[%zu]", "aapc lo", (size_t)(0));
    assert_near(jr->aapc_full.hi, 100.0 * expm1(ref_inc_hard_quasi_hi[1]), REL_TOL, 1.0, "%s[%zu]", "aapc hi", (size_t)(0));
    assert_near(jr->segments[0].p, ref_inc_hard_quasi_p[1], REL_TOL, 1.0, "%s[%zu]", "segment p", (size_t)(0));
    /* the lower bound is below zero: not the "+0.1" of the old Poisson AAPC */
    assert_true(jr->aapc_full.lo < 0.0);
    mt_jp_result_free(jr);

    /* Poisson (dispersion 1): normal quantiles in the AAPC as in the trend */
    jo.quasi = 0;
    assert_int_equal(mt_jp_fit(ref_inc_hard_t, ref_inc_hard_y, NULL, REF_INC_HARD_N, &jo, &jr, &e), MT_OK);
    assert_near(jr->aapc_full.lo, 100.0 * expm1(ref_inc_hard_pois_lo[1]), REL_TOL, 1.0, "%s[%zu]", "poisson aapc lo", (size_t)(0));
    assert_near(jr->aapc_full.hi, 100.0 * expm1(ref_inc_hard_pois_hi[1]), REL_TOL, 1.0, "%s[%zu]", "poisson aapc hi", (size_t)(0));
    mt_jp_result_free(jr);
}

/* Count-model bands on the CDC deaths: the link-scale fit and its SE as R's
 * predict.glm(se.fit = TRUE); the prediction SE adds dispersion / mu. */
static void test_count_bands(void **state)
{
    (void)state;
    gsl_matrix *X = NULL;
    mt_linfit *fit = NULL;
    mt_error e;
    size_t n = REF_CDC_N;
    assert_int_equal(mt_bands_design(ref_cdc_t, n, ref_cdc_t[0], NULL, 0, NULL, 0, &X, &e), MT_OK);
    assert_int_equal(mt_bands_fit_counts(X, ref_cdc_y, 1, &fit, &e), MT_OK);
    assert_near(fit->sigma2, ref_cdc_quasi_disp, REL_TOL, 1.0, "%s[%zu]", "band dispersion", (size_t)(0));
    assert_near(gsl_vector_get(fit->coef, 1), ref_cdc_quasi_coef[1], REL_TOL, 1.0, "%s[%zu]", "band slope", (size_t)(0));
    mt_band b[16];
    assert_int_equal(mt_bands_predict(fit, X, NULL, 0.95, b, &e), MT_OK);
    double q = gsl_cdf_tdist_Pinv(0.975, (double)(n - 2));
    for (size_t i = 0; i < n; i++) {
        assert_near(b[i].fit, ref_cdc_band_fit[i], REL_TOL, 1.0, "%s[%zu]", "band fit", (size_t)(i));
        assert_near(b[i].se_fit, ref_cdc_band_se[i], REL_TOL, 1.0, "%s[%zu]", "band se", (size_t)(i));
        assert_near(b[i].ci_lo, ref_cdc_band_fit[i] - q * ref_cdc_band_se[i], REL_TOL, 1.0, "%s[%zu]", "band ci_lo", (size_t)(i));
        assert_near(b[i].pi_hi, ref_cdc_band_fit[i] + q * ref_cdc_band_se_pred[i], REL_TOL, 1.0, "%s[%zu]", "band pi_hi", (size_t)(i));
    }
    mt_bands_fit_free(fit);
    gsl_matrix_free(X);
}

/* Weighted prediction interval: a new point weighted by the mean weight,
 * as predict.lm(interval = "prediction", weights = mean(w)). */
static void check_wpi(const double *t, const double *y, const double *w, size_t n,
                      const double *pi_lo, const double *pi_hi)
{
    gsl_matrix *X = NULL;
    mt_linfit *fit = NULL;
    mt_error e;
    double z[32], w0[32], sw = 0.0;
    for (size_t i = 0; i < n; i++) {
        z[i] = log(y[i]);
        sw += w[i];
    }
    for (size_t i = 0; i < n; i++)
        w0[i] = sw / (double)n;
    assert_int_equal(mt_bands_design(t, n, t[0], NULL, 0, NULL, 0, &X, &e), MT_OK);
    assert_int_equal(mt_bands_fit(X, z, w, &fit, &e), MT_OK);
    mt_band b[32];
    assert_int_equal(mt_bands_predict(fit, X, w0, 0.95, b, &e), MT_OK);
    mt_bands_exp(b, n);
    for (size_t i = 0; i < n; i++) {
        assert_near(b[i].pi_lo, pi_lo[i], REL_TOL, 1.0, "%s[%zu]", "pi_lo", (size_t)(i));
        assert_near(b[i].pi_hi, pi_hi[i], REL_TOL, 1.0, "%s[%zu]", "pi_hi", (size_t)(i));
    }
    mt_bands_fit_free(fit);
    gsl_matrix_free(X);
}

static void test_weighted_pi(void **state)
{
    (void)state;
    /* StatCan Toronto benzoylecgonine, monthly, w = 1/(se/y)^2 from the published SE
     * (weighted_toronto.csv); CBS past-year cannabis use 18+, 2015-2017, w = 1/se(ln y)^2
     * from the 95 % CI (weighted_cbs_cannabis.csv).  t, y, w as R used them. */
    check_wpi(ref_toronto_t, ref_toronto_y, ref_toronto_w, REF_TORONTO_N, ref_toronto_pi_lo,
              ref_toronto_pi_hi);
    check_wpi(ref_cbs_t, ref_cbs_y, ref_cbs_w, REF_CBS_N, ref_cbs_pi_lo, ref_cbs_pi_hi);
}

static void test_errors(void **state)
{
    (void)state;
    static const double t[] = {2001, 2002, 2003, 2004}, y[] = {3, 0, 5, 7}, neg[] = {3, -1, 5, 7};
    static const double zero[] = {0, 0, 0, 0}, se[] = {1, 1, 1, 1};
    mt_trend_opts o = {.variance = MT_VARIANCE_QUASIPOISSON};
    mt_trend_result r;
    mt_error e;
    /* a zero count is fine for the log link */
    assert_int_equal(mt_trend_fit(t, y, NULL, 4, &o, &r, &e), MT_OK);
    assert_int_equal(r.scale, MT_SCALE_LOG);
    assert_int_equal(mt_trend_fit(t, neg, NULL, 4, &o, &r, &e), MT_EINVAL);
    assert_non_null(strstr(e.msg, "counts >= 0"));
    assert_true(isnan(r.apc));
    assert_int_equal(mt_trend_fit(t, zero, NULL, 4, &o, &r, &e), MT_EINVAL);
    assert_int_equal(mt_trend_fit(t, y, se, 4, &o, &r, &e), MT_EINVAL);
    o.scale = MT_SCALE_LINEAR;
    assert_int_equal(mt_trend_fit(t, y, NULL, 4, &o, &r, &e), MT_EINVAL);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_incidents),   cmocka_unit_test(test_nsw),
        cmocka_unit_test(test_cdc),         cmocka_unit_test(test_trend_equals_aapc),
        cmocka_unit_test(test_count_bands), cmocka_unit_test(test_weighted_pi),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
