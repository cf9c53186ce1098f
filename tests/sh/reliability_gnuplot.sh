#!/bin/sh
# Issue 13, defects 1 and 11 (gnuplot part) and the signal guarantees:
#  - a gnuplot that never exits: stopped after --figure-timeout (and the
#    model key figure_timeout), exit 1, one line naming the figure, no
#    NAME.tmp-* left, the sleeping child of the fake gnuplot killed with its
#    process group;
#  - a gnuplot that does not even answer --version: stopped as well;
#  - gnuplot missing: found before the analysis (no "analysing" line with
#    -v), exit 1, a readable message;
#  - SIGTERM and SIGINT during the figures: exit 143 / 130, no NAME.tmp-*,
#    no live gnuplot, the previous edition untouched.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
command -v gnuplot >/dev/null 2>&1 || { echo "gnuplot missing: skipped"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-gp.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
CSV=data/example/cocaine-nl-be.csv
mkdir "$T/hang" "$T/mute" "$T/none" "$T/wrap" "$T/pids"
# a gnuplot that answers --version and then hangs; its sleep records its pid
cat > "$T/hang/gnuplot" <<EOS
#!/bin/sh
if [ "\$1" = "--version" ]; then echo "gnuplot 5.4 patchlevel 4 (fake)"; exit 0; fi
sleep 100000 &
echo \$! > "$T/sleep.pid"
wait
EOS
printf '#!/bin/sh\nsleep 100000\n' > "$T/mute/gnuplot"
cat > "$T/wrap/gnuplot" <<EOS
#!/bin/sh
echo \$\$ > "$T/pids/\$\$"
exec $(command -v gnuplot) "\$@"
EOS
chmod +x "$T/hang/gnuplot" "$T/mute/gnuplot" "$T/wrap/gnuplot"
live() { [ -r "/proc/$1/stat" ] && ! awk '{ s = $0; sub(/.*\) /, "", s); exit (substr(s, 1, 1) == "Z") ? 0 : 1 }' "/proc/$1/stat"; }
expect() { # NAME WANT_STATUS GOT_STATUS STDERR_FILE PATTERN
    [ "$3" -eq "$2" ] || { echo "$1: exit $3, expected $2: $(cat "$4")"; fail=1; }
    grep -q -- "$5" "$4" || { echo "$1: message lacks '$5': $(cat "$4")"; fail=1; }
    [ "$(wc -l < "$4")" -eq 1 ] || { echo "$1: message is not one line: $(cat "$4")"; fail=1; }
}
notmp() { # NAME
    if ls -d "$T"/ed.tmp-* >/dev/null 2>&1; then echo "$1: left $(ls -d "$T"/ed.tmp-*)"; fail=1; fi
}

# 1. hang, option
start=$(date +%s)
PATH="$T/hang:$PATH" "$MT" trend "$CSV" -o "$T/ed" --figure-timeout 1 2>"$T/err"
rc=$?
took=$(( $(date +%s) - start ))
expect "hang" 1 $rc "$T/err" "^monitrend: figure [^ ]*: gnuplot took longer than the limit of 1 seconds (--figure-timeout); stopped$"
[ "$took" -le 20 ] || { echo "hang: took $took s with a 1 s limit"; fail=1; }
notmp "hang"
[ -f "$T/sleep.pid" ] && live "$(cat "$T/sleep.pid")" && { echo "hang: the fake gnuplot's child survives"; fail=1; }

# 2. hang, model key figure_timeout (a copy of a tiny model with the key)
cat > "$T/m.ini" <<EOS
[monitor]
name = t
figure_timeout = 1

[source:x]
file = $ROOT/$CSV

[indicator:seizures_kg]
label = Seizures
unit = kg
theme = import
markets = cocaine

[indicator:past_year_use]
label = Past-year use
unit = %
theme = use
markets = cocaine
EOS
if "$MT" check "$T/m.ini" -q 2>"$T/err"; then
    PATH="$T/hang:$PATH" "$MT" run "$T/m.ini" -o "$T/ed" 2>"$T/err"
    expect "model key" 1 $? "$T/err" "gnuplot took longer than the limit of 1 seconds"
else
    echo "model with figure_timeout refused: $(cat "$T/err")"; fail=1
fi
printf '[monitor]\nfigure_timeout = 0\n' > "$T/bad.ini"
"$MT" check "$T/bad.ini" 2>"$T/err"
expect "model key 0" 2 $? "$T/err" "bad.ini:2: "

# 3. a gnuplot that does not answer at all
PATH="$T/mute:$PATH" "$MT" trend "$CSV" -o "$T/ed" --figure-timeout 1 2>"$T/err"
expect "mute" 1 $? "$T/err" "^monitrend: gnuplot: \`gnuplot --version\` gave no answer within 1 seconds; stopped$"
notmp "mute"

# 4. gnuplot missing: before the analysis
rm -rf "$T/ed"
PATH="$T/none" "$MT" trend "$CSV" -o "$T/ed" -v 2>"$T/err"
expect "missing" 1 $? "$T/err" "^monitrend: gnuplot: cannot start gnuplot: not found (install gnuplot, or use --no-figures)$"
[ -e "$T/ed" ] && { echo "missing: an edition was written"; fail=1; }

# 5. option values
"$MT" trend "$CSV" -o "$T/ed" --figure-timeout 0 2>"$T/err"
[ $? -eq 2 ] || { echo "--figure-timeout 0 accepted"; fail=1; }
"$MT" trend "$CSV" -o '' 2>"$T/err"
[ $? -eq 2 ] || { echo "-o '' is not a usage error"; fail=1; }
grep -q "^monitrend: -o expects a folder name, got ''$" "$T/err" || { echo "-o '': $(cat "$T/err")"; fail=1; }

# 6. SIGTERM and SIGINT while gnuplot draws; the previous edition stays
"$MT" trend "$CSV" -o "$T/ed" -q --format svg || { echo "first edition failed"; fail=1; }
before=$(cat "$T/ed/manifest.json" | wc -c)
for sig in TERM INT; do
    PATH="$T/hang:$PATH" "$MT" trend "$CSV" -o "$T/ed" -q &
    pid=$!
    # wait until the fake gnuplot is drawing
    n=0
    rm -f "$T/sleep.pid"
    while [ ! -s "$T/sleep.pid" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
    kill -s $sig $pid
    wait $pid
    rc=$?
    want=143; [ $sig = INT ] && want=130
    [ $rc -eq $want ] || { echo "SIG$sig: exit $rc, expected $want"; fail=1; }
    notmp "SIG$sig"
    sleep 0.2
    [ -s "$T/sleep.pid" ] && live "$(cat "$T/sleep.pid")" && { echo "SIG$sig: gnuplot's group survives"; fail=1; }
    [ "$(cat "$T/ed/manifest.json" | wc -c)" -eq "$before" ] || { echo "SIG$sig: previous edition changed"; fail=1; }
done
exit $fail
