/*
 * projection.h - projecting the last segment of a fitted joinpoint model a
 * few periods past the data (a nowcast for the edition year), with its
 * confidence and prediction intervals.
 *
 * The mean at a time x beyond the last observation continues the last
 * segment (the model's design row at x: intercept, slope, every hinge and
 * level shift, all active).  On the analysis scale
 *
 *     mu(x) = r(x)' b,   var(mu) = r' V r,   var(new) = r' V r + sigma^2 / w_new,
 *
 * with V the model's covariance (sigma^2 included) and w_new the weight of
 * a new observation (1 for unweighted fits).  Intervals: mu -/+ t_{df} sqrt(var)
 * with the model's df (each joinpoint counted), as R predict.lm(interval =
 * "confidence" / "prediction") with the joinpoints held fixed.  The
 * uncertainty of where the joinpoints are is not included.  No I/O.
 */
#ifndef MONITREND_PROJECTION_H
#define MONITREND_PROJECTION_H

#include <stddef.h>
#include "monitrend/joinpoint.h"
#include "monitrend/status.h"

/* For each x[i] (i < m): fit, confidence and prediction bounds on the
 * analysis scale at level 1 - alpha; any output pointer may be NULL.
 * Gaussian fits only.  Errors: MT_EINVAL (NULL res or x, alpha outside

 * (0, 1), w_new <= 0, df < 1).  The caller passes a least-squares fit (a
 * Poisson fit has no such prediction interval). */
mt_status mt_jp_project(const mt_jp_result *res, const double *x, size_t m, double alpha,
                        double w_new, double *fit, double *ci_lo, double *ci_hi, double *pi_lo,
                        double *pi_hi, mt_error *err);

#endif
