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
        singular_leaves += s.nleaves - s.nsets;
        jp_sets_free(&s);
        compared++;
    }
    free(c);
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

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_series),
        cmocka_unit_test(test_cdc_series),
        cmocka_unit_test(test_fit_uses_same_sets),
        cmocka_unit_test(test_progress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
