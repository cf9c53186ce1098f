#!/bin/sh
# End-to-end runs under valgrind memcheck (issue 8, `make check-valgrind`):
# the default edition without figures, once with figures (gnuplot children are
# not traced: --trace-children=no), and `monitrend trend` on a small fixture,
# printed and written.  Any memcheck error or a definite/indirect leak fails
# (--error-exitcode); so does an exit status other than the expected one.
# Usage: tests/valgrind.sh [BUILD_DIR].  Last line: "N passed, N failed".
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MT="$ROOT/$BUILD/monitrend"
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind not found (Debian/Ubuntu: apt-get install valgrind)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-valgrind.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
export LC_ALL=C
pass=0
fail=0
n=0

# vg NAME EXPECTED_STATUS CMD...: one run under memcheck.
vg() {
    name=$1
    want=$2
    shift 2
    n=$((n + 1))
    log="$TMP/vg$n.log"
    valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --error-exitcode=99 --trace-children=no \
        --log-file="$log" "$@" >"$TMP/out$n" 2>&1
    rc=$?
    if [ "$rc" -eq "$want" ] && [ ! -s "$log" ]; then
        pass=$((pass + 1))
        echo "ok   valgrind $name"
    else
        fail=$((fail + 1))
        echo "FAIL valgrind $name (exit $rc, expected $want)"
        sed 's/^/    /' "$log" | head -n 60
        tail -n 5 "$TMP/out$n" | sed 's/^/    out: /'
    fi
}

vg run-no-figures 0 "$MT" run models/ndm.ini -o "$TMP/ndm" --no-figures --jobs 2 -q
if command -v gnuplot >/dev/null 2>&1; then
    vg run-figures 0 "$MT" run models/ndm.ini -o "$TMP/ndm-fig" --format svg --jobs 2 -q
else
    echo "skip valgrind run-figures: gnuplot not installed"
fi
vg trend-print 0 "$MT" trend tests/fixtures/intake/tidy.csv
# 14 years of real wastewater data as a tidy file: joinpoints, breaks, bands
{
    echo "indicator,market,region,period,value"
    sed -n 's/^\([0-9][0-9]*\),\(.*\)$/wastewater,cocaine,Amsterdam,\1,\2/p' \
        tests/fixtures/output/amsterdam_cocaine.csv
} >"$TMP/ams.csv"
vg trend-write 0 "$MT" trend "$TMP/ams.csv" -o "$TMP/ams" --no-figures --bootstrap 200 \
    --permutations 199 --select permutation
# error paths free what they allocated too
vg run-bad-model 2 "$MT" run tests/bad/model-derived-cycle/m.ini -o "$TMP/bad"
vg trend-bad-csv 2 "$MT" trend tests/bad/ragged-long/data.csv

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
