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

#include <stdlib.h>

mt_status mt_series_order_init(mt_series_order *o, size_t n)
{
    o->done = calloc(n ? n : 1, 1);
    if (o->done == NULL)
        return MT_ENOMEM;
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

mt_status mt_series_order_done(mt_series_order *o, mt_run *run, size_t i, mt_error *err)
{
    pthread_mutex_lock(&o->lock);
    o->done[i] = 1;
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
        st = run->on_series(run->on_series_ctx, &run->results[k], err);
        if (st == MT_OK && !run->opts.figures)
            release_bands(&run->results[k]);
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
    free(o->done);
    o->done = NULL;
}
