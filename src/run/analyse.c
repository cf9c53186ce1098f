/*
 * analyse.c - the analysis of one series (see analyse.h).
 *
 * The series arrive with missing values as NaN and flags per observation.
 * This file turns them into the plain arrays the numeric kernels take
 * (finite, not excluded, in time order), runs each method, and copies the
 * numbers into the edition's record.  Every method that cannot run says why
 * in the note instead of leaving a silent NaN.
 */
#include "monitrend/analyse.h"
#include "analyse_ext.h"
#include "analyse_internal.h"

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

/* A step's failure is a note on the series, except running out of memory:
 * that is the run's error (mt_analyse_series checks r->oom at the end), so
 * that a result is never silently missing a part (issue 13, defect 10). */
mt_status an_oom_guard(mt_series_result *r, mt_status st)
{
    if (st == MT_ENOMEM)
        r->oom = 1;
    return st;
}

/* Append a typed note to the record (analyse_ext.h).  The list grows as
 * needed, so that the words are cut only where the note always was (at
 * MT_AN_NOTE_MAX characters, series_note_words.h); out of memory is the
 * run's error (r->oom), like any other part that could not be kept. */
void an_snote(mt_series_result *r, const mt_series_note *x, const char *id, const char *text)
{
    if (r->n_notes == r->cap_notes) {
        size_t cap = r->cap_notes ? 2 * r->cap_notes : 8;
        mt_series_note *p = realloc(r->notes, cap * sizeof *p);
        if (p == NULL) {
            r->oom = 1;
            return;
        }
        r->notes = p;
        r->cap_notes = cap;
    }
    mt_series_note *d = &r->notes[r->n_notes++];
    *d = *x;
    snprintf(d->id, sizeof d->id, "%s", id ? id : "");
    snprintf(d->text, sizeof d->text, "%s", text ? text : "");
}

unsigned long mt_analyse_seed(unsigned long run_seed, const char *id)
{
    /* FNV-1a 64-bit of the id, then a splitmix64 finaliser with the seed:
     * a stable, well-spread seed per series. */
    unsigned long long h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    unsigned long long x = h ^ ((unsigned long long)run_seed * 0x9E3779B97F4A7C15ULL);
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 31;
    return (unsigned long)(x & 0xFFFFFFFFUL); /* gsl_rng_mt19937 uses 32 bits */
}

void mt_series_result_clear(mt_series_result *r)
{
    if (r == NULL)
        return;
    free(r->events);
    free(r->anomalies);
    free(r->fitted);
    free(r->ci_lo);
    free(r->ci_hi);
    free(r->pi_lo);
    free(r->pi_hi);
    free(r->sim_lo);
    free(r->sim_hi);
    free(r->boot_lo);
    free(r->boot_hi);
    free(r->jp_fitted);
    free(r->notes);
    r->notes = NULL;
    r->n_notes = r->cap_notes = 0;
    r->events = NULL;
    r->anomalies = NULL;
    r->fitted = r->ci_lo = r->ci_hi = r->pi_lo = r->pi_hi = NULL;
    r->sim_lo = r->sim_hi = r->boot_lo = r->boot_hi = r->jp_fitted = NULL;
}

static void fitset_free(fitset *f)
{
    free(f->idx);
    free(f->t);
    free(f->y);
    free(f->z);
    free(f->se_an);
    free(f->w);
    free(f->S);
}

/* SE of one observation on the analysis scale, from se or from the bounds;
 * NaN when the point carries neither. */
double an_point_se(const mt_series *s, size_t i, int log_scale)
{
    double y = s->value[i];
    if (isfinite(s->se[i]) && s->se[i] > 0)
        return log_scale ? s->se[i] / y : s->se[i];
    if (isfinite(s->lower[i]) && isfinite(s->upper[i]) && s->upper[i] > s->lower[i]) {
        double se;
        if (log_scale && s->lower[i] <= 0)
            return NAN;
        if (mt_change_se_from_ci(s->lower[i], s->upper[i], 0.95, log_scale, &se, NULL) == MT_OK)
            return se;
    }
    return NAN;
}

static mt_status fitset_build(const mt_series *s, fitset *f)
{
    memset(f, 0, sizeof *f);
    size_t m = s->n ? s->n : 1;
    f->idx = malloc(m * sizeof *f->idx);
    f->t = malloc(m * sizeof *f->t);
    f->y = malloc(m * sizeof *f->y);
    f->z = malloc(m * sizeof *f->z);
    f->se_an = malloc(m * sizeof *f->se_an);
    if (!f->idx || !f->t || !f->y || !f->z || !f->se_an) {
        fitset_free(f);
        return MT_ENOMEM;
    }
    for (size_t i = 0; i < s->n; i++) {
        if (!isfinite(s->value[i]) || (s->flags[i] & MT_FLAG_EXCLUDE))
            continue;
        f->idx[f->n] = i;
        f->t[f->n] = s->t[i];
        f->y[f->n] = s->value[i];
        f->n++;
    }
    return MT_OK;
}

/* A copy of the points of f (t, y and idx; z, se_an and w are left NULL):
 * the count model keeps every count while the log-scale methods may drop
 * zeros. */
static mt_status fitset_copy(const fitset *f, fitset *c)
{
    memset(c, 0, sizeof *c);
    size_t m = f->n ? f->n : 1;
    c->idx = malloc(m * sizeof *c->idx);
    c->t = malloc(m * sizeof *c->t);
    c->y = malloc(m * sizeof *c->y);
    c->z = malloc(m * sizeof *c->z);
    if (!c->idx || !c->t || !c->y || !c->z) {
        fitset_free(c);
        return MT_ENOMEM;
    }
    c->n = f->n;
    memcpy(c->idx, f->idx, f->n * sizeof *c->idx);
    memcpy(c->t, f->t, f->n * sizeof *c->t);
    memcpy(c->y, f->y, f->n * sizeof *c->y);
    for (size_t k = 0; k < f->n; k++)
        c->z[k] = f->y[k] > 0 ? log(f->y[k]) : NAN; /* unused by the count fits */
    return MT_OK;
}

/* Values <= 0 where the log scale is wanted: apply the zeros policy to the
 * points of f (before fitset_scale) and say in the note what was done, naming
 * every period.  Returns the scale to use (LOG, or LINEAR for `linear`). */
static mt_scale apply_zeros(const mt_series *s, fitset *f, mt_zeros policy, int count_model,
                            mt_series_result *r)
{
    char list[512] = "";
    size_t len = 0, n_bad = 0;
    double ymin = INFINITY;
    for (size_t k = 0; k < f->n; k++) {
        if (f->y[k] > 0) {
            if (f->y[k] < ymin)
                ymin = f->y[k];
            continue;
        }
        char per[MT_PERIOD_STR_MAX];
        an_period_str(s, f->idx[k], per);
        size_t lz = strlen(r->zeros_periods);
        if (lz + MT_PERIOD_STR_MAX + 3 < sizeof r->zeros_periods)
            snprintf(r->zeros_periods + lz, sizeof r->zeros_periods - lz, "%s%s", lz ? ", " : "", per);
        if (len + 40 < sizeof list)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s (%g)", n_bad ? ", " : "", per,
                                    f->y[k]);
        n_bad++;
    }
    if (n_bad == 0)
        return MT_SCALE_LOG;
    if (policy == MT_ZEROS_LINEAR && !count_model) {
        AN_SNOTE(r, NULL, list, .code = MT_SNOTE_ZEROS_LINEAR, .n = n_bad);
        r->zeros_action = MT_AN_ZEROS_LINEAR;
        return MT_SCALE_LINEAR;
    }
    if (policy == MT_ZEROS_HALF_MIN && !count_model && isfinite(ymin)) {
        for (size_t k = 0; k < f->n; k++)
            if (!(f->y[k] > 0))
                f->y[k] = ymin / 2.0;
        AN_SNOTE(r, NULL, list, .code = MT_SNOTE_ZEROS_HALF_MIN, .n = n_bad, .x = ymin / 2.0);
        r->zeros_action = MT_AN_ZEROS_HALF_MIN;
        return MT_SCALE_LOG;
    }
    size_t m = 0;
    for (size_t k = 0; k < f->n; k++) {
        if (!(f->y[k] > 0))
            continue;
        f->idx[m] = f->idx[k];
        f->t[m] = f->t[k];
        f->y[m] = f->y[k];
        m++;
    }
    f->n = m;
    r->zeros_action = count_model ? MT_AN_ZEROS_COUNT_MODEL : MT_AN_ZEROS_EXCLUDED;
    if (count_model)
        AN_SNOTE(r, NULL, list, .code = MT_SNOTE_ZERO_COUNTS, .n = n_bad);
    else
        AN_SNOTE(r, NULL, list, .code = MT_SNOTE_NONPOS_LEFT_OUT, .n = n_bad);
    return MT_SCALE_LOG;
}

/* Fill z and se_an for the chosen scale; se_an is dropped (NULL) unless every
 * point has a usable SE, since a partial weighting has no defensible meaning. */
static void fitset_scale(const mt_series *s, fitset *f, int log_scale, mt_series_result *r)
{
    size_t with_se = 0;
    for (size_t k = 0; k < f->n; k++) {
        f->z[k] = log_scale ? log(f->y[k]) : f->y[k];
        f->se_an[k] = an_point_se(s, f->idx[k], log_scale);
        if (isfinite(f->se_an[k]) && f->se_an[k] > 0)
            with_se++;
    }
    if (with_se < f->n || f->n == 0) {
        if (with_se > 0)
            AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_SE_PARTIAL, .n = with_se, .m = f->n);
        free(f->se_an);
        f->se_an = NULL;
        return;
    }
    /* weights for every fit that takes them (joinpoint, events, bands) */
    f->w = malloc(f->n * sizeof *f->w);
    if (f->w == NULL) {
        r->oom = 1; /* the run's error (an_oom_guard) */
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_WEIGHTS_OOM);
        free(f->se_an);
        f->se_an = NULL;
        return;
    }
    for (size_t k = 0; k < f->n; k++)
        f->w[k] = 1.0 / (f->se_an[k] * f->se_an[k]);
}

void an_period_str(const mt_series *s, size_t i, char *buf)
{
    mt_period_format(&s->period[i], buf, MT_PERIOD_STR_MAX);
}

/* The period whose time is closest to t (for labelling joinpoints). */
/* The label of the observed period closest to t (analyse_ext.h). */
void an_period_at(const mt_series *s, double t, char *buf)
{
    size_t best = 0;
    double bd = INFINITY;
    for (size_t i = 0; i < s->n; i++) {
        double d = fabs(s->t[i] - t);
        if (d < bd) {
            bd = d;
            best = i;
        }
    }
    if (s->n > 0 && bd < 1e-6) {
        an_period_str(s, best, buf);
    } else {
        mt_period p = mt_period_at_time(s->freq, t);
        mt_period_format(&p, buf, MT_PERIOD_STR_MAX);
    }
}

static void set_nan_all(mt_series_result *r)
{
    double *fields[] = {
        &r->intercept, &r->slope, &r->slope_se, &r->slope_lo, &r->slope_hi, &r->apc, &r->apc_lo, &r->apc_hi, &r->p_trend,
        &r->r2, &r->dw, &r->aapc, &r->aapc_lo, &r->aapc_hi, &r->aapc_recent, &r->aapc_recent_lo,
        &r->aapc_recent_hi, &r->aapc_5y, &r->aapc_5y_lo, &r->aapc_5y_hi, &r->mk_s, &r->mk_var_s, &r->mk_z, &r->mk_p, &r->mk_tau,
        &r->sen_slope, &r->sen_lo, &r->sen_hi, &r->sen_pct, &r->sen_pct_lo, &r->sen_pct_hi,
        &r->dispersion, &r->last_value, &r->prev_value,
        &r->change_prev_abs, &r->change_prev_pct, &r->change_prev_p, &r->value_5y,
        &r->change_5y_pct, &r->value_10y, &r->change_10y_pct, &r->breaks.supf,
        &r->breaks.supf_p,
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        *fields[i] = NAN;
}

static mt_status alloc_bands(mt_series_result *r, size_t n)
{
    double **arrs[] = {&r->fitted, &r->ci_lo, &r->ci_hi, &r->pi_lo, &r->pi_hi,
                       &r->sim_lo, &r->sim_hi, &r->boot_lo, &r->boot_hi, &r->jp_fitted};
    size_t m = n ? n : 1;
    for (size_t a = 0; a < sizeof arrs / sizeof arrs[0]; a++) {
        *arrs[a] = malloc(m * sizeof(double));
        if (*arrs[a] == NULL)
            return MT_ENOMEM;
        for (size_t i = 0; i < m; i++)
            (*arrs[a])[i] = NAN;
    }
    return MT_OK;
}

/* The end of a series: a part lost to memory (r->oom) is the run's error. */
static mt_status an_done(mt_series_result *r, const mt_series *s, mt_error *err)
{
    if (r->oom) {
        mt_series_result_clear(r);
        return mt_error_set(err, MT_ENOMEM, "%s: out of memory", s->id);
    }
    return MT_OK;
}

mt_status mt_analyse_series(const mt_series *s, const mt_series_config *cfg,
                            mt_series_result *r, mt_error *err)
{
    memset(r, 0, sizeof *r);
    set_nan_all(r);
    r->series = s;
    r->meta = cfg->meta;
    r->n = s->n;
    r->n_fit = 0;
    if (s->n > 0) {
        an_period_str(s, 0, r->first);
        an_period_str(s, s->n - 1, r->last);
    }
    if (alloc_bands(r, s->n) != MT_OK) {
        mt_series_result_clear(r);
        return mt_error_set(err, MT_ENOMEM, "%s: out of memory", s->id);
    }

    fitset f;
    if (fitset_build(s, &f) != MT_OK) {
        mt_series_result_clear(r);
        return mt_error_set(err, MT_ENOMEM, "%s: out of memory", s->id);
    }
    r->n_fit = f.n;
    {
        /* censored values: shown, never fitted (the flag implies exclude) */
        size_t n_lod = 0;
        for (size_t i = 0; i < s->n; i++) {
            if (!(s->flags[i] & MT_FLAG_LOD))
                continue;
            char per[MT_PERIOD_STR_MAX];
            an_period_str(s, i, per);
            size_t l = strlen(r->lod_periods);
            if (l + MT_PERIOD_STR_MAX + 3 < sizeof r->lod_periods)
                snprintf(r->lod_periods + l, sizeof r->lod_periods - l, "%s%s", l ? ", " : "", per);
            n_lod++;
        }
        if (n_lod > 0)
            AN_SNOTE(r, NULL, r->lod_periods, .code = MT_SNOTE_LOD, .n = n_lod);
    }
    an_run_changes(s, cfg, r);

    if (f.n < 3) {
        r->descriptive_only = 1;
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_DESCRIPTIVE, .n = f.n);
        fitset_free(&f);
        return an_done(r, s, err);
    }

    /* The variance model: a count model (Poisson-type GLM on the counts)
     * when asked for, or by default for kind = count, provided the values
     * are non-negative whole numbers without standard errors and the scale
     * is not forced linear. */
    mt_variance variance = cfg->variance;
    if (variance == MT_VARIANCE_AUTO && !cfg->count)
        variance = MT_VARIANCE_CONSTANT;
    if (variance != MT_VARIANCE_CONSTANT) {
        /* seasonal terms are least-squares terms (season_models.h): a
         * sub-annual count series with them is fitted on the log scale */
        mt_season_spec sp;
        mt_error se_err;
        if (mt_season_resolve(&cfg->season, s->freq, &sp, &se_err) == MT_OK &&
            sp.kind != MT_SEASON_NONE) {
            if (cfg->variance != MT_VARIANCE_AUTO)
                AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_VARIANCE_SEASONAL, .k = (int)cfg->variance);
            else
                AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_COUNT_SEASONAL);
            variance = MT_VARIANCE_CONSTANT;
        }
    }
    if (variance != MT_VARIANCE_CONSTANT) {
        mt_snote_why why_not = 0; /* 0: counts fit for the count model */
        for (size_t k = 0; k < f.n && !why_not; k++) {
            if (!(f.y[k] >= 0 && f.y[k] == floor(f.y[k])))
                why_not = MT_SNOTE_WHY_NOT_WHOLE;
            else if (isfinite(an_point_se(s, f.idx[k], 0)))
                why_not = MT_SNOTE_WHY_SE;
        }
        if (!why_not && cfg->scale == MT_SCALE_LINEAR)
            why_not = MT_SNOTE_WHY_LINEAR;
        if (why_not) {
            if (cfg->variance != MT_VARIANCE_AUTO)
                AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_VARIANCE_NOT_COUNTS, .k = (int)cfg->variance, .j = (int)why_not);
            else
                AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_COUNT_NOT_COUNTS, .j = (int)why_not);
            variance = MT_VARIANCE_CONSTANT;
        }
    }
    const int counts = variance != MT_VARIANCE_CONSTANT;

    mt_scale scale;
    mt_scale_why why = MT_SCALE_WHY_NONE;
    mt_error e;
    fitset fc; /* count model: every count, zeros included */
    memset(&fc, 0, sizeof fc);
    if (counts && fitset_copy(&f, &fc) != MT_OK) {
        fitset_free(&f);
        mt_series_result_clear(r);
        return mt_error_set(err, MT_ENOMEM, "%s: out of memory", s->id);
    }
    int negative = 0;
    for (size_t k = 0; k < f.n; k++)
        negative |= f.y[k] < 0;
    if (counts) {
        scale = apply_zeros(s, &f, MT_ZEROS_EXCLUDE, 1, r);
    } else if (cfg->scale == MT_SCALE_LINEAR || (cfg->scale == MT_SCALE_AUTO && negative)) {
        /* a series with negative values (a balance, a difference) has no log
         * scale: auto takes the linear one, as before */
        if (mt_trend_scale_choose(cfg->scale, f.y, f.n, &scale, &why, &e) != MT_OK) {
            fitset_free(&f);
            mt_series_result_clear(r);
            return mt_error_set(err, MT_EINVAL, "series %s: %s", s->id, e.msg);
        }
        if (cfg->scale == MT_SCALE_AUTO)
            AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_SCALE_WHY, .k = (int)why);
    } else {
        /* log scale asked for, or auto with zeros but no negative value: the
         * zeros policy decides, in words, never a silent switch */
        scale = apply_zeros(s, &f, cfg->zeros, 0, r);
    }
    r->scale = scale;
    r->n_fit = counts ? fc.n : f.n; /* after the zeros policy: the points fitted */
    if (f.n < 3 && !counts) {
        r->descriptive_only = 1;
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_DESCRIPTIVE_LEFT, .n = f.n);
        fitset_free(&f);
        return an_done(r, s, err);
    }
    fitset_scale(s, &f, r->scale == MT_SCALE_LOG, r);
    fitset *fm = counts ? &fc : &f; /* the points of the series' model */

    /* definition changes with a comparability ratio are bridged (earlier
     * values multiplied, comparability.h) before any fit sees the series */
    double *bridge_g = NULL, bridge_var[MT_TREND_MAX_JUMPS];
    size_t n_bridges = 0;
    an_points pts = {f.n, f.t, f.y, f.z, f.se_an, f.w};
    if (an_bridge_all(cfg, &pts, (r->scale == MT_SCALE_LOG), r, &bridge_g, bridge_var, &n_bridges) != MT_OK) {
        fitset_free(&f);
        mt_series_result_clear(r);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }

    /* definition changes become level shifts when both sides have 2 points */
    double jump_t[MT_TREND_MAX_JUMPS];
    size_t n_jumps = 0;
    for (size_t k = 0; k < cfg->n_events; k++) {
        const mt_series_event *ev = &cfg->events[k];
        if (ev->policy || ev->ratio > 0)
            continue;
        size_t before = 0, after = 0;
        for (size_t i = 0; i < fm->n; i++)
            if (fm->t[i] < ev->t - 1e-9)
                before++;
            else
                after++;
        if (before >= 2 && after >= 2 && n_jumps < MT_TREND_MAX_JUMPS && fm->n >= 5 + n_jumps)
            jump_t[n_jumps++] = ev->t;
        else
            AN_SNOTE(r, ev->id, NULL, .code = MT_SNOTE_DEFCHANGE_TOO_FEW);
    }

    an_season_setup(s, cfg, n_jumps, &f, r);

    mt_trend_result tr;
    memset(&tr, 0, sizeof tr);
    int have_tr = an_run_trend(fm, scale, &variance, r, jump_t, n_jumps, &tr);
    /* the model every later fit uses, also when the trend itself failed */
    r->variance = variance;
    r->variance_set = 1;
    if (have_tr && n_bridges > 0 && f.w == NULL && !counts && f.ps == 0)
        an_bridge_inflate(&pts, bridge_g, bridge_var, n_bridges, jump_t, n_jumps, &tr, r);
    if (have_tr)
        an_trend_ar1(s, &pts, cfg, jump_t, n_jumps, counts, f.ps != 0, r);
    free(bridge_g);
    if (f.n >= 3) {
        an_run_mk(&f, r->scale == MT_SCALE_LOG, r);
        an_run_breaks(s, &f, cfg->opts, r);
    }
    an_run_joinpoint(s, fm, cfg, variance, jump_t, n_jumps, r);
    an_definition_rows(cfg, &tr, have_tr, r);
    if (f.n >= 3) {
        an_policy_rows(&f, cfg, r->scale == MT_SCALE_LOG, r);
        an_chow_at_events(&f, r);
    }
    an_run_bands_anomalies(s, &f, &fc, variance, jump_t, n_jumps, r);

    fitset_free(&fc);
    fitset_free(&f);
    return an_done(r, s, err);
}
