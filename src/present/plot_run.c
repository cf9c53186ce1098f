/*
 * plot_run.c - running gnuplot: no shell, no orphan, no hang (see plot.h).
 *
 * Each gnuplot process is forked and exec'd with an argv array, so no file
 * name or label is ever seen by a shell.  Between fork and exec the child
 * only calls async-signal-safe functions (setpgid, prctl, getppid,
 * sigprocmask, chdir, open, dup2, execvp or execvpe, write, _exit), which
 * keeps it safe in a multithreaded caller; its environment, when it differs
 * from ours (monitrend-png.so in LD_PRELOAD when PNGs are drawn:
 * plot_env.c), is built before the fork.  The child
 *   - leads its own process group, so that killing the group also kills
 *     anything it started, and a terminal's ^C reaches monitrend, which
 *     then decides (guard.c kills the group);
 *   - asks the kernel for SIGKILL when its parent dies (PR_SET_PDEATHSIG),
 *     so that a monitrend killed with SIGKILL leaves no gnuplot writing
 *     into a folder the next run wants to remove.  The parent is the
 *     *thread* that forked, so mt_plot_run must be called from a thread
 *     that outlives the rendering (the CLI calls it from the main thread).
 *
 * Figures are split over processes by mt_plot_split (plot_split.c).  Each
 * process gets a master script that, per figure, prints a progress line on
 * stderr and loads the figure's script.  The parent reads every stderr pipe with poll(): a
 * progress line tells which figure a process is drawing and starts that
 * figure's clock; other lines are kept for the error message.  A figure
 * that runs past the limit, or a process that fails, stops them all.
 */
#define _GNU_SOURCE
#include "monitrend/plot.h"
#include "monitrend/guard.h"
#include "plot_env.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS "monitrend-figure: "
#define NAME_MAX_LEN 512

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

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

/* Fork argv in dir (NULL = here) with stdin on /dev/null and fd `capture`
 * (1 or 2) on a pipe whose read end is *out_fd; the other output goes to
 * /dev/null.  envp is its environment (NULL: ours).  The child leads a new
 * process group and dies with its parent.  Returns the pid, or -1 with
 * errno. */
static pid_t spawn(const char *dir, char *const argv[], char *const envp[], int capture,
                   int *out_fd)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        errno = e;
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
            _exit(127); /* the parent is already gone */
        mt_guard_child_reset();
        int null = open("/dev/null", O_RDWR);
        if (null < 0)
            _exit(127);
        /* dup2 clears FD_CLOEXEC on the target descriptor. */
        if (dup2(fds[1], capture) < 0 || dup2(null, 0) < 0 || dup2(null, capture == 1 ? 2 : 1) < 0)
            _exit(127);
        if (dir != NULL && chdir(dir) != 0)
            child_fail("enter the figures folder");
        if (envp != NULL)
            execvpe(argv[0], argv, envp);
        else
            execvp(argv[0], argv);
        child_fail(argv[0]);
    }
    /* Also here: whichever of parent and child runs first, the group exists
     * before anyone signals it. */
    setpgid(pid, pid);
    mt_guard_add_group(pid);
    close(fds[1]);
    *out_fd = fds[0];
    return pid;
}

static void kill_group(pid_t pid)
{
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
}

static int reap(pid_t pid, int *wstatus, int block)
{
    for (;;) {
        pid_t r = waitpid(pid, wstatus, block ? 0 : WNOHANG);
        if (r == pid) {
            mt_guard_remove_group(pid);
            return 1;
        }
        if (r == 0)
            return 0;
        if (errno != EINTR) {
            mt_guard_remove_group(pid);
            *wstatus = 0;
            return 1;
        }
    }
}

/* One gnuplot process and what it reported. */
typedef struct {
    pid_t pid;
    int fd;                           /* stderr read end; -1 after EOF */
    int done, wstatus;
    size_t first;                     /* index of its first figure */
    char figure[NAME_MAX_LEN];        /* figure being drawn */
    double since;                     /* when that figure started */
    char line[NAME_MAX_LEN + 64];     /* partial stderr line */
    size_t line_len;
    char err[MT_PLOT_STDERR_MAX + 1]; /* stderr other than progress lines */
    size_t err_len;
    char master[64];
} proc;

/* Keep text for the message, on one line: runs of white space become one
 * space (gnuplot's errors span several lines, with a caret line). */
static void keep_err(proc *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n && p->err_len < MT_PLOT_STDERR_MAX; i++) {
        char c = s[i];
        int space = c == '\n' || c == '\r' || c == ' ' || c == '\t';
        if (space && (p->err_len == 0 || p->err[p->err_len - 1] == ' '))
            continue;
        p->err[p->err_len++] = space ? ' ' : c;
    }
    p->err[p->err_len] = '\0';
}

static void end_line(proc *p, double t)
{
    p->line[p->line_len] = '\0';
    size_t lp = strlen(PROGRESS);
    if (strncmp(p->line, PROGRESS, lp) == 0) {
        snprintf(p->figure, sizeof p->figure, "%s", p->line + lp);
        p->since = t;
    } else {
        keep_err(p, p->line, p->line_len);
        keep_err(p, "\n", 1);
    }
    p->line_len = 0;
}

static void take_output(proc *p, const char *buf, size_t n, double t)
{
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '\n') {
            end_line(p, t);
            continue;
        }
        if (p->line_len + 1 < sizeof p->line)
            p->line[p->line_len++] = buf[i];
    }
}

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

/* The figure name of a script: its file name without ".gp". */
static void figure_of(const char *script, char *buf, size_t size)
{
    size_t n = strlen(script);
    if (n > 3 && strcmp(script + n - 3, ".gp") == 0)
        n -= 3;
    if (n >= size)
        n = size - 1;
    memcpy(buf, script, n);
    buf[n] = '\0';
}

/* Write process k's master script: per figure a progress line, then load. */
static mt_status write_master(const char *dir, proc *p, size_t k, const char *const *scripts,
                              size_t n, const size_t *proc_of, mt_error *err)
{
    snprintf(p->master, sizeof p->master, ".monitrend-render-%zu.gp", k + 1);
    char *path = join_path(dir, p->master);
    if (path == NULL)
        return mt_error_set(err, MT_ENOMEM, "gnuplot: out of memory");
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        mt_error_set(err, MT_EIO, "%s: cannot write: %s", path, strerror(errno));
        free(path);
        return MT_EIO;
    }
    fputs("# Renders this process's share of the figures of this folder.\n", f);
    char fig[NAME_MAX_LEN];
    for (size_t i = 0; i < n; i++) {
        if (proc_of[i] != k)
            continue;
        figure_of(scripts[i], fig, sizeof fig);
        char *text = malloc(strlen(PROGRESS) + strlen(fig) + 1);
        if (text == NULL) {
            fclose(f);
            unlink(path);
            free(path);
            return mt_error_set(err, MT_ENOMEM, "gnuplot: out of memory");
        }
        strcpy(text, PROGRESS);
        strcat(text, fig);
        fputs("print ", f);
        mt_plot_write_quoted(f, text);
        free(text);
        fputs("\nload ", f);
        mt_plot_write_quoted(f, scripts[i]);
        fputc('\n', f);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        mt_error_set(err, MT_EIO, "%s: write error: %s", path, strerror(errno));
        unlink(path);
        free(path);
        return MT_EIO;
    }
    free(path);
    return MT_OK;
}

static void stop_all(proc *ps, size_t np)
{
    for (size_t k = 0; k < np; k++)
        if (ps[k].pid > 0 && !ps[k].done) {
            kill_group(ps[k].pid);
            reap(ps[k].pid, &ps[k].wstatus, 1);
            ps[k].done = 1;
        }
}

mt_status mt_plot_run_jobs(const char *dir, const char *const *scripts, size_t n_scripts,
                           const char *const *outputs, size_t n_outputs,
                           const mt_plot_config *cfg, mt_error *err)
{
    if (dir == NULL || scripts == NULL || n_scripts == 0 || (n_outputs > 0 && outputs == NULL))
        return mt_error_set(err, MT_EINVAL, "gnuplot: no folder or no scripts to run");
    mt_plot_config c = {NULL, 1, MT_PLOT_TIMEOUT_DEFAULT};
    if (cfg != NULL)
        c = *cfg;
    if (c.gnuplot == NULL)
        c.gnuplot = "gnuplot";
    struct stat dst;
    if (stat(dir, &dst) != 0 || !S_ISDIR(dst.st_mode))
        return mt_error_set(err, MT_EPLOT, "gnuplot: cannot enter the figures folder %s: %s", dir,
                            strerror(errno ? errno : ENOTDIR));

    /* gnuplot's environment: ours, with the faster PNG writer when found */
    char preload[PATH_MAX];
    mt_status pst = mt_plot_png_preload_here(preload, sizeof preload, err);
    if (pst != MT_OK)
        return pst;
    char **envp = NULL;
    if (preload[0] != '\0' && (envp = mt_plot_env_alloc(environ, preload)) == NULL)
        return mt_error_set(err, MT_ENOMEM, "gnuplot: out of memory");

    size_t *proc_of = malloc(n_scripts * sizeof *proc_of);
    size_t np = proc_of != NULL ? mt_plot_split(dir, scripts, n_scripts, c.jobs, proc_of) : 0;
    proc *ps = proc_of != NULL ? calloc(np, sizeof *ps) : NULL;
    struct pollfd *pfd = proc_of != NULL ? calloc(np, sizeof *pfd) : NULL;
    if (ps == NULL || pfd == NULL) {
        free(envp);
        free(proc_of);
        free(ps);
        free(pfd);
        return mt_error_set(err, MT_ENOMEM, "gnuplot: out of memory");
    }
    mt_status st = MT_OK;
    size_t started = 0;
    for (size_t k = 0; k < np && st == MT_OK; k++) {
        ps[k].fd = -1;
        for (size_t i = 0; i < n_scripts; i++)
            if (proc_of[i] == k) {
                ps[k].first = i;
                break;
            }
        figure_of(scripts[ps[k].first], ps[k].figure, sizeof ps[k].figure);
        if ((st = write_master(dir, &ps[k], k, scripts, n_scripts, proc_of, err)) != MT_OK)
            break;
        /* gnuplot -d: no ~/.gnuplot or system-wide init file, so a user's
         * settings cannot change (or run commands in) an edition's figures. */
        char *argv[4] = {(char *)c.gnuplot, (char *)"-d", ps[k].master, NULL};
        ps[k].since = now_s();
        ps[k].pid = spawn(dir, argv, envp, 2, &ps[k].fd);
        if (ps[k].pid < 0) {
            st = mt_error_set(err, MT_EPLOT, "gnuplot: cannot start %s: %s", c.gnuplot,
                              strerror(errno));
            break;
        }
        started++;
    }

    /* Watch every process until all have ended, one fails or a figure runs
     * past the limit. */
    const proc *failed = NULL;
    const proc *late = NULL;
    while (st == MT_OK) {
        size_t live = 0, nfd = 0;
        double t = now_s(), wait_s = 1.0;
        for (size_t k = 0; k < np; k++) {
            proc *p = &ps[k];
            if (p->done)
                continue;
            if (p->fd < 0 && reap(p->pid, &p->wstatus, 0)) {
                p->done = 1;
                if (p->line_len > 0)
                    end_line(p, t);
                if (!WIFEXITED(p->wstatus) || WEXITSTATUS(p->wstatus) != 0) {
                    failed = p;
                    break;
                }
                continue;
            }
            live++;
            if (c.timeout > 0) {
                double left = p->since + c.timeout - t;
                if (left <= 0) {
                    late = p;
                    break;
                }
                if (left < wait_s)
                    wait_s = left;
            }
            if (p->fd >= 0) {
                pfd[nfd].fd = p->fd;
                pfd[nfd].events = POLLIN;
                pfd[nfd].revents = 0;
                nfd++;
            } else if (wait_s > 0.02) {
                wait_s = 0.02; /* output closed, exit not yet reaped */
            }
        }
        if (failed != NULL || late != NULL || live == 0)
            break;
        int ms = (int)(wait_s * 1000) + 1;
        int r = poll(pfd, nfd, ms);
        if (r < 0 && errno != EINTR)
            break;
        if (r <= 0)
            continue;
        t = now_s();
        for (size_t j = 0; j < nfd; j++) {
            if (pfd[j].revents == 0)
                continue;
            proc *p = NULL;
            for (size_t k = 0; k < np; k++)
                if (ps[k].fd == pfd[j].fd)
                    p = &ps[k];
            char buf[4096];
            ssize_t got = read(p->fd, buf, sizeof buf);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                close(p->fd);
                p->fd = -1;
                continue;
            }
            take_output(p, buf, (size_t)got, t);
        }
    }
    stop_all(ps, np);

    if (st == MT_OK && late != NULL) {
        st = mt_error_set(err, MT_EPLOT,
                          "figure %s: gnuplot took longer than the limit of %g seconds "
                          "(--figure-timeout); stopped", late->figure, c.timeout);
    } else if (st == MT_OK && failed != NULL) {
        char msg[MT_PLOT_STDERR_MAX + 1];
        snprintf(msg, sizeof msg, "%s", failed->err);
        rtrim(msg);
        if (WIFSIGNALED(failed->wstatus))
            st = mt_error_set(err, MT_EPLOT, "gnuplot killed by signal %d in %s, figure %s: %s",
                              WTERMSIG(failed->wstatus), dir, failed->figure, msg);
        else
            st = mt_error_set(err, MT_EPLOT, "gnuplot failed (exit status %d) in %s, figure %s: %s",
                              WEXITSTATUS(failed->wstatus), dir, failed->figure, msg);
    }
    /* Text gnuplot printed while succeeding explains a missing image. */
    char said[MT_PLOT_STDERR_MAX + 1] = "";
    for (size_t k = 0; k < np && said[0] == '\0'; k++) {
        snprintf(said, sizeof said, "%s", ps[k].err);
        rtrim(said);
    }
    for (size_t k = 0; k < np; k++) {
        if (ps[k].fd >= 0)
            close(ps[k].fd);
        if (ps[k].master[0] != '\0') {
            char *m = join_path(dir, ps[k].master);
            if (m != NULL)
                unlink(m);
            free(m);
        }
    }
    (void)started;
    free(envp);
    free(ps);
    free(pfd);
    free(proc_of);
    if (st != MT_OK)
        return st;
    for (size_t i = 0; i < n_outputs; i++) {
        char *p = join_path(dir, outputs[i]);
        if (p == NULL)
            return mt_error_set(err, MT_ENOMEM, "gnuplot: out of memory");
        struct stat sb;
        int ok = stat(p, &sb) == 0;
        int empty = ok && sb.st_size == 0;
        if (!ok || empty) {
            mt_error_set(err, MT_EPLOT, "%s: gnuplot left %s%s%s", p,
                         ok ? "an empty image" : "no image", said[0] != '\0' ? ": " : "", said);
            free(p);
            return MT_EPLOT;
        }
        free(p);
    }
    return MT_OK;
}

mt_status mt_plot_run(const char *dir, const char *const *scripts, size_t n_scripts,
                      const char *const *outputs, size_t n_outputs, const char *gnuplot,
                      mt_error *err)
{
    mt_plot_config c = {gnuplot, 1, MT_PLOT_TIMEOUT_DEFAULT};
    return mt_plot_run_jobs(dir, scripts, n_scripts, outputs, n_outputs, &c, err);
}

/* Run argv, capture its stdout into buf, at most timeout seconds (then the
 * group is killed).  0, -1 with errno when it cannot start, 1 on timeout. */
static int run_capture(char *const argv[], char *buf, size_t size, double timeout, int *wstatus)
{
    int fd;
    pid_t pid = spawn(NULL, argv, NULL, 1, &fd);
    if (pid < 0)
        return -1;
    size_t used = 0;
    double end = now_s() + timeout;
    int late = 0;
    for (;;) {
        double left = end - now_s();
        if (left <= 0) {
            late = 1;
            break;
        }
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            continue;
        char tmp[512];
        ssize_t got = read(fd, tmp, sizeof tmp);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        size_t take = (size_t)got;
        if (used + take > size - 1)
            take = size - 1 - used;
        memcpy(buf + used, tmp, take);
        used += take;
    }
    buf[used] = '\0';
    close(fd);
    if (late)
        kill_group(pid);
    while (!reap(pid, wstatus, 0)) {
        if (now_s() > end + 1)
            kill_group(pid), late = 1;
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    return late ? 1 : 0;
}

mt_status mt_plot_version(const char *gnuplot, char *buf, size_t size, mt_error *err)
{
    return mt_plot_version_within(gnuplot, MT_PLOT_VERSION_TIMEOUT, buf, size, err);
}

mt_status mt_plot_version_within(const char *gnuplot, double timeout, char *buf, size_t size,
                                 mt_error *err)
{
    if (timeout <= 0 || timeout > MT_PLOT_VERSION_TIMEOUT)
        timeout = MT_PLOT_VERSION_TIMEOUT;
    if (buf == NULL || size == 0)
        return mt_error_set(err, MT_EINVAL, "gnuplot version: no buffer");
    buf[0] = '\0';
    const char *name = gnuplot != NULL ? gnuplot : "gnuplot";
    char *argv[3] = {(char *)name, (char *)"--version", NULL};
    char out[256];
    int wstatus = 0;
    int r = run_capture(argv, out, sizeof out, timeout, &wstatus);
    if (r < 0)
        return mt_error_set(err, MT_EPLOT, "gnuplot: cannot start %s: %s", name, strerror(errno));
    if (r > 0)
        return mt_error_set(err, MT_EPLOT, "gnuplot: `%s --version` gave no answer within %g "
                            "seconds; stopped", name, timeout);
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0 || out[0] == '\0') {
        if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 127)
            return mt_error_set(err, MT_EPLOT, "gnuplot: cannot start %s: not found (install "
                                "gnuplot, or use --no-figures)", name);
        return mt_error_set(err, MT_EPLOT, "gnuplot: `%s --version` failed", name);
    }
    char *nl = strchr(out, '\n');
    if (nl != NULL)
        *nl = '\0';
    rtrim(out);
    if (strlen(out) >= size)
        return mt_error_set(err, MT_ELIMIT, "gnuplot version: buffer too small");
    strcpy(buf, out);
    return MT_OK;
}
