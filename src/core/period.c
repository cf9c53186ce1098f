/*
 * period.c - calendar periods (see period.h): parsing of the tidy forms and
 * the layout formats, canonical formatting, ordinal indices and decimal-year
 * times.  Calendar arithmetic uses the proleptic Gregorian calendar with day
 * numbers counted from 1970-01-01 (H. Hinnant's days_from_civil algorithm),
 * and ISO 8601 weeks (week 1 holds the year's first Thursday).
 */
#include "monitrend/period.h"

#include <math.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define EXPECTED "a period such as 2024, 2024-Q3, 2024-07, 2024-W05 or 2024-07-15"

/* Floor division for possibly negative numerators. */
static long floor_div(long a, long b)
{
    long q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Days since 1970-01-01 of y-m-d. */
static long days_from_civil(int y, int m, int d)
{
    long yy = (long)y - (m <= 2);
    long era = floor_div(yy, 400);
    long yoe = yy - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = floor_div(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* Monday of ISO week 1 of ISO year y, as a day number. */
static long iso_week1_monday(int y)
{
    long jan4 = days_from_civil(y, 1, 4);
    long wd = ((jan4 + 3) % 7 + 7) % 7; /* Monday = 0; 1970-01-01 was a Thursday */
    return jan4 - wd;
}

static int iso_weeks_in_year(int y)
{
    return (int)((iso_week1_monday(y + 1) - iso_week1_monday(y)) / 7);
}

/* Read exactly n decimal digits from *p; -1 when they are not there. */
static int digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        v = 10 * v + ((*p)[i] - '0');
    }
    *p += n;
    return v;
}

static mt_status expected(const char *text, mt_error *err)
{
    return mt_error_set(err, MT_EPARSE, "expected " EXPECTED ", got '%.64s'", text);
}

/* Copy text without leading and trailing blanks into buf; 0 when too long. */
static int trimmed(const char *text, char *buf, size_t size)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    if (n >= size)
        return 0;
    memcpy(buf, text, n);
    buf[n] = '\0';
    return 1;
}

/* The quarter spellings publishers use besides the tidy `2018-Q1`:
 * `2018Q1`, `2018 Q1` and `Q1 2018` (Q in either case, one blank or none
 * between year and quarter as shown).  Returns 1 and fills *out when buf is
 * one of them; 0 when it is not (the caller reports the tidy forms); -1 with
 * err set when it is one of them with a quarter outside 1-4. */
static int quarter_spelling(const char *buf, mt_period *out, mt_error *err)
{
    const char *p = buf;
    int y, q;
    if (*p == 'Q' || *p == 'q') {
        p++;
        q = digits(&p, 1);
        if (q < 0 || *p++ != ' ')
            return 0;
        y = digits(&p, 4);
    } else {
        y = digits(&p, 4);
        if (y < 0)
            return 0;
        if (*p == ' ')
            p++;
        if (*p != 'Q' && *p != 'q')
            return 0;
        p++;
        q = digits(&p, 1);
    }
    if (y < 1000 || q < 0 || *p != '\0')
        return 0;
    if (q < 1 || q > 4) {
        mt_error_set(err, MT_EPARSE, "invalid period '%s': quarter must be Q1-Q4", buf);
        return -1;
    }
    *out = (mt_period){MT_FREQ_QUARTER, y, q, 0};
    return 1;
}

mt_status mt_period_parse(const char *text, mt_period *out, mt_error *err)
{
    char buf[32];
    if (text == NULL || !trimmed(text, buf, sizeof buf))
        return expected(text ? text : "", err);
    int qs = quarter_spelling(buf, out, err);
    if (qs != 0)
        return qs > 0 ? MT_OK : MT_EPARSE;
    const char *p = buf;
    int y = digits(&p, 4);
    if (y < 0 || y < 1000)
        return expected(buf, err);
    mt_period r = {MT_FREQ_YEAR, y, 0, 0};
    if (*p == '\0') {
        *out = r;
        return MT_OK;
    }
    if (*p++ != '-')
        return expected(buf, err);
    if (*p == 'Q' || *p == 'q') {
        p++;
        int q = digits(&p, 1);
        if (q < 0 || *p != '\0')
            return expected(buf, err);
        if (q < 1 || q > 4)
            return mt_error_set(err, MT_EPARSE, "invalid period '%s': quarter must be Q1-Q4", buf);
        r.freq = MT_FREQ_QUARTER;
        r.sub = q;
    } else if (*p == 'W' || *p == 'w') {
        p++;
        int w = digits(&p, 2);
        if (w < 0 || *p != '\0')
            return expected(buf, err);
        int nw = iso_weeks_in_year(y);
        if (w < 1 || w > nw)
            return mt_error_set(err, MT_EPARSE, "invalid period '%s': ISO year %d has weeks W01-W%02d",
                                buf, y, nw);
        r.freq = MT_FREQ_WEEK;
        r.sub = w;
    } else {
        int m = digits(&p, 2);
        if (m < 0)
            return expected(buf, err);
        if (*p == '\0') {
            if (m < 1 || m > 12)
                return mt_error_set(err, MT_EPARSE, "invalid period '%s': month must be 01-12", buf);
            r.freq = MT_FREQ_MONTH;
            r.sub = m;
        } else {
            if (*p++ != '-')
                return expected(buf, err);
            int d = digits(&p, 2);
            if (d < 0 || *p != '\0')
                return expected(buf, err);
            if (m < 1 || m > 12)
                return mt_error_set(err, MT_EPARSE, "invalid period '%s': month must be 01-12", buf);
            if (d < 1 || d > days_in_month(y, m))
                return mt_error_set(err, MT_EPARSE, "invalid period '%s': %04d-%02d has %d days",
                                    buf, y, m, days_in_month(y, m));
            r.freq = MT_FREQ_DAY;
            r.sub = m;
            r.day = d;
        }
    }
    *out = r;
    return MT_OK;
}

/* ASCII case-insensitive comparison of n bytes (strncasecmp is not C11). */
static int strncasecmp_portable(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ca = tolower((unsigned char)a[i]), cb = tolower((unsigned char)b[i]);
        if (ca != cb)
            return ca - cb;
        if (ca == 0)
            return 0;
    }
    return 0;
}

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december"
};

mt_status mt_period_parse_as(const char *text, mt_period_layout fmt, mt_period *out,
                             mt_error *err)
{
    char buf[32];
    if (fmt == MT_PERIOD_AUTO)
        return mt_period_parse(text, out, err);
    if (text == NULL || !trimmed(text, buf, sizeof buf))
        return mt_error_set(err, MT_EPARSE, "expected a period in period.format %s, got '%.64s'",
                            fmt == MT_PERIOD_YEAR_MON ? "year-mon"
                            : fmt == MT_PERIOD_MONTH_DATE ? "month-date" : "yyyy-mm",
                            text ? text : "");
    if (fmt == MT_PERIOD_MONTH_DATE) {
        /* a month stamped with a date (2018-01-01, or the month's last day,
         * as many statistical offices export monthly series): the date must
         * exist, and names its month; 2018-01 alone is accepted too */
        mt_period d;
        mt_status st = mt_period_parse(buf, &d, err);
        if (st == MT_OK && (d.freq == MT_FREQ_DAY || d.freq == MT_FREQ_MONTH)) {
            *out = (mt_period){MT_FREQ_MONTH, d.year, d.sub, 0};
            return MT_OK;
        }
        if (st == MT_OK || strncmp(err ? err->msg : "", "expected", 8) == 0)
            return mt_error_set(err, MT_EPARSE,
                                "expected a date such as 2018-01-01 (period.format = month-date), got '%s'",
                                buf);
        return st; /* an impossible date or month, said as such */
    }
    if (fmt == MT_PERIOD_YYYY_MM) {
        const char *p = buf;
        int y = digits(&p, 4);
        int m = (y >= 1000 && *p == '-') ? (p++, digits(&p, 2)) : -1;
        if (m < 0 || *p != '\0')
            return mt_error_set(err, MT_EPARSE,
                                "expected a period such as 2024-07 (period.format = yyyy-mm), got '%s'", buf);
        if (m < 1 || m > 12)
            return mt_error_set(err, MT_EPARSE, "invalid period '%s': month must be 01-12", buf);
        *out = (mt_period){MT_FREQ_MONTH, y, m, 0};
        return MT_OK;
    }
    /* year-mon: "1995 Jan", "1995 January" */
    const char *p = buf;
    int y = digits(&p, 4);
    if (y >= 1000 && (*p == ' ' || *p == '\t')) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strlen(p);
        for (int m = 0; m < 12 && n >= 3; m++) {
            if (n <= strlen(month_names[m]) && strncasecmp_portable(p, month_names[m], n) == 0) {
                *out = (mt_period){MT_FREQ_MONTH, y, m + 1, 0};
                return MT_OK;
            }
        }
    }
    return mt_error_set(err, MT_EPARSE,
                        "expected a period such as '1995 Jan' (period.format = year-mon), got '%s'", buf);
}

void mt_period_format(const mt_period *p, char *buf, size_t size)
{
    switch (p->freq) {
    case MT_FREQ_YEAR: snprintf(buf, size, "%04d", p->year); break;
    case MT_FREQ_QUARTER: snprintf(buf, size, "%04d-Q%d", p->year, p->sub); break;
    case MT_FREQ_MONTH: snprintf(buf, size, "%04d-%02d", p->year, p->sub); break;
    case MT_FREQ_WEEK: snprintf(buf, size, "%04d-W%02d", p->year, p->sub); break;
    case MT_FREQ_DAY: snprintf(buf, size, "%04d-%02d-%02d", p->year, p->sub, p->day); break;
    }
}

/* Day number of the first day of a week or day period. */
static long first_day(const mt_period *p)
{
    if (p->freq == MT_FREQ_WEEK)
        return iso_week1_monday(p->year) + 7L * (p->sub - 1);
    return days_from_civil(p->year, p->sub, p->day);
}

long mt_period_index(const mt_period *p)
{
    switch (p->freq) {
    case MT_FREQ_YEAR: return p->year;
    case MT_FREQ_QUARTER: return 4L * p->year + p->sub - 1;
    case MT_FREQ_MONTH: return 12L * p->year + p->sub - 1;
    case MT_FREQ_WEEK: return floor_div(first_day(p) + 3, 7); /* 0 = week of Monday 1969-12-29 */
    case MT_FREQ_DAY: return first_day(p);
    }
    return 0;
}

mt_period mt_period_from_index(mt_freq f, long idx)
{
    mt_period r = {f, 0, 0, 0};
    switch (f) {
    case MT_FREQ_YEAR: r.year = (int)idx; break;
    case MT_FREQ_QUARTER: r.year = (int)floor_div(idx, 4); r.sub = (int)(idx - 4L * r.year) + 1; break;
    case MT_FREQ_MONTH: r.year = (int)floor_div(idx, 12); r.sub = (int)(idx - 12L * r.year) + 1; break;
    case MT_FREQ_WEEK: {
        long monday = idx * 7 - 3;
        int y, m, d;
        civil_from_days(monday + 3, &y, &m, &d); /* the Thursday decides the ISO year */
        r.year = y;
        r.sub = (int)((monday - iso_week1_monday(y)) / 7) + 1;
        break;
    }
    case MT_FREQ_DAY: civil_from_days(idx, &r.year, &r.sub, &r.day); break;
    }
    return r;
}

double mt_period_time(const mt_period *p)
{
    switch (p->freq) {
    case MT_FREQ_YEAR: return p->year;
    case MT_FREQ_QUARTER: return p->year + (p->sub - 1) / 4.0;
    case MT_FREQ_MONTH: return p->year + (p->sub - 1) / 12.0;
    case MT_FREQ_WEEK:
    case MT_FREQ_DAY: {
        long d0 = first_day(p);
        int y, m, d;
        civil_from_days(d0, &y, &m, &d);
        long jan1 = days_from_civil(y, 1, 1);
        return y + (double)(d0 - jan1) / (is_leap(y) ? 366.0 : 365.0);
    }
    }
    return 0.0;
}

double mt_freq_per_year(mt_freq f)
{
    switch (f) {
    case MT_FREQ_YEAR: return 1.0;
    case MT_FREQ_QUARTER: return 4.0;
    case MT_FREQ_MONTH: return 12.0;
    case MT_FREQ_WEEK: return 52.1775;
    case MT_FREQ_DAY: return 365.2425;
    }
    return 1.0;
}

const char *mt_freq_name(mt_freq f)
{
    switch (f) {
    case MT_FREQ_YEAR: return "year";
    case MT_FREQ_QUARTER: return "quarter";
    case MT_FREQ_MONTH: return "month";
    case MT_FREQ_WEEK: return "week";
    case MT_FREQ_DAY: return "day";
    }
    return "?";
}

int mt_period_cmp(const mt_period *a, const mt_period *b)
{
    if (a->freq != b->freq)
        return a->freq < b->freq ? -1 : 1;
    long ia = mt_period_index(a), ib = mt_period_index(b);
    return ia < ib ? -1 : ia > ib;
}

mt_period mt_period_at_time(mt_freq f, double t)
{
    /* 1e-6 years (about 30 s) absorbs the rounding of t = year + k/12 */
    int year = (int)floor(t + 1e-6);
    double frac = t - year;
    if (frac < 0)
        frac = 0;
    switch (f) {
    case MT_FREQ_YEAR:
        return mt_period_from_index(f, year);
    case MT_FREQ_QUARTER:
        return mt_period_from_index(f, 4L * year + (long)floor(frac * 4 + 1e-6));
    case MT_FREQ_MONTH:
        return mt_period_from_index(f, 12L * year + (long)floor(frac * 12 + 1e-6));
    default: {
        /* weeks and days: the observed index nearest to t */
        mt_period p0 = mt_period_from_index(f, 0);
        double per = mt_freq_per_year(f), t0 = mt_period_time(&p0);
        return mt_period_from_index(f, (long)floor((t - t0) * per + 0.5));
    }
    }
}
