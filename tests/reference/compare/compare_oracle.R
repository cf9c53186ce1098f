# compare_oracle.R - brute-force R oracle for src/stats/compare.c (Kim, Fay, Yu, Barrett, Feuer 2004).
# Run: Rscript compare_oracle.R > compare_oracle.Rout   (a few minutes)
#
# Independent of the C decomposition: the null models are fitted on the STACKED data (2n rows,
# group columns), every admissible joinpoint set enumerated and fitted by lm.fit; the alternative
# is each series' own best k-joinpoint fit. Grid: joinpoints at observed times, >= 2 observations
# strictly before and after, >= 2 strictly between (the Program's defaults, as oracle.R).
# F = ((SSE0 - SSE1)/q) / (SSE1/(2n - 2(2 + 2k + J))), q = 1 + 2k (parallel), 2 + 2k (coincident).
# Permutation: the 2n residuals of the null fit shuffled (sample()) and added to its fitted values;
# p = (1 + #{F* >= F}) / (N + 1). kmax = max of the WBIC selections for a, b and (a + b)/2, <= 3.
options(digits = 17)
hinge <- function(t, a) pmax(t - a, 0)
sets_k <- function(n, k) {
  cand <- 3:(n - 2)
  if (k == 0) return(list(integer(0)))
  s <- combn(cand, k, simplify = FALSE)
  Filter(function(v) k < 2 || all(diff(v) >= 3), s)
}
sse_fit <- function(X, y) sum(.lm.fit(X, y)$residuals^2)
steps_of <- function(t, jumps) if (length(jumps)) sapply(jumps, function(s) as.numeric(t >= s)) else NULL
# Design matrices of every admissible set, built once per (t, k, jumps): the permutation loop
# then only calls .lm.fit.
designs <- function(t, k, jumps = numeric(0)) {
  n <- length(t); S <- steps_of(t, jumps); g <- rep(0:1, each = n); tt <- c(t, t)
  Z <- NULL
  if (!is.null(S)) Z <- rbind(cbind(S, 0 * S), cbind(0 * S, S))
  lapply(sets_k(n, k), function(s) {
    X1 <- cbind(1, t - mean(t), S); for (a in t[s]) X1 <- cbind(X1, hinge(t, a))
    X0 <- cbind(1, tt - mean(t), Z); for (a in t[s]) X0 <- cbind(X0, hinge(tt, a))
    list(set = s, X1 = X1, coin = X0, par = cbind(X0, g))
  })
}
# best single-series fit over the sets
best1 <- function(D, y) {
  b <- Inf; bs <- NULL
  for (d in D) { v <- sum(.lm.fit(d$X1, y)$residuals^2); if (v < b) { b <- v; bs <- d$set } }
  list(sse = b, set = bs)
}
# best stacked null fit: "par" (group intercept + group jumps) or "coin" (group jumps only)
best0 <- function(D, y, type) {
  b <- Inf; bf <- NULL
  for (d in D) {
    f <- .lm.fit(d[[type]], y); v <- sum(f$residuals^2)
    if (v < b) { b <- v; bf <- y - f$residuals }
  }
  list(sse = b, fitted = bf)
}
stats_k <- function(t, ya, yb, k, jumps = numeric(0), D = designs(t, k, jumps),
                    types = c("par", "coin")) {
  n <- length(t); J <- length(jumps)
  h1 <- best1(D, ya)$sse + best1(D, yb)$sse
  df <- 2 * n - 2 * (2 + 2 * k + J); q <- c(par = 1 + 2 * k, coin = 2 + 2 * k)
  out <- list(h1 = h1)
  for (ty in types) {
    b0 <- best0(D, c(ya, yb), ty); out[[ty]] <- b0
    out[[paste0("f_", ty)]] <- ((b0$sse - h1) / q[[ty]]) / (h1 / df)
  }
  out
}
perm_p <- function(t, ya, yb, k, type, N, jumps = numeric(0)) {
  n <- length(t); D <- designs(t, k, jumps); st <- stats_k(t, ya, yb, k, jumps, D, type)
  null <- st[[type]]; f0 <- st[[paste0("f_", type)]]
  e <- c(ya, yb) - null$fitted; cnt <- 0
  for (b in 1:N) {
    ys <- null$fitted + e[sample.int(2 * n)]
    s <- stats_k(t, ys[1:n], ys[(n + 1):(2 * n)], k, jumps, D, type)
    if (s[[paste0("f_", type)]] >= f0 - 1e-12 * abs(f0)) cnt <- cnt + 1
  }
  (1 + cnt) / (N + 1)
}
# WBIC selection and the full-period AAPC of one series (as oracle.R)
r2max <- function(t, y, taus) {
  k <- length(taus); if (k == 0) return(0); r <- 0
  for (i in 1:k) {
    lo <- if (i == 1) -Inf else taus[i - 1]; hi <- if (i == k) Inf else taus[i + 1]
    sel <- t > lo & t <= hi
    z <- hinge(t[sel], taus[i]); ry <- resid(lm(y[sel] ~ t[sel])); rz <- resid(lm(z ~ t[sel]))
    r <- max(r, sum(ry * rz)^2 / (sum(ry^2) * sum(rz^2)))
  }
  r
}
select_wbic <- function(t, y, K) {
  n <- length(t); best <- NULL; bw <- Inf
  for (k in 0:K) {
    g <- best1(designs(t, k), y); taus <- t[g$set]
    w <- log(g$sse / n) + ((2 + r2max(t, y, taus)) * k + 2) * log(n) / n
    if (w < bw) { bw <- w; best <- taus }
  }
  best
}
aapc_full <- function(t, y, taus) {
  n <- length(t); k <- length(taus); tc <- mean(t)
  X <- cbind(1, t - tc); for (a in taus) X <- cbind(X, hinge(t, a))
  fit <- lm(y ~ X - 1); b <- coef(fit); V <- vcov(fit); df <- n - 2 - 2 * k
  bnd <- c(t[1], taus, t[n]); len <- diff(bnd); wgt <- len / sum(len)
  L <- c(0, 1, if (k) sapply(1:k, function(j) sum(wgt[(j + 1):(k + 1)])))
  m <- sum(L * b); se <- sqrt(drop(L %*% V %*% L)) * sqrt((n - 2 - k) / df)
  c(slope = m, se = se, aapc = 100 * expm1(m), aapc_se = 100 * exp(m) * se)
}
case <- function(name, t, ya, yb, N = 19999) {
  Kd <- function(n) if (n <= 6) 0 else if (n <= 11) 1 else if (n <= 16) 2 else if (n <= 21) 3 else if (n <= 26) 4 else 5
  K <- Kd(length(t))
  ta <- select_wbic(t, ya, K); tb <- select_wbic(t, yb, K); tm <- select_wbic(t, (ya + yb) / 2, K)
  kmax <- min(3, max(length(ta), length(tb), length(tm)))
  st <- stats_k(t, ya, yb, kmax)
  cat(sprintf("## case %s n %d k_a %d k_b %d k_pool %d kmax %d\n", name, length(t), length(ta),
              length(tb), length(tm), kmax))
  cat(sprintf("sse_h1 %.17g sse_par %.17g sse_coin %.17g f_par %.17g f_coin %.17g\n", st$h1,
              st$par$sse, st$coin$sse, st$f_par, st$f_coin))
  a <- aapc_full(t, ya, ta); b <- aapc_full(t, yb, tb)
  d <- a[["aapc"]] - b[["aapc"]]; se <- sqrt(a[["aapc_se"]]^2 + b[["aapc_se"]]^2); z <- qnorm(0.975)
  cat(sprintf("aapc_a %.17g aapc_b %.17g diff %.17g lo %.17g hi %.17g p %.17g\n", a[["aapc"]],
              b[["aapc"]], d, d - z * se, d + z * se, 2 * pnorm(-abs(d) / se)))
  set.seed(1)
  pp <- perm_p(t, ya, yb, kmax, "par", N); pc <- perm_p(t, ya, yb, kmax, "coin", N)
  cat(sprintf("N %d p_par %.17g p_coin %.17g\n", N, pp, pc))
}
d <- read.csv("synthetic_pairs.csv")
case("diff", d$year, d$diff_a, d$diff_b)
case("par", d$year, d$par_a, d$par_b)
case("weak", d$year, d$par_a, d$weak_b)
case("same", d$year, d$par_a, d$par_a, N = 999)

# Real data: UNODC cocaine seizures, NL vs BE (data/unodc/seizures-nl-be.csv), log kg, the
# definition change of 2010 as a level shift in each series. Deterministic SSEs for fixed k.
s <- read.csv("../../../data/unodc/seizures-nl-be.csv")
nl <- s[s$indicator == "seizures" & s$market == "cocaine" & s$region == "NL", ]
be <- s[s$indicator == "seizures_be" & s$market == "cocaine" & s$region == "BE", ]
yr <- intersect(nl$period, be$period)
ya <- log(nl$value[match(yr, nl$period)]); yb <- log(be$value[match(yr, be$period)])
cat(sprintf("## nlbe n %d first %d last %d\n", length(yr), min(yr), max(yr)))
for (k in 0:2) {
  st <- stats_k(yr, ya, yb, k, jumps = 2010)
  cat(sprintf("k %d sse_h1 %.17g sse_par %.17g sse_coin %.17g f_par %.17g f_coin %.17g\n", k, st$h1,
              st$par$sse, st$coin$sse, st$f_par, st$f_coin))
}
