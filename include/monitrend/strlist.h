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

/* The next item of a list separated by sep, read from *p: its bounds
 * [*a, *b) without the spaces and tabs around it (empty when the item is),
 * and *p moved past the separator.  Returns 0, and sets nothing, at the end
 * of the text.  The one tokenizer of comma lists (mt_strlist_split) and flag
 * lists (mt_flags_parse). */
int mt_strlist_token(const char **p, char sep, const char **a, const char **b);

/* Index of the first item equal to s, or (size_t)-1 when absent. */
size_t mt_strlist_find(const mt_strlist *l, const char *s);

/* Free every string and the array; l is left empty.  NULL is a no-op. */
void mt_strlist_clear(mt_strlist *l);

#endif
