/*
 * ar1.c - GLS with AR(1) errors, phi by REML (ar1.h).
 */
#include "monitrend/ar1.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_min.h>

/* phi is kept inside (-1, 1) by this margin: at |phi| = 1 the transform is
 * singular */
#define AR1_PHI_MAX 0.9999
#define AR1_GRID 200
/* relative pivot tolerance of the normal equations (as JP_CHOL_TOL) */
#define AR1_PIVOT_TOL 1e-10

typedef struct {
    const double *y, *X;
    size_t n, p;
    const double *sw;    /* n square roots of the weights, or NULL */
    const double *lag;   /* n periods between point i-1 and i, or NULL (all 1) */
    int ml;              /* 1: ML criterion, 0: REML */
    double *ys, *Xs;     /* transformed, n and n x p */
    double *A;           /* p x p: X*'X*, then its Cholesky factor */
    double *b;           /* p */
    double sse, logdet;
    int ok;
} ar1_work;

void mt_ar1_transform(double phi, const double *sw, const double *lag, size_t n, const double *x,
                      size_t ncol, double *out)
{
    /* row 1: sqrt(1 - phi^2) sw_1 x_1; row i: f_i (sw_i x_i - rho_i sw_{i-1} x_{i-1}) with
     * rho_i = phi^lag_i and f_i = sqrt((1 - phi^2) / (1 - rho_i^2)), so that every row has
     * the innovation variance of the consecutive case; lag 1 and no weights multiply by
     * exactly 1, i.e. this is then the Prais-Winsten transform bit for bit */
    const double c = sqrt(1.0 - phi * phi);
    const double a0 = c * (sw ? sw[0] : 1.0);
    for (size_t j = 0; j < ncol; j++)
        out[j] = a0 * x[j];
    for (size_t i = 1; i < n; i++) {
        double rho = phi, f = 1.0;
        if (lag && lag[i] != 1.0) {
            rho = pow(phi, lag[i]);
            f = sqrt((1.0 - phi * phi) / (1.0 - rho * rho));
        }
        const double a = f * (sw ? sw[i] : 1.0), bb = f * rho * (sw ? sw[i - 1] : 1.0);
        for (size_t j = 0; j < ncol; j++)
            out[i * ncol + j] = a * x[i * ncol + j] - bb * x[(i - 1) * ncol + j];
    }
}

double mt_ar1_logdet_term(double phi, const double *lag, size_t n)
{
    /* ln|R| - n ln(1 - phi^2), R the correlation matrix; with consecutive
     * points ln|R| = (n - 1) ln(1 - phi^2) */
    int gaps = 0;
    for (size_t i = 1; lag && i < n; i++)
        gaps |= lag[i] != 1.0;
    if (!gaps)
        return -log(1.0 - phi * phi);
    double s = -(double)n * log(1.0 - phi * phi);
    for (size_t i = 1; i < n; i++) {
        const double rho = lag[i] != 1.0 ? pow(phi, lag[i]) : phi;
        s += log(1.0 - rho * rho);
    }
    return s;
}

/* Transform, solve the normal equations by Cholesky, SSE* and ln|X*'X*|.
 * The design is small (p <= MT_AR1_MAX_P) and centred by the caller, so the
 * normal equations are well conditioned enough; the SEs follow from the
 * same factor. */
static void ar1_eval(ar1_work *w, double phi)
{
    const size_t n = w->n, p = w->p;
    mt_ar1_transform(phi, w->sw, w->lag, n, w->X, p, w->Xs);
    mt_ar1_transform(phi, w->sw, w->lag, n, w->y, 1, w->ys);
    double xty[MT_AR1_MAX_P];
    for (size_t a = 0; a < p; a++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += w->Xs[i * p + a] * w->ys[i];
        xty[a] = s;
        for (size_t b = 0; b <= a; b++) {
            double v = 0.0;
            for (size_t i = 0; i < n; i++)
                v += w->Xs[i * p + a] * w->Xs[i * p + b];
            w->A[a * p + b] = w->A[b * p + a] = v;
        }
    }
    double diag[MT_AR1_MAX_P];
    for (size_t a = 0; a < p; a++)
        diag[a] = w->A[a * p + a];
    gsl_matrix_view A = gsl_matrix_view_array(w->A, p, p);
    gsl_vector_view bv = gsl_vector_view_array(w->b, p);
    gsl_vector_const_view xv = gsl_vector_const_view_array(xty, p);
    w->ok = gsl_linalg_cholesky_decomp1(&A.matrix) == 0 &&
            gsl_linalg_cholesky_solve(&A.matrix, &xv.vector, &bv.vector) == 0;
    /* a pivot that is a rounding residue of its diagonal entry means a
     * column that is (numerically) a combination of the others */
    for (size_t a = 0; a < p && w->ok; a++)
        w->ok = w->A[a * p + a] * w->A[a * p + a] > AR1_PIVOT_TOL * diag[a];
    if (!w->ok)
        return;
    double ld = 0.0;
    for (size_t a = 0; a < p; a++)
        ld += 2.0 * log(w->A[a * p + a]);
    w->logdet = ld;
    double sse = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = w->ys[i];
        for (size_t j = 0; j < p; j++)
            r -= w->Xs[i * p + j] * w->b[j];
        sse += r * r;
    }
    w->sse = sse;
}

static double ar1_crit(double phi, void *params)
{
    ar1_work *w = params;
    ar1_eval(w, phi);
    if (!w->ok || !(w->sse > 0))
        return HUGE_VAL;
    if (w->ml)
        return 0.5 * (double)w->n * log(w->sse) + 0.5 * mt_ar1_logdet_term(phi, w->lag, w->n);
    return 0.5 * (double)(w->n - w->p) * log(w->sse) + 0.5 * w->logdet +
           0.5 * mt_ar1_logdet_term(phi, w->lag, w->n);
}

int mt_ar1_consecutive(const double *t, size_t n, double per_year)
{
    for (size_t i = 1; i < n; i++)
        if ((t[i] - t[i - 1]) * per_year > 1.5)
            return 0;
    return 1;
}

int mt_ar1_lags(const double *t, size_t n, double per_year, double *lag)
{
    int gap = 0;
    if (n > 0)
        lag[0] = 1.0;
    for (size_t i = 1; i < n; i++) {
        lag[i] = floor((t[i] - t[i - 1]) * per_year + 0.5);
        if (lag[i] < 1.0)
            lag[i] = 1.0;
        gap |= lag[i] > 1.0;
    }
    return gap;
}

int mt_ar1_dw_suggests(double dw)
{
    return isfinite(dw) && (dw < 1.5 || dw > 2.5);
}

mt_status mt_ar1_gls(const double *y, const double *X, size_t n, size_t p, mt_ar1_result *out,
                     mt_error *err)
{
    return mt_ar1_gls_opt(y, X, n, p, NULL, out, err);
}

mt_status mt_ar1_gls_opt(const double *y, const double *X, size_t n, size_t p, const mt_ar1_opts *o,
                         mt_ar1_result *out, mt_error *err)
{
    if (!y || !X || !out)
        return mt_error_set(err, MT_EINVAL, "AR(1) GLS: NULL argument");
    if (p == 0 || p > MT_AR1_MAX_P)
        return mt_error_set(err, MT_EINVAL, "AR(1) GLS: %zu coefficients (1..%d)", p, MT_AR1_MAX_P);
    if (n < p + 3)
        return mt_error_set(err, MT_ETOOFEW, "AR(1) GLS: %zu points for %zu coefficients and phi", n, p);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            return mt_error_set(err, MT_ENONFINITE, "AR(1) GLS: non-finite value at point %zu", i + 1);
        for (size_t j = 0; j < p; j++)
            if (!isfinite(X[i * p + j]))
                return mt_error_set(err, MT_ENONFINITE, "AR(1) GLS: non-finite design at point %zu", i + 1);
    }
    double *sw = NULL;
    for (size_t i = 0; o && o->w && i < n; i++)
        if (!(o->w[i] > 0.0) || !isfinite(o->w[i]))
            return mt_error_set(err, MT_EINVAL, "AR(1) GLS: weight %zu is not positive", i + 1);
    for (size_t i = 1; o && o->lag && i < n; i++)
        if (!(o->lag[i] >= 1.0) || o->lag[i] != floor(o->lag[i]))
            return mt_error_set(err, MT_EINVAL, "AR(1) GLS: lag %zu is not a whole number >= 1", i + 1);
    ar1_work w = {.y = y, .X = X, .n = n, .p = p};
    if (o) {
        w.lag = o->lag;
        w.ml = o->ml;
    }
    if (o && o->w) {
        if ((sw = malloc(n * sizeof *sw)) == NULL)
            return mt_error_set(err, MT_ENOMEM, "out of memory");
        for (size_t i = 0; i < n; i++)
            sw[i] = sqrt(o->w[i]);
        w.sw = sw;
    }
    w.ys = malloc(n * sizeof *w.ys);
    w.Xs = malloc(n * p * sizeof *w.Xs);
    w.A = malloc(p * p * sizeof *w.A);
    w.b = malloc(p * sizeof *w.b);
    gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    mt_status st = MT_OK;
    if (!w.ys || !w.Xs || !w.A || !w.b || !m) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    /* a grid finds the basin (the criterion may have more than one local
     * minimum near the ends), Brent refines it */
    double best = HUGE_VAL;
    int ib = -1;
    double fs[2 * AR1_GRID + 1];
    for (int i = -AR1_GRID; i <= AR1_GRID; i++) {
        const double phi = AR1_PHI_MAX * (double)i / AR1_GRID;
        fs[i + AR1_GRID] = ar1_crit(phi, &w);
        if (fs[i + AR1_GRID] < best) {
            best = fs[i + AR1_GRID];
            ib = i;
        }
    }
    if (ib < -AR1_GRID || !isfinite(best)) {
        st = mt_error_set(err, MT_ESINGULAR, "AR(1) GLS: the design has no full rank");
        goto out;
    }
    double phi = AR1_PHI_MAX * (double)ib / AR1_GRID;
    if (ib > -AR1_GRID && ib < AR1_GRID) {
        gsl_function F = {ar1_crit, &w};
        const double lo = AR1_PHI_MAX * (double)(ib - 1) / AR1_GRID;
        const double hi = AR1_PHI_MAX * (double)(ib + 1) / AR1_GRID;
        if (gsl_min_fminimizer_set_with_values(m, &F, phi, best, lo, fs[ib - 1 + AR1_GRID], hi,
                                               fs[ib + 1 + AR1_GRID]) == GSL_SUCCESS) {
            for (int it = 0; it < 200; it++) {
                if (gsl_min_fminimizer_iterate(m) != GSL_SUCCESS)
                    break;
                double a = gsl_min_fminimizer_x_lower(m), b = gsl_min_fminimizer_x_upper(m);
                if (gsl_min_test_interval(a, b, 1e-13, 0.0) == GSL_SUCCESS)
                    break;
            }
            phi = gsl_min_fminimizer_x_minimum(m);
        }
    }
    ar1_eval(&w, phi);
    if (!w.ok) {
        st = mt_error_set(err, MT_ESINGULAR, "AR(1) GLS: singular at phi = %g", phi);
        goto out;
    }
    memset(out, 0, sizeof *out);
    out->n = n;
    out->p = p;
    out->phi = phi;
    out->df = (double)(n - p);
    const double s2 = w.sse / out->df;
    out->sigma = sqrt(s2 / (1.0 - phi * phi));
    /* nlme's logLik: SSE and |X'X| on the scale of R^-1 (the transform
     * above times 1 / sqrt(1 - phi^2)), ln|R| = logdet term + n ln(1 - phi^2),
     * and + 1/2 sum ln w for the fixed variance weights */
    const double l1 = log(1.0 - phi * phi);
    out->sse = w.sse / (1.0 - phi * phi);
    out->logdet_r = mt_ar1_logdet_term(phi, w.lag, n) + (double)n * l1;
    double slw = 0.0;
    for (size_t i = 0; sw && i < n; i++)
        slw += log(sw[i]);
    const double c2pi = 1.8378770664093454836 + 1.0; /* ln(2 pi) + 1 */
    if (w.ml)
        out->loglik = -0.5 * (double)n * (c2pi + log(out->sse / (double)n)) - 0.5 * out->logdet_r + slw;
    else
        out->loglik = -0.5 * out->df * (c2pi + log(out->sse / out->df)) - 0.5 * out->logdet_r -
                      0.5 * (w.logdet - (double)p * l1) + slw;
    gsl_matrix_view A = gsl_matrix_view_array(w.A, p, p);
    if (gsl_linalg_cholesky_invert(&A.matrix) != 0) {
        st = mt_error_set(err, MT_ESINGULAR, "AR(1) GLS: singular covariance");
        goto out;
    }
    for (size_t a = 0; a < p; a++) {
        out->coef[a] = w.b[a];
        for (size_t b = 0; b < p; b++)
            out->cov[a * p + b] = s2 * w.A[a * p + b];
        out->se[a] = sqrt(out->cov[a * p + a]);
    }
out:
    gsl_min_fminimizer_free(m);
    free(sw);
    free(w.ys);
    free(w.Xs);
    free(w.A);
    free(w.b);
    return st;
}
