/*
 * test_bad.c - the bad-input corpus of tests/bad/ (issue 8).
 *
 * Each folder tests/bad/<case>/ holds input files, a file `case` naming the
 * entry point ("tidy FILE": mt_dataset_read_tidy; "model FILE": mt_model_load
 * then mt_model_load_data; "gen NAME": a big input generated here at run
 * time instead of being committed) and a file `expected`: the exit status
 * the CLI gives (0, or 2 for an input error) on the first line, then the
 * exact message, or for a success "ok: N series, M observations" and one
 * line per warning.  The test runs from the case folder, so that messages
 * name files as the researcher wrote them.  Every case runs; a difference
 * is printed in full.  Set MT_BAD_UPDATE=1 to rewrite the expected files
 * (then review them by hand: they are the specification).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitrend/load_note_words.h"
#include "monitrend/model.h"
#include "monitrend/series.h"

static int exit_status(mt_status st)
{
    if (st == MT_OK)
        return 0;
    return st == MT_ENOMEM ? 1 : 2; /* the CLI: 2 for usage or input errors */
}

static void describe(char *out, size_t size, mt_status st, const mt_error *err, const mt_dataset *ds,
                     const mt_load_notes *w)
{
    size_t off = (size_t)snprintf(out, size, "%d\n", exit_status(st));
    if (st != MT_OK) {
        snprintf(out + off, size - off, "%s\n", err->msg);
        return;
    }
    size_t nobs = 0;
    for (size_t i = 0; i < ds->n; i++)
        nobs += ds->series[i].n;
    off += (size_t)snprintf(out + off, size - off, "ok: %zu series, %zu observations\n", ds->n, nobs);
    for (size_t i = 0; w && i < w->n && off < size; i++) {
        char text[1024];
        mt_load_note_text(MT_LANG_EN, &w->item[i], text, sizeof text);
        off += (size_t)snprintf(out + off, size - off, "warning: %s\n", text);
    }
}

static void write_file(const char *name, const char *prefix, char fill, size_t n, const char *suffix)
{
    FILE *fp = fopen(name, "wb");
    assert_non_null(fp);
    fputs(prefix, fp);
    for (size_t i = 0; i < n; i++)
        fputc(fill, fp);
    fputs(suffix, fp);
    assert_int_equal(fclose(fp), 0);
}

/* Generated inputs: too big to commit, but exact in their content. */
static void generate(const char *name)
{
    if (strcmp(name, "big-field") == 0) {
        /* a value field of 1 MiB + 1 bytes: just over MT_CSV_FIELD_MAX */
        write_file("data.csv", "indicator,period,value\nx,2024,", '7', MT_CSV_FIELD_MAX + 1, "\n");
    } else if (strcmp(name, "long-line") == 0) {
        /* one line of 10 million characters: "x,2024,1" then ",1" repeated */
        FILE *fp = fopen("data.csv", "wb");
        assert_non_null(fp);
        fputs("indicator,period,value\nx,2024,1", fp);
        for (size_t i = 0; i < 5000000 - 4; i++)
            fputs(",1", fp);
        fputs("\n", fp);
        assert_int_equal(fclose(fp), 0);
    } else {
        fail_msg("unknown generator %s", name);
    }
}

static int run_case(const char *dir, char *actual, size_t size)
{
    char kind[32], file[256];
    char path[1024];
    snprintf(path, sizeof path, "%s/case", dir);
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        return 0;
    int k = fscanf(fp, "%31s %255s", kind, file);
    fclose(fp);
    assert_int_equal(k, 2);

    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char tmpdir[] = "/tmp/mt-bad.XXXXXX";
    int generated = strcmp(kind, "gen") == 0;
    if (generated) {
        assert_non_null(mkdtemp(tmpdir));
        assert_int_equal(chdir(tmpdir), 0);
        generate(file);
        strcpy(file, "data.csv");
        strcpy(kind, "tidy");
    } else {
        assert_int_equal(chdir(dir), 0);
    }

    mt_error err;
    mt_error_clear(&err);
    mt_dataset ds = {0};
    mt_load_notes w = {0};
    mt_status st;
    if (strcmp(kind, "tidy") == 0) {
        st = mt_dataset_read_tidy(file, &ds, &err);
    } else {
        mt_model *m = NULL;
        st = mt_model_load(file, &m, &err);
        if (st == MT_OK)
            st = mt_model_load_data(m, &ds, &w, &err);
        mt_model_free(m);
    }
    describe(actual, size, st, &err, &ds, &w);
    /* on error nothing is left in the outputs */
    if (st != MT_OK)
        assert_int_equal(ds.n, 0);
    mt_dataset_clear(&ds);
    mt_load_notes_clear(&w);
    if (generated) {
        unlink("data.csv");
        assert_int_equal(chdir(cwd), 0);
        rmdir(tmpdir);
    } else {
        assert_int_equal(chdir(cwd), 0);
    }
    return 1;
}

static char *read_all(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    char *buf = calloc(1, 65536);
    size_t n = buf ? fread(buf, 1, 65535, fp) : 0;
    (void)n;
    fclose(fp);
    return buf;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_corpus(void **state)
{
    (void)state;
    DIR *d = opendir("tests/bad");
    assert_non_null(d);
    char *names[512];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 512)
        if (e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    int update = getenv("MT_BAD_UPDATE") != NULL;
    size_t failed = 0, ran = 0;
    for (size_t i = 0; i < n; i++) {
        char dir[512], exp_path[600], actual[8192];
        snprintf(dir, sizeof dir, "tests/bad/%s", names[i]);
        if (!run_case(dir, actual, sizeof actual))
            continue;
        ran++;
        snprintf(exp_path, sizeof exp_path, "%s/expected", dir);
        if (update) {
            FILE *fp = fopen(exp_path, "wb");
            assert_non_null(fp);
            fputs(actual, fp);
            fclose(fp);
            continue;
        }
        char *want = read_all(exp_path);
        if (want == NULL || strcmp(want, actual) != 0) {
            failed++;
            print_error("case %s:\n  expected: %s\n  actual:   %s\n", names[i], want ? want : "(none)", actual);
        }
        free(want);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    assert_true(ran >= 40);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
