/*
 * analyse_internal.h - private to src/run: what the parts of the analysis
 * of one series share.  analyse.c builds the fit set and runs the steps in
 * order (mt_analyse_series); analyse_trend.c holds the changes, the trend,
 * Mann-Kendall and the joinpoint model; analyse_events.c the structural
 * breaks and the events; analyse_bands.c the seasonal terms, bands and
 * anomalies; analyse_ext.c the steps of issue 16 (analyse_ext.h).
 */
#ifndef MONITREND_RUN_ANALYSE_INTERNAL_H
#define MONITREND_RUN_ANALYSE_INTERNAL_H

#include <stddef.h>

#include "monitrend/analyse.h"
#include "monitrend/season.h"
#include "monitrend/trend.h"

/* Points of a series that enter the fits. */
typedef struct {
    size_t n;
    size_t *idx;     /* index into the series */
    double *t, *y;   /* y on the data scale */
    double *z;       /* y on the analysis scale */
    double *se_an;   /* SE on the analysis scale, or NULL when not every point has one */
    double *w;       /* inverse-variance weights 1/se_an^2, or NULL (with se_an) */
    /* seasonal terms (season.h): n x ps design, common to every model */
    size_t ps;
    double *S;
    double gamma[MT_SEASON_MAX_COLS]; /* seasonal coefficients of the trend fit */
} fitset;


/* SE of one observation on the analysis scale, from se or from the bounds;
 * NaN when the point carries neither. */
double an_point_se(const mt_series *s, size_t i, int log_scale);

void an_period_str(const mt_series *s, size_t i, char *buf);

void an_run_changes(const mt_series *s, const mt_series_config *cfg, mt_series_result *r);

/* The trend; with a count model (variance POISSON/QUASIPOISSON/AUTO) the
 * log-linear GLM.  AUTO resolves here, once per series: quasi-Poisson when
 * the Pearson dispersion of the Poisson trend fit exceeds 1, else Poisson;
 * *variance receives the model every later fit of the series uses. */
int an_run_trend(fitset *f, mt_scale scale, mt_variance *variance, mt_series_result *r,
                 const double *jump_t, size_t n_jumps, mt_trend_result *tr_out);

void an_run_mk(const fitset *f, int log_scale, mt_series_result *r);

void an_run_breaks(const mt_series *s, const fitset *f, const mt_options *o,
                   mt_series_result *r);

/* Definition changes: the level shifts estimated inside the trend model. */
void an_definition_rows(const mt_series_config *cfg, const mt_trend_result *tr, int have_tr,
                        mt_series_result *r);

void an_policy_rows(const fitset *f, const mt_series_config *cfg, int log_scale,
                    mt_series_result *r);

/* Joinpoint regression on the analysis scale, definition changes as jumps. */
void an_run_joinpoint(const mt_series *s, const fitset *f, const mt_series_config *cfg,
                      mt_variance variance, const double *jump_t, size_t n_jumps,
                      mt_series_result *r);

/* Chow test of a break in the trend (y ~ t) at each event: the first
 * regime ends at the last point before the event.  Independent of the model
 * chosen, so a reader can see whether the data alone show a break there. */
void an_chow_at_events(const fitset *f, mt_series_result *r);

/* The seasonal design of the fitted points (season.h), or none: the
 * resolved choice is recorded in r->season, and a request that cannot be
 * met (a month without data, too few points) is said in the note. */
void an_season_setup(const mt_series *s, const mt_series_config *cfg, size_t n_jumps,
                     fitset *f, mt_series_result *r);

/* Bands of the fitted model (joinpoints as hinges, definition changes as
 * jumps, seasonal terms) at every period of the series, and anomaly flags
 * against it. */
void an_run_bands_anomalies(const mt_series *s, const fitset *f, const fitset *fc,
                            mt_variance variance, const double *jump_t, size_t n_jumps,
                            mt_series_result *r);

#endif
