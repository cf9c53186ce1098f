#!/bin/sh
# Issue 16 item 4: seasonal terms for sub-annual series, on the bundled example
# models/monthly.ini (NSW drug offences, 348 months; StatCan wastewater, 18 months).
# The APCs of the edition must be R's lm(log(y) ~ t + factor(month)) values, read from
# tests/reference/season/ref_season.h (written by season_ref.R), to 1e-9 relative; the
# fitted line must be the seasonally adjusted one; runs are byte-identical; bad season
# values are usage/input errors (status 2).  CSV columns are looked up by header name.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-season.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
REF=tests/reference/season/ref_season.h
ref() { awk -v k="$1" '$1 == "#define" && $2 == k { print $3 }' "$REF"; }
# col FILE SERIES COLUMN
col() {
    awk -F, -v s="$2" -v k="$3" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $1 == s { print $c[k]; exit }' "$1"
}
# near GOT WANT WHAT [TOL]: relative difference at most TOL (default 1e-9; p-values 1e-7,
# GSL's t tail against R's pt)
near() {
    awk -v g="$1" -v w="$2" -v t="${4:-1e-9}" 'BEGIN { d = g - w; if (d < 0) d = -d;
        a = w < 0 ? -w : w; exit !(g != "" && d <= t * a) }' || fail "$3: got '$1', want '$2'"
}

"$MT" run models/monthly.ini -o "$TMP/a" -q --format svg || fail "run models/monthly.ini"
T="$TMP/a/results/trends.csv"
[ "$(col "$T" drug_offences/NSW season)" = dummies ] || fail "NSW season column"
[ "$(col "$T" wastewater_load/cocaine/CA season)" = "fourier 2" ] || fail "StatCan season column"
near "$(col "$T" drug_offences/NSW apc)" "$(ref NSW_DUM_APC)" "NSW apc"
near "$(col "$T" drug_offences/NSW apc_lo)" "$(ref NSW_DUM_APC_LO)" "NSW apc_lo"
near "$(col "$T" drug_offences/NSW apc_hi)" "$(ref NSW_DUM_APC_HI)" "NSW apc_hi"
near "$(col "$T" drug_offences/NSW p_trend)" "$(ref NSW_DUM_P_B)" "NSW p_trend" 1e-7
near "$(col "$T" drug_offences/NSW dw)" "$(ref NSW_DUM_DW)" "NSW dw"

# The fitted line has no season: within the first joinpoint segment the monthly
# log-differences of the fitted values are all equal (the trend's slope / 12).
B="$TMP/a/results/bands.csv"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["series"] == "drug_offences/NSW" && $c["period"] ~ /^199[5-9]/ {
        f = log($c["fitted"]); if (n++) { d = f - p; if (n == 2) d0 = d;
        if (d - d0 > 1e-9 || d0 - d > 1e-9) bad = 1 } p = f }
    END { exit bad || n < 60 }' "$B" || fail "bands.csv: NSW fitted line is not seasonally adjusted"
grep -q "seasonally adjusted" "$TMP/a/figures/drug_offences_NSW.gp" ||
    fail "figure: no 'seasonally adjusted' legend or footnote"
grep -q "^Seasonal terms (sub-annual series" "$TMP/a/findings.txt" || fail "findings: no methods line"

# --season on the command line overrides the model: dummies for StatCan (weighted by the
# published SE, as the edition fits it) and none.
"$MT" run models/monthly.ini -o "$TMP/d" -q --no-figures --season dummies || fail "--season dummies"
T="$TMP/d/results/trends.csv"
near "$(col "$T" wastewater_load/cocaine/CA apc)" "$(ref SC_WDUM_APC)" "StatCan weighted apc"
near "$(col "$T" wastewater_load/cocaine/CA apc_lo)" "$(ref SC_WDUM_APC_LO)" "StatCan weighted apc_lo"
near "$(col "$T" wastewater_load/cocaine/CA apc_hi)" "$(ref SC_WDUM_APC_HI)" "StatCan weighted apc_hi"
"$MT" run models/monthly.ini -o "$TMP/n" -q --no-figures --season none 2>"$TMP/n.err" || fail "--season none: $(cat "$TMP/n.err")"
[ "$(col "$TMP/n/results/trends.csv" drug_offences/NSW season)" = none ] || fail "--season none column"

# Reproducible: the same inputs give byte-identical results and figures.
"$MT" run models/monthly.ini -o "$TMP/b" -q --format svg || fail "second run"
for f in results/trends.csv results/segments.csv results/breaks.csv results/bands.csv \
         findings.txt figures/drug_offences_NSW.svg; do
    cmp -s "$TMP/a/$f" "$TMP/b/$f" || fail "not byte-identical: $f"
done
"$MT" run models/monthly.ini -o "$TMP/nl" -q --no-figures --lang nl || fail "--lang nl"
grep -q "^Seizoenstermen" "$TMP/nl/findings.txt" || fail "findings (nl): no methods line"

# Bad values: one line naming what was expected, status 2.
"$MT" run models/monthly.ini -o "$TMP/x" -q --season fourier99 2>"$TMP/err"; st=$?
[ "$st" -eq 2 ] || fail "--season fourier99: status $st"
grep -q "season expects auto, none, dummies, fourier" "$TMP/err" || fail "--season message: $(cat "$TMP/err")"
sed -e 's/^season = dummies$/season = monthly/' -e "s|^file = \.\./|file = $ROOT/|" \
    models/monthly.ini > "$TMP/season-bad.ini"
"$MT" check "$TMP/season-bad.ini" -q 2>"$TMP/err"; st=$?
[ "$st" -eq 2 ] || fail "model season = monthly: status $st"
grep -q "season-bad.ini:[0-9]*: season: expected none, dummies" "$TMP/err" ||
    fail "model message: $(cat "$TMP/err")"

[ "$fails" -eq 0 ] || exit 1
echo "season_monthly: ok"
