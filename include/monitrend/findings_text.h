/*
 * findings_text.h - phrases of the findings that must say exactly what a
 * number is (issue 11): the trend a headline quotes, the previous period or
 * wave a change refers to, and numbers rounded to the precision a monitor
 * prints.  Used by write_findings.c; no I/O.
 */
#ifndef MONITREND_FINDINGS_TEXT_H
#define MONITREND_FINDINGS_TEXT_H

#include <stddef.h>
#include "monitrend/result.h"
#include "monitrend/fmt.h"
#include "monitrend/period.h"

/* Shortest last joinpoint segment, in years, that a headline quotes on its
 * own; a shorter one is quoted through the AAPC of the last 5 years. */
#define MT_FINDINGS_MIN_SEGMENT_YEARS 5.0

typedef enum {
    MT_CURRENT_NONE = 0,      /* no log-scale trend to quote */
    MT_CURRENT_WHOLE,         /* no joinpoint selected: the whole-period APC */
    MT_CURRENT_SEGMENT,       /* the last segment of the selected joinpoint model */
    MT_CURRENT_AAPC_5Y        /* its AAPC over the last 5 years (last segment too short) */
} mt_current_kind;

typedef struct {
    mt_current_kind kind;
    double apc, lo, hi;       /* percent a year, 95% CI */
    int significant;          /* p < 0.05 (segment, whole) or a CI that excludes 0 (AAPC) */
    char from[MT_PERIOD_STR_MAX], to[MT_PERIOD_STR_MAX];
} mt_current_trend;

/* The trend that describes a series now (docs/methods-joinpoint.md,
 * "What the findings quote"): the selected joinpoint model's last segment
 * when it spans at least MT_FINDINGS_MIN_SEGMENT_YEARS, else its AAPC over
 * the last 5 years; the whole-period log-linear APC when the model has no
 * joinpoint (then the two are the same fit).  Log scale only. */
void mt_findings_current_trend(const mt_series_result *r, mt_current_trend *out);

/* "+16.0% a year since 1987 (95% CI +11.9% to +20.3%; last joinpoint segment,
 * 1987-2023)" and its Dutch counterpart, into buf; "" for MT_CURRENT_NONE. */
void mt_findings_current_phrase(const mt_current_trend *c, mt_lang lang, char *buf, size_t size);

/* The period of the latest value (finite, not excluded) that "Latest value"
 * and the change refer to, into buf (r->last is the last row, which may be
 * a missing value: the Belgian plant seizures end with three); "" when none. */
void mt_findings_latest_period(const mt_series_result *r, char *buf, size_t size);

/* The first and last periods with a fitted value (finite, not excluded):
 * the range a trend or AAPC covers, which r->first and r->last (first and
 * last rows) overstate when a series starts or ends with empty rows. */
void mt_findings_fit_range(const mt_series_result *r, char *from, char *to, size_t size);

/* The comparison period of a change, as the findings name it: "2022" for a
 * series published every period, "2013, the previous wave" ("2013, de
 * vorige meting") for a survey (cadence.h); r->prev_period must be set. */
void mt_findings_prev_ref(const mt_series_result *r, mt_lang lang, char *buf, size_t size);

/* The sentence when the latest value has nothing to compare with: "No value
 * for the previous period (2023)." or "No value for the previous wave
 * (2013)." (the period named when the cadence says which one it is). */
void mt_findings_no_prev(const mt_series_result *r, mt_lang lang, char *buf, size_t size);

#endif
