/* test_text.c - the text rules of text.h (issue 13, defects 7 and 8):
 * UTF-8 checks with the offending byte's offset, latin1/cp1252 transcoding
 * against Python's codecs (tests/reference/text/text_ref.txt, made by
 * text_ref.py beside it), and one-line messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/status.h"
#include "monitrend/text.h"

static void expect_bad(const char *s, size_t n, size_t off, const char *why)
{
    size_t at = 999;
    char buf[80];
    const char *r = mt_text_check(s, n, &at, buf, sizeof buf);
    assert_non_null(r);
    assert_string_equal(r, why);
    assert_int_equal(at, off);
}

static void test_check(void **state)
{
    (void)state;
    size_t at;
    char why[80];
    const char *ok = "coca\xc3\xafne \xe2\x82\xac 5 \xf0\x9f\x92\x8a";
    assert_null(mt_text_check(ok, strlen(ok), &at, why, sizeof why));
    expect_bad("caf\xe9", 4, 3, "invalid UTF-8 (byte 0xE9)");
    expect_bad("a\xc0\xaf", 3, 1, "invalid UTF-8 (byte 0xC0)");        /* overlong '/' */
    expect_bad("a\xed\xa0\x80", 4, 1, "invalid UTF-8 (byte 0xED)");    /* surrogate */
    expect_bad("a\xf4\x90\x80\x80", 5, 1, "invalid UTF-8 (byte 0xF4)"); /* > U+10FFFF */
    expect_bad("ab\xe2\x82", 4, 2, "invalid UTF-8 (byte 0xE2)");       /* cut short */
    expect_bad("a\x1b[31m", 6, 1, "control character U+001B");
    expect_bad("a\tb", 3, 1, "control character U+0009");
    expect_bad("two\nlines", 9, 3, "control character U+000A");
    expect_bad("x\x7f", 2, 1, "control character U+007F");
    expect_bad("x\xc2\x85", 3, 1, "control character U+0085");
    expect_bad("x\xef\xbf\xbe", 4, 1, "non-character U+FFFE");
    expect_bad("x\xef\xbf\xbf", 4, 1, "non-character U+FFFF");
    expect_bad("x\xef\xb7\x90", 4, 1, "non-character U+FDD0");
    expect_bad("x\xf0\x9f\xbf\xbe", 5, 1, "non-character U+1FFFE");
}

static void hex(const char *s, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", (unsigned char)s[i]);
    out[2 * n] = '\0';
}

static void test_transcode_against_python(void **state)
{
    (void)state;
    FILE *f = fopen("tests/reference/text/text_ref.txt", "r");
    assert_non_null(f);
    unsigned b;
    char l1[16], cp[16];
    int n = 0;
    while (fscanf(f, "%x %15s %15s", &b, l1, cp) == 3) {
        char in = (char)b, out[8], h[20];
        size_t k = mt_text_transcode(MT_ENC_LATIN1, &in, 1, out);
        hex(out, k, h);
        assert_string_equal(h, l1);
        k = mt_text_transcode(MT_ENC_CP1252, &in, 1, out);
        hex(out, k, h);
        if (strcmp(cp, "undefined") == 0) {
            /* the C1 control of the same number, which the check refuses */
            assert_string_equal(h, l1);
            size_t at;
            char why[80];
            assert_non_null(mt_text_check(out, k, &at, why, sizeof why));
        } else {
            assert_string_equal(h, cp);
        }
        n++;
    }
    fclose(f);
    assert_int_equal(n, 256);
    /* a whole string: "café €5" in cp1252 */
    char out[64];
    size_t k = mt_text_transcode(MT_ENC_CP1252, "caf\xe9 \x80" "5", 7, out);
    out[k] = '\0';
    assert_string_equal(out, "caf\xc3\xa9 \xe2\x82\xac" "5");
}

static void test_one_line(void **state)
{
    (void)state;
    char out[64];
    mt_text_one_line("a\nb\tc\x1b[1md\xe9" "e", out, sizeof out);
    assert_string_equal(out, "a\\nb\\tc\\x1B[1md\\xE9e");
    mt_text_one_line("x\xef\xbf\xbey", out, sizeof out);
    assert_string_equal(out, "x\\xEF\\xBF\\xBEy");
    mt_text_one_line("coca\xc3\xafne", out, sizeof out);
    assert_string_equal(out, "coca\xc3\xafne");
    /* cut at a character boundary */
    mt_text_one_line("ab\xc3\xaf", out, 4);
    assert_string_equal(out, "ab");
    /* every error message goes through it */
    mt_error err;
    mt_error_set(&err, MT_EPARSE, "field 'two\nlines'");
    assert_string_equal(err.msg, "field 'two\\nlines'");
    assert_null(strchr(err.msg, '\n'));
    mt_error_at(&err, MT_EPARSE, "f.csv", 3, 2, "got '%s'", "a\rb");
    assert_string_equal(err.msg, "f.csv:3:2: got 'a\\rb'");
}

/* The one decoder (RFC 3629, table 3-7 of the Unicode standard): lengths,
 * code points and the ill-formed sequences. */
static void test_utf8_decode(void **state)
{
    (void)state;
    const unsigned char *u = (const unsigned char *)"\xc3\xaf\xe2\x82\xac\xf0\x9f\x98\x80";
    assert_int_equal(mt_text_utf8_decode(u, 9, NULL), 2);      /* U+00EF */
    assert_int_equal(mt_text_utf8_decode(u + 2, 7, NULL), 3);  /* U+20AC */
    assert_int_equal(mt_text_utf8_decode(u + 5, 4, NULL), 4);  /* U+1F600 */
    assert_int_equal(mt_text_utf8_decode(u + 5, 3, NULL), 0);  /* truncated */
    assert_int_equal(mt_text_utf8_decode((const unsigned char *)"\xc0\xaf", 2, NULL), 0); /* overlong */
    assert_int_equal(mt_text_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, NULL), 0); /* surrogate */
    assert_int_equal(mt_text_utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, NULL), 0);
    assert_int_equal(mt_text_utf8_decode((const unsigned char *)"\x80", 1, NULL), 0);
    assert_int_equal(mt_text_utf8_decode((const unsigned char *)"a", 1, NULL), 1);
    assert_int_equal(mt_text_utf8_decode((const unsigned char *)"", 0, NULL), 0);
    unsigned cp = 0;
    assert_int_equal(mt_text_utf8_decode(u + 5, 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(mt_text_utf8_decode(u + 2, 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(mt_text_utf8_decode((const unsigned char *)"\xf4\x8f\xbf\xbf", 4, &cp), 4);
    assert_int_equal(cp, 0x10FFFF); /* the last code point */
    assert_int_equal(mt_text_utf8_decode((const unsigned char *)"\xe0\x9f\xbf", 3, NULL), 0); /* overlong */
    assert_int_equal(mt_text_utf8_decode((const unsigned char *)"\xc3\x28", 2, NULL), 0); /* bad continuation */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_transcode_against_python),
        cmocka_unit_test(test_one_line),
        cmocka_unit_test(test_utf8_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
