# bands.R - reference numbers for tests/unit/test_bands.c.
# Run: Rscript bands.R > bands.Rout   (R >= 4; base stats only)
# Data (copied from /work/shared/data, see PROVENANCE.md there):
#  Utrecht cocaine wastewater, EUDA ww2025-all-data.csv, site NL010, "Daily mean" mg/1000 inh/day
#  NL cocaine past-year prevalence, UNODC WDR 2025 table 1.2 (derived/triangulation_series_long.csv prev.NL.Cocaine)
options(digits = 15)
p17 <- function(x) paste(sprintf("%.17g", x), collapse = " ")
show_band <- function(tag, fit, nd, w0 = NULL) {
  ci <- predict(fit, nd, interval = "confidence", level = 0.95, se.fit = TRUE)
  pi <- if (is.null(w0)) suppressWarnings(predict(fit, nd, interval = "prediction", level = 0.95))
        else predict(fit, nd, interval = "prediction", level = 0.95, weights = w0)
  p <- length(coef(fit)); df <- fit$df.residual
  wh <- sqrt(p * qf(0.95, p, df))
  cat(tag, "coef", p17(coef(fit)), "\n")
  cat(tag, "sigma", p17(summary(fit)$sigma), "df", df, "\n")
  cat(tag, "fit", p17(ci$fit[, 1]), "\n")
  cat(tag, "se", p17(ci$se.fit), "\n")
  cat(tag, "ci_lo", p17(ci$fit[, 2]), "\n")
  cat(tag, "ci_hi", p17(ci$fit[, 3]), "\n")
  cat(tag, "pi_lo", p17(pi[, 2]), "\n")
  cat(tag, "pi_hi", p17(pi[, 3]), "\n")
  # Working-Hotelling: fit -/+ sqrt(p F_{p,n-p,0.95}) se.fit, the formula computed here
  cat(tag, "wh_mult", p17(wh), "\n")
  cat(tag, "sim_lo", p17(ci$fit[, 1] - wh * ci$se.fit), "\n")
  cat(tag, "sim_hi", p17(ci$fit[, 1] + wh * ci$se.fit), "\n")
  cat(tag, "hat", p17(hatvalues(fit)), "\n")
}
utr <- data.frame(t = 2011:2024,
  y = c(356.34, 344.77, 199.16, 220.2, 148.1, 310.36, 288.74, 414.6, 460.25, 493.63, 529.55, 651.63, 734.55, 688.55))
nd <- data.frame(t = c(2011, 2015.5, 2024, 2026))
# 1. Utrecht, log-linear line
f1 <- lm(log(y) ~ t, utr); show_band("utr_line", f1, nd)
cat("utr_line exp_fit", p17(exp(predict(f1, nd))), "\n")
cat("utr_line exp_ci_lo", p17(exp(predict(f1, nd, interval = "confidence")[, 2])), "\n")
# 2. Utrecht, continuous joinpoint line with a hinge at 2015
f2 <- lm(log(y) ~ t + I(pmax(0, t - 2015)), utr); show_band("utr_hinge", f2, nd)
# 3. Utrecht, line with a jump (step) at 2016
f3 <- lm(log(y) ~ t + I(as.numeric(t >= 2016)), utr); show_band("utr_jump", f3, nd)
# 4. NL cocaine prevalence, weighted log-linear line (weights = survey rounds' relative sample sizes, made up
#    but fixed here), prediction weights 2 for the new points
prev <- data.frame(t = c(2005, 2009, 2014:2023), y = c(0.6, 1.2, 1.6, 1.9, 2, 2.2, 2, 2.3, 2.1, 2.5, 3, 2.7),
                   w = c(0.5, 0.8, 1, 1.3, 1.1, 0.9, 1.7, 1.2, 0.6, 1.4, 2.0, 1.5))
f4 <- lm(log(y) ~ t, prev, weights = w); show_band("prev_wls", f4, nd, w0 = rep(2, 4))
# 5. NL prevalence, linear scale, unweighted
f5 <- lm(y ~ t, prev); show_band("prev_lin", f5, nd)
