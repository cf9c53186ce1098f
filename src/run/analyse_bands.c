/*
 * analyse_bands.c - the seasonal terms of one series, its fitted values
 * with confidence, prediction, simultaneous and bootstrap bands, and the
 * values that do not fit (anomalies) (analyse_internal.h).
 */
#include "analyse_internal.h"
#include "analyse_ext.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/anomaly.h"
#include "monitrend/ar1.h"
#include "monitrend/bands.h"
#include "monitrend/events.h"
#include "monitrend/joinpoint.h"
#include "monitrend/joinpoint_ci.h"
#include "monitrend/season.h"

#include "monitrend/breaks.h"
#include "monitrend/cadence.h"
#include "monitrend/change.h"

#include "monitrend/mannkendall.h"
#include "monitrend/season.h"
#include "monitrend/season_models.h"
#include "monitrend/trend.h"

#include <gsl/gsl_matrix.h>
/* Append the seasonal columns to a bands design: the data's own (zero = 0)
 * for the fit and the anomaly check, zeros for the prediction rows, so that
 * the fitted line and its bands are the seasonally adjusted line (the
 * codings of season.h sum to zero over a year). */
static mt_status season_columns(const fitset *f, gsl_matrix **X, int zero, mt_error *e)
{
    if (f->ps == 0)
        return MT_OK;
    gsl_matrix *A = *X;
    gsl_matrix *B = gsl_matrix_calloc(A->size1, A->size2 + f->ps);
    if (B == NULL)
        return mt_error_set(e, MT_ENOMEM, "out of memory");
    for (size_t i = 0; i < A->size1; i++) {
        for (size_t k = 0; k < A->size2; k++)
            gsl_matrix_set(B, i, k, gsl_matrix_get(A, i, k));
        for (size_t c = 0; c < f->ps && !zero; c++)
            gsl_matrix_set(B, i, A->size2 + c, f->S[i * f->ps + c]);
    }
    gsl_matrix_free(A);
    *X = B;
    return MT_OK;
}

/* The seasonal design of the fitted points (season.h), or none: the
 * resolved choice is recorded in r->season, and a request that cannot be
 * met (a month without data, too few points) is said in the note. */
void an_season_setup(const mt_series *s, const mt_series_config *cfg, size_t n_jumps,
                     fitset *f, mt_series_result *r)
{
    mt_season_spec sp;
    mt_error e;
    snprintf(r->season, sizeof r->season, "none");
    if (mt_season_resolve(&cfg->season, s->freq, &sp, &e) != MT_OK) {
        AN_ENOTE(r, NULL, e, .code = MT_SNOTE_SEASON_ERR);
        return;
    }
    if (sp.kind == MT_SEASON_NONE)
        return;
    int *season = malloc(f->n * sizeof *season);
    f->S = malloc(f->n * MT_SEASON_MAX_COLS * sizeof *f->S);
    if (!season || !f->S) {
        free(season);
        r->oom = 1; /* the run's error (an_oom_guard) */
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_SEASON_OOM);
        return;
    }
    for (size_t i = 0; i < f->n; i++)
        season[i] = s->period[f->idx[i]].sub - 1;
    size_t ps = 0;
    mt_status st = mt_season_design(&sp, s->freq, season, f->t, f->n, f->S, &ps, &e);
    free(season);
    if (st != MT_OK) {
        AN_ENOTE(r, NULL, e, .code = MT_SNOTE_SEASON_ERR);
        return;
    }
    /* at least 3 residual degrees of freedom in the trend model */
    if (f->n < 2 + n_jumps + ps + 3) {
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_SEASON_TOO_FEW, .n = f->n, .m = ps);
        return;
    }
    f->ps = ps;
    mt_season_format(&sp, r->season, sizeof r->season);
}

/* Bands of the fitted model (joinpoints as hinges, definition changes as
 * jumps, seasonal terms) at every period of the series, and anomaly flags
 * against it. */
void an_run_bands_anomalies(const mt_series *s, const fitset *f, const fitset *fc,
                            mt_variance variance, const double *jump_t, size_t n_jumps,
                            mt_series_result *r)
{
    gsl_matrix *X = NULL, *X0 = NULL, *Xc = NULL;
    mt_linfit *fit = NULL;
    mt_band *b = NULL;
    double *w0 = NULL;
    const double *w = f->w;
    const int counts = variance == MT_VARIANCE_POISSON || variance == MT_VARIANCE_QUASIPOISSON;
    double t0 = counts ? fc->t[0] : f->t[0];
    mt_error e;
    const double *hinges = r->jp_done ? r->jp_t : NULL;
    size_t nh = r->jp_done ? r->n_jp : 0;
    /* X (the log-scale points) serves the anomaly rules and the least-squares
     * bands; a count model may have too few positive counts for it.  Seasonal
     * terms (never with a count model) join the least-squares design. */
    mt_status st = f->n >= 3 ? mt_bands_design(f->t, f->n, t0, jump_t, n_jumps, hinges, nh, &X, &e)
                   : counts ? MT_OK
                            : mt_error_set(&e, MT_ETOOFEW, "%zu points", f->n);
    if (st == MT_OK && !counts)
        st = season_columns(f, &X, 0, &e);
    if (st == MT_OK && counts) /* the series' count model, on every count */
        st = mt_bands_design(fc->t, fc->n, t0, jump_t, n_jumps, hinges, nh, &Xc, &e);
    /* an AR(1) joinpoint model (never with counts or seasons) is banded by GLS */
    const int ar1 = r->jp_ar1_done && !counts && f->ps == 0;
    an_points pts = {f->n, f->t, f->y, f->z, f->se_an, f->w};
    if (st == MT_OK)
        st = counts ? mt_bands_fit_counts(Xc, fc->y, variance == MT_VARIANCE_QUASIPOISSON, &fit, &e)
             : ar1  ? an_bands_fit_ar1(s, &pts, X, r->jp_ar1_phi, &fit, &e)
                    : mt_bands_fit(X, f->z, w, &fit, &e);
    if (st == MT_OK)
        st = mt_bands_design(s->t, s->n, t0, jump_t, n_jumps, hinges, nh, &X0, &e);
    if (st == MT_OK && !counts)
        st = season_columns(f, &X0, 1, &e);
    if (an_oom_guard(r, st) != MT_OK) {
        AN_ENOTE(r, NULL, e, .code = MT_SNOTE_BANDS_ERR);
        goto out;
    }
    b = malloc(s->n * sizeof *b);
    if (b == NULL)
        goto out;
    /* Weighted series: a new point's weight is the mean weight of the fitted
     * points (predict.lm(weights = mean(w))), at every period alike, so the
     * band is that of a typical new observation rather than of the one
     * observed there.  Count models: the fitted mean (see bands.h). */
    if ((w != NULL || ar1) && !counts) {
        w0 = malloc(s->n * sizeof *w0);
        if (w0 == NULL)
            goto out;
        double sw = 0.0;
        for (size_t k = 0; k < f->n; k++)
            sw += w ? w[k] : 1.0;
        /* AR(1): a new point has the marginal variance s^2 / (1 - phi^2) */
        const double fac = ar1 ? 1.0 - r->jp_ar1_phi * r->jp_ar1_phi : 1.0;
        for (size_t i = 0; i < s->n; i++)
            w0[i] = sw / (double)f->n * fac;
    }
    if (an_oom_guard(r, mt_bands_predict(fit, X0, w0, 0.95, b, &e)) != MT_OK) {
        AN_ENOTE(r, NULL, e, .code = MT_SNOTE_BANDS_ERR);
        goto out;
    }
    if (r->scale == MT_SCALE_LOG)
        mt_bands_exp(b, s->n);
    for (size_t i = 0; i < s->n; i++) {
        r->fitted[i] = b[i].fit;
        r->ci_lo[i] = b[i].ci_lo;
        r->ci_hi[i] = b[i].ci_hi;
        r->pi_lo[i] = b[i].pi_lo;
        r->pi_hi[i] = b[i].pi_hi;
        r->sim_lo[i] = b[i].sim_lo;
        r->sim_hi[i] = b[i].sim_hi;
    }

    /* anomalies against the same design */
    if (X == NULL)
        goto out;
    char (*lab)[MT_PERIOD_STR_MAX] = malloc(f->n * sizeof *lab);
    const char **labp = malloc(f->n * sizeof *labp);
    if (lab && labp) {
        for (size_t i = 0; i < f->n; i++) {
            an_period_str(s, f->idx[i], lab[i]);
            labp[i] = lab[i];
        }
        mt_anomaly_opts ao;
        mt_anomaly_opts_default(&ao);
        ao.log_scale = r->scale == MT_SCALE_LOG;
        mt_anomaly *an = NULL;
        size_t na = 0;
        if (an_oom_guard(r, mt_anomaly_find(f->t, f->y, f->n, X, &ao, &an, &na, &e)) != MT_OK) {
            AN_ENOTE(r, NULL, e, .code = MT_SNOTE_ANOMALY_ERR);
        } else if (na > 0) {
            r->anomalies = calloc(na, sizeof *r->anomalies);
            if (r->anomalies) {
                r->n_anomalies = na;
                for (size_t k = 0; k < na; k++) {
                    mt_an_anomaly *a = &r->anomalies[k];
                    snprintf(a->period, sizeof a->period, "%s", lab[an[k].index]);
                    a->value = an[k].value;
                    a->stat = an[k].kind == MT_ANOMALY_RESIDUAL ? an[k].statistic : NAN;
                    a->kind = an[k].kind;
                    size_t i = an[k].index;
                    a->statistic = an[k].statistic;
                    a->p = an[k].p;
                    a->ratio_prev = an[k].ratio_prev;
                    a->ratio_next = an[k].ratio_next;
                    a->prev_value = i > 0 ? f->y[i - 1] : NAN;
                    a->next_value = i + 1 < f->n ? f->y[i + 1] : NAN;
                    snprintf(a->prev_period, sizeof a->prev_period, "%s", i > 0 ? lab[i - 1] : "");
                    snprintf(a->next_period, sizeof a->next_period, "%s", i + 1 < f->n ? lab[i + 1] : "");
                }
            }
        }
        mt_anomaly_free(an);
    }
    free(lab);
    free(labp);
out:
    free(b);
    free(w0);
    gsl_matrix_free(X);
    gsl_matrix_free(X0);
    gsl_matrix_free(Xc);
    mt_bands_fit_free(fit);
}
