/* test_strlist.c - string lists (strlist.h): the tokenizer shared by comma
 * lists and flag lists, and mt_strlist_split on top of it.  Expected items
 * by hand from the rule: split at sep, trim spaces and tabs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "monitrend/strlist.h"

static void test_token(void **state)
{
    (void)state;
    const char *p = " provisional |\testimate||lod ", *a, *b;
    const char *want[4] = {"provisional", "estimate", "", "lod"};
    for (int i = 0; i < 4; i++) {
        assert_true(mt_strlist_token(&p, '|', &a, &b));
        assert_int_equal((size_t)(b - a), strlen(want[i]));
        assert_memory_equal(a, want[i], strlen(want[i]));
    }
    assert_false(mt_strlist_token(&p, '|', &a, &b));
    p = "";
    assert_false(mt_strlist_token(&p, ',', &a, &b));
    p = "x,"; /* a trailing separator ends the list: no empty last item */
    assert_true(mt_strlist_token(&p, ',', &a, &b));
    assert_false(mt_strlist_token(&p, ',', &a, &b));
}

static void test_split(void **state)
{
    (void)state;
    mt_strlist l;
    mt_strlist_init(&l);
    assert_int_equal(mt_strlist_split(&l, "svg, png ,,\tpdf\t, "), MT_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.item[0], "svg");
    assert_string_equal(l.item[1], "png");
    assert_string_equal(l.item[2], "pdf");
    assert_int_equal(mt_strlist_find(&l, "pdf"), 2);
    assert_int_equal(mt_strlist_find(&l, "eps"), (size_t)-1);
    mt_strlist_clear(&l);
    assert_int_equal(l.n, 0);
    mt_strlist_clear(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token),
        cmocka_unit_test(test_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
