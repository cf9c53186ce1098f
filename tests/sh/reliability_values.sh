#!/bin/sh
# Issue 13, defect 6: values near DBL_MAX (1e308 ... 1.797e308) wrote `set
# yrange [nan:nan]` and gnuplot failed.  Axis ranges are now computed in
# scaled units and clamped: the run succeeds, no script holds nan or inf,
# the range ends at most at the largest double (1.7976931348623157e+308),
# and the SVGs are well-formed XML (xmllint, when installed).  Both signs,
# log (auto) and linear scale.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
command -v gnuplot >/dev/null 2>&1 || { echo "gnuplot missing: skipped"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-big.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
printf 'indicator,period,value\nx,2018,1e308\nx,2019,1.5e308\nx,2020,1.7e308\nx,2021,1.797e308\nx,2022,1.2e308\n' > "$T/pos.csv"
printf 'indicator,period,value\nx,2018,-1e308\nx,2019,1.5e308\nx,2020,-1.797e308\nx,2021,1.797e308\nx,2022,1.2e308\n' > "$T/mixed.csv"
for c in "pos auto" "pos linear" "mixed linear"; do
    set -- $c
    "$MT" trend "$T/$1.csv" -o "$T/$1-$2" --scale "$2" -q 2>"$T/err" || { echo "$c: failed: $(cat "$T/err")"; fail=1; continue; }
    gp="$T/$1-$2/figures/x.gp"
    grep -qi "nan\|inf" "$gp" && { echo "$c: nan or inf in the script"; grep -ni "nan\|inf" "$gp" | head -3; fail=1; }
    grep -q "^set yrange \[-\{0,1\}[0-9][0-9.e+-]*:-\{0,1\}[0-9][0-9.e+-]*\]$" "$gp" || { echo "$c: no finite y range: $(grep yrange "$gp" | head -1)"; fail=1; }
    [ -s "$T/$1-$2/figures/x.png" ] || { echo "$c: no PNG"; fail=1; }
    if command -v xmllint >/dev/null 2>&1; then
        xmllint --noout "$T/$1-$2/figures/x.svg" || { echo "$c: SVG not well-formed"; fail=1; }
    fi
done
exit $fail
