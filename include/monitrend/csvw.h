/*
 * csvw.h - CSV writer for the results tables.
 *
 * RFC 4180 quoting: a field is enclosed in double quotes when it contains a
 * comma, a double quote, CR or LF, or starts or ends with a space; a double
 * quote inside is doubled.  Rows end in LF (not the CRLF of RFC 4180: every
 * CSV reader accepts LF, and the files then diff cleanly on Unix).  Numbers
 * print with %.17g and a '.' decimal mark in any locale (round-trip exact);
 * NaN and infinities are written as an empty field (missing).
 *
 * Errors are sticky as in jsonw.h: write a whole table and check
 * mt_csvw_finish.
 */
#ifndef MONITREND_CSVW_H
#define MONITREND_CSVW_H

#include <stdio.h>
#include "monitrend/status.h"

/* Writer state, caller-owned; borrows f and never closes it. */
typedef struct {
    FILE *f;
    mt_status status;
    size_t n_fields;    /* fields written on the current row */
    size_t n_columns;   /* fields of the first row; later rows must match */
    size_t n_rows;      /* rows completed */
} mt_csvw;

void mt_csvw_init(mt_csvw *w, FILE *f);

/* A text field; NULL writes an empty field. */
mt_status mt_csvw_text(mt_csvw *w, const char *s);
/* A number; non-finite writes an empty field. */
mt_status mt_csvw_number(mt_csvw *w, double x);
mt_status mt_csvw_integer(mt_csvw *w, long long x);
/* len bytes of s as a field, as they are: only for text that needs no
 * quotes (a number formatted by the caller). */
mt_status mt_csvw_raw(mt_csvw *w, const char *s, size_t len);
/* End the row.  Every row must have as many fields as the first
 * (MT_EINVAL otherwise: a ragged table is a bug in the caller). */
mt_status mt_csvw_row_end(mt_csvw *w);

/* Check that no row is left open, fflush, ferror.  MT_EIO with a message
 * naming `name` on a write error. */
mt_status mt_csvw_finish(mt_csvw *w, const char *name, mt_error *err);

#endif
