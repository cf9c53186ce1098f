# comparability.R - R reference for src/stats/comparability.c and the bridged trend
# (Rscript comparability.R > comparability.Rout).
# Series: UNODC cocaine seizures NL 1980-2023 (data/unodc/seizures-nl-be.csv), the 2010 change of
# category bridged with a HYPOTHETICAL comparability ratio R = 1.25, SE 0.05 (no bridge year was
# published; the numbers only exercise the method). Values before 2010 are multiplied by R.
options(digits = 17)
s <- read.csv("../../../data/unodc/seizures-nl-be.csv")
d <- s[s$indicator == "seizures" & s$market == "cocaine" & s$region == "NL", ]
t <- d$period; y <- d$value; R <- 1.25; sR <- 0.05; pre <- t < 2010
yb <- ifelse(pre, y * R, y)
# 1. unweighted log-linear trend across the change; the shared R adds (dB/dlnR)^2 var(ln R)
f <- lm(log(yb) ~ t); b <- coef(f)[2]; se <- coef(summary(f))[2, 2]
g <- as.numeric(pre); dB <- coef(lm(g ~ t))[2]; vth <- (sR / R)^2
se2 <- sqrt(se^2 + dB^2 * vth); df <- f$df.residual; q <- qt(0.975, df)
cat(sprintf("log_unweighted slope %.17g se_lm %.17g dB %.17g se %.17g apc %.17g lo %.17g hi %.17g p %.17g\n",
            b, se, dB, se2, 100 * expm1(b), 100 * expm1(b - q * se2), 100 * expm1(b + q * se2),
            2 * pt(-abs(b / se2), df)))
# 2. weighted: SE of ln y 0.1 for every point; earlier points get var 0.1^2 + (sR/R)^2
sez <- rep(0.1, length(t)); sez2 <- ifelse(pre, sqrt(sez^2 + vth), sez)
fw <- lm(log(yb) ~ t, weights = 1 / sez2^2)
cat(sprintf("log_weighted slope %.17g se %.17g\n", coef(fw)[2], coef(summary(fw))[2, 2]))
# 3. data scale: var(R y) = R^2 var(y) + y^2 sR^2, with se(y) = 10% of y
sey <- 0.1 * y; sey2 <- ifelse(pre, sqrt(R^2 * sey^2 + y^2 * sR^2), sey)
fl <- lm(yb ~ t, weights = 1 / sey2^2)
gl <- ifelse(pre, y, 0); dBl <- coef(lm(gl ~ t))[2]
cat(sprintf("linear_weighted slope %.17g se %.17g dB_unweighted %.17g\n", coef(fl)[2],
            coef(summary(fl))[2, 2], dBl))
