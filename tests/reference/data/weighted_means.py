#!/usr/bin/env python3
"""Reference values for the derived series of models/ndm.ini (population-weighted wastewater means,
coverage, and the cocaine back-calculation), computed independently of monitrend from the bundled
EUDA file as published. Standard library only; output: weighted_means.csv (this folder).

Rule (docs/model-format.md, [derived] aggregate): mean = sum(L_i P_i) / sum(P_i) over the sites with a
value in that year; coverage = sum(P_i present) / sum(P_i all); the year counts when coverage >= 0.5.
Weights: Population column of data/euda-wastewater-2025/ww2025-site-info-table.csv.
Back-calculation: consumption = mean(cocaine) * 2.33 (Zuccato et al. 2008); doses = consumption / 100.
Usage (from the repository root): python3 tests/reference/data/weighted_means.py
"""
import csv

ALL = "data/euda-wastewater-2025/ww2025-all-data.csv"
SITES = "data/euda-wastewater-2025/ww2025-site-info-table.csv"
GROUPS = {"NL": ("NL", ["Amsterdam", "Utrecht", "Eindhoven"]), "BE": ("BE", ["Antwerp Zuid", "Brussels"])}
SUBSTANCES = {"NL": ["cocaine", "MDMA", "amphetamine", "methamphetamine", "cannabis"], "BE": ["cocaine"]}

pop = {}
for r in csv.DictReader(open(SITES, encoding="utf-8", newline="")):
    pop[(r["Country"], r["City"])] = float(r["Population"])
loads = {}
for r in csv.DictReader(open(ALL, encoding="utf-8", newline="")):
    loads[(r["Country"], r["City"], r["Metabolite"], int(r["Year"]))] = float(r["Daily mean"])

out = []
for region, (cc, cities) in GROUPS.items():
    total = sum(pop[(cc, c)] for c in cities)
    for sub in SUBSTANCES[region]:
        for year in range(2011, 2025):
            present = [c for c in cities if (cc, c, sub, year) in loads]
            if not present:
                continue
            w = sum(pop[(cc, c)] for c in present)
            mean = sum(loads[(cc, c, sub, year)] * pop[(cc, c)] for c in present) / w
            cov = w / total
            counts = cov >= 0.5
            row = {"series": "wastewater_mean/%s/%s" % (sub.lower() if sub != "MDMA" else "mdma", region),
                   "period": year, "value": "%.17g" % mean if counts else "",
                   "coverage": "%.17g" % cov, "sites": " ".join(present)}
            out.append(row)
            if sub == "cocaine" and region == "NL" and counts:
                out.append({"series": "consumption/cocaine/NL", "period": year,
                            "value": "%.17g" % (mean * 2.33), "coverage": row["coverage"],
                            "sites": row["sites"]})
                out.append({"series": "doses/cocaine/NL", "period": year,
                            "value": "%.17g" % (mean * 2.33 / 100), "coverage": row["coverage"],
                            "sites": row["sites"]})
out.sort(key=lambda r: (r["series"], r["period"]))
with open("tests/reference/data/weighted_means.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["series", "period", "value", "coverage", "sites"],
                       lineterminator="\n")
    w.writeheader()
    w.writerows(out)
print("tests/reference/data/weighted_means.csv: %d rows" % len(out))
