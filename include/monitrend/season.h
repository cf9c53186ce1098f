/*
 * season.h - seasonal terms for sub-annual series (monthly, quarterly,
 * weekly): the log-linear (or linear) trend net of the season,
 *
 *     z_i = a + b (t_i - tc) + sum_m c_m 1(t_i >= s_m) + S(t_i) + e_i,
 *
 * with S either season dummies (one per season but the first, as R's
 * lm(log(y) ~ t + factor(month)) with treatment contrasts) or K Fourier
 * pairs sin(2 pi k t), cos(2 pi k t), k = 1..K (t in years; K < per_year/2).
 * b is per year, so 100 (e^b - 1) is an annual percent change net of the
 * season.  The fitted seasonal component, centred to mean zero over one
 * cycle, is what a seasonally adjusted series subtracts.  Method and
 * checks: docs/methods-trend.md.  No I/O, no global state.
 */
#ifndef MONITREND_SEASON_H
#define MONITREND_SEASON_H

#include <stddef.h>
#include "monitrend/status.h"

typedef enum { MT_SEASON_DEFAULT = 0, MT_SEASON_NONE, MT_SEASON_DUMMIES, MT_SEASON_FOURIER } mt_season_kind;

typedef struct {
    mt_season_kind kind;   /* DEFAULT: dummies for 4 and 12 periods a year, none otherwise */
    int harmonics;         /* K for MT_SEASON_FOURIER */
} mt_season_spec;

#define MT_SEASON_MAX_COLS 60

/* The kind that applies at per_year periods a year (DEFAULT resolved;
 * annual series never have seasons). */
mt_season_kind mt_season_resolve(const mt_season_spec *s, int per_year);

/* Season of time t at per_year periods a year: 0 .. per_year-1. */
int mt_season_index(double t, int per_year);

typedef struct {
    size_t n, p;            /* points, coefficients (2 + jumps + seasonal) */
    size_t n_season_cols;
    double slope, slope_se, slope_lo, slope_hi, p_slope, df;
    double intercept_c;     /* level at tc net of the season (first season for dummies) */
    double tc;
    double sse;
} mt_season_fit;

/*
 * Fit the model above by least squares (weights w, NULL = none) on
 * (t, z), z on the analysis scale, level 1 - alpha for the slope CI;
 * seasonal (n values, may be NULL) receives the fitted seasonal component at
 * each t, centred over one cycle.  Errors: MT_EINVAL (bad spec, K too large,
 * NULL), MT_ETOOFEW (n <= p), MT_ESINGULAR (a season never observed, ...),
 * MT_ENOMEM.
 */
mt_status mt_season_trend(const double *t, const double *z, const double *w, size_t n,
                          const double *jumps, size_t n_jumps, const mt_season_spec *spec,
                          int per_year, double alpha, mt_season_fit *out, double *seasonal,
                          mt_error *err);

#endif
