/*
 * breaks.h - structural breaks: Bai-Perron multiple breaks, break-date
 * confidence intervals, the sup-F test and the Chow test.
 *
 * The numbers are those of R's strucchange (Zeileis et al. 2002, 2003):
 * breakpoints() by dynamic programming over segment residual sums of squares
 * (Bai and Perron 2003), summary()'s RSS and BIC per number of breaks,
 * confint() for the break dates (Bai 1997), Fstats() with sctest(type =
 * "supF") and its Hansen (1997) p-value, and sctest(type = "Chow").  Formulas
 * and sources are in docs/methods-breaks.md.
 *
 * Conventions.  Observations are 0-based.  A break at index b means that
 * observation b is the last one of the regime before the break (strucchange
 * reports b + 1, 1-based; its break date is the date of that observation, so
 * the Nile break is 1898).  The caller maps indices to dates, which is why
 * sub-annual series need nothing special.  Inputs are the analysis scale
 * (take logs first for a log model) with missing and excluded points already
 * removed.
 */
#ifndef MONITREND_BREAKS_H
#define MONITREND_BREAKS_H

#include <stddef.h>

#include "monitrend/status.h"

/* Largest series mt_bp_fit accepts: it keeps the n(n+1)/2 segment sums of
 * squares in memory (8 bytes each, 100 MB at this limit). */
#define MT_BP_MAX_N 5000

typedef enum {
    MT_BP_MEAN = 0, /* y ~ 1: a break shifts the level */
    MT_BP_TREND     /* y ~ t: segment-specific intercept and slope */
} mt_bp_model;

typedef enum {
    MT_BP_BIC = 0, /* strucchange's BIC (summary.breakpointsfull), the default */
    MT_BP_LWZ,     /* Liu, Wu and Zidek (1997) as in Bai and Perron (2003) */
    MT_BP_FIXED    /* exactly opts.fixed_breaks breaks */
} mt_bp_criterion;

typedef struct {
    mt_bp_model model;
    /* Minimum segment size: a fraction of n when < 1 (floor(h n), as
     * strucchange), else a count of observations.  Default 0.15. */
    double h;
    /* Largest number of breaks to consider; 0 = strucchange's default
     * ceil(n / h) - 2.  Larger requests are cut to that default. */
    size_t max_breaks;
    mt_bp_criterion criterion;
    size_t fixed_breaks; /* used with MT_BP_FIXED; 1..max_breaks */
    double level;        /* confidence level of break dates; default 0.95 */
    int het_reg;         /* segment-specific regressor moments (default 1) */
    int het_err;         /* segment-specific error variances (default 1) */
} mt_bp_options;

/* Result of mt_bp_fit.  Every pointer is owned by the result and released by
 * mt_bp_result_clear.  Arrays indexed by m (number of breaks) run m = 0..max_breaks. */
typedef struct {
    mt_bp_model model;
    size_t n;          /* observations */
    size_t n_reg;      /* regressors per segment: 1 (mean) or 2 (trend) */
    size_t h;          /* minimum segment size in observations */
    size_t max_breaks; /* M, the largest number of breaks fitted */
    double *rss;       /* [M+1] minimal residual sum of squares with m breaks */
    double *bic;       /* [M+1] strucchange BIC: n(log RSS + 1 - log n + log 2pi) + log(n)(k+1)(m+1) */
    double *lwz;       /* [M+1] LWZ criterion (Bai and Perron 2003, eq. 11) */
    /* [M*M] optimal break indices for every m: row m-1 holds m increasing
     * indices in its first m entries (the rest are 0). */
    size_t *breaks_by_m;
    mt_bp_criterion criterion; /* what chose n_breaks */
    size_t n_breaks;   /* chosen number of breaks (0 = none) */
    size_t *breaks;    /* [n_breaks] chosen break indices (points into breaks_by_m) */
    /* Confidence interval of each chosen break, as 0-based indices of the
     * last observation before the break, strucchange's b - ceil(upper) and
     * b - floor(lower).  Like strucchange they are not clipped to 0..n-1.
     * ci_ok[i] is 0 when the interval cannot be computed (strucchange's
     * warning "P(argmax V <= 0)" outside the level, where R gives NA) or
     * its quantile search fails; ci_lo/ci_hi are then the break itself and
     * the raw offsets NaN. */
    long *ci_lo;
    long *ci_hi;
    double *ci_lower_raw; /* [n_breaks] unrounded lower offset (<= 0), in observations */
    double *ci_upper_raw; /* [n_breaks] unrounded upper offset (>= 0), in observations */
    int *ci_ok;
    double level;
    /* [(n_breaks+1)*n_reg] least-squares coefficients of each segment of the
     * chosen partition: y = coef[2s] + coef[2s+1] t for the trend model,
     * y = coef[s] for the mean model. */
    double *seg_coef;
    /* sup-F test of no break against one break, trimming h (strucchange
     * Fstats(from = h) and sctest(type = "supF")). */
    double supf;
    size_t supf_index; /* break index where F is largest */
    double supf_p;     /* Hansen (1997) approximate asymptotic p-value */
} mt_bp_result;

/* Defaults: MT_BP_MEAN, h = 0.15, max_breaks = 0 (strucchange's), BIC,
 * level 0.95, het_reg = het_err = 1. */
void mt_bp_options_default(mt_bp_options *opts);

/* Bai-Perron breaks of y (and, for MT_BP_TREND, on the regressor t).
 * t: n values strictly increasing (decimal years or any index; only the trend
 * model uses it, so it may be NULL for MT_BP_MEAN).  y: n finite values.
 * opts NULL means defaults.  On success fills *result (the caller releases it
 * with mt_bp_result_clear); on failure *result is left empty (safe to free).
 * Errors: MT_EINVAL (bad option, NULL array, t not increasing), MT_ETOOFEW
 * (n too small for h and the model), MT_ELIMIT (n > MT_BP_MAX_N),
 * MT_ENONFINITE (non-finite input, or a residual sum of squares of 0 so that
 * BIC is undefined), MT_ENOMEM. */
mt_status mt_bp_fit(const double *t, const double *y, size_t n, const mt_bp_options *opts,
                    mt_bp_result *result, mt_error *err);

/* Release the arrays of result and zero it.  result may be NULL. */
void mt_bp_result_clear(mt_bp_result *result);

/* Chow F test for a break after observation break_index (0-based; the first
 * regime is 0..break_index), as strucchange sctest(type = "Chow", point =
 * break_index + 1): F = ((RSS0 - RSS1)/k) / (RSS1/(n - 2k)), p from F(k, n - 2k).
 * Needs k < break_index + 1 < n - k.  t may be NULL for MT_BP_MEAN.
 * Errors: MT_EINVAL, MT_ETOOFEW, MT_ENONFINITE. */
mt_status mt_chow_test(const double *t, const double *y, size_t n, mt_bp_model model,
                       size_t break_index, double *f_stat, double *p_value, mt_error *err);

/* P(argmax V <= x): the limiting distribution of a break-date estimate
 * (Bai 1997), with xi the ratio of regressor moments and phi1,
 * phi2 the error standard deviations before and after the break.  Equals
 * strucchange:::pargmaxV.  Returns NaN for non-positive xi, phi1 or phi2. */
double mt_bp_pargmax(double x, double xi, double phi1, double phi2);

/* Hansen (1997) approximate asymptotic p-value of a supF statistic with k
 * regressors (1 or 2) and trimming parameter lambda = ((1 - pi0)/pi0)^2 for a
 * symmetric trimming pi0, as strucchange's pvalue.Fstats.  Returns NaN for
 * k outside 1..2 or a non-finite statistic. */
double mt_bp_supf_pvalue(double stat, size_t k, double lambda);

#endif
