# anomaly.R - reference numbers for the residual rule of tests/unit/test_anomaly.c.
# Run: Rscript anomaly.R > anomaly.Rout   (R >= 4, base stats only)
# The rule: fit lm(log(y) ~ t); r = rstudent(); Bonferroni p = min(1, n * 2 * pt(-|r|, n - p - 1))
# for the largest |r| (as car::outlierTest); if p < 0.05 flag it, drop it, refit, repeat (at most n %/% 4 rounds).
# Also printed: the chance-of-tie numbers of the repeat rule (MAD of log changes) and neighbour ratios.
# Data: EUDA wastewater 2025 (Amsterdam NL001, Utrecht NL010 cocaine daily mean), UNODC seizures
# (derived/triangulation_series_long.csv seiz.NL.cocaine.kg, seiz.BE.cocaine.kg), EU Drug Markets cannabis
# plants seized (plants-seized-2011-2021.csv, Netherlands column).
p17 <- function(x) paste(sprintf("%.17g", x), collapse = " ")
seq_outliers <- function(tag, t, y, hinge = NULL) {
  keep <- rep(TRUE, length(y)); n0 <- length(y)
  for (round in seq_len(n0 %/% 4)) {
    d <- data.frame(t = t[keep], y = log(y[keep]))
    f <- if (is.null(hinge)) lm(y ~ t, d) else lm(y ~ t + I(pmax(0, t - hinge)), d)
    r <- rstudent(f); k <- which.max(abs(r)); n <- nrow(d); p <- length(coef(f))
    pb <- min(1, n * 2 * pt(-abs(r[k]), n - p - 1))
    cat(tag, "round", round, "t", d$t[k], "r", p17(r[k]), "bonf_p", p17(pb), "\n")
    if (pb >= 0.05) break
    keep[which(keep)[k]] <- FALSE
  }
}
tie <- function(tag, y, i) {  # i = 1-based index of the repeated value
  d <- diff(log(y)); s <- mad(d, constant = 1 / qnorm(3 / 4))  # MAD about the median, exact normal constant
  dec <- 0; while (abs(y[i] * 10^dec - round(y[i] * 10^dec)) > 1e-9 * max(1, y[i] * 10^dec)) dec <- dec + 1
  chance <- (10^-dec / y[i]) / (s * sqrt(2 * pi))
  cat(tag, "tie", "decimals", dec, "sigma", p17(s), "chance", p17(chance), "bonf", p17((length(y) - 1) * chance), "\n")
}
ams_t <- c(2011:2015, 2017:2024)
ams <- c(644.1, 650.49, 393, 716.38, 641.72, 734.04, 932.36, 986.15, 768.64, 886.83, 1142.43, 1209.96, 1206.28)
utr <- c(356.34, 344.77, 199.16, 220.2, 148.1, 310.36, 288.74, 414.6, 460.25, 493.63, 529.55, 651.63, 734.55, 688.55)
plants <- c(2000000, 1400000, 1218000, 1610500, 1006500, 897330, 722618, 5504700, 556802, 464169, 399376)
nl <- c(46.416, 10.0, 37.3, 59.0, 180.0, 124.897, 274.117, 405.947, 517.117, 1424.585, 4288.0, 2492.0, 3433.0,
  3720.0, 8200.0, 4851.0, 9222.0, 11495.0, 8998.0, 10361.0, 6472.0, 8382.0, 7968.0, 17560.0, 12387.0, 14603.0,
  10584.1, 10478.0, 6757.0, 4934.0, 10021.032, 10090.561, 10001.285, 12353.3, 8759.38, 12009.604, 12009.604,
  14628.025, 40134.0, 44332.0, 48891.0, 72808.0, 51447.0, 59116.0)
seq_outliers("amsterdam", ams_t, ams)
seq_outliers("utrecht", 2011:2024, utr)
seq_outliers("plants_nl", 2011:2021, plants)
seq_outliers("seiz_nl", 1980:2023, nl)
tie("seiz_nl", nl, 37)
cat("plants_nl ratios_2018", p17(plants[8] / plants[c(7, 9)]), "\n")
# Utrecht with a joinpoint at 2015 (continuous hinge): the caller-supplied design
seq_outliers("utrecht_hinge", 2011:2024, utr, hinge = 2015)
# NSW monthly drug offences 1995-2004, a clean series (log-linear line)
nsw <- read.csv("nsw_drug_offences_1995_2004.csv", comment.char = "#")
tm <- as.numeric(substr(nsw$month, 1, 4)) + (as.numeric(substr(nsw$month, 6, 7)) - 1) / 12
seq_outliers("nsw_drug", tm, nsw$count)
# Masking: a smooth series with two outliers of the same sign; the first round's
# largest |r| is found, then the second only after the first is set aside.
mt <- 2000:2017
my <- round(100 * exp(0.04 * (mt - 2000) + 0.05 * sin(1:18 * 2.3)), 2)
my[c(6, 13)] <- my[c(6, 13)] * c(2.2, 1.9)
cat("masking y", p17(my), "\n")
seq_outliers("masking", mt, my)
r1 <- rstudent(lm(log(my) ~ mt)); n <- length(my)
cat("masking round1_r_2012", p17(r1[13]), "bonf_p", p17(min(1, n * 2 * pt(-abs(r1[13]), n - 3))), "\n")
