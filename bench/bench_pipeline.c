/*
 * bench_pipeline.c - the stages of `monitrend trend FILE.csv -o DIR
 * --no-figures`, timed one by one in one process: load (tidy CSV into
 * series), analyse (every series in --jobs threads, cross-checks), and the
 * writers (results/ CSV files, results.json via mt_write_results; findings.txt;
 * manifest.json), each into DIR.  It shows which stage the wall time of a
 * large run goes to (bench/run.sh, section "Full pipeline by stage").
 *
 * With --stream, the run is written as the command writes it: the edition
 * begun before the analysis, each series' results written as it is done
 * (write.h mt_edition_writer), then the rest of the edition; DIR must not
 * exist or be an earlier edition.  Stages: load, analyse with the results
 * streamed, the rest of the edition (tables of the whole run, results.json
 * put together, findings, manifest, commit).
 *
 * Usage: bench_pipeline FILE.csv DIR [JOBS] [--stream]
 * Output: STAGE<TAB>name<TAB>seconds, one line per stage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "monitrend/init.h"
#include "monitrend/options.h"
#include "monitrend/pipeline.h"
#include "monitrend/write.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void check(mt_status st, const char *what, const mt_error *e)
{
    if (st != MT_OK) {
        fprintf(stderr, "bench_pipeline: %s: %s\n", what, e->msg);
        exit(1);
    }
}

static int streamed(const char *csv, const char *dir, const mt_options *o)
{
    mt_run run = {0};
    mt_error e;
    mt_edition_writer *ew = NULL;
    double t0 = now();
    check(mt_pipeline_load_tidy(csv, o, &run, &e), "load", &e);
    double t1 = now();
    printf("STAGE\tload\t%.3f\n", t1 - t0);
    check(mt_edition_writer_open(&run.opts, dir, &ew, &e), "edition", &e);
    run.on_series = mt_edition_writer_series;
    run.on_series_ctx = ew;
    check(mt_pipeline_analyse(&run, &e), "analyse", &e);
    t0 = now();
    printf("STAGE\tanalyse, results streamed\t%.3f\n", t0 - t1);
    mt_report rep;
    mt_pipeline_report(&run, &rep);
    check(mt_edition_writer_close(ew, &rep, NULL, &e), "edition", &e);
    t1 = now();
    printf("STAGE\trest of the edition\t%.3f\n", t1 - t0);
    mt_edition_writer_free(ew);
    mt_pipeline_clear(&run);
    printf("STAGE\tfree\t%.3f\n", now() - t1);
    return ferror(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
    const int stream = argc > 1 && strcmp(argv[argc - 1], "--stream") == 0;
    argc -= stream;
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: bench_pipeline FILE.csv DIR [JOBS] [--stream]\n");
        return 2;
    }
    mt_init();
    mt_options o;
    mt_options_default(&o);
    o.figures = 0;
    o.jobs = argc == 4 ? strtoul(argv[3], NULL, 10) : 0;
    const char *dir = argv[2];
    if (stream)
        return streamed(argv[1], dir, &o);
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/results", dir);
    if ((mkdir(dir, 0777) != 0 && fopen(dir, "r") == NULL) || (mkdir(sub, 0777) != 0 && fopen(sub, "r") == NULL)) {
        fprintf(stderr, "bench_pipeline: cannot create %s\n", sub);
        return 1;
    }
    mt_run run = {0};
    mt_error e;
    double t0 = now();
    check(mt_pipeline_load_tidy(argv[1], &o, &run, &e), "load", &e);
    double t1 = now();
    printf("STAGE\tload\t%.3f\n", t1 - t0);
    check(mt_pipeline_analyse(&run, &e), "analyse", &e);
    t0 = now();
    printf("STAGE\tanalyse\t%.3f\n", t0 - t1);
    mt_report rep;
    mt_pipeline_report(&run, &rep);
    check(mt_write_results(&rep, dir, &e), "results", &e);
    t1 = now();
    printf("STAGE\twrite results (csv, json)\t%.3f\n", t1 - t0);
    check(mt_write_findings(&rep, dir, &e), "findings", &e);
    t0 = now();
    printf("STAGE\twrite findings\t%.3f\n", t0 - t1);
    check(mt_write_manifest(&rep, dir, &e), "manifest", &e);
    t1 = now();
    printf("STAGE\twrite manifest\t%.3f\n", t1 - t0);
    t0 = now();
    mt_pipeline_clear(&run);
    printf("STAGE\tfree\t%.3f\n", now() - t0);
    return ferror(stdout) ? 1 : 0;
}
