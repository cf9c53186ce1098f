#!/bin/sh
# Issue 13, item 11 (minor defects), each exit status and message exact:
#  - "1,000" in a '.'-decimal file: the hint names the thousands separator
#    (it said "set decimal = ,", which then read it as 1.0);
#  - a count "1,000" with decimal = , is refused, not read as 1;
#  - a model named "..ini" (no usable edition name): exit 2, not 1;
#  - a source that is not a CSV (a passwd-like file): its first line is
#    not echoed in the message;
#  - a derived value that overflows is not called a division by zero.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-minor.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
check() { # NAME WANT_STATUS EXPECTED_STDERR_LINE COMMAND...
    name=$1 want=$2 line=$3
    shift 3
    (cd "$T" && "$@") >/dev/null 2>"$T/err"
    rc=$?
    [ $rc -eq "$want" ] || { echo "$name: exit $rc, expected $want"; fail=1; }
    [ "$(cat "$T/err")" = "$line" ] || { echo "$name: got:      $(cat "$T/err")"; echo "$name: expected: $line"; fail=1; }
}
printf 'indicator,period,value\nx,2020,"1,000"\nx,2021,"2,500"\n' > "$T/th.csv"
check "1,000" 2 "monitrend: th.csv:2:3: expected a number, got '1,000' (looks like a thousands separator: write numbers without separators; only if the comma is a decimal comma, set decimal = , in the source layout)" \
    "$MT" trend th.csv

mkdir "$T/c"
printf 'period;value\n2020;"1,000"\n2021;"2,500"\n' > "$T/c/data.csv"
printf '[monitor]\ntitle = t\n\n[source:s]\nfile = data.csv\ndelimiter = ;\ndecimal = ,\nindicator = x\n\n[indicator:x]\nlabel = X\nsource = s\nkind = count\n' > "$T/c/m.ini"
check "count 1,000" 2 "monitrend: c/data.csv:2:2: expected a whole number for a count, got '1,000' (with decimal = , this reads as a fraction; write the count without separators)" \
    "$MT" check c/m.ini

cp "$T/c/m.ini" "$T/c/..ini"
sed -i 's/kind = count/kind = amount/' "$T/c/..ini"
check "..ini" 2 "monitrend: c/..ini:1: the file name gives no usable edition name ('.'); set name = in [monitor]" \
    "$MT" run c/..ini --no-figures

printf 'root:x:0:0:secret-looking line:/root:/bin/bash\ndaemon:x:1:1::/:/bin/sh\n' > "$T/passwd"
printf '[monitor]\ntitle = t\n\n[source:s]\nfile = passwd\n\n[indicator:x]\nlabel = X\nsource = s\n' > "$T/pw.ini"
check "not a CSV" 2 "monitrend: passwd:1: missing required column 'indicator' (the first line has no ',' between columns: is this a CSV file with this layout?)" \
    "$MT" check pw.ini

mkdir "$T/d"
printf 'indicator,period,value\nx,2018,1e200\nx,2019,2e200\nx,2020,0\nx,2021,4\nx,2022,5\n' > "$T/d/data.csv"
cat > "$T/d/m.ini" <<EOS
[monitor]
title = t

[source:s]
file = data.csv

[indicator:x]
label = X
kind = amount

[param:big]
value = 1e200
source = test

[derived:y]
type = expression
expression = {x} * big
indicator = y
label = Y
kind = amount
EOS
(cd "$T/d" && "$MT" check m.ini) >/dev/null 2>"$T/err"
grep -q "^monitrend: warning: derived y: 2 periods lost to a division by zero or a value beyond the range of numbers (non-finite result)$" "$T/err" \
    || { echo "derived overflow: $(cat "$T/err")"; fail=1; }
exit $fail
