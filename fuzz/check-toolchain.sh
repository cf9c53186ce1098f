#!/bin/sh
# Is clang with libFuzzer available?  Fuzzing is optional (scripts/deps.sh
# does not install it), so say exactly what to install when it is missing.
# Usage: fuzz/check-toolchain.sh [CC].  Exit 0 when usable, 1 otherwise.
CC=${1:-clang}
if ! command -v "$CC" >/dev/null 2>&1; then
    echo "fuzz: $CC not found; install clang (Debian/Ubuntu: apt-get install clang)" >&2
    exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mt-fuzzcheck.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
    > "$tmp/t.c"
if ! "$CC" -fsanitize=fuzzer,address,undefined -o "$tmp/t" "$tmp/t.c" >"$tmp/log" 2>&1; then
    echo "fuzz: $CC cannot link libFuzzer (-fsanitize=fuzzer):" >&2
    sed 's/^/    /' "$tmp/log" | head -n 5 >&2
    case "$CC" in
    *clang*)
        v=$("$CC" -dumpversion 2>/dev/null | cut -d. -f1)
        echo "fuzz: install the compiler runtime, e.g. apt-get install libclang-rt-${v:-N}-dev" \
             "(older releases: libclang-common-${v:-N}-dev)" >&2 ;;
    *)
        echo "fuzz: libFuzzer needs clang: make fuzz FUZZ_CC=clang (apt-get install clang)" >&2 ;;
    esac
    exit 1
fi
exit 0
