/*
 * edition.h - nothing lost on failure: an edition is built in a temporary
 * sibling folder and renamed into place only when every file is complete.
 *
 * Protocol:
 *   mt_edition_begin(out)  checks that `out`, if it exists, is an earlier
 *       monitrend edition (a folder holding the marker file
 *       MT_EDITION_MARKER); otherwise it fails with MT_EIO and touches
 *       nothing.  It creates missing parent folders, removes stray
 *       `<out>.tmp-XXXXXX` folders left by killed runs (only those holding
 *       the marker and whose builder process is gone: the lock names the
 *       pid and its start time, so a reused pid is not taken for the
 *       builder; a stray that cannot be removed is a warning, not an error),
 *       then creates `<out>.tmp-XXXXXX` (mode 0777 & ~umask, like its
 *       subfolders) with a build lock (MT_EDITION_LOCK: "PID STARTTIME")
 *       and the marker, and registers it with guard.h for removal on
 *       SIGINT/SIGTERM.
 *   The caller writes every file under mt_edition_dir(ed).
 *   mt_edition_commit(ed)  swaps the new folder into place: with Linux's
 *       renameat2(RENAME_EXCHANGE) atomically, so `out` always holds a
 *       complete edition; where the file system cannot exchange, the old
 *       edition is first moved to `<out>.old-XXXXXX`, and the next run puts
 *       it back if it was killed in between.  The build lock stays until
 *       the rename is done.  The previous edition is deleted only after the
 *       new one is in place; if that fails, mt_edition_warning says so.
 *   mt_edition_abort(ed) / mt_edition_free(ed) without commit remove the
 *       temporary folder; the previous edition is untouched.
 *
 * monitrend never deletes a folder that does not hold its marker.  Deletion
 * does not follow symbolic links.
 */
#ifndef MONITREND_EDITION_H
#define MONITREND_EDITION_H

#include <stdio.h>
#include "monitrend/status.h"

#define MT_EDITION_MARKER ".monitrend-edition"
#define MT_EDITION_LOCK ".monitrend-building"

/* Longest output path accepted (bytes). */
#define MT_EDITION_PATH_MAX 3000

typedef struct mt_edition mt_edition;

/* Start an edition for output folder out (see above).  On success *ed is a
 * handle the caller ends with mt_edition_commit and/or mt_edition_free.
 * MT_EINVAL for an empty or too long path; MT_EIO when out exists and is not
 * an edition, or a folder cannot be created (message names the folder and
 * the reason); MT_ENOMEM. */
mt_status mt_edition_begin(const char *out, mt_edition **ed, mt_error *err);

/* The temporary folder to write into.  Borrowed; valid until free. */
const char *mt_edition_dir(const mt_edition *ed);

/* Create sub-folder rel (e.g. "figures") inside the edition.  MT_EIO. */
mt_status mt_edition_mkdir(const mt_edition *ed, const char *rel, mt_error *err);

/* Put the edition in place (see above).  After success mt_edition_dir names
 * the final folder.  MT_EIO when a rename fails: the previous edition is
 * then still (or again) in place and the temporary folder is removed by
 * mt_edition_free. */
mt_status mt_edition_commit(mt_edition *ed, mt_error *err);

/* What went wrong without failing the edition (a stray folder or the
 * previous edition that could not be removed), one line naming the folder;
 * NULL when nothing did.  Borrowed; valid until free. */
const char *mt_edition_warning(const mt_edition *ed);

/* Remove the temporary folder of an uncommitted edition.  Idempotent. */
void mt_edition_abort(mt_edition *ed);

/* Abort if not committed, then free.  NULL is a no-op. */
void mt_edition_free(mt_edition *ed);

/* Remove stray temporary folders of out left by killed runs and restore an
 * edition moved aside if out is missing; *n_removed (may be NULL) counts
 * removed folders.  Called by mt_edition_begin. */
mt_status mt_edition_cleanup(const char *out, size_t *n_removed, mt_error *err);

/* Flush, check and close a file written for the edition: MT_EIO with
 * "path: write error: <reason>" when fflush, ferror or fclose reports an
 * error (full disk: "No space left on device").  f is closed in every case. */
mt_status mt_edition_fclose(FILE *f, const char *path, mt_error *err);

#endif
