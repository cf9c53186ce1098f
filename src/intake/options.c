/*
 * options.c - built-in defaults of a run (see options.h and monitrend(1)).
 */
#include "monitrend/options.h"

#include <string.h>

void mt_options_default(mt_options *o)
{
    memset(o, 0, sizeof *o);
    o->out_dir = NULL;
    o->lang = MT_LANG_EN;
    o->formats = MT_FMT_SVG | MT_FMT_PNG;
    o->figures = 1;
    o->verbosity = 0;
    o->seed = 1;
    o->jobs = 0;
    o->scale = MT_SCALE_AUTO;
    o->select = MT_SELECT_WBIC;
    o->max_joinpoints = -1;
    o->min_end = 2;
    o->min_between = 2;
    o->permutations = 4499;
    o->project = 0;
    o->early_stop = 0;
    o->recent = 10.0;
    o->breaks = MT_BREAKS_TREND;
    o->trim = 0.15;
    o->max_breaks = -1;
    o->bootstrap = 0;
    o->min_overlap = 5;
    o->lags = 2;
}
