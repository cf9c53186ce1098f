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
 * significant log-linear trends by |APC| (at most 4).
 */
#include "monitrend/write.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/edition.h"
#include "monitrend/fmt.h"
#include "monitrend/sha256.h"
#include "monitrend/version.h"
#include "monitrend/write_compare.h"
#include "monitrend/write_projection.h"

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
    if (r->last_value == r->prev_value) {
        snprintf(buf, size, "%s %s %s %s %s %s", L("was unchanged in", "bleef gelijk in"), r->last,
                 L("compared with", "ten opzichte van"), r->prev_period, L("at", "op"), to);
        return;
    }
    const char *verb = r->change_prev_pct > 0 ? L("rose", "steeg") : L("fell", "daalde");
    size_t k = (size_t)snprintf(buf, size, "%s %s%% %s %s %s %s, %s %s %s %s", verb, pct,
                                L("in", "in"), r->last, L("compared with", "ten opzichte van"),
                                r->prev_period, L("from", "van"), from, L("to", "naar"), to);
    if (isfinite(r->change_prev_p) && k < size) {
        char p[P_MAX];
        fmt_p(lang, r->change_prev_p, p);
        snprintf(buf + k, size - k, " (%s, %s)",
                 r->change_prev_p < 0.05 ? L("significant", "significant")
                                         : L("not significant", "niet significant"),
                 p);
    }
}

/* Verdicts and reasons are English words in the CSV files (a contract);
 * the Dutch text translates them. */
static const char *verdict_text(mt_lang lang, const char *v)
{
    static const char *const map[][2] = {
        {"consistent", "overeenstemmend"},         {"diverging", "uiteenlopend"},
        {"opposite", "tegengesteld"},         {"inconclusive", "onbeslist"},
        {"shift from A to B", "verschuiving van A naar B"},
        {"shift from B to A", "verschuiving van B naar A"},
        {"shift while total falls", "verschuiving bij dalend totaal"},
        {"share shifting while the total falls", "verschuiving van het aandeel bij dalend totaal"},
        {"no shift", "geen verschuiving"},    {"rising", "stijgend"},
        {"falling", "dalend"},                {"stable", "stabiel"},
    };
    if (lang != MT_LANG_NL)
        return v;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(v, map[i][0]) == 0)
            return map[i][1];
    return v;
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

/* A data note on an anomaly; the English reason comes from the detector,
 * the Dutch one is composed from its numbers. */
static void anomaly_text(mt_lang lang, const mt_an_anomaly *a, char *buf, size_t size)
{
    if (lang != MT_LANG_NL) {
        snprintf(buf, size, "%s (%s)", a->reason, a->kind);
        return;
    }
    char v[MT_FMT_MAX], z[MT_FMT_MAX];
    mt_fmt_sig(a->value, 4, lang, NULL, v, sizeof v);
    mt_fmt_fixed(fabs(a->stat), 1, lang, NULL, z, sizeof z);
    if (strcmp(a->kind, "residual") == 0)
        snprintf(buf, size, "waarde %s in %s ligt %s gestudentiseerde residuen %s de trend (uitschieter)",
                 v, a->period, z, a->stat < 0 ? "onder" : "boven");
    else if (strcmp(a->kind, "repeat") == 0)
        snprintf(buf, size, "waarde %s in %s is exact gelijk aan die van de vorige periode", v, a->period);
    else
        snprintf(buf, size, "waarde %s in %s verschilt een orde van grootte van de naburige waarden",
                 v, a->period);
}

static void reasons_text(mt_lang lang, const char *in, char *out, size_t size)
{
    static const char *const map[][2] = {
        {"opposite significant changes", "tegengestelde significante veranderingen"},
        {"opposite changes", "tegengestelde veranderingen"},
        {"residual", "residu"},
    };
    size_t k = 0;
    while (*in && k + 1 < size) {
        size_t i = 0, n = sizeof map / sizeof map[0];
        for (; lang == MT_LANG_NL && i < n; i++)
            if (strncmp(in, map[i][0], strlen(map[i][0])) == 0)
                break;
        if (lang == MT_LANG_NL && i < n) {
            k += (size_t)snprintf(out + k, size - k, "%s", map[i][1]);
            in += strlen(map[i][0]);
        } else {
            /* a decimal point between digits becomes the Dutch comma */
            char ch = *in;
            if (lang == MT_LANG_NL && ch == '.' && k > 0 && isdigit((unsigned char)out[k - 1]) &&
                isdigit((unsigned char)in[1]))
                ch = ',';
            out[k++] = ch;
            in++;
        }
        if (k >= size)
            k = size - 1;
    }
    out[k < size ? k : size - 1] = '\0';
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
        fprintf(f, "%zu. %s: %s %s %s %s-%s: %s.\n", ++item, c->label, c->a, L("and", "en"), c->b,
                c->first, c->last, verdict_text(lang, c->verdict));
        cc++;
    }
    m = 0;
    for (size_t i = 0; i < n; i++) {
        const mt_series_result *r = &run->results[i];
        if (r->log_scale && isfinite(r->apc) && r->p_trend < 0.05)
            rk[m++] = (ranked){fabs(r->apc), i};
    }
    qsort(rk, m, sizeof *rk, by_score);
    for (size_t j = 0; j < m && j < 4; j++) {
        const mt_series_result *r = &run->results[rk[j].i];
        char name[512], apc[MT_FMT_MAX], ci[128];
        mt_pipeline_series_title(run, r->series, name, sizeof name);
        mt_fmt_apc(r->apc, lang, NULL, apc, sizeof apc);
        fmt_ci_pct(lang, r->apc_lo, r->apc_hi, ci, sizeof ci);
        fprintf(f, "%zu. %s: %s %s-%s %s %s (%s).\n", ++item, name,
                L("trend", "trend"), r->first, r->last, apc, L("a year", "per jaar"), ci);
    }
    if (item == 0)
        fprintf(f, "%s\n", L("No significant change or divergence in this edition.",
                             "Geen significante verandering of afwijking in deze editie."));
    fputc('\n', f);
    free(rk);
}

/* ---- per indicator ----------------------------------------------------- */

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

    char v[MT_FMT_MAX];
    fmt_value(lang, kind, r->last_value, v);
    fprintf(f, "  %s: %s (%s).", L("Latest value", "Laatste waarde"), v, r->last);
    if (isfinite(r->change_prev_pct)) {
        char sent[512];
        change_sentence(o, r, sent, sizeof sent);
        fprintf(f, " %s %s.", L("It", "Het"), sent);
    } else {
        fprintf(f, " %s", L("No value for the previous period.", "Geen waarde voor de vorige periode."));
    }
    if (isfinite(r->change_10y_pct)) {
        char pct[MT_FMT_MAX], old[MT_FMT_MAX];
        mt_fmt_apc(r->change_10y_pct, lang, NULL, pct, sizeof pct);
        fmt_value(lang, kind, r->value_10y, old);
        fprintf(f, " %s %s (%s).", L("Against ten years earlier:", "Ten opzichte van tien jaar eerder:"),
                pct, old);
    } else if (isfinite(r->change_5y_pct)) {
        char pct[MT_FMT_MAX];
        mt_fmt_apc(r->change_5y_pct, lang, NULL, pct, sizeof pct);
        fprintf(f, " %s %s.", L("Against five years earlier:", "Ten opzichte van vijf jaar eerder:"), pct);
    }
    fputc('\n', f);
    if (r->descriptive_only) {
        fprintf(f, "  %s\n", L("Too few observations for a trend: descriptive only.",
                              "Te weinig waarnemingen voor een trend: alleen beschrijvend."));
        return;
    }
    if (r->log_scale && isfinite(r->apc)) {
        char apc[MT_FMT_MAX], ci[128], p[P_MAX];
        mt_fmt_apc(r->apc, lang, NULL, apc, sizeof apc);
        fmt_ci_pct(lang, r->apc_lo, r->apc_hi, ci, sizeof ci);
        fmt_p(lang, r->p_trend, p);
        fprintf(f, "  %s %s-%s: %s %s (%s; %s)%s.\n", L("Trend", "Trend"), r->first, r->last, apc,
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
                r->first, r->last, sl, unit, L("a year", "per jaar"), ci, p);
    }
    if (r->season_adjusted || r->ar1_done || r->dw_autocorrelated) {
        /* how the trend was fitted when it is not the plain least-squares line */
        char phi[MT_FMT_MAX], dw[MT_FMT_MAX];
        mt_fmt_fixed(r->ar1_phi, 2, lang, NULL, phi, sizeof phi);
        mt_fmt_fixed(r->dw, 2, lang, NULL, dw, sizeof dw);
        fputs(" ", f);
        if (r->season_adjusted)
            fprintf(f, " %s", L("Net of the season (seasonal terms; the other methods on the seasonally adjusted series).",
                                "Zonder seizoenseffect (seizoenstermen; de andere methoden op de voor seizoen gecorrigeerde reeks)."));
        if (r->ar1_done)
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
        for (size_t k = 0; k < r->n_seg && r->log_scale; k++) {
            char apc[MT_FMT_MAX], ci[128];
            mt_fmt_apc(r->seg[k].apc, lang, NULL, apc, sizeof apc);
            fmt_ci_pct(lang, r->seg[k].apc_lo, r->seg[k].apc_hi, ci, sizeof ci);
            fprintf(f, " %s-%s: %s (%s).", r->seg[k].start_period, r->seg[k].end_period, apc, ci);
        }
        fputc('\n', f);
    }
    if (r->log_scale && isfinite(r->aapc_recent) && r->jp_done) {
        char a[MT_FMT_MAX], ci[128];
        mt_fmt_apc(r->aapc_recent, lang, NULL, a, sizeof a);
        fmt_ci_pct(lang, r->aapc_recent_lo, r->aapc_recent_hi, ci, sizeof ci);
        fprintf(f, "  %s %s-%s: %s (%s)", L("Average annual change (AAPC)", "Gemiddelde jaarlijkse verandering (AAPC)"),
                r->recent_from, r->last, a, ci);
        if (isfinite(r->aapc_5y)) {
            mt_fmt_apc(r->aapc_5y, lang, NULL, a, sizeof a);
            fmt_ci_pct(lang, r->aapc_5y_lo, r->aapc_5y_hi, ci, sizeof ci);
            fprintf(f, "; %s-%s: %s (%s)", r->from_5y, r->last, a, ci);
        }
        fputs(".\n", f);
    }
    mt_write_projection_findings(run, r, f);
    if (isfinite(r->mk_p)) {
        char p[P_MAX], sen[MT_FMT_MAX];
        fmt_p(lang, r->mk_p, p);
        if (r->log_scale && isfinite(r->sen_pct))
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
        } else if (isfinite(e->level_pct) && r->log_scale) {
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
    static const char *const themes[] = {"import", "production", "trade", "use", "crime",
                                         "criminal law", "financial", "administrative"};
    static const char *const themes_nl[] = {"import", "productie", "handel", "gebruik",
                                            "criminaliteit", "strafrecht", "financieel",
                                            "bestuurlijk"};
    const mt_run *run = o->run;
    mt_lang lang = o->lang;
    size_t nt = sizeof themes / sizeof themes[0];
    for (size_t th = 0; th <= nt; th++) {
        const char *tn = th < nt ? themes[th] : "";
        size_t count = 0;
        for (size_t i = 0; i < run->n_results; i++) {
            const char *label, *unit, *theme, *source;
            mt_pipeline_series_meta(run, run->results[i].series, &label, &unit, &theme, &source);
            if (strcmp(theme, tn) != 0)
                continue;
            if (count++ == 0) {
                char head[128];
                if (th < nt)
                    snprintf(head, sizeof head, "%s: %s", L("THEME", "THEMA"),
                             lang == MT_LANG_NL ? themes_nl[th] : themes[th]);
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
        /* indicators of this theme without data */
        if (run->model && th < nt) {
            int header = 0;
            for (size_t k = 0; k < run->model->n_indicators; k++) {
                const mt_indicator *ind = &run->model->indicators[k];
                if (strcmp(mt_theme_name(ind->theme), tn) != 0)
                    continue;
                int has = 0;
                for (size_t i = 0; i < run->data.n && !has; i++)
                    has = strcmp(run->data.series[i].indicator, ind->id) == 0;
                if (has)
                    continue;
                if (!header && count == 0) {
                    char head[128];
                    snprintf(head, sizeof head, "%s: %s", L("THEME", "THEMA"),
                             lang == MT_LANG_NL ? themes_nl[th] : themes[th]);
                    for (char *p = head; *p; p++)
                        if (*p >= 'a' && *p <= 'z')
                            *p = (char)(*p - 'a' + 'A');
                    fprintf(o->f, "%s\n\n", head);
                }
                header = 1;
                fprintf(o->f, "%s: %s.\n",
                        lang == MT_LANG_NL && ind->label_nl ? ind->label_nl : ind->label,
                        L("no data in this edition", "geen gegevens in deze editie"));
            }
            if (header)
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
        fprintf(f, "%s (%s): %s %s %s, %s-%s (%zu %s): %s.\n", c->label, type_text(lang, c->type), c->a,
                L("and", "en"), c->b, c->first[0] ? c->first : "-", c->last[0] ? c->last : "-", c->n,
                L("common periods", "gemeenschappelijke periodes"), verdict_text(lang, c->verdict));
        if (c->n >= 2)
            fprintf(f, "  APC %s %s %s; %s %s; r(log) = %s; %s %zu %s %zu %s.\n", a, L("and", "en"), b,
                    L("difference", "verschil"), d, r, L("same direction in", "zelfde richting in"),
                    c->agree, L("of", "van"), c->total, L("periods", "periodes"));
        if (c->divergent[0]) {
            char why[sizeof c->divergent * 2];
            reasons_text(lang, c->divergent, why, sizeof why);
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

static void data_notes(const out_t *o)
{
    const mt_run *run = o->run;
    mt_lang lang = o->lang;
    FILE *f = o->f;
    fprintf(f, "%s\n\n", L("DATA NOTES", "DATANOTITIES"));
    /* warnings are the library's (English) messages; "no data in this
     * edition" is already said per theme, in the edition's language */
    for (size_t i = 0; i < run->warnings.n; i++) {
        const char *w = run->warnings.item[i];
        if (lang == MT_LANG_NL && strstr(w, ": no data in this edition") != NULL)
            continue;
        fprintf(f, "- %s\n", w);
    }
    for (size_t i = 0; i < run->n_results; i++) {
        const mt_series_result *r = &run->results[i];
        const mt_series *s = r->series;
        for (size_t k = 0; k < r->n_anomalies; k++) {
            char txt[1024];
            anomaly_text(lang, &r->anomalies[k], txt, sizeof txt);
            fprintf(f, "- %s %s: %s.\n", s->id, r->anomalies[k].period, txt);
        }
        if (r->descriptive_only)
            fprintf(f, "- %s: %zu %s.\n", s->id, r->n_fit,
                    r->n_fit == 1 ? L("point, descriptive only", "punt, alleen beschrijvend")
                                  : L("points, descriptive only", "punten, alleen beschrijvend"));
        mt_flag_counts fc;
        mt_series_count_flags(s, &fc);
        if (fc.provisional + fc.estimate > 0)
            fprintf(f, "- %s: %zu %s.\n", s->id, fc.provisional + fc.estimate,
                    fc.provisional + fc.estimate == 1
                        ? L("provisional or estimated value", "voorlopige of geschatte waarde")
                        : L("provisional or estimated values", "voorlopige of geschatte waarden"));
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
    static const char *const sel[] = {"WBIC", "BIC", "BIC3", "permutation"};
    fprintf(f, "%s\n\n", L("METHODS", "METHODEN"));
    fprintf(f, "%s\n", L("Log-linear trend: ln y = a + b t, APC = 100(e^b - 1), 95% CI from the t distribution.",
                         "Log-lineaire trend: ln y = a + b t, JPV = 100(e^b - 1), 95%-BI uit de t-verdeling."));
    fprintf(f, "Joinpoint: %s; min %d %s, %d %s; %s %zu; AAPC %s %g %s.\n", sel[op->select],
            op->min_end, L("points from either end", "punten van elk uiteinde"), op->min_between,
            L("between joinpoints", "tussen knikpunten"), L("permutations", "permutaties"),
            op->permutations, L("recent window", "recent venster"), op->recent, L("years", "jaar"));
    fprintf(f, "Mann-Kendall %s; Sen %s.\n", L("with ties correction", "met correctie voor knopen"),
            L("slope over real time with rank-based 95% CI", "helling over echte tijd met 95%-BI op rangen"));
    fprintf(f, "Bai-Perron: %s, h = %g, BIC.\n", op->breaks == MT_BREAKS_MEAN ? "y ~ 1" :
            op->breaks == MT_BREAKS_NONE ? L("off", "uit") : "y ~ t", op->trim);
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
