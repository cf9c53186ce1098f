/*
 * pipeline_meta.c - the metadata of a series from the model: label, unit,
 * theme, kind and source in the run's language.
 */
#include "pipeline_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

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
        if (strcmp(m->derived[i].series_id, s->id) == 0)
            return &m->derived[i];
    return NULL;
}

void mt_pipeline_series_meta(const mt_run *run, const mt_series *s, const char **label,
                             const char **unit, const char **theme, const char **source)
{
    *label = s->indicator;
    *unit = "";
    *theme = "";
    *source = s->source ? s->source : "";
    const mt_model *m = run->model;
    if (m == NULL)
        return;
    int nl = run->opts.lang == MT_LANG_NL;
    const mt_indicator *ind = mt_model_find_indicator(m, s->indicator);
    if (ind != NULL) {
        *label = nl && ind->label_nl ? ind->label_nl : ind->label;
        *unit = nl && ind->unit_nl ? ind->unit_nl : ind->unit ? ind->unit : "";
        *theme = mt_theme_name(ind->theme);
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
                *source = nl && src->label_nl ? src->label_nl : src->label;
            }
        }
        return;
    }
    const mt_derived *d = mt_pl_find_derived(m, s);
    if (d != NULL) {
        *label = nl && d->label_nl ? d->label_nl : d->label ? d->label : d->id;
        *unit = nl && d->unit_nl ? d->unit_nl : d->unit ? d->unit : "";
        *theme = mt_theme_name(d->theme);
        *source = "monitrend (derived)";
    }
}

const char *mt_pipeline_series_unit(const mt_run *run, const mt_series *s)
{
    if (run->model == NULL)
        return "";
    const mt_indicator *ind = mt_model_find_indicator(run->model, s->indicator);
    if (ind)
        return ind->unit ? ind->unit : "";
    const mt_derived *d = mt_pl_find_derived(run->model, s);
    return d && d->unit ? d->unit : "";
}

const char *mt_pipeline_series_unit_lang(const mt_run *run, const mt_series *s)
{
    const char *label, *unit, *theme, *source;
    mt_pipeline_series_meta(run, s, &label, &unit, &theme, &source);
    return unit;
}

mt_kind mt_pipeline_series_kind(const mt_run *run, const mt_series *s)
{
    if (run->model == NULL)
        return MT_KIND_NONE;
    const mt_indicator *ind = mt_model_find_indicator(run->model, s->indicator);
    if (ind)
        return ind->kind;
    const mt_derived *d = mt_pl_find_derived(run->model, s);
    return d ? d->kind : MT_KIND_NONE;
}

void mt_pipeline_series_title(const mt_run *run, const mt_series *s, char *buf, size_t size)
{
    const char *label, *unit, *theme, *source;
    mt_pipeline_series_meta(run, s, &label, &unit, &theme, &source);
    size_t k = (size_t)snprintf(buf, size, "%s", label);
    if (s->market[0] && k < size)
        k += (size_t)snprintf(buf + k, size - k, ", %s", s->market);
    if (s->region[0] && k < size)
        snprintf(buf + k, size - k, ", %s", s->region);
}
