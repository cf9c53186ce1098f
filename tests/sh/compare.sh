#!/bin/sh
# Pairwise comparison of joinpoint trends (issue 16, item 1) end to end:
#   - the default edition compares NL and BE cocaine seizures: results/comparisons.csv has the
#     contract header, two rows (coincidence, parallelism), p in (0, 1], a verdict of the four;
#   - its F statistics equal the brute-force R oracle's stacked fits for the number of joinpoints
#     the findings state (tests/reference/compare/compare_oracle.Rout, block "## nlbe"), 1e-9;
#   - aapc_diff = aapc_a - aapc_b inside its CI;
#   - two identical series never reject coincidence (`compare` on a tidy CSV);
#   - `compare -o DIR` writes the edition with comparisons.csv, byte-identical on a second run;
#   - the Dutch findings translate the verdict.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-compare.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$MT" run models/ndm.ini -o "$TMP/ndm" --no-figures -q || fail "run ndm: exit $?"
"$MT" run models/ndm.ini -o "$TMP/nl" --no-figures --lang nl -q || fail "run ndm --lang nl: exit $?"

want='comparison,a,b,first,last,n,test,statistic,p,aapc_a,aapc_b,aapc_diff,aapc_diff_lo,aapc_diff_hi,aapc_diff_p,verdict'
[ "$(head -n 1 "$TMP/ndm/results/comparisons.csv")" = "$want" ] || fail "comparisons.csv header"

/usr/bin/python3 - "$TMP/ndm" tests/reference/compare/compare_oracle.Rout >"$TMP/py.out" <<'EOF' || fail "default edition: $(cat "$TMP/py.out")"
import csv, re, sys
d, rout = sys.argv[1], sys.argv[2]
rows = [r for r in csv.DictReader(open(d + "/results/comparisons.csv", encoding="utf-8"))
        if r["comparison"] == "seizures_cocaine_nl_be_trends"]
bad = []
if [r["test"] for r in rows] != ["coincidence", "parallelism"]:
    bad.append("rows: %s" % [r["test"] for r in rows])
for r in rows:
    if r["a"] != "seizures/cocaine/NL" or r["b"] != "seizures_be/cocaine/BE":
        bad.append("members " + r["a"] + " " + r["b"])
    if r["verdict"] not in ("coincident", "parallel", "not parallel", "inconclusive"):
        bad.append("verdict " + r["verdict"])
    p = float(r["p"])
    if not 0 < p <= 1:
        bad.append("p %g" % p)
    a, b, dd = float(r["aapc_a"]), float(r["aapc_b"]), float(r["aapc_diff"])
    if abs(dd - (a - b)) > 1e-9 * max(1, abs(dd)):
        bad.append("aapc_diff %r != %r - %r" % (dd, a, b))
    if not float(r["aapc_diff_lo"]) < dd < float(r["aapc_diff_hi"]):
        bad.append("aapc_diff outside its CI")
text = open(d + "/findings.txt", encoding="utf-8").read()
m = re.search(r"Cocaine seizures: joinpoint trends of the Netherlands and Belgium \(compare\).*\n.*?(\d+) joinpoints? in each model", text)
if not m:
    bad.append("findings lack the comparison")
else:
    k = int(m.group(1))
    ref = None
    block = False
    for line in open(rout, encoding="utf-8"):
        if line.startswith("## nlbe"):
            block = True
        elif block and line.startswith("k %d " % k):
            f = line.split()
            ref = {"coincidence": float(f[f.index("f_coin") + 1]),
                   "parallelism": float(f[f.index("f_par") + 1])}
    if ref is None:
        bad.append("no oracle line for k = %d" % k)
    else:
        for r in rows:
            got, want = float(r["statistic"]), ref[r["test"]]
            if abs(got - want) > 1e-9 * abs(want):
                bad.append("%s F %r, oracle %r" % (r["test"], got, want))
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF

# Identical series: coincidence never rejected.
awk -F, 'NR == 1 { print "indicator,period,value"; next }
         $1 == "seizures" && $4 == "cocaine" && $5 == "NL" { print "x," $2 "," $3; print "y," $2 "," $3 }' \
    data/unodc/seizures-nl-be.csv >"$TMP/same.csv"
"$MT" compare "$TMP/same.csv" --a x --b y -q >"$TMP/same.out" 2>"$TMP/same.err" || fail "compare same: exit $?"
grep -q '^verdict        coincident$' "$TMP/same.out" || fail "identical series: $(grep verdict "$TMP/same.out")"
grep -q '^coincidence    F 0 p 1$' "$TMP/same.out" || fail "identical series: $(grep coincidence "$TMP/same.out")"

# compare -o: an edition with comparisons.csv, reproducible.
for o in c1 c2; do
    "$MT" compare data/unodc/seizures-nl-be.csv --a seizures/cocaine/NL --b seizures_be/cocaine/BE \
        -o "$TMP/$o" --no-figures -q || fail "compare -o: exit $?"
done
[ "$(wc -l <"$TMP/c1/results/comparisons.csv")" -eq 3 ] || fail "compare -o: not two rows"
for f in results/comparisons.csv results.json findings.txt; do
    cmp -s "$TMP/c1/$f" "$TMP/c2/$f" || fail "compare -o: $f differs between identical runs"
done

# Dutch findings.
grep -q 'knikpunttrends van Nederland en België (vergelijking).*: \(samenvallend\|parallel\|niet parallel\)' \
    "$TMP/nl/findings.txt" || fail "Dutch findings lack the comparison"

[ $fails -eq 0 ] && echo "compare: ok"
exit $fails
