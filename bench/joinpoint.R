# bench/joinpoint.R - R side of bench_joinpoint: times, per series, an
# exhaustive joinpoint grid search (the same rules as monitrend: joinpoints at
# observed times, >= 2 observations to either end and between joinpoints,
# selection by WBIC) and segmented::selgmented(type = "bic") with the same
# maximum number of joinpoints.
# Usage: Rscript bench/joinpoint.R SERIES.csv KMAX OUT.csv
# SERIES.csv: columns id,t,y (long format); OUT.csv: id,grid_s,selgmented_s,grid_k,selg_k
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); K <- as.integer(args[2])
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "grid_wbic.R"))
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
