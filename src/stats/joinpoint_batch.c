/*
 * joinpoint_batch.c - the stored factors (joinpoint_sets.c) replayed for
 * JP_LANES responses at once: the permutation test, the bootstrap band and
 * the joinpoint CIs apply the same factors to thousands of responses, so
 * each factor entry is loaded once for several of them (matrix-matrix
 * instead of matrix-vector).  Lane l performs exactly the scalar operations
 * of jp_grid_xty and jp_sets_min_sse, in their order, on response l, so
 * every minimum (and the set that attains it) is bit-identical to the
 * one-response path; the unit test test_jpsearch compares them.  Also the
 * residual bootstrap's residuals (the band and the CIs) and the band's
 * resampling (the CIs draw theirs in joinpoint_mt.c).
 */
#define HAVE_INLINE 1 /* gsl_rng_uniform_int inline, as the library's own */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "joinpoint_internal.h"
#include "joinpoint_rows.h" /* jp_v2, JP_UNROLL */

/* JP_LANES doubles as two native pairs (jp_v2): a wider vector type that
 * the target lacks would live in memory (GCC), and every lane still does
 * the scalar operations. */
typedef struct {
    jp_v2 h[JP_LANES / 2];
} jp_vl;

#define VL_BINOP(name, op)                                                                 \
    static inline jp_vl name(jp_vl a, jp_vl b)                                             \
    {                                                                                      \
        jp_vl r;                                                                           \
        for (int i = 0; i < JP_LANES / 2; i++)                                             \
            r.h[i] = a.h[i] op b.h[i];                                                     \
        return r;                                                                          \
    }
VL_BINOP(vadd, +)
VL_BINOP(vsub, -)
VL_BINOP(vmul, *)
VL_BINOP(vdiv, /)
#undef VL_BINOP

/* s * a, with s the same in every lane */
static inline jp_vl vscale(double s, jp_vl a)
{
    jp_vl r;
    for (int i = 0; i < JP_LANES / 2; i++)
        r.h[i] = s * a.h[i];
    return r;
}

/* a - s * b */
static inline jp_vl vsubs(jp_vl a, double s, jp_vl b)
{
    jp_vl r;
    for (int i = 0; i < JP_LANES / 2; i++)
        r.h[i] = a.h[i] - s * b.h[i];
    return r;
}

/* a / s */
static inline jp_vl vdivs(jp_vl a, double s)
{
    jp_vl r;
    for (int i = 0; i < JP_LANES / 2; i++)
        r.h[i] = a.h[i] / s;
    return r;
}

static inline jp_vl vsplat(double x)
{
    jp_vl r;
    for (int i = 0; i < JP_LANES / 2; i++)
        r.h[i] = (jp_v2){x, x};
    return r;
}

static inline jp_vl vload(const double *p)
{
    jp_vl r;
    for (int i = 0; i < JP_LANES / 2; i++)
        memcpy(&r.h[i], p + 2 * i, sizeof r.h[i]);
    return r;
}

static inline void vstore(double *p, jp_vl v)
{
    for (int i = 0; i < JP_LANES / 2; i++)
        memcpy(p + 2 * i, &v.h[i], sizeof v.h[i]);
}

static inline double vget(jp_vl v, int l)
{
    return v.h[l / 2][l % 2];
}

/* a > b ? a : b lane by lane (NaN in a never wins); GCC's vector ?: is C++ only */
static inline jp_vl vmaxgt(jp_vl a, jp_vl b)
{
    jp_vl r;
    for (int i = 0; i < JP_LANES / 2; i++) {
#if defined(__SSE2__)
        r.h[i] = (jp_v2)_mm_max_pd((__m128d)a.h[i], (__m128d)b.h[i]); /* exactly a > b ? a : b */
#else
        const jp_m2 m = a.h[i] > b.h[i];
        r.h[i] = (jp_v2)(((jp_m2)a.h[i] & m) | ((jp_m2)b.h[i] & ~m));
#endif
    }
    return r;
}

/* a floored at 0 as `a > 0 ? a : 0` (NaN becomes 0) */
static inline jp_vl vfloor0(jp_vl a)
{
    jp_vl r;
    for (int i = 0; i < JP_LANES / 2; i++) {
        const jp_m2 m = a.h[i] > (jp_v2){0.0, 0.0};
        r.h[i] = (jp_v2)((jp_m2)a.h[i] & m);
    }
    return r;
}

/* bit l set when lane l of a is at least lane l of b (false for NaN) */
static inline int vge_mask(jp_vl a, jp_vl b)
{
    int mask = 0;
    for (int i = 0; i < JP_LANES / 2; i++) {
#if defined(__SSE2__)
        mask |= _mm_movemask_pd(_mm_cmpge_pd((__m128d)a.h[i], (__m128d)b.h[i])) << (2 * i);
#else
        const jp_m2 m = a.h[i] >= b.h[i];
        mask |= (m[0] ? 1 : 0) << (2 * i) | (m[1] ? 2 : 0) << (2 * i);
#endif
    }
    return mask;
}

/* bit l set when lane l of a is below lane l of b (false for NaN) */
static inline int vlt_mask(jp_vl a, jp_vl b)
{
    int mask = 0;
    for (int i = 0; i < JP_LANES / 2; i++) {
#if defined(__SSE2__)
        mask |= _mm_movemask_pd(_mm_cmplt_pd((__m128d)a.h[i], (__m128d)b.h[i])) << (2 * i);
#else
        const jp_m2 m = a.h[i] < b.h[i];
        mask |= (m[0] ? 1 : 0) << (2 * i) | (m[1] ? 2 : 0) << (2 * i);
#endif
    }
    return mask;
}

void jp_shuffle(const gsl_rng *rng, double *r, size_t n)
{
    /* gsl_ran_shuffle's algorithm and draws, with a double swap instead of
     * its byte-by-byte one */
    for (size_t i = n - 1; i > 0 && n > 0; i--) {
        const size_t j = gsl_rng_uniform_int(rng, i + 1);
        const double tmp = r[i];
        r[i] = r[j];
        r[j] = tmp;
    }
}

/* Leverages within this distance of 1 (a point that alone determines a
 * coefficient) are floored so that its modified residual stays finite. */
#define JP_LEVERAGE_FLOOR 1e-8

void jp_boot_residuals(const jp_grid *g, const double *t, const double *y, const double *w,
                       const mt_jp_result *fit, double *r)
{
    /* divided by sqrt(1 - h_ii) so that their variance is sigma^2 rather
     * than sigma^2 (1 - h_ii), then centred; raw residuals make the band
     * too narrow by about sqrt(df/n) */
    const size_t n = g->n;
    double rbar = 0.0;
    for (size_t i = 0; i < n; i++) {
        double row[JP_PMAX], h = 0.0;
        jp_design_row(t[i], fit->tcenter, fit->taus, fit->k, fit->jump_times, fit->n_jumps, row);
        for (size_t a = 0; a < fit->n_coef; a++)
            for (size_t b = 0; b < fit->n_coef; b++)
                h += row[a] * fit->cov[a * fit->n_coef + b] * row[b];
        h = fit->sigma2 > 0.0 ? h * (w ? w[i] : 1.0) / fit->sigma2 : 0.0;
        const double lev = h < 1.0 - JP_LEVERAGE_FLOOR ? 1.0 - h : JP_LEVERAGE_FLOOR;
        r[i] = g->sw[i] * (y[i] - fit->fitted[i]) / sqrt(lev);
        rbar += r[i];
    }
    rbar /= (double)n;
    for (size_t i = 0; i < n; i++)
        r[i] -= rbar;
}

void jp_boot_sample(const gsl_rng *rng, const jp_grid *g, const double *fitted, const double *r,
                    double *ys, size_t stride)
{
    for (size_t i = 0; i < g->n; i++)
        ys[i * stride] = fitted[i] + r[gsl_rng_uniform_int(rng, g->n)] / g->sw[i];
}

void jp_grid_xty_batch(const jp_grid *g, const double *Y, double *C, double *yy, double *V)
{
    const size_t n = g->n, m = g->m;
    double sw = 0.0;
    jp_vl swy = vsplat(0.0);
    for (size_t i = 0; i < n; i++) {
        const double wi = g->sw[i] * g->sw[i];
        sw += wi;
        swy = vadd(swy, vscale(wi, vload(Y + i * JP_LANES)));
    }
    const jp_vl ybar = vdivs(swy, sw);
    jp_vl s2 = vsplat(0.0);
    for (size_t i = 0; i < n; i++) {
        const jp_vl v = vscale(g->sw[i], vsub(vload(Y + i * JP_LANES), ybar));
        s2 = vadd(s2, vmul(v, v));
        vstore(V + i * JP_LANES, v);
    }
    vstore(yy, s2);
    /* column a sums its rows in increasing i, as jp_grid_xty does; rows i
     * with nnz[i] <= a (a zero entry, skipped there) form a prefix, since
     * nnz is nondecreasing.  Two columns at a time, so that each row of V
     * is loaded once for both: rows i0 .. i1 - 1 have a nonzero entry in
     * column a only, rows from i1 in both (each sum still runs in
     * increasing i). */
    size_t i0 = 0;
    for (size_t a = 0; a < m; a += 2) {
        while (i0 < n && g->nnz[i0] <= a)
            i0++;
        jp_vl acc = vsplat(0.0);
        if (a + 1 == m) {
            for (size_t i = i0; i < n; i++)
                acc = vadd(acc, vscale(g->X[i * m + a], vload(V + i * JP_LANES)));
            vstore(C + a * JP_LANES, acc);
            break;
        }
        size_t i1 = i0;
        while (i1 < n && g->nnz[i1] <= a + 1)
            i1++;
        jp_vl acc1 = vsplat(0.0);
        for (size_t i = i0; i < i1; i++)
            acc = vadd(acc, vscale(g->X[i * m + a], vload(V + i * JP_LANES)));
        for (size_t i = i1; i < n; i++) {
            const jp_vl v = vload(V + i * JP_LANES);
            acc = vadd(acc, vscale(g->X[i * m + a], v));
            acc1 = vadd(acc1, vscale(g->X[i * m + a + 1], v));
        }
        vstore(C + a * JP_LANES, acc);
        vstore(C + (a + 1) * JP_LANES, acc1);
    }
    vstore(C + m * JP_LANES, vsplat(0.0)); /* padding, as in jp_grid_best */
}

/* z[a] and qs[a + 1] = qs[a] + z[a]^2 of solve_row, lane by lane */
static inline __attribute__((always_inline)) void solve_row_l(const double *La, size_t a, const double *C, size_t col, jp_vl *z,
                               jp_vl *qs)
{
    jp_vl s = vload(C + col * JP_LANES);
    for (size_t b = 0; b < a; b++)
        s = vsubs(s, La[b], z[b]);
    z[a] = vdivs(s, La[a]);
    qs[a + 1] = vadd(qs[a], vmul(z[a], z[a]));
}

/* z of leaf i of a group for one lane, by group_max's operations (u: the
 * leaf's c after the base steps; D: the group's diagonals; zl: that lane's
 * z of the prefix). */
static double leaf_z(size_t a, size_t nb, const double *R, const double *D, size_t stride,
                     size_t i, double u, const double *zl)
{
    double sv = u;
    for (size_t b = nb; b < a; b++)
        sv -= R[(b - nb) * stride + i] * zl[b];
    return sv / D[i];
}

/* group_max for lane l alone: the largest z^2 of the group's leaves (-inf
 * when every pivot failed), the same value as group_max's lane l. */
static double group_max1(size_t a, size_t nb, const jp_group *gr, const double *R,
                         const double *D, const double *U, const jp_vl *z, int l)
{
    double mx = -INFINITY, zl[JP_PMAX];
    for (size_t b = nb; b < a; b++)
        zl[b] = vget(z[b], l);
    for (size_t i = 0; i < gr->cnt; i++) {
        const double zz = leaf_z(a, nb, R, D, gr->cnt + 1, i,
                                 U[(gr->lo + i) * JP_LANES + (size_t)l], zl);
        const double q = zz * zz;
        mx = q > mx ? q : mx;
    }
    return mx;
}

/*
 * One group for every lane: the largest z^2 of its leaves (U: the leaves'
 * c after the base steps, the same in every group).  The SSE of a
 * leaf, yy - (qa + z^2) floored at 0, is a nonincreasing function of z^2
 * (rounding is monotone), so the group's least SSE is that of its largest
 * z^2; NaN (failed pivots) never wins a comparison.
 */
static inline __attribute__((always_inline)) jp_vl group_max(const size_t a, const size_t nb,
                                                            const jp_group *gr, const double *LR,
                                                            const double *D, const double *W,
                                                            const jp_vl *z)
{
    const double *uv = W + gr->lo * JP_LANES;
    jp_vl mx = vsplat(-INFINITY);
    for (size_t i = 0; i < gr->cnt; i++) {
        jp_vl sv = vload(uv + i * JP_LANES);
        if (a > nb) /* the rows before the last one's are in W */
            sv = vsubs(sv, LR[i], z[a - 1]);
        const jp_vl zv = vdivs(sv, D[i]);
        mx = vmaxgt(vmul(zv, zv), mx);
    }
    return mx;
}

/*
 * group_max's screen: z approximated as sv times the stored 1 / diagonal
 * (LI), no division.  Against the exact z = fl(sv / d) it differs
 * by a relative 3 u at most (u = 2^-53: 1 / d, the product, versus the
 * quotient), so its square by 8 u and a group's qa + z^2 by 10 u, plus an
 * absolute error below 2^-1070 where squares underflow.  jp_sets_min_batch
 * computes the exact value of every group whose screen comes near the
 * largest screen so far (JP_SCREEN_TOL), and only those can hold the
 * maximum.
 */
static inline __attribute__((always_inline)) jp_vl group_screen(const size_t a, const size_t nb,
                                                               const jp_group *gr,
                                                               const double *LR, const double *LI,
                                                               const double *W, const jp_vl *z)
{
    const double *uv = W + gr->lo * JP_LANES;
    jp_vl mx = vsplat(-INFINITY);
    for (size_t i = 0; i < gr->cnt; i++) {
        jp_vl sv = vload(uv + i * JP_LANES);
        if (a > nb)
            sv = vsubs(sv, LR[i], z[a - 1]);
        const jp_vl zv = vscale(LI[i], sv);
        mx = vmaxgt(vmul(zv, zv), mx);
    }
    return mx;
}

/* A group is computed exactly when its screen S' >= M' (1 - TOL) - ABS, M'
 * the largest screen of the groups computed so far.  A group skipped has
 * S' < M' (1 - TOL) - ABS, so its exact value S <= S' (1 + 10 u) + 2^-1070
 * < M' (1 - 10 u) - 2^-1070 <= M (M: the exact value of the group of M'):
 * it cannot be the maximum.  TOL is 2^-40 (10 u is about 2^-49.7), ABS
 * 2^-1000; every group that raises M' passes, so M' is always a computed
 * group's. */
#define JP_SCREEN_TOL 0x1p-40
#define JP_SCREEN_ABS 0x1p-1000


/* The inner nodes from node *q up to and including the next group's parent
 * (depth k - 1), lane by lane: z and qs of their rows, and for nodes of
 * depth d <= k - 2 their entries out of every joinpoint of depth k - 1 or k
 * below them, the next step of each one's solve (into level d - 1 of w). */
static inline __attribute__((always_inline)) void walk_nodes(const jp_sets *s, size_t nb,
                                                            size_t nc, const double *C,
                                                            const double *U, const double *W,
                                                            size_t *qp, jp_vl *z, jp_vl *qs)
{
    const size_t p = s->p, wlev = (nc + 2) * JP_LANES;
    const unsigned char kg = (unsigned char)(s->k - 1);
    for (size_t q = *qp; q < s->nnodes; q++) {
        const int d = s->depth[q];
        const size_t a = nb + (size_t)d - 1;
        if (d == kg) {
            /* the group's parent: its solve_row_l but for the last step
             * is in W (its row's entries are lb's and its ancestors' ent,
             * in the same order), which leaves the division and the sum of
             * squares */
            z[a] = vdivs(vload(W + (s->col[q] - nb) * JP_LANES), s->rows[q * p + a]);
            qs[a + 1] = vadd(qs[a], vmul(z[a], z[a]));
            *qp = q + 1;
            return;
        }
        solve_row_l(s->rows + q * p, a, C, s->col[q], z, qs);
        const double *src = d == 1 ? U : s->w + (size_t)(d - 2) * wlev;
        double *dst = s->w + (size_t)(d - 1) * wlev;
        const double *e = s->ent + s->eoff[q] - s->elo[q];
        for (size_t cand = s->elo[q]; cand < nc; cand++)
            vstore(dst + cand * JP_LANES, vsubs(vload(src + cand * JP_LANES), e[cand], z[a]));
    }
    *qp = s->nnodes;
}

/*
 * jp_sets_min_batch with arg (k >= 1), for a = al known at compile time:
 * each lane's least SSE and the first set attaining it.  The first leaf of
 * least SSE lies in the first group of least SSE: a group that lowers a
 * lane's best (strictly, so that earlier groups win ties) is noted with that
 * lane's prefix solve, and only the last one noted is searched for its
 * first leaf with that SSE, after the walk.
 *
 * In trees of at least JP_ARG_SCREEN_MIN leaves a group is first screened
 * (group_screen: no division).  A group lowers lane l's SSE only if its
 * exact S = qa + max z^2 exceeds the exact S_b of l's best group (the SSE
 * floor0(yy - S) is nonincreasing in S).  A group whose screen S' is below
 * thr = S_b (1 - JP_SCREEN_TOL) - JP_SCREEN_ABS in every lane has S <=
 * S' (1 + 10 u) + 2^-1070 < S_b (S_b >= 0, see group_screen's bound), so it
 * is skipped; every other group is computed exactly, as without the screen.
 */
static inline __attribute__((always_inline)) void walk_arg(
    const size_t al, const size_t nb, const jp_sets *s, size_t nc, const double *C,
    const double *U, const double *W, jp_vl *z, jp_vl *qs, const double *yy, double *sse,
    size_t *arg)
{
    const jp_vl yv = vload(yy);
    double best[JP_LANES], bz[JP_LANES][JP_PMAX], bqa[JP_LANES];
    size_t bgrp[JP_LANES] = {0};
    jp_vl bestv = vsplat(INFINITY);
    /* the screen's threshold set by the exact qa + z^2 of each lane's best
     * group */
    jp_vl thr = vsplat(-INFINITY);
    const int screen = s->nleaves >= JP_ARG_SCREEN_MIN;
    size_t q = 0;
    for (size_t gi = 0; gi < s->ngroups; gi++) {
        walk_nodes(s, nb, nc, C, U, W, &q, z, qs);
        const jp_group *gr = s->grp + gi;
        if (screen && !vge_mask(vadd(qs[al], group_screen(al, nb, gr, s->lrow + gr->leaf0,
                                                          s->linv + gr->leaf0, W, z)),
                                thr))
            continue;
        const jp_vl mx = group_max(al, nb, gr, s->lrow + gr->leaf0, s->diag + gr->leaf0, W, z);
        const jp_vl sg = vadd(qs[al], mx); /* -inf when every leaf failed */
        const jp_vl v = vfloor0(vsub(yv, sg));
        const int lower = vlt_mask(v, bestv);
        if (!lower)
            continue;
        for (int l = 0; l < JP_LANES; l++) {
            if (!(lower >> l & 1))
                continue;
            bestv.h[l / 2][l % 2] = vget(v, l);
            thr.h[l / 2][l % 2] = vget(sg, l) * (1.0 - JP_SCREEN_TOL) - JP_SCREEN_ABS;
            bgrp[l] = gi;
            for (size_t b = nb; b < al; b++)
                bz[l][b] = vget(z[b], l);
            bqa[l] = vget(qs[al], l);
        }
    }
    vstore(best, bestv);
    for (int l = 0; l < JP_LANES; l++) {
        if (!(best[l] < INFINITY))
            continue; /* no valid leaf: arg 0, as jp_sets_min_sse */
        const jp_group *gr = s->grp + bgrp[l];
        const double *R = s->leaf + gr->off, *D = s->diag + gr->leaf0;
        for (size_t i = 0; i < gr->cnt; i++) {
            const double zz = leaf_z(al, nb, R, D, gr->cnt + 1, i,
                                     U[(gr->lo + i) * JP_LANES + (size_t)l], bz[l]);
            double u = yy[l] - (bqa[l] + zz * zz);
            if (u != u)
                continue;
            u = u > 0.0 ? u : 0.0;
            if (u == best[l]) {
                arg[l] = gr->leaf0 + i;
                break;
            }
        }
    }
    memcpy(sse, best, sizeof best);
}

void jp_sets_min_batch(const jp_grid *g, const jp_sets *s, const double *C, const double *yy,
                       double *sse, size_t *arg)
{
    const size_t nb = g->nbase;
    jp_vl z[JP_PMAX], qs[JP_PMAX + 1];
    const jp_vl yv = vload(yy);
    for (int l = 0; l < JP_LANES; l++) {
        sse[l] = INFINITY;
        if (arg)
            arg[l] = 0;
    }
    if (s->nsets == 0)
        return;
    qs[0] = vsplat(0.0);
    for (size_t a = 0; a < nb; a++)
        solve_row_l(s->base + a * JP_PMAX, a, C, a, z, qs);
    if (s->k == 0) {
        vstore(sse, vfloor0(vsub(yv, qs[nb])));
        return;
    }
    const size_t al = nb + (size_t)s->k - 1;
    /* solve_row's first nb steps for every candidate column, lane by lane */
    const size_t nc = g->ncand, nc2 = nc + 2;
    double *U = s->u;
    const size_t wlev = nc2 * JP_LANES;
    /* the candidates' solves after the rows above the groups' own */
    const double *W = s->k > 2 ? s->w + (size_t)(s->k - 3) * wlev : U;
    for (size_t cand = 0; cand < nc; cand++) {
        jp_vl sv = vload(C + (nb + cand) * JP_LANES);
        for (size_t b = 0; b < nb; b++)
            sv = vsubs(sv, s->lb[b * nc2 + cand], z[b]);
        vstore(U + cand * JP_LANES, sv);
    }
    if (arg) {
        switch (nb == 2 ? al : 0) {
#define JP_ARG_CASE(A)                                                                     \
    case A:                                                                                \
        walk_arg(A, 2, s, nc, C, U, W, z, qs, yy, sse, arg);                               \
        break;
            JP_ARG_CASE(2)
            JP_ARG_CASE(3)
            JP_ARG_CASE(4)
            JP_ARG_CASE(5)
            JP_ARG_CASE(6)
#undef JP_ARG_CASE
        default:
            walk_arg(al, nb, s, nc, C, U, W, z, qs, yy, sse, arg);
        }
        return;
    }
    /* without arg: the largest exact qa + z^2 (ex), the largest screen of
     * the groups computed exactly (scr) and the threshold it sets (thr) */
    double ex[JP_LANES], scr[JP_LANES];
    jp_vl thr = vsplat(-INFINITY);
    /* the screen pays when the groups are many: each running maximum is
     * computed exactly, and in a small tree that is a good share of them */
    const int screen = s->nleaves >= JP_SCREEN_MIN;
    for (int l = 0; l < JP_LANES; l++)
        ex[l] = scr[l] = -INFINITY;
    size_t q = 0;
    for (size_t gi = 0; gi < s->ngroups; gi++) {
        walk_nodes(s, nb, nc, C, U, W, &q, z, qs);
        const jp_group *gr = s->grp + gi;
        const double *R = s->leaf + gr->off, *D = s->diag + gr->leaf0;
        const double *LR = s->lrow + gr->leaf0, *LI = s->linv + gr->leaf0;
        jp_vl mx;
        if (screen) {
            /* the screen, and the exact value where it may be the maximum */
            switch (nb == 2 ? al : 0) {
#define JP_SCREEN_CASE(A)                                                                  \
    case A:                                                                                \
        mx = group_screen(A, 2, gr, LR, LI, W, z);                                         \
        break;
                JP_SCREEN_CASE(2)
                JP_SCREEN_CASE(3)
                JP_SCREEN_CASE(4)
                JP_SCREEN_CASE(5)
                JP_SCREEN_CASE(6)
#undef JP_SCREEN_CASE
            default:
                mx = group_screen(al, nb, gr, LR, LI, W, z);
            }
            const jp_vl sc = vadd(qs[al], mx);
            int near = 0;
            for (int h = 0; h < JP_LANES / 2; h++) {
                const jp_m2 ge = sc.h[h] >= thr.h[h];
                near |= (int)(ge[0] | ge[1]);
            }
            if (!near)
                continue;
            for (int l = 0; l < JP_LANES; l++) {
                const double scl = vget(sc, l);
                if (!(scl >= vget(thr, l)))
                    continue;
                if (scl > scr[l]) {
                    scr[l] = scl;
                    thr.h[l / 2][l % 2] = scl * (1.0 - JP_SCREEN_TOL) - JP_SCREEN_ABS;
                }
                const double e = vget(qs[al], l) + group_max1(al, nb, gr, R, D, U, z, l);
                if (e > ex[l]) /* as vmaxgt: NaN never wins */
                    ex[l] = e;
            }
            continue;
        }
        switch (nb == 2 ? al : 0) {
#define JP_BATCH_CASE(A)                                                                   \
    case A:                                                                                \
        mx = group_max(A, 2, gr, LR, D, W, z);                                             \
        break;
            JP_BATCH_CASE(2)
            JP_BATCH_CASE(3)
            JP_BATCH_CASE(4)
            JP_BATCH_CASE(5)
            JP_BATCH_CASE(6)
#undef JP_BATCH_CASE
        default:
            mx = group_max(al, nb, gr, LR, D, W, z);
        }
        const jp_vl sg = vadd(qs[al], mx); /* -inf when every leaf failed */
        vstore(ex, vmaxgt(sg, vload(ex)));
    }
    /* +inf when no leaf is valid, as jp_sets_min_sse */
    vstore(sse, vfloor0(vsub(yv, vload(ex))));
}
