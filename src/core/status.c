/*
 * status.c - the caller-owned error record (see status.h).
 */
#include "monitrend/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "monitrend/text.h"

/* Every message is one line of valid UTF-8, whatever text from an input it
 * quotes (a field holding a line break or an escape sequence). */
static void one_line(mt_error *err)
{
    char tmp[MT_ERROR_MSG_MAX];
    mt_text_one_line(err->msg, tmp, sizeof tmp);
    memcpy(err->msg, tmp, sizeof tmp);
}

void mt_error_clear(mt_error *err)
{
    if (err == NULL)
        return;
    err->status = MT_OK;
    err->line = 0;
    err->column = 0;
    err->msg[0] = '\0';
}

mt_status mt_error_set(mt_error *err, mt_status st, const char *fmt, ...)
{
    if (err == NULL)
        return st;
    va_list ap;
    va_start(ap, fmt);
    err->status = st;
    err->line = 0;
    err->column = 0;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    one_line(err);
    return st;
}

mt_status mt_error_at(mt_error *err, mt_status st, const char *file, long line,
                      long column, const char *fmt, ...)
{
    if (err == NULL)
        return st;
    size_t off = 0;
    int k;
    if (line > 0 && column > 0)
        k = snprintf(err->msg, sizeof err->msg, "%s:%ld:%ld: ", file, line, column);
    else if (line > 0)
        k = snprintf(err->msg, sizeof err->msg, "%s:%ld: ", file, line);
    else
        k = snprintf(err->msg, sizeof err->msg, "%s: ", file);
    if (k > 0)
        off = (size_t)k < sizeof err->msg ? (size_t)k : sizeof err->msg - 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg + off, sizeof err->msg - off, fmt, ap);
    va_end(ap);
    one_line(err);
    err->status = st;
    err->line = line;
    err->column = column;
    return st;
}

const char *mt_status_name(mt_status st)
{
    switch (st) {
    case MT_OK: return "MT_OK";
    case MT_EINVAL: return "MT_EINVAL";
    case MT_ENOMEM: return "MT_ENOMEM";
    case MT_EIO: return "MT_EIO";
    case MT_EPARSE: return "MT_EPARSE";
    case MT_ETOOFEW: return "MT_ETOOFEW";
    case MT_ESINGULAR: return "MT_ESINGULAR";
    case MT_ENONFINITE: return "MT_ENONFINITE";
    case MT_EPLOT: return "MT_EPLOT";
    case MT_ELIMIT: return "MT_ELIMIT";
    }
    return "MT_UNKNOWN";
}
