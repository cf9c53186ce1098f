/*
 * figseries.c - the chart of one analysed series (figseries.h): observed
 * points (95% CI bars where the data have them), the fitted model
 * (joinpoints as hinges, definition changes as jumps) with its 95%
 * confidence band, joinpoints labelled with segment APCs and their CIs,
 * events as labelled lines, no line across a definition break.
 */
#include "figseries.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/fmt.h"
#include "monitrend/names.h"

#define L(lang, en, nl) ((lang) == MT_LANG_NL ? (nl) : (en))

/* The `axis` key of a series' indicator or derived series (auto when the
 * model does not say or there is no model). */
static mt_axis series_axis(const mt_run *run, const mt_series *s)
{
    const mt_model *m = run->model;
    if (m == NULL)
        return MT_AXIS_AUTO;
    const mt_indicator *ind = mt_model_find_indicator(m, s->indicator);
    if (ind != NULL)
        return ind->axis;
    for (size_t i = 0; i < m->n_derived; i++)
        if (strcmp(m->derived[i].indicator, s->indicator) == 0)
            return m->derived[i].axis;
    return MT_AXIS_AUTO;
}

/* The axis rule: log when asked; auto = log when every value drawn is
 * positive and the largest is more than 100 times the smallest (two orders
 * of magnitude), where a linear axis shows the small values as a flat line
 * at zero. */
int mt_figseries_log_axis(mt_axis axis, const double *const *v, const size_t *n, size_t k)
{
    if (axis != MT_AXIS_AUTO)
        return axis == MT_AXIS_LOG;
    double lo = INFINITY, hi = 0;
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < n[j]; i++) {
            if (!isfinite(v[j][i]))
                continue;
            if (v[j][i] <= 0)
                return 0;
            lo = fmin(lo, v[j][i]);
            hi = fmax(hi, v[j][i]);
        }
    return hi > 0 && hi / lo > 100;
}

size_t mt_figseries_breaks(const mt_series_result *r, double *break_t, size_t max)
{
    const mt_series *s = r->series;
    size_t n = 0;
    for (size_t k = 0; k < r->n_events && k < MT_FIG_ITEMS_MAX && n < max; k++) {
        const mt_an_event *e = &r->events[k];
        if (strcmp(e->kind, "definition") != 0)
            continue;
        /* the figure marks a break half a period before the first period
         * of the new definition: give it that period, not the event's date
         * (a mid-year change starts with the next year) */
        mt_period p = mt_period_at_time(s->freq, e->t);
        if (mt_period_time(&p) < e->t - 1e-9)
            p = mt_period_from_index(s->freq, mt_period_index(&p) + 1);
        break_t[n++] = mt_period_time(&p);
    }
    for (size_t i = 1; i < s->n && n < max; i++)
        if (s->flags[i] & MT_FLAG_BREAK) {
            int dup = 0;
            for (size_t k = 0; k < n; k++)
                dup |= fabs(break_t[k] - s->t[i]) < 1e-6;
            if (!dup)
                break_t[n++] = s->t[i];
        }
    return n;
}

void mt_figseries_free(mt_fig_chart *c)
{
    free(c->flag);
    free(c->anomaly);
    free(c->lo);
    free(c->hi);
    free(c->band_lo);
    free(c->band_hi);
    free(c->fit);
}

/* A band from very few points can be orders of magnitude wider than the
 * data (exp of a wide log-scale interval); the chart then shows nothing
 * else.  For display the band is clipped at 1.6 times the largest observed
 * value or bound; results/bands.csv keeps it whole. */
static void band_clip(const mt_series_result *r, double *lo, double *hi)
{
    const mt_series *s = r->series;
    double ymax = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (isfinite(s->value[i]))
            ymax = fmax(ymax, s->value[i]);
        if (isfinite(s->upper[i]))
            ymax = fmax(ymax, s->upper[i]);
    }
    double cap = ymax > 0 ? 1.6 * ymax : INFINITY;
    for (size_t i = 0; i < s->n; i++) {
        lo[i] = fmin(r->ci_lo[i], cap);
        hi[i] = fmin(r->ci_hi[i], cap);
        if (isnan(r->ci_lo[i]))
            lo[i] = NAN;
        if (isnan(r->ci_hi[i]))
            hi[i] = NAN;
    }
}

mt_status mt_figseries_band(const mt_series_result *r, double **lo, double **hi)
{
    size_t n = r->series->n ? r->series->n : 1;
    *lo = malloc(n * sizeof **lo);
    *hi = malloc(n * sizeof **hi);
    if (*lo == NULL || *hi == NULL) {
        free(*lo);
        free(*hi);
        *lo = *hi = NULL;
        return MT_ENOMEM;
    }
    band_clip(r, *lo, *hi);
    return MT_OK;
}

mt_status mt_figseries_build(const mt_run *run, const mt_series_result *r, mt_fig_names *fn,
                             mt_fig_chart *c)
{
    const mt_series *s = r->series;
    mt_lang lang = run->opts.lang;
    memset(c, 0, sizeof *c);
    size_t n = s->n ? s->n : 1;
    c->flag = calloc(n, 1);
    c->anomaly = calloc(n, 1);
    c->lo = malloc(n * sizeof *c->lo);
    c->hi = malloc(n * sizeof *c->hi);
    c->band_lo = malloc(n * sizeof *c->band_lo);
    c->band_hi = malloc(n * sizeof *c->band_hi);
    c->fit = malloc(n * sizeof *c->fit);
    if (!c->flag || !c->anomaly || !c->fit || !c->lo || !c->hi || !c->band_lo || !c->band_hi)
        return MT_ENOMEM;
    band_clip(r, c->band_lo, c->band_hi);
    const char *label, *unit, *theme, *source;
    mt_pipeline_series_meta(run, s, &label, &unit, &theme, &source);
    if (mt_fig_names_claim(fn, "", s->id, c->name, sizeof c->name) != MT_OK)
        return MT_ENOMEM;
    mt_names_series_title(run, s, c->title, sizeof c->title);
    snprintf(c->ylabel, sizeof c->ylabel, "%s", unit[0] ? unit : L(lang, "value", "waarde"));

    for (size_t i = 0; i < s->n; i++) {
        c->lo[i] = s->lower[i];
        c->hi[i] = s->upper[i];
        /* flag exclude or lod, or a value <= 0 left out of the log-scale
         * fits (zeros = exclude): shown, marked as not fitted */
        if ((s->flags[i] & MT_FLAG_EXCLUDE) ||
            (r->zeros_action == MT_AN_ZEROS_EXCLUDED && isfinite(s->value[i]) && !(s->value[i] > 0)))
            c->flag[i] = MT_FIG_EXCLUDED;
        else if (s->flags[i] & (MT_FLAG_PROVISIONAL | MT_FLAG_ESTIMATE))
            c->flag[i] = MT_FIG_PROVISIONAL;
        /* values the analysis flags as anomalies (results/anomalies.csv,
         * the data notes) are ringed */
        char p[MT_PERIOD_STR_MAX];
        mt_period_format(&s->period[i], p, sizeof p);
        for (size_t k = 0; k < r->n_anomalies; k++)
            if (strcmp(r->anomalies[k].period, p) == 0)
                c->anomaly[i] = 1;
    }
    mt_fig_series *g = &c->ser;
    g->label = L(lang, "observed", "waargenomen");
    g->market = s->market[0] ? s->market : NULL;
    g->n = s->n;
    g->t = s->t;
    g->y = s->value;
    g->lo = c->lo;
    g->hi = c->hi;
    g->flag = c->flag;
    g->anomaly = c->anomaly;
    g->connect = 0;
    /* a trend is drawn only where it was fitted on at least 3 points, and
     * never for a short series (described, not tested); else the points
     * stand alone and the footnote says why */
    int short_series = !r->descriptive_only && r->n_fit <= MT_SHORT_SERIES_MAX;
    int draw_trend = !r->descriptive_only && r->n_fit >= 3 && !short_series;
    if (draw_trend) {
        g->n_fit = s->n;
        g->fit_t = s->t;
        g->fit_y = c->fit;
        g->fit_lo = c->band_lo;
        g->fit_hi = c->band_hi;
        g->fit_label = r->jp_done && r->n_jp > 0 ? L(lang, "joinpoint trend", "knikpunttrend")
                                                 : L(lang, "trend", "trend");
        /* with seasonal terms the line is the trend without the season */
        if (r->season[0] && strcmp(r->season, "none") != 0)
            g->fit_label = r->jp_done && r->n_jp > 0
                               ? L(lang, "joinpoint trend, seasonally adjusted",
                                   "knikpunttrend, seizoensgecorrigeerd")
                               : L(lang, "trend, seasonally adjusted", "trend, seizoensgecorrigeerd");
        g->band_label = L(lang, "95% CI of the trend", "95%-BI van de trend");
    }
    if (draw_trend && r->jp_done && r->n_jp > 0 && r->scale == MT_SCALE_LOG) {
        g->n_jp = r->n_jp;
        g->jp_t = r->jp_t;
        for (size_t k = 0; k < r->n_seg; k++) {
            char v[MT_FMT_MAX];
            mt_fmt_apc(r->seg[k].apc, lang, NULL, v, sizeof v);
            snprintf(c->seg_text[k], sizeof c->seg_text[k], "%s %s",
                     L(lang, "APC", "JPV"), v);
            c->seg_label[k] = c->seg_text[k];
        }
        g->segment_label = c->seg_label;
        for (size_t j = 0; j < r->n_jp && j + 1 < r->n_seg && j < MT_AN_MAX_JP; j++) {
            c->jp_lo[j] = r->seg[j + 1].jp_lo;
            c->jp_hi[j] = r->seg[j + 1].jp_hi;
        }
        g->jp_lo = c->jp_lo;
        g->jp_hi = c->jp_hi;
        g->jp_ci_label = L(lang, "joinpoint, 95% CI of its year", "knikpunt, 95%-BI van het jaar");
    }
    if (r->n_proj > 0) {
        g->n_proj = r->n_proj;
        g->proj_t = r->proj_t;
        g->proj_y = r->proj_fit;
        g->proj_lo = r->proj_pi_lo;
        g->proj_hi = r->proj_pi_hi;
        g->proj_label = L(lang, "projection, not data (95% PI)", "projectie, geen data (95%-VI)");
    }

    mt_fig_spec *sp = &c->spec;
    sp->name = c->name;
    sp->title = c->title;
    sp->ylabel = c->ylabel;
    const double *vals[1] = {s->value};
    size_t nv[1] = {s->n};
    sp->log_y = mt_figseries_log_axis(series_axis(run, s), vals, nv, 1);
    sp->y_from_zero = !sp->log_y;
    sp->index_base = NAN;
    sp->n_series = 1;
    sp->series = &c->ser;
    for (size_t k = 0; k < r->n_events && k < MT_FIG_ITEMS_MAX; k++) {
        c->event_t[sp->n_events] = r->events[k].t;
        c->event_label[sp->n_events++] = r->events[k].label;
    }
    sp->n_breaks = mt_figseries_breaks(r, c->break_t, MT_FIG_ITEMS_MAX);
    sp->break_t = c->break_t;
    /* The line and band are drawn only on pieces between definition breaks
     * that hold at least 3 observations: a line through two points (the
     * model's jump gives each piece its own level) shows nothing the points
     * do not. */
    size_t drawn = 0;
    for (size_t i = 0; i < s->n; i++)
        c->fit[i] = r->fitted[i];
    for (size_t i = 0; i < s->n && draw_trend; i++) {
        size_t piece = 0, in_piece = 0;
        for (size_t k = 0; k < sp->n_breaks; k++)
            piece += c->break_t[k] <= s->t[i] + 1e-9;
        for (size_t j = 0; j < s->n; j++) {
            size_t pj = 0;
            for (size_t k = 0; k < sp->n_breaks; k++)
                pj += c->break_t[k] <= s->t[j] + 1e-9;
            in_piece += pj == piece && isfinite(s->value[j]) && !(s->flags[j] & MT_FLAG_EXCLUDE);
        }
        if (in_piece < 3)
            c->fit[i] = c->band_lo[i] = c->band_hi[i] = NAN;
        else
            drawn += isfinite(c->fit[i]) != 0;
    }
    if (draw_trend && drawn == 0) {
        draw_trend = 0;
        g->n_fit = 0;
        g->n_jp = 0;
    }
    sp->event_t = c->event_t;
    sp->event_label = c->event_label;
    sp->provisional_label = L(lang, "provisional or estimate", "voorlopig of schatting");
    sp->excluded_label = L(lang, "excluded from the fit", "niet in de fit");
    sp->anomaly_label = L(lang, "anomaly (see data notes)", "afwijkend (zie datanotities)");
    sp->size = MT_FIG_REPORT;
    sp->lang = lang;

    char model[256];
    if (!draw_trend)
        snprintf(model, sizeof model, "%s", L(lang, "Too few points for a trend.",
                                              "Te weinig punten voor een trend."));
    else
    {
        /* Dutch adjectives agree: "de trend" takes -e, "het model" not */
        int jp = r->jp_done && r->n_jp > 0, log_scale = r->scale == MT_SCALE_LOG;
        snprintf(model, sizeof model, "%s %s.",
                 log_scale ? L(lang, "Log-linear", jp ? "Log-lineair" : "Log-lineaire")
                           : L(lang, "Linear", jp ? "Lineair" : "Lineaire"),
                 jp ? L(lang, "joinpoint model", "knikpuntmodel") : L(lang, "trend", "trend"));
    }
    if (!r->descriptive_only && r->season[0] && strcmp(r->season, "none") != 0) {
        size_t len = strlen(model);
        snprintf(model + len - 1, sizeof model - (len - 1), " %s (%s); %s.",
                 L(lang, "with seasonal terms", "met seizoenstermen"), r->season,
                 L(lang, "line seasonally adjusted", "lijn seizoensgecorrigeerd"));
    }
    /* a derived series ([derived:ID]) comes from monitrend itself */
    for (size_t i = 0; run->model != NULL && i < run->model->n_derived; i++)
        if (run->model->derived[i].series_id != NULL && strcmp(run->model->derived[i].series_id, s->id) == 0)
            source = L(lang, "derived by monitrend from the model's series",
                       "afgeleid door monitrend uit reeksen van het model");
    snprintf(c->footnote, sizeof c->footnote, "%s: %s. %s %s: %s-%s.",
             L(lang, "Source", "Bron"), source[0] ? source : "-", model,
             L(lang, "Coverage", "Periode"), r->first, r->last);
    sp->footnote = c->footnote;
    c->ok = 1;
    return MT_OK;
}
