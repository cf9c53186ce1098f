/*
 * options.c - built-in defaults of a run (see options.h and monitrend(1)).
 */
#include "monitrend/options.h"

#include <errno.h>
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
