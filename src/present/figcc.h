/*
 * figcc.h - the figures of one cross-check (internal to src/present).
 */
#ifndef MONITREND_FIGCC_H
#define MONITREND_FIGCC_H

#include <stddef.h>

#include "monitrend/fignames.h"
#include "monitrend/write.h"

/* The indexed time chart of both members of cross-check row (the idx-th)
 * and their scatter, written to dir; their names (malloc'ed) are appended to
 * names[*n_names].  Nothing when a member is missing or n < 2. */
mt_status mt_figcc_write(const mt_run *run, const char *dir, const mt_cc_row *row, size_t idx,
                         mt_fig_names *fn, const char **names, size_t *n_names, mt_error *err);

#endif
