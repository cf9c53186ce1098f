#!/bin/sh
# The bundled press figures (data/ndm-press/, issue 17) keep their layout, flags, sources and the
# identities their sources state (data/scripts/check_press.py); and the check fails when a value
# is changed (a copy with one altered value must be refused).
set -u
: "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-press.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
out=$(python3 data/scripts/check_press.py data/ndm-press) || { echo "FAIL: $out"; exit 1; }
case $out in *" rows, 0 problems") ;; *) echo "FAIL: $out"; exit 1 ;; esac
cp data/ndm-press/*.csv "$TMP/"
sed -i 's/^drug_labs,2022,83,synthetic,NL/drug_labs,2022,84,synthetic,NL/' "$TMP/production-sites-nl.csv"
if python3 data/scripts/check_press.py "$TMP" >"$TMP/out"; then
    echo "FAIL: an altered value passed: $(tail -n 1 "$TMP/out")"; exit 1
fi
grep -q "labs 2022: parts" "$TMP/out" || { echo "FAIL: wrong complaint: $(head -n 2 "$TMP/out")"; exit 1; }
echo "data_press: ok"
