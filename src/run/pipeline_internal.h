/*
 * pipeline_internal.h - private to src/run: what the parts of the run share.
 *
 * The run (pipeline.h) is split by job: pipeline.c loads the inputs and
 * merges the options, pipeline_derive.c computes the derived series,
 * pipeline_threads.c analyses every series in worker threads,
 * pipeline_cc.c runs the cross-checks and pipeline_meta.c resolves the
 * model's metadata of a series.
 */
#ifndef MONITREND_RUN_PIPELINE_INTERNAL_H
#define MONITREND_RUN_PIPELINE_INTERNAL_H

#include <stddef.h>

#include "monitrend/pipeline.h"

/* Periods of two series are the same when their times are this close. */
#define MT_PL_TIME_EPS 1e-9

/* A period grid: the sorted union of the periods of some series of one
 * frequency. */
typedef struct {
    size_t n;
    mt_period *period;
    double *t;
} mt_pl_grid;

void mt_pl_grid_free(mt_pl_grid *g);

/* g: the union of the periods of the k series ss (one frequency: MT_EINVAL
 * names the two that differ). */
mt_status mt_pl_grid_union(const mt_series *const *ss, size_t k, mt_pl_grid *g, mt_error *err);

/* SE of observation j on the data scale: the se column, else the 95%
 * bounds converted by mt_change_se_from_ci; NaN when neither is given. */
double mt_pl_data_se(const mt_series *s, size_t j);

/* Values (and SEs, when se is not NULL) of s on the grid g; excluded points
 * count as missing. */
void mt_pl_on_grid(const mt_series *s, const mt_pl_grid *g, double *y, double *se);

/* The value of the model's [param:NAME]; *found 0 (and NaN) when none. */
double mt_pl_param_value(const mt_model *m, const char *name, int *found);

/* Every derived series of the model into run->data, in dependency order;
 * a derivation that lacks data is skipped with a warning. */
mt_status mt_pl_derive_all(mt_run *run, mt_error *err);

/* Series of `role = input` indicators moved from run->data to
 * run->input_data. */
mt_status mt_pl_split_inputs(mt_run *run, mt_error *err);

/* The model's metadata of series s (result.h). */
void mt_pl_resolve_meta(const mt_run *run, const mt_series *s, mt_series_meta *out);

/* run->no_data: the model's indicators (not `role = input`) without a
 * series in run->data.  MT_ENOMEM. */
mt_status mt_pl_find_no_data(mt_run *run, mt_error *err);

/* The model's derived definition of series s, or NULL (m may be NULL). */
const mt_derived *mt_pl_find_derived(const mt_model *m, const mt_series *s);

/* run->results: every series of run->data analysed, opts.jobs threads. */
mt_status mt_pl_analyse_series_all(mt_run *run, mt_error *err);

/* Every cross-check of the model into run->cc, run->avail, run->cmp and
 * run->cc_lack. */
mt_status mt_pl_crosscheck_all(mt_run *run, mt_error *err);

#endif
