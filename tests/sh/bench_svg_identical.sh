#!/bin/sh
# Figures are reproducible: two runs of `monitrend trend` with figures on the
# same small real series (tests/fixtures/bench/cocaine-nl.csv) give
# byte-identical SVG files, gnuplot scripts and data files.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
command -v gnuplot >/dev/null 2>&1 || { echo "gnuplot missing: skipped"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-svg.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
for r in a b; do
    "$MT" trend tests/fixtures/bench/cocaine-nl.csv -o "$T/$r" --format svg -q --jobs 2 \
        || { echo "trend run $r failed"; exit 1; }
done
fail=0
n=0
for f in "$T"/a/figures/*.svg "$T"/a/figures/*.gp "$T"/a/figures/*.dat; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    b=$(basename "$f")
    cmp -s "$f" "$T/b/figures/$b" || { echo "differs: $b"; diff "$f" "$T/b/figures/$b" | head -n 10; fail=1; }
done
[ "$(ls "$T"/a/figures/*.svg 2>/dev/null | wc -l)" -ge 1 ] || { echo "no SVG written"; fail=1; }
[ "$(ls "$T/a/figures" | wc -l)" -eq "$(ls "$T/b/figures" | wc -l)" ] || { echo "different figure listings"; fail=1; }
echo "$n files compared"
exit $fail
