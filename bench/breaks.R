# breaks.R - time strucchange::breakpoints on the series bench_breaks wrote.
#
# Usage: Rscript bench/breaks.R SERIES.csv OUT.txt
# SERIES.csv: one series per line, comma-separated values (analysis scale).
# For every series and both models (y ~ 1 and y ~ tt, tt = 1..n), h = 0.15 and
# strucchange's default maximum number of breaks (5 for n = 100), this times
# breakpoints() alone, the call that does the Bai-Perron search, and writes
#   model index seconds n_breaks b1 b2 ...
# (breaks 1-based, as strucchange prints them; 0 breaks -> n_breaks 0).
suppressPackageStartupMessages(library(strucchange))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript breaks.R SERIES.csv OUT.txt")
lines <- readLines(args[1])
out <- file(args[2], "w")
# One untimed call first so that loading and byte-compiling are not counted.
invisible(breakpoints(as.numeric(strsplit(lines[1], ",")[[1]]) ~ 1, h = 0.15))
for (model in c("mean", "trend")) {
  for (i in seq_along(lines)) {
    y <- as.numeric(strsplit(lines[i], ",")[[1]])
    tt <- seq_along(y)
    f <- if (model == "mean") y ~ 1 else y ~ tt
    t0 <- Sys.time()
    bp <- suppressWarnings(breakpoints(f, h = 0.15))
    el <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
    b <- bp$breakpoints
    nb <- if (all(is.na(b))) 0 else length(b)
    cat(model, i - 1, sprintf("%.9f", el), nb, if (nb > 0) b, "\n", file = out)
  }
}
close(out)
