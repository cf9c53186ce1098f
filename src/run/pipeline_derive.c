/*
 * pipeline_derive.c - derived series, computed from the observed ones
 * before any analysis (expressions, weighted aggregates, indices: expr.c,
 * derive.c), and the period grid they and the cross-checks share.
 */
#include "pipeline_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/change.h"
#include "monitrend/derive.h"
#include "monitrend/expr.h"

#define TIME_EPS MT_PL_TIME_EPS

static char *xstrdup(const char *s)
{
    return strdup(s ? s : "");
}

void mt_pl_grid_free(mt_pl_grid *g)
{
    free(g->period);
    free(g->t);
}

mt_status mt_pl_grid_union(const mt_series *const *ss, size_t k, mt_pl_grid *g, mt_error *err)
{
    memset(g, 0, sizeof *g);
    size_t cap = 0;
    for (size_t i = 0; i < k; i++)
        cap += ss[i]->n;
    g->period = malloc((cap ? cap : 1) * sizeof *g->period);
    g->t = malloc((cap ? cap : 1) * sizeof *g->t);
    if (!g->period || !g->t)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    for (size_t i = 0; i < k; i++) {
        if (ss[i]->freq != ss[0]->freq)
            return mt_error_set(err, MT_EINVAL, "series %s and %s have different frequencies (%s, %s)",
                                ss[0]->id, ss[i]->id, mt_freq_name(ss[0]->freq),
                                mt_freq_name(ss[i]->freq));
        for (size_t j = 0; j < ss[i]->n; j++) {
            g->period[g->n] = ss[i]->period[j];
            g->t[g->n++] = ss[i]->t[j];
        }
    }
    /* insertion sort by t, dropping duplicates (grids are short) */
    size_t m = 0;
    for (size_t i = 0; i < g->n; i++) {
        double t = g->t[i];
        mt_period p = g->period[i];
        size_t j = m;
        int dup = 0;
        for (size_t q = 0; q < m; q++)
            if (fabs(g->t[q] - t) < TIME_EPS)
                dup = 1;
        if (dup)
            continue;
        while (j > 0 && g->t[j - 1] > t) {
            g->t[j] = g->t[j - 1];
            g->period[j] = g->period[j - 1];
            j--;
        }
        g->t[j] = t;
        g->period[j] = p;
        m++;
    }
    g->n = m;
    return MT_OK;
}

/* SE of observation j on the data scale: the se column, else the 95%
 * bounds converted by mt_change_se_from_ci; NaN when neither is given. */
double mt_pl_data_se(const mt_series *s, size_t j)
{
    double se = NAN;
    if (isfinite(s->se[j]))
        return s->se[j];
    if (isfinite(s->lower[j]) && isfinite(s->upper[j]) &&
        mt_change_se_from_ci(s->lower[j], s->upper[j], 0.95, 0, &se, NULL) != MT_OK)
        se = NAN;
    return se;
}

/* Values (and SEs) of s on the grid; excluded points count as missing. */
void mt_pl_on_grid(const mt_series *s, const mt_pl_grid *g, double *y, double *se)
{
    size_t j = 0;
    for (size_t i = 0; i < g->n; i++) {
        y[i] = NAN;
        if (se)
            se[i] = NAN;
        while (j < s->n && s->t[j] < g->t[i] - TIME_EPS)
            j++;
        if (j < s->n && fabs(s->t[j] - g->t[i]) < TIME_EPS && !(s->flags[j] & MT_FLAG_EXCLUDE)) {
            y[i] = s->value[j];
            if (se)
                se[i] = mt_pl_data_se(s, j);
        }
    }
}

/* Add a new series (arrays copied) to the data set, keeping it sorted. */
static mt_status dataset_add(mt_dataset *ds, const char *indicator, const char *market,
                             const char *region, const mt_pl_grid *g, const double *y,
                             const double *se, const char *source, mt_error *err)
{
    char *id = mt_series_make_id(indicator, market, region);
    if (id == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    if (mt_dataset_find(ds, id) != NULL) {
        mt_status st = mt_error_set(err, MT_EINVAL, "derived series %s duplicates a series of the data", id);
        free(id);
        return st;
    }
    if (ds->n == ds->cap) {
        size_t cap = ds->cap ? 2 * ds->cap : 16;
        mt_series *p = realloc(ds->series, cap * sizeof *p);
        if (p == NULL) {
            free(id);
            return mt_error_set(err, MT_ENOMEM, "out of memory");
        }
        ds->series = p;
        ds->cap = cap;
    }
    /* keep only periods with a value, so a derived series has no trailing
     * stretch of a grid that none of its inputs cover */
    size_t n = 0;
    for (size_t i = 0; i < g->n; i++)
        if (isfinite(y[i]))
            n++;
    mt_series s;
    memset(&s, 0, sizeof s);
    size_t m = n ? n : 1;
    s.id = id;
    s.indicator = xstrdup(indicator);
    s.market = xstrdup(market);
    s.region = xstrdup(region);
    s.source = xstrdup(source);
    s.period = malloc(m * sizeof *s.period);
    s.t = malloc(m * sizeof(double));
    s.value = malloc(m * sizeof(double));
    s.lower = malloc(m * sizeof(double));
    s.upper = malloc(m * sizeof(double));
    s.se = malloc(m * sizeof(double));
    s.n_obs = malloc(m * sizeof(double));
    s.flags = calloc(m, sizeof(unsigned));
    s.line = calloc(m, sizeof(long));
    s.column = calloc(m, sizeof(long));
    s.note = NULL;
    int ok = s.indicator && s.market && s.region && s.source && s.period && s.t && s.value &&
             s.lower && s.upper && s.se && s.n_obs && s.flags && s.line && s.column;
    if (ok) {
        size_t k = 0;
        for (size_t i = 0; i < g->n; i++) {
            if (!isfinite(y[i]))
                continue;
            s.period[k] = g->period[i];
            s.t[k] = g->t[i];
            s.value[k] = y[i];
            s.se[k] = se ? se[i] : NAN;
            s.lower[k] = s.upper[k] = s.n_obs[k] = NAN;
            k++;
        }
        s.n = n;
        s.freq = n ? s.period[0].freq : MT_FREQ_YEAR;
        ds->series[ds->n++] = s;
        /* restore the order by id that mt_dataset_find bisects */
        for (size_t j = ds->n - 1; j > 0 && strcmp(ds->series[j - 1].id, ds->series[j].id) > 0; j--) {
            mt_series tmp = ds->series[j];
            ds->series[j] = ds->series[j - 1];
            ds->series[j - 1] = tmp;
        }
        return MT_OK;
    }
    free(s.id); free(s.indicator); free(s.market); free(s.region); free(s.source);
    free(s.period); free(s.t); free(s.value); free(s.lower); free(s.upper); free(s.se);
    free(s.n_obs); free(s.flags); free(s.line); free(s.column);
    return mt_error_set(err, MT_ENOMEM, "out of memory");
}

double mt_pl_param_value(const mt_model *m, const char *name, int *found)
{
    for (size_t i = 0; i < m->n_params; i++)
        if (strcmp(m->params[i].id, name) == 0) {
            *found = 1;
            return m->params[i].value;
        }
    *found = 0;
    return NAN;
}

/* A warning about derived series d (result.h mt_derive_note), zeroed but
 * for its kind and id; NULL when out of memory. */
static mt_derive_note *derive_note(mt_run *run, const mt_derived *d, mt_derive_note_kind kind)
{
    mt_derive_note *p = realloc(run->derive_notes, (run->n_derive_notes + 1) * sizeof *p);
    if (p == NULL)
        return NULL;
    run->derive_notes = p;
    mt_derive_note *x = &p[run->n_derive_notes++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->id = d->id;
    x->series_id = d->series_id;
    x->label = d->label;
    x->label_nl = d->label_nl;
    return x;
}

/* Collect the series a derived definition needs; missing ones are named in
 * *missing (first one) and the derivation is skipped with a warning. */
static int gather(const mt_dataset *ds, const mt_strlist *ids, const mt_series **out,
                  const char **missing)
{
    for (size_t i = 0; i < ids->n; i++) {
        out[i] = mt_dataset_find(ds, ids->item[i]);
        if (out[i] == NULL) {
            *missing = ids->item[i];
            return 0;
        }
    }
    return 1;
}

/* Compute one derived series.  Returns MT_OK when it was added or skipped
 * (skips are warnings), an error otherwise.  *done tells whether it is
 * settled (added or skipped for good); 0 means an input is itself a derived
 * series not computed yet. */
static mt_status derive_one(mt_run *run, const mt_derived *d, const char *const *pending,
                            size_t n_pending, int *done, mt_error *err)
{
    const mt_strlist *ids = d->type == MT_DERIVED_EXPRESSION ? &d->refs : &d->members;
    *done = 0;
    for (size_t i = 0; i < ids->n; i++)
        for (size_t p = 0; p < n_pending; p++)
            if (pending[p] && strcmp(ids->item[i], pending[p]) == 0)
                return MT_OK; /* wait for the input */
    *done = 1;

    size_t k = ids->n;
    const mt_series **ss = calloc(k ? k : 1, sizeof *ss);
    if (ss == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    const char *missing = NULL;
    mt_status st = MT_OK;
    mt_pl_grid g = {0};
    double *vals = NULL, *ses = NULL, *outv = NULL, *outse = NULL, *cov = NULL;
    if (!gather(&run->data, ids, ss, &missing)) {
        mt_derive_note *x = derive_note(run, d, MT_DERIVE_NOTE_INPUT_MISSING);
        if (x == NULL)
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
        else
            x->input = missing;
        goto out;
    }
    mt_error ge;
    if ((st = mt_pl_grid_union(ss, k, &g, &ge)) != MT_OK) {
        /* name the model line that combines the series */
        mt_error_at(err, st, run->model->file, d->ref_line, 0, "derived %s: %s", d->id, ge.msg);
        goto out;
    }
    size_t n = g.n;
    vals = malloc((k * n + 1) * sizeof *vals);
    ses = malloc((k * n + 1) * sizeof *ses);
    outv = malloc((n + 1) * sizeof *outv);
    outse = malloc((n + 1) * sizeof *outse);
    cov = malloc((n + 1) * sizeof *cov);
    if (!vals || !ses || !outv || !outse || !cov) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < k; i++)
        mt_pl_on_grid(ss[i], &g, vals + i * n, ses + i * n);

    if (d->type == MT_DERIVED_EXPRESSION) {
        const mt_expr *e = d->expr; /* parsed once, by the model reader */
        if (e == NULL) {
            st = mt_error_at(err, MT_EINVAL, run->model->file, d->ref_line, 0,
                             "derived %s: expression not parsed", d->id);
            goto out;
        }
        size_t np = mt_expr_n_params(e), nr = mt_expr_n_refs(e);
        double params[64];
        mt_expr_input in[64];
        if (np > 64 || nr > 64) {
            st = mt_error_set(err, MT_ELIMIT, "derived %s: more than 64 inputs", d->id);
            goto out;
        }
        for (size_t i = 0; i < np; i++) {
            int found;
            params[i] = mt_pl_param_value(run->model, mt_expr_param(e, i), &found);
            if (!found) {
                st = mt_error_at(err, MT_EPARSE, run->model->file, d->ref_line, 0,
                                 "derived %s: unknown parameter '%s' (declare it in a [param:%s] section)",
                                 d->id, mt_expr_param(e, i), mt_expr_param(e, i));
                goto out;
            }
        }
        for (size_t i = 0; i < nr; i++) {
            size_t j = mt_strlist_find(ids, mt_expr_ref(e, i));
            in[i].value = vals + j * n;
            in[i].se = ses + j * n;
        }
        size_t ndz = 0;
        st = mt_expr_eval(e, in, params, n, outv, outse, &ndz, err);
        if (st != MT_OK)
            goto out;
        if (ndz > 0) {
            /* the evaluator cannot tell 1/0 from 1e200 * 1e200: both are a
             * non-finite intermediate, and the warning says so */
            mt_derive_note *x = derive_note(run, d, MT_DERIVE_NOTE_NONFINITE);
            if (x == NULL) {
                st = mt_error_set(err, MT_ENOMEM, "out of memory");
                goto out;
            }
            x->n = ndz;
        }
    } else if (d->type == MT_DERIVED_AGGREGATE) {
        double *w = malloc(k * sizeof *w);
        const double **vp = malloc(k * sizeof *vp);
        const double **sp = malloc(k * sizeof *sp);
        if (!w || !vp || !sp) {
            free(w); free(vp); free(sp);
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < k; i++) {
            vp[i] = vals + i * n;
            sp[i] = ses + i * n;
            w[i] = 1.0;
            if (d->weights && d->n_weights == k)
                w[i] = d->weights[i];
            else
                for (size_t q = 0; q < d->weight_ids.n; q++)
                    if (strcmp(d->weight_ids.item[q], ids->item[i]) == 0)
                        w[i] = d->weight_values[q];
        }
        st = mt_derive_aggregate(k, n, vp, sp, w, d->min_coverage, outv, outse, cov, NULL, err);
        free(w); free(vp); free(sp);
        if (st != MT_OK)
            goto out;
        size_t low = 0;
        for (size_t i = 0; i < n; i++)
            if (!isfinite(outv[i]) && cov[i] > 0)
                low++;
        if (low > 0) {
            mt_derive_note *x = derive_note(run, d, MT_DERIVE_NOTE_LOW_COVERAGE);
            if (x == NULL) {
                st = mt_error_set(err, MT_ENOMEM, "out of memory");
                goto out;
            }
            x->n = low;
            x->coverage = d->min_coverage;
        }
    } else { /* index */
        size_t base = n;
        for (size_t i = 0; i < n; i++)
            if (mt_period_cmp(&g.period[i], &d->base) == 0)
                base = i;
        if (base == n) {
            mt_derive_note *x = derive_note(run, d, MT_DERIVE_NOTE_NO_BASE);
            if (x == NULL)
                st = mt_error_set(err, MT_ENOMEM, "out of memory");
            else
                mt_period_format(&d->base, x->period, sizeof x->period);
            goto out;
        }
        int euda = d->gaps && strcmp(d->gaps, "euda") == 0;
        const double **vp = malloc(k * sizeof *vp);
        if (vp == NULL) {
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < k; i++)
            vp[i] = vals + i * n;
        st = mt_derive_group_index(k, n, vp, NULL, base, euda, d->min_coverage, outv, cov,
                                   NULL, NULL, err);
        free(vp);
        for (size_t i = 0; i < n; i++)
            outse[i] = NAN;
        if (st == MT_ETOOFEW) {
            mt_derive_note *x = derive_note(run, d, MT_DERIVE_NOTE_TOO_FEW);
            if (x == NULL) {
                st = mt_error_set(err, MT_ENOMEM, "out of memory");
                goto out;
            }
            snprintf(x->msg, sizeof x->msg, "%s", err ? err->msg : "");
            st = MT_OK;
            goto out;
        }
        if (st != MT_OK)
            goto out;
    }
    const char *ind = d->indicator ? d->indicator : d->id;
    st = dataset_add(&run->data, ind, d->market ? d->market : "", d->region ? d->region : "", &g,
                     outv, outse, "derived", err);
    if (st != MT_OK)
        goto out;
out:
    free(ss);
    mt_pl_grid_free(&g);
    free(vals);
    free(ses);
    free(outv);
    free(outse);
    free(cov);
    return st;
}

mt_status mt_pl_derive_all(mt_run *run, mt_error *err)
{
    const mt_model *m = run->model;
    size_t nd = m->n_derived;
    if (nd == 0)
        return MT_OK;
    const char **pending = calloc(nd, sizeof *pending);
    if (pending == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    for (size_t i = 0; i < nd; i++)
        pending[i] = m->derived[i].series_id;
    /* the model rejects cycles, so each pass settles at least one */
    for (size_t pass = 0; pass <= nd; pass++) {
        int progress = 0;
        for (size_t i = 0; i < nd; i++) {
            if (pending[i] == NULL)
                continue;
            const char *self = pending[i];
            pending[i] = NULL; /* a series does not wait for itself */
            int done;
            mt_status st = derive_one(run, &m->derived[i], pending, nd, &done, err);
            if (st != MT_OK) {
                free(pending);
                return st;
            }
            if (!done)
                pending[i] = self;
            else
                progress = 1;
        }
        if (!progress)
            break;
    }
    free(pending);
    return MT_OK;
}

/* Move the series of `role = input` indicators (denominators such as a
 * population) out of the data set once every derived series is computed:
 * they are inputs only, never analysed, reported, charted or cross-checked.
 * Both data sets stay sorted by id. */
mt_status mt_pl_split_inputs(mt_run *run, mt_error *err)
{
    mt_dataset *ds = &run->data, *in = &run->input_data;
    size_t n_in = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const mt_indicator *ind = mt_model_find_indicator(run->model, ds->series[i].indicator);
        n_in += ind != NULL && ind->input_only;
    }
    if (n_in == 0)
        return MT_OK;
    in->series = malloc(n_in * sizeof *in->series);
    if (in->series == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    in->cap = n_in;
    size_t keep = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const mt_indicator *ind = mt_model_find_indicator(run->model, ds->series[i].indicator);
        if (ind != NULL && ind->input_only)
            in->series[in->n++] = ds->series[i];
        else
            ds->series[keep++] = ds->series[i];
    }
    ds->n = keep;
    return MT_OK;
}