/*
 * analyse_trend.c - the changes a monitor states, the log-linear (or count)
 * trend, Mann-Kendall and Sen, and the joinpoint model of one series
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
void an_run_changes(const mt_series *s, const mt_series_config *cfg, mt_series_result *r)
{
    size_t n = s->n;
    double *y = malloc((n ? n : 1) * sizeof *y);
    double *se = malloc((n ? n : 1) * sizeof *se);
    if (!y || !se) {
        free(y);
        free(se);
        r->oom = 1; /* the run's error (an_oom_guard) */
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_CHANGES_OOM);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int ok = isfinite(s->value[i]) && !(s->flags[i] & MT_FLAG_EXCLUDE);
        y[i] = ok ? s->value[i] : NAN;
        se[i] = ok ? an_point_se(s, i, 0) : NAN;
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
    if (an_oom_guard(r, cst) != MT_OK) {
        AN_ENOTE(r, NULL, e, .code = MT_SNOTE_CHANGES_ERR);
    } else {
        r->last_value = cs.prev.y_now;
        if (cs.prev.available) {
            r->prev_value = cs.prev.y_then;
            r->change_prev_abs = cs.prev.abs_change;
            r->change_prev_pct = cs.prev.pct_change;
            r->change_prev_p = cs.prev.test != MT_CHANGE_TEST_NONE ? cs.prev.p : NAN;
            for (size_t i = 0; i < n; i++)
                if (fabs(s->t[i] - cs.prev.t_then) < 1e-9)
                    an_period_str(s, i, r->prev_period);
        }
        /* the earlier periods are named in the findings ("(2013: 13.5)") */
        for (size_t i = 0; i < n; i++) {
            if (cs.y5.available && fabs(s->t[i] - cs.y5.t_then) <= co.tol)
                an_period_str(s, i, r->p5_period);
            if (cs.y10.available && fabs(s->t[i] - cs.y10.t_then) <= co.tol)
                an_period_str(s, i, r->p10_period);
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
            AN_SNOTE(r, NULL, cs.prev.reason, .code = MT_SNOTE_CHANGE_PREV);
    }
    free(y);
    free(se);
}

/* The trend; with a count model (variance POISSON/QUASIPOISSON/AUTO) the
 * log-linear GLM.  AUTO resolves here, once per series: quasi-Poisson when
 * the Pearson dispersion of the Poisson trend fit exceeds 1, else Poisson;
 * *variance receives the model every later fit of the series uses. */
int an_run_trend(fitset *f, mt_scale scale, mt_variance *variance, mt_series_result *r,
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
    if (an_oom_guard(r, st) != MT_OK) {
        AN_ENOTE(r, NULL, e, .code = MT_SNOTE_TREND_ERR);
        if (*variance == MT_VARIANCE_AUTO)
            *variance = MT_VARIANCE_QUASIPOISSON; /* the cautious one for the other fits */
        return 0;
    }
    if (*variance == MT_VARIANCE_AUTO) {
        if (tr.pearson_dispersion > 1.0) {
            *variance = MT_VARIANCE_QUASIPOISSON;
            AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_OVERDISPERSED, .x = tr.pearson_dispersion);
        } else {
            *variance = MT_VARIANCE_POISSON;
            to.variance = MT_VARIANCE_POISSON;
            AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_NOT_OVERDISPERSED, .x = tr.pearson_dispersion);
            if (mt_trend_fit(f->t, f->y, NULL, f->n, &to, &tr, &e) != MT_OK) {
                AN_ENOTE(r, NULL, e, .code = MT_SNOTE_TREND_ERR);
                return 0;
            }
        }
    } else if (*variance == MT_VARIANCE_POISSON && tr.pearson_dispersion > 1.0) {
        /* the user's choice stands, but the reader learns what it costs */
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_POISSON_OVERDISPERSED, .x = tr.pearson_dispersion);
    }
    r->variance = tr.variance;
    r->variance_set = 1;
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
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_LINEAR_SCALE);
    return 1;
}

void an_run_mk(const fitset *f, int log_scale, mt_series_result *r)
{
    mt_mk_opts mo = {.log_scale = log_scale, .hamed_rao = 0, .max_lag = 0, .acf_alpha = 0,
                     .level = 0.95};
    mt_mk_result mk;
    mt_error e;
    if (an_oom_guard(r, mt_mk_test(f->t, f->y, f->n, &mo, &mk, &e)) != MT_OK) {
        AN_ENOTE(r, NULL, e, .code = MT_SNOTE_MK_ERR);
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
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_MK_NOTE, .k = (int)mk.note);
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
void an_run_joinpoint(const mt_series *s, const fitset *f, const mt_series_config *cfg,
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
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_JP_COUNT_WBIC);
    }
    mt_jp_result *jr = NULL;
    mt_error e;
    mt_status st;
    int ar1 = 0;
    double phi = 0.0; /* AR(1) coefficient of the model, 0: independent errors */
    if (f->ps) {
        if (cfg->ar1)
            AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_JP_SEASON_IID);
        /* seasonal terms common to all segments; the result is the
         * seasonally adjusted model (season_models.h) */
        double g[MT_SEASON_MAX_COLS];
        int it;
        st = mt_season_jp_fit(f->t, y, w, f->n, f->S, f->ps, f->gamma, &jo, &jr, g, &it, &e);
        if (st == MT_OK && it < 0)
            AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_JP_SEASON_ROUNDS, .k = -it);
    } else if (an_jp_ar1_wanted(cfg, jo.family == MT_JP_POISSON, r)) {
        /* AR(1) errors in the selection itself (joinpoint_ar1.h), else
         * independent errors with a note */
        st = an_jp_ar1_fit(s, f->t, y, w, f->n, &jo, &jr, &phi, r, &e);
        ar1 = st == MT_OK;
        if (st != MT_OK && st != MT_ENOMEM) {
            AN_ENOTE(r, NULL, e, .code = MT_SNOTE_JP_AR1_ERR);
            st = mt_jp_fit(f->t, y, w, f->n, &jo, &jr, &e);
        }
        if (ar1 && jo.select == MT_JP_SELECT_PERMUTATION)
            sel_used = 0;
    } else {
        st = mt_jp_fit(f->t, y, w, f->n, &jo, &jr, &e);
    }
    if (an_oom_guard(r, st) != MT_OK) {
        AN_ENOTE(r, NULL, e, .code = MT_SNOTE_JP_ERR);
        return;
    }
    r->jp_done = 1;
    snprintf(r->select_method, sizeof r->select_method, "%s%s", mt_select_name(sel_used),
             jo.family == MT_JP_POISSON ? (jo.quasi ? "+quasipoisson" : "+poisson")
             : ar1                      ? "+ar1"
                                        : "");
    if (jr->max_joinpoints == 0)
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_JP_TOO_FEW, .n = f->n);
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
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_JP_CI_AR1);
    } else if (jr->k > 0 && jo.family == MT_JP_GAUSSIAN) {
        /* where the joinpoints are, with their uncertainty: bootstrap, k fixed */
        double lo[MT_JP_MAX_JOINPOINTS], hi[MT_JP_MAX_JOINPOINTS];
        if (mt_jp_location_ci(f->t, y, w, f->n, &jo, jr, MT_JP_CI_BOOT, lo, hi, &e) != MT_OK) {
            AN_ENOTE(r, NULL, e, .code = MT_SNOTE_JP_CI_ERR);
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
        AN_SNOTE(r, NULL, NULL, .code = MT_SNOTE_BOOT_SEASON);
    if (o->bootstrap >= 2 && jo.family == MT_JP_GAUSSIAN && f->ps == 0) {
        if (an_oom_guard(r, mt_jp_bootstrap_band(f->t, f->z, w, f->n, &jo, o->bootstrap, s->t, s->n,
                                              r->boot_lo, r->boot_hi, &e)) != MT_OK) {
            AN_ENOTE(r, NULL, e, .code = MT_SNOTE_BOOT_ERR);
        } else if (r->scale == MT_SCALE_LOG) {
            for (size_t i = 0; i < s->n; i++) {
                r->boot_lo[i] = exp(r->boot_lo[i]);
                r->boot_hi[i] = exp(r->boot_hi[i]);
            }
        }
    }
}
