/* test_edition.c - editions are replaced only when complete: a failed or
 * killed run leaves the previous edition intact, the next run cleans up;
 * a folder that is not an edition is never touched; unwritable folders and
 * a full disk give MT_EIO with the reason. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "monitrend/edition.h"

static char base[256];

static void put(const char *dir, const char *name, const char *text)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(mt_edition_fclose(f, p, NULL), MT_OK);
}

/* Content of dir/name, or "" when missing (static buffer). */
static const char *get(const char *dir, const char *name)
{
    static char buf[256];
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    buf[0] = '\0';
    FILE *f = fopen(p, "r");
    if (f == NULL)
        return buf;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Entries of base whose name starts with prefix. */
static int count_prefixed(const char *prefix)
{
    DIR *d = opendir(base);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
            n++;
    closedir(d);
    return n;
}

static int setup(void **state)
{
    (void)state;
    strcpy(base, "/tmp/mt-edition-XXXXXX");
    return mkdtemp(base) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    char *argv[] = {"chmod", "-R", "u+w", base, NULL};
    test_run_cmd(argv);
    char *argv2[] = {"rm", "-rf", base, NULL};
    return test_run_cmd(argv2);
}

/* Make a complete edition at out holding findings.txt = text. */
static void make_edition(const char *out, const char *text)
{
    mt_edition *ed;
    mt_error err;
    mt_status st = mt_edition_begin(out, &ed, &err);
    if (st != MT_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(st, MT_OK);
    assert_int_equal(mt_edition_mkdir(ed, "figures", &err), MT_OK);
    put(mt_edition_dir(ed), "findings.txt", text);
    put(mt_edition_dir(ed), "figures/a.svg", "<svg/>");
    assert_int_equal(mt_edition_commit(ed, &err), MT_OK);
    mt_edition_free(ed);
}

static void test_first_and_replacing_run(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof out, "%s/out/ndm", base); /* parent created */
    make_edition(out, "one");
    assert_string_equal(get(out, "findings.txt"), "one");
    assert_string_equal(get(out, "figures/a.svg"), "<svg/>");
    assert_true(strlen(get(out, MT_EDITION_MARKER)) > 0);
    assert_string_equal(get(out, MT_EDITION_LOCK), ""); /* lock gone */
    make_edition(out, "two");
    assert_string_equal(get(out, "findings.txt"), "two");
    /* no temporary or old folders left beside it */
    char sub[512];
    snprintf(sub, sizeof sub, "%s/out", base);
    DIR *d = opendir(sub);
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            n++;
    closedir(d);
    assert_int_equal(n, 1);
    /* trailing slash names the same folder */
    char slash[520];
    snprintf(slash, sizeof slash, "%s/", out);
    make_edition(slash, "three");
    assert_string_equal(get(out, "findings.txt"), "three");
}

static void test_failed_run_keeps_previous(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof out, "%s/failed", base);
    make_edition(out, "previous");
    mt_edition *ed;
    mt_error err;
    assert_int_equal(mt_edition_begin(out, &ed, &err), MT_OK);
    put(mt_edition_dir(ed), "findings.txt", "half");
    mt_edition_free(ed); /* the run fails: no commit */
    assert_string_equal(get(out, "findings.txt"), "previous");
    assert_int_equal(count_prefixed("failed.tmp-"), 0);
}

static void test_refuses_foreign_folder(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof out, "%s/mythesis", base);
    assert_int_equal(mkdir(out, 0700), 0);
    put(out, "chapter1.tex", "precious");
    mt_edition *ed = (mt_edition *)1;
    mt_error err;
    assert_int_equal(mt_edition_begin(out, &ed, &err), MT_EIO);
    assert_null(ed);
    char want[1024];
    snprintf(want, sizeof want,
             "%s: exists and is not a monitrend edition (no .monitrend-edition file); monitrend "
             "replaces only its own editions: choose another output folder", out);
    assert_string_equal(err.msg, want);
    assert_string_equal(get(out, "chapter1.tex"), "precious");
    assert_int_equal(count_prefixed("mythesis.tmp-"), 0);
    /* a plain file is refused the same way */
    char file[512];
    snprintf(file, sizeof file, "%s/afile", base);
    put(base, "afile", "x");
    assert_int_equal(mt_edition_begin(file, &ed, &err), MT_EIO);
    assert_string_equal(get(base, "afile"), "x");
    /* a foreign folder that merely looks like a stray temp folder stays */
    char fake[512];
    snprintf(fake, sizeof fake, "%s/ed.tmp-abcdef", base);
    assert_int_equal(mkdir(fake, 0700), 0);
    put(fake, "keep.txt", "mine");
    snprintf(out, sizeof out, "%s/ed", base);
    make_edition(out, "x");
    assert_string_equal(get(fake, "keep.txt"), "mine");
    /* bad arguments */
    assert_int_equal(mt_edition_begin("", &ed, &err), MT_EINVAL);
    assert_int_equal(mt_edition_begin("/", &ed, &err), MT_EINVAL);
    assert_int_equal(mt_edition_begin(NULL, &ed, &err), MT_EINVAL);
}

static void test_killed_run_leaves_previous_and_is_cleaned(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof out, "%s/killed", base);
    make_edition(out, "previous");
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        mt_edition *ed;
        if (mt_edition_begin(out, &ed, NULL) != MT_OK)
            _exit(1);
        char p[1024];
        snprintf(p, sizeof p, "%s/findings.txt", mt_edition_dir(ed));
        FILE *f = fopen(p, "w");
        fputs("half written", f);
        fflush(f);
        if (write(fds[1], "x", 1) != 1) /* midway: tell the parent */
            _exit(1);
        for (;;)
            pause();
    }
    close(fds[1]);
    char c;
    assert_int_equal(read(fds[0], &c, 1), 1);
    close(fds[0]);
    assert_int_equal(kill(pid, SIGKILL), 0);
    int wst;
    assert_int_equal(waitpid(pid, &wst, 0), pid);
    assert_true(WIFSIGNALED(wst) && WTERMSIG(wst) == SIGKILL);

    /* previous edition intact, a stray temporary folder left */
    assert_string_equal(get(out, "findings.txt"), "previous");
    assert_int_equal(count_prefixed("killed.tmp-"), 1);

    /* the next run removes it */
    size_t removed = 99;
    mt_error err;
    assert_int_equal(mt_edition_cleanup(out, &removed, &err), MT_OK);
    assert_int_equal(removed, 1);
    assert_int_equal(count_prefixed("killed.tmp-"), 0);
    make_edition(out, "next");
    assert_string_equal(get(out, "findings.txt"), "next");
    assert_int_equal(count_prefixed("killed.tmp-"), 0);
}

static void test_running_build_is_not_removed(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof out, "%s/busy", base);
    mt_edition *a, *b;
    mt_error err;
    assert_int_equal(mt_edition_begin(out, &a, &err), MT_OK);
    /* a second run while the first is building: its lock names a live
     * process, so its folder stays */
    assert_int_equal(mt_edition_begin(out, &b, &err), MT_OK);
    struct stat st;
    assert_int_equal(stat(mt_edition_dir(a), &st), 0);
    assert_int_equal(count_prefixed("busy.tmp-"), 2);
    mt_edition_free(b);
    mt_edition_free(a);
    assert_int_equal(count_prefixed("busy.tmp-"), 0);
}

static void test_moved_aside_edition_is_restored(void **state)
{
    (void)state;
    /* Simulate a kill between the two renames of the fallback path: the
     * previous edition sits in <out>.old-XXXXXX and <out> is missing. */
    char out[512], old[600];
    snprintf(out, sizeof out, "%s/aside", base);
    make_edition(out, "previous");
    snprintf(old, sizeof old, "%s.old-Ab12Cd", out);
    assert_int_equal(rename(out, old), 0);
    mt_error err;
    assert_int_equal(mt_edition_cleanup(out, NULL, &err), MT_OK);
    assert_string_equal(get(out, "findings.txt"), "previous");
    assert_int_equal(count_prefixed("aside.old-"), 0);
}

static void test_unwritable_and_full_disk(void **state)
{
    (void)state;
    mt_edition *ed;
    mt_error err;
    char out[512];
    if (geteuid() == 0) {
        /* root ignores permission bits: /sys refuses new folders to all */
        snprintf(out, sizeof out, "/sys/mt-edition-test");
    } else {
        char ro[400];
        snprintf(ro, sizeof ro, "%s/readonly", base);
        assert_int_equal(mkdir(ro, 0500), 0);
        snprintf(out, sizeof out, "%s/out", ro);
    }
    assert_int_equal(mt_edition_begin(out, &ed, &err), MT_EIO);
    assert_non_null(strstr(err.msg, out));
    assert_non_null(strstr(err.msg, "cannot create temporary folder beside it: "));

    /* full disk: every error path of fflush/fclose */
    FILE *f = fopen("/dev/full", "w");
    assert_non_null(f);
    fputs("findings", f); /* buffered: the error comes at fflush */
    assert_int_equal(mt_edition_fclose(f, "findings.txt", &err), MT_EIO);
    assert_string_equal(err.msg, "findings.txt: write error: No space left on device");
    f = fopen("/dev/full", "w");
    setvbuf(f, NULL, _IONBF, 0); /* unbuffered: the error comes at fputs */
    assert_true(fputs("x", f) == EOF);
    assert_int_equal(mt_edition_fclose(f, "unbuffered", &err), MT_EIO);
    assert_non_null(strstr(err.msg, "unbuffered: write error: "));
    assert_int_equal(mt_edition_fclose(NULL, "x", &err), MT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_and_replacing_run),
        cmocka_unit_test(test_failed_run_keeps_previous),
        cmocka_unit_test(test_refuses_foreign_folder),
        cmocka_unit_test(test_killed_run_leaves_previous_and_is_cleaned),
        cmocka_unit_test(test_running_build_is_not_removed),
        cmocka_unit_test(test_moved_aside_edition_is_restored),
        cmocka_unit_test(test_unwritable_and_full_disk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
