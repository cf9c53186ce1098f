/*
 * options.h - the settings of one monitrend run.
 *
 * Options come from three places, in increasing priority: built-in defaults
 * (mt_options_default), the model's [monitor] section, and the command line.
 * Each field that the command line or model may set has a matching `*_set`
 * flag so that a model default never overrides an explicit option.
 */
#ifndef MONITREND_OPTIONS_H
#define MONITREND_OPTIONS_H

#include <stddef.h>
#include "monitrend/trend.h" /* mt_scale */

#include "monitrend/fmt.h"   /* mt_lang */

enum { MT_FMT_SVG = 1u << 0, MT_FMT_PNG = 1u << 1, MT_FMT_PDF = 1u << 2 };

typedef enum { MT_SELECT_WBIC = 0, MT_SELECT_BIC, MT_SELECT_BIC3, MT_SELECT_PERMUTATION } mt_select;
typedef enum { MT_BREAKS_TREND = 0, MT_BREAKS_MEAN, MT_BREAKS_NONE } mt_breaks_kind;

typedef struct {
    /* output */
    const char *out_dir;      /* NULL: out/<model name>/ (run) or stdout table (trend) */
    mt_lang lang;             int lang_set;
    unsigned formats;         int formats_set;
    int figures;              /* 0 with --no-figures */
    int verbosity;            /* -1 quiet, 0 normal, 1 verbose */
    unsigned long seed;       int seed_set;
    size_t jobs;              /* 0 = all cores */

    /* trend engine */
    mt_scale scale;           int scale_set;
    mt_select select;         int select_set;
    int max_joinpoints;       /* -1 = by number of points */
    int min_end;              /* observations from either end (default 2) */
    int min_between;          /* observations between joinpoints (default 2) */
    size_t permutations;      /* default 4499 */
    int early_stop;           /* curtailed permutation sampling */
    double recent;            int recent_set;   /* years of the recent AAPC window */
    size_t project;           int project_set;  /* periods projected past the data (default 0) */
    int errors_ar1;           int errors_set;   /* --errors ar1 (1) or iid (0, default) */

    /* breaks and bands */
    mt_breaks_kind breaks;    int breaks_set;
    double trim;              int trim_set;     /* h: fraction < 1 or count >= 2 */
    int max_breaks;           /* -1 = as strucchange */
    size_t bootstrap;         int bootstrap_set;

    /* cross-checks */
    size_t min_overlap;       int min_overlap_set;
    int lags;                 /* maximum lag of the cross-correlation */
} mt_options;

/* Fill o with the built-in defaults documented in the man page. */
void mt_options_default(mt_options *o);

#endif
