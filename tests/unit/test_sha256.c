/* test_sha256.c - SHA-256 on the FIPS 180-2 example vectors (appendix B),
 * fed in every split, and on a real data file against sha256sum. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "monitrend/sha256.h"

static void test_fips_vectors(void **state)
{
    (void)state;
    char hex[MT_SHA256_HEX_SIZE];
    /* FIPS 180-2 B.1 and B.2 */
    mt_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *b2 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    mt_sha256_hex(b2, strlen(b2), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* the empty message (NIST example values) */
    mt_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /* B.3: one million 'a' */
    char *m = malloc(1000000);
    memset(m, 'a', 1000000);
    mt_sha256_hex(m, 1000000, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(m);
    /* B.2 fed in two chunks at every split point (padding crosses a block) */
    for (size_t cut = 0; cut <= strlen(b2); cut++) {
        mt_sha256_ctx c;
        unsigned char d[32];
        mt_sha256_init(&c);
        mt_sha256_update(&c, b2, cut);
        mt_sha256_update(&c, b2 + cut, strlen(b2) - cut);
        mt_sha256_final(&c, d);
        assert_int_equal(d[0], 0x24);
        assert_int_equal(d[31], 0xc1);
    }
}

static void test_file(void **state)
{
    (void)state;
    char hex[MT_SHA256_HEX_SIZE];
    mt_error err;
    /* `sha256sum tests/fixtures/output/amsterdam_cocaine.csv` (coreutils) */
    assert_int_equal(mt_sha256_file("tests/fixtures/output/amsterdam_cocaine.csv", hex, &err),
                     MT_OK);
    assert_string_equal(hex, "67e1dbe5a6686b1ca20e11b07cf9892f244a2a5469c0e47a80e000acfe8adce2");
    assert_int_equal(mt_sha256_file("tests/fixtures/output/none.csv", hex, &err), MT_EIO);
    assert_string_equal(err.msg, "tests/fixtures/output/none.csv: cannot open for checksum: "
                                 "No such file or directory");
    assert_string_equal(hex, "");
    /* a folder opens but cannot be read */
    assert_int_equal(mt_sha256_file("tests", hex, &err), MT_EIO);
    assert_string_equal(err.msg, "tests: read error: Is a directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_vectors),
        cmocka_unit_test(test_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
