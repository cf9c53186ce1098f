/*
 * test_jp_ar1.c - joinpoint selection with AR(1) errors
 * (src/stats/joinpoint_ar1.c) against the brute-force R oracle
 * tests/reference/ar1/jp_ar1.R -> jp_ar1.Rout: nlme::gls(method = "ML",
 * corAR1(form = ~ year)) on every admissible set with k <= 2 (k <= 3 for
 * ATS) on UNODC seizures (cocaine BE with the 2010 shift, cannabis NL,
 * cannabis BE with its 1970-1980 gap, ATS BE) and a weighted series with a
 * gap (EUDA wastewater cocaine Amsterdam, varFixed weights from the daily
 * SEs).  Checked per k: the best set, its ML phi and log-likelihood, R2max
 * and BIC/BIC3/WBIC; the chosen k for each criterion; the REML refit of the
 * WBIC model (phi, segment slopes and SEs on the Program's df); and the REML
 * trend (across the gaps).  Tolerance 1e-6 (the issue's), relative, or
 * absolute for numbers near 0.  Also: at phi = 0 the search gives the
 * least-squares sets of mt_jp_fit, and the alternation's set is the best at
 * its own phi.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "monitrend/ar1.h"
#include "monitrend/joinpoint_ar1.h"

#define MAXN 64
#define TOL 1e-6

static void near(const char *what, double got, double want)
{
    const double scale = fabs(want) > 1.0 ? fabs(want) : 1.0;
    if (!(fabs(got - want) <= TOL * scale))
        fail_msg("%s: got %.17g want %.17g", what, got, want);
}

static size_t read_series(const char *ind, const char *mk, const char *rg, double *t, double *y)
{
    FILE *f = fopen("data/unodc/seizures-nl-be.csv", "r");
    assert_non_null(f);
    char line[2048];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        char a[64], b[64], c[64];
        double per, v;
        if (sscanf(line, "%63[^,],%lf,%lf,%63[^,],%63[^,],", a, &per, &v, b, c) == 5 &&
            strcmp(a, ind) == 0 && strcmp(b, mk) == 0 && strcmp(c, rg) == 0 && n < MAXN) {
            t[n] = per;
            y[n++] = log(v);
        }
    }
    fclose(f);
    return n;
}

#define KMAX 3

typedef struct {
    double taus[KMAX], phi, loglik, r2max, bic, bic3, wbic;
} kref;

typedef struct {
    size_t n;
    int kmax;
    double tr_phi, tr_slope, tr_se, tr_loglik;
    kref k[KMAX + 1];
    int sel_bic, sel_bic3, sel_wbic, model_k;
    double model_phi, seg_slope[KMAX + 1], seg_se[KMAX + 1];
} ref_t;

static void read_ref(const char *name, ref_t *r)
{
    FILE *f = fopen("tests/reference/ar1/jp_ar1.Rout", "r");
    assert_non_null(f);
    char line[2048], want[64];
    snprintf(want, sizeof want, "## %s ", name);
    int in = 0, seen = 0;
    memset(r, 0, sizeof *r);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "## ", 3) == 0) {
            in = strncmp(line, want, strlen(want)) == 0;
            if (in)
                assert_int_equal(sscanf(line + strlen(want), "n %zu jump %*s kmax %d", &r->n, &r->kmax), 2);
            continue;
        }
        if (!in)
            continue;
        int k, s;
        char taus[64], cr[16];
        double a, b;
        if (sscanf(line, "trend phi %lf slope %lf se %lf loglik %lf", &r->tr_phi, &r->tr_slope,
                   &r->tr_se, &r->tr_loglik) == 4) {
            seen++;
        } else if (sscanf(line, "k %d taus %63s", &k, taus) == 2 && k >= 0 && k <= KMAX) {
            kref *x = &r->k[k];
            const char *p = strstr(line, "phi_ml");
            assert_non_null(p);
            assert_int_equal(sscanf(p, "phi_ml %lf loglik %lf r2max %lf bic %lf bic3 %lf wbic %lf",
                                    &x->phi, &x->loglik, &x->r2max, &x->bic, &x->bic3, &x->wbic),
                             6);
            if (k >= 1)
                assert_int_equal(sscanf(taus, "%lf;%lf;%lf", &x->taus[0], &x->taus[1], &x->taus[2]), k);
            seen++;
        } else if (sscanf(line, "select %15s k %d", cr, &k) == 2) {
            *(strcmp(cr, "bic") == 0 ? &r->sel_bic : strcmp(cr, "bic3") == 0 ? &r->sel_bic3 : &r->sel_wbic) = k;
        } else if (sscanf(line, "model k %d phi %lf", &r->model_k, &r->model_phi) == 2) {
            seen++;
        } else if (sscanf(line, "seg %d slope %lf se %lf", &s, &a, &b) == 3 && s >= 0 && s <= KMAX) {
            r->seg_slope[s] = a;
            r->seg_se[s] = b;
        }
    }
    fclose(f);
    assert_int_equal(seen, r->kmax + 3); /* trend, k = 0..kmax, model */
}

static void check_data(const char *name, const double *t, const double *y, const double *w, size_t n,
                       double jump)
{
    double lag[MAXN];
    ref_t r;
    read_ref(name, &r);
    assert_int_equal(n, r.n);
    const int gaps = mt_ar1_lags(t, n, 1.0, lag);
    const double *lg = gaps ? lag : NULL;
    mt_error e;

    /* the trend, REML, across the gaps */
    double X[MAXN * 3], tc = 0;
    const size_t p = isfinite(jump) ? 3 : 2;
    for (size_t i = 0; i < n; i++)
        tc += t[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        X[i * p] = 1;
        X[i * p + 1] = t[i] - tc;
        if (p == 3)
            X[i * p + 2] = t[i] >= jump ? 1 : 0;
    }
    mt_ar1_opts ao = {.w = w, .lag = lg, .ml = 0};
    mt_ar1_result a;
    assert_int_equal(mt_ar1_gls_opt(y, X, n, p, &ao, &a, &e), MT_OK);
    near("trend phi", a.phi, r.tr_phi);
    near("trend slope", a.coef[1], r.tr_slope);
    near("trend se", a.se[1], r.tr_se);
    near("trend loglik", a.loglik, r.tr_loglik);

    /* the selection, k <= 2, by each criterion */
    const mt_jp_select sels[3] = {MT_JP_SELECT_BIC, MT_JP_SELECT_BIC3, MT_JP_SELECT_WBIC};
    const int want[3] = {r.sel_bic, r.sel_bic3, r.sel_wbic};
    for (int c = 0; c < 3; c++) {
        mt_jp_options o;
        mt_jp_options_default(&o);
        o.max_joinpoints = r.kmax;
        o.select = sels[c];
        o.jumps = isfinite(jump) ? &jump : NULL;
        o.n_jumps = isfinite(jump) ? 1 : 0;
        mt_jp_result *fit = NULL;
        mt_jp_ar1_info info;
        assert_int_equal(mt_jp_ar1_fit(t, y, w, lg, n, &o, &fit, &info, &e), MT_OK);
        assert_int_equal(fit->max_joinpoints, r.kmax);
        assert_int_equal(fit->k, want[c]);
        for (int k = 0; k <= r.kmax; k++) {
            const mt_jp_kstat *ks = &fit->kstats[k];
            for (int j = 0; j < k; j++)
                assert_true(ks->taus[j] == r.k[k].taus[j]);
            assert_true(info.rounds[k] > 0);
            near("phi_ml", info.phi_ml[k], r.k[k].phi);
            near("loglik", info.loglik[k], r.k[k].loglik);
            near("r2max", ks->r2max, r.k[k].r2max);
            near("bic", ks->bic, r.k[k].bic);
            near("bic3", ks->bic3, r.k[k].bic3);
            near("wbic", ks->wbic, r.k[k].wbic);
            /* the alternation's set is the best one at its own phi */
            if (k > 0) {
                double taus[KMAX], sse;
                assert_int_equal(mt_jp_ar1_best_at(t, y, w, lg, n, &o, k, info.phi_ml[k], taus,
                                                   &sse, &e), MT_OK);
                for (int j = 0; j < k; j++)
                    assert_true(taus[j] == ks->taus[j]);
                near("sse_r", sse, ks->sse);
            }
        }
        if (sels[c] == MT_JP_SELECT_WBIC) {
            assert_int_equal(fit->k, r.model_k);
            near("model phi (REML)", info.phi, r.model_phi);
            for (int s = 0; s <= fit->k; s++) {
                near("segment slope", fit->segments[s].slope, r.seg_slope[s]);
                near("segment se", fit->segments[s].slope_se, r.seg_se[s]);
            }
        }
        mt_jp_result_free(fit);
    }
}

static void check(const char *name, const char *ind, const char *mk, const char *rg, double jump)
{
    double t[MAXN], y[MAXN];
    size_t n = read_series(ind, mk, rg, t, y);
    check_data(name, t, y, NULL, n, jump);
}

/* Weights and a gap: the transcript lists the points it fitted ("data"). */
static void test_ams_weighted(void **state)
{
    (void)state;
    double t[MAXN], y[MAXN], w[MAXN];
    size_t n = 0;
    FILE *f = fopen("tests/reference/ar1/jp_ar1.Rout", "r");
    assert_non_null(f);
    char line[512];
    int in = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "## ", 3) == 0)
            in = strncmp(line, "## ams_weighted ", 16) == 0;
        else if (in && n < MAXN && sscanf(line, "data %lf ly %lf w %lf", &t[n], &y[n], &w[n]) == 3)
            n++;
    }
    fclose(f);
    assert_int_equal(n, 13);
    check_data("ams_weighted", t, y, w, n, NAN);
}

static void test_cocaine_be(void **state)
{
    (void)state;
    check("cocaine_be", "seizures_be", "cocaine", "BE", 2010);
}

static void test_cannabis_nl(void **state)
{
    (void)state;
    check("cannabis_nl", "seizures", "cannabis", "NL", NAN);
}

static void test_ats_be_k3(void **state)
{
    (void)state;
    check("ats_be", "seizures_be", "ats", "BE", NAN);
}

static void test_cannabis_be_gap(void **state)
{
    (void)state;
    check("cannabis_be", "seizures_be", "cannabis", "BE", NAN);
}

/* At phi = 0 the transformed model is the least-squares one: the same best
 * sets as mt_jp_fit for every k (weighted too). */
static void test_phi0_is_least_squares(void **state)
{
    (void)state;
    double t[MAXN], y[MAXN], w[MAXN];
    size_t n = read_series("seizures", "cocaine", "NL", t, y);
    for (size_t i = 0; i < n; i++)
        w[i] = 1.0 + 0.5 * (double)(i % 3); /* any positive weights */
    for (int wt = 0; wt < 2; wt++) {
        mt_jp_options o;
        mt_jp_options_default(&o);
        o.max_joinpoints = 3;
        mt_jp_result *ls = NULL;
        mt_error e;
        assert_int_equal(mt_jp_fit(t, y, wt ? w : NULL, n, &o, &ls, &e), MT_OK);
        for (int k = 1; k <= 3; k++) {
            double taus[3], sse;
            assert_int_equal(mt_jp_ar1_best_at(t, y, wt ? w : NULL, NULL, n, &o, k, 0.0, taus, &sse, &e),
                             MT_OK);
            for (int j = 0; j < k; j++)
                assert_true(taus[j] == ls->kstats[k].taus[j]);
            assert_true(fabs(sse - ls->kstats[k].sse) <= 1e-9 * ls->kstats[k].sse);
        }
        mt_jp_result_free(ls);
    }
}

static void test_errors(void **state)
{
    (void)state;
    double t[8] = {1, 2, 3, 4, 5, 6, 7, 8}, y[8] = {1, 2, 1, 3, 2, 4, 3, 5};
    mt_jp_options o;
    mt_jp_options_default(&o);
    mt_jp_result *fit = NULL;
    mt_jp_ar1_info info;
    mt_error e;
    o.family = MT_JP_POISSON;
    assert_int_equal(mt_jp_ar1_fit(t, y, NULL, NULL, 8, &o, &fit, &info, &e), MT_EINVAL);
    o.family = MT_JP_GAUSSIAN;
    assert_int_equal(mt_jp_ar1_fit(t, y, NULL, NULL, 8, &o, NULL, &info, &e), MT_EINVAL);
    double yn[8] = {1, 2, NAN, 3, 2, 4, 3, 5};
    assert_int_equal(mt_jp_ar1_fit(t, yn, NULL, NULL, 8, &o, &fit, &info, &e), MT_ENONFINITE);
    /* the permutation test is replaced by WBIC */
    o.select = MT_JP_SELECT_PERMUTATION;
    assert_int_equal(mt_jp_ar1_fit(t, y, NULL, NULL, 8, &o, &fit, &info, &e), MT_OK);
    assert_int_equal(info.select_used, MT_JP_SELECT_WBIC);
    mt_jp_result_free(fit);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cocaine_be),      cmocka_unit_test(test_cannabis_nl),
        cmocka_unit_test(test_cannabis_be_gap), cmocka_unit_test(test_ams_weighted),
        cmocka_unit_test(test_ats_be_k3),
        cmocka_unit_test(test_phi0_is_least_squares),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
