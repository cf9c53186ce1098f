#!/bin/sh
# libmonitrend as a publishable library (issue 14):
#  - the shared library has a SONAME and exports only mt_ functions, exactly
#    those declared in the public headers (monitrend.h and what it includes);
#  - a C program built with the installed pkg-config file links and runs;
#  - the Python ctypes example fits a joinpoint model whose result matches the
#    NCI Joinpoint Regression Program on public data (tuberculosis death rates
#    1900-1998, K = 2, linear scale: joinpoints 1932 and 1958 and the fitted
#    values printed by the Program to 2 decimals, tests/reference/joinpoint/
#    joinpoint-model-fits.csv column tb.2).
set -eu
cd "$ROOT"
SO="$BUILD/libmonitrend.so"
[ -e "$SO" ] || { echo "missing $SO"; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-lib.XXXXXX")
trap 'rm -rf "$T"' EXIT

soname=$(readelf -d "$SO" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
# the SONAME is the major of the interface version (MT_SO_VERSION), not of the program's release
major=$(sed -n 's/^#define MT_SO_VERSION "\([0-9]*\)\..*/\1/p' include/monitrend/version.h)
[ -n "$major" ] && [ "$soname" = "libmonitrend.so.$major" ] || { echo "SONAME is '$soname', expected libmonitrend.so.$major"; exit 1; }
nm -D --defined-only "$SO" | grep -q "mt_bp_result_clear@@MONITREND_$major\$" ||
    { echo "mt_bp_result_clear not exported in version node MONITREND_$major"; exit 1; }

# exported functions (the version node MONITREND_N is not a function)
nm -D --defined-only "$SO" | awk '$2 == "T" {print $3}' | sed 's/@.*//' | sort -u > "$T/exported"
bad=$(grep -v '^mt_' "$T/exported" || true)
[ -z "$bad" ] || { echo "non-mt_ symbols exported:"; echo "$bad"; exit 1; }
sh scripts/mkmap.sh include/monitrend/monitrend.h \
    $(sed -n 's|^#include "\(monitrend/.*\.h\)"|include/\1|p' include/monitrend/monitrend.h) |
    sed -n 's/^    \(mt_[a-z0-9_]*\);$/\1/p' | sort -u > "$T/public"
extra=$(comm -23 "$T/exported" "$T/public")
[ -z "$extra" ] || { echo "exported but not in a public header:"; echo "$extra"; exit 1; }
missing=$(comm -13 "$T/exported" "$T/public")
[ -z "$missing" ] || { echo "declared in a public header but not exported:"; echo "$missing"; exit 1; }
# an internal module's functions stay hidden
if grep -q '^mt_pipeline_\|^mt_figure_\|^mt_model_' "$T/exported"; then
    echo "internal functions exported"; exit 1
fi

# install, then build a C program with pkg-config against the installed copy
make -s install DESTDIR="$T/inst" PREFIX=/usr BUILD="$BUILD" >/dev/null
[ -f "$T/inst/usr/include/monitrend/monitrend.h" ] || { echo "monitrend.h not installed"; exit 1; }
[ ! -e "$T/inst/usr/include/monitrend/pipeline.h" ] || { echo "internal header installed"; exit 1; }
cat > "$T/c.c" <<'CEOF'
#include <math.h>
#include <stdio.h>
#include <monitrend/monitrend.h>
int main(void)
{
    /* ln y = 1 + 0.1 t exactly: the log-linear APC is 100 (e^0.1 - 1) */
    double t[6] = {2000, 2001, 2002, 2003, 2004, 2005}, y[6];
    for (int i = 0; i < 6; i++)
        y[i] = 1.0 + 0.1 * (t[i] - 2000); /* the fit takes ln(value) */
    mt_init();
    mt_jp_options o;
    mt_jp_options_default(&o);
    mt_jp_result *r = NULL;
    if (mt_jp_fit(t, y, NULL, 6, &o, &r, NULL) != MT_OK)
        return 1;
    int ok = r->k == 0 && fabs(r->segments[0].apc - 100.0 * (exp(0.1) - 1.0)) < 1e-9;
    mt_jp_result_free(r);
    puts(ok ? "ok" : "wrong");
    return !ok;
}
CEOF
PKG_CONFIG_SYSROOT_DIR="$T/inst" PKG_CONFIG_PATH="$T/inst/usr/lib/pkgconfig" \
    pkg-config --cflags --libs monitrend > "$T/flags"
# a sanitizer build's library needs its runtime first: the program is built
# with the same flags, and python loads it through LD_PRELOAD
SAN=""
PRELOAD=""
if readelf -d "$SO" | grep -q 'libasan'; then
    SAN="-fsanitize=address,undefined"
    PRELOAD="$(${CC:-cc} -print-file-name=libasan.so) $(${CC:-cc} -print-file-name=libubsan.so)"
    export ASAN_OPTIONS=detect_leaks=0
fi
${CC:-cc} $SAN -o "$T/c" "$T/c.c" $(cat "$T/flags") -lm
LD_LIBRARY_PATH="$T/inst/usr/lib" "$T/c" | grep -q '^ok$' || { echo "C program against the installed library failed"; exit 1; }

# the Python example on the Program's tuberculosis fit
awk -F, 'NR > 1 && $2 == "Tuberculosis" {print $1 "," $3}' tests/reference/joinpoint/mortality-data.csv |
    sed '1i year,rate' > "$T/tb.csv"
LD_PRELOAD="$PRELOAD" python3 examples/python/joinpoint.py "$T/tb.csv" --lib "$SO" --linear --min 2 --max 2 > "$T/py.out"
grep -q '^joinpoints 2$' "$T/py.out" || { echo "python: k"; cat "$T/py.out"; exit 1; }
grep -q '^joinpoint 1 1932$' "$T/py.out" && grep -q '^joinpoint 2 1958$' "$T/py.out" ||
    { echo "python: joinpoints"; cat "$T/py.out"; exit 1; }
hdr=$(head -1 tests/reference/joinpoint/joinpoint-model-fits.csv | tr ',' '\n' | grep -n '^tb\.2$' | cut -d: -f1)
awk -F, -v c="$hdr" 'NR > 1 {print $1, $c}' tests/reference/joinpoint/joinpoint-model-fits.csv > "$T/prog"
awk '$1 == "fitted" {print $2, $3}' "$T/py.out" > "$T/ours"
n=$(wc -l < "$T/prog")
[ "$n" -gt 90 ] && [ "$(wc -l < "$T/ours")" -eq "$n" ] || { echo "python: $n fitted values expected"; exit 1; }
# the Program prints 2 decimals: ours rounded must agree within half a unit
paste -d' ' "$T/prog" "$T/ours" | awk '$1 != $3 || ($4 - $2 > 0.005 + 1e-9) || ($2 - $4 > 0.005 + 1e-9) {bad++; print}
                                     END {exit bad > 0}' ||
    { echo "python: fitted values differ from the Program"; exit 1; }
echo "library: SONAME, $(wc -l < "$T/exported") mt_ exports, pkg-config build, python example ok"
