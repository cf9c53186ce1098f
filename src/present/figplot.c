/*
 * figplot.c - the data and plot clauses of a time chart (figplot.h): bands
 * first (under everything), then fitted lines and projections, connecting
 * lines, then points on top.
 */
#include "figplot.h"

#include "figtheme.h"

#include <math.h>
#include <stdlib.h>

static int crosses_break(const mt_fig_spec *s, double a, double b)
{
    for (size_t i = 0; i < s->n_breaks; i++)
        if (a < s->break_t[i] && s->break_t[i] <= b)
            return 1;
    return 0;
}

static double ptval(const double *v, size_t i, double f)
{
    return v != NULL && isfinite(v[i]) ? v[i] * f : NAN;
}

/* One data block of a line or band: rows (t, a*f[, b*f]), broken where the
 * line crosses a definition change, at a non-finite value or at a point
 * excluded from the fit (flag, may be NULL).  Returns the block's index, or -1
 * when it holds no row. */
static int line_block(mt_fig_out *o, const mt_fig_spec *s, const double *t, const double *a,
                      const double *b, const unsigned char *flag, size_t n, double f)
{
    int idx = mt_figscript_block_begin(o);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && crosses_break(s, t[i - 1], t[i]))
            mt_figscript_gap(o);
        double v[3] = {t[i], a[i] * f, b != NULL ? b[i] * f : 0.0};
        if (!isfinite(v[1]) || (b != NULL && !isfinite(v[2])) ||
            (flag != NULL && flag[i] == MT_FIG_EXCLUDED)) {
            mt_figscript_gap(o);
            continue;
        }
        mt_figscript_row(o, v, b != NULL ? 3 : 2);
    }
    return mt_figscript_block_end(o, idx);
}

size_t mt_figplot_jp_bars(const mt_fig_series *r, int log_y, double rows[][4])
{
    size_t n = 0;
    if (r->n_fit == 0 || r->n_jp == 0 || r->jp_lo == NULL || r->jp_hi == NULL)
        return 0;
    for (size_t j = 0; j < r->n_jp && n < MT_FIG_ITEMS_MAX; j++) {
        double t = r->jp_t[j], lo = r->jp_lo[j], hi = r->jp_hi[j], y = NAN;
        if (!isfinite(lo) || !isfinite(hi) || !(hi > lo))
            continue;
        for (size_t i = 0; i + 1 < r->n_fit; i++) {
            double t0 = r->fit_t[i], t1 = r->fit_t[i + 1], y0 = r->fit_y[i], y1 = r->fit_y[i + 1];
            if (t < t0 - 1e-9 || t > t1 + 1e-9)
                continue;
            double u = (t - t0) / (t1 - t0);
            if (fabs(t - t0) < 1e-9)
                y = y0;
            else if (fabs(t - t1) < 1e-9)
                y = y1;
            else if (log_y && y0 > 0 && y1 > 0)
                y = exp(log(y0) + u * (log(y1) - log(y0)));
            else
                y = y0 + u * (y1 - y0);
            break;
        }
        if (!isfinite(y) || (log_y && !(y > 0)))
            continue;
        rows[n][0] = t;
        rows[n][1] = y;
        rows[n][2] = lo;
        rows[n][3] = hi;
        n++;
    }
    return n;
}

void mt_figplot_clauses(mt_fig_out *o, FILE *c, const mt_fig_spec *s, const double *factor,
                        const char *const *fit_label)
{
    fputs("plot \\\n     ", c);
    int first = 1;
    int prov_titled = 0, excl_titled = 0, anom_titled = 0; /* one key entry each */
    for (int pass = 0; pass < 4; pass++) {
        for (size_t k = 0; k < s->n_series; k++) {
            const mt_fig_series *r = &s->series[k];
            double f = factor != NULL ? factor[k] : 1.0;
            int ls = mt_figtheme_series_style(r);
            if (pass == 0 && r->n_fit > 0 && r->fit_lo != NULL && r->fit_hi != NULL) {
                int b = line_block(o, s, r->fit_t, r->fit_lo, r->fit_hi, NULL, r->n_fit, f);
                if (b >= 0) {
                    mt_figscript_clause(c, &first);
                    mt_plot_write_quoted(c, o->dat_name);
                    if (s->n_series == 1) {
                        /* One band: a solid tint (22% colour on white) renders
                         * the same in every SVG reader, also those that
                         * ignore fill-opacity. */
                        unsigned rgb = (unsigned)strtoul(mt_figtheme_colour[ls] + 1, NULL, 16);
                        unsigned tint = 0;
                        for (int sh = 16; sh >= 0; sh -= 8) {
                            unsigned ch = (rgb >> sh) & 0xFF;
                            tint |= ((unsigned)lround(0.22 * ch + 0.78 * 255) & 0xFF) << sh;
                        }
                        fprintf(c, " index %d using 1:2:3 with filledcurves fillcolor rgb '#%06X' "
                                   "fillstyle solid 1 noborder", b, tint);
                    } else {
                        fprintf(c, " index %d using 1:2:3 with filledcurves fillcolor rgb '%s'", b,
                                mt_figtheme_colour[ls]);
                    }
                    mt_figscript_title(c, r->band_label);
                }
            } else if (pass == 1 && r->n_fit > 0) {
                int b = line_block(o, s, r->fit_t, r->fit_y, NULL, NULL, r->n_fit, f);
                if (b >= 0) {
                    mt_figscript_clause(c, &first);
                    mt_plot_write_quoted(c, o->dat_name);
                    fprintf(c, " index %d using 1:2 with lines ls %d lw 2.2", b, ls);
                    mt_figscript_title(c, fit_label[k]);
                }
                /* where each joinpoint may lie: its 95% CI as a bar through the
                 * line at the joinpoint */
                double bars[MT_FIG_ITEMS_MAX][4];
                size_t nb = mt_figplot_jp_bars(r, s->log_y, bars);
                b = mt_figscript_block_begin(o);
                for (size_t j = 0; j < nb; j++) {
                    double v[4] = {bars[j][0], bars[j][1] * f, bars[j][2], bars[j][3]};
                    mt_figscript_row(o, v, 4);
                }
                if ((b = mt_figscript_block_end(o, b)) >= 0) {
                    mt_figscript_clause(c, &first);
                    mt_plot_write_quoted(c, o->dat_name);
                    fprintf(c, " index %d using 1:2:3:4 with xerrorbars lc rgb '#333333' lw 1.6 "
                               "pt 7 ps 0.5", b);
                    mt_figscript_title(c, r->jp_ci_label);
                }
                if (r->n_proj > 0 && r->proj_t && r->proj_y && r->proj_lo && r->proj_hi) {
                    /* the projection: dashed on from the last fitted value (its own
                     * error bar zero), then each projected period with its PI */
                    b = mt_figscript_block_begin(o);
                    for (size_t i = r->n_fit; i-- > 0;)
                        if (isfinite(r->fit_y[i])) {
                            double v[4] = {r->fit_t[i], r->fit_y[i] * f, r->fit_y[i] * f,
                                           r->fit_y[i] * f};
                            mt_figscript_row(o, v, 4);
                            break;
                        }
                    for (size_t i = 0; i < r->n_proj; i++) {
                        double v[4] = {r->proj_t[i], r->proj_y[i] * f, r->proj_lo[i] * f,
                                       r->proj_hi[i] * f};
                        if (isfinite(v[1]) && isfinite(v[2]) && isfinite(v[3]))
                            mt_figscript_row(o, v, 4);
                    }
                    if ((b = mt_figscript_block_end(o, b)) >= 0) {
                        mt_figscript_clause(c, &first);
                        mt_plot_write_quoted(c, o->dat_name);
                        fprintf(c, " index %d using 1:2 with lines ls %d lw 2.2 dt (3,2)", b, ls);
                        mt_figscript_title(c, r->proj_label);
                        mt_figscript_clause(c, &first);
                        mt_plot_write_quoted(c, o->dat_name);
                        fprintf(c, " index %d every ::1 using 1:2:3:4 with yerrorbars ls %d pt 6 "
                                   "lw 1.2 notitle", b, ls);
                    }
                }
            } else if (pass == 2 && r->connect && r->n > 0) {
                int b = line_block(o, s, r->t, r->y, NULL, r->flag, r->n, f);
                if (b >= 0) {
                    mt_figscript_clause(c, &first);
                    mt_plot_write_quoted(c, o->dat_name);
                    fprintf(c, " index %d using 1:2 with lines ls %d lw 0.9 notitle", b, ls);
                }
            } else if (pass == 3 && r->n > 0) {
                /* 0: with CI, 1: without, 2: provisional, 3: excluded */
                int titled = 0;
                for (int kind = 0; kind < 4; kind++) {
                    int b = mt_figscript_block_begin(o);
                    for (size_t i = 0; i < r->n; i++) {
                        int fl = r->flag != NULL ? r->flag[i] : MT_FIG_OK;
                        double v[4] = {r->t[i], r->y[i] * f, ptval(r->lo, i, f),
                                       ptval(r->hi, i, f)};
                        if (!isfinite(v[1]))
                            continue;
                        int has_ci = isfinite(v[2]) && isfinite(v[3]);
                        int k2 = fl == MT_FIG_EXCLUDED ? 3 : fl == MT_FIG_PROVISIONAL ? 2
                                 : has_ci ? 0 : 1;
                        if (k2 != kind)
                            continue;
                        mt_figscript_row(o, v, kind == 0 ? 4 : 2);
                    }
                    if ((b = mt_figscript_block_end(o, b)) < 0)
                        continue;
                    mt_figscript_clause(c, &first);
                    mt_plot_write_quoted(c, o->dat_name);
                    if (kind == 0)
                        fprintf(c, " index %d using 1:2:3:4 with yerrorbars ls %d lw 1", b, ls);
                    else if (kind == 1)
                        fprintf(c, " index %d using 1:2 with points ls %d", b, ls);
                    else if (kind == 2)
                        fprintf(c, " index %d using 1:2 with points ls %d pt %d ps 1.1", b, ls,
                                mt_figtheme_open_pt[ls]);
                    else
                        fprintf(c, " index %d using 1:2 with points pt 2 ps 1.1 lw 1.5 "
                                   "lc rgb '#7F7F7F'", b);
                    if (kind <= 1 && !titled) {
                        mt_figscript_title(c, r->label);
                        titled = 1;
                    } else if (kind == 2) {
                        mt_figscript_title(c, prov_titled++ ? NULL : s->provisional_label);
                    } else if (kind == 3) {
                        mt_figscript_title(c, excl_titled++ ? NULL : s->excluded_label);
                    } else {
                        fputs(" notitle", c);
                    }
                }
                /* anomalies: a ring around the point, one key entry */
                int b = mt_figscript_block_begin(o);
                for (size_t i = 0; i < r->n && r->anomaly != NULL; i++) {
                    double v[2] = {r->t[i], r->y[i] * f};
                    if (r->anomaly[i] && isfinite(v[1]))
                        mt_figscript_row(o, v, 2);
                }
                if ((b = mt_figscript_block_end(o, b)) >= 0) {
                    mt_figscript_clause(c, &first);
                    mt_plot_write_quoted(c, o->dat_name);
                    fprintf(c, " index %d using 1:2 with points pt 6 ps 2.2 lw 1.6 "
                               "lc rgb '#D55E00'", b);
                    mt_figscript_title(c, anom_titled++ ? NULL : s->anomaly_label);
                }
            }
        }
    }
    if (first) /* nothing finite to draw: an empty chart with a fixed range */
        fputs(s->log_y ? "[] [1:10] NaN notitle" : "[] [0:1] NaN notitle", c);
    fputc('\n', c);
}
