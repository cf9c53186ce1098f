/*
 * figchart.c - the body of a time chart (figchart.h): every margin, the
 * title, key, event band, segment (APC) labels and axes laid out in screen
 * coordinates (figlayout.h), then the plot clauses (figplot.c).
 */
#include "figchart.h"

#include "figaxis.h"
#include "figlayout.h"
#include "figplot.h"
#include "figtheme.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Range of every value drawn on a time chart. */
static void chart_y_range(const mt_fig_spec *s, const double *factor, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        double f = factor != NULL ? factor[k] : 1.0;
        int pos = s->log_y;
        mt_figaxis_value_range(r->y, r->n, f, pos, lo, hi);
        mt_figaxis_value_range(r->lo, r->n, f, pos, lo, hi);
        mt_figaxis_value_range(r->hi, r->n, f, pos, lo, hi);
        mt_figaxis_value_range(r->fit_y, r->n_fit, f, pos, lo, hi);
        mt_figaxis_value_range(r->fit_lo, r->n_fit, f, pos, lo, hi);
        mt_figaxis_value_range(r->fit_hi, r->n_fit, f, pos, lo, hi);
        mt_figaxis_value_range(r->proj_y, r->n_proj, f, pos, lo, hi);
    }
}

/* Key entries of a time chart, as the plot command titles them. */
static size_t key_texts(const mt_fig_spec *s, const char *const *fit_label, const char **texts)
{
    size_t n = 0;
    int any_prov = 0, any_excl = 0, any_anom = 0;
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        if (r->n_fit > 0 && r->fit_lo != NULL && r->fit_hi != NULL && mt_figscript_has_text(r->band_label))
            texts[n++] = r->band_label;
        if (r->n_fit > 0 && mt_figscript_has_text(fit_label[k]))
            texts[n++] = fit_label[k];
        double bars[MT_FIG_ITEMS_MAX][4];
        if (mt_figscript_has_text(r->jp_ci_label) && mt_figplot_jp_bars(r, s->log_y, bars) > 0)
            texts[n++] = r->jp_ci_label;
        if (r->n > 0 && mt_figscript_has_text(r->label))
            texts[n++] = r->label;
        for (size_t i = 0; i < r->n; i++) {
            int fl = r->flag != NULL ? r->flag[i] : MT_FIG_OK;
            if (!isfinite(r->y[i]))
                continue;
            any_prov |= fl == MT_FIG_PROVISIONAL;
            any_excl |= fl == MT_FIG_EXCLUDED;
            any_anom |= r->anomaly != NULL && r->anomaly[i];
        }
        if (r->n_proj > 0 && mt_figscript_has_text(r->proj_label))
            texts[n++] = r->proj_label;
    }
    if (any_prov && mt_figscript_has_text(s->provisional_label))
        texts[n++] = s->provisional_label;
    if (any_excl && mt_figscript_has_text(s->excluded_label))
        texts[n++] = s->excluded_label;
    if (any_anom && mt_figscript_has_text(s->anomaly_label))
        texts[n++] = s->anomaly_label;
    return n;
}

/* Width in px of one key column as gnuplot sizes it: it counts characters
 * (not their shapes) at about 0.62 em each, plus the sample (samplen 1.5)
 * and the gaps around it, about 6 characters in all. */
double mt_figchart_key_width(const char *const *texts, size_t n, double size)
{
    double w = 0;
    for (size_t i = 0; i < n; i++) {
        size_t chars = 0;
        for (const unsigned char *p = (const unsigned char *)texts[i]; *p; p++)
            chars += (*p & 0xC0) != 0x80;
        w = fmax(w, mt_figlayout_text_width(texts[i], size));
        w = fmax(w, 0.62 * size * (double)chars);
    }
    return w + 6 * size;
}

/* Write the data of one chart and its body (settings, labels and plot
 * command) into `body`, laid out inside `area` of the canvas.  compact =
 * dashboard panel: no key, no footnote, smaller type.
 *
 * Layout, top down: title (wrapped to two lines), key rows, the band of
 * event labels, the plot area (segment labels in reserved rows at its top),
 * the x tic labels, the x label, the footnote.  Every margin is fixed in
 * screen coordinates, so the positions computed here are where gnuplot
 * draws. */
void mt_figchart_body(mt_fig_out *o, FILE *body, const mt_fig_spec *s, const double *factor,
                       int compact, const mt_fig_page *ps, mt_fig_box area)
{
    FILE *c = body;
    const double fs = ps->font;                      /* tic labels, key */
    const double title_fs = compact ? fs : fs + 2;
    const double event_fs = fs - 2, seg_fs = compact ? fs - 2 : fs - 1;
    const double foot_fs = fs - 2;
    const double lh = mt_figlayout_line_height(fs);

    /* x range from every time on the chart; step = smallest spacing. */
    double tmin = INFINITY, tmax = -INFINITY, step = INFINITY;
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        for (size_t i = 0; i < r->n; i++) {
            tmin = fmin(tmin, r->t[i]);
            tmax = fmax(tmax, r->t[i]);
            if (i > 0)
                step = fmin(step, r->t[i] - r->t[i - 1]);
        }
        for (size_t i = 0; i < r->n_fit; i++) {
            tmin = fmin(tmin, r->fit_t[i]);
            tmax = fmax(tmax, r->fit_t[i]);
        }
        for (size_t i = 0; i < r->n_proj; i++)
            tmax = fmax(tmax, r->proj_t[i]);
    }
    if (!isfinite(step) || step <= 0)
        step = 1;
    if (!isfinite(tmin)) {
        tmin = 0;
        tmax = 1;
    }
    double x0 = tmin - step / 2, x1 = tmax + step / 2;

    /* y tics: first with a guessed headroom, to size the left margin. */
    double ylo, yhi;
    chart_y_range(s, factor, &ylo, &yhi);
    double guess_h = (area.y1 - area.y0) * 0.65;
    int max_tics = (int)fmin(8, fmax(3, guess_h / (2.4 * lh)));
    mt_fig_tics yt;
    if (s->log_y)
        mt_figaxis_log(ylo, yhi, 0.05, 0.25, s->lang, max_tics, &yt);
    else
        mt_figaxis_linear(ylo, yhi, 0.25, s->y_from_zero, s->lang, max_tics, &yt);
    int has_ylabel = mt_figscript_has_text(s->ylabel);
    double left = area.x0 + 6 + (has_ylabel ? 2.0 * fs : 0) + mt_figaxis_width(&yt, fs) * 1.25 + 10;
    /* room right of the plot for half a year label centred on its end (a
     * panel in the last column would otherwise cut "2025" at the page edge) */
    double right = area.x1 - fmax(compact ? 10 : 16, mt_figlayout_text_width("2000", fs) / 2 + 2);
    double pw = right - left;
#define X_PX(t) (left + ((t) - x0) / (x1 - x0) * pw)

    /* Segment labels: centred on their segment, in the first of the rows
     * at the top of the plot where they meet no other; else the short form
     * (the number without "APC"); else moved into the key (charts) or
     * left out (panels: the series' own chart has them). */
    const char *fit_label[MT_FIG_ITEMS_MAX];
    char *fit_buf[MT_FIG_ITEMS_MAX];
    typedef struct {
        const char *text;
        double x;
        int row, ls;
    } seg_place;
    seg_place seg[4 * MT_FIG_ITEMS_MAX];
    size_t n_seg = 0;
    mt_figlayout_rows seg_rows;
    memset(&seg_rows, 0, sizeof seg_rows);
    const int seg_rows_max = compact ? 2 : 3;
    int seg_rows_used = 0;
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        fit_label[k] = r->fit_label;
        fit_buf[k] = NULL;
        if (r->n_jp == 0 || r->segment_label == NULL)
            continue;
        mt_figlayout_rows trial = seg_rows;
        size_t n_try = n_seg;
        int fits = 1;
        for (size_t j = 0; j <= r->n_jp && fits; j++) {
            const char *text = r->segment_label[j];
            if (!mt_figscript_has_text(text))
                continue;
            double a = X_PX(j == 0 ? x0 : fmax(x0, r->jp_t[j - 1]));
            double b = X_PX(j == r->n_jp ? x1 : fmin(x1, r->jp_t[j]));
            int placed = -1;
            double cx = 0;
            for (int form = 0; form < 2 && placed < 0; form++) {
                if (form == 1) { /* short form: the last word ("+7.1%") */
                    const char *sp = strrchr(text, ' ');
                    if (sp == NULL)
                        break;
                    text = sp + 1;
                }
                double w = mt_figlayout_text_width(text, seg_fs) + 2;
                cx = fmin(fmax((a + b) / 2, left + w / 2 + 1), right - w / 2 - 1);
                placed = mt_figlayout_place(&trial, cx - w / 2, cx + w / 2, 4, seg_rows_max);
            }
            if (placed < 0 || n_try >= sizeof seg / sizeof seg[0]) {
                fits = 0;
                break;
            }
            seg[n_try++] = (seg_place){text, cx, placed, mt_figtheme_series_style(r)};
        }
        if (fits) {
            seg_rows = trial;
            n_seg = n_try;
            continue;
        }
        if (compact)
            continue;
        /* into the key: "joinpoint trend (APC +55.4% | +0.1% | +26.3%)" */
        size_t len = (mt_figscript_has_text(r->fit_label) ? strlen(r->fit_label) : 0) + 8;
        for (size_t j = 0; j <= r->n_jp; j++)
            len += mt_figscript_has_text(r->segment_label[j]) ? strlen(r->segment_label[j]) + 3 : 0;
        if ((fit_buf[k] = malloc(len)) == NULL)
            continue;
        size_t at = (size_t)snprintf(fit_buf[k], len, "%s (", mt_figscript_has_text(r->fit_label) ? r->fit_label : "");
        for (size_t j = 0, m = 0; j <= r->n_jp; j++) {
            if (!mt_figscript_has_text(r->segment_label[j]))
                continue;
            const char *t = r->segment_label[j];
            if (m > 0) {
                const char *sp = strrchr(t, ' ');
                t = sp != NULL ? sp + 1 : t;
            }
            at += (size_t)snprintf(fit_buf[k] + at, len - at, "%s%s", m++ ? " | " : "", t);
        }
        snprintf(fit_buf[k] + at, len - at, ")");
        fit_label[k] = fit_buf[k];
    }
    for (size_t i = 0; i < n_seg; i++)
        seg_rows_used = seg[i].row + 1 > seg_rows_used ? seg[i].row + 1 : seg_rows_used;

    /* Title: wrapped at word boundaries to two lines. */
    char tlines[2][MT_FL_LINE_MAX];
    int n_title = mt_figlayout_wrap(s->title, area.x1 - area.x0 - 12, title_fs, 2, tlines);

    /* Key rows (charts only): columns of equal width, as gnuplot sets them. */
    const char *ktexts[5 * MT_FIG_ITEMS_MAX + 4];
    size_t nk = compact ? 0 : key_texts(s, fit_label, ktexts);
    int key_cols = 0, key_rows = 0;
    if (nk > 0) {
        double colw = mt_figchart_key_width(ktexts, nk, fs);
        key_cols = (int)fmax(1, floor(pw / colw));
        if ((size_t)key_cols > nk)
            key_cols = (int)nk;
        key_rows = (int)((nk + (size_t)key_cols - 1) / (size_t)key_cols);
    }

    /* Events: one line each; a definition change is drawn once, as the
     * break line half a period before the new definition's first period. */
    double ev_x[MT_FIG_ITEMS_MAX];
    int ev_line[MT_FIG_ITEMS_MAX];
    for (size_t i = 0; i < s->n_events; i++) {
        ev_x[i] = s->event_t[i];
        ev_line[i] = 1;
        for (size_t b = 0; b < s->n_breaks; b++)
            if (s->event_t[i] > s->break_t[b] - step - 1e-9 && s->event_t[i] < s->break_t[b] + 1e-9) {
                ev_x[i] = s->break_t[b] - step / 2;
                ev_line[i] = 0;
            }
    }
    /* Event labels in a band above the plot: the text starts just right of
     * its line (or ends just left of it near the right edge), in the first
     * free row counted from the plot upwards; what fits nowhere becomes a number with the text in the
     * footnote (charts) or is left out (panels). */
    const int ev_rows_max = compact ? 1 : 2;
    mt_figlayout_rows ev_rows;
    memset(&ev_rows, 0, sizeof ev_rows);
    int ev_row[MT_FIG_ITEMS_MAX], ev_rows_used = 0, n_ref = 0;
    double ev_lx[MT_FIG_ITEMS_MAX];
    const char *ev_just[MT_FIG_ITEMS_MAX];
    char ev_ref[MT_FIG_ITEMS_MAX][16];
    char foot_extra[2048] = "";
    size_t fe = 0;
    for (size_t i = 0; i < s->n_events; i++) {
        ev_row[i] = -1;
        ev_ref[i][0] = '\0';
        const char *text = s->event_label != NULL ? s->event_label[i] : NULL;
        if (!mt_figscript_has_text(text) || ev_x[i] < x0 || ev_x[i] > x1)
            continue;
        double ex = X_PX(ev_x[i]);
        for (int form = 0; form < 2 && ev_row[i] < 0; form++) {
            /* a number may take one more row than the texts: it must show,
             * as the footnote refers to it */
            int rows = ev_rows_max;
            if (form == 1) {
                if (compact)
                    break;
                snprintf(ev_ref[i], sizeof ev_ref[i], "(%d)", n_ref + 1);
                text = ev_ref[i];
                rows++;
            }
            double w = mt_figlayout_text_width(text, event_fs);
            if (ex + 2 + w <= area.x1 - 2) {
                ev_lx[i] = ex + 2;
                ev_just[i] = "left";
                ev_row[i] = mt_figlayout_place(&ev_rows, ex, ex + 2 + w, 4, rows);
            } else if (ex - 2 - w >= area.x0 + 2) {
                ev_lx[i] = ex - 2;
                ev_just[i] = "right";
                ev_row[i] = mt_figlayout_place(&ev_rows, ex - 2 - w, ex, 4, rows);
            }
            if (form == 1 && ev_row[i] >= 0 && fe < sizeof foot_extra) {
                n_ref++;
                fe += (size_t)snprintf(foot_extra + fe, sizeof foot_extra - fe, " (%d) %s.",
                                       n_ref, s->event_label[i]);
            }
        }
        if (ev_row[i] < 0)
            ev_ref[i][0] = '\0';
        if (ev_row[i] >= 0)
            ev_rows_used = ev_row[i] + 1 > ev_rows_used ? ev_row[i] + 1 : ev_rows_used;
    }

    /* Footnote (charts): the caller's text and the event references. */
    char flines[3][MT_FL_LINE_MAX];
    int n_foot = 0;
    if (!compact) {
        size_t fl = (s->footnote ? strlen(s->footnote) : 0) + strlen(foot_extra) + 1;
        char *ft = malloc(fl);
        if (ft != NULL) {
            snprintf(ft, fl, "%s%s", s->footnote ? s->footnote : "", foot_extra);
            n_foot = mt_figlayout_wrap(ft, area.x1 - area.x0 - 14, foot_fs, 3, flines);
            free(ft);
        }
    }

    /* Vertical stacking. */
    const double title_lh = mt_figlayout_line_height(title_fs);
    const double ev_lh = mt_figlayout_line_height(event_fs);
    const double foot_lh = mt_figlayout_line_height(foot_fs) * 1.1;
    double y = area.y1 - (compact ? 2 : 6);
    for (int i = 0; i < n_title; i++) {
        mt_figscript_label(c, tlines[i], (area.x0 + area.x1) / 2, y - title_lh / 2, ps, "center",
                 title_fs, "#000000");
        y -= title_lh;
    }
    double key_top = y - 2;
    y -= key_rows * lh * 1.1 + (key_rows ? 4 : 0);
    y -= ev_rows_used * ev_lh + (ev_rows_used ? 3 : 0);
    double top = y - (compact ? 3 : 4);
    double bottom = area.y0 + (compact ? 4 : 8) + n_foot * foot_lh;
    if (mt_figscript_has_text(s->xlabel))
        bottom += 1.5 * fs;
    bottom += lh + 6; /* x tic labels and tic marks */
    if (top - bottom < 40) /* never happens with the page sizes of figure.h */
        top = bottom + 40;
    double ph = top - bottom;

    /* y tics again, now that the height and the rows of segment labels are
     * known: the headroom above the data keeps those rows free. */
    double seg_lh = mt_figlayout_line_height(seg_fs);
    double hf = (seg_rows_used * seg_lh + (seg_rows_used ? 4 : 0)) / ph;
    double headroom = hf / (1 - hf) + 0.04;
    max_tics = (int)fmin(8, fmax(3, ph / (2.4 * lh)));
    if (s->log_y)
        mt_figaxis_log(ylo, yhi, 0.05, headroom, s->lang, max_tics, &yt);
    else
        mt_figaxis_linear(ylo, yhi, headroom, s->y_from_zero, s->lang, max_tics, &yt);

    fprintf(c, "unset title\nset lmargin at screen %.4f\nset rmargin at screen %.4f\n"
               "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
            left / ps->svg_w, right / ps->svg_w, top / ps->svg_h, bottom / ps->svg_h);
    if (mt_figscript_has_text(s->xlabel)) {
        fputs("set xlabel ", c);
        mt_plot_write_quoted(c, s->xlabel);
        fputc('\n', c);
    } else {
        fputs("unset xlabel\n", c);
    }
    if (has_ylabel) {
        fputs("set ylabel ", c);
        mt_plot_write_quoted(c, s->ylabel);
        fputc('\n', c);
    } else {
        fputs("unset ylabel\n", c);
    }
    /* x tics: integer years, as many as fit (a label of 4 digits and a gap) */
    int max_years = (int)fmax(2, fmin(12, pw / (mt_figlayout_text_width("2000", fs) + 8)));
    double ystep = mt_figaxis_year_step(x1 - x0, max_years);
    fputs("set xrange [", c);
    mt_figscript_num(c, x0);
    fputc(':', c);
    mt_figscript_num(c, x1);
    fputs("]\nset xtics ", c);
    mt_figscript_num(c, ceil(x0 / ystep) * ystep);
    fputs(", ", c);
    mt_figscript_num(c, ystep);
    fputs("\nunset mxtics\n", c);
    /* A log axis is fitted to the data (autoscaling would extend it to
     * whole decades and leave most of the chart empty). */
    fputs(s->log_y ? "set logscale y\n" : "unset logscale y\n", c);
    fputs("set offsets 0, 0, 0, 0\n", c);
    mt_figaxis_write(c, 'y', &yt);

    if (nk == 0) {
        fputs("unset key\n", c);
    } else {
        /* The key sits between title and plot, so it never covers data. */
        fprintf(c, "set key at screen %.4f, screen %.4f center top horizontal maxcols %d "
                   "noopaque nobox\n", (area.x0 + area.x1) / 2 / ps->svg_w, key_top / ps->svg_h,
                key_cols);
    }
    for (int i = 0; i < n_foot; i++)
        mt_figscript_label(c, flines[i], area.x0 + 8, area.y0 + 6 + (n_foot - 1 - i) * foot_lh + foot_lh / 2,
                 ps, "left", foot_fs, "#555555");

    for (size_t i = 0; i < s->n_highlights; i++) {
        fputs("set object rect from ", c);
        mt_figscript_num(c, s->hl_from[i]);
        fputs(", graph 0 to ", c);
        mt_figscript_num(c, s->hl_to[i]);
        fputs(", graph 1 behind fillcolor rgb mt_col_highlight fillstyle solid 0.35 noborder\n", c);
    }
    for (size_t i = 0; i < s->n_breaks; i++) {
        double bx = s->break_t[i] - step / 2;
        fputs("set arrow from ", c);
        mt_figscript_num(c, bx);
        fputs(", graph 0 to ", c);
        mt_figscript_num(c, bx);
        fputs(", graph 1 nohead ls 22 back\n", c);
    }
    for (size_t i = 0; i < s->n_events; i++) {
        if (ev_line[i]) {
            fputs("set arrow from ", c);
            mt_figscript_num(c, ev_x[i]);
            fputs(", graph 0 to ", c);
            mt_figscript_num(c, ev_x[i]);
            fputs(", graph 1 nohead ls 21 back\n", c);
        }
        if (ev_row[i] >= 0) {
            const char *text = ev_ref[i][0] ? ev_ref[i] : s->event_label[i];
            mt_figscript_label(c, text, ev_lx[i], top + 3 + (ev_row[i] + 0.5) * ev_lh, ps, ev_just[i],
                     event_fs, "#555555");
        }
    }
    double seg_top = 1 - (seg_rows_used * seg_lh + (seg_rows_used ? 2 : 0)) / ph;
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        for (size_t j = 0; j < r->n_jp; j++) {
            fputs("set arrow from ", c);
            mt_figscript_num(c, r->jp_t[j]);
            fputs(", graph 0 to ", c);
            mt_figscript_num(c, r->jp_t[j]);
            fprintf(c, ", graph %.3f nohead ls 23 back\n", seg_top);
        }
    }
    for (size_t i = 0; i < n_seg; i++) {
        /* in the colour of the series the label belongs to */
        mt_figscript_label(c, seg[i].text, seg[i].x, top - 2 - (seg[i].row + 0.5) * seg_lh, ps, "center",
                 seg_fs, mt_figtheme_colour[seg[i].ls]);
    }
#undef X_PX

    mt_figplot_clauses(o, c, s, factor, fit_label);
    for (size_t k = 0; k < s->n_series; k++)
        free(fit_buf[k]);
}
