/*
 * trend_infer.c - from the coefficients and covariance of a trend fit to
 * the numbers a reader sees (see trend_infer.h): one copy for the plain
 * fits of trend.c and the seasonal fits of season.c.
 */
#include "trend_infer.h"

#include <assert.h>
#include <math.h>

#include <gsl/gsl_cdf.h>

/* Two-sided p of a z statistic (Poisson: dispersion known). */
static double z_pvalue(double z)
{
    double p = 2.0 * gsl_cdf_ugaussian_Q(fabs(z));
    return p > 1.0 ? 1.0 : p;
}

/* Two-sided p of a t statistic; Q for the upper tail keeps precision for
 * tiny p (R prints 5e-14 for the seizure trend). */
static double t_pvalue(double tstat, double df)
{
    double p = 2.0 * gsl_cdf_tdist_Q(fabs(tstat), df);
    return p > 1.0 ? 1.0 : p;
}

void mt_trend_infer(mt_trend_result *res, const double *cc, size_t p, double df, double level,
                    int normal, int log_scale)
{
    /* an intercept and a slope at least, jumps after them, all in the arrays */
    assert(p >= 2 && p <= MT_TREND_MAX_PARAMS && p == 2 + res->n_jumps);
    /* back to intercept at t = 0: beta = M beta_c with a = a_c - t_c b */
    double tcen = res->t_center;
    for (size_t k = 0; k < p; k++)
        res->coef[k] = cc[k];
    res->a_center = cc[0];
    res->coef[0] = cc[0] - tcen * cc[1];
    for (size_t k = 0; k < p; k++) {
        for (size_t l = 0; l < p; l++) {
            double v = res->cov_centered[k * p + l];
            if (k == 0)
                v -= tcen * res->cov_centered[1 * p + l];
            if (l == 0)
                v -= tcen * res->cov_centered[k * p + 1];
            if (k == 0 && l == 0)
                v += tcen * tcen * res->cov_centered[1 * p + 1];
            res->cov[k * p + l] = v;
        }
    }
    for (size_t k = 0; k < p; k++)
        res->coef_se[k] = sqrt(res->cov[k * p + k]);

    res->t_crit = normal ? gsl_cdf_ugaussian_Pinv(0.5 + level / 2.0)
                         : gsl_cdf_tdist_Pinv(0.5 + level / 2.0, df);
    res->a = res->coef[0];
    res->b = res->coef[1];
    res->se_b = res->coef_se[1];
    res->t_b = res->b / res->se_b;
    res->p_b = normal ? z_pvalue(res->t_b) : t_pvalue(res->t_b, df);
    res->b_lo = res->b - res->t_crit * res->se_b;
    res->b_hi = res->b + res->t_crit * res->se_b;
    if (log_scale) {
        res->apc = 100.0 * expm1(res->b);
        res->apc_lo = 100.0 * expm1(res->b_lo);
        res->apc_hi = 100.0 * expm1(res->b_hi);
        res->rate = res->apc;
        res->rate_lo = res->apc_lo;
        res->rate_hi = res->apc_hi;
    } else {
        res->rate = res->b;
        res->rate_lo = res->b_lo;
        res->rate_hi = res->b_hi;
    }
    for (size_t j = 0; j < res->n_jumps; j++) {
        double cj = res->coef[2 + j], sj = res->coef_se[2 + j];
        double lo = cj - res->t_crit * sj, hi = cj + res->t_crit * sj;
        res->jump_p[j] = normal ? z_pvalue(cj / sj) : t_pvalue(cj / sj, df);
        res->jump[j] = log_scale ? 100.0 * expm1(cj) : cj;
        res->jump_lo[j] = log_scale ? 100.0 * expm1(lo) : lo;
        res->jump_hi[j] = log_scale ? 100.0 * expm1(hi) : hi;
    }
}
