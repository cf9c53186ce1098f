/*
 * breaks.c - Bai-Perron multiple structural breaks, break-date confidence
 * intervals (Bai 1997), the sup-F test with Hansen's (1997) p-values and the
 * Chow test, reproducing R's strucchange 1.5 (breakpoints, summary, confint,
 * Fstats + sctest).
 *
 * Layers, top to bottom:
 *   1. segment sums of squares: the residual sum of squares of every segment
 *      y[a..b] on its own regressors (1, or 1 and t), all n(n+1)/2 of them in
 *      O(n^2) by one running (Welford) update per start, in centred co-moments
 *      so that t in decimal years loses no precision;
 *   2. the dynamic programme of Bai and Perron (2003) exactly as strucchange
 *      writes it (same candidate ranges, first minimum on ties), so that the
 *      chosen partition is the one R prints;
 *   3. criteria (strucchange's BIC, LWZ), confidence intervals from the
 *      distribution of argmax V, the supF and Chow tests.
 * Nothing here does I/O or keeps state between calls.  Formulas and sources:
 * docs/methods-breaks.md.
 */
#include "monitrend/breaks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
/* Options and result housekeeping                                      */
/* ------------------------------------------------------------------ */

void mt_bp_options_default(mt_bp_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->model = MT_BP_MEAN;
    opts->h = 0.15;
    opts->max_breaks = 0;
    opts->criterion = MT_BP_BIC;
    opts->fixed_breaks = 0;
    opts->level = 0.95;
    opts->het_reg = 1;
    opts->het_err = 1;
}

void mt_bp_result_clear(mt_bp_result *r)
{
    if (r == NULL)
        return;
    free(r->rss);
    free(r->bic);
    free(r->lwz);
    free(r->breaks_by_m);
    free(r->ci_lo);
    free(r->ci_hi);
    free(r->ci_lower_raw);
    free(r->ci_upper_raw);
    free(r->ci_ok);
    free(r->seg_coef);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------------ */
/* Layer 1: segment residual sums of squares                            */
/* ------------------------------------------------------------------ */

/* Least-squares summary of one segment in centred form: the fit is
 * y = ybar + slope (t - tbar) (slope 0 for the mean model). */
typedef struct {
    size_t len;
    double tbar, ybar, ctt, cty, cyy;
} seg_moments;

static void moments_add(seg_moments *s, double t, double y)
{
    double dt = t - s->tbar;
    double dy = y - s->ybar;
    s->len++;
    double c = (double)s->len;
    s->tbar += dt / c;
    s->ybar += dy / c;
    s->ctt += dt * (t - s->tbar);
    s->cty += dt * (y - s->ybar);
    s->cyy += dy * (y - s->ybar);
}

static double moments_rss(const seg_moments *s, mt_bp_model model)
{
    if (model == MT_BP_MEAN)
        return s->cyy;
    double r = s->cyy - s->cty * s->cty / s->ctt;
    /* Rounding can leave a perfect fit a hair below zero. */
    return r > 0.0 ? r : 0.0;
}

static void moments_of(const double *t, const double *y, size_t a, size_t b, mt_bp_model model,
                       seg_moments *s)
{
    memset(s, 0, sizeof *s);
    for (size_t i = a; i <= b; i++)
        moments_add(s, model == MT_BP_TREND ? t[i] : 0.0, y[i]);
}

/* Packed upper triangle: RSS of y[a..b] (0-based, a <= b) at tri[off(a) + b - a]. */
static size_t tri_offset(size_t n, size_t a)
{
    return a * n - (a > 0 ? a * (a - 1) / 2 : 0);
}

typedef struct {
    const double *tri;
    size_t n;
} rss_table;

/* RSS of observations a..b in strucchange's 1-based numbering. */
static double rss1(const rss_table *w, size_t a, size_t b)
{
    return w->tri[tri_offset(w->n, a - 1) + (b - a)];
}

static void fill_triangle(const double *t, const double *y, size_t n, mt_bp_model model, double *tri)
{
    for (size_t a = 0; a < n; a++) {
        seg_moments s;
        memset(&s, 0, sizeof s);
        double *row = tri + tri_offset(n, a);
        for (size_t b = a; b < n; b++) {
            moments_add(&s, model == MT_BP_TREND ? t[b] : 0.0, y[b]);
            /* A segment with no more points than regressors has no residual
             * information; strucchange stores NA there and never reads it. */
            row[b - a] = (model == MT_BP_TREND && s.len < 3) || s.len < 2 ? 0.0 : moments_rss(&s, model);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Layer 2: the dynamic programme (strucchange breakpoints.formula)     */
/* ------------------------------------------------------------------ */

/* cost[m][i], arg[m][i] for m = 1..M, i = 1..n (1-based, as in R's
 * RSS.table): the smallest RSS of observations 1..i split into m segments,
 * and the last break of that split.  Rows are filled only where strucchange
 * fills them (i from m h to n - h); other cells are NAN. */
static void dp_fill(const rss_table *w, size_t n, size_t h, size_t M, double *cost, size_t *arg)
{
    size_t stride = n + 1;
    for (size_t c = 0; c < (M + 1) * stride; c++) {
        cost[c] = NAN;
        arg[c] = 0;
    }
    for (size_t i = h; i <= n - h; i++) {
        cost[1 * stride + i] = rss1(w, 1, i);
        arg[1 * stride + i] = i;
    }
    for (size_t m = 2; m <= M; m++) {
        for (size_t i = m * h; i <= n - h; i++) {
            double best = INFINITY;
            size_t best_j = 0;
            for (size_t j = (m - 1) * h; j + h <= i; j++) {
                double v = cost[(m - 1) * stride + j] + rss1(w, j + 1, i);
                if (v < best) { /* strict: the first minimum, as which.min */
                    best = v;
                    best_j = j;
                }
            }
            cost[m * stride + i] = best;
            arg[m * stride + i] = best_j;
        }
    }
}

/* strucchange's extract.breaks: the m breaks (1-based, increasing) of the
 * optimal (m+1)-segment partition of 1..n; returns its RSS. */
static double dp_extract(const rss_table *w, size_t n, size_t h, size_t m, const double *cost,
                         const size_t *arg, size_t *out)
{
    size_t stride = n + 1;
    double best = INFINITY;
    size_t opt = 0;
    for (size_t i = h; i <= n - h; i++) {
        double c = cost[m * stride + i];
        if (isnan(c))
            continue; /* which.min skips NA */
        double v = c + rss1(w, i + 1, n);
        if (v < best) {
            best = v;
            opt = i;
        }
    }
    out[m - 1] = opt;
    for (size_t col = m; col >= 2; col--) {
        out[col - 2] = arg[col * stride + out[col - 1]];
    }
    /* RSS as summary() reports it: the sum over the segments. */
    double rss = 0.0;
    size_t prev = 0;
    for (size_t b = 0; b <= m; b++) {
        size_t end = b < m ? out[b] : n;
        rss += rss1(w, prev + 1, end);
        prev = end;
    }
    return rss;
}

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

typedef struct {
    double xi, phi1, phi2, target;
} pargmax_root;

static double pargmax_minus(double x, void *p)
{
    const pargmax_root *q = p;
    return mt_bp_pargmax(x, q->xi, q->phi1, q->phi2) - q->target;
}

/* Root of pargmax(x) = target in [lo, hi]; NaN when Brent fails. */
static double pargmax_quantile(const pargmax_root *q, double lo, double hi)
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

/* ------------------------------------------------------------------ */
/* Validation shared by mt_bp_fit and mt_chow_test                      */
/* ------------------------------------------------------------------ */

static mt_status check_data(const double *t, const double *y, size_t n, mt_bp_model model, mt_error *err)
{
    if (model != MT_BP_MEAN && model != MT_BP_TREND)
        return mt_error_set(err, MT_EINVAL, "breaks: unknown model %d", (int)model);
    if (y == NULL)
        return mt_error_set(err, MT_EINVAL, "breaks: y is NULL");
    if (model == MT_BP_TREND && t == NULL)
        return mt_error_set(err, MT_EINVAL, "breaks: the trend model needs t, got NULL");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            return mt_error_set(err, MT_ENONFINITE, "breaks: y[%zu] is not finite", i);
        if (model == MT_BP_TREND) {
            if (!isfinite(t[i]))
                return mt_error_set(err, MT_ENONFINITE, "breaks: t[%zu] is not finite", i);
            if (i > 0 && !(t[i] > t[i - 1]))
                return mt_error_set(err, MT_EINVAL, "breaks: t must increase strictly, but t[%zu] = %g follows %g",
                                    i, t[i], t[i - 1]);
        }
    }
    return MT_OK;
}

/* ------------------------------------------------------------------ */
/* Confidence intervals (strucchange confint.breakpointsfull)           */
/* ------------------------------------------------------------------ */

/* Centred fit of segment s of the partition: level at tc and slope. */
typedef struct {
    double level, slope, sigma, n_obs;
} seg_fit;

static seg_fit fit_segment(const double *t, const double *y, size_t a, size_t b, mt_bp_model model, double tc)
{
    seg_moments s;
    moments_of(t, y, a, b, model, &s);
    seg_fit f;
    f.n_obs = (double)s.len;
    f.slope = model == MT_BP_TREND ? s.cty / s.ctt : 0.0;
    f.level = s.ybar + f.slope * ((model == MT_BP_TREND ? tc : 0.0) - s.tbar);
    f.sigma = moments_rss(&s, model) / f.n_obs;
    return f;
}

/* delta' Q delta with Q = X'X/len over observations a..b: the mean square of
 * the difference of the two fitted lines there.  It does not depend on how
 * the regressor is parametrised, so centring costs nothing. */
static double qprod(const double *t, size_t a, size_t b, mt_bp_model model, double tc, double d_level,
                    double d_slope)
{
    double s = 0.0;
    for (size_t i = a; i <= b; i++) {
        double d = d_level + (model == MT_BP_TREND ? d_slope * (t[i] - tc) : 0.0);
        s += d * d;
    }
    return s / (double)(b - a + 1);
}

static void confint_breaks(const double *t, const double *y, size_t n, mt_bp_model model, const mt_bp_options *o,
                           double total_rss, mt_bp_result *r)
{
    size_t m = r->n_breaks;
    double a2 = (1.0 - o->level) / 2.0;
    double tc = 0.0;
    if (model == MT_BP_TREND) {
        for (size_t i = 0; i < n; i++)
            tc += t[i];
        tc /= (double)n;
    }
    /* Segment boundaries, 0-based inclusive. */
    size_t a = 0, b = r->breaks[0];
    seg_fit f2 = fit_segment(t, y, a, b, model, tc);
    size_t a2s = a, b2s = b;
    for (size_t i = 0; i < m; i++) {
        seg_fit f1 = f2;
        size_t a1s = a2s, b1s = b2s;
        a2s = r->breaks[i] + 1;
        b2s = i + 1 < m ? r->breaks[i + 1] : n - 1;
        f2 = fit_segment(t, y, a2s, b2s, model, tc);
        double dl = f2.level - f1.level, ds = f2.slope - f1.slope;
        double q1, q2;
        if (o->het_reg) {
            q1 = qprod(t, a1s, b1s, model, tc, dl, ds);
            q2 = qprod(t, a2s, b2s, model, tc, dl, ds);
        } else {
            q1 = q2 = qprod(t, 0, n - 1, model, tc, dl, ds);
        }
        double s1 = o->het_err ? f1.sigma : total_rss / (double)n;
        double s2 = o->het_err ? f2.sigma : total_rss / (double)n;
        pargmax_root q = {o->het_reg ? q2 / q1 : 1.0, sqrt(s1), sqrt(s2), 0.0};
        long bi = (long)r->breaks[i];
        r->ci_lo[i] = r->ci_hi[i] = bi;
        r->ci_lower_raw[i] = r->ci_upper_raw[i] = NAN;
        r->ci_ok[i] = 0;
        double p0 = mt_bp_pargmax(0.0, q.xi, q.phi1, q.phi2);
        if (!isfinite(p0) || p0 < a2 || p0 > 1.0 - a2 || !(q1 > 0.0))
            continue; /* strucchange: "Confidence interval cannot be computed" */
        /* Bracket as strucchange does, in steps of 1000. */
        double ub = 0.0, lb = 0.0;
        while (mt_bp_pargmax(ub, q.xi, q.phi1, q.phi2) < 1.0 - a2 && ub < 1e9)
            ub += 1000.0;
        while (mt_bp_pargmax(lb, q.xi, q.phi1, q.phi2) > a2 && lb > -1e9)
            lb -= 1000.0;
        q.target = 1.0 - a2;
        double up = pargmax_quantile(&q, 0.0, ub);
        q.target = a2;
        double lo = pargmax_quantile(&q, lb, 0.0);
        double scale = s1 / q1;
        up *= scale;
        lo *= scale;
        /* A failed quantile search leaves this interval undone (ci_ok = 0),
         * as strucchange leaves it NA, rather than losing the breaks. */
        if (!isfinite(up) || !isfinite(lo) || fabs(up) > 1e15 || fabs(lo) > 1e15)
            continue;
        r->ci_upper_raw[i] = up;
        r->ci_lower_raw[i] = lo;
        r->ci_lo[i] = bi - (long)ceil(up);
        r->ci_hi[i] = bi - (long)floor(lo);
        r->ci_ok[i] = 1;
    }
}

/* ------------------------------------------------------------------ */
/* The public fit                                                       */
/* ------------------------------------------------------------------ */

static mt_status resolve_h(double h, size_t n, size_t k, size_t *hc, mt_error *err)
{
    if (!isfinite(h) || !(h > 0.0))
        return mt_error_set(err, MT_EINVAL, "breaks: minimum segment size h = %g must be positive", h);
    if (h < 1.0) {
        *hc = (size_t)floor((double)n * h);
        if (*hc <= k)
            return mt_error_set(err, MT_ETOOFEW,
                                "breaks: n = %zu is too small for h = %g: floor(h n) = %zu must exceed the %zu "
                                "regressor(s) of the model",
                                n, h, *hc, k);
    } else {
        if (h != floor(h) || h > (double)n)
            return mt_error_set(err, MT_EINVAL, "breaks: h = %g must be a fraction below 1 or a whole count <= n", h);
        *hc = (size_t)h;
        if (*hc <= k)
            return mt_error_set(err, MT_EINVAL,
                                "breaks: minimum segment size h = %zu must exceed the %zu regressor(s)", *hc, k);
    }
    if (*hc > n / 2)
        return mt_error_set(err, n < 2 * (k + 1) ? MT_ETOOFEW : MT_EINVAL,
                            "breaks: minimum segment size %zu must not exceed half the %zu observations", *hc, n);
    return MT_OK;
}

static mt_status supf_test(const rss_table *w, size_t n, size_t k, size_t hc, mt_bp_result *r, mt_error *err)
{
    /* strucchange Fstats(from = h): from = h, to = n - h, clipped to
     * k + 1 .. n - k - 1; F(i) = (RSS0 - RSS(i)) / (RSS(i) / (n - 2k)). */
    size_t from = hc, to = n - hc;
    if (from < k + 1)
        from = k + 1;
    if (to > n - k - 1)
        to = n - k - 1;
    double rss0 = rss1(w, 1, n);
    double df = (double)(n - 2 * k);
    double best = -INFINITY;
    size_t at = from;
    for (size_t i = from; i <= to; i++) {
        double u = rss1(w, 1, i) + rss1(w, i + 1, n);
        double f = (rss0 - u) / (u / df);
        if (f > best) {
            best = f;
            at = i;
        }
    }
    double lambda = ((double)(n - from) * (double)to) / ((double)from * (double)(n - to));
    r->supf = best;
    r->supf_index = at - 1;
    r->supf_p = lambda == 1.0 ? gsl_cdf_fdist_Q(best, (double)k, df) : mt_bp_supf_pvalue(best, k, lambda);
    if (!isfinite(r->supf) || !isfinite(r->supf_p))
        return mt_error_set(err, MT_ENONFINITE, "breaks: the supF statistic or its p-value is not finite");
    return MT_OK;
}

mt_status mt_bp_fit(const double *t, const double *y, size_t n, const mt_bp_options *opts, mt_bp_result *result,
                    mt_error *err)
{
    if (result == NULL)
        return mt_error_set(err, MT_EINVAL, "breaks: result is NULL");
    memset(result, 0, sizeof *result);
    mt_bp_options o;
    if (opts != NULL)
        o = *opts;
    else
        mt_bp_options_default(&o);
    mt_status st = check_data(t, y, n, o.model, err);
    if (st != MT_OK)
        return st;
    if (n > MT_BP_MAX_N)
        return mt_error_set(err, MT_ELIMIT, "breaks: n = %zu exceeds the limit of %d observations", n,
                            MT_BP_MAX_N);
    if (!(o.level > 0.0 && o.level < 1.0))
        return mt_error_set(err, MT_EINVAL, "breaks: confidence level %g must lie in (0, 1)", o.level);
    if (o.criterion != MT_BP_BIC && o.criterion != MT_BP_LWZ && o.criterion != MT_BP_FIXED)
        return mt_error_set(err, MT_EINVAL, "breaks: unknown criterion %d", (int)o.criterion);
    size_t k = o.model == MT_BP_TREND ? 2 : 1;
    size_t hc = 0;
    st = resolve_h(o.h, n, k, &hc, err);
    if (st != MT_OK)
        return st;
    /* strucchange: breaks = ceiling(n / h) - 2. */
    size_t mdef = (n + hc - 1) / hc;
    mdef = mdef >= 2 ? mdef - 2 : 0;
    if (mdef < 1)
        return mt_error_set(err, MT_ETOOFEW, "breaks: n = %zu with minimum segment %zu leaves no room for a break",
                            n, hc);
    size_t M = o.max_breaks == 0 || o.max_breaks > mdef ? mdef : o.max_breaks;
    if (o.criterion == MT_BP_FIXED && o.fixed_breaks > M)
        return mt_error_set(err, MT_EINVAL, "breaks: fixed_breaks = %zu exceeds the maximum of %zu breaks",
                            o.fixed_breaks, M);

    size_t ntri = n * (n + 1) / 2;
    double *tri = malloc(ntri * sizeof *tri);
    double *cost = malloc((M + 1) * (n + 1) * sizeof *cost);
    size_t *arg = malloc((M + 1) * (n + 1) * sizeof *arg);
    mt_bp_result *r = result;
    r->rss = malloc((M + 1) * sizeof *r->rss);
    r->bic = malloc((M + 1) * sizeof *r->bic);
    r->lwz = malloc((M + 1) * sizeof *r->lwz);
    r->breaks_by_m = calloc(M * M, sizeof *r->breaks_by_m);
    if (!tri || !cost || !arg || !r->rss || !r->bic || !r->lwz || !r->breaks_by_m) {
        st = mt_error_set(err, MT_ENOMEM, "breaks: out of memory for n = %zu", n);
        goto fail;
    }
    r->model = o.model;
    r->n = n;
    r->n_reg = k;
    r->h = hc;
    r->max_breaks = M;
    r->level = o.level;
    r->criterion = o.criterion;

    fill_triangle(t, y, n, o.model, tri);
    rss_table w = {tri, n};
    dp_fill(&w, n, hc, M, cost, arg);

    double dn = (double)n;
    double c0 = 0.299, d0 = 0.1; /* LWZ constants of Liu, Wu and Zidek (1997) */
    r->rss[0] = rss1(&w, 1, n);
    for (size_t m = 1; m <= M; m++)
        r->rss[m] = dp_extract(&w, n, hc, m, cost, arg, r->breaks_by_m + (m - 1) * M);
    for (size_t m = 0; m <= M; m++) {
        if (!(r->rss[m] > 0.0) || !isfinite(r->rss[m])) {
            st = mt_error_set(err, MT_ENONFINITE,
                              "breaks: residual sum of squares with %zu break(s) is %g, so BIC is undefined "
                              "(a constant or exactly piecewise series)",
                              m, r->rss[m]);
            goto fail;
        }
        double ps = (double)((m + 1) * k + m);
        r->bic[m] = dn * (log(r->rss[m]) + 1.0 - log(dn) + log(2.0 * M_PI)) + log(dn) * (double)((k + 1) * (m + 1));
        r->lwz[m] = log(r->rss[m] / (dn - ps)) + ps / dn * c0 * pow(log(dn), 2.0 + d0);
    }
    size_t chosen = 0;
    if (o.criterion == MT_BP_FIXED) {
        chosen = o.fixed_breaks;
    } else {
        const double *crit = o.criterion == MT_BP_LWZ ? r->lwz : r->bic;
        for (size_t m = 1; m <= M; m++)
            if (crit[m] < crit[chosen])
                chosen = m;
    }
    r->n_breaks = chosen;
    r->breaks = chosen > 0 ? r->breaks_by_m + (chosen - 1) * M : NULL;
    /* Convert every row to 0-based indices of the last observation before the break. */
    for (size_t m = 1; m <= M; m++)
        for (size_t i = 0; i < m; i++)
            r->breaks_by_m[(m - 1) * M + i] -= 1;

    size_t nb = chosen > 0 ? chosen : 1;
    r->ci_lo = malloc(nb * sizeof *r->ci_lo);
    r->ci_hi = malloc(nb * sizeof *r->ci_hi);
    r->ci_lower_raw = malloc(nb * sizeof *r->ci_lower_raw);
    r->ci_upper_raw = malloc(nb * sizeof *r->ci_upper_raw);
    r->ci_ok = malloc(nb * sizeof *r->ci_ok);
    r->seg_coef = malloc((chosen + 1) * k * sizeof *r->seg_coef);
    if (!r->ci_lo || !r->ci_hi || !r->ci_lower_raw || !r->ci_upper_raw || !r->ci_ok || !r->seg_coef) {
        st = mt_error_set(err, MT_ENOMEM, "breaks: out of memory for n = %zu", n);
        goto fail;
    }
    size_t prev = 0;
    for (size_t s = 0; s <= chosen; s++) {
        size_t end = s < chosen ? r->breaks[s] : n - 1;
        seg_fit f = fit_segment(t, y, prev, end, o.model, 0.0);
        if (o.model == MT_BP_TREND) {
            r->seg_coef[2 * s] = f.level;
            r->seg_coef[2 * s + 1] = f.slope;
        } else {
            r->seg_coef[s] = f.level;
        }
        prev = end + 1;
    }
    for (size_t i = 0; i < (chosen + 1) * k; i++) {
        if (!isfinite(r->seg_coef[i])) {
            st = mt_error_set(err, MT_ENONFINITE, "breaks: a segment coefficient is not finite");
            goto fail;
        }
    }
    if (chosen > 0)
        confint_breaks(t, y, n, o.model, &o, r->rss[chosen], r);
    st = supf_test(&w, n, k, hc, r, err);
    if (st != MT_OK)
        goto fail;
    free(tri);
    free(cost);
    free(arg);
    return MT_OK;

fail:
    free(tri);
    free(cost);
    free(arg);
    mt_bp_result_clear(result);
    return st;
}

/* ------------------------------------------------------------------ */
/* Chow test                                                            */
/* ------------------------------------------------------------------ */

mt_status mt_chow_test(const double *t, const double *y, size_t n, mt_bp_model model, size_t break_index,
                       double *f_stat, double *p_value, mt_error *err)
{
    if (f_stat == NULL || p_value == NULL)
        return mt_error_set(err, MT_EINVAL, "chow: f_stat and p_value must not be NULL");
    *f_stat = *p_value = NAN;
    mt_status st = check_data(t, y, n, model, err);
    if (st != MT_OK)
        return st;
    size_t k = model == MT_BP_TREND ? 2 : 1;
    if (n < 2 * k + 2)
        return mt_error_set(err, MT_ETOOFEW, "chow: n = %zu is too small for a Chow test with %zu regressor(s)", n, k);
    size_t point = break_index + 1;
    if (!(point > k && point < n - k))
        return mt_error_set(err, MT_EINVAL,
                            "chow: break index %zu is inadmissible: each regime needs more than %zu observations "
                            "(index %zu..%zu)",
                            break_index, k, k, n - k - 2);
    seg_moments s0, s1, s2;
    moments_of(t, y, 0, n - 1, model, &s0);
    moments_of(t, y, 0, break_index, model, &s1);
    moments_of(t, y, point, n - 1, model, &s2);
    double e = moments_rss(&s0, model);
    double u = moments_rss(&s1, model) + moments_rss(&s2, model);
    double df2 = (double)(n - 2 * k);
    double f = ((e - u) / (double)k) / (u / df2);
    if (!isfinite(f))
        return mt_error_set(err, MT_ENONFINITE, "chow: F is not finite (the split fits exactly)");
    *f_stat = f;
    *p_value = gsl_cdf_fdist_Q(f > 0.0 ? f : 0.0, (double)k, df2);
    return MT_OK;
}
