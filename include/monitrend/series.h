/*
 * series.h - indicator series and the data set that holds them.
 *
 * A series is the combination indicator + market + region; its id is
 * "indicator/market/region" with empty parts dropped.  Observations are kept
 * in period order with missing values as NaN (never a sentinel), and every
 * observation keeps its flags so that excluded points are shown but never
 * fitted.  The data set owns all memory of its series (mt_dataset_clear).
 */
#ifndef MONITREND_SERIES_H
#define MONITREND_SERIES_H

#include <stddef.h>
#include "monitrend/csvread.h"
#include "monitrend/period.h"
#include "monitrend/series_type.h" /* mt_series, mt_dataset, MT_FLAG_* */
#include "monitrend/status.h"
#include "monitrend/vocab.h"

/* Indicator kinds (mt_kind, mt_kind_name) are in vocab.h. */

/* Documented limits (docs/intake.md); exceeding one gives MT_ELIMIT. */
#define MT_SERIES_MAX          ((size_t)100000)  /* series per data set */
#define MT_SERIES_PERIODS_MAX  ((size_t)100000)  /* observations per series */

/* Build the id "indicator/market/region" (empty parts dropped) into a new
 * string the caller frees with free(). NULL on allocation failure. */
char *mt_series_make_id(const char *indicator, const char *market, const char *region);

/* The indicator part of a series id (before the first '/') into buf (size
 * > 0, cut to size - 1 bytes); returns buf. */
const char *mt_series_id_indicator(const char *id, char *buf, size_t size);

/* Number of observations with a finite value that are not flagged exclude. */
size_t mt_series_n_fit(const mt_series *s);

/* Look a series up by id; borrowed pointer, NULL when absent. */
const mt_series *mt_dataset_find(const mt_dataset *ds, const char *id);

/* Free every array and string of s and leave it zeroed; s itself is not
 * freed.  NULL is a no-op.  For a series the caller owns (series_stream.h). */
void mt_series_clear(mt_series *s);

/* Free every series and their arrays; ds itself is not freed. NULL is a no-op. */
void mt_dataset_clear(mt_dataset *ds);

/* Check every finite value of s against its indicator kind: a count may not
 * be negative, a purity or prevalence must lie in 0-100.  MT_EPARSE with
 * "FILE:LINE:COL: negative count -3 (indicator 'x' has kind count)" or
 * "FILE:LINE:COL: percentage 104.5 outside 0-100 (indicator 'x' has kind
 * prevalence)", FILE being s->source.  Missing values are not checked. */
mt_status mt_series_check_kind(const mt_series *s, mt_kind kind, mt_error *err);

/* Periods absent between the first and last observation of s (a period that
 * is present with a missing value is not a gap).  *out is a new array the
 * caller frees with free() (NULL when there are none); *n its length. */
mt_status mt_series_gaps(const mt_series *s, mt_period **out, size_t *n, mt_error *err);

/* Counts of flags (mt_flag_counts: series_type.h). */
void mt_series_count_flags(const mt_series *s, mt_flag_counts *out);

/* Parse a flag cell: empty, or flag names separated by '|' (provisional,
 * estimate, break, exclude, lod, below-lod; lod and below-lod set
 * MT_FLAG_LOD | MT_FLAG_EXCLUDE).  MT_EPARSE "unknown flag 'x' (expected
 * provisional, estimate, break, exclude, lod or below-lod)" without location. */
mt_status mt_flags_parse(const char *text, unsigned *out, mt_error *err);

/* ---- building a data set from records (csvread.h) ---------------------- */

/* Per source: how its text becomes numbers. */
typedef struct {
    char decimal;                      /* '.' or ',' */
    mt_period_layout period_format;
    double scale;                      /* multiplies value, lower, upper, se */
    /* The kind of an indicator (NULL = MT_KIND_NONE for all); user is passed back. */
    mt_kind (*kind_of)(void *user, const char *indicator);
    void *user;
} mt_intake;

/* Turn the records of n sources (recs[i] read with intake[i]) into out:
 * series sorted by id, observations sorted by period, t from mt_period_time.
 * Errors (MT_EPARSE, message "FILE:LINE:COL: ..."): a cell that is not a
 * number or period, an unknown flag, two frequencies in one series, the same
 * series and period twice (rows that give only different bounds of one
 * observation, as CBS margin rows do, are merged), lower > value,
 * upper < value, a kind violation; MT_ELIMIT beyond the series limits.
 * out must be empty ({0}); on error it stays empty. */
mt_status mt_dataset_build(const mt_records *const *recs, const mt_intake *intake, size_t n,
                           mt_dataset *out, mt_error *err);

/* Read a tidy CSV file (docs/intake.md) without a model: kinds unknown, so
 * no kind checks.  out must be empty; the caller frees it with mt_dataset_clear. */
mt_status mt_dataset_read_tidy(const char *path, mt_dataset *out, mt_error *err);

#endif
