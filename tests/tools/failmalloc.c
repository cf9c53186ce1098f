/*
 * failmalloc.c - an allocation-failure injector (issue 13): loaded with
 * LD_PRELOAD, it makes the Nth call of malloc, calloc or realloc (counted
 * together, from the first call after the library is loaded) return NULL
 * with errno ENOMEM; every other call is passed to glibc.
 *
 *   MT_FAILMALLOC=N           the call to fail (unset or 0: none)
 *   MT_FAILMALLOC_REPORT=FILE created when the failure has been injected,
 *                             so a loop over N knows when N has passed the
 *                             last allocation of the run
 *   MT_FAILMALLOC_COUNT=FILE  at a normal exit, the number of calls counted
 *                             (with MT_FAILMALLOC unset: how many there are)
 *
 * tests/sh/alloc_failures.sh loops N over unit tests and an end-to-end run:
 * each must end with an error (a clean exit status and message), never a
 * crash.  Built by `make check` as build/tests/failmalloc.so.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

static long target;
static long calls;
static const char *report, *count;

__attribute__((constructor)) static void init(void)
{
    const char *t = getenv("MT_FAILMALLOC");
    report = getenv("MT_FAILMALLOC_REPORT");
    count = getenv("MT_FAILMALLOC_COUNT");
    target = t != NULL ? strtol(t, NULL, 10) : 0;
}

__attribute__((destructor)) static void fini(void)
{
    if (count == NULL)
        return;
    char buf[32];
    int n = 0;
    long c = __atomic_load_n(&calls, __ATOMIC_RELAXED);
    char digits[24];
    int k = 0;
    do {
        digits[k++] = (char)('0' + c % 10);
        c /= 10;
    } while (c > 0);
    while (k > 0)
        buf[n++] = digits[--k];
    buf[n++] = '\n';
    int fd = open(count, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        if (write(fd, buf, (size_t)n) < 0)
            n = 0;
        close(fd);
    }
}

static int fail_now(void)
{
    long k = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
    if (target <= 0)
        return 0;
    if (k != target)
        return 0;
    if (report != NULL) {
        int fd = open(report, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0)
            close(fd);
    }
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n)
{
    return fail_now() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    return fail_now() ? NULL : __libc_realloc(p, n);
}
