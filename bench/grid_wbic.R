# bench/grid_wbic.R - the exhaustive joinpoint grid with WBIC selection that
# the R side of the benchmarks times (sourced by joinpoint.R and suite.R):
# joinpoints at observed times, >= 2 observations to either end and between
# joinpoints, WBIC as in docs/methods-joinpoint.md.  Returns the chosen k.
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
