/*
 * cadence.h - the rhythm in which a series is published: every period,
 * every c periods (a biennial survey), or in irregular waves.
 *
 * Surveys and other sparse series are not annual series with gaps: the
 * years between two waves of a biennial survey are not missing, and the
 * value to compare the latest with is the previous wave.  The rule that
 * recognises a cadence (docs/methods-trend.md, "Cadence"), from the periods
 * present in the data (rows with a value, NA or excluded alike, because a
 * row says that a wave took place):
 *   d_k = index differences between consecutive rows (k = 1..m-1);
 *   - fewer than 2 rows, or the median d_k is 1:  every period (gaps are
 *     missing periods);
 *   - else g = the greatest common divisor of the d_k; when g > 1 and at
 *     least half of the d_k, and at least two, equal g: every g periods (a
 *     wave that did not take place, d_k = 2g, 3g, ..., is a missing wave);
 *   - else: irregular waves (no period between two waves is missing).
 */
#ifndef MONITREND_CADENCE_H
#define MONITREND_CADENCE_H

#include <stddef.h>
#include "monitrend/period.h"
#include "monitrend/series.h"
#include "monitrend/status.h"

typedef enum {
    MT_CADENCE_EVERY = 0,    /* every `step` periods (step 1: a regular series) */
    MT_CADENCE_IRREGULAR     /* waves at irregular intervals */
} mt_cadence_kind;

typedef struct {
    mt_cadence_kind kind;
    long step;               /* MT_CADENCE_EVERY: periods between waves (>= 1); else 0 */
} mt_cadence;

/* The cadence of n periods of one frequency in increasing order (the rule
 * above).  No allocation beyond a scratch copy for the median; MT_ENOMEM
 * when that fails, MT_EINVAL for periods not strictly increasing. */
mt_status mt_cadence_of(const mt_period *periods, size_t n, mt_cadence *out, mt_error *err);

/* The cadence of a series (its rows, whatever their values). */
mt_status mt_series_cadence(const mt_series *s, mt_cadence *out, mt_error *err);

/* 1 when the cadence is a survey rhythm (every 2 or more periods, or
 * irregular): "previous" then means the previous wave. */
int mt_cadence_is_waves(const mt_cadence *c);

/* Periods absent between the first and last row of s that the cadence
 * expects: every absent period for a regular series (mt_series_gaps),
 * absent waves on the grid first + k * step for every `step` periods, none
 * for irregular waves.  *out is a new array the caller frees (NULL when
 * there are none); *n its length. */
mt_status mt_series_missing_waves(const mt_series *s, const mt_cadence *c, mt_period **out,
                                  size_t *n, mt_error *err);

/* "annual", "biennial", "every 3 years", "quarterly", "every 2 quarters",
 * "irregular waves", ... (English; the findings translate), into buf. */
void mt_cadence_describe(const mt_cadence *c, mt_freq f, char *buf, size_t size);

#endif
