#!/bin/sh
# monitrend-png.so, the PNG writer monitrend preloads into its gnuplot processes
# (src/gnuplot/png_preload.c, src/present/plot_env.c), on the real figures of
# tests/fixtures/cli/tiny.ini (a series chart, a panel, a cross-check scatter, a
# dashboard and the overview):
#   - every PNG decodes (libpng, tests/tools/pngcmp.c) to the same pixels as the one
#     gnuplot writes itself (MONITREND_PNG_ENCODER=gnuplot), is 8-bit RGB, and was
#     written by the preload (its bytes differ from gnuplot's);
#   - every other file of the edition (SVG, .gp, .dat, CSV, JSON, text) is byte-identical
#     with and without it;
#   - MONITREND_PNG_ENCODER=gnuplot gives the bytes of `gnuplot -d X.gp` run by hand;
#   - two runs give byte-identical PNGs;
#   - a program without monitrend-png.so beside it (and none installed) draws the PNGs
#     as gnuplot does, with no ld.so message; an LD_PRELOAD of the caller is kept and
#     the preload still applies; an unknown MONITREND_PNG_ENCODER is an error naming it.
set -u
: "${MT:?}" "${ROOT:?}" "${BUILD:?}"
cd "$ROOT" || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-png.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
PRE="$ROOT/$BUILD/monitrend-png.so"
CMP="$ROOT/$BUILD/tests/pngcmp"
for f in "$PRE" "$CMP"; do
    [ -x "$f" ] || { echo "FAIL: $f not built (make deps installs libcairo2-dev and libpng-dev)"; exit 1; }
done
unset MONITREND_PNG_ENCODER
MODEL=tests/fixtures/cli/tiny.ini

run() { # DIR [ENV...]: run the tiny monitor into $T/DIR
    d=$1
    shift
    env "$@" "$MT" run "$MODEL" -o "$T/$d" -q 2>"$T/$d.err" || fail "run $d: $(head -n 3 "$T/$d.err")"
    [ -s "$T/$d.err" ] && fail "run $d printed on stderr: $(head -n 3 "$T/$d.err")"
}
run fast
run gp MONITREND_PNG_ENCODER=gnuplot
run again MONITREND_PNG_ENCODER=fast

n=0
for f in "$T"/fast/figures/*.png; do
    b=$(basename "$f")
    n=$((n + 1))
    [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$b: no PNG signature"
    "$CMP" -i "$f" | grep -Eq '^[0-9]+x[0-9]+ 8-bit RGB non-interlaced$' ||
        fail "$b: $("$CMP" -i "$f" 2>&1), expected 8-bit RGB"
    "$CMP" "$f" "$T/gp/figures/$b" 2>"$T/cmp.err" || fail "$b: pixels differ: $(cat "$T/cmp.err")"
    cmp -s "$f" "$T/gp/figures/$b" && fail "$b: the same bytes as gnuplot's (preload not used?)"
    cmp -s "$f" "$T/again/figures/$b" || fail "$b: two runs differ"
done
[ "$n" -ge 5 ] || fail "only $n PNGs"
diff -r -x '*.png' "$T/fast" "$T/gp" >"$T/diff.out" || fail "files other than PNG differ: $(head -n 5 "$T/diff.out")"

# MONITREND_PNG_ENCODER=gnuplot: the bytes gnuplot writes by hand from the edition's scripts
mkdir "$T/hand" && cp "$T"/gp/figures/*.gp "$T"/gp/figures/*.dat "$T/hand/" || fail "copy scripts"
for g in "$T"/hand/*.gp; do
    [ "$(basename "$g")" = theme.gp ] && continue
    (cd "$T/hand" && env -u LD_PRELOAD gnuplot -d "$(basename "$g")") >"$T/hand.out" 2>&1 ||
        fail "gnuplot $(basename "$g"): $(head -n 3 "$T/hand.out")"
done
for f in "$T"/gp/figures/*.png; do
    cmp -s "$f" "$T/hand/$(basename "$f")" || fail "$(basename "$f"): MONITREND_PNG_ENCODER=gnuplot differs from gnuplot"
done

# No monitrend-png.so beside the program: gnuplot's own PNGs, and no ld.so complaint.
# (An installed copy in LIBDIR/monitrend would be used instead; then only the pixels are checked.)
mkdir "$T/bin" && cp "$MT" "$T/bin/monitrend" || fail "copy the program"
MT_SAVE=$MT
MT="$T/bin/monitrend"
run bare
MT=$MT_SAVE
grep -qi 'ld\.so\|preload' "$T/bare.err" && fail "ld.so message: $(head -n 2 "$T/bare.err")"
installed="${LIBDIR:-/usr/local/lib}/monitrend/monitrend-png.so"
for f in "$T"/gp/figures/*.png; do
    b=$(basename "$f")
    "$CMP" "$f" "$T/bare/figures/$b" || fail "$b: pixels differ without the preload"
    [ -f "$installed" ] || cmp -s "$f" "$T/bare/figures/$b" || fail "$b: without the preload, not gnuplot's bytes"
done

# The caller's LD_PRELOAD is kept (here a harmless one: failmalloc with no failure asked
# for) and the writer still applies.  Not in a sanitizer build: its runtime must come
# first, before any LD_PRELOAD (tests/sh/alloc_failures.sh).
FM="$ROOT/$BUILD/tests/failmalloc.so"
if [ -f "$FM" ] && ! readelf -d "$MT" 2>/dev/null | grep -q libasan; then
    run kept LD_PRELOAD="$FM"
    for f in "$T"/fast/figures/*.png; do
        cmp -s "$f" "$T/kept/figures/$(basename "$f")" || fail "$(basename "$f"): differs with LD_PRELOAD set"
    done
fi

# An unknown writer is an error that names the variable; nothing is written.
if MONITREND_PNG_ENCODER=zlib "$MT" run "$MODEL" -o "$T/bad" -q >/dev/null 2>"$T/bad.err"; then
    fail "MONITREND_PNG_ENCODER=zlib accepted"
fi
grep -q 'MONITREND_PNG_ENCODER=zlib' "$T/bad.err" || fail "no message naming the variable: $(cat "$T/bad.err")"
[ -e "$T/bad" ] && fail "MONITREND_PNG_ENCODER=zlib left an edition"

[ "$fails" -eq 0 ] && echo "ok ($n PNGs)"
exit $((fails > 0))
