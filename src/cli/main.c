/*
 * main.c - monitrend's command line: parse, validate, dispatch.
 *
 * Usage errors go to stderr with exit status 2; --help goes to stdout with
 * exit status 0.  Every option is validated here, before any file is read,
 * so that a typo never costs a long run.
 */
#include "cli.h"

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/init.h"
#include "monitrend/guard.h"

/* Which commands accept an option (bit per command). */
#define C_RUN (1u << MT_CMD_RUN)
#define C_CHECK (1u << MT_CMD_CHECK)
#define C_TREND (1u << MT_CMD_TREND)
#define C_CC (1u << MT_CMD_CROSSCHECK)
#define C_CMP (1u << MT_CMD_COMPARE)
#define C_ALL (C_RUN | C_CHECK | C_TREND | C_CC | C_CMP)
#define C_WRITE (C_RUN | C_TREND | C_CC | C_CMP)
#define C_ANALYSE (C_RUN | C_TREND | C_CMP)

enum {
    OPT_LANG = 256, OPT_FORMAT, OPT_SEED, OPT_NO_FIGURES, OPT_JOBS, OPT_SCALE,
    OPT_SELECT, OPT_MAXJP, OPT_MINEND, OPT_MINBETWEEN, OPT_PERMS, OPT_EARLY,
    OPT_RECENT, OPT_BREAKS, OPT_TRIM, OPT_MAXBREAKS, OPT_BOOT, OPT_A, OPT_B,
    OPT_MINOVERLAP, OPT_LAGS, OPT_VERSION, OPT_VARIANCE, OPT_ZEROS,
    OPT_EXPECT, OPT_RESULTS, OPT_FIGTIMEOUT, OPT_SEASON,
    OPT_PROJECT, OPT_ERRORS
};

static const struct {
    int id;
    unsigned cmds;
} opt_scope[] = {
    {'o', C_WRITE}, {'q', C_ALL}, {'v', C_ALL}, {OPT_LANG, C_WRITE | C_CHECK},
    {OPT_FORMAT, C_WRITE}, {OPT_SEED, C_WRITE}, {OPT_NO_FIGURES, C_WRITE},
    {OPT_JOBS, C_ANALYSE}, {OPT_SCALE, C_ANALYSE}, {OPT_VARIANCE, C_ANALYSE},
    {OPT_ZEROS, C_ANALYSE}, {OPT_SELECT, C_ANALYSE},
    {OPT_MAXJP, C_ANALYSE}, {OPT_MINEND, C_ANALYSE}, {OPT_MINBETWEEN, C_ANALYSE},
    {OPT_PERMS, C_ANALYSE}, {OPT_EARLY, C_ANALYSE}, {OPT_RECENT, C_ANALYSE},
    {OPT_BREAKS, C_ANALYSE}, {OPT_TRIM, C_ANALYSE}, {OPT_MAXBREAKS, C_ANALYSE},
    {OPT_BOOT, C_ANALYSE}, {OPT_PROJECT, C_ANALYSE}, {OPT_ERRORS, C_ANALYSE},
    {OPT_A, C_CC | C_CMP}, {OPT_B, C_CC | C_CMP},
    {OPT_MINOVERLAP, C_RUN | C_CC | C_CMP}, {OPT_LAGS, C_RUN | C_CC},
    {OPT_EXPECT, C_CC}, {OPT_RESULTS, C_ANALYSE}, {OPT_FIGTIMEOUT, C_WRITE},
    {OPT_SEASON, C_ANALYSE},
};

static const struct option long_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"lang", required_argument, NULL, OPT_LANG},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"results", required_argument, NULL, OPT_RESULTS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"no-figures", no_argument, NULL, OPT_NO_FIGURES},
    {"figure-timeout", required_argument, NULL, OPT_FIGTIMEOUT},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"scale", required_argument, NULL, OPT_SCALE},
    {"variance", required_argument, NULL, OPT_VARIANCE},
    {"zeros", required_argument, NULL, OPT_ZEROS},
    {"season", required_argument, NULL, OPT_SEASON},
    {"select", required_argument, NULL, OPT_SELECT},
    {"max-joinpoints", required_argument, NULL, OPT_MAXJP},
    {"min-end", required_argument, NULL, OPT_MINEND},
    {"min-between", required_argument, NULL, OPT_MINBETWEEN},
    {"permutations", required_argument, NULL, OPT_PERMS},
    {"early-stop", no_argument, NULL, OPT_EARLY},
    {"recent", required_argument, NULL, OPT_RECENT},
    {"breaks", required_argument, NULL, OPT_BREAKS},
    {"trim", required_argument, NULL, OPT_TRIM},
    {"max-breaks", required_argument, NULL, OPT_MAXBREAKS},
    {"bootstrap", required_argument, NULL, OPT_BOOT},
    {"project", required_argument, NULL, OPT_PROJECT},
    {"errors", required_argument, NULL, OPT_ERRORS},
    {"a", required_argument, NULL, OPT_A},
    {"b", required_argument, NULL, OPT_B},
    {"min-overlap", required_argument, NULL, OPT_MINOVERLAP},
    {"lags", required_argument, NULL, OPT_LAGS},
    {"expect", required_argument, NULL, OPT_EXPECT},
    {NULL, 0, NULL, 0},
};

static int usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("monitrend: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'monitrend --help'.\n", stderr);
    return MT_EXIT_USAGE;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* A comma list of names (at least one) into the OR of their bits; -1 on an
 * unknown or empty list.  --format svg,png,pdf and --results csv,json. */
static int parse_list(const char *s, const char *const *names, const unsigned *bits, size_t n,
                      unsigned *out)
{
    unsigned f = 0;
    const char *p = s;
    while (*p) {
        size_t len = strcspn(p, ",");
        size_t k = 0;
        while (k < n && !(strlen(names[k]) == len && strncmp(p, names[k], len) == 0))
            k++;
        if (k == n)
            return -1;
        f |= bits[k];
        p += len;
        if (*p == ',')
            p++;
    }
    if (f == 0)
        return -1;
    *out = f;
    return 0;
}

static const char *const format_names[] = {"svg", "png", "pdf"};
static const unsigned format_bits[] = {MT_FMT_SVG, MT_FMT_PNG, MT_FMT_PDF};
/* --results: csv (the tables under results/), json (results.json) */
static const char *const result_names[] = {"csv", "json"};
static const unsigned result_bits[] = {MT_RESULTS_CSV, MT_RESULTS_JSON};

mt_cmd mt_cmd_parse(const char *s)
{
    for (int c = MT_CMD_RUN; c <= MT_CMD_COMPARE; c++)
        if (strcmp(s, mt_cmd_name((mt_cmd)c)) == 0)
            return (mt_cmd)c;
    return MT_CMD_NONE;
}

const char *mt_cmd_name(mt_cmd c)
{
    static const char *names[] = {"", "run", "check", "trend", "crosscheck", "compare"};
    assert((size_t)c < sizeof names / sizeof names[0]);
    return names[c];
}

/* The name of option ch as a user writes it ("--lang", "-o"); static storage. */
static const char *option_name(int ch)
{
    static char buf[40];
    for (size_t i = 0; long_opts[i].name != NULL; i++)
        if (long_opts[i].val == ch) {
            if (ch < 256)
                snprintf(buf, sizeof buf, "-%c", ch);
            else
                snprintf(buf, sizeof buf, "--%s", long_opts[i].name);
            break;
        }
    return buf;
}

static int check_stdout(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("monitrend: error writing to standard output\n", stderr);
        return rc == MT_EXIT_OK ? MT_EXIT_FAILURE : rc;
    }
    return rc;
}

int main(int argc, char **argv)
{
    /* GSL errors are recorded per thread and checked by the caller (an
     * allocation failure inside GSL must be an error, never a crash). */
    mt_init();
    /* SIGINT/SIGTERM/SIGHUP: kill gnuplot, remove the temporary edition,
     * exit 128 + signal.  Before any thread exists (see guard.h). */
    if (mt_guard_install() != MT_OK) {
        fputs("monitrend: cannot start the signal watcher\n", stderr);
        return MT_EXIT_FAILURE;
    }
    if (argc < 2)
        return usage_error("%s", "missing command");

    mt_cmd c = MT_CMD_NONE;
    int argi = 1;
    if (argv[1][0] != '-') {
        c = mt_cmd_parse(argv[1]);
        if (c == MT_CMD_NONE)
            return usage_error("unknown command '%s'", argv[1]);
        argi = 2;
    }

    mt_options o;
    mt_options_default(&o);
    const char *series_a = NULL, *series_b = NULL;

    /* getopt_long over argv shifted past the command */
    char **av = argv + argi - 1;
    int ac = argc - argi + 1;
    optind = 1;
    opterr = 0;
    int ch;
    long lv;
    const char *expected;
    double dv;
    while ((ch = getopt_long(ac, av, ":ho:qv", long_opts, NULL)) != -1) {
        if (ch == 'h') {
            mt_cli_help(c);
            return check_stdout(MT_EXIT_OK);
        }
        if (ch == OPT_VERSION) {
            printf("monitrend %s\n", MT_VERSION);
            return check_stdout(MT_EXIT_OK);
        }
        if (ch == '?')
            return usage_error("unknown option '%s'", av[optind - 1]);
        if (ch == ':')
            return usage_error("option '%s' needs a value", av[optind - 1]);
        if (c == MT_CMD_NONE)
            return usage_error("%s", "missing command");
        unsigned scope = 0;
        for (size_t i = 0; i < sizeof opt_scope / sizeof opt_scope[0]; i++)
            if (opt_scope[i].id == ch)
                scope = opt_scope[i].cmds;
        if (!(scope & (1u << c)))
            return usage_error("option '%s' does not apply to '%s'", option_name(ch), mt_cmd_name(c));
        switch (ch) {
        case 'o':
            if (optarg[0] == '\0')
                return usage_error("%s", "-o expects a folder name, got ''");
            o.out_dir = optarg;
            break;
        case 'q': o.verbosity = -1; break;
        case 'v': o.verbosity = 1; break;
        case OPT_LANG:
            if (strcmp(optarg, "en") == 0) o.lang = MT_LANG_EN;
            else if (strcmp(optarg, "nl") == 0) o.lang = MT_LANG_NL;
            else return usage_error("--lang expects en or nl, got '%s'", optarg);
            o.lang_set = 1;
            break;
        case OPT_FORMAT:
            if (parse_list(optarg, format_names, format_bits, 3, &o.formats) != 0)
                return usage_error("--format expects a comma list of svg, png, pdf, got '%s'", optarg);
            o.formats_set = 1;
            break;
        case OPT_RESULTS:
            if (parse_list(optarg, result_names, result_bits, 2, &o.results) != 0)
                return usage_error("--results expects a comma list of csv, json, got '%s'", optarg);
            break;
        case OPT_SEED:
            if (parse_long(optarg, 0, LONG_MAX, &lv) != 0)
                return usage_error("--seed expects a non-negative integer, got '%s'", optarg);
            o.seed = (unsigned long)lv;
            o.seed_set = 1;
            break;
        case OPT_NO_FIGURES: o.figures = 0; break;
        case OPT_FIGTIMEOUT:
            if (mt_options_parse_number(MT_OPT_FIGURE_TIMEOUT, optarg, &dv, &expected) != MT_OK)
                return usage_error("--figure-timeout expects %s, got '%s'", expected, optarg);
            o.figure_timeout = dv;
            o.figure_timeout_set = 1;
            break;
        case OPT_JOBS:
            if (parse_long(optarg, 1, 1024, &lv) != 0)
                return usage_error("--jobs expects an integer from 1 to 1024, got '%s'", optarg);
            o.jobs = (size_t)lv;
            break;
        case OPT_SCALE:
            if (mt_scale_parse(optarg, &o.scale) != MT_OK)
                return usage_error("--scale expects auto, log or linear, got '%s'", optarg);
            o.scale_set = 1;
            break;
        case OPT_VARIANCE:
            if (mt_variance_parse(optarg, &o.variance) != MT_OK)
                return usage_error("--variance expects auto, constant, poisson or quasipoisson, got '%s'",
                                    optarg);
            o.variance_set = 1;
            break;
        case OPT_ZEROS:
            if (mt_zeros_parse(optarg, &o.zeros) != MT_OK)
                return usage_error("--zeros expects exclude, linear or half-min, got '%s'", optarg);
            o.zeros_set = 1;
            break;
        case OPT_SEASON: {
            mt_error se;
            if (mt_season_parse(optarg, &o.season, &se) != MT_OK)
                return usage_error("--season expects auto, none, dummies, fourier or 'fourier K' "
                                   "(K 1 to %d), got '%s'", MT_SEASON_MAX_K, optarg);
            o.season_set = 1;
            break;
        }
        case OPT_SELECT:
            if (mt_select_parse(optarg, &o.select) != MT_OK)
                return usage_error("--select expects wbic, bic, bic3 or permutation, got '%s'", optarg);
            o.select_set = 1;
            break;
        case OPT_MAXJP:
            if (mt_options_parse_max_joinpoints(optarg, &o.max_joinpoints, &expected) != MT_OK)
                return usage_error("--max-joinpoints expects %s, got '%s'", expected, optarg);
            break;
        case OPT_MINEND:
            if (parse_long(optarg, 1, 100, &lv) != 0)
                return usage_error("--min-end expects an integer from 1 to 100, got '%s'", optarg);
            o.min_end = (int)lv;
            break;
        case OPT_MINBETWEEN:
            if (parse_long(optarg, 1, 100, &lv) != 0)
                return usage_error("--min-between expects an integer from 1 to 100, got '%s'", optarg);
            o.min_between = (int)lv;
            break;
        case OPT_PERMS:
            if (parse_long(optarg, 1, 1000000, &lv) != 0)
                return usage_error("--permutations expects an integer from 1 to 1000000, got '%s'", optarg);
            o.permutations = (size_t)lv;
            break;
        case OPT_EARLY: o.early_stop = 1; break;
        case OPT_RECENT:
            if (mt_options_parse_number(MT_OPT_RECENT, optarg, &dv, &expected) != MT_OK)
                return usage_error("--recent expects %s, got '%s'", expected, optarg);
            o.recent = dv;
            o.recent_set = 1;
            break;
        case OPT_BREAKS:
            if (mt_breaks_parse(optarg, &o.breaks) != MT_OK)
                return usage_error("--breaks expects mean, trend or none, got '%s'", optarg);
            o.breaks_set = 1;
            break;
        case OPT_TRIM:
            if (mt_options_parse_number(MT_OPT_TRIM, optarg, &dv, &expected) != MT_OK)
                return usage_error("--trim expects %s, got '%s'", expected, optarg);
            o.trim = dv;
            o.trim_set = 1;
            break;
        case OPT_MAXBREAKS:
            if (parse_long(optarg, 0, 20, &lv) != 0)
                return usage_error("--max-breaks expects an integer from 0 to 20, got '%s'", optarg);
            o.max_breaks = (int)lv;
            break;
        case OPT_BOOT:
            if (mt_options_parse_number(MT_OPT_BOOTSTRAP, optarg, &dv, &expected) != MT_OK)
                return usage_error("--bootstrap expects %s, got '%s'", expected, optarg);
            o.bootstrap = (size_t)dv;
            o.bootstrap_set = 1;
            break;
        case OPT_PROJECT:
            if (mt_options_parse_number(MT_OPT_PROJECT, optarg, &dv, &expected) != MT_OK)
                return usage_error("--project expects %s, got '%s'", expected, optarg);
            o.project = (size_t)dv;
            o.project_set = 1;
            break;
        case OPT_ERRORS:
            if (strcmp(optarg, "iid") == 0) o.errors_ar1 = 0;
            else if (strcmp(optarg, "ar1") == 0) o.errors_ar1 = 1;
            else return usage_error("--errors expects iid or ar1, got '%s'", optarg);
            o.errors_set = 1;
            break;
        case OPT_A: series_a = optarg; break;
        case OPT_B: series_b = optarg; break;
        case OPT_MINOVERLAP:
            if (mt_options_parse_number(MT_OPT_MIN_OVERLAP, optarg, &dv, &expected) != MT_OK)
                return usage_error("--min-overlap expects %s, got '%s'", expected, optarg);
            o.min_overlap = (size_t)dv;
            o.min_overlap_set = 1;
            break;
        case OPT_LAGS:
            if (parse_long(optarg, 0, 24, &lv) != 0)
                return usage_error("--lags expects an integer from 0 to 24, got '%s'", optarg);
            o.lags = (int)lv;
            break;
        case OPT_EXPECT:
            if (strcmp(optarg, "same") && strcmp(optarg, "opposite"))
                return usage_error("--expect expects same or opposite, got '%s'", optarg);
            o.expect_opposite = strcmp(optarg, "opposite") == 0;
            break;
        default:
            return usage_error("%s", "internal error: unhandled option");
        }
    }
    int nargs = ac - optind;
    const char *arg = nargs > 0 ? av[optind] : NULL;
    if (c == MT_CMD_NONE)
        return usage_error("%s", "missing command");
    if (nargs > 1)
        return usage_error("unexpected argument '%s'", av[optind + 1]);

    /* what each command needs beyond its options */
    if (c == MT_CMD_RUN && arg == NULL)
        arg = "models/ndm.ini";
    if (arg == NULL)
        return usage_error("%s needs a %s", mt_cmd_name(c),
                           c == MT_CMD_CHECK ? "MODEL file" : "FILE.csv");
    if ((c == MT_CMD_CROSSCHECK || c == MT_CMD_COMPARE) && (series_a == NULL || series_b == NULL))
        return usage_error("%s needs --a SERIES and --b SERIES", mt_cmd_name(c));
    int rc = mt_cmd_exec(c, arg, series_a, series_b, &o);
    return check_stdout(rc);
}
