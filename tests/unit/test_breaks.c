/* test_breaks.c - Bai-Perron breaks, break-date intervals, supF and Chow
 * tests against R strucchange 1.5.3 on real series (Nile, NSW monthly drug
 * offences, Dutch cocaine seizures), against a brute-force search on seeded
 * random series, and every error path.
 *
 * Expected numbers come from tests/reference/breaks/ref_breaks.h, written by
 * tests/reference/breaks/breaks_ref.R (transcript breaks_ref.Rout beside it).
 * Tolerances: RSS, BIC and LWZ relative 1e-9 (our segment sums come from
 * running co-moments, strucchange's from recursive residuals: both are exact
 * up to rounding); F statistics 1e-9; unrounded interval offsets 1e-7 (R's
 * uniroot there ran to 1e-13 on a function with about 1e-15 rounding);
 * p-values relative 1e-7 or absolute 1e-15 (R computes 1 - P, which cannot
 * go below 2.2e-16, while we compute the upper tail directly). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "monitrend/init.h"
#include "monitrend/breaks.h"
#include "../reference/breaks/ref_breaks.h"

#define REL_RSS 1e-9
#define REL_RAW 1e-7
#define REL_P 1e-7
#define ABS_P 1e-15

typedef struct {
    const char *name;
    mt_bp_model model;
    size_t n, h, maxb, chosen;
    const double *y, *rss, *bic, *lwz;
    const long *breaks; /* maxb x maxb, 1-based as R prints them */
    const long *ci_lo, *ci_hi;
    const double *ci_up, *ci_low;
    long chow_point;
    double chow_f, chow_p, supf, supf_p;
    long supf_point;
} ref_case;

#define CASE(N, name_, model_)                                                                                   \
    {name_, model_, REF_##N##_N, REF_##N##_H, REF_##N##_MAXB, REF_##N##_CHOSEN, REF_##N##_Y, REF_##N##_RSS,      \
     REF_##N##_BIC, REF_##N##_LWZ, REF_##N##_BREAKS, REF_##N##_CI_LO, REF_##N##_CI_HI, REF_##N##_CI_UPPER_RAW,   \
     REF_##N##_CI_LOWER_RAW, REF_##N##_CHOW_POINT, REF_##N##_CHOW_F, REF_##N##_CHOW_P, REF_##N##_SUPF,           \
     REF_##N##_SUPF_P, REF_##N##_SUPF_POINT}

static const ref_case cases[] = {
    CASE(NILE_MEAN, "nile_mean", MT_BP_MEAN), CASE(NILE_TREND, "nile_trend", MT_BP_TREND),
    CASE(NSW_MEAN, "nsw_mean", MT_BP_MEAN),   CASE(NSW_TREND, "nsw_trend", MT_BP_TREND),
    CASE(NL_MEAN, "nl_mean", MT_BP_MEAN),     CASE(NL_TREND, "nl_trend", MT_BP_TREND),
};

static void assert_rel(double got, double want, double rel, const char *what)
{
    double tol = rel * fabs(want);
    if (!(fabs(got - want) <= tol)) {
        print_error("%s: got %.17g, want %.17g (rel tol %g)\n", what, got, want, rel);
        fail();
    }
}

static void assert_p(double got, double want, const char *what)
{
    if (!(fabs(got - want) <= REL_P * fabs(want) || fabs(got - want) <= ABS_P)) {
        print_error("%s: p = %.17g, want %.17g\n", what, got, want);
        fail();
    }
}

/* t as the R scripts used it: the index 1..n. */
static double *index_t(size_t n)
{
    double *t = malloc(n * sizeof *t);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++)
        t[i] = (double)(i + 1);
    return t;
}

static void check_case(const ref_case *c, const double *t)
{
    mt_bp_options o;
    mt_bp_options_default(&o);
    o.model = c->model;
    mt_bp_result r;
    mt_error err;
    mt_error_clear(&err);
    assert_int_equal(mt_bp_fit(t, c->y, c->n, &o, &r, &err), MT_OK);
    assert_int_equal(r.h, c->h);
    assert_int_equal(r.max_breaks, c->maxb);
    assert_int_equal(r.n_reg, c->model == MT_BP_TREND ? 2 : 1);
    for (size_t m = 0; m <= c->maxb; m++) {
        assert_rel(r.rss[m], c->rss[m], REL_RSS, c->name);
        assert_rel(r.bic[m], c->bic[m], REL_RSS, c->name);
        assert_rel(r.lwz[m], c->lwz[m], REL_RSS, c->name);
    }
    for (size_t m = 1; m <= c->maxb; m++)
        for (size_t i = 0; i < m; i++)
            assert_int_equal((long)r.breaks_by_m[(m - 1) * c->maxb + i] + 1, c->breaks[(m - 1) * c->maxb + i]);
    assert_int_equal(r.n_breaks, c->chosen);
    for (size_t i = 0; i < c->chosen; i++) {
        assert_int_equal((long)r.breaks[i] + 1, c->breaks[(c->chosen - 1) * c->maxb + i]);
        assert_true(r.ci_ok[i]);
        assert_int_equal(r.ci_lo[i] + 1, c->ci_lo[i]);
        assert_int_equal(r.ci_hi[i] + 1, c->ci_hi[i]);
        assert_rel(r.ci_upper_raw[i], c->ci_up[i], REL_RAW, c->name);
        assert_rel(r.ci_lower_raw[i], c->ci_low[i], REL_RAW, c->name);
    }
    assert_rel(r.supf, c->supf, REL_RSS, c->name);
    assert_int_equal((long)r.supf_index + 1, c->supf_point);
    assert_p(r.supf_p, c->supf_p, c->name);

    double f, p;
    assert_int_equal(mt_chow_test(t, c->y, c->n, c->model, (size_t)c->chow_point - 1, &f, &p, &err), MT_OK);
    assert_rel(f, c->chow_f, REL_RSS, c->name);
    assert_p(p, c->chow_p, c->name);
    mt_bp_result_clear(&r);
    assert_null(r.rss);
}

static void test_reference_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double *t = index_t(cases[i].n);
        check_case(&cases[i], t);
        free(t);
    }
}

/* Nile with t in calendar years: the break falls after observation 28, i.e.
 * 1871 + 27 = 1898, strucchange's breakdates(); interval 1895-1902
 * (breaks_ref.Rout, "Nile ~ 1 as ts"). */
static void test_nile_dates(void **state)
{
    (void)state;
    double t[REF_NILE_MEAN_N];
    for (size_t i = 0; i < REF_NILE_MEAN_N; i++)
        t[i] = 1871.0 + (double)i;
    mt_bp_result r;
    assert_int_equal(mt_bp_fit(t, REF_NILE_MEAN_Y, REF_NILE_MEAN_N, NULL, &r, NULL), MT_OK);
    assert_int_equal(r.n_breaks, 1);
    assert_true(t[r.breaks[0]] == 1898.0);
    assert_true(t[r.ci_lo[0]] == 1895.0);
    assert_true(t[r.ci_hi[0]] == 1902.0);
    /* The two segment means, the level before and after the Aswan dam works. */
    double m1 = 0, m2 = 0;
    for (size_t i = 0; i < 28; i++)
        m1 += REF_NILE_MEAN_Y[i];
    for (size_t i = 28; i < 100; i++)
        m2 += REF_NILE_MEAN_Y[i];
    assert_rel(r.seg_coef[0], m1 / 28.0, 1e-12, "mean 1");
    assert_rel(r.seg_coef[1], m2 / 72.0, 1e-12, "mean 2");
    mt_bp_result_clear(&r);
}

/* Monthly NSW series on decimal years (1995 + (i + 0.5)/12): the trend model
 * must give the same partition, RSS and intervals as on the index 1..n,
 * because both are affine in each other (the sub-annual case). */
static void test_monthly_decimal_years(void **state)
{
    (void)state;
    size_t n = REF_NSW_TREND_N;
    double *t = malloc(n * sizeof *t);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++)
        t[i] = 1995.0 + ((double)i + 0.5) / 12.0;
    ref_case c = cases[3];
    assert_string_equal(c.name, "nsw_trend");
    check_case(&c, t);
    mt_bp_options o;
    mt_bp_options_default(&o);
    o.model = MT_BP_TREND;
    mt_bp_result r;
    assert_int_equal(mt_bp_fit(t, c.y, n, &o, &r, NULL), MT_OK);
    /* Break 1 after observation 82 = 2001 Oct (1995 Jan + 81 months). */
    assert_int_equal(r.breaks[0], 81);
    assert_int_equal((int)floor(t[r.breaks[0]]), 2001);
    /* Segment lines on decimal years reproduce the segment RSS. */
    double rss = 0.0;
    size_t prev = 0;
    for (size_t s = 0; s <= r.n_breaks; s++) {
        size_t end = s < r.n_breaks ? r.breaks[s] : n - 1;
        for (size_t i = prev; i <= end; i++) {
            double e = c.y[i] - (r.seg_coef[2 * s] + r.seg_coef[2 * s + 1] * t[i]);
            rss += e * e;
        }
        prev = end + 1;
    }
    assert_rel(rss, c.rss[c.chosen], 1e-8, "segment coefficients");
    mt_bp_result_clear(&r);
    free(t);
}

static void test_criteria(void **state)
{
    (void)state;
    const ref_case *c = &cases[4]; /* nl_mean: BIC picks 3, LWZ picks 3 too */
    double *t = index_t(c->n);
    mt_bp_options o;
    mt_bp_options_default(&o);
    o.criterion = MT_BP_LWZ;
    mt_bp_result r;
    /* Expected: the first minimum of the LWZ row of breaks_ref.Rout. */
    size_t want = 0;
    for (size_t m = 1; m <= c->maxb; m++)
        if (c->lwz[m] < c->lwz[want])
            want = m;
    assert_int_equal(mt_bp_fit(t, c->y, c->n, &o, &r, NULL), MT_OK);
    assert_int_equal(r.criterion, MT_BP_LWZ);
    assert_int_equal(r.n_breaks, want);
    mt_bp_result_clear(&r);

    /* nl_trend: BIC picks 2 but LWZ's row in the transcript has its minimum at 2 as well;
     * nsw_trend: BIC picks 4, LWZ picks 3. */
    const ref_case *d = &cases[3];
    double *td = index_t(d->n);
    o.model = MT_BP_TREND;
    assert_int_equal(mt_bp_fit(td, d->y, d->n, &o, &r, NULL), MT_OK);
    assert_int_equal(r.n_breaks, 3);
    assert_int_equal(r.breaks[0] + 1, d->breaks[2 * d->maxb + 0]);
    mt_bp_result_clear(&r);

    /* Fixed number of breaks, and a smaller maximum. */
    o.model = MT_BP_MEAN;
    o.criterion = MT_BP_FIXED;
    o.fixed_breaks = 5;
    assert_int_equal(mt_bp_fit(t, c->y, c->n, &o, &r, NULL), MT_OK);
    assert_int_equal(r.n_breaks, 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal((long)r.breaks[i] + 1, c->breaks[4 * c->maxb + i]);
    mt_bp_result_clear(&r);
    o.fixed_breaks = 0;
    assert_int_equal(mt_bp_fit(t, c->y, c->n, &o, &r, NULL), MT_OK);
    assert_int_equal(r.n_breaks, 0);
    assert_null(r.breaks);
    mt_bp_result_clear(&r);
    o.criterion = MT_BP_BIC;
    o.max_breaks = 2;
    assert_int_equal(mt_bp_fit(t, c->y, c->n, &o, &r, NULL), MT_OK);
    assert_int_equal(r.max_breaks, 2);
    assert_int_equal(r.n_breaks, 2); /* BIC row: 2 is the best of 0..2 */
    mt_bp_result_clear(&r);
    /* h as a count equals the fraction that floors to it. */
    o.max_breaks = 0;
    o.h = 6.0;
    assert_int_equal(mt_bp_fit(t, c->y, c->n, &o, &r, NULL), MT_OK);
    assert_int_equal(r.h, 6);
    assert_rel(r.rss[3], c->rss[3], REL_RSS, "h count");
    mt_bp_result_clear(&r);
    free(t);
    free(td);
}

/* confint(het.reg, het.err, level) variants (breaks_ref.Rout, end). */
static void check_variant(const ref_case *c, int het_reg, int het_err, double level, const long *lo, const long *hi)
{
    double *t = index_t(c->n);
    mt_bp_options o;
    mt_bp_options_default(&o);
    o.model = c->model;
    o.het_reg = het_reg;
    o.het_err = het_err;
    o.level = level;
    mt_bp_result r;
    assert_int_equal(mt_bp_fit(t, c->y, c->n, &o, &r, NULL), MT_OK);
    assert_int_equal(r.n_breaks, c->chosen);
    for (size_t i = 0; i < r.n_breaks; i++) {
        assert_true(r.ci_ok[i]);
        assert_int_equal(r.ci_lo[i] + 1, lo[i]);
        assert_int_equal(r.ci_hi[i] + 1, hi[i]);
    }
    mt_bp_result_clear(&r);
    free(t);
}

static void test_interval_variants(void **state)
{
    (void)state;
    check_variant(&cases[4], 0, 0, 0.95, REF_NL_MEAN_R0E0L95_LO, REF_NL_MEAN_R0E0L95_HI);
    check_variant(&cases[4], 1, 0, 0.95, REF_NL_MEAN_R1E0L95_LO, REF_NL_MEAN_R1E0L95_HI);
    check_variant(&cases[4], 0, 1, 0.95, REF_NL_MEAN_R0E1L95_LO, REF_NL_MEAN_R0E1L95_HI);
    check_variant(&cases[4], 1, 1, 0.90, REF_NL_MEAN_R1E1L90_LO, REF_NL_MEAN_R1E1L90_HI);
    check_variant(&cases[3], 0, 0, 0.95, REF_NSW_TREND_R0E0L95_LO, REF_NSW_TREND_R0E0L95_HI);
    check_variant(&cases[3], 1, 0, 0.95, REF_NSW_TREND_R1E0L95_LO, REF_NSW_TREND_R1E0L95_HI);
    check_variant(&cases[3], 0, 1, 0.95, REF_NSW_TREND_R0E1L95_LO, REF_NSW_TREND_R0E1L95_HI);
    check_variant(&cases[3], 1, 1, 0.90, REF_NSW_TREND_R1E1L90_LO, REF_NSW_TREND_R1E1L90_HI);
}

/* Error variance falls 100-fold at the break: strucchange cannot compute the
 * interval (P(argmax V <= 0) = 0.9999) and returns NA (breaks_ref.Rout, "asym"). */
static void test_interval_not_computable(void **state)
{
    (void)state;
    mt_bp_options o;
    mt_bp_options_default(&o);
    o.criterion = MT_BP_FIXED;
    o.fixed_breaks = 1;
    o.level = 0.5;
    mt_bp_result r;
    assert_int_equal(mt_bp_fit(NULL, REF_ASYM_Y, REF_ASYM_N, &o, &r, NULL), MT_OK);
    assert_int_equal(r.breaks[0] + 1, REF_ASYM_BREAK);
    assert_int_equal(REF_ASYM_CI_NA, 1);
    assert_int_equal(r.ci_ok[0], 0);
    assert_int_equal(r.ci_lo[0], (long)r.breaks[0]);
    assert_true(isnan(r.ci_upper_raw[0]));
    mt_bp_result_clear(&r);
}

static void test_pargmax(void **state)
{
    (void)state;
    for (size_t i = 0; i < REF_PARGMAX_N; i++) {
        double p = mt_bp_pargmax(REF_PARGMAX_X[i], REF_PARGMAX_XI[i], REF_PARGMAX_PHI1[i], REF_PARGMAX_PHI2[i]);
        if (!(fabs(p - REF_PARGMAX_P[i]) <= 1e-12)) {
            print_error("pargmax row %zu: %.17g vs %.17g\n", i, p, REF_PARGMAX_P[i]);
            fail();
        }
    }
    assert_true(isnan(mt_bp_pargmax(1.0, 0.0, 1.0, 1.0)));
    assert_true(isnan(mt_bp_pargmax(1.0, 1.0, -1.0, 1.0)));
}

static void test_supf_pvalue(void **state)
{
    (void)state;
    for (size_t i = 0; i < REF_SUPFP_N; i++) {
        double p = mt_bp_supf_pvalue(REF_SUPFP_STAT[i], (size_t)REF_SUPFP_K[i], REF_SUPFP_LAMBDA[i]);
        assert_p(p, REF_SUPFP_P[i], "supF p table");
    }
    assert_true(isnan(mt_bp_supf_pvalue(3.0, 3, 32.0)));
    assert_true(isnan(mt_bp_supf_pvalue(NAN, 1, 32.0)));
}

/* Independent check of the dynamic programme: on seeded random series with
 * two level shifts and a trend, the 2-break partition must be the best of all
 * admissible pairs, each segment fitted afresh by gsl_fit_linear. */
static double seg_rss_direct(const double *t, const double *y, size_t a, size_t b, mt_bp_model model)
{
    size_t len = b - a + 1;
    if (model == MT_BP_MEAN) {
        double m = 0, s = 0;
        for (size_t i = a; i <= b; i++)
            m += y[i];
        m /= (double)len;
        for (size_t i = a; i <= b; i++)
            s += (y[i] - m) * (y[i] - m);
        return s;
    }
    double c0, c1, cov00, cov01, cov11, ss;
    assert_int_equal(gsl_fit_linear(t + a, 1, y + a, 1, len, &c0, &c1, &cov00, &cov01, &cov11, &ss), GSL_SUCCESS);
    return ss;
}

static void test_bruteforce_random(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, 20261123UL);
    for (int rep = 0; rep < 12; rep++) {
        size_t n = 30 + gsl_rng_uniform_int(rng, 41);
        mt_bp_model model = rep % 2 ? MT_BP_TREND : MT_BP_MEAN;
        double *t = malloc(n * sizeof *t), *y = malloc(n * sizeof *y);
        assert_non_null(t);
        assert_non_null(y);
        size_t b1 = n / 3 + gsl_rng_uniform_int(rng, 4), b2 = 2 * n / 3 + gsl_rng_uniform_int(rng, 4);
        for (size_t i = 0; i < n; i++) {
            t[i] = 2003.0 + (double)i / 4.0 + 0.01 * gsl_rng_uniform(rng); /* quarterly, jittered */
            y[i] = 3.7 + 0.02 * (double)i + (i > b1 ? 0.9 : 0.0) - (i > b2 ? 1.4 : 0.0) +
                   gsl_ran_gaussian(rng, 0.35);
        }
        mt_bp_options o;
        mt_bp_options_default(&o);
        o.model = model;
        o.criterion = MT_BP_FIXED;
        o.fixed_breaks = 2;
        mt_bp_result r;
        assert_int_equal(mt_bp_fit(t, y, n, &o, &r, NULL), MT_OK);
        size_t h = r.h;
        double best = INFINITY;
        size_t bb1 = 0, bb2 = 0;
        for (size_t i = h - 1; i < n; i++)
            for (size_t j = i + h; j + h < n; j++) {
                double v = seg_rss_direct(t, y, 0, i, model) + seg_rss_direct(t, y, i + 1, j, model) +
                           seg_rss_direct(t, y, j + 1, n - 1, model);
                if (v < best) {
                    best = v;
                    bb1 = i;
                    bb2 = j;
                }
            }
        assert_int_equal(r.breaks[0], bb1);
        assert_int_equal(r.breaks[1], bb2);
        assert_rel(r.rss[2], best, 1e-10, "brute force RSS");
        double rss0 = seg_rss_direct(t, y, 0, n - 1, model);
        assert_rel(r.rss[0], rss0, 1e-10, "RSS0");
        /* Chow at the first break, by the textbook formula. */
        double u = seg_rss_direct(t, y, 0, bb1, model) + seg_rss_direct(t, y, bb1 + 1, n - 1, model);
        double k = model == MT_BP_TREND ? 2.0 : 1.0;
        double f, p;
        assert_int_equal(mt_chow_test(t, y, n, model, bb1, &f, &p, NULL), MT_OK);
        assert_rel(f, ((rss0 - u) / k) / (u / ((double)n - 2.0 * k)), 1e-9, "Chow");
        assert_true(p >= 0.0 && p <= 1.0);
        mt_bp_result_clear(&r);
        free(t);
        free(y);
    }
    gsl_rng_free(rng);
}

static void test_errors(void **state)
{
    (void)state;
    const double *y = REF_NILE_MEAN_Y;
    double t[100];
    for (size_t i = 0; i < 100; i++)
        t[i] = (double)i;
    mt_bp_result r;
    mt_error err;
    mt_bp_options o;
    mt_bp_options_default(&o);

    assert_int_equal(mt_bp_fit(t, y, 100, &o, NULL, &err), MT_EINVAL);
    assert_int_equal(mt_bp_fit(t, NULL, 100, &o, &r, &err), MT_EINVAL);
    assert_string_equal(err.msg, "breaks: y is NULL");
    o.model = MT_BP_TREND;
    assert_int_equal(mt_bp_fit(NULL, y, 100, &o, &r, &err), MT_EINVAL);
    t[50] = t[49];
    assert_int_equal(mt_bp_fit(t, y, 100, &o, &r, &err), MT_EINVAL);
    assert_string_equal(err.msg, "breaks: t must increase strictly, but t[50] = 49 follows 49");
    t[50] = NAN;
    assert_int_equal(mt_bp_fit(t, y, 100, &o, &r, &err), MT_ENONFINITE);
    t[50] = 50.0;
    o.model = (mt_bp_model)7;
    assert_int_equal(mt_bp_fit(t, y, 100, &o, &r, &err), MT_EINVAL);
    mt_bp_options_default(&o);
    o.h = 0.0;
    assert_int_equal(mt_bp_fit(t, y, 100, &o, &r, &err), MT_EINVAL);
    o.h = 7.5;
    assert_int_equal(mt_bp_fit(t, y, 100, &o, &r, &err), MT_EINVAL);
    o.h = 1.0; /* a count not above the one regressor */
    assert_int_equal(mt_bp_fit(t, y, 100, &o, &r, &err), MT_EINVAL);
    o.h = 51.0;
    assert_int_equal(mt_bp_fit(t, y, 100, &o, &r, &err), MT_EINVAL);
    mt_bp_options_default(&o);
    o.level = 1.0;
    assert_int_equal(mt_bp_fit(t, y, 100, &o, &r, &err), MT_EINVAL);
    mt_bp_options_default(&o);
    o.criterion = (mt_bp_criterion)9;
    assert_int_equal(mt_bp_fit(t, y, 100, &o, &r, &err), MT_EINVAL);
    o.criterion = MT_BP_FIXED;
    o.fixed_breaks = 6;
    assert_int_equal(mt_bp_fit(t, y, 100, &o, &r, &err), MT_EINVAL);
    assert_string_equal(err.msg, "breaks: fixed_breaks = 6 exceeds the maximum of 5 breaks");

    /* Too few observations: floor(0.15 * 13) = 1 is not above 1 regressor. */
    mt_bp_options_default(&o);
    assert_int_equal(mt_bp_fit(t, y, 13, &o, &r, &err), MT_ETOOFEW);
    o.model = MT_BP_TREND; /* floor(0.15 * 19) = 2 is not above 2 regressors */
    assert_int_equal(mt_bp_fit(t, y, 19, &o, &r, &err), MT_ETOOFEW);
    assert_int_equal(mt_bp_fit(t, y, 20, &o, &r, &err), MT_OK);
    mt_bp_result_clear(&r);

    /* Size limit. */
    double *big = calloc(MT_BP_MAX_N + 1, sizeof *big);
    assert_non_null(big);
    o.model = MT_BP_MEAN;
    assert_int_equal(mt_bp_fit(NULL, big, MT_BP_MAX_N + 1, &o, &r, &err), MT_ELIMIT);
    free(big);

    /* Non-finite data, and a constant series whose RSS is 0. */
    double yy[40];
    for (size_t i = 0; i < 40; i++)
        yy[i] = 2.5;
    assert_int_equal(mt_bp_fit(NULL, yy, 40, &o, &r, &err), MT_ENONFINITE);
    assert_null(r.rss);
    yy[3] = INFINITY;
    assert_int_equal(mt_bp_fit(NULL, yy, 40, &o, &r, &err), MT_ENONFINITE);
    assert_string_equal(err.msg, "breaks: y[3] is not finite");

    /* Chow test errors. */
    double f, p;
    assert_int_equal(mt_chow_test(t, y, 100, MT_BP_MEAN, 0, &f, &p, &err), MT_EINVAL);
    assert_int_equal(mt_chow_test(t, y, 100, MT_BP_TREND, 97, &f, &p, &err), MT_EINVAL);
    assert_int_equal(mt_chow_test(t, y, 100, MT_BP_TREND, 96, &f, &p, &err), MT_OK);
    assert_int_equal(mt_chow_test(t, y, 5, MT_BP_TREND, 2, &f, &p, &err), MT_ETOOFEW);
    assert_int_equal(mt_chow_test(t, y, 100, MT_BP_MEAN, 10, NULL, &p, &err), MT_EINVAL);
    assert_int_equal(mt_chow_test(NULL, y, 100, MT_BP_TREND, 10, &f, &p, &err), MT_EINVAL);
    assert_int_equal(mt_chow_test(t, yy, 40, MT_BP_MEAN, 10, &f, &p, &err), MT_ENONFINITE);

    mt_bp_result_clear(NULL);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_cases), cmocka_unit_test(test_nile_dates),
        cmocka_unit_test(test_monthly_decimal_years), cmocka_unit_test(test_criteria),
        cmocka_unit_test(test_interval_variants), cmocka_unit_test(test_interval_not_computable),
        cmocka_unit_test(test_pargmax), cmocka_unit_test(test_supf_pvalue),
        cmocka_unit_test(test_bruteforce_random), cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
