/* test_mannkendall.c - Mann-Kendall, tau, Hamed-Rao and Sen's slope on real series.
 *
 * Expected numbers: tests/reference/trend/mannkendall_ref.out, made by
 * tests/reference/trend/mannkendall_ref.py (scipy kendalltau / theilslopes,
 * statsmodels acf, and an independent S/Var(S) formula; see the script's
 * docstring).  Tolerances: 1e-12 relative for S, Var(S), tau and slopes
 * (exact arithmetic on the same pairs), 1e-9 for Z, p and the Hamed-Rao
 * factor (library normal/ACF routines).
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <gsl/gsl_errno.h>

#include "monitrend/init.h"
#include "monitrend/mannkendall.h"
#include "../reference/trend/series.h"

#define TOL_EXACT 1e-12
#define TOL_DIST 1e-9

typedef struct {
    double s, var0, var, z, p;
    mt_mk_pmethod pm;
    double tau_a, tau_b, sen, icpt, lo, hi;
    size_t pairs;
} mk_ref;

static void check(const mt_mk_result *r, const mk_ref *w)
{
    assert_near(r->s, w->s, TOL_EXACT, 0, "%s", "S");
    assert_near(r->var_s0, w->var0, TOL_EXACT, 0, "%s", "varS0");
    assert_near(r->var_s, w->var, TOL_DIST, 0, "%s", "varS");
    assert_near(r->z, w->z, TOL_DIST, 0, "%s", "Z");
    assert_near(r->p, w->p, TOL_DIST, 0, "%s", "p");
    assert_int_equal(r->p_method, w->pm);
    assert_near(r->tau_a, w->tau_a, TOL_EXACT, 0, "%s", "tau_a");
    assert_near(r->tau_b, w->tau_b, TOL_EXACT, 0, "%s", "tau_b");
    assert_near(r->sen_slope, w->sen, TOL_EXACT, 0, "%s", "sen");
    assert_near(r->sen_intercept, w->icpt, 1e-10, 0, "%s", "intercept");
    assert_near(r->sen_lo, w->lo, TOL_EXACT, 0, "%s", "sen lo");
    assert_near(r->sen_hi, w->hi, TOL_EXACT, 0, "%s", "sen hi");
    assert_int_equal(r->n_slopes, w->pairs);
}

/* subset of a series with lo <= t <= hi */
static size_t subset(const double *t, const double *y, size_t n, double lo, double hi, double *to,
                     double *yo)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i] >= lo && t[i] <= hi) {
            to[m] = t[i];
            yo[m++] = y[i];
        }
    return m;
}

/* mannkendall_ref.out: cases utrecht and utrecht_log_hr */
static void test_utrecht(void **state)
{
    (void)state;
    mt_mk_result r;
    mt_error err;
    assert_int_equal(mt_mk_test(utrecht_t, utrecht_y, UTRECHT_N, NULL, &r, &err), MT_OK);
    mk_ref w = {61, 333.66666666666669, 333.66666666666669, 3.2846934087081534,
                0.0010209339999705824, MT_MK_P_NORMAL, 0.67032967032967028, 0.67032967032967039,
                44.490000000000002, -89373.104999999996, 25.554615384615381, 56.87833333333333, 91};
    check(&r, &w);
    assert_true(isnan(r.sen_pct));
    assert_true(isnan(r.hr_factor));
    assert_int_equal(r.note, MT_MK_NOTE_NONE);

    mt_mk_opts o = {1, 1, 0, 0, 0};
    assert_int_equal(mt_mk_test(utrecht_t, utrecht_y, UTRECHT_N, &o, &r, &err), MT_OK);
    mk_ref w2 = {61, 333.66666666666669, 333.66666666666669, 3.2846934087081534,
                 0.0010209339999705824, MT_MK_P_NORMAL, 0.67032967032967028, 0.67032967032967039,
                 0.11277085594537754, -221.56360210417046, 0.060281061296717654, 0.13385798250309516,
                 91};
    check(&r, &w2);
    assert_near(r.sen_pct, 11.937540533979602, TOL_EXACT, 0, "%s", "sen pct");
    assert_near(r.sen_pct_lo, 6.2135029646092637, TOL_EXACT, 0, "%s", "sen pct lo");
    assert_near(r.sen_pct_hi, 14.32304493884036, TOL_EXACT, 0, "%s", "sen pct hi");
    assert_near(r.hr_factor, 1, TOL_EXACT, 0, "%s", "hr factor");
    assert_int_equal(r.hr_lags, 0);
    assert_int_equal(r.hr_applied, 1);
}

/* prevalence_log: ties (2016 = 2018 = 2.0) and gaps (2005, 2009, 2014...) */
static void test_prevalence_ties(void **state)
{
    (void)state;
    mt_mk_result r;
    mt_mk_opts o = {1, 0, 0, 0, 0};
    assert_int_equal(mt_mk_test(prev_t, prev_y, PREV_N, &o, &r, NULL), MT_OK);
    mk_ref w = {57, 211.66666666666666, 211.66666666666666, 3.8491230210914358,
                0.00011854146541485179, MT_MK_P_NORMAL, 0.86363636363636365, 0.8702543635872545,
                0.064407028494801705, -129.22363772561778, 0.045322285913940295, 0.088567721911001887,
                66};
    check(&r, &w);
    assert_int_equal(r.n_tied, 2);
    assert_near(r.sen_pct, 6.6526417068809778, TOL_EXACT, 0, "%s", "sen pct");

    /* prevalence_to_2019: n = 8 with a tie, so the normal approximation */
    double t[PREV_N], y[PREV_N];
    size_t m = subset(prev_t, prev_y, PREV_N, 0, 2019, t, y);
    assert_int_equal(m, 8);
    assert_int_equal(mt_mk_test(t, y, m, NULL, &r, NULL), MT_OK);
    mk_ref w2 = {25, 64.333333333333329, 64.333333333333329, 2.9922178857241781,
                 0.0027695851547209832, MT_MK_P_NORMAL, 0.8928571428571429, 0.90924120931663488,
                 0.11547619047619048, -230.79226190476192, 0.088888888888888892, 0.15000000000000013,
                 28};
    check(&r, &w2);
}

/* seizures_2010_log (tie 2015 = 2016) and seizures_all_log_hr */
static void test_seizures(void **state)
{
    (void)state;
    mt_mk_result r;
    double t[SEIZ_N], y[SEIZ_N];
    size_t m = subset(seiz_t, seiz_y, SEIZ_N, 2010, 3000, t, y);
    mt_mk_opts o = {1, 0, 0, 0, 0};
    assert_int_equal(mt_mk_test(t, y, m, &o, &r, NULL), MT_OK);
    mk_ref w = {70, 332.66666666666669, 332.66666666666669, 3.7830706108256806,
                0.00015490544614715776, MT_MK_P_NORMAL, 0.76923076923076927, 0.77349246815376183,
                0.16522451994980336, -323.66905797819874, 0.076045124919636109, 0.22056802828182517,
                91};
    check(&r, &w);
    assert_near(r.sen_pct_hi, 24.678473847689428, TOL_EXACT, 0, "%s", "pct hi");

    mt_mk_opts o2 = {1, 1, 0, 0, 0};
    assert_int_equal(mt_mk_test(seiz_t, seiz_y, SEIZ_N, &o2, &r, NULL), MT_OK);
    mk_ref w2 = {721, 9774.3333333333339, 39296.700704349169, 3.6320720228240257,
                 0.00028115462139184736, MT_MK_P_NORMAL, 0.7621564482029598, 0.7625595989575229,
                 0.12700794751782377, -245.11508794963873, 0.092125723874202703, 0.16207843262542676,
                 946};
    check(&r, &w2);
    assert_near(r.hr_factor, 4.0203970300803977, TOL_DIST, 0, "%s", "hr factor");
    assert_int_equal(r.hr_lags, 15);
}

/* amsterdam_log_hr: 2016 missing, slopes over real time */
static void test_amsterdam_gap(void **state)
{
    (void)state;
    mt_mk_result r;
    mt_mk_opts o = {1, 1, 0, 0, 0};
    assert_int_equal(mt_mk_test(ams_t, ams_y, AMS_N, &o, &r, NULL), MT_OK);
    mk_ref w = {58, 268.66666666666669, 268.66666666666669, 3.4775065936934095,
                0.00050610060259927375, MT_MK_P_NORMAL, 0.74358974358974361, 0.74358974358974339,
                0.053580591221575061, -101.48101036568691, 0.035452252959804476, 0.083296509525108434,
                78};
    check(&r, &w);
}

/* utrecht_2015_exact (n = 10) and amsterdam_2017_exact (n = 8): scipy exact p */
static void test_exact(void **state)
{
    (void)state;
    mt_mk_result r;
    double t[UTRECHT_N], y[UTRECHT_N];
    size_t m = subset(utrecht_t, utrecht_y, UTRECHT_N, 2015, 3000, t, y);
    mt_mk_opts o = {1, 0, 0, 0, 0};
    assert_int_equal(mt_mk_test(t, y, m, &o, &r, NULL), MT_OK);
    mk_ref w = {41, 125, 125, 3.5777087639996634, 2.9761904761904762e-05, MT_MK_P_EXACT,
                0.91111111111111109, 0.91111111111111098, 0.12362400035966055, -243.49189069192681,
                0.087520115961152278, 0.17875320650015483, 45};
    check(&r, &w);

    m = subset(ams_t, ams_y, AMS_N, 2017, 3000, t, y);
    assert_int_equal(mt_mk_test(t, y, m, NULL, &r, NULL), MT_OK);
    mk_ref w2 = {18, 65.333333333333329, 65.333333333333329, 2.1032045520479223,
                 0.031150793650793651, MT_MK_P_EXACT, 0.6428571428571429, 0.64285714285714279,
                 55.736250000000013, -111655.83812500002, 11.53333333333334, 126.05500000000001, 28};
    check(&r, &w2);
}

/* The exact distribution against brute-force enumeration of all 7! orders
 * (an independent count, no recursion involved). */
static void test_exact_enumeration(void **state)
{
    (void)state;
    enum { N = 7 };
    int perm[N], c[N];
    long hist[2 * 21 + 1];
    memset(hist, 0, sizeof hist);
    for (int i = 0; i < N; i++) {
        perm[i] = i;
        c[i] = 0;
    }
    long total = 0;
    /* Heap's algorithm */
    for (int i = 0;;) {
        int s = 0;
        for (int a = 0; a < N; a++)
            for (int b = a + 1; b < N; b++)
                s += (perm[b] > perm[a]) - (perm[b] < perm[a]);
        hist[s + 21]++;
        total++;
        while (i < N && c[i] >= i) {
            c[i] = 0;
            i++;
        }
        if (i >= N)
            break;
        int j = i % 2 == 0 ? 0 : c[i];
        int tmp = perm[j];
        perm[j] = perm[i];
        perm[i] = tmp;
        c[i]++;
        i = 0;
    }
    assert_int_equal(total, 5040);
    for (int s = -21; s <= 21; s += 2) {
        long tail = 0;
        for (int u = -21; u <= 21; u++)
            if (abs(u) >= abs(s))
                tail += hist[u + 21];
        assert_near(mt_mk_exact_p(N, s), (double)tail / 5040.0, 1e-13, 0, "%s", "exact p vs enumeration");
    }
    assert_true(isnan(mt_mk_exact_p(7, 20)));  /* wrong parity */
    assert_true(isnan(mt_mk_exact_p(7, 23)));  /* out of range */
    assert_true(isnan(mt_mk_exact_p(2, 1)));
    assert_true(isnan(mt_mk_exact_p(21, 1)));
}

/* toronto: monthly with bimonthly 2023 */
static void test_toronto(void **state)
{
    (void)state;
    mt_mk_result r;
    assert_int_equal(mt_mk_test(toronto_t, toronto_value, TORONTO_N, NULL, &r, NULL), MT_OK);
    mk_ref w = {31, 697, 697, 1.1363310286178554, 0.25581804946653663, MT_MK_P_NORMAL,
                0.20261437908496732, 0.20261437908496735, 49.810909090905064, -99816.41090908277,
                -29.893333333333356, 131.392, 153};
    check(&r, &w);
}

/* sawtooth_hr (factor 0.47) and alternating_hr_guard (factor -0.16: guarded) */
static void test_hamed_rao_guard(void **state)
{
    (void)state;
    const double st[] = {2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012};
    const double sy[] = {3.1, 9.7, 3.9, 10.2, 4.6, 11.8, 5.2, 12.1, 6.3, 13.4, 6.8, 14.9};
    mt_mk_opts o = {0, 1, 0, 0, 0};
    mt_mk_result r;
    assert_int_equal(mt_mk_test(st, sy, 12, &o, &r, NULL), MT_OK);
    mk_ref w = {36, 212.66666666666666, 100.9761072261072, 3.4830421680181769,
                0.00049575027103574386, MT_MK_P_NORMAL, 0.54545454545454541, 0.54545454545454541,
                0.44375000000000009, -882.1343750000002, 0.30000000000000027, 1.2222222222222223, 66};
    check(&r, &w);
    assert_near(r.hr_factor, 0.47480928162746339, TOL_DIST, 0, "%s", "hr factor");
    assert_int_equal(r.hr_lags, 2);

    const double at[] = {2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020};
    const double ay[] = {10.13, 15.27, 10.31, 15.42, 10.55, 15.61, 10.74, 15.89, 10.96, 16.02};
    assert_int_equal(mt_mk_test(at, ay, 10, &o, &r, NULL), MT_OK);
    mk_ref w2 = {25, 125, 125, 2.1466252583997978, 0.028609457671957671, MT_MK_P_EXACT,
                 0.55555555555555558, 0.55555555555555547, 0.10375000000000001, -195.99312500000002,
                 0.075000000000000178, 1.0939999999999999, 45};
    check(&r, &w2);
    assert_near(r.hr_factor, -0.1609756097560977, TOL_DIST, 0, "%s", "hr factor");
    assert_int_equal(r.hr_guarded, 1);
    assert_int_equal(r.hr_applied, 0);
    assert_true(r.var_s > 0);
    assert_int_equal(r.note, MT_MK_NOTE_HAMED_RAO_UNCORRECTED);
    assert_string_equal(mt_mk_note_word(r.note, MT_LANG_EN),
                        "Hamed-Rao factor <= 0 (strong negative autocorrelation): Var(S) left uncorrected");
}

/* Small n: n = 3 has no Sen CI (NaN with a note); n = 4 clamps to the extreme slopes. */
static void test_small_n(void **state)
{
    (void)state;
    const double t[] = {2019.5, 2020.5, 2022.5, 2023.5};
    const double y[] = {4.7, 5.3, 6.1, 5.9};
    mt_mk_result r;
    assert_int_equal(mt_mk_test(t, y, 3, NULL, &r, NULL), MT_OK);
    assert_int_equal(r.sen_ci_defined, 0);
    assert_true(isnan(r.sen_lo));
    assert_int_equal(r.note, MT_MK_NOTE_SEN_CI_TOO_FEW);
    assert_string_equal(mt_mk_note_word(r.note, MT_LANG_EN), "Sen CI needs at least 4 points");
    /* S = 3 for 3 untied rising values: exact p = 2 * 1/6 */
    assert_near(r.p, 2.0 / 6.0, 1e-15, 0, "%s", "p n=3");
    /* slopes: 0.6, 0.4667, 0.4 (pairs over real time); median 1.4/3 */
    assert_near(r.sen_slope, 1.4 / 3.0, 1e-14, 0, "%s", "sen n=3");

    assert_int_equal(mt_mk_test(t, y, 4, NULL, &r, NULL), MT_OK);
    assert_int_equal(r.sen_ci_defined, 1);
    assert_int_equal(r.sen_ci_clamped, 1);
    assert_int_equal(r.note, MT_MK_NOTE_SEN_CI_CLAMPED);
    /* slopes: 0.6, 0.4667, 0.3, 0.4, 0.2, -0.2 -> min -0.2, max 0.6 */
    assert_near(r.sen_lo, -0.2, 1e-13, 0, "%s", "lo clamped");
    assert_near(r.sen_hi, 0.6, 1e-13, 0, "%s", "hi clamped");
}

static void test_errors(void **state)
{
    (void)state;
    mt_mk_result r;
    mt_error err;
    const double t[] = {2020, 2021, 2022, 2023};
    const double y[] = {4.25, 3.5, 6.75, 5.5};
    assert_int_equal(mt_mk_test(t, y, 2, NULL, &r, &err), MT_ETOOFEW);
    assert_string_equal(err.msg, "mann-kendall: 2 points; at least 3 needed");
    assert_true(isnan(r.s));
    const double flat[] = {2.5, 2.5, 2.5, 2.5};
    assert_int_equal(mt_mk_test(t, flat, 4, NULL, &r, &err), MT_ESINGULAR);
    const double tu[] = {2020, 2022, 2021, 2023};
    assert_int_equal(mt_mk_test(tu, y, 4, NULL, &r, &err), MT_EINVAL);
    const double yn[] = {4.25, NAN, 6.75, 5.5};
    assert_int_equal(mt_mk_test(t, yn, 4, NULL, &r, &err), MT_ENONFINITE);
    const double yz[] = {4.25, 0.0, 6.75, 5.5};
    mt_mk_opts lg = {1, 0, 0, 0, 0};
    assert_int_equal(mt_mk_test(t, yz, 4, &lg, &r, &err), MT_EINVAL);
    mt_mk_opts bad = {0, 0, 0, 0, 1.5};
    assert_int_equal(mt_mk_test(t, y, 4, &bad, &r, &err), MT_EINVAL);
    assert_int_equal(mt_mk_test(t, y, MT_MK_MAX_N + 1, NULL, &r, &err), MT_ELIMIT);
    assert_int_equal(mt_mk_test(t, y, 4, NULL, NULL, &err), MT_EINVAL);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utrecht),         cmocka_unit_test(test_prevalence_ties),
        cmocka_unit_test(test_seizures),        cmocka_unit_test(test_amsterdam_gap),
        cmocka_unit_test(test_exact),           cmocka_unit_test(test_exact_enumeration),
        cmocka_unit_test(test_toronto),         cmocka_unit_test(test_hamed_rao_guard),
        cmocka_unit_test(test_small_n),         cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
