#!/usr/bin/python3
"""Independent values for tests/unit/test_derive.c (numpy/pandas on
nl_cocaine_sites.csv).  Run: python3 derive_reference.py > derive_reference.out

1. Population-weighted mean of Amsterdam, Utrecht, Eindhoven cocaine loads
   (SCORE: sum L_i P_i / sum P_i over the sites present) with coverage, per
   year 2011-2024; years below min_coverage 0.75 dropped.
2. Group index, base 2011 = 100, EUDA gap rules (pandas interpolate for the
   single interior gap), member indices averaged with population weights.
"""
import numpy as np
import pandas as pd

d = pd.read_csv("nl_cocaine_sites.csv", comment="#")
years = np.arange(2011, 2025)
w = d.pivot(index="year", columns="city", values="value").reindex(years)
pop = d.groupby("city").population.first()[w.columns]
present = w.notna()
cov = (present * pop).sum(axis=1) / pop.sum()
agg = (w.fillna(0) * pop).sum(axis=1) / (present * pop).sum(axis=1)
np.set_printoptions(precision=17)
print("cities", list(w.columns), "populations", list(pop))
for y in years:
    print("%d aggregate %.17g coverage %.17g keep075 %d" % (y, agg[y], cov[y], cov[y] >= 0.75))
# EUDA rules: no member has two consecutive gaps; Amsterdam 2016 interpolated.
f = w.interpolate(method="linear", limit_area="inside").bfill().ffill()
idx = 100 * f / f.loc[2011]
g = (idx * pop).sum(axis=1) / pop.sum()
for y in years:
    print("%d group_index %.17g amsterdam_filled %.17g" % (y, g[y], f.loc[y, "Amsterdam"]))
