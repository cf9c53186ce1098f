#!/bin/sh
# Comparability ratio on a definition change (issue 16, item 2), end to end:
#   - tests/fixtures/ratio/ratio.ini bridges the 2010 change of UNODC cocaine seizures NL with a
#     hypothetical ratio 1.25 (SE 0.05): trends.csv slope, slope_se, apc_lo, apc_hi, p_trend equal
#     R (tests/reference/comparability/comparability.Rout, line log_unweighted), 1e-9 (p 1e-7);
#   - events.csv: level_change_pct 25, CI 1.25 -/+ 1.96 * 0.05; the findings say "bridged";
#   - without the ratio the jump model stays (the 2010 row is a fitted jump);
#   - a bad ratio, a ratio on a policy event, ratio_se without ratio: exit 2 naming file and line.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-ratio.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
FX=tests/fixtures/ratio/ratio.ini

"$MT" run "$FX" -o "$TMP/r" --no-figures -q || fail "run ratio.ini: exit $?"
/usr/bin/python3 - "$TMP/r" tests/reference/comparability/comparability.Rout >"$TMP/py.out" <<'EOF' || fail "$(cat "$TMP/py.out")"
import csv, sys
d, rout = sys.argv[1], sys.argv[2]
ref = {}
for line in open(rout):
    f = line.split()
    if f and f[0] == "log_unweighted":
        ref = {f[i]: float(f[i + 1]) for i in range(1, len(f), 2)}
row = [r for r in csv.DictReader(open(d + "/results/trends.csv")) if r["series"] == "seizures/cocaine/NL"][0]
bad = []
for col, key, tol in [("slope", "slope", 1e-9), ("slope_se", "se", 1e-9), ("apc", "apc", 1e-9),
                      ("apc_lo", "lo", 1e-9), ("apc_hi", "hi", 1e-9), ("p_trend", "p", 1e-7)]:
    got, want = float(row[col]), ref[key]
    if abs(got - want) > tol * abs(want):
        bad.append("%s %r, R %r" % (col, got, want))
ev = [r for r in csv.DictReader(open(d + "/results/events.csv")) if r["event"] == "cocaine_2010"][0]
for col, want in [("level_change_pct", 25.0), ("level_lo", 100 * (1.25 - 1.959963984540054 * 0.05 - 1)),
                  ("level_hi", 100 * (1.25 + 1.959963984540054 * 0.05 - 1))]:
    if abs(float(ev[col]) - want) > 1e-9 * abs(want):
        bad.append("events %s %s, want %r" % (col, ev[col], want))
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
grep -q "bridged by the publisher's comparability ratio 1.250" "$TMP/r/findings.txt" || fail "findings do not say bridged"

# Without the ratio: the level-shift model.
sed '/^ratio/d' "$FX" >"$TMP/noratio.ini"
sed -i "s|\.\./\.\./\.\./data/|$ROOT/data/|" "$TMP/noratio.ini"
"$MT" run "$TMP/noratio.ini" -o "$TMP/n" --no-figures -q || fail "run without ratio: exit $?"
grep -q '^seizures/cocaine/NL,cocaine_2010,definition,2010,' "$TMP/n/results/events.csv" || fail "no 2010 row without ratio"
grep -q "bridged" "$TMP/n/findings.txt" && fail "bridged without a ratio"
grep -q "level shift" "$TMP/n/findings.txt" || fail "no level shift without a ratio"

# Bad input.
bad_model() {   # SED-EXPR EXPECTED-TEXT
    sed -e "s|\.\./\.\./\.\./data/|$ROOT/data/|" -e "$1" "$FX" >"$TMP/bad.ini"
    "$MT" check "$TMP/bad.ini" >/dev/null 2>"$TMP/bad.err"
    rc=$?
    [ $rc -eq 2 ] || fail "$2: exit $rc"
    grep -q "bad.ini:[0-9]*.*$2" "$TMP/bad.err" || fail "$2: $(cat "$TMP/bad.err")"
}
bad_model 's/^ratio = 1.25/ratio = -1/' "a number > 0"
bad_model 's/^ratio_se = 0.05/ratio_se = x/' "a number >= 0"
bad_model 's/^kind = definition/kind = policy/' "a comparability ratio needs kind = definition"
bad_model '/^ratio = 1.25/d' "ratio_se without ratio"

[ $fails -eq 0 ] && echo "ratio: ok"
exit $fails
