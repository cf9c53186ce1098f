#!/bin/sh
# PENDING (fails on the current code): manifest.json and the findings' methods section must
# list every input of a run - the model AND every data file its sources name - with its
# SHA-256 (issue 2: "model and every input with its SHA-256").
# Bug: src/run/pipeline.c, mt_pipeline_load_model: `mt_strlist_find(&run->inputs, p) ==
# run->inputs.n` never holds, since mt_strlist_find returns (size_t)-1 when absent
# (include/monitrend/strlist.h); so no source file is ever added.  Compare with (size_t)-1.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-manifest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
"$MT" run tests/fixtures/cli/tiny.ini -o "$TMP/tiny" -q --no-figures || { echo "run failed"; exit 1; }
"$MT" run models/ndm.ini -o "$TMP/ndm" -q --no-figures || { echo "run failed"; exit 1; }
check() {   # EDITION MODEL
    # every distinct source file of the model, as the run resolves it (relative to the model)
    dir=$(dirname "$2")
    sed -n 's/^file[ \t]*=[ \t]*//p' "$2" | sort -u | while IFS= read -r f; do
        p="$dir/$f"
        sum=$(sha256sum "$p" | cut -d' ' -f1)
        grep -q "\"sha256\": \"$sum\"" "$1/manifest.json" || echo "manifest.json lacks $p"
        grep -q "$sum" "$1/findings.txt" || echo "findings.txt methods lack $p"
    done >"$TMP/miss"
    [ -s "$TMP/miss" ] && fail "$1: $(head -n 4 "$TMP/miss")"
}
check "$TMP/tiny" tests/fixtures/cli/tiny.ini
check "$TMP/ndm" models/ndm.ini
[ $fails -eq 0 ] || exit 1
echo "e2e_manifest_inputs: ok"
