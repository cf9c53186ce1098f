# reference.R - independent values for tests/unit/test_crosscheck.c, computed
# with base R (lm, cor.test, binom.test, rstandard, ar.yw, ccf) on the real
# pairs copied by extract.py.  Run: Rscript reference.R > reference.Rout
options(digits = 15)
p <- function(name, x) cat(sprintf("%-28s %s\n", name, paste(sprintf("%.15g", x), collapse = " ")))

d <- read.csv("annual_pairs.csv", comment.char = "#")
get <- function(id, years) { s <- d[d$series_id == id, ]; s$value[match(years, s$year)] }

concord <- function(tag, t, a, b, lag.max, sea = NULL, seb = NULL, prewhiten = FALSE, max.ar = 6) {
  cat(sprintf("== %s\n", tag))
  ok <- is.finite(a) & is.finite(b) & a > 0 & b > 0
  la <- ifelse(ok, log(a), NA); lb <- ifelse(ok, log(b), NA)
  p("n", sum(ok))
  fa <- lm(la ~ t); fb <- lm(lb ~ t)
  for (f in list(list("a", fa), list("b", fb))) {
    s <- summary(f[[2]])$coefficients
    ci <- confint(f[[2]])["t", ]
    p(paste0("slope_", f[[1]]), c(s["t", 1], s["t", 2], ci))
    p(paste0("apc_", f[[1]]), 100 * (exp(c(s["t", 1], ci)) - 1))
    p(paste0("p_", f[[1]]), s["t", 4])
  }
  # stacked regression with series-specific intercepts and slopes
  y <- c(la, lb); tt <- c(t, t); g <- rep(0:1, each = length(t))
  st <- lm(y ~ g * tt)
  cs <- summary(st)$coefficients
  p("interaction", cs["g:tt", c(1, 2, 4)])
  V <- vcov(st)[c("tt", "g:tt"), c("tt", "g:tt")]
  b0 <- coef(st)["tt"]; b1 <- coef(st)["g:tt"]
  diff <- 100 * (exp(b0) - 1) - 100 * (exp(b0 + b1) - 1)
  grad <- c(100 * exp(b0) - 100 * exp(b0 + b1), -100 * exp(b0 + b1))
  se <- sqrt(drop(t(grad) %*% V %*% grad))
  q <- qt(0.975, st$df.residual)
  p("apc_diff", c(diff, diff - q * se, diff + q * se))
  ct <- cor.test(la, lb)
  p("r_levels", c(ct$estimate, ct$conf.int, ct$p.value))
  p("rho_levels", cor(la, lb, method = "spearman", use = "complete.obs"))
  da <- c(NA, diff(la)); db <- c(NA, diff(lb))
  ct <- cor.test(da, db)
  p("r_diff", c(ct$estimate, ct$conf.int, ct$p.value))
  p("rho_diff", cor(da, db, method = "spearman", use = "complete.obs"))
  both <- is.finite(da) & da != 0 & db != 0
  agree <- sum(sign(da[both]) == sign(db[both]))
  p("agree_total_signp", c(agree, sum(both), binom.test(agree, sum(both))$p.value))
  r <- lm(lb ~ la)
  rs <- rstandard(r)
  p("rstandard", rs)
  if (!is.null(sea)) {
    za <- c(NA, diff(la) / sqrt((sea[-1] / a[-1])^2 + (sea[-length(a)] / a[-length(a)])^2))
    zb <- c(NA, diff(lb) / sqrt((seb[-1] / b[-1])^2 + (seb[-length(b)] / b[-length(b)])^2))
    p("z_a", za); p("z_b", zb)
  }
  if (prewhiten) {
    okd <- is.finite(da) & is.finite(db)
    rr <- rle(okd); ends <- cumsum(rr$lengths); starts <- ends - rr$lengths + 1
    k <- which.max(ifelse(rr$values, rr$lengths, -1))
    idx <- starts[k]:ends[k]
    p("pw_stretch", c(starts[k] - 1, length(idx)))   # 0-based grid index
    x <- da[idx]; yy <- db[idx]
    fit <- ar.yw(x, aic = TRUE, order.max = max.ar, demean = TRUE)
    p("ar_order", fit$order)
    if (fit$order > 0) p("ar", fit$ar)
    phi <- if (fit$order > 0) fit$ar else numeric(0)
    fx <- stats::filter(x, c(1, -phi), sides = 1, method = "convolution")
    fy <- stats::filter(yy, c(1, -phi), sides = 1, method = "convolution")
    keep <- seq_along(x) > fit$order
    cc <- ccf(as.numeric(fx[keep]), as.numeric(fy[keep]), lag.max = lag.max, plot = FALSE)
  } else {
    okd <- which(is.finite(da) & is.finite(db))
    span <- min(okd):max(okd)
    cc <- ccf(da[span], db[span], lag.max = lag.max, plot = FALSE, na.action = na.pass)
  }
  p("ccf", cc$acf[, 1, 1])
}

# 1. Utrecht cocaine wastewater vs NL past-year cocaine prevalence, grid 2011-2023.
yrs <- 2011:2023
concord("utrecht_vs_prevalence", yrs, get("ww.NL.Utrecht.cocaine.daily_mean", yrs),
        get("prev.NL.Cocaine", yrs), lag.max = 2)

# 2. NL vs BE cocaine seizures, 2000-2023: concordance and displacement.
yrs <- 2000:2023
nl <- get("seiz.NL.cocaine.kg", yrs); be <- get("seiz.BE.cocaine.kg", yrs)
concord("nl_vs_be_seizures", yrs, nl, be, lag.max = 2)
cat("== displacement_nl_be\n")
sh <- lm(log(nl / be) ~ yrs)
s <- summary(sh)$coefficients; ci <- confint(sh)["yrs", ]
p("share_slope", c(s["yrs", 1], s["yrs", 2], ci, s["yrs", 4]))
p("odds_ratio", exp(c(s["yrs", 1], ci)))
sm <- mean(nl / (nl + be))
p("share_mean", sm)
p("share_pp", 100 * sm * (1 - sm) * c(s["yrs", 1], ci))
tot <- lm(log(nl + be) ~ yrs)
s <- summary(tot)$coefficients; ci <- confint(tot)["yrs", ]
p("total_apc", 100 * (exp(c(s["yrs", 1], ci)) - 1))

# 3. Monthly benzoylecgonine loads, Toronto (a) vs Montreal (b), Statistics Canada.
m <- read.csv("monthly_be_toronto_montreal.csv", comment.char = "#")
ym <- as.integer(substr(m$month, 1, 4)) * 12 + as.integer(substr(m$month, 6, 7)) - 1
grid <- min(ym):max(ym)
at <- function(v) v[match(grid, ym)]
concord("toronto_vs_montreal_monthly", grid / 12, at(m$Toronto_load), at(m$Montreal_load),
        lag.max = 3, sea = at(m$Toronto_se), seb = at(m$Montreal_se), prewhiten = TRUE)

# 4. Availability members on the grid 2011-2023: recent 5-period slopes and the
#    composite index (mean of sign-adjusted z-scored logs); all signs +.
cat("== availability\n")
yrs <- 2011:2023
mem <- list(get("seiz.NL.cocaine.kg", yrs), get("ww.NL.Utrecht.cocaine.daily_mean", yrs),
            get("prev.NL.Cocaine", yrs))
z <- sapply(mem, function(v) { l <- log(v); (l - mean(l, na.rm = TRUE)) / sd(l, na.rm = TRUE) })
for (i in seq_along(mem)) {
  v <- mem[[i]]; okv <- which(is.finite(v)); w <- tail(okv, 5)
  f <- lm(log(v[w]) ~ yrs[w]); ci <- confint(f)[2, ]
  p(sprintf("recent_slope_%d", i), c(coef(f)[2], ci))
}
p("index", rowMeans(z, na.rm = TRUE))
p("members", rowSums(is.finite(z)))
