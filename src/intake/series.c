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
 * printed; the first error ends the build.
 */
#include "monitrend/series.h"
#include "monitrend/strlist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/number.h"

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

static void series_free(mt_series *s)
{
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
}

void mt_dataset_clear(mt_dataset *ds)
{
    if (ds == NULL)
        return;
    for (size_t i = 0; i < ds->n; i++)
        series_free(&ds->series[i]);
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

/* The message for a kind violation, or NULL when v is fine. */
static const char *kind_problem(mt_kind kind, double v)
{
    if (!isfinite(v))
        return NULL;
    if (kind == MT_KIND_COUNT && v < 0)
        return "negative count";
    if ((kind == MT_KIND_PREVALENCE || kind == MT_KIND_PURITY) && (v < 0 || v > 100))
        return "percentage";
    return NULL;
}

static mt_status kind_error(mt_error *err, const char *file, long line, long col, mt_kind kind,
                            double v, const char *indicator)
{
    if (kind == MT_KIND_COUNT)
        return mt_error_at(err, MT_EPARSE, file, line, col, "negative count %.15g (indicator '%s' has kind count)",
                           v, indicator);
    return mt_error_at(err, MT_EPARSE, file, line, col,
                       "percentage %.15g outside 0-100 (indicator '%s' has kind %s)", v, indicator,
                       mt_kind_name(kind));
}

mt_status mt_series_check_kind(const mt_series *s, mt_kind kind, mt_error *err)
{
    for (size_t i = 0; i < s->n; i++)
        if (kind_problem(kind, s->value[i]))
            return kind_error(err, s->source ? s->source : "", s->line ? s->line[i] : 0,
                              s->column ? s->column[i] : 0, kind, s->value[i], s->indicator);
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

enum { SLOT_VALUE, SLOT_LOWER, SLOT_UPPER, SLOT_SE, SLOT_N, N_SLOTS };

typedef struct {
    char *key[3];          /* indicator, market, region (trimmed); owned where the bit
                              of own_keys is set, else shared with the row before */
    unsigned own_keys;
    mt_period period;
    double x[N_SLOTS];
    unsigned have;         /* bit per slot given by some row */
    unsigned flags;
    const char *note;      /* borrowed from the records */
    const char *rsource;   /* the row's source column, borrowed; NULL when empty */
    const char *file;      /* borrowed */
    const char *sfile[N_SLOTS]; /* where each slot was given (borrowed) */
    long line[N_SLOTS];
    long col[N_SLOTS];
    long pline, pcol;      /* where the period is */
    size_t seq;            /* input order */
    mt_kind kind;
} obs;

static int key_cmp(const obs *a, const obs *b)
{
    for (int i = 0; i < 3; i++) {
        if (a->key[i] == b->key[i]) /* shared text: rows of one series in a run */
            continue;
        int c = strcmp(a->key[i], b->key[i]);
        if (c)
            return c;
    }
    return 0;
}

static int obs_cmp(const void *pa, const void *pb)
{
    const obs *a = *(const obs *const *)pa, *b = *(const obs *const *)pb;
    int c = key_cmp(a, b);
    if (c)
        return c;
    c = mt_period_cmp(&a->period, &b->period);
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* s without the blanks around it: the start, and its length in *len. */
static const char *trim_span(const char *s, size_t *len)
{
    if (s == NULL)
        s = "";
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *len = n;
    return s;
}

static void obs_free(obs *o)
{
    for (int i = 0; i < 3; i++)
        if (o->own_keys & (1u << i))
            free(o->key[i]);
}

/* Prefix err's location-free message with file:line:col, keeping status. */
static mt_status locate(mt_error *err, mt_status st, const char *file, long line, long col)
{
    if (err == NULL)
        return st;
    char msg[MT_ERROR_MSG_MAX];
    memcpy(msg, err->msg, sizeof msg);
    return mt_error_at(err, st, file, line, col, "%s", msg);
}

/* prev: the row parsed before from the same file, or NULL.  A key equal to
 * prev's is shared rather than copied (rows of a series usually follow each
 * other: a 100,000-series file then holds each key once, not once a row),
 * and so is the kind of an equal indicator. */
static mt_status parse_record(const mt_record *r, const char *file, const mt_intake *in,
                              size_t seq, const obs *prev, obs *o, mt_error *err)
{
    static const mt_field slot_field[N_SLOTS] = {MT_FIELD_VALUE, MT_FIELD_LOWER, MT_FIELD_UPPER,
                                                 MT_FIELD_SE, MT_FIELD_N};
    memset(o, 0, sizeof *o);
    o->file = file;
    o->seq = seq;
    for (int i = 0; i < 3; i++) {
        size_t len;
        const char *t = trim_span(r->field[i], &len);
        if (prev != NULL && strncmp(prev->key[i], t, len) == 0 && prev->key[i][len] == '\0') {
            o->key[i] = prev->key[i];
        } else {
            if ((o->key[i] = strndup(t, len)) == NULL)
                return mt_error_set(err, MT_ENOMEM, "out of memory");
            o->own_keys |= 1u << i;
        }
        if (strchr(o->key[i], '/'))
            return mt_error_at(err, MT_EPARSE, file, r->line, r->column[i],
                               "%s '%.100s' contains '/', which separates the parts of a series id",
                               mt_field_name((mt_field)i), o->key[i]);
        /* "." and ".." name folders: as a part of a series id (and so of
         * a figure's file name) they would point outside the edition. */
        if (strcmp(o->key[i], ".") == 0 || strcmp(o->key[i], "..") == 0)
            return mt_error_at(err, MT_EPARSE, file, r->line, r->column[i],
                               "%s '%s' is not usable as a part of a series id ('.' and '..' "
                               "name folders)", mt_field_name((mt_field)i), o->key[i]);
    }
    if (o->key[0][0] == '\0')
        return mt_error_at(err, MT_EPARSE, file, r->line, r->column[0], "empty indicator");
    if (prev != NULL && prev->key[0] == o->key[0])
        o->kind = prev->kind;
    else
        o->kind = in->kind_of ? in->kind_of(in->user, o->key[0]) : MT_KIND_NONE;
    o->pline = r->line;
    o->pcol = r->column[MT_FIELD_PERIOD];
    mt_status st = mt_period_parse_as(r->field[MT_FIELD_PERIOD] ? r->field[MT_FIELD_PERIOD] : "",
                                      in->period_format, &o->period, err);
    if (st != MT_OK)
        return locate(err, st, file, r->line, o->pcol);
    for (int k = 0; k < N_SLOTS; k++) {
        o->x[k] = NAN;
        o->sfile[k] = file;
        o->line[k] = r->line;
        o->col[k] = r->column[slot_field[k]];
        const char *text = r->field[slot_field[k]];
        if (text == NULL)
            continue;
        o->have |= 1u << k;
        int missing;
        int is_count = (k == SLOT_N) || (o->kind == MT_KIND_COUNT && k != SLOT_SE);
        st = mt_number_parse(text, in->decimal, is_count, &o->x[k], &missing, err);
        if (st != MT_OK)
            return locate(err, st, file, r->line, o->col[k]);
        if (k <= SLOT_SE && in->scale != 1.0) {
            o->x[k] *= in->scale;
            /* 1e300 with scale = 1e15 is finite as read but not once scaled:
             * refuse it as mt_number_parse refuses 1e400, never store Inf. */
            if (!isnan(o->x[k]) && !isfinite(o->x[k]))
                return mt_error_at(err, MT_EPARSE, file, r->line, o->col[k],
                                   "number out of range once multiplied by the scale %g, got '%.64s'",
                                   in->scale, text);
        }
    }
    if (r->field[MT_FIELD_FLAG]) {
        st = mt_flags_parse(r->field[MT_FIELD_FLAG], &o->flags, err);
        if (st != MT_OK)
            return locate(err, st, file, r->line, r->column[MT_FIELD_FLAG]);
    }
    if (r->field[MT_FIELD_NOTE] && r->field[MT_FIELD_NOTE][0])
        o->note = r->field[MT_FIELD_NOTE];
    if (r->field[MT_FIELD_SOURCE] && r->field[MT_FIELD_SOURCE][0])
        o->rsource = r->field[MT_FIELD_SOURCE];
    if (kind_problem(o->kind, o->x[SLOT_VALUE]))
        return kind_error(err, file, r->line, o->col[SLOT_VALUE], o->kind, o->x[SLOT_VALUE], o->key[0]);
    return MT_OK;
}

/* Merge b into a (same series and period) or report a duplicate. */
static mt_status merge(obs *a, obs *b, mt_error *err)
{
    if ((a->have & b->have) != 0) {
        /* report at the later row, name the earlier one */
        obs *first = a->seq < b->seq ? a : b, *second = a->seq < b->seq ? b : a;
        char pbuf[MT_PERIOD_STR_MAX];
        char *id = mt_series_make_id(a->key[0], a->key[1], a->key[2]);
        mt_period_format(&a->period, pbuf, sizeof pbuf);
        mt_status st = mt_error_at(err, MT_EPARSE, second->file, second->pline, second->pcol,
                                   "duplicate observation: series '%s' period %s (first at %s:%ld)",
                                   id ? id : "", pbuf, first->file, first->pline);
        free(id);
        return st;
    }
    for (int k = 0; k < N_SLOTS; k++)
        if (b->have & (1u << k)) {
            a->x[k] = b->x[k];
            a->sfile[k] = b->sfile[k];
            a->line[k] = b->line[k];
            a->col[k] = b->col[k];
        }
    a->have |= b->have;
    a->flags |= b->flags;
    if (a->note == NULL)
        a->note = b->note;
    if (a->rsource == NULL)
        a->rsource = b->rsource;
    if (b->seq < a->seq) {
        a->seq = b->seq;
        a->pline = b->pline;
        a->pcol = b->pcol;
        a->file = b->file;
    }
    return MT_OK;
}

static mt_status check_bounds(const obs *o, mt_error *err)
{
    double v = o->x[SLOT_VALUE];
    if (!isfinite(v))
        return MT_OK;
    if (isfinite(o->x[SLOT_LOWER]) && o->x[SLOT_LOWER] > v)
        return mt_error_at(err, MT_EPARSE, o->sfile[SLOT_LOWER], o->line[SLOT_LOWER], o->col[SLOT_LOWER],
                           "lower bound %.15g is above the value %.15g", o->x[SLOT_LOWER], v);
    if (isfinite(o->x[SLOT_UPPER]) && o->x[SLOT_UPPER] < v)
        return mt_error_at(err, MT_EPARSE, o->sfile[SLOT_UPPER], o->line[SLOT_UPPER], o->col[SLOT_UPPER],
                           "upper bound %.15g is below the value %.15g", o->x[SLOT_UPPER], v);
    return MT_OK;
}

static mt_status fill_series(mt_series *s, obs **o, size_t n)
{
    memset(s, 0, sizeof *s);
    s->id = mt_series_make_id(o[0]->key[0], o[0]->key[1], o[0]->key[2]);
    s->indicator = strdup(o[0]->key[0]);
    s->market = strdup(o[0]->key[1]);
    s->region = strdup(o[0]->key[2]);
    s->source = strdup(o[0]->file);
    s->freq = o[0]->period.freq;
    s->n = n;
    s->period = malloc(n * sizeof *s->period);
    s->t = malloc(n * sizeof *s->t);
    s->value = malloc(n * sizeof *s->value);
    s->lower = malloc(n * sizeof *s->lower);
    s->upper = malloc(n * sizeof *s->upper);
    s->se = malloc(n * sizeof *s->se);
    s->n_obs = malloc(n * sizeof *s->n_obs);
    s->flags = malloc(n * sizeof *s->flags);
    s->note = calloc(n, sizeof *s->note);
    s->line = malloc(n * sizeof *s->line);
    s->column = malloc(n * sizeof *s->column);
    if (!s->id || !s->indicator || !s->market || !s->region || !s->source || !s->period || !s->t ||
        !s->value || !s->lower || !s->upper || !s->se || !s->n_obs || !s->flags || !s->note ||
        !s->line || !s->column)
        return MT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        s->period[i] = o[i]->period;
        s->t[i] = mt_period_time(&o[i]->period);
        s->value[i] = o[i]->x[SLOT_VALUE];
        s->lower[i] = o[i]->x[SLOT_LOWER];
        s->upper[i] = o[i]->x[SLOT_UPPER];
        s->se[i] = o[i]->x[SLOT_SE];
        s->n_obs[i] = o[i]->x[SLOT_N];
        s->flags[i] = o[i]->flags;
        s->line[i] = (o[i]->have & (1u << SLOT_VALUE)) ? o[i]->line[SLOT_VALUE] : o[i]->pline;
        s->column[i] = o[i]->col[SLOT_VALUE];
        if (o[i]->note && (s->note[i] = strdup(o[i]->note)) == NULL)
            return MT_ENOMEM;
    }
    /* per-row provenance only where some row gave one, so series from
     * files without a source column carry no array at all */
    for (size_t i = 0; i < n; i++) {
        if (o[i]->rsource == NULL)
            continue;
        if (s->row_source == NULL && (s->row_source = calloc(n, sizeof *s->row_source)) == NULL)
            return MT_ENOMEM;
        if ((s->row_source[i] = strdup(o[i]->rsource)) == NULL)
            return MT_ENOMEM;
    }
    return MT_OK;
}

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
            st = parse_record(&recs[i]->rec[j], recs[i]->file, &intake[i], used,
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
        while (h < used && key_cmp(ptr[g], ptr[h]) == 0)
            h++;
        /* the frequency of the series is that of its first row in input order */
        size_t first = g;
        for (size_t i = g; i < h; i++)
            if (ptr[i]->seq < ptr[first]->seq)
                first = i;
        size_t other = h;
        for (size_t i = g; i < h; i++)
            if (ptr[i]->period.freq != ptr[first]->period.freq && (other == h || ptr[i]->seq < ptr[other]->seq))
                other = i;
        if (other < h) {
            char *id = mt_series_make_id(ptr[g]->key[0], ptr[g]->key[1], ptr[g]->key[2]);
            char pbuf[MT_PERIOD_STR_MAX];
            mt_period_format(&ptr[other]->period, pbuf, sizeof pbuf);
            st = mt_error_at(err, MT_EPARSE, ptr[other]->file, ptr[other]->pline, ptr[other]->pcol,
                             "period %s is a %s, but series '%s' has %s periods (first at %s:%ld); "
                             "a series has one frequency", pbuf,
                             mt_freq_name(ptr[other]->period.freq), id ? id : "",
                             mt_freq_name(ptr[first]->period.freq), ptr[first]->file, ptr[first]->pline);
            free(id);
            break;
        }
        size_t start = kept;
        for (size_t i = g; i < h && st == MT_OK; i++) {
            if (kept > start && mt_period_cmp(&ptr[kept - 1]->period, &ptr[i]->period) == 0)
                st = merge(ptr[kept - 1], ptr[i], err);
            else
                ptr[kept++] = ptr[i];
        }
        for (size_t i = start; i < kept && st == MT_OK; i++)
            st = check_bounds(ptr[i], err);
        if (st == MT_OK && kept - start > MT_SERIES_PERIODS_MAX) {
            char *id = mt_series_make_id(ptr[start]->key[0], ptr[start]->key[1], ptr[start]->key[2]);
            st = mt_error_set(err, MT_ELIMIT, "series '%s': more than the limit of %zu periods",
                              id ? id : "", MT_SERIES_PERIODS_MAX);
            free(id);
        }
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
        while (h < kept && key_cmp(ptr[g], ptr[h]) == 0)
            h++;
        out->n++;
        if (fill_series(&out->series[out->n - 1], ptr + g, h - g) != MT_OK) {
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
