/*
 * findings_short.c - the findings for series that cannot carry a trend, and
 * the one list of indicators without data (issue 17).
 *
 * A monitor edition built from figures published in text has many series of
 * 3-6 yearly points, some of one point, and one that is only a multi-year
 * total.  Their paragraphs describe (levels, change, direction) and say why
 * there is no trend; the indicators that have no public figure at all are
 * named once, in the data notes, instead of once per theme and per warning.
 */
#include "findings_internal.h"

#include <math.h>
#include <string.h>

#include "monitrend/period.h"
#include "monitrend/series.h"
#include "monitrend/write.h"

#define L(en, nl) (lang == MT_LANG_NL ? (nl) : (en))

void mt_findings_short_series(FILE *f, mt_lang lang, const mt_run *run, const mt_series_result *r)
{
    const mt_series *s = r->series;
    mt_kind kind = mt_pipeline_series_kind(run, s);
    size_t i0 = s->n, i1 = 0, lo = s->n, hi = s->n;
    for (size_t i = 0; i < s->n; i++) {
        if (!isfinite(s->value[i]) || (s->flags[i] & MT_FLAG_EXCLUDE))
            continue;
        if (i0 == s->n)
            i0 = i;
        i1 = i;
        if (lo == s->n || s->value[i] < s->value[lo])
            lo = i;
        if (hi == s->n || s->value[i] > s->value[hi])
            hi = i;
    }
    if (i0 == s->n)
        return;
    char p0[MT_PERIOD_STR_MAX], p1[MT_PERIOD_STR_MAX], plo[MT_PERIOD_STR_MAX], phi[MT_PERIOD_STR_MAX];
    char v0[MT_FMT_MAX], v1[MT_FMT_MAX], vlo[MT_FMT_MAX], vhi[MT_FMT_MAX], pct[MT_FMT_MAX];
    mt_period_format(&s->period[i0], p0, sizeof p0);
    mt_period_format(&s->period[i1], p1, sizeof p1);
    mt_period_format(&s->period[lo], plo, sizeof plo);
    mt_period_format(&s->period[hi], phi, sizeof phi);
    mt_findings_value(lang, kind, s->value[i0], v0);
    mt_findings_value(lang, kind, s->value[i1], v1);
    mt_findings_value(lang, kind, s->value[lo], vlo);
    mt_findings_value(lang, kind, s->value[hi], vhi);
    double a = s->value[i0], b = s->value[i1];
    const char *dir = b > a ? L("higher", "hoger") : b < a ? L("lower", "lager") : L("unchanged", "gelijk");
    fprintf(f, "  %s (%zu %s, %s-%s): %s %s %s %s %s %s %s %s", L("Short series", "Korte reeks"),
            r->n_fit, L("points", "punten"), p0, p1, L("from", "van"), v0, L("in", "in"), p0,
            L("to", "naar"), v1, L("in", "in"), p1);
    if (a != 0 && isfinite(a) && isfinite(b)) {
        mt_fmt_apc(100.0 * (b - a) / fabs(a), lang, NULL, pct, sizeof pct);
        fprintf(f, " (%s, %s)", pct, dir);
    } else {
        fprintf(f, " (%s)", dir);
    }
    fprintf(f, "; %s %s (%s), %s %s (%s).\n", L("lowest", "laagste"), vlo, plo,
            L("highest", "hoogste"), vhi, phi);
    fprintf(f, "  %s\n", L("Too few points for a trend: described, not tested.",
                           "Te weinig punten voor een trend: beschreven, niet getoetst."));
}

void mt_findings_excluded_only(FILE *f, mt_lang lang, const mt_run *run, const mt_series_result *r)
{
    const mt_series *s = r->series;
    mt_kind kind = mt_pipeline_series_kind(run, s);
    for (size_t i = 0; i < s->n; i++) {
        if (!isfinite(s->value[i]))
            continue;
        char per[MT_PERIOD_STR_MAX], v[MT_FMT_MAX];
        mt_period_format(&s->period[i], per, sizeof per);
        mt_findings_value(lang, kind, s->value[i], v);
        fprintf(f, "  %s: %s (%s)", L("Shown, kept out of every fit", "Getoond, buiten elke fit gehouden"),
                v, per);
        /* data notes are English text: said only in English editions */
        if (lang == MT_LANG_EN && s->note && s->note[i])
            fprintf(f, ": %s", s->note[i]);
        fputs(".\n", f);
    }
}

void mt_findings_no_data(FILE *f, mt_lang lang, const mt_run *run)
{
    if (run->model == NULL)
        return;
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t k = 0;
        for (size_t i = 0; i < run->model->n_indicators; i++) {
            const mt_indicator *ind = &run->model->indicators[i];
            if (ind->input_only)
                continue; /* an input (a denominator) is never reported */
            int has = 0;
            for (size_t j = 0; j < run->data.n && !has; j++)
                has = strcmp(run->data.series[j].indicator, ind->id) == 0;
            if (has)
                continue;
            if (pass == 0) {
                n++;
                continue;
            }
            if (k++ == 0)
                fprintf(f, "- %s %zu %s:", L("No data in this edition for", "Geen gegevens in deze editie voor"),
                        n, n == 1 ? L("indicator", "indicator") : L("indicators", "indicatoren"));
            fprintf(f, "%s %s", k > 1 ? ";" : "",
                    lang == MT_LANG_NL && ind->label_nl ? ind->label_nl : ind->label);
        }
        if (pass == 0 && n == 0)
            return;
    }
    fprintf(f, ". %s\n", L("Why: docs/data.md, \"What is lacking\".", "Waarom: docs/data.md, onderdeel \"What is lacking\" (Engelstalig)."));
}
