/*
 * fmt.c - locale-independent number formatting for humans and machines
 * (see fmt.h).
 *
 * The C library is asked only for "%.*f" of a number (machine numbers come
 * from fmt_shortest.c, integer arithmetic, no locale); whatever
 * decimal mark the process locale makes it print is then replaced by the one
 * wanted, and thousands separators are inserted here.  printf never groups
 * digits without the ' flag, which is not used, so the result does not depend
 * on the locale.
 */
#include "monitrend/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *mt_fmt_na(mt_lang lang)
{
    return lang == MT_LANG_NL ? "n.b." : "n/a";
}

const char *mt_fmt_ci_label(mt_lang lang)
{
    return lang == MT_LANG_NL ? "95%-BI" : "95% CI";
}

/* Copy src into buf; MT_ELIMIT when it does not fit (buf then holds a
 * truncated but terminated string). */
static mt_status put(const char *src, char *buf, size_t size)
{
    size_t n = strlen(src);
    if (n >= size) {
        if (size > 0) {
            memcpy(buf, src, size - 1);
            buf[size - 1] = '\0';
        }
        return MT_ELIMIT;
    }
    memcpy(buf, src, n + 1);
    return MT_OK;
}

static mt_status put_na(const char *na, mt_lang lang, char *buf, size_t size)
{
    return put(na != NULL ? na : mt_fmt_na(lang), buf, size);
}

/* Human fixed-point formatting.  `sign_always` adds '+' to positive values
 * (for changes); `suffix` is appended (e.g. "%"). */
static mt_status fixed_impl(double x, int decimals, mt_lang lang, const char *na,
                            int sign_always, const char *suffix, char *buf, size_t size)
{
    if (buf == NULL || size == 0 || decimals < 0 || decimals > MT_FMT_DECIMALS_MAX)
        return MT_EINVAL;
    buf[0] = '\0';
    if (!isfinite(x))
        return put_na(na, lang, buf, size);

    /* 1e300 with 12 decimals is 313 characters: large enough. */
    char raw[400];
    int len = snprintf(raw, sizeof raw, "%.*f", decimals, fabs(x));
    if (len < 0 || (size_t)len >= sizeof raw)
        return MT_ELIMIT;

    /* Split into integer digits and fraction digits, skipping whatever the
     * locale used as decimal mark. */
    char intd[400], fracd[MT_FMT_DECIMALS_MAX + 1];
    size_t ni = 0, nf = 0, i = 0;
    while (raw[i] >= '0' && raw[i] <= '9')
        intd[ni++] = raw[i++];
    while (raw[i] != '\0' && !(raw[i] >= '0' && raw[i] <= '9'))
        i++;
    while (raw[i] >= '0' && raw[i] <= '9' && nf < MT_FMT_DECIMALS_MAX)
        fracd[nf++] = raw[i++];

    int all_zero = 1;
    for (size_t k = 0; k < ni; k++)
        if (intd[k] != '0')
            all_zero = 0;
    for (size_t k = 0; k < nf; k++)
        if (fracd[k] != '0')
            all_zero = 0;

    const char thou = lang == MT_LANG_NL ? '.' : ',';
    const char dec = lang == MT_LANG_NL ? ',' : '.';
    char out[600];
    size_t o = 0;
    if (!all_zero && x < 0)
        out[o++] = '-';
    else if (!all_zero && sign_always)
        out[o++] = '+';
    for (size_t k = 0; k < ni; k++) {
        out[o++] = intd[k];
        size_t left = ni - k - 1;
        if (left > 0 && left % 3 == 0)
            out[o++] = thou;
    }
    if (nf > 0) {
        out[o++] = dec;
        memcpy(out + o, fracd, nf);
        o += nf;
    }
    out[o] = '\0';
    if (suffix != NULL && o + strlen(suffix) < sizeof out)
        strcat(out, suffix);
    return put(out, buf, size);
}

mt_status mt_fmt_fixed(double x, int decimals, mt_lang lang, const char *na,
                       char *buf, size_t size)
{
    return fixed_impl(x, decimals, lang, na, 0, NULL, buf, size);
}

mt_status mt_fmt_count(double x, mt_lang lang, const char *na, char *buf, size_t size)
{
    return fixed_impl(x, 0, lang, na, 0, NULL, buf, size);
}

mt_status mt_fmt_percent(double x, mt_lang lang, const char *na, char *buf, size_t size)
{
    return fixed_impl(x, 1, lang, na, 0, NULL, buf, size);
}

mt_status mt_fmt_apc(double x, mt_lang lang, const char *na, char *buf, size_t size)
{
    return fixed_impl(x, 1, lang, na, 1, "%", buf, size);
}

mt_status mt_fmt_pvalue(double p, mt_lang lang, const char *na, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return MT_EINVAL;
    if (!isfinite(p) || p < 0 || p > 1)
        return put_na(na, lang, buf, size);
    if (p < 0.001)
        return put(lang == MT_LANG_NL ? "<0,001" : "<0.001", buf, size);
    /* Below 0.01 three decimals keep the information: 0.0099 would round
     * to "0.01" at two decimals and hide that it is below 0.01. */
    if (p < 0.01)
        return fixed_impl(p, 3, lang, na, 0, NULL, buf, size);
    return fixed_impl(p, 2, lang, na, 0, NULL, buf, size);
}

mt_status mt_fmt_sig(double x, int sig, mt_lang lang, const char *na, char *buf, size_t size)
{
    if (buf == NULL || size == 0 || sig < 1 || sig > 15)
        return MT_EINVAL;
    if (!isfinite(x))
        return put_na(na, lang, buf, size);
    int decimals = 0;
    if (x != 0) {
        int mag = (int)floor(log10(fabs(x)));
        decimals = sig - 1 - mag;
        /* Rounding can carry into a new digit (9.96 at 2 digits -> 10.0):
         * recompute the magnitude after rounding. */
        if (decimals >= 0 && decimals <= MT_FMT_DECIMALS_MAX) {
            double p10 = pow(10.0, decimals);
            double r = round(fabs(x) * p10) / p10;
            if (r > 0 && (int)floor(log10(r)) > mag)
                decimals--;
        }
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > MT_FMT_DECIMALS_MAX)
        decimals = MT_FMT_DECIMALS_MAX;
    return fixed_impl(x, decimals, lang, na, 0, NULL, buf, size);
}

mt_status mt_fmt_ci(const char *lo, const char *hi, mt_lang lang, char *buf, size_t size)
{
    if (lo == NULL || hi == NULL || buf == NULL || size == 0)
        return MT_EINVAL;
    int n = snprintf(buf, size, "%s %s %s %s", mt_fmt_ci_label(lang), lo,
                     lang == MT_LANG_NL ? "tot" : "to", hi);
    return (n < 0 || (size_t)n >= size) ? MT_ELIMIT : MT_OK;
}

void mt_fmt_g17(double x, char buf[MT_FMT_G17_MAX])
{
    if (isnan(x)) {
        strcpy(buf, "nan");
        return;
    }
    if (isinf(x)) {
        strcpy(buf, x < 0 ? "-inf" : "inf");
        return;
    }
    /* the shortest digits that read back as x (fmt_shortest.c): what %.17g
     * guaranteed, without its noise digits ("0.1", not
     * "0.10000000000000001"), and about five times faster */
    mt_fmt_shortest(x, buf);
}
