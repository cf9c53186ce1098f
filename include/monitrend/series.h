/*
 * series.h - indicator series and the data set that holds them.
 *
 * A series is the combination indicator + market + region; its id is
 * "indicator/market/region" with empty parts dropped.  Observations are kept
 * in period order with missing values as NaN (never a sentinel), and every
 * observation keeps its flags so that excluded points are shown but never
 * fitted.  The data set owns all memory of its series (mt_dataset_free).
 */
#ifndef MONITREND_SERIES_H
#define MONITREND_SERIES_H

#include <stddef.h>
#include "monitrend/period.h"
#include "monitrend/status.h"

/* Observation flags (bit mask). */
enum {
    MT_FLAG_PROVISIONAL = 1u << 0,
    MT_FLAG_ESTIMATE    = 1u << 1,
    MT_FLAG_BREAK       = 1u << 2, /* a change of definition starts at this period */
    MT_FLAG_EXCLUDE     = 1u << 3  /* kept and shown, left out of every fit */
};

typedef struct {
    char *id;         /* "indicator/market/region", empty parts dropped */
    char *indicator;  /* never NULL */
    char *market;     /* "" when absent */
    char *region;     /* "" when absent */
    mt_freq freq;
    size_t n;         /* observations, including missing ones */
    mt_period *period;
    double *t;        /* time in decimal years (mt_period_time) */
    double *value;    /* NaN = missing */
    double *lower;    /* NaN when not given */
    double *upper;    /* NaN when not given */
    double *se;       /* NaN when not given */
    double *n_obs;    /* sample size per point, NaN when not given */
    unsigned *flags;
    char **note;      /* NULL or a note per observation */
    char *source;     /* where the series came from (file name), may be "" */
    long *line;       /* input line of each observation, for messages; 0 if derived */
} mt_series;

typedef struct {
    size_t n;
    size_t cap;
    mt_series *series;   /* sorted by id */
} mt_dataset;

/* Build the id "indicator/market/region" (empty parts dropped) into a new
 * string the caller frees with free(). NULL on allocation failure. */
char *mt_series_make_id(const char *indicator, const char *market, const char *region);

/* Number of observations with a finite value that are not flagged exclude. */
size_t mt_series_n_fit(const mt_series *s);

/* Look a series up by id; borrowed pointer, NULL when absent. */
const mt_series *mt_dataset_find(const mt_dataset *ds, const char *id);

/* Free every series and their arrays; ds itself is not freed. NULL is a no-op. */
void mt_dataset_free(mt_dataset *ds);

#endif
