/*
 * crosscheck_stats.h - private interface of the small statistics of the
 * cross-checks (crosscheck_stats.c) to the cross-check types (crosscheck.c,
 * crosscheck_groups.c).  Not installed, not part of the API.
 */
#ifndef MONITREND_CROSSCHECK_STATS_H
#define MONITREND_CROSSCHECK_STATS_H

#include <math.h>
#include <stddef.h>

#include "monitrend/crosscheck.h"

/* A value that has a logarithm: finite and positive. */
static inline int cc_usable(double y) { return isfinite(y) && y > 0; }

/* Every number of f NaN, n and direction 0: the state of a fit not made. */
void cc_loglin_nan(mt_loglin *f);

/* Every number of c NaN, n 0. */
void cc_corr_nan(mt_correlation *c);

/* Sample cross-covariance (divisor n, R's acf with na.pass) of x and y at
 * lag k: sum_t (x_{t+k} - mx)(y_t - my) / n over the pairs both finite. */
double cc_cross_cov(const double *x, const double *y, size_t n, double mx, double my, int k);

/* Mean of the finite values of x (NaN when none); their count in *k_out
 * (may be NULL). */
double cc_finite_mean(const double *x, size_t n, size_t *k_out);

/* Yule-Walker AR fit of a gap-free x, order 0..max_order (at most
 * MT_CROSSCHECK_MAX_AR) chosen by AIC as R's ar.yw: returns the order and
 * writes phi[0..order-1]; -1 when x is constant. */
int cc_ar_yule_walker(const double *x, size_t n, size_t max_order, double *phi);

#endif
