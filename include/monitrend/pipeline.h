/*
 * pipeline.h - one monitrend run: read -> series -> analyse -> (write).
 *
 * mt_pipeline_load_model / mt_pipeline_load_tidy read the inputs into an
 * mt_run; mt_pipeline_analyse computes every series (in threads) and every
 * cross-check; mt_pipeline_report hands the writers (write.h) a view of it.
 * The run owns everything it holds; mt_pipeline_clear releases it.
 */
#ifndef MONITREND_PIPELINE_H
#define MONITREND_PIPELINE_H

#include <stddef.h>
#include "monitrend/model.h"
#include "monitrend/options.h"
#include "monitrend/result.h"
#include "monitrend/series.h"
#include "monitrend/status.h"
#include "monitrend/strlist.h"

typedef struct {
    mt_model *model;          /* NULL for `trend FILE.csv` */
    char *input;              /* the tidy CSV of `trend`, else NULL */
    char *name;               /* edition name: model name or CSV base name */
    mt_options opts;          /* resolved: defaults < model < command line */
    mt_dataset data;          /* observed and derived series */
    mt_dataset input_data;    /* series of `role = input` indicators (denominators):
                                 used by derived series, not analysed or reported */
    mt_load_notes load_notes; /* warnings of reading the data (result.h) */
    size_t n_derive_notes;
    mt_derive_note *derive_notes; /* derived series' warnings (result.h), after load_notes */
    mt_strlist inputs;        /* every file read (model first), for the manifest */

    size_t n_results;
    mt_series_result *results;   /* one per series of data, same order */

    size_t n_cc;
    mt_cc_row *cc;
    size_t n_avail;
    mt_avail_row *avail;
    size_t n_cc_lack;
    mt_cc_lack *cc_lack;      /* cross-checks lacking data, and why */
    /* Set by the caller before mt_pipeline_analyse, or NULL: progress lines
     * of the permutation tests and bootstrap bands (-v), from any thread. */
    void (*progress)(void *ctx, const char *msg);
    void *progress_ctx;
    size_t n_cmp;
    mt_cmp_row *cmp;          /* pairwise joinpoint comparisons (comparison.h) */
    size_t n_no_data;
    mt_no_data *no_data;      /* indicators of the model without data (owned array) */
    /* Set by the caller before mt_pipeline_analyse, or NULL: called with the
     * result of each series once it and every series before it are analysed
     * (so in series order, for any --jobs), one call at a time from one of
     * the worker threads, while the others go on analysing; its failure
     * stops the analysis and is its error.  The writers stream the results
     * through it (the CLI installs write.h mt_edition_writer_series).  With
     * opts.figures off, the per-observation bands of the result (fitted ... boot_hi, jp_fitted)
     * are freed once it returns: nothing later reads them. */
    mt_status (*on_series)(void *ctx, const mt_series_result *r, mt_error *err);
    void *on_series_ctx;

    /* A run whose series are read one at a time (mt_pipeline_load_tidy_stream):
     * data is empty, and the analysis takes the n_source series from
     * source_next, in order, then drops each series and its result once
     * on_series (which such a run needs) has taken it.  n_results stays 0;
     * n_series counts the series analysed, in either kind of run. */
    mt_status (*source_next)(void *ctx, mt_series *s, mt_error *err);
    void (*source_free)(void *ctx);
    void *source_ctx;
    size_t n_source;
    size_t n_series;
} mt_run;

/* Read the model at path and its data; apply the model's [monitor]
 * settings under the command-line options o.  On error the run is left
 * empty (free it anyway). */
mt_status mt_pipeline_load_model(const char *path, const mt_options *o, mt_run *run,
                                 mt_error *err);

/* Every series id the model names (cross-check members and ratio
 * expressions, derived inputs, event `affects` ids and comparisons) looked
 * up in run->data exactly as the analysis looks it up.  MT_EPARSE
 * "MODEL:LINE: [crosscheck:ID] members: 'x' is not a series of this run
 * (did you mean 'X'? ids are case-sensitive)" for the first that does not
 * resolve; a reference to an indicator without a source in this edition (or
 * a derived series not computed for that reason) is not an error.  Called by
 * mt_pipeline_load_model, so `check` and `run` refuse the same models. */
mt_status mt_pipeline_check_references(const mt_run *run, mt_error *err);

/* Read a tidy CSV without a model (every series analysed with defaults). */
mt_status mt_pipeline_load_tidy(const char *path, const mt_options *o, mt_run *run,
                                mt_error *err);

/* As mt_pipeline_load_tidy, but when the file's series can be read one at a
 * time (series_stream.h: the rows of a series together, the series in id
 * order), only check it now and read each series when the analysis wants it
 * (run->source_next): memory then does not grow with the number of series.
 * Otherwise (or with figures wanted, which need every result at the end)
 * the file is read whole, as mt_pipeline_load_tidy does; run->n_source
 * says which (0: read whole).  The same errors as mt_pipeline_load_tidy. */
mt_status mt_pipeline_load_tidy_stream(const char *path, const mt_options *o, mt_run *run,
                                       mt_error *err);

/* Analyse every series and cross-check.  MT_EINVAL for an input the
 * analysis refuses (a forced log scale over zeros), MT_ENOMEM. */
mt_status mt_pipeline_analyse(mt_run *run, mt_error *err);

/* One concordance cross-check of series ids a and b, appended to run->cc
 * (the `crosscheck` command).  MT_EINVAL when an id is not in the data. */
mt_status mt_pipeline_concordance(mt_run *run, const char *a, const char *b, mt_error *err);

/* Pairwise comparison of the joinpoint trends of series ids a and b
 * (compare.h), appended to run->cmp; run after mt_pipeline_analyse, whose
 * results give each series' scale and level shifts (the `compare` command
 * and crosschecks of type compare), labelled label and label_nl (NULL when
 * none; the writers choose by language).  MT_EINVAL when an id is not in
 * the data. */
mt_status mt_pipeline_compare(mt_run *run, const char *id, const char *label, const char *label_nl,
                              const char *a, const char *b, mt_error *err);

/* The view of an analysed run that the writers take (result.h): borrowed,
 * valid while run lives and is not changed. */
void mt_pipeline_report(const mt_run *run, mt_report *rep);

/* Set *out (free() it) to one record per text of the model that has no
 * Dutch form, *n to their number: indicators, derived series, sources,
 * events and cross-checks, in that order (names.h mt_names_gap_text words
 * them; the markets and regions: mt_names_missing_nl).  MT_ENOMEM. */
mt_status mt_pipeline_missing_nl(const mt_run *run, mt_nl_gap **out, size_t *n);

void mt_pipeline_clear(mt_run *run);

#endif
