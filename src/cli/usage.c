/*
 * usage.c - the --help texts of monitrend and of each command (stdout,
 * exit status 0; main.c decides when).  They document the options that
 * main.c parses: change both together, and man/monitrend.1 and README.md.
 */
#include "cli.h"

#include <stdio.h>

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
    "      --trim H        minimum segment: fraction < 0.5 or whole count >= 2 (default 0.15)\n"
    "      --max-breaks M  maximum number of breaks (default: as strucchange)\n"
    "      --bootstrap B   bootstrap samples for joinpoint bands (default 0 = off)\n"
    "      --project P     project the last joinpoint segment P periods past the data,\n"
    "                      up to the edition year, with a 95% prediction interval (default 0)\n"
    "      --errors iid|ar1  errors of the trend and joinpoints: independent, or AR(1) (GLS)\n"
    "                      (default: the model's per indicator, else iid)\n";

void mt_cli_help(mt_cmd c)
{
    switch (c) {
    case MT_CMD_NONE:
        fputs(usage_main, stdout);
        return;
    case MT_CMD_RUN:
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
    case MT_CMD_CHECK:
        fputs("Usage: monitrend check [OPTIONS] MODEL\n\n"
              "Validate MODEL, every data file it names and every series id it refers to\n"
              "(resolved as 'run' resolves it), without writing anything, and print each\n"
              "series: id, n, first and last period, missing periods, flags.\n\n"
              "      --lang nl       also list every reader-facing text without a Dutch form\n"
              "  -q, --quiet         print errors only\n"
              "  -v, --verbose       print warnings in full\n", stdout);
        return;
    case MT_CMD_TREND:
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
    case MT_CMD_CROSSCHECK:
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
    case MT_CMD_COMPARE:
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
