#!/usr/bin/env python3
"""Build data/example/cocaine-nl-be.csv, the small tidy file read by models/example.ini.

Rows are copied from the bundled extracts data/unodc/seizures-nl-be.csv (cocaine, NL and BE,
2005-2023) and data/unodc/prevalence-nl-be.csv (cocaine, NL, all years); values, bounds and
flags unchanged. Only the indicator names differ, on purpose, to show `map.indicator` and the
indicator key `data` in the example model: seizures -> seizures_kg, seizures_be -> seizures_kg,
prevalence -> past_year_use. The columns se and n are present and empty (no published values).
Usage: python3 data/scripts/make_example.py   (from the repository root)
"""
import csv

FIELDS = ["indicator", "period", "value", "market", "region", "lower", "upper", "se", "n",
          "flag", "note"]
RENAME = {"seizures": "seizures_kg", "seizures_be": "seizures_kg", "prevalence": "past_year_use"}
rows = []
for r in csv.DictReader(open("data/unodc/seizures-nl-be.csv", encoding="utf-8", newline="")):
    if r["market"] == "cocaine" and 2005 <= int(r["period"]) <= 2023:
        rows.append(r)
for r in csv.DictReader(open("data/unodc/prevalence-nl-be.csv", encoding="utf-8", newline="")):
    if r["market"] == "cocaine" and r["region"] == "NL":
        rows.append(r)
with open("data/example/cocaine-nl-be.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        out = {k: r.get(k, "") for k in FIELDS}
        out["indicator"] = RENAME[r["indicator"]]
        w.writerow(out)
print("data/example/cocaine-nl-be.csv: %d rows" % len(rows))
