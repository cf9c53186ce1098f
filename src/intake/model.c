/*
 * model.c - monitor model files (see model.h and docs/model-format.md): the
 * API.  mt_model_load reads the file into memory and hands it to the reader
 * (model_parse.c for lines and sections, model_keys.c for the keys,
 * model_check.c for the cross-references); mt_model_load_data reads the
 * data of every source.
 */
#include "model_parse.h"
#include "monitrend/options.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* =================================================================== API === */

static void free_source(mt_source *s)
{
    free(s->id);
    free(s->file);
    free(s->path);
    free(s->label);
    free(s->label_nl);
    mt_layout_clear(&s->layout);
}

void mt_model_free(mt_model *m)
{
    if (m == NULL)
        return;
    mt_monitor *mo = &m->monitor;
    mt_strlist_clear(&m->name_keys);
    mt_strlist_clear(&m->name_texts);
    free(mo->name);
    free(mo->title);
    free(mo->title_nl);
    free(mo->edition);
    free(mo->language);
    mt_strlist_clear(&mo->formats);
    for (size_t i = 0; i < m->n_params; i++) {
        free(m->params[i].id);
        free(m->params[i].source);
        free(m->params[i].label);
    }
    free(m->params);
    for (size_t i = 0; i < m->n_sources; i++)
        free_source(&m->sources[i]);
    free(m->sources);
    for (size_t i = 0; i < m->n_indicators; i++) {
        mt_indicator *in = &m->indicators[i];
        free(in->id);
        free(in->label);
        free(in->label_nl);
        free(in->unit);
        free(in->unit_nl);
        mt_strlist_clear(&in->markets);
        mt_strlist_clear(&in->sources);
        free(in->data);
        free(in->note);
    }
    free(m->indicators);
    for (size_t i = 0; i < m->n_events; i++) {
        mt_event *e = &m->events[i];
        free(e->id);
        free(e->date_text);
        free(e->label);
        free(e->label_nl);
        mt_strlist_clear(&e->affects);
        mt_strlist_clear(&e->comparison);
        free(e->source);
    }
    free(m->events);
    for (size_t i = 0; i < m->n_derived; i++) {
        mt_derived *d = &m->derived[i];
        free(d->id);
        free(d->expression);
        mt_expr_free(d->expr);
        mt_strlist_clear(&d->refs);
        mt_strlist_clear(&d->members);
        free(d->weights);
        mt_strlist_clear(&d->weight_ids);
        free(d->weight_values);
        free(d->base_text);
        free(d->gaps);
        free(d->indicator);
        free(d->market);
        free(d->region);
        free(d->series_id);
        free(d->label);
        free(d->label_nl);
        free(d->unit);
        free(d->unit_nl);
    }
    free(m->derived);
    for (size_t i = 0; i < m->n_crosschecks; i++) {
        mt_crosscheck *x = &m->crosschecks[i];
        free(x->id);
        free(x->label);
        free(x->label_nl);
        mt_strlist_clear(&x->members);
        mt_strlist_clear(&x->signs);
        free(x->expression);
        mt_expr_free(x->expr);
    }
    free(m->crosschecks);
    free(m->file);
    free(m->dir);
    free(m);
}

const mt_indicator *mt_model_find_indicator(const mt_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_indicators; i++)
        if (!strcmp(m->indicators[i].id, id))
            return &m->indicators[i];
    return NULL;
}

const mt_source *mt_model_find_source(const mt_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_sources; i++)
        if (!strcmp(m->sources[i].id, id))
            return &m->sources[i];
    return NULL;
}

/* Read a whole (small) file into memory. */
static mt_status slurp(const char *path, char **out, size_t *len, mt_error *err)
{
    struct stat sb;
    *out = NULL;
    if (stat(path, &sb) != 0)
        return mt_error_at(err, MT_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return mt_error_at(err, MT_EIO, path, 0, 0, "is a folder, not a model file");
    if (!S_ISREG(sb.st_mode))
        return mt_error_at(err, MT_EIO, path, 0, 0, "is not a regular file");
    if ((unsigned long long)sb.st_size > MT_MODEL_FILE_MAX)
        return mt_error_at(err, MT_ELIMIT, path, 0, 0, "model larger than the limit of %zu bytes",
                           MT_MODEL_FILE_MAX);
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return mt_error_at(err, MT_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    char *buf = malloc((size_t)sb.st_size + 1);
    if (buf == NULL) {
        fclose(fp);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    size_t n = fread(buf, 1, (size_t)sb.st_size, fp);
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(buf);
        return mt_error_at(err, MT_EIO, path, 0, 0, "read error");
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return MT_OK;
}

mt_status mt_model_load(const char *path, mt_model **out, mt_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    mt_status st = slurp(path, &buf, &len, err);
    if (st != MT_OK)
        return st;
    mt_model *m = calloc(1, sizeof *m);
    ctx c;
    memset(&c, 0, sizeof c);
    if (m == NULL || (m->file = strdup(path)) == NULL) {
        free(m);
        free(buf);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    const char *slash = strrchr(path, '/');
    m->dir = slash ? strndup(path, (size_t)(slash - path == 0 ? 1 : slash - path)) : strdup("");
    /* a model that leaves a key out has the run's default (options.c) */
    mt_options def;
    mt_options_default(&def);
    m->monitor.seed = def.seed;
    m->monitor.max_joinpoints = def.max_joinpoints;
    m->monitor.recent = def.recent;
    m->monitor.trim = def.trim;
    m->monitor.min_overlap = def.min_overlap;
    c.m = m;
    c.buf = buf;
    c.len = len;
    c.err = err;
    if (m->dir == NULL) {
        model_fail_at(&c, MT_ENOMEM, 0, "out of memory");
    } else if (len == 0) {
        model_fail_at(&c, MT_EPARSE, 0, "empty model file (expected a [monitor] section)");
    } else {
        if (model_parse(&c))
            model_validate(&c);
    }
    free(c.key);
    free(c.value);
    free(c.sec_text);
    mt_strlist_clear(&c.seen);
    free(c.seen_line);
    free(buf);
    if (c.failed) {
        mt_model_free(m);
        return c.st;
    }
    *out = m;
    return MT_OK;
}

/* ============================================================ loading data === */

typedef struct {
    const mt_model *m;
} kind_ctx;

static mt_kind kind_of(void *user, const char *indicator)
{
    const mt_indicator *in = mt_model_find_indicator(((kind_ctx *)user)->m, indicator);
    return in ? in->kind : MT_KIND_NONE;
}

static const mt_indicator *indicator_for_data(const mt_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_indicators; i++) {
        const mt_indicator *in = &m->indicators[i];
        if (!strcmp(in->data ? in->data : in->id, name))
            return in;
    }
    return NULL;
}

static char *trimmed_copy(const char *s)
{
    return model_dup_trim(s, s + strlen(s));
}

void mt_load_notes_clear(mt_load_notes *notes)
{
    for (size_t i = 0; i < notes->n; i++) {
        free(notes->item[i].source);
        free(notes->item[i].path);
        mt_strlist_clear(&notes->item[i].ids);
    }
    free(notes->item);
    notes->item = NULL;
    notes->n = 0;
}

/* A new empty note at the end of notes; NULL when out of memory. */
static mt_load_note *add_note(mt_load_notes *notes, mt_load_note_kind kind, size_t n)
{
    mt_load_note *a = realloc(notes->item, (notes->n + 1) * sizeof *a);
    if (a == NULL)
        return NULL;
    notes->item = a;
    mt_load_note *x = &a[notes->n++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->n = n;
    mt_strlist_init(&x->ids);
    return x;
}

mt_status mt_model_load_data(const mt_model *m, mt_dataset *out, mt_load_notes *notes, mt_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = m->n_sources;
    mt_records *recs = calloc(n ? n : 1, sizeof *recs);
    const mt_records **rp = calloc(n ? n : 1, sizeof *rp);
    mt_intake *in = calloc(n ? n : 1, sizeof *in);
    mt_strlist unknown;
    mt_strlist_init(&unknown);
    size_t *unknown_count = NULL;
    size_t *unknown_src = NULL;
    kind_ctx kc = {m};
    mt_status st = MT_OK;
    if (!recs || !rp || !in) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n && st == MT_OK; i++) {
        const mt_source *s = &m->sources[i];
        st = mt_records_read_file(s->path, s->path, &s->layout, &recs[i], err);
        if (st != MT_OK)
            break;
        /* keep the rows of declared indicators, renamed to the indicator ID */
        size_t kept = 0;
        for (size_t j = 0; j < recs[i].n; j++) {
            mt_record *r = &recs[i].rec[j];
            char *name = trimmed_copy(r->field[MT_FIELD_INDICATOR] ? r->field[MT_FIELD_INDICATOR] : "");
            if (name == NULL) {
                st = mt_error_set(err, MT_ENOMEM, "out of memory");
                break;
            }
            const mt_indicator *ind = indicator_for_data(m, name);
            if (ind) {
                char *id = strdup(ind->id);
                if (id == NULL) {
                    free(name);
                    st = mt_error_set(err, MT_ENOMEM, "out of memory");
                    break;
                }
                free(r->field[MT_FIELD_INDICATOR]);
                r->field[MT_FIELD_INDICATOR] = id;
                recs[i].rec[kept++] = *r;
                if (kept - 1 != j)
                    memset(r, 0, sizeof *r); /* moved: the slot owns nothing now */
            } else {
                size_t k;
                for (k = 0; k < unknown.n; k++)
                    if (unknown_src[k] == i && !strcmp(unknown.item[k], name))
                        break;
                if (k == unknown.n) {
                    size_t *a = realloc(unknown_count, (unknown.n + 1) * sizeof *a);
                    if (a)
                        unknown_count = a;
                    size_t *b = realloc(unknown_src, (unknown.n + 1) * sizeof *b);
                    if (b)
                        unknown_src = b;
                    if (!a || !b || mt_strlist_add(&unknown, name) != MT_OK) {
                        free(name);
                        st = mt_error_set(err, MT_ENOMEM, "out of memory");
                        break;
                    }
                    unknown_count[k] = 0;
                    unknown_src[k] = i;
                }
                unknown_count[k]++;
                for (int f = 0; f < MT_FIELD_COUNT; f++)
                    free(r->field[f]);
                memset(r, 0, sizeof *r);
            }
            free(name);
        }
        if (st != MT_OK)
            break; /* every slot is either a record or zeroed: mt_records_clear copes */
        recs[i].n = kept;
        rp[i] = &recs[i];
        in[i] = (mt_intake){s->layout.decimal, s->layout.period_format, s->layout.scale, kind_of, &kc};
    }
    if (st == MT_OK)
        st = mt_dataset_build(rp, in, n, out, err);
    if (st == MT_OK && notes) {
        for (size_t k = 0; k < unknown.n && st == MT_OK; k++) {
            const mt_source *src = &m->sources[unknown_src[k]];
            mt_load_note *x = add_note(notes, MT_LOAD_NOTE_UNDECLARED, unknown_count[k]);
            if (x == NULL || !(x->source = strdup(src->id)) || !(x->path = strdup(src->path)) ||
                mt_strlist_add(&x->ids, unknown.item[k]) != MT_OK)
                st = mt_error_set(err, MT_ENOMEM, "out of memory");
        }
        /* indicators without data: one note that lists them all, so that a
         * monitor declaring many of them is not a wall of identical lines */
        mt_strlist none;
        mt_strlist_init(&none);
        for (size_t i = 0; i < m->n_indicators && st == MT_OK; i++) {
            const mt_indicator *ind = &m->indicators[i];
            int found = 0;
            for (size_t k = 0; k < out->n && !found; k++)
                found = !strcmp(out->series[k].indicator, ind->id);
            if (!found && mt_strlist_add(&none, ind->id) != MT_OK)
                st = mt_error_set(err, MT_ENOMEM, "out of memory");
        }
        if (st == MT_OK && none.n > 0) {
            mt_load_note *x = add_note(notes, MT_LOAD_NOTE_NO_DATA, none.n);
            if (x == NULL)
                st = mt_error_set(err, MT_ENOMEM, "out of memory");
            else
                x->ids = none, mt_strlist_init(&none);
        }
        mt_strlist_clear(&none);
        if (st != MT_OK)
            mt_dataset_clear(out);
    }
done:
    for (size_t i = 0; recs && i < n; i++)
        mt_records_clear(&recs[i]);
    free(recs);
    free(rp);
    free(in);
    mt_strlist_clear(&unknown);
    free(unknown_count);
    free(unknown_src);
    return st;
}
