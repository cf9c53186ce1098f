/*
 * derive.c - population-weighted aggregates and base-100 indices with the
 * EUDA gap rules (see derive.h).
 *
 * These kernels are deliberately simple loops over aligned arrays: their
 * value lies in the missing-value policy (coverage thresholds, which values
 * were imputed and why), which is spelled out in the header and tested value
 * by value.
 */
#include "monitrend/derive.h"

#include <math.h>
#include <stdlib.h>

static mt_status check_weights(size_t n_members, const double *weights, double *total,
                               mt_error *err)
{
    double w = 0.0;
    for (size_t i = 0; i < n_members; i++) {
        double wi = weights ? weights[i] : 1.0;
        if (!isfinite(wi) || wi < 0)
            return mt_error_set(err, MT_EINVAL, "weight %zu (%g) is negative or not finite",
                                i + 1, wi);
        w += wi;
    }
    if (!(w > 0))
        return mt_error_set(err, MT_EINVAL, "the member weights sum to zero");
    *total = w;
    return MT_OK;
}

mt_status mt_derive_aggregate(size_t n_members, size_t n_periods,
                              const double *const *values, const double *const *se,
                              const double *weights, double min_coverage,
                              double *value, double *se_out, double *coverage,
                              size_t *n_present, mt_error *err)
{
    if (values == NULL || weights == NULL || value == NULL || coverage == NULL)
        return mt_error_set(err, MT_EINVAL, "aggregate: NULL values, weights or output");
    if (n_members == 0)
        return mt_error_set(err, MT_EINVAL, "aggregate: no members");
    if (!(min_coverage >= 0 && min_coverage <= 1))
        return mt_error_set(err, MT_EINVAL, "aggregate: min_coverage %g is outside [0, 1]",
                            min_coverage);
    for (size_t i = 0; i < n_members; i++)
        if (values[i] == NULL)
            return mt_error_set(err, MT_EINVAL, "aggregate: member %zu has no values", i + 1);
    double total;
    mt_status st = check_weights(n_members, weights, &total, err);
    if (st != MT_OK)
        return st;
    int any_se = 0;
    for (size_t i = 0; se && i < n_members; i++)
        if (se[i])
            any_se = 1;
    for (size_t t = 0; t < n_periods; t++) {
        double sw = 0, swy = 0;
        size_t k = 0;
        for (size_t i = 0; i < n_members; i++) {
            double y = values[i][t];
            if (!isfinite(y))
                continue;
            sw += weights[i];
            swy += weights[i] * y;
            k++;
        }
        coverage[t] = sw / total;
        if (n_present)
            n_present[t] = k;
        /* A period counts only with a positive present weight reaching the
         * threshold (a zero-weight site alone says nothing). */
        int counts = k > 0 && sw > 0 && coverage[t] >= min_coverage;
        value[t] = counts ? swy / sw : NAN;
        if (se_out) {
            se_out[t] = NAN;
            if (counts && any_se) {
                double var = 0;
                int ok = 1;
                for (size_t i = 0; i < n_members; i++) {
                    if (!isfinite(values[i][t]))
                        continue;
                    double s = se[i] ? se[i][t] : NAN;
                    if (!isfinite(s)) {
                        ok = 0;
                        break;
                    }
                    double c = weights[i] / sw;
                    var += c * c * s * s;
                }
                if (ok)
                    se_out[t] = sqrt(var);
            }
        }
    }
    return MT_OK;
}

mt_status mt_derive_index(const double *y, const double *se, size_t n, size_t base,
                          double *index, double *index_se, mt_error *err)
{
    if (y == NULL || index == NULL)
        return mt_error_set(err, MT_EINVAL, "index: NULL values or output");
    if (base >= n)
        return mt_error_set(err, MT_EINVAL, "index: base period %zu is outside the %zu periods",
                            base + 1, n);
    double yb = y[base];
    if (!isfinite(yb))
        return mt_error_set(err, MT_EINVAL, "index: the base period has no value");
    if (!(yb > 0))
        return mt_error_set(err, MT_EINVAL, "index: the base value %g is not positive", yb);
    double sb = se ? se[base] : NAN;
    for (size_t t = 0; t < n; t++) {
        index[t] = isfinite(y[t]) ? 100.0 * y[t] / yb : NAN;
        if (index_se == NULL)
            continue;
        if (se == NULL || !isfinite(index[t])) {
            index_se[t] = NAN;
        } else if (t == base) {
            index_se[t] = 0.0;
        } else {
            double st = se[t];
            index_se[t] = (isfinite(st) && isfinite(sb))
                              ? 100.0 * sqrt(st * st / (yb * yb) +
                                             y[t] * y[t] * sb * sb / (yb * yb * yb * yb))
                              : NAN;
        }
    }
    return MT_OK;
}

mt_status mt_derive_fill_euda(const double *y, size_t n, double *out, mt_fill *how,
                              int *dropped, mt_error *err)
{
    if (y == NULL || out == NULL || how == NULL || dropped == NULL)
        return mt_error_set(err, MT_EINVAL, "EUDA gap rules: NULL argument");
    if (n == 0)
        return mt_error_set(err, MT_EINVAL, "EUDA gap rules: empty series");
    size_t n_obs = 0, run = 0, longest = 0;
    for (size_t t = 0; t < n; t++) {
        out[t] = y[t];
        if (isfinite(y[t])) {
            how[t] = MT_FILL_OBSERVED;
            n_obs++;
            run = 0;
        } else {
            out[t] = NAN;
            how[t] = MT_FILL_MISSING;
            if (++run > longest)
                longest = run;
        }
    }
    *dropped = longest >= 2 || n_obs < 2;
    if (*dropped) {
        for (size_t t = 0; t < n; t++)
            out[t] = NAN;
        return MT_OK;
    }
    /* Only single gaps remain: each has observed neighbours except at ends. */
    for (size_t t = 0; t < n; t++) {
        if (how[t] != MT_FILL_MISSING)
            continue;
        if (t == 0) {
            out[t] = y[1];
            how[t] = MT_FILL_BACKFILLED;
        } else if (t == n - 1) {
            out[t] = y[n - 2];
            how[t] = MT_FILL_CARRIED;
        } else {
            out[t] = 0.5 * (y[t - 1] + y[t + 1]);
            how[t] = MT_FILL_INTERPOLATED;
        }
    }
    return MT_OK;
}

mt_status mt_derive_group_index(size_t n_members, size_t n_periods,
                                const double *const *values, const double *weights,
                                size_t base, int euda_gaps, double min_coverage,
                                double *index, double *coverage, mt_fill *how,
                                int *dropped, mt_error *err)
{
    if (values == NULL || index == NULL || coverage == NULL)
        return mt_error_set(err, MT_EINVAL, "group index: NULL values or output");
    if (n_members == 0)
        return mt_error_set(err, MT_EINVAL, "group index: no members");
    if (n_periods == 0 || base >= n_periods)
        return mt_error_set(err, MT_EINVAL, "group index: base period %zu is outside the %zu periods",
                            base + 1, n_periods);
    if (!(min_coverage >= 0 && min_coverage <= 1))
        return mt_error_set(err, MT_EINVAL, "group index: min_coverage %g is outside [0, 1]",
                            min_coverage);
    for (size_t i = 0; i < n_members; i++)
        if (values[i] == NULL)
            return mt_error_set(err, MT_EINVAL, "group index: member %zu has no values", i + 1);
    double total;
    mt_status st = check_weights(n_members, weights, &total, err);
    if (st != MT_OK)
        return st;
    double *filled = malloc(n_members * n_periods * sizeof *filled);
    mt_fill *h = malloc(n_members * n_periods * sizeof *h);
    int *drop = malloc(n_members * sizeof *drop);
    if (filled == NULL || h == NULL || drop == NULL) {
        free(filled);
        free(h);
        free(drop);
        return mt_error_set(err, MT_ENOMEM, "group index: out of memory");
    }
    size_t kept = 0;
    for (size_t i = 0; i < n_members; i++) {
        double *f = filled + i * n_periods;
        mt_fill *hi = h + i * n_periods;
        if (euda_gaps) {
            mt_derive_fill_euda(values[i], n_periods, f, hi, &drop[i], NULL);
        } else {
            drop[i] = 0;
            for (size_t t = 0; t < n_periods; t++) {
                f[t] = values[i][t];
                hi[t] = isfinite(f[t]) ? MT_FILL_OBSERVED : MT_FILL_MISSING;
            }
        }
        double yb = f[base];
        if (!drop[i] && !(isfinite(yb) && yb > 0))
            drop[i] = 1;
        if (drop[i]) {
            for (size_t t = 0; t < n_periods; t++)
                f[t] = NAN;
            continue;
        }
        kept++;
        for (size_t t = 0; t < n_periods; t++)
            f[t] = isfinite(f[t]) ? 100.0 * f[t] / yb : NAN;
    }
    for (size_t t = 0; t < n_periods; t++) {
        double sw = 0, swy = 0;
        for (size_t i = 0; i < n_members; i++) {
            double v = filled[i * n_periods + t];
            double wi = weights ? weights[i] : 1.0;
            if (!isfinite(v))
                continue;
            sw += wi;
            swy += wi * v;
        }
        coverage[t] = sw / total;
        index[t] = (sw > 0 && coverage[t] >= min_coverage) ? swy / sw : NAN;
    }
    if (how)
        for (size_t k = 0; k < n_members * n_periods; k++)
            how[k] = h[k];
    if (dropped)
        for (size_t i = 0; i < n_members; i++)
            dropped[i] = drop[i];
    free(filled);
    free(h);
    free(drop);
    if (kept == 0)
        return mt_error_set(err, MT_ETOOFEW,
                            "group index: every member was dropped (gaps or no base value)");
    return MT_OK;
}
