#!/bin/sh
# PENDING (fails on the current code): Dutch findings (--lang nl) use Dutch throughout:
# "95%-BI" (never "95% CI" or "95% BI"), a decimal comma in every number (no decimal point
# before 1-2 or 4+ digits; "d.ddd" is a thousands group), Dutch words for verdicts and
# reasons, and the recent AAPC window starts at a year, not "2013.00".
# Bugs (see the report of the clitests branch):
#  - src/run/analyse.c:592 period_at(s, jr->aapc_recent.from, r->recent_from) writes "2013.00" when
#    the window start is not an observed period (prevalence/*/NL, 2013 absent); findings print
#    "(AAPC) 2013.00-2023" in both languages (src/present/write_findings.c:283).
#  - src/run/pipeline.c (about lines 1015, 1078, 1180) builds the displacement, availability and
#    ratio notes in English with %.1f/%.2f; write_findings.c prints them as they are in Dutch
#    ("share of ...: -1.21 percentage points a year (95% CI -1.71 to -0.70)").
#  - divergent-period reasons ("opposite changes", "residual -2.09"), verdicts ("consistent",
#    "diverging", "opposite", "inconclusive", "stable", "rising"), "lacking data" and the data
#    notes from warnings ("indicator X: no data in this edition", anomaly reasons with
#    "4.6 residual SDs") reach the Dutch text untranslated.
#  - breaks: "(95% BI 2005-2008)" instead of "(95%-BI 2005-2008)".
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-dutch.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
"$MT" run models/ndm.ini -o "$TMP/nl" --lang nl -q --no-figures || { echo "run failed"; exit 1; }
f="$TMP/nl/findings.txt"
# all of the text but the methods (which quote file names, versions and checksums)
sed '/^METHODEN$/,$d' "$f" >"$TMP/body"
grep -n -E '[0-9]\.([0-9]{1,2}|[0-9]{4,})([^0-9]|$)' "$TMP/body" >"$TMP/bad" &&
    fail "decimal point in Dutch text: $(head -n 3 "$TMP/bad")"
grep -n -E '95% (CI|BI)' "$TMP/body" >"$TMP/bad" && fail "'95% CI/BI' in Dutch text: $(head -n 3 "$TMP/bad")"
grep -n -E '\b(opposite changes|residual|diverging|inconclusive|consistent|lacking data|no data in this edition|percentage points|a year|stable|rising|falling|shift from)\b' \
    "$TMP/body" >"$TMP/bad" && fail "English in Dutch text: $(head -n 3 "$TMP/bad")"
grep -n -E 'AAPC\) [0-9]{4}\.[0-9]+-' "$f" >"$TMP/bad" && fail "AAPC window as a decimal year: $(head -n 1 "$TMP/bad")"
[ $fails -eq 0 ] || exit 1
echo "e2e_dutch_strict: ok"
