/*
 * series_stream.h - the series of a tidy CSV file handed out one at a time,
 * so that a run over 100,000 series need not hold them all (issue 15).
 *
 * The file is read twice.  Pass 1 (mt_series_stream_open) checks every row
 * and every series exactly as mt_dataset_read_tidy does, keeping only the
 * current series' rows, and tells whether the file is "in order": the rows
 * of each series are consecutive (in any period order) and the series come
 * in strictly increasing order both of their key (indicator, market, region,
 * each compared with strcmp after trimming) and of their id.  Pass 2
 * (mt_series_stream_next) reads the file again and hands out its series in
 * that order, which is mt_dataset_read_tidy's (by id).  A file that is not
 * in order is left to mt_dataset_read_tidy, which sorts it in memory.
 *
 * Memory does not grow with the number of rows or series: one series' rows,
 * one 64 KiB chunk of the file and the series completed from that chunk.
 * The file stays open between the passes: when it has changed in between,
 * pass 2 reports so rather than hand out series that were never checked.
 */
#ifndef MONITREND_SERIES_STREAM_H
#define MONITREND_SERIES_STREAM_H

#include <stddef.h>
#include "monitrend/series.h"
#include "monitrend/status.h"

typedef struct mt_series_stream mt_series_stream;

/* Pass 1 over the tidy CSV at path (named so in messages).  Three outcomes:
 *  - the file has an error: that error, with the status and the message
 *    mt_dataset_read_tidy gives for the same file (byte-identical);
 *  - the file is valid and in order: *out = a stream (free it with
 *    mt_series_stream_free), *n = its number of series, MT_OK;
 *  - otherwise (valid or not, but not in order): *out = NULL, *n = 0, MT_OK,
 *    and the caller falls back to mt_dataset_read_tidy (which then reports
 *    any error itself).
 * MT_ENOMEM when memory runs out. */
mt_status mt_series_stream_open(const char *path, mt_series_stream **out, size_t *n, mt_error *err);

/* Pass 2: the next series, in id order, into *s (overwritten), filled as
 * mt_dataset_read_tidy fills it; the caller owns it and frees it with
 * mt_series_clear.  MT_EIO "FILE: the file changed after it was checked
 * (...)" when the file no longer reads as in pass 1 (its size, a row, the
 * order or the number of its series, or its bytes differ); that error is
 * given before the last series is handed out, and again by every later
 * call.  After the last series: MT_EINVAL.  On an error *s is zeroed. */
mt_status mt_series_stream_next(mt_series_stream *st, mt_series *s, mt_error *err);

/* Close the file and free st (also before the last series).  NULL is a no-op. */
void mt_series_stream_free(mt_series_stream *st);

#endif
