/*
 * crosscheck_align.c - series of a cross-check on one time grid (see
 * crosscheck.h): a finer series averaged into the periods of a coarser one,
 * and two series paired period by period.
 */
#include "monitrend/crosscheck.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

/* Relative tolerance deciding that two times fall in one grid slot or that a
 * time sits on a bin edge; decimal years of monthly data are exact to ~1e-13. */
#define SLOT_EPS 1e-9

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
