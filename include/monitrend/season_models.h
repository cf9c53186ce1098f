/*
 * season_models.h - joinpoint and break models with seasonal terms common to
 * all segments (partial structural change).  See season.h for the seasonal
 * columns and season_models.c for the procedure: the search kernels run on
 * z - S g, the full model is refitted at the locations they choose, and the
 * two steps alternate until the locations repeat (Bai and Perron 2003).
 */
#ifndef MONITREND_SEASON_MODELS_H
#define MONITREND_SEASON_MODELS_H

#include <stddef.h>

#include "monitrend/breaks.h"
#include "monitrend/joinpoint.h"
#include "monitrend/season.h"

/* The joinpoint model with fixed joinpoints taus[0..k-1], the jumps of o and
 * the seasonal columns S (n x ps) by weighted least squares.  *out is a new
 * result (caller frees) whose coef/cov/segments/AAPCs are those of the full
 * model: coefficient order as mt_jp_result, seasonal terms left out;
 * df = n - 2 - 2k - n_jumps - ps (each joinpoint counts twice, as the
 * Program counts it; R's lm at fixed joinpoints has df + k); fitted and
 * mt_jp_predict give the seasonally adjusted line.  gamma[ps] receives the
 * seasonal coefficients.  Gaussian family only. */
mt_status mt_season_jp_refit(const double *t, const double *z, const double *w, size_t n,
                             const double *S, size_t ps, const double *taus, int k,
                             const mt_jp_options *o, mt_jp_result **out, double *gamma,
                             mt_error *err);

/* Joinpoint search and selection with seasonal terms, starting from the
 * seasonal estimate gamma0 (e.g. of mt_season_trend_fit).  The default
 * maximum number of joinpoints (max_joinpoints < 0) is the Program's for
 * n - ps points; any maximum is lowered so that the full model keeps df >= 1.
 * *iterations: rounds used, negated when the joinpoints did not settle
 * within 20 rounds (the last round is returned).  kstats are those of the
 * search on the adjusted series of the last round. */
mt_status mt_season_jp_fit(const double *t, const double *z, const double *w, size_t n,
                           const double *S, size_t ps, const double *gamma0,
                           const mt_jp_options *opts, mt_jp_result **out, double *gamma,
                           int *iterations, mt_error *err);

/* Bai-Perron breaks with seasonal terms common to all segments.  *out is
 * the break search on the adjusted series z - S gamma at the fixed point;
 * gamma and *sse are those of the full least-squares model at its breaks
 * (segment-specific intercept, and slope for MT_BP_TREND, plus S).
 * *iterations as for mt_season_jp_fit. */
mt_status mt_season_bp_fit(const double *t, const double *z, size_t n, const double *S, size_t ps,
                           const double *gamma0, const mt_bp_options *bo, mt_bp_result *out,
                           double *gamma, double *sse, int *iterations, mt_error *err);

#endif
