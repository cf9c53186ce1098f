/*
 * fuzz_period.c - libFuzzer target for the period parser (period.h).
 *
 * The input, cut at the first NUL, is parsed in each layout format.  Every
 * period that parses must survive the round trips the rest of monitrend
 * relies on: mt_period_format then mt_period_parse gives the same period,
 * mt_period_from_index(mt_period_index) gives it back, and its time is
 * finite.  A violation aborts.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/period.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const mt_period *p)
{
    char buf[MT_PERIOD_STR_MAX];
    mt_period q;
    mt_error err;
    mt_period_format(p, buf, sizeof buf);
    if (mt_period_parse(buf, &q, &err) != MT_OK || mt_period_cmp(p, &q) != 0 || q.freq != p->freq) {
        fprintf(stderr, "format/parse round trip fails for '%s'\n", buf);
        abort();
    }
    mt_period r = mt_period_from_index(p->freq, mt_period_index(p));
    if (r.freq != p->freq || mt_period_cmp(p, &r) != 0) {
        fprintf(stderr, "index round trip fails for '%s'\n", buf);
        abort();
    }
    if (!isfinite(mt_period_time(p)))
        abort();
    (void)mt_freq_name(p->freq);
    (void)mt_freq_per_year(p->freq);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    char text[257];
    memcpy(text, data, size);
    text[size] = '\0';
    static const mt_period_layout fmts[] = {MT_PERIOD_AUTO, MT_PERIOD_YEAR_MON, MT_PERIOD_YYYY_MM,
                                             MT_PERIOD_MONTH_DATE};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        mt_period p;
        mt_error err;
        mt_error_clear(&err);
        mt_status st = mt_period_parse_as(text, fmts[i], &p, &err);
        if (st == MT_OK)
            check(&p);
        else if (err.msg[0] == '\0')
            abort(); /* every refusal says why */
    }
    return 0;
}
