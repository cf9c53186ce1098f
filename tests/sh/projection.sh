#!/bin/sh
# Projection of the last joinpoint segment (issue 16, item 6), end to end:
#   - the default model (project = 2, edition 2025) projects UNODC cocaine seizures NL to 2024 and
#     2025: results/projections.csv equals R (tests/reference/projection/projection.Rout), 1e-9;
#   - series whose data reach 2025 get no projection, none goes past 2025;
#   - the findings and the figure mark it as a projection, not data (English and Dutch);
#   - --project 0 overrides the model: no rows; a bad --project is a usage error (exit 2).
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-proj.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$MT" run models/ndm.ini -o "$TMP/en" -q || fail "run: exit $?"
"$MT" run models/ndm.ini -o "$TMP/nl" --lang nl --no-figures -q || fail "run nl: exit $?"
"$MT" run models/ndm.ini -o "$TMP/p0" --no-figures --project 0 -q || fail "run --project 0: exit $?"

/usr/bin/python3 - "$TMP/en" tests/reference/projection/projection.Rout >"$TMP/py.out" <<'EOF' || fail "$(cat "$TMP/py.out")"
import csv, sys
d, rout = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(d + "/results/projections.csv", encoding="utf-8")))
trends = {r["series"]: r for r in csv.DictReader(open(d + "/results/trends.csv", encoding="utf-8"))}
bad = []
ref = {}
for line in open(rout):
    f = line.split()
    if f and f[0] == "proj":
        ref[f[1]] = {f[i]: float(f[i + 1]) for i in range(2, len(f), 2)}
nl = [r for r in rows if r["series"] == "seizures/cocaine/NL"]
if [r["period"] for r in nl] != ["2024", "2025"]:
    bad.append("NL cocaine periods %s" % [r["period"] for r in nl])
for r in nl:
    for col, key in [("projection", "fit"), ("ci_lo", "ci_lo"), ("ci_hi", "ci_hi"), ("pi_lo", "pi_lo"), ("pi_hi", "pi_hi")]:
        got, want = float(r[col]), ref[r["period"]][key]
        if abs(got - want) > 1e-9 * abs(want):
            bad.append("%s %s %r, R %r" % (r["period"], col, got, want))
    if r["segment_from"] != "2014":
        bad.append("segment_from " + r["segment_from"])
for r in rows:
    if r["period"][:4] > "2025":
        bad.append("projection past the edition year: %s %s" % (r["series"], r["period"]))
    # a short series (6 fitted points or fewer: described, not tested) is never projected
    if int(trends[r["series"]]["n"]) <= 6:
        bad.append("projection of a short series: %s (n = %s)" % (r["series"], trends[r["series"]]["n"]))
    if trends[r["series"]]["last"][:4] == "2025":
        bad.append("projection of a series that reaches 2025: " + r["series"])
    if not float(r["pi_lo"]) <= float(r["ci_lo"]) <= float(r["projection"]) <= float(r["ci_hi"]) <= float(r["pi_hi"]):
        bad.append("bounds out of order: %s %s" % (r["series"], r["period"]))
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
grep -q "Projection, not data (the trend since 2014 continued): 2024 104,806 (95% PI 38,228 to 287,339)" "$TMP/en/findings.txt" ||
    fail "English findings: $(grep -m1 Projection "$TMP/en/findings.txt")"
grep -q "Projectie, geen gegevens (de trend sinds 2014 doorgetrokken): 2024 104.806 (95%-VI 38.228 tot 287.339)" "$TMP/nl/findings.txt" ||
    fail "Dutch findings: $(grep -m1 Projectie "$TMP/nl/findings.txt")"
grep -q "projection, not data (95% PI)" "$TMP/en/figures/seizures_cocaine_NL.gp" || fail "figure lacks the projection"
# a segment across a definition change is not extended (docs/methods-joinpoint.md "Projection"):
# confiscations NL (data 2011-2019, no joinpoint, definition change 2018) and Belgian cocaine
# seizures (last segment from 1987, definition change 2010) have none, and the findings say why
grep -q -E '^(confiscation/all/NL|seizures_be/cocaine/BE),' "$TMP/en/results/projections.csv" &&
    fail "a segment across a definition change projected: $(grep -E '^(confiscation|seizures_be)' "$TMP/en/results/projections.csv" | head -n 2)"
grep -q "No projection: the last segment of the trend starts before the definition change of 2018, so it is not extended." \
    "$TMP/en/findings.txt" || fail "English findings lack the note on the 2018 definition change"
grep -q "Geen projectie: het laatste segment van de trend begint vóór de definitiewijziging van 2010 en wordt daarom niet doorgetrokken." \
    "$TMP/nl/findings.txt" || fail "Dutch findings lack the note on the 2010 definition change"
# panels never draw a projection (the dashed continuation is "dt (3,2)"); the series' chart does
grep -l 'dt (3,2)' "$TMP/en/figures/overview.gp" "$TMP/en/figures/"dashboard-*.gp >"$TMP/dash" &&
    fail "projection drawn on a panel: $(cat "$TMP/dash")"
grep -q 'dt (3,2)' "$TMP/en/figures/seizures_cocaine_NL.gp" || fail "series chart lacks the dashed projection"
[ "$(wc -l <"$TMP/p0/results/projections.csv")" -eq 1 ] || fail "--project 0 still projects"
grep -q "Projection" "$TMP/p0/findings.txt" && fail "--project 0: projection in the findings"
"$MT" trend tests/fixtures/cli/cocaine.csv --project 13 >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] || fail "--project 13 not a usage error"
grep -q "project expects a number of periods from 0 to 12" "$TMP/err" || fail "--project 13: $(cat "$TMP/err")"

[ $fails -eq 0 ] && echo "projection: ok"
exit $fails
