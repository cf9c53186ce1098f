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
# A header belongs to the layer of the .c file of the same name, a private
# header to the folder it is in; the few record headers without a .c file
# are listed below (series_type.h, options_type.h, result.h: the records the
# run fills and the writers read).  Prints every violation; fails on any.
set -eu
: "${ROOT:?}"
cd "$ROOT"
layer_of() { # header base name -> layer
    case $1 in
    version|init|lang|series_type) echo core; return ;;
    monitrend|joinpoint_abi|options_type|result|comparison) echo stats; return ;;
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
[ "$bad" -eq 0 ] || { echo "$bad layer violations"; exit 1; }
echo "layers: every include follows the one-way rule"
