/*
 * joinpoint_ci.c - bootstrap intervals for joinpoint locations
 * (joinpoint_ci.h).  Every bootstrap sample reuses the grid engine's stored
 * Cholesky factors of the admissible k-sets (joinpoint_internal.h), so a
 * sample costs one X'y product and one triangular solve per set.
 */
#include "monitrend/joinpoint_ci.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>

#include "joinpoint_internal.h"

/* Inverse of the empirical distribution (R quantile type 1) of sorted x[0..B-1]. */
static double quantile_type1(const double *x, size_t B, double p)
{
    double k = ceil(p * (double)B - 1e-9);
    size_t i = k < 1 ? 0 : (size_t)k - 1;
    return x[i < B ? i : B - 1];
}

mt_status mt_jp_location_ci(const double *t, const double *y, const double *w, size_t n,
                            const mt_jp_options *opts, const mt_jp_result *fit, size_t B,
                            double *lo, double *hi, mt_error *err)
{
    if (!t || !y || !opts || !fit || (fit->k > 0 && (!lo || !hi)))
        return mt_error_set(err, MT_EINVAL, "joinpoint CI: NULL argument");
    if (B < 10)
        return mt_error_set(err, MT_EINVAL, "joinpoint CI: %zu bootstrap samples (at least 10)", B);
    if (opts->family != MT_JP_GAUSSIAN)
        return mt_error_set(err, MT_EINVAL, "joinpoint CI: least squares fits only");
    if (fit->n != n)
        return mt_error_set(err, MT_EINVAL, "joinpoint CI: the fit is not of these %zu points", n);
    const int k = fit->k;
    if (k == 0)
        return MT_OK;
    jp_grid g;
    jp_sets s;
    memset(&s, 0, sizeof s);
    mt_status st = jp_grid_init(&g, t, w, n, opts);
    if (st != MT_OK)
        return mt_error_set(err, st, "joinpoint CI: %s", mt_status_name(st));
    if (jp_grid_count(&g, k, MT_JP_CI_MAX_SETS) > MT_JP_CI_MAX_SETS)
        st = MT_ELIMIT;
    else
        st = jp_sets_build(&g, k, &s);
    double *r = malloc(n * sizeof *r), *ys = malloc(n * sizeof *ys);
    double *c = malloc(g.m * sizeof *c), *draws = malloc(B * (size_t)k * sizeof *draws);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (st != MT_OK) {
        mt_error_set(err, st, "joinpoint CI: %s", st == MT_ELIMIT ? "too many joinpoint sets"
                                                                  : mt_status_name(st));
        goto done;
    }
    if (!r || !ys || !c || !draws || !rng) {
        st = mt_error_set(err, MT_ENOMEM, "joinpoint CI: out of memory");
        goto done;
    }
    if (s.nsets == 0) {
        st = mt_error_set(err, MT_EINVAL, "joinpoint CI: no admissible set of %d joinpoints", k);
        goto done;
    }
    gsl_rng_set(rng, (unsigned long)opts->seed);
    jp_boot_residuals(&g, t, y, w, fit, r); /* as the bootstrap band */
    for (size_t b = 0; b < B; b++) {
        jp_boot_sample(rng, &g, fit->fitted, r, ys, 1);
        double yy;
        size_t arg;
        jp_grid_xty(&g, ys, c, &yy);
        jp_sets_min_sse(&g, &s, c, yy, &arg);
        for (int j = 0; j < k; j++)
            draws[(size_t)j * B + b] = g.cand[s.idx[arg * (size_t)k + (size_t)j]];
    }
    const double alpha = opts->alpha > 0 && opts->alpha < 1 ? opts->alpha : 0.05;
    for (int j = 0; j < k; j++) {
        double *d = draws + (size_t)j * B;
        gsl_sort(d, 1, B);
        lo[j] = quantile_type1(d, B, alpha / 2.0);
        hi[j] = quantile_type1(d, B, 1.0 - alpha / 2.0);
    }
done:
    gsl_rng_free(rng);
    free(r);
    free(ys);
    free(c);
    free(draws);
    jp_sets_free(&s);
    jp_grid_free(&g);
    return st;
}
