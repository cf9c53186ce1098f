/* test_trend.c - least-squares trends against R lm() on real series.
 *
 * Every expected number comes from tests/reference/trend/trend_lm.Rout, made by
 * tests/reference/trend/trend_lm.R (R lm / summary.lm / vcov / predict, printed
 * with %.17g).  Coefficients, SEs and the covariance are compared to 1e-9
 * relative as the issue asks; p-values to 1e-7 relative (GSL's t distribution
 * against R's pt); quantities derived through the t quantile (CIs) to 1e-9.
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
#include "monitrend/trend.h"
#include "../reference/trend/series.h"

#define TOL_COEF 1e-9
#define TOL_P 1e-7

/* trend_lm.Rout, case utrecht_cocaine_ww (log scale, 14 points, OLS) */
static void test_utrecht_log(void **state)
{
    (void)state;
    mt_trend_result r;
    mt_error err;
    assert_int_equal(mt_trend_fit(utrecht_t, utrecht_y, NULL, UTRECHT_N, NULL, &r, &err), MT_OK);
    assert_int_equal(r.scale, MT_SCALE_LOG);
    assert_int_equal(r.scale_why, MT_SCALE_WHY_AUTO_POSITIVE);
    assert_int_equal(r.df, 12);
    assert_near(r.coef[0], -177.00583980701811, TOL_COEF, 0, "%s", "a");
    assert_near(r.coef_se[0], 41.643349228343212, TOL_COEF, 0, "%s", "se a");
    assert_near(r.b, 0.090675749086436414, TOL_COEF, 0, "%s", "b");
    assert_near(r.se_b, 0.02064102409002494, TOL_COEF, 0, "%s", "se b");
    assert_near(r.t_b, 4.3929869317994124, TOL_COEF, 0, "%s", "t b");
    assert_near(r.p_b, 0.00087610304680606178, TOL_P, 0, "%s", "p b");
    assert_near(r.t_crit, 2.1788128296672284, TOL_COEF, 0, "%s", "qt");
    assert_near(r.b_lo, 0.045702820981619742, TOL_COEF, 0, "%s", "b lo");
    assert_near(r.b_hi, 0.13564867719125309, TOL_COEF, 0, "%s", "b hi");
    assert_near(r.apc, 9.4913920854244882, TOL_COEF, 0, "%s", "apc");
    assert_near(r.apc_lo, 4.6763288643119516, TOL_COEF, 0, "%s", "apc lo");
    assert_near(r.apc_hi, 14.527946011024383, TOL_COEF, 0, "%s", "apc hi");
    assert_true(r.rate == r.apc);
    assert_near(r.sigma, 0.31133069503797189, TOL_COEF, 0, "%s", "sigma");
    assert_near(r.r2, 0.6165930132302988, TOL_COEF, 0, "%s", "r2");
    assert_near(r.dw, 1.0513691416288815, TOL_COEF, 0, "%s", "dw");
    assert_near(r.sse, 1.1631216200739198, TOL_COEF, 0, "%s", "rss");
    const double V[] = {1734.1685349537534, -0.85955965879096752, -0.85955965879096752,
                        0.00042605187548499005};
    for (int k = 0; k < 4; k++)
        assert_near(r.cov[k], V[k], TOL_COEF, 0, "%s", "vcov");
    double f, sf;
    mt_trend_predict(&r, 2020.5, &f, &sf);
    assert_near(f, 6.204511222126655, TOL_COEF, 0, "%s", "predict");
    assert_near(sf, 0.10371986239865091, TOL_COEF, 0, "%s", "se.fit");
}

/* trend_lm.Rout, case utrecht_cocaine_ww_linear */
static void test_utrecht_linear(void **state)
{
    (void)state;
    mt_trend_opts o = {.scale = MT_SCALE_LINEAR, .level = 0, .jump_t = NULL, .n_jumps = 0};
    mt_trend_result r;
    assert_int_equal(mt_trend_fit(utrecht_t, utrecht_y, NULL, UTRECHT_N, &o, &r, NULL), MT_OK);
    assert_int_equal(r.scale, MT_SCALE_LINEAR);
    assert_near(r.coef[0], -75614.508791214699, TOL_COEF, 0, "%s", "a");
    assert_near(r.coef_se[0], 13495.24667757968, TOL_COEF, 0, "%s", "se a");
    assert_near(r.b, 37.686087912090841, TOL_COEF, 0, "%s", "b");
    assert_near(r.se_b, 6.6890804158269104, TOL_COEF, 0, "%s", "se b");
    assert_near(r.p_b, 0.0001100392918140755, TOL_P, 0, "%s", "p");
    assert_near(r.rate_lo, 23.111833683411369, TOL_COEF, 0, "%s", "slope lo");
    assert_near(r.rate_hi, 52.260342140770312, TOL_COEF, 0, "%s", "slope hi");
    assert_true(isnan(r.apc)); /* documented: no APC on the linear scale */
    assert_near(r.r2, 0.72566182598812456, TOL_COEF, 0, "%s", "r2");
    assert_near(r.dw, 0.74842954218175795, TOL_COEF, 0, "%s", "dw");
    double f, sf;
    mt_trend_predict(&r, 2020.5, &f, &sf);
    assert_near(f, 530.23183516484278, TOL_COEF, 0, "%s", "predict");
    assert_near(sf, 33.612213099366592, TOL_COEF, 0, "%s", "se.fit");
}

/* trend_lm.Rout, case nl_cocaine_prevalence (gaps 2005, 2009, 2014-2023) */
static void test_prevalence(void **state)
{
    (void)state;
    mt_trend_result r;
    assert_int_equal(mt_trend_fit(prev_t, prev_y, NULL, PREV_N, NULL, &r, NULL), MT_OK);
    assert_near(r.coef[0], -155.87125736495599, TOL_COEF, 0, "%s", "a");
    assert_near(r.coef_se[0], 15.14358774541885, TOL_COEF, 0, "%s", "se a");
    assert_near(r.b, 0.077606355420084261, TOL_COEF, 0, "%s", "b");
    assert_near(r.se_b, 0.0075095034521513084, TOL_COEF, 0, "%s", "se b");
    assert_near(r.p_b, 1.1748507817113447e-06, TOL_P, 0, "%s", "p");
    assert_near(r.apc, 8.0697164347534933, TOL_COEF, 0, "%s", "apc");
    assert_near(r.apc_lo, 6.2765145105717179, TOL_COEF, 0, "%s", "apc lo");
    assert_near(r.apc_hi, 9.8931750262309279, TOL_COEF, 0, "%s", "apc hi");
    assert_near(r.r2, 0.91438372055666606, TOL_COEF, 0, "%s", "r2");
    assert_near(r.dw, 1.6107411855119211, TOL_COEF, 0, "%s", "dw");
}

/* trend_lm.Rout, cases nl_cocaine_seizures and nl_cocaine_seizures_jump2010 */
static void test_seizures_and_jump(void **state)
{
    (void)state;
    mt_trend_result r;
    assert_int_equal(mt_trend_fit(seiz_t, seiz_y, NULL, SEIZ_N, NULL, &r, NULL), MT_OK);
    assert_near(r.coef[0], -278.33370136725608, TOL_COEF, 0, "%s", "a");
    assert_near(r.coef_se[0], 25.906035866410495, TOL_COEF, 0, "%s", "se a");
    assert_near(r.b, 0.14322914671536313, TOL_COEF, 0, "%s", "b");
    assert_near(r.se_b, 0.012943049960523218, TOL_COEF, 0, "%s", "se b");
    assert_near(r.p_b, 5.0058978317988724e-14, TOL_P, 0, "%s", "p");
    assert_near(r.apc, 15.399420535293995, TOL_COEF, 0, "%s", "apc");
    assert_near(r.dw, 0.26096824808552876, TOL_COEF, 0, "%s", "dw");

    const double jt[] = {2010};
    mt_trend_opts o = {.scale = MT_SCALE_LOG, .level = 0.95, .jump_t = jt, .n_jumps = 1};
    assert_int_equal(mt_trend_fit(seiz_t, seiz_y, NULL, SEIZ_N, &o, &r, NULL), MT_OK);
    assert_int_equal(r.n_params, 3);
    assert_int_equal(r.df, 41);
    assert_near(r.coef[0], -405.43810440461783, TOL_COEF, 0, "%s", "a");
    assert_near(r.coef_se[0], 36.736717970146231, TOL_COEF, 0, "%s", "se a");
    assert_near(r.b, 0.20707664290391609, TOL_COEF, 0, "%s", "b");
    assert_near(r.se_b, 0.018418820273943249, TOL_COEF, 0, "%s", "se b");
    assert_near(r.coef[2], -2.1571332640846745, TOL_COEF, 0, "%s", "c");
    assert_near(r.coef_se[2], 0.50215721048531081, TOL_COEF, 0, "%s", "se c");
    assert_near(r.jump_p[0], 0.0001042863580481107, TOL_P, 0, "%s", "p c");
    assert_near(r.jump[0], -88.434379796136085, TOL_COEF, 0, "%s", "jump %");
    assert_near(r.jump_lo[0], -95.804930690448714, TOL_COEF, 0, "%s", "jump lo");
    assert_near(r.jump_hi[0], -68.114097567953436, TOL_COEF, 0, "%s", "jump hi");
    assert_near(r.apc_lo, 18.516153379225475, TOL_COEF, 0, "%s", "apc lo");
    assert_near(r.r2, 0.82388342138156523, TOL_COEF, 0, "%s", "r2");
    assert_near(r.dw, 0.57785255474175612, TOL_COEF, 0, "%s", "dw");
    const double V[] = {1349.5864472180649,      -0.67663998939608494,   14.858091399140431,
                        -0.67663998939608494,    0.00033925294028382287, -0.0074635646862440935,
                        14.858091399140431,      -0.0074635646862440935, 0.25216186404238872};
    for (int k = 0; k < 9; k++)
        assert_near(r.cov[k], V[k], TOL_COEF, 0, "%s", "vcov");
    double f, sf;
    mt_trend_predict(&r, 2020.5, &f, &sf);
    assert_near(f, 10.803119318659927, TOL_COEF, 0, "%s", "predict");
    assert_near(sf, 0.25574033787446204, TOL_COEF, 0, "%s", "se.fit");
}

/* trend_lm.Rout, case amsterdam_cocaine_ww: 2016 missing, so 13 points and
 * a time gap that an index-based fit would get wrong */
static void test_amsterdam_gap(void **state)
{
    (void)state;
    mt_trend_result r;
    assert_int_equal(mt_trend_fit(ams_t, ams_y, NULL, AMS_N, NULL, &r, NULL), MT_OK);
    assert_int_equal(r.df, 11);
    assert_near(r.coef[0], -118.08284878866012, TOL_COEF, 0, "%s", "a");
    assert_near(r.coef_se[0], 23.935082470451515, TOL_COEF, 0, "%s", "se a");
    assert_near(r.b, 0.061841156948031654, TOL_COEF, 0, "%s", "b");
    assert_near(r.se_b, 0.011863029868505043, TOL_COEF, 0, "%s", "se b");
    assert_near(r.p_b, 0.00028864417515420262, TOL_P, 0, "%s", "p");
    assert_near(r.apc_hi, 9.1935172417377586, TOL_COEF, 0, "%s", "apc hi");
    assert_near(r.dw, 2.3481582193121171, TOL_COEF, 0, "%s", "dw");
}

/* trend_lm.Rout, cases toronto_be_weighted / _unweighted: monthly with gaps
 * (2023 bimonthly), weights 1/(se/y)^2 */
static void test_toronto_weighted(void **state)
{
    (void)state;
    mt_trend_result r;
    assert_int_equal(mt_trend_fit(toronto_t, toronto_value, toronto_se, TORONTO_N, NULL, &r, NULL),
                     MT_OK);
    assert_int_equal(r.weighted, 1);
    assert_near(r.coef[0], -135.05329091129755, TOL_COEF, 0, "%s", "a");
    assert_near(r.coef_se[0], 125.227636066367, TOL_COEF, 0, "%s", "se a");
    assert_near(r.b, 0.070124634703732772, TOL_COEF, 0, "%s", "b");
    assert_near(r.se_b, 0.061909614238954441, TOL_COEF, 0, "%s", "se b");
    assert_near(r.p_b, 0.27403225604327075, TOL_P, 0, "%s", "p");
    assert_near(r.apc, 7.2641861324052925, TOL_COEF, 0, "%s", "apc");
    assert_near(r.apc_lo, -5.9287662252848534, TOL_COEF, 0, "%s", "apc lo");
    assert_near(r.apc_hi, 22.307374581705687, TOL_COEF, 0, "%s", "apc hi");
    assert_near(r.sigma, 2.4353449946197858, TOL_COEF, 0, "%s", "sigma");
    assert_near(r.r2, 0.074234539523795509, TOL_COEF, 0, "%s", "r2");
    assert_near(r.dw, 1.7279593626863796, TOL_COEF, 0, "%s", "dw");
    assert_near(r.sse, 94.894483885114298, TOL_COEF, 0, "%s", "weighted rss");
    double f, sf;
    mt_trend_predict(&r, 2020.5, &f, &sf);
    assert_near(f, 6.6335335075945068, TOL_COEF, 0, "%s", "predict");
    assert_near(sf, 0.14254546811069688, TOL_COEF, 0, "%s", "se.fit");

    /* the same weights given as se(ln y) = se/y on the analysis scale */
    double se_ln[TORONTO_N];
    for (size_t i = 0; i < TORONTO_N; i++)
        se_ln[i] = toronto_se[i] / toronto_value[i];
    mt_trend_opts o = {MT_SCALE_LOG, 0.95, NULL, 0, 1};
    assert_int_equal(mt_trend_fit(toronto_t, toronto_value, se_ln, TORONTO_N, &o, &r, NULL), MT_OK);
    assert_near(r.se_b, 0.061909614238954441, TOL_COEF, 0, "%s", "se b, se on analysis scale");
    assert_near(r.coef[0], -135.05329091129755, TOL_COEF, 0, "%s", "a, se on analysis scale");

    assert_int_equal(mt_trend_fit(toronto_t, toronto_value, NULL, TORONTO_N, NULL, &r, NULL), MT_OK);
    assert_near(r.b, 0.048389544118709868, TOL_COEF, 0, "%s", "b ols");
    assert_near(r.se_b, 0.057705184307163558, TOL_COEF, 0, "%s", "se b ols");
    assert_near(r.dw, 1.612029533862501, TOL_COEF, 0, "%s", "dw ols");
}

/* Exact-line check independent of R: y = 5 e^{0.1 t} plus a +/- pattern
 * gives b = 0.1 exactly when the pattern is orthogonal to (1, t). */
static void test_hand_derivation(void **state)
{
    (void)state;
    const double t[] = {2001.25, 2002.25, 2003.25, 2004.25};
    const double e[] = {0.03, -0.03, -0.03, 0.03}; /* orthogonal to 1 and t */
    double y[4];
    for (int i = 0; i < 4; i++)
        y[i] = 5.0 * exp(0.1 * (t[i] - 2000) + e[i]);
    mt_trend_result r;
    assert_int_equal(mt_trend_fit(t, y, NULL, 4, NULL, &r, NULL), MT_OK);
    assert_near(r.b, 0.1, 1e-12, 0, "%s", "b");
    assert_near(r.apc, 100.0 * (exp(0.1) - 1.0), 1e-12, 0, "%s", "apc");
    /* sse = 4 * 0.03^2, sigma^2 = sse/2, var(b) = sigma^2 / sum (t - tbar)^2 = sigma^2 / 5 */
    assert_near(r.sse, 0.0036, 1e-10, 0, "%s", "sse");
    assert_near(r.se_b, sqrt(0.0018 / 5.0), 1e-10, 0, "%s", "se b");
    /* dw: residuals .03 -.03 -.03 .03: diffs^2 = .0036 + 0 + .0036 */
    assert_near(r.dw, 2.0, 1e-10, 0, "%s", "dw");
}

static void test_scale_choose(void **state)
{
    (void)state;
    const double pos[] = {1.5, 2.5, 3.25};
    const double zero[] = {1.5, 0.0, 3.25};
    const double bad[] = {1.5, NAN, 3.25};
    mt_scale s;
    mt_scale_why why;
    mt_error err;
    assert_int_equal(mt_trend_scale_choose(MT_SCALE_AUTO, pos, 3, &s, &why, &err), MT_OK);
    assert_int_equal(s, MT_SCALE_LOG);
    assert_int_equal(mt_trend_scale_choose(MT_SCALE_AUTO, zero, 3, &s, &why, &err), MT_OK);
    assert_int_equal(s, MT_SCALE_LINEAR);
    assert_int_equal(why, MT_SCALE_WHY_AUTO_NONPOSITIVE);
    assert_string_equal(mt_scale_why_word(why, MT_LANG_EN), "auto: a value is zero or negative, so the linear scale");
    assert_int_equal(mt_trend_scale_choose(MT_SCALE_LOG, zero, 3, &s, &why, &err), MT_EINVAL);
    assert_string_equal(err.msg, "scale: log scale needs positive values, y[1] = 0");
    assert_int_equal(mt_trend_scale_choose(MT_SCALE_LINEAR, zero, 3, &s, &why, &err), MT_OK);
    assert_int_equal(why, MT_SCALE_WHY_LINEAR_ASKED);
    assert_string_equal(mt_scale_why_word(why, MT_LANG_EN), "linear scale as requested");
    assert_int_equal(mt_trend_scale_choose(MT_SCALE_AUTO, bad, 3, &s, &why, &err), MT_ENONFINITE);
    assert_int_equal(mt_trend_scale_choose((mt_scale)7, pos, 3, &s, &why, &err), MT_EINVAL);
    assert_string_equal(mt_scale_name(MT_SCALE_LOG), "log");
}

static void test_errors(void **state)
{
    (void)state;
    mt_trend_result r;
    mt_error err;
    /* n < 3: descriptive only */
    assert_int_equal(mt_trend_fit(utrecht_t, utrecht_y, NULL, 2, NULL, &r, &err), MT_ETOOFEW);
    assert_true(isnan(r.b));
    /* constant t */
    const double tc[] = {2020, 2020, 2020, 2020};
    const double yc[] = {3.5, 4.25, 5.75, 6.5};
    assert_int_equal(mt_trend_fit(tc, yc, NULL, 4, NULL, &r, &err), MT_ESINGULAR);
    assert_string_equal(err.msg, "trend: all 4 times are equal");
    /* unsorted t */
    const double tu[] = {2020, 2022, 2021, 2023};
    assert_int_equal(mt_trend_fit(tu, yc, NULL, 4, NULL, &r, &err), MT_EINVAL);
    /* non-finite input */
    const double tn[] = {2020, NAN, 2022, 2023};
    assert_int_equal(mt_trend_fit(tn, yc, NULL, 4, NULL, &r, &err), MT_ENONFINITE);
    const double yn[] = {3.5, INFINITY, 5.75, 6.5};
    const double t4[] = {2020, 2021, 2022, 2023};
    assert_int_equal(mt_trend_fit(t4, yn, NULL, 4, NULL, &r, &err), MT_ENONFINITE);
    /* bad se */
    const double se0[] = {0.5, 0.0, 0.5, 0.5};
    assert_int_equal(mt_trend_fit(t4, yc, se0, 4, NULL, &r, &err), MT_EINVAL);
    /* jump with nobody on one side */
    const double j0[] = {2030};
    mt_trend_opts o = {.scale = MT_SCALE_LOG, .level = 0.95, .jump_t = j0, .n_jumps = 1};
    assert_int_equal(mt_trend_fit(t4, yc, NULL, 4, &o, &r, &err), MT_ESINGULAR);
    /* two identical jumps: collinear step columns */
    const double j2[] = {2022, 2022};
    mt_trend_opts o2 = {.scale = MT_SCALE_LOG, .level = 0.95, .jump_t = j2, .n_jumps = 2};
    assert_int_equal(mt_trend_fit(utrecht_t, utrecht_y, NULL, UTRECHT_N, &o2, &r, &err), MT_ESINGULAR);
    /* too many parameters for the points: 4 points, 3 params + ... */
    const double j3[] = {2021, 2022};
    mt_trend_opts o3 = {.scale = MT_SCALE_LOG, .level = 0.95, .jump_t = j3, .n_jumps = 2};
    assert_int_equal(mt_trend_fit(t4, yc, NULL, 4, &o3, &r, &err), MT_ETOOFEW);
    /* too many jumps */
    mt_trend_opts o4 = {.scale = MT_SCALE_LOG, .level = 0.95, .jump_t = utrecht_t, .n_jumps = MT_TREND_MAX_JUMPS + 1};
    assert_int_equal(mt_trend_fit(utrecht_t, utrecht_y, NULL, UTRECHT_N, &o4, &r, &err), MT_EINVAL);
    /* bad level */
    mt_trend_opts o5 = {.scale = MT_SCALE_LOG, .level = 1.5, .jump_t = NULL, .n_jumps = 0};
    assert_int_equal(mt_trend_fit(t4, yc, NULL, 4, &o5, &r, &err), MT_EINVAL);
    /* log of a non-positive value */
    const double yz[] = {3.5, -1.0, 5.75, 6.5};
    mt_trend_opts o6 = {.scale = MT_SCALE_LOG, .level = 0.95, .jump_t = NULL, .n_jumps = 0};
    assert_int_equal(mt_trend_fit(t4, yz, NULL, 4, &o6, &r, &err), MT_EINVAL);
    /* perfect fit: sse = 0 makes dw and t undefined, never a silent NaN */
    const double yl[] = {1.5, 2.5, 3.5, 4.5};
    mt_trend_opts o7 = {.scale = MT_SCALE_LINEAR, .level = 0.95, .jump_t = NULL, .n_jumps = 0};
    assert_int_equal(mt_trend_fit(t4, yl, NULL, 4, &o7, &r, &err), MT_ENONFINITE);
    assert_true(isnan(r.b));
    assert_int_equal(mt_trend_fit(t4, yl, NULL, 4, &o7, NULL, &err), MT_EINVAL);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utrecht_log),     cmocka_unit_test(test_utrecht_linear),
        cmocka_unit_test(test_prevalence),      cmocka_unit_test(test_seizures_and_jump),
        cmocka_unit_test(test_amsterdam_gap),   cmocka_unit_test(test_toronto_weighted),
        cmocka_unit_test(test_hand_derivation), cmocka_unit_test(test_scale_choose),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
