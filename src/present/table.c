/*
 * table.c - in-memory results tables (see table.h).
 */
#include "monitrend/table.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/csvw.h"

void mt_table_init(mt_table *t, const char *name, const char *const *cols, size_t n_cols)
{
    memset(t, 0, sizeof *t);
    t->name = name;
    t->cols = cols;
    t->n_cols = n_cols;
}

static mt_cell *next_cell(mt_table *t)
{
    if (t->status != MT_OK)
        return NULL;
    if (t->n_cells == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        mt_cell *c = realloc(t->cells, cap * sizeof *c);
        if (c == NULL) {
            t->status = MT_ENOMEM;
            return NULL;
        }
        t->cells = c;
        t->cap = cap;
    }
    mt_cell *c = &t->cells[t->n_cells++];
    c->text = NULL;
    c->num = NAN;
    c->is_int = 0;
    return c;
}

void mt_table_text(mt_table *t, const char *s)
{
    mt_cell *c = next_cell(t);
    if (c == NULL)
        return;
    c->text = strdup(s ? s : "");
    if (c->text == NULL)
        t->status = MT_ENOMEM;
}

void mt_table_num(mt_table *t, double x)
{
    mt_cell *c = next_cell(t);
    if (c != NULL)
        c->num = x;
}

void mt_table_int(mt_table *t, long long x)
{
    mt_cell *c = next_cell(t);
    if (c != NULL) {
        c->num = (double)x;
        c->is_int = 1;
    }
}

void mt_table_row_end(mt_table *t)
{
    if (t->status != MT_OK)
        return;
    if (t->n_cells != (t->n_rows + 1) * t->n_cols) {
        t->status = MT_EINVAL;
        return;
    }
    t->n_rows++;
}

void mt_table_clear(mt_table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n_cells; i++)
        free(t->cells[i].text);
    free(t->cells);
    t->cells = NULL;
    t->n_cells = t->cap = t->n_rows = 0;
}

const mt_cell *mt_table_cell(const mt_table *t, size_t r, size_t c)
{
    assert(r < t->n_rows && c < t->n_cols);
    return &t->cells[r * t->n_cols + c];
}

void mt_table_reset(mt_table *t)
{
    for (size_t i = 0; i < t->n_cells; i++)
        free(t->cells[i].text);
    t->n_cells = t->n_rows = 0;
}

void mt_table_write_csv_header(const mt_table *t, mt_csvw *w)
{
    for (size_t c = 0; c < t->n_cols; c++)
        mt_csvw_text(w, t->cols[c]);
    mt_csvw_row_end(w);
}

void mt_table_write_csv_rows(const mt_table *t, mt_csvw *w)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            const mt_cell *cell = mt_table_cell(t, r, c);
            if (cell->text)
                mt_csvw_text(w, cell->text);
            else if (cell->is_int && isfinite(cell->num))
                mt_csvw_integer(w, (long long)cell->num);
            else
                mt_csvw_number(w, cell->num);
        }
        mt_csvw_row_end(w);
    }
}

mt_status mt_table_write_csv(const mt_table *t, FILE *f, const char *name, mt_error *err)
{
    if (t->status != MT_OK)
        return mt_error_set(err, t->status, "%s: table could not be built (%s)", name,
                            mt_status_name(t->status));
    mt_csvw w;
    mt_csvw_init(&w, f);
    mt_table_write_csv_header(t, &w);
    mt_table_write_csv_rows(t, &w);
    return mt_csvw_finish(&w, name, err);
}
