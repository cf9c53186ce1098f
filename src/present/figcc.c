/*
 * figcc.c - the figures of a cross-check pair (figcc.h): both members
 * indexed to their first common period, with their trends and the periods
 * where they disagree shaded; and a scatter of one against the other on
 * log axes with the least-squares line.  Members and the verdict are named
 * for readers (names.h), never by id.
 */
#include "figcc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_fit.h>

#include "figseries.h"
#include "monitrend/cc_note_words.h" /* mt_cc_label */
#include "monitrend/cc_words.h" /* mt_cc_is_divergent */
#include "monitrend/figure.h"
#include "monitrend/names.h"

#define L(lang, en, nl) ((lang) == MT_LANG_NL ? (nl) : (en))

typedef struct {
    char name[MT_FIG_NAME_MAX + 1], sname[MT_FIG_NAME_MAX + 1];
    char title[1024], foot[2048], xl[1024], yl[1024];
} cc_names;

mt_status mt_figcc_write(const mt_report *run, const char *dir, const mt_cc_row *row,
                            size_t idx, mt_fig_names *fn, const char **names, size_t *n_names,
                            mt_error *err)
{
    mt_lang lang = run->opts.lang;
    const mt_series *a = mt_report_find(run, row->a);
    const mt_series *b = mt_report_find(run, row->b);
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
    snprintf(nm->title, sizeof nm->title, "%s", mt_cc_label(lang, row->label, row->label_nl));
    /* members by their reader-facing names; the verdict in words, with the
     * members' names for A and B */
    char ta[512], tb[512], verdict[1024];
    mt_names_series_title(run, a, ta, sizeof ta);
    mt_names_series_title(run, b, tb, sizeof tb);
    {
        /* in the verdict sentence, long names give way to "market, region"
         * when those tell the members apart */
        char va[512], vb[512];
        mt_names_market_region(run, a, va, sizeof va);
        mt_names_market_region(run, b, vb, sizeof vb);
        int use_short = (strlen(ta) > 40 || strlen(tb) > 40) && strcmp(va, vb) != 0 && va[0] && vb[0];
        mt_names_verdict(&run->names, row->verdict, use_short ? va : ta, use_short ? vb : tb, lang,
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
            mt_names_market_region(run, a, sa, sizeof sa);
            mt_names_market_region(run, b, sb, sizeof sb);
            if (strcmp(sa, sb) != 0 && sa[0] && sb[0]) {
                snprintf(ta, sizeof ta, "%s", sa);
                snprintf(tb, sizeof tb, "%s", sb);
                common = 0;
            }
        }
        mt_fig_series ss[2];
        memset(ss, 0, sizeof ss);
        const mt_series *m[2] = {a, b};
        double *band[2][2] = {{NULL, NULL}, {NULL, NULL}};
        for (int k = 0; k < 2; k++) {
            /* each member's fitted trend and its 95% band, indexed with it;
             * as on its own chart: none for a short series (described, not
             * tested), the band clipped at 1.6 times its largest value */
            const mt_series_result *res = &run->results[m[k] - run->data.series];
            if (!res->descriptive_only && res->n_fit > MT_SHORT_SERIES_MAX) {
                if (mt_figseries_band(res, &band[k][0], &band[k][1]) != MT_OK)
                    st = mt_error_set(err, MT_ENOMEM, "out of memory");
                ss[k].n_fit = m[k]->n;
                ss[k].fit_t = m[k]->t;
                ss[k].fit_y = res->fitted;
                ss[k].fit_lo = band[k][0];
                ss[k].fit_hi = band[k][1];
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
            if (!mt_cc_is_divergent(row, p))
                continue;
            /* adjacent periods as one area: two would show a seam */
            if (n_hl > 0 && fabs(hl_to[n_hl - 1] - (a->t[i] - half)) < 1e-9) {
                hl_to[n_hl - 1] = a->t[i] + half;
            } else {
                hl_from[n_hl] = a->t[i] - half;
                hl_to[n_hl++] = a->t[i] + half;
            }
        }
        /* neither member's line is drawn across a definition change of its
         * own (each member's model jumps there) */
        double brk[MT_FIG_ITEMS_MAX];
        size_t n_brk = 0;
        for (int k = 0; k < 2; k++) {
            double b1[MT_FIG_ITEMS_MAX];
            size_t nb = mt_figseries_breaks(&run->results[m[k] - run->data.series], b1, MT_FIG_ITEMS_MAX);
            for (size_t j = 0; j < nb && n_brk < MT_FIG_ITEMS_MAX; j++) {
                int dup = 0;
                for (size_t q = 0; q < n_brk; q++)
                    dup |= fabs(brk[q] - b1[j]) < 1e-6;
                if (!dup)
                    brk[n_brk++] = b1[j];
            }
        }
        mt_fig_spec sp;
        memset(&sp, 0, sizeof sp);
        sp.n_breaks = n_brk;
        sp.break_t = brk;
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
        /* the rule applies to each member's own span (their units differ;
         * indexing keeps each member's ratios) */
        const double *va[1] = {a->value}, *vb[1] = {b->value};
        size_t na[1] = {a->n}, nb[1] = {b->n};
        mt_axis ax = row->axis;
        sp.log_y = mt_figseries_log_axis(ax, va, na, 1) || mt_figseries_log_axis(ax, vb, nb, 1);
        sp.y_from_zero = !sp.log_y;
        sp.index_base = base;
        sp.n_series = 2;
        sp.series = ss;
        sp.size = MT_FIG_REPORT;
        sp.lang = lang;
        if (st == MT_OK)
            st = mt_figure_write(dir, &sp, run->opts.formats, err);
        if (st == MT_OK)
            names[(*n_names)++] = strdup(nm->name);
        for (int k = 0; k < 2; k++) {
            free(band[k][0]);
            free(band[k][1]);
        }
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
            const char *ua = mt_report_series_unit_lang(run, a),
                       *ub = mt_report_series_unit_lang(run, b);
            char sx[512], sy[512];
            mt_names_market_region(run, a, sx, sizeof sx);
            mt_names_market_region(run, b, sy, sizeof sy);
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
