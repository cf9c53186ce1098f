/*
 * pipeline_threads.c - the per-series analysis of a run in worker threads
 * (analyse.c), each series with its own random stream so that results do
 * not depend on the thread count; the events and settings of each series
 * gathered from the model.  Each series' result is handed to
 * run->on_series in series order as soon as it is done (stream.c).
 */
#include "pipeline_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitrend/analyse.h"
#include "stream.h"

#define TIME_EPS MT_PL_TIME_EPS

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
            x->label = ev->label;
            x->label_nl = ev->label_nl;
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
        x->label = NULL; /* its words: report.h mt_report_event_label */
        x->label_nl = NULL;
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
    /* the model's metadata, resolved once for the writers (result.h) */
    mt_pl_resolve_meta(run, s, &c->meta);
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
    const mt_derived *d = ind ? NULL : mt_pl_find_derived(m, s);
    mt_kind kind = c->meta.kind;
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

/* The next series of a run read one at a time (run->source_next), under
 * the work lock so that series i is the i-th of the file; NULL with the
 * status in *st on failure. */
static mt_series *read_next(mt_run *run, mt_status *st, mt_error *e)
{
    mt_series *s = calloc(1, sizeof *s);
    if (s == NULL) {
        *st = mt_error_set(e, MT_ENOMEM, "out of memory");
        return NULL;
    }
    if ((*st = run->source_next(run->source_ctx, s, e)) != MT_OK) {
        mt_series_clear(s);
        free(s);
        return NULL;
    }
    return s;
}

static void *worker(void *arg)
{
    work *w = arg;
    mt_run *run = w->run;
    const int streamed = run->source_next != NULL;
    const size_t n = streamed ? run->n_source : run->data.n;
    for (;;) {
        mt_error e;
        mt_error_clear(&e);
        mt_status st = MT_OK;
        const mt_series *s = NULL;
        pthread_mutex_lock(&w->lock);
        size_t i = w->next++;
        int stop = w->status != MT_OK || i >= n;
        if (!stop && streamed)
            s = read_next(run, &st, &e);
        pthread_mutex_unlock(&w->lock);
        if (stop)
            return NULL;
        mt_series_result *r = streamed ? calloc(1, sizeof *r) : &run->results[i];
        if (streamed && st == MT_OK && r == NULL)
            st = mt_error_set(&e, MT_ENOMEM, "out of memory");
        if (!streamed)
            s = &run->data.series[i];
        if (st == MT_OK) {
            mt_series_config cfg;
            series_config(run, s, &cfg);
            series_events se;
            st = collect_events(run, s, &se);
            if (st == MT_OK) {
                cfg.events = se.events;
                cfg.n_events = se.n_events;
                st = mt_analyse_series(s, &cfg, r, &e);
            } else {
                mt_error_set(&e, st, "out of memory");
            }
            events_free(&se);
        }
        if (st == MT_OK && run->on_series)
            st = mt_series_order_done(&w->order, run, i, r, &e);
        else if (streamed) { /* failed: nobody else will free them */
            if (r)
                mt_series_result_clear(r);
            free(r);
            if (s)
                mt_series_clear((mt_series *)s);
            free((mt_series *)s);
        }
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

mt_status mt_pl_analyse_series_all(mt_run *run, mt_error *err)
{
    const int streamed = run->source_next != NULL;
    size_t n = streamed ? run->n_source : run->data.n;
    if (streamed && run->on_series == NULL)
        return mt_error_set(err, MT_EINVAL, "a run read series by series needs a writer (on_series)");
    if (!streamed) {
        run->results = calloc(n ? n : 1, sizeof *run->results);
        if (run->results == NULL)
            return mt_error_set(err, MT_ENOMEM, "out of memory");
        run->n_results = n;
    }
    size_t jobs = run->opts.jobs;
    if (jobs == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = c > 0 ? (size_t)c : 1;
    }
    if (jobs > n)
        jobs = n ? n : 1;
    work w = {.run = run, .next = 0, .status = MT_OK};
    if (run->on_series && mt_series_order_init(&w.order, n, streamed) != MT_OK)
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
    run->n_series = n;
    return MT_OK;
}
