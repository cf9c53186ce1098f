/*
 * events.c - level shifts, interrupted time series and difference-in-
 * differences for events from the model (see events.h).
 *
 * Each estimator builds its design, fits it with mt_bands_fit (so that the
 * rank check, weights and non-finite checks are shared with the bands), and
 * reads the effects as linear contrasts c'b of the coefficients with
 * standard error sqrt(c'Vc).  Working with contrasts lets the DiD fit report
 * the treated and comparison effects (sums of coefficients) with the pooled
 * variance without refitting.
 */
#include "monitrend/events.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_matrix.h>

#include "monitrend/bands.h"

/* Largest design: the fully interacted DiD model. */
#define MAX_PAR 8

/* ---------------------------------------------------------------------------
 * Contrasts on a fit
 * ------------------------------------------------------------------------- */

static double contrast(const mt_linfit *f, const double *c)
{
    double s = 0.0;
    for (size_t j = 0; j < f->n_par; j++)
        s += c[j] * gsl_vector_get(f->coef, j);
    return s;
}

static double contrast_cov(const mt_linfit *f, const double *a, const double *b)
{
    double s = 0.0;
    for (size_t j = 0; j < f->n_par; j++)
        for (size_t k = 0; k < f->n_par; k++)
            s += a[j] * gsl_matrix_get(f->cov, j, k) * b[k];
    return s;
}

static double t_pvalue(double est, double se, size_t df)
{
    if (!(se > 0.0))
        return NAN;
    return 2.0 * gsl_cdf_tdist_Q(fabs(est / se), (double)df);
}

/* Wald F test of two contrasts a'b = c'b = 0 (with OLS this is the nested-model
 * F test of R's anova()).  Writes F and its upper-tail p on (2, df). */
static void joint_f(const mt_linfit *f, const double *a, const double *c, double *fstat,
                    double *p)
{
    double ea = contrast(f, a), ec = contrast(f, c);
    double vaa = contrast_cov(f, a, a), vcc = contrast_cov(f, c, c), vac = contrast_cov(f, a, c);
    double det = vaa * vcc - vac * vac;
    if (!(det > 0.0)) {
        *fstat = NAN;
        *p = NAN;
        return;
    }
    /* (e' V^-1 e) / 2 with the 2x2 inverse written out */
    double q = (vcc * ea * ea - 2.0 * vac * ea * ec + vaa * ec * ec) / det;
    *fstat = q / 2.0;
    *p = gsl_cdf_fdist_Q(*fstat, 2.0, (double)f->df);
}

static double pct(double b)
{
    return 100.0 * expm1(b);
}

static void effect_clear(mt_event_effect *e)
{
    e->n_obs = e->n_before = e->n_after = e->df = 0;
    e->level = e->level_se = e->level_ci_lo = e->level_ci_hi = NAN;
    e->slope = e->slope_se = NAN;
    e->slope_change = e->slope_change_se = e->slope_change_ci_lo = e->slope_change_ci_hi = NAN;
    e->p_level = e->p_slope_change = e->f_joint = e->p_joint = NAN;
    e->sigma = e->durbin_watson = NAN;
    e->level_change_pct = e->level_lo = e->level_hi = NAN;
    e->slope_before = e->slope_after = NAN;
    e->slope_change_lo = e->slope_change_hi = NAN;
    e->p = NAN;
}

/* Fill the effect from the contrasts for level (cl), slope before (cs) and
 * slope change (cc, NULL for a definition change).  q is the t quantile. */
static void effect_fill(const mt_linfit *f, const double *cl, const double *cs, const double *cc,
                        double q, int log_scale, mt_event_effect *e)
{
    e->df = f->df;
    e->sigma = sqrt(f->sigma2);
    e->level = contrast(f, cl);
    e->level_se = sqrt(contrast_cov(f, cl, cl));
    e->level_ci_lo = e->level - q * e->level_se;
    e->level_ci_hi = e->level + q * e->level_se;
    e->p_level = t_pvalue(e->level, e->level_se, f->df);
    e->slope = contrast(f, cs);
    e->slope_se = sqrt(contrast_cov(f, cs, cs));
    double after = e->slope;
    if (cc != NULL) {
        e->slope_change = contrast(f, cc);
        e->slope_change_se = sqrt(contrast_cov(f, cc, cc));
        e->slope_change_ci_lo = e->slope_change - q * e->slope_change_se;
        e->slope_change_ci_hi = e->slope_change + q * e->slope_change_se;
        e->p_slope_change = t_pvalue(e->slope_change, e->slope_change_se, f->df);
        joint_f(f, cl, cc, &e->f_joint, &e->p_joint);
        after = e->slope + e->slope_change;
        e->p = e->p_joint;
    } else {
        e->p = e->p_level;
    }
    if (log_scale) {
        e->level_change_pct = pct(e->level);
        e->level_lo = pct(e->level_ci_lo);
        e->level_hi = pct(e->level_ci_hi);
        e->slope_before = pct(e->slope);
        e->slope_after = pct(after);
        e->slope_change_lo = cc ? pct(e->slope_change_ci_lo) : NAN;
        e->slope_change_hi = cc ? pct(e->slope_change_ci_hi) : NAN;
    } else {
        e->slope_before = e->slope;
        e->slope_after = after;
        e->slope_change_lo = e->slope_change_ci_lo;
        e->slope_change_hi = e->slope_change_ci_hi;
    }
}

/* Durbin-Watson statistic of residuals e[first], e[first+stride], ... (m of them). */
static double durbin_watson(const gsl_vector *r, size_t first, size_t m)
{
    double num = 0.0, den = 0.0;
    for (size_t i = 0; i < m; i++) {
        double e = gsl_vector_get(r, first + i);
        den += e * e;
        if (i > 0) {
            double d = e - gsl_vector_get(r, first + i - 1);
            num += d * d;
        }
    }
    return den > 0.0 ? num / den : NAN;
}

static int effect_finite(const mt_event_effect *e, int has_slope_change)
{
    if (!(isfinite(e->level) && isfinite(e->level_se) && isfinite(e->slope) &&
          isfinite(e->slope_se)))
        return 0;
    if (has_slope_change && !(isfinite(e->slope_change) && isfinite(e->slope_change_se)))
        return 0;
    return 1;
}

/* ---------------------------------------------------------------------------
 * Input checks
 * ------------------------------------------------------------------------- */

static mt_status check_series(const char *who, const double *t, const double *y,
                              const double *w, size_t n, double t0, int log_scale,
                              double level, size_t min_side, size_t *n_before, mt_error *err)
{
    if (t == NULL || y == NULL)
        return mt_error_set(err, MT_EINVAL, "%s: t or y is NULL", who);
    if (!isfinite(t0))
        return mt_error_set(err, MT_EINVAL, "%s: event date is not finite", who);
    if (!(level > 0.0 && level < 1.0))
        return mt_error_set(err, MT_EINVAL, "%s: level %g is not in (0, 1)", who, level);
    size_t nb = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !isfinite(y[i]))
            return mt_error_set(err, MT_EINVAL, "%s: point %zu is not finite", who, i);
        if (i > 0 && !(t[i] > t[i - 1]))
            return mt_error_set(err, MT_EINVAL, "%s: times are not increasing at point %zu (%g)",
                                who, i, t[i]);
        if (log_scale && !(y[i] > 0.0))
            return mt_error_set(err, MT_EINVAL,
                                "%s: value %g at t = %g is not positive on the log scale", who,
                                y[i], t[i]);
        if (w != NULL && !(isfinite(w[i]) && w[i] > 0.0))
            return mt_error_set(err, MT_EINVAL, "%s: weight %zu is not positive", who, i);
        if (t[i] < t0)
            nb++;
    }
    if (nb < min_side || n - nb < min_side)
        return mt_error_set(err, MT_ETOOFEW,
                            "%s: %zu points before and %zu from %g; need %zu on each side", who,
                            nb, n - nb, t0, min_side);
    *n_before = nb;
    return MT_OK;
}

/* ---------------------------------------------------------------------------
 * Single series: definition change and policy event
 * ------------------------------------------------------------------------- */

static mt_status single_series(const char *who, const double *t, const double *y,
                               const double *w, size_t n, double t0, int log_scale,
                               double level, int policy, mt_event_effect *out, mt_error *err)
{
    if (out == NULL)
        return mt_error_set(err, MT_EINVAL, "%s: out is NULL", who);
    effect_clear(out);
    size_t p = policy ? 4 : 3, nb = 0;
    mt_status st = check_series(who, t, y, w, n, t0, log_scale, level, policy ? 2 : 1, &nb, err);
    if (st != MT_OK)
        return st;
    if (n <= p)
        return mt_error_set(err, MT_ETOOFEW, "%s: %zu points for %zu parameters", who, n, p);

    gsl_matrix *X = gsl_matrix_alloc(n, p);
    double *ya = malloc(n * sizeof *ya);
    mt_linfit *f = NULL;
    if (X == NULL || ya == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        double tau = t[i] - t0, d = t[i] >= t0 ? 1.0 : 0.0;
        ya[i] = log_scale ? log(y[i]) : y[i];
        gsl_matrix_set(X, i, 0, 1.0);
        gsl_matrix_set(X, i, 1, tau);
        gsl_matrix_set(X, i, 2, d);
        if (policy)
            gsl_matrix_set(X, i, 3, tau * d);
    }
    st = mt_bands_fit(X, ya, w, &f, err);
    if (st != MT_OK)
        goto done;
    static const double cl[4] = {0, 0, 1, 0}, cs[4] = {0, 1, 0, 0}, cc[4] = {0, 0, 0, 1};
    double q = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, (double)f->df);
    effect_fill(f, cl, cs, policy ? cc : NULL, q, log_scale, out);
    out->n_obs = n;
    out->n_before = nb;
    out->n_after = n - nb;
    out->durbin_watson = durbin_watson(f->resid, 0, n);
    if (!effect_finite(out, policy))
        st = mt_error_set(err, MT_ENONFINITE, "%s: an estimate is not finite", who);

done:
    mt_bands_fit_free(f);
    gsl_matrix_free(X);
    free(ya);
    if (st != MT_OK)
        effect_clear(out);
    return st;
}

mt_status mt_events_definition(const double *t, const double *y, const double *w, size_t n,
                               double t0, int log_scale, double level,
                               mt_event_effect *out, mt_error *err)
{
    return single_series("definition change", t, y, w, n, t0, log_scale, level, 0, out, err);
}

mt_status mt_events_definitions(const double *t, const double *y, const double *w, size_t n,
                                const double *t0s, size_t k, int log_scale, double level,
                                mt_event_effect *out, mt_error *err)
{
    static const char who[] = "definition changes";
    if (out == NULL || t0s == NULL || k == 0)
        return mt_error_set(err, MT_EINVAL, "%s: no dates or out is NULL", who);
    for (size_t j = 0; j < k; j++)
        effect_clear(&out[j]);
    for (size_t j = 0; j < k; j++)
        if (!isfinite(t0s[j]) || (j > 0 && !(t0s[j] > t0s[j - 1])))
            return mt_error_set(err, MT_EINVAL, "%s: dates are not finite and increasing at %zu",
                                who, j);
    size_t nb = 0;
    mt_status st = check_series(who, t, y, w, n, t0s[0], log_scale, level, 1, &nb, err);
    if (st != MT_OK)
        return st;
    /* every segment between consecutive dates, and after the last, needs a point */
    for (size_t j = 0; j < k; j++) {
        double hi = j + 1 < k ? t0s[j + 1] : INFINITY;
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (t[i] >= t0s[j] && t[i] < hi)
                m++;
        if (m == 0)
            return mt_error_set(err, MT_ETOOFEW, "%s: no point between %g and the next date", who,
                                t0s[j]);
    }
    size_t p = k + 2;
    if (n <= p)
        return mt_error_set(err, MT_ETOOFEW, "%s: %zu points for %zu parameters", who, n, p);
    gsl_matrix *X = gsl_matrix_alloc(n, p);
    double *ya = malloc(n * sizeof *ya);
    double *c = calloc(2 * p, sizeof *c);
    mt_linfit *f = NULL;
    if (X == NULL || ya == NULL || c == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        ya[i] = log_scale ? log(y[i]) : y[i];
        gsl_matrix_set(X, i, 0, 1.0);
        gsl_matrix_set(X, i, 1, t[i] - t0s[0]);
        for (size_t j = 0; j < k; j++)
            gsl_matrix_set(X, i, 2 + j, t[i] >= t0s[j] ? 1.0 : 0.0);
    }
    st = mt_bands_fit(X, ya, w, &f, err);
    if (st != MT_OK)
        goto done;
    double q = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, (double)f->df);
    double dw = durbin_watson(f->resid, 0, n);
    double *cl = c, *cs = c + p;
    cs[1] = 1.0;
    for (size_t j = 0; j < k && st == MT_OK; j++) {
        for (size_t m = 0; m < p; m++)
            cl[m] = m == 2 + j ? 1.0 : 0.0;
        effect_fill(f, cl, cs, NULL, q, log_scale, &out[j]);
        size_t before = 0;
        for (size_t i = 0; i < n; i++)
            if (t[i] < t0s[j])
                before++;
        out[j].n_obs = n;
        out[j].n_before = before;
        out[j].n_after = n - before;
        out[j].durbin_watson = dw;
        if (!effect_finite(&out[j], 0))
            st = mt_error_set(err, MT_ENONFINITE, "%s: an estimate is not finite", who);
    }

done:
    mt_bands_fit_free(f);
    gsl_matrix_free(X);
    free(ya);
    free(c);
    if (st != MT_OK)
        for (size_t j = 0; j < k; j++)
            effect_clear(&out[j]);
    return st;
}

mt_status mt_events_policy(const double *t, const double *y, const double *w, size_t n,
                           double t0, int log_scale, double level,
                           mt_event_effect *out, mt_error *err)
{
    return single_series("policy event", t, y, w, n, t0, log_scale, level, 1, out, err);
}

/* ---------------------------------------------------------------------------
 * Difference-in-differences
 * ------------------------------------------------------------------------- */

static void did_clear(mt_event_did *d)
{
    d->n_periods = d->n_comparison = d->df = 0;
    effect_clear(&d->treated);
    effect_clear(&d->comparison);
    d->did_level = d->did_level_se = d->did_level_ci_lo = d->did_level_ci_hi = NAN;
    d->did_slope = d->did_slope_se = d->did_slope_ci_lo = d->did_slope_ci_hi = NAN;
    d->p_did_level = d->p_did_slope = d->f_joint = d->p_joint = NAN;
    d->did_level_pct = d->did_lo = d->did_hi = NAN;
    d->did_slope_pct_lo = d->did_slope_pct_hi = NAN;
}

mt_status mt_events_did(const double *t, const double *y_treat, const double *y_comp,
                        size_t n_comp, size_t n, double t0, int log_scale, double level,
                        mt_event_did *out, mt_error *err)
{
    static const char who[] = "difference-in-differences";
    if (out == NULL)
        return mt_error_set(err, MT_EINVAL, "%s: out is NULL", who);
    did_clear(out);
    if (y_comp == NULL || n_comp == 0)
        return mt_error_set(err, MT_EINVAL, "%s: no comparison series", who);
    size_t nb = 0;
    mt_status st = check_series(who, t, y_treat, NULL, n, t0, log_scale, level, 2, &nb, err);
    if (st != MT_OK)
        return st;
    for (size_t k = 0; k < n_comp; k++)
        for (size_t i = 0; i < n; i++) {
            double v = y_comp[k * n + i];
            if (!isfinite(v) || (log_scale && !(v > 0.0)))
                return mt_error_set(err, MT_EINVAL,
                                    "%s: comparison series %zu has value %g at t = %g, not %s",
                                    who, k, v, t[i], log_scale ? "positive" : "finite");
        }
    if (n < 5)
        return mt_error_set(err, MT_ETOOFEW, "%s: %zu periods; need at least 5", who, n);

    size_t m = 2 * n;
    gsl_matrix *X = gsl_matrix_alloc(m, MAX_PAR);
    double *ya = malloc(m * sizeof *ya);
    mt_linfit *f = NULL;
    if (X == NULL || ya == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    /* rows 0..n-1 treated (G = 1), rows n..2n-1 averaged comparison (G = 0);
     * columns: 1, tau, G, G tau, D, D tau, G D, G D tau */
    for (size_t r = 0; r < m; r++) {
        size_t i = r % n;
        double g = r < n ? 1.0 : 0.0;
        double tau = t[i] - t0, d = t[i] >= t0 ? 1.0 : 0.0;
        if (r < n) {
            ya[r] = log_scale ? log(y_treat[i]) : y_treat[i];
        } else {
            double s = 0.0;
            for (size_t k = 0; k < n_comp; k++)
                s += log_scale ? log(y_comp[k * n + i]) : y_comp[k * n + i];
            ya[r] = s / (double)n_comp;
        }
        double row[MAX_PAR] = {1.0, tau, g, g * tau, d, d * tau, g * d, g * d * tau};
        for (size_t j = 0; j < MAX_PAR; j++)
            gsl_matrix_set(X, r, j, row[j]);
    }
    st = mt_bands_fit(X, ya, NULL, &f, err);
    if (st != MT_OK)
        goto done;
    double q = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, (double)f->df);
    /* comparison: level e, slope b, change f; treated adds g, d, h */
    static const double c_lev[MAX_PAR] = {0, 0, 0, 0, 1, 0, 0, 0};
    static const double c_slo[MAX_PAR] = {0, 1, 0, 0, 0, 0, 0, 0};
    static const double c_chg[MAX_PAR] = {0, 0, 0, 0, 0, 1, 0, 0};
    static const double t_lev[MAX_PAR] = {0, 0, 0, 0, 1, 0, 1, 0};
    static const double t_slo[MAX_PAR] = {0, 1, 0, 1, 0, 0, 0, 0};
    static const double t_chg[MAX_PAR] = {0, 0, 0, 0, 0, 1, 0, 1};
    static const double d_lev[MAX_PAR] = {0, 0, 0, 0, 0, 0, 1, 0};
    static const double d_chg[MAX_PAR] = {0, 0, 0, 0, 0, 0, 0, 1};
    effect_fill(f, t_lev, t_slo, t_chg, q, log_scale, &out->treated);
    effect_fill(f, c_lev, c_slo, c_chg, q, log_scale, &out->comparison);
    out->treated.n_obs = out->comparison.n_obs = n;
    out->treated.n_before = out->comparison.n_before = nb;
    out->treated.n_after = out->comparison.n_after = n - nb;
    out->treated.durbin_watson = durbin_watson(f->resid, 0, n);
    out->comparison.durbin_watson = durbin_watson(f->resid, n, n);

    out->n_periods = n;
    out->n_comparison = n_comp;
    out->df = f->df;
    out->did_level = contrast(f, d_lev);
    out->did_level_se = sqrt(contrast_cov(f, d_lev, d_lev));
    out->did_level_ci_lo = out->did_level - q * out->did_level_se;
    out->did_level_ci_hi = out->did_level + q * out->did_level_se;
    out->did_slope = contrast(f, d_chg);
    out->did_slope_se = sqrt(contrast_cov(f, d_chg, d_chg));
    out->did_slope_ci_lo = out->did_slope - q * out->did_slope_se;
    out->did_slope_ci_hi = out->did_slope + q * out->did_slope_se;
    out->p_did_level = t_pvalue(out->did_level, out->did_level_se, f->df);
    out->p_did_slope = t_pvalue(out->did_slope, out->did_slope_se, f->df);
    joint_f(f, d_lev, d_chg, &out->f_joint, &out->p_joint);
    if (log_scale) {
        out->did_level_pct = pct(out->did_level);
        out->did_lo = pct(out->did_level_ci_lo);
        out->did_hi = pct(out->did_level_ci_hi);
        out->did_slope_pct_lo = pct(out->did_slope_ci_lo);
        out->did_slope_pct_hi = pct(out->did_slope_ci_hi);
    } else {
        out->did_slope_pct_lo = out->did_slope_ci_lo;
        out->did_slope_pct_hi = out->did_slope_ci_hi;
    }
    if (!(isfinite(out->did_level) && isfinite(out->did_level_se) && isfinite(out->did_slope) &&
          isfinite(out->did_slope_se) && effect_finite(&out->treated, 1) &&
          effect_finite(&out->comparison, 1)))
        st = mt_error_set(err, MT_ENONFINITE, "%s: an estimate is not finite", who);

done:
    mt_bands_fit_free(f);
    gsl_matrix_free(X);
    free(ya);
    if (st != MT_OK)
        did_clear(out);
    return st;
}
