# verdict_table.R - independent reference for the concordance verdict table
# (docs/methods-crosscheck.md, section 3; issue 11), for
# tests/unit/test_crosscheck.c.
#
# The decision table is written out again here, in R, on statistics from base
# R (lm, confint, cor.test, binom.test), and applied to
#   1. constructed pairs, one for every cell of the table: for each cell a
#      design (trend rates, noise, shared or opposed movement) and the first
#      seed from 1 whose simulated pair lands in that cell; the pairs are
#      written to verdict_pairs.csv and, for the C test, verdict_pairs.inc;
#   2. a quarterly pair with r(log levels) close to -0.41 and the same
#      direction in 10 of 26 periods (the shape of the issue's seizures vs
#      price pair; no quarterly price series is bundled), whose verdict under
#      the old rule (APC difference only) was "consistent";
#   3. the real pairs of the issue, from the bundled data (run from this
#      folder; paths relative to the repository):
#      wastewater 3-city mean (population-weighted: Amsterdam 699648, Utrecht
#      273738, Eindhoven 468599; coverage >= 0.5) vs UNODC past-year use, for
#      cannabis and amphetamine(s).
# Run: Rscript verdict_table.R > verdict_table.Rout
options(digits = 15)

stats_of <- function(t, a, b) {
  ok <- is.finite(a) & is.finite(b) & a > 0 & b > 0
  la <- ifelse(ok, log(a), NA); lb <- ifelse(ok, log(b), NA)
  r <- list(n = sum(ok))
  if (r$n < 3) return(r)
  fa <- lm(la ~ t); fb <- lm(lb ~ t)
  dirn <- function(f) { ci <- confint(f)["t", ]; if (ci[1] > 0) 1 else if (ci[2] < 0) -1 else 0 }
  r$dir_a <- dirn(fa); r$dir_b <- dirn(fb)
  y <- c(la, lb); tt <- c(t, t); g <- rep(0:1, each = length(t))
  st <- lm(y ~ g * tt)
  r$p_parallel <- summary(st)$coefficients["g:tt", 4]
  V <- vcov(st)[c("tt", "g:tt"), c("tt", "g:tt")]
  b0 <- coef(st)["tt"]; b1 <- coef(st)["g:tt"]
  grad <- c(100 * exp(b0) - 100 * exp(b0 + b1), -100 * exp(b0 + b1))
  r$diff_width <- 2 * qt(0.975, st$df.residual) * sqrt(drop(t(grad) %*% V %*% grad))
  cr <- function(x, y) {
    if (sum(is.finite(x) & is.finite(y)) < 4) return(c(NA, NA, NA))
    ct <- cor.test(x, y); c(ct$estimate, ct$conf.int)
  }
  r$r_levels <- cr(la, lb)
  da <- c(NA, diff(la)); db <- c(NA, diff(lb))
  r$r_diff <- cr(da, db)
  both <- is.finite(da) & da != 0 & db != 0
  r$total <- sum(both); r$agree <- sum(sign(da[both]) == sign(db[both]))
  r$sign_p <- if (r$total > 0) binom.test(r$agree, r$total)$p.value else NA
  r
}

# The table, first rule that applies; s = +1 (expect same) or -1 (opposite).
table_verdict <- function(r, expect, min_overlap = 5, min_changes = 3, max_width = 25) {
  s <- if (expect == "opposite") -1 else 1
  v <- function(a, b) c(verdict = a, reason = b)
  if (r$n < min_overlap) return(v("inconclusive", "too_few_periods"))
  if (r$total < min_changes) return(v("inconclusive", "too_few_changes"))
  with <- if (s > 0) r$agree else r$total - r$agree
  against <- r$total - with
  for_ <- function(ci) isTRUE(if (s > 0) ci[2] > 0 else ci[3] < 0)
  against_ <- function(ci) isTRUE(if (s > 0) ci[3] < 0 else ci[2] > 0)
  trends <- r$dir_a != 0 && r$dir_b != 0
  if (trends && r$dir_a != s * r$dir_b)
    return(v(if (s > 0) "opposite" else "diverging", "trends_against_expected"))
  if ((against > with && r$sign_p < 0.05) || against_(r$r_diff))
    return(v("diverging", "changes_against_expected"))
  if (against_(r$r_levels)) return(v("diverging", "levels_against_expected"))
  if (s > 0 && r$p_parallel < 0.05) return(v("diverging", "rates_differ"))
  if (against > with) return(v("inconclusive", "changes_disagree"))
  if (s > 0 && !(r$diff_width <= max_width)) return(v("inconclusive", "apc_diff_ci_wide"))
  if (for_(r$r_diff) || (with > against && r$sign_p < 0.05)) return(v("consistent", "changes_comove"))
  if (for_(r$r_levels)) return(v("consistent", "levels_comove"))
  if (trends) return(v("consistent", "trends_comove"))
  v("inconclusive", "no_comovement")
}

# The rule before issue 11 (APC difference only), for the regression cases.
old_verdict <- function(r) {
  if (r$n < 5) return("inconclusive")
  if (r$dir_a != 0 && r$dir_b != 0 && r$dir_a != r$dir_b) return("opposite")
  if (r$p_parallel < 0.05) return("diverging")
  if (r$diff_width > 25) return("inconclusive")
  "consistent"
}

show <- function(name, expect, r, vd) {
  f <- function(x) if (is.null(x) || all(is.na(x))) "NA" else paste(sprintf("%.6f", x), collapse = " ")
  cat(sprintf("%-22s %-8s n %d total %d agree %d dir %s %s p_par %s width %s r_levels %s r_diff %s sign_p %s => %s %s\n",
              name, expect, r$n, if (is.null(r$total)) 0L else r$total, if (is.null(r$agree)) 0L else r$agree,
              f(r$dir_a), f(r$dir_b), f(r$p_parallel), f(r$diff_width), f(r$r_levels), f(r$r_diff),
              f(r$sign_p), vd[1], vd[2]))
}

# ---- 1. constructed pairs
mk <- function(n, ba, bb, sa, sb, shared = 0, zig = 0, wave = 0, flip_zig = FALSE, flip_wave = FALSE) {
  i <- 0:(n - 1)
  e <- rnorm(n); f <- rnorm(n); g <- rnorm(n)
  z <- (-1)^i; w <- cos(2 * pi * i / n)
  la <- log(100) + ba * i + sa * e + shared * g + zig * z + wave * w
  lb <- log(50) + bb * i + sb * f + shared * g + (if (flip_zig) -zig else zig) * z +
        (if (flip_wave) -wave else wave) * w
  list(a = round(exp(la), 4), b = round(exp(lb), 4))
}
cells <- list(
  list("few_periods", "same", "too_few_periods", 4, function() mk(4, .06, .06, .02, .02)),
  list("few_changes", "same", "too_few_changes", 9, function() {
    p <- mk(9, .06, .06, .05, .05); p$b[c(2, 4, 6, 8)] <- NA; p }),
  list("trends_opposite", "same", "trends_against_expected", 12, function() mk(12, .08, -.08, .03, .03)),
  list("changes_against", "same", "changes_against_expected", 12,
       function() mk(12, 0, 0, .03, .03, zig = .15, flip_zig = TRUE)),
  list("levels_against", "same", "levels_against_expected", 20,
       function() mk(20, 0, 0, .15, .15, wave = .4, flip_wave = TRUE)),
  list("rates_differ", "same", "rates_differ", 12, function() mk(12, .05, .15, .03, .03)),
  list("changes_disagree", "same", "changes_disagree", 8, function() mk(8, .02, .02, .1, .1)),
  list("diff_ci_wide", "same", "apc_diff_ci_wide", 6, function() mk(6, .05, .05, .3, .3)),
  list("changes_comove", "same", "changes_comove", 12, function() mk(12, .05, .05, .03, .03, shared = .1)),
  list("levels_comove", "same", "levels_comove", 12, function() mk(12, .05, .05, .05, .05)),
  list("trends_comove", "same", "trends_comove", 30, function() mk(30, .02, .02, .15, .15)),
  list("no_comovement", "same", "no_comovement", 10, function() mk(10, 0, 0, .1, .1)),
  list("opp_trends_same", "opposite", "trends_against_expected", 12, function() mk(12, .08, .06, .03, .03)),
  list("opp_changes_together", "opposite", "changes_against_expected", 12,
       function() mk(12, 0, 0, .03, .03, zig = .15)),
  list("opp_levels_together", "opposite", "levels_against_expected", 20,
       function() mk(20, 0, 0, .15, .15, wave = .4)),
  list("opp_changes_disagree", "opposite", "changes_disagree", 8, function() mk(8, .02, -.02, .1, .1)),
  list("opp_changes_comove", "opposite", "changes_comove", 12,
       function() mk(12, .05, -.15, .03, .03, zig = .15, flip_zig = TRUE)),
  list("opp_levels_comove", "opposite", "levels_comove", 12, function() mk(12, .05, -.05, .05, .05)),
  list("opp_trends_comove", "opposite", "trends_comove", 30, function() mk(30, .02, -.02, .15, .15)),
  list("opp_no_comovement", "opposite", "no_comovement", 10, function() mk(10, 0, 0, .1, .1))
)

quarterly <- function() {
  # 27 quarters: seizures rising, the price falling with them plus noise
  n <- 27; i <- 0:(n - 1)
  ls <- log(800) + 0.005 * i + rnorm(n, sd = 0.25)
  lp <- log(40) - 0.15 * (ls - mean(ls)) + rnorm(n, sd = 0.08)
  list(a = round(exp(ls), 4), b = round(exp(lp), 4))
}

csv <- file("verdict_pairs.csv", "w")
inc <- file("verdict_pairs.inc", "w")
cat("pair,expect,t,a,b\n", file = csv)
cat("/* verdict_pairs.inc - made by verdict_table.R (do not edit): constructed pairs, one per cell\n",
    " * of the verdict table, and the verdict and reason R's implementation of the table gives. */\n",
    sep = "", file = inc)
emit <- function(name, expect, t, p, vd) {
  for (k in seq_along(t))
    cat(sprintf("%s,%s,%.2f,%s,%s\n", name, expect, t[k], ifelse(is.na(p$a[k]), "NA", sprintf("%.17g", p$a[k])),
                ifelse(is.na(p$b[k]), "NA", sprintf("%.17g", p$b[k]))), file = csv)
  num <- function(x) paste(ifelse(is.na(x), "NAN", sprintf("%.17g", x)), collapse = ", ")
  cat(sprintf("{\"%s\", %d, %d, {%s}, {%s}, {%s}, \"%s\", \"%s\"},\n", name, expect == "opposite",
              length(t), num(t), num(p$a), num(p$b), vd[1], vd[2]), file = inc)
}

# The first seed from 1 landing in each cell, found by a full search
# (Rscript verdict_table.R full); by default the search starts at these
# seeds, which gives the same pairs faster.
full <- identical(commandArgs(TRUE), "full")
first_seed <- c(1, 1, 1, 1, 2, 1, 1, 2, 1, 1, 305, 1, 1, 1, 1, 3, 1, 1, 336, 5)
quarterly_seed <- 1

cat("== constructed pairs (first seed from 1 landing in the target cell)\n")
for (ci in seq_along(cells)) {
  cell <- cells[[ci]]
  name <- cell[[1]]; expect <- cell[[2]]; target <- cell[[3]]; n <- cell[[4]]
  t <- 2000 + 0:(n - 1)
  for (seed in (if (full) 1 else first_seed[ci]):5000) {
    set.seed(seed)
    p <- cell[[5]]()
    r <- stats_of(t, p$a, p$b)
    vd <- table_verdict(r, expect)
    if (vd[2] == target) break
  }
  stopifnot(vd[2] == target)
  cat(sprintf("seed %d ", seed)); show(name, expect, r, vd)
  emit(name, expect, t, p, vd)
}

cat("== quarterly pair (r near -0.41, same direction in 10 of 26)\n")
t <- 2017 + (0:26) / 4
for (seed in (if (full) 1 else quarterly_seed):20000) {
  set.seed(seed)
  p <- quarterly()
  # cheap screen before the full statistics
  d1 <- diff(log(p$a)); d2 <- diff(log(p$b))
  if (sum(sign(d1) == sign(d2)) != 10 || abs(cor(log(p$a), log(p$b)) + 0.41) >= 0.005) next
  r <- stats_of(t, p$a, p$b)
  if (r$total == 26 && r$agree == 10 && abs(r$r_levels[1] + 0.41) < 0.005 && old_verdict(r) == "consistent") break
}
stopifnot(r$total == 26, r$agree == 10)
cat(sprintf("seed %d old verdict %s\n", seed, old_verdict(r)))
for (expect in c("same", "opposite")) {
  vd <- table_verdict(r, expect); show("quarterly", expect, r, vd)
  emit(paste0("quarterly_", expect), expect, t, p, vd)
}
close(csv); close(inc)

# ---- 3. real pairs from the bundled data
ww <- read.csv("../../../data/euda-wastewater-2025/ww2025-all-data.csv", check.names = FALSE)
pv <- read.csv("../../../data/unodc/prevalence-nl-be.csv")
pv <- pv[pv$region == "NL" & !(pv$flag %in% "exclude"), ]
pop <- c(Amsterdam = 699648, Utrecht = 273738, Eindhoven = 468599)
wmean <- function(metabolite, years) {
  sapply(years, function(y) {
    v <- sapply(names(pop), function(city) {
      x <- ww[ww$Country == "NL" & ww$City == city & ww$Metabolite == metabolite & ww$Year == y, "Daily mean"]
      if (length(x) == 1) x else NA })
    have <- is.finite(v)
    if (sum(pop[have]) / sum(pop) < 0.5) NA else sum(pop[have] * v[have]) / sum(pop[have])
  })
}
cat("== real pairs: wastewater 3-city mean vs UNODC past-year use (NL)\n")
for (pair in list(c("cannabis", "cannabis"), c("amphetamine", "amphetamines"))) {
  pr <- pv[pv$market == pair[2], ]
  years <- max(min(ww$Year), min(pr$period)):min(max(ww$Year), max(pr$period))
  a <- wmean(pair[1], years)
  b <- pr$value[match(years, pr$period)]
  r <- stats_of(years, a, b)
  vd <- table_verdict(r, "same")
  cat(sprintf("%s: old verdict %s\n", pair[1], old_verdict(r)))
  show(paste0("ww_prev_", pair[1]), "same", r, vd)
}
