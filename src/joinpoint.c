/*
 * joinpoint.c - joinpoint regression: options, the fit of a given joinpoint
 * set (weighted least squares by QR, or a Poisson GLM by IRLS), inference for
 * segments, AAPC and jumps, model selection (BIC, BIC3, WBIC, sequential
 * permutation tests) and the residual bootstrap band.  The exhaustive search
 * itself is in joinpoint_search.c.  Definitions and their sources are in
 * docs/methods-joinpoint.md; each formula below names its section there.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "joinpoint_internal.h"
#include "monitrend/joinpoint.h"

/* Permuted ratios within this relative distance of the observed ratio count
 * as ties (>=), so that rounding in the two ways of computing the same SSE
 * cannot turn a tie into a miss. */
#define JP_RATIO_TIE_TOL 1e-12
/* IRLS stops when the deviance changes by less than this, relatively. */
#define JP_IRLS_TOL 1e-12
#define JP_IRLS_MAXIT 100
/* Leverages within this distance of 1 (a point that alone determines a
 * coefficient) are floored so that its modified residual stays finite. */
#define JP_LEVERAGE_FLOOR 1e-8

void mt_jp_options_default(mt_jp_options *o)
{
    memset(o, 0, sizeof *o);
    o->select = MT_JP_SELECT_WBIC;
    o->family = MT_JP_GAUSSIAN;
    o->log_scale = 1;
    o->max_joinpoints = -1;
    o->min_joinpoints = 0;
    o->min_end = 2;
    o->min_between = 2;
    o->grid_between = 0;
    o->n_permutations = 4499;
    o->alpha = 0.05;
    o->early_stop = 0;
    o->seed = 1;
    o->recent_years = 10.0;
    o->recent_years2 = 5.0;
    o->max_models = 2000000;
}

int mt_jp_default_max(size_t n)
{
    if (n <= 6)
        return 0;
    if (n <= 11)
        return 1;
    if (n <= 16)
        return 2;
    if (n <= 21)
        return 3;
    if (n <= 26)
        return 4;
    return 5;
}

int mt_jp_log_ok(const double *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(y[i] > 0.0))
            return 0;
    return 1;
}

mt_status mt_jp_zero_adjust(const double *y, size_t n, double *out, size_t *n_adjusted,
                            mt_error *err)
{
    if (!y || !out || !n_adjusted || n == 0)
        return mt_error_set(err, MT_EINVAL, "joinpoint zero adjust: empty or NULL input");
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            return mt_error_set(err, MT_ENONFINITE, "joinpoint zero adjust: non-finite count at point %zu",
                                i + 1);
        if (y[i] < 0.0)
            return mt_error_set(err, MT_EINVAL, "joinpoint zero adjust: negative count %g at point %zu",
                                y[i], i + 1);
        pos += y[i] > 0.0;
    }
    if (pos == 0)
        return mt_error_set(err, MT_EINVAL, "joinpoint zero adjust: every count is zero");
    size_t adj = 0;
    for (size_t i = 0; i < n; i++) {
        const double v = y[i];
        out[i] = v == 0.0 ? 0.5 : v;
        adj += v == 0.0;
    }
    *n_adjusted = adj;
    return MT_OK;
}

void mt_jp_result_free(mt_jp_result *r)
{
    if (!r)
        return;
    free(r->coef);
    free(r->cov);
    free(r->fitted);
    free(r->segments);
    free(r);
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */

static mt_status validate(const double *t, const double *y, const double *w, size_t n,
                          const mt_jp_options *o, mt_error *err)
{
    if (!t || !y || !o)
        return mt_error_set(err, MT_EINVAL, "joinpoint: t, y and options must not be NULL");
    if (n < 3)
        return mt_error_set(err, MT_ETOOFEW, "joinpoint: %zu observations, at least 3 needed", n);
    if (o->select > MT_JP_SELECT_PERMUTATION || o->family > MT_JP_POISSON)
        return mt_error_set(err, MT_EINVAL, "joinpoint: unknown selection method or family");
    if (o->max_joinpoints > MT_JP_MAX_JOINPOINTS || o->max_joinpoints < -1)
        return mt_error_set(err, MT_EINVAL, "joinpoint: max_joinpoints %d outside -1..%d",
                            o->max_joinpoints, MT_JP_MAX_JOINPOINTS);
    if (o->min_joinpoints < 0 || o->min_joinpoints > MT_JP_MAX_JOINPOINTS)
        return mt_error_set(err, MT_EINVAL, "joinpoint: min_joinpoints %d invalid",
                            o->min_joinpoints);
    if (!(o->alpha > 0.0 && o->alpha < 1.0))
        return mt_error_set(err, MT_EINVAL, "joinpoint: alpha %g not in (0, 1)", o->alpha);
    if (o->n_jumps > MT_JP_MAX_JUMPS || (o->n_jumps && !o->jumps))
        return mt_error_set(err, MT_EINVAL, "joinpoint: %zu jumps (at most %d, array required)",
                            o->n_jumps, MT_JP_MAX_JUMPS);
    if (o->grid_between > 1000)
        return mt_error_set(err, MT_ELIMIT, "joinpoint: grid_between %zu above 1000",
                            o->grid_between);
    if (o->select == MT_JP_SELECT_PERMUTATION && o->n_permutations < 1)
        return mt_error_set(err, MT_EINVAL, "joinpoint: n_permutations must be positive");
    if (o->select == MT_JP_SELECT_PERMUTATION && o->family == MT_JP_POISSON)
        return mt_error_set(err, MT_EINVAL,
                            "joinpoint: the permutation test is implemented for the Gaussian family only");
    if (o->family == MT_JP_POISSON && w)
        return mt_error_set(err, MT_EINVAL, "joinpoint: weights are not used with the Poisson family");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !isfinite(y[i]) || (w && !isfinite(w[i])))
            return mt_error_set(err, MT_ENONFINITE, "joinpoint: non-finite value at point %zu", i + 1);
        if (i > 0 && !(t[i] > t[i - 1]))
            return mt_error_set(err, MT_EINVAL,
                                "joinpoint: t not strictly increasing at point %zu (%g after %g)",
                                i + 1, t[i], t[i - 1]);
        if (w && !(w[i] > 0.0))
            return mt_error_set(err, MT_EINVAL, "joinpoint: weight %g at point %zu is not positive",
                                w[i], i + 1);
        if (o->family == MT_JP_POISSON && (y[i] < 0.0 || y[i] != floor(y[i])))
            return mt_error_set(err, MT_EINVAL,
                                "joinpoint: Poisson family needs non-negative counts, got %g at point %zu",
                                y[i], i + 1);
        if (o->family == MT_JP_POISSON && o->offset && !isfinite(o->offset[i]))
            return mt_error_set(err, MT_ENONFINITE, "joinpoint: non-finite offset at point %zu", i + 1);
    }
    for (size_t q = 0; q < o->n_jumps; q++) {
        if (!isfinite(o->jumps[q]) || !(o->jumps[q] > t[0]) || !(o->jumps[q] <= t[n - 1]))
            return mt_error_set(err, MT_EINVAL,
                                "joinpoint: jump time %g must lie in (%g, %g]", o->jumps[q], t[0],
                                t[n - 1]);
        if (q > 0 && !(o->jumps[q] > o->jumps[q - 1]))
            return mt_error_set(err, MT_EINVAL, "joinpoint: jump times must be increasing");
    }
    return MT_OK;
}

/* ------------------------------------------------------------------ */
/* Fit of a fixed joinpoint set                                         */

static void design_row(double x, double tc, const double *taus, int k, const double *jumps,
                       size_t nj, double *row)
{
    row[0] = 1.0;
    row[1] = x - tc;
    for (int j = 0; j < k; j++)
        row[2 + j] = x > taus[j] ? x - taus[j] : 0.0;
    for (size_t q = 0; q < nj; q++)
        row[2 + (size_t)k + q] = x >= jumps[q] ? 1.0 : 0.0;
}

double mt_jp_predict(const mt_jp_result *r, double x)
{
    double row[JP_PMAX];
    design_row(x, r->tcenter, r->taus, r->k, r->jump_times, r->n_jumps, row);
    double s = 0.0;
    for (size_t a = 0; a < r->n_coef; a++)
        s += row[a] * r->coef[a];
    return s;
}

/* Weighted least squares by GSL's QR-based multifit; c, cov (unscaled
 * (X'WX)^{-1}) and the weighted SSE. */
static mt_status wls(const double *X, const double *y, const double *w, size_t n, size_t p,
                     double *c, double *cov, double *chisq)
{
    gsl_matrix *Xm = gsl_matrix_alloc(n, p);
    gsl_vector *yv = gsl_vector_alloc(n), *wv = gsl_vector_alloc(n), *cv = gsl_vector_alloc(p);
    gsl_matrix *cm = gsl_matrix_alloc(p, p);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);
    mt_status st = MT_OK;
    if (!Xm || !yv || !wv || !cv || !cm || !ws) {
        st = MT_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t a = 0; a < p; a++)
            gsl_matrix_set(Xm, i, a, X[i * p + a]);
        gsl_vector_set(yv, i, y[i]);
        gsl_vector_set(wv, i, w ? w[i] : 1.0);
    }
    size_t rank = 0;
    /* tol 1e-12 on singular values relative to the largest: a design that
     * loses a column (a hinge equal to a jump step) is reported singular */
    int gs = gsl_multifit_wlinear_tsvd(Xm, wv, yv, 1e-12, cv, cm, chisq, &rank, ws);
    if (gs != GSL_SUCCESS) {
        st = MT_ESINGULAR;
        goto done;
    }
    if (rank < p) {
        st = MT_ESINGULAR;
        goto done;
    }
    for (size_t a = 0; a < p; a++) {
        c[a] = gsl_vector_get(cv, a);
        for (size_t b = 0; b < p; b++)
            cov[a * p + b] = gsl_matrix_get(cm, a, b);
    }
done:
    gsl_matrix_free(Xm);
    gsl_vector_free(yv);
    gsl_vector_free(wv);
    gsl_vector_free(cv);
    gsl_matrix_free(cm);
    gsl_multifit_linear_free(ws);
    return st;
}

static double poisson_deviance(const double *y, const double *mu, size_t n)
{
    double d = 0.0;
    for (size_t i = 0; i < n; i++)
        d += 2.0 * ((y[i] > 0.0 ? y[i] * log(y[i] / mu[i]) : 0.0) - (y[i] - mu[i]));
    return d;
}

/* Poisson log-linear GLM by iteratively reweighted least squares (the
 * algorithm of R's glm.fit): working response z = eta - off + (y - mu)/mu,
 * working weights mu.  Start: mu = y + 0.5 (R's poisson()$initialize is
 * y + 0.1; any positive start converges to the same maximum). */
static mt_status irls(const double *X, const double *y, const double *off, size_t n, size_t p,
                      double *c, double *cov, double *dev, double *mu)
{
    double *z = malloc(n * sizeof *z), *wk = malloc(n * sizeof *wk);
    if (!z || !wk) {
        free(z);
        free(wk);
        return MT_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        mu[i] = y[i] + 0.5;
    double devold = INFINITY;
    mt_status st = MT_ESINGULAR;
    for (int it = 0; it < JP_IRLS_MAXIT; it++) {
        for (size_t i = 0; i < n; i++) {
            const double o = off ? off[i] : 0.0;
            z[i] = log(mu[i]) - o + (y[i] - mu[i]) / mu[i];
            wk[i] = mu[i];
        }
        double chisq;
        st = wls(X, z, wk, n, p, c, cov, &chisq);
        if (st != MT_OK)
            break;
        for (size_t i = 0; i < n; i++) {
            double eta = off ? off[i] : 0.0;
            for (size_t a = 0; a < p; a++)
                eta += X[i * p + a] * c[a];
            mu[i] = exp(eta);
        }
        *dev = poisson_deviance(y, mu, n);
        if (!isfinite(*dev)) {
            st = MT_ENONFINITE;
            break;
        }
        if (fabs(*dev - devold) <= JP_IRLS_TOL * (fabs(*dev) + 0.1)) {
            st = MT_OK;
            break;
        }
        devold = *dev;
        st = MT_ENONFINITE; /* not converged (yet) */
    }
    free(z);
    free(wk);
    return st;
}

/* AAPC over [from, to]: Section "AAPC" of docs/methods-joinpoint.md. */
static void aapc_eval(const mt_jp_result *r, double from, double to, double alpha,
                      mt_jp_aapc *a)
{
    const int k = r->k;
    double wseg[MT_JP_MAX_JOINPOINTS + 1];
    double lam[JP_PMAX] = {0};
    double W = 0.0;
    int nseg_in = 0;
    for (int s = 0; s <= k; s++) {
        const double lo = r->segments[s].start > from ? r->segments[s].start : from;
        const double hi = r->segments[s].end < to ? r->segments[s].end : to;
        wseg[s] = hi > lo ? hi - lo : 0.0;
        W += wseg[s];
        if (wseg[s] > 0.0)
            nseg_in++;
    }
    a->from = from;
    a->to = to;
    /* slope of segment s = b1 + sum_{j<s} d_j, so the weighted mean slope
     * is lam' coef with lam[1] = 1 and lam[2+j] = share of segments after tau_j */
    lam[1] = 1.0;
    for (int j = 0; j < k; j++) {
        double sh = 0.0;
        for (int s = j + 1; s <= k; s++)
            sh += wseg[s];
        lam[2 + j] = sh / W;
    }
    double m = 0.0, v = 0.0;
    for (size_t i = 0; i < r->n_coef; i++) {
        m += lam[i] * r->coef[i];
        for (size_t j = 0; j < r->n_coef; j++)
            v += lam[i] * lam[j] * r->cov[i * r->n_coef + j];
    }
    a->slope = m;
    a->slope_se = sqrt(v > 0.0 ? v : 0.0);
    a->normal = nseg_in > 1 || !isfinite(r->df) || r->df < 1.0;
    const double q = a->normal ? gsl_cdf_ugaussian_Qinv(alpha / 2.0)
                               : gsl_cdf_tdist_Qinv(alpha / 2.0, r->df);
    const double z = a->slope_se > 0.0 ? m / a->slope_se : NAN;
    a->p = a->normal ? 2.0 * gsl_cdf_ugaussian_Q(fabs(z)) : 2.0 * gsl_cdf_tdist_Q(fabs(z), r->df);
    if (r->apc_defined) {
        a->aapc = 100.0 * expm1(m);
        a->lo = 100.0 * expm1(m - q * a->slope_se);
        a->hi = 100.0 * expm1(m + q * a->slope_se);
    } else {
        a->aapc = m;
        a->lo = m - q * a->slope_se;
        a->hi = m + q * a->slope_se;
    }
}

mt_status mt_jp_aapc_compute(const mt_jp_result *r, double from, double to, double alpha,
                             mt_jp_aapc *out, mt_error *err)
{
    if (!r || !out)
        return mt_error_set(err, MT_EINVAL, "joinpoint AAPC: NULL argument");
    if (!(alpha > 0.0 && alpha < 1.0))
        return mt_error_set(err, MT_EINVAL, "joinpoint AAPC: alpha %g not in (0, 1)", alpha);
    const double t0 = r->segments[0].start, t1 = r->segments[r->k].end;
    if (from < t0)
        from = t0;
    if (to > t1)
        to = t1;
    if (!(from < to))
        return mt_error_set(err, MT_EINVAL, "joinpoint AAPC: empty interval [%g, %g] in data range",
                            from, to);
    aapc_eval(r, from, to, alpha, out);
    if (!isfinite(out->slope) || !isfinite(out->slope_se))
        return mt_error_set(err, MT_ENONFINITE, "joinpoint AAPC: non-finite estimate");
    return MT_OK;
}

static void nan_aapc(mt_jp_aapc *a)
{
    a->from = a->to = a->slope = a->slope_se = a->aapc = a->lo = a->hi = a->p = NAN;
    a->normal = 0;
}

/* The core of mt_jp_fit_fixed: allocates *out. */
static mt_status fit_fixed(const double *t, const double *y, const double *w, size_t n,
                           const double *taus, int k, const mt_jp_options *o,
                           mt_jp_result **out, mt_error *err)
{
    const size_t nj = o->n_jumps;
    const size_t p = 2 + (size_t)k + nj;
    const int poisson = o->family == MT_JP_POISSON;
    const double df = (double)n - 2.0 - 2.0 * k - (double)nj;
    if (!(df >= 1.0))
        return mt_error_set(err, MT_ETOOFEW,
                            "joinpoint: %zu points leave no degrees of freedom for %d joinpoints", n, k);
    mt_jp_result *r = calloc(1, sizeof *r);
    double *X = calloc(n * p, sizeof *X);
    if (!r || !X) {
        free(r);
        free(X);
        return mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
    }
    r->coef = malloc(p * sizeof *r->coef);
    r->cov = malloc(p * p * sizeof *r->cov);
    r->fitted = malloc(n * sizeof *r->fitted);
    r->segments = calloc((size_t)k + 1, sizeof *r->segments);
    if (!r->coef || !r->cov || !r->fitted || !r->segments) {
        free(X);
        mt_jp_result_free(r);
        return mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
    }
    r->n = n;
    r->k = k;
    r->n_coef = p;
    r->n_jumps = nj;
    r->df = df;
    r->select = o->select;
    r->apc_defined = poisson || o->log_scale;
    for (int j = 0; j < k; j++)
        r->taus[j] = taus[j];
    for (size_t q = 0; q < nj; q++)
        r->jump_times[q] = o->jumps[q];
    double sw = 0.0, swt = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double wi = (w && !poisson) ? w[i] : 1.0;
        sw += wi;
        swt += wi * t[i];
    }
    r->tcenter = swt / sw;
    for (size_t i = 0; i < n; i++)
        design_row(t[i], r->tcenter, taus, k, o->jumps, nj, X + i * p);

    mt_status st;
    if (poisson) {
        st = irls(X, y, o->offset, n, p, r->coef, r->cov, &r->sse, r->fitted);
        r->sigma2 = 1.0;
        for (size_t i = 0; i < n && st == MT_OK; i++)
            r->fitted[i] = log(r->fitted[i]) - (o->offset ? o->offset[i] : 0.0);
    } else {
        st = wls(X, y, w, n, p, r->coef, r->cov, &r->sse);
        if (st == MT_OK) {
            r->sigma2 = r->sse / df;
            for (size_t a = 0; a < p * p; a++)
                r->cov[a] *= r->sigma2;
            for (size_t i = 0; i < n; i++) {
                double s = 0.0;
                for (size_t a = 0; a < p; a++)
                    s += X[i * p + a] * r->coef[a];
                r->fitted[i] = s;
            }
        }
    }
    free(X);
    if (st != MT_OK) {
        mt_jp_result_free(r);
        return mt_error_set(err, st, st == MT_ESINGULAR
                                         ? "joinpoint: singular design (joinpoints or jumps coincide)"
                                         : "joinpoint: fit did not converge or is not finite");
    }
    for (size_t a = 0; a < p; a++)
        if (!isfinite(r->coef[a]) || !isfinite(r->cov[a * p + a])) {
            mt_jp_result_free(r);
            return mt_error_set(err, MT_ENONFINITE, "joinpoint: non-finite coefficient");
        }

    /* Segments: Section "Segments" of the methods document.  Poisson uses the
     * normal distribution (dispersion known, as R's summary.glm); Gaussian
     * the t distribution with df = n - 2 - 2k - J. */
    const double q = poisson ? gsl_cdf_ugaussian_Qinv(o->alpha / 2.0)
                             : gsl_cdf_tdist_Qinv(o->alpha / 2.0, df);
    for (int s = 0; s <= k; s++) {
        mt_jp_segment *sg = &r->segments[s];
        sg->start = s == 0 ? t[0] : taus[s - 1];
        sg->end = s == k ? t[n - 1] : taus[s];
        double m = r->coef[1], v = r->cov[1 * p + 1];
        for (int j = 0; j < s; j++) {
            m += r->coef[2 + j];
            v += 2.0 * r->cov[1 * p + 2 + (size_t)j];
            for (int l = 0; l < s; l++)
                v += r->cov[(2 + (size_t)j) * p + 2 + (size_t)l];
        }
        sg->slope = m;
        sg->slope_se = sqrt(v > 0.0 ? v : 0.0);
        sg->t_stat = m / sg->slope_se;
        sg->p = poisson ? 2.0 * gsl_cdf_ugaussian_Q(fabs(sg->t_stat))
                        : 2.0 * gsl_cdf_tdist_Q(fabs(sg->t_stat), df);
        if (r->apc_defined) {
            sg->apc = 100.0 * expm1(m);
            sg->apc_lo = 100.0 * expm1(m - q * sg->slope_se);
            sg->apc_hi = 100.0 * expm1(m + q * sg->slope_se);
        } else {
            sg->apc = sg->apc_lo = sg->apc_hi = NAN;
        }
    }
    for (size_t j = 0; j < nj; j++) {
        mt_jp_jump *jp = &r->jumps[j];
        const size_t a = 2 + (size_t)k + j;
        jp->time = o->jumps[j];
        jp->coef = r->coef[a];
        jp->se = sqrt(r->cov[a * p + a]);
        const double z = jp->coef / jp->se;
        jp->p = poisson ? 2.0 * gsl_cdf_ugaussian_Q(fabs(z)) : 2.0 * gsl_cdf_tdist_Q(fabs(z), df);
        if (r->apc_defined) {
            jp->pct = 100.0 * expm1(jp->coef);
            jp->pct_lo = 100.0 * expm1(jp->coef - q * jp->se);
            jp->pct_hi = 100.0 * expm1(jp->coef + q * jp->se);
        } else {
            jp->pct = jp->pct_lo = jp->pct_hi = NAN;
        }
    }
    aapc_eval(r, t[0], t[n - 1], o->alpha, &r->aapc_full);
    if (poisson)
        r->aapc_full.normal = 1;
    nan_aapc(&r->aapc_recent);
    nan_aapc(&r->aapc_recent2);
    if (o->recent_years > 0.0) {
        const double from = t[n - 1] - o->recent_years;
        aapc_eval(r, from > t[0] ? from : t[0], t[n - 1], o->alpha, &r->aapc_recent);
    }
    if (o->recent_years2 > 0.0) {
        const double from = t[n - 1] - o->recent_years2;
        aapc_eval(r, from > t[0] ? from : t[0], t[n - 1], o->alpha, &r->aapc_recent2);
    }
    r->max_joinpoints = k;
    for (int kk = 0; kk <= MT_JP_MAX_JOINPOINTS; kk++) {
        mt_jp_kstat *ks = &r->kstats[kk];
        ks->k = kk;
        ks->sse = ks->bic = ks->bic3 = ks->wbic = ks->r2max = ks->p_perm = NAN;
    }
    *out = r;
    return MT_OK;
}

mt_status mt_jp_fit_fixed(const double *t, const double *y, const double *w, size_t n,
                          const double *taus, int k, const mt_jp_options *opts,
                          mt_jp_result **out, mt_error *err)
{
    if (!out)
        return mt_error_set(err, MT_EINVAL, "joinpoint: out must not be NULL");
    *out = NULL;
    mt_status st = validate(t, y, w, n, opts, err);
    if (st != MT_OK)
        return st;
    if (k < 0 || k > MT_JP_MAX_JOINPOINTS || (k > 0 && !taus))
        return mt_error_set(err, MT_EINVAL, "joinpoint: k = %d invalid (0..%d, taus required)", k,
                            MT_JP_MAX_JOINPOINTS);
    for (int j = 0; j < k; j++) {
        if (!isfinite(taus[j]) || !(taus[j] > t[0]) || !(taus[j] < t[n - 1]) ||
            (j > 0 && !(taus[j] > taus[j - 1])))
            return mt_error_set(err, MT_EINVAL,
                                "joinpoint: joinpoint %g must be increasing and inside (%g, %g)",
                                taus[j], t[0], t[n - 1]);
    }
    st = fit_fixed(t, y, w, n, taus, k, opts, out, err);
    if (st == MT_OK) {
        mt_jp_kstat *ks = &(*out)->kstats[k];
        ks->sse = (*out)->sse;
        for (int j = 0; j < k; j++)
            ks->taus[j] = taus[j];
    }
    return st;
}

/* ------------------------------------------------------------------ */
/* Selection                                                            */

/* Largest partial R^2 of the slope-change terms of the model with joinpoints
 * taus (Kim et al. 2022; docs/methods-joinpoint.md "WBIC"): for joinpoint i,
 * the points after the previous joinpoint (from the first point for i = 1)
 * up to and including the next one (the last point for i = k) are regressed
 * on (1, t) and on (t - tau_i)+, weighted; R^2 is the squared partial
 * correlation of y and the hinge given (1, t). */
static double r2max_of(const double *t, const double *y, const double *w, size_t n,
                       const double *taus, int k)
{
    double best = 0.0;
    for (int i = 0; i < k; i++) {
        const double lo = i == 0 ? -INFINITY : taus[i - 1];
        const double hi = i == k - 1 ? INFINITY : taus[i + 1];
        /* weighted regressions of y and z on (1, t) in the window */
        double S = 0, St = 0, Stt = 0, Sy = 0, Sz = 0, Sty = 0, Stz = 0, Syy = 0, Szz = 0, Syz = 0;
        for (size_t j = 0; j < n; j++) {
            if (!(t[j] > lo || (i == 0 && j == 0)) || !(t[j] <= hi))
                continue;
            const double wj = w ? w[j] : 1.0;
            const double z = t[j] > taus[i] ? t[j] - taus[i] : 0.0;
            S += wj;
            St += wj * t[j];
            Stt += wj * t[j] * t[j];
            Sy += wj * y[j];
            Sz += wj * z;
            Sty += wj * t[j] * y[j];
            Stz += wj * t[j] * z;
            Syy += wj * y[j] * y[j];
            Szz += wj * z * z;
            Syz += wj * y[j] * z;
        }
        /* centred moments, then residual (co)variances given t */
        const double mt = St / S, my = Sy / S, mz = Sz / S;
        const double ctt = Stt - S * mt * mt, cty = Sty - S * mt * my, ctz = Stz - S * mt * mz;
        const double cyy = Syy - S * my * my, czz = Szz - S * mz * mz, cyz = Syz - S * my * mz;
        if (!(ctt > 0.0))
            continue;
        const double ryy = cyy - cty * cty / ctt, rzz = czz - ctz * ctz / ctt;
        const double ryz = cyz - cty * ctz / ctt;
        if (ryy > 0.0 && rzz > 0.0) {
            const double r2 = ryz * ryz / (ryy * rzz);
            if (r2 > best)
                best = r2 > 1.0 ? 1.0 : r2;
        }
    }
    return best;
}

/* Sequential permutation tests (Kim et al. 2000; level alpha/(MAX - ka)). */
static mt_status permutation_select(const jp_grid *g, const double *y, int kmin, int kmax,
                                    const mt_jp_options *o, mt_jp_kstat *ks, int *khat,
                                    mt_error *err)
{
    const size_t n = g->n, m = g->m;
    jp_sets sets[MT_JP_MAX_JOINPOINTS + 1];
    memset(sets, 0, sizeof sets);
    double *c = malloc(m * sizeof *c), *f0 = malloc(n * sizeof *f0);
    double *r = malloc(n * sizeof *r), *ys = malloc(n * sizeof *ys);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    mt_status st = MT_OK;
    if (!c || !f0 || !r || !ys || !rng) {
        st = mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
        goto done;
    }
    gsl_rng_set(rng, (unsigned long)o->seed);
    for (int k = kmin; k <= kmax; k++)
        if ((st = jp_sets_build(g, k, &sets[k])) != MT_OK) {
            mt_error_set(err, st, st == MT_ELIMIT
                                      ? "joinpoint: permutation test with %d joinpoints needs more than "
                                        "256 MB of factors; lower max_joinpoints"
                                      : "joinpoint: out of memory", k);
            goto done;
        }
    double yy;
    jp_grid_xty(g, y, c, &yy);
    double ybar = 0.0, sw = 0.0;
    for (size_t i = 0; i < n; i++) {
        ybar += g->sw[i] * g->sw[i] * y[i];
        sw += g->sw[i] * g->sw[i];
    }
    ybar /= sw;
    int ka = kmin, kb = kmax;
    while (ka < kb) {
        size_t arg;
        const double sa = jp_sets_min_sse(g, &sets[ka], c, yy, &arg);
        const double sb = jp_sets_min_sse(g, &sets[kb], c, yy, NULL);
        /* null model fit: coefficients from its factor */
        double beta[JP_PMAX];
        int ok;
        jp_grid_coef(g, sets[ka].idx + arg * (size_t)ka, ka, c, beta, &ok);
        for (size_t i = 0; i < n; i++) {
            double s = 0.0;
            const double *row = g->X + i * m;
            for (size_t b = 0; b < g->nbase; b++)
                s += row[b] * beta[b];
            for (int j = 0; j < ka; j++)
                s += row[g->nbase + sets[ka].idx[arg * (size_t)ka + (size_t)j]] * beta[g->nbase + (size_t)j];
            f0[i] = s / g->sw[i] + ybar;
            r[i] = g->sw[i] * (y[i] - f0[i]); /* standardised residual */
        }
        const double level = o->alpha / (double)(kmax - ka);
        double pval;
        if (!(sb > 0.0)) {
            pval = 1.0 / ((double)o->n_permutations + 1.0); /* perfect fit under H1 */
        } else {
            const double T = sa / sb;
            const size_t N = o->n_permutations;
            size_t count = 0, done_n = 0;
            for (size_t pidx = 0; pidx < N; pidx++) {
                gsl_ran_shuffle(rng, r, n, sizeof *r);
                for (size_t i = 0; i < n; i++)
                    ys[i] = f0[i] + r[i] / g->sw[i];
                double yys;
                jp_grid_xty(g, ys, c, &yys);
                const double sa2 = jp_sets_min_sse(g, &sets[ka], c, yys, NULL);
                const double sb2 = jp_sets_min_sse(g, &sets[kb], c, yys, NULL);
                if (!(sb2 > 0.0) || sa2 / sb2 >= T * (1.0 - JP_RATIO_TIE_TOL))
                    count++;
                done_n = pidx + 1;
                if (o->early_stop) {
                    /* curtailed sampling: the final p = (1 + count_N)/(N + 1)
                     * lies between (1 + count)/(N + 1) and
                     * (1 + count + N - done)/(N + 1); stop once both bounds
                     * give the same decision */
                    const double plo = (1.0 + (double)count) / ((double)N + 1.0);
                    const double phi = (1.0 + (double)(count + N - done_n)) / ((double)N + 1.0);
                    if (plo >= level || phi < level)
                        break;
                }
            }
            /* with early stopping the reported p is the running estimate */
            pval = (1.0 + (double)count) / ((double)done_n + 1.0);
            if (o->early_stop && done_n < N) {
                const double plo = (1.0 + (double)count) / ((double)N + 1.0);
                if (plo >= level && pval < level)
                    pval = plo; /* keep p consistent with the decision */
            }
            jp_grid_xty(g, y, c, &yy);
        }
        if (pval < level) {
            ks[kb].p_perm = pval;
            ka++;
        } else {
            ks[kb].p_perm = pval;
            kb--;
        }
    }
    *khat = ka;
done:
    for (int k = 0; k <= MT_JP_MAX_JOINPOINTS; k++)
        jp_sets_free(&sets[k]);
    free(c);
    free(f0);
    free(r);
    free(ys);
    gsl_rng_free(rng);
    return st;
}

/* Poisson search: IRLS for every admissible set, least deviance wins. */
static mt_status poisson_best(const jp_grid *g, const double *t, const double *y, size_t n,
                              int k, const mt_jp_options *o, size_t *best, double *dev, int *found)
{
    const size_t p = 2 + (size_t)k + o->n_jumps;
    double *X = malloc(n * p * sizeof *X), *mu = malloc(n * sizeof *mu);
    double c[JP_PMAX], cov[JP_PMAX * JP_PMAX], taus[MT_JP_MAX_JOINPOINTS];
    size_t idx[MT_JP_MAX_JOINPOINTS];
    if (!X || !mu) {
        free(X);
        free(mu);
        return MT_ENOMEM;
    }
    *found = 0;
    *dev = INFINITY;
    for (int more = jp_grid_next_set(g, k, idx, 1); more; more = jp_grid_next_set(g, k, idx, 0)) {
        for (int j = 0; j < k; j++)
            taus[j] = g->cand[idx[j]];
        for (size_t i = 0; i < n; i++)
            design_row(t[i], g->tcenter, taus, k, o->jumps, o->n_jumps, X + i * p);
        double d;
        if (irls(X, y, o->offset, n, p, c, cov, &d, mu) != MT_OK)
            continue;
        if (d < *dev) {
            *dev = d;
            for (int j = 0; j < k; j++)
                best[j] = idx[j];
            *found = 1;
        }
    }
    free(X);
    free(mu);
    return MT_OK;
}

/* Choose k (and the joinpoints) for response y on a built grid.  Fills
 * ks[0..kmax] and returns the chosen k in *khat; *kmax_out is the maximum
 * actually searched.  rng-free except for the permutation test, which
 * seeds its own stream from o->seed. */
static mt_status select_model(const jp_grid *g, const double *t, const double *y,
                              const double *w, size_t n, const mt_jp_options *o,
                              mt_jp_kstat *ks, int *khat, int *kmax_out, mt_error *err)
{
    int kmax = o->max_joinpoints < 0 ? mt_jp_default_max(n) : o->max_joinpoints;
    const size_t nj = o->n_jumps;
    for (int k = 0; k <= MT_JP_MAX_JOINPOINTS; k++) {
        ks[k].k = k;
        ks[k].sse = ks[k].bic = ks[k].bic3 = ks[k].wbic = ks[k].r2max = ks[k].p_perm = NAN;
    }
    /* lower the maximum to what the data allow: df >= 1 and a set exists */
    while (kmax > 0 && ((double)n - 2.0 - 2.0 * kmax - (double)nj < 1.0 ||
                        jp_grid_count(g, kmax, 0) == 0))
        kmax--;
    for (int k = 0; k <= kmax; k++)
        if (jp_grid_count(g, k, o->max_models) > o->max_models)
            return mt_error_set(err, MT_ELIMIT,
                                "joinpoint: more than %zu candidate sets for %d joinpoints; "
                                "lower max_joinpoints or grid_between",
                                o->max_models, k);
    const double ln_n = log((double)n);
    int last_ok = 0;
    for (int k = 0; k <= kmax; k++) {
        size_t idx[MT_JP_MAX_JOINPOINTS] = {0};
        double sse;
        int found;
        if (o->family == MT_JP_POISSON) {
            mt_status st = poisson_best(g, t, y, n, k, o, idx, &sse, &found);
            if (st != MT_OK)
                return mt_error_set(err, st, "joinpoint: out of memory");
        } else {
            found = jp_grid_best(g, y, k, idx, &sse);
            if (found < 0)
                return mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
        }
        if (!found)
            break;
        last_ok = k;
        for (int j = 0; j < k; j++)
            ks[k].taus[j] = g->cand[idx[j]];
        ks[k].sse = sse;
        /* a perfect fit makes ln(SSE) -inf; floor it so that criteria stay
         * comparable (the simplest perfect model wins) */
        const double lsse = log((sse > 0.0 ? sse : DBL_MIN) / (double)n);
        const double extra = (double)nj;
        ks[k].bic = lsse + (2.0 * k + 2.0 + extra) * ln_n / (double)n;
        ks[k].bic3 = lsse + (3.0 * k + 2.0 + extra) * ln_n / (double)n;
        ks[k].r2max = k > 0 ? r2max_of(t, y, o->family == MT_JP_POISSON ? NULL : w, n,
                                       ks[k].taus, k)
                            : 0.0;
        ks[k].wbic = lsse + ((2.0 + ks[k].r2max) * k + 2.0 + extra) * ln_n / (double)n;
    }
    kmax = last_ok;
    *kmax_out = kmax;
    int kmin = o->min_joinpoints < kmax ? o->min_joinpoints : kmax;
    int best = kmin;
    if (o->select == MT_JP_SELECT_PERMUTATION) {
        return permutation_select(g, y, kmin, kmax, o, ks, khat, err);
    }
    for (int k = kmin + 1; k <= kmax; k++) {
        const double a = o->select == MT_JP_SELECT_BIC ? ks[k].bic
                         : o->select == MT_JP_SELECT_BIC3 ? ks[k].bic3 : ks[k].wbic;
        const double b = o->select == MT_JP_SELECT_BIC ? ks[best].bic
                         : o->select == MT_JP_SELECT_BIC3 ? ks[best].bic3 : ks[best].wbic;
        if (a < b) /* ties keep the smaller model */
            best = k;
    }
    *khat = best;
    return MT_OK;
}

mt_status mt_jp_fit(const double *t, const double *y, const double *w, size_t n,
                    const mt_jp_options *o, mt_jp_result **out, mt_error *err)
{
    if (!out)
        return mt_error_set(err, MT_EINVAL, "joinpoint: out must not be NULL");
    *out = NULL;
    mt_status st = validate(t, y, w, n, o, err);
    if (st != MT_OK)
        return st;
    jp_grid g;
    if (jp_grid_init(&g, t, o->family == MT_JP_POISSON ? NULL : w, n, o) != MT_OK)
        return mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
    mt_jp_kstat ks[MT_JP_MAX_JOINPOINTS + 1];
    int khat = 0, kmax = 0;
    st = select_model(&g, t, y, w, n, o, ks, &khat, &kmax, err);
    jp_grid_free(&g);
    if (st != MT_OK)
        return st;
    st = fit_fixed(t, y, w, n, ks[khat].taus, khat, o, out, err);
    if (st != MT_OK)
        return st;
    memcpy((*out)->kstats, ks, sizeof ks);
    (*out)->max_joinpoints = kmax;
    return MT_OK;
}

/* ------------------------------------------------------------------ */
/* Bootstrap band                                                       */

mt_status mt_jp_bootstrap_band(const double *t, const double *y, const double *w, size_t n,
                               const mt_jp_options *o, size_t B, const double *x, size_t m,
                               double *lo, double *hi, mt_error *err)
{
    if (!x || !lo || !hi || m == 0 || B < 2)
        return mt_error_set(err, MT_EINVAL, "joinpoint bootstrap: need B >= 2 and m >= 1 times");
    if (o && o->family != MT_JP_GAUSSIAN)
        return mt_error_set(err, MT_EINVAL, "joinpoint bootstrap: Gaussian family only");
    mt_jp_result *fit = NULL;
    mt_status st = mt_jp_fit(t, y, w, n, o, &fit, err);
    if (st != MT_OK)
        return st;
    jp_grid g;
    if (jp_grid_init(&g, t, w, n, o) != MT_OK) {
        mt_jp_result_free(fit);
        return mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
    }
    double *r = malloc(n * sizeof *r), *ys = malloc(n * sizeof *ys);
    double *draws = malloc(B * m * sizeof *draws), *col = malloc(B * sizeof *col);
    double *c = malloc(g.m * sizeof *c);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r || !ys || !draws || !col || !c || !rng) {
        st = mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
        goto done;
    }
    gsl_rng_set(rng, (unsigned long)o->seed);
    /* modified residuals (Davison and Hinkley 1997, alg. 6.3): standardised,
     * divided by sqrt(1 - h_ii) so that their variance is sigma^2 rather than
     * sigma^2 (1 - h_ii), then centred; raw residuals make the band too
     * narrow by about sqrt(df/n) */
    double rbar = 0.0;
    for (size_t i = 0; i < n; i++) {
        double row[JP_PMAX], h = 0.0;
        design_row(t[i], fit->tcenter, fit->taus, fit->k, fit->jump_times, fit->n_jumps, row);
        for (size_t a = 0; a < fit->n_coef; a++)
            for (size_t b = 0; b < fit->n_coef; b++)
                h += row[a] * fit->cov[a * fit->n_coef + b] * row[b];
        h = fit->sigma2 > 0.0 ? h * (w ? w[i] : 1.0) / fit->sigma2 : 0.0;
        const double lev = h < 1.0 - JP_LEVERAGE_FLOOR ? 1.0 - h : JP_LEVERAGE_FLOOR;
        r[i] = g.sw[i] * (y[i] - fit->fitted[i]) / sqrt(lev);
        rbar += r[i];
    }
    rbar /= (double)n;
    for (size_t i = 0; i < n; i++)
        r[i] -= rbar;
    mt_jp_options ob = *o;
    for (size_t b = 0; b < B; b++) {
        for (size_t i = 0; i < n; i++)
            ys[i] = fit->fitted[i] + r[gsl_rng_uniform_int(rng, n)] / g.sw[i];
        /* each permutation-test selection gets its own stream derived from
         * the caller's seed, so results do not depend on B */
        ob.seed = o->seed + 1000003u * (uint64_t)(b + 1);
        mt_jp_kstat ks[MT_JP_MAX_JOINPOINTS + 1];
        int khat = 0, kmax = 0;
        st = select_model(&g, t, ys, w, n, &ob, ks, &khat, &kmax, err);
        if (st != MT_OK)
            goto done;
        /* coefficients of the selected set from the engine */
        size_t idx[MT_JP_MAX_JOINPOINTS] = {0};
        for (int j = 0; j < khat; j++)
            for (size_t q = 0; q < g.ncand; q++)
                if (g.cand[q] == ks[khat].taus[j]) {
                    idx[j] = q;
                    break;
                }
        double yy, beta[JP_PMAX];
        int ok;
        jp_grid_xty(&g, ys, c, &yy);
        jp_grid_coef(&g, idx, khat, c, beta, &ok);
        if (!ok) {
            st = mt_error_set(err, MT_ESINGULAR, "joinpoint bootstrap: singular refit");
            goto done;
        }
        double ybar = 0.0, sw = 0.0;
        for (size_t i = 0; i < n; i++) {
            ybar += g.sw[i] * g.sw[i] * ys[i];
            sw += g.sw[i] * g.sw[i];
        }
        ybar /= sw;
        for (size_t j = 0; j < m; j++) {
            double s = beta[0] + ybar + beta[1] * (x[j] - g.tcenter);
            for (size_t q = 0; q < o->n_jumps; q++)
                s += x[j] >= o->jumps[q] ? beta[2 + q] : 0.0;
            for (int jj = 0; jj < khat; jj++) {
                const double tau = ks[khat].taus[jj];
                s += x[j] > tau ? beta[g.nbase + (size_t)jj] * (x[j] - tau) : 0.0;
            }
            draws[b * m + j] = s;
        }
    }
    for (size_t j = 0; j < m; j++) {
        for (size_t b = 0; b < B; b++)
            col[b] = draws[b * m + j];
        gsl_sort(col, 1, B);
        lo[j] = gsl_stats_quantile_from_sorted_data(col, 1, B, o->alpha / 2.0);
        hi[j] = gsl_stats_quantile_from_sorted_data(col, 1, B, 1.0 - o->alpha / 2.0);
        if (!isfinite(lo[j]) || !isfinite(hi[j])) {
            st = mt_error_set(err, MT_ENONFINITE, "joinpoint bootstrap: non-finite band");
            goto done;
        }
    }
done:
    free(r);
    free(ys);
    free(draws);
    free(col);
    free(c);
    gsl_rng_free(rng);
    jp_grid_free(&g);
    mt_jp_result_free(fit);
    return st;
}
