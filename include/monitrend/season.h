/*
 * season.h - seasonal terms for sub-annual series (monthly, quarterly,
 * weekly) in the trend, joinpoint and break models.
 *
 * A seasonal series is modelled on the analysis scale z as
 *
 *     z_i = (trend model)_i + sum_c g_c s_c(i) + e_i
 *
 * where the s_c are either
 *   dummies    effect-coded season indicators, R's contr.sum: column c
 *              (c = 0 .. S-2) is 1 in season c, -1 in the last season S-1,
 *              0 otherwise; S = 12 for months, 4 for quarters;
 *   fourier K  sin(2 pi k t), cos(2 pi k t) for k = 1..K with t in decimal
 *              years (the sine at k = S/2 is identically 0 on a monthly or
 *              quarterly grid and is dropped).
 * Both codings sum to zero over a year, so the trend part alone (the
 * intercept, slope, hinges and jumps) is the seasonally adjusted line: the
 * level averaged over the seasons.  Slopes, their SE and the APC do not
 * depend on the coding: R's lm(log(y) ~ t + factor(month)) gives the same.
 * The seasonal parameters are common to all segments of a joinpoint or break
 * model (partial structural change, Bai and Perron 2003).
 * Formulas and sources: docs/methods-trend.md, "Seasonal terms".
 *
 * No I/O and no state: plain arrays in, caller-owned results out.
 */
#ifndef MONITREND_SEASON_H
#define MONITREND_SEASON_H

#include <stddef.h>

#include "monitrend/period.h"
#include "monitrend/status.h"
#include "monitrend/trend.h"

typedef enum {
    MT_SEASON_AUTO = 0, /* by frequency: dummies for months and quarters,
                           fourier MT_SEASON_WEEK_K for weeks, none otherwise */
    MT_SEASON_NONE,
    MT_SEASON_DUMMIES,
    MT_SEASON_FOURIER
} mt_season_kind;

/* Default number of harmonics for weekly series: 3 pairs (6 parameters)
 * describe a smooth annual cycle, where 52 dummies would eat the degrees of
 * freedom of a short series and do not fit 53-week years. */
#define MT_SEASON_WEEK_K 3
#define MT_SEASON_MAX_K 26
/* At most 2 * 26 columns (weekly fourier 26); 11 for monthly dummies. */
#define MT_SEASON_MAX_COLS 52

typedef struct {
    mt_season_kind kind;
    int k;              /* fourier: harmonics, 0 = the default for the frequency */
} mt_season_spec;

/* Parse "auto", "none", "dummies", "fourier" or "fourier K" (1 <= K <= 26).
 * MT_EINVAL with a message saying what was expected. */
mt_status mt_season_parse(const char *text, mt_season_spec *out, mt_error *err);

/* "none", "dummies", "fourier 3" (or "auto"). */
void mt_season_format(const mt_season_spec *s, char *buf, size_t len);

/* Resolve AUTO and the default K for a series of frequency f.  Annual and
 * daily series get none; dummies on weekly or annual data and K above half
 * the periods per year are MT_EINVAL. */
mt_status mt_season_resolve(const mt_season_spec *req, mt_freq f, mt_season_spec *out,
                            mt_error *err);

/* The seasonal design of n points: row-major n x ncol in X (caller-owned,
 * n * MT_SEASON_MAX_COLS doubles suffice).  season[i] is the 0-based season
 * of point i (month - 1 or quarter - 1; used by dummies), t[i] its decimal
 * year (used by fourier).  A season without any observation makes the
 * design singular: MT_ESINGULAR naming it. */
mt_status mt_season_design(const mt_season_spec *s, mt_freq f, const int *season,
                           const double *t, size_t n, double *X, size_t *ncol, mt_error *err);

/* Weighted least squares of z on [B | S] (B n x pb, S n x ps, row-major):
 * coef[pb + ps], xtxi[(pb+ps)^2] = (X'WX)^-1 (unscaled), *sse the weighted
 * residual sum of squares.  w may be NULL.  MT_ESINGULAR when the design is
 * not of full rank (MT_TREND_RANK_TOL), MT_ENOMEM. */
mt_status mt_season_wls(const double *B, size_t pb, const double *S, size_t ps, const double *z,
                        const double *w, size_t n, double *coef, double *xtxi, double *sse,
                        mt_error *err);

/* The log-linear or linear trend of mt_trend_fit with the seasonal columns
 * S (n x ps) added.  Every field of res is as mt_trend_fit documents, for
 * the trend block (intercept, slope, jumps); df = n - 2 - n_jumps - ps, so
 * SE, t, p and CIs are those of R's lm with the seasonal terms.  res->a and
 * mt_trend_predict give the seasonally adjusted line.  gamma (optional, ps
 * values) receives the seasonal coefficients. */
mt_status mt_season_trend_fit(const double *t, const double *y, const double *se, size_t n,
                              const mt_trend_opts *opts, const double *S, size_t ps,
                              mt_trend_result *res, double *gamma, mt_error *err);

#endif
