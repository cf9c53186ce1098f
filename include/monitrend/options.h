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

/* Fill o with the built-in defaults documented in the man page. */
void mt_options_default(mt_options *o);

/* The one validation of a maximum number of joinpoints, shared by
 * `--max-joinpoints` and the model's `max_joinpoints`: a decimal integer
 * from 0 to MT_JP_MAX_JOINPOINTS, the most the joinpoint kernel fits.  A
 * value out of range is an error, never clamped.  On MT_EINVAL *out is
 * unchanged and *expected (optional) receives a static phrase for the
 * message, "an integer from 0 to 5". */
mt_status mt_options_parse_max_joinpoints(const char *text, int *out, const char **expected);

/* The numeric run options that the command line and a model's [monitor]
 * section both set: one syntax and one range each, so that `--bootstrap 7`
 * and `bootstrap = 7` are accepted or refused alike. */
typedef enum {
    MT_OPT_BOOTSTRAP,      /* an integer from 0 to 100000 */
    MT_OPT_PROJECT,        /* an integer from 0 to 12 */
    MT_OPT_RECENT,         /* years, 1 to 100 */
    MT_OPT_TRIM,           /* a fraction in (0, 0.5) or a whole count of 2 or more */
    MT_OPT_MIN_OVERLAP,    /* an integer from 2 to 10000 */
    MT_OPT_FIGURE_TIMEOUT  /* seconds above 0, at most 86400 */
} mt_opt_number;

/* Parse text as the option which: decimal digits (with '.' and an exponent
 * for the non-integers), no sign, no blank.  MT_OK with *out; MT_EINVAL with
 * *out unchanged and *expected (optional) a static phrase for the message
 * ("an integer from 0 to 100000"). */
mt_status mt_options_parse_number(mt_opt_number which, const char *text, double *out,
                                  const char **expected);

#endif
