#!/usr/bin/env python3
"""Extract the monthly example series of models/monthly.ini from the raw files.

Usage: python3 data/scripts/make_monthly.py <collection>/
  <collection>/bocsar-nsw-offences/nsw_offences.csv  (Rdatasets fpp3::nsw_offences)
  <collection>/statcan-wastewater/wastewater.csv     (Statistics Canada 13-10-0871-01)
Writes data/monthly/nsw-drug-offences.csv and data/monthly/statcan-wastewater.csv.
Reshaping only: "1995 Jan" -> "1995-01"; StatCan's five statistics per point become
value/lower/upper/se of one row; no value is changed.
"""
import csv
import os
import sys

MONTHS = {m: i + 1 for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])}


def nsw(src, dst):
    rows = []
    with open(src, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["Type"] != "Drug offences":
                continue
            y, m = r["Month"].split()
            rows.append((f"{int(y):04d}-{MONTHS[m]:02d}", r["Count"]))
    rows.sort()
    with open(dst, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["indicator", "period", "value", "market", "region", "note"])
        for p, v in rows:
            w.writerow(["drug_offences", p, v, "", "NSW", ""])
    return len(rows)


STAT = {
    "Load per capita (milligrams per one thousand people per day)": "value",
    "Low 95% confidence interval, load per capita": "lower",
    "High 95% confidence interval, load per capita": "upper",
    "Standard error, load per capita": "se",
}
MEASURES = {"Cocaine (Benzoylecgonine)": "cocaine", "Methamphetamine": "methamphetamine"}
GEO = {"Weighted average, cities measured": "CA"}


def statcan(src, dst):
    pts = {}
    with open(src, newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["GEO"] not in GEO or r["Measure"] not in MEASURES:
                continue
            col = STAT.get(r["Characteristics"])
            if col is None:
                continue
            key = (MEASURES[r["Measure"]], GEO[r["GEO"]], r["REF_DATE"])
            pts.setdefault(key, {})[col] = r["VALUE"]
            if r["STATUS"]:
                pts[key]["note"] = "StatCan status " + r["STATUS"]
    with open(dst, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["indicator", "period", "value", "market", "region", "lower", "upper", "se", "note"])
        for (market, region, period), d in sorted(pts.items()):
            w.writerow(["wastewater_load", period, d["value"], market, region,
                        d.get("lower", ""), d.get("upper", ""), d.get("se", ""), d.get("note", "")])
    return len(pts)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "monthly")
    os.makedirs(here, exist_ok=True)
    n1 = nsw(os.path.join(root, "bocsar-nsw-offences", "nsw_offences.csv"),
             os.path.join(here, "nsw-drug-offences.csv"))
    n2 = statcan(os.path.join(root, "statcan-wastewater", "wastewater.csv"),
                 os.path.join(here, "statcan-wastewater.csv"))
    print(f"nsw-drug-offences.csv: {n1} rows; statcan-wastewater.csv: {n2} rows")


if __name__ == "__main__":
    main()
