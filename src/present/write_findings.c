/*
 * write_findings.c - findings.txt, the edition in words (English or Dutch).
 *
 * Sections: header; headlines (ranked by the rule below); one section per
 * theme with every indicator in the monitor's phrasing; cross-checks with
 * verdicts and disagreeing periods; data notes; methods.  Numbers go through
 * fmt.c (thousands separators and decimal mark per language, no NaN, no
 * -0.0); a number that could not be computed is said to be missing.
 *
 * Headline rule (README "Findings"): first the latest changes against the
 * previous period that are significant (p < 0.05) or, where the data carry
 * no uncertainty, at least 10% in size, for series that reach the last
 * period of the edition, largest first (at most 6); then cross-checks whose
 * verdict is diverging, opposite or a shift (at most 3); then the strongest
 * significant log-linear trends by |APC| of series longer than
 * MT_SHORT_SERIES_MAX points (at most 4).
 *
 * Short series (MT_SHORT_SERIES_MAX points or fewer that are fitted) are
 * described, never given a trend sentence: levels, the change from the first
 * to the last point, its direction, and a note that they are too short.
 * Indicators without data are listed once, in the data notes.
 *
 * This file writes the header, the headlines, the theme sections and the
 * methods; findings_series.c the text of one indicator, findings_notes.c the
 * cross-checks and the data notes, findings_short.c short series.
 */
#include "monitrend/write.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/cc_note_words.h" /* mt_cc_label */
#include "monitrend/cc_words.h"
#include "monitrend/edition.h"
#include "monitrend/findings_text.h"
#include "monitrend/fmt.h"
#include "monitrend/names.h"
#include "monitrend/sha256.h"
#include "monitrend/version.h"
#include "monitrend/write_compare.h"
#include "monitrend/write_projection.h"

#include "findings_internal.h"

#define L(en, nl) (lang == MT_LANG_NL ? (nl) : (en))

/* A value in the unit of its indicator: counts whole, others 3 significant digits. */
void mt_findings_value(mt_lang lang, mt_kind kind, double x, char *buf)
{
    if (kind == MT_KIND_COUNT)
        mt_fmt_count(x, lang, NULL, buf, MT_FMT_MAX);
    else
        mt_fmt_sig(x, 3, lang, NULL, buf, MT_FMT_MAX);
}

void mt_findings_ci_pct(mt_lang lang, double lo, double hi, char *buf, size_t size)
{
    char a[MT_FMT_MAX], b[MT_FMT_MAX];
    mt_fmt_apc(lo, lang, NULL, a, sizeof a);
    mt_fmt_apc(hi, lang, NULL, b, sizeof b);
    mt_fmt_ci(a, b, lang, buf, size);
}

void mt_findings_p(mt_lang lang, double p, char *buf)
{
    char v[MT_FMT_MAX];
    mt_fmt_pvalue(p, lang, NULL, v, sizeof v);
    if (v[0] == '<')
        snprintf(buf, MT_FINDINGS_P_MAX, "p < %s", v + 1);
    else
        snprintf(buf, MT_FINDINGS_P_MAX, "p = %s", v);
}

/* "rose 19.0% in 2024 compared with 2023, from 16,945 to 20,163" */
void mt_findings_change(const mt_findings_out *o, const mt_series_result *r, char *buf, size_t size)
{
    mt_lang lang = o->lang;
    mt_kind kind = mt_report_series_kind(o->run, r->series);
    char pct[MT_FMT_MAX], from[MT_FMT_MAX], to[MT_FMT_MAX];
    mt_fmt_percent(fabs(r->change_prev_pct), lang, NULL, pct, sizeof pct);
    mt_findings_value(lang, kind, r->prev_value, from);
    mt_findings_value(lang, kind, r->last_value, to);
    char prev[MT_PERIOD_STR_MAX + 64]; /* "2013, the previous wave" for a survey */
    char now[MT_PERIOD_STR_MAX];       /* the latest value's period, not the last row's */
    mt_findings_prev_ref(r, lang, prev, sizeof prev);
    mt_findings_latest_period(r, now, sizeof now);
    if (r->last_value == r->prev_value) {
        snprintf(buf, size, "%s %s %s %s%s %s %s", L("was unchanged in", "bleef gelijk in"), now,
                 L("compared with", "ten opzichte van"), prev, strchr(prev, ',') ? "," : "",
                 L("at", "op"), to);
        return;
    }
    const char *verb = r->change_prev_pct > 0 ? L("rose", "steeg") : L("fell", "daalde");
    size_t k = (size_t)snprintf(buf, size, "%s %s%% %s %s %s %s, %s %s %s %s", verb, pct,
                                L("in", "in"), now, L("compared with", "ten opzichte van"),
                                prev, L("from", "van"), from, L("to", "naar"), to);
    if (isfinite(r->change_prev_p) && k < size) {
        char p[MT_FINDINGS_P_MAX];
        mt_findings_p(lang, r->change_prev_p, p);
        snprintf(buf + k, size - k, " (%s, %s)",
                 r->change_prev_p < 0.05 ? L("significant", "significant")
                                         : L("not significant", "niet significant"),
                 p);
    }
}

void mt_findings_series_name(const mt_report *run, const char *id, char *buf, size_t size)
{
    const mt_series *s = mt_report_find(run, id);
    if (s != NULL)
        mt_names_series_title(run, s, buf, size);
    else
        snprintf(buf, size, "%s", id);
}

/* Verdicts and reasons are codes in the CSV files (a contract); their
 * words, English and Dutch, are in cc_words.c. */
const char *mt_findings_verdict(mt_lang lang, const char *v)
{
    return mt_cc_verdict_word(lang, v);
}

const char *mt_findings_type(mt_lang lang, const char *t)
{
    static const char *const map[][2] = {
        {"concordance", "overeenstemming"}, {"availability", "beschikbaarheid"},
        {"displacement", "verplaatsing"},   {"ratio", "verhouding"},
    };
    for (size_t i = 0; lang == MT_LANG_NL && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(t, map[i][0]) == 0)
            return map[i][1];
    return t;
}


/* ---- headlines ---------------------------------------------------------- */

/* The cross-check headlines: verdicts diverging, opposite or a shift (at most 3). */
static void headline_crosschecks(const mt_findings_out *o, size_t *item)
{
    const mt_report *run = o->run;
    mt_lang lang = o->lang;
    FILE *f = o->f;
    size_t cc = 0;
    for (size_t i = 0; i < run->n_cc && cc < 3; i++) {
        const mt_cc_row *c = &run->cc[i];
        if (strcmp(c->verdict, "diverging") && strcmp(c->verdict, "opposite") &&
            strncmp(c->verdict, "shift", 5))
            continue;
        char reason[512], name_a[512];
        mt_findings_series_name(run, c->a, name_a, sizeof name_a);
        mt_cc_reason_text(lang, c, name_a, reason, sizeof reason);
        /* the label says what is compared; the members are named in the
         * cross-check section */
        char verdict[1200], name_b[512];
        mt_findings_series_name(run, c->b, name_b, sizeof name_b);
        mt_findings_cc_verdict(run, lang, c, name_a, name_b, verdict, sizeof verdict);
        fprintf(f, "%zu. %s, %s-%s: %s%s%s%s.\n", ++*item, mt_cc_label(lang, c->label, c->label_nl), c->first, c->last, verdict, reason[0] ? " (" : "", reason,
                reason[0] ? ")" : "");
        cc++;
    }
}

/* One section per theme in enum order (vocab.h), then the series without a
 * theme; the paragraphs come from the accumulator. */
static mt_status theme_sections(const mt_findings_out *o, mt_findings_acc *a)
{
    const mt_report *run = o->run;
    mt_lang lang = o->lang;
    size_t nt = MT_THEME_COUNT - 1;
    for (size_t th = 0; th <= nt; th++) {
        mt_theme theme_id = th < nt ? (mt_theme)(th + 1) : MT_THEME_NONE;
        size_t count = 0;
        if (mt_findings_acc_section(a, th, &count, NULL) != MT_OK || count == 0)
            continue;
        char head[128];
        if (th < nt)
            snprintf(head, sizeof head, "%s: %s", L("THEME", "THEMA"), mt_theme_word(theme_id, lang));
        else
            snprintf(head, sizeof head, "%s", run->model_file ? L("OTHER SERIES", "OVERIGE REEKSEN")
                                                         : L("SERIES", "REEKSEN"));
        for (char *p = head; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
        fprintf(o->f, "%s\n\n", head);
        mt_status st = mt_findings_acc_section(a, th, &count, o->f);
        if (st != MT_OK)
            return st;
    }
    return MT_OK;
}

/* The METHODS section; an input whose SHA-256 cannot be computed (gone, or
 * out of memory) is an error, never a "?" in an edition. */
static mt_status methods(const mt_findings_out *o, const mt_findings_acc *a, mt_error *err)
{
    const mt_report *run = o->run;
    const mt_options *op = &run->opts;
    mt_lang lang = o->lang;
    FILE *f = o->f;
    fprintf(f, "%s\n\n", L("METHODS", "METHODEN"));
    fprintf(f, "%s\n", L("Log-linear trend: ln y = a + b t, APC = 100(e^b - 1), 95% CI from the t distribution.",
                         "Log-lineaire trend: ln y = a + b t, JPV = 100(e^b - 1), 95%-BI uit de t-verdeling."));
    fprintf(f, "Joinpoint: %s; min %d %s, %d %s; %s %zu; AAPC %s %g %s.\n", mt_select_word(op->select, lang),
            op->min_end, L("points from either end", "punten van elk uiteinde"), op->min_between,
            L("between joinpoints", "tussen knikpunten"), L("permutations", "permutaties"),
            op->permutations, L("recent window", "recent venster"), op->recent, L("years", "jaar"));
    if (mt_findings_acc_seasonal(a))
            fprintf(f, "%s\n",
                    L("Seasonal terms (sub-annual series, column season): month or quarter dummies or "
                      "Fourier terms, common to all segments; APC per year net of the season; figures "
                      "show the seasonally adjusted line.",
                      "Seizoenstermen (reeksen binnen het jaar, kolom season): dummy's per maand of "
                      "kwartaal of Fourier-termen, gelijk voor alle segmenten; JPV per jaar zonder het "
                      "seizoen; figuren tonen de seizoensgecorrigeerde lijn."));
    fprintf(f, "Mann-Kendall %s; Sen %s.\n", L("with ties correction", "met correctie voor knopen"),
            L("slope over real time with rank-based 95% CI", "helling over echte tijd met 95%-BI op rangen"));
    fprintf(f, "Bai-Perron: %s, h = %g, BIC.\n", mt_breaks_word(op->breaks, lang), op->trim);
    fprintf(f, "%s: %zu. Seed: %lu. monitrend %s.\n", L("Bootstrap samples", "Bootstrap-steekproeven"),
            op->bootstrap, op->seed, MT_VERSION_STRING);
    fprintf(f, "%s:\n", L("Inputs (SHA-256)", "Invoer (SHA-256)"));
    for (size_t i = 0; i < run->inputs.n; i++) {
        char hex[MT_SHA256_HEX_SIZE];
        mt_status st = mt_sha256_file(run->inputs.item[i], hex, err);
        if (st != MT_OK)
            return st;
        fprintf(f, "  %s  %s\n", hex, run->inputs.item[i]);
    }
    return MT_OK;
}

mt_status mt_write_findings(const mt_report *run, const char *dir, mt_error *err)
{
    mt_findings_acc *a = mt_findings_acc_alloc();
    if (a == NULL)
        return mt_error_set(err, MT_ENOMEM, "findings: out of memory or no temporary file");
    for (size_t i = 0; i < run->n_results; i++)
        mt_findings_acc_add(a, run, &run->results[i]);
    mt_status st = mt_findings_write_acc(run, a, dir, err);
    mt_findings_acc_free(a);
    return st;
}

mt_status mt_findings_write_acc(const mt_report *run, mt_findings_acc *a, const char *dir,
                                mt_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/findings.txt", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return mt_error_set(err, MT_EIO, "%s: cannot create: %s", path, strerror(errno));
    mt_lang lang = run->opts.lang;
    mt_findings_out o = {f, lang, run};
    const char *title = run->name;
    const char *edition = "";
    if (run->model_file) {
        title = lang == MT_LANG_NL && run->title_nl ? run->title_nl
                : run->title ? run->title : run->name;
        edition = run->edition ? run->edition : "";
    }
    fprintf(f, "%s\n", title);
    if (edition[0])
        fprintf(f, "%s %s\n", L("Edition", "Editie"), edition);
    size_t nser, nobs;
    const char *lo, *hi;
    mt_findings_acc_header(a, &nser, &nobs, &lo, &hi);
    fprintf(f, "%s: %zu %s, %zu %s, %s-%s.\n\n", L("Data", "Gegevens"), nser, L("series", "reeksen"),
            nobs, L("observations", "waarnemingen"), lo, hi);
    fprintf(f, "%s\n\n", L("HEADLINES", "KERNPUNTEN"));
    mt_status st = mt_findings_acc_headlines(a, &o, headline_crosschecks);
    if (st == MT_OK) {
        fputc('\n', f);
        st = theme_sections(&o, a);
    }
    if (st == MT_OK) {
        mt_findings_crosschecks(&o);
        mt_findings_data_notes_head(&o);
        st = mt_findings_acc_notes(a, f);
    }
    if (st != MT_OK) {
        fclose(f);
        return mt_error_set(err, st, "%s: the findings could not be put together (%s)", path,
                            mt_status_name(st));
    }
    fputc('\n', f);
    if ((st = methods(&o, a, err)) != MT_OK) {
        fclose(f);
        return st;
    }
    return mt_edition_fclose(f, path, err);
}
