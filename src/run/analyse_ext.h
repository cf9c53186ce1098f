/*
 * analyse_ext.h - private to src/run: the steps of the per-series analysis
 * added by issue 16 (comparability ratios, seasonal terms, AR(1) errors,
 * projection), kept out of analyse.c.  They work on a view of the series'
 * fit set: the points fitted, on the data scale (y) and the analysis scale
 * (z), with SEs and weights when every point has one.
 */
#ifndef MONITREND_RUN_ANALYSE_EXT_H
#define MONITREND_RUN_ANALYSE_EXT_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "monitrend/analyse.h"
#include "monitrend/bands.h"
#include "monitrend/joinpoint.h"
#include "monitrend/season.h"
#include "monitrend/trend.h"

typedef struct {
    size_t n;
    const double *t;
    double *y, *z;     /* data and analysis scale (may be changed in place) */
    double *se_an, *w; /* SEs on the analysis scale and weights, or NULL */
} an_points;

/* Bridge the definition changes with a comparability ratio (comparability.h):
 * earlier values multiplied, SEs by the delta method, weights again from
 * them.  *g: one derivative vector per bridge (n_bridges x n, caller frees);
 * var: each ratio's theta variance.  MT_ENOMEM only. */
mt_status an_bridge_all(const mt_series_config *cfg, an_points *f, int log_scale,
                        mt_series_result *r, double **g, double *var, size_t *n_bridges);

/* Shared with analyse.c, which defines them: append a typed note to the
 * record (series_note.h; id and text copied, NULL for none), and the label of
 * the observed period closest to t (else the period containing t). */
void an_snote(mt_series_result *r, const mt_series_note *x, const char *id, const char *text);
/* A step's failure is a note on the series, except running out of memory:
 * that is the run's error (mt_analyse_series checks r->oom at the end), so
 * that a result is never silently missing a part (issue 13, defect 10). */
mt_status an_oom_guard(mt_series_result *r, mt_status st);

#define AN_SNOTE(r, id, text, ...) an_snote((r), &(mt_series_note){__VA_ARGS__}, (id), (text))
/* A step that failed with error e (set by its kernel): its note, and when it
 * ran out of memory the run's error as well (an_oom_guard), so that a result
 * is never silently missing a part. */
#define AN_ENOTE(r, id, e, ...) \
    (an_oom_guard((r), (e).status), AN_SNOTE((r), (id), (e).msg, __VA_ARGS__))
void an_period_at(const mt_series *s, double t, char *buf);

/* An unweighted trend: the slope variance the shared ratios add. */
void an_bridge_inflate(const an_points *f, const double *g, const double *var, size_t nb,
                       const double *jump_t, size_t n_jumps, const mt_trend_result *tr,
                       mt_series_result *r);

/* AR(1) errors in the trend (ar1.h), or the Durbin-Watson note; counts
 * and seasons (flags) keep independent errors with a note. */
void an_trend_ar1(const mt_series *s, const an_points *f, const mt_series_config *cfg,
                  const double *jump_t, size_t n_jumps, int counts, int seasons,
                  mt_series_result *r);

/* 1 when the joinpoints are to be fitted with AR(1) errors; a count model
 * (poisson) gets a note instead and 0. */
int an_jp_ar1_wanted(const mt_series_config *cfg, int poisson, mt_series_result *r);

/* Joinpoints selected and fitted with AR(1) errors (joinpoint_ar1.h), the
 * series' lags in periods; notes phi.  Errors of mt_jp_ar1_fit. */
mt_status an_jp_ar1_fit(const mt_series *s, const double *t, const double *y, const double *w,
                        size_t n, const mt_jp_options *jo, mt_jp_result **jr, double *phi,
                        mt_series_result *r, mt_error *err);

/* The bands' model X (n x p, the points of f) fitted with AR(1) errors at
 * phi (GLS: least squares on the transformed model, weights folded in), so
 * that bands and fitted line are those of the AR(1) joinpoint model; a new
 * point then has the variance s^2 / ((1 - phi^2) w0).  Errors of
 * mt_bands_fit, MT_ENOMEM. */
mt_status an_bands_fit_ar1(const mt_series *s, const an_points *f, const gsl_matrix *X, double phi,
                           mt_linfit **fit, mt_error *err);

/* The last joinpoint segment projected past the data (projection.h); phi:
 * the model's AR(1) coefficient, 0 for independent errors. */
void an_project_last_segment(const mt_series *s, const an_points *f, const mt_series_config *cfg,
                             const mt_jp_result *jr, const double *w, double phi,
                             mt_series_result *r);

#endif
