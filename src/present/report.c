/*
 * report.c - lookups in a report (report.h): the metadata the run resolved
 * for each series, in the edition's language.
 */
#include "monitrend/report.h"

#include <stdio.h>
#include <string.h>

const mt_series_result *mt_report_result(const mt_report *rep, const mt_series *s)
{
    return &rep->results[s - rep->data.series];
}

const mt_series *mt_report_find(const mt_report *rep, const char *id)
{
    size_t lo = 0, hi = rep->data.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(rep->data.series[mid].id, id);
        if (c == 0)
            return &rep->data.series[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *mt_report_text(mt_lang lang, const char *en, const char *nl)
{
    return lang == MT_LANG_NL && nl ? nl : en;
}

void mt_report_series_meta(const mt_report *rep, const mt_series *s, const char **label,
                           const char **unit, const char **theme, const char **source)
{
    const mt_series_meta *m = &mt_report_result(rep, s)->meta;
    mt_lang lang = rep->opts.lang;
    *label = mt_report_text(lang, m->label, m->label_nl);
    *unit = mt_report_text(lang, m->unit, m->unit_nl);
    *theme = mt_theme_name(m->theme);
    *source = mt_report_text(lang, m->source, m->source_nl);
}

const char *mt_report_series_unit(const mt_report *rep, const mt_series *s)
{
    return mt_report_result(rep, s)->meta.unit;
}

const char *mt_report_series_unit_lang(const mt_report *rep, const mt_series *s)
{
    const mt_series_meta *m = &mt_report_result(rep, s)->meta;
    return mt_report_text(rep->opts.lang, m->unit, m->unit_nl);
}

mt_kind mt_report_series_kind(const mt_report *rep, const mt_series *s)
{
    return mt_report_result(rep, s)->meta.kind;
}

void mt_report_series_title(const mt_report *rep, const mt_series *s, char *buf, size_t size)
{
    const mt_series_meta *m = &mt_report_result(rep, s)->meta;
    size_t k = (size_t)snprintf(buf, size, "%s", mt_report_text(rep->opts.lang, m->label, m->label_nl));
    if (s->market[0] && k < size)
        k += (size_t)snprintf(buf + k, size - k, ", %s", s->market);
    if (s->region[0] && k < size)
        snprintf(buf + k, size - k, ", %s", s->region);
}

const char *mt_report_event_label(const mt_an_event *e, mt_lang lang)
{
    if (e->label[0] == '\0' && strcmp(e->event, "data-break") == 0)
        return lang == MT_LANG_NL ? "definitiewijziging (databestand)"
                                  : "change of definition (data file)";
    return lang == MT_LANG_NL && e->label_nl[0] ? e->label_nl : e->label;
}
