#!/bin/sh
# make install / uninstall honour DESTDIR and PREFIX and remove what they put.
set -eu
cd "$ROOT"
D=$(mktemp -d "${TMPDIR:-/tmp}/mt-inst.XXXXXX")
trap 'rm -rf "$D"' EXIT
make -s install DESTDIR="$D" PREFIX=/usr BUILD="$BUILD" >/dev/null
for f in usr/bin/monitrend usr/lib/libmonitrend.a usr/lib/libmonitrend.so.1 usr/include/monitrend/monitrend.h \
         usr/share/man/man1/monitrend.1 usr/share/monitrend/plots/theme.gp; do
    [ -s "$D/$f" ] || { echo "missing $f"; exit 1; }
done
# the PNG writer for gnuplot, when it was built (cairo and libpng headers present)
if [ -f "$BUILD/monitrend-png.so" ]; then
    [ -s "$D/usr/lib/monitrend/monitrend-png.so" ] || { echo "missing usr/lib/monitrend/monitrend-png.so"; exit 1; }
fi
"$D/usr/bin/monitrend" --version | grep -q '^monitrend ' || { echo "installed binary does not run"; exit 1; }
make -s uninstall DESTDIR="$D" PREFIX=/usr BUILD="$BUILD" >/dev/null
left=$(find "$D" -type f | wc -l)
[ -e "$D/usr/lib/monitrend" ] && { echo "uninstall left usr/lib/monitrend"; exit 1; }
[ "$left" -eq 0 ] || { echo "uninstall left $left files"; exit 1; }
