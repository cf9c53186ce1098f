/*
 * bands.h - confidence, prediction and simultaneous bands for linear models.
 *
 * A trend line in a figure is a fitted linear model y = X b + e on the
 * analysis scale (log of the data for log models).  This module fits such a
 * model by (weighted) least squares, or accepts coefficients and their
 * covariance from the caller, and evaluates at prediction rows X0:
 *
 *   fit     x0'b
 *   ci      x0'b -/+ t(1-a/2, n-p) * se_fit,          se_fit^2 = x0' V x0
 *   pi      x0'b -/+ t(1-a/2, n-p) * sqrt(se_fit^2 + s^2 / w0)
 *   sim     x0'b -/+ sqrt(p * F(1-a; p, n-p)) * se_fit  (Working-Hotelling)
 *
 * with V = s^2 (X'WX)^-1 and s^2 = sum w e^2 / (n - p).  These are the numbers
 * R gives with predict(lm, interval = "confidence" / "prediction"), the
 * prediction weight w0 of a new point playing the role of predict.lm's
 * `weights` argument (default 1: a new point gets the variance s^2 of a unit
 * weight observation).  The design builders make X for a straight line, a
 * line with jumps (level shifts) and a continuous piecewise line with hinges
 * at joinpoints, so that any trend, event or joinpoint fit can be banded.
 *
 * All functions work on plain arrays already stripped of missing points;
 * none does I/O.  See docs/methods-events.md.
 */
#ifndef MONITREND_BANDS_H
#define MONITREND_BANDS_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "monitrend/status.h"

/* Relative singular-value tolerance below which a design is called rank
 * deficient (singular values < MT_BANDS_RANK_TOL * largest).  Chosen far
 * above rounding error (1e-16) and far below any design a monitor series
 * produces (a line over 1980-2023 has a ratio near 1e-3 after GSL's column
 * balancing), so that only truly collinear designs are refused. */
#define MT_BANDS_RANK_TOL 1e-10

/* A fitted linear model on the analysis scale.  All members are owned by the
 * struct and released by mt_bands_fit_free().  A caller with its own estimates
 * may fill one from mt_bands_fit_alloc(): set coef, cov (the scaled
 * covariance), sigma2 and df; the other members are then informational. */
typedef struct {
    size_t n_obs;          /* observations used */
    size_t n_par;          /* p, columns of X */
    size_t df;             /* residual degrees of freedom, n_obs - n_par */
    gsl_vector *coef;      /* p estimates */
    gsl_matrix *cov;       /* p x p, s^2 (X'WX)^-1 */
    gsl_matrix *cov_unscaled; /* p x p, (X'WX)^-1 */
    gsl_vector *resid;     /* n_obs raw residuals y - Xb (NULL when filled by hand) */
    gsl_vector *hat;       /* n_obs leverages h_i = w_i x_i'(X'WX)^-1 x_i (or NULL) */
    double rss;            /* sum w_i e_i^2 */
    double sigma2;         /* s^2 = rss / df; count model: the dispersion */
    int normal;            /* 1: dispersion known (Poisson): normal and
                              chi-square quantiles instead of t and F */
    int count_model;       /* 1: log-link count model (mt_bands_fit_counts): a
                              new point's variance on the log scale is
                              sigma2 / mu0, mu0 = exp(x0'b) (delta method) */
} mt_linfit;

/* One prediction row.  All bounds on the analysis scale, or on the data scale
 * after mt_bands_exp(). */
typedef struct {
    double fit;            /* x0'b (after exp: the median, not the mean) */
    double se_fit;         /* sqrt(x0' V x0), always on the analysis scale */
    double ci_lo, ci_hi;   /* pointwise CI of the fitted mean */
    double pi_lo, pi_hi;   /* prediction interval of a new observation */
    double sim_lo, sim_hi; /* simultaneous Working-Hotelling band */
} mt_band;

/* Allocate an empty fit for p parameters (coef, cov, cov_unscaled zeroed;
 * resid and hat NULL).  Returns NULL when out of memory.  Free with
 * mt_bands_fit_free(). */
mt_linfit *mt_bands_fit_alloc(size_t n_par);

/* Release a fit; NULL is a no-op. */
void mt_bands_fit_free(mt_linfit *fit);

/* Fit y = X b + e by least squares, weighted when w is non-NULL (w_i > 0 are
 * inverse-variance weights as in R's lm(weights = w)).  X is n x p with
 * n = X->size1; y and w have n entries, all finite.  Requires n > p (at least
 * one residual degree of freedom).
 * Returns MT_OK and a new fit in *out (caller frees with mt_bands_fit_free),
 * MT_EINVAL for NULL arguments, non-finite data or weights <= 0, MT_ETOOFEW
 * when n <= p, MT_ESINGULAR when X is rank deficient, MT_ENONFINITE when an
 * estimate is not finite, MT_ENOMEM.  *out is NULL on failure. */
mt_status mt_bands_fit(const gsl_matrix *X, const double *y, const double *w,
                       mt_linfit **out, mt_error *err);

/* Fit the log-linear count model log E(y) = X b (R's glm(family = poisson)
 * or quasipoisson) by IRLS, converged as the trend kernel's count model
 * (MT_TREND_GLM_TOL).  y: counts >= 0, not all 0.  quasi = 0: dispersion
 * 1, cov = (X'WX)^-1 with the working weights W = mu, normal = 1;
 * quasi = 1: dispersion = Pearson chi^2 / (n - p), cov scaled by it, t and F
 * quantiles on n - p df.  resid holds the Pearson residuals (y - mu)/sqrt(mu),
 * rss their sum of squares, hat the GLM leverages.  count_model = 1.
 * Returns as mt_bands_fit; MT_ENONFINITE also when IRLS does not converge. */
mt_status mt_bands_fit_counts(const gsl_matrix *X, const double *y, int quasi,
                              mt_linfit **out, mt_error *err);

/* Evaluate the fit at the rows of X0 (m x p, m = X0->size1) and write m bands
 * into out (caller-owned array of m).  level is the coverage in (0, 1), 0.95
 * for the monitor.  w0 (m entries, > 0, or NULL for all 1) are the weights of
 * the new points for the prediction interval: a new point's variance is
 * s^2 / w0, as in predict.lm(weights = ).
 * For a count model (fit->count_model) with w0 NULL the weight of a new point
 * is its fitted mean mu0 = exp(x0'b), so the prediction variance on the log
 * scale is se_fit^2 + dispersion / mu0; a fit with `normal` set uses the
 * normal quantile for ci and pi and sqrt(chi2_p) for the simultaneous band.
 * Returns MT_OK, MT_EINVAL (NULL arguments, column count differs from the
 * fit, level outside (0,1), w0 <= 0), MT_ETOOFEW when df is 0, MT_ENONFINITE
 * when a bound comes out non-finite. */
mt_status mt_bands_predict(const mt_linfit *fit, const gsl_matrix *X0,
                           const double *w0, double level, mt_band *out,
                           mt_error *err);

/* Back-transform m bands of a log model to the data scale: exp() of fit and of
 * every bound; se_fit is left on the log scale.  exp(fit) is the fitted
 * median (the geometric mean) of the data, not its mean; the bounds are exact
 * quantile transforms because exp is monotone. */
void mt_bands_exp(mt_band *bands, size_t m);

/* Build the design for a line with optional jumps and hinges at the n times t
 * (decimal years):
 *   column 0             1
 *   column 1             t - t_origin
 *   columns 2..          1(t >= jumps[k])                  (level shift)
 *   then                 max(0, t - hinges[k])              (joinpoint hinge)
 * A straight line is n_jumps = n_hinges = 0; the Joinpoint "jump" model adds
 * steps; a continuous joinpoint fit with joinpoints tau_1..tau_K has hinges
 * at the tau_k (its fitted values and bands do not depend on the
 * parameterisation).  t_origin only moves the meaning of the intercept.
 * jumps/hinges may be NULL when their count is 0.
 * Returns MT_OK and a new n x p matrix in *X (caller frees with
 * gsl_matrix_free), MT_EINVAL for NULL or non-finite input or n = 0,
 * MT_ENOMEM. */
mt_status mt_bands_design(const double *t, size_t n, double t_origin,
                          const double *jumps, size_t n_jumps,
                          const double *hinges, size_t n_hinges,
                          gsl_matrix **X, mt_error *err);

#endif
