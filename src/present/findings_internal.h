/*
 * findings_internal.h - parts of findings.txt written outside write_findings.c
 * (findings_short.c): short series, series with only excluded values, and the
 * one list of indicators without data.  Internal to src/present.
 */
#ifndef MONITREND_FINDINGS_INTERNAL_H
#define MONITREND_FINDINGS_INTERNAL_H

#include <stdio.h>

#include "monitrend/fmt.h"
#include "monitrend/report.h"

/* Two lines for a series of 3 to MT_SHORT_SERIES_MAX fitted points: first and
 * last fitted value, the change between them and its direction, the lowest
 * and highest value; then why there is no trend.  No trend sentence. */
void mt_findings_short_series(FILE *f, mt_lang lang, const mt_report *run, const mt_series_result *r);

/* One line per value of a series whose values are all excluded from the fits
 * (a multi-year total, say), with the data's own note in English editions. */
void mt_findings_excluded_only(FILE *f, mt_lang lang, const mt_report *run, const mt_series_result *r);

/* One data-notes item naming every declared indicator without data (label
 * and id) and where the reasons are; nothing when all have data. */
void mt_findings_no_data(FILE *f, mt_lang lang, const mt_report *run);

#endif
