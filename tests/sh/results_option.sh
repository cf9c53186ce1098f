#!/bin/sh
# --results csv,json (issue 15): either result file set may be left out, and
# what is written is byte-identical to the same file of a default run (which
# writes both).  The manifest lists only the files written.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-results.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
for r in csv,json csv json; do
    "$MT" run models/ndm.ini -o "$T/$r" --no-figures -q --results "$r" || { echo "run --results $r failed"; exit 1; }
done
[ -f "$T/csv,json/results.json" ] && [ -f "$T/csv,json/results/bands.csv" ] || { echo "default run lacks a result file"; fail=1; }
[ ! -e "$T/csv/results.json" ] || { echo "--results csv wrote results.json"; fail=1; }
[ ! -e "$T/json/results" ] || { echo "--results json wrote results/"; fail=1; }
cmp -s "$T/csv,json/results.json" "$T/json/results.json" || { echo "results.json differs with --results json"; fail=1; }
n=0
for f in "$T/csv,json"/results/*.csv; do
    n=$((n + 1))
    cmp -s "$f" "$T/csv/results/$(basename "$f")" || { echo "$(basename "$f") differs with --results csv"; fail=1; }
done
[ "$n" -ge 8 ] || { echo "only $n CSV tables"; fail=1; }
cmp -s "$T/csv,json/findings.txt" "$T/json/findings.txt" || { echo "findings.txt depends on --results"; fail=1; }
if grep -q 'results.json' "$T/csv/manifest.json"; then echo "manifest of --results csv names results.json"; fail=1; fi
# bad lists are usage errors (exit 2)
"$MT" run models/ndm.ini -o "$T/bad" --no-figures -q --results csv,xml 2> "$T/err"
st=$?
[ "$st" -eq 2 ] || { echo "--results csv,xml: status $st, expected 2"; fail=1; }
grep -q "^monitrend: --results expects a comma list of csv, json, got 'csv,xml'" "$T/err" || { echo "bad message:"; cat "$T/err"; fail=1; }
exit $fail
