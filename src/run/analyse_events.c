/*
 * analyse_events.c - structural breaks (Bai-Perron), definition changes
 * and policy events of one series, and the Chow test at each event
 * (analyse_internal.h).
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
void an_run_breaks(const mt_series *s, const fitset *f, const mt_options *o,
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
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_BREAKS_NONE_SOUGHT);
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
            AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_BREAKS_SEASON_ROUNDS, .k = -it);
    } else {
        st = mt_bp_fit(f->t, f->z, f->n, &bo, &bp, &e);
    }
    if (an_oom_guard(r, st) != MT_OK) {
        AN_ENOTE(r, NULL, e, .code = MT_SNOTE_BREAKS_ERR);
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
        an_period_str(s, f->idx[bp.breaks[k]], b->brk[k]);
        b->brk_t[k] = f->t[bp.breaks[k]];
        if (bp.ci_ok[k]) {
            an_period_str(s, f->idx[lo], b->ci_lo[k]);
            an_period_str(s, f->idx[hi], b->ci_hi[k]);
        }
    }
    mt_bp_result_clear(&bp);
}

static mt_an_event *event_push(mt_series_result *r, const mt_series_event *ev)
{
    mt_an_event *e = realloc(r->events, (r->n_events + 1) * sizeof *e);
    if (e == NULL) {
        r->oom = 1; /* an event row lost is the run's error (an_oom_guard) */
        return NULL;
    }
    r->events = e;
    mt_an_event *x = &e[r->n_events++];
    memset(x, 0, sizeof *x);
    snprintf(x->event, sizeof x->event, "%s", ev->id);
    snprintf(x->label, sizeof x->label, "%s", ev->label ? ev->label : "");
    snprintf(x->label_nl, sizeof x->label_nl, "%s", ev->label_nl ? ev->label_nl : "");
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
void an_definition_rows(const mt_series_config *cfg, const mt_trend_result *tr, int have_tr,
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
            x->note = MT_EVENT_NOTE_BRIDGED;
            x->ratio = ev->ratio;
            x->ratio_se = ev->ratio_se;
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
            x->note = MT_EVENT_NOTE_JUMP_JOINPOINT;
            continue;
        }
        size_t j = 0;
        while (have_tr && j < tr->n_jumps && fabs(tr->jump_t[j] - ev->t) > 1e-9)
            j++;
        if (!have_tr || j == tr->n_jumps) {
            x->note = MT_EVENT_NOTE_JUMP_TOO_FEW;
            continue;
        }
        if (tr->scale == MT_SCALE_LOG) {
            x->level_pct = tr->jump[j];
            x->level_lo = tr->jump_lo[j];
            x->level_hi = tr->jump_hi[j];
        }
        x->slope_before = x->slope_after = tr->rate;
        x->p = tr->jump_p[j];
        x->note = MT_EVENT_NOTE_JUMP_TREND;
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
        snprintf(x->did_msg, sizeof x->did_msg, "%s", e.msg);
    }
out:
    free(comp);
    free(tt);
    free(yt);
    free(cc);
}

void an_policy_rows(const fitset *f, const mt_series_config *cfg, int log_scale,
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
        if (an_oom_guard(r, mt_events_policy(f->t, f->y, w, f->n, ev->t, log_scale, 0.95, &eff, &e)) != MT_OK) {
            x->note = MT_EVENT_NOTE_NOT_ESTIMATED;
            snprintf(x->msg, sizeof x->msg, "%s", e.msg);
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
            x->note = MT_EVENT_NOTE_LINEAR;
        if (ev->n_comparison > 0)
            policy_did(f, ev, log_scale, x);
    }
}

/* Chow test of a break in the trend (y ~ t) at each event: the first
 * regime ends at the last point before the event.  Independent of the model
 * chosen, so a reader can see whether the data alone show a break there. */
void an_chow_at_events(const fitset *f, mt_series_result *r)
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
