/*
 * monitrend.h - the public API of libmonitrend, in one include.
 *
 * libmonitrend is the statistics library under the monitrend program: trend
 * and joinpoint fits, Mann-Kendall/Sen, year-on-year changes, structural
 * breaks, events, bands, anomalies, derived series and cross-checks.  Each
 * header below states its model, its R equivalent and who owns what.  The
 * library never prints or exits and keeps no global state.
 *
 * GSL errors: the library checks the status of every GSL call and returns an
 * mt_status; it does not rely on GSL's default handler.  GSL's handler is
 * process-wide, so the library does not change it behind the caller's back:
 * call mt_init() once before the first fit (it replaces GSL's abort-on-error
 * handler by one that records each thread's error for the library to check).
 *
 * Link: pkg-config --cflags --libs monitrend.
 */
#ifndef MONITREND_MONITREND_H
#define MONITREND_MONITREND_H

#include "monitrend/version.h"
#include "monitrend/init.h"
#include "monitrend/status.h"
#include "monitrend/lang.h"
#include "monitrend/vocab.h"
#include "monitrend/period.h"
#include "monitrend/expr.h"
#include "monitrend/trend.h"
#include "monitrend/joinpoint.h"
#include "monitrend/joinpoint_abi.h"
#include "monitrend/mannkendall.h"
#include "monitrend/change.h"
#include "monitrend/breaks.h"
#include "monitrend/events.h"
#include "monitrend/bands.h"
#include "monitrend/anomaly.h"
#include "monitrend/crosscheck.h"
#include "monitrend/derive.h"
#include "monitrend/season.h"
#include "monitrend/season_models.h"

#endif
