/*
 * anomaly.c - residual outliers, exact repeats and order-of-magnitude jumps
 * (see anomaly.h for the rules and docs/methods-events.md for their
 * justification).
 *
 * The residual rule fits the trend with mt_bands_fit and studentizes each
 * residual against the fit without that point, using the closed form
 *   s_(i)^2 = ((n-p) s^2 - e_i^2 / (1-h_i)) / (n-p-1),
 *   r_i     = e_i / (s_(i) sqrt(1 - h_i)),
 * which equals the t statistic of a mean-shift dummy for point i, so the
 * Bonferroni outlier test is exact under normal errors.  A flagged point is
 * set aside and the test repeated, which defeats masking by a first, larger
 * outlier.
 */
#include "monitrend/anomaly.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "monitrend/bands.h"

/* Leverages within this distance of 1 leave no residual to studentize. */
#define LEVERAGE_EPS 1e-10
/* A deleted residual SD below this fraction of the SD of y is an exact fit
 * up to rounding. */
#define EXACT_FIT_REL 1e-8
/* Largest number of decimals looked for when reading a value's resolution:
 * beyond 12 a double no longer carries the digits of a recorded figure. */
#define MAX_DECIMALS 12
/* 1.4826 = 1 / Phi^-1(3/4): the MAD of a normal sample estimates its SD. */
#define MAD_TO_SD 1.482602218505602
/* sqrt(2 pi): the normal density at 0 is 1 / SQRT_2PI (M_PI is not C11). */
#define SQRT_2PI 2.5066282746310002

void mt_anomaly_opts_default(mt_anomaly_opts *opts)
{
    if (opts == NULL)
        return;
    opts->log_scale = 1;
    opts->residual = opts->repeat = opts->jump = 1;
    opts->alpha = 0.05;
    opts->repeat_alpha = 0.05;
    opts->jump_factor = sqrt(10.0);
    opts->max_outliers = 0;
}

void mt_anomaly_free(mt_anomaly *a)
{
    free(a);
}

/* ---------------------------------------------------------------------------
 * Result list
 * ------------------------------------------------------------------------- */

typedef struct {
    mt_anomaly *v;
    size_t n, cap;
} flag_list;

static mt_anomaly *flag_push(flag_list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        mt_anomaly *v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        l->v = v;
        l->cap = cap;
    }
    mt_anomaly *a = &l->v[l->n++];
    memset(a, 0, sizeof *a);
    return a;
}

static int flag_cmp(const void *pa, const void *pb)
{
    const mt_anomaly *a = pa, *b = pb;
    if (a->index != b->index)
        return a->index < b->index ? -1 : 1;
    return (a->kind > b->kind) - (a->kind < b->kind);
}

/* ---------------------------------------------------------------------------
 * Rule 1: studentized residuals, sequential Bonferroni outlier test
 * ------------------------------------------------------------------------- */

static mt_status residual_rule(const double *t, const double *y, size_t n, const gsl_matrix *X,
                               const mt_anomaly_opts *o,
                               flag_list *flags, mt_error *err)
{
    size_t p = X->size2;
    size_t rounds = o->max_outliers ? o->max_outliers : n / 4;
    unsigned char *out_set = calloc(n, 1);
    size_t *rows = malloc(n * sizeof *rows);
    double *ya = malloc(n * sizeof *ya);
    mt_status st = MT_OK;
    if (out_set == NULL || rows == NULL || ya == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "anomaly: out of memory");
        goto done;
    }
    for (size_t round = 0; round < rounds; round++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!out_set[i])
                rows[m++] = i;
        if (m < p + 3) /* external studentization needs n - p - 1 >= 2 */
            break;
        gsl_matrix *Xa = gsl_matrix_alloc(m, p);
        if (Xa == NULL) {
            st = mt_error_set(err, MT_ENOMEM, "anomaly: out of memory");
            goto done;
        }
        for (size_t k = 0; k < m; k++) {
            for (size_t j = 0; j < p; j++)
                gsl_matrix_set(Xa, k, j, gsl_matrix_get(X, rows[k], j));
            ya[k] = o->log_scale ? log(y[rows[k]]) : y[rows[k]];
        }
        mt_linfit *f = NULL;
        mt_status fs = mt_bands_fit(Xa, ya, NULL, &f, err);
        gsl_matrix_free(Xa);
        if (fs != MT_OK) {
            /* Later rounds fit on a subset; if setting points aside makes the
             * design singular, stop testing rather than fail the series. */
            if (round == 0)
                st = fs;
            goto done;
        }
        double dfr = (double)(m - p);
        double var_y = gsl_stats_variance(ya, 1, m);
        size_t best = m;
        double best_r = 0.0;
        for (size_t k = 0; k < m; k++) {
            double h = gsl_vector_get(f->hat, k), e = gsl_vector_get(f->resid, k);
            if (1.0 - h <= LEVERAGE_EPS)
                continue;
            double s2i = (dfr * f->sigma2 - e * e / (1.0 - h)) / (dfr - 1.0);
            /* The other points fit exactly (a constant series with one odd
             * value, often zeros): there is no scale to measure against. */
            if (!(s2i > EXACT_FIT_REL * EXACT_FIT_REL * var_y))
                continue;
            double r = e / sqrt(s2i * (1.0 - h));
            if (best == m || fabs(r) > fabs(best_r)) {
                best = k;
                best_r = r;
            }
        }
        mt_bands_fit_free(f);
        if (best == m)
            break;
        double pb = (double)m * 2.0 * gsl_cdf_tdist_Q(fabs(best_r), dfr - 1.0);
        if (pb > 1.0)
            pb = 1.0;
        if (!(pb < o->alpha))
            break;
        size_t i = rows[best];
        out_set[i] = 1;
        mt_anomaly *a = flag_push(flags);
        if (a == NULL) {
            st = mt_error_set(err, MT_ENOMEM, "anomaly: out of memory");
            goto done;
        }
        a->index = i;
        a->kind = MT_ANOMALY_RESIDUAL;
        a->t = t[i];
        a->value = y[i];
        a->statistic = best_r;
        a->p = pb;
        a->ratio_prev = a->ratio_next = NAN;
    }
done:
    free(out_set);
    free(rows);
    free(ya);
    return st;
}

/* ---------------------------------------------------------------------------
 * Rule 2: exact repeats that are improbable by chance
 * ------------------------------------------------------------------------- */

/* Number of decimals with which v was recorded: the smallest d such that
 * v * 10^d is an integer up to rounding of the double. */
static int decimals_of(double v)
{
    double s = fabs(v);
    for (int d = 0; d <= MAX_DECIMALS; d++) {
        double x = s * pow(10.0, d);
        if (fabs(x - nearbyint(x)) <= 1e-9 * fmax(1.0, x))
            return d;
    }
    return MAX_DECIMALS;
}

static mt_status repeat_rule(const double *t, const double *y, size_t n,
                             const mt_anomaly_opts *o,
                             flag_list *flags, mt_error *err)
{
    if (n < 5)
        return MT_OK;
    int positive = 1;
    for (size_t i = 0; i < n; i++)
        if (!(y[i] > 0.0))
            positive = 0;
    /* Changes on the log scale for positive series, so that the spread is
     * relative and a tie of large values is judged against their own noise. */
    double *d = malloc((n - 1) * sizeof *d);
    if (d == NULL)
        return mt_error_set(err, MT_ENOMEM, "anomaly: out of memory");
    for (size_t i = 1; i < n; i++)
        d[i - 1] = positive ? log(y[i]) - log(y[i - 1]) : y[i] - y[i - 1];
    gsl_sort(d, 1, n - 1);
    double med = gsl_stats_median_from_sorted_data(d, 1, n - 1);
    for (size_t i = 0; i < n - 1; i++)
        d[i] = fabs(d[i] - med);
    gsl_sort(d, 1, n - 1);
    double sigma = MAD_TO_SD * gsl_stats_median_from_sorted_data(d, 1, n - 1);
    free(d);
    if (!(sigma > 0.0))
        return MT_OK; /* most changes are zero: a step series, ties are its nature */
    for (size_t i = 1; i < n; i++) {
        if (y[i] != y[i - 1])
            continue;
        double delta = pow(10.0, -decimals_of(y[i]));
        if (positive)
            delta /= y[i];
        double chance = delta / (sigma * SQRT_2PI);
        if (chance > 1.0)
            chance = 1.0;
        double pb = fmin(1.0, (double)(n - 1) * chance);
        if (!(pb < o->repeat_alpha))
            continue;
        mt_anomaly *a = flag_push(flags);
        if (a == NULL)
            return mt_error_set(err, MT_ENOMEM, "anomaly: out of memory");
        a->index = i;
        a->kind = MT_ANOMALY_REPEAT;
        a->t = t[i];
        a->value = y[i];
        a->statistic = chance;
        a->p = pb;
        a->ratio_prev = a->ratio_next = NAN;
    }
    return MT_OK;
}

/* ---------------------------------------------------------------------------
 * Rule 3: isolated jumps of an order of magnitude
 * ------------------------------------------------------------------------- */

/* a and b (positive, or not: then not calm) differ by less than the factor F. */
static int calm(double a, double b, double F)
{
    if (!(a > 0.0 && b > 0.0))
        return 0;
    double r = a / b;
    return r < F && r > 1.0 / F;
}

static mt_status jump_rule(const double *t, const double *y, size_t n,
                           const mt_anomaly_opts *o,
                           flag_list *flags, mt_error *err)
{
    for (size_t i = 1; i + 1 < n; i++) {
        if (!(y[i - 1] > 0.0 && y[i] > 0.0 && y[i + 1] > 0.0))
            continue;
        double r1 = y[i] / y[i - 1], r2 = y[i] / y[i + 1], F = o->jump_factor;
        int up = r1 >= F && r2 >= F, down = r1 <= 1.0 / F && r2 <= 1.0 / F;
        if (!up && !down)
            continue;
        /* Isolated: apart from the jump itself, the neighbourhood (up to two
         * points on each side) moves by less than the factor from one point to
         * the next.  Otherwise the series itself swings by this much (or the
         * point sits beside another spike), and the point is no more suspect
         * than its neighbours. */
        if (!calm(y[i - 1], y[i + 1], F) || (i >= 2 && !calm(y[i - 2], y[i - 1], F)) ||
            (i + 2 < n && !calm(y[i + 2], y[i + 1], F)))
            continue;
        /* Small counts swing by such factors by chance (1 against 11 and 8
         * offences a month).  For integer values, keep the jump only if it is
         * also improbable as Poisson noise around the neighbours' geometric
         * mean, Bonferroni-corrected over the interior points. */
        if (decimals_of(y[i - 1]) == 0 && decimals_of(y[i]) == 0 && decimals_of(y[i + 1]) == 0) {
            double mu = sqrt(y[i - 1] * y[i + 1]);
            unsigned k = (unsigned)nearbyint(y[i]);
            double tail = up ? (k > 0 ? gsl_cdf_poisson_Q(k - 1, mu) : 1.0)
                             : gsl_cdf_poisson_P(k, mu);
            if (!((double)(n - 2) * tail < o->alpha))
                continue;
        }
        mt_anomaly *a = flag_push(flags);
        if (a == NULL)
            return mt_error_set(err, MT_ENOMEM, "anomaly: out of memory");
        a->index = i;
        a->kind = MT_ANOMALY_JUMP;
        a->t = t[i];
        a->value = y[i];
        a->statistic = up ? fmin(r1, r2) : fmax(r1, r2);
        a->p = NAN;
        a->ratio_prev = r1;
        a->ratio_next = r2;
    }
    return MT_OK;
}

/* ---------------------------------------------------------------------------
 * Entry point
 * ------------------------------------------------------------------------- */

mt_status mt_anomaly_find(const double *t, const double *y, size_t n, const gsl_matrix *X,
                          const mt_anomaly_opts *opts,
                          mt_anomaly **out, size_t *n_out, mt_error *err)
{
    if (out == NULL || n_out == NULL)
        return mt_error_set(err, MT_EINVAL, "anomaly: out or n_out is NULL");
    *out = NULL;
    *n_out = 0;
    if (t == NULL || y == NULL)
        return mt_error_set(err, MT_EINVAL, "anomaly: t or y is NULL");
    mt_anomaly_opts o;
    mt_anomaly_opts_default(&o);
    if (opts != NULL)
        o = *opts;
    if (!(o.alpha > 0.0 && o.alpha < 1.0) || !(o.repeat_alpha > 0.0 && o.repeat_alpha < 1.0))
        return mt_error_set(err, MT_EINVAL, "anomaly: alpha levels must be in (0, 1)");
    if (!(o.jump_factor > 1.0) || !isfinite(o.jump_factor))
        return mt_error_set(err, MT_EINVAL, "anomaly: jump factor %g must exceed 1",
                            o.jump_factor);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !isfinite(y[i]))
            return mt_error_set(err, MT_EINVAL, "anomaly: point %zu is not finite", i);
        if (i > 0 && !(t[i] > t[i - 1]))
            return mt_error_set(err, MT_EINVAL, "anomaly: times are not increasing at point %zu",
                                i);
        if (o.residual && o.log_scale && !(y[i] > 0.0))
            return mt_error_set(err, MT_EINVAL,
                                "anomaly: value %g at t = %g is not positive on the log scale",
                                y[i], t[i]);
    }
    if (X != NULL && X->size1 != n)
        return mt_error_set(err, MT_EINVAL, "anomaly: design has %zu rows for %zu points",
                            X->size1, n);

    flag_list flags = {NULL, 0, 0};
    gsl_matrix *line = NULL;
    mt_status st = MT_OK;
    if (o.residual && n > 0) {
        if (X == NULL) {
            st = mt_bands_design(t, n, t[0], NULL, 0, NULL, 0, &line, err);
            X = line;
        }
        if (st == MT_OK)
            st = residual_rule(t, y, n, X, &o, &flags, err);
    }
    if (st == MT_OK && o.repeat)
        st = repeat_rule(t, y, n, &o, &flags, err);
    if (st == MT_OK && o.jump)
        st = jump_rule(t, y, n, &o, &flags, err);
    gsl_matrix_free(line);
    if (st != MT_OK) {
        free(flags.v);
        return st;
    }
    if (flags.n == 0) {
        free(flags.v);
        return MT_OK;
    }
    qsort(flags.v, flags.n, sizeof *flags.v, flag_cmp);
    *out = flags.v;
    *n_out = flags.n;
    return MT_OK;
}
