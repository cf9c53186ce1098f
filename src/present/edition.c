/*
 * edition.c - building an edition in a temporary folder and renaming it into
 * place (see edition.h).
 *
 * Linux-specific parts: renameat2(RENAME_EXCHANGE) for the atomic swap (with
 * a two-rename fallback) - hence _GNU_SOURCE.  Recursive removal (guard.c) uses nftw
 * with FTW_PHYS, so a symbolic link inside an edition is removed, never
 * followed.
 */
#define _GNU_SOURCE
#include "monitrend/edition.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "monitrend/guard.h"

struct mt_edition {
    char *out;      /* final folder */
    char *tmp;      /* temporary folder */
    int committed;
    char warning[1024]; /* what went wrong without failing the run */
};

/* "PATH: WHAT: REASON; remove it by hand" as the warning of ed. */
static void add_warning(mt_edition *ed, const char *path, const char *what, int e)
{
    if (ed == NULL || ed->warning[0] != '\0')
        return; /* the first one is enough to act on */
    snprintf(ed->warning, sizeof ed->warning, "%s: %s: %s; remove it by hand", path, what,
             strerror(e));
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = malloc(la + lb + 2);
    if (p == NULL)
        return NULL;
    memcpy(p, a, la);
    p[la] = '/';
    memcpy(p + la + 1, b, lb + 1);
    return p;
}

/* 1 when dir is a real folder (not a symlink) holding the marker file. */
static int is_edition(const char *dir)
{
    struct stat st;
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    char *m = join(dir, MT_EDITION_MARKER);
    if (m == NULL)
        return 0;
    int ok = lstat(m, &st) == 0 && S_ISREG(st.st_mode);
    free(m);
    return ok;
}

/* The start time of process pid (clock ticks since boot, field 22 of
 * /proc/PID/stat): with the pid it names one process, as a pid alone is
 * reused.  0 when unknown. */
static unsigned long long start_time(long pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* the command name (field 2) may hold spaces and parentheses: count
     * fields from the last ')' */
    char *p = strrchr(buf, ')');
    if (p == NULL)
        return 0;
    p++;
    for (int field = 3; field < 22 && p != NULL; field++)
        p = strchr(p + 1, ' ');
    return p != NULL ? strtoull(p + 1, NULL, 10) : 0;
}

/* 1 when dir's build lock names a process that is still alive: the same
 * pid with the same start time.  A lock without a start time (an older
 * monitrend, or no /proc) falls back to the pid alone. */
static int builder_alive(const char *dir)
{
    char *l = join(dir, MT_EDITION_LOCK);
    if (l == NULL)
        return 1; /* when in doubt, keep it */
    FILE *f = fopen(l, "r");
    free(l);
    if (f == NULL)
        return 0;
    long pid = 0;
    unsigned long long when = 0;
    int n = fscanf(f, "%ld %llu", &pid, &when);
    fclose(f);
    if (n < 1 || pid <= 0)
        return 0;
    if (n == 2 && when != 0) {
        unsigned long long now = start_time(pid);
        if (now != 0)
            return now == when;
    }
    return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* Remove a folder tree that is_edition() approved. */
static int remove_tree(const char *dir)
{
    return mt_guard_remove_tree(dir);
}

/* A new folder `<out><tag>XXXXXX` made with mode 0777 & ~umask, like every
 * other folder monitrend makes (mkdtemp would give 0700).  The suffix is
 * drawn from /dev/urandom (or the clock and pid); mkdir fails on an
 * existing name, so a clash is retried, never shared.  NULL with errno. */
static char *make_unique_dir(const char *out, const char *tag)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    size_t lo = strlen(out), lt = strlen(tag);
    char *p = malloc(lo + lt + 7);
    if (p == NULL)
        return NULL;
    memcpy(p, out, lo);
    memcpy(p + lo, tag, lt);
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char r[6];
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (fd < 0 || read(fd, r, sizeof r) != (ssize_t)sizeof r) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            unsigned long long x = (unsigned long long)ts.tv_nsec * 2654435761u ^
                                   (unsigned long long)getpid() << 20 ^ (unsigned)attempt;
            for (int i = 0; i < 6; i++, x >>= 7)
                r[i] = (unsigned char)x;
        }
        if (fd >= 0)
            close(fd);
        for (int i = 0; i < 6; i++)
            p[lo + lt + i] = abc[r[i] % (sizeof abc - 1)];
        p[lo + lt + 6] = '\0';
        if (mkdir(p, 0777) == 0)
            return p;
        if (errno != EEXIST) {
            int e = errno;
            free(p);
            errno = e;
            return NULL;
        }
    }
    free(p);
    errno = EEXIST;
    return NULL;
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fputs(text, f);
    int bad = fflush(f) != 0 || ferror(f);
    if (fclose(f) != 0)
        bad = 1;
    return bad ? -1 : 0;
}

/* mkdir -p of every folder above path (not path itself). */
static int make_parents(const char *path)
{
    char *p = strdup(path);
    if (p == NULL)
        return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            free(p);
            errno = e;
            return -1;
        }
        *s = '/';
    }
    free(p);
    return 0;
}

/* Split out into parent folder and base name (both allocated). */
static int split_path(const char *out, char **parent, char **base)
{
    const char *slash = strrchr(out, '/');
    if (slash == NULL) {
        *parent = strdup(".");
        *base = strdup(out);
    } else if (slash == out) {
        *parent = strdup("/");
        *base = strdup(slash + 1);
    } else {
        *parent = strndup(out, (size_t)(slash - out));
        *base = strdup(slash + 1);
    }
    if (*parent == NULL || *base == NULL) {
        free(*parent);
        free(*base);
        return -1;
    }
    return 0;
}

/* "suffix" is ".tmp-" or ".old-" followed by exactly six characters, as
 * mkdtemp makes them. */
static int has_suffix_form(const char *name, const char *base, const char *tag)
{
    size_t lb = strlen(base), lt = strlen(tag);
    return strncmp(name, base, lb) == 0 && strncmp(name + lb, tag, lt) == 0 &&
           strlen(name + lb + lt) == 6;
}

/* ------------------------------------------------------------------ */
/* Public                                                              */
/* ------------------------------------------------------------------ */

mt_status mt_edition_fclose(FILE *f, const char *path, mt_error *err)
{
    if (f == NULL)
        return mt_error_set(err, MT_EINVAL, "%s: no file to close", path ? path : "?");
    errno = 0;
    int bad = fflush(f) != 0;
    int e = errno;
    if (!bad && ferror(f)) {
        bad = 1;
        e = errno ? errno : EIO;
    }
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad)
        return mt_error_set(err, MT_EIO, "%s: write error: %s", path ? path : "output",
                            strerror(e ? e : EIO));
    return MT_OK;
}

/* The clean-up of mt_edition_cleanup.  With ed, a folder that cannot be
 * removed is a warning on ed, not an error: it does not stand in the way
 * of the new edition, which gets its own unique name. */
static mt_status cleanup(const char *out, size_t *n_removed, mt_edition *ed, mt_error *err)
{
    if (n_removed != NULL)
        *n_removed = 0;
    char *parent, *base;
    if (split_path(out, &parent, &base) != 0)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    DIR *d = opendir(parent);
    if (d == NULL) {
        free(parent);
        free(base);
        return MT_OK; /* nothing to clean in a folder that does not exist */
    }
    mt_status st = MT_OK;
    struct dirent *de;
    /* Collect names first: removing while reading a directory is allowed
     * but may skip entries. */
    char **names = NULL;
    size_t n = 0, cap = 0;
    while ((de = readdir(d)) != NULL) {
        if (!has_suffix_form(de->d_name, base, ".tmp-") &&
            !has_suffix_form(de->d_name, base, ".old-"))
            continue;
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 8;
            char **nn = realloc(names, nc * sizeof *nn);
            if (nn == NULL)
                break;
            names = nn;
            cap = nc;
        }
        if ((names[n] = join(parent, de->d_name)) != NULL)
            n++;
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        const char *p = names[i];
        if (!is_edition(p))
            continue; /* not ours: never touched */
        int is_old = strstr(p + strlen(parent) + 1 + strlen(base), ".old-") != NULL;
        struct stat sb;
        if (is_old && lstat(out, &sb) != 0 && errno == ENOENT) {
            /* a run was killed between moving the old edition aside and
             * putting the new one in place: restore it */
            if (rename(p, out) != 0)
                st = mt_error_set(err, MT_EIO, "%s: cannot restore the previous edition: %s",
                                  p, strerror(errno));
            continue;
        }
        /* A folder whose builder (pid and start time) still runs is being
         * built now, or committed; only a dead builder's folder is stray. */
        if (builder_alive(p))
            continue;
        if (remove_tree(p) != 0) {
            if (ed != NULL)
                add_warning(ed, p, "cannot remove stray temporary folder", errno);
            else
                st = mt_error_set(err, MT_EIO, "%s: cannot remove stray temporary folder: %s", p,
                                  strerror(errno));
        } else if (n_removed != NULL) {
            (*n_removed)++;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(parent);
    free(base);
    return st;
}

mt_status mt_edition_cleanup(const char *out, size_t *n_removed, mt_error *err)
{
    return cleanup(out, n_removed, NULL, err);
}

/* "PID STARTTIME\n" of this process, for the build lock. */
static void lock_text(char *buf, size_t size)
{
    long pid = (long)getpid();
    snprintf(buf, size, "%ld %llu\n", pid, start_time(pid));
}

mt_status mt_edition_begin(const char *out, mt_edition **edp, mt_error *err)
{
    if (edp == NULL)
        return mt_error_set(err, MT_EINVAL, "edition: no handle");
    *edp = NULL;
    if (out == NULL || out[0] == '\0')
        return mt_error_set(err, MT_EINVAL, "edition: empty output folder name");
    if (strlen(out) > MT_EDITION_PATH_MAX)
        return mt_error_set(err, MT_EINVAL, "edition: output folder name longer than %d bytes",
                            MT_EDITION_PATH_MAX);
    mt_edition *ed = calloc(1, sizeof *ed);
    if (ed == NULL || (ed->out = strdup(out)) == NULL) {
        free(ed);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    /* "out/" and "out" are the same folder. */
    size_t len = strlen(ed->out);
    while (len > 1 && ed->out[len - 1] == '/')
        ed->out[--len] = '\0';
    const char *last = strrchr(ed->out, '/');
    last = last != NULL ? last + 1 : ed->out;
    if (strcmp(ed->out, "/") == 0 || strcmp(last, ".") == 0 || strcmp(last, "..") == 0) {
        mt_edition_free(ed);
        return mt_error_set(err, MT_EINVAL, "%s: not usable as an output folder", out);
    }

    struct stat st;
    if (lstat(ed->out, &st) == 0 && !is_edition(ed->out)) {
        mt_error_set(err, MT_EIO,
                     "%s: exists and is not a monitrend edition (no %s file); monitrend "
                     "replaces only its own editions: choose another output folder",
                     ed->out, MT_EDITION_MARKER);
        mt_edition_free(ed);
        return MT_EIO;
    }
    if (make_parents(ed->out) != 0) {
        mt_error_set(err, MT_EIO, "%s: cannot create parent folder: %s", ed->out,
                     strerror(errno));
        mt_edition_free(ed);
        return MT_EIO;
    }
    mt_status cs = cleanup(ed->out, NULL, ed, err);
    if (cs != MT_OK) {
        mt_edition_free(ed);
        return cs;
    }
    /* Registered before it exists: a signal between mkdir and the
     * registration would otherwise leave it behind. */
    ed->tmp = make_unique_dir(ed->out, ".tmp-");
    if (ed->tmp == NULL) {
        mt_error_set(err, MT_EIO, "%s: cannot create temporary folder beside it: %s", ed->out,
                     strerror(errno));
        mt_edition_free(ed);
        return MT_EIO;
    }
    if (mt_guard_add_folder(ed->tmp) != MT_OK) {
        mt_edition_free(ed);
        return mt_error_set(err, MT_ELIMIT, "edition: too many editions at once");
    }
    char *marker = join(ed->tmp, MT_EDITION_MARKER);
    char *lock = join(ed->tmp, MT_EDITION_LOCK);
    char pidtext[64];
    lock_text(pidtext, sizeof pidtext);
    int bad = marker == NULL || lock == NULL ||
              write_text(lock, pidtext) != 0 ||
              write_text(marker, "This folder is a monitrend edition; monitrend may replace "
                                 "it with a newer one.\n") != 0;
    int e = errno;
    if (bad && lock != NULL)
        unlink(lock); /* so that the folder, not an edition, can be removed */
    free(marker);
    free(lock);
    if (bad) {
        mt_error_set(err, MT_EIO, "%s: cannot write the edition marker: %s", ed->tmp,
                     strerror(e ? e : EIO));
        mt_edition_free(ed);
        return MT_EIO;
    }
    *edp = ed;
    return MT_OK;
}

const char *mt_edition_warning(const mt_edition *ed)
{
    return ed != NULL && ed->warning[0] != '\0' ? ed->warning : NULL;
}

const char *mt_edition_dir(const mt_edition *ed)
{
    return ed->committed ? ed->out : ed->tmp;
}

mt_status mt_edition_mkdir(const mt_edition *ed, const char *rel, mt_error *err)
{
    char *p = join(mt_edition_dir(ed), rel);
    if (p == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    mt_status st = MT_OK;
    if (mkdir(p, 0777) != 0 && errno != EEXIST)
        st = mt_error_set(err, MT_EIO, "%s: cannot create folder: %s", p, strerror(errno));
    free(p);
    return st;
}

/* After the swap: remove the previous edition (now at old) and the build
 * lock inside the new one.  A previous edition that cannot be removed (a
 * read-only copy) is reported as a warning: the new edition is in place,
 * and the folder left behind has no lock, so the next run removes it or
 * warns again, never fails because of it. */
static void finish_swap(mt_edition *ed, const char *old)
{
    if (old != NULL && remove_tree(old) != 0)
        add_warning(ed, old, "the previous edition could not be removed", errno);
    char *lock = join(ed->out, MT_EDITION_LOCK);
    if (lock != NULL)
        unlink(lock);
    free(lock);
}

mt_status mt_edition_commit(mt_edition *ed, mt_error *err)
{
    if (ed == NULL || ed->tmp == NULL || ed->committed)
        return mt_error_set(err, MT_EINVAL, "edition: nothing to commit");
    /* The build lock stays in the folder until the rename is done: in any
     * earlier window a concurrent run's clean-up could take the folder for
     * a stray and delete it.  A signal waits until the renames are over
     * (guard.h), so it never removes a half-swapped edition. */
    mt_guard_hold();
    mt_status res = MT_OK;
    char *old_copy = NULL;
    struct stat st;
    if (lstat(ed->out, &st) != 0) {
        if (rename(ed->tmp, ed->out) != 0)
            res = mt_error_set(err, MT_EIO, "%s: cannot put the edition in place: %s", ed->out,
                               strerror(errno));
    } else if (!is_edition(ed->out)) {
        /* Checked again: the folder may have changed since begin. */
        res = mt_error_set(err, MT_EIO, "%s: exists and is not a monitrend edition (no %s "
                           "file); nothing replaced", ed->out, MT_EDITION_MARKER);
    } else if (renameat2(AT_FDCWD, ed->tmp, AT_FDCWD, ed->out, RENAME_EXCHANGE) == 0) {
        /* ed->tmp now holds the previous edition */
        old_copy = strdup(ed->tmp); /* NULL: left for the next run's clean-up */
    } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
        char *old = make_unique_dir(ed->out, ".old-");
        if (old == NULL || rmdir(old) != 0 || rename(ed->out, old) != 0) {
            res = mt_error_set(err, MT_EIO, "%s: cannot move the previous edition aside: %s",
                               ed->out, strerror(errno));
            free(old);
        } else if (rename(ed->tmp, ed->out) != 0) {
            int e = errno;
            rename(old, ed->out); /* put the previous edition back */
            free(old);
            res = mt_error_set(err, MT_EIO, "%s: cannot put the edition in place: %s", ed->out,
                               strerror(e));
        } else {
            old_copy = old;
        }
    } else {
        res = mt_error_set(err, MT_EIO, "%s: cannot put the edition in place: %s", ed->out,
                           strerror(errno));
    }
    if (res == MT_OK) {
        /* Until finish_swap is done the old edition (at old_copy) is still
         * registered for removal on a signal, under the temporary name. */
        int same = old_copy != NULL && strcmp(ed->tmp, old_copy) == 0;
        if (!same)
            mt_guard_remove_folder(ed->tmp);
        if (old_copy != NULL && !same)
            mt_guard_add_folder(old_copy);
        free(ed->tmp);
        ed->tmp = NULL;
        ed->committed = 1;
    }
    mt_guard_release();
    if (res == MT_OK) {
        finish_swap(ed, old_copy);
        if (old_copy != NULL)
            mt_guard_remove_folder(old_copy);
    }
    free(old_copy);
    return res;
}

void mt_edition_abort(mt_edition *ed)
{
    if (ed == NULL || ed->tmp == NULL || ed->committed)
        return;
    if (is_edition(ed->tmp))
        remove_tree(ed->tmp);
    else
        rmdir(ed->tmp);
    mt_guard_remove_folder(ed->tmp);
    free(ed->tmp);
    ed->tmp = NULL;
}

void mt_edition_free(mt_edition *ed)
{
    if (ed == NULL)
        return;
    mt_edition_abort(ed);
    free(ed->tmp);
    free(ed->out);
    free(ed);
}
