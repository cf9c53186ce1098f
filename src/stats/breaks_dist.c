/*
 * breaks_dist.c - the distributions behind the break statistics (see
 * breaks.h and docs/methods-breaks.md): the distribution of argmax V of
 * Bai (1997), whose quantiles give the break-date intervals, and Hansen's
 * (1997) p-values of the supF test, as strucchange computes them.
 */
#include "breaks_dist.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_erf.h>

/* Brent root finding for the interval quantiles: absolute tolerance in units
 * of the argmax-V scale.  R's uniroot stops at 1.2e-4; we go further so that
 * the continuous bounds can be compared to many digits (the integer bounds
 * then agree with strucchange unless a bound lies within about 1e-4 scaled
 * units of an integer). */
#define BP_ROOT_EPSABS 1e-12
#define BP_ROOT_MAXITER 200

/* ------------------------------------------------------------------ */
/* Layer 3a: the distribution of argmax V (Bai 1997)        */
/* ------------------------------------------------------------------ */

/* log Phi(-z) for z >= 0, accurate far in the tail. */
static double log_pnorm_upper(double z)
{
    return gsl_sf_log_erfc(z / M_SQRT2) - M_LN2;
}

double mt_bp_pargmax(double x, double xi, double phi1, double phi2)
{
    if (!(xi > 0.0) || !(phi1 > 0.0) || !(phi2 > 0.0) || isnan(x))
        return NAN;
    double phi = xi * (phi2 / phi1) * (phi2 / phi1);
    double ax = fabs(x);
    if (x < 0.0) {
        /* G1: the left tail, which depends on phi/xi only. */
        double frac = xi / phi;
        double a = -exp(log(ax) / 2.0 - ax / 8.0 - log(2.0 * M_PI) / 2.0);
        double b = -(phi / xi * (phi + 2.0 * xi) / (phi + xi)) *
                   exp(frac * (1.0 + frac) * ax / 2.0 + log_pnorm_upper((0.5 + frac) * sqrt(ax)));
        double c = exp(log(ax / 2.0 - 2.0 + (phi + 2.0 * xi) * (phi + 2.0 * xi) / ((phi + xi) * xi)) +
                       log_pnorm_upper(sqrt(ax) / 2.0));
        return a + b + c;
    }
    /* G2: the right tail. */
    double frac = xi * xi / phi;
    double a = sqrt(frac) * exp(log(ax) / 2.0 - frac * ax / 8.0 - log(2.0 * M_PI) / 2.0);
    double b = (xi / phi * (2.0 * phi + xi) / (phi + xi)) *
               exp((phi + xi) * ax / 2.0 + log_pnorm_upper((phi + xi / 2.0) / sqrt(phi) * sqrt(ax)));
    double c = exp(log((2.0 * phi + xi) * (2.0 * phi + xi) / ((phi + xi) * phi) - 2.0 + frac * ax / 2.0) +
                   log_pnorm_upper(sqrt(frac) * sqrt(ax) / 2.0));
    return 1.0 + a + b - c;
}

static double pargmax_minus(double x, void *p)
{
    const bp_pargmax_root *q = p;
    return mt_bp_pargmax(x, q->xi, q->phi1, q->phi2) - q->target;
}

double bp_pargmax_quantile(const bp_pargmax_root *q, double lo, double hi)
{
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (s == NULL)
        return NAN;
    gsl_function f = {pargmax_minus, (void *)q};
    double root = NAN;
    if (gsl_root_fsolver_set(s, &f, lo, hi) == GSL_SUCCESS) {
        for (int it = 0; it < BP_ROOT_MAXITER; it++) {
            if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
                break;
            double a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
            if (gsl_root_test_interval(a, b, BP_ROOT_EPSABS, 0.0) == GSL_SUCCESS) {
                root = gsl_root_fsolver_root(s);
                break;
            }
        }
    }
    gsl_root_fsolver_free(s);
    return root;
}

/* ------------------------------------------------------------------ */
/* Layer 3b: Hansen (1997) p-values of supF                             */
/* ------------------------------------------------------------------ */

/* Response-surface coefficients of Hansen (1997), "Approximate asymptotic p
 * values for structural-change tests", JBES 15(1), 60-67, for the supF
 * (Andrews 1993) statistic: for k regressors and trimming tau = 0.49, 0.47,
 * ..., 0.01 (row r: tau = 0.51 - r/50), p = 1 - F_chi2(b0 + b1 x; df = b2).
 * These are the published values as distributed in strucchange's data set
 * sc.beta.sup (rows 1-50, k = 1 and 2). */
static const double hansen_supf[2][25][3] = {
    {
        {-0.0648467, 0.99671156, 1.2573241},    {-0.15305667, 0.96757645, 1.43651315},
        {-0.23071675, 0.95825013, 1.56531261},  {-0.29247661, 0.95715782, 1.68851898},
        {-0.35706588, 0.95237505, 1.77889686},  {-0.40514715, 0.96055795, 1.89761322},
        {-0.45248386, 0.95810999, 1.98370422},  {-0.50458517, 0.96149538, 2.07086519},
        {-0.55009159, 0.96684273, 2.17244338},  {-0.60241623, 0.96518399, 2.23509053},
        {-0.64308746, 0.97354902, 2.33722161},  {-0.68833676, 0.97829106, 2.42776524},
        {-0.73136161, 0.9820687, 2.50833918},   {-0.78078198, 0.99475319, 2.6209551},
        {-0.82894221, 1.00023473, 2.70286643},  {-0.88430133, 1.00162529, 2.77835798},
        {-0.9499265, 1.00384268, 2.84325795},   {-0.98828874, 1.01604712, 2.96752918},
        {-1.04892713, 1.02570939, 3.08442682},  {-1.11527783, 1.03526033, 3.19770394},
        {-1.14992644, 1.06643436, 3.44739573},  {-1.24010871, 1.06929468, 3.54993605},
        {-1.38522113, 1.06808543, 3.61667211},  {-1.48296473, 1.1283969, 4.07202473},
        {-1.78738608, 1.17220925, 4.4726701},
    },
    {
        {-0.03933112, 0.99525784, 2.44239332},  {-0.14650989, 0.9938654, 2.78837829},
        {-0.28765583, 0.98139359, 2.93724618},  {-0.35528752, 0.9942739, 3.18187129},
        {-0.49538961, 0.96923268, 3.19484388},  {-0.58780544, 0.97339124, 3.32763253},
        {-0.66900489, 0.97444133, 3.44170617},  {-0.77825803, 0.96678414, 3.48652761},
        {-0.87260977, 0.97626434, 3.61709836},  {-0.96782445, 0.97636983, 3.6779502},
        {-1.07358977, 0.97407744, 3.71945379},  {-1.12531079, 0.99897105, 3.95114475},
        {-1.16041007, 1.01629918, 4.14932643},  {-1.2975797, 1.015268, 4.17103882},
        {-1.36743697, 1.03004743, 4.3223804},   {-1.43012785, 1.05139461, 4.53836755},
        {-1.53311747, 1.05280599, 4.61175851},  {-1.65273586, 1.05932633, 4.69340428},
        {-1.79350728, 1.04936541, 4.68380985},  {-1.9117747, 1.0588459, 4.8073354},
        {-2.02659329, 1.07200268, 4.97772701},  {-2.18499383, 1.08674781, 5.14231666},
        {-2.3765858, 1.11342895, 5.40268693},   {-2.51267262, 1.15305027, 5.88573096},
        {-3.05559851, 1.17629253, 6.11067794},
    },
};

static double hansen_pp(size_t k, size_t row1, double x)
{
    const double *b = hansen_supf[k - 1][row1 - 1];
    double d = b[0] + b[1] * x;
    if (!(d > 0.0))
        d = 0.0;
    return gsl_cdf_chisq_Q(d, b[2]);
}

double mt_bp_supf_pvalue(double stat, size_t k, double lambda)
{
    if (k < 1 || k > 2 || !isfinite(stat) || !(lambda > 0.0))
        return NAN;
    /* The interpolation in tau follows strucchange's pvalue.Fstats line by
     * line, so that the same trimming gives the same weights. */
    double tau = lambda < 1.0 ? lambda : 1.0 / (1.0 + sqrt(lambda));
    if (tau == 0.5)
        return gsl_cdf_chisq_Q(stat, (double)k);
    if (tau <= 0.01)
        return hansen_pp(k, 25, stat);
    if (tau >= 0.49)
        return ((0.5 - tau) * hansen_pp(k, 1, stat) + (tau - 0.49) * gsl_cdf_chisq_Q(stat, (double)k)) * 100.0;
    double taua = (0.51 - tau) * 50.0;
    double tau1 = floor(taua);
    size_t r = (size_t)tau1;
    return (tau1 + 1.0 - taua) * hansen_pp(k, r, stat) + (taua - tau1) * hansen_pp(k, r + 1, stat);
}

