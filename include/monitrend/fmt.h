/*
 * fmt.h - numbers for humans (English and Dutch) and for machines.
 *
 * Human numbers: thousands separators (en 16,945 / nl 16.945), decimal point
 * or comma, a fixed rounding per quantity (counts as integers, percentages and
 * APCs with one decimal, p-values as "<0.001" or "0.03"), never "NaN", "inf"
 * or "-0.0": a non-finite value prints as a caller-given placeholder ("n/a",
 * "n.b.") and a value that rounds to zero prints without a sign.
 *
 * Machine numbers: mt_fmt_g17 prints the shortest decimal that reads back
 * as the same double (round-trip exact, like %.17g but without noise
 * digits: "0.1"), in %.17g's layout, with a '.' whatever the locale.
 *
 * Nothing here calls setlocale or uses printf grouping: the C library is only
 * asked for plain digits, and separators are inserted by this module, so the
 * output is the same under any LC_NUMERIC.
 */
#ifndef MONITREND_FMT_H
#define MONITREND_FMT_H

#include <stddef.h>
#include "monitrend/status.h"

#include "monitrend/lang.h"

/* Large enough for any number this module writes with a placeholder of up
 * to 15 bytes. */
#define MT_FMT_MAX 64

/* Largest number of decimals mt_fmt_fixed accepts. */
#define MT_FMT_DECIMALS_MAX 12

/* x rounded to `decimals` decimals (0..MT_FMT_DECIMALS_MAX), with the
 * thousands separator and decimal mark of lang.  A non-finite x writes `na`
 * (NULL means "n/a" in English, "n.b." in Dutch).  Returns MT_EINVAL for bad
 * decimals or a NULL buf, MT_ELIMIT when buf (size bytes) is too small; buf
 * always holds a terminated string when size > 0. */
mt_status mt_fmt_fixed(double x, int decimals, mt_lang lang, const char *na,
                       char *buf, size_t size);

/* A count: rounded to an integer with thousands separators (16,945). */
mt_status mt_fmt_count(double x, mt_lang lang, const char *na, char *buf, size_t size);

/* A percentage or an annual percent change: one decimal, no sign added
 * ("3.4" / "3,4"); the caller adds "%" and words. */
mt_status mt_fmt_percent(double x, mt_lang lang, const char *na, char *buf, size_t size);

/* An APC with explicit sign and percent sign: "+3.4%", "-12.0%", "0.0%". */
mt_status mt_fmt_apc(double x, mt_lang lang, const char *na, char *buf, size_t size);

/* A p-value: "<0.001" below 0.001, three decimals below 0.01 ("0.004",
 * "0.010" for 0.0096), two decimals otherwise ("0.03", "1.00").  Values
 * outside [0, 1] or non-finite write the placeholder. */
mt_status mt_fmt_pvalue(double p, mt_lang lang, const char *na, char *buf, size_t size);

/* A value with `sig` significant digits (1..15) but never fewer than 0
 * decimals, so 432.71 -> "433", 3.1416 -> "3.14", 16945 -> "16,945". */
mt_status mt_fmt_sig(double x, int sig, mt_lang lang, const char *na, char *buf, size_t size);

/* A confidence interval "95% CI 1.2 to 3.4" / "95%-BI 1,2 tot 3,4" from two
 * already formatted bounds. */
mt_status mt_fmt_ci(const char *lo, const char *hi, mt_lang lang, char *buf, size_t size);

/* "95% CI" or "95%-BI".  Never NULL; static storage. */
const char *mt_fmt_ci_label(mt_lang lang);

/* The default placeholder for a missing number: "n/a" or "n.b.". */
const char *mt_fmt_na(mt_lang lang);

/* Machine format: the shortest round-trip digits (mt_fmt_shortest) in the
 * layout of %.17g, '.' as decimal mark in any locale; non-finite
 * values write "nan", "inf" or "-inf" (callers that must not write them
 * check isfinite first).  buf needs 32 bytes. */
#define MT_FMT_G17_MAX 32
void mt_fmt_g17(double x, char buf[MT_FMT_G17_MAX]);

/* The digits of mt_fmt_g17 for a finite x: the shortest decimal (Grisu2,
 * fmt_shortest.c; at most one digit more in about 0.1% of doubles) that
 * strtod reads back as x, laid out as %.17g would lay it out ("0.1",
 * "1e+17", "-1.234e-05").  Locale-free. */
void mt_fmt_shortest(double x, char buf[MT_FMT_G17_MAX]);

#endif
