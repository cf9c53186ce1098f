/*
 * pipeline_cc.c - the cross-checks of a run (crosscheck.c) over the
 * analysed data set: concordance, displacement, availability, ratio and
 * the comparisons of joinpoint trends (compare_run.c).
 */
#include "pipeline_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/analyse.h"
#include "monitrend/crosscheck.h"
#include "monitrend/expr.h"

/* Notes of cross-checks are typed (result.h mt_cc_note, mt_cc_lack): the
 * writers make their words (cc_note_words.h). */

/* Both labels: the writers choose by language (cc_note_words.h mt_cc_label). */
static void cc_labels(const mt_crosscheck *c, char *label, char *label_nl, size_t size)
{
    snprintf(label, size, "%s", c->label ? c->label : c->id);
    snprintf(label_nl, size, "%s", c->label_nl ? c->label_nl : "");
}

static mt_cc_row *cc_push(mt_run *run, const mt_crosscheck *c, const char *type)
{
    mt_cc_row *p = realloc(run->cc, (run->n_cc + 1) * sizeof *p);
    if (p == NULL)
        return NULL;
    run->cc = p;
    mt_cc_row *r = &p[run->n_cc++];
    memset(r, 0, sizeof *r);
    snprintf(r->crosscheck, sizeof r->crosscheck, "%s", c->id);
    snprintf(r->type, sizeof r->type, "%s", type);
    cc_labels(c, r->label, r->label_nl, sizeof r->label);
    r->axis = c->axis;
    double *nums[] = {&r->apc_a, &r->apc_b, &r->apc_diff, &r->apc_diff_lo, &r->apc_diff_hi,
                      &r->p_parallel, &r->r_levels, &r->r_levels_lo, &r->r_levels_hi, &r->r_diff,
                      &r->r_diff_lo, &r->r_diff_hi, &r->rho_levels, &r->rho_diff, &r->sign_p,
                      &r->r_lag};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        *nums[i] = NAN;
    return r;
}

/* A cross-check not computed for lack of data: the series ids missing. */
static mt_status cc_lack(mt_run *run, const mt_crosscheck *c, int ratio, const char *const *ids,
                         size_t n, mt_error *err)
{
    mt_cc_lack *p = realloc(run->cc_lack, (run->n_cc_lack + 1) * sizeof *p);
    if (p == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    run->cc_lack = p;
    mt_cc_lack *x = &p[run->n_cc_lack++];
    memset(x, 0, sizeof *x);
    snprintf(x->crosscheck, sizeof x->crosscheck, "%s", c->id);
    cc_labels(c, x->label, x->label_nl, sizeof x->label);
    x->ratio = ratio;
    for (size_t i = 0; i < n && i < MT_CROSSCHECK_MAX_MEMBERS; i++)
        x->missing[x->n_missing++] = ids[i];
    return MT_OK;
}

/* Bring a series to the coarser of two frequencies (averaging), as (t, y, se). */
typedef struct {
    double *t, *y, *se;
    size_t n;
    mt_freq freq;
} xyser;

static void xy_free(xyser *x)
{
    free(x->t);
    free(x->y);
    free(x->se);
}

static mt_status to_xy(const mt_series *s, mt_freq target, xyser *x, mt_error *err)
{
    memset(x, 0, sizeof *x);
    size_t m = s->n ? s->n : 1;
    double *t = malloc(m * sizeof *t), *y = malloc(m * sizeof *y), *se = malloc(m * sizeof *se);
    x->t = malloc(m * sizeof *x->t);
    x->y = malloc(m * sizeof *x->y);
    x->se = malloc(m * sizeof *x->se);
    if (!t || !y || !se || !x->t || !x->y || !x->se) {
        free(t); free(y); free(se);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!isfinite(s->value[i]) || (s->flags[i] & MT_FLAG_EXCLUDE))
            continue;
        t[k] = s->t[i];
        y[k] = s->value[i];
        se[k] = mt_pl_data_se(s, i);
        k++;
    }
    mt_status st = MT_OK;
    if (target != s->freq) {
        st = mt_crosscheck_align_coarse(t, y, se, k, mt_freq_per_year(target), x->t, x->y, x->se,
                                        NULL, &x->n, err);
    } else {
        memcpy(x->t, t, k * sizeof *t);
        memcpy(x->y, y, k * sizeof *y);
        memcpy(x->se, se, k * sizeof *se);
        x->n = k;
    }
    x->freq = target;
    free(t); free(y); free(se);
    return st;
}

static void grid_label(double t, mt_freq f, char *buf)
{
    mt_period p = mt_period_at_time(f, t);
    mt_period_format(&p, buf, MT_PERIOD_STR_MAX);
}

static mt_freq coarser(mt_freq a, mt_freq b)
{
    return a < b ? a : b; /* the enum runs from year (coarsest) to day */
}

static void cc_opts(const mt_run *run, const mt_crosscheck *c, mt_freq f, mt_crosscheck_options *o)
{
    mt_crosscheck_options_default(o);
    o->min_overlap = run->opts.min_overlap;
    o->max_lag = (size_t)(c && c->lags ? (long)c->lags : run->opts.lags);
    o->per_year = mt_freq_per_year(f);
    o->expect = c ? c->expect : MT_EXPECT_SAME;
}

static void fill_concordance(mt_cc_row *r, const mt_concordance *c, const double *tg, size_t ng,
                             mt_freq f)
{
    r->n = c->n;
    if (c->n > 0) {
        grid_label(tg[c->first], f, r->first);
        grid_label(tg[c->last], f, r->last);
    }
    r->apc_a = c->a.apc;
    r->apc_b = c->b.apc;
    r->apc_diff = c->apc_diff;
    r->apc_diff_lo = c->apc_diff_lo;
    r->apc_diff_hi = c->apc_diff_hi;
    r->p_parallel = c->p_parallel;
    r->r_levels = c->r_levels.r;
    r->r_levels_lo = c->r_levels.lo;
    r->r_levels_hi = c->r_levels.hi;
    r->r_diff = c->r_diff.r;
    r->r_diff_lo = c->r_diff.lo;
    r->r_diff_hi = c->r_diff.hi;
    r->rho_levels = c->rho_levels.r;
    r->rho_diff = c->rho_diff.r;
    r->agree = c->agree;
    r->total = c->total;
    r->sign_p = c->sign_p;
    r->best_lag = c->best_lag;
    r->r_lag = c->r_lag;
    snprintf(r->verdict, sizeof r->verdict, "%s", mt_crosscheck_verdict_name(c->verdict));
    snprintf(r->verdict_reason, sizeof r->verdict_reason, "%s", mt_crosscheck_reason_code(c->reason));
    r->expect_opposite = c->expect == MT_EXPECT_OPPOSITE;
    /* the listed divergent periods, typed: the writers make the words */
    size_t listed = c->n_divergent < MT_CROSSCHECK_MAX_DIVERGENT ? c->n_divergent
                                                                   : MT_CROSSCHECK_MAX_DIVERGENT;
    r->n_divergent = 0;
    for (size_t k = 0; k < listed; k++) {
        const mt_divergence *d = &c->divergent[k];
        mt_cc_divergent *x = &r->divergent[r->n_divergent++];
        if (d->index < ng)
            grid_label(tg[d->index], f, x->period);
        else
            snprintf(x->period, sizeof x->period, "?");
        x->reasons = d->reasons;
        x->resid = d->resid;
    }
}

/* Concordance (or displacement) of two series. */
static mt_status pair_check(mt_run *run, const mt_crosscheck *c, const mt_series *a,
                            const mt_series *b, int displacement, mt_error *err)
{
    mt_freq f = coarser(a->freq, b->freq);
    xyser xa, xb;
    mt_status st = to_xy(a, f, &xa, err);
    if (st == MT_OK)
        st = to_xy(b, f, &xb, err);
    else
        memset(&xb, 0, sizeof xb);
    mt_cc_row *r = st == MT_OK ? cc_push(run, c, displacement ? "displacement" : "concordance") : NULL;
    if (st == MT_OK && r == NULL)
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
    if (st != MT_OK)
        goto out;
    snprintf(r->a, sizeof r->a, "%s", a->id);
    snprintf(r->b, sizeof r->b, "%s", b->id);
    mt_crosscheck_options o;
    cc_opts(run, c, f, &o);
    mt_xy pa = {xa.t, xa.y, xa.se, xa.n}, pb = {xb.t, xb.y, xb.se, xb.n};
    double *tg = NULL, *ya = NULL, *sa = NULL, *yb = NULL, *sb = NULL;
    size_t ng = 0;
    mt_error e;
    mt_status as = mt_crosscheck_pair_align(&pa, &pb, o.per_year, &tg, &ya, &sa, &yb, &sb, &ng, &e);
    if (as == MT_ETOOFEW) {
        snprintf(r->verdict, sizeof r->verdict, "inconclusive");
        snprintf(r->verdict_reason, sizeof r->verdict_reason, "%s",
                 mt_crosscheck_reason_code(MT_REASON_NO_COMMON));
        r->note.kind = MT_CC_NOTE_NO_COMMON;
        goto out;
    }
    if (as != MT_OK) {
        st = mt_error_set(err, as, "crosscheck %s: %s", c->id, e.msg);
        goto out;
    }
    if (!displacement) {
        mt_concordance cc;
        st = mt_crosscheck_concordance(tg, ya, sa, yb, sb, ng, &o, &cc, err);
        if (st == MT_OK)
            fill_concordance(r, &cc, tg, ng, f);
    } else {
        mt_displacement *d = malloc(sizeof *d);
        if (d == NULL) {
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
        } else {
            st = mt_crosscheck_displacement(tg, ya, yb, ng, &o, d, err);
            if (st == MT_OK) {
                fill_concordance(r, &d->pair, tg, ng, f);
                snprintf(r->verdict, sizeof r->verdict, "%s", mt_crosscheck_verdict_name(d->verdict));
                snprintf(r->verdict_reason, sizeof r->verdict_reason, "%s",
                         mt_crosscheck_reason_code(d->reason));
                r->note = (mt_cc_note){.kind = MT_CC_NOTE_DISPLACEMENT, .verdict = d->verdict,
                                       .share_pp = d->share_pp, .share_pp_lo = d->share_pp_lo,
                                       .share_pp_hi = d->share_pp_hi, .apc = d->total.apc,
                                       .apc_lo = d->total.apc_lo, .apc_hi = d->total.apc_hi};
            }
            free(d);
        }
    }
    free(tg); free(ya); free(sa); free(yb); free(sb);
out:
    xy_free(&xa);
    xy_free(&xb);
    return st;
}

static mt_status availability_check(mt_run *run, const mt_crosscheck *c,
                                    const mt_series *const *ms, size_t k, mt_error *err)
{
    mt_pl_grid g;
    /* members of different frequencies are not combined here: the composite
     * needs one grid; members are annual in the bundled monitor */
    mt_error ge;
    mt_status st = mt_pl_grid_union(ms, k, &g, &ge);
    if (st != MT_OK) {
        mt_pl_grid_free(&g);
        return mt_error_at(err, st, run->model->file, c->ref_line, 0, "crosscheck %s: %s", c->id,
                           ge.msg);
    }
    size_t n = g.n;
    double *vals = malloc((k * n + 1) * sizeof *vals);
    const double **vp = malloc(k * sizeof *vp);
    int *signs = malloc(k * sizeof *signs);
    double *idx = malloc((n + 1) * sizeof *idx), *lo = malloc((n + 1) * sizeof *lo),
           *hi = malloc((n + 1) * sizeof *hi);
    size_t *mem = malloc((n + 1) * sizeof *mem);
    mt_availability av;
    if (!vals || !vp || !signs || !idx || !lo || !hi || !mem) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < k; i++) {
        mt_pl_on_grid(ms[i], &g, vals + i * n, NULL);
        vp[i] = vals + i * n;
        signs[i] = (i < c->signs.n && strcmp(c->signs.item[i], "-") == 0) ? -1 : 1;
    }
    st = mt_crosscheck_availability(k, n, g.t, vp, signs, c->recent ? c->recent : 5, 1000,
                                    mt_analyse_seed(run->opts.seed, c->id), 0.95, &av, idx, lo,
                                    hi, mem, err);
    if (st != MT_OK)
        goto out;
    for (size_t i = 0; i < k; i++) {
        mt_cc_row *r = cc_push(run, c, "availability");
        if (r == NULL) {
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
            goto out;
        }
        snprintf(r->a, sizeof r->a, "%s", ms[i]->id);
        snprintf(r->b, sizeof r->b, "(group)");
        const mt_loglin *L = &av.recent[i];
        r->n = L->n;
        r->apc_a = L->apc;
        const char *dir = av.direction[i] == 1 ? "rising" : av.direction[i] == -1 ? "falling"
                          : av.direction[i] == 0 ? "stable" : "inconclusive";
        /* direction is +1 when the member points to rising availability */
        snprintf(r->verdict, sizeof r->verdict, "%s", dir);
        /* the member's own recent trend (before the expected sign) */
        snprintf(r->verdict_reason, sizeof r->verdict_reason, "%s",
                 mt_crosscheck_reason_code(av.direction[i] == 2 ? MT_REASON_TOO_FEW_PERIODS
                                           : L->direction > 0   ? MT_REASON_TREND_UP
                                           : L->direction < 0   ? MT_REASON_TREND_DOWN
                                                                : MT_REASON_TREND_FLAT));
        r->note = (mt_cc_note){.kind = MT_CC_NOTE_AVAILABILITY, .apc = L->apc,
                               .apc_lo = L->apc_lo, .apc_hi = L->apc_hi,
                               .sign = signs[i] > 0 ? 1 : -1, .k_rising = av.k_rising, .m = av.m};
    }
    for (size_t t = 0; t < n; t++) {
        if (mem[t] == 0)
            continue;
        mt_avail_row *p = realloc(run->avail, (run->n_avail + 1) * sizeof *p);
        if (p == NULL) {
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
            goto out;
        }
        run->avail = p;
        mt_avail_row *a = &p[run->n_avail++];
        memset(a, 0, sizeof *a);
        snprintf(a->crosscheck, sizeof a->crosscheck, "%s", c->id);
        mt_period_format(&g.period[t], a->period, sizeof a->period);
        a->index = idx[t];
        a->lo = lo[t];
        a->hi = hi[t];
        a->members = mem[t];
    }
out:
    mt_pl_grid_free(&g);
    free(vals); free(vp); free(signs); free(idx); free(lo); free(hi); free(mem);
    return st;
}

static mt_status ratio_check(mt_run *run, const mt_crosscheck *c, mt_error *err)
{
    const mt_expr *e = c->expr; /* parsed once, by the model reader */
    if (e == NULL)
        return mt_error_at(err, MT_EPARSE, run->model->file, c->line, 0,
                           "crosscheck %s: expression: missing", c->id);
    size_t nr = mt_expr_n_refs(e), np = mt_expr_n_params(e);
    const mt_series *ss[64];
    double params[64];
    mt_status st = MT_OK;
    mt_pl_grid g = {0};
    double *vals = NULL, *v = NULL, *se = NULL;
    if (nr > 64 || np > 64) {
        st = mt_error_set(err, MT_ELIMIT, "crosscheck %s: more than 64 inputs", c->id);
        goto out;
    }
    for (size_t i = 0; i < nr; i++) {
        ss[i] = mt_dataset_find(&run->data, mt_expr_ref(e, i));
        if (ss[i] == NULL) {
            const char *ref = mt_expr_ref(e, i);
            st = cc_lack(run, c, 1, &ref, 1, err);
            goto out;
        }
    }
    for (size_t i = 0; i < np; i++) {
        int found;
        params[i] = mt_pl_param_value(run->model, mt_expr_param(e, i), &found);
        if (!found) {
            st = mt_error_at(err, MT_EPARSE, run->model->file, c->line, 0,
                             "crosscheck %s: unknown parameter '%s'", c->id, mt_expr_param(e, i));
            goto out;
        }
    }
    mt_error ge;
    if ((st = mt_pl_grid_union(ss, nr, &g, &ge)) != MT_OK) {
        mt_error_at(err, st, run->model->file, c->ref_line, 0, "crosscheck %s: %s", c->id, ge.msg);
        goto out;
    }
    vals = malloc((nr * g.n + 1) * sizeof *vals);
    v = malloc((g.n + 1) * sizeof *v);
    se = malloc((g.n + 1) * sizeof *se);
    mt_expr_input in[64];
    if (!vals || !v || !se) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nr; i++) {
        mt_pl_on_grid(ss[i], &g, vals + i * g.n, NULL);
        in[i].value = vals + i * g.n;
        in[i].se = NULL;
    }
    mt_crosscheck_options o;
    cc_opts(run, c, ss[0]->freq, &o);
    mt_ratio ra;
    if ((st = mt_crosscheck_ratio(e, in, params, g.t, g.n, &o, v, se, &ra, err)) != MT_OK)
        goto out;
    mt_cc_row *r = cc_push(run, c, "ratio");
    if (r == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    snprintf(r->a, sizeof r->a, "%s", c->expression);
    r->n = ra.n;
    r->apc_a = ra.trend.apc;
    size_t first = g.n, last = 0;
    for (size_t i = 0; i < g.n; i++)
        if (isfinite(v[i])) {
            if (first == g.n)
                first = i;
            last = i;
        }
    if (first < g.n) {
        mt_period_format(&g.period[first], r->first, sizeof r->first);
        mt_period_format(&g.period[last], r->last, sizeof r->last);
    }
    snprintf(r->verdict, sizeof r->verdict, "%s", mt_crosscheck_verdict_name(ra.verdict));
    snprintf(r->verdict_reason, sizeof r->verdict_reason, "%s", mt_crosscheck_reason_code(ra.reason));
    r->note = (mt_cc_note){.kind = MT_CC_NOTE_RATIO, .apc = ra.trend.apc,
                           .apc_lo = ra.trend.apc_lo, .apc_hi = ra.trend.apc_hi};
out:
    mt_pl_grid_free(&g);
    free(vals);
    free(v);
    free(se);
    return st;
}

mt_status mt_pl_crosscheck_all(mt_run *run, mt_error *err)
{
    const mt_model *m = run->model;
    if (m == NULL)
        return MT_OK;
    for (size_t i = 0; i < m->n_crosschecks; i++) {
        const mt_crosscheck *c = &m->crosschecks[i];
        mt_status st = MT_OK;
        if (c->type == MT_CROSSCHECK_RATIO) {
            st = ratio_check(run, c, err);
        } else {
            size_t k = c->members.n;
            const mt_series *ms[MT_CROSSCHECK_MAX_MEMBERS];
            size_t have = 0;
            const char *lacking[MT_CROSSCHECK_MAX_MEMBERS];
            size_t n_lacking = 0;
            for (size_t j = 0; j < k && j < MT_CROSSCHECK_MAX_MEMBERS; j++) {
                const mt_series *s = mt_dataset_find(&run->data, c->members.item[j]);
                if (s)
                    ms[have++] = s;
                else
                    lacking[n_lacking++] = c->members.item[j];
            }
            if (n_lacking > 0) {
                if ((st = cc_lack(run, c, 0, lacking, n_lacking, err)) != MT_OK)
                    return st;
                if (c->type != MT_CROSSCHECK_AVAILABILITY || have < 2)
                    continue;
            }
            if (c->type == MT_CROSSCHECK_AVAILABILITY) {
                st = availability_check(run, c, ms, have, err);
            } else if (c->type == MT_CROSSCHECK_COMPARE) {
                if (have == 2)
                    st = mt_pipeline_compare(run, c->id, c->label, c->label_nl, ms[0]->id, ms[1]->id, err);
            } else if (c->type == MT_CROSSCHECK_DISPLACEMENT) {
                if (have == 2)
                    st = pair_check(run, c, ms[0], ms[1], 1, err);
            } else {
                for (size_t j = 1; j < have && st == MT_OK; j++)
                    st = pair_check(run, c, ms[0], ms[j], 0, err);
            }
        }
        if (st != MT_OK)
            return st;
    }
    return MT_OK;
}

mt_status mt_pipeline_concordance(mt_run *run, const char *a, const char *b, mt_error *err)
{
    const mt_series *sa = mt_dataset_find(&run->data, a);
    const mt_series *sb = mt_dataset_find(&run->data, b);
    if (sa == NULL || sb == NULL)
        return mt_error_set(err, MT_EINVAL, "%s: no series '%s' in the data (see 'monitrend trend' for the ids)",
                            run->input ? run->input : "data", sa == NULL ? a : b);
    mt_crosscheck c;
    memset(&c, 0, sizeof c);
    c.id = (char *)"cli";
    c.type = MT_CROSSCHECK_CONCORDANCE;
    c.lags = (unsigned long)run->opts.lags;
    c.expect = run->opts.expect_opposite ? MT_EXPECT_OPPOSITE : MT_EXPECT_SAME;
    return pair_check(run, &c, sa, sb, 0, err);
}