/*
 * mannkendall.h - Mann-Kendall monotonic trend test, Kendall's tau, the
 * Hamed-Rao autocorrelation correction and Sen's slope with its rank-based
 * confidence interval.
 *
 * The test needs no model: S = sum_{i<j} sign(y_j - y_i) over the points in
 * time order, Var(S) = [n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)] / 18 with
 * t_g the size of each group of tied values, Z = (S - sign(S)) / sqrt(Var S)
 * (continuity correction).  The p-value is exact for n <= 10 without ties
 * (the permutation distribution of S, by the inversion-count recursion) and
 * from the normal approximation otherwise.  Sen's slope is the median of the
 * pairwise slopes (y_j - y_i) / (t_j - t_i) over real time, so missing
 * periods are respected.  Formulas and sources: docs/methods-trend.md.
 *
 * The kernel works on plain arrays already stripped of missing and excluded
 * points, does no I/O and keeps no state.  It allocates scratch memory for
 * the n(n-1)/2 pairwise slopes inside the call and frees it before return;
 * the result is a caller-owned fixed-size struct.
 */
#ifndef MONITREND_MANNKENDALL_H
#define MONITREND_MANNKENDALL_H

#include <stddef.h>
#include "monitrend/status.h"
#include "monitrend/vocab.h" /* mt_mk_note */

/* Largest n for which the exact permutation p-value is used. */
#define MT_MK_EXACT_MAX_N 10
/* Largest n accepted: the n(n-1)/2 pairwise slopes take 100 MB at the limit,
 * enough for 13 years of daily data. */
#define MT_MK_MAX_N 5000

typedef enum {
    MT_MK_P_EXACT = 0, /* permutation distribution of S: n <= 10, no ties, no Hamed-Rao */
    MT_MK_P_NORMAL     /* normal approximation of Z (with ties, n > 10, or Hamed-Rao) */
} mt_mk_pmethod;

typedef struct {
    int log_scale;    /* 1: Sen's slope of ln y (y > 0), also as percent per year */
    int hamed_rao;    /* 1: apply the Hamed-Rao (1998) variance correction */
    size_t max_lag;   /* Hamed-Rao: largest ACF lag considered; 0 = all (n - 1) */
    double acf_alpha; /* Hamed-Rao: two-sided level of the ACF significance band; 0 = 0.05 */
    double level;     /* Sen CI level; 0 = 0.95 */
} mt_mk_opts;

typedef struct {
    size_t n;
    double s;          /* Mann-Kendall S */
    double var_s0;     /* Var(S) with the ties correction, before Hamed-Rao */
    double var_s;      /* Var(S) used for Z (var_s0 times hr_factor when applied) */
    double z;          /* (S - sign S) / sqrt(var_s) */
    double p;          /* two-sided */
    mt_mk_pmethod p_method;
    size_t n_tied;     /* number of values that belong to a group of ties */
    double tau_a;      /* S / (n(n-1)/2) */
    double tau_b;      /* S / sqrt(N0 (N0 - N1)), N1 = sum t_g(t_g-1)/2: scipy's kendalltau */

    int hr_applied;    /* the correction was requested and used */
    int hr_guarded;    /* requested, but the factor was <= 0 so Var(S) was left uncorrected */
    double hr_factor;  /* n/n* = 1 + 2/(n(n-1)(n-2)) sum (n-i)(n-i-1)(n-i-2) r_i; NaN when not requested */
    size_t hr_lags;    /* number of significant lags that entered the sum */

    size_t n_slopes;   /* pairs used: n(n-1)/2 */
    double sen_slope;  /* median pairwise slope, per year, analysis scale */
    double sen_intercept; /* median(z) - slope median(t) (scipy theilslopes), at t = 0 */
    int sen_ci_defined;   /* 1 when n >= 4 */
    int sen_ci_clamped;   /* 1 when a CI rank fell outside 1..N' and the extreme slope was used */
    double sen_lo, sen_hi;
    double sen_pct, sen_pct_lo, sen_pct_hi; /* log scale: 100(e^x - 1); NaN on linear */
    mt_mk_note note;   /* code explaining NaNs or guards (words: vocab.h mt_mk_note_word) */
} mt_mk_result;

/* Run the test and Sen's slope.
 *   t[n]  times in decimal years, strictly increasing, finite.
 *   y[n]  values on the data scale, finite (positive when log_scale).
 *   opts  optional (NULL = linear, no Hamed-Rao, 95 %).
 * Sen's CI needs n >= 4: for n = 3, sen_lo/sen_hi are NaN, sen_ci_defined is
 * 0 and note says so.  Returns MT_ETOOFEW for n < 3, MT_ESINGULAR when every
 * value is equal (no ordering to test), MT_EINVAL for unsorted t, y <= 0 on
 * the log scale or bad options, MT_ENONFINITE, MT_ENOMEM, MT_ELIMIT for
 * n > MT_MK_MAX_N.  On error *res is NaN-filled. */
mt_status mt_mk_test(const double *t, const double *y, size_t n, const mt_mk_opts *opts,
                     mt_mk_result *res, mt_error *err);

/* Exact two-sided p-value of S for n untied values (3 <= n <= 20), from the
 * number of permutations with k inversions (Mahonian numbers):
 * p = min(1, 2 P(K <= min(k, N - k))), k = (N - S)/2, N = n(n-1)/2.
 * Returns NaN for n outside 3..20 or an S of the wrong parity or range. */
double mt_mk_exact_p(size_t n, double s);

#endif
