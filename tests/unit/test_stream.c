/* test_stream.c - results written while the run is analysed (issue 15):
 * series are handed over in series order whatever the number of threads;
 * an edition streamed with several threads is byte-identical to one written
 * from the finished run with one thread, and holds no part files; a failed
 * hand-over stops the analysis with its error; an edition not closed
 * leaves nothing behind; a full disk is an error naming the file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitrend/pipeline.h"
#include "monitrend/write.h"
#include "../../src/present/results_stream.h" /* the stream itself */

static char base[256];

static int setup(void **state)
{
    (void)state;
    snprintf(base, sizeof base, "%s/mt-stream-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(base) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    return system(cmd) == 0 ? 0 : -1;
}

static void load(mt_run *run, size_t jobs, int figures)
{
    mt_options o;
    mt_options_default(&o);
    o.jobs = jobs;
    o.figures = figures;
    mt_error e;
    mt_status st = mt_pipeline_load_model("models/ndm.ini", &o, run, &e);
    if (st != MT_OK)
        print_error("load: %s\n", e.msg);
    assert_int_equal(st, MT_OK);
}

/* Whole file into a new buffer; *n its size. */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *b = malloc(cap);
    size_t k;
    while (b && (k = fread(b + len, 1, cap - len, f)) > 0) {
        len += k;
        if (len == cap)
            b = realloc(b, cap *= 2);
    }
    fclose(f);
    *n = len;
    return b;
}

/* Every regular file of a/rel is in b/rel with the same bytes, and the
 * listings have as many entries; no ".results-" part file is left. */
static void same_tree(const char *a, const char *b, const char *rel, size_t *files)
{
    char pa[1024], pb[1024];
    snprintf(pa, sizeof pa, "%s/%s", a, rel);
    snprintf(pb, sizeof pb, "%s/%s", b, rel);
    DIR *d = opendir(pa), *e = opendir(pb);
    assert_non_null(d);
    assert_non_null(e);
    size_t na = 0, nb = 0;
    struct dirent *x;
    while ((x = readdir(e)) != NULL) {
        nb++;
        assert_true(strncmp(x->d_name, ".results-", 9) != 0);
    }
    closedir(e);
    while ((x = readdir(d)) != NULL) {
        na++;
        if (x->d_name[0] == '.')
            continue;
        char sub[512], fa[1200], fb[1200];
        snprintf(sub, sizeof sub, "%s/%s", rel, x->d_name);
        snprintf(fa, sizeof fa, "%s/%s", a, sub);
        snprintf(fb, sizeof fb, "%s/%s", b, sub);
        struct stat st;
        assert_int_equal(stat(fa, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            same_tree(a, b, sub, files);
            continue;
        }
        size_t la, lb;
        char *ca = slurp(fa, &la), *cb = slurp(fb, &lb);
        assert_non_null(ca);
        if (cb == NULL)
            fail_msg("missing in the streamed edition: %s", sub);
        if (la != lb || memcmp(ca, cb, la) != 0)
            fail_msg("differs: %s", sub);
        free(ca);
        free(cb);
        (*files)++;
    }
    closedir(d);
    assert_int_equal(na, nb);
}

static void test_streamed_edition_identical(void **state)
{
    (void)state;
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/finished", base);
    snprintf(b, sizeof b, "%s/streamed", base);
    mt_error e;

    mt_run run;
    load(&run, 1, 0);
    assert_int_equal(mt_pipeline_analyse(&run, &e), MT_OK);
    mt_report rep;
    mt_pipeline_report(&run, &rep);
    assert_int_equal(mt_write_edition(&rep, a, &e), MT_OK);
    mt_pipeline_clear(&run);

    load(&run, 3, 0);
    mt_edition_writer *ew = NULL;
    assert_int_equal(mt_edition_writer_open(&run.opts, b, &ew, &e), MT_OK);
    run.on_series = mt_edition_writer_series;
    run.on_series_ctx = ew;
    assert_int_equal(mt_pipeline_analyse(&run, &e), MT_OK);
    /* written: with no figures the bands are gone, the record stays */
    assert_true(run.n_results > 10);
    assert_null(run.results[0].fitted);
    assert_string_equal(run.results[0].series->id, run.data.series[0].id);
    mt_pipeline_report(&run, &rep);
    assert_int_equal(mt_edition_writer_close(ew, &rep, NULL, &e), MT_OK);
    mt_edition_writer_free(ew);
    mt_pipeline_clear(&run);

    size_t files = 0;
    same_tree(a, b, ".", &files);
    assert_true(files >= 12); /* findings, manifest, results.json, the CSV tables */
}

typedef struct {
    const mt_run *run;
    size_t n, *seen;
    size_t fail_at;
    int bands_present;
} order_log;

static mt_status record(void *ctx, const mt_series_result *r, mt_error *err)
{
    order_log *l = ctx;
    const mt_run *run = l->run;
    size_t i = (size_t)(r - run->results);
    if (i == l->fail_at)
        return mt_error_set(err, MT_EIO, "disk full at series %zu", i);
    l->seen[l->n++] = i;
    /* bands are freed only after the hand-over returns */
    l->bands_present += run->results[i].descriptive_only || run->results[i].fitted != NULL;
    return MT_OK;
}

static void test_order_and_release(void **state)
{
    (void)state;
    for (size_t jobs = 1; jobs <= 4; jobs += 3) {
        mt_run run;
        load(&run, jobs, jobs == 4);
        size_t n = run.data.n;
        order_log l = {&run, 0, calloc(n, sizeof(size_t)), (size_t)-1, 0};
        assert_non_null(l.seen);
        run.on_series = record;
        run.on_series_ctx = &l;
        mt_error e;
        assert_int_equal(mt_pipeline_analyse(&run, &e), MT_OK);
        assert_int_equal(l.n, n);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(l.seen[i], i);
        assert_int_equal(l.bands_present, (int)n);
        /* with figures (jobs == 4 here) the bands stay for the figures */
        size_t kept = 0;
        for (size_t i = 0; i < n; i++)
            kept += run.results[i].fitted != NULL;
        if (jobs == 4)
            assert_true(kept > 0);
        else
            assert_int_equal(kept, 0);
        free(l.seen);
        mt_pipeline_clear(&run);
    }
}

static void test_failed_handover_stops(void **state)
{
    (void)state;
    mt_run run;
    load(&run, 2, 0);
    order_log l = {&run, 0, calloc(run.data.n, sizeof(size_t)), 2, 0};
    run.on_series = record;
    run.on_series_ctx = &l;
    mt_error e;
    mt_error_clear(&e);
    assert_int_equal(mt_pipeline_analyse(&run, &e), MT_EIO);
    assert_string_equal(e.msg, "disk full at series 2");
    assert_int_equal(l.n, 2); /* series 0 and 1 only, never one after the failure */
    free(l.seen);
    mt_pipeline_clear(&run);
}

static void test_unclosed_leaves_nothing(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof out, "%s/never", base);
    mt_run run;
    load(&run, 2, 0);
    mt_edition_writer *ew = NULL;
    mt_error e;
    assert_int_equal(mt_edition_writer_open(&run.opts, out, &ew, &e), MT_OK);
    run.on_series = mt_edition_writer_series;
    run.on_series_ctx = ew;
    assert_int_equal(mt_pipeline_analyse(&run, &e), MT_OK);
    mt_edition_writer_free(ew); /* as after a failed cross-check */
    mt_pipeline_clear(&run);
    DIR *d = opendir(base);
    assert_non_null(d);
    struct dirent *x;
    while ((x = readdir(d)) != NULL)
        if (strncmp(x->d_name, "never", 5) == 0)
            fail_msg("left behind: %s", x->d_name);
    closedir(d);
}

/* A results file on a full disk stops the writing with the file's name
 * and the reason, before the end of the run. */
static void test_full_disk(void **state)
{
    (void)state;
    char dir[512], sub[600], link[700];
    snprintf(dir, sizeof dir, "%s/full", base);
    snprintf(sub, sizeof sub, "%s/results", dir);
    assert_int_equal(mkdir(dir, 0777), 0);
    assert_int_equal(mkdir(sub, 0777), 0);
    snprintf(link, sizeof link, "%s/bands.csv", sub);
    if (symlink("/dev/full", link) != 0)
        skip();
    mt_run run;
    load(&run, 1, 0);
    mt_error e;
    assert_int_equal(mt_pipeline_analyse(&run, &e), MT_OK);
    mt_error_clear(&e);
    mt_report rep;
    mt_pipeline_report(&run, &rep);
    mt_results_stream *rs = NULL;
    assert_int_equal(mt_results_stream_open(&run.opts, dir, &rs, &e), MT_OK);
    size_t i = 0;
    mt_status st = MT_OK;
    while (i < run.n_results && (st = mt_results_stream_series(rs, &run.results[i], &e)) == MT_OK)
        i++;
    assert_int_equal(st, MT_EIO);
    assert_true(i + 10 < run.n_results); /* as soon as stdio's buffer went out */
    char want[800];
    snprintf(want, sizeof want, "%s: write error: No space left on device", link);
    assert_string_equal(e.msg, want);
    mt_results_stream_free(rs);
    /* the same through the writer of a finished run */
    mt_error_clear(&e);
    assert_int_equal(mt_write_results(&rep, dir, &e), MT_EIO);
    assert_string_equal(e.msg, want);
    mt_pipeline_clear(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_streamed_edition_identical),
        cmocka_unit_test(test_order_and_release),
        cmocka_unit_test(test_failed_handover_stops),
        cmocka_unit_test(test_unclosed_leaves_nothing),
        cmocka_unit_test(test_full_disk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
