# season.R - R reference for src/stats/season.c (Rscript season.R > season.Rout).
# Trend net of the season: lm(log(y) ~ t + factor(month)) with t in decimal years (year + (month-1)/12),
#   A. NSW drug offences, monthly 1995-01 .. 2023-12 (data/seasons/nsw-drug-offences.csv), unweighted;
#   B. StatCan cocaine (benzoylecgonine) load, Toronto, 2022-01 .. 2023-11, 18 months
#      (data/seasons/statcan-wastewater-cocaine.csv), weights 1/(se/y)^2 (SE of ln y by the delta method);
#   C. A with Fourier terms, K = 2: lm(log(y) ~ t + sin(2 pi k m/12) + cos(2 pi k m/12), k = 1, 2).
# Printed: slope (per year), its SE, p, and the centred seasonal component of each month.
options(digits = 17)
out <- function(name, f, comp) {
  s <- summary(f)$coefficients
  cat(sprintf("## %s n %d slope %.17g se %.17g p %.17g df %d\n", name, length(f$residuals),
              s[2, 1], s[2, 2], s[2, 4], f$df.residual))
  cat("seasonal", sprintf("%.17g", comp - mean(comp)), "\n")
}
a <- read.csv("../../../data/seasons/nsw-drug-offences.csv")
yr <- as.numeric(substr(a$period, 1, 4)); mo <- as.numeric(substr(a$period, 6, 7))
t <- yr + (mo - 1) / 12; m <- factor(mo, levels = 1:12)
fa <- lm(log(a$value) ~ t + m)
out("nsw_dummies", fa, c(0, coef(fa)[3:13]))
b <- read.csv("../../../data/seasons/statcan-wastewater-cocaine.csv"); b <- b[b$region == "Toronto", ]
yb <- as.numeric(substr(b$period, 1, 4)); mb <- as.numeric(substr(b$period, 6, 7))
tb <- yb + (mb - 1) / 12
fb <- lm(log(b$value) ~ tb + factor(mb, levels = 1:12), weights = 1 / (b$se / b$value)^2)
out("toronto_dummies_weighted", fb, c(0, coef(fb)[3:13]))
ph <- (mo - 1) / 12
fc <- lm(log(a$value) ~ t + sin(2 * pi * ph) + cos(2 * pi * ph) + sin(4 * pi * ph) + cos(4 * pi * ph))
cf <- coef(fc); p12 <- (0:11) / 12
comp <- cf[3] * sin(2 * pi * p12) + cf[4] * cos(2 * pi * p12) + cf[5] * sin(4 * pi * p12) + cf[6] * cos(4 * pi * p12)
out("nsw_fourier2", fc, comp)
# D. B with two Fourier pairs (the example model's choice for 18 months), weighted as B.
phb <- (mb - 1) / 12
fd <- lm(log(b$value) ~ tb + sin(2 * pi * phb) + cos(2 * pi * phb) + sin(4 * pi * phb) + cos(4 * pi * phb),
         weights = 1 / (b$se / b$value)^2)
cf <- coef(fd)
comp <- cf[3] * sin(2 * pi * p12) + cf[4] * cos(2 * pi * p12) + cf[5] * sin(4 * pi * p12) + cf[6] * cos(4 * pi * p12)
out("toronto_fourier2_weighted", fd, comp)
