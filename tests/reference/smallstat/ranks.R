# ranks.R - reference for tests/unit/test_smallstat.c: average ranks with ties
# (R's rank, ties.method = "average"), on values with ties of two and three,
# negative numbers and a signed zero.  Run: Rscript ranks.R > ranks.Rout
x <- c(3.1, -1.2, 3.1, 2.7, -1.2, 5, 3.1, 0, -0, 1e-300)
options(digits = 17)
cat("x   ", format(x), "\n")
cat("rank", format(rank(x, ties.method = "average")), "\n")
