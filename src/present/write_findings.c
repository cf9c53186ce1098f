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
 */
#include "monitrend/write.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/cc_words.h"
#include "monitrend/edition.h"
#include "monitrend/findings_text.h"
#include "monitrend/fmt.h"
#include "monitrend/sha256.h"
#include "monitrend/version.h"
#include "monitrend/write_compare.h"
#include "monitrend/write_projection.h"

#include "findings_internal.h"

#define L(en, nl) (lang == MT_LANG_NL ? (nl) : (en))

typedef struct {
    FILE *f;
    mt_lang lang;
    const mt_run *run;
} out_t;

/* A value in the unit of its indicator: counts whole, others 3 significant digits. */
static void fmt_value(mt_lang lang, mt_kind kind, double x, char *buf)
{
    if (kind == MT_KIND_COUNT)
        mt_fmt_count(x, lang, NULL, buf, MT_FMT_MAX);
    else
        mt_fmt_sig(x, 3, lang, NULL, buf, MT_FMT_MAX);
}

static void fmt_ci_pct(mt_lang lang, double lo, double hi, char *buf, size_t size)
{
    char a[MT_FMT_MAX], b[MT_FMT_MAX];
    mt_fmt_apc(lo, lang, NULL, a, sizeof a);
    mt_fmt_apc(hi, lang, NULL, b, sizeof b);
    mt_fmt_ci(a, b, lang, buf, size);
}

#define P_MAX (MT_FMT_MAX + 8)

static void fmt_p(mt_lang lang, double p, char *buf)
{
    char v[MT_FMT_MAX];
    mt_fmt_pvalue(p, lang, NULL, v, sizeof v);
    if (v[0] == '<')
        snprintf(buf, P_MAX, "p < %s", v + 1);
    else
        snprintf(buf, P_MAX, "p = %s", v);
}

/* "rose 19.0% in 2024 compared with 2023, from 16,945 to 20,163" */
static void change_sentence(const out_t *o, const mt_series_result *r, char *buf, size_t size)
{
    mt_lang lang = o->lang;
    mt_kind kind = mt_pipeline_series_kind(o->run, r->series);
    char pct[MT_FMT_MAX], from[MT_FMT_MAX], to[MT_FMT_MAX];
    mt_fmt_percent(fabs(r->change_prev_pct), lang, NULL, pct, sizeof pct);
    fmt_value(lang, kind, r->prev_value, from);
    fmt_value(lang, kind, r->last_value, to);
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
        char p[P_MAX];
        fmt_p(lang, r->change_prev_p, p);
        snprintf(buf + k, size - k, " (%s, %s)",
                 r->change_prev_p < 0.05 ? L("significant", "significant")
                                         : L("not significant", "niet significant"),
                 p);
    }
}

/* Verdicts and reasons are codes in the CSV files (a contract); their
 * words, English and Dutch, are in cc_words.c. */
static const char *verdict_text(mt_lang lang, const char *v)
{
    return mt_cc_verdict_word(lang, v);
}

static const char *type_text(mt_lang lang, const char *t)
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
        fmt_value(lang, kind, a->value, v);
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
            fmt_value(lang, kind, a->prev_value, vp);
            fmt_value(lang, kind, a->next_value, vn);
            snprintf(buf, size, "value %s in %s is %s and %s times %sits neighbours (%s in %s, %s in %s) (jump)",
                     v, a->period, r1, r2, up ? "" : "smaller than ", vp, a->prev_period, vn, a->next_period);
        }
        return;
    }
    char v[MT_FMT_MAX], z[MT_FMT_MAX];
    fmt_value(lang, kind, a->value, v); /* as every value of the findings */
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

/* ---- headlines ---------------------------------------------------------- */

typedef struct {
    double score;
    size_t i;
} ranked;

static int by_score(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static void headlines(const out_t *o)
{
    const mt_run *run = o->run;
    mt_lang lang = o->lang;
    FILE *f = o->f;
    fprintf(f, "%s\n\n", L("HEADLINES", "KERNPUNTEN"));
    size_t n = run->n_results;
    ranked *rk = calloc(n + run->n_cc + 1, sizeof *rk);
    if (rk == NULL)
        return;
    /* the edition's last period (the latest 'last' among series) */
    double t_end = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        const mt_series *s = run->results[i].series;
        for (size_t k = 0; k < s->n; k++)
            if (isfinite(s->value[k]))
                t_end = fmax(t_end, s->t[k]);
    }
    size_t item = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        const mt_series_result *r = &run->results[i];
        if (!isfinite(r->change_prev_pct))
            continue;
        const mt_series *s = r->series;
        double t_last = -INFINITY;
        for (size_t k = 0; k < s->n; k++)
            if (isfinite(s->value[k]))
                t_last = fmax(t_last, s->t[k]);
        if (t_last < floor(t_end) - 1e-9)
            continue;
        int sig = isfinite(r->change_prev_p) ? r->change_prev_p < 0.05 : fabs(r->change_prev_pct) >= 10;
        if (sig)
            rk[m++] = (ranked){fabs(r->change_prev_pct), i};
    }
    qsort(rk, m, sizeof *rk, by_score);
    for (size_t j = 0; j < m && j < 6; j++) {
        const mt_series_result *r = &run->results[rk[j].i];
        char name[512], sent[512];
        mt_pipeline_series_title(run, r->series, name, sizeof name);
        change_sentence(o, r, sent, sizeof sent);
        fprintf(f, "%zu. %s %s.\n", ++item, name, sent);
    }
    size_t cc = 0;
    for (size_t i = 0; i < run->n_cc && cc < 3; i++) {
        const mt_cc_row *c = &run->cc[i];
        if (strcmp(c->verdict, "diverging") && strcmp(c->verdict, "opposite") &&
            strncmp(c->verdict, "shift", 5))
            continue;
        char reason[512];
        mt_cc_reason_text(lang, c, reason, sizeof reason);
        fprintf(f, "%zu. %s: %s %s %s %s-%s: %s%s%s%s.\n", ++item, c->label, c->a, L("and", "en"), c->b,
                c->first, c->last, verdict_text(lang, c->verdict), reason[0] ? " (" : "", reason,
                reason[0] ? ")" : "");
        cc++;
    }
    /* trends: what describes each series now (the joinpoint model's last
     * segment or recent AAPC, findings_text.h), ranked by its size */
    m = 0;
    for (size_t i = 0; i < n; i++) {
        if (run->results[i].n_fit <= MT_SHORT_SERIES_MAX)
            continue; /* short series are described, never given a trend */
        mt_current_trend c;
        mt_findings_current_trend(&run->results[i], &c);
        if (c.kind != MT_CURRENT_NONE && c.significant && isfinite(c.apc))
            rk[m++] = (ranked){fabs(c.apc), i};
    }
    qsort(rk, m, sizeof *rk, by_score);
    for (size_t j = 0; j < m && j < 4; j++) {
        const mt_series_result *r = &run->results[rk[j].i];
        char name[512], phrase[512];
        mt_current_trend c;
        mt_findings_current_trend(r, &c);
        mt_pipeline_series_title(run, r->series, name, sizeof name);
        mt_findings_current_phrase(&c, lang, phrase, sizeof phrase);
        fprintf(f, "%zu. %s: %s.\n", ++item, name, phrase);
    }
    if (item == 0)
        fprintf(f, "%s\n", L("No significant change or divergence in this edition.",
                             "Geen significante verandering of afwijking in deze editie."));
    fputc('\n', f);
    free(rk);
}

/* ---- per indicator ----------------------------------------------------- */

/* "Current trend: ..." when the selected joinpoint model has a joinpoint,
 * so that the theme text leads with what the headline quotes
 * (findings_text.h); a model without joinpoints is the "Trend" line. */
static void current_trend_line(const out_t *o, const mt_series_result *r)
{
    mt_lang lang = o->lang;
    mt_current_trend c;
    mt_findings_current_trend(r, &c);
    if (c.kind != MT_CURRENT_SEGMENT && c.kind != MT_CURRENT_AAPC_5Y)
        return;
    char phrase[512];
    mt_findings_current_phrase(&c, lang, phrase, sizeof phrase);
    fprintf(o->f, "  %s: %s%s.\n", L("Current trend", "Huidige trend"), phrase,
            c.significant ? "" : L(", not significant", ", niet significant"));
}

/* What was done with zeros, censored values and the variance of counts
 * (issue 11): one line each, so no number in the trend line goes unexplained. */
static void fit_basis_lines(FILE *f, mt_lang lang, const mt_series_result *r)
{
    const char *z = r->zeros_periods;
    switch (r->zeros_action) {
    case MT_AN_ZEROS_EXCLUDED:
        fprintf(f, "  %s: %s.\n", L("Values at or below zero, left out of the log-scale trend",
                                    "Waarden van nul of lager, niet in de trend op logschaal"), z);
        break;
    case MT_AN_ZEROS_LINEAR:
        fprintf(f, "  %s (%s): %s.\n", L("Values at or below zero", "Waarden van nul of lager"), z,
                L("the whole series is fitted on the linear scale",
                  "de hele reeks is op lineaire schaal geschat"));
        break;
    case MT_AN_ZEROS_HALF_MIN:
        fprintf(f, "  %s (%s) %s.\n", L("Values at or below zero", "Waarden van nul of lager"), z,
                L("replaced by half the smallest positive value for the log-scale trend",
                  "vervangen door de helft van de kleinste positieve waarde voor de trend op logschaal"));
        break;
    case MT_AN_ZEROS_COUNT_MODEL:
        fprintf(f, "  %s (%s) %s.\n", L("Zero counts", "Nultellingen"), z,
                L("are part of the count model", "tellen mee in het telmodel"));
        break;
    default:
        break;
    }
    if (r->lod_periods[0])
        fprintf(f, "  %s: %s.\n", L("Below the limit of detection (shown, not fitted)",
                                    "Onder de detectiegrens (getoond, niet geschat)"), r->lod_periods);
    if (isfinite(r->dispersion) && (!strcmp(r->variance, "quasipoisson") || !strcmp(r->variance, "poisson"))) {
        char d[MT_FMT_MAX];
        mt_fmt_sig(r->dispersion, 3, lang, NULL, d, sizeof d);
        if (!strcmp(r->variance, "quasipoisson"))
            fprintf(f, "  %s %s%s\n", L("Count model: quasi-Poisson, intervals widened for a dispersion of",
                                         "Telmodel: quasi-Poisson, intervallen verbreed voor een dispersie van"),
                    d, ".");
        else
            fprintf(f, "  %s\n", L("Count model: Poisson (counts not overdispersed).",
                                    "Telmodel: Poisson (tellingen niet overgedispergeerd)."));
    }
}

static void indicator_text(const out_t *o, const mt_series_result *r)
{
    const mt_run *run = o->run;
    mt_lang lang = o->lang;
    FILE *f = o->f;
    const mt_series *s = r->series;
    mt_kind kind = mt_pipeline_series_kind(run, s);
    char name[512];
    mt_pipeline_series_title(run, s, name, sizeof name);
    const char *label, *unit, *theme, *source;
    mt_pipeline_series_meta(run, s, &label, &unit, &theme, &source);
    fprintf(f, "%s%s%s%s\n", name, unit[0] ? " (" : "", unit, unit[0] ? ")" : "");

    char v[MT_FMT_MAX], now[MT_PERIOD_STR_MAX];
    if (r->n_fit == 0) {
        mt_findings_excluded_only(f, lang, run, r);
        return;
    }
    fmt_value(lang, kind, r->last_value, v);
    mt_findings_latest_period(r, now, sizeof now);
    fprintf(f, "  %s: %s (%s).", L("Latest value", "Laatste waarde"), v, now);
    if (isfinite(r->change_prev_pct)) {
        char sent[512];
        change_sentence(o, r, sent, sizeof sent);
        fprintf(f, " %s %s.", L("It", "Het"), sent);
    } else {
        char none[128];
        mt_findings_no_prev(r, lang, none, sizeof none);
        fprintf(f, " %s", none);
    }
    /* the earlier value is named with its period: "(2013: 13.5)" */
    if (isfinite(r->change_10y_pct)) {
        char pct[MT_FMT_MAX], old[MT_FMT_MAX];
        mt_fmt_apc(r->change_10y_pct, lang, NULL, pct, sizeof pct);
        fmt_value(lang, kind, r->value_10y, old);
        fprintf(f, " %s (%s: %s): %s.", L("Against ten years earlier", "Ten opzichte van tien jaar eerder"),
                r->p10_period, old, pct);
    } else if (isfinite(r->change_5y_pct)) {
        char pct[MT_FMT_MAX], old[MT_FMT_MAX];
        mt_fmt_apc(r->change_5y_pct, lang, NULL, pct, sizeof pct);
        fmt_value(lang, kind, r->value_5y, old);
        fprintf(f, " %s (%s: %s): %s.", L("Against five years earlier", "Ten opzichte van vijf jaar eerder"),
                r->p5_period, old, pct);
    }
    fputc('\n', f);
    current_trend_line(o, r);
    /* ranges end at the last fitted value, not at an empty last row */
    char fit_from[MT_PERIOD_STR_MAX], fit_to[MT_PERIOD_STR_MAX];
    mt_findings_fit_range(r, fit_from, fit_to, sizeof fit_to);
    fit_basis_lines(f, lang, r);
    if (r->descriptive_only) {
        fprintf(f, "  %s\n", L("Too few observations for a trend: descriptive only.",
                              "Te weinig waarnemingen voor een trend: alleen beschrijvend."));
        return;
    }
    if (r->n_fit <= MT_SHORT_SERIES_MAX) {
        mt_findings_short_series(f, lang, run, r);
        return;
    }
    if (r->scale == MT_SCALE_LOG && isfinite(r->apc)) {
        char apc[MT_FMT_MAX], ci[128], p[P_MAX];
        mt_fmt_apc(r->apc, lang, NULL, apc, sizeof apc);
        fmt_ci_pct(lang, r->apc_lo, r->apc_hi, ci, sizeof ci);
        fmt_p(lang, r->p_trend, p);
        fprintf(f, "  %s %s-%s: %s %s (%s; %s)%s.\n", L("Trend", "Trend"), fit_from, fit_to, apc,
                L("a year", "per jaar"), ci, p,
                r->p_trend < 0.05 ? "" : L(", not significant", ", niet significant"));
    } else if (isfinite(r->slope)) {
        char sl[MT_FMT_MAX], lo[MT_FMT_MAX], hi[MT_FMT_MAX], ci[128], p[P_MAX];
        mt_fmt_sig(r->slope, 3, lang, NULL, sl, sizeof sl);
        mt_fmt_sig(r->slope_lo, 3, lang, NULL, lo, sizeof lo);
        mt_fmt_sig(r->slope_hi, 3, lang, NULL, hi, sizeof hi);
        mt_fmt_ci(lo, hi, lang, ci, sizeof ci);
        fmt_p(lang, r->p_trend, p);
        fprintf(f, "  %s %s-%s: %s %s %s (%s; %s).\n", L("Linear trend", "Lineaire trend"),
                fit_from, fit_to, sl, unit, L("a year", "per jaar"), ci, p);
    }
    if (r->ar1_done || r->jp_ar1_done || r->dw_autocorrelated) {
        /* how the trend was fitted when it is not the plain least-squares line */
        char phi[MT_FMT_MAX], jphi[MT_FMT_MAX], dw[MT_FMT_MAX];
        mt_fmt_fixed(r->ar1_phi, 2, lang, NULL, phi, sizeof phi);
        mt_fmt_fixed(r->jp_ar1_phi, 2, lang, NULL, jphi, sizeof jphi);
        mt_fmt_fixed(r->dw, 2, lang, NULL, dw, sizeof dw);
        fputs(" ", f);
        if (r->ar1_done && r->jp_ar1_done)
            fprintf(f, " %s %s (%s), %s (%s).", L("Errors AR(1), GLS: phi =", "Fouten AR(1), GLS: phi ="),
                    phi, L("trend", "trend"), jphi, L("joinpoint model", "knikpuntmodel"));
        else if (r->jp_ar1_done)
            fprintf(f, " %s %s (%s).", L("Errors AR(1), GLS: phi =", "Fouten AR(1), GLS: phi ="), jphi,
                    L("joinpoint model", "knikpuntmodel"));
        else if (r->ar1_done)
            fprintf(f, " %s %s.", L("Errors AR(1), GLS: phi =", "Fouten AR(1), GLS: phi ="), phi);
        else if (r->dw_autocorrelated)
            fprintf(f, " %s %s: %s.", L("Residuals autocorrelated, Durbin-Watson", "Residuen autogecorreleerd, Durbin-Watson"),
                    dw, L("errors = ar1 would model it", "errors = ar1 zou dat modelleren"));
        fputc('\n', f);
    }
    if (r->jp_done && r->n_jp > 0) {
        fprintf(f, "  %s:", L("Joinpoints", "Knikpunten"));
        for (size_t k = 0; k < r->n_jp; k++) {
            fprintf(f, "%s %s", k ? "," : "", r->jp_period[k]);
            /* where it may lie (joinpoint_ci.h), on the segment it starts */
            const mt_an_segment *g = k + 1 < r->n_seg ? &r->seg[k + 1] : NULL;
            if (g && g->jp_lo_period[0] && g->jp_hi_period[0])
                fprintf(f, " (%s %s-%s)", mt_fmt_ci_label(lang), g->jp_lo_period, g->jp_hi_period);
        }
        fprintf(f, ".");
        for (size_t k = 0; k < r->n_seg && r->scale == MT_SCALE_LOG; k++) {
            char apc[MT_FMT_MAX], ci[128];
            mt_fmt_apc(r->seg[k].apc, lang, NULL, apc, sizeof apc);
            fmt_ci_pct(lang, r->seg[k].apc_lo, r->seg[k].apc_hi, ci, sizeof ci);
            fprintf(f, " %s-%s: %s (%s).", r->seg[k].start_period, r->seg[k].end_period, apc, ci);
        }
        fputc('\n', f);
    }
    if (r->scale == MT_SCALE_LOG && isfinite(r->aapc_recent) && r->jp_done) {
        char a[MT_FMT_MAX], ci[128];
        mt_fmt_apc(r->aapc_recent, lang, NULL, a, sizeof a);
        fmt_ci_pct(lang, r->aapc_recent_lo, r->aapc_recent_hi, ci, sizeof ci);
        fprintf(f, "  %s %s-%s: %s (%s)", L("Average annual change (AAPC)", "Gemiddelde jaarlijkse verandering (AAPC)"),
                r->recent_from, fit_to, a, ci);
        if (isfinite(r->aapc_5y)) {
            mt_fmt_apc(r->aapc_5y, lang, NULL, a, sizeof a);
            fmt_ci_pct(lang, r->aapc_5y_lo, r->aapc_5y_hi, ci, sizeof ci);
            fprintf(f, "; %s-%s: %s (%s)", r->from_5y, fit_to, a, ci);
        }
        fputs(".\n", f);
    }
    mt_write_projection_findings(run, r, f);
    if (isfinite(r->mk_p)) {
        char p[P_MAX], sen[MT_FMT_MAX];
        fmt_p(lang, r->mk_p, p);
        if (r->scale == MT_SCALE_LOG && isfinite(r->sen_pct))
            mt_fmt_apc(r->sen_pct, lang, NULL, sen, sizeof sen);
        else
            mt_fmt_sig(r->sen_slope, 3, lang, NULL, sen, sizeof sen);
        fprintf(f, "  Mann-Kendall: %s (%s); Sen %s %s.\n",
                r->mk_p < 0.05 ? (r->mk_s > 0 ? L("monotonic rise", "monotone stijging")
                                               : L("monotonic fall", "monotone daling"))
                               : L("no monotonic trend", "geen monotone trend"),
                p, sen, L("a year", "per jaar"));
    }
    const mt_an_breaks *b = &r->breaks;
    if (b->done && b->n_breaks > 0) {
        fprintf(f, "  %s:", L("Structural breaks (last period before each)", "Structurele breuken (laatste periode ervoor)"));
        for (size_t k = 0; k < b->n_breaks; k++) {
            if (b->ci_lo[k][0])
                fprintf(f, "%s %s (%s %s-%s)", k ? ";" : "", b->brk[k], mt_fmt_ci_label(lang),
                        b->ci_lo[k], b->ci_hi[k]);
            else
                fprintf(f, "%s %s", k ? ";" : "", b->brk[k]);
        }
        fprintf(f, ".\n");
    }
    for (size_t k = 0; k < r->n_events; k++) {
        const mt_an_event *e = &r->events[k];
        char lv[MT_FMT_MAX], ci[128];
        if (isfinite(e->chow_p)) {
            char p[P_MAX];
            fmt_p(lang, e->chow_p, p);
            fprintf(f, "  %s %s (%s): %s.\n", L("Chow test of a break in the trend at", "Chow-toets op een breuk in de trend bij"),
                    e->period[0] ? e->period : "", e->label, p);
        }
        mt_fmt_apc(e->level_pct, lang, NULL, lv, sizeof lv);
        fmt_ci_pct(lang, e->level_lo, e->level_hi, ci, sizeof ci);
        if (strcmp(e->kind, "definition") == 0) {
            if (strncmp(e->note, "bridged", 7) == 0) {
                /* comparability ratio (analyse.c): the publisher's bridge, not a fitted jump;
                 * level_pct = 100 (R - 1) */
                char rt[MT_FMT_MAX], rlo[MT_FMT_MAX], rhi[MT_FMT_MAX], rci[3 * MT_FMT_MAX];
                mt_fmt_fixed(1 + e->level_pct / 100, 3, lang, NULL, rt, sizeof rt);
                mt_fmt_fixed(1 + e->level_lo / 100, 3, lang, NULL, rlo, sizeof rlo);
                mt_fmt_fixed(1 + e->level_hi / 100, 3, lang, NULL, rhi, sizeof rhi);
                mt_fmt_ci(rlo, rhi, lang, rci, sizeof rci);
                fprintf(f, "  %s %s (%s): %s %s (%s; %s); %s.\n", L("Definition change", "Definitiewijziging"),
                        e->period[0] ? e->period : "", e->label,
                        L("bridged by the publisher's comparability ratio", "overbrugd met de vergelijkbaarheidsratio van de uitgever"),
                        rt, L("new/old definition", "nieuwe/oude definitie"), isfinite(e->level_lo) ? rci : L("no SE given", "geen SE gegeven"),
                        L("earlier values are multiplied by it (with the delta-method variance) and one trend is fitted across the change",
                          "eerdere waarden zijn ermee vermenigvuldigd (met de variantie volgens de deltamethode) en er is één trend over de wijziging geschat"));
            } else if (isfinite(e->level_pct))
                fprintf(f, "  %s %s (%s): %s %s (%s); %s.\n", L("Definition change", "Definitiewijziging"),
                        e->period[0] ? e->period : "", e->label, L("level shift", "niveausprong"), lv, ci,
                        L("the trend is estimated across it", "de trend is eroverheen geschat"));
            else
                fprintf(f, "  %s %s (%s): %s.\n", L("Definition change", "Definitiewijziging"), e->period,
                        e->label, L("not estimated (too few points)", "niet geschat (te weinig punten)"));
        } else if (isfinite(e->level_pct) && r->scale == MT_SCALE_LOG) {
            char a[MT_FMT_MAX], bb[MT_FMT_MAX];
            mt_fmt_apc(e->slope_before, lang, NULL, a, sizeof a);
            mt_fmt_apc(e->slope_after, lang, NULL, bb, sizeof bb);
            fprintf(f, "  %s %s (%s) %s %s (%s) %s %s %s %s %s.", L("After", "Na"), e->label, e->period,
                    L("the level changed by", "veranderde het niveau met"), lv, ci,
                    L("and the trend from", "en de trend van"), a, L("to", "naar"), bb,
                    L("a year", "per jaar"));
            if (isfinite(e->did_level_pct)) {
                char d[MT_FMT_MAX], dci[128];
                mt_fmt_apc(e->did_level_pct, lang, NULL, d, sizeof d);
                fmt_ci_pct(lang, e->did_lo, e->did_hi, dci, sizeof dci);
                fprintf(f, " %s %s: %s (%s).", L("Against the comparison", "Ten opzichte van de vergelijking"),
                        e->comparison, d, dci);
            }
            fputc('\n', f);
        } else {
            fprintf(f, "  %s %s (%s): %s.\n", L("Policy event", "Beleidsmaatregel"), e->label, e->period,
                    e->note[0] ? e->note : L("not estimated", "niet geschat"));
        }
    }
}

static void theme_sections(const out_t *o)
{
    const mt_run *run = o->run;
    mt_lang lang = o->lang;
    /* the themes in enum order (vocab.h), then the series without a theme */
    size_t nt = MT_THEME_COUNT - 1;
    for (size_t th = 0; th <= nt; th++) {
        mt_theme theme_id = th < nt ? (mt_theme)(th + 1) : MT_THEME_NONE;
        const char *tn = mt_theme_name(theme_id);
        size_t count = 0;
        for (size_t i = 0; i < run->n_results; i++) {
            const char *label, *unit, *theme, *source;
            mt_pipeline_series_meta(run, run->results[i].series, &label, &unit, &theme, &source);
            if (strcmp(theme, tn) != 0)
                continue;
            if (count++ == 0) {
                char head[128];
                if (th < nt)
                    snprintf(head, sizeof head, "%s: %s", L("THEME", "THEMA"), mt_theme_word(theme_id, lang));
                else
                    snprintf(head, sizeof head, "%s", run->model ? L("OTHER SERIES", "OVERIGE REEKSEN")
                                                                 : L("SERIES", "REEKSEN"));
                for (char *p = head; *p; p++)
                    if (*p >= 'a' && *p <= 'z')
                        *p = (char)(*p - 'a' + 'A');
                fprintf(o->f, "%s\n\n", head);
            }
            indicator_text(o, &run->results[i]);
            fputc('\n', o->f);
        }
    }
}

static void crosscheck_section(const out_t *o)
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
            fprintf(f, "%s (%s): %s: %s. %s\n", c->label, type_text(lang, c->type), c->a,
                    verdict_text(lang, c->verdict), c->note);
            continue;
        }
        char a[MT_FMT_MAX], b[MT_FMT_MAX], d[128], r[MT_FMT_MAX];
        mt_fmt_apc(c->apc_a, lang, NULL, a, sizeof a);
        mt_fmt_apc(c->apc_b, lang, NULL, b, sizeof b);
        fmt_ci_pct(lang, c->apc_diff_lo, c->apc_diff_hi, d, sizeof d);
        mt_fmt_fixed(c->r_levels, 2, lang, NULL, r, sizeof r);
        /* the verdict with its reason in words: a verdict is never printed
         * without the rule that gave it */
        char reason[512];
        mt_cc_reason_text(lang, c, reason, sizeof reason);
        fprintf(f, "%s (%s): %s %s %s, %s-%s (%zu %s): %s.%s%s%s\n", c->label, type_text(lang, c->type),
                c->a, L("and", "en"), c->b, c->first[0] ? c->first : "-", c->last[0] ? c->last : "-",
                c->n, L("common periods", "gemeenschappelijke periodes"), verdict_text(lang, c->verdict),
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

static void data_notes(const out_t *o)
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

static void methods(const out_t *o)
{
    const mt_run *run = o->run;
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
    for (size_t i = 0; i < run->n_results; i++)
        if (run->results[i].season[0] && strcmp(run->results[i].season, "none") != 0) {
            fprintf(f, "%s\n",
                    L("Seasonal terms (sub-annual series, column season): month or quarter dummies or "
                      "Fourier terms, common to all segments; APC per year net of the season; figures "
                      "show the seasonally adjusted line.",
                      "Seizoenstermen (reeksen binnen het jaar, kolom season): dummy's per maand of "
                      "kwartaal of Fourier-termen, gelijk voor alle segmenten; JPV per jaar zonder het "
                      "seizoen; figuren tonen de seizoensgecorrigeerde lijn."));
            break;
        }
    fprintf(f, "Mann-Kendall %s; Sen %s.\n", L("with ties correction", "met correctie voor knopen"),
            L("slope over real time with rank-based 95% CI", "helling over echte tijd met 95%-BI op rangen"));
    fprintf(f, "Bai-Perron: %s, h = %g, BIC.\n", mt_breaks_word(op->breaks, lang), op->trim);
    fprintf(f, "%s: %zu. Seed: %lu. monitrend %s.\n", L("Bootstrap samples", "Bootstrap-steekproeven"),
            op->bootstrap, op->seed, MT_VERSION_STRING);
    fprintf(f, "%s:\n", L("Inputs (SHA-256)", "Invoer (SHA-256)"));
    for (size_t i = 0; i < run->inputs.n; i++) {
        char hex[MT_SHA256_HEX_SIZE];
        if (mt_sha256_file(run->inputs.item[i], hex, NULL) != MT_OK)
            snprintf(hex, sizeof hex, "?");
        fprintf(f, "  %s  %s\n", hex, run->inputs.item[i]);
    }
}

mt_status mt_write_findings(const mt_run *run, const char *dir, mt_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/findings.txt", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return mt_error_set(err, MT_EIO, "%s: cannot create: %s", path, strerror(errno));
    mt_lang lang = run->opts.lang;
    out_t o = {f, lang, run};
    const char *title = run->name;
    const char *edition = "";
    if (run->model) {
        title = lang == MT_LANG_NL && run->model->monitor.title_nl ? run->model->monitor.title_nl
                : run->model->monitor.title ? run->model->monitor.title : run->name;
        edition = run->model->monitor.edition ? run->model->monitor.edition : "";
    }
    fprintf(f, "%s\n", title);
    if (edition[0])
        fprintf(f, "%s %s\n", L("Edition", "Editie"), edition);
    size_t nser = 0, nobs = 0;
    char lo[MT_PERIOD_STR_MAX] = "", hi[MT_PERIOD_STR_MAX] = "";
    double tlo = INFINITY, thi = -INFINITY;
    for (size_t i = 0; i < run->data.n; i++) {
        const mt_series *s = &run->data.series[i];
        nser++;
        for (size_t k = 0; k < s->n; k++) {
            if (!isfinite(s->value[k]))
                continue;
            nobs++;
            if (s->t[k] < tlo) {
                tlo = s->t[k];
                mt_period_format(&s->period[k], lo, sizeof lo);
            }
            if (s->t[k] > thi) {
                thi = s->t[k];
                mt_period_format(&s->period[k], hi, sizeof hi);
            }
        }
    }
    fprintf(f, "%s: %zu %s, %zu %s, %s-%s.\n\n", L("Data", "Gegevens"), nser, L("series", "reeksen"),
            nobs, L("observations", "waarnemingen"), lo, hi);
    headlines(&o);
    theme_sections(&o);
    crosscheck_section(&o);
    data_notes(&o);
    methods(&o);
    return mt_edition_fclose(f, path, err);
}
