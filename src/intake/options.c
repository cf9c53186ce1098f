/*
 * options.c - built-in defaults of a run (see options.h and monitrend(1)).
 */
#include "monitrend/options.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/breaks.h"
#include "monitrend/crosscheck.h"
#include "monitrend/joinpoint.h" /* MT_JP_MAX_JOINPOINTS */

#define STR_(x) #x
#define STR(x) STR_(x)

/* The defaults of the statistics are the kernels' own (joinpoint, breaks,
 * cross-checks), so that a run without options and a library call agree. */
void mt_options_default(mt_options *o)
{
    mt_jp_options jp;
    mt_bp_options bp;
    mt_crosscheck_options cc;
    mt_jp_options_default(&jp);
    mt_bp_options_default(&bp);
    mt_crosscheck_options_default(&cc);
    memset(o, 0, sizeof *o);
    o->out_dir = NULL;
    o->lang = MT_LANG_EN;
    o->formats = MT_FMT_SVG | MT_FMT_PNG;
    o->figures = 1;
    o->verbosity = 0;
    o->seed = MT_DEFAULT_SEED;
    o->jobs = 0;
    o->results = MT_RESULTS_CSV | MT_RESULTS_JSON;
    o->figure_timeout = 300.0;
    o->scale = MT_SCALE_AUTO;
    o->variance = MT_VARIANCE_AUTO;
    o->zeros = MT_ZEROS_EXCLUDE;
    o->season = (mt_season_spec){MT_SEASON_AUTO, 0};
    o->select = MT_SELECT_WBIC;
    o->max_joinpoints = jp.max_joinpoints;
    o->min_end = (int)jp.min_end;
    o->min_between = (int)jp.min_between;
    o->permutations = jp.n_permutations;
    o->project = 0;
    o->early_stop = 0;
    o->recent = jp.recent_years;
    o->breaks = MT_BREAKS_TREND;
    o->trim = bp.h;
    o->max_breaks = -1;
    o->bootstrap = 0;
    o->min_overlap = cc.min_overlap;
    o->lags = (int)cc.max_lag;
    o->expect_opposite = 0;
}

mt_status mt_options_parse_max_joinpoints(const char *text, int *out, const char **expected)
{
    if (expected)
        *expected = "an integer from 0 to " STR(MT_JP_MAX_JOINPOINTS);
    if (text == NULL || *text < '0' || *text > '9')
        return MT_EINVAL; /* no sign, no blank: strtol would take both */
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (*end != '\0' || errno || v < 0 || v > MT_JP_MAX_JOINPOINTS)
        return MT_EINVAL;
    *out = (int)v;
    return MT_OK;
}

mt_status mt_options_parse_number(mt_opt_number which, const char *text, double *out,
                                  const char **expected)
{
    static const struct {
        int integer;
        double lo, hi;  /* inclusive, except where lo_open */
        int lo_open;
        const char *expected;
    } range[] = {
        [MT_OPT_BOOTSTRAP] = {1, 0, 100000, 0, "an integer from 0 to 100000"},
        [MT_OPT_PROJECT] = {1, 0, 12, 0, "a number of periods from 0 to 12"},
        [MT_OPT_RECENT] = {0, 1, 100, 0, "a number of years from 1 to 100"},
        [MT_OPT_TRIM] = {0, 0, HUGE_VAL, 1, "a fraction in (0, 0.5) or a whole count of 2 or more"},
        [MT_OPT_MIN_OVERLAP] = {1, 2, 10000, 0, "an integer from 2 to 10000"},
        [MT_OPT_FIGURE_TIMEOUT] = {0, 0, 86400, 1, "a number of seconds above 0, at most 86400"},
    };
    if ((unsigned)which >= sizeof range / sizeof range[0])
        return MT_EINVAL;
    if (expected)
        *expected = range[which].expected;
    if (text == NULL || !((*text >= '0' && *text <= '9') || (!range[which].integer && *text == '.')))
        return MT_EINVAL; /* no sign, no blank: strtod would take both */
    const char *allowed = range[which].integer ? "0123456789" : "0123456789.eE+-";
    if (text[strspn(text, allowed)] != '\0')
        return MT_EINVAL; /* no hexadecimal, inf or nan */
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (*end != '\0' || errno || !isfinite(v))
        return MT_EINVAL;
    int lo_ok = range[which].lo_open ? v > range[which].lo : v >= range[which].lo;
    if (!lo_ok || v > range[which].hi)
        return MT_EINVAL;
    /* trim: below 1 a share of the series, which must leave room for a
     * break (two segments of that share); else a count of observations */
    if (which == MT_OPT_TRIM && !(v < 0.5 || (v >= 2 && v == floor(v))))
        return MT_EINVAL;
    *out = v;
    return MT_OK;
}
