/* test_season.c - seasonal terms against R on the bundled monthly series.
 *
 * Every expected number is in tests/reference/season/ref_season.h, written by
 * tests/reference/season/season_ref.R (R lm with contr.sum month dummies or
 * Fourier terms, strucchange breakpoints; transcript season_ref.Rout).  The
 * data are data/monthly/nsw-drug-offences.csv (NSW BOCSAR drug offences,
 * 1995-01..2023-12) and data/monthly/statcan-wastewater.csv (Statistics
 * Canada benzoylecgonine load, weighted city average, 18 months).
 * Coefficients, SE, APC and CI to 1e-9 relative; p-values to 1e-7.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "monitrend/init.h"
#include "monitrend/season.h"
#include "monitrend/season_models.h"
#include "../reference/season/ref_season.h"

#define TOL 1e-9
#define TOL_P 1e-7

static void near_rel(double got, double want, double tol, const char *what)
{
    double d = fabs(got - want) / fmax(fabs(want), 1e-300);
    if (!(d <= tol)) {
        print_error("%s: got %.17g, want %.17g (rel %.3g > %.3g)\n", what, got, want, d, tol);
        fail();
    }
}

static double S_nsw[NSW_N * MT_SEASON_MAX_COLS];

static size_t month_design(const mt_season_spec *sp, const int *season, const double *t, size_t n,
                           double *X)
{
    size_t ps = 0;
    mt_error e;
    assert_int_equal(mt_season_design(sp, MT_FREQ_MONTH, season, t, n, X, &ps, &e), MT_OK);
    return ps;
}

static void test_parse(void **state)
{
    (void)state;
    mt_season_spec s, r;
    mt_error e;
    char buf[32];
    assert_int_equal(mt_season_parse("fourier 3", &s, &e), MT_OK);
    assert_int_equal(s.kind, MT_SEASON_FOURIER);
    assert_int_equal(s.k, 3);
    mt_season_format(&s, buf, sizeof buf);
    assert_string_equal(buf, "fourier 3");
    assert_int_equal(mt_season_parse("fourier 0", &s, &e), MT_EINVAL);
    assert_int_equal(mt_season_parse("fourier 3x", &s, &e), MT_EINVAL);
    assert_int_equal(mt_season_parse("monthly", &s, &e), MT_EINVAL);
    assert_non_null(strstr(e.msg, "expected none, dummies, fourier"));
    /* defaults by frequency */
    assert_int_equal(mt_season_parse("auto", &s, &e), MT_OK);
    assert_int_equal(mt_season_resolve(&s, MT_FREQ_MONTH, &r, &e), MT_OK);
    assert_int_equal(r.kind, MT_SEASON_DUMMIES);
    assert_int_equal(mt_season_resolve(&s, MT_FREQ_QUARTER, &r, &e), MT_OK);
    assert_int_equal(r.kind, MT_SEASON_DUMMIES);
    assert_int_equal(mt_season_resolve(&s, MT_FREQ_YEAR, &r, &e), MT_OK);
    assert_int_equal(r.kind, MT_SEASON_NONE);
    assert_int_equal(mt_season_resolve(&s, MT_FREQ_WEEK, &r, &e), MT_OK);
    assert_int_equal(r.kind, MT_SEASON_FOURIER);
    assert_int_equal(r.k, MT_SEASON_WEEK_K);
    s = (mt_season_spec){MT_SEASON_DUMMIES, 0};
    assert_int_equal(mt_season_resolve(&s, MT_FREQ_WEEK, &r, &e), MT_EINVAL);
    assert_int_equal(mt_season_resolve(&s, MT_FREQ_YEAR, &r, &e), MT_EINVAL);
    s = (mt_season_spec){MT_SEASON_FOURIER, 3};
    assert_int_equal(mt_season_resolve(&s, MT_FREQ_QUARTER, &r, &e), MT_EINVAL);
    s = (mt_season_spec){MT_SEASON_FOURIER, 2};
    assert_int_equal(mt_season_resolve(&s, MT_FREQ_QUARTER, &r, &e), MT_OK);
    /* quarterly fourier 2: cos at the Nyquist harmonic only, 3 columns */
    int q[] = {0, 1, 2, 3, 0, 1, 2, 3};
    double tq[8], X[8 * MT_SEASON_MAX_COLS];
    size_t ps;
    for (int i = 0; i < 8; i++)
        tq[i] = 2020 + i / 4.0;
    assert_int_equal(mt_season_design(&r, MT_FREQ_QUARTER, q, tq, 8, X, &ps, &e), MT_OK);
    assert_int_equal(ps, 3);
}

static void test_missing_month(void **state)
{
    (void)state;
    /* a month without data cannot have a dummy: said, not a silent NaN */
    int s[] = {0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11};
    double t[11];
    for (int i = 0; i < 11; i++)
        t[i] = 2020 + s[i] / 12.0;
    double X[11 * MT_SEASON_MAX_COLS];
    size_t ps;
    mt_error e;
    mt_season_spec d = {MT_SEASON_DUMMIES, 0};
    assert_int_equal(mt_season_design(&d, MT_FREQ_MONTH, s, t, 11, X, &ps, &e), MT_ESINGULAR);
    assert_non_null(strstr(e.msg, "month 4"));
}

static void check_trend(const mt_trend_result *r, double df, double a, double se_a, double b,
                        double se_b, double tb, double pb, double apc, double lo, double hi,
                        double cov_ab, double sigma, double r2, double dw)
{
    assert_int_equal(r->df, (size_t)df);
    near_rel(r->a, a, TOL, "a");
    near_rel(r->coef_se[0], se_a, TOL, "se a");
    near_rel(r->b, b, TOL, "b");
    near_rel(r->se_b, se_b, TOL, "se b");
    near_rel(r->t_b, tb, TOL, "t b");
    near_rel(r->p_b, pb, TOL_P, "p b");
    near_rel(r->apc, apc, TOL, "apc");
    near_rel(r->apc_lo, lo, TOL, "apc lo");
    near_rel(r->apc_hi, hi, TOL, "apc hi");
    near_rel(r->cov[1], cov_ab, TOL, "cov ab");
    near_rel(r->sigma, sigma, TOL, "sigma");
    near_rel(r->r2, r2, TOL, "r2");
    near_rel(r->dw, dw, TOL, "dw");
}

static void test_trend_nsw_dummies(void **state)
{
    (void)state;
    mt_season_spec d = {MT_SEASON_DUMMIES, 0};
    size_t ps = month_design(&d, nsw_season, nsw_t, NSW_N, S_nsw);
    assert_int_equal(ps, 11);
    mt_trend_result r;
    double g[MT_SEASON_MAX_COLS];
    mt_error e;
    assert_int_equal(mt_season_trend_fit(nsw_t, nsw_y, NULL, NSW_N, NULL, S_nsw, ps, &r, g, &e), MT_OK);
    check_trend(&r, NSW_DUM_DF, NSW_DUM_A, NSW_DUM_SE_A, NSW_DUM_B, NSW_DUM_SE_B, NSW_DUM_T_B,
                NSW_DUM_P_B, NSW_DUM_APC, NSW_DUM_APC_LO, NSW_DUM_APC_HI, NSW_DUM_COV_AB,
                NSW_DUM_SIGMA, NSW_DUM_R2, NSW_DUM_DW);
    for (size_t c = 0; c < ps; c++)
        near_rel(g[c], nsw_dum_gamma[c], 1e-8, "gamma");
    /* the adjusted line at the centre of the data is the mean level */
    double f, sf;
    mt_trend_predict(&r, r.t_center, &f, &sf);
    near_rel(f, r.a + r.b * r.t_center, 1e-12, "predict");
}

static void test_trend_nsw_jump(void **state)
{
    (void)state;
    mt_season_spec d = {MT_SEASON_DUMMIES, 0};
    size_t ps = month_design(&d, nsw_season, nsw_t, NSW_N, S_nsw);
    const double jump = 2020.0;
    mt_trend_opts o = {.scale = MT_SCALE_LOG, .level = 0.95, .jump_t = &jump, .n_jumps = 1};
    mt_trend_result r;
    double g[MT_SEASON_MAX_COLS];
    mt_error e;
    assert_int_equal(mt_season_trend_fit(nsw_t, nsw_y, NULL, NSW_N, &o, S_nsw, ps, &r, g, &e), MT_OK);
    assert_int_equal(r.df, (size_t)NSWJ_DF);
    near_rel(r.b, NSWJ_B, TOL, "b");
    near_rel(r.se_b, NSWJ_SE_B, TOL, "se b");
    near_rel(r.jump[0], NSWJ_JUMP, TOL, "jump");
    near_rel(r.jump_lo[0], NSWJ_JUMP_LO, TOL, "jump lo");
    near_rel(r.jump_hi[0], NSWJ_JUMP_HI, TOL, "jump hi");
    near_rel(r.jump_p[0], NSWJ_JUMP_P, TOL_P, "jump p");
}

static void test_trend_statcan(void **state)
{
    (void)state;
    double S[SC_N * MT_SEASON_MAX_COLS];
    mt_season_spec d = {MT_SEASON_DUMMIES, 0};
    size_t ps = month_design(&d, sc_season, sc_t, SC_N, S);
    mt_trend_result r;
    double g[MT_SEASON_MAX_COLS];
    mt_error e;
    assert_int_equal(mt_season_trend_fit(sc_t, sc_y, NULL, SC_N, NULL, S, ps, &r, g, &e), MT_OK);
    check_trend(&r, SC_DUM_DF, SC_DUM_A, SC_DUM_SE_A, SC_DUM_B, SC_DUM_SE_B, SC_DUM_T_B,
                SC_DUM_P_B, SC_DUM_APC, SC_DUM_APC_LO, SC_DUM_APC_HI, SC_DUM_COV_AB,
                SC_DUM_SIGMA, SC_DUM_R2, SC_DUM_DW);
    /* weighted by the published SE, as the edition fits it (se/y on the log scale) */
    mt_trend_opts o = {.scale = MT_SCALE_LOG, .level = 0.95};
    assert_int_equal(mt_season_trend_fit(sc_t, sc_y, sc_se, SC_N, &o, S, ps, &r, g, &e), MT_OK);
    assert_true(r.weighted);
    check_trend(&r, SC_WDUM_DF, SC_WDUM_A, SC_WDUM_SE_A, SC_WDUM_B, SC_WDUM_SE_B, SC_WDUM_T_B,
                SC_WDUM_P_B, SC_WDUM_APC, SC_WDUM_APC_LO, SC_WDUM_APC_HI, SC_WDUM_COV_AB,
                SC_WDUM_SIGMA, SC_WDUM_R2, SC_WDUM_DW);
    /* too many parameters for the points: ETOOFEW, not a fit on 0 df */
    assert_int_equal(mt_season_trend_fit(sc_t, sc_y, NULL, 13, NULL, S, ps, &r, g, &e), MT_ETOOFEW);
    assert_true(isnan(r.b));
}

static void test_trend_nsw_fourier(void **state)
{
    (void)state;
    mt_season_spec f2 = {MT_SEASON_FOURIER, 2};
    size_t ps = month_design(&f2, nsw_season, nsw_t, NSW_N, S_nsw);
    assert_int_equal(ps, 4);
    mt_trend_result r;
    double g[MT_SEASON_MAX_COLS];
    mt_error e;
    assert_int_equal(mt_season_trend_fit(nsw_t, nsw_y, NULL, NSW_N, NULL, S_nsw, ps, &r, g, &e), MT_OK);
    assert_int_equal(r.df, (size_t)NSW_F2_DF);
    near_rel(r.b, NSW_F2_B, TOL, "b");
    near_rel(r.se_b, NSW_F2_SE_B, TOL, "se b");
    near_rel(r.a, NSW_F2_A, TOL, "a");
    for (size_t c = 0; c < ps; c++)
        near_rel(g[c], nsw_f2_gamma[c], 1e-8, "gamma");
}

static void test_trend_quarterly(void **state)
{
    (void)state;
    double S[NSWQ_N * MT_SEASON_MAX_COLS];
    size_t ps;
    mt_error e;
    mt_season_spec d = {MT_SEASON_DUMMIES, 0};
    assert_int_equal(mt_season_design(&d, MT_FREQ_QUARTER, nswq_season, nswq_t, NSWQ_N, S, &ps, &e),
                     MT_OK);
    assert_int_equal(ps, 3);
    mt_trend_result r;
    double g[MT_SEASON_MAX_COLS];
    assert_int_equal(mt_season_trend_fit(nswq_t, nswq_y, NULL, NSWQ_N, NULL, S, ps, &r, g, &e), MT_OK);
    assert_int_equal(r.df, (size_t)NSWQ_DF);
    near_rel(r.b, NSWQ_B, TOL, "b");
    near_rel(r.se_b, NSWQ_SE_B, TOL, "se b");
    near_rel(r.apc_lo, NSWQ_APC_LO, TOL, "apc lo");
    near_rel(r.apc_hi, NSWQ_APC_HI, TOL, "apc hi");
    for (size_t c = 0; c < ps; c++)
        near_rel(g[c], nswq_gamma[c], 1e-8, "gamma");
}

static void test_trend_weekly(void **state)
{
    (void)state;
    /* weekly series: the default (auto) is fourier MT_SEASON_WEEK_K = 3 */
    mt_season_spec a = {MT_SEASON_AUTO, 0}, sp;
    mt_error e;
    assert_int_equal(mt_season_resolve(&a, MT_FREQ_WEEK, &sp, &e), MT_OK);
    double S[WK_N * MT_SEASON_MAX_COLS];
    size_t ps;
    assert_int_equal(mt_season_design(&sp, MT_FREQ_WEEK, NULL, wk_t, WK_N, S, &ps, &e), MT_OK);
    assert_int_equal(ps, 6);
    mt_trend_result r;
    double g[MT_SEASON_MAX_COLS];
    assert_int_equal(mt_season_trend_fit(wk_t, wk_y, NULL, WK_N, NULL, S, ps, &r, g, &e), MT_OK);
    assert_int_equal(r.df, (size_t)WK_DF);
    near_rel(r.b, WK_B, TOL, "b");
    near_rel(r.se_b, WK_SE_B, TOL, "se b");
    for (size_t c = 0; c < ps; c++)
        near_rel(g[c], wk_gamma[c], 1e-8, "gamma");
}

static void log_nsw(double *z)
{
    for (size_t i = 0; i < NSW_N; i++)
        z[i] = log(nsw_y[i]);
}

static void test_joinpoint_fixed(void **state)
{
    (void)state;
    mt_season_spec d = {MT_SEASON_DUMMIES, 0};
    size_t ps = month_design(&d, nsw_season, nsw_t, NSW_N, S_nsw);
    double z[NSW_N], g[MT_SEASON_MAX_COLS];
    log_nsw(z);
    mt_jp_options o;
    mt_jp_options_default(&o);
    const double taus[] = {2001.0, 2013.5};
    mt_jp_result *r = NULL;
    mt_error e;
    assert_int_equal(mt_season_jp_refit(nsw_t, z, NULL, NSW_N, S_nsw, ps, taus, 2, &o, &r, g, &e),
                     MT_OK);
    near_rel(r->df, JP_DF, 1e-15, "df");
    near_rel(r->sse, JP_SSE, TOL, "sse");
    for (size_t a = 0; a < 4; a++) {
        near_rel(r->coef[a], jp_coef[a], TOL, "coef");
        for (size_t b = 0; b < 4; b++)
            near_rel(r->cov[a * 4 + b], jp_cov[a * 4 + b], 1e-8, "cov");
    }
    for (size_t c = 0; c < ps; c++)
        near_rel(g[c], jp_gamma[c], 1e-8, "gamma");
    for (int s = 0; s < 3; s++) {
        near_rel(r->segments[s].slope, jp_seg_slope[s], TOL, "segment slope");
        near_rel(r->segments[s].slope_se, jp_seg_se[s], TOL, "segment se");
        near_rel(r->segments[s].apc_lo, jp_seg_apc_lo[s], TOL, "segment apc lo");
        near_rel(r->segments[s].apc_hi, jp_seg_apc_hi[s], TOL, "segment apc hi");
        near_rel(r->segments[s].p, jp_seg_p[s], TOL_P, "segment p");
    }
    near_rel(r->aapc_full.aapc, JP_AAPC, TOL, "aapc");
    near_rel(r->aapc_full.lo, JP_AAPC_LO, TOL, "aapc lo");
    near_rel(r->aapc_full.hi, JP_AAPC_HI, TOL, "aapc hi");
    mt_jp_result_free(r);
}

static void test_joinpoint_search(void **state)
{
    (void)state;
    /* The search result is a fixed point: refitting at its joinpoints gives
     * its coefficients and seasonal terms, and searching the series adjusted
     * by those terms selects the same joinpoints again. */
    mt_season_spec d = {MT_SEASON_DUMMIES, 0};
    size_t ps = month_design(&d, nsw_season, nsw_t, NSW_N, S_nsw);
    double z[NSW_N], za[NSW_N], g[MT_SEASON_MAX_COLS], g2[MT_SEASON_MAX_COLS];
    log_nsw(z);
    mt_jp_options o;
    mt_jp_options_default(&o);
    o.max_joinpoints = 2; /* 3 would exceed the 2,000,000 candidate sets on 348 months */
    mt_jp_result *r = NULL, *r2 = NULL, *r3 = NULL;
    mt_error e;
    int it;
    mt_status st = mt_season_jp_fit(nsw_t, z, NULL, NSW_N, S_nsw, ps, nsw_dum_gamma, &o, &r, g,
                                    &it, &e);
    if (st != MT_OK)
        print_error("%s\n", e.msg);
    assert_int_equal(st, MT_OK);
    assert_true(it >= 1);
    assert_true(r->k >= 1);
    assert_int_equal(mt_season_jp_refit(nsw_t, z, NULL, NSW_N, S_nsw, ps, r->taus, r->k, &o, &r2,
                                        g2, &e), MT_OK);
    for (size_t a = 0; a < r->n_coef; a++)
        near_rel(r2->coef[a], r->coef[a], 1e-12, "refit coef");
    for (size_t c = 0; c < ps; c++)
        near_rel(g2[c], g[c], 1e-12, "refit gamma");
    for (size_t i = 0; i < NSW_N; i++) {
        za[i] = z[i];
        for (size_t c = 0; c < ps; c++)
            za[i] -= S_nsw[i * ps + c] * g[c];
    }
    assert_int_equal(mt_jp_fit(nsw_t, za, NULL, NSW_N, &o, &r3, &e), MT_OK);
    assert_int_equal(r3->k, r->k);
    for (int j = 0; j < r->k; j++)
        assert_true(r3->taus[j] == r->taus[j]);
    /* the season changes the answer: df counts the 11 seasonal terms */
    assert_true(r->df == NSW_N - 2.0 - 2.0 * r->k - 11.0);
    mt_jp_result_free(r);
    mt_jp_result_free(r2);
    mt_jp_result_free(r3);
}

static void test_breaks(void **state)
{
    (void)state;
    mt_season_spec d = {MT_SEASON_DUMMIES, 0};
    size_t ps = month_design(&d, nsw_season, nsw_t, NSW_N, S_nsw);
    double z[NSW_N], g[MT_SEASON_MAX_COLS], sse = NAN;
    log_nsw(z);
    mt_bp_options bo;
    mt_bp_options_default(&bo);
    bo.model = MT_BP_TREND;
    bo.h = 0.15;
    mt_bp_result bp;
    mt_error e;
    int it;
    assert_int_equal(mt_season_bp_fit(nsw_t, z, NSW_N, S_nsw, ps, nsw_dum_gamma, &bo, &bp, g, &sse,
                                       &it, &e), MT_OK);
    assert_int_equal(it, BP_ROUNDS);
    assert_int_equal(bp.n_breaks, BP_N_BREAKS);
    for (size_t j = 0; j < bp.n_breaks; j++)
        assert_int_equal(bp.breaks[j], bp_breaks[j]);
    for (size_t c = 0; c < ps; c++)
        near_rel(g[c], bp_gamma[c], 1e-8, "gamma");
    near_rel(sse, BP_SSE, TOL, "sse");
    mt_bp_result_clear(&bp);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_missing_month),
        cmocka_unit_test(test_trend_nsw_dummies),
        cmocka_unit_test(test_trend_nsw_jump),
        cmocka_unit_test(test_trend_statcan),
        cmocka_unit_test(test_trend_nsw_fourier),
        cmocka_unit_test(test_trend_quarterly),
        cmocka_unit_test(test_trend_weekly),
        cmocka_unit_test(test_joinpoint_fixed),
        cmocka_unit_test(test_joinpoint_search),
        cmocka_unit_test(test_breaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
