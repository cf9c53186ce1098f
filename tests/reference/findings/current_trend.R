# Issue 11 item 8: the trend a headline quotes for a series whose selected joinpoint model has
# joinpoints is the model's last segment (or its AAPC over the last 5 years).  This script refits,
# by ordinary least squares in R, the two models the default edition selects (the joinpoints are
# taken from its segments.csv; their selection is tested against the NCI program elsewhere):
#   seizures_be/cocaine/BE: log y ~ t + (t - 1987)+ + jump at 2010 (UNODC definition change), 1980-2023
#   seizures/opioids/NL:    log y ~ t + (t - 2021)+, 1980-2023 (the last segment 2021-2023 is shorter
#                           than 5 years, so the findings quote the AAPC 2018-2023)
# and prints the last segment's APC = 100 (exp(b) - 1) with its 95% CI from the t distribution
# with the joinpoint program's df = n - 2 - 2k - J (each joinpoint counts as a parameter,
# docs/methods-joinpoint.md: lm's covariance rescaled from df n - 2 - k - J), and the AAPC 2018-2023 = 100 (exp(sum_k w_k b_k) - 1), w_k = years of segment k in the
# window / 5, with its CI from the variance of the weighted slope sum and the normal quantile (the
# window spans two segments: the parametric method of Clegg et al. 2009, docs/methods-joinpoint.md).
# Run from the repository root: Rscript tests/reference/findings/current_trend.R
d <- read.csv("data/unodc/seizures-nl-be.csv", stringsAsFactors = FALSE)
fit_series <- function(ind, mkt, reg, jp, jumps) {
  s <- d[d$indicator == ind & d$market == mkt & d$region == reg & !is.na(d$value), ]
  s <- s[order(s$period), ]
  t <- s$period; y <- log(s$value)
  X <- data.frame(y = y, t = t, h = pmax(t - jp, 0))
  for (j in jumps) X[[paste0("j", j)]] <- as.numeric(t >= j)
  lm(y ~ ., data = X)
}
options(digits = 10)
jp_df <- function(m, k) {   # covariance and df with each joinpoint counted as a parameter
  df0 <- df.residual(m); list(V = vcov(m) * df0 / (df0 - k), df = df0 - k)
}
m <- fit_series("seizures_be", "cocaine", "BE", 1987, c(2010))
b <- coef(m); j <- jp_df(m, 1); V <- j$V; df <- j$df
s2 <- b["t"] + b["h"]; se2 <- sqrt(V["t", "t"] + V["h", "h"] + 2 * V["t", "h"])
q <- qt(0.975, df)
cat(sprintf("seizures_be/cocaine/BE n=%d df=%d last segment 1987-2023 slope %.10f se %.10f APC %.4f CI %.4f %.4f\n",
            length(m$residuals), df, s2, se2, 100 * (exp(s2) - 1), 100 * (exp(s2 - q * se2) - 1),
            100 * (exp(s2 + q * se2) - 1)))
m <- fit_series("seizures", "opioids", "NL", 2021, c())
b <- coef(m); j <- jp_df(m, 1); V <- j$V; df <- j$df
# window 2018-2023: 3 years in segment 1 (slope t), 2 in segment 2 (slope t + h)
w <- c(t = 3 / 5 + 2 / 5, h = 2 / 5)
s <- sum(w * b[c("t", "h")]); se <- sqrt(drop(t(w) %*% V[c("t", "h"), c("t", "h")] %*% w))
q <- qnorm(0.975)
cat(sprintf("seizures/opioids/NL n=%d df=%d AAPC 2018-2023 %.4f CI %.4f %.4f; last segment APC %.4f\n",
            length(m$residuals), df, 100 * (exp(s) - 1), 100 * (exp(s - q * se) - 1),
            100 * (exp(s + q * se) - 1), 100 * (exp(b["t"] + b["h"]) - 1)))
