/*
 * crosscheck.c - concordance, availability, displacement and ratio
 * cross-checks (see crosscheck.h and docs/methods-crosscheck.md).
 *
 * The file is in three layers: small statistics (straight-line OLS,
 * correlations, the sign test, Yule-Walker AR fits and the cross-correlation
 * function with R's conventions, so that every number can be checked against
 * R or scipy/statsmodels); alignment of series on a common grid; and the four
 * cross-check types with their verdict rules.  The OLS here is a two-moment
 * closed form on purpose: cross-checks need the same few quantities (slope,
 * its SE, SSE, Sxx) for each member and for the stacked parallelism test,
 * whose pooled-variance form follows from them without a second fit.
 */
#include "monitrend/crosscheck.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* Relative tolerance deciding that two times fall in one grid slot or that a
 * time sits on a bin edge; decimal years of monthly data are exact to ~1e-13. */
#define SLOT_EPS 1e-9

/* Prewhitening needs at least max_ar + MIN_AR_EXTRA gap-free changes, so
 * that every AR order tried leaves several residuals. */
#define MIN_AR_EXTRA 6

/* Two cross-correlations closer than this count as tied for the best lag
 * (then the smaller |lag| wins), so that rounding never decides the lag. */
#define TIE_EPS 1e-12

const char *mt_crosscheck_verdict_name(mt_verdict v)
{
    switch (v) {
    case MT_VERDICT_CONSISTENT: return "consistent";
    case MT_VERDICT_DIVERGING: return "diverging";
    case MT_VERDICT_OPPOSITE: return "opposite";
    case MT_VERDICT_INCONCLUSIVE: return "inconclusive";
    case MT_VERDICT_SHIFT_A_TO_B: return "shift from A to B";
    case MT_VERDICT_SHIFT_B_TO_A: return "shift from B to A";
    case MT_VERDICT_SHIFT_FALLING: return "share shifting while the total falls";
    case MT_VERDICT_NO_SHIFT: return "no shift";
    case MT_VERDICT_RISING: return "rising";
    case MT_VERDICT_FALLING: return "falling";
    case MT_VERDICT_STABLE: return "stable";
    }
    return "unknown";
}

void mt_crosscheck_verdict_text(mt_verdict v, const char *a, const char *b, char *buf,
                                size_t size)
{
    if (buf == NULL || size == 0)
        return;
    const char *name = mt_crosscheck_verdict_name(v);
    a = a ? a : "A";
    b = b ? b : "B";
    if (v == MT_VERDICT_SHIFT_A_TO_B)
        snprintf(buf, size, "shift from %s to %s", a, b);
    else if (v == MT_VERDICT_SHIFT_B_TO_A)
        snprintf(buf, size, "shift from %s to %s", b, a);
    else
        snprintf(buf, size, "%s", name);
}

void mt_crosscheck_options_default(mt_crosscheck_options *o)
{
    if (o == NULL)
        return;
    o->level = 0.95;
    o->min_overlap = 5;
    o->max_lag = 2;
    o->per_year = 1.0;
    o->prewhiten = -1;
    o->max_ar = 6;
    o->resid_limit = 2.0;
    o->max_diff_width = 25.0;
    o->expect = MT_EXPECT_SAME;
    o->min_changes = 3;
}

/* ------------------------------------------------------- small statistics */

static void loglin_nan(mt_loglin *f)
{
    f->n = 0;
    f->intercept = f->slope = f->slope_se = f->slope_lo = f->slope_hi = NAN;
    f->p = f->df = f->sse = f->sxx = NAN;
    f->apc = f->apc_lo = f->apc_hi = NAN;
    f->direction = 0;
}

static mt_status line_fit(const double *t, const double *y, size_t n, double level, int take_log,
                          mt_loglin *out, mt_error *err)
{
    if (out == NULL)
        return mt_error_set(err, MT_EINVAL, "trend: NULL output");
    loglin_nan(out);
    if ((n > 0 && (t == NULL || y == NULL)))
        return mt_error_set(err, MT_EINVAL, "trend: NULL t or y");
    if (!(level > 0 && level < 1))
        return mt_error_set(err, MT_EINVAL, "trend: confidence level %g is outside (0, 1)", level);
    /* Two passes (means, then centred sums) keep the sums accurate for
     * times near 2000 with a spread of a few years. */
    double st = 0, sy = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !isfinite(y[i]) || (take_log && !(y[i] > 0)))
            continue;
        st += t[i];
        sy += take_log ? log(y[i]) : y[i];
        k++;
    }
    if (k < 3)
        return mt_error_set(err, MT_ETOOFEW, "trend: %zu usable points, at least 3 needed", k);
    double mt = st / (double)k, my = sy / (double)k, sxx = 0, sxy = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !isfinite(y[i]) || (take_log && !(y[i] > 0)))
            continue;
        double dx = t[i] - mt, dy = (take_log ? log(y[i]) : y[i]) - my;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if (!(sxx > 0))
        return mt_error_set(err, MT_ESINGULAR, "trend: every point has the same time");
    double b = sxy / sxx;
    double sse = syy - b * sxy;
    if (sse < 0)
        sse = 0; /* rounding in an exact fit */
    double df = (double)k - 2.0;
    double se = sqrt(sse / df / sxx);
    double q = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, df);
    out->n = k;
    out->intercept = my - b * mt;
    out->slope = b;
    out->slope_se = se;
    out->slope_lo = b - q * se;
    out->slope_hi = b + q * se;
    out->df = df;
    out->sse = sse;
    out->sxx = sxx;
    if (se > 0)
        out->p = 2.0 * gsl_cdf_tdist_Q(fabs(b) / se, df);
    else
        out->p = b == 0 ? 1.0 : 0.0;
    out->direction = out->slope_lo > 0 ? 1 : (out->slope_hi < 0 ? -1 : 0);
    if (take_log) {
        out->apc = 100.0 * expm1(b);
        out->apc_lo = 100.0 * expm1(out->slope_lo);
        out->apc_hi = 100.0 * expm1(out->slope_hi);
    }
    if (!isfinite(out->slope) || !isfinite(out->slope_se) || !isfinite(out->intercept) ||
        (take_log && !isfinite(out->apc_hi)))
        return mt_error_set(err, MT_ENONFINITE, "trend: the fit is not finite");
    return MT_OK;
}

mt_status mt_crosscheck_loglinear(const double *t, const double *y, size_t n, double level,
                                  mt_loglin *out, mt_error *err)
{
    return line_fit(t, y, n, level, 1, out, err);
}

mt_status mt_crosscheck_linear(const double *t, const double *y, size_t n, double level,
                               mt_loglin *out, mt_error *err)
{
    return line_fit(t, y, n, level, 0, out, err);
}

/* Average ranks (1-based) of v[0..n-1], ties sharing the mean of their ranks. */
static int average_ranks(const double *v, size_t n, double *rank)
{
    size_t *perm = malloc(n * sizeof *perm);
    if (perm == NULL)
        return -1;
    gsl_sort_index(perm, v, 1, n);
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j + 1 < n && v[perm[j + 1]] == v[perm[i]])
            j++;
        double r = 0.5 * ((double)i + (double)j) + 1.0;
        for (size_t k = i; k <= j; k++)
            rank[perm[k]] = r;
        i = j + 1;
    }
    free(perm);
    return 0;
}

static void corr_nan(mt_correlation *c)
{
    c->n = 0;
    c->r = c->lo = c->hi = c->p = NAN;
}

mt_status mt_crosscheck_correlation(const double *x, const double *y, size_t n, int spearman,
                                    double level, mt_correlation *out, mt_error *err)
{
    if (out == NULL)
        return mt_error_set(err, MT_EINVAL, "correlation: NULL output");
    corr_nan(out);
    if (n > 0 && (x == NULL || y == NULL))
        return mt_error_set(err, MT_EINVAL, "correlation: NULL x or y");
    if (!(level > 0 && level < 1))
        return mt_error_set(err, MT_EINVAL, "correlation: level %g is outside (0, 1)", level);
    double *u = malloc((n ? n : 1) * sizeof *u), *v = malloc((n ? n : 1) * sizeof *v);
    if (u == NULL || v == NULL) {
        free(u);
        free(v);
        return mt_error_set(err, MT_ENOMEM, "correlation: out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && isfinite(y[i])) {
            u[k] = x[i];
            v[k] = y[i];
            k++;
        }
    mt_status st = MT_OK;
    if (k < 3) {
        st = mt_error_set(err, MT_ETOOFEW, "correlation: %zu pairs, at least 3 needed", k);
        goto done;
    }
    if (spearman) {
        double *ru = malloc(k * sizeof *ru), *rv = malloc(k * sizeof *rv);
        if (ru == NULL || rv == NULL || average_ranks(u, k, ru) || average_ranks(v, k, rv)) {
            free(ru);
            free(rv);
            st = mt_error_set(err, MT_ENOMEM, "correlation: out of memory");
            goto done;
        }
        memcpy(u, ru, k * sizeof *u);
        memcpy(v, rv, k * sizeof *v);
        free(ru);
        free(rv);
    }
    double mu = gsl_stats_mean(u, 1, k), mv = gsl_stats_mean(v, 1, k);
    double suu = 0, svv = 0, suv = 0;
    for (size_t i = 0; i < k; i++) {
        suu += (u[i] - mu) * (u[i] - mu);
        svv += (v[i] - mv) * (v[i] - mv);
        suv += (u[i] - mu) * (v[i] - mv);
    }
    if (!(suu > 0) || !(svv > 0)) {
        st = mt_error_set(err, MT_ESINGULAR, "correlation: a variable is constant");
        goto done;
    }
    double r = suv / sqrt(suu * svv);
    if (r > 1)
        r = 1;
    if (r < -1)
        r = -1;
    out->n = k;
    out->r = r;
    double df = (double)k - 2.0;
    if (fabs(r) < 1) {
        double tt = r * sqrt(df / (1 - r * r));
        out->p = 2.0 * gsl_cdf_tdist_Q(fabs(tt), df);
    } else {
        out->p = 0.0;
    }
    if (k >= 4) {
        if (fabs(r) < 1) {
            double z = atanh(r), h = gsl_cdf_ugaussian_Pinv(0.5 + level / 2) / sqrt((double)k - 3);
            out->lo = tanh(z - h);
            out->hi = tanh(z + h);
        } else {
            out->lo = out->hi = r;
        }
    }
done:
    free(u);
    free(v);
    return st;
}

double mt_crosscheck_sign_p(size_t k, size_t n)
{
    if (n == 0 || k > n)
        return NAN;
    /* Binomial(n, 1/2) is symmetric: the two-sided p (R binom.test, which
     * sums outcomes no more likely than k) is twice the smaller tail. */
    size_t m = k < n - k ? k : n - k;
    if (2 * m == n)
        return 1.0;
    double p = 2.0 * gsl_cdf_binomial_P((unsigned)m, 0.5, (unsigned)n);
    return p > 1.0 ? 1.0 : p;
}

/* Sample autocovariances (divisor n, R's acf with na.pass: means over the
 * finite values, products over the pairs where both are finite) of x and y
 * at lag k: sum_t (x_{t+k} - mx)(y_t - my) / n. */
static double cross_cov(const double *x, const double *y, size_t n, double mx, double my, int k)
{
    double s = 0;
    for (size_t t = 0; t < n; t++) {
        long tk = (long)t + k;
        if (tk < 0 || tk >= (long)n)
            continue;
        double a = x[tk], b = y[t];
        if (isfinite(a) && isfinite(b))
            s += (a - mx) * (b - my);
    }
    return s / (double)n;
}

static double finite_mean(const double *x, size_t n, size_t *k_out)
{
    double s = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) {
            s += x[i];
            k++;
        }
    if (k_out)
        *k_out = k;
    return k ? s / (double)k : NAN;
}

/* Yule-Walker AR fit by Levinson-Durbin with the order chosen by AIC as R's
 * ar.yw does: AIC(p) = n log(v_p) + 2 p, v_p the innovations variance from
 * the recursion (divisor n).  Needs x without missing values.  Returns the
 * order and writes phi[0..order-1]; -1 when the series is constant. */
static int ar_yule_walker(const double *x, size_t n, size_t max_order, double *phi)
{
    double m = finite_mean(x, n, NULL);
    double r[MT_CROSSCHECK_MAX_AR + 1];
    for (size_t k = 0; k <= max_order; k++)
        r[k] = cross_cov(x, x, n, m, m, (int)k);
    if (!(r[0] > 0))
        return -1;
    double cur[MT_CROSSCHECK_MAX_AR] = {0}, prev[MT_CROSSCHECK_MAX_AR] = {0};
    double best_phi[MT_CROSSCHECK_MAX_AR] = {0};
    double v = r[0];
    double best_aic = (double)n * log(v);
    int best = 0;
    for (size_t p = 1; p <= max_order; p++) {
        double acc = r[p];
        for (size_t j = 1; j < p; j++)
            acc -= prev[j - 1] * r[p - j];
        double kappa = acc / v;
        cur[p - 1] = kappa;
        for (size_t j = 1; j < p; j++)
            cur[j - 1] = prev[j - 1] - kappa * prev[p - j - 1];
        v *= 1 - kappa * kappa;
        memcpy(prev, cur, sizeof cur);
        if (!(v > 0))
            break;
        double aic = (double)n * log(v) + 2.0 * (double)p;
        if (aic < best_aic) {
            best_aic = aic;
            best = (int)p;
            memcpy(best_phi, cur, sizeof cur);
        }
    }
    for (int j = 0; j < best; j++)
        phi[j] = best_phi[j];
    return best;
}

/* ----------------------------------------------------------- alignment */

mt_status mt_crosscheck_align_coarse(const double *t, const double *y, const double *se, size_t n,
                                     double per_year, double *t_out, double *y_out,
                                     double *se_out, size_t *count, size_t *n_out,
                                     mt_error *err)
{
    if (n_out == NULL || t_out == NULL || y_out == NULL || (n > 0 && (t == NULL || y == NULL)))
        return mt_error_set(err, MT_EINVAL, "align: NULL argument");
    if (!(per_year > 0) || !isfinite(per_year))
        return mt_error_set(err, MT_EINVAL, "align: periods per year %g is not positive", per_year);
    *n_out = 0;
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    double *bin = calloc(n ? n : 1, sizeof *bin);
    if (idx == NULL || bin == NULL) {
        free(idx);
        free(bin);
        return mt_error_set(err, MT_ENOMEM, "align: out of memory");
    }
    for (size_t i = 0; i < n; i++)
        bin[i] = isfinite(t[i]) ? floor(t[i] * per_year + SLOT_EPS) : HUGE_VAL;
    gsl_sort_index(idx, bin, 1, n);
    size_t m = 0, i = 0;
    while (i < n && isfinite(bin[idx[i]])) {
        size_t j = i;
        double b = bin[idx[i]], s = 0, v = 0;
        size_t k = 0;
        int se_ok = se != NULL;
        while (j < n && bin[idx[j]] == b) {
            size_t q = idx[j];
            if (isfinite(y[q])) {
                s += y[q];
                k++;
                if (se_ok && isfinite(se[q]))
                    v += se[q] * se[q];
                else
                    se_ok = 0;
            }
            j++;
        }
        if (k > 0) {
            t_out[m] = b / per_year;
            y_out[m] = s / (double)k;
            if (se_out)
                se_out[m] = se_ok ? sqrt(v) / (double)k : NAN;
            if (count)
                count[m] = k;
            m++;
        }
        i = j;
    }
    free(idx);
    free(bin);
    *n_out = m;
    return MT_OK;
}

#define MAX_SLOTS 100000

mt_status mt_crosscheck_pair_align(const mt_xy *a, const mt_xy *b, double per_year,
                                   double **t_grid, double **ya, double **sea, double **yb,
                                   double **seb, size_t *n_grid, mt_error *err)
{
    if (a == NULL || b == NULL || t_grid == NULL || ya == NULL || sea == NULL || yb == NULL ||
        seb == NULL || n_grid == NULL || (a->n && (a->t == NULL || a->y == NULL)) ||
        (b->n && (b->t == NULL || b->y == NULL)))
        return mt_error_set(err, MT_EINVAL, "pair align: NULL argument");
    if (!(per_year > 0) || !isfinite(per_year))
        return mt_error_set(err, MT_EINVAL, "pair align: periods per year %g is not positive",
                            per_year);
    *t_grid = *ya = *sea = *yb = *seb = NULL;
    *n_grid = 0;
    const mt_xy *s[2] = {a, b};
    double lo[2] = {HUGE_VAL, HUGE_VAL}, hi[2] = {-HUGE_VAL, -HUGE_VAL};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < s[k]->n; i++) {
            if (!isfinite(s[k]->t[i]) || !isfinite(s[k]->y[i]))
                continue;
            double slot = round(s[k]->t[i] * per_year);
            if (slot < lo[k])
                lo[k] = slot;
            if (slot > hi[k])
                hi[k] = slot;
        }
    double first = fmax(lo[0], lo[1]), last = fmin(hi[0], hi[1]);
    if (!isfinite(first) || !isfinite(last) || last < first)
        return mt_error_set(err, MT_ETOOFEW, "pair align: the two series have no common periods");
    if (last - first + 1 > MAX_SLOTS)
        return mt_error_set(err, MT_ELIMIT, "pair align: more than %d periods", MAX_SLOTS);
    size_t m = (size_t)(last - first) + 1;
    double *tg = malloc(m * sizeof *tg), *arr[4];
    for (int k = 0; k < 4; k++)
        arr[k] = malloc(m * sizeof *arr[k]);
    if (tg == NULL || !arr[0] || !arr[1] || !arr[2] || !arr[3]) {
        free(tg);
        for (int k = 0; k < 4; k++)
            free(arr[k]);
        return mt_error_set(err, MT_ENOMEM, "pair align: out of memory");
    }
    for (size_t i = 0; i < m; i++) {
        tg[i] = NAN;
        for (int k = 0; k < 4; k++)
            arr[k][i] = NAN;
    }
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < s[k]->n; i++) {
            if (!isfinite(s[k]->t[i]) || !isfinite(s[k]->y[i]))
                continue;
            double slot = round(s[k]->t[i] * per_year);
            if (slot < first || slot > last)
                continue;
            size_t g = (size_t)(slot - first);
            if (isfinite(arr[2 * k][g])) {
                for (int q = 0; q < 4; q++)
                    free(arr[q]);
                free(tg);
                return mt_error_set(err, MT_EINVAL,
                                    "pair align: series %c has two values in the period at %.4f "
                                    "(align weekly data to a coarser frequency first)",
                                    k == 0 ? 'a' : 'b', s[k]->t[i]);
            }
            arr[2 * k][g] = s[k]->y[i];
            arr[2 * k + 1][g] = s[k]->se ? s[k]->se[i] : NAN;
            if (!isfinite(tg[g]))
                tg[g] = s[k]->t[i];
        }
    for (size_t i = 0; i < m; i++)
        if (!isfinite(tg[i]))
            tg[i] = (first + (double)i) / per_year;
    *t_grid = tg;
    *ya = arr[0];
    *sea = arr[1];
    *yb = arr[2];
    *seb = arr[3];
    *n_grid = m;
    return MT_OK;
}

/* ---------------------------------------------------------- concordance */

static int usable(double y) { return isfinite(y) && y > 0; }

/* z of the change in ln y from i-1 to i from the two point SEs (var(ln y) =
 * (se/y)^2, independent points); NaN without both SEs. */
static double change_z(const double *y, const double *se, size_t i)
{
    if (se == NULL || !isfinite(se[i]) || !isfinite(se[i - 1]))
        return NAN;
    double va = se[i] / y[i], vb = se[i - 1] / y[i - 1];
    double s = sqrt(va * va + vb * vb);
    return s > 0 ? (log(y[i]) - log(y[i - 1])) / s : NAN;
}

static mt_divergence *divergence_slot(mt_concordance *c, size_t index)
{
    for (size_t k = 0; k < c->n_divergent && k < MT_CROSSCHECK_MAX_DIVERGENT; k++)
        if (c->divergent[k].index == index)
            return &c->divergent[k];
    size_t k = c->n_divergent++;
    if (k >= MT_CROSSCHECK_MAX_DIVERGENT)
        return NULL;
    mt_divergence *d = &c->divergent[k];
    d->index = index;
    d->reasons = 0;
    d->change_a = d->change_b = d->z_a = d->z_b = d->resid = NAN;
    return d;
}

/* Divergent periods are found in grid order by two passes; keep the list in
 * grid order for the reader. */
static int cmp_divergence(const void *x, const void *y)
{
    const mt_divergence *a = x, *b = y;
    return (a->index > b->index) - (a->index < b->index);
}

static void concordance_ccf(const double *da, const double *db, size_t n,
                            const mt_crosscheck_options *o, mt_concordance *c, double *fa,
                            double *fb)
{
    /* Work on the span from the first to the last defined change. */
    size_t s = 0, e = n;
    while (s < n && !(isfinite(da[s]) && isfinite(db[s])))
        s++;
    while (e > s && !(isfinite(da[e - 1]) && isfinite(db[e - 1])))
        e--;
    size_t m = e - s;
    for (size_t i = 0; i < m; i++) {
        fa[i] = da[s + i];
        fb[i] = db[s + i];
    }
    int pre = o->prewhiten < 0 ? o->per_year >= 12 : o->prewhiten;
    if (pre) {
        /* Yule-Walker needs a gap-free series: prewhiten on the longest
         * stretch where both changes are defined. */
        size_t best_s = 0, best_len = 0, run_s = 0;
        for (size_t i = 0; i <= m; i++) {
            int ok = i < m && isfinite(fa[i]) && isfinite(fb[i]);
            if (ok && (i == 0 || !(isfinite(fa[i - 1]) && isfinite(fb[i - 1]))))
                run_s = i;
            if (!ok && i > 0 && isfinite(fa[i - 1]) && isfinite(fb[i - 1]) &&
                i - run_s > best_len) {
                best_len = i - run_s;
                best_s = run_s;
            }
        }
        int p = best_len >= o->max_ar + MIN_AR_EXTRA
                    ? ar_yule_walker(fa + best_s, best_len, o->max_ar, c->ar)
                    : -1;
        if (p >= 0) {
            memmove(fa, fa + best_s, best_len * sizeof *fa);
            memmove(fb, fb + best_s, best_len * sizeof *fb);
            m = best_len;
            c->prewhitened = 1;
            c->ar_order = (size_t)p;
            c->pw_first = s + best_s;
            /* e_t = x_t - sum phi_j x_{t-j}: the AR filter of series a applied
             * to both (the mean only shifts the result, which the CCF removes). */
            size_t q = (size_t)p;
            for (size_t i = m; i-- > q;) {
                double ea = fa[i], eb = fb[i];
                for (size_t j = 1; j <= q; j++) {
                    ea -= c->ar[j - 1] * fa[i - j];
                    eb -= c->ar[j - 1] * fb[i - j];
                }
                fa[i] = ea;
                fb[i] = eb;
            }
            memmove(fa, fa + q, (m - q) * sizeof *fa);
            memmove(fb, fb + q, (m - q) * sizeof *fb);
            m -= q;
        }
    }
    c->ccf_n = m;
    c->max_lag = (int)o->max_lag;
    c->n_lags = 2 * o->max_lag + 1;
    for (size_t k = 0; k < c->n_lags; k++)
        c->ccf[k] = NAN;
    c->best_lag = 0;
    c->r_lag = NAN;
    size_t ka, kb;
    double ma = finite_mean(fa, m, &ka), mb = finite_mean(fb, m, &kb);
    if (m < 3 || ka < 3 || kb < 3)
        return;
    double ca = cross_cov(fa, fa, m, ma, ma, 0), cb = cross_cov(fb, fb, m, mb, mb, 0);
    if (!(ca > 0) || !(cb > 0))
        return;
    double best = -1;
    for (int k = -(int)o->max_lag; k <= (int)o->max_lag; k++) {
        if ((size_t)abs(k) >= m)
            continue;
        double r = cross_cov(fa, fb, m, ma, mb, k) / sqrt(ca * cb);
        c->ccf[k + (int)o->max_lag] = r;
        /* ties go to the smaller |lag|: lags are visited outward from -L, so
         * prefer strictly larger |r|, or equal |r| at a smaller |lag| */
        if (fabs(r) > best + TIE_EPS ||
            (fabs(fabs(r) - best) <= TIE_EPS && abs(k) < abs(c->best_lag))) {
            best = fabs(r);
            c->best_lag = k;
            c->r_lag = r;
        }
    }
}

mt_status mt_crosscheck_concordance(const double *t, const double *ya, const double *sea,
                                    const double *yb, const double *seb, size_t n,
                                    const mt_crosscheck_options *opt, mt_concordance *c,
                                    mt_error *err)
{
    mt_crosscheck_options o;
    if (opt)
        o = *opt;
    else
        mt_crosscheck_options_default(&o);
    if (c == NULL || (n > 0 && (t == NULL || ya == NULL || yb == NULL)))
        return mt_error_set(err, MT_EINVAL, "concordance: NULL argument");
    if (o.max_lag > MT_CROSSCHECK_MAX_LAG || o.max_ar > MT_CROSSCHECK_MAX_AR)
        return mt_error_set(err, MT_EINVAL, "concordance: lags %zu or AR order %zu above the limit "
                            "(%d, %d)", o.max_lag, o.max_ar, MT_CROSSCHECK_MAX_LAG,
                            MT_CROSSCHECK_MAX_AR);
    if (!(o.level > 0 && o.level < 1) || !(o.per_year > 0))
        return mt_error_set(err, MT_EINVAL, "concordance: level %g or periods per year %g invalid",
                            o.level, o.per_year);
    memset(c, 0, sizeof *c);
    loglin_nan(&c->a);
    loglin_nan(&c->b);
    corr_nan(&c->r_levels);
    corr_nan(&c->r_diff);
    corr_nan(&c->rho_levels);
    corr_nan(&c->rho_diff);
    c->slope_diff = c->slope_diff_se = c->p_parallel = NAN;
    c->apc_diff = c->apc_diff_lo = c->apc_diff_hi = NAN;
    c->sign_p = NAN;
    c->r_lag = NAN;
    c->max_lag = (int)o.max_lag;
    c->n_lags = 2 * o.max_lag + 1;
    for (size_t k = 0; k < c->n_lags; k++)
        c->ccf[k] = NAN;

    size_t nn = n ? n : 1;
    double *buf = calloc(8 * nn, sizeof *buf);
    if (buf == NULL)
        return mt_error_set(err, MT_ENOMEM, "concordance: out of memory");
    double *la = buf, *lb = buf + nn, *ta = buf + 2 * nn, *da = buf + 3 * nn, *db = buf + 4 * nn;
    double *fa = buf + 5 * nn, *fb = buf + 6 * nn, *res = buf + 7 * nn;
    size_t k = 0;
    int have_first = 0;
    for (size_t i = 0; i < n; i++) {
        int both = usable(ya[i]) && usable(yb[i]) && isfinite(t[i]);
        la[i] = both ? log(ya[i]) : NAN;
        lb[i] = both ? log(yb[i]) : NAN;
        ta[i] = both ? t[i] : NAN;
        if (both) {
            if (!have_first) {
                c->first = i;
                have_first = 1;
            }
            c->last = i;
            k++;
        }
        da[i] = db[i] = NAN;
        if (i > 0 && both && isfinite(la[i - 1])) {
            da[i] = la[i] - la[i - 1];
            db[i] = lb[i] - lb[i - 1];
        }
    }
    c->n = k;

    /* Trends and the parallelism test need three common points each. */
    mt_status sa = line_fit(ta, ya, n, o.level, 1, &c->a, NULL);
    mt_status sb = line_fit(ta, yb, n, o.level, 1, &c->b, NULL);
    if (sa == MT_OK && sb == MT_OK && k >= 3) {
        /* Stacked regression ln y = a0 + a1 g + b0 t + b1 g t over both
         * series: its coefficients are the separate fits, its residual
         * variance the pooled one on 2k - 4 df. */
        double df = 2.0 * (double)k - 4.0;
        double s2 = (c->a.sse + c->b.sse) / df;
        double va = s2 / c->a.sxx, vb = s2 / c->b.sxx;
        c->slope_diff = c->b.slope - c->a.slope;
        c->slope_diff_se = sqrt(va + vb);
        if (c->slope_diff_se > 0)
            c->p_parallel = 2.0 * gsl_cdf_tdist_Q(fabs(c->slope_diff) / c->slope_diff_se, df);
        else
            c->p_parallel = c->slope_diff == 0 ? 1.0 : 0.0;
        double q = gsl_cdf_tdist_Pinv(0.5 + o.level / 2.0, df);
        double ea = 100.0 * exp(c->a.slope), eb = 100.0 * exp(c->b.slope);
        double se = sqrt(ea * ea * va + eb * eb * vb);
        c->apc_diff = c->a.apc - c->b.apc;
        c->apc_diff_lo = c->apc_diff - q * se;
        c->apc_diff_hi = c->apc_diff + q * se;
    }
    mt_crosscheck_correlation(la, lb, n, 0, o.level, &c->r_levels, NULL);
    mt_crosscheck_correlation(la, lb, n, 1, o.level, &c->rho_levels, NULL);
    mt_crosscheck_correlation(da, db, n, 0, o.level, &c->r_diff, NULL);
    mt_crosscheck_correlation(da, db, n, 1, o.level, &c->rho_diff, NULL);

    /* Direction agreement over the periods where both members changed, and
     * the periods of opposite change. */
    for (size_t i = 1; i < n; i++) {
        if (!isfinite(da[i]) || da[i] == 0 || db[i] == 0)
            continue;
        c->total++;
        int same = (da[i] > 0) == (db[i] > 0);
        if (same) {
            c->agree++;
            continue;
        }
        double za = change_z(ya, sea, i), zb = change_z(yb, seb, i);
        double zq = gsl_cdf_ugaussian_Pinv(0.5 + o.level / 2.0);
        /* Every member with SEs must have changed significantly; a member
         * without SEs counts by the sign of its change alone. */
        int sig_a = !isfinite(za) || fabs(za) > zq;
        int sig_b = !isfinite(zb) || fabs(zb) > zq;
        if (!(sig_a && sig_b))
            continue;
        mt_divergence *d = divergence_slot(c, i);
        if (d) {
            d->reasons |= (isfinite(za) && isfinite(zb)) ? MT_DIVERGE_OPPOSITE_SIG
                                                           : MT_DIVERGE_OPPOSITE;
            d->change_a = da[i];
            d->change_b = db[i];
            d->z_a = za;
            d->z_b = zb;
        }
    }
    c->sign_p = mt_crosscheck_sign_p(c->agree, c->total);

    /* Standardized residuals of ln b on ln a (R's rstandard):
     * e_i / (s sqrt(1 - h_ii)), h_ii = 1/k + (x_i - mx)^2 / Sxx. */
    mt_loglin reg;
    if (k >= 4 && line_fit(la, lb, n, o.level, 0, &reg, NULL) == MT_OK && reg.sse > 0) {
        double mx = 0;
        for (size_t i = 0; i < n; i++)
            if (isfinite(la[i]))
                mx += la[i];
        mx /= (double)k;
        double s = sqrt(reg.sse / reg.df);
        for (size_t i = 0; i < n; i++) {
            res[i] = NAN;
            if (!isfinite(la[i]))
                continue;
            double h = 1.0 / (double)k + (la[i] - mx) * (la[i] - mx) / reg.sxx;
            double e = lb[i] - reg.intercept - reg.slope * la[i];
            res[i] = h < 1 ? e / (s * sqrt(1 - h)) : NAN;
            if (fabs(res[i]) > o.resid_limit) {
                mt_divergence *d = divergence_slot(c, i);
                if (d) {
                    d->reasons |= MT_DIVERGE_RESIDUAL;
                    d->resid = res[i];
                    if (isfinite(da[i])) {
                        d->change_a = da[i];
                        d->change_b = db[i];
                    }
                }
            }
        }
    }
    size_t listed = c->n_divergent < MT_CROSSCHECK_MAX_DIVERGENT ? c->n_divergent
                                                                   : MT_CROSSCHECK_MAX_DIVERGENT;
    qsort(c->divergent, listed, sizeof c->divergent[0], cmp_divergence);

    concordance_ccf(da, db, n, &o, c, fa, fb);

    /* Verdict: the decision table of docs/methods-crosscheck.md
     * (crossverdict.c). */
    c->expect = o.expect;
    c->verdict = mt_crosscheck_concordance_verdict(c, &o, &c->reason);
    free(buf);
    return MT_OK;
}

mt_status mt_crosscheck_concordance_xy(const mt_xy *a, const mt_xy *b,
                                       const mt_crosscheck_options *opt, mt_concordance *out,
                                       double *t0, mt_error *err)
{
    mt_crosscheck_options o;
    if (opt)
        o = *opt;
    else
        mt_crosscheck_options_default(&o);
    double *tg, *ya, *sea, *yb, *seb;
    size_t m;
    mt_status st = mt_crosscheck_pair_align(a, b, o.per_year, &tg, &ya, &sea, &yb, &seb, &m, err);
    if (st != MT_OK)
        return st;
    if (t0)
        *t0 = tg[0];
    st = mt_crosscheck_concordance(tg, ya, a->se ? sea : NULL, yb, b->se ? seb : NULL, m, &o,
                                   out, err);
    free(tg);
    free(ya);
    free(sea);
    free(yb);
    free(seb);
    return st;
}

/* --------------------------------------------------------- availability */

mt_status mt_crosscheck_availability(size_t n_members, size_t n_periods, const double *t,
                                     const double *const *values, const int *signs,
                                     size_t recent, size_t n_boot, unsigned long seed,
                                     double level, mt_availability *out, double *index,
                                     double *lo, double *hi, size_t *members, mt_error *err)
{
    if (out == NULL || values == NULL || signs == NULL || t == NULL || index == NULL ||
        lo == NULL || hi == NULL || members == NULL)
        return mt_error_set(err, MT_EINVAL, "availability: NULL argument");
    if (n_members == 0)
        return mt_error_set(err, MT_EINVAL, "availability: no members");
    if (n_members > MT_CROSSCHECK_MAX_MEMBERS)
        return mt_error_set(err, MT_ELIMIT, "availability: %zu members, at most %d",
                            n_members, MT_CROSSCHECK_MAX_MEMBERS);
    if (recent < 3)
        return mt_error_set(err, MT_EINVAL, "availability: recent window %zu, at least 3", recent);
    if (n_boot != 0 && n_boot < 100)
        return mt_error_set(err, MT_EINVAL, "availability: %zu bootstrap samples, at least 100",
                            n_boot);
    if (!(level > 0 && level < 1))
        return mt_error_set(err, MT_EINVAL, "availability: level %g is outside (0, 1)", level);
    for (size_t i = 0; i < n_members; i++) {
        if (values[i] == NULL)
            return mt_error_set(err, MT_EINVAL, "availability: member %zu has no values", i + 1);
        if (signs[i] != 1 && signs[i] != -1)
            return mt_error_set(err, MT_EINVAL, "availability: sign of member %zu is %d, not +1 or -1",
                                i + 1, signs[i]);
    }
    memset(out, 0, sizeof *out);
    out->n_members = n_members;
    size_t np = n_periods ? n_periods : 1;
    double *z = malloc(n_members * np * sizeof *z);
    double *wt = malloc(np * sizeof *wt), *wy = malloc(np * sizeof *wy);
    double *boot = malloc((n_boot ? n_boot : 1) * sizeof *boot);
    size_t *draw = malloc(n_members * sizeof *draw);
    gsl_rng *rng = n_boot ? gsl_rng_alloc(gsl_rng_mt19937) : NULL;
    mt_status st = MT_OK;
    if (z == NULL || wt == NULL || wy == NULL || boot == NULL || draw == NULL ||
        (n_boot && rng == NULL)) {
        st = mt_error_set(err, MT_ENOMEM, "availability: out of memory");
        goto done;
    }
    if (rng)
        gsl_rng_set(rng, seed);

    /* Recent direction of each member over its last `recent` observations. */
    for (size_t i = 0; i < n_members; i++) {
        size_t k = 0;
        for (size_t q = n_periods; q-- > 0 && k < recent;)
            if (usable(values[i][q]) && isfinite(t[q])) {
                wt[k] = t[q];
                wy[k] = values[i][q];
                k++;
            }
        if (k < 3 || line_fit(wt, wy, k, level, 1, &out->recent[i], NULL) != MT_OK) {
            loglin_nan(&out->recent[i]);
            out->direction[i] = 2;
            continue;
        }
        out->direction[i] = signs[i] * out->recent[i].direction;
        out->m++;
        if (out->direction[i] > 0)
            out->k_rising++;
        else if (out->direction[i] < 0)
            out->k_falling++;
        else
            out->k_stable++;
    }

    /* Sign-adjusted z-scores of each member's log series. */
    size_t eligible = 0;
    for (size_t i = 0; i < n_members; i++) {
        double *zi = z + i * np;
        size_t k = 0;
        for (size_t q = 0; q < n_periods; q++)
            if (usable(values[i][q]))
                wy[k++] = log(values[i][q]);
        double mean = k ? gsl_stats_mean(wy, 1, k) : NAN;
        double sd = k >= 2 ? gsl_stats_sd_m(wy, 1, k, mean) : NAN;
        out->in_composite[i] = k >= 2 && sd > 0;
        for (size_t q = 0; q < n_periods; q++)
            zi[q] = (out->in_composite[i] && usable(values[i][q]))
                        ? signs[i] * (log(values[i][q]) - mean) / sd
                        : NAN;
        if (out->in_composite[i])
            draw[eligible++] = i;
    }
    for (size_t q = 0; q < n_periods; q++) {
        double s = 0;
        size_t k = 0;
        for (size_t i = 0; i < n_members; i++)
            if (isfinite(z[i * np + q])) {
                s += z[i * np + q];
                k++;
            }
        members[q] = k;
        index[q] = k ? s / (double)k : NAN;
        lo[q] = hi[q] = NAN;
    }
    if (n_boot == 0 || eligible < 2)
        goto done;
    /* Percentile bootstrap over members: each replicate draws `eligible`
     * members with replacement and averages those present at each period.
     * Draws are made once per replicate and shared by all periods, so the
     * CI band is one coherent set of resampled groups. */
    size_t *pick = malloc(n_boot * eligible * sizeof *pick);
    if (pick == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "availability: out of memory");
        goto done;
    }
    for (size_t b = 0; b < n_boot * eligible; b++)
        pick[b] = draw[gsl_rng_uniform_int(rng, eligible)];
    double alpha = 1.0 - level;
    for (size_t q = 0; q < n_periods; q++) {
        if (members[q] < 2)
            continue;
        size_t nb = 0;
        for (size_t b = 0; b < n_boot; b++) {
            double s = 0;
            size_t k = 0;
            for (size_t j = 0; j < eligible; j++) {
                double v = z[pick[b * eligible + j] * np + q];
                if (isfinite(v)) {
                    s += v;
                    k++;
                }
            }
            if (k)
                boot[nb++] = s / (double)k;
        }
        if (nb < 2)
            continue;
        gsl_sort(boot, 1, nb);
        lo[q] = gsl_stats_quantile_from_sorted_data(boot, 1, nb, alpha / 2);
        hi[q] = gsl_stats_quantile_from_sorted_data(boot, 1, nb, 1 - alpha / 2);
    }
    free(pick);
done:
    gsl_rng_free(rng);
    free(z);
    free(wt);
    free(wy);
    free(boot);
    free(draw);
    return st;
}

/* --------------------------------------------------------- displacement */

mt_status mt_crosscheck_displacement(const double *t, const double *ya, const double *yb,
                                     size_t n, const mt_crosscheck_options *opt,
                                     mt_displacement *out, mt_error *err)
{
    mt_crosscheck_options o;
    if (opt)
        o = *opt;
    else
        mt_crosscheck_options_default(&o);
    if (out == NULL)
        return mt_error_set(err, MT_EINVAL, "displacement: NULL output");
    memset(out, 0, sizeof *out);
    mt_status st = mt_crosscheck_concordance(t, ya, NULL, yb, NULL, n, &o, &out->pair, err);
    if (st != MT_OK)
        return st;
    loglin_nan(&out->share);
    loglin_nan(&out->total);
    out->share_mean = out->odds_ratio = out->odds_ratio_lo = out->odds_ratio_hi = NAN;
    out->share_pp = out->share_pp_lo = out->share_pp_hi = NAN;
    size_t nn = n ? n : 1;
    double *lg = calloc(nn, sizeof *lg), *tot = calloc(nn, sizeof *tot);
    if (lg == NULL || tot == NULL) {
        free(lg);
        free(tot);
        return mt_error_set(err, MT_ENOMEM, "displacement: out of memory");
    }
    double ssum = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        lg[i] = tot[i] = NAN;
        if (usable(ya[i]) && usable(yb[i])) {
            double s = ya[i] / (ya[i] + yb[i]);
            lg[i] = log(ya[i] / yb[i]); /* logit of the share A/(A+B) */
            tot[i] = ya[i] + yb[i];
            ssum += s;
            k++;
        }
    }
    int ok_share = line_fit(t, lg, n, o.level, 0, &out->share, NULL) == MT_OK;
    int ok_total = line_fit(t, tot, n, o.level, 1, &out->total, NULL) == MT_OK;
    free(lg);
    free(tot);
    if (k)
        out->share_mean = ssum / (double)k;
    if (ok_share) {
        out->odds_ratio = exp(out->share.slope);
        out->odds_ratio_lo = exp(out->share.slope_lo);
        out->odds_ratio_hi = exp(out->share.slope_hi);
        double dsd = 100.0 * out->share_mean * (1 - out->share_mean);
        out->share_pp = dsd * out->share.slope;
        out->share_pp_lo = dsd * out->share.slope_lo;
        out->share_pp_hi = dsd * out->share.slope_hi;
    }
    if (k < o.min_overlap || !ok_share || !ok_total) {
        out->verdict = MT_VERDICT_INCONCLUSIVE;
        out->reason = MT_REASON_TOO_FEW_PERIODS;
    } else if (out->share.direction != 0 && out->total.direction < 0) {
        out->verdict = MT_VERDICT_SHIFT_FALLING;
        out->reason = MT_REASON_SHARE_TOTAL_FALLS;
    } else if (out->share.direction < 0) {
        out->verdict = MT_VERDICT_SHIFT_A_TO_B;
        out->reason = MT_REASON_SHARE_FALLS;
    } else if (out->share.direction > 0) {
        out->verdict = MT_VERDICT_SHIFT_B_TO_A;
        out->reason = MT_REASON_SHARE_RISES;
    } else {
        out->verdict = MT_VERDICT_NO_SHIFT;
        out->reason = MT_REASON_SHARE_FLAT;
    }
    return MT_OK;
}

/* ---------------------------------------------------------------- ratio */

mt_status mt_crosscheck_ratio(const mt_expr *e, const mt_expr_input *inputs,
                              const double *params, const double *t, size_t n,
                              const mt_crosscheck_options *opt, double *value, double *se,
                              mt_ratio *out, mt_error *err)
{
    mt_crosscheck_options o;
    if (opt)
        o = *opt;
    else
        mt_crosscheck_options_default(&o);
    if (out == NULL || (n > 0 && t == NULL))
        return mt_error_set(err, MT_EINVAL, "ratio: NULL argument");
    memset(out, 0, sizeof *out);
    loglin_nan(&out->trend);
    mt_status st = mt_expr_eval(e, inputs, params, n, value, se, &out->n_divzero, err);
    if (st != MT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if (usable(value[i]) && isfinite(t[i]))
            out->n++;
    if (out->n < o.min_overlap ||
        line_fit(t, value, n, o.level, 1, &out->trend, NULL) != MT_OK) {
        out->verdict = MT_VERDICT_INCONCLUSIVE;
        out->reason = MT_REASON_TOO_FEW_PERIODS;
        return MT_OK;
    }
    out->verdict = out->trend.direction > 0   ? MT_VERDICT_RISING
                   : out->trend.direction < 0 ? MT_VERDICT_FALLING
                                              : MT_VERDICT_STABLE;
    out->reason = out->trend.direction > 0   ? MT_REASON_TREND_UP
                  : out->trend.direction < 0 ? MT_REASON_TREND_DOWN
                                             : MT_REASON_TREND_FLAT;
    return MT_OK;
}
