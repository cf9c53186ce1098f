/*
 * guard.h - what a signal must clean up: the temporary edition folder being
 * built and the gnuplot process groups being run.
 *
 * Signals are process-wide, so this is the one process-wide registry in
 * monitrend (a mutex-protected table, documented here rather than hidden).
 * The library fills it while it works: mt_edition registers its temporary
 * folder, mt_plot registers each gnuplot process group.  Nothing happens on
 * a signal unless the program calls mt_guard_install(): the command line
 * does, as its first step, before any thread exists.
 *
 * mt_guard_install blocks SIGINT, SIGTERM and SIGHUP in the calling thread
 * (every thread created later inherits the mask) and starts one thread that
 * waits for them with sigwait.  On a signal that thread kills every
 * registered process group (SIGKILL), removes every registered folder
 * (without following symbolic links) and ends the process with _exit(128 +
 * signal number): 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.  A commit
 * (the rename that puts an edition in place) runs between mt_guard_hold and
 * mt_guard_release, so a signal waits for it to finish and never sees a half
 * renamed edition.
 *
 * Child processes must not inherit the blocked mask: a forked child calls
 * mt_guard_child_reset() (async-signal-safe) before exec.
 */
#ifndef MONITREND_GUARD_H
#define MONITREND_GUARD_H

#include <sys/types.h>
#include "monitrend/status.h"

/* Most folders and process groups registered at once. */
#define MT_GUARD_FOLDERS_MAX 8
#define MT_GUARD_GROUPS_MAX 1024

/* Start the signal thread (see above).  Call once, before creating threads.
 * MT_EIO when the thread cannot be started. */
mt_status mt_guard_install(void);

/* Register / forget a folder to remove on a signal.  The path is copied;
 * registering more than MT_GUARD_FOLDERS_MAX folders returns MT_ELIMIT. */
mt_status mt_guard_add_folder(const char *path);
void mt_guard_remove_folder(const char *path);

/* Register / forget a process group to kill on a signal. */
mt_status mt_guard_add_group(pid_t pgid);
void mt_guard_remove_group(pid_t pgid);

/* Hold off signal clean-up around a short critical section (recursive). */
void mt_guard_hold(void);
void mt_guard_release(void);

/* In a child between fork and exec: unblock every signal. */
void mt_guard_child_reset(void);

/* Remove a folder tree without following symbolic links; entries that are
 * already gone are not errors.  0, or -1 with errno. */
int mt_guard_remove_tree(const char *dir);

#endif
