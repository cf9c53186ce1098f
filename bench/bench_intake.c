/*
 * bench_intake.c - reading a tidy CSV: the whole data set at once
 * (mt_dataset_read_tidy) against the series stream (series_stream.h), for
 * peak memory (run it under `/usr/bin/time -f %M`) and wall time.
 *
 *   bench_intake tidy FILE     read the data set, free it
 *   bench_intake stream FILE   pass 1 (open), then pass 2 (every series, each
 *                              freed as soon as it is read)
 *
 * Prints the number of series and observations and the seconds per pass.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "monitrend/series_stream.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "tidy") != 0 && strcmp(argv[1], "stream") != 0)) {
        fprintf(stderr, "usage: bench_intake tidy|stream FILE\n");
        return 2;
    }
    mt_error err;
    size_t nser = 0, nobs = 0;
    double t0 = now();
    if (strcmp(argv[1], "tidy") == 0) {
        mt_dataset ds = {0};
        if (mt_dataset_read_tidy(argv[2], &ds, &err) != MT_OK) {
            fprintf(stderr, "bench_intake: %s\n", err.msg);
            return 1;
        }
        for (size_t i = 0; i < ds.n; i++)
            nobs += ds.series[i].n;
        nser = ds.n;
        mt_dataset_clear(&ds);
        printf("tidy: %zu series, %zu observations, read %.3f s\n", nser, nobs, now() - t0);
        return 0;
    }
    mt_series_stream *st;
    if (mt_series_stream_open(argv[2], &st, &nser, &err) != MT_OK) {
        fprintf(stderr, "bench_intake: %s\n", err.msg);
        return 1;
    }
    if (st == NULL) {
        printf("stream: not in order (left to mt_dataset_read_tidy), pass 1 %.3f s\n", now() - t0);
        return 0;
    }
    double t1 = now();
    mt_series s;
    mt_status r;
    size_t got = 0;
    while ((r = mt_series_stream_next(st, &s, &err)) == MT_OK) {
        nobs += s.n;
        got++;
        mt_series_clear(&s);
    }
    mt_series_stream_free(st);
    if (r != MT_EINVAL || got != nser) {
        fprintf(stderr, "bench_intake: %s\n", err.msg);
        return 1;
    }
    double t2 = now();
    printf("stream: %zu series, %zu observations, pass 1 %.3f s, pass 2 %.3f s, total %.3f s\n", nser, nobs,
           t1 - t0, t2 - t1, t2 - t0);
    return 0;
}
