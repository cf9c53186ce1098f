#!/bin/sh
# Issue 11 item 11: the period spellings publishers use give exactly the results of the tidy
# forms.  The values are the real wastewater/cocaine/Utrecht figures of tests/fixtures/cli/
# cocaine.csv (EUDA 2025, 14 values); only their periods are relabelled (as 14 consecutive
# quarters 2011-Q1 ... 2014-Q2, and as 14 consecutive months 2011-01 ... 2012-02), because what
# is tested is the reading of the period text: every spelling must give byte-identical results
# to the tidy one, whose fits are checked against R elsewhere (tests/reference/trend).
#   quarters: 2011Q1, 2011 Q1, Q1 2011 (and the tidy 2011-Q1), read by `trend` with no layout;
#   months:   2011-01-01 (first day) and 2011-01-31 (last day) with `period.format = month-date`
#             in a model's source, against 2011-01 with `period.format = auto`.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-per.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# the findings name the edition (the folder) and list the inputs with their paths and
# SHA-256: leave those lines out, compare every other line
same() { [ "$(basename "$1")" != findings.txt ] && { cmp -s "$1" "$2"; return; }
         [ "$(sed 1d "$1" | grep -v -F "$TMP")" = "$(sed 1d "$2" | grep -v -F "$TMP")" ]; }

awk -F, '$3 == "Utrecht" { print $5 }' tests/fixtures/cli/cocaine.csv >"$TMP/values"
[ "$(wc -l <"$TMP/values")" -eq 14 ] || fail "fixture: expected 14 Utrecht values"

quarters() {   # SPELLING: one of tidy, compact, year-space, quarter-first
    awk -v how="$1" 'BEGIN { print "indicator,period,value,market,region" }
        { y = 2011 + int((NR - 1) / 4); q = (NR - 1) % 4 + 1
          if (how == "tidy") p = y "-Q" q
          else if (how == "compact") p = y "Q" q
          else if (how == "year-space") p = "\"" y " Q" q "\""
          else p = "\"Q" q " " y "\""
          print "wastewater," p "," $1 ",cocaine,Utrecht" }' "$TMP/values"
}
for how in tidy compact year-space quarter-first; do
    quarters "$how" >"$TMP/q-$how.csv"
    "$MT" trend "$TMP/q-$how.csv" -o "$TMP/q-$how" -q --no-figures || fail "trend ($how)"
done
grep -q '^wastewater,"Q1 2011",' "$TMP/q-quarter-first.csv" || fail "fixture: no 'Q1 2011' row"
for how in compact year-space quarter-first; do
    for f in results/trends.csv results/bands.csv results/segments.csv findings.txt; do
        same "$TMP/q-tidy/$f" "$TMP/q-$how/$f" || fail "quarters $how: $f differs from 2011-Q1"
    done
done
last=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["last"] }' \
    "$TMP/q-year-space/results/trends.csv")
[ "$last" = "2014-Q2" ] || fail "quarters: last period '$last', expected 2014-Q2"

months() {     # DAY: "" (tidy 2011-01), 01 or last
    awk -v day="$1" 'BEGIN { print "indicator,period,value,market,region"
                             split("31 28 31 30 31 30 31 31 30 31 30 31", dm, " ") }
        { y = 2011 + int((NR - 1) / 12); m = (NR - 1) % 12 + 1
          p = sprintf("%04d-%02d", y, m)
          if (day == "01") p = p "-01"; else if (day == "last") p = p "-" dm[m]
          print "wastewater," p "," $1 ",cocaine,Utrecht" }' "$TMP/values"
}
model() {      # CSV FORMAT
    printf '[monitor]\nname = m\nseed = 7\n\n[source:s]\nfile = %s\nperiod.format = %s\n\n' "$1" "$2"
    printf '[indicator:wastewater]\nlabel = Cocaine residues in wastewater\nkind = load\n'
    printf 'unit = mg/1000 inh/day\nmarkets = cocaine\nsource = s\n'
}
months "" >"$TMP/m-tidy.csv"
months 01 >"$TMP/m-first.csv"
months last >"$TMP/m-last.csv"
model m-tidy.csv auto >"$TMP/m-tidy.ini"
model m-first.csv month-date >"$TMP/m-first.ini"
model m-last.csv month-date >"$TMP/m-last.ini"
for how in tidy first last; do
    "$MT" run "$TMP/m-$how.ini" -o "$TMP/m-$how" -q --no-figures || fail "run (months $how)"
done
for how in first last; do
    for f in results/trends.csv results/bands.csv findings.txt; do
        same "$TMP/m-tidy/$f" "$TMP/m-$how/$f" || fail "month-date ($how): $f differs from 2011-01"
    done
done
grep -q '^wastewater,2012-02-29,' "$TMP/m-last.csv" && fail "fixture: 2012-02 has 29 days"
# Without the layout key a date is a day: the model is read, the series is daily.
model m-first.csv auto >"$TMP/m-day.ini"
"$MT" run "$TMP/m-day.ini" -o "$TMP/m-day" -q --no-figures || fail "run (dates as days)"
first=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["first"] }' \
    "$TMP/m-day/results/trends.csv")
[ "$first" = "2011-01-01" ] || fail "auto layout: first period '$first', expected 2011-01-01"
# A date that does not exist is refused with file, line and column.
sed 's/^wastewater,2011-02-28,/wastewater,2011-02-30,/' "$TMP/m-last.csv" >"$TMP/m-bad.csv"
model m-bad.csv month-date >"$TMP/m-bad.ini"
"$MT" check "$TMP/m-bad.ini" >/dev/null 2>"$TMP/err"
rc=$?
[ $rc -eq 2 ] || fail "impossible date: exit $rc, expected 2"
grep -q "m-bad.csv:3:2: invalid period '2011-02-30': 2011-02 has 28 days" "$TMP/err" ||
    fail "impossible date: message '$(cat "$TMP/err")'"

[ "$fails" -eq 0 ] || exit 1
echo "period_spellings: ok"
