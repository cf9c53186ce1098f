/*
 * joinpoint_rows.h - the row operations shared by the incremental search
 * (joinpoint_search.c) and the stored factors (joinpoint_sets.c): one row
 * of a Cholesky factor, one row of the forward solve, and the two-lane
 * vector type of the batched last level.  Private to src/stats.
 */
#ifndef MONITREND_JOINPOINT_ROWS_H
#define MONITREND_JOINPOINT_ROWS_H

#include <math.h>
#include <stddef.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "joinpoint_internal.h"

/* Row a of the factor for column list cols with column col_a in place a,
 * rows 0..a-1 of L (stride JP_PMAX) being done, into La; 0 when the pivot
 * fails as in jp_chol. */
static inline int factor_row_into(const jp_grid *g, const size_t *cols, size_t col_a, size_t a,
                                  const double *L, double *La)
{
    const double *Ga = g->G + col_a * g->m;
    for (size_t b = 0; b < a; b++) {
        const double *Lb = L + b * JP_PMAX;
        double s = Ga[cols[b]];
        for (size_t q = 0; q < b; q++)
            s -= La[q] * Lb[q];
        La[b] = s / Lb[b];
    }
    const double diag = Ga[col_a];
    double d = diag;
    for (size_t q = 0; q < a; q++)
        d -= La[q] * La[q];
    if (!(d > JP_CHOL_TOL * diag) || !(diag > 0.0))
        return 0;
    La[a] = sqrt(d);
    return 1;
}

/* Row a of the factor for column list cols, rows 0..a-1 of L (stride
 * JP_PMAX) being done; 0 when the pivot fails as in jp_chol. */
static inline int factor_row(const jp_grid *g, const size_t *cols, size_t a, double *L)
{
    return factor_row_into(g, cols, cols[a], a, L, L + a * JP_PMAX);
}

/* z[a] and the running sum of squares qs[a + 1] = qs[a] + z[a]^2. */
static inline void solve_row(const double *La, size_t a, const double *c, size_t col, double *z,
                      double *qs)
{
    double s = c[col];
    for (size_t b = 0; b < a; b++)
        s -= La[b] * z[b];
    z[a] = s / La[a];
    qs[a + 1] = qs[a] + z[a] * z[a];
}

/* Two doubles per operation (SSE2 on x86-64, plain code elsewhere): each
 * lane performs exactly the scalar operations, so the results do not depend
 * on the vector width. */
typedef double jp_v2 __attribute__((vector_size(16)));

/* Lane masks of jp_v2 comparisons (all ones where true). */
typedef long long jp_m2 __attribute__((vector_size(16)));

/* Square roots of both lanes, correctly rounded as sqrt(). */
static inline jp_v2 jp_sqrt2(jp_v2 x)
{
#if defined(__SSE2__)
    return (jp_v2)_mm_sqrt_pd((__m128d)x);
#else
    jp_v2 r = {sqrt(x[0]), sqrt(x[1])};
    return r;
#endif
}

/* a > b ? a : b lane by lane (NaN in a never wins) */
static inline jp_v2 jp_max2(jp_v2 a, jp_v2 b)
{
#if defined(__SSE2__)
    return (jp_v2)_mm_max_pd((__m128d)a, (__m128d)b); /* exactly a > b ? a : b */
#else
    const jp_m2 m = a > b;
    return (jp_v2)(((jp_m2)a & m) | ((jp_m2)b & ~m));
#endif
}

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

#endif
