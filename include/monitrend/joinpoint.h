/*
 * joinpoint.h - joinpoint regression as the NCI Joinpoint Regression Program
 * defines it: a continuous piecewise-linear model on the analysis scale,
 *
 *     y_i = b0 + b1 (t_i - tbar) + sum_j d_j (t_i - tau_j)+ + sum_m c_m 1(t_i >= s_m) + e_i,
 *
 * with k joinpoints tau_j found by an exhaustive grid search, the number k
 * chosen by BIC, BIC3, WBIC (the Program's default) or the sequential
 * permutation test of Kim et al. (2000), and known level shifts s_m (the
 * Program's "jump model").  Per-segment slopes, APC = 100 (e^b - 1), AAPC and
 * their confidence intervals are computed for the selected model.  Formulas
 * and their sources: docs/methods-joinpoint.md.
 *
 * Inputs are plain arrays: t in decimal years, strictly increasing; y on the
 * analysis scale (already logged by the caller for a log-linear model, raw
 * counts for the Poisson family); optional w, inverse-variance weights (> 0).
 * Missing and excluded points must already be removed: a NaN anywhere is
 * MT_ENONFINITE, never skipped silently.  No I/O, no global state: functions
 * are safe to call from several threads on different results.
 */
#ifndef MONITREND_JOINPOINT_H
#define MONITREND_JOINPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "monitrend/status.h"

/* Hard limits that keep the exhaustive search bounded. */
#define MT_JP_MAX_JOINPOINTS 5
#define MT_JP_MAX_JUMPS 8

typedef enum {
    MT_JP_SELECT_WBIC = 0,   /* weighted BIC, the Program's default (v4.7+) */
    MT_JP_SELECT_BIC,        /* ln(SSE/n) + (2k+2) ln(n)/n */
    MT_JP_SELECT_BIC3,       /* ln(SSE/n) + (3k+2) ln(n)/n */
    MT_JP_SELECT_PERMUTATION /* Kim et al. (2000) sequential permutation tests */
} mt_jp_select;

typedef enum {
    MT_JP_GAUSSIAN = 0, /* (weighted) least squares on y as given */
    MT_JP_POISSON       /* y are counts; log-linear Poisson GLM (IRLS), as the
                           Program's "Poisson variance" option */
} mt_jp_family;

typedef struct {
    mt_jp_select select;
    mt_jp_family family;
    int log_scale;          /* 1: y is ln(value), slopes give APC; 0: linear
                               scale, APC fields are NaN (flag apc_defined = 0).
                               Ignored for MT_JP_POISSON (always log link). */
    int max_joinpoints;     /* -1: mt_jp_default_max(n); else 0..MT_JP_MAX_JOINPOINTS */
    int min_joinpoints;     /* lower end of the permutation sequence (default 0) */
    size_t min_end;         /* observations strictly between a joinpoint and
                               either end (default 2) */
    size_t min_between;     /* observations strictly between two joinpoints (default 2) */
    size_t grid_between;    /* extra grid points between adjacent observed
                               times (0 = joinpoints at observed times only) */
    size_t n_permutations;  /* default 4499 */
    double alpha;           /* overall level of the permutation procedure and
                               of every confidence interval (default 0.05) */
    int early_stop;         /* curtailed sampling in permutation tests */
    uint64_t seed;          /* seed of the mt19937 stream (permutation, bootstrap) */
    double recent_years;    /* AAPC over [t_last - recent_years, t_last]; default 10 */
    double recent_years2;   /* a second recent window; default 5; 0 = none */
    size_t max_models;      /* limit on candidate joinpoint sets per k
                               (MT_ELIMIT beyond it); default 2,000,000 */
    const double *jumps;    /* known level-shift times s_m (borrowed), or NULL */
    size_t n_jumps;
    const double *offset;   /* Poisson only: log exposure per point (borrowed) or NULL */
    int quasi;              /* Poisson only: 1 = quasi-Poisson: dispersion
                               = Pearson chi^2 / df (df as below), covariance
                               scaled by it, t-based inference on df (as the
                               Gaussian family); 0 = dispersion 1, normal */
    /* Progress of the long computations, or NULL: called after each
     * sequential permutation test (what "permutation test", done tests of
     * at most total) and every tenth of the bootstrap samples (what
     * "bootstrap").  Called from the thread that runs the fit; the library
     * itself never prints. */
    void (*progress)(void *ctx, const char *what, size_t done, size_t total);
    void *progress_ctx;
} mt_jp_options;

/* One segment of the selected model, [start, end] in years. */
typedef struct {
    double start, end;
    double slope, slope_se;   /* per year on the analysis scale */
    double apc, apc_lo, apc_hi; /* percent per year; NaN on the linear scale */
    double t_stat, p;         /* two-sided test of slope = 0 */
} mt_jp_segment;

/* Average annual percent change over [from, to]. */
typedef struct {
    double from, to;
    double slope, slope_se;   /* weighted mean slope and its SE */
    double aapc, lo, hi;      /* percent; on the linear scale the mean slope and its CI */
    double p;
    int normal;               /* 1: CI from the normal distribution (interval
                                 spans more than one segment), 0: t with df */
} mt_jp_aapc;

/* Level shift (jump) at a known time. */
typedef struct {
    double time;
    double coef, se;          /* on the analysis scale */
    double pct, pct_lo, pct_hi; /* 100 (e^c - 1) with CI; NaN on the linear scale */
    double p;
} mt_jp_jump;

/* Per-k row of the model-selection table. */
typedef struct {
    int k;
    double sse;               /* (weighted) SSE, or deviance for Poisson */
    double bic, bic3, wbic, r2max;
    double taus[MT_JP_MAX_JOINPOINTS];
    double p_perm;            /* permutation selection only: p-value of the last
                                 test with this k as the alternative (H1), NaN
                                 if none */
} mt_jp_kstat;

/*
 * Result of a fit.  Allocated by mt_jp_fit / mt_jp_fit_fixed, owned by the
 * caller, freed with mt_jp_result_free.  Coefficient order in coef and cov
 * (p = 2 + k + n_jumps):
 *     [0] intercept at t = tcenter, [1] slope of the first segment,
 *     [2 .. 2+k-1] slope changes at taus[0..k-1], [2+k ..] jump coefficients.
 * The design row of a time x is therefore
 *     (1, x - tcenter, (x - taus[j])+ ..., 1(x >= jumps[m]) ...),
 * which is what a caller needs for confidence bands: var(fit) = r' cov r.
 */
typedef struct {
    size_t n;
    int k;                    /* selected number of joinpoints */
    double taus[MT_JP_MAX_JOINPOINTS];
    size_t n_jumps;
    double jump_times[MT_JP_MAX_JUMPS];
    double tcenter;
    size_t n_coef;
    double *coef;             /* n_coef */
    double *cov;              /* n_coef x n_coef, row-major; scaled by sigma2 */
    double sigma2;            /* residual variance; Poisson: 1, quasi-Poisson:
                                 the Pearson dispersion */
    double sse;               /* weighted SSE (Gaussian) or deviance (Poisson) */
    double df;                /* n - 2 - 2k - n_jumps: each joinpoint counts */
    double *fitted;           /* n, on the analysis scale (log mean for Poisson) */
    mt_jp_segment *segments;  /* k + 1 */
    mt_jp_aapc aapc_full;
    mt_jp_aapc aapc_recent;
    mt_jp_aapc aapc_recent2;  /* NaN fields when recent_years2 = 0 */
    mt_jp_jump jumps[MT_JP_MAX_JUMPS];
    int apc_defined;          /* 0 on the linear scale */
    int known_dispersion;     /* 1: Poisson with dispersion 1, normal-based
                                 intervals and p everywhere */
    double pearson_dispersion; /* Poisson family: Pearson chi^2 / df; else NaN */
    int max_joinpoints;       /* the maximum actually searched */
    mt_jp_select select;
    mt_jp_kstat kstats[MT_JP_MAX_JOINPOINTS + 1]; /* rows 0..max_joinpoints */
} mt_jp_result;

/* Defaults listed in mt_jp_options (WBIC, Gaussian, log scale, max from n). */
void mt_jp_options_default(mt_jp_options *opts);

/* Default maximum number of joinpoints for n points, the Program's table:
 * n <= 6: 0, 7-11: 1, 12-16: 2, 17-21: 3, 22-26: 4, 27+: 5. */
int mt_jp_default_max(size_t n);

/*
 * Select and fit a joinpoint model.  For every k from 0 to the maximum the
 * search finds the joinpoint set with the least (weighted) SSE (deviance for
 * Poisson) among all sets allowed by min_end / min_between on the grid;
 * ties keep the set found first (earliest times).  The number of joinpoints
 * is then chosen by opts->select.  The maximum is lowered, without error, to
 * the largest k for which an admissible set and df >= 1 exist.
 * w may be NULL (equal weights).  *out receives a new result (caller frees).
 * Errors: MT_EINVAL (bad option, t not increasing, w <= 0, negative count),
 * MT_ETOOFEW (n < 3), MT_ENONFINITE, MT_ESINGULAR, MT_ELIMIT, MT_ENOMEM.
 */
mt_status mt_jp_fit(const double *t, const double *y, const double *w, size_t n,
                    const mt_jp_options *opts, mt_jp_result **out, mt_error *err);

/*
 * Fit the model with the given joinpoints taus[0..k-1] (increasing, inside
 * (t_0, t_{n-1})) and the jumps in opts; no search.  Same outputs as mt_jp_fit
 * with kstats[0] describing this model only.
 */
mt_status mt_jp_fit_fixed(const double *t, const double *y, const double *w, size_t n,
                          const double *taus, int k, const mt_jp_options *opts,
                          mt_jp_result **out, mt_error *err);

/* Free a result; NULL is a no-op. */
void mt_jp_result_free(mt_jp_result *res);

/* Fitted mean on the analysis scale at time x (extrapolates linearly). */
double mt_jp_predict(const mt_jp_result *res, double x);

/* AAPC over [from, to] of a fitted result (from < to, inside the data range
 * after clipping); level 1 - alpha. */
mt_status mt_jp_aapc_compute(const mt_jp_result *res, double from, double to, double alpha,
                             mt_jp_aapc *out, mt_error *err);

/*
 * Residual bootstrap band of the fitted mean.  Starting from the model that
 * mt_jp_fit selects with opts, B samples y* = fitted + r* / sqrt(w_i) are
 * formed, where r* resamples with replacement the modified residuals
 * sqrt(w_i) e_i / sqrt(1 - h_ii), centred (Davison and Hinkley 1997); each
 * sample is re-selected with the same method (so the number and places of the
 * joinpoints vary) and its fitted mean evaluated at x[0..m-1].  lo/hi
 * (caller-owned, m values) receive the pointwise alpha/2 and 1 - alpha/2
 * quantiles (GSL quantile_from_sorted_data) on the analysis scale.  Random
 * numbers: mt19937 seeded with opts->seed.  Gaussian family only
 * (MT_EINVAL otherwise); B >= 2.
 */
mt_status mt_jp_bootstrap_band(const double *t, const double *y, const double *w, size_t n,
                               const mt_jp_options *opts, size_t B, const double *x, size_t m,
                               double *lo, double *hi, mt_error *err);

/* Log scale and zeros: returns 1 when every y > 0, so that ln y exists.
 * The caller refuses the log scale otherwise unless told what to do. */
int mt_jp_log_ok(const double *y, size_t n);

/*
 * Zero counts, as the Program treats them (Joinpoint FAQ "Zeros in the
 * Dependent Variable"): a cohort whose counts are all zero is not processed
 * (MT_EINVAL here); otherwise each zero count is replaced by 0.5.  Copies y
 * into out (n values, caller-owned; may equal y) and stores the number of
 * values changed in *n_adjusted.  Negative or non-finite values: MT_EINVAL /
 * MT_ENONFINITE.  Only for counts; rates with zeros should be modelled on the
 * linear scale or with the Poisson family on their counts.
 */
mt_status mt_jp_zero_adjust(const double *y, size_t n, double *out, size_t *n_adjusted,
                            mt_error *err);

#endif
