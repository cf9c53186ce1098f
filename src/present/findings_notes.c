/*
 * findings_notes.c - the cross-check section and the data notes of
 * findings.txt (findings_internal.h).
 */
#include "findings_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "monitrend/cc_words.h"
#include "monitrend/series.h"
#include "monitrend/write.h"
#include "monitrend/write_compare.h"

#define L(en, nl) (lang == MT_LANG_NL ? (nl) : (en))

/* A factor or a number of SDs with one decimal, as anomalies.csv has it;
 * 3 significant digits from 100 on (123 rather than 123.4). */
static void fmt_one_decimal(mt_lang lang, double x, char *buf)
{
    if (fabs(x) >= 99.95)
        mt_fmt_sig(x, 3, lang, NULL, buf, MT_FMT_MAX);
    else
        snprintf(buf, MT_FMT_MAX, "%.1f", x);
}

/* A data note on an anomaly, worded from the detector's kind and numbers
 * in either language; values as every value of the findings (fmt_value),
 * where anomalies.csv keeps them in full (anomaly_words.c). */
static void anomaly_text(mt_lang lang, mt_kind kind, const mt_an_anomaly *a, char *buf, size_t size)
{
    if (lang != MT_LANG_NL) {
        char v[MT_FMT_MAX], z[MT_FMT_MAX], r1[MT_FMT_MAX], r2[MT_FMT_MAX], vp[MT_FMT_MAX], vn[MT_FMT_MAX];
        mt_findings_value(lang, kind, a->value, v);
        if (a->kind == MT_ANOMALY_RESIDUAL) {
            fmt_one_decimal(lang, fabs(a->statistic), z);
            snprintf(buf, size, "value %s in %s is %s residual SDs %s the trend "
                     "(externally studentized residual, Bonferroni p = %.2g) (residual)",
                     v, a->period, z, a->statistic < 0 ? "below" : "above", a->p);
        } else if (a->kind == MT_ANOMALY_REPEAT) {
            snprintf(buf, size, "value %s in %s repeats the value of %s exactly "
                     "(chance of such a tie about %.1g) (repeat)", v, a->period, a->prev_period, a->statistic);
        } else {
            int up = a->ratio_prev > 1.0; /* a spike: up against both neighbours */
            fmt_one_decimal(lang, up ? a->ratio_prev : 1.0 / a->ratio_prev, r1);
            fmt_one_decimal(lang, up ? a->ratio_next : 1.0 / a->ratio_next, r2);
            mt_findings_value(lang, kind, a->prev_value, vp);
            mt_findings_value(lang, kind, a->next_value, vn);
            snprintf(buf, size, "value %s in %s is %s and %s times %sits neighbours (%s in %s, %s in %s) (jump)",
                     v, a->period, r1, r2, up ? "" : "smaller than ", vp, a->prev_period, vn, a->next_period);
        }
        return;
    }
    char v[MT_FMT_MAX], z[MT_FMT_MAX];
    mt_findings_value(lang, kind, a->value, v); /* as every value of the findings */
    mt_fmt_fixed(fabs(a->stat), 1, lang, NULL, z, sizeof z);
    if (a->kind == MT_ANOMALY_RESIDUAL)
        snprintf(buf, size, "waarde %s in %s ligt %s gestudentiseerde residuen %s de trend (uitschieter)",
                 v, a->period, z, a->stat < 0 ? "onder" : "boven");
    else if (a->kind == MT_ANOMALY_REPEAT)
        snprintf(buf, size, "waarde %s in %s is exact gelijk aan die van de vorige periode", v, a->period);
    else
        snprintf(buf, size, "waarde %s in %s verschilt een orde van grootte van de naburige waarden",
                 v, a->period);
}

void mt_findings_crosschecks(const mt_findings_out *o)
{
    const mt_run *run = o->run;
    mt_lang lang = o->lang;
    FILE *f = o->f;
    if (run->n_cc == 0 && run->cc_notes.n == 0 && run->n_cmp == 0)
        return;
    fprintf(f, "%s\n\n", L("CROSS-CHECKS", "TRIANGULATIE"));
    for (size_t i = 0; i < run->n_cc; i++) {
        const mt_cc_row *c = &run->cc[i];
        if (strcmp(c->type, "availability") == 0 || strcmp(c->type, "ratio") == 0) {
            fprintf(f, "%s (%s): %s: %s. %s\n", c->label, mt_findings_type(lang, c->type), c->a,
                    mt_findings_verdict(lang, c->verdict), c->note);
            continue;
        }
        char a[MT_FMT_MAX], b[MT_FMT_MAX], d[128], r[MT_FMT_MAX];
        mt_fmt_apc(c->apc_a, lang, NULL, a, sizeof a);
        mt_fmt_apc(c->apc_b, lang, NULL, b, sizeof b);
        mt_findings_ci_pct(lang, c->apc_diff_lo, c->apc_diff_hi, d, sizeof d);
        mt_fmt_fixed(c->r_levels, 2, lang, NULL, r, sizeof r);
        /* the verdict with its reason in words: a verdict is never printed
         * without the rule that gave it */
        char reason[512];
        mt_cc_reason_text(lang, c, reason, sizeof reason);
        fprintf(f, "%s (%s): %s %s %s, %s-%s (%zu %s): %s.%s%s%s\n", c->label, mt_findings_type(lang, c->type),
                c->a, L("and", "en"), c->b, c->first[0] ? c->first : "-", c->last[0] ? c->last : "-",
                c->n, L("common periods", "gemeenschappelijke periodes"), mt_findings_verdict(lang, c->verdict),
                reason[0] ? L(" Reason: ", " Reden: ") : "", reason, reason[0] ? "." : "");
        if (c->n >= 2)
            fprintf(f, "  APC %s %s %s; %s %s; r(log) = %s; %s %zu %s %zu %s.\n", a, L("and", "en"), b,
                    L("difference", "verschil"), d, r, L("same direction in", "zelfde richting in"),
                    c->agree, L("of", "van"), c->total, L("periods", "periodes"));
        if (c->n_divergent > 0) {
            char why[8192];
            mt_cc_divergent_text(lang, c, why, sizeof why);
            fprintf(f, "  %s: %s.\n", L("Periods of disagreement", "Periodes zonder overeenstemming"),
                    why);
        }
        if (strcmp(c->type, "displacement") == 0 && c->note[0])
            fprintf(f, "  %s.\n", c->note);
    }
    mt_write_compare_findings(run, f);
    for (size_t i = 0; i < run->cc_notes.n; i++)
        fprintf(f, "%s\n", run->cc_notes.item[i]);
    fputc('\n', f);
}

/* The Dutch text of a library warning about derived series (the library
 * speaks English; src/run/pipeline.c says which messages exist).  Writes
 * into buf and returns it, or returns w itself when it has no translation. */
static const char *warning_nl(const char *w, char *buf, size_t size)
{
    char id[256], input[256];
    size_t n;
    int pct;
    if (sscanf(w, "derived %255[^:]: %zu period%*[s] below the coverage of %d%% of the weight",
               id, &n, &pct) == 3 ||
        sscanf(w, "derived %255[^:]: %zu period below the coverage of %d%% of the weight", id,
               &n, &pct) == 3) {
        snprintf(buf, size, "afgeleide reeks %s: %zu %s onder de dekking van %d%% van het gewicht "
                 "weggelaten", id, n, n == 1 ? "periode" : "periodes", pct);
        return buf;
    }
    if (sscanf(w, "derived %255[^:]: input %255s has no data; not computed", id, input) == 2) {
        snprintf(buf, size, "afgeleide reeks %s: invoer %s heeft geen gegevens; niet berekend", id,
                 input);
        return buf;
    }
    return w;
}

void mt_findings_data_notes(const mt_findings_out *o)
{
    const mt_run *run = o->run;
    mt_lang lang = o->lang;
    FILE *f = o->f;
    fprintf(f, "%s\n\n", L("DATA NOTES", "DATANOTITIES"));
    /* warnings are the library's (English) messages; the one that lists the
     * indicators without data is said here instead, once, by label and in the
     * edition's language */
    mt_findings_no_data(f, lang, run);
    for (size_t i = 0; i < run->warnings.n; i++) {
        const char *w = run->warnings.item[i];
        if (strncmp(w, "no data in this edition for ", 28) == 0)
            continue;
        char nl[600];
        fprintf(f, "- %s\n", lang == MT_LANG_NL ? warning_nl(w, nl, sizeof nl) : w);
    }
    for (size_t i = 0; i < run->n_results; i++) {
        const mt_series_result *r = &run->results[i];
        const mt_series *s = r->series;
        for (size_t k = 0; k < r->n_anomalies; k++) {
            char txt[1024];
            anomaly_text(lang, mt_pipeline_series_kind(run, s), &r->anomalies[k], txt, sizeof txt);
            fprintf(f, "- %s %s: %s.\n", s->id, r->anomalies[k].period, txt);
        }
        if (r->descriptive_only && r->n_fit > 0) /* none fitted: the exclude note says why */
            fprintf(f, "- %s: %zu %s.\n", s->id, r->n_fit,
                    r->n_fit == 1 ? L("point, descriptive only", "punt, alleen beschrijvend")
                                  : L("points, descriptive only", "punten, alleen beschrijvend"));
        else if (!r->descriptive_only && r->n_fit <= MT_SHORT_SERIES_MAX)
            fprintf(f, "- %s: %zu %s.\n", s->id, r->n_fit,
                    L("points, too few for a trend: described, not tested",
                      "punten, te weinig voor een trend: beschreven, niet getoetst"));
        mt_flag_counts fc;
        mt_series_count_flags(s, &fc);
        if (fc.provisional + fc.estimate > 0) {
            /* named by period: rounded figures ("about", "nearly") are drawn
             * as open marks, and the reader should know which ones */
            fprintf(f, "- %s: %zu %s (", s->id, fc.provisional + fc.estimate,
                    fc.provisional + fc.estimate == 1
                        ? L("provisional or estimated value", "voorlopige of geschatte waarde")
                        : L("provisional or estimated values", "voorlopige of geschatte waarden"));
            for (size_t k = 0, j = 0; k < s->n; k++) {
                if (!(s->flags[k] & (MT_FLAG_PROVISIONAL | MT_FLAG_ESTIMATE)))
                    continue;
                char per[MT_PERIOD_STR_MAX];
                mt_period_format(&s->period[k], per, sizeof per);
                fprintf(f, "%s%s", j++ ? ", " : "", per);
            }
            fprintf(f, "; %s).\n", L("open marks in the figures", "open symbolen in de figuren"));
        }
        if (fc.exclude > 0)
            fprintf(f, "- %s: %zu %s.\n", s->id, fc.exclude,
                    fc.exclude == 1 ? L("value excluded from every fit", "waarde buiten elke fit gehouden")
                                    : L("values excluded from every fit", "waarden buiten elke fit gehouden"));
        for (size_t k = 0; k < r->n_events; k++)
            if (strcmp(r->events[k].kind, "definition") == 0)
                fprintf(f, "- %s: %s %s (%s).\n", s->id, L("definition change", "definitiewijziging"),
                        r->events[k].period[0] ? r->events[k].period : "", r->events[k].label);
    }
    fputc('\n', f);
}
