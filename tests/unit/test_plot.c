/* test_plot.c - text from models and CSVs renders literally and runs
 * nothing; gnuplot runs without a shell, in a folder whose name has spaces
 * and quotes; failures (bad script, missing program, missing or 0-byte
 * image) are MT_EPLOT with gnuplot's stderr in the message. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "monitrend/plot.h"
#include "../../src/present/plot_env.h" /* the gnuplot environment */

static char base[256];  /* mkdtemp folder */
static char dir[512];   /* base + "/fig 'a' \"b\" dir": spaces and quotes */

static int exists(const char *d, const char *name)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", d, name);
    struct stat st;
    return stat(p, &st) == 0;
}

static char *slurp(const char *d, const char *name)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", d, name);
    FILE *f = fopen(p, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    size_t got = fread(b, 1, (size_t)n, f);
    b[got] = '\0';
    fclose(f);
    return b;
}

static void write_file(const char *d, const char *name, const char *text)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", d, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    strcpy(base, "/tmp/mt-plot-XXXXXX");
    if (mkdtemp(base) == NULL)
        return -1;
    snprintf(dir, sizeof dir, "%s/fig 'a' \"b\" dir", base);
    return mkdir(dir, 0700);
}

static int teardown(void **state)
{
    (void)state;
    char *argv[] = {"rm", "-rf", base, NULL};
    return test_run_cmd(argv);
}

static void test_quote_exact(void **state)
{
    (void)state;
    struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "'plain'"},
        {"it's", "'it'.\"'\".'s'"},
        {"''a", "\"''\".'a'"},
        {"a''''b'", "'a'.\"''''\".'b'.\"'\""},
        {"'", "\"'\""},
        {"a\nb\tc\rd", "'a b c d'"},
        {"`touch X` @m \\n \"q\"", "'`touch X` @m \\n \"q\"'"},
        {"coca\xc3\xafne", "'coca\xc3\xafne'"},
        {"bad\xff" "byte", "'bad\xef\xbf\xbd" "byte'"},
        /* issue 13 defect 7: non-characters are not XML; C1 controls are
         * controls (both refused at intake, replaced here as a last defence) */
        {"a\xef\xbf\xbe" "b\xef\xbf\xbf" "c", "'a\xef\xbf\xbd" "b\xef\xbf\xbd" "c'"},
        {"a\xc2\x85" "b", "'a b'"},
        {"", "''"},
        {NULL, "''"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *q = mt_plot_quote(cases[i].in);
        assert_non_null(q);
        assert_string_equal(q, cases[i].out);
        free(q);
    }
    /* Long text is cut at MT_PLOT_TEXT_MAX bytes, on a character boundary,
     * and marked with an ellipsis. */
    char *lng = malloc(3 * MT_PLOT_TEXT_MAX);
    for (size_t i = 0; i + 1 < 3 * MT_PLOT_TEXT_MAX; i += 2)
        memcpy(lng + i, "\xc3\xaf", 2); /* 2-byte characters */
    lng[3 * MT_PLOT_TEXT_MAX - 1] = '\0';
    char *q = mt_plot_quote(lng);
    size_t n = strlen(q);
    assert_int_equal(n, 1 + MT_PLOT_TEXT_MAX + 3 + 1);
    assert_memory_equal(q + n - 4, "\xe2\x80\xa6'", 4);
    free(q);
    free(lng);
}

/* The hostile label: everything gnuplot could interpret somewhere. */
static const char hostile[] =
    "A `touch MARK1` system(\"touch MARK2\") @mac ' '' \" \\ \\n ^{x}_y & ~a < > \n"
    "line2 \\\n cocaïne";
/* How it must appear in the SVG: newline -> space, XML escaping of & and <. */
static const char hostile_svg[] =
    "A `touch MARK1` system(\"touch MARK2\") @mac ' '' \" \\ \\n ^{x}_y &amp; ~a &lt; >  "
    "line2 \\  cocaïne";

static void test_hostile_label_renders_literally(void **state)
{
    (void)state;
    char script[8192];
    FILE *f = fmemopen(script, sizeof script, "w");
    assert_non_null(f);
    fputs("mac = 'EXPANDED'\nset terminal svg size 600,300 noenhanced\nset output ", f);
    assert_int_equal(mt_plot_write_quoted(f, "out 'x'.svg"), MT_OK);
    fputs("\nset title ", f);
    mt_plot_write_quoted(f, hostile);
    fputs("\nset xlabel ", f);
    mt_plot_write_quoted(f, hostile);
    fputs("\nset label ", f);
    mt_plot_write_quoted(f, "@mac `id` system('touch MARK3')");
    fputs(" at graph 0.1, graph 0.5\nplot x title ", f);
    mt_plot_write_quoted(f, hostile);
    /* a 1500-byte label appears whole */
    char lng[1501];
    for (int i = 0; i < 1500; i++)
        lng[i] = (char)('a' + i % 26);
    lng[1500] = '\0';
    fputs(", 2*x title ", f);
    mt_plot_write_quoted(f, lng);
    fputs("\nunset output\n", f);
    fclose(f);
    write_file(dir, "hostile.gp", script);

    mt_error err;
    mt_error_clear(&err);
    const char *scripts[] = {"hostile.gp"};
    const char *outs[] = {"out 'x'.svg"};
    mt_status st = mt_plot_run(dir, scripts, 1, outs, 1, NULL, &err);
    if (st != MT_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(st, MT_OK);
    for (int i = 1; i <= 3; i++) {
        char m[8];
        snprintf(m, sizeof m, "MARK%d", i);
        assert_false(exists(dir, m));
        assert_false(exists(".", m));
        assert_false(exists(base, m));
    }
    char *svg = slurp(dir, "out 'x'.svg");
    assert_non_null(svg);
    assert_non_null(strstr(svg, hostile_svg));
    assert_non_null(strstr(svg, "@mac `id` system('touch MARK3')"));
    assert_null(strstr(svg, "EXPANDED"));
    assert_non_null(strstr(svg, lng));
    free(svg);
    char path[1024];
    snprintf(path, sizeof path, "%s/out 'x'.svg", dir);
    char *argv[] = {"xmllint", "--noout", path, NULL};
    assert_int_equal(test_run_cmd(argv), 0);
}

static void test_failures_are_eplot(void **state)
{
    (void)state;
    mt_error err;
    mt_error_clear(&err);
    /* a script error: exit status 1, stderr in the message */
    write_file(dir, "bad.gp", "set terminal svg\nset output 'bad.svg'\nplot undefined_fn(x)\n");
    const char *s1[] = {"bad.gp"};
    const char *o1[] = {"bad.svg"};
    assert_int_equal(mt_plot_run(dir, s1, 1, o1, 1, NULL, &err), MT_EPLOT);
    assert_non_null(strstr(err.msg, "gnuplot failed (exit status 1)"));
    assert_non_null(strstr(err.msg, "undefined function: undefined_fn"));
    /* exit 0 but the expected image is missing */
    write_file(dir, "quiet.gp", "print 'nothing drawn'\n");
    const char *s2[] = {"quiet.gp"};
    const char *o2[] = {"never.svg"};
    assert_int_equal(mt_plot_run(dir, s2, 1, o2, 1, NULL, &err), MT_EPLOT);
    assert_non_null(strstr(err.msg, "never.svg: gnuplot left no image: nothing drawn"));
    /* a 0-byte image is an error */
    write_file(dir, "empty.png", "");
    const char *o3[] = {"empty.png"};
    assert_int_equal(mt_plot_run(dir, s2, 1, o3, 1, NULL, &err), MT_EPLOT);
    assert_non_null(strstr(err.msg, "empty.png: gnuplot left an empty image"));
    /* a script whose name looks like an option is still a script */
    write_file(dir, "-e.gp", "set print '-e.txt'\nprint 'ran'\nunset print\n");
    const char *s4[] = {"-e.gp"};
    const char *o4[] = {"-e.txt"};
    assert_int_equal(mt_plot_run(dir, s4, 1, o4, 1, NULL, &err), MT_OK);
    /* no such program */
    assert_int_equal(mt_plot_run(dir, s2, 1, NULL, 0, "/nonexistent/gnuplot", &err), MT_EPLOT);
    assert_non_null(strstr(err.msg, "cannot /nonexistent/gnuplot: no such file or directory"));
    /* no such folder */
    assert_int_equal(mt_plot_run("/nonexistent/dir", s2, 1, NULL, 0, NULL, &err), MT_EPLOT);
    assert_non_null(strstr(err.msg, "cannot enter the figures folder"));
    /* bad arguments */
    assert_int_equal(mt_plot_run(dir, s2, 0, NULL, 0, NULL, &err), MT_EINVAL);
    assert_int_equal(mt_plot_run(NULL, s2, 1, NULL, 0, NULL, &err), MT_EINVAL);
}

static void test_many_scripts_one_process(void **state)
{
    (void)state;
    /* More scripts than fit in argv go through a master script, which is
     * removed afterwards.  Each script appends its number to one file, so
     * the order and count prove a single process ran them all. */
    size_t n = MT_PLOT_ARGV_SCRIPTS_MAX + 5;
    char **names = calloc(n, sizeof *names);
    for (size_t i = 0; i < n; i++) {
        names[i] = malloc(32);
        snprintf(names[i], 32, "s %03zu.gp", i);
        char body[128];
        snprintf(body, sizeof body, "set print 'seq.txt' append\nprint %zu\nunset print\n", i);
        write_file(dir, names[i], body);
    }
    mt_error err;
    const char *outs[] = {"seq.txt"};
    mt_status st = mt_plot_run(dir, (const char *const *)names, n, outs, 1, NULL, &err);
    if (st != MT_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(st, MT_OK);
    assert_false(exists(dir, ".monitrend-render-1.gp"));
    char *seq = slurp(dir, "seq.txt");
    char *p = seq;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(strtol(p, &p, 10), (long)i);
    }
    free(seq);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static void test_version(void **state)
{
    (void)state;
    char v[128];
    mt_error err;
    assert_int_equal(mt_plot_version(NULL, v, sizeof v, &err), MT_OK);
    assert_memory_equal(v, "gnuplot ", 8);
    assert_null(strchr(v, '\n'));
    assert_int_equal(mt_plot_version("/nonexistent/gnuplot", v, sizeof v, &err), MT_EPLOT);
    assert_int_equal(mt_plot_version(NULL, v, 4, &err), MT_ELIMIT);
}

/* The PNG writer is found beside the program, else in LIBDIR/monitrend/;
 * a path LD_PRELOAD cannot hold (space, colon) or a non-file is passed
 * over; MONITREND_PNG_ENCODER=gnuplot turns it off, an unknown value is an
 * error naming the variable. */
static void test_png_preload_lookup(void **state)
{
    (void)state;
    char bin[600], lib[600], exe[800], want[800], got[800];
    mt_error err;
    snprintf(bin, sizeof bin, "%s/bin", base);
    snprintf(lib, sizeof lib, "%s/lib", base);
    snprintf(exe, sizeof exe, "%s/monitrend", bin);
    assert_int_equal(mkdir(bin, 0700), 0);
    assert_int_equal(mkdir(lib, 0700), 0);
    /* nothing there: no preload */
    assert_int_equal(mt_plot_png_preload(NULL, exe, lib, got, sizeof got, &err), MT_OK);
    assert_string_equal(got, "");
    /* installed */
    char sub[700];
    snprintf(sub, sizeof sub, "%s/monitrend", lib);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(sub, MT_PLOT_PNG_PRELOAD, "x");
    snprintf(want, sizeof want, "%s/" MT_PLOT_PNG_PRELOAD, sub);
    assert_int_equal(mt_plot_png_preload(NULL, exe, lib, got, sizeof got, &err), MT_OK);
    assert_string_equal(got, want);
    assert_int_equal(mt_plot_png_preload("fast", NULL, lib, got, sizeof got, &err), MT_OK);
    assert_string_equal(got, want);
    /* beside the program comes first */
    write_file(bin, MT_PLOT_PNG_PRELOAD, "x");
    snprintf(want, sizeof want, "%s/" MT_PLOT_PNG_PRELOAD, bin);
    assert_int_equal(mt_plot_png_preload("", exe, lib, got, sizeof got, &err), MT_OK);
    assert_string_equal(got, want);
    /* too long for the buffer: not cut, passed over */
    assert_int_equal(mt_plot_png_preload(NULL, exe, NULL, got, strlen(want), &err), MT_OK);
    assert_string_equal(got, "");
    /* switched off */
    assert_int_equal(mt_plot_png_preload("gnuplot", exe, lib, got, sizeof got, &err), MT_OK);
    assert_string_equal(got, "");
    assert_int_equal(mt_plot_png_preload("zlib", exe, lib, got, sizeof got, &err), MT_EINVAL);
    assert_non_null(strstr(err.msg, "MONITREND_PNG_ENCODER=zlib"));
    /* a folder with spaces (dir) cannot go into LD_PRELOAD; nor a colon */
    write_file(dir, MT_PLOT_PNG_PRELOAD, "x");
    snprintf(exe, sizeof exe, "%s/monitrend", dir);
    assert_int_equal(mt_plot_png_preload(NULL, exe, NULL, got, sizeof got, &err), MT_OK);
    assert_string_equal(got, "");
    snprintf(sub, sizeof sub, "%s/a:b", base);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(sub, MT_PLOT_PNG_PRELOAD, "x");
    snprintf(exe, sizeof exe, "%s/monitrend", sub);
    assert_int_equal(mt_plot_png_preload(NULL, exe, NULL, got, sizeof got, &err), MT_OK);
    assert_string_equal(got, "");
    /* a folder of that name is not the file */
    snprintf(sub, sizeof sub, "%s/d", base);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(want, sizeof want, "%s/" MT_PLOT_PNG_PRELOAD, sub);
    assert_int_equal(mkdir(want, 0700), 0);
    snprintf(exe, sizeof exe, "%s/monitrend", sub);
    assert_int_equal(mt_plot_png_preload(NULL, exe, NULL, got, sizeof got, &err), MT_OK);
    assert_string_equal(got, "");
    /* mt_plot_run_jobs refuses an unknown setting before starting gnuplot */
    const char *scripts[] = {"none.gp"};
    assert_int_equal(setenv("MONITREND_PNG_ENCODER", "zlib", 1), 0);
    mt_status st = mt_plot_run_jobs(dir, scripts, 1, NULL, 0, NULL, &err);
    assert_int_equal(unsetenv("MONITREND_PNG_ENCODER"), 0);
    assert_int_equal(st, MT_EINVAL);
}

/* gnuplot's environment: every variable kept, the writer appended to an
 * existing LD_PRELOAD (after its entries, colon-separated) or added. */
static void test_env_alloc(void **state)
{
    (void)state;
    char *with[] = {"A=1", "LD_PRELOAD=/x/a.so /x/b.so", "B=2", NULL};
    char **e = mt_plot_env_alloc(with, "/p/monitrend-png.so");
    assert_non_null(e);
    assert_string_equal(e[0], "A=1");
    assert_string_equal(e[1], "B=2");
    assert_string_equal(e[2], "LD_PRELOAD=/x/a.so /x/b.so:/p/monitrend-png.so");
    assert_null(e[3]);
    free(e);
    char *without[] = {"A=1", "LD_PRELOAD=", NULL};
    e = mt_plot_env_alloc(without, "/p/monitrend-png.so");
    assert_string_equal(e[0], "A=1");
    assert_string_equal(e[1], "LD_PRELOAD=/p/monitrend-png.so");
    assert_null(e[2]);
    free(e);
    e = mt_plot_env_alloc(with, "");
    for (size_t i = 0; i < 3; i++)
        assert_ptr_equal(e[i], with[i]);
    assert_null(e[3]);
    free(e);
    e = mt_plot_env_alloc(NULL, "/p/m.so");
    assert_string_equal(e[0], "LD_PRELOAD=/p/m.so");
    assert_null(e[1]);
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quote_exact),
        cmocka_unit_test(test_hostile_label_renders_literally),
        cmocka_unit_test(test_failures_are_eplot),
        cmocka_unit_test(test_many_scripts_one_process),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_png_preload_lookup),
        cmocka_unit_test(test_env_alloc),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
