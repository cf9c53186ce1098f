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

#include "monitrend/report.h"
#include "monitrend/status.h"

#define MT_RESULTS_SCHEMA "monitrend-results/1"

/* Up to this many fitted points a series is too short to carry a trend
 * (a slope from 3-6 yearly figures says more about the noise than about the
 * market): the findings describe it and its figure shows the points only.
 * The fits are still computed and written to the result tables. */
#define MT_SHORT_SERIES_MAX MT_AN_SHORT_SERIES_MAX

/* results/<table>.csv and results.json inside dir (which must hold results/). */
mt_status mt_write_results(const mt_report *run, const char *dir, mt_error *err);

/* findings.txt inside dir. */
mt_status mt_write_findings(const mt_report *run, const char *dir, mt_error *err);

/* figures/ inside dir: scripts, data, and images rendered by gnuplot
 * (opts.jobs processes, opts.figure_timeout seconds per figure). */
mt_status mt_write_figures(const mt_report *run, const char *dir, mt_error *err);

/* manifest.json inside dir. */
mt_status mt_write_manifest(const mt_report *run, const char *dir, mt_error *err);

/* The same with its "provenance" given: prov holds (series id, period,
 * source) triples, as mt_manifest_provenance_add appends them for each
 * observation of s read from a row with a `source` column. */
mt_status mt_write_manifest_prov(const mt_report *run, const mt_strlist *prov, const char *dir,
                                 mt_error *err);
mt_status mt_manifest_provenance_add(mt_strlist *prov, const mt_series *s);

/* An edition written while its run is analysed: open it (the staging
 * folder of edition.h, results/ and the results files) with the run's
 * options after loading and before the analysis; the caller (the CLI)
 * installs mt_edition_writer_series as the run's on_series with the writer
 * as its context (pipeline.h), so that each series' results are written as
 * soon as the series is done.  After a successful analysis, close writes
 * the rest from the report of the finished run (cross-checks,
 * results.json, findings, figures, manifest) and commits; warnings as for
 * mt_write_edition_warn.  Free in every case (closing does not free): an
 * edition not committed is removed, the previous one left in place.  The
 * files are byte-identical to those of mt_write_edition. */
typedef struct mt_edition_writer mt_edition_writer;
mt_status mt_edition_writer_open(const mt_options *opts, const char *out_dir,
                                 mt_edition_writer **out, mt_error *err);
mt_status mt_edition_writer_series(void *ew, const mt_series_result *r, mt_error *err);
/* For a run that drops each series once handed over (a run without a model,
 * with no figures: pipeline.h mt_pipeline_load_tidy_stream), call after
 * open: the writer then takes what the findings and the manifest need of
 * each series as it comes, and close uses that instead of the report's
 * series and results (which are empty).  MT_ENOMEM. */
mt_status mt_edition_writer_gather(mt_edition_writer *ew, mt_error *err);
mt_status mt_edition_writer_close(mt_edition_writer *ew, const mt_report *run,
                                  mt_strlist *warnings, mt_error *err);
void mt_edition_writer_free(mt_edition_writer *ew);

/* The whole edition of a finished run into out_dir, atomically. */
mt_status mt_write_edition(const mt_report *run, const char *out_dir, mt_error *err);

/* As mt_write_edition; a problem that did not stop the edition (edition.h
 * mt_edition_warning: a folder left behind) is added to warnings (may be
 * NULL). */
mt_status mt_write_edition_warn(const mt_report *run, const char *out_dir, mt_strlist *warnings,
                                mt_error *err);

#endif
