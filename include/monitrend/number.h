/*
 * number.h - strict parsing of numeric data cells.
 *
 * A data cell is a number with an optional sign, digits, an optional decimal
 * separator ('.' or ',' as the source layout says) and an optional exponent.
 * Nothing else is accepted: no thousands separators, no hexadecimal, no
 * NaN/Inf text, no trailing junk, no value that overflows a double.  Empty
 * cells and "NA" are missing values.  The parser never depends on the locale.
 */
#ifndef MONITREND_NUMBER_H
#define MONITREND_NUMBER_H

#include "monitrend/status.h"

/* Parse one cell.  decimal is '.' or ','.  is_count is non-zero for cells of
 * an indicator of kind count: a dotted thousands pattern such as "16.945"
 * is then refused with a hint, since a Dutch publisher means 16945 by it.
 * Blanks around the text are ignored.
 *
 * On success *out is the value (-0 becomes 0) and *missing is 0; for an
 * empty cell or "NA" *out is NaN, *missing is 1 and MT_OK is returned.
 * Otherwise MT_EPARSE with a message without location (the caller adds
 * file:line:column), e.g. "expected a number, got '0x10'",
 * "number out of range, got '1e400'", or with a hint in parentheses. */
mt_status mt_number_parse(const char *text, char decimal, int is_count, double *out,
                          int *missing, mt_error *err);

#endif
