/*
 * stream.h - series handed to the writers in series order as the worker
 * threads finish them (mt_run.on_series, pipeline.h).  Private to src/run.
 */
#ifndef MONITREND_RUN_STREAM_H
#define MONITREND_RUN_STREAM_H

#include <pthread.h>
#include <stddef.h>
#include "monitrend/pipeline.h"

typedef struct {
    pthread_mutex_t lock;
    unsigned char *done;   /* per series: analysed */
    mt_series_result **slot; /* a run read series by series: each result until it is
                                handed over, then it and its series are freed */
    size_t n, next;        /* next series to hand over */
    int busy;              /* a thread is handing series over */
    mt_status status;      /* first failure of on_series, sticky */
} mt_series_order;

/* For n series; drop: the results are the run's of one series at a time
 * (pipeline.h run->source_next), freed once handed over.  MT_ENOMEM. */
mt_status mt_series_order_init(mt_series_order *o, size_t n, int drop);

/* Series i of run is analysed into r: hand it, and every series after it that is
 * ready, to run->on_series unless another thread is doing so (that thread
 * then takes them).  Returns the failure of on_series to the thread that
 * met it (err filled), MT_OK to the others. */
mt_status mt_series_order_done(mt_series_order *o, mt_run *run, size_t i, mt_series_result *r,
                               mt_error *err);

void mt_series_order_clear(mt_series_order *o);

#endif
