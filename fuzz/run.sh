#!/bin/sh
# Run each fuzz target for SECONDS on its committed seed corpus (fuzz/corpus/NAME),
# with a scratch corpus under BUILD/corpus/NAME so that the committed one stays small.
# A crash, leak, sanitizer report or timeout fails the run; the reproducer is left
# as BUILD/crash-NAME-* (libFuzzer's artifact) and named in the output.
# Usage: fuzz/run.sh BUILD SECONDS TARGET...   Last line: "N passed, N failed".
set -u
BUILD=$1
SECS=$2
shift 2
pass=0
fail=0
for t in "$@"; do
    bin="$BUILD/fuzz_$t"
    seeds="fuzz/corpus/$t"
    work="$BUILD/corpus/$t"
    log="$BUILD/fuzz_$t.log"
    mkdir -p "$work"
    dict=""
    [ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
    # -timeout: an input that takes over 30 s is a hang (generous: a loaded CI machine once
    # made a 0.2 s model input exceed 10 s); -rss_limit_mb bounds memory.
    if "$bin" -max_total_time="$SECS" -timeout=30 -rss_limit_mb=2048 -max_len=65536 \
            -print_final_stats=1 -artifact_prefix="$BUILD/crash-$t-" $dict \
            "$work" "$seeds" >"$log" 2>&1; then
        pass=$((pass + 1))
        echo "ok   fuzz $t: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)"
    else
        fail=$((fail + 1))
        echo "FAIL fuzz $t (log $log)"
        grep -E 'ERROR|SUMMARY|Test unit written|abort|runtime error' "$log" | head -n 20 | sed 's/^/    /'
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
