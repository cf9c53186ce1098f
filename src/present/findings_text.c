/*
 * findings_text.c - the phrases of the findings that say exactly what a
 * number is (findings_text.h): which trend a headline quotes, which period
 * or survey wave a change compares with, and numbers rounded as a monitor
 * prints them.
 */
#include "monitrend/findings_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define L(en, nl) (lang == MT_LANG_NL ? (nl) : (en))

static size_t latest(const mt_series *s);

void mt_findings_current_trend(const mt_series_result *r, mt_current_trend *out)
{
    memset(out, 0, sizeof *out);
    out->apc = out->lo = out->hi = NAN;
    if (r->scale != MT_SCALE_LOG || r->descriptive_only)
        return;
    if (r->jp_done && r->n_jp > 0 && r->n_seg > 0) {
        const mt_an_segment *g = &r->seg[r->n_seg - 1];
        if (g->end - g->start >= MT_FINDINGS_MIN_SEGMENT_YEARS - 1e-9 && isfinite(g->apc)) {
            out->kind = MT_CURRENT_SEGMENT;
            out->apc = g->apc;
            out->lo = g->apc_lo;
            out->hi = g->apc_hi;
            out->significant = isfinite(g->p) ? g->p < 0.05 : (g->apc_lo > 0 || g->apc_hi < 0);
            snprintf(out->from, sizeof out->from, "%s", g->start_period);
            snprintf(out->to, sizeof out->to, "%s", g->end_period);
            return;
        }
        if (isfinite(r->aapc_5y)) {
            out->kind = MT_CURRENT_AAPC_5Y;
            out->apc = r->aapc_5y;
            out->lo = r->aapc_5y_lo;
            out->hi = r->aapc_5y_hi;
            out->significant = r->aapc_5y_lo > 0 || r->aapc_5y_hi < 0;
            char from[MT_PERIOD_STR_MAX];
            snprintf(out->from, sizeof out->from, "%s", r->from_5y);
            mt_findings_fit_range(r, from, out->to, sizeof out->to);
            return;
        }
        /* no 5-year AAPC (a series shorter than that): nothing better than
         * the whole-period fit below, which the findings then label so */
    }
    if (!isfinite(r->apc))
        return;
    out->kind = MT_CURRENT_WHOLE;
    out->apc = r->apc;
    out->lo = r->apc_lo;
    out->hi = r->apc_hi;
    out->significant = r->p_trend < 0.05;
    mt_findings_fit_range(r, out->from, out->to, sizeof out->to);
}

void mt_findings_current_phrase(const mt_current_trend *c, mt_lang lang, char *buf, size_t size)
{
    char a[MT_FMT_MAX], lo[MT_FMT_MAX], hi[MT_FMT_MAX], ci[128];
    buf[0] = '\0';
    if (c->kind == MT_CURRENT_NONE)
        return;
    mt_fmt_apc(c->apc, lang, NULL, a, sizeof a);
    mt_fmt_apc(c->lo, lang, NULL, lo, sizeof lo);
    mt_fmt_apc(c->hi, lang, NULL, hi, sizeof hi);
    mt_fmt_ci(lo, hi, lang, ci, sizeof ci);
    switch (c->kind) {
    case MT_CURRENT_SEGMENT:
        snprintf(buf, size, "%s %s %s %s (%s; %s, %s-%s)", a, L("a year", "per jaar"),
                 L("since", "sinds"), c->from, ci,
                 L("last segment of the joinpoint model", "laatste segment van het knikpuntmodel"),
                 c->from, c->to);
        break;
    case MT_CURRENT_AAPC_5Y:
        snprintf(buf, size, "%s %s %s %s-%s (%s; %s)", L("on average", "gemiddeld"), a,
                 L("a year", "per jaar"), c->from, c->to, ci,
                 L("AAPC of the joinpoint model over the last 5 years",
                   "AAPC van het knikpuntmodel over de laatste 5 jaar"));
        break;
    default:
        snprintf(buf, size, "%s %s-%s %s %s (%s)", L("trend", "trend"), c->from, c->to, a,
                 L("a year", "per jaar"), ci);
        break;
    }
}

/* Index of the latest value a change starts from (finite, not excluded),
 * or s->n when there is none. */
static size_t latest(const mt_series *s)
{
    for (size_t i = s->n; i-- > 0;)
        if (isfinite(s->value[i]) && !(s->flags[i] & MT_FLAG_EXCLUDE))
            return i;
    return s->n;
}

void mt_findings_fit_range(const mt_series_result *r, char *from, char *to, size_t size)
{
    const mt_series *s = r->series;
    size_t i = 0;
    while (i < s->n && !(isfinite(s->value[i]) && !(s->flags[i] & MT_FLAG_EXCLUDE)))
        i++;
    if (i < s->n)
        mt_period_format(&s->period[i], from, size);
    else
        snprintf(from, size, "%s", r->first);
    mt_findings_latest_period(r, to, size);
    if (to[0] == '\0')
        snprintf(to, size, "%s", r->last);
}

void mt_findings_latest_period(const mt_series_result *r, char *buf, size_t size)
{
    size_t i = latest(r->series);
    if (i < r->series->n)
        mt_period_format(&r->series->period[i], buf, size);
    else if (size > 0)
        buf[0] = '\0';
}

/* Measured in waves (cadence.h mt_cadence_is_waves): at irregular
 * intervals or every few periods; the run resolved the cadence. */
static int is_waves(const mt_series_result *r)
{
    return r->meta.cadence_irregular || r->meta.cadence_step > 1;
}

void mt_findings_prev_ref(const mt_series_result *r, mt_lang lang, char *buf, size_t size)
{
    if (is_waves(r))
        snprintf(buf, size, "%s, %s", r->prev_period, L("the previous wave", "de vorige meting"));
    else
        snprintf(buf, size, "%s", r->prev_period);
}

void mt_findings_no_prev(const mt_series_result *r, mt_lang lang, char *buf, size_t size)
{
    const mt_series *s = r->series;
    int waves = is_waves(r);
    const char *what = waves ? L("No value for the previous wave", "Geen waarde voor de vorige meting")
                             : L("No value for the previous period", "Geen waarde voor de vorige periode");
    size_t i = latest(s);
    char p[MT_PERIOD_STR_MAX] = "";
    if (i < s->n) {
        if (r->meta.cadence_irregular) {
            if (i > 0)
                mt_period_format(&s->period[i - 1], p, sizeof p);
        } else {
            mt_period q = mt_period_from_index(s->freq, mt_period_index(&s->period[i]) - r->meta.cadence_step);
            mt_period_format(&q, p, sizeof p);
        }
    }
    if (p[0])
        snprintf(buf, size, "%s (%s).", what, p);
    else
        snprintf(buf, size, "%s.", what);
}
