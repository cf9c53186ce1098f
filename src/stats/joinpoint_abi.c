/*
 * joinpoint_abi.c - opaque-handle wrappers over the joinpoint fit (see
 * joinpoint_abi.h).  No statistics here: each function reads or writes one
 * field of the structs in joinpoint.h, with range checks, so that a caller
 * from another language never depends on their layout.
 */
#include "monitrend/joinpoint_abi.h"

#include <math.h>
#include <stdlib.h>

mt_jp_options *mt_jp_options_alloc(void)
{
    mt_jp_options *o = malloc(sizeof *o);
    if (o)
        mt_jp_options_default(o);
    return o;
}

void mt_jp_options_free(mt_jp_options *opts)
{
    free(opts);
}

mt_status mt_jp_options_set_select(mt_jp_options *opts, int select)
{
    if (!opts || select < MT_JP_SELECT_WBIC || select > MT_JP_SELECT_PERMUTATION)
        return MT_EINVAL;
    opts->select = (mt_jp_select)select;
    return MT_OK;
}

mt_status mt_jp_options_set_joinpoints(mt_jp_options *opts, int min_joinpoints,
                                       int max_joinpoints)
{
    if (!opts || max_joinpoints < -1 || max_joinpoints > MT_JP_MAX_JOINPOINTS)
        return MT_EINVAL;
    if (min_joinpoints < 0 || (max_joinpoints >= 0 && min_joinpoints > max_joinpoints))
        return MT_EINVAL;
    opts->min_joinpoints = min_joinpoints;
    opts->max_joinpoints = max_joinpoints;
    return MT_OK;
}

mt_status mt_jp_options_set_log_scale(mt_jp_options *opts, int log_scale)
{
    if (!opts || (log_scale != 0 && log_scale != 1))
        return MT_EINVAL;
    opts->log_scale = log_scale;
    return MT_OK;
}

mt_status mt_jp_options_set_seed(mt_jp_options *opts, uint64_t seed)
{
    if (!opts)
        return MT_EINVAL;
    opts->seed = seed;
    return MT_OK;
}

int mt_jp_result_k(const mt_jp_result *res)
{
    return res ? res->k : -1;
}

size_t mt_jp_result_n(const mt_jp_result *res)
{
    return res ? res->n : 0;
}

double mt_jp_result_joinpoint(const mt_jp_result *res, int i)
{
    if (!res || i < 0 || i >= res->k)
        return NAN;
    return res->taus[i];
}

double mt_jp_result_fitted(const mt_jp_result *res, size_t i)
{
    if (!res || i >= res->n || !res->fitted)
        return NAN;
    /* apc_defined marks a log-link fit: the fitted values are ln(mean) */
    return res->apc_defined ? exp(res->fitted[i]) : res->fitted[i];
}

mt_status mt_jp_result_segment(const mt_jp_result *res, int i, double out[7])
{
    if (!res || !out || i < 0 || i > res->k || !res->segments)
        return MT_EINVAL;
    const mt_jp_segment *s = &res->segments[i];
    out[0] = s->start;
    out[1] = s->end;
    out[2] = s->slope;
    out[3] = s->slope_se;
    out[4] = s->apc;
    out[5] = s->apc_lo;
    out[6] = s->apc_hi;
    return MT_OK;
}

mt_status mt_jp_result_aapc_full(const mt_jp_result *res, double out[6])
{
    if (!res || !out)
        return MT_EINVAL;
    const mt_jp_aapc *a = &res->aapc_full;
    out[0] = a->from;
    out[1] = a->to;
    out[2] = a->aapc;
    out[3] = a->lo;
    out[4] = a->hi;
    out[5] = a->p;
    return MT_OK;
}
