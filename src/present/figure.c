/*
 * figure.c - writes self-contained gnuplot scripts and data files from the
 * plain descriptions of figure.h, and renders them through plot.c.
 *
 * Layout of a script: a comment saying how to rebuild it, `reset session`
 * and a blank plot to /dev/null (one gnuplot process renders many figures,
 * in an order that depends on --jobs, so no setting and no terminal state
 * may leak from one figure to the next), `load 'theme.gp'`, then for each
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

#include "figlayout.h"

#include <errno.h>
#include <float.h>
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
    "mt_col_opioids   = '#000000'   # black,           pt 7  filled circle\n"
    "mt_col_synthetic = '#997700'   # dark yellow,     pt 5  filled square\n"
    "mt_col_other     = '#7F7F7F'   # grey,            pt 9  filled triangle\n"
    "# Every market's marker is filled: open markers mean provisional or\n"
    "# estimated values (the figures' footnotes say so).\n"
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
    "set style line 7 lc rgb mt_col_opioids   lw 1.5 pt 7  ps 0.9\n"
    "set style line 8 lc rgb mt_col_synthetic lw 1.5 pt 5  ps 0.8\n"
    "set style line 9 lc rgb mt_col_other     lw 1.5 pt 9  ps 0.9\n"
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
    /* cannabis_resin, cannabis_herb, ...: the cannabis colour */
    if (strncmp(market, "cannabis_", 9) == 0)
        return 5;
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

/* A series' style: its own when set, else its market's. */
static int series_style(const mt_fig_series *r)
{
    return r->style >= 1 && r->style <= 9 ? r->style : mt_figure_market_style(r->market);
}

/* Open marker for provisional points: the hollow twin of each market's
 * filled point type (theme.gp order). */
static const int open_pt[10] = {8, 6, 4, 8, 10, 12, 14, 6, 4, 8};

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

static void write_terminal(FILE *f, unsigned fmt, const page_size *ps, const char *name)
{
    const char *ext;
    if (fmt == MT_FIG_SVG) {
        fprintf(f, "set terminal svg size %d,%d fixed font 'sans-serif,%d' noenhanced "
                   "background '#FFFFFF'\n", ps->svg_w, ps->svg_h, ps->font);
        ext = ".svg";
    } else if (fmt == MT_FIG_PNG) {
        /* The png is 1.56 times the svg in pixels and pngcairo sets type at
         * 96 dpi (a 10 pt font is 13.3 px): fontscale 1.17 gives 1.56 x the
         * svg's 10 px, so text keeps the proportions the layout was
         * computed for (with 1.3 png text ran 11% wider than planned). */
        fprintf(f, "set terminal pngcairo size %d,%d font 'Sans,%d' fontscale 1.17 "
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

/* Tic marks of one axis, computed here rather than by gnuplot so that the
 * labels carry the edition's thousands separators and decimal mark, their
 * number fits the panel, and the layout knows how wide they are. */
#define TICS_MAX 64
typedef struct {
    size_t n;
    double v[TICS_MAX];
    char label[TICS_MAX][MT_FMT_MAX];
    int fixed_range;  /* r0..r1 is the axis range (linear axes) */
    double r0, r1;
} tickset;

static void tics_add(tickset *ts, double v, int decimals, mt_lang lang)
{
    if (ts->n >= TICS_MAX)
        return;
    if (decimals > MT_FMT_DECIMALS_MAX)
        decimals = MT_FMT_DECIMALS_MAX;
    if (mt_fmt_fixed(v, decimals, lang, "", ts->label[ts->n], MT_FMT_MAX) != MT_OK)
        ts->label[ts->n][0] = '\0';
    ts->v[ts->n++] = v;
}

/* Widest tic label in px at font size `size`. */
static double tics_width(const tickset *ts, double size)
{
    double w = 0;
    for (size_t i = 0; i < ts->n; i++)
        w = fmax(w, mt_figlayout_text_width(ts->label[i], size));
    return w;
}

static void tics_write(FILE *c, char axis, const tickset *ts)
{
    if (ts->fixed_range) {
        fprintf(c, "set %crange [", axis);
        num(c, ts->r0);
        fputc(':', c);
        num(c, ts->r1);
        fputs("]\n", c);
    }
    if (ts->n == 0) {
        fprintf(c, "set %ctics autofreq\n", axis);
        return;
    }
    fprintf(c, "set %ctics (", axis);
    for (size_t i = 0; i < ts->n; i++) {
        if (i > 0)
            fputs(", ", c);
        q(c, ts->label[i]);
        fputc(' ', c);
        num(c, ts->v[i]);
    }
    fputs(")\n", c);
}

/* Tics mant[] x 10^e for e in [e0, e1] (every `every`-th decade) inside
 * [r0, r1]. */
static void log_tics_set(const double *mant, int n_mant, int every, int e0, int e1, double r0,
                         double r1, mt_lang lang, tickset *c)
{
    memset(c, 0, sizeof *c);
    for (int e = e0; e <= e1; e++) {
        if (((e % every) + every) % every != 0)
            continue;
        for (int m = 0; m < n_mant; m++) {
            double v = mant[m] * pow(10.0, e);
            if (v < r0 * (1 - 1e-9) || v > r1 * (1 + 1e-9))
                continue;
            /* decimals so that 0.05 and 1.5 print whole */
            int d = e < 0 ? -e : 0;
            if (mant[m] != floor(mant[m]) && e <= 0)
                d++;
            tics_add(c, v, d, lang);
        }
    }
}

/* Tics on a log axis showing [lo, hi] with `below` and `above` of the
 * data's span (in decades) added as room; the range is fixed to that, so
 * every tic written is shown.  At most max_tics tics: 1-2-5 per decade,
 * finer for narrow ranges (at least three tics where possible), whole
 * decades or every k-th decade for wide ones.  gnuplot alone would label
 * only whole decades, which leaves a chart spanning 3,000-50,000 with a
 * single label. */
static void log_tics(double lo, double hi, double below, double above, mt_lang lang,
                     int max_tics, tickset *ts)
{
    static const double fine[14] = {1, 1.2, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9},
                        mid[4] = {1, 2, 3, 5}, coarse[3] = {1, 2, 5}, ends[2] = {1, 3},
                        decade[1] = {1};
    static const double *const sets[5] = {fine, mid, coarse, ends, decade};
    static const int set_n[5] = {14, 4, 3, 2, 1};
    memset(ts, 0, sizeof *ts);
    if (!(lo > 0 && lo <= hi) || !isfinite(hi)) {
        ts->fixed_range = 1;
        ts->r0 = 1;
        ts->r1 = 10;
        return;
    }
    if (max_tics < 3)
        max_tics = 3;
    double span = log10(hi / lo);
    if (span < 0.3) /* one value or nearly: show a factor of two around it */
        span = 0.3;
    ts->fixed_range = 1;
    ts->r0 = lo / pow(10.0, span * below);
    ts->r1 = hi * pow(10.0, span * above);
    int e0 = (int)floor(log10(ts->r0)), e1 = (int)ceil(log10(ts->r1));
    /* 1-2-5 first; coarser (1-3, decades, every k-th decade) while there
     * are too many tics; finer (1-2-3-5, then 1-1.2-1.5-...) while there
     * are fewer than three. */
    tickset best, c;
    memset(&best, 0, sizeof best);
    int found = 0;
    for (int si = 2; si < 5 && !found; si++)
        for (int every = 1; every <= (si == 4 ? 12 : 1) && !found; every++) {
            log_tics_set(sets[si], set_n[si], every, e0, e1, ts->r0, ts->r1, lang, &c);
            if ((int)c.n <= max_tics) {
                best = c;
                found = 1;
            }
        }
    for (int si = 1; si >= 0 && best.n < 3; si--) {
        log_tics_set(sets[si], set_n[si], 1, e0, e1, ts->r0, ts->r1, lang, &c);
        if ((int)c.n <= max_tics && c.n > best.n)
            best = c;
    }
    /* a range narrower than a factor of about 1.5 (a prevalence of 1.6 to
     * 1.9%): even steps of 1, 2, 2.5 or 5 x 10^k, which on so short a
     * stretch of a log axis look evenly spaced */
    static const double nice[4] = {1, 2, 2.5, 5};
    for (int k = (int)floor(log10(ts->r1 - ts->r0)); k >= (int)floor(log10(ts->r1 - ts->r0)) - 2 &&
                                                     best.n < 3; k--)
        for (int ni = 3; ni >= 0 && best.n < 3; ni--) {
            double step = nice[ni] * pow(10.0, k);
            memset(&c, 0, sizeof c);
            int d = 0;
            while (d < MT_FMT_DECIMALS_MAX &&
                   fabs(step * pow(10.0, d) - round(step * pow(10.0, d))) > 1e-6)
                d++;
            /* multiples n x step, as n / (1/step) when step is below 1, so
             * that 1.7 is the double nearest 1.7 (not 17 x 0.1) */
            double inv = step < 1 ? round(1 / step) : 0;
            for (long m = (long)ceil(ts->r0 / step - 1e-9); m <= (long)floor(ts->r1 / step + 1e-9);
                 m++)
                tics_add(&c, inv > 0 ? (double)m / inv : (double)m * step, d, lang);
            if (c.n >= 3 && (int)c.n <= max_tics)
                best = c;
        }
    best.fixed_range = 1;
    best.r0 = ts->r0;
    best.r1 = ts->r1;
    *ts = best;
}

/* A linear axis over [lo, hi] with room `headroom` (fraction of the range)
 * above the data: the finest step of 1, 2, 2.5 or 5 x 10^k that gives at
 * most max_tics intervals, the range fixed to whole steps. */
static void lin_tics(double lo, double hi, double headroom, int from_zero, mt_lang lang,
                     int max_tics, tickset *ts)
{
    memset(ts, 0, sizeof *ts);
    ts->fixed_range = 1;
    if (!(lo <= hi)) {
        ts->r0 = 0;
        ts->r1 = 1;
        return;
    }
    if (max_tics < 2)
        max_tics = 2;
    if (from_zero && lo > 0)
        lo = 0;
    /* Values near DBL_MAX (1.797e308) would overflow the range, headroom
     * and whole steps below into inf and NaN (a script with `set yrange
     * [nan:nan]`): the arithmetic is done in units of a power of ten that
     * brings the largest magnitude below 10, and the ends are clamped to
     * the largest double on the way back (issue 13, defect 6). */
    double unit = 1, amax = fmax(fabs(lo), fabs(hi));
    if (amax > 1e300) {
        unit = pow(10.0, floor(log10(amax)));
        lo /= unit;
        hi /= unit;
    }
    double range = hi - lo;
    if (range <= 0)
        range = fabs(hi) > 0 ? fabs(hi) : 1;
    hi += headroom * range;
    range = hi - lo;
    static const double nice[5] = {1, 2, 2.5, 5, 10};
    double mag = pow(10.0, floor(log10(range / max_tics))), step = 10 * mag;
    for (int i = 0; i < 5; i++) {
        double st = nice[i] * mag;
        if (ceil(hi / st - 1e-9) - floor(lo / st + 1e-9) <= max_tics) {
            step = st;
            break;
        }
    }
    double t0 = floor(lo / step + 1e-9) * step, t1 = ceil(hi / step - 1e-9) * step;
    if (t1 <= t0)
        t1 = t0 + step;
    int d = 0;
    while (d < MT_FMT_DECIMALS_MAX && fabs(step * pow(10.0, d) - round(step * pow(10.0, d))) > 1e-6)
        d++;
    ts->r0 = t0;
    ts->r1 = t1;
    long n = lround((t1 - t0) / step);
    for (long i = 0; i <= n && i < TICS_MAX; i++) {
        double v = t0 + (double)i * step;
        if (fabs(v) < step * 1e-9)
            v = 0;
        tics_add(ts, v, d, lang);
    }
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

/* Range of every value drawn on a time chart. */
static void chart_y_range(const mt_fig_spec *s, const double *factor, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        double f = factor != NULL ? factor[k] : 1.0;
        int pos = s->log_y;
        value_range(r->y, r->n, f, pos, lo, hi);
        value_range(r->lo, r->n, f, pos, lo, hi);
        value_range(r->hi, r->n, f, pos, lo, hi);
        value_range(r->fit_y, r->n_fit, f, pos, lo, hi);
        value_range(r->fit_lo, r->n_fit, f, pos, lo, hi);
        value_range(r->fit_hi, r->n_fit, f, pos, lo, hi);
        value_range(r->proj_y, r->n_proj, f, pos, lo, hi);
    }
}

static int has_text(const char *t)
{
    return t != NULL && t[0] != '\0';
}

/* Key entries of a time chart, as the plot command titles them. */
static size_t key_texts(const mt_fig_spec *s, const char **fit_label, const char **texts)
{
    size_t n = 0;
    int any_prov = 0, any_excl = 0, any_anom = 0;
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        if (r->n_fit > 0 && r->fit_lo != NULL && r->fit_hi != NULL && has_text(r->band_label))
            texts[n++] = r->band_label;
        if (r->n_fit > 0 && has_text(fit_label[k]))
            texts[n++] = fit_label[k];
        if (r->n > 0 && has_text(r->label))
            texts[n++] = r->label;
        for (size_t i = 0; i < r->n; i++) {
            int fl = r->flag != NULL ? r->flag[i] : MT_FIG_OK;
            if (!isfinite(r->y[i]))
                continue;
            any_prov |= fl == MT_FIG_PROVISIONAL;
            any_excl |= fl == MT_FIG_EXCLUDED;
            any_anom |= r->anomaly != NULL && r->anomaly[i];
        }
        if (r->n_proj > 0 && has_text(r->proj_label))
            texts[n++] = r->proj_label;
    }
    if (any_prov && has_text(s->provisional_label))
        texts[n++] = s->provisional_label;
    if (any_excl && has_text(s->excluded_label))
        texts[n++] = s->excluded_label;
    if (any_anom && has_text(s->anomaly_label))
        texts[n++] = s->anomaly_label;
    return n;
}

/* Width in px of one key column as gnuplot sizes it: it counts characters
 * (not their shapes) at about 0.62 em each, plus the sample (samplen 1.5)
 * and the gaps around it, about 6 characters in all. */
static double key_col_width(const char *const *texts, size_t n, double size)
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

/* One text label at a point of the canvas (px from the bottom left). */
static void label_at(FILE *c, const char *text, double x, double y, const page_size *ps,
                     const char *just, double size, const char *colour)
{
    fputs("set label ", c);
    q(c, text);
    fprintf(c, " at screen %.4f, screen %.4f %s font ',%g' textcolor rgb '%s' front\n",
            x / ps->svg_w, y / ps->svg_h, just, size, colour);
}

/* A box on the canvas, px from the bottom left. */
typedef struct {
    double x0, y0, x1, y1;
} px_box;

/* Write the data of one chart and its body (settings, labels and plot
 * command) into `body`, laid out inside `area` of the canvas.  compact =
 * dashboard panel: no key, no footnote, smaller type.
 *
 * Layout, top down: title (wrapped to two lines), key rows, the band of
 * event labels, the plot area (segment labels in reserved rows at its top),
 * the x tic labels, the x label, the footnote.  Every margin is fixed in
 * screen coordinates, so the positions computed here are where gnuplot
 * draws. */
static void chart_body(out_ctx *o, FILE *body, const mt_fig_spec *s, const double *factor,
                       int compact, const page_size *ps, px_box area)
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
    tickset yt;
    if (s->log_y)
        log_tics(ylo, yhi, 0.05, 0.25, s->lang, max_tics, &yt);
    else
        lin_tics(ylo, yhi, 0.25, s->y_from_zero, s->lang, max_tics, &yt);
    int has_ylabel = has_text(s->ylabel);
    double left = area.x0 + 6 + (has_ylabel ? 2.0 * fs : 0) + tics_width(&yt, fs) * 1.25 + 10;
    double right = area.x1 - (compact ? 10 : 16);
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
            if (!has_text(text))
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
            seg[n_try++] = (seg_place){text, cx, placed, series_style(r)};
        }
        if (fits) {
            seg_rows = trial;
            n_seg = n_try;
            continue;
        }
        if (compact)
            continue;
        /* into the key: "joinpoint trend (APC +55.4% | +0.1% | +26.3%)" */
        size_t len = (has_text(r->fit_label) ? strlen(r->fit_label) : 0) + 8;
        for (size_t j = 0; j <= r->n_jp; j++)
            len += has_text(r->segment_label[j]) ? strlen(r->segment_label[j]) + 3 : 0;
        if ((fit_buf[k] = malloc(len)) == NULL)
            continue;
        size_t at = (size_t)snprintf(fit_buf[k], len, "%s (", has_text(r->fit_label) ? r->fit_label : "");
        for (size_t j = 0, m = 0; j <= r->n_jp; j++) {
            if (!has_text(r->segment_label[j]))
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
    const char *ktexts[4 * MT_FIG_ITEMS_MAX + 4];
    size_t nk = compact ? 0 : key_texts(s, fit_label, ktexts);
    int key_cols = 0, key_rows = 0;
    if (nk > 0) {
        double colw = key_col_width(ktexts, nk, fs);
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
        if (!has_text(text) || ev_x[i] < x0 || ev_x[i] > x1)
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
        label_at(c, tlines[i], (area.x0 + area.x1) / 2, y - title_lh / 2, ps, "center",
                 title_fs, "#000000");
        y -= title_lh;
    }
    double key_top = y - 2;
    y -= key_rows * lh * 1.1 + (key_rows ? 4 : 0);
    y -= ev_rows_used * ev_lh + (ev_rows_used ? 3 : 0);
    double top = y - (compact ? 3 : 4);
    double bottom = area.y0 + (compact ? 4 : 8) + n_foot * foot_lh;
    if (has_text(s->xlabel))
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
        log_tics(ylo, yhi, 0.05, headroom, s->lang, max_tics, &yt);
    else
        lin_tics(ylo, yhi, headroom, s->y_from_zero, s->lang, max_tics, &yt);

    fprintf(c, "unset title\nset lmargin at screen %.4f\nset rmargin at screen %.4f\n"
               "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
            left / ps->svg_w, right / ps->svg_w, top / ps->svg_h, bottom / ps->svg_h);
    if (has_text(s->xlabel)) {
        fputs("set xlabel ", c);
        q(c, s->xlabel);
        fputc('\n', c);
    } else {
        fputs("unset xlabel\n", c);
    }
    if (has_ylabel) {
        fputs("set ylabel ", c);
        q(c, s->ylabel);
        fputc('\n', c);
    } else {
        fputs("unset ylabel\n", c);
    }
    /* x tics: integer years, as many as fit (a label is about 5 digits). */
    int max_years = (int)fmax(2, fmin(12, pw / (mt_figlayout_text_width("20000", fs) + 6)));
    double ystep = year_step(x1 - x0, max_years);
    fputs("set xrange [", c);
    num(c, x0);
    fputc(':', c);
    num(c, x1);
    fputs("]\nset xtics ", c);
    num(c, ceil(x0 / ystep) * ystep);
    fputs(", ", c);
    num(c, ystep);
    fputs("\nunset mxtics\n", c);
    /* A log axis is fitted to the data (autoscaling would extend it to
     * whole decades and leave most of the chart empty). */
    fputs(s->log_y ? "set logscale y\n" : "unset logscale y\n", c);
    fputs("set offsets 0, 0, 0, 0\n", c);
    tics_write(c, 'y', &yt);

    if (nk == 0) {
        fputs("unset key\n", c);
    } else {
        /* The key sits between title and plot, so it never covers data. */
        fprintf(c, "set key at screen %.4f, screen %.4f center top horizontal maxcols %d "
                   "noopaque nobox\n", (area.x0 + area.x1) / 2 / ps->svg_w, key_top / ps->svg_h,
                key_cols);
    }
    for (int i = 0; i < n_foot; i++)
        label_at(c, flines[i], area.x0 + 8, area.y0 + 6 + (n_foot - 1 - i) * foot_lh + foot_lh / 2,
                 ps, "left", foot_fs, "#555555");

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
        if (ev_line[i]) {
            fputs("set arrow from ", c);
            num(c, ev_x[i]);
            fputs(", graph 0 to ", c);
            num(c, ev_x[i]);
            fputs(", graph 1 nohead ls 21 back\n", c);
        }
        if (ev_row[i] >= 0) {
            const char *text = ev_ref[i][0] ? ev_ref[i] : s->event_label[i];
            label_at(c, text, ev_lx[i], top + 3 + (ev_row[i] + 0.5) * ev_lh, ps, ev_just[i],
                     event_fs, "#555555");
        }
    }
    double seg_top = 1 - (seg_rows_used * seg_lh + (seg_rows_used ? 2 : 0)) / ph;
    for (size_t k = 0; k < s->n_series; k++) {
        const mt_fig_series *r = &s->series[k];
        for (size_t j = 0; j < r->n_jp; j++) {
            fputs("set arrow from ", c);
            num(c, r->jp_t[j]);
            fputs(", graph 0 to ", c);
            num(c, r->jp_t[j]);
            fprintf(c, ", graph %.3f nohead ls 23 back\n", seg_top);
        }
    }
    for (size_t i = 0; i < n_seg; i++) {
        /* in the colour of the series the label belongs to */
        label_at(c, seg[i].text, seg[i].x, top - 2 - (seg[i].row + 0.5) * seg_lh, ps, "center",
                 seg_fs, market_colour[seg[i].ls]);
    }
#undef X_PX

    /* Data and plot clauses: bands first (under everything), then fitted
     * lines, connecting lines, then points on top. */
    fputs("plot \\\n     ", c);
    int first = 1;
    int prov_titled = 0, excl_titled = 0, anom_titled = 0; /* one key entry each */
    for (int pass = 0; pass < 4; pass++) {
        for (size_t k = 0; k < s->n_series; k++) {
            const mt_fig_series *r = &s->series[k];
            double f = factor != NULL ? factor[k] : 1.0;
            int ls = series_style(r);
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
                    title_or_not(c, fit_label[k]);
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
                /* anomalies: a ring around the point, one key entry */
                int b = block_begin(o);
                for (size_t i = 0; i < r->n && r->anomaly != NULL; i++) {
                    double v[2] = {r->t[i], r->y[i] * f};
                    if (r->anomaly[i] && isfinite(v[1]))
                        row(o, v, 2);
                }
                if ((b = block_end(o, b)) >= 0) {
                    clause_sep(c, &first);
                    q(c, o->dat_name);
                    fprintf(c, " index %d using 1:2 with points pt 6 ps 2.2 lw 1.6 "
                               "lc rgb '#D55E00'", b);
                    title_or_not(c, anom_titled++ ? NULL : s->anomaly_label);
                }
            }
        }
    }
    if (first) /* nothing finite to draw: an empty chart with a fixed range */
        fputs(s->log_y ? "[] [1:10] NaN notitle" : "[] [0:1] NaN notitle", c);
    fputc('\n', c);
    for (size_t k = 0; k < s->n_series; k++)
        free(fit_buf[k]);
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
          "reset session\n", ff->o.gp);
    /* gnuplot's svg driver remembers the colour and pen of the last plot
     * drawn in the process, so an SVG would depend on which figure came
     * before it.  A blank plot to /dev/null leaves the same state whatever
     * was drawn before (tests/sh/figures_parallel.sh). */
    fputs("set terminal svg\nset output '/dev/null'\nunset border\nunset tics\nunset key\n"
          "plot [0:1] [0:1] 2 notitle\nunset output\nreset session\nload 'theme.gp'\n",
          ff->o.gp);
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
    chart_body(&ff.o, ff.bodyf, spec, factor, 0, ps, (px_box){0, 0, ps->svg_w, ps->svg_h});
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

    /* Same layout rules as a time chart: wrapped title, key under it,
     * every margin fixed, footnote at the bottom. */
    const double fs = ps->font, W = ps->svg_w, H = ps->svg_h;
    const double lh = mt_figlayout_line_height(fs), title_fs = fs + 2, foot_fs = fs - 2;
    double xl = INFINITY, xh = -INFINITY, yl = INFINITY, yh = -INFINITY;
    value_range(s->x, s->n, 1, s->log_xy, &xl, &xh);
    value_range(s->y, s->n, 1, s->log_xy, &yl, &yh);
    tickset xt, yt;
    int max_x = (int)fmax(3, fmin(8, (W * 0.8) / (6 * 0.64 * fs + 10)));
    int max_y = (int)fmax(3, fmin(8, (H * 0.55) / (2.4 * lh)));
    if (s->log_xy) {
        log_tics(xl, xh, 0.06, 0.1, s->lang, max_x, &xt);
        log_tics(yl, yh, 0.08, 0.08, s->lang, max_y, &yt);
    } else {
        lin_tics(xl, xh, 0.08, 0, s->lang, max_x, &xt);
        lin_tics(yl, yh, 0.08, 0, s->lang, max_y, &yt);
    }
    char tlines[2][MT_FL_LINE_MAX], flines[3][MT_FL_LINE_MAX];
    int n_title = mt_figlayout_wrap(s->title, W - 12, title_fs, 2, tlines);
    int n_foot = mt_figlayout_wrap(s->footnote, W - 14, foot_fs, 3, flines);
    const char *kt[2];
    size_t nk = 0;
    int any_hl = 0;
    for (size_t i = 0; i < s->n; i++)
        any_hl |= s->highlight != NULL && s->highlight[i] && isfinite(s->x[i]) && isfinite(s->y[i]);
    if (any_hl && has_text(s->highlight_label))
        kt[nk++] = s->highlight_label;
    if (isfinite(s->a) && isfinite(s->b) && has_text(s->fit_label))
        kt[nk++] = s->fit_label;
    double y = H - 6, title_lh = mt_figlayout_line_height(title_fs);
    for (int i = 0; i < n_title; i++) {
        label_at(c, tlines[i], W / 2, y - title_lh / 2, ps, "center", title_fs, "#000000");
        y -= title_lh;
    }
    int key_cols = 0, key_rows = 0;
    if (nk > 0) {
        double colw = key_col_width(kt, nk, fs);
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
    double left = 6 + 1.6 * fs + tics_width(&yt, fs) * 1.15 + 8;
    double right = W - 10 - tics_width(&xt, fs) / 2;
    fprintf(c, "unset title\nset lmargin at screen %.4f\nset rmargin at screen %.4f\n"
               "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
            left / W, right / W, top / H, bottom / H);
    for (int i = 0; i < n_foot; i++)
        label_at(c, flines[i], 8, 6 + (n_foot - 1 - i) * foot_lh + foot_lh / 2, ps, "left",
                 foot_fs, "#555555");
    fputs("set xlabel ", c);
    q(c, s->xlabel);
    fputs("\nset ylabel ", c);
    q(c, s->ylabel);
    fputs("\nset grid xtics ls 20\n", c);
    if (s->log_xy)
        fputs("set logscale xy\n", c);
    else
        fputs("unset logscale\n", c);
    fputs("set offsets 0, 0, 0, 0\n", c);
    tics_write(c, 'x', &xt);
    tics_write(c, 'y', &yt);
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
    /* Every panel has the same height on every page (a quarter of the A4
     * body); the page is as tall as its rows of panels, so a page never
     * ends in empty rows and two panels are never stretched to a page. */
    page_size dps = dash_size;
    const page_size *ps = &dps;
    size_t cols = d->cols == 0 ? 2 : d->cols;
    if (cols > d->n_panels)
        cols = d->n_panels;
    size_t rows = (d->n_panels + cols - 1) / cols;
    const double W = dash_size.svg_w, fs = dash_size.font, page_fs = fs + 3, foot_fs = fs - 2;
    const double panel_h = (dash_size.svg_h - 90) / 4.0;
    char tlines[2][MT_FL_LINE_MAX], flines[3][MT_FL_LINE_MAX];
    int n_title = mt_figlayout_wrap(d->title, W - 16, page_fs, 2, tlines);
    int n_foot = mt_figlayout_wrap(d->footnote, W - 14, foot_fs, 3, flines);
    double title_lh = mt_figlayout_line_height(page_fs), foot_lh = mt_figlayout_line_height(foot_fs) * 1.1;
    double head = 8 + n_title * title_lh + 6, foot = 8 + n_foot * foot_lh + 4;
    double H = ceil(head + rows * panel_h + foot);
    dps.svg_h = (int)H;
    dps.png_h = (int)lround(H * dash_size.png_w / dash_size.svg_w);
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
            files_discard(&ff);
            return st;
        }
        fputs("unset label\nunset arrow\nunset object\n", c);
        if (p == 0) {
            for (int i = 0; i < n_title; i++)
                label_at(c, tlines[i], W / 2, H - 8 - (i + 0.5) * title_lh, ps, "center", page_fs,
                         "#000000");
            for (int i = 0; i < n_foot; i++)
                label_at(c, flines[i], 8, 6 + (n_foot - 1 - i) * foot_lh + foot_lh / 2, ps, "left",
                         foot_fs, "#555555");
        }
        size_t r = p / cols, col = p % cols;
        double y1 = H - head - (double)r * panel_h;
        chart_body(&ff.o, c, sp, factor, 1, ps,
                   (px_box){col * pw, y1 - panel_h, (col + 1) * pw, y1});
    }
    fputs("unset multiplot\n", c);
    return files_finish(&ff, d->name, norm_formats(formats), ps, err);
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
