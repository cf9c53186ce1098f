/*
 * fmt_shortest.c - the shortest decimal digits that read back as the same
 * double, for the machine-readable files (mt_fmt_g17 in fmt.c).
 *
 * Grisu2 (F. Loitsch, "Printing floating-point numbers quickly and
 * accurately with integers", PLDI 2010), in the formulation of Milo Yip's
 * public-domain dtoa: the double v and the two boundaries of its rounding
 * interval are scaled by a cached power of ten into 64-bit fixed point, the
 * interval is shrunk by one unit on each side to absorb the scaling error,
 * and digits are generated until the remainder falls inside it; the last
 * digit is then moved towards v as long as it stays inside.  Every result
 * lies strictly inside v's rounding interval, so strtod gives back v
 * exactly (tests/unit/test_fmt.c checks 10^5 random doubles of every
 * exponent, `make check-fmt-long` 10^7).  Because the interval is shrunk,
 * in rare cases (about 0.1% of doubles, Loitsch sec. 5) one more digit than
 * the shortest is printed; the result still round-trips.  Where that costs
 * many digits (a short decimal next to or on a boundary) the digits show a
 * run of zeros or nines, and shorten_run() tries the short decimal.
 *
 * Pure integer arithmetic: no locale, no floating-point rounding mode, and
 * byte-identical output on every platform.
 */
#include "monitrend/fmt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_powers.inc"

typedef struct {
    uint64_t f;
    int e;
} diyfp;

#define DP_SIGNIFICAND_MASK UINT64_C(0x000FFFFFFFFFFFFF)
#define DP_HIDDEN_BIT UINT64_C(0x0010000000000000)
#define DP_EXPONENT_BIAS (0x3FF + 52)

static diyfp diy_of(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    const int biased = (int)((u >> 52) & 0x7FF);
    const uint64_t sig = u & DP_SIGNIFICAND_MASK;
    diyfp r;
    if (biased != 0) {
        r.f = sig + DP_HIDDEN_BIT;
        r.e = biased - DP_EXPONENT_BIAS;
    } else { /* subnormal */
        r.f = sig;
        r.e = 1 - DP_EXPONENT_BIAS;
    }
    return r;
}

/* Product of two 64-bit fixed-point numbers, upper 64 bits rounded. */
static diyfp diy_mul(diyfp x, diyfp y)
{
    const uint64_t M32 = 0xFFFFFFFFu;
    const uint64_t a = x.f >> 32, b = x.f & M32, c = y.f >> 32, d = y.f & M32;
    const uint64_t ac = a * c, bc = b * c, ad = a * d, bd = b * d;
    uint64_t tmp = (bd >> 32) + (ad & M32) + (bc & M32);
    tmp += UINT64_C(1) << 31; /* round */
    diyfp r = {ac + (ad >> 32) + (bc >> 32) + (tmp >> 32), x.e + y.e + 64};
    return r;
}

static diyfp diy_normalize(diyfp x)
{
    while (!(x.f & (UINT64_C(1) << 63))) {
        x.f <<= 1;
        x.e--;
    }
    return x;
}

/* The boundaries m- and m+ of v's rounding interval, with m+ normalised
 * and m- on the same exponent.  At a power of two the lower gap is half
 * the upper one. */
static void diy_boundaries(diyfp v, diyfp *minus, diyfp *plus)
{
    diyfp pl = {(v.f << 1) + 1, v.e - 1};
    pl = diy_normalize(pl);
    diyfp mi;
    if (v.f == DP_HIDDEN_BIT) {
        mi.f = (v.f << 2) - 1;
        mi.e = v.e - 2;
    } else {
        mi.f = (v.f << 1) - 1;
        mi.e = v.e - 1;
    }
    mi.f <<= mi.e - pl.e;
    mi.e = pl.e;
    *minus = mi;
    *plus = pl;
}

/* Cached power c = 10^-K such that the scaled exponent lands in [-60, -32]. */
static diyfp cached_power(int e, int *K)
{
    /* ceil((-61 - e) * log10(2)) + 347 (the offset keeps it positive);
     * 0.30102999566398114 = log10(2) to double precision, and the product
     * is far from an integer for every e that occurs (|e| < 1100) */
    const double dk = (double)(-61 - e) * 0.30102999566398114 + 347.0;
    int k = (int)dk;
    if (dk - (double)k > 0.0)
        k++;
    const unsigned index = (unsigned)((k >> 3) + 1);
    *K = -(-348 + (int)(index << 3));
    diyfp c = {fmt_pow_f[index], fmt_pow_e[index]};
    return c;
}

static const uint64_t pow10_u64[] = {
    UINT64_C(1),
    UINT64_C(10),
    UINT64_C(100),
    UINT64_C(1000),
    UINT64_C(10000),
    UINT64_C(100000),
    UINT64_C(1000000),
    UINT64_C(10000000),
    UINT64_C(100000000),
    UINT64_C(1000000000),
    UINT64_C(10000000000),
    UINT64_C(100000000000),
    UINT64_C(1000000000000),
    UINT64_C(10000000000000),
    UINT64_C(100000000000000),
    UINT64_C(1000000000000000),
    UINT64_C(10000000000000000),
    UINT64_C(100000000000000000),
    UINT64_C(1000000000000000000),
    UINT64_C(10000000000000000000),
};

static int count_digits32(uint32_t n)
{
    int d = 1;
    while (d < 10 && n >= pow10_u64[d])
        d++;
    return d;
}

/* Move the last digit down (towards v) while the number stays inside the
 * interval and gets closer to v. */
static void grisu_round(char *buf, int len, uint64_t delta, uint64_t rest, uint64_t ten_kappa,
                        uint64_t wp_w)
{
    while (rest < wp_w && delta - rest >= ten_kappa &&
           (rest + ten_kappa < wp_w || wp_w - rest > rest + ten_kappa - wp_w)) {
        buf[len - 1]--;
        rest += ten_kappa;
    }
}

static void digit_gen(diyfp W, diyfp Mp, uint64_t delta, char *buf, int *len, int *K)
{
    const int shift = -Mp.e;
    const uint64_t one = UINT64_C(1) << shift;
    const uint64_t wp_w = Mp.f - W.f;
    uint32_t p1 = (uint32_t)(Mp.f >> shift);
    uint64_t p2 = Mp.f & (one - 1);
    int kappa = count_digits32(p1);
    *len = 0;
    while (kappa > 0) {
        const uint32_t div = (uint32_t)pow10_u64[kappa - 1];
        const uint32_t d = p1 / div;
        p1 %= div;
        if (d || *len)
            buf[(*len)++] = (char)('0' + d);
        kappa--;
        const uint64_t tmp = ((uint64_t)p1 << shift) + p2;
        if (tmp <= delta) {
            *K += kappa;
            grisu_round(buf, *len, delta, tmp, pow10_u64[kappa] << shift, wp_w);
            return;
        }
    }
    for (;;) { /* kappa <= 0: fractional digits */
        p2 *= 10;
        delta *= 10;
        const char d = (char)(p2 >> shift);
        if (d || *len)
            buf[(*len)++] = (char)('0' + d);
        p2 &= one - 1;
        kappa--;
        if (p2 < delta) {
            *K += kappa;
            const int index = -kappa;
            grisu_round(buf, *len, delta, p2, one, wp_w * (index < 20 ? pow10_u64[index] : 0));
            return;
        }
    }
}

/* Digits of v > 0 (finite) into buf (at most 17), v ~ digits * 10^K. */
static int grisu2(double v, char *buf, int *K)
{
    const diyfp d = diy_of(v);
    diyfp w_m, w_p;
    diy_boundaries(d, &w_m, &w_p);
    const diyfp c_mk = cached_power(w_p.e, K);
    const diyfp W = diy_mul(diy_normalize(d), c_mk);
    diyfp Wp = diy_mul(w_p, c_mk), Wm = diy_mul(w_m, c_mk);
    Wm.f++;
    Wp.f--;
    int len;
    digit_gen(W, Wp, Wp.f - Wm.f, buf, &len, K);
    return len;
}

/* Lay out digits d[0..n) * 10^K as printf's %g would with precision 17
 * (exponent form when the decimal exponent is below -4 or at least 17,
 * "e+XX" with at least two exponent digits), but with only the digits
 * needed.  Returns the length written. */
static size_t layout(const char *d, int n, int K, char *out)
{
    const int X = n + K - 1; /* exponent of the first digit */
    size_t o = 0;
    if (X < -4 || X >= 17) {
        out[o++] = d[0];
        if (n > 1) {
            out[o++] = '.';
            memcpy(out + o, d + 1, (size_t)n - 1);
            o += (size_t)n - 1;
        }
        out[o++] = 'e';
        int x = X;
        out[o++] = x < 0 ? '-' : '+';
        if (x < 0)
            x = -x;
        if (x >= 100)
            out[o++] = (char)('0' + x / 100);
        out[o++] = (char)('0' + x / 10 % 10);
        out[o++] = (char)('0' + x % 10);
    } else if (X >= 0) {
        if (n <= X + 1) { /* integer: digits then zeros */
            memcpy(out + o, d, (size_t)n);
            o += (size_t)n;
            for (int i = n; i <= X; i++)
                out[o++] = '0';
        } else {
            memcpy(out + o, d, (size_t)X + 1);
            o += (size_t)X + 1;
            out[o++] = '.';
            memcpy(out + o, d + X + 1, (size_t)(n - X - 1));
            o += (size_t)(n - X - 1);
        }
    } else { /* 0.000ddd */
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -X - 1; i++)
            out[o++] = '0';
        memcpy(out + o, d, (size_t)n);
        o += (size_t)n;
    }
    out[o] = '\0';
    return o;
}

/* Grisu2's failure case, repaired.  When a short decimal D lies within a
 * unit of the 64-bit scaling error from a boundary of v's interval, the
 * shrunk interval excludes it and Grisu2 prints v's longer expansion, which
 * then reads as D followed by a run of zeros, or D - 1 followed by nines
 * ("4.8767399999999997e-05" for 4.87674e-05).  A run of at least two
 * zeros or nines at the end of the digits (but for the last one) marks
 * such a number (and 2% of all numbers, which costs one strtod each): D is tried and kept
 * when strtod gives back v.  The candidate is parsed as "DIGITSeEXP", which
 * needs no decimal mark and so no locale. */
static int shorten_run(double v, char *digits, int n, int *K)
{
    /* the run ends at the last digit or the one before (the last digit
     * is where the long expansion's noise shows) */
    const int r_end = digits[n - 1] == digits[n - 2] ? n - 1 : n - 2;
    const char c = digits[r_end];
    if (c != '0' && c != '9')
        return n;
    int p = r_end;
    while (p > 0 && digits[p - 1] == c)
        p--;
    if (r_end - p + 1 < 2)
        return n;
    char num[48];
    memcpy(num, digits, (size_t)p);
    int len = p, e = *K + (n - p);
    if (digits[p] == '9') { /* round the prefix up */
        int i = len - 1;
        while (i >= 0 && num[i] == '9')
            num[i--] = '0';
        if (i >= 0) {
            num[i]++;
        } else { /* 999... -> 1000... */
            memmove(num + 1, num, (size_t)len);
            num[0] = '1';
            len++;
        }
    }
    while (len > 1 && num[len - 1] == '0') {
        len--;
        e++;
    }
    if (len == 0)
        return n;
    snprintf(num + len, sizeof num - (size_t)len, "e%d", e);
    if (strtod(num, NULL) != v)
        return n;
    memcpy(digits, num, (size_t)len);
    *K = e;
    return len;
}

void mt_fmt_shortest(double x, char buf[MT_FMT_G17_MAX])
{
    size_t o = 0;
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    if (u >> 63) {
        buf[o++] = '-';
        u &= ~(UINT64_C(1) << 63);
        memcpy(&x, &u, sizeof u);
    }
    if (u == 0) { /* 0 and -0, as %g prints them */
        buf[o++] = '0';
        buf[o] = '\0';
        return;
    }
    char digits[24];
    int K = 0;
    int n = grisu2(x, digits, &K);
    if (n > 6)
        n = shorten_run(x, digits, n, &K);
    layout(digits, n, K, buf + o);
}
