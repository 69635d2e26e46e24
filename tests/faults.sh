#!/bin/sh
# faults.sh BINARY SAMPLES: every command that writes files, made to fail while it writes
# (issue 16): under a file-size limit, onto /dev/full, into a read-only directory, and with
# each catchable terminating signal (SIGHUP SIGINT SIGTERM SIGQUIT SIGUSR1 SIGUSR2 SIGALRM)
# delivered while it writes its output (strace injects the signal at the first write(2) and at
# the fsync(2) just before the move into place) and while it computes (kill, once its temporary
# exists). Every case checks: exit status 1 (not 0, no hang, no death by a signal); the first
# stderr line names the file and the errno's text; no temporary (.NAME.tmp.*) left in the
# directory; an existing output (given --force) byte-identical to its copy, except a sweep's
# CSV, which must receive its complete rows (after a signal during the write: exactly the rows
# of an undisturbed sweep).
# The explorer's export under a file-size limit is tests/tui.sh, part 14 b).
set -u
bin=$1 samples=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
D=$(mktemp -d /tmp/skscope-faults.XXXXXX)
trap 'chattr -i "$D/w" 2>/dev/null; chmod -R u+w "$D" 2>/dev/null; rm -rf "$D"' EXIT
chmod 755 "$D"
mkdir "$D/in"
pass=0 fails=0 skipped=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
skip() { echo "skip: $*"; skipped=$((skipped + 1)); }

# Inputs, and the undisturbed outputs of the sweep (the reference for its complete rows).
SWEEP="sweep --grid C=16|32|64 --learner bayes --sentences 1000 --quiet"
"$bin" $SWEEP --csv "$D/in/s.csv" --plot || exit 1
for i in 0 1 2; do "$bin" $SWEEP --task $i --csv "$D/in/p$i.csv" || exit 1; done
corpus=$samples/corpus.txt

# The commands: an id, the output file names (in the work directory @W), the arguments
# (@W is replaced; one output is named @O, which the /dev/full cases replace).
cases="run-csv	out.csv	run --learner bayes --sentences 5000 --quiet --force --csv @O
run-facts	out.csv	run --learner bayes --sentences 5000 --quiet --force --facts-csv @O
run-both	out.csv f.csv	run --learner bayes --sentences 5000 --quiet --force --csv @W/f.csv --facts-csv @O
run-plot	out.csv out.gp	run --learner bayes --sentences 5000 --quiet --force --plot --csv @O
sweep	out.csv	$SWEEP --force --csv @O
sweep-plot	out.csv out.gp	$SWEEP --force --plot --csv @O
merge	out.csv	merge --quiet --force --csv @O $D/in/p0.csv $D/in/p1.csv $D/in/p2.csv
plot	out.gp	plot $D/in/s.csv --force --out @O
fit-corpus	out.ini	fit-corpus --quiet --force --scenario @O $corpus"
if command -v gnuplot >/dev/null 2>&1; then
    cases="$cases
plot-run	out.gp out.png	plot $D/in/s.csv --force --run --out @O"
fi
tab=$(printf '\t')

# fresh FILES: a new work directory $D/w holding FILES, each with its own old contents, and
# copies of them in $D/orig.
fresh() {
    chattr -i "$D/w" 2>/dev/null
    chmod -R u+w "$D/w" 2>/dev/null
    rm -rf "$D/w" "$D/orig"
    mkdir "$D/w" "$D/orig"
    for f in $1; do
        printf 'old contents of %s\n' "$f" >"$D/w/$f"
        cp "$D/w/$f" "$D/orig/$f"
    done
}

# verify WHAT ID FILES SWEPT ERRNO...: the checks after a failed command (status in $rc,
# stderr in $D/err). SWEPT=1: out.csv must hold the sweep's complete rows (out.gp may then be
# the complete script too). The message must name one of FILES (or /dev/full) and one of the
# ERRNO texts.
verify() {
    what=$1 id=$2 files=$3 swept=$4; shift 4
    first=$(head -1 "$D/err")
    tag="$what $id"
    # 1: a runtime failure (0 claims success; 124 is a hang; 128 + N a death by signal N)
    if [ "$rc" -ne 1 ]; then bad "$tag: exit $rc, want 1: $first"; return; fi
    named=0
    for f in $files /dev/full; do
        case $first in *"$D/w/$f"* | *"$f"*/dev/full* | *" /dev/full"*) named=1 ;; esac
    done
    [ $named -eq 1 ] || { bad "$tag: message names none of $files: $first"; return; }
    errno_ok=0
    for e in "$@"; do case $first in *"$e"*) errno_ok=1 ;; esac; done
    [ $errno_ok -eq 1 ] || { bad "$tag: message lacks the errno ($*): $first"; return; }
    left=$(ls -A "$D/w" | grep '\.tmp\.')
    [ -z "$left" ] || { bad "$tag: temporary left: $left"; return; }
    for f in $files; do
        if [ "$swept" = 1 ] && [ "$f" = out.csv ]; then
            cmp -s "$D/w/$f" "$D/in/s.csv" || { bad "$tag: the sweep's CSV lacks its complete rows: $(head -c 100 "$D/w/$f")"; return; }
        elif [ "$swept" = 1 ] && [ "$f" = out.gp ] && [ -f "$D/w/$f" ] && grep -q '^plot ' "$D/w/$f"; then
            : # the sweep's complete script beside its complete rows
        elif ! cmp -s "$D/w/$f" "$D/orig/$f"; then
            bad "$tag: existing $f changed: $(head -c 100 "$D/w/$f" 2>&1)"; return
        fi
    done
    extra=$(ls -A "$D/w" | while read -r f; do case " $files " in *" $f "*) ;; *) echo "$f" ;; esac; done)
    [ -z "$extra" ] || { bad "$tag: new files left: $extra"; return; }
    ok
}

# run_case ID ARGS [PREFIX...]: run skscope with ARGS (@W, @O substituted; @O is $O) after PREFIX.
run_case() {
    args=$(printf '%s' "$2" | sed "s|@W|$D/w|g; s|@O|$O|g")
    shift 2
    # shellcheck disable=SC2086
    timeout 60 "$@" "$bin" $args </dev/null >"$D/out" 2>"$D/err"
    rc=$?
}

# 1. A file-size limit (300 bytes: every output here is larger): "File too large".
if command -v prlimit >/dev/null 2>&1; then limit="prlimit --fsize=300:300"; else limit=""; fi
printf '%s\n' "$cases" | while IFS="$tab" read -r id files args; do
    fresh "$files"
    O=$D/w/${files%% *}
    if [ -n "$limit" ]; then
        # shellcheck disable=SC2086
        run_case "$id" "$args" $limit
    else
        a=$(printf '%s' "$args" | sed "s|@W|$D/w|g; s|@O|$O|g")
        sh -c "ulimit -f 1; exec \"\$@\"" sh "$bin" $a </dev/null >"$D/out" 2>"$D/err"
        rc=$?
    fi
    verify "fsize" "$id" "$files" 0 "File too large"
    echo "$pass $fails" >"$D/count"
done
read -r pass fails <"$D/count"

# 2. /dev/full: "No space left on device"; another output of the same command stays as it was.
printf '%s\n' "$cases" | while IFS="$tab" read -r id files args; do
    case $id in *plot*) continue ;; esac # a script beside /dev/full would be /dev/full.gp
    rest=$(printf '%s' "$files" | cut -d' ' -f2- -s)
    fresh "$rest"
    O=/dev/full
    run_case "$id" "$args"
    verify "/dev/full" "$id" "${rest:-}" 0 "No space left on device"
    echo "$pass $fails" >"$D/count"
done
read -r pass fails <"$D/count"

# 3. A read-only directory. Root writes anyway, so as root the commands run as an unprivileged
# user (setpriv), or the directory is made immutable (chattr +i), or the case is skipped.
ro_prefix="" ro_how=""
if [ "$(id -u)" -ne 0 ]; then
    ro_how="chmod"
elif command -v setpriv >/dev/null 2>&1; then
    ro_how=chmod ro_prefix="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
    mkdir "$D/probe" && if chattr +i "$D/probe" 2>/dev/null; then
        ro_how=chattr
        chattr -i "$D/probe"
    fi
fi
if [ -z "$ro_how" ]; then
    skip "read-only directory: running as root without setpriv, and chattr +i does not work here"
else
    printf '%s\n' "$cases" | while IFS="$tab" read -r id files args; do
        fresh "$files"
        O=$D/w/${files%% *}
        if [ $ro_how = chmod ]; then chmod 555 "$D/w"; else chattr +i "$D/w"; fi
        # shellcheck disable=SC2086
        run_case "$id" "$args" $ro_prefix
        verify "read-only" "$id" "$files" 0 "Permission denied" "Operation not permitted"
        echo "$pass $fails" >"$D/count"
    done
    read -r pass fails <"$D/count"
fi

# 4. Each catchable terminating signal while the output is written: injected by strace at the
# first write(2) (writing the temporary) and at the first fsync(2) (the temporary complete, not
# yet in place). The sweep's CSV then holds its complete rows; everything else is untouched.
SIGS="HUP INT TERM QUIT USR1 USR2 ALRM"
if ! command -v strace >/dev/null 2>&1 || ! strace -o /dev/null -e inject=getpid:retval=1 true 2>/dev/null; then
    skip "signals during the write: strace is missing or cannot trace here"
else
    printf '%s\n' "$cases" | while IFS="$tab" read -r id files args; do
        for sig in $SIGS; do
            for at in write fsync; do
                fresh "$files"
                O=$D/w/${files%% *}
                swept=0
                case $id in sweep*) swept=1 ;; esac
                # (LeakSanitizer cannot run under ptrace: off for these, in a sanitized build)
                run_case "$id" "$args" env "ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0" \
                    strace -o /dev/null -e trace=$at -e inject=$at:signal=SIG$sig:when=1
                verify "SIG$sig at $at" "$id" "$files" $swept "interrupted by SIG$sig (Interrupted system call)"
            done
        done
        echo "$pass $fails" >"$D/count"
    done
    read -r pass fails <"$D/count"
fi

# 5. Each signal while the command computes (kill, once its temporary exists): a run leaves
# nothing; a sweep writes the whole rows of its finished tasks, a subset of the full sweep's.
for sig in $SIGS; do
    for id in run sweep; do
        fresh "out.csv"
        if [ $id = run ]; then
            set -- run --sentences 1e9 --quiet --force --csv "$D/w/out.csv"
        else
            # shellcheck disable=SC2086
            set -- sweep --grid 'seed=1..200+1' --learner bayes --sentences 1e6 --jobs 1 --quiet --force \
                --csv "$D/w/out.csv"
        fi
        "$bin" "$@" </dev/null >"$D/out" 2>"$D/err" &
        cpid=$!
        i=0
        while [ $i -lt 200 ] && ! ls -A "$D/w" | grep -q '\.tmp\.'; do sleep 0.05; i=$((i + 1)); done
        [ $id = sweep ] && sleep 0.5 # let some tasks finish
        kill -s "$sig" $cpid
        wait $cpid
        rc=$?
        first=$(head -1 "$D/err")
        tag="SIG$sig mid-$id"
        if [ $rc -ne 1 ]; then
            bad "$tag: exit $rc, want 1: $first"
        elif ! printf '%s' "$first" | grep -qF "$D/w/out.csv: interrupted by SIG$sig (Interrupted system call)"; then
            bad "$tag: message: $first"
        elif ls -A "$D/w" | grep -q '\.tmp\.'; then
            bad "$tag: temporary left: $(ls -A "$D/w")"
        elif [ $id = run ] && ! cmp -s "$D/w/out.csv" "$D/orig/out.csv"; then
            bad "$tag: existing out.csv changed"
        elif [ $id = sweep ] && ! { [ "$(wc -l <"$D/w/out.csv")" -ge 2 ] && head -1 "$D/w/out.csv" | grep -q '^task,'; }; then
            bad "$tag: no complete rows in out.csv: $(head -c 100 "$D/w/out.csv")"
        else
            ok
        fi
    done
done

echo "faults: $pass passed, $fails failed, $skipped skipped"
[ "$fails" -eq 0 ]
