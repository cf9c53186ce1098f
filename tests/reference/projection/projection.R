# projection.R - R reference for src/stats/projection.c (Rscript projection.R > projection.Rout).
# UNODC cocaine seizures NL 1980-2023, ln kg, joinpoints 1994 and 2014 (WBIC's), the 2010 change as a
# level shift; the last segment projected to 2024 and 2025. As predict.lm(interval = ...) with the
# joinpoints fixed, but with the Program's degrees of freedom (each joinpoint counted: n - 2 - 2k - J)
# for sigma^2 and the t quantile.
options(digits = 17)
s <- read.csv("../../../data/unodc/seizures-nl-be.csv")
d <- s[s$indicator == "seizures" & s$market == "cocaine" & s$region == "NL", ]
t <- d$period; y <- log(d$value); n <- length(t); tc <- mean(t)
X <- function(x) cbind(1, x - tc, pmax(x - 1994, 0), pmax(x - 2014, 0), as.numeric(x >= 2010))
f <- lm.fit(X(t), y); df <- n - 2 - 2 * 2 - 1; s2 <- sum(f$residuals^2) / df
V <- s2 * solve(crossprod(X(t))); q <- qt(0.975, df)
for (x in c(2024, 2025)) {
  r <- X(x); mu <- drop(r %*% f$coefficients); v <- drop(r %*% V %*% t(r))
  cat(sprintf("proj %d fit %.17g ci_lo %.17g ci_hi %.17g pi_lo %.17g pi_hi %.17g\n", x, exp(mu),
              exp(mu - q * sqrt(v)), exp(mu + q * sqrt(v)), exp(mu - q * sqrt(v + s2)), exp(mu + q * sqrt(v + s2))))
}
# The same with predict.lm (its own df n - 2 - k - J): the point forecast must agree.
fit <- lm(y ~ I(t - tc) + pmax(t - 1994, 0) + pmax(t - 2014, 0) + as.numeric(t >= 2010))
cat(sprintf("predict.lm 2024 fit %.17g\n", exp(predict(fit, data.frame(t = 2024)))))
