/*
 * guard.c - clean-up on SIGINT, SIGTERM and SIGHUP (see guard.h).
 *
 * Why a thread and sigwait rather than a signal handler: the clean-up walks
 * folder trees and takes a mutex, neither of which is allowed in a handler.
 * With the signals blocked in every thread and taken only by sigwait, the
 * clean-up runs as ordinary code.
 */
#define _GNU_SOURCE
#include "monitrend/guard.h"

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The registry: process-wide by necessity (see guard.h). */
static pthread_mutex_t reg_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static char *reg_folder[MT_GUARD_FOLDERS_MAX];
static pid_t reg_group[MT_GUARD_GROUPS_MAX];
static size_t reg_n_groups;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    int r = flag == FTW_DP ? rmdir(path) : unlink(path);
    /* a concurrent clean-up may have removed it first */
    return r != 0 && errno == ENOENT ? 0 : r;
}

int mt_guard_remove_tree(const char *dir)
{
    int r = nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return r != 0 && errno == ENOENT ? 0 : r;
}

mt_status mt_guard_add_folder(const char *path)
{
    char *copy = strdup(path);
    if (copy == NULL)
        return MT_ENOMEM;
    pthread_mutex_lock(&reg_lock);
    for (size_t i = 0; i < MT_GUARD_FOLDERS_MAX; i++)
        if (reg_folder[i] == NULL) {
            reg_folder[i] = copy;
            pthread_mutex_unlock(&reg_lock);
            return MT_OK;
        }
    pthread_mutex_unlock(&reg_lock);
    free(copy);
    return MT_ELIMIT;
}

void mt_guard_remove_folder(const char *path)
{
    if (path == NULL)
        return;
    pthread_mutex_lock(&reg_lock);
    for (size_t i = 0; i < MT_GUARD_FOLDERS_MAX; i++)
        if (reg_folder[i] != NULL && strcmp(reg_folder[i], path) == 0) {
            free(reg_folder[i]);
            reg_folder[i] = NULL;
            break;
        }
    pthread_mutex_unlock(&reg_lock);
}

mt_status mt_guard_add_group(pid_t pgid)
{
    mt_status st = MT_ELIMIT;
    pthread_mutex_lock(&reg_lock);
    if (reg_n_groups < MT_GUARD_GROUPS_MAX) {
        reg_group[reg_n_groups++] = pgid;
        st = MT_OK;
    }
    pthread_mutex_unlock(&reg_lock);
    return st;
}

void mt_guard_remove_group(pid_t pgid)
{
    pthread_mutex_lock(&reg_lock);
    for (size_t i = 0; i < reg_n_groups; i++)
        if (reg_group[i] == pgid) {
            reg_group[i] = reg_group[--reg_n_groups];
            break;
        }
    pthread_mutex_unlock(&reg_lock);
}

void mt_guard_hold(void)
{
    pthread_mutex_lock(&reg_lock);
}

void mt_guard_release(void)
{
    pthread_mutex_unlock(&reg_lock);
}

void mt_guard_child_reset(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static void guard_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

static void *watch(void *arg)
{
    (void)arg;
    sigset_t set;
    guard_signals(&set);
    int sig = 0;
    while (sigwait(&set, &sig) != 0)
        ;
    /* Held until _exit: no commit can start after this point. */
    pthread_mutex_lock(&reg_lock);
    for (size_t i = 0; i < reg_n_groups; i++)
        kill(-reg_group[i], SIGKILL);
    /* Reap them (bounded: SIGKILL is prompt), so that no zombie is left
     * for an init that may not reap. */
    for (int attempt = 0; attempt < 200; attempt++) {
        size_t left = 0;
        for (size_t i = 0; i < reg_n_groups; i++) {
            if (reg_group[i] <= 0)
                continue;
            pid_t r = waitpid(reg_group[i], NULL, WNOHANG);
            if (r == 0)
                left++;
            else
                reg_group[i] = 0;
        }
        if (left == 0)
            break;
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
    for (size_t i = 0; i < MT_GUARD_FOLDERS_MAX; i++) {
        if (reg_folder[i] == NULL)
            continue;
        /* Other threads may still be writing into the folder until the
         * process ends: a file created between the walk and the final
         * rmdir makes the rmdir fail, so walk again (bounded). */
        for (int attempt = 0; attempt < 100; attempt++) {
            if (mt_guard_remove_tree(reg_folder[i]) == 0)
                break;
            struct timespec ts = {0, 5000000};
            nanosleep(&ts, NULL);
        }
    }
    _exit(128 + sig);
    return NULL;
}

mt_status mt_guard_install(void)
{
    sigset_t set;
    guard_signals(&set);
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
        return MT_EIO;
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&t, &attr, watch, NULL);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        return MT_EIO;
    }
    return MT_OK;
}
