#!/bin/sh
# Seasonal terms for sub-annual series (issue 16, item 4), end to end on models/seasons.ini:
#   - with --errors iid the NSW trend (season dummies) equals R lm(log(y) ~ t + factor(month)) and
#     the Toronto wastewater trend (fourier 2, weighted by the SEs) equals R
#     (tests/reference/season/season.Rout), slope and SE to 1e-9;
#   - the model's own run (AR(1) for NSW) says in the note that the trend is net of the season and
#     the figure footnote that the line is seasonally adjusted;
#   - a bad `season` value is an input error naming file and line.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-seasons.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$MT" run models/seasons.ini -o "$TMP/iid" --no-figures --errors iid -q || fail "run --errors iid: exit $?"
"$MT" run models/seasons.ini -o "$TMP/m" -q || fail "run: exit $?"
/usr/bin/python3 - "$TMP" tests/reference/season/season.Rout >"$TMP/py.out" <<'EOF' || fail "$(cat "$TMP/py.out")"
import csv, sys
d, rout = sys.argv[1], sys.argv[2]
ref = {}
for line in open(rout):
    if line.startswith("## "):
        f = line.split()
        ref[f[1]] = {f[i]: float(f[i + 1]) for i in range(2, len(f) - 1, 2)}
iid = {r["series"]: r for r in csv.DictReader(open(d + "/iid/results/trends.csv"))}
m = {r["series"]: r for r in csv.DictReader(open(d + "/m/results/trends.csv"))}
bad = []
for series, key in [("offences/drugs/NSW", "nsw_dummies"), ("wastewater/cocaine/Toronto", "toronto_fourier2_weighted")]:
    for col, k in [("slope", "slope"), ("slope_se", "se")]:
        got, want = float(iid[series][col]), ref[key][k]
        if abs(got - want) > 1e-9 * abs(want):
            bad.append("%s %s %r, R %r" % (series, col, got, want))
    if "trend net of the season" not in m[series]["note"]:
        bad.append(series + ": note lacks the season")
if "AR(1) errors (GLS" not in m["offences/drugs/NSW"]["note"]:
    bad.append("NSW: errors = ar1 not applied")
if m["offences/drugs/NSW"]["joinpoints"] in ("", "0"):
    bad.append("NSW: no joinpoints")
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
grep -q "seasonally adjusted (points as observed)" "$TMP/m/figures/offences_drugs_NSW.gp" || fail "figure footnote lacks the seasonal adjustment"
sed -e "s|\.\./data/|$ROOT/data/|" -e 's/^season = dummies/season = fourier 0/' models/seasons.ini >"$TMP/bad.ini"
"$MT" check "$TMP/bad.ini" >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] || fail "season = fourier 0 accepted"
grep -q "bad.ini:[0-9]*.*none, dummies or fourier K" "$TMP/err" || fail "season = fourier 0: $(cat "$TMP/err")"
[ $fails -eq 0 ] && echo "seasons: ok"
exit $fails
