# season_ref.R - reference values for seasonal terms (src/stats/season*.c).
# Run here: Rscript season_ref.R > season_ref.Rout 2>&1
# Reads the bundled data (data/monthly, see data/PROVENANCE.md) and writes
# ref_season.h (%.17g) for tests/unit/test_season.c.  Do not edit the header.
suppressPackageStartupMessages(library(strucchange))
cat(R.version.string, " strucchange", as.character(packageVersion("strucchange")), "\n")
options(digits = 17)

out <- file("ref_season.h", "w")
h <- function(...) cat(..., "\n", sep = "", file = out)
num <- function(x) sprintf("%.17g", x)
arr <- function(name, x) h("static const double ", name, "[] = {", paste(num(x), collapse = ", "), "};")
iarr <- function(name, x) h("static const int ", name, "[] = {", paste(x, collapse = ", "), "};")
def <- function(name, x) h("#define ", name, " ", num(x))

h("/* ref_season.h - written by season_ref.R (R lm, strucchange); do not edit. */")
h("#ifndef REF_SEASON_H\n#define REF_SEASON_H")

rd <- function(f) {
  d <- read.csv(f, stringsAsFactors = FALSE)
  d$year <- as.integer(substr(d$period, 1, 4))
  d$mon <- as.integer(substr(d$period, 6, 7))
  d$t <- d$year + (d$mon - 1) / 12
  d$month <- factor(d$mon, levels = 1:12)
  d
}
nsw <- rd("../../../data/monthly/nsw-drug-offences.csv")
sc <- rd("../../../data/monthly/statcan-wastewater.csv")
sc <- sc[sc$market == "cocaine", ]

emit_series <- function(tag, d, se = FALSE) {
  h("/* ", tag, ": ", nrow(d), " months */")
  h("#define ", toupper(tag), "_N ", nrow(d))
  arr(paste0(tag, "_t"), d$t)
  arr(paste0(tag, "_y"), d$value)
  iarr(paste0(tag, "_season"), d$mon - 1)
  if (se) arr(paste0(tag, "_se"), d$se)
}
emit_series("nsw", nsw)
emit_series("sc", sc, se = TRUE)

# The trend with effect-coded month dummies (contr.sum); treatment coding
# (factor(month) as R's default) gives the same slope, SE and APC: checked.
trend_case <- function(tag, d, w = NULL) {
  cat("\n==== trend ", tag, "\n")
  d$z <- log(d$value)
  f <- lm(z ~ t + month, data = d, weights = w, contrasts = list(month = "contr.sum"))
  f0 <- lm(z ~ t + factor(month), data = d, weights = w)
  print(summary(f))
  stopifnot(abs(coef(f)["t"] - coef(f0)["t"]) < 1e-12,
            abs(sqrt(vcov(f)["t", "t"]) - sqrt(vcov(f0)["t", "t"])) < 1e-12)
  s <- summary(f)
  b <- coef(f)["t"]; se <- s$coefficients["t", 2]; df <- f$df.residual
  q <- qt(0.975, df)
  e <- if (is.null(w)) residuals(f) else sqrt(w) * residuals(f)
  P <- toupper(tag)
  def(paste0(P, "_DF"), df)
  def(paste0(P, "_A"), coef(f)[1]); def(paste0(P, "_SE_A"), s$coefficients[1, 2])
  def(paste0(P, "_B"), b); def(paste0(P, "_SE_B"), se)
  def(paste0(P, "_T_B"), s$coefficients["t", 3]); def(paste0(P, "_P_B"), s$coefficients["t", 4])
  def(paste0(P, "_APC"), 100 * expm1(b))
  def(paste0(P, "_APC_LO"), 100 * expm1(b - q * se)); def(paste0(P, "_APC_HI"), 100 * expm1(b + q * se))
  def(paste0(P, "_COV_AB"), vcov(f)[1, 2])
  def(paste0(P, "_SIGMA"), s$sigma); def(paste0(P, "_R2"), s$r.squared)
  def(paste0(P, "_DW"), sum(diff(e)^2) / sum(e^2))
  arr(paste0(tolower(P), "_gamma"), coef(f)[grep("^month", names(coef(f)))])
  cat("APC", 100 * expm1(b), "CI", 100 * expm1(b - q * se), 100 * expm1(b + q * se), "\n")
  invisible(f)
}
trend_case("nsw_dum", nsw)
trend_case("sc_dum", sc)
trend_case("sc_wdum", sc, w = 1 / (sc$se / sc$value)^2)

# A level shift (jump) with seasons: NSW with a step at 2020-01
cat("\n==== trend nsw_jump (step at 2020-01, month dummies)\n")
nsw$z <- log(nsw$value)
fj <- lm(z ~ t + I(as.numeric(t >= 2020)) + month, data = nsw, contrasts = list(month = "contr.sum"))
print(summary(fj))
sj <- summary(fj)$coefficients
qj <- qt(0.975, fj$df.residual)
def("NSWJ_DF", fj$df.residual); def("NSWJ_B", coef(fj)[2]); def("NSWJ_SE_B", sj[2, 2])
def("NSWJ_JUMP", 100 * expm1(coef(fj)[3])); def("NSWJ_JUMP_LO", 100 * expm1(coef(fj)[3] - qj * sj[3, 2]))
def("NSWJ_JUMP_HI", 100 * expm1(coef(fj)[3] + qj * sj[3, 2])); def("NSWJ_JUMP_P", sj[3, 4])

# Quarterly: NSW drug offences summed over the three months of each quarter
cat("\n==== trend nsw_q (quarterly sums, quarter dummies)\n")
nq <- aggregate(value ~ year + I((mon - 1) %/% 3 + 1), data = nsw, FUN = sum)
names(nq) <- c("year", "q", "value")
nq <- nq[order(nq$year, nq$q), ]
nq$t <- nq$year + (nq$q - 1) / 4
nq$z <- log(nq$value)
nq$quarter <- factor(nq$q, levels = 1:4)
h("/* nsw_q: ", nrow(nq), " quarters (sums of the months) */")
h("#define NSWQ_N ", nrow(nq))
arr("nswq_t", nq$t); arr("nswq_y", nq$value); iarr("nswq_season", nq$q - 1)
fq <- lm(z ~ t + quarter, data = nq, contrasts = list(quarter = "contr.sum"))
print(summary(fq))
sq <- summary(fq); bq <- coef(fq)["t"]; seq_ <- sq$coefficients["t", 2]; qq <- qt(0.975, fq$df.residual)
def("NSWQ_DF", fq$df.residual); def("NSWQ_B", bq); def("NSWQ_SE_B", seq_)
def("NSWQ_APC_LO", 100 * expm1(bq - qq * seq_)); def("NSWQ_APC_HI", 100 * expm1(bq + qq * seq_))
arr("nswq_gamma", coef(fq)[3:5])

# Weekly: a simulated series (3 years of weeks, seed 16) with the default
# Fourier K = 3 of monitrend; time in decimal years as given
cat("\n==== trend weekly (simulated, fourier 3)\n")
set.seed(16)
tw <- 2020 + (0:155) * 7 / 365.25
yw <- round(exp(5 + 0.04 * (tw - 2020) + 0.3 * cos(2 * pi * tw) + rnorm(156, sd = 0.1)), 3)
h("/* weekly: 156 simulated weeks (set.seed(16)) */")
h("#define WK_N 156")
arr("wk_t", tw); arr("wk_y", yw)
fw <- lm(log(yw) ~ tw + sin(2 * pi * tw) + cos(2 * pi * tw) + sin(4 * pi * tw) + cos(4 * pi * tw) +
         sin(6 * pi * tw) + cos(6 * pi * tw))
print(summary(fw))
def("WK_DF", fw$df.residual); def("WK_B", coef(fw)[2]); def("WK_SE_B", summary(fw)$coefficients[2, 2])
arr("wk_gamma", coef(fw)[3:8])

# Fourier K = 2 on NSW: sin and cos of 2 pi k t (t in years)
cat("\n==== trend nsw_f2\n")
nsw$z <- log(nsw$value)
ff <- lm(z ~ t + sin(2 * pi * t) + cos(2 * pi * t) + sin(4 * pi * t) + cos(4 * pi * t), data = nsw)
print(summary(ff))
def("NSW_F2_B", coef(ff)["t"]); def("NSW_F2_SE_B", summary(ff)$coefficients["t", 2])
def("NSW_F2_A", coef(ff)[1]); def("NSW_F2_DF", ff$df.residual)
arr("nsw_f2_gamma", coef(ff)[3:6])

# Joinpoint model at fixed joinpoints with month dummies: R lm with the hinge
# terms.  The Program counts each joinpoint as a parameter, so monitrend's
# df is lm's df minus k; its covariance is lm's vcov times df_lm / df_jp.
cat("\n==== joinpoint nsw at 2001-01 and 2013-07\n")
taus <- c(2001, 2013.5)
tc <- mean(nsw$t)
jf <- lm(z ~ I(t - tc) + pmax(t - taus[1], 0) + pmax(t - taus[2], 0) + month, data = nsw,
         contrasts = list(month = "contr.sum"))
print(summary(jf))
k <- length(taus)
df_jp <- jf$df.residual - k
V <- vcov(jf)[1:4, 1:4] * jf$df.residual / df_jp
cf <- coef(jf)[1:4]
def("JP_DF", df_jp)
arr("jp_coef", cf)
arr("jp_cov", as.vector(t(V)))
arr("jp_gamma", coef(jf)[5:15])
def("JP_SSE", sum(residuals(jf)^2))
q <- qt(0.975, df_jp)
L <- rbind(c(0, 1, 0, 0), c(0, 1, 1, 0), c(0, 1, 1, 1))
sl <- as.vector(L %*% cf); sls <- sqrt(diag(L %*% V %*% t(L)))
arr("jp_seg_slope", sl); arr("jp_seg_se", sls)
arr("jp_seg_apc_lo", 100 * expm1(sl - q * sls)); arr("jp_seg_apc_hi", 100 * expm1(sl + q * sls))
arr("jp_seg_p", 2 * pt(-abs(sl / sls), df_jp))
# AAPC over the whole range: segment slopes weighted by their length in years
len <- c(taus[1] - min(nsw$t), taus[2] - taus[1], max(nsw$t) - taus[2])
lam <- c(0, 1, sum(len[2:3]) / sum(len), len[3] / sum(len))
m <- sum(lam * cf); ms <- sqrt(drop(t(lam) %*% V %*% lam))
def("JP_AAPC", 100 * expm1(m)); def("JP_AAPC_LO", 100 * expm1(m - qnorm(0.975) * ms))
def("JP_AAPC_HI", 100 * expm1(m + qnorm(0.975) * ms))
cat("segment APC", 100 * expm1(sl), " AAPC", 100 * expm1(m), "\n")

# Breaks with month dummies common to all segments (partial structural
# change): Bai and Perron's iteration, with strucchange for the break search
# on the adjusted series and lm for the full model at the breaks.
cat("\n==== breaks nsw: trend model, h = 0.15, month dummies common\n")
S <- model.matrix(~ month, data = nsw, contrasts.arg = list(month = "contr.sum"))[, -1]
g <- coef(lm(z ~ t + month, data = nsw, contrasts = list(month = "contr.sum")))[3:13]
prev <- NULL
for (it in 1:20) {
  nsw$za <- nsw$z - drop(S %*% g)
  bp <- breakpoints(za ~ t, data = nsw, h = 0.15)
  b <- bp$breakpoints
  cat("round", it, "breaks", b, "\n")
  if (!is.null(prev) && identical(prev, b)) break
  seg <- breakfactor(bp)
  jf2 <- lm(z ~ 0 + seg + seg:t + month, data = nsw, contrasts = list(month = "contr.sum"))
  g <- coef(jf2)[grep("^month", names(coef(jf2)))]
  prev <- b
}
print(summary(jf2))
h("#define BP_N_BREAKS ", length(b))
iarr("bp_breaks", b - 1) # 0-based index of the last observation before each break
arr("bp_gamma", g)
def("BP_SSE", sum(residuals(jf2)^2))
h("#define BP_ROUNDS ", it)

h("#endif")
close(out)
