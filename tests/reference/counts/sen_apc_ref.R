# sen_apc_ref.R - reference for the sen_apc, sen_apc_lo, sen_apc_hi columns of trends.csv.
# Run from this folder:  Rscript sen_apc_ref.R > sen_apc_ref.Rout   (R 4.2.2, base only)
#
# Sen's slope on the log scale as percent a year: sen_apc = 100 (exp(beta) - 1), beta the
# median of the pairwise slopes (ln y_j - ln y_i)/(t_j - t_i), i < j, over real time (Sen 1968;
# scipy.stats.theilslopes).  The bounds transform the Sen interval with Gilbert's (1987) ranks,
# as R trend::sens.slope (not installed here): C = qnorm(0.975) sqrt(Var S) with the
# tie-corrected Var S, lo = d[round((N' - C)/2)], hi = d[round((N' + C)/2 + 1)], 1-based on the
# sorted slopes d (R's round() is half-to-even, as trend uses).  exp is monotone, so the
# percent bounds are the transformed log-scale bounds.
# Data: sen_series.csv (Utrecht cocaine wastewater 2011-2024, EUDA site NL010; NL cocaine
# seizures kg 1980-2023, UNODC, with a tie 2015 = 2016), copies of tests/reference/trend/*.csv.
d <- read.csv("sen_series.csv")
for (nm in unique(d$indicator)) {
  s <- d[d$indicator == nm, ]
  t <- s$period; z <- log(s$value); n <- length(t)
  ij <- combn(n, 2)
  sl <- sort((z[ij[2, ]] - z[ij[1, ]]) / (t[ij[2, ]] - t[ij[1, ]]))
  beta <- median(sl)
  tie <- table(z)
  vs <- (n * (n - 1) * (2 * n + 5) - sum(tie * (tie - 1) * (2 * tie + 5))) / 18
  C <- qnorm(0.975) * sqrt(vs)
  N <- length(sl)
  m1 <- round((N - C) / 2); m2 <- round((N + C) / 2 + 1)
  lo <- sl[max(m1, 1)]; hi <- sl[min(m2, N)]
  cat(nm, "n", n, "sen_slope", sprintf("%.17g", beta), "lo", sprintf("%.17g", lo), "hi", sprintf("%.17g", hi), "\n")
  cat(nm, "sen_apc", sprintf("%.17g", 100 * expm1(beta)), "sen_apc_lo", sprintf("%.17g", 100 * expm1(lo)),
      "sen_apc_hi", sprintf("%.17g", 100 * expm1(hi)), "\n")
}
