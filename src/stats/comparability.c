/*
 * comparability.c - comparability ratios across a definition change
 * (comparability.h).
 */
#include "monitrend/comparability.h"
#include "monitrend/gslerr.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>

mt_status mt_comparability_bridge(const double *t, size_t n, double tc, double ratio,
                                  double ratio_se, int log_scale, double *y, double *z,
                                  double *se, double *g, size_t *n_changed, mt_error *err)
{
    if (t == NULL && n > 0)
        return mt_error_set(err, MT_EINVAL, "comparability: NULL times");
    if (!isfinite(ratio) || !(ratio > 0))
        return mt_error_set(err, MT_EINVAL, "comparability ratio %g: expected a number > 0", ratio);
    if (!isfinite(ratio_se) || ratio_se < 0)
        return mt_error_set(err, MT_EINVAL, "comparability ratio SE %g: expected a number >= 0",
                            ratio_se);
    const double vtheta = mt_comparability_theta_var(ratio, ratio_se, log_scale);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const int before = t[i] < tc - 1e-9;
        /* the derivative is taken at the values as given (before this
         * bridge), which is where the delta method linearises */
        const double y0 = y ? y[i] : (z ? (log_scale ? exp(z[i]) : z[i]) : NAN);
        if (g)
            g[i] = before ? (log_scale ? 1.0 : y0) : 0.0;
        if (!before)
            continue;
        k++;
        if (se && isfinite(se[i]))
            se[i] = log_scale ? sqrt(se[i] * se[i] + vtheta)
                              : sqrt(ratio * ratio * se[i] * se[i] + y0 * y0 * vtheta);
        if (y)
            y[i] *= ratio;
        if (z)
            z[i] = log_scale ? z[i] + log(ratio) : z[i] * ratio;
    }
    if (n_changed)
        *n_changed = k;
    return MT_OK;
}

double mt_comparability_theta_var(double ratio, double ratio_se, int log_scale)
{
    return log_scale ? (ratio_se / ratio) * (ratio_se / ratio) : ratio_se * ratio_se;
}

mt_status mt_comparability_slope_deriv(const double *t, const double *g, const double *w,
                                       size_t n, const double *jumps, size_t n_jumps,
                                       double *deriv, mt_error *err)
{
    if (!t || !g || !deriv || (n_jumps && !jumps))
        return mt_error_set(err, MT_EINVAL, "comparability: NULL argument");
    const size_t p = 2 + n_jumps;
    if (n <= p)
        return mt_error_set(err, MT_ETOOFEW, "comparability: %zu points for %zu coefficients", n, p);
    gsl_matrix *X = gsl_matrix_alloc(n, p);
    gsl_vector *yv = gsl_vector_alloc(n), *wv = gsl_vector_alloc(n), *c = gsl_vector_alloc(p);
    gsl_matrix *cov = gsl_matrix_alloc(p, p);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);
    mt_status st = MT_OK;
    if (!X || !yv || !wv || !c || !cov || !ws) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        gsl_matrix_set(X, i, 0, 1.0);
        gsl_matrix_set(X, i, 1, t[i]);
        for (size_t m = 0; m < n_jumps; m++)
            gsl_matrix_set(X, i, 2 + m, t[i] >= jumps[m] - 1e-9 ? 1.0 : 0.0);
        gsl_vector_set(yv, i, g[i]);
        gsl_vector_set(wv, i, w ? w[i] : 1.0);
    }
    double chisq;
    size_t rank;
    /* SVD with a relative tolerance: a step that coincides with another
     * column shows as a lost rank, reported as singular */
    int gs = mt_gsl_wlinear_tsvd(X, wv, yv, 1e-12, c, cov, &chisq, &rank, ws);
    if (gs == GSL_ENOMEM) {
        st = mt_error_set(err, MT_ENOMEM, "comparability: out of memory in the least-squares fit");
        goto out;
    }
    if (gs != GSL_SUCCESS || rank < p) {
        st = mt_error_set(err, MT_ESINGULAR, "comparability: singular design");
        goto out;
    }
    *deriv = gsl_vector_get(c, 1);
out:
    gsl_matrix_free(X);
    gsl_vector_free(yv);
    gsl_vector_free(wv);
    gsl_vector_free(c);
    gsl_matrix_free(cov);
    gsl_multifit_linear_free(ws);
    return st;
}
