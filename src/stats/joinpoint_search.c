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
 * keeps the subtraction well conditioned).  For permutation tests and the
 * bootstrap the factors of every set are kept (joinpoint_sets.c), so that a
 * new response costs one product X'Wy and one row solve per stored row.  The selected model is always
 * refitted by QR in joinpoint.c, so the reported estimates do not rest on the
 * normal equations.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "joinpoint_internal.h"
#include "joinpoint_rows.h"

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
            size_t b = a;
            for (; b + 1 < nnz; b += 2) { /* two entries at once, each as below */
                jp_v2 gv, rv;
                memcpy(&gv, Ga + b, sizeof gv);
                memcpy(&rv, r + b, sizeof rv);
                gv += ra * rv;
                memcpy(Ga + b, &gv, sizeof gv);
            }
            for (; b < nnz; b++)
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
 * operations in the same order as jp_chol and set_sse of joinpoint_brute.c
 * (row a, entry b: A[a][b] minus the products over k < b in increasing k,
 * divided by the diagonal; the diagonal test against JP_CHOL_TOL), so factors, SSEs and
 * therefore the selected sets are bit-identical to the brute-force path,
 * which the unit test test_jpsearch checks on many random series.
 */

/* A child's factor row and z, then its pivot and solve before the square
 * root and the division, and its pivot flag, in walk_level's buffer. */
#define JP_ROWBUF (JP_PMAX + 4)

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
    double *rows;     /* (k - 1) levels x ncand x JP_ROWBUF, for walk_level */
    size_t lvlo[MT_JP_MAX_JOINPOINTS]; /* first candidate of each level's rows */
    /* per candidate c, what does not depend on the other joinpoints: the
     * entries of its factor row against the base columns lb[b * (ncand + 2)
     * + c], its pivot after them dp[c] and its solve after them up[c]
     * (ncand + 2 each: padding for the pair loads) */
    double *lb, *dp, *up;
    /* jp_grid_best_upto: the inner nodes of depth d are the d-joinpoint
     * sets, met in lexicographic order; the best of each depth */
    int all;
    double kbest[MT_JP_MAX_JOINPOINTS + 1];
    size_t kidx[MT_JP_MAX_JOINPOINTS + 1][MT_JP_MAX_JOINPOINTS];
    int kfound[MT_JP_MAX_JOINPOINTS + 1];
} jp_walk;

/* SSEs of the candidates lo .. lo + cnt - 1 as last joinpoint, given the
 * prefix's factor rows L (stride JP_PMAX), z and qa = |z|^2: two candidates
 * at a time.  Per candidate the operations and their order are those of
 * factor_row and solve_row: entry b starts from G and subtracts the
 * products q = 0..b-1 in turn, then divides by the diagonal.  The entries
 * against the nb base columns, and the first nb steps of the pivot and of
 * the solve, are the same for every prefix: they come precomputed (LB, DP,
 * UP: jp_walk), and the loops go on from there.  With three or more
 * joinpoints "base" is every row but the last one's: the entries against
 * the prefix's earlier joinpoints and the partial pivot and solve come from
 * walk_level's rows of the parent's siblings (stride ls), where the same
 * operations made them.  Inlined with a constant a
 * and nb (walk_last's switch) so that the loops over b and q unroll. */
static inline __attribute__((always_inline)) void last_row_sse(
    const size_t a, const size_t nb, const double *const *Grow, const double *const *LB,
    const size_t ls, const double *Gd, size_t dstride, const double *DP, const double *UP,
    const double *L, const double *z, size_t cnt, double *v, double *mxo)
{
    jp_v2 mx = {-INFINITY, -INFINITY};
    for (size_t i = 0; i < cnt; i += 2) {
        jp_v2 l[JP_PMAX];
        JP_UNROLL
        for (size_t b = 0; b < nb; b++)
            l[b] = ls == 1 ? load2c(LB[b], i) : load2(LB[b], ls, i, cnt);
        JP_UNROLL
        for (size_t b = nb; b < a; b++) {
            jp_v2 sv = load2c(Grow[b], i);
            JP_UNROLL
            for (size_t q = 0; q < b; q++)
                sv -= l[q] * L[b * JP_PMAX + q];
            l[b] = sv / L[b * JP_PMAX + b];
        }
        const jp_v2 diag = load2(Gd, dstride, i, cnt);
        jp_v2 d = ls == 1 ? load2c(DP, i) : load2(DP, ls, i, cnt);
        jp_v2 sv = ls == 1 ? load2c(UP, i) : load2(UP, ls, i, cnt);
        JP_UNROLL
        for (size_t q = nb; q < a; q++)
            d -= l[q] * l[q];
        JP_UNROLL
        for (size_t q = nb; q < a; q++)
            sv -= l[q] * z[q];
        /* both lanes at once: a failed pivot's lane computes garbage (the
         * square root of a negative number is NaN, raising nothing) and is
         * replaced by NaN; v has room for the lane past cnt */
        const jp_m2 ok = (d > JP_CHOL_TOL * diag) & (diag > 0.0);
        const jp_v2 zz = sv / jp_sqrt2(d);
        const jp_v2 q = zz * zz;
        const jp_v2 nan = {NAN, NAN};
        jp_v2 out = (jp_v2)(((jp_m2)q & ok) | ((jp_m2)nan & ~ok));
        memcpy(v + i, &out, sizeof out);
        if (i + 1 == cnt)
            out[1] = NAN; /* the lane past the last candidate */
        mx = jp_max2(out, mx);
    }
    *mxo = mx[0] > mx[1] ? mx[0] : mx[1];
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
    double *v = w->scratch, mx;
    const double *Grow[JP_PMAX], *LB[JP_PMAX];
    for (size_t b = 0; b < a; b++)
        Grow[b] = g->G + w->cols[b] * m + nb + lo;
    const double *Gd = g->G + (nb + lo) * (m + 1);
    const double *DP, *UP;
    size_t np, ls;
    if (w->k >= 3) {
        /* the candidates' rows as children of the last joinpoint's parent
         * prefix (walk_level, level k - 2): every entry but the last one */
        const size_t J = (size_t)w->k - 2;
        const double *r0 = w->rows + (J * nc + lo - w->lvlo[J]) * JP_ROWBUF;
        np = a - 1;
        ls = JP_ROWBUF;
        for (size_t b = 0; b < np; b++)
            LB[b] = r0 + b;
        DP = r0 + JP_ROWBUF - 3;
        UP = r0 + JP_ROWBUF - 2;
    } else {
        np = nb;
        ls = 1;
        for (size_t b = 0; b < nb; b++)
            LB[b] = w->lb + b * (nc + 2) + lo;
        DP = w->dp + lo;
        UP = w->up + lo;
    }
#define JP_LAST(A, NP, LS)                                                                 \
    last_row_sse(A, NP, Grow, LB, LS, Gd, m + 1, DP, UP, w->L, w->z, cnt, v, &mx)
    switch (nb == 2 ? a : 0) {
    case 2:
        JP_LAST(2, 2, 1);
        break;
    case 3:
        JP_LAST(3, 2, 1);
        break;
    case 4:
        JP_LAST(4, 3, JP_ROWBUF);
        break;
    case 5:
        JP_LAST(5, 4, JP_ROWBUF);
        break;
    case 6:
        JP_LAST(6, 5, JP_ROWBUF);
        break;
    default:
        JP_LAST(a, np, ls);
    }
#undef JP_LAST
    /* A set's SSE, yy - (qa + z^2) floored at 0, is a nonincreasing
     * function of z^2 (rounding is monotone), so the least SSE of these
     * sets is that of the largest z^2.  When it beats the best so far
     * (strict '<': on ties the earliest set is kept), the set is the first
     * one with that SSE, as when every set was compared in turn. */
    if (!(mx > -INFINITY))
        return; /* every pivot failed */
    const double qa = w->qs[a];
    const double sv = w->yy - (qa + mx);
    const double sse = sv > 0.0 ? sv : 0.0;
    if (!(sse < w->bestv))
        return;
    for (size_t i = 0; i < cnt; i++) {
        if (v[i] != v[i])
            continue; /* failed pivot */
        const double si = w->yy - (qa + v[i]);
        if ((si > 0.0 ? si : 0.0) == sse) {
            w->bestv = sse;
            memcpy(w->best, w->idx, ((size_t)w->k - 1) * sizeof *w->idx);
            w->best[w->k - 1] = lo + i;
            w->found = 1;
            return;
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
    size_t lo = c0;
    while (lo < nc && g->nlt[lo] < need) /* nlt is nondecreasing: a suffix */
        lo++;
    /* the factor rows and z of every child first, in a loop of independent
     * iterations (their division chains overlap), then the walk below each;
     * the operations are factor_row's and solve_row's */
    double *buf = w->rows + (size_t)j * nc * JP_ROWBUF;
    const size_t nb = g->nbase;
    w->lvlo[j] = lo;
    for (size_t cand = lo; cand < nc; cand++) {
        /* factor_row's and solve_row's operations, the first nb steps
         * taken from lb, dp, up (the same for every prefix) */
        double *row = buf + (cand - lo) * JP_ROWBUF;
        const double *Ga = g->G + (nb + cand) * g->m;
        for (size_t b = 0; b < nb; b++)
            row[b] = w->lb[b * (nc + 2) + cand];
        for (size_t b = nb; b < a; b++) {
            const double *Lb = w->L + b * JP_PMAX;
            double sv = Ga[w->cols[b]];
            for (size_t q = 0; q < b; q++)
                sv -= row[q] * Lb[q];
            row[b] = sv / Lb[b];
        }
        const double diag = Ga[nb + cand];
        double d = w->dp[cand];
        for (size_t q = nb; q < a; q++)
            d -= row[q] * row[q];
        const int ok = (d > JP_CHOL_TOL * diag) && (diag > 0.0);
        double sv = w->up[cand];
        for (size_t b = nb; b < a; b++)
            sv -= row[b] * w->z[b];
        row[JP_ROWBUF - 3] = d;  /* for walk_last below a sibling */
        row[JP_ROWBUF - 2] = sv;
        row[JP_ROWBUF - 1] = ok;
        if (ok) {
            row[a] = sqrt(d);
            row[a + 1] = sv / row[a];
        }
    }
    /* walk_last reads the candidates in pairs: the row past the last one is
     * read (its lane discarded), so it must hold numbers */
    memset(buf + (nc - lo) * JP_ROWBUF, 0, JP_ROWBUF * sizeof *buf);
    for (size_t cand = lo; cand < nc; cand++) {
        const double *row = buf + (cand - lo) * JP_ROWBUF;
        if (row[JP_ROWBUF - 1] == 0.0)
            continue;
        w->idx[j] = cand;
        w->cols[a] = g->nbase + cand;
        memcpy(w->L + a * JP_PMAX, row, (a + 1) * sizeof *row);
        w->z[a] = row[a + 1];
        w->qs[a + 1] = w->qs[a] + w->z[a] * w->z[a];
        if (w->all) {
            /* yy - (qa + z^2): walk_last's SSE of this set, as its last row */
            const double v = w->yy - w->qs[a + 1];
            const double sse = v > 0.0 ? v : 0.0;
            if (sse < w->kbest[j + 1]) {
                w->kbest[j + 1] = sse;
                memcpy(w->kidx[j + 1], w->idx, (size_t)(j + 1) * sizeof *w->idx);
                w->kfound[j + 1] = 1;
            }
        }
        walk_level(w, j + 1);
    }
}

/* lb, dp, up of every candidate, from the base rows of w (walk_base):
 * factor_row's and solve_row's first nb steps for a candidate column, in
 * their order. */
static void walk_base_part(jp_walk *w)
{
    const jp_grid *g = w->g;
    const size_t nb = g->nbase, nc = g->ncand, nc2 = nc + 2;
    for (size_t c = 0; c < nc; c++) {
        const double *Ga = g->G + (nb + c) * g->m;
        double l[JP_PMAX];
        for (size_t b = 0; b < nb; b++) {
            const double *Lb = w->L + b * JP_PMAX;
            double sv = Ga[b];
            for (size_t q = 0; q < b; q++)
                sv -= l[q] * Lb[q];
            l[b] = sv / Lb[b];
            w->lb[b * nc2 + c] = l[b];
        }
        double d = Ga[nb + c], sv = w->c[nb + c];
        for (size_t q = 0; q < nb; q++)
            d -= l[q] * l[q];
        for (size_t q = 0; q < nb; q++)
            sv -= l[q] * w->z[q];
        w->dp[c] = d;
        w->up[c] = sv;
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

/* The walk for k joinpoints; with all, also the best set of every smaller
 * number (kbest etc.).  0 when out of memory. */
static int walk(jp_walk *w, const jp_grid *g, const double *y, int k, int all)
{
    double *c = calloc(g->m + 1, sizeof *c); /* + 1: padding for walk_last */
    double *scratch = malloc((g->ncand + 2) * sizeof *scratch);
    const size_t nlev = k > 1 ? (size_t)k - 1 : 0, nc2 = g->ncand + 2;
    /* + 1 row: walk_last reads pairs of rows, one past the last */
    double *rows = malloc((nlev * g->ncand + 1) * JP_ROWBUF * sizeof *rows);
    double *lb = calloc((g->nbase + 2) * nc2, sizeof *lb);
    if (!c || !scratch || !rows || !lb) {
        free(c);
        free(scratch);
        free(rows);
        free(lb);
        return 0;
    }
    w->rows = rows;
    w->lb = lb;
    w->dp = lb + g->nbase * nc2;
    w->up = w->dp + nc2;
    w->g = g;
    w->scratch = scratch;
    w->c = c;
    w->k = k;
    w->bestv = INFINITY;
    w->found = 0;
    w->all = all;
    for (int j = 0; j <= MT_JP_MAX_JOINPOINTS; j++) {
        w->kbest[j] = INFINITY;
        w->kfound[j] = 0;
    }
    jp_grid_xty(g, y, c, &w->yy);
    if (walk_base(w)) {
        walk_base_part(w);
        const double v = w->yy - w->qs[g->nbase];
        w->kbest[0] = v > 0.0 ? v : 0.0;
        w->kfound[0] = 1;
        if (k == 0) {
            w->bestv = w->kbest[0];
            w->found = 1;
        } else {
            walk_level(w, 0);
        }
    }
    if (k > 0) {
        w->kbest[k] = w->bestv;
        w->kfound[k] = w->found;
        memcpy(w->kidx[k], w->best, (size_t)k * sizeof *w->best);
    }
    free(c);
    free(scratch);
    free(rows);
    free(lb);
    return 1;
}

int jp_grid_best(const jp_grid *g, const double *y, int k, size_t *best, double *sse)
{
    jp_walk w;
    if (!walk(&w, g, y, k, 0))
        return -1;
    for (int j = 0; j < k && w.found; j++)
        best[j] = w.best[j];
    *sse = w.bestv;
    return w.found;
}

int jp_grid_best_upto(const jp_grid *g, const double *y, int kmax, size_t *best, double *sse,
                      int *found)
{
    jp_walk w;
    if (!walk(&w, g, y, kmax, 1))
        return -1;
    for (int k = 0; k <= kmax; k++) {
        sse[k] = w.kbest[k];
        found[k] = w.kfound[k];
        for (int j = 0; j < k && found[k]; j++)
            best[(size_t)k * MT_JP_MAX_JOINPOINTS + (size_t)j] = w.kidx[k][j];
    }
    return 1;
}
