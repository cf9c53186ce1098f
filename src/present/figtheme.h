/*
 * figtheme.h - colours and markers of the house style (internal to
 * src/present; plots/theme.gp has the same, for gnuplot).
 */
#ifndef MONITREND_FIGTHEME_H
#define MONITREND_FIGTHEME_H

#include "monitrend/figure.h"

/* A series' style 1-9: its own when set, else its market's. */
int mt_figtheme_series_style(const mt_fig_series *r);

/* Open marker for provisional points per style: the hollow twin of each
 * market's filled point type (theme.gp order). */
extern const int mt_figtheme_open_pt[10];

/* "#RRGGBB" per style (0 and 9 grey). */
extern const char *const mt_figtheme_colour[10];

#endif
