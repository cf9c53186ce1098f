/*
 * results_stream.h - the results tables as rows (write_results.c), for the
 * writer that streams them to the edition (results_stream.c).  Private to
 * src/present.
 */
#ifndef MONITREND_RESULTS_STREAM_H
#define MONITREND_RESULTS_STREAM_H

#include "monitrend/jsonw.h"
#include "monitrend/report.h"
#include "monitrend/table.h"

/* The tables in the order of results.json.  The first MT_RT_SERIES have
 * rows per series, written as each series is done; the rest are built once
 * the run is complete. */
enum {
    MT_RT_TRENDS, MT_RT_SEGMENTS, MT_RT_BREAKS, MT_RT_EVENTS, MT_RT_BANDS, MT_RT_ANOMALIES,
    MT_RT_CC, MT_RT_AVAIL, MT_RT_CMP /* write_compare.c */, MT_RT_PROJ /* write_projection.c */,
    MT_RT_COUNT
};
#define MT_RT_SERIES MT_RT_CC

/* Initialise t as table `which` (< MT_RT_CMP), without rows. */
void mt_results_table_init(mt_table *t, int which);

/* Append the rows of one series' result to t, table `which` (< MT_RT_SERIES);
 * the result alone says all (its metadata: r->meta). */
void mt_results_series_rows(const mt_series_result *r, int which, mt_table *t);

/* Initialise and fill tab[MT_RT_CC] to tab[MT_RT_CMP] from the finished run
 * (the projections, tab[MT_RT_PROJ], are gathered series by series by the
 * results stream). */
void mt_results_build_rest(const mt_report *run, mt_table *tab);

/* Every row of t as a JSON object (keys: the columns) into an open array. */
void mt_results_json_rows(mt_jsonw *w, const mt_table *t);

/* The results files written while the run is analysed (results_stream.c):
 * open in the edition folder dir (which holds results/ when CSV files are
 * wanted), hand over every series' result in series order, then finish
 * once the run is complete (cross-checks done).  Free in every case;
 * freeing an unfinished stream closes its files and removes its fragments. */
typedef struct mt_results_stream mt_results_stream;
mt_status mt_results_stream_open(const mt_options *opts, const char *dir,
                                 mt_results_stream **out, mt_error *err);
mt_status mt_results_stream_series(mt_results_stream *s, const mt_series_result *r,
                                   mt_error *err);
mt_status mt_results_stream_finish(mt_results_stream *s, const mt_report *run, mt_error *err);
void mt_results_stream_free(mt_results_stream *s);

#endif
