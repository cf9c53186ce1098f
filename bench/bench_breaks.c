/*
 * bench_breaks.c - Bai-Perron on 100-point series with up to 5 breaks:
 * monitrend's mt_bp_fit against R's strucchange::breakpoints, on the same
 * series in the same run.
 *
 * Usage: bench_breaks [N_SERIES [SEED [PATH/TO/breaks.R]]]
 *        (defaults 200, 20261123, bench/breaks.R; run from the repository root)
 *
 * It draws N_SERIES seeded random series of 100 points with 0 to 3 level
 * shifts and a trend, times mt_bp_fit on each (mean model y ~ 1 and trend
 * model y ~ t, h = 0.15, strucchange's default of at most 5 breaks), writes
 * the series to a temporary file, runs `Rscript breaks.R` on it (that script
 * times breakpoints() per series inside R), and prints per-series medians,
 * the ratio R / monitrend and how often the chosen breaks agree.  mt_bp_fit
 * also computes the confidence intervals and the supF test, which the R side
 * does not time, so the ratio understates our advantage.  Without Rscript the
 * R half is skipped with a note.
 */
#include <errno.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "monitrend/breaks.h"

extern char **environ;

#define N_OBS 100
#define MAX_LINE 65536

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Our chosen breaks, 1-based, per model and series: [model][series][0] = count. */
typedef struct {
    size_t nb;
    size_t b[8];
} chosen;

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    size_t n_series = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 200;
    unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 20261123UL;
    const char *rscript = argc > 3 ? argv[3] : "bench/breaks.R";
    if (n_series == 0) {
        fprintf(stderr, "bench_breaks: N_SERIES must be positive\n");
        return 2;
    }
    double *ys = malloc(n_series * N_OBS * sizeof *ys);
    double *tm[2], *tr[2];
    chosen *ours[2], *theirs[2];
    for (int m = 0; m < 2; m++) {
        tm[m] = malloc(n_series * sizeof *tm[m]);
        tr[m] = malloc(n_series * sizeof *tr[m]);
        ours[m] = calloc(n_series, sizeof *ours[m]);
        theirs[m] = calloc(n_series, sizeof *theirs[m]);
        if (!tm[m] || !tr[m] || !ours[m] || !theirs[m]) {
            fprintf(stderr, "bench_breaks: out of memory\n");
            return 1;
        }
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (ys == NULL || rng == NULL) {
        fprintf(stderr, "bench_breaks: out of memory\n");
        return 1;
    }
    gsl_rng_set(rng, seed);
    double t[N_OBS];
    for (size_t i = 0; i < N_OBS; i++)
        t[i] = (double)(i + 1);
    for (size_t s = 0; s < n_series; s++) {
        double *y = ys + s * N_OBS;
        size_t nshift = gsl_rng_uniform_int(rng, 4);
        size_t at[3];
        double size[3];
        for (size_t j = 0; j < nshift; j++) {
            at[j] = 15 + gsl_rng_uniform_int(rng, 70);
            size[j] = gsl_ran_gaussian(rng, 1.5);
        }
        double slope = gsl_ran_gaussian(rng, 0.01);
        for (size_t i = 0; i < N_OBS; i++) {
            double v = 4.0 + slope * (double)i + gsl_ran_gaussian(rng, 0.4);
            for (size_t j = 0; j < nshift; j++)
                if (i > at[j])
                    v += size[j];
            y[i] = v;
        }
    }
    gsl_rng_free(rng);

    /* monitrend: one untimed warm-up, then every series and model. */
    mt_bp_options o;
    mt_bp_options_default(&o);
    mt_bp_result r;
    mt_error err;
    if (mt_bp_fit(t, ys, N_OBS, &o, &r, &err) != MT_OK) {
        fprintf(stderr, "bench_breaks: %s\n", err.msg);
        return 1;
    }
    mt_bp_result_clear(&r);
    for (int m = 0; m < 2; m++) {
        o.model = m == 0 ? MT_BP_MEAN : MT_BP_TREND;
        for (size_t s = 0; s < n_series; s++) {
            double t0 = now_seconds();
            mt_status st = mt_bp_fit(t, ys + s * N_OBS, N_OBS, &o, &r, &err);
            tm[m][s] = now_seconds() - t0;
            if (st != MT_OK) {
                fprintf(stderr, "bench_breaks: series %zu: %s\n", s, err.msg);
                return 1;
            }
            ours[m][s].nb = r.n_breaks;
            for (size_t i = 0; i < r.n_breaks && i < 8; i++)
                ours[m][s].b[i] = r.breaks[i] + 1;
            mt_bp_result_clear(&r);
        }
    }
    printf("Bai-Perron, %zu series of %d points, h = 0.15, up to 5 breaks (seed %lu)\n", n_series, N_OBS, seed);
    double med_ours[2];
    for (int m = 0; m < 2; m++) {
        double *copy = malloc(n_series * sizeof *copy);
        if (copy == NULL)
            return 1;
        memcpy(copy, tm[m], n_series * sizeof *copy);
        med_ours[m] = median(copy, n_series);
        free(copy);
    }

    /* R, through a temporary folder. */
    char dir[] = "/tmp/bench_breaks.XXXXXX";
    if (mkdtemp(dir) == NULL) {
        fprintf(stderr, "bench_breaks: mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    char in[sizeof dir + 16], out[sizeof dir + 16];
    snprintf(in, sizeof in, "%s/series.csv", dir);
    snprintf(out, sizeof out, "%s/r.txt", dir);
    FILE *f = fopen(in, "w");
    if (f == NULL)
        return 1;
    for (size_t s = 0; s < n_series; s++)
        for (size_t i = 0; i < N_OBS; i++)
            fprintf(f, "%.17g%c", ys[s * N_OBS + i], i + 1 < N_OBS ? ',' : '\n');
    if (fclose(f) != 0)
        return 1;
    char *rargv[] = {"Rscript", (char *)rscript, in, out, NULL};
    pid_t pid;
    int have_r = 0;
    fflush(stdout); /* keep our lines before anything R prints */
    if (posix_spawnp(&pid, "Rscript", NULL, NULL, rargv, environ) == 0) {
        int status = 0;
        if (waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0)
            have_r = 1;
    }
    size_t got = 0;
    if (have_r) {
        f = fopen(out, "r");
        char line[MAX_LINE];
        while (f != NULL && fgets(line, sizeof line, f) != NULL) {
            char model[16];
            size_t idx, nb;
            double secs;
            int used = 0;
            if (sscanf(line, "%15s %zu %lf %zu%n", model, &idx, &secs, &nb, &used) != 4 || idx >= n_series)
                continue;
            int m = strcmp(model, "trend") == 0;
            tr[m][idx] = secs;
            theirs[m][idx].nb = nb;
            char *p = line + used;
            for (size_t i = 0; i < nb && i < 8; i++)
                theirs[m][idx].b[i] = (size_t)strtoul(p, &p, 10);
            got++;
        }
        if (f != NULL)
            fclose(f);
    }
    remove(in);
    remove(out);
    rmdir(dir);

    const char *names[2] = {"y ~ 1", "y ~ t"};
    if (!have_r || got != 2 * n_series) {
        for (int m = 0; m < 2; m++)
            printf("  %-6s monitrend median %9.1f us per series\n", names[m], 1e6 * med_ours[m]);
        printf("  R strucchange skipped: Rscript not found or %s failed\n", rscript);
        return 0;
    }
    int ok = 1;
    for (int m = 0; m < 2; m++) {
        size_t agree = 0;
        for (size_t s = 0; s < n_series; s++) {
            int same = ours[m][s].nb == theirs[m][s].nb;
            for (size_t i = 0; same && i < ours[m][s].nb && i < 8; i++)
                same = ours[m][s].b[i] == theirs[m][s].b[i];
            agree += (size_t)same;
        }
        double med_r = median(tr[m], n_series);
        double ratio = med_r / med_ours[m];
        printf("  %-6s monitrend median %9.1f us, strucchange median %9.1f us, ratio %7.0fx "
               "(target >= 50x: %s); same breaks in %zu/%zu series\n",
               names[m], 1e6 * med_ours[m], 1e6 * med_r, ratio, ratio >= 50.0 ? "met" : "NOT met", agree,
               n_series);
        if (ratio < 50.0 || agree != n_series)
            ok = 0;
    }
    for (int m = 0; m < 2; m++) {
        free(tm[m]);
        free(tr[m]);
        free(ours[m]);
        free(theirs[m]);
    }
    free(ys);
    if (ferror(stdout))
        return 1;
    return ok ? 0 : 1;
}
