/*
 * test_helpers.h - what the unit tests share: comparing a computed number
 * with its reference.  Include after <cmocka.h>.
 *
 * assert_near(got, want, rel, floor, fmt, ...) passes when
 *
 *     |got - want| <= rel * max(|want|, floor)
 *
 * so rel is a relative tolerance, and floor the magnitude below which it
 * turns absolute (0: a pure relative test, where want = 0 needs got = 0
 * exactly; 1: relative above 1, absolute rel below).  A NaN on either side
 * fails.  On failure the test fails with the call's file and line, the
 * printf-style description and both numbers to 17 digits.
 *
 * assert_rel(got, want, rel) is the pure relative test (floor 0) that names
 * the expression got.
 *
 * test_read_seizures reads one series of the bundled UNODC seizures
 * (data/unodc/seizures-nl-be.csv, the tests' common real data); test_run_cmd
 * runs a program (argv, no shell) and returns its exit status.
 */
#ifndef MONITREND_TEST_HELPERS_H
#define MONITREND_TEST_HELPERS_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__GNUC__)
#define MT_TEST_UNUSED __attribute__((unused))
#else
#define MT_TEST_UNUSED
#endif

#if defined(__GNUC__)
__attribute__((format(printf, 7, 8)))
#endif
MT_TEST_UNUSED static void test_near_at(double got, double want, double rel, double floor, const char *file,
                         int line, const char *fmt, ...)
{
    double tol = rel * fmax(fabs(want), floor);
    if (fabs(got - want) <= tol)
        return;
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    print_error("%s: got %.17g, want %.17g (rel tol %g, floor %g)\n", what, got, want, rel, floor);
    _fail(file, line);
}

#define assert_near(got, want, rel, floor, ...) \
    test_near_at((got), (want), (rel), (floor), __FILE__, __LINE__, __VA_ARGS__)
#define assert_rel(got, want, rel) assert_near((got), (want), (rel), 0.0, "%s", #got)

/* The series indicator/market/region of the seizures file in file order, at
 * most max points: t the year, y the value (its natural log when take_log).
 * Run from the repository root, as tests/run.sh does. */
MT_TEST_UNUSED static size_t test_read_seizures(const char *ind, const char *mk, const char *rg,
                                                int take_log, double *t, double *y, size_t max)
{
    FILE *f = fopen("data/unodc/seizures-nl-be.csv", "r");
    assert_non_null(f);
    char line[2048];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        char a[64], b[64], c[64];
        double per, v;
        if (sscanf(line, "%63[^,],%lf,%lf,%63[^,],%63[^,],", a, &per, &v, b, c) == 5 &&
            strcmp(a, ind) == 0 && strcmp(b, mk) == 0 && strcmp(c, rg) == 0 && n < max) {
            t[n] = per;
            y[n++] = take_log ? log(v) : v;
        }
    }
    fclose(f);
    return n;
}

MT_TEST_UNUSED static int test_run_cmd(char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#endif
