#!/usr/bin/python3
"""Copy the real pairs used by the crosscheck tests out of /work/shared/data
(run once; the outputs are committed so that tests never read /work/shared).

Sources (see /work/shared/data/PROVENANCE.md):
  derived/triangulation_series_long.csv: EUDA/SCORE wastewater (Utrecht
    cocaine, daily mean, mg/1000 inh/day), UNODC WDR 2025 past-year cocaine
    prevalence NL (% 15-64), UNODC seizures of cocaine in kg, NL and BE.
  statcan-wastewater/wastewater.csv: Statistics Canada table 13-10-0880,
    monthly benzoylecgonine load per capita with SE, Toronto and Montreal.
"""
import pandas as pd

D = "/work/shared/data/"
long = pd.read_csv(D + "derived/triangulation_series_long.csv")
keep = ["ww.NL.Utrecht.cocaine.daily_mean", "prev.NL.Cocaine",
        "seiz.NL.cocaine.kg", "seiz.BE.cocaine.kg"]
x = long[long.series_id.isin(keep)][["series_id", "year", "value"]]
x = x.sort_values(["series_id", "year"])
with open("annual_pairs.csv", "w") as f:
    f.write("# extract of /work/shared/data/derived/triangulation_series_long.csv "
            "(EUDA wastewater 2025, UNODC WDR 2025, UNODC seizures); made by extract.py\n")
    x.to_csv(f, index=False, float_format="%.17g")

s = pd.read_csv(D + "statcan-wastewater/wastewater.csv")
s = s[s.Measure.str.contains("Benzoylecgonine") & s.GEO.str.contains("Toronto|Montreal")]
s = s[s.Characteristics.str.startswith("Load per capita") |
      s.Characteristics.str.startswith("Standard error")]
s["what"] = s.Characteristics.map(lambda c: "load" if c.startswith("Load") else "se")
s["city"] = s.GEO.map(lambda g: g.split(",")[0])
w = s.pivot_table(index="REF_DATE", columns=["city", "what"], values="VALUE", aggfunc="first")
w.columns = [f"{c}_{m}" for c, m in w.columns]
w = w.reset_index().rename(columns={"REF_DATE": "month"})
with open("monthly_be_toronto_montreal.csv", "w") as f:
    f.write("# extract of /work/shared/data/statcan-wastewater/wastewater.csv (Statistics Canada "
            "13-10-0880, benzoylecgonine load mg/1000 people/day and its SE); made by extract.py\n")
    w.to_csv(f, index=False, float_format="%.17g")

# Dutch cocaine sites with the population each plant serves (EUDA site info).
info = pd.read_csv(D + "euda-wastewater-2025/ww2025-site-info-table.csv")
sites = {"Amsterdam": "ww.NL.Amsterdam.cocaine.daily_mean",
         "Utrecht": "ww.NL.Utrecht.cocaine.daily_mean",
         "Eindhoven": "ww.NL.Eindhoven.cocaine.daily_mean"}
rows = []
for city, sid in sites.items():
    pop = info[(info.Country == "NL") & (info.City == city)].Population.iloc[0]
    for _, r in long[long.series_id == sid].iterrows():
        rows.append((city, int(pop), int(r.year), r.value))
with open("nl_cocaine_sites.csv", "w") as f:
    f.write("# extract of derived/triangulation_series_long.csv (EUDA wastewater 2025, cocaine "
            "daily mean) and euda-wastewater-2025/ww2025-site-info-table.csv (population); "
            "made by extract.py\n")
    pd.DataFrame(rows, columns=["city", "population", "year", "value"]).sort_values(
        ["city", "year"]).to_csv(f, index=False, float_format="%.17g")
