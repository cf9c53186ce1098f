/*
 * findings_notes.c - the cross-check section and the data notes of
 * findings.txt (findings_internal.h).
 */
#include "findings_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "monitrend/cc_note_words.h"
#include "monitrend/cc_words.h"
#include "monitrend/derive_words.h"
#include "monitrend/load_note_words.h"
#include "monitrend/names.h"
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

/* The note of a cross-check for readers (cc_note_words.h): member A by
 * name, without the verdict the line has said already, starting with a
 * capital. */
static void note_text(mt_lang lang, const mt_cc_row *c, const char *name_a, char *buf, size_t size)
{
    mt_cc_note_text_for(lang, c, name_a, 0, buf, size);
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
}

void mt_findings_cc_verdict(const mt_report *run, mt_lang lang, const mt_cc_row *c, const char *name_a,
                            const char *name_b, char *buf, size_t size)
{
    if (strncmp(c->verdict, "shift from", 10) != 0) {
        snprintf(buf, size, "%s", mt_findings_verdict(lang, c->verdict));
        return;
    }
    /* long names give way to "market, region" when those tell the members
     * apart, as in the figures' verdicts */
    char sa[256] = "", sb[256] = "";
    const mt_series *a = mt_report_find(run, c->a), *b = mt_report_find(run, c->b);
    if (a != NULL && b != NULL && (strlen(name_a) > 40 || strlen(name_b) > 40)) {
        mt_names_market_region(run, a, sa, sizeof sa);
        mt_names_market_region(run, b, sb, sizeof sb);
    }
    int use_short = sa[0] && sb[0] && strcmp(sa, sb) != 0;
    mt_names_verdict(&run->names, c->verdict, use_short ? sa : name_a, use_short ? sb : name_b, lang,
                     buf, size);
}

/* "." when the sentence has no full stop of its own */
static const char *end_period(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && s[n - 1] != '.' ? "." : "";
}

void mt_findings_crosschecks(const mt_findings_out *o)
{
    const mt_report *run = o->run;
    mt_lang lang = o->lang;
    FILE *f = o->f;
    if (run->n_cc == 0 && run->n_cc_lack == 0 && run->n_cmp == 0)
        return;
    fprintf(f, "%s\n\n", L("CROSS-CHECKS", "TRIANGULATIE"));
    for (size_t i = 0; i < run->n_cc; i++) {
        const mt_cc_row *c = &run->cc[i];
        char name_a[512], name_b[512], note[MT_AN_NOTE_MAX], verdict[1200];
        mt_findings_series_name(run, c->a, name_a, sizeof name_a);
        mt_findings_series_name(run, c->b, name_b, sizeof name_b);
        note_text(lang, c, name_a, note, sizeof note);
        mt_findings_cc_verdict(run, lang, c, name_a, name_b, verdict, sizeof verdict);
        if (strcmp(c->type, "ratio") == 0) {
            /* member a is the ratio's formula: the label says what it is */
            fprintf(f, "%s (%s): %s. %s%s\n", mt_cc_label(lang, c->label, c->label_nl), mt_findings_type(lang, c->type), verdict, note,
                    end_period(note));
            continue;
        }
        if (strcmp(c->type, "availability") == 0) {
            fprintf(f, "%s (%s): %s: %s. %s%s\n", mt_cc_label(lang, c->label, c->label_nl), mt_findings_type(lang, c->type), name_a,
                    verdict, note, end_period(note));
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
        mt_cc_reason_text(lang, c, name_a, reason, sizeof reason);
        fprintf(f, "%s (%s): %s %s %s, %s-%s (%zu %s): %s.%s%s%s\n", mt_cc_label(lang, c->label, c->label_nl), mt_findings_type(lang, c->type),
                name_a, L("and", "en"), name_b, c->first[0] ? c->first : "-", c->last[0] ? c->last : "-",
                c->n, L("common periods", "gemeenschappelijke periodes"), verdict,
                reason[0] ? L(" Reason: ", " Reden: ") : "", reason, reason[0] ? "." : "");
        if (c->n >= 2)
            fprintf(f, "  %s %s %s %s; %s %s; r(log) = %s; %s %zu %s %zu %s.\n", L("APC", "JPV"), a,
                    L("and", "en"), b,
                    L("difference", "verschil"), d, r, L("same direction in", "zelfde richting in"),
                    c->agree, L("of", "van"), c->total, L("periods", "periodes"));
        if (c->n_divergent > 0) {
            char why[8192];
            mt_cc_divergent_text(lang, c, why, sizeof why);
            fprintf(f, "  %s: %s.\n", L("Periods of disagreement", "Periodes zonder overeenstemming"),
                    why);
        }
        if (strcmp(c->type, "displacement") == 0 && note[0])
            fprintf(f, "  %s.\n", note);
    }
    mt_write_compare_findings(run, f);
    for (size_t i = 0; i < run->n_cc_lack; i++) {
        char lack[MT_AN_NOTE_MAX];
        mt_cc_lack_text(lang, &run->cc_lack[i], lack, sizeof lack);
        fprintf(f, "%s\n", lack);
    }
    fputc('\n', f);
}

/* The reader-facing name of the derived series of warning x: the name of
 * the series it makes, else its label, else the id. */
static void derived_name(const mt_report *run, const mt_derive_note *x, char *buf, size_t size)
{
    if (x->series_id != NULL && mt_report_find(run, x->series_id) != NULL) {
        mt_findings_series_name(run, x->series_id, buf, size);
        return;
    }
    const char *label = run->opts.lang == MT_LANG_NL && x->label_nl ? x->label_nl : x->label;
    snprintf(buf, size, "%s", label != NULL ? label : x->id);
}

/* A warning about a derived series for readers: the series by name, in
 * the edition's language (derive_words.h for the others). */
static void derive_note_text(const mt_report *run, mt_lang lang, const mt_derive_note *x, char *buf,
                             size_t size)
{
    char name[512], in_name[512];
    if (x->kind == MT_DERIVE_NOTE_LOW_COVERAGE) {
        derived_name(run, x, name, sizeof name);
        if (lang == MT_LANG_NL)
            snprintf(buf, size, "%s (afgeleide reeks): %zu %s onder de dekking van %.0f%% van het "
                     "gewicht weggelaten", name, x->n, x->n == 1 ? "periode" : "periodes",
                     100 * x->coverage);
        else
            snprintf(buf, size, "%s (derived series): %zu %s below the coverage of %.0f%% of the "
                     "weight left out", name, x->n, x->n == 1 ? "period" : "periods",
                     100 * x->coverage);
    } else if (x->kind == MT_DERIVE_NOTE_INPUT_MISSING) {
        derived_name(run, x, name, sizeof name);
        mt_findings_series_name(run, x->input ? x->input : "", in_name, sizeof in_name);
        if (lang == MT_LANG_NL)
            snprintf(buf, size, "%s (afgeleide reeks): invoer %s heeft geen gegevens; niet berekend",
                     name, in_name);
        else
            snprintf(buf, size, "%s (derived series): input %s has no data; not computed", name,
                     in_name);
    } else {
        mt_derive_note_text(lang, x, buf, size);
    }
}

void mt_findings_data_notes_head(const mt_findings_out *o)
{
    const mt_report *run = o->run;
    mt_lang lang = o->lang;
    FILE *f = o->f;
    fprintf(f, "%s\n\n", L("DATA NOTES", "DATANOTITIES"));
    /* the warnings are typed (load_note_words.h, derive_words.h) and said in
     * the edition's language; the one that lists the indicators without
     * data is said here instead, once, by label */
    mt_findings_no_data(f, lang, run);
    for (size_t i = 0; i < run->load_notes.n; i++) {
        char text[MT_AN_NOTE_MAX];
        if (run->load_notes.item[i].kind == MT_LOAD_NOTE_NO_DATA)
            continue;
        mt_load_note_text(lang, &run->load_notes.item[i], text, sizeof text);
        fprintf(f, "- %s\n", text);
    }
    for (size_t i = 0; i < run->n_derive_notes; i++) {
        char text[1200];
        derive_note_text(run, lang, &run->derive_notes[i], text, sizeof text);
        fprintf(f, "- %s\n", text);
    }
}

void mt_findings_series_notes(const mt_findings_out *o, const mt_series_result *r)
{
    const mt_report *run = o->run;
    mt_lang lang = o->lang;
    FILE *f = o->f;
    const mt_series *s = r->series;
    char name[512];
    mt_names_series_title(run, s, name, sizeof name);
    for (size_t k = 0; k < r->n_anomalies; k++) {
        char txt[1024];
        anomaly_text(lang, mt_report_series_kind(run, s), &r->anomalies[k], txt, sizeof txt);
        fprintf(f, "- %s: %s.\n", name, txt); /* txt names the period */
    }
    if (r->descriptive_only && r->n_fit > 0) /* none fitted: the exclude note says why */
        fprintf(f, "- %s: %zu %s.\n", name, r->n_fit,
                r->n_fit == 1 ? L("point, descriptive only", "punt, alleen beschrijvend")
                              : L("points, descriptive only", "punten, alleen beschrijvend"));
    else if (!r->descriptive_only && r->n_fit <= MT_SHORT_SERIES_MAX)
        fprintf(f, "- %s: %zu %s.\n", name, r->n_fit,
                L("points, too few for a trend: described, not tested",
                  "punten, te weinig voor een trend: beschreven, niet getoetst"));
    const mt_flag_counts fc = r->meta.flags;
    if (fc.provisional + fc.estimate > 0) {
        /* named by period: rounded figures ("about", "nearly") are drawn
         * as open marks, and the reader should know which ones */
        fprintf(f, "- %s: %zu %s (", name, fc.provisional + fc.estimate,
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
        fprintf(f, "- %s: %zu %s.\n", name, fc.exclude,
                fc.exclude == 1 ? L("value excluded from every fit", "waarde buiten elke fit gehouden")
                                : L("values excluded from every fit", "waarden buiten elke fit gehouden"));
    for (size_t k = 0; k < r->n_events; k++)
        if (strcmp(r->events[k].kind, "definition") == 0)
            fprintf(f, "- %s: %s %s (%s).\n", name, L("definition change", "definitiewijziging"),
                    r->events[k].period[0] ? r->events[k].period : "",
                    mt_report_event_label(&r->events[k], lang));
}
