/*
 * joinpoint_abi.h - a joinpoint fit through opaque handles and accessors.
 *
 * mt_jp_options and mt_jp_result (joinpoint.h) are plain structs that grow
 * when the fit learns something new; a caller from another language (Python
 * ctypes, R .C, Julia ccall) that mirrors their layout would break silently
 * on the next release.  This header offers the same fit behind pointers the
 * caller never looks into: options are made and set through functions, and
 * results are read back one number at a time.  Every function here is a thin
 * wrapper over joinpoint.h; nothing is computed that the struct API does not
 * compute.  examples/python/joinpoint.py uses it.
 *
 * Ownership: mt_jp_options_alloc's result is freed with mt_jp_options_free,
 * a fit's result with mt_jp_result_free (joinpoint.h).  Both accept NULL.
 */
#ifndef MONITREND_JOINPOINT_ABI_H
#define MONITREND_JOINPOINT_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "monitrend/joinpoint.h"



/* A new options record with mt_jp_options_default's values; NULL when out of
 * memory. */
mt_jp_options *mt_jp_options_alloc(void);
void mt_jp_options_free(mt_jp_options *opts);

/* Setters.  Each returns MT_EINVAL (and changes nothing) for a value the fit
 * would refuse: select 0..3 (mt_jp_select), max_joinpoints -1 (the Program's
 * default for n) or 0..MT_JP_MAX_JOINPOINTS, min_joinpoints 0..max, log_scale
 * 0 or 1. */
mt_status mt_jp_options_set_select(mt_jp_options *opts, int select);
mt_status mt_jp_options_set_joinpoints(mt_jp_options *opts, int min_joinpoints,
                                       int max_joinpoints);
mt_status mt_jp_options_set_log_scale(mt_jp_options *opts, int log_scale);
mt_status mt_jp_options_set_seed(mt_jp_options *opts, uint64_t seed);

/* Accessors of a result from mt_jp_fit or mt_jp_fit_fixed.  Out-of-range
 * indices give NaN (doubles) or MT_EINVAL. */
int mt_jp_result_k(const mt_jp_result *res);
size_t mt_jp_result_n(const mt_jp_result *res);
double mt_jp_result_joinpoint(const mt_jp_result *res, int i);
/* Fitted value i on the scale of the data (exp of the log fit when the fit
 * was log-linear). */
double mt_jp_result_fitted(const mt_jp_result *res, size_t i);
/* Segment i (0..k): out[0..6] = start, end, slope, slope_se, apc, apc_lo,
 * apc_hi (APC fields NaN on the linear scale). */
mt_status mt_jp_result_segment(const mt_jp_result *res, int i, double out[7]);
/* AAPC over the whole period: out[0..5] = from, to, aapc, lo, hi, p
 * (on the linear scale the mean slope and its CI). out has 6 doubles. */
mt_status mt_jp_result_aapc_full(const mt_jp_result *res, double out[6]);



#endif
