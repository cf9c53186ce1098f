/*
 * series_obs.h - private interface between the two ways of building series
 * from records: the whole data set at once (series.c, mt_dataset_build) and
 * one series at a time (series_stream.c).  Both parse a record into an obs,
 * check each series' group of obs and fill an mt_series with the functions
 * below, so that the two cannot come to differ.  Not installed, not part of
 * the API.
 */
#ifndef MONITREND_SERIES_OBS_H
#define MONITREND_SERIES_OBS_H

#include "monitrend/series.h"

enum { SLOT_VALUE, SLOT_LOWER, SLOT_UPPER, SLOT_SE, SLOT_N, N_SLOTS };

/* One record, parsed: a part of an observation (rows that give disjoint
 * slots of one series and period are merged into one). */
typedef struct {
    char *key[3];          /* indicator, market, region (trimmed); owned where the bit
                              of own_keys is set, else shared with the row before */
    unsigned own_keys;
    mt_period period;
    double x[N_SLOTS];
    unsigned have;         /* bit per slot given by some row */
    unsigned flags;
    const char *note;      /* borrowed from the records */
    const char *rsource;   /* the row's source column, borrowed; NULL when empty */
    const char *file;      /* borrowed */
    const char *sfile[N_SLOTS]; /* where each slot was given (borrowed) */
    long line[N_SLOTS];
    long col[N_SLOTS];
    long pline, pcol;      /* where the period is */
    size_t seq;            /* input order */
    mt_kind kind;
} obs;

/* Order of series keys (indicator, market, region), each part by strcmp. */
int obs_key_cmp(const obs *a, const obs *b);

/* qsort comparison of obs pointers: key, period, input order. */
int obs_cmp(const void *pa, const void *pb);

/* Parse record r of file (borrowed by o, as are r's note and source) with
 * the intake in; seq is its input order.  prev: the row parsed before from
 * the same file, or NULL.  A key equal to prev's is shared rather than
 * copied (rows of a series usually follow each other: a 100,000-series file
 * then holds each key once, not once a row), and so is the kind of an equal
 * indicator.  MT_EPARSE "FILE:LINE:COL: ..." for a bad key, period, number,
 * flag or kind; MT_ENOMEM.  o is to be freed with obs_free also after an error. */
mt_status obs_parse(const mt_record *r, const char *file, const mt_intake *in, size_t seq,
                    const obs *prev, obs *o, mt_error *err);

/* Free the keys o owns. */
void obs_free(obs *o);

/* The checks of one series, grp[0..n) its obs sorted by obs_cmp (n > 0):
 * one frequency (that of its first row in input order), rows of one period
 * merged or reported as duplicates, bounds on the right side of the value,
 * at most MT_SERIES_PERIODS_MAX periods.  The merged obs go to out[0..*kept),
 * where out may be grp or lie before it in the same array.  The first
 * failure is returned (MT_EPARSE or MT_ELIMIT with its message). */
mt_status obs_check_group(obs **grp, size_t n, obs **out, size_t *kept, mt_error *err);

/* Fill s (overwritten) from the merged obs o[0..n) of one series.  MT_ENOMEM
 * without a message; s is then partly filled: free it with mt_series_clear. */
mt_status obs_fill_series(mt_series *s, obs **o, size_t n);

#endif
