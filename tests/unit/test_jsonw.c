/* test_jsonw.c - the JSON writer's exact output (layout of `jq .`), string
 * escaping, NaN as null, misuse and write errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitrend/jsonw.h"

static char *capture(void (*fill)(mt_jsonw *), mt_status *st, mt_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mt_jsonw w;
    mt_jsonw_init(&w, f);
    fill(&w);
    *st = mt_jsonw_finish(&w, "results.json", err);
    fclose(f);
    return buf;
}

static void doc(mt_jsonw *w)
{
    mt_jsonw_object_begin(w);
    mt_jsonw_key(w, "monitrend");
    mt_jsonw_string(w, "0.1");
    mt_jsonw_key(w, "apc");
    mt_jsonw_number(w, 0.1);
    mt_jsonw_key(w, "missing");
    mt_jsonw_number(w, NAN);
    mt_jsonw_key(w, "inf");
    mt_jsonw_number(w, -INFINITY);
    mt_jsonw_key(w, "n");
    mt_jsonw_integer(w, -16945);
    mt_jsonw_key(w, "ok");
    mt_jsonw_bool(w, 1);
    mt_jsonw_key(w, "none");
    mt_jsonw_string(w, NULL);
    mt_jsonw_key(w, "text");
    mt_jsonw_string(w, "a\"b\\c\n\t\r\b\f\x01\x1f\x7f coca\xc3\xafne bad\xff");
    mt_jsonw_key(w, "empty");
    mt_jsonw_array_begin(w);
    mt_jsonw_array_end(w);
    mt_jsonw_key(w, "list");
    mt_jsonw_array_begin(w);
    mt_jsonw_number(w, 848.147748699737);
    mt_jsonw_object_begin(w);
    mt_jsonw_object_end(w);
    mt_jsonw_null(w);
    mt_jsonw_array_end(w);
    mt_jsonw_object_end(w);
}

static void test_document(void **state)
{
    (void)state;
    mt_status st;
    mt_error err;
    char *out = capture(doc, &st, &err);
    assert_int_equal(st, MT_OK);
    /* hand-written expectation (the %.17g digits from Python's "%.17g" % x);
     * \u007f is escaped although JSON allows it
     * raw, so that no DEL byte reaches a terminal. */
    assert_string_equal(out,
                        "{\n"
                        "  \"monitrend\": \"0.1\",\n"
                        "  \"apc\": 0.1,\n"
                        "  \"missing\": null,\n"
                        "  \"inf\": null,\n"
                        "  \"n\": -16945,\n"
                        "  \"ok\": true,\n"
                        "  \"none\": null,\n"
                        "  \"text\": \"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f\\u007f "
                        "coca\xc3\xafne bad\\ufffd\",\n"
                        "  \"empty\": [],\n"
                        "  \"list\": [\n"
                        "    848.147748699737,\n"
                        "    {},\n"
                        "    null\n"
                        "  ]\n"
                        "}\n");
    free(out);
}

static void no_key(mt_jsonw *w)
{
    mt_jsonw_object_begin(w);
    mt_jsonw_number(w, 1);
    mt_jsonw_object_end(w);
}
static void key_outside(mt_jsonw *w)
{
    mt_jsonw_array_begin(w);
    mt_jsonw_key(w, "k");
}
static void unclosed(mt_jsonw *w)
{
    mt_jsonw_array_begin(w);
}
static void two_values(mt_jsonw *w)
{
    mt_jsonw_null(w);
    mt_jsonw_null(w);
}
static void mismatched(mt_jsonw *w)
{
    mt_jsonw_array_begin(w);
    mt_jsonw_object_end(w);
}
static void dangling_key(mt_jsonw *w)
{
    mt_jsonw_object_begin(w);
    mt_jsonw_key(w, "k");
    mt_jsonw_object_end(w);
}
static void too_deep(mt_jsonw *w)
{
    for (int i = 0; i <= MT_JSONW_DEPTH_MAX; i++)
        mt_jsonw_array_begin(w);
}
static void nothing(mt_jsonw *w)
{
    (void)w;
}

static void test_misuse(void **state)
{
    (void)state;
    struct {
        void (*fill)(mt_jsonw *);
        mt_status st;
        const char *msg;
    } c[] = {
        {no_key, MT_EINVAL, "results.json: JSON writer misuse: a value inside an object without a key"},
        {key_outside, MT_EINVAL, "results.json: JSON writer misuse: a key outside an object"},
        {unclosed, MT_EINVAL, "results.json: JSON writer misuse: an unclosed object or array"},
        {two_values, MT_EINVAL, "results.json: JSON writer misuse: a second top-level value"},
        {mismatched, MT_EINVAL, "results.json: JSON writer misuse: object end without a matching begin"},
        {dangling_key, MT_EINVAL, "results.json: JSON writer misuse: a key without a value"},
        {too_deep, MT_ELIMIT, "results.json: JSON writer misuse: nesting deeper than MT_JSONW_DEPTH_MAX"},
        {nothing, MT_EINVAL, "results.json: JSON writer misuse: no value written"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        mt_status st;
        mt_error err;
        char *out = capture(c[i].fill, &st, &err);
        assert_int_equal(st, c[i].st);
        assert_string_equal(err.msg, c[i].msg);
        free(out);
    }
}

static void test_full_disk(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    assert_non_null(f);
    mt_jsonw w;
    mt_jsonw_init(&w, f);
    doc(&w);
    mt_error err;
    assert_int_equal(mt_jsonw_finish(&w, "manifest.json", &err), MT_EIO);
    assert_string_equal(err.msg, "manifest.json: write error: No space left on device");
    fclose(f);
    mt_jsonw_init(&w, NULL);
    assert_int_equal(mt_jsonw_null(&w), MT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_full_disk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
