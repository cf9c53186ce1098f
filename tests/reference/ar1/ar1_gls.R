# ar1_gls.R - R reference for src/stats/ar1.c (Rscript ar1_gls.R > ar1_gls.Rout).
# nlme::gls with correlation = corAR1() (REML, the default), log-linear trends of two bundled series:
#   A. UNODC cannabis seizures NL 1980-2023 (data/unodc/seizures-nl-be.csv), ln kg ~ year;
#   B. UNODC cocaine seizures BE 1980-2023, ln kg ~ year + level shift at 2010 (category change).
# Printed: phi, coefficients, their SEs (summary's), sigma, REML log-likelihood, and the OLS DW.
suppressPackageStartupMessages(library(nlme))
options(digits = 17)
s <- read.csv("../../../data/unodc/seizures-nl-be.csv")
pick <- function(ind, mk, rg) { d <- s[s$indicator == ind & s$market == mk & s$region == rg, ]; d[order(d$period), ] }
report <- function(name, d, jump = NA) {
  d$ly <- log(d$value); d$yr <- d$period
  d$step <- if (is.na(jump)) 0 else as.numeric(d$yr >= jump)
  f <- if (is.na(jump)) ly ~ yr else ly ~ yr + step
  g <- gls(f, data = d, correlation = corAR1(), method = "REML",
           control = glsControl(tolerance = 1e-10, msTol = 1e-12, msMaxIter = 500, maxIter = 500))
  phi <- coef(g$modelStruct$corStruct, unconstrained = FALSE)
  tt <- summary(g)$tTable
  cat(sprintf("## %s n %d phi %.17g sigma %.17g loglik %.17g\n", name, nrow(d), phi, g$sigma, logLik(g)))
  for (i in seq_len(nrow(tt)))
    cat(sprintf("coef %d est %.17g se %.17g p %.17g\n", i - 1, tt[i, 1], tt[i, 2], tt[i, 4]))
  o <- lm(f, data = d); e <- resid(o)
  cat(sprintf("dw %.17g\n", sum(diff(e)^2) / sum(e^2)))
}
report("cannabis_nl", pick("seizures", "cannabis", "NL"))
report("cocaine_be", pick("seizures_be", "cocaine", "BE"), jump = 2010)
# C. The joinpoint model of B (joinpoint 1987, the 2010 shift) refitted with AR(1) errors: segment
# slopes b1 and b1 + d1 with SEs from vcov(gls) rescaled to the Program's df (n - 2 - 2k - J).
d <- pick("seizures_be", "cocaine", "BE"); d$ly <- log(d$value); d$yr <- d$period
d$tcn <- d$yr - mean(d$yr); d$h <- pmax(d$yr - 1987, 0); d$step <- as.numeric(d$yr >= 2010)
g <- gls(ly ~ tcn + h + step, data = d, correlation = corAR1(), method = "REML",
         control = glsControl(tolerance = 1e-10, msTol = 1e-12, msMaxIter = 500, maxIter = 500))
V <- vcov(g) * (nrow(d) - 4) / (nrow(d) - 2 - 2 - 1); b <- coef(g)
L2 <- c(0, 1, 1, 0)
cat(sprintf("## jp_be phi %.17g\n", coef(g$modelStruct$corStruct, unconstrained = FALSE)))
cat(sprintf("seg 1 slope %.17g se %.17g\n", b[2], sqrt(V[2, 2])))
cat(sprintf("seg 2 slope %.17g se %.17g\n", sum(L2 * b), sqrt(drop(L2 %*% V %*% L2))))
