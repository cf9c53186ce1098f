#!/bin/sh
# Issue 11 item 5: a `break` flag in the data names its own period everywhere.
# data/example/cocaine-nl-be.csv flags 2010 as `break` in both series (UNODC changed its
# cocaine category in 2010, see the row's note); the trend command has no model event, so
# the break comes from the flag alone.  Expected: events.csv `period` 2010 (looked up by
# header name), the findings name 2010, and the figure draws the marker half a period before
# 2010 (the last period under the old definition is 2009) and labels the event at 2010.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-brk.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$MT" trend data/example/cocaine-nl-be.csv -o "$TMP/ed" -q --format svg || fail "trend -o"
E="$TMP/ed/results/events.csv"
got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
               $c["event"] == "data-break" { print $c["series"] "=" $c["period"] }' "$E" | sort | tr '\n' ' ')
[ "$got" = "seizures_kg/cocaine/BE=2010 seizures_kg/cocaine/NL=2010 " ] ||
    fail "events.csv data-break periods: '$got'"
F="$TMP/ed/findings.txt"
grep -q 'at (' "$F" && fail "findings: a break without its period: $(grep -m1 'at (' "$F")"
[ "$(grep -c 'Chow test of a break in the trend at 2010 (change of definition (data file))' "$F")" -eq 2 ] ||
    fail "findings: no Chow sentence naming 2010"
[ "$(grep -c 'Definition change 2010 (change of definition (data file))' "$F")" -eq 2 ] ||
    fail "findings: no definition-change sentence naming 2010"
G="$TMP/ed/figures/seizures_kg_cocaine_NL.gp"
grep -q '^set arrow from 2009.5, graph 0 to 2009.5, graph 1 nohead ls 22' "$G" ||
    fail "figure: no break marker at 2009.5"
grep -q "^set label 'change of definition (data file)' at " "$G" ||
    fail "figure: no label of the 2010 event (in the band above the plot)"

"$MT" trend data/example/cocaine-nl-be.csv -o "$TMP/nl" -q --no-figures --lang nl || fail "trend --lang nl"
[ "$(grep -c 'Chow-toets op een breuk in de trend bij 2010 (definitiewijziging (databestand))' \
    "$TMP/nl/findings.txt")" -eq 2 ] || fail "findings (nl): the break does not name 2010"

[ "$fails" -eq 0 ] || exit 1
echo "flags_break_period: ok"
