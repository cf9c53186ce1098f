/*
 * main.c - monitrend's command line: parse, validate, dispatch.
 *
 * Usage errors go to stderr with exit status 2; --help goes to stdout with
 * exit status 0.  Every option is validated here, before any file is read,
 * so that a typo never costs a long run.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/init.h"
#include "monitrend/guard.h"

enum cmd { CMD_NONE, CMD_RUN, CMD_CHECK, CMD_TREND, CMD_CROSSCHECK, CMD_COMPARE };

/* Which commands accept an option (bit per command). */
#define C_RUN (1u << CMD_RUN)
#define C_CHECK (1u << CMD_CHECK)
#define C_TREND (1u << CMD_TREND)
#define C_CC (1u << CMD_CROSSCHECK)
#define C_CMP (1u << CMD_COMPARE)
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

static const char usage_main[] =
    "Usage: monitrend COMMAND [OPTIONS] [ARG]\n"
    "\n"
    "Trend and triangulation engine for drug-market and drug-crime monitors.\n"
    "\n"
    "Commands:\n"
    "  run [MODEL]         analyse a monitor and write its edition (default models/ndm.ini)\n"
    "  check MODEL         validate a model and its data; write nothing\n"
    "  trend FILE.csv      analyse every series of a tidy CSV without a model\n"
    "  crosscheck FILE.csv --a SERIES --b SERIES\n"
    "                      compare two series of a tidy CSV (concordance)\n"
    "  compare FILE.csv --a SERIES --b SERIES\n"
    "                      compare the joinpoint trends of two series (parallelism,\n"
    "                      coincidence, AAPC difference)\n"
    "\n"
    "Run 'monitrend COMMAND --help' for the options of a command.\n"
    "  -h, --help          show this help\n"
    "      --version       show the version\n"
    "\n"
    "Exit status: 0 success, 1 the analysis or a writer failed, 2 usage or input error.\n";

static const char usage_output[] =
    "Output:\n"
    "  -o, --output DIR    write the edition to DIR\n"
    "      --lang en|nl    language of findings and figure texts (default: model, else en)\n"
    "      --format LIST   figure formats, comma list of svg,png,pdf (default svg,png)\n"
    "      --seed N        random seed for permutations and bootstrap (default: model, else 1)\n"
    "      --no-figures    write no figures\n"
    "      --figure-timeout S   seconds one figure may take to draw (default: model, else 300)\n";

/* run and trend only */
static const char usage_results[] =
    "      --results LIST  result files, comma list of csv,json (default csv,json)\n";

static const char usage_verbosity[] =
    "  -q, --quiet         print errors only\n"
    "  -v, --verbose       print progress\n";

static const char usage_analysis[] =
    "Analysis:\n"
    "      --jobs N        threads over series and gnuplot processes (default: all cores)\n"
    "      --scale auto|log|linear   analysis scale (default auto: log when all values > 0)\n"
    "      --variance auto|constant|poisson|quasipoisson\n"
    "                      variance model of count series (default auto: quasi-Poisson\n"
    "                      when overdispersed, else Poisson; least squares for the rest)\n"
    "      --zeros exclude|linear|half-min\n"
    "                      values <= 0 on the log scale (default exclude, named in the note)\n"
    "      --season auto|none|dummies|fourier [K]   seasonal terms of sub-annual series\n"
    "                      (default auto: month/quarter dummies, fourier 3 for weeks)\n"
    "      --select wbic|bic|bic3|permutation   joinpoint selection (default wbic)\n"
    "      --max-joinpoints K        maximum joinpoints 0-5 (default: by number of points)\n"
    "      --min-end N     observations between a joinpoint and either end (default 2)\n"
    "      --min-between N observations between joinpoints (default 2)\n"
    "      --permutations N          permutations per test (default 4499)\n"
    "      --early-stop    curtailed sampling in permutation tests\n"
    "      --recent Y      years of the recent AAPC window (default 10)\n"
    "      --breaks mean|trend|none  Bai-Perron model (default trend)\n"
    "      --trim H        minimum segment: fraction < 1 or count >= 2 (default 0.15)\n"
    "      --max-breaks M  maximum number of breaks (default: as strucchange)\n"
    "      --bootstrap B   bootstrap samples for joinpoint bands (default 0 = off)\n"
    "      --project P     project the last joinpoint segment P periods past the data,\n"
    "                      up to the edition year, with a 95% prediction interval (default 0)\n"
    "      --errors iid|ar1  errors of the trend and joinpoints: independent, or AR(1) (GLS)\n"
    "                      (default: the model's per indicator, else iid)\n";

static void print_help(enum cmd c)
{
    switch (c) {
    case CMD_NONE:
        fputs(usage_main, stdout);
        return;
    case CMD_RUN:
        fputs("Usage: monitrend run [OPTIONS] [MODEL]\n\n"
              "Analyse the monitor defined in MODEL (default models/ndm.ini) and write its\n"
              "edition to out/<model name>/ (or -o DIR): findings.txt, results/*.csv,\n"
              "results.json, figures/ and manifest.json.  The edition is built aside and\n"
              "renamed into place only when complete.\n\n", stdout);
        fputs(usage_output, stdout);
        fputs(usage_results, stdout);
        fputs(usage_verbosity, stdout);
        fputs(usage_analysis, stdout);
        fputs("Cross-checks:\n"
              "      --min-overlap N fewest common periods for a verdict (default 5)\n"
              "      --lags L        maximum lag of the cross-correlation (default 2)\n", stdout);
        return;
    case CMD_CHECK:
        fputs("Usage: monitrend check [OPTIONS] MODEL\n\n"
              "Validate MODEL, every data file it names and every series id it refers to\n"
              "(resolved as 'run' resolves it), without writing anything, and print each\n"
              "series: id, n, first and last period, missing periods, flags.\n\n"
              "      --lang nl       also list every reader-facing text without a Dutch form\n"
              "  -q, --quiet         print errors only\n"
              "  -v, --verbose       print warnings in full\n", stdout);
        return;
    case CMD_TREND:
        fputs("Usage: monitrend trend [OPTIONS] FILE.csv\n\n"
              "Analyse every series of a tidy CSV (columns indicator, period, value; optional\n"
              "market, region, lower, upper, se, n, flag, note, source).  Without -o, print a\n"
              "compact table; with -o DIR, write the same edition layout as 'run'.  Periods:\n"
              "2024, 2024-Q3 (also 2024Q3, 2024 Q3, Q3 2024), 2024-07, 2024-W05, 2024-07-15.\n\n", stdout);
        fputs(usage_output, stdout);
        fputs(usage_results, stdout);
        fputs(usage_verbosity, stdout);
        fputs(usage_analysis, stdout);
        return;
    case CMD_CROSSCHECK:
        fputs("Usage: monitrend crosscheck [OPTIONS] FILE.csv --a SERIES --b SERIES\n\n"
              "Compare two series of a tidy CSV as a concordance cross-check and print the\n"
              "statistics and verdict (with -o DIR, write results/crosschecks.csv there too).\n\n"
              "      --a SERIES      first series id (indicator/market/region)\n"
              "      --b SERIES      second series id\n"
              "      --min-overlap N fewest common periods for a verdict (default 5)\n"
              "      --lags L        maximum lag of the cross-correlation (default 2)\n"
              "      --expect same|opposite   expected relation of the pair (default same;\n"
              "                      opposite: e.g. seizures or purity against price)\n", stdout);
        fputs(usage_output, stdout);
        fputs(usage_verbosity, stdout);
        return;
    case CMD_COMPARE:
        fputs("Usage: monitrend compare [OPTIONS] FILE.csv --a SERIES --b SERIES\n\n"
              "Compare the joinpoint trends of two series of a tidy CSV on their common\n"
              "periods (Kim et al. 2004): permutation tests of coincidence (the same model)\n"
              "and parallelism (the same shape up to a level), and the difference of the\n"
              "two AAPCs with its 95% CI and p.  Print the result (with -o DIR, write the\n"
              "edition with results/comparisons.csv there).\n\n"
              "      --a SERIES      first series id (indicator/market/region)\n"
              "      --b SERIES      second series id\n"
              "      --min-overlap N fewest common periods for a verdict (default 5)\n", stdout);
        fputs(usage_output, stdout);
        fputs(usage_analysis, stdout);
        return;
    }
}

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

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !(v == v))
        return -1;
    *out = v;
    return 0;
}

static int parse_formats(const char *s, unsigned *out)
{
    unsigned f = 0;
    const char *p = s;
    while (*p) {
        size_t len = strcspn(p, ",");
        if (len == 3 && strncmp(p, "svg", 3) == 0)
            f |= MT_FMT_SVG;
        else if (len == 3 && strncmp(p, "png", 3) == 0)
            f |= MT_FMT_PNG;
        else if (len == 3 && strncmp(p, "pdf", 3) == 0)
            f |= MT_FMT_PDF;
        else
            return -1;
        p += len;
        if (*p == ',')
            p++;
    }
    if (f == 0)
        return -1;
    *out = f;
    return 0;
}

/* --results: csv (the tables under results/), json (results.json), at least one. */
static int parse_results(const char *s, unsigned *out)
{
    unsigned f = 0;
    const char *p = s;
    while (*p) {
        size_t len = strcspn(p, ",");
        if (len == 3 && strncmp(p, "csv", 3) == 0)
            f |= MT_RESULTS_CSV;
        else if (len == 4 && strncmp(p, "json", 4) == 0)
            f |= MT_RESULTS_JSON;
        else
            return -1;
        p += len;
        if (*p == ',')
            p++;
    }
    if (f == 0)
        return -1;
    *out = f;
    return 0;
}

static enum cmd parse_cmd(const char *s)
{
    if (strcmp(s, "run") == 0) return CMD_RUN;
    if (strcmp(s, "check") == 0) return CMD_CHECK;
    if (strcmp(s, "trend") == 0) return CMD_TREND;
    if (strcmp(s, "crosscheck") == 0) return CMD_CROSSCHECK;
    if (strcmp(s, "compare") == 0) return CMD_COMPARE;
    return CMD_NONE;
}

static const char *cmd_name(enum cmd c)
{
    static const char *names[] = {"", "run", "check", "trend", "crosscheck", "compare"};
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

    enum cmd c = CMD_NONE;
    int argi = 1;
    if (argv[1][0] != '-') {
        c = parse_cmd(argv[1]);
        if (c == CMD_NONE)
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
            print_help(c);
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
        if (c == CMD_NONE)
            return usage_error("%s", "missing command");
        unsigned scope = 0;
        for (size_t i = 0; i < sizeof opt_scope / sizeof opt_scope[0]; i++)
            if (opt_scope[i].id == ch)
                scope = opt_scope[i].cmds;
        if (!(scope & (1u << c)))
            return usage_error("option '%s' does not apply to '%s'", option_name(ch), cmd_name(c));
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
            if (parse_formats(optarg, &o.formats) != 0)
                return usage_error("--format expects a comma list of svg, png, pdf, got '%s'", optarg);
            o.formats_set = 1;
            break;
        case OPT_RESULTS:
            if (parse_results(optarg, &o.results) != 0)
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
            if (parse_double(optarg, &dv) != 0 || !(dv > 0) || dv > 86400)
                return usage_error("--figure-timeout expects a number of seconds above 0, at most "
                                   "86400, got '%s'", optarg);
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
            if (parse_double(optarg, &dv) != 0 || dv < 1 || dv > 100)
                return usage_error("--recent expects a number of years from 1 to 100, got '%s'", optarg);
            o.recent = dv;
            o.recent_set = 1;
            break;
        case OPT_BREAKS:
            if (mt_breaks_parse(optarg, &o.breaks) != MT_OK)
                return usage_error("--breaks expects mean, trend or none, got '%s'", optarg);
            o.breaks_set = 1;
            break;
        case OPT_TRIM:
            if (parse_double(optarg, &dv) != 0 || dv <= 0 || (dv >= 0.5 && dv < 2))
                return usage_error("--trim expects a fraction in (0, 0.5) or a count >= 2, got '%s'", optarg);
            o.trim = dv;
            o.trim_set = 1;
            break;
        case OPT_MAXBREAKS:
            if (parse_long(optarg, 0, 20, &lv) != 0)
                return usage_error("--max-breaks expects an integer from 0 to 20, got '%s'", optarg);
            o.max_breaks = (int)lv;
            break;
        case OPT_BOOT:
            if (parse_long(optarg, 0, 100000, &lv) != 0)
                return usage_error("--bootstrap expects an integer from 0 to 100000, got '%s'", optarg);
            o.bootstrap = (size_t)lv;
            o.bootstrap_set = 1;
            break;
        case OPT_PROJECT:
            if (parse_long(optarg, 0, 12, &lv) != 0)
                return usage_error("--project expects a number of periods from 0 to 12, got '%s'", optarg);
            o.project = (size_t)lv;
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
            if (parse_long(optarg, 2, 10000, &lv) != 0)
                return usage_error("--min-overlap expects an integer from 2 to 10000, got '%s'", optarg);
            o.min_overlap = (size_t)lv;
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
    if (c == CMD_NONE)
        return usage_error("%s", "missing command");
    if (nargs > 1)
        return usage_error("unexpected argument '%s'", av[optind + 1]);

    int rc;
    switch (c) {
    case CMD_RUN:
        rc = mt_cmd_run(arg ? arg : "models/ndm.ini", &o);
        break;
    case CMD_CHECK:
        if (arg == NULL)
            return usage_error("%s", "check needs a MODEL file");
        rc = mt_cmd_check(arg, &o);
        break;
    case CMD_TREND:
        if (arg == NULL)
            return usage_error("%s", "trend needs a FILE.csv");
        rc = mt_cmd_trend(arg, &o);
        break;
    case CMD_CROSSCHECK:
        if (arg == NULL)
            return usage_error("%s", "crosscheck needs a FILE.csv");
        if (series_a == NULL || series_b == NULL)
            return usage_error("%s", "crosscheck needs --a SERIES and --b SERIES");
        rc = mt_cmd_crosscheck(arg, series_a, series_b, &o);
        break;
    case CMD_COMPARE:
        if (arg == NULL)
            return usage_error("%s", "compare needs a FILE.csv");
        if (series_a == NULL || series_b == NULL)
            return usage_error("%s", "compare needs --a SERIES and --b SERIES");
        rc = mt_cmd_compare(arg, series_a, series_b, &o);
        break;
    default:
        rc = MT_EXIT_USAGE;
    }
    return check_stdout(rc);
}
