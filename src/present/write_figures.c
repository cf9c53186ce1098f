/*
 * write_figures.c - the figures of an edition, from the analysed run.
 *
 * Per series: observed points (95% CI bars where the data have them), the
 * fitted model (joinpoints as hinges, definition changes as jumps) with its
 * 95% confidence band, joinpoints labelled with segment APCs, events as
 * labelled lines, no line across a definition break.  Per cross-check pair:
 * both members indexed to their first common period, and a scatter of one
 * against the other.  Per theme: a dashboard page; and one overview page.
 * Everything is described in mt_fig_* structs (figure.h), written as .gp and
 * .dat files, and rendered by one gnuplot process at the end.
 */
#include "monitrend/write.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_fit.h>

#include "monitrend/fignames.h"
#include "monitrend/figure.h"
#include "monitrend/fmt.h"
#include "monitrend/cc_words.h" /* mt_cc_is_divergent */
#include "monitrend/names.h"

#define L(lang, en, nl) ((lang) == MT_LANG_NL ? (nl) : (en))
#define MAX_PANELS 12

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
static int use_log_axis(mt_axis axis, const double *const *v, const size_t *n, size_t k)
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

/* Everything one series chart needs, owned here for the duration of a write. */
typedef struct {
    char name[MT_FIG_NAME_MAX + 1];
    char title[512], ylabel[256], footnote[1024];
    unsigned char *flag, *anomaly;
    double *lo, *hi;
    double *band_lo, *band_hi; /* the CI band, clipped for display */
    double *fit;               /* the fitted line, NaN on short pieces */
    char seg_text[MT_AN_MAX_JP + 1][96];
    const char *seg_label[MT_AN_MAX_JP + 1];
    double jp_lo[MT_AN_MAX_JP], jp_hi[MT_AN_MAX_JP];
    double break_t[MT_FIG_ITEMS_MAX], event_t[MT_FIG_ITEMS_MAX];
    const char *event_label[MT_FIG_ITEMS_MAX];
    mt_fig_series ser;
    mt_fig_spec spec;
    int ok;
} chart;

static void chart_free(chart *c)
{
    free(c->flag);
    free(c->anomaly);
    free(c->lo);
    free(c->hi);
    free(c->band_lo);
    free(c->band_hi);
    free(c->fit);
}

static mt_status chart_build(const mt_run *run, const mt_series_result *r, mt_fig_names *fn,
                             chart *c)
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
    /* A band from very few points can be orders of magnitude wider than
     * the data (exp of a wide log-scale interval); the chart then shows
     * nothing else.  For display the band is clipped at 1.6 times the
     * largest observed value or bound; results/bands.csv keeps it whole. */
    double ymax = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (isfinite(s->value[i]))
            ymax = fmax(ymax, s->value[i]);
        if (isfinite(s->upper[i]))
            ymax = fmax(ymax, s->upper[i]);
    }
    double cap = ymax > 0 ? 1.6 * ymax : INFINITY;
    for (size_t i = 0; i < s->n; i++) {
        c->band_lo[i] = fmin(r->ci_lo[i], cap);
        c->band_hi[i] = fmin(r->ci_hi[i], cap);
        if (isnan(r->ci_lo[i]))
            c->band_lo[i] = NAN;
        if (isnan(r->ci_hi[i]))
            c->band_hi[i] = NAN;
    }
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
        g->fit_label = r->jp_done && r->n_jp > 0 ? L(lang, "joinpoint trend", "joinpointtrend")
                                                 : L(lang, "trend", "trend");
        /* with seasonal terms the line is the trend without the season */
        if (r->season[0] && strcmp(r->season, "none") != 0)
            g->fit_label = r->jp_done && r->n_jp > 0
                               ? L(lang, "joinpoint trend, seasonally adjusted",
                                   "joinpointtrend, seizoensgecorrigeerd")
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
    }
    if (r->n_proj > 0) {
        g->n_proj = r->n_proj;
        g->proj_t = r->proj_t;
        g->proj_y = r->proj_fit;
        g->proj_lo = r->proj_pi_lo;
        g->proj_hi = r->proj_pi_hi;
        g->proj_label = L(lang, "projection, not data (95% PI)", "projectie, geen gegevens (95%-VI)");
    }

    mt_fig_spec *sp = &c->spec;
    sp->name = c->name;
    sp->title = c->title;
    sp->ylabel = c->ylabel;
    const double *vals[1] = {s->value};
    size_t nv[1] = {s->n};
    sp->log_y = use_log_axis(series_axis(run, s), vals, nv, 1);
    sp->y_from_zero = !sp->log_y;
    sp->index_base = NAN;
    sp->n_series = 1;
    sp->series = &c->ser;
    for (size_t k = 0; k < r->n_events && k < MT_FIG_ITEMS_MAX; k++) {
        const mt_an_event *e = &r->events[k];
        if (strcmp(e->kind, "definition") == 0) {
            /* the figure marks a break half a period before the first
             * period of the new definition: give it that period, not the
             * event's date (a mid-year change starts with the next year) */
            mt_period p = mt_period_at_time(s->freq, e->t);
            if (mt_period_time(&p) < e->t - 1e-9)
                p = mt_period_from_index(s->freq, mt_period_index(&p) + 1);
            double first = mt_period_time(&p);
            c->break_t[sp->n_breaks++] = first;
        }
        c->event_t[sp->n_events] = e->t;
        c->event_label[sp->n_events++] = e->label;
    }
    for (size_t i = 0; i < s->n && sp->n_breaks < MT_FIG_ITEMS_MAX; i++)
        if ((s->flags[i] & MT_FLAG_BREAK) && i > 0) {
            int dup = 0;
            for (size_t k = 0; k < sp->n_breaks; k++)
                dup |= fabs(c->break_t[k] - s->t[i]) < 1e-6;
            if (!dup)
                c->break_t[sp->n_breaks++] = s->t[i];
        }
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
    sp->anomaly_label = L(lang, "anomaly (see data notes)", "afwijkende waarde (zie datanotities)");
    sp->size = MT_FIG_REPORT;
    sp->lang = lang;

    char model[256];
    if (!draw_trend)
        snprintf(model, sizeof model, "%s", L(lang, "Too few points for a trend.",
                                              "Te weinig punten voor een trend."));
    else
        snprintf(model, sizeof model, "%s %s.",
                 r->scale == MT_SCALE_LOG ? L(lang, "Log-linear", "Log-lineaire")
                              : L(lang, "Linear", "Lineaire"),
                 r->jp_done && r->n_jp > 0 ? L(lang, "joinpoint model", "joinpointmodel")
                                           : L(lang, "trend", "trend"));
    if (!r->descriptive_only && r->season[0] && strcmp(r->season, "none") != 0) {
        size_t len = strlen(model);
        snprintf(model + len - 1, sizeof model - (len - 1), " %s (%s); %s.",
                 L(lang, "with seasonal terms", "met seizoenstermen"), r->season,
                 L(lang, "line seasonally adjusted", "lijn seizoensgecorrigeerd"));
    }
    snprintf(c->footnote, sizeof c->footnote, "%s: %s. %s %s: %s-%s.",
             L(lang, "Source", "Bron"), source[0] ? source : "-", model,
             L(lang, "Coverage", "Periode"), r->first, r->last);
    sp->footnote = c->footnote;
    c->ok = 1;
    return MT_OK;
}

/* ---- cross-check figures ------------------------------------------------- */

typedef struct {
    char name[MT_FIG_NAME_MAX + 1], sname[MT_FIG_NAME_MAX + 1];
    char title[1024], foot[2048], xl[1024], yl[1024];
} cc_names;

/* A small panel's title has two short lines: remove the parenthesised
 * asides of a long label ("Drug seizures in Belgium (bound for the
 * Netherlands: proxy), cocaine, BE" -> "Drug seizures in Belgium, cocaine,
 * BE"); the series' own chart keeps the whole label. */
static void drop_parentheses(char *text)
{
    char *w = text;
    int depth = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '(') {
            depth++;
            while (w > text && w[-1] == ' ')
                w--;
        } else if (*p == ')' && depth > 0) {
            depth--;
        } else if (depth == 0) {
            *w++ = *p;
        }
    }
    *w = '\0';
}

static void short_member(const mt_run *run, const mt_series *s, char *buf, size_t size);

/* The title of a small panel: two lines of about 33 characters (54 in all, as lines break at words).  A long
 * label loses its parenthesised asides, then is cut with "…" so that the
 * market and region, which tell the panels apart, always show. */
#define PANEL_TITLE_CHARS 54
static void panel_title(const mt_run *run, const mt_series *s, char *buf, size_t size)
{
    mt_names_series_title(run, s, buf, size);
    if (strlen(buf) <= PANEL_TITLE_CHARS)
        return;
    drop_parentheses(buf);
    if (strlen(buf) <= PANEL_TITLE_CHARS)
        return;
    const char *label, *unit, *theme, *source;
    mt_pipeline_series_meta(run, s, &label, &unit, &theme, &source);
    char tail[256], lab[512];
    short_member(run, s, tail, sizeof tail);
    snprintf(lab, sizeof lab, "%s", label);
    drop_parentheses(lab);
    size_t keep = PANEL_TITLE_CHARS > strlen(tail) + 6 ? PANEL_TITLE_CHARS - strlen(tail) - 4 : 10;
    if (strlen(lab) > keep) {
        while (keep > 0 && lab[keep] != ' ')
            keep--; /* at a word boundary */
        while (keep > 0 && (lab[keep - 1] == ',' || lab[keep - 1] == ' '))
            keep--;
        lab[keep] = '\0';
        snprintf(buf, size, "%s\xE2\x80\xA6%s%s", lab, tail[0] ? ", " : "", tail);
    } else {
        snprintf(buf, size, "%s%s%s", lab, tail[0] ? ", " : "", tail);
    }
}

/* "market, region" names of a series ("cocaine, NL"). */
static void short_member(const mt_run *run, const mt_series *s, char *buf, size_t size)
{
    char mk[MT_NAMES_MAX / 2], rg[MT_NAMES_MAX / 2];
    mt_names_get(run->model, "market", s->market, run->opts.lang, mk, sizeof mk);
    mt_names_get(run->model, "region", s->region, run->opts.lang, rg, sizeof rg);
    snprintf(buf, size, "%s%s%s", mk, mk[0] && rg[0] ? ", " : "", rg);
}

static mt_status cc_figures(const mt_run *run, const char *dir, const mt_cc_row *row,
                            size_t idx, mt_fig_names *fn, const char **names, size_t *n_names,
                            mt_error *err)
{
    mt_lang lang = run->opts.lang;
    const mt_series *a = mt_dataset_find(&run->data, row->a);
    const mt_series *b = mt_dataset_find(&run->data, row->b);
    if (a == NULL || b == NULL || row->n < 2)
        return MT_OK;
    /* indexed chart: both members divided by their value at the first common
     * period (figure.h index_base) */
    cc_names *nm = malloc(sizeof *nm);
    if (nm == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    char tag[64];
    snprintf(tag, sizeof tag, "cc%02zu-", idx + 1);
    if (mt_fig_names_claim(fn, tag, row->crosscheck, nm->name, sizeof nm->name) != MT_OK) {
        free(nm);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    snprintf(nm->title, sizeof nm->title, "%s", row->label);
    /* members by their reader-facing names; the verdict in words, with the
     * members' names for A and B */
    char ta[512], tb[512], verdict[1024];
    mt_names_series_title(run, a, ta, sizeof ta);
    mt_names_series_title(run, b, tb, sizeof tb);
    {
        /* in the verdict sentence, long names give way to "market, region"
         * when those tell the members apart */
        char va[512], vb[512];
        short_member(run, a, va, sizeof va);
        short_member(run, b, vb, sizeof vb);
        int use_short = (strlen(ta) > 40 || strlen(tb) > 40) && strcmp(va, vb) != 0 && va[0] && vb[0];
        mt_names_verdict(run->model, row->verdict, use_short ? va : ta, use_short ? vb : tb, lang,
                         verdict, sizeof verdict);
    }
    snprintf(nm->foot, sizeof nm->foot, "%s: %s (%s). %s %s-%s. %s",
             L(lang, "Verdict", "Oordeel"), verdict, mt_names_type(row->type, lang),
             L(lang, "Common periods", "Gemeenschappelijke periodes"), row->first, row->last,
             row->n_divergent ? L(lang, "Shaded: periods where the members disagree.",
                                   "Gearceerd: periodes waarin de reeksen niet overeenstemmen.")
                               : "");
    double base = NAN;
    for (size_t i = 0; i < a->n && !isfinite(base); i++)
        for (size_t j = 0; j < b->n; j++)
            if (fabs(a->t[i] - b->t[j]) < 1e-9 && isfinite(a->value[i]) && isfinite(b->value[j]) &&
                a->value[i] > 0 && b->value[j] > 0)
                base = a->t[i];
    mt_status st = MT_OK;
    if (isfinite(base)) {
        /* legends: what tells the members apart; a long common start ("Cocaine
         * in wastewater, ") is the chart's subject, said by its title */
        size_t common = 0;
        for (size_t i = 0; ta[i] && ta[i] == tb[i]; i++)
            if (ta[i] == ',' && ta[i + 1] == ' ')
                common = i + 2;
        if (common < 30)
            common = 0;
        /* still too long for a key on a report-size chart: the members'
         * market and region names, when those tell them apart */
        char sa[512], sb[512];
        if (strlen(ta + common) > 60 || strlen(tb + common) > 60) {
            short_member(run, a, sa, sizeof sa);
            short_member(run, b, sb, sizeof sb);
            if (strcmp(sa, sb) != 0 && sa[0] && sb[0]) {
                snprintf(ta, sizeof ta, "%s", sa);
                snprintf(tb, sizeof tb, "%s", sb);
                common = 0;
            }
        }
        mt_fig_series ss[2];
        memset(ss, 0, sizeof ss);
        const mt_series *m[2] = {a, b};
        for (int k = 0; k < 2; k++) {
            /* each member's fitted trend and its 95% band, indexed with it */
            const mt_series_result *res = &run->results[m[k] - run->data.series];
            if (!res->descriptive_only) {
                ss[k].n_fit = m[k]->n;
                ss[k].fit_t = m[k]->t;
                ss[k].fit_y = res->fitted;
                ss[k].fit_lo = res->ci_lo;
                ss[k].fit_hi = res->ci_hi;
            }
            ss[k].label = k == 0 ? ta + common : tb + common;
            ss[k].market = m[k]->market[0] ? m[k]->market : NULL;
            ss[k].n = m[k]->n;
            ss[k].t = m[k]->t;
            ss[k].y = m[k]->value;
            /* no connecting line: the periods a series lacks would be
             * bridged (a missing year is a gap, not an interpolation) */
            ss[k].connect = 0;
        }
        /* the second member in a different colour when both share a market */
        if (mt_figure_market_style(ss[0].market) == mt_figure_market_style(ss[1].market))
            ss[1].style = mt_figure_market_style(ss[0].market) == 9 ? 8 : 9;
        /* shade the periods where the members disagree */
        double hl_from[MT_FIG_ITEMS_MAX], hl_to[MT_FIG_ITEMS_MAX];
        size_t n_hl = 0;
        double half = 0.5 / mt_freq_per_year(a->freq);
        for (size_t i = 0; i < a->n && n_hl < MT_FIG_ITEMS_MAX; i++) {
            char p[MT_PERIOD_STR_MAX];
            mt_period_format(&a->period[i], p, MT_PERIOD_STR_MAX);
            if (mt_cc_is_divergent(row, p)) {
                hl_from[n_hl] = a->t[i] - half;
                hl_to[n_hl++] = a->t[i] + half;
            }
        }
        mt_fig_spec sp;
        memset(&sp, 0, sizeof sp);
        sp.n_highlights = n_hl;
        sp.hl_from = hl_from;
        sp.hl_to = hl_to;
        sp.name = nm->name;
        sp.title = nm->title;
        snprintf(nm->yl, sizeof nm->yl, "%s",
                 L(lang, "index, first common period = 100", "index, eerste gemeenschappelijke periode = 100"));
        sp.ylabel = nm->yl;
        sp.footnote = nm->foot;
        /* members that grow by orders of magnitude (seizures since 1980)
         * are read on a log axis; otherwise a linear one from zero */
        const mt_crosscheck *cx = NULL;
        for (size_t i = 0; run->model != NULL && i < run->model->n_crosschecks; i++)
            if (strcmp(run->model->crosschecks[i].id, row->crosscheck) == 0)
                cx = &run->model->crosschecks[i];
        /* the rule applies to each member's own span (their units differ;
         * indexing keeps each member's ratios) */
        const double *va[1] = {a->value}, *vb[1] = {b->value};
        size_t na[1] = {a->n}, nb[1] = {b->n};
        mt_axis ax = cx != NULL ? cx->axis : MT_AXIS_AUTO;
        sp.log_y = use_log_axis(ax, va, na, 1) || use_log_axis(ax, vb, nb, 1);
        sp.y_from_zero = !sp.log_y;
        sp.index_base = base;
        sp.n_series = 2;
        sp.series = ss;
        sp.size = MT_FIG_REPORT;
        sp.lang = lang;
        st = mt_figure_write(dir, &sp, run->opts.formats, err);
        if (st == MT_OK)
            names[(*n_names)++] = strdup(nm->name);
    }
    /* scatter of ln b against ln a on the common periods, with the OLS line
     * (a display aid; the statistics are in crosschecks.csv) */
    if (st == MT_OK) {
        size_t n = a->n;
        double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
        double *tt = malloc((n + 1) * sizeof *tt), *lx = malloc((n + 1) * sizeof *lx),
               *ly = malloc((n + 1) * sizeof *ly);
        unsigned char *hl = calloc(n + 1, 1);
        size_t m = 0;
        if (x && y && tt && lx && ly && hl) {
            for (size_t i = 0; i < a->n; i++)
                for (size_t j = 0; j < b->n; j++)
                    if (fabs(a->t[i] - b->t[j]) < 1e-9 && isfinite(a->value[i]) &&
                        isfinite(b->value[j]) && a->value[i] > 0 && b->value[j] > 0) {
                        x[m] = a->value[i];
                        y[m] = b->value[j];
                        tt[m] = a->t[i];
                        lx[m] = log(x[m]);
                        ly[m] = log(y[m]);
                        char p[MT_PERIOD_STR_MAX];
                        mt_period_format(&a->period[i], p, sizeof p);
                        hl[m] = mt_cc_is_divergent(row, p);
                        m++;
                    }
            double c0 = NAN, c1 = NAN, c00, c01, c11, ss;
            if (m >= 3 && gsl_fit_linear(lx, 1, ly, 1, m, &c0, &c1, &c00, &c01, &c11, &ss) != 0)
                c0 = c1 = NAN;
            mt_fig_scatter sc;
            memset(&sc, 0, sizeof sc);
            /* "<name>-scatter", claimed like every other name */
            char sid[MT_FIG_NAME_MAX + 16];
            snprintf(sid, sizeof sid, "%s-scatter", row->crosscheck);
            if (mt_fig_names_claim(fn, tag, sid, nm->sname, sizeof nm->sname) != MT_OK)
                st = mt_error_set(err, MT_ENOMEM, "out of memory");
            sc.name = nm->sname;
            sc.title = nm->title;
            /* axis titles run along the plot: a long member name gives way
             * to its market and region (the chart title says what is
             * compared); about 80 characters fit along x, 45 along y */
            const char *ua = mt_pipeline_series_unit_lang(run, a),
                       *ub = mt_pipeline_series_unit_lang(run, b);
            char sx[512], sy[512];
            short_member(run, a, sx, sizeof sx);
            short_member(run, b, sy, sizeof sy);
            snprintf(nm->xl, sizeof nm->xl, "%s (%s)", strlen(ta) + strlen(ua) > 76 ? sx : ta, ua);
            snprintf(nm->yl, sizeof nm->yl, "%s (%s)", strlen(tb) + strlen(ub) > 42 ? sy : tb, ub);
            char sfoot[2048];
            snprintf(sfoot, sizeof sfoot, "%s: %s (%s). %s. %s %s-%s. %s", L(lang, "Verdict", "Oordeel"),
                     verdict, mt_names_type(row->type, lang), L(lang, "Both axes logarithmic", "Beide assen logaritmisch"),
                     L(lang, "Common periods", "Gemeenschappelijke periodes"), row->first, row->last,
                     row->n_divergent ? L(lang, "Circled: periods where the members disagree.",
                                           "Omcirkeld: periodes waarin de reeksen niet overeenstemmen.")
                                       : "");
            sc.xlabel = nm->xl;
            sc.ylabel = nm->yl;
            sc.footnote = sfoot;
            sc.market = a->market[0] ? a->market : NULL;
            sc.n = m;
            sc.x = x;
            sc.y = y;
            sc.t = tt;
            sc.highlight = hl;
            sc.highlight_label = L(lang, "periods that disagree", "periodes die niet overeenstemmen");
            sc.log_xy = 1;
            sc.a = c0;
            sc.b = c1;
            sc.fit_label = L(lang, "least-squares line (logs)", "kleinste-kwadratenlijn (logs)");
            sc.size = MT_FIG_REPORT;
            sc.lang = lang;
            if (m >= 2 && st == MT_OK) {
                st = mt_figure_write_scatter(dir, &sc, run->opts.formats, err);
                if (st == MT_OK)
                    names[(*n_names)++] = strdup(nm->sname);
            }
        } else {
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
        }
        free(x); free(y); free(tt); free(lx); free(ly); free(hl);
    }
    free(nm);
    return st;
}

/* ---- the whole set ----------------------------------------------------- */

/* Dashboards follow the themes in enum order (vocab.h), then the series
 * without a theme: position th is theme th + 1, the last MT_THEME_NONE. */
static mt_theme dashboard_theme(size_t th)
{
    return th + 1 < MT_THEME_COUNT ? (mt_theme)(th + 1) : MT_THEME_NONE;
}

/* Observations of a series: periods with a finite value. */
static size_t n_obs(const mt_series *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        k += isfinite(s->value[i]) != 0;
    return k;
}

/* The panel rule of dashboards and the overview (docs/figures.md): the
 * charted series of a theme with at least MIN_PANEL_OBS observations;
 * national Dutch series (region NL) first, then by number of observations
 * (most first), then by id.  Writes their result indices into order and
 * returns how many. */
#define MIN_PANEL_OBS 5
static size_t panel_order(const mt_run *run, const chart *ch, const char *theme, size_t *order)
{
    size_t m = 0;
    for (size_t i = 0; i < run->n_results; i++) {
        const char *label, *unit, *th, *source;
        const mt_series *s = run->results[i].series;
        if (!ch[i].ok || n_obs(s) < MIN_PANEL_OBS)
            continue;
        mt_pipeline_series_meta(run, s, &label, &unit, &th, &source);
        if (strcmp(th, theme) != 0)
            continue;
        /* insertion sort: a handful of series per theme */
        size_t j = m++;
        while (j > 0) {
            const mt_series *p = run->results[order[j - 1]].series;
            int nl_s = strcmp(s->region, "NL") == 0, nl_p = strcmp(p->region, "NL") == 0;
            size_t os = n_obs(s), op = n_obs(p);
            int before = nl_s != nl_p ? nl_s > nl_p : os != op ? os > op : strcmp(s->id, p->id) < 0;
            if (!before)
                break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    return m;
}

mt_status mt_write_figures(const mt_run *run, const char *edition_dir, mt_error *err)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/figures", edition_dir);
    size_t n = run->n_results;
    size_t cap = 2 * n + 2 * run->n_cc + 64;
    chart *ch = calloc(n ? n : 1, sizeof *ch);
    const char **names = calloc(cap, sizeof *names);
    size_t n_names = 0;
    mt_fig_names fn;
    mt_status st = mt_fig_names_init(&fn);
    if (ch == NULL || names == NULL || st != MT_OK) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n && st == MT_OK; i++) {
        const mt_series_result *r = &run->results[i];
        if (r->n_fit == 0)
            continue;
        if ((st = chart_build(run, r, &fn, &ch[i])) != MT_OK) {
            mt_error_set(err, st, "out of memory");
            break;
        }
        st = mt_figure_write(dir, &ch[i].spec, run->opts.formats, err);
        if (st == MT_OK)
            names[n_names++] = strdup(ch[i].name);
    }
    for (size_t i = 0; i < run->n_cc && st == MT_OK; i++)
        if (strcmp(run->cc[i].type, "concordance") == 0 || strcmp(run->cc[i].type, "displacement") == 0)
            st = cc_figures(run, dir, &run->cc[i], i, &fn, names, &n_names, err);

    /* Dashboards: per theme, its series by the panel rule (panel_order),
     * in pages of at most MAX_PANELS, balanced (13 series = 7 + 6, not
     * 12 + 1).  Overview: the first series of each theme by that rule. */
    mt_lang lang = run->opts.lang;
    mt_fig_spec overview[MT_THEME_COUNT];
    char over_title[MT_THEME_COUNT][640];
    size_t n_over = 0;
    size_t *order = calloc(n ? n : 1, sizeof *order);
    char (*ptitle)[512] = calloc(n ? n : 1, sizeof *ptitle);
    if (order == NULL || ptitle == NULL)
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
    for (size_t th = 0; th < MT_THEME_COUNT && st == MT_OK; th++) {
        size_t m = panel_order(run, ch, mt_theme_name(dashboard_theme(th)), order);
        if (m == 0)
            continue;
        char tname[MT_NAMES_MAX];
        mt_names_get(run->model, "theme", mt_theme_name(dashboard_theme(th)), lang, tname, sizeof tname);
        size_t pages = (m + MAX_PANELS - 1) / MAX_PANELS, per = (m + pages - 1) / pages;
        for (size_t pg = 0; pg < pages && st == MT_OK; pg++) {
            mt_fig_spec panels[MAX_PANELS];
            size_t np = 0;
            for (size_t j = pg * per; j < m && j < (pg + 1) * per; j++) {
                size_t i = order[j];
                panel_title(run, run->results[i].series, ptitle[i], sizeof ptitle[i]);
                panels[np] = ch[i].spec;
                panels[np++].title = ptitle[i];
            }
            char name[MT_FIG_NAME_MAX + 1], title[512];
            snprintf(name, sizeof name, "dashboard-%s-%zu", mt_theme_name(dashboard_theme(th))[0] ? mt_theme_name(dashboard_theme(th)) : "other",
                     pg + 1);
            for (char *p = name; *p; p++)
                if (*p == ' ')
                    *p = '-';
            if (pages > 1)
                snprintf(title, sizeof title, "%s: %s (%zu/%zu)", L(lang, "Theme", "Thema"), tname,
                         pg + 1, pages);
            else
                snprintf(title, sizeof title, "%s: %s", L(lang, "Theme", "Thema"), tname);
            mt_fig_dashboard db = {.name = name, .title = title,
                                   .footnote = L(lang, "Each panel: observed values (filled marks; open marks provisional or "
                                                    "estimated, grey crosses excluded, rings anomalies), fitted trend (line) "
                                                    "with its 95% CI (band). Series with at least 5 observations; national "
                                                    "Dutch series first, then by number of observations.",
                                                 "Elk paneel: waarnemingen (gevulde tekens; open tekens voorlopig of geschat, "
                                                    "grijze kruisjes uitgesloten, ringen afwijkende waarden), trend (lijn) met "
                                                    "95%-BI (band). Reeksen met ten minste 5 waarnemingen; landelijke "
                                                    "Nederlandse reeksen eerst, dan naar aantal waarnemingen."),
                                   .n_panels = np, .panels = panels, .cols = 3};
            st = mt_figure_write_dashboard(dir, &db, run->opts.formats, err);
            if (st == MT_OK)
                names[n_names++] = strdup(name);
        }
        size_t best = order[0];
        char tcap[MT_NAMES_MAX];
        snprintf(tcap, sizeof tcap, "%s", tname);
        if (tcap[0] >= 'a' && tcap[0] <= 'z')
            tcap[0] = (char)(tcap[0] - 'a' + 'A');
        snprintf(over_title[n_over], sizeof over_title[n_over], "%s: %s", tcap, ptitle[best]);
        overview[n_over] = ch[best].spec;
        overview[n_over].title = over_title[n_over];
        n_over++;
    }
    if (st == MT_OK && n_over > 0) {
        mt_fig_dashboard db = {.name = "overview",
                               .title = L(lang, "Overview: one indicator per theme",
                                          "Overzicht: een indicator per thema"),
                               .footnote = L(lang, "Per theme the first series by the dashboard rule: at least 5 "
                                                "observations, national Dutch series first, then the most observations.",
                                             "Per thema de eerste reeks volgens de regel van de dashboards: ten minste "
                                                "5 waarnemingen, landelijke Nederlandse reeksen eerst, dan de meeste waarnemingen."),
                               .n_panels = n_over, .panels = overview, .cols = n_over == 4 ? 2 : 3};
        st = mt_figure_write_dashboard(dir, &db, run->opts.formats, err);
        if (st == MT_OK)
            names[n_names++] = strdup("overview");
    }
    free(order);
    free(ptitle);
    for (size_t i = 0; i < n_names; i++)
        if (names[i] == NULL && st == MT_OK)
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
    if (st == MT_OK && n_names > 0)
    {
        mt_plot_config cfg = {NULL, run->opts.jobs, run->opts.figure_timeout};
        st = mt_figure_render_jobs(dir, names, n_names, run->opts.formats, &cfg, err);
    }
out:
    mt_fig_names_clear(&fn);
    if (ch)
        for (size_t i = 0; i < n; i++)
            chart_free(&ch[i]);
    free(ch);
    if (names)
        for (size_t i = 0; i < n_names; i++)
            free((void *)names[i]);
    free(names);
    return st;
}
