#!/bin/sh
# Results do not depend on the number of threads or on the run: the default
# monitor (--no-figures) with --jobs 1, --jobs 2 and --jobs 2 again must give
# byte-identical findings.txt, results.json, manifest.json and results/*.csv;
# so must a run that draws random numbers in every series (permutation test
# with early stop, bootstrap bands) on a small real tidy file.  Issue 7:
# "results byte-identical for any N (each series' random stream derived from
# the run seed and its id)".
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-jobs.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
same() { # DIR_A DIR_B
    for f in findings.txt results.json manifest.json; do
        [ -f "$1/$f" ] || { echo "missing $1/$f"; fail=1; continue; }
        cmp -s "$1/$f" "$2/$f" || { echo "differs: $f ($1 vs $2)"; diff "$1/$f" "$2/$f" | head -n 10; fail=1; }
    done
    n=0
    for f in "$1"/results/*.csv; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        b=$(basename "$f")
        cmp -s "$f" "$2/results/$b" || { echo "differs: results/$b ($1 vs $2)"; diff "$f" "$2/results/$b" | head -n 10; fail=1; }
    done
    [ "$n" -gt 0 ] || { echo "no results/*.csv in $1"; fail=1; }
    [ "$(ls "$1/results" | wc -l)" -eq "$(ls "$2/results" | wc -l)" ] || { echo "different results/ listings"; fail=1; }
}
for j in 1 2 2b; do
    "$MT" run models/ndm.ini -o "$T/ndm-$j" --no-figures -q --jobs "${j%b}" || { echo "run --jobs $j failed"; exit 1; }
done
same "$T/ndm-1" "$T/ndm-2"
same "$T/ndm-2" "$T/ndm-2b"
# Random streams: permutation tests with early stop and bootstrap bands.
for j in 1 2 2b; do
    "$MT" trend tests/fixtures/bench/cocaine-nl-be.csv -o "$T/rnd-$j" --no-figures -q --jobs "${j%b}" \
        --seed 7 --select permutation --permutations 199 --early-stop --bootstrap 20 \
        || { echo "trend --jobs $j failed"; exit 1; }
done
same "$T/rnd-1" "$T/rnd-2"
same "$T/rnd-2" "$T/rnd-2b"
# A different seed must change the bootstrap bands (else the test above proves nothing).
"$MT" trend tests/fixtures/bench/cocaine-nl-be.csv -o "$T/rnd-s8" --no-figures -q --jobs 2 \
    --seed 8 --select permutation --permutations 199 --early-stop --bootstrap 20 || exit 1
if cmp -s "$T/rnd-2/results/bands.csv" "$T/rnd-s8/results/bands.csv"; then
    echo "bands.csv identical for seeds 7 and 8: the bootstrap is not exercised"
    fail=1
fi
exit $fail
