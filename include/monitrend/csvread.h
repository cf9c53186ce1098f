/*
 * csvread.h - streaming CSV intake: raw rows with line numbers (libcsv), and
 * records in monitrend's fields read through a source layout.
 *
 * Two layers.  mt_csvreader turns bytes fed in chunks of any size into rows
 * of fields, each with the line it starts on; it skips a UTF-8 byte-order
 * mark, accepts LF, CRLF and lone CR line ends, and refuses embedded NUL
 * bytes, UTF-16 text, unterminated or malformed quotes and anything beyond
 * the documented limits.  mt_records_read_* apply an mt_layout (the
 * `[source:ID]` keys of docs/model-format.md) to those rows: header lookup,
 * filters, constants, value maps, wide tables and margin rows, producing one
 * mt_record per observation (or per bound, for margin rows) as text.  Numbers
 * and periods are parsed later, by series.c, which knows the indicator kinds.
 *
 * Error messages name the file, the line and, where one is at fault, the
 * column as its 1-based field number: "data.csv:7: expected 5 fields, got 4".
 */
#ifndef MONITREND_CSVREAD_H
#define MONITREND_CSVREAD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include "monitrend/period.h"
#include "monitrend/status.h"
#include "monitrend/text.h"

/* Documented limits (docs/intake.md); exceeding one gives MT_ELIMIT. */
#define MT_CSV_FILE_MAX   ((size_t)256 << 20)  /* bytes per input file (256 MiB) */
#define MT_CSV_FIELD_MAX  ((size_t)1 << 20)    /* bytes per field (1 MiB) */
#define MT_CSV_FIELDS_MAX ((size_t)10000)      /* fields per row */
#define MT_CSV_ROWS_MAX   ((size_t)10000000)   /* data rows per file */

/* The fields of a record, in the order of the tidy format. */
typedef enum {
    MT_FIELD_INDICATOR = 0,
    MT_FIELD_MARKET,
    MT_FIELD_REGION,
    MT_FIELD_PERIOD,
    MT_FIELD_VALUE,
    MT_FIELD_LOWER,
    MT_FIELD_UPPER,
    MT_FIELD_SE,
    MT_FIELD_N,
    MT_FIELD_FLAG,
    MT_FIELD_NOTE,
    MT_FIELD_SOURCE,   /* where the row's figure was read (a URL or citation); kept per row */
    MT_FIELD_COUNT
} mt_field;

/* "indicator", "market", ... ; NULL for an out-of-range value. */
const char *mt_field_name(mt_field f);

/* The field whose name is name ("value" -> MT_FIELD_VALUE), or -1. */
int mt_field_of(const char *name);

typedef struct {
    char *column;   /* header name */
    char *text;     /* the row's text must equal this (blanks around ignored) */
    int negate;     /* `Column != text`: the row's text must differ from it */
} mt_filter;

typedef struct {
    mt_field field; /* indicator, market or region */
    char *from;
    char *to;
} mt_map;

typedef struct {
    char *column;     /* header name of a wide column */
    char *indicator;  /* never NULL */
    char *market;     /* NULL when the spec does not give it */
    char *region;     /* NULL when the spec does not give it */
} mt_wide;

/* A source layout: mirrors the keys of `[source:ID]` in docs/model-format.md.
 * mt_layout_init gives the tidy layout. */
typedef struct {
    char delimiter;               /* ',' ';' '\t' '|' */
    char decimal;                 /* '.' or ',' */
    size_t skip;                  /* physical lines before the header */
    char *col[MT_FIELD_COUNT];    /* col.<field>: header name; NULL = the field's own name */
    char *constant[3];            /* indicator, market, region constants; NULL = none */
    mt_filter *filter;
    size_t n_filter;
    mt_map *map;
    size_t n_map;
    mt_period_layout period_format;
    double scale;                 /* multiplies value, lower, upper, se */
    mt_wide *wide;
    size_t n_wide;
    char *margin_column;
    char *margin_text[3];         /* texts for value, lower, upper rows (margin.value, ...) */
    char *end;                    /* stop at the first row whose first field starts with this */
    mt_encoding encoding;         /* encoding = utf-8 (default), latin1, cp1252 */
} mt_layout;

/* The tidy layout: ',' delimiter, '.' decimal, no skip, own column names. */
void mt_layout_init(mt_layout *lay);

/* Free every string of the layout and reset it to the tidy layout.  NULL is a no-op. */
void mt_layout_clear(mt_layout *lay);

/* Set one `[source:ID]` layout key (delimiter, decimal, skip, col.<field>,
 * indicator, market, region, filter, map.<field>, period.format, scale, wide,
 * margin.column, margin.value, margin.lower, margin.upper, end, encoding).  Repeatable
 * keys (filter, map.<field>, wide) add an entry.  Returns MT_EINVAL when key
 * is not a layout key (err untouched, so that the model parser can try its
 * own keys), MT_EPARSE with a message (no location) for a bad value. */
mt_status mt_layout_set(mt_layout *lay, const char *key, const char *value, mt_error *err);

/* Non-zero when the layout is the strict tidy format: no col.*, constants,
 * filters, maps, wide columns or margins.  A tidy file must then have only
 * the tidy columns. */
int mt_layout_is_tidy(const mt_layout *lay);

/* ---- raw rows ---------------------------------------------------------- */

typedef struct {
    long line;        /* line on which the row starts (1-based, physical lines) */
    size_t n;         /* number of fields */
    char **field;     /* n NUL-terminated fields, borrowed for the callback's duration */
} mt_csv_row;

/* Called once per row.  Set *stop to end reading (remaining input is then
 * ignored).  A status other than MT_OK ends reading with that error. */
typedef mt_status (*mt_csv_row_fn)(void *user, const mt_csv_row *row, int *stop, mt_error *err);

typedef struct mt_csvreader mt_csvreader;

/* A reader for the file named `file` (used in messages; copied).  skip
 * physical lines are discarded before CSV parsing starts.  NULL on
 * allocation failure. */
mt_csvreader *mt_csvreader_alloc(const char *file, char delimiter, size_t skip,
                                 mt_csv_row_fn fn, void *user);

/* Feed len bytes.  Any split of the input into chunks gives the same rows. */
mt_status mt_csvreader_feed(mt_csvreader *r, const char *buf, size_t len, mt_error *err);

/* End of input: flushes the last row; errors on an unterminated quote. */
mt_status mt_csvreader_finish(mt_csvreader *r, mt_error *err);

/* Rows delivered so far (header included). */
size_t mt_csvreader_rows(const mt_csvreader *r);

void mt_csvreader_free(mt_csvreader *r);

/* ---- records ----------------------------------------------------------- */

typedef struct {
    long line;                    /* input line of the row */
    char *field[MT_FIELD_COUNT];  /* owned text; NULL when the layout gives none */
    long column[MT_FIELD_COUNT];  /* 1-based field number in the file; 0 for constants */
} mt_record;

typedef struct {
    size_t n;
    size_t cap;
    mt_record *rec;
    char *file;                   /* file name used in messages (owned) */
    size_t rows;                  /* data rows read (before filters) */
} mt_records;

/* Read the file at path through the layout into out (which must be zeroed
 * or freed before).  label names the file in messages (NULL = path).
 * Errors: MT_EIO (missing file, a folder, unreadable), MT_ELIMIT, MT_EPARSE
 * (empty file, no data rows, missing or duplicate column, ragged row, bad
 * quotes, NUL bytes, unknown column in a tidy file), MT_ENOMEM.  On error out
 * is left empty.  The caller frees out with mt_records_clear. */
mt_status mt_records_read_file(const char *path, const char *label, const mt_layout *lay,
                               mt_records *out, mt_error *err);

/* As mt_records_read_file on a buffer, fed to the parser in chunks of chunk
 * bytes (0 = all at once): the chunk size never changes the result. */
mt_status mt_records_read_buffer(const char *buf, size_t len, size_t chunk, const char *label,
                                 const mt_layout *lay, mt_records *out, mt_error *err);

/* Free every record and string of r and leave it empty; r itself is not freed.  NULL is a no-op. */
void mt_records_clear(mt_records *r);

/* ---- records one at a time --------------------------------------------- */

/* Called once per record, in file order.  The callee takes over the strings
 * of *rec (it frees them with free(), also when it fails).  A status other
 * than MT_OK ends reading with that status (err as the callee left it). */
typedef mt_status (*mt_record_fn)(void *user, mt_record *rec, mt_error *err);

/* A file read through a layout in steps, each record handed to a callback
 * as it is read, so that memory does not grow with the file: what
 * mt_records_read_file does, with the same records, errors and messages
 * (mt_records_read_file is this reader with a callback that keeps every
 * record). */
typedef struct mt_record_reader mt_record_reader;

/* Open the file at path (label names it in messages; NULL = path) after the
 * checks of mt_records_read_file (missing file, folder, not a regular file,
 * beyond MT_CSV_FILE_MAX: the same statuses and messages).  lay, fn and user
 * are borrowed until mt_record_reader_free.  *out is freed with
 * mt_record_reader_free. */
mt_status mt_record_reader_open(const char *path, const char *label, const mt_layout *lay,
                                mt_record_fn fn, void *user, mt_record_reader **out, mt_error *err);

/* Read the next chunk (64 KiB) and hand its records to fn.  *done = 0 while
 * there is more; at the end of the file the checks of a whole file are made
 * (unterminated quote, empty file, no data rows) and *done = 1.  On an error
 * *done = 1 and the reading is over: only rewind or free may follow.
 * Calls after the end return MT_OK with *done = 1. */
mt_status mt_record_reader_step(mt_record_reader *rr, int *done, mt_error *err);

/* Read again from the first byte of the same open file (the same file even
 * when its name has since been given to another). */
mt_status mt_record_reader_rewind(mt_record_reader *rr, mt_error *err);

/* Bytes read since the open or the last rewind, and a 64-bit digest of them
 * (not cryptographic): two readings that differ tell that the file changed. */
void mt_record_reader_digest(const mt_record_reader *rr, size_t *bytes, uint64_t *hash);

/* fstat of the open file; 0 on success, -1 with errno. */
int mt_record_reader_stat(const mt_record_reader *rr, struct stat *sb);

/* Close the file and free rr.  NULL is a no-op. */
void mt_record_reader_free(mt_record_reader *rr);

#endif
