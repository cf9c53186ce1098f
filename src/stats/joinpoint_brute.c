/*
 * joinpoint_brute.c - the joinpoint sets one at a time: their enumeration in
 * lexicographic order, the small dense Cholesky factorisation, a set
 * factored afresh and solved (jp_grid_best_brute, the reference that the
 * incremental search of joinpoint_search.c is tested against, bit for bit)
 * and the coefficients of one set (jp_grid_coef).
 */
#include <math.h>
#include <stdlib.h>

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
