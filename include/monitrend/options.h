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

#include "monitrend/options_type.h" /* mt_options, MT_FMT_*, MT_RESULTS_* */
#include "monitrend/status.h"

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
