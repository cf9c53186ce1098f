/*
 * pipeline.c - one run: inputs -> series (observed and derived) -> analyses.
 *
 * Layers, in the order of a run (one file each, pipeline_internal.h):
 *   1. loading: model and data (model.c, series.c), options resolved as
 *      defaults < model [monitor] < command line (this file);
 *   2. derived series, computed from the observed ones before any analysis
 *      (pipeline_derive.c);
 *   3. per-series analysis in worker threads (pipeline_threads.c);
 *   4. cross-checks over the analysed data set (pipeline_cc.c).
 * Nothing here writes a file: the writers (write_*.c) take each series'
 * result as it is done (mt_run.on_series, stream.c), then the finished run.
 */
#include "monitrend/pipeline.h"
#include "pipeline_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/analyse.h"
#include "monitrend/series_stream.h"

/* ==== loading ========================================================== */

static char *xstrdup(const char *s)
{
    return strdup(s ? s : "");
}

static void resolve_options(const mt_model *m, const mt_options *o, mt_options *out)
{
    *out = *o;
    if (m == NULL)
        return;
    const mt_monitor *mo = &m->monitor;
    if (!o->lang_set && mo->language)
        out->lang = strcmp(mo->language, "nl") == 0 ? MT_LANG_NL : MT_LANG_EN;
    if (!o->formats_set && mo->formats.n > 0) {
        unsigned f = 0;
        for (size_t i = 0; i < mo->formats.n; i++) {
            const char *x = mo->formats.item[i];
            f |= strcmp(x, "svg") == 0 ? MT_FMT_SVG : strcmp(x, "png") == 0 ? MT_FMT_PNG
                 : strcmp(x, "pdf") == 0 ? MT_FMT_PDF : 0;
        }
        if (f)
            out->formats = f;
    }
    if (!o->seed_set)
        out->seed = mo->seed;
    if (!o->select_set)
        out->select = mo->select;
    if (o->max_joinpoints < 0 && mo->max_joinpoints >= 0)
        out->max_joinpoints = (int)mo->max_joinpoints;
    if (!o->recent_set && mo->recent > 0)
        out->recent = mo->recent;
    if (!o->bootstrap_set)
        out->bootstrap = mo->bootstrap;
    if (!o->project_set)
        out->project = mo->project;
    if (!o->breaks_set)
        out->breaks = mo->breaks;
    if (!o->trim_set && mo->trim > 0)
        out->trim = mo->trim;
    if (!o->min_overlap_set && mo->min_overlap > 0)
        out->min_overlap = mo->min_overlap;
    if (!o->figure_timeout_set && mo->figure_timeout > 0)
        out->figure_timeout = mo->figure_timeout;
}

static char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char *s = strdup(b);
    if (s) {
        char *dot = strrchr(s, '.');
        if (dot && dot != s)
            *dot = '\0';
    }
    return s;
}

mt_status mt_pipeline_load_model(const char *path, const mt_options *o, mt_run *run,
                                 mt_error *err)
{
    memset(run, 0, sizeof *run);
    mt_strlist_init(&run->inputs);
    mt_status st = mt_model_load(path, &run->model, err);
    if (st != MT_OK)
        return st;
    resolve_options(run->model, o, &run->opts);
    run->name = xstrdup(run->model->monitor.name);
    if ((st = mt_strlist_add(&run->inputs, path)) != MT_OK)
        return mt_error_set(err, st, "out of memory");
    for (size_t i = 0; i < run->model->n_sources; i++) {
        const char *p = run->model->sources[i].path;
        if (mt_strlist_find(&run->inputs, p) == (size_t)-1 &&
            mt_strlist_add(&run->inputs, p) != MT_OK)
            return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    st = mt_model_load_data(run->model, &run->data, &run->load_notes, err);
    if (st != MT_OK)
        return st;
    if ((st = mt_pl_derive_all(run, err)) != MT_OK)
        return st;
    mt_status rst = mt_pipeline_check_references(run, err);
    if (rst != MT_OK)
        return rst;
    if ((st = mt_pl_split_inputs(run, err)) != MT_OK)
        return st;
    return mt_pl_find_no_data(run, err);
}

/* A run of the tidy CSV at path, before its data are read. */
static mt_status tidy_begin(const char *path, const mt_options *o, mt_run *run, mt_error *err)
{
    memset(run, 0, sizeof *run);
    mt_strlist_init(&run->inputs);
    resolve_options(NULL, o, &run->opts);
    run->input = xstrdup(path);
    run->name = base_name(path);
    if (!run->input || !run->name || mt_strlist_add(&run->inputs, path) != MT_OK)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    return MT_OK;
}

mt_status mt_pipeline_load_tidy(const char *path, const mt_options *o, mt_run *run,
                                mt_error *err)
{
    mt_status st = tidy_begin(path, o, run, err);
    return st != MT_OK ? st : mt_dataset_read_tidy(path, &run->data, err);
}

static mt_status stream_next(void *ctx, mt_series *s, mt_error *err)
{
    return mt_series_stream_next(ctx, s, err);
}

static void stream_free(void *ctx)
{
    mt_series_stream_free(ctx);
}

mt_status mt_pipeline_load_tidy_stream(const char *path, const mt_options *o, mt_run *run,
                                       mt_error *err)
{
    mt_status st = tidy_begin(path, o, run, err);
    if (st != MT_OK)
        return st;
    if (run->opts.figures) /* the figures are drawn from every result at the end */
        return mt_dataset_read_tidy(path, &run->data, err);
    mt_series_stream *ss = NULL;
    size_t n = 0;
    if ((st = mt_series_stream_open(path, &ss, &n, err)) != MT_OK)
        return st;
    if (ss == NULL) /* not in order: read whole */
        return mt_dataset_read_tidy(path, &run->data, err);
    run->source_next = stream_next;
    run->source_free = stream_free;
    run->source_ctx = ss;
    run->n_source = n;
    return MT_OK;
}

mt_status mt_pipeline_analyse(mt_run *run, mt_error *err)
{
    mt_status st = mt_pl_analyse_series_all(run, err);
    if (st != MT_OK)
        return st;
    return mt_pl_crosscheck_all(run, err);
}

void mt_pipeline_clear(mt_run *run)
{
    if (run == NULL)
        return;
    for (size_t i = 0; i < run->n_results; i++)
        mt_series_result_clear(&run->results[i]);
    free(run->results);
    free(run->cc);
    free(run->cmp);
    free(run->avail);
    free(run->no_data);
    free(run->derive_notes);
    mt_dataset_clear(&run->data);
    mt_dataset_clear(&run->input_data);
    mt_model_free(run->model);
    mt_load_notes_clear(&run->load_notes);
    mt_strlist_clear(&run->inputs);
    free(run->cc_lack);
    free(run->input);
    free(run->name);
    if (run->source_free)
        run->source_free(run->source_ctx);
    memset(run, 0, sizeof *run);
}
