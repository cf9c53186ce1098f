/*
 * joinpoint.c - joinpoint regression: options, the fit of a given joinpoint
 * set (weighted least squares by QR, or a Poisson GLM by IRLS), inference for
 * segments, AAPC and jumps.  Model selection and the bootstrap band are in
 * joinpoint_select.c, the exhaustive search in joinpoint_search.c.  Definitions and their sources are in
 * docs/methods-joinpoint.md; each formula below names its section there.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>

#include "joinpoint_internal.h"
#include "monitrend/joinpoint.h"
#include "monitrend/gslerr.h"
#include "monitrend/vocab.h" /* MT_DEFAULT_SEED */

/* IRLS stops when the deviance changes by less than this, relatively. */
#define JP_IRLS_TOL 1e-12
#define JP_IRLS_MAXIT 100

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
    o->seed = MT_DEFAULT_SEED;
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

mt_status jp_validate(const double *t, const double *y, const double *w, size_t n,
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

void jp_design_row(double x, double tc, const double *taus, int k, const double *jumps,
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
    jp_design_row(x, r->tcenter, r->taus, r->k, r->jump_times, r->n_jumps, row);
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
    jmp_buf env; /* gslerr.h: GSL's unchecked scratch allocations */
    if (setjmp(env) != 0) {
        st = MT_ENOMEM;
        goto done;
    }
    mt_gsl_escape(&env);
    /* tol 1e-12 on singular values relative to the largest: a design that
     * loses a column (a hinge equal to a jump step) is reported singular */
    int gs = gsl_multifit_wlinear_tsvd(Xm, wv, yv, 1e-12, cv, cm, chisq, &rank, ws);
    mt_gsl_escape(NULL);
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
mt_status jp_irls(const double *X, const double *y, const double *off, size_t n, size_t p,
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

/* AAPC over [from, to]: Section "AAPC" of docs/methods-joinpoint.md.  qt:
 * gsl_cdf_tdist_Qinv(alpha / 2, r->df) when the caller has it (the fit
 * computes it once for all its intervals), else NaN. */
static void aapc_eval(const mt_jp_result *r, double from, double to, double alpha, double qt,
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
    /* known dispersion (Poisson): normal, as every other interval of that
     * fit; else t on df within one segment, normal across segments */
    a->normal = r->known_dispersion || nseg_in > 1 || !isfinite(r->df) || r->df < 1.0;
    const double q = a->normal   ? gsl_cdf_ugaussian_Qinv(alpha / 2.0)
                     : qt == qt ? qt
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
    aapc_eval(r, from, to, alpha, NAN, out);
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
mt_status jp_fit_fixed_core(const double *t, const double *y, const double *w, size_t n,
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
        jp_design_row(t[i], r->tcenter, taus, k, o->jumps, nj, X + i * p);

    mt_status st;
    r->pearson_dispersion = NAN;
    if (poisson) {
        st = jp_irls(X, y, o->offset, n, p, r->coef, r->cov, &r->sse, r->fitted);
        double pearson = 0.0;
        for (size_t i = 0; i < n && st == MT_OK; i++)
            pearson += (y[i] - r->fitted[i]) * (y[i] - r->fitted[i]) / r->fitted[i];
        r->pearson_dispersion = pearson / df;
        /* quasi-Poisson scales the covariance by the Pearson dispersion (R's
         * summary.glm for quasipoisson; df counts each joinpoint as two
         * parameters, as the Gaussian family's residual variance does) */
        r->sigma2 = o->quasi ? r->pearson_dispersion : 1.0;
        r->known_dispersion = !o->quasi;
        for (size_t a = 0; a < p * p && st == MT_OK; a++)
            r->cov[a] *= r->sigma2;
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
    const int normal = r->known_dispersion;
    /* the t quantile of every interval of this fit (df = r->df) */
    const double qt = normal ? NAN : gsl_cdf_tdist_Qinv(o->alpha / 2.0, df);
    const double q = normal ? gsl_cdf_ugaussian_Qinv(o->alpha / 2.0) : qt;
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
        sg->p = normal ? 2.0 * gsl_cdf_ugaussian_Q(fabs(sg->t_stat))
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
        jp->p = normal ? 2.0 * gsl_cdf_ugaussian_Q(fabs(z)) : 2.0 * gsl_cdf_tdist_Q(fabs(z), df);
        if (r->apc_defined) {
            jp->pct = 100.0 * expm1(jp->coef);
            jp->pct_lo = 100.0 * expm1(jp->coef - q * jp->se);
            jp->pct_hi = 100.0 * expm1(jp->coef + q * jp->se);
        } else {
            jp->pct = jp->pct_lo = jp->pct_hi = NAN;
        }
    }
    aapc_eval(r, t[0], t[n - 1], o->alpha, qt, &r->aapc_full);
    nan_aapc(&r->aapc_recent);
    nan_aapc(&r->aapc_recent2);
    if (o->recent_years > 0.0) {
        const double from = t[n - 1] - o->recent_years;
        aapc_eval(r, from > t[0] ? from : t[0], t[n - 1], o->alpha, qt, &r->aapc_recent);
    }
    if (o->recent_years2 > 0.0) {
        const double from = t[n - 1] - o->recent_years2;
        aapc_eval(r, from > t[0] ? from : t[0], t[n - 1], o->alpha, qt, &r->aapc_recent2);
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
    mt_status st = jp_validate(t, y, w, n, opts, err);
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
    st = jp_fit_fixed_core(t, y, w, n, taus, k, opts, out, err);
    if (st == MT_OK) {
        mt_jp_kstat *ks = &(*out)->kstats[k];
        ks->sse = (*out)->sse;
        for (int j = 0; j < k; j++)
            ks->taus[j] = taus[j];
    }
    return st;
}

