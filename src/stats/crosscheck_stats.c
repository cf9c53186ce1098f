/*
 * crosscheck_stats.c - the small statistics of the cross-checks (see
 * crosscheck.h and docs/methods-crosscheck.md): straight-line OLS,
 * correlations, the sign test, autocovariances and Yule-Walker AR fits, with
 * R's conventions, so that every number can be checked against R or
 * scipy/statsmodels.  The OLS is a two-moment closed form on purpose:
 * cross-checks need the same few quantities (slope, its SE, SSE, Sxx) for
 * each member and for the stacked parallelism test, whose pooled-variance
 * form follows from them without a second fit.
 */
#include "crosscheck_stats.h"
#include "monitrend/smallstat.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

void cc_loglin_nan(mt_loglin *f)
{
    f->n = 0;
    f->intercept = f->slope = f->slope_se = f->slope_lo = f->slope_hi = NAN;
    f->p = f->df = f->sse = f->sxx = NAN;
    f->apc = f->apc_lo = f->apc_hi = NAN;
    f->direction = 0;
}

static mt_status line_fit(const double *t, const double *y, size_t n, double level, int take_log,
                          mt_loglin *out, mt_error *err)
{
    if (out == NULL)
        return mt_error_set(err, MT_EINVAL, "trend: NULL output");
    cc_loglin_nan(out);
    if ((n > 0 && (t == NULL || y == NULL)))
        return mt_error_set(err, MT_EINVAL, "trend: NULL t or y");
    if (!(level > 0 && level < 1))
        return mt_error_set(err, MT_EINVAL, "trend: confidence level %g is outside (0, 1)", level);
    /* Two passes (means, then centred sums) keep the sums accurate for
     * times near 2000 with a spread of a few years. */
    double st = 0, sy = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !isfinite(y[i]) || (take_log && !(y[i] > 0)))
            continue;
        st += t[i];
        sy += take_log ? log(y[i]) : y[i];
        k++;
    }
    if (k < 3)
        return mt_error_set(err, MT_ETOOFEW, "trend: %zu usable points, at least 3 needed", k);
    double mt = st / (double)k, my = sy / (double)k, sxx = 0, sxy = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !isfinite(y[i]) || (take_log && !(y[i] > 0)))
            continue;
        double dx = t[i] - mt, dy = (take_log ? log(y[i]) : y[i]) - my;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if (!(sxx > 0))
        return mt_error_set(err, MT_ESINGULAR, "trend: every point has the same time");
    double b = sxy / sxx;
    double sse = syy - b * sxy;
    if (sse < 0)
        sse = 0; /* rounding in an exact fit */
    double df = (double)k - 2.0;
    double se = sqrt(sse / df / sxx);
    double q = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, df);
    out->n = k;
    out->intercept = my - b * mt;
    out->slope = b;
    out->slope_se = se;
    out->slope_lo = b - q * se;
    out->slope_hi = b + q * se;
    out->df = df;
    out->sse = sse;
    out->sxx = sxx;
    if (se > 0)
        out->p = 2.0 * gsl_cdf_tdist_Q(fabs(b) / se, df);
    else
        out->p = b == 0 ? 1.0 : 0.0;
    out->direction = out->slope_lo > 0 ? 1 : (out->slope_hi < 0 ? -1 : 0);
    if (take_log) {
        out->apc = 100.0 * expm1(b);
        out->apc_lo = 100.0 * expm1(out->slope_lo);
        out->apc_hi = 100.0 * expm1(out->slope_hi);
    }
    if (!isfinite(out->slope) || !isfinite(out->slope_se) || !isfinite(out->intercept) ||
        (take_log && !isfinite(out->apc_hi)))
        return mt_error_set(err, MT_ENONFINITE, "trend: the fit is not finite");
    return MT_OK;
}

mt_status mt_crosscheck_loglinear(const double *t, const double *y, size_t n, double level,
                                  mt_loglin *out, mt_error *err)
{
    return line_fit(t, y, n, level, 1, out, err);
}

mt_status mt_crosscheck_linear(const double *t, const double *y, size_t n, double level,
                               mt_loglin *out, mt_error *err)
{
    return line_fit(t, y, n, level, 0, out, err);
}

void cc_corr_nan(mt_correlation *c)
{
    c->n = 0;
    c->r = c->lo = c->hi = c->p = NAN;
}

mt_status mt_crosscheck_correlation(const double *x, const double *y, size_t n, int spearman,
                                    double level, mt_correlation *out, mt_error *err)
{
    if (out == NULL)
        return mt_error_set(err, MT_EINVAL, "correlation: NULL output");
    cc_corr_nan(out);
    if (n > 0 && (x == NULL || y == NULL))
        return mt_error_set(err, MT_EINVAL, "correlation: NULL x or y");
    if (!(level > 0 && level < 1))
        return mt_error_set(err, MT_EINVAL, "correlation: level %g is outside (0, 1)", level);
    double *u = malloc((n ? n : 1) * sizeof *u), *v = malloc((n ? n : 1) * sizeof *v);
    if (u == NULL || v == NULL) {
        free(u);
        free(v);
        return mt_error_set(err, MT_ENOMEM, "correlation: out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && isfinite(y[i])) {
            u[k] = x[i];
            v[k] = y[i];
            k++;
        }
    mt_status st = MT_OK;
    if (k < 3) {
        st = mt_error_set(err, MT_ETOOFEW, "correlation: %zu pairs, at least 3 needed", k);
        goto done;
    }
    if (spearman) {
        double *ru = malloc(k * sizeof *ru), *rv = malloc(k * sizeof *rv);
        size_t *idx = malloc(k * sizeof *idx);
        if (ru == NULL || rv == NULL || idx == NULL) {
            free(ru);
            free(rv);
            free(idx);
            st = mt_error_set(err, MT_ENOMEM, "correlation: out of memory");
            goto done;
        }
        mt_average_ranks(u, k, idx, ru);
        mt_average_ranks(v, k, idx, rv);
        memcpy(u, ru, k * sizeof *u);
        memcpy(v, rv, k * sizeof *v);
        free(ru);
        free(rv);
        free(idx);
    }
    double mu = gsl_stats_mean(u, 1, k), mv = gsl_stats_mean(v, 1, k);
    double suu = 0, svv = 0, suv = 0;
    for (size_t i = 0; i < k; i++) {
        suu += (u[i] - mu) * (u[i] - mu);
        svv += (v[i] - mv) * (v[i] - mv);
        suv += (u[i] - mu) * (v[i] - mv);
    }
    if (!(suu > 0) || !(svv > 0)) {
        st = mt_error_set(err, MT_ESINGULAR, "correlation: a variable is constant");
        goto done;
    }
    double r = suv / sqrt(suu * svv);
    if (r > 1)
        r = 1;
    if (r < -1)
        r = -1;
    out->n = k;
    out->r = r;
    double df = (double)k - 2.0;
    if (fabs(r) < 1) {
        double tt = r * sqrt(df / (1 - r * r));
        out->p = 2.0 * gsl_cdf_tdist_Q(fabs(tt), df);
    } else {
        out->p = 0.0;
    }
    if (k >= 4) {
        if (fabs(r) < 1) {
            double z = atanh(r), h = gsl_cdf_ugaussian_Pinv(0.5 + level / 2) / sqrt((double)k - 3);
            out->lo = tanh(z - h);
            out->hi = tanh(z + h);
        } else {
            out->lo = out->hi = r;
        }
    }
done:
    free(u);
    free(v);
    return st;
}

double mt_crosscheck_sign_p(size_t k, size_t n)
{
    if (n == 0 || k > n)
        return NAN;
    /* Binomial(n, 1/2) is symmetric: the two-sided p (R binom.test, which
     * sums outcomes no more likely than k) is twice the smaller tail. */
    size_t m = k < n - k ? k : n - k;
    if (2 * m == n)
        return 1.0;
    double p = 2.0 * gsl_cdf_binomial_P((unsigned)m, 0.5, (unsigned)n);
    return p > 1.0 ? 1.0 : p;
}

/* Sample autocovariances (divisor n, R's acf with na.pass: means over the
 * finite values, products over the pairs where both are finite) of x and y
 * at lag k: sum_t (x_{t+k} - mx)(y_t - my) / n. */
double cc_cross_cov(const double *x, const double *y, size_t n, double mx, double my, int k)
{
    double s = 0;
    for (size_t t = 0; t < n; t++) {
        long tk = (long)t + k;
        if (tk < 0 || tk >= (long)n)
            continue;
        double a = x[tk], b = y[t];
        if (isfinite(a) && isfinite(b))
            s += (a - mx) * (b - my);
    }
    return s / (double)n;
}

double cc_finite_mean(const double *x, size_t n, size_t *k_out)
{
    double s = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) {
            s += x[i];
            k++;
        }
    if (k_out)
        *k_out = k;
    return k ? s / (double)k : NAN;
}

/* Yule-Walker AR fit by Levinson-Durbin with the order chosen by AIC as R's
 * ar.yw does: AIC(p) = n log(v_p) + 2 p, v_p the innovations variance from
 * the recursion (divisor n).  Needs x without missing values.  Returns the
 * order and writes phi[0..order-1]; -1 when the series is constant. */
int cc_ar_yule_walker(const double *x, size_t n, size_t max_order, double *phi)
{
    /* the arrays below are sized for it; mt_crosscheck_concordance checks o->max_ar */
    assert(max_order <= MT_CROSSCHECK_MAX_AR);
    double m = cc_finite_mean(x, n, NULL);
    double r[MT_CROSSCHECK_MAX_AR + 1];
    for (size_t k = 0; k <= max_order; k++)
        r[k] = cc_cross_cov(x, x, n, m, m, (int)k);
    if (!(r[0] > 0))
        return -1;
    double cur[MT_CROSSCHECK_MAX_AR] = {0}, prev[MT_CROSSCHECK_MAX_AR] = {0};
    double best_phi[MT_CROSSCHECK_MAX_AR] = {0};
    double v = r[0];
    double best_aic = (double)n * log(v);
    int best = 0;
    for (size_t p = 1; p <= max_order; p++) {
        double acc = r[p];
        for (size_t j = 1; j < p; j++)
            acc -= prev[j - 1] * r[p - j];
        double kappa = acc / v;
        cur[p - 1] = kappa;
        for (size_t j = 1; j < p; j++)
            cur[j - 1] = prev[j - 1] - kappa * prev[p - j - 1];
        v *= 1 - kappa * kappa;
        memcpy(prev, cur, sizeof cur);
        if (!(v > 0))
            break;
        double aic = (double)n * log(v) + 2.0 * (double)p;
        if (aic < best_aic) {
            best_aic = aic;
            best = (int)p;
            memcpy(best_phi, cur, sizeof cur);
        }
    }
    for (int j = 0; j < best; j++)
        phi[j] = best_phi[j];
    return best;
}
