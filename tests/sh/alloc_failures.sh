#!/bin/sh
# Issue 13, defect 10: every allocation failure is an error, never a crash.
# The injector build/tests/failmalloc.so (tests/tools/failmalloc.c, loaded
# with LD_PRELOAD) fails the Nth malloc/calloc/realloc of a process; N is
# looped over
#   - unit tests of the numerical kernels: no test may die of a signal
#     (cmocka reports a caught SIGSEGV as "Test failed with exception");
#     a failed assertion is expected (the test wanted MT_OK) and fine;
#     exit 255 at the first calls is cmocka failing its own set-up;
#   - `trend` on the bundled example (table to stdout) and `run` of the
#     default monitor without figures: each run either succeeds with output
#     byte-identical to the run without injection, or exits 1 or 2 with
#     exactly one line "monitrend: ..." on stderr and (for `run`) leaves no
#     temporary folder and the previous edition intact.
# By default a spread of N over each program's whole count of calls (the
# first 20 all, then 10 evenly spaced up to the last); MT_FAILMALLOC_FULL=1
# loops over every N (minutes).  The GSL crash of issue 13 (an unchecked
# allocation inside gsl_multifit_wlinear_tsvd) was at N = 1438 of `trend`.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
# A sanitizer build brings its own allocator, which must come first: an
# LD_PRELOAD injector cannot stand in front of it.  The injector runs on the
# plain build (the first pass of .ci/run); here it says so and passes.
if readelf -d "$MT" 2>/dev/null | grep -q 'libasan'; then
    echo "alloc_failures: sanitizer build, skipped (the injector runs on the plain build)"
    exit 0
fi
FM="$(dirname "$MT")/tests/failmalloc.so"
[ -f "$FM" ] || { echo "no $FM: run make tests"; exit 1; }
case "$FM" in /*) ;; *) FM="$PWD/$FM" ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-oom.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
BUILD=$(dirname "$MT")
count() { # COMMAND... -> number of allocation calls of a clean run
    rm -f "$T/count"
    MT_FAILMALLOC_COUNT="$T/count" LD_PRELOAD="$FM" "$@" >/dev/null 2>&1
    cat "$T/count" 2>/dev/null || echo 0
}
plan() { # TOTAL -> the Ns to try
    if [ "${MT_FAILMALLOC_FULL:-0}" = 1 ]; then seq 1 "$1"; return; fi
    awk -v t="$1" 'BEGIN { for (n = 1; n <= 20 && n <= t; n++) print n;
                           if (t > 20) for (i = 1; i <= 10; i++) print 20 + int((t - 20) * i / 10) }'
}
inject() { # N COMMAND...
    n=$1
    shift
    MT_FAILMALLOC=$n LD_PRELOAD="$FM" "$@"
}

# unit tests
for t in test_trend test_bands test_anomaly test_mannkendall test_change test_events test_breaks; do
    total=$(count "$BUILD/tests/$t")
    runs=0
    for n in $(plan "$total"); do
        inject "$n" "$BUILD/tests/$t" >"$T/out" 2>&1
        rc=$?
        runs=$((runs + 1))
        if grep -q "exception" "$T/out" || { [ $rc -ge 128 ] && [ $rc -ne 255 ]; }; then
            echo "$t: crash at N=$n (exit $rc): $(grep -m1 exception "$T/out")"; fail=1
        fi
    done
    echo "$t: $runs runs over $total allocations"
done

# trend, table on stdout
CSV=data/example/cocaine-nl-be.csv
"$MT" trend "$CSV" >"$T/ref.txt" 2>"$T/ref.err" || { echo "trend reference failed"; fail=1; }
total=$(count "$MT" trend "$CSV")
runs=0
for n in $(plan "$total") 1438; do
    inject "$n" "$MT" trend "$CSV" >"$T/out" 2>"$T/err"
    rc=$?
    runs=$((runs + 1))
    case $rc in
    0) cmp -s "$T/out" "$T/ref.txt" || { echo "trend N=$n: exit 0 with different output"; diff "$T/ref.txt" "$T/out" | head -4; fail=1; } ;;
    1|2) if [ "$(wc -l < "$T/err")" -ne 1 ] || ! grep -q "^monitrend: " "$T/err"; then
             echo "trend N=$n: exit $rc without one message line: $(head -c 300 "$T/err")"; fail=1
         fi ;;
    *) echo "trend N=$n: exit $rc (crash): $(head -c 300 "$T/err")"; fail=1 ;;
    esac
done
echo "trend: $runs runs over $total allocations"

# An edition under allocation failure: NAME DIR COMMAND... (COMMAND writes the
# edition DIR, -q).  At every N the run either succeeds with the same findings
# and results.json, or exits 1/2 with one message line and leaves the previous
# edition as it was and no temporary folder.
edition_sweep() {
    name=$1
    dir=$2
    shift 2
    "$@" >/dev/null 2>&1 || { echo "$name reference failed"; fail=1; }
    cp "$dir/findings.txt" "$T/ref-$name-findings.txt"
    cp "$dir/results.json" "$T/ref-$name-results.json"
    total=$(count "$@")
    runs=0
    for n in $(plan "$total"); do
        inject "$n" "$@" >/dev/null 2>"$T/err"
        rc=$?
        runs=$((runs + 1))
        case $rc in
        0) ;;
        1|2) if [ "$(wc -l < "$T/err")" -ne 1 ] || ! grep -q "^monitrend: " "$T/err"; then
                 echo "$name N=$n: exit $rc without one message line: $(head -c 300 "$T/err")"; fail=1
             fi ;;
        *) echo "$name N=$n: exit $rc (crash): $(head -c 300 "$T/err")"; fail=1 ;;
        esac
        cmp -s "$dir/findings.txt" "$T/ref-$name-findings.txt" &&
            cmp -s "$dir/results.json" "$T/ref-$name-results.json" ||
            { echo "$name N=$n: edition differs (exit $rc)"; fail=1; }
        if ls -d "$dir".tmp-* >/dev/null 2>&1; then echo "$name N=$n: temporary folder left"; fail=1; rm -rf "$dir".tmp-*; fi
    done
    echo "$name: $runs runs over $total allocations"
}

# run of the default monitor, no figures
edition_sweep run "$T/ed" "$MT" run models/ndm.ini -o "$T/ed" -q --no-figures

# trend -o without figures on a file in order: read, analysed and written one
# series at a time (series stream, results dropped once written)
mkdir -p "$T/in"
head -n 1 "$CSV" > "$T/in/sorted.csv"
tail -n +2 "$CSV" | LC_ALL=C sort -s -t, -k1,1 -k4,4 -k5,5 >> "$T/in/sorted.csv"
"$MT" trend "$T/in/sorted.csv" -o "$T/st-v" --no-figures -v 2>&1 | grep -q 'read one at a time' ||
    { echo "the sorted file is not read one series at a time: this block tests nothing"; fail=1; }
edition_sweep streamed-trend "$T/st" "$MT" trend "$T/in/sorted.csv" -o "$T/st" -q --no-figures
exit $fail
