#!/bin/sh
# Documented caps (issue 8 "Limits", docs/hardening.md): options beyond the CLI
# caps and inputs beyond the data caps exit 2 with the exact message and write
# nothing.  Inputs are generated here (awk only); the file-size cap uses a sparse
# file, so no 256 MiB is written.
set -u
MT=${MT:-build/monitrend}
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-limits.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
failed=0

# expect NAME WANT_FIRST_STDERR_LINE CMD...: exit 2, exact first line of stderr, no output folder
expect() {
    name=$1
    want=$2
    shift 2
    "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    rc=$?
    got=$(head -n 1 "$TMP/err")
    if [ "$rc" -ne 2 ]; then
        echo "FAIL $name: exit $rc, expected 2"; failed=1
    elif [ "$got" != "$want" ]; then
        echo "FAIL $name: message"; echo "  want: $want"; echo "  got:  $got"; failed=1
    elif [ -e "$TMP/ed" ]; then
        echo "FAIL $name: wrote $TMP/ed"; failed=1
    else
        echo "ok   $name"
    fi
    rm -rf "$TMP/ed"
}

printf 'indicator,period,value\nx,2020,1\nx,2021,2\nx,2022,3\n' >"$TMP/small.csv"

expect permutations-cap "monitrend: --permutations expects an integer from 1 to 1000000, got '1000001'" \
    "$MT" trend --permutations 1000001 -o "$TMP/ed" "$TMP/small.csv"
expect permutations-cap-run "monitrend: --permutations expects an integer from 1 to 1000000, got '1e9'" \
    "$MT" run --permutations 1e9 -o "$TMP/ed" models/ndm.ini
expect bootstrap-cap "monitrend: --bootstrap expects an integer from 0 to 100000, got '100001'" \
    "$MT" run --bootstrap 100001 -o "$TMP/ed" models/ndm.ini
expect bootstrap-negative "monitrend: --bootstrap expects an integer from 0 to 100000, got '-1'" \
    "$MT" trend --bootstrap -1 -o "$TMP/ed" "$TMP/small.csv"

# data caps: periods per series (100001 distinct days), series (100001), file size (sparse)
awk 'BEGIN { print "indicator,period,value";
             for (i = 0; i < 100001; i++)
                 printf "x,%04d-%02d-%02d,1\n", 2000 + int(i / 336), int((i % 336) / 28) + 1, i % 28 + 1 }' \
    >"$TMP/periods.csv"
expect periods-cap "monitrend: series 'x': more than the limit of 100000 periods" \
    "$MT" trend -o "$TMP/ed" "$TMP/periods.csv"
awk 'BEGIN { print "indicator,market,period,value"; for (i = 0; i < 100001; i++) printf "x,m%d,2020,1\n", i }' \
    >"$TMP/series.csv"
expect series-cap "monitrend: more than the limit of 100000 series" \
    "$MT" trend -o "$TMP/ed" "$TMP/series.csv"
: >"$TMP/big.csv"
if truncate -s 300M "$TMP/big.csv" 2>/dev/null; then
    expect file-size-cap "monitrend: $TMP/big.csv: file larger than the limit of 268435456 bytes" \
        "$MT" trend -o "$TMP/ed" "$TMP/big.csv"
fi

exit $failed
