/*
 * ar1_jp.c - the selected joinpoint model refitted with AR(1) errors
 * (ar1.h): the joinpoints stay where the least-squares search put them, the
 * coefficients and their covariance come from GLS with phi by REML, and the
 * segments, level shifts and AAPCs are recomputed from them, with the
 * Program's degrees of freedom (each joinpoint counted).
 */
#include "monitrend/ar1.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "joinpoint_internal.h"

mt_status mt_ar1_jp_refit(const double *t, const double *y, size_t n, double alpha,
                          mt_jp_result *res, double *phi, mt_error *err)
{
    return mt_ar1_jp_refit_opt(t, y, n, NULL, alpha, res, phi, err);
}

mt_status mt_ar1_jp_refit_opt(const double *t, const double *y, size_t n, const mt_ar1_opts *o,
                              double alpha, mt_jp_result *res, double *phi, mt_error *err)
{
    if (!t || !y || !res || res->n != n)
        return mt_error_set(err, MT_EINVAL, "AR(1) joinpoint refit: bad arguments");
    if (!(res->df >= 1))
        return mt_error_set(err, MT_ETOOFEW, "AR(1) joinpoint refit: no degrees of freedom");
    const size_t p = res->n_coef;
    if (p > MT_AR1_MAX_P)
        return mt_error_set(err, MT_EINVAL, "AR(1) joinpoint refit: %zu coefficients", p);
    double *X = malloc(n * p * sizeof *X);
    if (X == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        jp_design_row(t[i], res->tcenter, res->taus, res->k, res->jump_times, res->n_jumps,
                      X + i * p);
    mt_ar1_result a;
    mt_ar1_opts ro = {0};
    if (o) {
        ro = *o;
        ro.ml = 0;
    }
    mt_status st = mt_ar1_gls_opt(y, X, n, p, o ? &ro : NULL, &a, err);
    if (st == MT_OK && !(fabs(a.phi) < MT_AR1_PHI_LIMIT))
        st = mt_error_set(err, MT_ELIMIT, "phi = %.3f at the boundary (a random walk?)", a.phi);
    if (st != MT_OK) {
        free(X);
        return st;
    }
    /* GLS covariance on the Program's df: SSE* / df instead of / (n - p) */
    const double scale = a.df / res->df;
    for (size_t i = 0; i < p; i++) {
        res->coef[i] = a.coef[i];
        for (size_t j = 0; j < p; j++)
            res->cov[i * p + j] = a.cov[i * p + j] * scale;
    }
    res->sigma2 = a.sigma * a.sigma * (1.0 - a.phi * a.phi) * scale;
    res->sse = a.sse; /* e' (S R S)^-1 e at the REML phi */
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (size_t j = 0; j < p; j++)
            s += X[i * p + j] * res->coef[j];
        res->fitted[i] = s;
    }
    free(X);
    const double df = res->df;
    const double q = gsl_cdf_tdist_Qinv(alpha / 2.0, df);
    const int k = res->k;
    for (int s = 0; s <= k; s++) {
        mt_jp_segment *sg = &res->segments[s];
        double m = res->coef[1], v = res->cov[1 * p + 1];
        for (int j = 0; j < s; j++) {
            m += res->coef[2 + j];
            v += 2.0 * res->cov[1 * p + 2 + (size_t)j];
            for (int l = 0; l < s; l++)
                v += res->cov[(2 + (size_t)j) * p + 2 + (size_t)l];
        }
        sg->slope = m;
        sg->slope_se = sqrt(v > 0.0 ? v : 0.0);
        sg->t_stat = m / sg->slope_se;
        sg->p = 2.0 * gsl_cdf_tdist_Q(fabs(sg->t_stat), df);
        if (res->apc_defined) {
            sg->apc = 100.0 * expm1(m);
            sg->apc_lo = 100.0 * expm1(m - q * sg->slope_se);
            sg->apc_hi = 100.0 * expm1(m + q * sg->slope_se);
        }
    }
    for (size_t j = 0; j < res->n_jumps; j++) {
        mt_jp_jump *jp = &res->jumps[j];
        const size_t c = 2 + (size_t)k + j;
        jp->coef = res->coef[c];
        jp->se = sqrt(res->cov[c * p + c]);
        jp->p = 2.0 * gsl_cdf_tdist_Q(fabs(jp->coef / jp->se), df);
        if (res->apc_defined) {
            jp->pct = 100.0 * expm1(jp->coef);
            jp->pct_lo = 100.0 * expm1(jp->coef - q * jp->se);
            jp->pct_hi = 100.0 * expm1(jp->coef + q * jp->se);
        }
    }
    mt_jp_aapc *aa[3] = {&res->aapc_full, &res->aapc_recent, &res->aapc_recent2};
    for (int i = 0; i < 3; i++)
        if (isfinite(aa[i]->from) && isfinite(aa[i]->to))
            mt_jp_aapc_compute(res, aa[i]->from, aa[i]->to, alpha, aa[i], NULL);
    *phi = a.phi;
    return MT_OK;
}
