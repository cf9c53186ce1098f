#!/bin/sh
# Issue 11 items 7 and 8: sentences of the default edition's findings (en and nl) that must say
# what the data say.  Expected numbers and their sources (more beside each check below):
#   - Belgian cocaine seizures: the selected joinpoint model (joinpoint 1987, jump at the 2010
#     definition change) has a last segment 1987-2023 of +16.0% a year (95% CI +11.9% to +20.3%):
#     R lm refit in tests/reference/findings/current_trend.Rout (16.0329, 11.9132, 20.3043);
#     the whole-period log-linear "+24.6% a year" must not be the headline.
#   - Dutch opioid seizures: last segment 2021-2023 is shorter than 5 years, so the findings quote
#     the AAPC 2018-2023: -41.2% (95% CI -56.5% to -20.6%), same transcript (-41.2237, -56.4667,
#     -20.6434).
#   - seizures/ats/NL: 499 in 2023 against 13.48 in 2013 (data/unodc/seizures-nl-be.csv):
#     499 / 13.48 - 1 = +3,601.8% (hand); the bracket names the year: "(2013: 13.5)".
#   - prevalence/cannabis/BE waves 2004, 2008, 2013, 2018 (data/unodc/prevalence-nl-be.csv):
#     7.0 in 2018 against 4.6 in 2013, the previous wave: 7 / 4.6 - 1 = +52.2% (hand).
#   - data notes: wastewater_mean/methamphetamine/NL 2016 is 1.458183669 in results (the 3-city
#     mean); the findings print 1.46 (and its neighbours 5.00, 6.80), no decimal with more than
#     3 significant digits anywhere in the data notes.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mt-fnd.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
has() { grep -qF -- "$2" "$1" || fail "$(basename "$(dirname "$1")"): missing: $2"; }
hasnt() { grep -qF -- "$2" "$1" && fail "$(basename "$(dirname "$1")"): still there: $2"; }

"$MT" run models/ndm.ini -o "$TMP/en" -q --no-figures || fail "run (en)"
"$MT" run models/ndm.ini -o "$TMP/nl" -q --no-figures --lang nl || fail "run (nl)"
EN="$TMP/en/findings.txt"
NL="$TMP/nl/findings.txt"

# headlines and theme texts quote the joinpoint model's current trend
hasnt "$EN" "cocaine, BE: trend 1980-2023 +24.6% a year"
# the BE seizures model has errors = ar1 (models/ndm.ini): the interval of the last segment is the
# GLS one with its joinpoints held (tests/reference/ar1, nlme::gls); the iid refit of
# tests/reference/findings/current_trend.R gives +11.9% to +20.3%
has "$EN" "  Current trend: +16.0% a year since 1987 (95% CI +11.1% to +21.2%; last segment of the joinpoint model, 1987-2023)."
has "$NL" "  Huidige trend: +16,0% per jaar sinds 1987 (95%-BI +11,1% tot +21,2%; laatste segment van het knikpuntmodel, 1987-2023)."
has "$EN" "Drug seizures in the Netherlands and at the border, opioids, NL: on average -41.2% a year 2018-2023 (95% CI -56.5% to -20.6%; AAPC of the joinpoint model over the last 5 years)."
has "$NL" "Inbeslagnames in Nederland en aan de grens, opioïden, NL: gemiddeld -41,2% per jaar 2018-2023 (95%-BI -56,5% tot -20,6%; AAPC van het knikpuntmodel over de laatste 5 jaar)."
# every headline trend is a current trend: none quotes a whole period of a series with joinpoints
sed -n '/^HEADLINES/,/^THEME/p' "$EN" | grep -E ': trend [0-9]{4}-[0-9]{4} ' >"$TMP/whole"
while IFS= read -r line; do
    # allowed only when the series' joinpoint model has no joinpoint (then the
    # whole-period trend is the current one): its theme text has no "Joinpoints:"
    label=$(printf '%s\n' "$line" | sed 's/^[0-9]*\. //; s/: trend [0-9]\{4\}-[0-9]\{4\} .*//')
    if awk -v l="$label" 'index($0, l " (") == 1 {on = 1; next} on && /^$/ {exit} on && /^  Joinpoints:/ {f = 1} END {exit !f}' "$EN"; then
        fail "headline quotes a whole-period trend of a series with joinpoints: $line"
    fi
done <"$TMP/whole"

# the number in brackets says what it is
has "$EN" "Against ten years earlier (2013: 13.5): +3,601.8%."
has "$NL" "Ten opzichte van tien jaar eerder (2013: 13,5): +3.601,8%."
grep -qE 'years earlier: [-+]' "$EN" && fail "en: a change against years earlier without its period"
grep -qE 'jaar eerder: [-+]' "$NL" && fail "nl: a change against years earlier without its period"

# surveys: the previous wave, named with its year
has "$EN" "It rose 52.2% in 2018 compared with 2013, the previous wave, from 4.60 to 7.00."
has "$NL" "Het steeg 52,2% in 2018 ten opzichte van 2013, de vorige meting, van 4,60 naar 7,00."
n=$(grep -c 'No value for the previous period\.$\|No value for the previous period\. ' "$EN")
[ "$n" -eq 0 ] || fail "en: $n 'No value for the previous period' without the period"

# the latest value is named with its own period, not the last row's: the Belgian plant seizures
# end in 2018 with three empty years after it (data/eu-drug-markets-cannabis/plants-seized-2011-2021.csv:
# 416576 in 2017, 422261 in 2018; 422261 / 416576 - 1 = +1.4%, 422261 / 396758 (2013) - 1 = +6.4%)
has "$EN" "  Latest value: 422,261 (2018). It rose 1.4% in 2018 compared with 2017, from 416,576 to 422,261. Against five years earlier (2013: 396,758): +6.4%."
has "$NL" "  Laatste waarde: 422.261 (2018). Het steeg 1,4% in 2018 ten opzichte van 2017, van 416.576 naar 422.261."
# and its trend covers the years fitted, 2011-2018 (not the empty 2019-2021 rows)
has "$EN" "  Trend 2011-2018: +2.6% a year"
hasnt "$EN" "  Trend 2011-2021: +2.6% a year"

# data notes print values as a monitor does
has "$EN" "- Methamphetamine in wastewater, population-weighted mean of 3 Dutch cities, NL: value 1.46 in 2016 is 3.4 and 4.7 times smaller than its neighbours (5.00 in 2015, 6.80 in 2017) (jump)."
has "$NL" "- Methamfetamine in afvalwater, bevolkingsgewogen gemiddelde van 3 steden, NL: waarde 1,46 in 2016 "
# more than 3 significant digits after a decimal mark ('.' in English, ',' in Dutch, whose '.'
# separates thousands): 1.458, 13.48, 0.1234; not 4.9, 0.00068, 2,205
long() {   # FILE MARK
    sed -n '/^DATA NOTES\|^DATANOTITIES/,/^METHODS\|^METHODEN/p' "$1" |
        grep -E "[1-9][0-9]*[$2][0-9]{3,}|(^|[^0-9])0[$2]0*[1-9][0-9]{3,}" >"$TMP/long" &&
        fail "data notes with unrounded numbers: $(head -n 2 "$TMP/long")"
}
long "$EN" .
long "$NL" ,
grep -q '1.458183669' "$TMP/en/results/anomalies.csv" || fail "anomalies.csv: the full value is kept there"

[ "$fails" -eq 0 ] || exit 1
echo "findings_default: ok"
