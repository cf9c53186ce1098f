/*
 * trend.c - log-linear and linear least-squares trends with optional known
 * level shifts, OLS or inverse-variance WLS, reported as R's lm() reports
 * them (coefficients, SE, t, p on n - p df, R^2) plus APC, its CI and the
 * Durbin-Watson statistic.
 *
 * The design is built with time centred at its mean, because decimal years
 * near 2000 make the columns 1 and t nearly collinear (condition number
 * ~1e7); the coefficients and covariance are then mapped back to the
 * intercept at t = 0 that R prints.  Both versions are kept in the result.
 * GSL's truncated-SVD solver gives the rank, so a rank-deficient design is
 * reported as singular instead of being silently truncated.
 */
#include "monitrend/trend.h"
#include "trend_infer.h"
#include "monitrend/gslerr.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_vector.h>

mt_status mt_trend_scale_choose(mt_scale requested, const double *y, size_t n,
                                mt_scale *chosen, mt_scale_why *reason, mt_error *err)
{
    size_t first_nonpos = n;
    if (!y && n > 0)
        return mt_error_set(err, MT_EINVAL, "scale: y is NULL");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            return mt_error_set(err, MT_ENONFINITE, "scale: y[%zu] is not finite", i);
        if (y[i] <= 0 && first_nonpos == n)
            first_nonpos = i;
    }
    mt_scale s;
    mt_scale_why why;
    switch (requested) {
    case MT_SCALE_AUTO:
        if (first_nonpos == n) {
            s = MT_SCALE_LOG;
            why = MT_SCALE_WHY_AUTO_POSITIVE;
        } else {
            s = MT_SCALE_LINEAR;
            why = MT_SCALE_WHY_AUTO_NONPOSITIVE;
        }
        break;
    case MT_SCALE_LOG:
        if (first_nonpos != n)
            return mt_error_set(err, MT_EINVAL,
                                "scale: log scale needs positive values, y[%zu] = %.17g",
                                first_nonpos, y[first_nonpos]);
        s = MT_SCALE_LOG;
        why = MT_SCALE_WHY_LOG_ASKED;
        break;
    case MT_SCALE_LINEAR:
        s = MT_SCALE_LINEAR;
        why = MT_SCALE_WHY_LINEAR_ASKED;
        break;
    default:
        return mt_error_set(err, MT_EINVAL, "scale: unknown scale %d", (int)requested);
    }
    if (chosen)
        *chosen = s;
    if (reason)
        *reason = why;
    return MT_OK;
}

static void result_nan(mt_trend_result *r)
{
    const double nan = NAN;
    memset(r, 0, sizeof *r);
    r->scale_why = MT_SCALE_WHY_NONE;
    r->level = r->t_crit = r->t_center = r->a_center = nan;
    for (size_t i = 0; i < MT_TREND_MAX_PARAMS; i++)
        r->coef[i] = r->coef_se[i] = nan;
    for (size_t i = 0; i < MT_TREND_MAX_PARAMS * MT_TREND_MAX_PARAMS; i++)
        r->cov[i] = r->cov_centered[i] = nan;
    r->a = r->b = r->se_b = r->t_b = r->p_b = r->b_lo = r->b_hi = nan;
    r->apc = r->apc_lo = r->apc_hi = r->rate = r->rate_lo = r->rate_hi = nan;
    for (size_t j = 0; j < MT_TREND_MAX_JUMPS; j++)
        r->jump_t[j] = r->jump[j] = r->jump_lo[j] = r->jump_hi[j] = r->jump_p[j] = nan;
    r->sse = r->sigma = r->r2 = r->dw = nan;
    r->dispersion = r->pearson_dispersion = r->deviance = nan;
}

/* Poisson deviance 2 sum [y ln(y/mu) - (y - mu)], y ln y = 0 at y = 0. */
static double poisson_dev(const double *y, const gsl_vector *mu, size_t n)
{
    double d = 0.0;
    for (size_t i = 0; i < n; i++) {
        double m = gsl_vector_get(mu, i);
        d += 2.0 * ((y[i] > 0.0 ? y[i] * log(y[i] / m) : 0.0) - (y[i] - m));
    }
    return d;
}

/* The log-linear Poisson GLM by iteratively reweighted least squares, R's
 * glm.fit: working response z = eta + (y - mu)/mu, working weights mu,
 * start mu = y + 0.1 (poisson()$initialize).  On return c and C are the
 * coefficients and (X'WX)^-1 of the last weighted solve, z and w its working
 * response and weights, *dev the deviance at c. */
static mt_status glm_irls(const gsl_matrix *X, const double *y, gsl_vector *z, gsl_vector *w,
                          gsl_vector *c, gsl_matrix *C, double *dev,
                          gsl_multifit_linear_workspace *ws, mt_error *err)
{
    size_t n = X->size1, p = X->size2;
    gsl_vector *mu = gsl_vector_alloc(n);
    if (mu == NULL)
        return mt_error_set(err, MT_ENOMEM, "trend: out of memory");
    for (size_t i = 0; i < n; i++)
        gsl_vector_set(mu, i, y[i] + 0.1);
    double devold = INFINITY;
    mt_status st = MT_ENONFINITE;
    for (int it = 0; it < MT_TREND_GLM_MAXIT; it++) {
        for (size_t i = 0; i < n; i++) {
            double m = gsl_vector_get(mu, i);
            gsl_vector_set(z, i, log(m) + (y[i] - m) / m);
            gsl_vector_set(w, i, m);
        }
        double chisq;
        size_t rank;
        int gs = mt_gsl_wlinear_tsvd(X, w, z, MT_TREND_RANK_TOL, c, C, &chisq, &rank, ws);
        if (gs == GSL_ENOMEM) {
            st = mt_error_set(err, MT_ENOMEM, "trend: out of memory in the least-squares fit");
            break;
        }
        if (gs != GSL_SUCCESS || rank < p) {
            st = mt_error_set(err, MT_ESINGULAR, "trend: count model design of rank %zu for %zu parameters",
                              rank, p);
            break;
        }
        for (size_t i = 0; i < n; i++) {
            double eta = 0.0;
            for (size_t k = 0; k < p; k++)
                eta += gsl_matrix_get(X, i, k) * gsl_vector_get(c, k);
            gsl_vector_set(mu, i, exp(eta));
        }
        *dev = poisson_dev(y, mu, n);
        if (!isfinite(*dev)) {
            st = mt_error_set(err, MT_ENONFINITE, "trend: count model deviance is not finite");
            break;
        }
        if (fabs(*dev - devold) <= MT_TREND_GLM_TOL * (fabs(*dev) + 0.1)) {
            st = MT_OK;
            break;
        }
        devold = *dev;
        if (it + 1 == MT_TREND_GLM_MAXIT)
            st = mt_error_set(err, MT_ENONFINITE, "trend: count model did not converge in %d iterations",
                              MT_TREND_GLM_MAXIT);
    }
    if (st == MT_OK) {
        /* working response and weights at the final estimates, so that the
         * residual statistics below are the Pearson residuals */
        for (size_t i = 0; i < n; i++) {
            double m = gsl_vector_get(mu, i);
            gsl_vector_set(z, i, log(m) + (y[i] - m) / m);
            gsl_vector_set(w, i, m);
        }
    }
    gsl_vector_free(mu);
    return st;
}

/* Value of design column k (0 intercept, 1 centred time, 2.. steps). */
static double design(const mt_trend_result *r, size_t k, double t)
{
    if (k == 0)
        return 1.0;
    if (k == 1)
        return t - r->t_center;
    return t >= r->jump_t[k - 2] ? 1.0 : 0.0;
}

mt_status mt_trend_fit(const double *t, const double *y, const double *se, size_t n,
                       const mt_trend_opts *opts, mt_trend_result *res, mt_error *err)
{
    mt_trend_opts def = {MT_SCALE_AUTO, 0.95, NULL, 0, 0, MT_VARIANCE_AUTO};
    if (!res)
        return mt_error_set(err, MT_EINVAL, "trend: result is NULL");
    result_nan(res);
    if (!opts)
        opts = &def;
    if ((!t || !y) && n > 0)
        return mt_error_set(err, MT_EINVAL, "trend: t or y is NULL");
    double level = opts->level == 0 ? 0.95 : opts->level;
    if (!(level > 0 && level < 1))
        return mt_error_set(err, MT_EINVAL, "trend: confidence level %g is not in (0, 1)", level);
    if (opts->n_jumps > MT_TREND_MAX_JUMPS)
        return mt_error_set(err, MT_EINVAL, "trend: %zu jumps, at most %d", opts->n_jumps,
                            MT_TREND_MAX_JUMPS);
    if (opts->n_jumps > 0 && !opts->jump_t)
        return mt_error_set(err, MT_EINVAL, "trend: jump_t is NULL");
    size_t p = 2 + opts->n_jumps;
    if (n < 3 || n <= p)
        return mt_error_set(err, MT_ETOOFEW,
                            "trend: %zu points for %zu parameters; at least %zu needed", n, p,
                            p + 1 > 3 ? p + 1 : 3);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t[i]))
            return mt_error_set(err, MT_ENONFINITE, "trend: t[%zu] is not finite", i);
    {
        size_t same = 1;
        for (size_t i = 1; i < n; i++)
            same += t[i] == t[0];
        if (same == n)
            return mt_error_set(err, MT_ESINGULAR, "trend: all %zu times are equal", n);
    }
    for (size_t i = 1; i < n; i++)
        if (!(t[i] > t[i - 1]))
            return mt_error_set(err, MT_EINVAL,
                                "trend: times must be strictly increasing, t[%zu] = %.17g after %.17g",
                                i, t[i], t[i - 1]);
    for (size_t j = 0; j < opts->n_jumps; j++)
        if (!isfinite(opts->jump_t[j]))
            return mt_error_set(err, MT_ENONFINITE, "trend: jump time %zu is not finite", j);

    const int glm = opts->variance == MT_VARIANCE_POISSON || opts->variance == MT_VARIANCE_QUASIPOISSON;
    mt_scale scale;
    mt_scale_why reason;
    mt_status st = MT_OK;
    if (glm) {
        /* the log link takes zeros: no scale decision on the values */
        double total = 0.0;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(y[i]) || y[i] < 0.0)
                return mt_error_set(err, isfinite(y[i]) ? MT_EINVAL : MT_ENONFINITE,
                                    "trend: %s model needs counts >= 0, y[%zu] = %.17g",
                                    mt_variance_name(opts->variance), i, y[i]);
            total += y[i];
        }
        if (!(total > 0.0))
            return mt_error_set(err, MT_EINVAL, "trend: every count is zero");
        if (se)
            return mt_error_set(err, MT_EINVAL, "trend: standard errors are not used with the %s model",
                                mt_variance_name(opts->variance));
        if (opts->scale == MT_SCALE_LINEAR)
            return mt_error_set(err, MT_EINVAL, "trend: the %s model has a log link; linear scale refused",
                                mt_variance_name(opts->variance));
        scale = MT_SCALE_LOG;
        reason = MT_SCALE_WHY_COUNT_LINK;
    } else {
        st = mt_trend_scale_choose(opts->scale, y, n, &scale, &reason, err);
        if (st != MT_OK)
            return st;
    }
    if (se) {
        for (size_t i = 0; i < n; i++)
            if (!isfinite(se[i]) || !(se[i] > 0))
                return mt_error_set(err, isfinite(se[i]) ? MT_EINVAL : MT_ENONFINITE,
                                    "trend: se[%zu] = %.17g; standard errors must be finite and > 0",
                                    i, se[i]);
    }

    res->scale = scale;
    res->scale_why = reason;
    res->weighted = se != NULL;
    res->n = n;
    res->n_params = p;
    res->df = n - p;
    res->level = level;
    res->n_jumps = opts->n_jumps;
    for (size_t j = 0; j < opts->n_jumps; j++)
        res->jump_t[j] = opts->jump_t[j];
    double tc = 0;
    for (size_t i = 0; i < n; i++)
        tc += t[i];
    res->t_center = tc / (double)n;

    /* A step column that is constant over the data cannot be estimated; say
     * which jump instead of a bare "singular". */
    for (size_t j = 0; j < opts->n_jumps; j++) {
        size_t ones = 0;
        for (size_t i = 0; i < n; i++)
            ones += t[i] >= opts->jump_t[j];
        if (ones == 0 || ones == n) {
            mt_status s2 = mt_error_set(err, MT_ESINGULAR,
                                        "trend: jump at %.17g has no points on one side (%.17g to %.17g)",
                                        opts->jump_t[j], t[0], t[n - 1]);
            result_nan(res);
            return s2;
        }
    }

    gsl_matrix *X = gsl_matrix_alloc(n, p);
    gsl_vector *z = gsl_vector_alloc(n);
    gsl_vector *w = gsl_vector_alloc(n);
    gsl_vector *c = gsl_vector_alloc(p);
    gsl_matrix *C = gsl_matrix_alloc(p, p);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);
    if (!X || !z || !w || !c || !C || !ws) {
        st = mt_error_set(err, MT_ENOMEM, "trend: out of memory for %zu points", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        double zi = glm ? 0.0 : scale == MT_SCALE_LOG ? log(y[i]) : y[i]; /* GLM: set by IRLS */
        double vi = 1.0;
        if (se)
            vi = scale == MT_SCALE_LOG && !opts->se_analysis_scale ? (se[i] / y[i]) * (se[i] / y[i])
                                                                 : se[i] * se[i];
        gsl_vector_set(z, i, zi);
        gsl_vector_set(w, i, 1.0 / vi);
        for (size_t k = 0; k < p; k++)
            gsl_matrix_set(X, i, k, design(res, k, t[i]));
        if (!isfinite(1.0 / vi)) {
            st = mt_error_set(err, MT_ENONFINITE, "trend: weight of point %zu is not finite", i);
            goto done;
        }
    }
    double df = (double)res->df;
    double s2;
    if (glm) {
        double dev = NAN;
        st = glm_irls(X, y, z, w, c, C, &dev, ws, err);
        if (st != MT_OK)
            goto done;
        double pearson = 0.0;
        for (size_t i = 0; i < n; i++) {
            double f = 0.0;
            for (size_t k = 0; k < p; k++)
                f += gsl_vector_get(c, k) * gsl_matrix_get(X, i, k);
            double m = exp(f);
            pearson += (y[i] - m) * (y[i] - m) / m;
        }
        res->deviance = dev;
        res->pearson_dispersion = pearson / df;
        res->variance = opts->variance;
        /* Poisson: dispersion known (1), so the covariance is (X'WX)^-1 and
         * the inference normal; quasi-Poisson: Pearson's estimate on n - p
         * df, as summary.glm */
        res->normal = opts->variance == MT_VARIANCE_POISSON;
        s2 = res->normal ? 1.0 : res->pearson_dispersion;
    } else {
        double chisq;
        size_t rank;
        int gs = mt_gsl_wlinear_tsvd(X, w, z, MT_TREND_RANK_TOL, c, C, &chisq, &rank, ws);
        if (gs == GSL_ENOMEM) {
            st = mt_error_set(err, MT_ENOMEM, "trend: out of memory in the least-squares fit");
            goto done;
        }
        if (gs != GSL_SUCCESS) {
            st = mt_error_set(err, MT_ESINGULAR, "trend: least squares failed: %s", gsl_strerror(gs));
            goto done;
        }
        if (rank < p) {
            st = mt_error_set(err, MT_ESINGULAR, "trend: design of rank %zu for %zu parameters", rank, p);
            goto done;
        }
        res->variance = MT_VARIANCE_CONSTANT;
        s2 = chisq / df; /* R scales the covariance by the residual variance, also for WLS */
    }
    res->dispersion = s2;

    /* centred covariance and fitted values */
    for (size_t k = 0; k < p; k++)
        for (size_t l = 0; l < p; l++)
            res->cov_centered[k * p + l] = s2 * gsl_matrix_get(C, k, l);
    double cc[MT_TREND_MAX_PARAMS];
    for (size_t k = 0; k < p; k++)
        cc[k] = gsl_vector_get(c, k);
    mt_trend_infer(res, cc, p, df, level, res->normal, scale == MT_SCALE_LOG);

    /* residual statistics on the analysis scale */
    double sw = 0, swf = 0;
    for (size_t i = 0; i < n; i++) {
        double f = 0;
        for (size_t k = 0; k < p; k++)
            f += cc[k] * gsl_matrix_get(X, i, k);
        sw += gsl_vector_get(w, i);
        swf += gsl_vector_get(w, i) * f;
    }
    double fbar = swf / sw, mss = 0, sse = 0, dnum = 0, eprev = 0;
    for (size_t i = 0; i < n; i++) {
        double f = 0;
        for (size_t k = 0; k < p; k++)
            f += cc[k] * gsl_matrix_get(X, i, k);
        double wi = gsl_vector_get(w, i);
        double e = sqrt(wi) * (gsl_vector_get(z, i) - f);
        mss += wi * (f - fbar) * (f - fbar);
        sse += e * e;
        if (i > 0)
            dnum += (e - eprev) * (e - eprev);
        eprev = e;
    }
    res->sse = sse;
    res->sigma = sqrt(sse / df);
    res->r2 = mss / (mss + sse);
    res->dw = dnum / sse;

    /* Never report success with a NaN.  A perfect fit (sse = 0) leaves dw
     * and t undefined: that is a real outcome, reported as non-finite. */
    {
        double chk[] = {res->a, res->b, res->se_b, res->t_b, res->p_b, res->b_lo, res->b_hi,
                        res->rate, res->rate_lo, res->rate_hi, res->r2, res->dw, res->sigma};
        for (size_t k = 0; k < sizeof chk / sizeof chk[0]; k++)
            if (!isfinite(chk[k])) {
                st = mt_error_set(err, MT_ENONFINITE,
                                  "trend: an estimate is not finite (perfect fit or overflow)");
                goto done;
            }
        for (size_t k = 0; k < p; k++)
            if (!isfinite(res->coef[k]) || !isfinite(res->coef_se[k])) {
                st = mt_error_set(err, MT_ENONFINITE, "trend: coefficient %zu is not finite", k);
                goto done;
            }
    }
    st = MT_OK;

done:
    gsl_multifit_linear_free(ws);
    gsl_matrix_free(C);
    gsl_vector_free(c);
    gsl_vector_free(w);
    gsl_vector_free(z);
    gsl_matrix_free(X);
    if (st != MT_OK)
        result_nan(res);
    return st;
}

void mt_trend_predict(const mt_trend_result *res, double t, double *fit, double *se_fit)
{
    size_t p = res->n_params;
    double x[MT_TREND_MAX_PARAMS] = {0};
    if (p < 2 || p > MT_TREND_MAX_PARAMS) { /* a failed fit: nothing to predict */
        if (fit)
            *fit = NAN;
        if (se_fit)
            *se_fit = NAN;
        return;
    }
    double f = 0, v = 0;
    /* the centred intercept is a + b t_center */
    double ac = res->a_center;
    for (size_t k = 0; k < p; k++)
        x[k] = design(res, k, t);
    f = ac * x[0];
    for (size_t k = 1; k < p; k++)
        f += res->coef[k] * x[k];
    for (size_t k = 0; k < p; k++)
        for (size_t l = 0; l < p; l++)
            v += x[k] * res->cov_centered[k * p + l] * x[l];
    if (fit)
        *fit = f;
    if (se_fit)
        *se_fit = sqrt(v);
}
