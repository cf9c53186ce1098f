/*
 * trend.h - least-squares trend of one series: log-linear or linear, OLS or
 * WLS, with optional known level shifts ("jumps").
 *
 * Model on the analysis scale z (z = ln y on the log scale, z = y on the
 * linear scale):
 *
 *     z_i = a + b t_i + sum_j c_j 1(t_i >= tau_j) + e_i
 *
 * with t in decimal years, so b is per year whatever the frequency.  On the
 * log scale the annual percent change is APC = 100 (e^b - 1) and a jump is
 * 100 (e^c - 1) percent; on the linear scale b is the change per year in the
 * data's unit and a jump is an absolute shift.  Standard errors, t and p
 * follow R's lm() (residual variance on n - p degrees of freedom, also for
 * weighted fits), so results can be reproduced with
 * lm(z ~ t + steps, weights = w).  See docs/methods-trend.md.
 *
 * The kernel works on plain arrays the caller has already stripped of
 * missing and excluded points.  It does no I/O, keeps no state and fills a
 * caller-owned fixed-size result; GSL scratch memory is allocated and freed
 * inside each call, so the functions are safe to call from parallel threads.
 */
#ifndef MONITREND_TREND_H
#define MONITREND_TREND_H

#include <stddef.h>
#include "monitrend/status.h"
#include "monitrend/vocab.h"

/* Largest number of regression coefficients (intercept + slope + jumps). */
#define MT_TREND_MAX_PARAMS 8
#define MT_TREND_MAX_JUMPS (MT_TREND_MAX_PARAMS - 2)

/* Singular values of the (column-balanced) design below this fraction of
 * the largest are treated as zero: a design of lower rank is MT_ESINGULAR.
 * Far above rounding error (1e-16) and far below any real design's ratio
 * (a 50-year annual series with a jump has about 1e-3). */
#define MT_TREND_RANK_TOL 1e-10

/* IRLS convergence of the count GLM: relative change of the deviance, as
 * R's glm.control(epsilon) but far tighter than its 1e-8 so that the
 * estimates are converged to rounding (IRLS converges quadratically; a
 * Poisson fit of 20-350 points needs 4-6 iterations).  At most
 * MT_TREND_GLM_MAXIT iterations, else MT_ENONFINITE ("did not converge"). */
#define MT_TREND_GLM_TOL 1e-13
#define MT_TREND_GLM_MAXIT 100

/* mt_scale, mt_variance and mt_zeros and their names are in vocab.h. */

/* Variance model of a series (docs/methods-trend.md, section "Count
 * series").  CONSTANT: least squares on the analysis scale (OLS, or WLS
 * with standard errors).  POISSON: log-linear Poisson GLM, dispersion fixed
 * at 1, normal-based inference (R glm(family = poisson), summary.glm).
 * QUASIPOISSON: the same estimates, dispersion = Pearson chi-square /
 * residual df, SEs scaled by its square root, t-based inference on the
 * residual df (R glm(family = quasipoisson), summary.glm).  AUTO is the
 * model-level default: the pipeline resolves it (kind = count: Poisson or
 * quasi-Poisson by the dispersion; else constant); the kernel treats it as
 * CONSTANT.  (mt_variance) */

/* What to do with values <= 0 when the log scale is wanted (a wastewater
 * load below the limit of detection, an empty count).  EXCLUDE (default):
 * leave those points out of every log-scale fit and name each in the note.
 * LINEAR: fit the whole series on the linear scale (said in the note).
 * HALF_MIN: replace each by half the smallest positive value of the series
 * (a common substitution for left-censored data), named in the note.
 * Count series with a Poisson-type variance need none of these: the log
 * link takes zeros as they are.  (mt_zeros) */

/* Decide the analysis scale.  requested = MT_SCALE_AUTO gives MT_SCALE_LOG
 * when all n values of y are finite and > 0, else MT_SCALE_LINEAR.
 * MT_SCALE_LOG with a value <= 0 is MT_EINVAL (the message names the index);
 * a non-finite y is MT_ENONFINITE.  *reason (optional) receives the code
 * saying why, e.g. MT_SCALE_WHY_AUTO_NONPOSITIVE; its words are the
 * caller's (vocab.h mt_scale_why_word). */
mt_status mt_trend_scale_choose(mt_scale requested, const double *y, size_t n,
                                mt_scale *chosen, mt_scale_why *reason, mt_error *err);

typedef struct {
    mt_scale scale;        /* MT_SCALE_AUTO (the zero value), _LOG or _LINEAR */
    double level;          /* confidence level; 0 means 0.95 */
    const double *jump_t;  /* times of known level shifts (borrowed), or NULL */
    size_t n_jumps;        /* at most MT_TREND_MAX_JUMPS */
    int se_analysis_scale; /* 0: se[] on the data scale; 1: se[] already on the analysis
                              scale, e.g. se(ln y) from mt_change_se_from_ci(..., log_scale = 1) */
    mt_variance variance;  /* AUTO/CONSTANT (the zero value): least squares;
                              POISSON/QUASIPOISSON: log-link GLM on the counts y
                              (y >= 0, scale forced to log, se must be NULL) */
} mt_trend_opts;

typedef struct {
    mt_scale scale;           /* scale actually used */
    mt_scale_why scale_why;   /* why that scale (words: vocab.h mt_scale_why_word) */
    int weighted;             /* 1 when se was given (inverse-variance WLS) */
    size_t n;                 /* points fitted */
    size_t n_params;          /* 2 + n_jumps */
    size_t df;                /* n - n_params */
    double level;             /* confidence level used */
    double t_crit;            /* t quantile (1 + level)/2 on df */

    /* coefficients in the order intercept (at t = 0), slope, jumps; as R's
     * coef(summary(lm)) */
    double coef[MT_TREND_MAX_PARAMS];
    double coef_se[MT_TREND_MAX_PARAMS];
    double cov[MT_TREND_MAX_PARAMS * MT_TREND_MAX_PARAMS]; /* row-major, R's vcov() */
    /* The same fit with time centred at t_center: the intercept is then the
     * level at t_center.  Use mt_trend_predict (or this matrix) for bands:
     * it avoids the cancellation of var(a) + 2 t cov(a,b) + t^2 var(b). */
    double t_center;
    double a_center;          /* intercept of the centred fit: level at t_center */
    double cov_centered[MT_TREND_MAX_PARAMS * MT_TREND_MAX_PARAMS];

    double a, b;              /* coef[0], coef[1] */
    double se_b, t_b, p_b;    /* slope SE, t statistic, two-sided p (t, df) */
    double b_lo, b_hi;        /* slope CI, analysis scale, per year */
    double apc, apc_lo, apc_hi; /* log scale: 100(e^b - 1) and CI; NaN on linear */
    double rate, rate_lo, rate_hi; /* the headline rate: APC on log, b on linear */

    size_t n_jumps;
    double jump_t[MT_TREND_MAX_JUMPS];
    double jump[MT_TREND_MAX_JUMPS];     /* log: 100(e^c - 1) %; linear: c */
    double jump_lo[MT_TREND_MAX_JUMPS];
    double jump_hi[MT_TREND_MAX_JUMPS];
    double jump_p[MT_TREND_MAX_JUMPS];

    double sse;    /* sum w e^2 on the analysis scale (w = 1 for OLS) */
    double sigma;  /* sqrt(sse / df), R's summary(lm)$sigma */
    double r2;     /* R's r.squared: weighted mss / (mss + sse) */
    double dw;     /* Durbin-Watson on sqrt(w) e, in the given order */

    mt_variance variance;  /* CONSTANT, POISSON or QUASIPOISSON as fitted */
    double dispersion;     /* the dispersion the SEs use: sigma^2 (least squares,
                              R's summary.glm(gaussian)$dispersion), 1 (Poisson),
                              Pearson chi^2 / df (quasi-Poisson) */
    double pearson_dispersion; /* GLM: Pearson chi^2 / df, also for Poisson
                                  (the evidence for overdispersion); LS: NaN */
    double deviance;       /* GLM: residual deviance; LS: NaN */
    int normal;            /* 1: intervals and p from the normal distribution
                              (Poisson, dispersion known), 0: t on df */
} mt_trend_result;

/* Fit the trend.
 *   t[n]   times in decimal years, strictly increasing, finite.
 *   y[n]   values on the DATA scale, finite; ln is taken here on the log scale.
 *   se[n]  optional (NULL for OLS): standard errors on the data scale, finite
 *          and > 0.  Weights are 1/var(z): var(ln y) = (se/y)^2 on the log
 *          scale (delta method), se^2 on the linear scale.  With
 *          opts->se_analysis_scale, se is taken as the SE of z itself.
 *   opts   optional (NULL = auto scale, 95 %, no jumps).
 * With opts->variance POISSON or QUASIPOISSON the model is the log-linear
 * GLM log E(y_i) = a + b t_i + sum_j c_j 1(t_i >= tau_j), fitted by IRLS to
 * convergence (|dev - dev_old| <= MT_TREND_GLM_TOL (|dev| + 0.1)); y are the
 * counts (finite, >= 0, not all 0); coef, cov, SEs, t/z, p and CIs are those
 * of R's glm/summary.glm; CI = coef -/+ q SE with q the normal quantile
 * (Poisson, R's confint.default) or the t quantile on n - p df
 * (quasi-Poisson, matching summary.glm's t test; see docs/methods-trend.md).
 * sse is then the Pearson chi-square and r2, dw are computed on the
 * Pearson residuals (y - mu)/sqrt(mu).
 * Returns MT_ETOOFEW when n < 3 or n <= n_params (the caller then reports
 * the series descriptively), MT_ESINGULAR for constant t or a jump column
 * that is all 0 or all 1 or collinear, MT_EINVAL for unsorted t, bad se,
 * too many jumps or a bad level, MT_ENONFINITE for a NaN/Inf input or
 * estimate, MT_ENOMEM.  On any error *res is left fully NaN-filled. */
mt_status mt_trend_fit(const double *t, const double *y, const double *se, size_t n,
                       const mt_trend_opts *opts, mt_trend_result *res, mt_error *err);

/* Fitted value on the analysis scale at time t (jumps applied) and its
 * standard error from cov_centered; either output may be NULL. */
void mt_trend_predict(const mt_trend_result *res, double t, double *fit, double *se_fit);

#endif
