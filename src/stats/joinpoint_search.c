/*
 * joinpoint_search.c - the exhaustive grid search behind mt_jp_fit.
 *
 * All joinpoint sets admissible under the Program's distance rules are
 * enumerated in lexicographic order of their grid indices.  Rather than
 * refitting n rows for every set, the engine forms once the cross products
 * G = X'WX of the base columns (intercept, centred t, jump steps) and of the
 * hinge of every grid candidate; the normal equations of a set are then a
 * (2+k+J)-square submatrix of G, solved by Cholesky, and
 * SSE = y'Wy - |L^{-1} X'Wy|^2 with y centred on its weighted mean (the
 * intercept is always in the model, so centring does not change the SSE and
 * keeps the subtraction well conditioned).  For permutation tests the
 * factors L of every set are kept, so that a new response costs one product
 * X'Wy and one triangular solve per set.  The selected model is always
 * refitted by QR in joinpoint.c, so the reported estimates do not rest on the
 * normal equations.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "joinpoint_internal.h"

int jp_chol(double *A, size_t p)
{
    for (size_t j = 0; j < p; j++) {
        double d = A[j * p + j];
        const double diag = d;
        for (size_t k = 0; k < j; k++)
            d -= A[j * p + k] * A[j * p + k];
        if (!(d > JP_CHOL_TOL * diag) || !(diag > 0.0))
            return 0;
        d = sqrt(d);
        A[j * p + j] = d;
        for (size_t i = j + 1; i < p; i++) {
            double s = A[i * p + j];
            for (size_t k = 0; k < j; k++)
                s -= A[i * p + k] * A[j * p + k];
            A[i * p + j] = s / d;
        }
    }
    return 1;
}

void jp_grid_free(jp_grid *g)
{
    if (!g)
        return;
    free(g->cand);
    free(g->nlt);
    free(g->nle);
    free(g->X);
    free(g->G);
    free(g->sw);
    free(g->nnz);
    memset(g, 0, sizeof *g);
}

mt_status jp_grid_init(jp_grid *g, const double *t, const double *w, size_t n,
                       const mt_jp_options *o)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    g->min_between = o->min_between;
    g->nbase = 2 + o->n_jumps;
    const size_t G1 = o->grid_between + 1;
    const size_t maxc = (n - 1) * G1 + 1;
    g->cand = malloc(maxc * sizeof *g->cand);
    g->nlt = malloc(maxc * sizeof *g->nlt);
    g->nle = malloc(maxc * sizeof *g->nle);
    g->sw = malloc(n * sizeof *g->sw);
    g->nnz = malloc(n * sizeof *g->nnz);
    if (!g->cand || !g->nlt || !g->nle || !g->sw || !g->nnz) {
        jp_grid_free(g);
        return MT_ENOMEM;
    }
    double sw = 0.0, swt = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double wi = w ? w[i] : 1.0;
        g->sw[i] = sqrt(wi);
        sw += wi;
        swt += wi * t[i];
    }
    g->tcenter = swt / sw;
    /* Candidates: observed times and grid_between equally spaced points in
     * each gap; a candidate is kept when at least min_end observations lie
     * strictly before it and strictly after it (the joinpoint itself is not
     * counted, as in the Program). */
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < G1 && (j == 0 || i + 1 < n); j++) {
            const double c = (j == 0) ? t[i] : t[i] + (t[i + 1] - t[i]) * (double)j / (double)G1;
            const size_t lt = (j == 0) ? i : i + 1;
            const size_t le = i + 1;
            if (lt < o->min_end || n - le < o->min_end)
                continue;
            g->cand[nc] = c;
            g->nlt[nc] = lt;
            g->nle[nc] = le;
            nc++;
        }
    }
    g->ncand = nc;
    g->m = g->nbase + nc;
    const size_t m = g->m;
    g->X = malloc(n * m * sizeof *g->X);
    /* G has m + 1 doubles of zero padding after its m x m entries: the
     * batched last level reads candidates in pairs, one past the end. */
    g->G = calloc(m * m + m + 1, sizeof *g->G);
    if (!g->X || !g->G) {
        jp_grid_free(g);
        return MT_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        double *r = g->X + i * m;
        const double s = g->sw[i];
        r[0] = s;
        r[1] = s * (t[i] - g->tcenter);
        for (size_t q = 0; q < o->n_jumps; q++)
            r[2 + q] = (t[i] >= o->jumps[q]) ? s : 0.0;
        for (size_t c = 0; c < nc; c++)
            r[g->nbase + c] = (t[i] > g->cand[c]) ? s * (t[i] - g->cand[c]) : 0.0;
    }
    /* G = X'X accumulated row by row (each entry still sums i = 0..n-1 in
     * order, so the values are those of the column-by-column dot products).
     * Row i is zero past the hinges of the candidates before t_i (they are
     * sorted), and products with a zero factor add nothing, so only the
     * leading nnz entries of each row are touched. */
    for (size_t i = 0, nnz = g->nbase; i < n; i++) {
        const double *r = g->X + i * m;
        while (nnz < m && t[i] > g->cand[nnz - g->nbase])
            nnz++;
        g->nnz[i] = nnz;
        for (size_t a = 0; a < nnz; a++) {
            const double ra = r[a];
            double *Ga = g->G + a * m;
            for (size_t b = a; b < nnz; b++)
                Ga[b] += ra * r[b];
        }
    }
    for (size_t a = 0; a < m; a++)
        for (size_t b = a + 1; b < m; b++)
            g->G[b * m + a] = g->G[a * m + b];
    return MT_OK;
}

void jp_grid_xty(const jp_grid *g, const double *y, double *c, double *yy)
{
    const size_t n = g->n, m = g->m;
    double sw = 0.0, swy = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double wi = g->sw[i] * g->sw[i];
        sw += wi;
        swy += wi * y[i];
    }
    const double ybar = swy / sw;
    for (size_t a = 0; a < m; a++)
        c[a] = 0.0;
    double s2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double v = g->sw[i] * (y[i] - ybar);
        const double *r = g->X + i * m;
        s2 += v * v;
        /* entries past nnz[i] are zero: skipping them changes no sum */
        for (size_t a = 0; a < g->nnz[i]; a++)
            c[a] += r[a] * v;
    }
    *yy = s2;
}

/* Column list of a set: base columns then the candidate columns. */
static size_t set_cols(const jp_grid *g, const size_t *idx, int k, size_t *cols)
{
    size_t p = 0;
    for (size_t b = 0; b < g->nbase; b++)
        cols[p++] = b;
    for (int j = 0; j < k; j++)
        cols[p++] = g->nbase + idx[j];
    return p;
}

/* Factor the normal equations of a set into L (p x p); 0 when singular. */
static int set_factor(const jp_grid *g, const size_t *cols, size_t p, double *L)
{
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < p; b++)
            L[a * p + b] = g->G[cols[a] * g->m + cols[b]];
    return jp_chol(L, p);
}

static double set_sse(const double *L, size_t p, const size_t *cols, const double *c, double yy)
{
    double z[JP_PMAX];
    double q = 0.0;
    for (size_t a = 0; a < p; a++) {
        double s = c[cols[a]];
        for (size_t b = 0; b < a; b++)
            s -= L[a * p + b] * z[b];
        z[a] = s / L[a * p + a];
        q += z[a] * z[a];
    }
    const double sse = yy - q;
    return sse > 0.0 ? sse : 0.0;
}

/* Advance idx to the next admissible set in lexicographic order.  With
 * first = 1 it produces the first set.  Returns 0 when exhausted. */
int jp_grid_next_set(const jp_grid *g, int k, size_t *idx, int first)
{
    const size_t nc = g->ncand;
    int j;
    if (k == 0)
        return first;
    if (first) {
        j = 0;
        idx[0] = 0;
    } else {
        j = k - 1;
        idx[j]++;
    }
    while (j >= 0) {
        if (idx[j] >= nc) {
            /* back up */
            j--;
            if (j < 0)
                return 0;
            idx[j]++;
            continue;
        }
        if (j > 0 && g->nlt[idx[j]] < g->nle[idx[j - 1]] + g->min_between) {
            idx[j]++;
            continue;
        }
        if (j == k - 1)
            return 1;
        idx[j + 1] = idx[j] + 1;
        j++;
    }
    return 0;
}

/* Number of admissible k-sets, stopping at limit + 1, without enumerating
 * them: the candidates that may follow candidate c form a suffix
 * [next(c), ncand) (nlt is nondecreasing), so with cnt_j(c) the number of
 * admissible sequences of j more candidates starting at c,
 * cnt_j(c) = sum_{c' >= next(c)} cnt_{j-1}(c'), suffix sums in O(k ncand).
 * Counts saturate at limit + 1, which also keeps them from overflowing. */
size_t jp_grid_count(const jp_grid *g, int k, size_t limit)
{
    const size_t nc = g->ncand;
    if (k == 0)
        return 1;
    if (nc == 0)
        return 0;
    const size_t cap = limit == SIZE_MAX ? limit : limit + 1;
    size_t *cnt = malloc((nc + 1) * sizeof *cnt), *suf = malloc((nc + 1) * sizeof *suf);
    size_t *nxt = malloc(nc * sizeof *nxt);
    if (!cnt || !suf || !nxt) {
        free(cnt);
        free(suf);
        free(nxt);
        return cap; /* out of memory: report "too many", the caller refuses */
    }
    for (size_t c = 0, q = 0; c < nc; c++) {
        if (q < c + 1)
            q = c + 1;
        while (q < nc && g->nlt[q] < g->nle[c] + g->min_between)
            q++;
        nxt[c] = q;
    }
    for (size_t c = 0; c < nc; c++)
        cnt[c] = 1;
    for (int j = 1; j < k; j++) {
        suf[nc] = 0;
        for (size_t c = nc; c-- > 0;) {
            const size_t s = suf[c + 1] + cnt[c];
            suf[c] = s > cap ? cap : s;
        }
        for (size_t c = 0; c < nc; c++)
            cnt[c] = suf[nxt[c]];
    }
    size_t total = 0;
    for (size_t c = 0; c < nc && total < cap; c++) {
        total += cnt[c];
        if (total > cap)
            total = cap;
    }
    free(cnt);
    free(suf);
    free(nxt);
    return total;
}

/* ------------------------------------------------------------------ */
/* Incremental factorisation along the sets' shared prefixes            */
/*
 * In lexicographic order consecutive sets share their leading joinpoints,
 * and row a of a Cholesky factor depends only on rows 0..a of the matrix:
 * the factor of the base columns is computed once, that of a prefix once
 * for all its extensions, and each complete set costs one new row (p - 1
 * products, one square root, one division per entry) instead of a fresh
 * p^3/6 factorisation.  The forward solve for z = L^{-1} X'Wy shares its
 * prefix in the same way.  Every entry is computed by exactly the same
 * operations in the same order as jp_chol and set_sse below (row a, entry
 * b: A[a][b] minus the products over k < b in increasing k, divided by the
 * diagonal; the diagonal test against JP_CHOL_TOL), so factors, SSEs and
 * therefore the selected sets are bit-identical to the brute-force path,
 * which the unit test test_jpsearch checks on many random series.
 */

/* Row a of the factor for column list cols, rows 0..a-1 of L (stride
 * JP_PMAX) being done; 0 when the pivot fails as in jp_chol. */
static int factor_row(const jp_grid *g, const size_t *cols, size_t a, double *L)
{
    const double *Ga = g->G + cols[a] * g->m;
    double *La = L + a * JP_PMAX;
    for (size_t b = 0; b < a; b++) {
        const double *Lb = L + b * JP_PMAX;
        double s = Ga[cols[b]];
        for (size_t q = 0; q < b; q++)
            s -= La[q] * Lb[q];
        La[b] = s / Lb[b];
    }
    const double diag = Ga[cols[a]];
    double d = diag;
    for (size_t q = 0; q < a; q++)
        d -= La[q] * La[q];
    if (!(d > JP_CHOL_TOL * diag) || !(diag > 0.0))
        return 0;
    La[a] = sqrt(d);
    return 1;
}

/* z[a] and the running sum of squares qs[a + 1] = qs[a] + z[a]^2. */
static void solve_row(const double *La, size_t a, const double *c, size_t col, double *z,
                      double *qs)
{
    double s = c[col];
    for (size_t b = 0; b < a; b++)
        s -= La[b] * z[b];
    z[a] = s / La[a];
    qs[a + 1] = qs[a] + z[a] * z[a];
}

typedef struct {
    const jp_grid *g;
    const double *c;
    double yy;
    int k;
    size_t cols[JP_PMAX];
    size_t idx[MT_JP_MAX_JOINPOINTS];
    double L[JP_PMAX * JP_PMAX];
    double z[JP_PMAX], qs[JP_PMAX + 1];
    double bestv;
    size_t best[MT_JP_MAX_JOINPOINTS];
    int found;
    double *scratch;  /* ncand + 1, for walk_last */
} jp_walk;

/* Two doubles per operation (SSE2 on x86-64, plain code elsewhere): each
 * lane performs exactly the scalar operations, so the results do not depend
 * on the vector width. */
typedef double jp_v2 __attribute__((vector_size(16)));

/* Full unrolling of the short loops over factor columns (GCC; other
 * compilers decide for themselves). */
#if defined(__GNUC__) && !defined(__clang__)
#define JP_UNROLL _Pragma("GCC unroll 8")
#else
#define JP_UNROLL
#endif

/* p[i], p[i + 1] (p[i] twice at the end of the range) */
static inline jp_v2 load2(const double *p, size_t stride, size_t i, size_t cnt)
{
    jp_v2 v;
    v[0] = p[i * stride];
    (void)cnt;
    v[1] = p[(i + 1) * stride]; /* padding past the last candidate: see jp_grid_init */
    return v;
}

/* p[i], p[i + 1] from contiguous memory in one load; p[i + 1] must exist
 * (G and the stored groups carry a padding entry past their last one). */
static inline jp_v2 load2c(const double *p, size_t i)
{
    jp_v2 v;
    memcpy(&v, p + i, sizeof v);
    return v;
}

/* SSEs of the candidates lo .. lo + cnt - 1 as last joinpoint, given the
 * prefix's factor rows L (stride JP_PMAX), z and qa = |z|^2: two candidates
 * at a time.  Per candidate the operations and their order are those of
 * factor_row and solve_row: entry b starts from G and subtracts the
 * products q = 0..b-1 in turn, then divides by the diagonal.  Inlined with
 * a constant a (walk_last's switch) so that the loops over b and q unroll. */
static inline __attribute__((always_inline)) void last_row_sse(
    const size_t a, const double *const *Grow, const double *Gd, size_t dstride,
    const double *cv, const double *L, const double *z, double qa, double yy, size_t cnt,
    double *v)
{
    for (size_t i = 0; i < cnt; i += 2) {
        jp_v2 l[JP_PMAX];
        JP_UNROLL
        for (size_t b = 0; b < a; b++) {
            jp_v2 sv = load2c(Grow[b], i);
            JP_UNROLL
            for (size_t q = 0; q < b; q++)
                sv -= l[q] * L[b * JP_PMAX + q];
            l[b] = sv / L[b * JP_PMAX + b];
        }
        const jp_v2 diag = load2(Gd, dstride, i, cnt);
        jp_v2 d = diag, sv = load2(cv, 1, i, cnt);
        JP_UNROLL
        for (size_t q = 0; q < a; q++)
            d -= l[q] * l[q];
        JP_UNROLL
        for (size_t q = 0; q < a; q++)
            sv -= l[q] * z[q];
        for (size_t lane = 0; lane < 2 && i + lane < cnt; lane++) {
            if (!(d[lane] > JP_CHOL_TOL * diag[lane]) || !(diag[lane] > 0.0)) {
                v[i + lane] = NAN; /* failed pivot */
                continue;
            }
            const double zz = sv[lane] / sqrt(d[lane]);
            const double sse = yy - (qa + zz * zz);
            v[i + lane] = sse > 0.0 ? sse : 0.0;
        }
    }
}

/* The last level of the walk, batched over the admissible last joinpoints
 * of the current prefix. */
static void walk_last(jp_walk *w, size_t c0, size_t need)
{
    const jp_grid *g = w->g;
    const size_t nb = g->nbase, m = g->m, nc = g->ncand;
    const size_t a = nb + (size_t)w->k - 1;
    size_t lo = c0;
    while (lo < nc && g->nlt[lo] < need) /* nlt is nondecreasing: a suffix */
        lo++;
    if (lo >= nc)
        return;
    const size_t cnt = nc - lo;
    double *v = w->scratch;
    const double *Grow[JP_PMAX];
    for (size_t b = 0; b < a; b++)
        Grow[b] = g->G + w->cols[b] * m + nb + lo;
    const double *Gd = g->G + (nb + lo) * (m + 1);
    const double *cv = w->c + nb + lo;
    switch (a) {
#define JP_LAST_CASE(A)                                                                    \
    case A:                                                                                \
        last_row_sse(A, Grow, Gd, m + 1, cv, w->L, w->z, w->qs[a], w->yy, cnt, v);         \
        break;
        JP_LAST_CASE(2)
        JP_LAST_CASE(3)
        JP_LAST_CASE(4)
        JP_LAST_CASE(5)
        JP_LAST_CASE(6)
#undef JP_LAST_CASE
    default:
        last_row_sse(a, Grow, Gd, m + 1, cv, w->L, w->z, w->qs[a], w->yy, cnt, v);
    }
    for (size_t i = 0; i < cnt; i++) {
        /* strict '<' (false for NaN): on ties the earliest set is kept */
        if (v[i] < w->bestv) {
            w->bestv = v[i];
            memcpy(w->best, w->idx, ((size_t)w->k - 1) * sizeof *w->idx);
            w->best[w->k - 1] = lo + i;
            w->found = 1;
        }
    }
}

static void walk_level(jp_walk *w, int j)
{
    const jp_grid *g = w->g;
    const size_t a = g->nbase + (size_t)j;
    const size_t nc = g->ncand;
    size_t c0 = 0, need = 0;
    if (j > 0) {
        c0 = w->idx[j - 1] + 1;
        need = g->nle[w->idx[j - 1]] + g->min_between;
    }
    if (j + 1 == w->k) {
        walk_last(w, c0, need);
        return;
    }
    for (size_t cand = c0; cand < nc; cand++) {
        if (g->nlt[cand] < need)
            continue;
        w->idx[j] = cand;
        w->cols[a] = g->nbase + cand;
        if (!factor_row(g, w->cols, a, w->L))
            continue;
        solve_row(w->L + a * JP_PMAX, a, w->c, w->cols[a], w->z, w->qs);
        walk_level(w, j + 1);
    }
}

/* Factor and solve the base columns into w; 0 when they are singular. */
static int walk_base(jp_walk *w)
{
    const jp_grid *g = w->g;
    w->qs[0] = 0.0;
    for (size_t a = 0; a < g->nbase; a++) {
        w->cols[a] = a;
        if (!factor_row(g, w->cols, a, w->L))
            return 0;
        solve_row(w->L + a * JP_PMAX, a, w->c, a, w->z, w->qs);
    }
    return 1;
}

int jp_grid_best(const jp_grid *g, const double *y, int k, size_t *best, double *sse)
{
    double *c = calloc(g->m + 1, sizeof *c); /* + 1: padding for walk_last */
    double *scratch = malloc((g->ncand + 2) * sizeof *scratch);
    if (!c || !scratch) {
        free(c);
        free(scratch);
        return -1;
    }
    jp_walk w;
    w.g = g;
    w.scratch = scratch;
    w.c = c;
    w.k = k;
    w.bestv = INFINITY;
    w.found = 0;
    jp_grid_xty(g, y, c, &w.yy);
    if (walk_base(&w)) {
        if (k == 0) {
            const double v = w.yy - w.qs[g->nbase];
            w.bestv = v > 0.0 ? v : 0.0;
            w.found = 1;
        } else {
            walk_level(&w, 0);
        }
    }
    free(c);
    free(scratch);
    for (int j = 0; j < k && w.found; j++)
        best[j] = w.best[j];
    *sse = w.bestv;
    return w.found;
}

/* The brute-force search kept as the reference of the incremental one
 * (tests/unit/test_jpsearch.c): every set enumerated, factored afresh. */
int jp_grid_best_brute(const jp_grid *g, const double *y, int k, size_t *best, double *sse)
{
    double *c = malloc(g->m * sizeof *c);
    if (!c)
        return -1;
    double yy;
    jp_grid_xty(g, y, c, &yy);
    size_t idx[MT_JP_MAX_JOINPOINTS], cols[JP_PMAX];
    double L[JP_PMAX * JP_PMAX];
    int found = 0;
    double bestv = INFINITY;
    for (int more = jp_grid_next_set(g, k, idx, 1); more; more = jp_grid_next_set(g, k, idx, 0)) {
        const size_t p = set_cols(g, idx, k, cols);
        if (!set_factor(g, cols, p, L))
            continue;
        const double v = set_sse(L, p, cols, c, yy);
        if (v < bestv) {
            bestv = v;
            for (int j = 0; j < k; j++)
                best[j] = idx[j];
            found = 1;
        }
    }
    free(c);
    *sse = bestv;
    return found;
}

/* ------------------------------------------------------------------ */
/* Stored factors for repeated responses (permutation tests)            */
/*
 * The walk above, recorded: the base rows once, the inner nodes of the
 * prefix tree (depth 1..k-1) in pre-order with their factor rows, and after
 * each node of depth k-1 (after the base when k = 1) a group: the factor
 * rows of every admissible last joinpoint of that prefix, a contiguous run
 * of candidates lo..lo+cnt-1 stored entry by entry (structure of arrays),
 * so that a new response replays the tree front to back and solves each
 * group two leaves at a time.  Leaves whose pivot fails stay in their group
 * with a NaN diagonal (their SSE is NaN and never the minimum); leaves are
 * numbered in lexicographic order, failed ones included (s->idx has them
 * all), and s->nsets counts the non-singular ones.
 */

void jp_sets_free(jp_sets *s)
{
    if (!s)
        return;
    free(s->idx);
    free(s->rows);
    free(s->depth);
    free(s->col);
    free(s->grp);
    free(s->leaf);
    memset(s, 0, sizeof *s);
}

typedef struct {
    jp_sets *s;
    jp_walk w;
    size_t cap_nodes, cap_leaves, cap_grp, cap_leaf;
    int failed; /* MT_ENOMEM or MT_ELIMIT */
} jp_record;

/* Grow *p (elements of size sz) to hold need elements; 0 on failure. */
static int grow(jp_record *r, void **p, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return 1;
    size_t nc = *cap ? *cap : 256;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * sz);
    if (!q) {
        r->failed = MT_ENOMEM;
        return 0;
    }
    *p = q;
    *cap = nc;
    return 1;
}

static int record_node(jp_record *r, int depth, size_t a)
{
    jp_sets *s = r->s;
    if (s->nnodes == r->cap_nodes) {
        const size_t nc = r->cap_nodes ? 2 * r->cap_nodes : 256;
        double *rows = realloc(s->rows, nc * s->p * sizeof *rows);
        if (rows)
            s->rows = rows;
        unsigned char *dep = realloc(s->depth, nc * sizeof *dep);
        if (dep)
            s->depth = dep;
        size_t *col = realloc(s->col, nc * sizeof *col);
        if (col)
            s->col = col;
        if (!rows || !dep || !col) {
            r->failed = MT_ENOMEM;
            return 0;
        }
        r->cap_nodes = nc;
    }
    memcpy(s->rows + s->nnodes * s->p, r->w.L + a * JP_PMAX, (a + 1) * sizeof *s->rows);
    s->depth[s->nnodes] = (unsigned char)depth;
    s->col[s->nnodes] = r->w.cols[a];
    s->nnodes++;
    return 1;
}

/* The group of last joinpoints of the current prefix (depth k - 1). */
static void record_group(jp_record *r, size_t c0, size_t need)
{
    jp_sets *s = r->s;
    const jp_grid *g = r->w.g;
    const size_t k = (size_t)s->k, a = g->nbase + k - 1;
    size_t lo = c0;
    while (lo < g->ncand && g->nlt[lo] < need)
        lo++;
    const size_t cnt = lo < g->ncand ? g->ncand - lo : 0;
    const size_t stride = cnt + 1; /* + 1: padding for the pair loads */
    if (s->leaf_used + (a + 1) * stride + s->nnodes * s->p > JP_SETS_MAX_DOUBLES) {
        r->failed = MT_ELIMIT;
        return;
    }
    if (!grow(r, (void **)&s->grp, &r->cap_grp, s->ngroups + 1, sizeof *s->grp) ||
        !grow(r, (void **)&s->leaf, &r->cap_leaf, s->leaf_used + (a + 1) * stride,
              sizeof *s->leaf) ||
        !grow(r, (void **)&s->idx, &r->cap_leaves, (s->nleaves + cnt) * k, sizeof *s->idx))
        return;
    jp_group *gr = s->grp + s->ngroups++;
    gr->lo = lo;
    gr->cnt = cnt;
    gr->off = s->leaf_used;
    gr->leaf0 = s->nleaves;
    double *R = s->leaf + s->leaf_used;
    memset(R, 0, (a + 1) * stride * sizeof *R);
    for (size_t i = 0; i < cnt; i++) {
        r->w.idx[k - 1] = lo + i;
        r->w.cols[a] = g->nbase + lo + i;
        const int ok = factor_row(g, r->w.cols, a, r->w.L);
        const double *La = r->w.L + a * JP_PMAX;
        for (size_t b = 0; b < a; b++)
            R[b * stride + i] = La[b];
        R[a * stride + i] = ok ? La[a] : NAN;
        s->nsets += ok ? 1 : 0;
        memcpy(s->idx + (s->nleaves + i) * k, r->w.idx, k * sizeof *s->idx);
    }
    s->nleaves += cnt;
    s->leaf_used += (a + 1) * stride;
}

static void record_level(jp_record *r, int j)
{
    const jp_grid *g = r->w.g;
    const size_t a = g->nbase + (size_t)j;
    size_t c0 = 0, need = 0;
    if (j > 0) {
        c0 = r->w.idx[j - 1] + 1;
        need = g->nle[r->w.idx[j - 1]] + g->min_between;
    }
    if (j + 1 == r->w.k) {
        record_group(r, c0, need);
        return;
    }
    for (size_t cand = c0; cand < g->ncand && !r->failed; cand++) {
        if (g->nlt[cand] < need)
            continue;
        r->w.idx[j] = cand;
        r->w.cols[a] = g->nbase + cand;
        if (!factor_row(g, r->w.cols, a, r->w.L))
            continue;
        if (!record_node(r, j + 1, a))
            return;
        record_level(r, j + 1);
    }
}

mt_status jp_sets_build(const jp_grid *g, int k, jp_sets *s)
{
    memset(s, 0, sizeof *s);
    s->k = k;
    s->p = g->nbase + (size_t)k;
    jp_record r;
    memset(&r, 0, sizeof r);
    r.s = s;
    r.w.g = g;
    r.w.k = k;
    for (size_t a = 0; a < g->nbase; a++) {
        r.w.cols[a] = a;
        if (!factor_row(g, r.w.cols, a, r.w.L))
            return MT_OK; /* singular base: no set at all */
    }
    memcpy(s->base, r.w.L, sizeof s->base);
    if (k == 0) {
        s->nsets = s->nleaves = 1;
    } else {
        record_level(&r, 0);
    }
    if (r.failed) {
        jp_sets_free(s);
        return (mt_status)r.failed;
    }
    return MT_OK;
}

/* Minimum SSE over one group: leaves lo..lo+cnt-1, rows R (stride cnt + 1),
 * two at a time with the operations of solve_row. */
static inline __attribute__((always_inline)) void group_min(
    const size_t a, const jp_group *gr, const double *R, const double *c, const double *z,
    double qa, double yy, double *bestv, size_t *besti)
{
    const size_t cnt = gr->cnt, stride = cnt + 1;
    const double *cv = c + gr->lo; /* c starts at the first candidate column */
    for (size_t i = 0; i < cnt; i += 2) {
        jp_v2 sv;
        sv[0] = cv[i];
        sv[1] = i + 1 < cnt ? cv[i + 1] : cv[i];
        JP_UNROLL
        for (size_t b = 0; b < a; b++)
            sv -= load2c(R + b * stride, i) * z[b];
        const jp_v2 zv = sv / load2c(R + a * stride, i);
        const jp_v2 vv = yy - (qa + zv * zv);
        for (size_t lane = 0; lane < 2 && i + lane < cnt; lane++) {
            double v = vv[lane];
            if (v != v)
                continue; /* failed pivot */
            v = v > 0.0 ? v : 0.0;
            if (v < *bestv) {
                *bestv = v;
                *besti = gr->leaf0 + i + lane;
            }
        }
    }
}

double jp_sets_min_sse(const jp_grid *g, const jp_sets *s, const double *c, double yy,
                       size_t *arg)
{
    double z[JP_PMAX], qs[JP_PMAX + 1];
    const size_t nb = g->nbase, p = s->p;
    double bestv = INFINITY;
    size_t besti = 0;
    if (s->nsets == 0) {
        if (arg)
            *arg = 0;
        return bestv;
    }
    qs[0] = 0.0;
    for (size_t a = 0; a < nb; a++)
        solve_row(s->base + a * JP_PMAX, a, c, a, z, qs);
    if (s->k == 0) {
        const double v = yy - qs[nb];
        if (arg)
            *arg = 0;
        return v > 0.0 ? v : 0.0;
    }
    const size_t al = nb + (size_t)s->k - 1; /* row of the last joinpoint */
    const unsigned char kg = (unsigned char)(s->k - 1);
    size_t q = 0;
    for (size_t gi = 0; gi < s->ngroups; gi++) {
        /* inner nodes up to and including the group's parent */
        for (; q < s->nnodes; q++) {
            const size_t a = nb + s->depth[q] - 1;
            solve_row(s->rows + q * p, a, c, s->col[q], z, qs);
            if (s->depth[q] == kg) {
                q++;
                break;
            }
        }
        const jp_group *gr = s->grp + gi;
        const double *R = s->leaf + gr->off;
        switch (al) {
#define JP_GROUP_CASE(A)                                                                   \
    case A:                                                                                \
        group_min(A, gr, R, c + nb, z, qs[al], yy, &bestv, &besti);                        \
        break;
            JP_GROUP_CASE(2)
            JP_GROUP_CASE(3)
            JP_GROUP_CASE(4)
            JP_GROUP_CASE(5)
            JP_GROUP_CASE(6)
#undef JP_GROUP_CASE
        default:
            group_min(al, gr, R, c + nb, z, qs[al], yy, &bestv, &besti);
        }
    }
    if (arg)
        *arg = besti;
    return bestv;
}

void jp_grid_coef(const jp_grid *g, const size_t *idx, int k, const double *c, double *beta,
                  int *ok)
{
    size_t cols[JP_PMAX];
    double L[JP_PMAX * JP_PMAX], z[JP_PMAX];
    const size_t p = set_cols(g, idx, k, cols);
    *ok = set_factor(g, cols, p, L);
    if (!*ok)
        return;
    for (size_t a = 0; a < p; a++) {
        double s = c[cols[a]];
        for (size_t b = 0; b < a; b++)
            s -= L[a * p + b] * z[b];
        z[a] = s / L[a * p + a];
    }
    for (size_t a = p; a-- > 0;) {
        double s = z[a];
        for (size_t b = a + 1; b < p; b++)
            s -= L[b * p + a] * beta[b];
        beta[a] = s / L[a * p + a];
    }
}
