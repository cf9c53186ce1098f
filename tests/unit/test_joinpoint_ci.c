/*
 * test_joinpoint_ci.c - bootstrap CIs of joinpoint locations
 * (src/stats/joinpoint_ci.c) against the brute-force R oracle
 * tests/reference/joinpoint_ci/jp_ci.R -> jp_ci.Rout: UNODC cocaine seizures
 * NL 1980-2023 (ln kg, the 2010 change as a level shift), k = 2.  The R
 * bootstrap uses R's random numbers (2000 samples), so the bounds are
 * compared to within one grid step (one year); the fit itself exactly.
 * The batched bootstrap (four resamples at a time through the stored sets)
 * is compared bit for bit with the sample-by-sample loop it replaced, kept
 * here as the reference (ref_location_ci): the same chosen set for every
 * resample and the same bounds, on seeded random series and real data.
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

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>

#include "monitrend/init.h"
#include "monitrend/joinpoint_ci.h"
#include "../../src/stats/joinpoint_internal.h"

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

/* ------------------------------------------------------------------ */
/* The batched bootstrap against the sample-by-sample loop it replaced  */

/* R quantile type 1 of sorted x[0..B-1], as the loop computed it. */
static double ref_quantile_type1(const double *x, size_t B, double p)
{
    double k = ceil(p * (double)B - 1e-9);
    size_t i = k < 1 ? 0 : (size_t)k - 1;
    return x[i < B ? i : B - 1];
}

/*
 * mt_jp_location_ci as it was before the batching (the reference): one
 * resample at a time, each y*_i = fitted_i + r_U / sqrt(w_i) with U drawn
 * by gsl_rng_uniform_int from GSL's mt19937 in order i = 0..n-1, searched
 * by jp_sets_min_sse (one response), the draws sorted by gsl_sort.  Fills
 * the chosen set of each sample into arg and the bounds into lo, hi.
 */
static void ref_location_ci(const double *t, const double *y, const double *w, size_t n,
                            const mt_jp_options *o, const mt_jp_result *fit, size_t B,
                            size_t *arg, double *lo, double *hi)
{
    const int k = fit->k;
    jp_grid g;
    jp_sets s;
    assert_int_equal(jp_grid_init(&g, t, w, n, o), MT_OK);
    assert_int_equal(jp_sets_build(&g, k, &s), MT_OK);
    double *r = malloc(n * sizeof *r), *ys = malloc(n * sizeof *ys);
    double *c = malloc(g.m * sizeof *c), *draws = malloc(B * (size_t)k * sizeof *draws);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_true(r && ys && c && draws && rng);
    gsl_rng_set(rng, (unsigned long)o->seed);
    jp_boot_residuals(&g, t, y, w, fit, r);
    for (size_t b = 0; b < B; b++) {
        for (size_t i = 0; i < n; i++)
            ys[i] = fit->fitted[i] + r[gsl_rng_uniform_int(rng, n)] / g.sw[i];
        double yy;
        jp_grid_xty(&g, ys, c, &yy);
        jp_sets_min_sse(&g, &s, c, yy, &arg[b]);
        for (int j = 0; j < k; j++)
            draws[(size_t)j * B + b] = g.cand[s.idx[arg[b] * (size_t)k + (size_t)j]];
    }
    const double alpha = o->alpha > 0 && o->alpha < 1 ? o->alpha : 0.05;
    for (int j = 0; j < k; j++) {
        double *d = draws + (size_t)j * B;
        gsl_sort(d, 1, B);
        lo[j] = ref_quantile_type1(d, B, alpha / 2.0);
        hi[j] = ref_quantile_type1(d, B, 1.0 - alpha / 2.0);
    }
    gsl_rng_free(rng);
    free(r);
    free(ys);
    free(c);
    free(draws);
    jp_sets_free(&s);
    jp_grid_free(&g);
}

/* One series: fit k joinpoints, then the chosen sets of jp_ci_sets and the
 * bounds of mt_jp_location_ci against the reference, bit for bit.  Returns
 * 1 when compared (0 when the fit has fewer joinpoints or fails). */
static int check_against_reference(const double *t, const double *y, const double *w, size_t n,
                                   const mt_jp_options *o, size_t B)
{
    mt_jp_result *fit = NULL;
    mt_error e;
    if (mt_jp_fit(t, y, w, n, o, &fit, &e) != MT_OK)
        return 0;
    const int k = fit->k;
    if (k == 0) {
        mt_jp_result_free(fit);
        return 0;
    }
    size_t *ra = malloc(B * sizeof *ra), *na = malloc(B * sizeof *na);
    double rlo[MT_JP_MAX_JOINPOINTS], rhi[MT_JP_MAX_JOINPOINTS];
    double lo[MT_JP_MAX_JOINPOINTS], hi[MT_JP_MAX_JOINPOINTS];
    assert_true(ra && na);
    ref_location_ci(t, y, w, n, o, fit, B, ra, rlo, rhi);
    /* the chosen sets themselves */
    jp_grid g;
    jp_sets s;
    double *r = malloc(n * sizeof *r);
    assert_non_null(r);
    assert_int_equal(jp_grid_init(&g, t, w, n, o), MT_OK);
    assert_int_equal(jp_sets_build(&g, k, &s), MT_OK);
    jp_boot_residuals(&g, t, y, w, fit, r);
    assert_int_equal(jp_ci_sets(&g, &s, fit->fitted, r, (unsigned long)o->seed, B, na), MT_OK);
    for (size_t b = 0; b < B; b++)
        if (ra[b] != na[b])
            fail_msg("n %zu k %d sample %zu: set %zu, reference %zu", n, k, b, na[b], ra[b]);
    /* and the bounds through the public function */
    assert_int_equal(mt_jp_location_ci(t, y, w, n, o, fit, B, lo, hi, &e), MT_OK);
    if (memcmp(lo, rlo, (size_t)k * sizeof *lo) != 0 || memcmp(hi, rhi, (size_t)k * sizeof *hi))
        fail_msg("n %zu k %d: bounds %g-%g, reference %g-%g", n, k, lo[0], hi[0], rlo[0], rhi[0]);
    free(r);
    jp_sets_free(&s);
    jp_grid_free(&g);
    free(ra);
    free(na);
    mt_jp_result_free(fit);
    return 1;
}

/* Seeded random series: n 7-40, k 1-3 fixed, weights, level shifts, grid
 * points between observations, other spacing rules and levels, B not a
 * multiple of the batch width, exactly piecewise-linear data (every
 * resample equal to the fit: ties everywhere), seed 0. */
static void test_batched_equals_reference(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20261203);
    const size_t Bs[] = {10, 13, 64, 101, 250};
    int compared = 0, ks[MT_JP_MAX_JOINPOINTS + 1] = {0};
    for (int rep = 0; rep < 300; rep++) {
        const size_t n = 7 + gsl_rng_uniform_int(rng, 34);
        double t[40], y[40], w[40], jump;
        const double slope = gsl_ran_gaussian(rng, 0.05);
        const double tau1 = 2000.0 + (double)(n / 3), tau2 = 2000.0 + (double)(2 * n / 3);
        const int tied = rep % 25 == 0;
        for (size_t i = 0; i < n; i++) {
            t[i] = 2000.0 + (double)i + (rep % 7 == 0 && i > n / 3 ? 0.5 : 0.0);
            y[i] = 3.0 + slope * (t[i] - 2000.0) + (t[i] > tau1 ? 0.1 * (t[i] - tau1) : 0.0) -
                   (t[i] > tau2 ? 0.12 * (t[i] - tau2) : 0.0);
            if (!tied)
                y[i] += gsl_ran_gaussian(rng, rep % 3 == 0 ? 0.02 : 0.06);
            w[i] = 0.5 + gsl_rng_uniform(rng);
        }
        mt_jp_options o;
        mt_jp_options_default(&o);
        o.min_joinpoints = o.max_joinpoints = 1 + rep % 3;
        o.seed = rep % 11 == 0 ? 0 : gsl_rng_get(rng);
        o.grid_between = rep % 5 == 0 ? 1 : 0;
        o.alpha = rep % 4 == 0 ? 0.1 : 0.05;
        if (rep % 4 == 1) {
            jump = t[n / 2] - 0.25;
            o.jumps = &jump;
            o.n_jumps = 1;
        }
        if (rep % 6 == 2) {
            o.min_end = 1;
            o.min_between = 1;
        }
        const int c = check_against_reference(t, y, rep % 3 == 1 ? w : NULL, n, &o,
                                               Bs[rep % 5]);
        compared += c;
        ks[o.max_joinpoints] += c;
    }
    gsl_rng_free(rng);
    /* not vacuous: most series have their k joinpoints, every k is met */
    assert_true(compared > 200);
    for (int k = 1; k <= 3; k++)
        assert_true(ks[k] > 40);
}

/* Real data: the bundled UNODC seizures series of the oracle test with 1-3
 * joinpoints, the pipeline's B. */
static void test_batched_real_data(void **state)
{
    (void)state;
    static const char *const drugs[] = {"ats", "cannabis", "cocaine", "opioids"};
    int compared = 0;
    for (int d = 0; d < 4; d++) {
        double t[MAXN], y[MAXN];
        const size_t n = test_read_seizures("seizures", drugs[d], "NL", 1, t, y, MAXN);
        if (n < 10)
            continue;
        for (int k = 1; k <= 3; k++) {
            mt_jp_options o;
            mt_jp_options_default(&o);
            o.min_joinpoints = o.max_joinpoints = k;
            o.seed = 16 + (uint64_t)k;
            compared += check_against_reference(t, y, NULL, n, &o, MT_JP_CI_BOOT);
        }
    }
    assert_true(compared >= 8);
}

/* The block-wise mt19937 (joinpoint_mt.c) against GSL's: the raw words
 * over several blocks of 624 and gsl_rng_uniform_int's draws, for seeds 0
 * (GSL's 4357), small, 2^32 + 5 (only the low 32 bits are used) and
 * 64-bit ones, and ranges from 1 to 2^31 + 1 (where half the words are
 * drawn again). */
static void test_mt_equals_gsl(void **state)
{
    (void)state;
    const unsigned long seeds[] = {0, 1, 16, 4357, 4294967301UL, 0x9e3779b97f4a7c15UL};
    const size_t ns[] = {1, 2, 7, 25, 44, 1000, 2147483649UL};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    jp_mt *m = malloc(sizeof *m);
    assert_true(rng && m);
    for (size_t si = 0; si < sizeof seeds / sizeof *seeds; si++) {
        gsl_rng_set(rng, seeds[si]);
        jp_mt_seed(m, seeds[si]);
        for (int i = 0; i < 3000; i++)
            assert_true(jp_mt_get(m) == gsl_rng_get(rng));
        for (size_t ni = 0; ni < sizeof ns / sizeof *ns; ni++)
            for (int i = 0; i < 1500; i++)
                assert_true(jp_mt_uniform_int(m, ns[ni]) == gsl_rng_uniform_int(rng, ns[ni]));
        assert_true(jp_mt_get(m) == gsl_rng_get(rng)); /* still in step */
    }
    free(m);
    gsl_rng_free(rng);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle_nl_cocaine),
        cmocka_unit_test(test_sharp),
        cmocka_unit_test(test_batched_equals_reference),
        cmocka_unit_test(test_batched_real_data),
        cmocka_unit_test(test_mt_equals_gsl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
