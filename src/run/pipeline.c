/*
 * pipeline.c - one run: inputs -> series (observed and derived) -> analyses.
 *
 * Layers, in the order of a run:
 *   1. loading: model and data (model.c, series.c), options resolved as
 *      defaults < model [monitor] < command line;
 *   2. derived series, computed from the observed ones before any analysis
 *      (expressions, weighted aggregates, indices: expr.c, derive.c);
 *   3. per-series analysis in worker threads (analyse.c), each series with
 *      its own random stream so results do not depend on the thread count;
 *   4. cross-checks (crosscheck.c) over the analysed data set.
 * Nothing here writes a file: the writers (write_*.c) take each series'
 * result as it is done (mt_run.on_series, stream.c), then the finished run.
 */
#include "monitrend/pipeline.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitrend/analyse.h"
#include "monitrend/change.h"
#include "monitrend/crosscheck.h"
#include "monitrend/derive.h"
#include "monitrend/expr.h"
#include "monitrend/fmt.h"
#include "stream.h"

#define TIME_EPS 1e-9

/* ==== loading ========================================================== */

static char *xstrdup(const char *s)
{
    return strdup(s ? s : "");
}

static void resolve_options(const mt_model *m, const mt_options *o, mt_options *out)
{
    *out = *o;
    if (m == NULL)
        return;
    const mt_monitor *mo = &m->monitor;
    if (!o->lang_set && mo->language)
        out->lang = strcmp(mo->language, "nl") == 0 ? MT_LANG_NL : MT_LANG_EN;
    if (!o->formats_set && mo->formats.n > 0) {
        unsigned f = 0;
        for (size_t i = 0; i < mo->formats.n; i++) {
            const char *x = mo->formats.item[i];
            f |= strcmp(x, "svg") == 0 ? MT_FMT_SVG : strcmp(x, "png") == 0 ? MT_FMT_PNG
                 : strcmp(x, "pdf") == 0 ? MT_FMT_PDF : 0;
        }
        if (f)
            out->formats = f;
    }
    if (!o->seed_set)
        out->seed = mo->seed;
    if (!o->select_set)
        out->select = mo->select;
    if (o->max_joinpoints < 0 && mo->max_joinpoints >= 0)
        out->max_joinpoints = (int)mo->max_joinpoints;
    if (!o->recent_set && mo->recent > 0)
        out->recent = mo->recent;
    if (!o->bootstrap_set)
        out->bootstrap = mo->bootstrap;
    if (!o->project_set)
        out->project = mo->project;
    if (!o->breaks_set)
        out->breaks = mo->breaks;
    if (!o->trim_set && mo->trim > 0)
        out->trim = mo->trim;
    if (!o->min_overlap_set && mo->min_overlap > 0)
        out->min_overlap = mo->min_overlap;
    if (!o->figure_timeout_set && mo->figure_timeout > 0)
        out->figure_timeout = mo->figure_timeout;
}

static char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char *s = strdup(b);
    if (s) {
        char *dot = strrchr(s, '.');
        if (dot && dot != s)
            *dot = '\0';
    }
    return s;
}

/* ==== derived series ==================================================== */

/* A period grid: the sorted union of the periods of some series of one
 * frequency. */
typedef struct {
    size_t n;
    mt_period *period;
    double *t;
} grid;

static void grid_free(grid *g)
{
    free(g->period);
    free(g->t);
}

static mt_status grid_union(const mt_series *const *ss, size_t k, grid *g, mt_error *err)
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
static double data_se(const mt_series *s, size_t j)
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
static void on_grid(const mt_series *s, const grid *g, double *y, double *se)
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
                se[i] = data_se(s, j);
        }
    }
}

/* Add a new series (arrays copied) to the data set, keeping it sorted. */
static mt_status dataset_add(mt_dataset *ds, const char *indicator, const char *market,
                             const char *region, const grid *g, const double *y,
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

static double param_value(const mt_model *m, const char *name, int *found)
{
    for (size_t i = 0; i < m->n_params; i++)
        if (strcmp(m->params[i].id, name) == 0) {
            *found = 1;
            return m->params[i].value;
        }
    *found = 0;
    return NAN;
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
    grid g = {0};
    double *vals = NULL, *ses = NULL, *outv = NULL, *outse = NULL, *cov = NULL;
    if (!gather(&run->data, ids, ss, &missing)) {
        mt_strlist_addf(&run->warnings, "derived %s: input %s has no data; not computed",
                        d->id, missing);
        goto out;
    }
    mt_error ge;
    if ((st = grid_union(ss, k, &g, &ge)) != MT_OK) {
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
        on_grid(ss[i], &g, vals + i * n, ses + i * n);

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
            params[i] = param_value(run->model, mt_expr_param(e, i), &found);
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
        if (ndz > 0)
            /* the evaluator cannot tell 1/0 from 1e200 * 1e200: both are a
             * non-finite intermediate, and the warning says so */
            mt_strlist_addf(&run->warnings, "derived %s: %zu period%s lost to a division by zero "
                            "or a value beyond the range of numbers (non-finite result)",
                            d->id, ndz, ndz == 1 ? "" : "s");
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
        if (low > 0)
            mt_strlist_addf(&run->warnings,
                            "derived %s: %zu period%s below the coverage of %.0f%% of the weight left out",
                            d->id, low, low == 1 ? "" : "s", 100 * d->min_coverage);
    } else { /* index */
        size_t base = n;
        for (size_t i = 0; i < n; i++)
            if (mt_period_cmp(&g.period[i], &d->base) == 0)
                base = i;
        if (base == n) {
            char b[MT_PERIOD_STR_MAX];
            mt_period_format(&d->base, b, sizeof b);
            mt_strlist_addf(&run->warnings, "derived %s: base period %s is not in the data; not computed",
                            d->id, b);
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
            mt_strlist_addf(&run->warnings, "derived %s: %s; not computed", d->id, err ? err->msg : "");
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
    grid_free(&g);
    free(vals);
    free(ses);
    free(outv);
    free(outse);
    free(cov);
    return st;
}

static mt_status derive_all(mt_run *run, mt_error *err)
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
static mt_status split_inputs(mt_run *run, mt_error *err)
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

mt_status mt_pipeline_load_model(const char *path, const mt_options *o, mt_run *run,
                                 mt_error *err)
{
    memset(run, 0, sizeof *run);
    mt_strlist_init(&run->warnings);
    mt_strlist_init(&run->inputs);
    mt_strlist_init(&run->cc_notes);
    mt_status st = mt_model_load(path, &run->model, err);
    if (st != MT_OK)
        return st;
    resolve_options(run->model, o, &run->opts);
    run->name = xstrdup(run->model->monitor.name);
    if ((st = mt_strlist_add(&run->inputs, path)) != MT_OK)
        return mt_error_set(err, st, "out of memory");
    for (size_t i = 0; i < run->model->n_sources; i++) {
        const char *p = run->model->sources[i].path;
        if (mt_strlist_find(&run->inputs, p) == (size_t)-1 &&
            mt_strlist_add(&run->inputs, p) != MT_OK)
            return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    st = mt_model_load_data(run->model, &run->data, &run->warnings, err);
    if (st != MT_OK)
        return st;
    if ((st = derive_all(run, err)) != MT_OK)
        return st;
    mt_status rst = mt_pipeline_check_references(run, err);
    if (rst != MT_OK)
        return rst;
    return split_inputs(run, err);
}

mt_status mt_pipeline_load_tidy(const char *path, const mt_options *o, mt_run *run,
                                mt_error *err)
{
    memset(run, 0, sizeof *run);
    mt_strlist_init(&run->warnings);
    mt_strlist_init(&run->inputs);
    mt_strlist_init(&run->cc_notes);
    resolve_options(NULL, o, &run->opts);
    run->input = xstrdup(path);
    run->name = base_name(path);
    if (!run->input || !run->name || mt_strlist_add(&run->inputs, path) != MT_OK)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    return mt_dataset_read_tidy(path, &run->data, err);
}

/* ==== metadata ============================================================ */

/* Names equal when their letters and digits are, ignoring case:
 * "Antwerp Zuid" and "Antwerp-Zuid". */
static int same_name(const char *a, const char *b)
{
    if (a == NULL || b == NULL || *b == '\0')
        return 0;
    for (;;) {
        while (*a && !isalnum((unsigned char)*a))
            a++;
        while (*b && !isalnum((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        a++;
        b++;
    }
}

static const mt_derived *find_derived(const mt_model *m, const mt_series *s)
{
    if (m == NULL)
        return NULL;
    for (size_t i = 0; i < m->n_derived; i++)
        if (strcmp(m->derived[i].series_id, s->id) == 0)
            return &m->derived[i];
    return NULL;
}

void mt_pipeline_series_meta(const mt_run *run, const mt_series *s, const char **label,
                             const char **unit, const char **theme, const char **source)
{
    *label = s->indicator;
    *unit = "";
    *theme = "";
    *source = s->source ? s->source : "";
    const mt_model *m = run->model;
    if (m == NULL)
        return;
    int nl = run->opts.lang == MT_LANG_NL;
    const mt_indicator *ind = mt_model_find_indicator(m, s->indicator);
    if (ind != NULL) {
        *label = nl && ind->label_nl ? ind->label_nl : ind->label;
        *unit = nl && ind->unit_nl ? ind->unit_nl : ind->unit ? ind->unit : "";
        *theme = mt_theme_name(ind->theme);
        /* the source's publisher label, for figure footnotes: among the
         * sources reading the series' file, the one whose filters name the
         * series' region or market (several sources may share one file) */
        int best = -1;
        for (size_t i = 0; i < ind->sources.n; i++) {
            const mt_source *src = mt_model_find_source(m, ind->sources.item[i]);
            if (src == NULL || (s->source && strcmp(src->path, s->source) != 0))
                continue;
            int score = 0;
            for (size_t k = 0; k < src->layout.n_filter; k++)
                score += same_name(src->layout.filter[k].text, s->region) ||
                         same_name(src->layout.filter[k].text, s->market);
            if (score > best) {
                best = score;
                *source = nl && src->label_nl ? src->label_nl : src->label;
            }
        }
        return;
    }
    const mt_derived *d = find_derived(m, s);
    if (d != NULL) {
        *label = nl && d->label_nl ? d->label_nl : d->label ? d->label : d->id;
        *unit = nl && d->unit_nl ? d->unit_nl : d->unit ? d->unit : "";
        *theme = mt_theme_name(d->theme);
        *source = "monitrend (derived)";
    }
}

const char *mt_pipeline_series_unit(const mt_run *run, const mt_series *s)
{
    if (run->model == NULL)
        return "";
    const mt_indicator *ind = mt_model_find_indicator(run->model, s->indicator);
    if (ind)
        return ind->unit ? ind->unit : "";
    const mt_derived *d = find_derived(run->model, s);
    return d && d->unit ? d->unit : "";
}

const char *mt_pipeline_series_unit_lang(const mt_run *run, const mt_series *s)
{
    const char *label, *unit, *theme, *source;
    mt_pipeline_series_meta(run, s, &label, &unit, &theme, &source);
    return unit;
}

mt_kind mt_pipeline_series_kind(const mt_run *run, const mt_series *s)
{
    if (run->model == NULL)
        return MT_KIND_NONE;
    const mt_indicator *ind = mt_model_find_indicator(run->model, s->indicator);
    if (ind)
        return ind->kind;
    const mt_derived *d = find_derived(run->model, s);
    return d ? d->kind : MT_KIND_NONE;
}

void mt_pipeline_series_title(const mt_run *run, const mt_series *s, char *buf, size_t size)
{
    const char *label, *unit, *theme, *source;
    mt_pipeline_series_meta(run, s, &label, &unit, &theme, &source);
    size_t k = (size_t)snprintf(buf, size, "%s", label);
    if (s->market[0] && k < size)
        k += (size_t)snprintf(buf + k, size - k, ", %s", s->market);
    if (s->region[0] && k < size)
        snprintf(buf + k, size - k, ", %s", s->region);
}

/* ==== per-series analysis ================================================= */

typedef struct {
    mt_series_event *events;
    size_t n_events;
    const mt_series **comparisons; /* storage for every event's comparison list */
    char **comparison_ids;
    /* the period text of each event that comes from a `break` flag (a model
     * event borrows its date text from the model) */
    char (*period_text)[MT_PERIOD_STR_MAX];
} series_events;

static int affects(const mt_event *ev, const mt_series *s)
{
    return mt_strlist_find(&ev->affects, s->indicator) != (size_t)-1 ||
           mt_strlist_find(&ev->affects, s->id) != (size_t)-1;
}

static mt_status collect_events(const mt_run *run, const mt_series *s, series_events *se)
{
    memset(se, 0, sizeof *se);
    const mt_model *m = run->model;
    size_t cap = s->n + (m ? m->n_events : 0) + 1;
    size_t ncomp = 0;
    if (m)
        for (size_t i = 0; i < m->n_events; i++)
            ncomp += m->events[i].comparison.n;
    se->events = calloc(cap, sizeof *se->events);
    se->comparisons = calloc(ncomp + 1, sizeof *se->comparisons);
    se->comparison_ids = calloc(cap, sizeof *se->comparison_ids);
    se->period_text = calloc(cap, sizeof *se->period_text);
    if (!se->events || !se->comparisons || !se->comparison_ids || !se->period_text)
        return MT_ENOMEM;
    double t_first = INFINITY, t_last = -INFINITY;
    for (size_t i = 0; i < s->n; i++)
        if (isfinite(s->value[i])) {
            t_first = fmin(t_first, s->t[i]);
            t_last = fmax(t_last, s->t[i]);
        }
    size_t used = 0;
    if (m) {
        for (size_t i = 0; i < m->n_events; i++) {
            const mt_event *ev = &m->events[i];
            if (!affects(ev, s))
                continue;
            double t = mt_period_time(&ev->date);
            /* an event is the first period of its regime: it matters only
             * when the series has values on both sides */
            if (!(t > t_first + TIME_EPS && t <= t_last + TIME_EPS))
                continue;
            mt_series_event *x = &se->events[se->n_events];
            x->id = ev->id;
            x->label = run->opts.lang == MT_LANG_NL && ev->label_nl ? ev->label_nl : ev->label;
            x->policy = ev->kind == MT_EVENT_POLICY;
            x->ratio = ev->ratio;
            x->ratio_se = ev->ratio_se;
            x->t = t;
            x->period = ev->date_text;
            x->comparison = se->comparisons + used;
            size_t len = 1;
            for (size_t c = 0; c < ev->comparison.n; c++) {
                const mt_series *cs = mt_dataset_find(&run->data, ev->comparison.item[c]);
                if (cs)
                    se->comparisons[used + x->n_comparison++] = cs;
                len += strlen(ev->comparison.item[c]) + 1;
            }
            used += x->n_comparison;
            char *ids = malloc(len);
            if (ids == NULL)
                return MT_ENOMEM;
            ids[0] = '\0';
            for (size_t c = 0; c < ev->comparison.n; c++) {
                if (c)
                    strcat(ids, ";");
                strcat(ids, ev->comparison.item[c]);
            }
            se->comparison_ids[se->n_events] = ids;
            x->comparison_ids = ids;
            se->n_events++;
        }
    }
    /* a data row flagged `break` starts a new definition, unless a model
     * event already marks that period (one break, not two) */
    for (size_t i = 0; i < s->n; i++) {
        if (!(s->flags[i] & MT_FLAG_BREAK))
            continue;
        int dup = 0;
        for (size_t k = 0; k < se->n_events; k++)
            if (!se->events[k].policy && fabs(se->events[k].t - s->t[i]) < 0.5 / mt_freq_per_year(s->freq))
                dup = 1;
        if (dup || !(s->t[i] > t_first + TIME_EPS))
            continue;
        /* the flagged row's own period names the break everywhere
         * (events.csv, the findings, the figure) */
        mt_period_format(&s->period[i], se->period_text[se->n_events], MT_PERIOD_STR_MAX);
        mt_series_event *x = &se->events[se->n_events];
        x->period = se->period_text[se->n_events++];
        x->id = "data-break";
        x->label = run->opts.lang == MT_LANG_NL ? "definitiewijziging (databestand)"
                                                : "change of definition (data file)";
        x->policy = 0;
        x->ratio = x->ratio_se = 0.0;
        x->t = s->t[i];
        x->comparison_ids = "";
    }
    /* definition events sorted by time: the trend design wants them so */
    for (size_t a = 1; a < se->n_events; a++)
        for (size_t b = a; b > 0 && se->events[b - 1].t > se->events[b].t; b--) {
            mt_series_event tmp = se->events[b];
            se->events[b] = se->events[b - 1];
            se->events[b - 1] = tmp;
        }
    return MT_OK;
}

static void events_free(series_events *se)
{
    if (se->comparison_ids)
        for (size_t i = 0; i < se->n_events; i++)
            free(se->comparison_ids[i]);
    free(se->comparison_ids);
    free(se->period_text);
    free(se->comparisons);
    free(se->events);
}

static void series_config(const mt_run *run, const mt_series *s, mt_series_config *c)
{
    memset(c, 0, sizeof *c);
    c->opts = &run->opts;
    c->scale = run->opts.scale;
    c->variance = run->opts.variance;
    c->zeros = run->opts.zeros;
    c->season = run->opts.season;
    c->seed = mt_analyse_seed(run->opts.seed, s->id);
    c->progress = run->progress;
    c->progress_ctx = run->progress_ctx;
    c->project = run->opts.project;
    c->ar1 = run->opts.errors_ar1;
    c->project_until = INFINITY;
    const mt_model *m = run->model;
    if (m == NULL)
        return;
    /* projections reach the end of the edition year at most */
    if (m->monitor.edition) {
        char *end;
        long y = strtol(m->monitor.edition, &end, 10);
        if (end != m->monitor.edition && *end == '\0' && y > 1000 && y < 10000)
            c->project_until = (double)y + 1.0;
    }
    const mt_indicator *ind = mt_model_find_indicator(m, s->indicator);
    const mt_derived *d = ind ? NULL : find_derived(m, s);
    mt_kind kind = mt_pipeline_series_kind(run, s);
    if (!run->opts.scale_set)
        c->scale = ind ? ind->scale : d ? d->scale : MT_SCALE_AUTO;
    if (!run->opts.variance_set)
        c->variance = ind ? ind->variance : MT_VARIANCE_AUTO;
    if (!run->opts.zeros_set && ind && ind->zeros_set)
        c->zeros = ind->zeros;
    c->count = kind == MT_KIND_COUNT;
    if (!run->opts.season_set && ind)
        c->season = ind->season;
    if (!run->opts.errors_set && ind)
        c->ar1 = ind->errors_ar1;
    c->proportion_scale = kind == MT_KIND_PREVALENCE ? 100.0 : 0.0;
}

typedef struct {
    mt_run *run;
    size_t next;
    pthread_mutex_t lock;
    mt_status status;
    mt_error err;
    mt_series_order order;    /* hand-over to run->on_series (stream.h) */
} work;

static void *worker(void *arg)
{
    work *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        size_t i = w->next++;
        int stop = w->status != MT_OK;
        pthread_mutex_unlock(&w->lock);
        if (stop || i >= w->run->data.n)
            return NULL;
        const mt_series *s = &w->run->data.series[i];
        mt_series_config cfg;
        series_config(w->run, s, &cfg);
        series_events se;
        mt_error e;
        mt_error_clear(&e);
        mt_status st = collect_events(w->run, s, &se);
        if (st == MT_OK) {
            cfg.events = se.events;
            cfg.n_events = se.n_events;
            st = mt_analyse_series(s, &cfg, &w->run->results[i], &e);
        } else {
            mt_error_set(&e, st, "out of memory");
        }
        events_free(&se);
        if (st == MT_OK && w->run->on_series)
            st = mt_series_order_done(&w->order, w->run, i, &e);
        if (st != MT_OK) {
            pthread_mutex_lock(&w->lock);
            if (w->status == MT_OK) {
                w->status = st;
                w->err = e;
            }
            pthread_mutex_unlock(&w->lock);
        }
    }
}

static mt_status analyse_series_all(mt_run *run, mt_error *err)
{
    size_t n = run->data.n;
    run->results = calloc(n ? n : 1, sizeof *run->results);
    if (run->results == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    run->n_results = n;
    size_t jobs = run->opts.jobs;
    if (jobs == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = c > 0 ? (size_t)c : 1;
    }
    if (jobs > n)
        jobs = n ? n : 1;
    work w = {.run = run, .next = 0, .status = MT_OK};
    if (run->on_series && mt_series_order_init(&w.order, n) != MT_OK)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    pthread_mutex_init(&w.lock, NULL);
    mt_error_clear(&w.err);
    pthread_t th[64];
    if (jobs > 64)
        jobs = 64;
    size_t started = 0;
    for (size_t i = 1; i < jobs; i++)
        if (pthread_create(&th[started], NULL, worker, &w) == 0)
            started++;
    worker(&w);
    for (size_t i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_mutex_destroy(&w.lock);
    if (run->on_series)
        mt_series_order_clear(&w.order);
    if (w.status != MT_OK) {
        if (err)
            *err = w.err;
        return w.status;
    }
    return MT_OK;
}

/* ==== cross-checks ======= */

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
        se[k] = data_se(s, i);
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
    grid g;
    /* members of different frequencies are not combined here: the composite
     * needs one grid; members are annual in the bundled monitor */
    mt_error ge;
    mt_status st = grid_union(ms, k, &g, &ge);
    if (st != MT_OK) {
        grid_free(&g);
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
        on_grid(ms[i], &g, vals + i * n, NULL);
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
    grid_free(&g);
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
    grid g = {0};
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
        params[i] = param_value(run->model, mt_expr_param(e, i), &found);
        if (!found) {
            st = mt_error_at(err, MT_EPARSE, run->model->file, c->line, 0,
                             "crosscheck %s: unknown parameter '%s'", c->id, mt_expr_param(e, i));
            goto out;
        }
    }
    mt_error ge;
    if ((st = grid_union(ss, nr, &g, &ge)) != MT_OK) {
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
        on_grid(ss[i], &g, vals + i * g.n, NULL);
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
    grid_free(&g);
    free(vals);
    free(v);
    free(se);
    return st;
}

static mt_status crosscheck_all(mt_run *run, mt_error *err)
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

mt_status mt_pipeline_analyse(mt_run *run, mt_error *err)
{
    mt_status st = analyse_series_all(run, err);
    if (st != MT_OK)
        return st;
    return crosscheck_all(run, err);
}

void mt_pipeline_clear(mt_run *run)
{
    if (run == NULL)
        return;
    for (size_t i = 0; i < run->n_results; i++)
        mt_series_result_clear(&run->results[i]);
    free(run->results);
    free(run->cc);
    free(run->cmp);
    free(run->avail);
    mt_dataset_clear(&run->data);
    mt_dataset_clear(&run->input_data);
    mt_model_free(run->model);
    mt_strlist_clear(&run->warnings);
    mt_strlist_clear(&run->inputs);
    mt_strlist_clear(&run->cc_notes);
    free(run->input);
    free(run->name);
    memset(run, 0, sizeof *run);
}
