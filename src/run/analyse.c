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

/* Points of a series that enter the fits. */
typedef struct {
    size_t n;
    size_t *idx;     /* index into the series */
    double *t, *y;   /* y on the data scale */
    double *z;       /* y on the analysis scale */
    double *se_an;   /* SE on the analysis scale, or NULL when not every point has one */
    double *w;       /* inverse-variance weights 1/se_an^2, or NULL (with se_an) */
    /* seasonal terms (season.h): n x ps design, common to every model */
    size_t ps;
    double *S;
    double gamma[MT_SEASON_MAX_COLS]; /* seasonal coefficients of the trend fit */
} fitset;

/* A step's failure is a note on the series, except running out of memory:
 * that is the run's error (mt_analyse_series checks r->oom at the end), so
 * that a result is never silently missing a part (issue 13, defect 10). */
static mt_status oom_guard(mt_series_result *r, mt_status st)
{
    if (st == MT_ENOMEM)
        r->oom = 1;
    return st;
}

/* Append a sentence to the record's note ("; "-separated); analyse_ext.h. */
void an_note_add(mt_series_result *r, const char *fmt, ...)
{
    size_t len = strlen(r->note);
    if (len + 3 >= sizeof r->note)
        return;
    if (len > 0) {
        memcpy(r->note + len, "; ", 3);
        len += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->note + len, sizeof r->note - len, fmt, ap);
    va_end(ap);
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
static double point_se(const mt_series *s, size_t i, int log_scale)
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

static void period_str(const mt_series *s, size_t i, char *buf);

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
        period_str(s, f->idx[k], per);
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
        an_note_add(r, "zeros = linear: %zu value%s <= 0 (%s), so the whole series on the linear scale",
                 n_bad, n_bad == 1 ? "" : "s", list);
        r->zeros_action = MT_AN_ZEROS_LINEAR;
        return MT_SCALE_LINEAR;
    }
    if (policy == MT_ZEROS_HALF_MIN && !count_model && isfinite(ymin)) {
        for (size_t k = 0; k < f->n; k++)
            if (!(f->y[k] > 0))
                f->y[k] = ymin / 2.0;
        an_note_add(r, "zeros = half-min: %zu value%s <= 0 (%s) replaced by half the smallest positive value, %g",
                 n_bad, n_bad == 1 ? "" : "s", list, ymin / 2.0);
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
        an_note_add(r, "%zu zero count%s (%s) in the count model; left out of the log-scale methods "
                 "(Mann-Kendall/Sen, breaks, events, anomalies)", n_bad, n_bad == 1 ? "" : "s", list);
    else
        an_note_add(r, "%zu value%s <= 0 left out of the log-scale fits: %s", n_bad, n_bad == 1 ? "" : "s", list);
    return MT_SCALE_LOG;
}

/* Fill z and se_an for the chosen scale; se_an is dropped (NULL) unless every
 * point has a usable SE, since a partial weighting has no defensible meaning. */
static void fitset_scale(const mt_series *s, fitset *f, int log_scale, mt_series_result *r)
{
    size_t with_se = 0;
    for (size_t k = 0; k < f->n; k++) {
        f->z[k] = log_scale ? log(f->y[k]) : f->y[k];
        f->se_an[k] = point_se(s, f->idx[k], log_scale);
        if (isfinite(f->se_an[k]) && f->se_an[k] > 0)
            with_se++;
    }
    if (with_se < f->n || f->n == 0) {
        if (with_se > 0)
            an_note_add(r, "standard errors given for %zu of %zu points: fitted unweighted", with_se, f->n);
        free(f->se_an);
        f->se_an = NULL;
        return;
    }
    /* weights for every fit that takes them (joinpoint, events, bands) */
    f->w = malloc(f->n * sizeof *f->w);
    if (f->w == NULL) {
        an_note_add(r, "out of memory for weights: fitted unweighted");
        free(f->se_an);
        f->se_an = NULL;
        return;
    }
    for (size_t k = 0; k < f->n; k++)
        f->w[k] = 1.0 / (f->se_an[k] * f->se_an[k]);
}

static void period_str(const mt_series *s, size_t i, char *buf)
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
        period_str(s, best, buf);
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

/* ---- the methods, one function each ---------------------------------- */

static void run_changes(const mt_series *s, const mt_series_config *cfg, mt_series_result *r)
{
    size_t n = s->n;
    double *y = malloc((n ? n : 1) * sizeof *y);
    double *se = malloc((n ? n : 1) * sizeof *se);
    if (!y || !se) {
        free(y);
        free(se);
        an_note_add(r, "changes not computed: out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int ok = isfinite(s->value[i]) && !(s->flags[i] & MT_FLAG_EXCLUDE);
        y[i] = ok ? s->value[i] : NAN;
        se[i] = ok ? point_se(s, i, 0) : NAN;
    }
    /* "previous" follows the series' own cadence (cadence.h): for a
     * survey every c periods the previous wave is c periods back, for
     * irregular waves it is the row before the latest value; the matching
     * tolerance stays a quarter of one period either way */
    mt_cadence cad = {MT_CADENCE_EVERY, 1};
    if (mt_series_cadence(s, &cad, NULL) != MT_OK)
        cad = (mt_cadence){MT_CADENCE_EVERY, 1};
    double period = 1.0 / mt_freq_per_year(s->freq);
    mt_change_opts co = {.step = period * (double)(cad.step > 1 ? cad.step : 1), .tol = period / 4,
                         .proportion_scale = cfg->proportion_scale};
    mt_change_set cs;
    mt_error e;
    mt_status cst = mt_change_monitor(s->t, y, se, s->n_obs, n, &co, &cs, &e);
    if (cst == MT_OK && cad.kind == MT_CADENCE_IRREGULAR && cs.i_latest > 0)
        cst = mt_change_between(s->t, y, se, s->n_obs, n, cs.i_latest, s->t[cs.i_latest - 1], &co,
                                &cs.prev, &e);
    if (oom_guard(r, cst) != MT_OK) {
        an_note_add(r, "changes not computed: %s", e.msg);
    } else {
        r->last_value = cs.prev.y_now;
        if (cs.prev.available) {
            r->prev_value = cs.prev.y_then;
            r->change_prev_abs = cs.prev.abs_change;
            r->change_prev_pct = cs.prev.pct_change;
            r->change_prev_p = cs.prev.test != MT_CHANGE_TEST_NONE ? cs.prev.p : NAN;
            for (size_t i = 0; i < n; i++)
                if (fabs(s->t[i] - cs.prev.t_then) < 1e-9)
                    period_str(s, i, r->prev_period);
        }
        /* the earlier periods are named in the findings ("(2013: 13.5)") */
        for (size_t i = 0; i < n; i++) {
            if (cs.y5.available && fabs(s->t[i] - cs.y5.t_then) <= co.tol)
                period_str(s, i, r->p5_period);
            if (cs.y10.available && fabs(s->t[i] - cs.y10.t_then) <= co.tol)
                period_str(s, i, r->p10_period);
        }
        if (cs.y5.available) {
            r->value_5y = cs.y5.y_then;
            r->change_5y_pct = cs.y5.pct_change;
        }
        if (cs.y10.available) {
            r->value_10y = cs.y10.y_then;
            r->change_10y_pct = cs.y10.pct_change;
        }
        if (!cs.prev.available && cs.prev.reason[0])
            an_note_add(r, "change on previous period: %s", cs.prev.reason);
    }
    free(y);
    free(se);
}

/* The trend; with a count model (variance POISSON/QUASIPOISSON/AUTO) the
 * log-linear GLM.  AUTO resolves here, once per series: quasi-Poisson when
 * the Pearson dispersion of the Poisson trend fit exceeds 1, else Poisson;
 * *variance receives the model every later fit of the series uses. */
static int run_trend(fitset *f, mt_scale scale, mt_variance *variance, mt_series_result *r,
                     const double *jump_t, size_t n_jumps, mt_trend_result *tr_out)
{
    const int glm = *variance != MT_VARIANCE_CONSTANT;
    mt_trend_opts to = {.scale = glm ? MT_SCALE_LOG : scale, .level = 0.95,
                        .jump_t = n_jumps ? jump_t : NULL, .n_jumps = n_jumps,
                        .se_analysis_scale = 1,
                        .variance = *variance == MT_VARIANCE_AUTO ? MT_VARIANCE_QUASIPOISSON : *variance};
    mt_trend_result tr;
    mt_error e;
    /* the trend kernel takes the data scale y and logs it itself */
    mt_status st = f->ps ? mt_season_trend_fit(f->t, f->y, f->se_an, f->n, &to, f->S, f->ps, &tr,
                                               f->gamma, &e)
                         : mt_trend_fit(f->t, f->y, glm ? NULL : f->se_an, f->n, &to, &tr, &e);
    if (oom_guard(r, st) != MT_OK) {
        an_note_add(r, "trend not fitted: %s", e.msg);
        if (*variance == MT_VARIANCE_AUTO)
            *variance = MT_VARIANCE_QUASIPOISSON; /* the cautious one for the other fits */
        return 0;
    }
    if (*variance == MT_VARIANCE_AUTO) {
        if (tr.pearson_dispersion > 1.0) {
            *variance = MT_VARIANCE_QUASIPOISSON;
            an_note_add(r, "counts overdispersed (Pearson dispersion %.3g > 1): quasi-Poisson variance",
                     tr.pearson_dispersion);
        } else {
            *variance = MT_VARIANCE_POISSON;
            to.variance = MT_VARIANCE_POISSON;
            an_note_add(r, "counts not overdispersed (Pearson dispersion %.3g <= 1): Poisson variance",
                     tr.pearson_dispersion);
            if (mt_trend_fit(f->t, f->y, NULL, f->n, &to, &tr, &e) != MT_OK) {
                an_note_add(r, "trend not fitted: %s", e.msg);
                return 0;
            }
        }
    } else if (*variance == MT_VARIANCE_POISSON && tr.pearson_dispersion > 1.0) {
        /* the user's choice stands, but the reader learns what it costs */
        an_note_add(r, "Poisson variance as asked, although the counts are overdispersed (Pearson "
                 "dispersion %.3g > 1): its intervals are too narrow; variance = quasipoisson widens them",
                 tr.pearson_dispersion);
    }
    snprintf(r->variance, sizeof r->variance, "%s", mt_variance_name(tr.variance));
    r->dispersion = tr.dispersion;
    *tr_out = tr;
    r->intercept = tr.a;
    r->slope = tr.b;
    r->slope_se = tr.se_b;
    r->slope_lo = tr.b_lo;
    r->slope_hi = tr.b_hi;
    r->apc = tr.apc;
    r->apc_lo = tr.apc_lo;
    r->apc_hi = tr.apc_hi;
    r->p_trend = tr.p_b;
    r->r2 = tr.r2;
    r->dw = tr.dw;
    if (scale == MT_SCALE_LINEAR)
        an_note_add(r, "linear scale: slope in units per year, no APC");
    return 1;
}

static void run_mk(const fitset *f, int log_scale, mt_series_result *r)
{
    mt_mk_opts mo = {.log_scale = log_scale, .hamed_rao = 0, .max_lag = 0, .acf_alpha = 0,
                     .level = 0.95};
    mt_mk_result mk;
    mt_error e;
    if (oom_guard(r, mt_mk_test(f->t, f->y, f->n, &mo, &mk, &e)) != MT_OK) {
        an_note_add(r, "Mann-Kendall not computed: %s", e.msg);
        return;
    }
    r->mk_s = mk.s;
    r->mk_var_s = mk.var_s;
    r->mk_z = mk.z;
    r->mk_p = mk.p;
    r->mk_tau = mk.tau_b;
    r->sen_slope = mk.sen_slope;
    r->sen_lo = mk.sen_lo;
    r->sen_hi = mk.sen_hi;
    r->sen_pct = mk.sen_pct;
    if (log_scale) {
        r->sen_pct_lo = 100.0 * expm1(mk.sen_lo);
        r->sen_pct_hi = 100.0 * expm1(mk.sen_hi);
    }
    if (mk.note != MT_MK_NOTE_NONE)
        an_note_add(r, "%s", mt_mk_note_word(mk.note, MT_LANG_EN));
}

static void run_breaks(const mt_series *s, const fitset *f, const mt_options *o,
                       mt_series_result *r)
{
    mt_an_breaks *b = &r->breaks;
    if (o->breaks == MT_BREAKS_NONE)
        return;
    mt_bp_options bo;
    mt_bp_options_default(&bo);
    bo.model = o->breaks == MT_BREAKS_MEAN ? MT_BP_MEAN : MT_BP_TREND;
    bo.h = o->trim;
    bo.max_breaks = o->max_breaks >= 0 ? (size_t)o->max_breaks : 0;
    snprintf(b->kind, sizeof b->kind, "%s", bo.model == MT_BP_MEAN ? "mean" : "trend");
    snprintf(b->criterion, sizeof b->criterion, "BIC");
    if (o->max_breaks == 0) {
        an_note_add(r, "breaks: --max-breaks 0, none sought");
        return;
    }
    mt_bp_result bp;
    mt_error e;
    mt_status st;
    if (f->ps) {
        /* seasonal terms common to all segments (season_models.h) */
        double g[MT_SEASON_MAX_COLS], sse;
        int it;
        st = mt_season_bp_fit(f->t, f->z, f->n, f->S, f->ps, f->gamma, &bo, &bp, g, &sse, &it, &e);
        if (st == MT_OK && it < 0)
            an_note_add(r, "breaks with seasonal terms did not settle in %d rounds", -it);
    } else {
        st = mt_bp_fit(f->t, f->z, f->n, &bo, &bp, &e);
    }
    if (oom_guard(r, st) != MT_OK) {
        an_note_add(r, "breaks not computed: %s", e.msg);
        return;
    }
    b->done = 1;
    b->supf = bp.supf;
    b->supf_p = bp.supf_p;
    b->n_breaks = bp.n_breaks < MT_AN_MAX_BREAKS ? bp.n_breaks : MT_AN_MAX_BREAKS;
    for (size_t k = 0; k < b->n_breaks; k++) {
        long lo = bp.ci_lo[k], hi = bp.ci_hi[k];
        if (lo < 0) lo = 0;
        if (hi > (long)f->n - 1) hi = (long)f->n - 1;
        period_str(s, f->idx[bp.breaks[k]], b->brk[k]);
        b->brk_t[k] = f->t[bp.breaks[k]];
        if (bp.ci_ok[k]) {
            period_str(s, f->idx[lo], b->ci_lo[k]);
            period_str(s, f->idx[hi], b->ci_hi[k]);
        }
    }
    mt_bp_result_clear(&bp);
}

static mt_an_event *event_push(mt_series_result *r, const mt_series_event *ev)
{
    mt_an_event *e = realloc(r->events, (r->n_events + 1) * sizeof *e);
    if (e == NULL)
        return NULL;
    r->events = e;
    mt_an_event *x = &e[r->n_events++];
    memset(x, 0, sizeof *x);
    snprintf(x->event, sizeof x->event, "%s", ev->id);
    snprintf(x->label, sizeof x->label, "%s", ev->label ? ev->label : "");
    snprintf(x->kind, sizeof x->kind, "%s", ev->policy ? "policy" : "definition");
    snprintf(x->period, sizeof x->period, "%s", ev->period ? ev->period : "");
    x->t = ev->t;
    double *nums[] = {&x->level_pct, &x->level_lo, &x->level_hi, &x->slope_before,
                      &x->slope_after, &x->slope_change_lo, &x->slope_change_hi, &x->p,
                      &x->did_level_pct, &x->did_lo, &x->did_hi, &x->chow_f, &x->chow_p};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        *nums[i] = NAN;
    return x;
}

/* Definition changes: the level shifts estimated inside the trend model. */
static void definition_rows(const mt_series_config *cfg, const mt_trend_result *tr, int have_tr,
                            mt_series_result *r)
{
    for (size_t k = 0; k < cfg->n_events; k++) {
        const mt_series_event *ev = &cfg->events[k];
        if (ev->policy)
            continue;
        mt_an_event *x = event_push(r, ev);
        if (x == NULL)
            return;
        if (ev->ratio > 0) {
            /* bridged: the definition effect is the publisher's ratio, R - 1,
             * with a normal CI and the z test of R = 1 */
            x->level_pct = 100.0 * (ev->ratio - 1.0);
            if (ev->ratio_se > 0) {
                x->level_lo = 100.0 * (ev->ratio - 1.959963984540054 * ev->ratio_se - 1.0);
                x->level_hi = 100.0 * (ev->ratio + 1.959963984540054 * ev->ratio_se - 1.0);
                x->p = erfc(fabs(ev->ratio - 1.0) / ev->ratio_se / sqrt(2.0));
            }
            x->slope_before = x->slope_after = (r->scale == MT_SCALE_LOG) ? r->apc : r->slope;
            snprintf(x->note, sizeof x->note,
                     "bridged by the comparability ratio %.4g (SE %.4g): earlier values multiplied, "
                     "one trend fitted across, no jump", ev->ratio, ev->ratio_se);
            continue;
        }
        /* The jump is reported from the selected joinpoint model when it
         * has one (the trend may bend, and a single straight line would
         * push the bend into the jump), else from the log-linear trend. */
        size_t q = 0;
        while (q < r->n_jp_jumps && fabs(r->jp_jump_t[q] - ev->t) > 1e-9)
            q++;
        if (r->jp_done && q < r->n_jp_jumps) {
            if (r->scale == MT_SCALE_LOG) {
                x->level_pct = r->jp_jump_pct[q];
                x->level_lo = r->jp_jump_lo[q];
                x->level_hi = r->jp_jump_hi[q];
            } else {
                x->level_pct = r->jp_jump_coef[q];
            }
            x->p = r->jp_jump_p[q];
            /* the trend around the event: the segment before and after it */
            for (size_t k2 = 0; k2 < r->n_seg; k2++) {
                if (r->seg[k2].start < ev->t - 1e-9 && r->seg[k2].end >= ev->t - 1e-9)
                    x->slope_before = r->scale == MT_SCALE_LOG ? r->seg[k2].apc : r->seg[k2].slope;
                if (r->seg[k2].start <= ev->t + 1e-9 && r->seg[k2].end > ev->t + 1e-9)
                    x->slope_after = r->scale == MT_SCALE_LOG ? r->seg[k2].apc : r->seg[k2].slope;
            }
            snprintf(x->note, sizeof x->note, "jump estimated in the joinpoint model");
            continue;
        }
        size_t j = 0;
        while (have_tr && j < tr->n_jumps && fabs(tr->jump_t[j] - ev->t) > 1e-9)
            j++;
        if (!have_tr || j == tr->n_jumps) {
            snprintf(x->note, sizeof x->note, "too few points on one side to estimate the jump");
            continue;
        }
        if (tr->scale == MT_SCALE_LOG) {
            x->level_pct = tr->jump[j];
            x->level_lo = tr->jump_lo[j];
            x->level_hi = tr->jump_hi[j];
        }
        x->slope_before = x->slope_after = tr->rate;
        x->p = tr->jump_p[j];
        snprintf(x->note, sizeof x->note, "jump estimated in the log-linear trend");
    }
}

/* Values of series c at the times t (exact period match), NaN when absent. */
static void values_at(const mt_series *c, const double *t, size_t n, double *out)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = NAN;
        while (j < c->n && c->t[j] < t[i] - 1e-9)
            j++;
        if (j < c->n && fabs(c->t[j] - t[i]) < 1e-9 && isfinite(c->value[j]) &&
            !(c->flags[j] & MT_FLAG_EXCLUDE))
            out[i] = c->value[j];
    }
}

static void policy_did(const fitset *f, const mt_series_event *ev, int log_scale,
                       mt_an_event *x)
{
    size_t nc = ev->n_comparison, n = f->n;
    double *comp = malloc(nc * n * sizeof *comp);
    double *tt = malloc(n * sizeof *tt), *yt = malloc(n * sizeof *yt);
    double *cc = malloc(nc * n * sizeof *cc);
    if (!comp || !tt || !yt || !cc)
        goto out;
    for (size_t k = 0; k < nc; k++)
        values_at(ev->comparison[k], f->t, n, comp + k * n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        int ok = 1;
        for (size_t k = 0; k < nc && ok; k++)
            ok = isfinite(comp[k * n + i]) && (!log_scale || comp[k * n + i] > 0);
        if (!ok)
            continue;
        tt[m] = f->t[i];
        yt[m] = f->y[i];
        for (size_t k = 0; k < nc; k++)
            cc[k * n + m] = comp[k * n + i];
        m++;
    }
    /* compact the comparison rows to stride m */
    for (size_t k = 0; k < nc; k++)
        memmove(cc + k * m, cc + k * n, m * sizeof *cc);
    mt_event_did did;
    mt_error e;
    if (mt_events_did(tt, yt, cc, nc, m, ev->t, log_scale, 0.95, &did, &e) == MT_OK) {
        x->did_level_pct = log_scale ? did.did_level_pct : did.did_level;
        x->did_lo = log_scale ? did.did_lo : did.did_level_ci_lo;
        x->did_hi = log_scale ? did.did_hi : did.did_level_ci_hi;
        x->p = did.p_joint;
    } else {
        size_t len = strlen(x->note);
        snprintf(x->note + len, sizeof x->note - len, "%scomparison not estimated: %s",
                 len ? "; " : "", e.msg);
    }
out:
    free(comp);
    free(tt);
    free(yt);
    free(cc);
}

static void policy_rows(const fitset *f, const mt_series_config *cfg, int log_scale,
                        mt_series_result *r)
{
    const double *w = f->w;
    for (size_t k = 0; k < cfg->n_events; k++) {
        const mt_series_event *ev = &cfg->events[k];
        if (!ev->policy)
            continue;
        mt_an_event *x = event_push(r, ev);
        if (x == NULL)
            break;
        snprintf(x->comparison, sizeof x->comparison, "%s",
                 ev->comparison_ids ? ev->comparison_ids : "");
        mt_event_effect eff;
        mt_error e;
        if (oom_guard(r, mt_events_policy(f->t, f->y, w, f->n, ev->t, log_scale, 0.95, &eff, &e)) != MT_OK) {
            snprintf(x->note, sizeof x->note, "not estimated: %s", e.msg);
            continue;
        }
        x->level_pct = log_scale ? eff.level_change_pct : eff.level;
        x->level_lo = log_scale ? eff.level_lo : eff.level_ci_lo;
        x->level_hi = log_scale ? eff.level_hi : eff.level_ci_hi;
        x->slope_before = eff.slope_before;
        x->slope_after = eff.slope_after;
        x->slope_change_lo = eff.slope_change_lo;
        x->slope_change_hi = eff.slope_change_hi;
        x->p = eff.p;
        if (!log_scale)
            snprintf(x->note, sizeof x->note, "linear scale: level change in data units");
        if (ev->n_comparison > 0)
            policy_did(f, ev, log_scale, x);
    }
}

static void copy_aapc(const mt_jp_aapc *a, double *v, double *lo, double *hi)
{
    *v = a->aapc;
    *lo = a->lo;
    *hi = a->hi;
}

/* Progress of one series' permutation tests and bootstrap, forwarded to
 * the run's callback as one line naming the series. */
typedef struct {
    const mt_series *s;
    const mt_series_config *cfg;
} jp_progress_ctx;

static void jp_progress(void *ctx, const char *what, size_t done, size_t total)
{
    const jp_progress_ctx *p = ctx;
    char msg[512];
    snprintf(msg, sizeof msg, "%s: %s %zu of %s%zu%s", p->s->id, what, done,
             strcmp(what, "bootstrap") == 0 ? "" : "at most ", total,
             strcmp(what, "bootstrap") == 0 ? " samples" : "");
    p->cfg->progress(p->cfg->progress_ctx, msg);
}

/* Joinpoint regression on the analysis scale, definition changes as jumps. */
static void run_joinpoint(const mt_series *s, const fitset *f, const mt_series_config *cfg,
                          mt_variance variance, const double *jump_t, size_t n_jumps,
                          mt_series_result *r)
{
    const mt_options *o = cfg->opts;
    mt_jp_options jo;
    mt_jp_options_default(&jo);
    static const mt_jp_select sel[] = {MT_JP_SELECT_WBIC, MT_JP_SELECT_BIC, MT_JP_SELECT_BIC3,
                                       MT_JP_SELECT_PERMUTATION};
    jo.select = sel[o->select];
    jo.log_scale = r->scale == MT_SCALE_LOG;
    jo.max_joinpoints = o->max_joinpoints; /* validated at intake (mt_options_parse_max_joinpoints) */
    jo.min_end = (size_t)o->min_end;
    jo.min_between = (size_t)o->min_between;
    jo.n_permutations = o->permutations;
    jo.early_stop = o->early_stop;
    jo.seed = cfg->seed;
    jo.recent_years = o->recent;
    jo.jumps = n_jumps ? jump_t : NULL;
    jo.n_jumps = n_jumps;
    jp_progress_ctx pctx = {s, cfg};
    if (cfg->progress) {
        jo.progress = jp_progress;
        jo.progress_ctx = &pctx;
    }
    const double *y = f->z;
    const double *w = f->w;
    if (variance == MT_VARIANCE_POISSON || variance == MT_VARIANCE_QUASIPOISSON) {
        /* the series' count model (f holds every count, zeros included) */
        jo.family = MT_JP_POISSON;
        jo.quasi = variance == MT_VARIANCE_QUASIPOISSON;
        y = f->y;
        w = NULL;
    }
    int sel_used = (int)o->select;
    if (jo.family == MT_JP_POISSON && jo.select == MT_JP_SELECT_PERMUTATION) {
        /* the permutation test is a least-squares procedure; the count model
         * keeps its variance and selects by WBIC instead, said in the note */
        jo.select = MT_JP_SELECT_WBIC;
        sel_used = 0;
        an_note_add(r, "joinpoints of the count model selected by WBIC: the permutation test is least squares only");
    }
    mt_jp_result *jr = NULL;
    mt_error e;
    mt_status st;
    int ar1 = 0;
    double phi = 0.0; /* AR(1) coefficient of the model, 0: independent errors */
    if (f->ps) {
        if (cfg->ar1)
            an_note_add(r, "joinpoints with seasonal terms fitted with independent errors: AR(1) errors "
                           "are not combined with seasonal terms");
        /* seasonal terms common to all segments; the result is the
         * seasonally adjusted model (season_models.h) */
        double g[MT_SEASON_MAX_COLS];
        int it;
        st = mt_season_jp_fit(f->t, y, w, f->n, f->S, f->ps, f->gamma, &jo, &jr, g, &it, &e);
        if (st == MT_OK && it < 0)
            an_note_add(r, "joinpoints with seasonal terms did not settle in %d rounds", -it);
    } else if (an_jp_ar1_wanted(cfg, jo.family == MT_JP_POISSON, r)) {
        /* AR(1) errors in the selection itself (joinpoint_ar1.h), else
         * independent errors with a note */
        st = an_jp_ar1_fit(s, f->t, y, w, f->n, &jo, &jr, &phi, r, &e);
        ar1 = st == MT_OK;
        if (st != MT_OK && st != MT_ENOMEM) {
            an_note_add(r, "joinpoints with AR(1) errors not fitted: %s; independent errors kept", e.msg);
            st = mt_jp_fit(f->t, y, w, f->n, &jo, &jr, &e);
        }
        if (ar1 && jo.select == MT_JP_SELECT_PERMUTATION)
            sel_used = 0;
    } else {
        st = mt_jp_fit(f->t, y, w, f->n, &jo, &jr, &e);
    }
    if (oom_guard(r, st) != MT_OK) {
        an_note_add(r, "joinpoints not fitted: %s", e.msg);
        return;
    }
    r->jp_done = 1;
    snprintf(r->select_method, sizeof r->select_method, "%s%s", mt_select_name(sel_used),
             jo.family == MT_JP_POISSON ? (jo.quasi ? "+quasipoisson" : "+poisson")
             : ar1                      ? "+ar1"
                                        : "");
    if (jr->max_joinpoints == 0)
        an_note_add(r, "%zu points: too few for joinpoints, none tried", f->n);
    r->n_jp = (size_t)jr->k;
    for (int k = 0; k < jr->k; k++) {
        r->jp_t[k] = jr->taus[k];
        an_period_at(s, jr->taus[k], r->jp_period[k]);
    }
    r->n_seg = (size_t)jr->k + 1;
    for (size_t k = 0; k < r->n_seg; k++) {
        const mt_jp_segment *g = &jr->segments[k];
        mt_an_segment *x = &r->seg[k];
        x->start = g->start;
        x->end = g->end;
        an_period_at(s, g->start, x->start_period);
        an_period_at(s, g->end, x->end_period);
        x->slope = g->slope;
        x->slope_se = g->slope_se;
        x->apc = g->apc;
        x->apc_lo = g->apc_lo;
        x->apc_hi = g->apc_hi;
        x->p = g->p;
        x->jp_lo = x->jp_hi = NAN;
        x->jp_lo_period[0] = x->jp_hi_period[0] = '\0';
    }
    if (jr->k > 0 && jo.family == MT_JP_GAUSSIAN && ar1) {
        an_note_add(r, "joinpoint CIs not computed: the bootstrap resamples independent residuals, "
                       "not AR(1) errors");
    } else if (jr->k > 0 && jo.family == MT_JP_GAUSSIAN) {
        /* where the joinpoints are, with their uncertainty: bootstrap, k fixed */
        double lo[MT_JP_MAX_JOINPOINTS], hi[MT_JP_MAX_JOINPOINTS];
        if (mt_jp_location_ci(f->t, y, w, f->n, &jo, jr, MT_JP_CI_BOOT, lo, hi, &e) != MT_OK) {
            an_note_add(r, "joinpoint CIs not computed: %s", e.msg);
        } else {
            for (int j = 0; j < jr->k && (size_t)j + 1 < r->n_seg; j++) {
                mt_an_segment *x = &r->seg[j + 1];
                x->jp_lo = lo[j];
                x->jp_hi = hi[j];
                an_period_at(s, lo[j], x->jp_lo_period);
                an_period_at(s, hi[j], x->jp_hi_period);
            }
        }
    }
    if (cfg->project > 0 && jo.family == MT_JP_GAUSSIAN) {
        an_points pts = {f->n, f->t, f->y, f->z, f->se_an, f->w};
        an_project_last_segment(s, &pts, cfg, jr, w, ar1 ? phi : 0.0, r);
    }
    copy_aapc(&jr->aapc_full, &r->aapc, &r->aapc_lo, &r->aapc_hi);
    copy_aapc(&jr->aapc_recent, &r->aapc_recent, &r->aapc_recent_lo, &r->aapc_recent_hi);
    an_period_at(s, jr->aapc_recent.from, r->recent_from);
    for (size_t j = 0; j < jr->n_jumps && j < MT_AN_MAX_JP; j++) {
        r->jp_jump_t[j] = jr->jumps[j].time;
        r->jp_jump_pct[j] = jr->jumps[j].pct;
        r->jp_jump_lo[j] = jr->jumps[j].pct_lo;
        r->jp_jump_hi[j] = jr->jumps[j].pct_hi;
        r->jp_jump_p[j] = jr->jumps[j].p;
        r->jp_jump_coef[j] = jr->jumps[j].coef;
        r->n_jp_jumps = j + 1;
    }
    copy_aapc(&jr->aapc_recent2, &r->aapc_5y, &r->aapc_5y_lo, &r->aapc_5y_hi);
    if (isfinite(jr->aapc_recent2.from))
        an_period_at(s, jr->aapc_recent2.from, r->from_5y);
    for (size_t i = 0; i < s->n; i++) {
        double v = mt_jp_predict(jr, s->t[i]);
        r->jp_fitted[i] = r->scale == MT_SCALE_LOG ? exp(v) : v;
    }
    mt_jp_result_free(jr);

    if (o->bootstrap >= 2 && f->ps)
        an_note_add(r, "bootstrap band not computed: not available with seasonal terms");
    if (o->bootstrap >= 2 && jo.family == MT_JP_GAUSSIAN && f->ps == 0) {
        if (oom_guard(r, mt_jp_bootstrap_band(f->t, f->z, w, f->n, &jo, o->bootstrap, s->t, s->n,
                                              r->boot_lo, r->boot_hi, &e)) != MT_OK) {
            an_note_add(r, "bootstrap band not computed: %s", e.msg);
        } else if (r->scale == MT_SCALE_LOG) {
            for (size_t i = 0; i < s->n; i++) {
                r->boot_lo[i] = exp(r->boot_lo[i]);
                r->boot_hi[i] = exp(r->boot_hi[i]);
            }
        }
    }
}

/* Chow test of a break in the trend (y ~ t) at each event: the first
 * regime ends at the last point before the event.  Independent of the model
 * chosen, so a reader can see whether the data alone show a break there. */
static void chow_at_events(const fitset *f, mt_series_result *r)
{
    for (size_t k = 0; k < r->n_events; k++) {
        mt_an_event *x = &r->events[k];
        size_t before = 0;
        while (before < f->n && f->t[before] < x->t - 1e-9)
            before++;
        if (before < 3 || f->n - before < 3)
            continue;
        double F, p;
        if (mt_chow_test(f->t, f->z, f->n, MT_BP_TREND, before - 1, &F, &p, NULL) == MT_OK) {
            x->chow_f = F;
            x->chow_p = p;
        }
    }
}

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
static void season_setup(const mt_series *s, const mt_series_config *cfg, size_t n_jumps,
                         fitset *f, mt_series_result *r)
{
    mt_season_spec sp;
    mt_error e;
    snprintf(r->season, sizeof r->season, "none");
    if (mt_season_resolve(&cfg->season, s->freq, &sp, &e) != MT_OK) {
        an_note_add(r, "seasonal terms not used: %s", e.msg);
        return;
    }
    if (sp.kind == MT_SEASON_NONE)
        return;
    int *season = malloc(f->n * sizeof *season);
    f->S = malloc(f->n * MT_SEASON_MAX_COLS * sizeof *f->S);
    if (!season || !f->S) {
        free(season);
        an_note_add(r, "seasonal terms not used: out of memory");
        return;
    }
    for (size_t i = 0; i < f->n; i++)
        season[i] = s->period[f->idx[i]].sub - 1;
    size_t ps = 0;
    mt_status st = mt_season_design(&sp, s->freq, season, f->t, f->n, f->S, &ps, &e);
    free(season);
    if (st != MT_OK) {
        an_note_add(r, "seasonal terms not used: %s", e.msg);
        return;
    }
    /* at least 3 residual degrees of freedom in the trend model */
    if (f->n < 2 + n_jumps + ps + 3) {
        an_note_add(r, "seasonal terms not used: %zu points for %zu seasonal parameters", f->n, ps);
        return;
    }
    f->ps = ps;
    mt_season_format(&sp, r->season, sizeof r->season);
}

/* Bands of the fitted model (joinpoints as hinges, definition changes as
 * jumps, seasonal terms) at every period of the series, and anomaly flags
 * against it. */
static void run_bands_anomalies(const mt_series *s, const fitset *f, const fitset *fc,
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
    if (oom_guard(r, st) != MT_OK) {
        an_note_add(r, "bands not computed: %s", e.msg);
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
    if (oom_guard(r, mt_bands_predict(fit, X0, w0, 0.95, b, &e)) != MT_OK) {
        an_note_add(r, "bands not computed: %s", e.msg);
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
            period_str(s, f->idx[i], lab[i]);
            labp[i] = lab[i];
        }
        mt_anomaly_opts ao;
        mt_anomaly_opts_default(&ao);
        ao.log_scale = r->scale == MT_SCALE_LOG;
        mt_anomaly *an = NULL;
        size_t na = 0;
        if (oom_guard(r, mt_anomaly_find(f->t, f->y, f->n, X, &ao, &an, &na, &e)) != MT_OK) {
            an_note_add(r, "anomaly check not run: %s", e.msg);
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

mt_status mt_analyse_series(const mt_series *s, const mt_series_config *cfg,
                            mt_series_result *r, mt_error *err)
{
    memset(r, 0, sizeof *r);
    set_nan_all(r);
    r->series = s;
    r->n = s->n;
    r->n_fit = 0;
    if (s->n > 0) {
        period_str(s, 0, r->first);
        period_str(s, s->n - 1, r->last);
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
            period_str(s, i, per);
            size_t l = strlen(r->lod_periods);
            if (l + MT_PERIOD_STR_MAX + 3 < sizeof r->lod_periods)
                snprintf(r->lod_periods + l, sizeof r->lod_periods - l, "%s%s", l ? ", " : "", per);
            n_lod++;
        }
        if (n_lod > 0)
            an_note_add(r, "%zu value%s below the limit of detection (flag lod), shown but not fitted: %s",
                     n_lod, n_lod == 1 ? "" : "s", r->lod_periods);
    }
    run_changes(s, cfg, r);

    if (f.n < 3) {
        r->descriptive_only = 1;
        an_note_add(r, "%zu point%s to fit: descriptive only", f.n, f.n == 1 ? "" : "s");
        fitset_free(&f);
        return MT_OK;
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
                an_note_add(r, "%s variance asked for, but not with seasonal terms: least squares used",
                         mt_variance_name(cfg->variance));
            else
                an_note_add(r, "count series with seasonal terms: least squares on the log scale");
            variance = MT_VARIANCE_CONSTANT;
        }
    }
    if (variance != MT_VARIANCE_CONSTANT) {
        const char *why_not = NULL;
        for (size_t k = 0; k < f.n && !why_not; k++) {
            if (!(f.y[k] >= 0 && f.y[k] == floor(f.y[k])))
                why_not = "the values are not whole counts";
            else if (isfinite(point_se(s, f.idx[k], 0)))
                why_not = "the values carry standard errors";
        }
        if (!why_not && cfg->scale == MT_SCALE_LINEAR)
            why_not = "the linear scale was asked for";
        if (why_not) {
            if (cfg->variance != MT_VARIANCE_AUTO)
                an_note_add(r, "%s variance asked for, but %s: least squares used",
                         mt_variance_name(cfg->variance), why_not);
            else
                an_note_add(r, "count series, but %s: least squares on the analysis scale", why_not);
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
            an_note_add(r, "%s", mt_scale_why_word(why, MT_LANG_EN));
    } else {
        /* log scale asked for, or auto with zeros but no negative value: the
         * zeros policy decides, in words, never a silent switch */
        scale = apply_zeros(s, &f, cfg->zeros, 0, r);
    }
    r->scale = scale;
    r->n_fit = counts ? fc.n : f.n; /* after the zeros policy: the points fitted */
    if (f.n < 3 && !counts) {
        r->descriptive_only = 1;
        an_note_add(r, "%zu point%s left to fit: descriptive only", f.n, f.n == 1 ? "" : "s");
        fitset_free(&f);
        return MT_OK;
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
            an_note_add(r, "definition change %s not modelled: too few points on one side", ev->id);
    }

    season_setup(s, cfg, n_jumps, &f, r);

    mt_trend_result tr;
    memset(&tr, 0, sizeof tr);
    int have_tr = run_trend(fm, scale, &variance, r, jump_t, n_jumps, &tr);
    /* the model every later fit uses, also when the trend itself failed */
    snprintf(r->variance, sizeof r->variance, "%s", mt_variance_name(variance));
    if (have_tr && n_bridges > 0 && f.w == NULL && !counts && f.ps == 0)
        an_bridge_inflate(&pts, bridge_g, bridge_var, n_bridges, jump_t, n_jumps, &tr, r);
    if (have_tr)
        an_trend_ar1(s, &pts, cfg, jump_t, n_jumps, counts, f.ps != 0, r);
    free(bridge_g);
    if (f.n >= 3) {
        run_mk(&f, r->scale == MT_SCALE_LOG, r);
        run_breaks(s, &f, cfg->opts, r);
    }
    run_joinpoint(s, fm, cfg, variance, jump_t, n_jumps, r);
    definition_rows(cfg, &tr, have_tr, r);
    if (f.n >= 3) {
        policy_rows(&f, cfg, r->scale == MT_SCALE_LOG, r);
        chow_at_events(&f, r);
    }
    run_bands_anomalies(s, &f, &fc, variance, jump_t, n_jumps, r);

    fitset_free(&fc);
    fitset_free(&f);
    if (r->oom) {
        mt_series_result_clear(r);
        return mt_error_set(err, MT_ENOMEM, "%s: out of memory", s->id);
    }
    return MT_OK;
}
