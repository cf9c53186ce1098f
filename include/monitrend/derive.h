/*
 * derive.h - derived series computed before analysis: population-weighted
 * aggregates of sites, and indices with base period = 100 (optionally with
 * the EUDA gap rules).
 *
 * All kernels work on series aligned by the caller on one common period grid
 * of n_periods entries, NaN = missing.  Member arrays are passed as an array
 * of n_members pointers.  Outputs are caller-owned arrays of the stated
 * length; nothing is allocated that outlives a call.
 */
#ifndef MONITREND_DERIVE_H
#define MONITREND_DERIVE_H

#include <stddef.h>
#include "monitrend/status.h"

/* Population-weighted mean of member sites (SCORE/EUDA national picture):
 *   value[t] = sum_i w_i y_i(t) / sum_i w_i   over members i present at t,
 *   coverage[t] = sum_{i present} w_i / sum_all w_i.
 * A period whose coverage is below min_coverage (0..1) gets value NaN (its
 * coverage is still reported), so a mean over a few small sites is never
 * passed off as the national figure.  se (may be NULL; else n_members
 * pointers, each NULL or n_periods SEs): se_out[t] = sqrt(sum (w_i/W_t)^2
 * se_i^2) with W_t the present weight, the sites taken as independent; NaN
 * when a present member lacks an SE or no member carries SEs.  n_present
 * (may be NULL) receives the number of members present per period.
 * Errors: MT_EINVAL for NULL arrays, no members, a weight that is negative
 * or not finite, all weights zero, or min_coverage outside [0, 1]. */
mt_status mt_derive_aggregate(size_t n_members, size_t n_periods,
                              const double *const *values, const double *const *se,
                              const double *weights, double min_coverage,
                              double *value, double *se_out, double *coverage,
                              size_t *n_present, mt_error *err);

/* Single-series index, base period = 100: index[t] = 100 y[t] / y[base].
 * se (may be NULL) gives index_se by the delta method with the base value
 * uncertain as well (independent points): var = 100^2 (se_t^2 / y_b^2 +
 * y_t^2 se_b^2 / y_b^4) for t != base, 0 at the base.  index_se may be NULL.
 * Errors: MT_EINVAL when base >= n or y[base] is missing, zero or
 * negative (the message says which). */
mt_status mt_derive_index(const double *y, const double *se, size_t n, size_t base,
                          double *index, double *index_se, mt_error *err);

/* How a value of a gap-filled series came about. */
typedef enum {
    MT_FILL_OBSERVED = 0,
    MT_FILL_MISSING,       /* not imputed (member dropped, or no rule applies) */
    MT_FILL_CARRIED,       /* last value carried forward (a trailing gap) */
    MT_FILL_BACKFILLED,    /* first value filled backwards (a leading gap) */
    MT_FILL_INTERPOLATED   /* linear interpolation between neighbours */
} mt_fill;

/* The EUDA gap rules for indexed trends (European Drug Report, statistical
 * bulletin notes on price and purity indices): a series missing two or more
 * consecutive periods anywhere is excluded (*dropped = 1, out all NaN, how
 * all MT_FILL_MISSING for the gaps); otherwise a single missing last period
 * is carried forward, a single missing first period is backfilled, and any
 * other single gap is interpolated linearly between its neighbours.
 * A series with fewer than two observed values is dropped too.  out and how
 * have n entries.  Errors: MT_EINVAL for NULL arrays or n == 0. */
mt_status mt_derive_fill_euda(const double *y, size_t n, double *out, mt_fill *how,
                              int *dropped, mt_error *err);

/* Group index: each member is indexed to its own base value (= 100), after
 * the EUDA gap rules when euda_gaps is non-zero, and the group index is the
 * mean of the member indices present at each period, weighted by weights
 * (may be NULL: equal weights; EUDA weights national indices by population).
 * A member missing at the base period (after filling) is dropped.
 * Outputs: index and coverage (n_periods each; coverage = share of the total
 * weight of all members present, observed or imputed; index NaN where no
 * member is present or coverage < min_coverage); how (may be NULL;
 * n_members * n_periods, member-major: how[i * n_periods + t]) says which
 * values were imputed; dropped (may be NULL; n_members) flags excluded
 * members.  Errors: MT_EINVAL as for mt_derive_aggregate and for
 * base >= n_periods; MT_ETOOFEW when every member is dropped. */
mt_status mt_derive_group_index(size_t n_members, size_t n_periods,
                                const double *const *values, const double *weights,
                                size_t base, int euda_gaps, double min_coverage,
                                double *index, double *coverage, mt_fill *how,
                                int *dropped, mt_error *err);

#endif
