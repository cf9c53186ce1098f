# zeros_ref.R - reference for the zeros policy and the lod flag (issue 11).
# Run from this folder:  Rscript zeros_ref.R > zeros_ref.Rout   (R 4.2.2, base lm only)
# Data: zeros_wastewater.csv, EUDA/SCORE 2025 daily means (data/euda-wastewater-2025):
#   Antwerp-Zuid cannabis 2011-2013 (2011 = 0, below the limit of detection) and
#   Utrecht methamphetamine 2011-2024 (zeros flagged `lod`).
# zeros = half-min: the 0 becomes half the smallest positive value, then lm(log y ~ t).
# zeros = linear:   lm(y ~ t) on every value.
# flag lod:         the flagged values are left out, lm(log y ~ t) on the rest.
# Printed: slope, its SE, and APC = 100 (exp(b) - 1) with the t-based 95 % CI.
d <- read.csv("zeros_wastewater.csv", na.strings = "")
out <- function(id, fit, log = TRUE) {
  b <- coef(summary(fit))[2, ]
  q <- qt(0.975, fit$df.residual)
  ci <- b[1] + c(-1, 1) * q * b[2]
  cat(id, "slope", sprintf("%.17g", b[1]), "se", sprintf("%.17g", b[2]))
  if (log) cat(" apc", sprintf("%.17g", 100 * expm1(b[1])), sprintf("%.17g", 100 * expm1(ci)))
  else cat(" lo_hi", sprintf("%.17g", ci))
  cat("\n")
}
a <- d[d$indicator == "ww_cannabis", ]
y <- a$value; y[y <= 0] <- min(y[y > 0]) / 2
out("antwerp_halfmin", lm(log(y) ~ a$period))
out("antwerp_linear", lm(a$value ~ a$period), log = FALSE)
u <- d[d$indicator == "ww_meth_lod" & is.na(d$flag), ]
out("utrecht_lod", lm(log(u$value) ~ u$period))
