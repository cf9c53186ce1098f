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

#include "monitrend/figure.h"
#include "monitrend/fmt.h"

#define L(lang, en, nl) ((lang) == MT_LANG_NL ? (nl) : (en))
#define MAX_PANELS 12

/* A file stem from a series id: letters, digits, '-' and '_' kept, the
 * rest (the '/' of ids, spaces, quotes) turned into '_'. */
static void stem(const char *prefix, const char *id, char *buf, size_t size)
{
    size_t k = (size_t)snprintf(buf, size, "%s", prefix);
    for (const char *p = id; *p && k + 1 < size && k + 1 < MT_FIG_NAME_MAX; p++) {
        unsigned char c = (unsigned char)*p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.';
        buf[k++] = ok ? (char)c : '_';
    }
    buf[k] = '\0';
}

/* Everything one series chart needs, owned here for the duration of a write. */
typedef struct {
    char name[MT_FIG_NAME_MAX + 1];
    char title[512], ylabel[256], footnote[1024];
    unsigned char *flag;
    double *lo, *hi;
    double *band_lo, *band_hi; /* the CI band, clipped for display */
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
    free(c->lo);
    free(c->hi);
    free(c->band_lo);
    free(c->band_hi);
}

static mt_status chart_build(const mt_run *run, const mt_series_result *r, chart *c)
{
    const mt_series *s = r->series;
    mt_lang lang = run->opts.lang;
    memset(c, 0, sizeof *c);
    size_t n = s->n ? s->n : 1;
    c->flag = calloc(n, 1);
    c->lo = malloc(n * sizeof *c->lo);
    c->hi = malloc(n * sizeof *c->hi);
    c->band_lo = malloc(n * sizeof *c->band_lo);
    c->band_hi = malloc(n * sizeof *c->band_hi);
    if (!c->flag || !c->lo || !c->hi || !c->band_lo || !c->band_hi)
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
    stem("", s->id, c->name, sizeof c->name);
    mt_pipeline_series_title(run, s, c->title, sizeof c->title);
    snprintf(c->ylabel, sizeof c->ylabel, "%s", unit[0] ? unit : L(lang, "value", "waarde"));

    for (size_t i = 0; i < s->n; i++) {
        c->lo[i] = s->lower[i];
        c->hi[i] = s->upper[i];
        if (s->flags[i] & MT_FLAG_EXCLUDE)
            c->flag[i] = MT_FIG_EXCLUDED;
        else if (s->flags[i] & (MT_FLAG_PROVISIONAL | MT_FLAG_ESTIMATE))
            c->flag[i] = MT_FIG_PROVISIONAL;
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
    g->connect = 0;
    if (!r->descriptive_only) {
        g->n_fit = s->n;
        g->fit_t = s->t;
        g->fit_y = r->fitted;
        g->fit_lo = c->band_lo;
        g->fit_hi = c->band_hi;
        g->fit_label = r->jp_done && r->n_jp > 0 ? L(lang, "joinpoint trend", "joinpointtrend")
                                                 : L(lang, "trend", "trend");
        g->band_label = L(lang, "95% CI of the trend", "95%-BI van de trend");
    }
    if (r->jp_done && r->n_jp > 0 && r->log_scale) {
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
    sp->y_from_zero = 1;
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
    sp->event_t = c->event_t;
    sp->event_label = c->event_label;
    sp->provisional_label = L(lang, "provisional or estimate", "voorlopig of schatting");
    sp->excluded_label = L(lang, "excluded from the fit", "niet in de fit");
    sp->size = MT_FIG_REPORT;
    sp->lang = lang;

    char model[256];
    if (r->descriptive_only)
        snprintf(model, sizeof model, "%s", L(lang, "Too few points for a trend.",
                                              "Te weinig punten voor een trend."));
    else
        /* the line is the seasonally adjusted trend when seasons were taken
         * out, the points as observed; bars only on joinpoint charts */
        snprintf(model, sizeof model, "%s %s%s%s.",
                 r->log_scale ? L(lang, "Log-linear", "Log-lineaire")
                              : L(lang, "Linear", "Lineaire"),
                 r->jp_done && r->n_jp > 0 ? L(lang, "joinpoint model", "joinpointmodel")
                                           : L(lang, "trend", "trend"),
                 r->season_adjusted ? L(lang, ", seasonally adjusted (points as observed)",
                                        ", voor seizoen gecorrigeerd (punten zoals waargenomen)")
                                    : "",
                 r->jp_done && r->n_jp > 0 && r->log_scale
                     ? L(lang, "; bars: 95% CI of each joinpoint", "; balkjes: 95%-BI van elk knikpunt")
                     : "");
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
    char title[1024], foot[2048], xl[512], yl[512];
} cc_names;

static mt_status cc_figures(const mt_run *run, const char *dir, const mt_cc_row *row,
                            size_t idx, const char **names, size_t *n_names, mt_error *err)
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
    stem(tag, row->crosscheck, nm->name, sizeof nm->name);
    snprintf(nm->title, sizeof nm->title, "%s", row->label);
    snprintf(nm->foot, sizeof nm->foot, "%s: %s (%s). %s %s-%s. %s",
             L(lang, "Verdict", "Oordeel"), row->verdict, row->type,
             L(lang, "Common periods", "Gemeenschappelijke periodes"), row->first, row->last,
             row->divergent[0] ? L(lang, "Shaded: periods where the members disagree.",
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
            ss[k].label = m[k]->id;
            ss[k].market = m[k]->market[0] ? m[k]->market : NULL;
            ss[k].n = m[k]->n;
            ss[k].t = m[k]->t;
            ss[k].y = m[k]->value;
            /* no connecting line: the periods a series lacks would be
             * bridged (a missing year is a gap, not an interpolation) */
            ss[k].connect = 0;
        }
        /* the second member in a different colour when both share a market */
        if (ss[0].market && ss[1].market && strcmp(ss[0].market, ss[1].market) == 0)
            ss[1].market = "other";
        /* shade the periods where the members disagree */
        double hl_from[MT_FIG_ITEMS_MAX], hl_to[MT_FIG_ITEMS_MAX];
        size_t n_hl = 0;
        double half = 0.5 / mt_freq_per_year(a->freq);
        for (size_t i = 0; i < a->n && n_hl < MT_FIG_ITEMS_MAX; i++) {
            char p[MT_PERIOD_STR_MAX + 2];
            mt_period_format(&a->period[i], p, MT_PERIOD_STR_MAX);
            strcat(p, " ");
            if (row->divergent[0] && strstr(row->divergent, p) != NULL) {
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
        double lo = INFINITY, hi = 0;
        for (int k = 0; k < 2; k++)
            for (size_t i = 0; i < m[k]->n; i++)
                if (isfinite(m[k]->value[i]) && m[k]->value[i] > 0) {
                    lo = fmin(lo, m[k]->value[i]);
                    hi = fmax(hi, m[k]->value[i]);
                }
        sp.log_y = hi / lo > 100;
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
                        hl[m] = strstr(row->divergent, p) != NULL;
                        m++;
                    }
            double c0 = NAN, c1 = NAN, c00, c01, c11, ss;
            if (m >= 3 && gsl_fit_linear(lx, 1, ly, 1, m, &c0, &c1, &c00, &c01, &c11, &ss) != 0)
                c0 = c1 = NAN;
            mt_fig_scatter sc;
            memset(&sc, 0, sizeof sc);
            stem(tag, row->crosscheck, nm->sname, sizeof nm->sname);
            strncat(nm->sname, "-scatter", sizeof nm->sname - strlen(nm->sname) - 1);
            sc.name = nm->sname;
            sc.title = nm->title;
            snprintf(nm->xl, sizeof nm->xl, "%s (%s)", row->a, mt_pipeline_series_unit_lang(run, a));
            snprintf(nm->yl, sizeof nm->yl, "%s (%s)", row->b, mt_pipeline_series_unit_lang(run, b));
            char sfoot[1024];
            snprintf(sfoot, sizeof sfoot, "%s: %s (%s). %s. %s %s-%s. %s", L(lang, "Verdict", "Oordeel"),
                     row->verdict, row->type, L(lang, "Both axes logarithmic", "Beide assen logaritmisch"),
                     L(lang, "Common periods", "Gemeenschappelijke periodes"), row->first, row->last,
                     row->divergent[0] ? L(lang, "Circled: periods where the members disagree.",
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
            if (m >= 2) {
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

static const char *const themes[] = {"import", "production", "trade", "use", "crime",
                                     "criminal law", "financial", "administrative", ""};

mt_status mt_write_figures(const mt_run *run, const char *edition_dir, mt_error *err)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/figures", edition_dir);
    size_t n = run->n_results;
    size_t cap = 2 * n + 2 * run->n_cc + 64;
    chart *ch = calloc(n ? n : 1, sizeof *ch);
    const char **names = calloc(cap, sizeof *names);
    size_t n_names = 0;
    mt_status st = MT_OK;
    if (ch == NULL || names == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n && st == MT_OK; i++) {
        const mt_series_result *r = &run->results[i];
        if (r->n_fit == 0)
            continue;
        if ((st = chart_build(run, r, &ch[i])) != MT_OK) {
            mt_error_set(err, st, "out of memory");
            break;
        }
        st = mt_figure_write(dir, &ch[i].spec, run->opts.formats, err);
        if (st == MT_OK)
            names[n_names++] = strdup(ch[i].name);
    }
    for (size_t i = 0; i < run->n_cc && st == MT_OK; i++)
        if (strcmp(run->cc[i].type, "concordance") == 0 || strcmp(run->cc[i].type, "displacement") == 0)
            st = cc_figures(run, dir, &run->cc[i], i, names, &n_names, err);

    /* dashboards: per theme, pages of up to MAX_PANELS series */
    mt_lang lang = run->opts.lang;
    mt_fig_spec overview[sizeof themes / sizeof themes[0]];
    size_t n_over = 0;
    for (size_t th = 0; th < sizeof themes / sizeof themes[0] && st == MT_OK; th++) {
        mt_fig_spec panels[MAX_PANELS];
        size_t np = 0, page = 0, best = n, best_n = 0;
        for (size_t i = 0; i <= n && st == MT_OK; i++) {
            int take = 0;
            if (i < n && ch[i].ok) {
                const char *label, *unit, *theme, *source;
                mt_pipeline_series_meta(run, run->results[i].series, &label, &unit, &theme, &source);
                take = strcmp(theme, themes[th]) == 0;
                if (take && run->results[i].n_fit > best_n) {
                    best = i;
                    best_n = run->results[i].n_fit;
                }
            }
            if (take) {
                /* small panels: the series id is the short, exact title */
                panels[np] = ch[i].spec;
                panels[np++].title = run->results[i].series->id;
            }
            if (np == MAX_PANELS || (i == n && np > 0)) {
                char name[MT_FIG_NAME_MAX + 1], title[256];
                const char *tn = themes[th][0] ? themes[th] : "other";
                page++;
                snprintf(name, sizeof name, "dashboard-%s-%zu", tn, page);
                for (char *p = name; *p; p++)
                    if (*p == ' ')
                        *p = '-';
                snprintf(title, sizeof title, "%s: %s (%zu)", L(lang, "Theme", "Thema"), tn, page);
                mt_fig_dashboard db = {.name = name, .title = title,
                                       .footnote = L(lang, "Each panel: observed values (dots; crosses excluded, open marks provisional), "
                                                        "fitted trend (line) with its 95% CI (band).",
                                                     "Elk paneel: waarnemingen (punten; kruisjes uitgesloten, open voorlopig), "
                                                        "trend (lijn) met 95%-BI (band)."),
                                       .n_panels = np, .panels = panels, .cols = 3};
                st = mt_figure_write_dashboard(dir, &db, run->opts.formats, err);
                if (st == MT_OK)
                    names[n_names++] = strdup(name);
                np = 0;
            }
        }
        if (best < n) {
            overview[n_over] = ch[best].spec;
            overview[n_over++].title = run->results[best].series->id;
        }
    }
    if (st == MT_OK && n_over > 0) {
        mt_fig_dashboard db = {.name = "overview",
                               .title = L(lang, "Overview: one indicator per theme",
                                          "Overzicht: een indicator per thema"),
                               .footnote = L(lang, "Per theme the series with the most observations.",
                                             "Per thema de reeks met de meeste waarnemingen."),
                               .n_panels = n_over, .panels = overview, .cols = 3};
        st = mt_figure_write_dashboard(dir, &db, run->opts.formats, err);
        if (st == MT_OK)
            names[n_names++] = strdup("overview");
    }
    for (size_t i = 0; i < n_names; i++)
        if (names[i] == NULL && st == MT_OK)
            st = mt_error_set(err, MT_ENOMEM, "out of memory");
    if (st == MT_OK && n_names > 0)
        st = mt_figure_render(dir, names, n_names, run->opts.formats, NULL, err);
out:
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
