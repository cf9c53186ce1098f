/*
 * commands.c - the five commands: call the library, format what it returns.
 *
 * Exit statuses: input problems (unreadable or malformed model or data, an
 * analysis the input cannot support) are 2; failures of the analysis or of a
 * writer are 1.
 */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/cadence.h"
#include "monitrend/cc_words.h" /* mt_cc_divergent_text */
#include "monitrend/names.h"
#include "monitrend/pipeline.h"
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
    for (size_t i = 0; i < run->warnings.n; i++)
        mt_cli_warn(o, run->warnings.item[i]);
    if (o->verbosity > 0)
        for (size_t i = 0; i < run->cc_notes.n; i++)
            fprintf(stderr, "monitrend: note: crosscheck %s\n", run->cc_notes.item[i]);
}

/* A Dutch edition: every reader-facing text without a Dutch form, once
 * each (the English text is used instead).  NULL out = warn on stderr. */
static void missing_dutch(const mt_run *run, const mt_options *o, FILE *out)
{
    if (run->opts.lang != MT_LANG_NL || run->model == NULL)
        return;
    mt_strlist miss;
    mt_strlist_init(&miss);
    if (mt_names_missing_nl(run->model, &run->data, &miss) == MT_OK) {
        if (out != NULL && miss.n > 0)
            fprintf(out, "Missing Dutch texts (%zu; the English text is used):\n", miss.n);
        for (size_t i = 0; i < miss.n; i++) {
            if (out != NULL) {
                fprintf(out, "  %s\n", miss.item[i]);
            } else {
                char msg[600];
                snprintf(msg, sizeof msg, "no Dutch text: %s", miss.item[i]);
                mt_cli_warn(o, msg);
            }
        }
    }
    mt_strlist_clear(&miss);
}

/* Write the edition of an analysed run to dir (ew: the writer that has
 * streamed its series' results there, or NULL to write it all now). */
static int write_or_fail(mt_run *run, const char *dir, const mt_options *o, mt_edition_writer *ew)
{
    mt_error e;
    mt_error_clear(&e);
    mt_strlist warn;
    mt_strlist_init(&warn);
    mt_status st = ew ? mt_edition_writer_close(ew, run, &warn, &e)
                      : mt_write_edition_warn(run, dir, &warn, &e);
    for (size_t i = 0; i < warn.n; i++)
        mt_cli_warn(o, warn.item[i]);
    mt_strlist_clear(&warn);
    if (st != MT_OK)
        return fail(&e, MT_EXIT_FAILURE);
    if (o->verbosity >= 0)
        fprintf(stderr, "monitrend: wrote %s (%zu series, %zu cross-check rows)\n", dir,
                run->n_results, run->n_cc);
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
        if (mt_edition_writer_open(run, dir, ew, &e) != MT_OK)
            return fail(&e, MT_EXIT_FAILURE);
        run->on_series = mt_edition_writer_series;
        run->on_series_ctx = *ew;
    }
    if (o->verbosity > 0)
        run->progress = print_progress;
    if (o->verbosity > 0)
        fprintf(stderr, "monitrend: analysing %zu series\n", run->data.n);
    mt_status st = mt_pipeline_analyse(run, &e);
    return st == MT_OK ? MT_EXIT_OK : fail(&e, analyse_code(st));
}

int mt_cmd_run(const char *model, const mt_options *o)
{
    mt_edition_writer *ew = NULL;
    mt_run run;
    mt_error e;
    mt_error_clear(&e);
    mt_status st = mt_pipeline_load_model(model, o, &run, &e);
    int rc;
    if (st != MT_OK) {
        rc = fail(&e, load_code(st));
        goto out;
    }
    missing_dutch(&run, o, NULL);
    char dir[4096];
    if (o->out_dir)
        snprintf(dir, sizeof dir, "%s", o->out_dir);
    else
        snprintf(dir, sizeof dir, "out/%s", run.name);
    if ((rc = analyse(&run, o, 1, dir, &ew)) != MT_EXIT_OK)
        goto out;
    rc = write_or_fail(&run, dir, o, ew);
out:
    mt_edition_writer_free(ew);
    mt_pipeline_clear(&run);
    return rc;
}

static void flags_text(const mt_series *s, char *buf, size_t size)
{
    mt_flag_counts c;
    mt_series_count_flags(s, &c);
    buf[0] = '\0';
    size_t len = 0;
    const struct { size_t n; const char *name; } f[] = {
        {c.provisional, "provisional"}, {c.estimate, "estimate"}, {c.brk, "break"},
        {c.exclude - c.lod, "exclude"}, {c.lod, "lod"}};
    for (size_t i = 0; i < 5; i++)
        if (f[i].n > 0 && len < size)
            len += (size_t)snprintf(buf + len, size - len, "%s%s=%zu", len ? "," : "", f[i].name,
                                    f[i].n);
    if (buf[0] == '\0')
        snprintf(buf, size, "-");
}

int mt_cmd_check(const char *model, const mt_options *o)
{
    mt_run run;
    mt_error e;
    mt_error_clear(&e);
    mt_status st = mt_pipeline_load_model(model, o, &run, &e);
    int rc = MT_EXIT_OK;
    if (st != MT_OK) {
        rc = fail(&e, load_code(st));
        goto out;
    }
    print_warnings(&run, o);
    if (o->verbosity >= 0) {
        printf("%-44s %5s %-10s %-10s %-24s %s\n", "series", "n", "first", "last", "missing",
               "flags");
        for (size_t i = 0; i < run.data.n; i++) {
            const mt_series *s = &run.data.series[i];
            size_t n = 0;
            for (size_t k = 0; k < s->n; k++)
                n += isfinite(s->value[k]) != 0;
            char first[MT_PERIOD_STR_MAX] = "-", last[MT_PERIOD_STR_MAX] = "-";
            if (s->n) {
                mt_period_format(&s->period[0], first, sizeof first);
                mt_period_format(&s->period[s->n - 1], last, sizeof last);
            }
            /* missing: periods absent between first and last that the
             * series' cadence expects (not the years between two waves of a
             * survey: cadence.h), and periods present with an empty or NA
             * value, in period order */
            char miss[256] = "";
            mt_period *gaps = NULL;
            size_t ng = 0, len = 0, listed = 0, gi = 0, si = 0;
            mt_cadence cad;
            if (mt_series_cadence(s, &cad, NULL) != MT_OK)
                cad = (mt_cadence){MT_CADENCE_EVERY, 1};
            if (mt_series_missing_waves(s, &cad, &gaps, &ng, NULL) != MT_OK)
                ng = 0;
            while (gi < ng || si < s->n) {
                const mt_period *p = NULL;
                if (si < s->n && isfinite(s->value[si])) {
                    si++;
                    continue;
                }
                if (gi < ng && (si >= s->n || mt_period_cmp(&gaps[gi], &s->period[si]) < 0))
                    p = &gaps[gi++];
                else
                    p = &s->period[si++];
                char ps[MT_PERIOD_STR_MAX];
                mt_period_format(p, ps, sizeof ps);
                if (len + MT_PERIOD_STR_MAX + 8 >= sizeof miss) {
                    snprintf(miss + len, sizeof miss - len, ",...");
                    break;
                }
                len += (size_t)snprintf(miss + len, sizeof miss - len, "%s%s", listed++ ? "," : "", ps);
            }
            free(gaps);
            if (mt_cadence_is_waves(&cad)) {
                char what[64];
                size_t used = strlen(miss);
                mt_cadence_describe(&cad, s->freq, what, sizeof what);
                snprintf(miss + used, sizeof miss - used, "%s(%s)", used ? " " : "- ", what);
            }
            char fl[128];
            flags_text(s, fl, sizeof fl);
            printf("%-44s %5zu %-10s %-10s %-24s %s\n", s->id, n, first, last,
                   miss[0] ? miss : "-", fl);
        }
        missing_dutch(&run, o, stdout);
        printf("%zu series; model %s is valid\n", run.data.n, model);
    }
out:
    mt_pipeline_clear(&run);
    return rc;
}

/* x with prec decimals ('f') or significant digits ('g'); "-" when missing. */
static void num(char *buf, size_t size, char style, int prec, double x)
{
    if (!isfinite(x))
        snprintf(buf, size, "-");
    else if (style == 'f')
        snprintf(buf, size, "%.*f", prec, x == 0 ? 0.0 : x);
    else
        snprintf(buf, size, "%.*g", prec, x);
}

/* The compact table of `trend` without -o. */
static void print_table(const mt_run *run)
{
    printf("%-40s %4s %-8s %-8s %-6s %8s %18s %3s %8s %8s %10s\n", "series", "n", "first", "last",
           "scale", "APC%|b", "95% CI", "JP", "AAPC%|b", "MK p", "Sen%|b");
    for (size_t i = 0; i < run->n_results; i++) {
        const mt_series_result *r = &run->results[i];
        char apc[32], ci[96], aapc[32], mkp[32], sen[32], lo[24], hi[24];
        double rate = r->scale == MT_SCALE_LOG ? r->apc : r->slope;
        /* APC in % with one decimal; a linear slope in data units needs
         * significant digits instead (0.0654 would print as 0.1) */
        char style = r->scale == MT_SCALE_LOG ? 'f' : 'g';
        int prec = r->scale == MT_SCALE_LOG ? 1 : 3;
        num(apc, sizeof apc, style, prec, rate);
        num(lo, sizeof lo, style, prec, r->scale == MT_SCALE_LOG ? r->apc_lo : r->slope_lo);
        num(hi, sizeof hi, style, prec, r->scale == MT_SCALE_LOG ? r->apc_hi : r->slope_hi);
        if (isfinite(rate))
            snprintf(ci, sizeof ci, "%s to %s", lo, hi);
        else
            snprintf(ci, sizeof ci, "-");
        num(aapc, sizeof aapc, style, prec, r->aapc);
        num(mkp, sizeof mkp, 'f', 3, r->mk_p);
        /* Sen beside the APC in the same unit: percent a year on the log scale */
        if (r->scale == MT_SCALE_LOG)
            num(sen, sizeof sen, 'f', 1, r->sen_pct);
        else
            num(sen, sizeof sen, 'g', 4, r->sen_slope);
        char jp[8];
        if (r->jp_done)
            snprintf(jp, sizeof jp, "%zu", r->n_jp);
        else
            snprintf(jp, sizeof jp, "-");
        printf("%-40s %4zu %-8s %-8s %-6s %8s %18s %3s %8s %8s %10s\n", r->series->id, r->n_fit,
               r->first, r->last, r->descriptive_only ? "-" : mt_scale_name(r->scale),
               apc, ci, jp, aapc, mkp, sen);
    }
    printf("APC%%|b, Sen%%|b: annual percent change on the log scale, slope b per year on the linear scale.\n");
}

int mt_cmd_trend(const char *csv, const mt_options *o)
{
    mt_edition_writer *ew = NULL;
    mt_run run;
    mt_error e;
    mt_error_clear(&e);
    mt_status st = mt_pipeline_load_tidy(csv, o, &run, &e);
    int rc = MT_EXIT_OK;
    if (st != MT_OK) {
        rc = fail(&e, load_code(st));
        goto out;
    }
    if ((rc = analyse(&run, o, o->out_dir != NULL, o->out_dir, o->out_dir ? &ew : NULL)) !=
        MT_EXIT_OK)
        goto out;
    if (o->out_dir)
        rc = write_or_fail(&run, o->out_dir, o, ew);
    else
        print_table(&run);
out:
    mt_edition_writer_free(ew);
    mt_pipeline_clear(&run);
    return rc;
}

int mt_cmd_crosscheck(const char *csv, const char *a, const char *b, const mt_options *o)
{
    mt_run run;
    mt_error e;
    mt_error_clear(&e);
    mt_status st = mt_pipeline_load_tidy(csv, o, &run, &e);
    int rc = MT_EXIT_OK;
    if (st != MT_OK) {
        rc = fail(&e, load_code(st));
        goto out;
    }
    if ((st = mt_pipeline_concordance(&run, a, b, &e)) != MT_OK) {
        rc = fail(&e, analyse_code(st));
        goto out;
    }
    if (o->out_dir) {
        if ((rc = analyse(&run, o, 1, NULL, NULL)) == MT_EXIT_OK)
            rc = write_or_fail(&run, o->out_dir, o, NULL);
        goto out;
    }
    const mt_cc_row *r = &run.cc[run.n_cc - 1];
    char v[64];
#define ROW(name, x) (num(v, sizeof v, 'g', 6, (x)), printf("%-14s %s\n", name, v))
    printf("%-14s %s\n%-14s %s\n%-14s %s to %s\n%-14s %zu\n", "a", r->a, "b", r->b, "periods",
           r->first, r->last, "n", r->n);
    ROW("apc_a", r->apc_a);
    ROW("apc_b", r->apc_b);
    ROW("apc_diff", r->apc_diff);
    ROW("apc_diff_lo", r->apc_diff_lo);
    ROW("apc_diff_hi", r->apc_diff_hi);
    ROW("p_parallel", r->p_parallel);
    ROW("r_levels", r->r_levels);
    ROW("r_diff", r->r_diff);
    ROW("rho_levels", r->rho_levels);
    ROW("rho_diff", r->rho_diff);
    printf("%-14s %zu of %zu\n", "agree", r->agree, r->total);
    ROW("sign_p", r->sign_p);
    printf("%-14s %d\n", "best_lag", r->best_lag);
    ROW("r_lag", r->r_lag);
    char divergent[8192];
    mt_cc_divergent_text(MT_LANG_EN, r, divergent, sizeof divergent);
    printf("%-14s %s\n%-14s %s\n", "verdict", r->verdict, "divergent",
           divergent[0] ? divergent : "-");
    /* appended: the expected relation and the rule that gave the verdict */
    printf("%-14s %s\n%-14s %s\n", "expect", r->expect_opposite ? "opposite" : "same", "verdict_reason",
           r->verdict_reason[0] ? r->verdict_reason : "-");
#undef ROW
out:
    mt_pipeline_clear(&run);
    return rc;
}

int mt_cmd_compare(const char *csv, const char *a, const char *b, const mt_options *o)
{
    mt_run run;
    mt_error e;
    mt_error_clear(&e);
    mt_status st = mt_pipeline_load_tidy(csv, o, &run, &e);
    int rc = MT_EXIT_OK;
    if (st != MT_OK) {
        rc = fail(&e, load_code(st));
        goto out;
    }
    /* the ids first, so that a typo costs no analysis */
    if (mt_dataset_find(&run.data, a) == NULL || mt_dataset_find(&run.data, b) == NULL) {
        mt_error_set(&e, MT_EINVAL, "%s: no series '%s' in the data (see 'monitrend trend' for the ids)",
                     csv, mt_dataset_find(&run.data, a) == NULL ? a : b);
        rc = fail(&e, MT_EXIT_USAGE);
        goto out;
    }
    if ((rc = analyse(&run, o, o->out_dir != NULL, NULL, NULL)) != MT_EXIT_OK)
        goto out;
    if ((st = mt_pipeline_compare(&run, "cli", NULL, a, b, &e)) != MT_OK) {
        rc = fail(&e, analyse_code(st));
        goto out;
    }
    if (o->out_dir) {
        rc = write_or_fail(&run, o->out_dir, o, NULL);
        goto out;
    }
    const mt_cmp_row *r = &run.cmp[run.n_cmp - 1];
    char v[64], w[64];
#define ROW(name, x) (num(v, sizeof v, 'g', 6, (x)), printf("%-14s %s\n", name, v))
    printf("%-14s %s\n%-14s %s\n%-14s %s to %s\n%-14s %zu\n%-14s %s\n", "a", r->a, "b", r->b,
           "periods", r->first[0] ? r->first : "-", r->last[0] ? r->last : "-", "n", r->n, "scale",
           r->log_scale ? "log" : "linear");
    printf("%-14s %d (a %d, b %d, parallel %d)\n", "joinpoints", r->kmax, r->k_a, r->k_b, r->k_pool);
    num(v, sizeof v, 'g', 6, r->f_coin);
    num(w, sizeof w, 'g', 4, r->p_coin);
    printf("%-14s F %s p %s\n", "coincidence", v, w);
    num(v, sizeof v, 'g', 6, r->f_par);
    num(w, sizeof w, 'g', 4, r->p_par);
    printf("%-14s F %s p %s\n", "parallelism", v, w);
    ROW("aapc_a", r->aapc_a);
    ROW("aapc_b", r->aapc_b);
    ROW("aapc_diff", r->aapc_diff);
    ROW("aapc_diff_lo", r->aapc_diff_lo);
    ROW("aapc_diff_hi", r->aapc_diff_hi);
    ROW("aapc_diff_p", r->aapc_diff_p);
    printf("%-14s %s\n%-14s %s\n", "verdict", r->verdict, "note", r->note[0] ? r->note : "-");
#undef ROW
out:
    mt_pipeline_clear(&run);
    return rc;
}
