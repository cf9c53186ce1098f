/*
 * breaks_dist.h - private interface of the distributions of the break
 * statistics (breaks_dist.c) to the fit (breaks.c).  Not installed, not
 * part of the API.
 */
#ifndef MONITREND_BREAKS_DIST_H
#define MONITREND_BREAKS_DIST_H

#include "monitrend/breaks.h"

/* The quantile problem of a break-date interval: pargmax(x; xi, phi1,
 * phi2) = target. */
typedef struct {
    double xi, phi1, phi2, target;
} bp_pargmax_root;

/* Root of mt_bp_pargmax(x) = q->target in [lo, hi] by Brent's method; NaN
 * when it fails. */
double bp_pargmax_quantile(const bp_pargmax_root *q, double lo, double hi);

#endif
