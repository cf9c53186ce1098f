/*
 * report.c - what the commands print on stdout without -o: the series of
 * `check`, the compact table of `trend`, the statistics of `crosscheck` and
 * `compare`; and the list of missing Dutch texts.  Numbers here are for a
 * reader at a terminal (fixed precision per quantity); the files of an
 * edition are the writers'.
 */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/cadence.h"
#include "monitrend/cc_note_words.h"
#include "monitrend/cc_words.h" /* mt_cc_divergent_text */
#include "monitrend/names.h"

/* A Dutch edition: every reader-facing text without a Dutch form, once
 * each (the English text is used instead).  NULL out = warn on stderr. */
void mt_cli_missing_dutch(const mt_run *run, const mt_options *o, FILE *out)
{
    if (run->opts.lang != MT_LANG_NL || run->model == NULL)
        return;
    mt_strlist miss;
    mt_strlist_init(&miss);
    mt_report rep;
    mt_pipeline_report(run, &rep);
    mt_nl_gap *gaps = NULL;
    size_t n_gaps = 0;
    if (mt_pipeline_missing_nl(run, &gaps, &n_gaps) == MT_OK &&
        mt_names_gap_text(gaps, n_gaps, &miss) == MT_OK &&
        mt_names_missing_nl(&rep.names, &run->data, &miss) == MT_OK) {
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
    free(gaps);
    mt_strlist_clear(&miss);
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

void mt_cli_print_check(const mt_run *run, const char *model, const mt_options *o)
{
    printf("%-44s %5s %-10s %-10s %-24s %s\n", "series", "n", "first", "last", "missing",
           "flags");
    for (size_t i = 0; i < run->data.n; i++) {
        const mt_series *s = &run->data.series[i];
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
    mt_cli_missing_dutch(run, o, stdout);
    printf("%zu series; model %s is valid\n", run->data.n, model);
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
void mt_cli_print_trends(const mt_run *run)
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

/* The statistics of the run's last concordance, a name and a value a line. */
void mt_cli_print_concordance(const mt_run *run)
{
    const mt_cc_row *r = &run->cc[run->n_cc - 1];
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
}

/* The statistics of the run's last comparison of joinpoint trends. */
void mt_cli_print_comparison(const mt_run *run)
{
    const mt_cmp_row *r = &run->cmp[run->n_cmp - 1];
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
    char note[1024];
    mt_cmp_note_text(run->opts.lang, r, note, sizeof note);
    printf("%-14s %s\n%-14s %s\n", "verdict", r->verdict, "note", note[0] ? note : "-");
#undef ROW
}
