/*
 * write_edition.c - an edition, all or nothing (see write.h and edition.h).
 *
 * The edition folder is begun before the analysis, so that the results of
 * each series are written to it as the series is done (results_stream.c;
 * the CLI hands them over through the run's on_series) and need not be
 * kept for the end; the rest of the edition is written from the report of
 * the finished run, then committed.  Only the options are known at the
 * start, and each result carries its own metadata (result.h r->meta).
 */
#include "monitrend/write.h"

#include <stdlib.h>
#include <string.h>

#include "monitrend/edition.h"
#include "findings_internal.h"
#include "results_stream.h"

struct mt_edition_writer {
    mt_edition *ed;
    mt_results_stream *rs;
    mt_options opts;
    /* mt_edition_writer_gather: what the findings and the manifest need of
     * each series, taken as it is handed over (the run then drops it) */
    mt_findings_acc *acc;
    mt_strlist prov;
};

mt_status mt_edition_writer_open(const mt_options *opts, const char *out_dir,
                                 mt_edition_writer **out, mt_error *err)
{
    *out = NULL;
    mt_edition_writer *ew = calloc(1, sizeof *ew);
    if (ew == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    ew->opts = *opts;
    mt_strlist_init(&ew->prov);
    mt_status st = mt_edition_begin(out_dir, &ew->ed, err);
    const int csv = (opts->results & MT_RESULTS_CSV) != 0;
    if (st == MT_OK && csv)
        st = mt_edition_mkdir(ew->ed, "results", err);
    if (st == MT_OK)
        st = mt_results_stream_open(opts, mt_edition_dir(ew->ed), &ew->rs, err);
    if (st != MT_OK) {
        mt_edition_writer_free(ew);
        return st;
    }
    *out = ew;
    return MT_OK;
}

mt_status mt_edition_writer_gather(mt_edition_writer *ew, mt_error *err)
{
    if (ew->acc == NULL && (ew->acc = mt_findings_acc_alloc()) == NULL)
        return mt_error_set(err, MT_ENOMEM, "findings: out of memory or no temporary file");
    return MT_OK;
}

mt_status mt_edition_writer_series(void *ctx, const mt_series_result *r, mt_error *err)
{
    mt_edition_writer *ew = ctx;
    mt_status st = mt_results_stream_series(ew->rs, r, err);
    if (st != MT_OK || ew->acc == NULL)
        return st;
    /* the report of this series alone: a run without a model names no other
     * series in a series' texts (write.h) */
    mt_report view;
    memset(&view, 0, sizeof view);
    view.opts = ew->opts;
    view.data.series = (mt_series *)r->series;
    view.data.n = 1;
    view.results = r;
    view.n_results = 1;
    mt_findings_acc_add(ew->acc, &view, r);
    if (mt_manifest_provenance_add(&ew->prov, r->series) != MT_OK)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    return MT_OK;
}

mt_status mt_edition_writer_close(mt_edition_writer *ew, const mt_report *run,
                                  mt_strlist *warnings, mt_error *err)
{
    const char *dir = mt_edition_dir(ew->ed);
    mt_status st;
    if ((st = mt_results_stream_finish(ew->rs, run, err)) == MT_OK &&
        (st = ew->acc ? mt_findings_write_acc(run, ew->acc, dir, err)
                      : mt_write_findings(run, dir, err)) == MT_OK &&
        (!run->opts.figures || (st = mt_edition_mkdir(ew->ed, "figures", err)) == MT_OK) &&
        (!run->opts.figures || (st = mt_write_figures(run, dir, err)) == MT_OK) &&
        (st = ew->acc ? mt_write_manifest_prov(run, &ew->prov, dir, err)
                      : mt_write_manifest(run, dir, err)) == MT_OK)
        st = mt_edition_commit(ew->ed, err);
    if (warnings != NULL && mt_edition_warning(ew->ed) != NULL &&
        mt_strlist_add(warnings, mt_edition_warning(ew->ed)) != MT_OK && st == MT_OK)
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
    return st;
}

void mt_edition_writer_free(mt_edition_writer *ew)
{
    if (ew == NULL)
        return;
    mt_results_stream_free(ew->rs);
    mt_findings_acc_free(ew->acc);
    mt_strlist_clear(&ew->prov);
    mt_edition_free(ew->ed);
    free(ew);
}

mt_status mt_write_edition(const mt_report *run, const char *out_dir, mt_error *err)
{
    return mt_write_edition_warn(run, out_dir, NULL, err);
}

mt_status mt_write_edition_warn(const mt_report *run, const char *out_dir, mt_strlist *warnings,
                                mt_error *err)
{
    mt_edition_writer *ew;
    mt_status st = mt_edition_writer_open(&run->opts, out_dir, &ew, err);
    for (size_t i = 0; i < run->n_results && st == MT_OK; i++)
        st = mt_results_stream_series(ew->rs, &run->results[i], err);
    if (st == MT_OK)
        st = mt_edition_writer_close(ew, run, warnings, err);
    mt_edition_writer_free(ew);
    return st;
}
