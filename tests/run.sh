#!/bin/sh
# Run every test: cmocka unit binaries, CLI golden cases, shell scenario tests.
# Usage: tests/run.sh BUILD_DIR.  Last line: "N passed, N failed"; exit 1 on any failure.
#
# Golden case layout (tests/cli/<case>/):
#   cmd              one shell line, run from the repository root; $MT is the binary
#   stdout, stderr   expected output, compared byte for byte (missing file = not checked)
#   status           expected exit status (default 0)
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MT="$ROOT/$BUILD/monitrend"
export MT BUILD ROOT LC_ALL=C
pass=0
fail=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-tests.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    out="$TMP/unit.out"
    "$t" >"$out" 2>&1
    rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    pass=$((pass + p))
    fail=$((fail + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL unit $(basename "$t")"
        sed 's/^/    /' "$out" | grep -v '^\s*\[ *\(RUN\|OK\) *\]' | head -n 40
    else
        echo "ok   unit $(basename "$t") ($p)"
    fi
done

for d in tests/cli/*/; do
    [ -f "$d/cmd" ] || continue
    name=$(basename "$d")
    want_status=0
    [ -f "$d/status" ] && want_status=$(cat "$d/status")
    sh -c "$(cat "$d/cmd")" >"$TMP/stdout" 2>"$TMP/stderr" </dev/null
    got=$?
    ok=1
    why=""
    if [ "$got" -ne "$want_status" ]; then ok=0; why="exit $got, expected $want_status"; fi
    if [ -f "$d/stdout" ] && ! cmp -s "$d/stdout" "$TMP/stdout"; then
        ok=0; why="$why stdout differs"; diff "$d/stdout" "$TMP/stdout" | head -n 20 > "$TMP/diff.out"
    fi
    if [ -f "$d/stderr" ] && ! cmp -s "$d/stderr" "$TMP/stderr"; then
        ok=0; why="$why stderr differs"; diff "$d/stderr" "$TMP/stderr" | head -n 20 >> "$TMP/diff.out"
    fi
    if [ $ok -eq 1 ]; then
        pass=$((pass + 1)); echo "ok   cli  $name"
    else
        fail=$((fail + 1)); echo "FAIL cli  $name: $why"
        [ -f "$TMP/diff.out" ] && sed 's/^/    /' "$TMP/diff.out"
        rm -f "$TMP/diff.out"
    fi
done

for s in tests/sh/*.sh; do
    [ -f "$s" ] || continue
    name=$(basename "$s" .sh)
    if sh "$s" >"$TMP/sh.out" 2>&1 </dev/null; then
        pass=$((pass + 1)); echo "ok   sh   $name"
    else
        fail=$((fail + 1)); echo "FAIL sh   $name"; sed 's/^/    /' "$TMP/sh.out" | tail -n 30
    fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
