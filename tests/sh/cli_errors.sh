#!/bin/sh
# Input errors through the CLI write nothing (issue 2: "exit status 2, and nothing written"):
# no output folder, no temporary folder left beside it, an existing edition left byte for byte;
# -q prints nothing on success, the default prints one "wrote" line on stderr, -v more.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-err.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
FX=tests/fixtures/cli

expect2() {   # DESCRIPTION ARGS...: exit 2, nothing on stdout, a message on stderr
    what=$1; shift
    "$MT" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ $rc -eq 2 ] || fail "$what: exit $rc, expected 2"
    [ -s "$TMP/out" ] && fail "$what: stdout: $(head -n 2 "$TMP/out")"
    grep -q '^monitrend: ' "$TMP/err" || fail "$what: no message"
}
mkdir "$TMP/w"
expect2 "ragged row" trend "$FX/ragged.csv" -o "$TMP/w/a"
expect2 "decimal comma" trend "$FX/decimal-comma.csv" -o "$TMP/w/b"
expect2 "unknown key" run "$FX/bad-key.ini" -o "$TMP/w/c"
expect2 "missing file" trend "$FX/no-such.csv" -o "$TMP/w/d"
expect2 "unknown series" crosscheck "$FX/cocaine.csv" --a wastewater/cocaine/Utrecht \
    --b wastewater/cocaine/Rotterdam -o "$TMP/w/e"
expect2 "usage" trend "$FX/cocaine.csv" -o "$TMP/w/f" --lang fr
[ -z "$(ls -A "$TMP/w")" ] || fail "input errors wrote: $(ls -A "$TMP/w")"
expect2 "check of a bad model" check "$FX/bad-key.ini"

# An existing edition survives an input error byte for byte.
"$MT" trend "$FX/cocaine.csv" -o "$TMP/w/ed" -q --no-figures || fail "trend -o"
(cd "$TMP/w/ed" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$TMP/before"
expect2 "ragged into an edition" trend "$FX/ragged.csv" -o "$TMP/w/ed"
(cd "$TMP/w/ed" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" || fail "an input error changed the existing edition"
[ "$(ls -A "$TMP/w")" = "ed" ] || fail "leftovers beside the edition: $(ls -A "$TMP/w")"

# Verbosity.
"$MT" trend "$FX/cocaine.csv" -o "$TMP/w/q" -q --no-figures >"$TMP/out" 2>"$TMP/err" || fail "-q run"
[ -s "$TMP/out" ] || [ -s "$TMP/err" ] && fail "-q printed: $(cat "$TMP/out" "$TMP/err" | head -n 2)"
"$MT" trend "$FX/cocaine.csv" -o "$TMP/w/n" --no-figures >"$TMP/out" 2>"$TMP/err" || fail "default run"
[ -s "$TMP/out" ] && fail "trend -o printed on stdout"
[ "$(cat "$TMP/err")" = "monitrend: wrote $TMP/w/n (3 series, 0 cross-check rows)" ] ||
    fail "default run stderr: $(cat "$TMP/err")"
# (run -v prints progress; trend -v prints nothing more than the default: noted in the report)
"$MT" run "$FX/tiny.ini" -o "$TMP/w/v" --no-figures -v >"$TMP/out" 2>"$TMP/err" || fail "-v run"
grep -q '^monitrend: analysing 3 series$' "$TMP/err" || fail "run -v printed no progress: $(cat "$TMP/err")"
# the threads do not change the results
"$MT" trend "$FX/cocaine.csv" -o "$TMP/w/j1" --no-figures --jobs 1 -q || fail "--jobs 1"
cmp -s "$TMP/w/j1/results.json" "$TMP/w/n/results.json" || fail "--jobs 1 changed results.json"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "cli_errors: ok"
