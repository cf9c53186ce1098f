/*
 * fignames.c - collision-free figure file names (see fignames.h).
 */
#include "monitrend/fignames.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "monitrend/figure.h"
#include "monitrend/sha256.h"

/* FNV-1a of the lower-cased name: the table is a hash set, so that
 * 100,000 series cost no more than a pass. */
static size_t hash_name(const char *name)
{
    size_t h = 1469598103934665603u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        unsigned char c = *p >= 'A' && *p <= 'Z' ? (unsigned char)(*p + 32) : *p;
        h = (h ^ c) * 1099511628211u;
    }
    return h;
}

static int taken(const mt_fig_names *t, const char *name)
{
    if (t->cap == 0)
        return 0;
    for (size_t i = hash_name(name) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        if (t->name[i] == NULL)
            return 0;
        if (strcasecmp(t->name[i], name) == 0)
            return 1;
    }
}

static mt_status record(mt_fig_names *t, const char *name)
{
    if (2 * (t->n + 1) > t->cap) {
        size_t nc = t->cap ? 2 * t->cap : 256;
        char **nn = calloc(nc, sizeof *nn);
        if (nn == NULL)
            return MT_ENOMEM;
        for (size_t i = 0; i < t->cap; i++) {
            if (t->name[i] == NULL)
                continue;
            size_t j = hash_name(t->name[i]) & (nc - 1);
            while (nn[j] != NULL)
                j = (j + 1) & (nc - 1);
            nn[j] = t->name[i];
        }
        free(t->name);
        t->name = nn;
        t->cap = nc;
    }
    char *copy = strdup(name);
    if (copy == NULL)
        return MT_ENOMEM;
    size_t j = hash_name(name) & (t->cap - 1);
    while (t->name[j] != NULL)
        j = (j + 1) & (t->cap - 1);
    t->name[j] = copy;
    t->n++;
    return MT_OK;
}

/* Names of the figures monitrend makes itself: a series stem in this
 * namespace always gets the hash suffix, so that the overview, the
 * dashboards and the cross-check figures keep their documented names. */
static int reserved(const char *stem)
{
    if (strcasecmp(stem, "overview") == 0 || strcasecmp(stem, "theme") == 0 ||
        strncasecmp(stem, "dashboard-", 10) == 0)
        return 1;
    return (stem[0] == 'c' || stem[0] == 'C') && (stem[1] == 'c' || stem[1] == 'C') &&
           stem[2] >= '0' && stem[2] <= '9' && stem[3] >= '0' && stem[3] <= '9';
}

mt_status mt_fig_names_init(mt_fig_names *t)
{
    memset(t, 0, sizeof *t);
    return record(t, "theme");
}

mt_status mt_fig_names_claim(mt_fig_names *t, const char *prefix, const char *id, char *buf,
                             size_t size)
{
    /* room for "-xxxxxxxx" and a counter "-NNNN" after the stem */
    size_t keep = MT_FIG_NAME_MAX - 15;
    if (size < MT_FIG_NAME_MAX + 1)
        return MT_EINVAL;
    size_t k = (size_t)snprintf(buf, size, "%s", prefix);
    if (k > keep)
        k = keep;
    for (const char *p = id; *p && k < keep; p++) {
        unsigned char c = (unsigned char)*p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.';
        buf[k++] = ok ? (char)c : '_';
    }
    buf[k] = '\0';
    if (buf[0] == '.')
        buf[0] = '_';
    if (buf[0] == '\0')
        snprintf(buf, size, "_");
    if (taken(t, buf) || (prefix[0] == '\0' && reserved(buf))) {
        char hex[MT_SHA256_HEX_SIZE];
        mt_sha256_hex(id, strlen(id), hex);
        size_t base = strlen(buf);
        snprintf(buf + base, size - base, "-%.8s", hex);
        size_t with_hash = strlen(buf);
        for (unsigned i = 2; taken(t, buf) && i < 100000; i++)
            snprintf(buf + with_hash, size - with_hash, "-%u", i);
    }
    return record(t, buf);
}

void mt_fig_names_clear(mt_fig_names *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->cap; i++)
        free(t->name[i]);
    free(t->name);
    memset(t, 0, sizeof *t);
}
