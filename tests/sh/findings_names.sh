#!/bin/sh
# Issue 12: findings.txt names every series for readers, in both languages: no series id
# ("seizures/cocaine/NL", "incidents/soft"), no snake_case id ("cannabis_resin",
# "ww_amphetamine_nl", "seizures_be"), no raw ratio formula ("{consumption/cocaine/NL}"),
# no market "all" as a word ("..., all, NL"); and in Dutch no English market or region word
# where the built-in vocabulary (src/present/names.c) has a Dutch one ("cocaine", "Brussels",
# "opioids", "synthetic", "ports"...).  Checked on every section but METHODS (which quotes
# input file names) - headlines, themes, cross-checks and data notes.
# The ids come from the edition itself (results/trends.csv: every series id) and the model
# (derived, indicator and cross-check ids with '_'), so a new series is covered too.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-fnames.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$MT" run models/ndm.ini -o "$TMP/en" -q --no-figures || fail "run (en)"
"$MT" run models/ndm.ini -o "$TMP/nl" -q --no-figures --lang nl || fail "run (nl)"

# every id of the edition: series ids (first column of trends.csv), model ids with '_'
cut -d, -f1 "$TMP/en/results/trends.csv" | sed 1d | sort -u >"$TMP/ids"
sed -n 's/^\[\(derived\|indicator\|crosscheck\):\([^]]*\)\].*/\2/p' models/ndm.ini | grep _ >>"$TMP/ids"
[ "$(wc -l <"$TMP/ids")" -gt 100 ] || fail "too few ids read ($(wc -l <"$TMP/ids")): the test reads nothing"

for lang in en nl; do
    f="$TMP/$lang/findings.txt"
    sed -n '/^\(METHODS\|METHODEN\)$/q;p' "$f" >"$TMP/body"
    grep -q -E '^(DATA NOTES|DATANOTITIES)$' "$TMP/body" || fail "$lang: no data notes section checked"
    # an id as a whole token: not inside a longer word or path
    while IFS= read -r id; do
        grep -n -F -- "$id" "$TMP/body" |
            grep -E "(^|[^A-Za-z0-9_/.-])$(printf '%s' "$id" | sed 's/[.[\*^$]/\\&/g')([^A-Za-z0-9_/-]|$)" \
                >"$TMP/bad" && fail "$lang: id $id in findings: $(head -n 2 "$TMP/bad")"
    done <"$TMP/ids"
    grep -n '_' "$TMP/body" >"$TMP/bad" && fail "$lang: '_' (a snake_case id) in findings: $(head -n 3 "$TMP/bad")"
    grep -n -E '[a-z_]+/[a-z_]+/[A-Za-z-]+' "$TMP/body" | grep -v 'docs/' >"$TMP/bad" &&
        fail "$lang: indicator/market/region id in findings: $(head -n 3 "$TMP/bad")"
    grep -n -F '{' "$TMP/body" >"$TMP/bad" && fail "$lang: a formula in findings: $(head -n 3 "$TMP/bad")"
    grep -n -E ', all(,|:| \()' "$TMP/body" >"$TMP/bad" && fail "$lang: market 'all' as a word: $(head -n 3 "$TMP/bad")"
done
# English market and region words that have a Dutch form (src/present/names.c)
grep -n -E '\b(cocaine|heroin|opioids|amphetamines?|methamphetamine|synthetic|Brussels|Antwerp|ports|all drugs|cannabis resin|cannabis herb|shift from|derived)\b' \
    "$TMP/body" >"$TMP/bad" && fail "nl: English market or region word: $(head -n 3 "$TMP/bad")"
# and the readers' names are there (the test can see them)
grep -q -F 'Drugsresten in afvalwater (daggemiddelde), MDMA, Brussel steeg' "$TMP/nl/findings.txt" ||
    fail "nl: headline with the Dutch market and city names missing"
grep -q -F 'Ontneming en inning (alle criminaliteit, niet alleen drugs), NL:' "$TMP/nl/findings.txt" ||
    fail "nl: a series of market 'all' titled without it missing"
[ $fails -eq 0 ] || exit 1
echo "findings_names: ok"
