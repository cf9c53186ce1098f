/*
 * joinpoint_sets.c - the factors of every admissible joinpoint set stored
 * for repeated responses: the permutation test and the bootstrap band
 * (joinpoint_select.c) replay them instead of walking the sets afresh for
 * each permuted or resampled y; and how many sets there are
 * (jp_grid_count).  The walk itself: joinpoint_search.c.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "joinpoint_internal.h"
#include "joinpoint_rows.h"

/* The prefix being recorded: its candidates, columns and factor rows. */
typedef struct {
    const jp_grid *g;
    int k;
    size_t cols[JP_PMAX];
    size_t idx[MT_JP_MAX_JOINPOINTS];
    double L[JP_PMAX * JP_PMAX];
} jp_prefix;

/* Number of admissible k-sets, stopping at limit + 1, without enumerating
 * them: the candidates that may follow candidate c form a suffix
 * [next(c), ncand) (nlt is nondecreasing), so with cnt_j(c) the number of
 * admissible sequences of j more candidates starting at c,
 * cnt_j(c) = sum_{c' >= next(c)} cnt_{j-1}(c'), suffix sums in O(k ncand).
 * Counts saturate at limit + 1, which also keeps them from overflowing. */
int jp_grid_count_upto(const jp_grid *g, int kmax, size_t limit, size_t *counts)
{
    const size_t nc = g->ncand;
    counts[0] = 1;
    for (int k = 1; k <= kmax; k++)
        counts[k] = 0;
    if (kmax == 0 || nc == 0)
        return 0;
    const size_t cap = limit == SIZE_MAX ? limit : limit + 1;
    size_t *cnt = malloc((nc + 1) * sizeof *cnt), *suf = malloc((nc + 1) * sizeof *suf);
    size_t *nxt = malloc(nc * sizeof *nxt);
    if (!cnt || !suf || !nxt) {
        free(cnt);
        free(suf);
        free(nxt);
        return -1; /* out of memory: the caller reports MT_ENOMEM */
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
    for (int k = 1; k <= kmax; k++) {
        if (k > 1) { /* cnt: sequences of k candidates starting at c */
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
        counts[k] = total;
    }
    free(cnt);
    free(suf);
    free(nxt);
    return 0;
}

size_t jp_grid_count(const jp_grid *g, int k, size_t limit)
{
    size_t counts[MT_JP_MAX_JOINPOINTS + 1];
    if (k > MT_JP_MAX_JOINPOINTS)
        return JP_COUNT_NOMEM;
    return jp_grid_count_upto(g, k, limit, counts) == 0 ? counts[k] : JP_COUNT_NOMEM;
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
 * group two leaves at a time.  The batched replay (joinpoint_batch.c)
 * reads copies of each leaf's diagonal and last entry, and 1 / diagonal for
 * its division-free screen, in leaf order.  Leaves whose pivot fails stay in
 * their group with a NaN diagonal (their SSE is NaN and never the minimum); leaves are
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
    free(s->diag);
    free(s->linv);
    free(s->lrow);
    free(s->lb);
    free(s->u);
    free(s->elo);
    free(s->eoff);
    free(s->ent);
    free(s->w);
    memset(s, 0, sizeof *s);
}

typedef struct {
    jp_sets *s;
    jp_prefix w;
    size_t cap_nodes, cap_leaves, cap_grp, cap_leaf, cap_diag, cap_linv, cap_lrow, cap_elo,
        cap_eoff, cap_ent;
    int failed; /* MT_ENOMEM or MT_ELIMIT */
    size_t anc[MT_JP_MAX_JOINPOINTS]; /* node number of the prefix's ancestor of depth d + 1 */
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
    if (s->leaf_used + (a + 1) * stride + 3 * (s->nleaves + cnt) + s->nnodes * s->p >
        JP_SETS_MAX_DOUBLES) {
        r->failed = MT_ELIMIT;
        return;
    }
    const size_t nb = g->nbase, rows = a + 1 - nb; /* rows nb .. a */
    if (!grow(r, (void **)&s->grp, &r->cap_grp, s->ngroups + 1, sizeof *s->grp) ||
        !grow(r, (void **)&s->leaf, &r->cap_leaf, s->leaf_used + rows * stride,
              sizeof *s->leaf) ||
        !grow(r, (void **)&s->idx, &r->cap_leaves, (s->nleaves + cnt) * k, sizeof *s->idx) ||
        !grow(r, (void **)&s->diag, &r->cap_diag, s->nleaves + cnt + 1, sizeof *s->diag) ||
        !grow(r, (void **)&s->linv, &r->cap_linv, s->nleaves + cnt + 1, sizeof *s->linv) ||
        !grow(r, (void **)&s->lrow, &r->cap_lrow, s->nleaves + cnt + 1, sizeof *s->lrow))
        return;
    jp_group *gr = s->grp + s->ngroups++;
    gr->lo = lo;
    gr->cnt = cnt;
    gr->off = s->leaf_used;
    gr->leaf0 = s->nleaves;
    double *R = s->leaf + s->leaf_used;
    memset(R, 0, rows * stride * sizeof *R);
    for (size_t i = 0; i < cnt; i++) {
        r->w.idx[k - 1] = lo + i;
        r->w.cols[a] = g->nbase + lo + i;
        const int ok = factor_row(g, r->w.cols, a, r->w.L);
        const double *La = r->w.L + a * JP_PMAX;
        for (size_t b = nb; b < a; b++)
            R[(b - nb) * stride + i] = La[b];
        R[(a - nb) * stride + i] = ok ? La[a] : NAN;
        s->diag[s->nleaves + i] = ok ? La[a] : NAN;
        s->linv[s->nleaves + i] = ok ? 1.0 / La[a] : NAN;
        s->lrow[s->nleaves + i] = a > nb ? La[a - 1] : 0.0;
        s->nsets += ok ? 1 : 0;
        memcpy(s->idx + (s->nleaves + i) * k, r->w.idx, k * sizeof *s->idx);
    }
    s->nleaves += cnt;
    /* padding for the pair loads (the next group's, if any) */
    s->diag[s->nleaves] = s->linv[s->nleaves] = s->lrow[s->nleaves] = 0.0;
    s->leaf_used += rows * stride;
}

/* The entries of node q (depth d = j + 1 <= k - 2, its row a = nb + j in
 * r->w.L) for every candidate that can end a set below it: factor_row's
 * entry a of each such candidate's row, its earlier entries taken from lb
 * and from the node's ancestors (in the same order and operations). */
static int record_entries(jp_record *r, size_t q, int j)
{
    jp_sets *s = r->s;
    const jp_grid *g = r->w.g;
    const size_t nb = g->nbase, nc = g->ncand, nc2 = nc + 2, a = nb + (size_t)j;
    /* the first joinpoint of depth k - 1 below: k - 2 - j steps of "next
     * admissible" (the replay solves the parents of the groups, as well as
     * the groups' leaves, from these entries) */
    size_t lo = r->w.idx[j];
    for (int step = j + 1; step < s->k - 1 && lo < nc; step++) {
        size_t nx = lo + 1;
        while (nx < nc && g->nlt[nx] < g->nle[lo] + g->min_between)
            nx++;
        lo = nx;
    }
    const size_t cnt = lo < nc ? nc - lo : 0;
    if (s->leaf_used + 3 * s->nleaves + s->ent_used + cnt + s->nnodes * s->p >
        JP_SETS_MAX_DOUBLES) {
        r->failed = MT_ELIMIT;
        return 0;
    }
    if (!grow(r, (void **)&s->elo, &r->cap_elo, q + 1, sizeof *s->elo) ||
        !grow(r, (void **)&s->eoff, &r->cap_eoff, q + 1, sizeof *s->eoff) ||
        !grow(r, (void **)&s->ent, &r->cap_ent, s->ent_used + cnt, sizeof *s->ent))
        return 0;
    s->elo[q] = lo;
    s->eoff[q] = s->ent_used;
    const double *La = r->w.L + a * JP_PMAX;
    for (size_t c = lo; c < nc; c++) {
        double l[JP_PMAX];
        for (size_t b = 0; b < nb; b++)
            l[b] = s->lb[b * nc2 + c];
        for (size_t b = nb; b < a; b++) { /* the ancestor of depth b - nb + 1 */
            const size_t qa = r->anc[b - nb];
            l[b] = s->ent[s->eoff[qa] + c - s->elo[qa]];
        }
        double sv = g->G[(nb + c) * g->m + r->w.cols[a]];
        for (size_t b = 0; b < a; b++)
            sv -= l[b] * La[b];
        s->ent[s->ent_used + c - lo] = sv / La[a];
    }
    s->ent_used += cnt;
    return 1;
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
        if (j + 3 <= r->w.k) { /* depth j + 1 <= k - 2 */
            r->anc[j] = r->s->nnodes - 1;
            if (!record_entries(r, r->s->nnodes - 1, j))
                return;
        }
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
    /* the base part of every candidate's row: factor_row's first nb steps */
    const size_t nb = g->nbase, nc2 = g->ncand + 2;
    s->lb = calloc(nb * nc2, sizeof *s->lb);
    s->u = calloc(nc2 * JP_LANES, sizeof *s->u);
    s->w = calloc((k > 2 ? (size_t)k - 2 : 1) * nc2 * JP_LANES, sizeof *s->w);
    if (!s->lb || !s->u || !s->w) {
        jp_sets_free(s);
        return MT_ENOMEM;
    }
    for (size_t c = 0; c < g->ncand; c++) {
        const double *Ga = g->G + (nb + c) * g->m;
        for (size_t b = 0; b < nb; b++) {
            const double *Lb = s->base + b * JP_PMAX;
            double sv = Ga[b];
            for (size_t q = 0; q < b; q++)
                sv -= s->lb[q * nc2 + c] * Lb[q];
            s->lb[b * nc2 + c] = sv / Lb[b];
        }
    }
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

/* Minimum SSE over one group: leaves lo..lo+cnt-1, rows R (stride cnt + 1)
 * and diagonals D, two at a time with the operations of solve_row; its first nb steps,
 * the same in every group, are done once per response into u. */
static inline __attribute__((always_inline)) void group_min(
    const size_t a, const size_t nb, const jp_group *gr, const double *R, const double *D,
    const double *u, const double *z, double qa, double yy, double *bestv, size_t *besti)
{
    const size_t cnt = gr->cnt, stride = cnt + 1;
    const double *uv = u + gr->lo; /* c minus the base part, padded */
    for (size_t i = 0; i < cnt; i += 2) {
        jp_v2 sv = load2c(uv, i);
        JP_UNROLL
        for (size_t b = nb; b < a; b++)
            sv -= load2c(R + (b - nb) * stride, i) * z[b];
        const jp_v2 zv = sv / load2c(D, i);
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
    /* solve_row's first nb steps for every candidate column, in its order */
    const size_t nc = g->ncand, nc2 = nc + 2;
    double *u = s->u;
    for (size_t cand = 0; cand < nc; cand++) {
        double sv = c[nb + cand];
        for (size_t b = 0; b < nb; b++)
            sv -= s->lb[b * nc2 + cand] * z[b];
        u[cand] = sv;
    }
    u[nc] = u[nc + 1] = 0.0; /* padding for the pair loads */
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
        const double *R = s->leaf + gr->off, *D = s->diag + gr->leaf0;
        switch (nb == 2 ? al : 0) {
#define JP_GROUP_CASE(A)                                                                   \
    case A:                                                                                \
        group_min(A, 2, gr, R, D, u, z, qs[al], yy, &bestv, &besti);                       \
        break;
            JP_GROUP_CASE(2)
            JP_GROUP_CASE(3)
            JP_GROUP_CASE(4)
            JP_GROUP_CASE(5)
            JP_GROUP_CASE(6)
#undef JP_GROUP_CASE
        default:
            group_min(al, nb, gr, R, D, u, z, qs[al], yy, &bestv, &besti);
        }
    }
    if (arg)
        *arg = besti;
    return bestv;
}

