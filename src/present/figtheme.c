/*
 * figtheme.c - the house style (figtheme.h): plots/theme.gp, embedded, and
 * the colour, marker and open marker of each drug market.
 */
#include "figtheme.h"

#include "figscript.h"

#include <errno.h>
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
int mt_figtheme_series_style(const mt_fig_series *r)
{
    return r->style >= 1 && r->style <= 9 ? r->style : mt_figure_market_style(r->market);
}

/* Open marker for provisional points: the hollow twin of each market's
 * filled point type (theme.gp order). */
const int mt_figtheme_open_pt[10] = {8, 6, 4, 8, 10, 12, 14, 6, 4, 8};

const char *const mt_figtheme_colour[10] = {
    "#7F7F7F", "#0072B2", "#CC79A7", "#E69F00", "#D55E00",
    "#009E73", "#56B4E9", "#000000", "#997700", "#7F7F7F"};

mt_status mt_figure_write_theme(const char *dir, mt_error *err)
{
    char *p = mt_figscript_path(dir, "theme", ".gp");
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
    mt_status st = mt_figscript_close(f, p, err);
    free(p);
    return st;
}
