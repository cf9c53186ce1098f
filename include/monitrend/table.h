/*
 * table.h - an in-memory results table, written once as CSV and once as JSON.
 *
 * Each results file (results/trends.csv, ...) is first built as an mt_table
 * of typed cells; the CSV writer and the JSON writer then read the same
 * table, so results.json holds exactly what the CSV files hold, under the
 * same column names, and the two can never drift apart.
 */
#ifndef MONITREND_TABLE_H
#define MONITREND_TABLE_H

#include <stddef.h>
#include <stdio.h>
#include "monitrend/csvw.h"
#include "monitrend/status.h"

typedef struct {
    char *text;   /* owned; NULL for a number */
    double num;   /* NaN = missing */
    int is_int;   /* print as an integer in JSON and CSV */
} mt_cell;

typedef struct {
    const char *name;           /* "trends", ...; borrowed (static) */
    const char *const *cols;    /* borrowed (static) */
    size_t n_cols;
    size_t n_rows;
    size_t n_cells, cap;
    mt_cell *cells;             /* row-major, owned */
    mt_status status;           /* sticky: MT_ENOMEM or MT_EINVAL (ragged row) */
} mt_table;

void mt_table_init(mt_table *t, const char *name, const char *const *cols, size_t n_cols);
void mt_table_text(mt_table *t, const char *s);   /* NULL = empty */
void mt_table_num(mt_table *t, double x);
void mt_table_int(mt_table *t, long long x);
/* Close the row; its cell count must equal n_cols (else status MT_EINVAL). */
void mt_table_row_end(mt_table *t);
/* Free every cell and leave the table empty (its columns kept); t itself is not freed. */
void mt_table_clear(mt_table *t);

/* Borrowed cell of row r, column c. */
const mt_cell *mt_table_cell(const mt_table *t, size_t r, size_t c);

/* Drop every row, keeping the columns and the cell storage (a table reused
 * for the rows of one series after another: results_stream.c). */
void mt_table_reset(mt_table *t);

/* The header row, or every row, to a CSV writer (errors stay in w). */
void mt_table_write_csv_header(const mt_table *t, mt_csvw *w);
void mt_table_write_csv_rows(const mt_table *t, mt_csvw *w);

/* Write as CSV (header + rows) to f; name is used in error messages. */
mt_status mt_table_write_csv(const mt_table *t, FILE *f, const char *name, mt_error *err);

#endif
