#!/bin/sh
# Check the Debian packages monitrend needs to build and test; install only the
# missing ones with apt-get when run as root, else print the exact command.
set -u
# libcairo2-dev, libpng-dev: monitrend-png.so, the PNG writer preloaded into gnuplot (Makefile)
PKGS="gcc make pkg-config python3 binutils libgsl-dev libcsv-dev libinih-dev libcmocka-dev gnuplot-nox libxml2-utils libcairo2-dev libpng-dev"
# `sh scripts/deps.sh bench` (make bench): R and the packages the R columns time
[ "${1:-}" = bench ] && PKGS="$PKGS r-base-core r-cran-segmented r-cran-strucchange"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        # a C compiler other than gcc will do
        if [ "$p" = gcc ] && command -v cc >/dev/null 2>&1; then continue; fi
        # any python3 will do (it runs the ctypes example of the library)
        if [ "$p" = python3 ] && command -v python3 >/dev/null 2>&1; then continue; fi
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: missing packages:$missing (not a Debian system: install them by hand)" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing packages:$missing" >&2
    echo "deps: run as root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
echo "deps: installing$missing"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$missing >/dev/null
