#!/usr/bin/env python3
"""check_press.py - consistency of the hand-typed press figures in data/ndm-press/.

The values themselves were checked by hand against the stored source pages (data/PROVENANCE.md).
This script checks what can be checked without those pages, so that a later edit cannot break it
silently: the layout and flags of every row, every row's source, and the identities between
figures that the sources themselves state:
  - the 2021-2023 totals of production sites are the sum of synthetic, cocaine and heroin sites;
  - to 2020 the 'all' series is the synthetic count (the police counted nothing else);
  - the derived rows: dumpings 2015 = 177 - 17, cocaine sites 2022 = 17 + 3, 2023 = 151 - 125 - 10;
  - the percentages the sources print next to the counts (+44% labs 2023, +23% and +14% dumpings
    2023 and 2024, +25% networks 2015-2018, "bijna 90 miljoen" more confiscated in 2019 than 2018,
    liquidations 2021 'twee minder' than 2020, purity 2019 = 2020 = 68.9).
Usage: python3 data/scripts/check_press.py [DIR]   (default data/ndm-press); prints "N rows, 0 problems".
"""
import csv
import glob
import os
import sys

HEADER = ["indicator", "period", "value", "market", "region", "flag", "note", "source"]
FLAGS = {"", "estimate", "exclude", "break"}

def main(d):
    problems = []
    v = {}
    n = 0
    for fn in sorted(glob.glob(os.path.join(d, "*.csv"))):
        with open(fn, encoding="utf-8", newline="") as f:
            rd = csv.reader(f)
            head = next(rd)
            if head != HEADER:
                problems.append(f"{fn}: header {head}")
                continue
            for line, row in enumerate(rd, start=2):
                n += 1
                r = dict(zip(HEADER, row))
                where = f"{os.path.basename(fn)}:{line}"
                if len(row) != len(HEADER):
                    problems.append(f"{where}: {len(row)} fields")
                    continue
                if r["flag"] not in FLAGS:
                    problems.append(f"{where}: flag '{r['flag']}'")
                if not r["source"].startswith(("http://", "https://")):
                    problems.append(f"{where}: no source page")
                if not r["note"]:
                    problems.append(f"{where}: no note")
                key = "/".join(x for x in (r["indicator"], r["market"], r["region"]) if x)
                if (key, r["period"]) in v:
                    problems.append(f"{where}: {key} {r['period']} twice")
                v[(key, r["period"])] = float(r["value"])

    def g(series, year):
        return v.get((series, str(year)))

    def need(cond, what):
        if not cond:
            problems.append(what)

    for y in range(2015, 2021):
        need(g("drug_labs/all/NL", y) == g("drug_labs/synthetic/NL", y), f"labs {y}: all != synthetic")
    for y in range(2021, 2024):
        parts = [g("drug_labs/synthetic/NL", y), g("cocaine_extraction/cocaine/NL", y), g("drug_labs/heroin/NL", y)]
        need(None not in parts and sum(parts) == g("drug_labs/all/NL", y), f"labs {y}: parts {parts} != total")
    need(g("dumpings/all/NL", 2015) == 177 - 17, "dumpings 2015 != 177 - 17")
    need(g("cocaine_extraction/cocaine/NL", 2022) == 17 + 3, "cocaine sites 2022 != 17 + 3")
    need(g("cocaine_extraction/cocaine/NL", 2023) == 151 - 125 - 10, "cocaine sites 2023 != 151 - 125 - 10")

    def pct(a, b):
        return 100.0 * (b - a) / a
    need(round(pct(g("drug_labs/all/NL", 2022), g("drug_labs/all/NL", 2023))) == 44, "labs 2023 not +44%")
    need(round(pct(g("dumpings/all/NL", 2022), g("dumpings/all/NL", 2023))) == 23, "dumpings 2023 not +23%")
    need(round(pct(g("dumpings/all/NL", 2023), g("dumpings/all/NL", 2024))) == 14, "dumpings 2024 not +14%")
    need(round(pct(g("networks/all/NL", 2015), g("networks/all/NL", 2018))) == 25, "networks not +25%")
    d19 = g("confiscation/all/NL", 2019) - g("confiscation/all/NL", 2018)
    need(85 <= d19 <= 90, f"confiscation 2019 - 2018 = {d19}, not 'bijna 90'")
    need(g("liquidations/all/NL", 2020) - g("liquidations/all/NL", 2021) == 2, "liquidations 2021 not 2 fewer")
    need(g("purity/cocaine/NL", 2019) == g("purity/cocaine/NL", 2020) == 68.9, "purity 2019/2020 not 68.9")

    for p in problems:
        print(p)
    print(f"{n} rows, {len(problems)} problems")
    return 1 if problems or n == 0 else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "data/ndm-press"))
