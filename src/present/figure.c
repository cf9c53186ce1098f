/*
 * figure.c - the figure generator's entry points (figure.h): checks a
 * description, writes a time chart, a scatter chart or a dashboard page of
 * small time charts as a gnuplot script and data file (figscript.c,
 * figchart.c), and renders written figures through plot.c.
 */
#include "monitrend/figure.h"
#include "monitrend/plot.h"

#include "figaxis.h"
#include "figchart.h"
#include "figlayout.h"
#include "figscript.h"
#include "figtheme.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Validation                                                          */
/* ------------------------------------------------------------------ */

static mt_status check_increasing(const double *t, size_t n, const char *what, size_t si,
                                  mt_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]))
            return mt_error_set(err, MT_EINVAL, "figure: series %zu: %s[%zu] is not finite",
                                si, what, i);
        if (i > 0 && !(t[i] > t[i - 1]))
            return mt_error_set(err, MT_EINVAL,
                                "figure: series %zu: %s must increase (%s[%zu] <= %s[%zu])",
                                si, what, what, i, what, i - 1);
    }
    return MT_OK;
}

static mt_status validate_chart(const mt_fig_spec *s, int need_name, mt_error *err)
{
    if (s == NULL)
        return mt_error_set(err, MT_EINVAL, "figure: no description");
    if (need_name && mt_figscript_check_name(s->name, err) != MT_OK)
        return MT_EINVAL;
    if (s->n_series > MT_FIG_ITEMS_MAX || s->n_breaks > MT_FIG_ITEMS_MAX ||
        s->n_events > MT_FIG_ITEMS_MAX || s->n_highlights > MT_FIG_ITEMS_MAX)
        return mt_error_set(err, MT_ELIMIT, "figure %s: more than %d series, breaks, events "
                            "or highlights", s->name ? s->name : "", MT_FIG_ITEMS_MAX);
    if ((s->n_series > 0 && s->series == NULL) || (s->n_breaks > 0 && s->break_t == NULL) ||
        (s->n_events > 0 && s->event_t == NULL) ||
        (s->n_highlights > 0 && (s->hl_from == NULL || s->hl_to == NULL)))
        return mt_error_set(err, MT_EINVAL, "figure: an array is NULL but its count is not 0");
    if (s->n_series == 0)
        return mt_error_set(err, MT_EINVAL, "figure: no series to draw");
    for (size_t i = 0; i < s->n_breaks; i++)
        if (!isfinite(s->break_t[i]))
            return mt_error_set(err, MT_EINVAL, "figure: break_t[%zu] is not finite", i);
    for (size_t i = 0; i < s->n_events; i++)
        if (!isfinite(s->event_t[i]))
            return mt_error_set(err, MT_EINVAL, "figure: event_t[%zu] is not finite", i);
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        if ((r->n > 0 && (r->t == NULL || r->y == NULL)) ||
            (r->n_fit > 0 && (r->fit_t == NULL || r->fit_y == NULL)) ||
            (r->n_jp > 0 && r->jp_t == NULL))
            return mt_error_set(err, MT_EINVAL,
                                "figure: series %zu: an array is NULL but its count is not 0", k);
        if (r->n_jp > MT_FIG_ITEMS_MAX)
            return mt_error_set(err, MT_ELIMIT, "figure: series %zu: more than %d joinpoints",
                                k, MT_FIG_ITEMS_MAX);
        if (r->n == 0 && r->n_fit == 0)
            return mt_error_set(err, MT_EINVAL, "figure: series %zu has no points and no fit", k);
        mt_status st = check_increasing(r->t, r->n, "t", k, err);
        if (st == MT_OK)
            st = check_increasing(r->fit_t, r->n_fit, "fit_t", k, err);
        if (st == MT_OK)
            st = check_increasing(r->jp_t, r->n_jp, "jp_t", k, err);
        if (st != MT_OK)
            return st;
    }
    return MT_OK;
}

/* Factor that indexes series r to 100 at time base: observed value there,
 * else the fitted value there.  0 when neither is finite and positive. */
static double index_factor(const mt_fig_series *r, double base)
{
    for (size_t i = 0; i < r->n; i++)
        if (fabs(r->t[i] - base) < 1e-9 && isfinite(r->y[i]) && r->y[i] != 0)
            return 100.0 / r->y[i];
    for (size_t i = 0; i < r->n_fit; i++)
        if (fabs(r->fit_t[i] - base) < 1e-9 && isfinite(r->fit_y[i]) && r->fit_y[i] != 0)
            return 100.0 / r->fit_y[i];
    return 0;
}

static mt_status chart_factors(const mt_fig_spec *s, double *factor, mt_error *err)
{
    for (size_t k = 0; k < s->n_series; k++) {
        factor[k] = 1.0;
        if (isfinite(s->index_base)) {
            factor[k] = index_factor(&s->series[k], s->index_base);
            if (factor[k] == 0)
                return mt_error_set(err, MT_EINVAL,
                                    "figure %s: series %zu has no finite non-zero value at the "
                                    "index base period", s->name ? s->name : "", k);
        }
    }
    return MT_OK;
}

mt_status mt_figure_write(const char *dir, const mt_fig_spec *spec, unsigned formats,
                          mt_error *err)
{
    if (dir == NULL)
        return mt_error_set(err, MT_EINVAL, "figure: no folder");
    mt_status st = validate_chart(spec, 1, err);
    if (st != MT_OK)
        return st;
    double factor[MT_FIG_ITEMS_MAX];
    if ((st = chart_factors(spec, factor, err)) != MT_OK)
        return st;
    if ((st = mt_figure_write_theme(dir, err)) != MT_OK)
        return st;
    mt_fig_files ff;
    if ((st = mt_figscript_open(&ff, dir, spec->name, err)) != MT_OK)
        return st;
    const mt_fig_page *ps = spec->size == MT_FIG_SLIDE ? &mt_fig_page_slide : &mt_fig_page_report;
    mt_figchart_body(&ff.o, ff.bodyf, spec, factor, 0, ps, (mt_fig_box){0, 0, ps->svg_w, ps->svg_h});
    return mt_figscript_finish(&ff, spec->name, mt_figscript_formats(formats), ps, err);
}

/* Position in px of value v on an axis from a (at r0) to b (at r1). */
static double axis_px(double v, double r0, double r1, int log_axis, double a, double b)
{
    double u = log_axis ? (log(v) - log(r0)) / (log(r1) - log(r0)) : (v - r0) / (r1 - r0);
    return a + u * (b - a);
}

/* Which points of a scatter get their year label: each label sits right of
 * and above its point (offset char 0.6,0.5 in the plot command); one that
 * would overlap a label already kept, or leave the canvas, is left out.
 * The disagreeing (highlighted) periods are labelled first, then the
 * others in order.  The ranges are the axes' fixed ranges. */
static void scatter_labels(const mt_fig_scatter *s, const mt_fig_tics *xt, const mt_fig_tics *yt,
                           const mt_fig_box *plot, double W, double font, unsigned char *keep)
{
    const double lfs = font - 3, dx = 0.6 * 0.6 * font, dy = 0.5 * 1.2 * font, h = 1.2 * lfs;
    double (*box)[4] = malloc((s->n ? s->n : 1) * sizeof *box);
    size_t nb = 0;
    if (box == NULL)
        return; /* no labels rather than overlapping ones */
    for (int pass = 1; pass >= 0; pass--)
        for (size_t i = 0; i < s->n; i++) {
            int hl = s->highlight != NULL && s->highlight[i];
            if (hl != pass || !isfinite(s->x[i]) || !isfinite(s->y[i]) || !isfinite(s->t[i]) ||
                (s->log_xy && (!(s->x[i] > 0) || !(s->y[i] > 0))))
                continue;
            char text[32];
            snprintf(text, sizeof text, "%.0f", floor(s->t[i]));
            double x0 = axis_px(s->x[i], xt->r0, xt->r1, s->log_xy, plot->x0, plot->x1) + dx;
            double yc = axis_px(s->y[i], yt->r0, yt->r1, s->log_xy, plot->y0, plot->y1) + dy;
            double b[4] = {x0, yc - h / 2, x0 + mt_figlayout_text_width(text, lfs), yc + h / 2};
            int clash = b[2] > W;
            for (size_t k = 0; k < nb && !clash; k++)
                clash = b[0] < box[k][2] + 1 && box[k][0] < b[2] + 1 && b[1] < box[k][3] + 1 &&
                        box[k][1] < b[3] + 1;
            if (clash)
                continue;
            memcpy(box[nb++], b, sizeof b);
            keep[i] = 1;
        }
    free(box);
}

mt_status mt_figure_write_scatter(const char *dir, const mt_fig_scatter *s, unsigned formats,
                                  mt_error *err)
{
    if (dir == NULL || s == NULL)
        return mt_error_set(err, MT_EINVAL, "figure: no folder or description");
    if (mt_figscript_check_name(s->name, err) != MT_OK)
        return MT_EINVAL;
    if (s->n == 0 || s->x == NULL || s->y == NULL)
        return mt_error_set(err, MT_EINVAL, "figure %s: scatter has no points", s->name);
    mt_status st = mt_figure_write_theme(dir, err);
    if (st != MT_OK)
        return st;
    mt_fig_files ff;
    if ((st = mt_figscript_open(&ff, dir, s->name, err)) != MT_OK)
        return st;
    const mt_fig_page *ps = s->size == MT_FIG_SLIDE ? &mt_fig_page_slide : &mt_fig_page_report;
    FILE *c = ff.bodyf;
    mt_fig_out *o = &ff.o;
    int ls = mt_figure_market_style(s->market);

    /* Same layout rules as a time chart: wrapped title, key under it,
     * every margin fixed, footnote at the bottom. */
    const double fs = ps->font, W = ps->svg_w, H = ps->svg_h;
    const double lh = mt_figlayout_line_height(fs), title_fs = fs + 2, foot_fs = fs - 2;
    double xl = INFINITY, xh = -INFINITY, yl = INFINITY, yh = -INFINITY;
    mt_figaxis_value_range(s->x, s->n, 1, s->log_xy, &xl, &xh);
    mt_figaxis_value_range(s->y, s->n, 1, s->log_xy, &yl, &yh);
    mt_fig_tics xt, yt;
    int max_x = (int)fmax(3, fmin(8, (W * 0.8) / (6 * 0.64 * fs + 10)));
    int max_y = (int)fmax(3, fmin(8, (H * 0.55) / (2.4 * lh)));
    if (s->log_xy) {
        mt_figaxis_log(xl, xh, 0.06, 0.1, s->lang, max_x, &xt);
        mt_figaxis_log(yl, yh, 0.08, 0.08, s->lang, max_y, &yt);
    } else {
        mt_figaxis_linear(xl, xh, 0.08, 0, s->lang, max_x, &xt);
        mt_figaxis_linear(yl, yh, 0.08, 0, s->lang, max_y, &yt);
    }
    char tlines[2][MT_FL_LINE_MAX], flines[3][MT_FL_LINE_MAX];
    int n_title = mt_figlayout_wrap(s->title, W - 12, title_fs, 2, tlines);
    int n_foot = mt_figlayout_wrap(s->footnote, W - 14, foot_fs, 3, flines);
    const char *kt[2];
    size_t nk = 0;
    int any_hl = 0;
    for (size_t i = 0; i < s->n; i++)
        any_hl |= s->highlight != NULL && s->highlight[i] && isfinite(s->x[i]) && isfinite(s->y[i]);
    if (any_hl && mt_figscript_has_text(s->highlight_label))
        kt[nk++] = s->highlight_label;
    if (isfinite(s->a) && isfinite(s->b) && mt_figscript_has_text(s->fit_label))
        kt[nk++] = s->fit_label;
    double y = H - 6, title_lh = mt_figlayout_line_height(title_fs);
    for (int i = 0; i < n_title; i++) {
        mt_figscript_label(c, tlines[i], W / 2, y - title_lh / 2, ps, "center", title_fs, "#000000");
        y -= title_lh;
    }
    int key_cols = 0, key_rows = 0;
    if (nk > 0) {
        double colw = mt_figchart_key_width(kt, nk, fs);
        key_cols = (int)fmax(1, fmin((double)nk, floor(W * 0.8 / colw)));
        key_rows = (int)((nk + (size_t)key_cols - 1) / (size_t)key_cols);
        fprintf(c, "set key at screen 0.5, screen %.4f center top horizontal maxcols %d "
                   "noopaque nobox\n", (y - 2) / H, key_cols);
    } else {
        fputs("unset key\n", c);
    }
    y -= key_rows * lh * 1.1 + (key_rows ? 4 : 0);
    double top = y - 6, foot_lh = mt_figlayout_line_height(foot_fs) * 1.1;
    double bottom = 8 + n_foot * foot_lh + 1.5 * fs + lh + 6;
    double left = 6 + 1.6 * fs + mt_figaxis_width(&yt, fs) * 1.15 + 8;
    double right = W - 10 - mt_figaxis_width(&xt, fs) / 2;
    fprintf(c, "unset title\nset lmargin at screen %.4f\nset rmargin at screen %.4f\n"
               "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
            left / W, right / W, top / H, bottom / H);
    for (int i = 0; i < n_foot; i++)
        mt_figscript_label(c, flines[i], 8, 6 + (n_foot - 1 - i) * foot_lh + foot_lh / 2, ps, "left",
                 foot_fs, "#555555");
    fputs("set xlabel ", c);
    mt_plot_write_quoted(c, s->xlabel);
    fputs("\nset ylabel ", c);
    mt_plot_write_quoted(c, s->ylabel);
    fputs("\nset grid xtics ls 20\n", c);
    if (s->log_xy)
        fputs("set logscale xy\n", c);
    else
        fputs("unset logscale\n", c);
    fputs("set offsets 0, 0, 0, 0\n", c);
    mt_figaxis_write(c, 'x', &xt);
    mt_figaxis_write(c, 'y', &yt);
    unsigned char *keep = calloc(s->n ? s->n : 1, 1);
    if (keep == NULL) {
        mt_figscript_discard(&ff);
        return mt_error_set(err, MT_ENOMEM, "figure %s: out of memory", s->name);
    }
    if (s->t != NULL)
        scatter_labels(s, &xt, &yt, &(mt_fig_box){left, bottom, right, top}, W, fs, keep);
    int first = 1;
    fputs("plot \\\n     ", c);
    for (int kind = 0; kind < 2; kind++) {
        int b = mt_figscript_block_begin(o);
        for (size_t i = 0; i < s->n; i++) {
            int hl = s->highlight != NULL && s->highlight[i];
            if (hl != kind || !isfinite(s->x[i]) || !isfinite(s->y[i]))
                continue;
            double v[2] = {s->x[i], s->y[i]};
            mt_figscript_row(o, v, 2);
        }
        if ((b = mt_figscript_block_end(o, b)) < 0)
            continue;
        mt_figscript_clause(c, &first);
        mt_plot_write_quoted(c, o->dat_name);
        if (kind == 0) {
            fprintf(c, " index %d using 1:2 with points ls %d", b, ls);
            mt_figscript_title(c, NULL);
        } else {
            fprintf(c, " index %d using 1:2 with points pt 6 ps 2.0 lw 1.5 lc rgb '#000000'", b);
            mt_figscript_title(c, s->highlight_label);
        }
    }
    /* the year labels that fit (scatter_labels) */
    int lb = mt_figscript_block_begin(o);
    for (size_t i = 0; i < s->n && s->t != NULL; i++)
        if (keep[i]) {
            double v[3] = {s->x[i], s->y[i], s->t[i]};
            mt_figscript_row(o, v, 3);
        }
    if ((lb = mt_figscript_block_end(o, lb)) >= 0) {
        mt_figscript_clause(c, &first);
        mt_plot_write_quoted(c, o->dat_name);
        fprintf(c, " index %d using 1:2:(sprintf('%%.0f', floor($3))) with labels "
                   "offset char 0.6,0.5 left font ',%d' textcolor rgb '#555555' notitle",
                lb, ps->font - 3);
    }
    free(keep);
    if (isfinite(s->a) && isfinite(s->b)) {
        mt_figscript_clause(c, &first);
        fputs(s->log_xy ? "exp(" : "(", c);
        mt_figscript_num(c, s->a);
        fputs(" + ", c);
        mt_figscript_num(c, s->b);
        fputs(s->log_xy ? " * log(x))" : " * x)", c);
        fprintf(c, " with lines ls %d lw 2", ls);
        mt_figscript_title(c, s->fit_label);
    }
    if (first) /* every point missing: an empty chart with a fixed range */
        fputs(s->log_xy ? "[1:10] [1:10] NaN notitle" : "[0:1] [0:1] NaN notitle", c);
    fputc('\n', c);
    return mt_figscript_finish(&ff, s->name, mt_figscript_formats(formats), ps, err);
}

int mt_figure_panel_title_fits(const char *title, size_t cols)
{
    if (title == NULL || cols == 0)
        return 0;
    /* as mt_figchart_body lays out a compact panel's title: the panel's
     * width less 12 px, in the page's base font, at most two lines (a third
     * line would be cut with "…") */
    char lines[3][MT_FL_LINE_MAX];
    double width = mt_fig_page_dash.svg_w / (double)cols - 12;
    return mt_figlayout_wrap(title, width, mt_fig_page_dash.font, 3, lines) <= 2;
}

mt_status mt_figure_write_dashboard(const char *dir, const mt_fig_dashboard *d, unsigned formats,
                                    mt_error *err)
{
    if (dir == NULL || d == NULL)
        return mt_error_set(err, MT_EINVAL, "figure: no folder or description");
    if (mt_figscript_check_name(d->name, err) != MT_OK)
        return MT_EINVAL;
    if (d->n_panels == 0 || d->panels == NULL)
        return mt_error_set(err, MT_EINVAL, "figure %s: dashboard has no panels", d->name);
    if (d->n_panels > MT_FIG_ITEMS_MAX)
        return mt_error_set(err, MT_ELIMIT, "figure %s: more than %d panels", d->name,
                            MT_FIG_ITEMS_MAX);
    mt_status st;
    for (size_t p = 0; p < d->n_panels; p++)
        if ((st = validate_chart(&d->panels[p], 0, err)) != MT_OK)
            return st;
    if ((st = mt_figure_write_theme(dir, err)) != MT_OK)
        return st;
    mt_fig_files ff;
    if ((st = mt_figscript_open(&ff, dir, d->name, err)) != MT_OK)
        return st;
    /* Every panel has the same height on every page (a quarter of the A4
     * body); the page is as tall as its rows of panels, so a page never
     * ends in empty rows and two panels are never stretched to a page. */
    mt_fig_page dps = mt_fig_page_dash;
    const mt_fig_page *ps = &dps;
    size_t cols = d->cols == 0 ? 2 : d->cols;
    if (cols > d->n_panels)
        cols = d->n_panels;
    size_t rows = (d->n_panels + cols - 1) / cols;
    const double W = mt_fig_page_dash.svg_w, fs = mt_fig_page_dash.font, page_fs = fs + 3, foot_fs = fs - 2;
    const double panel_h = (mt_fig_page_dash.svg_h - 90) / 4.0;
    char tlines[2][MT_FL_LINE_MAX], flines[3][MT_FL_LINE_MAX];
    int n_title = mt_figlayout_wrap(d->title, W - 16, page_fs, 2, tlines);
    int n_foot = mt_figlayout_wrap(d->footnote, W - 14, foot_fs, 3, flines);
    double title_lh = mt_figlayout_line_height(page_fs), foot_lh = mt_figlayout_line_height(foot_fs) * 1.1;
    double head = 8 + n_title * title_lh + 6, foot = 8 + n_foot * foot_lh + 4;
    double H = ceil(head + rows * panel_h + foot);
    dps.svg_h = (int)H;
    dps.png_h = (int)lround(H * mt_fig_page_dash.png_w / mt_fig_page_dash.svg_w);
    char pdf_size[32];
    snprintf(pdf_size, sizeof pdf_size, "17cm,%.1fcm", 17.0 * H / W);
    dps.pdf = pdf_size;
    FILE *c = ff.bodyf;
    /* Page title and footnote go with the first panel (screen coordinates
     * address the whole page in a multiplot). */
    fputs("set multiplot\n", c);
    double pw = W / (double)cols;
    for (size_t p = 0; p < d->n_panels; p++) {
        const mt_fig_spec *sp = &d->panels[p];
        double factor[MT_FIG_ITEMS_MAX];
        if ((st = chart_factors(sp, factor, err)) != MT_OK) {
            mt_figscript_discard(&ff);
            return st;
        }
        fputs("unset label\nunset arrow\nunset object\n", c);
        if (p == 0) {
            for (int i = 0; i < n_title; i++)
                mt_figscript_label(c, tlines[i], W / 2, H - 8 - (i + 0.5) * title_lh, ps, "center", page_fs,
                         "#000000");
            for (int i = 0; i < n_foot; i++)
                mt_figscript_label(c, flines[i], 8, 6 + (n_foot - 1 - i) * foot_lh + foot_lh / 2, ps, "left",
                         foot_fs, "#555555");
        }
        size_t r = p / cols, col = p % cols;
        double y1 = H - head - (double)r * panel_h;
        mt_figchart_body(&ff.o, c, sp, factor, 1, ps,
                   (mt_fig_box){col * pw, y1 - panel_h, (col + 1) * pw, y1});
    }
    fputs("unset multiplot\n", c);
    return mt_figscript_finish(&ff, d->name, mt_figscript_formats(formats), ps, err);
}

mt_status mt_figure_render(const char *dir, const char *const *names, size_t n,
                           unsigned formats, const char *gnuplot, mt_error *err)
{
    mt_plot_config cfg = {gnuplot, 1, MT_PLOT_TIMEOUT_DEFAULT};
    return mt_figure_render_jobs(dir, names, n, formats, &cfg, err);
}

mt_status mt_figure_render_jobs(const char *dir, const char *const *names, size_t n,
                                unsigned formats, const mt_plot_config *cfg, mt_error *err)
{
    if (dir == NULL || names == NULL || n == 0)
        return mt_error_set(err, MT_EINVAL, "figure: nothing to render");
    formats = mt_figscript_formats(formats);
    static const char *const exts[3] = {".svg", ".png", ".pdf"};
    static const unsigned bits[3] = {MT_FIG_SVG, MT_FIG_PNG, MT_FIG_PDF};
    size_t nfmt = 0;
    for (int i = 0; i < 3; i++)
        if (formats & bits[i])
            nfmt++;
    char **scripts = calloc(n, sizeof *scripts);
    char **outs = calloc(n * nfmt, sizeof *outs);
    mt_status st = MT_OK;
    if (scripts == NULL || outs == NULL) {
        st = mt_error_set(err, MT_ENOMEM, "figure: out of memory");
        goto done;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!mt_figscript_name_ok(names[i])) {
            st = mt_error_set(err, MT_EINVAL, "figure: bad figure name at %zu", i);
            goto done;
        }
        size_t len = strlen(names[i]) + 5;
        if ((scripts[i] = malloc(len)) == NULL) {
            st = mt_error_set(err, MT_ENOMEM, "figure: out of memory");
            goto done;
        }
        snprintf(scripts[i], len, "%s.gp", names[i]);
        for (int e = 0; e < 3; e++) {
            if (!(formats & bits[e]))
                continue;
            if ((outs[k] = malloc(len)) == NULL) {
                st = mt_error_set(err, MT_ENOMEM, "figure: out of memory");
                goto done;
            }
            snprintf(outs[k++], len, "%s%s", names[i], exts[e]);
        }
    }
    st = mt_plot_run_jobs(dir, (const char *const *)scripts, n, (const char *const *)outs, k,
                          cfg, err);
done:
    if (scripts != NULL)
        for (size_t i = 0; i < n; i++)
            free(scripts[i]);
    if (outs != NULL)
        for (size_t i = 0; i < n * nfmt; i++)
            free(outs[i]);
    free(scripts);
    free(outs);
    return st;
}
