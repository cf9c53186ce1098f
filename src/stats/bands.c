/*
 * bands.c - least-squares fit, pointwise confidence and prediction intervals
 * and the Working-Hotelling simultaneous band for a linear model, plus the
 * design builders for lines with jumps and hinges (see bands.h).
 *
 * The fit uses GSL's weighted least squares by truncated SVD with column
 * balancing, which stays accurate when t is in calendar years (columns 1 and
 * 2011..2024 are nearly collinear without balancing) and reports the rank, so
 * that a collinear design is refused instead of fitted.
 */
#include "monitrend/bands.h"
#include "monitrend/gslerr.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>

mt_linfit *mt_bands_fit_alloc(size_t n_par)
{
    if (n_par == 0)
        return NULL;
    mt_linfit *f = calloc(1, sizeof *f);
    if (f == NULL)
        return NULL;
    f->n_par = n_par;
    f->coef = gsl_vector_calloc(n_par);
    f->cov = gsl_matrix_calloc(n_par, n_par);
    f->cov_unscaled = gsl_matrix_calloc(n_par, n_par);
    if (f->coef == NULL || f->cov == NULL || f->cov_unscaled == NULL) {
        mt_bands_fit_free(f);
        return NULL;
    }
    return f;
}

void mt_bands_fit_free(mt_linfit *fit)
{
    if (fit == NULL)
        return;
    if (fit->coef)
        gsl_vector_free(fit->coef);
    if (fit->cov)
        gsl_matrix_free(fit->cov);
    if (fit->cov_unscaled)
        gsl_matrix_free(fit->cov_unscaled);
    if (fit->resid)
        gsl_vector_free(fit->resid);
    if (fit->hat)
        gsl_vector_free(fit->hat);
    free(fit);
}

/* x' A x for a row x of a matrix and a symmetric p x p matrix A. */
static double quad_form(const gsl_matrix *X, size_t row, const gsl_matrix *A)
{
    size_t p = A->size1;
    double s = 0.0;
    for (size_t j = 0; j < p; j++) {
        double xj = gsl_matrix_get(X, row, j);
        double r = 0.0;
        for (size_t k = 0; k < p; k++)
            r += gsl_matrix_get(A, j, k) * gsl_matrix_get(X, row, k);
        s += xj * r;
    }
    return s;
}

/* The checks both fits open with: an output, a design with more rows than
 * columns, a response. */
static mt_status check_design(const gsl_matrix *X, const double *y, mt_linfit **out, mt_error *err)
{
    if (out == NULL)
        return mt_error_set(err, MT_EINVAL, "bands fit: out is NULL");
    *out = NULL;
    if (X == NULL || y == NULL)
        return mt_error_set(err, MT_EINVAL, "bands fit: design or y is NULL");
    if (X->size1 <= X->size2)
        return mt_error_set(err, MT_ETOOFEW,
                            "bands fit: %zu observations for %zu parameters; need more than %zu",
                            X->size1, X->size2, X->size2);
    return MT_OK;
}

mt_status mt_bands_fit(const gsl_matrix *X, const double *y, const double *w,
                       mt_linfit **out, mt_error *err)
{
    mt_status st = check_design(X, y, out, err);
    if (st != MT_OK)
        return st;
    size_t n = X->size1, p = X->size2;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            return mt_error_set(err, MT_EINVAL, "bands fit: y[%zu] is not finite", i);
        if (w != NULL && (!isfinite(w[i]) || w[i] <= 0.0))
            return mt_error_set(err, MT_EINVAL, "bands fit: weight w[%zu] = %g is not positive",
                                i, w[i]);
        for (size_t j = 0; j < p; j++)
            if (!isfinite(gsl_matrix_get(X, i, j)))
                return mt_error_set(err, MT_EINVAL, "bands fit: X[%zu,%zu] is not finite", i, j);
    }

    mt_linfit *f = mt_bands_fit_alloc(p);
    gsl_vector *wv = gsl_vector_alloc(n);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);
    if (f != NULL) {
        f->resid = gsl_vector_alloc(n);
        f->hat = gsl_vector_alloc(n);
    }
    if (f == NULL || wv == NULL || ws == NULL || f->resid == NULL || f->hat == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "bands fit: out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        gsl_vector_set(wv, i, w ? w[i] : 1.0);

    gsl_vector_const_view yv = gsl_vector_const_view_array(y, n);
    double chisq = 0.0;
    size_t rank = 0;
    int gs = mt_gsl_wlinear_tsvd(X, wv, &yv.vector, MT_BANDS_RANK_TOL, f->coef, f->cov_unscaled,
                                 &chisq, &rank, ws);
    if (gs == GSL_ENOMEM) {
        st = mt_error_set(err, MT_ENOMEM, "bands fit: out of memory in the least-squares fit");
        goto done;
    }
    if (gs != GSL_SUCCESS) {
        st = mt_error_set(err, MT_ESINGULAR, "bands fit: least squares failed: %s",
                          gsl_strerror(gs));
        goto done;
    }
    if (rank < p) {
        st = mt_error_set(err, MT_ESINGULAR,
                          "bands fit: design of %zu columns has rank %zu (collinear columns)",
                          p, rank);
        goto done;
    }
    f->n_obs = n;
    f->df = n - p;
    f->rss = chisq;
    f->sigma2 = chisq / (double)f->df;
    gsl_matrix_memcpy(f->cov, f->cov_unscaled);
    gsl_matrix_scale(f->cov, f->sigma2);
    /* Residuals and leverages: the leverage of a weighted point is
     * w_i x_i'(X'WX)^-1 x_i, the diagonal of W^1/2 X (X'WX)^-1 X' W^1/2. */
    gsl_blas_dgemv(CblasNoTrans, 1.0, X, f->coef, 0.0, f->resid);
    for (size_t i = 0; i < n; i++) {
        gsl_vector_set(f->resid, i, y[i] - gsl_vector_get(f->resid, i));
        gsl_vector_set(f->hat, i, gsl_vector_get(wv, i) * quad_form(X, i, f->cov_unscaled));
    }
    if (!isfinite(f->rss))
        st = mt_error_set(err, MT_ENONFINITE, "bands fit: residual sum of squares is not finite");
    for (size_t j = 0; st == MT_OK && j < p; j++)
        if (!isfinite(gsl_vector_get(f->coef, j)) || !isfinite(gsl_matrix_get(f->cov, j, j)))
            st = mt_error_set(err, MT_ENONFINITE, "bands fit: coefficient %zu is not finite", j);

done:
    gsl_vector_free(wv);
    if (ws)
        gsl_multifit_linear_free(ws);
    if (st == MT_OK)
        *out = f;
    else
        mt_bands_fit_free(f);
    return st;
}

mt_status mt_bands_predict(const mt_linfit *fit, const gsl_matrix *X0,
                           const double *w0, double level, mt_band *out,
                           mt_error *err)
{
    if (fit == NULL || X0 == NULL || out == NULL || fit->coef == NULL || fit->cov == NULL)
        return mt_error_set(err, MT_EINVAL, "bands predict: NULL argument");
    size_t p = fit->coef->size;
    if (X0->size2 != p)
        return mt_error_set(err, MT_EINVAL,
                            "bands predict: X0 has %zu columns, the fit has %zu parameters",
                            X0->size2, p);
    if (!(level > 0.0 && level < 1.0))
        return mt_error_set(err, MT_EINVAL, "bands predict: level %g is not in (0, 1)", level);
    if (fit->df == 0)
        return mt_error_set(err, MT_ETOOFEW, "bands predict: no residual degrees of freedom");
    double df = (double)fit->df;
    double q_t = fit->normal ? gsl_cdf_ugaussian_Pinv(0.5 + level / 2.0)
                             : gsl_cdf_tdist_Pinv(0.5 + level / 2.0, df);
    double q_wh = fit->normal ? sqrt(gsl_cdf_chisq_Pinv(level, (double)p))
                              : sqrt((double)p * gsl_cdf_fdist_Pinv(level, (double)p, df));
    for (size_t i = 0; i < X0->size1; i++) {
        double wi = w0 ? w0[i] : 1.0;
        if (w0 == NULL && fit->count_model) {
            double eta = 0.0;
            for (size_t j = 0; j < p; j++)
                eta += gsl_matrix_get(X0, i, j) * gsl_vector_get(fit->coef, j);
            wi = exp(eta);
        }
        if (!(isfinite(wi) && wi > 0.0))
            return mt_error_set(err, MT_EINVAL, "bands predict: weight w0[%zu] = %g is not positive",
                                i, wi);
        double f = 0.0;
        for (size_t j = 0; j < p; j++)
            f += gsl_matrix_get(X0, i, j) * gsl_vector_get(fit->coef, j);
        double v = quad_form(X0, i, fit->cov);
        if (v < 0.0) /* rounding on a covariance that is positive semi-definite */
            v = 0.0;
        double se = sqrt(v);
        double se_pred = sqrt(v + fit->sigma2 / wi);
        mt_band *b = &out[i];
        b->fit = f;
        b->se_fit = se;
        b->ci_lo = f - q_t * se;
        b->ci_hi = f + q_t * se;
        b->pi_lo = f - q_t * se_pred;
        b->pi_hi = f + q_t * se_pred;
        b->sim_lo = f - q_wh * se;
        b->sim_hi = f + q_wh * se;
        if (!(isfinite(b->ci_lo) && isfinite(b->ci_hi) && isfinite(b->pi_lo) &&
              isfinite(b->pi_hi) && isfinite(b->sim_lo) && isfinite(b->sim_hi)))
            return mt_error_set(err, MT_ENONFINITE, "bands predict: row %zu gives a non-finite band",
                                i);
    }
    return MT_OK;
}

/* IRLS convergence, as the trend kernel's count model (trend.h). */
#define BANDS_GLM_TOL 1e-13
#define BANDS_GLM_MAXIT 100

mt_status mt_bands_fit_counts(const gsl_matrix *X, const double *y, int quasi,
                              mt_linfit **out, mt_error *err)
{
    mt_status st = check_design(X, y, out, err);
    if (st != MT_OK)
        return st;
    size_t n = X->size1, p = X->size2;
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]) || y[i] < 0.0)
            return mt_error_set(err, MT_EINVAL, "bands fit: count y[%zu] = %g is not >= 0", i, y[i]);
        total += y[i];
    }
    if (!(total > 0.0))
        return mt_error_set(err, MT_EINVAL, "bands fit: every count is zero");

    mt_linfit *f = mt_bands_fit_alloc(p);
    gsl_vector *wv = gsl_vector_alloc(n), *z = gsl_vector_alloc(n), *mu = gsl_vector_alloc(n);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);
    if (f != NULL) {
        f->resid = gsl_vector_alloc(n);
        f->hat = gsl_vector_alloc(n);
    }
    if (!f || !wv || !z || !mu || !ws || !f->resid || !f->hat) {
        st = mt_error_set(err, MT_ENOMEM, "bands fit: out of memory");
        goto done;
    }
    /* R's glm.fit: start mu = y + 0.1, working response eta + (y - mu)/mu,
     * working weights mu; stop on the relative change of the deviance */
    for (size_t i = 0; i < n; i++)
        gsl_vector_set(mu, i, y[i] + 0.1);
    double devold = INFINITY;
    int converged = 0;
    for (int it = 0; it < BANDS_GLM_MAXIT && !converged; it++) {
        for (size_t i = 0; i < n; i++) {
            double m = gsl_vector_get(mu, i);
            gsl_vector_set(z, i, log(m) + (y[i] - m) / m);
            gsl_vector_set(wv, i, m);
        }
        double chisq;
        size_t rank = 0;
        int gs = mt_gsl_wlinear_tsvd(X, wv, z, MT_BANDS_RANK_TOL, f->coef, f->cov_unscaled,
                                     &chisq, &rank, ws);
        if (gs == GSL_ENOMEM) {
            st = mt_error_set(err, MT_ENOMEM, "bands fit: out of memory in the least-squares fit");
            goto done;
        }
        if (gs != GSL_SUCCESS || rank < p) {
            st = mt_error_set(err, MT_ESINGULAR,
                              "bands fit: count design of %zu columns has rank %zu", p, rank);
            goto done;
        }
        double dev = 0.0;
        gsl_blas_dgemv(CblasNoTrans, 1.0, X, f->coef, 0.0, mu);
        for (size_t i = 0; i < n; i++) {
            double m = exp(gsl_vector_get(mu, i));
            gsl_vector_set(mu, i, m);
            dev += 2.0 * ((y[i] > 0.0 ? y[i] * log(y[i] / m) : 0.0) - (y[i] - m));
        }
        if (!isfinite(dev)) {
            st = mt_error_set(err, MT_ENONFINITE, "bands fit: count model deviance is not finite");
            goto done;
        }
        converged = fabs(dev - devold) <= BANDS_GLM_TOL * (fabs(dev) + 0.1);
        devold = dev;
    }
    if (!converged) {
        st = mt_error_set(err, MT_ENONFINITE, "bands fit: count model did not converge");
        goto done;
    }
    /* (X'WX)^-1 at the final mu, for the covariance and the leverages */
    for (size_t i = 0; i < n; i++) {
        double m = gsl_vector_get(mu, i);
        gsl_vector_set(z, i, log(m) + (y[i] - m) / m);
        gsl_vector_set(wv, i, m);
    }
    {
        double chisq;
        size_t rank = 0;
        gsl_vector *c2 = gsl_vector_alloc(p);
        if (c2 == NULL) {
            st = mt_error_set(err, MT_ENOMEM, "bands fit: out of memory");
            goto done;
        }
        /* the same design as the last iteration's solve: only memory can fail */
        int gs = mt_gsl_wlinear_tsvd(X, wv, z, MT_BANDS_RANK_TOL, c2, f->cov_unscaled, &chisq,
                                     &rank, ws);
        gsl_vector_free(c2);
        if (gs == GSL_ENOMEM) {
            st = mt_error_set(err, MT_ENOMEM, "bands fit: out of memory in the least-squares fit");
            goto done;
        }
    }
    double pearson = 0.0;
    for (size_t i = 0; i < n; i++) {
        double m = gsl_vector_get(mu, i);
        double r = (y[i] - m) / sqrt(m);
        gsl_vector_set(f->resid, i, r);
        gsl_vector_set(f->hat, i, m * quad_form(X, i, f->cov_unscaled));
        pearson += r * r;
    }
    f->n_obs = n;
    f->df = n - p;
    f->rss = pearson;
    f->count_model = 1;
    f->normal = !quasi;
    f->sigma2 = quasi ? pearson / (double)f->df : 1.0;
    gsl_matrix_memcpy(f->cov, f->cov_unscaled);
    gsl_matrix_scale(f->cov, f->sigma2);
    for (size_t j = 0; st == MT_OK && j < p; j++)
        if (!isfinite(gsl_vector_get(f->coef, j)) || !isfinite(gsl_matrix_get(f->cov, j, j)))
            st = mt_error_set(err, MT_ENONFINITE, "bands fit: coefficient %zu is not finite", j);
done:
    gsl_vector_free(wv);
    gsl_vector_free(z);
    gsl_vector_free(mu);
    if (ws)
        gsl_multifit_linear_free(ws);
    if (st == MT_OK)
        *out = f;
    else
        mt_bands_fit_free(f);
    return st;
}

void mt_bands_exp(mt_band *bands, size_t m)
{
    for (size_t i = 0; bands != NULL && i < m; i++) {
        mt_band *b = &bands[i];
        b->fit = exp(b->fit);
        b->ci_lo = exp(b->ci_lo);
        b->ci_hi = exp(b->ci_hi);
        b->pi_lo = exp(b->pi_lo);
        b->pi_hi = exp(b->pi_hi);
        b->sim_lo = exp(b->sim_lo);
        b->sim_hi = exp(b->sim_hi);
    }
}

mt_status mt_bands_design(const double *t, size_t n, double t_origin,
                          const double *jumps, size_t n_jumps,
                          const double *hinges, size_t n_hinges,
                          gsl_matrix **X, mt_error *err)
{
    if (X == NULL)
        return mt_error_set(err, MT_EINVAL, "bands design: X is NULL");
    *X = NULL;
    if (t == NULL || n == 0 || (n_jumps > 0 && jumps == NULL) ||
        (n_hinges > 0 && hinges == NULL))
        return mt_error_set(err, MT_EINVAL, "bands design: missing times, jumps or hinges");
    if (!isfinite(t_origin))
        return mt_error_set(err, MT_EINVAL, "bands design: origin is not finite");
    for (size_t k = 0; k < n_jumps; k++)
        if (!isfinite(jumps[k]))
            return mt_error_set(err, MT_EINVAL, "bands design: jump %zu is not finite", k);
    for (size_t k = 0; k < n_hinges; k++)
        if (!isfinite(hinges[k]))
            return mt_error_set(err, MT_EINVAL, "bands design: hinge %zu is not finite", k);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t[i]))
            return mt_error_set(err, MT_EINVAL, "bands design: t[%zu] is not finite", i);
    gsl_matrix *m = gsl_matrix_alloc(n, 2 + n_jumps + n_hinges);
    if (m == NULL)
        return mt_error_set(err, MT_ENOMEM, "bands design: out of memory");
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        gsl_matrix_set(m, i, c++, 1.0);
        gsl_matrix_set(m, i, c++, t[i] - t_origin);
        for (size_t k = 0; k < n_jumps; k++)
            gsl_matrix_set(m, i, c++, t[i] >= jumps[k] ? 1.0 : 0.0);
        for (size_t k = 0; k < n_hinges; k++)
            gsl_matrix_set(m, i, c++, t[i] > hinges[k] ? t[i] - hinges[k] : 0.0);
    }
    *X = m;
    return MT_OK;
}
