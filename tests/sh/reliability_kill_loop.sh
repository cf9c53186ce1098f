#!/bin/sh
# Issue 13, defect 2: gnuplot outlived a killed monitrend and kept writing
# into NAME.tmp-*, so the next run's clean-up raced with it ("cannot remove
# stray temporary folder: Directory not empty").  Here a running `run` of
# the default monitor is killed 20 times, at random moments (seeded, the
# seed is printed), with SIGKILL or SIGINT at random; then a run must
# succeed, leave no NAME.tmp-* folder and no live gnuplot.  Every gnuplot
# started goes through a wrapper that records its pid (exec keeps the pid),
# so only this test's gnuplots are checked.  SIGINT must give exit 130.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
command -v gnuplot >/dev/null 2>&1 || { echo "gnuplot missing: skipped"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-kill.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir "$T/bin" "$T/pids"
cat > "$T/bin/gnuplot" <<WRAP
#!/bin/sh
echo \$\$ > "$T/pids/\$\$"
exec $(command -v gnuplot) "\$@"
WRAP
chmod +x "$T/bin/gnuplot"
seed=${MT_KILL_SEED:-$(date +%s)}
echo "seed $seed"
fail=0
# live: a pid that exists and is not a zombie
live() { [ -r "/proc/$1/stat" ] && ! awk '{ s = $0; sub(/.*\) /, "", s); exit (substr(s, 1, 1) == "Z") ? 0 : 1 }' "/proc/$1/stat"; }
awk -v s="$seed" 'BEGIN { srand(s); for (i = 0; i < 20; i++) printf "%.2f %s\n", 0.2 + rand() * 2.8, rand() < 0.5 ? "KILL" : "INT" }' > "$T/plan"
i=0
while read -r delay sig; do
    i=$((i + 1))
    before=$(ls -d "$T"/ed.tmp-* 2>/dev/null)
    PATH="$T/bin:$PATH" "$MT" run models/ndm.ini -o "$T/ed" -q 2>"$T/err" &
    pid=$!
    sleep "$delay"
    kill -s "$sig" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rc=$?
    if [ "$sig" = INT ] && [ "$rc" -ne 130 ] && [ "$rc" -ne 0 ]; then
        echo "kill $i: SIGINT gave exit $rc: $(head -c 300 "$T/err")"; fail=1
    fi
    if [ "$sig" = KILL ] && [ "$rc" -ne 137 ] && [ "$rc" -ne 0 ]; then
        echo "kill $i: SIGKILL gave exit $rc: $(head -c 300 "$T/err")"; fail=1
    fi
    # a SIGINT-ed run removes its own temporary folder before exiting (a
    # SIGKILL-ed run's folder stays until the next run has begun)
    if [ "$sig" = INT ]; then
        for d in "$T"/ed.tmp-*; do
            [ -d "$d" ] || continue
            case " $(echo $before) " in *" $d "*) ;; *) echo "kill $i: SIGINT left $d"; fail=1 ;; esac
        done
    fi
done < "$T/plan"
PATH="$T/bin:$PATH" "$MT" run models/ndm.ini -o "$T/ed" -q || { echo "the run after the kills failed"; fail=1; }
[ -f "$T/ed/findings.txt" ] && [ -f "$T/ed/figures/overview.svg" ] || { echo "no complete edition after the kills"; fail=1; }
if ls -d "$T"/ed.tmp-* "$T"/ed.old-* >/dev/null 2>&1; then
    echo "temporary folders left: $(ls -d "$T"/ed.tmp-* "$T"/ed.old-* 2>/dev/null)"; fail=1
fi
# PR_SET_PDEATHSIG acts at once, but let the kernel deliver it
sleep 0.5
n=0
for p in "$T"/pids/*; do
    [ -f "$p" ] || continue
    n=$((n + 1))
    if live "$(basename "$p")"; then echo "gnuplot $(basename "$p") still alive"; fail=1; fi
done
echo "$i kills, $n gnuplot processes started"
[ "$n" -ge 1 ] || { echo "no gnuplot was started: the kills never reached the figures"; fail=1; }
exit $fail
