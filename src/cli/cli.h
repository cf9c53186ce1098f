/*
 * cli.h - shared pieces of the command-line front end.
 *
 * The CLI parses options (main.c), runs every command on one path
 * (commands.c: load, analyse, then write the edition or print a report) and
 * formats what the library returns (report.c, usage.c); it holds no
 * statistics of its own.
 */
#ifndef MONITREND_CLI_H
#define MONITREND_CLI_H

#include <stdio.h>

#include "monitrend/options.h"
#include "monitrend/pipeline.h"
#include "monitrend/version.h"

/* Exit statuses (documented in monitrend(1)). */
enum {
    MT_EXIT_OK = 0,       /* success */
    MT_EXIT_FAILURE = 1,  /* the analysis or a writer failed */
    MT_EXIT_USAGE = 2     /* usage or input error */
};

#define MT_VERSION MT_VERSION_STRING

typedef enum { MT_CMD_NONE, MT_CMD_RUN, MT_CMD_CHECK, MT_CMD_TREND, MT_CMD_CROSSCHECK,
               MT_CMD_COMPARE } mt_cmd;

/* The command named s ("run", ...), MT_CMD_NONE when none is; and back. */
mt_cmd mt_cmd_parse(const char *s);
const char *mt_cmd_name(mt_cmd c);

/* Run command c on input (a model for run and check, a tidy CSV else; a and
 * b the series of crosscheck and compare): load, analyse, then write the
 * edition or print the command's report.  Returns the exit status. */
int mt_cmd_exec(mt_cmd c, const char *input, const char *a, const char *b, const mt_options *o);

/* --help of command c (MT_CMD_NONE: the program's) on stdout. */
void mt_cli_help(mt_cmd c);

/* Print "monitrend: warning: <msg>" to stderr unless quiet. */
void mt_cli_warn(const mt_options *o, const char *msg);

/* The reports on stdout (report.c): the series of `check`, the table of
 * `trend`, the statistics of `crosscheck` and `compare` (the run's last
 * concordance or comparison) without -o. */
void mt_cli_print_check(const mt_run *run, const char *model, const mt_options *o);
void mt_cli_print_trends(const mt_run *run);
void mt_cli_print_concordance(const mt_run *run);
void mt_cli_print_comparison(const mt_run *run);

/* A Dutch edition: every reader-facing text without a Dutch form, once
 * each (the English text is used instead).  NULL out = warn on stderr. */
void mt_cli_missing_dutch(const mt_run *run, const mt_options *o, FILE *out);

#endif
