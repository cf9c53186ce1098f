/* test_jpsearch.c - the incremental joinpoint search (factor rows shared
 * along the sets' prefixes, joinpoint_search.c) against the brute-force
 * path it replaced (every set enumerated and factored afresh, kept as
 * jp_grid_best_brute).  The reference is that older code itself: both must
 * pick the same set with a bit-identical SSE, on many random series (with
 * and without weights, jumps, grid points between observations, exact ties)
 * and on the CDC mortality series bundled as the Program's reference data.
 * The stored prefix tree of the permutation test (jp_sets) is checked the
 * same way, and the closed-form set count against enumeration. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "monitrend/init.h"
#include "../../src/stats/joinpoint_internal.h"
#include "../reference/joinpoint/cdc_mortality.inc"

/* Counted by enumeration, the definition jp_grid_count replaces. */
static size_t count_enum(const jp_grid *g, int k)
{
    size_t idx[MT_JP_MAX_JOINPOINTS], count = 0;
    for (int more = jp_grid_next_set(g, k, idx, 1); more; more = jp_grid_next_set(g, k, idx, 0))
        count++;
    return count;
}

static size_t singular_leaves; /* sets with a failed pivot met so far */

/* Every check for one series: returns the number of (k, method) pairs compared. */
static size_t check_series(const double *t, const double *y, const double *w, size_t n,
                           const mt_jp_options *o, int kmax)
{
    jp_grid g;
    assert_int_equal(jp_grid_init(&g, t, w, n, o), MT_OK);
    double *c = malloc(g.m * sizeof *c);
    assert_non_null(c);
    double yy;
    jp_grid_xty(&g, y, c, &yy);
    size_t compared = 0;
    /* one walk for every k against a walk per k */
    size_t ub[(MT_JP_MAX_JOINPOINTS + 1) * MT_JP_MAX_JOINPOINTS];
    double us[MT_JP_MAX_JOINPOINTS + 1];
    int uf[MT_JP_MAX_JOINPOINTS + 1];
    assert_int_equal(jp_grid_best_upto(&g, y, kmax, ub, us, uf), 1);
    /* four responses at once (joinpoint_batch.c) against one at a time:
     * y itself, y reversed, y with a swapped pair and y plus a wiggle */
    double *Y = malloc(n * JP_LANES * sizeof *Y), *V = malloc(n * JP_LANES * sizeof *V);
    double *C = malloc((g.m + 1) * JP_LANES * sizeof *C), *cl = malloc(g.m * sizeof *cl);
    double yyl[JP_LANES], yl[JP_LANES][128];
    assert_true(Y && V && C && cl && n <= 128);
    for (size_t i = 0; i < n; i++) {
        yl[0][i] = y[i];
        yl[1][i] = y[n - 1 - i];
        yl[2][i] = y[i == 1 ? n - 2 : i == n - 2 ? 1 : i];
        yl[3][i] = y[i] + 0.01 * sin((double)i);
        for (int l = 0; l < JP_LANES; l++)
            Y[i * JP_LANES + (size_t)l] = yl[l][i];
    }
    jp_grid_xty_batch(&g, Y, C, yyl, V);
    for (int l = 0; l < JP_LANES; l++) {
        double yy1;
        jp_grid_xty(&g, yl[l], cl, &yy1);
        assert_true(memcmp(&yy1, &yyl[l], sizeof yy1) == 0);
        for (size_t a = 0; a < g.m; a++)
            assert_true(memcmp(&cl[a], &C[a * JP_LANES + (size_t)l], sizeof cl[a]) == 0);
    }
    for (int k = 0; k <= kmax; k++) {
        const size_t ne = count_enum(&g, k);
        assert_int_equal(jp_grid_count(&g, k, SIZE_MAX - 1), ne);
        assert_int_equal(jp_grid_count(&g, k, 0), ne > 0 ? 1 : 0);
        if (ne > 3)
            assert_int_equal(jp_grid_count(&g, k, 2), 3);
        size_t b1[MT_JP_MAX_JOINPOINTS] = {0}, b2[MT_JP_MAX_JOINPOINTS] = {0};
        double s1 = NAN, s2 = NAN;
        const int f1 = jp_grid_best(&g, y, k, b1, &s1);
        const int f2 = jp_grid_best_brute(&g, y, k, b2, &s2);
        assert_int_equal(f1, f2);
        assert_int_equal(uf[k], f1);
        assert_true(!f1 || memcmp(&us[k], &s1, sizeof s1) == 0);
        for (int j = 0; j < k && f1; j++)
            assert_int_equal(ub[(size_t)k * MT_JP_MAX_JOINPOINTS + (size_t)j], b1[j]);
        if (!f1)
            continue;
        /* bit-identical: the same operations in the same order */
        if (memcmp(&s1, &s2, sizeof s1) != 0)
            fail_msg("n %zu k %d: incremental SSE %.17g, brute force %.17g", n, k, s1, s2);
        for (int j = 0; j < k; j++)
            assert_int_equal(b1[j], b2[j]);
        jp_sets s;
        assert_int_equal(jp_sets_build(&g, k, &s), MT_OK);
        size_t arg = 0;
        const double s3 = jp_sets_min_sse(&g, &s, c, yy, &arg);
        if (memcmp(&s3, &s2, sizeof s3) != 0)
            fail_msg("n %zu k %d: stored-tree SSE %.17g, brute force %.17g", n, k, s3, s2);
        for (int j = 0; j < k; j++)
            assert_int_equal(s.idx[arg * (size_t)k + (size_t)j], b2[j]);
        double bs[JP_LANES], bm[JP_LANES];
        size_t ba[JP_LANES];
        jp_sets_min_batch(&g, &s, C, yyl, bs, ba);
        jp_sets_min_batch(&g, &s, C, yyl, bm, NULL);
        for (int l = 0; l < JP_LANES; l++) {
            size_t a1 = 0;
            double yy1;
            jp_grid_xty(&g, yl[l], cl, &yy1);
            const double s1l = jp_sets_min_sse(&g, &s, cl, yy1, &a1);
            if (memcmp(&s1l, &bs[l], sizeof s1l) != 0 || memcmp(&s1l, &bm[l], sizeof s1l) != 0)
                fail_msg("n %zu k %d lane %d: batched SSE %.17g / %.17g, one at a time %.17g", n,
                         k, l, bs[l], bm[l], s1l);
            assert_int_equal(ba[l], a1);
        }
        singular_leaves += s.nleaves - s.nsets;
        jp_sets_free(&s);
        compared++;
    }
    free(c);
    free(Y);
    free(V);
    free(C);
    free(cl);
    jp_grid_free(&g);
    return compared;
}

static void test_random_series(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20261202);
    size_t compared = 0;
    for (int rep = 0; rep < 400; rep++) {
        const size_t n = 7 + gsl_rng_uniform_int(rng, 30);
        double t[40], y[40], w[40], jump;
        const double slope = gsl_ran_gaussian(rng, 0.05);
        const double tau = 2000.0 + (double)(n / 2);
        const int tied = rep % 10 == 0; /* exactly piecewise-linear: many SSE ties at 0 */
        for (size_t i = 0; i < n; i++) {
            t[i] = 2000.0 + (double)i + (rep % 7 == 0 && i > n / 3 ? 0.5 : 0.0);
            y[i] = 3.0 + slope * (t[i] - 2000.0) + (t[i] > tau ? 0.1 * (t[i] - tau) : 0.0);
            if (!tied)
                y[i] += gsl_ran_gaussian(rng, 0.05);
            w[i] = 0.5 + gsl_rng_uniform(rng);
        }
        mt_jp_options o;
        mt_jp_options_default(&o);
        o.grid_between = rep % 5 == 0 ? 1 : 0;
        if (rep % 4 == 1) {
            jump = t[n / 2] - 0.25;
            o.jumps = &jump;
            o.n_jumps = 1;
        }
        if (rep % 6 == 2) {
            o.min_end = 1;
            o.min_between = 1;
        }
        if (rep % 8 == 3) {
            /* a jump between the last two points: the hinge at the
             * second-to-last point is the same column, its pivot fails */
            o.min_end = 1;
            o.grid_between = 0;
            jump = t[n - 1] - 0.5;
            o.jumps = &jump;
            o.n_jumps = 1;
        }
        const int kmax = n < 20 ? 4 : 3;
        compared += check_series(t, y, rep % 3 == 0 ? w : NULL, n, &o, kmax);
    }
    gsl_rng_free(rng);
    /* the comparisons are not vacuous: most (series, k) pairs have sets */
    assert_true(compared > 1000);
    assert_true(singular_leaves > 0); /* the failed-pivot path was exercised */
}

/* The Program's CDC mortality series (ln rates), first 40 years and all 99
 * with up to 2 joinpoints (the exhaustive search at 99 points and 3
 * joinpoints is slow in the brute-force reference). */
static void test_cdc_series(void **state)
{
    (void)state;
    size_t compared = 0;
    for (int cause = 0; cause < CDC_NCAUSE; cause++) {
        double ly[CDC_N];
        for (size_t i = 0; i < CDC_N; i++)
            ly[i] = log(cdc_y[cause][i]);
        mt_jp_options o;
        mt_jp_options_default(&o);
        compared += check_series(cdc_year, ly, NULL, 40, &o, 3);
        compared += check_series(cdc_year, ly, NULL, CDC_N, &o, 2);
    }
    assert_int_equal(compared, CDC_NCAUSE * (4 + 3));
}

/* Whole fits through the public API stay as they were: mt_jp_fit with WBIC
 * and with the permutation test chooses the sets the brute-force search
 * chooses (the permutation decision rests on jp_sets_min_sse alone). */
static void test_fit_uses_same_sets(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    for (int rep = 0; rep < 20; rep++) {
        const size_t n = 20;
        double t[20], y[20];
        for (size_t i = 0; i < n; i++) {
            t[i] = 2000.0 + (double)i;
            y[i] = 2.0 + 0.03 * (double)i - (i > 11 ? 0.08 * (double)(i - 11) : 0.0) +
                   gsl_ran_gaussian(rng, 0.04);
        }
        mt_jp_options o;
        mt_jp_options_default(&o);
        o.max_joinpoints = 2;
        mt_jp_result *r = NULL;
        mt_error e;
        assert_int_equal(mt_jp_fit(t, y, NULL, n, &o, &r, &e), MT_OK);
        jp_grid g;
        assert_int_equal(jp_grid_init(&g, t, NULL, n, &o), MT_OK);
        for (int k = 0; k <= r->max_joinpoints; k++) {
            size_t b[MT_JP_MAX_JOINPOINTS];
            double sse;
            assert_int_equal(jp_grid_best_brute(&g, y, k, b, &sse), 1);
            if (memcmp(&sse, &r->kstats[k].sse, sizeof sse) != 0)
                fail_msg("k %d: fit SSE %.17g, brute force %.17g", k, r->kstats[k].sse, sse);
            for (int j = 0; j < k; j++)
                assert_true(g.cand[b[j]] == r->kstats[k].taus[j]);
        }
        jp_grid_free(&g);
        mt_jp_result_free(r);
    }
    gsl_rng_free(rng);
}

/* Progress callbacks (-v): one call per sequential permutation test, ten
 * during a bootstrap of B = 50 plus the last; the results do not change. */
typedef struct {
    size_t perm, boot, last_done, last_total;
} progress_log;

static void on_progress(void *ctx, const char *what, size_t done, size_t total)
{
    progress_log *p = ctx;
    if (strcmp(what, "permutation test") == 0)
        p->perm++;
    else if (strcmp(what, "bootstrap") == 0)
        p->boot++;
    p->last_done = done;
    p->last_total = total;
}

static void test_progress(void **state)
{
    (void)state;
    double t[20], y[20], x[20], lo1[20], hi1[20], lo2[20], hi2[20];
    for (size_t i = 0; i < 20; i++) {
        t[i] = x[i] = 2000.0 + (double)i;
        y[i] = 2.0 + 0.02 * (double)i + (i > 10 ? 0.1 * (double)(i - 10) : 0.0) +
               0.03 * sin(3.0 * (double)i);
    }
    mt_jp_options o;
    mt_jp_options_default(&o);
    o.select = MT_JP_SELECT_PERMUTATION;
    o.max_joinpoints = 2;
    o.n_permutations = 99;
    progress_log pl = {0, 0, 0, 0};
    mt_jp_result *r1 = NULL, *r2 = NULL;
    mt_error e;
    assert_int_equal(mt_jp_fit(t, y, NULL, 20, &o, &r1, &e), MT_OK);
    o.progress = on_progress;
    o.progress_ctx = &pl;
    assert_int_equal(mt_jp_fit(t, y, NULL, 20, &o, &r2, &e), MT_OK);
    assert_int_equal(pl.perm, 2); /* two tests between 0 and 2 joinpoints */
    assert_int_equal(pl.last_total, 2);
    assert_int_equal(r1->k, r2->k);
    for (int k = 0; k <= 2; k++)
        assert_true(memcmp(&r1->kstats[k].p_perm, &r2->kstats[k].p_perm, sizeof(double)) == 0);
    mt_jp_result_free(r1);
    mt_jp_result_free(r2);
    o.select = MT_JP_SELECT_WBIC;
    o.progress = NULL;
    assert_int_equal(mt_jp_bootstrap_band(t, y, NULL, 20, &o, 50, x, 20, lo1, hi1, &e), MT_OK);
    o.progress = on_progress;
    memset(&pl, 0, sizeof pl);
    assert_int_equal(mt_jp_bootstrap_band(t, y, NULL, 20, &o, 50, x, 20, lo2, hi2, &e), MT_OK);
    assert_int_equal(pl.boot, 10); /* 5, 10, ..., 45, then 50 of 50 */
    assert_int_equal(pl.last_done, 50);
    assert_int_equal(pl.last_total, 50);
    assert_int_equal(pl.perm, 0);
    assert_true(memcmp(lo1, lo2, sizeof lo1) == 0 && memcmp(hi1, hi2, sizeof hi1) == 0);
}

/* jp_shuffle makes gsl_ran_shuffle's permutation from the same draws and
 * leaves the stream where gsl_ran_shuffle leaves it. */
static void test_shuffle(void **state)
{
    (void)state;
    gsl_rng *r1 = gsl_rng_alloc(gsl_rng_mt19937), *r2 = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r1, 99);
    gsl_rng_set(r2, 99);
    for (size_t n = 1; n < 60; n++) {
        double a[60], b[60];
        for (size_t i = 0; i < n; i++)
            a[i] = b[i] = (double)i;
        for (int rep = 0; rep < 3; rep++) {
            gsl_ran_shuffle(r1, a, n, sizeof *a);
            jp_shuffle(r2, b, n);
            assert_true(memcmp(a, b, n * sizeof *a) == 0);
        }
        assert_int_equal(gsl_rng_get(r1), gsl_rng_get(r2));
    }
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

/* The sequential permutation tests as they were before permutations were
 * batched (one permutation at a time, gsl_ran_shuffle, jp_sets_min_sse):
 * the p-values of mt_jp_fit must be bit-identical, with and without early
 * stopping (which must leave the stream where the last permutation used
 * left it, as the next test continues from there). */
static size_t reference_p(const double *t, const double *y, size_t n, const mt_jp_options *o,
                          double *p_out)
{
    size_t mid_batch = 0; /* early stops inside a batch of JP_LANES */
    jp_grid g;
    assert_int_equal(jp_grid_init(&g, t, NULL, n, o), MT_OK);
    const int kmax = o->max_joinpoints;
    jp_sets sets[MT_JP_MAX_JOINPOINTS + 1];
    for (int k = 0; k <= kmax; k++)
        assert_int_equal(jp_sets_build(&g, k, &sets[k]), MT_OK);
    double *c = malloc(g.m * sizeof *c), f0[40], r[40], ys[40], yy;
    assert_true(c && n <= 40);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, (unsigned long)o->seed);
    double ybar = 0.0;
    for (size_t i = 0; i < n; i++)
        ybar += y[i];
    ybar /= (double)n; /* unit weights: sum w y / sum w */
    int ka = 0, kb = kmax;
    for (int k = 0; k <= MT_JP_MAX_JOINPOINTS; k++)
        p_out[k] = NAN;
    while (ka < kb) {
        size_t arg;
        jp_grid_xty(&g, y, c, &yy);
        const double sa = jp_sets_min_sse(&g, &sets[ka], c, yy, &arg);
        const double sb = jp_sets_min_sse(&g, &sets[kb], c, yy, NULL);
        double beta[JP_PMAX];
        int ok;
        jp_grid_coef(&g, sets[ka].idx + arg * (size_t)ka, ka, c, beta, &ok);
        for (size_t i = 0; i < n; i++) {
            double s = 0.0;
            const double *row = g.X + i * g.m;
            for (size_t b = 0; b < g.nbase; b++)
                s += row[b] * beta[b];
            for (int j = 0; j < ka; j++)
                s += row[g.nbase + sets[ka].idx[arg * (size_t)ka + (size_t)j]] * beta[g.nbase + (size_t)j];
            f0[i] = s / g.sw[i] + ybar;
            r[i] = g.sw[i] * (y[i] - f0[i]);
        }
        const double level = o->alpha / (double)(kmax - ka), T = sa / sb;
        const size_t N = o->n_permutations;
        size_t count = 0, done_n = 0;
        for (size_t q = 0; q < N; q++) {
            gsl_ran_shuffle(rng, r, n, sizeof *r);
            for (size_t i = 0; i < n; i++)
                ys[i] = f0[i] + r[i] / g.sw[i];
            double yys;
            jp_grid_xty(&g, ys, c, &yys);
            const double sa2 = jp_sets_min_sse(&g, &sets[ka], c, yys, NULL);
            const double sb2 = jp_sets_min_sse(&g, &sets[kb], c, yys, NULL);
            if (!(sb2 > 0.0) || sa2 / sb2 >= T * (1.0 - 1e-12))
                count++;
            done_n = q + 1;
            if (o->early_stop) {
                const double plo = (1.0 + (double)count) / ((double)N + 1.0);
                const double phi = (1.0 + (double)(count + N - done_n)) / ((double)N + 1.0);
                if (plo >= level || phi < level)
                    break;
            }
        }
        double p = (1.0 + (double)count) / ((double)done_n + 1.0);
        mid_batch += done_n < N && done_n % JP_LANES != 0;
        if (o->early_stop && done_n < N) {
            const double plo = (1.0 + (double)count) / ((double)N + 1.0);
            if (plo >= level && p < level)
                p = plo;
        }
        p_out[kb] = p;
        if (p < level)
            ka++;
        else
            kb--;
    }
    for (int k = 0; k <= kmax; k++)
        jp_sets_free(&sets[k]);
    free(c);
    gsl_rng_free(rng);
    jp_grid_free(&g);
    return mid_batch;
}

/* The batched replay without arg screens each group with 1 / diagonal and
 * computes exactly only the groups that come near the largest screen
 * (joinpoint_batch.c, trees of JP_SCREEN_MIN leaves or more): responses
 * that stress it against the one-response path: a constant one (every
 * group ties at 0), an exact piecewise-linear one (ties at rounding
 * level), one scaled by 1e-158 (squares of z subnormal, where the relative
 * bound does not hold), one by 1e+140, a rounded one, and plain ones. */
static void test_screen_edges(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 1515);
    size_t compared = 0, screened = 0, screened_arg = 0;
    for (int rep = 0; rep < 8; rep++) {
        /* long enough for trees above JP_SCREEN_MIN leaves at k = 3, 4 */
        const size_t n = 40 + gsl_rng_uniform_int(rng, 9);
        double t[48], y[48], yl[2 * JP_LANES][48];
        for (size_t i = 0; i < n; i++) {
            t[i] = 2000.0 + (double)i;
            y[i] = 2.0 + 0.03 * (double)i - (i > n / 2 ? 0.08 * (double)(i - n / 2) : 0.0);
            yl[0][i] = 5.0;
            yl[1][i] = y[i];
            y[i] += gsl_ran_gaussian(rng, 0.05);
            yl[2][i] = 1e-158 * y[i];
            yl[3][i] = 1e140 * y[i];
        }
        for (size_t i = 0; i < n; i++) { /* and four ordinary ones */
            yl[4][i] = y[i];
            yl[5][i] = y[n - 1 - i];
            yl[6][i] = y[(i * 7) % n];
            yl[7][i] = floor(10.0 * y[i]) / 10.0; /* rounded: many near ties */
        }
        mt_jp_options o;
        mt_jp_options_default(&o);
        o.grid_between = rep % 4 == 3 ? 1 : 0;
        jp_grid g;
        assert_int_equal(jp_grid_init(&g, t, NULL, n, &o), MT_OK);
        double *Y = malloc(n * JP_LANES * sizeof *Y), *V = malloc(n * JP_LANES * sizeof *V);
        double *C = malloc((g.m + 1) * JP_LANES * sizeof *C), *cl = malloc(g.m * sizeof *cl);
        assert_true(Y && V && C && cl);
        for (int k = 3; k <= (o.grid_between ? 3 : 4); k++) {
            jp_sets s;
            assert_int_equal(jp_sets_build(&g, k, &s), MT_OK);
            screened += s.nleaves >= JP_SCREEN_MIN;
            screened_arg += s.nleaves >= JP_ARG_SCREEN_MIN;
            for (int half = 0; half < 2; half++) {
                for (size_t i = 0; i < n; i++)
                    for (int l = 0; l < JP_LANES; l++)
                        Y[i * JP_LANES + (size_t)l] = yl[half * JP_LANES + l][i];
                double yyl[JP_LANES], bm[JP_LANES], ba[JP_LANES];
                size_t aa[JP_LANES];
                jp_grid_xty_batch(&g, Y, C, yyl, V);
                jp_sets_min_batch(&g, &s, C, yyl, bm, NULL);
                jp_sets_min_batch(&g, &s, C, yyl, ba, aa); /* the set too */
                for (int l = 0; l < JP_LANES; l++) {
                    double yy1;
                    size_t a1;
                    jp_grid_xty(&g, yl[half * JP_LANES + l], cl, &yy1);
                    const double s1 = jp_sets_min_sse(&g, &s, cl, yy1, &a1);
                    if (memcmp(&s1, &bm[l], sizeof s1) != 0 || memcmp(&s1, &ba[l], sizeof s1))
                        fail_msg("rep %d k %d lane %d: batched SSE %a / %a, one at a time %a",
                                 rep, k, half * JP_LANES + l, bm[l], ba[l], s1);
                    if (aa[l] != a1)
                        fail_msg("rep %d k %d lane %d: batched set %zu, one at a time %zu", rep,
                                 k, half * JP_LANES + l, aa[l], a1);
                    compared++;
                }
            }
            jp_sets_free(&s);
        }
        free(Y);
        free(V);
        free(C);
        free(cl);
        jp_grid_free(&g);
    }
    gsl_rng_free(rng);
    assert_true(compared > 100);
    assert_true(screened > 8); /* the screen was exercised */
    assert_true(screened_arg > 8); /* and the arg path's */
}

static void test_permutation_reference(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 15);
    size_t mid_batch = 0;
    for (int rep = 0; rep < 12; rep++) {
        const size_t n = 18 + (size_t)rep % 5;
        double t[40], y[40];
        const double d = rep % 3 == 0 ? 0.0 : 0.06; /* no joinpoint: early acceptance */
        for (size_t i = 0; i < n; i++) {
            t[i] = 2000.0 + (double)i;
            y[i] = 1.0 + 0.02 * (double)i + (i > 8 ? d * (double)(i - 8) : 0.0) +
                   gsl_ran_gaussian(rng, 0.03);
        }
        mt_jp_options o;
        mt_jp_options_default(&o);
        o.select = MT_JP_SELECT_PERMUTATION;
        o.max_joinpoints = 2;
        o.n_permutations = 97 + (size_t)rep; /* every remainder modulo JP_LANES */
        o.early_stop = rep % 2;
        o.seed = 1000 + (uint64_t)rep;
        double pref[MT_JP_MAX_JOINPOINTS + 1];
        mid_batch += reference_p(t, y, n, &o, pref);
        mt_jp_result *res = NULL;
        mt_error e;
        assert_int_equal(mt_jp_fit(t, y, NULL, n, &o, &res, &e), MT_OK);
        for (int k = 0; k <= 2; k++) {
            const double pk = res->kstats[k].p_perm;
            if (!(isnan(pk) && isnan(pref[k])) && memcmp(&pk, &pref[k], sizeof pk) != 0)
                fail_msg("rep %d k %d: p %.17g, reference %.17g", rep, k, pk, pref[k]);
        }
        mt_jp_result_free(res);
    }
    gsl_rng_free(rng);
    /* the stream was rewound inside a batch at least once */
    assert_true(mid_batch > 0);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_series),
        cmocka_unit_test(test_cdc_series),
        cmocka_unit_test(test_fit_uses_same_sets),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_shuffle),
        cmocka_unit_test(test_permutation_reference),
        cmocka_unit_test(test_screen_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
