#!/usr/bin/env python3
"""Extract the tidy UNODC files bundled in data/unodc/ (prevalence and seizures, NL and BE).

Input: triangulation_series_long.csv, the long table built from the UNODC World Drug Report 2025
annex (tables 1.2 and 7.1) and the UNODC historical seizure series (seizures_1.csv, via Kaggle); see
data/PROVENANCE.md. This script only selects rows, renames ids, rounds binary float noise (values
were read from xlsx as doubles, e.g. 2.2999999999999998) to 10 significant digits, and sets flags:

- prevalence: flag `exclude` on rows whose method is a school survey (SS), because the series is
  household-survey (HHS) general population 15-64; a note names the age range when it is not 15-64.
- seizures: flag `break` on the first year (2010) of UNODC's new cocaine category "Cocaine salts"
  (before: "Cocaine (base, paste and salts)"), for NL and BE alike (both changed in 2010).

Standard library only. Usage:
    python3 data/scripts/extract_unodc.py /work/shared/data/derived/triangulation_series_long.csv data/unodc
Output is deterministic (sorted rows, LF line ends, no BOM).
"""
import csv
import os
import sys

FIELDS = ["indicator", "period", "value", "market", "region", "lower", "upper", "flag", "note"]

PREV_MARKETS = {"Cannabis": "cannabis", "Cocaine": "cocaine", "Ecstasy": "ecstasy",
                "Amphetamines": "amphetamines"}
SEIZ_MARKETS = {"cocaine": "cocaine", "cannabis": "cannabis", "ATS": "ats", "opioids": "opioids"}
SEIZ_INDICATOR = {"NL": "seizures", "BE": "seizures_be"}


def num(text):
    """Round float noise away: 10 significant digits, shortest repr."""
    if text is None or text.strip() == "":
        return ""
    v = float(text)
    r = float("%.10g" % v)
    if r == int(r) and abs(r) < 1e15:
        return str(int(r))
    return repr(r)


def prevalence(rows):
    out = []
    for r in rows:
        parts = r["series_id"].split(".")
        if parts[0] != "prev" or parts[1] not in ("NL", "BE") or parts[2] not in PREV_MARKETS:
            continue
        note = r["note"].strip()
        flag = ""
        unit = r["unit"]
        if "method=SS" in note:
            flag = "exclude"
            note = note + "; school survey, not the household survey of the series"
        if "aged 15-64" not in unit:
            note = note + "; " + unit.replace("% of population ", "")
        out.append({"indicator": "prevalence", "period": r["year"], "value": num(r["value"]),
                    "market": PREV_MARKETS[parts[2]], "region": parts[1],
                    "lower": num(r["low"]), "upper": num(r["high"]), "flag": flag,
                    "note": note})
    return out


def seizures(rows):
    out = []
    for r in rows:
        parts = r["series_id"].split(".")
        if parts[0] != "seiz" or parts[1] not in ("NL", "BE") or parts[2] not in SEIZ_MARKETS:
            continue
        flag = ""
        note = r["note"].strip()
        src = os.path.basename(r["source_file"])
        note = "%s (%s)" % (note, src)
        if parts[2] == "cocaine" and r["year"] == "2010":
            flag = "break"
            note += "; UNODC category changed in 2010 from 'Cocaine (base, paste and salts)'" \
                    " to 'Cocaine salts'"
        out.append({"indicator": SEIZ_INDICATOR[parts[1]], "period": r["year"],
                    "value": num(r["value"]), "market": SEIZ_MARKETS[parts[2]],
                    "region": parts[1], "lower": "", "upper": "", "flag": flag, "note": note})
    return out


def write(path, rows):
    rows.sort(key=lambda x: (x["indicator"], x["market"], x["region"], int(x["period"])))
    seen = set()
    for x in rows:
        key = (x["indicator"], x["market"], x["region"], x["period"])
        if key in seen:
            sys.exit("duplicate %r" % (key,))
        seen.add(key)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print("%s: %d rows" % (path, len(rows)))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    write(os.path.join(sys.argv[2], "prevalence-nl-be.csv"), prevalence(rows))
    write(os.path.join(sys.argv[2], "seizures-nl-be.csv"), seizures(rows))


if __name__ == "__main__":
    main()
