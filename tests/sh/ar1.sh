#!/bin/sh
# AR(1) errors (issue 16, item 3), end to end on the default model (seizures_be has errors = ar1):
#   - cocaine seizures BE (2010 shift): the trend equals R nlme::gls(corAR1, REML)
#     (tests/reference/ar1/ar1_gls.Rout, block cocaine_be), 1e-6, its note gives phi; the joinpoint
#     model chosen with AR(1) errors (select_method wbic+ar1) is the REML refit of the oracle's
#     selection (tests/reference/ar1/jp_ar1.Rout, block cocaine_be: joinpoint, segment slopes and
#     SEs), its projection (when not refused with a note) the oracle's (mean, CI, PI with the
#     marginal variance) and its bands
#     (bands.csv fitted, CI, PI at the first and last year: GLS) too, 1e-6;
#   - cannabis seizures BE (1970, then 1980-2023): trend across the gap (phi^lag, corAR1(form =
#     ~ year)), joinpoint segments, projection and bands against jp_ar1.Rout block cannabis_be, 1e-6;
#   - the Durbin-Watson column equals R's sum(diff(e)^2) / sum(e^2) on the lm residuals
#     (ar1_gls.Rout "dw", cannabis NL and cocaine BE), 1e-9; iid series with DW outside
#     [1.5, 2.5] on >= 10 points get the note suggesting errors = ar1, in trends.csv and in the
#     English and Dutch findings; AR(1) series get the phi sentence in both;
#   - the NL-BE comparison of joinpoint trends says that it keeps independent errors;
#   - --errors ar1 on count series and on seasonal series (models/monthly.ini) says in the note
#     that AR(1) errors were not fitted and why; --errors iid overrides the model; a bad --errors
#     is a usage error.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-ar1.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$MT" run models/ndm.ini -o "$TMP/m" --no-figures -q || fail "run: exit $?"
"$MT" run models/ndm.ini -o "$TMP/nl" --no-figures -q --lang nl || fail "run --lang nl: exit $?"
"$MT" run models/ndm.ini -o "$TMP/i" --no-figures -q --errors iid || fail "run --errors iid: exit $?"
"$MT" run models/ndm.ini -o "$TMP/a" --no-figures -q --errors ar1 || fail "run --errors ar1: exit $?"
"$MT" run models/monthly.ini -o "$TMP/s" --no-figures -q --errors ar1 || fail "monthly --errors ar1: exit $?"
/usr/bin/python3 - "$TMP" tests/reference/ar1 >"$TMP/py.out" <<'EOF' || fail "$(cat "$TMP/py.out")"
import csv, sys
d, refdir = sys.argv[1], sys.argv[2]

def blocks(path):
    ref, block = {}, None
    for line in open(path):
        f = line.split()
        if line.startswith("## "):
            block = f[1]
            ref[block] = {"lines": []}
            if "phi" in f:
                ref[block]["phi"] = float(f[f.index("phi") + 1])
        elif block:
            ref[block]["lines"].append(f)
    return ref

g = blocks(refdir + "/ar1_gls.Rout")
j = blocks(refdir + "/jp_ar1.Rout")
def rows(run, name):
    return list(csv.DictReader(open("%s/%s/results/%s" % (d, run, name))))
m = {r["series"]: r for r in rows("m", "trends.csv")}
i = {r["series"]: r for r in rows("i", "trends.csv")}
a = {r["series"]: r for r in rows("a", "trends.csv")}
s = {r["series"]: r for r in rows("s", "trends.csv")}
seg = rows("m", "segments.csv")
proj = rows("m", "projections.csv")
bands = rows("m", "bands.csv")
bad = []
def near(what, got, want, tol=1e-6):
    got = float(got)
    if not abs(got - want) <= tol * max(abs(want), 1.0):
        bad.append("%s: %r, R %r" % (what, got, want))

# the trend of cocaine BE (ar1_gls.Rout) and of cannabis BE across its gap (jp_ar1.Rout)
be = m["seizures_be/cocaine/BE"]
coef1 = [f for f in g["cocaine_be"]["lines"] if f[:2] == ["coef", "1"]][0]
near("cocaine BE slope", be["slope"], float(coef1[3]))
near("cocaine BE slope_se", be["slope_se"], float(coef1[5]))
if "phi = %.3f" % g["cocaine_be"]["phi"] not in be["note"]:
    bad.append("note lacks phi: " + be["note"][:200])
for name, series in [("cocaine_be", "seizures_be/cocaine/BE"), ("cannabis_be", "seizures_be/cannabis/BE")]:
    blk = j[name]["lines"]
    tr = [f for f in blk if f[0] == "trend"][0]
    if name == "cannabis_be":
        near(series + " trend slope", m[series]["slope"], float(tr[4]))
        near(series + " trend slope_se", m[series]["slope_se"], float(tr[6]))
        if "across the gaps" not in m[series]["note"]:
            bad.append(series + ": note does not say the gap is bridged")
    mod = [f for f in blk if f[0] == "model"][0]
    k = int(mod[2])
    if m[series]["select_method"] != "wbic+ar1":
        bad.append("%s select_method %s" % (series, m[series]["select_method"]))
    if "joinpoints chosen and fitted with AR(1) errors" not in m[series]["note"] or \
       "phi = %.3f" % float(mod[4]) not in m[series]["note"]:
        bad.append(series + ": joinpoint note lacks phi %s" % mod[4])
    mine = [r for r in seg if r["series"] == series]
    if len(mine) != k + 1:
        bad.append("%s: %d segments, R %d" % (series, len(mine), k + 1))
    for f in blk:
        if f[0] == "seg" and int(f[1]) < len(mine):
            r = mine[int(f[1])]
            near("%s segment %s slope" % (series, f[1]), r["slope"], float(f[3]))
            near("%s segment %s slope_se" % (series, f[1]), r["slope_se"], float(f[5]))
    mp = {r["period"]: r for r in proj if r["series"] == series}
    for f in blk:
        if f[0] == "proj":
            if f[1] not in mp:
                # a projection may be refused (its note says why), e.g. a last segment that
                # starts before a definition change (cocaine BE, 2010)
                if "no projection" not in m[series]["note"]:
                    bad.append("%s: no projection for %s" % (series, f[1]))
                continue
            r = mp[f[1]]
            for col, v in [("projection", f[3]), ("ci_lo", f[5]), ("ci_hi", f[6]), ("pi_lo", f[8]), ("pi_hi", f[9])]:
                near("%s %s %s" % (series, f[1], col), r[col], float(v))

    mb = {r["period"]: r for r in bands if r["series"] == series}
    for f in blk:
        if f[0] == "band":
            r = mb[f[1]]
            for col, v in [("fitted", f[3]), ("ci_lo", f[5]), ("ci_hi", f[6]), ("pi_lo", f[8]), ("pi_hi", f[9])]:
                near("%s band %s %s" % (series, f[1], col), r[col], float(v))

# Durbin-Watson against R's definition
for name, series in [("cannabis_nl", "seizures/cannabis/NL"), ("cocaine_be", "seizures_be/cocaine/BE")]:
    dw = [f for f in g[name]["lines"] if f[0] == "dw"][0]
    near(series + " dw", m[series]["dw"], float(dw[1]), 1e-9)
if "with AR(1) errors" in i["seizures_be/cocaine/BE"]["note"]:
    bad.append("--errors iid still fits AR(1)")
nl_coc = m["seizures/cocaine/NL"]
if "Durbin-Watson" not in nl_coc["note"] or "errors = ar1" not in nl_coc["note"]:
    bad.append("no DW note on seizures/cocaine/NL (dw %s)" % nl_coc["dw"])
for sr, r in m.items():
    if "Durbin-Watson" in r["note"] and int(r["n"]) < 10:
        bad.append("DW note on %d points: %s" % (int(r["n"]), sr))
    if "Durbin-Watson" in r["note"] and 1.5 <= float(r["dw"]) <= 2.5:
        bad.append("DW note with dw %s: %s" % (r["dw"], sr))

# findings, English and Dutch: the DW sentence for seizures/cocaine/NL, the phi sentence for BE
dwv = "%.2f" % float(nl_coc["dw"])
en = open(d + "/m/findings.txt").read()
nl = open(d + "/nl/findings.txt").read()
if "Residuals autocorrelated, Durbin-Watson %s: errors = ar1 would model it." % dwv not in en:
    bad.append("English findings lack the DW sentence (dw %s)" % dwv)
if "Residuen autogecorreleerd, Durbin-Watson %s: errors = ar1 zou dat modelleren." % dwv.replace(".", ",") not in nl:
    bad.append("Dutch findings lack the DW sentence (dw %s)" % dwv)
if "(joinpoint model)" not in en or "(knikpuntmodel)" not in nl:
    bad.append("findings lack the phi of the joinpoint model")
# the NL-BE comparison (Kim et al. 2004) stays least squares and says so
if "although a series has AR(1) errors in its own model" not in en or \
   "al heeft een reeks AR(1)-fouten in haar eigen model" not in nl:
    bad.append("the comparison of NL and BE does not say it keeps independent errors")

# combinations that keep independent errors say so
counts = [sr for sr, r in a.items() if r["variance"] in ("poisson", "quasipoisson")]
if not counts:
    bad.append("no count series in the default model")
if not any(r["series"] == "seizures_be/cannabis/BE" for r in proj):
    bad.append("no projection of the AR(1) model of cannabis BE")
for sr in counts:
    if "AR(1) errors not fitted: the count model has a Poisson variance" not in a[sr]["note"] or \
       "joinpoints of the count model fitted with independent errors" not in a[sr]["note"]:
        bad.append("count series %s: no AR(1) note" % sr)
for sr, r in s.items():
    if "AR(1) errors not fitted: not combined with seasonal terms" not in r["note"] or \
       "joinpoints with seasonal terms fitted with independent errors" not in r["note"]:
        bad.append("seasonal series %s: no AR(1) note" % sr)
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
"$MT" trend tests/fixtures/cli/cocaine.csv --errors ar2 >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] || fail "--errors ar2 not a usage error"
grep -q "errors expects iid or ar1" "$TMP/err" || fail "--errors ar2: $(cat "$TMP/err")"
[ $fails -eq 0 ] && echo "ar1: ok"
exit $fails
