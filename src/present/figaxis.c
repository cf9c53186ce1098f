/*
 * figaxis.c - the tics of time and value axes (figaxis.h), computed here
 * rather than by gnuplot so that the labels carry the edition's thousands
 * separators and decimal mark, their number fits the panel, and the layout
 * knows how wide they are.
 */
#include "figaxis.h"

#include "figlayout.h"
#include "figscript.h"
#include "monitrend/plot.h"

#include <math.h>
#include <string.h>

/* Tic step for a time axis spanning `span` years: integer years, at most
 * about max_labels labels. */
double mt_figaxis_year_step(double span, int max_labels)
{
    static const double steps[] = {1, 2, 5, 10, 20, 50, 100};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (span / steps[i] <= max_labels)
            return steps[i];
    return 100;
}

static void tics_add(mt_fig_tics *ts, double v, int decimals, mt_lang lang)
{
    if (ts->n >= MT_FIG_TICS_MAX)
        return;
    if (decimals > MT_FMT_DECIMALS_MAX)
        decimals = MT_FMT_DECIMALS_MAX;
    if (mt_fmt_fixed(v, decimals, lang, "", ts->label[ts->n], MT_FMT_MAX) != MT_OK)
        ts->label[ts->n][0] = '\0';
    ts->v[ts->n++] = v;
}

/* Widest tic label in px at font size `size`. */
double mt_figaxis_width(const mt_fig_tics *ts, double size)
{
    double w = 0;
    for (size_t i = 0; i < ts->n; i++)
        w = fmax(w, mt_figlayout_text_width(ts->label[i], size));
    return w;
}

void mt_figaxis_write(FILE *c, char axis, const mt_fig_tics *ts)
{
    if (ts->fixed_range) {
        fprintf(c, "set %crange [", axis);
        mt_figscript_num(c, ts->r0);
        fputc(':', c);
        mt_figscript_num(c, ts->r1);
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
        mt_plot_write_quoted(c, ts->label[i]);
        fputc(' ', c);
        mt_figscript_num(c, ts->v[i]);
    }
    fputs(")\n", c);
}

/* Tics mant[] x 10^e for e in [e0, e1] (every `every`-th decade) inside
 * [r0, r1]. */
static void log_tics_set(const double *mant, int n_mant, int every, int e0, int e1, double r0,
                         double r1, mt_lang lang, mt_fig_tics *c)
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
void mt_figaxis_log(double lo, double hi, double below, double above, mt_lang lang,
                     int max_tics, mt_fig_tics *ts)
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
    mt_fig_tics best, c;
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
void mt_figaxis_linear(double lo, double hi, double headroom, int from_zero, mt_lang lang,
                     int max_tics, mt_fig_tics *ts)
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
    for (long i = 0; i <= n && i < MT_FIG_TICS_MAX; i++) {
        double v = t0 + (double)i * step;
        if (fabs(v) < step * 1e-9)
            v = 0;
        tics_add(ts, v, d, lang);
    }
}

void mt_figaxis_value_range(const double *v, size_t n, double f, int positive, double *lo,
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
