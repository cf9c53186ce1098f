#!/bin/sh
# Issue 13, defects 3, 9 and 12 (the edition folder):
#  - defect 9: the edition folder and its subfolders get 0777 & ~umask
#    (umask 027 -> drwxr-x---), not mkdtemp's 0700;
#  - the build lock names pid AND start time: a stray folder whose lock
#    names a live pid with another start time (a reused pid) is removed, one
#    whose lock names a live process exactly is kept (it is being built);
#  - defect 3: an old edition that cannot be deleted (chmod 555, as a
#    non-root user) gives exit 0 with a one-line warning naming the folder
#    left, and every later run still succeeds;
#  - defect 12: after a commit no build lock is left in the edition.
set -u
: "${MT:?}" "${ROOT:?}"
cd "$ROOT" || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/mt-ed.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fail=0
CSV=data/example/cocaine-nl-be.csv
mode() { stat -c %a "$1"; }

# mode: 0777 & ~027 = 750 for the edition and its subfolders
(umask 027 && "$MT" trend "$CSV" -o "$T/m" -q --format svg) || { echo "mode run failed"; fail=1; }
for d in "$T/m" "$T/m/results" "$T/m/figures"; do
    [ "$(mode "$d")" = 750 ] || { echo "mode of $d: $(mode "$d"), expected 750"; fail=1; }
done
(umask 022 && "$MT" trend "$CSV" -o "$T/m" -q --no-figures) || fail=1
[ "$(mode "$T/m")" = 755 ] || { echo "mode with umask 022: $(mode "$T/m")"; fail=1; }
[ -e "$T/m/.monitrend-building" ] && { echo "build lock left in the edition"; fail=1; }

# stray folders: a reused pid is not the builder; a live builder is kept
"$MT" trend "$CSV" -o "$T/s" -q --no-figures || fail=1
mk_stray() { # NAME LOCKTEXT
    mkdir "$T/s.tmp-$1"
    echo "x" > "$T/s.tmp-$1/.monitrend-edition"
    echo "$2" > "$T/s.tmp-$1/.monitrend-building"
}
sleep 60 &
sp=$!
start=$(awk '{ s = $0; sub(/.*\) /, "", s); split(s, f, " "); print f[20] }' /proc/$sp/stat)
mk_stray Reused "$sp 1"
mk_stray Living "$sp $start"
mk_stray NoLock ""
rm "$T/s.tmp-NoLock/.monitrend-building"
"$MT" trend "$CSV" -o "$T/s" -q --no-figures || { echo "run with strays failed"; fail=1; }
[ -d "$T/s.tmp-Reused" ] && { echo "stray with a reused pid was kept"; fail=1; }
[ -d "$T/s.tmp-NoLock" ] && { echo "stray without a lock was kept"; fail=1; }
[ -d "$T/s.tmp-Living" ] || { echo "the folder of a live builder was removed"; fail=1; }
kill $sp
wait $sp 2>/dev/null
"$MT" trend "$CSV" -o "$T/s" -q --no-figures || fail=1
[ -d "$T/s.tmp-Living" ] && { echo "stray of a dead builder was kept"; fail=1; }

# an old edition that cannot be deleted: needs a user without root's
# power to ignore permissions
as_user=""
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
        as_user="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups"
    fi
fi
if [ "$(id -u)" -eq 0 ] && [ -z "$as_user" ]; then
    echo "root without setpriv: read-only edition case skipped"
else
    chmod 755 "$T"
    mkdir "$T/ro"
    cp "$CSV" "$T/ro/in.csv"
    chmod 777 "$T/ro"
    cp "$MT" "$T/ro/monitrend"
    chmod 755 "$T/ro/monitrend"
    R="$T/ro"
    $as_user "$R/monitrend" trend "$R/in.csv" -o "$R/ed" -q --no-figures || { echo "ro: first run failed"; fail=1; }
    $as_user chmod 555 "$R/ed" "$R/ed/results"
    $as_user "$R/monitrend" trend "$R/in.csv" -o "$R/ed" --no-figures 2>"$T/err"
    rc=$?
    [ $rc -eq 0 ] || { echo "ro: second run exit $rc: $(cat "$T/err")"; fail=1; }
    grep -q "^monitrend: warning: $R/ed.tmp-[A-Za-z0-9]\{6\}: the previous edition could not be removed: Permission denied; remove it by hand$" "$T/err" \
        || { echo "ro: no warning naming the folder left: $(cat "$T/err")"; fail=1; }
    for k in 3 4; do
        $as_user "$R/monitrend" trend "$R/in.csv" -o "$R/ed" --no-figures 2>"$T/err"
        rc=$?
        [ $rc -eq 0 ] || { echo "ro: run $k exit $rc: $(cat "$T/err")"; fail=1; }
        grep -q "cannot remove stray temporary folder: Permission denied; remove it by hand" "$T/err" \
            || { echo "ro: run $k does not report the folder left: $(cat "$T/err")"; fail=1; }
    done
    chmod -R u+w "$R"
    $as_user "$R/monitrend" trend "$R/in.csv" -o "$R/ed" -q --no-figures || { echo "ro: run after chmod failed"; fail=1; }
    ls -d "$R"/ed.tmp-* >/dev/null 2>&1 && { echo "ro: folders left after the fix: $(ls -d "$R"/ed.tmp-*)"; fail=1; }
fi
exit $fail
