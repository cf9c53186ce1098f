/*
 * figure.c - writes self-contained gnuplot scripts and data files from the
 * plain descriptions of figure.h, and renders them through plot.c.
 *
 * Layout of a script: a comment saying how to rebuild it, `reset session`
 * (one gnuplot process renders every figure of an edition, so no setting may
 * leak from one figure to the next), `load 'theme.gp'`, then for each
 * requested format the terminal, the output file, the figure body and
 * `unset output` (which closes the file before the next one starts).  Data
 * go to `<name>.dat` as blocks separated by two blank lines and are
 * addressed with `index`; a single blank line inside a block breaks a line,
 * which is how gaps and definition breaks are drawn.
 *
 * Why the body is repeated per format instead of `replot`: replot cannot
 * repeat a multiplot, and one rule for every kind of figure is easier to
 * check by hand.
 */
#include "monitrend/figure.h"
#include "monitrend/fmt.h"
#include "monitrend/plot.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* plots/theme.gp, embedded so that an installed or in-tree binary needs no
 * data files; test_figure.c checks that the two are byte-identical. */
static const char theme_text[] =
    "# theme.gp - monitrend house style for gnuplot 5.4.\n"
    "#\n"
    "# Every generated figure script loads this file (a copy is written beside the\n"
    "# figures, so editing that copy restyles every figure of an edition when the\n"
    "# scripts are run again by hand).  It sets styles only; the terminal, size and\n"
    "# output file are set by each script:\n"
    "#   report (A4 column, 16 x 10 cm): svg size 605,378 (96 dpi), pngcairo size\n"
    "#       945,591 (150 dpi), pdfcairo size 16cm,10cm\n"
    "#   slide (16:9, 25.4 x 14.3 cm):   svg size 960,540,  pngcairo size 1500,844\n"
    "#   dashboard page (A4 portrait body, 17 x 24 cm): svg 643,907, png 1004,1417\n"
    "# Terminals are `noenhanced`, so ^ _ { } @ & ~ in labels print as they are.\n"
    "# svg and pngcairo output is byte-stable; pdfcairo embeds a creation date.\n"
    "\n"
    "# --- Colours and markers: one fixed colour AND point type per drug market.\n"
    "# Okabe & Ito (2008) colour-blind-safe palette; the yellow (#F0E442) is too\n"
    "# light for lines on white, so \"synthetic\" uses the dark yellow #997700 of\n"
    "# Paul Tol's high-contrast scheme instead.\n"
    "mt_col_cocaine   = '#0072B2'   # blue,            pt 7  filled circle\n"
    "mt_col_mdma      = '#CC79A7'   # reddish purple,  pt 5  filled square\n"
    "mt_col_amph      = '#E69F00'   # orange,          pt 9  filled triangle\n"
    "mt_col_meth      = '#D55E00'   # vermillion,      pt 11 filled inverted triangle\n"
    "mt_col_cannabis  = '#009E73'   # bluish green,    pt 13 filled diamond\n"
    "mt_col_ketamine  = '#56B4E9'   # sky blue,        pt 15 filled pentagon\n"
    "mt_col_opioids   = '#000000'   # black,           pt 6  open circle\n"
    "mt_col_synthetic = '#997700'   # dark yellow,     pt 4  open square\n"
    "mt_col_other     = '#7F7F7F'   # grey,            pt 8  open triangle\n"
    "mt_col_event     = '#555555'\n"
    "mt_col_break     = '#999999'\n"
    "mt_col_highlight = '#F0E442'\n"
    "\n"
    "# Line styles 1-9 by market, in the order above; figure scripts refer to\n"
    "# them by number (ls 1 = cocaine ... ls 9 = other/all markets).\n"
    "set style line 1 lc rgb mt_col_cocaine   lw 1.5 pt 7  ps 0.9\n"
    "set style line 2 lc rgb mt_col_mdma      lw 1.5 pt 5  ps 0.8\n"
    "set style line 3 lc rgb mt_col_amph      lw 1.5 pt 9  ps 0.9\n"
    "set style line 4 lc rgb mt_col_meth      lw 1.5 pt 11 ps 0.9\n"
    "set style line 5 lc rgb mt_col_cannabis  lw 1.5 pt 13 ps 0.9\n"
    "set style line 6 lc rgb mt_col_ketamine  lw 1.5 pt 15 ps 0.9\n"
    "set style line 7 lc rgb mt_col_opioids   lw 1.5 pt 6  ps 0.9\n"
    "set style line 8 lc rgb mt_col_synthetic lw 1.5 pt 4  ps 0.8\n"
    "set style line 9 lc rgb mt_col_other     lw 1.5 pt 8  ps 0.9\n"
    "# 20: grid; 21: event line; 22: definition break; 23: joinpoint.\n"
    "set style line 20 lc rgb '#DDDDDD' lw 0.6 dt 1\n"
    "set style line 21 lc rgb mt_col_event lw 0.8 dt 2\n"
    "set style line 22 lc rgb mt_col_break lw 1.0 dt 3\n"
    "set style line 23 lc rgb '#333333' lw 0.8 dt 4\n"
    "\n"
    "# --- Axes, grid, key.\n"
    "set border 3 lw 0.8 lc rgb '#444444'\n"
    "set tics nomirror out scale 0.6 textcolor rgb '#333333'\n"
    "set grid ytics ls 20\n"
    "set grid noxtics\n"
    "set key top left horizontal Left reverse noautotitle samplen 1.5 spacing 1.1 width 1 opaque box lc rgb '#FFFFFF'\n"
    "set style fill transparent solid 0.22 noborder\n"
    "set errorbars 0.5\n"
    "set datafile missing '?'\n"
    "set decimalsign '.'\n"
    "set minussign\n"
    "# Time axes show integer years; the script sets the tic step from the span.\n"
    "set format x '%.0f'\n"
    "# Room for a footnote of up to three lines below the x axis (scripts adjust\n"
    "# bmargin and tmargin to the footnote and key; left and right are automatic,\n"
    "# so long tic labels are never cut).\n"
    "set bmargin 5\n"
    "set tmargin 3\n"
    "set rmargin 3\n";

const char *mt_figure_theme(void)
{
    return theme_text;
}

/* ------------------------------------------------------------------ */
/* Markets and sizes                                                   */
/* ------------------------------------------------------------------ */

int mt_figure_market_style(const char *market)
{
    static const struct {
        const char *name;
        int style;
    } map[] = {{"cocaine", 1},   {"crack", 1},          {"mdma", 2},      {"ecstasy", 2},
               {"amphetamine", 3}, {"methamphetamine", 4}, {"cannabis", 5}, {"ketamine", 6},
               {"heroin", 7},    {"opioids", 7},        {"opioid", 7},    {"synthetic", 8},
               {"nps", 8}};
    if (market == NULL)
        return 9;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        /* Market names come from models; compare case-insensitively by hand
         * (strcasecmp is locale-dependent). */
        const char *a = market, *b = map[i].name;
        while (*a != '\0' && *b != '\0') {
            char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
            if (ca != *b)
                break;
            a++;
            b++;
        }
        if (*a == '\0' && *b == '\0')
            return map[i].style;
    }
    return 9;
}

/* Open marker for provisional points: the hollow twin of each market's
 * point type (theme.gp order); markets whose marker is already open get a
 * star. */
static const int open_pt[10] = {0, 6, 4, 8, 10, 12, 14, 3, 3, 3};

static const char *const market_colour[10] = {
    "#7F7F7F", "#0072B2", "#CC79A7", "#E69F00", "#D55E00",
    "#009E73", "#56B4E9", "#000000", "#997700", "#7F7F7F"};

typedef struct {
    int svg_w, svg_h, png_w, png_h;
    const char *pdf;
    int font;          /* base font size, points */
    int foot_chars;    /* footnote characters per line */
} page_size;

static const page_size report_size = {605, 378, 945, 591, "16cm,10cm", 10, 105};
static const page_size slide_size = {960, 540, 1500, 844, "25.4cm,14.3cm", 12, 130};
static const page_size dash_size = {643, 907, 1004, 1417, "17cm,24cm", 9, 115};

/* ------------------------------------------------------------------ */
/* Output helpers                                                      */
/* ------------------------------------------------------------------ */

typedef struct {
    FILE *gp, *dat;
    const char *dat_name;  /* file name of the .dat, relative */
    int block;             /* next block index in the .dat */
    int rows;              /* rows written into the open block */
} out_ctx;

static void num(FILE *f, double x)
{
    char b[MT_FMT_G17_MAX];
    mt_fmt_g17(x, b);
    fputs(b, f);
}

static void q(FILE *f, const char *text)
{
    mt_plot_write_quoted(f, text);
}

/* Start a data block; returns its index. */
static int block_begin(out_ctx *o)
{
    o->rows = 0;
    return o->block;
}

/* Close the block; returns its index, or -1 when it is empty (nothing is
 * written then, so no plot clause refers to an empty block). */
static int block_end(out_ctx *o, int idx)
{
    if (o->rows == 0)
        return -1;
    fputs("\n\n", o->dat);
    o->block++;
    return idx;
}

static void row(out_ctx *o, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputc(' ', o->dat);
        num(o->dat, v[i]);
    }
    fputc('\n', o->dat);
    o->rows++;
}

static void gap(out_ctx *o)
{
    if (o->rows > 0)
        fputc('\n', o->dat);
}

static int valid_name(const char *name)
{
    if (name == NULL || name[0] == '\0' || strlen(name) > MT_FIG_NAME_MAX)
        return 0;
    if (strchr(name, '/') != NULL || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

static char *path_join3(const char *dir, const char *name, const char *ext)
{
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *p = malloc(n);
    if (p != NULL)
        snprintf(p, n, "%s/%s%s", dir, name, ext);
    return p;
}

static mt_status close_file(FILE *f, const char *path, mt_error *err)
{
    int bad = ferror(f);
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad)
        return mt_error_set(err, MT_EIO, "%s: write error: %s", path, strerror(e ? e : EIO));
    return MT_OK;
}

mt_status mt_figure_write_theme(const char *dir, mt_error *err)
{
    char *p = path_join3(dir, "theme", ".gp");
    if (p == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    FILE *f = fopen(p, "w");
    if (f == NULL) {
        mt_error_set(err, MT_EIO, "%s: cannot write: %s", p, strerror(errno));
        free(p);
        return MT_EIO;
    }
    fputs(theme_text, f);
    fflush(f);
    mt_status st = close_file(f, p, err);
    free(p);
    return st;
}

/* Write a footnote as up to three labels at the bottom of the page, wrapped
 * at spaces to `width` bytes per line. */
static int footnote_lines(const char *text, int width, char lines[3][400])
{
    int n = 0;
    if (text == NULL)
        return 0;
    size_t len = strlen(text), pos = 0;
    if (width > 390)
        width = 390;
    while (pos < len && n < 3) {
        while (text[pos] == ' ')
            pos++;
        size_t take = len - pos;
        if (take > (size_t)width) {
            take = (size_t)width;
            size_t sp = take;
            while (sp > 0 && text[pos + sp] != ' ')
                sp--;
            if (sp > (size_t)width / 2)
                take = sp;
            /* never cut inside a UTF-8 sequence */
            while (take > 0 && ((unsigned char)text[pos + take] & 0xC0) == 0x80)
                take--;
        }
        if (n == 2 && pos + take < len) {
            /* last line: cut and mark the cut */
            if (take > 3)
                take -= 3;
            while (take > 0 && ((unsigned char)text[pos + take] & 0xC0) == 0x80)
                take--;
            memcpy(lines[n], text + pos, take);
            memcpy(lines[n] + take, "\xE2\x80\xA6", 4);
            n++;
            break;
        }
        memcpy(lines[n], text + pos, take);
        lines[n][take] = '\0';
        n++;
        pos += take;
    }
    return n;
}

static void write_terminal(FILE *f, unsigned fmt, const page_size *ps, const char *name)
{
    const char *ext;
    if (fmt == MT_FIG_SVG) {
        fprintf(f, "set terminal svg size %d,%d fixed font 'sans-serif,%d' noenhanced "
                   "background '#FFFFFF'\n", ps->svg_w, ps->svg_h, ps->font);
        ext = ".svg";
    } else if (fmt == MT_FIG_PNG) {
        /* The png is 1.56 times the svg in pixels; fontscale and linewidth
         * keep text and lines in the same proportion as in the svg. */
        fprintf(f, "set terminal pngcairo size %d,%d font 'Sans,%d' fontscale 1.3 "
                   "linewidth 1.4 noenhanced background '#FFFFFF'\n", ps->png_w, ps->png_h,
                ps->font);
        ext = ".png";
    } else {
        fprintf(f, "set terminal pdfcairo size %s font 'Sans,%d' noenhanced\n", ps->pdf,
                ps->font - 1);
        ext = ".pdf";
    }
    size_t n = strlen(name) + 5;
    char *out = malloc(n);
    if (out == NULL) {
        /* Leave the stream in error so that the caller reports it. */
        fputs("set output\n", f);
        return;
    }
    snprintf(out, n, "%s%s", name, ext);
    fputs("set output ", f);
    q(f, out);
    fputc('\n', f);
    free(out);
}

/* Tic step for a time axis spanning `span` years: integer years, at most
 * about max_labels labels. */
static double year_step(double span, int max_labels)
{
    static const double steps[] = {1, 2, 5, 10, 20, 50, 100};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (span / steps[i] <= max_labels)
            return steps[i];
    return 100;
}
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

/* MT_EINVAL with the one message for a bad figure name, else MT_OK. */
static mt_status check_name(const char *name, mt_error *err)
{
    if (valid_name(name))
        return MT_OK;
    return mt_error_set(err, MT_EINVAL,
                        "figure: name must be a plain file name of 1-%d bytes without '/' "
                        "or control characters", MT_FIG_NAME_MAX);
}

static mt_status validate_chart(const mt_fig_spec *s, int need_name, mt_error *err)
{
    if (s == NULL)
        return mt_error_set(err, MT_EINVAL, "figure: no description");
    if (need_name && check_name(s->name, err) != MT_OK)
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

/* ------------------------------------------------------------------ */
/* Time charts                                                         */
/* ------------------------------------------------------------------ */

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

/* One tic label: the number formatted for humans in the edition's language
 * (thousands separators: 16,945 / 16.945), so that axes read like the text. */
static void tic_entry(FILE *c, double v, int decimals, mt_lang lang, int *first)
{
    char label[MT_FMT_MAX];
    if (mt_fmt_fixed(v, decimals, lang, "", label, sizeof label) != MT_OK)
        label[0] = '\0';
    if (!*first)
        fputs(", ", c);
    *first = 0;
    q(c, label);
    fputc(' ', c);
    num(c, v);
}

/* Tics 1-2-5 (or finer) per decade over [lo, hi] on a log axis: gnuplot would label
 * only whole decades, which leaves a chart spanning 3,000-50,000 with a
 * single label. */
static void log_ticks_range(FILE *c, char axis, double lo, double hi, mt_lang lang)
{
    if (!(lo > 0 && lo <= hi) || hi / lo > 1e6) {
        fprintf(c, "set %ctics autofreq\n", axis);
        return;
    }
    /* Narrow ranges get more mantissas so that at least three tics show. */
    static const double fine[8] = {1, 1.5, 2, 3, 4, 5, 6, 8}, mid[4] = {1, 2, 3, 5},
                        coarse[3] = {1, 2, 5};
    const double *mant = hi / lo <= 4 ? fine : hi / lo <= 40 ? mid : coarse;
    int n_mant = hi / lo <= 4 ? 8 : hi / lo <= 40 ? 4 : 3;
    int first = 1;
    fprintf(c, "set %ctics (", axis);
    for (int e = (int)floor(log10(lo)) - 1; e <= (int)ceil(log10(hi)) + 1; e++) {
        for (int m = 0; m < n_mant; m++) {
            double v = mant[m] * pow(10.0, e);
            if (v < lo / 1.25 || v > hi * 1.25)
                continue;
            /* decimals so that 0.05 and 1.5 print whole */
            int d = e < 0 ? -e : 0;
            if (mant[m] == 1.5 && e <= 0)
                d++;
            tic_entry(c, v, d > MT_FMT_DECIMALS_MAX ? MT_FMT_DECIMALS_MAX : d, lang, &first);
        }
    }
    fputs(first ? "1)\n" : ")\n", c);
}

/* A linear axis over [lo, hi] with room `headroom` (fraction of the range)
 * above the data: nice steps of 1, 2 or 5 x 10^k giving about five tics, the
 * range fixed to whole steps, labels in the edition's language. */
static void lin_ticks_range(FILE *c, char axis, double lo, double hi, double headroom,
                            int from_zero, mt_lang lang)
{
    if (!(lo <= hi)) {
        fprintf(c, "set %crange [0:1]\nset %ctics autofreq\n", axis, axis);
        return;
    }
    if (from_zero && lo > 0)
        lo = 0;
    double range = hi - lo;
    if (range <= 0)
        range = fabs(hi) > 0 ? fabs(hi) : 1;
    hi += headroom * range;
    range = hi - lo;
    double raw = range / 5, mag = pow(10.0, floor(log10(raw))), norm = raw / mag;
    double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
    double t0 = floor(lo / step + 1e-9) * step, t1 = ceil(hi / step - 1e-9) * step;
    if (t1 <= t0)
        t1 = t0 + step;
    int d = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (d > MT_FMT_DECIMALS_MAX)
        d = MT_FMT_DECIMALS_MAX;
    fprintf(c, "set %crange [", axis);
    num(c, t0);
    fputc(':', c);
    num(c, t1);
    fprintf(c, "]\nset %ctics (", axis);
    int first = 1;
    long n = lround((t1 - t0) / step);
    for (long i = 0; i <= n && i <= 100; i++) {
        double v = t0 + (double)i * step;
        if (fabs(v) < step * 1e-9)
            v = 0;
        tic_entry(c, v, d, lang, &first);
    }
    fputs(")\n", c);
}

static void value_range(const double *v, size_t n, double f, int positive, double *lo,
                        double *hi)
{
    if (v == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        double x = v[i] * f;
        if (isfinite(x) && (!positive || x > 0)) {
            *lo = fmin(*lo, x);
            *hi = fmax(*hi, x);
        }
    }
}

/* y tics of a time chart from every value drawn. */
static void chart_y_ticks(FILE *c, const mt_fig_spec *s, const double *factor, double headroom)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        double f = factor != NULL ? factor[k] : 1.0;
        int pos = s->log_y;
        value_range(r->y, r->n, f, pos, &lo, &hi);
        value_range(r->lo, r->n, f, pos, &lo, &hi);
        value_range(r->hi, r->n, f, pos, &lo, &hi);
        value_range(r->fit_y, r->n_fit, f, pos, &lo, &hi);
        value_range(r->fit_lo, r->n_fit, f, pos, &lo, &hi);
        value_range(r->fit_hi, r->n_fit, f, pos, &lo, &hi);
        /* projected values, not their prediction intervals: a wide PI would
         * squash the data; its bars may run off the chart (the numbers are
         * in projections.csv) */
        value_range(r->proj_y, r->n_proj, f, pos, &lo, &hi);
    }
    if (s->log_y)
        log_ticks_range(c, 'y', lo, hi, s->lang);
    else
        lin_ticks_range(c, 'y', lo, hi, headroom, s->y_from_zero, s->lang);
}

static int has_text(const char *t)
{
    return t != NULL && t[0] != '\0';
}

/* Rows the horizontal key needs: entries as the plot command will title
 * them, each about (label + 5) characters wide, on a line of `width`
 * characters.  Used to size the top margin so the key never covers the
 * title or the data. */
static int key_rows(const mt_fig_spec *s, int width)
{
    size_t n = 0, widest = 0;
    const char *texts[4 * MT_FIG_ITEMS_MAX + 2];
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        if (r->n_fit > 0 && r->fit_lo != NULL && r->fit_hi != NULL && has_text(r->band_label))
            texts[n++] = r->band_label;
        if (r->n_fit > 0 && has_text(r->fit_label))
            texts[n++] = r->fit_label;
        if (r->n > 0 && has_text(r->label))
            texts[n++] = r->label;
        if (r->n_proj > 0 && has_text(r->proj_label))
            texts[n++] = r->proj_label;
    }
    if (has_text(s->provisional_label))
        texts[n++] = s->provisional_label;
    if (has_text(s->excluded_label))
        texts[n++] = s->excluded_label;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(texts[i]);
        widest = len > widest ? len : widest;
    }
    size_t per_row = (size_t)width / (widest + 6);
    if (per_row == 0)
        per_row = 1;
    return (int)((n + per_row - 1) / per_row);
}

/* Add one plot clause; `first` tracks the separator. */
static void clause_sep(FILE *c, int *first)
{
    if (!*first)
        fputs(", \\\n     ", c);
    *first = 0;
}

static void title_or_not(FILE *c, const char *label)
{
    if (label != NULL && label[0] != '\0') {
        fputs(" title ", c);
        q(c, label);
    } else {
        fputs(" notitle", c);
    }
}

/* Write the data of one chart and its body (settings and plot command)
 * into `body`.  compact = dashboard panel. */
static void chart_body(out_ctx *o, FILE *body, const mt_fig_spec *s, const double *factor,
                       int compact, const page_size *ps)
{
    FILE *c = body;
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
    double x0 = tmin - step / 2, x1 = tmax + step / 2;
    double ystep = year_step(x1 - x0, compact ? 4 : 12);

    fputs("set title ", c);
    q(c, s->title);
    /* gnuplot puts the title just above the plot; the key goes there too
     * (see below), so the title is lifted by the key's height. */
    /* Dashboard panels carry no key (the page footnote explains the marks):
     * a key per small panel would take half its height. */
    int kr = compact ? 0 : key_rows(s, ps->svg_w / ps->font);
    fprintf(c, " font ',%d' offset 0, %.1f\n", compact ? ps->font : ps->font + 2, 1.15 * kr);
    if (s->xlabel != NULL && s->xlabel[0] != '\0') {
        fputs("set xlabel ", c);
        q(c, s->xlabel);
        fputc('\n', c);
    } else {
        fputs("unset xlabel\n", c);
    }
    fputs("set ylabel ", c);
    q(c, s->ylabel);
    fputc('\n', c);
    fputs("set xrange [", c);
    num(c, x0);
    fputc(':', c);
    num(c, x1);
    fputs("]\nset xtics ", c);
    num(c, ceil(x0 / ystep) * ystep);
    fputs(", ", c);
    num(c, ystep);
    fputs("\nunset mxtics\n", c);
    /* Headroom for segment labels at the top of the plot. */
    int any_jp = 0;
    for (size_t k = 0; k < s->n_series; k++)
        if (s->series[k].n_jp > 0 && s->series[k].segment_label != NULL)
            any_jp++;
    double headroom = any_jp == 0 ? 0.04 : any_jp == 1 ? 0.2 : 0.36;
    /* Tics are computed here rather than by gnuplot so that labels carry
     * the edition's thousands separators and decimal mark.  On a log axis
     * autoscaling would extend the range to whole decades and leave most of
     * the chart empty: it is fitted to the data and padded with offsets. */
    if (s->log_y) {
        fputs("set logscale y\nset yrange [*:*]\nset autoscale yfix\n", c);
        fprintf(c, "set offsets 0, 0, graph %.2f, graph 0.05\n", headroom + 0.03);
    } else {
        fputs("unset logscale y\nset offsets 0, 0, 0, 0\n", c);
    }
    chart_y_ticks(c, s, factor, headroom);

    if (compact) {
        fputs("set tmargin 2.2\nunset key\n", c);
    } else {
        /* The key sits in the top margin between title and plot, so it never
         * covers data. */
        fprintf(c, "set tmargin %.1f\nset key at graph 0.5, graph 1.02 center bottom "
                   "horizontal noopaque nobox\n", 3.0 + 1.2 * kr);
        char lines[3][400];
        int nl = footnote_lines(s->footnote, ps->foot_chars, lines);
        fprintf(c, "set bmargin %d\n", (s->xlabel != NULL && s->xlabel[0] ? 3 : 2) + nl + 1);
        for (int i = 0; i < nl; i++) {
            fputs("set label ", c);
            q(c, lines[i]);
            fprintf(c, " at screen 0.012, screen %.3f left font ',%d' textcolor rgb '#555555'\n",
                    0.02 + (nl - 1 - i) * (ps->font + 1) * 1.45 / ps->svg_h, ps->font - 2);
        }
    }

    for (size_t i = 0; i < s->n_highlights; i++) {
        fputs("set object rect from ", c);
        num(c, s->hl_from[i]);
        fputs(", graph 0 to ", c);
        num(c, s->hl_to[i]);
        fputs(", graph 1 behind fillcolor rgb mt_col_highlight fillstyle solid 0.35 noborder\n", c);
    }
    for (size_t i = 0; i < s->n_breaks; i++) {
        double bx = s->break_t[i] - step / 2;
        fputs("set arrow from ", c);
        num(c, bx);
        fputs(", graph 0 to ", c);
        num(c, bx);
        fputs(", graph 1 nohead ls 22 back\n", c);
    }
    for (size_t i = 0; i < s->n_events; i++) {
        fputs("set arrow from ", c);
        num(c, s->event_t[i]);
        fputs(", graph 0 to ", c);
        num(c, s->event_t[i]);
        fputs(", graph 1 nohead ls 21 back\n", c);
        if (s->event_label != NULL && s->event_label[i] != NULL && s->event_label[i][0]) {
            fputs("set label ", c);
            q(c, s->event_label[i]);
            fputs(" at ", c);
            num(c, s->event_t[i]);
            fprintf(c, ", graph 0.03 rotate by 90 left offset -1.3,0 font ',%d' "
                       "textcolor rgb mt_col_event front\n", ps->font - 3);
        }
    }
    int jp_row = 0;
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        int ls = mt_figure_market_style(r->market);
        for (size_t j = 0; j < r->n_jp; j++) {
            fputs("set arrow from ", c);
            num(c, r->jp_t[j]);
            fputs(", graph 0 to ", c);
            num(c, r->jp_t[j]);
            fprintf(c, ", graph %.2f nohead ls 23 back\n", 0.99 - 0.11 * jp_row);
            if (r->jp_lo != NULL && r->jp_hi != NULL && isfinite(r->jp_lo[j]) &&
                isfinite(r->jp_hi[j]) && r->jp_hi[j] > r->jp_lo[j]) {
                /* where the joinpoint may lie: a whiskered bar below the labels */
                const double gy = 0.905 - 0.11 * jp_row;
                fputs("set arrow from ", c);
                num(c, r->jp_lo[j]);
                fprintf(c, ", graph %.3f to ", gy);
                num(c, r->jp_hi[j]);
                fprintf(c, ", graph %.3f heads size screen 0.005,90 lw 1.5 lc rgb '%s' front\n", gy,
                        market_colour[ls]);
            }
        }
        if (r->n_jp > 0 && r->segment_label != NULL) {
            for (size_t j = 0; j <= r->n_jp; j++) {
                double a = j == 0 ? x0 : r->jp_t[j - 1];
                double b = j == r->n_jp ? x1 : r->jp_t[j];
                if (r->segment_label[j] == NULL)
                    continue;
                fputs("set label ", c);
                q(c, r->segment_label[j]);
                fputs(" at ", c);
                num(c, (a + b) / 2);
                fprintf(c, ", graph %.2f center font ',%d' textcolor rgb '%s' front\n",
                        0.95 - 0.11 * jp_row, compact ? ps->font - 2 : ps->font - 1,
                        market_colour[ls]);
            }
            jp_row++;
        }
    }

    /* Data and plot clauses: bands first (under everything), then fitted
     * lines, connecting lines, then points on top. */
    fputs("plot \\\n     ", c);
    int first = 1;
    int prov_titled = 0, excl_titled = 0; /* one key entry each per chart */
    for (int pass = 0; pass < 4; pass++) {
        for (size_t k = 0; k < s->n_series; k++) {
            const mt_fig_series *r = &s->series[k];
            double f = factor != NULL ? factor[k] : 1.0;
            int ls = mt_figure_market_style(r->market);
            if (pass == 0 && r->n_fit > 0 && r->fit_lo != NULL && r->fit_hi != NULL) {
                int b = block_begin(o);
                for (size_t i = 0; i < r->n_fit; i++) {
                    if (i > 0 && crosses_break(s, r->fit_t[i - 1], r->fit_t[i]))
                        gap(o);
                    double v[3] = {r->fit_t[i], r->fit_lo[i] * f, r->fit_hi[i] * f};
                    if (!isfinite(v[1]) || !isfinite(v[2])) {
                        gap(o);
                        continue;
                    }
                    row(o, v, 3);
                }
                if ((b = block_end(o, b)) >= 0) {
                    clause_sep(c, &first);
                    q(c, o->dat_name);
                    if (s->n_series == 1) {
                        /* One band: a solid tint (22% colour on white) renders
                         * the same in every SVG reader, also those that
                         * ignore fill-opacity. */
                        unsigned rgb = (unsigned)strtoul(market_colour[ls] + 1, NULL, 16);
                        unsigned tint = 0;
                        for (int sh = 16; sh >= 0; sh -= 8) {
                            unsigned ch = (rgb >> sh) & 0xFF;
                            tint |= ((unsigned)lround(0.22 * ch + 0.78 * 255) & 0xFF) << sh;
                        }
                        fprintf(c, " index %d using 1:2:3 with filledcurves fillcolor rgb '#%06X' "
                                   "fillstyle solid 1 noborder", b, tint);
                    } else {
                        fprintf(c, " index %d using 1:2:3 with filledcurves fillcolor rgb '%s'", b,
                                market_colour[ls]);
                    }
                    title_or_not(c, r->band_label);
                }
            } else if (pass == 1 && r->n_fit > 0) {
                int b = block_begin(o);
                for (size_t i = 0; i < r->n_fit; i++) {
                    if (i > 0 && crosses_break(s, r->fit_t[i - 1], r->fit_t[i]))
                        gap(o);
                    double v[2] = {r->fit_t[i], r->fit_y[i] * f};
                    if (!isfinite(v[1])) {
                        gap(o);
                        continue;
                    }
                    row(o, v, 2);
                }
                if ((b = block_end(o, b)) >= 0) {
                    clause_sep(c, &first);
                    q(c, o->dat_name);
                    fprintf(c, " index %d using 1:2 with lines ls %d lw 2.2", b, ls);
                    title_or_not(c, r->fit_label);
                }
                if (r->n_proj > 0 && r->proj_t && r->proj_y && r->proj_lo && r->proj_hi) {
                    /* the projection: dashed on from the last fitted value (its own
                     * error bar zero), then each projected period with its PI */
                    b = block_begin(o);
                    for (size_t i = r->n_fit; i-- > 0;)
                        if (isfinite(r->fit_y[i])) {
                            double v[4] = {r->fit_t[i], r->fit_y[i] * f, r->fit_y[i] * f,
                                           r->fit_y[i] * f};
                            row(o, v, 4);
                            break;
                        }
                    for (size_t i = 0; i < r->n_proj; i++) {
                        double v[4] = {r->proj_t[i], r->proj_y[i] * f, r->proj_lo[i] * f,
                                       r->proj_hi[i] * f};
                        if (isfinite(v[1]) && isfinite(v[2]) && isfinite(v[3]))
                            row(o, v, 4);
                    }
                    if ((b = block_end(o, b)) >= 0) {
                        clause_sep(c, &first);
                        q(c, o->dat_name);
                        fprintf(c, " index %d using 1:2 with lines ls %d lw 2.2 dt (3,2)", b, ls);
                        title_or_not(c, r->proj_label);
                        clause_sep(c, &first);
                        q(c, o->dat_name);
                        fprintf(c, " index %d every ::1 using 1:2:3:4 with yerrorbars ls %d pt 6 "
                                   "lw 1.2 notitle", b, ls);
                    }
                }
            } else if (pass == 2 && r->connect && r->n > 0) {
                int b = block_begin(o);
                for (size_t i = 0; i < r->n; i++) {
                    int fl = r->flag != NULL ? r->flag[i] : MT_FIG_OK;
                    if (i > 0 && crosses_break(s, r->t[i - 1], r->t[i]))
                        gap(o);
                    double v[2] = {r->t[i], r->y[i] * f};
                    if (!isfinite(v[1]) || fl == MT_FIG_EXCLUDED) {
                        gap(o);
                        continue;
                    }
                    row(o, v, 2);
                }
                if ((b = block_end(o, b)) >= 0) {
                    clause_sep(c, &first);
                    q(c, o->dat_name);
                    fprintf(c, " index %d using 1:2 with lines ls %d lw 0.9 notitle", b, ls);
                }
            } else if (pass == 3 && r->n > 0) {
                /* 0: with CI, 1: without, 2: provisional, 3: excluded */
                int titled = 0;
                for (int kind = 0; kind < 4; kind++) {
                    int b = block_begin(o);
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
                        row(o, v, kind == 0 ? 4 : 2);
                    }
                    if ((b = block_end(o, b)) < 0)
                        continue;
                    clause_sep(c, &first);
                    q(c, o->dat_name);
                    if (kind == 0)
                        fprintf(c, " index %d using 1:2:3:4 with yerrorbars ls %d lw 1", b, ls);
                    else if (kind == 1)
                        fprintf(c, " index %d using 1:2 with points ls %d", b, ls);
                    else if (kind == 2)
                        fprintf(c, " index %d using 1:2 with points ls %d pt %d ps 1.1", b, ls,
                                open_pt[ls]);
                    else
                        fprintf(c, " index %d using 1:2 with points pt 2 ps 1.1 lw 1.5 "
                                   "lc rgb '#7F7F7F'", b);
                    if (kind <= 1 && !titled) {
                        title_or_not(c, r->label);
                        titled = 1;
                    } else if (kind == 2) {
                        title_or_not(c, prov_titled++ ? NULL : s->provisional_label);
                    } else if (kind == 3) {
                        title_or_not(c, excl_titled++ ? NULL : s->excluded_label);
                    } else {
                        fputs(" notitle", c);
                    }
                }
            }
        }
    }
    if (first) /* nothing finite to draw: an empty chart with a fixed range */
        fputs(s->log_y ? "[] [1:10] NaN notitle" : "[] [0:1] NaN notitle", c);
    fputc('\n', c);
}
/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

typedef struct {
    char *gp_path, *dat_path, *dat_name;
    out_ctx o;
    char *body;       /* memstream buffer */
    size_t body_len;
    FILE *bodyf;
} fig_files;

static void files_discard(fig_files *ff)
{
    if (ff->o.gp != NULL)
        fclose(ff->o.gp);
    if (ff->o.dat != NULL)
        fclose(ff->o.dat);
    if (ff->bodyf != NULL)
        fclose(ff->bodyf);
    free(ff->body);
    free(ff->gp_path);
    free(ff->dat_path);
    free(ff->dat_name);
    memset(ff, 0, sizeof *ff);
}

static mt_status files_open(fig_files *ff, const char *dir, const char *name, mt_error *err)
{
    memset(ff, 0, sizeof *ff);
    ff->gp_path = path_join3(dir, name, ".gp");
    ff->dat_path = path_join3(dir, name, ".dat");
    size_t n = strlen(name) + 5;
    ff->dat_name = malloc(n);
    if (ff->gp_path == NULL || ff->dat_path == NULL || ff->dat_name == NULL) {
        files_discard(ff);
        return mt_error_set(err, MT_ENOMEM, "figure %s: out of memory", name);
    }
    snprintf(ff->dat_name, n, "%s.dat", name);
    ff->o.gp = fopen(ff->gp_path, "w");
    if (ff->o.gp == NULL) {
        mt_error_set(err, MT_EIO, "%s: cannot write: %s", ff->gp_path, strerror(errno));
        files_discard(ff);
        return MT_EIO;
    }
    ff->o.dat = fopen(ff->dat_path, "w");
    if (ff->o.dat == NULL) {
        mt_error_set(err, MT_EIO, "%s: cannot write: %s", ff->dat_path, strerror(errno));
        files_discard(ff);
        return MT_EIO;
    }
    ff->bodyf = open_memstream(&ff->body, &ff->body_len);
    if (ff->bodyf == NULL) {
        files_discard(ff);
        return mt_error_set(err, MT_ENOMEM, "figure %s: out of memory", name);
    }
    ff->o.dat_name = ff->dat_name;
    fputs("# ", ff->o.gp);
    fputs("Generated by monitrend.  Rebuild in this folder with:  gnuplot ", ff->o.gp);
    q(ff->o.gp, ff->gp_path + strlen(dir) + 1);
    fputs("\n# Data: ", ff->o.gp);
    q(ff->o.gp, ff->dat_name);
    fputs(" (blocks addressed by `index`; a blank line breaks a line).\n"
          "# Style: theme.gp (colours per drug market, fonts, grid).\n"
          "reset session\nload 'theme.gp'\n", ff->o.gp);
    fputs("# monitrend figure data: see the .gp script of the same name.\n", ff->o.dat);
    return MT_OK;
}

/* Emit body once per format, then close everything with error checks. */
static mt_status files_finish(fig_files *ff, const char *name, unsigned formats,
                              const page_size *ps, mt_error *err)
{
    if (fclose(ff->bodyf) != 0) {
        ff->bodyf = NULL;
        files_discard(ff);
        return mt_error_set(err, MT_ENOMEM, "figure %s: out of memory", name);
    }
    ff->bodyf = NULL;
    static const unsigned order[3] = {MT_FIG_SVG, MT_FIG_PNG, MT_FIG_PDF};
    for (int i = 0; i < 3; i++) {
        if (!(formats & order[i]))
            continue;
        fputc('\n', ff->o.gp);
        write_terminal(ff->o.gp, order[i], ps, name);
        /* Labels, arrows and objects accumulate: clear those of an earlier
         * format before drawing again. */
        fputs("unset label\nunset arrow\nunset object\n", ff->o.gp);
        fwrite(ff->body, 1, ff->body_len, ff->o.gp);
        fputs("unset output\n", ff->o.gp);
    }
    FILE *gp = ff->o.gp, *dat = ff->o.dat;
    ff->o.gp = ff->o.dat = NULL;
    mt_status st = close_file(gp, ff->gp_path, err);
    mt_status st2 = close_file(dat, ff->dat_path, st == MT_OK ? err : NULL);
    files_discard(ff);
    return st != MT_OK ? st : st2;
}

static unsigned norm_formats(unsigned formats)
{
    formats &= (MT_FIG_SVG | MT_FIG_PNG | MT_FIG_PDF);
    return formats == 0 ? MT_FIG_PNG : formats;
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
    fig_files ff;
    if ((st = files_open(&ff, dir, spec->name, err)) != MT_OK)
        return st;
    const page_size *ps = spec->size == MT_FIG_SLIDE ? &slide_size : &report_size;
    chart_body(&ff.o, ff.bodyf, spec, factor, 0, ps);
    return files_finish(&ff, spec->name, norm_formats(formats), ps, err);
}

mt_status mt_figure_write_scatter(const char *dir, const mt_fig_scatter *s, unsigned formats,
                                  mt_error *err)
{
    if (dir == NULL || s == NULL)
        return mt_error_set(err, MT_EINVAL, "figure: no folder or description");
    if (check_name(s->name, err) != MT_OK)
        return MT_EINVAL;
    if (s->n == 0 || s->x == NULL || s->y == NULL)
        return mt_error_set(err, MT_EINVAL, "figure %s: scatter has no points", s->name);
    mt_status st = mt_figure_write_theme(dir, err);
    if (st != MT_OK)
        return st;
    fig_files ff;
    if ((st = files_open(&ff, dir, s->name, err)) != MT_OK)
        return st;
    const page_size *ps = s->size == MT_FIG_SLIDE ? &slide_size : &report_size;
    FILE *c = ff.bodyf;
    out_ctx *o = &ff.o;
    int ls = mt_figure_market_style(s->market);

    fputs("set title ", c);
    q(c, s->title);
    fprintf(c, " font ',%d' offset 0, 1.2\nset xlabel ", ps->font + 2);
    q(c, s->xlabel);
    fputs("\nset ylabel ", c);
    q(c, s->ylabel);
    fputs("\nset grid xtics ls 20\n", c);
    double xl = INFINITY, xh = -INFINITY, yl = INFINITY, yh = -INFINITY;
    value_range(s->x, s->n, 1, s->log_xy, &xl, &xh);
    value_range(s->y, s->n, 1, s->log_xy, &yl, &yh);
    if (s->log_xy) {
        fputs("set logscale xy\nset autoscale xfix\nset autoscale yfix\n", c);
        fputs("set offsets graph 0.06, graph 0.1, graph 0.08, graph 0.06\n", c);
        log_ticks_range(c, 'x', xl, xh, s->lang);
        log_ticks_range(c, 'y', yl, yh, s->lang);
    } else {
        fputs("unset logscale\nset offsets 0, 0, 0, 0\n", c);
        lin_ticks_range(c, 'x', xl, xh, 0.08, 0, s->lang);
        lin_ticks_range(c, 'y', yl, yh, 0.08, 0, s->lang);
    }
    fputs("set tmargin 4.2\nset key at graph 0.5, graph 1.02 center bottom horizontal "
          "noopaque nobox\n", c);
    char lines[3][400];
    int nl = footnote_lines(s->footnote, ps->foot_chars, lines);
    fprintf(c, "set bmargin %d\n", 3 + nl + 1);
    for (int i = 0; i < nl; i++) {
        fputs("set label ", c);
        q(c, lines[i]);
        fprintf(c, " at screen 0.012, screen %.3f left font ',%d' textcolor rgb '#555555'\n",
                0.02 + (nl - 1 - i) * (ps->font + 1) * 1.45 / ps->svg_h, ps->font - 2);
    }
    int first = 1;
    fputs("plot \\\n     ", c);
    for (int kind = 0; kind < 2; kind++) {
        int b = block_begin(o);
        for (size_t i = 0; i < s->n; i++) {
            int hl = s->highlight != NULL && s->highlight[i];
            if (hl != kind || !isfinite(s->x[i]) || !isfinite(s->y[i]))
                continue;
            double v[3] = {s->x[i], s->y[i], s->t != NULL ? s->t[i] : NAN};
            row(o, v, s->t != NULL ? 3 : 2);
        }
        if ((b = block_end(o, b)) < 0)
            continue;
        clause_sep(c, &first);
        q(c, o->dat_name);
        if (kind == 0) {
            fprintf(c, " index %d using 1:2 with points ls %d", b, ls);
            title_or_not(c, NULL);
        } else {
            fprintf(c, " index %d using 1:2 with points pt 6 ps 2.0 lw 1.5 lc rgb '#000000'", b);
            title_or_not(c, s->highlight_label);
        }
        if (s->t != NULL) {
            clause_sep(c, &first);
            q(c, o->dat_name);
            fprintf(c, " index %d using 1:2:(sprintf('%%.0f', floor($3))) with labels "
                       "offset char 0.6,0.5 left font ',%d' textcolor rgb '#555555' notitle",
                    b, ps->font - 3);
        }
    }
    if (isfinite(s->a) && isfinite(s->b)) {
        clause_sep(c, &first);
        fputs(s->log_xy ? "exp(" : "(", c);
        num(c, s->a);
        fputs(" + ", c);
        num(c, s->b);
        fputs(s->log_xy ? " * log(x))" : " * x)", c);
        fprintf(c, " with lines ls %d lw 2", ls);
        title_or_not(c, s->fit_label);
    }
    if (first) /* every point missing: an empty chart with a fixed range */
        fputs(s->log_xy ? "[1:10] [1:10] NaN notitle" : "[0:1] [0:1] NaN notitle", c);
    fputc('\n', c);
    return files_finish(&ff, s->name, norm_formats(formats), ps, err);
}

mt_status mt_figure_write_dashboard(const char *dir, const mt_fig_dashboard *d, unsigned formats,
                                    mt_error *err)
{
    if (dir == NULL || d == NULL)
        return mt_error_set(err, MT_EINVAL, "figure: no folder or description");
    if (check_name(d->name, err) != MT_OK)
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
    fig_files ff;
    if ((st = files_open(&ff, dir, d->name, err)) != MT_OK)
        return st;
    const page_size *ps = &dash_size;
    size_t cols = d->cols == 0 ? 2 : d->cols;
    size_t rows = (d->n_panels + cols - 1) / cols;
    /* Leave the bottom of the page for the footnote: the multiplot layout
     * gets the screen above it. */
    char lines[3][400];
    int nl = footnote_lines(d->footnote, ps->foot_chars, lines);
    double foot_h = 0.015 + nl * (ps->font + 1) * 1.45 / ps->svg_h;
    FILE *c = ff.bodyf;
    for (int i = 0; i < nl; i++) {
        fputs("set label ", c);
        q(c, lines[i]);
        fprintf(c, " at screen 0.012, screen %.3f left font ',%d' textcolor rgb '#555555'\n",
                0.015 + (nl - 1 - i) * (ps->font + 1) * 1.45 / ps->svg_h, ps->font - 2);
    }
    /* Panels are placed by hand (origin and size in screen coordinates):
     * the automatic layout ignores the footnote strip. */
    fputs("set multiplot title ", c);
    q(c, d->title);
    fprintf(c, " font ',%d'\n", ps->font + 3);
    double top = 0.955, ph = (top - foot_h) / (double)rows, pw = 1.0 / (double)cols;
    for (size_t p = 0; p < d->n_panels; p++) {
        const mt_fig_spec *sp = &d->panels[p];
        double factor[MT_FIG_ITEMS_MAX];
        if ((st = chart_factors(sp, factor, err)) != MT_OK) {
            files_discard(&ff);
            return st;
        }
        if (p > 0)
            fputs("unset label\n", c);
        fputs("unset arrow\nunset object\n", c);
        size_t r = p / cols, col = p % cols;
        fprintf(c, "set origin %.4f, %.4f\nset size %.4f, %.4f\n", col * pw,
                foot_h + (double)(rows - 1 - r) * ph, pw, ph);
        fputs("set bmargin 2\n", c);
        chart_body(&ff.o, c, sp, factor, 1, ps);
    }
    fputs("unset multiplot\n", c);
    return files_finish(&ff, d->name, norm_formats(formats), ps, err);
}

mt_status mt_figure_render(const char *dir, const char *const *names, size_t n,
                           unsigned formats, const char *gnuplot, mt_error *err)
{
    if (dir == NULL || names == NULL || n == 0)
        return mt_error_set(err, MT_EINVAL, "figure: nothing to render");
    formats = norm_formats(formats);
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
        if (!valid_name(names[i])) {
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
    st = mt_plot_run(dir, (const char *const *)scripts, n, (const char *const *)outs, k,
                     gnuplot, err);
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
