/*
 * comparability.h - bridging a definition change with a comparability ratio,
 * as vital statistics and the NCI Joinpoint Program do (e.g. NCHS ICD-9 to
 * ICD-10 comparability ratios, Anderson et al. 2001, National Vital
 * Statistics Reports 49(2)).
 *
 * A publisher that counts one bridge period under both definitions gives
 * R = (value under the new definition) / (value under the old one) and its
 * standard error s_R.  Values before the change are multiplied by R, so the
 * whole series is on the new definition and one trend is fitted across the
 * change (no level shift).  The uncertainty of R enters by the delta method:
 *
 *   log scale:  ln(R y) = ln R + ln y,  var = var(ln y) + (s_R / R)^2;
 *   data scale: var(R y) = R^2 var(y) + y^2 s_R^2   (R and y independent).
 *
 * Because every earlier value shares the one R, the errors it adds are
 * perfectly correlated; for an unweighted fit the slope's variance grows by
 * (dB/dtheta)^2 var(theta), where dB/dtheta is the fitted slope of the
 * derivative vector g (g_i = 1 before the change on the log scale, theta =
 * ln R; g_i = y_i before the change on the data scale, theta = R) on the
 * same design.  Method and checks: docs/methods-events.md.
 * No I/O, no global state.
 */
#ifndef MONITREND_COMPARABILITY_H
#define MONITREND_COMPARABILITY_H

#include <stddef.h>
#include "monitrend/status.h"

/*
 * Multiply the values before tc by ratio, in place: y (data scale, may be
 * NULL), z (analysis scale, may be NULL; ln y on the log scale), se (SE on the
 * analysis scale, may be NULL; NaN entries stay NaN).  g (may be NULL, n
 * values) receives the derivative vector of z with respect to theta described
 * above, from the values before the change.  *n_changed (may be NULL) counts
 * the values changed.  Errors: MT_EINVAL (ratio not finite and > 0, ratio_se
 * negative or not finite, NULL t).
 */
mt_status mt_comparability_bridge(const double *t, size_t n, double tc, double ratio,
                                  double ratio_se, int log_scale, double *y, double *z,
                                  double *se, double *g, size_t *n_changed, mt_error *err);

/* Variance of theta: (ratio_se / ratio)^2 on the log scale, ratio_se^2 on the
 * data scale. */
double mt_comparability_theta_var(double ratio, double ratio_se, int log_scale);

/*
 * dB/dtheta: the slope coefficient of the least-squares fit of g on the
 * columns (1, t, 1(t >= jumps[m]) ...), weighted by w (NULL: unweighted).
 * Errors: MT_EINVAL, MT_ESINGULAR, MT_ENOMEM.
 */
mt_status mt_comparability_slope_deriv(const double *t, const double *g, const double *w,
                                       size_t n, const double *jumps, size_t n_jumps,
                                       double *deriv, mt_error *err);

#endif
