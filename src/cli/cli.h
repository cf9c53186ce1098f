/*
 * cli.h - shared pieces of the command-line front end.
 *
 * The CLI parses options, calls the library and formats what it returns;
 * it holds no statistics of its own.
 */
#ifndef MONITREND_CLI_H
#define MONITREND_CLI_H

#include "monitrend/options.h"
#include "monitrend/version.h"

/* Exit statuses (documented in monitrend(1)). */
enum {
    MT_EXIT_OK = 0,       /* success */
    MT_EXIT_FAILURE = 1,  /* the analysis or a writer failed */
    MT_EXIT_USAGE = 2     /* usage or input error */
};

#define MT_VERSION MT_VERSION_STRING

int mt_cmd_run(const char *model, const mt_options *o);
int mt_cmd_check(const char *model, const mt_options *o);
int mt_cmd_trend(const char *csv, const mt_options *o);
int mt_cmd_crosscheck(const char *csv, const char *a, const char *b, const mt_options *o);
int mt_cmd_compare(const char *csv, const char *a, const char *b, const mt_options *o);

/* Print "monitrend: <msg>" to stderr unless quiet. */
void mt_cli_warn(const mt_options *o, const char *msg);

#endif
