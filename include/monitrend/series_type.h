/*
 * series_type.h - the record of an indicator series and of a data set: the
 * observations with their flags, in period order.  A plain record of core
 * types, so that every layer can read a series; reading and building them
 * is intake's (series.h), which owns their memory (mt_dataset_clear).
 */
#ifndef MONITREND_SERIES_TYPE_H
#define MONITREND_SERIES_TYPE_H

#include <stddef.h>
#include "monitrend/period.h"

/* Observation flags (bit mask). */
enum {
    MT_FLAG_PROVISIONAL = 1u << 0,
    MT_FLAG_ESTIMATE    = 1u << 1,
    MT_FLAG_BREAK       = 1u << 2, /* a change of definition starts at this period */
    MT_FLAG_EXCLUDE     = 1u << 3, /* kept and shown, left out of every fit */
    /* a censored value below the limit of detection (`lod` or `below-lod`):
     * always set together with MT_FLAG_EXCLUDE, so it is shown (marked in
     * the figure) but never fitted, and the note says which periods */
    MT_FLAG_LOD         = 1u << 4
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
    char **row_source; /* NULL, or per observation the row's `source` column (NULL = none):
                        * the page or publication each figure was read from */
    long *line;       /* input line of each observation, for messages; 0 if derived */
    long *column;     /* input column (field number) of each value, for messages; 0 if unknown */
} mt_series;

typedef struct {
    size_t n;
    size_t cap;
    mt_series *series;   /* sorted by id */
} mt_dataset;

/* Counts of the flags of a series (`monitrend check`, the findings). */
typedef struct {
    size_t missing;      /* observations with a missing value */
    size_t provisional;
    size_t estimate;
    size_t brk;          /* flag break */
    size_t exclude;      /* flag exclude, lod or below-lod */
    size_t lod;          /* flag lod or below-lod */
} mt_flag_counts;

#endif
