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
    if (!g->cand || !g->nlt || !g->nle || !g->sw) {
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
    g->G = malloc(m * m * sizeof *g->G);
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
    for (size_t a = 0; a < m; a++)
        for (size_t b = a; b < m; b++) {
            double s = 0.0;
            for (size_t i = 0; i < n; i++)
                s += g->X[i * m + a] * g->X[i * m + b];
            g->G[a * m + b] = s;
            g->G[b * m + a] = s;
        }
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
        for (size_t a = 0; a < m; a++)
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

size_t jp_grid_count(const jp_grid *g, int k, size_t limit)
{
    size_t idx[MT_JP_MAX_JOINPOINTS];
    size_t count = 0;
    for (int more = jp_grid_next_set(g, k, idx, 1); more; more = jp_grid_next_set(g, k, idx, 0))
        if (++count > limit)
            break;
    return count;
}

int jp_grid_best(const jp_grid *g, const double *y, int k, size_t *best, double *sse)
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
        /* strict '<': on ties the earliest set (lexicographic) is kept */
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

void jp_sets_free(jp_sets *s)
{
    if (!s)
        return;
    free(s->idx);
    free(s->L);
    memset(s, 0, sizeof *s);
}

mt_status jp_sets_build(const jp_grid *g, int k, jp_sets *s)
{
    memset(s, 0, sizeof *s);
    s->k = k;
    s->p = g->nbase + (size_t)k;
    const size_t pp = s->p * s->p;
    const size_t total = jp_grid_count(g, k, JP_SETS_MAX_DOUBLES / pp);
    if (total > JP_SETS_MAX_DOUBLES / pp)
        return MT_ELIMIT;
    s->idx = malloc((total ? total : 1) * (size_t)(k ? k : 1) * sizeof *s->idx);
    s->L = malloc((total ? total : 1) * pp * sizeof *s->L);
    if (!s->idx || !s->L) {
        jp_sets_free(s);
        return MT_ENOMEM;
    }
    size_t idx[MT_JP_MAX_JOINPOINTS], cols[JP_PMAX];
    size_t ns = 0;
    for (int more = jp_grid_next_set(g, k, idx, 1); more; more = jp_grid_next_set(g, k, idx, 0)) {
        const size_t p = set_cols(g, idx, k, cols);
        double *L = s->L + ns * pp;
        if (!set_factor(g, cols, p, L))
            continue;
        for (int j = 0; j < k; j++)
            s->idx[ns * (size_t)k + (size_t)j] = idx[j];
        ns++;
    }
    s->nsets = ns;
    return MT_OK;
}

double jp_sets_min_sse(const jp_grid *g, const jp_sets *s, const double *c, double yy,
                       size_t *arg)
{
    size_t cols[JP_PMAX];
    const size_t pp = s->p * s->p;
    double bestv = INFINITY;
    size_t besti = 0;
    for (size_t q = 0; q < s->nsets; q++) {
        const size_t p = set_cols(g, s->idx + q * (size_t)s->k, s->k, cols);
        const double v = set_sse(s->L + q * pp, p, cols, c, yy);
        if (v < bestv) {
            bestv = v;
            besti = q;
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
