/*
 * joinpoint_select.c - choosing the number of joinpoints and the bootstrap
 * band: BIC, BIC3 and WBIC (with the largest partial R^2 of the slope-change
 * terms), the sequential permutation tests of Kim et al. (2000) on reused
 * factorisations, the Poisson deviance search, mt_jp_fit, and the residual
 * bootstrap that re-selects the joinpoints.  Definitions and sources:
 * docs/methods-joinpoint.md, "Selection" and "Bootstrap band".
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
                                    const mt_jp_options *o, const jp_sets *prebuilt,
                                    mt_jp_kstat *ks, int *khat, mt_error *err)
{
    const size_t n = g->n, m = g->m;
    jp_sets own[MT_JP_MAX_JOINPOINTS + 1];
    memset(own, 0, sizeof own);
    const jp_sets *sets = prebuilt ? prebuilt : own;
    double *c = malloc(m * sizeof *c), *f0 = malloc(n * sizeof *f0);
    double *r = malloc(n * sizeof *r);
    /* JP_LANES permutations at a time (joinpoint_batch.c) */
    double *Y = malloc(n * JP_LANES * sizeof *Y), *V = malloc(n * JP_LANES * sizeof *V);
    double *C = malloc((m + 1) * JP_LANES * sizeof *C);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng *snap = o->early_stop ? gsl_rng_alloc(gsl_rng_mt19937) : NULL;
    mt_status st = MT_OK;
    if (!c || !f0 || !r || !Y || !V || !C || !rng || (o->early_stop && !snap)) {
        st = mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
        goto done;
    }
    gsl_rng_set(rng, (unsigned long)o->seed);
    for (int k = kmin; k <= kmax && !prebuilt; k++)
        if ((st = jp_sets_build(g, k, &own[k])) != MT_OK) {
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
    size_t tests_done = 0;
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
            int stop = 0;
            for (size_t p0 = 0; p0 < N && !stop; p0 += JP_LANES) {
                const size_t nl = N - p0 < JP_LANES ? N - p0 : JP_LANES;
                if (snap)
                    gsl_rng_memcpy(snap, rng);
                /* the permutations p0 .. p0 + nl - 1 in order, from one stream */
                for (size_t l = 0; l < JP_LANES; l++) {
                    if (l < nl)
                        jp_shuffle(rng, r, n);
                    for (size_t i = 0; i < n; i++)
                        Y[i * JP_LANES + l] = f0[i] + r[i] / g->sw[i];
                }
                double yys[JP_LANES], sa2[JP_LANES], sb2[JP_LANES];
                jp_grid_xty_batch(g, Y, C, yys, V);
                jp_sets_min_batch(g, &sets[ka], C, yys, sa2, NULL);
                jp_sets_min_batch(g, &sets[kb], C, yys, sb2, NULL);
                for (size_t l = 0; l < nl; l++) {
                    if (!(sb2[l] > 0.0) || sa2[l] / sb2[l] >= T * (1.0 - JP_RATIO_TIE_TOL))
                        count++;
                    done_n = p0 + l + 1;
                    if (o->early_stop) {
                        /* curtailed sampling: the final p = (1 + count_N)/(N + 1)
                         * lies between (1 + count)/(N + 1) and
                         * (1 + count + N - done)/(N + 1); stop once both bounds
                         * give the same decision */
                        const double plo = (1.0 + (double)count) / ((double)N + 1.0);
                        const double phi = (1.0 + (double)(count + N - done_n)) / ((double)N + 1.0);
                        if (plo >= level || phi < level) {
                            stop = 1;
                            /* leave the stream where permutation done_n left
                             * it: the next test continues from there */
                            if (l + 1 < nl) {
                                gsl_rng_memcpy(rng, snap);
                                for (size_t u = 0; u <= l; u++)
                                    jp_shuffle(rng, r, n);
                            }
                            break;
                        }
                    }
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
        if (o->progress)
            o->progress(o->progress_ctx, "permutation test", ++tests_done,
                        (size_t)(kmax - kmin));
    }
    *khat = ka;
done:
    for (int k = 0; k <= MT_JP_MAX_JOINPOINTS; k++)
        jp_sets_free(&own[k]);
    free(c);
    free(f0);
    free(r);
    free(Y);
    free(V);
    free(C);
    gsl_rng_free(rng);
    gsl_rng_free(snap);
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
            jp_design_row(t[i], g->tcenter, taus, k, o->jumps, o->n_jumps, X + i * p);
        double d;
        if (jp_irls(X, y, o->offset, n, p, c, cov, &d, mu) != MT_OK)
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

/* The least SSE of every k and the set attaining it (jp_sets leaf number),
 * computed for several responses at once by the bootstrap. */
typedef struct {
    double sse[MT_JP_MAX_JOINPOINTS + 1];
    size_t arg[MT_JP_MAX_JOINPOINTS + 1];
} jp_kmins;

/* Choose k (and the joinpoints) for response y on a built grid.  Fills
 * ks[0..kmax] and returns the chosen k in *khat; *kmax_out is the maximum
 * actually searched.  rng-free except for the permutation test, which
 * seeds its own stream from o->seed.  sets: the stored factors of every k
 * up to the maximum for repeated responses (the bootstrap), or NULL to
 * walk the sets afresh; both give bit-identical minima (test_jpsearch).
 * pre: with sets, the minima over them already computed for y, or NULL. */
static mt_status select_model(const jp_grid *g, const double *t, const double *y,
                              const double *w, size_t n, const mt_jp_options *o,
                              const jp_sets *sets, const jp_kmins *pre, mt_jp_kstat *ks,
                              int *khat, int *kmax_out, mt_error *err)
{
    int kmax = o->max_joinpoints < 0 ? mt_jp_default_max(n) : o->max_joinpoints;
    const size_t nj = o->n_jumps;
    for (int k = 0; k <= MT_JP_MAX_JOINPOINTS; k++) {
        ks[k].k = k;
        ks[k].sse = ks[k].bic = ks[k].bic3 = ks[k].wbic = ks[k].r2max = ks[k].p_perm = NAN;
    }
    /* lower the maximum to what the data allow: df >= 1 and a set exists */
    size_t counts[MT_JP_MAX_JOINPOINTS + 1];
    if (jp_grid_count_upto(g, kmax, o->max_models, counts) != 0)
        return mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
    while (kmax > 0 && ((double)n - 2.0 - 2.0 * kmax - (double)nj < 1.0 || counts[kmax] == 0))
        kmax--;
    for (int k = 0; k <= kmax; k++) {
        if (counts[k] > o->max_models)
            return mt_error_set(err, MT_ELIMIT,
                                "joinpoint: more than %zu candidate sets for %d joinpoints; "
                                "lower max_joinpoints or grid_between",
                                o->max_models, k);
    }
    const double ln_n = log((double)n);
    int last_ok = 0;
    double sets_yy = 0.0, *sets_c = NULL;
    if (sets && !pre) {
        if ((sets_c = calloc(g->m + 1, sizeof *sets_c)) == NULL)
            return mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
        jp_grid_xty(g, y, sets_c, &sets_yy); /* what jp_grid_best computes */
    }
    /* without stored factors: one walk gives the best set of every k */
    double walk_sse[MT_JP_MAX_JOINPOINTS + 1];
    size_t walk_idx[(MT_JP_MAX_JOINPOINTS + 1) * MT_JP_MAX_JOINPOINTS];
    int walk_found[MT_JP_MAX_JOINPOINTS + 1];
    if (!sets && o->family != MT_JP_POISSON &&
        jp_grid_best_upto(g, y, kmax, walk_idx, walk_sse, walk_found) < 0)
        return mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
    for (int k = 0; k <= kmax; k++) {
        size_t idx[MT_JP_MAX_JOINPOINTS] = {0};
        double sse;
        int found;
        if (o->family == MT_JP_POISSON) {
            mt_status st = poisson_best(g, t, y, n, k, o, idx, &sse, &found);
            if (st != MT_OK)
                return mt_error_set(err, st, "joinpoint: out of memory");
        } else if (sets) {
            size_t arg = 0;
            if (pre) {
                sse = pre->sse[k];
                arg = pre->arg[k];
            } else {
                sse = jp_sets_min_sse(g, &sets[k], sets_c, sets_yy, &arg);
            }
            found = sets[k].nsets > 0;
            for (int j = 0; j < k && found; j++)
                idx[j] = sets[k].idx[arg * (size_t)k + (size_t)j];
        } else {
            found = walk_found[k];
            sse = walk_sse[k];
            for (int j = 0; j < k && found; j++)
                idx[j] = walk_idx[(size_t)k * MT_JP_MAX_JOINPOINTS + (size_t)j];
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
    free(sets_c);
    kmax = last_ok;
    *kmax_out = kmax;
    int kmin = o->min_joinpoints < kmax ? o->min_joinpoints : kmax;
    int best = kmin;
    if (o->select == MT_JP_SELECT_PERMUTATION) {
        return permutation_select(g, y, kmin, kmax, o, sets, ks, khat, err);
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
    mt_status st = jp_validate(t, y, w, n, o, err);
    if (st != MT_OK)
        return st;
    jp_grid g;
    if (jp_grid_init(&g, t, o->family == MT_JP_POISSON ? NULL : w, n, o) != MT_OK)
        return mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
    mt_jp_kstat ks[MT_JP_MAX_JOINPOINTS + 1];
    int khat = 0, kmax = 0;
    st = select_model(&g, t, y, w, n, o, NULL, NULL, ks, &khat, &kmax, err);
    jp_grid_free(&g);
    if (st != MT_OK)
        return st;
    st = jp_fit_fixed_core(t, y, w, n, ks[khat].taus, khat, o, out, err);
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
    mt_jp_options of = *o;
    of.progress = NULL; /* the caller's own fit of y has reported its tests */
    mt_status st = mt_jp_fit(t, y, w, n, &of, &fit, err);
    if (st != MT_OK)
        return st;
    jp_grid g;
    if (jp_grid_init(&g, t, w, n, o) != MT_OK) {
        mt_jp_result_free(fit);
        return mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
    }
    jp_sets sets[MT_JP_MAX_JOINPOINTS + 1];
    memset(sets, 0, sizeof sets);
    double *r = malloc(n * sizeof *r), *ys = malloc(n * sizeof *ys);
    double *draws = malloc(B * m * sizeof *draws), *col = malloc(B * sizeof *col);
    double *c = malloc(g.m * sizeof *c);
    /* JP_LANES resamples at a time through the stored factors */
    double *Y = malloc(n * JP_LANES * sizeof *Y), *V = malloc(n * JP_LANES * sizeof *V);
    double *C = malloc((g.m + 1) * JP_LANES * sizeof *C);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r || !ys || !draws || !col || !c || !Y || !V || !C || !rng) {
        st = mt_error_set(err, MT_ENOMEM, "joinpoint: out of memory");
        goto done;
    }
    gsl_rng_set(rng, (unsigned long)o->seed);
    jp_boot_residuals(&g, t, y, w, fit, r);
    /* Every resample is searched on the same grid: factor the sets of every
     * k once (as the permutation test does) and replay them per resample.
     * If they do not fit in memory, each resample walks the sets afresh;
     * the results are the same either way. */
    int use_sets = 1;
    int K = o->max_joinpoints < 0 ? mt_jp_default_max(n) : o->max_joinpoints;
    if (K > MT_JP_MAX_JOINPOINTS)
        K = MT_JP_MAX_JOINPOINTS;
    for (int k = 0; k <= K && use_sets; k++)
        if (jp_grid_count(&g, k, o->max_models) > o->max_models ||
            jp_sets_build(&g, k, &sets[k]) != MT_OK)
            use_sets = 0;
    mt_jp_options ob = *o;
    ob.progress = NULL; /* the re-selections report nothing of their own */
    const size_t step = B >= 10 ? B / 10 : 1;
    jp_kmins pre[JP_LANES];
    for (size_t b = 0; b < B; b++) {
        const size_t lane = b % JP_LANES;
        if (lane == 0) {
            /* the next JP_LANES resamples, drawn in order from the stream,
             * and (with stored factors) their minima for every k at once */
            for (size_t l = 0; l < JP_LANES; l++)
                if (b + l < B)
                    jp_boot_sample(rng, &g, fit->fitted, r, Y + l, JP_LANES);
                else
                    for (size_t i = 0; i < n; i++)
                        Y[i * JP_LANES + l] = Y[i * JP_LANES];
            if (use_sets) {
                double yyl[JP_LANES], sse[JP_LANES];
                size_t arg[JP_LANES];
                jp_grid_xty_batch(&g, Y, C, yyl, V);
                for (int k = 0; k <= K; k++) {
                    jp_sets_min_batch(&g, &sets[k], C, yyl, sse, arg);
                    for (size_t l = 0; l < JP_LANES; l++) {
                        pre[l].sse[k] = sse[l];
                        pre[l].arg[k] = arg[l];
                    }
                }
            }
        }
        if (o->progress && b > 0 && b % step == 0)
            o->progress(o->progress_ctx, "bootstrap", b, B);
        for (size_t i = 0; i < n; i++)
            ys[i] = Y[i * JP_LANES + lane];
        /* each permutation-test selection gets its own stream derived from
         * the caller's seed, so results do not depend on B */
        ob.seed = o->seed + 1000003u * (uint64_t)(b + 1);
        mt_jp_kstat ks[MT_JP_MAX_JOINPOINTS + 1];
        int khat = 0, kmax = 0;
        st = select_model(&g, t, ys, w, n, &ob, use_sets ? sets : NULL,
                          use_sets ? &pre[lane] : NULL, ks, &khat, &kmax, err);
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
    if (o->progress)
        o->progress(o->progress_ctx, "bootstrap", B, B);
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
    for (int k = 0; k <= MT_JP_MAX_JOINPOINTS; k++)
        jp_sets_free(&sets[k]);
    free(r);
    free(ys);
    free(draws);
    free(col);
    free(c);
    free(Y);
    free(V);
    free(C);
    gsl_rng_free(rng);
    jp_grid_free(&g);
    mt_jp_result_free(fit);
    return st;
}
