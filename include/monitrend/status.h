/*
 * status.h - status codes and the caller-owned error record.
 *
 * Every library function that can fail returns an mt_status and, when the
 * caller passes a non-NULL mt_error, fills it with a message that names the
 * file, line, column or series at fault.  There is no global error state:
 * the error record belongs to the caller.
 */
#ifndef MONITREND_STATUS_H
#define MONITREND_STATUS_H

#include <stddef.h>

typedef enum {
    MT_OK = 0,
    MT_EINVAL,     /* invalid argument or option */
    MT_ENOMEM,     /* allocation failed */
    MT_EIO,        /* reading or writing a file failed */
    MT_EPARSE,     /* malformed input: CSV, model, period, number */
    MT_ETOOFEW,    /* too few observations for the requested method */
    MT_ESINGULAR,  /* singular or rank-deficient design */
    MT_ENONFINITE, /* an estimate came out NaN or infinite */
    MT_EPLOT,      /* gnuplot failed or produced an empty image */
    MT_ELIMIT      /* a documented size limit was exceeded */
} mt_status;

#define MT_ERROR_MSG_MAX 1024

/* Caller-owned error record.  msg is the complete, printable message,
 * already prefixed with "file:line:column: " when a location is known. */
typedef struct {
    mt_status status;
    long line;    /* 1-based; 0 when unknown */
    long column;  /* 1-based; 0 when unknown */
    char msg[MT_ERROR_MSG_MAX];
} mt_error;

/* Reset err to MT_OK with an empty message.  err may be NULL. */
void mt_error_clear(mt_error *err);

/* Record status st with a printf-style message and return st.  err may be
 * NULL, in which case only st is returned. */
mt_status mt_error_set(mt_error *err, mt_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* As mt_error_set, prefixing "file:line:column: " (line/column left out when
 * 0) so that the message names where the problem is. */
mt_status mt_error_at(mt_error *err, mt_status st, const char *file, long line,
                      long column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Short constant name of a status ("MT_EPARSE"); never NULL. */
const char *mt_status_name(mt_status st);

#endif
