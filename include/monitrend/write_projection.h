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

/* Initialise t as the "projections" table and fill it, one row per
 * projected period.  Columns (a contract, appended only): series, period,
 * projection, ci_lo, ci_hi, pi_lo, pi_hi, segment_from. */
void mt_write_projection_table(const mt_report *run, mt_table *t);

/* "  Projection (not data): ..." for one series, nothing when it has none. */
void mt_write_projection_findings(const mt_report *run, const mt_series_result *r, FILE *f);

#endif
