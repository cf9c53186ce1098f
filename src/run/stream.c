/*
 * stream.c - results handed over in series order (stream.h).
 *
 * Whichever worker finds the next series in order analysed takes the
 * hand-over role and writes every ready series, while the other workers go
 * on analysing; a worker that finishes while the role is taken only marks
 * its series.  So writing overlaps the analysis without a writer thread of
 * its own, and the files get the series in the same order for any number
 * of threads.
 */
#include "stream.h"

#include "monitrend/analyse.h"

#include <stdlib.h>

mt_status mt_series_order_init(mt_series_order *o, size_t n, int drop)
{
    o->done = calloc(n ? n : 1, 1);
    o->slot = drop ? calloc(n ? n : 1, sizeof *o->slot) : NULL;
    if (o->done == NULL || (drop && o->slot == NULL)) {
        free(o->done);
        free(o->slot);
        return MT_ENOMEM;
    }
    o->n = n;
    o->next = 0;
    o->busy = 0;
    o->status = MT_OK;
    pthread_mutex_init(&o->lock, NULL);
    return MT_OK;
}

/* With no figures to draw, nothing after the writers reads the bands of a
 * result (the findings, cross-checks and comparisons do not), so they go as
 * soon as the series is written: memory then grows by the result record per
 * series, not by its per-observation arrays. */
static void release_bands(mt_series_result *r)
{
    double **a[] = {&r->fitted, &r->ci_lo, &r->ci_hi, &r->pi_lo, &r->pi_hi,
                    &r->sim_lo, &r->sim_hi, &r->boot_lo, &r->boot_hi, &r->jp_fitted};
    for (size_t k = 0; k < sizeof a / sizeof a[0]; k++) {
        free(*a[k]);
        *a[k] = NULL;
    }
}

/* A result of a run read series by series, and its series, once written. */
static void drop_result(mt_series_result *r)
{
    mt_series *s = (mt_series *)r->series;
    mt_series_result_clear(r);
    free(r);
    mt_series_clear(s);
    free(s);
}

mt_status mt_series_order_done(mt_series_order *o, mt_run *run, size_t i, mt_series_result *r,
                               mt_error *err)
{
    pthread_mutex_lock(&o->lock);
    o->done[i] = 1;
    if (o->slot)
        o->slot[i] = r;
    if (o->busy || o->status != MT_OK) {
        /* taken by the thread handing over, or failed there (that thread
         * reports the error and the workers stop) */
        pthread_mutex_unlock(&o->lock);
        return MT_OK;
    }
    o->busy = 1;
    mt_status st = MT_OK;
    while (o->next < o->n && o->done[o->next]) {
        size_t k = o->next++;
        pthread_mutex_unlock(&o->lock);
        mt_series_result *res = o->slot ? o->slot[k] : &run->results[k];
        st = run->on_series(run->on_series_ctx, res, err);
        if (o->slot) {
            drop_result(res);
            o->slot[k] = NULL; /* the slot is read only for series not yet handed over */
        } else if (st == MT_OK && !run->opts.figures) {
            release_bands(res);
        }
        pthread_mutex_lock(&o->lock);
        if (st != MT_OK) {
            o->status = st;
            break;
        }
    }
    o->busy = 0;
    pthread_mutex_unlock(&o->lock);
    return st;
}

void mt_series_order_clear(mt_series_order *o)
{
    pthread_mutex_destroy(&o->lock);
    /* after a failure: the results analysed but never handed over */
    for (size_t i = 0; o->slot && i < o->n; i++)
        if (o->slot[i])
            drop_result(o->slot[i]);
    free(o->slot);
    free(o->done);
    o->done = NULL;
    o->slot = NULL;
}
