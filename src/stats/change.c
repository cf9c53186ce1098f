/*
 * change.c - point-to-point changes for a monitor's headline sentences
 * ("rose 15% in 2024 compared with 2023"), matched by time, with a z test on
 * the difference when both points carry a standard error, or a pooled
 * two-proportion test when they are proportions with sample sizes.  Also the
 * conversion of a published confidence interval into a standard error.
 *
 * A comparison that cannot be made is a result, not an error: the struct
 * says which part is missing and why, so the writer can print a footnote
 * instead of a bare NaN.
 */
#include "monitrend/change.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

static void change_nan(mt_change *c)
{
    memset(c, 0, sizeof *c);
    c->t_now = c->t_then = c->y_now = c->y_then = NAN;
    c->abs_change = c->pct_change = c->se_diff = c->z = c->p = NAN;
    c->test = MT_CHANGE_TEST_NONE;
}

static int given(const double *a, size_t i)
{
    return a && isfinite(a[i]);
}

mt_status mt_change_between(const double *t, const double *y, const double *se,
                            const double *n_obs, size_t n, size_t i_now, double t_then,
                            const mt_change_opts *opts, mt_change *out, mt_error *err)
{
    if (!out)
        return mt_error_set(err, MT_EINVAL, "change: result is NULL");
    change_nan(out);
    if (!opts || !(opts->step > 0) || !isfinite(opts->step) || opts->tol < 0 ||
        !(opts->proportion_scale >= 0))
        return mt_error_set(err, MT_EINVAL, "change: options need a period length step > 0");
    if (!t || !y || i_now >= n)
        return mt_error_set(err, MT_EINVAL, "change: index %zu outside %zu points", i_now, n);
    if (!isfinite(y[i_now]))
        return mt_error_set(err, MT_EINVAL, "change: the value at index %zu is missing", i_now);
    if (!isfinite(t_then))
        return mt_error_set(err, MT_ENONFINITE, "change: the earlier time is not finite");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]))
            return mt_error_set(err, MT_ENONFINITE, "change: t[%zu] is not finite", i);
        if (i > 0 && !(t[i] > t[i - 1]))
            return mt_error_set(err, MT_EINVAL,
                                "change: times must be strictly increasing, t[%zu] = %.17g after %.17g",
                                i, t[i], t[i - 1]);
    }
    double tol = opts->tol == 0 ? opts->step / 4 : opts->tol;

    out->t_now = t[i_now];
    out->y_now = y[i_now];
    out->t_then = t_then;
    size_t j = n;
    for (size_t i = 0; i < n; i++)
        if (fabs(t[i] - t_then) <= tol) {
            j = i;
            break;
        }
    if (j == n) {
        snprintf(out->reason, sizeof out->reason, "no observation at %.10g", t_then);
        return MT_OK;
    }
    out->t_then = t[j];
    if (!isfinite(y[j])) {
        snprintf(out->reason, sizeof out->reason, "value at %.10g is missing", t[j]);
        return MT_OK;
    }
    out->y_then = y[j];
    out->abs_change = y[i_now] - y[j];
    out->available = 1;
    if (y[j] != 0)
        out->pct_change = 100.0 * (y[i_now] / y[j] - 1.0);
    else
        snprintf(out->reason, sizeof out->reason,
                 "value at %.10g is zero: percent change undefined", t[j]);

    double ps = opts->proportion_scale;
    if (ps > 0 && given(n_obs, i_now) && given(n_obs, j) && n_obs[i_now] > 0 && n_obs[j] > 0) {
        double p1 = y[i_now] / ps, p0 = y[j] / ps, n1 = n_obs[i_now], n0 = n_obs[j];
        if (p1 < 0 || p1 > 1 || p0 < 0 || p0 > 1) {
            snprintf(out->reason, sizeof out->reason,
                     "a value is not a proportion on scale %g: no two-proportion test", ps);
            return MT_OK;
        }
        double pp = (p1 * n1 + p0 * n0) / (n1 + n0);
        double sd = sqrt(pp * (1 - pp) * (1 / n1 + 1 / n0));
        if (!(sd > 0)) {
            snprintf(out->reason, sizeof out->reason,
                     "pooled proportion is 0 or 1: no two-proportion test");
            return MT_OK;
        }
        out->test = MT_CHANGE_TEST_TWO_PROPORTION;
        out->se_diff = sd * ps;
        out->z = (p1 - p0) / sd;
    } else if (given(se, i_now) && given(se, j) && (se[i_now] > 0 || se[j] > 0)) {
        if (se[i_now] < 0 || se[j] < 0)
            return mt_error_set(err, MT_EINVAL, "change: a standard error is negative");
        out->test = MT_CHANGE_TEST_Z_SE;
        out->se_diff = sqrt(se[i_now] * se[i_now] + se[j] * se[j]);
        out->z = out->abs_change / out->se_diff;
    } else {
        const char *why = "no standard error (or sample size) for both points: no significance test";
        size_t len = strlen(out->reason);
        if (len == 0)
            snprintf(out->reason, sizeof out->reason, "%s", why);
        else
            snprintf(out->reason + len, sizeof out->reason - len, "; %s", why);
        return MT_OK;
    }
    out->p = 2.0 * gsl_cdf_ugaussian_Q(fabs(out->z));
    return MT_OK;
}

mt_status mt_change_monitor(const double *t, const double *y, const double *se,
                            const double *n_obs, size_t n, const mt_change_opts *opts,
                            mt_change_set *out, mt_error *err)
{
    if (!out)
        return mt_error_set(err, MT_EINVAL, "change: result is NULL");
    change_nan(&out->prev);
    change_nan(&out->y5);
    change_nan(&out->y10);
    out->i_latest = 0;
    if (!t || !y)
        return mt_error_set(err, MT_EINVAL, "change: t or y is NULL");
    size_t i = n;
    while (i > 0 && !isfinite(y[i - 1]))
        i--;
    if (i == 0)
        return mt_error_set(err, MT_ETOOFEW, "change: no value to compare");
    i--;
    out->i_latest = i;
    if (!opts || !(opts->step > 0))
        return mt_error_set(err, MT_EINVAL, "change: options need a period length step > 0");
    mt_status st = mt_change_between(t, y, se, n_obs, n, i, t[i] - opts->step, opts, &out->prev, err);
    if (st == MT_OK)
        st = mt_change_between(t, y, se, n_obs, n, i, t[i] - 5.0, opts, &out->y5, err);
    if (st == MT_OK)
        st = mt_change_between(t, y, se, n_obs, n, i, t[i] - 10.0, opts, &out->y10, err);
    return st;
}

mt_status mt_change_se_from_ci(double lower, double upper, double level, int log_scale,
                               double *se, mt_error *err)
{
    if (se)
        *se = NAN;
    if (level == 0)
        level = 0.95;
    if (!(level > 0 && level < 1))
        return mt_error_set(err, MT_EINVAL, "se from CI: level %g is not in (0, 1)", level);
    if (!isfinite(lower) || !isfinite(upper))
        return mt_error_set(err, MT_ENONFINITE, "se from CI: a bound is not finite");
    if (upper < lower)
        return mt_error_set(err, MT_EINVAL, "se from CI: upper %.17g below lower %.17g", upper, lower);
    if (log_scale && !(lower > 0))
        return mt_error_set(err, MT_EINVAL, "se from CI: log scale needs lower > 0, got %.17g", lower);
    double z = gsl_cdf_ugaussian_Pinv(0.5 + level / 2);
    double width = log_scale ? log(upper) - log(lower) : upper - lower;
    if (se)
        *se = width / (2 * z);
    return MT_OK;
}
