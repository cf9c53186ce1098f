/*
 * compare.c - pairwise comparison of two joinpoint trends (Kim et al. 2004)
 * and of their AAPCs; the model and its sources are in compare.h and
 * docs/methods-compare.md.
 *
 * The tests reuse the joinpoint grid engine (joinpoint_internal.h): a, b and
 * their mean share the times, so one grid and one set of Cholesky factors of
 * every admissible kmax-joinpoint set serve all three fits, for the observed
 * data and for every permutation.  The difference d = b - a enters only
 * through a small regression on the jump steps, done with a projection
 * matrix formed once.
 */
#include "monitrend/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "joinpoint_internal.h"

/* Relative tolerance when counting permuted statistics at least as large as
 * the observed one: ties in exact arithmetic must count as ties. */
#define CMP_TIE_TOL 1e-12

void mt_compare_options_default(mt_compare_options *o)
{
    mt_jp_options_default(&o->jp);
    o->max_k = MT_COMPARE_MAX_K;
}

const char *mt_compare_verdict(const mt_compare_result *r, double alpha)
{
    if (!isfinite(r->p_coin) || !isfinite(r->p_par))
        return "inconclusive";
    if (r->p_coin >= alpha)
        return "coincident";
    if (r->p_par >= alpha)
        return "parallel";
    return "not parallel";
}

/* Everything the statistic needs for one kmax, built once. */
typedef struct {
    size_t n;
    int k;
    jp_grid g;
    jp_sets s;
    double *c;          /* g.m: X'y of one response */
    double *p_par;      /* n x n projection on (1, steps) */
    double *p_coin;     /* n x n projection on (steps); all zero without jumps */
    double *m, *d, *work; /* n each */
} cmp_engine;

static void engine_free(cmp_engine *e)
{
    jp_sets_free(&e->s);
    jp_grid_free(&e->g);
    free(e->c);
    free(e->p_par);
    free(e->p_coin);
    free(e->m);
    free(e->d);
    free(e->work);
    memset(e, 0, sizeof *e);
}

/* P = D (D'D)^-1 D' for the n x q design D (row-major); q == 0 gives 0. */
static mt_status projection(const double *D, size_t n, size_t q, double *P)
{
    memset(P, 0, n * n * sizeof *P);
    if (q == 0)
        return MT_OK;
    gsl_matrix *A = gsl_matrix_alloc(q, q);
    gsl_matrix *Ai = gsl_matrix_alloc(q, q);
    gsl_permutation *perm = gsl_permutation_alloc(q);
    mt_status st = MT_OK;
    if (!A || !Ai || !perm) {
        st = MT_ENOMEM;
        goto out;
    }
    for (size_t a = 0; a < q; a++)
        for (size_t b = 0; b < q; b++) {
            double s = 0.0;
            for (size_t i = 0; i < n; i++)
                s += D[i * q + a] * D[i * q + b];
            gsl_matrix_set(A, a, b, s);
        }
    /* A singular design here means two jumps at one time or a jump at the
     * first time: the caller's jumps are validated by the joinpoint layer,
     * so this is a safeguard, reported as singular. */
    if (gsl_linalg_cholesky_decomp1(A) != 0 || gsl_linalg_cholesky_invert(A) != 0) {
        st = MT_ESINGULAR;
        goto out;
    }
    gsl_matrix_memcpy(Ai, A);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0.0;
            for (size_t a = 0; a < q; a++)
                for (size_t b = 0; b < q; b++)
                    s += D[i * q + a] * gsl_matrix_get(Ai, a, b) * D[j * q + b];
            P[i * n + j] = s;
        }
out:
    gsl_matrix_free(A);
    gsl_matrix_free(Ai);
    gsl_permutation_free(perm);
    return st;
}

static mt_status engine_init(cmp_engine *e, const double *t, size_t n, int k,
                             const mt_jp_options *jo)
{
    memset(e, 0, sizeof *e);
    e->n = n;
    e->k = k;
    mt_status st = jp_grid_init(&e->g, t, NULL, n, jo);
    if (st != MT_OK)
        return st;
    if ((st = jp_sets_build(&e->g, k, &e->s)) != MT_OK)
        return st;
    const size_t J = jo->n_jumps;
    e->c = malloc(e->g.m * sizeof *e->c);
    e->p_par = malloc(n * n * sizeof *e->p_par);
    e->p_coin = malloc(n * n * sizeof *e->p_coin);
    e->m = malloc(n * sizeof *e->m);
    e->d = malloc(n * sizeof *e->d);
    e->work = malloc(n * sizeof *e->work);
    double *D = calloc(n * (J + 1), sizeof *D);
    if (!e->c || !e->p_par || !e->p_coin || !e->m || !e->d || !e->work || !D) {
        free(D);
        return MT_ENOMEM;
    }
    /* parallel: (1, steps); coincidence: (steps) */
    for (size_t i = 0; i < n; i++) {
        D[i * (J + 1)] = 1.0;
        for (size_t q = 0; q < J; q++)
            D[i * (J + 1) + 1 + q] = t[i] >= jo->jumps[q] ? 1.0 : 0.0;
    }
    st = projection(D, n, J + 1, e->p_par);
    if (st == MT_OK) {
        for (size_t i = 0; i < n; i++)
            for (size_t q = 0; q < J; q++)
                D[i * J + q] = t[i] >= jo->jumps[q] ? 1.0 : 0.0;
        st = projection(D, n, J, e->p_coin);
    }
    free(D);
    return st;
}

/* Least SSE over the kmax-joinpoint sets for response y; *arg the set. */
static double jp_sse(cmp_engine *e, const double *y, size_t *arg)
{
    double yy;
    jp_grid_xty(&e->g, y, e->c, &yy);
    return jp_sets_min_sse(&e->g, &e->s, e->c, yy, arg);
}

/* SSE of d about its projection P d; the fit into fit (may be NULL). */
static double proj_sse(const double *P, const double *d, size_t n, double *fit)
{
    double sse = 0.0;
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (size_t j = 0; j < n; j++)
            s += P[i * n + j] * d[j];
        if (fit)
            fit[i] = s;
        sse += (d[i] - s) * (d[i] - s);
    }
    return sse;
}

static void engine_sse(cmp_engine *e, const double *ya, const double *yb, double *h1, double *par,
                       double *coin)
{
    const size_t n = e->n;
    for (size_t i = 0; i < n; i++) {
        e->m[i] = 0.5 * (ya[i] + yb[i]);
        e->d[i] = yb[i] - ya[i];
    }
    *h1 = jp_sse(e, ya, NULL) + jp_sse(e, yb, NULL);
    const double sm = 2.0 * jp_sse(e, e->m, NULL);
    if (par)
        *par = sm + 0.5 * proj_sse(e->p_par, e->d, n, NULL);
    if (coin)
        *coin = sm + 0.5 * proj_sse(e->p_coin, e->d, n, NULL);
}

static double fstat(double sse0, double sse1, double q, double df)
{
    if (!(sse1 > 0.0))
        return sse0 > 0.0 ? INFINITY : 0.0;
    return ((sse0 - sse1) / q) / (sse1 / df);
}

static mt_status check_input(const double *t, const double *ya, const double *yb, size_t n,
                             const mt_jp_options *jo, mt_error *err)
{
    if (!t || !ya || !yb || !jo)
        return mt_error_set(err, MT_EINVAL, "compare: NULL argument");
    if (jo->n_jumps > MT_JP_MAX_JUMPS || (jo->n_jumps && !jo->jumps))
        return mt_error_set(err, MT_EINVAL, "compare: bad jumps");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !isfinite(ya[i]) || !isfinite(yb[i]))
            return mt_error_set(err, MT_ENONFINITE, "compare: non-finite value at point %zu",
                                i + 1);
        if (i > 0 && !(t[i] > t[i - 1]))
            return mt_error_set(err, MT_EINVAL, "compare: times not strictly increasing at point %zu",
                                i + 1);
    }
    /* each series: intercept, slope, jumps and at least one df */
    if (n < 4 + jo->n_jumps)
        return mt_error_set(err, MT_ETOOFEW, "compare: %zu common periods are too few", n);
    return MT_OK;
}

mt_status mt_compare_sse(const double *t, const double *ya, const double *yb, size_t n, int k,
                         const mt_jp_options *jo, double *sse_h1, double *sse_par,
                         double *sse_coin, mt_error *err)
{
    mt_status st = check_input(t, ya, yb, n, jo, err);
    if (st != MT_OK)
        return st;
    if (k < 0 || k > MT_JP_MAX_JOINPOINTS)
        return mt_error_set(err, MT_EINVAL, "compare: k = %d out of range", k);
    cmp_engine e;
    st = engine_init(&e, t, n, k, jo);
    if (st == MT_OK && e.s.nsets == 0)
        st = mt_error_set(err, MT_ETOOFEW, "compare: no admissible set of %d joinpoints", k);
    else if (st != MT_OK)
        mt_error_set(err, st, "compare: %s", mt_status_name(st));
    if (st == MT_OK)
        engine_sse(&e, ya, yb, sse_h1, sse_par, sse_coin);
    engine_free(&e);
    return st;
}

/* Fitted values of the mean's best set (unweighted grid: rows of X are the
 * design itself). */
static int mean_fit(cmp_engine *e, const double *m, double *fit)
{
    size_t arg;
    jp_sse(e, m, &arg);
    double beta[JP_PMAX];
    int ok;
    const size_t *idx = e->s.idx + arg * (size_t)e->k;
    jp_grid_coef(&e->g, idx, e->k, e->c, beta, &ok);
    if (!ok)
        return 0;
    double mbar = 0.0;
    for (size_t i = 0; i < e->n; i++)
        mbar += m[i];
    mbar /= (double)e->n;
    const size_t nb = e->g.nbase;
    for (size_t i = 0; i < e->n; i++) {
        const double *row = e->g.X + i * e->g.m;
        double s = mbar;
        for (size_t a = 0; a < nb; a++)
            s += row[a] * beta[a];
        for (int j = 0; j < e->k; j++)
            s += row[nb + idx[j]] * beta[nb + (size_t)j];
        fit[i] = s;
    }
    return 1;
}

/* Permutation p-value of one test: shuffle the 2n residuals of the null fit
 * (fa, fb) and recompute the statistic with kmax fixed. */
static double perm_p(cmp_engine *e, const double *fa, const double *fb, const double *ra,
                     const double *rb, int parallel, double f_obs, double q, double df,
                     size_t N, gsl_rng *rng, double *buf)
{
    const size_t n = e->n;
    double *res = buf, *ya = buf + 2 * n, *yb = buf + 3 * n;
    size_t count = 0;
    for (size_t b = 0; b < N; b++) {
        memcpy(res, ra, n * sizeof *res);
        memcpy(res + n, rb, n * sizeof *res);
        gsl_ran_shuffle(rng, res, 2 * n, sizeof *res);
        for (size_t i = 0; i < n; i++) {
            ya[i] = fa[i] + res[i];
            yb[i] = fb[i] + res[n + i];
        }
        double h1, s0;
        if (parallel)
            engine_sse(e, ya, yb, &h1, &s0, NULL);
        else
            engine_sse(e, ya, yb, &h1, NULL, &s0);
        const double fs = fstat(s0, h1, q, df);
        if (fs >= f_obs - CMP_TIE_TOL * fabs(f_obs))
            count++;
    }
    return (1.0 + (double)count) / ((double)N + 1.0);
}

static void aapc_compare(mt_compare_result *r, double alpha)
{
    const mt_jp_aapc *a = &r->aapc_a, *b = &r->aapc_b;
    double sa = r->log_scale ? 100.0 * exp(a->slope) * a->slope_se : a->slope_se;
    double sb = r->log_scale ? 100.0 * exp(b->slope) * b->slope_se : b->slope_se;
    r->aapc_diff = a->aapc - b->aapc;
    r->aapc_diff_se = sqrt(sa * sa + sb * sb);
    const double z = gsl_cdf_ugaussian_Qinv(alpha / 2.0);
    r->aapc_diff_lo = r->aapc_diff - z * r->aapc_diff_se;
    r->aapc_diff_hi = r->aapc_diff + z * r->aapc_diff_se;
    r->aapc_diff_p = r->aapc_diff_se > 0.0
                         ? 2.0 * gsl_cdf_ugaussian_Q(fabs(r->aapc_diff) / r->aapc_diff_se)
                         : NAN;
}

mt_status mt_compare_fit(const double *t, const double *ya, const double *yb, size_t n,
                         const mt_compare_options *o, mt_compare_result *out, mt_error *err)
{
    if (!o || !out)
        return mt_error_set(err, MT_EINVAL, "compare: NULL argument");
    const mt_jp_options *jo = &o->jp;
    mt_status st = check_input(t, ya, yb, n, jo, err);
    if (st != MT_OK)
        return st;
    if (o->max_k < 0 || o->max_k > MT_COMPARE_MAX_K)
        return mt_error_set(err, MT_EINVAL, "compare: max_k %d outside 0..%d", o->max_k,
                            MT_COMPARE_MAX_K);
    if (jo->n_permutations < 1)
        return mt_error_set(err, MT_EINVAL, "compare: at least one permutation");
    if (jo->family != MT_JP_GAUSSIAN)
        return mt_error_set(err, MT_EINVAL, "compare: least squares only");
    memset(out, 0, sizeof *out);
    out->n = n;
    out->log_scale = jo->log_scale;
    out->p_par = out->p_coin = NAN;

    double *m = malloc(n * sizeof *m);
    double *buf = malloc(10 * n * sizeof *buf);
    mt_jp_result *fa = NULL, *fb = NULL, *fm = NULL;
    cmp_engine e;
    memset(&e, 0, sizeof e);
    gsl_rng *rng = NULL;
    if (!m || !buf) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        m[i] = 0.5 * (ya[i] + yb[i]);
    /* the three selections that fix kmax; the permutation selection draws
     * from its own seed like any other fit */
    if ((st = mt_jp_fit(t, ya, NULL, n, jo, &fa, err)) != MT_OK ||
        (st = mt_jp_fit(t, yb, NULL, n, jo, &fb, err)) != MT_OK ||
        (st = mt_jp_fit(t, m, NULL, n, jo, &fm, err)) != MT_OK)
        goto out;
    out->k_a = fa->k;
    out->k_b = fb->k;
    out->k_pool = fm->k;
    out->aapc_a = fa->aapc_full;
    out->aapc_b = fb->aapc_full;
    aapc_compare(out, jo->alpha);

    int kmax = fa->k > fb->k ? fa->k : fb->k;
    if (fm->k > kmax)
        kmax = fm->k;
    if (kmax > o->max_k) {
        kmax = o->max_k;
        out->capped = 1;
    }
    /* lower kmax until the sets exist and every model keeps a df */
    const double J = (double)jo->n_jumps;
    for (;; kmax--) {
        if (kmax < 0) {
            st = mt_error_set(err, MT_ETOOFEW, "compare: %zu common periods are too few", n);
            goto out;
        }
        if (2.0 * (double)n - 2.0 * (2.0 + 2.0 * kmax + J) < 1.0)
            continue;
        st = engine_init(&e, t, n, kmax, jo);
        if (st == MT_OK && e.s.nsets > 0)
            break;
        engine_free(&e);
        if (st != MT_OK && st != MT_ELIMIT) {
            mt_error_set(err, st, "compare: %s", mt_status_name(st));
            goto out;
        }
        st = MT_OK;
    }
    out->kmax = kmax;
    out->df_num_par = 1.0 + 2.0 * kmax;
    out->df_num_coin = 2.0 + 2.0 * kmax;
    out->df_den = 2.0 * (double)n - 2.0 * (2.0 + 2.0 * kmax + J);
    engine_sse(&e, ya, yb, &out->sse_h1, &out->sse_par, &out->sse_coin);
    out->f_par = fstat(out->sse_par, out->sse_h1, out->df_num_par, out->df_den);
    out->f_coin = fstat(out->sse_coin, out->sse_h1, out->df_num_coin, out->df_den);

    /* null fits: mean joinpoint curve -/+ half the fitted difference */
    double *mfit = buf + 4 * n, *dfit = buf + 5 * n, *f0a = buf + 6 * n, *f0b = buf + 7 * n,
           *r0a = buf + 8 * n, *r0b = buf + 9 * n;
    if (!mean_fit(&e, m, mfit)) {
        st = mt_error_set(err, MT_ESINGULAR, "compare: singular pooled fit");
        goto out;
    }
    rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    gsl_rng_set(rng, (unsigned long)jo->seed);
    out->n_permutations = jo->n_permutations;
    for (int test = 0; test < 2; test++) {
        const int parallel = test == 0;
        double *d = e.d;
        for (size_t i = 0; i < n; i++)
            d[i] = yb[i] - ya[i];
        proj_sse(parallel ? e.p_par : e.p_coin, d, n, dfit);
        for (size_t i = 0; i < n; i++) {
            f0a[i] = mfit[i] - 0.5 * dfit[i];
            f0b[i] = mfit[i] + 0.5 * dfit[i];
            r0a[i] = ya[i] - f0a[i];
            r0b[i] = yb[i] - f0b[i];
        }
        const double fobs = parallel ? out->f_par : out->f_coin;
        const double q = parallel ? out->df_num_par : out->df_num_coin;
        const double p = perm_p(&e, f0a, f0b, r0a, r0b, parallel, fobs, q, out->df_den,
                                jo->n_permutations, rng, buf);
        if (parallel)
            out->p_par = p;
        else
            out->p_coin = p;
    }
out:
    gsl_rng_free(rng);
    engine_free(&e);
    mt_jp_result_free(fa);
    mt_jp_result_free(fb);
    mt_jp_result_free(fm);
    free(m);
    free(buf);
    return st;
}
