# make_synthetic.R - the synthetic pairs of compare_oracle.R (run once: Rscript make_synthetic.R)
# Log-scale series, 21 years; noise from R's Mersenne-Twister with the seed below.
set.seed(20041005)
t <- 2000:2020; n <- length(t)
h <- function(a) pmax(t - a, 0)
e <- matrix(rnorm(4 * n, sd = 0.05), n)
d <- data.frame(year = t,
  # joinpoint 2007 in a, 2013 in b: parallelism should be rejected
  diff_a = 3 + 0.08 * (t - 2000) - 0.15 * h(2007) + e[, 1],
  diff_b = 3.2 + 0.08 * (t - 2000) - 0.15 * h(2013) + e[, 2],
  # the same shape (joinpoint 2010), b 0.4 higher: parallel, not coincident
  par_a = 2 + 0.05 * (t - 2000) - 0.10 * h(2010) + e[, 3],
  par_b = 2.4 + 0.05 * (t - 2000) - 0.10 * h(2010) + e[, 4],
  # a small difference of slope after 2010: a p-value in the middle
  weak_b = 2 + 0.05 * (t - 2000) - 0.10 * h(2010) + 0.012 * h(2010) + e[, 4])
write.csv(format(d, digits = 17), "synthetic_pairs.csv", row.names = FALSE, quote = FALSE)
