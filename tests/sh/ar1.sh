#!/bin/sh
# AR(1) errors (issue 16, item 3), end to end on the default model:
#   - seizures_be (errors = ar1): the trend of cocaine seizures BE (with the 2010 shift) equals
#     R nlme::gls(corAR1, REML) (tests/reference/ar1/ar1_gls.Rout, block cocaine_be), 1e-6;
#     its note gives phi;
#   - an iid series with Durbin-Watson < 1.5 on 44 years gets the note suggesting errors = ar1;
#   - --errors iid overrides the model; a bad --errors is a usage error.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-ar1.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$MT" run models/ndm.ini -o "$TMP/m" --no-figures -q || fail "run: exit $?"
"$MT" run models/ndm.ini -o "$TMP/i" --no-figures -q --errors iid || fail "run --errors iid: exit $?"
/usr/bin/python3 - "$TMP" tests/reference/ar1/ar1_gls.Rout >"$TMP/py.out" <<'EOF' || fail "$(cat "$TMP/py.out")"
import csv, sys
d, rout = sys.argv[1], sys.argv[2]
ref, block = {}, None
for line in open(rout):
    f = line.split()
    if line.startswith("## "):
        block = f[1]
        ref[block] = {"phi": float(f[f.index("phi") + 1])}
    elif f and f[0] == "coef" and block:
        ref[block][int(f[1])] = (float(f[3]), float(f[5]))
m = {r["series"]: r for r in csv.DictReader(open(d + "/m/results/trends.csv"))}
i = {r["series"]: r for r in csv.DictReader(open(d + "/i/results/trends.csv"))}
bad = []
be = m["seizures_be/cocaine/BE"]
for col, want in [("slope", ref["cocaine_be"][1][0]), ("slope_se", ref["cocaine_be"][1][1])]:
    if abs(float(be[col]) - want) > 1e-6 * abs(want):
        bad.append("%s %s, R %r" % (col, be[col], want))
if "phi = %.3f" % ref["cocaine_be"]["phi"] not in be["note"]:
    bad.append("note lacks phi: " + be["note"][:200])
if "with AR(1) errors (GLS" in i["seizures_be/cocaine/BE"]["note"]:
    bad.append("--errors iid still fits AR(1)")
if "Durbin-Watson" not in m["seizures/cocaine/NL"]["note"] or "errors = ar1" not in m["seizures/cocaine/NL"]["note"]:
    bad.append("no DW note on seizures/cocaine/NL (dw %s)" % m["seizures/cocaine/NL"]["dw"])
for s, r in m.items():
    if "Durbin-Watson" in r["note"] and int(r["n"]) < 10:
        bad.append("DW note on %d points: %s" % (int(r["n"]), s))
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
"$MT" trend tests/fixtures/cli/cocaine.csv --errors ar2 >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] || fail "--errors ar2 not a usage error"
grep -q "errors expects iid or ar1" "$TMP/err" || fail "--errors ar2: $(cat "$TMP/err")"
[ $fails -eq 0 ] && echo "ar1: ok"
exit $fails
