/* test_events.c - level shifts, interrupted time series and DiD against R lm.
 *
 * Expected numbers: tests/reference/events/events.Rout, made by
 * tests/reference/events/events.R (R 4, base stats: lm, confint, anova).
 * Data (copied into the script and here): NSW monthly drug offences
 * 1995-2004 (BOCSAR, tests/reference/events/nsw_drug_offences_1995_2004.csv),
 * NL and BE cocaine seizures (UNODC), NL cocaine prevalence (UNODC WDR 2025),
 * Utrecht, Eindhoven and Antwerp Zuid cocaine wastewater (EUDA 2025), US
 * amphetamines prevalence 2010-2023 (UNODC WDR 2025).
 * Tolerance: 1e-9 relative for estimates, 1e-7 relative for p-values (GSL and
 * R evaluate the t and F tails by different series).
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
#include "monitrend/events.h"

#define REL_TOL 1e-9
#define P_TOL 1e-7

/* Relative, except near-zero estimates: absolute 1e-9 on the analysis scale. */
static void close_rel(double got, double want, double rel, const char *what)
{
    double floor = want != 0.0 && fabs(want) < 1.0 && rel == REL_TOL ? 1.0 : 0.0;
    assert_near(got, want, rel, floor, "%s", what);
}
#define CLOSE(g, w) close_rel((g), (w), REL_TOL, #g)
#define PCLOSE(g, w) close_rel((g), (w), P_TOL, #g)

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

static const double nl[20] = {8200, 4851, 9222, 11495, 8998, 10361, 6472, 8382, 7968, 17560, 12387,
                              14603, 10584.1, 10478, 6757, 4934, 10021.032, 10090.561, 10001.285,
                              12353.3};
static const double be[20] = {479.425, 576.183, 838, 3329, 2088.312, 1761.709, 2813.991, 2813.991,
                              3589, 645.6, 3541, 9259, 3945.851, 2515.331, 3851.523, 4606.188,
                              6843.966, 7999.209, 19177.985, 6486.23};
static const double ww_t[14] = {2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024};
static const double utr[14] = {356.34, 344.77, 199.16, 220.2, 148.1, 310.36, 288.74, 414.6, 460.25, 493.63, 529.55, 651.63, 734.55, 688.55};
/* comparison block: Eindhoven then Antwerp Zuid */
static const double comp2[28] = {437.42, 349.83, 426.62, 380.83, 323.04, 497.87, 427.78, 426.93, 545.42, 522.95, 623.61, 713.67, 766.11, 809.89,
                                 721.18, 742.05, 836.79, 632.69, 621.12, 914.79, 822.93, 771.79, 1275.66, 1174.88, 1581.88, 2381.39, 1721.58, 1996.98};

static void nsw_times(double *t)
{
    for (size_t i = 0; i < 120; i++)
        t[i] = 1995.0 + (double)i / 12.0;
}

/* events.Rout "nsw_its": log counts, t0 = April 2000 (Cannabis Cautioning Scheme). */
static void test_nsw_policy_log(void **state)
{
    (void)state;
    double t[120];
    nsw_times(t);
    mt_event_effect e;
    mt_error err;
    assert_int_equal(mt_events_policy(t, nsw, NULL, 120, 2000.0 + 3.0 / 12.0, 1, 0.95, &e, &err),
                     MT_OK);
    assert_int_equal(e.n_before, 63);
    assert_int_equal(e.n_after, 57);
    assert_int_equal(e.df, 116);
    CLOSE(e.slope, 0.056630157821248521);
    CLOSE(e.slope_se, 0.0096276496437801718);
    CLOSE(e.level, -0.023941550306387806);
    CLOSE(e.level_se, 0.04229256884297114);
    CLOSE(e.level_ci_lo, -0.10770731186756757);
    CLOSE(e.level_ci_hi, 0.059824211254791954);
    CLOSE(e.slope_change, -0.086314887286833994);
    CLOSE(e.slope_change_ci_lo, -0.1155484562222141);
    CLOSE(e.slope_change_ci_hi, -0.057081318351453886);
    PCLOSE(e.p_level, 0.57242371177908224);
    PCLOSE(e.p_slope_change, 4.6803761590751224e-08);
    CLOSE(e.f_joint, 17.588446191486955);
    PCLOSE(e.p_joint, 2.1301460560469134e-07);
    PCLOSE(e.p, 2.1301460560469134e-07);
    CLOSE(e.sigma, 0.11579892162121261);
    CLOSE(e.durbin_watson, 1.0297130263721554);
    CLOSE(e.level_change_pct, -2.3657224973769897);
    CLOSE(e.level_lo, -10.210964017275797);
    CLOSE(e.level_hi, 6.164990403653321);
    CLOSE(e.slope_before, 5.8264347218294814);
    CLOSE(e.slope_after, -2.9248465335476701);
    CLOSE(e.slope_change_lo, -10.9122597362219);
    CLOSE(e.slope_change_hi, -5.5482740342928851);
}

/* events.Rout "nsw_its_lin": the same on the count scale. */
static void test_nsw_policy_linear(void **state)
{
    (void)state;
    double t[120];
    nsw_times(t);
    mt_event_effect e;
    assert_int_equal(mt_events_policy(t, nsw, NULL, 120, 2000.25, 0, 0.95, &e, NULL), MT_OK);
    CLOSE(e.level, -29.198784874683003);
    CLOSE(e.level_ci_lo, -191.07342424707801);
    CLOSE(e.slope_before, 102.70967741935507);
    CLOSE(e.slope_after, 102.70967741935507 - 163.52326310771389);
    CLOSE(e.slope_change_lo, -220.01619459651175);
    CLOSE(e.slope_change_hi, -107.03033161891604);
    CLOSE(e.f_joint, 16.73151885836181);
    PCLOSE(e.p, 4.1266981442371798e-07);
    CLOSE(e.durbin_watson, 1.0815267517277274);
    assert_true(isnan(e.level_change_pct) && isnan(e.level_lo) && isnan(e.level_hi));
}

/* events.Rout "nl_seiz_its": NL cocaine seizures 1994-2013, t0 = 2004. */
static void test_nl_seizures_policy(void **state)
{
    (void)state;
    double t[20];
    for (size_t i = 0; i < 20; i++)
        t[i] = 1994.0 + (double)i;
    mt_event_effect e;
    assert_int_equal(mt_events_policy(t, nl, NULL, 20, 2004.0, 1, 0.95, &e, NULL), MT_OK);
    CLOSE(e.level_change_pct, -7.7758560638540875);
    CLOSE(e.level_lo, -50.444841308092656);
    CLOSE(e.level_hi, 71.632842054523053);
    CLOSE(e.slope_before, 5.1381861793001544);
    CLOSE(e.slope_after, -2.016410497824968);
    CLOSE(e.slope_change_lo, -16.28829879002706);
    CLOSE(e.slope_change_hi, 3.7527368981966918);
    PCLOSE(e.p, 0.39627569352056224);
    CLOSE(e.durbin_watson, 1.6270438548228736);
}

/* events.Rout "prev_def" and "prev_def_w": NL cocaine prevalence, source switch 2015. */
static void test_prevalence_definition(void **state)
{
    (void)state;
    static const double t[8] = {2005, 2009, 2014, 2015, 2016, 2017, 2018, 2019};
    static const double y[8] = {0.6, 1.2, 1.6, 1.9, 2, 2.2, 2, 2.3};
    static const double w[8] = {0.5, 0.8, 1, 1.3, 1.1, 0.9, 1.7, 1.2};
    mt_event_effect e;
    assert_int_equal(mt_events_definition(t, y, NULL, 8, 2015.0, 1, 0.95, &e, NULL), MT_OK);
    assert_int_equal(e.df, 5);
    CLOSE(e.level, -0.032724664530249893);
    CLOSE(e.level_se, 0.17619288099977098);
    CLOSE(e.level_change_pct, -3.2195006049430348);
    CLOSE(e.level_lo, -38.469849790380941);
    CLOSE(e.level_hi, 52.225616730127122);
    CLOSE(e.slope_before, 9.7814089904659944);
    CLOSE(e.slope_after, 9.7814089904659944);
    PCLOSE(e.p, 0.85995462472749162);
    CLOSE(e.durbin_watson, 2.0315431454944854);
    assert_true(isnan(e.slope_change) && isnan(e.slope_change_lo) && isnan(e.p_joint));
    assert_int_equal(mt_events_definition(t, y, w, 8, 2015.0, 1, 0.95, &e, NULL), MT_OK);
    CLOSE(e.level_change_pct, 2.4531627528860027);
    CLOSE(e.level_lo, -33.106202168702502);
    CLOSE(e.level_hi, 56.915153547438379);
    CLOSE(e.slope_before, 8.3529483773701472);
    CLOSE(e.sigma, 0.12765157938524274);
    PCLOSE(e.p, 0.88951991280721732);
}

/* events.Rout "nl_be_did": NL treated, BE comparison, t0 = 2004. */
static void test_nl_be_did(void **state)
{
    (void)state;
    double t[20];
    for (size_t i = 0; i < 20; i++)
        t[i] = 1994.0 + (double)i;
    mt_event_did d;
    assert_int_equal(mt_events_did(t, nl, be, 1, 20, 2004.0, 1, 0.95, &d, NULL), MT_OK);
    assert_int_equal(d.df, 32);
    CLOSE(d.did_level, -0.26827080389384672);
    CLOSE(d.did_level_se, 0.6435715729160042);
    CLOSE(d.did_level_ci_lo, -1.5791831996695196);
    CLOSE(d.did_level_ci_hi, 1.0426415918818264);
    CLOSE(d.did_slope, -0.048624885365486259);
    CLOSE(d.did_slope_se, 0.11119223228877358);
    CLOSE(d.did_slope_ci_lo, -0.27511605084825008);
    CLOSE(d.did_slope_ci_hi, 0.17786628011727756);
    PCLOSE(d.p_did_level, 0.67957354723835617);
    PCLOSE(d.p_did_slope, 0.66482760088973536);
    CLOSE(d.f_joint, 0.16800474748511707);
    PCLOSE(d.p_joint, 0.84609060759186006);
    CLOSE(d.did_level_pct, -23.529933085806384);
    CLOSE(d.did_lo, -79.385659253866137);
    CLOSE(d.did_hi, 183.67005308952011);
    CLOSE(d.did_slope_pct_lo, -24.051602064955429);
    CLOSE(d.did_slope_pct_hi, 19.466556001483536);
    /* treated effect with the pooled variance ("treated_level_est_se"); the
     * comparison level is the coefficient of D */
    CLOSE(d.treated.level, -0.080948224888951842);
    CLOSE(d.treated.level_se, 0.45507382338779923);
    CLOSE(d.comparison.level, 0.18732257900489488);
    CLOSE(d.comparison.level_se, 0.45507382338779911);
    CLOSE(d.comparison.slope, 0.12645568008826369);
}

/* events.Rout "ww_did2" and "ww_did2_lin": Utrecht against the mean of
 * Eindhoven and Antwerp Zuid (geometric mean on the log scale), 2018. */
static void test_wastewater_did_two_comparisons(void **state)
{
    (void)state;
    mt_event_did d;
    assert_int_equal(mt_events_did(ww_t, utr, comp2, 2, 14, 2018.0, 1, 0.95, &d, NULL), MT_OK);
    assert_int_equal(d.n_comparison, 2);
    assert_int_equal(d.df, 20);
    CLOSE(d.did_level, 0.53724868582550489);
    CLOSE(d.did_level_ci_lo, -0.10404159767369558);
    CLOSE(d.did_level_ci_hi, 1.1785389693247055);
    CLOSE(d.did_slope_ci_lo, -0.13016059287841034);
    CLOSE(d.did_slope_ci_hi, 0.185588915707492);
    CLOSE(d.did_level_pct, 71.129207708307547);
    CLOSE(d.did_lo, -9.8812190674929354);
    CLOSE(d.did_hi, 224.96229340702834);
    CLOSE(d.f_joint, 1.538537096044587);
    PCLOSE(d.p_joint, 0.23905206169060772);
    CLOSE(d.treated.level, 0.64634082340191434);
    CLOSE(d.treated.level_se, 0.21738669906497779);
    assert_int_equal(mt_events_did(ww_t, utr, comp2, 2, 14, 2018.0, 0, 0.95, &d, NULL), MT_OK);
    CLOSE(d.did_level, 117.84857142857169);
    CLOSE(d.did_level_ci_lo, -225.57276222290307);
    CLOSE(d.did_level_ci_hi, 461.26990508004644);
    CLOSE(d.did_slope_pct_lo, -142.65163084368467);
    CLOSE(d.did_slope_pct_hi, 26.437345129399013);
    CLOSE(d.f_joint, 1.4319310130424741);
    assert_true(isnan(d.did_level_pct) && isnan(d.did_lo));
}

static void test_errors(void **state)
{
    (void)state;
    mt_error err;
    mt_event_effect e;
    mt_event_did d;
    double t[6] = {2010, 2011, 2012, 2013, 2014, 2015};
    double y[6] = {3.1, 2.7, 4.4, 5.9, 5.2, 6.8};
    /* one point before 2011.5 is too few for a policy model */
    assert_int_equal(mt_events_policy(t, y, NULL, 6, 2011.0, 1, 0.95, &e, &err), MT_ETOOFEW);
    assert_string_equal(err.msg,
                        "policy event: 1 points before and 5 from 2011; need 2 on each side");
    assert_true(isnan(e.level));
    assert_int_equal(mt_events_definition(t, y, NULL, 6, 2016.0, 1, 0.95, &e, &err), MT_ETOOFEW);
    /* n = 4 with two each side: four parameters, no residual df */
    assert_int_equal(mt_events_policy(t, y, NULL, 4, 2012.0, 1, 0.95, &e, &err), MT_ETOOFEW);
    double yneg[6] = {3.1, 2.7, -4.4, 5.9, 5.2, 6.8};
    assert_int_equal(mt_events_policy(t, yneg, NULL, 6, 2012.0, 1, 0.95, &e, &err), MT_EINVAL);
    assert_string_equal(err.msg,
                        "policy event: value -4.4 at t = 2012 is not positive on the log scale");
    assert_int_equal(mt_events_policy(t, yneg, NULL, 6, 2012.0, 0, 0.95, &e, &err), MT_OK);
    double tdup[6] = {2010, 2011, 2011, 2013, 2014, 2015};
    assert_int_equal(mt_events_policy(tdup, y, NULL, 6, 2012.0, 1, 0.95, &e, &err), MT_EINVAL);
    assert_int_equal(mt_events_policy(t, y, NULL, 6, NAN, 1, 0.95, &e, &err), MT_EINVAL);
    assert_int_equal(mt_events_policy(t, y, NULL, 6, 2012.0, 1, 95.0, &e, &err), MT_EINVAL);
    assert_int_equal(mt_events_policy(NULL, y, NULL, 6, 2012.0, 1, 0.95, &e, &err), MT_EINVAL);
    assert_int_equal(mt_events_policy(t, y, NULL, 6, 2012.0, 1, 0.95, NULL, &err), MT_EINVAL);
    double w[6] = {1, 1, 0, 1, 1, 1};
    assert_int_equal(mt_events_definition(t, y, w, 6, 2012.0, 1, 0.95, &e, &err), MT_EINVAL);
    /* values near DBL_MAX overflow the residual sum of squares: non-finite.
     * (MT_ESINGULAR cannot arise here: two distinct times on each side of t0
     * make the design full rank; the shared fit's rank check is provoked in
     * test_bands.c.) */
    double ybig[6] = {1e300, 1e300, 1e300, 1e300, 1e300, 1e300};
    assert_int_equal(mt_events_policy(t, ybig, NULL, 6, 2012.0, 0, 0.95, &e, &err), MT_ENONFINITE);
    assert_string_equal(err.msg, "bands fit: residual sum of squares is not finite");
    /* DiD */
    double c[6] = {2.0, 2.2, 2.1, 2.6, 2.5, 2.9};
    assert_int_equal(mt_events_did(t, y, NULL, 1, 6, 2012.0, 1, 0.95, &d, &err), MT_EINVAL);
    assert_int_equal(mt_events_did(t, y, c, 0, 6, 2012.0, 1, 0.95, &d, &err), MT_EINVAL);
    c[4] = 0.0;
    assert_int_equal(mt_events_did(t, y, c, 1, 6, 2012.0, 1, 0.95, &d, &err), MT_EINVAL);
    assert_string_equal(err.msg, "difference-in-differences: comparison series 0 has value 0 at "
                                 "t = 2014, not positive");
    c[4] = 2.5;
    assert_int_equal(mt_events_did(t, y, c, 1, 6, 2011.0, 1, 0.95, &d, &err), MT_ETOOFEW);
    assert_int_equal(mt_events_did(t, y, c, 1, 4, 2012.0, 1, 0.95, &d, &err), MT_ETOOFEW);
    assert_int_equal(mt_events_did(t, y, c, 1, 6, 2012.0, 1, 0.95, NULL, &err), MT_EINVAL);
    assert_int_equal(mt_events_did(t, y, c, 1, 6, 2012.0, 1, 0.95, &d, &err), MT_OK);
    assert_int_equal(d.df, 4);
}

/* events.Rout "us_amph_defs": US amphetamines prevalence with three
 * definition changes (2015, 2020, 2021) and one common trend. */
static void test_us_amphetamines_definitions(void **state)
{
    (void)state;
    static const double t[13] = {2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2020, 2021, 2022, 2023};
    static const double y[13] = {1.8, 1.55, 1.9, 1.9, 1.7, 2.9, 2.95, 3.1, 3.3, 5.6499999999999995,
                                 1.1000000000000001, 1.2153424079999999, 1.0938081669999999};
    static const double dates[3] = {2015, 2020, 2021};
    static const double pct[3] = {59.979637767382819, 73.579720429009612, -80.612615967207262};
    static const double lo[3] = {29.39233823092427, 37.56781324924949, -84.244833708351649};
    static const double hi[3] = {97.797526886845262, 119.01866892092589, -76.14302174428768};
    static const double se[3] = {0.09201951097566545, 0.10083242750978906, 0.089962638735047284};
    static const double pv[3] = {0.00092268172651026889, 0.00059505302911145317, 8.4068033838426189e-08};
    mt_event_effect e[3];
    mt_error err;
    assert_int_equal(mt_events_definitions(t, y, NULL, 13, dates, 3, 1, 0.95, e, &err), MT_OK);
    for (size_t j = 0; j < 3; j++) {
        assert_int_equal(e[j].df, 8);
        CLOSE(e[j].level_change_pct, pct[j]);
        CLOSE(e[j].level_lo, lo[j]);
        CLOSE(e[j].level_hi, hi[j]);
        CLOSE(e[j].level_se, se[j]);
        PCLOSE(e[j].p, pv[j]);
        CLOSE(e[j].slope_before, 1.7938607223289331);
        CLOSE(e[j].durbin_watson, 2.6442064507578773);
    }
    assert_int_equal(e[1].n_before, 9);
    /* the single-date call is the k = 1 case */
    mt_event_effect one, many;
    assert_int_equal(mt_events_definition(t, y, NULL, 13, 2015.0, 1, 0.95, &one, NULL), MT_OK);
    assert_int_equal(mt_events_definitions(t, y, NULL, 13, dates, 1, 1, 0.95, &many, NULL), MT_OK);
    CLOSE(many.level, one.level);
    CLOSE(many.level_se, one.level_se);
    /* errors: unsorted dates, an empty segment (2018.5 .. 2019.5), too few points */
    static const double bad[2] = {2020, 2015};
    assert_int_equal(mt_events_definitions(t, y, NULL, 13, bad, 2, 1, 0.95, e, &err), MT_EINVAL);
    static const double empty[2] = {2018.5, 2019.5};
    assert_int_equal(mt_events_definitions(t, y, NULL, 13, empty, 2, 1, 0.95, e, &err),
                     MT_ETOOFEW);
    assert_string_equal(err.msg, "definition changes: no point between 2018.5 and the next date");
    assert_int_equal(mt_events_definitions(t, y, NULL, 4, dates, 1, 1, 0.95, e, &err), MT_ETOOFEW);
    assert_int_equal(mt_events_definitions(t, y, NULL, 13, NULL, 1, 1, 0.95, e, &err), MT_EINVAL);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nsw_policy_log),
        cmocka_unit_test(test_nsw_policy_linear),
        cmocka_unit_test(test_nl_seizures_policy),
        cmocka_unit_test(test_prevalence_definition),
        cmocka_unit_test(test_nl_be_did),
        cmocka_unit_test(test_wastewater_did_two_comparisons),
        cmocka_unit_test(test_us_amphetamines_definitions),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
