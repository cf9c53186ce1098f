/*
 * csvlayout.c - the fields of a record and the layouts of sources
 * (`[source:ID]` keys, docs/intake.md): how the columns of a CSV file map to
 * the fields.  The reading itself is csvread.c (bytes -> rows) and
 * csvrecords.c (rows -> records through a layout).
 */
#include "monitrend/csvread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_names[MT_FIELD_COUNT] = {
    "indicator", "market", "region", "period", "value", "lower", "upper", "se", "n", "flag", "note",
    "source"
};

const char *mt_field_name(mt_field f)
{
    return (unsigned)f < MT_FIELD_COUNT ? field_names[f] : NULL;
}

int mt_field_of(const char *name)
{
    for (int i = 0; i < MT_FIELD_COUNT; i++)
        if (strcmp(name, field_names[i]) == 0)
            return i;
    return -1;
}

/* =========================================================== layouts === */

void mt_layout_init(mt_layout *lay)
{
    memset(lay, 0, sizeof *lay);
    lay->delimiter = ',';
    lay->decimal = '.';
    lay->period_format = MT_PERIOD_AUTO;
    lay->scale = 1.0;
}

void mt_layout_clear(mt_layout *lay)
{
    if (lay == NULL)
        return;
    for (int i = 0; i < MT_FIELD_COUNT; i++)
        free(lay->col[i]);
    for (int i = 0; i < 3; i++) {
        free(lay->constant[i]);
        free(lay->margin_text[i]);
    }
    for (size_t i = 0; i < lay->n_filter; i++) {
        free(lay->filter[i].column);
        free(lay->filter[i].text);
    }
    free(lay->filter);
    for (size_t i = 0; i < lay->n_map; i++) {
        free(lay->map[i].from);
        free(lay->map[i].to);
    }
    free(lay->map);
    for (size_t i = 0; i < lay->n_wide; i++) {
        free(lay->wide[i].column);
        free(lay->wide[i].indicator);
        free(lay->wide[i].market);
        free(lay->wide[i].region);
    }
    free(lay->wide);
    free(lay->margin_column);
    free(lay->end);
    mt_layout_init(lay);
}

int mt_layout_is_tidy(const mt_layout *lay)
{
    for (int i = 0; i < MT_FIELD_COUNT; i++)
        if (lay->col[i])
            return 0;
    for (int i = 0; i < 3; i++)
        if (lay->constant[i])
            return 0;
    return lay->n_filter == 0 && lay->n_map == 0 && lay->n_wide == 0 && lay->margin_column == NULL;
}

/* strndup of [a, b) without surrounding blanks. */
static char *trim_dup(const char *a, const char *b)
{
    while (a < b && (*a == ' ' || *a == '\t'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    return strndup(a, (size_t)(b - a));
}

static mt_status set_str(char **dst, const char *value)
{
    char *s = strdup(value);
    if (s == NULL)
        return MT_ENOMEM;
    free(*dst);
    *dst = s;
    return MT_OK;
}

/* Split "a -> b" at the arrow; both sides trimmed and non-empty. */
static int split_arrow(const char *value, char **left, char **right)
{
    const char *arrow = strstr(value, "->");
    if (arrow == NULL)
        return 0;
    *left = trim_dup(value, arrow);
    *right = trim_dup(arrow + 2, value + strlen(value));
    if (*left == NULL || *right == NULL || **left == '\0' || **right == '\0') {
        free(*left);
        free(*right);
        *left = *right = NULL;
        return 0;
    }
    return 1;
}

static void *grow(void *p, size_t n, size_t size)
{
    return realloc(p, (n + 1) * size);
}

mt_status mt_layout_set(mt_layout *lay, const char *key, const char *value, mt_error *err)
{
    if (strcmp(key, "delimiter") == 0) {
        if (strcmp(value, ",") == 0 || strcmp(value, ";") == 0 || strcmp(value, "|") == 0)
            lay->delimiter = value[0];
        else if (strcmp(value, "tab") == 0 || strcmp(value, "\t") == 0)
            lay->delimiter = '\t';
        else
            return mt_error_set(err, MT_EPARSE, "delimiter: expected one of , ; tab |, got '%s'", value);
        return MT_OK;
    }
    if (strcmp(key, "decimal") == 0) {
        if (strcmp(value, ".") != 0 && strcmp(value, ",") != 0)
            return mt_error_set(err, MT_EPARSE, "decimal: expected . or , got '%s'", value);
        lay->decimal = value[0];
        return MT_OK;
    }
    if (strcmp(key, "encoding") == 0) {
        if (strcmp(value, "utf-8") == 0 || strcmp(value, "utf8") == 0)
            lay->encoding = MT_ENC_UTF8;
        else if (strcmp(value, "latin1") == 0 || strcmp(value, "iso-8859-1") == 0)
            lay->encoding = MT_ENC_LATIN1;
        else if (strcmp(value, "cp1252") == 0 || strcmp(value, "windows-1252") == 0)
            lay->encoding = MT_ENC_CP1252;
        else
            return mt_error_set(err, MT_EPARSE, "encoding: expected utf-8, latin1 or cp1252, got '%s'", value);
        return MT_OK;
    }
    if (strcmp(key, "skip") == 0) {
        char *end;
        errno = 0;
        unsigned long v = strtoul(value, &end, 10);
        if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno || v > 1000)
            return mt_error_set(err, MT_EPARSE, "skip: expected a number of lines 0-1000, got '%s'", value);
        lay->skip = v;
        return MT_OK;
    }
    if (strncmp(key, "col.", 4) == 0) {
        int f = mt_field_of(key + 4);
        if (f < 0)
            return mt_error_set(err, MT_EPARSE,
                                "%s: unknown field '%s' (fields: indicator, market, region, period, "
                                "value, lower, upper, se, n, flag, note)", key, key + 4);
        if (value[0] == '\0')
            return mt_error_set(err, MT_EPARSE, "%s: expected a column name", key);
        return set_str(&lay->col[f], value) == MT_OK ? MT_OK
               : mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    if (strcmp(key, "indicator") == 0 || strcmp(key, "market") == 0 || strcmp(key, "region") == 0) {
        int f = mt_field_of(key);
        return set_str(&lay->constant[f], value) == MT_OK ? MT_OK
               : mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    if (strcmp(key, "filter") == 0) {
        const char *eq = strchr(value, '=');
        if (eq == NULL)
            return mt_error_set(err, MT_EPARSE, "filter: expected 'Column = text' or 'Column != text', got '%s'", value);
        int negate = eq > value && eq[-1] == '!';
        mt_filter *p = grow(lay->filter, lay->n_filter, sizeof *p);
        if (p == NULL)
            return mt_error_set(err, MT_ENOMEM, "out of memory");
        lay->filter = p;
        mt_filter fl = {trim_dup(value, negate ? eq - 1 : eq), trim_dup(eq + 1, value + strlen(value)), negate};
        if (fl.column == NULL || fl.text == NULL || fl.column[0] == '\0') {
            free(fl.column);
            free(fl.text);
            return mt_error_set(err, MT_EPARSE, "filter: expected 'Column = text' or 'Column != text', got '%s'", value);
        }
        lay->filter[lay->n_filter++] = fl;
        return MT_OK;
    }
    if (strncmp(key, "map.", 4) == 0) {
        int f = mt_field_of(key + 4);
        if (f != MT_FIELD_INDICATOR && f != MT_FIELD_MARKET && f != MT_FIELD_REGION)
            return mt_error_set(err, MT_EPARSE, "%s: only map.indicator, map.market and map.region exist", key);
        mt_map m = {(mt_field)f, NULL, NULL};
        if (!split_arrow(value, &m.from, &m.to))
            return mt_error_set(err, MT_EPARSE, "%s: expected 'from -> to', got '%s'", key, value);
        mt_map *p = grow(lay->map, lay->n_map, sizeof *p);
        if (p == NULL) {
            free(m.from);
            free(m.to);
            return mt_error_set(err, MT_ENOMEM, "out of memory");
        }
        lay->map = p;
        lay->map[lay->n_map++] = m;
        return MT_OK;
    }
    if (strcmp(key, "period.format") == 0) {
        if (strcmp(value, "auto") == 0)
            lay->period_format = MT_PERIOD_AUTO;
        else if (strcmp(value, "year-mon") == 0)
            lay->period_format = MT_PERIOD_YEAR_MON;
        else if (strcmp(value, "yyyy-mm") == 0)
            lay->period_format = MT_PERIOD_YYYY_MM;
        else if (strcmp(value, "month-date") == 0)
            lay->period_format = MT_PERIOD_MONTH_DATE;
        else
            return mt_error_set(err, MT_EPARSE,
                                "period.format: expected auto, year-mon, yyyy-mm or month-date, got '%s'",
                                value);
        return MT_OK;
    }
    if (strcmp(key, "scale") == 0) {
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (value[0] == '\0' || *end != '\0' || errno || !(v > 0) || v > 1e15)
            return mt_error_set(err, MT_EPARSE, "scale: expected a positive number, got '%s'", value);
        lay->scale = v;
        return MT_OK;
    }
    if (strcmp(key, "wide") == 0) {
        char *col = NULL, *target = NULL;
        if (!split_arrow(value, &col, &target))
            return mt_error_set(err, MT_EPARSE, "wide: expected 'Column -> indicator[/market[/region]]', got '%s'", value);
        mt_wide w = {col, NULL, NULL, NULL};
        char *s1 = strchr(target, '/');
        char *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
        if (s1)
            *s1 = '\0';
        if (s2)
            *s2 = '\0';
        int bad = target[0] == '\0' || (s2 && strchr(s2 + 1, '/'));
        w.indicator = strdup(target);
        if (s1)
            w.market = strdup(s1 + 1);
        if (s2)
            w.region = strdup(s2 + 1);
        free(target);
        mt_wide *p = bad ? NULL : grow(lay->wide, lay->n_wide, sizeof *p);
        if (p == NULL || w.indicator == NULL || (s1 && !w.market) || (s2 && !w.region)) {
            free(w.column);
            free(w.indicator);
            free(w.market);
            free(w.region);
            return bad ? mt_error_set(err, MT_EPARSE, "wide: expected 'Column -> indicator[/market[/region]]', got '%s'", value)
                       : mt_error_set(err, MT_ENOMEM, "out of memory");
        }
        lay->wide = p;
        lay->wide[lay->n_wide++] = w;
        return MT_OK;
    }
    if (strcmp(key, "margin.column") == 0)
        return set_str(&lay->margin_column, value) == MT_OK ? MT_OK : mt_error_set(err, MT_ENOMEM, "out of memory");
    if (strcmp(key, "margin.value") == 0)
        return set_str(&lay->margin_text[0], value) == MT_OK ? MT_OK : mt_error_set(err, MT_ENOMEM, "out of memory");
    if (strcmp(key, "margin.lower") == 0)
        return set_str(&lay->margin_text[1], value) == MT_OK ? MT_OK : mt_error_set(err, MT_ENOMEM, "out of memory");
    if (strcmp(key, "margin.upper") == 0)
        return set_str(&lay->margin_text[2], value) == MT_OK ? MT_OK : mt_error_set(err, MT_ENOMEM, "out of memory");
    if (strcmp(key, "end") == 0) {
        if (value[0] == '\0')
            return mt_error_set(err, MT_EPARSE, "end: expected the text that starts the footer");
        return set_str(&lay->end, value) == MT_OK ? MT_OK : mt_error_set(err, MT_ENOMEM, "out of memory");
    }
    return MT_EINVAL;
}
