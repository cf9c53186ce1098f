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
#include "monitrend/change.h"


#include "monitrend/mannkendall.h"
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
} fitset;

static void note_add(mt_series_result *r, const char *fmt, ...)
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

void mt_series_result_free(mt_series_result *r)
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
            note_add(r, "standard errors given for %zu of %zu points: fitted unweighted", with_se, f->n);
        free(f->se_an);
        f->se_an = NULL;
        return;
    }
    /* weights for every fit that takes them (joinpoint, events, bands) */
    f->w = malloc(f->n * sizeof *f->w);
    if (f->w == NULL) {
        note_add(r, "out of memory for weights: fitted unweighted");
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
static void period_at(const mt_series *s, double t, char *buf)
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
        &r->sen_slope, &r->sen_lo, &r->sen_hi, &r->sen_pct, &r->last_value, &r->prev_value,
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
        note_add(r, "changes not computed: out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int ok = isfinite(s->value[i]) && !(s->flags[i] & MT_FLAG_EXCLUDE);
        y[i] = ok ? s->value[i] : NAN;
        se[i] = ok ? point_se(s, i, 0) : NAN;
    }
    mt_change_opts co = {.step = 1.0 / mt_freq_per_year(s->freq), .tol = 0,
                         .proportion_scale = cfg->proportion_scale};
    mt_change_set cs;
    mt_error e;
    if (mt_change_monitor(s->t, y, se, s->n_obs, n, &co, &cs, &e) != MT_OK) {
        note_add(r, "changes not computed: %s", e.msg);
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
        if (cs.y5.available) {
            r->value_5y = cs.y5.y_then;
            r->change_5y_pct = cs.y5.pct_change;
        }
        if (cs.y10.available) {
            r->value_10y = cs.y10.y_then;
            r->change_10y_pct = cs.y10.pct_change;
        }
        if (!cs.prev.available && cs.prev.reason[0])
            note_add(r, "change on previous period: %s", cs.prev.reason);
    }
    free(y);
    free(se);
}

static int run_trend(const fitset *f, mt_scale scale, mt_series_result *r,
                     const double *jump_t, size_t n_jumps, mt_trend_result *tr_out)
{
    mt_trend_opts to = {.scale = scale, .level = 0.95, .jump_t = n_jumps ? jump_t : NULL,
                        .n_jumps = n_jumps, .se_analysis_scale = 1};
    mt_trend_result tr;
    mt_error e;
    /* the trend kernel takes the data scale y and logs it itself */
    if (mt_trend_fit(f->t, f->y, f->se_an, f->n, &to, &tr, &e) != MT_OK) {
        note_add(r, "trend not fitted: %s", e.msg);
        return 0;
    }
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
        note_add(r, "linear scale: slope in units per year, no APC");
    return 1;
}

static void run_mk(const fitset *f, int log_scale, mt_series_result *r)
{
    mt_mk_opts mo = {.log_scale = log_scale, .hamed_rao = 0, .max_lag = 0, .acf_alpha = 0,
                     .level = 0.95};
    mt_mk_result mk;
    mt_error e;
    if (mt_mk_test(f->t, f->y, f->n, &mo, &mk, &e) != MT_OK) {
        note_add(r, "Mann-Kendall not computed: %s", e.msg);
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
    if (mk.note && mk.note[0])
        note_add(r, "%s", mk.note);
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
        note_add(r, "breaks: --max-breaks 0, none sought");
        return;
    }
    mt_bp_result bp;
    mt_error e;
    if (mt_bp_fit(f->t, f->z, f->n, &bo, &bp, &e) != MT_OK) {
        note_add(r, "breaks not computed: %s", e.msg);
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
    mt_bp_result_free(&bp);
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
            x->slope_before = x->slope_after = r->log_scale ? r->apc : r->slope;
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
            if (r->log_scale) {
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
                    x->slope_before = r->log_scale ? r->seg[k2].apc : r->seg[k2].slope;
                if (r->seg[k2].start <= ev->t + 1e-9 && r->seg[k2].end > ev->t + 1e-9)
                    x->slope_after = r->log_scale ? r->seg[k2].apc : r->seg[k2].slope;
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
        if (mt_events_policy(f->t, f->y, w, f->n, ev->t, log_scale, 0.95, &eff, &e) != MT_OK) {
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

/* Joinpoint regression on the analysis scale, definition changes as jumps. */
static void run_joinpoint(const mt_series *s, const fitset *f, const mt_series_config *cfg,
                          const double *jump_t, size_t n_jumps, mt_series_result *r)
{
    const mt_options *o = cfg->opts;
    mt_jp_options jo;
    mt_jp_options_default(&jo);
    static const mt_jp_select sel[] = {MT_JP_SELECT_WBIC, MT_JP_SELECT_BIC, MT_JP_SELECT_BIC3,
                                       MT_JP_SELECT_PERMUTATION};
    static const char *const sel_name[] = {"wbic", "bic", "bic3", "permutation"};
    jo.select = sel[o->select];
    jo.log_scale = r->log_scale;
    jo.max_joinpoints = o->max_joinpoints > MT_JP_MAX_JOINPOINTS ? MT_JP_MAX_JOINPOINTS
                                                                  : o->max_joinpoints;
    jo.min_end = (size_t)o->min_end;
    jo.min_between = (size_t)o->min_between;
    jo.n_permutations = o->permutations;
    jo.early_stop = o->early_stop;
    jo.seed = cfg->seed;
    jo.recent_years = o->recent;
    jo.jumps = n_jumps ? jump_t : NULL;
    jo.n_jumps = n_jumps;
    const double *y = f->z;
    const double *w = f->w;
    if (cfg->poisson && r->log_scale && w == NULL) {
        int counts = 1;
        for (size_t i = 0; i < f->n; i++)
            counts &= f->y[i] >= 0 && f->y[i] == floor(f->y[i]);
        if (counts) {
            jo.family = MT_JP_POISSON;
            y = f->y;
        } else {
            note_add(r, "Poisson variance asked for, but the values are not counts: least squares used");
        }
    }
    mt_jp_result *jr = NULL;
    mt_error e;
    if (mt_jp_fit(f->t, y, w, f->n, &jo, &jr, &e) != MT_OK) {
        note_add(r, "joinpoints not fitted: %s", e.msg);
        return;
    }
    if (cfg->ar1 && jo.family == MT_JP_GAUSSIAN && w == NULL &&
        mt_ar1_consecutive(f->t, f->n, mt_freq_per_year(s->freq))) {
        double phi;
        if (mt_ar1_jp_refit(f->t, y, f->n, jo.alpha, jr, &phi, &e) == MT_OK)
            note_add(r, "joinpoint model refitted with AR(1) errors (GLS, phi by REML): phi = %.3f", phi);
        else
            note_add(r, "joinpoint model with AR(1) errors not fitted: %s", e.msg);
    }
    r->jp_done = 1;
    snprintf(r->select_method, sizeof r->select_method, "%s%s", sel_name[o->select],
             jo.family == MT_JP_POISSON ? "+poisson" : "");
    if (jr->max_joinpoints == 0)
        note_add(r, "%zu points: too few for joinpoints, none tried", f->n);
    r->n_jp = (size_t)jr->k;
    for (int k = 0; k < jr->k; k++) {
        r->jp_t[k] = jr->taus[k];
        period_at(s, jr->taus[k], r->jp_period[k]);
    }
    r->n_seg = (size_t)jr->k + 1;
    for (size_t k = 0; k < r->n_seg; k++) {
        const mt_jp_segment *g = &jr->segments[k];
        mt_an_segment *x = &r->seg[k];
        x->start = g->start;
        x->end = g->end;
        period_at(s, g->start, x->start_period);
        period_at(s, g->end, x->end_period);
        x->slope = g->slope;
        x->slope_se = g->slope_se;
        x->apc = g->apc;
        x->apc_lo = g->apc_lo;
        x->apc_hi = g->apc_hi;
        x->p = g->p;
        x->jp_lo = x->jp_hi = NAN;
        x->jp_lo_period[0] = x->jp_hi_period[0] = '\0';
    }
    if (jr->k > 0 && jo.family == MT_JP_GAUSSIAN) {
        /* where the joinpoints are, with their uncertainty: bootstrap, k fixed */
        double lo[MT_JP_MAX_JOINPOINTS], hi[MT_JP_MAX_JOINPOINTS];
        if (mt_jp_location_ci(f->t, y, w, f->n, &jo, jr, MT_JP_CI_BOOT, lo, hi, &e) != MT_OK) {
            note_add(r, "joinpoint CIs not computed: %s", e.msg);
        } else {
            for (int j = 0; j < jr->k && (size_t)j + 1 < r->n_seg; j++) {
                mt_an_segment *x = &r->seg[j + 1];
                x->jp_lo = lo[j];
                x->jp_hi = hi[j];
                period_at(s, lo[j], x->jp_lo_period);
                period_at(s, hi[j], x->jp_hi_period);
            }
        }
    }
    if (cfg->project > 0 && jo.family == MT_JP_GAUSSIAN) {
        an_points pts = {f->n, f->t, f->y, f->z, f->se_an, f->w};
        an_project_last_segment(s, &pts, cfg, jr, w, r);
    }
    copy_aapc(&jr->aapc_full, &r->aapc, &r->aapc_lo, &r->aapc_hi);
    copy_aapc(&jr->aapc_recent, &r->aapc_recent, &r->aapc_recent_lo, &r->aapc_recent_hi);
    period_at(s, jr->aapc_recent.from, r->recent_from);
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
        period_at(s, jr->aapc_recent2.from, r->from_5y);
    for (size_t i = 0; i < s->n; i++) {
        double v = mt_jp_predict(jr, s->t[i]);
        r->jp_fitted[i] = r->log_scale ? exp(v) : v;
    }
    mt_jp_result_free(jr);

    if (o->bootstrap >= 2 && jo.family == MT_JP_GAUSSIAN) {
        if (mt_jp_bootstrap_band(f->t, f->z, w, f->n, &jo, o->bootstrap, s->t, s->n, r->boot_lo,
                                 r->boot_hi, &e) != MT_OK) {
            note_add(r, "bootstrap band not computed: %s", e.msg);
        } else if (r->log_scale) {
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

/* Bands of the fitted model (joinpoints as hinges, definition changes as
 * jumps) at every period of the series, and anomaly flags against it. */
static void run_bands_anomalies(const mt_series *s, const fitset *f, const double *jump_t,
                                size_t n_jumps, mt_series_result *r)
{
    gsl_matrix *X = NULL, *X0 = NULL;
    mt_linfit *fit = NULL;
    mt_band *b = NULL;
    const double *w = f->w;
    double t0 = f->t[0];
    mt_error e;
    const double *hinges = r->jp_done ? r->jp_t : NULL;
    size_t nh = r->jp_done ? r->n_jp : 0;
    if (mt_bands_design(f->t, f->n, t0, jump_t, n_jumps, hinges, nh, &X, &e) != MT_OK ||
        mt_bands_fit(X, f->z, w, &fit, &e) != MT_OK ||
        mt_bands_design(s->t, s->n, t0, jump_t, n_jumps, hinges, nh, &X0, &e) != MT_OK) {
        note_add(r, "bands not computed: %s", e.msg);
        goto out;
    }
    b = malloc(s->n * sizeof *b);
    if (b == NULL)
        goto out;
    /* weight of a new point: its own when known, else the mean weight */
    if (mt_bands_predict(fit, X0, NULL, 0.95, b, &e) != MT_OK) {
        note_add(r, "bands not computed: %s", e.msg);
        goto out;
    }
    if (r->log_scale)
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
    char (*lab)[MT_PERIOD_STR_MAX] = malloc(f->n * sizeof *lab);
    const char **labp = malloc(f->n * sizeof *labp);
    if (lab && labp) {
        for (size_t i = 0; i < f->n; i++) {
            period_str(s, f->idx[i], lab[i]);
            labp[i] = lab[i];
        }
        mt_anomaly_opts ao;
        mt_anomaly_opts_default(&ao);
        ao.log_scale = r->log_scale;
        mt_anomaly *an = NULL;
        size_t na = 0;
        if (mt_anomaly_find(f->t, f->y, f->n, X, labp, &ao, &an, &na, &e) != MT_OK) {
            note_add(r, "anomaly check not run: %s", e.msg);
        } else if (na > 0) {
            r->anomalies = calloc(na, sizeof *r->anomalies);
            if (r->anomalies) {
                r->n_anomalies = na;
                for (size_t k = 0; k < na; k++) {
                    mt_an_anomaly *a = &r->anomalies[k];
                    snprintf(a->period, sizeof a->period, "%s", lab[an[k].index]);
                    a->value = an[k].value;
                    a->stat = an[k].kind == MT_ANOMALY_RESIDUAL ? an[k].statistic : NAN;
                    snprintf(a->kind, sizeof a->kind, "%s",
                             an[k].kind == MT_ANOMALY_RESIDUAL ? "residual"
                             : an[k].kind == MT_ANOMALY_REPEAT ? "repeat" : "jump");
                    snprintf(a->reason, sizeof a->reason, "%s", an[k].reason);
                }
            }
        }
        mt_anomaly_free(an);
    }
    free(lab);
    free(labp);
out:
    free(b);
    gsl_matrix_free(X);
    gsl_matrix_free(X0);
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
        mt_series_result_free(r);
        return mt_error_set(err, MT_ENOMEM, "%s: out of memory", s->id);
    }

    fitset f;
    if (fitset_build(s, &f) != MT_OK) {
        mt_series_result_free(r);
        return mt_error_set(err, MT_ENOMEM, "%s: out of memory", s->id);
    }
    r->n_fit = f.n;
    run_changes(s, cfg, r);

    if (f.n < 3) {
        r->descriptive_only = 1;
        note_add(r, "%zu point%s to fit: descriptive only", f.n, f.n == 1 ? "" : "s");
        fitset_free(&f);
        return MT_OK;
    }

    mt_scale scale;
    const char *why = NULL;
    mt_error e;
    if (mt_trend_scale_choose(cfg->scale, f.y, f.n, &scale, &why, &e) != MT_OK) {
        fitset_free(&f);
        mt_series_result_free(r);
        return mt_error_set(err, MT_EINVAL, "series %s: %s", s->id, e.msg);
    }
    r->log_scale = scale == MT_SCALE_LOG;
    if (cfg->scale == MT_SCALE_AUTO && !r->log_scale)
        note_add(r, "%s", why);
    fitset_scale(s, &f, r->log_scale, r);

    /* definition changes with a comparability ratio are bridged (earlier
     * values multiplied, comparability.h) before any fit sees the series */
    double *bridge_g = NULL, bridge_var[MT_TREND_MAX_JUMPS];
    size_t n_bridges = 0;
    an_points pts = {f.n, f.t, f.y, f.z, f.se_an, f.w};
    if (an_bridge_all(cfg, &pts, r->log_scale, r, &bridge_g, bridge_var, &n_bridges) != MT_OK) {
        fitset_free(&f);
        mt_series_result_free(r);
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
        for (size_t i = 0; i < f.n; i++)
            if (f.t[i] < ev->t - 1e-9)
                before++;
            else
                after++;
        if (before >= 2 && after >= 2 && n_jumps < MT_TREND_MAX_JUMPS && f.n >= 5 + n_jumps)
            jump_t[n_jumps++] = ev->t;
        else
            note_add(r, "definition change %s not modelled: too few points on one side", ev->id);
    }

    /* sub-annual series: the trend net of the season, and every later
     * method on the seasonally adjusted series */
    mt_season_fit sf;
    int have_season = an_season_adjust(s, cfg, &pts, r->log_scale, jump_t, n_jumps, &sf, r);

    mt_trend_result tr;
    memset(&tr, 0, sizeof tr);
    int have_tr = run_trend(&f, scale, r, jump_t, n_jumps, &tr);
    if (have_tr && have_season) {
        /* same slope (Frisch-Waugh: the adjusted series has the joint fit's
         * residuals), but the SE, CI and p on the seasonal model's df */
        r->slope = sf.slope;
        r->slope_se = sf.slope_se;
        r->slope_lo = sf.slope_lo;
        r->slope_hi = sf.slope_hi;
        r->p_trend = sf.p_slope;
        if (r->log_scale) {
            r->apc = 100.0 * expm1(sf.slope);
            r->apc_lo = 100.0 * expm1(sf.slope_lo);
            r->apc_hi = 100.0 * expm1(sf.slope_hi);
        }
    }
    if (have_tr && n_bridges > 0 && f.w == NULL)
        an_bridge_inflate(&pts, bridge_g, bridge_var, n_bridges, jump_t, n_jumps, &tr, r);
    if (have_tr)
        an_trend_ar1(s, &pts, cfg, jump_t, n_jumps, r);
    free(bridge_g);
    run_mk(&f, r->log_scale, r);
    run_breaks(s, &f, cfg->opts, r);
    run_joinpoint(s, &f, cfg, jump_t, n_jumps, r);
    definition_rows(cfg, &tr, have_tr, r);
    policy_rows(&f, cfg, r->log_scale, r);
    chow_at_events(&f, r);
    run_bands_anomalies(s, &f, jump_t, n_jumps, r);

    fitset_free(&f);
    return MT_OK;
}
