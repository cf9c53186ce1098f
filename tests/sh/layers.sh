#!/bin/sh
# The layers of src/ hold (docs/architecture.md): every #include of a
# monitrend header is checked against the one-way rule
#
#   core    -> core
#   stats   -> core, stats
#   intake  -> core, stats, intake     (a model names the stats options it sets)
#   run     -> core, stats, intake, run
#   present -> core, stats, present    (writers get resolved results; never the
#                                       model reader or the pipeline)
#   cli     -> anything
#
# Part of make check (tests/run.sh sets ROOT); by hand:
#   ROOT=$PWD sh tests/sh/layers.sh
#
# Calls are checked the same way: a file calls no function declared in a
# header of a layer it may not include.
#
# A header belongs to the layer of the .c file of the same name, a private
# header to the folder it is in; the few record headers without a .c file
# are listed below (series_type.h, options_type.h, result.h, series_note.h: the
# records the run fills and the writers read).  Prints every violation; fails on any.
set -eu
: "${ROOT:?}"
cd "$ROOT"
layer_of() { # header base name -> layer
    case $1 in
    version|init|lang|series_type) echo core; return ;;
    monitrend|joinpoint_abi|options_type|result|series_note|comparison) echo stats; return ;;
    write) echo present; return ;;
    esac
    for l in core stats intake run present; do
        [ -f "src/$l/$1.c" ] && { echo "$l"; return; }
        [ -f "src/$l/$1.h" ] && { echo "$l"; return; } # a private header
    done
    echo unknown
}
allowed() { # from to
    case "$1:$2" in
    core:core) return 0 ;;
    stats:core|stats:stats) return 0 ;;
    intake:core|intake:stats|intake:intake) return 0 ;;
    run:core|run:stats|run:intake|run:run) return 0 ;;
    present:core|present:stats|present:present) return 0 ;;
    esac
    return 1
}
bad=0
check_file() { # file layer
    for inc in $(sed -n 's|^#include "\(monitrend/\)\{0,1\}\([a-z_0-9]*\)\.h".*|\2|p' "$1"); do
        to=$(layer_of "$inc")
        if [ "$to" = unknown ]; then echo "$1: includes $inc.h of no known layer"; bad=$((bad + 1)); continue; fi
        allowed "$2" "$to" || { echo "$1 ($2) includes $inc.h ($to)"; bad=$((bad + 1)); }
    done
}
for l in core stats intake run present; do
    for f in src/$l/*.c src/$l/*.h; do
        [ -f "$f" ] && check_file "$f" "$l"
    done
done
for h in include/monitrend/*.h; do
    b=$(basename "$h" .h)
    check_file "$h" "$(layer_of "$b")"
done
# Calls as well as includes: a function declared in a header of a layer that
# a file may not include is not called there either (an implicit declaration
# would only warn).  The functions of each layer's headers, mt_NAME( at the
# start of a declaration:
TMPF=$(mktemp "${TMPDIR:-/tmp}/mt-layers.XXXXXX")
trap 'rm -f "$TMPF"' EXIT INT TERM
for h in include/monitrend/*.h src/*/*.h; do
    b=$(basename "$h" .h)
    l=$(layer_of "$b")
    tr '\n' ' ' <"$h" | sed 's|/\*[^*]*\*\+\([^/*][^*]*\*\+\)*/||g' |
        grep -oE '[A-Za-z_*] +\**mt_[a-z0-9_]+\(' | grep -oE 'mt_[a-z0-9_]+' |
        sed "s|^|$l |" >>"$TMPF"
done
for l in core stats intake run present; do
    for f in src/$l/*.c src/$l/*.h; do
        [ -f "$f" ] || continue
        for used in $(grep -oE '\bmt_[a-z0-9_]+ *\(' "$f" | grep -oE 'mt_[a-z0-9_]+' | sort -u); do
            to=$(sed -n "s/^\([a-z]*\) $used\$/\1/p" "$TMPF" | head -n 1)
            [ -n "$to" ] || continue
            allowed "$l" "$to" || { echo "$f ($l) calls $used ($to)"; bad=$((bad + 1)); }
        done
    done
done
[ "$bad" -eq 0 ] || { echo "$bad layer violations"; exit 1; }
echo "layers: every include and every call follows the one-way rule"
