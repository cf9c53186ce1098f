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
#include "monitrend/fmt.h"

/* Notes of cross-checks are sentences for the findings, written in the
 * run's language with its number format (the CSV columns hold the numbers). */
#define LANG_TXT(run, en, nl) ((run)->opts.lang == MT_LANG_NL ? (nl) : (en))

/* "+3.4% (95% CI +1.2% to +5.6%)" in the run's language. */
static void pct_ci(const mt_run *run, double v, double lo, double hi, char *buf, size_t size)
{
    char a[MT_FMT_MAX], b[MT_FMT_MAX], c[MT_FMT_MAX], ci[3 * MT_FMT_MAX];
    mt_fmt_apc(v, run->opts.lang, NULL, a, sizeof a);
    mt_fmt_apc(lo, run->opts.lang, NULL, b, sizeof b);
    mt_fmt_apc(hi, run->opts.lang, NULL, c, sizeof c);
    mt_fmt_ci(b, c, run->opts.lang, ci, sizeof ci);
    snprintf(buf, size, "%s (%s)", a, ci);
}

static const char *cc_label(const mt_run *run, const mt_crosscheck *c)
{
    const char *lab = run->opts.lang == MT_LANG_NL && c->label_nl ? c->label_nl : c->label;
    return lab ? lab : c->id;
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
    snprintf(r->label, sizeof r->label, "%s", cc_label(run, c));
    r->axis = c->axis;
    double *nums[] = {&r->apc_a, &r->apc_b, &r->apc_diff, &r->apc_diff_lo, &r->apc_diff_hi,
                      &r->p_parallel, &r->r_levels, &r->r_levels_lo, &r->r_levels_hi, &r->r_diff,
                      &r->r_diff_lo, &r->r_diff_hi, &r->rho_levels, &r->rho_diff, &r->sign_p,
                      &r->r_lag};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        *nums[i] = NAN;
    return r;
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
        snprintf(r->note, sizeof r->note, "%s",
                 LANG_TXT(run, "no common periods", "geen gemeenschappelijke periodes"));
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
                char text[160];
                mt_crosscheck_verdict_text(d->verdict, a->id, b->id, text, sizeof text);
                snprintf(r->verdict, sizeof r->verdict, "%s", mt_crosscheck_verdict_name(d->verdict));
                snprintf(r->verdict_reason, sizeof r->verdict_reason, "%s",
                         mt_crosscheck_reason_code(d->reason));
                char pp[MT_FMT_MAX], lo[MT_FMT_MAX], hi[MT_FMT_MAX], ci[3 * MT_FMT_MAX], tot[512];
                mt_fmt_fixed(d->share_pp, 2, run->opts.lang, NULL, pp, sizeof pp);
                mt_fmt_fixed(d->share_pp_lo, 2, run->opts.lang, NULL, lo, sizeof lo);
                mt_fmt_fixed(d->share_pp_hi, 2, run->opts.lang, NULL, hi, sizeof hi);
                mt_fmt_ci(lo, hi, run->opts.lang, ci, sizeof ci);
                pct_ci(run, d->total.apc, d->total.apc_lo, d->total.apc_hi, tot, sizeof tot);
                if (run->opts.lang == MT_LANG_NL)
                    snprintf(text, sizeof text, "%s",
                             d->verdict == MT_VERDICT_SHIFT_A_TO_B ? "verschuiving van A naar B"
                             : d->verdict == MT_VERDICT_SHIFT_B_TO_A ? "verschuiving van B naar A"
                             : d->verdict == MT_VERDICT_SHIFT_FALLING ? "verschuiving bij dalend totaal"
                             : d->verdict == MT_VERDICT_NO_SHIFT ? "geen verschuiving" : "onbeslist");
                snprintf(r->note, sizeof r->note, "%s; %s %s: %s %s (%s); %s: %s %s",
                         text, LANG_TXT(run, "share of", "aandeel van"), a->id, pp,
                         LANG_TXT(run, "percentage points a year", "procentpunt per jaar"), ci,
                         LANG_TXT(run, "total", "totaal"), tot,
                         LANG_TXT(run, "a year", "per jaar"));
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
        char rec[512];
        pct_ci(run, L->apc, L->apc_lo, L->apc_hi, rec, sizeof rec);
        snprintf(r->note, sizeof r->note, "%s %s; %s %s; %zu %s %zu %s",
                 LANG_TXT(run, "expected sign", "verwacht teken"), signs[i] > 0 ? "+" : "-",
                 LANG_TXT(run, "recent APC", "recente JPV"), rec, av.k_rising,
                 LANG_TXT(run, "of", "van"), av.m,
                 LANG_TXT(run, "indicators point to rising availability",
                          "indicatoren wijzen op toenemende beschikbaarheid"));
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
            mt_strlist_addf(&run->cc_notes, "%s (%s): %s (%s %s)", cc_label(run, c), c->id,
                            LANG_TXT(run, "lacking data", "onvoldoende gegevens"), mt_expr_ref(e, i),
                            LANG_TXT(run, "has no data in this edition", "heeft geen gegevens in deze editie"));
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
    char rt[512];
    pct_ci(run, ra.trend.apc, ra.trend.apc_lo, ra.trend.apc_hi, rt, sizeof rt);
    snprintf(r->note, sizeof r->note, "%s %s %s", LANG_TXT(run, "ratio APC", "JPV van de verhouding"),
             rt, LANG_TXT(run, "a year", "per jaar"));
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
            char lacking[512] = "";
            for (size_t j = 0; j < k && j < MT_CROSSCHECK_MAX_MEMBERS; j++) {
                const mt_series *s = mt_dataset_find(&run->data, c->members.item[j]);
                if (s)
                    ms[have++] = s;
                else {
                    size_t len = strlen(lacking);
                    snprintf(lacking + len, sizeof lacking - len, "%s%s", len ? ", " : "",
                             c->members.item[j]);
                }
            }
            if (lacking[0]) {
                mt_strlist_addf(&run->cc_notes, "%s (%s): %s (%s %s)", cc_label(run, c), c->id,
                                LANG_TXT(run, "lacking data", "onvoldoende gegevens"),
                                LANG_TXT(run, "no data in this edition for", "geen gegevens in deze editie voor"),
                                lacking);
                if (c->type != MT_CROSSCHECK_AVAILABILITY || have < 2)
                    continue;
            }
            if (c->type == MT_CROSSCHECK_AVAILABILITY) {
                st = availability_check(run, c, ms, have, err);
            } else if (c->type == MT_CROSSCHECK_COMPARE) {
                if (have == 2)
                    st = mt_pipeline_compare(run, c->id, cc_label(run, c), ms[0]->id, ms[1]->id, err);
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