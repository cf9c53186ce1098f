/*
 * fignames.h - file names of figures, unique by construction.
 *
 * A series id becomes a file stem by keeping letters, digits, '-', '_' and
 * '.' and turning everything else into '_' ("a b", "a_b" and "a?b" all give
 * "a_b").  Different ids can therefore meet on one stem, and a stem can
 * meet a name monitrend uses itself (theme.gp, an overview page).  The
 * table hands out each name once: the first to claim a stem gets it as it
 * is; a later claimant whose stem is taken gets "<stem>-<8 hex>", the start
 * of the SHA-256 of its id (and, should even that be taken, a counter
 * after it).  A series (empty prefix) whose stem falls in the names
 * monitrend gives its own figures ("overview", "theme", "dashboard-*",
 * "ccNN*") always gets the suffix, so those keep their documented names.
 * Names are compared without regard to case, so that an
 * edition copied to a case-insensitive file system loses nothing either.
 * The figures are claimed in a fixed order, so the names are reproducible.
 */
#ifndef MONITREND_FIGNAMES_H
#define MONITREND_FIGNAMES_H

#include <stddef.h>
#include "monitrend/status.h"

typedef struct {
    char **name;   /* hash set of the names handed out (owned; cap slots) */
    size_t n, cap;
} mt_fig_names;

/* An empty table with the names monitrend writes itself reserved
 * ("theme"). */
mt_status mt_fig_names_init(mt_fig_names *t);

/* Claim the stem of prefix + id: writes the unique name into buf (size at
 * least MT_FIG_NAME_MAX + 1) and records it.  A leading '.' becomes '_'
 * (no hidden files, no clash with gnuplot's master scripts).  MT_ENOMEM. */
mt_status mt_fig_names_claim(mt_fig_names *t, const char *prefix, const char *id, char *buf,
                             size_t size);

/* Free every recorded name and leave t empty; t itself is not freed. */
void mt_fig_names_clear(mt_fig_names *t);

#endif
