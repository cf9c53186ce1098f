/* test_shortest.c - the shortest round-trip formatting of doubles
 * (src/present/fmt_shortest.c, used by mt_fmt_g17 for every number in the
 * CSV, JSON and figure data files).  The proof is strtod itself: every
 * printed number must read back as the identical double (bit for bit), for
 * random bit patterns (every exponent, subnormals, both signs) and random
 * short decimals.  `make check` runs 10^5 of each; `make check-fmt-long`
 * (MT_SHORTEST_ROUNDS=10000000) runs 10^7 of each (shortness on every 64th).  Shortness is checked against the
 * smallest printf precision %.{p}g that round-trips: never shorter (which
 * would be a bug), never longer by more than three digits, longer at all in
 * under 0.5% of random doubles (Grisu2's documented rate is about 0.1%;
 * measured 0.086%) and in under 0.01% of short decimals such as data
 * values (measured 0). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/fmt.h"

static uint64_t state_x = 0x9E3779B97F4A7C15u;

static uint64_t next_u64(void) /* splitmix64 */
{
    uint64_t z = (state_x += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Shortness costs up to 17 printf/strtod pairs: in the long run (10^7)
 * every 64th value is checked for it, every value for the round trip. */
static size_t shortness_every = 1, checked;

static size_t rounds(void)
{
    const char *s = getenv("MT_SHORTEST_ROUNDS");
    const size_t n = s && atol(s) > 0 ? (size_t)atol(s) : 100000;
    shortness_every = n > 100000 ? 64 : 1;
    return n;
}

static int sig_digits(const char *s) /* significant digits of a printed number */
{
    int n = 0, started = 0, trailing = 0;
    for (; *s && *s != 'e'; s++) {
        if (*s < '0' || *s > '9')
            continue;
        if (*s != '0')
            started = 1;
        if (started) {
            n++;
            trailing = *s == '0' ? trailing + 1 : 0;
        }
    }
    return n - trailing;
}

static int shortest_printf(double x) /* fewest %.{p}g digits that round-trip */
{
    char b[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(b, sizeof b, "%.*g", p, x);
        if (strtod(b, NULL) == x)
            return p;
    }
    return 17;
}

static void check_value(double x, size_t *longer)
{
    char b[MT_FMT_G17_MAX];
    mt_fmt_shortest(x, b);
    const double back = strtod(b, NULL);
    if (memcmp(&back, &x, sizeof x) != 0)
        fail_msg("%a printed as '%s' reads back as %a", x, b, back);
    if (checked++ % shortness_every != 0)
        return;
    const int got = sig_digits(b), want = shortest_printf(x);
    if ((x != 0.0 && got < want) || got > want + 3)
        fail_msg("%a printed as '%s' (%d digits), shortest has %d", x, b, got, want);
    if (got > want)
        (*longer)++;
    if (getenv("MT_SHORTEST_SHOW") && got > want)
        printf("longer: %s (%d digits, shortest %d)\n", b, got, want);
}

static void test_round_trip_bits(void **state)
{
    (void)state;
    const size_t N = rounds();
    size_t longer = 0, done = 0;
    while (done < N) {
        uint64_t u = next_u64();
        double x;
        memcpy(&x, &u, sizeof x);
        if (!isfinite(x))
            continue;
        check_value(x, &longer);
        done++;
    }
    const size_t M = (N + shortness_every - 1) / shortness_every; /* checked for shortness */
    printf("random bits: %zu round trips, %zu of %zu longer than the shortest\n", N, longer, M);
    assert_true(longer * 200 < M); /* under 0.5% longer (Grisu2: about 0.1%) */
}

static void test_round_trip_decimals(void **state)
{
    (void)state;
    const size_t N = rounds();
    size_t longer = 0;
    for (size_t i = 0; i < N; i++) {
        /* short decimals such as data values: m * 10^e, m up to 6 digits */
        const double m = (double)(next_u64() % 1000000);
        const int e = (int)(next_u64() % 40) - 20;
        char b[64];
        snprintf(b, sizeof b, "%.0fe%d", m, e);
        const double x = strtod(b, NULL);
        check_value(i % 2 ? -x : x, &longer);
    }
    const size_t M = (N + shortness_every - 1) / shortness_every;
    printf("short decimals: %zu round trips, %zu of %zu longer than the shortest\n", N, longer, M);
    assert_true(longer * 10000 < M); /* data values: shortest (shorten_run) */
}

static void test_layout(void **state)
{
    (void)state;
    /* the layout of %.17g, with only the digits needed */
    static const struct {
        double x;
        const char *s;
    } cases[] = {
        {0.1, "0.1"},         {-2.5e-300, "-2.5e-300"}, {-1.234e-5, "-1.234e-05"},
        {16945, "16945"},     {0.0, "0"},               {-0.0, "-0"},
        {1e16, "10000000000000000"}, {1e17, "1e+17"},   {123456789012345680.0, "1.2345678901234568e+17"},
        {0.0001, "0.0001"},   {0.00012, "0.00012"},     {1e-5, "1e-05"},
        {5e-324, "4.9406564584124654e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
        {2.0, "2"},           {1.5, "1.5"},             {100.25, "100.25"},
        {848.147748699737, "848.147748699737"},         {0.30000000000000004, "0.30000000000000004"},
    };
    char b[MT_FMT_G17_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mt_fmt_shortest(cases[i].x, b);
        if (strcmp(b, cases[i].s) != 0 &&
            !(cases[i].x == 5e-324 && strcmp(b, "5e-324") == 0))
            fail_msg("%.17g: got '%s', want '%s'", cases[i].x, b, cases[i].s);
    }
    mt_fmt_shortest(5e-324, b);
    assert_true(strtod(b, NULL) == 5e-324);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_round_trip_bits),
        cmocka_unit_test(test_round_trip_decimals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
