# synthetic_ar.R - a simulated monthly pair whose log changes follow an AR(2)
# process, b lagging a by one month, to check AR order selection by AIC,
# Yule-Walker coefficients and the prewhitened CCF at higher order than the
# real Canadian pair allows.  Writes synthetic_ar.csv (levels, %.17g) and
# prints the reference values.  Run: Rscript synthetic_ar.R > synthetic_ar.Rout
set.seed(20261123)
n <- 72
x <- as.numeric(arima.sim(list(ar = c(0.5, -0.4)), n = n))
db <- c(0, 0.8 * x[-n]) + rnorm(n, sd = 0.5)
a <- 100 * exp(cumsum(x) * 0.05)
b <- 40 * exp(cumsum(db) * 0.05)
write.csv(data.frame(month = 0:(n - 1), a = sprintf("%.17g", a), b = sprintf("%.17g", b)),
          "synthetic_ar.csv", row.names = FALSE, quote = FALSE)
a <- as.numeric(read.csv("synthetic_ar.csv")$a); b <- as.numeric(read.csv("synthetic_ar.csv")$b)
da <- diff(log(a)); dbb <- diff(log(b))
fit <- ar.yw(da, aic = TRUE, order.max = 6, demean = TRUE)
cat(sprintf("ar_order %d\n", fit$order))
cat("ar", sprintf("%.15g", fit$ar), "\n")
phi <- fit$ar
fx <- stats::filter(da, c(1, -phi), sides = 1); fy <- stats::filter(dbb, c(1, -phi), sides = 1)
keep <- seq_along(da) > fit$order
cc <- ccf(as.numeric(fx[keep]), as.numeric(fy[keep]), lag.max = 3, plot = FALSE)
cat("ccf", sprintf("%.15g", cc$acf[, 1, 1]), "\n")
cat("best_lag", cc$lag[which.max(abs(cc$acf))], "\n")
