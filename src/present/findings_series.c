/*
 * findings_series.c - the paragraph of one indicator in findings.txt
 * (findings_internal.h): latest value and changes, the current trend, the
 * trend and its fit basis, joinpoints with their CIs, AAPCs, projections,
 * Mann-Kendall, structural breaks and events.
 */
#include "findings_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "monitrend/findings_text.h"
#include "monitrend/names.h"
#include "monitrend/write.h"
#include "monitrend/write_projection.h"

#define L(en, nl) (lang == MT_LANG_NL ? (nl) : (en))

/* "Current trend: ..." when the selected joinpoint model has a joinpoint,
 * so that the theme text leads with what the headline quotes
 * (findings_text.h); a model without joinpoints is the "Trend" line. */
static void current_trend_line(const mt_findings_out *o, const mt_series_result *r)
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

void mt_findings_indicator(const mt_findings_out *o, const mt_series_result *r)
{
    const mt_run *run = o->run;
    mt_lang lang = o->lang;
    FILE *f = o->f;
    const mt_series *s = r->series;
    mt_kind kind = mt_pipeline_series_kind(run, s);
    char name[512];
    mt_names_series_title(run, s, name, sizeof name);
    const char *label, *unit, *theme, *source;
    mt_pipeline_series_meta(run, s, &label, &unit, &theme, &source);
    fprintf(f, "%s%s%s%s\n", name, unit[0] ? " (" : "", unit, unit[0] ? ")" : "");

    char v[MT_FMT_MAX], now[MT_PERIOD_STR_MAX];
    if (r->n_fit == 0) {
        mt_findings_excluded_only(f, lang, run, r);
        return;
    }
    mt_findings_value(lang, kind, r->last_value, v);
    mt_findings_latest_period(r, now, sizeof now);
    fprintf(f, "  %s: %s (%s).", L("Latest value", "Laatste waarde"), v, now);
    if (isfinite(r->change_prev_pct)) {
        char sent[512];
        mt_findings_change(o, r, sent, sizeof sent);
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
        mt_findings_value(lang, kind, r->value_10y, old);
        fprintf(f, " %s (%s: %s): %s.", L("Against ten years earlier", "Ten opzichte van tien jaar eerder"),
                r->p10_period, old, pct);
    } else if (isfinite(r->change_5y_pct)) {
        char pct[MT_FMT_MAX], old[MT_FMT_MAX];
        mt_fmt_apc(r->change_5y_pct, lang, NULL, pct, sizeof pct);
        mt_findings_value(lang, kind, r->value_5y, old);
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
        char apc[MT_FMT_MAX], ci[128], p[MT_FINDINGS_P_MAX];
        mt_fmt_apc(r->apc, lang, NULL, apc, sizeof apc);
        mt_findings_ci_pct(lang, r->apc_lo, r->apc_hi, ci, sizeof ci);
        mt_findings_p(lang, r->p_trend, p);
        fprintf(f, "  %s %s-%s: %s %s (%s; %s)%s.\n", L("Trend", "Trend"), fit_from, fit_to, apc,
                L("a year", "per jaar"), ci, p,
                r->p_trend < 0.05 ? "" : L(", not significant", ", niet significant"));
    } else if (isfinite(r->slope)) {
        char sl[MT_FMT_MAX], lo[MT_FMT_MAX], hi[MT_FMT_MAX], ci[128], p[MT_FINDINGS_P_MAX];
        mt_fmt_sig(r->slope, 3, lang, NULL, sl, sizeof sl);
        mt_fmt_sig(r->slope_lo, 3, lang, NULL, lo, sizeof lo);
        mt_fmt_sig(r->slope_hi, 3, lang, NULL, hi, sizeof hi);
        mt_fmt_ci(lo, hi, lang, ci, sizeof ci);
        mt_findings_p(lang, r->p_trend, p);
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
            mt_findings_ci_pct(lang, r->seg[k].apc_lo, r->seg[k].apc_hi, ci, sizeof ci);
            fprintf(f, " %s-%s: %s (%s).", r->seg[k].start_period, r->seg[k].end_period, apc, ci);
        }
        fputc('\n', f);
    }
    if (r->scale == MT_SCALE_LOG && isfinite(r->aapc_recent) && r->jp_done) {
        char a[MT_FMT_MAX], ci[128];
        mt_fmt_apc(r->aapc_recent, lang, NULL, a, sizeof a);
        mt_findings_ci_pct(lang, r->aapc_recent_lo, r->aapc_recent_hi, ci, sizeof ci);
        fprintf(f, "  %s %s-%s: %s (%s)", L("Average annual change (AAPC)", "Gemiddelde jaarlijkse verandering (AAPC)"),
                r->recent_from, fit_to, a, ci);
        if (isfinite(r->aapc_5y)) {
            mt_fmt_apc(r->aapc_5y, lang, NULL, a, sizeof a);
            mt_findings_ci_pct(lang, r->aapc_5y_lo, r->aapc_5y_hi, ci, sizeof ci);
            fprintf(f, "; %s-%s: %s (%s)", r->from_5y, fit_to, a, ci);
        }
        fputs(".\n", f);
    }
    mt_write_projection_findings(run, r, f);
    if (isfinite(r->mk_p)) {
        char p[MT_FINDINGS_P_MAX], sen[MT_FMT_MAX];
        mt_findings_p(lang, r->mk_p, p);
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
            char p[MT_FINDINGS_P_MAX];
            mt_findings_p(lang, e->chow_p, p);
            fprintf(f, "  %s %s (%s): %s.\n", L("Chow test of a break in the trend at", "Chow-toets op een breuk in de trend bij"),
                    e->period[0] ? e->period : "", e->label, p);
        }
        mt_fmt_apc(e->level_pct, lang, NULL, lv, sizeof lv);
        mt_findings_ci_pct(lang, e->level_lo, e->level_hi, ci, sizeof ci);
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
                mt_findings_ci_pct(lang, e->did_lo, e->did_hi, dci, sizeof dci);
                char cmp[512];
                mt_findings_series_name(run, e->comparison, cmp, sizeof cmp);
                fprintf(f, " %s %s: %s (%s).", L("Against the comparison", "Ten opzichte van de vergelijking"),
                        cmp, d, dci);
            }
            fputc('\n', f);
        } else {
            fprintf(f, "  %s %s (%s): %s.\n", L("Policy event", "Beleidsmaatregel"), e->label, e->period,
                    e->note[0] ? e->note : L("not estimated", "niet geschat"));
        }
    }
}

