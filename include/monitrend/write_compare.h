/*
 * write_compare.h - the writers of pairwise joinpoint comparisons
 * (run->cmp): the comparisons table (results/comparisons.csv and the
 * "comparisons" array of results.json) and their paragraph in the findings.
 */
#ifndef MONITREND_WRITE_COMPARE_H
#define MONITREND_WRITE_COMPARE_H

#include <stdio.h>

#include "monitrend/report.h"
#include "monitrend/table.h"

/* Initialise t as the "comparisons" table and fill it: two rows per
 * comparison (test = coincidence, then parallelism).  Columns (a contract,
 * appended only): comparison, a, b, first, last, n, test, statistic, p,
 * aapc_a, aapc_b, aapc_diff, aapc_diff_lo, aapc_diff_hi, aapc_diff_p, verdict. */
void mt_write_compare_table(const mt_report *run, mt_table *t);

/* One paragraph per comparison, in the run's language, into f. */
void mt_write_compare_findings(const mt_report *run, FILE *f);

#endif
