/*
 * findings_internal.h - the parts of findings.txt and what they share
 * (internal to src/present): write_findings.c writes the file and its
 * headlines and the number formats below; findings_series.c one
 * indicator's paragraph; findings_notes.c the cross-checks and data notes;
 * findings_short.c short series, series with only excluded values, and the
 * one list of indicators without data.
 */
#ifndef MONITREND_FINDINGS_INTERNAL_H
#define MONITREND_FINDINGS_INTERNAL_H

#include <stdio.h>

#include "monitrend/fmt.h"
#include "monitrend/report.h"

/* What every part writes to: the file, the edition's language, the run. */
typedef struct {
    FILE *f;
    mt_lang lang;
    const mt_report *run;
} mt_findings_out;

/* Bytes of a p-value text ("p < 0.001"). */
#define MT_FINDINGS_P_MAX (MT_FMT_MAX + 8)

/* A value in the unit of its indicator: counts whole, others 3 significant
 * digits; buf holds MT_FMT_MAX bytes. */
void mt_findings_value(mt_lang lang, mt_kind kind, double x, char *buf);
/* "95% CI -1.2% to +3.4%" of two percent changes. */
void mt_findings_ci_pct(mt_lang lang, double lo, double hi, char *buf, size_t size);
/* "p = 0.03" / "p < 0.001"; buf holds MT_FINDINGS_P_MAX bytes. */
void mt_findings_p(mt_lang lang, double p, char *buf);
/* "rose 19.0% in 2024 compared with 2023, from 16,945 to 20,163" */
void mt_findings_change(const mt_findings_out *o, const mt_series_result *r, char *buf, size_t size);
/* The reader-facing name of the series with this id ("label, market,
 * region", names.h); the id itself when the run has no such series. */
void mt_findings_series_name(const mt_report *run, const char *id, char *buf, size_t size);
/* A cross-check verdict and type in words (cc_words.c; static storage). */
const char *mt_findings_verdict(mt_lang lang, const char *v);
const char *mt_findings_type(mt_lang lang, const char *t);

/* The verdict of cross-check c in words; a shift names the members (by
 * "market, region" when their names are long and those tell them apart). */
void mt_findings_cc_verdict(const mt_report *run, mt_lang lang, const mt_cc_row *c, const char *name_a,
                            const char *name_b, char *buf, size_t size);

/* The paragraph of one indicator in its theme's section. */
void mt_findings_indicator(const mt_findings_out *o, const mt_series_result *r);
/* The CROSS-CHECKS section (nothing when the run has none). */
void mt_findings_crosschecks(const mt_findings_out *o);
/* The DATA NOTES section: its heading and the notes of the whole run
 * (indicators without data, reading and derivation warnings) ... */
void mt_findings_data_notes_head(const mt_findings_out *o);
/* ... then the notes of each series in series order (anomalies, short
 * series, provisional and excluded values, definition changes), then a
 * blank line. */
void mt_findings_series_notes(const mt_findings_out *o, const mt_series_result *r);

/* Two lines for a series of 3 to MT_SHORT_SERIES_MAX fitted points: first and
 * last fitted value, the change between them and its direction, the lowest
 * and highest value; then why there is no trend.  No trend sentence. */
void mt_findings_short_series(FILE *f, mt_lang lang, const mt_report *run, const mt_series_result *r);

/* One line per value of a series whose values are all excluded from the fits
 * (a multi-year total, say), with the data's own note in English editions. */
void mt_findings_excluded_only(FILE *f, mt_lang lang, const mt_report *run, const mt_series_result *r);

/* One data-notes item naming every declared indicator without data (by
 * label) and where the reasons are; nothing when all have data. */
void mt_findings_no_data(FILE *f, mt_lang lang, const mt_report *run);

/* ---- what the file needs of each series (findings_acc.c) ---------------- */

/* Gathered series by series as they are handed over, in series order, so
 * that no result need be kept: mt_findings_acc_add with a report in which
 * r's series can be looked up (the whole run's, or a view of r alone when
 * the series of a run are written and dropped one by one: a run without a
 * model, whose texts name no other series).  NULL on failure to allocate. */
typedef struct mt_findings_acc mt_findings_acc;
mt_findings_acc *mt_findings_acc_alloc(void);
void mt_findings_acc_add(mt_findings_acc *a, const mt_report *run, const mt_series_result *r);
void mt_findings_acc_free(mt_findings_acc *a);

/* The header's numbers: series, observations with a value, first and last period. */
void mt_findings_acc_header(const mt_findings_acc *a, size_t *n_series, size_t *n_obs,
                            const char **lo, const char **hi);
/* Non-zero when some series has seasonal terms (the methods say how). */
int mt_findings_acc_seasonal(const mt_findings_acc *a);
/* The headlines (write_findings.c states the rule): the changes, then what
 * crosschecks prints (numbering on from *item), then the trends. */
mt_status mt_findings_acc_headlines(mt_findings_acc *a, const mt_findings_out *o,
                                    void (*crosschecks)(const mt_findings_out *o, size_t *item));
/* Copy the paragraphs of section slot (theme t - 1 for the themes in enum
 * order, MT_THEME_COUNT - 1 for series without a theme) to f; *count: how many. */
mt_status mt_findings_acc_section(mt_findings_acc *a, size_t slot, size_t *count, FILE *f);
/* Copy the series' data notes to f. */
mt_status mt_findings_acc_notes(mt_findings_acc *a, FILE *f);

/* findings.txt of run from what a gathered: the file's bytes are those of
 * mt_write_findings on the whole run. */
mt_status mt_findings_write_acc(const mt_report *run, mt_findings_acc *a, const char *dir,
                                mt_error *err);

#endif
