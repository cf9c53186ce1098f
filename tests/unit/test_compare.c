/*
 * test_compare.c - pairwise comparison of joinpoint trends (src/stats/compare.c)
 * against the brute-force R oracle tests/reference/compare/compare_oracle.R
 * (transcript compare_oracle.Rout, data synthetic_pairs.csv made by
 * make_synthetic.R, and the bundled UNODC cocaine seizures NL/BE).
 *
 * The oracle fits the null models on the stacked 2n observations and
 * enumerates every joinpoint set with lm.fit, so the SSEs and statistics
 * test the C decomposition (mean and difference) exactly; its permutation
 * p-values come from R's own random numbers, so they are compared within
 * Monte Carlo error.  The files are read at run time from the repository
 * root (tests/run.sh runs every test there).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/init.h"
#include "monitrend/compare.h"

#define REF "tests/reference/compare/"
#define RTOL 1e-9
#define MAXN 64

/* synthetic_pairs.csv: year, diff_a, diff_b, par_a, par_b, weak_b (by header name) */
typedef struct {
    size_t n;
    double t[MAXN];
    double col[8][MAXN];
    char name[8][32];
    size_t ncol;
} table;

static void read_table(table *tb)
{
    FILE *f = fopen(REF "synthetic_pairs.csv", "r");
    assert_non_null(f);
    char line[1024];
    assert_non_null(fgets(line, sizeof line, f));
    tb->ncol = 0;
    for (char *tok = strtok(line, ",\n"); tok; tok = strtok(NULL, ",\n"))
        if (strcmp(tok, "year") != 0)
            snprintf(tb->name[tb->ncol++], 32, "%s", tok);
    tb->n = 0;
    while (fgets(line, sizeof line, f) && tb->n < MAXN) {
        char *p = line, *end;
        tb->t[tb->n] = strtod(p, &end);
        for (size_t c = 0; c < tb->ncol; c++)
            tb->col[c][tb->n] = strtod(end + 1, &end);
        tb->n++;
    }
    fclose(f);
}

static const double *column(const table *tb, const char *name)
{
    for (size_t c = 0; c < tb->ncol; c++)
        if (strcmp(tb->name[c], name) == 0)
            return tb->col[c];
    fail_msg("no column %s", name);
    return NULL;
}

typedef struct {
    int k_a, k_b, k_pool, kmax, N;
    double sse_h1, sse_par, sse_coin, f_par, f_coin;
    double aapc_a, aapc_b, diff, lo, hi, p;
    double p_par, p_coin;
} oracle_case;

/* The lines of one "## case NAME" block of compare_oracle.Rout. */
static void read_case(const char *name, oracle_case *c)
{
    FILE *f = fopen(REF "compare_oracle.Rout", "r");
    assert_non_null(f);
    char line[1024], want[64];
    snprintf(want, sizeof want, "## case %s ", name);
    int found = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, want, strlen(want)) != 0)
            continue;
        assert_int_equal(sscanf(line + strlen(want), "n %*d k_a %d k_b %d k_pool %d kmax %d",
                                &c->k_a, &c->k_b, &c->k_pool, &c->kmax), 4);
        assert_non_null(fgets(line, sizeof line, f));
        assert_int_equal(sscanf(line, "sse_h1 %lf sse_par %lf sse_coin %lf f_par %lf f_coin %lf",
                                &c->sse_h1, &c->sse_par, &c->sse_coin, &c->f_par, &c->f_coin), 5);
        assert_non_null(fgets(line, sizeof line, f));
        assert_int_equal(sscanf(line, "aapc_a %lf aapc_b %lf diff %lf lo %lf hi %lf p %lf",
                                &c->aapc_a, &c->aapc_b, &c->diff, &c->lo, &c->hi, &c->p), 6);
        assert_non_null(fgets(line, sizeof line, f));
        assert_int_equal(sscanf(line, "N %d p_par %lf p_coin %lf", &c->N, &c->p_par, &c->p_coin), 3);
        found = 1;
        break;
    }
    fclose(f);
    if (!found)
        fail_msg("case %s not in the transcript", name);
}

/* Two Monte Carlo estimates of one p-value: within 4 standard errors (plus
 * one permutation's step of each). */
static void assert_p_close(double got, size_t n_got, double want, int n_want)
{
    const double p = 0.5 * (got + want);
    const double se = sqrt(p * (1 - p) * (1.0 / (double)n_got + 1.0 / n_want));
    const double tol = 4 * se + 1.0 / (double)n_got + 1.0 / n_want;
    if (!(fabs(got - want) <= tol))
        fail_msg("p %.6g vs oracle %.6g (tolerance %.3g)", got, want, tol);
}

static void run_case(const char *name, const char *ca, const char *cb, mt_compare_result *r)
{
    table tb;
    read_table(&tb);
    oracle_case oc;
    read_case(name, &oc);
    mt_compare_options o;
    mt_compare_options_default(&o);
    o.jp.n_permutations = 4499;
    o.jp.seed = 7;
    mt_error e;
    mt_error_clear(&e);
    assert_int_equal(mt_compare_fit(tb.t, column(&tb, ca), column(&tb, cb), tb.n, &o, r, &e), MT_OK);
    assert_int_equal(r->k_a, oc.k_a);
    assert_int_equal(r->k_b, oc.k_b);
    assert_int_equal(r->k_pool, oc.k_pool);
    assert_int_equal(r->kmax, oc.kmax);
    assert_rel(r->sse_h1, oc.sse_h1, RTOL);
    assert_rel(r->sse_par, oc.sse_par, RTOL);
    assert_rel(r->sse_coin, oc.sse_coin, RTOL);
    /* F is a difference of SSEs: near 0 (identical series) compare absolutely */
    if (fabs(oc.f_par) > 1e-9) {
        assert_rel(r->f_par, oc.f_par, 1e-7);
        assert_rel(r->f_coin, oc.f_coin, 1e-7);
    } else {
        assert_true(fabs(r->f_par) < 1e-9 && fabs(r->f_coin) < 1e-9);
    }
    assert_rel(r->aapc_a.aapc, oc.aapc_a, RTOL);
    assert_rel(r->aapc_b.aapc, oc.aapc_b, RTOL);
    assert_rel(r->aapc_diff, oc.diff, 1e-8);
    assert_rel(r->aapc_diff_lo, oc.lo, 1e-8);
    assert_rel(r->aapc_diff_hi, oc.hi, 1e-8);
    if (oc.p > 1e-200)
        assert_rel(r->aapc_diff_p, oc.p, 1e-6);
    assert_p_close(r->p_par, r->n_permutations, oc.p_par, oc.N);
    assert_p_close(r->p_coin, r->n_permutations, oc.p_coin, oc.N);
}

/* Joinpoints in different years (2007, 2013): parallelism rejected. */
static void test_oracle_diff(void **state)
{
    (void)state;
    mt_compare_result r;
    run_case("diff", "diff_a", "diff_b", &r);
    assert_true(r.p_par < 0.01);
    assert_string_equal(mt_compare_verdict(&r, 0.05), "not parallel");
}

/* The same shape, shifted: coincidence rejected, parallelism kept. */
static void test_oracle_parallel(void **state)
{
    (void)state;
    mt_compare_result r;
    run_case("par", "par_a", "par_b", &r);
    assert_true(r.p_coin < 0.01);
    assert_string_equal(mt_compare_verdict(&r, 0.05), "parallel");
}

/* A small slope difference: a p-value away from 0 and 1, where the
 * permutation scheme itself is what is compared. */
static void test_oracle_weak(void **state)
{
    (void)state;
    mt_compare_result r;
    run_case("weak", "par_a", "weak_b", &r);
}

/* Identical series never reject coincidence (nor parallelism). */
static void test_identical(void **state)
{
    (void)state;
    mt_compare_result r;
    run_case("same", "par_a", "par_a", &r);
    assert_true(r.p_coin > 0.5);
    assert_true(r.p_par > 0.5);
    assert_rel(r.aapc_diff, 0.0, 1e-12);
    assert_string_equal(mt_compare_verdict(&r, 0.05), "coincident");
}

/* The bundled UNODC cocaine seizures, NL vs BE, log kg, the 2010
 * definition change a level shift of each series: SSEs of the stacked null
 * fits for k = 0, 1, 2 (oracle block "## nlbe"). */
static void test_oracle_nlbe(void **state)
{
    (void)state;
    FILE *f = fopen("data/unodc/seizures-nl-be.csv", "r");
    assert_non_null(f);
    double ta[MAXN], a[MAXN], tb[MAXN], b[MAXN];
    size_t na = 0, nb = 0;
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        char ind[64], mk[64], rg[64];
        double per, v;
        if (sscanf(line, "%63[^,],%lf,%lf,%63[^,],%63[^,],", ind, &per, &v, mk, rg) != 5)
            continue;
        if (strcmp(mk, "cocaine") != 0)
            continue;
        if (strcmp(ind, "seizures") == 0 && strcmp(rg, "NL") == 0 && na < MAXN) {
            ta[na] = per;
            a[na++] = log(v);
        } else if (strcmp(ind, "seizures_be") == 0 && strcmp(rg, "BE") == 0 && nb < MAXN) {
            tb[nb] = per;
            b[nb++] = log(v);
        }
    }
    fclose(f);
    /* common years */
    double t[MAXN], ya[MAXN], yb[MAXN];
    size_t n = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (ta[i] == tb[j]) {
                t[n] = ta[i];
                ya[n] = a[i];
                yb[n++] = b[j];
            }
    FILE *g = fopen(REF "compare_oracle.Rout", "r");
    assert_non_null(g);
    size_t n_ref = 0;
    int checked = 0;
    const double jump = 2010;
    while (fgets(line, sizeof line, g)) {
        if (sscanf(line, "## nlbe n %zu", &n_ref) == 1) {
            assert_int_equal(n, n_ref);
            continue;
        }
        int k;
        double h1, par, coin, fp, fc;
        if (n_ref && sscanf(line, "k %d sse_h1 %lf sse_par %lf sse_coin %lf f_par %lf f_coin %lf",
                            &k, &h1, &par, &coin, &fp, &fc) == 6) {
            mt_jp_options jo;
            mt_jp_options_default(&jo);
            jo.jumps = &jump;
            jo.n_jumps = 1;
            double s1, sp, sc;
            mt_error e;
            assert_int_equal(mt_compare_sse(t, ya, yb, n, k, &jo, &s1, &sp, &sc, &e), MT_OK);
            assert_rel(s1, h1, RTOL);
            assert_rel(sp, par, RTOL);
            assert_rel(sc, coin, RTOL);
            checked++;
        }
    }
    fclose(g);
    assert_int_equal(checked, 3);
}

static void test_errors(void **state)
{
    (void)state;
    double t[6] = {2000, 2001, 2002, 2003, 2004, 2005};
    double a[6] = {1, 1.2, 1.1, 1.5, 1.4, 1.7}, b[6] = {2, 2.1, 2.5, 2.4, 2.8, 2.9};
    mt_compare_options o;
    mt_compare_options_default(&o);
    o.jp.n_permutations = 99;
    mt_compare_result r;
    mt_error e;
    assert_int_equal(mt_compare_fit(t, a, b, 3, &o, &r, &e), MT_ETOOFEW);
    assert_int_equal(mt_compare_fit(NULL, a, b, 6, &o, &r, &e), MT_EINVAL);
    double an[6] = {1, NAN, 1.1, 1.5, 1.4, 1.7};
    assert_int_equal(mt_compare_fit(t, an, b, 6, &o, &r, &e), MT_ENONFINITE);
    double tt[6] = {2000, 2001, 2001, 2003, 2004, 2005};
    assert_int_equal(mt_compare_fit(tt, a, b, 6, &o, &r, &e), MT_EINVAL);
    o.max_k = MT_COMPARE_MAX_K + 1;
    assert_int_equal(mt_compare_fit(t, a, b, 6, &o, &r, &e), MT_EINVAL);
    o.max_k = MT_COMPARE_MAX_K;
    o.jp.n_permutations = 0;
    assert_int_equal(mt_compare_fit(t, a, b, 6, &o, &r, &e), MT_EINVAL);
    /* six points: no joinpoint is admissible, the straight lines are compared */
    o.jp.n_permutations = 99;
    assert_int_equal(mt_compare_fit(t, a, b, 6, &o, &r, &e), MT_OK);
    assert_int_equal(r.kmax, 0);
    assert_true(r.p_par > 0 && r.p_par <= 1);
    /* the same seed gives the same p-values */
    mt_compare_result r2;
    assert_int_equal(mt_compare_fit(t, a, b, 6, &o, &r2, &e), MT_OK);
    assert_true(r.p_par == r2.p_par && r.p_coin == r2.p_coin);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle_diff),  cmocka_unit_test(test_oracle_parallel),
        cmocka_unit_test(test_oracle_weak),  cmocka_unit_test(test_identical),
        cmocka_unit_test(test_oracle_nlbe),  cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
