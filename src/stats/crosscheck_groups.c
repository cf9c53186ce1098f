/*
 * crosscheck_groups.c - the cross-checks other than concordance (see
 * crosscheck.h and docs/methods-crosscheck.md): availability (the direction
 * of a group of signed indicators, with a bootstrap interval), displacement
 * (a shift between two shares of one total) and ratio (a derived expression
 * with its trend).
 */
#include "monitrend/crosscheck.h"
#include "crosscheck_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

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
            if (cc_usable(values[i][q]) && isfinite(t[q])) {
                wt[k] = t[q];
                wy[k] = values[i][q];
                k++;
            }
        if (k < 3 || mt_crosscheck_loglinear(wt, wy, k, level, &out->recent[i], NULL) != MT_OK) {
            cc_loglin_nan(&out->recent[i]);
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
            if (cc_usable(values[i][q]))
                wy[k++] = log(values[i][q]);
        double mean = k ? gsl_stats_mean(wy, 1, k) : NAN;
        double sd = k >= 2 ? gsl_stats_sd_m(wy, 1, k, mean) : NAN;
        out->in_composite[i] = k >= 2 && sd > 0;
        for (size_t q = 0; q < n_periods; q++)
            zi[q] = (out->in_composite[i] && cc_usable(values[i][q]))
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
    cc_loglin_nan(&out->share);
    cc_loglin_nan(&out->total);
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
        if (cc_usable(ya[i]) && cc_usable(yb[i])) {
            double s = ya[i] / (ya[i] + yb[i]);
            lg[i] = log(ya[i] / yb[i]); /* logit of the share A/(A+B) */
            tot[i] = ya[i] + yb[i];
            ssum += s;
            k++;
        }
    }
    int ok_share = mt_crosscheck_linear(t, lg, n, o.level, &out->share, NULL) == MT_OK;
    int ok_total = mt_crosscheck_loglinear(t, tot, n, o.level, &out->total, NULL) == MT_OK;
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
    cc_loglin_nan(&out->trend);
    mt_status st = mt_expr_eval(e, inputs, params, n, value, se, &out->n_divzero, err);
    if (st != MT_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if (cc_usable(value[i]) && isfinite(t[i]))
            out->n++;
    if (out->n < o.min_overlap ||
        mt_crosscheck_loglinear(t, value, n, o.level, &out->trend, NULL) != MT_OK) {
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
