/*
 * mannkendall.c - Mann-Kendall test with the ties correction, exact
 * permutation p-values for small untied samples, Kendall's tau-a and tau-b,
 * the Hamed-Rao (1998) correction of Var(S) for autocorrelation, and Sen's
 * (1968) slope over real time with the Gilbert (1987) rank-based interval.
 *
 * Conventions follow the common implementations so that a reviewer can
 * reproduce the numbers: Z with continuity correction and the Hamed-Rao
 * detrending/ACF as in pymannkendall's hamed_rao_modification_test (ranks of
 * the series detrended by Sen's slope, lags whose autocorrelation lies
 * outside +/- z_{1-alpha/2}/sqrt(n)); the Sen interval ranks as in R's
 * trend::sens.slope (round((N'-C)/2) and round((N'+C)/2 + 1), R's round
 * being half-to-even like nearbyint).  The reference transcript is
 * tests/reference/trend/mannkendall_ref.out.
 */
#include "monitrend/mannkendall.h"
#include "monitrend/smallstat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

static void result_nan(mt_mk_result *r)
{
    const double nan = NAN;
    memset(r, 0, sizeof *r);
    r->s = r->var_s0 = r->var_s = r->z = r->p = nan;
    r->p_method = MT_MK_P_NORMAL;
    r->tau_a = r->tau_b = r->hr_factor = nan;
    r->sen_slope = r->sen_intercept = r->sen_lo = r->sen_hi = nan;
    r->sen_pct = r->sen_pct_lo = r->sen_pct_hi = nan;
    r->note = MT_MK_NOTE_NONE;
}

static int sgn(double d)
{
    return (d > 0) - (d < 0);
}

double mt_mk_exact_p(size_t n, double s)
{
    /* cnt[k] = number of permutations of n items with k inversions, built
     * up by inserting item m into m positions: I_m(k) = sum_{j=0}^{m-1}
     * I_{m-1}(k - j).  A permutation with k inversions has S = N - 2k. */
    enum { NMAX = 20, KMAX = NMAX * (NMAX - 1) / 2 };
    double cnt[KMAX + 1], next[KMAX + 1];
    if (n < 3 || n > NMAX || !isfinite(s))
        return NAN;
    long N = (long)(n * (n - 1) / 2);
    long si = (long)s;
    if ((double)si != s || si > N || si < -N || ((N - si) % 2) != 0)
        return NAN;
    memset(cnt, 0, sizeof cnt);
    cnt[0] = 1;
    long kmax = 0;
    for (long m = 2; m <= (long)n; m++) {
        long nk = kmax + m - 1;
        for (long k = 0; k <= nk; k++) {
            double acc = 0;
            for (long j = 0; j < m && j <= k; j++)
                if (k - j <= kmax)
                    acc += cnt[k - j];
            next[k] = acc;
        }
        kmax = nk;
        memcpy(cnt, next, (size_t)(kmax + 1) * sizeof cnt[0]);
    }
    long k = (N - si) / 2;
    long kmin = k < N - k ? k : N - k;
    double tail = 0, total = 0;
    for (long i = 0; i <= N; i++) {
        total += cnt[i];
        if (i <= kmin)
            tail += cnt[i];
    }
    double p = 2.0 * tail / total;
    return p > 1.0 ? 1.0 : p;
}

mt_status mt_mk_test(const double *t, const double *y, size_t n, const mt_mk_opts *opts,
                     mt_mk_result *res, mt_error *err)
{
    mt_mk_opts def = {0, 0, 0, 0.05, 0.95};
    if (!res)
        return mt_error_set(err, MT_EINVAL, "mann-kendall: result is NULL");
    result_nan(res);
    if (!opts)
        opts = &def;
    if ((!t || !y) && n > 0)
        return mt_error_set(err, MT_EINVAL, "mann-kendall: t or y is NULL");
    double level = opts->level == 0 ? 0.95 : opts->level;
    double acf_alpha = opts->acf_alpha == 0 ? 0.05 : opts->acf_alpha;
    if (!(level > 0 && level < 1) || !(acf_alpha > 0 && acf_alpha < 1))
        return mt_error_set(err, MT_EINVAL, "mann-kendall: level %g or acf_alpha %g not in (0, 1)",
                            level, acf_alpha);
    if (n < 3)
        return mt_error_set(err, MT_ETOOFEW, "mann-kendall: %zu points; at least 3 needed", n);
    if (n > MT_MK_MAX_N)
        return mt_error_set(err, MT_ELIMIT, "mann-kendall: %zu points; at most %d", n, MT_MK_MAX_N);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !isfinite(y[i]))
            return mt_error_set(err, MT_ENONFINITE, "mann-kendall: point %zu is not finite", i);
        if (i > 0 && !(t[i] > t[i - 1]))
            return mt_error_set(err, MT_EINVAL,
                                "mann-kendall: times must be strictly increasing, t[%zu] = %.17g after %.17g",
                                i, t[i], t[i - 1]);
        if (opts->log_scale && !(y[i] > 0))
            return mt_error_set(err, MT_EINVAL,
                                "mann-kendall: log scale needs positive values, y[%zu] = %.17g", i, y[i]);
    }

    size_t npairs = n * (n - 1) / 2;
    double *z = malloc(n * sizeof *z);
    double *rk = malloc(n * sizeof *rk);
    double *slopes = malloc(npairs * sizeof *slopes);
    size_t *idx = malloc(n * sizeof *idx);
    mt_status st = MT_OK;
    if (!z || !rk || !slopes || !idx) {
        st = mt_error_set(err, MT_ENOMEM, "mann-kendall: out of memory for %zu points", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        z[i] = opts->log_scale ? log(y[i]) : y[i];

    /* S and the tie groups (on y: ln is monotone, so the same on z) */
    double s = 0;
    for (size_t i = 0; i + 1 < n; i++)
        for (size_t j = i + 1; j < n; j++)
            s += sgn(y[j] - y[i]);
    memcpy(rk, y, n * sizeof *rk);
    gsl_sort(rk, 1, n);
    double nd = (double)n, N0 = nd * (nd - 1) / 2, tiesum = 0, n1 = 0;
    size_t n_tied = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && rk[j + 1] == rk[i])
            j++;
        double g = (double)(j - i + 1);
        if (g > 1) {
            tiesum += g * (g - 1) * (2 * g + 5);
            n1 += g * (g - 1) / 2;
            n_tied += j - i + 1;
        }
        i = j + 1;
    }
    if (n_tied == n && n1 == N0) {
        st = mt_error_set(err, MT_ESINGULAR, "mann-kendall: all %zu values are equal", n);
        goto done;
    }
    res->n = n;
    res->s = s;
    res->n_tied = n_tied;
    res->var_s0 = (nd * (nd - 1) * (2 * nd + 5) - tiesum) / 18.0;
    res->var_s = res->var_s0;
    res->tau_a = s / N0;
    res->tau_b = s / sqrt(N0 * (N0 - n1));

    /* Sen's slope over real time: all pairs, t strictly increasing */
    {
        size_t k = 0;
        for (size_t i = 0; i + 1 < n; i++)
            for (size_t j = i + 1; j < n; j++)
                slopes[k++] = (z[j] - z[i]) / (t[j] - t[i]);
        gsl_sort(slopes, 1, npairs);
        res->n_slopes = npairs;
        res->sen_slope = gsl_stats_median_from_sorted_data(slopes, 1, npairs);
        /* intercept as scipy.stats.theilslopes (Conover): median(z) - slope median(t) */
        memcpy(rk, z, n * sizeof *rk);
        gsl_sort(rk, 1, n);
        double mz = gsl_stats_median_from_sorted_data(rk, 1, n);
        double mt = gsl_stats_median_from_sorted_data(t, 1, n); /* t is sorted */
        res->sen_intercept = mz - res->sen_slope * mt;
    }

    /* Hamed-Rao: ranks of the Sen-detrended series, their ACF, and the
     * effective-sample-size factor from the significant lags. */
    res->hr_factor = NAN;
    if (opts->hamed_rao) {
        double *d = malloc(n * sizeof *d);
        if (!d) {
            st = mt_error_set(err, MT_ENOMEM, "mann-kendall: out of memory for %zu points", n);
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            d[i] = z[i] - res->sen_slope * t[i];
        mt_average_ranks(d, n, idx, rk);
        free(d);
        double mean = (nd + 1) / 2, c0 = 0;
        for (size_t i = 0; i < n; i++)
            c0 += (rk[i] - mean) * (rk[i] - mean);
        double bound = gsl_cdf_ugaussian_Pinv(1 - acf_alpha / 2) / sqrt(nd);
        size_t maxlag = opts->max_lag == 0 || opts->max_lag > n - 1 ? n - 1 : opts->max_lag;
        double sum = 0;
        size_t used = 0;
        for (size_t lag = 1; lag <= maxlag; lag++) {
            double ck = 0;
            for (size_t i = 0; i + lag < n; i++)
                ck += (rk[i] - mean) * (rk[i + lag] - mean);
            double r = ck / c0;
            if (r > bound || r < -bound) {
                double m = (double)(n - lag);
                sum += m * (m - 1) * (m - 2) * r;
                used++;
            }
        }
        double factor = 1 + 2 / (nd * (nd - 1) * (nd - 2)) * sum;
        res->hr_factor = factor;
        res->hr_lags = used;
        if (factor > 0 && isfinite(factor)) {
            res->var_s = res->var_s0 * factor;
            res->hr_applied = 1;
        } else {
            /* Strong negative autocorrelation estimates can push n/n* to or
             * below zero; a variance <= 0 has no meaning, so keep the
             * uncorrected Var(S) and say so. */
            res->hr_guarded = 1;
            res->note = MT_MK_NOTE_HAMED_RAO_UNCORRECTED;
        }
    }

    res->z = s > 0 ? (s - 1) / sqrt(res->var_s) : s < 0 ? (s + 1) / sqrt(res->var_s) : 0.0;
    if (n <= MT_MK_EXACT_MAX_N && n_tied == 0 && !res->hr_applied) {
        res->p = mt_mk_exact_p(n, s);
        res->p_method = MT_MK_P_EXACT;
    } else {
        res->p = 2.0 * gsl_cdf_ugaussian_Q(fabs(res->z));
        if (res->p > 1)
            res->p = 1;
        res->p_method = MT_MK_P_NORMAL;
    }

    /* Sen CI (Gilbert 1987, 16.5; ranks as trend::sens.slope) from the
     * tie-corrected Var(S) before any autocorrelation correction. */
    if (n >= 4) {
        double C = gsl_cdf_ugaussian_Pinv(0.5 + level / 2) * sqrt(res->var_s0);
        double np = (double)npairs;
        double m1 = nearbyint((np - C) / 2), m2 = nearbyint((np + C) / 2 + 1);
        if (m1 < 1) {
            m1 = 1;
            res->sen_ci_clamped = 1;
        }
        if (m2 > np) {
            m2 = np;
            res->sen_ci_clamped = 1;
        }
        res->sen_lo = slopes[(size_t)m1 - 1];
        res->sen_hi = slopes[(size_t)m2 - 1];
        res->sen_ci_defined = 1;
        if (res->sen_ci_clamped && !res->hr_guarded)
            res->note = MT_MK_NOTE_SEN_CI_CLAMPED;
    } else if (!res->hr_guarded) {
        res->note = MT_MK_NOTE_SEN_CI_TOO_FEW;
    }
    if (opts->log_scale) {
        res->sen_pct = 100 * expm1(res->sen_slope);
        res->sen_pct_lo = 100 * expm1(res->sen_lo);
        res->sen_pct_hi = 100 * expm1(res->sen_hi);
    }

    if (!isfinite(res->z) || !isfinite(res->p) || !isfinite(res->sen_slope) ||
        !isfinite(res->tau_b) || !isfinite(res->sen_intercept) ||
        (res->sen_ci_defined && (!isfinite(res->sen_lo) || !isfinite(res->sen_hi)))) {
        st = mt_error_set(err, MT_ENONFINITE, "mann-kendall: an estimate is not finite");
        goto done;
    }
    st = MT_OK;
done:
    free(idx);
    free(slopes);
    free(rk);
    free(z);
    if (st != MT_OK)
        result_nan(res);
    return st;
}
