/*
 * season.c - seasonal design columns and the trend fit with seasonal terms
 * (see season.h).  The joinpoint and break models use them through
 * season_models.c.
 */
#include "monitrend/season.h"
#include "trend_infer.h"
#include "monitrend/gslerr.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_vector.h>

mt_status mt_season_parse(const char *text, mt_season_spec *out, mt_error *err)
{
    mt_season_spec s = {MT_SEASON_AUTO, 0};
    if (text == NULL || out == NULL)
        return mt_error_set(err, MT_EINVAL, "season: NULL argument");
    if (!strcmp(text, "auto"))
        s.kind = MT_SEASON_AUTO;
    else if (!strcmp(text, "none"))
        s.kind = MT_SEASON_NONE;
    else if (!strcmp(text, "dummies"))
        s.kind = MT_SEASON_DUMMIES;
    else if (!strncmp(text, "fourier", 7) && (text[7] == '\0' || text[7] == ' ')) {
        s.kind = MT_SEASON_FOURIER;
        const char *p = text + 7;
        while (*p == ' ')
            p++;
        if (*p) {
            char *end;
            long k = strtol(p, &end, 10);
            if (!isdigit((unsigned char)*p) || *end != '\0' || k < 1 || k > MT_SEASON_MAX_K)
                return mt_error_set(err, MT_EINVAL,
                                    "season '%s': expected 'fourier K' with K from 1 to %d", text,
                                    MT_SEASON_MAX_K);
            s.k = (int)k;
        }
    } else {
        return mt_error_set(err, MT_EINVAL,
                            "season '%s': expected none, dummies, fourier, fourier K or auto", text);
    }
    *out = s;
    return MT_OK;
}

void mt_season_format(const mt_season_spec *s, char *buf, size_t len)
{
    switch (s->kind) {
    case MT_SEASON_AUTO: snprintf(buf, len, "auto"); break;
    case MT_SEASON_NONE: snprintf(buf, len, "none"); break;
    case MT_SEASON_DUMMIES: snprintf(buf, len, "dummies"); break;
    case MT_SEASON_FOURIER:
        if (s->k > 0)
            snprintf(buf, len, "fourier %d", s->k);
        else
            snprintf(buf, len, "fourier");
        break;
    }
}

/* Seasons per year on a regular grid: 12, 4, 52 (weeks, nominal), 0 else. */
static int seasons_of(mt_freq f)
{
    switch (f) {
    case MT_FREQ_MONTH: return 12;
    case MT_FREQ_QUARTER: return 4;
    case MT_FREQ_WEEK: return 52;
    default: return 0;
    }
}

mt_status mt_season_resolve(const mt_season_spec *req, mt_freq f, mt_season_spec *out,
                            mt_error *err)
{
    mt_season_spec s = *req;
    int S = seasons_of(f);
    if (s.kind == MT_SEASON_AUTO) {
        if (f == MT_FREQ_MONTH || f == MT_FREQ_QUARTER)
            s.kind = MT_SEASON_DUMMIES;
        else if (f == MT_FREQ_WEEK)
            s.kind = MT_SEASON_FOURIER;
        else
            s.kind = MT_SEASON_NONE;
    }
    if (s.kind != MT_SEASON_NONE && S == 0) {
        /* an explicit season on annual or daily data */
        if (req->kind == MT_SEASON_AUTO) {
            s.kind = MT_SEASON_NONE;
        } else {
            return mt_error_set(err, MT_EINVAL, "season: a %s series has no seasonal terms",
                                mt_freq_name(f));
        }
    }
    if (s.kind == MT_SEASON_DUMMIES && f == MT_FREQ_WEEK)
        return mt_error_set(err, MT_EINVAL,
                            "season: dummies need a monthly or quarterly series; use fourier K for weeks");
    if (s.kind == MT_SEASON_FOURIER) {
        if (s.k == 0)
            s.k = f == MT_FREQ_WEEK ? MT_SEASON_WEEK_K : S / 2;
        if (2 * s.k > S)
            return mt_error_set(err, MT_EINVAL, "season: fourier %d needs K <= %d for a %s series",
                                s.k, S / 2, mt_freq_name(f));
    }
    if (s.kind != MT_SEASON_FOURIER)
        s.k = 0;
    *out = s;
    return MT_OK;
}

mt_status mt_season_design(const mt_season_spec *s, mt_freq f, const int *season,
                           const double *t, size_t n, double *X, size_t *ncol, mt_error *err)
{
    int S = seasons_of(f);
    *ncol = 0;
    if (s->kind == MT_SEASON_NONE || s->kind == MT_SEASON_AUTO)
        return MT_OK;
    if (s->kind == MT_SEASON_DUMMIES) {
        size_t count[12] = {0};
        if (S != 12 && S != 4)
            return mt_error_set(err, MT_EINVAL, "season: dummies need a monthly or quarterly series");
        for (size_t i = 0; i < n; i++) {
            if (season[i] < 0 || season[i] >= S)
                return mt_error_set(err, MT_EINVAL, "season: season %d of point %zu out of range",
                                    season[i] + 1, i);
            count[season[i]]++;
        }
        for (int c = 0; c < S; c++)
            if (count[c] == 0)
                return mt_error_set(err, MT_ESINGULAR,
                                    "season: no observation in %s %d, so its dummy cannot be estimated",
                                    S == 12 ? "month" : "quarter", c + 1);
        size_t p = (size_t)S - 1;
        for (size_t i = 0; i < n; i++)
            for (size_t c = 0; c < p; c++)
                X[i * p + c] = season[i] == S - 1 ? -1.0 : season[i] == (int)c ? 1.0 : 0.0;
        *ncol = p;
        return MT_OK;
    }
    /* fourier: the sine of the Nyquist harmonic vanishes on a regular grid */
    int K = s->k;
    size_t p = 0;
    for (int k = 1; k <= K; k++)
        p += (2 * k == S) ? 1 : 2;
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        double ph = t[i] - floor(t[i]); /* phase in the year; keeps sin() argument small */
        for (int k = 1; k <= K; k++) {
            double a = 2.0 * M_PI * k * ph;
            if (2 * k != S)
                X[i * p + c++] = sin(a);
            X[i * p + c++] = cos(a);
        }
    }
    *ncol = p;
    return MT_OK;
}

mt_status mt_season_wls(const double *B, size_t pb, const double *S, size_t ps, const double *z,
                        const double *w, size_t n, double *coef, double *xtxi, double *sse,
                        mt_error *err)
{
    size_t p = pb + ps;
    if (n <= p)
        return mt_error_set(err, MT_ETOOFEW, "season: %zu points for %zu parameters", n, p);
    gsl_matrix *X = gsl_matrix_alloc(n, p);
    gsl_vector *y = gsl_vector_alloc(n);
    gsl_vector *wv = gsl_vector_alloc(n);
    gsl_vector *c = gsl_vector_alloc(p);
    gsl_matrix *C = gsl_matrix_alloc(p, p);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);
    mt_status st = MT_OK;
    if (!X || !y || !wv || !c || !C || !ws) {
        st = mt_error_set(err, MT_ENOMEM, "season: out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < pb; k++)
            gsl_matrix_set(X, i, k, B[i * pb + k]);
        for (size_t k = 0; k < ps; k++)
            gsl_matrix_set(X, i, pb + k, S[i * ps + k]);
        gsl_vector_set(y, i, z[i]);
        gsl_vector_set(wv, i, w ? w[i] : 1.0);
    }
    double chisq;
    size_t rank;
    int gs = mt_gsl_wlinear_tsvd(X, wv, y, MT_TREND_RANK_TOL, c, C, &chisq, &rank, ws);
    if (gs == GSL_ENOMEM) {
        st = mt_error_set(err, MT_ENOMEM, "season: out of memory in the least-squares fit");
        goto done;
    }
    if (gs != GSL_SUCCESS || rank < p) {
        st = mt_error_set(err, MT_ESINGULAR,
                          "season: the design with seasonal terms is singular (rank %zu of %zu)",
                          gs == GSL_SUCCESS ? rank : 0, p);
        goto done;
    }
    for (size_t k = 0; k < p; k++) {
        coef[k] = gsl_vector_get(c, k);
        for (size_t l = 0; l < p; l++)
            xtxi[k * p + l] = gsl_matrix_get(C, k, l);
    }
    /* the residual sum of squares from the residuals, not GSL's chisq, so
     * that it is the same sum every caller computes */
    double s2 = 0;
    for (size_t i = 0; i < n; i++) {
        double f = 0;
        for (size_t k = 0; k < p; k++)
            f += gsl_matrix_get(X, i, k) * coef[k];
        double e = z[i] - f;
        s2 += (w ? w[i] : 1.0) * e * e;
    }
    *sse = s2;
done:
    gsl_multifit_linear_free(ws);
    gsl_matrix_free(C);
    gsl_vector_free(c);
    gsl_vector_free(wv);
    gsl_vector_free(y);
    gsl_matrix_free(X);
    return st;
}

mt_status mt_season_trend_fit(const double *t, const double *y, const double *se, size_t n,
                              const mt_trend_opts *opts, const double *S, size_t ps,
                              mt_trend_result *res, double *gamma, mt_error *err)
{
    /* The plain fit validates the inputs, chooses the scale and fills the
     * fields that do not depend on the seasonal terms (t_center, jump
     * times, scale); its estimates are then replaced. */
    mt_trend_opts def = {.scale = MT_SCALE_AUTO, .level = 0.95};
    if (opts == NULL)
        opts = &def;
    mt_status st = mt_trend_fit(t, y, se, n, opts, res, err);
    if (st != MT_OK || ps == 0)
        return st;
    size_t pb = res->n_params, p = pb + ps;
    if (n <= p) {
        st = mt_error_set(err, MT_ETOOFEW, "trend: %zu points for %zu parameters with seasons", n, p);
        goto fail;
    }
    double *B = malloc(n * pb * sizeof *B), *z = malloc(n * sizeof *z), *w = NULL;
    double *coef = malloc(p * sizeof *coef), *V = malloc(p * p * sizeof *V);
    if (se)
        w = malloc(n * sizeof *w);
    if (!B || !z || !coef || !V || (se && !w)) {
        free(B), free(z), free(w), free(coef), free(V);
        st = mt_error_set(err, MT_ENOMEM, "trend: out of memory");
        goto fail;
    }
    int log_scale = res->scale == MT_SCALE_LOG;
    for (size_t i = 0; i < n; i++) {
        z[i] = log_scale ? log(y[i]) : y[i];
        if (w) {
            double v = log_scale && !opts->se_analysis_scale ? (se[i] / y[i]) * (se[i] / y[i])
                                                             : se[i] * se[i];
            w[i] = 1.0 / v;
        }
        B[i * pb] = 1.0;
        B[i * pb + 1] = t[i] - res->t_center;
        for (size_t j = 0; j < res->n_jumps; j++)
            B[i * pb + 2 + j] = t[i] >= res->jump_t[j] ? 1.0 : 0.0;
    }
    double sse;
    st = mt_season_wls(B, pb, S, ps, z, w, n, coef, V, &sse, err);
    if (st == MT_OK) {
        double df = (double)(n - p);
        double s2 = sse / df;
        res->df = n - p;
        for (size_t k = 0; k < pb; k++)
            for (size_t l = 0; l < pb; l++)
                res->cov_centered[k * pb + l] = s2 * V[k * p + l];
        /* the seasonal fits are least squares: t intervals also for counts */
        mt_trend_infer(res, coef, pb, df, res->level, 0, log_scale);
        if (gamma)
            for (size_t k = 0; k < ps; k++)
                gamma[k] = coef[pb + k];
        /* R^2, sigma and Durbin-Watson of the full model (seasons included) */
        double sw = 0, swf = 0;
        double *fit = malloc(n * sizeof *fit);
        if (!fit) {
            st = mt_error_set(err, MT_ENOMEM, "trend: out of memory");
        } else {
            for (size_t i = 0; i < n; i++) {
                double v = 0;
                for (size_t k = 0; k < pb; k++)
                    v += B[i * pb + k] * coef[k];
                for (size_t k = 0; k < ps; k++)
                    v += S[i * ps + k] * coef[pb + k];
                fit[i] = v;
                double wi = w ? w[i] : 1.0;
                sw += wi;
                swf += wi * v;
            }
            double fbar = swf / sw, mss = 0, dnum = 0, eprev = 0;
            for (size_t i = 0; i < n; i++) {
                double wi = w ? w[i] : 1.0;
                double e = sqrt(wi) * (z[i] - fit[i]);
                mss += wi * (fit[i] - fbar) * (fit[i] - fbar);
                if (i > 0)
                    dnum += (e - eprev) * (e - eprev);
                eprev = e;
            }
            res->sse = sse;
            res->sigma = sqrt(sse / df);
            res->r2 = mss / (mss + sse);
            res->dw = dnum / sse;
            free(fit);
            double chk[] = {res->a, res->b, res->se_b, res->p_b, res->rate_lo, res->rate_hi,
                            res->r2, res->dw};
            for (size_t k = 0; k < sizeof chk / sizeof chk[0]; k++)
                if (!isfinite(chk[k]))
                    st = mt_error_set(err, MT_ENONFINITE,
                                      "trend: an estimate is not finite (perfect fit or overflow)");
        }
    }
    free(B), free(z), free(w), free(coef), free(V);
    if (st == MT_OK)
        return MT_OK;
fail:;
    /* Leave the result as mt_trend_fit leaves a failure, NaN throughout:
     * its validation of an invalid level NaN-fills the result first. */
    mt_trend_opts bad = *opts;
    bad.level = 2.0;
    mt_error ignore;
    mt_trend_fit(t, y, se, n, &bad, res, &ignore);
    return st;
}
