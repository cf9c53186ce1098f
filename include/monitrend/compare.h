/*
 * compare.h - pairwise comparison of two joinpoint trends (Kim, Fay, Yu,
 * Barrett and Feuer 2004, "Comparability of segmented line regression
 * models", Biometrics 60:1005-1014), as the NCI Joinpoint Program's
 * "pairwise comparison", and the comparison of two AAPCs over one window.
 *
 * Two series a and b observed at the same n times t (on the analysis scale:
 * ln y for log-linear models) are compared under kmax joinpoints, where kmax
 * is the largest of the numbers selected for a alone, for b alone and for
 * the parallel (pooled) model (Joinpoint FAQ "Parallel pairwise comparison
 * and number of joinpoints"):
 *
 *   H1            a and b each have their own kmax-joinpoint model;
 *   parallelism   the same joinpoints and slopes, intercepts free;
 *   coincidence   the same model altogether.
 *
 * Known level shifts (opts->jumps) are nuisance terms of each series under
 * every hypothesis.  With one observation of each series per time the
 * pooled least-squares fits split exactly into a joinpoint fit of the mean
 * m = (a + b)/2 and a regression of the difference d = b - a on the jump
 * steps (plus a constant for parallelism):
 *     SSE0 = 2 SSE_jp(m; kmax) + SSE(d ~ [1 +] steps) / 2.
 * The statistic is F = ((SSE0 - SSE1)/q) / (SSE1/(2n - 2p1)), with p1 =
 * 2 + 2 kmax + J parameters per series (each joinpoint counts, as in the
 * Program), q = 1 + 2 kmax (parallelism) or 2 + 2 kmax (coincidence).  Its
 * p-value is a permutation p-value: the 2n residuals of the null model are
 * shuffled and added back to its fitted values, the statistic recomputed
 * with the best kmax-joinpoint fits (kmax fixed), and p = (1 + #{F* >= F}) /
 * (N + 1).  Method, sources and checks: docs/methods-compare.md.
 *
 * No I/O, no global state; random numbers only from the caller's seed.
 */
#ifndef MONITREND_COMPARE_H
#define MONITREND_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "monitrend/joinpoint.h"
#include "monitrend/status.h"

/* Joinpoint sets for kmax above this are not enumerated for every
 * permutation; the comparison is then made with this many (and says so). */
#define MT_COMPARE_MAX_K 3

typedef struct {
    mt_jp_options jp;        /* selection, distances, log_scale, jumps, alpha, seed,
                                n_permutations (of the comparison tests) */
    int max_k;               /* cap on kmax, 0..MT_COMPARE_MAX_K (default MT_COMPARE_MAX_K) */
} mt_compare_options;

typedef struct {
    size_t n;                 /* common times */
    int k_a, k_b, k_pool;     /* joinpoints selected for a, b and the mean (parallel shape) */
    int kmax;                 /* joinpoints of every model in the tests */
    int capped;               /* 1 when kmax was lowered to max_k */
    double sse_h1, sse_par, sse_coin;
    double df_num_par, df_num_coin, df_den;
    double f_par, f_coin;     /* the F-type statistics */
    double p_par, p_coin;     /* permutation p-values */
    size_t n_permutations;
    int log_scale;
    mt_jp_aapc aapc_a, aapc_b; /* over [t_0, t_{n-1}] from each series' selected model */
    double aapc_diff;          /* aapc_a - aapc_b (percentage points; mean slope on the linear scale) */
    double aapc_diff_se, aapc_diff_lo, aapc_diff_hi, aapc_diff_p;
} mt_compare_result;

/* Defaults: mt_jp_options_default, n_permutations 4499, max_k MT_COMPARE_MAX_K. */
void mt_compare_options_default(mt_compare_options *o);

/*
 * Compare a and b (analysis scale, n common times t, strictly increasing; no
 * NaN).  AAPC comparison: each AAPC from mt_jp_fit of the series alone over
 * the whole window; difference aapc_a - aapc_b with the delta-method SE
 * sqrt(se_a^2 + se_b^2), se = 100 e^b se(b) on the log scale (se(b) on the
 * linear scale), two series taken as independent; normal CI and two-sided
 * p.  Errors: MT_EINVAL (NULL, bad options), MT_ETOOFEW (n too small for a
 * line with df >= 1 in every model), MT_ENONFINITE, MT_ENOMEM, and the
 * errors of mt_jp_fit.
 */
mt_status mt_compare_fit(const double *t, const double *ya, const double *yb, size_t n,
                         const mt_compare_options *o, mt_compare_result *out, mt_error *err);

/*
 * The three SSEs of the tests with k joinpoints (no selection, no
 * permutation): *sse_h1 = SSE(a) + SSE(b) of the best k-joinpoint fits,
 * *sse_par and *sse_coin the pooled null fits.  Used by mt_compare_fit and
 * by the tests against the brute-force oracle.
 */
mt_status mt_compare_sse(const double *t, const double *ya, const double *yb, size_t n, int k,
                         const mt_jp_options *jo, double *sse_h1, double *sse_par,
                         double *sse_coin, mt_error *err);

/* Verdict text: "coincident", "parallel", "not parallel" (by the p-values at
 * level alpha) or "inconclusive" (p NaN); static storage. */
const char *mt_compare_verdict(const mt_compare_result *r, double alpha);

#endif
