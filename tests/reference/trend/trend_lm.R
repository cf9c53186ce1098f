# trend_lm.R - reference least-squares trends for test_trend.c, made with R lm().
# Run from this folder:  Rscript trend_lm.R > trend_lm.Rout
# Every number is printed with %.17g; the C tests compare coefficients and SEs to 1e-9 relative.
# Time is in decimal years (year, or year + (month-1)/12), as mt_period_time gives it.
options(digits = 17)
p17 <- function(...) cat(sprintf("%s\n", paste(...)))
g <- function(x) sprintf("%.17g", x)

report <- function(name, t, y, scale = "log", w = NULL, jumps = numeric(0)) {
  yy <- if (scale == "log") log(y) else y
  d <- data.frame(t = t, yy = yy)
  form <- "yy ~ t"
  for (k in seq_along(jumps)) {
    d[[paste0("j", k)]] <- as.numeric(t >= jumps[k])
    form <- paste0(form, " + j", k)
  }
  fit <- if (is.null(w)) lm(as.formula(form), data = d) else lm(as.formula(form), data = d, weights = w)
  s <- summary(fit)
  cf <- coef(s)
  df <- fit$df.residual
  q <- qt(0.975, df)
  r <- residuals(fit)
  if (!is.null(w)) r <- sqrt(w) * r      # weighted (Pearson) residuals for Durbin-Watson
  dw <- sum(diff(r)^2) / sum(r^2)
  p17("case", name, "scale", scale, "n", length(t), "df", df, "weighted", !is.null(w))
  for (i in seq_len(nrow(cf)))
    p17("coef", rownames(cf)[i], g(cf[i, 1]), "se", g(cf[i, 2]), "t", g(cf[i, 3]), "p", g(cf[i, 4]))
  b <- cf[2, 1]; sb <- cf[2, 2]
  p17("qt975", g(q))
  p17("slope_ci", g(b - q * sb), g(b + q * sb))
  if (scale == "log") p17("apc", g(100 * (exp(b) - 1)), g(100 * (exp(b - q * sb) - 1)), g(100 * (exp(b + q * sb) - 1)))
  for (k in seq_along(jumps)) {
    c <- cf[2 + k, 1]; sc <- cf[2 + k, 2]
    p17("jump", jumps[k], g(100 * (exp(c) - 1)), g(100 * (exp(c - q * sc) - 1)), g(100 * (exp(c + q * sc) - 1)))
  }
  p17("sigma", g(s$sigma), "r2", g(s$r.squared), "dw", g(dw), "rss", g(sum(r^2)))
  V <- vcov(fit)
  p17("vcov", paste(g(as.vector(V)), collapse = " "))
  nd <- data.frame(t = 2020.5); for (k in seq_along(jumps)) nd[[paste0("j", k)]] <- as.numeric(2020.5 >= jumps[k])
  pr <- predict(fit, newdata = nd, se.fit = TRUE)
  p17("predict 2020.5", g(pr$fit), "se", g(pr$se.fit))
  cat("\n")
}

rd <- function(f) read.csv(f)

u <- rd("ww_NL_Utrecht_cocaine_daily_mean.csv")
report("utrecht_cocaine_ww", u$year, u$value)
report("utrecht_cocaine_ww_linear", u$year, u$value, scale = "linear")

pv <- rd("prev_NL_Cocaine.csv")
report("nl_cocaine_prevalence", pv$year, pv$value)

sz <- rd("seiz_NL_cocaine_kg.csv")
report("nl_cocaine_seizures", sz$year, sz$value)
# UNODC's Dutch cocaine category changed in 2010: a level shift at 2010 (DOMAIN.md)
report("nl_cocaine_seizures_jump2010", sz$year, sz$value, jumps = c(2010))

a <- rd("ww_NL_Amsterdam_cocaine_daily_mean.csv")   # 2016 missing: 13 points
report("amsterdam_cocaine_ww", a$year, a$value)

tc <- rd("statcan_toronto_be.csv")
ym <- as.integer(substr(tc$month, 1, 4)); mm <- as.integer(substr(tc$month, 6, 7))
tt <- ym + (mm - 1) / 12
w <- 1 / (tc$se / tc$value)^2                        # 1 / var(ln y), var(ln y) = (se/y)^2
report("toronto_be_weighted", tt, tc$value, w = w)
report("toronto_be_unweighted", tt, tc$value)
