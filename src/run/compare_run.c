/*
 * compare_run.c - the run layer of pairwise joinpoint comparisons: put two
 * analysed series on their common periods, take the scale and the level
 * shifts from their own analyses, call the kernel (compare.h) and record the
 * row that results/comparisons.csv and the findings report.
 *
 * A comparison that the data cannot support (different frequencies, too few
 * common periods) is a result with verdict "inconclusive" and a note, not an
 * error, as for the other cross-checks.
 */
#include "monitrend/pipeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/analyse.h"
#include "monitrend/compare.h"


static const mt_series_result *result_of(const mt_run *run, const mt_series *s)
{
    size_t i = (size_t)(s - run->data.series);
    return i < run->n_results ? &run->results[i] : NULL;
}

static int usable(const mt_series *s, size_t i)
{
    return isfinite(s->value[i]) && !(s->flags[i] & MT_FLAG_EXCLUDE);
}

/* Add the level shifts of r inside (t[0], t[n-1]) with two points on each
 * side to jumps (sorted, without duplicates). */
static void add_jumps(const mt_series_result *r, const double *t, size_t n, double *jumps,
                      size_t *nj)
{
    if (r == NULL)
        return;
    for (size_t q = 0; q < r->n_jp_jumps; q++) {
        const double s = r->jp_jump_t[q];
        size_t before = 0;
        for (size_t i = 0; i < n; i++)
            before += t[i] < s - 1e-9;
        if (before < 2 || n - before < 2 || *nj >= MT_JP_MAX_JUMPS)
            continue;
        size_t k = 0;
        while (k < *nj && jumps[k] < s - 1e-9)
            k++;
        if (k < *nj && fabs(jumps[k] - s) <= 1e-9)
            continue;
        memmove(jumps + k + 1, jumps + k, (*nj - k) * sizeof *jumps);
        jumps[k] = s;
        (*nj)++;
    }
}

static mt_cmp_row *push_row(mt_run *run, const char *id, const char *label,
                            const char *label_nl, const mt_series *a, const mt_series *b)
{
    mt_cmp_row *p = realloc(run->cmp, (run->n_cmp + 1) * sizeof *p);
    if (p == NULL)
        return NULL;
    run->cmp = p;
    mt_cmp_row *r = &p[run->n_cmp++];
    memset(r, 0, sizeof *r);
    snprintf(r->comparison, sizeof r->comparison, "%s", id);
    snprintf(r->label, sizeof r->label, "%s", label ? label : id);
    snprintf(r->label_nl, sizeof r->label_nl, "%s", label_nl ? label_nl : "");
    snprintf(r->a, sizeof r->a, "%s", a->id);
    snprintf(r->b, sizeof r->b, "%s", b->id);
    r->f_coin = r->p_coin = r->f_par = r->p_par = NAN;
    r->aapc_a = r->aapc_b = r->aapc_diff = r->aapc_diff_lo = r->aapc_diff_hi = r->aapc_diff_p = NAN;
    snprintf(r->verdict, sizeof r->verdict, "inconclusive");
    return r;
}

mt_status mt_pipeline_compare(mt_run *run, const char *id, const char *label, const char *label_nl,
                              const char *a, const char *b, mt_error *err)
{
    const mt_series *sa = mt_dataset_find(&run->data, a);
    const mt_series *sb = mt_dataset_find(&run->data, b);
    if (sa == NULL || sb == NULL)
        return mt_error_set(err, MT_EINVAL,
                            "%s: no series '%s' in the data (see 'monitrend trend' for the ids)",
                            run->input ? run->input : "data", sa == NULL ? a : b);
    mt_cmp_row *row = push_row(run, id, label, label_nl, sa, sb);
    if (row == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    if (sa->freq != sb->freq) {
        row->note = MT_CMP_NOTE_FREQUENCIES;
        return MT_OK;
    }
    size_t m = sa->n < sb->n ? sa->n : sb->n;
    double *t = malloc((m ? m : 1) * sizeof *t), *ya = malloc((m ? m : 1) * sizeof *ya),
           *yb = malloc((m ? m : 1) * sizeof *yb);
    size_t *ia = malloc((m ? m : 1) * sizeof *ia);
    mt_status st = MT_OK;
    if (!t || !ya || !yb || !ia) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    /* common periods: both series observed and not excluded */
    size_t n = 0;
    for (size_t i = 0, j = 0; i < sa->n && j < sb->n;) {
        int c = mt_period_cmp(&sa->period[i], &sb->period[j]);
        if (c < 0) {
            i++;
        } else if (c > 0) {
            j++;
        } else {
            if (usable(sa, i) && usable(sb, j)) {
                t[n] = sa->t[i];
                ya[n] = sa->value[i];
                yb[n] = sb->value[j];
                ia[n++] = i;
            }
            i++;
            j++;
        }
    }
    row->n = n;
    if (n > 0) {
        mt_period_format(&sa->period[ia[0]], row->first, sizeof row->first);
        mt_period_format(&sa->period[ia[n - 1]], row->last, sizeof row->last);
    }
    const mt_series_result *ra = result_of(run, sa), *rb = result_of(run, sb);
    int log_scale = run->opts.scale != MT_SCALE_LINEAR && (!ra || (ra->scale == MT_SCALE_LOG)) &&
                    (!rb || (rb->scale == MT_SCALE_LOG));
    for (size_t i = 0; i < n && log_scale; i++)
        log_scale = ya[i] > 0 && yb[i] > 0;
    row->log_scale = log_scale;
    if (log_scale)
        for (size_t i = 0; i < n; i++) {
            ya[i] = log(ya[i]);
            yb[i] = log(yb[i]);
        }
    double jumps[MT_JP_MAX_JUMPS];
    size_t nj = 0;
    add_jumps(ra, t, n, jumps, &nj);
    add_jumps(rb, t, n, jumps, &nj);
    row->n_jumps = nj;

    mt_compare_options o;
    mt_compare_options_default(&o);
    static const mt_jp_select sel[] = {MT_JP_SELECT_WBIC, MT_JP_SELECT_BIC, MT_JP_SELECT_BIC3,
                                       MT_JP_SELECT_PERMUTATION};
    o.jp.select = sel[run->opts.select];
    o.jp.log_scale = log_scale;
    o.jp.max_joinpoints = run->opts.max_joinpoints > MT_JP_MAX_JOINPOINTS ? MT_JP_MAX_JOINPOINTS
                                                                           : run->opts.max_joinpoints;
    o.jp.min_end = (size_t)run->opts.min_end;
    o.jp.min_between = (size_t)run->opts.min_between;
    o.jp.n_permutations = run->opts.permutations;
    o.jp.early_stop = run->opts.early_stop;
    o.jp.seed = mt_analyse_seed(run->opts.seed, id);
    o.jp.jumps = nj ? jumps : NULL;
    o.jp.n_jumps = nj;
    mt_compare_result cr;
    mt_error e;
    mt_error_clear(&e);
    st = mt_compare_fit(t, ya, yb, n, &o, &cr, &e);
    if (st == MT_ETOOFEW || n < run->opts.min_overlap) {
        row->note = MT_CMP_NOTE_TOO_FEW; /* row->n: the common periods */
        st = MT_OK;
        goto out;
    }
    if (st != MT_OK) {
        st = mt_error_set(err, st, "comparison %s: %s", id, e.msg);
        goto out;
    }
    row->k_a = cr.k_a;
    row->k_b = cr.k_b;
    row->k_pool = cr.k_pool;
    row->kmax = cr.kmax;
    row->capped = cr.capped;
    row->f_coin = cr.f_coin;
    row->p_coin = cr.p_coin;
    row->f_par = cr.f_par;
    row->p_par = cr.p_par;
    row->n_permutations = cr.n_permutations;
    row->aapc_a = cr.aapc_a.aapc;
    row->aapc_b = cr.aapc_b.aapc;
    row->aapc_diff = cr.aapc_diff;
    row->aapc_diff_lo = cr.aapc_diff_lo;
    row->aapc_diff_hi = cr.aapc_diff_hi;
    row->aapc_diff_p = cr.aapc_diff_p;
    snprintf(row->verdict, sizeof row->verdict, "%s", mt_compare_verdict(&cr, 0.05));
    row->note = MT_CMP_NOTE_FIT;
    /* the tests permute residuals: independent errors, whatever the series'
     * own model (the note says so) */
    row->member_ar1 = (ra && ra->jp_ar1_done) || (rb && rb->jp_ar1_done);
out:
    free(t);
    free(ya);
    free(yb);
    free(ia);
    return st;
}
