/*
 * smallstat.h - small statistics that several kernels share, so that each
 * has one implementation (src/core/smallstat.c).
 */
#ifndef MONITREND_SMALLSTAT_H
#define MONITREND_SMALLSTAT_H

#include <stddef.h>

/* Average ranks (1-based) of x[0..n-1] into rank[0..n-1], ties sharing the
 * mean of their ranks (R's rank(ties.method = "average")).  idx is scratch
 * of n size_t.  x must hold no NaN (its order would be undefined). */
void mt_average_ranks(const double *x, size_t n, size_t *idx, double *rank);

#endif
