#!/bin/sh
# Issue 15 (figure rendering): figure scripts are independent of each other,
# so an image does not depend on which gnuplot process drew it or what it
# drew before.  The default edition with --jobs 1 (one process draws all
# 165 figures in order) and --jobs 2 (a fixed split over two processes)
# must give byte-identical SVG and PNG files; and a figure drawn alone by a
# fresh `gnuplot -d NAME.gp` in a copy of its files must equal the
# edition's SVG (the first figure of the set, one from the middle and the
# last: the ones whose predecessors differ between the runs).
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
command -v gnuplot >/dev/null 2>&1 || { echo "gnuplot missing: skipped"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-par.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
for j in 1 2; do
    "$MT" run models/ndm.ini -o "$T/j$j" -q --jobs "$j" || { echo "--jobs $j failed"; fail=1; }
done
n=0
for f in "$T"/j1/figures/*.svg "$T"/j1/figures/*.png; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    b=$(basename "$f")
    cmp -s "$f" "$T/j2/figures/$b" || { echo "differs between --jobs 1 and 2: $b"; fail=1; }
done
[ "$n" -ge 100 ] || { echo "only $n images compared"; fail=1; }
[ "$(ls "$T/j1/figures" | wc -l)" -eq "$(ls "$T/j2/figures" | wc -l)" ] || { echo "different listings"; fail=1; }
ls "$T"/j1/figures/.monitrend-render-* >/dev/null 2>&1 && { echo "master scripts left in figures/"; fail=1; }
set -- $(ls "$T"/j1/figures/*.gp | grep -v '/theme.gp$' | awk '{ a[NR] = $0 } END { print a[1], a[int((NR + 1) / 2)], a[NR] }')
for gp in "$@"; do
    name=$(basename "$gp" .gp)
    mkdir "$T/alone-$name"
    cp "$T/j1/figures/$name.gp" "$T/j1/figures/$name.dat" "$T/j1/figures/theme.gp" "$T/alone-$name/"
    (cd "$T/alone-$name" && gnuplot -d "$name.gp") || { echo "$name: gnuplot alone failed"; fail=1; }
    cmp -s "$T/alone-$name/$name.svg" "$T/j1/figures/$name.svg" || { echo "$name: drawn alone differs from the edition"; fail=1; }
done
echo "$n images compared; $# figures redrawn alone"
exit $fail
