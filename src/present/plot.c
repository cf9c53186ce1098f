/*
 * plot.c - escaping text for gnuplot scripts and running gnuplot without a
 * shell (see plot.h for the rules and why they are safe).
 *
 * The runner forks and execs gnuplot with an argv array, so no file name or
 * label is ever seen by a shell.  Between fork and exec the child only calls
 * async-signal-safe functions (chdir, open, dup2, close, execvp, write,
 * _exit), which keeps it safe in a multithreaded caller.
 */
#include "monitrend/plot.h"
#include "monitrend/fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Quoting                                                             */
/* ------------------------------------------------------------------ */

/* Append one character of text to out as it should appear inside a gnuplot
 * string: control characters become a space, invalid UTF-8 U+FFFD.
 * Returns the number of input bytes consumed. */
static size_t put_char(const unsigned char *s, size_t n, char *out, size_t *o)
{
    size_t len = mt_fmt_utf8_len(s, n);
    if (len == 0) {
        memcpy(out + *o, "\xEF\xBF\xBD", 3); /* U+FFFD REPLACEMENT CHARACTER */
        *o += 3;
        return 1;
    }
    if (len == 1 && (s[0] < 0x20 || s[0] == 0x7f)) {
        out[(*o)++] = ' ';
        return 1;
    }
    memcpy(out + *o, s, len);
    *o += len;
    return len;
}

char *mt_plot_quote(const char *text)
{
    if (text == NULL)
        text = "";
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text);
    /* Worst case per input byte: U+FFFD (3 bytes), or an apostrophe opening
     * a new "'" piece with its joins ('."'".' = 7 bytes); plus the ellipsis
     * piece and NUL. */
    size_t cap = (n < MT_PLOT_TEXT_MAX ? n : MT_PLOT_TEXT_MAX) * 7 + 16;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    size_t o = 0, used = 0, i = 0;
    int piece = 0; /* 0 none open, 1 single-quoted open, 2 double-quoted open */
    while (i < n) {
        size_t len = mt_fmt_utf8_len(s + i, n - i);
        size_t step = len == 0 ? 1 : len;
        if (used + step > MT_PLOT_TEXT_MAX)
            break;
        used += step;
        int want = s[i] == '\'' ? 2 : 1;
        if (piece != want) {
            if (piece != 0) {
                out[o++] = piece == 1 ? '\'' : '"';
                out[o++] = '.';
            }
            out[o++] = want == 1 ? '\'' : '"';
            piece = want;
        }
        i += put_char(s + i, n - i, out, &o);
    }
    if (i < n) {
        /* Cut: end with U+2026 HORIZONTAL ELLIPSIS in a single-quoted piece. */
        if (piece != 1) {
            if (piece == 2) {
                out[o++] = '"';
                out[o++] = '.';
            }
            out[o++] = '\'';
            piece = 1;
        }
        memcpy(out + o, "\xE2\x80\xA6", 3);
        o += 3;
    }
    if (piece == 0) {
        out[o++] = '\'';
        piece = 1;
    }
    out[o++] = piece == 1 ? '\'' : '"';
    out[o] = '\0';
    return out;
}

mt_status mt_plot_write_quoted(FILE *f, const char *text)
{
    char *q = mt_plot_quote(text);
    if (q == NULL)
        return MT_ENOMEM;
    fputs(q, f);
    free(q);
    return ferror(f) ? MT_EIO : MT_OK;
}

/* ------------------------------------------------------------------ */
/* Running gnuplot                                                     */
/* ------------------------------------------------------------------ */

static void child_fail(const char *what)
{
    /* Only async-signal-safe calls here. */
    int e = errno;
    const char *m = "monitrend: cannot ";
    if (write(2, m, strlen(m)) < 0 || write(2, what, strlen(what)) < 0)
        _exit(127);
    const char *reason = e == ENOENT ? ": no such file or directory\n"
                         : e == EACCES ? ": permission denied\n" : ": failed\n";
    if (write(2, reason, strlen(reason)) < 0)
        _exit(127);
    _exit(127);
}

/* Run argv in dir (NULL = current folder), capture fd `capture` (1 or 2)
 * into buf (at most size-1 bytes kept, rest read and dropped), the other
 * output to /dev/null.  *wstatus gets the waitpid status.  Returns 0, or -1
 * with errno when the process could not be started. */
static int spawn_capture(const char *dir, char *const argv[], int capture, char *buf,
                         size_t size, int *wstatus)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        errno = e;
        return -1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null < 0)
            _exit(127);
        /* dup2 clears FD_CLOEXEC on the target descriptor. */
        if (dup2(fds[1], capture) < 0 || dup2(null, 0) < 0 || dup2(null, capture == 1 ? 2 : 1) < 0)
            _exit(127);
        if (dir != NULL && chdir(dir) != 0)
            child_fail("enter the figures folder");
        execvp(argv[0], argv);
        child_fail(argv[0]);
    }
    close(fds[1]);
    size_t used = 0;
    char tmp[4096];
    for (;;) {
        ssize_t r = read(fds[0], tmp, sizeof tmp);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        size_t take = (size_t)r;
        if (size > 0 && used + take > size - 1)
            take = size - 1 - used;
        memcpy(buf + used, tmp, take);
        used += take;
    }
    if (size > 0)
        buf[used] = '\0';
    close(fds[0]);
    while (waitpid(pid, wstatus, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return 0;
}

/* Trim trailing white space in place. */
static void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = '\0';
}

static char *join_path(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (p == NULL)
        return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

#define MASTER_NAME ".monitrend-render-all.gp"

mt_status mt_plot_run(const char *dir, const char *const *scripts, size_t n_scripts,
                      const char *const *outputs, size_t n_outputs, const char *gnuplot,
                      mt_error *err)
{
    if (dir == NULL || scripts == NULL || n_scripts == 0 || (n_outputs > 0 && outputs == NULL))
        return mt_error_set(err, MT_EINVAL, "gnuplot: no folder or no scripts to run");
    if (gnuplot == NULL)
        gnuplot = "gnuplot";

    int use_master = n_scripts > MT_PLOT_ARGV_SCRIPTS_MAX;
    char *master = NULL;
    if (use_master) {
        master = join_path(dir, MASTER_NAME);
        if (master == NULL)
            return mt_error_set(err, MT_ENOMEM, "gnuplot: out of memory");
        FILE *f = fopen(master, "w");
        if (f == NULL) {
            mt_error_set(err, MT_EIO, "%s: cannot write: %s", master, strerror(errno));
            free(master);
            return MT_EIO;
        }
        fputs("# Renders every figure of this folder in one gnuplot process.\n", f);
        for (size_t i = 0; i < n_scripts; i++) {
            fputs("load ", f);
            mt_plot_write_quoted(f, scripts[i]);
            fputc('\n', f);
        }
        int bad = ferror(f);
        if (fclose(f) != 0 || bad) {
            mt_error_set(err, MT_EIO, "%s: write error: %s", master, strerror(errno));
            unlink(master);
            free(master);
            return MT_EIO;
        }
    }

    /* gnuplot -d: no ~/.gnuplot or system-wide init file, so a user's
     * settings cannot change (or run commands in) an edition's figures. */
    size_t argc = use_master ? 3 : n_scripts + 2;
    char **argv = calloc(argc + 1, sizeof *argv);
    if (argv == NULL) {
        if (master != NULL) {
            unlink(master);
            free(master);
        }
        return mt_error_set(err, MT_ENOMEM, "gnuplot: out of memory");
    }
    argv[0] = (char *)gnuplot;
    argv[1] = (char *)"-d";
    if (use_master)
        argv[2] = (char *)MASTER_NAME;
    else
        for (size_t i = 0; i < n_scripts; i++) {
            /* A name starting with '-' would be read as an option. */
            if (scripts[i][0] == '-') {
                size_t len = strlen(scripts[i]) + 3;
                argv[i + 2] = malloc(len);
                if (argv[i + 2] == NULL) {
                    for (size_t j = 0; j < i; j++)
                        if (scripts[j][0] == '-')
                            free(argv[j + 2]);
                    free(argv);
                    return mt_error_set(err, MT_ENOMEM, "gnuplot: out of memory");
                }
                snprintf(argv[i + 2], len, "./%s", scripts[i]);
            } else {
                argv[i + 2] = (char *)scripts[i];
            }
        }

    char errbuf[MT_PLOT_STDERR_MAX + 1];
    int wstatus = 0;
    int rc = spawn_capture(dir, argv, 2, errbuf, sizeof errbuf, &wstatus);
    int spawn_errno = errno;
    if (!use_master)
        for (size_t i = 0; i < n_scripts; i++)
            if (scripts[i][0] == '-')
                free(argv[i + 2]);
    free(argv);
    if (master != NULL) {
        unlink(master);
        free(master);
    }
    if (rc != 0)
        return mt_error_set(err, MT_EPLOT, "gnuplot: cannot start %s: %s", gnuplot,
                            strerror(spawn_errno));
    rtrim(errbuf);
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
        if (WIFSIGNALED(wstatus))
            return mt_error_set(err, MT_EPLOT, "gnuplot killed by signal %d in %s: %s",
                                WTERMSIG(wstatus), dir, errbuf);
        return mt_error_set(err, MT_EPLOT, "gnuplot failed (exit status %d) in %s: %s",
                            WEXITSTATUS(wstatus), dir, errbuf);
    }
    for (size_t i = 0; i < n_outputs; i++) {
        char *p = join_path(dir, outputs[i]);
        if (p == NULL)
            return mt_error_set(err, MT_ENOMEM, "gnuplot: out of memory");
        struct stat st;
        int ok = stat(p, &st) == 0;
        int empty = ok && st.st_size == 0;
        if (!ok || empty) {
            mt_error_set(err, MT_EPLOT, "%s: gnuplot left %s%s%s", p,
                         ok ? "an empty image" : "no image",
                         errbuf[0] != '\0' ? ": " : "", errbuf);
            free(p);
            return MT_EPLOT;
        }
        free(p);
    }
    return MT_OK;
}

mt_status mt_plot_version(const char *gnuplot, char *buf, size_t size, mt_error *err)
{
    if (buf == NULL || size == 0)
        return mt_error_set(err, MT_EINVAL, "gnuplot version: no buffer");
    buf[0] = '\0';
    char *argv[3] = {(char *)(gnuplot != NULL ? gnuplot : "gnuplot"), (char *)"--version", NULL};
    char out[256];
    int wstatus = 0;
    if (spawn_capture(NULL, argv, 1, out, sizeof out, &wstatus) != 0)
        return mt_error_set(err, MT_EPLOT, "gnuplot: cannot start %s: %s", argv[0],
                            strerror(errno));
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0 || out[0] == '\0')
        return mt_error_set(err, MT_EPLOT, "gnuplot: `%s --version` failed", argv[0]);
    char *nl = strchr(out, '\n');
    if (nl != NULL)
        *nl = '\0';
    rtrim(out);
    if (strlen(out) >= size)
        return mt_error_set(err, MT_ELIMIT, "gnuplot version: buffer too small");
    strcpy(buf, out);
    return MT_OK;
}
