/*
 * jsonw.h - a small streaming JSON writer for results.json and manifest.json.
 *
 * Values are written as they come, to a FILE*, with two-space indentation and
 * one member per line so that the output diffs well and is byte-identical for
 * identical calls.  Strings are escaped fully (", \, every control character;
 * invalid UTF-8 bytes become U+FFFD so the file is always valid UTF-8).
 * Numbers print with %.17g in any locale; NaN and infinities are written as
 * null (JSON has no such numbers).
 *
 * Errors are sticky: the first failure (misuse such as a value without a key
 * inside an object, nesting deeper than MT_JSONW_DEPTH_MAX, a write error) is
 * remembered and every later call returns it, so a caller may write a whole
 * document and check only mt_jsonw_finish.
 */
#ifndef MONITREND_JSONW_H
#define MONITREND_JSONW_H

#include <stdio.h>
#include "monitrend/status.h"

#define MT_JSONW_DEPTH_MAX 32

/* Writer state.  Caller-owned (usually on the stack); initialise with
 * mt_jsonw_init; it borrows f and never closes it. */
typedef struct {
    FILE *f;
    mt_status status;        /* first error, sticky */
    char msg[160];           /* its description */
    int depth;
    char kind[MT_JSONW_DEPTH_MAX];   /* '{' or '[' per level */
    int count[MT_JSONW_DEPTH_MAX];   /* members written per level */
    int have_key;            /* a key was written and awaits its value */
    int done;                /* the top-level value is complete */
} mt_jsonw;

void mt_jsonw_init(mt_jsonw *w, FILE *f);

mt_status mt_jsonw_object_begin(mt_jsonw *w);
mt_status mt_jsonw_object_end(mt_jsonw *w);
mt_status mt_jsonw_array_begin(mt_jsonw *w);
mt_status mt_jsonw_array_end(mt_jsonw *w);
/* The key of the next member; only inside an object. */
mt_status mt_jsonw_key(mt_jsonw *w, const char *key);
/* A string value; NULL writes null. */
mt_status mt_jsonw_string(mt_jsonw *w, const char *s);
/* A number (%.17g); NaN or infinite writes null. */
mt_status mt_jsonw_number(mt_jsonw *w, double x);
mt_status mt_jsonw_integer(mt_jsonw *w, long long x);
mt_status mt_jsonw_bool(mt_jsonw *w, int b);
mt_status mt_jsonw_null(mt_jsonw *w);

/* Check that exactly one complete value was written, write the final
 * newline, fflush and check ferror.  Returns the sticky status and fills err
 * (MT_EINVAL for misuse, MT_EIO for a write error naming `name`, e.g. the
 * file name). */
mt_status mt_jsonw_finish(mt_jsonw *w, const char *name, mt_error *err);

/* For a writer that writes part of a document (its state set by hand to
 * the depth where the part goes, as results_stream.c does): fflush and the
 * sticky status, as mt_jsonw_finish but without requiring a complete value
 * or writing the final newline. */
mt_status mt_jsonw_finish_part(mt_jsonw *w, const char *name, mt_error *err);

#endif
