/*
 * bench_suite.c - per-phase timings of monitrend's analysis kernels on a
 * seeded synthetic suite or on the series of a model (the real suite).
 *
 * Synthetic suite (--series N --points P): N series of P annual points
 * (2000, 2001, ...) on the log scale with known structure: 0 to 3 slope
 * changes (joinpoints, at least 3 points apart and 3 from either end) and,
 * in one series out of three, a level shift (a break); Gaussian noise with
 * SD 0.05 on ln y.  The suite is written as a tidy CSV (DIR/suite.csv, also
 * the input of the full-pipeline run in bench/run.sh), its truth as
 * DIR/truth.csv, and the first --r-series series as DIR/r-input.csv
 * (id,t,y with y = ln value) for bench/suite.R.
 * Real suite (--model FILE.ini): every series of the model's data set with
 * at least 7 fitted points (finite, not excluded), as mt_pipeline_load_model
 * reads it.
 *
 * Phases, each timed per series inside this process (CLOCK_MONOTONIC), on
 * the first min(N, cap) series of the data set read back from the CSV:
 *   read    mt_dataset_read_tidy of the whole file (reported per series)
 *   trend   mt_trend_fit, log scale
 *   wbic    mt_jp_fit, WBIC, up to 3 joinpoints
 *   perm    mt_jp_fit, permutation test, 4499 permutations, up to 2
 *           joinpoints (subset), and perm_es with early stopping
 *   mk      mt_mk_test (Mann-Kendall and Sen, log scale)
 *   bp      mt_bp_fit, trend model, h = 0.15, up to 5 breaks
 *   boot    mt_jp_bootstrap_band, WBIC up to 3 joinpoints, B = 200 (subset)
 *   cc      mt_crosscheck_concordance on pairs (0,1), (2,3), ...
 * Output: one line per phase on stdout,
 *   PHASE<TAB>suite<TAB>phase<TAB>series<TAB>median_ms<TAB>total_s<TAB>note
 * followed by accuracy lines (ACC<TAB>suite<TAB>what<TAB>text).
 *
 * Usage: bench_suite [--series N] [--points P] [--seed S] [--dir DIR]
 *          [--suite NAME] [--cap N] [--perm-series M] [--boot-series M]
 *          [--r-series M] [--model FILE.ini] [--write-only]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "monitrend/breaks.h"
#include "monitrend/crosscheck.h"
#include "monitrend/joinpoint.h"
#include "monitrend/mannkendall.h"
#include "monitrend/options.h"
#include "monitrend/pipeline.h"
#include "monitrend/series.h"
#include "monitrend/trend.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double median(double *x, size_t n)
{
    if (n == 0)
        return NAN;
    gsl_sort(x, 1, n);
    return gsl_stats_median_from_sorted_data(x, 1, n);
}

static void die(const char *what, const mt_error *e)
{
    fprintf(stderr, "bench_suite: %s: %s\n", what, e ? e->msg : "failed");
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "bench_suite: out of memory\n");
        exit(1);
    }
    return p;
}

/* Truth of one synthetic series. */
typedef struct {
    int k;
    int tau[3];   /* joinpoint indices */
    int brk;      /* index of the first point after a level shift, -1 none */
} truth;

/* Draw one series (values on the data scale) and its truth. */
static void make_series(gsl_rng *rng, size_t n, double *y, truth *tr)
{
    int k = (int)gsl_rng_uniform_int(rng, 4);
    /* Joinpoints at least 3 apart and 3 from either end; fewer if n is short. */
    int taus[3], got = 0;
    for (int tries = 0; got < k && tries < 50; tries++) {
        int c = 3 + (int)gsl_rng_uniform_int(rng, n - 6);
        int ok = 1;
        for (int j = 0; j < got; j++)
            if (abs(c - taus[j]) < 3)
                ok = 0;
        if (ok)
            taus[got++] = c;
    }
    k = got;
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++)
            if (taus[j] < taus[i]) {
                int x = taus[i];
                taus[i] = taus[j];
                taus[j] = x;
            }
    tr->k = k;
    for (int j = 0; j < 3; j++)
        tr->tau[j] = j < k ? taus[j] : -1;
    tr->brk = gsl_rng_uniform_int(rng, 3) == 0 ? 3 + (int)gsl_rng_uniform_int(rng, n - 6) : -1;
    const double b = gsl_ran_gaussian(rng, 0.05);
    const double a = 2.0 + 4.0 * gsl_rng_uniform(rng);
    double d[3];
    for (int j = 0; j < k; j++)
        d[j] = (gsl_rng_uniform_int(rng, 2) ? 1.0 : -1.0) * (0.06 + 0.08 * gsl_rng_uniform(rng));
    const double shift = (gsl_rng_uniform_int(rng, 2) ? 1.0 : -1.0) * 0.4;
    for (size_t i = 0; i < n; i++) {
        double m = a + b * (double)i;
        for (int j = 0; j < k; j++)
            if ((int)i > taus[j])
                m += d[j] * (double)((int)i - taus[j]);
        if (tr->brk >= 0 && (int)i >= tr->brk)
            m += shift;
        y[i] = exp(m + gsl_ran_gaussian(rng, 0.05));
    }
}

/* One series as the kernels see it: fitted points only. */
typedef struct {
    const char *id;
    size_t n;
    double *t, *y, *lny;
} xs;

static void emit(const char *suite, const char *phase, double *times, size_t n, double total,
                 const char *note)
{
    const double med = median(times, n);
    printf("PHASE\t%s\t%s\t%zu\t%.6f\t%.3f\t%s\n", suite, phase, n, 1e3 * med, total, note);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    size_t nser = 1000, npts = 25, cap = 2000, nperm = 20, nboot = 20, nr = 100;
    unsigned long seed = 20261123;
    const char *dir = "/tmp", *suite = NULL, *model = NULL;
    int write_only = 0;
    for (int a = 1; a < argc; a++) {
        const char *o = argv[a];
        const char *v = a + 1 < argc ? argv[a + 1] : NULL;
        if (!strcmp(o, "--series") && v)
            nser = strtoul(v, NULL, 10), a++;
        else if (!strcmp(o, "--points") && v)
            npts = strtoul(v, NULL, 10), a++;
        else if (!strcmp(o, "--seed") && v)
            seed = strtoul(v, NULL, 10), a++;
        else if (!strcmp(o, "--dir") && v)
            dir = v, a++;
        else if (!strcmp(o, "--suite") && v)
            suite = v, a++;
        else if (!strcmp(o, "--cap") && v)
            cap = strtoul(v, NULL, 10), a++;
        else if (!strcmp(o, "--perm-series") && v)
            nperm = strtoul(v, NULL, 10), a++;
        else if (!strcmp(o, "--boot-series") && v)
            nboot = strtoul(v, NULL, 10), a++;
        else if (!strcmp(o, "--r-series") && v)
            nr = strtoul(v, NULL, 10), a++;
        else if (!strcmp(o, "--model") && v)
            model = v, a++;
        else if (!strcmp(o, "--write-only"))
            write_only = 1;
        else if (!strcmp(o, "--help")) {
            printf("usage: bench_suite [--series N] [--points P] [--seed S] [--dir DIR] [--suite NAME]\n"
                   "         [--cap N] [--perm-series M] [--boot-series M] [--r-series M]\n"
                   "         [--model FILE.ini] [--write-only]\n");
            return 0;
        } else {
            fprintf(stderr, "bench_suite: unknown argument '%s' (try --help)\n", o);
            return 2;
        }
    }
    if (nser < 1 || npts < 12 || npts > 1000) {
        fprintf(stderr, "bench_suite: need --series >= 1 and 12 <= --points <= 1000\n");
        return 2;
    }
    gsl_set_error_handler_off();
    char sname[64];
    if (suite == NULL) {
        snprintf(sname, sizeof sname, "%s", model ? "real" : "synthetic");
        suite = sname;
    }
    mt_error e;
    mt_dataset ds = {0};
    mt_run run = {0};
    truth *tr = NULL;
    double t_read = NAN;
    if (model == NULL) {
        /* ---- write the suite ---- */
        char path[4096], tpath[4096], rpath[4096];
        snprintf(path, sizeof path, "%s/suite.csv", dir);
        snprintf(tpath, sizeof tpath, "%s/truth.csv", dir);
        snprintf(rpath, sizeof rpath, "%s/r-input.csv", dir);
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(rng, seed);
        tr = xmalloc(nser * sizeof *tr);
        double *y = xmalloc(npts * sizeof *y);
        FILE *f = fopen(path, "w"), *ft = fopen(tpath, "w"), *fr = fopen(rpath, "w");
        if (!f || !ft || !fr) {
            fprintf(stderr, "bench_suite: cannot write in %s\n", dir);
            return 1;
        }
        fputs("indicator,period,value\n", f);
        fputs("id,k,tau1,tau2,tau3,break\n", ft);
        fputs("id,t,y\n", fr);
        for (size_t s = 0; s < nser; s++) {
            make_series(rng, npts, y, &tr[s]);
            for (size_t i = 0; i < npts; i++)
                fprintf(f, "s%06zu,%zu,%.10g\n", s, 2000 + i, y[i]);
            /* truth: indices as years */
            fprintf(ft, "s%06zu,%d", s, tr[s].k);
            for (int j = 0; j < 3; j++)
                if (tr[s].tau[j] >= 0)
                    fprintf(ft, ",%d", 2000 + tr[s].tau[j]);
                else
                    fputs(",", ft);
            if (tr[s].brk >= 0)
                fprintf(ft, ",%d\n", 2000 + tr[s].brk);
            else
                fputs(",\n", ft);
        }
        if (fclose(f) != 0 || fclose(ft) != 0) {
            fprintf(stderr, "bench_suite: write error in %s\n", dir);
            return 1;
        }
        free(y);
        gsl_rng_free(rng);
        /* ---- read it back (phase "read") ---- */
        const double t0 = now();
        if (mt_dataset_read_tidy(path, &ds, &e) != MT_OK)
            die(path, &e);
        t_read = now() - t0;
        if (ds.n != nser) {
            fprintf(stderr, "bench_suite: read %zu series, wrote %zu\n", ds.n, nser);
            return 1;
        }
        /* R input from the values as read (ln y). */
        for (size_t s = 0; s < ds.n && s < nr; s++) {
            const mt_series *S = &ds.series[s];
            for (size_t i = 0; i < S->n; i++)
                fprintf(fr, "%zu,%.17g,%.17g\n", s, S->t[i], log(S->value[i]));
        }
        if (fclose(fr) != 0) {
            fprintf(stderr, "bench_suite: write error in %s\n", dir);
            return 1;
        }
        if (write_only) {
            mt_dataset_clear(&ds);
            free(tr);
            return 0;
        }
    } else {
        mt_options o;
        mt_options_default(&o);
        const double t0 = now();
        if (mt_pipeline_load_model(model, &o, &run, &e) != MT_OK)
            die(model, &e);
        t_read = now() - t0;
        ds = run.data;
    }

    /* ---- series as the kernels see them ---- */
    xs *S = xmalloc(ds.n * sizeof *S);
    size_t ns = 0;
    for (size_t s = 0; s < ds.n; s++) {
        const mt_series *q = &ds.series[s];
        xs *x = &S[ns];
        x->id = q->id;
        x->t = xmalloc(q->n * sizeof *x->t);
        x->y = xmalloc(q->n * sizeof *x->y);
        x->lny = xmalloc(q->n * sizeof *x->lny);
        x->n = 0;
        int pos = 1;
        for (size_t i = 0; i < q->n; i++) {
            if (!isfinite(q->value[i]) || (q->flags[i] & MT_FLAG_EXCLUDE))
                continue;
            x->t[x->n] = q->t[i];
            x->y[x->n] = q->value[i];
            pos &= q->value[i] > 0;
            x->lny[x->n] = q->value[i] > 0 ? log(q->value[i]) : NAN;
            x->n++;
        }
        /* The real suite holds short and non-positive series: the log-scale
         * kernels need >= 7 positive points. */
        if (x->n >= 7 && pos) {
            ns++;
        } else {
            free(x->t);
            free(x->y);
            free(x->lny);
        }
    }
    if (model) {
        /* R input: the eligible series, ln y. */
        char rpath[4096];
        snprintf(rpath, sizeof rpath, "%s/r-input.csv", dir);
        FILE *fr = fopen(rpath, "w");
        if (fr == NULL) {
            fprintf(stderr, "bench_suite: cannot write %s\n", rpath);
            return 1;
        }
        fputs("id,t,y\n", fr);
        for (size_t s = 0; s < ns && s < nr; s++)
            for (size_t i = 0; i < S[s].n; i++)
                fprintf(fr, "%zu,%.17g,%.17g\n", s, S[s].t[i], S[s].lny[i]);
        if (fclose(fr) != 0) {
            fprintf(stderr, "bench_suite: write error in %s\n", rpath);
            return 1;
        }
    }
    const size_t nc = ns < cap ? ns : cap;
    double *tm = xmalloc((ns ? ns : 1) * sizeof *tm);
    char note[256];
    snprintf(note, sizeof note, "whole file, %zu series, per series = total / series", ds.n);
    {
        double per = t_read / (double)ds.n;
        printf("PHASE\t%s\tread\t%zu\t%.6f\t%.3f\t%s\n", suite, ds.n, 1e3 * per, t_read, note);
    }
    if (model)
        printf("INFO\t%s\t%zu series in the data set, %zu with >= 7 positive fitted points\n", suite,
               ds.n, ns);

    /* trend */
    double tot = 0;
    for (size_t s = 0; s < nc; s++) {
        mt_trend_opts to = {.scale = MT_SCALE_LOG};
        mt_trend_result r;
        const double t0 = now();
        if (mt_trend_fit(S[s].t, S[s].y, NULL, S[s].n, &to, &r, &e) != MT_OK)
            die("mt_trend_fit", &e);
        tm[s] = now() - t0;
        tot += tm[s];
    }
    emit(suite, "trend", tm, nc, tot, "mt_trend_fit, log scale");

    /* WBIC */
    mt_jp_options jo;
    mt_jp_options_default(&jo);
    jo.max_joinpoints = 3;
    size_t kright = 0;
    tot = 0;
    for (size_t s = 0; s < nc; s++) {
        mt_jp_result *r = NULL;
        const double t0 = now();
        if (mt_jp_fit(S[s].t, S[s].lny, NULL, S[s].n, &jo, &r, &e) != MT_OK)
            die("mt_jp_fit", &e);
        tm[s] = now() - t0;
        tot += tm[s];
        if (tr && tr[s].brk < 0 && r->k == tr[s].k)
            kright++;
        mt_jp_result_free(r);
    }
    emit(suite, "wbic", tm, nc, tot, "mt_jp_fit WBIC, K <= 3");
    if (tr) {
        size_t nobrk = 0;
        for (size_t s = 0; s < nc; s++)
            nobrk += tr[s].brk < 0;
        printf("ACC\t%s\twbic\tWBIC found the true number of joinpoints in %zu of %zu series "
               "without a level shift\n",
               suite, kright, nobrk);
    }

    /* permutation, without and with early stop */
    const size_t np = nperm < ns ? nperm : ns;
    double *tm2 = xmalloc((np ? np : 1) * sizeof *tm2);
    double tot2 = 0;
    size_t same = 0;
    tot = 0;
    jo.select = MT_JP_SELECT_PERMUTATION;
    jo.max_joinpoints = 2;
    jo.n_permutations = 4499;
    for (size_t s = 0; s < np; s++) {
        mt_jp_result *r = NULL, *r2 = NULL;
        jo.seed = seed + s;
        jo.early_stop = 0;
        double t0 = now();
        if (mt_jp_fit(S[s].t, S[s].lny, NULL, S[s].n, &jo, &r, &e) != MT_OK)
            die("mt_jp_fit permutation", &e);
        tm[s] = now() - t0;
        tot += tm[s];
        jo.early_stop = 1;
        t0 = now();
        if (mt_jp_fit(S[s].t, S[s].lny, NULL, S[s].n, &jo, &r2, &e) != MT_OK)
            die("mt_jp_fit permutation early stop", &e);
        tm2[s] = now() - t0;
        tot2 += tm2[s];
        same += r->k == r2->k;
        mt_jp_result_free(r);
        mt_jp_result_free(r2);
    }
    emit(suite, "perm", tm, np, tot, "permutation test, 4499 permutations, K <= 2");
    snprintf(note, sizeof note, "same with early stop: same decision in %zu of %zu series", same, np);
    emit(suite, "perm_es", tm2, np, tot2, note);
    free(tm2);

    /* Mann-Kendall / Sen */
    tot = 0;
    for (size_t s = 0; s < nc; s++) {
        mt_mk_opts mo = {.log_scale = 1};
        mt_mk_result r;
        const double t0 = now();
        if (mt_mk_test(S[s].t, S[s].y, S[s].n, &mo, &r, &e) != MT_OK)
            die("mt_mk_test", &e);
        tm[s] = now() - t0;
        tot += tm[s];
    }
    emit(suite, "mk", tm, nc, tot, "mt_mk_test, log scale, Sen CI");

    /* Bai-Perron */
    mt_bp_options bo;
    mt_bp_options_default(&bo);
    bo.model = MT_BP_TREND;
    bo.h = 0.15;
    bo.max_breaks = 5;
    size_t bright = 0, nbrk = 0, bskip = 0, bdone = 0;
    tot = 0;
    for (size_t s = 0; s < nc; s++) {
        mt_bp_result r;
        memset(&r, 0, sizeof r);
        const double t0 = now();
        const mt_status st = mt_bp_fit(S[s].t, S[s].lny, S[s].n, &bo, &r, &e);
        const double el = now() - t0;
        if (st == MT_ETOOFEW || st == MT_EINVAL) {
            bskip++; /* too short for h = 0.15 and a trend model */
            continue;
        }
        if (st != MT_OK)
            die("mt_bp_fit", &e);
        tm[bdone++] = el;
        tot += el;
        if (tr && tr[s].brk >= 0) {
            nbrk++;
            for (size_t b = 0; b < r.n_breaks; b++)
                if (labs((long)r.breaks[b] + 1 - (long)tr[s].brk) <= 1) {
                    bright++;
                    break;
                }
        }
        mt_bp_result_clear(&r);
    }
    snprintf(note, sizeof note, "mt_bp_fit trend model, h = 0.15, <= 5 breaks, BIC%s", bskip ? "; " : "");
    if (bskip)
        snprintf(note + strlen(note), sizeof note - strlen(note), "%zu series too short skipped", bskip);
    emit(suite, "bp", tm, bdone, tot, note);
    if (tr)
        printf("ACC\t%s\tbp\tBai-Perron placed a break within 1 point of the true level shift in "
               "%zu of %zu series with one\n",
               suite, bright, nbrk);

    /* bootstrap bands */
    const size_t nb = nboot < ns ? nboot : ns;
    jo.select = MT_JP_SELECT_WBIC;
    jo.max_joinpoints = 3;
    tot = 0;
    for (size_t s = 0; s < nb; s++) {
        double *lo = xmalloc(S[s].n * sizeof *lo), *hi = xmalloc(S[s].n * sizeof *hi);
        jo.seed = seed + s;
        const double t0 = now();
        if (mt_jp_bootstrap_band(S[s].t, S[s].lny, NULL, S[s].n, &jo, 200, S[s].t, S[s].n, lo, hi,
                                 &e) != MT_OK)
            die("mt_jp_bootstrap_band", &e);
        tm[s] = now() - t0;
        tot += tm[s];
        free(lo);
        free(hi);
    }
    emit(suite, "boot", tm, nb, tot, "mt_jp_bootstrap_band, WBIC K <= 3, B = 200");

    /* cross-checks on pairs with a common grid (same length, same first time) */
    mt_crosscheck_options co;
    mt_crosscheck_options_default(&co);
    size_t npair = 0;
    tot = 0;
    for (size_t s = 0; s + 1 < nc; s += 2) {
        if (S[s].n != S[s + 1].n || S[s].t[0] != S[s + 1].t[0])
            continue;
        mt_concordance *c = xmalloc(sizeof *c);
        const double t0 = now();
        if (mt_crosscheck_concordance(S[s].t, S[s].y, NULL, S[s + 1].y, NULL, S[s].n, &co, c, &e) !=
            MT_OK)
            die("mt_crosscheck_concordance", &e);
        tm[npair] = now() - t0;
        tot += tm[npair++];
        free(c);
    }
    emit(suite, "cc", tm, npair, tot, "mt_crosscheck_concordance per pair");

    for (size_t s = 0; s < ns; s++) {
        free(S[s].t);
        free(S[s].y);
        free(S[s].lny);
    }
    free(S);
    free(tm);
    free(tr);
    if (model)
        mt_pipeline_clear(&run);
    else
        mt_dataset_clear(&ds);
    return ferror(stdout) ? 1 : 0;
}
