# breaks_ref.R - reference values for src/breaks.c from R strucchange.
#
# Run from this folder:  Rscript breaks_ref.R > breaks_ref.Rout 2>&1
# Writes ref_breaks.h (the numbers asserted by tests/unit/test_breaks.c) and
# prints a readable transcript.  Data (copied here so that tests never read
# /work/shared):
#   nile.csv        R datasets::Nile, annual flow of the Nile at Aswan 1871-1970
#   nsw_drug.csv    NSW BOCSAR police-recorded "Drug offences", monthly 1995-01..2023-12
#                   (from nsw_offences.csv, via R package fpp3 / Rdatasets; see
#                   /work/shared/data/PROVENANCE.md), analysed as log(count)
#   nl_cocaine.csv  Netherlands cocaine seizures in kg 1980-2023 (UNODC; series
#                   seiz.NL.cocaine.kg of derived/triangulation_series_long.csv),
#                   analysed as log(kg)
# Every model uses h = 0.15 and strucchange's default maximum number of breaks.
# The trend model regresses on the time index tt = 1..n (y ~ tt); segment RSS and
# the confidence intervals are invariant to an affine change of the regressor, so
# decimal years give the same answer.
suppressPackageStartupMessages(library(strucchange))
cat("R", R.version$major, R.version$minor, " strucchange", format(packageVersion("strucchange")), "\n\n")

nile <- read.csv("nile.csv")
nsw  <- read.csv("nsw_drug.csv")
nl   <- read.csv("nl_cocaine.csv")

# Confidence interval widths exactly as strucchange:::confint.breakpointsfull
# (het.reg = TRUE, het.err = TRUE, level 0.95) but with uniroot run to 1e-13 so
# that the continuous widths can be compared to many digits.
ci_raw <- function(X, y, bp, level = 0.95) {
  n <- length(y); a2 <- (1 - level) / 2
  myfun <- function(x, level, xi, phi1, phi2) pargmaxV(x, xi = xi, phi1 = phi1, phi2 = phi2) - level
  myprod <- function(delta, mat) as.vector(crossprod(delta, mat) %*% delta)
  pargmaxV <- strucchange:::pargmaxV
  nbp <- length(bp); bp <- c(0, bp, n)
  up <- lo <- numeric(nbp)
  seg <- function(i) {
    X2 <- X[(bp[i] + 1):bp[i + 1], , drop = FALSE]; y2 <- y[(bp[i] + 1):bp[i + 1]]
    fm <- lm(y2 ~ 0 + X2)
    list(beta = coef(fm), Q = crossprod(X2) / nrow(X2), sigma = sum(residuals(fm)^2) / nrow(X2))
  }
  s2 <- seg(1)
  for (i in 2:(nbp + 1)) {
    s1 <- s2; s2 <- seg(i)
    delta <- s2$beta - s1$beta
    Q1 <- myprod(delta, s1$Q); Q2 <- myprod(delta, s2$Q)
    xi <- Q2 / Q1; phi1 <- sqrt(s1$sigma); phi2 <- sqrt(s2$sigma)
    ub <- lb <- 0
    while (pargmaxV(ub, phi1 = phi1, phi2 = phi2, xi = xi) < (1 - a2)) ub <- ub + 1000
    while (pargmaxV(lb, phi1 = phi1, phi2 = phi2, xi = xi) > a2) lb <- lb - 1000
    u <- uniroot(myfun, c(0, ub), level = 1 - a2, xi = xi, phi1 = phi1, phi2 = phi2, tol = 1e-13)$root
    l <- uniroot(myfun, c(lb, 0), level = a2, xi = xi, phi1 = phi1, phi2 = phi2, tol = 1e-13)$root
    up[i - 1] <- u * phi1^2 / Q1; lo[i - 1] <- l * phi1^2 / Q1
  }
  list(upper = up, lower = lo)
}

# LWZ of Liu, Wu and Zidek (1997) in the form of Bai and Perron (2003, eq. 11):
# ln(RSS/(n - p*)) + (p*/n) * c0 * (ln n)^(2 + d0), c0 = 0.299, d0 = 0.1,
# p* = (m+1) q + m + p with q = k changing regressors and p = 0 fixed ones.
lwz <- function(rss, n, k, m) {
  ps <- (m + 1) * k + m
  log(rss / (n - ps)) + ps / n * 0.299 * log(n)^(2.1)
}

hdr <- character()
emit <- function(...) hdr <<- c(hdr, sprintf(...))
vec <- function(name, x, fmt = "%.17g") {
  emit("static const double %s[] = {%s};", name, paste(sprintf(fmt, x), collapse = ", "))
}
ivec <- function(name, x) emit("static const long %s[] = {%s};", name, paste(sprintf("%d", as.integer(x)), collapse = ", "))

run_case <- function(name, y, trend) {
  n <- length(y); tt <- seq_len(n)
  f <- if (trend) y ~ tt else y ~ 1
  k <- if (trend) 2 else 1
  cat("=====", name, ": n =", n, if (trend) "model y ~ tt" else "model y ~ 1", ", h = 0.15\n")
  bp <- breakpoints(f, h = 0.15)
  s <- summary(bp)
  print(s)
  M <- ncol(bp$RSS.table) / 2
  rss <- s$RSS["RSS", ]; bic <- s$RSS["BIC", ]
  lw <- sapply(0:M, function(m) lwz(rss[m + 1], n, k, m))
  cat("LWZ:", sprintf("%.10g", lw), "\n")
  cat("RSS (17 digits):", sprintf("%.17g", rss), "\n")
  cat("BIC (17 digits):", sprintf("%.17g", bic), "\n")
  chosen <- if (all(is.na(bp$breakpoints))) 0 else length(bp$breakpoints)
  cat("chosen by BIC:", chosen, " breakpoints:", bp$breakpoints, "\n")
  allbp <- matrix(0L, M, M)
  for (m in 1:M) allbp[m, 1:m] <- breakpoints(bp, breaks = m)$breakpoints
  N <- toupper(name)
  emit("/* %s: n = %d, %s, h = 0.15 */", name, n, if (trend) "y ~ tt" else "y ~ 1")
  emit("#define REF_%s_N %d", N, n)
  emit("#define REF_%s_H %d", N, floor(0.15 * n))
  emit("#define REF_%s_MAXB %d", N, M)
  emit("#define REF_%s_CHOSEN %d", N, chosen)
  vec(sprintf("REF_%s_Y", N), y)
  vec(sprintf("REF_%s_RSS", N), rss)
  vec(sprintf("REF_%s_BIC", N), bic)
  vec(sprintf("REF_%s_LWZ", N), lw)
  ivec(sprintf("REF_%s_BREAKS", N), t(allbp))  # row m-1 holds the m breakpoints (1-based)
  if (chosen > 0) {
    ci <- confint(bp)$confint
    print(ci)
    X <- if (trend) cbind(1, tt) else matrix(1, n, 1)
    raw <- ci_raw(X, y, bp$breakpoints)
    cat("raw upper:", sprintf("%.15g", raw$upper), "\nraw lower:", sprintf("%.15g", raw$lower), "\n")
    ivec(sprintf("REF_%s_CI_LO", N), ci[, 1]); ivec(sprintf("REF_%s_CI_HI", N), ci[, 3])
    vec(sprintf("REF_%s_CI_UPPER_RAW", N), raw$upper); vec(sprintf("REF_%s_CI_LOWER_RAW", N), raw$lower)
    ch <- sctest(f, type = "Chow", point = bp$breakpoints[1])
    print(ch)
    emit("#define REF_%s_CHOW_POINT %d", N, bp$breakpoints[1])
    emit("#define REF_%s_CHOW_F %.17g", N, ch$statistic)
    emit("#define REF_%s_CHOW_P %.17g", N, ch$p.value)
  }
  fs <- Fstats(f, from = 0.15)
  st <- sctest(fs, type = "supF")
  print(st)
  cat("supF", sprintf("%.17g", st$statistic), "p", sprintf("%.17g", st$p.value), "at", fs$breakpoint,
      "lambda", fs$par, "\n\n")
  emit("#define REF_%s_SUPF %.17g", N, st$statistic)
  emit("#define REF_%s_SUPF_P %.17g", N, st$p.value)
  emit("#define REF_%s_SUPF_POINT %d", N, fs$breakpoint)
  emit("")
  invisible(bp)
}

# Nile as a ts: the strucchange date convention (last year before the break).
bpn <- breakpoints(Nile ~ 1, h = 0.15)
cat("Nile ~ 1 as ts: breakdates", breakdates(bpn), "\n")
print(confint(bpn))
cat("\n")

emit("/* Generated by tests/reference/breaks/breaks_ref.R (transcript breaks_ref.Rout). Do not edit. */")
emit("#ifndef REF_BREAKS_H")
emit("#define REF_BREAKS_H")
run_case("nile_mean", nile$flow, FALSE)
run_case("nile_trend", nile$flow, TRUE)
run_case("nsw_mean", log(nsw$count), FALSE)
run_case("nsw_trend", log(nsw$count), TRUE)
run_case("nl_mean", log(nl$kg), FALSE)
run_case("nl_trend", log(nl$kg), TRUE)

# pargmaxV, the distribution of argmax V (Bai 1997), at a few points.
pg <- expand.grid(x = c(-30, -4.5, -0.3, 0, 0.7, 5, 42), xi = c(1, 0.37, 2.6), phi1 = 1.3, phi2 = c(1.3, 0.55))
pg$p <- strucchange:::pargmaxV(pg$x, xi = pg$xi, phi1 = pg$phi1, phi2 = pg$phi2)
print(pg)
vec("REF_PARGMAX_X", pg$x); vec("REF_PARGMAX_XI", pg$xi); vec("REF_PARGMAX_PHI1", pg$phi1)
vec("REF_PARGMAX_PHI2", pg$phi2); vec("REF_PARGMAX_P", pg$p)
emit("#define REF_PARGMAX_N %d", nrow(pg))

# Hansen (1997) supF p-values at several statistics, k and trimming.
pv <- expand.grid(stat = c(0.8, 3.3, 7.9, 12.5, 26), k = 1:2, from = c(0.05, 0.15, 0.3, 0.49))
pv$lambda <- ((1 - pv$from) * (1 - pv$from)) / (pv$from * pv$from)
pv$p <- mapply(function(s, k, l) strucchange:::pvalue.Fstats(s, type = "supF", k = k, lambda = l), pv$stat, pv$k, pv$lambda)
print(pv)
vec("REF_SUPFP_STAT", pv$stat); ivec("REF_SUPFP_K", pv$k); vec("REF_SUPFP_LAMBDA", pv$lambda); vec("REF_SUPFP_P", pv$p)
emit("#define REF_SUPFP_N %d", nrow(pv))
# Interval variants: homogeneous regressors and/or errors, and level 0.90.
variant <- function(name, y, trend) {
  n <- length(y); tt <- seq_len(n)
  f <- if (trend) y ~ tt else y ~ 1
  bp <- breakpoints(f, h = 0.15)
  N <- toupper(name)
  for (v in list(c(0, 0, 95), c(1, 0, 95), c(0, 1, 95), c(1, 1, 90))) {
    ci <- suppressWarnings(confint(bp, het.reg = v[1] == 1, het.err = v[2] == 1, level = v[3] / 100))$confint
    cat(name, "het.reg", v[1], "het.err", v[2], "level", v[3] / 100, "\n"); print(ci)
    tag <- sprintf("%s_R%dE%dL%d", N, v[1], v[2], v[3])
    ivec(sprintf("REF_%s_LO", tag), ci[, 1]); ivec(sprintf("REF_%s_HI", tag), ci[, 3])
  }
}
# A series whose error variance drops sharply at the break: at level 0.5 the
# interval cannot be computed (P(argmax V <= 0) is outside [0.25, 0.75]).
i <- 1:40
asym <- ifelse(i <= 20, 10 + 2 * sin(1.7 * i), 13 + 0.02 * sin(1.7 * i))
bpa <- breakpoints(asym ~ 1, h = 0.15, breaks = 1)
cat("asym: breakpoints(asym ~ 1, breaks = 1):", breakpoints(bpa, breaks = 1)$breakpoints, "\n")
cia <- withCallingHandlers(confint(bpa, breaks = 1, level = 0.5)$confint,
                           warning = function(w) { cat("warning:", conditionMessage(w), "\n"); invokeRestart("muffleWarning") })
print(cia)
vec("REF_ASYM_Y", asym)
emit("#define REF_ASYM_N %d", length(asym))
emit("#define REF_ASYM_BREAK %d", breakpoints(bpa, breaks = 1)$breakpoints)
emit("#define REF_ASYM_CI_NA %d", as.integer(is.na(cia[1, 1])))
variant("nl_mean", log(nl$kg), FALSE)
variant("nsw_trend", log(nsw$count), TRUE)
emit("#endif")
writeLines(hdr, "ref_breaks.h")
cat("wrote ref_breaks.h\n")
