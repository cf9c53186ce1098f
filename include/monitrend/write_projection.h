/*
 * write_projection.h - writers of the projections (--project): the table
 * results/projections.csv (and "projections" in results.json) and the
 * sentence of an indicator in the findings.
 */
#ifndef MONITREND_WRITE_PROJECTION_H
#define MONITREND_WRITE_PROJECTION_H

#include <stdio.h>

#include "monitrend/report.h"
#include "monitrend/table.h"

/* Initialise t as the "projections" table, without rows.  Columns (a
 * contract, appended only): series, period, projection, ci_lo, ci_hi,
 * pi_lo, pi_hi, segment_from. */
void mt_write_projection_init(mt_table *t);

/* Append one row per projected period of r (none without a projection):
 * the results stream adds each series' rows as the series is done. */
void mt_write_projection_rows(const mt_series_result *r, mt_table *t);

/* "  Projection (not data): ..." for one series, nothing when it has none. */
void mt_write_projection_findings(const mt_report *run, const mt_series_result *r, FILE *f);

#endif
