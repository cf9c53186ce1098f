/*
 * analyse_ext.c - the per-series steps of issue 16 (analyse_ext.h): bridging
 * definition changes with comparability ratios, seasonal terms, AR(1)
 * errors (trend, joinpoint selection, bands), and the projection of the
 * last joinpoint segment.  analyse.c calls them in order; the statistics
 * are in src/stats (comparability.c, season.c, ar1.c, joinpoint_ar1.c,
 * projection.c).
 */
#include "analyse_ext.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "monitrend/ar1.h"
#include "monitrend/bands.h"
#include "monitrend/comparability.h"
#include "monitrend/joinpoint_ar1.h"
#include "monitrend/projection.h"

/* Bridge every definition change that carries a comparability ratio:
 * multiply the earlier values (data and analysis scale, SEs by the delta
 * method, weights again from them).  *g receives one derivative vector per
 * bridge (n_bridges x f->n, caller frees) and var the variance of each
 * ratio's theta, for bridge_inflate. */
mt_status an_bridge_all(const mt_series_config *cfg, an_points *f, int log_scale,
                            mt_series_result *r, double **g, double *var, size_t *n_bridges)
{
    *g = NULL;
    *n_bridges = 0;
    for (size_t k = 0; k < cfg->n_events; k++) {
        const mt_series_event *ev = &cfg->events[k];
        if (ev->policy || !(ev->ratio > 0) || *n_bridges >= MT_TREND_MAX_JUMPS)
            continue;
        double *ng = realloc(*g, (*n_bridges + 1) * (f->n ? f->n : 1) * sizeof *ng);
        if (ng == NULL)
            return MT_ENOMEM;
        *g = ng;
        size_t changed = 0;
        mt_error e;
        if (mt_comparability_bridge(f->t, f->n, ev->t, ev->ratio, ev->ratio_se, log_scale, f->y,
                                    f->z, f->se_an, ng + *n_bridges * f->n, &changed,
                                    &e) != MT_OK) {
            AN_ENOTE(r, ev->id, e, .code = MT_SNOTE_BRIDGE_ERR);
            continue;
        }
        var[(*n_bridges)++] = mt_comparability_theta_var(ev->ratio, ev->ratio_se, log_scale);
        AN_SNOTE(r, ev->id, NULL, .code = MT_SNOTE_BRIDGED, .x = ev->ratio, .y = ev->ratio_se, .n = changed);
    }
    if (f->w)
        for (size_t i = 0; i < f->n; i++)
            f->w[i] = 1.0 / (f->se_an[i] * f->se_an[i]);
    return MT_OK;
}

/* An unweighted trend cannot carry the ratios' variance point by point: the
 * one R shared by every earlier value shifts the slope by dB/dtheta, so its
 * variance adds (dB/dtheta)^2 var(theta) to var(B) (comparability.h). */
void an_bridge_inflate(const an_points *f, const double *g, const double *var, size_t nb,
                           const double *jump_t, size_t n_jumps, const mt_trend_result *tr,
                           mt_series_result *r)
{
    double v = r->slope_se * r->slope_se;
    for (size_t b = 0; b < nb; b++) {
        double d;
        mt_error e;
        if (mt_comparability_slope_deriv(f->t, g + b * f->n, NULL, f->n, jump_t, n_jumps, &d,
                                         &e) != MT_OK)
            return;
        v += d * d * var[b];
    }
    r->slope_se = sqrt(v);
    r->slope_lo = r->slope - tr->t_crit * r->slope_se;
    r->slope_hi = r->slope + tr->t_crit * r->slope_se;
    if ((r->scale == MT_SCALE_LOG)) {
        r->apc_lo = 100.0 * expm1(r->slope_lo);
        r->apc_hi = 100.0 * expm1(r->slope_hi);
    }
    r->p_trend = 2.0 * gsl_cdf_tdist_Q(fabs(r->slope / r->slope_se), (double)tr->df);
}

/* AR(1) errors (ar1.h): with errors = ar1 the trend is refitted by GLS with
 * phi by REML, on the same design (intercept, centred time, level shifts),
 * with the weights and across gaps (phi to the power of the lag); otherwise
 * a Durbin-Watson outside [1.5, 2.5] gets a note suggesting it.  Count
 * models and seasonal terms keep independent errors, with a note. */
void an_trend_ar1(const mt_series *s, const an_points *f, const mt_series_config *cfg,
                  const double *jump_t, size_t n_jumps, int counts, int seasons,
                  mt_series_result *r)
{
    if (!cfg->ar1) {
        /* with a handful of points DW says nothing */
        if (!counts && !seasons && f->n >= 10 && mt_ar1_dw_suggests(r->dw) &&
            (r->dw_autocorrelated = 1))
            AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_DW_AUTOCORR, .x = r->dw);
        return;
    }
    if (counts) {
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_AR1_POISSON);
        return;
    }
    if (seasons) {
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_AR1_SEASONAL);
        return;
    }
    const size_t n = f->n, p = 2 + n_jumps;
    double *X = malloc((n ? n : 1) * p * sizeof *X), *lag = malloc((n ? n : 1) * sizeof *lag);
    if (p > MT_AR1_MAX_P) {
        free(X);
        free(lag);
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_AR1_COEFS, .n = p);
        return;
    }
    if (X == NULL || lag == NULL) {
        /* an allocation failure is the run's error, never a quiet change of model */
        free(X);
        free(lag);
        r->oom = 1;
        return;
    }
    const int gaps = mt_ar1_lags(f->t, n, mt_freq_per_year(s->freq), lag);
    double tc = 0.0;
    for (size_t i = 0; i < n; i++)
        tc += f->t[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        X[i * p] = 1.0;
        X[i * p + 1] = f->t[i] - tc;
        for (size_t m = 0; m < n_jumps; m++)
            X[i * p + 2 + m] = f->t[i] >= jump_t[m] - 1e-9 ? 1.0 : 0.0;
    }
    mt_ar1_result a;
    mt_error e;
    mt_ar1_opts o = {.w = f->w, .lag = gaps ? lag : NULL, .ml = 0};
    mt_status st = mt_ar1_gls_opt(f->z, X, n, p, &o, &a, &e);
    free(X);
    free(lag);
    if (st == MT_OK && !(fabs(a.phi) < MT_AR1_PHI_LIMIT)) {
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_AR1_BOUNDARY, .x = a.phi);
        return;
    }
    if (st == MT_ENOMEM) {
        r->oom = 1;
        return;
    }
    if (st != MT_OK) {
        AN_ENOTE(r, NULL, e, .code = MT_SNOTE_AR1_ERR);
        return;
    }
    const double q = gsl_cdf_tdist_Qinv(0.025, a.df);
    r->intercept = a.coef[0] - a.coef[1] * tc;
    r->slope = a.coef[1];
    r->slope_se = a.se[1];
    r->slope_lo = r->slope - q * r->slope_se;
    r->slope_hi = r->slope + q * r->slope_se;
    r->p_trend = 2.0 * gsl_cdf_tdist_Q(fabs(r->slope / r->slope_se), a.df);
    if ((r->scale == MT_SCALE_LOG)) {
        r->apc = 100.0 * expm1(r->slope);
        r->apc_lo = 100.0 * expm1(r->slope_lo);
        r->apc_hi = 100.0 * expm1(r->slope_hi);
    }
    r->ar1_done = 1;
    r->ar1_phi = a.phi;
    AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_AR1_TREND, .x = a.phi, .k = gaps ? 1 : 0);
}

int an_jp_ar1_wanted(const mt_series_config *cfg, int poisson, mt_series_result *r)
{
    if (!cfg->ar1)
        return 0;
    if (poisson) {
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_JP_COUNT_IID);
        return 0;
    }
    return 1;
}

mt_status an_jp_ar1_fit(const mt_series *s, const double *t, const double *y, const double *w,
                        size_t n, const mt_jp_options *jo, mt_jp_result **jr, double *phi,
                        mt_series_result *r, mt_error *err)
{
    double *lag = malloc((n ? n : 1) * sizeof *lag);
    if (lag == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    const int gaps = mt_ar1_lags(t, n, mt_freq_per_year(s->freq), lag);
    mt_jp_ar1_info info;
    mt_status st = mt_jp_ar1_fit(t, y, w, gaps ? lag : NULL, n, jo, jr, &info, err);
    free(lag);
    if (st != MT_OK)
        return st;
    *phi = info.phi;
    r->jp_ar1_done = 1;
    r->jp_ar1_phi = info.phi;
    AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_JP_AR1, .x = info.phi);
    if (jo->select == MT_JP_SELECT_PERMUTATION)
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_JP_AR1_WBIC);
    for (int k = 0; k <= (*jr)->max_joinpoints; k++)
        if (info.rounds[k] < 0)
            AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_JP_AR1_ROUNDS, .k = k, .j = -info.rounds[k]);
    return MT_OK;
}

mt_status an_bands_fit_ar1(const mt_series *s, const an_points *f, const gsl_matrix *X, double phi,
                           mt_linfit **fit, mt_error *err)
{
    const size_t n = f->n, p = X->size2;
    gsl_matrix *Xs = gsl_matrix_alloc(n, p);
    double *Xr = malloc(n * p * sizeof *Xr), *Xt = malloc(n * p * sizeof *Xt);
    double *zt = malloc(n * sizeof *zt), *lag = malloc(n * sizeof *lag);
    double *sw = f->w ? malloc(n * sizeof *sw) : NULL;
    mt_status st;
    if (!Xs || !Xr || !Xt || !zt || !lag || (f->w && !sw)) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < p; j++)
            Xr[i * p + j] = gsl_matrix_get(X, i, j);
        if (sw)
            sw[i] = sqrt(f->w[i]);
    }
    const int gaps = mt_ar1_lags(f->t, n, mt_freq_per_year(s->freq), lag);
    /* the transformed model is least squares with unit weights: its fit is
     * the GLS one, its covariance s^2 (X'R^-1 X)^-1 with s^2 the innovation
     * variance (ar1.h) */
    mt_ar1_transform(phi, sw, gaps ? lag : NULL, n, Xr, p, Xt);
    mt_ar1_transform(phi, sw, gaps ? lag : NULL, n, f->z, 1, zt);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < p; j++)
            gsl_matrix_set(Xs, i, j, Xt[i * p + j]);
    st = mt_bands_fit(Xs, zt, NULL, fit, err);
out:
    gsl_matrix_free(Xs);
    free(Xr);
    free(Xt);
    free(zt);
    free(lag);
    free(sw);
    return st;
}

#define MT_PROJ_MIN_POINTS 4

/* The last segment projected cfg->project periods past the last observation
 * (not past the edition year), a new observation weighted like the last
 * one; results on the data scale.  phi: the AR(1) coefficient of the model
 * (0 for independent errors): a new observation then has the marginal
 * variance sigma^2 / (1 - phi^2), sigma^2 the model's innovation variance. */
void an_project_last_segment(const mt_series *s, const an_points *f, const mt_series_config *cfg,
                             const mt_jp_result *jr, const double *w, double phi,
                             mt_series_result *r)
{
    if (f->n == 0 || s->n == 0)
        return;
    /* a series described, not tested, has no trend to extend (its note
     * says it is too short already) */
    if (f->n <= MT_AN_SHORT_SERIES_MAX)
        return;
    /* a segment of two or three points has no slope worth extending: its
     * prediction interval spans orders of magnitude */
    size_t after = 0;
    for (size_t i = 0; i < f->n; i++)
        after += jr->k == 0 || f->t[i] > jr->taus[jr->k - 1] + 1e-9;
    if (after < MT_PROJ_MIN_POINTS) {
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_PROJ_FEW, .n = after, .k = MT_PROJ_MIN_POINTS);
        return;
    }
    const double step = 1.0 / mt_freq_per_year(s->freq);
    const double t_last = f->t[f->n - 1];
    double x[MT_AN_MAX_PROJ];
    size_t m = 0;
    for (size_t k = 1; k <= cfg->project && m < MT_AN_MAX_PROJ; k++) {
        mt_period p = mt_period_at_time(s->freq, t_last + (double)k * step + 1e-9);
        double tp = mt_period_time(&p);
        if (!(tp > s->t[s->n - 1] + 1e-9) || tp >= cfg->project_until - 1e-9)
            continue;
        x[m] = tp;
        mt_period_format(&p, r->proj_period[m], MT_PERIOD_STR_MAX);
        m++;
    }
    if (m == 0)
        return;
    /* Only a segment that lies wholly after the last definition change is
     * extended (docs/methods-joinpoint.md "Projection"): the level shift of
     * a change inside the segment is estimated from few points on one side,
     * and a bridged one carries the ratio's uncertainty, which the
     * prediction interval does not hold. */
    double seg_start = f->t[0];
    for (size_t i = 0; jr->k > 0 && i < f->n; i++)
        if (f->t[i] >= jr->taus[jr->k - 1] - 1e-9) {
            seg_start = f->t[i];
            break;
        }
    const mt_series_event *last_def = NULL;
    for (size_t k = 0; k < cfg->n_events; k++)
        if (!cfg->events[k].policy && (last_def == NULL || cfg->events[k].t > last_def->t))
            last_def = &cfg->events[k];
    if (last_def != NULL && seg_start < last_def->t - 1e-9) {
        an_period_at(s, last_def->t, r->proj_def_period);
        AN_SNOTE(r, r->proj_def_period, NULL, .code = MT_SNOTE_PROJ_DEFCHANGE);
        return;
    }
    mt_error e;
    const double w_new = (w ? w[f->n - 1] : 1.0) * (phi != 0.0 ? 1.0 - phi * phi : 1.0);
    if (mt_jp_project(jr, x, m, 0.05, w_new, r->proj_fit, r->proj_ci_lo,
                      r->proj_ci_hi, r->proj_pi_lo, r->proj_pi_hi, &e) != MT_OK) {
        AN_ENOTE(r, NULL, e, .code = MT_SNOTE_PROJ_ERR);
        return;
    }
    r->n_proj = m;
    for (size_t i = 0; i < m; i++) {
        r->proj_t[i] = x[i];
        if ((r->scale == MT_SCALE_LOG)) {
            r->proj_fit[i] = exp(r->proj_fit[i]);
            r->proj_ci_lo[i] = exp(r->proj_ci_lo[i]);
            r->proj_ci_hi[i] = exp(r->proj_ci_hi[i]);
            r->proj_pi_lo[i] = exp(r->proj_pi_lo[i]);
            r->proj_pi_hi[i] = exp(r->proj_pi_hi[i]);
        }
    }
    an_period_at(s, jr->k > 0 ? jr->taus[jr->k - 1] : f->t[0], r->proj_from);
}

