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
 *
 * Gaps and weights (mt_ar1_gls_opt): with lag_i periods between points i-1
 * and i the correlation is phi^|lag| (an AR(1) observed at whole periods,
 * R's corAR1(form = ~ period), corCAR1 for phi > 0): row i of the transform
 * is (x_i - rho_i x_{i-1}) sqrt((1 - phi^2) / (1 - rho_i^2)), rho_i =
 * phi^lag_i, and the criterion's -1/2 ln(1 - phi^2) becomes 1/2 (sum_{i>=2}
 * ln(1 - rho_i^2) - n ln(1 - phi^2)).  Weights w_i (inverse variances up to
 * a factor, R's varFixed(~ 1/w)) multiply row i by sqrt(w_i) before the
 * transform.  ML instead of REML drops the ln|X*'X*| term and uses n for
 * n - p in the criterion (the model comparison of joinpoint_ar1.h).
 * No I/O, no global state.
 */
#ifndef MONITREND_AR1_H
#define MONITREND_AR1_H

#include <stddef.h>
#include "monitrend/joinpoint.h"
#include "monitrend/status.h"

#define MT_AR1_MAX_P 16

typedef struct {
    size_t n, p;
    double phi;                          /* REML estimate of the AR(1) coefficient */
    double coef[MT_AR1_MAX_P];
    double se[MT_AR1_MAX_P];
    double cov[MT_AR1_MAX_P * MT_AR1_MAX_P]; /* row-major */
    double sigma;                        /* marginal residual SD, as nlme */
    double df;                           /* n - p */
    double sse;                          /* e' (S R S)^-1 e: the GLS residual sum of squares */
    double logdet_r;                     /* ln |R(phi)| */
    double loglik;                       /* nlme's logLik (ML or REML, as fitted) */
} mt_ar1_result;

typedef struct {
    const double *w;   /* n weights > 0, or NULL */
    const double *lag; /* n: lag[i] whole periods between points i-1 and i (lag[0]
                          unused), or NULL: consecutive */
    int ml;            /* 1: maximum likelihood; 0: REML (nlme's default) */
} mt_ar1_opts;

/* Fit y (n) on the n x p row-major design X (p <= MT_AR1_MAX_P, n > p + 1).
 * Errors: MT_EINVAL (NULL, p out of range), MT_ETOOFEW, MT_ENONFINITE,
 * MT_ESINGULAR (X without full rank), MT_ENOMEM. */
mt_status mt_ar1_gls(const double *y, const double *X, size_t n, size_t p, mt_ar1_result *out,
                     mt_error *err);

/* The same with weights, gaps and ML (o may be NULL: mt_ar1_gls).  Extra
 * errors: MT_EINVAL for a weight <= 0 or a lag that is not a whole number
 * >= 1. */
mt_status mt_ar1_gls_opt(const double *y, const double *X, size_t n, size_t p, const mt_ar1_opts *o,
                         mt_ar1_result *out, mt_error *err);

/* The transform at a given phi of the n x ncol row-major x into out (sw:
 * square roots of the weights or NULL; lag as in mt_ar1_opts): e' (S R S)^-1
 * e = |P e|^2 / (1 - phi^2). */
void mt_ar1_transform(double phi, const double *sw, const double *lag, size_t n, const double *x,
                      size_t ncol, double *out);
/* ln|R(phi)| - n ln(1 - phi^2) for the lags (NULL: consecutive). */
double mt_ar1_logdet_term(double phi, const double *lag, size_t n);

/* Lags in whole periods between consecutive times t (n, increasing) at
 * per_year periods a year: lag[0] = 1, lag[i] = round((t_i - t_{i-1})
 * per_year).  Returns 1 when some lag exceeds 1 (a gap), else 0. */
int mt_ar1_lags(const double *t, size_t n, double per_year, double *lag);

/* Refit a selected least-squares joinpoint model res (from mt_jp_fit on t,
 * y, n without weights) with AR(1) errors: joinpoints and level shifts held,
 * coefficients and covariance by GLS (phi by REML, *phi), covariance on the
 * Program's df (n - 2 - 2k - J); fitted values, segments, jumps and the
 * three AAPCs recomputed at level 1 - alpha, res->sse the GLS residual sum
 * of squares e'(S R S)^-1 e, res->sigma2 the innovation variance on the
 * Program's df (src/stats/ar1_jp.c).  Errors as
 * mt_ar1_gls, MT_EINVAL for a result of other data. */
mt_status mt_ar1_jp_refit(const double *t, const double *y, size_t n, double alpha,
                          mt_jp_result *res, double *phi, mt_error *err);
/* The same with weights and gaps (o->ml is ignored: REML). */
mt_status mt_ar1_jp_refit_opt(const double *t, const double *y, size_t n, const mt_ar1_opts *o,
                              double alpha, mt_jp_result *res, double *phi, mt_error *err);
/* (mt_ar1_jp_refit leaves res unchanged and returns MT_ELIMIT when |phi| >=
 * MT_AR1_PHI_LIMIT.) */

/* The pipeline passes the lags of its periods (an AR(1) in the order of the
 * observations would be wrong across a gap) and uses AR(1) errors only when phi is
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
