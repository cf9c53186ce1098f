/*
 * change.h - the changes a monitor edition states: the latest value against
 * the previous period and against 5 and 10 years earlier, absolute and in
 * percent, with a significance test when both points carry an uncertainty.
 *
 * Periods are matched by time (decimal years), never by position, so a
 * missing earlier year is reported as missing, with a reason, instead of
 * silently comparing with the wrong year.  Two tests are offered:
 *   - z test on the difference of two independent estimates with standard
 *     errors: z = (y1 - y0) / sqrt(se1^2 + se0^2);
 *   - for proportions with sample sizes, the pooled two-proportion z test:
 *     z = (p1 - p0) / sqrt(pp (1 - pp) (1/n1 + 1/n0)), pp = (x1 + x0)/(n1 + n0).
 * Both give a two-sided normal p-value.  See docs/methods-trend.md.
 *
 * Unlike the fitting kernels, these functions accept NaN in y, se and n_obs
 * (a missing value, an SE not given), because finding the point to compare
 * with is part of the job.  No allocation; results are caller-owned structs.
 */
#ifndef MONITREND_CHANGE_H
#define MONITREND_CHANGE_H

#include <stddef.h>
#include "monitrend/status.h"

#define MT_CHANGE_REASON_MAX 160

typedef enum {
    MT_CHANGE_TEST_NONE = 0,       /* no test: reason says why */
    MT_CHANGE_TEST_Z_SE,           /* z test from the two standard errors */
    MT_CHANGE_TEST_TWO_PROPORTION  /* pooled two-proportion z test */
} mt_change_test;

typedef struct {
    double step;             /* length of one period in years (1, 0.25, 1/12, ...); > 0 */
    double tol;              /* time-matching tolerance in years; 0 = step / 4 */
    double proportion_scale; /* 0: not a proportion; 1: y is a proportion; 100: a percentage */
} mt_change_opts;

typedef struct {
    int available;        /* 1 when both points exist and abs_change is finite */
    double t_now, t_then; /* t_then is the requested time when the point is missing */
    double y_now, y_then;
    double abs_change;    /* y_now - y_then */
    double pct_change;    /* 100 (y_now / y_then - 1); NaN when y_then = 0 (reason says so) */
    mt_change_test test;
    double se_diff;       /* SE of the difference on the data scale */
    double z, p;          /* two-sided normal p */
    char reason[MT_CHANGE_REASON_MAX]; /* "" when everything was computed; else what is missing */
} mt_change;

typedef struct {
    size_t i_latest;      /* index of the latest finite value */
    mt_change prev;       /* against t_latest - step */
    mt_change y5;         /* against t_latest - 5 */
    mt_change y10;        /* against t_latest - 10 */
} mt_change_set;

/* Compare point i_now (finite y required) with the point at time t_then.
 *   t[n] times (strictly increasing), y[n] values (NaN = missing),
 *   se[n], n_obs[n] optional (NULL or NaN entries = not given).
 * The earlier point is the one with |t_j - t_then| <= tol.  A missing point,
 * a zero earlier value or absent uncertainty is not an error: out->reason
 * says what could not be computed and the matching fields are NaN.
 * Returns MT_EINVAL for bad options, an out-of-range index or a NaN y[i_now],
 * MT_ENONFINITE for a non-finite t. */
mt_status mt_change_between(const double *t, const double *y, const double *se,
                            const double *n_obs, size_t n, size_t i_now, double t_then,
                            const mt_change_opts *opts, mt_change *out, mt_error *err);

/* The three standard comparisons for the latest finite value.  Returns
 * MT_ETOOFEW when no value is finite, else as mt_change_between. */
mt_status mt_change_monitor(const double *t, const double *y, const double *se,
                            const double *n_obs, size_t n, const mt_change_opts *opts,
                            mt_change_set *out, mt_error *err);

/* Standard error from a symmetric (1 - alpha) confidence interval, with the
 * normal quantile z = Phi^-1((1 + level)/2) (1.959964 for 95 %, not 1.96):
 *   data scale: se = (upper - lower) / (2 z)
 *   log scale:  se(ln y) = (ln upper - ln lower) / (2 z)  (lower > 0)
 * level 0 means 0.95.  MT_EINVAL when upper < lower, a bound is <= 0 on the
 * log scale, or level is outside (0, 1); MT_ENONFINITE for NaN bounds. */
mt_status mt_change_se_from_ci(double lower, double upper, double level, int log_scale,
                               double *se, mt_error *err);

#endif
