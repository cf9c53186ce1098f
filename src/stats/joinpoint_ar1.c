/*
 * joinpoint_ar1.c - joinpoint selection with AR(1) errors
 * (joinpoint_ar1.h; docs/methods-joinpoint.md "Autocorrelated errors").
 *
 * The least-squares engine (joinpoint_search.c) gives the candidates, the
 * admissibility rules and the enumeration of the sets; this file forms the
 * transformed model at a phi (ar1.h: each row whitened, so that GLS is least
 * squares), its cross products G over the base columns and every candidate
 * hinge, and walks the sets in lexicographic order with the Cholesky rows of
 * a shared prefix kept (row a of a factor depends on rows 0..a only).
 */
#include "monitrend/joinpoint_ar1.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "joinpoint_internal.h"
#include "monitrend/ar1.h"

/* A round that lowers -2 ln L by less than this (relative) ends the
 * alternation: the set has settled up to rounding. */
#define JP_AR1_F_TOL 1e-12

typedef struct {
    const double *t, *y, *w, *lag;
    size_t n;
    const mt_jp_options *o;
    jp_grid g;
    size_t m;           /* columns: nbase base, then the candidates */
    double *Xr, *yc;    /* raw design (n x m) and centred y */
    double *sw;         /* sqrt(w) or NULL */
    double *Xw, *yw;    /* transformed */
    double *G, *c, yy;  /* cross products of the transformed model */
    double phi;         /* the phi of Xw, G (NaN: none yet) */
} ar1s;

static void ar1s_free(ar1s *s)
{
    jp_grid_free(&s->g);
    free(s->Xr);
    free(s->yc);
    free(s->sw);
    free(s->Xw);
    free(s->yw);
    free(s->G);
    free(s->c);
}

static mt_status ar1s_init(ar1s *s, const double *t, const double *y, const double *w,
                           const double *lag, size_t n, const mt_jp_options *o)
{
    memset(s, 0, sizeof *s);
    s->t = t;
    s->y = y;
    s->w = w;
    s->lag = lag;
    s->n = n;
    s->o = o;
    s->phi = NAN;
    if (jp_grid_init(&s->g, t, w, n, o) != MT_OK)
        return MT_ENOMEM;
    const size_t m = s->m = s->g.nbase + s->g.ncand;
    s->Xr = malloc(n * m * sizeof *s->Xr);
    s->yc = malloc(n * sizeof *s->yc);
    s->Xw = malloc(n * m * sizeof *s->Xw);
    s->yw = malloc(n * sizeof *s->yw);
    s->G = malloc(m * m * sizeof *s->G);
    s->c = malloc(m * sizeof *s->c);
    s->sw = w ? malloc(n * sizeof *s->sw) : NULL;
    if (!s->Xr || !s->yc || !s->Xw || !s->yw || !s->G || !s->c || (w && !s->sw))
        return MT_ENOMEM;
    /* y centred: the intercept is in every set, so no SSE changes, and the
     * difference y'y - |z|^2 loses fewer digits */
    double ybar = 0.0;
    for (size_t i = 0; i < n; i++)
        ybar += y[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        s->yc[i] = y[i] - ybar;
        if (w)
            s->sw[i] = sqrt(w[i]);
        double *r = s->Xr + i * m;
        r[0] = 1.0;
        r[1] = t[i] - s->g.tcenter;
        for (size_t q = 0; q < o->n_jumps; q++)
            r[2 + q] = t[i] >= o->jumps[q] ? 1.0 : 0.0;
        for (size_t c = 0; c < s->g.ncand; c++)
            r[s->g.nbase + c] = t[i] > s->g.cand[c] ? t[i] - s->g.cand[c] : 0.0;
    }
    return MT_OK;
}

/* The transformed model at phi and its cross products. */
static void ar1s_at(ar1s *s, double phi)
{
    if (s->phi == phi)
        return;
    const size_t n = s->n, m = s->m;
    mt_ar1_transform(phi, s->sw, s->lag, n, s->Xr, m, s->Xw);
    mt_ar1_transform(phi, s->sw, s->lag, n, s->yc, 1, s->yw);
    for (size_t a = 0; a < m; a++) {
        for (size_t b = a; b < m; b++) {
            double v = 0.0;
            for (size_t i = 0; i < n; i++)
                v += s->Xw[i * m + a] * s->Xw[i * m + b];
            s->G[a * m + b] = s->G[b * m + a] = v;
        }
        double v = 0.0;
        for (size_t i = 0; i < n; i++)
            v += s->Xw[i * m + a] * s->yw[i];
        s->c[a] = v;
    }
    double v = 0.0;
    for (size_t i = 0; i < n; i++)
        v += s->yw[i] * s->yw[i];
    s->yy = v;
    s->phi = phi;
}

/* Row a of the factor of the set's normal equations (columns cols[0..a]),
 * its z entry and the running |z|^2; 0 when the pivot shows a dependent
 * column (JP_CHOL_TOL, as jp_chol). */
static int factor_row(const ar1s *s, const size_t *cols, size_t a, double *L, double *z, double *q)
{
    const size_t m = s->m;
    for (size_t b = 0; b < a; b++) {
        double v = s->G[cols[a] * m + cols[b]];
        for (size_t l = 0; l < b; l++)
            v -= L[a * JP_PMAX + l] * L[b * JP_PMAX + l];
        L[a * JP_PMAX + b] = v / L[b * JP_PMAX + b];
    }
    const double diag = s->G[cols[a] * m + cols[a]];
    double d = diag, v = s->c[cols[a]];
    for (size_t l = 0; l < a; l++) {
        d -= L[a * JP_PMAX + l] * L[a * JP_PMAX + l];
        v -= L[a * JP_PMAX + l] * z[l];
    }
    if (!(d > JP_CHOL_TOL * diag) || !(diag > 0.0))
        return 0;
    L[a * JP_PMAX + a] = sqrt(d);
    z[a] = v / L[a * JP_PMAX + a];
    q[a + 1] = q[a] + z[a] * z[a];
    return 1;
}

/* Least SSE_R over the admissible k-sets at phi: best[] candidate indices,
 * *sse_r = e'(S R S)^-1 e.  0 when no set is non-singular. */
static int best_set(ar1s *s, double phi, int k, size_t *best, double *sse_r)
{
    ar1s_at(s, phi);
    const size_t nb = s->g.nbase, p = nb + (size_t)k;
    double L[JP_PMAX * JP_PMAX], z[JP_PMAX], q[JP_PMAX + 1];
    size_t cols[JP_PMAX], idx[MT_JP_MAX_JOINPOINTS], prev[MT_JP_MAX_JOINPOINTS];
    q[0] = 0.0;
    for (size_t a = 0; a < nb; a++) {
        cols[a] = a;
        if (!factor_row(s, cols, a, L, z, q))
            return 0;
    }
    for (int j = 0; j < k; j++)
        prev[j] = SIZE_MAX;
    double bsse = INFINITY;
    int found = 0;
    for (int more = jp_grid_next_set(&s->g, k, idx, 1); more;
         more = jp_grid_next_set(&s->g, k, idx, 0)) {
        int d = 0;
        while (d < k && idx[d] == prev[d])
            d++;
        int ok = 1;
        for (int j = d; j < k && ok; j++) {
            cols[nb + (size_t)j] = nb + idx[j];
            prev[j] = idx[j];
            if (!factor_row(s, cols, nb + (size_t)j, L, z, q)) {
                /* rows from j on are not valid: recompute them next time */
                for (int l = j; l < k; l++)
                    prev[l] = SIZE_MAX;
                ok = 0;
            }
        }
        if (!ok)
            continue;
        double sse = s->yy - q[p];
        if (sse < 0.0)
            sse = 0.0;
        if (sse < bsse) {
            bsse = sse;
            for (int j = 0; j < k; j++)
                best[j] = idx[j];
            found = 1;
        }
    }
    *sse_r = bsse / (1.0 - phi * phi);
    return found;
}

/* The ML fit of the set: phi, SSE_R, ln|R|, logLik. */
static mt_status ml_at(const ar1s *s, const size_t *idx, int k, mt_ar1_result *a, mt_error *err)
{
    const size_t n = s->n, p = s->g.nbase + (size_t)k;
    double taus[MT_JP_MAX_JOINPOINTS];
    for (int j = 0; j < k; j++)
        taus[j] = s->g.cand[idx[j]];
    double *X = malloc(n * p * sizeof *X);
    if (X == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        jp_design_row(s->t[i], s->g.tcenter, taus, k, s->o->jumps, s->o->n_jumps, X + i * p);
    mt_ar1_opts ao = {.w = s->w, .lag = s->lag, .ml = 1};
    mt_status st = mt_ar1_gls_opt(s->y, X, n, p, &ao, a, err);
    free(X);
    return st;
}

/* WBIC's R2max (joinpoint_select.c) on the transformed data: in each window
 * the partial R^2 of y and the hinge given (1, t), all whitened at phi with
 * the window's own first point; at phi = 0 the weighted least-squares one.
 * NaN when its scratch cannot be allocated. */
static double r2max_ar1(const ar1s *s, const double *taus, int k, double phi)
{
    const size_t n = s->n;
    double best = 0.0;
    double *A = malloc(n * 4 * sizeof *A), *B = malloc(n * 4 * sizeof *B);
    if (!A || !B) {
        free(A);
        free(B);
        return NAN;
    }
    for (int i = 0; i < k; i++) {
        const double lo = i == 0 ? -INFINITY : taus[i - 1];
        const double hi = i == k - 1 ? INFINITY : taus[i + 1];
        size_t j0 = n, nw = 0;
        for (size_t j = 0; j < n; j++) {
            if (!(s->t[j] > lo || (i == 0 && j == 0)) || !(s->t[j] <= hi))
                continue;
            if (j0 == n)
                j0 = j;
            double *r = A + nw * 4;
            r[0] = 1.0;
            r[1] = s->t[j] - s->g.tcenter;
            r[2] = s->t[j] > taus[i] ? s->t[j] - taus[i] : 0.0;
            r[3] = s->y[j];
            nw++;
        }
        if (nw < 3)
            continue;
        mt_ar1_transform(phi, s->sw ? s->sw + j0 : NULL, s->lag ? s->lag + j0 : NULL, nw, A, 4, B);
        /* residuals of z (col 2) and y (col 3) on cols 0, 1 */
        double S00 = 0, S01 = 0, S11 = 0, S0z = 0, S1z = 0, S0y = 0, S1y = 0;
        for (size_t j = 0; j < nw; j++) {
            const double *r = B + j * 4;
            S00 += r[0] * r[0];
            S01 += r[0] * r[1];
            S11 += r[1] * r[1];
            S0z += r[0] * r[2];
            S1z += r[1] * r[2];
            S0y += r[0] * r[3];
            S1y += r[1] * r[3];
        }
        const double det = S00 * S11 - S01 * S01;
        if (!(det > 1e-12 * S00 * S11))
            continue;
        const double bz0 = (S11 * S0z - S01 * S1z) / det, bz1 = (S00 * S1z - S01 * S0z) / det;
        const double by0 = (S11 * S0y - S01 * S1y) / det, by1 = (S00 * S1y - S01 * S0y) / det;
        double ryy = 0, rzz = 0, ryz = 0;
        for (size_t j = 0; j < nw; j++) {
            const double *r = B + j * 4;
            const double ez = r[2] - bz0 * r[0] - bz1 * r[1];
            const double ey = r[3] - by0 * r[0] - by1 * r[1];
            ryy += ey * ey;
            rzz += ez * ez;
            ryz += ey * ez;
        }
        if (ryy > 0.0 && rzz > 0.0) {
            const double r2 = ryz * ryz / (ryy * rzz);
            if (r2 > best)
                best = r2 > 1.0 ? 1.0 : r2;
        }
    }
    free(A);
    free(B);
    return best;
}

/* -2 ln L up to a constant: n ln(SSE_R / n) + ln|R|. */
static double crit_of(const ar1s *s, const mt_ar1_result *a)
{
    return (double)s->n * log((a->sse > 0.0 ? a->sse : DBL_MIN) / (double)s->n) + a->logdet_r;
}

typedef struct {
    double F;           /* -2 ln L (up to a constant) of the best pair seen */
    mt_ar1_result fit;  /* its ML fit */
    size_t set[MT_JP_MAX_JOINPOINTS];
    int rounds;         /* rounds of the alternation that reached it; < 0: unsettled */
} ar1_best;

/* The alternation from set S: ML phi at the set, best set at that phi,
 * until the set repeats; the pair is kept in *b when it beats b->F.
 * MT_ENOMEM, or MT_OK (a set that cannot be fitted ends the run). */
static mt_status alternate(ar1s *s, int k, const size_t *S0, ar1_best *b, mt_error *err)
{
    size_t S[MT_JP_MAX_JOINPOINTS], Sn[MT_JP_MAX_JOINPOINTS];
    memcpy(S, S0, sizeof S);
    double Fr = INFINITY, sse;
    for (int r = 1; r <= MT_JP_AR1_MAX_ROUNDS; r++) {
        mt_ar1_result a;
        mt_error e;
        mt_status st = ml_at(s, S, k, &a, &e);
        if (st == MT_ENOMEM)
            return mt_error_set(err, st, "%s", e.msg);
        const double F = st == MT_OK ? crit_of(s, &a) : NAN;
        /* each round lowers F; one that does not (rounding, a failed fit) ends the run */
        if (!isfinite(F) || (r > 1 && !(F < Fr - JP_AR1_F_TOL * fabs(Fr))))
            return MT_OK;
        Fr = F;
        const int kept = !isfinite(b->F) || F < b->F - JP_AR1_F_TOL * fabs(b->F);
        if (kept) {
            b->F = F;
            b->fit = a;
            memcpy(b->set, S, sizeof S);
            b->rounds = -MT_JP_AR1_MAX_ROUNDS;
        }
        if (!best_set(s, a.phi, k, Sn, &sse))
            return MT_OK; /* not reached: S itself is admissible and fitted */
        int same = 1;
        for (int j = 0; j < k; j++)
            same &= Sn[j] == S[j];
        if (same) {
            if (kept)
                b->rounds = r;
            return MT_OK;
        }
        memcpy(S, Sn, sizeof S);
    }
    return MT_OK;
}

/* Starts of the alternation besides the least-squares set: the best set at
 * each of these phi (a profile over phi, so that a pair far from the
 * least-squares set is not missed). */
static const double start_phi[] = {-0.8, -0.5, -0.2, 0.2, 0.5, 0.8};

/* The best pair (set, phi) for k: the alternation from the least-squares set,
 * and from the best set at each start_phi whose own pair already has a lower
 * -2 ln L; the least -2 ln L kept (ties keep the earlier start).  Fills ks and the per-k info; *found = 0 when no set
 * fits. */
static mt_status settle_k(ar1s *s, int k, mt_jp_kstat *ks, mt_jp_ar1_info *info, int *found,
                          mt_error *err)
{
    size_t S[MT_JP_MAX_JOINPOINTS];
    double sse;
    *found = best_set(s, 0.0, k, S, &sse);
    if (!*found)
        return MT_OK;
    ar1_best b = {.F = INFINITY};
    mt_status st = alternate(s, k, S, &b, err);
    for (size_t g = 0; st == MT_OK && k > 0 && g < sizeof start_phi / sizeof *start_phi; g++) {
        if (!best_set(s, start_phi[g], k, S, &sse) || !isfinite(b.F))
            continue;
        /* followed only when the start's own pair beats the best so far */
        if (memcmp(S, b.set, (size_t)k * sizeof *S) == 0)
            continue;
        mt_ar1_result a;
        mt_error e;
        st = ml_at(s, S, k, &a, &e);
        if (st == MT_ENOMEM)
            return mt_error_set(err, st, "%s", e.msg);
        if (st == MT_OK && crit_of(s, &a) < b.F - JP_AR1_F_TOL * fabs(b.F))
            st = alternate(s, k, S, &b, err);
        else
            st = MT_OK;
    }
    if (st != MT_OK)
        return st;
    if (!isfinite(b.F)) {
        *found = 0;
        return MT_OK;
    }
    const double n = (double)s->n, ln_n = log(n), extra = (double)s->o->n_jumps + 1.0;
    for (int j = 0; j < k; j++)
        ks->taus[j] = s->g.cand[b.set[j]];
    ks->sse = b.fit.sse;
    const double lsse = b.F / n;
    ks->bic = lsse + (2.0 * k + 2.0 + extra) * ln_n / n;
    ks->bic3 = lsse + (3.0 * k + 2.0 + extra) * ln_n / n;
    ks->r2max = k > 0 ? r2max_ar1(s, ks->taus, k, b.fit.phi) : 0.0;
    if (isnan(ks->r2max)) /* its only failure */
        return mt_error_set(err, MT_ENOMEM, "joinpoint AR(1): out of memory");
    ks->wbic = lsse + ((2.0 + ks->r2max) * k + 2.0 + extra) * ln_n / n;
    info->phi_ml[k] = b.fit.phi;
    info->loglik[k] = b.fit.loglik;
    info->rounds[k] = b.rounds;
    return MT_OK;
}

mt_status mt_jp_ar1_fit(const double *t, const double *y, const double *w, const double *lag,
                        size_t n, const mt_jp_options *o, mt_jp_result **out,
                        mt_jp_ar1_info *info, mt_error *err)
{
    if (!out || !info || !o)
        return mt_error_set(err, MT_EINVAL, "joinpoint AR(1): NULL argument");
    *out = NULL;
    if (o->family != MT_JP_GAUSSIAN)
        return mt_error_set(err, MT_EINVAL, "joinpoint AR(1): least squares (Gaussian) only");
    mt_status st = jp_validate(t, y, w, n, o, err);
    if (st != MT_OK)
        return st;
    for (size_t k = 0; k <= MT_JP_MAX_JOINPOINTS; k++) {
        info->phi_ml[k] = info->loglik[k] = NAN;
        info->rounds[k] = 0;
    }
    info->phi = NAN;
    info->select_used = o->select == MT_JP_SELECT_PERMUTATION ? MT_JP_SELECT_WBIC : o->select;
    ar1s s;
    if (ar1s_init(&s, t, y, w, lag, n, o) != MT_OK) {
        ar1s_free(&s);
        return mt_error_set(err, MT_ENOMEM, "joinpoint AR(1): out of memory");
    }
    mt_jp_kstat ks[MT_JP_MAX_JOINPOINTS + 1];
    for (int k = 0; k <= MT_JP_MAX_JOINPOINTS; k++) {
        ks[k].k = k;
        ks[k].sse = ks[k].bic = ks[k].bic3 = ks[k].wbic = ks[k].r2max = ks[k].p_perm = NAN;
    }
    /* as the least-squares selection: df >= 1 and an admissible set; and
     * GLS needs two points more than coefficients and phi */
    const double nj = (double)o->n_jumps;
    int kmax = o->max_joinpoints < 0 ? mt_jp_default_max(n) : o->max_joinpoints;
    while (kmax > 0 && ((double)n - 2.0 - 2.0 * kmax - nj < 1.0 || (double)n < 5.0 + kmax + nj ||
                        jp_grid_count(&s.g, kmax, 0) == 0))
        kmax--;
    for (int k = 0; k <= kmax; k++) {
        const size_t nsets = jp_grid_count(&s.g, k, o->max_models);
        if (nsets == JP_COUNT_NOMEM) {
            st = mt_error_set(err, MT_ENOMEM, "joinpoint AR(1): out of memory");
            goto done;
        }
        if (nsets > o->max_models) {
            st = mt_error_set(err, MT_ELIMIT,
                              "joinpoint: more than %zu candidate sets for %d joinpoints; "
                              "lower max_joinpoints or grid_between",
                              o->max_models, k);
            goto done;
        }
    }
    int last_ok = -1;
    for (int k = 0; k <= kmax; k++) {
        int found;
        if ((st = settle_k(&s, k, &ks[k], info, &found, err)) != MT_OK)
            goto done;
        if (!found)
            break;
        last_ok = k;
    }
    if (last_ok < 0) {
        st = mt_error_set(err, MT_ETOOFEW, "joinpoint AR(1): %zu points are too few for the model", n);
        goto done;
    }
    kmax = last_ok;
    const int kmin = o->min_joinpoints < kmax ? o->min_joinpoints : kmax;
    int khat = kmin;
    for (int k = kmin + 1; k <= kmax; k++) {
        const mt_jp_select sel = info->select_used;
        const double a = sel == MT_JP_SELECT_BIC ? ks[k].bic : sel == MT_JP_SELECT_BIC3 ? ks[k].bic3 : ks[k].wbic;
        const double b = sel == MT_JP_SELECT_BIC ? ks[khat].bic
                         : sel == MT_JP_SELECT_BIC3 ? ks[khat].bic3 : ks[khat].wbic;
        if (a < b) /* ties keep the smaller model */
            khat = k;
    }
    if ((st = jp_fit_fixed_core(t, y, w, n, ks[khat].taus, khat, o, out, err)) != MT_OK)
        goto done;
    mt_ar1_opts ao = {.w = w, .lag = lag, .ml = 0};
    if ((st = mt_ar1_jp_refit_opt(t, y, n, &ao, o->alpha, *out, &info->phi, err)) != MT_OK) {
        mt_jp_result_free(*out);
        *out = NULL;
        goto done;
    }
    memcpy((*out)->kstats, ks, sizeof ks);
    (*out)->max_joinpoints = kmax;
    (*out)->select = info->select_used;
done:
    ar1s_free(&s);
    return st;
}

mt_status mt_jp_ar1_best_at(const double *t, const double *y, const double *w, const double *lag,
                            size_t n, const mt_jp_options *o, int k, double phi, double *taus,
                            double *sse, mt_error *err)
{
    if (!o || !taus || !sse || k < 0 || k > MT_JP_MAX_JOINPOINTS || !(fabs(phi) < 1.0))
        return mt_error_set(err, MT_EINVAL, "joinpoint AR(1): bad arguments");
    mt_status st = jp_validate(t, y, w, n, o, err);
    if (st != MT_OK)
        return st;
    ar1s s;
    if (ar1s_init(&s, t, y, w, lag, n, o) != MT_OK) {
        ar1s_free(&s);
        return mt_error_set(err, MT_ENOMEM, "joinpoint AR(1): out of memory");
    }
    size_t idx[MT_JP_MAX_JOINPOINTS];
    if (!best_set(&s, phi, k, idx, sse))
        st = mt_error_set(err, MT_ETOOFEW, "joinpoint AR(1): no admissible set for %d joinpoints", k);
    for (int j = 0; j < k && st == MT_OK; j++)
        taus[j] = s.g.cand[idx[j]];
    ar1s_free(&s);
    return st;
}
