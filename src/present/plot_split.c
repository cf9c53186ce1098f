/*
 * plot_split.c - which gnuplot process draws which figure (see plot.h).
 *
 * Figures are split over processes by a fixed rule (largest first to the
 * least loaded process, by script + data size; ties by index), so the same
 * figure set always gives the same split.  plot_run.c runs the processes.
 */
#include "monitrend/plot.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes of script + data of a figure: the cost estimate of the split. */
static double figure_cost(const char *dir, const char *script)
{
    double c = 1;
    struct stat st;
    size_t a = strlen(dir), b = strlen(script), n = a + 1 + b;
    char *p = malloc(n + 2); /* room for ".gp" -> ".dat" */
    if (p == NULL)
        return c;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, script, b + 1);
    if (stat(p, &st) == 0)
        c += (double)st.st_size;
    if (n > 3 && strcmp(p + n - 3, ".gp") == 0) {
        memcpy(p + n - 3, ".dat", 5);
        if (stat(p, &st) == 0)
            c += (double)st.st_size;
    }
    free(p);
    return c;
}

size_t mt_plot_split(const char *dir, const char *const *scripts, size_t n, size_t jobs,
                     size_t *proc_of)
{
    if (jobs == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = c > 0 ? (size_t)c : 1;
    }
    if (jobs > n)
        jobs = n;
    if (jobs > MT_PLOT_JOBS_MAX)
        jobs = MT_PLOT_JOBS_MAX;
    double *cost = malloc(n * sizeof *cost);
    size_t *order = malloc(n * sizeof *order);
    double load[MT_PLOT_JOBS_MAX] = {0};
    if (cost == NULL || order == NULL || jobs <= 1) {
        /* one process (or no memory for a better split): all in order */
        for (size_t i = 0; i < n; i++)
            proc_of[i] = 0;
        free(cost);
        free(order);
        return n > 0 ? 1 : 0;
    }
    for (size_t i = 0; i < n; i++) {
        cost[i] = figure_cost(dir, scripts[i]);
        order[i] = i;
    }
    /* insertion sort by cost, largest first, stable: n is at most a few
     * thousand figures and this runs once */
    for (size_t i = 1; i < n; i++) {
        size_t v = order[i], j = i;
        while (j > 0 && cost[order[j - 1]] < cost[v]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
    for (size_t k = 0; k < n; k++) {
        size_t best = 0;
        for (size_t p = 1; p < jobs; p++)
            if (load[p] < load[best])
                best = p;
        proc_of[order[k]] = best;
        load[best] += cost[order[k]];
    }
    free(cost);
    free(order);
    return jobs;
}
