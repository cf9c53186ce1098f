/*
 * season_models.c - joinpoint and Bai-Perron break models with seasonal
 * terms common to all segments (partial structural change).
 *
 * The search kernels (joinpoint_search.c, breaks.c) stay as they are: they
 * see the series with the current seasonal estimate removed, z - S g.  At
 * the joinpoints or breaks they choose, the full model (segments and
 * seasons together) is fitted by least squares, which gives a new g; the
 * two steps alternate until the chosen joinpoints or breaks repeat.  This is
 * the iterative procedure Bai and Perron (2003) give for partial
 * structural change.  At the fixed point the reported coefficients
 * are exactly those of the full least-squares model at the chosen
 * locations (what R's lm with the hinge terms and factor(month) gives), and
 * the covariance, df and CIs are recomputed for it: df counts the seasonal
 * parameters.
 */
#include "monitrend/season_models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#define SEASON_MAX_ITER 20

/* z - S g into out. */
static void adjust(const double *z, const double *S, size_t ps, const double *g, size_t n,
                   double *out)
{
    for (size_t i = 0; i < n; i++) {
        double v = z[i];
        for (size_t c = 0; c < ps; c++)
            v -= S[i * ps + c] * g[c];
        out[i] = v;
    }
}

/* Recompute segments, jumps and AAPCs of r from coef, cov and df (the same
 * formulas as joinpoint.c; docs/methods-joinpoint.md "Segments"). */
static mt_status jp_inference(mt_jp_result *r, const double *t, size_t n, const mt_jp_options *o,
                              mt_error *err)
{
    const size_t p = r->n_coef;
    const int k = r->k;
    const double q = gsl_cdf_tdist_Qinv(o->alpha / 2.0, r->df);
    for (int s = 0; s <= k; s++) {
        mt_jp_segment *sg = &r->segments[s];
        double m = r->coef[1], v = r->cov[1 * p + 1];
        for (int j = 0; j < s; j++) {
            m += r->coef[2 + j];
            v += 2.0 * r->cov[1 * p + 2 + (size_t)j];
            for (int l = 0; l < s; l++)
                v += r->cov[(2 + (size_t)j) * p + 2 + (size_t)l];
        }
        sg->slope = m;
        sg->slope_se = sqrt(v > 0.0 ? v : 0.0);
        sg->t_stat = m / sg->slope_se;
        sg->p = 2.0 * gsl_cdf_tdist_Q(fabs(sg->t_stat), r->df);
        if (r->apc_defined) {
            sg->apc = 100.0 * expm1(m);
            sg->apc_lo = 100.0 * expm1(m - q * sg->slope_se);
            sg->apc_hi = 100.0 * expm1(m + q * sg->slope_se);
        }
    }
    for (size_t j = 0; j < r->n_jumps; j++) {
        mt_jp_jump *jp = &r->jumps[j];
        const size_t a = 2 + (size_t)k + j;
        jp->coef = r->coef[a];
        jp->se = sqrt(r->cov[a * p + a]);
        jp->p = 2.0 * gsl_cdf_tdist_Q(fabs(jp->coef / jp->se), r->df);
        if (r->apc_defined) {
            jp->pct = 100.0 * expm1(jp->coef);
            jp->pct_lo = 100.0 * expm1(jp->coef - q * jp->se);
            jp->pct_hi = 100.0 * expm1(jp->coef + q * jp->se);
        }
    }
    mt_status st = mt_jp_aapc_compute(r, t[0], t[n - 1], o->alpha, &r->aapc_full, err);
    if (st == MT_OK && o->recent_years > 0.0)
        st = mt_jp_aapc_compute(r, t[n - 1] - o->recent_years, t[n - 1], o->alpha,
                                &r->aapc_recent, err);
    if (st == MT_OK && o->recent_years2 > 0.0)
        st = mt_jp_aapc_compute(r, t[n - 1] - o->recent_years2, t[n - 1], o->alpha,
                                &r->aapc_recent2, err);
    return st;
}

mt_status mt_season_jp_refit(const double *t, const double *z, const double *w, size_t n,
                             const double *S, size_t ps, const double *taus, int k,
                             const mt_jp_options *o, mt_jp_result **out, double *gamma,
                             mt_error *err)
{
    *out = NULL;
    const size_t nj = o->n_jumps, pb = 2 + (size_t)k + nj, p = pb + ps;
    const double df = (double)n - 2.0 - 2.0 * k - (double)nj - (double)ps;
    if (!(df >= 1.0))
        return mt_error_set(err, MT_ETOOFEW,
                            "joinpoint: %zu points leave no degrees of freedom for %d joinpoints "
                            "and %zu seasonal terms", n, k, ps);
    double *B = malloc(n * pb * sizeof *B), *coef = malloc(p * sizeof *coef);
    double *V = malloc(p * p * sizeof *V), *za = malloc(n * sizeof *za);
    mt_status st = MT_OK;
    if (!B || !coef || !V || !za) {
        st = mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
        goto done;
    }
    /* the design of joinpoint.c: time centred at its weighted mean */
    double sw = 0, swt = 0;
    for (size_t i = 0; i < n; i++) {
        sw += w ? w[i] : 1.0;
        swt += (w ? w[i] : 1.0) * t[i];
    }
    const double tc = swt / sw;
    for (size_t i = 0; i < n; i++) {
        double *row = B + i * pb;
        row[0] = 1.0;
        row[1] = t[i] - tc;
        for (int j = 0; j < k; j++)
            row[2 + j] = t[i] > taus[j] ? t[i] - taus[j] : 0.0;
        for (size_t m = 0; m < nj; m++)
            row[2 + (size_t)k + m] = t[i] >= o->jumps[m] ? 1.0 : 0.0;
    }
    double sse;
    st = mt_season_wls(B, pb, S, ps, z, w, n, coef, V, &sse, err);
    if (st != MT_OK)
        goto done;
    for (size_t c = 0; c < ps; c++)
        gamma[c] = coef[pb + c];
    /* the adjusted series gives the same trend coefficients at these
     * joinpoints (the seasonal estimate is the joint one), so the
     * kernel's result only needs its inference redone */
    adjust(z, S, ps, gamma, n, za);
    st = mt_jp_fit_fixed(t, za, w, n, taus, k, o, out, err);
    if (st != MT_OK)
        goto done;
    mt_jp_result *r = *out;
    r->df = df;
    r->sse = sse;
    r->sigma2 = sse / df;
    r->tcenter = tc;
    for (size_t a = 0; a < pb; a++) {
        r->coef[a] = coef[a];
        for (size_t b = 0; b < pb; b++)
            r->cov[a * pb + b] = r->sigma2 * V[a * p + b];
    }
    for (size_t i = 0; i < n; i++) {
        double f = 0;
        for (size_t a = 0; a < pb; a++)
            f += B[i * pb + a] * coef[a];
        r->fitted[i] = f; /* the seasonally adjusted fit */
    }
    st = jp_inference(r, t, n, o, err);
    if (st != MT_OK) {
        mt_jp_result_free(r);
        *out = NULL;
    }
done:
    free(B);
    free(coef);
    free(V);
    free(za);
    return st;
}

mt_status mt_season_jp_fit(const double *t, const double *z, const double *w, size_t n,
                           const double *S, size_t ps, const double *gamma0,
                           const mt_jp_options *opts, mt_jp_result **out, double *gamma,
                           int *iterations, mt_error *err)
{
    *out = NULL;
    *iterations = 0;
    mt_jp_options o = *opts;
    o.family = MT_JP_GAUSSIAN;
    /* the seasonal parameters also use degrees of freedom: the Program's
     * default maximum is taken for the points left after them (n - ps), and
     * never more joinpoints than leave df >= 1 in the full model */
    int kmax = o.max_joinpoints < 0 ? mt_jp_default_max(n > ps ? n - ps : 0) : o.max_joinpoints;
    long room = ((long)n - 3 - (long)o.n_jumps - (long)ps) / 2;
    if (room < 0)
        room = 0;
    if (kmax > room)
        kmax = (int)room;
    o.max_joinpoints = kmax;
    double *za = malloc(n * sizeof *za);
    if (!za)
        return mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
    double g[MT_SEASON_MAX_COLS];
    memcpy(g, gamma0, ps * sizeof *g);
    double prev[MT_JP_MAX_JOINPOINTS];
    int prev_k = -1;
    mt_status st = MT_OK;
    mt_jp_result *sel = NULL;
    for (int it = 1; it <= SEASON_MAX_ITER; it++) {
        adjust(z, S, ps, g, n, za);
        mt_jp_result_free(sel);
        sel = NULL;
        st = mt_jp_fit(t, za, w, n, &o, &sel, err);
        if (st != MT_OK)
            break;
        *iterations = it;
        int same = sel->k == prev_k;
        for (int j = 0; same && j < sel->k; j++)
            same = sel->taus[j] == prev[j];
        mt_jp_result *full = NULL;
        st = mt_season_jp_refit(t, z, w, n, S, ps, sel->taus, sel->k, &o, &full, g, err);
        if (st != MT_OK)
            break;
        /* keep the selection table and the searched maximum of the search */
        memcpy(full->kstats, sel->kstats, sizeof full->kstats);
        full->max_joinpoints = sel->max_joinpoints;
        full->select = sel->select;
        if (same || it == SEASON_MAX_ITER) {
            *out = full;
            if (!same)
                *iterations = -it; /* did not settle: the caller notes it */
            break;
        }
        mt_jp_result_free(full);
        prev_k = sel->k;
        memcpy(prev, sel->taus, sizeof prev);
    }
    mt_jp_result_free(sel);
    free(za);
    if (st == MT_OK)
        memcpy(gamma, g, ps * sizeof *g);
    return st;
}

/* Full least squares at the breaks of bp: segment-specific intercept (and
 * slope in the trend model) plus the common seasonal terms. */
static mt_status bp_joint(const double *t, const double *z, size_t n, const double *S, size_t ps,
                          mt_bp_model model, const size_t *brk, size_t nb, double *gamma,
                          double *sse, mt_error *err)
{
    size_t nr = model == MT_BP_TREND ? 2 : 1, pb = nr * (nb + 1), p = pb + ps;
    double *B = calloc(n * pb, sizeof *B), *coef = malloc(p * sizeof *coef);
    double *V = malloc(p * p * sizeof *V);
    mt_status st;
    if (!B || !coef || !V) {
        st = mt_error_set(err, MT_ENOMEM, "breaks: out of memory");
        goto done;
    }
    double tc = 0;
    for (size_t i = 0; i < n; i++)
        tc += t ? t[i] : 0.0;
    tc /= (double)n;
    size_t seg = 0;
    for (size_t i = 0; i < n; i++) {
        while (seg < nb && i > brk[seg])
            seg++;
        B[i * pb + nr * seg] = 1.0;
        if (nr == 2)
            B[i * pb + nr * seg + 1] = t[i] - tc;
    }
    st = mt_season_wls(B, pb, S, ps, z, NULL, n, coef, V, sse, err);
    if (st == MT_OK)
        for (size_t c = 0; c < ps; c++)
            gamma[c] = coef[pb + c];
done:
    free(B);
    free(coef);
    free(V);
    return st;
}

mt_status mt_season_bp_fit(const double *t, const double *z, size_t n, const double *S, size_t ps,
                           const double *gamma0, const mt_bp_options *bo, mt_bp_result *out,
                           double *gamma, double *sse, int *iterations, mt_error *err)
{
    memset(out, 0, sizeof *out);
    *iterations = 0;
    double *za = malloc(n * sizeof *za);
    size_t prev[64];
    size_t prev_n = (size_t)-1;
    if (!za)
        return mt_error_set(err, MT_ENOMEM, "breaks: out of memory");
    double g[MT_SEASON_MAX_COLS];
    memcpy(g, gamma0, ps * sizeof *g);
    mt_status st = MT_OK;
    for (int it = 1; it <= SEASON_MAX_ITER; it++) {
        adjust(z, S, ps, g, n, za);
        mt_bp_result_clear(out);
        st = mt_bp_fit(t, za, n, bo, out, err);
        if (st != MT_OK)
            break;
        *iterations = it;
        int same = out->n_breaks == prev_n;
        for (size_t j = 0; same && j < out->n_breaks; j++)
            same = out->breaks[j] == prev[j];
        if (same)
            break;
        if (out->n_breaks > sizeof prev / sizeof prev[0]) {
            st = mt_error_set(err, MT_ELIMIT, "breaks: more than 64 breaks with seasons");
            break;
        }
        st = bp_joint(t, z, n, S, ps, out->model, out->breaks, out->n_breaks, g, sse, err);
        if (st != MT_OK)
            break;
        prev_n = out->n_breaks;
        memcpy(prev, out->breaks, prev_n * sizeof *prev);
        if (it == SEASON_MAX_ITER)
            *iterations = -it;
    }
    free(za);
    if (st != MT_OK) {
        mt_bp_result_clear(out);
        return st;
    }
    memcpy(gamma, g, ps * sizeof *g);
    return MT_OK;
}
