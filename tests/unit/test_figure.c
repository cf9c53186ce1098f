/* test_figure.c - the figure generator on real data: Amsterdam cocaine
 * wastewater (2016 missing) with a fitted line and band; NL cocaine seizures
 * with a definition break in 2010, joinpoints, events, flagged points; a
 * cross-check (indexed members, scatter) and a dashboard.  Every SVG is
 * parsed with xmllint, every PNG's signature and size are checked, and the
 * output is byte-identical when written twice.
 *
 * Set MT_FIG_KEEP=1 to keep the rendered folder (its path is printed) and
 * look at the PNGs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "monitrend/figure.h"
#include "monitrend/plot.h"

/* tests/fixtures/output/amsterdam_cocaine.csv: EUDA wastewater 2025, site
 * NL001, cocaine, daily mean mg/1000 inh/day; 2016 absent in the source. */
static const double ams_t[] = {2011, 2012, 2013, 2014, 2015, 2016, 2017,
                               2018, 2019, 2020, 2021, 2022, 2023, 2024};
static const double ams_y[] = {644.1,  650.49, 393,    716.38, 641.72,  NAN,     734.04,
                               932.36, 986.15, 768.64, 886.83, 1142.43, 1209.96, 1206.28};

/* UNODC drug seizures 1970-2019 (seizures_1.csv), Netherlands, "Cocaine
 * (base, paste and salts)", kg, largest entry per year; the break at 2010 is
 * an illustrative definition change for the drawing test. */
static const double sz_t[] = {1999, 2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008,
                              2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018};
static double sz_y[20];

/* A log-linear OLS fit (by hand: the figure test needs a plausible line and
 * band, not a verified estimate) evaluated on a 10-step grid per year. */
typedef struct {
    double t[400], y[400], lo[400], hi[400];
    size_t n;
} fit_grid;

static void loglin(const double *t, const double *y, size_t n, double a, double b,
                   fit_grid *g, int append)
{
    double st = 0, sy = 0, stt = 0, sty = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]) || t[i] < a || t[i] >= b)
            continue;
        double ly = log(y[i]);
        st += t[i];
        sy += ly;
        stt += t[i] * t[i];
        sty += t[i] * ly;
        m++;
    }
    double tb = st / m, slope = (sty - m * tb * (sy / m)) / (stt - m * tb * tb);
    double icpt = sy / m - slope * tb, sxx = stt - m * tb * tb, rss = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(y[i]) && t[i] >= a && t[i] < b) {
            double r = log(y[i]) - icpt - slope * t[i];
            rss += r * r;
        }
    double s = sqrt(rss / (m - 2));
    if (!append)
        g->n = 0;
    double lo_t = fmax(a, t[0]), hi_t = fmin(b - 1, t[n - 1]);
    for (double x = lo_t; x <= hi_t + 1e-9; x += 0.1) {
        double se = s * sqrt(1 / m + (x - tb) * (x - tb) / sxx);
        double f = icpt + slope * x;
        g->t[g->n] = x;
        g->y[g->n] = exp(f);
        g->lo[g->n] = exp(f - 2.2 * se);
        g->hi[g->n] = exp(f + 2.2 * se);
        g->n++;
    }
}

static char dir[256];

/* Assert MT_OK and show the error message when it is not. */
#define assert_ok(call, err)                                                       \
    do {                                                                           \
        mt_status st_ = (call);                                                    \
        if (st_ != MT_OK)                                                          \
            print_error("%s\n", (err).msg);                                        \
        assert_int_equal(st_, MT_OK);                                              \
    } while (0)

static int run_cmd(char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void check_svg(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.svg", dir, name);
    char *argv[] = {"xmllint", "--noout", path, NULL};
    assert_int_equal(run_cmd(argv), 0);
}

static void check_png(const char *name, long min_size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char sig[24];
    assert_int_equal(fread(sig, 1, 24, f), 24);
    fclose(f);
    assert_memory_equal(sig, "\x89PNG\r\n\x1a\n", 8);
    /* IHDR width and height, big-endian, at bytes 16-23 */
    long w = (long)sig[16] << 24 | sig[17] << 16 | sig[18] << 8 | sig[19];
    long h = (long)sig[20] << 24 | sig[21] << 16 | sig[22] << 8 | sig[23];
    assert_true(w >= 900 && h >= 500);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size >= min_size);
}

static char *slurp(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    b[*len] = '\0';
    fclose(f);
    return b;
}

/* --- the figures --- */

static fit_grid ams_fit, sz_fit;

static mt_fig_spec amsterdam_spec(mt_fig_series *s)
{
    memset(s, 0, sizeof *s);
    s->label = "Amsterdam";
    s->market = "cocaine";
    s->n = 14;
    s->t = ams_t;
    s->y = ams_y;
    s->connect = 1;
    loglin(ams_t, ams_y, 14, 0, 1e9, &ams_fit, 0);
    s->n_fit = ams_fit.n;
    s->fit_t = ams_fit.t;
    s->fit_y = ams_fit.y;
    s->fit_lo = ams_fit.lo;
    s->fit_hi = ams_fit.hi;
    s->fit_label = "log-linear trend";
    s->band_label = "95% CI";
    static const double jp[1] = {2015.5};
    static const char *const seg[2] = {"APC +0.4%", "APC +7.1%"};
    s->n_jp = 1;
    s->jp_t = jp;
    s->segment_label = seg;
    mt_fig_spec f;
    memset(&f, 0, sizeof f);
    f.name = "ww cocaine Amsterdam";
    f.title = "Cocaine in wastewater, Amsterdam (benzoylecgonine)";
    f.ylabel = "mg/day per 1000 inhabitants";
    f.footnote = "Source: EUDA wastewater analysis 2025 (SCORE), site NL001. Coverage 2011-2024; "
                 "no sampling in 2016. Daily means of one week in spring; trend on the log scale "
                 "with 95% confidence band.";
    f.y_from_zero = 1;
    f.index_base = NAN;
    f.n_series = 1;
    f.series = s;
    static const double ev[1] = {2020.2};
    static const char *const evl[1] = {"COVID-19 lockdown"};
    f.n_events = 1;
    f.event_t = ev;
    f.event_label = evl;
    return f;
}

static unsigned char sz_flag[20];
static double sz_lo[20], sz_hi[20];

static mt_fig_spec seizure_spec(mt_fig_series *s)
{
    static const double raw[20] = {10361, 0, 0, 0, 17560, 12387, 14603, 10584.1, 10478, 6757,
                                   4934, 10020.992, 10089.63998, 10000, 12353.3, 8759.38,
                                   12009, 12009, 14628, 40134};
    for (int i = 0; i < 20; i++) {
        sz_y[i] = raw[i] > 0 ? raw[i] : NAN;  /* 2000-2002 not in our extract */
        sz_flag[i] = MT_FIG_OK;
        sz_lo[i] = sz_y[i] * 0.85;
        sz_hi[i] = sz_y[i] * 1.15;
    }
    sz_flag[17] = MT_FIG_PROVISIONAL;  /* 2016 repeats 2015 in the source */
    sz_flag[19] = MT_FIG_EXCLUDED;     /* 2018: one record haul */
    sz_y[19] = 40134;
    memset(s, 0, sizeof *s);
    s->label = "cocaïne (NL)";
    s->market = "Cocaine";
    s->n = 20;
    s->t = sz_t;
    s->y = sz_y;
    s->lo = sz_lo;
    s->hi = sz_hi;
    s->flag = sz_flag;
    double yfit[20];
    for (int i = 0; i < 20; i++)
        yfit[i] = sz_flag[i] == MT_FIG_OK ? sz_y[i] : NAN;
    loglin(sz_t, yfit, 20, 0, 2010, &sz_fit, 0);
    loglin(sz_t, yfit, 20, 2010, 1e9, &sz_fit, 1);
    s->n_fit = sz_fit.n;
    s->fit_t = sz_fit.t;
    s->fit_y = sz_fit.y;
    s->fit_lo = sz_fit.lo;
    s->fit_hi = sz_fit.hi;
    s->fit_label = "trend per definition";
    mt_fig_spec f;
    memset(&f, 0, sizeof f);
    f.name = "seizures 'NL' \"cocaine\"";
    f.title = "Cocaïnevangsten, Nederland";
    f.ylabel = "kg";
    f.footnote = "Bron: UNODC drug seizures 1970-2019. Definitie gewijzigd in 2010 (lijn niet "
                 "doorgetrokken). Open symbool: voorlopig; kruis: uitgesloten (recordvangst).";
    f.log_y = 1;
    f.lang = MT_LANG_NL;
    f.index_base = NAN;
    f.n_series = 1;
    f.series = s;
    static const double br[1] = {2010};
    f.n_breaks = 1;
    f.break_t = br;
    f.provisional_label = "voorlopig";
    f.excluded_label = "uitgesloten";
    return f;
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/mt-figure-XXXXXX");
    return mkdtemp(dir) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    if (getenv("MT_FIG_KEEP") != NULL) {
        printf("kept %s\n", dir);
        return 0;
    }
    char *argv[] = {"rm", "-rf", dir, NULL};
    return run_cmd(argv);
}

static void test_theme_matches_plots_theme(void **state)
{
    (void)state;
    FILE *f = fopen("plots/theme.gp", "rb");
    assert_non_null(f);
    char buf[16384];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    assert_string_equal(mt_figure_theme(), buf);
}

static void test_market_styles(void **state)
{
    (void)state;
    assert_int_equal(mt_figure_market_style("cocaine"), 1);
    assert_int_equal(mt_figure_market_style("Cocaine"), 1);
    assert_int_equal(mt_figure_market_style("ecstasy"), 2);
    assert_int_equal(mt_figure_market_style("MDMA"), 2);
    assert_int_equal(mt_figure_market_style("heroin"), 7);
    assert_int_equal(mt_figure_market_style("cannabis"), 5);
    assert_int_equal(mt_figure_market_style("all"), 9);
    assert_int_equal(mt_figure_market_style(NULL), 9);
    assert_int_equal(mt_figure_market_style("cocaine2"), 9);
}

static void test_render_real_data(void **state)
{
    (void)state;
    mt_error err;
    mt_error_clear(&err);
    mt_fig_series s1, s2;
    mt_fig_spec f1 = amsterdam_spec(&s1), f2 = seizure_spec(&s2);
    assert_ok(mt_figure_write(dir, &f1, MT_FIG_SVG | MT_FIG_PNG, &err), err);
    assert_ok(mt_figure_write(dir, &f2, MT_FIG_SVG | MT_FIG_PNG, &err), err);

    /* cross-check: wastewater vs seizures indexed to 2011 = 100 */
    mt_fig_series cs[2] = {s1, s2};
    cs[0].label = "wastewater, Amsterdam";
    cs[0].n_jp = 0;
    cs[1].label = "seizures, NL";
    cs[1].market = "other";
    cs[1].n_fit = 0;
    cs[1].flag = NULL;
    static const double hf[1] = {2017.5}, ht[1] = {2018.5};
    mt_fig_spec f3;
    memset(&f3, 0, sizeof f3);
    f3.name = "crosscheck cocaine index";
    f3.title = "Cocaine: wastewater and seizures, index 2011 = 100";
    f3.ylabel = "index (2011 = 100)";
    f3.footnote = "Shaded: periods where the two indicators disagree (p < 0.05).";
    f3.index_base = 2011;
    f3.n_series = 2;
    f3.series = cs;
    f3.n_highlights = 1;
    f3.hl_from = hf;
    f3.hl_to = ht;
    f3.log_y = 1;
    assert_ok(mt_figure_write(dir, &f3, MT_FIG_SVG | MT_FIG_PNG, &err), err);

    /* scatter of the two over the common years 2011-2018 */
    double x[8], y[8], t[8];
    unsigned char hl[8] = {0};
    for (int i = 0; i < 8; i++) {
        t[i] = 2011 + i;
        x[i] = sz_y[12 + i];
        y[i] = ams_y[i];
    }
    hl[7] = 1;
    mt_fig_scatter sc = {.name = "crosscheck cocaine scatter",
                         .title = "Wastewater against seizures, cocaine",
                         .xlabel = "seizures (kg)",
                         .ylabel = "wastewater (mg/day/1000)",
                         .footnote = "Labels: year. Circled: disagreeing year.",
                         .market = "cocaine", .n = 8, .x = x, .y = y, .t = t,
                         .highlight = hl, .highlight_label = "disagreement",
                         .a = 5.0, .b = 0.15, .fit_label = "fitted", .log_xy = 1};
    assert_ok(mt_figure_write_scatter(dir, &sc, MT_FIG_SVG | MT_FIG_PNG, &err), err);

    /* dashboard of the three time charts */
    mt_fig_spec panels[3] = {f1, f2, f3};
    mt_fig_dashboard d = {.name = "theme use", .title = "Theme: use and markets",
                          .footnote = "Sources: EUDA, UNODC. See the single figures for notes.",
                          .n_panels = 3, .panels = panels, .cols = 2};
    assert_ok(mt_figure_write_dashboard(dir, &d, MT_FIG_SVG | MT_FIG_PNG, &err), err);

    const char *names[] = {"ww cocaine Amsterdam", "seizures 'NL' \"cocaine\"",
                           "crosscheck cocaine index", "crosscheck cocaine scatter", "theme use"};
    assert_ok(mt_figure_render(dir, names, 5, MT_FIG_SVG | MT_FIG_PNG, NULL, &err), err);
    for (int i = 0; i < 5; i++) {
        check_svg(names[i]);
        check_png(names[i], 10000);
    }
    /* UTF-8 texts reach the SVG unchanged. */
    size_t len;
    char *svg = slurp("seizures 'NL' \"cocaine\".svg", &len);
    assert_non_null(svg);
    assert_non_null(strstr(svg, "Cocaïnevangsten, Nederland"));
    assert_non_null(strstr(svg, "cocaïne (NL)"));
    /* Dutch tic labels: thousands point */
    assert_non_null(strstr(svg, ">10.000<"));
    free(svg);
    /* The fitted line is broken at the 2010 break: the .dat block of the
     * fit has an empty line between the last 2009.x and 2010 rows. */
    char *dat = slurp("seizures 'NL' \"cocaine\".dat", &len);
    assert_non_null(dat);
    assert_non_null(strstr(dat, "\n\n2010 "));
    /* missing periods are not written as NaN */
    assert_null(strstr(dat, "nan"));
    free(dat);

    /* Byte-identical when written and rendered again. */
    char *gp1 = slurp("ww cocaine Amsterdam.gp", &len);
    size_t l1;
    char *svg1 = slurp("ww cocaine Amsterdam.svg", &l1);
    assert_ok(mt_figure_write(dir, &f1, MT_FIG_SVG | MT_FIG_PNG, &err), err);
    assert_ok(mt_figure_render(dir, names, 1, MT_FIG_SVG | MT_FIG_PNG, NULL, &err), err);
    size_t len2, l2;
    char *gp2 = slurp("ww cocaine Amsterdam.gp", &len2);
    char *svg2 = slurp("ww cocaine Amsterdam.svg", &l2);
    assert_int_equal(len, len2);
    assert_memory_equal(gp1, gp2, len);
    assert_int_equal(l1, l2);
    assert_memory_equal(svg1, svg2, l1);
    free(gp1);
    free(gp2);
    free(svg1);
    free(svg2);

    /* A script rebuilds by hand: gnuplot run in the folder on the .gp. */
    char cmd[600];
    snprintf(cmd, sizeof cmd, "%s/ww cocaine Amsterdam.svg", dir);
    assert_int_equal(unlink(cmd), 0);
    assert_int_equal(mt_plot_run(dir, (const char *const[]){"ww cocaine Amsterdam.gp"}, 1,
                                 (const char *const[]){"ww cocaine Amsterdam.svg"}, 1, NULL,
                                 &err),
                     MT_OK);
}

static void test_pdf_on_request(void **state)
{
    (void)state;
    mt_error err;
    mt_fig_series s1;
    mt_fig_spec f1 = amsterdam_spec(&s1);
    f1.name = "pdf one";
    f1.size = MT_FIG_SLIDE;
    assert_ok(mt_figure_write(dir, &f1, MT_FIG_PDF, &err), err);
    const char *names[] = {"pdf one"};
    assert_ok(mt_figure_render(dir, names, 1, MT_FIG_PDF, NULL, &err), err);
    size_t len;
    char *pdf = slurp("pdf one.pdf", &len);
    assert_non_null(pdf);
    assert_memory_equal(pdf, "%PDF", 4);
    free(pdf);
    /* 0 formats means png */
    f1.name = "default format";
    assert_ok(mt_figure_write(dir, &f1, 0, &err), err);
    names[0] = "default format";
    assert_ok(mt_figure_render(dir, names, 1, 0, NULL, &err), err);
    check_png("default format", 20000);
}

static void test_empty_and_flagged_charts(void **state)
{
    (void)state;
    /* every value missing: an empty chart, not a gnuplot syntax error */
    static const double t[3] = {2020, 2021, 2022}, y[3] = {NAN, NAN, NAN};
    static const unsigned char fl[3] = {MT_FIG_PROVISIONAL, MT_FIG_EXCLUDED, MT_FIG_OK};
    static const double y2[3] = {5, 6, 7};
    mt_fig_series s[2];
    memset(s, 0, sizeof s);
    s[0].n = 3;
    s[0].t = t;
    s[0].y = y;
    s[0].connect = 1;
    mt_fig_spec f;
    memset(&f, 0, sizeof f);
    f.name = "empty";
    f.title = "Geen gegevens";
    f.ylabel = "n";
    f.index_base = NAN;
    f.n_series = 1;
    f.series = s;
    mt_error err;
    assert_ok(mt_figure_write(dir, &f, MT_FIG_SVG, &err), err);
    /* two flagged series: one key entry each for provisional and excluded */
    s[0].y = y2;
    s[0].flag = fl;
    s[0].market = "mdma";
    s[1] = s[0];
    s[1].market = "ketamine";
    f.name = "flagged";
    f.n_series = 2;
    f.provisional_label = "provisional";
    f.excluded_label = "excluded";
    assert_ok(mt_figure_write(dir, &f, MT_FIG_SVG, &err), err);
    const char *names[] = {"empty", "flagged"};
    assert_ok(mt_figure_render(dir, names, 2, MT_FIG_SVG, NULL, &err), err);
    check_svg("empty");
    check_svg("flagged");
    size_t len;
    char *gp = slurp("flagged.gp", &len);
    const char *p = gp;
    int n = 0;
    while ((p = strstr(p, "title 'provisional'")) != NULL) {
        n++;
        p++;
    }
    assert_int_equal(n, 1); /* once per format, one format */
    assert_non_null(strstr(gp, "ls 2 pt 4 ps 1.1")); /* mdma: open square */
    assert_non_null(strstr(gp, "ls 6 pt 14 ps 1.1")); /* ketamine: open pentagon */
    free(gp);
}

/* Log-axis tics (hand derivation of the rule in figure.c): data 3,000-50,000
 * without segment labels get room of 5% of the span (log10(50000/3000) =
 * 1.222 decades) below and 4% above: range [3000 / 10^0.0611, 50000 x
 * 10^0.0489] = [2605, 55,960]; 1-2-5 tics inside it: 5,000 10,000 20,000
 * 50,000 (four, within the cap).  A narrow range 1.6-1.9 (a prevalence): a
 * span under 0.3 decades is widened to 0.3, so the range is [1.6 / 10^0.015,
 * 1.9 x 10^0.012] = [1.545, 1.953]; 1-2-5, 1-2-3-5 and the fine set have no
 * tic inside it, so even steps are tried: 0.5 gives none, 0.25 one (1.75),
 * 0.2 two, 0.1 four (1.6 1.7 1.8 1.9). */
static void test_log_tics_and_layout(void **state)
{
    (void)state;
    static const double t[4] = {2020, 2021, 2022, 2023}, y[4] = {3000, 9000, 20000, 50000},
                        y2[4] = {1.6, 1.7, 1.8, 1.9};
    static const double jp[1] = {2021.5};
    static const char *const seg[2] = {"APC +1000.0%", "APC +150.0%"};
    static const double ev_t[2] = {2021, 2021.2};
    static const char *const ev_l[2] = {"A long event label that needs a row",
                                        "Another long event label close by"};
    mt_fig_series s;
    memset(&s, 0, sizeof s);
    s.label = "observed";
    s.market = "cocaine";
    s.n = 4;
    s.t = t;
    s.y = y;
    mt_fig_spec f;
    memset(&f, 0, sizeof f);
    f.name = "logtics";
    f.title = "A title long enough to be wrapped at a word boundary onto a second line of the "
              "chart, and then some more words";
    f.ylabel = "kg";
    f.log_y = 1;
    f.index_base = NAN;
    f.n_series = 1;
    f.series = &s;
    f.lang = MT_LANG_NL;
    f.n_events = 2;
    f.event_t = ev_t;
    f.event_label = ev_l;
    mt_error err;
    assert_ok(mt_figure_write(dir, &f, MT_FIG_SVG, &err), err);
    size_t len;
    char *gp = slurp("logtics.gp", &len);
    assert_non_null(strstr(gp, "set ytics ('5.000' 5000, '10.000' 10000, '20.000' 20000, "
                               "'50.000' 50000)\n"));
    const char *yr0 = strstr(gp, "set yrange [");
    assert_non_null(yr0);
    assert_float_equal(strtod(strchr(yr0, ':') + 1, NULL), 55960, 10);
    /* every margin fixed, so the layout is known */
    assert_non_null(strstr(gp, "set lmargin at screen "));
    assert_non_null(strstr(gp, "set tmargin at screen "));
    /* the title in two lines, cut at a space */
    assert_non_null(strstr(gp, "set label 'A title long enough to be wrapped at a word boundary"));
    /* the two event labels in different rows: different y */
    const char *a = strstr(gp, "set label 'A long event label");
    const char *b = strstr(gp, "set label 'Another long event label");
    assert_non_null(a);
    assert_non_null(b);
    double ya = strtod(strstr(a, "screen ") + 7 + strcspn(strstr(a, "screen ") + 7, " ") + 8, NULL);
    double yb = strtod(strstr(b, "screen ") + 7 + strcspn(strstr(b, "screen ") + 7, " ") + 8, NULL);
    assert_true(fabs(ya - yb) > 0.01);
    /* no rotated text anywhere */
    assert_null(strstr(gp, "rotate"));
    free(gp);

    /* with segment labels the top gets room for their row: the range grows
     * and the labels sit at the top, centred on their segments */
    s.n_jp = 1;
    s.jp_t = jp;
    s.segment_label = seg;
    f.name = "logtics-jp";
    assert_ok(mt_figure_write(dir, &f, MT_FIG_SVG, &err), err);
    gp = slurp("logtics-jp.gp", &len);
    assert_non_null(strstr(gp, "set label 'APC +1000.0%' at screen "));
    assert_non_null(strstr(gp, "set label 'APC +150.0%' at screen "));
    /* the top of the range: 50000 x 10^(1.222 x (0.04 + room for a row))
     * exceeds the 55,960 of the chart without labels */
    const char *yr = strstr(gp, "set yrange [");
    assert_non_null(yr);
    double top = strtod(strchr(yr, ':') + 1, NULL);
    assert_true(top > 56000);
    free(gp);

    s.y = y2;
    s.n_jp = 0;
    f.n_events = 0;
    f.name = "narrowlog";
    assert_ok(mt_figure_write(dir, &f, MT_FIG_SVG, &err), err);
    gp = slurp("narrowlog.gp", &len);
    /* tic positions 1.6 ... 1.9, written as the shortest round-trip numbers */
    assert_non_null(strstr(gp, "set ytics ('1,6' 1.6, '1,7' 1.7, '1,8' 1.8, '1,9' 1.9)\n"));
    free(gp);
    const char *names[] = {"logtics", "logtics-jp", "narrowlog"};
    assert_ok(mt_figure_render(dir, names, 3, MT_FIG_SVG, NULL, &err), err);
    check_svg("logtics");
    check_svg("narrowlog");
}

/* A panel title fits two lines of the panel's width (page 643 px wide, 9 pt
 * type, 12 px of margin): "word " is about 23 px wide in DejaVu Sans at 9 px
 * (w 0.818, o 0.612, r 0.411, d 0.635, space 0.318 em; 2.79 em), so a 3-column
 * panel (202 px a line) holds about 8 words a line, 16 in two, and a page-wide
 * one (631 px) about 27 a line. */
static void test_panel_title_fits(void **state)
{
    (void)state;
    char words[256] = "";
    for (int i = 0; i < 20; i++)
        strcat(words, i ? " word" : "word");
    assert_int_equal(mt_figure_panel_title_fits("Drug seizures in Belgium, cannabis, BE", 3), 1);
    assert_int_equal(mt_figure_panel_title_fits(words, 3), 0);
    assert_int_equal(mt_figure_panel_title_fits(words, 1), 1);
    assert_int_equal(mt_figure_panel_title_fits(NULL, 3), 0);
    assert_int_equal(mt_figure_panel_title_fits("x", 0), 0);
}

static void test_bad_descriptions(void **state)
{
    (void)state;
    mt_error err;
    mt_fig_series s1;
    mt_fig_spec f = amsterdam_spec(&s1);
    f.name = "a/b";
    assert_int_equal(mt_figure_write(dir, &f, MT_FIG_SVG, &err), MT_EINVAL);
    assert_non_null(strstr(err.msg, "plain file name"));
    f.name = "";
    assert_int_equal(mt_figure_write(dir, &f, MT_FIG_SVG, &err), MT_EINVAL);
    f.name = "ok";
    f.n_series = 0;
    assert_int_equal(mt_figure_write(dir, &f, MT_FIG_SVG, &err), MT_EINVAL);
    assert_string_equal(err.msg, "figure: no series to draw");
    f.n_series = 1;
    static const double bad_t[3] = {2001, 2000, 2002};
    mt_fig_series s2 = s1;
    s2.t = bad_t;
    s2.n = 3;
    f.series = &s2;
    assert_int_equal(mt_figure_write(dir, &f, MT_FIG_SVG, &err), MT_EINVAL);
    assert_string_equal(err.msg, "figure: series 0: t must increase (t[1] <= t[0])");
    f.series = &s1;
    f.index_base = 2016; /* missing observed value, and not on the fit grid */
    s1.n_fit = 0;
    assert_int_equal(mt_figure_write(dir, &f, MT_FIG_SVG, &err), MT_EINVAL);
    assert_non_null(strstr(err.msg, "index base"));
    f.index_base = NAN;
    f.n_events = MT_FIG_ITEMS_MAX + 1;
    assert_int_equal(mt_figure_write(dir, &f, MT_FIG_SVG, &err), MT_ELIMIT);
    f.n_events = 0;
    assert_int_equal(mt_figure_write("/nonexistent/dir", &f, MT_FIG_SVG, &err), MT_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/dir/theme.gp: cannot write"));
    const char *names[] = {"never written"};
    assert_int_equal(mt_figure_render(dir, names, 1, MT_FIG_SVG, NULL, &err), MT_EPLOT);
    assert_int_equal(mt_figure_render(dir, names, 0, MT_FIG_SVG, NULL, &err), MT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_theme_matches_plots_theme),
        cmocka_unit_test(test_market_styles),
        cmocka_unit_test(test_render_real_data),
        cmocka_unit_test(test_pdf_on_request),
        cmocka_unit_test(test_empty_and_flagged_charts),
        cmocka_unit_test(test_log_tics_and_layout),
        cmocka_unit_test(test_bad_descriptions),
        cmocka_unit_test(test_panel_title_fits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
