/*
 * series_obs.c - the parts of building series that mt_dataset_build
 * (series.c) and the series stream (series_stream.c) share (series_obs.h):
 * a record parsed into an obs, the checks of one series' group of obs
 * (one frequency, duplicates and merges, bounds, the period limit) and the
 * series filled from it; and the kind checks (series.h).
 */
#include "series_obs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/number.h"

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



int obs_key_cmp(const obs *a, const obs *b)
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

int obs_cmp(const void *pa, const void *pb)
{
    const obs *a = *(const obs *const *)pa, *b = *(const obs *const *)pb;
    int c = obs_key_cmp(a, b);
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

void obs_free(obs *o)
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

mt_status obs_parse(const mt_record *r, const char *file, const mt_intake *in, size_t seq,
                    const obs *prev, obs *o, mt_error *err)
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

mt_status obs_check_group(obs **grp, size_t n, obs **out, size_t *kept, mt_error *err)
{
    *kept = 0;
    /* the frequency of the series is that of its first row in input order */
    size_t first = 0;
    for (size_t i = 0; i < n; i++)
        if (grp[i]->seq < grp[first]->seq)
            first = i;
    size_t other = n;
    for (size_t i = 0; i < n; i++)
        if (grp[i]->period.freq != grp[first]->period.freq && (other == n || grp[i]->seq < grp[other]->seq))
            other = i;
    if (other < n) {
        char *id = mt_series_make_id(grp[0]->key[0], grp[0]->key[1], grp[0]->key[2]);
        char pbuf[MT_PERIOD_STR_MAX];
        mt_period_format(&grp[other]->period, pbuf, sizeof pbuf);
        mt_status st = mt_error_at(err, MT_EPARSE, grp[other]->file, grp[other]->pline, grp[other]->pcol,
                                   "period %s is a %s, but series '%s' has %s periods (first at %s:%ld); "
                                   "a series has one frequency", pbuf,
                                   mt_freq_name(grp[other]->period.freq), id ? id : "",
                                   mt_freq_name(grp[first]->period.freq), grp[first]->file, grp[first]->pline);
        free(id);
        return st;
    }
    /* out[k] is written only after grp[i] (at or after it) has been read */
    mt_status st = MT_OK;
    size_t k = 0;
    for (size_t i = 0; i < n && st == MT_OK; i++) {
        if (k > 0 && mt_period_cmp(&out[k - 1]->period, &grp[i]->period) == 0)
            st = merge(out[k - 1], grp[i], err);
        else
            out[k++] = grp[i];
    }
    *kept = k;
    for (size_t i = 0; i < k && st == MT_OK; i++)
        st = check_bounds(out[i], err);
    if (st == MT_OK && k > MT_SERIES_PERIODS_MAX) {
        char *id = mt_series_make_id(out[0]->key[0], out[0]->key[1], out[0]->key[2]);
        st = mt_error_set(err, MT_ELIMIT, "series '%s': more than the limit of %zu periods",
                          id ? id : "", MT_SERIES_PERIODS_MAX);
        free(id);
    }
    return st;
}

mt_status obs_fill_series(mt_series *s, obs **o, size_t n)
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
