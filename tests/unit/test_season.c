/*
 * test_season.c - trend net of the season (src/stats/season.c) against R
 * lm(log(y) ~ t + factor(month)) and a Fourier variant: tests/reference/
 * season/season.R -> season.Rout on the bundled monthly series (NSW drug
 * offences 1995-2023; StatCan cocaine load Toronto 2022-2023, weighted).
 * Tolerance 1e-9 relative (the issue's), values read at run time.
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

#include "monitrend/season.h"

#define MAXN 400
#define TOL 1e-9

static void assert_rel(const char *what, double got, double want, double rtol)
{
    const double tol = rtol * (fabs(want) > 1e-3 ? fabs(want) : 1e-3);
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.17g want %.17g", what, got, want);
}

/* rows of a tidy file whose 3rd column is region (NULL = any): t, y, se */
static size_t read_monthly(const char *file, const char *region, double *t, double *y, double *se)
{
    FILE *f = fopen(file, "r");
    assert_non_null(f);
    char line[512];
    size_t n = 0;
    assert_non_null(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f) && n < MAXN) {
        char ind[32], mk[32], rg[32];
        int yr, mo;
        double v, s = NAN;
        int k = sscanf(line, "%31[^,],%31[^,],%31[^,],%d-%d,%lf,%lf", ind, mk, rg, &yr, &mo, &v, &s);
        if (k < 6 || (region && strcmp(rg, region) != 0))
            continue;
        t[n] = yr + (mo - 1) / 12.0;
        y[n] = log(v);
        se[n] = s / v;
        n++;
    }
    fclose(f);
    return n;
}

static void check(const char *name, const mt_season_fit *fit, const double *t, const double *comp,
                  size_t n)
{
    FILE *f = fopen("tests/reference/season/season.Rout", "r");
    assert_non_null(f);
    char line[4096], want[64];
    snprintf(want, sizeof want, "## %s ", name);
    int found = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, want, strlen(want)) != 0)
            continue;
        size_t rn;
        double slope, se, p;
        int df;
        assert_int_equal(sscanf(line + strlen(want), "n %zu slope %lf se %lf p %lf df %d", &rn, &slope,
                                &se, &p, &df), 5);
        assert_int_equal(rn, n);
        assert_rel("slope", fit->slope, slope, TOL);
        assert_rel("se", fit->slope_se, se, TOL);
        assert_int_equal((int)fit->df, df);
        if (p > 1e-100)
            assert_rel("p", fit->p_slope, p, 1e-6);
        assert_non_null(fgets(line, sizeof line, f));
        double sc[12];
        char *q = line + strlen("seasonal");
        for (int m = 0; m < 12; m++)
            sc[m] = strtod(q, &q);
        for (size_t i = 0; i < n; i++)
            assert_rel("seasonal component", comp[i], sc[mt_season_index(t[i], 12)], TOL);
        found = 1;
        break;
    }
    fclose(f);
    assert_true(found);
}

static void test_nsw(void **state)
{
    (void)state;
    static double t[MAXN], y[MAXN], se[MAXN], comp[MAXN];
    size_t n = read_monthly("data/seasons/nsw-drug-offences.csv", NULL, t, y, se);
    assert_int_equal(n, 348);
    mt_season_spec s = {MT_SEASON_DEFAULT, 0};
    mt_season_fit fit;
    mt_error e;
    assert_int_equal(mt_season_trend(t, y, NULL, n, NULL, 0, &s, 12, 0.05, &fit, comp, &e), MT_OK);
    check("nsw_dummies", &fit, t, comp, n);
    mt_season_spec four = {MT_SEASON_FOURIER, 2};
    assert_int_equal(mt_season_trend(t, y, NULL, n, NULL, 0, &four, 12, 0.05, &fit, comp, &e), MT_OK);
    check("nsw_fourier2", &fit, t, comp, n);
}

static void test_toronto_weighted(void **state)
{
    (void)state;
    double t[MAXN], y[MAXN], se[MAXN], w[MAXN], comp[MAXN];
    size_t n = read_monthly("data/seasons/statcan-wastewater-cocaine.csv", "Toronto", t, y, se);
    assert_int_equal(n, 18);
    for (size_t i = 0; i < n; i++)
        w[i] = 1.0 / (se[i] * se[i]);
    mt_season_spec s = {MT_SEASON_DUMMIES, 0};
    mt_season_fit fit;
    mt_error e;
    assert_int_equal(mt_season_trend(t, y, w, n, NULL, 0, &s, 12, 0.05, &fit, comp, &e), MT_OK);
    check("toronto_dummies_weighted", &fit, t, comp, n);
}

static void test_errors(void **state)
{
    (void)state;
    double t[30], y[30];
    for (int i = 0; i < 30; i++) {
        t[i] = 2020 + i / 12.0;
        y[i] = 1 + 0.01 * i + 0.1 * sin(i);
    }
    mt_season_spec s = {MT_SEASON_DUMMIES, 0};
    mt_season_fit fit;
    mt_error e;
    assert_int_equal(mt_season_trend(t, y, NULL, 12, NULL, 0, &s, 12, 0.05, &fit, NULL, &e), MT_ETOOFEW);
    mt_season_spec bad = {MT_SEASON_FOURIER, 6};
    assert_int_equal(mt_season_trend(t, y, NULL, 30, NULL, 0, &bad, 12, 0.05, &fit, NULL, &e), MT_EINVAL);
    assert_int_equal(mt_season_trend(t, y, NULL, 30, NULL, 0, &s, 1, 0.05, &fit, NULL, &e), MT_EINVAL);
    assert_int_equal(mt_season_trend(NULL, y, NULL, 30, NULL, 0, &s, 12, 0.05, &fit, NULL, &e), MT_EINVAL);
    /* every other month only: six months never observed */
    double t2[30];
    for (int i = 0; i < 30; i++)
        t2[i] = 2000 + (2 * i) / 12.0;
    assert_int_equal(mt_season_trend(t2, y, NULL, 30, NULL, 0, &s, 12, 0.05, &fit, NULL, &e), MT_ESINGULAR);
    assert_int_equal(mt_season_resolve(NULL, 12), MT_SEASON_DUMMIES);
    assert_int_equal(mt_season_resolve(NULL, 4), MT_SEASON_DUMMIES);
    assert_int_equal(mt_season_resolve(NULL, 52), MT_SEASON_NONE);
    assert_int_equal(mt_season_resolve(&s, 1), MT_SEASON_NONE);
    assert_int_equal(mt_season_index(2024 + 11 / 12.0, 12), 11);
    assert_int_equal(mt_season_index(2024.0, 4), 0);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nsw), cmocka_unit_test(test_toronto_weighted),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
