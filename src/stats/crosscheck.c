/*
 * crosscheck.c - concordance cross-checks (see crosscheck.h and
 * docs/methods-crosscheck.md), the options and the verdict names.
 *
 * The cross-checks are in four files: the small statistics they share
 * (crosscheck_stats.c: straight-line OLS, correlations, the sign test,
 * Yule-Walker AR fits and autocovariances with R's conventions); alignment
 * of series on a common grid (crosscheck_align.c); the concordance of two
 * series with its verdict rule (here); availability, displacement and ratio
 * (crosscheck_groups.c).  The verdict rules as tables are crossverdict.c.
 */
#include "monitrend/crosscheck.h"
#include "crosscheck_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

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

/* ---------------------------------------------------------- concordance */

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
                    ? cc_ar_yule_walker(fa + best_s, best_len, o->max_ar, c->ar)
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
    double ma = cc_finite_mean(fa, m, &ka), mb = cc_finite_mean(fb, m, &kb);
    if (m < 3 || ka < 3 || kb < 3)
        return;
    double ca = cc_cross_cov(fa, fa, m, ma, ma, 0), cb = cc_cross_cov(fb, fb, m, mb, mb, 0);
    if (!(ca > 0) || !(cb > 0))
        return;
    double best = -1;
    for (int k = -(int)o->max_lag; k <= (int)o->max_lag; k++) {
        if ((size_t)abs(k) >= m)
            continue;
        double r = cc_cross_cov(fa, fb, m, ma, mb, k) / sqrt(ca * cb);
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
    cc_loglin_nan(&c->a);
    cc_loglin_nan(&c->b);
    cc_corr_nan(&c->r_levels);
    cc_corr_nan(&c->r_diff);
    cc_corr_nan(&c->rho_levels);
    cc_corr_nan(&c->rho_diff);
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
        int both = cc_usable(ya[i]) && cc_usable(yb[i]) && isfinite(t[i]);
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
    mt_status sa = mt_crosscheck_loglinear(ta, ya, n, o.level, &c->a, NULL);
    mt_status sb = mt_crosscheck_loglinear(ta, yb, n, o.level, &c->b, NULL);
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
    if (k >= 4 && mt_crosscheck_linear(la, lb, n, o.level, &reg, NULL) == MT_OK && reg.sse > 0) {
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
