/*
 * crosscheck.h - triangulation: reading related indicators together.
 *
 * Four cross-check types (issue 5; methods in docs/methods-crosscheck.md):
 *   concordance   two measures of the same thing: trends, their difference and
 *                 a parallelism test, correlations of log levels and log
 *                 changes, direction agreement with a sign test, the
 *                 (prewhitened) cross-correlation, and the periods where the
 *                 members disagree, with the reason;
 *   availability  members with an expected sign: recent direction of each, a
 *                 tally, and a composite index with a bootstrap CI;
 *   displacement  two places that may substitute for each other: correlation
 *                 of log changes, the trend of A's share (logit scale) and of
 *                 the total;
 *   ratio         a series computed by an expression (expr.h) with its trend.
 *
 * Every kernel works on series aligned on one common period grid (NaN =
 * missing; values must be positive where logs are taken, a non-positive
 * value counts as missing).  The grid is consecutive: entry i+1 is the
 * period after entry i, so a first difference exists only where two
 * neighbouring entries are both present.  mt_crosscheck_pair_align builds
 * such a grid from two (t, y, se) arrays; mt_crosscheck_align_coarse
 * averages monthly or weekly values to a coarser frequency first.
 * No I/O, no global state; random numbers only from the caller's seed.
 */
#ifndef MONITREND_CROSSCHECK_H
#define MONITREND_CROSSCHECK_H

#include <stddef.h>
#include "monitrend/expr.h"
#include "monitrend/status.h"

#define MT_CROSSCHECK_MAX_LAG       24  /* largest lag L of the cross-correlation */
#define MT_CROSSCHECK_MAX_AR        12  /* largest AR order for prewhitening */
#define MT_CROSSCHECK_MAX_DIVERGENT 64  /* divergent periods listed (all are counted) */
#define MT_CROSSCHECK_MAX_MEMBERS   16  /* members of an availability group */

typedef enum {
    MT_VERDICT_CONSISTENT = 0,  /* rates not significantly different, CI of the difference narrow */
    MT_VERDICT_DIVERGING,       /* rates differ significantly (parallelism rejected) */
    MT_VERDICT_OPPOSITE,        /* significant trends in opposite directions */
    MT_VERDICT_INCONCLUSIVE,    /* too few common periods, or CIs too wide */
    MT_VERDICT_SHIFT_A_TO_B,    /* displacement: A's share falls, total holds */
    MT_VERDICT_SHIFT_B_TO_A,    /* displacement: A's share rises, total holds */
    MT_VERDICT_SHIFT_FALLING,   /* share shifts significantly while the total falls */
    MT_VERDICT_NO_SHIFT,        /* displacement: no significant trend in the share */
    MT_VERDICT_RISING,          /* ratio: significant upward trend */
    MT_VERDICT_FALLING,         /* ratio: significant downward trend */
    MT_VERDICT_STABLE           /* ratio: no significant trend */
} mt_verdict;

/* The relation a concordance expects between its two members (model key
 * `expect`): same - both measure one thing and should move together
 * (wastewater and use); opposite - one should fall when the other rises
 * (seizures and price, purity and price). */
typedef enum {
    MT_EXPECT_SAME = 0,
    MT_EXPECT_OPPOSITE
} mt_expect;

/* Why a verdict was reached: the rule of the decision table
 * (docs/methods-crosscheck.md) that applied.  Machine-readable codes from
 * mt_crosscheck_reason_code() go into results (column verdict_reason); the
 * words for reports are made in the presentation layer. */
typedef enum {
    MT_REASON_NONE = 0,
    /* concordance */
    MT_REASON_TOO_FEW_PERIODS,   /* fewer common periods than min_overlap */
    MT_REASON_TOO_FEW_CHANGES,   /* fewer than min_changes periods where both changed */
    MT_REASON_TRENDS_AGAINST,    /* both trends significant, against the expected relation */
    MT_REASON_CHANGES_AGAINST,   /* changes significantly against the expected direction */
    MT_REASON_LEVELS_AGAINST,    /* log levels significantly correlated against the expectation */
    MT_REASON_RATES_DIFFER,      /* expect same: parallelism rejected */
    MT_REASON_CHANGES_DISAGREE,  /* changes against the expected direction in most periods */
    MT_REASON_DIFF_CI_WIDE,      /* expect same: CI of the APC difference too wide */
    MT_REASON_NO_COMOVEMENT,     /* no evidence of co-movement in the expected direction */
    MT_REASON_CHANGES_COMOVE,    /* consistent: log changes move as expected (r or sign test) */
    MT_REASON_LEVELS_COMOVE,     /* consistent: log levels correlated as expected */
    MT_REASON_TRENDS_COMOVE,     /* consistent: both trends significant, as expected */
    /* displacement */
    MT_REASON_SHARE_FALLS,       /* A's share falls, total holds */
    MT_REASON_SHARE_RISES,       /* A's share rises, total holds */
    MT_REASON_SHARE_TOTAL_FALLS, /* the share shifts while the total falls */
    MT_REASON_SHARE_FLAT,        /* no significant trend in A's share */
    /* ratio and availability members */
    MT_REASON_TREND_UP,          /* trend CI above 0 */
    MT_REASON_TREND_DOWN,        /* trend CI below 0 */
    MT_REASON_TREND_FLAT,        /* trend CI includes 0 */
    MT_REASON_NO_COMMON          /* the members share no period (set by the caller) */
} mt_verdict_reason;

/* Machine-readable code of a reason ("changes_disagree"); static storage,
 * "" for MT_REASON_NONE, never NULL. */
const char *mt_crosscheck_reason_code(mt_verdict_reason r);

/* Short verdict text for results and reports ("consistent", "shift from A to
 * B", ...); static storage, never NULL. */
const char *mt_crosscheck_verdict_name(mt_verdict v);

/* The verdict text with the member names in place of "A" and "B" ("shift
 * from seiz/cocaine/NL to seiz/cocaine/BE"), written into buf (truncated to
 * size - 1 characters).  a and b may be NULL (then "A" and "B" stay). */
void mt_crosscheck_verdict_text(mt_verdict v, const char *a, const char *b, char *buf,
                                size_t size);

typedef struct {
    double level;          /* confidence level of every CI (default 0.95) */
    size_t min_overlap;    /* fewest common periods for a verdict (default 5) */
    size_t max_lag;        /* cross-correlation lags -L..L (default 2) */
    double per_year;       /* periods per year of the grid: 1, 4, 12 (default 1) */
    int prewhiten;         /* -1 auto (when per_year >= 12), 0 never, 1 always (default -1) */
    size_t max_ar;         /* largest AR order tried for prewhitening (default 6) */
    double resid_limit;    /* |standardized residual| flagging a period (default 2) */
    double max_diff_width; /* apc_diff CI wider than this (percentage points) -> inconclusive (default 25) */
    mt_expect expect;      /* expected relation of a concordance pair (default same) */
    size_t min_changes;    /* fewest periods where both changed for a verdict (default 3) */
} mt_crosscheck_options;

/* Fill the defaults listed above. */
void mt_crosscheck_options_default(mt_crosscheck_options *o);

/* A straight-line fit by OLS, y = intercept + slope * t (ln y for log-linear
 * fits).  For log-linear fits apc = 100 (e^slope - 1) with its CI from the t
 * distribution on the slope (n - 2 df); for linear fits the apc fields are
 * NaN.  direction: +1 when the CI lies above 0, -1 below, 0 otherwise. */
typedef struct {
    size_t n;
    double intercept, slope, slope_se, slope_lo, slope_hi, p, df;
    double sse;  /* residual sum of squares */
    double sxx;  /* sum of squares of t about its mean */
    double apc, apc_lo, apc_hi;
    int direction;
} mt_loglin;

/* Log-linear trend of y on t over the points where both are finite and y > 0
 * (t in decimal years, so slopes and APCs are per year).  Errors:
 * MT_ETOOFEW (fewer than 3 usable points), MT_ESINGULAR (all t equal),
 * MT_EINVAL (NULL, level outside (0, 1)), MT_ENONFINITE. */
mt_status mt_crosscheck_loglinear(const double *t, const double *y, size_t n, double level,
                                  mt_loglin *out, mt_error *err);

/* The same on y itself (no log), for logits and quantities that may be <= 0. */
mt_status mt_crosscheck_linear(const double *t, const double *y, size_t n, double level,
                               mt_loglin *out, mt_error *err);

/* A correlation over the pairs where both x and y are finite.  lo, hi: the
 * Fisher-z interval tanh(atanh r -/+ z_q / sqrt(n - 3)) (NaN when n < 4); p:
 * two-sided t test of r = 0 with n - 2 df (for Spearman this is the t
 * approximation R's cor.test uses with exact = FALSE). */
typedef struct {
    size_t n;
    double r, lo, hi, p;
} mt_correlation;

/* Pearson (spearman = 0) or Spearman (ranks with ties averaged) correlation.
 * Errors: MT_ETOOFEW (fewer than 3 pairs), MT_ESINGULAR (a constant
 * variable), MT_EINVAL. */
mt_status mt_crosscheck_correlation(const double *x, const double *y, size_t n, int spearman,
                                    double level, mt_correlation *out, mt_error *err);

/* Two-sided exact sign test: P of k or a more extreme count of n under
 * Binomial(n, 1/2) (as R binom.test); NaN when n == 0. */
double mt_crosscheck_sign_p(size_t k, size_t n);

/* Average a finer series to a coarser frequency (monthly or weekly to
 * annual, monthly to quarterly): the bin of a time t is floor(t * per_year +
 * 1e-9); each bin's value is the mean of its finite values, its SE the SE of
 * that mean, sqrt(sum se^2) / k (NaN when se is NULL or an SE is missing).
 * Bins without values are left out.  Outputs (caller arrays of n entries)
 * t_out (start of the bin, decimal years), y_out, se_out (may be NULL), the
 * number of bins in *n_out and of values per bin in count (may be NULL).
 * Input need not be sorted; output is sorted by time.  Errors: MT_EINVAL. */
mt_status mt_crosscheck_align_coarse(const double *t, const double *y, const double *se, size_t n,
                                     double per_year, double *t_out, double *y_out,
                                     double *se_out, size_t *count, size_t *n_out,
                                     mt_error *err);

/* One series as (t, y, se) arrays; se may be NULL. */
typedef struct {
    const double *t;
    const double *y;
    const double *se;
    size_t n;
} mt_xy;

/* Put two series on one consecutive grid of their overlapping periods: a
 * period's slot is round(t * per_year); the grid runs from the later of the
 * two first slots to the earlier of the two last ones.  Allocates *t_grid,
 * *ya, *sea, *yb, *seb (n_grid entries each, NaN where missing; the caller
 * frees each with free()).  Errors: MT_EINVAL (two points of one series in
 * one slot, e.g. weekly data not aligned first; NULL), MT_ETOOFEW (no
 * overlap), MT_ELIMIT (more than 100000 slots), MT_ENOMEM. */
mt_status mt_crosscheck_pair_align(const mt_xy *a, const mt_xy *b, double per_year,
                                   double **t_grid, double **ya, double **sea, double **yb,
                                   double **seb, size_t *n_grid, mt_error *err);

/* Why a period is listed as divergent (bit mask). */
enum {
    MT_DIVERGE_OPPOSITE_SIG = 1u << 0, /* opposite changes, both significant by z-test on point SEs */
    MT_DIVERGE_OPPOSITE     = 1u << 1, /* opposite changes (no SEs to test them) */
    MT_DIVERGE_RESIDUAL     = 1u << 2  /* |standardized residual| of ln b on ln a > resid_limit */
};

typedef struct {
    size_t index;      /* grid index of the period */
    unsigned reasons;  /* MT_DIVERGE_* */
    double change_a;   /* change in ln a from the previous period (NaN when none) */
    double change_b;
    double z_a, z_b;   /* z of those changes (NaN without SEs) */
    double resid;      /* standardized residual (NaN when not computed) */
} mt_divergence;

typedef struct {
    size_t n;              /* common periods (both present and positive) */
    size_t first, last;    /* grid indices of the first and last common period (0 when n == 0) */
    mt_loglin a, b;        /* each member's log-linear trend over the common periods */
    double slope_diff, slope_diff_se;    /* b - a from the stacked regression (pooled variance) */
    double p_parallel;     /* t test of equal slopes, 2n - 4 df */
    double apc_diff, apc_diff_lo, apc_diff_hi; /* apc_a - apc_b, delta-method CI */
    mt_correlation r_levels, r_diff;     /* Pearson of ln levels and of first differences of logs */
    mt_correlation rho_levels, rho_diff; /* Spearman of the same */
    size_t agree, total;   /* periods where both changed: same direction / all */
    double sign_p;         /* two-sided sign test of agree out of total */
    int prewhitened;       /* 1 when the CCF used AR-prewhitened changes (on the longest
                              gap-free stretch of changes, when there are gaps) */
    size_t ar_order;       /* AR order chosen by AIC (0 when not prewhitened) */
    size_t pw_first;       /* grid index of the first change of the prewhitened stretch */
    size_t ccf_n;          /* length of the series the CCF was computed on */
    double ar[MT_CROSSCHECK_MAX_AR];
    size_t n_lags;         /* 2 L + 1 */
    int max_lag;           /* L */
    double ccf[2 * MT_CROSSCHECK_MAX_LAG + 1]; /* ccf[k + L] = cor(da_{t+k}, db_t) */
    int best_lag;          /* lag with the largest |ccf| (smallest |lag| on ties) */
    double r_lag;          /* ccf at best_lag */
    size_t n_divergent;    /* periods found divergent (may exceed the list) */
    mt_divergence divergent[MT_CROSSCHECK_MAX_DIVERGENT];
    mt_expect expect;      /* the relation the verdict tested */
    mt_verdict verdict;
    mt_verdict_reason reason; /* the rule of the decision table that applied */
} mt_concordance;

/* The verdict of a concordance from its statistics (c->n, trends,
 * p_parallel, apc_diff CI, r_levels, r_diff, agree, total, sign_p) and
 * o->expect, o->min_overlap, o->min_changes, o->max_diff_width, o->level:
 * the decision table of docs/methods-crosscheck.md, first rule that
 * applies.  A pair whose changes go against the expected direction in most
 * periods is never consistent.  Writes the rule to *reason (may be NULL).
 * o may be NULL (defaults). */
mt_verdict mt_crosscheck_concordance_verdict(const mt_concordance *c, const mt_crosscheck_options *o,
                                             mt_verdict_reason *reason);

/* Concordance of two series on a common consecutive grid of n periods (t:
 * decimal years; ya, yb: values; sea, seb: SEs or NULL).  Only periods where
 * both values are finite and positive are used.  With fewer than
 * o->min_overlap common periods the verdict is inconclusive and the
 * statistics that need more points are NaN; this is a result, not an error.
 * Statistics that cannot be computed (a constant series, too few changes)
 * are NaN.  o may be NULL (defaults).  Errors: MT_EINVAL (NULL arrays,
 * max_lag or max_ar above the limits), MT_ENOMEM. */
mt_status mt_crosscheck_concordance(const double *t, const double *ya, const double *sea,
                                    const double *yb, const double *seb, size_t n,
                                    const mt_crosscheck_options *o, mt_concordance *out,
                                    mt_error *err);

/* Convenience entry for the CLI: align a and b (mt_crosscheck_pair_align with
 * o->per_year) and run the concordance.  Grid indices in *out refer to the
 * aligned grid, whose first time is written to *t0 (may be NULL). */
mt_status mt_crosscheck_concordance_xy(const mt_xy *a, const mt_xy *b,
                                       const mt_crosscheck_options *o, mt_concordance *out,
                                       double *t0, mt_error *err);

/* The divergent periods are numbers and reason bits only; their text is
 * made by the presentation layer (cc_words.h mt_cc_divergent_text). */

/* Availability group. */
typedef struct {
    size_t n_members;
    mt_loglin recent[MT_CROSSCHECK_MAX_MEMBERS];   /* trend over each member's recent window */
    int direction[MT_CROSSCHECK_MAX_MEMBERS];      /* sign * trend direction: +1 points to rising
                                                      availability, -1 falling, 0 stable,
                                                      2 too few recent points */
    size_t k_rising, k_falling, k_stable, m;       /* tally; m members with a direction */
    int in_composite[MT_CROSSCHECK_MAX_MEMBERS];   /* member entered the composite */
} mt_availability;

/* Availability cross-check over n_periods grid periods at times t.
 * values: n_members arrays; signs: +1 or -1 each (expected sign of the
 * member when availability rises).  Recent direction: log-linear trend over
 * each member's last `recent` observed periods (at least 3).  Composite:
 * z_i(t) = sign_i (ln y_i(t) - mean_i) / sd_i over member i's observed
 * periods; index[t] = mean of z_i(t) over members present; members[t]
 * counts them; lo, hi: percentile bootstrap CI from n_boot resamples of the
 * members (with replacement, gsl_rng mt19937 seeded with seed), NaN where
 * fewer than 2 members are present.  index, lo, hi, members: caller arrays
 * of n_periods.  Errors: MT_EINVAL (NULL, a sign not +-1, recent < 3,
 * n_boot < 100 unless 0 (= no CI)), MT_ELIMIT (more than
 * MT_CROSSCHECK_MAX_MEMBERS), MT_ENOMEM. */
mt_status mt_crosscheck_availability(size_t n_members, size_t n_periods, const double *t,
                                     const double *const *values, const int *signs,
                                     size_t recent, size_t n_boot, unsigned long seed,
                                     double level, mt_availability *out, double *index,
                                     double *lo, double *hi, size_t *members, mt_error *err);

/* Displacement of A and B. */
typedef struct {
    mt_concordance pair;   /* concordance of A and B; pair.r_diff is the correlation of log changes */
    mt_loglin share;       /* OLS of logit(A / (A + B)) on t */
    double share_mean;     /* mean of A's share over the common periods */
    double odds_ratio, odds_ratio_lo, odds_ratio_hi;  /* e^slope of the logit share, per year */
    double share_pp, share_pp_lo, share_pp_hi; /* percentage points per year at the mean share:
                                                  100 slope s(1-s) */
    mt_loglin total;       /* log-linear trend of A + B */
    mt_verdict verdict;
    mt_verdict_reason reason;
} mt_displacement;

/* Displacement on a common grid (as mt_crosscheck_concordance).  Verdict:
 * inconclusive with fewer than min_overlap common periods; else when the
 * share's slope CI excludes 0: shift from A to B (falling share) or from B
 * to A (rising share) if the total's trend is not significantly negative,
 * "shift while total falls" if it is; otherwise no shift. */
mt_status mt_crosscheck_displacement(const double *t, const double *ya, const double *yb,
                                     size_t n, const mt_crosscheck_options *o,
                                     mt_displacement *out, mt_error *err);

/* Ratio: the expression's series (mt_expr_eval: value and se, caller arrays
 * of n) and its log-linear trend.  verdict: inconclusive (fewer than
 * min_overlap values), rising, falling or stable by the trend's CI.
 * *n_divzero (may be NULL) counts periods lost to a division by zero. */
typedef struct {
    mt_loglin trend;
    size_t n;
    size_t n_divzero;
    mt_verdict verdict;
    mt_verdict_reason reason;
} mt_ratio;

mt_status mt_crosscheck_ratio(const mt_expr *e, const mt_expr_input *inputs,
                              const double *params, const double *t, size_t n,
                              const mt_crosscheck_options *o, double *value, double *se,
                              mt_ratio *out, mt_error *err);

#endif
