#!/usr/bin/python3
"""change_ref.py - reference numbers for test_change.c.

Percent and absolute changes by plain arithmetic; the z test on two standard
errors with scipy.stats.norm; the pooled two-proportion test with
statsmodels.stats.proportion.proportions_ztest (which pools under H0); SE from
a CI with scipy.stats.norm.ppf(0.975).
Run from this folder: /usr/bin/python3 change_ref.py > change_ref.out
"""
import csv
import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest


def g(x):
    return '%.17g' % x


rows = list(csv.DictReader(open('ww_NL_Utrecht_cocaine_daily_mean.csv')))
u = {int(r['year']): float(r['value']) for r in rows}
for then in (2023, 2019, 2014):
    print('utrecht 2024 vs', then, 'abs', g(u[2024] - u[then]), 'pct', g(100 * (u[2024] / u[then] - 1)))

rows = list(csv.DictReader(open('statcan_toronto_be.csv')))
tc = {r['month']: (float(r['value']), float(r['se'])) for r in rows}
for now, then in (('2023-11', '2022-11'), ('2022-09', '2022-08')):
    (y1, s1), (y0, s0) = tc[now], tc[then]
    sd = np.sqrt(s1 ** 2 + s0 ** 2)
    z = (y1 - y0) / sd
    print('toronto', now, 'vs', then, 'abs', g(y1 - y0), 'pct', g(100 * (y1 / y0 - 1)),
          'se_diff', g(sd), 'z', g(z), 'p', g(2 * stats.norm.sf(abs(z))))

# NL cocaine past-year prevalence 2023 (2.7 %) vs 2022 (3.0 %) with illustrative
# sample sizes 5842 and 6120 (the UNODC table gives no n): counts = p * n
n1, n0 = 5842.0, 6120.0
x1, x0 = 0.027 * n1, 0.030 * n0
z, p = proportions_ztest([x1, x0], [n1, n0], alternative='two-sided')
pp = (x1 + x0) / (n1 + n0)
print('prevalence 2023 vs 2022 two-proportion z', g(z), 'p', g(p),
      'se_diff_pct', g(100 * np.sqrt(pp * (1 - pp) * (1 / n1 + 1 / n0))))

q = stats.norm.ppf(0.975)
print('se_from_ci 1.9 2.6 data', g((2.6 - 1.9) / (2 * q)), 'log', g((np.log(2.6) - np.log(1.9)) / (2 * q)))
print('se_from_ci toronto 2022-01 729.50 941.98 data', g((941.98 - 729.50) / (2 * q)), 'published se 40.40')
