/*
 * strlist.h - a growable list of owned strings (warnings, comma lists).
 *
 * The list owns every string it holds; mt_strlist_clear releases them.  A
 * zero-initialised mt_strlist (or one set up by mt_strlist_init) is empty.
 */
#ifndef MONITREND_STRLIST_H
#define MONITREND_STRLIST_H

#include <stddef.h>
#include "monitrend/status.h"

typedef struct {
    size_t n;
    size_t cap;
    char **item;   /* n owned strings */
} mt_strlist;

/* Make l empty (no allocation). */
void mt_strlist_init(mt_strlist *l);

/* Append a copy of s.  MT_ENOMEM on allocation failure (l unchanged). */
mt_status mt_strlist_add(mt_strlist *l, const char *s);

/* Append a printf-formatted string.  MT_ENOMEM on allocation failure. */
mt_status mt_strlist_addf(mt_strlist *l, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Split text at commas, trim spaces and tabs around each item and append the
 * non-empty items.  MT_ENOMEM on allocation failure. */
mt_status mt_strlist_split(mt_strlist *l, const char *text);

/* Index of the first item equal to s, or (size_t)-1 when absent. */
size_t mt_strlist_find(const mt_strlist *l, const char *s);

/* Free every string and the array; l is left empty.  NULL is a no-op. */
void mt_strlist_clear(mt_strlist *l);

#endif
