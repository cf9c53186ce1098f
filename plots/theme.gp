# theme.gp - monitrend house style for gnuplot 5.4.
#
# Every generated figure script loads this file (a copy is written beside the
# figures, so editing that copy restyles every figure of an edition when the
# scripts are run again by hand).  It sets styles only; the terminal, size and
# output file are set by each script:
#   report (A4 column, 16 x 10 cm): svg size 605,378 (96 dpi), pngcairo size
#       945,591 (150 dpi), pdfcairo size 16cm,10cm
#   slide (16:9, 25.4 x 14.3 cm):   svg size 960,540,  pngcairo size 1500,844
#   dashboard page (A4 portrait body, 17 x 24 cm): svg 643,907, png 1004,1417
# Terminals are `noenhanced`, so ^ _ { } @ & ~ in labels print as they are.
# svg and pngcairo output is byte-stable; pdfcairo embeds a creation date.

# --- Colours and markers: one fixed colour AND point type per drug market.
# Okabe & Ito (2008) colour-blind-safe palette; the yellow (#F0E442) is too
# light for lines on white, so "synthetic" uses the dark yellow #997700 of
# Paul Tol's high-contrast scheme instead.
mt_col_cocaine   = '#0072B2'   # blue,            pt 7  filled circle
mt_col_mdma      = '#CC79A7'   # reddish purple,  pt 5  filled square
mt_col_amph      = '#E69F00'   # orange,          pt 9  filled triangle
mt_col_meth      = '#D55E00'   # vermillion,      pt 11 filled inverted triangle
mt_col_cannabis  = '#009E73'   # bluish green,    pt 13 filled diamond
mt_col_ketamine  = '#56B4E9'   # sky blue,        pt 15 filled pentagon
mt_col_opioids   = '#000000'   # black,           pt 7  filled circle
mt_col_synthetic = '#997700'   # dark yellow,     pt 5  filled square
mt_col_other     = '#7F7F7F'   # grey,            pt 9  filled triangle
# Every market's marker is filled: open markers mean provisional or
# estimated values (the figures' footnotes say so).
mt_col_event     = '#555555'
mt_col_break     = '#999999'
mt_col_highlight = '#F0E442'

# Line styles 1-9 by market, in the order above; figure scripts refer to
# them by number (ls 1 = cocaine ... ls 9 = other/all markets).
set style line 1 lc rgb mt_col_cocaine   lw 1.5 pt 7  ps 0.9
set style line 2 lc rgb mt_col_mdma      lw 1.5 pt 5  ps 0.8
set style line 3 lc rgb mt_col_amph      lw 1.5 pt 9  ps 0.9
set style line 4 lc rgb mt_col_meth      lw 1.5 pt 11 ps 0.9
set style line 5 lc rgb mt_col_cannabis  lw 1.5 pt 13 ps 0.9
set style line 6 lc rgb mt_col_ketamine  lw 1.5 pt 15 ps 0.9
set style line 7 lc rgb mt_col_opioids   lw 1.5 pt 7  ps 0.9
set style line 8 lc rgb mt_col_synthetic lw 1.5 pt 5  ps 0.8
set style line 9 lc rgb mt_col_other     lw 1.5 pt 9  ps 0.9
# 20: grid; 21: event line; 22: definition break; 23: joinpoint.
set style line 20 lc rgb '#DDDDDD' lw 0.6 dt 1
set style line 21 lc rgb mt_col_event lw 0.8 dt 2
set style line 22 lc rgb mt_col_break lw 1.0 dt 3
set style line 23 lc rgb '#333333' lw 0.8 dt 4

# --- Axes, grid, key.
set border 3 lw 0.8 lc rgb '#444444'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid ytics ls 20
set grid noxtics
set key top left horizontal Left reverse noautotitle samplen 1.5 spacing 1.1 width 1 opaque box lc rgb '#FFFFFF'
set style fill transparent solid 0.22 noborder
set errorbars 0.5
set datafile missing '?'
set decimalsign '.'
set minussign
# Time axes show integer years; the script sets the tic step from the span.
set format x '%.0f'
# Room for a footnote of up to three lines below the x axis (scripts adjust
# bmargin and tmargin to the footnote and key; left and right are automatic,
# so long tic labels are never cut).
set bmargin 5
set tmargin 3
set rmargin 3
