#!/bin/sh
# `trend -o DIR` without figures reads a file whose series come in order one
# series at a time and drops each series and its result once written (issue
# 15: memory flat in the number of series).  Its edition must be the one the
# whole-file path writes: the same file with its rows shuffled is read whole
# (rows of a series apart), so the two editions must agree byte for byte
# except where they name their input (its path and SHA-256: the manifest's
# inputs and the findings' methods).  Checked on real data with a `source`
# column (provenance in the manifest), projections and Dutch findings, on a
# seeded synthetic suite of 300 series with --jobs 1 and 2, and for errors:
# a bad value in a file in order gives the same message as in a shuffled one.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-stream.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
fail=0

# shuffle the data rows of $1 into $2 (header first), seeded: awk's srand
shuffle() {
    head -n 1 "$1" > "$2"
    tail -n +2 "$1" | awk 'BEGIN { srand(7) } { printf "%.12f\t%s\n", rand(), $0 }' | sort -k1,1 |
        cut -f 2- >> "$2"
}

# the two editions agree except for the lines that name the input file
same() { # DIR_A DIR_B
    for f in results.json $(cd "$1" && ls results/*.csv); do
        cmp -s "$1/$f" "$2/$f" || { echo "differs: $f ($1 vs $2)"; diff "$1/$f" "$2/$f" | head -n 6; fail=1; }
    done
    grep -v -e '  [0-9a-f]\{64\}  ' "$1/findings.txt" > "$T/fa"
    grep -v -e '  [0-9a-f]\{64\}  ' "$2/findings.txt" > "$T/fb"
    cmp -s "$T/fa" "$T/fb" || { echo "differs: findings.txt ($1 vs $2)"; diff "$T/fa" "$T/fb" | head -n 6; fail=1; }
    # the manifest from "provenance" on (after the inputs and options)
    sed -n '/"provenance"/,$p' "$1/manifest.json" > "$T/ma"
    sed -n '/"provenance"/,$p' "$2/manifest.json" > "$T/mb"
    [ -s "$T/ma" ] || { echo "no provenance in $1/manifest.json"; fail=1; }
    cmp -s "$T/ma" "$T/mb" || { echo "differs: manifest.json provenance ($1 vs $2)"; diff "$T/ma" "$T/mb" | head -n 6; fail=1; }
}

# Real data typed from published text, one source per row.
# its rows sorted by series (indicator, market, region; stable, so each series'
# rows keep their order): the series then come in id order
mkdir -p "$T/in" "$T/sh"
head -n 1 data/ndm-press/market-purity-price-nl.csv > "$T/in/press.csv"
tail -n +2 data/ndm-press/market-purity-price-nl.csv | LC_ALL=C sort -s -t, -k1,1 -k4,4 -k5,5 >> "$T/in/press.csv"
shuffle "$T/in/press.csv" "$T/sh/press.csv"
# which path each file takes (-v says)
"$MT" trend "$T/in/press.csv" -o "$T/v-a" --no-figures -v 2>&1 | grep -q 'series, read one at a time' ||
    { echo "the sorted file was not read one series at a time"; fail=1; }
"$MT" trend "$T/sh/press.csv" -o "$T/v-b" --no-figures -v 2>&1 | grep -q 'series, read one at a time' &&
    { echo "the shuffled file was read one series at a time"; fail=1; }
cmp -s "$T/in/press.csv" "$T/sh/press.csv" && { echo "shuffle left the file as it was"; fail=1; }
for lang in en nl; do
    "$MT" trend "$T/in/press.csv" -o "$T/a-$lang" --no-figures -q --project 2 --lang "$lang" ||
        { echo "trend (in order, $lang) failed"; exit 1; }
    "$MT" trend "$T/sh/press.csv" -o "$T/b-$lang" --no-figures -q --project 2 --lang "$lang" ||
        { echo "trend (shuffled, $lang) failed"; exit 1; }
    same "$T/a-$lang" "$T/b-$lang"
done
grep -q '"source"' "$T/a-en/manifest.json" || { echo "no per-row source in the streamed manifest"; fail=1; }

# A seeded synthetic suite: 300 series, with --jobs 1 and 2.
B="$ROOT/${BUILD:-build}/bench/bench_suite"
if [ -x "$B" ]; then
    mkdir -p "$T/suite"
    "$B" --series 300 --points 25 --seed 20261123 --dir "$T/suite" --write-only >/dev/null ||
        { echo "bench_suite failed"; exit 1; }
    cp "$T/suite/suite.csv" "$T/in/suite.csv"
    shuffle "$T/in/suite.csv" "$T/sh/suite.csv"
    "$MT" trend "$T/in/suite.csv" -o "$T/v-s" --no-figures -v 2>&1 | grep -q 'series, read one at a time' ||
        { echo "the synthetic suite was not read one series at a time"; fail=1; }
    for j in 1 2; do
        "$MT" trend "$T/in/suite.csv" -o "$T/s-$j" --no-figures -q --jobs $j || { echo "suite --jobs $j failed"; exit 1; }
    done
    "$MT" trend "$T/sh/suite.csv" -o "$T/s-sh" --no-figures -q --jobs 2 || { echo "suite shuffled failed"; exit 1; }
    same "$T/s-1" "$T/s-2"
    same "$T/s-2" "$T/s-sh"
    n=$(grep -c '^s[0-9]' "$T/s-2/findings.txt")
    [ "$n" -eq 300 ] || { echo "streamed findings name $n series, expected 300"; fail=1; }
    grep -q '^10\. ' "$T/s-2/findings.txt" || { echo "no ten headlines in the streamed findings"; fail=1; }
else
    echo "note: $B not built (make bench-bin): synthetic suite skipped"
fi

# The same error, in order or not: a bad value in the middle of the file.
awk -F, 'NR == 20 { $3 = "12x"; OFS = "," } { print }' OFS=, "$T/in/press.csv" > "$T/in/bad.csv"
"$MT" trend "$T/in/bad.csv" -o "$T/bad-a" --no-figures -q 2> "$T/ea"; ra=$?
"$MT" trend "$T/in/bad.csv" 2> "$T/ec" >/dev/null; rc=$?
[ "$ra" -eq 2 ] && [ "$rc" -eq 2 ] || { echo "bad value: exit $ra (streamed) and $rc (read whole), expected 2"; fail=1; }
cmp -s "$T/ea" "$T/ec" || { echo "bad value: messages differ"; cat "$T/ea" "$T/ec"; fail=1; }
[ ! -e "$T/bad-a" ] || { echo "a failed run left $T/bad-a"; fail=1; }
exit $fail
