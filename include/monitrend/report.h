/*
 * report.h - what the writers read of a series' metadata (result.h
 * mt_series_meta) in the edition's language, and the series of a report
 * by id.  Pure lookups in the report: no writer calls back into the run.
 */
#ifndef MONITREND_REPORT_H
#define MONITREND_REPORT_H

#include <stddef.h>
#include "monitrend/lang.h"
#include "monitrend/result.h"

/* The result of series s, which must be one of rep->data's series. */
const mt_series_result *mt_report_result(const mt_report *rep, const mt_series *s);

/* The series of id in rep->data (bisection; the data set is sorted by
 * id), NULL when absent. */
const mt_series *mt_report_find(const mt_report *rep, const char *id);

/* en, or nl for a Dutch edition when there is one. */
const char *mt_report_text(mt_lang lang, const char *en, const char *nl);

/* Label, unit and source of s in the edition's language and its theme's
 * name (mt_theme_name); borrowed, never NULL (source may be NULL when the
 * model's source has no label). */
void mt_report_series_meta(const mt_report *rep, const mt_series *s, const char **label,
                           const char **unit, const char **theme, const char **source);

/* The label of event e in lang: the model's, or for a data row flagged
 * `break` (event "data-break", no label) "change of definition (data
 * file)". */
const char *mt_report_event_label(const mt_an_event *e, mt_lang lang);

/* The model's `unit` of s in English, whatever the edition's language
 * (for the machine-readable results); "" when none. */
const char *mt_report_series_unit(const mt_report *rep, const mt_series *s);

/* The unit of s in the edition's language; "" when none. */
const char *mt_report_series_unit_lang(const mt_report *rep, const mt_series *s);

/* The kind of s (MT_KIND_NONE when the model does not say). */
mt_kind mt_report_series_kind(const mt_report *rep, const mt_series *s);

/* "label, market, region" of s (ids; empty parts left out) into buf. */
void mt_report_series_title(const mt_report *rep, const mt_series *s, char *buf, size_t size);

#endif
