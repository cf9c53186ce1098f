#!/bin/sh
# -v prints the progress of the permutation tests and of the bootstrap
# (issue 15): on stderr, one line per sequential test and per tenth of the
# bootstrap samples, naming the series; nothing of it on stdout, nothing
# without -v, and the results are those of a run without -v.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-progress.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
args="tests/fixtures/bench/cocaine-nl-be.csv --no-figures --select permutation --permutations 99 --bootstrap 20 --seed 3"
# shellcheck disable=SC2086
"$MT" trend $args -o "$T/v" -v >"$T/v.out" 2>"$T/v.err" || { echo "trend -v failed"; cat "$T/v.err"; exit 1; }
# shellcheck disable=SC2086
"$MT" trend $args -o "$T/q" >"$T/q.out" 2>"$T/q.err" || { echo "trend failed"; exit 1; }
# the fixture's first series has 2 sequential tests at most (max 2 joinpoints)
grep -q '^monitrend: past_year_use/cocaine/NL: permutation test 1 of at most 2$' "$T/v.err" ||
    { echo "no permutation progress on stderr"; fail=1; }
for b in 2 4 6 8 10 12 14 16 18 20; do
    grep -q "^monitrend: past_year_use/cocaine/NL: bootstrap $b of 20 samples\$" "$T/v.err" ||
        { echo "no 'bootstrap $b of 20 samples' on stderr"; fail=1; }
done
if grep -q 'permutation test\|bootstrap' "$T/v.out" "$T/q.out" "$T/q.err"; then
    echo "progress printed on stdout or without -v"
    fail=1
fi
diff -r "$T/v" "$T/q" >/dev/null || { echo "-v changed the results"; diff -r "$T/v" "$T/q" | head; fail=1; }
exit $fail
