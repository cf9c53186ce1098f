/*
 * write.h - the writers that turn an analysed run into an edition.
 *
 * Only these functions (and the reader) touch files.  mt_write_edition
 * builds the whole edition in a temporary folder beside the target and
 * renames it into place only when every file is complete (edition.h).
 *
 * Edition layout (a contract, README "The edition"):
 *   findings.txt          plain-text findings in the run's language
 *   results/trends.csv    one row per series          (columns: write_results.c)
 *   results/segments.csv  joinpoint segments
 *   results/breaks.csv    Bai-Perron breaks
 *   results/events.csv    definition changes and policy events
 *   results/bands.csv     fitted values and bands per observation
 *   results/anomalies.csv values that do not fit their series
 *   results/crosschecks.csv, results/availability.csv
 *   results/comparisons.csv, results/projections.csv (write_compare.h, write_projection.h)
 *   results.json          every table above, same columns (schema MT_RESULTS_SCHEMA)
 *   figures/<name>.{gp,dat,svg,png[,pdf]}
 *   manifest.json         versions, options, seed, inputs with SHA-256
 */
#ifndef MONITREND_WRITE_H
#define MONITREND_WRITE_H

#include "monitrend/pipeline.h"
#include "monitrend/status.h"

#define MT_RESULTS_SCHEMA "monitrend-results/1"

/* results/<table>.csv and results.json inside dir (which must hold results/). */
mt_status mt_write_results(const mt_run *run, const char *dir, mt_error *err);

/* findings.txt inside dir. */
mt_status mt_write_findings(const mt_run *run, const char *dir, mt_error *err);

/* figures/ inside dir: scripts, data, and images rendered by one gnuplot. */
mt_status mt_write_figures(const mt_run *run, const char *dir, mt_error *err);

/* manifest.json inside dir. */
mt_status mt_write_manifest(const mt_run *run, const char *dir, mt_error *err);

/* The whole edition into out_dir, atomically. */
mt_status mt_write_edition(const mt_run *run, const char *out_dir, mt_error *err);

#endif
