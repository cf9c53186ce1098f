/*
 * commands.c - every command on one path: load (a model for run and check,
 * a tidy CSV else), analyse, then write the edition or print the command's
 * report (report.c).  What differs between the commands is a step before
 * the analysis (a concordance, a check of the series ids) or after it (a
 * comparison), and which report a run without -o prints.
 *
 * Exit statuses: input problems (unreadable or malformed model or data, an
 * analysis the input cannot support) are 2; failures of the analysis or of a
 * writer are 1.
 */
#include "cli.h"

#include <stdio.h>

#include "monitrend/cc_note_words.h"
#include "monitrend/derive_words.h"
#include "monitrend/load_note_words.h"
#include "monitrend/plot.h"
#include "monitrend/text.h"
#include "monitrend/write.h"

void mt_cli_warn(const mt_options *o, const char *msg)
{
    if (o->verbosity >= 0) {
        char line[2048];
        mt_text_one_line(msg, line, sizeof line);
        fprintf(stderr, "monitrend: warning: %s\n", line);
    }
}

static int fail(const mt_error *e, int code)
{
    fprintf(stderr, "monitrend: %s\n", e->msg[0] ? e->msg : mt_status_name(e->status));
    return code;
}

/* Input errors are the user's to fix (2); the rest are ours (1). */
static int load_code(mt_status st)
{
    return st == MT_ENOMEM ? MT_EXIT_FAILURE : MT_EXIT_USAGE;
}

static int analyse_code(mt_status st)
{
    return st == MT_EINVAL ? MT_EXIT_USAGE : MT_EXIT_FAILURE;
}

static void print_warnings(const mt_run *run, const mt_options *o)
{
    for (size_t i = 0; i < run->load_notes.n; i++) {
        char w[MT_AN_NOTE_MAX];
        mt_load_note_text(MT_LANG_EN, &run->load_notes.item[i], w, sizeof w);
        mt_cli_warn(o, w);
    }
    for (size_t i = 0; i < run->n_derive_notes; i++) {
        char w[600];
        mt_derive_note_text(MT_LANG_EN, &run->derive_notes[i], w, sizeof w);
        mt_cli_warn(o, w);
    }
    if (o->verbosity > 0)
        for (size_t i = 0; i < run->n_cc_lack; i++) {
            char lack[MT_AN_NOTE_MAX];
            mt_cc_lack_text(run->opts.lang, &run->cc_lack[i], lack, sizeof lack);
            fprintf(stderr, "monitrend: note: crosscheck %s\n", lack);
        }
}

/* Write the edition of an analysed run to dir (ew: the writer that has
 * streamed its series' results there, or NULL to write it all now). */
static int write_or_fail(mt_run *run, const char *dir, const mt_options *o, mt_edition_writer *ew)
{
    mt_error e;
    mt_error_clear(&e);
    mt_strlist warn;
    mt_strlist_init(&warn);
    mt_report rep;
    mt_pipeline_report(run, &rep);
    mt_status st = ew ? mt_edition_writer_close(ew, &rep, &warn, &e)
                      : mt_write_edition_warn(&rep, dir, &warn, &e);
    for (size_t i = 0; i < warn.n; i++)
        mt_cli_warn(o, warn.item[i]);
    mt_strlist_clear(&warn);
    if (st != MT_OK)
        return fail(&e, MT_EXIT_FAILURE);
    if (o->verbosity >= 0)
        fprintf(stderr, "monitrend: wrote %s (%zu series, %zu cross-check rows)\n", dir,
                run->n_series, run->n_cc);
    return MT_EXIT_OK;
}

/* -v: one line per permutation test and per tenth of the bootstrap; a
 * single fprintf per line, so lines from different threads do not mix. */
static void print_progress(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "monitrend: %s\n", msg);
}

/* When figures will be drawn, gnuplot must answer before hours of analysis
 * are spent; exit status 1 (a missing tool is not an input error). */
static int check_gnuplot(const mt_options *o, int writes)
{
    if (!writes || !o->figures)
        return MT_EXIT_OK;
    char version[128];
    mt_error e;
    mt_error_clear(&e);
    if (mt_plot_version_within(NULL, o->figure_timeout, version, sizeof version, &e) != MT_OK)
        return fail(&e, MT_EXIT_FAILURE);
    return MT_EXIT_OK;
}

/* Analyse a loaded run, printing warnings and progress; exit status.
 * With ew, the edition of folder dir is begun first and each series'
 * results are written to it as the series is done (*ew: for write_or_fail,
 * freed by the caller). */
static int analyse(mt_run *run, const mt_options *o, int writes, const char *dir,
                   mt_edition_writer **ew)
{
    mt_error e;
    mt_error_clear(&e);
    int rc = check_gnuplot(&run->opts, writes);
    if (rc != MT_EXIT_OK)
        return rc;
    print_warnings(run, o);
    if (ew != NULL) {
        if (mt_edition_writer_open(&run->opts, dir, ew, &e) != MT_OK)
            return fail(&e, MT_EXIT_FAILURE);
        run->on_series = mt_edition_writer_series;
        run->on_series_ctx = *ew;
        if (run->source_next != NULL && mt_edition_writer_gather(*ew, &e) != MT_OK)
            return fail(&e, MT_EXIT_FAILURE);
    }
    if (o->verbosity > 0)
        run->progress = print_progress;
    if (o->verbosity > 0)
        fprintf(stderr, "monitrend: analysing %zu series%s\n",
                run->source_next ? run->n_source : run->data.n,
                run->source_next ? ", read one at a time" : "");
    mt_status st = mt_pipeline_analyse(run, &e);
    return st == MT_OK ? MT_EXIT_OK : fail(&e, analyse_code(st));
}

/* The step of command c before the analysis; exit status. */
static int before(mt_cmd c, mt_run *run, const char *input, const char *a, const char *b,
                  const mt_options *o)
{
    mt_error e;
    mt_error_clear(&e);
    mt_status st;
    switch (c) {
    case MT_CMD_RUN:
        mt_cli_missing_dutch(run, o, NULL);
        return MT_EXIT_OK;
    case MT_CMD_CROSSCHECK:
        if ((st = mt_pipeline_concordance(run, a, b, &e)) != MT_OK)
            return fail(&e, analyse_code(st));
        return MT_EXIT_OK;
    case MT_CMD_COMPARE:
        /* the ids first, so that a typo costs no analysis */
        if (mt_dataset_find(&run->data, a) == NULL || mt_dataset_find(&run->data, b) == NULL) {
            mt_error_set(&e, MT_EINVAL, "%s: no series '%s' in the data (see 'monitrend trend' for the ids)",
                         input, mt_dataset_find(&run->data, a) == NULL ? a : b);
            return fail(&e, MT_EXIT_USAGE);
        }
        return MT_EXIT_OK;
    default:
        return MT_EXIT_OK;
    }
}

int mt_cmd_exec(mt_cmd c, const char *input, const char *a, const char *b, const mt_options *o)
{
    mt_edition_writer *ew = NULL;
    mt_run run;
    mt_error e;
    mt_error_clear(&e);
    /* `trend -o` without figures reads a file whose series come in order one
     * series at a time, so that memory does not grow with the file */
    mt_status st = c == MT_CMD_RUN || c == MT_CMD_CHECK ? mt_pipeline_load_model(input, o, &run, &e)
                   : c == MT_CMD_TREND && o->out_dir ? mt_pipeline_load_tidy_stream(input, o, &run, &e)
                                                     : mt_pipeline_load_tidy(input, o, &run, &e);
    int rc = MT_EXIT_OK;
    if (st != MT_OK) {
        rc = fail(&e, load_code(st));
        goto out;
    }
    if (c == MT_CMD_CHECK) {
        print_warnings(&run, o);
        if (o->verbosity >= 0)
            mt_cli_print_check(&run, input, o);
        goto out;
    }
    /* run writes an edition always (out/<name> without -o); the others
     * with -o, else print their report */
    char dir[4096] = "";
    int writes = c == MT_CMD_RUN || o->out_dir != NULL;
    if (o->out_dir)
        snprintf(dir, sizeof dir, "%s", o->out_dir);
    else if (writes)
        snprintf(dir, sizeof dir, "out/%s", run.name);
    if ((rc = before(c, &run, input, a, b, o)) != MT_EXIT_OK)
        goto out;
    /* run and trend stream each series' results to the edition as it is
     * done (write.h mt_edition_writer); a concordance printed without -o
     * needs no analysis of the series */
    int stream = writes && (c == MT_CMD_RUN || c == MT_CMD_TREND);
    if ((c != MT_CMD_CROSSCHECK || writes) &&
        (rc = analyse(&run, o, writes, dir, stream ? &ew : NULL)) != MT_EXIT_OK)
        goto out;
    if (c == MT_CMD_COMPARE && (st = mt_pipeline_compare(&run, "cli", NULL, NULL, a, b, &e)) != MT_OK) {
        rc = fail(&e, analyse_code(st));
        goto out;
    }
    if (writes)
        rc = write_or_fail(&run, dir, o, ew);
    else if (c == MT_CMD_TREND)
        mt_cli_print_trends(&run);
    else if (c == MT_CMD_CROSSCHECK)
        mt_cli_print_concordance(&run);
    else if (c == MT_CMD_COMPARE)
        mt_cli_print_comparison(&run);
out:
    mt_edition_writer_free(ew);
    mt_pipeline_clear(&run);
    return rc;
}
