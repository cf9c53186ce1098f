#!/bin/sh
# The edition contract of `trend FILE.csv -o DIR` against `run MODEL -o DIR` (issues 2-4, 6):
#   - same layout (top-level files, results/*.csv, one figure set per series, overview);
#   - the same numbers for the same series (tests/fixtures/cli/tiny.ini reads cocaine.csv);
#   - --format svg,png,pdf adds a PDF beside every figure; --no-figures writes no figures/;
#   - --bootstrap 50 fills bands.csv boot_lo/boot_hi for a joinpoint series (and only then);
#   - identical inputs and options give byte-identical text, CSV, JSON and SVG;
#   - the slopes in results/trends.csv equal R lm() on the log (and linear) values, with the
#     missing year and an excluded point handled by the pipeline:
#     tests/reference/trend/trend_lm.Rout (R 4.2.2), to 1e-9 relative.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-contract.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
FX=tests/fixtures/cli
REF=tests/reference/trend/trend_lm.Rout

run_ok() {   # ARGS...: run $MT quietly, fail on a non-zero exit
    "$MT" "$@" -q >"$TMP/out" 2>"$TMP/err" || { fail "monitrend $*: exit $?: $(head -n 3 "$TMP/err")"; return 1; }
    [ -s "$TMP/out" ] && fail "monitrend $* -q printed: $(head -n 2 "$TMP/out")"
    return 0
}

run_ok trend "$FX/cocaine.csv" -o "$TMP/trend"
run_ok run "$FX/tiny.ini" -o "$TMP/run"
run_ok trend "$FX/cocaine.csv" -o "$TMP/again"
run_ok trend "$FX/cocaine.csv" -o "$TMP/pdf" --format svg,png,pdf --no-figures
run_ok trend "$FX/cocaine.csv" -o "$TMP/nofig" --no-figures
run_ok trend "$FX/cocaine.csv" -o "$TMP/boot" --no-figures --bootstrap 50 --seed 11
run_ok trend "$FX/cocaine.csv" -o "$TMP/boot2" --no-figures --bootstrap 50 --seed 11
run_ok trend "$FX/cocaine-na.csv" -o "$TMP/na" --no-figures
run_ok trend "$FX/cocaine.csv" -o "$TMP/linear" --no-figures --scale linear

# Layout: the same top-level entries and result files.
lst() { (cd "$1" && find . -maxdepth 2 ! -path './figures/*' | LC_ALL=C sort); }
lst "$TMP/trend" >"$TMP/l.trend"
lst "$TMP/run" >"$TMP/l.run"
cmp -s "$TMP/l.trend" "$TMP/l.run" || fail "trend -o layout differs from run's: $(diff "$TMP/l.trend" "$TMP/l.run" | head -n 6)"
for f in findings.txt manifest.json results.json results/trends.csv results/segments.csv \
         results/breaks.csv results/events.csv results/bands.csv results/anomalies.csv \
         results/crosschecks.csv results/availability.csv figures/overview.svg; do
    [ -f "$TMP/trend/$f" ] || fail "trend -o lacks $f"
done
# Per-series figures: the same names in both (cross-check figures and theme dashboards come
# from the model and differ by design).
for s in prevalence_cocaine_NL wastewater_cocaine_Amsterdam wastewater_cocaine_Utrecht; do
    for e in svg png gp dat; do
        [ -s "$TMP/trend/figures/$s.$e" ] || fail "trend -o lacks figures/$s.$e"
        [ -s "$TMP/run/figures/$s.$e" ] || fail "run lacks figures/$s.$e"
    done
done
# The same numbers for the same data (unit, labels and the model's seed aside).
for f in segments breaks bands events anomalies; do
    cmp -s "$TMP/trend/results/$f.csv" "$TMP/run/results/$f.csv" ||
        fail "results/$f.csv differs between trend -o and run on the same data"
done
cut -d, -f1,6- "$TMP/trend/results/trends.csv" >"$TMP/t1"
cut -d, -f1,6- "$TMP/run/results/trends.csv" >"$TMP/t2"
cmp -s "$TMP/t1" "$TMP/t2" || fail "trends.csv numbers differ between trend -o and run"
[ "$(wc -l <"$TMP/trend/results/trends.csv")" -eq 4 ] || fail "trends.csv: not 3 series"
# The manifest names the CSV with its SHA-256.
sum=$(sha256sum "$FX/cocaine.csv" | cut -d' ' -f1)
grep -q "\"path\": \"$FX/cocaine.csv\"" "$TMP/trend/manifest.json" || fail "manifest lacks the input path"
grep -q "\"sha256\": \"$sum\"" "$TMP/trend/manifest.json" || fail "manifest SHA-256 of the input"

# PDF on request: a PDF beside every SVG, with the PDF signature; not by default.
# --no-figures wins over --format; the second run replaces that edition.
[ -d "$TMP/pdf/figures" ] && fail "--no-figures with --format: figures written"
run_ok trend "$FX/cocaine.csv" -o "$TMP/pdf" --format svg,png,pdf
n_svg=0
for s in "$TMP/pdf/figures"/*.svg; do
    [ -f "$s" ] || continue
    n_svg=$((n_svg + 1))
    p=${s%.svg}.pdf
    [ -s "$p" ] || { fail "no PDF beside $(basename "$s")"; continue; }
    [ "$(head -c 5 "$p")" = "%PDF-" ] || fail "$(basename "$p"): no PDF signature"
done
[ $n_svg -ge 4 ] || fail "--format pdf: only $n_svg figures"
ls "$TMP/trend/figures" | grep -q '\.pdf$' && fail "PDF written without --format pdf"
run_ok trend "$FX/cocaine.csv" -o "$TMP/pdfonly" --format pdf
ls "$TMP/pdfonly/figures" | grep -q '\.\(svg\|png\)$' && fail "--format pdf wrote svg or png"
ls "$TMP/pdfonly/figures" | grep -q '\.pdf$' || fail "--format pdf wrote no pdf"

# --no-figures: no figures folder, everything else there.
[ -e "$TMP/nofig/figures" ] && fail "--no-figures wrote figures/"
[ -s "$TMP/nofig/results/trends.csv" ] || fail "--no-figures: no trends.csv"
cmp -s "$TMP/nofig/results/trends.csv" "$TMP/trend/results/trends.csv" ||
    fail "--no-figures changed trends.csv"

# Reproducible: identical inputs and options give byte-identical text, CSV, JSON and SVG.
for f in findings.txt manifest.json results.json results/trends.csv results/bands.csv \
         figures/wastewater_cocaine_Utrecht.svg figures/overview.svg; do
    cmp -s "$TMP/trend/$f" "$TMP/again/$f" || fail "$f differs between two identical runs"
done
cmp -s "$TMP/boot/results/bands.csv" "$TMP/boot2/results/bands.csv" ||
    fail "bootstrap bands differ between two runs with the same seed"

# Bootstrap: boot_lo/boot_hi (columns 11, 12) filled for Utrecht (2 joinpoints by WBIC),
# boot_lo <= fitted <= boot_hi; empty without --bootstrap.
awk -F, '$1 == "wastewater/cocaine/Utrecht" {
        n++
        if ($11 == "" || $12 == "") { print "empty boot band at " $2; bad = 1 }
        else if (!($11 + 0 <= $4 + 0 && $4 + 0 <= $12 + 0 && $11 + 0 > 0)) { print "boot band " $11 " " $4 " " $12 " at " $2; bad = 1 }
    }
    END { if (n != 14) { print n " Utrecht rows"; bad = 1 } exit bad }' \
    "$TMP/boot/results/bands.csv" >"$TMP/b.out" || fail "--bootstrap 50: $(head -n 3 "$TMP/b.out")"
grep -q '^wastewater/cocaine/Utrecht,.*,2,2015;2018,wbic,' "$TMP/boot/results/trends.csv" ||
    fail "Utrecht is no longer a 2-joinpoint series: the bootstrap check needs another series"
awk -F, 'NR > 1 && ($11 != "" || $12 != "") { print; bad = 1 } END { exit bad }' \
    "$TMP/trend/results/bands.csv" >"$TMP/b.out" || fail "boot band without --bootstrap: $(head -n 1 "$TMP/b.out")"
# The analytic bands do not depend on the bootstrap.
cut -d, -f1-10 "$TMP/boot/results/bands.csv" >"$TMP/b1"
cut -d, -f1-10 "$TMP/trend/results/bands.csv" >"$TMP/b2"
cmp -s "$TMP/b1" "$TMP/b2" || fail "--bootstrap changed the analytic bands"

# R lm() on the same values (tests/reference/trend/trend_lm.Rout): slope, its SE, APC and CI,
# p.  CASE SERIES TRENDS.CSV
rcheck() {
    awk -F, -v series="$2" -v case="$1" -v ref="$REF" '
        function rel(a, b) { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; return m > 0 ? d / m : d }
        BEGIN {
            while ((getline line < ref) > 0) {
                if (line ~ /^case /) { split(line, w, " "); cur = w[2]; continue }
                if (cur != case) continue
                split(line, w, " ")
                if (w[1] == "coef" && w[2] == "t") { slope = w[3]; se = w[5]; p = w[9] }
                if (w[1] == "apc") { apc = w[2]; lo = w[3]; hi = w[4] }
                if (w[1] == "case") break
            }
            if (slope == "") { print "no case " case " in " ref; exit 1 }
        }
        $1 == series {
            found = 1
            # columns: 6 n, 9 scale, 10 slope, 11 slope_se, 12 apc, 13 apc_lo, 14 apc_hi, 15 p_trend
            if (rel($10, slope) > 1e-9) { print case ": slope " $10 " vs R " slope; bad = 1 }
            if (rel($11, se) > 1e-9) { print case ": slope_se " $11 " vs R " se; bad = 1 }
            if (rel($15, p) > 1e-7) { print case ": p " $15 " vs R " p; bad = 1 }
            if (apc != "") {
                if (rel($12, apc) > 1e-9) { print case ": apc " $12 " vs R " apc; bad = 1 }
                if (rel($13, lo) > 1e-9) { print case ": apc_lo " $13 " vs R " lo; bad = 1 }
                if (rel($14, hi) > 1e-9) { print case ": apc_hi " $14 " vs R " hi; bad = 1 }
            }
        }
        END { if (!found) { print "no row " series; bad = 1 } exit bad }' "$3" >"$TMP/r.out" ||
        fail "R lm: $(head -n 4 "$TMP/r.out")"
}
rcheck utrecht_cocaine_ww wastewater/cocaine/Utrecht "$TMP/trend/results/trends.csv"
rcheck amsterdam_cocaine_ww wastewater/cocaine/Amsterdam "$TMP/trend/results/trends.csv"
rcheck nl_cocaine_prevalence prevalence/cocaine/NL "$TMP/trend/results/trends.csv"
# an explicit NA row and an excluded point change nothing
rcheck utrecht_cocaine_ww wastewater/cocaine/Utrecht "$TMP/na/results/trends.csv"
rcheck amsterdam_cocaine_ww wastewater/cocaine/Amsterdam "$TMP/na/results/trends.csv"
grep -q '^wastewater/cocaine/Utrecht,wastewater,cocaine,Utrecht,,14,2011,2024,log,' "$TMP/trend/results/trends.csv" ||
    fail "Utrecht n/first/last/scale: $(grep Utrecht "$TMP/trend/results/trends.csv" | cut -d, -f1-9)"
grep -q '^wastewater/cocaine/Amsterdam,wastewater,cocaine,Amsterdam,,13,2011,2024,log,' "$TMP/na/results/trends.csv" ||
    fail "Amsterdam with an NA row: $(grep Amsterdam "$TMP/na/results/trends.csv" | cut -d, -f1-9)"
# --scale linear: the slope on the data scale, APC columns empty
rcheck utrecht_cocaine_ww_linear wastewater/cocaine/Utrecht "$TMP/linear/results/trends.csv"
grep -q '^wastewater/cocaine/Utrecht,[^,]*,[^,]*,[^,]*,[^,]*,14,2011,2024,linear,[^,]*,[^,]*,,,,' \
    "$TMP/linear/results/trends.csv" || fail "--scale linear: scale or empty APC columns"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "e2e_contract: ok"
