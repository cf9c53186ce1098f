/* test_crosscheck.c - concordance, availability, displacement and ratio
 * cross-checks against R (tests/reference/crosscheck/reference.R, transcript
 * reference.Rout) on real pairs, and the verdict rules on constructed pairs
 * with known answers.  Tolerances: relative 1e-9 against the 15-digit R
 * transcript unless stated. */
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
#include "monitrend/crosscheck.h"

#define REL 1e-9

#define NEAR(g, w) assert_near((g), (w), REL, 1e-12, "%s", #g)
#define NEAR_TOL(g, w, r) assert_near((g), (w), (r), 1e-12, "%s", #g)

/* Real data, copied from tests/reference/crosscheck/annual_pairs.csv (EUDA wastewater 2025,
 * UNODC WDR 2025 prevalence, UNODC seizures) and monthly_be_toronto_montreal.csv
 * (Statistics Canada 13-10-0880); see extract.py there for provenance. */
/* grid 2011-2023 */
static const double UTRECHT[13] = {356.33999999999997, 344.76999999999998, 199.16, 220.19999999999999, 148.09999999999999, 310.36000000000001, 288.74000000000001, 414.60000000000002, 460.25, 493.63, 529.54999999999995, 651.63, 734.54999999999984};
static const double PREV_NL[13] = {NAN, NAN, NAN, 1.6000000000000001, 1.8999999999999999, 2, 2.2000000000000002, 2, 2.2999999999999998, 2.1000000000000001, 2.5, 3, 2.7000000000000002};
static const double SEIZ_NL_1123[13] = {10090.561, 10001.285, 12353.299999999999, 8759.3799999999992, 12009.603999999999, 12009.603999999999, 14628.025, 40134, 44332, 48891, 72808, 51447, 59116};
/* grid 2000-2023 */
static const double SEIZ_NL[24] = {6472, 8382, 7968, 17560, 12387, 14603, 10584.1, 10478, 6757, 4934, 10021.031999999999, 10090.561, 10001.285, 12353.299999999999, 8759.3799999999992, 12009.603999999999, 12009.603999999999, 14628.025, 40134, 44332, 48891, 72808, 51447, 59116};
static const double SEIZ_BE[24] = {2813.991, 2813.991, 3589, 645.60000000000002, 3541, 9259, 3945.8510000000001, 2515.3310000000001, 3851.5230000000001, 4606.1880000000001, 6843.9660000000003, 7999.2089999999998, 19177.985000000001, 6486.2299999999996, 9292.6399999999994, 17486.610000000001, 30294, 44751.849999999999, 53032, 65247.68, 70254.475999999995, 96320.800000000003, 110910.53200000001, 123026.397};
static const int MONTH_Y[18] = {2022, 2022, 2022, 2022, 2022, 2022, 2022, 2022, 2022, 2022, 2022, 2022, 2023, 2023, 2023, 2023, 2023, 2023};
static const int MONTH_M[18] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 3, 5, 7, 9, 11};
static const double TORONTO_LOAD[18] = {835.74000000000001, 828.29999999999984, 959.12, 935.46000000000004, 921.88, 937.60000000000002, 1052.8399999999999, 984.98000000000002, 662.5, 822.94000000000005, 666.86000000000001, 953.53999999999996, 906.32000000000005, 985.17999999999995, 992.53999999999996, 1030.6400000000001, 914.27999999999997, 942.79999999999995};
static const double TORONTO_SE[18] = {40.399999999999999, 42.899999999999999, 125.78, 51.340000000000003, 41.880000000000003, 43, 131.09999999999999, 40.259999999999998, 29.98, 37.700000000000003, 39.380000000000003, 53.299999999999997, 45.079999999999998, 50.119999999999997, 43, 64.159999999999997, 68, 59.399999999999999};
static const double MONTREAL_LOAD[18] = {1345.74, 825.82000000000005, 1102.8399999999999, 1202.4400000000001, 1317.8, 1391.6400000000001, 1089.24, 1129.24, 1172.26, 1349.26, 1205.1400000000001, 1309.7, 1133.4000000000001, 1239.4400000000001, 1314.5799999999999, 1351.4200000000001, 1194.3, 1297.8800000000001};
static const double MONTREAL_SE[18] = {59.920000000000002, 54.640000000000001, 118.62, 72.840000000000003, 38.719999999999999, 115.28, 76, 53.840000000000003, 40.939999999999998, 129.40000000000001, 52.159999999999997, 112.02, 49.200000000000003, 58.960000000000001, 73.379999999999981, 66.760000000000005, 36.740000000000002, 50.520000000000003};

static void years(double *t, int first, size_t n)
{
    for (size_t i = 0; i < n; i++)
        t[i] = first + (double)i;
}

/* reference.Rout "== utrecht_vs_prevalence" */
static void test_utrecht_vs_prevalence(void **state)
{
    (void)state;
    double t[13];
    years(t, 2011, 13);
    mt_crosscheck_options o;
    mt_crosscheck_options_default(&o);
    mt_concordance c;
    mt_error err;
    assert_int_equal(mt_crosscheck_concordance(t, UTRECHT, NULL, PREV_NL, NULL, 13, &o, &c, &err),
                     MT_OK);
    assert_int_equal(c.n, 10);
    assert_int_equal(c.first, 3);
    assert_int_equal(c.last, 12);
    NEAR(c.a.slope, 0.155141386679108);
    NEAR(c.a.slope_se, 0.019975455543617);
    NEAR(c.a.slope_lo, 0.10907790359294);
    NEAR(c.a.slope_hi, 0.201204869765276);
    NEAR(c.a.apc, 16.7823064057983);
    NEAR(c.a.apc_lo, 11.5249228879282);
    NEAR(c.a.apc_hi, 22.2875276332875);
    NEAR(c.a.p, 5.40074982997405e-05);
    NEAR(c.b.apc, 5.62042513763239);
    NEAR(c.b.apc_lo, 3.46046401165447);
    NEAR(c.b.apc_hi, 7.82548012734179);
    NEAR(c.b.p, 0.000288601667982145);
    NEAR(c.slope_diff, -0.100459800234336);
    NEAR(c.slope_diff_se, 0.0218930065024918);
    NEAR(c.p_parallel, 0.000302744736438706);
    NEAR(c.apc_diff, 11.1618812681696);
    NEAR(c.apc_diff_lo, 5.9944078447548);
    NEAR(c.apc_diff_hi, 16.3293546915843);
    NEAR(c.r_levels.r, 0.808891369825512);
    NEAR(c.r_levels.lo, 0.365324651767613);
    NEAR(c.r_levels.hi, 0.953102998659524);
    NEAR(c.r_levels.p, 0.00460112134875839);
    NEAR(c.rho_levels.r, 0.875383982899293);
    NEAR(c.r_diff.r, -0.314968275828169);
    NEAR(c.r_diff.lo, -0.809715836234083);
    NEAR(c.r_diff.hi, 0.441506570990047);
    NEAR(c.r_diff.p, 0.409057657558398);
    NEAR(c.rho_diff.r, -0.266666666666667);
    assert_int_equal(c.agree, 4);
    assert_int_equal(c.total, 9);
    NEAR(c.sign_p, 1.0);
    assert_int_equal(c.prewhitened, 0);
    assert_int_equal(c.n_lags, 5);
    const double ccf[5] = {-0.539901785936666, 0.175354854608389, -0.314968275828169,
                           0.30984794919454, -0.111916181273663};
    for (int k = 0; k < 5; k++)
        NEAR(c.ccf[k], ccf[k]);
    assert_int_equal(c.best_lag, -2);
    NEAR(c.r_lag, -0.539901785936666);
    /* No |rstandard| above 2 (largest 1.699 in 2012+3 = 2015); the five
     * periods with opposite changes and no SEs are listed. */
    assert_int_equal(c.n_divergent, 5);
    for (size_t k = 0; k < c.n_divergent; k++) {
        assert_int_equal(c.divergent[k].reasons, MT_DIVERGE_OPPOSITE);
        assert_true(c.divergent[k].change_a * c.divergent[k].change_b < 0);
    }
    /* Wastewater rose about 11 points a year faster than prevalence. */
    assert_int_equal(c.verdict, MT_VERDICT_DIVERGING);
    assert_string_equal(mt_crosscheck_verdict_name(c.verdict), "diverging");
}

/* reference.Rout "== nl_vs_be_seizures" and "== displacement_nl_be" */
static void test_nl_vs_be_seizures(void **state)
{
    (void)state;
    double t[24];
    years(t, 2000, 24);
    mt_displacement d;
    mt_error err;
    assert_int_equal(mt_crosscheck_displacement(t, SEIZ_NL, SEIZ_BE, 24, NULL, &d, &err), MT_OK);
    const mt_concordance *c = &d.pair;
    assert_int_equal(c->n, 24);
    NEAR(c->a.apc, 8.75314116640422);
    NEAR(c->a.apc_lo, 5.37002142295593);
    NEAR(c->b.apc, 20.9037214369334);
    NEAR(c->b.apc_hi, 25.1397582752702);
    NEAR(c->b.p, 1.00337273478662e-10);
    NEAR(c->slope_diff_se, 0.0225373626226706);
    NEAR(c->p_parallel, 2.58372816340024e-05);
    NEAR(c->apc_diff, -12.1505802705281);
    NEAR(c->apc_diff_lo, -17.3735051844676);
    NEAR(c->apc_diff_hi, -6.92765535658862);
    NEAR(c->r_levels.r, 0.779431387798793);
    NEAR(c->r_levels.lo, 0.548491364215253);
    NEAR(c->r_levels.hi, 0.899885916203413);
    NEAR(c->rho_levels.r, 0.664201826881253);
    NEAR(c->r_diff.r, -0.282889908946826);
    NEAR(c->r_diff.lo, -0.622503320096093);
    NEAR(c->r_diff.hi, 0.146381496939111);
    NEAR(c->rho_diff.r, -0.174901185770751);
    assert_int_equal(c->agree, 12);
    assert_int_equal(c->total, 21);
    NEAR(c->sign_p, 0.663623809814453);
    const double ccf[5] = {0.09717867035255, 0.182428322678156, -0.282889908946826,
                           0.307322483619107, -0.0380408470960701};
    for (int k = 0; k < 5; k++)
        NEAR(c->ccf[k], ccf[k]);
    assert_int_equal(c->best_lag, 1);
    /* 2003: BE's 645.6 kg gives rstandard -3.426 (R); listed with reason. */
    int found = 0;
    for (size_t k = 0; k < c->n_divergent; k++)
        if (c->divergent[k].index == 3) {
            found = 1;
            assert_true(c->divergent[k].reasons & MT_DIVERGE_RESIDUAL);
            NEAR(c->divergent[k].resid, -3.42618460616903);
        } else if (c->divergent[k].reasons & MT_DIVERGE_RESIDUAL) {
            fail_msg("only 2003 has |rstandard| > 2");
        }
    assert_true(found);
    /* Displacement: share of NL on the logit scale. */
    NEAR(d.share.slope, -0.105913984422668);
    NEAR(d.share.slope_se, 0.0188000090240705);
    NEAR(d.share.slope_lo, -0.144902816814041);
    NEAR(d.share.slope_hi, -0.0669251520312956);
    NEAR(d.share.p, 1.15297437213679e-05);
    NEAR(d.odds_ratio, 0.899502015933668);
    NEAR(d.odds_ratio_lo, 0.865106362818127);
    NEAR(d.odds_ratio_hi, 0.935265201417588);
    NEAR(d.share_mean, 0.544539433402196);
    NEAR(d.share_pp, -2.62683880604801);
    NEAR(d.share_pp_lo, -3.59382516282074);
    NEAR(d.share_pp_hi, -1.65985244927529);
    NEAR(d.total.apc, 13.5089411439118);
    NEAR(d.total.apc_lo, 10.3392741966034);
    NEAR(d.total.apc_hi, 16.7696616950255);
    assert_int_equal(d.verdict, MT_VERDICT_SHIFT_A_TO_B);
    assert_string_equal(mt_crosscheck_verdict_name(d.verdict), "shift from A to B");
    char text[64];
    mt_crosscheck_verdict_text(d.verdict, "NL", "BE", text, sizeof text);
    assert_string_equal(text, "shift from NL to BE");
    mt_crosscheck_verdict_text(MT_VERDICT_SHIFT_B_TO_A, "NL", "BE", text, sizeof text);
    assert_string_equal(text, "shift from BE to NL");
    mt_crosscheck_verdict_text(MT_VERDICT_OPPOSITE, NULL, NULL, text, 5);
    assert_string_equal(text, "oppo");
}

/* reference.Rout "== toronto_vs_montreal_monthly": two (t, y, se) arrays
 * through the CLI entry point, monthly, prewhitened CCF. */
static void test_monthly_prewhitened(void **state)
{
    (void)state;
    double ta[18];
    for (int i = 0; i < 18; i++)
        ta[i] = MONTH_Y[i] + (MONTH_M[i] - 1) / 12.0;
    mt_xy a = {ta, TORONTO_LOAD, TORONTO_SE, 18}, b = {ta, MONTREAL_LOAD, MONTREAL_SE, 18};
    mt_crosscheck_options o;
    mt_crosscheck_options_default(&o);
    o.per_year = 12;
    o.max_lag = 3;
    mt_concordance c;
    double t0;
    mt_error err;
    assert_int_equal(mt_crosscheck_concordance_xy(&a, &b, &o, &c, &t0, &err), MT_OK);
    NEAR(t0, 2022.0);
    assert_int_equal(c.n, 18);
    assert_int_equal(c.last, 22);
    NEAR(c.a.slope, 0.0483895441187099);
    NEAR(c.a.slope_se, 0.0577051843071636);
    NEAR(c.a.apc_lo, -7.12725673630149);
    NEAR(c.b.apc, 7.88608541447176);
    NEAR(c.p_parallel, 0.726545539737704);
    NEAR(c.apc_diff, -2.92814209485102);
    NEAR(c.apc_diff_lo, -19.836390459358);
    NEAR(c.apc_diff_hi, 13.980106269656);
    NEAR(c.r_levels.r, 0.133927754334526);
    NEAR(c.r_levels.lo, -0.355148649392753);
    NEAR(c.rho_levels.r, 0.0257997936016512);
    NEAR(c.r_diff.r, 0.207096823903329);
    NEAR(c.r_diff.hi, 0.698034772959985);
    NEAR(c.rho_diff.r, 0.398601398601399);
    assert_int_equal(c.agree, 7);
    assert_int_equal(c.total, 12);
    NEAR(c.sign_p, 0.7744140625);
    /* Every other month is missing in 2023: prewhitening on the longest
     * gap-free stretch, 2022-02..2023-01 (grid 1, 12 changes); ar.yw picks
     * AR(1) with phi = -0.5016. */
    assert_int_equal(c.prewhitened, 1);
    assert_int_equal(c.pw_first, 1);
    assert_int_equal(c.ar_order, 1);
    NEAR(c.ar[0], -0.501557397966689);
    assert_int_equal(c.ccf_n, 11);
    const double ccf[7] = {0.0930609154042978, 0.315691398575498, -0.323773267897796,
                           -0.168297793188906, 0.104095535796849, 0.591753902891839,
                           0.093246452541771};
    for (int k = 0; k < 7; k++)
        NEAR(c.ccf[k], ccf[k]);
    assert_int_equal(c.best_lag, 2);
    NEAR(c.r_lag, 0.591753902891839);
    /* Divergent: only 2022-02 (grid 1), rstandard -3.1025; the opposite
     * changes of 2022-07 are not both significant (z 0.87 and -2.26). */
    assert_int_equal(c.n_divergent, 1);
    assert_int_equal(c.divergent[0].index, 1);
    assert_int_equal(c.divergent[0].reasons, MT_DIVERGE_RESIDUAL);
    NEAR(c.divergent[0].resid, -3.10250652903957);
    assert_int_equal(c.verdict, MT_VERDICT_INCONCLUSIVE); /* apc_diff CI 34 points wide */
    /* the text of a divergent period is made by the writers (test_cc_words.c) */
    /* Without prewhitening the CCF is R's ccf(na.action = na.pass) of the
     * raw changes at lag 0 equal to r_diff only when no gaps: not here. */
    o.prewhiten = 0;
    assert_int_equal(mt_crosscheck_concordance_xy(&a, &b, &o, &c, NULL, &err), MT_OK);
    assert_int_equal(c.prewhitened, 0);
}

/* tests/reference/crosscheck/synthetic_ar.csv (simulated by synthetic_ar.R):
 * log changes AR(2), b lagging a by one month. */
static const double SYN_A[72] = {105.5398615245507, 107.56954624558554, 109.47420638856269, 118.32109971738969, 124.7960269514039, 125.45877507732732, 130.50977653657398, 131.36118514545996, 133.69051013934831, 127.92275408942602, 130.25771066828344, 134.3847426598756, 138.01060438804944, 131.98439671010698, 124.46226041275823, 125.38904897330056, 124.79307584505752, 123.99982487839338, 132.9050945506429, 151.55903074468824, 155.4150178708166, 139.18616440053609, 133.26893782726486, 136.09406307930436, 130.57408399551508, 128.38726893674658, 128.30154756023811, 130.15036012649782, 114.72132197514892, 114.09397031603186, 123.22830805091489, 142.05141395724158, 136.10416406722453, 117.19958023628021, 117.49602220414461, 114.32163181592212, 114.01412777475511, 113.71109499844867, 110.44222434483618, 110.77673662730332, 104.25301743031852, 96.648001724245674, 100.51620453551544, 114.45831472392641, 118.26175411585962, 109.09581491005088, 98.732372139097436, 93.780302158541446, 96.71942198912636, 101.71209753969023, 102.23700731007864, 105.10380944383004, 103.13157162730737, 114.37806243777749, 127.6944148790928, 129.53524144525659, 121.36402391678833, 121.30272938644866, 123.67712599487052, 128.59774783482928, 138.38039286195237, 142.57161204588681, 153.89131465504434, 156.07799542604312, 158.13039485861174, 153.90986323109297, 148.02862132652243, 149.71766868120977, 164.17603120158591, 165.18239482486973, 148.87241121011755, 132.97329164401327};
static const double SYN_B[72] = {38.611225455760071, 38.946641807357608, 37.812106560968267, 38.241408785530396, 41.026490099285127, 40.725760903529235, 41.913528504001469, 42.723113297477646, 43.100945921366829, 43.8746209687489, 44.082796684346668, 46.797155979410149, 47.663181528915963, 50.706760902931634, 46.846846385996756, 46.17352297854292, 45.145719371942761, 46.451807026164929, 48.305407071629517, 52.434459298426653, 59.040048843611473, 60.566458098293658, 58.938743316310543, 59.126238410506403, 58.965146738352985, 55.872445986369399, 56.529267663040144, 58.357753087899262, 59.070985423026883, 54.011676569979386, 54.631511081136203, 61.389608822249706, 69.509999965087687, 64.465918600838719, 54.983365352566516, 56.125588929237693, 53.99057786061455, 54.741763673465165, 53.878370853471857, 50.69122728626408, 49.677828636678704, 46.124478674094831, 42.772389341962025, 42.368022390243986, 47.252066551413712, 47.615182928927659, 46.636513070697063, 41.46315651457428, 40.54655019450319, 40.902233642554222, 43.845901577118482, 43.925433596578813, 45.312081065043628, 44.459474597519879, 47.281647095023054, 50.866633059894745, 50.253527355198095, 47.395124329534937, 47.610018911263275, 47.347567061377084, 49.958990533777772, 52.777887730107281, 54.258448179308409, 59.309355622480155, 58.053655667878019, 59.881937007802506, 58.754964011242301, 56.981261703420245, 57.120219140983025, 61.746068323510038, 62.078746426889907, 58.727910086344515};

/* synthetic_ar.Rout: ar.yw picks AR(2), CCF of the prewhitened changes, best
 * lag -1 (a leads b). */
static void test_prewhitened_ar2(void **state)
{
    (void)state;
    double t[72];
    for (int i = 0; i < 72; i++)
        t[i] = 2015 + i / 12.0;
    mt_crosscheck_options o;
    mt_crosscheck_options_default(&o);
    o.per_year = 12;
    o.max_lag = 3;
    mt_concordance c;
    assert_int_equal(mt_crosscheck_concordance(t, SYN_A, NULL, SYN_B, NULL, 72, &o, &c, NULL),
                     MT_OK);
    assert_int_equal(c.prewhitened, 1);
    assert_int_equal(c.pw_first, 1);
    assert_int_equal(c.ar_order, 2);
    NEAR(c.ar[0], 0.471720963071732);
    NEAR(c.ar[1], -0.4691003468943);
    const double ccf[7] = {0.119994482651607, -0.143674295469274, 0.760062757115438,
                           0.0567792945130743, -0.0380215725402792, -0.0637621234195077,
                           0.00709401904777422};
    for (int k = 0; k < 7; k++)
        NEAR(c.ccf[k], ccf[k]);
    assert_int_equal(c.best_lag, -1);
    NEAR(c.r_lag, 0.760062757115438);
}

/* Opposite significant changes flagged by the z-test on point SEs
 * (constructed: a up 20% with SE 2%, b down 20% with SE 2%). */
static void test_opposite_significant_changes(void **state)
{
    (void)state;
    double t[6], ya[6], yb[6], sa[6], sb[6];
    years(t, 2018, 6);
    for (int i = 0; i < 6; i++) {
        ya[i] = 100 * exp(0.01 * i + 0.013 * sin(1.7 * i));
        yb[i] = 50 * exp(0.01 * i + 0.011 * cos(2.3 * i));
    }
    ya[4] *= 1.2; /* period 4: a jumps up, b drops */
    yb[4] *= 0.8;
    for (int i = 0; i < 6; i++) {
        sa[i] = 0.02 * ya[i]; /* SE of ln y = 0.02 */
        sb[i] = 0.02 * yb[i];
    }
    mt_concordance c;
    assert_int_equal(mt_crosscheck_concordance(t, ya, sa, yb, sb, 6, NULL, &c, NULL), MT_OK);
    int found = 0;
    for (size_t k = 0; k < c.n_divergent; k++)
        if (c.divergent[k].index == 4) {
            found = 1;
            assert_true(c.divergent[k].reasons & MT_DIVERGE_OPPOSITE_SIG);
            /* z = ln-change / sqrt(0.02^2 + 0.02^2), by hand */
            double dz = (log(ya[4]) - log(ya[3])) / sqrt(2 * 0.02 * 0.02);
            NEAR(c.divergent[k].z_a, dz);
        }
    assert_true(found);
}

/* Verdict rules on constructed pairs with known answers. */
static void make_pair(double *t, double *ya, double *yb, size_t n, double ba, double bb,
                      double noise)
{
    for (size_t i = 0; i < n; i++) {
        t[i] = 2010 + (double)i;
        ya[i] = 120.0 * exp(ba * (double)i + noise * sin(2.1 * (double)i + 0.3));
        yb[i] = 3.5 * exp(bb * (double)i + noise * cos(1.3 * (double)i + 0.7));
    }
}

static void test_verdicts(void **state)
{
    (void)state;
    double t[12], ya[12], yb[12];
    mt_concordance c;
    make_pair(t, ya, yb, 12, 0.06, 0.06, 0.02);
    assert_int_equal(mt_crosscheck_concordance(t, ya, NULL, yb, NULL, 12, NULL, &c, NULL), MT_OK);
    assert_int_equal(c.verdict, MT_VERDICT_CONSISTENT);
    make_pair(t, ya, yb, 12, 0.05, 0.15, 0.02);
    mt_crosscheck_concordance(t, ya, NULL, yb, NULL, 12, NULL, &c, NULL);
    assert_int_equal(c.verdict, MT_VERDICT_DIVERGING);
    assert_true(c.p_parallel < 0.05);
    make_pair(t, ya, yb, 12, 0.08, -0.08, 0.02);
    mt_crosscheck_concordance(t, ya, NULL, yb, NULL, 12, NULL, &c, NULL);
    assert_int_equal(c.verdict, MT_VERDICT_OPPOSITE);
    make_pair(t, ya, yb, 4, 0.06, 0.06, 0.02);
    mt_crosscheck_concordance(t, ya, NULL, yb, NULL, 4, NULL, &c, NULL);
    assert_int_equal(c.verdict, MT_VERDICT_INCONCLUSIVE);
    assert_int_equal(c.n, 4);
    /* 6 noisy points: no significant difference, but a CI far wider than 25 points */
    make_pair(t, ya, yb, 6, 0.05, 0.05, 0.4);
    mt_crosscheck_concordance(t, ya, NULL, yb, NULL, 6, NULL, &c, NULL);
    assert_true(c.p_parallel >= 0.05);
    assert_true(c.apc_diff_hi - c.apc_diff_lo > 25);
    assert_int_equal(c.verdict, MT_VERDICT_INCONCLUSIVE);
    /* a missing value in one member shrinks the overlap below 5 */
    make_pair(t, ya, yb, 5, 0.06, 0.06, 0.02);
    yb[2] = NAN;
    mt_crosscheck_concordance(t, ya, NULL, yb, NULL, 5, NULL, &c, NULL);
    assert_int_equal(c.n, 4);
    assert_int_equal(c.verdict, MT_VERDICT_INCONCLUSIVE);
}

/* Degenerate inputs are results, not errors: no overlap, a member all
 * missing, an empty grid. */
static void test_degenerate(void **state)
{
    (void)state;
    double t[6], ya[6], yb[6];
    make_pair(t, ya, yb, 6, 0.05, 0.05, 0.1);
    for (int i = 0; i < 6; i++)
        yb[i] = i < 3 ? NAN : 0.0; /* missing or non-positive: never usable */
    mt_concordance c;
    assert_int_equal(mt_crosscheck_concordance(t, ya, NULL, yb, NULL, 6, NULL, &c, NULL), MT_OK);
    assert_int_equal(c.n, 0);
    assert_int_equal(c.verdict, MT_VERDICT_INCONCLUSIVE);
    assert_true(isnan(c.apc_diff) && isnan(c.r_levels.r) && isnan(c.sign_p) && isnan(c.r_lag));
    assert_int_equal(c.total, 0);
    assert_int_equal(mt_crosscheck_concordance(NULL, NULL, NULL, NULL, NULL, 0, NULL, &c, NULL),
                     MT_OK);
    assert_int_equal(c.verdict, MT_VERDICT_INCONCLUSIVE);
    mt_displacement d;
    assert_int_equal(mt_crosscheck_displacement(t, ya, yb, 6, NULL, &d, NULL), MT_OK);
    assert_int_equal(d.verdict, MT_VERDICT_INCONCLUSIVE);
    /* availability with one member never observed: not in the composite,
     * direction 2 (too few points), m counts only the other */
    const double *v[2] = {ya, yb};
    int signs[2] = {1, -1};
    double ix[6], lo[6], hi[6];
    size_t mem[6];
    mt_availability av;
    assert_int_equal(mt_crosscheck_availability(2, 6, t, v, signs, 5, 200, 7, 0.95, &av, ix, lo, hi,
                                                mem, NULL),
                     MT_OK);
    assert_int_equal(av.direction[1], 2);
    assert_int_equal(av.in_composite[1], 0);
    assert_int_equal(av.m, 1);
    assert_int_equal(mem[0], 1);
    assert_true(isnan(lo[0])); /* one member: no interval */
}

static void test_displacement_verdicts(void **state)
{
    (void)state;
    double t[10], ya[10], yb[10];
    mt_displacement d;
    /* A falls 8%/yr, B rises 8%/yr from the same level: share of A falls,
     * the total rises -> shift from A to B; mirrored -> from B to A. */
    make_pair(t, ya, yb, 10, -0.08, 0.08, 0.03);
    for (int i = 0; i < 10; i++)
        yb[i] *= 120.0 / 3.5;
    assert_int_equal(mt_crosscheck_displacement(t, ya, yb, 10, NULL, &d, NULL), MT_OK);
    assert_int_equal(d.verdict, MT_VERDICT_SHIFT_A_TO_B);
    assert_int_equal(mt_crosscheck_displacement(t, yb, ya, 10, NULL, &d, NULL), MT_OK);
    assert_int_equal(d.verdict, MT_VERDICT_SHIFT_B_TO_A);
    /* both fall, A faster: the share shifts but the total falls */
    make_pair(t, ya, yb, 10, -0.3, -0.05, 0.03);
    mt_crosscheck_displacement(t, ya, yb, 10, NULL, &d, NULL);
    assert_int_equal(d.verdict, MT_VERDICT_SHIFT_FALLING);
    /* same trend: no shift */
    make_pair(t, ya, yb, 10, 0.04, 0.04, 0.03);
    mt_crosscheck_displacement(t, ya, yb, 10, NULL, &d, NULL);
    assert_int_equal(d.verdict, MT_VERDICT_NO_SHIFT);
    make_pair(t, ya, yb, 4, -0.08, 0.08, 0.03);
    mt_crosscheck_displacement(t, ya, yb, 4, NULL, &d, NULL);
    assert_int_equal(d.verdict, MT_VERDICT_INCONCLUSIVE);
}

/* reference.Rout "== availability": NL seizures, Utrecht wastewater, NL
 * prevalence, all with sign +, grid 2011-2023, recent = 5. */
static void test_availability(void **state)
{
    (void)state;
    double t[13], index[13], lo[13], hi[13];
    size_t members[13];
    years(t, 2011, 13);
    const double *v[3] = {SEIZ_NL_1123, UTRECHT, PREV_NL};
    int signs[3] = {1, 1, 1};
    mt_availability av;
    mt_error err;
    assert_int_equal(mt_crosscheck_availability(3, 13, t, v, signs, 5, 999, 42, 0.95, &av, index,
                                                lo, hi, members, &err),
                     MT_OK);
    NEAR(av.recent[0].slope, 0.062654852395803);
    NEAR(av.recent[0].slope_lo, -0.129168843073768);
    NEAR(av.recent[1].slope, 0.121266716088824);
    NEAR(av.recent[1].slope_hi, 0.16863532967228);
    NEAR(av.recent[2].slope_lo, -0.0339589119167367);
    assert_int_equal(av.direction[0], 0);
    assert_int_equal(av.direction[1], 1);
    assert_int_equal(av.direction[2], 0);
    assert_int_equal(av.k_rising, 1);
    assert_int_equal(av.k_stable, 2);
    assert_int_equal(av.m, 3);
    const double want[13] = {-0.512158216374187, -0.552794347669062, -1.00739465136234,
                             -1.32037761651476, -1.15863810156047, -0.539474533260663,
                             -0.335699025029761, 0.16139292106905, 0.531722156126907,
                             0.455443706661885, 0.987279944080199, 1.32514007385054,
                             1.27477528484747};
    for (int q = 0; q < 13; q++) {
        NEAR(index[q], want[q]);
        assert_int_equal(members[q], q < 3 ? 2 : 3);
        /* a percentile interval over member resamples brackets the mean of
         * the members present (the resample of all members equals it) */
        assert_true(lo[q] <= index[q] + 1e-12 && index[q] <= hi[q] + 1e-12);
        assert_true(hi[q] > lo[q]);
    }
    /* same seed -> identical (with three members the resampled means take
     * few values, so another seed may well give the same percentiles) */
    double lo2[13], hi2[13], idx2[13];
    mt_crosscheck_availability(3, 13, t, v, signs, 5, 999, 42, 0.95, &av, idx2, lo2, hi2, members,
                               NULL);
    assert_memory_equal(lo, lo2, sizeof lo);
    assert_memory_equal(hi, hi2, sizeof hi);
    /* A minus sign flips the member's contribution and its direction. */
    signs[1] = -1;
    mt_crosscheck_availability(3, 13, t, v, signs, 5, 0, 1, 0.95, &av, idx2, lo2, hi2, members,
                               NULL);
    assert_int_equal(av.direction[1], -1);
    assert_int_equal(av.k_falling, 1);
    assert_true(isnan(lo2[5]));
    /* members 3 and 1 unchanged, member 2 negated: index = (3*old - 2 z2)/3 */
    assert_true(idx2[12] < index[12]);
}

static void test_ratio(void **state)
{
    (void)state;
    /* ln(a/b) on t: slope = slope_a - slope_b = 0.100459800234336 (the
     * negated interaction in reference.Rout "utrecht_vs_prevalence") */
    mt_expr *e;
    assert_int_equal(mt_expr_parse("{ww/cocaine/Utrecht} / {prevalence/cocaine}", &e, NULL), MT_OK);
    double t[13], value[13];
    years(t, 2011, 13);
    mt_expr_input in[2] = {{UTRECHT, NULL}, {PREV_NL, NULL}};
    mt_ratio r;
    assert_int_equal(mt_crosscheck_ratio(e, in, NULL, t, 13, NULL, value, NULL, &r, NULL), MT_OK);
    assert_int_equal(r.n, 10);
    NEAR(r.trend.slope, 0.100459800234336);
    assert_int_equal(r.verdict, MT_VERDICT_RISING);
    assert_true(isnan(value[0]));
    NEAR(value[3], 220.2 / 1.6);
    mt_expr_free(e);
}

static void test_small_statistics(void **state)
{
    (void)state;
    /* binom.test in reference.Rout, and by hand: 2 (1 + 10) / 2^10 */
    NEAR(mt_crosscheck_sign_p(4, 9), 1.0);
    NEAR(mt_crosscheck_sign_p(12, 21), 0.663623809814453);
    NEAR(mt_crosscheck_sign_p(7, 12), 0.7744140625);
    NEAR(mt_crosscheck_sign_p(1, 10), 22.0 / 1024.0);
    NEAR(mt_crosscheck_sign_p(10, 10), 2.0 / 1024.0);
    assert_true(isnan(mt_crosscheck_sign_p(0, 0)));
    /* Spearman with ties: ranks (1.5 1.5 3 4) and (1 2 3.5 3.5), by hand:
     * centred products sum to 4, squares to 4.5 each: r = 4 / 4.5 */
    const double x[4] = {2, 2, 5, 7}, y[4] = {1, 4, 9, 9};
    mt_correlation r;
    assert_int_equal(mt_crosscheck_correlation(x, y, 4, 1, 0.95, &r, NULL), MT_OK);
    NEAR(r.r, 4.0 / 4.5);
    /* Monthly to annual: 2020 gets (10 + 14) / 2, SE sqrt(1 + 4) / 2;
     * 2021 gets 20 alone, unsorted input, a NaN skipped. */
    const double tm[5] = {2021 + 5 / 12.0, 2020, 2020 + 11 / 12.0, 2021.5, 2019 + 3 / 12.0};
    const double ym[5] = {20, 10, 14, NAN, NAN};
    const double sm[5] = {3, 1, 2, 1, 1};
    double to[5], yo[5], so[5];
    size_t cnt[5], no;
    assert_int_equal(mt_crosscheck_align_coarse(tm, ym, sm, 5, 1, to, yo, so, cnt, &no, NULL),
                     MT_OK);
    assert_int_equal(no, 2);
    NEAR(to[0], 2020);
    NEAR(yo[0], 12);
    NEAR(so[0], sqrt(5.0) / 2);
    assert_int_equal(cnt[0], 2);
    NEAR(to[1], 2021);
    NEAR(yo[1], 20);
}

static void test_errors(void **state)
{
    (void)state;
    mt_error err;
    mt_loglin f;
    const double t2[3] = {2000, 2001, 2002}, y2[3] = {1, 2, -1};
    assert_int_equal(mt_crosscheck_loglinear(t2, y2, 3, 0.95, &f, &err), MT_ETOOFEW);
    assert_string_equal(err.msg, "trend: 2 usable points, at least 3 needed");
    const double tc[3] = {2000, 2000, 2000}, yc[3] = {1, 2, 3};
    assert_int_equal(mt_crosscheck_loglinear(tc, yc, 3, 0.95, &f, &err), MT_ESINGULAR);
    assert_int_equal(mt_crosscheck_loglinear(t2, yc, 3, 1.5, &f, &err), MT_EINVAL);
    assert_int_equal(mt_crosscheck_loglinear(NULL, yc, 3, 0.95, &f, &err), MT_EINVAL);
    mt_correlation r;
    assert_int_equal(mt_crosscheck_correlation(t2, tc, 3, 0, 0.95, &r, &err), MT_ESINGULAR);
    assert_int_equal(mt_crosscheck_correlation(t2, yc, 2, 0, 0.95, &r, &err), MT_ETOOFEW);
    mt_concordance c;
    mt_crosscheck_options o;
    mt_crosscheck_options_default(&o);
    o.max_lag = MT_CROSSCHECK_MAX_LAG + 1;
    assert_int_equal(mt_crosscheck_concordance(t2, yc, NULL, yc, NULL, 3, &o, &c, &err), MT_EINVAL);
    assert_int_equal(mt_crosscheck_concordance(t2, NULL, NULL, yc, NULL, 3, NULL, &c, &err),
                     MT_EINVAL);
    /* pair align: no overlap; two values in one annual slot */
    const double ta[2] = {2000, 2001}, tb[2] = {2005, 2006}, tdup[2] = {2000, 2000.2};
    mt_xy a = {ta, yc, NULL, 2}, b = {tb, yc, NULL, 2}, dup = {tdup, yc, NULL, 2};
    double *g, *p1, *p2, *p3, *p4;
    size_t m;
    assert_int_equal(mt_crosscheck_pair_align(&a, &b, 1, &g, &p1, &p2, &p3, &p4, &m, &err),
                     MT_ETOOFEW);
    assert_int_equal(mt_crosscheck_pair_align(&a, &dup, 1, &g, &p1, &p2, &p3, &p4, &m, &err),
                     MT_EINVAL);
    assert_non_null(strstr(err.msg, "two values"));
    assert_int_equal(mt_crosscheck_pair_align(&a, &b, 0, &g, &p1, &p2, &p3, &p4, &m, &err),
                     MT_EINVAL);
    const double tl[2] = {0, 1e6};
    mt_xy l1 = {tl, yc, NULL, 2};
    assert_int_equal(mt_crosscheck_pair_align(&l1, &l1, 1, &g, &p1, &p2, &p3, &p4, &m, &err),
                     MT_ELIMIT);
    /* availability: too many members, a bad sign, a short window */
    const double *v[MT_CROSSCHECK_MAX_MEMBERS + 1];
    int s[MT_CROSSCHECK_MAX_MEMBERS + 1];
    for (int i = 0; i <= MT_CROSSCHECK_MAX_MEMBERS; i++) {
        v[i] = yc;
        s[i] = 1;
    }
    mt_availability av;
    double ix[3], lo[3], hi[3];
    size_t mem[3];
    assert_int_equal(mt_crosscheck_availability(MT_CROSSCHECK_MAX_MEMBERS + 1, 3, t2, v, s, 5, 0,
                                                1, 0.95, &av, ix, lo, hi, mem, &err),
                     MT_ELIMIT);
    s[0] = 0;
    assert_int_equal(mt_crosscheck_availability(2, 3, t2, v, s, 5, 0, 1, 0.95, &av, ix, lo, hi, mem,
                                                &err),
                     MT_EINVAL);
    s[0] = 1;
    assert_int_equal(mt_crosscheck_availability(2, 3, t2, v, s, 2, 0, 1, 0.95, &av, ix, lo, hi, mem,
                                                &err),
                     MT_EINVAL);
    assert_int_equal(mt_crosscheck_availability(2, 3, t2, v, s, 5, 50, 1, 0.95, &av, ix, lo, hi,
                                                mem, &err),
                     MT_EINVAL);
    mt_displacement d;
    assert_int_equal(mt_crosscheck_displacement(t2, yc, yc, 3, NULL, NULL, &err), MT_EINVAL);
    (void)d;
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utrecht_vs_prevalence),
        cmocka_unit_test(test_nl_vs_be_seizures),
        cmocka_unit_test(test_monthly_prewhitened),
        cmocka_unit_test(test_prewhitened_ar2),
        cmocka_unit_test(test_opposite_significant_changes),
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_degenerate),
        cmocka_unit_test(test_displacement_verdicts),
        cmocka_unit_test(test_availability),
        cmocka_unit_test(test_ratio),
        cmocka_unit_test(test_small_statistics),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
