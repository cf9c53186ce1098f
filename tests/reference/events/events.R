# events.R - reference numbers for tests/unit/test_events.c (R >= 4, base stats only).
# Run: Rscript events.R > events.Rout
# Data:
#  nsw_drug_offences_1995_2004.csv (copied here; BOCSAR via /work/shared/data/bocsar-nsw-offences)
#  NL and BE cocaine seizures, kg, UNODC (derived/triangulation_series_long.csv seiz.NL/BE.cocaine.kg)
#  NL cocaine past-year prevalence (UNODC WDR 2025 table 1.2)
#  Utrecht, Eindhoven, Antwerp Zuid cocaine wastewater daily means (EUDA ww2025-all-data.csv)
# Event dates: NSW Cannabis Cautioning Scheme, April 2000 (t0 = 2000 + 3/12);
#  NL "100% controls" at Schiphol, 2004 (t0 = 2004); UNODC prevalence source switch ARQ -> EMCDDA
#  from 2015 (t0 = 2015); wastewater: illustrative date 2018 (no claimed event).
options(digits = 15)
p17 <- function(x) paste(sprintf("%.17g", x), collapse = " ")
out <- function(tag, name, x) cat(tag, name, p17(x), "\n")
its <- function(tag, t, y, t0, policy = TRUE, w = NULL) {
  d <- data.frame(tau = t - t0, D = as.numeric(t >= t0), y = y)
  f <- if (policy) lm(y ~ tau + D + I(tau * D), d, weights = w) else lm(y ~ tau + D, d, weights = w)
  s <- summary(f)$coefficients; ci <- confint(f, level = 0.95)
  out(tag, "coef", coef(f)); out(tag, "se", s[, 2]); out(tag, "p", s[, 4])
  out(tag, "ci_lo", ci[, 1]); out(tag, "ci_hi", ci[, 2]); out(tag, "sigma", summary(f)$sigma)
  out(tag, "df", f$df.residual)
  e <- residuals(f); out(tag, "dw", sum(diff(e)^2) / sum(e^2))
  if (policy) {
    f0 <- lm(y ~ tau, d, weights = w); a <- anova(f0, f)
    out(tag, "F_joint", a$F[2]); out(tag, "p_joint", a$`Pr(>F)`[2])
    if (grepl("_lin$", tag)) return(invisible())  # percent lines only for log models
    out(tag, "pct", c(100 * expm1(coef(f)[3]), 100 * expm1(ci[3, ])))
    out(tag, "apc_before_after", 100 * expm1(c(coef(f)[2], coef(f)[2] + coef(f)[4])))
    out(tag, "slope_change_pct_ci", 100 * expm1(ci[4, ]))
  } else {
    out(tag, "pct", c(100 * expm1(coef(f)[3]), 100 * expm1(ci[3, ])))
    out(tag, "apc", 100 * expm1(coef(f)[2]))
  }
}
did <- function(tag, t, yt, ycomp, t0) {
  yc <- rowMeans(as.matrix(ycomp))
  d <- data.frame(y = c(yt, yc), G = rep(c(1, 0), each = length(t)), tau = rep(t - t0, 2),
                  D = rep(as.numeric(t >= t0), 2))
  f <- lm(y ~ tau + G + I(G * tau) + D + I(D * tau) + I(G * D) + I(G * D * tau), d)
  s <- summary(f)$coefficients; ci <- confint(f)
  out(tag, "coef", coef(f)); out(tag, "se", s[, 2]); out(tag, "p", s[, 4]); out(tag, "df", f$df.residual)
  out(tag, "did_level_ci", ci[7, ]); out(tag, "did_slope_ci", ci[8, ])
  f0 <- lm(y ~ tau + G + I(G * tau) + D + I(D * tau), d); a <- anova(f0, f)
  out(tag, "F_joint", a$F[2]); out(tag, "p_joint", a$`Pr(>F)`[2])
  if (!grepl("_lin$", tag)) out(tag, "did_pct", 100 * expm1(c(coef(f)[7], ci[7, ])))
  if (!grepl("_lin$", tag)) out(tag, "did_slope_pct_ci", 100 * expm1(ci[8, ]))
  # treated effect = comparison + interaction; its SE from the pooled covariance
  V <- vcov(f); cl <- c(0, 0, 0, 0, 1, 0, 1, 0)
  out(tag, "treated_level_est_se", c(sum(cl * coef(f)), sqrt(drop(t(cl) %*% V %*% cl))))
  # the same numbers from two separate ITS fits (point estimates only; SEs differ by pooling)
  ft <- lm(y ~ tau + D + I(tau * D), data.frame(y = yt, tau = t - t0, D = as.numeric(t >= t0)))
  fc <- lm(y ~ tau + D + I(tau * D), data.frame(y = yc, tau = t - t0, D = as.numeric(t >= t0)))
  out(tag, "separate_diff", coef(ft)[3:4] - coef(fc)[3:4])
}
nsw <- read.csv("nsw_drug_offences_1995_2004.csv", comment.char = "#")
tm <- as.numeric(substr(nsw$month, 1, 4)) + (as.numeric(substr(nsw$month, 6, 7)) - 1) / 12
its("nsw_its", tm, log(nsw$count), 2000 + 3 / 12)
its("nsw_its_lin", tm, nsw$count, 2000 + 3 / 12)
nl <- c(8200, 4851, 9222, 11495, 8998, 10361, 6472, 8382, 7968, 17560, 12387, 14603, 10584.1, 10478, 6757, 4934,
        10021.032, 10090.561, 10001.285, 12353.3)
be <- c(479.425, 576.183, 838, 3329, 2088.312, 1761.709, 2813.991, 2813.991, 3589, 645.6, 3541, 9259, 3945.851,
        2515.331, 3851.523, 4606.188, 6843.966, 7999.209, 19177.985, 6486.23)
ty <- 1994:2013
its("nl_seiz_its", ty, log(nl), 2004)
did("nl_be_did", ty, log(nl), data.frame(be = log(be)), 2004)
prev_t <- c(2005, 2009, 2014:2019); prev_y <- c(0.6, 1.2, 1.6, 1.9, 2, 2.2, 2, 2.3)
its("prev_def", prev_t, log(prev_y), 2015, policy = FALSE)
its("prev_def_w", prev_t, log(prev_y), 2015, policy = FALSE, w = c(0.5, 0.8, 1, 1.3, 1.1, 0.9, 1.7, 1.2))
ww_t <- 2011:2024
utr <- c(356.34, 344.77, 199.16, 220.2, 148.1, 310.36, 288.74, 414.6, 460.25, 493.63, 529.55, 651.63, 734.55, 688.55)
ein <- c(437.42, 349.83, 426.62, 380.83, 323.04, 497.87, 427.78, 426.93, 545.42, 522.95, 623.61, 713.67, 766.11, 809.89)
ant <- c(721.18, 742.05, 836.79, 632.69, 621.12, 914.79, 822.93, 771.79, 1275.66, 1174.88, 1581.88, 2381.39, 1721.58, 1996.98)
did("ww_did2", ww_t, log(utr), data.frame(ein = log(ein), ant = log(ant)), 2018)
did("ww_did2_lin", ww_t, utr, data.frame(ein = ein, ant = ant), 2018)
# Several definition changes: US past-year amphetamines prevalence (UNODC WDR 2025 table 1.2,
# derived/unodc_wdr2025_prevalence_general_tidy.csv): 2010-2014 incl. prescription stimulants,
# 2015-2018 incl. methamphetamine and prescription stimulants, 2020 amphetamine and methamphetamine,
# 2021-2023 methamphetamine only -> steps at 2015, 2020, 2021, common trend (2019 missing).
us_t <- c(2010:2018, 2020:2023)
us_y <- c(1.8, 1.55, 1.9, 1.9, 1.7, 2.9, 2.95, 3.1, 3.3, 5.6499999999999995, 1.1000000000000001,
          1.2153424079999999, 1.0938081669999999)
d <- data.frame(y = log(us_y), tau = us_t - 2015, D1 = as.numeric(us_t >= 2015), D2 = as.numeric(us_t >= 2020),
                D3 = as.numeric(us_t >= 2021))
f <- lm(y ~ tau + D1 + D2 + D3, d); s <- summary(f)$coefficients; ci <- confint(f)
out("us_amph_defs", "coef", coef(f)); out("us_amph_defs", "se", s[, 2]); out("us_amph_defs", "p", s[, 4])
out("us_amph_defs", "df", f$df.residual)
out("us_amph_defs", "pct", 100 * expm1(coef(f)[3:5]))
out("us_amph_defs", "pct_lo", 100 * expm1(ci[3:5, 1])); out("us_amph_defs", "pct_hi", 100 * expm1(ci[3:5, 2]))
out("us_amph_defs", "apc", 100 * expm1(coef(f)[2]))
e <- residuals(f); out("us_amph_defs", "dw", sum(diff(e)^2) / sum(e^2))
