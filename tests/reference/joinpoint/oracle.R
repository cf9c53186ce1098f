# oracle.R - independent R oracle for src/joinpoint*.c (run: Rscript oracle.R > oracle.Rout)
# Exhaustive joinpoint grid (joinpoints at observed times, >= 2 observations
# strictly between a joinpoint and either end, >= 2 strictly between joinpoints),
# least squares by lm.fit; BIC/BIC3/WBIC as in docs/methods-joinpoint.md; segment
# slopes, AAPC and a jump model from lm/vcov; Poisson GLM by glm().
options(digits = 17)
hinge <- function(t, a) pmax(t - a, 0)
grid_best <- function(t, y, k, w = rep(1, length(t))) {
  n <- length(t); cand <- 3:(n - 2)            # 1-based: >= 2 before, >= 2 after
  sets <- if (k == 0) list(integer(0)) else combn(cand, k, simplify = FALSE)
  best <- NULL; bsse <- Inf
  for (s in sets) {
    if (k > 1 && any(diff(s) < 3)) next
    X <- cbind(1, t); for (a in t[s]) X <- cbind(X, hinge(t, a))
    f <- lm.wfit(X, y, w); sse <- sum(w * f$residuals^2)
    if (sse < bsse) { bsse <- sse; best <- s }
  }
  list(taus = t[best], sse = bsse)
}
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
report <- function(name, t, y, K, recent = c(10, 5)) {
  n <- length(t); cat("## series", name, "n =", n, "\n")
  crit <- NULL
  for (k in 0:K) {
    g <- grid_best(t, y, k); r2 <- r2max(t, y, g$taus)
    bic <- log(g$sse / n) + (2 * k + 2) * log(n) / n
    bic3 <- log(g$sse / n) + (3 * k + 2) * log(n) / n
    wbic <- log(g$sse / n) + ((2 + r2) * k + 2) * log(n) / n
    cat(sprintf("k %d taus %s sse %.17g bic %.17g bic3 %.17g wbic %.17g r2max %.17g\n", k,
                paste(g$taus, collapse = ";"), g$sse, bic, bic3, wbic, r2))
    crit <- rbind(crit, c(k, wbic)); if (k == 0 || wbic < min(crit[-nrow(crit), 2])) sel <- g
  }
  k <- length(sel$taus); tc <- mean(t)
  X <- cbind(1, t - tc); for (a in sel$taus) X <- cbind(X, hinge(t, a))
  fit <- lm(y ~ X - 1); b <- coef(fit); V <- vcov(fit); df <- n - 2 - 2 * k
  cat("selected k", k, "taus", sel$taus, "\n")
  for (s in 0:k) {
    L <- c(0, 1, rep(1, s), rep(0, k - s)); m <- sum(L * b); se <- sqrt(drop(L %*% V %*% L))
    # lm's SE uses df n - 2 - k; the Program counts each joinpoint: rescale
    se <- se * sqrt((n - 2 - k) / df)
    q <- qt(0.975, df)
    cat(sprintf("segment %d slope %.17g se %.17g apc %.17g lo %.17g hi %.17g p %.17g\n", s, m, se,
                100 * expm1(m), 100 * expm1(m - q * se), 100 * expm1(m + q * se), 2 * pt(-abs(m / se), df)))
  }
  bnd <- c(t[1], sel$taus, t[n])
  for (R in c(0, recent)) {
    from <- if (R == 0) t[1] else max(t[1], t[n] - R); to <- t[n]
    len <- pmax(pmin(bnd[-1], to) - pmax(bnd[-(k + 2)], from), 0); wgt <- len / sum(len)
    L <- c(0, 1, if (k) sapply(1:k, function(j) sum(wgt[(j + 1):(k + 1)])))
    m <- sum(L * b); se <- sqrt(drop(L %*% V %*% L)) * sqrt((n - 2 - k) / df)
    q <- if (sum(len > 0) > 1) qnorm(0.975) else qt(0.975, df)
    cat(sprintf("aapc from %.17g slope %.17g se %.17g aapc %.17g lo %.17g hi %.17g\n", from, m, se,
                100 * expm1(m), 100 * expm1(m - q * se), 100 * expm1(m + q * se)))
  }
}
d <- read.csv("amsterdam_cocaine.csv"); report("amsterdam_cocaine_log", d$year, log(d[[2]]), 2)
m <- read.csv("mortality-data.csv"); h <- m[m$cod == "Heart Disease", ]
report("heart_log", h$year, log(h$asdr), 2)

# Jump model: Amsterdam cocaine, one joinpoint fixed at 2014, a jump at 2017 (after the gap)
cat("## jump amsterdam tau 2014 jump 2017\n")
t <- d$year; y <- log(d[[2]]); n <- length(t); tc <- mean(t)
X <- cbind(1, t - tc, hinge(t, 2014), as.numeric(t >= 2017)); fit <- lm.fit(X, y)
sse <- sum(fit$residuals^2); df <- n - 2 - 2 * 1 - 1; V <- sse / df * solve(crossprod(X))
cat(sprintf("coef %.17g\n", fit$coefficients)); cat(sprintf("se %.17g\n", sqrt(diag(V))))
cq <- fit$coefficients[4]; sq <- sqrt(V[4, 4]); q <- qt(0.975, df)
cat(sprintf("jump pct %.17g lo %.17g hi %.17g sse %.17g\n", 100 * expm1(cq), 100 * expm1(cq - q * sq),
            100 * expm1(cq + q * sq), sse))

# Poisson GLM: CDC WONDER heroin (T40.1) deaths, offset log(population), joinpoint 2016
cat("## poisson cdc T40.1 tau 2016\n")
p <- read.csv("cdc_t401_deaths.csv"); t <- p$year; tc <- mean(t)
g <- glm(p$deaths ~ I(t - tc) + hinge(t, 2016) + offset(log(p$population)), family = poisson,
         control = glm.control(epsilon = 1e-14, maxit = 100))
cat(sprintf("coef %.17g\n", coef(g))); cat(sprintf("se %.17g\n", sqrt(diag(vcov(g)))))
cat(sprintf("deviance %.17g\n", deviance(g)))

# Grid option: one extra grid point midway between adjacent observed times;
# admissible when >= 2 observations lie strictly before and after a joinpoint
# and >= 2 strictly between two joinpoints.  Weighted: w_i = 1 + 0.5 (i mod 3),
# i = 0-based index.  Amsterdam cocaine, log scale.
cat("## grid1 weighted amsterdam\n")
t <- d$year; y <- log(d[[2]]); n <- length(t); w <- 1 + 0.5 * ((0:(n - 1)) %% 3)
cand <- sort(c(t, (t[-1] + t[-n]) / 2))
cand <- cand[sapply(cand, function(a) sum(t < a) >= 2 && sum(t > a) >= 2)]
for (k in 1:2) {
  sets <- combn(cand, k, simplify = FALSE); bsse <- Inf; bs <- NULL
  for (s in sets) {
    if (k == 2 && sum(t > s[1] & t < s[2]) < 2) next
    X <- cbind(1, t); for (a in s) X <- cbind(X, hinge(t, a))
    sse <- sum(w * lm.wfit(X, y, w)$residuals^2)
    if (sse < bsse) { bsse <- sse; bs <- s }
  }
  cat(sprintf("k %d taus %s wsse %.17g\n", k, paste(bs, collapse = ";"), bsse))
}

# Poisson grid search: deviance of glm over every admissible single joinpoint
# (observed years, >= 2 observations strictly before and after), same data.
cat("## poisson grid cdc T40.1 k=1\n"); t <- p$year; tc <- mean(t)
for (a in t[3:(length(t) - 2)]) {
  g <- glm(p$deaths ~ I(t - tc) + hinge(t, a) + offset(log(p$population)), family = poisson,
           control = glm.control(epsilon = 1e-14, maxit = 100))
  cat(sprintf("tau %g deviance %.17g\n", a, deviance(g)))
}
