/* test_anomaly.c - the anomaly rules find the real cases and stay quiet on
 * clean real series.
 *
 * Residual-rule numbers (studentized residuals, Bonferroni p, rounds) and the
 * chance of the NL seizure tie come from tests/reference/events/anomaly.Rout,
 * made by tests/reference/events/anomaly.R (R 4: lm, rstudent, pt, mad).
 * Data: EUDA wastewater 2025 (Amsterdam, Utrecht cocaine), UNODC seizures (NL
 * cocaine kg 1980-2023), EU Drug Markets cannabis plants seized (Netherlands
 * 2011-2021), NSW monthly drug offences 1995-2004 (BOCSAR,
 * tests/reference/events/nsw_drug_offences_1995_2004.csv).
 * Tolerance: 1e-9 relative for r and the chance of a tie, 1e-7 for p-values.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <gsl/gsl_errno.h>

#include "monitrend/init.h"
#include "monitrend/anomaly.h"
#include "monitrend/bands.h"
#include "monitrend/anomaly_words.h"

#include <stdio.h>
#include <string.h>

/* The English reason of flag a[j] as the writers make it (anomaly_words.c)
 * from the detector's numbers: the detector returns no text (issue 14).
 * Periods are labels[i] or t with %g, as the results name them. */
static const char *reason_of(const mt_anomaly *a, size_t j, const double *t, const double *y, size_t n,
                             const char *const *labels)
{
    static char buf[512];
    mt_an_anomaly w;
    memset(&w, 0, sizeof w);
    size_t i = a[j].index;
#define LABEL(dst, k) (labels ? snprintf(dst, sizeof dst, "%s", labels[k]) : snprintf(dst, sizeof dst, "%g", t[k]))
    LABEL(w.period, i);
    w.kind = a[j].kind;
    w.value = a[j].value;
    w.statistic = a[j].statistic;
    w.p = a[j].p;
    w.ratio_prev = a[j].ratio_prev;
    w.ratio_next = a[j].ratio_next;
    if (i > 0) {
        LABEL(w.prev_period, i - 1);
        w.prev_value = y[i - 1];
    }
    if (i + 1 < n) {
        LABEL(w.next_period, i + 1);
        w.next_value = y[i + 1];
    }
#undef LABEL
    mt_anomaly_reason_en(&w, buf, sizeof buf);
    return buf;
}

#define CLOSE(g, w) assert_near((g), (w), 1e-9, 0, "%s", #g)
#define PCLOSE(g, w) assert_near((g), (w), 1e-7, 0, "%s", #g)

static const double nsw[120] = {
    1497, 1716, 2055, 1802, 1635, 1665, 1434, 1535, 1395, 1463, 1493, 1601, 1987, 2014, 2211, 1839, 
    1893, 1584, 1555, 1469, 1398, 1459, 1376, 1530, 1940, 1849, 2093, 1783, 1947, 1728, 1668, 1713, 
    1749, 1681, 1736, 1969, 2240, 1943, 2131, 1824, 2058, 2212, 2026, 1886, 1904, 1917, 2145, 2112, 
    2185, 2299, 2563, 2243, 2323, 2050, 1879, 1834, 1990, 1734, 1819, 1815, 2240, 2034, 2053, 1923, 
    2091, 2020, 1831, 1955, 1549, 1849, 1988, 1982, 2037, 2274, 2489, 1966, 2719, 2511, 2056, 2441, 
    2278, 2245, 1914, 2034, 2138, 1776, 1981, 1761, 2233, 1774, 1658, 2010, 1727, 1809, 1690, 1917, 
    2218, 1743, 1965, 1834, 1880, 1785, 1972, 1813, 1763, 1665, 1763, 1892, 2247, 1879, 2193, 1890, 
    1977, 1959, 1692, 1692, 1733, 1770, 1758, 1936
};
static const double ams_t[13] = {2011, 2012, 2013, 2014, 2015, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024};
static const double ams[13] = {644.1, 650.49, 393, 716.38, 641.72, 734.04, 932.36, 986.15, 768.64, 886.83, 1142.43, 1209.96, 1206.28};
static const double utr[14] = {356.34, 344.77, 199.16, 220.2, 148.1, 310.36, 288.74, 414.6, 460.25, 493.63, 529.55, 651.63, 734.55, 688.55};
static const double plants[11] = {2000000, 1400000, 1218000, 1610500, 1006500, 897330, 722618, 5504700, 556802, 464169, 399376};
static const double seiz_nl[44] = {46.416, 10.0, 37.3, 59.0, 180.0, 124.897, 274.117, 405.947, 517.117, 1424.585, 4288.0,
    2492.0, 3433.0, 3720.0, 8200.0, 4851.0, 9222.0, 11495.0, 8998.0, 10361.0, 6472.0, 8382.0, 7968.0, 17560.0, 12387.0,
    14603.0, 10584.1, 10478.0, 6757.0, 4934.0, 10021.032, 10090.561, 10001.285, 12353.3, 8759.38, 12009.604, 12009.604,
    14628.025, 40134.0, 44332.0, 48891.0, 72808.0, 51447.0, 59116.0};

static void years(double *t, size_t n, double first)
{
    for (size_t i = 0; i < n; i++)
        t[i] = first + (double)i;
}

/* Amsterdam cocaine 2013 (393 between 650 and 716): anomaly.Rout "amsterdam"
 * round 1 flags it, round 2 (2020, p = 0.53) stops. */
static void test_amsterdam_2013(void **state)
{
    (void)state;
    mt_anomaly *a = NULL;
    size_t k = 0;
    mt_error err;
    assert_int_equal(mt_anomaly_find(ams_t, ams, 13, NULL, NULL, &a, &k, &err), MT_OK);
    assert_int_equal(k, 1);
    assert_int_equal(a[0].kind, MT_ANOMALY_RESIDUAL);
    assert_int_equal(a[0].index, 2);
    assert_true(a[0].t == 2013.0 && a[0].value == 393.0);
    CLOSE(a[0].statistic, -4.2103961723604506);
    PCLOSE(a[0].p, 0.023384285691839989);
    assert_string_equal(reason_of(a, 0, ams_t, ams, 13, NULL), "value 393 in 2013 is 4.2 residual SDs below the trend "
                                     "(externally studentized residual, Bonferroni p = 0.023)");
    mt_anomaly_free(a);
}

/* NL cannabis plants 2018: residual (r = 15.4, "plants_nl" round 1), then
 * 2014 in round 2 once 2018 no longer inflates the SD (r = 4.62), and the
 * jump rule (7.6 and 9.9 times the neighbours, "plants_nl ratios_2018"). */
static void test_plants_2018(void **state)
{
    (void)state;
    double t[11];
    years(t, 11, 2011);
    mt_anomaly *a = NULL;
    size_t k = 0;
    assert_int_equal(mt_anomaly_find(t, plants, 11, NULL, NULL, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 3);
    assert_int_equal(a[0].index, 3);
    assert_int_equal(a[0].kind, MT_ANOMALY_RESIDUAL);
    CLOSE(a[0].statistic, 4.6200080270010027);
    PCLOSE(a[0].p, 0.024261199645166268);
    assert_int_equal(a[1].index, 7);
    assert_int_equal(a[1].kind, MT_ANOMALY_RESIDUAL);
    CLOSE(a[1].statistic, 15.381463927199555);
    PCLOSE(a[1].p, 3.4883690594744884e-06);
    assert_int_equal(a[2].index, 7);
    assert_int_equal(a[2].kind, MT_ANOMALY_JUMP);
    CLOSE(a[2].statistic, 7.617717798338818);
    assert_true(isnan(a[2].p));
    assert_string_equal(reason_of(a, 2, t, plants, 11, NULL), "value 5504700 in 2018 is 7.6 and 9.9 times its neighbours "
                                     "(722618 in 2017, 556802 in 2019)");
    mt_anomaly_free(a);
    /* with the classic factor 10 the jump rule alone misses it: the reason
     * the default is sqrt(10) (docs/methods-events.md) */
    mt_anomaly_opts o;
    mt_anomaly_opts_default(&o);
    o.residual = 0;
    o.jump_factor = 10.0;
    assert_int_equal(mt_anomaly_find(t, plants, 11, NULL, &o, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 0);
    assert_null(a);
}

/* NL cocaine seizures: 2016 repeats 2015 (12009.604 kg).  Chance of the tie
 * from anomaly.Rout "seiz_nl tie".  1981 (10 kg between 46 and 37) is an
 * isolated dip by the jump rule; its residual (r = -3.30, Bonferroni p =
 * 0.089) is not flagged. */
static void test_nl_seizures_repeat(void **state)
{
    (void)state;
    double t[44];
    years(t, 44, 1980);
    mt_anomaly *a = NULL;
    size_t k = 0;
    assert_int_equal(mt_anomaly_find(t, seiz_nl, 44, NULL, NULL, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 2);
    assert_int_equal(a[0].index, 1);
    assert_int_equal(a[0].kind, MT_ANOMALY_JUMP);
    CLOSE(a[0].statistic, 37.3 > 46.416 ? 10.0 / 46.416 : 10.0 / 37.3);
    assert_int_equal(a[1].index, 36);
    assert_int_equal(a[1].kind, MT_ANOMALY_REPEAT);
    CLOSE(a[1].statistic, 5.8052195543456539e-08);
    CLOSE(a[1].p, 2.4962444083686314e-06);
    assert_string_equal(reason_of(a, 1, t, seiz_nl, 44, NULL), "value 12009.604 in 2016 repeats the value of 2015 exactly "
                                     "(chance of such a tie about 6e-08)");
    mt_anomaly_free(a);
}

/* Clean real series: Utrecht cocaine (largest |r| 3.17, Bonferroni p = 0.12)
 * and NSW monthly drug offences 1995-2004 (p = 0.88) give no flag at all. */
static void test_clean_series(void **state)
{
    (void)state;
    double t[120];
    years(t, 14, 2011);
    mt_anomaly *a = NULL;
    size_t k = 1;
    assert_int_equal(mt_anomaly_find(t, utr, 14, NULL, NULL, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 0);
    for (size_t i = 0; i < 120; i++)
        t[i] = 1995.0 + (double)i / 12.0;
    assert_int_equal(mt_anomaly_find(t, nsw, 120, NULL, NULL, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 0);
}

/* A caller-supplied joinpoint design (hinge at 2015) and period labels:
 * anomaly.Rout "utrecht_hinge" (largest |r| 2.51, p = 0.44: no flag).  The
 * labels appear in the reasons the writers make from the numbers: Amsterdam
 * with labels. */
static void test_design_and_labels(void **state)
{
    (void)state;
    double t[14], h = 2015;
    years(t, 14, 2011);
    gsl_matrix *X = NULL;
    assert_int_equal(mt_bands_design(t, 14, 0.0, NULL, 0, &h, 1, &X, NULL), MT_OK);
    mt_anomaly *a = NULL;
    size_t k = 1;
    assert_int_equal(mt_anomaly_find(t, utr, 14, X, NULL, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 0);
    gsl_matrix_free(X);
    const char *const labels[13] = {"2011", "2012", "2013-W40", "2014", "2015", "2017", "2018",
                                    "2019", "2020", "2021", "2022", "2023", "2024"};
    assert_int_equal(mt_anomaly_find(ams_t, ams, 13, NULL, NULL, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 1);
    assert_string_equal(reason_of(a, 0, ams_t, ams, 13, labels), "value 393 in 2013-W40 is 4.2 residual SDs below the trend "
                                     "(externally studentized residual, Bonferroni p = 0.023)");
    mt_anomaly_free(a);
}

/* Masking (anomaly.Rout "masking"): two outliers; in round 1 the second has
 * r = 2.57 (Bonferroni p = 0.39) and would be missed, round 2 finds it. */
static void test_masking(void **state)
{
    (void)state;
    static const double my[18] = {103.8, 99.04, 111.51, 114.01, 112.33, 281.688, 124.72, 129.47,
                                  144.49, 137.39, 150.43, 160.19, 292.106, 174.25, 175.57,
                                  175.22, 199.23, 192.22};
    double t[18];
    years(t, 18, 2000);
    mt_anomaly_opts o;
    mt_anomaly_opts_default(&o);
    o.jump = 0;
    mt_anomaly *a = NULL;
    size_t k = 0;
    assert_int_equal(mt_anomaly_find(t, my, 18, NULL, &o, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 2);
    assert_int_equal(a[0].index, 5);
    CLOSE(a[0].statistic, 5.21837418384884);
    PCLOSE(a[0].p, 0.0018726154434661987);
    assert_int_equal(a[1].index, 12);
    CLOSE(a[1].statistic, 15.530430795890247);
    PCLOSE(a[1].p, 5.4583905593931003e-09);
    mt_anomaly_free(a);
    /* one round only: the masked outlier stays hidden */
    o.max_outliers = 1;
    assert_int_equal(mt_anomaly_find(t, my, 18, NULL, &o, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 1);
    assert_int_equal(a[0].index, 5);
    mt_anomaly_free(a);
}

/* Ties that are likely by chance are not flagged: one-decimal prevalence
 * (1.9, 1.9) and small counts; a tie of a 4-digit count in a series that
 * moves by ~30% a period is (chance ~ 1/(1234 * 0.3 * 2.5) per pair). */
static void test_repeat_false_positives(void **state)
{
    (void)state;
    mt_anomaly_opts o;
    mt_anomaly_opts_default(&o);
    o.residual = 0;
    o.jump = 0;
    double t[8];
    years(t, 8, 2014);
    static const double prev[8] = {1.6, 1.9, 1.9, 2.2, 2.0, 2.3, 2.1, 2.5};
    static const double counts[8] = {12, 9, 9, 14, 11, 8, 13, 10};
    static const double big[8] = {1520, 980, 1234, 1234, 1710, 1105, 1890, 1301};
    mt_anomaly *a = NULL;
    size_t k = 1;
    assert_int_equal(mt_anomaly_find(t, prev, 8, NULL, &o, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 0);
    assert_int_equal(mt_anomaly_find(t, counts, 8, NULL, &o, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 0);
    assert_int_equal(mt_anomaly_find(t, big, 8, NULL, &o, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 1);
    assert_int_equal(a[0].index, 3);
    assert_int_equal(a[0].kind, MT_ANOMALY_REPEAT);
    mt_anomaly_free(a);
    /* a step series (most changes zero) has no spread: never flagged */
    static const double steps[8] = {5000, 5000, 5000, 5000, 6000, 6000, 6000, 6000};
    assert_int_equal(mt_anomaly_find(t, steps, 8, NULL, &o, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 0);
}

/* Jumps must be isolated: in a series that swings by a factor 5 every year no
 * point is singled out; a lone dip to a tenth is.  Expected reasons and
 * factors are hand-computed from the inputs (47.3 / 452.5 and 47.3 / 465.2). */
static void test_jump_isolation(void **state)
{
    (void)state;
    mt_anomaly_opts o;
    mt_anomaly_opts_default(&o);
    o.residual = 0;
    o.repeat = 0;
    double t[7];
    years(t, 7, 2015);
    static const double swing[7] = {1.2, 6.7, 1.0, 8.1, 1.5, 7.2, 0.9};
    static const double dip[7] = {431.0, 452.5, 47.3, 465.2, 480.9, 471.4, 502.6};
    mt_anomaly *a = NULL;
    size_t k = 1;
    assert_int_equal(mt_anomaly_find(t, swing, 7, NULL, &o, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 0);
    assert_int_equal(mt_anomaly_find(t, dip, 7, NULL, &o, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 1);
    assert_int_equal(a[0].index, 2);
    CLOSE(a[0].statistic, 47.3 / 452.5);
    assert_string_equal(reason_of(a, 0, t, dip, 7, NULL), "value 47.3 in 2017 is 9.6 and 9.8 times smaller than its "
                                     "neighbours (452.5 in 2016, 465.2 in 2018)");
    mt_anomaly_free(a);
    /* small integer counts: 1 between 4 and 5 is Poisson noise (P(X <= 1 |
     * 4.47) = 0.063, times 5 interior points > 0.05), so not flagged; the same
     * pattern in thousands is */
    static const double counts[7] = {6, 5, 4, 1, 5, 6, 4};
    static const double thousands[7] = {6000, 5000, 4000, 1000, 5000, 6000, 4000};
    assert_int_equal(mt_anomaly_find(t, counts, 7, NULL, &o, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 0);
    assert_int_equal(mt_anomaly_find(t, thousands, 7, NULL, &o, &a, &k, NULL), MT_OK);
    assert_int_equal(k, 1);
    assert_int_equal(a[0].index, 3);
    mt_anomaly_free(a);
}

static void test_errors(void **state)
{
    (void)state;
    mt_error err;
    mt_anomaly *a = NULL;
    size_t k = 0;
    double t[5] = {2010, 2011, 2012, 2013, 2014};
    double y[5] = {3.5, 4.1, 0.0, 5.2, 6.3};
    assert_int_equal(mt_anomaly_find(t, y, 5, NULL, NULL, &a, &k, &err), MT_EINVAL);
    assert_string_equal(err.msg, "anomaly: value 0 at t = 2012 is not positive on the log scale");
    mt_anomaly_opts o;
    mt_anomaly_opts_default(&o);
    o.log_scale = 0;
    assert_int_equal(mt_anomaly_find(t, y, 5, NULL, &o, &a, &k, &err), MT_OK);
    mt_anomaly_free(a);
    o.alpha = 0.0;
    assert_int_equal(mt_anomaly_find(t, y, 5, NULL, &o, &a, &k, &err), MT_EINVAL);
    o.alpha = 0.05;
    o.jump_factor = 1.0;
    assert_int_equal(mt_anomaly_find(t, y, 5, NULL, &o, &a, &k, &err), MT_EINVAL);
    o.jump_factor = 3.0;
    double tb[5] = {2010, 2012, 2011, 2013, 2014};
    assert_int_equal(mt_anomaly_find(tb, y, 5, NULL, &o, &a, &k, &err), MT_EINVAL);
    y[1] = NAN;
    assert_int_equal(mt_anomaly_find(t, y, 5, NULL, &o, &a, &k, &err), MT_EINVAL);
    y[1] = 4.1;
    assert_int_equal(mt_anomaly_find(NULL, y, 5, NULL, &o, &a, &k, &err), MT_EINVAL);
    assert_int_equal(mt_anomaly_find(t, y, 5, NULL, &o, NULL, &k, &err), MT_EINVAL);
    gsl_matrix *X = gsl_matrix_calloc(4, 2);
    assert_int_equal(mt_anomaly_find(t, y, 5, X, &o, &a, &k, &err), MT_EINVAL);
    assert_string_equal(err.msg, "anomaly: design has 4 rows for 5 points");
    gsl_matrix_free(X);
    /* a design with two equal columns is singular */
    double t8[8], y8[8] = {3.1, 3.3, 2.9, 3.8, 4.0, 3.7, 4.4, 4.6};
    years(t8, 8, 2010);
    X = gsl_matrix_alloc(8, 3);
    for (size_t i = 0; i < 8; i++) {
        gsl_matrix_set(X, i, 0, 1.0);
        gsl_matrix_set(X, i, 1, t8[i]);
        gsl_matrix_set(X, i, 2, t8[i]);
    }
    assert_int_equal(mt_anomaly_find(t8, y8, 8, X, NULL, &a, &k, &err), MT_ESINGULAR);
    assert_null(a);
    gsl_matrix_free(X);
    /* too short for any rule: no flags, no error */
    assert_int_equal(mt_anomaly_find(t, y, 2, NULL, NULL, &a, &k, &err), MT_OK);
    assert_int_equal(k, 0);
    assert_int_equal(mt_anomaly_find(t, y, 0, NULL, NULL, &a, &k, &err), MT_OK);
    mt_anomaly_free(NULL);
    mt_anomaly_opts_default(NULL);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amsterdam_2013),
        cmocka_unit_test(test_plants_2018),
        cmocka_unit_test(test_nl_seizures_repeat),
        cmocka_unit_test(test_clean_series),
        cmocka_unit_test(test_design_and_labels),
        cmocka_unit_test(test_masking),
        cmocka_unit_test(test_repeat_false_positives),
        cmocka_unit_test(test_jump_isolation),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
