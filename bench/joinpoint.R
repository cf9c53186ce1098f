# bench/joinpoint.R - R side of bench_joinpoint: times, per series, an
# exhaustive joinpoint grid search (the same rules as monitrend: joinpoints at
# observed times, >= 2 observations to either end and between joinpoints,
# selection by WBIC) and segmented::selgmented(type = "bic") with the same
# maximum number of joinpoints.
# Usage: Rscript bench/joinpoint.R SERIES.csv KMAX OUT.csv
# SERIES.csv: columns id,t,y (long format); OUT.csv: id,grid_s,selgmented_s,grid_k,selg_k
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); K <- as.integer(args[2])
hinge <- function(t, a) pmax(t - a, 0)
grid_wbic <- function(t, y, K) {
  n <- length(t); cand <- 3:(n - 2); best_w <- Inf; best_k <- 0
  for (k in 0:K) {
    sets <- if (k == 0) list(integer(0)) else combn(cand, k, simplify = FALSE)
    bsse <- Inf; bs <- NULL
    for (s in sets) {
      if (k > 1 && any(diff(s) < 3)) next
      X <- cbind(1, t); for (a in t[s]) X <- cbind(X, hinge(t, a))
      sse <- sum(.lm.fit(X, y)$residuals^2)
      if (sse < bsse) { bsse <- sse; bs <- s }
    }
    r2 <- 0
    if (k > 0) for (i in 1:k) {
      taus <- t[bs]; lo <- if (i == 1) -Inf else taus[i - 1]; hi <- if (i == k) Inf else taus[i + 1]
      sel <- t > lo & t <= hi; X0 <- cbind(1, t[sel])
      ry <- .lm.fit(X0, y[sel])$residuals; rz <- .lm.fit(X0, hinge(t[sel], taus[i]))$residuals
      r2 <- max(r2, sum(ry * rz)^2 / (sum(ry^2) * sum(rz^2)))
    }
    w <- log(bsse / n) + ((2 + r2) * k + 2) * log(n) / n
    if (w < best_w) { best_w <- w; best_k <- k }
  }
  best_k
}
suppressPackageStartupMessages(library(segmented))
out <- NULL
for (id in unique(d$id)) {
  s <- d[d$id == id, ]; t <- s$t; y <- s$y
  g0 <- proc.time()[["elapsed"]]; gk <- grid_wbic(t, y, K); g1 <- proc.time()[["elapsed"]]
  sk <- NA
  s0 <- proc.time()[["elapsed"]]
  fit <- try(suppressWarnings(selgmented(lm(y ~ t), seg.Z = ~t, type = "bic", Kmax = K, msg = FALSE)),
             silent = TRUE)
  s1 <- proc.time()[["elapsed"]]
  if (!inherits(fit, "try-error")) sk <- if (is.null(fit$psi)) 0 else nrow(fit$psi)
  out <- rbind(out, data.frame(id = id, grid_s = g1 - g0, selgmented_s = s1 - s0, grid_k = gk, selg_k = sk))
}
write.csv(out, args[3], row.names = FALSE)
