#!/bin/sh
# bench/run.sh - every monitrend benchmark in one run; writes bench/results.md
# and prints it.  Usage: sh bench/run.sh [BUILD_DIR]   (from `make bench`).
#
# Environment:
#   BENCH_QUICK=1    skip the 100,000-series suite (about 4 minutes less)
#   BENCH_R=0        skip every R timing
#   BENCH_OUT=FILE   write the report there instead of bench/results.md
# Takes 5-8 minutes on a 2-core machine (6 min measured, cores shared).  See bench/README.md for what
# each number means.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export LC_ALL=C
MT="$ROOT/$BUILD/monitrend"
BS="$ROOT/$BUILD/bench/bench_suite"
OUT=${BENCH_OUT:-bench/results.md}
QUICK=${BENCH_QUICK:-0}
USE_R=${BENCH_R:-1}
SEED=20261123
for b in "$MT" "$BS" "$ROOT/$BUILD/bench/bench_joinpoint" "$ROOT/$BUILD/bench/bench_breaks"; do
    [ -x "$b" ] || { echo "bench/run.sh: $b missing; run 'make bench'" >&2; exit 2; }
done
W=$(mktemp -d "${TMPDIR:-/tmp}/mt-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
START=$(date +%s)
TAB=$(printf '\t')

R_OK=0
R_NOTE=""
if [ "$USE_R" = 1 ]; then
    if command -v Rscript >/dev/null 2>&1; then
        R_OK=1
    else
        R_NOTE="Rscript not found: every R column is skipped."
    fi
else
    R_NOTE="BENCH_R=0: every R column is skipped."
fi

log() { echo "bench: $*" >&2; }

# ---- environment -------------------------------------------------------------
{
    echo "# monitrend benchmark results"
    echo
    echo "Written by \`sh bench/run.sh\` (\`make bench\`) on $(date -u '+%Y-%m-%d %H:%M UTC'). What every"
    echo "number means: bench/README.md."
    echo
    echo "## Environment"
    echo
    cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
    echo "- CPU: ${cpu:-unknown}, $(nproc 2>/dev/null || echo '?') cores online; $(uname -sr)"
    echo "- Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) (other processes share the cores: timings are noisy)"
    echo "- $("$MT" --version 2>&1 | head -n 1); compiler: $(${CC:-cc} --version 2>/dev/null | head -n 1)"
    echo "- GSL $(gsl-config --version 2>/dev/null || echo '(gsl-config missing)'); $(gnuplot --version 2>/dev/null || echo 'gnuplot missing')"
    if [ $R_OK = 1 ]; then
        rv=$(Rscript -e 'cat(R.version.string, "; segmented", tryCatch(as.character(packageVersion("segmented")), error = function(e) "missing"), "; strucchange", tryCatch(as.character(packageVersion("strucchange")), error = function(e) "missing"))' 2>/dev/null)
        echo "- $rv"
    else
        echo "- R: $R_NOTE"
    fi
    echo
} > "$W/env.md"

# ---- per-phase timings --------------------------------------------------------
: > "$W/phases.tsv"
: > "$W/acc.tsv"
: > "$W/info.tsv"
suite() { # NAME SERIES POINTS CAP R_SERIES GRID_SERIES PERM_SERIES BOOT_SERIES
    name=$1
    d="$W/$name"
    mkdir -p "$d"
    log "suite $name: monitrend phases"
    "$BS" --series "$2" --points "$3" --seed $SEED --cap "$4" --r-series "$5" --dir "$d" \
        --perm-series "$7" --boot-series "$8" --suite "$name" > "$d/c.out" || { log "bench_suite failed on $name"; cat "$d/c.out" >&2; return 1; }
    grep "^PHASE$TAB" "$d/c.out" >> "$W/phases.tsv"
    grep "^ACC$TAB" "$d/c.out" >> "$W/acc.tsv"
    if [ $R_OK = 1 ] && [ "$5" -gt 0 ]; then
        log "suite $name: R on $5 series"
        Rscript --vanilla bench/suite.R "$d/r-input.csv" "$name" "$6" > "$d/r.out" 2> "$d/r.err" \
            || log "R failed on $name (see notes)"
        grep "^R\(PHASE\|SKIP\)$TAB" "$d/r.out" >> "$W/phases.tsv"
    fi
}
# 100-point series: the exhaustive K = 3 search is O(n^3) in both programs,
# so fewer series there (and one for the R grid, which takes about 15 s).
suite 1kx25 1000 25 2000 100 100 20 20
suite 1kx100 1000 100 200 100 1 5 3
suite 10kx25 10000 25 2000 0 0 20 20
[ "$QUICK" = 1 ] || suite 100kx25 100000 25 2000 0 0 20 20

log "real suite (models/ndm.ini)"
mkdir -p "$W/real"
"$BS" --model models/ndm.ini --seed $SEED --r-series 200 --dir "$W/real" --suite real > "$W/real/c.out" \
    || log "bench_suite failed on the real suite"
grep "^PHASE$TAB" "$W/real/c.out" >> "$W/phases.tsv"
grep "^INFO$TAB" "$W/real/c.out" >> "$W/info.tsv"
if [ $R_OK = 1 ]; then
    log "real suite: R"
    Rscript --vanilla bench/suite.R "$W/real/r-input.csv" real 20 > "$W/real/r.out" 2> "$W/real/r.err"
    grep "^R\(PHASE\|SKIP\)$TAB" "$W/real/r.out" >> "$W/phases.tsv"
fi

# ---- the issue-7 target series: 30-point WBIC and 100-point Bai-Perron -------
log "targets: bench_joinpoint and bench_breaks"
JPARGS="--series 100 --perm-series 20 --seed $SEED"
[ $R_OK = 1 ] || JPARGS="$JPARGS --no-r"
"$ROOT/$BUILD/bench/bench_joinpoint" $JPARGS > "$W/jp.out" 2> "$W/jp.err"
if [ $R_OK = 1 ]; then
    "$ROOT/$BUILD/bench/bench_breaks" 100 $SEED bench/breaks.R > "$W/bp.out" 2> "$W/bp.err"
else
    PATH=/nonexistent "$ROOT/$BUILD/bench/bench_breaks" 100 $SEED bench/breaks.R > "$W/bp.out" 2> "$W/bp.err"
fi

# ---- full pipeline: wall time and peak RSS -------------------------------------
# /usr/bin/time -f: elapsed, user, system seconds, max RSS in KiB.
timed() { # OUTFILE CMD...
    o=$1
    shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %U %S %M" -o "$o" "$@" > /dev/null 2>&1
    else
        s=$(date +%s.%N)
        "$@" > /dev/null 2>&1
        e=$(date +%s.%N)
        echo "$s $e" | awk '{ printf "%.2f NA NA NA\n", $2 - $1 }' > "$o"
    fi
}
: > "$W/pipe.tsv"
pipe() { # SUITE SERIES JOBS
    log "pipeline: trend on $1 with --jobs $3"
    timed "$W/t.out" "$MT" trend "$W/$1/suite.csv" -o "$W/pipe-out" --no-figures --jobs "$3" -q --seed 1
    echo "$1$TAB$2$TAB$3$TAB$(cat "$W/t.out")" >> "$W/pipe.tsv"
    rm -rf "$W/pipe-out"
}
pipe 1kx25 1000 1
pipe 1kx25 1000 2
pipe 10kx25 10000 1
pipe 10kx25 10000 2
pipe 1kx100 1000 2
[ "$QUICK" = 1 ] || pipe 100kx25 100000 2
log "pipeline by stage: 10kx25, --jobs 2"
"$ROOT/$BUILD/bench/bench_pipeline" "$W/10kx25/suite.csv" "$W/stage-out" 2 > "$W/stages.tsv" \
    || log "bench_pipeline failed"
rm -rf "$W/stage-out"
log "pipeline by stage, results streamed: 10kx25, --jobs 2"
"$ROOT/$BUILD/bench/bench_pipeline" "$W/10kx25/suite.csv" "$W/stage-out" 2 --stream > "$W/streamed.tsv" \
    || log "bench_pipeline --stream failed"
rm -rf "$W/stage-out"

: > "$W/edition.tsv"
edition() { # LABEL ARGS...  (PNG_WRITER=gnuplot: gnuplot's own PNG writer, not monitrend-png.so)
    l=$1
    shift
    log "default edition: $l"
    timed "$W/t.out" env MONITREND_PNG_ENCODER="${PNG_WRITER:-}" "$MT" run models/ndm.ini -o "$W/ed-out" -q "$@"
    echo "$l$TAB$(cat "$W/t.out")" >> "$W/edition.tsv"
    rm -rf "$W/ed-out"
}
edition "every figure (svg, png), --jobs 2" --jobs 2
edition "every figure (svg, png), --jobs 1" --jobs 1
edition "no figures, --jobs 2" --no-figures --jobs 2
edition "no figures, --jobs 1" --no-figures --jobs 1
edition "svg only, --jobs 2" --format svg --jobs 2
PNG_WRITER=gnuplot
edition "gnuplot's own PNG writer (MONITREND_PNG_ENCODER=gnuplot), every figure, --jobs 2" --jobs 2
PNG_WRITER=

# ---- report --------------------------------------------------------------------
{
    cat "$W/env.md"
    echo "## Per-series medians by phase"
    echo
    echo "Milliseconds per series (median over the series timed).  R is timed inside R on the"
    echo "first series of the same suite (the 10k and 100k suites start with the 1k suite's series,"
    echo "same seed, so they share its R timings).  ratio = monitrend / R; speed-up = R / monitrend."
    [ -n "$R_NOTE" ] && { echo; echo "Note: $R_NOTE"; }
    echo
    echo "| suite | phase | series | monitrend ms | R counterpart | R series | R ms | ratio | speed-up |"
    echo "|---|---|---:|---:|---|---:|---:|---:|---:|"
    awk -F'\t' '
        $1 == "RPHASE" { rs[$2 SUBSEP $3] = $5; rn[$2 SUBSEP $3] = $4; rnote[$2 SUBSEP $3] = $6; next }
        $1 == "RSKIP"  { skip[$2 SUBSEP $3] = $4; next }
        $1 == "PHASE"  { n++; su[n] = $2; ph[n] = $3; ns[n] = $4; ms[n] = $5; note[n] = $7 }
        END {
            map["trend"] = "trend"; map["wbic"] = "wbic selg"; map["mk"] = "mk"; map["bp"] = "bp"
            for (i = 1; i <= n; i++) {
                rsuite = su[i]; if (rsuite == "10kx25" || rsuite == "100kx25") rsuite = "1kx25"
                m = split(map[ph[i]], rp, " ")
                if (m == 0) {
                    printf "| %s | %s | %s | %.4f | (none: %s) | | | | |\n", su[i], ph[i], ns[i], ms[i], note[i]
                    continue
                }
                for (j = 1; j <= m; j++) {
                    k = rsuite SUBSEP rp[j]
                    first = (j == 1)
                    lab = first ? sprintf("| %s | %s | %s | %.4f ", su[i], ph[i], ns[i], ms[i]) : "| | | | "
                    if (k in rs && ms[i] > 0 && rs[k] > 0)
                        printf "%s| %s | %s | %.3f | %.2g | %.0fx |\n", lab, rnote[k], rn[k], rs[k], ms[i] / rs[k], rs[k] / ms[i]
                    else if (k in skip)
                        printf "%s| skipped: %s | | | | |\n", lab, skip[k]
                    else
                        printf "%s| (R not run) | | | | |\n", lab
                }
            }
        }' "$W/phases.tsv"
    echo
    echo "What monitrend times per phase:"
    echo
    awk -F'\t' '$1 == "PHASE" && !seen[$3]++ { printf "- %s: %s\n", $3, $7 }' "$W/phases.tsv"
    echo
    echo "Accuracy on the synthetic suites (known truth):"
    echo
    awk -F'\t' '{ printf "- %s: %s\n", $2, $4 }' "$W/acc.tsv"
    awk -F'\t' '{ printf "- %s: %s\n", $2, $3 }' "$W/info.tsv"
    echo
    echo "## Issue-7 targets on their own series"
    echo
    echo "Joinpoint selection on 30-point series and the permutation test on 25 points"
    echo "(bench/bench_joinpoint.c with bench/joinpoint.R; the ratio printed there is R / monitrend):"
    echo
    echo '```'
    cat "$W/jp.out"
    echo '```'
    echo
    echo "Bai-Perron on 100-point series, up to 5 breaks (bench/bench_breaks.c with bench/breaks.R):"
    echo
    echo '```'
    cat "$W/bp.out"
    echo '```'
    echo
    echo "## Full pipeline: \`monitrend trend SUITE.csv -o DIR --no-figures --jobs N\`"
    echo
    echo "Wall, user and system seconds and peak resident memory (GNU time, max RSS) of the whole"
    echo "process: reading, every analysis of every series, writing the edition."
    echo
    echo "| suite | series | jobs | wall s | user s | sys s | max RSS MB | RSS KB per series | wall ms per series |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{ split($4, a, " ");
        rss = a[4] == "NA" ? "NA" : sprintf("%.0f", a[4] / 1024)
        per = a[4] == "NA" ? "NA" : sprintf("%.1f", a[4] / $2)
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %.3f |\n", $1, $2, $3, a[1], a[2], a[3], rss, per, 1e3 * a[1] / $2 }' "$W/pipe.tsv"
    echo
    echo "The same 10,000-series run by stage (bench/bench_pipeline.c, --jobs 2, one process):"
    echo
    echo "| stage | seconds |"
    echo "|---|---:|"
    awk -F'\t' '$1 == "STAGE" { printf "| %s | %s |\n", $2, $3 }' "$W/stages.tsv"
    echo
    echo "The same as the command runs it, results streamed (\`bench_pipeline --stream\`: each series'"
    echo "results written as it is done, while the other thread analyses; then the tables of the whole"
    echo "run, results.json put together from its parts, findings, manifest, commit):"
    echo
    echo "| stage | seconds |"
    echo "|---|---:|"
    awk -F'\t' '$1 == "STAGE" { printf "| %s | %s |\n", $2, $3 }' "$W/streamed.tsv"
    echo
    echo "## Default edition: \`monitrend run models/ndm.ini -o DIR\`"
    echo
    echo "| run | wall s | user s | sys s | max RSS MB |"
    echo "|---|---:|---:|---:|---:|"
    awk -F'\t' '{ split($2, a, " "); rss = a[4] == "NA" ? "NA" : sprintf("%.0f", a[4] / 1024)
        printf "| %s | %s | %s | %s | %s |\n", $1, a[1], a[2], a[3], rss }' "$W/edition.tsv"
    echo
    echo "User and system time of a run with figures include gnuplot (a child process)."
    echo
    echo "## Targets (issue 7)"
    echo
    awk -F'\t' '
        FILENAME ~ /pipe/ && $1 == "10kx25" && $3 == 2 { split($4, a, " "); wall = a[1]; rss = a[4] / 1024 }
        FILENAME ~ /edition/ && NR == FNR { }
        FILENAME ~ /edition/ && $1 ~ /^every figure.*jobs 2/ { split($2, b, " "); ed = b[1] }
        END {
            if (wall != "") printf "- 10,000 series of 25 points, no figures, --jobs 2: %.1f s (target < 20 s: %s), %.0f MB (target < 300 MB: %s)\n", wall, wall < 20 ? "met" : "MISSED", rss, rss < 300 ? "met" : "MISSED"
            if (ed != "") printf "- Default edition with every figure: %.1f s (target < 5 s: %s)\n", ed, ed < 5 ? "met" : "MISSED"
        }' "$W/pipe.tsv" "$W/edition.tsv"
    awk -F'\t' '$1 == "PHASE" && $2 == "1kx25" && $3 == "perm" { printf "- Permutation test, 4499 permutations, K <= 2, 25 points, one core: median %.1f ms per series (target < 200 ms: %s)\n", $5, $5 < 200 ? "met" : "MISSED" }
                $1 == "PHASE" && $2 == "1kx25" && $3 == "perm_es" { sub(/^same with early stop: /, "", $7); printf "- The same with early stopping: median %.1f ms (%s)\n", $5, $7 }' "$W/phases.tsv"
    awk '/^R segmented::selgmented/ { r = $NF }
         END { if (r != "") printf "- Joinpoint selection, WBIC, K <= 3, 30 points: selgmented / monitrend = %sx (target >= 100x: %s)\n", r, (r + 0 >= 100 ? "met" : "MISSED")
               else print "- Joinpoint selection vs selgmented: R not run" }' "$W/jp.out"
    awk '/y ~ t/ && /ratio/ { for (i = 1; i <= NF; i++) if ($i == "ratio") r = $(i + 1) }
         END { if (r != "") printf "- Bai-Perron, 100 points, up to 5 breaks (trend model): strucchange / monitrend = %s (target >= 50x: %s)\n", r, (r + 0 >= 50 ? "met" : "MISSED")
               else print "- Bai-Perron vs strucchange: R not run" }' "$W/bp.out"
    echo
    echo "## Targets (issue 15)"
    echo
    echo "Kernel targets: the \"issue 15 targets\" lines of the joinpoint block above (CPU time per series)."
    echo
    awk -F'\t' '
        FILENAME ~ /pipe/ && $1 == "10kx25" { split($4, a, " "); w[$3] = a[1] }
        FILENAME ~ /pipe/ && $1 == "100kx25" { split($4, a, " "); w100 = a[1]; r100 = a[4] / 1024 }
        FILENAME ~ /pipe/ && $1 == "10kx25" { cpu[$3] = a[2] + a[3] }
        FILENAME ~ /stages/ && $2 == "analyse" { an = $3 }
        FILENAME ~ /stages/ && $2 ~ /^write results/ { wr = $3 }
        FILENAME ~ /streamed/ && $2 == "load" { sload = $3 }
        FILENAME ~ /streamed/ && $2 ~ /^analyse/ { san = $3 }
        FILENAME ~ /streamed/ && $2 ~ /^rest/ { srest = $3 }
        END {
            if (w[1] != "" && w[2] > 0) {
                S = w[1] / w[2]; f = 2 / S - 1
                printf "- --jobs 2 on 10,000 series: speed-up %.2fx (target >= 1.7x: %s); serial fraction (Amdahl, 2 threads) %.2f; CPU seconds (user + sys) %.1f with 1 thread, %.1f with 2\n", S, (S >= 1.7) ? "met" : "MISSED", f, cpu[1], cpu[2]
                if (sload != "" && w[1] > 0) {
                    fs = (sload + srest) / w[1]; Sp = 1 / (fs + (1 - fs) / 2)
                    printf "- Serial part by stage (streamed run: load %.2f s + rest of the edition %.2f s, of the 1-thread wall %.2f s): f = %.3f, so Amdahl allows %.2fx on 2 idle cores\n", sload, srest, w[1], fs, Sp
                }
            }
            if (an > 0) { q = wr / an; printf "- Writing the results of 10,000 series from the finished run: %.2f s, %.2f of the analysis time %.2f s (target <= 1/3: %s)\n", wr, q, an, (q <= 1 / 3) ? "met" : "MISSED" }
            if (san > 0) printf "- Streamed as the command writes them: analysis with the results written alongside %.2f s, then %.2f s for the rest of the edition (%.2f of the analysis)\n", san, srest, srest / san
            if (w100 != "") printf "- 100,000 series, no figures, --jobs 2: %.1f s (target <= 40 s: %s), %.0f MB (target <= 100 MB: %s)\n", w100, (w100 <= 40) ? "met" : "MISSED", r100, (r100 <= 100) ? "met" : "MISSED"
        }' "$W/pipe.tsv" "$W/stages.tsv" "$W/streamed.tsv"
    awk -F'\t' '
        $1 ~ /^every figure.*jobs 2/ { split($2, a, " "); ed = a[1]; cpu = a[2] + a[3] }
        $1 ~ /MONITREND_PNG_ENCODER=gnuplot/ { split($2, b, " "); gw = b[1]; gcpu = b[2] + b[3] }
        END {
            if (ed != "") printf "- Default edition with every figure (svg, png), --jobs 2: %.2f s (target <= 2 s on 2 idle cores: %s), %.2f CPU s (user + sys, gnuplot included)\n", ed, (ed <= 2) ? "met" : "MISSED", cpu
            if (gw != "") printf "- The same with MONITREND_PNG_ENCODER=gnuplot (gnuplot writes its PNGs, no monitrend-png.so): %.2f s, %.2f CPU s\n", gw, gcpu
        }' "$W/edition.tsv"
    echo
    if [ -f bench/profile.md ]; then
        cat bench/profile.md
        echo
    fi
    echo "Benchmark wall time: $(( $(date +%s) - START )) s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)."
} > "$W/report.md"
cp "$W/report.md" "$OUT"
cat "$OUT"
