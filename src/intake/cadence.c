/*
 * cadence.c - recognising the publication rhythm of a series (cadence.h):
 * every period, every c periods, or irregular waves, from the periods
 * present, and the periods such a rhythm expects but the data lack.
 */
#include "monitrend/cadence.h"

#include <stdio.h>
#include <stdlib.h>

static long gcd(long a, long b)
{
    while (b != 0) {
        long r = a % b;
        a = b;
        b = r;
    }
    return a;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

mt_status mt_cadence_of(const mt_period *periods, size_t n, mt_cadence *out, mt_error *err)
{
    out->kind = MT_CADENCE_EVERY;
    out->step = 1;
    if (n < 2)
        return MT_OK;
    long *d = malloc((n - 1) * sizeof *d);
    if (d == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    long g = 0;
    for (size_t k = 1; k < n; k++) {
        d[k - 1] = mt_period_index(&periods[k]) - mt_period_index(&periods[k - 1]);
        if (d[k - 1] < 1) {
            free(d);
            return mt_error_set(err, MT_EINVAL, "cadence: periods not strictly increasing");
        }
        g = gcd(d[k - 1], g);
    }
    size_t m = n - 1, at_g = 0;
    for (size_t k = 0; k < m; k++)
        at_g += d[k] == g;
    qsort(d, m, sizeof *d, cmp_long);
    /* the median of integers; for an even count the mean of the middle two,
     * compared with 1 (so 1 and 2 in the middle is not "every period") */
    double median = m % 2 ? (double)d[m / 2] : 0.5 * (double)(d[m / 2 - 1] + d[m / 2]);
    free(d);
    if (median <= 1.0)
        return MT_OK;
    /* one interval alone does not make a rhythm: two at least must equal g */
    if (g > 1 && at_g >= 2 && 2 * at_g >= m) {
        out->step = g;
        return MT_OK;
    }
    out->kind = MT_CADENCE_IRREGULAR;
    out->step = 0;
    return MT_OK;
}

mt_status mt_series_cadence(const mt_series *s, mt_cadence *out, mt_error *err)
{
    return mt_cadence_of(s->period, s->n, out, err);
}

int mt_cadence_is_waves(const mt_cadence *c)
{
    return c->kind == MT_CADENCE_IRREGULAR || c->step > 1;
}

mt_status mt_series_missing_waves(const mt_series *s, const mt_cadence *c, mt_period **out,
                                  size_t *n, mt_error *err)
{
    *out = NULL;
    *n = 0;
    if (c->kind == MT_CADENCE_IRREGULAR || s->n < 2)
        return MT_OK;
    if (c->step <= 1)
        return mt_series_gaps(s, out, n, err);
    long first = mt_period_index(&s->period[0]);
    long last = mt_period_index(&s->period[s->n - 1]);
    /* the grid has (last - first)/step + 1 slots; a row off the grid (a
     * wave a year late) fills none */
    size_t on_grid = 0;
    for (size_t i = 0; i < s->n; i++)
        on_grid += (mt_period_index(&s->period[i]) - first) % c->step == 0;
    size_t cap = (size_t)((last - first) / c->step) + 1 - on_grid;
    if (cap == 0)
        return MT_OK;
    mt_period *p = malloc(cap * sizeof *p);
    if (p == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    size_t j = 0, k = 0;
    for (long idx = first; idx <= last; idx += c->step) {
        while (j < s->n && mt_period_index(&s->period[j]) < idx)
            j++;
        if (j < s->n && mt_period_index(&s->period[j]) == idx)
            continue;
        p[k++] = mt_period_from_index(s->freq, idx);
    }
    *out = p;
    *n = k;
    return MT_OK;
}

void mt_cadence_describe(const mt_cadence *c, mt_freq f, char *buf, size_t size)
{
    static const char *const every1[] = {"annual", "quarterly", "monthly", "weekly", "daily"};
    static const char *const unit[] = {"years", "quarters", "months", "weeks", "days"};
    if (c->kind == MT_CADENCE_IRREGULAR)
        snprintf(buf, size, "irregular waves");
    else if (c->step <= 1)
        snprintf(buf, size, "%s", every1[f]);
    else if (c->step == 2 && f == MT_FREQ_YEAR)
        snprintf(buf, size, "biennial");
    else
        snprintf(buf, size, "every %ld %s", c->step, unit[f]);
}
