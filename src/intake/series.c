/*
 * series.c - from records (text, csvread.h) to a validated data set of
 * series (see series.h).
 *
 * mt_dataset_build parses every cell of every record into a flat list of
 * observations, sorts it by series key, period and input order, and walks it
 * once: a series with two frequencies, a repeated period and a bound on the
 * wrong side of its value are errors that name the file, line and column.
 * Rows that give disjoint parts of one observation (a CBS "Marges" value row
 * and its lower and upper bound rows) are merged rather than reported as
 * duplicates.  Only then are the series arrays allocated.  Nothing is
 * printed; the first error ends the build.  The per-record and per-series
 * steps are in series_obs.c, shared with the series stream (series_stream.h).
 */
#include "monitrend/series.h"
#include "monitrend/strlist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "series_obs.h" /* obs: parsing a record, the checks of one series */

char *mt_series_make_id(const char *indicator, const char *market, const char *region)
{
    const char *part[3] = {indicator ? indicator : "", market ? market : "", region ? region : ""};
    size_t len = 1;
    for (int i = 0; i < 3; i++)
        len += strlen(part[i]) + 1;
    char *id = malloc(len);
    if (id == NULL)
        return NULL;
    id[0] = '\0';
    for (int i = 0; i < 3; i++) {
        if (part[i][0] == '\0')
            continue;
        if (id[0] != '\0')
            strcat(id, "/");
        strcat(id, part[i]);
    }
    return id;
}

const char *mt_series_id_indicator(const char *id, char *buf, size_t size)
{
    size_t n = strcspn(id, "/");
    if (n >= size)
        n = size - 1;
    memcpy(buf, id, n);
    buf[n] = '\0';
    return buf;
}

size_t mt_series_n_fit(const mt_series *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        if (isfinite(s->value[i]) && !(s->flags[i] & MT_FLAG_EXCLUDE))
            k++;
    return k;
}

const mt_series *mt_dataset_find(const mt_dataset *ds, const char *id)
{
    size_t lo = 0, hi = ds->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ds->series[mid].id, id);
        if (c == 0)
            return &ds->series[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void mt_series_clear(mt_series *s)
{
    if (s == NULL)
        return;
    free(s->id);
    free(s->indicator);
    free(s->market);
    free(s->region);
    free(s->period);
    free(s->t);
    free(s->value);
    free(s->lower);
    free(s->upper);
    free(s->se);
    free(s->n_obs);
    free(s->flags);
    if (s->note)
        for (size_t i = 0; i < s->n; i++)
            free(s->note[i]);
    free(s->note);
    if (s->row_source)
        for (size_t i = 0; i < s->n; i++)
            free(s->row_source[i]);
    free(s->row_source);
    free(s->source);
    free(s->line);
    free(s->column);
    memset(s, 0, sizeof *s);
}

void mt_dataset_clear(mt_dataset *ds)
{
    if (ds == NULL)
        return;
    for (size_t i = 0; i < ds->n; i++)
        mt_series_clear(&ds->series[i]);
    free(ds->series);
    ds->series = NULL;
    ds->n = ds->cap = 0;
}

mt_status mt_flags_parse(const char *text, unsigned *out, mt_error *err)
{
    static const char *const names[6] = {"provisional", "estimate", "break", "exclude", "lod", "below-lod"};
    static const unsigned bits[6] = {MT_FLAG_PROVISIONAL, MT_FLAG_ESTIMATE, MT_FLAG_BREAK, MT_FLAG_EXCLUDE,
                                     MT_FLAG_LOD | MT_FLAG_EXCLUDE, MT_FLAG_LOD | MT_FLAG_EXCLUDE};
    unsigned flags = 0;
    const char *p = text ? text : "", *a, *b;
    while (mt_strlist_token(&p, '|', &a, &b)) {
        if (b > a) {
            int k;
            for (k = 0; k < 6; k++)
                if ((size_t)(b - a) == strlen(names[k]) && strncmp(a, names[k], (size_t)(b - a)) == 0)
                    break;
            if (k == 6)
                return mt_error_set(err, MT_EPARSE,
                                    "unknown flag '%.*s' (expected provisional, estimate, break, exclude, "
                                    "lod or below-lod)",
                                    (int)(b - a > 64 ? 64 : b - a), a);
            flags |= bits[k];
        }
    }
    *out = flags;
    return MT_OK;
}

mt_status mt_series_gaps(const mt_series *s, mt_period **out, size_t *n, mt_error *err)
{
    *out = NULL;
    *n = 0;
    if (s->n < 2)
        return MT_OK;
    size_t k = 0;
    for (size_t i = 1; i < s->n; i++)
        k += (size_t)(mt_period_index(&s->period[i]) - mt_period_index(&s->period[i - 1]) - 1);
    if (k == 0)
        return MT_OK;
    if (k > MT_SERIES_PERIODS_MAX)
        return mt_error_set(err, MT_ELIMIT, "series '%s': more than %zu missing periods", s->id,
                            MT_SERIES_PERIODS_MAX);
    mt_period *g = malloc(k * sizeof *g);
    if (g == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    size_t j = 0;
    for (size_t i = 1; i < s->n; i++)
        for (long x = mt_period_index(&s->period[i - 1]) + 1; x < mt_period_index(&s->period[i]); x++)
            g[j++] = mt_period_from_index(s->freq, x);
    *out = g;
    *n = k;
    return MT_OK;
}

void mt_series_count_flags(const mt_series *s, mt_flag_counts *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < s->n; i++) {
        if (!isfinite(s->value[i]))
            out->missing++;
        out->provisional += (s->flags[i] & MT_FLAG_PROVISIONAL) != 0;
        out->estimate += (s->flags[i] & MT_FLAG_ESTIMATE) != 0;
        out->brk += (s->flags[i] & MT_FLAG_BREAK) != 0;
        out->exclude += (s->flags[i] & MT_FLAG_EXCLUDE) != 0;
        out->lod += (s->flags[i] & MT_FLAG_LOD) != 0;
    }
}

/* ------------------------------------------------------------ building -- */

static int series_id_cmp(const void *a, const void *b)
{
    return strcmp(((const mt_series *)a)->id, ((const mt_series *)b)->id);
}

mt_status mt_dataset_build(const mt_records *const *recs, const mt_intake *intake, size_t n,
                           mt_dataset *out, mt_error *err)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += recs[i]->n;
    memset(out, 0, sizeof *out);
    obs *all = calloc(total ? total : 1, sizeof *all);
    obs **ptr = malloc((total ? total : 1) * sizeof *ptr);
    mt_status st = MT_OK;
    size_t used = 0;
    if (all == NULL || ptr == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n && st == MT_OK; i++)
        for (size_t j = 0; j < recs[i]->n && st == MT_OK; j++) {
            st = obs_parse(&recs[i]->rec[j], recs[i]->file, &intake[i], used,
                           j > 0 ? &all[used - 1] : NULL, &all[used], err);
            ptr[used] = &all[used];
            used++;
        }
    if (st != MT_OK)
        goto done;
    qsort(ptr, used, sizeof *ptr, obs_cmp);

    /* one pass per series group: frequencies, duplicates and merges, bounds */
    size_t nseries = 0;
    size_t kept = 0; /* observations kept after merging, compacted into ptr */
    for (size_t g = 0; g < used && st == MT_OK;) {
        size_t h = g + 1;
        while (h < used && obs_key_cmp(ptr[g], ptr[h]) == 0)
            h++;
        size_t k;
        st = obs_check_group(ptr + g, h - g, ptr + kept, &k, err);
        kept += k;
        nseries++;
        g = h;
    }
    if (st == MT_OK && nseries > MT_SERIES_MAX)
        st = mt_error_set(err, MT_ELIMIT, "more than the limit of %zu series", MT_SERIES_MAX);
    if (st != MT_OK)
        goto done;

    out->series = calloc(nseries ? nseries : 1, sizeof *out->series);
    if (out->series == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto done;
    }
    out->cap = nseries;
    for (size_t g = 0; g < kept;) {
        size_t h = g + 1;
        while (h < kept && obs_key_cmp(ptr[g], ptr[h]) == 0)
            h++;
        out->n++;
        if (obs_fill_series(&out->series[out->n - 1], ptr + g, h - g) != MT_OK) {
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
            break;
        }
        g = h;
    }
    /* ids sort like their (indicator, market, region) keys except that an
     * empty part is dropped; sort by id so that mt_dataset_find can bisect */
    if (st == MT_OK) {
        qsort(out->series, out->n, sizeof *out->series, series_id_cmp);
        for (size_t i = 1; i < out->n; i++)
            if (strcmp(out->series[i - 1].id, out->series[i].id) == 0) {
                /* "a//b" and "a/b/" cannot both arise: an id with empty parts dropped can still
                 * collide, e.g. market "x" vs region "x"; refuse rather than merge silently */
                st = mt_error_set(err, MT_EPARSE,
                                  "two series have the same id '%s' (one gives it as market, the other as region)",
                                  out->series[i].id);
                break;
            }
    }
done:
    for (size_t i = 0; i < used; i++)
        obs_free(&all[i]);
    free(all);
    free(ptr);
    if (st != MT_OK)
        mt_dataset_clear(out);
    return st;
}

mt_status mt_dataset_read_tidy(const char *path, mt_dataset *out, mt_error *err)
{
    mt_layout lay;
    mt_layout_init(&lay);
    mt_records recs;
    memset(out, 0, sizeof *out);
    mt_status st = mt_records_read_file(path, NULL, &lay, &recs, err);
    if (st != MT_OK)
        return st;
    const mt_records *rp = &recs;
    mt_intake in = {'.', MT_PERIOD_AUTO, 1.0, NULL, NULL};
    st = mt_dataset_build(&rp, &in, 1, out, err);
    mt_records_clear(&recs);
    return st;
}
