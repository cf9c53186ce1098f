# jp_ar1.R - brute-force R oracle for the joinpoint selection with AR(1) errors
# (src/stats/joinpoint_ar1.c, docs/methods-joinpoint.md "Autocorrelated errors").
# Run from this directory: Rscript jp_ar1.R > jp_ar1.Rout (about five minutes).
#
# For every admissible joinpoint set (observed years; at least 2 points before the first and
# after the last joinpoint and between two joinpoints, the Program's defaults) with k <= KMAX,
# nlme::gls(ln y ~ (t - tbar) + hinges [+ level shift], correlation = corAR1(form = ~ year),
# method = "ML") is fitted; per k the set with the largest log-likelihood wins (the joint
# maximum over joinpoints and phi that monitrend's alternation is to reach).  The criteria:
#   lsse = -2 logLik / n - (ln(2 pi) + 1)            (= ln(SSE_R / n) + ln|R| / n)
#   BIC  = lsse + (2k + 2 + J + 1) ln(n) / n,  BIC3 with 3k, WBIC with (2 + R2max) k,
# R2max the largest partial R^2 of y and the hinge (t - tau_i)+ given (1, t) in the window of
# joinpoint i (after the previous joinpoint, up to and including the next), computed in the
# GLS metric of the window: both sides whitened by the inverse Cholesky factor of the window's
# AR(1) correlation matrix at the ML phi of k.  The selected model is then refitted with
# method = "REML"; segment slopes and SEs are printed with vcov rescaled to the Program's df
# (n - 2 - 2k - J), as monitrend reports them, and its last segment projected two years ahead
# ("proj": the mean with its CI, a new observation with the marginal variance sigma^2), and its
# bands at the first and last year ("band": nlme's vcov on n - p df, as bands.csv).  The trend (ln y ~ year [+ shift], REML) is
# printed too: for the series with a gap it is corAR1(form = ~ year), i.e. phi^(years apart).
# Series (data/unodc/seizures-nl-be.csv):
#   cocaine_be   UNODC cocaine seizures BE 1980-2023, level shift 2010 (category change)
#   cannabis_nl  UNODC cannabis seizures NL 1980-2023
#   cannabis_be  UNODC cannabis seizures BE 1970, 1980-2023 (a gap of ten years)
#   ats_be       UNODC ATS seizures BE 1980-2023, k <= 3 (the noisiest series: the least-squares and
#                the AR(1) selections differ most)
#   ams_weighted EUDA wastewater cocaine Amsterdam (NL001) 2011-2024, 2016 missing, weighted:
#                w = 1 / var(ln daily mean), var = (se / mean)^2, se = sd(days) / sqrt(#days)
#                (data/euda-wastewater-2025/ww2025-all-data.csv), gls(weights = varFixed(~ 1/w));
#                its points are printed ("data" lines) for the test to fit the same numbers.
suppressPackageStartupMessages(library(nlme))
options(digits = 17)
KMAX <- 2
ctl <- glsControl(tolerance = 1e-10, msTol = 1e-12, msMaxIter = 500, maxIter = 500)
s <- read.csv("../../../data/unodc/seizures-nl-be.csv")
pick <- function(ind, mk, rg) {
  d <- s[s$indicator == ind & s$market == mk & s$region == rg, ]
  d <- d[order(d$period), ]
  data.frame(yr = d$period, ly = log(d$value))
}
ar1cor <- function(yr, phi) phi^abs(outer(yr, yr, "-"))
sets_of <- function(n, k) {
  cand <- 3:(n - 2)                      # 1-based: 2 points before, 2 after
  if (k == 0) return(list(integer(0)))
  out <- list()
  rec <- function(prefix, from) {
    if (length(prefix) == k) { out[[length(out) + 1]] <<- prefix; return(invisible()) }
    for (c in cand[cand >= from]) rec(c(prefix, c), c + 3)   # 2 points strictly between
  }
  rec(integer(0), min(cand))
  out
}
design <- function(d, taus, jump) {
  X <- data.frame(ly = d$ly, yr = d$yr, tcn = d$yr - mean(d$yr))
  if (!is.null(d$w)) X$iw <- 1 / d$w
  for (j in seq_along(taus)) X[[paste0("h", j)]] <- pmax(d$yr - taus[j], 0)
  if (!is.na(jump)) X$step <- as.numeric(d$yr >= jump)
  X
}
fml <- function(X) as.formula(paste("ly ~", paste(setdiff(names(X), c("ly", "yr", "iw")), collapse = " + ")))
fit <- function(X, method) tryCatch(
  if (is.null(X$iw)) gls(fml(X), data = X, correlation = corAR1(form = ~ yr), method = method, control = ctl)
  else gls(fml(X), data = X, correlation = corAR1(form = ~ yr), weights = varFixed(~ iw),
           method = method, control = ctl),
  error = function(e) NULL)
# nlme's optimiser stops within about 1e-7 of the REML phi (the criterion is flat there); the
# reported REML fits are polished: phi maximising the same logLik with corAR1(phi, fixed = TRUE),
# by optimize() to 1e-12.
polish <- function(X, g) {
  at <- function(p) {
    cs <- corAR1(p, form = ~ yr, fixed = TRUE)
    if (is.null(X$iw)) gls(fml(X), data = X, correlation = cs, method = "REML")
    else gls(fml(X), data = X, correlation = cs, weights = varFixed(~ iw), method = "REML")
  }
  p0 <- phi_of(g)
  o <- optimize(function(p) as.numeric(logLik(at(p))), c(p0 - 1e-3, min(p0 + 1e-3, 0.9999)),
                maximum = TRUE, tol = 1e-12)
  at(o$maximum)
}
phi_of <- function(g) coef(g$modelStruct$corStruct, unconstrained = FALSE)[[1]]
r2max <- function(d, taus, phi) {
  best <- 0; k <- length(taus)
  for (i in seq_len(k)) {
    lo <- if (i == 1) -Inf else taus[i - 1]; hi <- if (i == k) Inf else taus[i + 1]
    w <- which((d$yr > lo | (i == 1 & seq_along(d$yr) == 1)) & d$yr <= hi)
    V <- ar1cor(d$yr[w], phi)
    if (!is.null(d$w)) V <- V / sqrt(outer(d$w[w], d$w[w]))
    U <- chol(V); Wt <- solve(t(U))
    B <- Wt %*% cbind(1, d$yr[w]); z <- Wt %*% pmax(d$yr[w] - taus[i], 0); y <- Wt %*% d$ly[w]
    ry <- qr.resid(qr(B), y); rz <- qr.resid(qr(B), z)
    r2 <- sum(ry * rz)^2 / (sum(ry^2) * sum(rz^2))
    if (r2 > best) best <- min(r2, 1)
  }
  best
}
report <- function(name, d, jump = NA, KMAX = 2) {
  n <- nrow(d); J <- if (is.na(jump)) 0 else 1
  slw <- if (is.null(d$w)) 0 else sum(log(d$w))
  cat(sprintf("## %s n %d jump %s kmax %d\n", name, n, if (is.na(jump)) "none" else jump, KMAX))
  if (!is.null(d$w)) for (i in seq_len(n)) cat(sprintf("data %d ly %.17g w %.17g\n", d$yr[i], d$ly[i], d$w[i]))
  Xt <- design(d, numeric(0), jump); tr <- polish(Xt, fit(Xt, "REML"))
  tt <- summary(tr)$tTable
  cat(sprintf("trend phi %.17g slope %.17g se %.17g loglik %.17g\n", phi_of(tr), tt["tcn", 1],
              tt["tcn", 2], logLik(tr)))
  crit <- list()
  for (k in 0:KMAX) {
    best <- NULL; bl <- -Inf
    for (set in sets_of(n, k)) {
      g <- fit(design(d, d$yr[set], jump), "ML")
      if (!is.null(g) && logLik(g) > bl) { bl <- as.numeric(logLik(g)); best <- list(set = set, g = g) }
    }
    taus <- d$yr[best$set]; phi <- phi_of(best$g)
    lsse <- -2 * bl / n - (log(2 * pi) + 1) + slw / n
    r2 <- if (k > 0) r2max(d, taus, phi) else 0
    pen <- log(n) / n
    crit[[k + 1]] <- c(bic = lsse + (2 * k + 3 + J) * pen, bic3 = lsse + (3 * k + 3 + J) * pen,
                       wbic = lsse + ((2 + r2) * k + 3 + J) * pen)
    cat(sprintf("k %d taus %s phi_ml %.17g loglik %.17g r2max %.17g bic %.17g bic3 %.17g wbic %.17g\n",
                k, if (k) paste(taus, collapse = ";") else "-", phi, bl, r2,
                crit[[k + 1]]["bic"], crit[[k + 1]]["bic3"], crit[[k + 1]]["wbic"]))
  }
  for (cr in c("bic", "bic3", "wbic")) {
    v <- sapply(crit, function(x) x[cr]); kh <- 0
    for (k in 1:KMAX) if (v[k + 1] < v[kh + 1]) kh <- k   # ties keep the smaller model
    cat(sprintf("select %s k %d\n", cr, kh))
  }
  # the WBIC model refitted by REML at its joinpoints (hinge basis)
  v <- sapply(crit, function(x) x["wbic"]); kh <- 0
  for (k in 1:KMAX) if (v[k + 1] < v[kh + 1]) kh <- k
  best <- NULL; bl <- -Inf
  for (set in sets_of(n, kh)) {
    g <- fit(design(d, d$yr[set], jump), "ML")
    if (!is.null(g) && logLik(g) > bl) { bl <- as.numeric(logLik(g)); best <- set }
  }
  X <- design(d, d$yr[best], jump); g <- polish(X, fit(X, "REML")); b <- coef(g)
  V <- vcov(g) * (n - length(b)) / (n - 2 - 2 * kh - J)
  cat(sprintf("model k %d phi %.17g\n", kh, phi_of(g)))
  for (sg in 0:kh) {
    L <- c(0, 1, rep(1, sg), rep(0, length(b) - 2 - sg))
    cat(sprintf("seg %d slope %.17g se %.17g\n", sg, sum(L * b), sqrt(drop(L %*% V %*% L))))
  }
  # bands of the model (GLS, nlme's vcov on n - p df): the fitted line with its CI and a new
  # observation's interval (marginal variance sigma^2), first and last year; exponentiated
  for (x in range(d$yr)) {
    r <- c(1, x - mean(d$yr), pmax(x - d$yr[best], 0), if (J) as.numeric(x >= jump))
    m <- sum(r * b); vm <- drop(r %*% vcov(g) %*% r); q <- qt(0.975, n - length(b))
    cat(sprintf("band %d fit %.17g ci %.17g %.17g pi %.17g %.17g\n", x, exp(m), exp(m - q * sqrt(vm)),
                exp(m + q * sqrt(vm)), exp(m - q * sqrt(vm + g$sigma^2)), exp(m + q * sqrt(vm + g$sigma^2))))
  }
  # projection of the last segment to the two years after the data: the mean x'b with its CI,
  # and a new observation's interval with the marginal variance sigma^2 (nlme's sigma, on the
  # Program's df), t quantile on that df; exponentiated
  df <- n - 2 - 2 * kh - J
  for (h in 1:2) {
    x <- max(d$yr) + h
    r <- c(1, x - mean(d$yr), pmax(x - d$yr[best], 0), if (J) 1)
    m <- sum(r * b); vm <- drop(r %*% V %*% r); s2 <- g$sigma^2 * (n - length(b)) / df
    q <- qt(0.975, df)
    cat(sprintf("proj %d fit %.17g ci %.17g %.17g pi %.17g %.17g\n", x, exp(m), exp(m - q * sqrt(vm)),
                exp(m + q * sqrt(vm)), exp(m - q * sqrt(vm + s2)), exp(m + q * sqrt(vm + s2))))
  }
}
report("cocaine_be", pick("seizures_be", "cocaine", "BE"), jump = 2010)
report("cannabis_nl", pick("seizures", "cannabis", "NL"))
report("cannabis_be", pick("seizures_be", "cannabis", "BE"))
report("ats_be", pick("seizures_be", "ats", "BE"), KMAX = 3)
ww <- read.csv("../../../data/euda-wastewater-2025/ww2025-all-data.csv", check.names = FALSE)
a <- ww[ww$`Site ID` == "NL001" & ww$Metabolite == "cocaine", ]
a <- a[order(a$Year), ]
days <- as.matrix(a[, c("Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday")])
m <- a$`Daily mean`
se <- apply(days, 1, function(v) sd(v, na.rm = TRUE) / sqrt(sum(!is.na(v))))
report("ams_weighted", data.frame(yr = a$Year, ly = log(m), w = 1 / (se / m)^2))
