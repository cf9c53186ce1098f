#!/usr/bin/python3
"""mannkendall_ref.py - reference numbers for test_mannkendall.c.

R packages 'trend' and 'Kendall' are not installed here (checked with
Rscript -e 'library(trend)': "there is no package called 'trend'"), so the
reference is computed in Python, independently of the C code:
  * S by brute force over all pairs; Var(S) with the ties correction and Z with
    continuity correction written from Gilbert (1987) eq. 16.4-16.5;
  * the exact p-value from scipy.stats.kendalltau(t, y, method='exact')
    (n <= 10 without ties), tau-b from scipy.stats.kendalltau (variant 'b');
  * p (normal) from scipy.stats.norm.sf;
  * Sen's slope and intercept from scipy.stats.theilslopes(z, t) over real time;
  * the Sen interval with Gilbert's ranks as R trend::sens.slope does:
    lo = d[round((N'-C)/2)], hi = d[round((N'+C)/2 + 1)] (1-based, round half even);
  * Hamed-Rao (1998) as pymannkendall.hamed_rao_modification_test: ranks
    (scipy.stats.rankdata) of z - slope * t, ACF from statsmodels acf(fft=False),
    lags with |r| > norm.ppf(1 - 0.05/2)/sqrt(n) enter
    n/n* = 1 + 2/(n(n-1)(n-2)) sum (n-i)(n-i-1)(n-i-2) r_i.
Run from this folder: /usr/bin/python3 mannkendall_ref.py > mannkendall_ref.out
"""
import csv
import numpy as np
from scipy import stats
from statsmodels.tsa.stattools import acf


def load(f, key='year'):
    rows = list(csv.DictReader(open(f)))
    if key == 'month':
        t = [int(r['month'][:4]) + (int(r['month'][5:]) - 1) / 12.0 for r in rows]
    else:
        t = [float(r['year']) for r in rows]
    return np.array(t), np.array([float(r['value']) for r in rows])


def g(x):
    return '%.17g' % x


def mk(name, t, y, log=False, hr=False):
    n = len(y)
    z = np.log(y) if log else y.copy()
    s = sum(np.sign(y[j] - y[i]) for i in range(n) for j in range(i + 1, n))
    _, counts = np.unique(y, return_counts=True)
    ties = counts[counts > 1]
    var0 = (n * (n - 1) * (2 * n + 5) - np.sum(ties * (ties - 1) * (2 * ties + 5))) / 18.0
    tau_b = stats.kendalltau(t, y).correlation
    slope, icpt, _, _ = stats.theilslopes(z, t)
    var = var0
    factor = float('nan')
    nlags = 0
    if hr:
        ranks = stats.rankdata(z - slope * t)
        r = acf(ranks, nlags=n - 1, fft=False)
        bound = stats.norm.ppf(1 - 0.05 / 2) / np.sqrt(n)
        ssum = 0.0
        for i in range(1, n):
            if r[i] > bound or r[i] < -bound:
                ssum += (n - i) * (n - i - 1) * (n - i - 2) * r[i]
                nlags += 1
        factor = 1 + 2.0 / (n * (n - 1) * (n - 2)) * ssum
        if factor > 0:
            var = var0 * factor
    zz = (s - 1) / np.sqrt(var) if s > 0 else (s + 1) / np.sqrt(var) if s < 0 else 0.0
    if n <= 10 and len(ties) == 0 and not (hr and factor > 0):
        p = stats.kendalltau(t, y, method='exact').pvalue
        pm = 'exact'
    else:
        p = 2 * stats.norm.sf(abs(zz))
        pm = 'normal'
    d = np.sort([(z[j] - z[i]) / (t[j] - t[i]) for i in range(n) for j in range(i + 1, n)])
    N = len(d)
    lo = hi = float('nan')
    if n >= 4:
        C = stats.norm.ppf(0.975) * np.sqrt(var0)
        r1 = int(np.round((N - C) / 2))
        r2 = int(np.round((N + C) / 2 + 1))
        r1 = min(max(r1, 1), N)
        r2 = min(max(r2, 1), N)
        lo, hi = d[r1 - 1], d[r2 - 1]
    print('case', name, 'n', n, 'log', int(log), 'hr', int(hr), 'ties', int(np.sum(ties)))
    print('S', g(s), 'varS0', g(var0), 'varS', g(var), 'Z', g(zz), 'p', g(p), pm)
    print('tau_a', g(s / (n * (n - 1) / 2)), 'tau_b', g(tau_b))
    print('sen', g(slope), 'intercept', g(icpt), 'lo', g(lo), 'hi', g(hi), 'pairs', N)
    if log:
        print('sen_pct', g(100 * np.expm1(slope)), g(100 * np.expm1(lo)), g(100 * np.expm1(hi)))
    if hr:
        print('hr_factor', g(factor), 'lags', nlags)
    print()


ut, uy = load('ww_NL_Utrecht_cocaine_daily_mean.csv')
pt, py = load('prev_NL_Cocaine.csv')
st, sy = load('seiz_NL_cocaine_kg.csv')
at, ay = load('ww_NL_Amsterdam_cocaine_daily_mean.csv')
tt, ty = load('statcan_toronto_be.csv', 'month')

mk('utrecht', ut, uy)
mk('utrecht_log_hr', ut, uy, log=True, hr=True)
mk('prevalence_log', pt, py, log=True)                  # ties 2016 = 2018 = 2.0
sel = st >= 2010
mk('seizures_2010_log', st[sel], sy[sel], log=True)     # tie 2015 = 2016
mk('seizures_all_log_hr', st, sy, log=True, hr=True)    # 44 points, DW 0.26
mk('amsterdam_log_hr', at, ay, log=True, hr=True)       # 2016 missing
sel = ut >= 2015
mk('utrecht_2015_exact', ut[sel], uy[sel], log=True)    # n = 10, no ties
sel = at >= 2017
mk('amsterdam_2017_exact', at[sel], ay[sel])            # n = 8, no ties
sel = pt <= 2019
mk('prevalence_to_2019', pt[sel], py[sel])              # n = 8 with a tie: normal
mk('toronto', tt, ty)                                   # monthly, 2023 bimonthly
# A saw-tooth: strong negative lag-1 autocorrelation of the detrended ranks
saw_t = np.arange(2001.0, 2013.0)
saw_y = np.array([3.1, 9.7, 3.9, 10.2, 4.6, 11.8, 5.2, 12.1, 6.3, 13.4, 6.8, 14.9])
mk('sawtooth_hr', saw_t, saw_y, hr=True)
# Perfect alternation, n = 10: n/n* comes out negative, so Var(S) is left
# uncorrected (the guard; pymannkendall would take the square root of a negative)
alt_t = np.arange(2011.0, 2021.0)
alt_y = np.array([10.13, 15.27, 10.31, 15.42, 10.55, 15.61, 10.74, 15.89, 10.96, 16.02])
mk('alternating_hr_guard', alt_t, alt_y, hr=True)
