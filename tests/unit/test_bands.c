/* test_bands.c - least-squares bands against R's predict.lm and the
 * Working-Hotelling formula evaluated in R.
 *
 * Every expected number comes from tests/reference/events/bands.Rout, made by
 * tests/reference/events/bands.R (R 4, base stats).  Data: Utrecht cocaine
 * wastewater (EUDA ww2025-all-data.csv, site NL010, daily mean) and NL cocaine
 * past-year prevalence (UNODC WDR 2025 table 1.2), copied into the script.
 * Tolerance: 1e-9 relative (R and GSL solve by QR and SVD; they agree to ~1e-12
 * here, the margin allows other BLAS builds).
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
#include "monitrend/bands.h"

#define REL_TOL 1e-9

/* Reference arrays generated from bands.Rout (awk, see bands.R header). */
static const double utr_line_coef[] = {-177.00583980701811, 0.090675749086436414};
static const double utr_line_fit[] = {5.3430916058055118, 5.7511324766944938, 6.5218763439291934, 6.7032278421020806};
static const double utr_line_ci_lo[] = {4.9991148488207164, 5.5487543002228215, 6.177899586944398, 6.2801475456861402};
static const double utr_line_ci_hi[] = {5.6870683627903071, 5.9535106531661661, 6.8658531009139887, 7.1263081385180209};
static const double utr_line_pi_lo[] = {4.5825303794576486, 5.043255159647261, 5.7613151175813302, 5.903771585078978};
static const double utr_line_pi_hi[] = {6.103652832153375, 6.4590097937417266, 7.2824375702770565, 7.5026840991251831};
static const double utr_line_sim_lo[] = {4.9030070720708272, 5.4922094430240866, 6.0817918101945088, 6.1619380857457475};
static const double utr_line_sim_hi[] = {5.7831761395401964, 6.0100555103649009, 6.9619608776638779, 7.2445175984584136};
static const double utr_line_hat[] = {0.25714285714279128, 0.20439560439562154, 0.16043956043957272, 0.12527472527473346, 0.098901098901103782, 0.081318681318683667, 0.072527472527473116, 0.072527472527472145, 0.081318681318680738, 0.098901098901098911, 0.12527472527472666, 0.16043956043956392, 0.20439560439561083, 0.25714285714286722};
static const double utr_hinge_coef[] = {250.47770932344156, -0.12165815934679047, 0.28003457489018102};
static const double utr_hinge_fit[] = {5.8231508770459186, 5.4157064474304377, 6.76190597954926, 7.0786588106360631};
static const double utr_hinge_ci_lo[] = {5.5025613967580354, 5.2070763221845775, 6.5153180548455847, 6.7545452440723492};
static const double utr_hinge_ci_hi[] = {6.1437403573338019, 5.6243365726762979, 7.0084939042529353, 7.4027723771997769};
static const double utr_hinge_pi_lo[] = {5.2894508737015489, 4.940748967377087, 6.26909396335222, 6.5428345085283883};
static const double utr_hinge_pi_hi[] = {6.3568508803902883, 5.8906639274837884, 7.2547179957462999, 7.6144831127437378};
static const double utr_hinge_sim_lo[] = {5.3453084337607786, 5.1047407579111033, 6.3943637373047313, 6.5955636747333157};
static const double utr_hinge_sim_hi[] = {6.3009933203310586, 5.7266721369497722, 7.1294482217937887, 7.5617539465388104};
static const double utr_hinge_hat[] = {0.56453201970421196, 0.30000000000012356, 0.16453201970445941, 0.15812807881772761, 0.28078817733992856, 0.20262725779969079, 0.14548440065682708, 0.1093596059113375, 0.094252873563222053, 0.10016420361248068, 0.12709359605911341, 0.17504105090312014, 0.24400656814450108, 0.33399014778325603};
static const double utr_jump_coef[] = {-133.38318894316961, 0.06898372976080315, 0.21933041762583766};
static const double utr_jump_fit[] = {5.3430916058055118, 5.653518389729129, 6.4592105103217925, 6.597177969843397};
static const double utr_jump_ci_lo[] = {4.9876637683910277, 5.2765302386417936, 6.0507022727365118, 6.0428815892684318};
static const double utr_jump_ci_hi[] = {5.6985194432199959, 6.0305065408164644, 6.8677187479070732, 7.1514743504183622};
static const double utr_jump_pi_lo[] = {4.5572110879713419, 4.8576545152113741, 5.6479409984595526, 5.7035764265251947};
static const double utr_jump_pi_hi[] = {6.1289721236396817, 6.4493822642468839, 7.2704800221840324, 7.4907795131615993};
static const double utr_jump_sim_lo[] = {4.8133221757880982, 5.091613055083223, 5.8503241108848281, 5.7709926048083169};
static const double utr_jump_sim_hi[] = {5.8728610358229254, 6.215423724375035, 7.0680969097587569, 7.4233633348784771};
static const double utr_jump_hat[] = {0.25714285714279128, 0.21428571428572438, 0.20000000000000007, 0.21428571428570675, 0.25714285714284457, 0.33968253968256013, 0.23968253968255115, 0.16825396825397337, 0.12539682539682667, 0.11111111111111112, 0.12539682539682667, 0.16825396825397329, 0.2396825396825511, 0.3396825396825599};
static const double prev_wls_coef[] = {-144.62943465275691, 0.072039474452524649};
static const double prev_wls_fit[] = {0.24194847127014896, 0.56612610630651261, 1.178461639152971, 1.3225405880580183};
static const double prev_wls_ci_lo[] = {0.11006236527915528, 0.48555067644000782, 1.055070437651739, 1.171367681617858};
static const double prev_wls_ci_hi[] = {0.37383457726114266, 0.6467015361730174, 1.3018528406542029, 1.4737134944981787};
static const double prev_wls_pi_lo[] = {0.011967678394716547, 0.36121241707049073, 0.95324483528154014, 1.0809821732186458};
static const double prev_wls_pi_hi[] = {0.47192926414558134, 0.77103979554253455, 1.4036784430244018, 1.5640990028973909};
static const double prev_wls_sim_lo[] = {0.072392504404376223, 0.46253638535763997, 1.0198269269058791, 1.1281890441802971};
static const double prev_wls_sim_hi[] = {0.41150443813592169, 0.66971582725538525, 1.3370963514000629, 1.5168921319357396};
static const double prev_wls_hat[] = {0.34262156764317747, 0.2894767758541591, 0.12581303200863342, 0.13134538774550927, 0.092106246862684038, 0.066516431523748379, 0.12164774487082297, 0.092020805075238549, 0.053572000726255863, 0.15311168309640685, 0.27384092875223631, 0.257927395841128};

static const double utr_t[] = {2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024};
static const double utr_y[] = {356.34, 344.77, 199.16, 220.2, 148.1, 310.36, 288.74, 414.6, 460.25, 493.63, 529.55, 651.63, 734.55, 688.55};
static const double prev_t[] = {2005, 2009, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023};
static const double prev_y[] = {0.6, 1.2, 1.6, 1.9, 2, 2.2, 2, 2.3, 2.1, 2.5, 3, 2.7};
static const double prev_w[] = {0.5, 0.8, 1, 1.3, 1.1, 0.9, 1.7, 1.2, 0.6, 1.4, 2.0, 1.5};
static const double new_t[] = {2011, 2015.5, 2024, 2026};

static void logv(const double *y, size_t n, double *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = log(y[i]);
}

/* Fit the design (jumps, hinges) on t,y,w and compare against the R arrays. */
static void check_case(const double *t, const double *y, const double *w, size_t n,
                       const double *jumps, size_t nj, const double *hinges, size_t nh,
                       const double *w0, const double *coef, const double *fit,
                       const double *ci_lo, const double *ci_hi, const double *pi_lo,
                       const double *pi_hi, const double *sim_lo, const double *sim_hi,
                       const double *hat)
{
    gsl_matrix *X = NULL, *X0 = NULL;
    mt_linfit *f = NULL;
    mt_error err;
    assert_int_equal(mt_bands_design(t, n, 0.0, jumps, nj, hinges, nh, &X, &err), MT_OK);
    assert_int_equal(mt_bands_design(new_t, 4, 0.0, jumps, nj, hinges, nh, &X0, &err), MT_OK);
    assert_int_equal(mt_bands_fit(X, y, w, &f, &err), MT_OK);
    for (size_t j = 0; j < X->size2; j++)
        assert_near(gsl_vector_get(f->coef, j), coef[j], REL_TOL, 1.0, "%s[%zu]", "coef", (size_t)(j));
    for (size_t i = 0; i < n; i++)
        assert_near(gsl_vector_get(f->hat, i), hat[i], REL_TOL, 1.0, "%s[%zu]", "hat", (size_t)(i));
    mt_band b[4];
    assert_int_equal(mt_bands_predict(f, X0, w0, 0.95, b, &err), MT_OK);
    for (size_t i = 0; i < 4; i++) {
        assert_near(b[i].fit, fit[i], REL_TOL, 1.0, "%s[%zu]", "fit", (size_t)(i));
        assert_near(b[i].ci_lo, ci_lo[i], REL_TOL, 1.0, "%s[%zu]", "ci_lo", (size_t)(i));
        assert_near(b[i].ci_hi, ci_hi[i], REL_TOL, 1.0, "%s[%zu]", "ci_hi", (size_t)(i));
        assert_near(b[i].pi_lo, pi_lo[i], REL_TOL, 1.0, "%s[%zu]", "pi_lo", (size_t)(i));
        assert_near(b[i].pi_hi, pi_hi[i], REL_TOL, 1.0, "%s[%zu]", "pi_hi", (size_t)(i));
        assert_near(b[i].sim_lo, sim_lo[i], REL_TOL, 1.0, "%s[%zu]", "sim_lo", (size_t)(i));
        assert_near(b[i].sim_hi, sim_hi[i], REL_TOL, 1.0, "%s[%zu]", "sim_hi", (size_t)(i));
    }
    mt_bands_fit_free(f);
    gsl_matrix_free(X);
    gsl_matrix_free(X0);
}

static void test_utrecht_line(void **state)
{
    (void)state;
    double ly[14];
    logv(utr_y, 14, ly);
    check_case(utr_t, ly, NULL, 14, NULL, 0, NULL, 0, NULL, utr_line_coef, utr_line_fit,
               utr_line_ci_lo, utr_line_ci_hi, utr_line_pi_lo, utr_line_pi_hi, utr_line_sim_lo,
               utr_line_sim_hi, utr_line_hat);
}

static void test_utrecht_hinge(void **state)
{
    (void)state;
    double ly[14], h = 2015;
    logv(utr_y, 14, ly);
    check_case(utr_t, ly, NULL, 14, NULL, 0, &h, 1, NULL, utr_hinge_coef, utr_hinge_fit,
               utr_hinge_ci_lo, utr_hinge_ci_hi, utr_hinge_pi_lo, utr_hinge_pi_hi,
               utr_hinge_sim_lo, utr_hinge_sim_hi, utr_hinge_hat);
}

static void test_utrecht_jump(void **state)
{
    (void)state;
    double ly[14], j = 2016;
    logv(utr_y, 14, ly);
    check_case(utr_t, ly, NULL, 14, &j, 1, NULL, 0, NULL, utr_jump_coef, utr_jump_fit,
               utr_jump_ci_lo, utr_jump_ci_hi, utr_jump_pi_lo, utr_jump_pi_hi, utr_jump_sim_lo,
               utr_jump_sim_hi, utr_jump_hat);
}

static void test_prevalence_weighted(void **state)
{
    (void)state;
    double ly[12], w0[4] = {2, 2, 2, 2};
    logv(prev_y, 12, ly);
    check_case(prev_t, ly, prev_w, 12, NULL, 0, NULL, 0, w0, prev_wls_coef, prev_wls_fit,
               prev_wls_ci_lo, prev_wls_ci_hi, prev_wls_pi_lo, prev_wls_pi_hi, prev_wls_sim_lo,
               prev_wls_sim_hi, prev_wls_hat);
}

/* exp() of the log bands: bands.Rout "utr_line exp_fit" and "exp_ci_lo". */
static void test_back_transform(void **state)
{
    (void)state;
    static const double exp_fit[] = {209.15834690745695, 314.54667543747729, 679.85282704482768,
                                     815.03237966509187};
    static const double exp_ci_lo[] = {148.28184914293195, 256.91731464334731, 481.9785384126252,
                                       533.86742785072238};
    double ly[14];
    logv(utr_y, 14, ly);
    gsl_matrix *X = NULL, *X0 = NULL;
    mt_linfit *f = NULL;
    assert_int_equal(mt_bands_design(utr_t, 14, 2011.0, NULL, 0, NULL, 0, &X, NULL), MT_OK);
    assert_int_equal(mt_bands_design(new_t, 4, 2011.0, NULL, 0, NULL, 0, &X0, NULL), MT_OK);
    assert_int_equal(mt_bands_fit(X, ly, NULL, &f, NULL), MT_OK);
    /* centring at 2011 moves the intercept to the fitted value in 2011 */
    assert_near(gsl_vector_get(f->coef, 0), utr_line_fit[0], REL_TOL, 1.0, "%s[%zu]", "centred intercept", (size_t)(0));
    mt_band b[4];
    assert_int_equal(mt_bands_predict(f, X0, NULL, 0.95, b, NULL), MT_OK);
    double se1 = b[1].se_fit;
    mt_bands_exp(b, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_near(b[i].fit, exp_fit[i], REL_TOL, 1.0, "%s[%zu]", "exp fit", (size_t)(i));
        assert_near(b[i].ci_lo, exp_ci_lo[i], REL_TOL, 1.0, "%s[%zu]", "exp ci_lo", (size_t)(i));
        assert_true(b[i].sim_lo < b[i].ci_lo && b[i].ci_hi < b[i].sim_hi);
        assert_true(b[i].pi_lo < b[i].ci_lo && b[i].ci_hi < b[i].pi_hi);
    }
    assert_true(b[1].se_fit == se1); /* se stays on the log scale */
    mt_bands_exp(NULL, 3);           /* no-op */
    mt_bands_fit_free(f);
    mt_bands_fit_free(NULL);
    gsl_matrix_free(X);
    gsl_matrix_free(X0);
}

/* A fit filled by hand (coefficients and covariance from elsewhere) gives the
 * same band as the fitted one. */
static void test_supplied_fit(void **state)
{
    (void)state;
    double ly[14];
    logv(utr_y, 14, ly);
    gsl_matrix *X = NULL, *X0 = NULL;
    mt_linfit *f = NULL;
    assert_int_equal(mt_bands_design(utr_t, 14, 0.0, NULL, 0, NULL, 0, &X, NULL), MT_OK);
    assert_int_equal(mt_bands_design(new_t, 4, 0.0, NULL, 0, NULL, 0, &X0, NULL), MT_OK);
    assert_int_equal(mt_bands_fit(X, ly, NULL, &f, NULL), MT_OK);
    mt_linfit *g = mt_bands_fit_alloc(2);
    assert_non_null(g);
    gsl_vector_memcpy(g->coef, f->coef);
    gsl_matrix_memcpy(g->cov, f->cov);
    g->sigma2 = f->sigma2;
    g->df = f->df;
    mt_band b[4];
    assert_int_equal(mt_bands_predict(g, X0, NULL, 0.95, b, NULL), MT_OK);
    for (size_t i = 0; i < 4; i++) {
        assert_near(b[i].pi_lo, utr_line_pi_lo[i], REL_TOL, 1.0, "%s[%zu]", "pi_lo", (size_t)(i));
        assert_near(b[i].sim_hi, utr_line_sim_hi[i], REL_TOL, 1.0, "%s[%zu]", "sim_hi", (size_t)(i));
    }
    g->df = 0;
    assert_int_equal(mt_bands_predict(g, X0, NULL, 0.95, b, NULL), MT_ETOOFEW);
    assert_null(mt_bands_fit_alloc(0));
    mt_bands_fit_free(g);
    mt_bands_fit_free(f);
    gsl_matrix_free(X);
    gsl_matrix_free(X0);
}

static void test_errors(void **state)
{
    (void)state;
    mt_error err;
    gsl_matrix *X = NULL, *X3 = NULL;
    mt_linfit *f = NULL;
    double ly[14];
    logv(utr_y, 14, ly);
    double nan_t[2] = {2011, NAN};
    assert_int_equal(mt_bands_design(nan_t, 2, 0.0, NULL, 0, NULL, 0, &X, &err), MT_EINVAL);
    assert_null(X);
    assert_int_equal(mt_bands_design(utr_t, 14, 0.0, NULL, 1, NULL, 0, &X, &err), MT_EINVAL);
    assert_int_equal(mt_bands_design(utr_t, 0, 0.0, NULL, 0, NULL, 0, &X, &err), MT_EINVAL);
    assert_int_equal(mt_bands_design(utr_t, 14, 0.0, NULL, 0, NULL, 0, NULL, &err), MT_EINVAL);
    /* n <= p */
    assert_int_equal(mt_bands_design(utr_t, 2, 0.0, NULL, 0, NULL, 0, &X, &err), MT_OK);
    assert_int_equal(mt_bands_fit(X, ly, NULL, &f, &err), MT_ETOOFEW);
    assert_string_equal(err.msg, "bands fit: 2 observations for 2 parameters; need more than 2");
    gsl_matrix_free(X);
    /* a jump before every point duplicates the intercept: singular */
    double j = 2000;
    assert_int_equal(mt_bands_design(utr_t, 14, 0.0, &j, 1, NULL, 0, &X3, &err), MT_OK);
    assert_int_equal(mt_bands_fit(X3, ly, NULL, &f, &err), MT_ESINGULAR);
    assert_string_equal(err.msg, "bands fit: design of 3 columns has rank 2 (collinear columns)");
    assert_null(f);
    gsl_matrix_free(X3);
    assert_int_equal(mt_bands_design(utr_t, 14, 0.0, NULL, 0, NULL, 0, &X, &err), MT_OK);
    double bad[14];
    for (size_t i = 0; i < 14; i++)
        bad[i] = ly[i];
    bad[5] = INFINITY;
    assert_int_equal(mt_bands_fit(X, bad, NULL, &f, &err), MT_EINVAL);
    assert_string_equal(err.msg, "bands fit: y[5] is not finite");
    double w[14];
    for (size_t i = 0; i < 14; i++)
        w[i] = 1.0 + 0.1 * (double)i;
    w[3] = 0.0;
    assert_int_equal(mt_bands_fit(X, ly, w, &f, &err), MT_EINVAL);
    assert_int_equal(mt_bands_fit(NULL, ly, NULL, &f, &err), MT_EINVAL);
    assert_int_equal(mt_bands_fit(X, ly, NULL, NULL, &err), MT_EINVAL);
    assert_int_equal(mt_bands_fit(X, ly, NULL, &f, &err), MT_OK);
    mt_band b[14];
    assert_int_equal(mt_bands_predict(f, X, NULL, 1.0, b, &err), MT_EINVAL);
    assert_int_equal(mt_bands_predict(f, X, w, 0.95, b, &err), MT_EINVAL);
    assert_int_equal(mt_bands_predict(NULL, X, NULL, 0.95, b, &err), MT_EINVAL);
    gsl_matrix *X2 = NULL;
    double h = 2015;
    assert_int_equal(mt_bands_design(utr_t, 14, 0.0, NULL, 0, &h, 1, &X2, &err), MT_OK);
    assert_int_equal(mt_bands_predict(f, X2, NULL, 0.95, b, &err), MT_EINVAL);
    assert_string_equal(err.msg, "bands predict: X0 has 3 columns, the fit has 2 parameters");
    /* a huge prediction row overflows: non-finite bound */
    gsl_matrix_set(X2, 0, 1, 1e300);
    gsl_matrix_view v = gsl_matrix_submatrix(X2, 0, 0, 1, 2);
    assert_int_equal(mt_bands_predict(f, &v.matrix, NULL, 0.95, b, &err), MT_ENONFINITE);
    gsl_matrix_free(X2);
    gsl_matrix_free(X);
    mt_bands_fit_free(f);
}

int main(void)
{
    mt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utrecht_line),
        cmocka_unit_test(test_utrecht_hinge),
        cmocka_unit_test(test_utrecht_jump),
        cmocka_unit_test(test_prevalence_weighted),
        cmocka_unit_test(test_back_transform),
        cmocka_unit_test(test_supplied_fit),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
