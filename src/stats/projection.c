/*
 * projection.c - the last joinpoint segment projected past the data
 * (projection.h).
 */
#include "monitrend/projection.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "joinpoint_internal.h"

mt_status mt_jp_project(const mt_jp_result *res, const double *x, size_t m, double alpha,
                        double w_new, double *fit, double *ci_lo, double *ci_hi, double *pi_lo,
                        double *pi_hi, mt_error *err)
{
    if (res == NULL || (x == NULL && m > 0))
        return mt_error_set(err, MT_EINVAL, "projection: NULL argument");
    if (!(alpha > 0 && alpha < 1) || !(w_new > 0))
        return mt_error_set(err, MT_EINVAL, "projection: alpha %g or weight %g out of range", alpha,
                            w_new);
    if (!(res->df >= 1))
        return mt_error_set(err, MT_EINVAL, "projection: no residual degrees of freedom");
    const double q = gsl_cdf_tdist_Qinv(alpha / 2.0, res->df);
    for (size_t i = 0; i < m; i++) {
        double row[JP_PMAX];
        jp_design_row(x[i], res->tcenter, res->taus, res->k, res->jump_times, res->n_jumps, row);
        double mu = 0.0, v = 0.0;
        for (size_t a = 0; a < res->n_coef; a++) {
            mu += row[a] * res->coef[a];
            for (size_t b = 0; b < res->n_coef; b++)
                v += row[a] * res->cov[a * res->n_coef + b] * row[b];
        }
        const double sc = sqrt(v), sp = sqrt(v + res->sigma2 / w_new);
        if (fit)
            fit[i] = mu;
        if (ci_lo)
            ci_lo[i] = mu - q * sc;
        if (ci_hi)
            ci_hi[i] = mu + q * sc;
        if (pi_lo)
            pi_lo[i] = mu - q * sp;
        if (pi_hi)
            pi_hi[i] = mu + q * sp;
    }
    return MT_OK;
}
