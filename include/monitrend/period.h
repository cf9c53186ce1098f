/*
 * period.h - calendar periods of a series: years, quarters, months, ISO weeks, days.
 *
 * A period is parsed from the tidy forms `2024`, `2024-Q3`, `2024-07`,
 * `2024-W05`, `2024-07-15`, and the quarter spellings publishers use:
 * `2024Q3`, `2024 Q3`, `Q3 2024`.  Each has a frequency, an ordinal index that is
 * consecutive within its frequency (so gaps are visible as index jumps), and a
 * time in decimal years used by every fit, so that slopes and APCs are always
 * per year whatever the frequency.
 */
#ifndef MONITREND_PERIOD_H
#define MONITREND_PERIOD_H

#include <stddef.h>
#include "monitrend/status.h"

typedef enum {
    MT_FREQ_YEAR = 0,
    MT_FREQ_QUARTER,
    MT_FREQ_MONTH,
    MT_FREQ_WEEK,
    MT_FREQ_DAY
} mt_freq;

typedef struct {
    mt_freq freq;
    int year;   /* calendar year (ISO year for weeks) */
    int sub;    /* quarter 1-4, month 1-12, ISO week 1-53, day of month 1-31; 0 for years */
    int day;    /* reserved for MT_FREQ_DAY: month is in sub, day of month here; else 0 */
} mt_period;

#define MT_PERIOD_STR_MAX 16

/* Parse one of the tidy forms or quarter spellings.  Returns MT_EPARSE with a message saying what
 * was expected ("a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or
 * 2024-07-15") when text is not one of them or names an impossible date
 * (2024-13, 2024-Q5, 2023-W53, 2023-02-29).  The message has no location
 * prefix: the caller adds file, line and column. */
mt_status mt_period_parse(const char *text, mt_period *out, mt_error *err);

/* Write the canonical tidy form into buf (at least MT_PERIOD_STR_MAX bytes). */
void mt_period_format(const mt_period *p, char *buf, size_t size);

/* Ordinal index, consecutive within a frequency: year -> year; quarter ->
 * 4*year + q-1; month -> 12*year + m-1; week -> weeks since a fixed Monday;
 * day -> days since 1970-01-01.  Periods of one frequency differ by 1 exactly
 * when they are adjacent. */
long mt_period_index(const mt_period *p);

/* Time in decimal years at the start of the period: year; year + (q-1)/4;
 * year + (m-1)/12; for weeks and days, year + (days since 1 Jan)/days in year
 * of the period's first day. */
double mt_period_time(const mt_period *p);

/* Number of periods per year (1, 4, 12, 52.1775, 365.2425). */
double mt_freq_per_year(mt_freq f);

/* "year", "quarter", "month", "week", "day". */
const char *mt_freq_name(mt_freq f);

/* Compare two periods of the same frequency: <0, 0, >0. */
int mt_period_cmp(const mt_period *a, const mt_period *b);

/* Layout period formats of a source (docs/model-format.md, `period.format`). */
typedef enum {
    MT_PERIOD_AUTO = 0,   /* the tidy forms above */
    MT_PERIOD_YEAR_MON,   /* "1995 Jan" (English month names or their first three letters) */
    MT_PERIOD_YYYY_MM,    /* "2024-07" only */
    MT_PERIOD_MONTH_DATE  /* "2018-01-01" (any existing day) read as the month 2018-01; "2018-01" too */
} mt_period_layout;

/* Parse text in the given layout format.  MT_PERIOD_AUTO is mt_period_parse.
 * Errors as for mt_period_parse (no location prefix). */
mt_status mt_period_parse_as(const char *text, mt_period_layout fmt, mt_period *out,
                             mt_error *err);

/* The period of frequency f whose mt_period_index is idx (inverse of
 * mt_period_index; used to list the gaps of a series). */
mt_period mt_period_from_index(mt_freq f, long idx);

/* The period of frequency f that starts at (or contains) time t in decimal
 * years: for years floor(t), quarters and months the slot floor((t - year)
 * * per_year); weeks and days by their index.  Used to label times that are
 * not observed periods (a window start, a grid slot). */
mt_period mt_period_at_time(mt_freq f, double t);

#endif
