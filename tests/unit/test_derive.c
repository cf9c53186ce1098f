/* test_derive.c - population-weighted aggregates, base-100 indices and the
 * EUDA gap rules.  Real-data expectations come from
 * tests/reference/crosscheck/derive_reference.py (transcript
 * derive_reference.out, numpy/pandas); the rest are hand derivations stated
 * beside them.  Relative tolerance 1e-12 unless stated. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <gsl/gsl_errno.h>

#include "monitrend/init.h"
#include "monitrend/derive.h"

#define NEAR(g, w) assert_near((g), (w), 1e-12, 1e-12, "%s", #g)

/* tests/reference/crosscheck/nl_cocaine_sites.csv (EUDA wastewater 2025, cocaine daily
 * mean, mg/1000 inh/day; populations from the EUDA site table), 2011-2024 */
static const double AMSTERDAM[14] = {644.10000000000002, 650.49000000000001, 393, 716.38, 641.72000000000003, NAN, 734.03999999999985, 932.36000000000001, 986.14999999999998, 768.63999999999999, 886.83000000000004, 1142.4300000000001, 1209.96, 1206.28};
static const double EINDHOVEN[14] = {437.42000000000002, 349.82999999999998, 426.62, 380.82999999999998, 323.04000000000002, 497.87, 427.77999999999997, 426.93000000000001, 545.41999999999996, 522.95000000000005, 623.61000000000001, 713.66999999999996, 766.11000000000001, 809.88999999999999};
static const double UTRECHT[14] = {356.33999999999997, 344.76999999999998, 199.16, 220.19999999999999, 148.09999999999999, 310.36000000000001, 288.74000000000001, 414.60000000000002, 460.25, 493.63, 529.54999999999995, 651.63, 734.54999999999984, 688.54999999999995};
static const double POP[3] = {699648, 468599, 273738}; /* Amsterdam, Eindhoven, Utrecht */

/* derive_reference.out, "aggregate" and "coverage" columns */
static const double AGG[14] = {522.30893546049367, 494.74902023946152, 367.12797252398605,
                               513.14507363807525, 444.4532594444463,  428.72537649342547,
                               549.9821483996019,  669.82288661116434, 743.09306704299968,
                               636.59231872037503, 733.4679737514607,  909.92611289992624,
                               975.47389318890271, 979.18309375617628};

static void test_aggregate_real(void **state)
{
    (void)state;
    const double *v[3] = {AMSTERDAM, EINDHOVEN, UTRECHT};
    double value[14], cov[14], se[14];
    size_t np[14];
    mt_error err;
    assert_int_equal(mt_derive_aggregate(3, 14, v, NULL, POP, 0.5, value, se, cov, np, &err), MT_OK);
    for (int t = 0; t < 14; t++) {
        NEAR(value[t], AGG[t]);
        assert_true(isnan(se[t])); /* no member carries SEs */
        assert_int_equal(np[t], t == 5 ? 2 : 3);
    }
    NEAR(cov[5], 0.51480216507106524);
    NEAR(cov[0], 1.0);
    /* min_coverage 0.75: 2016 (Amsterdam missing) no longer counts */
    assert_int_equal(mt_derive_aggregate(3, 14, v, NULL, POP, 0.75, value, NULL, cov, NULL, &err),
                     MT_OK);
    assert_true(isnan(value[5]));
    NEAR(cov[5], 0.51480216507106524);
    NEAR(value[6], AGG[6]);
}

static void test_aggregate_se(void **state)
{
    (void)state;
    /* Hand derivation: weights 3 and 1, values 10 and 20 with SEs 2 and 4:
     * mean (30 + 20) / 4 = 12.5; SE sqrt((3/4)^2 4 + (1/4)^2 16) = sqrt(3.25).
     * Period 2: member 2 missing -> value 11, SE 3 (its own), coverage 0.75.
     * Period 3: member 1 lacks an SE -> SE NaN. */
    const double y1[3] = {10, 11, 7}, y2[3] = {20, NAN, 9};
    const double s1[3] = {2, 3, NAN}, s2[3] = {4, 1, 1};
    const double *v[2] = {y1, y2};
    const double *s[2] = {s1, s2};
    const double w[2] = {3, 1};
    double value[3], se[3], cov[3];
    assert_int_equal(mt_derive_aggregate(2, 3, v, s, w, 0.5, value, se, cov, NULL, NULL), MT_OK);
    NEAR(value[0], 12.5);
    NEAR(se[0], sqrt(3.25));
    NEAR(value[1], 11);
    NEAR(se[1], 3);
    NEAR(cov[1], 0.75);
    NEAR(value[2], (21.0 + 9.0) / 4);
    assert_true(isnan(se[2]));
}

static void test_index(void **state)
{
    (void)state;
    /* base 2015 (index 4): Utrecht 148.1 -> 100; 2024 = 100 * 688.55 / 148.1 */
    double idx[14], ise[14];
    assert_int_equal(mt_derive_index(UTRECHT, NULL, 14, 4, idx, ise, NULL), MT_OK);
    NEAR(idx[4], 100);
    NEAR(idx[13], 100 * 688.55 / 148.1);
    assert_true(isnan(ise[0]));
    /* delta method, by hand: y = (50, 80), se = (5, 4), base 0:
     * 100 sqrt(16/2500 + 6400 * 25 / 50^4) = 100 sqrt(0.0064 + 0.0256) */
    const double y[2] = {50, 80}, s[2] = {5, 4};
    assert_int_equal(mt_derive_index(y, s, 2, 0, idx, ise, NULL), MT_OK);
    NEAR(idx[1], 160);
    NEAR(ise[0], 0);
    NEAR(ise[1], 100 * sqrt(0.0064 + 0.0256));
    mt_error err;
    assert_int_equal(mt_derive_index(AMSTERDAM, NULL, 14, 5, idx, NULL, &err), MT_EINVAL);
    assert_string_equal(err.msg, "index: the base period has no value");
    const double neg[2] = {-1, 2};
    assert_int_equal(mt_derive_index(neg, NULL, 2, 0, idx, NULL, &err), MT_EINVAL);
    assert_int_equal(mt_derive_index(y, NULL, 2, 2, idx, NULL, &err), MT_EINVAL);
}

static void test_fill_euda(void **state)
{
    (void)state;
    double out[7];
    mt_fill how[7];
    int dropped;
    /* leading, interior and trailing single gaps */
    const double y[7] = {NAN, 4.2, 5.1, NAN, 6.3, 7.7, NAN};
    assert_int_equal(mt_derive_fill_euda(y, 7, out, how, &dropped, NULL), MT_OK);
    assert_int_equal(dropped, 0);
    NEAR(out[0], 4.2);
    assert_int_equal(how[0], MT_FILL_BACKFILLED);
    NEAR(out[3], (5.1 + 6.3) / 2);
    assert_int_equal(how[3], MT_FILL_INTERPOLATED);
    NEAR(out[6], 7.7);
    assert_int_equal(how[6], MT_FILL_CARRIED);
    assert_int_equal(how[1], MT_FILL_OBSERVED);
    /* two consecutive missing periods anywhere: excluded */
    const double z[7] = {1, 2, NAN, NAN, 5, 6, 7};
    assert_int_equal(mt_derive_fill_euda(z, 7, out, how, &dropped, NULL), MT_OK);
    assert_int_equal(dropped, 1);
    assert_true(isnan(out[0]));
    const double tail[5] = {1, 2, 3, NAN, NAN};
    mt_derive_fill_euda(tail, 5, out, how, &dropped, NULL);
    assert_int_equal(dropped, 1);
    assert_int_equal(mt_derive_fill_euda(z, 0, out, how, &dropped, NULL), MT_EINVAL);
}

/* derive_reference.out "group_index": base 2011, EUDA gaps, population weights */
static void test_group_index_real(void **state)
{
    (void)state;
    const double want[14] = {100, 93.357748494155985, 71.908887996025314, 93.988008641489529,
                             80.229561660949258, 105.33937243939432, 102.45769130200235,
                             124.03888591778326, 139.32564884588547, 123.04963404910808,
                             141.34464647517859, 173.79323097696837, 187.19353324013326,
                             187.71825083562828};
    const double *v[3] = {AMSTERDAM, EINDHOVEN, UTRECHT};
    double idx[14], cov[14];
    mt_fill how[42];
    int dropped[3];
    mt_error err;
    assert_int_equal(mt_derive_group_index(3, 14, v, POP, 0, 1, 0.5, idx, cov, how, dropped, &err),
                     MT_OK);
    for (int t = 0; t < 14; t++) {
        NEAR(idx[t], want[t]);
        NEAR(cov[t], 1.0);
    }
    assert_int_equal(how[0 * 14 + 5], MT_FILL_INTERPOLATED); /* Amsterdam 2016 */
    assert_int_equal(how[2 * 14 + 5], MT_FILL_OBSERVED);
    assert_int_equal(dropped[0] + dropped[1] + dropped[2], 0);
    /* without gap rules Amsterdam is absent in 2016: the index is the
     * weighted mean of the other two indices, coverage 0.5148 */
    assert_int_equal(mt_derive_group_index(3, 14, v, POP, 0, 0, 0.5, idx, cov, how, NULL, &err),
                     MT_OK);
    double ie = 100 * EINDHOVEN[5] / EINDHOVEN[0], iu = 100 * UTRECHT[5] / UTRECHT[0];
    NEAR(idx[5], (POP[1] * ie + POP[2] * iu) / (POP[1] + POP[2]));
    NEAR(cov[5], 0.51480216507106524);
    assert_int_equal(how[5], MT_FILL_MISSING);
    /* equal weights, min coverage 0.9 -> 2016 dropped */
    assert_int_equal(mt_derive_group_index(3, 14, v, NULL, 0, 0, 0.9, idx, cov, NULL, NULL, &err),
                     MT_OK);
    assert_true(isnan(idx[5]));
    NEAR(cov[5], 2.0 / 3.0);
}

static void test_errors(void **state)
{
    (void)state;
    const double y[3] = {1, NAN, NAN};
    const double *v[1] = {y};
    const double wneg[1] = {-2}, wzero[1] = {0}, w1[1] = {1};
    double a[3], b[3];
    mt_error err;
    assert_int_equal(mt_derive_aggregate(1, 3, v, NULL, wneg, 0.5, a, NULL, b, NULL, &err),
                     MT_EINVAL);
    assert_string_equal(err.msg, "weight 1 (-2) is negative or not finite");
    assert_int_equal(mt_derive_aggregate(1, 3, v, NULL, wzero, 0.5, a, NULL, b, NULL, &err),
                     MT_EINVAL);
    assert_int_equal(mt_derive_aggregate(1, 3, v, NULL, w1, 1.5, a, NULL, b, NULL, &err),
                     MT_EINVAL);
    assert_int_equal(mt_derive_aggregate(0, 3, v, NULL, w1, 0.5, a, NULL, b, NULL, &err),
                     MT_EINVAL);
    assert_int_equal(mt_derive_aggregate(1, 3, NULL, NULL, w1, 0.5, a, NULL, b, NULL, &err),
                     MT_EINVAL);
    /* the only member has two consecutive gaps: every member dropped */
    assert_int_equal(mt_derive_group_index(1, 3, v, NULL, 0, 1, 0.5, a, b, NULL, NULL, &err),
                     MT_ETOOFEW);
    assert_int_equal(mt_derive_group_index(1, 3, v, NULL, 3, 1, 0.5, a, b, NULL, NULL, &err),
                     MT_EINVAL);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aggregate_real),
        cmocka_unit_test(test_aggregate_se),
        cmocka_unit_test(test_index),
        cmocka_unit_test(test_fill_euda),
        cmocka_unit_test(test_group_index_real),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
