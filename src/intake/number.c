/*
 * number.c - strict, locale-independent parsing of numeric data cells (see
 * number.h).  The text is first matched against the grammar
 *     [+-] digits [sep digits] [(e|E) [+-] digits]     (or [+-] sep digits ...)
 * so that everything strtod would accept beyond it (hex, "inf", "nan",
 * leading blanks inside, thousands groups) is refused; only then is it
 * converted.  The conversion copies the cell with '.' as separator and
 * converts it by hand-off to strtod in a way that does not depend on the
 * process locale (the separator is replaced by the locale's own if that is
 * not '.').
 */
#include "monitrend/number.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CELL_MAX 64 /* longer cells are never plain numbers we accept */

static int match_grammar(const char *s, char sep)
{
    const char *p = s;
    int nd = 0;
    if (*p == '+' || *p == '-')
        p++;
    while (isdigit((unsigned char)*p)) {
        p++;
        nd++;
    }
    if (*p == sep) {
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            nd++;
        }
    }
    if (nd == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

/* 1-3 digits then groups of sep + 3 digits ("1,000", "12.345.678"): with
 * sep '.' the Dutch (and German) thousands pattern. */
static int grouped_thousands(const char *s, char sep)
{
    const char *p = s;
    int n = 0;
    if (*p == '-' || *p == '+')
        p++;
    while (isdigit((unsigned char)*p)) {
        p++;
        n++;
    }
    if (n < 1 || n > 3 || *p != sep)
        return 0;
    while (*p == sep) {
        p++;
        for (int i = 0; i < 3; i++, p++)
            if (!isdigit((unsigned char)*p))
                return 0;
    }
    return *p == '\0';
}

static int is_nonfinite_word(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    char low[16];
    size_t n = strlen(p);
    if (n >= sizeof low)
        return 0;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)p[i]);
    return strcmp(low, "nan") == 0 || strcmp(low, "inf") == 0 || strcmp(low, "infinity") == 0;
}

mt_status mt_number_parse(const char *text, char decimal, int is_count, double *out,
                          int *missing, mt_error *err)
{
    char buf[CELL_MAX + 1];
    *out = NAN;
    *missing = 0;
    if (text == NULL)
        text = "";
    while (*text == ' ' || *text == '\t')
        text++;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    if (n == 0 || (n == 2 && text[0] == 'N' && text[1] == 'A')) {
        *missing = 1;
        return MT_OK;
    }
    if (n > CELL_MAX)
        return mt_error_set(err, MT_EPARSE, "expected a number, got '%.32s...' (%zu characters)", text, n);
    memcpy(buf, text, n);
    buf[n] = '\0';

    if (is_nonfinite_word(buf))
        return mt_error_set(err, MT_EPARSE,
                            "expected a number, got '%s' (NaN and Inf are not data; leave the cell "
                            "empty or write NA for a missing value)", buf);
    if (is_count && decimal == '.' && grouped_thousands(buf, '.'))
        return mt_error_set(err, MT_EPARSE,
                            "expected a whole number for a count, got '%s' (looks like a Dutch "
                            "thousands separator; write the count without separators)", buf);
    /* "1,000" read with decimal = , is 1.0: for a count that silently
     * turns a thousand into one (issue 13, item 11). */
    if (is_count && decimal == ',' && grouped_thousands(buf, ','))
        return mt_error_set(err, MT_EPARSE,
                            "expected a whole number for a count, got '%s' (with decimal = , this "
                            "reads as a fraction; write the count without separators)", buf);
    if (!match_grammar(buf, decimal)) {
        if (decimal == '.' && grouped_thousands(buf, ','))
            return mt_error_set(err, MT_EPARSE,
                                "expected a number, got '%s' (looks like a thousands separator: "
                                "write numbers without separators; only if the comma is a "
                                "decimal comma, set decimal = , in the source layout)", buf);
        if (decimal == '.' && match_grammar(buf, ','))
            return mt_error_set(err, MT_EPARSE,
                                "expected a number, got '%s' (looks like a decimal comma; set "
                                "decimal = , in the source layout)", buf);
        if (decimal == ',' && (grouped_thousands(buf, '.') || match_grammar(buf, '.')))
            return mt_error_set(err, MT_EPARSE,
                                "expected a number with a decimal comma, got '%s' (a '.' is not "
                                "allowed: write thousands without a separator, or set decimal = . "
                                "in the source layout)", buf);
        return mt_error_set(err, MT_EPARSE, "expected a number, got '%s'", buf);
    }

    /* Convert with '.' replaced by the C library's current decimal point. */
    const char *lp = localeconv()->decimal_point;
    char point = (lp && lp[0] && !lp[1]) ? lp[0] : '.';
    for (char *p = buf; *p; p++)
        if (*p == decimal)
            *p = point;
    errno = 0;
    char *end = NULL;
    double v = strtod(buf, &end);
    if (end == NULL || *end != '\0')
        return mt_error_set(err, MT_EPARSE, "expected a number, got '%.*s'", (int)n, text);
    if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0))
        return mt_error_set(err, MT_EPARSE, "number out of range, got '%.*s'", (int)n, text);
    /* Underflow to a denormal or zero is kept: it is a tiny number, not an error. */
    *out = v + 0.0; /* -0 becomes +0 */
    return MT_OK;
}
