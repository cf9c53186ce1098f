#!/bin/sh
# Figure test suite (issue 12): every figure of the default edition, in English
# and in Dutch, is checked by tests/figures/check_figures.py:
#   - every SVG well-formed (xmllint);
#   - no two labels' estimated boxes overlap, no label overlaps the key, no label or
#     key leaves the canvas, no axis title is longer than its axis (boxes re-estimated from the .gp with the font's own
#     advance widths, independently of src/present/figlayout.c);
#   - no id-like token ('_', "indicator/market/region") in any visible text;
#   - Dutch figures: no English verdict, theme or legend word; Dutch data notes: no
#     English derived-series warning.
# And the checker itself must fail on a script with two overlapping labels, an id
# and an English verdict in a Dutch figure (so this test can fail).
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-fig.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
CHECK="python3 tests/figures/check_figures.py --model models/ndm.ini"

"$MT" run models/ndm.ini -o "$TMP/en" -q --format svg 2>"$TMP/en.err" &
p1=$!
"$MT" run models/ndm.ini -o "$TMP/nl" -q --format svg --lang nl 2>"$TMP/nl.err" &
p2=$!
wait $p1 || { fail "run en"; cat "$TMP/en.err"; }
wait $p2 || { fail "run nl"; cat "$TMP/nl.err"; }
[ -s "$TMP/nl.err" ] && fail "run --lang nl warned: $(head -n 3 "$TMP/nl.err")"

$CHECK "$TMP/en/figures" >"$TMP/en.out" 2>&1 || { fail "English figures"; cat "$TMP/en.out"; }
$CHECK --lang nl "$TMP/nl/figures" >"$TMP/nl.out" 2>&1 || { fail "Dutch figures"; cat "$TMP/nl.out"; }
# the Dutch data notes: no English library warning (derived-series coverage)
grep -q 'below the coverage\|has no data; not computed' "$TMP/nl/findings.txt" &&
    fail "English derived-series warnings in the Dutch data notes"
grep -q '^- Amfetamine in afvalwater, bevolkingsgewogen gemiddelde van 3 steden, NL (afgeleide reeks): [0-9]* periodes onder de dekking van 50% van het gewicht weggelaten$' \
    "$TMP/nl/findings.txt" || fail "Dutch coverage note missing"

# issue 16 item 5: the joinpoint CIs of results/segments.csv (jp_lo, jp_hi, on the segment a
# joinpoint starts) are drawn on the series' chart as bars through the line at the joinpoint,
# keyed in the edition's language; never on a panel
for l in en nl; do
    gp="$TMP/$l/figures/seizures_cocaine_NL.gp"
    case $l in en) key='joinpoint, 95% CI of its year' ;; nl) key='knikpunt, 95%-BI van het jaar' ;; esac
    grep -q "with xerrorbars .* title '$key'" "$gp" || fail "$l: $gp does not draw the joinpoint CIs"
    grep -l 'xerrorbars' "$TMP/$l/figures/overview.gp" "$TMP/$l/figures/"dashboard-*.gp >"$TMP/dash" &&
        fail "$l: joinpoint CI bars on a panel: $(cat "$TMP/dash")"
done
# the bars' rows (time, fitted value, lo, hi) are the CSV's joinpoints and CIs
python3 - "$TMP/en" >"$TMP/jp.out" <<'PY' || fail "joinpoint CI bars: $(cat "$TMP/jp.out")"
import csv, re, sys
d = sys.argv[1]
want = [(float(r["start"]), float(r["jp_lo"]), float(r["jp_hi"]))
        for r in csv.DictReader(open(d + "/results/segments.csv"))
        if r["series"] == "seizures/cocaine/NL" and r["jp_lo"]]
gp = open(d + "/figures/seizures_cocaine_NL.gp").read()
idx = int(re.search(r"index (\d+) using 1:2:3:4 with xerrorbars", gp).group(1))
blocks = open(d + "/figures/seizures_cocaine_NL.dat").read().split("\n\n\n")
rows = [l.split() for l in blocks[idx].strip().split("\n") if l and not l.startswith("#")]
got = [(float(r[0]), float(r[2]), float(r[3])) for r in rows]
if not want or got != want:
    print("drawn %s, segments.csv %s" % (got, want))
    sys.exit(1)
PY

# every figure of the edition was checked: 150 or more scripts in each language
for l in en nl; do
    n=$(sed -n 's/^\([0-9]*\) scripts.*/\1/p' "$TMP/$l.out")
    [ "${n:-0}" -ge 150 ] || fail "$l: only ${n:-0} figure scripts checked"
done

# The checker must catch what it is there to catch.
mkdir -p "$TMP/bad"
# (it starts, as every script does, with a blank plot to /dev/null, which the checker must
# look past: it once checked only that placeholder and so nothing at all)
cat >"$TMP/bad/x.gp" <<'GP'
reset session
set terminal svg
set output '/dev/null'
plot [0:1] [0:1] 2 notitle
unset output
reset session
set terminal svg size 605,378 fixed font 'sans-serif,10' noenhanced background '#FFFFFF'
set output 'x.svg'
set label 'APC +55.4%' at screen 0.30, screen 0.90 center font ',9' textcolor rgb '#000000' front
set label 'APC +0.1%' at screen 0.33, screen 0.90 center font ',9' textcolor rgb '#000000' front
set label 'Oordeel: shift from A to B' at screen 0.5, screen 0.05 center font ',8' textcolor rgb '#000000' front
set ylabel 'seizures/cocaine/NL'
plot x title 'wastewater_mean'
set lmargin at screen 0.1
set rmargin at screen 0.9
set tmargin at screen 0.9
set bmargin at screen 0.5
set ylabel 'Drug use in the past year, cocaine, NL (% of population 15-64)'
set xrange [2011:2025]
set rmargin at screen 0.995
set xtics 2015, 5
plot x notitle
unset output
GP
printf '<svg xmlns="http://www.w3.org/2000/svg"><text>a</svg>\n' >"$TMP/bad/x.svg"
$CHECK --lang nl "$TMP/bad" >"$TMP/bad.out" 2>&1 && fail "checker passed a bad figure"
for want in "labels overlap" "id-like text 'seizures/cocaine/NL'" "id-like text 'wastewater_mean'" \
            "English 'shift'" "not well-formed" "longer than its axis" "x tic label '2025' outside the canvas"; do
    grep -q "$want" "$TMP/bad.out" || fail "checker missed: $want"
done

[ $fails -eq 0 ] && echo "figures: ok"
exit $((fails > 0))
