/*
 * pipeline_meta.c - what the writers get from the model, resolved once:
 * each series' label, unit, theme, kind, source and axis (mt_series_meta),
 * the indicators without data, and the report (result.h) that hands the
 * run to the writers.
 */
#include "pipeline_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/cadence.h"

/* Names equal when their letters and digits are, ignoring case:
 * "Antwerp Zuid" and "Antwerp-Zuid". */
static int same_name(const char *a, const char *b)
{
    if (a == NULL || b == NULL || *b == '\0')
        return 0;
    for (;;) {
        while (*a && !isalnum((unsigned char)*a))
            a++;
        while (*b && !isalnum((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        a++;
        b++;
    }
}

const mt_derived *mt_pl_find_derived(const mt_model *m, const mt_series *s)
{
    if (m == NULL)
        return NULL;
    for (size_t i = 0; i < m->n_derived; i++)
        if (m->derived[i].series_id != NULL && strcmp(m->derived[i].series_id, s->id) == 0)
            return &m->derived[i];
    return NULL;
}

void mt_pl_resolve_meta(const mt_run *run, const mt_series *s, mt_series_meta *out)
{
    memset(out, 0, sizeof *out);
    out->label = s->indicator;
    out->unit = "";
    out->source = s->source ? s->source : "";
    out->theme = MT_THEME_NONE;
    out->kind = MT_KIND_NONE;
    out->axis = MT_AXIS_AUTO;
    mt_cadence c = {MT_CADENCE_EVERY, 1};
    if (mt_series_cadence(s, &c, NULL) != MT_OK)
        c = (mt_cadence){MT_CADENCE_EVERY, 1};
    out->cadence_irregular = c.kind == MT_CADENCE_IRREGULAR;
    out->cadence_step = c.step;
    mt_series_count_flags(s, &out->flags);
    const mt_model *m = run->model;
    if (m == NULL)
        return;
    const mt_indicator *ind = mt_model_find_indicator(m, s->indicator);
    if (ind != NULL) {
        out->label = ind->label;
        out->label_nl = ind->label_nl;
        out->unit = ind->unit ? ind->unit : "";
        out->unit_nl = ind->unit_nl;
        out->theme = ind->theme;
        out->kind = ind->kind;
        out->axis = ind->axis;
        /* the source's publisher label, for figure footnotes: among the
         * sources reading the series' file, the one whose filters name the
         * series' region or market (several sources may share one file) */
        int best = -1;
        for (size_t i = 0; i < ind->sources.n; i++) {
            const mt_source *src = mt_model_find_source(m, ind->sources.item[i]);
            if (src == NULL || (s->source && strcmp(src->path, s->source) != 0))
                continue;
            int score = 0;
            for (size_t k = 0; k < src->layout.n_filter; k++)
                score += same_name(src->layout.filter[k].text, s->region) ||
                         same_name(src->layout.filter[k].text, s->market);
            if (score > best) {
                best = score;
                out->source = src->label;
                out->source_nl = src->label_nl;
            }
        }
        return;
    }
    const mt_derived *d = mt_pl_find_derived(m, s);
    if (d != NULL) {
        out->label = d->label ? d->label : d->id;
        out->label_nl = d->label_nl;
        out->unit = d->unit ? d->unit : "";
        out->unit_nl = d->unit_nl;
        out->theme = d->theme;
        out->kind = d->kind;
        out->source = "monitrend (derived)";
        out->derived = 1;
    }
    /* the `axis` of a derived series is looked up by its indicator */
    for (size_t i = 0; i < m->n_derived; i++)
        if (strcmp(m->derived[i].indicator, s->indicator) == 0) {
            out->axis = m->derived[i].axis;
            break;
        }
}

mt_status mt_pl_find_no_data(mt_run *run, mt_error *err)
{
    const mt_model *m = run->model;
    if (m == NULL)
        return MT_OK;
    run->no_data = calloc(m->n_indicators + 1, sizeof *run->no_data);
    if (run->no_data == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    for (size_t i = 0; i < m->n_indicators; i++) {
        const mt_indicator *ind = &m->indicators[i];
        if (ind->input_only)
            continue; /* an input (a denominator) is never reported */
        int has = 0;
        for (size_t j = 0; j < run->data.n && !has; j++)
            has = strcmp(run->data.series[j].indicator, ind->id) == 0;
        if (!has)
            run->no_data[run->n_no_data++] = (mt_no_data){ind->id, ind->label, ind->label_nl};
    }
    return MT_OK;
}

void mt_pipeline_report(const mt_run *run, mt_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->name = run->name;
    rep->opts = run->opts;
    rep->data = run->data;
    rep->load_notes = run->load_notes;
    rep->n_derive_notes = run->n_derive_notes;
    rep->derive_notes = run->derive_notes;
    rep->inputs = run->inputs;
    rep->n_cc_lack = run->n_cc_lack;
    rep->cc_lack = run->cc_lack;
    rep->n_results = run->n_results;
    rep->results = run->results;
    rep->n_cc = run->n_cc;
    rep->cc = run->cc;
    rep->n_avail = run->n_avail;
    rep->avail = run->avail;
    rep->n_cmp = run->n_cmp;
    rep->cmp = run->cmp;
    rep->n_no_data = run->n_no_data;
    rep->no_data = run->no_data;
    const mt_model *m = run->model;
    if (m != NULL) {
        rep->model_file = m->file;
        rep->title = m->monitor.title;
        rep->title_nl = m->monitor.title_nl;
        rep->edition = m->monitor.edition;
        rep->names.keys = &m->name_keys;
        rep->names.texts = &m->name_texts;
    }
}

static mt_status add_gap(mt_nl_gap **out, size_t *n, mt_nl_gap_kind kind, const char *id, long line)
{
    mt_nl_gap *a = realloc(*out, (*n + 1) * sizeof *a);
    if (a == NULL)
        return MT_ENOMEM;
    *out = a;
    a[(*n)++] = (mt_nl_gap){kind, id, line};
    return MT_OK;
}

mt_status mt_pipeline_missing_nl(const mt_run *run, mt_nl_gap **out, size_t *n)
{
    const mt_model *m = run->model;
    mt_status st = MT_OK;
    *out = NULL;
    *n = 0;
    if (m == NULL)
        return MT_OK;
    for (size_t i = 0; i < m->n_indicators && st == MT_OK; i++)
        if (m->indicators[i].label_nl == NULL)
            st = add_gap(out, n, MT_NL_GAP_INDICATOR, m->indicators[i].id, m->indicators[i].line);
    for (size_t i = 0; i < m->n_derived && st == MT_OK; i++)
        if (m->derived[i].label_nl == NULL && m->derived[i].label != NULL)
            st = add_gap(out, n, MT_NL_GAP_DERIVED, m->derived[i].id, m->derived[i].line);
    /* a source's label is a figure's footnote ("Source: ..."); one that
     * defaults to the file name is no text to translate */
    for (size_t i = 0; i < m->n_sources && st == MT_OK; i++) {
        const mt_source *src = &m->sources[i];
        const char *base = src->file ? strrchr(src->file, '/') : NULL;
        base = base ? base + 1 : src->file;
        if (src->label_nl == NULL && src->label != NULL && (base == NULL || strcmp(src->label, base) != 0))
            st = add_gap(out, n, MT_NL_GAP_SOURCE, src->id, src->line);
    }
    for (size_t i = 0; i < m->n_events && st == MT_OK; i++)
        if (m->events[i].label_nl == NULL)
            st = add_gap(out, n, MT_NL_GAP_EVENT, m->events[i].id, m->events[i].line);
    for (size_t i = 0; i < m->n_crosschecks && st == MT_OK; i++)
        if (m->crosschecks[i].label_nl == NULL)
            st = add_gap(out, n, MT_NL_GAP_CROSSCHECK, m->crosschecks[i].id, m->crosschecks[i].line);
    if (st != MT_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return st;
}
