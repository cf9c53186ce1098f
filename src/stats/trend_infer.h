/*
 * trend_infer.h - private interface of the inference shared by the trend
 * fits (trend.c) and the trend fits with seasonal terms (season.c).  Not
 * installed, not part of the API.
 */
#ifndef MONITREND_TREND_INFER_H
#define MONITREND_TREND_INFER_H

#include <stddef.h>

#include "monitrend/trend.h"

/*
 * The estimates of a fit whose time column was centred at res->t_center:
 * from the p centred coefficients cc (intercept, slope, jumps) and their
 * covariance in res->cov_centered (p x p, row-major), fill res->a_center,
 * res->coef and res->cov for the intercept at t = 0 (a = a_c - t_c b), the
 * standard errors, and the slope and jump intervals and p-values at
 * confidence level, from the t distribution with df degrees of freedom or,
 * when normal, the normal one (a known dispersion).  On the log scale the
 * rates are annual percent changes, 100 (e^b - 1), and the jumps percent
 * steps.
 */
void mt_trend_infer(mt_trend_result *res, const double *cc, size_t p, double df, double level,
                    int normal, int log_scale);

#endif
