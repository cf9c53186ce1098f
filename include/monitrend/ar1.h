/*
 * ar1.h - linear regression with AR(1) errors by generalised least squares,
 * the AR coefficient estimated by restricted maximum likelihood, as R
 * nlme::gls(y ~ X, correlation = corAR1(), method = "REML") (Pinheiro and
 * Bates 2000, sec. 5.3) and the NCI Joinpoint Program's "autocorrelated
 * errors" option.
 *
 * Model: y = X b + e, Var(e) = sigma^2 R(phi), R_ij = phi^|i-j| in the order
 * of the observations (nlme's corAR1() with form ~ 1).  For a given phi the
 * Prais-Winsten transform P (row 1 scaled by sqrt(1 - phi^2), row t minus
 * phi times row t-1; P'P = (1 - phi^2) R^-1) turns the problem into ordinary
 * least squares on (P y, P X).  The REML criterion profiled over b and
 * sigma is, up to a constant,
 *
 *     f(phi) = (n-p)/2 ln SSE*(phi) + 1/2 ln |X*'X*| - 1/2 ln(1 - phi^2),
 *
 * minimised over (-1, 1) by a grid then Brent's method (GSL).  Then
 * b = GLS estimate, sigma^2 = SSE* / ((1 - phi^2)(n - p)) (nlme's sigma:
 * the marginal SD), Cov(b) = SSE* / (n-p) times (X*^T X*)^-1, t tests on n - p df.
 * No I/O, no global state.
 */
#ifndef MONITREND_AR1_H
#define MONITREND_AR1_H

#include <stddef.h>
#include "monitrend/joinpoint.h"
#include "monitrend/status.h"

#define MT_AR1_MAX_P 12

typedef struct {
    size_t n, p;
    double phi;                          /* REML estimate of the AR(1) coefficient */
    double coef[MT_AR1_MAX_P];
    double se[MT_AR1_MAX_P];
    double cov[MT_AR1_MAX_P * MT_AR1_MAX_P]; /* row-major */
    double sigma;                        /* marginal residual SD, as nlme */
    double df;                           /* n - p */
} mt_ar1_result;

/* Fit y (n) on the n x p row-major design X (p <= MT_AR1_MAX_P, n > p + 1).
 * Errors: MT_EINVAL (NULL, p out of range), MT_ETOOFEW, MT_ENONFINITE,
 * MT_ESINGULAR (X without full rank), MT_ENOMEM. */
mt_status mt_ar1_gls(const double *y, const double *X, size_t n, size_t p, mt_ar1_result *out,
                     mt_error *err);

/* Refit a selected least-squares joinpoint model res (from mt_jp_fit on t,
 * y, n without weights) with AR(1) errors: joinpoints and level shifts held,
 * coefficients and covariance by GLS (phi by REML, *phi), covariance on the
 * Program's df (n - 2 - 2k - J); fitted values, segments, jumps and the
 * three AAPCs recomputed at level 1 - alpha (src/stats/ar1_jp.c).  Errors as
 * mt_ar1_gls, MT_EINVAL for a result of other data. */
mt_status mt_ar1_jp_refit(const double *t, const double *y, size_t n, double alpha,
                          mt_jp_result *res, double *phi, mt_error *err);
/* (mt_ar1_jp_refit leaves res unchanged and returns MT_ELIMIT when |phi| >=
 * MT_AR1_PHI_LIMIT.) */

/* The pipeline uses AR(1) errors only on consecutive periods (an AR(1) in
 * the order of the observations is wrong across a gap) and only when phi is
 * inside (-MT_AR1_PHI_LIMIT, MT_AR1_PHI_LIMIT): at the boundary the errors
 * look like a random walk and GLS degenerates into first differences, whose
 * slope is the first-to-last change (mt_ar1_usable). */
#define MT_AR1_PHI_LIMIT 0.99

/* 1 when times t (n, increasing) are consecutive at per_year periods a year
 * (no step longer than 1.5 periods), 0 otherwise. */
int mt_ar1_consecutive(const double *t, size_t n, double per_year);

/* Durbin-Watson statistics outside [1.5, 2.5] suggest autocorrelated
 * residuals (the pipeline's note): 1 when dw is outside, 0 otherwise. */
int mt_ar1_dw_suggests(double dw);

#endif
