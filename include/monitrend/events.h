/*
 * events.h - effects of events from the model: definition changes (level
 * shifts), policy measures (interrupted time series) and policy measures with
 * comparison series (difference-in-differences).
 *
 * All three are ordinary least-squares fits on the analysis scale (log of the
 * data when log_scale is set, the data otherwise), with time measured from the
 * event date t0 and D = 1(t >= t0):
 *
 *   definition  y = b0 + b1 (t-t0) + b2 D                    (common trend b1)
 *   policy      y = b0 + b1 (t-t0) + b2 D + b3 (t-t0) D      (segmented regression)
 *   DiD         the policy model with every term interacted with G (1 = treated,
 *               0 = comparison), fitted on the stacked series; the DiD level
 *               change is the coefficient of G D, the DiD slope change that of
 *               G (t-t0) D.  Several comparison series are first averaged on the
 *               analysis scale (the geometric mean for log models).
 *
 * Reporting units follow results/events.csv: on the log scale a level change
 * b is 100 (e^b - 1) percent and a slope b is an annual percent change (APC)
 * 100 (e^b - 1); on the linear scale levels and slopes stay in data units and
 * the *_pct members are NaN.  Standard errors are OLS ones: they assume
 * independent errors; the Durbin-Watson statistic is given so that the caller
 * can warn about autocorrelation (values far below 2).
 *
 * Input arrays are plain, already stripped of missing and excluded points,
 * times in decimal years strictly increasing.  No I/O.  See
 * docs/methods-events.md.
 */
#ifndef MONITREND_EVENTS_H
#define MONITREND_EVENTS_H

#include <stddef.h>

#include "monitrend/status.h"

/* Effect of one event on one series.  Fields that a kind does not estimate
 * (slope change for a definition change) are NaN. */
typedef struct {
    size_t n_obs, n_before, n_after; /* points, those with t < t0, t >= t0 */
    size_t df;                       /* residual degrees of freedom */

    /* analysis scale: estimate, standard error, CI */
    double level, level_se, level_ci_lo, level_ci_hi;  /* b2 */
    double slope, slope_se;                            /* b1: trend before (or common trend) */
    double slope_change, slope_change_se;              /* b3 */
    double slope_change_ci_lo, slope_change_ci_hi;
    double p_level, p_slope_change;                    /* two-sided t tests */
    double f_joint, p_joint;                           /* F test of b2 = b3 = 0 (policy) */
    double sigma;                                      /* residual SD */
    double durbin_watson;                              /* on residuals in time order */

    /* reporting units (columns of results/events.csv) */
    double level_change_pct, level_lo, level_hi;       /* log: 100(e^b2-1) and CI; linear: NaN */
    double slope_before, slope_after;                  /* log: APC %; linear: units a year */
    double slope_change_lo, slope_change_hi;           /* log: 100(e^(b3 -/+ q se)-1); linear: b3 CI */
    double p;                                          /* policy: p_joint; definition: p_level */
} mt_event_effect;

/* Difference-in-differences of a treated series against comparison series. */
typedef struct {
    size_t n_periods, n_comparison;   /* periods per series, comparison series averaged */
    size_t df;                        /* residual df of the stacked fit (2 n - 8) */
    mt_event_effect treated;          /* the ITS effect in the treated series (pooled variance) */
    mt_event_effect comparison;       /* the ITS effect in the averaged comparison series */
    double did_level, did_level_se, did_level_ci_lo, did_level_ci_hi;      /* g: coef of G D */
    double did_slope, did_slope_se, did_slope_ci_lo, did_slope_ci_hi;      /* h: coef of G (t-t0) D */
    double p_did_level, p_did_slope;  /* two-sided t tests */
    double f_joint, p_joint;          /* F test of g = h = 0 */
    double did_level_pct, did_lo, did_hi;            /* log: 100(e^g-1) and CI; linear: NaN */
    double did_slope_pct_lo, did_slope_pct_hi;       /* log: 100(e^(h -/+ q se)-1); linear: h CI */
} mt_event_did;

/* Definition change (level shift, the Joinpoint "jump" model) at t0:
 * y = b0 + b1 (t-t0) + b2 1(t >= t0) by (weighted, w may be NULL) least
 * squares on the analysis scale.  level is the CI coverage in (0,1).
 * Needs at least one point on each side of t0 and n >= 4.
 * Returns MT_OK and fills *out; MT_EINVAL (NULL, non-finite or unsorted
 * input, y <= 0 on the log scale, level outside (0,1)), MT_ETOOFEW,
 * MT_ESINGULAR, MT_ENONFINITE, MT_ENOMEM. */
mt_status mt_events_definition(const double *t, const double *y, const double *w, size_t n,
                               double t0, int log_scale, double level,
                               mt_event_effect *out, mt_error *err);

/* Several definition changes in one series (k dates t0s[0] < ... < t0s[k-1]):
 * y = b0 + b1 (t - t0s[0]) + sum_j c_j 1(t >= t0s[j]), one common trend b1
 * across all of them.  out has k entries, one per date: level* and the
 * *_pct columns are c_j, slope_before = slope_after = the common trend, p the
 * t test of c_j = 0; n_before/n_after count the points before and from t0s[j].
 * Every segment (before the first date, between dates, from the last) needs
 * a point and n >= k + 3.  Returns as mt_events_definition. */
mt_status mt_events_definitions(const double *t, const double *y, const double *w, size_t n,
                                const double *t0s, size_t k, int log_scale, double level,
                                mt_event_effect *out, mt_error *err);

/* Policy event at t0, interrupted time series:
 * y = b0 + b1 (t-t0) + b2 D + b3 (t-t0) D, D = 1(t >= t0).
 * Needs at least two points on each side of t0 and n >= 5.  out->p is the
 * joint F test of b2 = b3 = 0 (did anything change at t0).
 * Returns as mt_events_definition. */
mt_status mt_events_policy(const double *t, const double *y, const double *w, size_t n,
                           double t0, int log_scale, double level,
                           mt_event_effect *out, mt_error *err);

/* Difference-in-differences at t0.  y_treat has n values at times t;
 * y_comp holds n_comp comparison series of n values each, row after row
 * (y_comp[k*n + i] is series k at t[i]), aligned by the caller on the same
 * periods.  The comparison series are averaged on the analysis scale, then
 * the treated and averaged comparison series are stacked and the fully
 * interacted policy model is fitted by OLS (8 parameters, 2n - 8 df).
 * Needs at least two periods on each side of t0 and n >= 5.
 * Returns MT_OK and fills *out; errors as mt_events_definition. */
mt_status mt_events_did(const double *t, const double *y_treat, const double *y_comp,
                        size_t n_comp, size_t n, double t0, int log_scale, double level,
                        mt_event_did *out, mt_error *err);

#endif
