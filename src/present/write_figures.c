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
 *
 * figseries.c describes a series' chart, figcc.c a cross-check's; this file
 * chooses the panels of the dashboards and the overview and renders all.
 */
#include "monitrend/write.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figcc.h"
#include "figseries.h"
#include "monitrend/fignames.h"
#include "monitrend/figure.h"
#include "monitrend/names.h"

#define L(lang, en, nl) ((lang) == MT_LANG_NL ? (nl) : (en))
#define MAX_PANELS 12

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

/* The title of a small panel, after `prefix` ("Import: " on the overview),
 * in the two lines a panel of a `cols`-column page has (figure.h
 * mt_figure_panel_title_fits): the series title; else without its
 * parenthesised asides (asides = 0: at once); else the label cut at a word
 * with "…", so that the market and region, which tell the panels apart,
 * always show.  Returns 1 when the whole series title was kept. */
static int panel_title(const mt_run *run, const mt_series *s, const char *prefix, size_t cols,
                       int asides, char *buf, size_t size)
{
    char full[512];
    mt_names_series_title(run, s, full, sizeof full);
    snprintf(buf, size, "%s%s", prefix, full);
    if (asides && mt_figure_panel_title_fits(buf, cols))
        return 1;
    drop_parentheses(full);
    snprintf(buf, size, "%s%s", prefix, full);
    if (mt_figure_panel_title_fits(buf, cols))
        return 0;
    const char *label, *unit, *theme, *source;
    mt_pipeline_series_meta(run, s, &label, &unit, &theme, &source);
    /* the tail is what the series title adds to the label (market and
     * region, by the same rules: no market the label names, none for all) */
    char tail[256], lab[512];
    mt_names_series_title(run, s, full, sizeof full);
    size_t ll = strlen(label);
    const char *rest = strncmp(full, label, ll) == 0 ? full + ll : "";
    snprintf(tail, sizeof tail, "%s", rest[0] == ',' && rest[1] == ' ' ? rest + 2 : rest);
    drop_parentheses(tail);
    snprintf(lab, sizeof lab, "%s", label);
    drop_parentheses(lab);
    for (size_t keep = strlen(lab); keep > 0;) {
        while (keep > 0 && lab[keep] != ' ' && lab[keep] != '\0')
            keep--; /* at a word boundary */
        while (keep > 0 && (lab[keep - 1] == ',' || lab[keep - 1] == ' '))
            keep--;
        lab[keep] = '\0';
        snprintf(buf, size, "%s%s\xE2\x80\xA6%s%s", prefix, lab, tail[0] ? ", " : "", tail);
        if (keep == 0 || mt_figure_panel_title_fits(buf, cols))
            return 0;
        keep--;
    }
    return 0;
}

/* A panel draws its series without the projection: a projection is read
 * with its prediction interval and key, which the series' own chart has (a
 * panel's interval bar would span most of its small axis); likewise the
 * joinpoint CI bars. */
static void panel_series(const mt_fig_chart *c, mt_fig_spec *panel, mt_fig_series *ser)
{
    *ser = c->ser;
    ser->n_proj = 0;
    ser->jp_lo = ser->jp_hi = NULL; /* nor the joinpoint CIs: no key to explain them */
    panel->series = ser;
}

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
static size_t panel_order(const mt_run *run, const mt_fig_chart *ch, const char *theme, size_t *order)
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
    mt_fig_chart *ch = calloc(n ? n : 1, sizeof *ch);
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
        if ((st = mt_figseries_build(run, r, &fn, &ch[i])) != MT_OK) {
            mt_error_set(err, st, "out of memory");
            break;
        }
        st = mt_figure_write(dir, &ch[i].spec, run->opts.formats, err);
        if (st == MT_OK)
            names[n_names++] = strdup(ch[i].name);
    }
    for (size_t i = 0; i < run->n_cc && st == MT_OK; i++)
        if (strcmp(run->cc[i].type, "concordance") == 0 || strcmp(run->cc[i].type, "displacement") == 0)
            st = mt_figcc_write(run, dir, &run->cc[i], i, &fn, names, &n_names, err);

    /* Dashboards: per theme, its series by the panel rule (panel_order),
     * in pages of at most MAX_PANELS, balanced (13 series = 7 + 6, not
     * 12 + 1).  Overview: the first series of each theme by that rule. */
    mt_lang lang = run->opts.lang;
    mt_fig_spec overview[MT_THEME_COUNT];
    mt_fig_series over_ser[MT_THEME_COUNT];
    char over_title[MT_THEME_COUNT][MT_NAMES_MAX + 2 + 512], over_theme[MT_THEME_COUNT][MT_NAMES_MAX + 2];
    size_t over_best[MT_THEME_COUNT];
    size_t n_over = 0;
    size_t *order = calloc(n ? n : 1, sizeof *order);
    char (*ptitle)[MT_NAMES_MAX + 2 + 512] = calloc(n ? n : 1, sizeof *ptitle);
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
            mt_fig_series pser[MAX_PANELS];
            size_t np = 0, on_page = m - pg * per < per ? m - pg * per : per;
            size_t cols = on_page < 3 ? on_page : 3;
            int whole[MAX_PANELS];
            for (size_t j = pg * per, q = 0; j < m && j < (pg + 1) * per; j++, q++)
                whole[q] = panel_title(run, run->results[order[j]].series, "", cols, 1,
                                       ptitle[order[j]], sizeof ptitle[order[j]]);
            /* one indicator reads alike on a page: when one of its panels
             * loses the label's asides, all of them do */
            for (size_t j = pg * per, q = 0; j < m && j < (pg + 1) * per; j++, q++) {
                const mt_series *sj = run->results[order[j]].series;
                for (size_t k = pg * per, r = 0; k < m && k < (pg + 1) * per && whole[q]; k++, r++)
                    if (!whole[r] && strcmp(run->results[order[k]].series->indicator, sj->indicator) == 0)
                        whole[q] = panel_title(run, sj, "", cols, 0, ptitle[order[j]],
                                               sizeof ptitle[order[j]]);
            }
            for (size_t j = pg * per; j < m && j < (pg + 1) * per; j++) {
                size_t i = order[j];
                panels[np] = ch[i].spec;
                panels[np].title = ptitle[i];
                panel_series(&ch[i], &panels[np], &pser[np]);
                np++;
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
        snprintf(over_theme[n_over], sizeof over_theme[n_over], "%s: ", tname);
        if (over_theme[n_over][0] >= 'a' && over_theme[n_over][0] <= 'z')
            over_theme[n_over][0] = (char)(over_theme[n_over][0] - 'a' + 'A');
        over_best[n_over] = best;
        overview[n_over] = ch[best].spec;
        overview[n_over].title = over_title[n_over];
        panel_series(&ch[best], &overview[n_over], &over_ser[n_over]);
        n_over++;
    }
    if (st == MT_OK && n_over > 0) {
        size_t over_cols = n_over == 4 ? 2 : n_over < 3 ? n_over : 3;
        for (size_t k = 0; k < n_over; k++)
            panel_title(run, run->results[over_best[k]].series, over_theme[k], over_cols, 1,
                        over_title[k], sizeof over_title[k]);
        mt_fig_dashboard db = {.name = "overview",
                               .title = L(lang, "Overview: one indicator per theme",
                                          "Overzicht: een indicator per thema"),
                               .footnote = L(lang, "Per theme the first series by the dashboard rule: at least 5 "
                                                "observations, national Dutch series first, then the most observations.",
                                             "Per thema de eerste reeks volgens de regel van de dashboards: ten minste "
                                                "5 waarnemingen, landelijke Nederlandse reeksen eerst, dan de meeste waarnemingen."),
                               .n_panels = n_over, .panels = overview, .cols = over_cols};
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
            mt_figseries_free(&ch[i]);
    free(ch);
    if (names)
        for (size_t i = 0; i < n_names; i++)
            free((void *)names[i]);
    free(names);
    return st;
}
