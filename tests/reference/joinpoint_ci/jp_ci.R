# jp_ci.R - brute-force R oracle for src/stats/joinpoint_ci.c (Rscript jp_ci.R > jp_ci.Rout).
# UNODC cocaine seizures NL 1980-2023 (data/unodc/seizures-nl-be.csv), ln kg, the 2010 change of
# category as a level shift, k = 2 joinpoints (WBIC's choice). Residual bootstrap with k fixed:
# y* = fitted + r*, r* drawn with replacement from the centred modified residuals e/sqrt(1 - h);
# on each sample the best 2-set is searched again over every admissible set (>= 2 observations
# strictly before/after, >= 2 strictly between); interval = quantile type 1 at 2.5% and 97.5%.
options(digits = 17)
s <- read.csv("../../../data/unodc/seizures-nl-be.csv")
d <- s[s$indicator == "seizures" & s$market == "cocaine" & s$region == "NL", ]
t <- d$period; y <- log(d$value); n <- length(t); k <- 2
hinge <- function(a) pmax(t - a, 0)
cand <- 3:(n - 2)
sets <- Filter(function(v) all(diff(v) >= 3), combn(cand, k, simplify = FALSE))
Xs <- lapply(sets, function(v) cbind(1, t - mean(t), as.numeric(t >= 2010), hinge(t[v[1]]), hinge(t[v[2]])))
best <- function(yy) {
  sse <- vapply(Xs, function(X) sum(.lm.fit(X, yy)$residuals^2), 0)
  which.min(sse)   # first minimum: the earliest set on ties, as the C search
}
b0 <- best(y); X <- Xs[[b0]]; f <- lm.fit(X, y)
cat(sprintf("fit taus %s sse %.17g\n", paste(t[sets[[b0]]], collapse = " "), sum(f$residuals^2)))
h <- rowSums((X %*% solve(crossprod(X))) * X)
r <- f$residuals / sqrt(1 - h); r <- r - mean(r); fitted <- y - f$residuals
set.seed(16); B <- 2000
draws <- matrix(NA, B, k)
for (b in 1:B) draws[b, ] <- t[sets[[best(fitted + r[sample.int(n, n, replace = TRUE)])]]]
for (j in 1:k) {
  q <- quantile(draws[, j], c(0.025, 0.975), type = 1)
  cat(sprintf("jp %d tau %d lo %.17g hi %.17g\n", j, t[sets[[b0]]][j], q[1], q[2]))
  tab <- table(draws[, j]); cat("dist", j, paste(names(tab), as.vector(tab) / B, sep = ":"), "\n")
}
