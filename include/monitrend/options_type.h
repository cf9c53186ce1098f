/*
 * options_type.h - the record of the settings of one run (mt_options), of
 * stats and core types only, so that the writers can read the options a run
 * used.  Defaults and validation are intake's (options.h).
 */
#ifndef MONITREND_OPTIONS_TYPE_H
#define MONITREND_OPTIONS_TYPE_H

#include <stddef.h>
#include "monitrend/trend.h" /* mt_scale, mt_variance, mt_zeros */
#include "monitrend/season.h" /* mt_season_spec */

#include "monitrend/lang.h"
#include "monitrend/status.h"

enum { MT_FMT_SVG = 1u << 0, MT_FMT_PNG = 1u << 1, MT_FMT_PDF = 1u << 2 };
/* Result files (--results): the CSV tables under results/ and results.json. */
enum { MT_RESULTS_CSV = 1u << 0, MT_RESULTS_JSON = 1u << 1 };

#include "monitrend/vocab.h" /* mt_select, mt_breaks_kind */

typedef struct {
    /* output */
    const char *out_dir;      /* NULL: out/<model name>/ (run) or stdout table (trend) */
    mt_lang lang;             int lang_set;
    unsigned formats;         int formats_set;
    int figures;              /* 0 with --no-figures */
    int verbosity;            /* -1 quiet, 0 normal, 1 verbose */
    unsigned long seed;       int seed_set;     /* default MT_DEFAULT_SEED */
    size_t jobs;              /* 0 = all cores (threads over series, gnuplot processes) */
    double figure_timeout;    int figure_timeout_set; /* seconds one figure may take */
    unsigned results;         /* MT_RESULTS_CSV | MT_RESULTS_JSON (default both) */

    /* trend engine */
    mt_scale scale;           int scale_set;
    mt_variance variance;     int variance_set; /* count series' variance model (default auto) */
    mt_zeros zeros;           int zeros_set;    /* values <= 0 on the log scale (default exclude) */
    mt_season_spec season;    int season_set;   /* seasonal terms (default auto) */
    mt_select select;         int select_set;
    int max_joinpoints;       /* -1 = by number of points; else 0..MT_JP_MAX_JOINPOINTS */
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
    int expect_opposite;      /* crosscheck command: the pair should move oppositely */
} mt_options;

#endif
