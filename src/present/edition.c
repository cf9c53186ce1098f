/*
 * edition.c - building an edition in a temporary folder and renaming it into
 * place (see edition.h).
 *
 * Linux-specific parts: renameat2(RENAME_EXCHANGE) for the atomic swap (with
 * a two-rename fallback) - hence _GNU_SOURCE.  Recursive removal uses nftw
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
#include <unistd.h>

struct mt_edition {
    char *out;      /* final folder */
    char *tmp;      /* temporary folder (mkdtemp) */
    int committed;
};

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

static char *concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = malloc(la + lb + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, a, la);
    memcpy(p + la, b, lb + 1);
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

/* 1 when dir's build lock names a process that is still alive. */
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
    int n = fscanf(f, "%ld", &pid);
    fclose(f);
    if (n != 1 || pid <= 0)
        return 0;
    return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Remove a folder tree that is_edition() approved. */
static int remove_tree(const char *dir)
{
    return nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
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

mt_status mt_edition_cleanup(const char *out, size_t *n_removed, mt_error *err)
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
        if (!is_old && builder_alive(p))
            continue; /* another run is building it now */
        if (remove_tree(p) != 0)
            st = mt_error_set(err, MT_EIO, "%s: cannot remove stray temporary folder: %s", p,
                              strerror(errno));
        else if (n_removed != NULL)
            (*n_removed)++;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(parent);
    free(base);
    return st;
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
    if (strcmp(ed->out, "/") == 0 || strcmp(ed->out, ".") == 0 || strcmp(ed->out, "..") == 0) {
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
    mt_status cs = mt_edition_cleanup(ed->out, NULL, err);
    if (cs != MT_OK) {
        mt_edition_free(ed);
        return cs;
    }
    ed->tmp = concat(ed->out, ".tmp-XXXXXX");
    if (ed->tmp == NULL) {
        mt_edition_free(ed);
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    if (mkdtemp(ed->tmp) == NULL) {
        mt_error_set(err, MT_EIO, "%s: cannot create temporary folder beside it: %s", ed->out,
                     strerror(errno));
        free(ed->tmp);
        ed->tmp = NULL;
        mt_edition_free(ed);
        return MT_EIO;
    }
    char *marker = join(ed->tmp, MT_EDITION_MARKER);
    char *lock = join(ed->tmp, MT_EDITION_LOCK);
    char pidtext[32];
    snprintf(pidtext, sizeof pidtext, "%ld\n", (long)getpid());
    int bad = marker == NULL || lock == NULL ||
              write_text(marker, "This folder is a monitrend edition; monitrend may replace "
                                 "it with a newer one.\n") != 0 ||
              write_text(lock, pidtext) != 0;
    int e = errno;
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

mt_status mt_edition_commit(mt_edition *ed, mt_error *err)
{
    if (ed == NULL || ed->tmp == NULL || ed->committed)
        return mt_error_set(err, MT_EINVAL, "edition: nothing to commit");
    char *lock = join(ed->tmp, MT_EDITION_LOCK);
    if (lock == NULL)
        return mt_error_set(err, MT_ENOMEM, "out of memory");
    unlink(lock);
    free(lock);

    struct stat st;
    if (lstat(ed->out, &st) != 0) {
        if (rename(ed->tmp, ed->out) != 0)
            return mt_error_set(err, MT_EIO, "%s: cannot put the edition in place: %s", ed->out,
                                strerror(errno));
    } else {
        /* Checked again: the folder may have changed since begin. */
        if (!is_edition(ed->out))
            return mt_error_set(err, MT_EIO, "%s: exists and is not a monitrend edition (no %s "
                                "file); nothing replaced", ed->out, MT_EDITION_MARKER);
        if (renameat2(AT_FDCWD, ed->tmp, AT_FDCWD, ed->out, RENAME_EXCHANGE) == 0) {
            /* ed->tmp now holds the previous edition */
            remove_tree(ed->tmp);
        } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
            char *old = concat(ed->out, ".old-XXXXXX");
            if (old == NULL)
                return mt_error_set(err, MT_ENOMEM, "out of memory");
            if (mkdtemp(old) == NULL || rename(ed->out, old) != 0) {
                mt_error_set(err, MT_EIO, "%s: cannot move the previous edition aside: %s",
                             ed->out, strerror(errno));
                rmdir(old);
                free(old);
                return MT_EIO;
            }
            if (rename(ed->tmp, ed->out) != 0) {
                int e = errno;
                rename(old, ed->out); /* put the previous edition back */
                free(old);
                return mt_error_set(err, MT_EIO, "%s: cannot put the edition in place: %s",
                                    ed->out, strerror(e));
            }
            remove_tree(old);
            free(old);
        } else {
            return mt_error_set(err, MT_EIO, "%s: cannot put the edition in place: %s", ed->out,
                                strerror(errno));
        }
    }
    free(ed->tmp);
    ed->tmp = NULL;
    ed->committed = 1;
    return MT_OK;
}

void mt_edition_abort(mt_edition *ed)
{
    if (ed == NULL || ed->tmp == NULL || ed->committed)
        return;
    if (is_edition(ed->tmp))
        remove_tree(ed->tmp);
    else
        rmdir(ed->tmp);
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
