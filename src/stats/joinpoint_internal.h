/*
 * joinpoint_internal.h - private interface between the joinpoint files:
 * the grid-search engine (joinpoint_search.c) and the fitting, inference and
 * selection layer (joinpoint.c).  Not installed, not part of the API.
 */
#ifndef MONITREND_JOINPOINT_INTERNAL_H
#define MONITREND_JOINPOINT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "monitrend/joinpoint.h"

/* Responses handled at once by the batched replay (joinpoint_batch.c). */
#define JP_LANES 4

/* Maximum number of coefficients: intercept, slope, joinpoints, jumps. */
#define JP_PMAX (2 + MT_JP_MAX_JOINPOINTS + MT_JP_MAX_JUMPS)

/*
 * The search engine.  Columns of the (sqrt-weighted) design are
 *   base:  1, t - tcenter, jump steps                (nbase = 2 + n_jumps)
 *   cand:  (t - c_j)+ for every grid candidate c_j   (ncand)
 * and G holds all their cross products, so that the normal equations of any
 * joinpoint set are a submatrix of G: the search never touches the n rows
 * again.  For a response y only X'Wy (m numbers) is needed.
 */
typedef struct {
    size_t n, nbase, ncand, m;
    double tcenter;
    double *cand;     /* ncand candidate times */
    size_t *nlt;      /* #{t_i < c_j} */
    size_t *nle;      /* #{t_i <= c_j} */
    double *X;        /* n x m, row-major, rows multiplied by sqrt(w_i) */
    double *G;        /* m x m */
    double *sw;       /* n, sqrt(w_i) */
    size_t *nnz;      /* n: row i of X is zero past its first nnz[i] entries */
    size_t min_between;
} jp_grid;

/* Build the engine; returns MT_OK, MT_ENOMEM or MT_EINVAL. */
mt_status jp_grid_init(jp_grid *g, const double *t, const double *w, size_t n,
                       const mt_jp_options *o);
void jp_grid_free(jp_grid *g);

/* Best set for k joinpoints: minimum SSE over all admissible sets, for the
 * response y (unweighted values; weights are in g).  best[] receives the
 * candidate indices, *sse the weighted SSE.  Returns 0 if no admissible,
 * non-singular set exists, 1 otherwise. */
int jp_grid_best(const jp_grid *g, const double *y, int k, size_t *best, double *sse);

/* jp_grid_best for every k = 0..kmax in one walk (the inner nodes of depth
 * k of the walk for kmax are the k-joinpoint sets, in the same order and
 * with the same operations): sse[k], found[k] and the candidate indices of
 * set k at best[k * MT_JP_MAX_JOINPOINTS ..].  Bit-identical to kmax + 1
 * calls of jp_grid_best; -1 when out of memory, else 1. */
int jp_grid_best_upto(const jp_grid *g, const double *y, int kmax, size_t *best, double *sse,
                      int *found);

/* The same by enumerating and factoring every set afresh: the reference
 * that the incremental search is tested against (bit-identical results). */
int jp_grid_best_brute(const jp_grid *g, const double *y, int k, size_t *best, double *sse);

/* Number of admissible sets for k (stops counting at limit+1). */
/* jp_grid_count's answer when its scratch could not be allocated (never a
 * count: counts saturate at limit + 1, and limit < SIZE_MAX here). */
#define JP_COUNT_NOMEM SIZE_MAX
size_t jp_grid_count(const jp_grid *g, int k, size_t limit);
/* The same for every k = 0..kmax in one pass (kmax <= MT_JP_MAX_JOINPOINTS):
 * counts[k]; 0, or -1 when out of memory. */
int jp_grid_count_upto(const jp_grid *g, int kmax, size_t limit, size_t *counts);

/* Precomputed factorisations of every admissible set for k, for repeated
 * responses (permutation tests), stored as the prefix tree of the sets
 * (joinpoint_sets.c, "Stored factors"): the factor rows of the base
 * columns, the inner nodes in pre-order, and per node of depth k - 1 the
 * group of its last joinpoints.  Leaf (set) q has candidates idx[q*k ..]. */
typedef struct {
    size_t lo, cnt;  /* last joinpoints lo .. lo + cnt - 1 */
    size_t off;      /* rows at leaf + off: rows nbase .. p - 1 of the factor,
                        blocks of cnt + 1 entries (rows 0 .. nbase - 1: lb) */
    size_t leaf0;    /* number of the group's first leaf */
} jp_group;

typedef struct {
    int k;
    size_t p;        /* nbase + k */
    size_t nsets;    /* non-singular sets */
    size_t nleaves;  /* sets including singular ones (NaN diagonal) */
    size_t *idx;     /* nleaves x k candidate indices */
    double base[JP_PMAX * JP_PMAX]; /* factor rows of the base columns, stride JP_PMAX */
    size_t nnodes;   /* inner nodes, depth 1 .. k - 1 */
    double *rows;    /* nnodes x p: factor row of each node (row length nbase + depth) */
    unsigned char *depth;
    size_t *col;     /* column of the node's joinpoint in G */
    size_t ngroups;
    jp_group *grp;
    double *leaf;    /* group rows, structure of arrays */
    /* per leaf, in leaf order (nleaves + 1, padded), what the batched
     * replay reads: its diagonal (NaN: failed pivot), 1 / it, and its entry
     * against the last joinpoint of its prefix (k >= 2); contiguous, so
     * that the replay streams them rather than picking rows out of the
     * groups */
    double *diag, *linv, *lrow;
    size_t leaf_used;
    /* per candidate c, its factor-row entries against the base columns,
     * the same in every group (so not stored there): lb[b * (ncand + 2) + c] */
    double *lb;
    double *u;       /* scratch of the replay: (ncand + 2) * JP_LANES */
    /* nodes of depth d <= k - 2: the entries of the factor rows of the
     * candidates c = elo[q] .. ncand - 1 (every joinpoint of depth k - 1 or
     * k below node q) against the node's column, ent[eoff[q] + c - elo[q]]:
     * the same in every group below it, so the batched replay subtracts
     * them once per node (into w, (k - 2) levels of (ncand + 2) * JP_LANES)
     * instead of once per leaf and per parent of a group */
    size_t *elo, *eoff;
    double *ent;
    size_t ent_used;
    double *w;
} jp_sets;

/* Returns MT_OK, MT_ENOMEM, or MT_ELIMIT when the factors would need more than
 * JP_SETS_MAX_DOUBLES doubles (256 MB): the permutation test on long series
 * with many joinpoints must then be run with a smaller maximum. */
mt_status jp_sets_build(const jp_grid *g, int k, jp_sets *s);
#define JP_SETS_MAX_DOUBLES ((size_t)32 * 1024 * 1024)
void jp_sets_free(jp_sets *s);

/* X'W y and weighted centred y'y for response y: c must hold g->m. */
void jp_grid_xty(const jp_grid *g, const double *y, double *c, double *yy);

/* Minimum SSE over s given c, yy from jp_grid_xty; *arg the set index. */
double jp_sets_min_sse(const jp_grid *g, const jp_sets *s, const double *c, double yy,
                       size_t *arg);

/* jp_grid_xty for JP_LANES responses: Y holds y_i of response l at
 * Y[i * JP_LANES + l] (n rows); C receives X'Wy of column a at
 * C[a * JP_LANES + l] ((m + 1) rows, the last one zero padding), yy the
 * JP_LANES values y'Wy; V is scratch of n * JP_LANES.  Lane by lane
 * bit-identical to jp_grid_xty. */
void jp_grid_xty_batch(const jp_grid *g, const double *Y, double *C, double *yy, double *V);

/* Without arg, trees of at least JP_SCREEN_MIN leaves are replayed with a
 * division-free screen and exact values only where they may matter
 * (joinpoint_batch.c); smaller ones without it (measured on the bench
 * machine: 15 % slower with it at 220 leaves, even at 1,500-3,000, 15-25 %
 * faster from 7,000 up). */
#define JP_SCREEN_MIN 4096

/* With arg (the bootstrap band, the joinpoint CIs), trees of at least
 * JP_ARG_SCREEN_MIN leaves are screened too: a group is computed exactly
 * only when its screen reaches the threshold set by a lane's best group so
 * far, since only such a group can lower that lane's SSE (joinpoint_batch.c,
 * walk_arg).  More instructions (a group that passes is computed twice),
 * fewer divisions; CPU time of mt_jp_location_ci with B = 1000 on the bench
 * machine, without -> with: 25 points, k = 3 (680 sets) 1.06 -> 0.84 ms,
 * k = 4 (1,365) 3.6 -> 3.2 ms; 44 points, k = 3 (7,770) 10.6 -> 7.8 ms;
 * k = 2 (171) and k = 1 (21) the same. */
#define JP_ARG_SCREEN_MIN 256

/* jp_sets_min_sse for the JP_LANES responses of C, yy (jp_grid_xty_batch):
 * sse[l] the minimum, and with arg non-NULL arg[l] the first set attaining
 * it; bit-identical to jp_sets_min_sse lane by lane. */
void jp_sets_min_batch(const jp_grid *g, const jp_sets *s, const double *C, const double *yy,
                       double *sse, size_t *arg);

/* The residual bootstrap shared by the band (joinpoint_select.c) and the
 * joinpoint CIs (joinpoint_ci.c).  Modified residuals of fit (Davison and
 * Hinkley 1997, alg. 6.3): sqrt(w_i) e_i / sqrt(1 - h_ii), centred, into
 * r[0..n-1]. */
void jp_boot_residuals(const jp_grid *g, const double *t, const double *y, const double *w,
                       const mt_jp_result *fit, double *r);
/* One resample y*_i = fitted_i + r_U / sqrt(w_i), U uniform on 0..n-1
 * drawn from rng in order i = 0..n-1, into ys[i * stride] (the band; the
 * CIs draw the same way from jp_mt, jp_mt_boot_samples). */
void jp_boot_sample(const gsl_rng *rng, const jp_grid *g, const double *fitted, const double *r,
                    double *ys, size_t stride);

/* The resamples of the joinpoint CIs (joinpoint_ci.c): B samples drawn as
 * jp_boot_sample does, one after the other from mt19937 seeded with seed
 * (gsl_rng_set), and for each the first set of s with the least SSE
 * (jp_sets_min_sse's arg) into arg[0..B-1].  MT_OK or MT_ENOMEM. */
mt_status jp_ci_sets(const jp_grid *g, const jp_sets *s, const double *fitted, const double *r,
                     unsigned long seed, size_t B, size_t *arg);

/* GSL's mt19937 (joinpoint_mt.c): the same numbers as gsl_rng_mt19937
 * seeded by gsl_rng_set, made a block at a time. */
#define JP_MT_N 624
typedef struct {
    uint32_t mt[JP_MT_N];  /* the generator's state */
    uint32_t out[JP_MT_N]; /* the tempered words of the current block */
    size_t pos;            /* next word of out; JP_MT_N: regenerate first */
} jp_mt;
/* gsl_rng_set(rng, seed) */
void jp_mt_seed(jp_mt *m, unsigned long seed);
/* gsl_rng_get(rng) */
uint32_t jp_mt_get(jp_mt *m);
/* gsl_rng_uniform_int(rng, n), 1 <= n < 2^32 */
size_t jp_mt_uniform_int(jp_mt *m, size_t n);
/* jp_boot_sample nl times (nl <= JP_LANES) with these draws: resample l
 * into Y[i * JP_LANES + l].  With F non-NULL, F[i * n + u] must hold
 * fitted[i] + r[u] / sqrt(w_i) (the same sum, made once per pair). */
void jp_mt_boot_samples(jp_mt *m, const jp_grid *g, const double *fitted, const double *r,
                        const double *F, double *Y, size_t nl);

/* gsl_ran_shuffle(rng, r, n, sizeof *r): the same draws and the same
 * permutation, faster. */
void jp_shuffle(const gsl_rng *rng, double *r, size_t n);

/* Enumerate admissible sets in lexicographic order: first = 1 gives the
 * first set; returns 0 when exhausted. */
int jp_grid_next_set(const jp_grid *g, int k, size_t *idx, int first);

/* Coefficients (base columns, then hinges) of set idx for the response whose
 * X'Wy is c (from jp_grid_xty, i.e. y centred: add the weighted mean of y to
 * beta[0]).  *ok = 0 when the set is singular. */
void jp_grid_coef(const jp_grid *g, const size_t *idx, int k, const double *c, double *beta,
                  int *ok);

/* Small dense Cholesky (row-major, p x p); returns 0 when not positive
 * definite to the relative tolerance JP_CHOL_TOL. */
int jp_chol(double *A, size_t p);

/* Shared by joinpoint.c and joinpoint_select.c. */
mt_status jp_validate(const double *t, const double *y, const double *w, size_t n,
                      const mt_jp_options *o, mt_error *err);
/* Design row (1, x - tc, (x - tau_j)+, 1(x >= s_m)) into row[2 + k + nj]. */
void jp_design_row(double x, double tc, const double *taus, int k, const double *jumps, size_t nj,
                   double *row);
/* Poisson IRLS on an n x p row-major design; mu receives the fitted means. */
mt_status jp_irls(const double *X, const double *y, const double *off, size_t n, size_t p,
                  double *c, double *cov, double *dev, double *mu);
/* Fit a given joinpoint set (validated input); allocates *out. */
mt_status jp_fit_fixed_core(const double *t, const double *y, const double *w, size_t n,
                            const double *taus, int k, const mt_jp_options *o, mt_jp_result **out,
                            mt_error *err);

/* Relative pivot tolerance: a pivot below JP_CHOL_TOL times its diagonal
 * entry means the column is (numerically) a combination of the others, e.g.
 * a hinge that coincides with a jump step. */
#define JP_CHOL_TOL 1e-10

#endif
