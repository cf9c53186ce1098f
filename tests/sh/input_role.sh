#!/bin/sh
# `role = input` (issue 12): an indicator declared as an input only (a denominator) is
# read and used by derived series, and reported nowhere: not in results/*.csv,
# results.json, findings.txt or the figures.  tests/fixtures/cli/input-role.ini declares
# the wastewater indicator of cocaine.csv as input; its derived series
# consumption/cocaine/Utrecht = wastewater/cocaine/Utrecht x 2.33 must be there, with
# values recomputed here by awk from cocaine.csv (the independent reference).
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-input.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$MT" run tests/fixtures/cli/input-role.ini -o "$TMP/e" --format svg -q 2>"$TMP/err" ||
    { fail "run failed: $(cat "$TMP/err")"; exit 1; }
grep -rq 'wastewater' "$TMP/e/results" "$TMP/e/results.json" &&
    fail "an input-only series is reported in results"
grep -qi 'residues' "$TMP/e/findings.txt" && fail "findings name the input-only indicator"
ls "$TMP/e/figures" | grep -q '^wastewater' && fail "an input-only series has a figure"
grep -l 'residues' "$TMP/e/figures"/*.gp >/dev/null 2>&1 && fail "a figure names the input-only indicator"

# the derived series, by header name: observed = 2.33 x the input
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
         $col["series"] == "consumption/cocaine/Utrecht" { print $col["period"], $col["observed"] }' \
    "$TMP/e/results/bands.csv" >"$TMP/got"
awk -F, '$1 == "wastewater" && $3 == "Utrecht" && $5 != "" { printf "%s %.4f\n", $4, $5 * 2.33 }' \
    tests/fixtures/cli/cocaine.csv >"$TMP/want"
[ -s "$TMP/want" ] || fail "no reference rows"
awk 'NR == FNR { want[$1] = $2; next } { if (!($1 in want) || ($2 - want[$1]) ^ 2 > 1e-8) bad++ ; n++ }
     END { exit !(n > 0 && bad == 0 && n == length(want)) }' "$TMP/want" "$TMP/got" ||
    { fail "derived values differ from 2.33 x input"; paste "$TMP/want" "$TMP/got" | head; }

[ $fails -eq 0 ] && echo "input role: ok"
exit $((fails > 0))
