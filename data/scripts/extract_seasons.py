#!/usr/bin/env python3
"""Build the monthly series of models/seasons.ini (issue 16, seasonal terms) from raw files.

data/seasons/nsw-drug-offences.csv: NSW Bureau of Crime Statistics and Research, police-recorded
  "Drug offences" per month 1995-01 .. 2023-12 (via the R package fpp3, Rdatasets
  csv/fpp3/nsw_offences.csv, commit f58caff6458204b33c44ef35976e555b316af5c4); values unchanged.
data/seasons/statcan-wastewater-cocaine.csv: Statistics Canada Table 13-10-0871-01, benzoylecgonine
  (cocaine) load per capita, mg/1000 people/day, with its standard error, per city and month
  2022-01 .. 2023-11 (via ADrugResearcher/Canadian-Drug-Waste-Water, commit
  9d29112047e3b1ccd0a3983c7ca4c7226d55b61d); values unchanged, rows with STATUS 'E' flagged estimate.
Usage: python3 data/scripts/extract_seasons.py RAW_DIR   (RAW_DIR holds bocsar-nsw-offences/ and
statcan-wastewater/ as in the shared data folder; run from the repository root)
"""
import csv
import sys

raw = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
MONTHS = {m: i + 1 for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])}

rows = []
for r in csv.DictReader(open(raw + "/bocsar-nsw-offences/nsw_offences.csv", encoding="utf-8", newline="")):
    if r["Type"] != "Drug offences":
        continue
    y, m = r["Month"].split()
    rows.append({"indicator": "offences", "market": "drugs", "region": "NSW",
                 "period": "%s-%02d" % (y, MONTHS[m]), "value": r["Count"]})
with open("data/seasons/nsw-drug-offences.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["indicator", "market", "region", "period", "value"], lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
print("nsw-drug-offences.csv: %d rows" % len(rows))

CITY = {"Halifax": "Halifax", "Montreal": "Montreal", "Toronto": "Toronto", "Edmonton": "Edmonton",
        "Vancouver": "Vancouver"}
vals, ses, est = {}, {}, set()
for r in csv.DictReader(open(raw + "/statcan-wastewater/wastewater.csv", encoding="utf-8-sig", newline="")):
    if r["Measure"] != "Cocaine (Benzoylecgonine)":
        continue
    city = next((v for k, v in CITY.items() if r["GEO"].startswith(k)), None)
    if city is None or r["VALUE"] == "":
        continue
    key = (city, r["REF_DATE"])
    if r["Characteristics"].startswith("Load per capita"):
        vals[key] = r["VALUE"]
        if r["STATUS"] == "E":
            est.add(key)
    elif r["Characteristics"].startswith("Standard error"):
        ses[key] = r["VALUE"]
out = []
for (city, month) in sorted(vals):
    out.append({"indicator": "wastewater", "market": "cocaine", "region": city, "period": month,
                "value": vals[(city, month)], "se": ses.get((city, month), ""),
                "flag": "estimate" if (city, month) in est else ""})
with open("data/seasons/statcan-wastewater-cocaine.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["indicator", "market", "region", "period", "value", "se", "flag"],
                       lineterminator="\n")
    w.writeheader()
    w.writerows(out)
print("statcan-wastewater-cocaine.csv: %d rows" % len(out))
