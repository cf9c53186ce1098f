/*
 * joinpoint_ci.c - bootstrap intervals for joinpoint locations
 * (joinpoint_ci.h).  The admissible k-sets are factored once into the grid
 * engine's stored prefix tree (joinpoint_sets.c), and the resamples go
 * through it JP_LANES at a time (joinpoint_batch.c): one X'Wy product for
 * the four, each stored factor entry loaded once for the four.  Lane l does
 * the scalar operations of the one-response path (jp_grid_xty,
 * jp_sets_min_sse) on resample l, and the resamples are drawn from the one
 * mt19937 stream in their order (joinpoint_mt.c: GSL's numbers, a block at
 * a time), so every chosen set is the one the sample-by-sample loop chose;
 * the quantiles are read off counts of the grid points drawn instead of
 * sorted draws (the same values).  tests/unit/test_joinpoint_ci.c keeps
 * that loop as the reference and compares the chosen sets and the bounds
 * bit for bit.
 */
#include "monitrend/joinpoint_ci.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "joinpoint_internal.h"

/* Index into the sorted B values of the empirical quantile p (R's type 1:
 * the inverse of the empirical distribution). */
static size_t quantile_type1_index(size_t B, double p)
{
    double k = ceil(p * (double)B - 1e-9);
    size_t i = k < 1 ? 0 : (size_t)k - 1;
    return i < B ? i : B - 1;
}

/* Above this many points the table of every fitted_i + r_u / sqrt(w_i)
 * (n^2 doubles, 2 MB here) is not made: each draw computes its sum. */
#define JP_CI_TABLE_MAX 512

mt_status jp_ci_sets(const jp_grid *g, const jp_sets *s, const double *fitted, const double *r,
                     unsigned long seed, size_t B, size_t *arg)
{
    const size_t n = g->n;
    double *Y = malloc(n * JP_LANES * sizeof *Y), *V = malloc(n * JP_LANES * sizeof *V);
    double *C = malloc((g->m + 1) * JP_LANES * sizeof *C);
    /* a resample takes one of n values at each point: with B resamples of
     * n points and n <= B, making the n^2 sums once costs fewer additions
     * and divisions than making them per draw (the same operations, so the
     * same values) */
    const int table = n <= B && n <= JP_CI_TABLE_MAX;
    double *F = table ? malloc(n * n * sizeof *F) : NULL;
    jp_mt *mt = malloc(sizeof *mt);
    mt_status st = MT_OK;
    if (!Y || !V || !C || !mt || (table && !F)) {
        st = MT_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n && table; i++)
        for (size_t u = 0; u < n; u++)
            F[i * n + u] = fitted[i] + r[u] / g->sw[i];
    jp_mt_seed(mt, seed);
    for (size_t b = 0; b < B; b += JP_LANES) {
        /* the next JP_LANES resamples, drawn in order from the stream as
         * jp_boot_sample draws them; past B the last lanes repeat the first
         * (no draws) */
        const size_t nl = B - b < JP_LANES ? B - b : JP_LANES;
        jp_mt_boot_samples(mt, g, fitted, r, F, Y, nl);
        for (size_t l = nl; l < JP_LANES; l++)
            for (size_t i = 0; i < n; i++)
                Y[i * JP_LANES + l] = Y[i * JP_LANES];
        double yy[JP_LANES], sse[JP_LANES];
        size_t a[JP_LANES];
        jp_grid_xty_batch(g, Y, C, yy, V);
        jp_sets_min_batch(g, s, C, yy, sse, a);
        for (size_t l = 0; l < nl; l++)
            arg[b + l] = a[l];
    }
done:
    free(mt);
    free(F);
    free(Y);
    free(V);
    free(C);
    return st;
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
    const size_t nsets = jp_grid_count(&g, k, MT_JP_CI_MAX_SETS);
    if (nsets == JP_COUNT_NOMEM)
        st = MT_ENOMEM; /* before the limit test: the count of an allocation failure is SIZE_MAX */
    else if (nsets > MT_JP_CI_MAX_SETS)
        st = MT_ELIMIT;
    else
        st = jp_sets_build(&g, k, &s);
    double *r = malloc(n * sizeof *r);
    size_t *arg = malloc(B * sizeof *arg), *cnt = malloc((g.ncand + 1) * sizeof *cnt);
    if (st != MT_OK) {
        mt_error_set(err, st, "joinpoint CI: %s", st == MT_ELIMIT ? "too many joinpoint sets"
                                                                  : mt_status_name(st));
        goto done;
    }
    if (!r || !arg || !cnt) {
        st = mt_error_set(err, MT_ENOMEM, "joinpoint CI: out of memory");
        goto done;
    }
    if (s.nsets == 0) {
        st = mt_error_set(err, MT_EINVAL, "joinpoint CI: no admissible set of %d joinpoints", k);
        goto done;
    }
    jp_boot_residuals(&g, t, y, w, fit, r); /* as the bootstrap band */
    st = jp_ci_sets(&g, &s, fit->fitted, r, (unsigned long)opts->seed, B, arg);
    if (st != MT_OK) {
        mt_error_set(err, st, "joinpoint CI: out of memory");
        goto done;
    }
    /* The j-th joinpoints of the chosen sets are grid candidates, and the
     * candidates increase with their index, so the sorted draws are the
     * candidates in index order, each repeated as often as it was drawn:
     * counting them gives the same quantiles as sorting the B values. */
    const double alpha = opts->alpha > 0 && opts->alpha < 1 ? opts->alpha : 0.05;
    const size_t ilo = quantile_type1_index(B, alpha / 2.0);
    const size_t ihi = quantile_type1_index(B, 1.0 - alpha / 2.0);
    for (int j = 0; j < k; j++) {
        memset(cnt, 0, g.ncand * sizeof *cnt);
        for (size_t b = 0; b < B; b++)
            cnt[s.idx[arg[b] * (size_t)k + (size_t)j]]++;
        size_t below = 0; /* draws before candidate c in sorted order */
        for (size_t c = 0; c < g.ncand; c++) {
            if (below <= ilo && ilo < below + cnt[c])
                lo[j] = g.cand[c];
            if (below <= ihi && ihi < below + cnt[c])
                hi[j] = g.cand[c];
            below += cnt[c];
        }
    }
done:
    free(r);
    free(arg);
    free(cnt);
    jp_sets_free(&s);
    jp_grid_free(&g);
    return st;
}
