/*
 * strlist.c - a growable list of owned strings (see strlist.h).  Used for
 * warnings that the library returns instead of printing, and for the comma
 * lists of model files.
 */
#include "monitrend/strlist.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mt_strlist_init(mt_strlist *l)
{
    l->n = 0;
    l->cap = 0;
    l->item = NULL;
}

/* Take ownership of s (already allocated) and append it. */
static mt_status push_owned(mt_strlist *l, char *s)
{
    if (s == NULL)
        return MT_ENOMEM;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        char **p = realloc(l->item, cap * sizeof *p);
        if (p == NULL) {
            free(s);
            return MT_ENOMEM;
        }
        l->item = p;
        l->cap = cap;
    }
    l->item[l->n++] = s;
    return MT_OK;
}

mt_status mt_strlist_add(mt_strlist *l, const char *s)
{
    return push_owned(l, strdup(s));
}

mt_status mt_strlist_addf(mt_strlist *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0)
        return MT_ENOMEM;
    char *s = malloc((size_t)k + 1);
    if (s == NULL)
        return MT_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)k + 1, fmt, ap);
    va_end(ap);
    return push_owned(l, s);
}

mt_status mt_strlist_split(mt_strlist *l, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, ',');
        if (e == NULL)
            e = p + strlen(p);
        const char *a = p, *b = e;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (b > a) {
            mt_status st = push_owned(l, strndup(a, (size_t)(b - a)));
            if (st != MT_OK)
                return st;
        }
        p = *e ? e + 1 : e;
    }
    return MT_OK;
}

size_t mt_strlist_find(const mt_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->item[i], s) == 0)
            return i;
    return (size_t)-1;
}

void mt_strlist_clear(mt_strlist *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->item[i]);
    free(l->item);
    mt_strlist_init(l);
}
