/*
 * analyse.h - the analysis of one series: every method, one record.
 *
 * mt_analyse_series runs, in order, the scale decision, the seasonal terms
 * of a sub-annual series (season.h; common to the trend, joinpoint, break
 * and band models), the log-linear (or linear) trend with level shifts at
 * definition changes, joinpoint
 * regression, Mann-Kendall and Sen, the changes a monitor states, Bai-Perron
 * breaks, policy events, anomaly flags and bands, and fills an
 * mt_series_result.  It does no I/O and touches no shared state, so series are
 * analysed in parallel threads.  A method that cannot run (too few points,
 * zeros on a log scale) leaves its fields NaN and adds a sentence to the
 * record's note; it never fails the series.
 */
#ifndef MONITREND_ANALYSE_H
#define MONITREND_ANALYSE_H

#include <stddef.h>
#include "monitrend/result.h"
#include "monitrend/options.h"
#include "monitrend/season.h"
#include "monitrend/series.h"
#include "monitrend/status.h"

/* An event that touches a series (from the model or a `break` flag). */
typedef struct {
    const char *id;          /* event id (borrowed) */
    const char *label;       /* text (borrowed) */
    const char *label_nl;    /* its Dutch text, NULL when none (borrowed); the
                                writers choose (report.h mt_report_event_label) */
    int policy;              /* 0: definition change (level shift); 1: policy (ITS) */
    double t;                /* decimal years of the first period under the new regime */
    const char *period;      /* that period as text (borrowed) */
    const mt_series *const *comparison; /* policy: comparison series (borrowed), or NULL */
    size_t n_comparison;
    const char *comparison_ids; /* text for the CSV column, "" when none */
    double ratio, ratio_se;  /* definition: comparability ratio and SE (0: none, a level shift) */
} mt_series_event;

/* Per-series settings resolved from the options and the model. */
typedef struct {
    const mt_options *opts;      /* borrowed */
    mt_scale scale;              /* requested scale for this series */
    mt_variance variance;        /* requested variance model (AUTO: by kind) */
    int count;                   /* kind = count: AUTO means a count model */
    mt_zeros zeros;              /* values <= 0 on the log scale */
    mt_season_spec season;       /* requested seasonal terms (resolved by frequency) */
    double proportion_scale;     /* 100 for prevalences in %, else 0 */
    const mt_series_event *events; /* borrowed */
    size_t n_events;
    unsigned long seed;          /* this series' own stream (see mt_analyse_seed) */
    /* Progress of the permutation tests and the bootstrap, or NULL: msg is
     * one line ("<series>: bootstrap 50 of 500 samples"); may be called
     * from several threads at once. */
    void (*progress)(void *ctx, const char *msg);
    void *progress_ctx;
    size_t project;              /* periods to project past the data (0 = none) */
    int ar1;                     /* AR(1) errors in the trend and the joinpoint model
                                    (ar1.h, joinpoint_ar1.h) */
    double project_until;        /* no projection at or after this time (end of the
                                    edition year; INFINITY without an edition year) */
    mt_series_meta meta;         /* the model's metadata, copied into the result as it
                                    starts (result.h), for the writers */
} mt_series_config;

/* A seed for one series, derived from the run seed and the series id
 * (FNV-1a of the id mixed with the seed), so that results do not depend on
 * the order or number of threads. */
unsigned long mt_analyse_seed(unsigned long run_seed, const char *id);

/* Analyse s into r (zeroed and filled; arrays owned by r, freed with
 * mt_series_result_clear).  Returns MT_ENOMEM on allocation failure; every
 * statistical failure is a note, not an error. */
mt_status mt_analyse_series(const mt_series *s, const mt_series_config *cfg,
                            mt_series_result *r, mt_error *err);

/* Free the arrays owned by r (not r itself).  NULL is a no-op. */
void mt_series_result_clear(mt_series_result *r);

#endif
