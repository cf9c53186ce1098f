/*
 * season.c - trend net of seasonal terms (season.h).
 */
#include "monitrend/season.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multifit.h>

mt_season_kind mt_season_resolve(const mt_season_spec *s, int per_year)
{
    if (per_year <= 1)
        return MT_SEASON_NONE;
    if (s == NULL || s->kind == MT_SEASON_DEFAULT)
        return per_year == 4 || per_year == 12 ? MT_SEASON_DUMMIES : MT_SEASON_NONE;
    return s->kind;
}

int mt_season_index(double t, int per_year)
{
    double frac = t - floor(t);
    int k = (int)floor(frac * per_year + 1e-6);
    return k < 0 ? 0 : k >= per_year ? per_year - 1 : k;
}

/* Seasonal columns of time t into row (q values). */
static void season_row(mt_season_kind kind, int K, int per_year, double t, double *row)
{
    if (kind == MT_SEASON_DUMMIES) {
        const int s = mt_season_index(t, per_year);
        for (int m = 1; m < per_year; m++)
            row[m - 1] = s == m ? 1.0 : 0.0;
    } else {
        /* phase from the season's own index, so that every month has the
         * same value whatever day the decimal time points to */
        const double ph = (double)mt_season_index(t, per_year) / per_year;
        for (int k = 1; k <= K; k++) {
            row[2 * (k - 1)] = sin(2.0 * M_PI * k * ph);
            row[2 * (k - 1) + 1] = cos(2.0 * M_PI * k * ph);
        }
    }
}

mt_status mt_season_trend(const double *t, const double *z, const double *w, size_t n,
                          const double *jumps, size_t n_jumps, const mt_season_spec *spec,
                          int per_year, double alpha, mt_season_fit *out, double *seasonal,
                          mt_error *err)
{
    if (!t || !z || !out || (n_jumps && !jumps))
        return mt_error_set(err, MT_EINVAL, "season: NULL argument");
    const mt_season_kind kind = mt_season_resolve(spec, per_year);
    const int K = spec ? spec->harmonics : 0;
    size_t q;
    if (kind == MT_SEASON_DUMMIES)
        q = (size_t)per_year - 1;
    else if (kind == MT_SEASON_FOURIER) {
        if (K < 1 || 2 * K >= per_year)
            return mt_error_set(err, MT_EINVAL, "season: fourier %d needs 1 <= K < %d/2", K, per_year);
        q = 2 * (size_t)K;
    } else {
        return mt_error_set(err, MT_EINVAL, "season: no seasonal terms at %d periods a year", per_year);
    }
    if (q > MT_SEASON_MAX_COLS)
        return mt_error_set(err, MT_EINVAL, "season: %zu seasonal columns (at most %d)", q,
                            MT_SEASON_MAX_COLS);
    const size_t p = 2 + n_jumps + q;
    if (n <= p)
        return mt_error_set(err, MT_ETOOFEW, "season: %zu points for %zu coefficients", n, p);
    double tc = 0.0;
    for (size_t i = 0; i < n; i++)
        tc += t[i] / (double)n;
    gsl_matrix *X = gsl_matrix_alloc(n, p), *cov = gsl_matrix_alloc(p, p);
    gsl_vector *y = gsl_vector_alloc(n), *wv = gsl_vector_alloc(n), *c = gsl_vector_alloc(p);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);
    mt_status st = MT_OK;
    if (!X || !cov || !y || !wv || !c || !ws) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    double row[MT_SEASON_MAX_COLS];
    for (size_t i = 0; i < n; i++) {
        gsl_matrix_set(X, i, 0, 1.0);
        gsl_matrix_set(X, i, 1, t[i] - tc);
        for (size_t m = 0; m < n_jumps; m++)
            gsl_matrix_set(X, i, 2 + m, t[i] >= jumps[m] - 1e-9 ? 1.0 : 0.0);
        season_row(kind, K, per_year, t[i], row);
        for (size_t j = 0; j < q; j++)
            gsl_matrix_set(X, i, 2 + n_jumps + j, row[j]);
        gsl_vector_set(y, i, z[i]);
        gsl_vector_set(wv, i, w ? w[i] : 1.0);
    }
    double chisq;
    size_t rank;
    /* SVD with a relative tolerance: a season never observed (or a jump
     * that coincides with one) shows as a lost rank */
    if (gsl_multifit_wlinear_tsvd(X, wv, y, 1e-12, c, cov, &chisq, &rank, ws) != 0 || rank < p) {
        st = mt_error_set(err, MT_ESINGULAR, "season: the seasonal design has no full rank "
                                             "(a season without data?)");
        goto out;
    }
    memset(out, 0, sizeof *out);
    out->n = n;
    out->p = p;
    out->n_season_cols = q;
    out->tc = tc;
    out->df = (double)(n - p);
    out->sse = chisq;
    const double s2 = chisq / out->df;
    out->intercept_c = gsl_vector_get(c, 0);
    out->slope = gsl_vector_get(c, 1);
    /* gsl_multifit_wlinear returns (X'WX)^-1 without sigma^2: scale it as R's vcov */
    out->slope_se = sqrt(s2 * gsl_matrix_get(cov, 1, 1));
    const double qt = gsl_cdf_tdist_Qinv(alpha / 2.0, out->df);
    out->slope_lo = out->slope - qt * out->slope_se;
    out->slope_hi = out->slope + qt * out->slope_se;
    out->p_slope = 2.0 * gsl_cdf_tdist_Q(fabs(out->slope / out->slope_se), out->df);
    if (seasonal) {
        /* component of each season, centred over one cycle */
        double comp[MT_SEASON_MAX_COLS + 64], mean = 0.0;
        const int ns = per_year <= MT_SEASON_MAX_COLS + 64 ? per_year : MT_SEASON_MAX_COLS + 64;
        for (int s = 0; s < ns; s++) {
            season_row(kind, K, per_year, ((double)s + 0.5) / per_year, row);
            double v = 0.0;
            for (size_t j = 0; j < q; j++)
                v += row[j] * gsl_vector_get(c, 2 + n_jumps + j);
            comp[s] = v;
            mean += v / ns;
        }
        for (size_t i = 0; i < n; i++)
            seasonal[i] = comp[mt_season_index(t[i], per_year)] - mean;
    }
out:
    gsl_matrix_free(X);
    gsl_matrix_free(cov);
    gsl_vector_free(y);
    gsl_vector_free(wv);
    gsl_vector_free(c);
    gsl_multifit_linear_free(ws);
    return st;
}
