#!/bin/sh
# `monitrend crosscheck FILE.csv --a --b -o DIR` against R on the same pair (Utrecht cocaine
# wastewater against Dutch past-year cocaine use, 2014-2023): transcript
# tests/fixtures/cli/crosscheck_ref.Rout (script crosscheck_ref.R beside it, R 4.2.2).
# APCs, the parallelism p, Pearson r of log levels and of log differences with their Fisher-z
# CIs, Spearman rho, and the agreement count; 1e-9 relative (p: 1e-7).
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-cc.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
"$MT" crosscheck tests/fixtures/cli/cocaine.csv --a wastewater/cocaine/Utrecht \
    --b prevalence/cocaine/NL -o "$TMP/cc" --no-figures -q >/dev/null 2>"$TMP/err" ||
    { echo "crosscheck failed: $(cat "$TMP/err")"; exit 1; }
awk -F, -v ref=tests/fixtures/cli/crosscheck_ref.Rout '
    function rel(a, b) { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; return m > 0 ? d / m : d }
    function chk(name, got, want, tol) {
        if (want == "" || rel(got, want) > tol) { print name ": " got " vs R " want; bad = 1 }
    }
    BEGIN {
        while ((getline line < ref) > 0) {
            split(line, w, " ")
            if (w[1] == "periods") { first = w[2]; last = w[3]; n = w[5] }
            else if (w[1] == "agree") { agree = w[2]; total = w[4] }
            else if (w[1] ~ /^r_/) { R[w[1]] = w[2]; R[w[1] "_lo"] = w[4]; R[w[1] "_hi"] = w[5] }
            else R[w[1]] = w[2]
        }
    }
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    NR == 2 {
        found = 1
        if ($col["first"] != first || $col["last"] != last || $col["n"] != n) {
            print "periods " $col["first"] "-" $col["last"] " n " $col["n"]; bad = 1 }
        if ($col["agree"] != agree || $col["total"] != total) {
            print "agree " $col["agree"] " of " $col["total"]; bad = 1 }
        chk("apc_a", $col["apc_a"], R["apc_a"], 1e-9)
        chk("apc_b", $col["apc_b"], R["apc_b"], 1e-9)
        chk("p_parallel", $col["p_parallel"], R["p_parallel"], 1e-7)
        split("r_levels r_levels_lo r_levels_hi r_diff r_diff_lo r_diff_hi rho_levels rho_diff", k, " ")
        for (i = 1; i <= 8; i++) chk(k[i], $col[k[i]], R[k[i]], 1e-9)
        if ($col["verdict"] != "diverging") { print "verdict " $col["verdict"]; bad = 1 }
    }
    END { if (!found) { print "no row"; bad = 1 } exit bad }' "$TMP/cc/results/crosschecks.csv"
