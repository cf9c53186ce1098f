# bench/suite.R - R side of bench/run.sh: the same series as bench_suite,
# timed per series inside R (proc.time elapsed around each call only), for
# the phases that have an R counterpart:
#   trend  summary(lm(y ~ t))                      (mt_trend_fit)
#   wbic   exhaustive joinpoint grid with WBIC, K <= 3, the rules of
#          bench/joinpoint.R (mt_jp_fit WBIC)      -- on the first GRID series
#   selg   segmented::selgmented(type = "bic", Kmax = 3) (mt_jp_fit WBIC)
#   mk     cor.test(method = "kendall") + Sen's median pairwise slope (mt_mk_test)
#   bp     strucchange::breakpoints(y ~ t, h = 0.15, breaks = 5) (mt_bp_fit)
# Usage: Rscript bench/suite.R r-input.csv SUITE GRID_SERIES
# r-input.csv: id,t,y (y on the log scale).  Prints one line per phase:
#   RPHASE<TAB>suite<TAB>phase<TAB>series<TAB>median_ms<TAB>note
# A phase whose package is missing prints RSKIP<TAB>suite<TAB>phase<TAB>why.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 3) stop("usage: Rscript suite.R r-input.csv SUITE GRID_SERIES")
d <- read.csv(args[1]); suite <- args[2]; ngrid <- as.integer(args[3])
ids <- unique(d$id)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "grid_wbic.R"))
sen <- function(t, y) {
  i <- combn(length(t), 2)
  median((y[i[2, ]] - y[i[1, ]]) / (t[i[2, ]] - t[i[1, ]]))
}
timeit <- function(expr) {
  t0 <- proc.time()[["elapsed"]]; force(expr); proc.time()[["elapsed"]] - t0
}
have_seg <- suppressWarnings(suppressPackageStartupMessages(require(segmented, quietly = TRUE)))
have_sc <- suppressWarnings(suppressPackageStartupMessages(require(strucchange, quietly = TRUE)))
series <- lapply(ids, function(id) d[d$id == id, ])
# Warm-up: byte compilation and first-call costs are not counted.
s <- series[[1]]; t <- s$t; y <- s$y
invisible(summary(lm(y ~ t)))
if (have_seg) invisible(try(suppressWarnings(selgmented(lm(y ~ t), seg.Z = ~t, type = "bic", Kmax = 3,
                                                        msg = FALSE)), silent = TRUE))
if (have_sc) invisible(try(suppressWarnings(breakpoints(y ~ t, h = 0.15, breaks = 5)), silent = TRUE))
tm <- list(trend = c(), wbic = c(), selg = c(), mk = c(), bp = c())
# proc.time has 1 ms resolution: fast calls are repeated and averaged.
rep_time <- function(f, reps) { t0 <- proc.time()[["elapsed"]]; for (r in 1:reps) f(); (proc.time()[["elapsed"]] - t0) / reps }
for (j in seq_along(series)) {
  s <- series[[j]]; t <- s$t; y <- s$y
  tm$trend <- c(tm$trend, rep_time(function() summary(lm(y ~ t)), 20))
  tm$mk <- c(tm$mk, rep_time(function() { cor.test(t, y, method = "kendall", exact = FALSE); sen(t, y) }, 20))
  if (j <= ngrid && length(t) >= 14) {
    # K = 3 needs 14 points under these rules; shorter series are skipped here.
    t0 <- proc.time()[["elapsed"]]
    g <- try(grid_wbic(t, y, 3), silent = TRUE)
    el <- proc.time()[["elapsed"]] - t0
    if (!inherits(g, "try-error")) tm$wbic <- c(tm$wbic, el)
  }
  if (have_seg) tm$selg <- c(tm$selg, timeit(try(suppressWarnings(
    selgmented(lm(y ~ t), seg.Z = ~t, type = "bic", Kmax = 3, msg = FALSE)), silent = TRUE)))
  if (have_sc) {
    t0 <- proc.time()[["elapsed"]]
    bp <- try(suppressWarnings(breakpoints(y ~ t, h = 0.15, breaks = 5)), silent = TRUE)
    el <- proc.time()[["elapsed"]] - t0
    if (!inherits(bp, "try-error")) tm$bp <- c(tm$bp, el)  # too short for h: skipped, as in C
  }
}
notes <- c(trend = "summary(lm(y ~ t)), mean of 20 calls",
           wbic = "R exhaustive grid, WBIC, K <= 3",
           selg = "segmented::selgmented(type = 'bic', Kmax = 3)",
           mk = "cor.test(kendall) + Sen median slope, mean of 20 calls",
           bp = "strucchange::breakpoints(y ~ t, h = 0.15, breaks = 5)")
for (p in names(tm)) {
  if (length(tm[[p]]) == 0) {
    why <- if (p == "selg") "package segmented not installed" else if (p == "bp")
      "package strucchange not installed" else "no series"
    cat(sprintf("RSKIP\t%s\t%s\t%s\n", suite, p, why))
  } else {
    cat(sprintf("RPHASE\t%s\t%s\t%d\t%.6f\t%s\n", suite, p, length(tm[[p]]), 1e3 * median(tm[[p]]), notes[[p]]))
  }
}
